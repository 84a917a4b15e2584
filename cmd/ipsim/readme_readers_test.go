package main

// The README tells pandas, R and DuckDB users what their readers do to
// ipsim's files. These tests tie each note to the files' behaviour that
// makes it necessary, so neither drifts away from the other.

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
