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
