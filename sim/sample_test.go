package sim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
)

func TestGrid(t *testing.T) {
	tests := []struct {
		name   string
		values [][]float64
		want   [][]float64
	}{
		{"two keys, first slowest", [][]float64{{0, 1}, {10, 20, 30}},
			[][]float64{{0, 10}, {0, 20}, {0, 30}, {1, 10}, {1, 20}, {1, 30}}},
		{"one key", [][]float64{{5, 6}}, [][]float64{{5}, {6}}},
		{"empty dimension", [][]float64{{1, 2}, {}}, nil},
		{"no dimensions", nil, [][]float64{{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Grid(tt.values); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Grid(%v) = %v, want %v", tt.values, got, tt.want)
			}
		})
	}
}

// stratified reports whether, in every dimension, each of the bins
// [k/bins, (k+1)/bins) holds exactly one point.
func stratified(pts [][]float64, bins int) error {
	for j := range pts[0] {
		seen := make([]int, bins)
		for _, p := range pts {
			if p[j] < 0 || p[j] >= 1 {
				return fmt.Errorf("dimension %d: %v outside [0,1)", j, p[j])
			}
			seen[int(p[j]*float64(bins))]++
		}
		for k, c := range seen {
			if c != 1 {
				return fmt.Errorf("dimension %d: bin %d holds %d points, want 1", j, k, c)
			}
		}
	}
	return nil
}

func TestLatinHypercube(t *testing.T) {
	pts := LatinHypercube(50, 4, NewRand(1, 0))
	if len(pts) != 50 || len(pts[0]) != 4 {
		t.Fatalf("got %d x %d points, want 50 x 4", len(pts), len(pts[0]))
	}
	if err := stratified(pts, 50); err != nil {
		t.Error(err)
	}
	if again := LatinHypercube(50, 4, NewRand(1, 0)); !reflect.DeepEqual(pts, again) {
		t.Error("same generator state gave different points")
	}
	if other := LatinHypercube(50, 4, NewRand(2, 0)); reflect.DeepEqual(pts, other) {
		t.Error("different seeds gave the same points")
	}
}

func TestHaltonPlain(t *testing.T) {
	// Radical inverses of 1..4 in bases 2 and 3 (van der Corput).
	want := [][]float64{{1. / 2, 1. / 3}, {1. / 4, 2. / 3}, {3. / 4, 1. / 9}, {1. / 8, 4. / 9}}
	got := Halton(4, 2, nil)
	for i := range want {
		for j := range want[i] {
			if math.Abs(got[i][j]-want[i][j]) > 1e-15 {
				t.Errorf("point %d dim %d = %v, want %v", i+1, j, got[i][j], want[i][j])
			}
		}
	}
}

func TestHaltonScrambled(t *testing.T) {
	// The first b^k points of a digit-permuted van der Corput sequence in
	// base b fill each of the b^k intervals [m/b^k, (m+1)/b^k) once: the
	// permutations are bijections on each of the first k digits.
	pts := Halton(243, 5, NewRand(7, 0))
	for j, b := range []int{2, 3, 5, 7, 11} {
		k := 1
		for k*b <= len(pts) {
			k *= b
		}
		col := make([][]float64, k)
		for i := range col {
			col[i] = []float64{pts[i][j]}
		}
		if err := stratified(col, k); err != nil {
			t.Errorf("base %d, first %d points: %v", b, k, err)
		}
	}
	if again := Halton(243, 5, NewRand(7, 0)); !reflect.DeepEqual(pts, again) {
		t.Error("same generator state gave different points")
	}
	if plain := Halton(243, 5, nil); reflect.DeepEqual(pts, plain) {
		t.Error("scrambled points equal the plain sequence")
	}
}

func TestSaltelliLayout(t *testing.T) {
	const n, d = 8, 3
	pts := Saltelli(n, d, NewRand(3, 0))
	if len(pts) != n*(d+2) {
		t.Fatalf("got %d points, want n*(d+2) = %d", len(pts), n*(d+2))
	}
	for g := 0; g < n; g++ {
		a, b := pts[g*(d+2)], pts[g*(d+2)+1]
		for i := 0; i < d; i++ {
			ab := pts[g*(d+2)+2+i]
			for j := 0; j < d; j++ {
				want := a[j]
				if j == i {
					want = b[j]
				}
				if ab[j] != want {
					t.Errorf("group %d A_B^%d[%d] = %v, want %v", g, i, j, ab[j], want)
				}
			}
		}
	}
}

