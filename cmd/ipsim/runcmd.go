package main

// ipsim run: load a scenario (file, preset, or the embedded default), apply
// the command-line overrides, run every arm for every replication, print
// the summary table and write the results folder.
//
// Reusable by other commands:
//   - loadScenario(file, preset, sets): the scenario named on a command line;
//   - experimentOf(sc): the experiment a scenario describes;
//   - registerPostRun(hook): called with a completed results folder, its
//     manifest written (the plots command adds its charts and report this
//     way, from its own file); the manifest is rewritten to list the
//     files a hook returns.

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

func init() {
	register(command{
		name:    "run",
		summary: "run a scenario (a file, a preset, or the embedded default) and write the results folder",
		usage:   "ipsim run [FILE] [--preset NAME] [--set key=value]... [--reps N] [--seed S] [--workers W] [--out DIR] [--force] [--format csv|parquet|both] [--quiet] [--panel] [--no-plots]",
		run:     runRun,
	})
}

// defaultPreset is the scenario ipsim runs without a file or --preset.
const defaultPreset = "default"

// defaultOutDir is the results folder when neither the scenario nor --out
// names one.
const defaultOutDir = "ipsim-out"

// setFlag collects repeated --set key=value flags.
type setFlag []string

func (s *setFlag) String() string { return strings.Join(*s, " ") }

func (s *setFlag) Set(v string) error {
	if k, _, ok := strings.Cut(v, "="); !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("%q is not key=value", v)
	}
	*s = append(*s, v)
	return nil
}

// runFlags are the flags of ipsim run.
type runFlags struct {
	preset  string
	sets    setFlag
	reps    int
	seed    uint64
	workers int
	out     string
	force   bool
	format  string
	quiet   bool
	panel   bool
	noPlots bool
	given   map[string]bool // flags given on the command line
	locked  bool            // the caller holds the results folder (validate --out)
	noHooks bool            // the caller completes the folder itself (validate --out): no post-run hooks
}

func (f *runFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&f.preset, "preset", "", "run the embedded preset `NAME` (ipsim presets lists them)")
	fs.Var(&f.sets, "set", "override one scenario value, e.g. --set world.provinces=5 (repeatable; `key=value`)")
	fs.IntVar(&f.reps, "reps", 0, "replications per arm (`N`; default: the scenario's)")
	fs.Uint64Var(&f.seed, "seed", 0, "master seed `S` (default: the scenario's)")
	fs.IntVar(&f.workers, "workers", 0, "worker goroutines `W` (default: the scenario's; 0 = all CPUs); never changes results")
	fs.StringVar(&f.out, "out", "", "results folder `DIR` (default: the scenario's, else "+defaultOutDir+")")
	fs.BoolVar(&f.force, "force", false, "write into a non-empty results folder, replacing its results once the new ones are complete")
	fs.StringVar(&f.format, "format", "", "file format of the per-step tables: csv, parquet or both (default: the scenario's, else csv)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress on stderr")
	fs.BoolVar(&f.panel, "panel", false, "also write regions.csv, the per-region panel (large), and sectors.csv, each sector's national market")
	fs.BoolVar(&f.noPlots, "no-plots", false, "do not draw the charts")
}

// postRunHook is called once a results folder is complete, manifest.json
// included (not after an interrupted run). It returns the names of the
// files it wrote in dir; the manifest is then rewritten to list them.
type postRunHook func(ctx context.Context, r postRun) ([]string, error)

// postRun is what a post-run hook gets.
type postRun struct {
	Command  string // the command that ran: run or validate
	Dir      string
	Scenario *scenarios.Scenario
	Plots    bool // false with --no-plots or when the scenario turns plots off
	Quiet    bool
	Stdout   io.Writer
	Stderr   io.Writer
}

var postRunHooks []postRunHook

// registerPostRun adds a hook run after every completed ipsim run.
func registerPostRun(h postRunHook) { postRunHooks = append(postRunHooks, h) }

