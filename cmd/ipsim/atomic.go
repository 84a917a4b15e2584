package main

// Atomic files and results folders: nothing lost, nothing clobbered.
//
// Reusable by other commands:
//   - createAtomic(path): a file written under a hidden temporary name in
//     path's folder; Prepare syncs and closes it, Commit (preparing it if
//     needed) renames it to path, Abort removes it. A crash never leaves
//     a half-written file under path.
//   - writeFileAtomic(path, data): the same for a byte slice.
//   - prepareDir(dir, force): creates dir, or refuses a non-empty one
//     unless force (and even then deletes nothing).
//   - removeStale(dir, old, written): after a forced run completed, removes
//     the files an earlier run listed in its manifest that this run did not
//     write again.

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/ipsim/ipsim/scenarios"
)

// atomicFile is a file written under a temporary name and renamed to its
// final name by Commit.
type atomicFile struct {
	*os.File
	final string
	done  bool // committed or aborted
	ready bool // prepared: on disk and closed, under its temporary name
}

// createAtomic creates a temporary file in path's folder that Commit will
// rename to path.
func createAtomic(path string) (*atomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		// name the file asked for, not the temporary one
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("ipsim: cannot write %s: %w", path, err)
	}
	return &atomicFile{File: f, final: path}, nil
}

// Prepare flushes the file to disk and closes it under its temporary
// name: what a full or failing disk makes fail, fails here. A command
// writing several files prepares them all before it commits any, so an
// error leaves none of them under its final name (with --force, the
// earlier results whole, not mixed with new ones). On error the
// temporary file is removed. Commit prepares a file not yet prepared.
func (f *atomicFile) Prepare() error {
	switch {
	case f.done:
		return fmt.Errorf("ipsim: %s: already committed or aborted", f.final)
	case f.ready:
		return nil
	}
	err := syncFile(f.File)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		f.done = true
		os.Remove(f.Name())
		return fmt.Errorf("ipsim: writing %s: %w", f.final, err)
	}
	f.ready = true
	return nil
}

// Commit prepares the file (flushed to disk, closed) if it is not yet
// and renames it to its final name, replacing any file there.
func (f *atomicFile) Commit() error {
	if err := f.Prepare(); err != nil {
		return err
	}
	f.done = true
	if err := os.Rename(f.Name(), f.final); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("ipsim: writing %s: %w", f.final, err)
	}
	if err := syncDir(filepath.Dir(f.final)); err != nil {
		return fmt.Errorf("ipsim: writing %s: %w", f.final, err)
	}
	return nil
}

// syncDir flushes a folder's entries to disk: a file renamed (or
// created) into it is then there after a power cut too, not only its
// content. File systems that cannot sync a folder (some network ones,
// Windows) are not an error.
var syncDir = syncDirDefault

func syncDirDefault(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, fs.ErrPermission) {
		return err
	}
	return nil
}

// syncFile flushes a file to disk; tests replace it to play a failing
// disk.
var syncFile = (*os.File).Sync

// Abort closes and removes the temporary file; the final name is left
// untouched. Abort after Commit does nothing.
func (f *atomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	if !f.ready {
		f.Close()
	}
	os.Remove(f.Name())
}

// writeFileAtomic writes data to path through a temporary file.
func writeFileAtomic(path string, data []byte) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("ipsim: writing %s: %w", path, err)
	}
	return f.Commit()
}

// isTempFile reports whether name is a temporary file that writeFileAtomic
// or a chart writer (".NAME.tmp-123"), or prepareDir's check that the
// folder is writable (".ipsim-check-123"), left behind when killed: no
// result, so it does not make a results folder non-empty.
func isTempFile(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp") || strings.HasPrefix(name, ".ipsim-check-")
}

// emptyDir reports whether dir holds nothing but a lock file and
// temporary files (see prepareDir).
func emptyDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if n := e.Name(); n != lockName && !isTempFile(n) {
			return false
		}
	}
	return true
}

// scenarioInFolder refuses the results folder dir when its scenario.toml
// is the scenario file src being run, written by hand: the run (with
// --force) or the sweep writes the resolved scenario under that name,
// and the file, its comments and its extends, would be lost. A folder's
// own resolved scenario.toml (run again with more --reps, say, or a
// sweep's --resume) is a result, which may be replaced.
func scenarioInFolder(src, dir string) error {
	path := filepath.Join(dir, "scenario.toml")
	a, errA := os.Stat(src)
	b, errB := os.Stat(path)
	if errA != nil || errB != nil || !os.SameFile(a, b) {
		return nil
	}
	if f, err := os.Open(path); err == nil {
		first, _ := bufio.NewReader(f).ReadString('\n')
		f.Close()
		if strings.HasPrefix(first, "# ipsim scenario ") && strings.Contains(first, ", fully resolved from ") {
			return nil
		}
	}
	return fmt.Errorf("ipsim: %s is the scenario file being run, and the results folder %s gets the resolved scenario under that name, which would replace it: choose another folder with --out (or keep the scenario file elsewhere)", src, dir)
}

// extendedInFolder refuses the results folder dir when its scenario.toml
// is a file the scenario extends: the run would replace it with the
// resolved scenario, losing the file (its comments, its own extends) and
// changing what the scenario extends; even a folder's own resolved
// scenario.toml, extended, would then hold the extending file's events,
// which a later run of that file would add a second time.
func extendedInFolder(sc *scenarios.Scenario, dir string) error {
	path := filepath.Join(dir, "scenario.toml")
	b, err := os.Stat(path)
	if err != nil {
		return nil
	}
	for _, ext := range sc.Extends() {
		if a, err := os.Stat(ext); err == nil && os.SameFile(a, b) {
			return fmt.Errorf("ipsim: %s extends %s, and the results folder %s gets the resolved scenario under that name, which would replace it: choose another folder with --out (or extend a copy kept elsewhere)", sc.Source, ext, dir)
		}
	}
	return nil
}

