package agents

// Scenario events during a run: a regime switch takes effect in the
// event's step (applyEvents, switchParams), and an event that does not
// concern an arm is no switch there.

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Every central document is echoed by the provinces once, echo_lag steps
// after it was issued, whether an event raises or lowers echo_lag.
func TestEchoLagSwitchEchoesOnce(t *testing.T) {
	for _, lags := range [][2]int{{1, 4}, {4, 1}, {2, 0}} {
		p := smallParams()
		p.Documents.MeasureRate, p.Documents.CountyMeasure = 0, 0
		p.Documents.ProvinceEcho = 1
		p.Documents.EchoLag = lags[0]
		q := p
		q.Documents.EchoLag = lags[1]
		const steps, at = 30, 10
		m := newModelEv(t, p, steps, 1, []Event{{Step: at, Params: &q, Label: "lag"}})
		center := make([]float64, steps)
		var prov float64
		for s := 0; s < steps; s++ {
			m.Step(s)
			m.StepDocuments(func(level, _ string, c float64) {
				switch level {
				case "center":
					center[s] += c
				case "province":
					prov += c
				}
			})
		}
		want := 0.0
		for u, c := range center {
			lag := lags[0]
			if u >= at {
				lag = lags[1]
			}
			if u+lag < steps {
				want += c * float64(p.World.Provinces)
			}
		}
		if diff := prov - want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("echo_lag %d -> %d: provinces echoed %.1f documents, want %.1f", lags[0], lags[1], prov, want)
		}
	}
}

// A switch of effort_gain (or of the promotion rule, which sets the
// incentive) takes effect in the event's step: the implementation
// multiplier the step's economy uses is the new regime's.
func TestEffortSwitchTakesEffectInStep(t *testing.T) {
	p := smallParams()
	p.Policy.PromotionBasis = "results"
	p.Policy.EffortGain = 1
	q := p
	q.Policy.EffortGain = 0
	const at = 12
	m := newModelEv(t, p, 30, 1, []Event{{Step: at, Params: &q, Label: "no effort"}})
	runSteps(m, 0, at)
	m.t = at
	m.applyEvents(at)
	pw := p.World.ProvinceWeight
	for r := 0; r < m.R; r++ {
		a := m.ability[r]
		if m.level[r] != LevelProvince {
			a = (1-pw)*a + pw*m.ability[m.province[r]]
		}
		if d := m.impl[r] - a; d > 1e-12 || d < -1e-12 {
			t.Fatalf("region %d: implementation %.4f in the switch step, want %.4f (effort 1 under effort_gain 0)", r, m.impl[r], a)
		}
	}
}

// After a switch to autonomy 0 no post has an own instrument mix, so the
// movers' carried-mix statistics (fact D3) get no more observations: a
// missing mix is not a similarity of 0 (metrics mover_mix_gain and
// mover_mix_after).
func TestMoverMixStopsAtAutonomyZero(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 6, 5
	p.Policy.Mobility = 0.8
	q := p
	q.Policy.Autonomy = 0
	const at = 40 // a year's first step
	m := newModelEv(t, p, 92, 1, []Event{{Step: at, Params: &q, Label: "recentralize"}})
	runSteps(m, 0, at)
	gainN, afterN, before := m.st.moverGainN, m.st.moverAfterN, m.st.moverGain/m.st.moverGainN
	if gainN == 0 {
		t.Fatal("no mover observed before the switch")
	}
	runSteps(m, at, 92)
	if m.st.moverGainN != gainN || m.st.moverAfterN != afterN {
		t.Errorf("after the switch to autonomy 0: %.0f more mover_mix_gain and %.0f more mover_mix_after observations of posts without an own mix (mean gain %.4f before, %.4f after)",
			m.st.moverGainN-gainN, m.st.moverAfterN-afterN, before, m.st.moverGain/m.st.moverGainN)
	}
}

