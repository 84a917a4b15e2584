package scenarios_test

import (
	"fmt"

	"github.com/ipsim/ipsim/scenarios"
)

func ExampleLoad() {
	s, err := scenarios.Load("testdata/good/base.toml", "policy.career_concern=0")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Run.Replications, s.Settings().Steps)
	for _, a := range s.Arms {
		fmt.Println(a.Name, a.Preset, a.Params.Policy.Autonomy, a.Params.Policy.PlanCycle, a.Params.Policy.CareerConcern)
	}
	// Output:
	// base 3 24
	// ca coordinated_autonomy 0.85 5 0
	// cen centralized 0 3 0
}

func ExampleLoad_error() {
	_, err := scenarios.Load("testdata/bad/range.toml")
	fmt.Println(err)
	// Output:
	// testdata/bad/range.toml:4: world.provinces = 0: must be >= 1
	// testdata/bad/range.toml:5: world.heterogeneity = -0.3: must be in [0, 10]
	// testdata/bad/range.toml:8: policy.autonomy = 1.5: must be in [0, 1]
	// testdata/bad/range.toml:9: policy.pilot_share = -0.1: must be in [0, 1]
	// testdata/bad/range.toml:10: policy.review_interval = 0: must be >= 1
}

func ExampleScenario_With() {
	s, err := scenarios.LoadPreset("default")
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := s.With(scenarios.Override{Key: "arm.centralized.policy.autonomy", Value: 0.3})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range w.Arms {
		fmt.Println(a.Name, a.Params.Policy.Autonomy)
	}
	// Output:
	// coordinated_autonomy 0.85
	// centralized 0.3
	// laissez_faire 1
}
