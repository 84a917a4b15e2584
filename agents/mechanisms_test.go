package agents

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Each mechanism of MODEL.md §3 in isolation, on small worlds with fixed
// seeds.

// smallParams is a 2 x 4 world: 10 regions, fast to run.
func smallParams() Params {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 4
	return p
}

// newModel builds a model of steps steps from p and seed, with no events.
func newModel(t *testing.T, p Params, steps int, seed uint64) *Model {
	t.Helper()
	return newModelEv(t, p, steps, seed, nil)
}

// newModelEv is newModel with scenario events.
func newModelEv(t *testing.T, p Params, steps int, seed uint64, evs []Event) *Model {
	t.Helper()
	s := sim.DefaultSettings()
	s.Steps = steps
	m, err := New(p, s, seed, evs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func runSteps(m *Model, from, to int) {
	for t := from; t < to; t++ {
		m.Step(t)
	}
}

func instrumentIndex(t *testing.T, p Params, name string) int {
	for k, in := range p.Instruments {
		if in.Name == name {
			return k
		}
	}
	t.Fatalf("no instrument %q", name)
	return -1
}

// entryShare is the share of a region's own spending on entry-stage
// sectors that goes to instruments whose true entry effectiveness is at
// least 0.6 (subsidy, tax incentive, land, market access).
func entryShare(m *Model) float64 {
	good, all := 0.0, 0.0
	for r := 0; r < m.R; r++ {
		for s := 0; s < m.S; s++ {
			if m.stage[r*m.S+s] != Entry {
				continue
			}
			for k := 0; k < m.K; k++ {
				x := m.share[(r*m.S+s)*m.K+k]
				all += x
				if m.eTrue[k*numStages+Entry] >= 0.6 {
					good += x
				}
			}
		}
	}
	return good / all
}

func TestEntryStageComesToFavourEntryInstruments(t *testing.T) {
	p := smallParams()
	// every region-sector stays at the entry stage; everyone believes
	// every instrument equally good at first; no career horizon
	p.World.StageEntry, p.World.StageMature = 1e9, 2e9
	for k := range p.Instruments {
		p.Instruments[k].Conventional = 0.5
	}
	p.Policy.CareerConcern = 0
	p.Policy.Imitation = 0
	m := newModel(t, p, 60, 3)
	before := entryShare(m)
	runSteps(m, 0, 60)
	after := entryShare(m)
	// four of ten instruments are good at entry; with equal beliefs they
	// get roughly their cost-adjusted share, after learning clearly more
	if after < before+0.1 {
		t.Errorf("share of entry instruments at entry stage: %.3f before, %.3f after 15 years; want a rise of at least 0.1", before, after)
	}
}

func TestOvercapacityLowersUtilisationAndPriceEverywhere(t *testing.T) {
	p := smallParams()
	p.Market.DemandSlack = -0.5 // demand is half of capacity
	p.Market.DemandGrowth = 0
	for s := range p.Sectors {
		p.Sectors[s].Growth = 0
	}
	m := newModel(t, p, 1, 1)
	wantU := 0.5
	for s := 0; s < m.S; s++ {
		if math.Abs(m.util[s]-wantU) > 1e-12 {
			t.Fatalf("sector %d: utilisation %g, want %g", s, m.util[s], wantU)
		}
		if want := math.Pow(wantU, p.Market.Eta); math.Abs(m.price[s]-want) > 1e-12 {
			t.Fatalf("sector %d: price %g, want %g", s, m.price[s], want)
		}
		for r := 0; r < m.R; r++ {
			i := r*m.S + s
			want := m.prod[i] * m.capK[i] * m.util[s] * m.price[s]
			if math.Abs(m.yRS[i]-want) > 1e-12*math.Max(1, want) {
				t.Fatalf("region %d sector %d: value added %g, want A*K*u*price = %g", r, s, m.yRS[i], want)
			}
		}
	}
}

func TestMovingOfficialBringsRepertoire(t *testing.T) {
	p := smallParams()
	p.Policy.Mobility = 1
	p.Officials.TermMean = 1
	m := newModel(t, p, 92, 5)
	kgN := m.K * numStages
	snap := make([]float64, len(m.eMean))
	moves := 0
	for t0 := 0; t0 < 92; t0++ {
		copy(snap, m.eMean)
		m.Step(t0)
		if (t0+1)%m.spy == 0 {
			continue // beliefs were updated by measurement this step
		}
		for _, e := range m.StepEvents() {
			if e.Kind == "scale_up" {
				goto next
			}
		}
		for _, e := range m.StepEvents() {
			if e.Kind != "move" {
				continue
			}
			moves++
			for kg := 0; kg < kgN; kg++ {
				if got, want := m.eMean[e.Region*kgN+kg], snap[e.FromRegion*kgN+kg]; got != want {
					t.Fatalf("step %d: official moved %d -> %d: belief %d is %g at the new post, %g before the move", t0, e.FromRegion, e.Region, kg, got, want)
				}
			}
		}
	next:
	}
	if moves == 0 {
		t.Fatal("no moves happened with mobility 1 and one-year terms")
	}
}

func TestPlatformLearnsFasterThanSolo(t *testing.T) {
	errAfter := func(platform float64) float64 {
		p := smallParams()
		p.World.Provinces, p.World.CitiesPerProvince = 5, 6
		p.Policy.Platform = platform
		p.Policy.PilotShare = 0
		m := newModel(t, p, 40, 11)
		runSteps(m, 0, 40)
		return m.mLearningError()
	}
	solo, pooled := errAfter(0), errAfter(0.5)
	if pooled >= solo*0.8 {
		t.Errorf("learning error after 10 years: %.3f with a platform, %.3f without; want the platform at least 20%% lower", pooled, solo)
	}
}

func TestUniformPortfolioIgnoresFit(t *testing.T) {
	p := smallParams()
	p.World.Heterogeneity = 1
	p.Policy.Autonomy = 0
	p.Policy.PilotShare = 0
	p.Policy.Coordination = false
	m := newModel(t, p, 8, 2)
	runSteps(m, 0, 7)
	capK := append([]float64(nil), m.capK...) // capacity when step 7 spends
	m.Step(7)
	// every region spends the same amount per unit of capacity on each
	// pair, relative to its own first pair, whatever its fit
	rel := func(r, s, k int) float64 {
		x := m.spend[(r*m.S+s)*m.K+k] / capK[r*m.S+s]
		return x / (m.spend[r*m.S*m.K] / capK[r*m.S])
	}
	for s := 0; s < m.S; s++ {
		for k := 0; k < m.K; k++ {
			for r := 1; r < m.R; r++ {
				if got, want := rel(r, s, k), rel(0, s, k); math.Abs(got-want) > 1e-9*math.Max(want, 1e-9) {
					t.Fatalf("sector %d instrument %d: relative intensity %g in region %d, %g in region 0", s, k, got, r, want)
				}
			}
		}
	}
	if fa := m.mFitAlignment(); math.Abs(fa) > 1e-9 {
		t.Errorf("fit alignment %g under a uniform portfolio, want 0", fa)
	}
}

// isolated returns a world where capacity moves only through policy.
func isolated(tool string) Params {
	p := smallParams()
	p.Policy.Toolbox = []string{tool}
	p.Policy.PilotShare = 0
	p.Policy.Coordination = false
	p.World.PrivateInvestment = 0
	p.World.Depreciation = 0
	p.World.Absorb = 1
	p.Policy.CareerConcern = 0
	return p
}

func TestLaggedInstrumentPaysAfterItsLag(t *testing.T) {
	p := isolated("training")
	lag := p.Instruments[instrumentIndex(t, p, "training")].Lag
	m := newModel(t, p, 20, 1)
	k0 := append([]float64(nil), m.capK...)
	a0 := append([]float64(nil), m.prod...)
	for t0 := 0; t0 < lag; t0++ {
		m.Step(t0)
		for i := range m.capK {
			if m.capK[i] != k0[i] || m.prod[i] != a0[i] {
				t.Fatalf("step %d: training (lag %d) already changed capacity or productivity", t0, lag)
			}
		}
	}
	m.Step(lag)
	grew := 0
	for i := range m.capK {
		if m.capK[i] > k0[i] && m.prod[i] > a0[i] {
			grew++
		}
	}
	if grew == 0 {
		t.Fatalf("step %d: training paid nothing after its lag", lag)
	}
}

func TestSubsidiesAddCapacityAtLowUtilisation(t *testing.T) {
	growth := func(tool string) float64 {
		p := isolated(tool)
		p.Market.DemandSlack = -0.6 // utilisation 0.4
		m := newModel(t, p, 1, 1)
		before := m.totalK
		m.Step(0)
		m.updateMarket()
		return m.totalK/before - 1
	}
	sub, tax := growth("subsidy"), growth("tax_incentive")
	if sub <= 0 {
		t.Fatalf("subsidies added no capacity at utilisation 0.4")
	}
	// tax incentives are scaled by price = 0.4^1.5 = 0.25; subsidies are not
	if tax >= sub*0.5 {
		t.Errorf("capacity growth at utilisation 0.4: subsidy %.4f, tax incentive %.4f; want subsidies far ahead", sub, tax)
	}
}

func TestFrontierBoundsProductivity(t *testing.T) {
	p := smallParams()
	p.World.Gamma = 5 // absurdly strong policy
	m := newModel(t, p, 92, 1)
	for t0 := 0; t0 < 92; t0++ {
		m.Step(t0)
		frontier := math.Exp(p.World.FrontierGrowth * float64(t0+1) / 4)
		for i, a := range m.prod {
			if a > frontier*(1+1e-12) {
				t.Fatalf("step %d: productivity %g above the frontier %g at region-sector %d", t0, a, frontier, i)
			}
		}
	}
}

func TestScaleUpRecordsItsOrigin(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 4, 5
	m := newModel(t, p, 92, 4)
	found := 0
	kgN := m.K * numStages
	contrib := make([]float64, len(m.contrib))
	for t0 := 0; t0 < 92; t0++ {
		m.Step(t0)
		for _, e := range m.StepEvents() {
			if e.Kind != "scale_up" {
				continue
			}
			found++
			if e.FromRegion < 0 || e.FromRegion >= m.R {
				t.Fatalf("scale-up of %s at %s has origin %d", e.Instrument, e.Stage, e.FromRegion)
			}
			// the origin is the region that contributed most evidence
			kg := instrumentIndex(t, p, e.Instrument)*numStages + stageIndex(e.Stage)
			for r := 0; r < m.R; r++ {
				if contrib[r*kgN+kg] > contrib[e.FromRegion*kgN+kg] {
					t.Errorf("scale-up of %s/%s: origin %d contributed %g, region %d more (%g)", e.Instrument, e.Stage,
						e.FromRegion, contrib[e.FromRegion*kgN+kg], r, contrib[r*kgN+kg])
				}
			}
			if contrib[e.FromRegion*kgN+kg] <= 0 {
				t.Errorf("origin %d of the scale-up of %s/%s contributed no evidence", e.FromRegion, e.Instrument, e.Stage)
			}
		}
		copy(contrib, m.contrib)
	}
	if found == 0 {
		t.Fatal("no scale-up in 23 years of coordinated autonomy")
	}
}

func stageIndex(name string) int {
	for g, n := range stageNames {
		if n == name {
			return g
		}
	}
	return -1
}

func TestSimulateCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out, err := Simulate(ctx, smallParams(), nil, sim.DefaultSettings(), 1, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != sim.Canceled || out.Metrics.Rows() != 0 {
		t.Errorf("status %v with %d rows, want canceled with 0", out.Status, out.Metrics.Rows())
	}
}

// The center's cap documents have their own category, so the financial
// share of instrument documents counts measures and their echoes only: in
// a toolbox without regulatory instruments no document is "regulatory".
func TestCapDocumentsAreCoordination(t *testing.T) {
	p := smallParams()
	p.Policy.Coordination = true
	p.Policy.OvercapacityCap = 0 // caps bind as soon as capacity exceeds demand
	p.Policy.Toolbox = []string{"subsidy", "land", "infrastructure", "training"}
	s := sim.DefaultSettings()
	out, err := Simulate(context.Background(), p, nil, s, 3, Options{})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]float64{}
	for _, d := range out.Documents {
		by[d.Category] += d.Count
	}
	if by["coordination"] == 0 {
		t.Fatalf("no coordination documents with caps at 0 (documents by category: %v)", by)
	}
	if by["regulatory"] != 0 {
		t.Errorf("%v regulatory documents without a regulatory instrument: cap documents must be coordination", by["regulatory"])
	}
}

// A cap blocks every capacity-adding measure in a capped region-sector:
// the region's, the center's portfolio and the center's pilot alike.
func TestCapsBlockEveryCapacityAddingMeasure(t *testing.T) {
	p := smallParams()
	p.Policy.Coordination = true
	p.Policy.OvercapacityCap = 0
	p.Policy.Autonomy, p.Policy.PilotShare, p.Policy.PilotCities = 0.3, 0.3, 1
	s := sim.DefaultSettings()
	m := newModel(t, p, s.Steps, 11)
	blocked := 0
	for st := 0; st < s.Steps; st++ {
		m.Step(st)
		for i, capped := range m.cappedRS {
			if !capped {
				continue
			}
			for k := 0; k < m.K; k++ {
				if m.addsCap[k] {
					blocked++
					if x := m.spend[i*m.K+k]; x != 0 {
						t.Fatalf("step %d: capped region-sector %d spends %g on capacity-adding %s (center pilot %d)", st, i, x, m.p.Instruments[k].Name, m.cPilotPair[i/m.S])
					}
				}
			}
		}
	}
	if blocked == 0 {
		t.Fatal("no cap bound: the test tests nothing")
	}
}

// A plan raises the priority of the sectors whose demand grew fastest over
// the last year: here sector 0's demand grows 10% a year and the others'
// not at all, so the plan at the start of year 2 sets it to 1.5 times its
// scheduled priority (the upper bound) and the others to 1 +
// plan_response*(0 - 0.1/S) times theirs.
func TestPlanSeesLastYearsDemandGrowth(t *testing.T) {
	p := smallParams()
	p.Policy.PlanCycle = 1
	p.Policy.PlanResponse = 10
	p.Policy.OvercapacityCap = 1e9 // no halving for over-capacity
	p.Market.DemandGrowth = 0
	for s := range p.Sectors {
		p.Sectors[s].Growth = 0
	}
	p.Sectors[0].Growth = 0.1
	m := newModel(t, p, 8, 1)
	runSteps(m, 0, m.spy+1) // the plan at step spy
	S := float64(m.S)
	for s := range m.prio {
		want := m.prioBase[s] * (1 + p.Policy.PlanResponse*(0-0.1/S))
		if s == 0 {
			want = m.prioBase[s] * 1.5
		}
		if math.Abs(m.prio[s]-want) > 1e-9 {
			t.Errorf("sector %d: priority %g after a year, want %g (scheduled %g)", s, m.prio[s], want, m.prioBase[s])
		}
	}
}

// Pilots started while the world is set up (every official decides once in
// New, before step 0) are the first pilots of their practices: the
// scale-up's "years since the first pilot" (fact E5) must count from them.
// m.t is -1 during set-up, the sentinel of "no pilot yet".
func TestPilotsAtSetUpCountAsFirstPilots(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		p := smallParams()
		m := newModel(t, p, 40, seed)
		if m.st.pilotsTotal == 0 {
			t.Fatalf("seed %d: no pilot at set-up; the test needs one", seed)
		}
		for kg, n := range m.pilotsOpen {
			if n > 0 && m.firstPilot[kg] < 0 {
				t.Errorf("seed %d: practice %d has %d pilots open but no first pilot recorded (firstPilot %d)",
					seed, kg, n, m.firstPilot[kg])
			}
		}
	}
}

