package agents

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Accounting identities: quantities that must add up whatever the
// parameters (money spent and blocked against budgets, capacity and
// productivity against the documented laws of motion, markets, stocks,
// documents and their echoes, officials and their careers, learning).
// Each is checked after every step of small worlds over a table of
// regimes, against the rules of doc.go recomputed here from the state
// before the step, not read from the model's own counters.

// identityCases are the regimes the identities are checked under.
func identityCases() []struct {
	name string
	set  func(p *Params)
} {
	coord := func(aut float64, realloc bool, rule string) func(p *Params) {
		return func(p *Params) {
			p.Policy.Autonomy = aut
			p.Policy.Coordination = true
			p.Policy.CapRealloc = realloc
			p.Policy.CapRule = rule
		}
	}
	return []struct {
		name string
		set  func(p *Params)
	}{
		{"autonomy0/caps_saved", coord(0, false, "region")},
		{"autonomy0/caps_realloc_sector", coord(0, true, "sector")},
		{"autonomy0.5/caps_saved_sector", coord(0.5, false, "sector")},
		{"autonomy0.5/caps_realloc", coord(0.5, true, "region")},
		// some sectors capped, others not: regions whose own (or the
		// center's) pairs are all capped while the other part's are free
		{"autonomy0.5/caps_realloc_sector_some_capped", func(p *Params) {
			p.World.Provinces, p.World.CitiesPerProvince = 4, 5
			p.Market.DemandSlack = 0.05
			coord(0.5, true, "sector")(p)
		}},
		{"autonomy0.5/no_coordination", func(p *Params) {
			p.Policy.Autonomy, p.Policy.Coordination = 0.5, false
		}},
		{"autonomy1/caps_saved_sector", coord(1, false, "sector")},
		{"autonomy1/caps_realloc", coord(1, true, "region")},
		{"autonomy1/laissez_faire", func(p *Params) {
			pol := &p.Policy
			pol.Autonomy, pol.Coordination, pol.Priorities = 1, false, false
			pol.Alignment, pol.Platform, pol.PromotionBasis = 0, 0, "seniority"
		}},
		{"counties/autonomy0.5_realloc_sector", func(p *Params) {
			p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 2, 2
			coord(0.5, true, "sector")(p)
			p.Policy.PromotionBasis = "reports"
		}},
		{"counties/autonomy0.85_saved", func(p *Params) {
			p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 2, 2
			coord(0.85, false, "region")(p)
			p.Policy.ReviewInterval = 3
		}},
		// an instrument that needs the network, after cluster, which
		// builds it, in the table: the complement is the stock before
		// the step's gains (doc.go: new stocks count in the complements
		// from the next step)
		{"needs_network", func(p *Params) {
			p.Instruments = slices.Clone(p.Instruments)
			p.Instruments[9].Needs = "network"
			coord(0.85, true, "region")(p)
		}},
		// every instrument lagged and a steep career horizon: an official
		// in his term's last step allocates nothing, an own part no cap
		// blocked, which cap_realloc must leave unspent (doc.go, Decisions)
		{"lagged_toolbox_last_steps_realloc", func(p *Params) {
			coord(0.5, true, "sector")(p)
			p.Policy.Toolbox = []string{"training", "market_access"}
			p.Policy.CareerConcern = 3
		}},
		{"lagged_toolbox_last_steps_realloc_no_caps_no_pilots", func(p *Params) {
			p.Policy.Autonomy, p.Policy.Coordination, p.Policy.CapRealloc = 0.5, false, true
			p.Policy.Toolbox = []string{"training", "market_access"}
			p.Policy.CareerConcern, p.Policy.PilotShare = 3, 0
		}},
		// lags longer than the quarterly presets': a monthly calendar's
		// two-year lag and a long echo (the pipelines are as long as the
		// longest lag)
		{"long_lags", func(p *Params) {
			p.Instruments = slices.Clone(p.Instruments)
			p.Instruments[3].Lag, p.Instruments[6].Lag = 24, 17
			p.Documents.EchoLag = 20
			coord(0.85, true, "region")(p)
		}},
		{"centralized_money", func(p *Params) {
			pol := &p.Policy
			pol.Autonomy, pol.Toolbox, pol.PilotShare, pol.Platform = 0, []string{"subsidy", "tax_incentive"}, 0, 0
			pol.PromotionBasis, pol.ReviewInterval, pol.CenterReview = "reports", 20, 20
			pol.Coordination, pol.CapRealloc = true, false
		}},
	}
}

// identityParams is a 2 x 3 world over capacity from the start (caps
// bind), with short terms (turnover within the run).
func identityParams() Params {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 3
	p.Market.DemandSlack = -0.15
	p.Officials.TermMean = 1.5
	return p
}

const identitySteps = 40

// identityRandomRuns is how many random parameter sets the identities are
// checked over: 300 found no failure that the table's regimes did not,
// so a few keep the test fast.
const identityRandomRuns = 16

// idState is what the identities need of the state before a step.
type idState struct {
	budget, capK, prod, util, price, demand0, demandMul    []float64
	infra, skills, land, network, impl                     []float64
	stage                                                  []int8
	poolSum, poolPrec, pilotSum, pilotPrec, cPrec, fitPrec []float64
	docsIssued                                             []float64
	docCum                                                 [4]float64
	docCumCat                                              []float64
	offID, start                                           []int
	abilityR, ageR                                         []float64   // by region
	region                                                 map[int]int // official -> region
	age, ability                                           map[int]float64
	follower                                               map[int]bool
	ePrec                                                  map[int][]float64
}

