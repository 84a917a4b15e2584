package agents

import (
	"math"
	"slices"
	"testing"
)

// The economy rule by rule (doc.go, Submodels: Economy moves, with what
// Center plans says of caps and cap_realloc; MODEL.md §3.3): every step's
// economy phase is replayed from the state just before it, with the
// documented rules written out again here from the parameters (plain
// loops over regions, sectors and instruments, math.Log1p, no bit sets
// and none of economy.go's tables), and compared with what the model did,
// for every region-sector: the money each pair gets (the own part by the
// shares, the center's routine part by its intensities times the
// region's capacity, its pilot, what caps block, what cap_realloc
// re-spends and where), the effect of each pair queued in this test's own
// pipelines for the step its lag makes it pay in, the stocks it builds
// and the land it uses (scaled once land is short), the deliveries under
// the absorptive ceiling with private investment and depreciation,
// productivity toward the frontier, demand, utilisation, prices, stages,
// value added, the stocks' decay and land's refill, the next step's
// budgets (tax and transfers), and the center's first adoptions.
// TestAccountingIdentities checks the same laws as identities on the
// model's own spending; this replay derives the spending too.
//
// The model's log(1+y) is a table with a cubic (log1pTable, for y of at
// least 1/256) or a series (log1pSeries): about 6e-11 relative at worst
// (at y = 1/256; noise.go says about 1e-10), not the 1e-16 of
// math.Log1p. Every quantity an effect reaches is compared to econTol
// relative, which that error stays well inside (diluted in capacity,
// stocks and value added, it passes at 1e-12 in these runs), and money to
// moneyTol: the model sums the center's free weights per sector as all
// less capacity-adding ones, which loses digits where the latter dominate
// (about 5e-12 relative seen).

const econTol = 1e-10

const moneyTol = 1e-10

// preEconomy is the state the economy phase starts from.
type preEconomy struct {
	budget, share, cIntens, capK, prod, fit, impl []float64
	infra, skills, network, land                  []float64
	price, util, demand0, demandMul, yearSpend    []float64
	cPilotPair                                    []int32
	cappedRS, adopted                             []bool
	stage                                         []int8
	adoptBy                                       [numOrigins]float64
}

func snapEconomy(m *Model) preEconomy {
	c := slices.Clone[[]float64]
	return preEconomy{
		budget: c(m.budget), share: c(m.share), cIntens: c(m.cIntens), capK: c(m.capK), prod: c(m.prod), fit: c(m.fit), impl: c(m.impl),
		infra: c(m.infra), skills: c(m.skills), network: c(m.network), land: c(m.land),
		price: c(m.price), util: c(m.util), demand0: c(m.demand0), demandMul: c(m.demandMul), yearSpend: c(m.yearSpend),
		cPilotPair: slices.Clone(m.cPilotPair), cappedRS: slices.Clone(m.cappedRS), adopted: slices.Clone(m.adopted),
		stage: slices.Clone(m.stage), adoptBy: m.adoptBy,
	}
}

// econRun is what the replay keeps from the set-up on its own: the
// pipelines (step due -> r*S+s, the capacity and productivity rates
// queued for it), the initial land and capacities the rules refer to.
type econRun struct {
	dueCap, duePrd  map[int][]float64
	land0           []float64
	capSum0, meanK0 []float64
	tally           econTally
}

// econTally counts what a replay saw, so a case can require its corners.
type econTally struct {
	funded, blockedPairs, ownToCenter, centerToOwn, pilotBlocked, saved int
	landShort, landEmpty, landFull, ceiling, lagged, networkScaled      int
	adoptions                                                           int
}

func newEconRun(m *Model) *econRun {
	R, S := m.R, m.S
	run := &econRun{dueCap: map[int][]float64{}, duePrd: map[int][]float64{},
		land0: make([]float64, R), capSum0: make([]float64, S), meanK0: make([]float64, S)}
	for r := 0; r < R; r++ {
		k := 0.0
		for s := 0; s < S; s++ {
			k += m.capK[r*S+s]
			run.capSum0[s] += m.capK[r*S+s]
		}
		run.land0[r] = m.p.World.Land * k // world.land times initial capacity
	}
	for s := range run.meanK0 {
		run.meanK0[s] = run.capSum0[s] / float64(R)
	}
	return run
}

// econNear is a == b to relative tolerance tol (of the larger of the two).
func econNear(a, b, tol float64) bool {
	return a == b || math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}

