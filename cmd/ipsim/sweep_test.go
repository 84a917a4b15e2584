package main

// End-to-end tests of ipsim sweep and ipsim merge on tiny worlds: results
// must not depend on the worker count, the shard split or an interruption
// (SIGKILL included), and a changed scenario must not be mixed with an
// earlier sweep's runs.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// sweepFile copies testdata/NAME into a temporary folder, applying
// old/new string replacements, and returns its path.
func sweepFile(t *testing.T, name string, replace ...string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(s, replace[i]) {
			t.Fatalf("%s has no %q to replace", name, replace[i])
		}
		s = strings.ReplaceAll(s, replace[i], replace[i+1])
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// resultFiles reads every file of a sweep folder that must be identical
// between two sweeps of the same scenario: all but the run logs (whose
// lines are in completion order) and manifest.json (times, command line).
func resultFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			if strings.HasPrefix(rel, runsDir) {
				return filepath.SkipDir
			}
			return nil
		}
		if rel == manifestName {
			return nil
		}
		data, err := os.ReadFile(path)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameResults fails unless two sweep folders hold byte-identical results.
func sameResults(t *testing.T, a, b string) {
	t.Helper()
	fa, fb := resultFiles(t, a), resultFiles(t, b)
	for name, da := range fa {
		db, ok := fb[name]
		switch {
		case !ok:
			t.Errorf("%s: in %s only", name, a)
		case !bytes.Equal(da, db):
			t.Errorf("%s differs between %s and %s", name, a, b)
		}
	}
	for name := range fb {
		if _, ok := fa[name]; !ok {
			t.Errorf("%s: in %s only", name, b)
		}
	}
	for _, want := range []string{"sweep.csv", "points.csv", "columns.csv", "scenario.toml"} {
		if _, ok := fa[want]; !ok {
			t.Errorf("%s: no %s", a, want)
		}
	}
}

func TestSweepWritesTables(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", out, "--quiet")

	sweep := readCSV(t, filepath.Join(out, "sweep.csv"))
	// The second key's name, 40 characters, drops the section and the
	// arm_ prefix to stay within Stata's 32.
	const autonomy = "coordinated_autonomy_autonomy"
	head := []string{"point", "arm", "replication", "seed", "world_heterogeneity", autonomy}
	if got := sweep[0][:len(head)]; strings.Join(got, ",") != strings.Join(head, ",") {
		t.Errorf("sweep.csv header starts %v, want %v", got, head)
	}
	// 6 points x 2 arms x 2 replications.
	if len(sweep)-1 != 24 {
		t.Fatalf("sweep.csv has %d rows, want 24", len(sweep)-1)
	}
	// Row r is run r: point-major, then replication, then arm; arms of a
	// replication share a seed, replications and points do not.
	seeds := map[string]string{}
	for r, rec := range sweep[1:] {
		point, rep, arm := r/4, (r/2)%2, r%2
		if rec[0] != itoa(point) || rec[2] != itoa(rep) || rec[1] != []string{"centralized", "coordinated_autonomy"}[arm] {
			t.Fatalf("row %d = %v, want point %d, replication %d, arm %d", r, rec[:4], point, rep, arm)
		}
		key := rec[0] + "/" + rec[2]
		if s, ok := seeds[key]; ok && s != rec[3] {
			t.Errorf("point/replication %s: arms have seeds %s and %s, want one", key, s, rec[3])
		}
		seeds[key] = rec[3]
	}
	distinct := map[string]bool{}
	for _, s := range seeds {
		distinct[s] = true
	}
	if len(distinct) != 12 {
		t.Errorf("%d distinct seeds over 12 point/replication pairs", len(distinct))
	}
	// Grid order: heterogeneity slowest.
	if sweep[1][4] != "0" || sweep[1][5] != "0.5" || sweep[5][5] != "1" || sweep[9][4] != "0.5" {
		t.Errorf("grid order wrong: rows 1, 5, 9 = %v, %v, %v", sweep[1][:6], sweep[5][:6], sweep[9][:6])
	}

	points := readCSV(t, filepath.Join(out, "points.csv"))
	wantPoints := []string{"point", "arm", "world_heterogeneity", autonomy, "metric", "mean", "ci_low", "ci_high", "n", "effect_mean", "effect_ci_low", "effect_ci_high", "effect_n"}
	if strings.Join(points[0], ",") != strings.Join(wantPoints, ",") {
		t.Errorf("points.csv header = %v, want %v", points[0], wantPoints)
	}
	metrics := len(sweep[0]) - 6
	if len(points)-1 != 6*2*metrics {
		t.Errorf("points.csv has %d rows, want 6 points x 2 arms x %d metrics", len(points)-1, metrics)
	}
	// effect_n counts the pairs: 0 for the first arm, the replications
	// with both values defined for the second
	for _, r := range points[1:] {
		if n, en := r[8], r[12]; r[1] == "centralized" && en != "0" || r[1] != "centralized" && en != n && r[9] != "" {
			t.Errorf("points.csv row %v: effect_n %s with n %s", r[:5], en, n)
			break
		}
	}
	checkPointsFromRuns(t, sweep, points, 2)
	cols := readCSV(t, filepath.Join(out, "columns.csv"))
	found := false
	for _, c := range cols {
		if c[0] == "sweep.csv" && c[1] == autonomy {
			found = strings.Contains(c[3], "arm.coordinated_autonomy.policy.autonomy")
		}
	}
	if !found {
		t.Errorf("columns.csv does not map %s to its key", autonomy)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestSweepWorkersDoNotChangeResults(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	one, four := filepath.Join(t.TempDir(), "w1"), filepath.Join(t.TempDir(), "w4")
	mustRun(t, "sweep", file, "--out", one, "--workers", "1", "--quiet")
	mustRun(t, "sweep", file, "--out", four, "--workers", "4", "--quiet")
	sameResults(t, one, four)
}

func TestSweepShardsMerge(t *testing.T) {
	// Charts on: they too must come out identical.
	file := sweepFile(t, "sweep_grid.toml", "plots = false", "plots = true")
	tmp := t.TempDir()
	single := filepath.Join(tmp, "single")
	mustRun(t, "sweep", file, "--out", single, "--quiet", "--format", "both")

	var parts []string
	for i := 0; i < 3; i++ {
		part := filepath.Join(tmp, "part"+itoa(i))
		o, _ := mustRun(t, "sweep", file, "--out", part, "--shard", itoa(i)+"/3", "--quiet", "--format", "both")
		if !strings.Contains(o, "shard "+itoa(i)+"/3 complete") {
			t.Errorf("shard %d said %q", i, o)
		}
		if _, err := os.Stat(filepath.Join(part, "sweep.csv")); err == nil {
			t.Errorf("shard %d wrote sweep.csv: shards leave the assembly to merge", i)
		}
		parts = append(parts, part)
	}
	// Merging two of three shards is refused.
	_, _, err := runCLI(t, append([]string{"merge", filepath.Join(tmp, "partial")}, parts[:2]...)...)
	if err == nil || !strings.Contains(err.Error(), "incomplete sweep: 8 of 24 runs") || !strings.Contains(err.Error(), "run shards 2/3 (--shard i/n") {
		t.Errorf("merge of 2 of 3 shards: %v, want incomplete sweep: 8 of 24 runs, naming shard 2/3", err)
	}
	merged := filepath.Join(tmp, "merged")
	// not into a folder another process is writing
	unlock := holdFolder(t, merged)
	_, _, err = runCLI(t, append([]string{"merge", merged}, parts...)...)
	if err == nil || !strings.Contains(err.Error(), "is being written by another ipsim process") {
		t.Errorf("merge into a folder in use: %v, want a refusal", err)
	}
	unlock()
	mustRun(t, append([]string{"merge", merged}, parts...)...)
	sameResults(t, single, merged)
	if _, err := os.Stat(filepath.Join(merged, "charts")); err != nil {
		t.Errorf("no charts in the merged folder: %v", err)
	}
	// A merge stopped before its manifest (as SIGKILL leaves it: some
	// tables, a temporary file) completes when the same command runs
	// again, as a scheduler's retry runs it; so does one stopped while
	// drawing, after its manifest.
	for _, f := range []string{manifestName, "report.html", "indices.csv"} {
		os.Remove(filepath.Join(merged, f))
	}
	if err := os.WriteFile(filepath.Join(merged, ".points.csv.tmp-123"), []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, append([]string{"merge", merged}, parts...)...)
	sameResults(t, single, merged)
	mustRun(t, append([]string{"merge", merged}, parts...)...)
	// merge --force over another sweep's folder that fails before its
	// manifest leaves that sweep's manifest marked superseded, and
	// ipsim plot refuses the mixed folder
	other := filepath.Join(tmp, "other")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml", "seed = 7", "seed = 8"), "--out", other, "--quiet")
	os.Remove(filepath.Join(other, "points.csv"))
	if err := os.MkdirAll(filepath.Join(other, "points.csv", "x"), 0o755); err != nil { // a table that cannot be replaced
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, append([]string{"merge", other, "--force"}, parts...)...); err == nil {
		t.Fatal("merge replaced a folder over a table it cannot write")
	}
	if m := readManifestT(t, other); m.Status != statusSuperseded {
		t.Errorf("manifest status %q after a failed merge --force, want %q", m.Status, statusSuperseded)
	}
	if _, _, err := runCLI(t, "plot", other, "--quiet"); err == nil || !strings.Contains(err.Error(), "run the merge again") {
		t.Errorf("plot of a folder a merge --force left half-written: %v, want a refusal", err)
	}
	// and a resume there would run the whole sweep again: refused, saying why
	if _, _, err := runCLI(t, "sweep", "--resume", other, "--quiet"); err == nil || !strings.Contains(err.Error(), "run the merge again") {
		t.Errorf("resume of a folder a merge --force left half-written: %v, want the merge's advice", err)
	}
	// but not over a folder holding another scenario (a user's file)
	own := filepath.Join(tmp, "own")
	if err := os.MkdirAll(own, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(own, "scenario.toml"), []byte("extends = \"default\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, append([]string{"merge", own}, parts...)...); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("merge into a folder holding a user's scenario.toml: %v, want a refusal", err)
	}
	// nor over another file
	if err := os.WriteFile(filepath.Join(merged, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(merged, manifestName))
	if _, _, err := runCLI(t, append([]string{"merge", merged}, parts...)...); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("merge into a folder with another file: %v, want a refusal", err)
	}

	// Shards sharing one folder (a cluster's shared file system), started
	// through the scheduler's environment.
	shared := filepath.Join(tmp, "shared")
	for i := 0; i < 3; i++ {
		t.Setenv("JOB_COMPLETION_INDEX", itoa(i))
		t.Setenv("IPSIM_SHARDS", "3")
		_, e := mustRun(t, "sweep", file, "--out", shared, "--format", "both")
		if !strings.Contains(e, "JOB_COMPLETION_INDEX="+itoa(i)) {
			t.Errorf("shard %d did not say where its index came from: %q", i, e)
		}
	}
	os.Unsetenv("JOB_COMPLETION_INDEX")
	os.Unsetenv("IPSIM_SHARDS")
	merged2 := filepath.Join(tmp, "merged2")
	mustRun(t, "merge", merged2, shared)
	sameResults(t, single, merged2)
}

// A sweep does not write its tables into a folder that another process
// (ipsim plot, a merge) holds: its runs stay recorded, and --resume
// finishes it.
func TestSweepFinishWaitsForFolder(t *testing.T) {
	// one that another process holds when the sweep starts is refused at once
	held := filepath.Join(t.TempDir(), "held")
	release := holdFolder(t, held)
	_, _, err := runCLI(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", held, "--quiet")
	release()
	if err == nil || !strings.Contains(err.Error(), "is being written by another ipsim process") {
		t.Errorf("sweep into a folder held at its start: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(held, runsDir)); err == nil {
		t.Errorf("a refused sweep wrote its run logs")
	}
	out := filepath.Join(t.TempDir(), "sw")
	file := sweepFile(t, "sweep_grid.toml")
	unlock := holdBeforeFinish(t)
	_, _, err = runCLI(t, "sweep", file, "--out", out, "--quiet")
	unlock()
	if err == nil || !strings.Contains(err.Error(), "is being written by another ipsim process") || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("sweep into a folder in use: %v, want a refusal that says how to finish", err)
	}
	if _, err := os.Stat(filepath.Join(out, "sweep.csv")); err == nil {
		t.Errorf("sweep.csv written into a folder in use")
	}
	_, e := mustRun(t, "sweep", "--resume", out)
	if !strings.Contains(e, "24 of this shard's 24 runs already recorded") {
		t.Errorf("resume after the refusal: %q, want every run recorded", e)
	}
	if _, err := os.Stat(filepath.Join(out, "sweep.csv")); err != nil {
		t.Errorf("resume wrote no sweep.csv: %v", err)
	}
}

func TestMergeRefusesMismatchedParts(t *testing.T) {
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", a, "--shard", "0/2", "--quiet")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml", "seed = 7", "seed = 8"), "--out", b, "--shard", "1/2", "--quiet")
	_, _, err := runCLI(t, "merge", filepath.Join(tmp, "out"), a, b)
	if err == nil || !strings.Contains(err.Error(), "hold different sweeps") || !strings.Contains(err.Error(), "run.seed (7 -> 8)") {
		t.Errorf("merge of different sweeps: %v, want a refusal naming run.seed", err)
	}
}

// A shard folder whose scenario.toml was copied back partially holds the
// runs of the sweep all the same: merge and a retried shard say the file
// is damaged, naming it, not that the folder holds another sweep.
func TestDamagedScenarioNamed(t *testing.T) {
	tmp, file := t.TempDir(), sweepFile(t, "sweep_grid.toml")
	a, b := twoShards(t, file, tmp)
	path := filepath.Join(b, "scenario.toml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"merge", filepath.Join(tmp, "out"), a, b},
		{"merge", filepath.Join(tmp, "out"), b, a},
		{"sweep", file, "--out", b, "--shard", "1/2", "--quiet"},
	} {
		_, _, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), path) && !strings.Contains(err.Error(), filepath.Join(b, runsDir)) {
			t.Errorf("%v with %s cut short: %v, want a refusal that names the damaged file", args, path, err)
		}
	}
	// one folder both shards share, its scenario.toml edited: merge and
	// --resume have only that file to compare the logs with, and say so
	shared := filepath.Join(tmp, "shared")
	mustRun(t, "sweep", file, "--out", shared, "--shard", "0/2", "--quiet")
	mustRun(t, "sweep", file, "--out", shared, "--shard", "1/2", "--quiet")
	edited := filepath.Join(shared, "scenario.toml")
	data, err = os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edited, bytes.Replace(data, []byte("steps = 8"), []byte("steps = 9"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"merge", filepath.Join(tmp, "out"), shared},
		{"sweep", "--resume", shared, "--quiet"},
		{"sweep", "--resume", shared, "--quiet", "--dry-run"},
	} {
		_, _, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), edited+" was damaged or replaced") {
			t.Errorf("%v with %s edited: %v, want a refusal that names the edited file", args, edited, err)
		}
	}
	// two sweeps are still two sweeps
	c := filepath.Join(tmp, "c")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml", "seed = 7", "seed = 8"), "--out", c, "--shard", "1/2", "--quiet")
	if _, _, err := runCLI(t, "merge", filepath.Join(tmp, "out"), a, c); err == nil || strings.Contains(err.Error(), "damaged") {
		t.Errorf("merge of two sweeps: %v, want a refusal that does not blame a file", err)
	}
}

