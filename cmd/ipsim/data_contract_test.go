package main

// Tests of the data a user loads: what columns.csv says about a column
// holds for the values the files actually contain.

import (
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// floatColumn reports whether a dictionary entry's meaning is that of a
// float column: the others end with their type in brackets.
func floatColumn(meaning string) bool {
	for _, k := range []string{"[string]", "[int64]", "[uint64]"} {
		if strings.HasSuffix(meaning, k) {
			return false
		}
	}
	return true
}

// checkEmptyCellsDocumented fails for every float column of a CSV file in
// dir that holds an empty cell (NaN) while columns.csv does not say that
// NaN is an empty cell there: a user who reads the dictionary must not
// meet missing values it does not announce.
func checkEmptyCellsDocumented(t *testing.T, dir string, files []string) {
	t.Helper()
	dict := readCSV(t, filepath.Join(dir, "columns.csv"))
	meaning := map[[2]string]string{}
	for _, row := range dict[1:] {
		meaning[[2]string{row[0], row[1]}] = row[3]
	}
	for _, name := range files {
		recs := readCSV(t, filepath.Join(dir, name))
		for j, col := range recs[0] {
			m := meaning[[2]string{name, col}]
			if !floatColumn(m) || strings.Contains(m, "[NaN is an empty cell]") {
				continue
			}
			for i, rec := range recs[1:] {
				if rec[j] == "" {
					t.Errorf("%s row %d: %s is empty (NaN), but columns.csv does not say it can be: %q", name, i+1, col, m)
					break
				}
			}
		}
	}
}

// summary.csv's mean and effects.csv's mean_diff are NaN when no
// replication has a defined value (a county share in a world without
// counties): the dictionary says so, as it does for points.csv's mean.
func TestEmptyCellsDocumented(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--panel")...)
	checkEmptyCellsDocumented(t, dir, []string{"steps.csv", "summary.csv", "effects.csv", "events.csv", "documents.csv", "regions.csv"})

	sw := filepath.Join(t.TempDir(), "sweep")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", sw, "--quiet")
	checkEmptyCellsDocumented(t, sw, []string{"sweep.csv", "points.csv"})
}

// indices.csv's mu is "the change of the outcome when the parameter moves
// across its whole range": for a key that takes integers, the design's
// unit step (2/3 on four levels) is not the move of the value (from 2 to
// 3 is the whole range [2, 3]), so the elementary effect divides by the
// value's move, not the unit step. Recomputed here from points.csv.
func TestMorrisIntegerKeyPerRange(t *testing.T) {
	out := filepath.Join(t.TempDir(), "morris")
	mustRun(t, "sweep", sweepFile(t, "sweep_sobol.toml", `method = "sobol"`, `method = "morris"`, "points = 8", "points = 4",
		`"policy.autonomy" = [0.0, 1.0]`, `"world.provinces" = [2, 3]`), "--out", out, "--quiet")
	pts := readCSV(t, filepath.Join(out, "points.csv"))
	col := func(name string) int {
		i := slices.Index(pts[0], name)
		if i < 0 {
			t.Fatalf("points.csv has no %s: %v", name, pts[0])
		}
		return i
	}
	keys := []struct {
		key, col  string
		low, high float64
	}{{"world.heterogeneity", "world_heterogeneity", 0, 1}, {"world.provinces", "world_provinces", 2, 3}}
	metric, mean := col("metric"), col("mean")
	var x [][]float64 // per point: the keys' values scaled to their ranges
	var y []float64   // per point: value_added's mean
	for _, row := range pts[1:] {
		if row[metric] != "value_added" {
			continue
		}
		p := make([]float64, len(keys))
		for j, k := range keys {
			v, _ := strconv.ParseFloat(row[col(k.col)], 64)
			p[j] = (v - k.low) / (k.high - k.low)
		}
		m, _ := strconv.ParseFloat(row[mean], 64)
		x, y = append(x, p), append(y, m)
	}
	d := len(keys)
	if len(x) != 4*(d+1) {
		t.Fatalf("points.csv has %d points for value_added, want 4 x %d", len(x), d+1)
	}
	sum := make([]float64, d)
	for tr := 0; tr < 4; tr++ {
		for k := tr * (d + 1); k < (tr+1)*(d+1)-1; k++ {
			for j := range keys {
				if x[k][j] != x[k+1][j] {
					sum[j] += (y[k+1] - y[k]) / (x[k+1][j] - x[k][j])
				}
			}
		}
	}
	idx := readCSV(t, filepath.Join(out, "indices.csv"))
	found := 0
	for _, row := range idx[1:] {
		if row[1] != "level" || row[2] != "value_added" {
			continue
		}
		for j, k := range keys {
			if row[3] != k.key {
				continue
			}
			found++
			mu, _ := strconv.ParseFloat(row[4], 64)
			if want := sum[j] / 4; math.Abs(mu-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("indices.csv mu of %s on value_added = %v, want %v: the mean change per whole range of the key", k.key, mu, want)
			}
		}
	}
	if found != d {
		t.Errorf("indices.csv has %d level rows for value_added, want %d", found, d)
	}
}

// The dictionary's formula for a step's calendar year from the year column,
// floor(year - X/steps_per_year), gives start_year + step div
// steps_per_year on every row, in every file with a year column, whatever
// steps_per_year: with 6 steps a year from 2009, 2048.1666666666665 less
// 1/6 is 2047.9999999999998, which rounds down to the wrong year.
func TestCalendarYearFormula(t *testing.T) {
	const spy, start = 6, 2009
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--panel", "--set", "run.steps_per_year=6", "--set", "run.start_year=2009", "--set", "run.steps=240")...)
	formula := regexp.MustCompile(`floor\(year - ([0-9.]+)/steps_per_year\)`)
	dict := readCSV(t, filepath.Join(dir, "columns.csv"))
	for _, row := range dict[1:] {
		if row[1] != "year" || !strings.HasSuffix(row[0], ".csv") || row[0] == "documents.csv" {
			continue
		}
		m := formula.FindStringSubmatch(row[3])
		if m == nil {
			t.Errorf("columns.csv: %s's year gives no formula floor(year - x/steps_per_year): %q", row[0], row[3])
			continue
		}
		x, _ := strconv.ParseFloat(m[1], 64)
		recs := readCSV(t, filepath.Join(dir, row[0]))
		iy, is := slices.Index(recs[0], "year"), slices.Index(recs[0], "step")
		wrong := 0
		for _, rec := range recs[1:] {
			y, _ := strconv.ParseFloat(rec[iy], 64)
			s, _ := strconv.Atoi(rec[is])
			if got, want := int(math.Floor(y-x/spy)), start+s/spy; got != want {
				if wrong == 0 {
					t.Errorf("%s: step %d, year %s: %s gives %d, want %d", row[0], s, rec[iy], m[0], got, want)
				}
				wrong++
			}
		}
		if wrong > 1 {
			t.Errorf("%s: %d rows in all where %s is not the step's calendar year", row[0], wrong, m[0])
		}
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
