package main

// The results folder of a replicated experiment. Per-step rows are
// streamed to their files as each run is emitted (in job order), so memory
// holds only one number per run and metric: the run's summary figure
// (final_year, run_mean or run_total, from the metric's sim.Aggregate),
// from which summary.csv and effects.csv are computed at the end.
//
// Files: steps, events, documents and (with a panel) regions in the chosen
// format(s); summary.csv, effects.csv and columns.csv (the data
// dictionary) always as CSV; extra files given to finish (scenario.toml);
// manifest.json last. Every file is written under a temporary name and
// renamed when complete.
//
// Reusable by other commands: openResults, (*results).emit, finish and
// abort; summarizeRuns and pairedEffects compute the summary and effects
// rows from per-run figures; the schemas (stepsSchema, eventsSchema, ...)
// and dictionaryRows describe the files.

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/sim"
)

// metricInfo describes one metric column of the model: name, unit, doc
// and how a run's steps reduce to its summary figure.
type metricInfo = agents.MetricDesc

// modelMetrics lists the model's metric columns, in steps.csv order.
func modelMetrics() []metricInfo { return agents.MetricInfo() }

// Table stems of the results folder.
const (
	stemSteps     = "steps"
	stemEvents    = "events"
	stemDocuments = "documents"
	stemRegions   = "regions"
	stemSectors   = "sectors"
	stemSummary   = "summary"
	stemEffects   = "effects"
	stemColumns   = "columns"
)

// runKeyFields are the first columns of every per-run table.
func runKeyFields() []field {
	return []field{
		{"arm", kindString, "name", "arm (policy regime) of the scenario"},
		{"replication", kindInt, "index", "replication, from 0; arms of one replication share a seed (common random numbers)"},
	}
}

// stepsSchema is steps.csv: one row per arm, replication and step.
func stepsSchema(metrics []metricInfo) schema {
	f := append(runKeyFields(),
		field{"seed", kindUint, "uint64", "the run's seed, derived from the master seed and the replication (a 64-bit unsigned integer: read it as such or as text)"},
		field{"step", kindInt, "step", "step of the run, from 0"},
		field{"year", kindFloat, "calendar year", "calendar time at the end of the step (2000.25 is the end of the first quarter of 2000) (the step's calendar year, as documents.csv's year and scenario events count it, is start_year + step div steps_per_year, or floor(year - 0.5/steps_per_year), the step's middle rounded down: the end of a year's last step, 2001.0, is still 2000; its start, year - 1/steps_per_year, can round to just below a whole year)"},
	)
	for _, m := range metrics {
		f = append(f, field{m.Name, kindFloat, m.Unit, m.Doc + " (per-run figure in summary.csv and effects.csv: " + aggregateDoc(m.Summary) + ")"})
	}
	return schema{Stem: stemSteps, Fields: f}
}

// aggregateDoc explains an aggregate in the data dictionary.
func aggregateDoc(a sim.Aggregate) string {
	switch a {
	case sim.Final:
		return "final_year, the mean over the run's last steps_per_year steps (its last year when it ends on a year boundary)"
	case sim.Mean:
		return "run_mean, the mean over all steps"
	case sim.Total:
		return "run_total, the sum over all steps"
	}
	return a.String()
}

// eventsSchema is events.csv: promotions, moves, retirements, pilots,
// scale-ups (with origin), yearly adoption shares of scaled-up practices
// and scenario events.
func eventsSchema() schema {
	return schema{Stem: stemEvents, Fields: append(runKeyFields(),
		field{"step", kindInt, "step", "step in which the event happened"},
		field{"year", kindFloat, "calendar year", "calendar time at the end of that step (the step's calendar year, as documents.csv's year and scenario events count it, is start_year + step div steps_per_year, or floor(year - 0.5/steps_per_year), the step's middle rounded down: the end of a year's last step, 2001.0, is still 2000; its start, year - 1/steps_per_year, can round to just below a whole year)"},
		field{"kind", kindString, "category", "promotion, move, retirement, pilot, scale_up, adoption (once a year per scaled-up practice and stage: the share of regions using it with their own budget; region -1; none at autonomy 0, where no region has one) or scenario_event"},
		field{"region", kindInt, "region id", "region where it happened (-1: the center)"},
		field{"level", kindString, "category", "level of that region: center, province, city or county"},
		field{"from_region", kindInt, "region id", "for moves and promotions the post left, for scale-ups the region the practice came from; -1 otherwise"},
		field{"official", kindInt, "official id", "official concerned, or -1"},
		field{"sector", kindString, "name", "sector concerned, or empty (a scenario_event names the sector when its shocks and priority or growth changes concern exactly one)"},
		field{"instrument", kindString, "name", "instrument concerned, or empty"},
		field{"stage", kindString, "category", "life-cycle stage concerned (entry, growth, mature), or empty"},
		field{"value", kindFloat, "varies by kind", "promotion and move: years the official served at the post left; retirement: years at the post; scale_up: years since the practice's first pilot since its previous scale-up, or since the start (NaN: not piloted in between, though it may have been piloted before its previous scale-up); adoption: share of eligible regions using the practice; pilot and scenario_event: NaN"},
		field{"detail", kindString, "text", "promotion and move: what value is; retirement: why the official left, age (retirement age reached) or left (the term ended and no new post was found); pilot: who chose it, official or center (both may pilot the same practice in one region and step: the key of a pilot row includes detail); scale_up and adoption: what value is; scenario_event: the event's label"},
	)}
}