// Under promotion on reports an official is scored on the documents his
// region issued during his term (docsIssued over his years). An official
// who takes up a post at the end of step t starts at t+1: the documents of
// step t, decided by his predecessor, must count for the predecessor, not
// for him.
func TestNewOfficialStartsWithoutPredecessorsDocuments(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		p := smallParams()
		p.Policy.PromotionBasis = "reports"
		p.Documents.EchoLag = 0 // echoes in the step: every step has documents
		m := newModel(t, p, 40, seed)
		checked := 0
		for step := 0; step < 40; step++ {
			before := append([]int(nil), m.offID...)
			m.Step(step)
			for r := 0; r < m.R; r++ {
				if m.offID[r] == before[r] {
					continue
				}
				checked++
				if m.docsIssued[r] != 0 {
					t.Errorf("seed %d step %d region %d: new official (from step %d) already credited with %.2f documents",
						seed, step, r, m.start[r], m.docsIssued[r])
				}
			}
		}
		if checked == 0 {
			t.Fatalf("seed %d: no official changed", seed)
		}
	}
}

// cap_reallocated is "budget that coordination caps blocked in the step",
// a share of budget: the budget of that step, the one the caps blocked
// part of, not the next step's (computed at the step's end from its value
// added).
func TestCapReallocatedIsShareOfTheStepsBudget(t *testing.T) {
	p := smallParams()
	p.Policy.Coordination = true
	p.Market.DemandSlack = -0.3 // over capacity from the start: caps bind
	m := newModel(t, p, 20, 1)
	seen := false
	for step := 0; step < 20; step++ {
		b := 0.0
		for _, v := range m.budget {
			b += v // what this step spends
		}
		m.Step(step)
		if m.st.capBlocked == 0 {
			continue
		}
		seen = true
		want := m.st.capBlocked / b
		if got := m.mCapReallocated(); math.Abs(got-want) > 1e-12*want {
			t.Errorf("step %d: cap_reallocated %.6f, blocked over the step's budget %.6f (ratio %.4f)", step, got, want, got/want)
		}
	}
	if !seen {
		t.Fatal("no cap blocked anything; the test needs one")
	}
}

