package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestAtomicFileCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// Until Commit, the final name keeps its old content.
	f, err := createAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("new\n"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("before Commit %s = %q, want the old content", path, got)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new\n" {
		t.Errorf("after Commit %s = %q, want %q", path, got, "new\n")
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o644 {
		t.Errorf("mode = %v, want 0644", perm)
	}
	if err := f.Commit(); err == nil {
		t.Error("second Commit succeeded, want an error")
	}

	// Abort leaves the final name alone and removes the temporary file.
	g, err := createAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	g.WriteString("half")
	g.Abort()
	if got, _ := os.ReadFile(path); string(got) != "new\n" {
		t.Errorf("after Abort %s = %q, want %q", path, got, "new\n")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want 1 (no temporary file left)", len(entries))
	}
}

func TestPrepareDir(t *testing.T) {
	root := t.TempDir()
	full := filepath.Join(root, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "steps.csv"), []byte("x"), 0o644)
	file := filepath.Join(root, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)

	for _, tc := range []struct {
		name    string
		dir     string
		force   bool
		wantErr error // nil: no error; errAny: any error
	}{
		{"new folder is created", filepath.Join(root, "a", "b"), false, nil},
		{"empty folder is fine", empty, false, nil},
		{"non-empty folder is refused", full, false, errNotEmpty},
		{"non-empty folder with force", full, true, nil},
		{"a file is refused", file, true, errAny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := prepareDir(tc.dir, tc.force)
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("prepareDir = %v, want nil", err)
			case tc.wantErr == errAny && err == nil, tc.wantErr != nil && tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Fatalf("prepareDir = %v, want %v", err, tc.wantErr)
			}
			if err == nil {
				if info, err := os.Stat(tc.dir); err != nil || !info.IsDir() {
					t.Errorf("%s is not a folder after prepareDir", tc.dir)
				}
			}
		})
	}
	// Nothing was deleted, with or without force.
	if _, err := os.Stat(filepath.Join(full, "steps.csv")); err != nil {
		t.Errorf("prepareDir deleted a file: %v", err)
	}
}

var errAny = errors.New("any error")

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"steps.csv", "regions.csv", "notes.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	old := &manifest{Files: []string{"steps.csv", "regions.csv", "../escape.csv", "gone.csv"}}
	if err := removeStale(dir, old, []string{"steps.csv"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"steps.csv", true},    // written again
		{"regions.csv", false}, // listed by the old run only
		{"notes.txt", true},    // not ipsim's: never touched
	} {
		_, err := os.Stat(filepath.Join(dir, tc.name))
		if got := err == nil; got != tc.want {
			t.Errorf("%s exists = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Where the system has no flock (Windows, some network file systems), a
// run and a sweep run unguarded and leave no lock file behind.
func TestNoFlock(t *testing.T) {
	lockFile = func(*os.File) error { return errors.ErrUnsupported }
	defer func() { lockFile = tryLock }()
	dir := filepath.Join(t.TempDir(), "run")
	mustRun(t, tinyArgs(dir)...)
	sw := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", sw, "--quiet")
	for _, d := range []string{dir, sw} {
		if _, err := os.Stat(filepath.Join(d, lockName)); err == nil {
			t.Errorf("%s: %s left behind", d, lockName)
		}
	}
	if _, err := os.Stat(filepath.Join(sw, "sweep.csv")); err != nil {
		t.Errorf("the sweep did not finish without flock: %v", err)
	}
}
