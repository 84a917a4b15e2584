package agents

import (
	"math"
	"testing"
)

// Careers (careers.go): terms, their lengths and where officials come from.

// termSteps is the drawn length in steps of the n-th term at post r:
// gamma with mean term_mean years and shape term_shape, rounded to whole
// steps, at least one.
func termSteps(m *Model, r, n int) int {
	o := m.p.Officials
	years := drawGamma(m.seed, keyTerm, r, n, 1, o.TermShape) * o.TermMean / o.TermShape
	return max(1, int(math.Round(years*float64(m.spy))))
}

// A term ends exactly at its drawn length: an official leaves in the last
// step of his term, and the tenure his departure records is that length.
// The officials of the initial state took office before step 0, part-way
// through a drawn term (doc.go, Initialisation): they leave no later than
// their term's length and record all of it, not only the part since step
// 0 (city leaders' tenure, fact F3, is read from these records). Nobody
// reaches retire_age here, so every departure is a term's end.
func TestTermsEndAtTheirDrawnLength(t *testing.T) {
	p := smallParams()
	p.Officials.TermMean, p.Policy.Mobility = 1.5, 0.5
	p.Officials.AgeMin, p.Officials.AgeMax, p.Officials.RetireAge = 30, 40, 80
	const steps = 60
	m := newModel(t, p, steps, 3)
	spy := m.spy
	terms := make([]int, m.R)    // terms started at each post
	start := make([]int, m.R)    // first step of the current term; 0: the initial official
	length := make([]int, m.R)   // its drawn length in steps
	initial := make([]bool, m.R) // led by an official of the initial state
	for r := range terms {
		terms[r], length[r], initial[r] = 1, termSteps(m, r, 0), true
	}
	backdated, ended := 0, 0
	for step := 0; step < steps; step++ {
		ids := append([]int(nil), m.offID...)
		m.Step(step)
		for _, e := range m.StepEvents() {
			r := -1
			switch e.Kind {
			case "promotion", "move":
				r = e.FromRegion
			case "retirement":
				r = e.Region
			}
			if r < 0 {
				continue
			}
			ended++
			if got := e.Value * float64(spy); math.Abs(got-float64(length[r])) > 1e-9 {
				t.Errorf("step %d: official %d left post %d (%s) after %g years, want his drawn term of %d steps", step, e.Official, r, e.Kind, e.Value, length[r])
			}
			switch {
			case !initial[r] && step != start[r]+length[r]-1:
				t.Errorf("step %d: official %d left post %d; his term of %d steps started at step %d", step, e.Official, r, length[r], start[r])
			case initial[r] && step+1 > length[r]:
				t.Errorf("step %d: initial official %d left post %d after his whole term of %d steps", step, e.Official, r, length[r])
			case initial[r] && step+1 < length[r]:
				backdated++
			}
		}
		for r := range ids {
			if m.offID[r] == ids[r] {
				continue
			}
			start[r], length[r], initial[r] = step+1, termSteps(m, r, terms[r]), false
			terms[r]++
		}
	}
	if ended < 20 || backdated == 0 {
		t.Fatalf("%d terms ended, %d of the initial officials' before their term's length: the test needs both", ended, backdated)
	}
}