// The center's uniform portfolio in force at step t is made on the
// priorities of the plan in force at step t: the first plan (step 0) must
// not be ignored until the first review (center_review steps later).
func TestCenterPortfolioUsesTheFirstPlan(t *testing.T) {
	for _, tc := range []struct {
		name   string
		review int
	}{{"review 4", 4}, {"review 20", 20}} {
		t.Run(tc.name, func(t *testing.T) {
			p := smallParams()
			p.Policy.Autonomy = 0
			p.Policy.CenterReview = tc.review
			m := newModel(t, p, 4, 1)
			m.t = 0
			m.beginDocs(0)
			m.centerPlans(0) // step 0's plan; the portfolio is not reviewed
			got := append([]float64(nil), m.cShare...)
			m.rotation--        // the same pilot cities, whose pilots the budget leaves out
			m.centerPortfolio() // the portfolio the step-0 plan implies
			for j, want := range m.cShare {
				if math.Abs(got[j]-want) > 1e-12 {
					t.Fatalf("pair %d: central share %.4f in force at step 0, %.4f on the step-0 plan's priorities (priorities now %v)", j, got[j], want, m.prio)
				}
			}
		})
	}
}

// At set-up every region decides, followers after those who optimise (as
// at a regime switch): a follower must not copy a peer who has not
// decided yet and spend nothing of its own budget until its first review.
func TestFollowersAtSetUpCopyADecidedPortfolio(t *testing.T) {
	for _, iv := range []int{4, 20} {
		p := smallParams()
		p.Policy.Imitation = 0.5
		p.Policy.ReviewInterval = iv
		m := newModel(t, p, 4, 1)
		followers := 0
		for r := 0; r < m.R; r++ {
			if !m.follower[r] {
				continue
			}
			followers++
			sum := 0.0
			for _, x := range m.share[r*m.S*m.K : (r+1)*m.S*m.K] {
				sum += x
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("review_interval %d: follower %d's own shares sum to %.3f at set-up, want 1", iv, r, sum)
			}
		}
		if followers == 0 {
			t.Fatal("no follower")
		}
	}
}