// documentsSchema is documents.csv: documents issued per year, level and
// category.
func documentsSchema() schema {
	return schema{Stem: stemDocuments, Fields: append(runKeyFields(),
		field{"year", kindInt, "calendar year", "calendar year the documents were issued in (an integer: the steps of year 2000 end at 2000.25 to 2001.0 in steps.csv's year, so join on start_year + step div steps_per_year, or on the step's middle, year - 0.5/steps_per_year, rounded down)"},
		field{"level", kindString, "category", "issuing level: center, province, city or county"},
		field{"category", kindString, "category", "instrument category of the documents; framework, coordination (caps) and scale_up are the center's own documents and the echoes of them that provinces, cities and counties issue"},
		field{"count", kindFloat, "documents", "documents issued in the year (expected counts: may be fractional); every year, level of the world (county only with counties) and category has a row, 0 included; a run that ends inside its last year counts that year's steps in the run only"},
	)}
}

// sectorsSchema is sectors.csv: the optional panel's national markets,
// one row per sector per step.
func sectorsSchema() schema {
	rs := regionsSchema()
	return schema{Stem: stemSectors, Fields: append(append(runKeyFields(), rs.Fields[len(runKeyFields()):len(runKeyFields())+2]...),
		field{"sector", kindString, "name", "sector"},
		field{"capacity", kindFloat, "capacity units", "capacity summed over every region (regions.csv's units)"},
		field{"demand", kindFloat, "capacity units", "national demand for the sector's output"},
		field{"overcapacity", kindFloat, "ratio to demand", "capacity over demand minus 1, floored at 0 (not bounded by 1: 1 is capacity twice demand): steps.csv's overcapacity is its capacity-weighted mean over sectors"},
		field{"utilisation", kindFloat, "share", "min(1, demand / capacity): the utilisation every region of the sector gets"},
		field{"price", kindFloat, "index", "utilisation to the power market.eta"},
		field{"hot", kindInt, "0/1", "1 if the sector is hot, the regions' chase (demand growth at least market.hot_growth, or, where the center sets priorities, a base priority above 1: the sector table's, as events set it, before the plan adjusts it to demand growth and over-capacity); steps.csv's hot_utilisation reads the same sectors in every arm, a table priority above 1 counting where the center sets none, so in an arm without priorities (laissez-faire) it also covers the priority sectors marked 0 here"},
		field{"capped", kindInt, "0/1", "1 if coordination capped capacity-adding measures in the sector in the step (sector rule; under the region rule, the regions above their share)"},
	)}
}

