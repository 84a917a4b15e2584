package plots

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ipsim/ipsim/sim"
)

// reportPage is what the report template shows.
type reportPage struct {
	Name, Description string
	RunAs             string // the command line that made the folder, when its manifest says
	Partial           string // what an interrupted run completed, when its manifest says
	ArmDescs          []kv   // each arm's description (what the regime is), when the scenario gives one
	RunFacts          string // "each run 30 times (replications) over 2000-2022 (92 quarterly steps) from master seed 1"
	Example           *kv    // a cell of the summary table the reading guide explains: which, and its text
	Headline          string
	FinalYear         string // how a final-year figure was taken when the run ends mid-year
	Baseline          string
	Diff              []diffRow
	ArmCount          int
	Figures           []reportFigure
	ChartsNote        string // why there are no charts, when there are none
	OneRep            bool   // one replication: no intervals
	Sweep             bool   // a sweep's report (points.csv or indices.csv): no year-by-year leaders, no effects table
	Summary           []statRow
	Effects           []statRow
	DiffBlocks        []armBlock // Diff, Summary and Effects split into tables of at most maxTableArms arms, each with its arms' replications
	SummaryBlocks     []armBlock
	EffectBlocks      []armBlock
	Validation        *tableView
	ValidationCount   string // "22 passed, 3 failed" of the checks with a target
	Practices         []practiceRow
	Swept             []kv
	Events            []eventRow // the scenario's events, in year order
	EventArms         bool       // some event applies to some arms only: the table has an arms column
	EventArmsAtStart  bool       // one of those is of the run's first year: the arms differ from the start
	EventsNote        string     // what they do, and where the report shows them
	Manifest          []kv
	ManifestNote      string
	Seeds             *tableView
	Runs              *tableView
	Run               []kv
}

// eventRow is one of the scenario's events as the report lists them.
type eventRow struct {
	Year, Label, Sets string
	Arms              string // the arms it applies to, "" for every arm
	at                any    // the year as decoded
}

// scenarioEvents lists scenario.toml's [[event]] entries in year order
// (those of one year in the order written): the year, the label and what
// each sets, as keys of --set ("policy.autonomy = 0.3",
// "sector.solar.priority = 2", "shock.steel.demand = -0.3") and, when
// it names arms that are not all of the scenario's, those. From its year
// on every arm it applies to runs an event's settings, so the differences
// between the arms that the report's table shows may not hold for the
// whole run.
func (r *results) scenarioEvents() []eventRow {
	evs, _ := r.scenario["event"].([]map[string]any)
	var out []eventRow
	for _, e := range evs {
		row := eventRow{Year: scalar(e["year"]), at: e["year"]}
		row.Label, _ = e["label"].(string)
		m := map[string]string{}
		for k, v := range e {
			switch k {
			case "year", "label":
			case "arms":
				row.Arms = r.eventArms(v)
			case "shock":
				// shocks name their sector, not a "name"
				shocks, _ := v.([]map[string]any)
				if t, ok := v.(map[string]any); ok {
					shocks = append(shocks, t)
				}
				for i, t := range shocks {
					sector, _ := t["sector"].(string)
					if sector == "" {
						sector = strconv.Itoa(i)
					}
					for kk, vv := range t {
						if kk != "sector" {
							flatten("shock."+sector+"."+kk, vv, m)
						}
					}
				}
			default:
				flatten(k, v, m)
			}
		}
		var sets []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if strings.HasPrefix(k, "sector.") && strings.HasSuffix(k, ".name") {
				continue // in the key already
			}
			sets = append(sets, k+" = "+m[k])
		}
		row.Sets = strings.Join(sets, "; ")
		out = append(out, row)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := toFloat(out[i].at)
		b, _ := toFloat(out[j].at)
		return a < b
	})
	return out
}

// eventArms names the arms of an event's arms key v, "" when they are
// every arm of the scenario (its [[arm]] entries).
func (r *results) eventArms(v any) string {
	list, _ := v.([]any)
	var names []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			names = append(names, s)
		}
	}
	all := len(r.armTables) > 0
	for _, t := range r.armTables {
		if name, _ := t["name"].(string); !slices.Contains(names, name) {
			all = false
		}
	}
	if all || len(names) == 0 {
		return ""
	}
	return strings.Join(names, ", ")
}

type diffRow struct {
	Key    string
	Values []string
}

// armBlock is one table of a wide one split by arms: the arms it shows,
// their replications, and each row's cells for them.
type armBlock struct {
	Arms []string
	N    []int
	Diff []diffRow
	Rows []statRow
}

// maxTableArms is the most arms one table of the report shows: four arm
// columns of "0.054 [0.042, 0.066]" or "+0.1549 [0.1216, 0.1882]" fit the
// page's 1250 pixels beside the metric's name and unit, even in a
// fallback font wider than Liberation Sans, so that a table on a projector
// never hides arms past its right edge behind a scroll bar.
const maxTableArms = 4

// armSpans splits n arms into the fewest tables of at most maxTableArms
// arms, as even as can be (ten arms: 4, 3 and 3; six: 3 and 3), and returns
// each table's first and last-plus-one arm.
func armSpans(n int) [][2]int {
	if n <= 0 {
		return nil
	}
	k := (n + maxTableArms - 1) / maxTableArms
	var out [][2]int
	lo := 0
	for i := 0; i < k; i++ {
		hi := lo + (n-lo+k-i-1)/(k-i)
		out = append(out, [2]int{lo, hi})
		lo = hi
	}
	return out
}