// An official's weight on a sector is doc.go's sector_weight:
// price^price_sight * (1 + hot_chase if the sector is hot) *
// ((1 - alignment) + alignment*priority) * max(0.1, 1 + preference), the
// preference of a city or county mixed with its province leader's at
// province_pull. Each factor is recomputed here from the parameters, with
// prices below 1 (over-capacity), hot and cold sectors, and carried
// preferences set by hand, some below the floor.
func TestSectorWeightFollowsItsDefinition(t *testing.T) {
	p := smallParams()
	p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 2
	p.Market.DemandSlack = -0.3 // prices below 1
	p.Policy.PriceSight, p.Policy.Alignment, p.Policy.ProvincePull = 0.4, 0.6, 0.3
	p.Market.HotChase = 1.5
	m := newModel(t, p, 8, 3)
	runSteps(m, 0, 4)
	rng := 0.0
	for i := range m.pref {
		rng += 0.37
		m.pref[i] = math.Mod(rng, 2.4) - 1.5 // in [-1.5, 0.9): some below -0.9
	}
	m.seePrices()
	hot, cold := 0, 0
	for r := 0; r < m.R; r++ {
		for s := 0; s < m.S; s++ {
			sec := p.Sectors[s]
			w := math.Pow(m.price[s], p.Policy.PriceSight)
			if p.Market.DemandGrowth+sec.Growth >= p.Market.HotGrowth || sec.Priority > 1 {
				w *= 1 + p.Market.HotChase
				hot++
			} else {
				cold++
			}
			w *= 1 - p.Policy.Alignment + p.Policy.Alignment*m.prio[s]
			pref := m.pref[r*m.S+s]
			if m.level[r] != LevelProvince {
				pref = (1-p.Policy.ProvincePull)*pref + p.Policy.ProvincePull*m.pref[int(m.province[r])*m.S+s]
			}
			w *= max(0.1, 1+pref)
			if got := m.sectorWeight(r, s); math.Abs(got-w) > 1e-12*w {
				t.Fatalf("region %d (%s) sector %s: weight %g, want %g", r, levelNames[m.level[r]], sec.Name, got, w)
			}
		}
	}
	if hot == 0 || cold == 0 || m.price[0] >= 1 {
		t.Fatalf("hot %d, cold %d, price %g: the test needs hot and cold sectors and a price below 1", hot, cold, m.price[0])
	}
}

