package agents

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Metamorphic relations: pairs of runs whose results the model's design
// (doc.go) ties together, checked without recomputing any mechanism. A
// unit choice must leave every unit-free result as it was; a parameter
// that a regime makes irrelevant must change nothing; a relabelling must
// move results with the labels.

// mmParams is a 3 x 4 world (15 regions): small, with every level but
// counties.
func mmParams() Params {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 4
	return p
}

// mmRun runs p for steps steps with seed and returns what Simulate
// recorded.
func mmRun(t *testing.T, p Params, steps int, seed uint64, evs []Event) Output {
	t.Helper()
	s := sim.DefaultSettings()
	s.Steps = steps
	out, err := Simulate(context.Background(), p, evs, s, seed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameBits reports whether a and b are the same float64, NaN included.
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// scaled maps a metric name to the exact factor the relation multiplies
// it by (absent: 1; NaN: the relation says nothing of it).
type scaled map[string]float64

// requireSameRun fails t unless b's metrics are a's (each times its
// factor in f) bit for bit, at every step, and both runs logged the same
// events and document counts (documents times docFactor).
func requireSameRun(t *testing.T, a, b Output, f scaled, docFactor float64) {
	t.Helper()
	cols := Columns()
	for j, c := range cols {
		ca, cb := a.Metrics.Column(j), b.Metrics.Column(j)
		k, ok := f[c.Name]
		if !ok {
			k = 1
		}
		if math.IsNaN(k) {
			continue
		}
		for s := range ca {
			if !sameBits(ca[s]*k, cb[s]) {
				t.Fatalf("%s at step %d: %v, want %v (%v times %v)", c.Name, s, cb[s], ca[s]*k, ca[s], k)
			}
		}
	}
	if len(a.Events) != len(b.Events) {
		t.Fatalf("%d events, want %d", len(b.Events), len(a.Events))
	}
	for i := range a.Events {
		ea, eb := a.Events[i], b.Events[i]
		if ea.Step != eb.Step || ea.Kind != eb.Kind || ea.Region != eb.Region || ea.FromRegion != eb.FromRegion ||
			ea.Sector != eb.Sector || ea.Instrument != eb.Instrument || ea.Stage != eb.Stage || !sameBits(ea.Value, eb.Value) {
			t.Fatalf("event %d: %+v, want %+v", i, eb, ea)
		}
	}
	if len(a.Documents) != len(b.Documents) {
		t.Fatalf("%d document rows, want %d", len(b.Documents), len(a.Documents))
	}
	for i := range a.Documents {
		da, db := a.Documents[i], b.Documents[i]
		if da.Year != db.Year || da.Level != db.Level || da.Category != db.Category || !sameBits(da.Count*docFactor, db.Count) {
			t.Fatalf("documents %d: %+v, want %+v times %v", i, db, da, docFactor)
		}
	}
}

// Money has no unit of its own: spending enters the model only as
// x/(K c x0), so doubling the tax rate and x0 doubles every budget and
// spend and leaves every intensity, hence every decision, effect, report
// and unit-free metric, as it was. Doubling is exact in floating point,
// so the relation holds bit for bit. Likewise only the product c x0
// counts (doc.go: phi = gamma log(1 + x/(K c x0)); the allocation
// divides by c too), and sector shares are normalised over sectors.
func TestUnitChoicesChangeNothing(t *testing.T) {
	const steps = 48
	for _, tc := range []struct {
		name   string
		change func(p *Params)
		f      scaled
	}{
		{"tax_rate and x0 doubled", func(p *Params) { p.World.TaxRate *= 2; p.World.X0 *= 2 },
			scaled{"spending": 2, "value_per_spend": 0.5}},
		{"every cost doubled, x0 halved", func(p *Params) {
			for k := range p.Instruments {
				p.Instruments[k].Cost *= 2
			}
			p.World.X0 /= 2
		}, nil},
		{"sector shares halved", func(p *Params) {
			for s := range p.Sectors {
				p.Sectors[s].Share /= 2
			}
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, base := range []Params{mmParams(), func() Params {
				p := mmParams()
				p.Policy.Autonomy, p.Policy.CapRule = 0.4, "sector"
				p.World.CountiesPerCity = 2
				return p
			}()} {
				q := base.Clone()
				tc.change(&q)
				requireSameRun(t, mmRun(t, base, steps, 7, nil), mmRun(t, q, steps, 7, nil), tc.f, 1)
			}
		})
	}
}

// Parameters a regime makes irrelevant change nothing, bit for bit:
// doc.go says what each regime reads.
func TestIrrelevantParametersChangeNothing(t *testing.T) {
	const steps = 48
	full := func() Params { p := mmParams(); p.Policy.Autonomy = 1; return p }
	central := func() Params { p := mmParams(); p.Policy.Autonomy = 0; return p }
	quiet := func() Params { // no pilots and no platform: nothing is pooled
		p := mmParams()
		p.Policy.PilotShare, p.Policy.Platform = 0, 0
		return p
	}
	laissez := func() Params { p := mmParams(); p.Policy.Priorities = false; return p }
	uncoordinated := func() Params { p := mmParams(); p.Policy.Coordination = false; return p }
	// metrics a relation says nothing of: the hot set the metrics read is
	// the sector table's, alike in every arm, so a table priority moves
	// hot_utilisation where the regime ignores it
	hotSet := scaled{"hot_utilisation": math.NaN(), "hot_utilisation_worst": math.NaN()}
	unsaid := map[string]scaled{"priorities off: sector priorities": hotSet}
	for _, tc := range []struct {
		name   string
		base   func() Params
		change func(p *Params)
	}{
		// full autonomy: no central portfolio, no central pilots
		{"autonomy 1: center_review", full, func(p *Params) { p.Policy.CenterReview = 7 }},
		{"autonomy 1: pilot_cities", full, func(p *Params) { p.Policy.PilotCities = 1 }},
		{"autonomy 1: center_measure", full, func(p *Params) { p.Documents.CenterMeasure = 9 }},
		// autonomy 0: officials decide nothing (their own part is 0)
		{"autonomy 0: career_concern", central, func(p *Params) { p.Policy.CareerConcern = 0 }},
		{"autonomy 0: price_sight", central, func(p *Params) { p.Policy.PriceSight = 1 }},
		{"autonomy 0: hot_chase", central, func(p *Params) { p.Market.HotChase = 3 }},
		{"autonomy 0: imitation", central, func(p *Params) { p.Policy.Imitation = 0.9 }},
		{"autonomy 0: review_interval", central, func(p *Params) { p.Policy.ReviewInterval = 3 }},
		{"autonomy 0: province_pull, preference_gain", central, func(p *Params) {
			p.Policy.ProvincePull, p.Officials.PreferenceGain = 0.9, 3
		}},
		{"autonomy 0: measure_rate", central, func(p *Params) { p.Documents.MeasureRate = 0.5 }},
		// no pilots and no platform: no pooled evidence, so no scale-up
		{"no pooled evidence: scale-up rules", quiet, func(p *Params) {
			p.Policy.ScaleUpThreshold, p.Policy.ScaleUpLag, p.Policy.ScaleUpEvidence = 0, 1, 0
			p.Policy.ScaleUpConfidence, p.Officials.ScaleUpPull = 0, 1
		}},
		{"no pooled evidence: pool_decay", quiet, func(p *Params) { p.Policy.PoolDecay = 0.5 }},
		{"no pooled evidence: pilot rules", quiet, func(p *Params) {
			p.Policy.PilotCities, p.Policy.PilotLength, p.Policy.PilotConfidence = 1, 1, 0
			p.Policy.PilotClarity, p.Policy.PilotBias = 5, 2
		}},
		// no practice is worth a pilot: pilot_share reserves no money,
		// the center's portfolio included
		{"no pilot candidate: pilot_share, autonomy 0", func() Params {
			p := central()
			p.Policy.ScaleUpThreshold = 1000
			return p
		}, func(p *Params) { p.Policy.PilotShare = 0.3 }},
		{"no pilot candidate: pilot_share, autonomy 0.5", func() Params {
			p := mmParams()
			p.Policy.Autonomy, p.Policy.ScaleUpThreshold = 0.5, 1000
			return p
		}, func(p *Params) { p.Policy.PilotShare = 0 }},
		// priorities off: every sector weighs 1
		{"priorities off: sector priorities", laissez, func(p *Params) {
			p.Sectors = slices.Clone(p.Sectors)
			for s := range p.Sectors {
				p.Sectors[s].Priority = float64(s)
			}
		}},
		{"priorities off: framework documents", laissez, func(p *Params) { p.Documents.Framework = 40 }},
		{"priorities off: alignment", laissez, func(p *Params) { p.Policy.Alignment = 0 }},
		{"priorities off: alignment 0.3", laissez, func(p *Params) { p.Policy.Alignment = 0.3 }},
		// coordination off: no caps
		{"coordination off: cap_rule", uncoordinated, func(p *Params) { p.Policy.CapRule = "sector" }},
		{"coordination off: cap_realloc", uncoordinated, func(p *Params) { p.Policy.CapRealloc = false }},
		{"coordination off: regulatory documents", uncoordinated, func(p *Params) { p.Documents.Regulatory = 7 }},
		// caps that never bind are no caps (the cap also sets the plan's
		// halving, hence the same overcapacity_cap in both)
		{"caps that never bind", func() Params { p := uncoordinated(); p.Policy.OvercapacityCap = 1e6; return p },
			func(p *Params) { p.Policy.Coordination = true }},
		// promotion on seniority: no career horizon, reports uncounted
		{"seniority: career_concern", func() Params { p := mmParams(); p.Policy.PromotionBasis = "seniority"; return p },
			func(p *Params) { p.Policy.CareerConcern = 0 }},
		{"seniority: effort_gain", func() Params { p := mmParams(); p.Policy.PromotionBasis = "seniority"; return p },
			func(p *Params) { p.Policy.EffortGain = 2 }},
		{"results: reports_boost", mmParams, func(p *Params) { p.Documents.ReportsBoost = 4 }},
		// the toolbox is a set: its order is no choice
		{"toolbox order", func() Params {
			p := mmParams()
			p.Policy.Toolbox = []string{"subsidy", "land", "training", "rd_support", "market_access"}
			return p
		}, func(p *Params) { slices.Reverse(p.Policy.Toolbox) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base()
			q := base.Clone()
			tc.change(&q)
			requireSameRun(t, mmRun(t, base, steps, 5, nil), mmRun(t, q, steps, 5, nil), unsaid[tc.name], 1)
		})
	}
}

// Relabelling: reversing the instrument table, or the sector table, moves
// every result with its name. Only statistically over a run: measurement
// noise is keyed by the pair's index (normalIn(noise, r, s*K+k) in
// measure, the national signal by k*3+g), and the world's draws by the
// order of sectors (initWorld), so a relabelled run draws other noise.
// Before the first measurement (step spy-1) and in a world whose draws
// do not depend on the sector (no dispersion, no private signal), it is
// the same run up to the order of sums. Pilots are off: a tie in the
// pilot's bound (instruments with the same conventional value and prior)
// goes to the lower index, as modelling.md says ties do.
func TestRelabellingMovesResultsWithTheNames(t *testing.T) {
	base := mmParams()
	base.Policy.PilotShare = 0
	base.World.CapacityDispersion, base.World.ProductivityDispersion, base.World.Heterogeneity = 0, 0, 0
	base.Officials.LocalKnowledge = 0
	// distinct shares: the largest sector at a stage is no tie
	for s := range base.Sectors {
		base.Sectors[s].Share = 0.05 + 0.01*float64(s)
	}
	rev := func(p Params, sectors, instruments bool) Params {
		q := p.Clone()
		if sectors {
			slices.Reverse(q.Sectors)
		}
		if instruments {
			slices.Reverse(q.Instruments)
		}
		return q
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), 1e-9) }
	for _, tc := range []struct {
		name                 string
		sectors, instruments bool
	}{{"instruments", false, true}, {"sectors", true, false}, {"both", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			a := newModel(t, base, 8, 3)
			b := newModel(t, rev(base, tc.sectors, tc.instruments), 8, 3)
			S, K := a.S, a.K
			ps := func(s int) int { // the sector's index in b
				if tc.sectors {
					return S - 1 - s
				}
				return s
			}
			pk := func(k int) int {
				if tc.instruments {
					return K - 1 - k
				}
				return k
			}
			for step := -1; step < a.spy-1; step++ {
				if step >= 0 {
					a.Step(step)
					b.Step(step)
				}
				for r := 0; r < a.R; r++ {
					for s := 0; s < S; s++ {
						i, j := r*S+s, r*S+ps(s)
						if !near(a.capK[i], b.capK[j]) || !near(a.prod[i], b.prod[j]) || a.stage[i] != b.stage[j] {
							t.Fatalf("step %d region %d sector %s: capacity %g, productivity %g, stage %d; relabelled %g, %g, %d",
								step, r, base.Sectors[s].Name, a.capK[i], a.prod[i], a.stage[i], b.capK[j], b.prod[j], b.stage[j])
						}
						for k := 0; k < K; k++ {
							x, y := a.share[i*K+k], b.share[j*K+pk(k)]
							if !near(x, y) {
								t.Fatalf("step %d region %d %s/%s: own share %g, relabelled %g",
									step, r, base.Sectors[s].Name, base.Instruments[k].Name, x, y)
							}
						}
					}
				}
				if va, vb := a.mValueAdded(), b.mValueAdded(); !near(va, vb) {
					t.Fatalf("step %d: value added %v, relabelled %v", step, va, vb)
				}
			}
		})
	}
}