// statBlocks splits rows with one cell per arm into tables of at most
// maxTableArms arms.
func statBlocks(arms []string, n []int, rows []statRow) []armBlock {
	var out []armBlock
	for _, sp := range armSpans(len(arms)) {
		b := armBlock{Arms: arms[sp[0]:sp[1]]}
		if len(n) >= sp[1] {
			b.N = n[sp[0]:sp[1]]
		}
		for _, r := range rows {
			r.Cells = r.Cells[sp[0]:sp[1]]
			b.Rows = append(b.Rows, r)
		}
		out = append(out, b)
	}
	return out
}

type reportFigure struct {
	Name, Title, Caption string
	SVG                  template.HTML
}

type statCell struct {
	Text  string
	Class string // "up" or "down" for effects whose CI excludes zero, "pos" or "neg" for validation checks
}

type statRow struct {
	Metric, Unit, Meaning, Figure string
	Cells                         []statCell
}

type tableView struct {
	Header []string
	Rows   [][]statCell
	More   int // rows not shown
}

type practiceRow struct {
	Arm, Practice, Reps, Year, Origin string
}

type kv struct{ Key, Value string }

// report returns report.html: one self-contained page, charts inline as
// SVG, no scripts, no external references. Its content depends on the
// folder's files only, so the same data gives the same bytes.
func (r *results) report(figs []*figure, svgs [][]byte, opt Options) ([]byte, error) {
	arms := r.arms()
	pg := reportPage{
		Name:        r.scenarioString("name"),
		Description: r.scenarioString("description"),
		ArmCount:    len(arms),
		Sweep:       r.points != nil || r.indices != nil,
	}
	if pg.Name == "" {
		pg.Name = "ipsim results"
	}
	if len(arms) > 0 {
		pg.Baseline = arms[0]
	}
	// a run that ends mid-year: its "final year" is the last steps_per_year
	// steps, which span two calendar years (as the charts' notes say)
	if f := r.aggLong(sim.Final); f != aggLong[sim.Final] {
		pg.FinalYear = f
	}
	if len(figs) > 0 && figs[0].name == "value_added" && figs[0].caption != "" {
		pg.Headline = "Value added in the final year: " + figs[0].caption
		if pg.FinalYear != "" {
			pg.Headline = "Value added at the end of the run, " + pg.FinalYear + ": " + figs[0].caption
		}
	} else if len(figs) > 0 {
		// a sweep leads with where each arm beats the first, not with the
		// first arm's level: over a key that only another arm uses, that
		// level differs between points by the luck of their seeds alone
		var effects []string
		for _, f := range figs {
			if f.effect && f.caption != "" {
				effects = append(effects, f.caption)
			}
		}
		pg.Headline = figs[0].caption
		if len(effects) > 0 {
			pg.Headline = strings.Join(effects, " ")
		}
	}
	pg.Diff = r.armDiff()
	pg.Events = r.scenarioEvents()
	pg.EventArms = slices.ContainsFunc(pg.Events, func(e eventRow) bool { return e.Arms != "" })
	run, _ := r.scenario["run"].(map[string]any)
	if start, ok := toFloat(run["start_year"]); ok {
		pg.EventArmsAtStart = slices.ContainsFunc(pg.Events, func(e eventRow) bool {
			y, ok := toFloat(e.at)
			return e.Arms != "" && ok && y <= start
		})
	}
	if len(pg.Events) > 0 {
		every := "every arm runs with what the event sets"
		if pg.EventArms {
			every = "every arm an event applies to (the arms column) runs with what it sets"
		}
		pg.EventsNote = "From the start of the year given, " + every + ": a key's new value in place of the arm's own, a shock's demand change (demand times 1 + demand) in its sector (scenario.toml's [[event]]"
		if r.steps != nil {
			pg.EventsNote += "; events.csv marks each, kind scenario_event"
		}
		switch {
		case len(pg.Diff) > 0: // the table of the arms' settings is above
			pg.EventsNote += "). The arms' settings above hold until then."
		case len(arms) > 1:
			pg.EventsNote += "). Until then the arms run with their settings in scenario.toml."
		default:
			pg.EventsNote += "). Until then the run has the settings of scenario.toml."
		}
		if pg.EventArms {
			pg.EventsNote += " The arms an event leaves out run on without it."
		}
		if len(figs) > 0 && figs[0].name == "value_added" && r.steps != nil && len(r.eventMarks()) > 0 {
			pg.EventsNote += " Dashed vertical lines mark those after the first year on the value-added chart."
		}
	}
	if len(pg.Diff) > 0 {
		for _, sp := range armSpans(len(arms)) {
			b := armBlock{Arms: arms[sp[0]:sp[1]]}
			for _, d := range pg.Diff {
				b.Diff = append(b.Diff, diffRow{Key: d.Key, Values: d.Values[sp[0]:sp[1]]})
			}
			pg.DiffBlocks = append(pg.DiffBlocks, b)
		}
	}
	for _, a := range r.arms() {
		for _, t := range r.armTables {
			if n, _ := t["name"].(string); n == a {
				if d, _ := t["description"].(string); d != "" {
					pg.ArmDescs = append(pg.ArmDescs, kv{a, d})
				}
			}
		}
	}
	for i, f := range figs {
		pg.Figures = append(pg.Figures, reportFigure{Name: f.name, Title: f.chart.Title, Caption: f.caption, SVG: template.HTML(inlineSVG(svgs[i], "cap-"+f.name))})
	}
	// per arm, the replications behind its summary (the most of any metric)
	var summaryN []int
	pg.Summary, summaryN = r.summaryRows()
	if len(pg.Summary) > 0 {
		pg.SummaryBlocks = statBlocks(arms, summaryN, pg.Summary)
	}
	reps := 0
	for _, n := range summaryN {
		reps = max(reps, n)
	}
	pg.RunFacts = r.runFacts(reps)
	pg.OneRep = r.replications(reps) == 1
	if len(figs) == 0 && r.points != nil && onePoint(r.points) {
		pg.ChartsNote = "The sweep has a single point: nothing varies along it to chart. Its results are in the tables below, as in points.csv."
	}
	for _, row := range pg.Summary {
		if len(row.Cells) > 0 && strings.Contains(row.Cells[0].Text, "[") {
			pg.Example = &kv{row.Metric + " under " + arms[0], row.Cells[0].Text}
			break
		}
	}
	if r.points != nil {
		if names, values, codes, err := r.sweepParams(); err == nil {
			for j, n := range names {
				vs := numLabels(values[j])
				if codes[j] != nil {
					vs = codes[j]
				}
				text := strings.Join(vs, ", ")
				if len(vs) > 12 {
					text = fmt.Sprintf("%d values from %s to %s", len(vs), vs[0], vs[len(vs)-1])
				}
				// the key a scenario sets, and the column when it is
				// not the key with underscores (cut to 32 characters)
				name := n
				if k := r.sweptKey(n); k != "" {
					name = k
					if strings.NewReplacer(".", "_", "-", "_").Replace(strings.ToLower(k)) != n {
						name += " (column " + n + ")"
					}
				}
				pg.Swept = append(pg.Swept, kv{name, text})
			}
		}
	}
	if len(arms) > 1 {
		// per arm after the first, the paired replications behind its
		// effects (the most of any metric)
		var effectN []int
		pg.Effects, effectN = r.effectRows()
		if len(pg.Effects) > 0 {
			pg.EffectBlocks = statBlocks(arms[1:], effectN, pg.Effects)
		}
	}
	if r.validation != nil {
		pg.Validation = tableOf(r.validation, 1000)
		if j := r.validation.col("pass"); j >= 0 {
			pg.ValidationCount = validationCount(r.validation, j)
		}
	}
	for _, p := range r.practices() {
		origin := p.originPhrase()
		if origin == "" {
			origin = "n/a"
		}
		pg.Practices = append(pg.Practices, practiceRow{Arm: p.arm, Practice: p.name, Reps: strconv.Itoa(len(p.reps)), Year: r.calendarYear(p.medianYear()), Origin: origin})
	}
	pg.Manifest, pg.Runs = flattenManifest(r.manifest)
	if st, _ := r.manifest["status"].(string); st == "interrupted" {
		pg.Partial = fmt.Sprintf("Interrupted: %s of %s runs completed; every figure here covers those runs only.",
			jsonScalar(r.manifest["runs_completed"]), jsonScalar(r.manifest["runs_planned"]))
	}
	if cl, ok := r.manifest["command_line"].([]any); ok && !r.manifestStale {
		// the command line says what --set and --preset changed: two
		// reports of one scenario run differently must not look alike
		words := make([]string, len(cl))
		for i, w := range cl {
			words[i] = fmt.Sprint(w)
			if strings.ContainsAny(words[i], " \"'") {
				words[i] = strconv.Quote(words[i])
			}
		}
		pg.RunAs = strings.Join(words, " ")
	}
	if r.manifest == nil {
		keys := make([]string, 0, len(opt.Provenance))
		for k := range opt.Provenance {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			pg.Manifest = append(pg.Manifest, kv{k, opt.Provenance[k]})
		}
		pg.ManifestNote = "manifest.json is written after this report: it lists every run, its seed and the files."
		if r.points != nil || r.indices != nil {
			pg.ManifestNote = "This report is drawn without the folder's manifest.json, so that a merge of shards gives the same report as one machine: manifest.json records the design, its hash and the files; every run's seed is in " + r.sweepTable() + "."
		}
		if r.manifestStale {
			pg.ManifestNote = "The folder's manifest.json lists other runs than steps.csv (it is left from an earlier run and rewritten after this report) and is not shown."
		}
	}
	pg.Seeds = r.seedTable()
	if run, ok := r.scenario["run"].(map[string]any); ok {
		pg.Run = flattenKV("run", run)
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, pg); err != nil {
		return nil, fmt.Errorf("plots: report: %w", err)
	}
	return buf.Bytes(), nil
}