// replayEconomy checks step's economy phase of m against the documented
// rules, from b, the state before it.
func replayEconomy(t *testing.T, m *Model, b preEconomy, step int, run *econRun) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("step %d, economy: "+format, append([]any{step}, args...)...)
	}
	p := m.p
	w, pol, ins := p.World, p.Policy, p.Instruments
	R, S, K := m.R, m.S, m.K
	spy := float64(m.spy)
	blocks := func(i, k int) bool { return b.cappedRS[i] && ins[k].AddsCapacity }

	// the money of every pair: the own part (autonomy B) by the region's
	// shares; the central part ((1 - autonomy) B) its pilot's pilot_share,
	// the rest by the center's intensities times the region's capacity in
	// the sector; caps block the capacity-adding measures of capped
	// region-sectors; cap_realloc re-spends what they block pro rata on
	// the part's free pairs, or the other part's when it has none
	x := make([]float64, R*S*K)
	cenMoney := make([]float64, R*S*K) // the center's routine money per pair
	blockedSum, budgetSum := 0.0, 0.0
	for r := 0; r < R; r++ {
		B := b.budget[r]
		budgetSum += B
		ownB, cenB := pol.Autonomy*B, (1-pol.Autonomy)*B
		own := make([]float64, S*K)
		ownBlocked, ownFreeShare := 0.0, 0.0
		for s := 0; s < S; s++ {
			for k := 0; k < K; k++ {
				sh := b.share[(r*S+s)*K+k]
				if blocks(r*S+s, k) {
					ownBlocked += sh
				} else {
					ownFreeShare += sh
					own[s*K+k] = sh * ownB
				}
			}
		}
		ownFree := ownB > 0 && ownFreeShare > 0
		cen := make([]float64, S*K)
		wgt := make([]float64, S*K)
		wAll, wFree := 0.0, 0.0
		for s := 0; s < S; s++ {
			for k := 0; k < K; k++ {
				v := b.cIntens[s*K+k] * ins[k].Cost * b.capK[r*S+s]
				wgt[s*K+k] = v
				wAll += v
				if !blocks(r*S+s, k) {
					wFree += v
				}
			}
		}
		pilot, pilotMoney, pilotBlocked := -1, 0.0, false
		if q := int(b.cPilotPair[r]); q >= 0 && cenB > 0 {
			pilot, pilotMoney = q-r*S*K, pol.PilotShare*cenB
			pilotBlocked = blocks(r*S+pilot/K, pilot%K)
		}
		routine := cenB - pilotMoney
		blocked := ownB * ownBlocked
		if pilotBlocked {
			blocked += pilotMoney
			run.tally.pilotBlocked++
		}
		if wAll > 0 {
			blocked += routine * (wAll - wFree) / wAll
			for j := range cen {
				if !blocks(r*S+j/K, j%K) {
					cen[j] = routine * wgt[j] / wAll
				}
			}
		}
		blockedSum += blocked
		if pol.CapRealloc && blocked > 0 {
			cenPool := routine // the central money its routine pairs take
			if pilotBlocked {
				cenPool += pilotMoney
			}
			switch {
			case wFree > 0:
				for j := range cen {
					if !blocks(r*S+j/K, j%K) {
						cen[j] = cenPool * wgt[j] / wFree
					}
				}
			case wAll > 0 && ownFree:
				// the center's pairs all capped: its money on the own free pairs
				for j := range own {
					if own[j] > 0 {
						own[j] += cenPool * b.share[r*S*K+j] / ownFreeShare
					}
				}
				run.tally.centerToOwn++
			}
			switch {
			case ownFree:
				for j := range own {
					if own[j] > 0 {
						own[j] += ownB * ownBlocked * b.share[r*S*K+j] / ownFreeShare
					}
				}
			case ownBlocked > 0 && ownB > 0 && wFree > 0:
				// the own pairs all capped: its money on the center's free pairs
				for j := range cen {
					if !blocks(r*S+j/K, j%K) {
						cen[j] += ownB * ownBlocked * wgt[j] / wFree
					}
				}
				run.tally.ownToCenter++
			}
		} else if blocked > 0 {
			run.tally.saved++
		}
		for j := 0; j < S*K; j++ {
			v := own[j] + cen[j]
			if j == pilot && !pilotBlocked {
				v += pilotMoney
			}
			x[r*S*K+j] = v
			cenMoney[r*S*K+j] = cen[j]
			if blocks(r*S+j/K, j%K) && (b.share[r*S*K+j] > 0 || wgt[j] > 0 || j == pilot) {
				run.tally.blockedPairs++
			}
		}
	}
	for j, v := range x {
		if !econNear(m.spend[j], v, moneyTol) && math.Abs(m.spend[j]-v) > 1e-15*b.budget[j/(S*K)] {
			r, s, k := j/(S*K), j/K%S, j%K
			fail("region %d sector %d %s: spend %.15g, want %.15g (budget %g, capped %v, share %g, pilot %d)",
				r, s, ins[k].Name, m.spend[j], v, b.budget[r], b.cappedRS[r*S+s], b.share[j], b.cPilotPair[r])
		}
		if !econNear(m.yearSpend[j], b.yearSpend[j]+v, moneyTol) {
			fail("pair %d: the year's spending %v, want %v", j, m.yearSpend[j], b.yearSpend[j]+v)
		}
		if v > 0 {
			run.tally.funded++
		}
	}
	if !econNear(m.st.capBlocked, blockedSum, moneyTol) && math.Abs(m.st.capBlocked-blockedSum) > 1e-15*budgetSum {
		fail("blocked money %v, want %v", m.st.capBlocked, blockedSum)
	}
	// the center's first adoptions: a practice it funds in a region for
	// the first time (its pilots are none)
	adopted := slices.Clone(b.adopted)
	newCenter := 0.0
	for j, v := range cenMoney {
		r, i, k := j/(S*K), j/K, j%K
		a := (r*K+k)*numStages + int(b.stage[i])
		if v > 0 && !adopted[a] {
			adopted[a] = true
			newCenter++
		}
	}
	run.tally.adoptions += int(newCenter)
	if !slices.Equal(m.adopted, adopted) {
		fail("adopted practices differ from the center's first fundings")
	}
	for o := range m.adoptBy {
		want := b.adoptBy[o]
		if o == originCenter {
			want += newCenter
		}
		if m.adoptBy[o] != want {
			fail("first adoptions of origin %d: %v, want %v", o, m.adoptBy[o], want)
		}
	}

	// effects: phi = gamma log(1 + x/(K c x0)) times e (the stage at the
	// last step's end), fit, the needed stock's complement (before this
	// step's measures build it) and implementation; capacity's share also
	// times the price (not for subsidies), a land measure's also times
	// L/(land_need K_r) once land is short, using up land as it is spent;
	// queued for the step its lag makes it pay in; stocks built at once
	infra, skills, network, land := slices.Clone(b.infra), slices.Clone(b.skills), slices.Clone(b.network), slices.Clone(b.land)
	regionK := make([]float64, R)
	for r := 0; r < R; r++ {
		for s := 0; s < S; s++ {
			regionK[r] += b.capK[r*S+s]
		}
	}
	compl := func(stock float64) float64 {
		if w.InitialStock <= 0 {
			return 1
		}
		return math.Sqrt(math.Min(4, math.Max(0, stock)/w.InitialStock))
	}
	for r := 0; r < R; r++ {
		landFactor := 1.0
		if need := w.LandNeed * regionK[r]; b.land[r] < need {
			landFactor = b.land[r] / need
		}
		for s := 0; s < S; s++ {
			i := r*S + s
			for k, in := range ins {
				v := x[i*K+k]
				if v == 0 || b.capK[i] <= 0 {
					continue
				}
				e := [...]float64{in.Entry, in.Growth, in.Mature}[b.stage[i]]
				eff := w.Gamma * math.Log1p(v/(b.capK[i]*in.Cost*w.X0)) * e * b.fit[i] * b.impl[r]
				switch in.Needs {
				case "infrastructure":
					eff *= compl(b.infra[r])
				case "skills":
					eff *= compl(b.skills[r])
				case "network":
					eff *= compl(b.network[i])
					run.tally.networkScaled++
				}
				capRate := in.CapShare * eff
				if !in.IgnoresUtilisation {
					capRate *= b.price[s]
				}
				switch in.Builds {
				case "infrastructure":
					infra[r] += w.StockGain * eff / float64(S)
				case "skills":
					skills[r] += w.StockGain * eff / float64(S)
				case "network":
					network[i] += w.StockGain * eff
				case "land":
					capRate *= landFactor
					if landFactor < 1 {
						run.tally.landShort++
					}
					land[r] = math.Max(0, land[r]-capRate*b.capK[i])
				}
				due := step + in.Lag
				if run.dueCap[due] == nil {
					run.dueCap[due], run.duePrd[due] = make([]float64, R*S), make([]float64, R*S)
				}
				run.dueCap[due][i] += capRate
				run.duePrd[due][i] += (1 - in.CapShare) * eff
				if in.Lag > 0 {
					run.tally.lagged++
				}
			}
		}
	}

	// deliveries: the rates due now, capacity's scaled down to the
	// absorptive ceiling absorb (0.5 + 0.5 min(2, H + I)) K_r (the stocks
	// as this step built them), plus private investment u^2 price
	// private_investment (last step's), less depreciation; productivity
	// A (1 + rate max(0, 1 - A/F)), never above F = exp(frontier_growth
	// (t+1) / steps_per_year)
	capDue, prdDue := run.dueCap[step], run.duePrd[step]
	delete(run.dueCap, step)
	delete(run.duePrd, step)
	if capDue == nil {
		capDue, prdDue = make([]float64, R*S), make([]float64, R*S)
	}
	F := math.Exp(w.FrontierGrowth * float64(step+1) / spy)
	capK, prod := make([]float64, R*S), make([]float64, R*S)
	for r := 0; r < R; r++ {
		growth := 0.0
		for s := 0; s < S; s++ {
			growth += capDue[r*S+s] * b.capK[r*S+s]
		}
		scale := 1.0
		if ceiling := w.Absorb * (0.5 + 0.5*math.Min(2, skills[r]+infra[r])) * regionK[r]; growth > ceiling {
			scale = ceiling / growth
			run.tally.ceiling++
		}
		for s := 0; s < S; s++ {
			i := r*S + s
			private := w.PrivateInvestment * b.util[s] * b.util[s] * b.price[s]
			capK[i] = math.Max(0, b.capK[i]*(1+capDue[i]*scale+private-w.Depreciation))
			prod[i] = math.Min(F, b.prod[i]*(1+prdDue[i]*math.Max(0, 1-b.prod[i]/F)))
			if !econNear(m.capK[i], capK[i], econTol) {
				fail("region %d sector %d: capacity %.15g, want %.15g (from %g, due %g, ceiling scale %g)", r, s, m.capK[i], capK[i], b.capK[i], capDue[i], scale)
			}
			if !econNear(m.prod[i], prod[i], econTol) {
				fail("region %d sector %d: productivity %.15g, want %.15g (from %g, due %g, frontier %g)", r, s, m.prod[i], prod[i], b.prod[i], prdDue[i], F)
			}
		}
	}

	// the market: demand D(t+1), utilisation min(1, D/sum_r K),
	// price u^eta, stages against sqrt-scaled thresholds, value added
	capSum := make([]float64, S)
	newRegionK := make([]float64, R)
	for r := 0; r < R; r++ {
		for s := 0; s < S; s++ {
			capSum[s] += capK[r*S+s]
			newRegionK[r] += capK[r*S+s]
		}
	}
	util, price := make([]float64, S), make([]float64, S)
	for s, sec := range p.Sectors {
		D := b.demand0[s] * math.Exp((p.Market.DemandGrowth+sec.Growth)/spy) * b.demandMul[s]
		if !econNear(m.demand[s], D, 1e-12) {
			fail("sector %s: demand %v, want %v", sec.Name, m.demand[s], D)
		}
		util[s] = math.Min(1, D/capSum[s])
		price[s] = math.Pow(util[s], p.Market.Eta)
		if !econNear(m.util[s], util[s], econTol) || !econNear(m.price[s], price[s], econTol) {
			fail("sector %s: utilisation %v price %v, want %v %v", sec.Name, m.util[s], m.price[s], util[s], price[s])
		}
		thr := run.meanK0[s] * math.Sqrt(capSum[s]/run.capSum0[s])
		for r := 0; r < R; r++ {
			g, k := Growth, capK[r*S+s]
			switch {
			case k < w.StageEntry*thr:
				g = Entry
			case k > w.StageMature*thr:
				g = Mature
			}
			// a capacity within the tolerance of a threshold may fall on
			// either side of it
			if int(m.stage[r*S+s]) != g && !econNear(k, w.StageEntry*thr, econTol) && !econNear(k, w.StageMature*thr, econTol) {
				fail("region %d sector %s: stage %d, want %d", r, sec.Name, m.stage[r*S+s], g)
			}
		}
	}
	y := make([]float64, R)
	yNat, kNat := 0.0, 0.0
	for r := 0; r < R; r++ {
		for s := 0; s < S; s++ {
			i := r*S + s
			yi := prod[i] * capK[i] * util[s] * price[s]
			if !econNear(m.yRS[i], yi, econTol) {
				fail("region %d sector %d: value added %v, want %v", r, s, m.yRS[i], yi)
			}
			y[r] += yi
		}
		if !econNear(m.yReg[r], y[r], econTol) || !econNear(m.regionK[r], newRegionK[r], econTol) {
			fail("region %d: value added %v capacity %v, want %v %v", r, m.yReg[r], m.regionK[r], y[r], newRegionK[r])
		}
		yNat += y[r]
		kNat += newRegionK[r]
	}

	// stocks decay by stock_decay; land refills by land_refill of its
	// initial stock, up to twice it
	for r := 0; r < R; r++ {
		if !econNear(m.infra[r], infra[r]*(1-w.StockDecay), econTol) || !econNear(m.skills[r], skills[r]*(1-w.StockDecay), econTol) {
			fail("region %d: infrastructure %v skills %v, want %v %v", r, m.infra[r], m.skills[r], infra[r]*(1-w.StockDecay), skills[r]*(1-w.StockDecay))
		}
		if land[r] == 0 {
			run.tally.landEmpty++
		}
		wantL := math.Min(2*run.land0[r], land[r]+w.LandRefill*run.land0[r])
		if wantL == 2*run.land0[r] {
			run.tally.landFull++
		}
		if !econNear(m.land[r], wantL, econTol) && math.Abs(m.land[r]-wantL) > econTol*run.land0[r] {
			fail("region %d: land %v, want %v (before %v, initial %v)", r, m.land[r], wantL, b.land[r], run.land0[r])
		}
		for s := 0; s < S; s++ {
			i := r*S + s
			if !econNear(m.network[i], network[i]*(1-w.StockDecay), econTol) {
				fail("region %d sector %d: network %v, want %v", r, s, m.network[i], network[i]*(1-w.StockDecay))
			}
		}
	}

	// the next step's budgets: tax_rate Y, a transfer share of it pooled
	// nationally and returned per unit of capacity
	for r := 0; r < R; r++ {
		want := w.TaxRate*(1-w.Transfer)*y[r] + w.TaxRate*w.Transfer*yNat*newRegionK[r]/kNat
		if !econNear(m.budget[r], want, econTol) {
			fail("region %d: budget %v, want %v", r, m.budget[r], want)
		}
	}
}