func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f runFlags
	fs := newFlagSet(commands["run"], stdout)
	f.bind(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	f.given = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.given[fl.Name] = true })
	if len(pos) > 1 {
		return usageError("run takes at most one scenario file, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	file := ""
	if len(pos) == 1 {
		file = pos[0]
	}
	sc, err := loadScenario(file, f.preset, f.sets)
	if err != nil {
		return err
	}
	warnScenario(stderr, sc)
	dir, workers, err := applyRunFlags(sc, &f)
	if err != nil {
		return err
	}
	return executeScenario(ctx, sc, dir, workers, &f, append([]string{"run"}, args...), stdout, stderr)
}

// removeTempFiles removes the temporary files (.NAME.tmp-*) that an
// earlier process killed while writing left beside the files named, now
// that this one's are in place (a --panel run's can take gigabytes).
func removeTempFiles(dir string, names []string) {
	for _, name := range names {
		tmps, _ := filepath.Glob(filepath.Join(dir, "."+filepath.Base(name)+".tmp-*"))
		for _, f := range tmps {
			os.Remove(f)
		}
	}
}

// byReplication passes runs on to emit a replication at a time, once every
// arm of it is done (jobs come replication by replication, arms inner), so
// an interrupted run leaves, in every file and summary, the same
// replications for every arm: the arms compare on the same worlds.
func byReplication(arms int, emit func(sim.Job, agents.Output) error) func(sim.Job, agents.Output) error {
	type run struct {
		job sim.Job
		out agents.Output
	}
	var pending []run
	return func(j sim.Job, o agents.Output) error {
		pending = append(pending, run{j, o})
		if j.Arm < arms-1 {
			return nil
		}
		for _, p := range pending {
			if err := emit(p.job, p.out); err != nil {
				return err
			}
		}
		pending = pending[:0]
		return nil
	}
}

// loadScenario loads a file, or a preset, or the default preset, with the
// --set overrides applied. A preset's name is the preset (ipsim show
// china), as in extends, even where a file of that name exists, which
// ./NAME reads; the scenario then warns that it took the preset.
func loadScenario(file, preset string, sets []string) (*scenarios.Scenario, error) {
	switch {
	case file != "" && preset != "":
		return nil, usageError("give a scenario file or --preset, not both (got %s and --preset %s)", file, preset)
	case file != "" && isPreset(file):
		sc, err := scenarios.LoadPreset(file, sets...)
		if st, errStat := os.Stat(file); err == nil && errStat == nil && !st.IsDir() {
			sc.Warnings = append(sc.Warnings, fmt.Sprintf("%s: the preset %s, not the file %s in this folder (a preset's name is the preset, as in extends: write ./%s for the file)", file, file, file, file))
		}
		return sc, err
	case file != "":
		if st, err := os.Stat(file); err == nil && st.IsDir() {
			return nil, folderNotScenario(file)
		}
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			if !strings.ContainsAny(file, `/\.`) {
				var names []string
				for _, p := range scenarios.Presets() {
					names = append(names, p.Name)
				}
				hint := agents.DidYouMean(file, names)
				if _, err := os.Stat(file + ".toml"); err == nil {
					hint = fmt.Sprintf(" (did you mean %s.toml?)", file) // ipsim run my for my.toml
				}
				return nil, fmt.Errorf("ipsim: %s: no such scenario file or preset%s; presets: %s",
					file, hint, strings.Join(names, ", "))
			}
		}
		return scenarios.Load(file, sets...)
	case preset != "":
		return scenarios.LoadPreset(preset, sets...)
	}
	return scenarios.LoadPreset(defaultPreset, sets...)
}

// folderNotScenario is the error for a folder given where a scenario
// file goes, as a results folder is by a user who means to rerun it: it
// names the scenario the folder holds (a sweep folder: --resume).
func folderNotScenario(dir string) error {
	saved := filepath.Join(dir, "scenario.toml")
	if st, err := os.Stat(saved); err != nil || st.IsDir() {
		return fmt.Errorf("ipsim: %s is a folder, not a scenario file", dir)
	}
	if st, err := os.Stat(filepath.Join(dir, "runs")); err == nil && st.IsDir() {
		return fmt.Errorf("ipsim: %s is a folder, not a scenario file: it holds a sweep, which ipsim sweep --resume %s continues; its scenario is %s", dir, shellArg(dir), saved)
	}
	return fmt.Errorf("ipsim: %s is a folder, not a scenario file: the scenario of the results in it is %s", dir, saved)
}