// runFacts says what was run, for the report's opening note: how many
// replications (reps, the most behind any arm's summary, when known; else
// scenario.toml's), over which years, from which master seed. A workshop
// reads it before any chart; the manifest at the bottom has the details.
// replications is reps, the replications behind the summary, or with
// none known (0) the scenario's run.replications.
func (r *results) replications(reps int) int {
	if reps > 0 {
		return reps
	}
	run, _ := r.scenario["run"].(map[string]any)
	switch v := run["replications"].(type) {
	case int64:
		return int(v)
	case float64:
		if v == math.Trunc(v) {
			return int(v)
		}
	}
	return 0
}

func (r *results) runFacts(reps int) string {
	run, _ := r.scenario["run"].(map[string]any)
	get := func(k string) (int64, bool) {
		switch v := run[k].(type) {
		case int64:
			return v, true
		case float64:
			return int64(v), v == math.Trunc(v)
		}
		return 0, false
	}
	reps = r.replications(reps)
	var parts []string
	if reps > 0 {
		times := fmt.Sprintf("each run %d times (replications)", reps)
		if reps == 1 {
			times = "each run once (one replication)"
		}
		if r.points != nil {
			times += " at each point of the sweep"
		}
		parts = append(parts, times)
	}
	steps, ok1 := get("steps")
	spy, ok2 := get("steps_per_year")
	start, ok3 := get("start_year")
	if swept := r.sweptRunKeys(); len(swept) > 0 {
		// scenario.toml's [run] holds the values the sweep replaces:
		// the points run other spans
		parts = append(parts, fmt.Sprintf("over the span each point of the sweep sets (%s swept)", strings.Join(swept, " and ")))
	} else if ok1 && ok2 && ok3 && steps > 0 && spy > 0 {
		last := start + (steps+spy-1)/spy - 1
		years := strconv.FormatInt(start, 10)
		if last > start {
			years = fmt.Sprintf("%d-%d", start, last)
		}
		noun := "steps"
		if steps == 1 {
			noun = "step"
		}
		unit := map[int64]string{1: "yearly", 4: "quarterly", 12: "monthly"}[spy]
		if unit == "" {
			unit = fmt.Sprintf("%s, %d a year", noun, spy)
		} else {
			unit += " " + noun
		}
		parts = append(parts, fmt.Sprintf("over %s (%d %s)", years, steps, unit))
	}
	if seed, ok := get("seed"); ok {
		parts = append(parts, fmt.Sprintf("from master seed %d", seed))
	}
	return strings.Join(parts, " ")
}

