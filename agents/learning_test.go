package agents

import (
	"math"
	"testing"
)

// The origin of a scale-up is the region that contributed most of the
// evidence the scale-up rests on: pooled(kg), which counts pilots at full
// weight and routine reports at weight platform. What the regions are
// credited with must add up to that evidence.
func TestContributionsAddUpToThePooledEvidence(t *testing.T) {
	p := smallParams()
	p.Policy.Platform = 0.25
	p.Policy.PoolDecay = 0           // nothing fades: contributions and pools comparable
	p.Policy.ScaleUpEvidence = 1e300 // no scale-up resets the contributions
	m := newModel(t, p, 40, 3)
	runSteps(m, 0, 40)
	kgN := m.K * numStages
	checked := 0
	for kg := 0; kg < kgN; kg++ {
		sum := 0.0
		for r := 0; r < m.R; r++ {
			sum += m.contrib[r*kgN+kg]
		}
		_, prec := m.pooled(kg)
		if m.poolPrec[kg] <= 0 {
			continue
		}
		checked++
		if math.Abs(sum-prec) > 1e-9*prec {
			t.Errorf("practice %d: regions credited with %g of evidence, the pooled evidence has precision %g (pilots %g, routine %g at weight %g)",
				kg, sum, prec, m.pilotPrec[kg], m.poolPrec[kg], p.Policy.Platform)
		}
	}
	if checked == 0 {
		t.Fatal("nothing pooled")
	}
}

// A region's fit beliefs in a fit year must not depend on the order in
// which regions report: region 0's results of the year must not reach the
// effectiveness beliefs the later regions divide their results by.
func TestFitUpdateIgnoresOtherRegionsReportsOfTheSameYear(t *testing.T) {
	p := smallParams()
	p.Policy.Platform = 1
	const tFit = 7 // year 2: a fit year
	a, b := newModel(t, p, 40, 5), newModel(t, p, 40, 5)
	runSteps(a, 0, tFit)
	runSteps(b, 0, tFit)
	if a.yearMask[0] == 0 && a.yearMask[1] == 0 {
		t.Fatal("region 0 funded nothing")
	}
	for s := 0; s < b.S; s++ {
		b.yearMask[s] = 0 // region 0 reports nothing this year
	}
	a.measure(tFit)
	b.measure(tFit)
	for i := b.S; i < b.R*b.S; i++ {
		if a.fitMean[i] != b.fitMean[i] {
			t.Fatalf("region %d sector %d: fit belief %g with region 0's reports of the year, %g without",
				i/b.S, i%b.S, a.fitMean[i], b.fitMean[i])
		}
	}
}
