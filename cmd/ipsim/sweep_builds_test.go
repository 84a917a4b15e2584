package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckBuilds(t *testing.T) {
	yes := true
	base := buildID{Version: "devel", Revision: "aaa", Go: "go1.26.8", Platform: "linux/amd64 GOAMD64=v1"}
	with := func(f func(*buildID)) buildID { b := base; f(&b); return b }
	unstamped := func(hash string) buildID {
		return with(func(b *buildID) { b.Revision = "unknown"; b.Binary = hash })
	}
	tests := []struct {
		name          string
		builds        []buildID
		wantErr, warn bool
		says          string // in the warning: what may differ
	}{
		{"one build", []buildID{base, base}, false, false, ""},
		{"another revision", []buildID{base, with(func(b *buildID) { b.Revision = "bbb" })}, true, false, ""},
		{"another version", []buildID{with(func(b *buildID) { b.Version = "v1.0.0" }), with(func(b *buildID) { b.Version = "v1.1.0" })}, true, false, ""},
		// not known to differ, nor to be the same: not the last digits only
		{"revision unknown on one side", []buildID{base, with(func(b *buildID) { b.Revision = "unknown" })}, false, true, "cannot tell"},
		{"version devel on one side", []buildID{with(func(b *buildID) { b.Version = "v1.0.0"; b.Revision = "unknown" }), with(func(b *buildID) { b.Revision = "unknown" })}, false, true, "cannot tell"},
		{"another instruction-set level", []buildID{base, with(func(b *buildID) { b.Platform = "linux/amd64 GOAMD64=v3" })}, false, true, "last digits"},
		{"another Go", []buildID{base, with(func(b *buildID) { b.Go = "go1.26.9" })}, false, true, "last digits"},
		{"uncommitted changes", []buildID{base, with(func(b *buildID) { b.Modified = &yes })}, false, true, "cannot tell"},
		// go run's builds: no revision; only the executable tells them apart
		{"unstamped, one executable", []buildID{unstamped("1111"), unstamped("1111")}, false, false, ""},
		{"unstamped, two executables", []buildID{unstamped("1111"), unstamped("2222")}, false, true, "cannot tell"},
		{"uncommitted changes, two executables", []buildID{with(func(b *buildID) { b.Modified = &yes; b.Binary = "1111" }), with(func(b *buildID) { b.Modified = &yes; b.Binary = "2222" })}, false, true, "cannot tell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var bs []recordedBuild
			for i, b := range tt.builds {
				bs = append(bs, recordedBuild{b, filepath.Join("d", runsDir, logName(shard{Index: i, Count: 2}))})
			}
			warning, err := checkBuilds(bs)
			if (err != nil) != tt.wantErr {
				t.Errorf("err = %v, want an error: %v", err, tt.wantErr)
			}
			if (warning != "") != tt.warn {
				t.Errorf("warning = %q, want one: %v", warning, tt.warn)
			}
			if !strings.Contains(warning, tt.says) {
				t.Errorf("warning = %q, want it to say %q", warning, tt.says)
			}
		})
	}
}

// Only a build whose version and revision do not name its code is named
// by its executable: go install of a tag has a version but no revision.
func TestUnnamedCode(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		b    buildID
		want bool
	}{
		{buildID{Version: "devel", Revision: "unknown"}, true},
		{buildID{Version: "v1.2.0", Revision: "unknown"}, false},
		{buildID{Version: "devel", Revision: "abc", Modified: &no}, false},
		{buildID{Version: "devel", Revision: "abc", Modified: &yes}, true},
	} {
		if got := tc.b.unnamedCode(); got != tc.want {
			t.Errorf("%v: unnamedCode %v, want %v", tc.b, got, tc.want)
		}
	}
}

// twoShards runs the sweep of file as two shards, each in its own folder
// under root, and returns the folders.
func twoShards(t *testing.T, file, root string) (a, b string) {
	t.Helper()
	a, b = filepath.Join(root, "a"), filepath.Join(root, "b")
	mustRun(t, "sweep", file, "--out", a, "--shard", "0/2", "--quiet")
	mustRun(t, "sweep", file, "--out", b, "--shard", "1/2", "--quiet")
	return a, b
}

