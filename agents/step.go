package agents

import (
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/ipsim/ipsim/sim"
)

// Step advances the world by one step: scenario events, the center plans,
// regions decide, the economy moves, learning, the documents of the step,
// then careers. This is MODEL.md §3's order but for the events, which it
// lists last (here a switch governs its own step), and the documents,
// which it puts after careers (see the package doc's process section).
// A Model runs once: t must be 0, then each next step in turn (Step
// panics otherwise, as a second sim.Run on a finished model would).
func (m *Model) Step(t int) {
	if t != m.t+1 {
		// a second sim.Run on the same model would restart the calendar
		// on the finished state, and its events would never come again
		panic(fmt.Sprintf("agents: Step(%d) after step %d: a Model runs its steps once, in order from 0; build another with New for another run", t, m.t))
	}
	m.beginStep(t)
	m.centerPlans(t)
	m.regionsDecide(t)
	m.economyMoves(t)
	m.recordValueAdded()
	m.learn(t)
	// the step's documents are counted before terms end, so they are
	// credited to the officials who issued them (promotion on reports),
	// not to their successors, whose terms start at t+1
	m.echoDocuments(t)
	m.careers(t)
	m.trackMovers(t)
	m.adoptionShares(t)
}

// beginStep starts step t: the step's counters and event log (set-up's
// pilots stay in step 0's), its documents, and the scenario events due.
func (m *Model) beginStep(t int) {
	m.t = t
	if t > 0 {
		m.stepEvents = m.stepEvents[:0]
		m.st.pilots = 0
	}
	m.st.scaleUps, m.st.promotions, m.st.moves, m.st.retirements = 0, 0, 0, 0
	m.beginDocs(t)
	m.applyEvents(t)
}

// recordValueAdded keeps national value added after the economy moved,
// and the run's cumulative gain over the start. It notes the first step
// where value added or spending, or their sums over the run, or a
// sector's demand (which can outgrow value added when the frontier grows
// slower than demand) left float64's range: growth compounded over
// centuries overflows, and every figure after it is Inf or NaN.
func (m *Model) recordValueAdded() {
	m.vaPrev, m.va = m.va, m.nationalVA()
	m.st.cumGain += m.va - m.y0
	if m.overflowAt < 0 && !(finiteAll(m.va, m.st.spending, m.st.cumGain, m.st.cumSpend) && finiteAll(m.demand...)) {
		m.overflowAt = m.t
	}
}

// finiteAll reports whether every x is a finite number.
func finiteAll(xs ...float64) bool {
	for _, x := range xs {
		if !(math.Abs(x) <= math.MaxFloat64) {
			return false
		}
	}
	return true
}

// Overflowed returns the first step whose value added or spending (or
// their sums over the run), or a sector's demand, was not a finite
// number, and whether there was one. Simulate stops a run there with an
// error.
func (m *Model) Overflowed() (step int, ok bool) { return m.overflowAt, m.overflowAt >= 0 }

// applyEvents applies the scenario events due at step t. The parameters
// from step t on are the last event's that sets any (as in New for step
// 0): events of one step that change a key and change it back, or set it
// twice, switch the regime once, by what they change together.
func (m *Model) applyEvents(t int) {
	var params *Params
	for m.nextEv < len(m.events) && m.events[m.nextEv].Step <= t {
		ev := m.events[m.nextEv]
		m.nextEv++
		// the one sector the event concerns, if it concerns one: its
		// shocks and the sectors whose priority or growth it changes
		sector, sectors := "", 0
		concerns := func(name string) {
			if name != sector {
				sector, sectors = name, sectors+1
			}
		}
		if ev.Params != nil {
			// against the sectors before the event, not m.p's: an event at
			// step 0 is already in m.p (New)
			for s, sec := range ev.Params.Sectors {
				if old := m.evSectors[s]; sec.Priority != old.Priority || sec.Growth != old.Growth {
					concerns(sec.Name)
				}
			}
			m.evSectors = ev.Params.Sectors
			if ev.Step > 0 { // New set the run up with those of step 0
				params = ev.Params
			}
		}
		for _, sh := range ev.Shocks {
			concerns(sh.Sector)
			for s, sec := range m.p.Sectors {
				if sec.Name == sh.Sector {
					m.demandMul[s] *= 1 + sh.Demand
				}
			}
		}
		if sectors != 1 {
			sector = ""
		}
		m.logEvent(EventRecord{Kind: "scenario_event", Region: -1, Level: "center", FromRegion: -1,
			Official: -1, Sector: sector, Value: math.NaN(), Detail: ev.Label})
	}
	if params != nil {
		m.switchParams(*params, t)
	}
}

