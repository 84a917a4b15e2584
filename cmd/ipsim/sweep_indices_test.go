package main

// Tests of indices.csv, a sobol or morris sweep's sensitivity indices:
// the estimators against outcomes whose indices are known, and the
// design hash that keeps runs of another seed scheme out.

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// TestMorrisIntegerKeyEffects: a Morris elementary effect is the change of
// the outcome when a key moves across its whole range (indices.csv: "unit
// of the metric per range"). For an outcome linear in the values actually
// run, y = 5 provinces + 2 heterogeneity, every elementary effect of
// world.provinces over [1, 3] is 5 x (3 - 1) = 10 and of heterogeneity
// over [0, 1] is 2, so mu = mu* = 10 and 2, sigma = 0. An integer key
// takes the whole numbers of its range, so its steps are not the design's
// unit-cube steps: on 4 levels, [1, 3] gives 1, 2, 3, 3 and a step is
// either the whole range (1 -> 3) or half of it (2 -> 3), while the unit
// step is always 2/3 of it.
func TestMorrisIntegerKeyEffects(t *testing.T) {
	path := sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "morris"`, "points = 8", "points = 40",
		`"world.heterogeneity" = [0.0, 1.0]`, `"world.heterogeneity" = [0.0, 1.0]
"world.provinces" = [1, 3]`)
	metrics := modelMetrics()
	d := designOf(t, path, metrics)
	ip, ih := -1, -1
	for j, k := range d.Keys {
		switch k {
		case "world.provinces":
			ip = j
		case "world.heterogeneity":
			ih = j
		}
	}
	if ip < 0 || ih < 0 {
		t.Fatalf("keys %v", d.Keys)
	}
	level, effect := make([][][]float64, 1), make([][][]float64, 1)
	level[0], effect[0] = make([][]float64, len(metrics)), make([][]float64, len(metrics))
	for j := range metrics {
		level[0][j] = make([]float64, len(d.Points))
		effect[0][j] = make([]float64, len(d.Points))
		for p, v := range d.Points {
			level[0][j][p] = 5*float64(v[ip].(int64)) + 2*v[ih].(float64)
		}
	}
	rows, col := indicesOf(t, methodMorris, d, metrics, level, effect)
	want := map[string]float64{"world.provinces": 10, "world.heterogeneity": 2}
	for _, r := range rows[1:] {
		if r[col["metric"]] != metrics[0].Name {
			continue
		}
		w := want[r[col["parameter"]]]
		mu, _ := strconv.ParseFloat(r[col["mu"]], 64)
		sigma, _ := strconv.ParseFloat(r[col["sigma"]], 64)
		if math.Abs(mu-w) > 1e-9 || math.Abs(sigma) > 1e-9 {
			t.Errorf("%s: mu %v sigma %v, want mu %v (its effect across the range run) and sigma 0", r[col["parameter"]], mu, sigma, w)
		}
	}
}

// TestSobolFirstOrderExcludesWorldInteraction: the first-order index is
// "the share of the outcome's variance over the design due to that key
// alone". A run's outcome also depends on its world (the seed), an input
// the design does not set: for y = x1 w + x2, w ~ N(0, 1) drawn from the
// run's seed and x1, x2 uniform on [0, 1], x1 has no effect of its own
// (E[y | x1] = E[x2] whatever x1): S1 = 0, S2 = V(x2)/V(y) =
// (1/12)/(1/3 + 1/12) = 0.2; totals ST1 = V(x1 w | w)/V(y) = (1/12)/(5/12)
// = 0.2 (x1 acts only with w, whose own share 0.6 is no key's), ST2 = 0.2.
// The Saltelli estimator of V_i multiplies f(B) by f(A_B^i) - f(A): f(B)
// and f(A_B^i) must share x_i only. If B also shares A's world, the
// estimate is V_i plus the interaction of x_i with the world (here 1/12,
// S1 = 0.2).
func TestSobolFirstOrderExcludesWorldInteraction(t *testing.T) {
	path := sweepFile(t, "sweep_sobol.toml", "points = 8", "points = 8192")
	metrics := modelMetrics()[:1]
	d := designOf(t, path, metrics)
	if d.Reps != 1 || len(d.ArmNames) != 1 || d.Keys[0] != "world.heterogeneity" {
		t.Fatalf("design: reps %d arms %v keys %v", d.Reps, d.ArmNames, d.Keys)
	}
	y := make([]float64, len(d.Points))
	for p, v := range d.Points {
		_, j := d.job(p) // one arm, one replication: run p is point p
		w := sim.NewRand(j.Seed, 0).NormFloat64()
		y[p] = v[0].(float64)*w + v[1].(float64)
	}
	level := [][][]float64{{y}}
	rows, col := indicesOf(t, methodSobol, d, metrics, level, level)
	want := map[string][2]float64{"world.heterogeneity": {0, 0.2}, "policy.autonomy": {0.2, 0.2}}
	for _, r := range rows[1:] {
		w := want[r[col["parameter"]]]
		first, _ := strconv.ParseFloat(r[col["first_order"]], 64)
		total, _ := strconv.ParseFloat(r[col["total"]], 64)
		t.Logf("%s: first %.3f [%s, %s] total %.3f", r[col["parameter"]], first, r[col["first_ci_low"]], r[col["first_ci_high"]], total)
		if math.Abs(first-w[0]) > 0.05 || math.Abs(total-w[1]) > 0.05 {
			t.Errorf("%s: first %.3f total %.3f, want %.1f and %.1f", r[col["parameter"]], first, total, w[0], w[1])
		}
	}
}

// TestSobolHashCoversOwnBWorlds: a sobol design's B points run in worlds
// of their own (design.world), so runs of a design whose B points shared
// their group's world must not be resumed or merged into it: its hash,
// which a resume or a merge checks against the logs' headers, covers the
// seed scheme; other methods' hashes are unchanged by it.
func TestSobolHashCoversOwnBWorlds(t *testing.T) {
	for _, method := range []string{"sobol", "morris"} {
		d := designOf(t, sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "`+method+`"`), modelMetrics())
		if covered := d.hash() != d.hashOf(false); covered != (method == "sobol") {
			t.Errorf("%s: the hash covers the B points' worlds: %v, want %v", method, covered, method == "sobol")
		}
	}
}