// warnScenario prints the scenario's warnings (what resolved but may not
// be what the file meant) on stderr, even under --quiet: they are not
// progress.
func warnScenario(stderr io.Writer, sc *scenarios.Scenario) {
	for _, w := range sc.Warnings {
		fmt.Fprintf(stderr, "ipsim: warning: %s\n", w)
	}
}

// warnSweep prints the warnings of the scenario's [sweep] section too:
// only ipsim sweep runs it. A sweep writes no panel, so it also says
// that output.panel, which ipsim run reads, is left unused.
func warnSweep(stderr io.Writer, sc *scenarios.Scenario) {
	warnScenario(stderr, sc)
	for _, w := range sc.SweepWarnings {
		fmt.Fprintf(stderr, "ipsim: warning: %s\n", w)
	}
	if sc.Output.Panel {
		fmt.Fprintf(stderr, "ipsim: warning: %s: output.panel = true: ipsim sweep writes no panel (regions.csv, sectors.csv), only each run's figures in sweep.csv; ipsim run --panel with a point's values writes one\n", sc.Source)
	}
}

// isPreset reports whether name is an embedded preset. A scenario
// argument that is not a file but names a preset loads the preset, so
// "ipsim show china" works as "ipsim show --preset china".
func isPreset(name string) bool {
	for _, p := range scenarios.Presets() {
		if p.Name == name {
			return true
		}
	}
	return false
}

// applyRunFlags writes the command-line overrides that change what runs
// (--reps, --seed, --format, --panel, --no-plots) into the scenario, so the
// saved scenario.toml is exactly what ran. Where results go and how many
// workers run them change nothing in the results: --out and --workers are
// returned as the run's folder and worker count and recorded in the
// manifest, not in the scenario, so a rerun of a saved scenario.toml into
// another folder saves an identical scenario with the same hash.
func applyRunFlags(sc *scenarios.Scenario, f *runFlags) (dir string, workers int, err error) {
	if err := checkRunFlags(f.given, f.reps, f.seed, f.workers); err != nil {
		return "", 0, err
	}
	if err := flagSetConflict(sc, f); err != nil {
		return "", 0, err
	}
	if f.given["reps"] {
		sc.Run.Replications = f.reps
	}
	if f.given["seed"] {
		sc.Run.Seed = f.seed
	}
	workers = sc.Run.Workers
	if f.given["workers"] {
		workers = f.workers
	}
	dir = sc.Output.Dir
	if f.given["out"] {
		if f.out == "" {
			return "", 0, usageError("--out is empty: name a folder")
		}
		dir = f.out
	}
	if dir == "" {
		dir = defaultOutDir
	}
	if f.given["format"] {
		if _, err := formats(f.format); err != nil {
			return "", 0, usageError("--format = %q: must be one of csv, parquet, both", f.format)
		}
		sc.Output.Format = f.format
	}
	if f.panel {
		sc.Output.Panel = true
	}
	if f.noPlots {
		sc.Output.Plots = false
	}
	if sc.Output.Format == "" {
		sc.Output.Format = formatCSV
	}
	if _, err := formats(sc.Output.Format); err != nil {
		return "", 0, fmt.Errorf("ipsim: scenario %s: output.format = %q: must be one of csv, parquet, both", sc.Source, sc.Output.Format)
	}
	if sc.Run.Replications < 1 {
		return "", 0, fmt.Errorf("ipsim: scenario %s: run.replications = %d: must be >= 1", sc.Source, sc.Run.Replications)
	}
	if len(sc.Arms) == 0 {
		return "", 0, fmt.Errorf("ipsim: scenario %s has no arms", sc.Source)
	}
	return dir, workers, nil
}

