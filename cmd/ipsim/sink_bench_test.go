package main

import (
	"testing"
)

// benchmarkSink writes rows rows of a steps-like table (5 key columns and
// 40 float columns, the size of steps.csv's rows) in format.
func benchmarkSink(b *testing.B, format string, rows int) {
	s := schema{Stem: "bench", Fields: []field{
		{"arm", kindString, "", ""}, {"replication", kindInt, "", ""}, {"seed", kindUint, "", ""},
		{"step", kindInt, "", ""}, {"year", kindFloat, "", ""},
	}}
	for i := range 40 {
		s.Fields = append(s.Fields, field{"m" + string(rune('a'+i%26)) + string(rune('a'+i/26)), kindFloat, "", ""})
	}
	row := []value{sv("coordinated_autonomy"), iv(3), uv(6728581669027343264), iv(0), fv(2000.25)}
	for i := range 40 {
		row = append(row, fv(1/float64(i+3)))
	}
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		ss, err := newSinks(dir, s, format)
		if err != nil {
			b.Fatal(err)
		}
		for t := range rows {
			row[3] = iv(int64(t))
			if err := ss.Write(row); err != nil {
				b.Fatal(err)
			}
		}
		if err := ss.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// 92 rows: one run of the default scenario; 8280: its 90 runs.
func BenchmarkCSVSink92(b *testing.B)       { benchmarkSink(b, formatCSV, 92) }
func BenchmarkCSVSink8280(b *testing.B)     { benchmarkSink(b, formatCSV, 8280) }
func BenchmarkParquetSink92(b *testing.B)   { benchmarkSink(b, formatParquet, 92) }
func BenchmarkParquetSink8280(b *testing.B) { benchmarkSink(b, formatParquet, 8280) }
