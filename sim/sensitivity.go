package sim

// Global sensitivity estimators for the designs of sample.go: Sobol
// indices from a Saltelli design and Morris elementary effects, each with
// percentile bootstrap confidence intervals drawn from a caller's
// generator, so the intervals are reproducible.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Estimate is a point estimate with a 95% percentile bootstrap interval.
// Without bootstrap replicates, when no replicate is defined, or when
// the estimate rests on fewer than two resampling units (base samples,
// trajectories), the interval bounds are NaN: every resample of one unit
// is that unit, so its interval would be the point itself, a certainty
// one unit cannot give.
type Estimate struct {
	Value  float64
	CILow  float64
	CIHigh float64
}

// Sobol holds first-order and total Sobol indices, one per input.
type Sobol struct {
	N     int        // base samples used: those whose d+2 outputs are all defined
	First []Estimate // S_i: share of the output variance due to input i alone
	Total []Estimate // ST_i: share due to input i and all its interactions
}

// SobolIndices estimates first-order and total Sobol indices of d inputs
// from outputs y of the design Saltelli(n, d, ...), in the same order (n
// groups of d+2: A_j, B_j, A_B^1_j .. A_B^d_j). First order uses the
// estimator of Saltelli et al. (2010, table 2 (b)) on centred outputs,
// V_i = mean((f(B) - f0) (f(A_B^i) - f(A))) with f0 the mean of f over A
// and B: the same expectation, but its variance no longer grows with f0^2,
// which matters for a noisy model whose outputs are far from zero (Sobol'
// 2001 recommends the shift); total effects Jansen's (1999),
// VT_i = mean((f(A) - f(A_B^i))^2) / 2; both are divided by the variance
// of f over A and B together. Groups with a NaN output are dropped.
// boot bootstrap replicates resample the groups with replacement using
// rng (boot = 0: no intervals; nor with fewer than two groups, whose
// resamples are all alike). With no inputs (d = 0, the design
// Saltelli(n, 0, ...), which is empty) the indices are empty slices. It
// panics if d is negative or len(y) is not a multiple of d+2.
func SobolIndices(y []float64, d, boot int, rng *rand.Rand) Sobol {
	if d < 0 {
		panic(fmt.Sprintf("sim: SobolIndices of d = %d inputs: must be >= 0", d))
	}
	if len(y)%(d+2) != 0 {
		panic(fmt.Sprintf("sim: %d outputs do not form groups of d+2 = %d", len(y), d+2))
	}
	var groups [][]float64
	for g := 0; g+d+2 <= len(y); g += d + 2 {
		row := y[g : g+d+2]
		ok := true
		for _, v := range row {
			if math.IsNaN(v) {
				ok = false
				break
			}
		}
		if ok {
			groups = append(groups, row)
		}
	}
	s := Sobol{N: len(groups), First: make([]Estimate, d), Total: make([]Estimate, d)}
	first, total := make([]float64, d), make([]float64, d)
	sobolFrom(groups, nil, d, first, total)
	for i := range first {
		s.First[i] = Estimate{first[i], math.NaN(), math.NaN()}
		s.Total[i] = Estimate{total[i], math.NaN(), math.NaN()}
	}
	if boot <= 0 || len(groups) < 2 {
		return s
	}
	if rng == nil {
		panic("sim: SobolIndices needs a random generator to bootstrap")
	}
	bf, bt := make([][]float64, d), make([][]float64, d)
	idx := make([]int, len(groups))
	for b := 0; b < boot; b++ {
		for k := range idx {
			idx[k] = rng.IntN(len(groups))
		}
		sobolFrom(groups, idx, d, first, total)
		for i := 0; i < d; i++ {
			bf[i] = append(bf[i], first[i])
			bt[i] = append(bt[i], total[i])
		}
	}
	for i := 0; i < d; i++ {
		s.First[i].CILow, s.First[i].CIHigh = percentileCI(bf[i])
		s.Total[i].CILow, s.Total[i].CIHigh = percentileCI(bt[i])
	}
	return s
}

// sobolFrom writes the indices computed from groups[idx[k]] (all groups
// in order when idx is nil) into first and total.
func sobolFrom(groups [][]float64, idx []int, d int, first, total []float64) {
	n := len(groups)
	if idx != nil {
		n = len(idx)
	}
	at := func(k int) []float64 {
		if idx == nil {
			return groups[k]
		}
		return groups[idx[k]]
	}
	// Variance of f over the 2n outputs of A and B (two-pass, population).
	mean := 0.0
	for k := 0; k < n; k++ {
		g := at(k)
		mean += g[0] + g[1]
	}
	mean /= float64(2 * n)
	v := 0.0
	for k := 0; k < n; k++ {
		g := at(k)
		v += (g[0]-mean)*(g[0]-mean) + (g[1]-mean)*(g[1]-mean)
	}
	v /= float64(2 * n)
	if !(v > 0) {
		// f does not vary over A and B: no share of its variance to
		// attribute (0/0), not an infinite one
		for i := 0; i < d; i++ {
			first[i], total[i] = math.NaN(), math.NaN()
		}
		return
	}
	for i := 0; i < d; i++ {
		vi, vt := 0.0, 0.0
		for k := 0; k < n; k++ {
			g := at(k)
			fa, fb, fab := g[0], g[1], g[2+i]
			vi += (fb - mean) * (fab - fa)
			vt += (fa - fab) * (fa - fab)
		}
		first[i] = vi / float64(n) / v
		total[i] = vt / float64(2*n) / v
	}
}

