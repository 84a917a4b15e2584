package main

// The manifest: manifest.json in every results folder says what produced
// it (ipsim version, VCS revision, Go version, command line), from what
// (scenario name and hash, master seed, every run's arm, replication and
// seed), when (start and end time) and whether it completed.
//
// Reusable by other commands: manifest (fill it, then writeManifest),
// buildInfo/readBuild (version and revision from the binary's build
// information, "unknown" when the build has none).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"
)

// Status values of a manifest.
const (
	statusCompleted   = "completed"
	statusInterrupted = "interrupted"
	statusSuperseded  = "superseded" // a sweep, merge or run started with --force over these results has not completed
)

// manifest is the content of manifest.json.
type manifest struct {
	Tool         string      `json:"tool"`    // "ipsim"
	Command      string      `json:"command"` // the subcommand: run, sweep, ...
	Version      string      `json:"version"`
	Revision     string      `json:"revision"` // VCS revision, or "unknown"
	Modified     *bool       `json:"modified"` // built from a tree with uncommitted changes; null when the build has no VCS stamp
	GoVersion    string      `json:"go_version"`
	Platform     string      `json:"platform"` // GOOS/GOARCH and the instruction-set level (GOAMD64, GOARM64): byte-for-byte reproduction holds on the same platform
	CommandLine  []string    `json:"command_line"`
	Scenario     string      `json:"scenario"`      // scenario name
	Source       string      `json:"source"`        // file or preset it was loaded from
	ScenarioHash string      `json:"scenario_hash"` // scenarios.Scenario.Hash: scenario.toml without comments, name, descriptions and [output]
	MasterSeed   uint64      `json:"master_seed"`
	Replications int         `json:"replications"`
	Arms         []string    `json:"arms"`
	Steps        int         `json:"steps"`
	StepsPerYear int         `json:"steps_per_year"`
	StartYear    int         `json:"start_year"`
	Workers      int         `json:"workers"` // worker goroutines used (does not change results)
	Format       string      `json:"format"`  // csv, parquet or both
	Dir          string      `json:"results_dir"`
	Started      time.Time   `json:"started"`
	Finished     time.Time   `json:"finished"`
	Status       string      `json:"status"` // completed or interrupted
	Note         string      `json:"note,omitempty"`
	SupersededBy string      `json:"superseded_by,omitempty"` // with status superseded: the command (sweep, merge or run) started over these results
	RunsPlanned  int         `json:"runs_planned"`
	RunsDone     int         `json:"runs_completed"`
	Runs         []runRecord `json:"runs"`  // every completed run, in job order
	Files        []string    `json:"files"` // every file of the folder this command wrote
}

// runRecord identifies one completed run: enough to rebuild it alone with
// the scenario.
type runRecord struct {
	Arm         string `json:"arm"`
	Replication int    `json:"replication"`
	Seed        uint64 `json:"seed"`
}

// buildInfo is what the binary knows about its own build.
type buildInfo struct {
	Version   string // module version, "devel" for a local build
	Revision  string // VCS revision, "unknown" if not stamped (e.g. -buildvcs=false)
	Modified  *bool  // uncommitted changes; nil if not stamped
	GoVersion string
	Platform  string // GOOS/GOARCH, and the instruction-set level when the build records one
}

// readBuild reads the binary's build information.
func readBuild() buildInfo {
	b := buildInfo{Version: "devel", Revision: "unknown", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		b.Version = v
	}
	if info.GoVersion != "" {
		b.GoVersion = info.GoVersion
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			if s.Value != "" {
				b.Revision = s.Value
			}
		case "vcs.modified":
			mod := s.Value == "true"
			b.Modified = &mod
		case "GOAMD64", "GOARM64", "GO386", "GOARM":
			// whether the compiler may fuse multiply-adds (v3, v8.x):
			// results differ in the last digits between levels
			b.Platform += " " + s.Key + "=" + s.Value
		}
	}
	return b
}

// newManifest fills the build fields and the start time. args are the
// command's arguments after its name: the manifest's command line names
// the command, so it runs again as given even when it was implied (ipsim
// FILE is ipsim run FILE).
func newManifest(command string, args []string) *manifest {
	b := readBuild()
	return &manifest{
		Tool:        "ipsim",
		Command:     command,
		Version:     b.Version,
		Revision:    b.Revision,
		Modified:    b.Modified,
		GoVersion:   b.GoVersion,
		Platform:    b.Platform,
		CommandLine: append([]string{"ipsim", command}, args...),
		Started:     time.Now().UTC().Truncate(time.Millisecond),
		Runs:        []runRecord{},
		Files:       []string{},
	}
}

// writeManifest writes m as manifest.json in dir, atomically.
func writeManifest(dir string, m *manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("ipsim: manifest: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, manifestName), append(data, '\n'))
}

// readManifest reads dir/manifest.json; a missing file is not an error
// (nil, nil).
func readManifest(dir string) (*manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("ipsim: %s: %w", filepath.Join(dir, manifestName), err)
	}
	return &m, nil
}

const manifestName = "manifest.json"