func snapshot(m *Model) idState {
	c := slices.Clone[[]float64]
	st := idState{
		budget: c(m.budget), capK: c(m.capK), prod: c(m.prod), util: c(m.util), price: c(m.price), demand0: c(m.demand0), demandMul: c(m.demandMul),
		infra: c(m.infra), skills: c(m.skills), land: c(m.land), network: c(m.network), impl: c(m.impl),
		stage:   slices.Clone(m.stage),
		poolSum: c(m.poolSum), poolPrec: c(m.poolPrec), pilotSum: c(m.pilotSum), pilotPrec: c(m.pilotPrec),
		cPrec: c(m.cPrec), fitPrec: c(m.fitPrec), docsIssued: c(m.docsIssued), docCum: m.docCum, docCumCat: c(m.docCumCat),
		offID: slices.Clone(m.offID), start: slices.Clone(m.start), abilityR: c(m.ability), ageR: c(m.age),
		region: map[int]int{}, age: map[int]float64{}, ability: map[int]float64{}, follower: map[int]bool{},
		ePrec: map[int][]float64{},
	}
	kgN := m.K * numStages
	for r, id := range m.offID {
		st.region[id], st.age[id], st.ability[id], st.follower[id] = r, m.age[r], m.ability[r], m.follower[r]
		st.ePrec[id] = c(m.ePrec[r*kgN : (r+1)*kgN])
	}
	return st
}

// checker reports a failed identity once per name, with the step.
type checker struct {
	t      *testing.T
	step   int
	failed map[string]bool
}

// near checks a == b to relative tolerance 1e-9 of scale (or of the
// larger of |a|, |b| when scale is 0).
func (c *checker) near(name string, a, b, scale float64, format string, args ...any) {
	c.t.Helper()
	if scale == 0 {
		scale = math.Max(math.Abs(a), math.Abs(b))
	}
	if math.Abs(a-b) <= 1e-9*scale+1e-300 && !math.IsNaN(a) && !math.IsNaN(b) {
		return
	}
	c.fail(name, "%s: got %.12g, want %.12g (%s)", name, a, b, fmt.Sprintf(format, args...))
}

func (c *checker) check(name string, ok bool, format string, args ...any) {
	c.t.Helper()
	if !ok {
		c.fail(name, "%s: %s", name, fmt.Sprintf(format, args...))
	}
}

func (c *checker) fail(name, format string, args ...any) {
	c.t.Helper()
	if c.failed[name] {
		return
	}
	c.failed[name] = true
	c.t.Errorf("step %d: "+format, append([]any{c.step}, args...)...)
}

func TestAccountingIdentities(t *testing.T) {
	ceiling := false
	defer func() {
		if !ceiling && !t.Failed() {
			t.Errorf("the absorptive ceiling never bound: its identity was not exercised")
		}
	}()
	for _, tc := range identityCases() {
		t.Run(tc.name, func(t *testing.T) {
			p := identityParams()
			tc.set(&p)
			m := newModel(t, p, identitySteps, 7)
			ir := checkIdentities(t, m, identitySteps)
			ceiling = ceiling || ir.sawCeiling
			if p.Policy.Coordination && !ir.sawBlocked {
				t.Errorf("no cap blocked anything: the money identities under caps were not exercised")
			}
			if strings.HasPrefix(tc.name, "lagged_toolbox") && !ir.sawUnfunded {
				t.Errorf("no allocation funded only its pilot: the case's identity was not exercised")
			}
		})
	}
}

// checkIdentities steps m and checks, after every step, the identities of
// identityRun's methods: money, caps, implementation, effects, markets, budgets,
// documents, careers, learning and adoptions. Its result says which
// corners the run reached (a cap blocked money, the absorptive ceiling
// bound, ...).
func checkIdentities(t *testing.T, m *Model, steps int) *identityRun {
	ir := &identityRun{m: m, c: &checker{t: t, failed: map[string]bool{}},
		dueCap: map[int][]float64{}, duePrd: map[int][]float64{}, yearAcc: make([]float64, m.R*m.S*m.K)}
	for step := 0; step < steps; step++ {
		ir.b = snapshot(m)
		m.Step(step)
		// the parameters in force in the step (events apply at its start)
		ir.step, ir.c.step, ir.p = step, step, m.p
		ir.money()
		ir.caps()
		impl := ir.implementation()
		ir.effects(impl)
		va, totalK := ir.markets()
		ir.budgets(va, totalK)
		ir.documents()
		ir.careers()
		ir.learning()
		ir.adoptions()
	}
	return ir
}

// identityRun is what checkIdentities carries from step to step and what
// each step's checks read.
type identityRun struct {
	m    *Model
	c    *checker
	b    idState // the state before the step
	step int
	p    Params // the parameters in force in the step
	// the test's own pipeline of effects: step due -> r*S+s rate
	dueCap, duePrd         map[int][]float64
	yearAcc                []float64 // spending since the last measurement
	cumSpend, cumGain      float64
	sawBlocked, sawCeiling bool // a cap blocked money; the absorptive ceiling bound
	sawUnfunded            bool // an allocation funded no pair (its pilot only)
}