func TestSweepResumeRefusesChangedScenario(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	file := sweepFile(t, "sweep_grid.toml")
	// Half a sweep, as if it had been stopped.
	mustRun(t, "sweep", file, "--out", out, "--shard", "0/2", "--quiet")
	changed := sweepFile(t, "sweep_grid.toml", "[0.0, 0.5, 1.0]", "[0.0, 0.5, 2.0]", "provinces = 2", "provinces = 3")
	_, _, err := runCLI(t, "sweep", changed, "--resume", out, "--quiet")
	if err == nil {
		t.Fatal("resume with a changed scenario succeeded")
	}
	for _, want := range []string{"refusing to resume", "world.provinces (2 -> 3)", "sweep.values"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	// Swapping the swept keys renumbers the points: refused, and said so.
	swapped := sweepFile(t, "sweep_grid.toml", `"world.heterogeneity" = [0.0, 0.5, 1.0]
"arm.coordinated_autonomy.policy.autonomy" = [0.5, 1.0]`, `"arm.coordinated_autonomy.policy.autonomy" = [0.5, 1.0]
"world.heterogeneity" = [0.0, 0.5, 1.0]`)
	if _, _, err := runCLI(t, "sweep", swapped, "--resume", out, "--quiet"); err == nil || !strings.Contains(err.Error(), "the order of the swept keys") {
		t.Errorf("resume with the swept keys swapped: %v, want a refusal naming their order", err)
	}
	// The original scenario resumes and completes.
	mustRun(t, "sweep", file, "--resume", out, "--quiet")
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, "sweep", file, "--out", ref, "--quiet")
	sameResults(t, ref, out)
	// Starting a sweep over a finished one without --resume is refused.
	if _, _, err := runCLI(t, "sweep", file, "--out", out, "--quiet"); err == nil || !strings.Contains(err.Error(), "already holds this sweep") {
		t.Errorf("second sweep into %s: %v, want a refusal", out, err)
	}
	// --force starts over with the changed scenario, keeping the old logs.
	mustRun(t, "sweep", changed, "--out", out, "--force", "--quiet")
	if _, err := os.Stat(filepath.Join(out, "runs.replaced-1", "shard-0-of-2.log")); err != nil {
		t.Errorf("the old run logs were not kept: %v", err)
	}
	// with the scenario they belong to: it resumes them
	oldToml, err := os.ReadFile(filepath.Join(ref, "scenario.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if kept, err := os.ReadFile(filepath.Join(out, "runs.replaced-1", "scenario.toml")); err != nil || !bytes.Equal(kept, oldToml) {
		t.Errorf("runs.replaced-1/scenario.toml is not the old sweep's (err %v)", err)
	}
	if sweep := readCSV(t, filepath.Join(out, "sweep.csv")); sweep[len(sweep)-1][4] != "2" {
		t.Errorf("after --force the last point has heterogeneity %s, want 2 (the changed scenario)", sweep[len(sweep)-1][4])
	}
}

// TestSweepKillResume kills a sweep with SIGKILL while it runs, damages
// the end of its log as a crash in mid-write would, resumes it, and
// compares the results with an uninterrupted sweep.
func TestSweepKillResume(t *testing.T) {
	bin := buildBinary(t)
	// 40 points x 2 arms x 3 replications = 240 runs on one worker: long
	// enough to be killed in the middle.
	file := sweepFile(t, "sweep_grid.toml",
		`"world.heterogeneity" = [0.0, 0.5, 1.0]`, `"world.heterogeneity" = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9]`,
		"replications = 2", "replications = 3")
	tmp := t.TempDir()
	out := filepath.Join(tmp, "killed")
	cmd := exec.Command(bin, "sweep", file, "--out", out, "--workers", "1", "--quiet")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(out, runsDir, "shard-0-of-1.log")
	deadline := time.Now().Add(60 * time.Second)
	for {
		data, _ := os.ReadFile(log)
		if bytes.Count(data, []byte("\n")) > 10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no runs recorded after 60 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	data, _ := os.ReadFile(log)
	done := bytes.Count(data, []byte("\n")) - 1
	if _, err := os.Stat(filepath.Join(out, "sweep.csv")); err == nil || done >= 240 {
		// 230 runs done in the moment between two looks at the log: the
		// test could not test resuming; say so rather than pass
		t.Fatalf("the sweep finished (%d runs) before it was killed: nothing to resume", done)
	}
	// A record torn in mid-write: must be detected and its run redone.
	f, _ := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("1234abcd 239,0,centr")
	f.Close()

	// Resume and the reference sweep run the same binary as the killed
	// sweep.
	var e bytes.Buffer
	resume := exec.Command(bin, "sweep", file, "--resume", out, "--workers", "2")
	resume.Stderr = &e
	if err := resume.Run(); err != nil {
		t.Fatalf("resume: %v\n%s", err, e.String())
	}
	if !strings.Contains(e.String(), itoa(done)+" of this shard's 240 runs already recorded") {
		t.Errorf("resume said %q, want %d runs already recorded", e.String(), done)
	}
	ref := filepath.Join(tmp, "ref")
	if msg, err := exec.Command(bin, "sweep", file, "--out", ref, "--quiet").CombinedOutput(); err != nil {
		t.Fatalf("reference sweep: %v\n%s", err, msg)
	}
	sameResults(t, ref, out)
	if m := readManifestT(t, out); !strings.HasPrefix(m.Note, "resumed: "+itoa(done)+" of the 240 runs") {
		t.Errorf("manifest note %q, want it to say the sweep was resumed", m.Note)
	}
}

// A run is recorded the moment it completes, not once every earlier run
// has: here run 0 (2,000,000 quarters) takes a minute while runs 2 and 3
// (8 quarters) take milliseconds on the third worker; they must be in
// the log long before run 0 is done, or a kill loses them.
func TestSweepRecordsRunsAsTheyComplete(t *testing.T) {
	bin := buildBinary(t)
	file := sweepFile(t, "sweep_grid.toml",
		`"arm.coordinated_autonomy.policy.autonomy" = [0.5, 1.0]`, `"run.steps" = [2000000, 8]`,
		"replications = 2", "replications = 1")
	out := filepath.Join(t.TempDir(), "sw")
	cmd := exec.Command(bin, "sweep", file, "--out", out, "--workers", "3", "--quiet")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	log := filepath.Join(out, runsDir, "shard-0-of-1.log")
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		data, _ := os.ReadFile(log)
		var runs []string
		for _, line := range strings.Split(string(data), "\n")[1:] {
			if _, rec, ok := strings.Cut(line, " "); ok {
				r, _, _ := strings.Cut(rec, ",")
				runs = append(runs, r)
			}
		}
		if slices.Contains(runs, "2") && slices.Contains(runs, "3") {
			if slices.Contains(runs, "0") {
				t.Fatalf("run 0 of 2,000,000 quarters done already (runs %v): the test cannot tell", runs)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("runs 2 and 3 (8 quarters) not in the log 15 s after the start (recorded: %v): held behind run 0", runs)
		}
	}
}

func TestSweepSobolIndices(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sobol")
	mustRun(t, "sweep", sweepFile(t, "sweep_sobol.toml"), "--out", out, "--quiet")
	sweep := readCSV(t, filepath.Join(out, "sweep.csv"))
	if len(sweep)-1 != 32 {
		t.Errorf("sweep.csv has %d rows, want 8 x (2+2) = 32", len(sweep)-1)
	}
	idx := readCSV(t, filepath.Join(out, "indices.csv"))
	want := []string{"arm", "outcome", "metric", "parameter", "first_order", "first_ci_low", "first_ci_high", "total", "total_ci_low", "total_ci_high", "n"}
	if strings.Join(idx[0], ",") != strings.Join(want, ",") {
		t.Errorf("indices.csv header = %v, want %v", idx[0], want)
	}
	metrics := len(sweep[0]) - 6
	if len(idx)-1 != 2*metrics {
		t.Errorf("indices.csv has %d rows, want 2 parameters x %d metrics", len(idx)-1, metrics)
	}
}

func TestSweepMorrisIndices(t *testing.T) {
	out := filepath.Join(t.TempDir(), "morris")
	mustRun(t, "sweep", sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "morris"`, "points = 8", "points = 4"), "--out", out, "--quiet")
	idx := readCSV(t, filepath.Join(out, "indices.csv"))
	want := []string{"arm", "outcome", "metric", "parameter", "mu", "mu_star", "mu_star_ci_low", "mu_star_ci_high", "sigma", "n"}
	if strings.Join(idx[0], ",") != strings.Join(want, ",") {
		t.Errorf("indices.csv header = %v, want %v", idx[0], want)
	}
	if sweep := readCSV(t, filepath.Join(out, "sweep.csv")); len(sweep)-1 != 4*3 {
		t.Errorf("sweep.csv has %d rows, want 4 trajectories x (2+1) points", len(sweep)-1)
	}
}

func TestSweepDryRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dry")
	o, _ := mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", out, "--dry-run", "--shard", "1/4")
	for _, want := range []string{"runs:      6 of 24 in this shard (6 points x 2 arms x 2 replications)", "time:", "memory:"} {
		if !strings.Contains(o, want) {
			t.Errorf("dry run printed %q, want %q", o, want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a dry run created the sweep folder")
	}
	// the memory estimate counts the process itself: a Go program with
	// the model loaded is never a few MiB resident
	var mib float64
	if _, after, ok := strings.Cut(o, "memory:    about "); !ok || !strings.Contains(after, "MiB peak resident") {
		t.Errorf("dry run's memory line: %q, want about N MiB peak resident", o)
	} else if fmt.Sscanf(after, "%g", &mib); mib < 8 {
		t.Errorf("dry run estimates %g MiB peak: less than the process itself", mib)
	}

	// With --resume it counts what the folder holds, and refuses what a
	// resume would refuse.
	file := sweepFile(t, "sweep_grid.toml")
	mustRun(t, "sweep", file, "--out", out, "--quiet", "--shard", "0/2")
	o, _ = mustRun(t, "sweep", "--resume", out, "--dry-run")
	if want := "to run:    12 (12 already recorded)"; !strings.Contains(o, want) {
		t.Errorf("dry run of a resume printed %q, want %q", o, want)
	}
	// a complete sweep has nothing to time: no calibration runs
	done := filepath.Join(t.TempDir(), "done")
	mustRun(t, "sweep", file, "--out", done, "--quiet")
	o, _ = mustRun(t, "sweep", "--resume", done, "--dry-run")
	if want := "to run:    0 (all 24 recorded)"; !strings.Contains(o, want) || strings.Contains(o, "calibration") {
		t.Errorf("dry run of a complete sweep printed %q, want %q and no calibration", o, want)
	}
	// a shard skips what its folder records, as a retried shard does, and
	// writes no tables
	o, _ = mustRun(t, "sweep", file, "--out", out, "--shard", "0/2", "--dry-run")
	if want := "to run:    0 (all 12 recorded): the shard is complete (" + filepath.Join(out, runsDir, "shard-0-of-2.json") + "): it would only record so again"; !strings.Contains(o, want) || strings.Contains(o, "calibration") {
		t.Errorf("dry run of a shard already done printed %q, want %q and no calibration", o, want)
	}
	changed := sweepFile(t, "sweep_grid.toml", "seed = 7", "seed = 8")
	if _, _, err := runCLI(t, "sweep", changed, "--resume", out, "--dry-run"); err == nil || !strings.Contains(err.Error(), "run.seed (7 -> 8)") {
		t.Errorf("dry run of a resume with another seed: %v, want the refusal a resume gives", err)
	}
	// and without --resume, what a new sweep into the folder would refuse
	if _, _, err := runCLI(t, "sweep", changed, "--out", out, "--dry-run"); err == nil || !strings.Contains(err.Error(), "run.seed (7 -> 8)") {
		t.Errorf("dry run of a new sweep into a folder holding another: %v, want the refusal", err)
	}
	if _, _, err := runCLI(t, "sweep", file, "--out", out, "--dry-run"); err == nil || !strings.Contains(err.Error(), "already holds this sweep") {
		t.Errorf("dry run of the same sweep again: %v, want the refusal pointing to --resume", err)
	}
	mustRun(t, "sweep", changed, "--out", out, "--dry-run", "--force")
	// a shard never starts over, --force or not, and is told so without it
	if _, _, err := runCLI(t, "sweep", changed, "--out", out, "--dry-run", "--force", "--shard", "1/2"); err == nil || strings.Contains(err.Error(), "--force") {
		t.Errorf("dry run of a shard of another sweep with --force: %v, want a refusal that does not offer --force", err)
	}
	// only the output settings differ: the advice is --resume --format
	if _, _, err := runCLI(t, "sweep", file, "--out", out, "--dry-run", "--format", "both"); err == nil || !strings.Contains(err.Error(), "--format") {
		t.Errorf("dry run of the same sweep in another format: %v, want the advice to resume with --format", err)
	}
}

// The tables are built a point at a time, and a point holds every arm's,
// metric's and replication's figure: the dry run's memory counts them (it
// said 50 MiB for a sweep of one point and 100,000 replications that
// peaked at 225 MiB).
func TestSweepDryRunCountsAPointsRuns(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml", "[0.0, 0.5, 1.0]", "[0.5]", "[0.5, 1.0]", "[1.0]") // one point
	peak := func(reps string) float64 {
		t.Helper()
		o, _ := mustRun(t, "sweep", file, "--out", filepath.Join(t.TempDir(), "s"), "--dry-run", "--reps", reps)
		var mib float64
		if _, after, ok := strings.Cut(o, "memory:    about "); !ok || !strings.Contains(after, "MiB peak resident") {
			t.Fatalf("dry run's memory line: %q, want about N MiB peak resident", o)
		} else {
			fmt.Sscanf(after, "%g", &mib)
		}
		return mib
	}
	// 2 arms x the model's metrics x 50,000 replications of 8 bytes, at
	// least (the collector lets the heap grow to twice that)
	point := 2 * float64(len(modelMetrics())) * 50_000 * 8 / (1 << 20)
	if few, many := peak("2"), peak("50000"); many-few < point {
		t.Errorf("dry run estimates %g MiB peak with 50,000 replications, %g MiB with 2: want at least %g MiB more, a point's runs", many, few, point)
	}
}

// noSweep is the [sweep] section of testdata/sweep_grid.toml.
const noSweep = `[sweep]
method = "grid"

[sweep.values]
"world.heterogeneity" = [0.0, 0.5, 1.0]
"arm.coordinated_autonomy.policy.autonomy" = [0.5, 1.0]
`

func TestSweepBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"sweep"}, "sweep needs a scenario file"},
		{"no sweep section", []string{"sweep", sweepFile(t, "sweep_grid.toml", noSweep, "")}, "no [sweep] section"},
		{"out of range", []string{"sweep", sweepFile(t, "sweep_grid.toml", "[0.0, 0.5, 1.0]", "[0.0, -0.5]")}, "world.heterogeneity"},
		{"index without count", []string{"sweep", sweepFile(t, "sweep_grid.toml"), "--dry-run"}, "not the number of shards"},
		{"resume nothing", []string{"sweep", sweepFile(t, "sweep_grid.toml"), "--resume", filepath.Join(t.TempDir(), "none")}, "nothing to resume"},
		// the sweep sets replications and seeds itself: sweeping them
		// would write a column that lies
		{"swept replications", []string{"sweep", sweepFile(t, "sweep_grid.toml", `"world.heterogeneity"`, `"run.replications"`, "[0.0, 0.5, 1.0]", "[1, 2]")}, "cannot be swept"},
		{"swept seed of an arm", []string{"sweep", sweepFile(t, "sweep_grid.toml", `"world.heterogeneity"`, `"arm.centralized.run.seed"`, "[0.0, 0.5, 1.0]", "[1, 2]")}, "cannot be swept"},
		{"grid too large", []string{"sweep", sweepFile(t, "sweep_grid.toml", "[0.0, 0.5, 1.0]", distinctList(1002), "[0.5, 1.0]", distinctList(1001)), "--dry-run"}, "sweep_grid.toml:28: sweep.values: the grid has over 1000000 points"},
		{"sampler too large", []string{"sweep", sweepFile(t, "sweep_sobol.toml", "points = 8", "points = 300000"), "--dry-run"}, "sweep_sobol.toml:21: sweep.points = 300000: method \"sobol\" with 2 ranges takes 4 points per sample: the design would have 1200000 points, over 1000000"},
		{"integer key, no integer in range", []string{"sweep", sweepFile(t, "sweep_sobol.toml", `"world.heterogeneity" = [0.0, 1.0]`, `"world.provinces" = [1.2, 1.8]`)}, "none between low and high"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "index without count" {
				t.Setenv("SLURM_ARRAY_TASK_ID", "2")
			}
			_, _, err := runCLI(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// A sampler over a key that takes integers draws whole numbers in the
// range; a grid for such a key takes integers, and refuses whole floats
// (1.0) as a file or --set does.
func TestSweepIntegerKeys(t *testing.T) {
	out := filepath.Join(t.TempDir(), "int")
	mustRun(t, "sweep", sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "halton"`, `"world.heterogeneity" = [0.0, 1.0]`, `"world.provinces" = [1, 3]`), "--out", out, "--quiet")
	sweep := readCSV(t, filepath.Join(out, "sweep.csv"))
	col := slices.Index(sweep[0], "world_provinces")
	if col < 0 {
		t.Fatalf("no world_provinces column in %v", sweep[0])
	}
	seen := map[string]bool{}
	for _, row := range sweep[1:] {
		seen[row[col]] = true
	}
	for v := range seen {
		if v != "1" && v != "2" && v != "3" {
			t.Errorf("world_provinces = %q, want a whole number in [1, 3]", v)
		}
	}
	if len(seen) < 2 {
		t.Errorf("world_provinces took %d values, want several of 1, 2, 3", len(seen))
	}
	grid := filepath.Join(t.TempDir(), "grid")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml", `"world.heterogeneity" = [0.0, 0.5, 1.0]`, `"world.provinces" = [1, 2]`), "--out", grid, "--quiet")
	if _, _, err := runCLI(t, "sweep", sweepFile(t, "sweep_grid.toml", `"world.heterogeneity" = [0.0, 0.5, 1.0]`, `"world.provinces" = [1.0, 2]`), "--dry-run"); err == nil || !strings.Contains(err.Error(), "written without a decimal point (1, not 1.0)") {
		t.Errorf("grid of whole floats for an integer key: err = %v, want the decimal point refused", err)
	}
	if rows := readCSV(t, filepath.Join(grid, "sweep.csv")); rows[1][slices.Index(rows[0], "world_provinces")] != "1" {
		t.Errorf("grid world_provinces = %q, want 1", rows[1][slices.Index(rows[0], "world_provinces")])
	}
}

// A sweep started over another with --force leaves none of the old
// sweep's tables or charts, and its report and manifest are its own.
func TestSweepForceRemovesOldOutputs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", sweepFile(t, "sweep_sobol.toml", "plots = false", "plots = true\nformat = \"both\""), "--out", out, "--quiet")
	for _, name := range []string{"indices.csv", "sweep.parquet", "report.html"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Fatalf("the Sobol sweep did not write %s: %v", name, err)
		}
	}
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml", "plots = false", "plots = true"), "--out", out, "--force", "--quiet")
	for _, name := range []string{"indices.csv", "sweep.parquet"} {
		if _, err := os.Stat(filepath.Join(out, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s of the old sweep is still there (%v)", name, err)
		}
	}
	m := readManifestT(t, out)
	charts, _ := filepath.Glob(filepath.Join(out, "charts", "*"))
	for _, c := range charts {
		rel, _ := filepath.Rel(out, c)
		if !slices.Contains(m.Files, rel) {
			t.Errorf("%s is not the new sweep's (not in its manifest)", rel)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("sweep_sobol")) || bytes.Contains(page, []byte("Sobol")) {
		t.Errorf("the report still shows the old Sobol sweep")
	}
}

// A run (or validate) with --force over a sweep folder keeps the sweep's
// run logs aside with the scenario.toml that explains them, as sweep
// --force does: left in runs/ under the run's scenario.toml they could
// no longer be resumed or merged. A shared folder of shards holds
// nothing else.
func TestRunForceKeepsSweepLogs(t *testing.T) {
	for _, shards := range []int{1, 2} {
		out := filepath.Join(t.TempDir(), "sw")
		file := sweepFile(t, "sweep_grid.toml")
		for i := range shards {
			mustRun(t, "sweep", file, "--out", out, "--shard", fmt.Sprintf("%d/%d", i, shards), "--quiet")
		}
		oldToml, err := os.ReadFile(filepath.Join(out, "scenario.toml"))
		if err != nil {
			t.Fatal(err)
		}
		mustRun(t, tinyArgs(out, "--force")...)
		kept := filepath.Join(out, "runs.replaced-1")
		for i := range shards {
			if _, err := os.Stat(filepath.Join(kept, fmt.Sprintf("shard-%d-of-%d.log", i, shards))); err != nil {
				t.Errorf("%d shards: the sweep's run log %d was not kept aside: %v", shards, i, err)
			}
		}
		if got, err := os.ReadFile(filepath.Join(kept, "scenario.toml")); err != nil || !bytes.Equal(got, oldToml) {
			t.Errorf("%d shards: runs.replaced-1/scenario.toml is not the sweep's (err %v)", shards, err)
		}
		if _, err := os.Stat(filepath.Join(out, runsDir)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%d shards: runs/ is still in the run's folder (%v)", shards, err)
		}
	}
}

// A scenario file kept in its results folder as scenario.toml is the
// run's input, not a result: run --force and sweep (--force) refuse the
// folder rather than replace the file with the resolved scenario. A
// folder's own resolved scenario.toml runs into it again.
func TestScenarioFileInResultsFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "scenario.toml")
	mine, err := os.ReadFile(sweepFile(t, "sweep_grid.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"run", file, "--out", dir, "--force", "--quiet", "--no-plots"},
		{"sweep", file, "--out", dir, "--quiet"},
		{"sweep", file, "--out", dir, "--force", "--quiet"},
	} {
		_, _, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), "is the scenario file being run") {
			t.Errorf("ipsim %s: %v, want a refusal naming the scenario file", strings.Join(args[:1], " "), err)
		}
		if got, _ := os.ReadFile(file); !bytes.Equal(got, mine) {
			t.Fatalf("ipsim %s replaced the scenario file", strings.Join(args, " "))
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(out)...)
	mustRun(t, "run", filepath.Join(out, "scenario.toml"), "--out", out, "--force", "--reps", "2", "--quiet", "--no-plots")
}