// An event that changes nothing in an arm, only its document rates, or a
// central priority where the center sets none (policy.priorities false:
// laissez-faire) leaves the arm's economy as it was: arms share events,
// and a regime switch that does not concern an arm (say, autonomy 0 where
// it is 0 already) must not make its center review or its regions decide
// out of turn.
func TestEventThatConcernsNothingIsNoSwitch(t *testing.T) {
	recentral := smallParams()
	recentral.Policy.Autonomy, recentral.Policy.CenterReview = 0, 20
	recentral.Policy.PilotShare = 0.1 // the center pilots: a review out of turn would rotate them
	laissez := smallParams()
	laissez.Policy.Priorities = false
	// laissez-faire in full: keys its regime does not read (the preset's
	// comments: alignment "changes nothing", center_review "unused")
	full := laissez
	noPlatform := laissez
	noPlatform.Policy.Autonomy, noPlatform.Policy.Platform = 0.5, 0
	full.Policy.Autonomy, full.Policy.Coordination, full.Policy.PromotionBasis = 1, false, "seniority"
	noPilots := smallParams()
	noPilots.Policy.Autonomy, noPilots.Policy.PilotShare, noPilots.Policy.Platform = 0.5, 0, 0
	someTools := smallParams()
	someTools.Policy.Toolbox = []string{"subsidy", "land", "training", "rd_support", "market_access"}
	for _, tc := range []struct {
		name  string
		base  Params
		event func(p Params) Params
	}{
		{"no change", recentral, func(p Params) Params { return p }},
		{"document rates only", recentral, func(p Params) Params { p.Documents.Framework *= 2; return p }},
		{"priority without priorities", laissez, func(p Params) Params {
			p.Sectors = slices.Clone(p.Sectors)
			p.Sectors[2].Priority = 3
			return p
		}},
		{"regions' review at autonomy 0", recentral, func(p Params) Params {
			p.Policy.ReviewInterval, p.Policy.PilotLength = 7, 3
			return p
		}},
		{"keys autonomy 0 does not read", recentral, func(p Params) Params {
			p.Policy.PriceSight, p.Policy.CareerConcern, p.Policy.ProvincePull = 1, 3, 0.9
			p.Market.HotChase, p.Market.HotGrowth = 3, 0.05
			return p
		}},
		{"pilot keys without pilots", noPilots, func(p Params) Params {
			p.Policy.PilotCities, p.Policy.PilotLength, p.Policy.PilotConfidence = 0.9, 3, 0.5
			p.Policy.ScaleUpThreshold = 0.01
			return p
		}},
		{"platform_cap without a platform", noPlatform, func(p Params) Params {
			p.Policy.PlatformCap = 3
			return p
		}},
		// the toolbox is a set: an event listing the arm's tools in
		// another order, or every tool where the arm leaves it out (a
		// reform "every tool" that an arm has already), changes nothing
		{"same toolbox in another order", someTools, func(p Params) Params {
			p.Policy.Toolbox = slices.Clone(p.Policy.Toolbox)
			slices.Reverse(p.Policy.Toolbox)
			return p
		}},
		{"every tool listed where the toolbox is left out", laissez, func(p Params) Params {
			p.Policy.Toolbox = nil
			for _, in := range p.Instruments {
				p.Policy.Toolbox = append(p.Policy.Toolbox, in.Name)
			}
			return p
		}},
		{"keys laissez-faire does not read", full, func(p Params) Params {
			p.Policy.Alignment, p.Policy.PlanCycle, p.Policy.PlanResponse = 0.9, 2, 3
			p.Policy.CenterReview, p.Policy.PilotCities = 9, 0.6
			p.Policy.CapRule, p.Policy.CapRealloc, p.Policy.OvercapacityCap = "sector", false, 0.01
			p.Policy.CareerConcern, p.Policy.EffortGain = 3, 1
			return p
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const steps, at = 40, 13
			q := tc.event(tc.base)
			want := valueAddedPath(t, tc.base, steps, nil)
			got := valueAddedPath(t, tc.base, steps, []Event{{Step: at, Params: &q, Label: tc.name}})
			for s := range want {
				if got[s] != want[s] {
					t.Fatalf("event at step %d: value added %.6f at step %d, %.6f without the event", at, got[s], s, want[s])
				}
			}
		})
	}
}