// flagSetConflict refuses a flag and a --set of the key it stands for
// (--reps and run.replications, --out and output.dir, ...) that give
// different values: the flag would win whatever their order, silently, as
// a flag given twice once did.
func flagSetConflict(sc *scenarios.Scenario, f *runFlags) error {
	set := map[string]string{}
	for _, kv := range f.sets {
		k, _, _ := strings.Cut(kv, "=")
		set[strings.TrimSpace(k)] = kv
	}
	for _, c := range []struct {
		flag, key string
		given     bool
		differ    bool
		value     any
	}{
		{"reps", "run.replications", f.given["reps"], sc.Run.Replications != f.reps, f.reps},
		{"seed", "run.seed", f.given["seed"], sc.Run.Seed != f.seed, f.seed},
		{"workers", "run.workers", f.given["workers"], sc.Run.Workers != f.workers, f.workers},
		{"out", "output.dir", f.given["out"], !sameDir(cmp.Or(sc.Output.Dir, defaultOutDir), f.out), f.out}, // zz/ is zz; "" is the default
		{"format", "output.format", f.given["format"], sc.Output.Format != f.format, f.format},
		{"panel", "output.panel", f.panel, !sc.Output.Panel, nil},
		{"no-plots", "output.plots", f.noPlots, sc.Output.Plots, nil},
	} {
		kv, has := set[c.key]
		if !c.given || !has || !c.differ {
			continue
		}
		flag := "--" + c.flag
		if c.value != nil {
			flag = fmt.Sprintf("--%s %v", c.flag, c.value)
		}
		return usageError("%s and --set %s give %s different values: give one (the flag would win, whatever their order)", flag, kv, c.key)
	}
	return nil
}

// checkRunFlags checks --reps, --seed and --workers (those given) as the
// keys they stand for (run.replications, run.seed, run.workers) are
// checked in a file: a value the file would refuse makes a saved
// scenario.toml that does not load again.
func checkRunFlags(given map[string]bool, reps int, seed uint64, workers int) error {
	if given["reps"] {
		if err := scenarios.CheckRun("replications", int64(reps)); err != nil {
			return usageError("--reps = %d: %v", reps, err)
		}
	}
	if given["seed"] {
		if seed > math.MaxInt64 {
			return usageError("--seed = %d: must be in [0, 9223372036854775807] (a scenario file holds it as a TOML integer)", seed)
		}
		if err := scenarios.CheckRun("seed", int64(seed)); err != nil {
			return usageError("--seed = %d: %v", seed, err)
		}
	}
	if given["workers"] {
		if err := scenarios.CheckRun("workers", int64(workers)); err != nil {
			return usageError("--workers = %d: %v (0: all CPUs)", workers, err)
		}
	}
	return nil
}

// Bytes per row of the panel's files, measured on the default scenario
// with and without counties: a region row takes 234 to 244 bytes in
// regions.csv and 76 to 77 in regions.parquet, a sector row 130 to 132 in
// sectors.csv and 36 to 38 in sectors.parquet.
const (
	panelRegionRowCSV     = 240
	panelRegionRowParquet = 76
	panelSectorRowCSV     = 131
	panelSectorRowParquet = 37
	// panelWarnBytes is the panel size from which ipsim run warns before
	// it starts: 1 GiB.
	panelWarnBytes = 1 << 30
)

// panelBytes estimates what the panel of e (regions.csv and sectors.csv,
// in the formats of format) takes on disk: a row per region (the center
// excepted) or sector, per step of every run.
func panelBytes(e *experiment, format string) (regionRows, bytes float64) {
	var sectorRows float64
	for _, a := range e.Arms {
		regionRows += agents.Regions(a.Params.World) * float64(e.Replications*e.Settings.Steps)
		sectorRows += float64(len(a.Params.Sectors) * e.Replications * e.Settings.Steps)
	}
	fmts, _ := formats(format)
	for _, f := range fmts {
		switch f {
		case formatCSV:
			bytes += regionRows*panelRegionRowCSV + sectorRows*panelSectorRowCSV
		case formatParquet:
			bytes += regionRows*panelRegionRowParquet + sectorRows*panelSectorRowParquet
		}
	}
	return regionRows, bytes
}

// panelWarning says, for a run with the panel whose files would take
// panelWarnBytes or more, how much they would take and how to take less;
// "" otherwise. The panel grows with regions x steps x runs: --panel on
// the default scenario with counties writes about 5.6 GB.
func panelWarning(e *experiment, format string) string {
	if !e.Panel {
		return ""
	}
	rows, b := panelBytes(e, format)
	if b < panelWarnBytes {
		return ""
	}
	less := "fewer replications (--reps), steps or regions write less"
	if fs, _ := formats(format); slices.Contains(fs, formatCSV) {
		less += ", --format parquet about a third"
	}
	return fmt.Sprintf("the panel (output.panel, --panel) will write about %s: regions.csv has a row per region and step of every run, %.1f million rows (%s x %d steps); %s",
		byteSize(uint64(b)), rows/1e6, plural(len(e.Arms)*e.Replications, "run"), e.Settings.Steps, less)
}