// A file the scenario extends is its input too, wherever it sits in the
// chain: a results folder whose scenario.toml it is, hand-written or a
// run's resolved scenario, is refused, so the file is neither lost nor
// given the extending file's events (a later run would add them twice).
func TestExtendedFileInResultsFolder(t *testing.T) {
	root := t.TempDir()
	saved := filepath.Join(root, "saved")
	mustRun(t, tinyArgs(saved, "--set", "run.steps=4")...)
	hand := filepath.Join(root, "hand")
	if err := os.MkdirAll(hand, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(hand, "scenario.toml"), "# mine\n[run]\nsteps = 4\nreplications = 1\n[world]\nprovinces = 2\ncities_per_province = 1\n")
	write(filepath.Join(root, "middle.toml"), "extends = \"./hand/scenario.toml\"\n")
	write(filepath.Join(root, "child.toml"), "extends = \"./middle.toml\"\n[[event]]\nyear = 2000\nlabel = \"start\"\n")
	write(filepath.Join(root, "rerun.toml"), "extends = \"./saved/scenario.toml\"\n[run]\nreplications = 1\n")
	write(filepath.Join(root, "sweep.toml"), "extends = \"./middle.toml\"\n[sweep.values]\n\"world.heterogeneity\" = [0.1, 0.2]\n")
	for _, args := range [][]string{
		{"run", filepath.Join(root, "child.toml"), "--out", hand, "--force", "--quiet", "--no-plots"},
		{"sweep", filepath.Join(root, "sweep.toml"), "--out", hand, "--force", "--quiet"},
		{"run", filepath.Join(root, "rerun.toml"), "--out", saved, "--force", "--quiet", "--no-plots"},
	} {
		path := filepath.Join(args[3], "scenario.toml")
		before, _ := os.ReadFile(path)
		_, _, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), "extends") || !strings.Contains(err.Error(), "which would replace it") {
			t.Errorf("ipsim %s: %v, want a refusal naming the extended file", strings.Join(args, " "), err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
			t.Errorf("ipsim %s replaced %s", strings.Join(args, " "), path)
		}
	}
	mustRun(t, "run", filepath.Join(root, "child.toml"), "--out", filepath.Join(root, "elsewhere"), "--quiet", "--no-plots")
}