// money checks spending per region and pair against the budget: the own
// (autonomy*B) and central ((1-autonomy)*B, its pilot included) parts,
// what caps blocked and what cap_realloc re-spent; and the spending,
// financial_share, stage-share and cap_reallocated metrics. It returns the
// step's budgets and what caps blocked of them.
func (ir *identityRun) money() (budget, blocked float64) {
	m, b, c, p := ir.m, ir.b, ir.c, ir.p
	R, S, K := m.R, m.S, m.K
	pol := p.Policy
	aut := pol.Autonomy
	totalB, totalBlocked, totalSpent, totalFin := 0.0, 0.0, 0.0, 0.0
	var stageTotal, stageMoney, stageKnow [numStages]float64
	for r := 0; r < R; r++ {
		B := b.budget[r]
		totalB += B
		ownB, cenB := aut*B, (1-aut)*B
		spent := 0.0
		for j := r * S * K; j < (r+1)*S*K; j++ {
			x := m.spend[j]
			c.check("spend>=0", x >= 0, "region %d pair %d spend %g", r, j, x)
			spent += x
			k := j % K
			g := b.stage[j/K] // the stage the money was spent at
			stageTotal[g] += x
			switch m.class[k] {
			case classFinancial:
				totalFin += x
				stageMoney[g] += x
			case classLand:
				stageMoney[g] += x
			case classKnowledge:
				stageKnow[g] += x
			}
		}
		c.near("region spending = shape.region", spent, m.shape.region[r], B, "region %d", r)
		totalSpent += spent

		// own part: shares sum to 1 when there is own money
		ownSum, ownBlockedShare := 0.0, 0.0
		for s := 0; s < S; s++ {
			for k := 0; k < K; k++ {
				x := m.share[(r*S+s)*K+k]
				ownSum += x
				if m.cappedRS[r*S+s] && m.addsCap[k] {
					ownBlockedShare += x
				}
			}
		}
		// the share of the own part the shares fund: 1, or at most a
		// pilot's (its own, or a copied one) where the allocation funds no
		// pair (doc.go, Decisions); the rest is saved, not blocked
		alloc := 1.0
		switch {
		case ownB > 0 && ownSum < 1-1e-9 && ownSum <= ir.p.Policy.PilotShare+1e-12:
			alloc = ownSum
			ir.sawUnfunded = true
		case ownB > 0:
			c.near("own shares sum to 1", ownSum, 1, 1, "region %d", r)
		case ownB <= 0:
			c.near("no own shares without own money", ownSum, 0, 1, "region %d", r)
		}
		// own part: blocked where a cap blocks capacity-adding tools
		ownFreeShare := ownSum - ownBlockedShare
		ownFree := ownB > 0 && ownFreeShare > 0
		ownBlocked := ownBlockedShare * ownB
		// central part: the center's pilot, then its intensities per
		// unit of the capacity the money was spent on
		pilot := int(m.cPilotPair[r]) - r*S*K
		pilotB := 0.0
		if pilot >= 0 && cenB > 0 {
			pilotB = pol.PilotShare * cenB
		}
		pilotBlocked := pilot >= 0 && m.cappedRS[r*S+pilot/K] && m.addsCap[pilot%K]
		rest := cenB - pilotB
		wAll, wBlocked := 0.0, 0.0
		for s := 0; s < S; s++ {
			for k := 0; k < K; k++ {
				v := m.capSpent[r*S+s] * m.cost[k] * m.cIntens[s*K+k]
				wAll += v
				if m.cappedRS[r*S+s] && m.addsCap[k] {
					wBlocked += v
				}
			}
		}
		wFree := wAll - wBlocked
		if cenB > 0 {
			c.check("a central part has a portfolio", wAll > 0, "region %d", r)
		}
		cenBlocked := 0.0
		if pilotBlocked {
			cenBlocked += pilotB
		}
		if wAll > 0 {
			cenBlocked += rest * wBlocked / wAll
		}
		blocked := ownBlocked + cenBlocked
		totalBlocked += blocked
		if blocked > 0 {
			ir.sawBlocked = true
		}
		// spending = budget - what caps blocked and was not re-spent:
		// without cap_realloc all of it; with it, all of it re-spent
		// on the region's free pairs, the own part's on its own, the
		// center's on the center's, a part with none on the other's
		ownSpent, cenSpent := ownB*alloc-ownBlocked, cenB-cenBlocked
		if pol.CapRealloc {
			cenLeft := cenB // what the center's routine pairs cannot take
			if !pilotBlocked {
				cenLeft -= pilotB
			}
			switch {
			case ownFree && wFree > 0:
				ownSpent, cenSpent = ownB*alloc, cenB
			case ownFree: // the center's pairs all capped
				ownSpent, cenSpent = ownB*alloc+cenLeft, cenB-cenLeft
			case wFree > 0: // the own pairs all capped, or none funded
				ownSpent, cenSpent = 0, cenB
				if ownBlocked > 0 {
					cenSpent += ownB * alloc
				}
			}
			if (ownFree || wFree > 0) && alloc == 1 {
				c.near("spending = budget under cap_realloc", spent, B, B, "region %d", r)
			}
		}
		c.near("spending = budget - unspent blocked", spent, ownSpent+cenSpent, B, "region %d: budget %g, blocked %g (own %g, central %g), realloc %v", r, B, blocked, ownBlocked, cenBlocked, pol.CapRealloc)
		// the split, pair by pair: the own part by the shares, pro rata
		// over the free pairs; the center's routine part by its
		// intensities per unit of capacity, pro rata over its free
		// pairs; its pilot's money on the pilot
		ownScale, unit := 0.0, 0.0
		if ownFreeShare > 0 {
			ownScale = ownSpent / ownFreeShare
		}
		pilotSpent := 0.0
		if !pilotBlocked {
			pilotSpent = pilotB
		}
		if wFree > 0 {
			unit = (cenSpent - pilotSpent) / wFree
		}
		for s := 0; s < S; s++ {
			for k := 0; k < K; k++ {
				j := (r*S+s)*K + k
				want := 0.0
				if !(m.cappedRS[r*S+s] && m.addsCap[k]) {
					want = m.share[j]*ownScale + unit*m.capSpent[r*S+s]*m.cost[k]*m.cIntens[s*K+k]
				}
				if j-r*S*K == pilot {
					want += pilotSpent
				}
				c.near("spending per pair", m.spend[j], want, B, "region %d sector %d instrument %d", r, s, k)
			}
		}
	}
	c.near("st.budget = sum of budgets", m.st.budget, totalB, 0, "")
	c.near("st.capBlocked = sum of blocked", m.st.capBlocked, totalBlocked, totalB, "")
	if totalB > 0 {
		c.near("cap_reallocated = blocked / budget", m.mCapReallocated(), totalBlocked/totalB, 1, "")
	} else {
		c.check("cap_reallocated NaN without budget", math.IsNaN(m.mCapReallocated()), "got %g", m.mCapReallocated())
	}
	c.near("st.spending = sum of spend", m.st.spending, totalSpent, 0, "")
	c.near("spending metric", m.mSpending()*m.y0, totalSpent, 0, "")
	if totalSpent > 0 {
		c.near("financial_share", m.mFinancialShare(), totalFin/totalSpent, 1, "")
	}
	for g := 0; g < numStages; g++ {
		c.near("stage totals", m.st.stageTotal[g], stageTotal[g], totalSpent, "stage %d", g)
		if stageTotal[g] > 0 {
			c.near("money_land share by stage", stageShare(g, true)(m), stageMoney[g]/stageTotal[g], 1, "stage %d", g)
			c.near("knowledge share by stage", stageShare(g, false)(m), stageKnow[g]/stageTotal[g], 1, "stage %d", g)
		}
	}
	ir.cumSpend += totalSpent
	return totalB, totalBlocked
}

