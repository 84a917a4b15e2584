package main

// ipsim sweep: run every arm of a scenario at every point of its [sweep]
// design, replications per point from run.replications, streaming each
// completed run to the folder's run log (sweep_log.go) so that a killed
// sweep resumes where it stopped, and build sweep.csv, points.csv,
// indices.csv (sobol, morris), columns.csv, scenario.toml, charts and
// manifest.json when every run is recorded (sweep_finish.go). A shard
// (sweep_shard.go) runs its share of the runs and leaves the assembly to
// ipsim merge (merge.go).
//
// Results depend on the scenario only: seeds come from the master seed and
// the run index (sweep_design.go), the run log is read back in run order,
// so worker count, shard split, completion order and resumption change
// nothing in the final files. manifest.json (times, command line) is the
// one file that differs between two such sweeps.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
	"github.com/parquet-go/parquet-go"
)

func init() {
	register(command{
		name:    "sweep",
		summary: "run a scenario over the points of its [sweep] section, resumably, on one machine or as a shard of a cluster job",
		usage:   "ipsim sweep FILE [--out DIR] [--shard i/n] [--shards N] [--workers W] [--reps N] [--seed S] [--dry-run] [--force] [--quiet] [--format csv|parquet|both]\n       ipsim sweep [FILE] --resume DIR [the same flags]: FILE, if given, must be the scenario the folder holds",
		run:     runSweep,
	})
}

// defaultSweepDir is the sweep folder when neither --out nor --resume
// names one.
const defaultSweepDir = "ipsim-sweep"

// sweepFlags are the flags of ipsim sweep.
type sweepFlags struct {
	resume  string
	out     string
	shard   string
	shards  int
	workers int
	reps    int
	seed    uint64
	dryRun  bool
	force   bool
	quiet   bool
	format  string
	given   map[string]bool
}

func (f *sweepFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&f.resume, "resume", "", "continue the sweep in `DIR`: run only the runs it has not recorded")
	fs.StringVar(&f.out, "out", "", "sweep folder `DIR` (default "+defaultSweepDir+")")
	fs.StringVar(&f.shard, "shard", "", "run only shard `i/n`: the runs whose index r has r % n == i (default: from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX, else the whole sweep)")
	fs.IntVar(&f.shards, "shards", 0, "number of shards `N` for JOB_COMPLETION_INDEX (or set IPSIM_SHARDS); AWS Batch gives it in AWS_BATCH_JOB_ARRAY_SIZE, which N must match")
	fs.IntVar(&f.workers, "workers", 0, "worker goroutines `W` (default: the scenario's; 0 = all CPUs); never changes results")
	fs.IntVar(&f.reps, "reps", 0, "replications per point and arm (`N`; default: the scenario's run.replications)")
	fs.Uint64Var(&f.seed, "seed", 0, "master seed `S` (default: the scenario's)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print the number of runs and estimated time and memory, run nothing")
	fs.BoolVar(&f.force, "force", false, "start over in a folder that holds another sweep or other results (the old run logs and their scenario.toml are kept in runs.replaced-N, as is a run's scenario.toml, which the sweep's replaces at once; other results are replaced once the sweep completes)")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress on stderr")
	fs.StringVar(&f.format, "format", "", "format of sweep.csv: csv, parquet or both (default: the scenario's output.format, else csv)")
}

// sweepJob is everything a sweep, a shard or a merge works from.
type sweepJob struct {
	sc      *scenarios.Scenario
	toml    []byte // the resolved scenario as stored in the folder
	design  *design
	metrics []metricInfo
	format  string
	plots   bool
}

// prepareSweepScenario fixes the parts of a scenario that do not belong
// to a sweep's identity: the worker count (never changes results) and the
// output folder (the sweep folder is wherever it is). What is left, the
// TOML a sweep stores, identifies it.
func prepareSweepScenario(sc *scenarios.Scenario, format string) (*sweepJob, error) {
	if format == "" {
		format = sc.Output.Format
	}
	if format == "" {
		format = formatCSV
	}
	if _, err := formats(format); err != nil {
		return nil, err
	}
	sc.Run.Workers = 0
	sc.Output.Dir = ""
	sc.Output.Format = format
	if len(sc.Arms) == 0 {
		return nil, fmt.Errorf("ipsim: scenario %s has no arms", sc.Source)
	}
	if err := sc.Settings().Validate(); err != nil {
		return nil, fmt.Errorf("ipsim: scenario %s: %w", sc.Source, err)
	}
	if err := sc.CheckSweep(); err != nil {
		return nil, err
	}
	metrics := modelMetrics()
	d, err := newDesign(sc, metrics)
	if err != nil {
		return nil, err
	}
	return &sweepJob{sc: sc, toml: sc.TOML(), design: d, metrics: metrics, format: format, plots: sc.Output.Plots}, nil
}