// regionsSchema is regions.csv: the optional panel, one row per region
// per step.
func regionsSchema() schema {
	return schema{Stem: stemRegions, Fields: append(runKeyFields(),
		field{"step", kindInt, "step", "step of the run, from 0"},
		field{"year", kindFloat, "calendar year", "calendar time at the end of the step (the step's calendar year, as documents.csv's year and scenario events count it, is start_year + step div steps_per_year, or floor(year - 0.5/steps_per_year), the step's middle rounded down: the end of a year's last step, 2001.0, is still 2000; its start, year - 1/steps_per_year, can round to just below a whole year)"},
		field{"region", kindInt, "region id", "region"},
		field{"level", kindString, "category", "province, city or county"},
		field{"province", kindInt, "region id", "the province the region belongs to"},
		field{"official", kindInt, "official id", "official leading the region"},
		field{"value_added", kindFloat, "index (initial national value added = 1)", "value added of the region, as a share of the initial national value added: the regions sum to steps.csv's value_added"},
		field{"capacity", kindFloat, "capacity units", "capacity summed over sectors"},
		field{"productivity", kindFloat, "output per capacity unit", "capacity-weighted mean productivity"},
		field{"budget", kindFloat, "share of initial national value added", "industrial-policy budget of the step: what the region had to spend in it, set at the end of the previous step from its value added (its spending never exceeds it)"},
		field{"spending", kindFloat, "share of initial national value added", "industrial-policy spending of the step: the regions sum to steps.csv's spending"},
		field{"financial_share", kindFloat, "share", "share of spending on financial instruments (NaN in a step without spending)"},
		field{"infrastructure", kindFloat, "index", "infrastructure stock"},
		field{"skills", kindFloat, "index", "skills stock"},
		field{"land", kindFloat, "capacity units", "industrial land left"},
		field{"top_instrument", kindString, "name", "instrument with the largest spending (the first in the instrument table on a tie); empty in a step without spending"},
		field{"follower", kindInt, "0/1", "1 if the official imitates a peer's portfolio, 0 if he tailors his own"},
	)}
}

// summarySchema is summary.csv.
func summarySchema() schema {
	return schema{Stem: stemSummary, Fields: []field{
		{"arm", kindString, "name", "arm (policy regime)"},
		{"metric", kindString, "name", "metric: a column of steps.csv, whose entry in this dictionary says which per-run figure is summarised (final_year, run_mean or run_total)"},
		{"mean", kindFloat, "unit of the metric", "mean over replications of the per-run figure (NaN when n = 0: the metric is undefined in every run of the arm)"},
		{"sd", kindFloat, "unit of the metric", "sample standard deviation over replications (n-1; NaN when n < 2)"},
		{"ci_low", kindFloat, "unit of the metric", "lower bound of the 95% confidence interval of the mean (Student's t; NaN when n < 2)"},
		{"ci_high", kindFloat, "unit of the metric", "upper bound of the 95% confidence interval of the mean (NaN when n < 2)"},
		{"n", kindInt, "runs", "replications with a defined value"},
	}}
}

// effectsSchema is effects.csv.
func effectsSchema() schema {
	return schema{Stem: stemEffects, Fields: []field{
		{"arm", kindString, "name", "arm compared"},
		{"baseline", kindString, "name", "the scenario's first arm, the baseline of every comparison"},
		{"metric", kindString, "name", "metric: a column of steps.csv (per-run figure as its dictionary entry says)"},
		{"mean_diff", kindFloat, "unit of the metric", "mean over replications of arm minus baseline, paired by replication (same seed: common random numbers); NaN when n = 0"},
		{"ci_low", kindFloat, "unit of the metric", "lower bound of the 95% confidence interval of the mean difference (Student's t; NaN when n < 2)"},
		{"ci_high", kindFloat, "unit of the metric", "upper bound of the 95% confidence interval of the mean difference (NaN when n < 2)"},
		{"n", kindInt, "pairs", "replications where both arms have a defined value"},
	}}
}

// columnsSchema is columns.csv, the data dictionary.
func columnsSchema() schema {
	return schema{Stem: stemColumns, Fields: []field{
		{"file", kindString, "name", "file of the results folder"},
		{"column", kindString, "name", "column of that file"},
		{"unit", kindString, "text", "unit of the column's values"},
		{"meaning", kindString, "text", "what the column holds"},
	}}
}

// dictionaryRows lists (file, column, unit, meaning) for every column of
// every file named, given each file's schema. A meaning names a table as
// the folder holds it: steps.parquet, not steps.csv, where only the
// Parquet file is written (--format parquet).
func dictionaryRows(files []string, schemas map[string]schema) [][]value {
	var rename []string
	for _, stem := range []string{stemSteps, stemEvents, stemDocuments, stemRegions, stemSectors, stemSweep} {
		if !slices.Contains(files, stem+".csv") && slices.Contains(files, stem+".parquet") {
			rename = append(rename, stem+".csv", stem+".parquet")
		}
	}
	named := strings.NewReplacer(rename...)
	var rows [][]value
	for _, name := range files {
		s, ok := schemas[name]
		if !ok {
			continue
		}
		for _, f := range s.Fields {
			meaning := named.Replace(f.Doc)
			if f.Kind != kindFloat {
				meaning += " [" + f.Kind.String() + "]"
			} else if strings.HasSuffix(name, ".csv") && strings.Contains(meaning, "NaN") {
				meaning += " [NaN is an empty cell]"
			}
			rows = append(rows, []value{sv(name), sv(f.Name), sv(f.Unit), sv(meaning)})
		}
	}
	return rows
}

