package main

// Tests of the dictionary, columns.csv: what it says about a column holds
// for the values the files actually contain.

import (
	"math"
	"os"
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
// NaN is an empty cell there, and every text column that holds one while
// its meaning does not say when it is empty: a user who reads the
// dictionary must not meet missing values it does not announce.
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
			text := strings.HasSuffix(m, "[string]")
			if text && strings.Contains(m, "empty") || !text && (!floatColumn(m) || strings.Contains(m, "[NaN is an empty cell]")) {
				continue
			}
			for i, rec := range recs[1:] {
				if rec[j] == "" {
					if text {
						t.Errorf("%s row %d: %s is empty, but columns.csv does not say it can be: %q", name, i+1, col, m)
					} else {
						t.Errorf("%s row %d: %s is empty (NaN), but columns.csv does not say it can be: %q", name, i+1, col, m)
					}
					break
				}
			}
		}
	}
}

// summary.csv's mean and effects.csv's mean_diff are NaN when no
// replication has a defined value (a county share in a world without
// counties): the dictionary says so, as it does for points.csv's mean.
// Odd worlds make NaN of what a usual one always defines: without
// budgets no practice is ever adopted, so every origin share is NaN.
func TestEmptyCellsDocumented(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  []string
	}{
		{"tiny", nil},
		{"no budgets", []string{"--set", "world.tax_rate=0"}},
		{"one region", []string{"--set", "world.provinces=1", "--set", "world.cities_per_province=0"}},
		{"counties, one step a year", []string{"--set", "world.counties_per_city=1", "--set", "run.steps_per_year=1", "--set", "run.steps=12"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustRun(t, tinyArgs(dir, append([]string{"--panel"}, tc.set...)...)...)
			checkEmptyCellsDocumented(t, dir, []string{"steps.csv", "summary.csv", "effects.csv", "events.csv", "documents.csv", "regions.csv", "sectors.csv"})
		})
	}

	sw := filepath.Join(t.TempDir(), "sweep")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", sw, "--quiet")
	checkEmptyCellsDocumented(t, sw, []string{"sweep.csv", "points.csv"})
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

// sectors.csv (with --panel) is each national market: its capacity is the
// regions' capacity summed, its utilisation min(1, demand / capacity), and
// steps.csv's overcapacity is its capacity-weighted mean over sectors.
// Its hot column is the regions' chase, which in laissez-faire leaves out
// the priority sectors steps.csv's hot_utilisation reads in every arm: the
// dictionary must not promise the two are one set.
func TestSectorsPanel(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--panel")...)
	type key struct{ arm, rep, step string }
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return x
	}
	index := func(h []string, names ...string) []int {
		out := make([]int, len(names))
		for i, n := range names {
			if out[i] = slices.Index(h, n); out[i] < 0 {
				t.Fatalf("no column %s in %v", n, h)
			}
		}
		return out
	}
	secs := readCSV(t, filepath.Join(dir, "sectors.csv"))
	c := index(secs[0], "arm", "replication", "step", "capacity", "demand", "overcapacity", "utilisation", "hot")
	capSum, weighted := map[key]float64{}, map[key]float64{}
	hotCap, hotUtil := map[key]float64{}, map[key]float64{}
	for _, r := range secs[1:] {
		k := key{r[c[0]], r[c[1]], r[c[2]]}
		kc, d, over, u := num(r[c[3]]), num(r[c[4]]), num(r[c[5]]), num(r[c[6]])
		if want := min(1, d/kc); math.Abs(u-want) > 1e-12 {
			t.Fatalf("%v: utilisation %v, want min(1, demand/capacity) = %v", k, u, want)
		}
		capSum[k] += kc
		weighted[k] += kc * over
		if r[c[7]] == "1" {
			hotCap[k] += kc
			hotUtil[k] += kc * u
		}
	}
	regs := readCSV(t, filepath.Join(dir, "regions.csv"))
	rc := index(regs[0], "arm", "replication", "step", "capacity")
	regCap := map[key]float64{}
	for _, r := range regs[1:] {
		regCap[key{r[rc[0]], r[rc[1]], r[rc[2]]}] += num(r[rc[3]])
	}
	steps := readCSV(t, filepath.Join(dir, "steps.csv"))
	sc := index(steps[0], "arm", "replication", "step", "overcapacity", "hot_utilisation")
	differ := map[string]bool{}
	if len(capSum) != len(steps)-1 {
		t.Fatalf("sectors.csv covers %d steps, steps.csv %d", len(capSum), len(steps)-1)
	}
	for _, r := range steps[1:] {
		k := key{r[sc[0]], r[sc[1]], r[sc[2]]}
		if math.Abs(capSum[k]-regCap[k]) > 1e-9*regCap[k] {
			t.Fatalf("%v: sectors' capacity %v, regions' %v", k, capSum[k], regCap[k])
		}
		if got, want := weighted[k]/capSum[k], num(r[sc[3]]); math.Abs(got-want) > 1e-9 {
			t.Fatalf("%v: capacity-weighted overcapacity of sectors.csv %v, steps.csv %v", k, got, want)
		}
		if r[sc[4]] != "" && math.Abs(hotUtil[k]/hotCap[k]-num(r[sc[4]])) > 1e-9 {
			differ[k.arm] = true
		}
	}
	if !differ["laissez_faire"] || differ["coordinated_autonomy"] || differ["centralized"] {
		t.Errorf("hot_utilisation recomputed from sectors.csv's hot differs in arms %v, want laissez_faire alone (the test's premise)", differ)
	}
	var meaning string
	for _, row := range readCSV(t, filepath.Join(dir, "columns.csv"))[1:] {
		if row[0] == "sectors.csv" && row[1] == "hot" {
			meaning = row[3]
		}
	}
	if strings.Contains(meaning, "as in hot_utilisation") || !strings.Contains(meaning, "laissez-faire") {
		t.Errorf("sectors.csv's hot is documented as %q: it should say laissez-faire's differs from hot_utilisation's sectors", meaning)
	}
}