func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f sweepFlags
	fs := newFlagSet(commands["sweep"], stdout)
	f.bind(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	f.given = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.given[fl.Name] = true })
	if len(pos) > 1 {
		return usageError("sweep takes one scenario file, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	if len(pos) == 0 && f.resume == "" {
		return usageError("sweep needs a scenario file with a [sweep] section: ipsim sweep FILE")
	}
	if f.resume != "" && f.out != "" && !sameDir(f.resume, f.out) {
		return usageError("--resume %s and --out %s name different folders: give one", f.resume, f.out)
	}
	if err := checkRunFlags(f.given, f.reps, f.seed, f.workers); err != nil {
		return err
	}
	if f.given["shards"] && f.shards < 1 {
		return usageError("--shards = %d: must be >= 1", f.shards)
	}
	dir := defaultSweepDir
	switch {
	case f.resume != "":
		dir = f.resume
	case f.out != "":
		dir = f.out
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("ipsim: sweep folder %s is a file, not a folder", dir)
	}
	if f.resume != "" {
		if err := isSweepFolder(dir); err != nil {
			return err
		}
	} else if !f.force {
		if err := isSweepFolder(dir); err != nil {
			return fmt.Errorf("%w; or replace its results with --force", err)
		}
	}
	file := filepath.Join(dir, "scenario.toml")
	if len(pos) == 1 {
		file = pos[0]
		if st, err := os.Stat(file); err == nil && st.IsDir() {
			return folderNotScenario(file)
		}
		if err := scenarioInFolder(file, dir); err != nil {
			return err
		}
		if err := presetNotSweepable(file); err != nil {
			return err
		}
	}
	sc, err := scenarios.Load(file)
	if err != nil {
		return err
	}
	if err := extendedInFolder(sc, dir); err != nil {
		return err
	}
	warnSweep(stderr, sc)
	workers := sc.Run.Workers
	if f.given["workers"] {
		workers = f.workers
	}
	if f.given["reps"] {
		sc.Run.Replications = f.reps
	}
	if f.given["seed"] {
		sc.Run.Seed = f.seed
	}
	format := f.format
	if f.resume != "" && len(pos) == 1 && !f.given["format"] {
		format = resumeFormat(dir, sc, f.quiet, stderr)
	}
	job, err := prepareSweepScenario(sc, format)
	if err != nil {
		return err
	}
	d := job.design
	sh, err := resolveShard(f.shard, f.shards, os.Getenv)
	if err != nil {
		return err
	}
	if f.resume != "" || sh.Count > 1 {
		// a folder keeps the scenario it was started with, name and
		// source included (a renamed file resumes or adds a shard: a
		// name changes no result)
		if name, source := storedIdentity(dir); name != "" {
			sc.Name, sc.Source = name, source
		}
	}
	// a folder that run, plot, merge or validate holds is not ours to
	// set aside or write a scenario into (shards share theirs, and write
	// only their logs and the same scenario.toml)
	// A single-process sweep holds the folder from here until its runs are
	// done: between this check and its run log's lock it sets runs aside,
	// marks the manifest superseded and writes its scenario, and a run
	// --force started then would pass both checks (shards share the folder
	// and hold only their logs).
	release, held := func() {}, false
	defer func() { release() }()
	hold := func() error {
		if f.dryRun || sh.Count != 1 || held {
			return nil
		}
		unlock, err := lockDir(dir, ", or choose another folder with --out")
		if err != nil {
			return err
		}
		release, held = sync.OnceFunc(unlock), true
		return nil
	}
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		if err := hold(); err != nil {
			return err
		}
	}
	if err := checkPoints(sc, d); err != nil {
		return err
	}
	workers = sim.Workers(workers)
	mine := 0
	for r := sh.Index; r < d.Runs(); r += sh.Count {
		mine++
	}
	// a shard always says where its index came from, and so does a
	// scheduler's task that reads as the whole sweep (a one-task array,
	// sbatch --array=5: shard 0 of 1, not task 5 of the earlier array)
	if !f.quiet || f.dryRun || sh.Count > 1 || sh.Source != singleProcess {
		hint := ""
		if sh.Count == 1 && sh.Source != singleProcess && !strings.HasPrefix(sh.Source, "--shard ") {
			hint = " (a one-task array runs the whole sweep: to rerun one task of a larger array, pass --shard i/n)"
		}
		fmt.Fprintf(stderr, "ipsim: sweep %s: method %s, %s x %s x %s = %s; shard %s (%s): %s%s\n",
			sc.Name, d.Method, plural(len(d.Points), "point"), plural(len(d.ArmNames), "arm"), plural(d.Reps, "replication"), plural(d.Runs(), "run"), sh, sh.Source, plural(mine, "run"), hint)
	}
	if f.dryRun {
		recorded := 0
		if f.resume != "" {
			// what --resume would find: the same refusals, and the runs
			// already recorded (prepareSweepDir writes nothing on resume)
			if err := prepareSweepDir(dir, job.toml, true, false, sh.Count > 1); err != nil {
				return damagedScenario(err, dir, job.toml, d.Hash)
			}
		} else if err := checkSweepDir(dir, job.toml, f.force, sh.Count > 1); err != nil {
			return damagedScenario(err, dir, job.toml, d.Hash) // what the sweep would refuse
		}
		if f.resume != "" || sh.Count > 1 {
			// a shard, like a resume, skips the runs its folder records
			ix, err := loadRuns([]string{dir}, d.Hash, d.Runs())
			if err != nil {
				return logsNotScenario(err, []string{dir}, d.Hash)
			}
			if f.resume != "" {
				if err := mergedNoLogs(dir, ix); err != nil {
					return err
				}
			}
			for r := sh.Index; r < d.Runs(); r += sh.Count {
				if ix.has(r) {
					recorded++
				}
			}
		}
		var report string // a shard's record that it is complete, if it has one
		if r := filepath.Join(dir, reportName(sh)); sh.Count > 1 {
			if _, err := os.Stat(r); err == nil {
				report = r
			}
		}
		err := dryRun(ctx, stdout, job, mine, recorded, workers, sh.Count > 1, report)
		if err != nil && ctx.Err() != nil {
			return fmt.Errorf("%w during the dry run's calibration: nothing was written", errInterrupted)
		}
		return err
	}

	if err := prepareSweepDir(dir, job.toml, f.resume != "", f.force, sh.Count > 1); err != nil {
		return damagedScenario(err, dir, job.toml, d.Hash)
	}
	if err := hold(); err != nil { // a folder the sweep has just made
		return err
	}
	// The folder's scenario.toml, as first written, is the one the results
	// keep (its header comment names the file it was resolved from); a
	// resume may have changed its [output] section alone.
	ix, err := loadRuns([]string{dir}, d.Hash, d.Runs())
	if err != nil {
		return logsNotScenario(err, []string{dir}, d.Hash)
	}
	if f.resume != "" {
		if err := mergedNoLogs(dir, ix); err != nil {
			return err
		}
	}
	path := filepath.Join(dir, "scenario.toml")
	stored, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("ipsim: %w", err)
	}
	switch {
	case sameScenario(stored, job.toml):
	case sh.Count > 1 && f.resume == "":
		// a shard keeps the folder's [output]: shards write no tables,
		// and ipsim merge writes them as the folder says
		kept, err := scenarios.Load(path)
		if err != nil {
			return err
		}
		kj, err := prepareSweepScenario(kept, "")
		if err != nil {
			return err
		}
		job.format, job.plots = kj.format, kj.plots
		if !f.quiet {
			fmt.Fprintf(stderr, "ipsim: %s keeps its output settings (format %s); change them with ipsim sweep --resume %s --format csv|parquet|both\n", dir, job.format, shellArg(dir))
		}
	default:
		stored = replaceOutput(stored, job.toml)
		if err := writeFileAtomic(path, stored); err != nil {
			return err
		}
	}
	job.toml = stored
	jobs := newTodo(d, ix, sh)
	if !f.quiet {
		fmt.Fprintf(stderr, "ipsim: %s: %d of this shard's %s already recorded, %d to run on %s\n", dir, mine-jobs.n, plural(mine, "run"), jobs.n, plural(workers, "worker"))
	}
	started := time.Now()
	err = runSweepJobs(ctx, dir, sh, job, jobs, workers, f.quiet, stderr)
	if afterRuns != nil {
		afterRuns(dir)
	}
	release() // the logs are locked and written: the tables take the folder again below
	switch {
	case err != nil && ctx.Err() != nil:
		resume := "ipsim sweep --resume " + shellArg(dir) // the folder keeps the scenario as run, flags included
		if sh.Count > 1 {
			resume = "the same command (a retried shard skips the runs it recorded)"
		}
		return fmt.Errorf("%w: every completed run is recorded in %s; continue with %s", errInterrupted, filepath.Join(dir, runsDir), resume)
	case err != nil:
		if ov := (*agents.OverflowError)(nil); errors.As(err, &ov) {
			// deterministic: a resume runs it again, and refuses a
			// changed design
			return fmt.Errorf("%w; the runs completed before it are recorded in %s, but --resume would stop at this run again: change the design (run.steps, the growth keys or their swept values) and start the sweep over, with --force or in another folder", err, filepath.Join(dir, runsDir))
		}
		return err
	}
	if sh.Count > 1 {
		// complete means on disk: count this shard's runs in the logs
		ix, err = loadRuns([]string{dir}, d.Hash, d.Runs())
		if err != nil {
			return err
		}
		lost := 0
		for r := sh.Index; r < d.Runs(); r += sh.Count {
			if !ix.has(r) {
				lost++
			}
		}
		if lost > 0 {
			return fmt.Errorf("ipsim: %s: %d of shard %s's runs are not in the run logs after the sweep (did another process replace a log?): run the shard again", dir, lost, sh)
		}
		if err := writeShardReport(dir, sh, job, args, mine, workers, started); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "shard %s complete: %s recorded in %s; when every shard is done: ipsim merge OUT %s ...\n", sh, plural(mine, "run"), dir, shellArg(dir))
		return nil
	}
	ix, err = loadRuns([]string{dir}, d.Hash, d.Runs())
	if err != nil {
		return err
	}
	if _, n := ix.missing(0); n > 0 {
		return fmt.Errorf("ipsim: %s: %d runs missing after the sweep: run it again with --resume %s", dir, n, shellArg(dir))
	}
	// the tables and charts: not while ipsim plot or a merge writes here
	if beforeFinish != nil {
		beforeFinish(dir)
	}
	unlock, err := lockDir(dir, "; the runs are recorded: finish with ipsim sweep --resume "+shellArg(dir))
	if err != nil {
		return err
	}
	defer unlock()
	if !f.quiet {
		// the tables and charts take seconds to minutes on a large
		// design, with no progress of their own
		fmt.Fprintf(stderr, "ipsim: every run recorded; writing %s into %s\n", finishWrites(job.plots), dir)
	}
	m := newManifest("sweep", args)
	m.Started = started.UTC().Truncate(time.Millisecond)
	m.Workers = workers
	if before := mine - jobs.n; before > 0 {
		// the earlier process's start is not recorded; say it ran
		m.Note = fmt.Sprintf("resumed: %d of the %d runs were recorded by an earlier process (interrupted, or started as shards); started is when this one began", before, d.Runs())
	}
	if err := finishSweep(ctx, dir, job, ix, m, stderr); err != nil {
		if ctx.Err() != nil && !errors.Is(err, errInterrupted) {
			// stopped building the tables (the charts say so themselves)
			return fmt.Errorf("%w while writing the tables: every run is recorded in %s; finish with ipsim sweep --resume %s", errInterrupted, filepath.Join(dir, runsDir), shellArg(dir))
		}
		return err
	}
	fmt.Fprintf(stdout, "sweep: %d runs; results: %s\n", d.Runs(), dir)
	return nil
}