// results writes an experiment's results folder.
type results struct {
	dir      string
	format   string
	metrics  []metricInfo
	settings sim.Settings
	arms     []string
	reps     int

	steps, events, documents, regions, sectors sinks

	schemas map[string]schema // file name -> schema, for the dictionary
	perRun  [][][]float64     // [arm][metric][replication] summary figures (NaN: not run)
	done    [][]bool          // [arm][replication]
	runs    []runRecord       // completed runs in job order
	row     []value
	docs    map[docKey]float64
}

type docKey struct {
	year            int
	level, category string
}

// openResults opens the streaming files of an experiment with the given
// arm names in dir (which prepareDir has checked). panel adds regions.
func openResults(dir, format string, metrics []metricInfo, settings sim.Settings, arms []string, reps int, panel bool) (*results, error) {
	r := &results{
		dir: dir, format: format, metrics: metrics, settings: settings,
		arms: arms, reps: reps, schemas: map[string]schema{},
		docs: map[docKey]float64{},
	}
	open := func(s schema) (sinks, error) {
		k, err := newSinks(dir, s, format)
		if err != nil {
			return nil, err
		}
		for _, n := range k.Names() {
			r.schemas[n] = s
		}
		return k, nil
	}
	var err error
	if r.steps, err = open(stepsSchema(metrics)); err != nil {
		return nil, err
	}
	if r.events, err = open(eventsSchema()); err == nil {
		if r.documents, err = open(documentsSchema()); err == nil && panel {
			if r.regions, err = open(regionsSchema()); err == nil {
				r.sectors, err = open(sectorsSchema())
			}
		}
	}
	if err != nil {
		r.abort()
		return nil, err
	}
	r.perRun = make([][][]float64, len(arms))
	r.done = make([][]bool, len(arms))
	for a := range arms {
		r.perRun[a] = make([][]float64, len(metrics))
		for j := range metrics {
			r.perRun[a][j] = make([]float64, reps)
			for k := range r.perRun[a][j] {
				r.perRun[a][j][k] = math.NaN()
			}
		}
		r.done[a] = make([]bool, reps)
	}
	return r, nil
}

