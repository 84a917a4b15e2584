package plots

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/ipsim/ipsim/sim"
)

// results is everything read from one results folder.
type results struct {
	dir            string
	steps          *steps // nil for a sweep folder
	summary        map[string]map[string]stat
	summaryMetrics []string
	effects        map[string]map[string]stat
	effectMetrics  []string
	columns        map[string]map[string]columnInfo
	docs           *docs
	events         []event
	scenario       map[string]any   // scenario.toml, decoded generically
	armTables      []map[string]any // its [[arm]] tables
	manifest       map[string]any
	manifestStale  bool // manifest.json lists other runs than steps.csv: from an earlier run
	validation     *table
	points         *table // sweep: points.csv
	indices        *table // sensitivity: indices.csv
	aggCache       map[string]sim.Aggregate
}

// load reads a results folder. steps.csv is required unless the folder
// holds a sweep (points.csv).
func load(dir string) (*results, error) {
	r := &results{dir: dir, aggCache: map[string]sim.Aggregate{}}
	var err error
	p := func(name string) string { return filepath.Join(dir, name) }
	if r.points, err = readPoints(p("points.csv")); err != nil {
		return nil, err
	}
	if r.indices, err = readOptional(p("indices.csv")); err != nil {
		return nil, err
	}
	if exists(dir, "steps.csv") {
		if r.steps, err = readSteps(p("steps.csv")); err != nil {
			return nil, err
		}
	} else if r.points == nil && r.indices == nil {
		if exists(dir, "steps.parquet") {
			return nil, fmt.Errorf("plots: %s holds steps.parquet but no steps.csv: charts are drawn from the CSV files; run again with --format both (or csv)", dir)
		}
		return nil, fmt.Errorf("plots: %s: no steps.csv (a run), points.csv or indices.csv (a sweep): not a results folder", dir)
	}
	if r.summary, r.summaryMetrics, err = readStats(p("summary.csv"), "mean"); err != nil {
		return nil, err
	}
	if r.effects, r.effectMetrics, err = readStats(p("effects.csv"), "mean_diff"); err != nil {
		return nil, err
	}
	if r.summary == nil && r.effects == nil && r.steps == nil && r.points != nil {
		// a sweep of one point has no chart (nothing varies): its means
		// and effects go in the summary and effects tables (r.points
		// holds one metric's rows: the point's every metric is read
		// again, a few rows per arm)
		if onePoint(r.points) {
			all, err := readTable(p("points.csv"))
			if err != nil {
				return nil, err
			}
			if r.summary, r.summaryMetrics, r.effects, r.effectMetrics, err = onePointStats(all); err != nil {
				return nil, err
			}
		}
	}
	if r.columns, err = readColumns(p("columns.csv")); err != nil {
		return nil, err
	}
	if r.docs, err = readDocs(p("documents.csv")); err != nil {
		return nil, err
	}
	if r.events, err = readEvents(p("events.csv")); err != nil {
		return nil, err
	}
	if r.validation, err = readOptional(p("validation.csv")); err != nil {
		return nil, err
	}
	if b, err := os.ReadFile(p("scenario.toml")); err == nil {
		if _, err := toml.Decode(string(b), &r.scenario); err != nil {
			return nil, fmt.Errorf("plots: %s: %w", p("scenario.toml"), err)
		}
		if arms, ok := r.scenario["arm"].([]map[string]any); ok {
			r.armTables = arms
		}
	}
	if b, err := os.ReadFile(p("manifest.json")); err == nil {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber() // seeds are 64-bit unsigned: keep their digits
		if err := dec.Decode(&r.manifest); err != nil {
			return nil, fmt.Errorf("plots: %s: %w", p("manifest.json"), err)
		}
		if !r.manifestMatches() {
			r.manifest, r.manifestStale = nil, true
		}
	}
	return r, nil
}

// manifestMatches reports whether manifest.json describes the runs of
// steps.csv: when it lists runs (arm, replication, seed), they must be
// exactly those of steps.csv. A manifest left by an earlier run in the
// folder (ipsim run draws the report before it rewrites the manifest)
// fails this check unless it describes the very same runs.
func (r *results) manifestMatches() bool {
	runs, ok := r.manifest["runs"].([]any)
	if !ok || r.steps == nil {
		return true
	}
	want := map[string]bool{}
	for a, rs := range r.steps.runs {
		for _, run := range rs {
			want[fmt.Sprintf("%s/%d/%s", r.steps.arms[a], run.rep, run.seed)] = true
		}
	}
	got := map[string]bool{}
	for _, x := range runs {
		o, ok := x.(map[string]any)
		if !ok {
			return false
		}
		got[fmt.Sprintf("%v/%v/%v", o["arm"], o["replication"], o["seed"])] = true
	}
	if len(got) != len(want) {
		return false
	}
	for k := range want {
		if !got[k] {
			return false
		}
	}
	return true
}