// switchParams applies a scenario event's parameters at step t as a regime
// switch: the center reviews its portfolio and every region decides in
// this step (not at their next scheduled review, which would leave the
// new regime's money unspent or spent on what it no longer allows), the
// plan's adjustment of priorities carries over to the new base
// priorities (a center that starts setting them plans at once, as at
// set-up), implementation effort is the new regime's from this step,
// and a changed review_interval gets new review offsets.
//
// An event that changes nothing in this arm (arms share events: a
// recentralization is a no-op where autonomy is already 0, a new priority
// where the center sets none, a review_interval where the regions have no
// own budget: unusedByBoth), or the events of a step that together
// change nothing (applyEvents passes the last one's parameters), is no
// switch, and one that changes only document rates and keys no decision
// reads (noDecisionReads: careers, learning, effort) only sets them:
// neither makes the center review or the regions decide out of turn,
// which would move the economy by a change that concerns no decision.
func (m *Model) switchParams(p Params, t int) {
	p.World = m.worldAtStart()
	q := m.p
	unusedByBoth(p, &q)
	oldIV, planned := m.p.Policy.ReviewInterval, m.p.Policy.Priorities
	if reflect.DeepEqual(p, q) {
		m.p = p       // the unused keys too: a later switch compares with them
		m.setHotSet() // which the metrics read in every arm alike
		m.setReviewOffsets(oldIV)
		return
	}
	q.Documents = p.Documents
	noDecisionReads(p, &q)
	if reflect.DeepEqual(p, q) {
		minShare := m.p.Documents.MinShare
		m.p = p
		m.setHotSet()
		m.setReviewOffsets(oldIV)
		if p.Documents.MinShare != minShare {
			for r := 0; r < m.R; r++ {
				m.sumCapOwn(r) // the measures documents and adoptions count
			}
		}
		m.setImplementation() // effort reads effort_gain and the age span
		return
	}
	factor := m.sScratch[:m.S] // the plan's adjustment of each priority
	for s := range factor {
		factor[s] = 1
		if m.prioBase[s] > 0 {
			factor[s] = m.prio[s] / m.prioBase[s]
		}
	}
	m.p = p
	if err := m.setToolbox(); err != nil {
		panic("agents: " + err.Error() + ": New checks every event's toolbox") // unreachable
	}
	m.setSectors()
	switch pol := m.p.Policy; {
	case pol.Priorities && !planned && t%(pol.PlanCycle*m.spy) != 0:
		// a center that starts setting priorities plans them now, as at
		// set-up: there is no adjustment to carry over, and the unplanned
		// base priorities (blind to over-capacity) would steer its
		// portfolio and the regions until the next plan boundary
		// (centerPlans plans at one anyway)
		m.plan(t)
	case pol.Priorities:
		for s := range m.prio {
			m.prio[s] = m.prioBase[s] * factor[s]
		}
	}
	// effort depends on effort_gain, the promotion rule's incentive and the
	// age span: the step's economy must use the new regime's (careers only
	// recomputes it at the step's end)
	m.setImplementation()
	m.setReviewOffsets(oldIV)
	m.switchedAt = t
}

// setReviewOffsets draws new review offsets if review_interval is no
// longer oldIV.
func (m *Model) setReviewOffsets(oldIV int) {
	if iv := m.p.Policy.ReviewInterval; iv != oldIV {
		for r := range m.review {
			m.review[r] = int(draw(m.seed, keyReview, r, iv, 0) * float64(iv))
		}
	}
}

