package agents

import (
	"math"
	"testing"
)

// Audit tests: each checks that the model does what its documentation
// says on a tiny world with fixed seeds.

// Pilots started while the world is set up (every official decides once in
// New, before step 0) are the first pilots of their practices: the
// scale-up's "years since the first pilot" (fact E5) must count from them.
// m.t is -1 during set-up, the sentinel of "no pilot yet".
func TestPilotsAtSetUpCountAsFirstPilots(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		p := smallParams()
		m := newModel(t, p, 40, seed)
		if m.st.pilotsTotal == 0 {
			t.Fatalf("seed %d: no pilot at set-up; the test needs one", seed)
		}
		for kg, n := range m.pilotsOpen {
			if n > 0 && m.firstPilot[kg] < 0 {
				t.Errorf("seed %d: practice %d has %d pilots open but no first pilot recorded (firstPilot %d)",
					seed, kg, n, m.firstPilot[kg])
			}
		}
	}
}

var _ = math.NaN

// Under promotion on reports an official is scored on the documents his
// region issued during his term (docsIssued over his years). An official
// who takes up a post at the end of step t starts at t+1: the documents of
// step t, decided by his predecessor, must count for the predecessor, not
// for him.
func TestNewOfficialStartsWithoutPredecessorsDocuments(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		p := smallParams()
		p.Policy.PromotionBasis = "reports"
		p.Documents.EchoLag = 0 // echoes in the step: every step has documents
		m := newModel(t, p, 40, seed)
		checked := 0
		for step := 0; step < 40; step++ {
			before := append([]int(nil), m.offID...)
			m.Step(step)
			for r := 0; r < m.R; r++ {
				if m.offID[r] == before[r] {
					continue
				}
				checked++
				if m.docsIssued[r] != 0 {
					t.Errorf("seed %d step %d region %d: new official (from step %d) already credited with %.2f documents",
						seed, step, r, m.start[r], m.docsIssued[r])
				}
			}
		}
		if checked == 0 {
			t.Fatalf("seed %d: no official changed", seed)
		}
	}
}
