package agents

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// randomParams draws a parameter set from the allowed ranges, in corners
// a scenario file could reach.
func randomParams(rng *rand.Rand) Params {
	p := DefaultParams()
	p.World.Provinces = 1 + rng.IntN(4)
	p.World.CitiesPerProvince = rng.IntN(5)
	p.World.CountiesPerCity = rng.IntN(3)
	if p.World.CitiesPerProvince == 0 {
		p.World.CountiesPerCity = 0 // counties belong to cities (Validate)
	}
	p.World.Heterogeneity = 2 * rng.Float64()
	p.World.Gamma = 0.1 * rng.Float64()
	p.World.Absorb = rng.Float64() * 0.2
	p.World.Transfer = rng.Float64()
	p.World.Land = 3 * rng.Float64()
	p.Market.DemandSlack = -0.8 + 2*rng.Float64()
	p.Market.DemandGrowth = -0.1 + 0.3*rng.Float64()
	p.Market.Eta = 3 * rng.Float64()
	p.Market.HotChase = 3 * rng.Float64()
	pol := &p.Policy
	pol.Autonomy = rng.Float64()
	pol.Alignment = rng.Float64()
	pol.PilotShare = rng.Float64() * 0.5
	pol.PilotCities = rng.Float64()
	pol.MetricNoise = 0.1 + 6*rng.Float64()
	pol.PilotBias = rng.Float64()
	pol.Platform = rng.Float64()
	pol.Coordination = rng.IntN(2) == 0
	pol.CapRealloc = rng.IntN(2) == 0
	pol.CapRule = []string{"region", "sector"}[rng.IntN(2)]
	pol.PriceSight = rng.Float64()
	pol.Imitation = rng.Float64()
	pol.CareerConcern = 3 * rng.Float64()
	pol.PromotionBasis = []string{"results", "reports", "seniority"}[rng.IntN(3)]
	pol.Mobility = rng.Float64()
	pol.EffortGain = rng.Float64()
	pol.ReviewInterval = 1 + rng.IntN(20)
	pol.CenterReview = 1 + rng.IntN(20)
	pol.PlanCycle = 1 + rng.IntN(10)
	pol.Priorities = rng.IntN(2) == 0
	if rng.IntN(3) == 0 {
		pol.Toolbox = []string{"subsidy", "tax_incentive"}
	}
	p.Officials.TermMean = 0.5 + 5*rng.Float64()
	return p
}

func TestInvariantsOverRandomRuns(t *testing.T) {
	runs := 40
	if testing.Short() {
		runs = 8
	}
	rng := rand.New(rand.NewPCG(1, 2))
	s := sim.DefaultSettings()
	for i := 0; i < runs; i++ {
		p := randomParams(rng)
		m, err := New(p, s, uint64(i), nil)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		for step := 0; step < s.Steps; step++ {
			m.Step(step)
			checkInvariants(t, m, fmt.Sprintf("run %d step %d", i, step))
		}
	}
}