type econCase struct {
	name  string
	set   func(p *Params)
	evs   func(p Params) []Event
	check func(t *testing.T, c econTally)
	// tweak, if set, changes the state after the decisions to reach a
	// corner the regimes do not (the run then departs from its twin)
	tweak func(m *Model, step int)
}

func econCases() []econCase {
	return []econCase{
		{"coordinated_autonomy", func(p *Params) {}, nil, func(t *testing.T, c econTally) {
			if c.blockedPairs == 0 || c.lagged == 0 || c.adoptions == 0 {
				t.Errorf("%+v: the case needs caps, lagged measures and the center's adoptions", c)
			}
		}, nil},
		{"centralized_caps_saved", func(p *Params) {
			p.Policy.Autonomy, p.Policy.Platform, p.Policy.PromotionBasis = 0, 0, "reports"
			p.Policy.ReviewInterval, p.Policy.CenterReview = 20, 6
			p.Policy.CapRule, p.Policy.CapRealloc = "sector", false
			p.Policy.PilotCities = 0.5
			p.Market.DemandSlack = -0.1
		}, nil, func(t *testing.T, c econTally) {
			if c.saved == 0 || c.pilotBlocked == 0 {
				t.Errorf("%+v: the case needs saved blocked money and blocked central pilots", c)
			}
		}, nil},
		{"laissez_faire", func(p *Params) {
			p.Policy.Autonomy, p.Policy.Priorities, p.Policy.Alignment = 1, false, 0
			p.Policy.Platform, p.Policy.Coordination, p.Policy.PromotionBasis = 0, false, "seniority"
			p.World.LandRefill = 0.05 // land refills to its cap
		}, nil, func(t *testing.T, c econTally) {
			if c.blockedPairs != 0 || c.funded == 0 || c.landFull == 0 {
				t.Errorf("%+v: the case needs funding, no caps and land at its cap", c)
			}
		}, nil},
		{"counties_land", func(p *Params) {
			p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 3, 2
			p.World.Land, p.World.LandRefill, p.World.LandNeed = 0.02, 0.001, 0.004
			p.World.TaxRate = 0.06
			p.Policy.CapRule = "sector"
		}, nil, func(t *testing.T, c econTally) {
			if c.landShort == 0 || c.landEmpty == 0 {
				t.Errorf("%+v: the case needs land short and used up", c)
			}
		}, nil},
		{"realloc_transfers", func(p *Params) {
			p.Policy.Autonomy, p.Policy.CapRule, p.Policy.CapRealloc = 0.5, "sector", true
			p.Policy.OvercapacityCap, p.Policy.PilotCities = 0.02, 0.5
			p.World.TaxRate, p.World.Transfer = 0.1, 0.6
			p.Market.DemandSlack = 0
			for k := range p.Instruments {
				if p.Instruments[k].Name == "export_promotion" {
					p.Instruments[k].Needs = "network"
				}
			}
		}, func(p Params) []Event {
			q := p.Clone()
			q.Policy.Autonomy, q.Policy.CapRealloc = 0.2, true
			return []Event{
				{Step: 9, Shocks: []Shock{{Sector: "steel", Demand: -0.3}, {Sector: "solar", Demand: 0.5}}, Label: "shock"},
				{Step: 20, Params: &q, Label: "recentralise"},
			}
		}, func(t *testing.T, c econTally) {
			if c.ownToCenter == 0 || c.centerToOwn == 0 || c.ceiling == 0 || c.networkScaled == 0 {
				t.Errorf("%+v: the case needs re-spending both ways, the ceiling and the network's complement", c)
			}
		}, func(m *Model, step int) {
			// every few steps the center funds only capacity-adding
			// measures, and every third region is capped in every sector:
			// there the center's routine pairs are all capped while the
			// region's own non-capacity-adding ones are free (under the
			// sector rule the center funds every sector, so all its pairs
			// are capped only where the region's are too)
			// and every few others, every third region funds only
			// capacity-adding measures and is capped in every sector: its
			// own pairs are all capped while the center's are free
			if step%5 == 1 {
				n := m.S * m.K
				for r := 1; r < m.R; r += 3 {
					row, sum := m.share[r*n:(r+1)*n], 0.0
					for j := range row {
						if !m.addsCap[j%m.K] {
							row[j] = 0
						}
						sum += row[j]
					}
					for j := range row {
						if sum > 0 {
							row[j] /= sum
						}
					}
					m.sumCapOwn(r)
					for s := 0; s < m.S; s++ {
						m.cappedRS[r*m.S+s] = true
					}
				}
			}
			if step%5 != 3 {
				return
			}
			for j := range m.cIntens {
				if !m.addsCap[j%m.K] {
					m.cIntens[j] = 0
				}
			}
			for r := 0; r < m.R; r += 3 {
				for s := 0; s < m.S; s++ {
					m.cappedRS[r*m.S+s] = true
				}
			}
		}},
	}
}

