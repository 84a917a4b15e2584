package scenarios_test

import (
	"errors"
	"fmt"

	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// Load and LoadPreset report every problem at once in an *Error, whose
// Problems a program can read one by one: where, which key, what is wrong.
func ExampleError() {
	_, err := scenarios.LoadPreset("default", "policy.autonomi=0.5", "world.provinces=-1")
	var e *scenarios.Error
	if errors.As(err, &e) {
		for _, p := range e.Problems {
			fmt.Printf("%s | %s | %s\n", p.File, p.Key, p.Reason)
		}
	}
	// Output:
	// --set | policy.autonomi | unknown key (did you mean "policy.autonomy"?)
	// --set | world.provinces | must be >= 1
}

// Presets lists the embedded presets LoadPreset takes.
func ExamplePresets() {
	for _, p := range scenarios.Presets() {
		fmt.Println(p.Name)
	}
	// Output:
	// centralized
	// centralized_money
	// china
	// coordinated_autonomy
	// default
	// kazakhstan_baseline
	// kazakhstan_reforms
	// laissez_faire
	// lifecycle_article
}

// Point gives the scenario at one point of its [sweep]: a grid's values
// (Sweep.Values, already of each key's type) go back as Override values.
// sim.Grid lists the grid's points as indices into each key's values.
func ExampleScenario_Point() {
	s, err := scenarios.Load("testdata/good/child.toml")
	if err != nil {
		fmt.Println(err)
		return
	}
	var idx [][]float64
	for _, v := range s.Sweep.Values {
		var is []float64
		for i := range v.Values {
			is = append(is, float64(i))
		}
		idx = append(idx, is)
	}
	points := sim.Grid(idx)
	last := points[len(points)-1]
	var set []scenarios.Override
	for k, v := range s.Sweep.Values {
		set = append(set, scenarios.Override{Key: v.Key, Value: v.Values[int(last[k])]})
	}
	p, err := s.Point(set...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(points), "points; the last:", set)
	for _, a := range p.Arms {
		fmt.Println(a.Name, a.Params.World.Heterogeneity, a.Params.Policy.Autonomy, a.Params.Policy.PromotionBasis)
	}
	// Output:
	// 12 points; the last: [{world.heterogeneity 1} {arm.cen.policy.autonomy 0.25} {policy.promotion_basis reports}]
	// ca 1 0.85 reports
	// cen 1 0.25 reports
	// money 1 0 reports
}