// writeBuilds replaces the builds file of a shard's log under dir.
func writeBuilds(t *testing.T, dir string, sh shard, bs ...buildID) {
	t.Helper()
	var b []byte
	for _, id := range bs {
		line, err := json.Marshal(id)
		if err != nil {
			t.Fatal(err)
		}
		b = append(append(b, line...), '\n')
	}
	if err := os.WriteFile(buildsPath(filepath.Join(dir, logName(sh))), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A shard records the build that ran it; a merge of shards that other
// revisions of ipsim ran is refused, naming both, and a resume of a
// folder whose runs two revisions made is refused before it runs.
func TestSweepBuildsRecordedAndCompared(t *testing.T) {
	tmp := t.TempDir()
	file := sweepFile(t, "sweep_grid.toml")
	a, b := twoShards(t, file, tmp)
	got, err := readBuildsFile(buildsPath(filepath.Join(a, logName(shard{Index: 0, Count: 2}))))
	if err != nil || len(got) != 1 || !sameBuild(got[0], currentBuild()) {
		t.Fatalf("shard 0's builds file holds %v (%v), want this build, %v", got, err, currentBuild())
	}
	mustRun(t, "merge", filepath.Join(tmp, "ok"), a, b, "--quiet") // one build: merged

	other := currentBuild()
	other.Revision = "0123456789abcdef"
	old := other
	old.Revision = "fedcba9876543210"
	writeBuilds(t, a, shard{Index: 0, Count: 2}, old)
	writeBuilds(t, b, shard{Index: 1, Count: 2}, other)
	_, _, err = runCLI(t, "merge", filepath.Join(tmp, "out"), a, b)
	if err == nil || !strings.Contains(err.Error(), "different builds") || !strings.Contains(err.Error(), "fedcba987654") || !strings.Contains(err.Error(), "0123456789ab") {
		t.Errorf("merge of shards of two revisions: %v, want a refusal naming both", err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "out")); err == nil {
		t.Error("the refused merge made its folder")
	}

	// a folder half run by one revision and resumed by another
	c := filepath.Join(tmp, "c")
	mustRun(t, "sweep", file, "--out", c, "--shard", "0/2", "--quiet")
	writeBuilds(t, c, shard{Index: 0, Count: 2}, old, other)
	log := filepath.Join(c, logName(shard{Index: 0, Count: 2}))
	before, _ := os.ReadFile(log)
	if _, _, err := runCLI(t, "sweep", file, "--resume", c, "--quiet"); err == nil || !strings.Contains(err.Error(), "different builds") {
		t.Errorf("resume of runs made by two revisions: %v, want a refusal", err)
	}
	if after, _ := os.ReadFile(log); string(after) != string(before) {
		t.Error("the refused resume changed the run log")
	}
}

// Builds that differ only where the model's code cannot (another Go, an
// instruction-set level) are merged with a warning.
func TestMergeWarnsOfOtherPlatform(t *testing.T) {
	tmp := t.TempDir()
	file := sweepFile(t, "sweep_grid.toml")
	a, b := twoShards(t, file, tmp)
	v3 := currentBuild()
	v3.Platform = "linux/amd64 GOAMD64=v3"
	writeBuilds(t, b, shard{Index: 1, Count: 2}, v3)
	_, stderr := mustRun(t, "merge", filepath.Join(tmp, "out"), a, b)
	if !strings.Contains(stderr, "warning: runs of this sweep were made by 2 builds") || !strings.Contains(stderr, "GOAMD64=v3") {
		t.Errorf("merge of shards of two platforms warned:\n%s", stderr)
	}
}

// A shard resumed by another build warns under --quiet too: --quiet
// silences progress, and the cluster scripts of docs/sweeps.md use it.
func TestResumeByAnotherBuildWarnsWhenQuiet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	file := sweepFile(t, "sweep_grid.toml")
	mustRun(t, "sweep", file, "--out", dir, "--shard", "0/2", "--quiet")
	v3 := currentBuild()
	v3.Platform = "linux/amd64 GOAMD64=v3"
	writeBuilds(t, dir, shard{Index: 1, Count: 2}, v3)
	_, stderr := mustRun(t, "sweep", file, "--out", dir, "--shard", "1/2", "--quiet")
	if !strings.Contains(stderr, "warning: runs of this sweep were made by 2 builds") {
		t.Errorf("a shard run beside another build's runs with --quiet printed:\n%s", stderr)
	}
}
