package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// A --force run whose files cannot all be completed on disk (a sync
// failing: a full disk, a quota, an I/O error on a network file system)
// leaves the earlier results as they were: no file is renamed into place
// before every file is complete, so the folder never mixes the new
// steps.csv with the earlier summary.csv under the earlier manifest.
func TestFailedCommitKeepsEarlierResults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--format", "both")...)
	before := folderFiles(t, dir)
	for _, victim := range []string{"steps.parquet", "summary.csv", "scenario.toml", "columns.csv"} {
		syncFile = func(f *os.File) error {
			if strings.HasPrefix(filepath.Base(f.Name()), "."+victim+".tmp-") {
				return errors.New("injected sync failure")
			}
			return f.Sync()
		}
		_, _, err := runCLI(t, tinyArgs(dir, "--format", "both", "--force", "--seed", "99")...)
		syncFile = (*os.File).Sync
		if err == nil || !strings.Contains(err.Error(), "injected") {
			t.Fatalf("sync of %s failing: %v, want the error", victim, err)
		}
		checkFolderKept(t, dir, before, "sync of "+victim+" failing")
	}
}

// A committed file's folder is synced after the rename: fsync of the file
// alone puts its content on disk, not the name it was renamed to, so a
// power cut after ipsim reported success (or a shard its completion)
// could lose it. The same holds for a new run log.
func TestCommitSyncsFolder(t *testing.T) {
	var synced []string
	syncDir = func(dir string) error { synced = append(synced, filepath.Clean(dir)); return nil }
	defer func() { syncDir = syncDirDefault }()
	dir := t.TempDir()
	if err := writeFileAtomic(filepath.Join(dir, "a.txt"), []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(synced, filepath.Clean(dir)) {
		t.Errorf("after a commit into %s, synced %q, want the folder", dir, synced)
	}
	synced = nil
	l, err := openRunLog(filepath.Join(dir, runsDir, "shard-0-of-1.log"), "abc")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	for _, d := range []string{dir, filepath.Join(dir, runsDir)} {
		if !slices.Contains(synced, d) {
			t.Errorf("after a new run log, synced %q, want %s", synced, d)
		}
	}
	if err := syncDirDefault(dir); err != nil {
		t.Errorf("syncing %s: %v", dir, err)
	}
}

// A folder that refuses the lock file (missing, read-only) is named in
// the error, not the lock file the user never asked for.
func TestLockDirNamesTheFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := lockDir(dir, "")
	if err == nil || !strings.Contains(err.Error(), "cannot write into the results folder "+dir) || strings.Contains(err.Error(), lockName) {
		t.Errorf("lockDir of a missing folder: %v, want it to name the folder, not %s", err, lockName)
	}
}

// A file that cannot be created is named in the error as the caller named
// it, not by its temporary name (".x.csv.tmp-123" means nothing to a
// user): init into /proc said "open /proc/.nope.toml.tmp-3353411848".
func TestCreateAtomicErrorNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "x.csv")
	_, err := createAtomic(path)
	if err == nil || !strings.Contains(err.Error(), "cannot write "+path) || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("createAtomic(%s) = %v, want an error naming the file", path, err)
	}
}