// unusedByBoth sets in q, the arm's parameters before an event, the keys
// of p, the event's, that neither regime reads, so that an event changing
// only those is no switch (arms share events): sector priorities,
// alignment and the plan's cycle and response where the center sets no
// priorities; at autonomy 0 (no own budget to review, pilot or weigh
// sectors with) the regions' review_interval, pilot_length, price_sight,
// career_concern, province_pull, hot_chase and hot_growth (which then
// sets only the hot sectors the metrics read); without pilots
// (pilot_share 0) pilot_cities, pilot_length and pilot_confidence;
// center_review and pilot_cities at full autonomy (no central part);
// platform_cap without a platform; cap_rule and cap_realloc without
// coordination, and overcapacity_cap without coordination or priorities
// (nothing capped, no plan to halve); career_concern and effort_gain
// under promotion on seniority (incentive 0). A toolbox that allows the
// same instruments in another order, or listed in full where the other
// is left out (all), is the same toolbox: a set, whose order is no
// choice.
func unusedByBoth(p Params, q *Params) {
	a, b := &p.Policy, &q.Policy
	if sameTools(a.Toolbox, b.Toolbox, p.Instruments) {
		b.Toolbox = a.Toolbox
	}
	if !a.Priorities && !b.Priorities {
		q.Sectors = slices.Clone(q.Sectors)
		for s := range q.Sectors {
			q.Sectors[s].Priority = p.Sectors[s].Priority
		}
		b.Alignment, b.PlanCycle, b.PlanResponse = a.Alignment, a.PlanCycle, a.PlanResponse
	}
	if a.Autonomy <= 0 && b.Autonomy <= 0 {
		b.ReviewInterval, b.PilotLength = a.ReviewInterval, a.PilotLength
		b.PriceSight, b.CareerConcern, b.ProvincePull = a.PriceSight, a.CareerConcern, a.ProvincePull
		q.Market.HotChase, q.Market.HotGrowth = p.Market.HotChase, p.Market.HotGrowth
	}
	if a.PilotShare <= 0 && b.PilotShare <= 0 {
		b.PilotCities, b.PilotLength, b.PilotConfidence = a.PilotCities, a.PilotLength, a.PilotConfidence
	}
	if a.Autonomy >= 1 && b.Autonomy >= 1 {
		b.CenterReview, b.PilotCities = a.CenterReview, a.PilotCities
	}
	if a.Platform <= 0 && b.Platform <= 0 {
		b.PlatformCap = a.PlatformCap
	}
	if !a.Coordination && !b.Coordination {
		b.CapRule, b.CapRealloc = a.CapRule, a.CapRealloc
		if !a.Priorities && !b.Priorities {
			b.OvercapacityCap = a.OvercapacityCap
		}
	}
	if a.PromotionBasis == "seniority" && b.PromotionBasis == "seniority" {
		b.CareerConcern, b.EffortGain = a.CareerConcern, a.EffortGain
	}
}

// sameTools reports whether toolboxes a and b allow the same
// instruments of table ins, whatever their order (empty: every
// instrument).
func sameTools(a, b []string, ins []Instrument) bool {
	allows := func(box []string, name string) bool { return len(box) == 0 || slices.Contains(box, name) }
	for _, in := range ins {
		if allows(a, in.Name) != allows(b, in.Name) {
			return false
		}
	}
	return true
}

