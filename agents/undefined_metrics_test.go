package agents

import (
	"math"
	"testing"
)

// Metrics that have nothing to measure in a regime are NaN there (doc.go:
// an undefined metric is NaN, not 0): a 0 or 1 by construction would be
// paired in effects.csv with other arms' real values.

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
