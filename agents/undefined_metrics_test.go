package agents

import (
	"context"
	"math"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Metrics measure what their dictionary says in every regime: where they
// have nothing to measure they are NaN (doc.go: an undefined metric is
// NaN, not 0), and what arms compare is alike in every arm. A 0 or 1 by
// construction, or a comparison of labels, would be paired in effects.csv
// with other arms' real values.

// metricColumn returns the steps of metric name in out.
func metricColumn(t *testing.T, out Output, name string) []float64 {
	t.Helper()
	for j, c := range Columns() {
		if c.Name == name {
			return out.Metrics.Column(j)
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}

// requireNaNMetric fails t unless metric name is NaN at every step of out.
func requireNaNMetric(t *testing.T, out Output, name, why string) {
	t.Helper()
	for s, v := range metricColumn(t, out, name) {
		if !math.IsNaN(v) {
			t.Errorf("%s at step %d = %v, want NaN (%s)", name, s, v, why)
			return
		}
	}
}

// With a one-instrument toolbox every own mix is the same vector, so the
// cosines of a mover's mix with his carried one and with the placebo are
// both 1: mover_mix_gain and mover_mix_after were 0 by construction.
func TestMoverMixOneInstrument(t *testing.T) {
	p := mmParams()
	p.Policy.Toolbox = []string{"subsidy"}
	out := mmRun(t, p, 48, 5, nil)
	requireNaNMetric(t, out, "mover_mix_gain", "one instrument: every mix is the same, nothing can be carried")
	requireNaNMetric(t, out, "mover_mix_after", "one instrument: every mix is the same, nothing can be carried")
}

// The mover statistics are run averages, so a one-instrument toolbox for
// part of a run (an event narrows or widens it) is left out of them, not
// applied to the whole run: years under one instrument added changes of
// exactly 0 (every mix the same vector), and a one-instrument toolbox in
// the last year made the whole run's averages NaN.
func TestMoverMixOneInstrumentPartOfTheRun(t *testing.T) {
	p := mmParams()
	p.Officials.TermMean = 1.5
	p.Policy.Mobility = 0.8
	const steps, switchAt = 72, 40
	one := p.Clone()
	one.Policy.Toolbox = []string{"subsidy"}
	gain := func(m *Model) (float64, float64) { return m.st.moverGainN, m.st.moverAfterN }

	// widened at switchAt: nothing recorded before
	m := newModelEv(t, one, steps, 4, []Event{{Step: switchAt, Params: &p}})
	runSteps(m, 0, switchAt)
	if n, na := gain(m); n != 0 || na != 0 {
		t.Errorf("one instrument until step %d: %v and %v mover-years recorded, want none (every mix is the same)", switchAt, n, na)
	}
	runSteps(m, switchAt, steps)
	if n, _ := gain(m); n == 0 {
		t.Fatal("no mover-year recorded after the toolbox widened: the test needs movers")
	}

	// narrowed in the last year: the earlier years stand
	full := mmRun(t, p, steps, 4, nil)
	narrowed := mmRun(t, p, steps, 4, []Event{{Step: steps - 4, Params: &one}})
	for _, name := range []string{"mover_mix_gain", "mover_mix_after"} {
		want := metricColumn(t, full, name)[steps-5] // at the last year end before the event
		if math.IsNaN(want) {
			t.Fatalf("%s undefined before the event: the test needs movers", name)
		}
		for s, v := range metricColumn(t, narrowed, name)[steps-4:] {
			if !sameBits(v, want) {
				t.Errorf("%s at step %d = %v after the toolbox narrowed to one instrument, want %v (the average of the years before)", name, steps-4+s, v, want)
			}
		}
	}
}

// With a one-instrument toolbox that instrument is both the best and every
// official's first: diffusion was 1 whatever anyone learnt.
func TestDiffusionOneInstrument(t *testing.T) {
	p := mmParams()
	p.Policy.Toolbox = []string{"subsidy"}
	requireNaNMetric(t, mmRun(t, p, 24, 5, nil), "diffusion", "one instrument: it is always ranked first")
}

// Without a budget (world.tax_rate 0) cap_reallocated, a share of budget,
// was 0 where the same run's other shares of spending are NaN.
func TestCapReallocatedWithoutBudget(t *testing.T) {
	p := mmParams()
	p.World.TaxRate = 0
	requireNaNMetric(t, mmRun(t, p, 12, 5, nil), "cap_reallocated", "no budget: a share of nothing")
}

// With one region spending there is no between-region spread: diversity
// was 0, where fit_alignment, the other cross-region statistic, is NaN.
func TestDiversityNeedsTwoRegions(t *testing.T) {
	p := mmParams()
	p.World.Provinces, p.World.CitiesPerProvince = 1, 0
	requireNaNMetric(t, mmRun(t, p, 12, 5, nil), "diversity", "one region: no between-region spread")
}

// A follower with no tailor among his peers (imitation 1: nobody has one)
// decides as a tailor: the run is bit-identical to imitation 0, and so
// are its origin shares. His first adoptions were filed under imitation
// (origin_imitation_share 0.39 where it is 0).
func TestImitationOriginNeedsACopy(t *testing.T) {
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

// follower_gap compares regions whose follower copied a peer with the
// others: in a 1 x 1 world nobody has a peer, so there is no follower
// group. It grouped by the follower label, and reported a gap between
// officials who all decided alike.
func TestFollowerGapNeedsAPeerToCopy(t *testing.T) {
	p := mmParams()
	p.World.Provinces, p.World.CitiesPerProvince = 1, 1 // no region has a peer
	p.Policy.Imitation = 0.5
	requireNaNMetric(t, mmRun(t, p, 48, 4, nil), "follower_gap", "no follower has a peer to copy")
}

// Without a budget (world.tax_rate 0) no region has an own portfolio: a
// follower copies a peer's empty one, as at autonomy 0. follower_gap
// compared the growth of regions by that label, a gap of 0 by construction
// (it read 1e-17, rounding), which effects.csv paired with other arms'
// real gaps.
func TestFollowerGapWithoutBudget(t *testing.T) {
	p := mmParams()
	p.World.TaxRate = 0
	p.Policy.Imitation = 0.5
	requireNaNMetric(t, mmRun(t, p, 48, 5, nil), "follower_gap", "no budget: no own portfolio to copy")
}

// hot_utilisation is compared across arms (effects.csv), so it reads the
// same sectors in every arm: fast demand or a table priority above 1,
// also where the center sets no priorities (laissez-faire), whose regions
// chase the fast-demand sectors alone. It was averaged over each arm's own
// set, so laissez-faire's was over fewer sectors than the other arms'.
func TestHotUtilisationSameSectorsInEveryArm(t *testing.T) {
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
