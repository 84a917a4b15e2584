package agents

import (
	"math"
	"slices"
	"testing"
)

// Careers rule by rule (doc.go, Careers): the career phase of each step is
// replayed from the state just before it, with the documented rules
// written out again here, and compared with the model's state and events.
// Beyond TestCareersFollowTheirRules (scores, percentiles, the best
// promoted first, preferences, priors, from the event log) and
// TestLateralMovesDrawAmongTheMobile, it checks the whole filling of the
// vacancies (a qualifying candidate below is always promoted, province
// leaders never, nobody retiring is placed), under reports and with
// counties too, exactly what movers carry (repertoire bit for bit) and
// appointees start from (drawn ability, age, follower label), the new
// terms' length and yardsticks, and every career event's fields.

// preCareers is the state the career phase starts from.
type preCareers struct {
	offID, start, termEnd, appointN     []int
	age, ability, eMean, ePrec, pref    []float64
	follower                            []bool
	yReg, yStart, trendStart, docs      []float64
	yRS, ySStart, natMean               []float64
	poolSum, poolPrec, pilotSum, pilotP []float64
	nextID                              int
}

func snapCareers(m *Model) preCareers {
	c := slices.Clone[[]float64]
	return preCareers{
		offID: slices.Clone(m.offID), start: slices.Clone(m.start), termEnd: slices.Clone(m.termEnd), appointN: slices.Clone(m.appointN),
		age: c(m.age), ability: c(m.ability), eMean: c(m.eMean), ePrec: c(m.ePrec), pref: c(m.pref),
		follower: slices.Clone(m.follower),
		yReg:     c(m.yReg), yStart: c(m.yStart), trendStart: c(m.trendStart), docs: c(m.docsIssued),
		yRS: c(m.yRS), ySStart: c(m.ySStart), natMean: c(m.natMean),
		poolSum: c(m.poolSum), poolPrec: c(m.poolPrec), pilotSum: c(m.pilotSum), pilotP: c(m.pilotPrec),
		nextID: m.nextID,
	}
}

// careerTally counts what a replay saw, so a case can require its corners.
type careerTally struct {
	promotions, moves, appointed, ageRetired, left, promotedFromCounty int
}

