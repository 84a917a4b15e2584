package main

// ipsim merge OUT DIR...: combine the run logs of a sweep's shards into
// the results folder a single-machine sweep writes, byte for byte (but for
// manifest.json, which says when and how it was made). Every DIR must hold
// the same scenario.toml and logs of the same design; every run of the
// sweep must be recorded in one of them. The folders may be the shards'
// own folders or one folder they shared.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ipsim/ipsim/scenarios"
)

func init() {
	register(command{
		name:    "merge",
		summary: "combine the shards of a sweep into one results folder, identical to a single-machine sweep",
		usage:   "ipsim merge OUT DIR... [--force] [--quiet] [--format csv|parquet|both]",
		run:     runMerge,
	})
}

func runMerge(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["merge"], stdout)
	force := fs.Bool("force", false, "write into a non-empty OUT (files are replaced once the new ones are complete; its scenario.toml at once, the old one kept in runs.replaced-N with any run logs)")
	quiet := fs.Bool("quiet", false, "no messages on stderr")
	format := fs.String("format", "", "format of sweep.csv: csv, parquet or both (default: the sweep's output.format)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usageError("merge needs a results folder and at least one shard folder: ipsim merge OUT DIR...")
	}
	out, dirs := pos[0], pos[1:]
	// a folder given twice (under one name or two) is read once: its runs
	// would count once anyway, but the user probably meant another shard
	var seen []os.FileInfo
	unique := dirs[:0:0]
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err == nil && slices.ContainsFunc(seen, func(s os.FileInfo) bool { return os.SameFile(s, st) }) {
			if !*quiet {
				fmt.Fprintf(stderr, "ipsim: warning: %s is given twice; it is read once (did you mean another shard's folder?)\n", dir)
			}
			continue
		}
		if err == nil {
			seen = append(seen, st)
		}
		unique = append(unique, dir)
	}
	dirs = unique
	var toml []byte
	for i, dir := range dirs {
		if err := isSweepFolder(dir); err != nil {
			return err
		}
		if m, _ := readManifest(dir); m != nil && m.Command == "merge" {
			if logs, _ := filepath.Glob(filepath.Join(dir, runsDir, "shard-*.log")); len(logs) == 0 {
				return fmt.Errorf("ipsim: %s was written by ipsim merge and holds no run logs (they stay in the shard folders): merge those folders", dir)
			}
		}
		b, err := os.ReadFile(filepath.Join(dir, "scenario.toml"))
		if err != nil {
			return fmt.Errorf("ipsim: %s is not a sweep folder: %w", dir, err)
		}
		if i == 0 {
			toml = b
			continue
		}
		if !sameOutcome(b, toml) { // [output] may differ: the first folder's is kept
			if h := logsDesign(dir); h != "" && h == logsDesign(dirs[0]) {
				// the logs agree: a scenario.toml, not the sweep, differs
				var bad []string
				for _, d := range []string{dirs[0], dir} {
					if folderDesign(d) != h {
						bad = append(bad, filepath.Join(d, "scenario.toml"))
					}
				}
				if len(bad) > 0 {
					return fmt.Errorf("ipsim: %s and %s hold run logs of the same sweep (design %.12s) but different scenario.toml files (changed: %s): %s was damaged or replaced (copied back partially?); put the scenario the sweep was started with back, and merge again",
						dirs[0], dir, h, scenarioChanges(toml, b), strings.Join(bad, " or "))
				}
			}
			return fmt.Errorf("ipsim: %s and %s hold different sweeps; changed: %s", dirs[0], dir, scenarioChanges(toml, b))
		}
	}
	sc, err := scenarios.Load(filepath.Join(dirs[0], "scenario.toml"))
	if err != nil {
		return err
	}
	if *format == "" {
		*format = sc.Output.Format
	}
	if _, err := formats(*format); err != nil {
		return usageError("--format = %q: must be one of csv, parquet, both", *format)
	}
	job, err := prepareSweepScenario(sc, *format)
	if err != nil {
		return err
	}
	// --format changes [output] alone, which changes no run
	if !sameOutcome(job.toml, toml) {
		return fmt.Errorf("ipsim: %s: the scenario does not read back identically (changed: %s); was it written by another ipsim version?",
			filepath.Join(dirs[0], "scenario.toml"), scenarioChanges(toml, job.toml))
	}
	job.toml = replaceOutput(toml, job.toml)
	d := job.design
	ix, err := loadRuns(dirs, d.Hash, d.Runs())
	if err != nil {
		return logsNotScenario(err, dirs, d.Hash)
	}
	bs, err := readBuilds(dirs)
	if err != nil {
		return err
	}
	warning, err := checkBuilds(bs)
	if err != nil {
		return err
	}
	if warning != "" && !*quiet {
		fmt.Fprintln(stderr, warning)
	}
	if some, n := ix.missing(5); n > 0 {
		shards := "the missing shards"
		if names := ix.missingShards(); names != "" {
			shards = "shards " + names + " (--shard i/n; a rerun skips what it recorded)"
		}
		return fmt.Errorf("ipsim: incomplete sweep: %d of %d runs are not recorded in %s (first missing: %s); run %s (or ipsim sweep --resume) and merge again",
			n, d.Runs(), strings.Join(dirs, ", "), runList(some), shards)
	}
	inPlace := false
	for _, dir := range dirs {
		if sameDir(dir, out) {
			inPlace = true // merging a shared folder into itself: the logs stay, the tables are added
		}
	}
	if inPlace && len(dirs) > 1 {
		// one shard's folder of several: its tables would stand beside a
		// part of the logs, and a --resume there would run the rest again
		own, err := loadRuns([]string{out}, d.Hash, d.Runs())
		if err != nil {
			return logsNotScenario(err, []string{out}, d.Hash)
		}
		if _, n := own.missing(0); n > 0 {
			return fmt.Errorf("ipsim: %s is one of the folders merged, and its run logs hold %d of the %d runs: merge into another folder (a folder whose logs hold every run, one the shards shared, may be merged into itself)", out, d.Runs()-n, d.Runs())
		}
	}
	unlock, err := createAndLock(out, ", or merge into another folder")
	if err != nil {
		return err
	}
	defer unlock()
	again := interruptedMerge(out, job.sc.Hash(), job.toml)
	if err := prepareDir(out, *force || inPlace || again); errors.Is(err, errNotEmpty) {
		return fmt.Errorf("ipsim: %s is not empty: merge into another folder, or replace its results with --force", out)
	} else if err != nil {
		return err
	}
	if !inPlace {
		// run logs left in OUT by another sweep would make a later
		// --resume of it refuse: they are kept aside, as sweep --force does
		if err := setAsideRuns(out, job.toml); err != nil {
			return err
		}
	}
	if !inPlace && !again {
		// --force over other results: their manifest no longer describes
		// the folder until this merge's is written
		if err := markSuperseded(out, "merge", "a merge started here with --force has not completed: some files are the merge's, the others the earlier results'; run the merge again"); err != nil {
			return err
		}
	}
	if !*quiet {
		fmt.Fprintf(stderr, "ipsim: merging %d runs of %d logs into %s\n", d.Runs(), len(ix.files), out)
	}
	m := newManifest("merge", args)
	m.Workers = 0
	if err := finishSweep(ctx, out, job, ix, m, stderr); err != nil {
		if ctx.Err() != nil && !errors.Is(err, errInterrupted) {
			// stopped building the tables (the charts say so themselves)
			return fmt.Errorf("%w while writing the tables; the shard folders are unchanged: run the merge again", errInterrupted)
		}
		return err
	}
	fmt.Fprintf(stdout, "merged: %d runs; results: %s\n", d.Runs(), out)
	return nil
}

