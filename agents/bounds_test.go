package agents

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Every value a parameter's range allows must give a run whose metrics
// are finite (NaN only where the dictionary says a metric is undefined),
// or be refused by New with an error: a value a scenario file may set
// must never make a run silently undefined. These tests put parameters at
// the ends of their ranges (a finite bound, just inside an open one, or
// large values for an unbounded one), one at a time and in random
// combinations, on a small world.

// boundValues returns the values of rg worth trying: its finite ends (just
// inside an open end), and 10 to 1e6 for an end at infinity.
func boundValues(rg Range, isInt bool) []float64 {
	var vs []float64
	switch {
	case math.IsInf(rg.Lo, -1):
		vs = append(vs, -1e3, -1e6)
	case rg.LoOpen:
		vs = append(vs, rg.Lo+1e-9, rg.Lo+1e-3)
	default:
		vs = append(vs, rg.Lo)
	}
	switch {
	case math.IsInf(rg.Hi, 1):
		vs = append(vs, 10, 100, 1e3, 1e6)
	case rg.HiOpen:
		vs = append(vs, rg.Hi-1e-9, rg.Hi-1e-3)
	default:
		vs = append(vs, rg.Hi)
	}
	if isInt {
		for i := range vs {
			// a count of 1e6 steps or agents is a size, not a corner
			vs[i] = min(math.Round(vs[i]), 200)
		}
	}
	return vs
}

// boundSetting is one parameter set to one value.
type boundSetting struct {
	key   string
	field func(p *Params) reflect.Value
	x     float64
}

func (b boundSetting) apply(p *Params) {
	f := b.field(p)
	if f.Kind() == reflect.Int {
		f.SetInt(int64(b.x))
	} else {
		f.SetFloat(b.x)
	}
}

// boundFields lists every numeric parameter of p, the world's size aside,
// each with the values of its range worth trying.
func boundFields(p Params) (keys []string, fields []func(*Params) reflect.Value, values [][]float64) {
	add := func(section string, get func(p *Params) reflect.Value) {
		typ := get(&p).Type()
		for i := range typ.NumField() {
			sf := typ.Field(i)
			kind := sf.Type.Kind()
			switch {
			case kind != reflect.Float64 && kind != reflect.Int:
				continue
			case section == "world" && (sf.Name == "Provinces" || sf.Name == "CitiesPerProvince" || sf.Name == "CountiesPerCity"):
				continue
			}
			key, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
			keys = append(keys, section+"."+key)
			fields = append(fields, func(p *Params) reflect.Value { return get(p).Field(i) })
			values = append(values, boundValues(FieldRange(sf), kind == reflect.Int))
		}
	}
	add("world", func(p *Params) reflect.Value { return reflect.ValueOf(&p.World).Elem() })
	add("market", func(p *Params) reflect.Value { return reflect.ValueOf(&p.Market).Elem() })
	add("policy", func(p *Params) reflect.Value { return reflect.ValueOf(&p.Policy).Elem() })
	add("officials", func(p *Params) reflect.Value { return reflect.ValueOf(&p.Officials).Elem() })
	add("documents", func(p *Params) reflect.Value { return reflect.ValueOf(&p.Documents).Elem() })
	for i := range p.Sectors {
		add(fmt.Sprintf("sector[%d]", i+1), func(p *Params) reflect.Value { return reflect.ValueOf(&p.Sectors[i]).Elem() })
	}
	for i := range p.Instruments {
		add(fmt.Sprintf("instrument[%d]", i+1), func(p *Params) reflect.Value { return reflect.ValueOf(&p.Instruments[i]).Elem() })
	}
	return keys, fields, values
}

// runToBounds runs p for a default run, checking the invariants after every
// step; New may refuse p (a combination its checks rule out).
func runToBounds(t *testing.T, p Params) {
	t.Helper()
	p.Sectors, p.Instruments = append([]Sector(nil), p.Sectors...), append([]Instrument(nil), p.Instruments...)
	s := sim.DefaultSettings()
	m, err := New(p, s, 7, nil)
	if err != nil {
		return
	}
	for step := 0; step < s.Steps; step++ {
		m.Step(step)
		checkInvariants(t, m, fmt.Sprintf("step %d", step))
	}
}

func TestEveryParameterAtItsBounds(t *testing.T) {
	base := DefaultParams()
	base.World.Provinces, base.World.CitiesPerProvince = 2, 2
	keys, fields, values := boundFields(base)
	for i, key := range keys {
		for _, x := range values[i] {
			t.Run(fmt.Sprintf("%s=%g", key, x), func(t *testing.T) {
				p := base
				p.Sectors, p.Instruments = append([]Sector(nil), base.Sectors...), append([]Instrument(nil), base.Instruments...)
				boundSetting{key, fields[i], x}.apply(&p)
				runToBounds(t, p)
			})
		}
	}
}