// replayCareers checks step t's career phase of m against the documented
// rules, from b, the state before it.
func replayCareers(t *testing.T, m *Model, b preCareers, step int, tally *careerTally) {
	t.Helper()
	p := m.p
	o, pol := p.Officials, p.Policy
	R, S, spy := m.R, m.S, float64(m.spy)
	kgN := m.K * numStages
	dt := 1 / spy
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("step %d: "+format, append([]any{step}, args...)...)
	}
	// ageing, and terms that end: drawn length reached or retire_age
	ageNow := make([]float64, R)
	var ending []int
	for r := 0; r < R; r++ {
		ageNow[r] = b.age[r] + dt
		if step+1 >= b.termEnd[r] || ageNow[r] >= o.RetireAge {
			ending = append(ending, r)
		}
	}
	// scores: results, reports, seniority over a tenure of at least a year
	score := make([]float64, R)
	for r := 0; r < R; r++ {
		tenure := float64(step+1-max(b.start[r], 0)) / spy
		years := math.Max(1, tenure)
		switch pol.PromotionBasis {
		case "results":
			// the expectation over the tenure, a tenure under a year as one
			if b.yStart[r] > 0 && b.yReg[r] > 0 {
				if tenure < 1 {
					score[r] = math.Log(b.yReg[r]/b.yStart[r]) - b.trendStart[r]*tenure
				} else {
					score[r] = math.Log(b.yReg[r]/b.yStart[r])/years - b.trendStart[r]
				}
			}
		case "reports":
			score[r] = b.docs[r] / years
		default:
			score[r] = ageNow[r]
		}
	}
	var n, mean, sd [4]float64
	for r := 0; r < R; r++ {
		n[m.level[r]]++
		mean[m.level[r]] += score[r]
	}
	for l := range mean {
		if n[l] > 0 {
			mean[l] /= n[l]
		}
	}
	for r := 0; r < R; r++ {
		d := score[r] - mean[m.level[r]]
		sd[m.level[r]] += d * d
	}
	for l := range sd {
		if n[l] > 1 {
			sd[l] = math.Sqrt(sd[l] / n[l])
		} else {
			sd[l] = 0
		}
	}
	noisy := map[int]float64{}
	pct := map[int]float64{}
	retire := map[int]bool{}
	for _, r := range ending {
		l := m.level[r]
		noisy[r] = score[r] + o.EvalNoise*sd[l]*drawNormal(m.seed, keyEval, step, r, 0)
		below := 0.0 // mid-rank: a tie counts half
		for q := 0; q < R; q++ {
			if q != r && m.level[q] == l {
				switch {
				case score[q] < noisy[r]:
					below++
				case score[q] == noisy[r]:
					below += 0.5
				}
			}
		}
		pct[r] = below / math.Max(1, n[l]-1)
		retire[r] = ageNow[r] >= o.RetireAge
	}
	// the step's career events
	into := map[int]EventRecord{}
	left := map[int]EventRecord{}
	for _, e := range m.StepEvents() {
		switch e.Kind {
		case "promotion", "move":
			if _, dup := into[e.Region]; dup {
				fail("two officials placed in post %d", e.Region)
			}
			into[e.Region] = e
		case "retirement":
			if _, dup := left[e.Region]; dup {
				fail("two officials left post %d", e.Region)
			}
			left[e.Region] = e
		}
	}
	// vacancies top-down, each level's in an order drawn each step:
	// promotion of the best top-share outgoing official of the level
	// below, else a move of a mobile outgoing official of the level (drawn
	// among them in region order), else an appointment
	placed := map[int]int{} // outgoing official's post -> post he takes
	appointed := map[int]bool{}
	appointID := map[int]int{}
	order := vacancyFillOrder(m, step, ending)
	for l := int8(LevelProvince); l <= LevelCounty; l++ {
		for _, v := range order {
			if m.level[v] != l {
				continue
			}
			best := -1
			if l < LevelCounty && o.PromoteShare > 0 {
				for _, j := range ending {
					if m.level[j] != l+1 {
						continue
					}
					if _, done := placed[j]; done || retire[j] || pct[j] < 1-o.PromoteShare {
						continue
					}
					if best < 0 || noisy[j] > noisy[best] {
						best = j
					}
				}
			}
			e, filled := into[v]
			if best >= 0 {
				if !filled || e.Kind != "promotion" || e.FromRegion != best {
					fail("vacancy %d (%s): got %+v, want the promotion of post %d's official (score %g, percentile %g)", v, levelNames[l], e, best, noisy[best], pct[best])
				}
				placed[best] = v
				tally.promotions++
				if m.level[best] == LevelCounty {
					tally.promotedFromCounty++
				}
				continue
			}
			var mobile []int
			for _, j := range ending {
				if _, done := placed[j]; m.level[j] == l && j != v && !done && !retire[j] && draw(m.seed, keyMobility, step, j, 0) < pol.Mobility {
					mobile = append(mobile, j)
				}
			}
			if len(mobile) > 0 {
				want := mobile[int(draw(m.seed, keyVacancy, step, v, 0)*float64(len(mobile)))]
				if !filled || e.Kind != "move" || e.FromRegion != want {
					fail("vacancy %d (%s): got %+v, want a move from post %d", v, levelNames[l], e, want)
				}
				placed[want] = v
				tally.moves++
				continue
			}
			if filled {
				fail("vacancy %d (%s): got %+v, want an appointment", v, levelNames[l], e)
			}
			appointed[v] = true
			appointID[v] = b.nextID + len(appointID) // ids in the order posts are filled
			tally.appointed++
		}
	}
	if len(into) != len(placed) {
		fail("%d promotions and moves, want %d", len(into), len(placed))
	}
	// the outgoing officials: placed ones recorded where they go, the
	// others leave (retirement: age or left); both record their tenure
	for _, j := range ending {
		tenure := float64(step+1-b.start[j]) / spy
		var e EventRecord
		if v, ok := placed[j]; ok {
			e = into[v]
			if _, also := left[j]; also && left[j].Official == b.offID[j] {
				fail("official %d was placed and also left", b.offID[j])
			}
		} else {
			var ok bool
			if e, ok = left[j]; !ok {
				fail("outgoing official %d of post %d neither placed nor left", b.offID[j], j)
			}
			want := "left"
			if retire[j] {
				want = "age"
				tally.ageRetired++
			} else {
				tally.left++
			}
			if e.Detail != want || e.FromRegion != -1 {
				fail("post %d's official left with %+v, want detail %q and from_region -1", j, e, want)
			}
		}
		if e.Official != b.offID[j] || math.Abs(e.Value-tenure) > 1e-12 || e.Level != levelNames[m.level[e.Region]] {
			fail("event %+v: want official %d, tenure %g years, the level of region %d", e, b.offID[j], tenure, e.Region)
		}
	}
	if len(left) != len(ending)-len(placed) {
		fail("%d left, want %d", len(left), len(ending)-len(placed))
	}
	// the officials after the phase
	from := map[int]int{}
	for j, v := range placed {
		from[v] = j
	}
	decay := 1 - o.PreferenceDecay
	nextID := b.nextID
	ids := map[int]int{}
	for r := 0; r < R; r++ {
		if q, dup := ids[m.offID[r]]; dup {
			fail("official %d leads posts %d and %d", m.offID[r], q, r)
		}
		ids[m.offID[r]] = r
		if m.age[r] < o.AgeMin || m.age[r] >= o.RetireAge || m.termEnd[r]-m.start[r] < 1 {
			fail("post %d: age %g outside [age_min, retire_age), or term %d..%d", r, m.age[r], m.start[r], m.termEnd[r])
		}
		eM, eP := m.eMean[r*kgN:(r+1)*kgN], m.ePrec[r*kgN:(r+1)*kgN]
		pref := m.pref[r*S : (r+1)*S]
		j, moved := from[r]
		isEnding := slices.Contains(ending, r)
		switch {
		case !isEnding:
			if m.offID[r] != b.offID[r] || m.age[r] != ageNow[r] || m.start[r] != b.start[r] || m.termEnd[r] != b.termEnd[r] {
				fail("post %d: official in office changed (id %d->%d, age %g->%g)", r, b.offID[r], m.offID[r], b.age[r], m.age[r])
			}
			if !slices.Equal(eM, b.eMean[r*kgN:(r+1)*kgN]) || !slices.Equal(eP, b.ePrec[r*kgN:(r+1)*kgN]) {
				fail("post %d: beliefs of an official in office changed in the career phase", r)
			}
			for s := range pref {
				if pref[s] != b.pref[r*S+s]*decay {
					fail("post %d: preference %g, want %g faded by preference_decay", r, pref[s], b.pref[r*S+s])
				}
			}
			continue
		case moved:
			// what a mover carries: himself, his repertoire, his sector
			// preferences from his last post (z-scores of its sectors'
			// log growth of value added over his tenure)
			if m.offID[r] != b.offID[j] || m.ability[r] != b.ability[j] || m.age[r] != ageNow[j] || m.follower[r] != b.follower[j] || !m.arrived[r] {
				fail("post %d: the official from post %d did not arrive as himself", r, j)
			}
			if !slices.Equal(eM, b.eMean[j*kgN:(j+1)*kgN]) || !slices.Equal(eP, b.ePrec[j*kgN:(j+1)*kgN]) {
				fail("post %d: the mover's repertoire is not the one he had at post %d", r, j)
			}
			g := make([]float64, S)
			gm := 0.0
			for s := range g {
				if b.ySStart[j*S+s] > 0 && b.yRS[j*S+s] > 0 {
					g[s] = math.Log(b.yRS[j*S+s] / b.ySStart[j*S+s])
				}
				gm += g[s] / float64(S)
			}
			gv := 0.0
			for s := range g {
				gv += (g[s] - gm) * (g[s] - gm) / float64(S)
			}
			for s := range g {
				want := 0.0
				if gv > 0 {
					want = o.PreferenceGain * (g[s] - gm) / math.Sqrt(gv)
				}
				if math.Abs(pref[s]-want) > 1e-9 {
					fail("post %d: carried preference %g for sector %d, want %g", r, pref[s], s, want)
				}
			}
		case appointed[r]:
			nn := b.appointN[r]
			if m.offID[r] != appointID[r] {
				fail("post %d: new official %d, want id %d", r, m.offID[r], appointID[r])
			}
			nextID++
			ab := math.Max(0.1, 1+o.AbilitySD*drawNormal(m.seed, keyAbility, r, nn, 0))
			ag := o.AgeMin + (o.AgeMax-o.AgeMin)*draw(m.seed, keyAge, r, nn, 0)
			fo := draw(m.seed, keyFollower, r, nn, 0) < pol.Imitation
			if m.ability[r] != ab || m.age[r] != ag || m.follower[r] != fo || m.arrived[r] {
				fail("post %d: appointee ability %g age %g follower %v, want %g %g %v", r, m.ability[r], m.age[r], m.follower[r], ab, ag, fo)
			}
			pull := math.Min(1, 2*pol.Platform)
			for kg := 0; kg < kgN; kg++ {
				want := b.natMean[kg]
				if prec := b.pilotP[kg] + pol.Platform*b.poolPrec[kg]; prec > 0 {
					pooled := (b.pilotSum[kg] + pol.Platform*b.poolSum[kg]) / prec
					want += pull * (pooled - want)
				}
				if math.Abs(eM[kg]-want) > 1e-12*math.Max(1, math.Abs(want)) || eP[kg] != o.PriorPrecision {
					fail("post %d: appointee's belief %d is %g (precision %g), want %g (%g)", r, kg, eM[kg], eP[kg], want, o.PriorPrecision)
				}
			}
			for s := range pref {
				if pref[s] != 0 {
					fail("post %d: appointee carries preferences", r)
				}
			}
		default:
			fail("post %d: vacancy neither filled nor appointed", r)
		}
		// a new term: from the next step, a drawn length, the yardsticks
		// of its evaluation taken now
		if m.start[r] != step+1 || m.termEnd[r] != step+1+termSteps(m, r, b.appointN[r]) || m.appointN[r] != b.appointN[r]+1 {
			fail("post %d: term %d..%d (n %d), want %d..%d", r, m.start[r], m.termEnd[r], m.appointN[r], step+1, step+1+termSteps(m, r, b.appointN[r]))
		}
		if m.yStart[r] != b.yReg[r] || m.trendStart[r] != m.trend[r] || m.docsIssued[r] != 0 || !slices.Equal(m.ySStart[r*S:(r+1)*S], b.yRS[r*S:(r+1)*S]) {
			fail("post %d: the new term's yardsticks are not the post's at its start", r)
		}
	}
	if m.nextID != nextID {
		fail("next official id %d, want %d", m.nextID, nextID)
	}
}