// checkInvariants fails t if m's state after a step breaks an invariant:
// a metric Inf, or NaN where the dictionary does not say it may be; a
// negative budget, land or capacity, or a productivity <= 0; a region's
// shares negative or not summing to 1; documents by level not summing to
// the total, or their shares by level not to 1. at says where (run, step).
func checkInvariants(t *testing.T, m *Model, at string) {
	t.Helper()
	cols := Columns()
	mayBeNaN := false
	for _, c := range cols {
		// NaN only where the dictionary says a metric is
		// undefined (a share of nothing); Inf never. A doc that
		// starts "the same" says what the one before it says.
		if !strings.HasPrefix(c.Doc, "the same") {
			mayBeNaN = strings.Contains(c.Doc, "NaN")
		}
		v := c.Value(m)
		if math.IsInf(v, 0) || math.IsNaN(v) && !mayBeNaN {
			t.Fatalf("%s: %s = %v (params %+v)", at, c.Name, v, m.p.Policy)
		}
	}
	for r := 0; r < m.R; r++ {
		if m.budget[r] < 0 || m.land[r] < 0 {
			t.Fatalf("%s: region %d budget %g land %g", at, r, m.budget[r], m.land[r])
		}
	}
	for j, k := range m.capK {
		if k < 0 || math.IsNaN(k) || m.prod[j] <= 0 {
			t.Fatalf("%s: region-sector %d capacity %g productivity %g", at, j, k, m.prod[j])
		}
	}
	for r := 0; r < m.R; r++ {
		sum := 0.0
		for _, x := range m.share[r*m.S*m.K : (r+1)*m.S*m.K] {
			if x < 0 {
				t.Fatalf("%s: negative share in region %d", at, r)
			}
			sum += x
		}
		// 1, or nothing spent, or the pilot alone (an official who
		// sees no measure pay within his term, doc.go, or a follower
		// copying him)
		pilotOnly := math.Abs(sum-m.p.Policy.PilotShare) <= 1e-9
		if sum > 1e-12 && math.Abs(sum-1) > 1e-9 && !pilotOnly {
			t.Fatalf("%s: region %d shares sum to %g", at, r, sum)
		}
	}
	levels := m.mDocsTotal()
	byLevel := 0.0
	for l := range m.docStep {
		for _, v := range m.docStep[l] {
			byLevel += v
		}
	}
	if math.Abs(levels-byLevel) > 1e-9*math.Max(1, levels) {
		t.Fatalf("%s: documents by level sum to %g, total %g", at, byLevel, levels)
	}
	// the shares of the levels the world has sum to 1 once any
	// document is issued (the county share is NaN without
	// counties, the city share without cities: summed, they
	// would make the check pass whatever the others)
	shares := 0.0
	for l := LevelCenter; l <= LevelCounty; l++ {
		if l == LevelCounty && m.p.World.CountiesPerCity == 0 || l == LevelCity && m.p.World.CitiesPerProvince == 0 {
			continue
		}
		shares += docShare(l)(m)
	}
	if levels > 0 && !(math.Abs(shares-1) <= 1e-9) {
		t.Fatalf("%s: document shares by level sum to %g", at, shares)
	}
}

