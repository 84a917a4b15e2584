package plots

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ipsim/ipsim/sim"
)

// table is one CSV file: its header and its records, read generically.
type table struct {
	path   string
	header []string
	rows   [][]string
}

// readTable reads a CSV file with a header line. Every record must have
// as many fields as the header.
func readTable(path string) (*table, error) {
	return readRows(path, nil)
}

// readRows reads the CSV file at path, keeping the records keep accepts
// (every record if keep is nil); keep gets the header and the record.
func readRows(path string, keep func(header, rec []string) bool) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("plots: %s: empty file, want a header line", path)
	}
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", path, err)
	}
	t := &table{path: path, header: header}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("plots: %s: %w", path, err)
		}
		if keep == nil || keep(header, rec) {
			t.rows = append(t.rows, rec)
		}
	}
	return t, nil
}

// readPoints reads a sweep's points.csv keeping only the rows of the
// metric its charts draw (value_added, or else the first), so memory
// grows with the points, not with the points times the metrics: a sweep
// of many points is charted in a small part of the file's size.
func readPoints(path string) (*table, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	im, first := -1, ""
	var firsts [][]string
	t, err := readRows(path, func(header, rec []string) bool {
		if im < 0 {
			if im = slices.Index(header, "metric"); im < 0 {
				return false
			}
		}
		if first == "" {
			first = rec[im]
		}
		if rec[im] == first && first != "value_added" {
			firsts = append(firsts, rec) // kept in case no value_added follows
		}
		return rec[im] == "value_added"
	})
	if err != nil {
		return nil, err
	}
	if !slices.Contains(t.header, "metric") {
		return nil, fmt.Errorf("plots: %s: missing column \"metric\"", path)
	}
	if len(t.rows) == 0 {
		t.rows = firsts
	}
	return t, nil
}

// readOptional reads path if it exists; a missing file gives nil, nil.
func readOptional(path string) (*table, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return readTable(path)
}

// col returns the index of the named column, or -1.
func (t *table) col(name string) int {
	for i, h := range t.header {
		if h == name {
			return i
		}
	}
	return -1
}

// need returns the indices of the named columns or an error naming the
// first one missing.
func (t *table) need(names ...string) ([]int, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = t.col(n)
		if idx[i] < 0 {
			return nil, fmt.Errorf("plots: %s: missing column %q (header: %s)", t.path, n, strings.Join(t.header, ","))
		}
	}
	return idx, nil
}

// float parses field j of row i (0-based record index; the file line is
// i+2). Empty fields and "NaN" give NaN.
func (t *table) float(i, j int) (float64, error) {
	s := strings.TrimSpace(t.rows[i][j])
	if s == "" || strings.EqualFold(s, "nan") || strings.EqualFold(s, "na") {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("plots: %s:%d: %s = %q: not a number", t.path, i+2, t.header[j], s)
	}
	return v, nil
}

// int parses field j of row i as an integer.
func (t *table) int(i, j int) (int, error) {
	s := strings.TrimSpace(t.rows[i][j])
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("plots: %s:%d: %s = %q: not an integer", t.path, i+2, t.header[j], s)
	}
	return v, nil
}

// run is the per-step record of one (arm, replication).
type run struct {
	rep  int
	seed string
	rows map[int][]float64 // step -> metric values
}

// steps holds steps.csv: every run's metrics at every step, grouped by arm.
type steps struct {
	arms    []string  // order of first appearance
	metrics []string  // metric columns, in file order
	years   []float64 // year of each step index
	nsteps  int
	runs    [][]*run // [arm] -> runs in order of first appearance
}

// stepKeys are the leading columns of steps.csv; all later columns are
// metrics.
var stepKeys = []string{"arm", "replication", "seed", "step", "year"}