type careerCase struct {
	name  string
	set   func(p *Params)
	evs   []Event
	check func(t *testing.T, c careerTally)
}

func careerCases() []careerCase {
	need := func(t *testing.T, c careerTally) {
		if c.promotions < 3 || c.moves < 3 || c.appointed < 3 || c.left < 3 {
			t.Errorf("%+v: the case needs promotions, moves, appointments and leavers", c)
		}
	}
	return []careerCase{
		{"results", func(p *Params) {}, nil, need},
		{"reports_counties", func(p *Params) {
			p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 3, 2
			p.Policy.PromotionBasis = "reports"
		}, nil, func(t *testing.T, c careerTally) {
			need(t, c)
			if c.promotedFromCounty == 0 {
				t.Errorf("%+v: no county official promoted", c)
			}
		}},
		{"seniority_retiring", func(p *Params) {
			p.Policy.PromotionBasis = "seniority"
			p.Officials.AgeMin, p.Officials.AgeMax, p.Officials.RetireAge = 52, 58, 60
			p.Officials.PromoteShare = 0.5
		}, nil, func(t *testing.T, c careerTally) {
			need(t, c)
			if c.ageRetired < 3 {
				t.Errorf("%+v: the case needs retirements by age", c)
			}
		}},
		{"noiseless_all_mobile", func(p *Params) {
			p.Officials.EvalNoise, p.Officials.PromoteShare, p.Policy.Mobility = 0, 1, 1
			p.Policy.Platform = 0.3
		}, nil, func(t *testing.T, c careerTally) {
			if c.promotions < 3 || c.moves < 3 {
				t.Errorf("%+v: the case needs promotions and moves", c)
			}
		}},
		{"switches", func(p *Params) {}, []Event{
			{Step: 15, Params: func() *Params {
				q := DefaultParams()
				q.World.Provinces, q.World.CitiesPerProvince = 3, 4
				q.Officials.TermMean = 1.5
				q.Officials.RetireAge, q.Officials.AgeMax = 56, 50
				q.Policy.PromotionBasis, q.Policy.Mobility = "seniority", 0.9
				return &q
			}()},
		}, func(t *testing.T, c careerTally) {
			if c.ageRetired < 3 {
				t.Errorf("%+v: a lower retire_age retires no one", c)
			}
		}},
	}
}