// sweptRunKeys lists the keys of a sweep's points.csv that set a run's
// span (run.steps, run.steps_per_year, run.start_year), in column order.
func (r *results) sweptRunKeys() []string {
	if r.points == nil {
		return nil
	}
	names, _, _, err := r.sweepParams()
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		k := r.sweptKey(n)
		if k == "" {
			k = strings.Replace(n, "run_", "run.", 1) // a folder without columns.csv
		}
		if k == "run.steps" || k == "run.steps_per_year" || k == "run.start_year" {
			out = append(out, k)
		}
	}
	return out
}

var (
	svgProlog = regexp.MustCompile(`(?s)^.*?<svg`)
	svgNS     = regexp.MustCompile(`\s+xmlns(:xlink)?="[^"]*"`)
	svgSize   = regexp.MustCompile(`<svg width="[^"]*" height="[^"]*"`)
)

// inlineSVG prepares an SVG file for inlining in HTML: no XML prolog, no
// namespace URLs (HTML does not need them), width scaled to the page,
// and an image whose accessible name is the element with id captionID
// (its figcaption).
func inlineSVG(b []byte, captionID string) string {
	s := svgProlog.ReplaceAllString(string(b), "<svg")
	s = svgNS.ReplaceAllString(s, "")
	s = svgSize.ReplaceAllLiteralString(s, `<svg role="img" aria-labelledby="`+template.HTMLEscapeString(captionID)+`" width="100%"`)
	return s
}

// armDiff lists the settings whose values differ between the arms of
// scenario.toml, one row per dotted key, values in arm order.
func (r *results) armDiff() []diffRow {
	arms := r.arms()
	flat := make([]map[string]string, len(arms))
	keys := map[string]bool{}
	for i, a := range arms {
		flat[i] = map[string]string{}
		for _, t := range r.armTables {
			if n, _ := t["name"].(string); n == a {
				flatten("", t, flat[i])
			}
		}
		for k := range flat[i] {
			keys[k] = true
		}
	}
	var sorted []string
	for k := range keys {
		if k == "name" || k == "description" {
			continue
		}
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []diffRow
	for _, k := range sorted {
		vals := make([]string, len(arms))
		same := true
		for i := range arms {
			v, ok := flat[i][k]
			if !ok {
				// Not set by the arm: the scenario's shared value.
				v = "(not set)"
				if sv := lookup(r.scenario, k); sv != nil {
					m := map[string]string{}
					flatten("", sv, m)
					if x, ok := m[""]; ok {
						v = x
					}
				}
			}
			vals[i] = v
			same = same && vals[i] == vals[0]
		}
		if !same {
			out = append(out, diffRow{Key: k, Values: vals})
		}
	}
	return out
}

// flatten writes every leaf of a decoded TOML value into out under its
// dotted key; tables in arrays are keyed by their "name" when they have
// one, else by position.
func flatten(prefix string, v any, out map[string]string) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			flatten(join(k), e, out)
		}
	case []map[string]any:
		for i, t := range x {
			key := strconv.Itoa(i)
			if n, ok := t["name"].(string); ok {
				key = n
			}
			flatten(join(key), t, out)
		}
	case []any:
		allScalar := true
		for _, e := range x {
			switch e.(type) {
			case map[string]any, []any:
				allScalar = false
			}
		}
		if allScalar {
			parts := make([]string, len(x))
			for i, e := range x {
				parts[i] = scalar(e)
			}
			out[prefix] = "[" + strings.Join(parts, ", ") + "]"
			return
		}
		for i, e := range x {
			key := strconv.Itoa(i)
			if t, ok := e.(map[string]any); ok {
				if n, ok := t["name"].(string); ok {
					key = n
				}
			}
			flatten(join(key), e, out)
		}
	default:
		out[prefix] = scalar(v)
	}
}

// scalar formats a decoded TOML scalar.
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

// flattenKV flattens a table into sorted key-value rows.
func flattenKV(prefix string, t map[string]any) []kv {
	m := map[string]string{}
	flatten(prefix, t, m)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kv, len(keys))
	for i, k := range keys {
		out[i] = kv{k, m[k]}
	}
	return out
}

// ci formats a summary as "mean [low, high]".
func ci(s sim.Summary) string {
	if !finite(s.Mean) {
		return "n/a"
	}
	if s.N < 2 || !finite(s.CILow) {
		return num(s.Mean)
	}
	t := nums(s.Mean, s.CILow, s.CIHigh)
	return fmt.Sprintf("%s [%s, %s]", t[0], t[1], t[2])
}

// metricList returns the metrics of the summary: summary.csv's order, or
// steps.csv's.
func (r *results) metricList() []string {
	if len(r.summaryMetrics) > 0 {
		return r.summaryMetrics
	}
	if r.steps != nil {
		return r.steps.metrics
	}
	return nil
}

