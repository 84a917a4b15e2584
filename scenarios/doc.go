// Package scenarios reads the TOML scenario files economists write: it
// resolves presets (embedded with go:embed), extends chains, arms, events
// and --set overrides into complete agents.Params per arm, and validates
// everything, reporting every mistake at once as FILE:LINE: KEY = VALUE:
// REASON. README.md in this directory is the scenario reference, generated
// by Reference.
package scenarios

//go:generate go test . -run TestReference -update
