package agents

import "testing"

// Without coordination no cap blocks anything, so policy.cap_realloc
// ("budget blocked by caps is re-spent on other pairs") changes nothing.
// An official whose allocation funds no pair (his term's last step, a
// toolbox of lagged instruments only, cc >= 1/0.95: he spends none of the
// allocation's part) has an own part that no cap blocked: cap_realloc
// re-spent it on the center's pairs as if caps had blocked it.
func TestReallocLeavesUnblockedOwnPart(t *testing.T) {
	spent := func(realloc bool) (float64, float64) {
		p := isolated("training") // coordination off, one lagged instrument
		p.Policy.CareerConcern = 3
		p.Policy.Autonomy = 0.5
		p.Policy.CapRealloc = realloc
		m := newModel(t, p, 8, 1)
		m.t = 0
		for r := 0; r < m.R; r++ {
			m.termEnd[r] = 1 // step 0 is his last: training's horizon is 0
			m.decide(r)
		}
		m.spendAndApply(0)
		total, budget := 0.0, 0.0
		for _, x := range m.spend {
			total += x
		}
		for _, b := range m.budget {
			budget += b
		}
		return total, budget
	}
	off, budget := spent(false)
	on, _ := spent(true)
	if on != off {
		t.Errorf("no caps, yet cap_realloc changes spending: %.6g with it, %.6g without (budgets %.6g; central parts %.6g)",
			on, off, budget, budget/2)
	}
}