var aggWords = map[sim.Aggregate]string{sim.Final: "final year", sim.Mean: "mean over run", sim.Total: "run total"}

// summaryRows are the summary table's rows and, per arm, the number of
// replications behind it; a cell with fewer (runs where the metric is
// undefined) says its n.
func (r *results) summaryRows() ([]statRow, []int) {
	arms := r.arms()
	ns := make([]int, len(arms))
	for _, m := range r.metricList() {
		for a := range arms {
			if s, ok := r.runStat(a, m); ok {
				ns[a] = max(ns[a], s.N)
			}
		}
	}
	var out []statRow
	for _, m := range r.metricList() {
		info := r.info(m)
		row := statRow{Metric: m, Unit: info.unit, Meaning: shortMeaning(info.meaning), Figure: aggWords[r.agg(m)]}
		any := false
		for a := range arms {
			s, ok := r.runStat(a, m)
			if ok {
				any = true
			}
			text := ci(s)
			if ok && s.N < ns[a] {
				text += fmt.Sprintf(" (n=%d)", s.N)
			}
			row.Cells = append(row.Cells, statCell{Text: text})
		}
		if any {
			out = append(out, row)
		}
	}
	return out, ns
}

// shortMeaning drops the note on the per-run figure from a column's
// meaning (the summary table has its own column for it).
func shortMeaning(s string) string {
	if i := strings.Index(s, " (per-run figure"); i > 0 {
		return s[:i]
	}
	return s
}

// effectRows are the effects table's rows and, per arm after the first,
// the number of paired replications behind it; a cell with fewer (runs
// where the metric is undefined in either arm) says its n.
func (r *results) effectRows() ([]statRow, []int) {
	arms := r.arms()
	ns := make([]int, len(arms)-1)
	for _, m := range r.metricList() {
		for a := 1; a < len(arms); a++ {
			if s, ok := r.effect(a, m); ok {
				ns[a-1] = max(ns[a-1], s.N)
			}
		}
	}
	var out []statRow
	for _, m := range r.metricList() {
		info := r.info(m)
		row := statRow{Metric: m, Unit: info.unit, Meaning: info.meaning, Figure: aggWords[r.agg(m)]}
		any := false
		for a := 1; a < len(arms); a++ {
			s, ok := r.effect(a, m)
			cell := statCell{Text: "n/a"}
			if ok && finite(s.Mean) {
				any = true
				cell.Text = signedNum(s.Mean)
				if s.N > 1 && finite(s.CILow) {
					t := nums(s.Mean, s.CILow, s.CIHigh)
					for i, v := range []float64{s.Mean, s.CILow, s.CIHigh} {
						if v > 0 {
							t[i] = "+" + t[i]
						}
					}
					cell.Text = fmt.Sprintf("%s [%s, %s]", t[0], t[1], t[2])
					switch {
					case s.CILow > 0:
						cell.Class = "up"
					case s.CIHigh < 0:
						cell.Class = "down"
					}
				}
			}
			if ok && s.N < ns[a-1] {
				cell.Text += fmt.Sprintf(" (n=%d)", s.N) // "n/a (n=0)", as the summary table has it
			}
			row.Cells = append(row.Cells, cell)
		}
		if any {
			out = append(out, row)
		}
	}
	return out, ns
}

func signedNum(v float64) string {
	if v > 0 {
		return "+" + num(v)
	}
	return num(v)
}

// tableOf shows a CSV table as is, up to limit rows; a "pass" column gets
// a class for colour.
func tableOf(t *table, limit int) *tableView {
	v := &tableView{Header: t.header}
	pass := t.col("pass")
	for i, rec := range t.rows {
		if i >= limit {
			v.More = len(t.rows) - limit
			break
		}
		row := make([]statCell, len(rec))
		for j, s := range rec {
			row[j] = statCell{Text: s}
			if f, err := strconv.ParseFloat(s, 64); err == nil && j != pass {
				row[j].Text = num(f)
				if math.Trunc(f) == f && math.Abs(f) < 1e6 {
					row[j].Text = strconv.FormatFloat(f, 'f', -1, 64)
				}
			}
			if j == pass {
				switch strings.ToLower(s) {
				case "true", "pass", "yes", "1":
					row[j].Class = "pos"
				case "false", "fail", "no", "0":
					row[j].Class = "neg"
				}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// seedTable lists the seed of each replication, from steps.csv (arms of
// one replication share it).
func (r *results) seedTable() *tableView {
	if r.steps == nil {
		return nil
	}
	v := &tableView{Header: []string{"replication", "seed", "arms"}}
	seen := map[int]int{}
	type entry struct {
		rep  int
		seed string
		arms []string
	}
	var rows []*entry
	for a, runs := range r.steps.runs {
		for _, run := range runs {
			i, ok := seen[run.rep]
			if !ok {
				i = len(rows)
				seen[run.rep] = i
				rows = append(rows, &entry{rep: run.rep, seed: run.seed})
			}
			e := rows[i]
			if e.seed != run.seed {
				// Not common random numbers: list the seed per arm.
				e.seed += " / " + run.seed
			}
			e.arms = append(e.arms, r.steps.arms[a])
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].rep < rows[j].rep })
	for _, e := range rows {
		arms := "all"
		if len(e.arms) != len(r.steps.arms) {
			arms = strings.Join(e.arms, ", ")
		}
		v.Rows = append(v.Rows, []statCell{{Text: strconv.Itoa(e.rep)}, {Text: e.seed}, {Text: arms}})
	}
	return v
}

// flattenManifest shows manifest.json's scalar fields as key-value rows
// and its first array of objects (the runs and their seeds) as a table.
func flattenManifest(m map[string]any) ([]kv, *tableView) {
	if m == nil {
		return nil, nil
	}
	flat := map[string]string{}
	var runs *tableView
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			// in key order: the first array of objects becomes the table,
			// whatever order the map gives
			for _, k := range slices.Sorted(maps.Keys(x)) {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, x[k])
			}
		case []any:
			objs := true
			for _, e := range x {
				if _, ok := e.(map[string]any); !ok {
					objs = false
				}
			}
			if objs && len(x) > 0 && runs == nil {
				runs = objectTable(x, 200)
				flat[prefix] = fmt.Sprintf("%d entries (table below)", len(x))
				return
			}
			parts := make([]string, 0, len(x))
			for _, e := range x {
				parts = append(parts, jsonScalar(e))
			}
			flat[prefix] = strings.Join(parts, " ")
		default:
			flat[prefix] = jsonScalar(v)
		}
	}
	walk("", m)
	// the folder's files are listed in manifest.json: the report, among
	// them, would differ from one drawing to the next
	delete(flat, "files")
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kv, len(keys))
	for i, k := range keys {
		out[i] = kv{k, flat[k]}
	}
	return out, runs
}

