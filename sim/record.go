package sim

import (
	"fmt"
	"math"
)

// Column is a named metric: a function of a model's state, read after a
// step. Columns are kept in slices, not maps, so their order is stable.
type Column[M any] struct {
	Name string // lower snake case, at most 32 characters (Stata-safe)
	Unit string // e.g. "share", "index (2000 = 1)"
	Doc  string // one sentence: what it measures
	// Summary says which figure of a run summarises it: the mean over
	// the last year of steps (Final, for levels and cumulative shares), the mean over
	// all steps (Mean, for rates), or the total over all steps (Total,
	// for counts of events).
	Summary Aggregate
	Value   func(m M) float64
}

// Aggregate says how a run's per-step values of a column are reduced to
// one number per run.
type Aggregate int

const (
	// Final is the mean over the run's last stepsPerYear steps: its last
	// calendar year when the run ends on a year boundary, else a year's
	// span straddling the last two (10 quarterly steps: steps 6-9, not
	// 8-9); all steps when the run is shorter than a year.
	Final Aggregate = iota
	// Mean is the mean over all steps.
	Mean
	// Total is the sum over all steps.
	Total
)

// String returns "final_year", "run_mean" or "run_total", as columns.csv
// names them, and "unknown" for any other value.
func (a Aggregate) String() string {
	switch a {
	case Final:
		return "final_year"
	case Mean:
		return "run_mean"
	case Total:
		return "run_total"
	}
	return "unknown"
}

// Reduce reduces the per-step values xs of one run, stepsPerYear steps a
// year, to one number. NaN steps are skipped; all NaN gives NaN. A
// stepsPerYear below 1 counts as 1, as in a Summarizer.
func (a Aggregate) Reduce(xs []float64, stepsPerYear int) float64 {
	if a == Final {
		if spy := max(1, stepsPerYear); len(xs) > spy {
			xs = xs[len(xs)-spy:]
		}
	}
	sum, n := 0.0, 0
	for _, x := range xs {
		if x == x { // not NaN
			sum += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	if a == Total {
		return sum
	}
	return sum / float64(n)
}

// Recorder is an Observer that stores every column after every step in
// one flat, preallocated slice: Observe allocates nothing.
type Recorder[M any] struct {
	model M
	cols  []Column[M]
	rows  []float64 // steps x len(cols)
	n     int       // steps recorded
}

// NewRecorder returns a recorder of cols for model m over steps steps
// (Settings.Steps of the run it observes; below 0 counts as 0). Observe
// panics after steps steps, or if a step is skipped: a Recorder records
// one run, from step 0.
func NewRecorder[M any](m M, cols []Column[M], steps int) *Recorder[M] {
	return &Recorder[M]{model: m, cols: cols, rows: make([]float64, max(0, steps)*len(cols))}
}

// Observe records every column's value after step t. On a nil
// Recorder it does nothing.
func (r *Recorder[M]) Observe(t int) {
	if r == nil {
		return
	}
	if t != r.n {
		panic(fmt.Sprintf("sim: recorder observed step %d, want %d (a Recorder records one run, from step 0)", t, r.n))
	}
	if (t+1)*len(r.cols) > len(r.rows) {
		panic(fmt.Sprintf("sim: recorder made for %d steps observed step %d: give NewRecorder the run's Settings.Steps", len(r.rows)/len(r.cols), t))
	}
	row := r.rows[t*len(r.cols) : (t+1)*len(r.cols)]
	for i, c := range r.cols {
		row[i] = c.Value(r.model)
	}
	r.n++
}

// Table returns the recorded rows: steps observed x columns.
func (r *Recorder[M]) Table() Table {
	names := make([]string, len(r.cols))
	for i, c := range r.cols {
		names[i] = c.Name
	}
	return Table{Names: names, Values: r.rows[:r.n*len(r.cols)]}
}

// Table is a dense matrix of metric values, one row per step and one
// column per metric, stored row-major.
type Table struct {
	Names  []string
	Values []float64
}

// Rows is the number of rows.
func (t Table) Rows() int {
	if len(t.Names) == 0 {
		return 0
	}
	return len(t.Values) / len(t.Names)
}

// At returns the value in row i, column j. It panics if j is not a
// column, such as the -1 Col returns for an unknown name: in the flat
// slice that index would read the previous row's last value.
func (t Table) At(i, j int) float64 {
	t.checkCol(j)
	return t.Values[i*len(t.Names)+j]
}

// checkCol panics if j is not a column index of t.
func (t Table) checkCol(j int) {
	if j < 0 || j >= len(t.Names) {
		panic(fmt.Sprintf("sim: column %d of a table with %d columns (Col returns -1 for an unknown name)", j, len(t.Names)))
	}
}

// Row returns row i (a view, not a copy).
func (t Table) Row(i int) []float64 {
	n := len(t.Names)
	return t.Values[i*n : (i+1)*n]
}

// Col returns the index of the named column, or -1.
func (t Table) Col(name string) int {
	for i, n := range t.Names {
		if n == name {
			return i
		}
	}
	return -1
}

// Column copies column j into a new slice, one value per row. It panics
// if j is not a column, as At does.
func (t Table) Column(j int) []float64 {
	t.checkCol(j)
	out := make([]float64, t.Rows())
	for i := range out {
		out[i] = t.At(i, j)
	}
	return out
}

// Summarizer is an Observer that keeps only each column's run summary (see
// Aggregate), for callers that need one number per run, such as sweeps. It
// reads a Final column only in the run's last year, so an expensive level
// metric costs a year of steps, not a run of them; Mean and Total columns
// are read every step. Its values equal Reduce over a Recorder's column
// of a completed run, bit for bit, and it needs memory for one number per
// column.
type Summarizer[M any] struct {
	model M
	cols  []Column[M]
	from  int // first step Final columns are read in
	sum   []float64
	n     []int
}

// NewSummarizer returns a summarizer of cols for model m over a run of
// settings s.
func NewSummarizer[M any](m M, cols []Column[M], s Settings) *Summarizer[M] {
	return &Summarizer[M]{model: m, cols: cols, from: max(0, s.Steps-max(1, s.StepsPerYear)),
		sum: make([]float64, len(cols)), n: make([]int, len(cols))}
}

// Observe adds the values after step t of the columns that need it. On
// a nil Summarizer it does nothing.
func (z *Summarizer[M]) Observe(t int) {
	if z == nil {
		return
	}
	for i, c := range z.cols {
		if c.Summary == Final && t < z.from {
			continue
		}
		if x := c.Value(z.model); x == x { // not NaN
			z.sum[i] += x
			z.n[i]++
		}
	}
}

// Values returns one summary per column, in the columns' order; NaN for a
// column that had no value.
func (z *Summarizer[M]) Values() []float64 {
	out := make([]float64, len(z.cols))
	for i, c := range z.cols {
		switch {
		case z.n[i] == 0:
			out[i] = math.NaN()
		case c.Summary == Total:
			out[i] = z.sum[i]
		default:
			out[i] = z.sum[i] / float64(z.n[i])
		}
	}
	return out
}