// readSteps reads steps.csv.
func readSteps(path string) (*steps, error) {
	t, err := readTable(path)
	if err != nil {
		return nil, err
	}
	idx, err := t.need(stepKeys...)
	if err != nil {
		return nil, err
	}
	isKey := map[int]bool{}
	for _, i := range idx {
		isKey[i] = true
	}
	s := &steps{}
	var mcols []int
	for j, h := range t.header {
		if !isKey[j] {
			s.metrics = append(s.metrics, h)
			mcols = append(mcols, j)
		}
	}
	armIdx := map[string]int{}
	runIdx := map[string]*run{}
	yearOf := map[int]float64{}
	for i, rec := range t.rows {
		arm := rec[idx[0]]
		a, ok := armIdx[arm]
		if !ok {
			a = len(s.arms)
			armIdx[arm] = a
			s.arms = append(s.arms, arm)
			s.runs = append(s.runs, nil)
		}
		rep, err := t.int(i, idx[1])
		if err != nil {
			return nil, err
		}
		step, err := t.int(i, idx[3])
		if err != nil {
			return nil, err
		}
		if step < 0 || step >= len(t.rows) {
			// a run has a row per step: a larger step is no step of this
			// file's runs (and would size the series by it)
			return nil, fmt.Errorf("plots: %s:%d: step = %d: must be >= 0 and below the file's %d rows; was the file edited?", path, i+2, step, len(t.rows))
		}
		year, err := t.float(i, idx[4])
		if err != nil {
			return nil, err
		}
		key := arm + "\x00" + strconv.Itoa(rep)
		r, ok := runIdx[key]
		if !ok {
			r = &run{rep: rep, seed: rec[idx[2]], rows: map[int][]float64{}}
			runIdx[key] = r
			s.runs[a] = append(s.runs[a], r)
		}
		vals := make([]float64, len(mcols))
		for k, j := range mcols {
			if vals[k], err = t.float(i, j); err != nil {
				return nil, err
			}
		}
		if _, dup := r.rows[step]; dup {
			return nil, fmt.Errorf("plots: %s:%d: arm %s, replication %d, step %d is in the file twice; was the file edited?", path, i+2, arm, rep, step)
		}
		r.rows[step] = vals
		if _, ok := yearOf[step]; !ok {
			yearOf[step] = year
		}
		if step+1 > s.nsteps {
			s.nsteps = step + 1
		}
	}
	if len(s.arms) == 0 {
		return nil, fmt.Errorf("plots: %s: no rows", path)
	}
	if err := s.complete(path); err != nil {
		return nil, err
	}
	s.years = make([]float64, s.nsteps)
	for k := range s.years {
		y, ok := yearOf[k]
		if !ok {
			y = math.NaN()
		}
		s.years[k] = y
	}
	return s, nil
}

// complete checks that every run has a row for every step and every arm
// as many replications as the first, as ipsim writes the file (an
// interrupted run keeps whole replications of every arm). A file cut at a
// line boundary passes the CSV reader: drawn, it would show a run that
// stops early, or an arm on fewer worlds than the others, as results.
func (s *steps) complete(path string) error {
	for a, runs := range s.runs {
		for _, r := range runs {
			if len(r.rows) != s.nsteps {
				return fmt.Errorf("plots: %s: arm %s, replication %d has %d of the %d steps of the longest run: the file is cut short or was edited; run the scenario again to rewrite it", path, s.arms[a], r.rep, len(r.rows), s.nsteps)
			}
		}
		if len(runs) != len(s.runs[0]) {
			return fmt.Errorf("plots: %s: replications: %d in arm %s, %d in arm %s: the file is cut short or was edited (the arms of a results folder share their replications); run the scenario again to rewrite it", path, len(runs), s.arms[a], len(s.runs[0]), s.arms[0])
		}
	}
	return nil
}

// metric returns the index of a metric column, or -1.
func (s *steps) metric(name string) int {
	for i, m := range s.metrics {
		if m == name {
			return i
		}
	}
	return -1
}

// has reports whether steps.csv has the metric.
func (s *steps) has(name string) bool { return s.metric(name) >= 0 }

// value returns run r's metric m at step k, NaN when not recorded.
func (r *run) value(m, k int) float64 {
	row, ok := r.rows[k]
	if !ok {
		return math.NaN()
	}
	return row[m]
}

// band is a time series of the mean over replications and its 95%
// confidence interval, one entry per step.
type band struct {
	x, mean, lo, hi []float64
	n               int // replications
}

// band summarises metric name for arm a at every step over replications.
// With f non-nil each run's series is transformed first (e.g. cumulated).
func (s *steps) band(a int, name string, f func([]float64) []float64) band {
	m := s.metric(name)
	b := band{x: s.years, mean: make([]float64, s.nsteps), lo: make([]float64, s.nsteps), hi: make([]float64, s.nsteps), n: len(s.runs[a])}
	if m < 0 {
		for k := range b.mean {
			b.mean[k], b.lo[k], b.hi[k] = math.NaN(), math.NaN(), math.NaN()
		}
		return b
	}
	series := make([][]float64, len(s.runs[a]))
	for i, r := range s.runs[a] {
		xs := make([]float64, s.nsteps)
		for k := range xs {
			xs[k] = r.value(m, k)
		}
		if f != nil {
			xs = f(xs)
		}
		series[i] = xs
	}
	col := make([]float64, len(series))
	for k := 0; k < s.nsteps; k++ {
		for i := range series {
			col[i] = series[i][k]
		}
		sum := sim.Summarize(col)
		b.mean[k], b.lo[k], b.hi[k] = sum.Mean, sum.CILow, sum.CIHigh
	}
	return b
}

