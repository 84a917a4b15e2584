package agents

import "testing"

// An official's pilot runs policy.pilot_length steps; one he chooses
// again when it ends, even of the same pair, is a new pilot: counted,
// with its own clock. Otherwise a pilot of a practice that stays the most
// promising runs for ever, counted once.
func TestPilotDoesNotOutliveItsLength(t *testing.T) {
	p := smallParams()
	p.Policy.Autonomy = 1 // officials' pilots only
	p.Policy.PilotLength = 4
	p.Policy.ScaleUpEvidence = 1e12 // nothing is scaled up
	m := newModel(t, p, 40, 1)
	iv := p.Policy.ReviewInterval
	for step := 0; step < 40; step++ {
		m.Step(step)
		for r := 0; r < m.R; r++ {
			if m.pilotPair[r] < 0 {
				continue
			}
			if age := step - int(m.pilotOpen[r]); age >= p.Policy.PilotLength+iv {
				t.Fatalf("step %d: region %d's pilot of pair %d has run %d steps (pilot_length %d, review every %d)",
					step, r, m.pilotPair[r], age+1, p.Policy.PilotLength, iv)
			}
		}
	}
}
