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

// cap_reallocated is "budget that coordination caps blocked in the step",
// a share of budget: the budget of that step, the one the caps blocked
// part of, not the next step's (computed at the step's end from its value
// added).
func TestCapReallocatedIsShareOfTheStepsBudget(t *testing.T) {
	p := smallParams()
	p.Policy.Coordination = true
	p.Market.DemandSlack = -0.3 // over capacity from the start: caps bind
	m := newModel(t, p, 20, 1)
	seen := false
	for step := 0; step < 20; step++ {
		b := 0.0
		for _, v := range m.budget {
			b += v // what this step spends
		}
		m.Step(step)
		if m.st.capBlocked == 0 {
			continue
		}
		seen = true
		want := m.st.capBlocked / b
		if got := m.mCapReallocated(); math.Abs(got-want) > 1e-12*want {
			t.Errorf("step %d: cap_reallocated %.6f, blocked over the step's budget %.6f (ratio %.4f)", step, got, want, got/want)
		}
	}
	if !seen {
		t.Fatal("no cap blocked anything; the test needs one")
	}
}