// TestParametersAtTheirBoundsTogether sets a random sixth of the
// parameters to ends of their ranges at once, in worlds with and without
// cities and counties: corners no single parameter reaches (idle capacity
// and a steep price together priced a sector at exactly 0, and every
// index of value added became 0/0).
func TestParametersAtTheirBoundsTogether(t *testing.T) {
	runs := 600
	if testing.Short() {
		runs = 150
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for run := range runs {
		p := DefaultParams()
		p.World.Provinces, p.World.CitiesPerProvince = 1+rng.IntN(3), rng.IntN(4)
		if p.World.CitiesPerProvince > 0 && rng.IntN(3) == 0 {
			p.World.CountiesPerCity = 1 + rng.IntN(2)
		}
		keys, fields, values := boundFields(p)
		var set []boundSetting
		for i := range keys {
			if rng.IntN(6) == 0 {
				set = append(set, boundSetting{keys[i], fields[i], values[i][rng.IntN(len(values[i]))]})
			}
		}
		var names []string
		for _, b := range set {
			b.apply(&p)
			names = append(names, fmt.Sprintf("%s=%g", b.key, b.x))
		}
		t.Run(fmt.Sprint(run), func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("world %d x %d x %d, %s", p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity, strings.Join(names, " "))
				}
			}()
			runToBounds(t, p)
		})
	}
}

// TestCornersFound replays the smallest corners the tests above found,
// each of which broke a run before its fix: a budget lost in the
// allocation's rounding, beliefs made NaN by a vanishing capacity, shares
// of a subnormal budget.
func TestCornersFound(t *testing.T) {
	for _, tt := range []struct {
		name  string
		world [3]int // provinces, cities per province, counties per city
		set   map[string]float64
	}{
		{"costs 15 orders apart", [3]int{1, 2, 0}, map[string]float64{
			"world.productivity_dispersion": 10, "instrument[4].cost": 1e6, "instrument[8].cost": 1e-9}},
		{"budget tiny against capacity", [3]int{1, 3, 0}, map[string]float64{
			"world.x0": 1000, "market.demand_slack": -0.999, "policy.imitation": 1, "officials.prior_precision": 0.001,
			"instrument[6].cost": 1e-9, "instrument[9].cost": 1e6}},
		{"capacity decays below 1e-308", [3]int{1, 2, 0}, map[string]float64{
			"world.depreciation": 1, "world.x0": 100, "world.private_investment": 0}},
		{"subnormal budget copied by a follower", [3]int{2, 0, 0}, map[string]float64{
			"world.heterogeneity": 10, "world.depreciation": 1, "world.gamma": 1000, "world.x0": 10,
			"world.private_investment": 0, "policy.platform": 0, "policy.imitation": 1, "instrument[7].conventional": 1e6}},
		{"subnormal budget", [3]int{2, 3, 1}, map[string]float64{
			"world.depreciation": 1, "world.productivity_dispersion": 10, "world.private_investment": 0,
			"sector[2].growth": -0.5, "sector[6].share": 1e-9, "instrument[2].entry": 100, "instrument[9].lag": 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultParams()
			p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = tt.world[0], tt.world[1], tt.world[2]
			p.Sectors, p.Instruments = append([]Sector(nil), p.Sectors...), append([]Instrument(nil), p.Instruments...)
			keys, fields, _ := boundFields(p)
			for key, x := range tt.set {
				i := slices.Index(keys, key)
				if i < 0 {
					t.Fatalf("no parameter %s", key)
				}
				boundSetting{key, fields[i], x}.apply(&p)
			}
			if _, err := New(p, sim.DefaultSettings(), 7, nil); err != nil {
				t.Fatalf("refused: %v", err)
			}
			runToBounds(t, p)
		})
	}
}

// A price of utilisation^eta underflowed to exactly 0 at a steep eta and
// idle capacity (eta 1e6 with demand_slack -0.999), and every index of
// value added became 0/0: eta's range stops at 10, where the same idle
// world stays defined.
func TestSteepPriceAtIdleCapacity(t *testing.T) {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 1, 0
	p.Market.DemandSlack, p.Market.DemandGrowth = -0.999, -0.5
	for _, eta := range []float64{10, 1e3, 1e6} {
		p.Market.Eta = eta
		_, err := New(p, sim.DefaultSettings(), 7, nil)
		if eta > 10 && err == nil {
			t.Errorf("market.eta = %g accepted, want refused", eta)
		}
		runToBounds(t, p)
	}
}

// A budget below the smallest normal float64 has too few digits to split
// into shares: the center plans no portfolio with it, as with none.
func TestSubnormalBudgetIsNoBudget(t *testing.T) {
	m := newModel(t, smallParams(), 8, 1)
	for r := range m.budget {
		m.budget[r] = 1e-310 // a subnormal: below 2.2e-308
	}
	m.centerPortfolio()
	for i, v := range m.cShare {
		if v != 0 || m.cIntens[i] != 0 {
			t.Fatalf("pair %d: central share %g, intensity %g from a subnormal budget, want 0", i, v, m.cIntens[i])
		}
	}
}

// A capacity just above the one where 1/(K x0) overflows, still funded
// (a pilot in a dying sector), made the report's intensity +Inf and the
// beliefs Inf/Inf: such a pair reports nothing, as at no capacity.
func TestFundedVanishingCapacityReportsNothing(t *testing.T) {
	m := newModel(t, smallParams(), 8, 1)
	for step := range 3 {
		m.Step(step)
	}
	i := 1*m.S + 0 // region 1, sector 0
	m.capK[i] = 4 / (m.p.World.X0 * math.MaxFloat64)
	for k := range m.K {
		m.yearSpend[i*m.K+k] = 100
	}
	m.yearMask[i] = 1<<uint(m.K) - 1
	m.measure(3)
	for _, bs := range [][]float64{m.eMean, m.ePrec, m.cMean, m.cPrec, m.fitMean, m.fitPrec} {
		for j, v := range bs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("belief %d = %v after a report from capacity %g", j, v, m.capK[i])
			}
		}
	}
}
