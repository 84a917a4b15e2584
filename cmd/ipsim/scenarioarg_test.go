package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// A scenario argument that is not a file but names a preset loads the
// preset; an unknown name says what exists.
func TestScenarioArgumentNamesPreset(t *testing.T) {
	t.Chdir(t.TempDir())
	var out, errb bytes.Buffer
	if err := run([]string{"show", "china"}, &out, &errb); err != nil {
		t.Fatalf("show china: %v", err)
	}
	if !strings.Contains(out.String(), `name = "china"`) || !strings.Contains(out.String(), "counties_per_city = 8") {
		t.Errorf("show china printed:\n%.400s", out.String())
	}
	out.Reset()
	errb.Reset()
	err := run([]string{"show", "chna"}, &out, &errb)
	if err == nil || !strings.Contains(errb.String(), `chna: no such scenario file or preset (did you mean "china"?)`) {
		t.Errorf("show chna: err %v, stderr %q", err, errb.String())
	}
	// my for my.toml: the file is suggested
	if err := os.WriteFile("my.toml", []byte("[run]\nsteps = 8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	err = run([]string{"show", "my"}, &out, &errb)
	if err == nil || !strings.Contains(errb.String(), `my: no such scenario file or preset (did you mean my.toml?)`) {
		t.Errorf("show my: err %v, stderr %q", err, errb.String())
	}
}

// A preset's name is the preset, as in extends, even beside a file of
// that name, with a warning; ./NAME reads the file. A folder of that name
// (a results folder, say) is no file: the preset, without a warning.
func TestScenarioArgumentPresetBeforeFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("default", []byte("[run]\nsteps = 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("china", 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		arg, want, warn string
	}{
		{"default", `name = "default"`, "default: the preset default, not the file default in this folder (a preset's name is the preset, as in extends: write ./default for the file)"},
		{"./default", "steps = 5", ""},
		{"china", `name = "china"`, ""},
	}
	for _, tt := range tests {
		for _, cmd := range []string{"show", "run"} {
			args := []string{cmd, tt.arg}
			if cmd == "run" {
				args = append(args, "--set", "run.steps=2", "--set", "world.provinces=2", "--set", "world.cities_per_province=3", "--reps", "1", "--out", "out", "--force", "--quiet", "--no-plots")
			}
			var out, errb bytes.Buffer
			if err := run(args, &out, &errb); err != nil {
				t.Fatalf("%s %s: %v", cmd, tt.arg, err)
			}
			if cmd == "show" && !strings.Contains(out.String(), tt.want) {
				t.Errorf("show %s printed:\n%.400s\nwant %q", tt.arg, out.String(), tt.want)
			}
			if got := strings.Contains(errb.String(), "not the file"); got != (tt.warn != "") || tt.warn != "" && !strings.Contains(errb.String(), tt.warn) {
				t.Errorf("%s %s: stderr %q, want warning %q", cmd, tt.arg, errb.String(), tt.warn)
			}
		}
	}
}

// A folder given where a scenario file goes (a results folder the user
// means to rerun) is named as a folder, with the scenario it holds; a
// sweep folder points to --resume.
func TestScenarioArgumentFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, d := range []string{"res", "sw/runs", "empty"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"res/scenario.toml", "sw/scenario.toml"} {
		if err := os.WriteFile(f, []byte("[run]\nsteps = 8\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "res", "--quiet"}, "ipsim: res is a folder, not a scenario file: the scenario of the results in it is res/scenario.toml"},
		{[]string{"show", "res"}, "ipsim: res is a folder, not a scenario file: the scenario of the results in it is res/scenario.toml"},
		{[]string{"show", "empty"}, "ipsim: empty is a folder, not a scenario file\n"},
		{[]string{"sweep", "sw", "--dry-run"}, "ipsim: sw is a folder, not a scenario file: it holds a sweep, which ipsim sweep --resume sw continues; its scenario is sw/scenario.toml"},
	}
	for _, tt := range tests {
		_, stderr, err := runCLI(t, tt.args...)
		if err == nil || !strings.Contains(stderr, tt.want) {
			t.Errorf("ipsim %s: err %v, stderr %q, want %q", strings.Join(tt.args, " "), err, stderr, tt.want)
		}
	}
}
