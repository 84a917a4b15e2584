package scenarios

import (
	"slices"
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

// An event with arms applies to those arms only: each arm's events are
// those that apply to it, and its parameters from event to event its own.
func TestEventArms(t *testing.T) {
	s, err := loadText(t, []byte(`[run]
start_year = 2000
steps = 40
[[arm]]
name = "a"
[[arm]]
name = "b"
[arm.policy]
plan_cycle = 4
[[event]]
year = 2005
arms = ["b"]
[event.policy]
autonomy = 0.7
[[event]]
year = 2003
arms = ["a"]
[event.policy]
plan_cycle = 3
[[event]]
year = 2007
[event.policy]
pilot_share = 0.4
`))
	if err != nil {
		t.Fatal(err)
	}
	a, b := s.Arms[0], s.Arms[1]
	if len(a.Events) != 2 || len(b.Events) != 2 {
		t.Fatalf("arm a has %d events, b %d: want 2 each", len(a.Events), len(b.Events))
	}
	if a.Events[0].Label != "2003: policy.plan_cycle" || b.Events[0].Label != "2005: policy.autonomy" {
		t.Errorf("first events %q and %q, want a's 2003 and b's 2005", a.Events[0].Label, b.Events[0].Label)
	}
	if got := b.Events[0].Params.Policy.Autonomy; got != 0.7 {
		t.Errorf("b's 2005 autonomy = %g, want 0.7", got)
	}
	// the shared 2007 event runs on each arm's own chain
	pa, pb := a.Events[1].Params.Policy, b.Events[1].Params.Policy
	if pa.PlanCycle != 3 || pa.Autonomy != a.Params.Policy.Autonomy || pa.PilotShare != 0.4 {
		t.Errorf("a's 2007 policy: plan_cycle %d, autonomy %g, pilot_share %g; want 3, its own %g, 0.4", pa.PlanCycle, pa.Autonomy, pa.PilotShare, a.Params.Policy.Autonomy)
	}
	if pb.PlanCycle != 4 || pb.Autonomy != 0.7 || pb.PilotShare != 0.4 {
		t.Errorf("b's 2007 policy: plan_cycle %d, autonomy %g, pilot_share %g; want 4, 0.7, 0.4", pb.PlanCycle, pb.Autonomy, pb.PilotShare)
	}
	toml := string(s.TOML())
	if !strings.Contains(toml, "\narms = [\"b\"]") || strings.Count(toml, "\narms = ") != 2 {
		t.Errorf("ipsim show writes the arms of the two events that have them, not of the third:\n%s", toml)
	}
	// --set event=[] drops them all
	s, err = s.With(Override{Key: "event", Value: []any{}})
	if err != nil || len(s.Arms[0].Events)+len(s.Arms[1].Events) != 0 || strings.Contains(string(s.TOML()), "[[event]]") {
		t.Errorf("event=[] leaves events (%v)", err)
	}
}

// The rules that check an event against an arm's parameters check only
// the arms it applies to: a sector one arm lacks.
func TestEventArmsChecks(t *testing.T) {
	const arms = `[run]
steps = 40
[[arm]]
name = "a"
[[arm]]
name = "b"
[[arm.sector]]
name = "steel"
share = 0.5
[[arm.sector]]
name = "chips"
share = 0.5
`
	for _, tc := range []struct{ event, want string }{
		{"[[event.sector]]\nname = \"chips\"\npriority = 2\n", `"chips": unknown sector`},
		{"[event.shock]\nsector = \"chips\"\ndemand = -0.1\n", `"chips": unknown sector`},
	} {
		for _, only := range []string{"", "arms = [\"b\"]\n"} {
			_, err := loadText(t, []byte(arms+"[[event]]\nyear = 2003\n"+only+tc.event))
			switch {
			case only == "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "(in arm a)")):
				t.Errorf("%q in every arm: error %v, want %s in arm a", tc.event, err, tc.want)
			case only != "" && err != nil:
				t.Errorf("%q in arm b only: %v", tc.event, err)
			}
		}
	}
}

// arms must name arms of the resolved scenario, each once; what is not
// a list of names is refused at its line.
func TestEventArmsErrors(t *testing.T) {
	for _, tc := range []struct{ arms, want string }{
		{`["b", "centralised"]`, `s.toml:9: event[1].arms = ["b", "centralised"]: unknown arm "centralised" (did you mean "centralized"?); arms: centralized, b`},
		{`[]`, `s.toml:9: event[1].arms = []: must name at least one arm: leave arms out for every arm`},
		{`["b", "b"]`, `s.toml:9: event[1].arms = ["b", "b"]: names arm "b" twice: name each arm once`},
		{`"b"`, `s.toml:9: event[1].arms = "b": must be a list of arm names, e.g. ["centralized"]`},
		{`["b", 1]`, `s.toml:9: event[1].arms = ["b", 1]: must be a list of arm names, e.g. ["centralized"]`},
	} {
		_, err := loadText(t, []byte(`[run]
steps = 40
[[arm]]
name = "centralized"
[[arm]]
name = "b"
[[event]]
year = 2003
arms = `+tc.arms+`
[event.policy]
autonomy = 0.5
`))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("arms = %s: error %v, want %q", tc.arms, err, tc.want)
		}
	}
	// arms (or label, year) written below one of the event's tables is
	// that table's key: say to write it above
	_, err := loadText(t, []byte(`[[arm]]
name = "b"
[[event]]
year = 2003
[event.policy]
autonomy = 0.5
arms = ["b"]
[[event.sector]]
name = "steel"
priority = 2
label = "x"
`))
	for _, want := range []string{
		`s.toml:7: event[1].policy.arms = ["b"]: unknown key (arms is a key of the [[event]] itself: write it above the event's first table; below [event.policy], TOML reads it as event[1].policy.arms)`,
		`s.toml:11: event[1].sector[1].label = "x": unknown key (label is a key of the [[event]] itself: write it above the event's first table; below [[event.sector]], TOML reads it as event[1].sector[1].label)`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// Across extends, an event names the arms of the resolved scenario (an
// arm the extending file adds included) and keeps its arms when
// inherited.
func TestEventArmsExtends(t *testing.T) {
	dir := t.TempDir()
	base := writeIn(t, dir, "base.toml", `[run]
steps = 40
[[arm]]
name = "a"
[[event]]
year = 2003
arms = ["c"]
[event.policy]
autonomy = 0.5
`)
	if _, err := Load(base); err == nil || !strings.Contains(err.Error(), `unknown arm "c"`) {
		t.Errorf("base.toml alone: %v, want unknown arm \"c\"", err)
	}
	child := writeIn(t, dir, "child.toml", `extends = "base.toml"
[[arm]]
name = "b"
[[arm]]
name = "c"
[[event]]
year = 2004
arms = ["a", "b"]
[event.policy]
plan_cycle = 3
`)
	s, err := Load(child)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"a": {"2004: policy.plan_cycle"}, "b": {"2004: policy.plan_cycle"}, "c": {"2003: policy.autonomy"}}
	for _, a := range s.Arms {
		var got []string
		for _, e := range a.Events {
			got = append(got, e.Label)
		}
		if !slices.Equal(got, want[a.Name]) {
			t.Errorf("arm %s's events %q, want %q", a.Name, got, want[a.Name])
		}
	}
}

// A key given for the whole run (a --set, a swept key) that an arm-only
// event sets warns only about the arms the event applies to, and names
// them.
func TestEventArmsSetWarns(t *testing.T) {
	dir := t.TempDir()
	path := writeIn(t, dir, "ev.toml", `[run]
start_year = 2000
[sweep.values]
"policy.autonomy" = [0.2, 0.6]
[[arm]]
name = "a"
[[arm]]
name = "b"
[[event]]
year = 2004
arms = ["b"]
[event.policy]
autonomy = 0.9
`)
	for _, tc := range []struct {
		set, want string // want "": no warning about events
	}{
		{"policy.autonomy=0.3", `--set: policy.autonomy = 0.3: the event "2004: policy.autonomy" sets it in arm b from 2004 on: this value holds there only before then`},
		{"arm.b.policy.autonomy=0.3", `--set: arm.b.policy.autonomy = 0.3: the event "2004: policy.autonomy" sets it from 2004 on: this value holds only before then`},
		{"arm.a.policy.autonomy=0.3", ""},
	} {
		s, err := Load(path, tc.set)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range s.Warnings {
			if strings.Contains(w, "the event ") {
				got = append(got, w)
			}
		}
		if tc.want == "" && len(got) > 0 || tc.want != "" && (len(got) != 1 || !strings.HasSuffix(got[0], tc.want)) {
			t.Errorf("--set %s: warnings about events %q, want %q", tc.set, got, tc.want)
		}
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `sweep.values."policy.autonomy": the event "2004: policy.autonomy" sets it in arm b from 2004 on: the swept value holds there only before then`
	if len(s.SweepWarnings) != 1 || !strings.HasSuffix(s.SweepWarnings[0], want) {
		t.Errorf("sweep warnings %q, want one ending %q", s.SweepWarnings, want)
	}
}
