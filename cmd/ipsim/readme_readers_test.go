package main

// The README tells pandas, R and DuckDB users what their readers do to
// ipsim's files. These tests tie each note to the files' behaviour that
// makes it necessary, so neither drifts away from the other.

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/scenarios"
	"github.com/parquet-go/parquet-go"
)

// readme returns the repository's README.md.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A float column chunk that holds NaN carries a number as its max
// statistic (the Parquet format has NaN left out of min/max), and DuckDB
// prunes by it unless told can_have_nan: WHERE col = 'NaN' then returns
// none of the NaN rows. The README must say so while the files are so.
func TestReadmeDuckDBNaNStatistics(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--format", "parquet", "--set", "run.steps=12")...)
	pf := openParquet(t, filepath.Join(dir, "steps.parquet"))
	_, rows := readParquetAsText(t, filepath.Join(dir, "steps.parquet"))
	fields := pf.Schema().Fields()
	found := ""
	for j, fd := range fields {
		if fd.Type().Kind() != parquet.Double {
			continue
		}
		nan, num := false, false
		for _, r := range rows {
			if r[j] == "" { // NaN, as the CSV writes it
				nan = true
			} else {
				num = true
			}
		}
		if !nan || !num {
			continue
		}
		st := pf.Metadata().RowGroups[0].Columns[j].MetaData.Statistics
		if len(st.MaxValue) == 8 && !math.IsNaN(parquet.Double.Value(st.MaxValue).Double()) {
			found = fd.Name()
			break
		}
	}
	if found == "" {
		t.Skip("no float column chunk with NaN and a numeric max statistic: the README's DuckDB note may no longer be needed")
	}
	if r := readme(t); !strings.Contains(r, "can_have_nan") {
		t.Errorf("steps.parquet's %s holds NaN under a numeric max statistic, but README.md does not tell DuckDB users to read with can_have_nan = true", found)
	}
}

// columns.csv tags text and integer columns with their type and leaves
// float64 untagged; the README lists the tags, which must be the ones the
// dictionary writes.
func TestReadmeListsDictionaryTypes(t *testing.T) {
	r := readme(t)
	for _, k := range []kind{kindInt, kindUint, kindString} {
		if !strings.Contains(r, "`["+k.String()+"]`") {
			t.Errorf("README.md does not list the dictionary's [%s]", k)
		}
	}
}

// steps.csv holds decimals that a 32-bit float (Stata's default storage
// type for what import delimited reads) does not keep, and seeds above
// 2^53, which a double rounds: the README must tell Stata users how to
// read both.
func TestReadmeStataTypes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--set", "run.steps=4")...)
	recs := readCSV(t, filepath.Join(dir, "steps.csv"))
	if recs[0][2] != "seed" {
		t.Fatalf("steps.csv's third column is %q, want seed (the README's stringcols(3))", recs[0][2])
	}
	lossy, big := false, false
	for _, rec := range recs[1:] {
		if s, err := strconv.ParseUint(rec[2], 10, 64); err == nil && s > 1<<53 {
			big = true
		}
		for _, c := range rec[5:] {
			if x, err := strconv.ParseFloat(c, 64); err == nil && float64(float32(x)) != x {
				lossy = true
			}
		}
	}
	r := readme(t)
	if lossy && !strings.Contains(r, "asdouble") {
		t.Error("steps.csv holds decimals a float does not keep, but README.md does not tell Stata users import delimited's asdouble")
	}
	if big && !strings.Contains(r, "stringcols(3)") {
		t.Error("steps.csv holds seeds above 2^53, but README.md does not tell Stata users to read them as text (stringcols)")
	}
}

// Every TOML example in README.md loads as a scenario file.
func TestReadmeTOMLExamplesLoad(t *testing.T) {
	blocks := strings.Split(readme(t), "```toml\n")[1:]
	if len(blocks) < 2 {
		t.Fatalf("README.md has %d TOML examples, want the reforms' and the event's", len(blocks))
	}
	for i, b := range blocks {
		text, _, ok := strings.Cut(b, "```")
		if !ok {
			t.Fatalf("example %d is not closed", i+1)
		}
		path := filepath.Join(t.TempDir(), "example.toml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := scenarios.Load(path); err != nil {
			t.Errorf("README.md's TOML example %d does not load: %v\n%s", i+1, err, text)
		}
	}
}
