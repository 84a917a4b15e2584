package main

import (
	"strings"
	"testing"

	"github.com/ipsim/ipsim/agents"
)

// The README's tour says which instruments a coordination cap blocks and
// which still add capacity in capped sectors (through their cap_share):
// the second list must name every instrument of the default table that
// caps do not block and whose effect adds capacity.
func TestReadmeNamesTheUnblockedInstruments(t *testing.T) {
	const end = "still add capacity in capped"
	text := strings.Join(strings.Fields(readme(t)), " ")
	i := strings.Index(text, end)
	if i < 0 {
		t.Fatalf("README: no sentence with %q", end)
	}
	list := text[strings.LastIndex(text[:i], "while ")+len("while ") : i]
	// how the README names them
	words := map[string]string{
		"infrastructure": "infrastructure", "training": "training", "rd_support": "R&D",
		"cluster": "clusters", "standards_procurement": "standards", "export_promotion": "export promotion",
	}
	for _, in := range agents.DefaultParams().Instruments {
		if in.AddsCapacity || in.CapShare <= 0 {
			continue
		}
		w, ok := words[in.Name]
		if !ok {
			t.Errorf("instrument %q: no README name in this test's table", in.Name)
			continue
		}
		if !strings.Contains(list, w) {
			t.Errorf("README: %q adds capacity in capped sectors (cap_share %g, adds_capacity false), but the list %q leaves it out", in.Name, in.CapShare, list)
		}
	}
}
