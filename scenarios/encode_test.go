package scenarios

import (
	"regexp"
	"strings"
	"testing"
)

// TestShowCommentsEveryKey: the resolved scenario (ipsim show,
// scenario.toml) has a comment above every key, as scenarios/README.md
// says, but for the entries of a table after its first ([[sector]],
// [[instrument]], ...), whose keys the first entry explains, and the
// keys of [sweep.values] and [sweep.ranges], which are scenario keys.
func TestShowCommentsEveryKey(t *testing.T) {
	s, err := loadText(t, []byte(`
[[arm]]
name = "a"
[[arm]]
name = "b"
[arm.policy]
autonomy = 0.2
[[event]]
year = 2005
label = "x"
[event.policy]
plan_cycle = 3
[sweep]
method = "latin_hypercube"
points = 3
[sweep.ranges]
"policy.autonomy" = [0.0, 1.0]
`))
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`^[a-z_]+ = `)
	lines := strings.Split(string(s.TOML()), "\n")
	seen := map[string]bool{} // array tables whose first entry was written
	table, commented := "", false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "[["): // an arm's and an event's entries are each their own
			table = l
			commented = !seen[l] || l == "[[arm]]" || strings.HasPrefix(l, "[[event")
			seen[l] = true
		case strings.HasPrefix(l, "["):
			table = l
			commented = !strings.HasPrefix(l, "[sweep.")
		case key.MatchString(l) && commented && !strings.HasPrefix(lines[i-1], "#"):
			t.Errorf("line %d, in %s: %q has no comment", i+1, table, l)
		}
	}
}