// The career horizon discounts an instrument by how much of its pay-off
// falls after the official's evaluation: 1 - cc + cc*max(0.05, 1 -
// lag/term_left), floored at 0, term_left counted from the decision to
// the term's end (at least one step), not over the whole term, and cc =
// career_concern times the promotion rule's incentive (1, 0.3, 0).
func TestCareerHorizonDiscountsByTermLeft(t *testing.T) {
	p := smallParams()
	k := instrumentIndex(t, p, "training") // lag 6
	lag := float64(p.Instruments[k].Lag)
	for _, tc := range []struct {
		basis   string
		concern float64
		left    int
	}{
		{"results", 1.5, 24}, {"results", 1.5, 8}, {"results", 1.5, 3}, {"results", 0.5, 0},
		{"results", 3, 2}, // below the 0.05 floor: the horizon floors at 0
		{"reports", 1.5, 8}, {"seniority", 1.5, 8},
	} {
		p.Policy.PromotionBasis, p.Policy.CareerConcern = tc.basis, tc.concern
		m := newModel(t, p, 40, 1)
		const r, now = 3, 10
		m.start[r], m.termEnd[r] = now-12, now+tc.left // twelve steps served
		cc := tc.concern * map[string]float64{"results": 1, "reports": 0.3}[tc.basis]
		want := max(0, 1-cc+cc*max(0.05, 1-lag/max(1, float64(tc.left))))
		if got := m.horizon(r, k, now); math.Abs(got-want) > 1e-12 {
			t.Errorf("%s, career_concern %g, %d steps left: horizon %g, want %g", tc.basis, tc.concern, tc.left, got, want)
		}
	}
}

// Land refills by land_refill of a region's initial land a step, up to
// twice the initial stock (doc.go): without land measures it reaches the
// cap and stays there.
func TestLandRefillsUpToTwiceItsInitialStock(t *testing.T) {
	p := isolated("training")
	p.World.LandRefill = 0.4
	m := newModel(t, p, 8, 1)
	for step, want := range []float64{1.4, 1.8, 2, 2} {
		m.Step(step)
		for r := 0; r < m.R; r++ {
			if got := m.land[r] / m.land0[r]; math.Abs(got-want) > 1e-12 {
				t.Fatalf("step %d region %d: land %g times its initial stock, want %g", step, r, got, want)
			}
		}
	}
}