// supersededBy is the command that started over a superseded folder's
// results: the manifest's superseded_by, or, in manifests written before
// it was recorded, what its note says.
func supersededBy(m *manifest) string {
	switch {
	case m.SupersededBy != "":
		return m.SupersededBy
	case strings.HasPrefix(m.Note, "a merge started here"):
		return "merge"
	}
	return "sweep"
}

// storedIdentity returns the name of the scenario stored in dir and the
// file it was resolved from (its first comment names it), or "".
func storedIdentity(dir string) (name, source string) {
	b, err := os.ReadFile(filepath.Join(dir, "scenario.toml"))
	if err != nil {
		return "", ""
	}
	var top struct {
		Name string `toml:"name"`
	}
	if _, err := toml.Decode(string(b), &top); err != nil {
		return "", ""
	}
	first, _, _ := strings.Cut(string(b), "\n")
	if i := strings.LastIndex(first, "fully resolved from "); i >= 0 {
		source = strings.TrimSuffix(strings.TrimRight(first[i+len("fully resolved from "):], "\r"), ".")
	}
	if source == "" {
		source = filepath.Join(dir, "scenario.toml")
	}
	return top.Name, source
}

// resumeFormat is the table format of a resume of dir from the scenario
// file sc without --format: the folder's. A sweep started with --format
// both or parquet has that format in its scenario.toml only, not in the
// file, so taking the file's (csv, unless it sets one) would drop the
// Parquet tables the sweep was started for, and delete a finished
// sweep's sweep.parquet. "" (the file's) when the folder has no
// readable scenario.toml.
func resumeFormat(dir string, sc *scenarios.Scenario, quiet bool, stderr io.Writer) string {
	b, err := os.ReadFile(filepath.Join(dir, "scenario.toml"))
	if err != nil {
		return ""
	}
	var stored struct {
		Output struct {
			Format string `toml:"format"`
		} `toml:"output"`
	}
	if _, err := toml.Decode(string(b), &stored); err != nil || stored.Output.Format == "" {
		return ""
	}
	kept := stored.Output.Format
	if file := cmp.Or(sc.Output.Format, formatCSV); file != kept && !quiet {
		fmt.Fprintf(stderr, "ipsim: %s keeps the format it was started with, %s (not %s's %s); change it with ipsim sweep --resume %s --format %s\n", dir, kept, sc.Source, file, shellArg(dir), file)
	}
	return kept
}

// beforeFinish, when set (by tests), runs when a sweep's runs are done,
// before it takes its folder to write the tables: where another process
// may take the folder in a real sweep.
var beforeFinish func(dir string)

// afterRuns, when set (by tests), runs when a sweep's runs end, before it
// lets go of the folder it held while it prepared and ran them.
var afterRuns func(dir string)

