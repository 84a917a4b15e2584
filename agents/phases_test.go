package agents

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// stepPhases are Step's phases in its order, by name, for the replay
// tests that stop between them to compare a phase with its rules.
// TestStepPhasesAreStep checks that running them all is Step.
var stepPhases = []struct {
	name string
	run  func(*Model, int)
}{
	{"begin", (*Model).beginStep},
	{"center", (*Model).centerPlans},
	{"decide", (*Model).regionsDecide},
	{"economy", (*Model).economyMoves},
	{"value_added", func(m *Model, _ int) { m.recordValueAdded() }},
	{"learn", (*Model).learn},
	{"documents", (*Model).echoDocuments},
	{"careers", (*Model).careers},
	{"movers", (*Model).trackMovers},
	{"adoption", (*Model).adoptionShares},
}

// runPhases runs step t's phases from the one named from up to, not
// including, the one named to ("" is the step's start, or its end).
func runPhases(m *Model, t int, from, to string) {
	i, j := 0, len(stepPhases)
	for k, ph := range stepPhases {
		if ph.name == from {
			i = k
		}
		if ph.name == to {
			j = k
		}
	}
	if (from != "" && stepPhases[i].name != from) || (to != "" && j == len(stepPhases)) {
		panic("runPhases: no phase " + from + " or " + to)
	}
	for _, ph := range stepPhases[i:j] {
		ph.run(m, t)
	}
}

// Running every phase of stepPhases is Step, bit for bit: the replays'
// split steps cannot miss a phase Step gains.
func TestStepPhasesAreStep(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 4
	p.Policy.Imitation, p.Policy.Mobility = 0.4, 0.8
	p.Officials.TermMean = 1.5 // movers, whose statistics only the last phases keep
	const steps = 60
	m, twin := newModel(t, p, steps, 3), newModel(t, p, steps, 3)
	cols := Columns()
	for step := 0; step < steps; step++ {
		runPhases(m, step, "", "")
		twin.Step(step)
		if a, b := fmt.Sprint(m.StepEvents()), fmt.Sprint(twin.StepEvents()); a != b {
			t.Fatalf("step %d: events by the phases\n%s\nby Step\n%s", step, a, b)
		}
		for _, c := range cols {
			a, b := c.Value(m), c.Value(twin)
			if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
				t.Fatalf("step %d: %s = %v by the phases, %v by Step", step, c.Name, a, b)
			}
		}
	}
	if !slices.Equal(m.eMean, twin.eMean) || !slices.Equal(m.capK, twin.capK) || !slices.Equal(m.share, twin.share) {
		t.Fatal("the phases' state is not Step's")
	}
}

// A Model runs its steps once, in order: a second sim.Run on a finished
// model, or a skipped step, panics with what to do instead of running
// on the finished state from step 0 again.
func TestStepOutOfOrderPanics(t *testing.T) {
	for _, tt := range []struct {
		name string
		run  func(m *Model)
	}{
		{"run twice", func(m *Model) {
			s := sim.Settings{Steps: 3, StepsPerYear: 4, StartYear: 2000}
			sim.Run(context.Background(), m, s)
			sim.Run(context.Background(), m, s)
		}},
		{"a step skipped", func(m *Model) { m.Step(0); m.Step(2) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, smallParams(), 3, 1)
			defer func() {
				if r, _ := recover().(string); !strings.Contains(r, "a Model runs its steps once, in order from 0; build another with New") {
					t.Errorf("panic %q, want one saying a Model runs once", r)
				}
			}()
			tt.run(m)
		})
	}
}
