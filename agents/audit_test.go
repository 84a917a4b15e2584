package agents

import (
	"math"
	"testing"
)

// Tests of the audit of the center, the regions' decisions and the
// economy: each states what the documentation says and fails if the code
// does otherwise.

// The center's uniform portfolio in force at step t is made on the
// priorities of the plan in force at step t: the first plan (step 0) must
// not be ignored until the first review (center_review steps later).
func TestCenterPortfolioUsesTheFirstPlan(t *testing.T) {
	for _, tc := range []struct {
		name   string
		review int
	}{{"review 4", 4}, {"review 20", 20}} {
		t.Run(tc.name, func(t *testing.T) {
			p := smallParams()
			p.Policy.Autonomy = 0
			p.Policy.CenterReview = tc.review
			m := newModel(t, p, 4, 1)
			m.t = 0
			m.beginDocs(0)
			m.centerPlans(0) // step 0's plan; the portfolio is not reviewed
			got := append([]float64(nil), m.cShare...)
			m.centerPortfolio() // the portfolio the step-0 plan implies
			for j, want := range m.cShare {
				if math.Abs(got[j]-want) > 1e-12 {
					t.Fatalf("pair %d: central share %.4f in force at step 0, %.4f on the step-0 plan's priorities (priorities now %v)", j, got[j], want, m.prio)
				}
			}
		})
	}
}
