package agents

import (
	"cmp"
	"math"
	"slices"
	"testing"
)

// Careers (careers.go): terms, their lengths and where officials come from.

// termSteps is the drawn length in steps of the n-th term at post r:
// gamma with mean term_mean years and shape term_shape, rounded to whole
// steps, at least one.
func termSteps(m *Model, r, n int) int {
	o := m.p.Officials
	years := drawGamma(m.seed, keyTerm, r, n, 1, o.TermShape) * o.TermMean / o.TermShape
	return max(1, int(math.Round(years*float64(m.spy))))
}

// A term ends exactly at its drawn length: an official leaves in the last
// step of his term, and the tenure his departure records is that length.
// The officials of the initial state took office before step 0, part-way
// through a drawn term (doc.go, Initialisation): they leave no later than
// their term's length and record all of it, not only the part since step
// 0 (city leaders' tenure, fact F3, is read from these records). Nobody
// reaches retire_age here, so every departure is a term's end.
func TestTermsEndAtTheirDrawnLength(t *testing.T) {
	p := smallParams()
	p.Officials.TermMean, p.Policy.Mobility = 1.5, 0.5
	p.Officials.AgeMin, p.Officials.AgeMax, p.Officials.RetireAge = 30, 40, 80
	const steps = 60
	m := newModel(t, p, steps, 3)
	spy := m.spy
	terms := make([]int, m.R)    // terms started at each post
	start := make([]int, m.R)    // first step of the current term; 0: the initial official
	length := make([]int, m.R)   // its drawn length in steps
	initial := make([]bool, m.R) // led by an official of the initial state
	for r := range terms {
		terms[r], length[r], initial[r] = 1, termSteps(m, r, 0), true
	}
	backdated, ended := 0, 0
	for step := 0; step < steps; step++ {
		ids := append([]int(nil), m.offID...)
		m.Step(step)
		for _, e := range m.StepEvents() {
			r := postLeft(e)
			if r < 0 {
				continue
			}
			ended++
			if got := e.Value * float64(spy); math.Abs(got-float64(length[r])) > 1e-9 {
				t.Errorf("step %d: official %d left post %d (%s) after %g years, want his drawn term of %d steps", step, e.Official, r, e.Kind, e.Value, length[r])
			}
			switch {
			case !initial[r] && step != start[r]+length[r]-1:
				t.Errorf("step %d: official %d left post %d; his term of %d steps started at step %d", step, e.Official, r, length[r], start[r])
			case initial[r] && step+1 > length[r]:
				t.Errorf("step %d: initial official %d left post %d after his whole term of %d steps", step, e.Official, r, length[r])
			case initial[r] && step+1 < length[r]:
				backdated++
			}
		}
		for r := range ids {
			if m.offID[r] == ids[r] {
				continue
			}
			start[r], length[r], initial[r] = step+1, termSteps(m, r, terms[r]), false
			terms[r]++
		}
	}
	if ended < 20 || backdated == 0 {
		t.Fatalf("%d terms ended, %d of the initial officials' before their term's length: the test needs both", ended, backdated)
	}
}

