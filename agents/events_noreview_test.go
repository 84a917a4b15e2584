package agents

import "testing"

// Events that change only keys no decision reads should set them
// without an out-of-turn review (doc.go, Input; switchParams). cap_realloc
// is read by the economy's spending alone, and at autonomy 0 the promotion
// basis is read only by effort, documents and careers, as it is at
// career_concern 0; without pilots no decision reads the caps.
func TestNoDecisionReadsSpendingCapsAndBasis(t *testing.T) {
	const steps, at = 20, 13
	coord := smallParams()
	coord.Policy.Autonomy = 0.5
	central := smallParams()
	central.Policy.Autonomy, central.Policy.CenterReview, central.Policy.PilotShare = 0, 20, 0.1
	central.Policy.PromotionBasis = "reports"
	noCareers := smallParams()
	noCareers.Policy.Autonomy, noCareers.Policy.CareerConcern = 0.5, 0
	noPilots := smallParams()
	noPilots.Policy.Autonomy, noPilots.Policy.PilotShare = 0.5, 0
	for _, tc := range []struct {
		name  string
		base  Params
		event func(Params) Params
	}{
		{"cap_realloc", coord, func(p Params) Params { p.Policy.CapRealloc = false; return p }},
		{"promotion_basis at autonomy 0", central, func(p Params) Params { p.Policy.PromotionBasis = "results"; return p }},
		{"promotion_basis at career_concern 0", noCareers, func(p Params) Params { p.Policy.PromotionBasis = "reports"; return p }},
		{"caps without pilots", noPilots, func(p Params) Params {
			p.Policy.Coordination, p.Policy.CapRule, p.Policy.OvercapacityCap = false, "sector", 0.5
			return p
		}},
	} {
		q := tc.event(tc.base)
		m := newModelEv(t, tc.base, steps, 3, []Event{{Step: at, Params: &q, Label: tc.name}})
		for s := 0; s <= at; s++ {
			m.Step(s)
		}
		if m.switchedAt == at {
			t.Errorf("%s: the event made the center review and every region decide out of turn (switchedAt %d)", tc.name, m.switchedAt)
		}
	}
}