// A series' bootstrap intervals in indices.csv do not depend on which
// other metrics are analysed: a metric added to the model must not move
// the intervals of the others.
func TestIndicesIndependentOfOtherMetrics(t *testing.T) {
	all := modelMetrics()
	d := designOf(t, sweepFile(t, "sweep_sobol.toml"), all)
	outcomes := func(metrics []metricInfo) [][][]float64 {
		level := [][][]float64{make([][]float64, len(metrics))}
		for j := range metrics {
			level[0][j] = make([]float64, len(d.Points))
			for p, v := range d.Points {
				level[0][j][p] = v[0].(float64) + v[1].(float64)*float64(p%7)
			}
		}
		return level
	}
	last := all[len(all)-1:]
	rowsAll, col := indicesOf(t, methodSobol, d, all, outcomes(all), outcomes(all))
	rowsOne, _ := indicesOf(t, methodSobol, d, last, outcomes(last), outcomes(last))
	var fromAll [][]string
	for _, r := range rowsAll[1:] {
		if r[col["metric"]] == last[0].Name {
			fromAll = append(fromAll, r)
		}
	}
	if len(fromAll) == 0 || !slices.EqualFunc(fromAll, rowsOne[1:], slices.Equal) {
		t.Errorf("%s's indices with every metric:\n%v\nalone:\n%v", last[0].Name, fromAll, rowsOne[1:])
	}
}