// A first adoption is an arriving official's (origin_official_share) when
// it comes within a review interval of his arrival from another post: his
// repertoire. A newly appointed official brings none, even where a mover
// led the post before him. With no pilots, followers, platform, scale-ups
// or central money every first adoption is the region's own or an
// arriving official's, and the test tells which from the event log.
func TestOriginOfficialIsAMoversArrival(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 4
	p.Officials.TermMean, p.Policy.Mobility = 1.5, 0.8
	p.Policy.Autonomy, p.Policy.PilotShare, p.Policy.Imitation, p.Policy.Platform = 1, 0, 0, 0
	p.Policy.ScaleUpEvidence = 1e12
	const steps = 60
	m := newModel(t, p, steps, 2)
	iv := p.Policy.ReviewInterval
	mover := make([]bool, m.R) // led by an official who came from another post
	start := make([]int, m.R)  // his first step there
	var official, own, afterAppointee float64
	for step := 0; step < steps; step++ {
		ids, adopted := append([]int(nil), m.offID...), append([]bool(nil), m.adopted...)
		byOrigin := m.adoptBy
		m.Step(step)
		// first adoptions are made when regions decide, before the step's
		// careers: by the officials who led the regions as it began
		var wantOfficial, all float64
		kgN := m.K * numStages
		for a := range adopted {
			if adopted[a] || !m.adopted[a] {
				continue
			}
			all++
			r := a / kgN
			switch {
			case mover[r] && step-start[r] <= iv:
				wantOfficial++
			case !mover[r] && start[r] > 0 && step-start[r] <= iv:
				afterAppointee++
			}
		}
		gotOfficial := m.adoptBy[originOfficial] - byOrigin[originOfficial]
		gotOwn := m.adoptBy[originOwn] - byOrigin[originOwn]
		if gotOfficial != wantOfficial || gotOwn != all-wantOfficial {
			t.Fatalf("step %d: %g first adoptions, %g an arriving official's and %g own; want %g and %g", step, all, gotOfficial, gotOwn, wantOfficial, all-wantOfficial)
		}
		official, own = official+wantOfficial, own+all-wantOfficial
		moved := map[int]bool{}
		for _, e := range m.StepEvents() {
			if e.Kind == "promotion" || e.Kind == "move" {
				moved[e.Region] = true
			}
		}
		for r := range ids {
			if m.offID[r] != ids[r] {
				mover[r], start[r] = moved[r], step+1
			}
		}
	}
	if official == 0 || own == 0 || afterAppointee == 0 {
		t.Fatalf("first adoptions: %g by arriving movers, %g own, %g of them soon after an appointment; the test needs each", official, own, afterAppointee)
	}
}

// A vacancy not filled by promotion goes to an outgoing official of its
// level who drew mobility and is not yet placed, drawn uniformly among
// them (the vacancy's own official excluded: he is leaving it); only when
// there is none is a new official appointed. Vacancies are filled top-down
// by level, in an order drawn each step. The test replays the placements from the
// step's events.
func TestLateralMovesDrawAmongTheMobile(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 5
	p.Officials.TermMean, p.Policy.Mobility = 1, 0.5
	p.Officials.AgeMin, p.Officials.AgeMax, p.Officials.RetireAge = 30, 40, 80 // nobody retires
	const steps = 60
	m := newModel(t, p, steps, 5)
	moves, appointed := 0, 0
	for step := 0; step < steps; step++ {
		m.Step(step)
		into := map[int]EventRecord{} // vacancy -> the promotion or move into it
		var ending []int
		for _, e := range m.StepEvents() {
			if e.Kind == "promotion" || e.Kind == "move" {
				into[e.Region] = e
			}
			if r := postLeft(e); r >= 0 {
				ending = append(ending, r)
			}
		}
		slices.Sort(ending) // the outgoing, in region order
		// the vacancies are filled in an order drawn each step
		order := vacancyFillOrder(m, step, ending)
		placed := map[int]bool{}
		for l := int8(LevelProvince); l <= LevelCounty; l++ {
			for _, v := range order {
				if m.level[v] != l {
					continue
				}
				e, filled := into[v]
				if filled && e.Kind == "promotion" {
					placed[e.FromRegion] = true
					continue
				}
				var mobile []int
				for _, r := range ending {
					if m.level[r] == l && r != v && !placed[r] && draw(m.seed, keyMobility, step, r, 0) < p.Policy.Mobility {
						mobile = append(mobile, r)
					}
				}
				if len(mobile) == 0 {
					appointed++
					if filled {
						t.Errorf("step %d: official of post %d moved to post %d, with no mobile outgoing official of its level", step, e.FromRegion, v)
					}
					continue
				}
				want := mobile[int(draw(m.seed, keyVacancy, step, v, 0)*float64(len(mobile)))]
				if !filled || e.FromRegion != want {
					t.Fatalf("step %d: vacancy %d filled by %+v; want a move from post %d (drawn among %v)", step, v, e, want, mobile)
				}
				placed[want] = true
				moves++
			}
		}
	}
	if moves < 5 || appointed < 5 {
		t.Fatalf("%d lateral moves and %d appointments; the test needs both", moves, appointed)
	}
}

