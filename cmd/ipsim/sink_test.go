package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// testSchema has one column of each kind.
var testSchema = schema{Stem: "t", Fields: []field{
	{"arm", kindString, "name", "arm"},
	{"replication", kindInt, "index", "replication"},
	{"seed", kindUint, "uint64", "seed"},
	{"value", kindFloat, "share", "a float"},
}}

// testRows exercise quoting, the full uint64 range, negative integers and
// floats that need all 17 digits, NaN and infinities.
var testRows = [][]value{
	{sv("plain"), iv(0), uv(0), fv(0.1)},
	{sv("with,comma"), iv(-1), uv(math.MaxUint64), fv(1.0 / 3)},
	{sv(`quote "q"`), iv(math.MaxInt64), uv(1 << 63), fv(math.NaN())},
	{sv(" lead"), iv(7), uv(12345678901234567890), fv(math.Inf(1))},
	{sv(""), iv(2), uv(3), fv(-2.5e-300)},
}

func writeTestSinks(t *testing.T, dir, format string) []string {
	t.Helper()
	ss, err := newSinks(dir, testSchema, format)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range testRows {
		if err := ss.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := ss.Commit(); err != nil {
		t.Fatal(err)
	}
	return ss.Names()
}

func TestCSVSinkRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeTestSinks(t, dir, formatCSV)
	f, err := os.Open(filepath.Join(dir, "t.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(recs), len(testRows)+1; got != want {
		t.Fatalf("got %d records, want %d", got, want)
	}
	for i, fd := range testSchema.Fields {
		if recs[0][i] != fd.Name {
			t.Errorf("header %d = %q, want %q", i, recs[0][i], fd.Name)
		}
	}
	for i, row := range testRows {
		rec := recs[i+1]
		if rec[0] != row[0].s {
			t.Errorf("row %d arm = %q, want %q", i, rec[0], row[0].s)
		}
		if n, err := strconv.ParseInt(rec[1], 10, 64); err != nil || n != row[1].i {
			t.Errorf("row %d replication = %q, want %d", i, rec[1], row[1].i)
		}
		if n, err := strconv.ParseUint(rec[2], 10, 64); err != nil || n != row[2].u {
			t.Errorf("row %d seed = %q, want %d", i, rec[2], row[2].u)
		}
		if math.IsNaN(row[3].f) {
			if rec[3] != "" {
				t.Errorf("row %d value = %q, want an empty cell for NaN", i, rec[3])
			}
			continue
		}
		x, err := strconv.ParseFloat(rec[3], 64)
		if err != nil || x != row[3].f {
			t.Errorf("row %d value = %q, want %v exactly", i, rec[3], row[3].f)
		}
	}
}

func TestParquetSinkRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeTestSinks(t, dir, formatParquet)
	path := filepath.Join(dir, "t.parquet")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	// Columns keep the schema's order and types.
	leaves := pf.Schema().Fields()
	wantTypes := []string{"BYTE_ARRAY", "INT64", "INT64", "DOUBLE"}
	for i, fd := range testSchema.Fields {
		if leaves[i].Name() != fd.Name {
			t.Errorf("column %d = %q, want %q", i, leaves[i].Name(), fd.Name)
		}
		if got := leaves[i].Type().Kind().String(); got != wantTypes[i] {
			t.Errorf("column %s physical type = %s, want %s", fd.Name, got, wantTypes[i])
		}
	}
	if lt := leaves[2].Type().LogicalType(); lt == nil {
		t.Error("seed column has no logical type, want unsigned 64-bit integer")
	} else if it, ok := lt.Value.(*format.IntType); !ok || it.IsSigned || it.BitWidth != 64 {
		t.Errorf("seed column logical type = %v, want unsigned 64-bit integer", leaves[2].Type().LogicalType())
	}
	if lt := leaves[0].Type().LogicalType(); lt == nil {
		t.Error("arm column has no logical type, want string")
	} else if _, ok := lt.Value.(*format.StringType); !ok {
		t.Errorf("arm column logical type = %v, want string", leaves[0].Type().LogicalType())
	}

	type row struct {
		Arm         string  `parquet:"arm"`
		Replication int64   `parquet:"replication"`
		Seed        uint64  `parquet:"seed"`
		Value       float64 `parquet:"value"`
	}
	rows, err := parquet.Read[row](bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(testRows) {
		t.Fatalf("got %d rows, want %d", len(rows), len(testRows))
	}
	for i, want := range testRows {
		got := rows[i]
		if got.Arm != want[0].s || got.Replication != want[1].i || got.Seed != want[2].u ||
			!(got.Value == want[3].f || math.IsNaN(got.Value) && math.IsNaN(want[3].f)) {
			t.Errorf("row %d = %+v, want %v %v %v %v", i, got, want[0].s, want[1].i, want[2].u, want[3].f)
		}
	}
}

func TestSinksBothAndAbort(t *testing.T) {
	dir := t.TempDir()
	names := writeTestSinks(t, dir, formatBoth)
	if len(names) != 2 || names[0] != "t.csv" || names[1] != "t.parquet" {
		t.Fatalf("names = %v, want [t.csv t.parquet]", names)
	}
	// An aborted sink leaves neither its final name nor a temporary file.
	dir2 := t.TempDir()
	ss, err := newSinks(dir2, testSchema, formatBoth)
	if err != nil {
		t.Fatal(err)
	}
	if err := ss.Write(testRows[0]); err != nil {
		t.Fatal(err)
	}
	ss.Abort()
	entries, _ := os.ReadDir(dir2)
	if len(entries) != 0 {
		t.Errorf("after Abort the folder holds %d entries, want 0", len(entries))
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"csv", 1, true}, {"parquet", 1, true}, {"both", 2, true}, {"", 1, true}, {"xlsx", 0, false}, {"CSV", 0, false},
	} {
		got, err := formats(tc.in)
		if (err == nil) != tc.ok || len(got) != tc.want {
			t.Errorf("formats(%q) = %v, %v; want %d formats, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestRunLogRowRoundTrip reads a sweep's recorded rows back exactly,
// NaN (an empty cell) included: resume and merge rebuild sweep.csv from
// them.
func TestRunLogRowRoundTrip(t *testing.T) {
	for i, row := range testRows {
		var b []byte
		for j, v := range row {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendCSV(b, v)
		}
		got, err := parseRow(b, testSchema)
		if err != nil {
			t.Fatalf("row %d %q: %v", i, b, err)
		}
		for j, v := range got {
			w := row[j]
			if v.k != w.k || v.s != w.s || v.i != w.i || v.u != w.u ||
				!(v.f == w.f || math.IsNaN(v.f) && math.IsNaN(w.f)) {
				t.Errorf("row %d cell %d = %+v, want %+v", i, j, v, w)
			}
		}
	}
}
