package sim

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// ishigami is the Ishigami-Homma test function on [-pi, pi]^3.
func ishigami(x []float64, a, b float64) float64 {
	return math.Sin(x[0]) + a*math.Pow(math.Sin(x[1]), 2) + b*math.Pow(x[2], 4)*math.Sin(x[0])
}

// ishigamiIndices are the analytic first-order and total indices
// (Ishigami and Homma 1990; Saltelli et al. 2008, "Global Sensitivity
// Analysis: The Primer", sec. 4.9): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,
// V1 = (1 + b pi^4/5)^2/2, V2 = a^2/8, V3 = 0, V13 = 8 b^2 pi^8/225.
func ishigamiIndices(a, b float64) (first, total []float64) {
	pi4 := math.Pow(math.Pi, 4)
	v := a*a/8 + b*pi4/5 + b*b*pi4*pi4/18 + 0.5
	v1 := math.Pow(1+b*pi4/5, 2) / 2
	v2 := a * a / 8
	v13 := 8 * b * b * pi4 * pi4 / 225
	return []float64{v1 / v, v2 / v, 0}, []float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func TestSobolIshigami(t *testing.T) {
	const a, b, d = 7, 0.1, 3
	first, total := ishigamiIndices(a, b)
	// Sanity check of the formulas against the rounded values quoted in
	// the literature (Saltelli et al. 2008, table 4.9 for a=7, b=0.1).
	quoted := [][2][]float64{{first, {0.3139, 0.4424, 0}}, {total, {0.5576, 0.4424, 0.2437}}}
	for _, q := range quoted {
		for i := range q[0] {
			if math.Abs(q[0][i]-q[1][i]) > 5e-5 {
				t.Fatalf("analytic index %d = %.5f, literature %.4f", i, q[0][i], q[1][i])
			}
		}
	}

	// 4096 base samples, 20480 evaluations. Over 30 scramblings (seeds
	// 0-29) the largest error of any index was 0.013, so tol = 0.02. The
	// bootstrap treats the points as i.i.d. and so overstates the error
	// of a quasi-random design (half-widths 0.01-0.04 here): its interval
	// must cover the true value.
	const n, tol = 4096, 0.02
	pts := Scale(Saltelli(n, d, NewRand(42, 0)),
		[]float64{-math.Pi, -math.Pi, -math.Pi}, []float64{math.Pi, math.Pi, math.Pi})
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = ishigami(p, a, b)
	}
	got := SobolIndices(y, d, 500, NewRand(42, 1))
	if got.N != n {
		t.Errorf("N = %d, want %d", got.N, n)
	}
	check := func(kind string, i int, e Estimate, want float64) {
		t.Logf("%s S%d = %.4f [%.4f, %.4f], analytic %.4f", kind, i+1, e.Value, e.CILow, e.CIHigh, want)
		if math.Abs(e.Value-want) > tol {
			t.Errorf("%s index %d = %.4f, want %.4f +- %v", kind, i+1, e.Value, want, tol)
		}
		if want < e.CILow || want > e.CIHigh {
			t.Errorf("%s index %d: interval [%.4f, %.4f] misses %.4f", kind, i+1, e.CILow, e.CIHigh, want)
		}
	}
	for i := 0; i < d; i++ {
		check("first", i, got.First[i], first[i])
		check("total", i, got.Total[i], total[i])
	}
}

func TestSobolDropsNaN(t *testing.T) {
	const n, d = 512, 2
	pts := Saltelli(n, d, NewRand(1, 0))
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = p[0] + 2*p[1]
	}
	y[5] = math.NaN() // in group 1
	s := SobolIndices(y, d, 0, nil)
	if s.N != n-1 {
		t.Errorf("N = %d, want %d (one group dropped)", s.N, n-1)
	}
	if !math.IsNaN(s.First[0].CILow) {
		t.Errorf("interval without bootstrap = [%v, %v], want NaN", s.First[0].CILow, s.First[0].CIHigh)
	}
	// Additive function: first order = total = c_i^2 / sum c^2 = 1/5, 4/5.
	// At n = 512 the first-order estimates are within 0.012 of them.
	for i, want := range []float64{0.2, 0.8} {
		if math.Abs(s.First[i].Value-want) > 0.02 || math.Abs(s.Total[i].Value-want) > 0.02 {
			t.Errorf("input %d: first %.3f total %.3f, want both %.1f", i, s.First[i].Value, s.Total[i].Value, want)
		}
	}
}

