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