// arms returns the arms in order of first appearance in steps.csv (or in
// points.csv for a sweep, or indices.csv for a sensitivity analysis kept
// without its points.csv).
func (r *results) arms() []string {
	if r.steps != nil {
		return r.steps.arms
	}
	for _, t := range []*table{r.points, r.indices} {
		if t == nil {
			continue
		}
		j := t.col("arm")
		var out []string
		seen := map[string]bool{}
		for _, rec := range t.rows {
			if j >= 0 && !seen[rec[j]] {
				seen[rec[j]] = true
				out = append(out, rec[j])
			}
		}
		return out
	}
	return nil
}

// info returns the unit and meaning of a steps.csv metric or a swept
// parameter's column. A sweep written with --format parquet describes
// its metrics under sweep.parquet only.
func (r *results) info(metric string) columnInfo {
	for _, f := range []string{"steps.csv", "steps", "sweep.csv", "sweep.parquet", "points.csv"} {
		if ci, ok := r.columns[f][metric]; ok {
			return ci
		}
	}
	return columnInfo{}
}

// sweepTable is the file of a sweep's runs as columns.csv names it:
// sweep.parquet for a sweep written with --format parquet alone,
// sweep.csv otherwise.
func (r *results) sweepTable() string {
	if r.columns["sweep.csv"] == nil && r.columns["sweep.parquet"] != nil {
		return "sweep.parquet"
	}
	return "sweep.csv"
}

// human turns a column name into words: "value_added" -> "value added",
// with plainer words for the metrics whose column names are jargon.
func human(name string) string {
	if w, ok := metricWords[name]; ok {
		return w
	}
	return strings.ReplaceAll(name, "_", " ")
}

// metricWords names metrics whose column names a newcomer would not read
// at a glance.
var metricWords = map[string]string{
	"theil":                 "inequality (Theil)",
	"gini":                  "inequality (Gini)",
	"value_per_spend":       "value added per unit spent",
	"utilisation_worst":     "worst sector's utilisation",
	"hot_utilisation":       "hot sectors' utilisation",
	"hot_utilisation_worst": "worst hot sector's utilisation",
	"overcapacity_worst":    "worst sector's overcapacity",
}

// unitWords replaces units that would mislead on an axis: the learning
// error is an absolute error in effectiveness, not an effectiveness.
var unitWords = map[string]string{"learning_error": "absolute error"}

// unit returns the unit of a metric for axis labels, with a parenthesis
// inside it turned into a comma ("index (initial state = 1)" -> "index,
// initial state = 1") so that it can itself go in parentheses.
func (r *results) unit(metric string) string {
	u, ok := unitWords[metric]
	if !ok {
		u = r.info(metric).unit
	}
	if i := strings.Index(u, " ("); i > 0 && strings.HasSuffix(u, ")") {
		u = u[:i] + ", " + u[i+2:len(u)-1]
	}
	return u
}

// axisLabel is a metric's words and unit, e.g. "value added (index)".
func (r *results) axisLabel(metric string) string {
	u := r.unit(metric)
	if u == "" {
		return human(metric)
	}
	return human(metric) + " (" + u + ")"
}

// agg returns the aggregate that reduces a metric's runs to the figures
// of summary.csv: the one columns.csv names in the metric's meaning
// ("per-run figure ...: final_year", "run_mean" or "run_total", as
// ipsim writes it). Only when columns.csv does not say, it guesses: the
// aggregate whose mean over the first arm's runs matches summary.csv,
// which is ambiguous when those runs are constant; Final when there is
// nothing to match.
func (r *results) agg(metric string) sim.Aggregate {
	if a, ok := r.aggCache[metric]; ok {
		return a
	}
	best, documented := aggFromMeaning(r.info(metric).meaning)
	if !documented && r.steps != nil && r.steps.has(metric) {
		arm := r.steps.arms[0]
		if st, ok := r.summary[arm][metric]; ok && finite(st.Mean) {
			bestErr := math.Inf(1)
			for _, a := range []sim.Aggregate{sim.Final, sim.Mean, sim.Total} {
				vals, _ := r.steps.perRun(0, metric, a)
				m := sim.Summarize(vals).Mean
				if e := math.Abs(m - st.Mean); e < bestErr {
					best, bestErr = a, e
				}
			}
		}
	}
	r.aggCache[metric] = best
	return best
}

// perRunFigure finds the per-run figure in a column's meaning, e.g.
// "(per-run figure in summary.csv and effects.csv: run_total, the sum
// over all steps)" or, in a sweep, "(per-run figure: run_mean, ...)".
var perRunFigure = regexp.MustCompile(`per-run figure[^:]*: ([a-z_]+)`)

