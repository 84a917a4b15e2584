package agents

import (
	"math"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// The ends of parameter ranges mean what params.go and doc.go say they
// mean: 0 = none, 1 = all, a lag of 0 = at once, a rate of 0 = never, a
// parameter another one makes irrelevant changes nothing. bounds_test.go
// checks only that such runs stay defined; these check their meaning, on
// a 3 x 4 world (mmParams) and short runs. Ends with tests of their own
// elsewhere (promote_share 0, pilot_length, autonomy 0 and 1, coordination
// off, caps that never bind, priorities off, center_review) are not
// repeated.

// countEvents counts o's events of kind.
func countEvents(o Output, kind string) int {
	n := 0
	for _, e := range o.Events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// maxChange is the largest |a[i] - b[i]|.
func maxChange(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// A state check: the end of a parameter, as its doc gives it, holds at
// every step of a short run (or after it).
func TestEndsMeanWhatTheDocsSay(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func(t *testing.T)
	}{
		{"policy.mobility 0: no lateral moves", func(t *testing.T) {
			p := mmParams()
			p.Policy.Mobility, p.Officials.TermMean = 0, 1.5
			o := mmRun(t, p, 60, 3, nil)
			if n := countEvents(o, "move"); n > 0 || countEvents(o, "promotion") == 0 {
				t.Errorf("%d moves, %d promotions; want no moves and some promotions", n, countEvents(o, "promotion"))
			}
		}},
		{"officials.promote_share 1: every vacancy above an outgoing official who does not retire is a promotion", func(t *testing.T) {
			p := mmParams()
			p.World.CountiesPerCity = 2
			p.Officials.PromoteShare, p.Officials.TermMean = 1, 1.5
			o := mmRun(t, p, 60, 3, nil)
			m := newModel(t, p, 1, 3)
			level := map[string]int{"province": LevelProvince, "city": LevelCity, "county": LevelCounty}
			type key struct{ step, level int }
			prom, vacant, eligible := map[key]int{}, map[key]int{}, map[key]int{}
			for _, e := range o.Events {
				switch e.Kind {
				case "promotion", "move":
					from := key{e.Step, int(m.level[e.FromRegion])}
					vacant[from]++
					eligible[from]++
					if e.Kind == "promotion" {
						prom[key{e.Step, level[e.Level]}]++
					}
				case "retirement":
					k := key{e.Step, level[e.Level]}
					vacant[k]++
					if e.Detail != "age" {
						eligible[k]++
					}
				}
			}
			n := 0
			for k, v := range vacant {
				if k.level == LevelCounty {
					continue
				}
				n += prom[k]
				if want := min(v, eligible[key{k.step, k.level + 1}]); prom[k] != want {
					t.Errorf("step %d, level %d: %d promotions, want %d (vacancies %d)", k.step, k.level, prom[k], want, v)
				}
			}
			if n == 0 {
				t.Error("no promotions")
			}
		}},
		{"policy.imitation 0 and 1: no follower, every official a follower", func(t *testing.T) {
			for _, im := range []float64{0, 1} {
				p := mmParams()
				p.Policy.Imitation, p.Officials.TermMean = im, 1.5
				m := newModel(t, p, 40, 3)
				for st := 0; st < 40; st++ {
					m.Step(st)
					for r := 0; r < m.R; r++ {
						if m.follower[r] != (im == 1) {
							t.Fatalf("imitation %v: step %d region %d follower %v", im, st, r, m.follower[r])
						}
					}
				}
			}
		}},
		{"officials.ability_sd 0, policy.effort_gain 0, age_min = age_max: implementation 1, one age at appointment, none past retire_age", func(t *testing.T) {
			p := mmParams()
			p.Officials.AbilitySD, p.Policy.EffortGain = 0, 0
			p.Officials.AgeMin, p.Officials.AgeMax, p.Officials.TermMean = 50, 50, 1.5
			m := newModel(t, p, 40, 3)
			for st := 0; st < 40; st++ {
				m.Step(st)
				for r := 0; r < m.R; r++ {
					if m.impl[r] != 1 || m.ability[r] != 1 {
						t.Fatalf("step %d region %d: ability %v, implementation %v; want 1", st, r, m.ability[r], m.impl[r])
					}
					if m.start[r] == st+1 && !m.arrived[r] && m.age[r] != 50 {
						t.Fatalf("step %d region %d: appointed at %v, want 50", st, r, m.age[r])
					}
					if m.age[r] >= p.Officials.RetireAge {
						t.Fatalf("step %d region %d: in office at %v", st, r, m.age[r])
					}
				}
			}
		}},
		{"policy.pilot_share 0, pilot_cities 0: no pilots, no central pilots", func(t *testing.T) {
			p := mmParams()
			p.Policy.PilotShare = 0
			if n := countEvents(mmRun(t, p, 40, 3, nil), "pilot"); n > 0 {
				t.Errorf("pilot_share 0: %d pilots", n)
			}
			p = mmParams()
			p.Policy.PilotCities = 0
			for _, e := range mmRun(t, p, 40, 3, nil).Events {
				if e.Kind == "pilot" && e.Detail == "center" {
					t.Fatalf("pilot_cities 0: central pilot %+v", e)
				}
			}
		}},
		{"policy.pilot_share 1 at autonomy 1: the whole own part on the pilot", func(t *testing.T) {
			p := mmParams()
			p.Policy.Autonomy, p.Policy.PilotShare = 1, 1
			m := newModel(t, p, 8, 3)
			runSteps(m, 0, 8)
			n, pilots := m.S*m.K, 0
			for r := 0; r < m.R; r++ {
				pp := int(m.pilotPair[r])
				if pp < 0 {
					continue
				}
				pilots++
				for i := r * n; i < (r+1)*n; i++ {
					want := 0.0
					if i == pp {
						want = 1
					}
					if m.share[i] != want {
						t.Fatalf("region %d pair %d: share %v (pilot %d)", r, i, m.share[i], pp)
					}
				}
			}
			if pilots == 0 {
				t.Error("no pilot")
			}
		}},
		{"world.absorb 0: capacity moves by private investment less depreciation only", func(t *testing.T) {
			p := mmParams()
			p.World.Absorb = 0
			m := newModel(t, p, 4, 3)
			k0 := append([]float64(nil), m.capK...)
			u, pr := append([]float64(nil), m.util...), append([]float64(nil), m.price...)
			m.Step(0)
			w := p.World
			for i := range m.capK {
				s := i % m.S
				want := k0[i] * (1 + w.PrivateInvestment*u[s]*u[s]*pr[s] - w.Depreciation)
				if math.Abs(m.capK[i]-want) > 1e-12*want {
					t.Fatalf("region-sector %d: capacity %v, want %v", i, m.capK[i], want)
				}
			}
		}},
		{"world.land_refill 0: land never rises", func(t *testing.T) {
			p := mmParams()
			p.World.LandRefill = 0
			m := newModel(t, p, 40, 3)
			prev := append([]float64(nil), m.land...)
			for st := 0; st < 40; st++ {
				m.Step(st)
				for r := range m.land {
					if m.land[r] > prev[r] {
						t.Fatalf("step %d region %d: land %v, up from %v", st, r, m.land[r], prev[r])
					}
				}
				copy(prev, m.land)
			}
		}},
		{"world.land 0: a land measure adds no capacity, and keeps its productivity effect", func(t *testing.T) {
			p := isolated("land")
			p.World.Land = 0
			p.Instruments[instrumentIndex(t, p, "land")].CapShare = 0.5
			m := newModel(t, p, 12, 3)
			k0, a0 := append([]float64(nil), m.capK...), append([]float64(nil), m.prod...)
			runSteps(m, 0, 12)
			if d := maxChange(k0, m.capK); d != 0 {
				t.Errorf("capacity moved by %g", d)
			}
			if d := maxChange(a0, m.prod); !(d > 0) {
				t.Error("no productivity effect")
			}
		}},
		{"instrument cap_share 0 and 1, lag 0: all productivity, all capacity, at once", func(t *testing.T) {
			p := isolated("rd_support")
			p.Instruments[instrumentIndex(t, p, "rd_support")].CapShare = 0
			m := newModel(t, p, 20, 3)
			k0, a0 := append([]float64(nil), m.capK...), append([]float64(nil), m.prod...)
			runSteps(m, 0, 20)
			if d := maxChange(k0, m.capK); d != 0 || !(maxChange(a0, m.prod) > 0) {
				t.Errorf("cap_share 0: capacity moved by %g, productivity by %g", d, maxChange(a0, m.prod))
			}
			p = isolated("subsidy") // cap_share 1, lag 0
			m = newModel(t, p, 4, 3)
			k0, a0 = append([]float64(nil), m.capK...), append([]float64(nil), m.prod...)
			m.Step(0)
			if d := maxChange(a0, m.prod); d != 0 || !(maxChange(k0, m.capK) > 0) {
				t.Errorf("subsidy in step 0: productivity moved by %g, capacity by %g", d, maxChange(k0, m.capK))
			}
		}},
		{"world.stock_gain 0: stocks only decay", func(t *testing.T) {
			p := mmParams()
			p.World.StockGain = 0
			m := newModel(t, p, 12, 3)
			i0, h0 := append([]float64(nil), m.infra...), append([]float64(nil), m.skills...)
			runSteps(m, 0, 12)
			f := math.Pow(1-p.World.StockDecay, 12)
			for r := range i0 {
				if math.Abs(m.infra[r]-i0[r]*f) > 1e-12 || math.Abs(m.skills[r]-h0[r]*f) > 1e-12 {
					t.Fatalf("region %d: infrastructure %v, skills %v; want %v, %v", r, m.infra[r], m.skills[r], i0[r]*f, h0[r]*f)
				}
			}
		}},
		{"world.initial_stock 0: a needed stock's complement is 1", func(t *testing.T) {
			p := isolated("export_promotion") // needs infrastructure, lag 4
			p.World.InitialStock = 0
			a, b := newModel(t, p, 8, 3), newModel(t, p, 8, 3)
			for r := range b.infra {
				b.infra[r] += 1
			}
			runSteps(a, 0, 6)
			runSteps(b, 0, 6)
			if d := maxChange(a.prod, b.prod); d != 0 {
				t.Errorf("more infrastructure moved productivity by %g", d)
			}
		}},
		{"world.initial_productivity 1 without dispersion: every region-sector at 0.95", func(t *testing.T) {
			p := mmParams()
			p.World.InitialProductivity, p.World.ProductivityDispersion = 1, 0
			for i, a := range newModel(t, p, 4, 3).prod {
				if a != 0.95 {
					t.Fatalf("region-sector %d: %v", i, a)
				}
			}
		}},
		{"market.eta 0, policy.price_sight 0: prices 1, seen prices 1", func(t *testing.T) {
			p := mmParams()
			p.Market.DemandSlack = -0.3
			p.Market.Eta = 0
			m := newModel(t, p, 8, 3)
			runSteps(m, 0, 8)
			q := mmParams()
			q.Market.DemandSlack = -0.3
			q.Policy.PriceSight = 0
			n := newModel(t, q, 8, 3)
			runSteps(n, 0, 8)
			for s := range m.price {
				if m.price[s] != 1 || n.priceSeen[s] != 1 || !(n.price[s] < 1) {
					t.Fatalf("sector %d: eta 0 price %v; price_sight 0 seen %v of %v", s, m.price[s], n.priceSeen[s], n.price[s])
				}
			}
		}},
		{"policy.plan_response 0: priorities are the base, or half of it", func(t *testing.T) {
			p := mmParams()
			p.Policy.PlanResponse, p.Policy.PlanCycle = 0, 1
			m := newModel(t, p, 40, 3)
			for st := 0; st < 40; st++ {
				m.Step(st)
				for s := range m.prio {
					if m.prio[s] != m.prioBase[s] && m.prio[s] != m.prioBase[s]/2 {
						t.Fatalf("step %d sector %d: priority %v, base %v", st, s, m.prio[s], m.prioBase[s])
					}
				}
			}
		}},
		{"documents.echo_lag 0: echoes down every level in the step", func(t *testing.T) {
			p := mmParams()
			p.World.CountiesPerCity = 2
			p.Policy.Autonomy = 0 // the center's documents only
			p.Documents.EchoLag = 0
			m := newModel(t, p, 8, 3)
			d := p.Documents
			for st := 0; st < 8; st++ {
				m.Step(st)
				var lv [4]float64
				for l := range m.docStep {
					for _, v := range m.docStep[l] {
						lv[l] += v
					}
				}
				want := [4]float64{lv[0], d.ProvinceEcho * 3 * lv[0], d.CityEcho * 4 * lv[1], d.CountyEcho * 2 * lv[2]}
				for l := 1; l < 4; l++ {
					if math.Abs(lv[l]-want[l]) > 1e-9*math.Max(1, want[l]) {
						t.Fatalf("step %d level %d: %v documents, want %v", st, l, lv[l], want[l])
					}
				}
			}
		}},
		{"policy.platform 0, officials.scale_up_pull 0: new officials start at the standard, scaled up or not", func(t *testing.T) {
			p := mmParams()
			p.Policy.Platform, p.Officials.ScaleUpPull, p.Officials.TermMean = 0, 0, 1.5
			m := newModel(t, p, 60, 3)
			kgN, scaled := m.K*numStages, 0
			for st := 0; st < 60; st++ {
				m.Step(st)
				for r := 0; r < m.R; r++ {
					if m.start[r] != st+1 || m.arrived[r] {
						continue
					}
					for kg := 0; kg < kgN; kg++ {
						if m.eMean[r*kgN+kg] != m.natMean[kg] {
							t.Fatalf("step %d region %d practice %d: prior %v, standard %v", st, r, kg, m.eMean[r*kgN+kg], m.natMean[kg])
						}
						if m.everScaled[kg] {
							scaled++
						}
					}
				}
			}
			if scaled == 0 {
				t.Error("no appointment after a scale-up")
			}
		}},
	} {
		t.Run(tc.name, tc.check)
	}
}

// Parameters that an end of another one makes irrelevant change nothing,
// bit for bit (TestIrrelevantParametersChangeNothing has the regimes').
func TestEndsMakeOtherParametersIrrelevant(t *testing.T) {
	with := func(f func(p *Params)) func() Params {
		return func() Params { p := mmParams(); f(&p); return p }
	}
	for _, tc := range []struct {
		name   string
		base   func() Params
		change func(p *Params)
	}{
		{"priorities off: plan_response, plan_cycle", with(func(p *Params) { p.Policy.Priorities = false }),
			func(p *Params) { p.Policy.PlanResponse, p.Policy.PlanCycle = 0, 1 }},
		{"priorities and coordination off: overcapacity_cap", with(func(p *Params) { p.Policy.Priorities, p.Policy.Coordination = false, false }),
			func(p *Params) { p.Policy.OvercapacityCap = 0 }},
		{"tax_rate 0: gamma", with(func(p *Params) { p.World.TaxRate = 0 }), func(p *Params) { p.World.Gamma = 0.1 }},
		{"land_need 0: land, land_refill", with(func(p *Params) { p.World.LandNeed = 0 }),
			func(p *Params) { p.World.Land, p.World.LandRefill = 0, 0 }},
		{"ability_sd 0: province_weight", with(func(p *Params) { p.Officials.AbilitySD = 0 }), func(p *Params) { p.World.ProvinceWeight = 1 }},
		{"preference_gain 0: province_pull, preference_decay", with(func(p *Params) { p.Officials.PreferenceGain = 0 }),
			func(p *Params) { p.Policy.ProvincePull, p.Officials.PreferenceDecay = 1, 0 }},
		{"promote_share 0 and mobility 0: eval_noise, preference_gain", with(func(p *Params) { p.Officials.PromoteShare, p.Policy.Mobility = 0, 0 }),
			func(p *Params) { p.Officials.EvalNoise, p.Officials.PreferenceGain = 0, 3 }},
		{"a toolbox without lags: career_concern", with(func(p *Params) { p.Policy.Toolbox = []string{"subsidy", "tax_incentive", "land"} }),
			func(p *Params) { p.Policy.CareerConcern = 0 }},
		{"eta 0: price_sight", with(func(p *Params) { p.Market.Eta = 0 }), func(p *Params) { p.Policy.PriceSight = 0 }},
		{"no hot sector: hot_chase", with(func(p *Params) { p.Policy.Priorities, p.Market.HotGrowth = false, 1 }),
			func(p *Params) { p.Market.HotChase = 5 }},
		{"no scale-up: scale_up_pull, scale_up documents", with(func(p *Params) { p.Policy.ScaleUpEvidence = 1e300 }),
			func(p *Params) { p.Officials.ScaleUpPull, p.Documents.ScaleUp = 1, 9 }},
		{"pilot_share 0 with a platform: pilot rules", with(func(p *Params) { p.Policy.PilotShare = 0 }), func(p *Params) {
			p.Policy.PilotCities, p.Policy.PilotLength, p.Policy.PilotConfidence = 1, 1, 0
			p.Policy.PilotClarity, p.Policy.PilotBias = 5, 2
		}},
		{"echo rates 0: echo_lag", with(func(p *Params) { p.Documents.ProvinceEcho, p.Documents.CityEcho, p.Documents.CountyEcho = 0, 0, 0 }),
			func(p *Params) { p.Documents.EchoLag = 0 }},
		{"no counties: county_measure, county_echo, county_size", mmParams,
			func(p *Params) { p.Documents.CountyMeasure, p.Documents.CountyEcho, p.World.CountySize = 3, 3, 2 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base()
			q := base.Clone()
			tc.change(&q)
			requireSameRun(t, mmRun(t, base, 40, 5, nil), mmRun(t, q, 40, 5, nil), nil, 1)
		})
	}
}

// documents.min_share = 0: every funded pair is a measure, as at the
// smallest positive min_share, which every positive share reaches. Pairs
// at share 0 counted as measures: first adoptions of every practice,
// instruments outside the toolbox included, and documents for measures
// dropped to 0.
func TestMinShareZeroCountsFundedPairsOnly(t *testing.T) {
	for _, aut := range []float64{0.85, 0} {
		p := mmParams()
		p.Policy.Autonomy = aut
		p.Documents.MinShare = 0
		q := p.Clone()
		q.Documents.MinShare = 5e-324
		requireSameRun(t, mmRun(t, q, 48, 5, nil), mmRun(t, p, 48, 5, nil), nil, 1)
	}
	p := mmParams()
	p.Documents.MinShare = 0
	p.Policy.Toolbox = []string{"subsidy", "land"}
	m := newModel(t, p, 8, 3)
	runSteps(m, 0, 8)
	for r := 0; r < m.R; r++ {
		for k := 0; k < m.K; k++ {
			for g := 0; g < numStages; g++ {
				if !m.inBox[k] && m.adopted[(r*m.K+k)*numStages+g] {
					t.Fatalf("region %d adopted %s at stage %d, which the toolbox does not allow", r, p.Instruments[k].Name, g)
				}
			}
		}
	}
}

// world.tax_rate = 0: no budget, no pilot. The center chose and recorded
// pilots in its rotating cities that nothing funded.
func TestNoBudgetNoCentralPilots(t *testing.T) {
	p := mmParams()
	p.World.TaxRate = 0
	if n := countEvents(mmRun(t, p, 24, 3, nil), "pilot"); n > 0 {
		t.Errorf("tax_rate 0: %d pilots recorded, none funded; want none", n)
	}
}

// An event may not change a parameter the model reads only at set-up
// (tagged setup:"only"): the change would be ignored, yet the event would
// switch the regime (the center reviewing and every region deciding out
// of turn). Scenario files refuse such keys; New refuses them too, naming
// the key.
func TestNewRefusesEventsOnSetUpOnlyParameters(t *testing.T) {
	p := mmParams()
	for _, tc := range []struct {
		key string
		set func(q *Params)
	}{
		{"market.demand_slack", func(q *Params) { q.Market.DemandSlack = 0.5 }},
		{"officials.fit_precision", func(q *Params) { q.Officials.FitPrecision = 9 }},
		{"officials.local_knowledge", func(q *Params) { q.Officials.LocalKnowledge = 0 }},
	} {
		q := p.Clone()
		tc.set(&q)
		s := sim.DefaultSettings()
		s.Steps = 40
		_, err := New(p, s, 5, []Event{{Step: 13, Params: &q, Label: "set-up only"}})
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("an event changing %s: error %v, want one naming the key", tc.key, err)
		}
	}
}
