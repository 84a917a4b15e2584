package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary compiles ipsim into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary: skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "ipsim")
	// go test puts the go command that runs it first on PATH.
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build the binary: %v", err)
	}
	cmd := exec.Command(gobin, "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// interruptRun starts the binary with args, waits until its first run is
// done (its first progress line) and wait more, sends sig, and returns its
// exit status once it stops (failing the test after 60 s).
func interruptRun(t *testing.T, bin string, sig syscall.Signal, wait time.Duration, args ...string) int {
	t.Helper()
	return interruptRepeated(t, bin, sig, wait, -1, args...)
}

// interruptRepeated is interruptRun sending sig a second time after
// again (none if again < 0).
func interruptRepeated(t *testing.T, bin string, sig syscall.Signal, wait, again time.Duration, args ...string) int {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var log []string
	for sc.Scan() {
		log = append(log, sc.Text())
		if strings.Contains(sc.Text(), " runs, ") {
			break
		}
	}
	time.Sleep(wait)
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if again >= 0 {
		time.Sleep(again)
		cmd.Process.Signal(sig)
	}
	go func() {
		for sc.Scan() {
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("ipsim did not stop within 60 s of %v; stderr so far: %q", sig, log)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("exit after %v: %v; stderr: %q", sig, err, log)
	}
	return exit.ExitCode()
}

// TestInterruptSavesCompletedRuns starts a long run of the binary, sends
// SIGINT once some runs are complete, and checks that the process exits
// with status 130 having written every file for the runs completed, with
// the manifest saying it was interrupted.
func TestInterruptSavesCompletedRuns(t *testing.T) {
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			// 3 arms x 2000 replications on one worker: far more than
			// can finish before the signal; half a second after the
			// first run, a few replications are done (a run of this
			// world takes a millisecond or two): files hold complete
			// replications only
			if code := interruptRun(t, bin, sig, 500*time.Millisecond, "run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3",
				"--reps", "2000", "--workers", "1", "--out", dir, "--no-plots"); code != 130 {
				t.Fatalf("exit after %v: status %d, want 130", sig, code)
			}
			m := readManifestT(t, dir)
			if m.Status != statusInterrupted || m.Note == "" {
				t.Errorf("manifest status %q note %q, want interrupted with a note", m.Status, m.Note)
			}
			if m.RunsDone < 1 || m.RunsDone >= m.RunsPlanned || len(m.Runs) != m.RunsDone || m.RunsDone%len(m.Arms) != 0 {
				t.Errorf("manifest: %d runs done (%d listed) of %d planned, want at least 1, not all, and whole replications of %d arms", m.RunsDone, len(m.Runs), m.RunsPlanned, len(m.Arms))
			}
			steps := readCSV(t, filepath.Join(dir, "steps.csv"))
			if got, want := len(steps)-1, m.RunsDone*m.Steps; got != want {
				t.Errorf("steps.csv has %d rows, want %d (%d complete runs)", got, want, m.RunsDone)
			}
			for _, name := range []string{"summary.csv", "effects.csv", "events.csv", "documents.csv", "columns.csv", "scenario.toml"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
					t.Errorf("interrupted run did not write %s: %v", name, err)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("temporary file %s left after the interrupt", e.Name())
				}
			}
			// the files hold the first replications of the run (README,
			// Reproduce: its saved scenario with --reps the number every
			// arm completed reproduces them; checked here on the first two)
			again := filepath.Join(t.TempDir(), "again")
			mustRun(t, "run", filepath.Join(dir, "scenario.toml"), "--reps", "2", "--out", again, "--quiet")
			first2 := func(s string) bool { return s == "0" || s == "1" }
			for _, f := range []string{"steps.csv", "events.csv", "documents.csv"} {
				if a, b := readCSV(t, filepath.Join(again, f)), rowsWhere(t, filepath.Join(dir, f), 1, first2); len(a) < 2 || !sameRows(a, b) {
					t.Errorf("%s: the interrupted run's first 2 replications are not its scenario's run with --reps 2", f)
				}
			}
		})
	}
}

// TestRepeatedSignalStopsCleanly: timeout(1) and some schedulers send a
// signal to the process and to its process group, so it arrives twice at
// once; that is not a second Ctrl-C, which kills: the run still saves
// its completed runs, exits 130 and releases its folder.
func TestRepeatedSignalStopsCleanly(t *testing.T) {
	bin := buildBinary(t)
	dir := filepath.Join(t.TempDir(), "out")
	if code := interruptRepeated(t, bin, syscall.SIGTERM, 100*time.Millisecond, 20*time.Millisecond, "run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3",
		"--reps", "2000", "--workers", "1", "--out", dir, "--no-plots"); code != 130 {
		t.Fatalf("exit after a repeated SIGTERM: status %d, want 130", code)
	}
	if m := readManifestT(t, dir); m.Status != statusInterrupted {
		t.Errorf("manifest status %q, want %q", m.Status, statusInterrupted)
	}
	if _, err := os.Stat(filepath.Join(dir, lockName)); err == nil {
		t.Errorf("%s left after the interrupt", lockName)
	}
}

// TestInterruptedForceKeepsEarlierResults: a --force run over complete
// results that is interrupted leaves them as they were.
func TestInterruptedForceKeepsEarlierResults(t *testing.T) {
	bin := buildBinary(t)
	dir := filepath.Join(t.TempDir(), "out")
	small := []string{"run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3", "--workers", "1", "--out", dir, "--no-plots", "--quiet"}
	if out, err := exec.Command(bin, append(small, "--reps", "2")...).CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	before := folderFiles(t, dir)
	if code := interruptRun(t, bin, syscall.SIGINT, 0, "run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3",
		"--reps", "2000", "--workers", "1", "--out", dir, "--no-plots", "--force"); code != 130 {
		t.Fatalf("exit: status %d, want 130", code)
	}
	checkFolderKept(t, dir, before, "an interrupted --force run")
	// so does a folder whose manifest cannot be read: its files are
	// still earlier results
	before[manifestName] = []byte("{")
	if err := os.WriteFile(filepath.Join(dir, manifestName), before[manifestName], 0o644); err != nil {
		t.Fatal(err)
	}
	if code := interruptRun(t, bin, syscall.SIGINT, 0, "run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3",
		"--reps", "2000", "--workers", "1", "--out", dir, "--no-plots", "--force"); code != 130 {
		t.Fatalf("exit: status %d, want 130", code)
	}
	checkFolderKept(t, dir, before, "an interrupted --force run over an unreadable manifest")
}