// aggFromMeaning returns the aggregate a column's meaning names, and
// whether it names one (Final when not).
func aggFromMeaning(meaning string) (sim.Aggregate, bool) {
	ms := perRunFigure.FindAllStringSubmatch(meaning, -1)
	for i := len(ms) - 1; i >= 0; i-- { // the note closes the meaning
		for _, a := range []sim.Aggregate{sim.Final, sim.Mean, sim.Total} {
			if a.String() == ms[i][1] {
				return a, true
			}
		}
	}
	return sim.Final, false
}

// runStat returns the arm's summary of a metric: summary.csv when it has
// it, else computed from steps.csv.
func (r *results) runStat(arm int, metric string) (sim.Summary, bool) {
	arms := r.arms()
	if st, ok := r.summary[arms[arm]][metric]; ok {
		return st.Summary, true
	}
	if r.steps != nil && r.steps.has(metric) {
		vals, _ := r.steps.perRun(arm, metric, r.agg(metric))
		return sim.Summarize(vals), true
	}
	return sim.Summary{}, false
}

// effect returns the paired effect of arm vs the first arm on a metric:
// effects.csv when it has it, else computed from steps.csv.
func (r *results) effect(arm int, metric string) (sim.Summary, bool) {
	arms := r.arms()
	if arm == 0 {
		return sim.Summary{}, false
	}
	if st, ok := r.effects[arms[arm]][metric]; ok {
		return st.Summary, true
	}
	if r.steps != nil && r.steps.has(metric) {
		return r.steps.paired(arm, 0, metric, r.agg(metric)), true
	}
	return sim.Summary{}, false
}

// armParam returns a scenario setting of an arm by its dotted key path
// (e.g. "policy.overcapacity_cap"): the arm's own value in its [[arm]]
// table, else the scenario's shared value, else nil.
func (r *results) armParam(arm string, key string) any {
	for _, t := range r.armTables {
		if name, _ := t["name"].(string); name == arm {
			if v := lookup(t, key); v != nil {
				return v
			}
		}
	}
	if strings.HasPrefix(key, "arm.") {
		return nil
	}
	return lookup(r.scenario, key)
}

// lookup follows a dotted key path through nested tables.
func lookup(m map[string]any, key string) any {
	parts := strings.Split(key, ".")
	var cur any = m
	for _, p := range parts {
		t, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = t[p]
	}
	return cur
}

// scenarioString returns a top-level string of scenario.toml.
func (r *results) scenarioString(key string) string {
	s, _ := r.scenario[key].(string)
	return s
}

var (
	ladderArm = regexp.MustCompile(`^r1(_[0-9]+)*$`)
	aloneArm  = regexp.MustCompile(`^r([0-9]+)_only$`)
)

// onePoint reports whether the rows of a sweep's points.csv t are all of
// one point.
func onePoint(t *table) bool {
	j := t.col("point")
	if j < 0 || len(t.rows) == 0 {
		return false
	}
	for _, rec := range t.rows {
		if rec[j] != t.rows[0][j] {
			return false
		}
	}
	return true
}

// onePointStats reads the means and paired effects of a sweep's points.csv
// whose design has a single point as summary.csv and effects.csv would
// give them; nil when it has more points (the charts show them).
func onePointStats(t *table) (summary map[string]map[string]stat, sm []string, effects map[string]map[string]stat, em []string, err error) {
	idx, err := t.need("point", "arm", "metric", "mean", "ci_low", "ci_high", "n", "effect_mean", "effect_ci_low", "effect_ci_high", "effect_n")
	if err != nil || !onePoint(t) {
		return nil, nil, nil, nil, nil // no tables: the charts show the points
	}
	read := func(i int, cols []int) (stat, error) {
		var st stat
		var err error
		if st.Mean, err = t.float(i, cols[0]); err == nil {
			if st.CILow, err = t.float(i, cols[1]); err == nil {
				if st.CIHigh, err = t.float(i, cols[2]); err == nil {
					st.N, err = t.int(i, cols[3])
				}
			}
		}
		st.SD = math.NaN() // points.csv has none
		return st, err
	}
	summary, effects = map[string]map[string]stat{}, map[string]map[string]stat{}
	first := t.rows[0][idx[1]]
	for i, rec := range t.rows {
		arm, metric := rec[idx[1]], rec[idx[2]]
		st, err := read(i, idx[3:7])
		if err != nil {
			return nil, nil, nil, nil, err
		}
		if summary[arm] == nil {
			summary[arm] = map[string]stat{}
		}
		if _, seen := summary[arm][metric]; !seen && !slices.Contains(sm, metric) {
			sm = append(sm, metric)
		}
		summary[arm][metric] = st
		if arm == first {
			continue
		}
		e, err := read(i, idx[7:11])
		if err != nil {
			return nil, nil, nil, nil, err
		}
		e.baseline = first
		if effects[arm] == nil {
			effects[arm] = map[string]stat{}
		}
		if !slices.Contains(em, metric) {
			em = append(em, metric)
		}
		effects[arm][metric] = e
	}
	if len(effects) == 0 {
		effects = nil
	}
	return summary, sm, effects, em, nil
}
