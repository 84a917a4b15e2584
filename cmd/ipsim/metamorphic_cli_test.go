package main

// Metamorphic tests of the command line: two invocations that the docs
// say must give the same results (an arm's rows whatever the other arms,
// the first replications of a longer run, a scenario written three ways,
// a sweep point and ipsim run at its values) are compared byte for byte,
// row by row.

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// writeScenario writes text to NAME in a temporary folder and returns its
// path.
func writeScenario(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// rowsWhere returns the header and the rows of a CSV file whose column
// col keep accepts.
func rowsWhere(t *testing.T, path string, col int, keep func(string) bool) [][]string {
	t.Helper()
	recs := readCSV(t, path)
	out := [][]string{recs[0]}
	for _, r := range recs[1:] {
		if keep(r[col]) {
			out = append(out, r)
		}
	}
	return out
}

func sameRows(a, b [][]string) bool {
	return slices.EqualFunc(a, b, func(x, y []string) bool { return slices.Equal(x, y) })
}

// An arm's rows depend on its own parameters and the replication's seed
// only: dropping an arm, reordering the arms or adding one leaves every
// row of the others as it was (README: all arms of a replication share
// its seed; sim.Plan derives it from the replication alone). effects.csv
// rows stay too while the first arm, their baseline, is the same.
func TestArmRowsDoNotDependOnOtherArms(t *testing.T) {
	root := t.TempDir()
	base := filepath.Join(root, "base")
	mustRun(t, tinyArgs(base)...) // coordinated_autonomy, centralized, laissez_faire
	// A file that extends default merges its [[arm]] entries with
	// default's by name, so each variant lists its arms without it (the
	// world is tinyArgs' --set, as in base).
	arms := func(names ...string) string {
		var b strings.Builder
		for _, n := range names {
			b.WriteString("[[arm]]\nname = \"" + n + "\"\npreset = \"" + n + "\"\n")
		}
		return b.String()
	}
	variants := map[string]string{
		"reordered, one dropped": arms("laissez_faire", "coordinated_autonomy"),
		"one added":              arms("coordinated_autonomy", "centralized", "laissez_faire", "centralized_money"),
	}
	for name, text := range variants {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(root, strings.ReplaceAll(name, " ", "_"))
			mustRun(t, tinyArgs(out, writeScenario(t, "arms.toml", text))...)
			armsOut := readManifestT(t, out).Arms
			for _, arm := range armsOut {
				if arm == "centralized_money" {
					continue
				}
				is := func(s string) bool { return s == arm }
				for _, f := range []string{"steps.csv", "events.csv", "documents.csv", "summary.csv"} {
					a, b := rowsWhere(t, filepath.Join(base, f), 0, is), rowsWhere(t, filepath.Join(out, f), 0, is)
					if len(a) < 2 || !sameRows(a, b) {
						t.Errorf("%s: arm %s's rows (%d) differ from its rows (%d) in the run of the default arms", f, arm, len(b)-1, len(a)-1)
					}
				}
				if armsOut[0] == "coordinated_autonomy" && arm != armsOut[0] {
					a, b := rowsWhere(t, filepath.Join(base, "effects.csv"), 0, is), rowsWhere(t, filepath.Join(out, "effects.csv"), 0, is)
					if len(a) < 2 || !sameRows(a, b) {
						t.Errorf("effects.csv: arm %s's paired effects differ with the same baseline", arm)
					}
				}
			}
		})
	}
}

// The first N replications of a run of more are the run of N, row by
// row, whatever the worker count: replication r's seed is Seed(master, r).
func TestReplicationsArePrefix(t *testing.T) {
	root := t.TempDir()
	args := func(out, reps, workers string) []string {
		return []string{"run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3", "--set", "run.steps=24",
			"--reps", reps, "--workers", workers, "--out", out, "--quiet", "--no-plots"}
	}
	two, four := filepath.Join(root, "two"), filepath.Join(root, "four")
	mustRun(t, args(two, "2", "2")...)
	mustRun(t, args(four, "4", "1")...)
	first2 := func(s string) bool { return s == "0" || s == "1" }
	for _, f := range []string{"steps.csv", "events.csv", "documents.csv"} {
		a, b := readCSV(t, filepath.Join(two, f)), rowsWhere(t, filepath.Join(four, f), 1, first2)
		if len(a) < 2 || !sameRows(a, b) {
			t.Errorf("%s: the first 2 replications of --reps 4 (%d rows) are not the run of --reps 2 (%d rows)", f, len(b)-1, len(a)-1)
		}
	}
}

