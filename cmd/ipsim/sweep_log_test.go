package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestRunLogTornLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, runsDir, "shard-0-of-1.log")
	l, err := openRunLog(path, "abc")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []int{0, 2, 1} {
		if err := l.Append(r, []byte("row,"+strings.Repeat("x", r))); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// A killed writer leaves half a line; a corrupted line has a bad sum.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("deadbeef 7,row,a\n")  // checksum wrong: ignored
	f.WriteString("0b0e2e6c 3,row,half") // torn: no newline
	f.Close()

	ix, err := loadRuns([]string{dir}, "abc", 5)
	if err != nil {
		t.Fatal(err)
	}
	if ix.done != 3 || !ix.has(0) || !ix.has(1) || !ix.has(2) || ix.has(3) {
		t.Fatalf("recorded %d runs (0:%v 1:%v 2:%v 3:%v), want runs 0, 1, 2", ix.done, ix.has(0), ix.has(1), ix.has(2), ix.has(3))
	}
	if _, n := ix.missing(0); n != 2 {
		t.Errorf("missing = %d, want 2", n)
	}
	var rows []string
	ix.recs = ix.recs[:3]
	if err := ix.rows(func(i int, row []byte) error { rows = append(rows, string(row)); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := "row,|row,x|row,xx"; strings.Join(rows, "|") != want {
		t.Errorf("rows in run order = %q, want %q", strings.Join(rows, "|"), want)
	}

	// Reopening cuts the torn line, so the next record starts on a line
	// of its own.
	l, err = openRunLog(path, "abc")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(3, []byte("row,3")); err != nil {
		t.Fatal(err)
	}
	l.Close()
	ix, err = loadRuns([]string{dir}, "abc", 5)
	if err != nil {
		t.Fatal(err)
	}
	if ix.done != 4 || !ix.has(3) {
		t.Errorf("after reopening: %d runs, run 3 %v; want 4 runs with run 3", ix.done, ix.has(3))
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "half") {
		t.Errorf("torn line still in the log:\n%s", data)
	}
}

func TestRunLogRefusesOtherDesign(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, runsDir, "shard-0-of-1.log")
	l, err := openRunLog(path, "abc")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := openRunLog(path, "xyz"); err == nil || !strings.Contains(err.Error(), "another sweep design") {
		t.Errorf("openRunLog with another design: %v, want a refusal", err)
	}
	if _, err := loadRuns([]string{dir}, "xyz", 3); err == nil || !strings.Contains(err.Error(), "another sweep design") {
		t.Errorf("loadRuns with another design: %v, want a refusal", err)
	}
}

// A log created but killed before its header was whole holds no runs, and
// the next writer completes the header.
func TestRunLogTornHeader(t *testing.T) {
	for _, torn := range []string{"", logHeaderText[:5], logHeaderText + "ab"} {
		dir := t.TempDir()
		path := filepath.Join(dir, runsDir, "shard-0-of-1.log")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(torn), 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err := loadRuns([]string{dir}, "abc", 3)
		if err != nil || ix.done != 0 {
			t.Fatalf("torn header %q: loadRuns = %v, %v; want no runs and no error", torn, ix, err)
		}
		l, err := openRunLog(path, "abc")
		if err != nil {
			t.Fatalf("torn header %q: %v", torn, err)
		}
		l.Append(1, []byte("row"))
		l.Close()
		if ix, err = loadRuns([]string{dir}, "abc", 3); err != nil || !ix.has(1) {
			t.Errorf("torn header %q: after a write, loadRuns = %v, run 1 recorded: %v", torn, err, err == nil && ix.has(1))
		}
	}
}

// Two writers opening a new log at the same moment: one gets it, and what
// it writes is in the file on disk (not in a file the other replaced).
func TestRunLogOpenRace(t *testing.T) {
	for trial := range 50 {
		dir := t.TempDir()
		path := filepath.Join(dir, runsDir, "shard-0-of-2.log")
		logs := make([]*runLog, 2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range logs {
			wg.Go(func() { logs[i], errs[i] = openRunLog(path, "abc") })
		}
		wg.Wait()
		won := 0
		for i, l := range logs {
			if errs[i] != nil {
				continue
			}
			won++
			l.Append(i, []byte("row"))
			l.Close()
		}
		if won != 1 {
			t.Fatalf("trial %d: %d writers opened the log (%v), want 1", trial, won, errs)
		}
		ix, err := loadRuns([]string{dir}, "abc", 2)
		if err != nil || ix.done != 1 {
			t.Fatalf("trial %d: the winner's record is not on disk: %v, %d runs", trial, err, ix.done)
		}
	}
}

func TestRunLogLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), runsDir, "shard-0-of-1.log")
	l, err := openRunLog(path, "abc")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := openRunLog(path, "abc"); err == nil || !strings.Contains(err.Error(), "another process") {
		t.Errorf("second open: %v, want a refusal", err)
	}
}

func TestRunLogConflictingDuplicate(t *testing.T) {
	dir := t.TempDir()
	for i, row := range []string{"row,a", "row,b"} {
		l, err := openRunLog(filepath.Join(dir, logName(shard{Index: i, Count: 2})), "abc")
		if err != nil {
			t.Fatal(err)
		}
		l.Append(0, []byte(row))
		l.Close()
	}
	if _, err := loadRuns([]string{dir}, "abc", 1); err == nil || !strings.Contains(err.Error(), "different results") {
		t.Errorf("loadRuns: %v, want an error about different results", err)
	}
}

// A sweep split into more shards than a process may open files (a
// 5,000-task array in one folder) is still assembled: rows keeps at most
// maxOpenLogs logs open.
func TestRunLogRowsBoundsOpenFiles(t *testing.T) {
	if _, err := os.ReadDir("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd to count open files")
	}
	defer func(n int) { maxOpenLogs = n }(maxOpenLogs)
	maxOpenLogs = 3
	const shards = 12
	dir := t.TempDir()
	for s := 0; s < shards; s++ {
		l, err := openRunLog(filepath.Join(dir, logName(shard{s, shards, ""})), "abc")
		if err != nil {
			t.Fatal(err)
		}
		for r := s; r < 3*shards; r += shards {
			if err := l.Append(r, []byte(fmt.Sprintf("row %d", r))); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := loadRuns([]string{dir}, "abc", 3*shards)
	if err != nil {
		t.Fatal(err)
	}
	fds := func() int { e, _ := os.ReadDir("/proc/self/fd"); return len(e) }
	before, most := fds(), 0
	err = ix.rows(func(i int, row []byte) error {
		if want := fmt.Sprintf("row %d", i); string(row) != want {
			t.Errorf("run %d: row %q, want %q", i, row, want)
		}
		most = max(most, fds()-before)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if most > maxOpenLogs {
		t.Errorf("rows held %d files open at once, want at most %d", most, maxOpenLogs)
	}
}

// A failed append (a full disk) names the log once, not again in the
// file system's own error.
func TestRunLogAppendErrorNamesLogOnce(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here:", err)
	}
	l := &runLog{f: f}
	defer l.f.Close()
	err = l.Append(0, []byte("row"))
	if err == nil || strings.Count(err.Error(), "/dev/full") != 1 || !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("Append to a full disk: %v, want the log named once and the cause", err)
	}
}