// Careers (doc.go): at a term's end an official is scored under the
// promotion rule (results: tenure-average log growth of his region's
// value added, over at least a year, less the region's expected growth,
// an exponentially weighted average of annualised step growth, when he
// arrived; seniority: age), plus eval_noise times the spread of his
// level's scores, and ranked by percentile among all officials of his
// level; only those in the top promote_share may be promoted, the best
// first; one who leaves at retire_age leaves for "age". Movers carry
// preference_gain times the z-score, across sectors, of the log growth of
// their old post's sectors since they arrived; carried preferences fade
// at preference_decay a step. New officials start from the standard
// moved min(1, 2*platform) of the way to the pooled evidence. The test
// keeps its own record of every official's arrival and of each region's
// expected growth, from the event log and value added.
func TestCareersFollowTheirRules(t *testing.T) {
	for _, tc := range []struct {
		basis string
		noise float64
	}{{"seniority", 0}, {"results", 0}, {"results", 0.5}} {
		t.Run(fmt.Sprintf("%s/noise%g", tc.basis, tc.noise), func(t *testing.T) {
			p := smallParams()
			p.World.Provinces, p.World.CitiesPerProvince = 3, 6
			o := &p.Officials
			o.TermMean, o.EvalNoise, o.PromoteShare = 1, tc.noise, 0.3
			o.AgeMin, o.AgeMax, o.RetireAge = 40, 60, 62 // some retire for age
			p.Policy.PromotionBasis, p.Policy.Imitation, p.Policy.Platform = tc.basis, 0, 0.3
			p.Policy.ScaleUpEvidence = 1e12 // the standard stays the conventional value
			checkCareers(t, p, 60, 7)
		})
	}
}

// arrival is what the test records of an official's arrival at a post.
type arrival struct {
	start    int       // his first step there (0 for the officials of the initial state)
	known    bool      // start is his true start (the initial officials' terms began before step 0)
	y, trend float64   // the post's value added and expected growth then
	ySector  []float64 // its sectors' value added then
}