// An event changing only keys no decision reads (careers, learning; see
// noDecisionReads) makes nobody decide out of turn: the economy of the
// event's step is the one without the event (careers and learning run
// after it, and a pilot or portfolio chosen out of turn would move it),
// in a regime with a central and an own part. Before, such an event was
// a full switch (an eval_noise changed by 1e-7 moved final value added by
// up to 0.5%).
func TestEventOnlyForCareersAndLearningIsNoReview(t *testing.T) {
	const steps, at = 20, 13
	base := smallParams()
	base.Policy.Autonomy, base.Policy.PilotShare = 0.5, 0.1
	q := base
	q.Officials.EvalNoise, q.Officials.PromoteShare, q.Officials.TermMean = base.Officials.EvalNoise+1, 0.5, 2
	q.Officials.PriorPrecision, q.Officials.ScaleUpPull, q.Officials.PreferenceGain = 3, 0.9, 2
	q.Policy.Mobility, q.Policy.MetricNoise, q.Policy.PoolDecay = 0.9, 1, 0.2
	q.Policy.ScaleUpLag, q.Policy.ScaleUpConfidence = 2, 0
	q.Policy.Imitation = 0.9 // who new appointees are: careers
	want := valueAddedPath(t, base, steps, nil)
	got := valueAddedPath(t, base, steps, []Event{{Step: at, Params: &q, Label: "careers and learning"}})
	for s := 0; s <= at; s++ {
		if got[s] != want[s] {
			t.Fatalf("value added %.9f at step %d, %.9f without the event at step %d: somebody decided out of turn", got[s], s, want[s], at)
		}
	}
}

// At autonomy 0 no official decides, so platform_cap, which caps only
// the officials' beliefs (not the center's), is read there by their
// learning of fit alone: an event changing only it makes the center
// review out of turn no more than metric_noise does, and still sets it.
// Before, it was a full switch: the center rotated its pilots and
// re-solved its portfolio in the event's step (final value added -0.5%
// in a 3 x 4 world).
func TestPlatformCapAtAutonomyZeroIsNoReview(t *testing.T) {
	const steps, at = 20, 13
	base := smallParams()
	base.Policy.Autonomy, base.Policy.CenterReview, base.Policy.PilotShare = 0, 20, 0.1
	q := base
	q.Policy.PlatformCap = 3
	want := valueAddedPath(t, base, steps, nil)
	got := valueAddedPath(t, base, steps, []Event{{Step: at, Params: &q, Label: "platform_cap"}})
	for s := 0; s <= at; s++ {
		if got[s] != want[s] {
			t.Fatalf("value added %.9f at step %d, %.9f without the event at step %d: the center reviewed out of turn", got[s], s, want[s], at)
		}
	}
	m := newModelEv(t, base, steps, 3, []Event{{Step: at, Params: &q, Label: "platform_cap"}})
	for s := 0; s <= at; s++ {
		m.Step(s)
	}
	if m.p.Policy.PlatformCap != 3 || m.switchedAt == at {
		t.Errorf("after the event: platform_cap %g (want 3), switched at %d (want no switch)", m.p.Policy.PlatformCap, m.switchedAt)
	}
}

// Events of one step switch the regime once, to the last one's
// parameters (as New does for step 0): events that change a key and
// change it back in the same step (a file cancelling an event of the file
// it extends) change nothing, and a review_interval set by one and set
// back by the next keeps its offsets. Before, each event was a switch:
// the center reviewed and every region decided out of turn, and value
// added moved from the step on; and the offsets were redrawn.
func TestEventsOfAStepSwitchOnce(t *testing.T) {
	const steps, at = 40, 13
	base := smallParams()
	cut := base
	cut.Policy.Autonomy, cut.Policy.ReviewInterval = 0.5, 6
	t.Run("change and change back", func(t *testing.T) {
		restore := base
		want := valueAddedPath(t, base, steps, nil)
		got := valueAddedPath(t, base, steps, []Event{{Step: at, Params: &cut, Label: "cut"}, {Step: at, Params: &restore, Label: "restore"}})
		for s := range want {
			if got[s] != want[s] {
				t.Fatalf("value added %.6f at step %d, %.6f without the events", got[s], s, want[s])
			}
		}
	})
	t.Run("set twice", func(t *testing.T) {
		last := base // review_interval back to base's: its offsets stay
		last.Policy.Autonomy = 0.3
		want := valueAddedPath(t, base, steps, []Event{{Step: at, Params: &last, Label: "last"}})
		got := valueAddedPath(t, base, steps, []Event{{Step: at, Params: &cut, Label: "cut"}, {Step: at, Params: &last, Label: "last"}})
		for s := range want {
			if got[s] != want[s] {
				t.Fatalf("value added %.6f at step %d, %.6f with the last event alone", got[s], s, want[s])
			}
		}
	})
}

