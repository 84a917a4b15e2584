package agents

import (
	"math"
	"testing"

	"github.com/ipsim/ipsim/sim"
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

// cap_reallocated is the budget the caps blocked in the step as a share of
// the budget of that step (the one the blocked money came from), not of
// the next step's budget, which the step's own value added refills.
func TestCapReallocatedIsAShareOfTheStepsBudget(t *testing.T) {
	p := smallParams()
	p.Market.DemandSlack = -0.3 // every sector over capacity: caps bite
	p.Policy.CapRule = "sector"
	m := newModel(t, p, 8, 2)
	for step := 0; step < 8; step++ {
		b := 0.0
		for _, v := range m.budget {
			b += v
		}
		m.Step(step)
		if m.st.capBlocked <= 0 {
			t.Fatalf("step %d: caps blocked nothing", step)
		}
		if got, want := m.mCapReallocated(), m.st.capBlocked/b; math.Abs(got-want) > 1e-12*want {
			t.Fatalf("step %d: cap_reallocated %.6f, want blocked/step budget %.6f (ratio %.4f)", step, got, want, got/want)
		}
	}
}

// The pilots chosen when the world is set up (step 0's decisions) are
// pilots: the first pilot of their practice is at step 0, which the
// scale-up's "years since the first pilot" (fact E5) counts from.
func TestPilotsAtSetUpStartTheClock(t *testing.T) {
	p := smallParams()
	p.Policy.PilotShare = 0.1
	m := newModel(t, p, 4, 1)
	n := 0
	for r := 0; r < m.R; r++ {
		pair := int(m.pilotPair[r])
		if pair < 0 {
			continue
		}
		n++
		kg := (pair%m.K)*numStages + int(m.stage[pair/m.K])
		if m.firstPilot[kg] != 0 {
			t.Errorf("region %d pilots practice %d at set-up; its first pilot is recorded at %d, want 0", r, kg, m.firstPilot[kg])
		}
	}
	if n == 0 {
		t.Fatal("no pilot at set-up")
	}
}

// At set-up every region decides, followers after those who optimise (as
// at a regime switch): a follower must not copy a peer who has not
// decided yet and spend nothing of its own budget until its first review.
func TestFollowersAtSetUpCopyADecidedPortfolio(t *testing.T) {
	for _, iv := range []int{4, 20} {
		p := smallParams()
		p.Policy.Imitation = 0.5
		p.Policy.ReviewInterval = iv
		m := newModel(t, p, 4, 1)
		followers := 0
		for r := 0; r < m.R; r++ {
			if !m.follower[r] {
				continue
			}
			followers++
			sum := 0.0
			for _, x := range m.share[r*m.S*m.K : (r+1)*m.S*m.K] {
				sum += x
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("review_interval %d: follower %d's own shares sum to %.3f at set-up, want 1", iv, r, sum)
			}
		}
		if followers == 0 {
			t.Fatal("no follower")
		}
	}
}

// A switch to autonomy 0 ends the officials' own pilots, as a switch to
// full autonomy ends the center's (TestRegimeSwitchTakesEffect): without
// own money there is no own pilot, and the center's routine spending on
// the pair must not be measured as one (clarity, bias, pilot evidence).
func TestSwitchToAutonomyZeroEndsOfficialsPilots(t *testing.T) {
	s := sim.DefaultSettings()
	const at = 32
	base := smallParams()
	base.Policy.PilotShare = 0.2
	p := base
	p.Policy.Autonomy = 0
	m, err := New(base, s, 5, []Event{{Step: at, Params: &p}})
	if err != nil {
		t.Fatal(err)
	}
	runSteps(m, 0, at)
	open := 0
	for _, pair := range m.pilotPair {
		if pair >= 0 {
			open++
		}
	}
	if open == 0 {
		t.Fatal("no official pilot before the switch")
	}
	runSteps(m, at, at+1)
	for r, pair := range m.pilotPair {
		if pair >= 0 {
			t.Fatalf("region %d still has an official's pilot (pair %d, own share %.3f, spend %.4g) at autonomy 0", r, pair, m.share[pair], m.spend[pair])
		}
	}
}