// checkPoints resolves the scenario at every point of the design, so a
// point the model refuses (one that breaks a rule between two swept keys,
// say) is reported before anything runs, at the lines of the [sweep] keys
// involved and naming the point's values. Each problem is shown at the
// first point that has it; the count says how many points fail.
func checkPoints(sc *scenarios.Scenario, d *design) error {
	var lines []string
	seen := map[string]bool{} // problems shown, by place and key
	var bad []int
	for p := range d.Points {
		_, err := sc.Point(d.overrides(p)...)
		if err == nil {
			continue
		}
		bad = append(bad, p)
		var se *scenarios.Error
		if !errors.As(err, &se) {
			lines = append(lines, fmt.Sprintf("%s, at sweep point %d (%s)", err, p, d.describe(p)))
			continue
		}
		for _, pr := range se.Problems {
			id := fmt.Sprintf("%s:%d:%s", pr.File, pr.Line, pr.Key)
			if seen[id] {
				continue
			}
			seen[id] = true
			lines = append(lines, fmt.Sprintf("%s, at sweep point %d (%s)", pr, p, d.describe(p)))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	fix := "narrow [sweep.ranges] so that every point is a valid scenario"
	if d.Method == methodGrid {
		fix = "change [sweep.values] so that every combination is a valid scenario"
	}
	list := make([]string, 0, 10)
	for _, p := range bad[:min(len(bad), 10)] {
		list = append(list, strconv.Itoa(p))
	}
	if len(bad) > 10 {
		list = append(list, "...")
	}
	which := "point"
	if len(bad) > 1 {
		which = "points"
	}
	lines = append(lines, fmt.Sprintf("ipsim: %s: %d of the sweep's %s cannot run (%s %s): %s",
		sc.Source, len(bad), plural(len(d.Points), "point"), which, strings.Join(list, ", "), fix))
	return errors.New(strings.Join(lines, "\n"))
}

// pointRunner runs the model at the points of a design, caching the
// resolved scenario of the few points in flight.
type pointRunner struct {
	job *sweepJob
	mu  sync.Mutex
	exp map[int]*experiment
	max int
	col map[string]int // metric name -> index in a run's Summary
}

func newPointRunner(job *sweepJob, workers int) *pointRunner {
	col := map[string]int{}
	for i, c := range agents.Columns() {
		col[c.Name] = i
	}
	return &pointRunner{job: job, exp: map[int]*experiment{}, max: 2*workers + 2, col: col}
}

// experiment returns the experiment of point p: the scenario with the
// point's values.
func (pr *pointRunner) experiment(p int) (*experiment, error) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if e, ok := pr.exp[p]; ok {
		return e, nil
	}
	sc, err := pr.job.sc.Point(pr.job.design.overrides(p)...)
	if err != nil {
		return nil, fmt.Errorf("ipsim: sweep point %d (%s): %w", p, pr.describe(p), err)
	}
	e := experimentOf(sc)
	e.Panel = false
	e.SummaryOnly = true
	if len(pr.exp) >= pr.max {
		// Jobs run in index order, so the oldest point is the smallest.
		oldest := -1
		for q := range pr.exp {
			if oldest < 0 || q < oldest {
				oldest = q
			}
		}
		delete(pr.exp, oldest)
	}
	pr.exp[p] = e
	return e, nil
}

// describe lists a point's values, "key=value, ...".
func (pr *pointRunner) describe(p int) string { return pr.job.design.describe(p) }

// run runs one job and returns its sweep.csv row.
func (pr *pointRunner) run(ctx context.Context, j sim.Job) ([]byte, error) {
	d := pr.job.design
	p, _ := d.job(j.Index)
	e, err := pr.experiment(p)
	if err != nil {
		return nil, err
	}
	out, err := runJob(ctx, e, j)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, fmt.Errorf("ipsim: sweep point %d (%s), run %d: %w", p, pr.describe(p), j.Index, err)
	}
	row := make([]value, 0, 4+len(d.Keys)+len(pr.job.metrics))
	row = append(row, iv(int64(p)), sv(d.ArmNames[j.Arm]), iv(int64(j.Replication)), uv(j.Seed))
	for k, v := range d.Points[p] {
		row = append(row, cell(v, d.Kinds[k]))
	}
	for _, m := range pr.job.metrics {
		c, ok := pr.col[m.Name]
		if !ok || c >= len(out.Summary) {
			return nil, fmt.Errorf("ipsim: sweep run %d: the model recorded no metric %q", j.Index, m.Name)
		}
		row = append(row, fv(out.Summary[c]))
	}
	var b []byte
	for i, v := range row {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSV(b, v)
	}
	return b, nil
}

// sweepBatch is how many runs a sweep lays out at a time. The runs to do
// are listed a batch at a time rather than all at once (32 bytes a run:
// 32 MB for a million-run design), and each batch runs on every worker;
// between two batches the workers wait for the slowest run of the first,
// a run's time lost per 65,536 runs.
var sweepBatch = 1 << 16

// todo lists the runs of a shard that its logs do not record, in run
// order, a batch at a time.
type todo struct {
	d    *design
	ix   *runIndex // nil: every run of the shard
	sh   shard
	next int // the next run to look at
	n    int // runs to do in all
}

func newTodo(d *design, ix *runIndex, sh shard) *todo {
	t := &todo{d: d, ix: ix, sh: sh, next: sh.Index}
	for r := sh.Index; r < d.Runs(); r += sh.Count {
		if ix == nil || !ix.has(r) {
			t.n++
		}
	}
	return t
}

// batch returns the next runs to do, at most max, in buf's storage; none
// when every run is listed.
func (t *todo) batch(buf []sim.Job, max int) []sim.Job {
	buf = buf[:0]
	for ; t.next < t.d.Runs() && len(buf) < max; t.next += t.sh.Count {
		if t.ix == nil || !t.ix.has(t.next) {
			_, j := t.d.job(t.next)
			buf = append(buf, j)
		}
	}
	return buf
}

// runSweepJobs runs the runs to do on workers and appends each completed
// run to the shard's log.
func runSweepJobs(ctx context.Context, dir string, sh shard, job *sweepJob, jobs *todo, workers int, quiet bool, stderr io.Writer) error {
	if jobs.n == 0 {
		return nil
	}
	log, err := openRunLog(filepath.Join(dir, logName(sh)), job.design.Hash)
	if err != nil {
		return err
	}
	if err := checkOwnBuild(dir, log.f.Name(), stderr); err != nil {
		log.Close()
		return err
	}
	pr := newPointRunner(job, workers)
	prog := newProgress(stderr, jobs.n, "runs", quiet)
	record := func(j sim.Job, row []byte) error {
		if err := log.Append(j.Index, row); err != nil {
			// a part-written last record is found and redone on resuming
			again := "continue with ipsim sweep --resume " + shellArg(dir)
			if sh.Count > 1 {
				again = "run the shard again"
			}
			return fmt.Errorf("%w; the runs recorded before it are kept: %s (after making room, if the disk is full)", err, again)
		}
		prog.Add(1)
		return nil
	}
	var batch []sim.Job
	for err == nil {
		if batch = jobs.batch(batch, sweepBatch); len(batch) == 0 {
			break
		}
		err = sim.ReplicateAsDone(ctx, batch, workers, pr.run, record)
	}
	prog.Done()
	if cerr := log.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("ipsim: %w", cerr)
	}
	return err
}

