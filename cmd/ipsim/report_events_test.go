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

// TestEventOneArm: an event with arms = ["b"] changes arm b only: arm a's
// rows of every table are, byte for byte, those of the same scenario
// without the event, events.csv marks the event in b's runs only, and the
// results folder's scenario.toml keeps the event's arms and runs again
// alike.
func TestEventOneArm(t *testing.T) {
	dir := t.TempDir()
	src := `name = "ev"
[run]
steps = 16
start_year = 2000
[world]
provinces = 2
cities_per_province = 2
[[arm]]
name = "a"
[[arm]]
name = "b"
`
	event := `[[event]]
year = 2002
label = "autonomy in b"
arms = ["b"]
[event.policy]
autonomy = 0.9
`
	run := func(name, text string, args ...string) string {
		file := filepath.Join(dir, name+".toml")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, name)
		mustRun(t, append([]string{"run", file, "--reps", "2", "--out", out, "--quiet", "--no-plots"}, args...)...)
		return out
	}
	rows := func(out, table, arm string) []string {
		b, err := os.ReadFile(filepath.Join(out, table))
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, arm+",") {
				keep = append(keep, l)
			}
		}
		return keep
	}
	with, without := run("with", src+event), run("without", src)
	for _, table := range []string{"steps.csv", "summary.csv", "events.csv", "documents.csv"} {
		a, a0 := rows(with, table, "a"), rows(without, table, "a")
		if len(a) == 0 || strings.Join(a, "\n") != strings.Join(a0, "\n") {
			t.Errorf("%s: arm a's %d rows differ from the run without the event (%d rows)", table, len(a), len(a0))
		}
	}
	if b, b0 := rows(with, "steps.csv", "b"), rows(without, "steps.csv", "b"); strings.Join(b, "\n") == strings.Join(b0, "\n") {
		t.Error("steps.csv: the event changed nothing in arm b")
	}
	marks := func(arm string) int {
		n := 0
		for _, l := range rows(with, "events.csv", arm) {
			if strings.Contains(l, ",scenario_event,") {
				n++
			}
		}
		return n
	}
	if marks("a") != 0 || marks("b") != 2 {
		t.Errorf("events.csv marks the event %d times in arm a, %d in b; want 0 and 2 (one per replication)", marks("a"), marks("b"))
	}
	toml, err := os.ReadFile(filepath.Join(with, "scenario.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(toml), "\narms = [\"b\"]") {
		t.Error("scenario.toml lacks the event's arms")
	}
	again := run("again", string(toml), "--force")
	for _, table := range []string{"steps.csv", "summary.csv", "events.csv"} {
		x, y := rows(with, table, "b"), rows(again, table, "b")
		if strings.Join(x, "\n") != strings.Join(y, "\n") {
			t.Errorf("%s: arm b's rows differ when run again from scenario.toml", table)
		}
	}
}