// postLeft is the region whose official an event takes away: the post a
// promotion or a move left, the post of a retirement; -1 for other events.
func postLeft(e EventRecord) int {
	switch e.Kind {
	case "promotion", "move":
		return e.FromRegion
	case "retirement":
		return e.Region
	}
	return -1
}

// officials.promote_share: "only officials in this top share of the
// evaluation among peers at their level can be promoted" (params.go); a
// top share of 0 is nobody. bestCandidate admits percentile >= 1 -
// promote_share, and at 0 the top scorer's percentile is exactly 1: each
// level's best outgoing official was still promoted.
func TestPromoteShareZeroPromotesNobody(t *testing.T) {
	p := mmParams()
	p.Officials.PromoteShare = 0
	p.Officials.TermMean = 1.5
	n := 0
	for _, e := range mmRun(t, p, 92, 5, nil).Events {
		if e.Kind == "promotion" {
			n++
		}
	}
	if n > 0 {
		t.Errorf("promote_share 0: %d promotions in 23 years, want none", n)
	}
}

// Promotion on results scores growth relative to the region's expected
// growth over the tenure: an official on his region's expected path scores
// 0, whatever his tenure. A tenure under a year was counted as one for the
// growth but not for the expectation, so newcomers scored -g(1 - tau) and
// sat at the bottom of every ranking.
func TestResultsScoreIsRelativeToExpectationAtShortTenures(t *testing.T) {
	p := smallParams()
	m := newModel(t, p, 12, 1)
	runSteps(m, 0, 12)
	const step = 11
	r := 1
	g := 0.08
	for _, tenureSteps := range []int{1, 2, 4, 8} {
		tau := float64(tenureSteps) / float64(m.spy)
		m.start[r] = step + 1 - tenureSteps
		m.trendStart[r] = g
		m.yStart[r] = 1
		m.yReg[r] = math.Exp(g * tau) // exactly the expected growth
		if s := m.score(r, step); math.Abs(s) > 1e-12 {
			t.Errorf("results: an official who served %g years on his region's expected path (%g a year) scores %g, want 0", tau, g, s)
		}
	}
}

// Where every official of a level has the same score (promotion on
// reports without documents), all are in any top share above a half by
// mid-rank. Ties counted against the outgoing official: nobody was
// promoted at any promote_share below 1.
func TestTiedScoresStillHaveATopShare(t *testing.T) {
	p := mmParams()
	p.Policy.PromotionBasis = "reports"
	d := &p.Documents
	d.MeasureRate, d.CountyMeasure, d.ProvinceEcho, d.CityEcho, d.CountyEcho = 0, 0, 0, 0, 0
	p.Officials.PromoteShare = 0.9
	out := mmRun(t, p, 60, 3, nil)
	promotions, leavers := 0, 0
	for _, e := range out.Events {
		switch e.Kind {
		case "promotion":
			promotions++
		case "retirement":
			leavers++
		}
	}
	if promotions == 0 {
		t.Errorf("every score tied (no documents under promotion on reports), promote_share 0.9: no promotion in 15 years (%d officials left), want the tied officials in the top share", leavers)
	}
}