// emit writes one completed run's rows and keeps its summary figures.
// Runs must be emitted in job order for byte-stable files.
func (r *results) emit(job sim.Job, out agents.Output) error {
	names := out.Metrics.Names
	if len(names) != len(r.metrics) {
		return fmt.Errorf("ipsim: the model recorded %d metrics, want %d", len(names), len(r.metrics))
	}
	for j, m := range r.metrics {
		if names[j] != m.Name {
			return fmt.Errorf("ipsim: the model's metric %d is %q, want %q", j, names[j], m.Name)
		}
	}
	if n := out.Metrics.Rows(); n != r.settings.Steps {
		return fmt.Errorf("ipsim: run %d recorded %d steps, want %d", job.Index, n, r.settings.Steps)
	}
	arm := r.arms[job.Arm]
	rep := int64(job.Replication)

	// steps
	for t := 0; t < out.Metrics.Rows(); t++ {
		row := append(r.row[:0], sv(arm), iv(rep), uv(job.Seed), iv(int64(t)), fv(r.settings.Year(t)))
		for _, x := range out.Metrics.Row(t) {
			row = append(row, fv(x))
		}
		r.row = row
		if err := r.steps.Write(row); err != nil {
			return err
		}
	}

	// events
	for _, e := range out.Events {
		row := append(r.row[:0], sv(arm), iv(rep), iv(int64(e.Step)), fv(r.settings.Year(e.Step)),
			sv(e.Kind), iv(int64(e.Region)), sv(e.Level), iv(int64(e.FromRegion)), iv(int64(e.Official)),
			sv(e.Sector), sv(e.Instrument), sv(e.Stage), fv(e.Value), sv(e.Detail))
		r.row = row
		if err := r.events.Write(row); err != nil {
			return err
		}
	}

	// documents, summed by calendar year, level and category
	clear(r.docs)
	for _, d := range out.Documents {
		r.docs[docKey{d.Year, d.Level, d.Category}] += d.Count
	}
	keys := make([]docKey, 0, len(r.docs))
	for k := range r.docs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b docKey) int {
		return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(levelRank(a.level), levelRank(b.level)),
			cmp.Compare(a.level, b.level), cmp.Compare(a.category, b.category))
	})
	for _, k := range keys {
		row := append(r.row[:0], sv(arm), iv(rep), iv(int64(k.year)), sv(k.level), sv(k.category), fv(r.docs[k]))
		r.row = row
		if err := r.documents.Write(row); err != nil {
			return err
		}
	}

	// regions
	if r.regions != nil {
		for _, g := range out.Panel {
			row := append(r.row[:0], sv(arm), iv(rep), iv(int64(g.Step)), fv(r.settings.Year(g.Step)),
				iv(int64(g.Region)), sv(g.Level), iv(int64(g.Province)), iv(int64(g.Official)),
				fv(g.ValueAdded), fv(g.Capacity), fv(g.Productivity), fv(g.Budget), fv(g.Spending),
				fv(g.FinancialShare), fv(g.Infrastructure), fv(g.Skills), fv(g.Land),
				sv(g.TopInstrument), iv(boolInt(g.Follower)))
			r.row = row
			if err := r.regions.Write(row); err != nil {
				return err
			}
		}
	}

	// sectors
	if r.sectors != nil {
		for _, g := range out.Sectors {
			row := append(r.row[:0], sv(arm), iv(rep), iv(int64(g.Step)), fv(r.settings.Year(g.Step)),
				sv(g.Sector), fv(g.Capacity), fv(g.Demand), fv(g.Overcapacity), fv(g.Utilisation), fv(g.Price),
				iv(boolInt(g.Hot)), iv(boolInt(g.Capped)))
			r.row = row
			if err := r.sectors.Write(row); err != nil {
				return err
			}
		}
	}

	// summary figures
	for j, m := range r.metrics {
		r.perRun[job.Arm][j][job.Replication] = m.Summary.Reduce(out.Metrics.Column(j), r.settings.StepsPerYear)
	}
	r.done[job.Arm][job.Replication] = true
	r.runs = append(r.runs, runRecord{Arm: arm, Replication: job.Replication, Seed: job.Seed})
	return nil
}

// levelRank orders the levels of the region tree from the top.
func levelRank(l string) int {
	switch l {
	case "center":
		return 0
	case "province":
		return 1
	case "city":
		return 2
	case "county":
		return 3
	}
	return 4
}

// summaryRow is one row of summary.csv.
type summaryRow struct {
	Arm    int
	Metric int
	sim.Summary
}

// effectRow is one row of effects.csv: arm minus baseline, paired.
type effectRow struct {
	Arm, Baseline int
	Metric        int
	sim.Summary
}

// completeReps reports, for each replication, whether every arm
// completed it (all of them, unless a run was interrupted).
func completeReps(done [][]bool) []bool {
	if len(done) == 0 {
		return nil
	}
	out := slices.Clone(done[0])
	for _, d := range done[1:] {
		for k := range out {
			out[k] = out[k] && d[k]
		}
	}
	return out
}

// summarizeRuns summarises each arm's runs, metric by metric, over the
// replications every arm completed, so that an interrupted run compares
// the arms on the same worlds. perRun is [arm][metric][replication] and
// done [arm][replication].
func summarizeRuns(perRun [][][]float64, done [][]bool) []summaryRow {
	var rows []summaryRow
	complete := completeReps(done)
	for a := range perRun {
		for j := range perRun[a] {
			var xs []float64
			for k, ok := range complete {
				if ok {
					xs = append(xs, perRun[a][j][k])
				}
			}
			rows = append(rows, summaryRow{Arm: a, Metric: j, Summary: sim.Summarize(xs)})
		}
	}
	return rows
}

// pairedEffects compares every arm after the first with the first, over
// the replications every arm completed (as summarizeRuns).
func pairedEffects(perRun [][][]float64, done [][]bool) []effectRow {
	var rows []effectRow
	complete := completeReps(done)
	for a := 1; a < len(perRun); a++ {
		for j := range perRun[a] {
			var x, base []float64
			for k, ok := range complete {
				if ok {
					x = append(x, perRun[a][j][k])
					base = append(base, perRun[0][j][k])
				}
			}
			rows = append(rows, effectRow{Arm: a, Baseline: 0, Metric: j, Summary: sim.Paired(x, base)})
		}
	}
	return rows
}

