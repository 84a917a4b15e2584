package sim

import (
	"context"
	"fmt"
)

// Model is what the engine steps. Step advances the state from step t to
// t+1; it must not read the wall clock or any global random source.
type Model interface {
	Step(t int)
}

// Observer reads a model's state after each step. It must not modify the
// model: recording is separate from the dynamics.
type Observer interface {
	Observe(t int)
}

// ObserverFunc adapts a function to an Observer.
type ObserverFunc func(t int)

// Observe calls f(t); a nil f does nothing.
func (f ObserverFunc) Observe(t int) {
	if f != nil {
		f(t)
	}
}

// Settings say how long a run lasts and how steps map to calendar years.
// The zero value is not runnable; use DefaultSettings or fill every field.
type Settings struct {
	Steps        int // number of steps; DefaultSettings: 92 (2000-2022 in quarters)
	StepsPerYear int // steps in a calendar year; DefaultSettings: 4
	StartYear    int // calendar year of step 0; DefaultSettings: 2000
}

// DefaultSettings are 92 quarterly steps from 2000, through 2022: ipsim's
// span (package agents says why); another model sets its own Settings.
func DefaultSettings() Settings {
	return Settings{Steps: 92, StepsPerYear: 4, StartYear: 2000}
}

// Validate reports settings a run cannot use.
func (s Settings) Validate() error {
	switch {
	case s.Steps < 1:
		return fmt.Errorf("sim: steps = %d: must be >= 1", s.Steps)
	case s.StepsPerYear < 1:
		return fmt.Errorf("sim: steps per year = %d: must be >= 1", s.StepsPerYear)
	}
	return nil
}

// Year is the calendar time at the end of step t, e.g. 2000.25 after the
// first quarter of 2000. A StepsPerYear below 1 counts as 1, as in
// Aggregate.Reduce.
func (s Settings) Year(t int) float64 {
	return float64(s.StartYear) + float64(t+1)/float64(max(1, s.StepsPerYear))
}

// YearOf is the calendar year that step t falls in. A StepsPerYear below
// 1 counts as 1 (the zero Settings would divide by zero).
func (s Settings) YearOf(t int) int {
	return s.StartYear + t/max(1, s.StepsPerYear)
}

// Status says why a run stopped. It is not an error: a canceled run is a
// normal outcome whose partial results are still valid.
type Status int

const (
	// Completed means every step ran.
	Completed Status = iota
	// Canceled means the context was canceled before the last step.
	Canceled
)

// String returns "completed" or "canceled", and "Status(N)" for any
// other value.
func (s Status) String() string {
	switch s {
	case Completed:
		return "completed"
	case Canceled:
		return "canceled"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Run steps m for s.Steps steps, t = 0 .. s.Steps-1, calling every
// observer in order after each step (a nil one is skipped, as is a nil
// *Recorder, *Summarizer or ObserverFunc, whose Observe does nothing, so
// an optional observer can be passed as it is), and stops early if ctx
// is canceled.
// It returns the status and the number of steps completed. It reads only
// s.Steps and does not validate s: call Settings.Validate first if s comes
// from a user (with Steps 0 Run completes at once, having stepped nothing).
func Run(ctx context.Context, m Model, s Settings, obs ...Observer) (Status, int) {
	for t := 0; t < s.Steps; t++ {
		if ctx.Err() != nil {
			return Canceled, t
		}
		m.Step(t)
		for _, o := range obs {
			if o != nil {
				o.Observe(t)
			}
		}
	}
	return Completed, s.Steps
}