// errNotEmpty is returned by prepareDir for a non-empty folder without force.
var errNotEmpty = errors.New("results folder is not empty")

// prepareDir makes sure dir can receive results: it creates it if needed
// and refuses a non-empty folder unless force is set. It never deletes
// anything.
func prepareDir(dir string, force bool) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("ipsim: cannot create the results folder %s: %w; choose another results folder", dir, pathErr(err))
		}
		return nil
	case err != nil:
		return fmt.Errorf("ipsim: cannot use %s as a results folder: %w; choose another results folder", dir, pathErr(err))
	case !info.IsDir():
		return fmt.Errorf("ipsim: results folder %s is a file, not a folder", dir)
	}
	// writable? (else the first table fails under a temporary name)
	if f, err := os.CreateTemp(dir, ".ipsim-check-*"); err != nil {
		return fmt.Errorf("ipsim: cannot write into the results folder %s: %w; choose another results folder", dir, pathErr(err))
	} else {
		f.Close()
		os.Remove(f.Name())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("ipsim: %w", err)
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return e.Name() == lockName || isTempFile(e.Name()) })
	if len(entries) > 0 && !force {
		return fmt.Errorf("ipsim: %s: %w (%s); choose another folder with --out, or replace its results with --force", dir, errNotEmpty, plural(len(entries), "entry"))
	}
	return nil
}

// pathErr is err without the path and operation an *fs.PathError repeats
// ("permission denied" rather than "open d/.x.tmp-123: permission denied").
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// errBusy and errNoLock are openLocked's errors when another process
// holds the lock and when the file system cannot lock.
var (
	errBusy   = errors.New("locked by another process")
	errNoLock = errors.New("cannot lock")
)

// openLocked opens (creating if needed) the file at path and takes an
// exclusive lock on it without waiting: errBusy when another process holds
// it, errNoLock (wrapped with the cause) when the file system (or the
// operating system) has no flock. Closing the file releases the lock.
func openLocked(path string) (*os.File, error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if errors.Is(err, fs.ErrPermission) && filepath.Base(path) == lockName {
			// a folder lock another user left: flock needs no write
			// access (if it is there; else the permission error stands)
			if g, err2 := os.Open(path); err2 == nil {
				f, err = g, nil
			}
		}
		if err != nil {
			return nil, fmt.Errorf("ipsim: %w", err)
		}
		switch err := lockFile(f); {
		case errors.Is(err, errBusy):
			f.Close()
			return nil, errBusy
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("%w (%v)", errNoLock, err)
		}
		// the holder it waited for may have removed the file on release:
		// a lock on a file no longer at path guards nothing, so take the
		// one at path
		fi, err1 := f.Stat()
		pi, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(fi, pi) {
			return f, nil
		}
		f.Close()
	}
}

// lockFile is tryLock; tests replace it to play a system without flock.
var lockFile = tryLock

// lockName is the file a run holds locked in its results folder while it
// writes there (left behind by a killed run, it is no result).
const lockName = ".ipsim.lock"

// lockDir takes the results folder dir for this process: two commands
// writing one folder at once (two runs, a run and ipsim plot, two merges)
// would otherwise mix their files and both report success. other ends the
// refusal's advice (", or choose another folder with --out"). The
// returned function releases the folder.
func lockDir(dir, other string) (func(), error) {
	path := filepath.Join(dir, lockName)
	f, err := openLocked(path)
	switch {
	case errors.Is(err, errBusy):
		return nil, fmt.Errorf("ipsim: %s is being written by another ipsim process: wait for it to finish%s", dir, other)
	case errors.Is(err, errNoLock):
		os.Remove(path) // no flock here (Windows, some network file systems): run unguarded, leaving no lock file
		return func() {}, nil
	case err != nil:
		// the lock file is ours to create: say which folder refused it
		return nil, fmt.Errorf("ipsim: cannot write into the results folder %s: %w; choose another results folder", dir, pathErr(err))
	}
	return func() {
		os.Remove(path)
		f.Close()
	}, nil
}

// folderBusy reports whether another process holds dir's lock (lockDir),
// without taking it or creating a lock file.
func folderBusy(dir string) bool {
	f, err := os.Open(filepath.Join(dir, lockName))
	if err != nil {
		return false
	}
	defer f.Close()
	return errors.Is(lockFile(f), errBusy)
}

// createAndLock creates the results folder dir if it does not exist and
// locks it (lockDir). The caller checks it with prepareDir only then: a
// command started at the same moment is told the folder is in use, not
// that it is full of the other's temporary files.
func createAndLock(dir, other string) (func(), error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		if err := prepareDir(dir, true); err != nil { // creates it, or says why not
			return nil, err
		}
	}
	return lockDir(dir, other)
}

// removeStale removes the files an earlier run recorded in its manifest
// (old) that this run did not write, so a forced rerun does not leave a
// mix of two runs. Only files the old manifest lists inside dir are
// touched.
func removeStale(dir string, old *manifest, written []string) error {
	if old == nil {
		return nil
	}
	for _, name := range old.Files {
		if !filepath.IsLocal(name) || slices.Contains(written, name) {
			continue
		}
		err := os.Remove(filepath.Join(dir, name))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("ipsim: removing stale %s: %w", name, err)
		}
	}
	return nil
}