// prepareSweepDir makes dir ready for the sweep whose resolved scenario is
// toml: a new or empty folder gets scenario.toml; a folder holding the
// same sweep is continued (with --resume, or as one of several shards);
// a folder holding another sweep is refused, naming what changed.
func prepareSweepDir(dir string, toml []byte, resume, force, sharded bool) error {
	path := filepath.Join(dir, "scenario.toml")
	stored, err := os.ReadFile(path)
	switch {
	case err == nil:
	case errors.Is(err, os.ErrNotExist):
		if resume {
			return fmt.Errorf("ipsim: nothing to resume in %s (no scenario.toml): start the sweep with --out %s", dir, shellArg(dir))
		}
		if sharded {
			// Shards sharing a folder may start at the same moment: each
			// writes the same scenario.toml atomically; other files are
			// refused as for a single sweep.
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("ipsim: %w", err)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				return fmt.Errorf("ipsim: %w", err)
			}
			for _, e := range entries {
				// scenario.toml: a shard started at the same moment wrote it
				// (the check after writing ours says if it differs)
				if n := e.Name(); n != runsDir && n != lockName && n != "scenario.toml" && !isTempFile(n) && !force {
					return fmt.Errorf("ipsim: %s: %w (it holds %s); choose another folder with --out, or write into it with --force", dir, errNotEmpty, n)
				}
			}
		} else if err := prepareDir(dir, force); err != nil {
			return err
		}
		if err := writeFileAtomic(path, toml); err != nil {
			return err
		}
		if stored, err := os.ReadFile(path); err != nil || !sameScenario(stored, toml) {
			return fmt.Errorf("ipsim: %s: another sweep was started in the same folder at the same time", dir)
		}
		return nil
	default:
		// a path through a file, a folder not ours to read
		if resume {
			return fmt.Errorf("ipsim: cannot resume a sweep in %s: %w; give --resume the sweep's folder", dir, pathErr(err))
		}
		return fmt.Errorf("ipsim: cannot use %s as a sweep folder: %w; choose another folder with --out", dir, pathErr(err))
	}
	if sameScenario(stored, toml) {
		if resume || sharded {
			return nil
		}
		if !force {
			return fmt.Errorf("ipsim: %s already holds this sweep: continue it with --resume %s, or start over with --force", dir, shellArg(dir))
		}
		return setAsideRuns(dir, nil)
	}
	if (resume || sharded) && sameOutcome(stored, toml) {
		// only where and how the tables are written differs: the runs
		// stand; runSweep takes the new [output] into the folder's file
		// on a resume (--format), and keeps the folder's for a shard (a
		// retried one, or shards started with different flags)
		return nil
	}
	changed := scenarioChanges(stored, toml)
	if resume || sharded || !force {
		what := "resume"
		if !resume {
			what = "write into"
		}
		if !resume && !sharded && sameOutcome(stored, toml) {
			return fmt.Errorf("ipsim: %s already holds this sweep with other output settings (changed: %s): change them with ipsim sweep --resume %s --format csv|parquet|both", dir, changed, shellArg(dir))
		}
		return fmt.Errorf("ipsim: refusing to %s %s: it was started with another scenario; changed: %s. Use the scenario it was started with (%s), or another folder", what, dir, changed, path)
	}
	if err := setAsideRuns(dir, toml); err != nil {
		return err
	}
	if err := markSuperseded(dir, "sweep", "a sweep started here with --force has not completed: scenario.toml is that sweep's, the tables and charts the earlier results'; finish it with ipsim sweep --resume "+shellArg(dir)); err != nil {
		return err
	}
	return writeFileAtomic(path, toml)
}

// markSuperseded sets the status of dir's manifest.json, if it has one,
// to "superseded" by command by, with note as its note: a sweep or merge started with
// --force writes its scenario.toml and tables before its manifest, so
// until it completes the folder's files are not all those its manifest
// describes, and ipsim plot must not draw them as if they were.
func markSuperseded(dir, by, note string) error {
	path := filepath.Join(dir, manifestName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var m map[string]json.RawMessage
	if err != nil || json.Unmarshal(data, &m) != nil {
		return nil // not ours to mend: removeStale will replace it
	}
	m["status"], _ = json.Marshal(statusSuperseded)
	m["note"], _ = json.Marshal(note)
	m["superseded_by"], _ = json.Marshal(by)
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("ipsim: manifest: %w", err)
	}
	return writeFileAtomic(path, append(out, '\n'))
}

// mergedNoLogs refuses to resume a folder written by ipsim merge whose
// run logs stay in the shard folders (ix is the folder's run index).
func mergedNoLogs(dir string, ix *runIndex) error {
	if ix.done > 0 {
		return nil
	}
	if old, _ := readManifest(dir); old != nil && old.Command == "merge" && !(old.Status == statusSuperseded && supersededBy(old) == "sweep") {
		return fmt.Errorf("ipsim: %s was written by ipsim merge and holds no run logs (they stay in the shard folders): to change its format, merge them again with --format", dir)
	}
	return nil
}

// checkSweepDir is what prepareSweepDir would refuse for a new sweep (not
// a resume) into dir, found without writing anything: --dry-run says it
// rather than estimate a sweep that would not start.
func checkSweepDir(dir string, toml []byte, force, sharded bool) error {
	if force && !sharded { // a shard never starts over
		return nil
	}
	stored, err := os.ReadFile(filepath.Join(dir, "scenario.toml"))
	if err == nil {
		switch {
		case sharded && sameOutcome(stored, toml):
			return nil
		case sameScenario(stored, toml):
			return fmt.Errorf("ipsim: %s already holds this sweep: continue it with --resume %s, or start over with --force", dir, shellArg(dir))
		case sharded:
			return fmt.Errorf("ipsim: refusing to write into %s: it was started with another scenario; changed: %s. Use the scenario it was started with (%s), or another folder", dir, scenarioChanges(stored, toml), filepath.Join(dir, "scenario.toml"))
		case sameOutcome(stored, toml):
			return fmt.Errorf("ipsim: %s already holds this sweep with other output settings (changed: %s): change them with ipsim sweep --resume %s --format csv|parquet|both", dir, scenarioChanges(stored, toml), shellArg(dir))
		}
		return fmt.Errorf("ipsim: refusing to write into %s: it was started with another scenario; changed: %s. Use another folder, or start over with --force", dir, scenarioChanges(stored, toml))
	}
	entries, err := os.ReadDir(dir)
	if err != nil || force {
		return nil // missing: the sweep creates it; unreadable: it says why
	}
	for _, e := range entries {
		if n := e.Name(); n != lockName && !isTempFile(n) && !(sharded && n == runsDir) {
			return fmt.Errorf("ipsim: %s: %w (it holds %s); choose another folder with --out, or write into it with --force", dir, errNotEmpty, n)
		}
	}
	return nil
}

// sameScenario reports whether two resolved scenario files describe the
// same scenario, [output] included: equal but for comments (see
// scenarios.Canonical).
func sameScenario(a, b []byte) bool {
	return bytes.Equal(scenarios.Canonical(a, true), scenarios.Canonical(b, true))
}

// sameOutcome reports whether two resolved scenario files give the same
// results: equal but for comments and their [output] sections.
func sameOutcome(a, b []byte) bool {
	return bytes.Equal(scenarios.Canonical(a, false), scenarios.Canonical(b, false))
}

// replaceOutput returns stored with its [output] section (header and
// comments) replaced by cur's, everything else (the header naming the
// source first resolved) kept.
func replaceOutput(stored, cur []byte) []byte {
	section := func(b []byte) (before, out, after []byte) {
		lines := bytes.SplitAfter(b, []byte("\n"))
		start, end := len(lines), len(lines)
		for i, line := range lines {
			t := bytes.TrimSpace(line)
			switch {
			case bytes.Equal(t, []byte("[output]")):
				start = i
				// its comments come before the header
				for start > 0 && bytes.HasPrefix(bytes.TrimSpace(lines[start-1]), []byte("#")) {
					start--
				}
			case start < len(lines) && i > start && bytes.HasPrefix(t, []byte("[")) && end == len(lines) && !bytes.Equal(t, []byte("[output]")):
				end = i
				for end > start && bytes.HasPrefix(bytes.TrimSpace(lines[end-1]), []byte("#")) {
					end-- // the next section's comments
				}
			}
		}
		return bytes.Join(lines[:start], nil), bytes.Join(lines[start:end], nil), bytes.Join(lines[end:], nil)
	}
	before, _, after := section(stored)
	_, out, _ := section(cur)
	return append(append(append([]byte(nil), before...), out...), after...)
}