// TestEconomyReplay replays every step's economy phase in five regimes
// (coordinated autonomy; centralized with sector caps and blocked money
// saved; laissez-faire; counties with land binding; cap_realloc with high
// tax and transfers, a network-needing instrument, demand shocks and a
// switch).
func TestEconomyReplay(t *testing.T) {
	const steps = 40
	for _, tc := range econCases() {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			p.World.Provinces, p.World.CitiesPerProvince = 3, 4
			p.Officials.TermMean = 2
			tc.set(&p)
			var evs []Event
			if tc.evs != nil {
				evs = tc.evs(p)
			}
			m := newModelEv(t, p, steps, 5, evs)
			twin := newModelEv(t, p, steps, 5, evs)
			run := newEconRun(m)
			for step := 0; step < steps; step++ {
				runPhases(m, step, "", "economy")
				if tc.tweak != nil {
					tc.tweak(m, step)
				}
				b := snapEconomy(m)
				m.economyMoves(step)
				replayEconomy(t, m, b, step, run)
				runPhases(m, step, "value_added", "")
				twin.Step(step)
			}
			if tc.tweak == nil && (!slices.Equal(m.capK, twin.capK) || !slices.Equal(m.budget, twin.budget) || !slices.Equal(m.land, twin.land)) {
				t.Fatalf("the split step is not Step")
			}
			tc.check(t, run.tally)
			t.Logf("%+v", run.tally)
		})
	}
}