// percentileCI returns the 2.5% and 97.5% empirical quantiles of xs,
// ignoring NaN and infinities (an undefined replicate, e.g. zero
// variance), or NaN, NaN when nothing is left.
func percentileCI(xs []float64) (lo, hi float64) {
	clean := xs[:0:0]
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			clean = append(clean, x)
		}
	}
	if len(clean) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(clean)
	q := func(p float64) float64 {
		// Linear interpolation between order statistics (type 7).
		h := p * float64(len(clean)-1)
		i := int(math.Floor(h))
		if i+1 >= len(clean) {
			return clean[len(clean)-1]
		}
		return clean[i] + (h-float64(i))*(clean[i+1]-clean[i])
	}
	return q(0.025), q(0.975)
}

// ElementaryEffects holds the elementary-effects statistics of d inputs.
type ElementaryEffects struct {
	R      int        // trajectories
	N      []int      // per input: trajectories whose elementary effect of it is defined
	Mu     []float64  // mean elementary effect
	MuStar []Estimate // mean absolute elementary effect (Campolongo et al. 2007), with bootstrap CI
	Sigma  []float64  // standard deviation of the elementary effects (n-1): non-linearity and interactions
}

// MorrisIndices estimates elementary-effect statistics from a Morris
// design pts (unit-cube points as returned by Morris, r trajectories of d+1
// points) and its outputs y. An elementary effect is the change of y over
// one step divided by the step in unit-cube coordinates, so it is the
// effect of moving an input across its whole range. Steps with a NaN
// output are skipped. boot bootstrap replicates resample trajectories with
// replacement using rng (boot = 0: no intervals; an input whose effect is
// defined in fewer than two trajectories gets none). An empty design has
// no trajectories and no inputs: R = 0 and empty slices. It panics if pts
// and y differ in length, its points in dimension, or the design is not
// made of whole trajectories.
func MorrisIndices(pts [][]float64, y []float64, boot int, rng *rand.Rand) ElementaryEffects {
	if len(pts) != len(y) {
		panic(fmt.Sprintf("sim: Morris design of %d points and %d outputs", len(pts), len(y)))
	}
	if len(pts) == 0 {
		return ElementaryEffects{}
	}
	d := len(pts[0])
	for k, pt := range pts {
		if len(pt) != d {
			panic(fmt.Sprintf("sim: Morris point %d has %d coordinates, point 0 has %d", k, len(pt), d))
		}
	}
	if len(pts)%(d+1) != 0 {
		panic(fmt.Sprintf("sim: %d Morris points do not form trajectories of d+1 = %d", len(pts), d+1))
	}
	r := len(pts) / (d + 1)
	// ee[t][i]: trajectory t's elementary effect of input i (NaN if undefined).
	ee := make([][]float64, r)
	for t := range ee {
		ee[t] = make([]float64, d)
		for i := range ee[t] {
			ee[t][i] = math.NaN()
		}
		for k := t * (d + 1); k < (t+1)*(d+1)-1; k++ {
			i := changed(pts[k], pts[k+1])
			if i < 0 {
				panic(fmt.Sprintf("sim: Morris points %d and %d differ in more or less than one input", k, k+1))
			}
			ee[t][i] = (y[k+1] - y[k]) / (pts[k+1][i] - pts[k][i])
		}
	}
	m := ElementaryEffects{R: r, N: make([]int, d), Mu: make([]float64, d), MuStar: make([]Estimate, d), Sigma: make([]float64, d)}
	for i := 0; i < d; i++ {
		var xs []float64
		for t := range ee {
			if !math.IsNaN(ee[t][i]) {
				xs = append(xs, ee[t][i])
			}
		}
		s := Summarize(xs)
		m.N[i], m.Mu[i], m.Sigma[i] = len(xs), s.Mean, s.SD
		m.MuStar[i] = Estimate{meanAbs(ee, nil, i), math.NaN(), math.NaN()}
	}
	if boot <= 0 {
		return m
	}
	if rng == nil {
		panic("sim: MorrisIndices needs a random generator to bootstrap")
	}
	reps := make([][]float64, d)
	idx := make([]int, r)
	for b := 0; b < boot; b++ {
		for k := range idx {
			idx[k] = rng.IntN(r)
		}
		for i := 0; i < d; i++ {
			reps[i] = append(reps[i], meanAbs(ee, idx, i))
		}
	}
	for i := 0; i < d; i++ {
		if m.N[i] < 2 {
			continue // one trajectory's effect: every resample is that effect
		}
		m.MuStar[i].CILow, m.MuStar[i].CIHigh = percentileCI(reps[i])
	}
	return m
}

// changed returns the one coordinate in which a and b differ, or -1.
func changed(a, b []float64) int {
	at := -1
	for i := range a {
		if a[i] != b[i] {
			if at >= 0 {
				return -1
			}
			at = i
		}
	}
	return at
}

// meanAbs is the mean of |ee[t][i]| over trajectories idx (all when nil),
// skipping NaN.
func meanAbs(ee [][]float64, idx []int, i int) float64 {
	n := len(ee)
	if idx != nil {
		n = len(idx)
	}
	sum, k := 0.0, 0
	for j := 0; j < n; j++ {
		t := j
		if idx != nil {
			t = idx[j]
		}
		if v := ee[t][i]; !math.IsNaN(v) {
			sum += math.Abs(v)
			k++
		}
	}
	if k == 0 {
		return math.NaN()
	}
	return sum / float64(k)
}