func checkCareers(t *testing.T, p Params, steps int, seed uint64) {
	m := newModel(t, p, steps, seed)
	R, S := m.R, m.S
	spy := float64(m.spy)
	o, pol := p.Officials, p.Policy
	tw := o.TrendWeight
	trend := make([]float64, R)
	arr := map[int]arrival{}
	for r := 0; r < R; r++ {
		trend[r] = p.Market.DemandGrowth
		arr[m.offID[r]] = arrival{0, false, m.yReg[r], trend[r], slices.Clone(m.yRS[r*S : (r+1)*S])}
	}
	promotions := 0
	for step := 0; step < steps; step++ {
		ids, ages, pref := slices.Clone(m.offID), slices.Clone(m.age), slices.Clone(m.pref)
		yPrev := slices.Clone(m.yReg)
		m.Step(step)
		for r := 0; r < R; r++ {
			trend[r] = (1-tw)*trend[r] + tw*math.Log(m.yReg[r]/yPrev[r])*spy
		}
		// every official's score, and its noisy version for those who
		// leave
		score := make([]float64, R)
		var n, sum, sum2 [4]float64
		for r := 0; r < R; r++ {
			a := arr[ids[r]]
			switch pol.PromotionBasis {
			case "seniority":
				score[r] = ages[r] + 1/spy
			case "results":
				// growth over the tenure less the expectation over it,
				// a tenure under a year counted as one
				tenure := float64(step+1-a.start) / spy
				if tenure < 1 {
					score[r] = math.Log(m.yReg[r]/a.y) - a.trend*tenure
				} else {
					score[r] = math.Log(m.yReg[r]/a.y)/tenure - a.trend
				}
			}
			l := m.level[r]
			n[l], sum[l], sum2[l] = n[l]+1, sum[l]+score[r], sum2[l]+score[r]*score[r]
		}
		type leaver struct {
			r                 int
			noisy, percentile float64
			retire, promoted  bool
		}
		var leavers []leaver
		for _, e := range m.StepEvents() {
			r := postLeft(e)
			if r < 0 {
				continue
			}
			if e.Official != ids[r] {
				t.Fatalf("step %d: %s of official %d from region %d, led by %d", step, e.Kind, e.Official, r, ids[r])
			}
			l := m.level[r]
			sd := math.Sqrt(max(0, sum2[l]/n[l]-sum[l]/n[l]*sum[l]/n[l]))
			lv := leaver{r: r, noisy: score[r] + o.EvalNoise*sd*drawNormal(m.seed, keyEval, step, r, 0)}
			below := 0.0 // mid-rank: a tie counts half
			for q := 0; q < R; q++ {
				if q != r && m.level[q] == l {
					switch {
					case score[q] < lv.noisy:
						below++
					case score[q] == lv.noisy:
						below += 0.5
					}
				}
			}
			lv.percentile = below / max(1, n[l]-1)
			lv.retire = ages[r]+1/spy >= o.RetireAge
			lv.promoted = e.Kind == "promotion"
			if e.Kind == "retirement" && (e.Detail == "age") != lv.retire {
				t.Errorf("step %d: official %d (age %.2f) left region %d for %q", step, e.Official, ages[r]+1/spy, r, e.Detail)
			}
			if a := arr[e.Official]; a.known {
				if want := float64(step+1-a.start) / spy; math.Abs(e.Value-want) > 1e-12 {
					t.Errorf("step %d: %s of official %d: tenure %g years, want %g", step, e.Kind, e.Official, e.Value, want)
				}
			}
			leavers = append(leavers, lv)
		}
		// only the top promote_share may be promoted, the best first
		for _, a := range leavers {
			if !a.promoted {
				continue
			}
			promotions++
			if a.retire || a.percentile < 1-o.PromoteShare-1e-12 {
				t.Errorf("step %d: official of region %d promoted at percentile %.3f (retiring %v)", step, a.r, a.percentile, a.retire)
			}
			for _, b := range leavers {
				if !b.promoted && !b.retire && m.level[b.r] == m.level[a.r] && b.percentile >= 1-o.PromoteShare && b.noisy > a.noisy+1e-12 {
					t.Errorf("step %d: official of region %d (score %.4f) promoted over region %d's (score %.4f)", step, a.r, a.noisy, b.r, b.noisy)
				}
			}
		}
		// arrivals: movers' preferences; new officials' priors
		moved := map[int]int{} // post -> post left
		for _, e := range m.StepEvents() {
			if e.Kind == "promotion" || e.Kind == "move" {
				moved[e.Region] = e.FromRegion
			}
		}
		for r := 0; r < R; r++ {
			if m.offID[r] == ids[r] {
				for s := 0; s < S; s++ {
					if want := pref[r*S+s] * (1 - o.PreferenceDecay); math.Abs(m.pref[r*S+s]-want) > 1e-12 {
						t.Fatalf("step %d region %d sector %d: preference %g, want %g faded", step, r, s, m.pref[r*S+s], want)
					}
				}
				continue
			}
			if from, ok := moved[r]; ok {
				g, mean := make([]float64, S), 0.0
				for s := range g {
					g[s] = math.Log(m.yRS[from*S+s] / arr[m.offID[r]].ySector[s])
					mean += g[s] / float64(S)
				}
				v := 0.0
				for s := range g {
					v += (g[s] - mean) * (g[s] - mean) / float64(S)
				}
				for s := range g {
					want := o.PreferenceGain * (g[s] - mean) / math.Sqrt(v)
					if math.Abs(m.pref[r*S+s]-want) > 1e-9 {
						t.Fatalf("step %d: official moved %d -> %d: preference for sector %d %g, want %g", step, from, r, s, m.pref[r*S+s], want)
					}
				}
			} else {
				w := pol.Platform
				kgN := m.K * numStages
				for kg := 0; kg < kgN; kg++ {
					want := p.Instruments[kg/numStages].Conventional
					if prec := m.pilotPrec[kg] + w*m.poolPrec[kg]; prec > 0 {
						want += min(1, 2*w) * ((m.pilotSum[kg]+w*m.poolSum[kg])/prec - want)
					}
					if got := m.eMean[r*kgN+kg]; math.Abs(got-want) > 1e-12 {
						t.Fatalf("step %d: new official in region %d believes %g of practice %d, want %g", step, r, got, kg, want)
					}
				}
			}
			arr[m.offID[r]] = arrival{step + 1, true, m.yReg[r], trend[r], slices.Clone(m.yRS[r*S : (r+1)*S])}
		}
	}
	if promotions == 0 {
		t.Fatal("no promotion")
	}
}

// Demand shocks multiply a sector's demand by 1 + demand from the event's
// step on, and compound: two shocks to one sector leave its demand at the
// product of both times what it would have been (demand is exogenous, so
// a run without the shocks, on the same seed, says what that is).
func TestDemandShocksCompound(t *testing.T) {
	p := smallParams()
	shocks := []Event{
		{Step: 2, Shocks: []Shock{{Sector: "steel", Demand: -0.2}}, Label: "down"},
		{Step: 4, Shocks: []Shock{{Sector: "steel", Demand: 0.5}}, Label: "up"},
	}
	a, b := newModelEv(t, p, 8, 1, shocks), newModel(t, p, 8, 1)
	for step := 0; step < 8; step++ {
		a.Step(step)
		b.Step(step)
		for s, sec := range p.Sectors {
			want := 1.0
			if sec.Name == "steel" && step >= 2 {
				want = 0.8
			}
			if sec.Name == "steel" && step >= 4 {
				want = 0.8 * 1.5
			}
			if got := a.demand[s] / b.demand[s]; math.Abs(got-want) > 1e-12 {
				t.Fatalf("step %d sector %s: demand %g times the unshocked, want %g", step, sec.Name, got, want)
			}
		}
	}
}

