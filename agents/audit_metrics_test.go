//go:build auditbugs

package agents

import (
	"context"
	"math"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Suspected metric placebos found by the metrics audit: in some regime a
// metric reports a number that does not measure what its dictionary text
// (metrics.go, columns.csv) says, or 0 where doc.go's rule asks for NaN.
// Each test fails on the code as it is; the comment says what the
// dictionary says, what the metric computes, where, the proposed fix and
// what it would change. Run with: go test ./agents -tags auditbugs -run Audit

// origin_imitation_share says "by a follower copying a peer's portfolio",
// but recordAdoptions (decide.go:576, case m.follower[r]) files every
// first adoption of a follower under imitation, also when copyPeer found
// no tailor among his peers and he optimised on his own beliefs like a
// tailor (decide.go:165, the else branch). At imitation 1 nobody has a
// tailor peer, so nobody copies: the run is bit-identical to imitation 0
// in every other metric, yet origin_imitation_share is about 0.39 and
// local_origin_share falls from 0.43 to 0.06 (3 x 4 world, 48 steps). The
// presets reach it: in kazakhstan_reforms' 17 x 2 world each city has one
// peer, and 27% of follower decisions at coordinated-autonomy settings
// find no tailor to copy (0% in 31 x 10, 5% in 3 x 4).
//
// Proposed fix: decide passes copied := m.follower[r] && m.copyPeer(r) to
// recordAdoptions, whose case becomes `case copied:`. Changes
// local_origin_share and origin_own/official/scale_up/platform/
// imitation_share wherever a follower cannot copy (the reform arms r1..r1_5
// most), so plots/testdata/results and reforms (steps.csv, summary.csv,
// effects.csv) would be regenerated.
func TestAuditImitationOriginNeedsACopy(t *testing.T) {
	p0 := mmParams()
	p0.Policy.Imitation = 0
	p1 := p0.Clone()
	p1.Policy.Imitation = 1 // every official a follower: none has a tailor to copy
	a, b := mmRun(t, p0, 48, 5, nil), mmRun(t, p1, 48, 5, nil)
	for j, c := range Columns() {
		ca, cb := a.Metrics.Column(j), b.Metrics.Column(j)
		for s := range ca {
			if !sameBits(ca[s], cb[s]) {
				t.Errorf("%s at step %d: %v at imitation 1, %v at imitation 0: nobody copied in either run", c.Name, s, cb[s], ca[s])
				break
			}
		}
	}
}

// follower_gap says "growth of regions led by followers minus that of
// regions led by tailors"; its point is the cost of copying (fact D1).
// mFollowerGap (metrics.go, the loop over m.follower) groups regions by
// the label alone, and a follower without a tailor among his peers
// (copyPeer false) optimises as a tailor does: the same placebo gap by
// label that was removed at autonomy 0. In a 1 x 1 world no region has a
// peer, so imitation 0.5 leaves the run bit-identical to imitation 0 in
// every other metric, but follower_gap is a number in 10 to 38 of 48 steps
// (seeds 1-8; seed 4: 20 steps). In kazakhstan_reforms' 17 x 2 world 27%
// of follower decisions copy nothing, so its follower group is diluted by
// about a quarter with officials who behave as tailors.
//
// Proposed fix: keep a per-region flag "copied at its last review" (set
// in decide from copyPeer's result, cleared for tailors) and group
// follower_gap by it, NaN when either group is empty (as now); the
// dictionary text would say "followers who copied a peer at their last
// review". Changes follower_gap in every autonomous arm where a follower
// can lack a tailor peer (reform arms most; default 31 x 10 not at all in
// the probe), plots/testdata/results and reforms.
func TestAuditFollowerGapNeedsAPeerToCopy(t *testing.T) {
	p := mmParams()
	p.World.Provinces, p.World.CitiesPerProvince = 1, 1 // no region has a peer
	p.Policy.Imitation = 0.5
	requireNaNMetric(t, mmRun(t, p, 48, 4, nil), "follower_gap", "no follower has a peer to copy")
}

// hot_utilisation (and hot_utilisation_worst) are compared across arms in
// summary.csv and effects.csv, but the set of sectors they average over
// is the arm's own: sectors of demand growth >= hot_growth, plus base
// priority > 1 only where policy.priorities is on (model.go:734,
// center.go:53). The dictionary says so, but the comparison it feeds is
// not like with like: in the default preset (3 x 4, 4 replications, run
// mean) laissez_faire's own set (solar, electric_vehicles) gives 0.747
// against coordinated_autonomy's 0.805 over four sectors, an effect of
// -0.058; over the same four sectors laissez_faire is at 0.808 (+0.004),
// over the same two 0.747 against 0.788 (-0.041). The paired effect is
// neither.
//
// Proposed fix: the metrics' hot set is regime-free, read from the sector
// table (growth >= hot_growth or sector priority > 1, whatever
// policy.priorities), while m.hot stays the set regions chase (hot_chase);
// or, simpler, sectors of fast demand alone in every arm. Changes
// hot_utilisation(_worst) in laissez_faire (and any priorities-off arm):
// plots/testdata/results would be regenerated.
func TestAuditHotUtilisationSameSectorsInEveryArm(t *testing.T) {
	p := mmParams()
	p.Policy.Priorities = false // laissez-faire's lever
	st := sim.DefaultSettings()
	st.Steps = 24
	out, err := Simulate(context.Background(), p, nil, st, 5, Options{Panel: true})
	if err != nil {
		t.Fatal(err)
	}
	hotOn := map[string]bool{} // the hot set of an arm with priorities on
	for _, sec := range p.Sectors {
		hotOn[sec.Name] = p.Market.DemandGrowth+sec.Growth >= p.Market.HotGrowth || sec.Priority > 1
	}
	num, den := map[int]float64{}, map[int]float64{}
	for _, row := range out.Sectors {
		if hotOn[row.Sector] {
			num[row.Step] += row.Capacity * row.Utilisation
			den[row.Step] += row.Capacity
		}
	}
	for s, v := range metricColumn(t, out, "hot_utilisation") {
		want := num[s] / den[s]
		if math.Abs(v-want) > 1e-12 {
			t.Fatalf("hot_utilisation at step %d = %v over this arm's own hot set, want %v over the sectors other arms call hot", s, v, want)
		}
	}
}