// The hot sectors the metrics read (hot_utilisation) are the same in
// every arm: fast demand or a priority above 1 in the sector table, set
// by the center or not. A new priority is no switch where the center sets
// none (TestEventThatConcernsNothingIsNoSwitch), but the metrics' sectors
// follow it there too. Before, laissez-faire's stayed the old ones while
// coordinated autonomy's took the new priority, so the arms' hot_utilisation
// compared different sectors.
func TestNewPriorityIsHotInEveryArm(t *testing.T) {
	const at = 9
	laissez := smallParams()
	laissez.Policy.Priorities = false
	for _, tc := range []struct {
		name string
		base Params
	}{{"coordinated", smallParams()}, {"laissez-faire", laissez}} {
		for _, docs := range []bool{false, true} {
			q := tc.base
			q.Sectors = slices.Clone(q.Sectors)
			q.Sectors[2].Priority = 3
			if docs {
				q.Documents.Framework *= 2 // a document rate too: still no switch without priorities
			}
			m := newModelEv(t, tc.base, 20, 1, []Event{{Step: at, Params: &q, Label: "priority"}})
			runSteps(m, 0, at)
			if m.hotSet[2] {
				t.Fatalf("%s: %s hot before the event", tc.name, q.Sectors[2].Name)
			}
			m.Step(at)
			if !m.hotSet[2] {
				t.Errorf("%s (document rates changed too: %v): %s, priority 3 from step %d, is not among the hot sectors the metrics read", tc.name, docs, q.Sectors[2].Name, at)
			}
		}
	}
}

// valueAddedPath is value added at every step of a run of p (seed 3).
func valueAddedPath(t *testing.T, p Params, steps int, evs []Event) []float64 {
	t.Helper()
	m := newModelEv(t, p, steps, 3, evs)
	va := make([]float64, steps)
	for s := range va {
		m.Step(s)
		va[s] = m.mValueAdded()
	}
	return va
}

