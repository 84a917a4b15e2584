// Package scenarios reads the TOML scenario files economists write: it
// resolves presets (embedded with go:embed), extends chains, arms, events
// and --set overrides into complete agents.Params per arm, and validates
// everything, reporting every mistake at once as FILE:LINE: KEY = VALUE:
// REASON. README.md in this directory is the scenario reference, generated
// by Reference.
//
// Load reads a file and LoadPreset an embedded preset, both taking --set
// style overrides; With (and Point, for a sweep's point) returns a copy
// with Go-valued overrides, validated again. A Scenario's Arms hold each
// arm's agents.Params and events and Settings its run length, what
// agents.Simulate takes; replication i of every arm runs with seed
// sim.Seed(Run.Seed, i). A loaded Scenario is not changed by its methods,
// so goroutines may share it; Clone an arm's Params before changing them.
package scenarios

//go:generate go test . -run TestReference -update