// Regions are exchangeable: a post's number does not decide whether its
// vacancy gets a promoted official. A level's vacancies were filled in
// region order, so when a step had more vacancies than candidates the
// lowest-numbered posts got the promotions (37% of province 0's vacancies,
// 17% of province 7's, in an 8 x 3 world).
func TestVacancyOrderIsNoBehaviour(t *testing.T) {
	const P = 8
	partial, lowest := 0, 0
	for seed := uint64(1); seed <= 12; seed++ {
		p := DefaultParams()
		p.World.Provinces, p.World.CitiesPerProvince = P, 3
		const steps = 92
		m := newModel(t, p, steps, seed)
		for step := 0; step < steps; step++ {
			m.Step(step)
			var vac []int // province vacancies, in region order
			for _, r := range m.ending {
				if m.level[r] == LevelProvince {
					vac = append(vac, r)
				}
			}
			promoted := map[int]bool{}
			for _, e := range m.StepEvents() {
				if e.Kind == "promotion" && e.Level == "province" {
					promoted[e.Region] = true
				}
			}
			if len(promoted) == 0 || len(promoted) == len(vac) {
				continue
			}
			partial++
			first := true // the promotions are the lowest-numbered vacancies
			for i, v := range vac {
				if promoted[v] != (i < len(promoted)) {
					first = false
				}
			}
			if first {
				lowest++
			}
		}
	}
	if partial < 10 {
		t.Fatalf("%d steps with more province vacancies than promotions: the test needs 10", partial)
	}
	if lowest == partial {
		t.Errorf("in all %d steps with more province vacancies than promotions the promotions went to the lowest-numbered vacancies; with vacancies taken in no fixed order, about half or fewer would", partial)
	}
}

// vacancyFillOrder returns posts in the order step's vacancies are filled
// (doc.go, Careers: drawn each step, ties by region), written out from the
// rule for the tests that replay the filling.
func vacancyFillOrder(m *Model, step int, posts []int) []int {
	order := slices.Clone(posts)
	slices.SortFunc(order, func(a, b int) int {
		ka, kb := draw(m.seed, keyVacancyOrder, step, a, 0), draw(m.seed, keyVacancyOrder, step, b, 0)
		if ka != kb {
			return cmp.Compare(ka, kb)
		}
		return cmp.Compare(a, b)
	})
	return order
}

// Where the outgoing officials of a level tie exactly (promotion on
// reports without documents and without evaluation noise: every score
// 0), the promotion goes to a drawn one of them. It went to the
// lowest-numbered post's official.
func TestTiedCandidatesNotByIndex(t *testing.T) {
	lowest, cases := 0, 0
	for seed := uint64(1); seed <= 30; seed++ {
		p := mmParams()
		p.Policy.PromotionBasis = "reports"
		d := &p.Documents
		d.MeasureRate, d.CountyMeasure, d.ProvinceEcho, d.CityEcho, d.CountyEcho = 0, 0, 0, 0, 0
		p.Officials.PromoteShare, p.Officials.EvalNoise = 0.9, 0
		p.Officials.AgeMin, p.Officials.AgeMax, p.Officials.RetireAge = 30, 40, 80 // nobody retires
		m := newModel(t, p, 60, seed)
		for step := 0; step < 60; step++ {
			m.Step(step)
			var cities []int        // outgoing city leaders, all candidates (tied)
			from, promoted := -1, 0 // the one promoted to a province
			for _, e := range m.StepEvents() {
				if r := postLeft(e); r >= 0 && m.level[r] == LevelCity {
					cities = append(cities, r)
					if e.Kind == "promotion" {
						from, promoted = r, promoted+1
					}
				}
			}
			if promoted != 1 || len(cities) < 2 {
				continue
			}
			cases++
			if from == slices.Min(cities) {
				lowest++
			}
		}
	}
	if cases < 10 {
		t.Fatalf("%d steps with a city leader promoted among tied candidates: the test needs 10", cases)
	}
	if lowest == cases {
		t.Errorf("in all %d steps the promoted city leader was the lowest-numbered of the tied candidates", cases)
	}
}
