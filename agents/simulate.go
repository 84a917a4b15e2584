package agents

import (
	"context"
	"errors"

	"github.com/ipsim/ipsim/sim"
)

// Event changes the model from a step on: new parameters (a regime
// switch, a new central priority) and demand shocks.
type Event struct {
	Step   int     // first step it applies to
	Params *Params // parameters from Step on; nil leaves them unchanged. World size and the sector and instrument tables must not change.
	Shocks []Shock
	Label  string // shown in events.csv
}

// Shock multiplies one sector's demand by 1 + Demand from the event's step on.
type Shock struct {
	Sector string
	Demand float64 // relative change, e.g. -0.2
}

// Options say what a run records besides its per-step metrics. The zero
// value records metrics, events and documents but no region panel.
type Options struct {
	Panel bool // record one RegionRow per region per step
}

// Output is everything one run recorded.
type Output struct {
	Status    sim.Status
	Metrics   sim.Table // one row per completed step, columns as in Columns()
	Events    []EventRecord
	Documents []DocumentCount
	Panel     []RegionRow
}

// Simulate builds a world from p and seed, runs it for s.Steps steps
// applying events, and returns what the recorders saw. Runs with the same
// seed share the world's draws (fit, sizes, officials, noise), so arms
// compared at the same seed differ by policy only.
func Simulate(ctx context.Context, p Params, events []Event, s sim.Settings, seed uint64, opt Options) (Output, error) {
	return Output{}, errors.New("agents: Simulate not implemented yet")
}