// Documents have no unit either: doubling every rate at which documents
// arise (the echoes are per document, so they double with them) doubles
// every count and leaves the shares; under promotion on reports the
// evaluation ranks documents a year with noise scaled by the spread of
// the scores, so the careers, hence the whole run, stay as they were.
func TestDocumentRatesHaveNoUnit(t *testing.T) {
	for _, basis := range []string{"results", "reports"} {
		t.Run(basis, func(t *testing.T) {
			p := mmParams()
			p.World.CountiesPerCity = 2
			p.Policy.PromotionBasis = basis
			p.Officials.TermMean = 1.5 // many evaluations
			q := p.Clone()
			d := &q.Documents
			d.MeasureRate *= 2
			d.CountyMeasure *= 2
			d.Framework *= 2
			d.Regulatory *= 2
			d.ScaleUp *= 2
			d.CenterMeasure *= 2
			requireSameRun(t, mmRun(t, p, 48, 11, nil), mmRun(t, q, 48, 11, nil), scaled{"docs_total": 2}, 2)
		})
	}
}

// Leaving an instrument out of the toolbox is giving it a prohibitive
// cost: the allocation drops it (its value per unit of money is ~0) and,
// unfunded, it is never measured, so the noise drawn for the other pairs
// is the same. Up to rounding (the costly pairs send the allocation to
// waterfillSmall). Not with pilots: a pilot ranks practices by the upper
// bound of believed effectiveness, not per unit of cost (doc.go), so the
// never-measured costly instrument keeps the widest bound and draws most
// pilots.
func TestToolboxWithoutAnInstrumentIsItAtAProhibitiveCost(t *testing.T) {
	for _, x := range []string{"subsidy", "rd_support", "market_access"} {
		t.Run(x, func(t *testing.T) {
			p := mmParams()
			p.Policy.PilotShare = 0
			without := p.Clone()
			for _, in := range p.Instruments {
				if in.Name != x {
					without.Policy.Toolbox = append(without.Policy.Toolbox, in.Name)
				}
			}
			costly := p.Clone()
			costly.Instruments[instrumentIndex(t, p, x)].Cost = 1e12
			a, b := mmRun(t, without, 60, 3, nil), mmRun(t, costly, 60, 3, nil)
			for j, c := range Columns() {
				switch c.Name {
				case "value_added", "spending", "gini", "overcapacity", "financial_share", "fit_alignment", "docs_total", "capped_sectors":
				default:
					continue // the learning metrics are over each arm's toolbox
				}
				ca, cb := a.Metrics.Column(j), b.Metrics.Column(j)
				for s := range ca {
					if math.Abs(ca[s]-cb[s]) > 1e-12*math.Max(math.Abs(ca[s]), 1) {
						t.Fatalf("%s at step %d: %v without %s, %v with it at cost 1e12", c.Name, s, ca[s], x, cb[s])
					}
				}
			}
		})
	}
}