// The TOML examples of the sweep guide load and make a sweep design, so a
// user who copies one gets a sweep, not an error.
func TestSweepGuideExamples(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "sweeps.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```toml\n")[1:]
	if len(blocks) == 0 {
		t.Fatal("docs/sweeps.md has no TOML example")
	}
	for i, b := range blocks {
		body, _, _ := strings.Cut(b, "```")
		path := filepath.Join(t.TempDir(), "example.toml")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		sc, err := scenarios.Load(path)
		if err == nil {
			_, err = prepareSweepScenario(sc, "")
		}
		if err != nil {
			t.Errorf("example %d of docs/sweeps.md: %v\n%s", i+1, err, body)
		}
	}
}

// The sweep files in docs/ (docs/robustness.toml, which the README's tour
// quotes) load and make the design their comments describe.
func TestDocsSweepFiles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "docs", "*.toml"))
	if len(files) == 0 {
		t.Fatal("no sweep file in docs/")
	}
	for _, f := range files {
		sc, err := scenarios.Load(f)
		if err == nil {
			var job *sweepJob
			if job, err = prepareSweepScenario(sc, ""); err == nil && filepath.Base(f) == "robustness.toml" {
				if n := len(job.design.Points); n != 400 || len(job.design.Keys) != 40 || len(job.design.ArmNames) != 3 {
					t.Errorf("%s: %d points, %d keys, %d arms; its comment says 400, 40 and the default's 3", f, n, len(job.design.Keys), len(job.design.ArmNames))
				}
			}
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// A finish killed while writing its tables leaves temporary files; the
// next finish of the sweep removes them.
func TestSweepFinishRemovesTempFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	file := sweepFile(t, "sweep_grid.toml")
	mustRun(t, "sweep", file, "--out", out, "--quiet")
	tmp := filepath.Join(out, ".points.csv.tmp-123")
	if err := os.WriteFile(tmp, []byte("half a tab"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "sweep", "--resume", out, "--quiet")
	if _, err := os.Stat(tmp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s is still there after the sweep was finished again (%v)", tmp, err)
	}
}

// Merging a shared shard folder into itself, named another way (absolute
// against relative), keeps its run logs where they are.
func TestMergeInPlaceAnyPath(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	root := t.TempDir()
	t.Chdir(root)
	mustRun(t, "sweep", file, "--out", "sw", "--shard", "0/2", "--quiet")
	mustRun(t, "sweep", file, "--out", "sw", "--shard", "1/2", "--quiet")
	mustRun(t, "merge", "--force", filepath.Join(root, "sw"), "sw", "--quiet")
	if _, err := os.Stat(filepath.Join("sw", runsDir, "shard-0-of-2.log")); err != nil {
		t.Errorf("the merged folder's run logs moved: %v", err)
	}
	if _, err := os.Stat(filepath.Join("sw", "sweep.csv")); err != nil {
		t.Error(err)
	}
}

// Merging into one of several shard folders is refused: its tables would
// stand beside one shard's logs. A folder holding every run may be.
func TestMergeIntoOneShardFolder(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	p0, p1 := twoShards(t, file, t.TempDir())
	_, _, err := runCLI(t, "merge", p0, p0, p1, "--quiet")
	if err == nil || !strings.Contains(err.Error(), "its run logs hold 12 of the 24 runs: merge into another folder") {
		t.Errorf("merge into one of two shard folders: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(p0, "sweep.csv")); err == nil {
		t.Error("the refused merge wrote sweep.csv into the shard folder")
	}
	mustRun(t, "sweep", file, "--out", p0, "--shard", "1/2", "--quiet")
	mustRun(t, "merge", p0, p0, p1, "--quiet")
}

// Resuming a finished sweep with another format adds the tables in it:
// where and how tables are written changes no run.
func TestSweepResumeNewFormat(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", out, "--quiet")
	before, err := os.ReadFile(filepath.Join(out, "sweep.csv"))
	if err != nil {
		t.Fatal(err)
	}
	scenarioBefore, _ := os.ReadFile(filepath.Join(out, "scenario.toml"))
	mustRun(t, "sweep", "--resume", out, "--format", "both", "--dry-run")
	if now, _ := os.ReadFile(filepath.Join(out, "scenario.toml")); !bytes.Equal(now, scenarioBefore) {
		t.Error("a dry run changed scenario.toml")
	}
	mustRun(t, "sweep", "--resume", out, "--format", "both", "--quiet")
	now, _ := os.ReadFile(filepath.Join(out, "scenario.toml"))
	first := func(b []byte) string { l, _, _ := strings.Cut(string(b), "\n"); return l }
	if first(now) != first(scenarioBefore) || !strings.Contains(string(now), `format = "both"`) {
		t.Errorf("scenario.toml after the resume: first line %q (was %q), want the same source and format both", first(now), first(scenarioBefore))
	}
	after, err := os.ReadFile(filepath.Join(out, "sweep.csv"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("sweep.csv changed on a resume that only adds a format (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "sweep.parquet")); err != nil {
		t.Errorf("no sweep.parquet after --resume --format both: %v", err)
	}
}

// A sweep started with --format both and resumed as the guide shows,
// FILE --resume DIR, keeps its format: the flag is in the folder's
// scenario.toml only, and taking the file's csv would delete sweep.parquet.
func TestSweepResumeWithFileKeepsFormat(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	out := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", file, "--out", out, "--format", "both", "--quiet")
	_, stderr := mustRun(t, "sweep", file, "--resume", out)
	if _, err := os.Stat(filepath.Join(out, "sweep.parquet")); err != nil {
		t.Errorf("sweep.parquet gone after ipsim sweep FILE --resume DIR: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "scenario.toml")); !strings.Contains(string(b), `format = "both"`) {
		t.Error(`scenario.toml lost format = "both" on a resume without --format`)
	}
	if !strings.Contains(stderr, "keeps the format it was started with, both") {
		t.Errorf("the resume did not say it keeps the folder's format; stderr:\n%s", stderr)
	}
	// --format still changes it
	mustRun(t, "sweep", file, "--resume", out, "--format", "csv", "--quiet")
	if _, err := os.Stat(filepath.Join(out, "sweep.parquet")); err == nil {
		t.Error("sweep.parquet still there after --resume --format csv")
	}
}

// A merged folder has no run logs: a resume there would run everything
// again, so it is refused, and merge itself takes --format.
func TestMergeFormat(t *testing.T) {
	root := t.TempDir()
	file := sweepFile(t, "sweep_grid.toml")
	s0, s1 := twoShards(t, file, root)
	csvOnly, both := filepath.Join(root, "m1"), filepath.Join(root, "m2")
	mustRun(t, "merge", csvOnly, s0, s1, "--quiet")
	if _, _, err := runCLI(t, "sweep", "--resume", csvOnly, "--format", "both", "--quiet"); err == nil || !strings.Contains(err.Error(), "merge them again with --format") {
		t.Errorf("resume of a merged folder: %v, want a refusal pointing to merge --format", err)
	}
	mustRun(t, "merge", both, s0, s1, "--format", "both", "--quiet")
	a, _ := os.ReadFile(filepath.Join(csvOnly, "sweep.csv"))
	b, _ := os.ReadFile(filepath.Join(both, "sweep.csv"))
	if !bytes.Equal(a, b) {
		t.Error("merge --format both wrote another sweep.csv")
	}
	if _, err := os.Stat(filepath.Join(both, "sweep.parquet")); err != nil {
		t.Errorf("merge --format both wrote no sweep.parquet: %v", err)
	}
}

// Shards of one sweep that differ only in [output] (a retried shard run
// without the --format of the first) share a folder, which keeps the
// first's settings; shards in separate folders merge alike.
func TestShardsOutputOnlyDiffer(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	root := t.TempDir()
	shared := filepath.Join(root, "sw")
	mustRun(t, "sweep", file, "--out", shared, "--shard", "0/2", "--quiet", "--format", "both")
	mustRun(t, "sweep", file, "--out", shared, "--shard", "1/2", "--quiet")
	merged := filepath.Join(root, "merged")
	mustRun(t, "merge", merged, shared, "--quiet")
	if _, err := os.Stat(filepath.Join(merged, "sweep.parquet")); err != nil {
		t.Errorf("the merge did not keep the folder's format both: %v", err)
	}
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	mustRun(t, "sweep", file, "--out", a, "--shard", "0/2", "--quiet", "--format", "both")
	mustRun(t, "sweep", file, "--out", b, "--shard", "1/2", "--quiet")
	mustRun(t, "merge", filepath.Join(root, "merged2"), a, b, "--quiet")
	sameResults(t, merged, filepath.Join(root, "merged2"))
}

// distinctList is a TOML list of n distinct values in [0, 1].
func distinctList(n int) string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = strconv.FormatFloat(float64(i)/float64(n), 'g', -1, 64)
	}
	return "[" + strings.Join(vs, ", ") + "]"
}

// Mistakes with folders get messages that say what the folder is and
// what to do, not an unrelated key or a raw system error.
func TestSweepFolderMistakes(t *testing.T) {
	root := t.TempDir()
	run := filepath.Join(root, "run")
	mustRun(t, tinyArgs(run)...)
	file := sweepFile(t, "sweep_grid.toml")
	shard := filepath.Join(root, "shard")
	mustRun(t, "sweep", file, "--out", shard, "--shard", "0/2", "--quiet")
	full := filepath.Join(root, "full")
	mustRun(t, "sweep", file, "--out", full, "--quiet")
	afile := filepath.Join(root, "afile")
	if err := os.WriteFile(afile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "--resume", run}, "holds the results of ipsim run, not a sweep"},
		{[]string{"merge", filepath.Join(root, "m"), run}, "holds the results of ipsim run, not a sweep"},
		{[]string{"sweep", file, "--out", run}, "not a sweep: start a sweep in another folder with ipsim sweep FILE --out DIR; or replace its results with --force"},
		{[]string{"sweep", file, "--out", afile}, "is a file, not a folder"},
		{[]string{"sweep", file, "--out", filepath.Join(afile, "sub")}, "cannot use " + filepath.Join(afile, "sub") + " as a sweep folder: not a directory; choose another folder with --out"},
		{[]string{"sweep", file, "--resume", filepath.Join(afile, "sub")}, "cannot resume a sweep in " + filepath.Join(afile, "sub") + ": not a directory; give --resume the sweep's folder"},
		{[]string{"merge", run, full}, "merge into another folder, or replace its results with --force"},
		{[]string{"plot", shard}, "holds a sweep's run logs but not its tables yet"},
	}
	// a run written over a sweep folder keeps its logs and plots as a run
	over := filepath.Join(root, "over")
	mustRun(t, "sweep", file, "--out", over, "--shard", "0/2", "--quiet")
	mustRun(t, tinyArgs(over, "--force")...)
	if _, _, err := runCLI(t, "plot", over, "--quiet"); err != nil {
		t.Errorf("plot of a run written over a sweep's logs: %v", err)
	}
	for _, tt := range tests {
		_, _, err := runCLI(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ipsim %s: %v, want an error containing %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}

// A preset's name given to ipsim sweep, which takes a file, says how to
// sweep it, not to load it by name (ipsim run's way, or LoadPreset's).
func TestSweepPresetName(t *testing.T) {
	for _, arg := range []string{"centralized", "centralized.toml"} {
		_, _, err := runCLI(t, "sweep", arg, "--dry-run")
		want := arg + `: no such file; centralized is a preset, and ipsim sweep runs the [sweep] section of a file: write one with extends = "centralized" and a [sweep] section`
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "LoadPreset") {
			t.Errorf("ipsim sweep %s: %v, want an error containing %q", arg, err, want)
		}
	}
}

// --force does not set aside the logs of a sweep that another process is
// writing: the running sweep would lose its runs.
func TestSweepForceRefusesBusyFolder(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	out := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", file, "--out", out, "--shard", "0/2", "--quiet")
	// another process writing shard 1: its log, locked
	data, err := os.ReadFile(filepath.Join(out, runsDir, "shard-0-of-2.log"))
	if err != nil {
		t.Fatal(err)
	}
	design := strings.TrimPrefix(strings.SplitN(string(data), "\n", 2)[0], logHeaderText)
	log, err := openRunLog(filepath.Join(out, runsDir, "shard-1-of-2.log"), design)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	_, _, err = runCLI(t, "sweep", file, "--out", out, "--force", "--quiet")
	if err == nil || !strings.Contains(err.Error(), "is being written by another ipsim sweep") {
		t.Errorf("--force into a folder being written: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(out, runsDir, "shard-0-of-2.log")); err != nil {
		t.Errorf("the running sweep's logs were moved: %v", err)
	}
}

// A single-process sweep holds its folder while it prepares and runs,
// for a new folder and for a resumed one: between its first check and its
// run log's lock it sets runs aside and writes its scenario, and a run
// --force started then must be refused, not write the same folder.
func TestSweepHoldsFolderWhileRunning(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	out := filepath.Join(t.TempDir(), "sw")
	held := 0
	afterRuns = func(dir string) {
		if folderBusy(dir) {
			held++
		}
		if _, _, err := runCLI(t, tinyArgs(dir)...); err == nil || !strings.Contains(err.Error(), "being written by another ipsim process") {
			t.Errorf("a run into the folder of a running sweep: %v, want a refusal", err)
		}
	}
	defer func() { afterRuns = nil }()
	mustRun(t, "sweep", file, "--out", out, "--quiet")
	mustRun(t, "sweep", file, "--resume", out, "--quiet")
	if held != 2 {
		t.Errorf("the folder was held in %d of 2 sweeps while they ran", held)
	}
	if folderBusy(out) {
		t.Error("the folder is still held after the sweep")
	}
}

// More shards than runs: a shard with nothing to do completes (its
// report written), so a scheduler does not see it fail, and the merge of
// all shards is whole.
func TestEmptyShard(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	root := t.TempDir()
	o, _ := mustRun(t, "sweep", file, "--out", filepath.Join(root, "s"), "--shard", "30/31", "--quiet")
	if !strings.Contains(o, "shard 30/31 complete: 0 runs recorded") {
		t.Errorf("empty shard said %q", o)
	}
	if _, err := os.Stat(filepath.Join(root, "s", runsDir, "shard-30-of-31.json")); err != nil {
		t.Errorf("empty shard wrote no report: %v", err)
	}
}

// A temporary file left by a sweep killed in its first moments does not
// make the folder "not empty": the sweep started again runs.
func TestSweepIgnoresLeftTempFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ".scenario.toml.tmp-42"), []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", out, "--quiet")
	if _, err := os.Stat(filepath.Join(out, "sweep.csv")); err != nil {
		t.Errorf("no sweep.csv: %v", err)
	}
}

// With --format parquet, points.csv is still CSV, and columns.csv
// describes it under that name.
func TestSweepParquetDictionary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", out, "--quiet", "--format", "parquet")
	b, err := os.ReadFile(filepath.Join(out, "columns.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"\nsweep.parquet,seed,", "\npoints.csv,effect_n,", "\npoints.csv,mean,"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("columns.csv lacks %q", w)
		}
	}
	if strings.Contains(string(b), "points.parquet") {
		t.Errorf("columns.csv describes points.parquet, which is not written")
	}
}

// The charts and report of a sweep are drawn from points.csv in every
// format: with --format parquet, where columns.csv describes
// sweep.parquet instead of sweep.csv, they still give each metric's unit.
func TestSweepParquetChartsMatchCSV(t *testing.T) {
	root := t.TempDir()
	file := sweepFile(t, "sweep_grid.toml", "plots = false", "plots = true")
	csvDir, pqDir := filepath.Join(root, "csv"), filepath.Join(root, "pq")
	mustRun(t, "sweep", file, "--out", csvDir, "--quiet")
	mustRun(t, "sweep", file, "--out", pqDir, "--quiet", "--format", "parquet")
	entries, err := os.ReadDir(filepath.Join(csvDir, "charts"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, filepath.Join("charts", e.Name()))
	}
	sameFiles(t, csvDir, pqDir, names)
	// the reports differ only where they name the table of runs
	csvReport, _ := os.ReadFile(filepath.Join(csvDir, "report.html"))
	pqReport, _ := os.ReadFile(filepath.Join(pqDir, "report.html"))
	if !bytes.Contains(pqReport, []byte("sweep.parquet")) {
		t.Error("the parquet sweep's report does not name sweep.parquet")
	}
	if !bytes.Equal(csvReport, bytes.ReplaceAll(pqReport, []byte("sweep.parquet"), []byte("sweep.csv"))) {
		t.Error("report.html differs between the csv and parquet sweeps beyond the name of the table of runs")
	}
}

// A sweep started with --force over another sweep's results writes its
// scenario.toml at once and its tables when complete: until then the
// manifest says the results are superseded and ipsim plot refuses to
// draw the old tables under the new scenario; --resume completes it.
func TestForcedSweepUntilCompleteIsSuperseded(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", out, "--quiet")
	unlock := holdBeforeFinish(t) // stops the next sweep before its tables
	_, _, err := runCLI(t, "sweep", sweepFile(t, "sweep_grid.toml", "seed = 7", "seed = 8"), "--out", out, "--force", "--quiet")
	unlock()
	if err == nil {
		t.Fatal("the forced sweep finished into a folder in use")
	}
	if m := readManifestT(t, out); m.Status != statusSuperseded {
		t.Errorf("manifest status %q while the forced sweep is incomplete, want %q", m.Status, statusSuperseded)
	}
	_, _, err = runCLI(t, "plot", out, "--quiet")
	if err == nil || !strings.Contains(err.Error(), "--resume") {
		t.Errorf("plot of a superseded folder: %v, want a refusal saying how to finish", err)
	}
	mustRun(t, "sweep", "--resume", out, "--quiet")
	if m := readManifestT(t, out); m.Status != statusCompleted || m.MasterSeed != 8 {
		t.Errorf("after --resume: status %q seed %d, want completed, 8", m.Status, m.MasterSeed)
	}
	mustRun(t, "plot", out, "--quiet")

	// the same over a run's folder: the superseded folder resumes as a sweep
	// (its tables stay till then, and the run's scenario.toml, which the
	// sweep's replaces at once, is kept in runs.replaced-1)
	run := filepath.Join(t.TempDir(), "run")
	mustRun(t, tinyArgs(run)...)
	runToml, err := os.ReadFile(filepath.Join(run, "scenario.toml"))
	if err != nil {
		t.Fatal(err)
	}
	unlock = holdBeforeFinish(t)
	_, _, err = runCLI(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", run, "--force", "--quiet")
	unlock()
	if err == nil {
		t.Fatal("the forced sweep finished into a folder in use")
	}
	if kept, err := os.ReadFile(filepath.Join(run, "runs.replaced-1", "scenario.toml")); err != nil || !bytes.Equal(kept, runToml) {
		t.Errorf("the run's scenario.toml is not kept in runs.replaced-1 while its tables stay (err %v)", err)
	}
	mustRun(t, "sweep", "--resume", run, "--quiet")
	if m := readManifestT(t, run); m.Command != "sweep" || m.Status != statusCompleted {
		t.Errorf("after --resume over a run's folder: %s %s, want a completed sweep", m.Command, m.Status)
	}
}

// TestSweepPointsChecked: a design whose points break a rule between two
// swept keys (every value of each is allowed alone) is refused before
// anything runs, the dry run included, for every method, at the lines of
// the swept keys and naming the point.
func TestSweepPointsChecked(t *testing.T) {
	ranges := `"world.heterogeneity" = [0.0, 1.0]` + "\n" + `"policy.autonomy" = [0.0, 1.0]`
	bad := `"officials.retire_age" = [56.0, 70.0]` + "\n" + `"officials.age_max" = [45.0, 64.0]`
	for _, method := range []string{methodLHS, methodHalton, methodSobol, methodMorris, methodGrid} {
		t.Run(method, func(t *testing.T) {
			file := sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "`+method+`"`, "points = 8", "points = 40", ranges, bad)
			if method == methodGrid {
				file = sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "grid"`, "points = 8\n", "",
					"[sweep.ranges]", "[sweep.values]", ranges, `"officials.retire_age" = [60.0, 70.0]`+"\n"+`"officials.age_max" = [50.0, 64.0]`)
			}
			out := filepath.Join(t.TempDir(), "out")
			for _, dry := range []bool{true, false} {
				args := []string{"sweep", file, "--out", out, "--quiet"}
				if dry {
					args = append(args, "--dry-run")
				}
				_, _, err := runCLI(t, args...)
				msg := ""
				if err != nil {
					msg = err.Error()
				}
				want := filepath.Base(file) + `:25: sweep.ranges."officials.age_max" = `
				if method == methodGrid {
					want = filepath.Base(file) + `:24: sweep.values."officials.age_max" = 64.0: must be < officials.retire_age (60)`
				}
				for _, w := range []string{want, "is set at line 2", "at sweep point ", "officials.retire_age=", "cannot run"} {
					if !strings.Contains(msg, w) {
						t.Errorf("dry run %v: error %q, want one containing %q", dry, msg, w)
					}
				}
				if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("dry run %v: %s was made: the sweep started", dry, out)
				}
			}
		})
	}
}