func TestMorrisDesign(t *testing.T) {
	const r, d, p = 20, 4, 10
	pts := Morris(r, d, p, NewRand(5, 0))
	if len(pts) != r*(d+1) {
		t.Fatalf("got %d points, want r*(d+1) = %d", len(pts), r*(d+1))
	}
	delta := MorrisDelta(p)
	for tr := 0; tr < r; tr++ {
		moved := make([]bool, d)
		for k := tr * (d + 1); k < (tr+1)*(d+1); k++ {
			for j, x := range pts[k] {
				// exactly level/(p-1): one level is one float, so a
				// sweep's rows group by value
				level := math.Round(x * float64(p-1))
				if x < 0 || x > 1 || x != level/float64(p-1) {
					t.Fatalf("point %d dim %d = %v: not exactly on the %d-level grid", k, j, x, p)
				}
			}
			if k == tr*(d+1) {
				continue
			}
			i := changed(pts[k-1], pts[k])
			if i < 0 || moved[i] {
				t.Fatalf("trajectory %d step to point %d: changed input %d (moved before: %v)", tr, k, i, moved)
			}
			moved[i] = true
			if step := math.Abs(pts[k][i] - pts[k-1][i]); math.Abs(step-delta) > 1e-12 {
				t.Errorf("point %d: step %v, want delta %v", k, step, delta)
			}
		}
	}
}

func TestScale(t *testing.T) {
	got := Scale([][]float64{{0, 0.5}, {1, 0.25}}, []float64{-1, 10}, []float64{1, 20})
	want := [][]float64{{-1, 15}, {1, 12.5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scale = %v, want %v", got, want)
	}
}

func ExampleGrid() {
	for _, p := range Grid([][]float64{{0, 0.5}, {0.2, 0.8}}) {
		fmt.Println(p)
	}
	// Output:
	// [0 0.2]
	// [0 0.8]
	// [0.5 0.2]
	// [0.5 0.8]
}

func ExampleHalton() {
	// Without a generator: the plain sequence, bases 2 and 3.
	for _, p := range Halton(4, 2, nil) {
		fmt.Printf("%.4f %.4f\n", p[0], p[1])
	}
	// Output:
	// 0.5000 0.3333
	// 0.2500 0.6667
	// 0.7500 0.1111
	// 0.1250 0.4444
}

func ExampleMorrisIndices() {
	// y = 3 x1 - 2 x2 + 0 x3: every elementary effect of x_i is c_i.
	pts := Morris(10, 3, 4, NewRand(1, 0))
	y := make([]float64, len(pts))
	for k, p := range pts {
		y[k] = 3*p[0] - 2*p[1]
	}
	m := MorrisIndices(pts, y, 0, nil)
	for i := range m.Mu {
		fmt.Printf("x%d: mu %.1f mu* %.1f sigma %.1f\n", i+1, m.Mu[i], m.MuStar[i].Value, m.Sigma[i])
	}
	// Output:
	// x1: mu 3.0 mu* 3.0 sigma 0.0
	// x2: mu -2.0 mu* 2.0 sigma 0.0
	// x3: mu 0.0 mu* 0.0 sigma 0.0
}

// TestSaltelliFromHalton: A and B are the first and last d columns of
// the 2d-dimensional scrambled Halton sequence, as documented (a design
// that swapped them would still look like a Saltelli design).
func TestSaltelliFromHalton(t *testing.T) {
	const n, d = 5, 2
	pts := Saltelli(n, d, NewRand(4, 0))
	h := Halton(n, 2*d, NewRand(4, 0))
	for j := range h {
		a, b := pts[j*(d+2)], pts[j*(d+2)+1]
		if !reflect.DeepEqual(a, h[j][:d]) || !reflect.DeepEqual(b, h[j][d:]) {
			t.Errorf("sample %d: A %v B %v, want %v and %v", j, a, b, h[j][:d], h[j][d:])
		}
	}
}

// TestMorrisMovesBothWays: trajectories step up or down at random, so
// starting points cover every level; a design that always stepped one
// way would start in half of the grid only.
func TestMorrisMovesBothWays(t *testing.T) {
	const r, d, p = 50, 3, 4
	pts := Morris(r, d, p, NewRand(6, 0))
	up, down := 0, 0
	starts := map[float64]bool{}
	for k := range pts {
		if k%(d+1) == 0 {
			for _, x := range pts[k] {
				starts[x] = true
			}
			continue
		}
		i := changed(pts[k-1], pts[k])
		if pts[k][i] > pts[k-1][i] {
			up++
		} else {
			down++
		}
	}
	if up == 0 || down == 0 || len(starts) != p {
		t.Errorf("%d steps up, %d down, start levels %v: want both directions and all %d levels", up, down, starts, p)
	}
}

// Primes lists the first primes, and none for a count below 1 (a
// negative count panicked in make).
func TestPrimes(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want []uint64
	}{{-1, nil}, {0, nil}, {1, []uint64{2}}, {6, []uint64{2, 3, 5, 7, 11, 13}}} {
		var got []uint64
		if v := panics(func() { got = Primes(tc.n) }); v != nil {
			t.Errorf("Primes(%d) panicked: %v", tc.n, v)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Primes(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}