// One scenario written three ways runs the same, with the same hash: a
// file that extends default and sets nothing else and --preset default;
// a key under [policy], the same key under every arm's [arm.policy], and
// --set. An event with only a label changes nothing but its own rows of
// events.csv.
func TestScenarioFormsAgree(t *testing.T) {
	root := t.TempDir()
	results := []string{"steps.csv", "events.csv", "documents.csv", "summary.csv", "effects.csv"}
	same := func(t *testing.T, a, b string) {
		t.Helper()
		sameFiles(t, a, b, results)
		if ha, hb := readManifestT(t, a).ScenarioHash, readManifestT(t, b).ScenarioHash; ha != hb {
			t.Errorf("scenario hashes %s and %s differ", ha, hb)
		}
	}
	preset, extends := filepath.Join(root, "preset"), filepath.Join(root, "extends")
	mustRun(t, tinyArgs(preset, "--preset", "default")...)
	mustRun(t, tinyArgs(extends, writeScenario(t, "ext.toml", "extends = \"default\"\n"))...)
	same(t, preset, extends)

	set, shared, perArm := filepath.Join(root, "set"), filepath.Join(root, "shared"), filepath.Join(root, "per_arm")
	mustRun(t, tinyArgs(set, "--set", "policy.career_concern=0.7")...)
	mustRun(t, tinyArgs(shared, writeScenario(t, "shared.toml", "extends = \"default\"\n[policy]\ncareer_concern = 0.7\n"))...)
	var b strings.Builder
	b.WriteString("extends = \"default\"\n")
	for _, arm := range []string{"coordinated_autonomy", "centralized", "laissez_faire"} {
		b.WriteString("[[arm]]\nname = \"" + arm + "\"\n[arm.policy]\ncareer_concern = 0.7\n")
	}
	mustRun(t, tinyArgs(perArm, writeScenario(t, "per_arm.toml", b.String()))...)
	same(t, set, shared)
	same(t, set, perArm)
	if x, y := readCSV(t, filepath.Join(set, "steps.csv")), readCSV(t, filepath.Join(preset, "steps.csv")); sameRows(x, y) {
		t.Error("career_concern = 0.7 changed nothing: the comparison above proves nothing")
	}

	marked := filepath.Join(root, "marked")
	mustRun(t, tinyArgs(marked, writeScenario(t, "mark.toml", "extends = \"default\"\n[[event]]\nyear = 2003\nlabel = \"mark\"\n"))...)
	sameFiles(t, preset, marked, []string{"steps.csv", "documents.csv", "summary.csv", "effects.csv"})
	notMarker := func(kind string) bool { return kind != "scenario_event" }
	if a, b := readCSV(t, filepath.Join(preset, "events.csv")), rowsWhere(t, filepath.Join(marked, "events.csv"), 4, notMarker); !sameRows(a, b) {
		t.Error("events.csv: a label-only event changed rows other than its own")
	}
	if n := len(readCSV(t, filepath.Join(marked, "events.csv"))) - len(readCSV(t, filepath.Join(preset, "events.csv"))); n != 3*tinyReps {
		t.Errorf("a label-only event added %d rows to events.csv, want one per arm and replication (%d)", n, 3*tinyReps)
	}
}