// boundedShareUnits are the dictionary units whose values lie in [0, 1]:
// a share of a whole (spending, documents, regions, budget) or of the
// maximum entropy.
var boundedShareUnits = map[string]bool{"share": true, "share of budget": true, "share of maximum entropy": true}

// countUnits are the dictionary units of counts: whole numbers, never
// negative, unless the column's meaning says they may be fractional.
var countUnits = map[string]bool{"count": true, "documents": true, "sectors": true, "0/1": true}

// checkUnitsHold fails for every value of a per-step file in dir that its
// column's unit in columns.csv rules out: a share outside [0, 1], a
// count that is negative or (unless its meaning says it may be) not a
// whole number.
func checkUnitsHold(t *testing.T, dir string, files []string) {
	t.Helper()
	dict := readCSV(t, filepath.Join(dir, "columns.csv"))
	unit, meaning := map[[2]string]string{}, map[[2]string]string{}
	for _, row := range dict[1:] {
		unit[[2]string{row[0], row[1]}] = row[2]
		meaning[[2]string{row[0], row[1]}] = row[3]
	}
	for _, name := range files {
		recs := readCSV(t, filepath.Join(dir, name))
		for j, col := range recs[0] {
			u := unit[[2]string{name, col}]
			if countUnits[u] {
				fractional := strings.Contains(meaning[[2]string{name, col}], "fractional")
				for i, rec := range recs[1:] {
					x, err := strconv.ParseFloat(rec[j], 64)
					if err != nil {
						t.Fatalf("%s row %d: %s = %q: %v", name, i+1, col, rec[j], err)
					}
					if x < 0 || !fractional && x != math.Trunc(x) {
						t.Errorf("%s row %d: %s = %v, but its unit %q is a count (columns.csv does not say it may be fractional)", name, i+1, col, x, u)
						break
					}
				}
				continue
			}
			if !boundedShareUnits[u] {
				continue
			}
			for i, rec := range recs[1:] {
				if rec[j] == "" {
					continue // NaN: TestEmptyCellsDocumented
				}
				x, err := strconv.ParseFloat(rec[j], 64)
				if err != nil {
					t.Fatalf("%s row %d: %s = %q: %v", name, i+1, col, rec[j], err)
				}
				if x < 0 || x > 1 {
					t.Errorf("%s row %d: %s = %v, but its unit %q lies in [0, 1]", name, i+1, col, x, u)
					break
				}
			}
		}
	}
}

// What columns.csv says a column's unit is holds for its values in usual
// and odd worlds: capacity far above demand (a glut) gives over-capacity
// above 1, which no share can be; documents are expected counts, which
// steps.csv's docs_total must say as documents.csv's count does.
func TestUnitsHold(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  []string
	}{
		{"tiny", nil},
		{"glut", []string{"--set", "market.demand_slack=-0.6"}},
		{"no budgets", []string{"--set", "world.tax_rate=0"}},
		{"counties, twelve steps a year", []string{"--set", "world.counties_per_city=1", "--set", "run.steps_per_year=12", "--set", "run.steps=30"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustRun(t, tinyArgs(dir, append([]string{"--panel", "--set", "run.steps=30"}, tc.set...)...)...)
			checkUnitsHold(t, dir, []string{"steps.csv", "events.csv", "documents.csv", "regions.csv", "sectors.csv"})
		})
	}
}

