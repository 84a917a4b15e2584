package main

// Table sinks: where tidy rows go. A schema names a table (steps, events,
// ...) and its typed columns; a sink writes rows of that schema to one
// file, under a temporary name until Commit. Two formats share the
// schema: CSV (floats in shortest exact form, strconv 'g' -1, so files are
// byte-stable and round-trip) and Parquet (float64, int64, uint64 and
// string columns, Snappy-compressed, readable by pandas/pyarrow, R arrow
// and DuckDB).
//
// Reusable by other commands:
//   - schema, field, kind: describe a table;
//   - value and fv/iv/uv/sv: typed cells of a row;
//   - sink (Write, Commit, Abort, Name) and newSinks(dir, schema, format),
//     which returns one sink per format ("csv", "parquet" or "both").

import (
	"bufio"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// kind is a column's type.
type kind int

const (
	kindFloat  kind = iota // float64
	kindInt                // int64
	kindUint               // uint64 (seeds)
	kindString             // UTF-8 text
)

// String returns the kind's name as the data dictionary shows it.
func (k kind) String() string {
	switch k {
	case kindFloat:
		return "float64"
	case kindInt:
		return "int64"
	case kindUint:
		return "uint64"
	case kindString:
		return "string"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// field is one column of a table.
type field struct {
	Name string // lower snake case, at most 32 characters (Stata-safe)
	Kind kind
	Unit string
	Doc  string // meaning, for columns.csv
}

// schema is a table: its file stem ("steps" gives steps.csv and
// steps.parquet) and its columns in order.
type schema struct {
	Stem   string
	Fields []field
}

// value is one typed cell.
type value struct {
	k kind
	f float64
	i int64
	u uint64
	s string
}

func fv(x float64) value { return value{k: kindFloat, f: x} }
func iv(x int64) value   { return value{k: kindInt, i: x} }
func uv(x uint64) value  { return value{k: kindUint, u: x} }
func sv(x string) value  { return value{k: kindString, s: x} }

// sink writes the rows of one table to one file.
type sink interface {
	// Write appends a row; it must match the schema's columns.
	Write(row []value) error
	// Prepare completes the file on disk under its temporary name (what
	// can fail on a full disk fails here); on error it is removed.
	Prepare() error
	// Commit completes the file (Prepare) and gives it its final name.
	Commit() error
	// Abort removes the unfinished file; the final name is untouched.
	Abort()
	// Name is the final file name (without folder).
	Name() string
}

// Formats a results folder can be written in.
const (
	formatCSV     = "csv"
	formatParquet = "parquet"
	formatBoth    = "both"
)

// formats lists the file formats of a --format value.
func formats(format string) ([]string, error) {
	switch format {
	case formatCSV, "":
		return []string{formatCSV}, nil
	case formatParquet:
		return []string{formatParquet}, nil
	case formatBoth:
		return []string{formatCSV, formatParquet}, nil
	}
	return nil, usageError("format = %q: must be one of csv, parquet, both", format)
}

// newSinks opens one sink per file format for table s in dir.
func newSinks(dir string, s schema, format string) (sinks, error) {
	fmts, err := formats(format)
	if err != nil {
		return nil, err
	}
	var out sinks
	for _, f := range fmts {
		var k sink
		var err error
		switch f {
		case formatCSV:
			k, err = newCSVSink(filepath.Join(dir, s.Stem+".csv"), s)
		case formatParquet:
			k, err = newParquetSink(filepath.Join(dir, s.Stem+".parquet"), s)
		}
		if err != nil {
			out.Abort()
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// sinks writes the same rows to several sinks.
type sinks []sink

// Write writes row to every sink.
func (ss sinks) Write(row []value) error {
	for _, s := range ss {
		if err := s.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// Prepare prepares every sink; on error every sink is aborted.
func (ss sinks) Prepare() error {
	for _, s := range ss {
		if err := s.Prepare(); err != nil {
			ss.Abort()
			return err
		}
	}
	return nil
}

// Commit commits every sink and stops at the first error.
func (ss sinks) Commit() error {
	for i, s := range ss {
		if err := s.Commit(); err != nil {
			ss[i+1:].Abort()
			return err
		}
	}
	return nil
}

// Abort aborts every sink.
func (ss sinks) Abort() {
	for _, s := range ss {
		s.Abort()
	}
}

// Names lists the sinks' file names.
func (ss sinks) Names() []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name())
	}
	return out
}

// csvSink writes RFC 4180 CSV with a header row and "\n" line ends.
type csvSink struct {
	f   *atomicFile
	w   *bufio.Writer
	s   schema
	buf []byte
}

func newCSVSink(path string, s schema) (*csvSink, error) {
	f, err := createAtomic(path)
	if err != nil {
		return nil, err
	}
	c := &csvSink{f: f, w: bufio.NewWriterSize(f, 1<<16), s: s}
	for i, fd := range s.Fields {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = appendCSVString(c.buf, fd.Name)
	}
	c.buf = append(c.buf, '\n')
	if _, err := c.w.Write(c.buf); err != nil {
		f.Abort()
		return nil, fmt.Errorf("ipsim: writing %s: %w", path, err)
	}
	return c, nil
}

func (c *csvSink) Name() string { return filepath.Base(c.f.final) }

func (c *csvSink) Write(row []value) error {
	if len(row) != len(c.s.Fields) {
		panic(fmt.Sprintf("ipsim: %s: row of %d values, want %d", c.Name(), len(row), len(c.s.Fields)))
	}
	b := c.buf[:0]
	for i, v := range row {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSV(b, v)
	}
	b = append(b, '\n')
	c.buf = b
	if _, err := c.w.Write(b); err != nil {
		return fmt.Errorf("ipsim: writing %s: %w", c.Name(), err)
	}
	return nil
}

func (c *csvSink) Prepare() error {
	if err := c.w.Flush(); err != nil {
		c.f.Abort()
		return fmt.Errorf("ipsim: writing %s: %w", c.Name(), err)
	}
	return c.f.Prepare()
}

func (c *csvSink) Commit() error {
	if err := c.Prepare(); err != nil {
		return err
	}
	return c.f.Commit()
}

func (c *csvSink) Abort() { c.f.Abort() }

// appendCSV appends one cell: floats in the shortest form that parses back
// to the same float64, integers in decimal, strings quoted when needed. NaN
// (undefined) is an empty cell, which pandas, R and Stata all read as
// missing; Stata would read a column holding the text "NaN" as strings.
func appendCSV(b []byte, v value) []byte {
	switch v.k {
	case kindFloat:
		return appendCSVFloat(b, v.f)
	case kindInt:
		return strconv.AppendInt(b, v.i, 10)
	case kindUint:
		return strconv.AppendUint(b, v.u, 10)
	}
	return appendCSVString(b, v.s)
}

// appendCSVFloat appends x as appendCSV does: empty for NaN.
func appendCSVFloat(b []byte, x float64) []byte {
	if math.IsNaN(x) {
		return b
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

func appendCSVString(b []byte, s string) []byte {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[len(s)-1] != ' ' {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// parquetSink writes a Parquet file whose columns follow the schema's
// order, with row groups of at most parquetRowGroup rows so memory does
// not grow with the file.
type parquetSink struct {
	f      *atomicFile
	w      *parquet.GenericWriter[any]
	s      schema
	row    parquet.Row
	rows   []parquet.Row
	n      int  // rows in the current row group
	closed bool // the Parquet writer wrote its footer
}

const parquetRowGroup = 1 << 14

// parquetSchema builds the Parquet schema of s. Columns keep their order
// (a parquet.Group would sort them by name), so it goes through a struct
// type built at run time.
func parquetSchema(s schema) *parquet.Schema {
	fields := make([]reflect.StructField, len(s.Fields))
	for i, fd := range s.Fields {
		var t reflect.Type
		tag := fd.Name
		switch fd.Kind {
		case kindFloat:
			t = reflect.TypeFor[float64]()
		case kindInt:
			t = reflect.TypeFor[int64]()
		case kindUint:
			t = reflect.TypeFor[uint64]()
		case kindString:
			t = reflect.TypeFor[string]()
			tag += ",dict"
		}
		fields[i] = reflect.StructField{
			Name: "F" + strconv.Itoa(i),
			Type: t,
			Tag:  reflect.StructTag(`parquet:"` + tag + `"`),
		}
	}
	return parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Elem().Interface())
}

func newParquetSink(path string, s schema) (*parquetSink, error) {
	f, err := createAtomic(path)
	if err != nil {
		return nil, err
	}
	w := parquet.NewGenericWriter[any](f, parquetSchema(s), parquet.Compression(&parquet.Snappy))
	return &parquetSink{f: f, w: w, s: s, row: make(parquet.Row, len(s.Fields)), rows: make([]parquet.Row, 1)}, nil
}

func (p *parquetSink) Name() string { return filepath.Base(p.f.final) }

func (p *parquetSink) Write(row []value) error {
	if len(row) != len(p.s.Fields) {
		panic(fmt.Sprintf("ipsim: %s: row of %d values, want %d", p.Name(), len(row), len(p.s.Fields)))
	}
	for i, v := range row {
		var pv parquet.Value
		switch p.s.Fields[i].Kind {
		case kindFloat:
			pv = parquet.DoubleValue(v.f)
		case kindInt:
			pv = parquet.Int64Value(v.i)
		case kindUint:
			pv = parquet.Int64Value(int64(v.u)) // uint64 is stored in INT64 with an unsigned annotation
		case kindString:
			pv = parquet.ByteArrayValue([]byte(v.s))
		}
		p.row[i] = pv.Level(0, 0, i)
	}
	p.rows[0] = p.row
	if _, err := p.w.WriteRows(p.rows); err != nil {
		return fmt.Errorf("ipsim: writing %s: %w", p.Name(), err)
	}
	p.n++
	if p.n == parquetRowGroup {
		p.n = 0
		if err := p.w.Flush(); err != nil {
			return fmt.Errorf("ipsim: writing %s: %w", p.Name(), err)
		}
	}
	return nil
}

func (p *parquetSink) Prepare() error {
	if !p.closed {
		p.closed = true
		if err := p.w.Close(); err != nil {
			p.f.Abort()
			return fmt.Errorf("ipsim: writing %s: %w", p.Name(), err)
		}
	}
	return p.f.Prepare()
}

func (p *parquetSink) Commit() error {
	if err := p.Prepare(); err != nil {
		return err
	}
	return p.f.Commit()
}

func (p *parquetSink) Abort() { p.f.Abort() }