// Fit is comparative advantage: normalised to mean 1 across each region's
// sectors (doc.go, Initialisation), whatever the heterogeneity.
func TestFitHasMeanOneInEachRegion(t *testing.T) {
	for _, h := range []float64{0.25, 1, 2} {
		p := smallParams()
		p.World.Heterogeneity = h
		m := newModel(t, p, 4, 2)
		spread := 0.0
		for r := 0; r < m.R; r++ {
			mean := 0.0
			for s := 0; s < m.S; s++ {
				mean += m.fit[r*m.S+s] / float64(m.S)
				spread = max(spread, math.Abs(m.fit[r*m.S+s]-1))
			}
			if math.Abs(mean-1) > 1e-12 {
				t.Errorf("heterogeneity %g: region %d's fit has mean %.15f, want 1", h, r, mean)
			}
		}
		if spread == 0 {
			t.Errorf("heterogeneity %g: fit is 1 everywhere", h)
		}
	}
}

// The center reviews its uniform portfolio every center_review steps (and
// at a regime switch), not in between: its shares change only at steps
// that are multiples of center_review.
func TestCenterReviewsEveryCenterReviewSteps(t *testing.T) {
	p := smallParams()
	p.Policy.Autonomy, p.Policy.CenterReview = 0.4, 5
	m := newModel(t, p, 40, 3)
	changed := 0
	for step := 0; step < 40; step++ {
		before := slices.Clone(m.cShare)
		m.Step(step)
		if slices.Equal(before, m.cShare) {
			continue
		}
		changed++
		if step == 0 || step%p.Policy.CenterReview != 0 {
			t.Errorf("step %d: the central portfolio changed between reviews (every %d steps)", step, p.Policy.CenterReview)
		}
	}
	if changed == 0 {
		t.Fatal("the central portfolio never changed")
	}
}

// The center rotates its pilots over the cities: pilot_cities of them at
// a review, the next ones at the next review, so over a run its pilots
// reach more cities than one review's share.
func TestCenterPilotsRotateOverTheCities(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 5
	p.Policy.Autonomy, p.Policy.PilotCities, p.Policy.CenterReview = 0.5, 0.2, 4
	p.Policy.ScaleUpEvidence = 1e12 // no practice leaves the pilots' choice
	m := newModel(t, p, 40, 3)
	cities := map[int]bool{}
	for step := 0; step < 40; step++ {
		m.Step(step)
		for _, e := range m.StepEvents() {
			if e.Kind == "pilot" && e.Detail == "center" {
				cities[e.Region] = true
			}
		}
	}
	per := int(math.Ceil(p.Policy.PilotCities * float64(p.World.Provinces*p.World.CitiesPerProvince)))
	if len(cities) <= per {
		t.Errorf("the center piloted in %d cities over 10 years, no more than one review's %d", len(cities), per)
	}
}

// A plan halves the priority of sectors whose utilisation (as the plan's
// step starts) is below 1/(1 + overcapacity_cap), and issues
// documents.framework documents per sector whose priority is then above 1
// (doc.go, Center plans): with plan_response 0 a plan's priority is the
// base one, halved or not.
func TestPlanHalvesOvercapacityAndDocumentsPriorities(t *testing.T) {
	for _, slack := range []float64{0.05, -0.5} {
		p := smallParams()
		p.Policy.PlanCycle, p.Policy.PlanResponse = 1, 0
		p.Market.DemandSlack = slack
		p.Documents.Framework = 3
		m := newModel(t, p, 8, 1)
		runSteps(m, 0, m.spy) // the next step plans
		util := make([]float64, m.S)
		for s := range util {
			util[s] = min(1, m.demand[s]/m.capSum[s])
		}
		m.Step(m.spy)
		frameworks := 0.0
		m.StepDocuments(func(level, cat string, n float64) {
			if level == "center" && cat == "framework" {
				frameworks += n
			}
		})
		want, halved := 0.0, 0
		for s, sec := range p.Sectors {
			prio := sec.Priority
			if util[s] < 1/(1+p.Policy.OvercapacityCap) {
				prio *= 0.5
				halved++
			}
			if m.prio[s] != prio {
				t.Errorf("slack %g: sector %s (utilisation %.3f): priority %g, want %g", slack, sec.Name, util[s], m.prio[s], prio)
			}
			if prio > 1 {
				want += p.Documents.Framework
			}
		}
		if frameworks != want {
			t.Errorf("slack %g: %g framework documents, want %g", slack, frameworks, want)
		}
		if slack < 0 && halved == 0 || slack > 0 && halved == m.S {
			t.Errorf("slack %g: %d of %d sectors halved; the test needs both kinds", slack, halved, m.S)
		}
	}
}