// implementation is each region's implementation multiplier: its
// official's and province leader's abilities times effort, under the
// parameters in force (an event sets them in its step). It is checked
// against the model's, but not in a switch's step, which sets it anew.
func (ir *identityRun) implementation() []float64 {
	m, b, c, step, p := ir.m, ir.b, ir.c, ir.step, ir.p
	R := m.R
	w, pol := p.World, p.Policy
	impl := make([]float64, R)
	inc := map[string]float64{"results": 1, "reports": 0.3}[pol.PromotionBasis]
	o := p.Officials
	for r := 0; r < R; r++ {
		left := min(1, max(0, (o.RetireAge-b.ageR[r])/max(1, o.RetireAge-o.AgeMin)))
		a := b.abilityR[r]
		if m.level[r] != LevelProvince {
			a = (1-w.ProvinceWeight)*a + w.ProvinceWeight*b.abilityR[m.province[r]]
		}
		impl[r] = a * (1 + pol.EffortGain*inc*left)
		if step != m.switchedAt {
			c.near("implementation multiplier", b.impl[r], impl[r], 0, "region %d", r)
		}
	}
	return impl
}

// effects recomputes the step's policy effects from the state before it
// and checks capacity (under the absorptive ceiling, with private
// investment and depreciation), productivity (toward the frontier, never
// above it), infrastructure, skills, network and land.
func (ir *identityRun) effects(impl []float64) {
	m, b, c, step, p := ir.m, ir.b, ir.c, ir.step, ir.p
	R, S, K := m.R, m.S, m.K
	spy := float64(m.spy)
	w := p.World
	keep := 1 - w.StockDecay
	infra, skills, land, network := slices.Clone(b.infra), slices.Clone(b.skills), slices.Clone(b.land), slices.Clone(b.network)
	for r := 0; r < R; r++ {
		landFactor := 1.0
		regionK := 0.0
		for s := 0; s < S; s++ {
			regionK += b.capK[r*S+s]
		}
		if need := w.LandNeed * regionK; b.land[r] < need {
			landFactor = b.land[r] / need
		}
		for s := 0; s < S; s++ {
			i := r*S + s
			ks := b.capK[i]
			for k := 0; k < K; k++ {
				x := m.spend[i*K+k]
				if x == 0 || ks <= 0 {
					continue
				}
				in := p.Instruments[k]
				eff := w.Gamma * log1p(x/(ks*w.X0*in.Cost)) * m.eTrue[k*numStages+int(b.stage[i])] * m.fit[i] * impl[r]
				switch in.Needs {
				case "infrastructure":
					eff *= complement(b.infra[r], w.InitialStock)
				case "skills":
					eff *= complement(b.skills[r], w.InitialStock)
				case "network":
					eff *= complement(b.network[i], w.InitialStock)
				}
				capPart := in.CapShare * eff
				if !in.IgnoresUtilisation {
					capPart *= b.price[s]
				}
				switch in.Builds {
				case "infrastructure":
					infra[r] += w.StockGain * eff / float64(S)
				case "skills":
					skills[r] += w.StockGain * eff / float64(S)
				case "network":
					network[i] += w.StockGain * eff
				case "land":
					capPart *= landFactor
					land[r] = max(0, land[r]-capPart*ks)
				}
				due := step + in.Lag
				if ir.dueCap[due] == nil {
					ir.dueCap[due], ir.duePrd[due] = make([]float64, R*S), make([]float64, R*S)
				}
				ir.dueCap[due][i] += capPart
				ir.duePrd[due][i] += (1 - in.CapShare) * eff
			}
		}
	}
	// deliveries: capacity under the absorptive ceiling, private
	// investment, depreciation; productivity toward the frontier
	frontier := math.Exp(w.FrontierGrowth * float64(step+1) / spy)
	capDue, prdDue := ir.dueCap[step], ir.duePrd[step]
	if capDue == nil {
		capDue, prdDue = make([]float64, R*S), make([]float64, R*S)
	}
	delete(ir.dueCap, step)
	delete(ir.duePrd, step)
	wantK := make([]float64, R*S)
	for r := 0; r < R; r++ {
		growth, regionK := 0.0, 0.0
		for s := 0; s < S; s++ {
			growth += capDue[r*S+s] * b.capK[r*S+s]
			regionK += b.capK[r*S+s]
		}
		ceiling := w.Absorb * (0.5 + 0.5*min(2, skills[r]+infra[r])) * regionK
		scale := 1.0
		if growth > ceiling && growth > 0 {
			scale = ceiling / growth
			ir.sawCeiling = true
		}
		policy := 0.0
		for s := 0; s < S; s++ {
			i := r*S + s
			k0 := b.capK[i]
			private := w.PrivateInvestment * b.util[s] * b.util[s] * b.price[s]
			wantK[i] = max(0, k0*(1+capDue[i]*scale+private-w.Depreciation))
			c.near("capacity", m.capK[i], wantK[i], k0, "region %d sector %d", r, s)
			if wantK[i] > 0 {
				policy += m.capK[i] - k0*(1+private-w.Depreciation)
			}
			gap := max(0, 1-b.prod[i]/frontier)
			c.near("productivity", m.prod[i], min(frontier, b.prod[i]*(1+prdDue[i]*gap)), b.prod[i], "region %d sector %d", r, s)
			c.check("productivity <= frontier", m.prod[i] <= frontier, "region %d sector %d: %g > %g", r, s, m.prod[i], frontier)
		}
		c.check("policy growth <= absorptive ceiling", policy <= ceiling*(1+1e-9)+1e-300, "region %d: %g > %g", r, policy, ceiling)
	}
	// stocks: the step's gains, then decay; land refilled
	for r := 0; r < R; r++ {
		c.near("infrastructure", m.infra[r], infra[r]*keep, 0, "region %d", r)
		c.near("skills", m.skills[r], skills[r]*keep, 0, "region %d", r)
		c.near("land", m.land[r], min(2*m.land0[r], land[r]+w.LandRefill*m.land0[r]), m.land0[r], "region %d", r)
		c.check("land in [0, 2 land0]", m.land[r] >= 0 && m.land[r] <= 2*m.land0[r]*(1+1e-12), "region %d land %g", r, m.land[r])
	}
	for i := range network {
		c.near("network", m.network[i], network[i]*keep, 0, "region-sector %d", i)
	}
}

