package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"slices"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/sim"
)

// Scenario is a fully resolved scenario: every arm's complete parameters
// and events, how to run it, what to sweep and where to write. Load,
// LoadPreset and With return it validated; the zero value is not a
// scenario, and With and Point refuse it.
type Scenario struct {
	Name        string // the file's name key, else the preset name or the file's base name
	Description string // the file's description key
	Source      string // the file path, or "preset:NAME"
	Run         Run    // [run]
	Arms        []Arm  // resolved arms; a file without [[arm]] has one arm named "main"
	Sweep       Sweep  // [sweep], used by ipsim sweep
	Output      Output // [output]

	// Warnings are what resolved but may not be what the file meant: a
	// shared section that overrides a key of an arm's preset.
	Warnings []string
	// SweepWarnings are the same of the [sweep] section (a key swept in
	// every arm over a preset's, sweep.points unused by a grid): only ipsim
	// sweep, which runs the section, has them to say.
	SweepWarnings []string

	events []eventSpec // [[event]] as written (sorted by year), applied to the arms each names (all by default)
	where  places      // where things were written, for messages
}

// places are where a scenario's events and sweep keys were written, so
// that problems found after loading (by With) name the file and line.
type places struct {
	events  []eventLoc    // each event, in year order (none after --set event=[])
	sweep   map[string]at // the [sweep.values] or [sweep.ranges] table of each swept key
	design  at            // the [sweep] table of the last file that wrote one (none: src nil)
	extends []string      // the files (not presets) the scenario extends, sorted
}

// Extends returns the files (not presets) that the scenario's file
// extends, directly or through others, by the paths their extends gave
// (relative to the working directory when the file's path is), sorted.
// A results folder must not replace one with its resolved scenario.toml.
func (s *Scenario) Extends() []string { return slices.Clone(s.where.extends) }

// Run is the [run] section: how long a run lasts and how many runs.
// Defaults first, then the file decoded over them (DefaultRun).
type Run struct {
	Steps        int    `toml:"steps" unit:"steps" range:"[1,10000000]" doc:"steps in a run (the default, 92 quarters, covers 2000-2022)"`
	StepsPerYear int    `toml:"steps_per_year" unit:"steps per year" range:"[1,366]" doc:"steps in a calendar year (4: quarters); parameters counted in steps (rates per step, lags, review intervals) keep their per-step values, set for quarters: scale them with it"`
	StartYear    int    `toml:"start_year" unit:"year" range:"[1,9999]" doc:"calendar year of the first step"`
	Seed         uint64 `toml:"seed" range:"[0,9223372036854775807]" doc:"master seed (a TOML integer, so at most 2^63-1); replication i of every arm runs with the seed derived from (seed, i), so arms are compared on common random numbers"`
	Replications int    `toml:"replications" unit:"runs per arm" range:"[1,1000000]" doc:"independent runs of each arm (paired across arms)"`
	Workers      int    `toml:"workers" unit:"goroutines" range:"[0,4096]" doc:"runs in parallel (0: all CPUs); results do not depend on it"`
}

// CheckRun checks value v of the [run] key (e.g. "replications") against
// the key's documented range, as the same key in a file or a --set is
// checked, so a command-line flag that sets it can be refused alike: a
// value the file would refuse makes a saved scenario that cannot be run
// again.
func CheckRun(key string, v int64) error {
	t := reflect.TypeFor[Run]()
	i, ok := fieldByKey(t, key)
	if !ok {
		return fmt.Errorf("run.%s: unknown key", key)
	}
	var r Run
	if why := assign(reflect.ValueOf(&r).Elem().Field(i), t.Field(i), v); why != "" {
		return errors.New(why)
	}
	return nil
}

// DefaultRun is the [run] section of a file that sets none of it.
func DefaultRun() Run {
	d := sim.DefaultSettings()
	return Run{Steps: d.Steps, StepsPerYear: d.StepsPerYear, StartYear: d.StartYear, Seed: 1, Replications: 10, Workers: 0}
}