// experimentOf is the experiment a scenario describes.
func experimentOf(sc *scenarios.Scenario) *experiment {
	e := &experiment{
		Settings:     sc.Settings(),
		Replications: sc.Run.Replications,
		MasterSeed:   sc.Run.Seed,
		Workers:      sc.Run.Workers,
		Panel:        sc.Output.Panel,
	}
	for _, a := range sc.Arms {
		e.Arms = append(e.Arms, armSpec{Name: a.Name, Params: a.Params, Events: a.Events})
	}
	return e
}

// executeScenario runs sc on workers workers and writes its results
// folder dir. cmdLine is the command as typed after "ipsim", its name
// first ("run", "validate"), for the manifest.
//
// Every tee function also sees each completed run, in job order (validate
// computes its statistics from the runs it writes this way).
func executeScenario(ctx context.Context, sc *scenarios.Scenario, dir string, workers int, f *runFlags, cmdLine []string, stdout, stderr io.Writer, tee ...func(sim.Job, agents.Output) error) error {
	exp := experimentOf(sc)
	exp.Workers = workers
	if err := exp.Settings.Validate(); err != nil {
		return fmt.Errorf("ipsim: scenario %s: %w", sc.Source, err)
	}
	metrics := modelMetrics()
	if !f.locked {
		unlock, err := createAndLock(dir, ", or choose another folder with --out")
		if err != nil {
			return err
		}
		defer unlock()
	}
	if err := scenarioInFolder(sc.Source, dir); err != nil {
		return err
	}
	if err := extendedInFolder(sc, dir); err != nil {
		return err
	}
	if busy := busyLog(dir); busy != "" { // a sweep's runs lock their logs, not the folder
		return fmt.Errorf("ipsim: %s is being written by an ipsim sweep (%s): wait for it, or choose another folder with --out", dir, busy)
	}
	if err := prepareDir(dir, f.force); err != nil {
		return err
	}
	var old *manifest
	earlier := false // --force over a folder holding something
	if f.force {
		old, _ = readManifest(dir) // unreadable: nothing is removed
		earlier = old != nil || !emptyDir(dir)
	}
	toml := sc.TOML()

	m := newManifest(cmdLine[0], cmdLine[1:])
	m.Scenario = sc.Name
	m.Source = sc.Source
	m.ScenarioHash = sc.Hash()
	m.MasterSeed = exp.MasterSeed
	m.Replications = exp.Replications
	m.Arms = exp.armNames()
	m.Steps, m.StepsPerYear, m.StartYear = exp.Settings.Steps, exp.Settings.StepsPerYear, exp.Settings.StartYear
	m.Workers = sim.Workers(exp.Workers)
	m.Format = sc.Output.Format
	m.Dir = dir
	jobs := exp.jobs()
	m.RunsPlanned = len(jobs)

	res, err := openResults(dir, sc.Output.Format, metrics, exp.Settings, exp.armNames(), exp.Replications, exp.Panel)
	if err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "ipsim: %s: %s x %s = %s of %s on %s\n",
			sc.Name, plural(len(exp.Arms), "arm"), plural(exp.Replications, "replication"), plural(len(jobs), "run"), plural(exp.Settings.Steps, "step"), plural(m.Workers, "worker"))
	}
	if w := panelWarning(exp, sc.Output.Format); w != "" {
		fmt.Fprintf(stderr, "ipsim: warning: %s\n", w) // even under --quiet, as the scenario's warnings
	}
	prog := newProgress(stderr, len(jobs), "runs", f.quiet)
	emit := res.emit
	if len(tee) > 0 {
		emit = func(j sim.Job, o agents.Output) error {
			for _, t := range tee {
				if err := t(j, o); err != nil {
					return err
				}
			}
			return res.emit(j, o)
		}
	}
	err = execute(ctx, exp, prog, byReplication(len(exp.Arms), emit))
	prog.Done()

	interrupted := false
	switch {
	case err != nil && ctx.Err() != nil:
		interrupted = true
	case err != nil:
		res.abort()
		return err
	}
	if interrupted && earlier {
		// --force over earlier results: they stay until a run completes
		res.abort()
		fmt.Fprintf(stdout, "interrupted after %d of %d runs: %s keeps its earlier results\n", len(res.runs), len(jobs), dir)
		return fmt.Errorf("%w after %d of %d runs; %s keeps its earlier results, which --force replaces only once the new run completes (to keep the completed runs of an interrupted run, write into a new folder)",
			errInterrupted, len(res.runs), len(jobs), dir)
	}
	m.Status = statusCompleted
	if interrupted {
		m.Status = statusInterrupted
		cause := "canceled"
		if c := context.Cause(ctx); c != nil {
			cause = c.Error() // names the signal
		}
		m.Note = fmt.Sprintf("stopped (%s) after %d of %d runs; runs in flight, and those of a replication not every arm completed, were abandoned; every file holds the %d runs of the %d replications every arm completed",
			cause, len(res.runs), len(jobs), len(res.runs), len(res.runs)/max(1, len(exp.Arms)))
	}
	if earlier {
		// a sweep's run logs would stay in runs/ without the scenario.toml
		// that explains them, which this run replaces, and could no longer
		// be resumed or merged: keep them aside with it, as sweep --force
		// and merge do
		if err := setAsideRuns(dir, nil); err != nil {
			res.abort()
			return err
		}
	}
	files, err := res.finish(namedFile{Name: "scenario.toml", Data: toml})
	if err != nil {
		return err
	}
	removeTempFiles(dir, append(slices.Clone(files), manifestName))

	// The manifest is written before the post-run hooks, so that the
	// report they draw shows it (status, seeds, version), and rewritten
	// after them with the files they added. finished is when the results
	// were complete, as the report shows it: drawing adds no result.
	m.Finished = time.Now().UTC().Truncate(time.Millisecond)
	m.Runs = append(m.Runs, res.runs...)
	m.RunsDone = len(res.runs)
	m.Files = append(slices.Clone(files), manifestName)
	if err := writeManifest(dir, m); err != nil {
		return err
	}
	// The earlier run's charts and report go now, before new ones are
	// drawn: a process stopped while drawing leaves a folder without
	// charts, never one whose charts show the earlier run's data.
	if err := removeStale(dir, old, m.Files); err != nil {
		return err
	}
	var hookErr error
	if !interrupted && !f.noHooks && len(postRunHooks) > 0 {
		for _, h := range postRunHooks {
			more, err := h(ctx, postRun{Command: cmdLine[0], Dir: dir, Scenario: sc, Plots: sc.Output.Plots, Quiet: f.quiet, Stdout: stdout, Stderr: stderr})
			files = append(files, more...)
			if err != nil {
				hookErr = err
				m.Note = strings.TrimSpace(m.Note + " " + err.Error())
				break
			}
		}
		m.Files = append(files, manifestName)
		if err := writeManifest(dir, m); err != nil {
			return err
		}
	}
	if err := removeStale(dir, old, m.Files); err != nil {
		return err
	}

	sums, effs := res.summaries()
	printSummary(stdout, summaryTable{
		RunsPlanned: len(jobs), RunsDone: len(res.runs),
		Scenario: sc.Name, Arms: exp.armNames(), Metrics: metrics,
		Replications: exp.Replications, Settings: exp.Settings, Seed: exp.MasterSeed,
		Summaries: sums, Effects: effs,
	})
	switch {
	case interrupted:
		fmt.Fprintf(stdout, "results (interrupted: %d of %d runs): %s\n", len(res.runs), len(jobs), dir)
		if len(res.runs) == 0 { // ipsim plot would refuse tables without rows
			return fmt.Errorf("%w after 0 of %d runs; no replication was complete: %s holds the tables' headers only (run again, with --force to replace it)", errInterrupted, len(jobs), dir)
		}
		hint := ""
		if sc.Output.Plots {
			hint = " (no charts: draw them with ipsim plot " + shellArg(dir) + ")"
		}
		return fmt.Errorf("%w after %d of %d runs; the completed runs are saved in %s%s", errInterrupted, len(res.runs), len(jobs), dir, hint)
	case hookErr != nil:
		fmt.Fprintf(stdout, "results: %s\n", dir)
		return hookErr
	}
	fmt.Fprintf(stdout, "results: %s\n", dir)
	return nil
}