// interruptedMerge reports whether out holds what a merge of the sweep
// with scenario hash hash (and resolved file toml) left when stopped, so
// that the same command run again completes it (as a scheduler's retry
// does) instead of asking for --force: the manifest of that merge
// (written before the charts), or, before the manifest, this sweep's
// scenario.toml (written first) and only other files a merge writes.
func interruptedMerge(out, hash string, toml []byte) bool {
	if m, err := readManifest(out); err != nil || m != nil {
		return err == nil && m.Command == "merge" && m.ScenarioHash == hash
	}
	if stored, err := os.ReadFile(filepath.Join(out, "scenario.toml")); err != nil || !sameOutcome(stored, toml) {
		return false
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return false
	}
	for _, e := range entries {
		switch n := e.Name(); {
		case n == lockName || isTempFile(n):
		case slices.Contains([]string{"sweep.csv", "sweep.parquet", "points.csv", "indices.csv", "columns.csv", "scenario.toml", "report.html"}, n):
		case n == "charts" && e.IsDir():
		default:
			return false
		}
	}
	return true
}

// runList formats run indices "3, 7, 11".
func runList(rs []int) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = fmt.Sprint(r)
	}
	return strings.Join(s, ", ")
}

// sameDir reports whether a and b name the same folder, however written
// (relative or absolute, through a symbolic link).
func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	if absA, err := filepath.Abs(a); err == nil {
		if absB, err := filepath.Abs(b); err == nil && absA == absB {
			return true // neither need exist yet
		}
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// folderDesign is the design hash of the sweep dir's scenario.toml
// describes, "" if it describes none.
func folderDesign(dir string) string {
	sc, err := scenarios.Load(filepath.Join(dir, "scenario.toml"))
	if err != nil {
		return ""
	}
	job, err := prepareSweepScenario(sc, "")
	if err != nil {
		return ""
	}
	return job.design.Hash
}