// Monotone responses doc.go implies, per paired seed: more demand growth
// raises utilisation and prices, hence value added; where policy raises
// only productivity (cap_share 0 everywhere, so no over-capacity of its
// making) and the portfolio is the center's, more gamma raises value
// added. (With capacity effects it need not: capacity beyond demand
// lowers prices, Y = A K u^(1+eta) falls with K, and gamma 0.04 gives less
// value added than 0.02 at the defaults.)
func TestMoreDemandGrowthOrGammaMoreValueAdded(t *testing.T) {
	prodOnly := func() Params {
		p := mmParams()
		p.Policy.Autonomy = 0
		for k := range p.Instruments {
			p.Instruments[k].CapShare = 0
		}
		return p
	}
	for _, tc := range []struct {
		name   string
		base   func() Params
		values []float64
		set    func(p *Params, v float64)
	}{
		{"demand_growth", mmParams, []float64{0.02, 0.06, 0.10}, func(p *Params, v float64) { p.Market.DemandGrowth = v }},
		{"gamma, productivity only", prodOnly, []float64{0.01, 0.02, 0.04}, func(p *Params, v float64) { p.World.Gamma = v }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 3; seed++ {
				prev := math.Inf(-1)
				for _, v := range tc.values {
					p := tc.base()
					tc.set(&p, v)
					m := newModel(t, p, 92, seed)
					runSteps(m, 0, 92)
					va := m.mValueAdded()
					if !(va > prev) {
						t.Errorf("seed %d: %s %g: value added %.4f, not above %.4f at the value before", seed, tc.name, v, va, prev)
					}
					prev = va
				}
			}
		})
	}
}