func TestMorrisLinear(t *testing.T) {
	// For y = sum c_i x_i every elementary effect of input i is c_i:
	// mu = c_i, mu* = |c_i|, sigma = 0, and the bootstrap interval is the point.
	c := []float64{3, -2, 0}
	pts := Morris(10, len(c), 4, NewRand(9, 0))
	y := make([]float64, len(pts))
	for k, p := range pts {
		for i := range c {
			y[k] += c[i] * p[i]
		}
	}
	m := MorrisIndices(pts, y, 100, NewRand(9, 1))
	if m.R != 10 {
		t.Errorf("R = %d, want 10", m.R)
	}
	const eps = 1e-12
	for i := range c {
		if math.Abs(m.Mu[i]-c[i]) > eps || math.Abs(m.MuStar[i].Value-math.Abs(c[i])) > eps || m.Sigma[i] > eps {
			t.Errorf("input %d: mu %v mu* %v sigma %v, want %v %v 0", i, m.Mu[i], m.MuStar[i].Value, m.Sigma[i], c[i], math.Abs(c[i]))
		}
		if math.Abs(m.MuStar[i].CILow-math.Abs(c[i])) > eps || math.Abs(m.MuStar[i].CIHigh-math.Abs(c[i])) > eps {
			t.Errorf("input %d: mu* interval [%v, %v], want the point %v", i, m.MuStar[i].CILow, m.MuStar[i].CIHigh, math.Abs(c[i]))
		}
	}
}

func TestMorrisIshigamiRanking(t *testing.T) {
	// x3 acts only through its interaction with x1: its mean effect is
	// near zero while mu* and sigma are not, the signature Morris screening
	// is meant to reveal. x2's effect sin^2 is symmetric, so mu ~ 0 too.
	pts := Morris(200, 3, 4, NewRand(11, 0))
	sc := Scale(clone(pts), []float64{-math.Pi, -math.Pi, -math.Pi}, []float64{math.Pi, math.Pi, math.Pi})
	y := make([]float64, len(pts))
	for k, p := range sc {
		y[k] = ishigami(p, 7, 0.1)
	}
	m := MorrisIndices(pts, y, 200, NewRand(11, 1))
	for i := range m.Mu {
		t.Logf("x%d: mu %.2f mu* %.2f [%.2f, %.2f] sigma %.2f", i+1, m.Mu[i], m.MuStar[i].Value, m.MuStar[i].CILow, m.MuStar[i].CIHigh, m.Sigma[i])
		if !(m.MuStar[i].CILow <= m.MuStar[i].Value && m.MuStar[i].Value <= m.MuStar[i].CIHigh) {
			t.Errorf("x%d: mu* %v outside its interval [%v, %v]", i+1, m.MuStar[i].Value, m.MuStar[i].CILow, m.MuStar[i].CIHigh)
		}
	}
	if !(m.MuStar[2].Value > 3*math.Abs(m.Mu[2])) {
		t.Errorf("x3: mu* %.2f not well above |mu| %.2f", m.MuStar[2].Value, math.Abs(m.Mu[2]))
	}
}

func clone(pts [][]float64) [][]float64 {
	out := make([][]float64, len(pts))
	for i, p := range pts {
		out[i] = append([]float64(nil), p...)
	}
	return out
}

func ExampleSobolIndices() {
	// y = x1 + 2 x2 on the unit square: the variance shares are 1/5 and 4/5.
	pts := Saltelli(8192, 2, NewRand(1, 0))
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = p[0] + 2*p[1]
	}
	s := SobolIndices(y, 2, 0, nil)
	for i := range s.First {
		fmt.Printf("x%d: first %.2f total %.2f\n", i+1, s.First[i].Value, s.Total[i].Value)
	}
	// Output:
	// x1: first 0.20 total 0.20
	// x2: first 0.80 total 0.80
}

// TestSobolConstantOutput: an output that does not vary over A and B has
// no variance to share out: its indices and intervals are NaN, never
// infinite (which a CSV would carry as text).
func TestSobolConstantOutput(t *testing.T) {
	const n, d = 8, 2
	pts := Saltelli(n, d, NewRand(1, 0))
	y := make([]float64, len(pts))
	for i, p := range pts {
		if i%(d+2) >= 2 { // the A_B rows vary, A and B do not
			y[i] = p[0]
		}
	}
	s := SobolIndices(y, d, 50, NewRand(2, 0))
	for i := 0; i < d; i++ {
		for _, e := range []Estimate{s.First[i], s.Total[i]} {
			for _, x := range []float64{e.Value, e.CILow, e.CIHigh} {
				if !math.IsNaN(x) {
					t.Errorf("input %d: %+v, want NaN throughout", i, e)
				}
			}
		}
	}
}