func jsonScalar(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case string:
		return x
	case nil:
		return ""
	case map[string]any, []any:
		return fmt.Sprintf("%v", x)
	}
	return fmt.Sprint(v)
}

// objectTable shows JSON objects as a table with their keys (sorted) as
// columns.
func objectTable(xs []any, limit int) *tableView {
	cols := map[string]bool{}
	for _, e := range xs {
		for k := range e.(map[string]any) {
			cols[k] = true
		}
	}
	v := &tableView{}
	for k := range cols {
		v.Header = append(v.Header, k)
	}
	sort.Strings(v.Header)
	for i, e := range xs {
		if i >= limit {
			v.More = len(xs) - limit
			break
		}
		o := e.(map[string]any)
		row := make([]statCell, len(v.Header))
		for j, k := range v.Header {
			row[j] = statCell{Text: jsonScalar(o[k])}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Name}} — ipsim report</title>
<style>
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; margin: 0 auto; max-width: 1250px; padding: 1.5em; color: #111; background: #fff; line-height: 1.45; font-size: 17px; }
h1 { font-size: 2em; margin: 0.2em 0; }
h2 { font-size: 1.45em; border-bottom: 2px solid #0072B2; padding-bottom: 0.15em; margin-top: 2em; }
p.lead { font-size: 1.25em; background: #eef5fb; border-left: 6px solid #0072B2; padding: 0.6em 0.9em; }
figure { margin: 1.5em 0 2.5em 0; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 1.1em; margin-top: 0.4em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f1f1f1; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.pos { background: #d9efe6; }
td.neg { background: #f8e0d3; }
td.up { background: #dcebf7; font-weight: bold; }
td.down { background: #fbe6cf; font-weight: bold; }
.meaning { color: #555; font-size: 0.88em; }
.scroll { overflow-x: auto; }
.note { color: #444; }
nav a { margin-right: 1em; }
@page { size: landscape; margin: 1cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  nav { display: none; }
  .scroll { overflow: visible; }
  table { font-size: 7.5pt; }
  th, td, td.num { white-space: normal; overflow-wrap: break-word; padding: 0.1em 0.3em; }
  figure, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  svg { max-width: 100%; height: auto; }
  /* the collapsed tables print open (browsers with ::details-content) */
  details::details-content { content-visibility: visible; display: block; }
}
</style>
</head>
<body>
<h1>{{.Name}}</h1>
{{if .Description}}<p>{{.Description}}</p>{{end}}
{{if .RunAs}}<p class="note">Run as <code>{{.RunAs}}</code>: what its flags change applies on top of the scenario described.</p>{{end}}
<p class="note">{{if eq .ArmCount 1}}One arm (regime), <b>{{.Baseline}}</b>{{with .RunFacts}}, {{.}}{{end}}: nothing to compare it with.{{else}}{{.ArmCount}} arms (regimes){{with .RunFacts}}, {{.}}{{end}}{{if .Baseline}}; differences are measured against the first arm, <b>{{.Baseline}}</b>, in the same replication (same random seed){{end}}.{{end}}{{if .OneRep}} With one replication there are no intervals: a difference cannot be told from luck (run more replications; <a href="#reading">how to read them</a>).{{else}} All intervals are 95% confidence intervals over replications (<a href="#reading">how to read them</a>).{{end}}</p>
{{if .Partial}}<p class="lead">{{.Partial}}</p>{{end}}
{{if .Headline}}<p class="lead">{{.Headline}}</p>{{end}}
<nav>{{if or .ArmDescs (gt .ArmCount 1)}}<a href="#arms">Arms</a> {{end}}<a href="#reading">How to read</a> <a href="#charts">Charts</a> {{if .Summary}}<a href="#summary">Summary</a> {{end}}{{if .Effects}}<a href="#effects">Effects</a> {{end}}{{if .Validation}}<a href="#validation">Validation</a> {{end}}<a href="#manifest">Manifest</a></nav>

{{if or .ArmDescs (gt .ArmCount 1)}}<h2 id="arms">{{if eq .ArmCount 1}}The arm{{else}}What differs between the arms{{end}}</h2>
{{if .ArmDescs}}<ul>{{range .ArmDescs}}<li><b>{{.Key}}</b>: {{.Value}}</li>{{end}}</ul>{{end}}
{{if .Diff}}{{range .DiffBlocks}}<div class="scroll"><table>
<tr><th>setting</th>{{range .Arms}}<th>{{.}}</th>{{end}}</tr>
{{range .Diff}}<tr><td>{{.Key}}</td>{{range .Values}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table></div>
{{end}}{{if .EventArms}}<p class="note">From their year{{if .EventArmsAtStart}} (from the start for one of the run's first year){{end}}, events of some arms only make those arms differ further (<a href="#events">scenario events</a>).</p>{{end}}{{else if gt .ArmCount 1}}<p>The arms share all their settings{{if .EventArmsAtStart}} but those that events of some arms only set, which make those arms differ from the event's year, from the start for an event of the run's first year (<a href="#events">scenario events</a>){{else if .EventArms}} at the start; from their year, events of some arms only make those arms differ (<a href="#events">scenario events</a>){{end}}.</p>{{end}}{{end}}
{{if .Swept}}<h3>Swept parameters</h3>
<p class="meaning">Every arm runs at every point of the sweep; the sweep sets these keys, overriding {{if .Diff}}the settings above{{else}}the settings of scenario.toml{{end}} (points.csv names each by the key with dots replaced by underscores, or by the column given).</p>
<table>
<tr><th>parameter</th><th>values</th></tr>
{{range .Swept}}<tr><td>{{.Key}}</td><td>{{.Value}}</td></tr>
{{end}}</table>{{end}}
{{if .Events}}<h3 id="events">Scenario events</h3>
<p class="meaning">{{.EventsNote}}</p>
<div class="scroll"><table>
<tr><th>year</th><th>event</th>{{if .EventArms}}<th>arms</th>{{end}}<th>sets</th></tr>
{{range .Events}}<tr><td>{{.Year}}</td><td>{{.Label}}</td>{{if $.EventArms}}<td>{{if .Arms}}{{.Arms}}{{else}}all{{end}}</td>{{end}}<td>{{.Sets}}</td></tr>
{{end}}</table></div>{{end}}

<h2 id="reading">How to read this report</h2>
<ul>
<li><b>Runs.</b> A run simulates the whole country, step by step, under one arm's rules. What is random in it (the regions' starting conditions, the noise in what officials observe, who is promoted) differs from one replication to the next, but replication <i>i</i> of every arm runs from the same seed: the arms are compared on the same simulated worlds.</li>
<li><b>Means and intervals.</b> {{with .Example}}In the summary table, "{{.Value}}" for {{.Key}}{{else}}A figure "mean [low, high]"{{end}} is the mean over the replications and its 95% confidence interval; a percentage followed by "(±…%)" is a mean and half the width of its interval, and the bands around the lines of a chart are intervals too. An interval measures only the run-to-run randomness of the simulation: were the experiment repeated with new seeds, 19 intervals in 20 computed this way would contain the mean that endlessly many replications would give. More replications narrow it; they do not make the model's assumptions any truer.</li>
{{if gt .ArmCount 1}}<li><b>Comparing arms.</b> Read a difference between arms from its paired difference ({{if and .Sweep .Effects}}the effects table{{else if .Sweep}}the charts of each arm minus {{.Baseline}}, and points.csv{{else}}the charts and tables of effects{{end}}): in each replication, an arm's result minus {{.Baseline}}'s on the same world, averaged over replications. When its interval excludes zero the difference is unlikely to be an accident of the seeds ("above" or "below"; but among dozens of metrics, a few will exclude zero by chance); when it includes zero the report says "not distinguishable" or puts the figure in parentheses. Two arms' own intervals can overlap while their paired difference is clear, because pairing removes the luck they share.{{if not .Sweep}} The arm with the highest mean in a year leads on means only: inside the bands it is not a clear lead. A run that ends mid-year counts its last year's steps so far, and the value-added caption says that year is partial; arms with exactly equal means share the lead, named together.{{end}}</li>
{{end}}<li><b>Units.</b> Value added and productivity are indices (the initial state = 1); shares run from 0 to 1{{if .Summary}}; the column "per run" says whether a run's figure is its final year, its mean over the run or its total{{end}}. "n/a" marks a figure undefined for an arm (the share of value added in priority sectors where the center sets no priorities, say), and "(n=…)" how many runs a figure rests on when that is fewer than the others.</li>
<li><b>Caveats.</b> ipsim is a stylised model of mechanisms: its numbers are not forecasts or estimates for any real country. {{if gt .ArmCount 1}}A ranking of regimes{{else}}A result{{end}} holds under this scenario's assumptions (scenario.toml in the results folder, summed up in the manifest below): rerun with one of them changed (<code>ipsim run --set</code>) or swept (<code>ipsim sweep</code>) to see how far a conclusion survives other values. Those that set how strongly policy moves the economy matter much, and no fact calibrates them: the default scenario's three regimes tie or change places with <code>world.gamma</code>, <code>world.tax_rate</code> or <code>world.absorb</code> a quarter lower, or with <code>policy.career_concern</code> at 0 or at the china preset's 3 instead of 1.5 (<code>docs/robustness.toml</code> sweeps 40 of them). So do two choices of the model's design that those sweeps leave fixed: which instruments a coordination cap blocks (<code>adds_capacity</code> in the instrument table: with every instrument blocked, centralization ends first) and the absorptive ceiling's stock term, fixed in the code (without it, laissez-faire ends first). The README's tour gives the figures.</li>
</ul>

<h2 id="charts">Charts</h2>
{{with .ChartsNote}}<p>{{.}}</p>{{end}}
{{range .Figures}}<figure id="fig-{{.Name}}">
{{.SVG}}
<figcaption id="cap-{{.Name}}"><b>{{.Title}}.</b> {{.Caption}}</figcaption>
</figure>
{{end}}
{{if .Practices}}<details><summary><b>Practices scaled up nationally</b> ({{len .Practices}} practice and arm pairs): where each came from and when</summary>
<p class="meaning">Each practice (instrument at a sector stage) the center scaled up: in how many replications, the median year, and the region whose pilot or results it came from most often.</p>
<div class="scroll"><table>
<tr><th>arm</th><th>practice</th><th>replications</th><th>median year</th><th>most frequent origin</th></tr>
{{range .Practices}}<tr><td>{{.Arm}}</td><td>{{.Practice}}</td><td class="num">{{.Reps}}</td><td class="num">{{.Year}}</td><td>{{.Origin}}</td></tr>
{{end}}</table></div></details>{{end}}

{{if .Summary}}<h2 id="summary">Summary by arm</h2>
<p class="meaning">Mean over replications [95% CI] of each run's figure: the final year's mean for levels, the mean over the run for rates, the total for counts (column "per run").{{with .FinalYear}} Here "final year" is the {{.}}.{{end}}</p>
{{range $b := .SummaryBlocks}}<div class="scroll"><table>
<tr><th>metric</th><th>unit</th><th>per run</th>{{range $i, $a := $b.Arms}}<th>{{$a}}{{if $b.N}}{{with index $b.N $i}}<br><span class="meaning">n = {{.}}</span>{{end}}{{end}}</th>{{end}}</tr>
{{range $b.Rows}}<tr><td><b>{{.Metric}}</b>{{if .Meaning}}<br><span class="meaning">{{.Meaning}}</span>{{end}}</td><td>{{.Unit}}</td><td>{{.Figure}}</td>{{range .Cells}}<td class="num">{{.Text}}</td>{{end}}</tr>
{{end}}</table></div>
{{end}}{{end}}

{{if .Effects}}<h2 id="effects">Effects vs {{.Baseline}}</h2>
<p class="meaning">Paired difference (arm minus {{.Baseline}}, same seed) [95% CI]. Bold on blue: clearly above {{.Baseline}} (the interval excludes zero); bold on orange: clearly below; plain on white: not distinguishable. Above is not always better: for overcapacity, inequality (theil, gini) and learning error lower is better.</p>
{{range $b := .EffectBlocks}}<div class="scroll"><table>
<tr><th>metric</th><th>unit</th>{{range $i, $a := $b.Arms}}<th>{{$a}}{{if $b.N}}{{with index $b.N $i}}<br><span class="meaning">n = {{.}}</span>{{end}}{{end}}</th>{{end}}</tr>
{{range $b.Rows}}<tr><td><b>{{.Metric}}</b></td><td>{{.Unit}}</td>{{range .Cells}}<td class="num {{.Class}}">{{.Text}}</td>{{end}}</tr>
{{end}}</table></div>
{{end}}{{end}}

{{with .Validation}}<h2 id="validation">Validation against published facts and the model's properties</h2>
{{with $.ValidationCount}}<p class="lead">{{.}}</p>{{end}}
<div class="scroll"><table>
<tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td class="{{.Class}}">{{.Text}}</td>{{end}}</tr>
{{end}}</table></div>{{if .More}}<p>… {{.More}} more rows in validation.csv</p>{{end}}{{end}}

<h2 id="manifest">Manifest: what was run</h2>
<p class="meaning">From manifest.json and scenario.toml in the results folder: rerun the scenario file with the same seed to reproduce every number here. Re-draw this report from the CSV files with <code>ipsim plot DIR</code>.</p>
{{if .ManifestNote}}<p class="meaning">{{.ManifestNote}}</p>{{end}}
{{if .Manifest}}<div class="scroll"><table>
{{range .Manifest}}<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>
{{end}}</table></div>{{end}}
{{if .Run}}<table>
{{range .Run}}<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>
{{end}}</table>{{end}}
{{with .Seeds}}<details><summary>Seed of each replication (from steps.csv)</summary><div class="scroll"><table>
<tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td class="num">{{.Text}}</td>{{end}}</tr>
{{end}}</table></div></details>{{end}}
{{with .Runs}}<details><summary>Runs and seeds (manifest.json)</summary><div class="scroll"><table>
<tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td class="num">{{.Text}}</td>{{end}}</tr>
{{end}}</table></div>{{if .More}}<p>… {{.More}} more in manifest.json</p>{{end}}</details>{{end}}
</body>
</html>
`))

// validationKinds name validation.csv's judged kinds in the count: a
// calibration target passes because parameters were set to reach it, so
// the count must not read as that many facts reproduced.
var validationKinds = []struct{ kind, label string }{
	{"calibration", "calibration targets, which parameters were set to reach"},
	{"emergent", "emergent facts"},
	{"property", "properties of MODEL.md §7"},
}

// PassCount is validation's count, "N passed, M failed", with the passes
// of each kind (calibration, emergent, property: passed and judged are
// keyed by validation.csv's kind) out of its judged rows, so that
// calibration targets do not read as facts reproduced. ipsim validate
// prints it, and the report leads its validation section with it.
func PassCount(pass, fail int, passed, judged map[string]int) string {
	var parts []string
	for _, kd := range validationKinds {
		if judged[kd.kind] > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d of %d", kd.label, passed[kd.kind], judged[kd.kind]))
		}
	}
	out := fmt.Sprintf("%d passed, %d failed", pass, fail)
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, "; ") + ")"
	}
	return out
}

// validationCount is the validation section's lead: passes and failures
// (pass column j), the passes of each kind out of its judged rows when
// the file has a kind column, and a word on the findings.
func validationCount(v *table, j int) string {
	k := v.col("kind")
	pass, fail := 0, 0
	passed, judged := map[string]int{}, map[string]int{}
	for _, rec := range v.rows {
		ok := false
		switch strings.ToLower(rec[j]) {
		case "pass", "true":
			pass++
			ok = true
		case "fail", "false":
			fail++
		default:
			continue
		}
		if k >= 0 {
			judged[rec[k]]++
			if ok {
				passed[rec[k]]++
			}
		}
	}
	return PassCount(pass, fail, passed, judged) + "; the other rows are findings: reported, not judged"
}
