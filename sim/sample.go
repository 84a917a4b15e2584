package sim

// Experimental designs for parameter sweeps. Every sampler returns points
// in the unit cube, one []float64 of length d per point, and is
// deterministic given its *rand.Rand; Scale maps them to [low, high] per
// dimension. Nothing here knows what the dimensions mean.

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// Grid returns the cartesian product of values: one point per combination,
// the first dimension varying slowest. It returns nil if any dimension has
// no values, and a single empty point for zero dimensions.
func Grid(values [][]float64) [][]float64 {
	n := 1
	for _, v := range values {
		n *= len(v)
	}
	if n == 0 {
		return nil
	}
	pts := make([][]float64, n)
	for i := range pts {
		p := make([]float64, len(values))
		rest := i
		for j := len(values) - 1; j >= 0; j-- {
			p[j] = values[j][rest%len(values[j])]
			rest /= len(values[j])
		}
		pts[i] = p
	}
	return pts
}

// LatinHypercube returns n points of a Latin hypercube sample of the unit
// cube [0,1)^d: each dimension's n equal bins hold exactly one point. It
// is gonum's stat/samplemv.LatinHypercube with a unit uniform quantile,
// drawing from rng (never the global source). rng must not be nil.
func LatinHypercube(n, d int, rng *rand.Rand) [][]float64 {
	if n <= 0 || d <= 0 {
		return nil
	}
	if rng == nil {
		panic("sim: LatinHypercube needs a random generator")
	}
	m := mat.NewDense(n, d, nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(d, nil), Src: rng}.Sample(m)
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = m.RawRowView(i)
	}
	return pts
}

// Halton returns points 1..n of the d-dimensional Halton sequence (base:
// the j-th prime for dimension j), skipping point 0, the origin. With a
// non-nil rng the sequence is scrambled by random digit permutations: each
// dimension and digit position gets its own permutation of the digits
// 0..base-1, drawn from rng in a fixed order, so the same rng state gives
// the same points. Scrambling breaks the correlations between the
// dimensions of large prime bases that make the plain sequence unusable
// beyond a few dimensions, and makes the estimate of an integral random
// and unbiased (random digit permutations: Matoušek 1998; Owen 2017,
// "A randomized Halton algorithm in R").
func Halton(n, d int, rng *rand.Rand) [][]float64 {
	if n <= 0 || d <= 0 {
		return nil
	}
	h := newHalton(d, rng)
	pts := make([][]float64, n)
	for i := range pts {
		pts[i] = h.point(uint64(i+1), make([]float64, d))
	}
	return pts
}

type halton struct {
	bases  []uint64
	digits []int        // digit positions per dimension: base^digits >= 2^53
	perm   [][][]uint64 // dimension -> digit position -> permutation; nil: none
}

func newHalton(d int, rng *rand.Rand) *halton {
	h := &halton{bases: Primes(d), digits: make([]int, d)}
	if rng != nil {
		h.perm = make([][][]uint64, d)
	}
	for j, b := range h.bases {
		h.digits[j] = int(math.Ceil(53 / math.Log2(float64(b))))
		if rng == nil {
			continue
		}
		h.perm[j] = make([][]uint64, h.digits[j])
		for k := range h.perm[j] {
			p := make([]uint64, b)
			for i, v := range rng.Perm(int(b)) {
				p[i] = uint64(v)
			}
			h.perm[j][k] = p
		}
	}
	return h
}

// point writes the i-th point of the sequence into dst.
func (h *halton) point(i uint64, dst []float64) []float64 {
	oneBelow := math.Nextafter(1, 0)
	for j, b := range h.bases {
		x, scale, rest := 0.0, 1/float64(b), i
		for k := 0; k < h.digits[j]; k++ {
			digit := rest % b
			rest /= b
			if h.perm != nil {
				digit = h.perm[j][k][digit]
			} else if rest == 0 && digit == 0 {
				break
			}
			x += float64(digit) * scale
			scale /= float64(b)
		}
		dst[j] = math.Min(x, oneBelow)
	}
	return dst
}