// TestCareersReplay replays every step's career phase in five regimes
// (the three promotion rules, counties, retirement by age, no evaluation
// noise, a switch of the rules mid-run): which terms end, the scores and
// percentiles, the top-down filling of vacancies (promotion of the best
// top-share official of the level below, else a move, else an
// appointment), what movers carry, what appointees start from, the new
// terms, and each event's kind, region, from_region, official, value and
// detail.
func TestCareersReplay(t *testing.T) {
	const steps = 48
	for _, tc := range careerCases() {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			p.World.Provinces, p.World.CitiesPerProvince = 3, 4
			p.Officials.TermMean = 1.5
			tc.set(&p)
			m := newModelEv(t, p, steps, 11, tc.evs)
			twin := newModelEv(t, p, steps, 11, tc.evs)
			var tally careerTally
			for step := 0; step < steps; step++ {
				runPhases(m, step, "", "careers")
				b := snapCareers(m)
				runPhases(m, step, "careers", "")
				twin.Step(step)
				replayCareers(t, m, b, step, &tally)
			}
			if !slices.Equal(m.offID, twin.offID) || !slices.Equal(m.eMean, twin.eMean) || !slices.Equal(m.capK, twin.capK) {
				t.Fatalf("the split step is not Step")
			}
			tc.check(t, tally)
			t.Logf("%+v", tally)
		})
	}
}
