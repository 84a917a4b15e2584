package scenarios

import (
	"strings"
	"testing"
)

// A key given for the whole run (a --set, a swept key) that an event also
// sets is the event's from its year on: the user is warned that the value
// given holds only before then, or never when the event is in the run's
// first year, and not once event=[] drops the events.
func TestKeySetByAnEventWarns(t *testing.T) {
	dir := t.TempDir()
	path := writeIn(t, dir, "ev.toml", `[run]
start_year = 2000
[sweep.values]
"policy.autonomy" = [0.2, 0.6]
"sector.steel.growth" = [0.0, 0.1]
"policy.plan_cycle" = [3, 4]
[[event]]
year = 2004
[event.policy]
autonomy = 0.9
[[event]]
year = 2000
[[event.sector]]
name = "steel"
growth = 0.05
`)
	for _, tc := range []struct {
		sets []string
		want []string // a substring of each warning about events, in order
	}{
		{[]string{"policy.autonomy=0.3"}, []string{"--set: policy.autonomy = 0.3: the event \"2004: policy.autonomy\" sets it from 2004 on: this value holds only before then"}},
		{[]string{"arm.main.policy.autonomy=0.3"}, []string{"arm.main.policy.autonomy = 0.3: the event \"2004: policy.autonomy\" sets it from 2004 on"}},
		{[]string{"sector.steel.growth=0.2"}, []string{"sector.steel.growth = 0.2: the event \"2000: sector.steel.growth\" sets it from the run's first year, 2000, on: this value never applies"}},
		{[]string{"policy.plan_cycle=3", "sector.steel.priority=2"}, nil},
		{[]string{"event=[]", "policy.autonomy=0.3"}, nil},
	} {
		s, err := Load(path, tc.sets...)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range s.Warnings {
			if strings.Contains(w, "the event ") {
				got = append(got, w)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("--set %v: warnings about events %q, want %d", tc.sets, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("--set %v: warning %q, want it to contain %q", tc.sets, got[i], w)
			}
		}
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range s.SweepWarnings {
		if strings.Contains(w, "the event ") {
			got = append(got, w)
		}
	}
	want := []string{
		`sweep.values."policy.autonomy": the event "2004: policy.autonomy" sets it from 2004 on: the swept value holds only before then`,
		`sweep.values."sector.steel.growth": the event "2000: sector.steel.growth" sets it from the run's first year, 2000, on: the swept value never applies: the points differ in nothing`,
	}
	if len(got) != len(want) {
		t.Fatalf("sweep warnings about events %q, want %d", got, len(want))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("sweep warning %q, want it to contain %q", got[i], w)
		}
	}
}

// A shock of demand 2 or more is allowed, but reads like a percentage
// (+20 for +20% multiplies demand by 21): the load warns once, with the
// line, however many arms share the event; below 2 it says nothing.
func TestLargeShockWarns(t *testing.T) {
	for _, tc := range []struct {
		demand string
		want   string // "" no warning
	}{
		{"20", "ev.toml:7: event[1].shock.demand = 20.0: multiplies steel's demand by 21 from 2002 on; if a percentage was meant, write 0.2 for 20%"},
		{"1.5", ""},
		{"-0.2", ""},
	} {
		dir := t.TempDir()
		path := writeIn(t, dir, "ev.toml", `extends = "default"
[run]
steps = 12
[[event]]
year = 2002
[event.shock]
demand = `+tc.demand+`
sector = "steel"
`)
		s, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, w := range s.Warnings {
			if strings.Contains(w, "shock.demand") {
				n++
				if !strings.HasSuffix(w, tc.want) || tc.want == "" {
					t.Errorf("demand %s: warning %q, want %q", tc.demand, w, tc.want)
				}
			}
		}
		if want := map[bool]int{true: 0, false: 1}[tc.want == ""]; n != want {
			t.Errorf("demand %s: %d shock warnings, want %d (%q)", tc.demand, n, want, s.Warnings)
		}
	}
}
