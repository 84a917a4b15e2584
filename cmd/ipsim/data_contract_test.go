package main

// Tests of the data a user loads: what columns.csv says about a column
// holds for the values the files actually contain.

import (
	"path/filepath"
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
