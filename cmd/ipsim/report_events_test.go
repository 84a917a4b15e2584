package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportEventsNoteOneArm: the report's events note, and a sweep's
// note on its swept keys, pointed to "the settings above" in a one-arm
// report, which shows no settings above them; they say so only where the
// arms' settings table is there.
func TestReportEventsNoteOneArm(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ev.toml")
	src := `name = "ev"
[run]
steps = 8
[world]
provinces = 1
cities_per_province = 1
[[event]]
year = 2001
[event.policy]
autonomy = 0.5
`
	for _, tc := range []struct {
		arms  string
		above bool
	}{
		{"", false},
		{"[[arm]]\nname = \"a\"\n[[arm]]\nname = \"b\"\npreset = \"centralized\"\n", true},
	} {
		if err := os.WriteFile(file, []byte(src+tc.arms), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "out")
		mustRun(t, "run", file, "--reps", "2", "--out", out, "--quiet")
		b, err := os.ReadFile(filepath.Join(out, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		if !strings.Contains(html, "Scenario events") {
			t.Fatalf("report of %q has no events section", tc.arms)
		}
		if got := strings.Contains(html, "settings above"); got != tc.above {
			t.Errorf("arms %q: report mentions the settings above: %v, want %v", tc.arms, got, tc.above)
		}
		// the caveats speak of a ranking only where there are arms to rank
		if got := strings.Contains(html, "A ranking of regimes holds"); got != tc.above {
			t.Errorf("arms %q: caveats speak of a ranking of regimes: %v, want %v", tc.arms, got, tc.above)
		}
	}
	sweep := filepath.Join(dir, "sw.toml")
	if err := os.WriteFile(sweep, []byte("name = \"sw\"\n[run]\nsteps = 2\n[world]\nprovinces = 1\ncities_per_province = 1\n[sweep.values]\n\"world.heterogeneity\" = [0.2, 0.8]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "sweep")
	mustRun(t, "sweep", sweep, "--reps", "2", "--out", out, "--quiet")
	b, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if html := string(b); !strings.Contains(html, "Swept parameters") || strings.Contains(html, "settings above") {
		t.Errorf("one-arm sweep report: swept keys section %v, mentions the settings above %v", strings.Contains(html, "Swept parameters"), strings.Contains(html, "settings above"))
	}
}