// markets checks demand, national capacity, utilisation, prices, stages
// and value added and its metrics; it returns value added and national
// capacity.
func (ir *identityRun) markets() (float64, float64) {
	m, b, c, p := ir.m, ir.b, ir.c, ir.p
	R, S := m.R, m.S
	spy := float64(m.spy)
	w := p.World
	totalK, va := 0.0, 0.0
	for s := 0; s < S; s++ {
		c.near("demand growth", m.demand[s], b.demand0[s]*math.Exp(m.growthS[s]/spy)*m.demandMul[s], 0, "sector %d", s)
		sum := 0.0
		for r := 0; r < R; r++ {
			sum += m.capK[r*S+s]
		}
		totalK += sum
		c.near("national capacity", m.capSum[s], sum, 0, "sector %d", s)
		u := min(1, m.demand[s]/sum)
		c.near("utilisation", m.util[s], u, 1, "sector %d", s)
		c.near("price", m.price[s], math.Pow(u, p.Market.Eta), 1, "sector %d", s)
		thr := m.meanK0[s] * math.Sqrt(sum/m.capSum0[s])
		for r := 0; r < R; r++ {
			g := Growth
			if k := m.capK[r*S+s]; k < w.StageEntry*thr {
				g = Entry
			} else if k > w.StageMature*thr {
				g = Mature
			}
			c.check("stage", int(m.stage[r*S+s]) == g, "region %d sector %d: stage %d, want %d", r, s, m.stage[r*S+s], g)
		}
	}
	c.near("total capacity", m.totalK, totalK, 0, "")
	for r := 0; r < R; r++ {
		y, kr := 0.0, 0.0
		for s := 0; s < S; s++ {
			i := r*S + s
			yi := m.prod[i] * m.capK[i] * m.util[s] * m.price[s]
			c.near("value added per region-sector", m.yRS[i], yi, 0, "region %d sector %d", r, s)
			y += yi
			kr += m.capK[i]
		}
		c.near("value added per region", m.yReg[r], y, 0, "region %d", r)
		c.near("region capacity", m.regionK[r], kr, 0, "region %d", r)
		va += y
	}
	c.near("value_added metric", m.mValueAdded()*m.y0, va, 0, "")
	ir.cumGain += va - m.y0
	if ir.cumSpend > 0 {
		c.near("value_per_spend", m.mValuePerSpend(), ir.cumGain/ir.cumSpend, 1, "")
	} else {
		c.check("value_per_spend is NaN before any spending", math.IsNaN(m.mValuePerSpend()), "got %g", m.mValuePerSpend())
	}
	return va, totalK
}

