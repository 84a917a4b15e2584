package agents_test

import (
	"context"
	"fmt"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/sim"
)

// One run of a small world under the default regime (coordinated
// autonomy), and the same world with autonomy 0: same seed, so the
// difference is policy.
func ExampleSimulate() {
	p := agents.DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 4
	central := p
	central.Policy.Autonomy = 0
	s := sim.DefaultSettings()
	for _, arm := range []agents.Params{p, central} {
		out, err := agents.Simulate(context.Background(), arm, nil, s, 42, agents.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		va := out.Metrics.Col("value_added")
		fmt.Printf("autonomy %.2f: %d steps, value added grew %v\n", arm.Policy.Autonomy,
			out.Metrics.Rows(), out.Metrics.At(out.Metrics.Rows()-1, va) > 1)
	}
	// Output:
	// autonomy 0.85: 92 steps, value added grew true
	// autonomy 0.00: 92 steps, value added grew true
}

// New builds a world that package sim can step with observers of your
// own: here a Recorder of two of the model's metric columns.
func ExampleNew() {
	p := agents.DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 3
	s := sim.Settings{Steps: 8, StepsPerYear: 4, StartYear: 2000}
	m, err := agents.New(p, s, 7, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	var cols []sim.Column[*agents.Model]
	for _, c := range agents.Columns() {
		if c.Name == "value_added" || c.Name == "overcapacity" {
			cols = append(cols, c)
		}
	}
	rec := sim.NewRecorder(m, cols, s.Steps)
	status, n := sim.Run(context.Background(), m, s, rec)
	tab := rec.Table()
	fmt.Println(m.Regions(), "regions;", status, n, "steps;", tab.Names)
	// Output:
	// 8 regions; completed 8 steps; [value_added overcapacity]
}