// After a switch to autonomy 0 no region has an own budget, so the
// adoption curves of scaled-up practices (events "adoption", fact E5) get
// no more points: a share of no own budget is no share of 0, which would
// make every curve fall to 0 by accounting.
func TestNoAdoptionSharesAtAutonomyZero(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 6, 5
	q := p
	q.Policy.Autonomy = 0
	const at = 60
	s := sim.DefaultSettings()
	out, err := Simulate(context.Background(), p, []Event{{Step: at, Params: &q, Label: "recentralize"}}, s, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, after := 0, 0
	for _, e := range out.Events {
		if e.Kind != "adoption" {
			continue
		}
		if e.Step < at {
			before++
		} else {
			after++
			if after == 1 {
				t.Errorf("adoption share %.3f of %s/%s at step %d, after the switch to autonomy 0", e.Value, e.Instrument, e.Stage, e.Step)
			}
		}
	}
	if before == 0 {
		t.Fatal("no adoption recorded before the switch")
	}
}

// A scenario event that switches the regime takes effect in its step:
// every region decides and the center reviews at once, so switching
// autonomy on does not leave the regions' money unspent until their next
// scheduled review, and narrowing the toolbox stops the old tools at once.
func TestRegimeSwitchTakesEffect(t *testing.T) {
	s := sim.DefaultSettings()
	const at = 32 // 2008
	spendAround := func(t *testing.T, base Params, edit func(*Params), col string) (before, after float64) {
		t.Helper()
		p := base
		edit(&p)
		out, err := Simulate(context.Background(), base, []Event{{Step: at, Params: &p, Label: "switch"}}, s, 5, Options{})
		if err != nil {
			t.Fatal(err)
		}
		j := out.Metrics.Col(col)
		return out.Metrics.At(at-1, j), out.Metrics.At(at, j)
	}
	t.Run("autonomy on", func(t *testing.T) {
		base := smallParams()
		base.Policy.Autonomy = 0
		before, after := spendAround(t, base, func(p *Params) { p.Policy.Autonomy = 0.85 }, "spending")
		if after < 0.8*before {
			t.Errorf("spending %.4g the step before the switch, %.4g in its step: the regions' new budgets went unspent", before, after)
		}
	})
	t.Run("full autonomy ends the center's pilots", func(t *testing.T) {
		base := smallParams()
		base.Policy.Autonomy, base.Policy.PilotShare = 0.5, 0.2
		p := base
		p.Policy.Autonomy = 1
		m := newModelEv(t, base, s.Steps, 5, []Event{{Step: at, Params: &p}})
		runSteps(m, 0, at+1)
		for r, pair := range m.cPilotPair {
			if pair >= 0 {
				t.Fatalf("region %d still has a central pilot (pair %d) under full autonomy: its routine spending would be measured as a pilot", r, pair)
			}
		}
	})
	t.Run("money-only toolbox", func(t *testing.T) {
		base := smallParams()
		_, after := spendAround(t, base, func(p *Params) { p.Policy.Toolbox = []string{"subsidy", "tax_incentive"} }, "financial_share")
		if after < 0.99 {
			t.Errorf("financial share %.3f in the switch's step, want all spending on the money tools the toolbox still allows", after)
		}
	})
}

// A switch to autonomy 0 ends the officials' own pilots, as a switch to
// full autonomy ends the center's (TestRegimeSwitchTakesEffect): without
// own money there is no own pilot, and the center's routine spending on
// the pair must not be measured as one (clarity, bias, pilot evidence).
func TestSwitchToAutonomyZeroEndsOfficialsPilots(t *testing.T) {
	const at = 32
	base := smallParams()
	base.Policy.PilotShare = 0.2
	p := base
	p.Policy.Autonomy = 0
	m := newModelEv(t, base, sim.DefaultSettings().Steps, 5, []Event{{Step: at, Params: &p}})
	runSteps(m, 0, at)
	open := 0
	for _, pair := range m.pilotPair {
		if pair >= 0 {
			open++
		}
	}
	if open == 0 {
		t.Fatal("no official pilot before the switch")
	}
	runSteps(m, at, at+1)
	for r, pair := range m.pilotPair {
		if pair >= 0 {
			t.Fatalf("region %d still has an official's pilot (pair %d, own share %.3f, spend %.4g) at autonomy 0", r, pair, m.share[pair], m.spend[pair])
		}
	}
}

// A regime switch between plans keeps the plan's adjustment of each
// priority (its ratio to the base priority) and applies it to the new base
// priorities (doc.go, Input): a new priority for one sector, or a switch
// that leaves the priorities as they were, must not undo the plan until
// the next one.
func TestSwitchKeepsThePlansAdjustment(t *testing.T) {
	const at = 9 // between the plans of steps 0 and 20
	for _, tc := range []struct {
		name string
		edit func(*Params)
	}{
		{"new priority", func(p *Params) { p.Sectors[0].Priority, p.Sectors[8].Priority = 2, 0.5 }},
		{"other parameter", func(p *Params) { p.Policy.Autonomy = 0.5 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := smallParams()
			q := base
			q.Sectors = slices.Clone(base.Sectors)
			tc.edit(&q)
			m := newModelEv(t, base, 40, 1, []Event{{Step: at, Params: &q, Label: "switch"}})
			runSteps(m, 0, at)
			adjusted := 0
			want := make([]float64, m.S)
			for s := range want {
				factor := m.prio[s] / base.Sectors[s].Priority
				if factor != 1 {
					adjusted++
				}
				want[s] = q.Sectors[s].Priority * factor
			}
			if adjusted == 0 {
				t.Fatal("the plan adjusted no priority")
			}
			m.Step(at)
			for s, w := range want {
				if math.Abs(m.prio[s]-w) > 1e-12*w {
					t.Errorf("sector %s: priority %g after the switch, want %g (new base %g times the plan's adjustment)", q.Sectors[s].Name, m.prio[s], w, q.Sectors[s].Priority)
				}
			}
		})
	}
}

// A switch that makes the center set priorities (laissez-faire to
// coordinated autonomy, or back to priorities after a spell without)
// plans them in its step, as at set-up: there is no plan's adjustment to
// carry over, and the base priorities, blind to over-capacity, would
// steer the center's portfolio and the regions until the next plan
// boundary. Before, the switch at step 9 kept the base priorities until
// step 20 (steel at 1 where the plan gave 0.25).
func TestSwitchOnPrioritiesPlans(t *testing.T) {
	const at = 9 // between the plans of steps 0 and 20
	laissez := smallParams()
	laissez.Policy.Autonomy, laissez.Policy.Priorities, laissez.Policy.Coordination = 1, false, false
	coord := smallParams()
	for _, tc := range []struct {
		name string
		evs  []Event
	}{
		{"priorities on", []Event{{Step: at, Params: &coord}}},
		{"off and on again", []Event{{Step: 1, Params: &laissez}, {Step: at, Params: &coord}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := laissez
			if len(tc.evs) > 1 {
				base = coord
			}
			m := newModelEv(t, base, 40, 1, tc.evs)
			runSteps(m, 0, at)
			m.t = at
			m.beginStep(at) // the switch
			got := slices.Clone(m.prio)
			frameworks := m.centerDoc[m.docSlot()*m.ncat+catFramework]
			m.plan(at) // what a plan in the switch's step sets
			if !slices.Equal(got, m.prio) {
				t.Errorf("priorities %v after the switch, want the plan's %v (base %v)", got, m.prio, m.prioBase)
			}
			if frameworks == 0 {
				t.Errorf("no framework documents in the switch's step")
			}
		})
	}
}

// A practice is scaled up once its pooled evidence has beaten the
// national standard for scale_up_lag steps in a row, each checked
// (doc.go): the steps its instrument spends outside the toolbox, where
// scaleUps does not check it, break the streak. Before, the streak froze
// there and went on when an event put the instrument back, however long
// after, counting the steps out of the toolbox as held.
func TestStreakBreaksOutsideTheToolbox(t *testing.T) {
	p := smallParams()
	const steps = 60
	// the first streak under way, in a run without events
	m := newModelEv(t, p, steps, 1, nil)
	at, kg := -1, -1
	for s := 0; s < steps && at < 0; s++ {
		m.Step(s)
		for j, a := range m.above {
			if a > 0 {
				at, kg = s+1, j
				break
			}
		}
	}
	if at < 0 {
		t.Fatal("no practice beat the national standard in the run")
	}
	k := kg / numStages
	narrow := p
	narrow.Policy.Toolbox = nil
	for j, in := range p.Instruments {
		if j != k {
			narrow.Policy.Toolbox = append(narrow.Policy.Toolbox, in.Name)
		}
	}
	m = newModelEv(t, p, steps, 1, []Event{{Step: at, Params: &narrow, Label: "narrow"}, {Step: at + 1, Params: &p, Label: "back"}})
	runSteps(m, 0, at+1)
	for g := 0; g < numStages; g++ {
		if a := m.above[k*numStages+g]; a != 0 {
			t.Errorf("%s/%s: a streak of %d steps with %s outside the toolbox", p.Instruments[k].Name, stageNames[g], a, p.Instruments[k].Name)
		}
	}
}

// A new review_interval set by an event gets new review offsets (doc.go,
// Input): the regions go on deciding staggered, each every review_interval
// steps from the switch on, and over the new interval's phases, not all in
// the same steps nor only in the old interval's few phases. The test reads
// when each region decides from its own shares.
func TestNewReviewIntervalStaysStaggered(t *testing.T) {
	const at, iv = 8, 12
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 5
	p.Policy.Autonomy, p.Policy.Imitation, p.Policy.PilotShare = 1, 0, 0
	q := p
	q.Policy.ReviewInterval = iv
	m := newModelEv(t, p, 40, 3, []Event{{Step: at, Params: &q, Label: "review"}})
	runSteps(m, 0, at+1)
	first := make([]int, m.R) // first step after the switch's in which the region's shares changed
	for r := range first {
		first[r] = -1
	}
	for step := at + 1; step < at+1+2*iv; step++ {
		before := slices.Clone(m.share)
		m.Step(step)
		SK := m.S * m.K
		for r := range first {
			if slices.Equal(before[r*SK:(r+1)*SK], m.share[r*SK:(r+1)*SK]) {
				continue
			}
			if first[r] < 0 {
				first[r] = step
			} else if step-first[r] != iv {
				t.Errorf("region %d decided at steps %d and %d, want every %d steps", r, first[r], step, iv)
			}
		}
	}
	phases := map[int]bool{}
	for r, f := range first {
		if f < 0 {
			t.Fatalf("region %d did not decide in the %d steps after the switch", r, 2*iv)
		}
		phases[f%iv] = true
	}
	if len(phases) <= p.Policy.ReviewInterval {
		t.Errorf("after the switch from review_interval %d to %d the %d regions decide in only %d phases (%v): not staggered over the new interval", p.Policy.ReviewInterval, iv, m.R, len(phases), first)
	}
}

// An event at the first step that sets parameters q gives the run that
// starts with q (New folds it into the set-up): the same metrics,
// documents, panel and events, but for the event's own row in the events,
// which still names the sector it concerns. Before, the event was a
// switch at step 0: the center reviewed its portfolio again (rotating its
// pilots) and every region decided twice, with new review offsets and
// officials drawn under the old imitation.
func TestEventAtFirstStepIsTheStart(t *testing.T) {
	s := sim.DefaultSettings()
	s.Steps = 24
	for _, tc := range []struct {
		name   string
		sector string // the sector the event's row names
		edit   func(*Params)
	}{
		{"autonomy", "", func(p *Params) { p.Policy.Autonomy = 0.3 }},
		{"review interval and imitation", "", func(p *Params) { p.Policy.ReviewInterval, p.Policy.Imitation = 6, 0.7 }},
		{"toolbox and promotion", "", func(p *Params) {
			p.Policy.Toolbox = []string{"subsidy", "land", "training"}
			p.Policy.PromotionBasis = "reports"
		}},
		{"a priority", "steel", func(p *Params) { p.Sectors[0].Priority = 3 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := smallParams()
			p.World.CountiesPerCity = 1
			q := p
			q.Sectors = slices.Clone(p.Sectors)
			tc.edit(&q)
			if q.Sectors[0].Name != "steel" {
				t.Fatalf("sector 0 is %q, not steel", q.Sectors[0].Name)
			}
			for _, evs := range [][]Event{
				{{Step: 0, Params: &q, Label: "at start"}},
				// two events at step 0, the second cumulative (as the
				// scenarios package builds them)
				{{Step: 0, Params: &p, Label: "at start"}, {Step: 0, Params: &q, Label: "at start"}},
			} {
				want, err := Simulate(context.Background(), q, nil, s, 4, Options{Panel: true})
				if err != nil {
					t.Fatal(err)
				}
				got, err := Simulate(context.Background(), p, evs, s, 4, Options{Panel: true})
				if err != nil {
					t.Fatal(err)
				}
				var rows []EventRecord
				var sectors []string // what the events' rows name
				for _, e := range got.Events {
					if e.Kind != "scenario_event" {
						rows = append(rows, e)
						continue
					}
					if e.Step != 0 {
						t.Errorf("the event's row is at step %d, want 0", e.Step)
					}
					sectors = append(sectors, e.Sector)
				}
				if wantRows := append(make([]string, len(evs)-1), tc.sector); !slices.Equal(sectors, wantRows) {
					t.Errorf("the events' rows name sectors %q, want %q", sectors, wantRows)
				}
				same := func(what string, a, b any) {
					if fmt.Sprintf("%v", a) != fmt.Sprintf("%v", b) {
						t.Errorf("%d events at step 0: %s differ from the run that starts with their parameters", len(evs), what)
					}
				}
				same("metrics", got.Metrics.Values, want.Metrics.Values)
				same("documents", got.Documents, want.Documents)
				same("panel", got.Panel, want.Panel)
				same("sectors", got.Sectors, want.Sectors)
				same("events", rows, want.Events)
			}
		})
	}
}

// A switch and a switch back (A to B at one step, B to A at a later one),
// over random regimes: the state derived from the parameters is
// recomputed both ways (toolbox, demand growth and base priorities, review
// offsets of a new review_interval, shares and the central portfolio only
// on allowed instruments, no central part or pilots at full autonomy, no
// own shares or pilots at autonomy 0) and the invariants of
// TestInvariantsOverRandomRuns hold at every step.
func TestSwitchAndBackKeepsInvariants(t *testing.T) {
	runs := 24
	if testing.Short() {
		runs = 8
	}
	rng := rand.New(rand.NewPCG(7, 8))
	s := sim.DefaultSettings()
	s.Steps = 60
	for i := 0; i < runs; i++ {
		a := randomParams(rng)
		b := randomParams(rng)
		// what an event cannot change, b keeps from a
		b.World, b.Instruments = a.World, a.Instruments
		b.Market.DemandSlack, b.Officials.FitPrecision, b.Officials.LocalKnowledge = a.Market.DemandSlack, a.Officials.FitPrecision, a.Officials.LocalKnowledge
		b.Sectors = slices.Clone(a.Sectors)
		b.Sectors[rng.IntN(len(b.Sectors))].Priority = 3 * rng.Float64()
		b.Sectors[rng.IntN(len(b.Sectors))].Growth = 0.2*rng.Float64() - 0.1
		switch i % 3 { // the corners of autonomy, where derived state changes most
		case 0:
			a.Policy.Autonomy, b.Policy.Autonomy = 0, 1
		case 1:
			a.Policy.Autonomy, b.Policy.Autonomy = 1, 0
		}
		at1 := 1 + rng.IntN(25)
		at2 := at1 + 1 + rng.IntN(25)
		evs := []Event{{Step: at1, Params: &b, Label: "A to B"}, {Step: at2, Params: &a, Label: "B to A"}}
		m, err := New(a, s, uint64(i), evs)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		iv := a.Policy.ReviewInterval
		for step := 0; step < s.Steps; step++ {
			m.Step(step)
			where := fmt.Sprintf("run %d step %d (switches at %d and %d)", i, step, at1, at2)
			checkInvariants(t, m, where)
			if step != at1 && step != at2 {
				continue
			}
			cur := b
			if step == at2 {
				cur = a
			}
			checkDerived(t, m, cur, iv, where)
			iv = cur.Policy.ReviewInterval
		}
	}
}

// checkDerived fails t if m's state after a switch to p (from a regime
// with review interval oldIV) is not p's.
func checkDerived(t *testing.T, m *Model, p Params, oldIV int, where string) {
	t.Helper()
	for k, in := range p.Instruments {
		if want := slices.Contains(p.Policy.Toolbox, in.Name) || len(p.Policy.Toolbox) == 0; m.inBox[k] != want {
			t.Fatalf("%s: instrument %s in the toolbox %v, want %v", where, in.Name, m.inBox[k], want)
		}
	}
	for s, sec := range p.Sectors {
		if g := p.Market.DemandGrowth + sec.Growth; m.growthS[s] != g {
			t.Fatalf("%s: sector %s grows at %g, want %g", where, sec.Name, m.growthS[s], g)
		}
		want := 1.0
		if p.Policy.Priorities {
			want = sec.Priority
		}
		if m.prioBase[s] != want {
			t.Fatalf("%s: sector %s base priority %g, want %g", where, sec.Name, m.prioBase[s], want)
		}
	}
	iv := p.Policy.ReviewInterval
	for r, off := range m.review {
		if off < 0 || off >= iv {
			t.Fatalf("%s: region %d review offset %d outside [0, %d)", where, r, off, iv)
		}
		if want := int(draw(m.seed, keyReview, r, iv, 0) * float64(iv)); iv != oldIV && off != want {
			t.Fatalf("%s: region %d review offset %d, want %d (new review_interval %d)", where, r, off, want, iv)
		}
	}
	SK := m.S * m.K
	for r := 0; r < m.R; r++ {
		for j, x := range m.share[r*SK : (r+1)*SK] {
			if k := j % m.K; x != 0 && !m.inBox[k] {
				t.Fatalf("%s: region %d spends share %g on %s, outside the toolbox", where, r, x, p.Instruments[k].Name)
			}
			if x != 0 && p.Policy.Autonomy <= 0 {
				t.Fatalf("%s: region %d has own share %g at autonomy 0", where, r, x)
			}
		}
		if p.Policy.Autonomy <= 0 && m.pilotPair[r] >= 0 {
			t.Fatalf("%s: region %d has an own pilot at autonomy 0", where, r)
		}
		if p.Policy.Autonomy >= 1 && m.cPilotPair[r] >= 0 {
			t.Fatalf("%s: region %d has a central pilot at full autonomy", where, r)
		}
	}
	for j, x := range m.cShare {
		if k := j % m.K; x != 0 && (!m.inBox[k] || p.Policy.Autonomy >= 1) {
			t.Fatalf("%s: the center's portfolio has share %g on %s (in toolbox %v, autonomy %g)", where, x, p.Instruments[k].Name, m.inBox[k], p.Policy.Autonomy)
		}
	}
}