// budgets checks the budgets: tau*Y, a transfer share pooled and returned
// per unit of capacity; the transfers sum to zero.
func (ir *identityRun) budgets(va, totalK float64) {
	m, c, p := ir.m, ir.c, ir.p
	R := m.R
	w := p.World
	budgets, net := 0.0, 0.0
	for r := 0; r < R; r++ {
		want := w.TaxRate*(1-w.Transfer)*m.yReg[r] + w.TaxRate*w.Transfer*va*m.regionK[r]/totalK
		c.near("budget", m.budget[r], want, 0, "region %d", r)
		budgets += m.budget[r]
		net += m.budget[r] - w.TaxRate*m.yReg[r]
	}
	c.near("budgets sum to tau*Y", budgets, w.TaxRate*va, 0, "")
	c.near("transfers sum to 0", net, 0, w.TaxRate*va, "")
}

// documents checks documents by level and category, their cumulation and
// shares, echoes of each source once and the documents credited to
// officials.
func (ir *identityRun) documents() {
	m, b, c, step, p := ir.m, ir.b, ir.c, ir.step, ir.p
	R := m.R
	pol := p.Policy
	aut := pol.Autonomy
	total, byLevel := 0.0, [4]float64{}
	byCat := make([]float64, m.ncat)
	for l := range m.docStep {
		for cat, v := range m.docStep[l] {
			total += v
			byLevel[l] += v
			byCat[cat] += v
		}
	}
	c.near("docs_total", m.mDocsTotal(), total, 0, "")
	cum, cumCat := 0.0, 0.0
	for l := range m.docCum {
		c.near("docs cumulate by level", m.docCum[l], b.docCum[l]+byLevel[l], 0, "level %d", l)
		cum += m.docCum[l]
	}
	for cat := range byCat {
		c.near("docs cumulate by category", m.docCumCat[cat], b.docCumCat[cat]+byCat[cat], 0, "category %d", cat)
		cumCat += m.docCumCat[cat]
	}
	c.near("docs by level = docs by category", cum, cumCat, 0, "")
	if cum > 0 {
		shares := 0.0
		for l := LevelCenter; l <= LevelCounty; l++ {
			if v := docShare(l)(m); !math.IsNaN(v) {
				shares += v
			}
		}
		c.near("document shares sum to 1", shares, 1, 1, "")
	}
	// echoes: each region's documents of the step are its own
	// measures plus rate times its source's documents of step
	// t - echo_lag (the center's for provinces, the parent's
	// otherwise), counted once; regions that did not decide issue
	// echoes only
	n, nc, slot := m.ringN, m.ncat, step%m.ringN
	d := p.Documents
	for cat := 0; cat < nc; cat++ {
		c.near("center documents of the step", m.docStep[LevelCenter][cat], m.centerDoc[slot*nc+cat], 0, "category %d", cat)
	}
	var sources []int // ring slots whose documents are echoed in this step
	for ss, at := range m.slotStep {
		if at >= 0 && at+m.slotLag[ss] == step {
			sources = append(sources, ss)
		}
	}
	for r := 0; r < R; r++ {
		decided := step == m.switchedAt || aut > 0 && (step+m.review[r])%pol.ReviewInterval == 0
		rate, echo := 0.0, d.ProvinceEcho
		switch m.level[r] {
		case LevelCity:
			echo = d.CityEcho
		case LevelCounty:
			echo = d.CountyEcho
		}
		rate = d.MeasureRate
		if m.level[r] == LevelCounty {
			rate = d.CountyMeasure
		}
		if pol.PromotionBasis == "reports" {
			rate *= 1 + d.ReportsBoost
		}
		row := m.docRing[(r*n+slot)*nc : (r*n+slot+1)*nc]
		rowTotal := 0.0
		for cat, v := range row {
			rowTotal += v
			want := 0.0
			for _, ss := range sources {
				if m.level[r] == LevelProvince {
					want += echo * m.centerDoc[ss*nc+cat]
				} else {
					pr := int(m.parent[r])
					want += echo * m.docRing[(pr*n+ss)*nc+cat]
				}
			}
			own := v - want
			if !decided {
				c.near("echoes only", v, want, 0, "region %d category %d", r, cat)
				continue
			}
			q := own / rate
			c.check("own documents are whole measures", q > -1e-9 && math.Abs(q-math.Round(q)) < 1e-6, "region %d category %d: %g documents beyond echoes at rate %g", r, cat, own, rate)
		}
		if b.offID[r] == m.offID[r] && b.start[r] == m.start[r] {
			c.near("documents credited to the official", m.docsIssued[r], b.docsIssued[r]+rowTotal, 0, "region %d", r)
		} else {
			c.near("a new term starts without documents", m.docsIssued[r], 0, 1, "region %d", r)
		}
	}
}

