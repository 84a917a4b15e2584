package main

import (
	"errors"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// openParquet opens a Parquet file for the test's duration.
func openParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pf
}

// readParquetAsText reads a Parquet file with parquet-go's generic reader
// and formats every value as the CSV sink does, so the two can be compared
// cell by cell.
func readParquetAsText(t *testing.T, path string) (header []string, rows [][]string) {
	t.Helper()
	pf := openParquet(t, path)
	fields := pf.Schema().Fields()
	unsigned := make([]bool, len(fields))
	for i, fd := range fields {
		header = append(header, fd.Name())
		if lt := fd.Type().LogicalType(); lt == nil {
			continue
		} else if it, ok := lt.Value.(*format.IntType); ok && !it.IsSigned {
			unsigned[i] = true
		}
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	buf := make([]parquet.Row, 128)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			cells := make([]string, len(row))
			for _, v := range row {
				c := v.Column()
				switch v.Kind() {
				case parquet.ByteArray:
					cells[c] = string(v.ByteArray())
				case parquet.Int64:
					if unsigned[c] {
						cells[c] = strconv.FormatUint(v.Uint64(), 10)
					} else {
						cells[c] = strconv.FormatInt(v.Int64(), 10)
					}
				case parquet.Double:
					cells[c] = string(appendCSVFloat(nil, v.Double())) // as the CSV writes it
				default:
					t.Fatalf("%s: unexpected value kind %v in column %s", path, v.Kind(), header[c])
				}
			}
			rows = append(rows, cells)
		}
		if errors.Is(err, io.EOF) {
			return header, rows
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
}