// setAsideRuns renames dir/runs to dir/runs.replaced-N (the first free N)
// and copies the folder's scenario.toml into it, so a forced new sweep
// starts empty without losing the old run logs or the scenario that
// explains them. A folder without run logs (a run's results) still has
// its scenario.toml kept there if it is not next, the scenario a sweep or
// merge writes at once, before the earlier tables are replaced (nil: a
// command that writes its scenario last).
func setAsideRuns(dir string, next []byte) error {
	src := filepath.Join(dir, runsDir)
	logs := true
	if _, err := os.Stat(src); errors.Is(err, os.ErrNotExist) {
		logs = false
		if old, err := os.ReadFile(filepath.Join(dir, "scenario.toml")); next == nil || err != nil || sameScenario(old, next) {
			return nil
		}
	}
	if busy := busyLog(dir); logs && busy != "" {
		return fmt.Errorf("ipsim: %s is being written by another ipsim sweep: wait for it or stop it first (--force starts over only in a folder no process is writing)", busy)
	}
	for n := 1; ; n++ {
		dst := fmt.Sprintf("%s.replaced-%d", src, n)
		if _, err := os.Stat(dst); errors.Is(err, os.ErrNotExist) {
			mv := os.Rename
			if !logs {
				mv = func(_, dst string) error { return os.Mkdir(dst, 0o755) }
			}
			if err := mv(src, dst); err != nil {
				return fmt.Errorf("ipsim: %w", err)
			}
			if err := syncDir(dir); err != nil {
				return fmt.Errorf("ipsim: %w", err)
			}
			toml, err := os.ReadFile(filepath.Join(dir, "scenario.toml"))
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			if err == nil {
				err = writeFileAtomic(filepath.Join(dst, "scenario.toml"), toml)
			}
			if err != nil {
				return fmt.Errorf("ipsim: keeping the earlier results' scenario: %w", err)
			}
			return nil
		}
	}
}

// isSweepFolder refuses a folder written by another command than sweep
// or merge (its manifest says which), which cannot be resumed or merged.
func isSweepFolder(dir string) error {
	m, err := readManifest(dir)
	switch {
	case err != nil || m == nil:
		return nil // a sweep folder has no manifest until it completes
	case m.Status == statusSuperseded && (supersededBy(m) == "merge" || supersededBy(m) == "run"):
		return fmt.Errorf("ipsim: %s: %s", dir, m.Note) // a merge or run started over it
	case m.Command == "sweep" || m.Command == "merge" || m.Status == statusSuperseded:
		return nil // a superseded one holds a sweep started with --force
	}
	return fmt.Errorf("ipsim: %s holds the results of ipsim %s, not a sweep: start a sweep in another folder with ipsim sweep FILE --out DIR", dir, m.Command)
}

// finishWrites names what a sweep writes once every run is recorded: no
// charts or report with output.plots = false.
func finishWrites(plots bool) string {
	if plots {
		return "the tables, charts and report"
	}
	return "the tables"
}

// presetNotSweepable refuses a missing file named as a preset (NAME or
// NAME.toml): ipsim sweep takes a file, and scenarios' hints to load the
// name as a preset (as ipsim run does, or LoadPreset) lead nowhere here.
func presetNotSweepable(file string) error {
	if _, err := os.Stat(file); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	name := strings.TrimSuffix(filepath.Base(file), ".toml")
	for _, p := range scenarios.Presets() {
		if p.Name == name {
			return fmt.Errorf("ipsim: %s: no such file; %s is a preset, and ipsim sweep runs the [sweep] section of a file: write one with extends = %q and a [sweep] section (ipsim init writes a starter file with one)", file, name, name)
		}
	}
	return nil
}