// careers checks one official per region, leavers, appointments, moves,
// ages and the precisions officials carry.
func (ir *identityRun) careers() {
	m, b, c, p := ir.m, ir.b, ir.c, ir.p
	K := m.K
	kgN := K * numStages
	spy := float64(m.spy)
	o := p.Officials
	now := map[int]int{}
	for r, id := range m.offID {
		if q, dup := now[id]; dup {
			c.fail("one official per region", "official %d leads regions %d and %d", id, q, r)
		}
		now[id] = r
	}
	gone, fresh, moved := 0, 0, 0
	for id := range b.region {
		if _, ok := now[id]; !ok {
			gone++
		}
	}
	dt := 1 / spy
	for id, r := range now {
		br, ok := b.region[id]
		if !ok {
			fresh++
			c.check("new official's age", m.age[r] >= o.AgeMin && m.age[r] <= o.AgeMax, "region %d age %g", r, m.age[r])
			for kg := 0; kg < kgN; kg++ {
				c.near("new official's precision", m.ePrec[r*kgN+kg], o.PriorPrecision, 0, "region %d", r)
			}
			continue
		}
		if br != r {
			moved++
		}
		c.near("ages advance by 1/steps_per_year", m.age[r], b.age[id]+dt, 0, "official %d", id)
		c.check("ability moves with the official", m.ability[r] == b.ability[id], "official %d", id)
		c.check("follower moves with the official", m.follower[r] == b.follower[id], "official %d", id)
		for kg := 0; kg < kgN; kg++ {
			c.check("an official's precision only grows", m.ePrec[r*kgN+kg] >= b.ePrec[id][kg]*(1-1e-12), "official %d practice %d: %g < %g", id, kg, m.ePrec[r*kgN+kg], b.ePrec[id][kg])
		}
	}
	c.check("leavers = retirements", gone == m.st.retirements, "%d officials left, retirements %d", gone, m.st.retirements)
	c.check("appointments = retirements", fresh == m.st.retirements, "%d appointed, retirements %d", fresh, m.st.retirements)
	c.check("movers = promotions + moves", moved == m.st.promotions+m.st.moves, "%d changed post, promotions %d moves %d", moved, m.st.promotions, m.st.moves)
}

// learning checks that precisions only grow and pools decay at
// pool_decay, and the year's spending the measurement reads.
func (ir *identityRun) learning() {
	m, b, c, step, p := ir.m, ir.b, ir.c, ir.step, ir.p
	K := m.K
	kgN := K * numStages
	pol := p.Policy
	measured := (step+1)%m.spy == 0
	dk := 1 - pol.PoolDecay
	for kg := 0; kg < kgN; kg++ {
		pools := [][2][]float64{{m.poolSum, b.poolSum}, {m.poolPrec, b.poolPrec}, {m.pilotSum, b.pilotSum}, {m.pilotPrec, b.pilotPrec}}
		for pi, pl := range pools {
			if measured && pi%2 == 1 {
				c.check("pooled precision only grows beyond its decay", pl[0][kg] >= pl[1][kg]*dk*(1-1e-12), "pool %d practice %d", pi, kg)
			} else if !measured {
				c.near("pools decay at pool_decay", pl[0][kg], pl[1][kg]*dk, 0, "pool %d practice %d", pi, kg)
			}
		}
		c.check("center's precision only grows", m.cPrec[kg] >= b.cPrec[kg], "practice %d", kg)
		if !measured {
			c.near("center's precision between reports", m.cPrec[kg], b.cPrec[kg], 0, "practice %d", kg)
		}
	}
	for i := range m.fitPrec {
		c.check("fit precision only grows", m.fitPrec[i] >= b.fitPrec[i], "region-sector %d", i)
	}
	// the year's spending is what the measurement reads, then cleared
	for j := range ir.yearAcc {
		ir.yearAcc[j] += m.spend[j]
	}
	for j, v := range m.yearSpend {
		if measured {
			c.near("year's spending cleared at the measurement", v, 0, 1, "pair %d", j)
		} else {
			c.near("year's spending accumulates", v, ir.yearAcc[j], 0, "pair %d", j)
		}
	}
	if measured {
		clear(ir.yearAcc)
	}
}

// adoptions checks that adoptions by origin add up, and that each region
// adopts each practice once.
func (ir *identityRun) adoptions() {
	m, c := ir.m, ir.c
	all := 0.0
	for _, v := range m.adoptBy {
		all += v
	}
	c.near("adoptions by origin sum to all", m.st.adoptAll, all, 0, "")
	// a first adoption is a region's first funding of a practice: one
	// per region and practice ever funded, whatever its origin
	funded := 0.0
	for _, a := range m.adopted {
		if a {
			funded++
		}
	}
	c.near("one first adoption per region and practice", m.st.adoptAll, funded, 0, "")
	c.near("local adoptions", m.st.adoptLocal, m.adoptBy[originOwn]+m.adoptBy[originPilot], 0, "")
}

// The identities hold across scenario events: regime switches (autonomy
// up and down, a smaller toolbox, a longer echo_lag, a new promotion
// rule) and demand shocks.
func TestAccountingIdentitiesWithEvents(t *testing.T) {
	p := identityParams()
	p.World.CountiesPerCity = 1
	p.Policy.Autonomy = 1
	cur := p
	at := func(step int, f func(q *Params)) Event {
		q := cur.Clone()
		f(&q)
		cur = q // events add up
		return Event{Step: step, Params: &q, Label: fmt.Sprint("step ", step)}
	}
	evs := []Event{
		at(6, func(q *Params) { q.Policy.Autonomy = 0.5 }),
		{Step: 9, Shocks: []Shock{{Sector: "steel", Demand: -0.3}}, Label: "shock"},
		at(14, func(q *Params) { q.Documents.EchoLag = 3; q.Policy.PromotionBasis = "reports" }),
		at(18, func(q *Params) {
			q.Policy.Toolbox = []string{"subsidy", "land", "training"}
			q.Policy.CapRealloc = false
		}),
		at(25, func(q *Params) { q.Policy.Autonomy = 0; q.Documents.EchoLag = 1 }),
		at(31, func(q *Params) { q.Policy.Autonomy = 0.85; q.Policy.ReviewInterval = 3; q.Policy.Toolbox = nil }),
	}
	m := newModelEv(t, p, identitySteps, 3, evs)
	checkIdentities(t, m, identitySteps)
}