// cumulate returns the running sum of xs, NaN steps counted as 0.
func cumulate(xs []float64) []float64 {
	out := make([]float64, len(xs))
	acc := 0.0
	for i, x := range xs {
		if !math.IsNaN(x) {
			acc += x
		}
		out[i] = acc
	}
	return out
}

// stepsPerYear infers the number of steps per year from the years column.
func (s *steps) stepsPerYear() int {
	if len(s.years) < 2 || math.IsNaN(s.years[0]) || math.IsNaN(s.years[1]) {
		return 1
	}
	d := s.years[1] - s.years[0]
	if d <= 0 {
		return 1
	}
	return max(1, int(math.Round(1/d)))
}

// perRun reduces metric name of every run of arm a with agg, in the order
// of the arm's runs. Replication ids come back alongside.
func (s *steps) perRun(a int, name string, agg sim.Aggregate) (vals []float64, reps []int) {
	m := s.metric(name)
	for _, r := range s.runs[a] {
		xs := make([]float64, s.nsteps)
		for k := range xs {
			xs[k] = math.NaN()
			if m >= 0 {
				xs[k] = r.value(m, k)
			}
		}
		vals = append(vals, agg.Reduce(xs, s.stepsPerYear()))
		reps = append(reps, r.rep)
	}
	return vals, reps
}

// paired returns the paired summary of arm a minus arm b on metric name
// (reduced per run by agg), pairing runs by replication.
func (s *steps) paired(a, b int, name string, agg sim.Aggregate) sim.Summary {
	va, ra := s.perRun(a, name, agg)
	vb, rb := s.perRun(b, name, agg)
	byRep := map[int]float64{}
	for i, r := range rb {
		byRep[r] = vb[i]
	}
	var xa, xb []float64
	for i, r := range ra {
		if v, ok := byRep[r]; ok {
			xa = append(xa, va[i])
			xb = append(xb, v)
		}
	}
	return sim.Paired(xa, xb)
}

// stat is one row of summary.csv or effects.csv.
type stat struct {
	sim.Summary
	baseline string // effects only
}

// readStats reads summary.csv (value column "mean") or effects.csv (value
// column "mean_diff") into [arm][metric], keeping the order of arms and
// metrics as first seen.
func readStats(path, valueCol string) (map[string]map[string]stat, []string, error) {
	t, err := readOptional(path)
	if err != nil || t == nil {
		return nil, nil, err
	}
	idx, err := t.need("arm", "metric", valueCol, "ci_low", "ci_high", "n")
	if err != nil {
		return nil, nil, err
	}
	sdCol, baseCol := t.col("sd"), t.col("baseline")
	out := map[string]map[string]stat{}
	var metrics []string
	seen := map[string]bool{}
	for i, rec := range t.rows {
		var st stat
		if st.Mean, err = t.float(i, idx[2]); err != nil {
			return nil, nil, err
		}
		if st.CILow, err = t.float(i, idx[3]); err != nil {
			return nil, nil, err
		}
		if st.CIHigh, err = t.float(i, idx[4]); err != nil {
			return nil, nil, err
		}
		if st.N, err = t.int(i, idx[5]); err != nil {
			return nil, nil, err
		}
		if sdCol >= 0 {
			if st.SD, err = t.float(i, sdCol); err != nil {
				return nil, nil, err
			}
		}
		if baseCol >= 0 {
			st.baseline = rec[baseCol]
		}
		arm, metric := rec[idx[0]], rec[idx[1]]
		if out[arm] == nil {
			out[arm] = map[string]stat{}
		}
		out[arm][metric] = st
		if !seen[metric] {
			seen[metric] = true
			metrics = append(metrics, metric)
		}
	}
	return out, metrics, nil
}

// columnInfo is one row of columns.csv.
type columnInfo struct {
	unit, meaning string
}

// readColumns reads columns.csv into file -> column -> info.
func readColumns(path string) (map[string]map[string]columnInfo, error) {
	out := map[string]map[string]columnInfo{}
	t, err := readOptional(path)
	if err != nil || t == nil {
		return out, err
	}
	idx, err := t.need("file", "column", "unit", "meaning")
	if err != nil {
		return nil, err
	}
	for _, rec := range t.rows {
		f := rec[idx[0]]
		if out[f] == nil {
			out[f] = map[string]columnInfo{}
		}
		out[f][rec[idx[1]]] = columnInfo{unit: rec[idx[2]], meaning: rec[idx[3]]}
	}
	return out, nil
}

// docs holds documents.csv: counts per arm, replication, year and level
// (summed over categories) and per category (summed over levels).
type docs struct {
	years      []int
	levels     []string
	categories []string
	byLevel    map[string]map[int]map[int]map[string]float64 // arm -> rep -> year -> level -> count
	byCategory map[string]map[int]map[int]map[string]float64 // arm -> rep -> year -> category -> count
}