// summaries returns the summary and effect rows of the runs emitted so far.
func (r *results) summaries() ([]summaryRow, []effectRow) {
	return summarizeRuns(r.perRun, r.done), pairedEffects(r.perRun, r.done)
}

// namedFile is a file to write as is into the results folder.
type namedFile struct {
	Name string
	Data []byte
}

// finish completes the folder: summary.csv, effects.csv, the extra files
// (scenario.toml), columns.csv, then renames every file to its final name.
// It returns the names of the files written; the caller writes the
// manifest last (writeManifest) with r.runs.
func (r *results) finish(extra ...namedFile) ([]string, error) {
	var pending []interface {
		Prepare() error
		Commit() error
		Abort()
	}
	fail := func(err error) ([]string, error) {
		r.abort()
		for _, p := range pending {
			p.Abort() // no-op for the files already committed
		}
		return nil, err
	}
	var files []string
	for _, s := range r.streams() {
		files = append(files, s.Names()...)
	}

	sums, effs := r.summaries()
	sum, err := newCSVSink(filepath.Join(r.dir, stemSummary+".csv"), summarySchema())
	if err != nil {
		return fail(err)
	}
	pending = append(pending, sum)
	for _, s := range sums {
		if err := sum.Write([]value{sv(r.arms[s.Arm]), sv(r.metrics[s.Metric].Name),
			fv(s.Mean), fv(s.SD), fv(s.CILow), fv(s.CIHigh), iv(int64(s.N))}); err != nil {
			return fail(err)
		}
	}
	eff, err := newCSVSink(filepath.Join(r.dir, stemEffects+".csv"), effectsSchema())
	if err != nil {
		return fail(err)
	}
	pending = append(pending, eff)
	for _, e := range effs {
		if err := eff.Write([]value{sv(r.arms[e.Arm]), sv(r.arms[e.Baseline]), sv(r.metrics[e.Metric].Name),
			fv(e.Mean), fv(e.CILow), fv(e.CIHigh), iv(int64(e.N))}); err != nil {
			return fail(err)
		}
	}
	r.schemas[sum.Name()] = summarySchema()
	r.schemas[eff.Name()] = effectsSchema()
	files = append(files, sum.Name(), eff.Name())

	for _, x := range extra {
		f, err := createAtomic(filepath.Join(r.dir, x.Name))
		if err != nil {
			return fail(err)
		}
		pending = append(pending, f)
		if _, err := f.Write(x.Data); err != nil {
			return fail(fmt.Errorf("ipsim: writing %s: %w", x.Name, err))
		}
		files = append(files, x.Name)
	}

	dict, err := newCSVSink(filepath.Join(r.dir, stemColumns+".csv"), columnsSchema())
	if err != nil {
		return fail(err)
	}
	pending = append(pending, dict)
	r.schemas[dict.Name()] = columnsSchema()
	files = append(files, dict.Name())
	for _, row := range dictionaryRows(files, r.schemas) {
		if err := dict.Write(row); err != nil {
			return fail(err)
		}
	}

	// Every file on disk under its temporary name first: a full or
	// failing disk stops the run here, before any earlier file (--force)
	// is replaced, so the folder never mixes two runs' files.
	for _, s := range r.streams() {
		if err := s.Prepare(); err != nil {
			return fail(err)
		}
	}
	for _, p := range pending {
		if err := p.Prepare(); err != nil {
			return fail(err)
		}
	}
	// Everything is complete: give the files their final names. An
	// earlier run's manifest (--force) is marked superseded first: a
	// process killed between two renames leaves files of both runs, which
	// that manifest must not describe (ipsim plot refuses to draw them).
	if err := markSuperseded(r.dir, "run", "a run started here with --force (ipsim run or validate --out) stopped while it renamed its files over these results (killed, or a rename failed): some files may be that run's, the others the earlier results'; run it again"); err != nil {
		return fail(err)
	}
	for _, s := range r.streams() {
		if err := s.Commit(); err != nil {
			return fail(err)
		}
	}
	for _, p := range pending {
		if err := p.Commit(); err != nil {
			return fail(err)
		}
	}
	return files, nil
}

// boolInt is 1 for true, 0 for false: a 0/1 column.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// streams are the files written as runs complete, in the order they are
// listed in the manifest (regions and sectors only with a panel).
func (r *results) streams() []sinks {
	return []sinks{r.steps, r.events, r.documents, r.regions, r.sectors}
}

// abort removes every unfinished file.
func (r *results) abort() {
	for _, s := range r.streams() {
		s.Abort()
	}
}