// TestSweptListsPasteBack: a swept toolbox is written to sweep.csv and
// points.csv as a TOML list, quoted for CSV, that --set takes back.
func TestSweptListsPasteBack(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want string
	}{
		{[]string{"subsidy", "land"}, `["subsidy", "land"]`},
		{[]string{"training"}, `["training"]`},
		{0.5, "0.5"},
		{int64(3), "3"},
		{"results", "results"},
		{true, "true"},
	} {
		if got := formatAny(tt.v); got != tt.want {
			t.Errorf("formatAny(%#v) = %s, want %s", tt.v, got, tt.want)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml", `"arm.coordinated_autonomy.policy.autonomy" = [0.5, 1.0]`, `"policy.toolbox" = [["subsidy", "land"], ["training"]]`), "--out", out, "--quiet")
	for _, name := range []string{"sweep.csv", "points.csv"} {
		rows := readCSV(t, filepath.Join(out, name))
		col := slices.Index(rows[0], "policy_toolbox")
		if col < 0 {
			t.Fatalf("%s: no policy_toolbox column in %v", name, rows[0])
		}
		if got := rows[1][col]; got != `["subsidy", "land"]` {
			t.Errorf("%s: policy_toolbox = %s, want [\"subsidy\", \"land\"]", name, got)
		}
		s, err := scenarios.LoadPreset("default", "policy.toolbox="+rows[1][col])
		if err != nil || !slices.Equal(s.Arms[0].Params.Policy.Toolbox, []string{"subsidy", "land"}) {
			t.Errorf("%s: --set policy.toolbox=%s: %v", name, rows[1][col], err)
		}
	}
}

// A renamed sweep file resumes (a name changes no result), and the folder
// keeps the name it was started with, in scenario.toml and the manifest.
func TestSweepResumeRenamed(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	file := sweepFile(t, "sweep_grid.toml")
	mustRun(t, "sweep", file, "--out", out, "--quiet", "--shard", "0/2")
	renamed := sweepFile(t, "sweep_grid.toml", `name = "sweep_grid"`, `name = "renamed"`)
	// a shard added with the renamed file takes the folder's name too
	shard := filepath.Join(t.TempDir(), "sh")
	mustRun(t, "sweep", file, "--out", shard, "--quiet", "--shard", "0/2")
	mustRun(t, "sweep", renamed, "--out", shard, "--quiet", "--shard", "1/2")
	if b, err := os.ReadFile(filepath.Join(shard, runsDir, "shard-1-of-2.json")); err != nil || !strings.Contains(string(b), `"scenario": "sweep_grid"`) {
		t.Errorf("shard report of a renamed file: %v, want the folder's name sweep_grid:\n%s", err, b)
	}
	mustRun(t, "sweep", renamed, "--resume", out, "--quiet")
	m := readManifestT(t, out)
	toml, _ := os.ReadFile(filepath.Join(out, "scenario.toml"))
	if !strings.Contains(string(toml), `name = "`+m.Scenario+`"`) || m.Scenario == "renamed" {
		t.Errorf("manifest names %q, scenario.toml %q: want the name the sweep was started with in both", m.Scenario, firstLine(string(toml), "name ="))
	}
	if m.Source != file {
		t.Errorf("manifest source %q, want %q, the file scenario.toml was resolved from", m.Source, file)
	}
}

func firstLine(s, prefix string) string {
	for l := range strings.Lines(s) {
		if strings.HasPrefix(l, prefix) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// holdBeforeFinish makes the next sweep find its folder held by another
// process when its runs are done, as ipsim plot would hold it; the
// returned function lets go and removes the hook.
func holdBeforeFinish(t *testing.T) func() {
	t.Helper()
	var release func()
	beforeFinish = func(dir string) {
		if r, err := lockDir(dir, ""); err == nil {
			release = r
		}
	}
	return func() {
		beforeFinish = nil
		if release != nil {
			release()
		}
	}
}

// checkPointsFromRuns recomputes points.csv's mean and effect_mean from
// the runs in sweep.csv (the first keys columns after point, arm,
// replication and seed are the swept keys, then come the metrics): the
// mean over replications of each arm, and the mean of each later arm's
// difference from the first arm in the same replication (arm minus first
// arm, as effects.csv).
func checkPointsFromRuns(t *testing.T, sweep, points [][]string, keys int) {
	t.Helper()
	first := sweep[1][1]
	metrics := sweep[0][4+keys:]
	type cell struct{ point, arm, metric string }
	vals := map[cell]map[string]float64{} // -> replication -> value
	for _, r := range sweep[1:] {
		for j, m := range metrics {
			c := cell{r[0], r[1], m}
			if vals[c] == nil {
				vals[c] = map[string]float64{}
			}
			if v, err := strconv.ParseFloat(r[4+keys+j], 64); err == nil {
				vals[c][r[2]] = v
			}
		}
	}
	near := func(got string, want float64) bool {
		g, err := strconv.ParseFloat(got, 64)
		return err == nil && math.Abs(g-want) <= 1e-9*math.Max(1, math.Abs(want))
	}
	mc, ec := 3+keys, 7+keys // columns of mean and effect_mean
	checked := 0
	for _, r := range points[1:] {
		c := cell{r[0], r[1], r[2+keys]}
		if len(vals[c]) == 0 {
			continue
		}
		sum, diff, n := 0.0, 0.0, 0
		for rep, v := range vals[c] {
			sum += v
			if b, ok := vals[cell{c.point, first, c.metric}][rep]; ok {
				diff += v - b
				n++
			}
		}
		if !near(r[mc], sum/float64(len(vals[c]))) {
			t.Errorf("points.csv %v: mean %s, runs give %v", r[:3+keys], r[mc], sum/float64(len(vals[c])))
		}
		if c.arm != first && n > 0 && !near(r[ec], diff/float64(n)) {
			t.Errorf("points.csv %v: effect_mean %s, runs give %v (%s minus %s)", r[:3+keys], r[ec], diff/float64(n), c.arm, first)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no points.csv row checked against sweep.csv")
	}
}

// A [sweep] section without keys is refused at its line, before any run.
func TestSweepWithoutKeysNamesTheLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "g.toml")
	if err := os.WriteFile(file, []byte("extends = \"default\"\n\n[sweep]\nmethod = \"grid\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, "sweep", file, "--out", filepath.Join(t.TempDir(), "out"), "--quiet")
	if err == nil || !strings.Contains(err.Error(), file+`:4: sweep.method = "grid": needs [sweep.values]`) {
		t.Errorf("sweep of a grid without values: %v, want its line named", err)
	}
}

// A shard folder given twice (the second under another name) is read
// once, with a warning: the user probably meant another shard.
func TestMergeFolderGivenTwice(t *testing.T) {
	root := t.TempDir()
	a, b := twoShards(t, sweepFile(t, "sweep_grid.toml"), root)
	_, stderr := mustRun(t, "merge", filepath.Join(root, "out"), a, b, a+string(filepath.Separator)+".")
	if !strings.Contains(stderr, "is given twice") {
		t.Errorf("merge of a folder given twice: stderr %q, want a warning", stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "out", "sweep.csv")); err != nil {
		t.Error(err)
	}
}

// The dry run's disk and memory lines cover what the sweep writes:
// points.csv (one row per point, arm and metric, several times sweep.csv
// for few replications), sweep.parquet instead of sweep.csv with
// --format parquet, and the Parquet writer's buffers (a 256 KiB page
// buffer per column: over 14 MiB for the model's metrics).
func TestSweepDryRunCoversTheTables(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	out := filepath.Join(t.TempDir(), "s")
	o, _ := mustRun(t, "sweep", file, "--out", out, "--dry-run")
	mustRun(t, "sweep", file, "--out", out, "--quiet")
	// "disk: about X KiB more of run log, and Y KiB for sweep.csv, Z KiB for points.csv ..."
	size := func(line, name string) float64 {
		t.Helper()
		i := strings.Index(line, " for "+name)
		if i < 0 {
			t.Fatalf("dry run's disk line %q names no %s", line, name)
		}
		f := strings.Fields(line[:i])
		var x float64
		fmt.Sscanf(f[len(f)-2], "%g", &x)
		return x * map[string]float64{"B": 1, "KiB": 1 << 10, "MiB": 1 << 20}[f[len(f)-1]]
	}
	_, disk, _ := strings.Cut(o, "disk:")
	disk, _, _ = strings.Cut(disk, "\n")
	for _, name := range []string{"sweep.csv", "points.csv"} {
		st, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if est, real := size(disk, name), float64(st.Size()); est < real/1.5 || est > real*1.5 {
			t.Errorf("dry run estimates %s at %.0f bytes, the sweep wrote %.0f", name, est, real)
		}
	}
	if !strings.Contains(o, "writing the tables") {
		t.Errorf("dry run's time line %q leaves out the tables", o)
	}

	o, _ = mustRun(t, "sweep", file, "--out", filepath.Join(t.TempDir(), "p"), "--dry-run", "--format", "parquet")
	_, disk, _ = strings.Cut(o, "disk:")
	disk, _, _ = strings.Cut(disk, "\n")
	if !strings.Contains(disk, "sweep.parquet") || strings.Contains(disk, "sweep.csv") {
		t.Errorf("dry run with --format parquet: disk line %q, want sweep.parquet and no sweep.csv", disk)
	}
	var mib float64
	if _, after, ok := strings.Cut(o, "memory:    about "); !ok || !strings.Contains(after, "for the Parquet writer") {
		t.Errorf("dry run with --format parquet: %q, want the Parquet writer's memory", o)
	} else if fmt.Sscanf(after, "%g", &mib); mib < 8+14 {
		t.Errorf("dry run with --format parquet estimates %g MiB peak: less than the process and the Parquet writer's page buffers", mib)
	}
}

// The dry run times a run's share of the tables over many rows, apart
// from the points': timed together, a design of many replications (a
// point's rows taking tens of milliseconds) had its calibration rows
// parsed once, cold, and the tables of 100,000 runs were estimated at 3
// to 18 s for the 2 they took.
func TestProbeAssemblyTimesManyRows(t *testing.T) {
	sc, err := scenarios.Load(sweepFile(t, "sweep_grid.toml", "replications = 2", "replications = 100000"))
	if err != nil {
		t.Fatal(err)
	}
	job, err := prepareSweepScenario(sc, formatCSV)
	if err != nil {
		t.Fatal(err)
	}
	pr := newPointRunner(job, 1)
	var rows [][]byte
	for a := range job.design.ArmNames {
		_, j := job.design.job(a)
		row, err := pr.run(t.Context(), j)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	asm, err := probeAssembly(job, rows)
	if err != nil {
		t.Fatal(err)
	}
	if asm.timedRows < minTimedRows {
		t.Errorf("probeAssembly timed %d rows, want at least %d", asm.timedRows, minTimedRows)
	}
}

// A shard's dry run gives the shard's memory, not the merge's: a shard
// assembles no point and draws no chart, yet a shard of 1,000 of a
// design of 100,000 replications was estimated at twice a point's runs
// (2 x 81 MiB) over the process, where it takes the process and the
// index; the merge's peak is given apart, for its job's memory request.
func TestSweepDryRunShardMemory(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml", "replications = 2", "replications = 100000")
	dryRun := func(extra ...string) string {
		o, _ := mustRun(t, append([]string{"sweep", file, "--out", filepath.Join(t.TempDir(), "s"), "--dry-run"}, extra...)...)
		return o
	}
	mib := func(o, prefix string) float64 {
		t.Helper()
		_, after, ok := strings.Cut(o, prefix)
		f := strings.Fields(after)
		if !ok || len(f) < 2 {
			t.Fatalf("dry run %q has no %q", o, prefix)
		}
		var x float64
		fmt.Sscanf(f[0], "%g", &x)
		return x * map[string]float64{"KiB": 1.0 / 1024, "MiB": 1, "GiB": 1024}[strings.TrimRight(f[1], ",)")]
	}
	// both peaks start from the process's own resident memory, which in a
	// test binary is that of the tests before it: compare them with each
	// other, not with a point's runs alone
	o := dryRun("--shard", "0/1000")
	peak, point, merge := mib(o, "memory:    about "), mib(o, "one point's runs, "), mib(o, "ipsim merge needs about ")
	if whole := mib(dryRun(), "memory:    about "); peak > whole-point/2 {
		t.Errorf("a shard's peak %g MiB is not a point's runs (%g MiB) below the whole sweep's, %g MiB: the shard never assembles a point", peak, point, whole)
	}
	if merge < 2*point {
		t.Errorf("the merge's peak %g MiB is less than twice a point's runs, %g MiB", merge, point)
	}
}

// The dry run's time for the tables counts indices.csv: the bootstrap of
// every series over the base samples or trajectories, which took 8 s of
// the tables of a Sobol design of 4,000 base samples (2 keys, 2 arms)
// estimated at 2 s in all. It grows with the groups; grids have none.
func TestProbeIndices(t *testing.T) {
	probe := func(replace ...string) time.Duration {
		t.Helper()
		return probeIndices(designOf(t, sweepFile(t, "sweep_sobol.toml", replace...), modelMetrics()), len(modelMetrics()))
	}
	if got := probeIndices(designOf(t, filepath.Join("testdata", "sweep_grid.toml"), modelMetrics()), len(modelMetrics())); got != 0 {
		t.Errorf("a grid's indices take %v, want 0: it has none", got)
	}
	small, large := probe(), probe("points = 8", "points = 4000")
	if small <= 0 || large < 10*small {
		t.Errorf("sobol indices of 8 base samples take %v, of 4,000 %v: want more than 0, and 10 times more", small, large)
	}
	if m := probe(`method = "sobol"`, `method = "morris"`); m <= 0 {
		t.Errorf("morris indices take %v, want more than 0", m)
	}
}

// The dry run divides the time by the runs that can go in parallel: no
// more than GOMAXPROCS, which a container's CPU limit sets, whatever
// --workers asks and the node's CPUs (runtime.NumCPU) are.
func TestSweepDryRunParallelism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	o, _ := mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", filepath.Join(t.TempDir(), "s"), "--workers", "4", "--dry-run")
	if !strings.Contains(o, "min(workers, GOMAXPROCS) = 1)") {
		t.Errorf("dry run with --workers 4 and GOMAXPROCS 1:\n%s\nwant runs scaled by 1", o)
	}
}

// perUnit gives the fastest batch's time per unit: a batch that lost the
// processor (here, sleeping 100 ms) does not count, where a mean over the
// batches made the dry run's estimate of the tables vary from 6 to 50 s
// from one dry run to the next on a busy machine.
func TestPerUnitIgnoresAStalledBatch(t *testing.T) {
	calls := 0
	got := perUnit(1, func() int {
		calls++
		if calls == 1 {
			time.Sleep(100 * time.Millisecond)
		} else {
			time.Sleep(3 * time.Millisecond)
		}
		return 1
	})
	if got > 20*time.Millisecond {
		t.Errorf("perUnit = %v after a stalled batch of 100 ms and batches of 3 ms, want the fast batches' time", got)
	}
	calls = 0
	perUnit(1000, func() int { calls++; return 10 })
	if calls < 100 {
		t.Errorf("perUnit with min 1000 called a 10-unit f %d times, want 100 or more", calls)
	}
}

// The dry run's time counts the charts, which read points.csv back
// (200,000 points of one arm: 8.8 s, after 8 s of tables estimated at
// 6 s, with nothing said of the charts), and leaves them out when the
// scenario draws none.
func TestSweepDryRunTimesTheCharts(t *testing.T) {
	for _, plots := range []bool{false, true} {
		file := sweepFile(t, "sweep_grid.toml", "plots = false", fmt.Sprintf("plots = %v", plots))
		o, _ := mustRun(t, "sweep", file, "--out", filepath.Join(t.TempDir(), "s"), "--dry-run")
		if got := strings.Contains(o, "drawing the charts"); got != plots {
			t.Errorf("output.plots = %v: dry run %q, want the charts' time: %v", plots, o, plots)
		}
	}
}

// A sweep lists the runs it has to do a batch at a time, not all at once
// (32 bytes a run: 32 MB for a million-run design): the batches hold at
// most sweepBatch runs and, together, the shard's unrecorded runs in order.
func TestSweepTodoBatches(t *testing.T) {
	d := designOf(t, filepath.Join("testdata", "sweep_grid.toml"), modelMetrics())
	ix := &runIndex{recs: make([]record, d.Runs())}
	for _, r := range []int{1, 4, 10, 13, 22} { // 4, 10 and 22 are shard 1/3's
		ix.recs[r].len = 1
	}
	sh := shard{Index: 1, Count: 3}
	var want []int
	for r := 1; r < d.Runs(); r += 3 {
		if !ix.has(r) {
			want = append(want, r)
		}
	}
	td := newTodo(d, ix, sh)
	if td.n != len(want) {
		t.Errorf("todo counts %d runs to do, want %d", td.n, len(want))
	}
	var got []int
	var buf []sim.Job
	for {
		buf = td.batch(buf, 2)
		if len(buf) == 0 {
			break
		}
		if len(buf) > 2 {
			t.Fatalf("a batch of %d runs, want at most 2", len(buf))
		}
		for _, j := range buf {
			if _, dj := d.job(j.Index); dj != j {
				t.Errorf("batch job %+v, the design's is %+v", j, dj)
			}
			got = append(got, j.Index)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("batches listed runs %v, want %v", got, want)
	}
}

// Running in batches changes nothing in the results.
func TestSweepInBatches(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	one := filepath.Join(t.TempDir(), "one")
	mustRun(t, "sweep", file, "--out", one, "--quiet")
	old := sweepBatch
	sweepBatch = 5
	defer func() { sweepBatch = old }()
	batched := filepath.Join(t.TempDir(), "batched")
	mustRun(t, "sweep", file, "--out", batched, "--quiet", "--workers", "2")
	for _, name := range []string{"sweep.csv", "points.csv"} {
		a, err := os.ReadFile(filepath.Join(one, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(batched, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs when the sweep runs in batches of 5", name)
		}
	}
}

// A sweep stopped by a signal once its runs are done, while it builds its
// tables, exits with status 130 and says the runs are recorded and how to
// finish, as a sweep stopped in its runs does (it said "context canceled",
// status 1).
func TestSweepInterruptedWritingTables(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	beforeFinish = func(string) {
		syscall.Kill(os.Getpid(), syscall.SIGINT) // run's signal context takes it
		time.Sleep(200 * time.Millisecond)
	}
	_, _, err := runCLI(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", out, "--quiet")
	beforeFinish = nil
	if exitCode(err) != 130 || !strings.Contains(err.Error(), "--resume") {
		t.Fatalf("sweep interrupted writing its tables: exit %d (%v), want 130 and how to finish", exitCode(err), err)
	}
	if _, err := os.Stat(filepath.Join(out, "sweep.csv")); err == nil {
		t.Errorf("an interrupted sweep wrote sweep.csv")
	}
	mustRun(t, "sweep", "--resume", out, "--quiet")
}

// A dry run stopped by a signal during its calibration runs exits with
// status 130 (it said "context canceled", status 1).
func TestSweepDryRunInterrupted(t *testing.T) {
	file := filepath.Join(t.TempDir(), "big.toml")
	// a China-sized world with counties: the calibration's first run
	// takes far longer than the signal's delay
	sc := "extends = \"default\"\n[world]\ncounties_per_city = 8\n[sweep.values]\n\"policy.career_concern\" = [0, 3]\n"
	if err := os.WriteFile(file, []byte(sc), 0o644); err != nil {
		t.Fatal(err)
	}
	// a SIGINT sent just as the dry run ends, after its handler is gone,
	// must not kill the test binary
	absorb := make(chan os.Signal, 1)
	signal.Notify(absorb, syscall.SIGINT)
	defer signal.Stop(absorb)
	var mu sync.Mutex // held while the command runs: no signal after it
	mu.Lock()
	go func() {
		time.Sleep(300 * time.Millisecond)
		if mu.TryLock() {
			return // the dry run ended first: no handler would take the signal
		}
		syscall.Kill(os.Getpid(), syscall.SIGINT) // run's signal context takes it
	}()
	_, _, err := runCLI(t, "sweep", file, "--dry-run", "--out", filepath.Join(t.TempDir(), "sw"), "--quiet")
	mu.Unlock()
	if exitCode(err) != 130 {
		t.Errorf("sweep --dry-run interrupted: exit %d (%v), want 130", exitCode(err), err)
	}
}

// A sweep writes no panel: output.panel = true in its scenario, which
// ipsim run reads, is not silently left unused.
func TestSweepWarnsPanelUnused(t *testing.T) {
	for _, tc := range []struct {
		panel string
		warns bool
	}{{"plots = false\npanel = true", true}, {"plots = false\npanel = false", false}, {"plots = false", false}} {
		file := sweepFile(t, "sweep_grid.toml", "plots = false", tc.panel)
		_, e := mustRun(t, "sweep", file, "--out", filepath.Join(t.TempDir(), "out"), "--dry-run")
		if got := strings.Contains(e, "output.panel = true: ipsim sweep writes no panel"); got != tc.warns {
			t.Errorf("%q: warns %v, want %v; stderr:\n%s", tc.panel, got, tc.warns, e)
		}
	}
}

// --resume and --out may name one folder in two ways (relative and
// absolute); two folders are refused.
func TestSweepResumeAndOutOneFolder(t *testing.T) {
	tmp := t.TempDir()
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", filepath.Join(tmp, "sw"), "--quiet")
	t.Chdir(tmp)
	mustRun(t, "sweep", "--resume", "sw", "--out", filepath.Join(tmp, "sw"), "--quiet")
	if _, _, err := runCLI(t, "sweep", "--resume", "sw", "--out", "other", "--quiet"); exitCode(err) != 2 {
		t.Errorf("--resume sw --out other: %v, want a usage error", err)
	}
}

// A run that overflows float64 stops the sweep with an error that says
// what happens to the runs recorded and how to go on: the run is
// deterministic, so --resume stops at it again, and a changed design is
// refused by --resume, so the way on is a changed design started over.
func TestSweepOverflowSaysHowToGoOn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ov.toml")
	if err := os.WriteFile(path, []byte(`name = "ov"
[run]
replications = 1
[world]
provinces = 2
cities_per_province = 2
frontier_growth = 1
[market]
demand_growth = 1
[sweep]
method = "grid"
[sweep.values]
"run.steps" = [8, 2200]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	_, _, err := runCLI(t, "sweep", path, "--out", out, "--quiet", "--workers", "1")
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"passed float64's range", filepath.Join(out, "runs"), "--resume would stop", "--force"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// Once its runs are recorded, a sweep says it is writing the tables and
// charts (which take a while on a large design and show no progress of
// their own); --quiet says nothing.
func TestSweepSaysItWritesTables(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sw.toml")
	if err := os.WriteFile(file, []byte("name = \"sw\"\n[run]\nsteps = 2\n[world]\nprovinces = 1\ncities_per_province = 1\n[sweep.values]\n\"world.heterogeneity\" = [0.2, 0.8]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, quiet := range []bool{false, true} {
		args := []string{"sweep", file, "--reps", "1", "--out", filepath.Join(t.TempDir(), "out")}
		if quiet {
			args = append(args, "--quiet")
		}
		_, e := mustRun(t, args...)
		if got := strings.Contains(e, "every run recorded; writing the tables, charts and report into"); got == quiet {
			t.Errorf("quiet %v: stderr %q says it writes the tables: %v", quiet, e, got)
		}
	}
}

// With output.plots = false a sweep draws no charts and writes no report:
// neither its closing line nor a dry run of its finished folder says it
// does.
func TestSweepWritesNoChartsWithoutPlots(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sw.toml")
	if err := os.WriteFile(file, []byte("name = \"sw\"\n[run]\nsteps = 2\n[world]\nprovinces = 1\ncities_per_province = 1\n[output]\nplots = false\n[sweep.values]\n\"world.heterogeneity\" = [0.2, 0.8]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, e := mustRun(t, "sweep", file, "--reps", "1", "--out", out)
	if !strings.Contains(e, "every run recorded; writing the tables into") {
		t.Errorf("stderr %q: want it to write the tables alone", e)
	}
	o, _ := mustRun(t, "sweep", "--resume", out, "--dry-run")
	if !strings.Contains(o, "the sweep would only write the tables\n") {
		t.Errorf("dry run %q: want it to write the tables alone", o)
	}
}