// Noisier metrics leave beliefs further from the truth: the officials'
// and the center's learning error rise with metric_noise, on the mean
// over paired replications (statistical: slow, skipped with -short).
func TestNoisierMetricsLargerLearningError(t *testing.T) {
	if testing.Short() {
		t.Skip("paired replications")
	}
	noises := []float64{1, 3.5, 8}
	var officials, center [3]float64
	for seed := uint64(1); seed <= 6; seed++ {
		for i, n := range noises {
			p := mmParams()
			p.Policy.MetricNoise = n
			m := newModel(t, p, 92, seed)
			runSteps(m, 0, 92)
			officials[i] += m.mLearningError() / 6
			center[i] += m.mCenterLearningError() / 6
		}
	}
	for i := 1; i < len(noises); i++ {
		if !(officials[i] > officials[i-1]) || !(center[i] > center[i-1]) {
			t.Errorf("metric_noise %v -> %v: learning error %.4f -> %.4f, the center's %.4f -> %.4f; want both to rise",
				noises[i-1], noises[i], officials[i-1], officials[i], center[i-1], center[i])
		}
	}
}

// An event that sets every parameter to its current value, or shocks a
// sector's demand by 0, changes nothing but its own record, in any
// regime and whether or not it falls on a review step (doc.go: an event
// that changes nothing in an arm is no switch).
func TestEventToTheSameValuesChangesNothing(t *testing.T) {
	withoutRecord := func(o Output) Output {
		var ev []EventRecord
		for _, e := range o.Events {
			if e.Kind != "scenario_event" {
				ev = append(ev, e)
			}
		}
		o.Events = ev
		return o
	}
	for _, tc := range []struct {
		name string
		base func() Params
	}{
		{"coordinated autonomy", mmParams},
		{"laissez-faire", func() Params {
			p := mmParams()
			p.Policy.Autonomy, p.Policy.Priorities, p.Policy.Coordination = 1, false, false
			return p
		}},
		{"centralized", func() Params { p := mmParams(); p.Policy.Autonomy = 0; return p }},
		{"counties", func() Params { p := mmParams(); p.World.CountiesPerCity = 2; p.Policy.ReviewInterval = 3; return p }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.base()
			want := mmRun(t, p, 40, 5, nil)
			for _, at := range []int{1, 12, 13} {
				q := p.Clone()
				requireSameRun(t, want, withoutRecord(mmRun(t, p, 40, 5, []Event{{Step: at, Params: &q, Label: "same"}})), nil, 1)
				shock := []Event{{Step: at, Shocks: []Shock{{Sector: "solar", Demand: 0}}, Label: "no shock"}}
				requireSameRun(t, want, withoutRecord(mmRun(t, p, 40, 5, shock)), nil, 1)
			}
		})
	}
}