// metricsBytes runs p and returns the recorded metrics as bytes.
func metricsBytes(t *testing.T, p Params, seed uint64) []byte {
	t.Helper()
	out, err := Simulate(context.Background(), p, nil, sim.DefaultSettings(), seed, Options{Panel: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, out.Metrics.Values)
	for _, e := range out.Events {
		binary.Write(&b, binary.LittleEndian, []float64{float64(e.Step), float64(e.Region), e.Value})
		b.WriteString(e.Kind + e.Instrument + e.Detail)
	}
	for _, d := range out.Documents {
		binary.Write(&b, binary.LittleEndian, d.Count)
	}
	return b.Bytes()
}

func TestSameSeedSameRun(t *testing.T) {
	p := smallParams()
	a, b := metricsBytes(t, p, 9), metricsBytes(t, p, 9)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	if c := metricsBytes(t, p, 10); bytes.Equal(a, c) {
		t.Fatal("runs with different seeds are identical")
	}
}

func TestReplicationsIndependentOfWorkers(t *testing.T) {
	p := smallParams()
	jobs := sim.Plan{Arms: 2, Replications: 6, MasterSeed: 3}.Jobs()
	collect := func(workers int) [][]byte {
		var out [][]byte
		err := sim.Replicate(context.Background(), jobs, workers, func(ctx context.Context, j sim.Job) ([]byte, error) {
			q := p
			q.Policy.Autonomy = float64(j.Arm) * 0.5
			return metricsBytes(t, q, j.Seed), nil
		}, func(j sim.Job, b []byte) error { out = append(out, b); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, four := collect(1), collect(4)
	for i := range one {
		if !bytes.Equal(one[i], four[i]) {
			t.Fatalf("run %d differs between 1 and 4 workers", i)
		}
	}
}

// TestArmsShareTheWorld checks common random numbers: arms with the same
// seed start from the same world, officials, demand and budgets, whatever
// their policy: here the levers of the default scenario's three regimes
// (autonomy, pilots, platform, promotion rule, review intervals,
// priorities, alignment, coordination).
func TestArmsShareTheWorld(t *testing.T) {
	a := smallParams()
	central, laissez := a.Clone(), a.Clone()
	central.Policy.Autonomy, central.Policy.PilotShare, central.Policy.Platform = 0, 0, 0
	central.Policy.PromotionBasis, central.Policy.ReviewInterval, central.Policy.CenterReview = "reports", 20, 20
	laissez.Policy.Autonomy, laissez.Policy.Priorities, laissez.Policy.Alignment = 1, false, 0
	laissez.Policy.Platform, laissez.Policy.Coordination, laissez.Policy.PromotionBasis = 0, false, "seniority"
	s := sim.DefaultSettings()
	ma, err := New(a, s, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	ints := func(xs []int) []float64 {
		v := make([]float64, len(xs))
		for i, x := range xs {
			v[i] = float64(x)
		}
		return v
	}
	bools := func(xs []bool) []float64 {
		v := make([]float64, len(xs))
		for i, x := range xs {
			if x {
				v[i] = 1
			}
		}
		return v
	}
	state := map[string]func(m *Model) []float64{
		"size":           func(m *Model) []float64 { return m.size },
		"capacity":       func(m *Model) []float64 { return m.capK },
		"productivity":   func(m *Model) []float64 { return m.prod },
		"fit":            func(m *Model) []float64 { return m.fit },
		"fit belief":     func(m *Model) []float64 { return m.fitMean },
		"infrastructure": func(m *Model) []float64 { return m.infra },
		"skills":         func(m *Model) []float64 { return m.skills },
		"land":           func(m *Model) []float64 { return m.land },
		"demand":         func(m *Model) []float64 { return m.demand },
		"budget":         func(m *Model) []float64 { return m.budget },
		"ability":        func(m *Model) []float64 { return m.ability },
		"age":            func(m *Model) []float64 { return m.age },
		"follower":       func(m *Model) []float64 { return bools(m.follower) },
		"term end":       func(m *Model) []float64 { return ints(m.termEnd) },
		"term start":     func(m *Model) []float64 { return ints(m.start) },
	}
	for name, b := range map[string]Params{"centralized": central, "laissez_faire": laissez} {
		mb, err := New(b, s, 5, nil)
		if err != nil {
			t.Fatal(err)
		}
		for what, f := range state {
			x, y := f(ma), f(mb)
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
					t.Errorf("%s: %s[%d] is %v, %v in coordinated autonomy with the same seed", name, what, i, y[i], x[i])
					break
				}
			}
		}
	}
}

// TestSummaryOnlyMatchesRecording checks that a summary-only run gives
// the summaries of a fully recorded run, bit for bit.
func TestSummaryOnlyMatchesRecording(t *testing.T) {
	p := smallParams()
	s := sim.DefaultSettings()
	full, err := Simulate(context.Background(), p, nil, s, 5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Simulate(context.Background(), p, nil, s, 5, Options{SummaryOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Metrics.Rows() != 0 || len(sum.Events) != 0 {
		t.Errorf("summary-only run recorded %d metric rows and %d events", sum.Metrics.Rows(), len(sum.Events))
	}
	for j, c := range Columns() {
		want := c.Summary.Reduce(full.Metrics.Column(j), s.StepsPerYear)
		got := sum.Summary[j]
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("%s: summary-only %v, recorded %v", c.Name, got, want)
		}
	}
}

// TestDocumentsFullGrid: documents come as one count per year, level of
// the world and category, zeros included (a missing zero biases averages
// over years up), with no city rows in a world without cities and no
// county rows in a world without counties (a level that does not exist
// issued no documents: its rows would draw an empty panel and a "city
// 0.0%" in the report).
func TestDocumentsFullGrid(t *testing.T) {
	for _, tc := range []struct{ cities, counties, levels int }{
		{0, 0, 2},
		{2, 0, 3},
		{2, 2, 4},
	} {
		p := smallParams()
		p.World.CitiesPerProvince = tc.cities
		p.World.CountiesPerCity = tc.counties
		s := sim.DefaultSettings()
		s.Steps = 12 // three years
		out, err := Simulate(context.Background(), p, nil, s, 5, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(out.Documents), 3*tc.levels*len(categories); got != want {
			t.Errorf("cities %d, counties %d: %d document rows, want %d (3 years x %d levels x %d categories)", tc.cities, tc.counties, got, want, tc.levels, len(categories))
		}
		seen, zeros := map[DocumentCount]bool{}, 0
		for _, d := range out.Documents {
			key := DocumentCount{Year: d.Year, Level: d.Level, Category: d.Category}
			if seen[key] || tc.counties == 0 && d.Level == "county" || tc.cities == 0 && d.Level == "city" {
				t.Errorf("cities %d, counties %d: unexpected or repeated row %+v", tc.cities, tc.counties, d)
			}
			seen[key] = true
			if d.Count == 0 {
				zeros++
			}
		}
		if zeros == 0 {
			t.Errorf("cities %d, counties %d: no zero counts; want the years without documents as rows", tc.cities, tc.counties)
		}
	}
}

// TestTooManyInstruments checks that a world with more instruments than
// the model's bit sets hold is refused, by Validate and by New.
func TestTooManyInstruments(t *testing.T) {
	p := smallParams()
	base := p.Instruments[0]
	p.Instruments = nil
	for k := range MaxInstruments + 1 {
		in := base
		in.Name = fmt.Sprintf("tool_%d", k)
		p.Instruments = append(p.Instruments, in)
	}
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "at most 64 instruments") {
		t.Errorf("Validate() = %v, want an error saying at most 64 instruments", err)
	}
	if _, err := New(p, sim.DefaultSettings(), 1, nil); err == nil {
		t.Error("New accepted 65 instruments")
	}
	p.Instruments = p.Instruments[:MaxInstruments]
	if err := p.Validate(); err != nil {
		t.Errorf("Validate() with %d instruments = %v, want nil", MaxInstruments, err)
	}
	if _, err := New(p, sim.DefaultSettings(), 1, nil); err != nil {
		t.Errorf("New with %d instruments: %v", MaxInstruments, err)
	}
}

// TestScenarioEventSector: a scenario event's row names the sector it
// concerns when it concerns exactly one (a shock, a new priority), and
// none when it concerns several or none.
func TestScenarioEventSector(t *testing.T) {
	p := smallParams()
	prio := p
	prio.Sectors = append([]Sector(nil), p.Sectors...)
	prio.Sectors[1].Priority += 2
	events := []Event{
		{Step: 1, Shocks: []Shock{{Sector: "steel", Demand: -0.2}}, Label: "one shock"},
		{Step: 2, Shocks: []Shock{{Sector: "steel", Demand: -0.1}, {Sector: "solar", Demand: 0.1}}, Label: "two sectors"},
		{Step: 3, Params: &prio, Label: "a priority"},
		{Step: 4, Label: "nothing"},
	}
	s := sim.DefaultSettings()
	s.Steps = 6
	out, err := Simulate(context.Background(), p, events, s, 5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"one shock": "steel", "two sectors": "", "a priority": p.Sectors[1].Name, "nothing": ""}
	seen := 0
	for _, e := range out.Events {
		if e.Kind != "scenario_event" {
			continue
		}
		seen++
		if w, ok := want[e.Detail]; !ok || e.Sector != w {
			t.Errorf("event %q: sector %q, want %q", e.Detail, e.Sector, w)
		}
	}
	if seen != len(events) {
		t.Errorf("%d scenario events logged, want %d", seen, len(events))
	}
}

// New refuses parameters it cannot build a world from, with an error
// rather than a panic: the API is used without the scenarios package's
// checks too.
func TestNewRefusesUnrunnableParams(t *testing.T) {
	more := DefaultParams()
	more.Sectors = append(more.Sectors, more.Sectors[0])
	more.Sectors[len(more.Sectors)-1].Name = "extra"
	badBox := DefaultParams()
	badBox.Policy.Toolbox = []string{"subsidy", "nope"}
	for _, tt := range []struct {
		name   string
		edit   func(p *Params)
		events func(p Params) []Event
		want   string
	}{
		{"no provinces", func(p *Params) { p.World.Provinces = 0 }, nil, "world.provinces"},
		{"negative provinces", func(p *Params) { p.World.Provinces = -1 }, nil, "world.provinces"},
		{"negative cities", func(p *Params) { p.World.CitiesPerProvince = -2 }, nil, "world.cities_per_province"},
		{"unknown toolbox instrument", func(p *Params) { p.Policy.Toolbox = []string{"nope"} }, nil, "policy.toolbox"},
		// Validate's order checks, at their boundaries: new officials must
		// be younger than the retirement age, and the mature threshold
		// above the entry one
		{"age_max at retire_age", func(p *Params) { p.Officials.AgeMax = p.Officials.RetireAge }, nil, "officials.age_max"},
		{"equal stage thresholds", func(p *Params) { p.World.StageMature = p.World.StageEntry }, nil, "world.stage_mature"},
		{"event with another sector table", nil, func(Params) []Event { return []Event{{Step: 4, Params: &more, Label: "grow"}} }, "changes the world"},
		// what the model reads only at set-up: an event changing it would
		// be ignored, so New refuses it
		{"event changing an instrument", nil, func(p Params) []Event {
			q := p.Clone()
			q.Instruments[0].Cost *= 2
			return []Event{{Step: 4, Params: &q, Label: "dear"}}
		}, "the instrument table"},
		{"event changing the world", nil, func(p Params) []Event {
			q := p.Clone()
			q.World.Heterogeneity += 0.5
			return []Event{{Step: 4, Params: &q, Label: "apart"}}
		}, "changes the world"},
		{"event changing a sector's share", nil, func(p Params) []Event {
			q := p.Clone()
			q.Sectors[0].Share *= 2
			return []Event{{Step: 4, Params: &q, Label: "bigger"}}
		}, "a sector's name or share"},
		{"event with an unknown toolbox instrument", nil, func(Params) []Event { return []Event{{Step: 4, Params: &badBox, Label: "box"}} }, `event "box" at step 4`},
		// ranges and allowed values of single fields (struct tags): the
		// first four panicked in a step (a division by zero, an index
		// -1), the others ran silently on a value the model does not know
		{"review_interval 0", func(p *Params) { p.Policy.ReviewInterval = 0 }, nil, "policy.review_interval = 0: must be >= 1"},
		{"plan_cycle 0", func(p *Params) { p.Policy.PlanCycle = 0 }, nil, "policy.plan_cycle = 0: must be >= 1"},
		{"echo_lag -1", func(p *Params) { p.Documents.EchoLag = -1 }, nil, "documents.echo_lag = -1: must be in [0, 732]"},
		{"instrument lag -1", func(p *Params) { p.Instruments[1].Lag = -1 }, nil, "instrument[2].lag = -1: must be in [0, 1464]"},
		{"autonomy above 1", func(p *Params) { p.Policy.Autonomy = 1.5 }, nil, "policy.autonomy = 1.5: must be in [0, 1]"},
		{"NaN heterogeneity", func(p *Params) { p.World.Heterogeneity = math.NaN() }, nil, "world.heterogeneity = NaN"},
		{"unknown cap_rule", func(p *Params) { p.Policy.CapRule = "regions" }, nil, `policy.cap_rule = "regions": must be one of "region", "sector"`},
		{"unknown instrument category", func(p *Params) { p.Instruments[0].Category = "money" }, nil, `instrument[1].category = "money"`},
		{"event with review_interval 0", nil, func(p Params) []Event {
			q := p.Clone()
			q.Policy.ReviewInterval = 0
			return []Event{{Step: 4, Params: &q, Label: "slow"}}
		}, `event "slow" at step 4: agents: policy.review_interval = 0`},
		// a shock (from Go; scenarios checks a file's): a demand of -1
		// made the sector's demand 0 and metrics NaN, an unknown sector
		// was ignored, 1e200 twice made demand infinite
		{"shock to no sector", nil, func(Params) []Event {
			return []Event{{Step: 4, Label: "crash", Shocks: []Shock{{Sector: "stel", Demand: -0.2}}}}
		}, `shocks sector "stel", which the run does not have`},
		{"shock of -100%", nil, func(Params) []Event {
			return []Event{{Step: 4, Label: "crash", Shocks: []Shock{{Sector: "steel", Demand: -1}}}}
		}, "shock to steel, demand = -1: must be in (-1, 100]"},
		{"huge shock", nil, func(Params) []Event {
			return []Event{{Step: 4, Label: "boom", Shocks: []Shock{{Sector: "steel", Demand: 1e200}}}}
		}, "demand = 1e+200: must be in (-1, 100]"},
		{"events out of order", nil, func(Params) []Event { return []Event{{Step: 8, Label: "b"}, {Step: 4, Label: "a"}} }, "sort events by Step"},
		{"event before the first step", nil, func(Params) []Event { return []Event{{Step: -2008, Label: "a year negated"}} }, "steps count from 0"},
		// the zero Params: 28 fields it lacks, and first what to do
		{"zero Params", func(p *Params) { *p = Params{} }, nil, "agents: Params has no world, sectors or instruments: start from DefaultParams()"},
		{"event with zero Params", nil, func(Params) []Event { return []Event{{Step: 4, Params: &Params{}, Label: "empty"}} },
			`event "empty" at step 4: agents: Params has no world, sectors or instruments: start from DefaultParams()`},
		// a world too large to hold: New's allocations crashed the
		// process (out of memory, not a recoverable panic)
		{"world above 16 GiB", func(p *Params) { p.World.Provinces, p.World.CitiesPerProvince = 1<<40, 10 }, nil,
			"world too large: 12094627905536 regions x 10 sectors x 10 instruments need about 120384.0 TiB per run; at most 16 GiB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := smallParams()
			if tt.edit != nil {
				tt.edit(&p)
			}
			var ev []Event
			if tt.events != nil {
				ev = tt.events(p)
			}
			s := sim.DefaultSettings()
			_, err := New(p, s, 1, ev)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error naming %q", err, tt.want)
			}
		})
	}
}

// A share of an empty set is NaN, not 0: priority_share where no sector is
// a priority, docs_county_share in a world without counties, likewise
// docs_city_share without cities.
func TestEmptySetSharesAreNaN(t *testing.T) {
	value := func(m *Model, name string) float64 {
		for _, c := range Columns() {
			if c.Name == name {
				return c.Value(m)
			}
		}
		t.Fatalf("no metric %s", name)
		return 0
	}
	for _, tt := range []struct {
		name   string
		edit   func(p *Params)
		metric string
		nan    bool
	}{
		{"priorities", func(p *Params) {}, "priority_share", false},
		{"no priorities", func(p *Params) { p.Policy.Priorities = false }, "priority_share", true},
		{"no counties", func(p *Params) {}, "docs_county_share", true},
		{"counties", func(p *Params) { p.World.CountiesPerCity = 2 }, "docs_county_share", false},
		{"cities", func(p *Params) {}, "docs_city_share", false},
		{"no cities", func(p *Params) { p.World.CitiesPerProvince = 0 }, "docs_city_share", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := smallParams()
			tt.edit(&p)
			m := newModel(t, p, 8, 1)
			runSteps(m, 0, 4)
			if v := value(m, tt.metric); math.IsNaN(v) != tt.nan {
				t.Errorf("%s = %g, want NaN: %v", tt.metric, v, tt.nan)
			}
		})
	}
}

// An event may change a sector's growth and priority: New accepts it.
func TestNewAcceptsSectorGrowthEvent(t *testing.T) {
	p := smallParams()
	q := p.Clone()
	q.Sectors[0].Growth += 0.05
	q.Sectors[0].Priority = 2
	q.Policy.Autonomy = 0.3
	if _, err := New(p, sim.DefaultSettings(), 1, []Event{{Step: 4, Params: &q, Label: "boom"}}); err != nil {
		t.Errorf("New refused an event changing a sector's growth and priority: %v", err)
	}
}

// An event at or past the run's last step would never apply: New refuses
// it, naming the last step, as the scenarios package refuses one past the
// run's last year; the last step itself is accepted.
func TestNewRefusesEventPastTheEnd(t *testing.T) {
	p := smallParams()
	q := p.Clone()
	q.Policy.Autonomy = 0.3
	s := sim.Settings{Steps: 8, StepsPerYear: 4, StartYear: 2000}
	for _, tc := range []struct {
		step int
		want string // "" accepted
	}{
		{7, ""},
		{8, `event "late" at step 8 is past the run's last step, 7`},
		{100, `event "late" at step 100 is past the run's last step, 7`},
	} {
		_, err := New(p, s, 1, []Event{{Step: tc.step, Params: &q, Label: "late"}})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("step %d: %v", tc.step, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("step %d: error %v, want one containing %q", tc.step, err, tc.want)
		}
	}
}

// The origin shares of first adoptions (MODEL.md §4) sum to 1, own and
// pilot make local_origin_share; a mixed regime with followers adopts on
// its own and by imitation, and at autonomy 0 only the center adopts.
func TestAdoptionOriginShares(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 4, 4
	p.Policy.Autonomy, p.Policy.Platform, p.Policy.Imitation, p.Policy.PilotShare = 0.5, 0.5, 0.3, 0.1
	m := newModel(t, p, 60, 2)
	for st := 0; st < 60; st++ {
		m.Step(st)
	}
	val := map[string]float64{}
	for _, c := range Columns() {
		val[c.Name] = c.Value(m)
	}
	names := []string{"origin_own_share", "origin_pilot_share", "origin_center_share", "origin_platform_share",
		"origin_scale_up_share", "origin_official_share", "origin_imitation_share"}
	sum := 0.0
	for _, n := range names {
		v, ok := val[n]
		if !ok || v < 0 || v > 1 {
			t.Fatalf("%s = %v (present %v), want a share", n, v, ok)
		}
		sum += v
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("origin shares sum to %v, want 1", sum)
	}
	if local := val["origin_own_share"] + val["origin_pilot_share"]; math.Abs(local-val["local_origin_share"]) > 1e-12 {
		t.Errorf("own + pilot = %v, local_origin_share %v", local, val["local_origin_share"])
	}
	for _, n := range []string{"origin_own_share", "origin_imitation_share"} {
		if val[n] <= 0 {
			t.Errorf("%s = %v in a regime with own money and followers, want > 0", n, val[n])
		}
	}
	// without own money every first adoption is the center's
	p.Policy.Autonomy = 0
	m = newModel(t, p, 20, 2)
	for st := 0; st < 20; st++ {
		m.Step(st)
	}
	for _, c := range Columns() {
		if c.Name == "origin_center_share" {
			if v := c.Value(m); v != 1 {
				t.Errorf("origin_center_share = %v at autonomy 0, want 1", v)
			}
		}
	}
}

// LevelName and StageName name a value outside their constants instead
// of panicking with an index error, as Status.String does in sim.
func TestNamesOutOfRange(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{LevelName(LevelCounty), "county"}, {LevelName(4), "level(4)"}, {LevelName(-1), "level(-1)"},
		{StageName(Mature), "mature"}, {StageName(3), "stage(3)"}, {StageName(-1), "stage(-1)"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// The memory estimate counts the pipelines of lags longer than the flat
// costs cover (16 steps of instrument lag, 8 of echo_lag): a monthly or
// daily calendar's lags must not let a world past MaxWorldBytes.
func TestWorldBytesCountsLongLags(t *testing.T) {
	base := DefaultParams()
	r, s := Regions(base.World)+1, float64(len(base.Sectors)) // the center has a region's tables
	for _, c := range []struct {
		name      string
		lag, echo int
		extra     float64
	}{
		{"defaults", 8, 1, 0},
		{"lag 16, echo 8", 16, 8, 0},
		{"lag 48", 48, 1, r * s * 32 * BytesPerRegionSectorLagStep},
		{"lag 1464, echo 732", 1464, 732, r * (s*1448*BytesPerRegionSectorLagStep + 724*BytesPerRegionEchoStep)},
	} {
		p := base.Clone()
		p.Instruments[3].Lag, p.Documents.EchoLag = c.lag, c.echo
		if got, want := WorldBytes(p), WorldBytes(base)+c.extra; got != want {
			t.Errorf("%s: WorldBytes %g, want %g", c.name, got, want)
		}
	}
}

// Simulate refuses a run whose metric table would not fit beside the
// world in MaxWorldBytes, with an error, not a panic in make (2^40 steps)
// or an out-of-memory crash (a hundred million); a SummaryOnly run keeps
// no table and is not refused; and the longest run a scenario allows
// (run.steps <= 10,000,000) fits with a China-size world.
func TestSimulateRefusesATableBeyondMemory(t *testing.T) {
	p := smallParams()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a refused run must fail before it allocates; an accepted one stops at once
	for _, steps := range []int{1 << 40, 100_000_000} {
		s := sim.Settings{Steps: steps, StepsPerYear: 4}
		var err error
		if v := recovered(func() { _, err = Simulate(ctx, p, nil, s, 1, Options{}) }); v != nil {
			t.Fatalf("%d steps: Simulate panicked: %v", steps, v)
		}
		if err == nil || !strings.Contains(err.Error(), "SummaryOnly") {
			t.Errorf("%d steps: err = %v, want a refusal naming Options.SummaryOnly", steps, err)
		}
		if _, err := Simulate(ctx, p, nil, s, 1, Options{SummaryOnly: true}); err != nil {
			t.Errorf("%d steps, SummaryOnly: %v", steps, err)
		}
	}
	if b := WorldBytes(DefaultParams()) + recordingBytes(10_000_000); b > MaxWorldBytes {
		t.Errorf("10,000,000 steps of the default world need %g bytes, beyond MaxWorldBytes", b)
	}
}

// recovered calls f and returns what it panicked with, or nil.
func recovered(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// A run whose economy grows past float64's range (fastest demand and
// frontier growth over six centuries) stops with an error naming the
// step, in both recording modes, instead of returning Inf and NaN
// figures; the step is the first whose value added or spending is not
// finite.
func TestSimulateStopsAtOverflow(t *testing.T) {
	p := smallParams()
	p.Market.DemandGrowth, p.World.FrontierGrowth = 1, 1
	s := sim.Settings{Steps: 3000, StepsPerYear: 4, StartYear: 2000}
	m, err := New(p, s, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	first := -1
	for step := 0; step < s.Steps && first < 0; step++ {
		m.Step(step)
		if !(finiteAll(m.va, m.st.spending, m.st.cumGain, m.st.cumSpend) && finiteAll(m.demand...)) {
			first = step
		}
	}
	if first < 0 {
		t.Fatal("the run never overflowed: the test needs a faster-growing world")
	}
	want := fmt.Sprintf("at step %d (year %d) value added, spending or a sector's demand passed float64's range", first, s.YearOf(first))
	for _, summary := range []bool{false, true} {
		_, err := Simulate(context.Background(), p, nil, s, 1, Options{SummaryOnly: summary})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("SummaryOnly %v: error %v, want one containing %q", summary, err, want)
		}
	}
	// the same world, stopped before it overflows, has no error
	s.Steps = first
	if _, err := Simulate(context.Background(), p, nil, s, 1, Options{}); err != nil {
		t.Errorf("%d steps: %v", first, err)
	}
}

// Demand that outgrows float64 while value added does not (fastest
// demand growth, no frontier growth: value added, bounded by the
// frontier, is near 1e45 when demand passes 1.8e308, about step 2590)
// stops the run too: from then the center's growth signal was NaN, and
// so its priorities, and the run went on to its end with zero spending,
// an empty priority_share and no error.
func TestSimulateStopsAtDemandOverflow(t *testing.T) {
	p := smallParams()
	p.Market.DemandGrowth, p.World.FrontierGrowth = 1, 0
	s := sim.Settings{Steps: 3000, StepsPerYear: 4, StartYear: 2000}
	for _, summary := range []bool{false, true} {
		_, err := Simulate(context.Background(), p, nil, s, 1, Options{SummaryOnly: summary})
		if err == nil || !strings.Contains(err.Error(), "a sector's demand passed float64's range") {
			t.Errorf("SummaryOnly %v: error %v, want one naming demand", summary, err)
		}
	}
}

// cap_reallocated stays finite while the economy does: the center's
// blocked money, rest * wBlocked / w, multiplied budget by capacity
// before dividing, and at the fastest frontier growth that product
// passed float64's range about step 1340, a thousand steps before value
// added does, so the run's cap_reallocated (a mean over steps) was +Inf
// in a run that completed without an error.
func TestCapReallocatedFiniteNearOverflow(t *testing.T) {
	p := smallParams()
	p.Market.DemandGrowth, p.World.FrontierGrowth = 0, 1
	s := sim.Settings{Steps: 2000, StepsPerYear: 4, StartYear: 2000}
	out, err := Simulate(context.Background(), p, nil, s, 1, Options{SummaryOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range Columns() {
		if math.IsInf(out.Summary[i], 0) {
			t.Errorf("%s = %v in a run of finite value added", c.Name, out.Summary[i])
		}
	}
}

// Regions counts a world's regions as the built model does: provinces,
// cities and counties, not the center.
func TestRegionsCountsAsTheModel(t *testing.T) {
	for _, w := range [][3]int{{2, 3, 0}, {1, 1, 0}, {2, 2, 3}} {
		p := DefaultParams()
		p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = w[0], w[1], w[2]
		m, err := New(p, sim.Settings{Steps: 1, StepsPerYear: 4}, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := Regions(p.World); got != float64(m.Regions()) {
			t.Errorf("world %v: Regions %v, Model.Regions %d", w, got, m.Regions())
		}
	}
}