// dryRun prints what a sweep would do: runs, estimated time from a short
// calibration run, and memory. report is a shard's record that it is
// complete, "" if it has none.
func dryRun(ctx context.Context, stdout io.Writer, job *sweepJob, runs, recorded, workers int, sharded bool, report string) error {
	d := job.design
	if runs == recorded {
		// nothing left to run: no calibration to time, only the tables
		// (a shard writes none: ipsim merge does)
		fmt.Fprintf(stdout, "runs:      %d of %d in this shard (%s x %s x %s)\n", runs, d.Runs(), plural(len(d.Points), "point"), plural(len(d.ArmNames), "arm"), plural(d.Reps, "replication"))
		then := "the sweep would only write " + finishWrites(job.plots)
		switch {
		case sharded && report != "":
			then = "the shard is complete (" + report + "): it would only record so again"
		case sharded:
			then = "the shard would only record that it is complete"
		}
		fmt.Fprintf(stdout, "to run:    0 (all %d recorded): %s\n", recorded, then)
		return nil
	}
	pr := newPointRunner(job, 1)
	// Calibrate on the first replication of up to five points spread over
	// the design (the first and the last included: swept keys may change
	// the world's size), every arm, until 5 s have passed after the first.
	P := len(d.Points)
	sample := min(P, 5)
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	baseHeap := ms0.HeapAlloc // the program and the design
	// one run first, untimed: the process's first run pays for warming
	// up (page faults, the collector's first cycles), which would make
	// the spread look like the design's
	_, first := d.job(0)
	if _, err := pr.run(ctx, first); err != nil {
		return err
	}
	start := time.Now()
	n, rowBytes := 0, 0
	var perAlloc uint64
	var ran time.Duration // the runs' own time, without ReadMemStats's
	var rows [][]byte     // the calibration's rows, by arm within a point
	slowest, fastest := time.Duration(0), time.Duration(math.MaxInt64)
	for q := 0; q < sample && (q == 0 || time.Since(start) < 5*time.Second); q++ {
		p := 0
		if sample > 1 {
			p = q * (P - 1) / (sample - 1)
		}
		for a := range d.ArmNames {
			_, j := d.job((p*d.Reps)*len(d.ArmNames) + a)
			runtime.ReadMemStats(&ms0)
			t0 := time.Now()
			row, err := pr.run(ctx, j)
			if err != nil {
				return err
			}
			took := time.Since(t0)
			runtime.ReadMemStats(&ms1)
			perAlloc = max(perAlloc, ms1.TotalAlloc-ms0.TotalAlloc) // the largest world's
			slowest, fastest = max(slowest, took), min(fastest, took)
			ran += took
			n++
			rowBytes += len(row) + 20
			rows = append(rows, row)
		}
	}
	// the runs' time alone: ReadMemStats stops the world, which costs as
	// much as a run of a tiny world
	perRun := ran / time.Duration(n)
	// GOMAXPROCS, not NumCPU: the runs in parallel are at most the
	// runtime's, which follows a container's CPU limit (NumCPU gives the
	// node's CPUs: 16 in a container of 2) and the GOMAXPROCS variable
	par := min(workers, runtime.GOMAXPROCS(0))
	todo := runs - recorded
	est := time.Duration(float64(perRun) * float64(todo) / float64(par))
	// the process as the runs left it: probeAssembly's garbage (a point
	// of many replications assembled) is counted below, not here
	res := resident()
	asm, err := probeAssembly(job, rows)
	if err != nil {
		return err
	}
	// Peak memory, resident: the process as it stands (program, runtime,
	// design), plus twice what the sweep keeps alive at once (the
	// collector lets the heap grow to twice the live data): one run's
	// allocations per worker (an upper bound), the assembly's run index
	// (16 bytes per run), the point being assembled (every arm's, metric's
	// and replication's figure, and a summary's copy of one metric's), for
	// sobol and morris one mean per point, arm and metric, and for the
	// charts one metric's rows of points.csv (about 512 bytes per point
	// and arm). A shard runs and writes no tables (ipsim merge does): its
	// peak is the runs' and the index's alone, and the merge's is given
	// apart.
	point := uint64(len(d.ArmNames)*len(job.metrics)+2) * uint64(d.Reps) * 8
	index := uint64(d.Runs()) * 16
	assembly := point
	if d.Method == methodSobol || d.Method == methodMorris {
		assembly += uint64(P*len(d.ArmNames)*len(job.metrics)) * 8
	}
	if job.plots {
		assembly += uint64(P*len(d.ArmNames))*512 + 8<<20 // and the fonts and a chart's canvas
	}
	base := max(res, baseHeap)
	peak := base + 2*(uint64(workers)*perAlloc+index+assembly)
	parquetBytes := uint64(0)
	if fmts, _ := formats(job.format); slices.Contains(fmts, formatParquet) {
		// the Parquet writer: a page buffer per column (parquet-go's
		// default, 256 KiB) and the row group being filled (up to
		// parquetRowGroup rows of 8-byte cells), about three times over
		// as it is encoded and compressed: 15 to 38 MiB for the model's
		// 52 metrics, whatever the number of runs past 16,384 (measured:
		// 18, 23 and 38 MiB more than CSV for 2,000, 10,000 and 40,000
		// runs of a tiny world)
		cols := uint64(len(sweepSchema(d, job.metrics).Fields))
		parquetBytes = cols*parquet.DefaultPageBufferSize + 3*uint64(min(d.Runs(), parquetRowGroup))*cols*8
		peak += parquetBytes
	}
	merge := base + 2*(index+assembly) + parquetBytes
	if sharded {
		// the index of a shard's folder is mostly untouched (a shard
		// records its runs alone), hence not resident: it counts once,
		// for the garbage the collector lets grow in proportion to it
		peak = base + 2*uint64(workers)*perAlloc + index
	}
	fmt.Fprintf(stdout, "runs:      %d of %d in this shard (%s x %s x %s)\n", runs, d.Runs(), plural(len(d.Points), "point"), plural(len(d.ArmNames), "arm"), plural(d.Reps, "replication"))
	if recorded > 0 {
		fmt.Fprintf(stdout, "to run:    %d (%d already recorded)\n", todo, recorded)
	}
	took := roughly(est)
	spread := ""
	if slowest > 2*fastest {
		spread = fmt.Sprintf("; runs took %s to %s: a rough figure", fastest.Round(time.Microsecond), slowest.Round(time.Microsecond))
	}
	tables := ""
	if !sharded { // a shard writes no tables: ipsim merge does
		// one process, after the runs: reading every run back and
		// writing sweep.csv, points.csv and, for sobol and morris,
		// indices.csv; then the charts
		tables = fmt.Sprintf(", then %s writing the tables", roughly(time.Duration(d.Runs())*asm.perRun+time.Duration(P*len(d.ArmNames))*asm.perPointArm+asm.indices))
		if job.plots {
			tables += fmt.Sprintf(" and %s drawing the charts", roughly(time.Duration(asm.chartsPerByte*asm.pointsBytes*float64(P*len(d.ArmNames)))))
		}
	}
	fmt.Fprintf(stdout, "time:      %s on %s%s (calibration: %s at %s spread over the design, %s per run%s; assuming runs scale with min(workers, GOMAXPROCS) = %d)\n",
		took, plural(workers, "worker"), tables, plural(n, "run"), plural(n/len(d.ArmNames), "point"), perRun.Round(time.Microsecond), spread, par)
	extra := ""
	if job.plots {
		extra += ", and about 1 KiB per point and arm for the charts"
	}
	if parquetBytes > 0 {
		extra += fmt.Sprintf(", and %s for the Parquet writer", byteSize(parquetBytes))
	}
	if sharded {
		fmt.Fprintf(stdout, "memory:    about %s peak resident (each worker's run: %s; flat in the number of runs but for 16 bytes per run of the sweep for the index of recorded runs); a shard writes no tables: ipsim merge needs about %s (one point's runs, %s%s)\n",
			byteSize(peak), byteSize(perAlloc), byteSize(merge), byteSize(point), extra)
	} else {
		fmt.Fprintf(stdout, "memory:    about %s peak resident (each worker's run: %s; flat in the number of runs but for 16 bytes per run when assembling, and one point's runs, %s%s)\n",
			byteSize(peak), byteSize(perAlloc), byteSize(point), extra)
	}
	log := fmt.Sprintf("about %s more of run log", byteSize(uint64(rowBytes/n*todo)))
	if sharded {
		fmt.Fprintf(stdout, "disk:      %s (a shard writes no tables)\n", log)
		return nil
	}
	csvBytes := uint64(asm.sweepBytes * float64(d.Runs()))
	pointsBytes := uint64(asm.pointsBytes * float64(P*len(d.ArmNames)))
	var files []string
	fmts, _ := formats(job.format)
	for _, f := range fmts {
		switch f {
		case formatCSV:
			files = append(files, byteSize(csvBytes)+" for sweep.csv")
		case formatParquet:
			// snappy-compressed columns: 37-39% of sweep.csv measured
			files = append(files, "about "+byteSize(csvBytes*2/5)+" for sweep.parquet")
		}
	}
	files = append(files, byteSize(pointsBytes)+" for points.csv (one row per point, arm and metric)")
	fmt.Fprintf(stdout, "disk:      %s, and %s (all %d runs)\n", log, strings.Join(files, ", "), d.Runs())
	return nil
}

// roughly formats an estimated duration: "about 3m20s", "under a second".
func roughly(d time.Duration) string {
	if d < time.Second {
		return "under a second"
	}
	return "about " + d.Round(time.Second).String()
}

// assembly is what writing a sweep's tables costs, per run (reading its
// row back, writing it to sweep.csv) and per point and arm (its rows of
// points.csv), in time and bytes.
type assembly struct {
	perRun, perPointArm     time.Duration
	sweepBytes, pointsBytes float64       // per run, per point and arm
	timedRows               int           // rows parsed and written to time perRun
	indices                 time.Duration // indices.csv: sobol and morris
	chartsPerByte           float64       // the charts' time, in ns per byte of points.csv
}

// chartsPerRead is how many times the charts' time is the reading of
// points.csv that probeAssembly times.
const chartsPerRead = 3

// minTimedRows is the fewest rows probeAssembly parses to time a run's
// share of the tables.
const minTimedRows = 1000

