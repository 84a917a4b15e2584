//go:build auditbugs

package agents

import (
	"math"
	"testing"
)

// Suspected bugs found by the metamorphic audit (metamorphic_test.go),
// each a failing test kept out of the normal run: go test -tags
// auditbugs ./agents -run TestAudit.

// officials.promote_share: "only officials in this top share of the
// evaluation among peers at their level can be promoted" (params.go); a
// top share of 0 is nobody. bestCandidate (careers.go:191-195) admits
// percentile >= 1 - promote_share, and at 0 the top scorer's percentile
// is exactly 1, so each level's best outgoing official is still promoted.
// Found because eval_noise, which only orders candidates for promotion,
// changed a run with promote_share 0 and mobility 0. Proposed fix: in
// bestCandidate, return -1 when promote_share <= 0 (every positive share
// keeps its results bit for bit).
func TestAuditPromoteShareZeroPromotesNobody(t *testing.T) {
	p := mmParams()
	p.Officials.PromoteShare = 0
	p.Officials.TermMean = 1.5
	n := 0
	for _, e := range mmRun(t, p, 92, 5, nil).Events {
		if e.Kind == "promotion" {
			n++
		}
	}
	if n > 0 {
		t.Errorf("promote_share 0: %d promotions in 23 years, want none", n)
	}
}

// follower_gap is fact D1's followers' lag: the growth of regions whose
// officials copy a peer's own portfolio against those who decide. At
// autonomy 0 there is no own portfolio to copy (decide's B <= 0 branch;
// copyPeer copies zeros), yet the metric still compares the regions by
// the follower label drawn at appointment: imitation changes it while
// every other output of the run stays bit-identical
// (TestIrrelevantParametersChangeNothing, "autonomy 0: imitation"). So
// the centralized arm reports a placebo gap that effects.csv pairs with
// the autonomous arms' real one. doc.go's rule (a metric otherwise
// undefined is NaN), as adoptionShares and the mover-mix metrics apply it
// at autonomy 0, makes it NaN there. Proposed fix: mFollowerGap
// (metrics.go:473) returns NaN when policy.autonomy <= 0, and its doc
// says so.
func TestAuditFollowerGapUndefinedAtAutonomyZero(t *testing.T) {
	p := mmParams()
	p.Policy.Autonomy = 0
	p.Policy.Imitation = 0.5 // followers and tailors both
	m := newModel(t, p, 8, 5)
	runSteps(m, 0, 8)
	if g := m.mFollowerGap(); !math.IsNaN(g) {
		t.Errorf("autonomy 0: follower_gap %g, want NaN (no one follows anyone)", g)
	}
}