// TestAccountingIdentitiesRandom checks the identities in random corners
// of the parameter space (randomParams), where regimes combine in ways the
// table does not list.
func TestAccountingIdentitiesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < identityRandomRuns; i++ {
		p := randomParams(rng)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("params: world %+v policy %+v", p.World, p.Policy)
				}
			}()
			checkIdentities(t, newModel(t, p, identitySteps, uint64(i)), identitySteps)
		})
	}
}

// caps checks which region-sectors coordination capped in the step
// (doc.go, Center plans): a sector is capped while its national capacity
// exceeds (1 + overcapacity_cap) times its demand, both as the step
// starts; under cap_rule "sector" every region-sector of it is, under
// "region" only those of regions holding more than their share of
// national capacity there, and never an entry-stage one.
func (ir *identityRun) caps() {
	m, b, c, p := ir.m, ir.b, ir.c, ir.p
	R, S := m.R, m.S
	pol := p.Policy
	capSum, regionK, totalK := make([]float64, S), make([]float64, R), 0.0
	for r := 0; r < R; r++ {
		for s := 0; s < S; s++ {
			capSum[s] += b.capK[r*S+s]
			regionK[r] += b.capK[r*S+s]
			totalK += b.capK[r*S+s]
		}
	}
	for s := 0; s < S; s++ {
		sector := pol.Coordination && capSum[s] > (1+pol.OvercapacityCap)*b.demand0[s]*b.demandMul[s]
		for r := 0; r < R; r++ {
			i := r*S + s
			want := sector
			if pol.CapRule == "region" {
				want = sector && b.stage[i] != Entry && b.capK[i]/capSum[s] > regionK[r]/totalK
			}
			c.check("capped region-sectors", m.cappedRS[i] == want, "region %d sector %d: capped %v, want %v", r, s, m.cappedRS[i], want)
		}
	}
}

// The optional panel and the document counts add up to the metrics, as
// their docs say: regions' value added and spending (shares of the
// initial national value added) sum to value_added and spending, their
// budgets (the step's, set from the previous step's value added) to
// tax_rate times the previous value_added (1 at step 0), and no region
// spends more than its budget; their financial spending to financial_share times
// spending; a sector row's overcapacity is capacity over demand minus 1,
// floored at 0, and the metrics are its capacity-weighted mean and its
// worst; documents.csv's counts of a year sum to that year's docs_total
// and, by level, give the final document shares.
func TestPanelAndDocumentsAddUpToTheMetrics(t *testing.T) {
	p := identityParams()
	p.World.CountiesPerCity = 2
	p.Market.DemandSlack = 0.05 // sectors below capacity too: their rows' overcapacity is 0
	s := sim.DefaultSettings()
	s.Steps = 20
	out, err := Simulate(context.Background(), p, nil, s, 4, Options{Panel: true})
	if err != nil {
		t.Fatal(err)
	}
	c := &checker{t: t, failed: map[string]bool{}}
	col := func(name string, step int) float64 {
		j := out.Metrics.Col(name)
		if j < 0 {
			t.Fatalf("no metric %q", name)
		}
		return out.Metrics.At(step, j)
	}
	type sums struct{ va, spend, fin, budget, k, kOver, kUtil, worst float64 }
	by := make([]sums, s.Steps)
	for _, row := range out.Panel {
		b := &by[row.Step]
		c.step = row.Step
		c.check("region spending within its budget", row.Spending <= row.Budget*(1+1e-12),
			"region %d: spending %.6g, budget %.6g", row.Region, row.Spending, row.Budget)
		b.va += row.ValueAdded
		b.spend += row.Spending
		b.budget += row.Budget
		if !math.IsNaN(row.FinancialShare) {
			b.fin += row.FinancialShare * row.Spending
		}
	}
	for _, row := range out.Sectors {
		b := &by[row.Step]
		c.step = row.Step
		c.near("sector overcapacity", row.Overcapacity, max(0, row.Capacity/row.Demand-1), 1, "sector %s", row.Sector)
		b.k += row.Capacity
		b.kOver += row.Capacity * row.Overcapacity
		b.kUtil += row.Capacity * row.Utilisation
		b.worst = max(b.worst, row.Overcapacity)
	}
	docsYear := map[int]float64{}
	for step, b := range by {
		c.step = step
		c.near("panel value added", b.va, col("value_added", step), 0, "")
		c.near("panel spending", b.spend, col("spending", step), 0, "")
		prevVA := 1.0 // initial national value added
		if step > 0 {
			prevVA = col("value_added", step-1)
		}
		c.near("panel budgets", b.budget, p.World.TaxRate*prevVA, 0, "")
		c.near("panel financial spending", b.fin, col("financial_share", step)*col("spending", step), b.spend, "")
		c.near("sector rows' overcapacity", b.kOver/b.k, col("overcapacity", step), 1, "")
		c.near("sector rows' worst overcapacity", b.worst, col("overcapacity_worst", step), 1, "")
		c.near("sector rows' utilisation", b.kUtil/b.k, col("utilisation", step), 1, "")
		docsYear[s.YearOf(step)] += col("docs_total", step)
	}
	byYear, byLevel, all := map[int]float64{}, map[string]float64{}, 0.0
	for _, d := range out.Documents {
		byYear[d.Year] += d.Count
		byLevel[d.Level] += d.Count
		all += d.Count
	}
	c.step = s.Steps - 1
	for y, n := range docsYear {
		c.near("documents of a year", byYear[y], n, 0, "year %d", y)
	}
	for l := LevelCenter; l <= LevelCounty; l++ {
		name := "docs_" + LevelName(l) + "_share"
		c.near(name, byLevel[LevelName(l)]/all, col(name, s.Steps-1), 1, "")
	}
}