// Primes returns the first n prime numbers (none for n < 1).
func Primes(n int) []uint64 {
	if n < 1 {
		return nil
	}
	ps := make([]uint64, 0, n)
	for c := uint64(2); len(ps) < n; c++ {
		prime := true
		for _, p := range ps {
			if p*p > c {
				break
			}
			if c%p == 0 {
				prime = false
				break
			}
		}
		if prime {
			ps = append(ps, c)
		}
	}
	return ps
}

// Saltelli returns the design for estimating first-order and total Sobol
// indices of d inputs from n base samples (Saltelli et al. 2010): two
// independent matrices A and B, the first and last d columns of a 2d-
// dimensional Halton sequence (scrambled with rng; with a nil rng the
// plain sequence, as Halton), and for each input i the matrix
// A_B^i, A with column i taken from B. The n*(d+2) points are grouped by
// base sample: for sample j, A_j, B_j, then A_B^1_j .. A_B^d_j. That is the
// layout SobolIndices expects, and it keeps the points a sample needs next
// to each other, so a partial sweep still yields whole samples.
func Saltelli(n, d int, rng *rand.Rand) [][]float64 {
	if n <= 0 || d <= 0 {
		return nil
	}
	base := Halton(n, 2*d, rng)
	pts := make([][]float64, 0, n*(d+2))
	for _, row := range base {
		a, b := row[:d], row[d:]
		pts = append(pts, append([]float64(nil), a...), append([]float64(nil), b...))
		for i := 0; i < d; i++ {
			ab := append([]float64(nil), a...)
			ab[i] = b[i]
			pts = append(pts, ab)
		}
	}
	return pts
}

// Morris returns r trajectories of the elementary-effects design (Morris
// 1991) on a grid of p levels (p even, >= 2) in d dimensions: d+1 points
// each, r*(d+1) in all. A trajectory starts at a random grid point and
// moves one dimension at a time, in a random order, by delta = p/(2(p-1))
// up or down, so consecutive points differ in exactly one coordinate.
func Morris(r, d, p int, rng *rand.Rand) [][]float64 {
	if r <= 0 || d <= 0 {
		return nil
	}
	if p < 2 || p%2 != 0 {
		panic(fmt.Sprintf("sim: Morris levels = %d: must be even and >= 2", p))
	}
	if rng == nil {
		panic("sim: Morris needs a random generator")
	}
	// Levels as integers 0..p-1, so one level is always the same float
	// (level/(p-1)) whichever way a trajectory reached it. Start levels
	// lv with lv + p/2 <= p-1: 0, ..., p/2-1.
	step, starts := p/2, p/2
	pts := make([][]float64, 0, r*(d+1))
	lv := make([]int, d)
	up := make([]bool, d)
	point := func() []float64 {
		x := make([]float64, d)
		for i, l := range lv {
			x[i] = float64(l) / float64(p-1)
		}
		return x
	}
	for t := 0; t < r; t++ {
		for i := range lv {
			lv[i] = rng.IntN(starts)
			up[i] = rng.IntN(2) == 0
			if !up[i] {
				lv[i] += step
			}
		}
		order := rng.Perm(d)
		pts = append(pts, point())
		for _, i := range order {
			if up[i] {
				lv[i] += step
			} else {
				lv[i] -= step
			}
			pts = append(pts, point())
		}
	}
	return pts
}

// MorrisDelta is the step of a Morris design on p levels, p/(2(p-1)).
func MorrisDelta(p int) float64 { return float64(p) / float64(2*(p-1)) }

// Scale maps unit-cube points in place to [low[j], high[j]] per dimension
// and returns them. It panics if a point's length differs from low's or
// high's.
func Scale(pts [][]float64, low, high []float64) [][]float64 {
	if len(low) != len(high) {
		panic("sim: scale bounds of different lengths")
	}
	for _, p := range pts {
		if len(p) != len(low) {
			panic("sim: point and bounds of different lengths")
		}
		for j := range p {
			p[j] = low[j] + p[j]*(high[j]-low[j])
		}
	}
	return pts
}