// probeAssembly times the assembly of the tables (finishSweep) on the
// calibration's rows, the arms of each point in order: each row is parsed
// back and written as a sweep.csv row, and made into a point's rows of
// points.csv, as if every replication had given it (with the last digits
// varied, so the means and intervals are as long as real ones).
func probeAssembly(job *sweepJob, rows [][]byte) (assembly, error) {
	d := job.design
	sweepS, pointS := sweepSchema(d, job.metrics), pointsSchema(d)
	first, arms, reps, nm := 4+len(d.Keys), len(d.ArmNames), d.Reps, len(job.metrics)
	parsed := make([][]value, len(rows))
	for i, row := range rows {
		vs, err := parseRow(row, sweepS)
		if err != nil {
			return assembly{}, fmt.Errorf("ipsim: calibration run: %w", err)
		}
		parsed[i] = vs
	}
	var a assembly
	var buf []byte
	x, base := make([]float64, reps), make([]float64, reps)
	prow := make([]value, len(pointS.Fields))
	var sample []byte // the calibration's rows of points.csv, kept once
	keep := true
	pointRows := func(i int) int {
		vs := parsed[i]
		arm := i % arms
		n := 0
		for j := 0; j < nm; j++ {
			for k := range x {
				x[k] = vs[first+j].f * (1 + float64(k)*1e-9)
				base[k] = parsed[i-arm][first+j].f * (1 + float64(k)*1e-9)
			}
			s := sim.Summarize(x)
			e := sim.Summary{Mean: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN()}
			if arm > 0 {
				e = sim.Paired(x, base)
			}
			prow[0], prow[1] = vs[0], vs[1]
			copy(prow[2:], vs[4:first])
			c := 2 + len(d.Keys)
			prow[c], prow[c+1], prow[c+2], prow[c+3], prow[c+4] = sv(job.metrics[j].Name), fv(s.Mean), fv(s.CILow), fv(s.CIHigh), iv(int64(s.N))
			prow[c+5], prow[c+6], prow[c+7], prow[c+8] = fv(e.Mean), fv(e.CILow), fv(e.CIHigh), iv(int64(e.N))
			buf = buf[:0]
			for f, v := range prow {
				if f > 0 {
					buf = append(buf, ',')
				}
				buf = appendCSV(buf, v)
			}
			n += len(buf) + 1
			if keep {
				sample = append(append(sample, buf...), '\n')
			}
		}
		return n
	}
	for i := range parsed {
		a.pointsBytes += float64(pointRows(i))
		buf = buf[:0]
		for f, v := range parsed[i] {
			if f > 0 {
				buf = append(buf, ',')
			}
			buf = appendCSV(buf, v)
		}
		a.sweepBytes += float64(len(buf) + 1)
	}
	keep = false
	a.pointsBytes /= float64(len(rows))
	a.sweepBytes /= float64(len(rows))
	// the charts read points.csv back, every metric's rows, to keep one
	// metric's: that reading is most of their time (200,000 points of
	// one arm: 8.3 s for an 812 MiB points.csv), drawing a few dots more.
	// They take about chartsPerRead times as long as this reading in
	// memory: from a file, keeping a metric's rows, which the collector
	// scans again and again as the others become garbage, and drawing
	// (measured: 2.2 to 3.6 times, for 20,000 and 200,000 points)
	if job.plots && len(sample) > 0 {
		// a file past the processor's caches, as points.csv is: the
		// calibration's few rows, read over and over from a few KiB,
		// went twice as fast
		for len(sample) < 4<<20 {
			sample = append(sample, sample...)
		}
		a.chartsPerByte = float64(perUnit(1, func() int {
			r := csv.NewReader(bytes.NewReader(sample))
			for {
				if _, err := r.Read(); err != nil {
					break
				}
			}
			return len(sample)
		})) * chartsPerRead
	}
	// time each on its own, the rows over at least minTimedRows of them:
	// one row takes microseconds, and timed together with the points
	// (tens of milliseconds each with many replications) the rows were
	// parsed once, cold, which made the tables of 100,000 runs take 3 to
	// 18 s instead of 2
	var perr error
	a.perRun = perUnit(minTimedRows, func() int {
		for _, row := range rows {
			vs, err := parseRow(row, sweepS)
			if err != nil {
				perr = err
			}
			buf = buf[:0]
			for f, v := range vs {
				if f > 0 {
					buf = append(buf, ',')
				}
				buf = appendCSV(buf, v)
			}
		}
		a.timedRows += len(rows)
		return len(rows)
	})
	if perr != nil {
		return assembly{}, perr
	}
	a.perPointArm = perUnit(1, func() int {
		for i := range parsed {
			pointRows(i)
		}
		return len(rows)
	})
	a.indices = probeIndices(d, nm)
	return a, nil
}

// probeIndices estimates the time of indices.csv (sobol and morris; 0
// for the other designs): the bootstrap of every series (arm, outcome and
// metric) over the design's base samples or trajectories, timed on at
// most probeGroups of them and scaled by their number, as its work grows
// with it (the bootstrap resamples them bootReps times).
func probeIndices(d *design, metrics int) time.Duration {
	if d.Method != methodSobol && d.Method != methodMorris {
		return 0
	}
	k, size := len(d.Keys), d.Group // a base sample's or a trajectory's points
	groups := len(d.Points) / size
	g := min(groups, probeGroups)
	if g == 0 {
		return 0
	}
	rng := sim.NewRand(1, 1)
	y := make([]float64, g*size)
	for i := range y {
		y[i] = rng.Float64()
	}
	series := (2*len(d.ArmNames) - 1) * metrics
	one := perUnit(1, func() int {
		if d.Method == methodSobol {
			sim.SobolIndices(y, k, bootReps, rng)
		} else {
			sim.MorrisIndices(d.Coords[:g*size], y, bootReps, rng)
		}
		return 1
	})
	return time.Duration(float64(one) * float64(groups) / float64(g) * float64(series))
}

// perUnit times f, which does some units of work and returns how many,
// in batches of at least 2 ms, five of them or as many as 50 ms allow but
// at least three (and min units in all), and returns the fastest batch's
// time per unit: on a busy machine a batch can lose the processor for a
// time slice or wait for the collector, which a mean over a few
// milliseconds counted as the work's (the tables of one design were
// estimated at 6 to 50 s from one dry run to the next; 6 to 8 s now, for
// 8 s measured).
func perUnit(min int, f func() int) time.Duration {
	var per []float64
	var total time.Duration
	units := 0
	for len(per) < 3 || units < min || len(per) < 5 && total < 50*time.Millisecond {
		var took time.Duration
		n := 0
		for n == 0 || took < 2*time.Millisecond {
			t0 := time.Now()
			n += f()
			took += time.Since(t0)
		}
		total += took
		units += n
		per = append(per, float64(took)/float64(n))
	}
	return time.Duration(slices.Min(per))
}

// probeGroups is the most base samples or trajectories probeIndices
// times the indices on.
const probeGroups = 200

// resident is the process's resident memory in bytes (Linux: from
// /proc/self/statm), or what the Go runtime has taken from the system
// elsewhere.
func resident() uint64 {
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			if pages, err := strconv.ParseUint(f[1], 10, 64); err == nil {
				return pages * uint64(os.Getpagesize())
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Sys
}

// byteSize formats n bytes as KiB, MiB or GiB.
func byteSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
