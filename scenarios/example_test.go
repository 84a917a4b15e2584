package scenarios_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
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

// A library user's round trip: load a preset, change a parameter in Go,
// run one arm with package agents at the scenario's first replication
// seed, and read a metric. New checks the changed Params as Load checks
// a file, so a value out of range is an error here too.
func ExampleLoadPreset() {
	s, err := scenarios.LoadPreset("default", "world.provinces=3", "world.cities_per_province=4")
	if err != nil {
		fmt.Println(err)
		return
	}
	arm := s.Arms[0]
	p := arm.Params.Clone() // leave s as it is
	p.Policy.Platform = 0.9
	seed := sim.Seed(s.Run.Seed, 0) // replication 0, as ipsim run seeds it
	out, err := agents.Simulate(context.Background(), p, arm.Events, s.Settings(), seed, agents.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	j := out.Metrics.Col("value_added")
	va := sim.Final.Reduce(out.Metrics.Column(j), s.Settings().StepsPerYear)
	fmt.Println(arm.Name, out.Status, out.Metrics.Rows(), "steps; value added above its start:", va > 1)

	p.Policy.Platform = 1.5
	_, err = agents.Simulate(context.Background(), p, arm.Events, s.Settings(), seed, agents.Options{})
	fmt.Println(err)
	// Output:
	// coordinated_autonomy completed 92 steps; value added above its start: true
	// agents: policy.platform = 1.5: must be in [0, 1]
}

// Every arm of a scenario, replicated as ipsim run replicates it: a
// sim.Plan of the arms and replications on the scenario's master seed
// (the arms of a replication share its seed, so they are compared on the
// same worlds), each job run by agents.Simulate on sim.Replicate's
// workers, each run reduced to its metric summaries (value_added: the
// mean of the last year), and each arm's paired difference from the
// first. The numbers are those ipsim run writes to effects.csv for the
// same settings.
func Example_replications() {
	s, err := scenarios.LoadPreset("default", "world.provinces=3", "world.cities_per_province=4", "run.replications=4")
	if err != nil {
		fmt.Println(err)
		return
	}
	va := slices.IndexFunc(agents.MetricInfo(), func(m agents.MetricDesc) bool { return m.Name == "value_added" })
	jobs := sim.Plan{Arms: len(s.Arms), Replications: s.Run.Replications, MasterSeed: s.Run.Seed}.Jobs()
	final := make([][]float64, len(s.Arms)) // per arm, one value per replication, in order
	err = sim.Replicate(context.Background(), jobs, s.Run.Workers,
		func(ctx context.Context, j sim.Job) (float64, error) {
			arm := s.Arms[j.Arm]
			out, err := agents.Simulate(ctx, arm.Params, arm.Events, s.Settings(), j.Seed, agents.Options{SummaryOnly: true})
			if err != nil {
				return 0, err
			}
			if out.Status != sim.Completed {
				return 0, ctx.Err()
			}
			return out.Summary[va], nil
		},
		func(j sim.Job, x float64) error {
			final[j.Arm] = append(final[j.Arm], x)
			return nil
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	for a := 1; a < len(s.Arms); a++ {
		d := sim.Paired(final[a], final[0])
		fmt.Printf("%s - %s: %.2f [%.2f, %.2f], n = %d\n", s.Arms[a].Name, s.Arms[0].Name, d.Mean, d.CILow, d.CIHigh, d.N)
	}
	// Output:
	// centralized - coordinated_autonomy: -0.43 [-1.10, 0.23], n = 4
	// laissez_faire - coordinated_autonomy: 0.23 [-0.22, 0.67], n = 4
}