// A sweep point is ipsim run at the point's values (README, Sweep):
// replication r of point p has the seed of run replication p x
// replications + r, so point 0's points.csv rows are ipsim run's
// summary.csv and effects.csv, and every sweep.csv row is the per-run
// figure of that run replication's steps.csv rows, bit for bit.
func TestSweepPointIsARun(t *testing.T) {
	root := t.TempDir()
	file := sweepFile(t, "sweep_grid.toml") // 3 x 2 points, 2 replications, seed 7
	sw := filepath.Join(root, "sweep")
	mustRun(t, "sweep", file, "--out", sw, "--quiet")
	const reps = 2
	runAt := func(out string, point int, het, autonomy string) {
		mustRun(t, "run", file, "--set", "world.heterogeneity="+het, "--set", "arm.coordinated_autonomy.policy.autonomy="+autonomy,
			"--reps", strconv.Itoa((point+1)*reps), "--out", out, "--quiet", "--no-plots")
	}
	p0, p3 := filepath.Join(root, "p0"), filepath.Join(root, "p3")
	runAt(p0, 0, "0.0", "0.5") // the first values of each key
	runAt(p3, 3, "0.5", "1.0") // heterogeneity varies slowest

	// point 0: points.csv is summary.csv and effects.csv
	summary, effects := map[string][]string{}, map[string][]string{}
	for _, r := range readCSV(t, filepath.Join(p0, "summary.csv"))[1:] {
		summary[r[0]+"/"+r[1]] = r[2:] // mean, sd, ci_low, ci_high, n
	}
	for _, r := range readCSV(t, filepath.Join(p0, "effects.csv"))[1:] {
		effects[r[0]+"/"+r[2]] = r[3:] // mean_diff, ci_low, ci_high, n
	}
	points := readCSV(t, filepath.Join(sw, "points.csv"))
	checked := 0
	for _, r := range points[1:] { // point, arm, 2 keys, metric, mean, ci_low, ci_high, n, effect_mean, effect_ci_low, effect_ci_high, effect_n
		if r[0] != "0" {
			continue
		}
		key := r[1] + "/" + r[4]
		s := summary[key]
		if s == nil || r[5] != s[0] || r[6] != s[2] || r[7] != s[3] || r[8] != s[4] {
			t.Errorf("point 0 %s: points.csv %v, summary.csv %v", key, r[5:9], s)
		}
		if e := effects[key]; e != nil && !slices.Equal(r[9:13], e) {
			t.Errorf("point 0 %s: points.csv effect %v, effects.csv %v", key, r[9:13], e)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no point 0 row in points.csv")
	}

	// point 3: each sweep.csv row is its run replication's figures
	steps := readCSV(t, filepath.Join(p3, "steps.csv"))
	sweep := readCSV(t, filepath.Join(sw, "sweep.csv"))
	metrics := modelMetrics()
	col := map[string]int{}
	for j, c := range sweep[0] {
		col[c] = j
	}
	scol := map[string]int{}
	for j, c := range steps[0] {
		scol[c] = j
	}
	parse := func(s string) float64 {
		if s == "" {
			return math.NaN()
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	rows := 0
	for _, r := range sweep[1:] {
		if r[0] != "3" {
			continue
		}
		rep, _ := strconv.Atoi(r[2])
		runRep := strconv.Itoa(3*reps + rep)
		var run [][]string
		for _, s := range steps[1:] {
			if s[0] == r[1] && s[1] == runRep {
				run = append(run, s)
			}
		}
		if len(run) == 0 || run[0][2] != r[3] {
			t.Fatalf("point 3 %s replication %d: seed %s, want run replication %s's (%d rows)", r[1], rep, r[3], runRep, len(run))
		}
		for _, m := range metrics {
			xs := make([]float64, len(run))
			for i, s := range run {
				xs[i] = parse(s[scol[m.Name]])
			}
			want, got := m.Summary.Reduce(xs, 4), parse(r[col[m.Name]])
			if !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("point 3 %s replication %d %s: sweep.csv %v, run replication %s gives %v", r[1], rep, m.Name, got, runRep, want)
			}
		}
		rows++
	}
	if rows != 2*reps {
		t.Errorf("%d sweep.csv rows at point 3, want %d", rows, 2*reps)
	}
}

// ipsim plot DIR re-draws a run's folder as the run drew it: every chart,
// report.html and manifest.json byte for byte (README, The results
// folder). A sweep's report differs by design: the sweep draws it
// without manifest.json, so that a merge gives the same one, and ipsim
// plot shows it.
func TestPlotRedrawsTheRunsFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, "run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3", "--set", "run.steps=8",
		"--reps", "2", "--out", dir, "--quiet")
	drawn := func() map[string][]byte {
		files := folderFiles(t, filepath.Join(dir, "charts"))
		for _, f := range []string{"report.html", manifestName} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			files[f] = b
		}
		return files
	}
	before := drawn()
	mustRun(t, "plot", dir, "--quiet")
	after := drawn()
	if len(before) < 10 || len(after) != len(before) {
		t.Fatalf("%d files drawn by the run, %d by ipsim plot", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s differs between the run's drawing and ipsim plot's", name)
		}
	}
}