// A scale-up's value in events.csv is the years since the first pilot of
// the practice since its previous scale-up (or the start), NaN when it
// was not piloted in between: a practice scaled up again after it was
// piloted only before its first scale-up has none, though it was
// piloted. The dictionary says so, and the rows follow it.
func TestScaleUpValue(t *testing.T) {
	renewed := 0 // scale-ups with NaN of practices piloted before
	for _, tc := range []struct {
		name string
		args []string
		spy  int
	}{
		{"kazakhstan reforms", []string{"--preset", "kazakhstan_reforms", "--set", "world.provinces=2", "--set", "world.cities_per_province=2"}, 4},
		{"twelve steps a year", []string{"--set", "run.steps_per_year=12", "--set", "run.steps=120"}, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			mustRun(t, tinyArgs(dir, tc.args...)...)
			for _, row := range readCSV(t, filepath.Join(dir, "columns.csv"))[1:] {
				if row[0] == "events.csv" && row[1] == "value" && !strings.Contains(row[3], "since its previous scale-up") {
					t.Errorf("columns.csv: events.csv's value does not say a scale-up counts from the first pilot since the practice's previous scale-up: %q", row[3])
				}
			}
			recs := readCSV(t, filepath.Join(dir, "events.csv"))
			h := recs[0]
			col := func(name string) int {
				j := slices.Index(h, name)
				if j < 0 {
					t.Fatalf("events.csv has no %s", name)
				}
				return j
			}
			iArm, iRep, iStep, iKind := col("arm"), col("replication"), col("step"), col("kind")
			iIns, iStage, iVal := col("instrument"), col("stage"), col("value")
			type practice struct{ arm, rep, ins, stage string }
			pilots := map[practice][]int{}
			last := map[practice]int{}
			scaleUps := 0
			for i, r := range recs[1:] {
				p := practice{r[iArm], r[iRep], r[iIns], r[iStage]}
				step, _ := strconv.Atoi(r[iStep])
				switch r[iKind] {
				case "pilot":
					pilots[p] = append(pilots[p], step)
				case "scale_up":
					scaleUps++
					prev, ok := last[p]
					if !ok {
						prev = -1
					}
					first, earlier := -1, false
					for _, s := range pilots[p] {
						if s > prev && s <= step && first < 0 {
							first = s
						}
						earlier = earlier || s <= prev
					}
					want := math.NaN()
					if first >= 0 {
						want = float64(step-first) / float64(tc.spy)
					} else if earlier {
						renewed++
					}
					got := math.NaN()
					if r[iVal] != "" {
						got, _ = strconv.ParseFloat(r[iVal], 64)
					}
					if !(got == want || math.IsNaN(got) && math.IsNaN(want)) && math.Abs(got-want) > 1e-9 {
						t.Errorf("events.csv row %d: scale_up of %s/%s at step %d: value %v, want %v", i+1, p.ins, p.stage, step, got, want)
					}
					last[p] = step
				}
			}
			if scaleUps == 0 {
				t.Fatal("no scale-up; the test needs some")
			}
		})
	}
	if renewed == 0 {
		t.Error("no practice scaled up again without a pilot since its previous scale-up; the test needs one")
	}
}

// Under --format parquet, columns.csv names the tables as the folder
// holds them: steps.parquet's entries and summary.csv's metric say
// steps.parquet, not a steps.csv that was not written; a sweep's
// points.csv says sweep.parquet.
func TestDictionaryNamesParquetFiles(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	mustRun(t, tinyArgs(run, "--format", "parquet", "--panel")...)
	sweep := filepath.Join(t.TempDir(), "sweep")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--format", "parquet", "--out", sweep, "--quiet")
	name := regexp.MustCompile(`\b([a-z_]+)\.csv\b`)
	for _, dir := range []string{run, sweep} {
		dict := readCSV(t, filepath.Join(dir, "columns.csv"))
		for _, row := range dict[1:] {
			for _, m := range name.FindAllStringSubmatch(row[3], -1) {
				_, errCSV := os.Stat(filepath.Join(dir, m[0]))
				_, errParquet := os.Stat(filepath.Join(dir, m[1]+".parquet"))
				if errCSV != nil && errParquet == nil {
					t.Errorf("%s: %s,%s names %s, which is not written (%s.parquet is): %q", filepath.Base(dir), row[0], row[1], m[0], m[1], row[3])
				}
			}
		}
	}
}
