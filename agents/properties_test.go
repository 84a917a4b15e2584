package agents

import (
	"context"
	"fmt"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// The properties of MODEL.md §7, each over 30 paired replications of arms
// that differ only in the property's lever. They come out of the
// simulation; nothing here writes a number into the model.

const propertyReps = 30

// propertyParams is a mid-size world (10 provinces x 6 cities) so that
// 30 paired replications of several arms run in seconds.
func propertyParams() Params {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 10, 6
	return p
}

// finals runs p over the property replications and returns the run
// summary of each named metric, per replication.
func finals(t *testing.T, p Params, names ...string) map[string][]float64 {
	t.Helper()
	s := sim.DefaultSettings()
	info := MetricInfo()
	out := map[string][]float64{}
	jobs := sim.Plan{Arms: 1, Replications: propertyReps, MasterSeed: 2026}.Jobs()
	err := sim.Replicate(context.Background(), jobs, 0, func(ctx context.Context, j sim.Job) (Output, error) {
		return Simulate(ctx, p, nil, s, j.Seed, Options{})
	}, func(j sim.Job, o Output) error {
		for _, n := range names {
			c := o.Metrics.Col(n)
			if c < 0 {
				return fmt.Errorf("no metric %q", n)
			}
			out[n] = append(out[n], info[c].Summary.Reduce(o.Metrics.Column(c), s.StepsPerYear))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func relDiff(a, b []float64) []float64 {
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i]/b[i] - 1
	}
	return d
}

func skipLong(t *testing.T) {
	if testing.Short() {
		t.Skip("long property test: run without -short (CI does)")
	}
}

func TestPropertyAutonomyGainGrowsWithHeterogeneity(t *testing.T) {
	skipLong(t)
	var gains [][]float64
	for _, h := range []float64{0, 0.5, 1} {
		decentral := propertyParams()
		decentral.World.Heterogeneity = h
		central := decentral
		central.Policy.Autonomy = 0 // the only difference
		a := finals(t, decentral, "value_added")["value_added"]
		c := finals(t, central, "value_added")["value_added"]
		g := relDiff(a, c)
		gains = append(gains, g)
		sm := sim.Summarize(g)
		t.Logf("heterogeneity %.1f: autonomy 0.85 vs 0: %+.1f%% [%+.1f, %+.1f]", h, 100*sm.Mean, 100*sm.CILow, 100*sm.CIHigh)
	}
	if s := sim.Summarize(gains[0]); s.CILow > 0 {
		t.Errorf("autonomy wins when regions are alike: %+.3f [%+.3f, %+.3f]", s.Mean, s.CILow, s.CIHigh)
	}
	for i := 1; i < len(gains); i++ {
		if d := sim.Paired(gains[i], gains[0]); d.CILow <= 0 {
			t.Errorf("autonomy's gain at heterogeneity step %d is not above its gain at 0: %+.3f [%+.3f, %+.3f]", i, d.Mean, d.CILow, d.CIHigh)
		}
	}
}

func TestPropertyCoordinationMattersMoreWhenDemandIsTight(t *testing.T) {
	skipLong(t)
	effect := func(growth float64) []float64 {
		on := propertyParams()
		on.Market.DemandGrowth = growth
		off := on
		off.Policy.Coordination = false
		a := finals(t, on, "value_added")["value_added"]
		b := finals(t, off, "value_added")["value_added"]
		g := relDiff(a, b)
		sm := sim.Summarize(g)
		t.Logf("demand growth %.2f: coordination on vs off %+.1f%% [%+.1f, %+.1f]", growth, 100*sm.Mean, 100*sm.CILow, 100*sm.CIHigh)
		return g
	}
	loose, tight := effect(0.09), effect(0.03)
	if s := sim.Summarize(tight); s.CILow <= 0 {
		t.Errorf("coordination does not help when demand is tight: %+.3f [%+.3f, %+.3f]", s.Mean, s.CILow, s.CIHigh)
	}
	if d := sim.Paired(tight, loose); d.CILow <= 0 {
		t.Errorf("coordination's value is not larger with tight demand: %+.3f [%+.3f, %+.3f]", d.Mean, d.CILow, d.CIHigh)
	}
}

func TestPropertyMobilitySpreadsPracticeWhenPlatformIsWeak(t *testing.T) {
	skipLong(t)
	still := propertyParams()
	still.Policy.Platform, still.Policy.PilotShare = 0, 0
	still.Policy.Mobility = 0
	mobile := still
	mobile.Policy.Mobility = 1
	a := finals(t, mobile, "learning_error")["learning_error"]
	b := finals(t, still, "learning_error")["learning_error"]
	d := sim.Paired(a, b)
	t.Logf("learning error, mobility 1 minus 0, no platform: %+.4f [%+.4f, %+.4f]", d.Mean, d.CILow, d.CIHigh)
	if d.CIHigh >= 0 {
		t.Errorf("mobility does not lower the learning error without a platform: %+.4f [%+.4f, %+.4f]", d.Mean, d.CILow, d.CIHigh)
	}
}

// MODEL.md's learnt trap: if any platform weighs the pool the full
// pool's worth, a weak platform diffuses as fast as a strong one and
// careers have nothing to do. Platform 0.02 must close less than half of
// the learning-error gap that platform 0.5 closes (with the pool weighed
// uncapped, platform_cap 1e300, it closed about all of it).
func TestPropertyWeakPlatformIsWeak(t *testing.T) {
	skipLong(t)
	errAt := func(platform float64) []float64 {
		p := propertyParams()
		p.Policy.Platform = platform
		return finals(t, p, "learning_error")["learning_error"]
	}
	none, weak, strong := errAt(0), errAt(0.02), errAt(0.5)
	weakGain, strongGain := sim.Paired(none, weak), sim.Paired(none, strong)
	t.Logf("learning error without a platform minus with platform 0.02: %+.4f [%+.4f, %+.4f]; minus with 0.5: %+.4f [%+.4f, %+.4f]",
		weakGain.Mean, weakGain.CILow, weakGain.CIHigh, strongGain.Mean, strongGain.CILow, strongGain.CIHigh)
	if !(strongGain.CILow > 0) {
		t.Fatalf("platform 0.5 does not lower the learning error: %+.4f [%+.4f, %+.4f]", strongGain.Mean, strongGain.CILow, strongGain.CIHigh)
	}
	if !(weakGain.Mean < strongGain.Mean/2) {
		t.Errorf("a weak platform (0.02) closes %.0f%% of the learning-error gap a strong one (0.5) closes: want under half", 100*weakGain.Mean/strongGain.Mean)
	}
}

func TestPropertyResultsPromotionHasBenefitsAndCosts(t *testing.T) {
	skipLong(t)
	results := propertyParams()
	seniority := results
	seniority.Policy.PromotionBasis = "seniority"
	names := []string{"effort", "province_ability", "financial_share", "value_added"}
	a, b := finals(t, results, names...), finals(t, seniority, names...)
	for _, n := range names {
		d := sim.Paired(a[n], b[n])
		t.Logf("%s, results minus seniority: %+.4f [%+.4f, %+.4f]", n, d.Mean, d.CILow, d.CIHigh)
	}
	// benefits: effort and selection of able officials; cost: short-termism
	// (more money, which pays before the next evaluation)
	for _, n := range names[:3] {
		if d := sim.Paired(a[n], b[n]); d.CILow <= 0 {
			t.Errorf("%s is not higher under results-based promotion: %+.4f [%+.4f, %+.4f]", n, d.Mean, d.CILow, d.CIHigh)
		}
	}
}

func TestPropertyLocalOriginFallsWithAutonomy(t *testing.T) {
	skipLong(t)
	hi := propertyParams()
	lo := hi
	lo.Policy.Autonomy = 0.3
	a := finals(t, hi, "local_origin_share", "fit_alignment")
	b := finals(t, lo, "local_origin_share", "fit_alignment")
	for _, n := range []string{"local_origin_share", "fit_alignment"} {
		d := sim.Paired(a[n], b[n])
		t.Logf("%s, autonomy 0.85 minus 0.3: %+.4f [%+.4f, %+.4f]", n, d.Mean, d.CILow, d.CIHigh)
		if d.CILow <= 0 {
			t.Errorf("%s does not fall when autonomy falls", n)
		}
	}
}
