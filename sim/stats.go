package sim

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Summary describes a sample of one metric over replications.
type Summary struct {
	N      int
	Mean   float64
	SD     float64 // sample standard deviation (n-1); NaN when N < 2
	CILow  float64 // lower bound of the 95% confidence interval of the mean; NaN when N < 2
	CIHigh float64 // upper bound; NaN when N < 2
}

// Summarize returns the mean, standard deviation and 95% confidence
// interval (Student's t) of xs. NaN values are skipped: a metric that is
// undefined in a run (no followers, say) does not poison the others. With
// fewer than two values the spread is unknown: SD and the interval are
// NaN, not a zero width that would read as certainty.
func Summarize(xs []float64) Summary {
	var clean []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			clean = append(clean, x)
		}
	}
	s := Summary{N: len(clean)}
	switch len(clean) {
	case 0:
		s.Mean, s.SD, s.CILow, s.CIHigh = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return s
	case 1:
		s.Mean, s.SD, s.CILow, s.CIHigh = clean[0], math.NaN(), math.NaN(), math.NaN()
		return s
	}
	s.Mean, s.SD = stat.MeanStdDev(clean, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(clean) - 1)}.Quantile(0.975)
	half := t * s.SD / math.Sqrt(float64(len(clean)))
	s.CILow, s.CIHigh = s.Mean-half, s.Mean+half
	return s
}

// Paired summarises the differences a[i] - b[i] of paired observations
// (the same replication under two arms). Pairs with a NaN are skipped.
// It panics if the lengths differ.
func Paired(a, b []float64) Summary {
	if len(a) != len(b) {
		panic("sim: paired samples of different lengths")
	}
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return Summarize(d)
}

// Contains reports whether x lies in the confidence interval.
func (s Summary) Contains(x float64) bool { return s.CILow <= x && x <= s.CIHigh }