// Output is the [output] section: where and how results are written.
type Output struct {
	Dir    string `toml:"dir" unit:"path" doc:"results folder (relative to the working directory); empty: ipsim-out (a sweep keeps its folder's scenario with an empty dir: the folder is wherever it is)"`
	Format string `toml:"format" enum:"csv,parquet,both" doc:"file format of the tables"`
	Panel  bool   `toml:"panel" doc:"also write regions.csv, one row per region per step, and sectors.csv, one row per sector per step"`
	Plots  bool   `toml:"plots" doc:"draw the charts and report.html"`
}

// DefaultOutput is the [output] section of a file that sets none of it.
func DefaultOutput() Output {
	return Output{Dir: "ipsim-out", Format: "csv", Panel: false, Plots: true}
}

// Sweep is the [sweep] section, read by ipsim sweep: grid values or sampler
// ranges per key (any key an Override accepts), in file order.
type Sweep struct {
	Method string        `toml:"method" enum:"grid,latin_hypercube,halton,sobol,morris" doc:"grid: every combination of [sweep.values]; the others sample [sweep.ranges]"`
	Points int           `toml:"points" unit:"points" range:"[0,1000000]" doc:"points a sampler draws (sobol: base sample size; morris: trajectories); a design has at most 1,000,000 points"`
	Values []SweepValues `toml:"values" doc:"grid: a list of values per key, e.g. \"world.heterogeneity\" = [0.0, 0.5, 1.0]"`
	Ranges []SweepRange  `toml:"ranges" doc:"samplers: [low, high] per numeric key"`
}

// DefaultSweep is the [sweep] section of a file that sets none of it.
func DefaultSweep() Sweep { return Sweep{Method: "grid"} }

// SweepValues are the grid values of one key, converted to the key's type:
// float64, int64 (integer keys), string, bool or []string (policy.toolbox).
// Each can be passed back to With as an Override value.
type SweepValues struct {
	Key    string
	Values []any
}

// SweepRange is a sampler's interval for one numeric key.
type SweepRange struct {
	Key       string
	Low, High float64
	Integer   bool // the key takes integers: samplers draw the whole numbers in [Low, High]
}

// Arm is one regime of a scenario, run with the same seeds as the others.
type Arm struct {
	Name   string
	Preset string // the preset it started from, or ""
	// Description says what the regime is, for reports: the arm's
	// description key, else its preset's description. It changes no
	// result, so the scenario's hash leaves it out.
	Description string
	Params      agents.Params
	Events      []agents.Event
}

// Override sets one key of a resolved scenario (With): "policy.autonomy"
// sets it in every arm, "arm.NAME.policy.autonomy" in one arm,
// "sector.NAME.growth" and "instrument.NAME.cost" one entry of a table,
// "run.seed", "output.dir", "sweep.points" the other sections. Value takes
// the Go types of TOML values (float64, int64 or int, string, bool,
// []string or []any); other integer and float types are converted, but an
// unsigned value above the int64 range (a uint64 seed from sim.Seed, say)
// is refused, as TOML integers are signed.
type Override struct {
	Key   string
	Value any
}

// eventSpec is one [[event]] as written: the keys it sets, applied on top
// of the parameters of each arm it applies to from its year on.
type eventSpec struct {
	Year    int
	Label   string
	Arms    []string    // the arms it applies to, as written; nil: every arm
	Sets    []setting   // sorted by key
	Sectors []sectorSet // [[event.sector]]: entries in file order, keys sorted within one
	Shocks  []agents.Shock
}

// sectorSet is one key of an [[event.sector]] entry: a new growth or
// priority for the sector of that name (a new central priority, a
// regime's view of a sector's prospects).
type sectorSet struct {
	Sector string // the sector's name
	Key    string // "growth" or "priority"
	Value  float64
}

// setting is one converted key = value of an event, e.g. policy.autonomy.
type setting struct {
	Key   string
	Value any
}

// Settings returns the run length and calendar of the scenario.
func (s *Scenario) Settings() sim.Settings {
	return sim.Settings{Steps: s.Run.Steps, StepsPerYear: s.Run.StepsPerYear, StartYear: s.Run.StartYear}
}

// PresetInfo names an embedded preset.
type PresetInfo struct {
	Name        string
	Description string
}
