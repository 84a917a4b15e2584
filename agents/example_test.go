package agents_test

import (
	"context"
	"errors"
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

// New and a sim.Summarizer keep one number per metric and run, as ipsim
// sweep does: the mean of the last year for a level, the run's mean for
// a rate, its total for a count (MetricInfo says which).
func ExampleNew_summarizer() {
	p := agents.DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 3
	s := sim.Settings{Steps: 8, StepsPerYear: 4, StartYear: 2000}
	m, err := agents.New(p, s, 7, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	z := sim.NewSummarizer(m, agents.Columns(), s)
	sim.Run(context.Background(), m, s, z)
	values := z.Values()
	for i, c := range agents.MetricInfo() {
		if c.Name == "value_added" || c.Name == "pilots" {
			fmt.Println(c.Name, c.Summary, values[i] > 0)
		}
	}
	// Output:
	// value_added final_year true
	// pilots run_total true
}

// An observer of your own reads the model after each step through its
// exported accessors: here the events and documents of each step, with a
// scenario event (a new central priority) in the second year. StepEvents'
// slice is reused by the next step: keep copies, not the slice.
func ExampleModel_StepEvents() {
	p := agents.DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 3
	s := sim.Settings{Steps: 8, StepsPerYear: 4, StartYear: 2000}
	next := p.Clone()
	next.Sectors[0].Priority = 2
	events := []agents.Event{{Step: 4, Params: &next, Label: "new priority"}}
	m, err := agents.New(p, s, 7, events)
	if err != nil {
		fmt.Println(err)
		return
	}
	var kept []agents.EventRecord
	docs := 0.0
	obs := sim.ObserverFunc(func(t int) {
		for _, e := range m.StepEvents() {
			if e.Kind == "scenario_event" {
				kept = append(kept, e)
			}
		}
		m.StepDocuments(func(level, category string, n float64) { docs += n })
	})
	sim.Run(context.Background(), m, s, obs)
	for _, e := range kept {
		fmt.Println(e.Step, m.Settings().YearOf(e.Step), e.Kind, e.Detail)
	}
	fmt.Println("documents issued:", docs > 0)
	// Output:
	// 4 2001 scenario_event new priority
	// documents issued: true
}

// Simulate stops a run whose economy overflows float64 with an
// *OverflowError, which says at which step and what to lower: here
// demand and the frontier growing 172% a year (log growth 1) for a
// thousand years.
func ExampleOverflowError() {
	p := agents.DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 1, 0
	p.Market.DemandGrowth = 1
	p.World.FrontierGrowth = 1
	s := sim.Settings{Steps: 1000, StepsPerYear: 1, StartYear: 2000}
	_, err := agents.Simulate(context.Background(), p, nil, s, 1, agents.Options{})
	var over *agents.OverflowError
	if errors.As(err, &over) {
		fmt.Println("overflow at step", over.Step, "of", over.Steps)
	}
	// Output:
	// overflow at step 648 of 1000
}