// TestSobolEstimatorsByHand checks the documented estimators on two
// groups worked out by hand, d = 1, groups (f(A), f(B), f(A_B)):
// (1, 3, 2) and (5, 7, 7). f0 = mean(1, 3, 5, 7) = 4; the population
// variance of A and B is (9+1+1+9)/4 = 5; V1 = ((3-4)(2-1) + (7-4)(7-5))/2
// = 2.5, so S1 = 0.5; VT = ((1-2)^2 + (5-7)^2)/(2*2) = 1.25, so ST = 0.25.
// An uncentred f(B) (V1 = 8.5), a sample variance (20/3) or Jansen's
// halving dropped all give other numbers. Shifting every output by a
// constant must leave both indices unchanged: that is what centring buys.
func TestSobolEstimatorsByHand(t *testing.T) {
	for _, shift := range []float64{0, 1000} {
		y := []float64{1, 3, 2, 5, 7, 7}
		for i := range y {
			y[i] += shift
		}
		s := SobolIndices(y, 1, 0, nil)
		if s.N != 2 || math.Abs(s.First[0].Value-0.5) > 1e-9 || math.Abs(s.Total[0].Value-0.25) > 1e-9 {
			t.Errorf("shift %v: N %d, S1 %v, ST %v; want 2, 0.5, 0.25", shift, s.N, s.First[0].Value, s.Total[0].Value)
		}
	}
}

// TestPercentileCI: the bootstrap interval is the 2.5% and 97.5%
// quantiles with linear interpolation between order statistics (type 7:
// h = p(n-1)). For 0..100, h = 2.5 and 97.5; non-finite replicates are
// left out.
func TestPercentileCI(t *testing.T) {
	xs := []float64{math.NaN(), math.Inf(1)}
	for i := 100; i >= 0; i-- { // unsorted on purpose
		xs = append(xs, float64(i))
	}
	if lo, hi := percentileCI(xs); lo != 2.5 || hi != 97.5 {
		t.Errorf("percentileCI(0..100) = [%v, %v], want [2.5, 97.5]", lo, hi)
	}
	if lo, hi := percentileCI([]float64{math.NaN()}); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("percentileCI of nothing defined = [%v, %v], want NaN", lo, hi)
	}
}

// TestMorrisByHand: three one-input trajectories built by hand, with
// effects (1-0)/0.5 = 2, (1-3)/(0.5-1) = 4 and (0-3)/(1-0.5) = -6:
// mu = 0, mu* = 4, sigma = sqrt((4+16+36)/2) (n-1, as documented; the
// population figure would be sqrt(56/3)).
func TestMorrisByHand(t *testing.T) {
	pts := [][]float64{{0}, {0.5}, {1}, {0.5}, {0.5}, {1}}
	y := []float64{0, 1, 3, 1, 3, 0}
	m := MorrisIndices(pts, y, 0, nil)
	if m.R != 3 || m.N[0] != 3 || math.Abs(m.Mu[0]) > 1e-12 || math.Abs(m.MuStar[0].Value-4) > 1e-12 || math.Abs(m.Sigma[0]-math.Sqrt(28)) > 1e-12 {
		t.Errorf("R %d N %d mu %v mu* %v sigma %v; want 3, 3, 0, 4, %v", m.R, m.N[0], m.Mu[0], m.MuStar[0].Value, m.Sigma[0], math.Sqrt(28))
	}
}

// TestMorrisBootstrapResamples: with elementary effects that differ
// between trajectories, the bootstrap interval of mu* has a width and
// holds the estimate; an interval that collapsed to the point (no
// resampling) would claim a certainty the design does not have.
func TestMorrisBootstrapResamples(t *testing.T) {
	pts := Morris(40, 2, 4, NewRand(3, 0))
	y := make([]float64, len(pts))
	for k, p := range pts {
		y[k] = p[0]*p[0] + p[0]*p[1]
	}
	m := MorrisIndices(pts, y, 200, NewRand(3, 1))
	for i, e := range m.MuStar {
		if !(e.CILow < e.Value && e.Value < e.CIHigh) {
			t.Errorf("input %d: mu* %v, interval [%v, %v]: want a proper interval around it", i, e.Value, e.CILow, e.CIHigh)
		}
	}
}

