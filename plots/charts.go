package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ipsim/ipsim/sim"
)

// figure is one chart of a results folder with its caption.
type figure struct {
	name    string // file name without extension
	chart   *Chart
	caption string
	effect  bool // a paired effect versus the first arm: what a sweep's report leads with
}

// bandAlpha is the opacity of confidence bands: light enough that
// overlapping bands of several arms stay readable.
const bandAlpha = 0.18

// bandAlphaFor returns the band opacity for n arms: lighter with many arms
// so that overlapping bands do not turn into mud.
func bandAlphaFor(n int) float64 {
	if n <= 4 {
		return bandAlpha
	}
	return math.Max(0.08, bandAlpha*4/float64(n))
}

// bandNote is the note under every chart with bands over replications.
func (r *results) bandNote() string {
	n := r.maxReplications()
	if n < 2 {
		return "Lines: one replication per arm, so no confidence band."
	}
	return fmt.Sprintf("Lines: mean of %d replications per arm (paired seeds); bands: 95%% confidence interval.", n)
}

// noLineNote names the arms a chart's time panels draw no line for,
// panels pairing each panel's title with its metric: an arm whose metric
// is undefined (NaN) in every step of every replication (diversity with a
// one-instrument toolbox, say) would otherwise keep its legend entry and
// look like a line hidden under another. "" when every arm has a line.
func (r *results) noLineNote(panels [][2]string) string {
	var parts []string
	for _, pm := range panels {
		if !r.steps.has(pm[1]) {
			continue
		}
		var none []string
		for a, arm := range r.steps.arms {
			if lo, _ := extent(r.steps.band(a, pm[1], nil).mean); math.IsInf(lo, 1) {
				none = append(none, arm)
			}
		}
		if len(none) > 0 {
			parts = append(parts, fmt.Sprintf("%s (%s)", pm[0], strings.Join(none, ", ")))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " No line where the metric is undefined in every step (columns.csv says when): " + strings.Join(parts, "; ") + "."
}

// noDotNote names, panel by panel ("value added per unit spent (notax)"),
// the arms a dot chart draws no dot for: a figure undefined in every run
// (n = 0, "n/a" in the report's tables; value added per unit spent of an
// arm without a budget) leaves a blank row, which reads as a dot hidden
// under another or off the axis. "" when every arm has its dots.
func noDotNote(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return " No dot where the figure is undefined in every run (n/a in the report's tables): " + strings.Join(parts, "; ") + "."
}

// undefinedIn returns "title (arm, ...)" naming the arms whose value in
// vals (one per name) is not finite, or "" when every one is.
func undefinedIn(title string, names []string, vals []sim.Summary) string {
	var none []string
	for i, v := range vals {
		if !finite(v.Mean) {
			none = append(none, names[i])
		}
	}
	if len(none) == 0 {
		return ""
	}
	return title + " (" + strings.Join(none, ", ") + ")"
}

// timePanel draws one metric over time, one line and band per arm. With
// f non-nil each run's series is transformed first (e.g. cumulated).
func (r *results) timePanel(title, metric, yLabel string, f func([]float64) []float64, opaque bool) *plot.Plot {
	p := newPanel(title, "year", yLabel)
	p.X.Tick.Marker = yearTicks{}
	x := r.midSteps()
	for a, arm := range r.steps.arms {
		b := r.steps.band(a, metric, f)
		b.x = x
		b.clamp(r.info(metric).unit)
		if n := r.sectorCount(arm); n > 0 && r.info(metric).unit == "sectors" {
			b.capAt(float64(n)) // no more sectors under a cap than there are
		}
		st := armStyleOf(a)
		p.Add(&area{x: b.x, lo: b.lo, hi: b.hi, fill: fade(st.color, bandAlphaFor(len(r.steps.arms)), opaque)})
	}
	for a := range r.steps.arms {
		b := r.steps.band(a, metric, f)
		st := armStyleOf(a)
		p.Add(newCurve(x, b.mean, st.color, 3, st.dashes))
	}
	pad(&p.Y, 0.03)
	if p.Y.Min == 0 && p.Y.Max == 0 {
		// every value 0 (no sector ever capped): an axis from 0, not the
		// -1 to 1 a flat line gets, where a count would seem to go below 0
		p.Y.Max = 1
	}
	if lo, hi := r.span(); finite(lo) && finite(hi) {
		p.X.Min, p.X.Max = lo, hi
	}
	return p
}

// midSteps is the middle of each step of steps.csv, where the time
// panels draw it: within the calendar year it describes, as a year's
// documents (at its middle) and events (midStep) are drawn. At the step's
// end, steps.csv's year, a run of one step a year drew 2000 on 2001.
func (r *results) midSteps() []float64 {
	x := make([]float64, len(r.steps.years))
	for k, y := range r.steps.years {
		x[k] = r.midStep(y)
	}
	return x
}

// span is the run's calendar time on a time axis: from the start of its
// first step, a whole year, to the end of its last.
func (r *results) span() (lo, hi float64) {
	lo, hi = extent(r.steps.years)
	return math.Floor(r.midStep(lo)), hi
}

// clamp keeps a band within the values its unit allows: a confidence
// interval of few replications can reach below zero, which a share or a
// count never does, and would stretch the axis to values that cannot
// occur. Over-capacity (a ratio to demand) is never below 0 but can
// exceed 1; diversity (a share of maximum entropy) is a share; the
// learning errors, whose unit is effectiveness, are absolute errors, never
// below 0 (three replications of twelve arms put learning error's band at
// -1 and squeezed every line into the top third of the panel); value
// added and productivity, indices, are never below 0 either; fit
// alignment is a correlation, within [-1, 1].
func (b *band) clamp(unit string) {
	lo, hi := 0.0, 1.0
	switch unit {
	case "share", "share of maximum entropy":
	case "count", "documents", "sectors", "ratio to demand", "effectiveness", "index (initial state = 1)":
		hi = math.Inf(1)
	case "correlation":
		lo = -1
	default:
		return
	}
	for i := range b.lo {
		if finite(b.lo[i]) {
			b.lo[i] = math.Max(lo, b.lo[i])
		}
		if finite(b.hi[i]) {
			b.hi[i] = math.Min(hi, b.hi[i])
		}
	}
}

// capAt keeps the band's upper edge at most hi.
func (b *band) capAt(hi float64) {
	for i, v := range b.hi {
		if finite(v) {
			b.hi[i] = math.Min(hi, v)
		}
	}
}

// sectorCount is the number of sectors of an arm (its own sector table,
// else the scenario's), 0 when scenario.toml does not say.
func (r *results) sectorCount(arm string) int {
	t, _ := r.armParam(arm, "sector").([]map[string]any)
	return len(t)
}

// lastMean returns the mean over the last year of an arm's mean series.
func (r *results) lastMean(b band) float64 {
	return sim.Final.Reduce(b.mean, r.steps.stepsPerYear())
}

// valueAdded is chart 1: value added over time by arm.
func (r *results) valueAdded(opaque bool) *figure {
	const m = "value_added"
	if r.steps == nil || !r.steps.has(m) {
		return nil
	}
	ch := newChart("Value added over time"+r.byRegime(), 1, 1)
	ch.panels[0] = r.timePanel("", m, r.axisLabel(m), nil, opaque)
	ch.legend = armItems(r.steps.arms, itemLine)
	ch.Note = r.bandNote()
	// the scenario's events after the start: from their year on the arms
	// they apply to run their settings, which a change in the lines may follow
	marks := r.eventMarks()
	if len(marks) > 0 {
		labels := make([]string, len(marks))
		for i, y := range marks {
			labels[i] = num(y)
		}
		ch.panels[0].Add(newEventLines(marks, labels, color.Gray{Y: 0x50}))
		some := slices.ContainsFunc(r.scenarioEvents(), func(e eventRow) bool {
			y, ok := toFloat(e.at)
			return e.Arms != "" && ok && slices.Contains(marks, y)
		})
		if some { // a line across every arm's, of an event some arms run
			ch.Note += " Dashed vertical lines: the scenario's events, from the start of the year marked, in the arms each applies to (the report lists them and their arms)."
		} else {
			ch.Note += " Dashed vertical lines: the scenario's events, from the start of the year marked (the report lists them)."
		}
	}
	caption := r.effectSentence(m, "ends")
	if lead := r.leaders(m); lead != "" {
		caption = strings.TrimSpace(caption + " " + lead)
	}
	return &figure{name: "value_added", chart: ch, caption: caption}
}

// eventMarks are the years of the scenario's events after the first year
// of the run (an event of the first year is part of the start), in order,
// each once.
func (r *results) eventMarks() []float64 {
	start := r.steps.years[0] - 1/float64(r.steps.stepsPerYear())
	var out []float64
	for _, e := range r.scenarioEvents() {
		if y, ok := toFloat(e.at); ok && y > start+0.5 && !slices.Contains(out, y) {
			out = append(out, y)
		}
	}
	return out
}

// maxReplications is the most replications of any arm in steps.csv.
func (r *results) maxReplications() int {
	n := 0
	if r.steps != nil {
		for _, runs := range r.steps.runs {
			n = max(n, len(runs))
		}
	}
	return n
}

// leaders says which arm leads on metric m (mean over replications and
// over each calendar year's steps) year by year, when the lead changes
// hands during the run: a ranking read in the final year alone can hide
// that another arm led for most of it. A partial last year (a run that
// ends mid-year) counts, said to be partial; arms tied exactly share the
// lead and are named together. "" when one arm leads throughout.
func (r *results) leaders(m string) string {
	arms := r.steps.arms
	if len(arms) < 2 {
		return ""
	}
	k := r.steps.stepsPerYear()
	bands := make([]band, len(arms))
	for a := range arms {
		bands[a] = r.steps.band(a, m, nil)
	}
	type span struct {
		lead     []int // the arms with the highest mean, more than one on a tie
		from, to int
		partial  int // steps of the run's partial last year, when the span ends on one
	}
	var spans []span
	n := len(bands[0].mean)
	for start := 0; start < n; start += k {
		end := min(start+k, n)
		year := int(math.Floor(bands[0].x[start] - 1/float64(k) + 1e-9))
		var lead []int
		bestV := math.Inf(-1)
		for a := range arms {
			v := sim.Mean.Reduce(bands[a].mean[start:end], k)
			switch {
			case !finite(v):
			case v > bestV:
				lead, bestV = []int{a}, v
			case v == bestV:
				lead = append(lead, a)
			}
		}
		if lead == nil {
			continue
		}
		partial := 0
		if end-start < k {
			partial = end - start
		}
		if n := len(spans); n > 0 && slices.Equal(spans[n-1].lead, lead) {
			spans[n-1].to, spans[n-1].partial = year, partial
		} else {
			spans = append(spans, span{lead, year, year, partial})
		}
	}
	if len(spans) < 2 {
		return ""
	}
	parts := make([]string, len(spans))
	for i, sp := range spans {
		names := make([]string, len(sp.lead))
		for j, a := range sp.lead {
			names[j] = arms[a]
		}
		parts[i] = andList(names)
		if len(names) > 1 {
			parts[i] += " (tied)"
		}
		parts[i] += fmt.Sprintf(" %d", sp.from)
		if sp.to > sp.from {
			parts[i] += fmt.Sprintf("-%d", sp.to)
		}
		if sp.partial > 0 {
			parts[i] += fmt.Sprintf(" (%d partial: its first %d of %d steps)", sp.to, sp.partial, k)
		}
	}
	how := "The arm with the highest mean over each year changes during the run (means only: a lead inside the bands is not a clear one): "
	if r.maxReplications() < 2 {
		// no mean and no band to speak of
		how = "The arm with the highest value over each year changes during the run (one replication: with no band, no lead can be told from the seed's luck): "
	}
	return how + strings.Join(parts, ", ") + "."
}

// byRegime is ", by regime" in the titles of charts that compare arms,
// nothing when there is one arm.
func (r *results) byRegime() string {
	if len(r.arms()) < 2 {
		return ""
	}
	return ", by regime"
}

// effectSentence states each arm's paired effect on a metric relative to
// the first arm, e.g. "coordinated_autonomy ends 38% (±4%) above
// centralized".
func (r *results) effectSentence(metric, verb string) string {
	arms := r.arms()
	if len(arms) < 2 {
		if st, ok := r.runStat(0, metric); ok {
			if st.N < 2 {
				return fmt.Sprintf("%s: %s %s in its one replication.", arms[0], human(metric), num(st.Mean))
			}
			t := nums(st.Mean, st.CILow, st.CIHigh)
			return fmt.Sprintf("%s: %s %s (95%% CI %s to %s) over %d replications.", arms[0], human(metric), t[0], t[1], t[2], st.N)
		}
		return ""
	}
	base, ok := r.runStat(0, metric)
	if !ok {
		return ""
	}
	var parts []string
	single := true // every effect rests on one replication: no interval
	same := true   // every arm's result is the first arm's: no figure
	for a := 1; a < len(arms); a++ {
		e, ok := r.effect(a, metric)
		if !ok || !finite(e.Mean) {
			continue
		}
		parts = append(parts, relPhrase(arms[a], verb, e, base.Mean, arms[0]))
		single = single && e.N < 2
		same = same && identical(e)
	}
	if len(parts) == 0 {
		return ""
	}
	if same {
		return strings.Join(parts, "; ") + "."
	}
	if single {
		unit := ""
		if relative(base.Mean) {
			unit = ", in % of " + arms[0] + "'s value"
		}
		return strings.Join(parts, "; ") + " (one replication" + unit + ": with no interval, a difference cannot be told from the seed's luck; run more with --reps)."
	}
	if relative(base.Mean) {
		// the percentage is the mean paired difference over the first
		// arm's mean, taken as exact; validation.csv's relative facts are
		// the mean of the per-pair ratios minus 1, which differs
		return strings.Join(parts, "; ") + " (mean paired difference over replications in % of " + arms[0] + "'s mean, 95% CI)."
	}
	return strings.Join(parts, "; ") + " (paired over replications, 95% CI)."
}

// maxEffectN is the most replications behind any arm's paired effect on
// the metrics ms.
func (r *results) maxEffectN(ms []string) int {
	n := 0
	for a := 1; a < len(r.arms()); a++ {
		for _, m := range ms {
			if e, ok := r.effect(a, m); ok {
				n = max(n, e.N)
			}
		}
	}
	return n
}

// relative reports whether relPhrase states an effect against base in
// percent of base (else in the metric's own units).
func relative(base float64) bool { return finite(base) && math.Abs(base) > 1e-12 }

// relPhrase says "ARM VERB X% (±Y%) above|below BASE", or in absolute
// terms when the baseline is near zero, and flags effects whose interval
// includes zero; "ARM VERB the same as BASE" when the paired difference
// is 0 (arms that differ in nothing that acts, say a lever idle at
// autonomy 0, or no budget to spend), which is neither above nor below.
func relPhrase(arm, verb string, e sim.Summary, base float64, baseName string) string {
	if identical(e) {
		s := fmt.Sprintf("%s %s the same as %s", arm, verb, baseName)
		if e.N > 1 {
			s += " in every replication"
		}
		return s
	}
	dir := "above"
	if e.Mean < 0 {
		dir = "below"
	}
	var s string
	if relative(base) {
		s = fmt.Sprintf("%s %s %s%%%s %s %s", arm, verb, pct(math.Abs(e.Mean)/math.Abs(base)), spread(e, 1/math.Abs(base), pct, "%"), dir, baseName)
	} else {
		s = fmt.Sprintf("%s %s %s%s %s %s", arm, verb, num(math.Abs(e.Mean)), spread(e, 1, num, ""), dir, baseName)
	}
	if e.N > 1 && e.CILow <= 0 && e.CIHigh >= 0 {
		s += ", not distinguishable from no difference"
	}
	return s
}

// identical reports whether a paired difference is 0 in every replication.
func identical(e sim.Summary) bool {
	return e.Mean == 0 && (e.N < 2 || e.CILow == 0 && e.CIHigh == 0)
}

// spread is " (±H)", the 95% half-width of s times scale formatted by f
// and followed by unit, or "" when s has no spread (fewer than two
// replications).
func spread(s sim.Summary, scale float64, f func(float64) string, unit string) string {
	half := (s.CIHigh - s.CILow) / 2 * scale
	if s.N < 2 || !finite(half) {
		return ""
	}
	return " (±" + f(half) + unit + ")"
}

// outcomeMetrics are the final outcomes of chart 2, in panel order.
var outcomeMetrics = []string{"value_added", "growth", "overcapacity", "theil", "value_per_spend", "learning_error"}

// forestPanel draws one value per arm with its CI, arms top to bottom in
// order; names on the arm axis when showNames is set.
func forestPanel(title, xLabel string, arms []string, vals []sim.Summary, showNames bool) *plot.Plot {
	p := newPanel(title, xLabel, "")
	iv := &intervals{horizontal: true}
	n := len(arms)
	for i := range arms {
		if i >= len(vals) {
			break
		}
		st := armStyleOf(i)
		iv.items = append(iv.items, interval{pos: float64(n - 1 - i), value: vals[i].Mean, lo: vals[i].CILow, hi: vals[i].CIHigh, color: st.color, shape: armShape(i)})
	}
	p.Add(iv)
	pad(&p.X, 0.06)
	if showNames {
		rev := make([]string, n)
		for i, a := range arms {
			rev[n-1-i] = a
		}
		p.Y.Tick.Marker = categoryTicks(rev)
	} else {
		p.Y.Tick.Marker = noTicks{}
	}
	p.Y.Padding = 0
	return p
}

// armShape is the marker of arm i in dot charts: a circle, square or
// triangle as its line in line charts is solid, dashed or dotted
// (armStyleOf), so that shape tells apart two arms whose colours a
// colour-blind reader, or a grayscale print, confuses.
func armShape(i int) draw.GlyphDrawer {
	switch armPattern(i) {
	case 1:
		return draw.BoxGlyph{}
	case 2:
		return draw.PyramidGlyph{}
	}
	return draw.CircleGlyph{}
}

// gridShape returns rows and columns for n panels.
func gridShape(n int) (rows, cols int) {
	switch {
	case n <= 1:
		return 1, 1
	case n <= 2:
		return 1, 2
	case n <= 3:
		return 1, 3
	case n <= 4:
		return 2, 2
	case n <= 6:
		return 2, 3
	case n <= 9:
		return 3, 3
	case n <= 12:
		return 3, 4
	}
	return (n + 3) / 4, 4
}

// heightFor returns the chart height for a grid of rows.
func heightFor(rows int) vg.Length {
	if rows >= 3 {
		return 700
	}
	return chartHeight
}

// outcomes is chart 2a: final outcomes by arm as small multiples.
func (r *results) outcomes(opaque bool) *figure {
	arms := r.arms()
	var ms []string
	for _, m := range outcomeMetrics {
		if _, ok := r.runStat(0, m); ok {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil
	}
	rows, cols := gridShape(len(ms))
	// With one replication there is no interval: the title and note say
	// so rather than promise whiskers that are not drawn.
	withCI := false
	for _, m := range ms {
		for a := range arms {
			st, _ := r.runStat(a, m)
			withCI = withCI || st.N > 1
		}
	}
	what := " (mean and 95% CI)"
	if !withCI {
		what = " (one replication: no interval)"
	}
	ch := newChart("Final outcomes"+strings.TrimPrefix(r.byRegime(), ",")+what, rows, cols)
	ch.height = heightFor(rows)
	var written []string // one arm: each panel's numbers
	var undefined []string
	for i, m := range ms {
		vals := make([]sim.Summary, len(arms))
		for a := range arms {
			vals[a], _ = r.runStat(a, m)
		}
		if u := undefinedIn(human(m), arms, vals); u != "" {
			undefined = append(undefined, u)
		}
		p := forestPanel(human(m), r.unit(m), arms, vals, i%cols == 0)
		if len(arms) == 1 && finite(vals[0].Mean) {
			// One arm: nothing to compare, so the axis starts at zero
			// (a confidence interval stretched across the panel would
			// look like great uncertainty) and the numbers are written
			// out.
			v := vals[0]
			lo, hi := extent([]float64{0, v.Mean, v.CILow, v.CIHigh})
			p.X.Min, p.X.Max = lo, hi
			pad(&p.X, 0.08)
			sty := textStyle(tickSize, true)
			sty.YAlign = draw.YBottom
			text := meanCI(v)
			p.Add(&labels{items: []label{{x: (p.X.Min + p.X.Max) / 2, y: 0, dy: vg.Points(14), text: text, style: sty}}})
			written = append(written, human(m)+" "+text)
		} else {
			// Every axis includes zero, as with one arm and in the
			// effects chart: every outcome here is a level or rate whose
			// zero means something, and an axis cut close to the data
			// makes arms a few percent apart look far apart (value added
			// per unit spent spans 20 to 26 in kazakhstan_reforms and
			// would fill the panel). How far arms differ is the effects
			// chart's to show, paired by seed.
			includeZero(&p.X, vals)
		}
		ch.panels[i] = p
	}
	ch.Note = "Per run: " + r.aggNote(ms) + ". Whiskers: 95% confidence interval over replications."
	switch {
	case !withCI && len(arms) > 1:
		ch.Note = "Per run: " + r.aggNote(ms) + ". One replication: no whiskers, and no difference between arms can be told from the seed's luck."
	case !withCI:
		ch.Note = "Per run: " + r.aggNote(ms) + ". One replication: no interval."
	}
	if len(arms) > 1 {
		ch.Note += " Every axis includes zero; differences between arms: the paired effects chart."
	}
	ch.Note += noDotNote(undefined)
	var best []string
	for _, m := range ms {
		if s := r.bestSentence(m); s != "" {
			best = append(best, s)
		}
	}
	caption := ""
	switch {
	case len(best) > 0 && !withCI:
		// a ranking of one seed's runs: the title and note say so, and
		// the caption, which a reader may quote alone, says so too
		caption = capitalize(strings.Join(best, "; ")) + " (one replication: with no interval, no lead can be told from the seed's luck)."
	case len(best) > 0:
		caption = capitalize(strings.Join(best, "; ")) + "."
	case len(written) > 0:
		caption = "Under " + arms[0] + ": " + strings.Join(written, "; ") + "."
	}
	return &figure{name: "outcomes", chart: ch, caption: caption}
}

// includeZero sets a value axis to span vals' means and intervals and
// zero, padded as forestPanel pads, so that dots compare as lengths from
// zero.
func includeZero(ax *plot.Axis, vals []sim.Summary) {
	xs := []float64{0}
	for _, v := range vals {
		xs = append(xs, v.Mean, v.CILow, v.CIHigh)
	}
	lo, hi := extent(xs)
	if !(hi > lo) {
		return
	}
	ax.Min, ax.Max = lo, hi
	pad(ax, 0.06)
}

// meanCI writes a mean and its 95% CI, with enough decimals for the
// interval's ends to differ; the mean alone without an interval.
func meanCI(v sim.Summary) string {
	if w := v.CIHigh - v.CILow; v.N > 1 && w > 0 && finite(w) {
		d := max(0, 1-int(math.Floor(math.Log10(w))))
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', d, 64) }
		return f(v.Mean) + " (95% CI " + f(v.CILow) + " to " + f(v.CIHigh) + ")"
	}
	return num(v.Mean)
}

// aggNote says how each metric's per-run figure is computed.
func (r *results) aggNote(ms []string) string {
	by := map[sim.Aggregate][]string{}
	for _, m := range ms {
		a := r.agg(m)
		by[a] = append(by[a], human(m))
	}
	var parts []string
	for _, a := range []sim.Aggregate{sim.Final, sim.Mean, sim.Total} {
		if len(by[a]) > 0 {
			parts = append(parts, strings.Join(by[a], ", ")+": "+r.aggLong(a))
		}
	}
	return strings.Join(parts, "; ")
}

// aggLong says how a per-run figure is computed from a run's steps.
var aggLong = map[sim.Aggregate]string{sim.Final: "mean over the final year", sim.Mean: "mean over all years", sim.Total: "total over the run"}

// aggLong is the package's aggLong for the scenario's run: a run that
// ends mid-year has for its "final year" the last steps_per_year steps,
// which span two calendar years, and a run shorter than a year all its
// steps (sim.Aggregate.Reduce).
func (r *results) aggLong(a sim.Aggregate) string {
	steps, ok1 := lookup(r.scenario, "run.steps").(int64)
	spy, ok2 := lookup(r.scenario, "run.steps_per_year").(int64)
	if a != sim.Final || !ok1 || !ok2 || spy <= 1 || steps%spy == 0 {
		return aggLong[a]
	}
	if steps < spy {
		return fmt.Sprintf("mean over all %d steps (the run is shorter than a year)", steps)
	}
	return fmt.Sprintf("mean over the last %d steps (a year's worth: the run ends mid-year)", spy)
}

// lowerIsBetter lists outcomes where a smaller value is the better one.
var lowerIsBetter = map[string]bool{"overcapacity": true, "overcapacity_worst": true, "theil": true, "gini": true, "learning_error": true, "spending": true}

// bestSentence names the arm with the best mean of a metric.
func (r *results) bestSentence(m string) string {
	arms := r.arms()
	if len(arms) < 2 {
		return "" // no comparison to make
	}
	// the best arm and the runner-up
	best, second := -1, -1
	means := make([]float64, len(arms))
	better := func(a, b int) bool {
		if lowerIsBetter[m] {
			return means[a] < means[b]
		}
		return means[a] > means[b]
	}
	for a := range arms {
		st, ok := r.runStat(a, m)
		if !ok || !finite(st.Mean) {
			continue
		}
		means[a] = st.Mean
		switch {
		case best < 0 || better(a, best):
			best, second = a, best
		case second < 0 || better(a, second):
			second = a
		}
	}
	if best < 0 {
		return ""
	}
	word := "highest"
	if lowerIsBetter[m] {
		word = "lowest"
	}
	s := fmt.Sprintf("%s %s: %s (%s)", word, human(m), arms[best], num(means[best]))
	if v, ok := toFloat(r.armParam(arms[best], "policy.autonomy")); m == "learning_error" && ok && v == 0 {
		// the metric's own description says so; a caption may be quoted alone
		s += ", whose officials decide nothing at autonomy 0"
	}
	if second >= 0 && r.steps != nil && r.steps.has(m) {
		// The runs are paired: a lead inside the paired interval is a tie.
		// Each other arm is compared, not only the runner-up: pairing
		// removes more luck from some pairs than from others, so an arm
		// further down can be indistinguishable from the leader while the
		// runner-up is clearly behind it.
		var others []int
		for a := range arms {
			if st, ok := r.runStat(a, m); a != best && ok && finite(st.Mean) {
				others = append(others, a)
			}
		}
		sort.SliceStable(others, func(i, j int) bool { return better(others[i], others[j]) })
		var ties []string
		for _, a := range others {
			if d := r.steps.paired(best, a, m, r.agg(m)); d.N >= 2 && d.CILow <= 0 && d.CIHigh >= 0 {
				ties = append(ties, fmt.Sprintf("%s (%s)", arms[a], num(means[a])))
			}
		}
		if len(ties) > 0 {
			s += ", not distinguishable from " + andList(ties)
		}
	}
	return s
}

// effectsChart is chart 2b: the paired effect of every arm vs the first.
func (r *results) effectsChart(opaque bool) *figure {
	arms := r.arms()
	if len(arms) < 2 {
		return nil
	}
	var ms []string
	for _, m := range outcomeMetrics {
		if _, ok := r.effect(1, m); ok {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil
	}
	rows, cols := gridShape(len(ms))
	what := "mean difference and 95% CI"
	if r.maxEffectN(ms) < 2 {
		what = "difference in one replication"
	}
	ch := newChart(fmt.Sprintf("Paired effect vs %s (%s)", arms[0], what), rows, cols)
	ch.height = heightFor(rows)
	others := arms[1:]
	var undefined []string
	for i, m := range ms {
		vals := make([]sim.Summary, len(others))
		for a := range others {
			vals[a], _ = r.effect(a+1, m)
		}
		if u := undefinedIn(human(m), others, vals); u != "" {
			undefined = append(undefined, u)
		}
		p := newPanel(human(m), "difference ("+r.unit(m)+")", "")
		if r.unit(m) == "" {
			p.X.Label.Text = "difference"
		}
		iv := &intervals{horizontal: true}
		n := len(others)
		for a := range others {
			st := armStyleOf(a + 1)
			iv.items = append(iv.items, interval{pos: float64(n - 1 - a), value: vals[a].Mean, lo: vals[a].CILow, hi: vals[a].CIHigh, color: st.color, shape: armShape(a + 1)})
		}
		p.Add(newRefLine(0, true, color.Gray{Y: 0x60}, ""))
		p.Add(iv)
		pad(&p.X, 0.06)
		if i%cols == 0 {
			rev := make([]string, n)
			for a, name := range others {
				rev[n-1-a] = name
			}
			p.Y.Tick.Marker = categoryTicks(rev)
		} else {
			p.Y.Tick.Marker = noTicks{}
		}
		p.Y.Padding = 0
		ch.panels[i] = p
	}
	ch.Note = fmt.Sprintf("Difference from %s in the same replication (same seed); whiskers crossing the dashed zero line: no clear difference.", arms[0])
	if r.maxEffectN(ms) < 2 {
		ch.Note = fmt.Sprintf("Difference from %s in the same replication (same seed). One replication: no whiskers, and no difference can be told from the seed's luck.", arms[0])
	}
	ch.Note += noDotNote(undefined)
	return &figure{name: "effects", chart: ch, caption: r.effectSentence("value_added", "has a value added")}
}

// shareSeries returns, per arm, the mean share of each key per year over
// replications of a docs map (arm -> rep -> year -> key -> count).
func (r *results) docShares(m map[string]map[int]map[int]map[string]float64, arm int, keys []string) (years []float64, shares [][]float64) {
	name := r.steps.arms[arm]
	for _, y := range r.docs.years {
		years = append(years, float64(y))
	}
	shares = make([][]float64, len(keys))
	for k := range keys {
		shares[k] = make([]float64, len(years))
	}
	for yi, y := range r.docs.years {
		n := 0
		sum := make([]float64, len(keys))
		for _, run := range r.steps.runs[arm] {
			counts := m[name][run.rep][y]
			total := 0.0
			for _, v := range counts {
				total += v
			}
			if total <= 0 {
				continue
			}
			n++
			for k, key := range keys {
				sum[k] += counts[key] / total
			}
		}
		for k := range keys {
			shares[k][yi] = math.NaN()
			if n > 0 {
				shares[k][yi] = sum[k] / float64(n)
			}
		}
	}
	return years, shares
}

// instrumentMix is chart 3a: the mix of measures by instrument category
// over time, one stacked-area panel per arm.
func (r *results) instrumentMix(opaque bool) *figure {
	if r.docs == nil || r.steps == nil || len(r.docs.years) < 2 {
		return nil
	}
	cats := orderCategories(r.docs.categories)
	arms := r.steps.arms
	rows, cols := gridShape(len(arms))
	ch := newChart("Policy documents by instrument category (not spending)", rows, cols)
	ch.height = heightFor(rows)
	var capParts []string
	for a, arm := range arms {
		years, shares := r.docShares(r.docs.byCategory, a, cats)
		p := newPanel(arm, "year", "share of documents")
		if a%cols != 0 {
			p.Y.Label.Text = ""
		}
		p.X.Tick.Marker = yearTicks{}
		lo := make([]float64, len(years))
		for k := range cats {
			hi := make([]float64, len(years))
			for i := range years {
				hi[i] = lo[i] + shares[k][i]
			}
			p.Add(&area{x: years, lo: lo, hi: hi, fill: categoryColor(k), width: 1}) // a year's documents span the year
			lo = hi
		}
		p.Y.Min, p.Y.Max = 0, 1
		ch.panels[a] = p
		if k := indexOf(cats, "financial"); k >= 0 {
			part := fmt.Sprintf("%s %s%%", arm, pct(meanFinite(shares[k])))
			n := 0
			for _, v := range shares[k] {
				if finite(v) {
					n++
				}
			}
			if n < len(years) {
				part += fmt.Sprintf(" (%d of %d years)", n, len(years))
			}
			capParts = append(capParts, part)
		}
	}
	// Legend top to bottom in the order of the stack, top to bottom.
	for k := len(cats) - 1; k >= 0; k-- {
		ch.legend = append(ch.legend, legendItem{name: human(cats[k]), color: categoryColor(k), kind: itemBox})
	}
	ch.Note = "Documents issued by all levels, by the category of their instrument (center: framework, coordination (caps) and scale-up documents); mean share over replications; each year is drawn from its start to its end. Blank: no document issued that year."
	caption := ""
	if len(capParts) > 0 {
		caption = "Financial documents' share of all documents issued in a year (the center's framework, coordination and scale-up documents included), mean over the years with documents: " + strings.Join(capParts, ", ") +
			". (The documents chart's panel \"" + docsFinancialTitle + "\", summary.csv's docs_financial_share, leaves those documents out and counts from the start of the run.)"
	}
	return &figure{name: "instrument_mix", chart: ch, caption: caption}
}

// categoryOrder puts financial measures first, then money-like and
// knowledge-like instruments, then the center's own document kinds.
var categoryOrder = []string{"financial", "land", "market", "regulatory", "infrastructure", "network", "human_capital", "innovation", "framework", "coordination", "scale_up"}

func orderCategories(cs []string) []string {
	have := map[string]bool{}
	for _, c := range cs {
		have[c] = true
	}
	var out []string
	for _, c := range categoryOrder {
		if have[c] {
			out = append(out, c)
			delete(have, c)
		}
	}
	var rest []string
	for _, c := range cs {
		if have[c] {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func meanFinite(xs []float64) float64 {
	s, n := 0.0, 0
	for _, x := range xs {
		if finite(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// stageMix is chart 3b: the life-cycle tool mix, money and land vs
// knowledge instruments at the entry and the mature stage, by arm.
func (r *results) stageMix(opaque bool) *figure {
	pairs := []stagePair{
		{"money and land measures", "entry_money_land_share", "mature_money_land_share"},
		{"knowledge measures", "entry_knowledge_share", "mature_knowledge_share"},
	}
	arms := r.arms()
	var ok []stagePair
	for _, p := range pairs {
		_, e := r.runStat(0, p.entry)
		_, m := r.runStat(0, p.mature)
		if e && m {
			ok = append(ok, p)
		}
	}
	defined := false // a run that spends nothing has no mix (NaN shares): no chart
	for a := range arms {
		for _, p := range ok {
			e, _ := r.runStat(a, p.entry)
			m, _ := r.runStat(a, p.mature)
			defined = defined || finite(e.Mean) || finite(m.Mean)
		}
	}
	if len(ok) == 0 || !defined {
		return nil
	}
	ch := newChart("Tool mix by sector stage: entry vs mature industries", 1, len(ok))
	n := len(arms)
	withCI := false // some share has a CI: not one replication
	var undefined []string
	for i, pr := range ok {
		p := newPanel(pr.title, "share of the stage's spending", "")
		iv := &intervals{horizontal: true}
		entry, mature := make([]sim.Summary, n), make([]sim.Summary, n)
		for a := range arms {
			e, _ := r.runStat(a, pr.entry)
			m, _ := r.runStat(a, pr.mature)
			entry[a], mature[a] = e, m
			withCI = withCI || e.N > 1 || m.N > 1
			c := armStyleOf(a).color
			y := float64(n - 1 - a)
			// shares: an interval of few replications can pass 0 or 1
			iv.items = append(iv.items,
				interval{pos: y + 0.15, value: e.Mean, lo: max(0, e.CILow), hi: min(1, e.CIHigh), color: c, shape: draw.CircleGlyph{}},
				interval{pos: y - 0.15, value: m.Mean, lo: max(0, m.CILow), hi: min(1, m.CIHigh), color: c, shape: draw.BoxGlyph{}})
			// A thin line from entry to mature shows the shift.
			p.Add(newCurve([]float64{e.Mean, m.Mean}, []float64{y + 0.15, y - 0.15}, c, 1.5, nil))
		}
		p.Add(iv)
		// an arm without either share is named once for the panel
		both := make([]sim.Summary, n)
		for a := range arms {
			if !finite(entry[a].Mean) && !finite(mature[a].Mean) {
				both[a].Mean, entry[a].Mean, mature[a].Mean = math.NaN(), 0, 0
			}
		}
		for _, u := range []string{undefinedIn(pr.title, arms, both), undefinedIn(pr.title+", entry stage", arms, entry), undefinedIn(pr.title+", mature stage", arms, mature)} {
			if u != "" {
				undefined = append(undefined, u)
			}
		}
		pad(&p.X, 0.06)
		if i == 0 {
			rev := make([]string, n)
			for a, name := range arms {
				rev[n-1-a] = name
			}
			p.Y.Tick.Marker = categoryTicks(rev)
		} else {
			p.Y.Tick.Marker = noTicks{}
		}
		p.Y.Padding = 0
		ch.panels[i] = p
	}
	ch.legend = []legendItem{
		{name: "entry stage", color: color.Black, kind: itemDot, shape: draw.CircleGlyph{}},
		{name: "mature stage", color: color.Black, kind: itemDot, shape: draw.BoxGlyph{}},
	}
	ch.Note = "Circle: entry-stage sectors; square: mature sectors. Per run: " + r.aggLong(r.agg(ok[0].entry)) + " of the share. Whiskers: 95% confidence interval over replications, cut at 0 and 1."
	if !withCI {
		ch.Note = strings.TrimSuffix(ch.Note, "Whiskers: 95% confidence interval over replications, cut at 0 and 1.") + "One replication: no whiskers."
	}
	ch.Note += noDotNote(undefined)
	return &figure{name: "mix_by_stage", chart: ch, caption: r.stageMixCaption(ok)}
}

// stagePair is a tool mix panel: a kind of measure's share of entry-stage
// and of mature-stage spending.
type stagePair struct{ title, entry, mature string }

// stageMixCaption describes the arms whose mix varies: the first in full,
// then each one's entry-minus-mature difference. An arm whose shares are
// all 0 or 1 in every run (a toolbox of money alone: 100% money and land,
// no knowledge measure) has nothing to shift; the caption only names it,
// so that its pinned dots are not read as a finding.
func (r *results) stageMixCaption(pairs []stagePair) string {
	arms := r.arms()
	type shares struct{ entry, mature []sim.Summary }
	var varying, pinned []int
	by := make([]shares, len(arms))
	for a := range arms {
		fixed, defined := true, false
		for _, pr := range pairs {
			e, _ := r.runStat(a, pr.entry)
			m, _ := r.runStat(a, pr.mature)
			by[a].entry, by[a].mature = append(by[a].entry, e), append(by[a].mature, m)
			for _, s := range []sim.Summary{e, m} {
				if !finite(s.Mean) {
					continue
				}
				defined = true
				if (s.Mean != 0 && s.Mean != 1) || (s.N > 1 && s.SD != 0) {
					fixed = false
				}
			}
		}
		switch {
		case !defined:
		case fixed:
			pinned = append(pinned, a)
		default:
			varying = append(varying, a)
		}
	}
	var sentences []string
	if len(varying) > 0 {
		a := varying[0]
		var parts []string
		for i, pr := range pairs {
			e, m := by[a].entry[i], by[a].mature[i]
			if finite(e.Mean) && finite(m.Mean) {
				if len(parts) == 0 {
					parts = append(parts, fmt.Sprintf("%s take %s%% of entry-stage and %s%% of mature-stage spending", pr.title, pct(e.Mean), pct(m.Mean)))
				} else {
					parts = append(parts, fmt.Sprintf("%s %s%% and %s%%", pr.title, pct(e.Mean), pct(m.Mean)))
				}
			}
		}
		if len(parts) > 0 {
			sentences = append(sentences, "Under "+arms[a]+", "+strings.Join(parts, ", ")+".")
		}
	}
	if len(varying) > 1 {
		var parts []string
		for i, pr := range pairs {
			var ds []string
			for _, a := range varying {
				if e, m := by[a].entry[i], by[a].mature[i]; finite(e.Mean) && finite(m.Mean) {
					ds = append(ds, arms[a]+" "+signed(100*(e.Mean-m.Mean)))
				}
			}
			if len(ds) > 0 {
				parts = append(parts, pr.title+": "+strings.Join(ds, ", "))
			}
		}
		if len(parts) > 0 {
			sentences = append(sentences, "Entry minus mature stage, in percentage points: "+strings.Join(parts, "; ")+".")
		}
	}
	// Arms without a choice, grouped by their (fixed) mix.
	var patterns []string
	group := map[string][]string{}
	for _, a := range pinned {
		var vals []string
		both := true
		// a stage without spending (a short run whose region-sectors
		// never mature) has no mix: say so, not "n/a%"
		noEntry, noMature := true, true
		for i := range pairs {
			noEntry = noEntry && !finite(by[a].entry[i].Mean)
			noMature = noMature && !finite(by[a].mature[i].Mean)
		}
		for i, pr := range pairs {
			e, m := by[a].entry[i], by[a].mature[i]
			switch {
			case noMature:
				vals = append(vals, fmt.Sprintf("%s %s%% at entry", pr.title, pct(e.Mean)))
			case noEntry:
				vals = append(vals, fmt.Sprintf("%s %s%% when mature", pr.title, pct(m.Mean)))
			case finite(e.Mean) && finite(m.Mean) && e.Mean == m.Mean:
				vals = append(vals, fmt.Sprintf("%s %s%%", pr.title, pct(e.Mean)))
			default:
				both = false
				vals = append(vals, fmt.Sprintf("%s %s%% at entry and %s%% when mature", pr.title, pct(e.Mean), pct(m.Mean)))
			}
		}
		pat := strings.Join(vals, ", ")
		switch {
		case noMature:
			pat += "; no spending at the mature stage"
		case noEntry:
			pat += "; no spending at the entry stage"
		case both:
			pat += " at both stages"
		}
		if group[pat] == nil {
			patterns = append(patterns, pat)
		}
		group[pat] = append(group[pat], arms[a])
	}
	for _, pat := range patterns {
		noun := "mix of %s is"
		if len(group[pat]) > 1 {
			noun = "mixes of %s are"
		}
		sentences = append(sentences, fmt.Sprintf("The "+noun+" fixed in every run: %s.", andList(group[pat]), pat))
	}
	return strings.Join(sentences, " ")
}

// docYears returns the years of documents.csv a count per year is drawn
// for, and the run's last year when the run ends inside it (partial,
// covered of its spy steps in the run; partial 0 when the run ends on a
// year boundary). Such a year, with fewer documents only for being
// shorter, is left out, unless it is the run's only year.
func (r *results) docYears() (years []int, partial, covered, spy int) {
	years = r.docs.years
	n := len(r.steps.years)
	spy = r.steps.stepsPerYear()
	if len(years) == 0 || n == 0 || math.IsNaN(r.steps.years[0]) {
		return years, 0, 0, spy
	}
	// the calendar year of step 0, as documents.csv counts it: the step's
	// middle rounded down
	first := int(math.Floor(r.steps.years[0] - 0.5/float64(spy)))
	last := years[len(years)-1]
	if covered = n - (last-first)*spy; covered <= 0 || covered >= spy {
		return years, 0, 0, spy
	}
	if len(years) > 1 {
		years = years[:len(years)-1]
	}
	return years, last, covered, spy
}

// docBand summarises documents per year of one level over replications.
func (r *results) docBand(arm int, level string) band {
	name := r.steps.arms[arm]
	b := band{}
	years, _, _, _ := r.docYears()
	for _, y := range years {
		var xs []float64
		for _, run := range r.steps.runs[arm] {
			xs = append(xs, r.docs.byLevel[name][run.rep][y][level])
		}
		s := sim.Summarize(xs)
		// at the year's middle, within the year, as the share panels
		// beside it draw each step at its middle
		b.x = append(b.x, float64(y)+0.5)
		b.mean = append(b.mean, s.Mean)
		b.lo = append(b.lo, s.CILow)
		b.hi = append(b.hi, s.CIHigh)
		b.n = s.N
	}
	return b
}

// docsFinancialTitle is the documents chart's panel of
// docs_financial_share, which the instrument-mix caption names.
const docsFinancialTitle = "financial share of instrument documents, to date"

// documents is chart 4: documents per year by level, and the financial
// share.
func (r *results) documents(opaque bool) *figure {
	if r.steps == nil || r.docs == nil || len(r.docs.levels) == 0 {
		return nil
	}
	arms := r.steps.arms
	var panels []*plot.Plot
	for _, lv := range r.docs.levels {
		p := newPanel(lv, "year", "documents per year")
		p.X.Tick.Marker = yearTicks{}
		for a := range arms {
			b := r.docBand(a, lv)
			b.clamp("documents")
			p.Add(&area{x: b.x, lo: b.lo, hi: b.hi, fill: fade(armStyleOf(a).color, bandAlphaFor(len(arms)), opaque)})
		}
		for a := range arms {
			b := r.docBand(a, lv)
			st := armStyleOf(a)
			p.Add(newCurve(b.x, b.mean, st.color, 3, st.dashes))
		}
		pad(&p.Y, 0.03)
		p.Y.Min = 0 // counts: from zero, so that heights compare
		if ys, _, _, _ := r.docYears(); len(ys) > 0 {
			// whole years, as the share panels span them
			p.X.Min, p.X.Max = float64(ys[0]), float64(ys[len(ys)-1]+1)
		}
		panels = append(panels, p)
	}
	for _, m := range []string{"docs_financial_share", "financial_share"} {
		if r.steps.has(m) {
			title := docsFinancialTitle
			if m == "financial_share" {
				title = "financial share of spending"
			}
			panels = append(panels, r.timePanel(title, m, "share", nil, opaque))
		}
	}
	rows, cols := gridShape(len(panels))
	ch := newChart("Policy documents over time by level of government, and the financial share", rows, cols)
	ch.height = heightFor(rows)
	for i, p := range panels {
		if i%cols != 0 && p.Y.Label.Text == "documents per year" {
			p.Y.Label.Text = ""
		}
		ch.panels[i] = p
	}
	ch.legend = armItems(arms, itemLine)
	ch.Note = r.bandNote() + r.noLineNote([][2]string{{docsFinancialTitle, "docs_financial_share"}, {"financial share of spending", "financial_share"}})
	switch ys, y, n, spy := r.docYears(); {
	case y != 0 && !slices.Contains(ys, y):
		ch.Note += fmt.Sprintf(" Documents per year: %d is left out, as the run ends after %d of its %d steps.", y, n, spy)
	case y != 0:
		ch.Note += fmt.Sprintf(" Documents per year: the run covers only %d of %d's %d steps, and so do the counts.", n, y, spy)
	}
	// Caption: level shares of the first arm over the whole run.
	total := map[string]float64{}
	all := 0.0
	for _, run := range r.steps.runs[0] {
		for _, y := range r.docs.years {
			for lv, v := range r.docs.byLevel[arms[0]][run.rep][y] {
				total[lv] += v
				all += v
			}
		}
	}
	var parts []string
	if all > 0 {
		for _, lv := range r.docs.levels {
			parts = append(parts, fmt.Sprintf("%s %s%%", lv, pct(total[lv]/all)))
		}
	}
	caption := ""
	if len(parts) > 0 {
		caption = fmt.Sprintf("Under %s, documents over the whole run come from the %s.", arms[0], strings.Join(parts, ", "))
		if len(arms) > 1 && r.steps.has("docs_center_share") {
			var cs []string
			for a := range arms {
				if st, ok := r.runStat(a, "docs_center_share"); ok {
					cs = append(cs, fmt.Sprintf("%s %s%%", arms[a], pct(st.Mean)))
				}
			}
			caption += " Center's share of documents to date in the final year, by arm (summary.csv's docs_center_share): " + strings.Join(cs, ", ") + "."
		}
	}
	return &figure{name: "documents", chart: ch, caption: caption}
}

// overcapacity is chart 5: utilisation over time (average, worst sector,
// hot sectors) with the coordination cap marked, and capped sectors.
func (r *results) overcapacity(opaque bool) *figure {
	if r.steps == nil {
		return nil
	}
	type spec struct{ metric, title string }
	specs := []spec{
		{"utilisation", "average utilisation"},
		{"utilisation_worst", "worst sector's utilisation"},
		{"hot_utilisation", "hot sectors' utilisation"},
		{"capped_sectors", "sectors under a cap"},
	}
	var panels []*plot.Plot
	var drawn [][2]string
	caps := r.capThresholds()
	for _, s := range specs {
		if !r.steps.has(s.metric) {
			continue
		}
		yl := r.axisLabel(s.metric)
		if strings.Contains(s.metric, "utilisation") {
			// The panel's title says which utilisation.
			yl = "utilisation (" + r.unit(s.metric) + ")"
		}
		p := r.timePanel(s.title, s.metric, yl, nil, opaque)
		if strings.Contains(s.metric, "utilisation") {
			for _, c := range caps {
				p.Add(newRefLine(c, false, color.Gray{Y: 0x30}, ""))
			}
			pad(&p.Y, 0.05)
		}
		panels = append(panels, p)
		drawn = append(drawn, [2]string{s.title, s.metric})
	}
	if len(panels) == 0 {
		return nil
	}
	rows, cols := gridShape(len(panels))
	ch := newChart("Overcapacity: how much built capacity is used, and where caps bind", rows, cols)
	ch.height = heightFor(rows)
	copy(ch.panels, panels)
	ch.legend = armItems(r.steps.arms, itemLine)
	ch.Note = r.bandNote() + r.noLineNote(drawn)
	if len(caps) > 0 {
		var cs []string
		for _, c := range caps {
			cs = append(cs, num(c))
		}
		ch.Note += " Dashed: utilisation below which coordination caps a sector (" + strings.Join(cs, ", ") + ", i.e. 1/(1 + overcapacity cap))."
	}
	var parts []string
	for a, arm := range r.steps.arms {
		if r.steps.has("utilisation_worst") {
			b := r.steps.band(a, "utilisation_worst", nil)
			parts = append(parts, fmt.Sprintf("%s %s", arm, num(meanFinite(b.mean))))
		}
	}
	caption := ""
	if len(parts) > 0 {
		caption = "Average utilisation of the worst sector over the run: " + strings.Join(parts, ", ") + "."
	}
	return &figure{name: "overcapacity", chart: ch, caption: caption}
}

// capThresholds returns the distinct utilisation levels 1/(1+cap) below
// which arms with coordination cap a sector, from scenario.toml.
func (r *results) capThresholds() []float64 {
	var out []float64
	for _, arm := range r.arms() {
		if on, ok := r.armParam(arm, "policy.coordination").(bool); ok && !on {
			continue
		}
		c, ok := toFloat(r.armParam(arm, "policy.overcapacity_cap"))
		if !ok || c < 0 {
			continue
		}
		u := 1 / (1 + c)
		dup := false
		for _, v := range out {
			dup = dup || math.Abs(v-u) < 1e-9
		}
		if !dup {
			out = append(out, u)
		}
	}
	return out
}

// toFloat converts a decoded TOML number.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}

// learning is chart 6: belief error, strategy diversity and fit alignment
// over time.
func (r *results) learning(opaque bool) *figure {
	if r.steps == nil {
		return nil
	}
	var panels []*plot.Plot
	for _, m := range []string{"learning_error", "diversity", "fit_alignment"} {
		if r.steps.has(m) {
			panels = append(panels, r.timePanel(human(m), m, r.axisLabel(m), nil, opaque))
		}
	}
	if len(panels) == 0 {
		return nil
	}
	ch := newChart("Learning: how wrong officials' beliefs are, and how varied their strategies", 1, len(panels))
	copy(ch.panels, panels)
	ch.legend = armItems(r.steps.arms, itemLine)
	ch.Note = r.bandNote() + r.noLineNote([][2]string{{human("learning_error"), "learning_error"}, {human("diversity"), "diversity"}, {human("fit_alignment"), "fit_alignment"}})
	var parts []string
	if r.steps.has("learning_error") {
		for a, arm := range r.steps.arms {
			b := r.steps.band(a, "learning_error", nil)
			first := b.mean[0]
			parts = append(parts, fmt.Sprintf("%s from %s to %s", arm, num(first), num(r.lastMean(b))))
		}
	}
	caption := ""
	if len(parts) > 0 {
		caption = "Mean belief error, first step to final year: " + strings.Join(parts, ", ") + "."
	}
	return &figure{name: "learning", chart: ch, caption: caption}
}

// practice is one scaled-up practice (instrument at a stage) of one arm.
type practice struct {
	arm, name    string
	reps         map[int]bool
	years        []float64
	origins      map[string]int
	originLevels map[string]string
}

// practices collects the scale-up events of events.csv per arm and
// practice, ordered by arm, then by how many replications scaled it up.
// mostScaled returns the names of at most most practices, those scaled up
// most often over all arms and replications first (ties in first-seen
// order), so a practice keeps its colour in every panel.
func mostScaled(ps []*practice, most int) []string {
	count := map[string]int{}
	var names []string
	for _, p := range ps {
		if count[p.name] == 0 {
			names = append(names, p.name)
		}
		count[p.name] += len(p.reps)
	}
	sort.SliceStable(names, func(i, j int) bool { return count[names[i]] > count[names[j]] })
	if len(names) > most {
		names = names[:most]
	}
	return names
}

// drawnNote says, when a chart draws only the shown of the practices ps
// scaled up (the most frequent ones), how many it leaves out; "" when it
// draws them all.
func drawnNote(shown int, ps []*practice) string {
	names := map[string]bool{}
	for _, p := range ps {
		names[p.name] = true
	}
	if len(names) <= shown {
		return ""
	}
	return fmt.Sprintf(" It draws the %d practices scaled up in the most runs, of %d; the report's table lists them all.", shown, len(names))
}

func (r *results) practices() []*practice {
	by := map[string]*practice{}
	var out []*practice
	for _, e := range r.events {
		if e.kind != "scale_up" {
			continue
		}
		name := practiceName(e)
		key := e.arm + "\x00" + name
		p, ok := by[key]
		if !ok {
			p = &practice{arm: e.arm, name: name, reps: map[int]bool{}, origins: map[string]int{}, originLevels: map[string]string{}}
			by[key] = p
			out = append(out, p)
		}
		if !p.reps[e.rep] {
			p.reps[e.rep] = true
			p.years = append(p.years, e.year)
		}
		if e.fromRegion != "" && e.fromRegion != "-1" {
			p.origins[e.fromRegion]++
		}
	}
	armPos := map[string]int{}
	for i, a := range r.arms() {
		armPos[a] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].arm != out[j].arm {
			return armPos[out[i].arm] < armPos[out[j].arm]
		}
		return len(out[i].reps) > len(out[j].reps)
	})
	return out
}

// mostFrequent returns the practices scaled up in the most runs, over all
// arms, in the order of ps; ps must not be empty.
func mostFrequent(ps []*practice) []*practice {
	most := 0
	for _, q := range ps {
		most = max(most, len(q.reps))
	}
	var out []*practice
	for _, q := range ps {
		if len(q.reps) == most {
			out = append(out, q)
		}
	}
	return out
}

// mostFrequentPhrase names the practice scaled up in the most runs: "cluster
// at mature under r1_2 (in 10 of 10 runs, median year 2008)", or, when
// several practice and arm pairs tie, how many and in how many runs each,
// rather than the first of them, which a reader would take for the one
// that stood out. ps must not be empty.
func (r *results) mostFrequentPhrase(ps []*practice) string {
	top := mostFrequent(ps)
	runsOf := func(arm string) int {
		if r.steps == nil {
			return 0
		}
		if a := slices.Index(r.steps.arms, arm); a >= 0 {
			return len(r.steps.runs[a])
		}
		return 0
	}
	pr := top[0]
	if len(top) == 1 {
		return fmt.Sprintf("%s under %s (in %d of %d runs, median year %s)", pr.name, pr.arm, len(pr.reps), runsOf(pr.arm), r.calendarYear(pr.medianYear()))
	}
	of := fmt.Sprintf(" of %d", runsOf(pr.arm))
	for _, q := range top {
		if runsOf(q.arm) != runsOf(pr.arm) {
			of = ""
		}
	}
	var arms []string
	perArm := map[string]int{}
	for _, q := range top {
		if perArm[q.arm] == 0 {
			arms = append(arms, q.arm)
		}
		perArm[q.arm]++
	}
	parts := make([]string, len(arms))
	for i, a := range arms {
		parts[i] = fmt.Sprintf("%d under %s", perArm[a], a)
	}
	return fmt.Sprintf("%d practice and arm pairs tie, each in %d%s runs: %s (the report's table lists them)", len(top), len(pr.reps), of, andList(parts))
}

// topOrigins returns every origin region of the highest count, in
// numerical order, and that count.
func (p *practice) topOrigins() ([]string, int) {
	var best []string
	n := 0
	for reg, c := range p.origins {
		switch {
		case c > n:
			best, n = []string{reg}, c
		case c == n:
			best = append(best, reg)
		}
	}
	sort.Slice(best, func(i, j int) bool {
		a, errA := strconv.Atoi(best[i])
		b, errB := strconv.Atoi(best[j])
		if errA == nil && errB == nil {
			return a < b
		}
		return best[i] < best[j]
	})
	return best, n
}

// originPhrase says where a practice's scale-ups came from most often:
// "region 13 (2 of 10)", "regions 13 and 21 (2 of 10 each)", or, when no
// region was the origin twice, "no region twice (10 regions, once each)":
// a "most frequent" region picked from a tie would tell a workshop that
// one region stood out when none did. "" without origins.
func (p *practice) originPhrase() string {
	regs, n := p.topOrigins()
	switch {
	case len(regs) == 0:
		return ""
	case len(regs) == 1:
		return fmt.Sprintf("region %s (%d of %d)", regs[0], n, len(p.reps))
	case n == 1:
		return fmt.Sprintf("no region twice (%d regions, once each)", len(regs))
	}
	shown := regs
	more := ""
	if len(regs) > 3 {
		shown = regs[:3]
		more = fmt.Sprintf(" and %d more", len(regs)-3)
	}
	if more != "" {
		return fmt.Sprintf("regions %s%s (%d of %d each)", strings.Join(shown, ", "), more, n, len(p.reps))
	}
	return fmt.Sprintf("regions %s (%d of %d each)", andList(shown), n, len(p.reps))
}

// calendarYear is the calendar year of a time t on the year column's
// clock (the end of a step: 2001.0 ends the last quarter of 2000), as the
// README's Years note counts it, the year of the step's middle: what a
// caption or table that names a year says. Rounding t instead names the
// next year for a step of a year's second half (2000.75 ends the third
// quarter of 2000; yearly steps end at the next year's start).
func (r *results) calendarYear(t float64) string {
	if !finite(t) {
		return "n/a"
	}
	return strconv.Itoa(int(math.Floor(r.midStep(t))))
}

// midStep is the middle of the step that ends at time t (events.csv
// dates an event at its step's end), where the charts draw an event: with
// one step a year the end is the next year's tick, a year after the one
// calendarYear names.
func (r *results) midStep(t float64) float64 {
	spy := 4
	if r.steps != nil {
		spy = r.steps.stepsPerYear()
	}
	if n, ok := lookup(r.scenario, "run.steps_per_year").(int64); ok && n > 0 && (r.steps == nil || len(r.steps.years) < 2) {
		spy = int(n) // one step tells no step length
	}
	return t - 0.5/float64(spy)
}

// medianYear returns the median year the practice was scaled up.
func (p *practice) medianYear() float64 {
	ys := append([]float64(nil), p.years...)
	sort.Float64s(ys)
	if len(ys) == 0 {
		return math.NaN()
	}
	if len(ys)%2 == 1 {
		return ys[len(ys)/2]
	}
	return (ys[len(ys)/2-1] + ys[len(ys)/2]) / 2
}

// diffusion is chart 7: the share of officials who rank the best
// instrument first, cumulative scale-ups with the year of each
// practice's scale-up marked.
func (r *results) diffusion(opaque bool) *figure {
	if r.steps == nil {
		return nil
	}
	var panels []*plot.Plot
	if r.steps.has("diffusion") {
		panels = append(panels, r.timePanel("officials ranking the best tool first", "diffusion", r.axisLabel("diffusion"), nil, opaque))
	}
	if r.steps.has("scale_ups") {
		panels = append(panels, r.timePanel("practices scaled up (cumulative)", "scale_ups", "practices scaled up", cumulate, opaque))
	}
	if len(panels) == 0 {
		return nil
	}
	ch := newChart("Diffusion: how good practice spreads and is scaled up", 1, len(panels))
	copy(ch.panels, panels)
	ch.legend = armItems(r.steps.arms, itemLine)
	ch.Note = r.bandNote() + r.noLineNote([][2]string{{"officials ranking the best tool first", "diffusion"}})
	var parts []string
	for a, arm := range r.steps.arms {
		if r.steps.has("scale_ups") {
			vals, _ := r.steps.perRun(a, "scale_ups", sim.Total)
			s := sim.Summarize(vals)
			parts = append(parts, fmt.Sprintf("%s %s", arm, num(s.Mean)))
		}
	}
	caption := ""
	if len(parts) > 0 {
		caption = "Practices scaled up nationally per run, on average: " + strings.Join(parts, ", ") + "."
		if ps := r.practices(); len(ps) > 0 {
			caption += " Most frequent: " + r.mostFrequentPhrase(ps) + "."
		}
	}
	return &figure{name: "diffusion", chart: ch, caption: caption}
}

// maxFinite returns the largest finite argument.
func maxFinite(xs ...float64) float64 {
	_, hi := extent(xs)
	return hi
}

// name0 returns the number after the last underscore of a ladder arm
// ("r1_3" -> "3").
func name0(arm string) string {
	return arm[strings.LastIndex(arm, "_")+1:]
}

// adoption is chart 7b: for each arm, the share of regions funding each
// scaled-up practice over time (events of kind "adoption", recorded once a
// year from the scale-up on), the most frequent practices only, with a dot
// at the practice's median scale-up year.
func (r *results) adoption(opaque bool) *figure {
	if r.steps == nil {
		return nil
	}
	type key struct{ arm, practice string }
	// values[key][year] -> shares over replications
	values := map[key]map[float64][]float64{}
	yearSet := map[float64]bool{}
	for _, e := range r.events {
		if e.kind != "adoption" || !finite(e.year) {
			continue
		}
		v, err := parseFloat(e.value)
		if err != nil || !finite(v) {
			continue
		}
		k := key{e.arm, practiceName(e)}
		if values[k] == nil {
			values[k] = map[float64][]float64{}
		}
		values[k][e.year] = append(values[k][e.year], v)
		yearSet[e.year] = true
	}
	if len(values) == 0 {
		return nil
	}
	var ends []float64
	for y := range yearSet {
		ends = append(ends, y)
	}
	sort.Float64s(ends)
	years := make([]float64, len(ends)) // drawn mid-step, as the dots
	for j, y := range ends {
		years[j] = r.midStep(y)
	}
	// The most frequently scaled-up practices over all arms, same colour
	// in every panel.
	ps := r.practices()
	names := mostScaled(ps, 6)
	if len(names) == 0 {
		return nil
	}
	median := map[key]float64{}
	scaled := map[key]int{} // runs that scaled the practice up
	for _, p := range ps {
		median[key{p.arm, p.name}] = r.midStep(p.medianYear())
		scaled[key{p.arm, p.name}] = len(p.reps)
	}
	arms := r.steps.arms
	rows, cols := gridShape(len(arms))
	ch := newChart("Adoption of scaled-up practices: share of regions funding each", rows, cols)
	ch.height = heightFor(rows)
	var best string
	bestShare := -1.0
	for a, arm := range arms {
		p := newPanel(arm, "year", "share of regions")
		if a%cols != 0 {
			p.Y.Label.Text = ""
		}
		p.X.Tick.Marker = yearTicks{}
		any := false
		for i, nm := range names {
			k := key{arm, nm}
			any = any || len(values[k]) > 0
			ys := make([]float64, len(years))
			for j, y := range ends {
				ys[j] = math.NaN()
				if vs := values[k][y]; len(vs) > 0 {
					ys[j] = meanFinite(vs)
				}
			}
			c := lineColor(i)
			p.Add(newCurve(years, ys, c, 3, nil))
			if m, ok := median[k]; ok && finite(m) {
				// Dot at the median scale-up year, on the line; before
				// the first record (the share is recorded at the end of
				// each year), a dotted line joins it to that record.
				if y, from := curveAt(years, ys, m); finite(y) {
					if from != m {
						p.Add(newCurve([]float64{m, from}, []float64{y, y}, c, 1.5, []vg.Length{vg.Points(2), vg.Points(3)}))
					}
					p.Add(&intervals{items: []interval{{pos: m, value: y, lo: math.NaN(), hi: math.NaN(), color: c}}})
				}
			}
			if last := lastFinite(ys); finite(last) && last > bestShare {
				// the mean is over the runs that scaled it up: say how many
				bestShare, best = last, fmt.Sprintf("%s under %s (%s%% of regions by the end of %s, in the %d of %d runs that scaled it up)",
					nm, arm, pct(last), num(math.Ceil(ends[len(ends)-1])-1), scaled[k], len(r.steps.runs[a]))
			}
		}
		p.Y.Min, p.Y.Max = 0, 1
		if !any {
			st := textStyle(labelSize, false)
			st.Color = color.Gray{Y: 0x50}
			st.YAlign = draw.YCenter
			lo, hi := r.span()
			why := noAdoption(arm, ps)
			for k := range values {
				if k.arm == arm {
					// shares recorded, of practices not drawn
					why = "none of its\npractices drawn"
					break
				}
			}
			p.Add(&labels{items: []label{{x: (lo + hi) / 2, y: 0.5, text: why, style: st}}})
		}
		p.X.Min, p.X.Max = r.span()
		ch.panels[a] = p
	}
	for i, nm := range names {
		ch.legend = append(ch.legend, legendItem{name: nm, color: lineColor(i), kind: itemLine})
	}
	ch.Note = "Mean over the replications that scaled the practice up, recorded at each year's end (drawn mid-step) from its scale-up on; dot: median time of the scale-up (dotted: before the first record). Origins: see the table in the report." + drawnNote(len(names), ps)
	lead := "Most widely adopted: "
	if drawnNote(len(names), ps) != "" {
		lead = fmt.Sprintf("Most widely adopted of the %d practices drawn: ", len(names))
	}
	return &figure{name: "adoption", chart: ch, caption: lead + best + "."}
}

// noAdoption says why an arm's adoption panel is empty: no scale-up, or
// scale-ups but no share recorded (an arm without own budgets, at
// autonomy 0, records none).
func noAdoption(arm string, ps []*practice) string {
	if slices.ContainsFunc(ps, func(p *practice) bool { return p.arm == arm }) {
		return "no share recorded\n(no own budgets)"
	}
	return "no practice\nscaled up"
}

// curveAt returns the height at x of the line through (xs, ys), broken
// where ys is NaN, and the x of the line where it is read: x itself
// between two finite points (interpolated), else the nearest end of the
// line, whose height it takes. NaN when the line has no finite point.
func curveAt(xs, ys []float64, x float64) (y, at float64) {
	last := -1
	for j := range xs {
		if !finite(xs[j]) || !finite(ys[j]) {
			continue
		}
		if xs[j] <= x {
			if xs[j] == x {
				return ys[j], x
			}
			last = j
			continue
		}
		if last >= 0 { // xs[last] < x < xs[j]
			t := (x - xs[last]) / (xs[j] - xs[last])
			return ys[last] + t*(ys[j]-ys[last]), x
		}
		return ys[j], xs[j] // x before the line
	}
	if last >= 0 {
		return ys[last], xs[last] // x after the line
	}
	return math.NaN(), math.NaN()
}

// practiceName names a practice: its instrument at a sector stage.
func practiceName(e event) string {
	name := e.instrument
	if e.stage != "" {
		name += " at " + e.stage
	}
	if e.sector != "" {
		name += " (" + e.sector + ")"
	}
	return name
}

func lastFinite(xs []float64) float64 {
	for i := len(xs) - 1; i >= 0; i-- {
		if finite(xs[i]) {
			return xs[i]
		}
	}
	return math.NaN()
}

// scaleUps is chart 7c: when each scaled-up practice was scaled up, by
// arm (origins are in the report's table).
func (r *results) scaleUps(opaque bool) *figure {
	p, shown, rows := r.practicePanel()
	if p == nil {
		return nil
	}
	ch := newChart("Scale-ups: when each practice was adopted nationally", 1, 1)
	ch.panels[0] = p
	if rows*len(shown) > 24 {
		ch.height = 700
	}
	arms := r.arms()
	ps := r.practices()
	var none, undrawn []string // arms without scale-ups; with none drawn
	for a, arm := range arms {
		if indexOf(shown, arm) < 0 {
			if slices.ContainsFunc(ps, func(p *practice) bool { return p.arm == arm }) {
				undrawn = append(undrawn, arm)
			} else {
				none = append(none, arm)
			}
			continue
		}
		it := armItems(arms, itemDot)[a]
		it.shape = armShape(a)
		ch.legend = append(ch.legend, it)
	}
	ch.Note = "Dot: median year over the replications that scaled the practice up; whiskers: earliest to latest. The report's table names each practice's origin region." + drawnNote(rows, ps)
	if len(none) > 0 {
		ch.Note += " No scale-up under " + strings.Join(none, ", ") + "."
	}
	if len(undrawn) > 0 {
		ch.Note += " None of the practices drawn was scaled up under " + strings.Join(undrawn, ", ") + "."
	}
	caption := "Most often scaled up: " + r.mostFrequentPhrase(ps)
	if top := mostFrequent(ps); len(top) == 1 {
		switch regs, n := top[0].topOrigins(); {
		case len(regs) == 1:
			caption += fmt.Sprintf("; it came most often from region %s (in %d of them)", regs[0], n)
		case len(regs) > 1 && n == 1:
			caption += "; no region was its origin twice"
		case len(regs) > 1:
			caption += fmt.Sprintf("; it came most often from regions %s (in %d of them each)", andList(regs), n)
		}
	}
	return &figure{name: "scale_ups", chart: ch, caption: caption + "."}
}

// practicePanel shows when each scaled-up practice was scaled up: one row
// per practice (the most frequent ones), a dot per arm at the median year
// and a whisker from the earliest to the latest replication. It returns
// the arms drawn (those that scaled up a practice shown) and the number
// of practice rows.
func (r *results) practicePanel() (*plot.Plot, []string, int) {
	ps := r.practices()
	if len(ps) == 0 {
		return nil, nil, 0
	}
	names := mostScaled(ps, 8)
	row := map[string]int{}
	n := len(names)
	rev := make([]string, n)
	for i, nm := range names {
		row[nm] = n - 1 - i
		rev[n-1-i] = nm
	}
	// Arms that scaled up a practice shown, spread within each row.
	var arms []string
	for _, a := range r.arms() {
		for _, pr := range ps {
			if _, ok := row[pr.name]; ok && pr.arm == a {
				arms = append(arms, a)
				break
			}
		}
	}
	all := r.arms()
	p := newPanel("", "year scaled up", "")
	p.X.Tick.Marker = yearTicks{}
	iv := &intervals{horizontal: true}
	for _, pr := range ps {
		y, ok := row[pr.name]
		if !ok {
			continue
		}
		a := indexOf(arms, pr.arm)
		if a < 0 {
			continue
		}
		lo, hi := extent(pr.years)
		lo, hi = r.midStep(lo), r.midStep(hi)
		// Offset arms within a row, first arm on top as in the legend,
		// so that their dots do not hide each other.
		off := 0.0
		if len(arms) > 1 {
			spread := math.Min(0.7, 0.25*float64(len(arms)))
			off = spread * (0.5 - float64(a)/float64(len(arms)-1))
		}
		k := indexOf(all, pr.arm)
		iv.items = append(iv.items, interval{pos: float64(y) + off, value: r.midStep(pr.medianYear()), lo: lo, hi: hi, color: armStyleOf(k).color, shape: armShape(k)})
	}
	if len(arms) > 4 {
		// Thinner whiskers and smaller dots when many arms share a row.
		iv.width, iv.radius = 1.5, 4.5
	}
	p.Add(iv)
	p.Y.Tick.Marker = categoryTicks(rev)
	p.Y.Padding = 0
	if r.steps != nil && len(r.steps.years) > 0 {
		lo, hi := r.span()
		p.X.Min, p.X.Max = math.Floor(math.Min(p.X.Min, lo)), math.Max(p.X.Max, hi)
	}
	return p, arms, n
}

// rungReform is the last reform of a ladder rung: 1 for r1, else the
// last number of its name (r1_2 -> 2, ...: r1_K holds reforms 1 to K).
func rungReform(arm string) int {
	if arm == "r1" {
		return 1
	}
	k, _ := strconv.Atoi(name0(arm))
	return k
}

// rungName names the reforms a rung adds over the rung before it (its
// last reform prev): "R3", or "R3-4" for r1_4 right after r1_2, so that
// a ladder without r1 or with a rung left out says what each bar holds.
func rungName(prev, k int) string {
	if k <= prev+1 {
		return "R" + strconv.Itoa(k)
	}
	return fmt.Sprintf("R%d-%d", prev+1, k)
}

// ladder is chart 8: for a reform ladder (arms r1, r1_2, ..., and
// rN_only), a waterfall of each reform's paired increment to value
// added and each reform alone.
func (r *results) ladder(opaque bool) *figure {
	const m = "value_added"
	if r.steps == nil || !r.steps.has(m) {
		return nil
	}
	arms := r.steps.arms
	var rungs, alone []int
	r1Alone := -1 // an r1_only arm: reform 1 alone, else the first rung
	for a, name := range arms {
		if a == 0 {
			continue
		}
		if ladderArm.MatchString(name) {
			rungs = append(rungs, a)
		}
		if sm := aloneArm.FindStringSubmatch(name); sm != nil {
			if k, _ := strconv.Atoi(sm[1]); k == 1 {
				r1Alone = a
				continue
			}
			alone = append(alone, a)
		}
	}
	if len(rungs) < 2 {
		return nil
	}
	if r1Alone < 0 && arms[rungs[0]] == "r1" {
		r1Alone = rungs[0] // else no arm is reform 1 alone
	}
	// Reform k takes the colour of the ladder arm that adds it (R1 is
	// r1's, R2 r1_2's, ...), as in every other chart; a reform alone
	// that no rung adds keeps its own arm's colour.
	reformColor := map[int]color.Color{}
	for _, a := range rungs {
		reformColor[rungReform(arms[a])] = armStyleOf(a).color
	}
	agg := r.agg(m)
	baseVals, _ := r.steps.perRun(0, m, agg)
	base := sim.Summarize(baseVals).Mean
	if !finite(base) || base == 0 {
		return nil
	}
	scale := 100 / math.Abs(base)
	ch := newChart("Reform ladder: value added as reforms are added, and each alone", 1, 2)

	// Waterfall: each rung's increment over the previous one (paired).
	wf := newPanel("reforms added one by one", "", "change in value added (% of "+arms[0]+")")
	var bars rects
	var iv intervals
	var lb labels
	var names []string
	level := 0.0
	prev, prevK := 0, 0
	if ladderArm.MatchString(arms[0]) {
		prevK = rungReform(arms[0]) // the baseline is a rung itself
	}
	var steps []string
	valueLabel := func(x, top float64, v float64) label {
		sty := textStyle(tickSize, true)
		sty.YAlign = draw.YBottom
		return label{x: x, y: top, dy: vg.Points(4), text: signed(v) + "%", style: sty}
	}
	for i, a := range rungs {
		inc := r.steps.paired(a, prev, m, agg)
		lo, hi := level, level+inc.Mean*scale
		bars.items = append(bars.items, rect{x0: float64(i) - 0.38, x1: float64(i) + 0.38, y0: lo, y1: hi, fill: armStyleOf(a).color})
		ciLo, ciHi := level+inc.CILow*scale, level+inc.CIHigh*scale
		iv.items = append(iv.items, interval{pos: float64(i), value: hi, lo: ciLo, hi: ciHi, color: color.Black, noMarker: true, halo: true})
		lb.items = append(lb.items, valueLabel(float64(i), maxFinite(lo, hi, ciHi), inc.Mean*scale))
		k := rungReform(arms[a])
		name := rungName(prevK, k)
		if i > 0 {
			name = "+" + name
		}
		names = append(names, name)
		steps = append(steps, name+" "+ladderFigure(inc, scale))
		level = hi
		prev, prevK = a, k
	}
	total := r.steps.paired(rungs[len(rungs)-1], 0, m, agg)
	k := float64(len(rungs))
	bars.items = append(bars.items, rect{x0: k - 0.38, x1: k + 0.38, y0: 0, y1: total.Mean * scale, fill: color.Gray{Y: 0x70}})
	iv.items = append(iv.items, interval{pos: k, value: total.Mean * scale, lo: total.CILow * scale, hi: total.CIHigh * scale, color: color.Black, noMarker: true, halo: true})
	lb.items = append(lb.items, valueLabel(k, maxFinite(0, total.Mean*scale, total.CIHigh*scale), total.Mean*scale))
	names = append(names, "all")
	wf.Add(newRefLine(0, false, color.Gray{Y: 0x60}, ""), &bars, &iv, &lb)
	wf.X.Tick.Marker = categoryTicks(names)
	wf.X.Label.Text = fmt.Sprintf("reform added (%s, then %s ...), then all together", names[0], names[1])
	wf.X.Min, wf.X.Max = -0.6, k+0.6
	ch.panels[0] = wf

	// Each reform alone (reform 1 alone is r1_only if there is one, else
	// the ladder's first rung if it is r1: never both, the same reform).
	al := newPanel("each reform alone", "", "")
	var abars rects
	var aiv intervals
	var alb labels
	var anames []string
	single := alone
	if r1Alone >= 0 {
		single = append([]int{r1Alone}, alone...)
	}
	var aparts []string
	for i, a := range single {
		e := r.steps.paired(a, 0, m, agg)
		reform := 1
		if sm := aloneArm.FindStringSubmatch(arms[a]); sm != nil {
			reform, _ = strconv.Atoi(sm[1])
		}
		fill, ok := reformColor[reform]
		if !ok {
			fill = armStyleOf(a).color
		}
		abars.items = append(abars.items, rect{x0: float64(i) - 0.38, x1: float64(i) + 0.38, y0: 0, y1: e.Mean * scale, fill: fill})
		aiv.items = append(aiv.items, interval{pos: float64(i), value: e.Mean * scale, lo: e.CILow * scale, hi: e.CIHigh * scale, color: color.Black, noMarker: true, halo: true})
		alb.items = append(alb.items, valueLabel(float64(i), maxFinite(0, e.Mean*scale, e.CIHigh*scale), e.Mean*scale))
		n := "R1"
		if sm := aloneArm.FindStringSubmatch(arms[a]); sm != nil {
			n = "R" + sm[1]
		}
		anames = append(anames, n)
		aparts = append(aparts, n+" "+ladderFigure(e, scale))
	}
	al.Add(newRefLine(0, false, color.Gray{Y: 0x60}, ""), &abars, &aiv, &alb)
	al.X.Tick.Marker = categoryTicks(anames)
	al.X.Label.Text = "reform switched on alone"
	al.X.Min, al.X.Max = -0.6, float64(max(1, len(single)))-0.4
	ch.panels[1] = al
	// Same y range on both panels so bars compare.
	lo := math.Min(wf.Y.Min, al.Y.Min)
	hi := math.Max(wf.Y.Max, al.Y.Max)
	hi += 0.1 * (hi - lo)
	lo -= 0.03 * (hi - lo)
	wf.Y.Min, al.Y.Min, wf.Y.Max, al.Y.Max = lo, lo, hi, hi
	ch.Note = fmt.Sprintf("R1-R5: reforms 1-5, a colour each in both panels (not the arms' colours of the other charts). Paired differences per replication (%s), in %% of %s's mean; whiskers: 95%% CI.", r.aggNote([]string{m}), arms[0])
	how := fmt.Sprintf("Mean paired differences over replications in %% of %s's mean, 95%% CI.", arms[0])
	if total.N < 2 {
		// one replication: no whisker is drawn, and none is promised
		ch.Note = fmt.Sprintf("R1-R5: reforms 1-5, a colour each in both panels (not the arms' colours of the other charts). Paired differences in one replication (%s), in %% of %s's value; no whiskers: with no interval, no reform's effect can be told from the seed's luck.", r.aggNote([]string{m}), arms[0])
		how = fmt.Sprintf("Paired differences in one replication, in %% of %s's value: with no interval, none can be told from the seed's luck.", arms[0])
	}
	aloneText := strings.Join(aparts, ", ")
	if len(aparts) == 0 {
		aloneText = "no arm (r1 or r1_only, r2_only ...)"
	}
	caption := fmt.Sprintf("All reforms together change value added by %s against %s. Added one by one, each over the reforms before it (so a step depends on the order, and can differ from the reform's effect alone): %s. Alone: %s. %s",
		ladderFigure(total, scale), arms[0], strings.Join(steps, ", "), aloneText, how)
	return &figure{name: "reform_ladder", chart: ch, caption: caption}
}

// ladderFigure writes a paired difference in % as the ladder's caption
// gives it, "+3.7% (±5.4%)", and says when its interval holds 0, as the
// other captions do: the bars of the ladder are read as gains.
func ladderFigure(e sim.Summary, scale float64) string {
	s := signed(e.Mean*scale) + "%" + spread(e, scale, pct1, "%")
	if e.N > 1 && e.CILow <= 0 && e.CIHigh >= 0 {
		s = strings.TrimSuffix(s, ")") + ", not distinguishable from 0)"
	}
	return s
}

// num formats a number with three significant digits from 0.1 up, three
// decimals from 0.001 to 0.1 (0.00425 is 0.004: absolute precision where
// values near 0 are compared with larger ones), and %.3g beyond.
func num(v float64) string {
	if !finite(v) {
		return "n/a"
	}
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e6 || a < 1e-3 {
		return fmt.Sprintf("%.3g", v)
	}
	return strconv.FormatFloat(v, 'f', decimals(a), 64)
}

// nums formats numbers that are read together (a mean and its CI) with
// the decimals num gives the largest of them, so "1.00 [0.999, 1.00]"
// reads "1.00 [1.00, 1.00]". Non-finite values are "n/a".
func nums(vs ...float64) []string {
	big := 0.0
	for _, v := range vs {
		if finite(v) {
			big = max(big, math.Abs(v))
		}
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		switch {
		case !finite(v):
			out[i] = "n/a"
		case big >= 1e6 || big < 1e-3:
			out[i] = num(v)
		default:
			out[i] = strconv.FormatFloat(v, 'f', decimals(big), 64)
			switch x, _ := strconv.ParseFloat(out[i], 64); {
			case v == 0:
				out[i] = "0"
			case x == 0:
				// too small for the shared decimals: its own three
				// digits, rather than a "0.000" or "-0" that hides it
				out[i] = num(v)
			}
		}
	}
	return out
}

// decimals is the number of decimals num gives a (for 1e-3 <= a < 1e6).
func decimals(a float64) int {
	switch {
	case a >= 100:
		return 0
	case a >= 10:
		return 1
	case a >= 1:
		return 2
	}
	return 3
}

// pct formats a share as a percentage without decimals (one below 10,
// and one significant digit below 0.05, down to 0.001, which one decimal
// would show as 0.0: a county share of 0.03% is not none).
func pct(share float64) string {
	if !finite(share) {
		return "n/a"
	}
	v := 100 * share
	switch {
	case v > 0 && v < 0.001:
		return "<0.001"
	case v < 0 && v > -0.001:
		return ">-0.001"
	case v != 0 && math.Abs(v) < 0.05:
		return strconv.FormatFloat(v, 'g', 1, 64)
	}
	if math.Abs(v) < 10 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// pct1 formats a value already in percent.
func pct1(v float64) string { return pct(v / 100) }

// signed formats a percentage value with its sign.
func signed(v float64) string {
	s := pct1(v)
	if v >= 0 {
		return "+" + s
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// andList joins names as prose: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