// readDocs reads documents.csv; a missing file gives nil.
func readDocs(path string) (*docs, error) {
	t, err := readOptional(path)
	if err != nil || t == nil {
		return nil, err
	}
	idx, err := t.need("arm", "replication", "year", "level", "category", "count")
	if err != nil {
		return nil, err
	}
	d := &docs{byLevel: map[string]map[int]map[int]map[string]float64{}, byCategory: map[string]map[int]map[int]map[string]float64{}}
	seenY, seenL, seenC := map[int]bool{}, map[string]bool{}, map[string]bool{}
	add := func(m map[string]map[int]map[int]map[string]float64, arm string, rep, year int, key string, v float64) {
		if m[arm] == nil {
			m[arm] = map[int]map[int]map[string]float64{}
		}
		if m[arm][rep] == nil {
			m[arm][rep] = map[int]map[string]float64{}
		}
		if m[arm][rep][year] == nil {
			m[arm][rep][year] = map[string]float64{}
		}
		m[arm][rep][year][key] += v
	}
	for i, rec := range t.rows {
		rep, err := t.int(i, idx[1])
		if err != nil {
			return nil, err
		}
		year, err := t.int(i, idx[2])
		if err != nil {
			return nil, err
		}
		n, err := t.float(i, idx[5])
		if err != nil {
			return nil, err
		}
		if math.IsNaN(n) {
			continue
		}
		arm, level, cat := rec[idx[0]], rec[idx[3]], rec[idx[4]]
		add(d.byLevel, arm, rep, year, level, n)
		add(d.byCategory, arm, rep, year, cat, n)
		if !seenY[year] {
			seenY[year] = true
			d.years = append(d.years, year)
		}
		if !seenL[level] {
			seenL[level] = true
			d.levels = append(d.levels, level)
		}
		if !seenC[cat] && n > 0 { // a category no document has stays out of the legend
			seenC[cat] = true
			d.categories = append(d.categories, cat)
		}
	}
	sortInts(d.years)
	d.levels = orderLevels(d.levels)
	return d, nil
}

// levelOrder is the order of government levels, top down; levels not in
// it follow in order of appearance.
var levelOrder = []string{"center", "province", "city", "county"}

func orderLevels(ls []string) []string {
	var out []string
	have := map[string]bool{}
	for _, l := range ls {
		have[l] = true
	}
	for _, l := range levelOrder {
		if have[l] {
			out = append(out, l)
			delete(have, l)
		}
	}
	for _, l := range ls {
		if have[l] {
			out = append(out, l)
		}
	}
	return out
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// event is one row of events.csv, with the fields the charts use.
type event struct {
	arm        string
	rep        int
	year       float64
	kind       string
	region     string
	level      string
	fromRegion string
	sector     string
	instrument string
	stage      string
	value      string
	detail     string
}

// chartedEvents are the kinds of events.csv rows the charts draw: the
// scale-ups and their adoption. The other kinds (pilots, promotions,
// moves, retirements: over 99% of the rows of a world with counties) are
// never read, so a run's charts take memory in proportion to its
// scale-ups, not to its regions times its replications.
var chartedEvents = []string{"scale_up", "adoption"}

// readEvents reads the rows of events.csv of the kinds the charts draw
// (chartedEvents); a missing file gives nil.
func readEvents(path string) ([]event, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	ik := -1
	t, err := readRows(path, func(header, rec []string) bool {
		if ik < 0 {
			if ik = slices.Index(header, "kind"); ik < 0 {
				return false // refused below, naming the column
			}
		}
		return slices.Contains(chartedEvents, rec[ik])
	})
	if err != nil {
		return nil, err
	}
	idx, err := t.need("arm", "replication", "year", "kind")
	if err != nil {
		return nil, err
	}
	get := func(rec []string, name string) string {
		if j := t.col(name); j >= 0 {
			return rec[j]
		}
		return ""
	}
	out := make([]event, 0, len(t.rows))
	for i, rec := range t.rows {
		rep, err := t.int(i, idx[1])
		if err != nil {
			return nil, err
		}
		year, err := t.float(i, idx[2])
		if err != nil {
			return nil, err
		}
		out = append(out, event{
			arm: rec[idx[0]], rep: rep, year: year, kind: rec[idx[3]],
			region: get(rec, "region"), level: get(rec, "level"), fromRegion: get(rec, "from_region"),
			sector: get(rec, "sector"), instrument: get(rec, "instrument"), stage: get(rec, "stage"),
			value: get(rec, "value"), detail: get(rec, "detail"),
		})
	}
	return out, nil
}

// parseFloat parses a CSV field; empty or "NaN" gives NaN.
func parseFloat(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "nan") {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

// exists reports whether dir/name exists.
func exists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}
