package sim_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ipsim/ipsim/sim"
)

// counter is a toy model: it adds a random step each period.
type counter struct {
	rng *rand.Rand
	x   float64
}

func (c *counter) Step(t int) { c.x += c.rng.Float64() }

// Two arms, five paired replications, on two workers: the paired
// difference of the final values does not depend on the worker count.
func ExampleReplicate() {
	jobs := sim.Plan{Arms: 2, Replications: 5, MasterSeed: 1}.Jobs()
	final := make([][]float64, 2)
	err := sim.Replicate(context.Background(), jobs, 2,
		func(ctx context.Context, j sim.Job) (float64, error) {
			c := &counter{rng: sim.NewRand(j.Seed, 0)}
			sim.Run(ctx, c, sim.Settings{Steps: 8, StepsPerYear: 4})
			return c.x + float64(j.Arm), nil // arm 1 adds 1
		},
		func(j sim.Job, x float64) error {
			final[j.Arm] = append(final[j.Arm], x)
			return nil
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := sim.Paired(final[1], final[0])
	fmt.Printf("arm 1 minus arm 0: %.2f [%.2f, %.2f], n = %d\n", d.Mean, d.CILow, d.CIHigh, d.N)
	// Output: arm 1 minus arm 0: 1.00 [1.00, 1.00], n = 5
}

func ExampleSummarize() {
	s := sim.Summarize([]float64{1, 2, 3, 4, 5})
	fmt.Printf("mean %.1f, sd %.2f, 95%% CI [%.2f, %.2f]\n", s.Mean, s.SD, s.CILow, s.CIHigh)
	// Output: mean 3.0, sd 1.58, 95% CI [1.04, 4.96]
}

// clock is a toy model that counts its steps.
type clock struct{ n int }

func (c *clock) Step(t int) { c.n++ }

// A Summarizer keeps one figure per column and run: the final year's mean
// of a level (steps 5 to 8 of 8), the run's total of a count.
func ExampleSummarizer() {
	c := &clock{}
	s := sim.Settings{Steps: 8, StepsPerYear: 4}
	cols := []sim.Column[*clock]{
		{Name: "level", Summary: sim.Final, Value: func(c *clock) float64 { return float64(c.n) }},
		{Name: "events", Summary: sim.Total, Value: func(c *clock) float64 { return 1 }},
	}
	z := sim.NewSummarizer(c, cols, s)
	sim.Run(context.Background(), c, s, z)
	fmt.Println(z.Values())
	// Output: [6.5 8]
}

// Run steps a model and calls its observers after each step: here a
// Recorder of two columns, read back as a Table, and an ObserverFunc.
func ExampleRun() {
	c := &clock{}
	s := sim.Settings{Steps: 6, StepsPerYear: 2, StartYear: 2020}
	if err := s.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	cols := []sim.Column[*clock]{
		{Name: "steps", Unit: "count", Doc: "steps taken", Value: func(c *clock) float64 { return float64(c.n) }},
		{Name: "half", Unit: "count", Doc: "half the steps", Value: func(c *clock) float64 { return float64(c.n) / 2 }},
	}
	rec := sim.NewRecorder(c, cols, s.Steps)
	years := sim.ObserverFunc(func(t int) {
		if (t+1)%s.StepsPerYear == 0 {
			fmt.Println("end of", s.YearOf(t))
		}
	})
	status, n := sim.Run(context.Background(), c, s, rec, years)
	tab := rec.Table()
	fmt.Println(status, n, "steps,", tab.Rows(), "rows")
	fmt.Println("last row:", tab.Row(tab.Rows()-1))
	fmt.Println("half:", tab.Column(tab.Col("half")))
	// Output:
	// end of 2020
	// end of 2021
	// end of 2022
	// completed 6 steps, 6 rows
	// last row: [6 3]
	// half: [0.5 1 1.5 2 2.5 3]
}

// Jobs lists a plan's runs replication by replication; the arms of a
// replication share its seed, derived from the master seed by Seed.
func ExamplePlan_Jobs() {
	for _, j := range (sim.Plan{Arms: 2, Replications: 2, MasterSeed: 1}).Jobs() {
		fmt.Println(j.Index, j.Arm, j.Replication, j.Seed == sim.Seed(1, uint64(j.Replication)))
	}
	// Output:
	// 0 0 0 true
	// 1 1 0 true
	// 2 0 1 true
	// 3 1 1 true
}
