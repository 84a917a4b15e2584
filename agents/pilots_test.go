package agents

// Tests of officials' pilots: their length, their end with the official,
// and how they are counted.

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

// An official's pilot ends with his term: his successor, at his first
// review, pilots what he himself chooses (a new pilot, even if of the
// same pair), rather than run on his predecessor's.
func TestPilotDoesNotOutliveItsOfficial(t *testing.T) {
	p := smallParams()
	p.Policy.Autonomy = 1
	p.Policy.PilotLength = 40 // longer than most terms
	p.Policy.ScaleUpEvidence = 1e12
	p.Officials.TermMean = 1
	steps := 60
	m := newModel(t, p, steps, 2)
	starter := make([]int, m.R) // official who started the running pilot
	for _, e := range m.StepEvents() {
		if e.Kind == "pilot" && e.Detail == "official" {
			starter[e.Region] = e.Official
		}
	}
	off := make([]int, m.R)
	iv := p.Policy.ReviewInterval
	inherited := 0
	for step := 0; step < steps; step++ {
		for r := range off {
			off[r] = m.offID[r]
		}
		m.Step(step)
		for _, e := range m.StepEvents() {
			if e.Kind == "pilot" && e.Detail == "official" {
				starter[e.Region] = e.Official
			}
		}
		for r := 0; r < m.R; r++ {
			if step == 0 || (step+m.review[r])%iv != 0 || m.pilotPair[r] < 0 {
				continue
			}
			if starter[r] != off[r] {
				inherited++
				t.Errorf("step %d: region %d's official %d runs the pilot his predecessor %d started",
					step, r, off[r], starter[r])
			}
		}
	}
	t.Logf("%d inherited pilots", inherited)
}

// A follower reviewing in the same step as his peers copies the portfolio
// they make in that step, not the one they are replacing, whatever the
// order of the regions.
func TestFollowerCopiesThisStepsPortfolio(t *testing.T) {
	p := smallParams()
	p.Policy.Imitation = 0.5
	m := newModel(t, p, 20, 3)
	for r := range m.review {
		m.review[r] = 0 // everyone reviews at the same steps
	}
	n := m.S * m.K
	checked := 0
	off := make([]int, m.R)
	for step := 0; step < 20; step++ {
		copy(off, m.offID)
		m.Step(step)
		if step == 0 || step%p.Policy.ReviewInterval != 0 {
			continue
		}
		for r := 0; r < m.R; r++ {
			if !m.follower[r] || m.offID[r] != off[r] {
				continue // a tailor, or a new official who has not decided
			}
			lo, hi := m.peerRange(r)
			found, any := false, false
			for q := lo; q < hi; q++ {
				if q == r || m.follower[q] {
					continue
				}
				any = true
				same := true
				for j := 0; j < n; j++ {
					if m.share[r*n+j] != m.share[q*n+j] {
						same = false
						break
					}
				}
				found = found || same
			}
			if any {
				checked++
				if !found {
					t.Errorf("step %d: follower %d's portfolio is no peer's present one", step, r)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no follower with a peer")
	}
}