// indices.csv: its NaN cells are announced by the dictionary, and a
// Morris row's n counts the elementary effects behind it, as every other
// n of the results does (summary.csv, points.csv, a Sobol row's): a metric
// undefined in every run (a county share without counties) has n = 0,
// not the number of trajectories.
func TestIndicesNaNAndN(t *testing.T) {
	for _, method := range []string{"sobol", "morris"} {
		out := filepath.Join(t.TempDir(), method)
		mustRun(t, "sweep", sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "`+method+`"`, "points = 8", "points = 4"), "--out", out, "--quiet")
		checkEmptyCellsDocumented(t, out, []string{"indices.csv"})
		idx := readCSV(t, filepath.Join(out, "indices.csv"))
		for _, row := range idx[1:] {
			if row[2] == "docs_county_share" && row[len(row)-1] != "0" {
				t.Errorf("%s indices.csv: %v: n = %s for a metric undefined in every run, want 0", method, row[:4], row[len(row)-1])
			}
		}
	}
}

// indicesOf writes indices.csv of design d from the given outcomes (see
// writeIndices) and returns its rows and the index of each column.
func indicesOf(t *testing.T, method string, d *design, metrics []metricInfo, level, effect [][][]float64) ([][]string, map[string]int) {
	t.Helper()
	dir := t.TempDir()
	if err := writeIndices(dir, indicesSchema(method), d, metrics, level, effect); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(dir, "indices.csv"))
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	return rows, col
}

// designOf loads the sweep file at path and lays out its design over
// metrics.
func designOf(t *testing.T, path string, metrics []metricInfo) *design {
	t.Helper()
	sc, err := scenarios.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newDesign(sc, metrics)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestMorrisIntegerLevels: a Morris design's four evenly spaced levels
// of an integer key's range are rounded to the nearest whole number, so
// they stay symmetric about the range's middle: [1, 6] runs 1, 3, 4, 6
// (the samplers' equal slices ran 1, 3, 5, 6, where a step from the
// first level measured twice the change of one from the second).
func TestMorrisIntegerLevels(t *testing.T) {
	for _, hi := range []int64{3, 6} {
		path := sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "morris"`, "points = 8", "points = 6",
			`"policy.autonomy" = [0.0, 1.0]`, fmt.Sprintf(`"world.provinces" = [1, %d]`, hi))
		d := designOf(t, path, nil)
		j := slices.Index(d.Keys, "world.provinces")
		at := map[int]int64{} // level (0 to 3) -> value run there
		for i, p := range d.Points {
			v := p[j].(int64)
			at[int(math.Round(3*d.Unit[i][j]))] = v
			// the coordinate the effects divide by is the value's place in the range
			if got, want := d.Coords[i][j], float64(v-1)/float64(hi-1); got != want {
				t.Errorf("[1, %d]: point %d coordinate %v, want %v", hi, i, got, want)
			}
		}
		if len(at) != 4 {
			t.Fatalf("[1, %d]: levels %v, want 4", hi, at)
		}
		for l, v := range at {
			if w := at[3-l]; v-1 != hi-w {
				t.Errorf("[1, %d]: level %d/3 runs %d and level %d/3 runs %d: not symmetric (all: %v)", hi, l, v, 3-l, w, at)
			}
		}
	}
}

// TestIntegerRangeEquallyLikely: a sampler's integer key takes the whole
// numbers in [low, high] equally likely (sweep_design.go). A Latin
// hypercube of 9 points puts one point in each ninth of the unit range,
// so over [1, 3] each of 1, 2 and 3 must come exactly 3 times; scaling
// by high - low instead of high - low + 1 would almost never draw 3.
func TestIntegerRangeEquallyLikely(t *testing.T) {
	path := sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "latin_hypercube"`, "points = 8", "points = 9",
		`"policy.autonomy" = [0.0, 1.0]`, `"world.provinces" = [1, 3]`)
	d := designOf(t, path, nil)
	j := slices.Index(d.Keys, "world.provinces")
	count := map[any]int{}
	for _, p := range d.Points {
		count[p[j]]++
	}
	if len(count) != 3 || count[int64(1)] != 3 || count[int64(2)] != 3 || count[int64(3)] != 3 {
		t.Errorf("world.provinces over 9 points: %v, want 1, 2 and 3 three times each", count)
	}
}

// TestMorrisSigmaSaysNoise: each Morris trajectory runs in a world of its
// own, so the spread of a key's elementary effects holds the model's
// noise as well as non-linearity and interactions (sigma of value added
// fell from 0.14 to 0.06 with 8 replications instead of 1); the
// dictionary must not call it interactions alone.
func TestMorrisSigmaSaysNoise(t *testing.T) {
	for _, f := range indicesSchema(methodMorris).Fields {
		if f.Name == "sigma" {
			if !strings.Contains(f.Doc, "run-to-run noise") {
				t.Errorf("sigma: %q does not say it holds the run-to-run noise", f.Doc)
			}
			return
		}
	}
	t.Fatal("no sigma column in a morris indices.csv")
}