// noDecisionReads sets in q, the arm's parameters before an event, the
// keys of p, the event's, that no decision reads (neither the regions'
// allocation, their pilots nor the center's portfolio): careers
// (appointment, imitation, which decides who new appointees copy, terms,
// ages, evaluation, promotion, mobility, carried preferences),
// measurement and learning (metric noise, pilot clarity and bias,
// pooling, scale-up rules except the threshold pilots are chosen by,
// and that too where neither runs pilots; platform_cap at autonomy 0,
// where only the officials' learning of fit reads it), the economy
// (cap_realloc, read by the spending alone; where neither runs pilots,
// the caps: coordination, cap_rule, overcapacity_cap) and effort
// (effort_gain; promotion_basis at autonomy 0 or at career_concern 0,
// where no decision weighs careers). An event changing only those and
// document rates sets them where they are read, with no out-of-turn
// review: a review would
// move the economy by a change that concerns no decision (eval_noise
// changed by 1e-7 moved final value added by up to 0.5%).
func noDecisionReads(p Params, q *Params) {
	a, b := &p.Officials, &q.Officials
	b.AbilitySD, b.TermMean, b.TermShape = a.AbilitySD, a.TermMean, a.TermShape
	b.AgeMin, b.AgeMax, b.RetireAge = a.AgeMin, a.AgeMax, a.RetireAge
	b.PromoteShare, b.EvalNoise, b.TrendWeight, b.PriorPrecision = a.PromoteShare, a.EvalNoise, a.TrendWeight, a.PriorPrecision
	b.PreferenceGain, b.PreferenceDecay, b.ScaleUpPull = a.PreferenceGain, a.PreferenceDecay, a.ScaleUpPull
	c, d := &p.Policy, &q.Policy
	d.Mobility, d.EffortGain = c.Mobility, c.EffortGain
	d.MetricNoise, d.PilotClarity, d.PilotBias, d.PoolDecay = c.MetricNoise, c.PilotClarity, c.PilotBias, c.PoolDecay
	d.ScaleUpLag, d.ScaleUpEvidence, d.ScaleUpConfidence = c.ScaleUpLag, c.ScaleUpEvidence, c.ScaleUpConfidence
	d.Imitation = c.Imitation
	d.CapRealloc = c.CapRealloc // read by the step's spending alone
	if c.Autonomy <= 0 && d.Autonomy <= 0 {
		// no official decides: his working belief, which platform_cap
		// caps, is read only by his learning of fit and by the learning
		// metrics (the center's belief does not cap the pool)
		d.PlatformCap = c.PlatformCap
	}
	if c.Autonomy <= 0 && d.Autonomy <= 0 || c.CareerConcern == 0 && d.CareerConcern == 0 {
		// no decision weighs careers (horizon reads career_concern times
		// the basis's incentive): effort, documents and careers read it
		d.PromotionBasis = c.PromotionBasis
	}
	if c.PilotShare <= 0 && d.PilotShare <= 0 {
		d.ScaleUpThreshold = c.ScaleUpThreshold // read by the scale-ups alone
		// the caps, which no allocation reads (the spending blocks capped
		// pairs), only pilots avoid; they are set every step, and a plan
		// reads overcapacity_cap only at its own boundary
		d.Coordination, d.CapRule, d.OvercapacityCap = c.Coordination, c.CapRule, c.OvercapacityCap
	}
}

// worldAtStart keeps the world's size fixed across events.
func (m *Model) worldAtStart() World { return m.world0 }

// logEvent appends an event of the current step.
func (m *Model) logEvent(e EventRecord) {
	e.Step = max(m.t, 0)
	if e.Level == "" && e.Region >= 0 {
		e.Level = levelNames[m.level[e.Region]]
	}
	m.stepEvents = append(m.stepEvents, e)
}

// StepEvents returns the events of the last step. The slice is reused by
// the next step: copy what you keep.
func (m *Model) StepEvents() []EventRecord { return m.stepEvents }

// StepDocuments calls f for every level and category with documents in
// the last step.
func (m *Model) StepDocuments(f func(level, category string, count float64)) {
	for l := range m.docStep {
		for c, v := range m.docStep[l] {
			if v > 0 {
				f(levelNames[l], categories[c], v)
			}
		}
	}
}

// Regions is the number of regions (provinces, cities and counties), R:
// the center is not one of them; the function Regions counts a world's
// the same way before it is built.
func (m *Model) Regions() int { return m.R }

// Settings returns the run's time settings.
func (m *Model) Settings() sim.Settings { return m.settings }