// TestOneUnitNoInterval: with one base sample (or one trajectory) every
// bootstrap resample is that unit, so a percentile interval would be the
// estimate itself, [S, S]: a zero-width interval around a noisy index
// (N = 1 gave S1 = 4.4 within [4.4, 4.4]). No interval is given instead.
func TestOneUnitNoInterval(t *testing.T) {
	y := []float64{1, 3, 2, 5, 9, 7} // d = 1: two groups
	s := SobolIndices(y[:3], 1, 100, NewRand(1, 1))
	if s.N != 1 || !math.IsNaN(s.First[0].CILow) || !math.IsNaN(s.Total[0].CIHigh) {
		t.Errorf("N = 1: first %+v, total %+v; want NaN intervals", s.First[0], s.Total[0])
	}
	s = SobolIndices(y, 1, 100, NewRand(1, 1))
	if s.N != 2 || math.IsNaN(s.Total[0].CILow) {
		t.Errorf("N = 2: total %+v; want an interval", s.Total[0])
	}
	pts := [][]float64{{0}, {0.5}}
	m := MorrisIndices(pts, []float64{0, 1}, 100, NewRand(1, 1))
	if !math.IsNaN(m.MuStar[0].CILow) || !math.IsNaN(m.MuStar[0].CIHigh) {
		t.Errorf("one trajectory: mu* %+v; want no interval", m.MuStar[0])
	}
}

// An empty Morris design, like an empty Saltelli one for SobolIndices,
// gives empty indices rather than a panic that blamed different lengths.
func TestMorrisIndicesEmptyDesign(t *testing.T) {
	var ee ElementaryEffects
	if v := panics(func() { ee = MorrisIndices(nil, nil, 10, NewRand(1, 1)) }); v != nil {
		t.Fatalf("MorrisIndices of an empty design panicked: %v", v)
	}
	if ee.R != 0 || len(ee.N)+len(ee.Mu)+len(ee.MuStar)+len(ee.Sigma) != 0 {
		t.Errorf("MorrisIndices of an empty design = %+v, want R = 0 and no inputs", ee)
	}
	if v := panics(func() { MorrisIndices(Morris(2, 2, 4, NewRand(1, 1)), []float64{1}, 0, nil) }); v == nil {
		t.Error("MorrisIndices with 6 points and 1 output did not panic")
	}
}

// TestSobolIndicesNoInputs: Saltelli(n, 0, ...) is an empty design, and
// SobolIndices of its outputs (none, or groups of d+2 = 2) has no inputs
// to index: empty slices, not a panic claiming that 0 or 2 outputs do not
// form groups of 2. A negative d still panics, saying so.
func TestSobolIndicesNoInputs(t *testing.T) {
	for _, y := range [][]float64{nil, {1, 2}} {
		var s Sobol
		if v := panics(func() { s = SobolIndices(y, 0, 10, NewRand(1, 1)) }); v != nil {
			t.Errorf("SobolIndices(%v, d = 0): panic %v", y, v)
			continue
		}
		if len(s.First)+len(s.Total) != 0 || s.N != len(y)/2 {
			t.Errorf("SobolIndices(%v, d = 0) = %+v, want N = %d and no indices", y, s, len(y)/2)
		}
	}
	v := panics(func() { SobolIndices(nil, -1, 0, nil) })
	if msg, _ := v.(string); !strings.Contains(msg, "d = -1") {
		t.Errorf("SobolIndices(d = -1): panic %v, want one naming d", v)
	}
}

// TestMorrisIndicesRaggedDesign: points of different dimensions are not
// a design; a shorter point panicked with a runtime index error and a
// longer one had its extra coordinates ignored.
func TestMorrisIndicesRaggedDesign(t *testing.T) {
	for _, pts := range [][][]float64{
		{{0, 0}, {0.5}, {0.5, 0.5}},
		{{0}, {0.5, 0.5}},
	} {
		v := panics(func() { MorrisIndices(pts, make([]float64, len(pts)), 0, nil) })
		if msg, _ := v.(string); !strings.Contains(msg, "coordinates") {
			t.Errorf("MorrisIndices(%v): panic %v, want one naming the point's coordinates", pts, v)
		}
	}
}
