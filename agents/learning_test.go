package agents

import "testing"

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
