package agents

import (
	"math"
	"testing"
)

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

// An allocation that funds only a pilot (shares summing to pilot_share),
// of a capacity-adding instrument in a capped sector: cap_realloc re-spends
// what the cap blocked, the pilot's money, on the center's free pairs, not
// the whole own part, whose rest the official saved.
func TestReallocRespendsOnlyWhatTheSharesFund(t *testing.T) {
	p := smallParams()
	p.Policy.Toolbox = []string{"training", "market_access"}
	p.Policy.Autonomy, p.Policy.Coordination, p.Policy.CapRealloc = 0.5, true, true
	m := newModel(t, p, 8, 1)
	S, K, r := m.S, m.K, 0
	k := instrumentIndex(t, p, "market_access")
	clear(m.share[r*S*K : (r+1)*S*K])
	m.share[k] = p.Policy.PilotShare // sector 0's market access, the pilot only
	m.sumCapOwn(r)
	clear(m.cappedRS[r*S : (r+1)*S])
	m.cappedRS[r*S] = true // sector 0 capped
	m.cPilotPair[r] = -1
	m.spendAndApply(0)
	B := m.budget[r]
	ownB, cenB := p.Policy.Autonomy*B, (1-p.Policy.Autonomy)*B
	want := cenB + p.Policy.PilotShare*ownB
	if got := m.shape.region[r]; !(math.Abs(got-want) <= 1e-12*want) {
		t.Errorf("region spends %.9g, want the center's part %.9g and the blocked pilot's %.9g re-spent (%.9g); its own part is %.9g",
			got, cenB, p.Policy.PilotShare*ownB, want, ownB)
	}
}
