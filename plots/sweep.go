package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ipsim/ipsim/sim"
)

// Series is one line of a response curve, or one arm's points of a
// scatter: the mean and the bounds of its 95% confidence interval at each
// x. Mean, and Low and High unless nil, have one value per X; NaN values
// are not drawn. ResponseCurve and Scatter return an error on other
// lengths or a negative ColorIndex.
type Series struct {
	Name            string    // legend entry: the arm, or "arm − baseline"
	X, Mean         []float64 // the swept value and the outcome's mean there, in x order
	Low, High       []float64 // the 95% CI bounds at each X; nil: no band
	ColorIndex      int       // index into the arm palette, >= 0 (colours repeat past its end): the arm's position
	CategoryPalette bool      // use the category palette instead (series that are not arms)
	// Group, when set, is each point's cluster: points of one group are
	// not independent (a sobol base sample's or a morris trajectory's
	// points share their world and most of their values), so Scatter's
	// trend intervals take each group as one unit. nil: independent points.
	Group []int
}

// ResponseCurve draws how an outcome responds to one swept parameter:
// one line per series (arm) with its 95% band. Give series in arm order
// with ColorIndex set to the arm's position so colours match the other
// charts. A zero reference line is drawn when the values cross zero
// (effects).
func ResponseCurve(title, xName, yName string, series []Series) (*Chart, error) {
	if err := checkSeries("ResponseCurve", series); err != nil {
		return nil, err
	}
	build := func(opaque bool) *Chart {
		ch := newChart(title, 1, 1)
		p := newPanel("", xName, yName)
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range series {
			l, h := extent(s.Mean, s.Low, s.High)
			lo, hi = math.Min(lo, l), math.Max(hi, h)
		}
		if lo < 0 && hi > 0 {
			p.Add(newRefLine(0, false, color.Gray{Y: 0x60}, ""))
		}
		for _, s := range series {
			c, _ := seriesStyle(s)
			if s.Low != nil && s.High != nil {
				p.Add(&area{x: s.X, lo: s.Low, hi: s.High, fill: fade(c, bandAlpha+0.07, opaque)})
			}
		}
		for _, s := range series {
			c, dashes := seriesStyle(s)
			p.Add(newCurve(s.X, s.Mean, c, 3, dashes))
			iv := &intervals{tight: true}
			for i := range s.X {
				iv.items = append(iv.items, interval{pos: s.X[i], value: s.Mean[i], lo: math.NaN(), hi: math.NaN(), color: c})
			}
			p.Add(iv)
			ch.legend = append(ch.legend, legendItem{name: s.Name, color: c, dashes: dashes, kind: itemLine})
		}
		ch.panels[0] = p
		ch.Note = "Points: sweep values; lines: mean over replications; bands: 95% confidence interval."
		if !haveCI(series) {
			ch.Note = "Points: sweep values; lines: one replication at each, so no confidence band."
		}
		return ch
	}
	ch := build(false)
	ch.build = build
	return ch, nil
}

// checkSeries returns an error, naming fn and the series, if a series'
// slices do not have one value per X or its ColorIndex is negative,
// which would otherwise surface as an index panic deep in the drawing.
func checkSeries(fn string, series []Series) error {
	for _, s := range series {
		n := len(s.X)
		switch {
		case len(s.Mean) != n:
			return fmt.Errorf("plots: %s: series %q has %d X values and %d Mean values (want one Mean per X)", fn, s.Name, n, len(s.Mean))
		case s.Low != nil && len(s.Low) != n, s.High != nil && len(s.High) != n:
			return fmt.Errorf("plots: %s: series %q has %d X values, %d Low and %d High (want as many, or nil)", fn, s.Name, n, len(s.Low), len(s.High))
		case s.Group != nil && len(s.Group) != n:
			return fmt.Errorf("plots: %s: series %q has %d X values and %d Group values (want as many, or nil)", fn, s.Name, n, len(s.Group))
		case s.ColorIndex < 0:
			return fmt.Errorf("plots: %s: series %q has ColorIndex %d (want the arm's position, >= 0)", fn, s.Name, s.ColorIndex)
		}
	}
	return nil
}

func seriesStyle(s Series) (color.NRGBA, []vg.Length) {
	if s.CategoryPalette {
		return lineColor(s.ColorIndex), nil
	}
	st := armStyleOf(s.ColorIndex)
	return st.color, st.dashes
}

// viridis7 is a seven-step sample of the viridis colour map (sequential,
// colour-blind-safe, readable in grey).
var viridis7 = []color.NRGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x44, 0x3A, 0x83, 0xff}, {0x31, 0x68, 0x8E, 0xff}, {0x21, 0x90, 0x8D, 0xff},
	{0x35, 0xB7, 0x79, 0xff}, {0x8F, 0xD7, 0x44, 0xff}, {0xFD, 0xE7, 0x25, 0xff},
}

// sunset7 is a seven-step sample of Paul Tol's diverging "sunset" map
// (colour-blind-safe), blue below zero and red above.
var sunset7 = []color.NRGBA{
	{0x36, 0x4B, 0x9A, 0xff}, {0x6E, 0xA6, 0xCD, 0xff}, {0xC2, 0xE4, 0xEF, 0xff}, {0xEA, 0xEC, 0xCC, 0xff},
	{0xFE, 0xDA, 0x8B, 0xff}, {0xF6, 0x7E, 0x4B, 0xff}, {0xA5, 0x00, 0x26, 0xff},
}

// HeatMap draws an outcome over two swept parameters as a grid of
// rectangles (vector, never rasterised), coloured in seven bins that the
// legend lists, each cell labelled with its value. z[j][i] is the value
// at ys[j], xs[i]; NaN and infinite cells stay blank. When z has both
// signs the map diverges around zero (effects); otherwise it is
// sequential. It returns an error unless z has one row per y and each
// row one value per x.
func HeatMap(title, xName, yName, zName string, xs, ys []float64, z [][]float64) (*Chart, error) {
	return heatMap(title, xName, yName, zName, xs, ys, z, nil, nil)
}

// heatMap is HeatMap with cells whose weak[j][i] is true (a paired
// effect whose 95% interval includes 0) labelled in parentheses, and its
// bins taken from the values scale (nil: z's own), so that several maps
// of one quantity share one colour scale; scale must hold z's values.
func heatMap(title, xName, yName, zName string, xs, ys []float64, z [][]float64, weak [][]bool, scale []float64) (*Chart, error) {
	if len(z) != len(ys) {
		return nil, fmt.Errorf("plots: heat map has %d rows of values for %d y values", len(z), len(ys))
	}
	for j := range z {
		if len(z[j]) != len(xs) {
			return nil, fmt.Errorf("plots: heat map row %d has %d values for %d x values", j, len(z[j]), len(xs))
		}
	}
	ch := newChart(title, 1, 1)
	p := newPanel("", xName, yName)
	all := scale
	if all == nil {
		for _, row := range z {
			all = append(all, row...)
		}
	}
	lo, hi := extent(all)
	pal := viridis7
	if lo < 0 && hi > 0 {
		pal = sunset7
		m := math.Max(-lo, hi)
		lo, hi = -m, m
	}
	if !(hi > lo) {
		hi = lo + 1
	}
	bin := func(v float64) int {
		k := int((v - lo) / (hi - lo) * float64(len(pal)))
		return min(max(k, 0), len(pal)-1)
	}
	var cells rects
	var lb labels
	// the cells' numbers share their decimals, as a table's do
	var flat []float64
	for _, row := range z {
		flat = append(flat, row...)
	}
	texts := cellTexts(flat, bin, (hi-lo)/float64(len(pal)))
	for j := range ys {
		for i := range xs {
			v := z[j][i]
			if !finite(v) {
				continue
			}
			k := bin(v)
			cells.items = append(cells.items, rect{x0: float64(i) - 0.5, x1: float64(i) + 0.5, y0: float64(j) - 0.5, y1: float64(j) + 0.5, fill: pal[k], stroke: color.White})
			if len(xs) <= 12 && len(ys) <= 12 {
				sty := textStyle(labelSize, false)
				sty.YAlign = draw.YCenter
				if lum(pal[k]) < 0.5 {
					sty.Color = color.White
				}
				text := texts[j*len(xs)+i]
				if weak != nil && weak[j][i] {
					text = "(" + text + ")"
				}
				lb.items = append(lb.items, label{x: float64(i), y: float64(j), text: text, style: sty})
			}
		}
	}
	p.Add(&cells, &lb)
	p.X.Tick.Marker = categoryTicks(numLabels(xs))
	p.Y.Tick.Marker = categoryTicks(numLabels(ys))
	p.X.Min, p.X.Max = -0.5, float64(len(xs))-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(len(ys))-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	ch.panels[0] = p
	w := (hi - lo) / float64(len(pal))
	edges := binEdges(lo, w, len(pal))
	for k := len(pal) - 1; k >= 0; k-- {
		ch.legend = append(ch.legend, legendItem{name: edges[k] + " to " + edges[k+1], color: pal[k], kind: itemBox})
	}
	ch.legend = append([]legendItem{{name: zName, color: color.White, kind: itemBox}}, ch.legend...)
	ch.Note = "Each cell: mean over replications at that sweep point; colours in seven equal bins."
	if weak != nil {
		ch.Note += " In parentheses: the paired difference's 95% interval includes 0."
	}
	if lo < 0 && hi > 0 {
		ch.Note += " Red: above 0, blue: below."
	}
	return ch, nil
}

// binEdges are the n+1 edges of n legend bins w wide from lo, written as
// num does, unless num's three significant digits would merge two bins of
// a narrow range ("1.50 to 1.50"): then all with enough decimals.
func binEdges(lo, w float64, n int) []string {
	out := make([]string, n+1)
	for k := range out {
		out[k] = num(lo + float64(k)*w)
	}
	for k := 0; k < n; k++ {
		if out[k] == out[k+1] && w > 0 && finite(w) {
			d := max(0, 1-int(math.Floor(math.Log10(w))))
			for k := range out {
				out[k] = strconv.FormatFloat(lo+float64(k)*w, 'f', d, 64)
			}
			break
		}
	}
	return out
}

// cellTexts are the heat map cells' labels of values vs: written as nums
// writes them, unless two cells of different colours (bin) would then
// read alike ("1.10" in two bins of a range 0.02 wide); then all with
// the decimals of the legend's edges for bins w wide, so that a cell's
// number tells its colour as the legend does.
func cellTexts(vs []float64, bin func(float64) int, w float64) []string {
	out := nums(vs...)
	seen := map[string]int{}
	for i, v := range vs {
		if !finite(v) {
			continue
		}
		k, ok := seen[out[i]]
		if !ok {
			seen[out[i]] = bin(v)
			continue
		}
		if k != bin(v) && w > 0 && finite(w) {
			d := max(0, 1-int(math.Floor(math.Log10(w))))
			for j, v := range vs {
				if finite(v) {
					out[j] = strconv.FormatFloat(v, 'f', d, 64)
				}
			}
			return out
		}
	}
	return out
}

// lum is the relative luminance of c, 0 (black) to 1 (white).
func lum(c color.NRGBA) float64 {
	return (0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)) / 255
}

func numLabels(xs []float64) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.FormatFloat(x, 'g', 4, 64)
	}
	return out
}

// Index is one parameter's sensitivity indices with 95% CIs: Sobol
// first-order and total indices, or Morris mu* (First) and sigma (Total).
type Index struct {
	Parameter               string
	First, FirstLo, FirstHi float64
	Total, TotalLo, TotalHi float64
}

// Indices draws sensitivity indices as horizontal bars per parameter with
// CI whiskers: firstName and totalName label the two bars (e.g.
// "first-order", "total" for Sobol; "mu*", "sigma" for Morris). A value
// or bound may be NaN (not drawn: an index or interval the design could
// not estimate); Indices returns an error for no indices, an infinite
// value, or a Lo above its Hi.
func Indices(title, firstName, totalName, xName string, idx []Index) (*Chart, error) {
	if len(idx) == 0 {
		return nil, fmt.Errorf("plots: Indices: no indices to draw (want one Index per parameter)")
	}
	for _, x := range idx {
		for _, v := range []struct {
			name          string
			value, lo, hi float64
		}{{"First", x.First, x.FirstLo, x.FirstHi}, {"Total", x.Total, x.TotalLo, x.TotalHi}} {
			if math.IsInf(v.value, 0) || math.IsInf(v.lo, 0) || math.IsInf(v.hi, 0) {
				return nil, fmt.Errorf("plots: Indices: parameter %q: %s %v [%v, %v] is infinite (want finite values, or NaN where there is none)", x.Parameter, v.name, v.value, v.lo, v.hi)
			}
			if v.lo > v.hi {
				return nil, fmt.Errorf("plots: Indices: parameter %q: %sLo %v is above %sHi %v (want the interval's lower bound first)", x.Parameter, v.name, v.lo, v.name, v.hi)
			}
		}
	}
	ch := newChart(title, 1, 1)
	p := newPanel("", xName, "")
	n := len(idx)
	var bars rects
	var iv intervals
	iv.horizontal = true
	names := make([]string, n)
	cFirst, cTotal := categoryColor(4), categoryColor(1)
	for i, x := range idx {
		y := float64(n - 1 - i)
		names[n-1-i] = keyWords(x.Parameter)
		bars.items = append(bars.items,
			rect{x0: 0, x1: x.First, y0: y + 0.02, y1: y + 0.36, fill: cFirst},
			rect{x0: 0, x1: x.Total, y0: y - 0.36, y1: y - 0.02, fill: cTotal})
		iv.items = append(iv.items,
			interval{pos: y + 0.19, value: x.First, lo: x.FirstLo, hi: x.FirstHi, color: color.Black, noMarker: true, halo: true},
			interval{pos: y - 0.19, value: x.Total, lo: x.TotalLo, hi: x.TotalHi, color: color.Black, noMarker: true, halo: true})
	}
	p.Add(newRefLine(0, true, color.Gray{Y: 0x60}, ""), &bars, &iv)
	p.Y.Tick.Marker = categoryTicks(names)
	p.Y.Padding = 0
	ch.panels[0] = p
	ch.legend = []legendItem{{name: firstName, color: cFirst, kind: itemBox}, {name: totalName, color: cTotal, kind: itemBox}}
	ch.Note = "Whiskers: 95% bootstrap confidence intervals."
	return ch, nil
}

// sweepFigures draws the charts of a sweep folder from points.csv (heat
// maps over two swept parameters, response curves over one) and
// indices.csv (sensitivity indices).
func (r *results) sweepFigures() ([]*figure, error) {
	var out []*figure
	if r.points != nil {
		figs, err := r.pointFigures()
		if err != nil {
			return nil, err
		}
		out = append(out, figs...)
	}
	if r.indices != nil {
		figs, err := r.indexFigures()
		if err != nil {
			return nil, err
		}
		out = append(out, figs...)
	}
	return out, nil
}

// sweepParams returns the swept parameter columns of points.csv: those
// between "arm" and "metric", with their sorted distinct values. A column
// of strings or booleans (policy.promotion_basis, policy.coordination) is
// categorical: its values are coded 0, 1, ... in order of appearance,
// and codes[j] lists them (nil for a numeric column).
func (r *results) sweepParams() (names []string, values [][]float64, codes [][]string, err error) {
	t := r.points
	ia, im := t.col("arm"), t.col("metric")
	if ia < 0 || im < 0 || im <= ia {
		return nil, nil, nil, fmt.Errorf("plots: %s: want columns point, arm, the swept parameters, metric, then the statistics", t.path)
	}
	for j := ia + 1; j < im; j++ {
		seen := map[float64]bool{}
		var vs []float64
		var cats []string
		for i := range t.rows {
			v, err := t.float(i, j)
			if err != nil {
				cats = categories(t, j)
				break
			}
			if finite(v) && !seen[v] {
				seen[v] = true
				vs = append(vs, v)
			}
		}
		if cats != nil {
			vs = vs[:0]
			for k := range cats {
				vs = append(vs, float64(k))
			}
		}
		sort.Float64s(vs)
		names = append(names, t.header[j])
		values = append(values, vs)
		codes = append(codes, cats)
	}
	return names, values, codes, nil
}

// categories lists the distinct values of column j in order of appearance.
func categories(t *table, j int) []string {
	var out []string
	for _, rec := range t.rows {
		if !slices.Contains(out, rec[j]) {
			out = append(out, rec[j])
		}
	}
	return out
}

// designGroup is the number of consecutive points that make one unit of
// a sobol (a base sample: d+2 points) or morris design (a trajectory:
// d+1), for d swept keys, as scenario.toml's sweep.method says; 0 for
// the other designs, whose points are independent, or when the rows do
// not all carry their point number.
func (r *results) designGroup(d int, rows []pointRow) int {
	g := 0
	switch r.scenarioSweepMethod() {
	case "sobol":
		g = d + 2
	case "morris":
		g = d + 1
	}
	for _, pr := range rows {
		if pr.point < 0 {
			return 0
		}
	}
	return g
}

// scenarioSweepMethod is scenario.toml's sweep.method, or "".
func (r *results) scenarioSweepMethod() string {
	m, _ := lookup(r.scenario, "sweep.method").(string)
	return m
}

// pointRow is one row of points.csv for the chosen metric.
type pointRow struct {
	point             int // design point; -1 when points.csv has no point column
	arm               string
	params            []float64
	mean, lo, hi      float64
	eff, effLo, effHi float64
	hasEffect         bool
}

// pointFigures draws heat maps and response curves of value added (or the
// first metric) from points.csv.
func (r *results) pointFigures() ([]*figure, error) {
	t := r.points
	names, values, codes, err := r.sweepParams()
	if err != nil {
		return nil, err
	}
	// shown[j] names parameter j in titles, axes and captions
	shown := make([]string, len(names))
	for j, n := range names {
		shown[j] = r.paramWords(n)
	}
	// pn names parameter j on an axis: a number with its unit, as the
	// value axes give theirs; a categorical one with its codes
	pn := func(j int) string {
		if codes[j] == nil {
			if u := r.unit(names[j]); u != "" {
				return shown[j] + " (" + u + ")"
			}
			return shown[j]
		}
		parts := make([]string, len(codes[j]))
		for k, c := range codes[j] {
			parts[k] = fmt.Sprintf("%d = %s", k, c)
		}
		return shown[j] + " (" + strings.Join(parts, ", ") + ")"
	}
	// pv is parameter j's value v as a legend shows it
	pv := func(j int, v float64) string {
		if codes[j] != nil && v >= 0 && int(v) < len(codes[j]) {
			return codes[j][int(v)]
		}
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	// curve draws a response over parameter j: lines and bands over a
	// number; over a categorical key, whose values have no order to
	// interpolate, dots with whiskers at each value named on the axis
	// (side names what the series are: "arms", or the values of the
	// second key, which the dots of a category stand side by side for)
	curve := func(title string, j int, yName string, series []Series, side string) (*Chart, error) {
		if codes[j] == nil {
			return ResponseCurve(title, pn(j), yName, series)
		}
		full := make([]string, len(values[j]))
		for i, v := range values[j] {
			full[i] = pv(j, v)
		}
		labels, key := tickLabels(full)
		ch, err := categoryScatter(title, shown[j], yName, series, values[j], labels, side)
		if err != nil {
			return nil, err
		}
		if key != "" {
			ch.Note = strings.TrimSpace(key + " " + ch.Note)
		}
		return ch, nil
	}
	// valueName is how a caption names parameter j's values
	valueName := func(j int) func(float64) string {
		return func(v float64) string {
			if codes[j] != nil {
				return pv(j, v)
			}
			return numLabels([]float64{v})[0]
		}
	}
	idx, err := t.need("arm", "metric", "mean", "ci_low", "ci_high")
	if err != nil {
		return nil, err
	}
	metric := ""
	for _, rec := range t.rows {
		if rec[idx[1]] == "value_added" {
			metric = "value_added"
			break
		}
		if metric == "" {
			metric = rec[idx[1]]
		}
	}
	ia, ip := t.col("arm"), t.col("point")
	ie, iel, ieh := t.col("effect_mean"), t.col("effect_ci_low"), t.col("effect_ci_high")
	var rows []pointRow
	for i, rec := range t.rows {
		if rec[idx[1]] != metric {
			continue
		}
		pr := pointRow{point: -1, arm: rec[idx[0]]}
		if ip >= 0 {
			if p, err := t.int(i, ip); err == nil {
				pr.point = p
			}
		}
		for j := range names {
			v, _ := t.float(i, ia+1+j)
			if codes[j] != nil {
				v = float64(slices.Index(codes[j], rec[ia+1+j]))
			}
			pr.params = append(pr.params, v)
		}
		if pr.mean, err = t.float(i, idx[2]); err != nil {
			return nil, err
		}
		if pr.lo, err = t.float(i, idx[3]); err != nil {
			return nil, err
		}
		if pr.hi, err = t.float(i, idx[4]); err != nil {
			return nil, err
		}
		if ie >= 0 && iel >= 0 && ieh >= 0 {
			pr.eff, _ = t.float(i, ie)
			pr.effLo, _ = t.float(i, iel)
			pr.effHi, _ = t.float(i, ieh)
			pr.hasEffect = finite(pr.eff)
		}
		rows = append(rows, pr)
	}
	arms := r.arms()
	var varying []int
	for j, vs := range values {
		if len(vs) > 1 {
			varying = append(varying, j)
		}
	}
	label := r.axisLabel(metric)
	var out []*figure
	switch {
	case len(varying) == 1:
		j := varying[0]
		xs := values[j]
		var level, eff []Series
		for a, arm := range arms {
			s := Series{Name: arm, ColorIndex: a}
			e := Series{Name: arm + " − " + arms[0], ColorIndex: a}
			for _, x := range xs {
				pr, ok := findPoint(rows, arm, j, x)
				if !ok {
					continue
				}
				s.X, s.Mean, s.Low, s.High = append(s.X, x), append(s.Mean, pr.mean), append(s.Low, pr.lo), append(s.High, pr.hi)
				if pr.hasEffect {
					e.X, e.Mean, e.Low, e.High = append(e.X, x), append(e.Mean, pr.eff), append(e.Low, pr.effLo), append(e.High, pr.effHi)
				}
			}
			level = append(level, s)
			if a > 0 && len(e.X) > 0 {
				eff = append(eff, e)
			}
		}
		caption := responseCaption(level, metric, shown[j], valueName(j), codes[j] != nil)
		// another arm's key: those arms run the same along it, and what
		// varies is the seeds (each point has its own)
		if k := r.sweptKey(names[j]); caption != "" && strings.HasPrefix(k, "arm.") {
			var others []string
			for _, arm := range arms {
				if !strings.HasPrefix(k, "arm."+arm+".") {
					others = append(others, arm)
				}
			}
			if len(others) > 0 {
				caption += fmt.Sprintf(" %s does not apply to %s: along it, their values differ by the seeds of each point alone.", capitalize(shown[j]), andList(others))
			}
		}
		ch, err := curve(fmt.Sprintf("%s by %s", capitalize(human(metric)), shown[j]), j, label, level, "arms")
		if err != nil {
			return nil, err
		}
		out = append(out, &figure{name: "sweep_response", chart: ch, caption: caption})
		if len(eff) > 0 {
			ch, err := curve(fmt.Sprintf("Paired effect vs %s on %s, by %s", arms[0], human(metric), shown[j]), j, "difference in "+label, eff, "arms")
			if err != nil {
				return nil, err
			}
			out = append(out, &figure{name: "sweep_effect", chart: ch,
				caption: effectCurveCaption(eff, shown[j], valueName(j)), effect: true})
		}
	case len(varying) >= 2 && !isGrid(rows, varying, values):
		// A sample, not a grid: one scatter of the outcome against each
		// swept parameter, a dot per point and arm with its CI. The first
		// says where each later arm beats the first over the design,
		// which the report leads with.
		effects := sampledEffects(rows, arms, human(metric))
		group := r.designGroup(len(names), rows)
		for n, j := range varying {
			if n >= 4 {
				break
			}
			var series []Series
			for a, arm := range arms {
				s := Series{Name: arm, ColorIndex: a}
				for _, pr := range rows {
					if pr.arm == arm {
						s.X, s.Mean, s.Low, s.High = append(s.X, pr.params[j]), append(s.Mean, pr.mean), append(s.Low, pr.lo), append(s.High, pr.hi)
						if group > 0 {
							s.Group = append(s.Group, pr.point/group)
						}
					}
				}
				series = append(series, s)
			}
			pname := pn(j)
			caption := "Each dot: one sampled point of the design (all swept parameters vary at once), mean over replications with its 95% CI; read trends, not single dots."
			if !haveCI(series) {
				caption = "Each dot: one sampled point of the design (all swept parameters vary at once), one replication, so no interval; read trends, not single dots."
			}
			if drawsTrend(series) {
				caption = strings.TrimSuffix(caption, " read trends, not single dots.") + " each line is an arm's trend, the mean of its points in each " + ordinalPart(trendBins) + " of the range (with the other parameters averaged over): read those, not single dots."
			}
			ch, err := Scatter(fmt.Sprintf("%s against %s", capitalize(human(metric)), shown[j]), pname, label, series)
			if err != nil {
				return nil, err
			}
			if len(varying) > 4 {
				// the others are drawn nowhere: say so
				ch.Note += fmt.Sprintf(" Scatters are drawn against the first 4 of the %d swept parameters; points.csv holds every point's values of all of them.", len(varying))
			}
			f := &figure{name: "sweep_scatter_" + safeName(names[j]), chart: ch, caption: caption}
			if n == 0 && effects != "" {
				f.caption, f.effect = effects+" "+caption, true
			}
			out = append(out, f)
		}
	case len(varying) >= 2:
		jx, jy := varying[0], varying[1]
		xs, ys := values[jx], values[jy]
		// with more than two swept parameters the charts show one slice:
		// each cell is the first point of the design with its x and y, so
		// the other keys are at the design's first point (their first
		// listed values in a grid)
		slice := ""
		if len(varying) > 2 {
			var other []string
			for _, j := range varying[2:] {
				other = append(other, shown[j]+" = "+pv(j, rows[0].params[j]))
			}
			slice = strings.Join(other, ", ")
		}
		// the maps' values, first: the effect maps (each later arm minus
		// the first, in one unit) share one colour scale, so that two of
		// them side by side colour one size of effect alike
		type heatData struct {
			a           int
			z, zlo, zhi [][]float64
			weak        [][]bool // effect cells whose interval includes 0
		}
		var maps []heatData
		var effectValues []float64
		effectMaps := 0
		for a, arm := range arms {
			useEffect := a > 0
			z := make([][]float64, len(ys))
			var weak [][]bool
			var zlo, zhi [][]float64
			if useEffect {
				weak, zlo, zhi = make([][]bool, len(ys)), make([][]float64, len(ys)), make([][]float64, len(ys))
			}
			complete := true
			for yi, y := range ys {
				z[yi] = make([]float64, len(xs))
				if weak != nil {
					weak[yi], zlo[yi], zhi[yi] = make([]bool, len(xs)), make([]float64, len(xs)), make([]float64, len(xs))
				}
				for xi, x := range xs {
					z[yi][xi] = math.NaN()
					pr, ok := findPoint2(rows, arm, jx, x, jy, y)
					if !ok {
						complete = false
						continue
					}
					if useEffect {
						if pr.hasEffect {
							z[yi][xi] = pr.eff
							zlo[yi][xi], zhi[yi][xi] = pr.effLo, pr.effHi
							weak[yi][xi] = !(pr.effLo > 0 || pr.effHi < 0)
						}
					} else {
						z[yi][xi] = pr.mean
					}
				}
			}
			if !complete && len(varying) == 2 {
				continue
			}
			if useEffect && !anyFinite(zlo, zhi) {
				// one replication per point: no interval to put a cell in
				// parentheses for, nor to count the points it separates
				weak, zlo, zhi = nil, nil, nil
			}
			if useEffect {
				effectMaps++
				for _, row := range z {
					effectValues = append(effectValues, row...)
				}
			}
			maps = append(maps, heatData{a: a, z: z, zlo: zlo, zhi: zhi, weak: weak})
		}
		for _, m := range maps {
			a, arm, z, zlo, zhi, weak := m.a, arms[m.a], m.z, m.zlo, m.zhi, m.weak
			useEffect := a > 0
			var scale []float64 // the first arm's level map: its own values
			if useEffect {
				scale = effectValues
			}
			title := fmt.Sprintf("%s under %s", capitalize(human(metric)), arm)
			zName := label
			if useEffect {
				title = fmt.Sprintf("%s: %s minus %s (paired)", capitalize(human(metric)), arm, arms[0])
				zName = "difference (" + strings.TrimSuffix(strings.TrimPrefix(label, human(metric)+" ("), ")") + ")"
				if label == human(metric) {
					zName = "difference"
				}
			}
			ch, err := heatMap(title, pn(jx), pn(jy), zName, xs, ys, z, weak, scale)
			if err != nil {
				return nil, err
			}
			if useEffect && effectMaps > 1 {
				ch.Note += " The effect maps share one colour scale."
			}
			// a categorical axis names its values at the ticks
			for _, ax := range []struct {
				j    int
				vs   []float64
				axis *plot.Axis
			}{{jx, xs, &ch.panels[0].X}, {jy, ys, &ch.panels[0].Y}} {
				if codes[ax.j] != nil {
					full := make([]string, len(ax.vs))
					for i, v := range ax.vs {
						full[i] = pv(ax.j, v)
					}
					labels, key := tickLabels(full)
					ax.axis.Tick.Marker = categoryTicks(labels)
					ax.axis.Label.Text = shown[ax.j]
					if key != "" {
						ch.Note = strings.TrimSpace(shown[ax.j] + ": " + key + " " + ch.Note)
					}
				}
			}
			caption := heatCaption(z, zlo, zhi, xs, ys, shown[jx], shown[jy], valueName(jx), valueName(jy), arm, useEffect, arms[0])
			for _, j := range []int{jx, jy} {
				if useEffect {
					break // an effect moves with the other arm's key
				}
				// another arm's key: this arm runs the same along it, and
				// what varies is the seeds (each point has its own)
				if k := r.sweptKey(names[j]); strings.HasPrefix(k, "arm.") && !strings.HasPrefix(k, "arm."+arm+".") {
					caption += fmt.Sprintf(" %s does not apply to %s: along it, %s's values differ by the seeds of each point alone.", shown[j], arm, arm)
				}
			}
			if slice != "" {
				ch.Note = "The slice at " + slice + " (the other swept parameters' first listed values). " + ch.Note
				caption = "At " + slice + ": " + caption + designBest(rows, arm, useEffect, arms[0], varying, shown, pv)
			}
			out = append(out, &figure{name: "sweep_heatmap_" + safeName(arm), chart: ch, effect: useEffect, caption: caption})
		}
		// Response curves over the first parameter, one line per value of
		// the second: for each later arm its paired effect (sweep_response
		// the second arm's, sweep_response_ARM the others'), or the level
		// when there is one arm.
		curveArms := []int{0}
		if len(arms) > 1 {
			curveArms = curveArms[:0]
			for a := 1; a < len(arms); a++ {
				curveArms = append(curveArms, a)
			}
		}
		for _, a := range curveArms {
			var series []Series
			for yi, y := range ys {
				s := Series{Name: shown[jy] + " = " + pv(jy, y), ColorIndex: yi, CategoryPalette: true}
				for _, x := range xs {
					pr, ok := findPoint2(rows, arms[a], jx, x, jy, y)
					if !ok {
						continue
					}
					if a > 0 {
						if !pr.hasEffect {
							continue
						}
						s.X, s.Mean, s.Low, s.High = append(s.X, x), append(s.Mean, pr.eff), append(s.Low, pr.effLo), append(s.High, pr.effHi)
					} else {
						s.X, s.Mean, s.Low, s.High = append(s.X, x), append(s.Mean, pr.mean), append(s.Low, pr.lo), append(s.High, pr.hi)
					}
				}
				if len(s.X) > 0 {
					series = append(series, s)
				}
			}
			if len(series) == 0 {
				continue
			}
			yl := label
			title := fmt.Sprintf("%s by %s", capitalize(human(metric)), shown[jx])
			if a > 0 {
				yl = "difference in " + label
				title = fmt.Sprintf("%s: %s minus %s, by %s", capitalize(human(metric)), arms[a], arms[0], shown[jx])
			}
			ch, err := curve(title, jx, yl, series, "values of "+shown[jy])
			if err != nil {
				return nil, err
			}
			caption := fmt.Sprintf("One line per value of %s; bands are 95%% confidence intervals over replications.", shown[jy])
			if !haveCI(series) {
				caption = fmt.Sprintf("One line per value of %s; one replication per point, so no confidence band.", shown[jy])
			}
			if codes[jx] != nil {
				// a categorical x: dots side by side, no lines or bands
				caption = fmt.Sprintf("One dot per value of %s at each value of %s; whiskers are 95%% confidence intervals over replications.", shown[jy], shown[jx])
				if !haveCI(series) {
					caption = fmt.Sprintf("One dot per value of %s at each value of %s; one replication per point, so no interval.", shown[jy], shown[jx])
				}
			}
			if slice != "" {
				ch.Note = "The slice at " + slice + " (the other swept parameters' first listed values). " + ch.Note
				caption += " The slice at " + slice + "."
			}
			name := "sweep_response"
			if a > 1 {
				name += "_" + safeName(arms[a])
			}
			out = append(out, &figure{name: name, chart: ch, caption: caption})
		}
	}
	return out, nil
}

// anyFinite reports whether some cell has both a finite lo and hi.
func anyFinite(lo, hi [][]float64) bool {
	for j := range lo {
		for i := range lo[j] {
			if finite(lo[j][i]) && finite(hi[j][i]) {
				return true
			}
		}
	}
	return false
}

// isGrid reports whether the design is a grid whose heat map is
// readable: every arm's points take every combination of the varying
// parameters' values, each once, and the first two make at most 400
// cells. The first two taking all their combinations is not enough: a
// Morris design on its 4-level grid, or a Sobol design of one base
// sample, can, while the other parameters change from cell to cell, so
// no slice at fixed values of theirs exists to draw.
func isGrid(rows []pointRow, varying []int, values [][]float64) bool {
	jx, jy := varying[0], varying[1]
	if len(values[jx])*len(values[jy]) > 400 {
		return false
	}
	want := 1
	for _, j := range varying {
		if want *= len(values[j]); want > len(rows) {
			return false
		}
	}
	seen := map[string]map[string]bool{}
	for _, pr := range rows {
		key := make([]string, len(varying))
		for n, j := range varying {
			key[n] = strconv.FormatFloat(pr.params[j], 'g', -1, 64)
		}
		k := strings.Join(key, ",")
		if seen[pr.arm] == nil {
			seen[pr.arm] = map[string]bool{}
		}
		if seen[pr.arm][k] {
			return false // a combination twice: not a grid's points
		}
		seen[pr.arm][k] = true
	}
	for _, combos := range seen {
		if len(combos) != want {
			return false
		}
	}
	return true
}

// tickLabel shortens a categorical value for an axis tick, where a long
// one would squeeze the plot away: quotes go, and a list longer than 24
// characters is shown by its first item and length ("[subsidy, … 10 items]").
// Captions name the values in full.
func tickLabel(s string) string {
	s = strings.ReplaceAll(s, `"`, "")
	if utf8.RuneCountInString(s) <= 24 {
		return s
	}
	if inner, ok := strings.CutPrefix(s, "["); ok {
		items := strings.Split(strings.TrimSuffix(inner, "]"), ", ")
		return fmt.Sprintf("[%s, … %d items]", items[0], len(items))
	}
	return string([]rune(s)[:23]) + "…"
}

// tickLabels shortens values for axis ticks (tickLabel); when two would
// read alike, the ticks are v1, v2, ... and key says what each is, for
// the chart's note ("v1 = [...]; v2 = [...]."), else key is "".
func tickLabels(full []string) (labels []string, key string) {
	labels = make([]string, len(full))
	seen := map[string]bool{}
	unique := true
	for i, f := range full {
		labels[i] = tickLabel(f)
		unique = unique && !seen[labels[i]]
		seen[labels[i]] = true
	}
	if unique {
		return labels, ""
	}
	parts := make([]string, len(full))
	for i, f := range full {
		labels[i] = fmt.Sprintf("v%d", i+1)
		parts[i] = labels[i] + " = " + strings.ReplaceAll(f, `"`, "")
	}
	return labels, strings.Join(parts, "; ") + "."
}

// Scatter draws sampled points: for each series (arm), a dot per point
// at (X, Mean) with a vertical whisker from Low to High. When the largest
// series has 40 points or more, spread over more than one x, every series
// also gets its trend, the mean of its points in each tenth of the x
// range with that mean's 95% interval as a band, which a cloud of dots
// hides; from 300 points the dots are small, faded and without whiskers,
// and past 2,000 only every k-th is drawn, k = ceil(points / 2,000) (the
// trend uses them all), so that a design of many thousand points stays
// legible and its SVG small. The chart's Note says which of these apply.
func Scatter(title, xName, yName string, series []Series) (*Chart, error) {
	if err := checkSeries("Scatter", series); err != nil {
		return nil, err
	}
	build := func(opaque bool) *Chart {
		ch := newChart(title, 1, 1)
		p := newPanel("", xName, yName)
		most, xlo, xhi := scatterSpan(series)
		plain, step := most >= plainFrom, max(1, (most+maxDots-1)/maxDots)
		for _, s := range series {
			c, _ := seriesStyle(s)
			iv := &intervals{tight: true, width: 1.2}
			dot := color.Color(c)
			if plain {
				iv.radius, dot = 2.5, fade(c, 0.5, opaque)
			}
			for i := 0; i < len(s.X); i += step {
				lo, hi := math.NaN(), math.NaN()
				if s.Low != nil && s.High != nil && !plain {
					lo, hi = s.Low[i], s.High[i]
				}
				iv.items = append(iv.items, interval{pos: s.X[i], value: s.Mean[i], lo: lo, hi: hi, color: dot, shape: armShape(s.ColorIndex)})
			}
			p.Add(iv)
			ch.legend = append(ch.legend, legendItem{name: s.Name, color: c, kind: itemDot, shape: armShape(s.ColorIndex)})
		}
		trend := drawsTrend(series)
		gaps := false // a bin without an interval: no band there
		if trend {
			for _, s := range series {
				c, dashes := seriesStyle(s)
				b := binnedMeans(s, xlo, xhi, trendBins)
				gaps = gaps || slices.ContainsFunc(b.lo, func(v float64) bool { return !finite(v) })
				p.Add(&area{x: b.x, lo: b.lo, hi: b.hi, fill: fade(c, bandAlpha+0.07, opaque)})
				p.Add(newCurve(b.x, b.mean, c, 3, dashes))
			}
		}
		pad(&p.X, 0.03)
		pad(&p.Y, 0.03) // a whisker reaching the range's end keeps its cap
		ch.panels[0] = p
		dots := "Dots: mean over replications at each sampled point; whiskers: 95% confidence interval."
		switch {
		case !haveCI(series):
			dots = "Dots: the value at each sampled point (one replication: no confidence interval)."
		case plain:
			dots = "Dots: mean over replications at each sampled point (their intervals left out)."
		}
		if step > 1 {
			dots = strings.TrimSuffix(dots, ".") + fmt.Sprintf("; every %s point drawn.", ordinal(step))
		}
		if trend {
			dots += fmt.Sprintf(" Lines: the mean of the points in each %s of the range; bands: its 95%% confidence interval", ordinalPart(trendBins))
			if grouped(series) {
				dots += " (the points of a base sample or trajectory, which share most of their values and, but for a Sobol B point, their world, count as one unit)"
			}
			if gaps {
				unit := "points" // "units" only where the note above says what one is
				if grouped(series) {
					unit = "units"
				}
				dots += "; none where a part holds fewer than two " + unit + ", whose mean has no interval"
			}
			dots += "."
		}
		ch.Note = dots
		return ch
	}
	ch := build(false)
	ch.build = build
	return ch, nil
}

// The thresholds of Scatter, in points per series.
const (
	trendFrom = 40   // a binned trend line from here
	plainFrom = 300  // small dots without whiskers from here
	maxDots   = 2000 // at most about this many dots drawn
	trendBins = 10   // the trend's bins over the x range
)

// scatterSpan is the most points of any series and the x range of all.
func scatterSpan(series []Series) (most int, xlo, xhi float64) {
	xlo, xhi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		most = max(most, len(s.X))
		l, h := extent(s.X)
		xlo, xhi = math.Min(xlo, l), math.Max(xhi, h)
	}
	return most, xlo, xhi
}

// grouped reports whether any series says which points belong together.
func grouped(series []Series) bool {
	for _, s := range series {
		if s.Group != nil {
			return true
		}
	}
	return false
}

// drawsTrend reports whether Scatter draws the series' trends: enough
// points, over more than one x.
func drawsTrend(series []Series) bool {
	most, xlo, xhi := scatterSpan(series)
	return most >= trendFrom && xhi > xlo
}

// binnedMeans is the mean of s's points in each of n equal bins of
// [lo, hi], at the bin's middle, with the 95% interval of that mean over
// the bin's points (over its groups when s.Group is set: clusteredMean);
// bins without points are left out.
func binnedMeans(s Series, lo, hi float64, n int) band {
	var b band
	for k := range n {
		a, z := lo+(hi-lo)*float64(k)/float64(n), lo+(hi-lo)*float64(k+1)/float64(n)
		var ys []float64
		var gs []int
		for i, x := range s.X {
			if (x >= a && x < z || k == n-1 && x == hi) && finite(s.Mean[i]) {
				ys = append(ys, s.Mean[i])
				if s.Group != nil {
					gs = append(gs, s.Group[i])
				}
			}
		}
		if len(ys) == 0 {
			continue
		}
		st := sim.Summarize(ys)
		if s.Group != nil {
			st = clusteredMean(ys, gs)
		}
		b.x = append(b.x, (a+z)/2)
		b.mean, b.lo, b.hi = append(b.mean, st.Mean), append(b.lo, st.CILow), append(b.hi, st.CIHigh)
	}
	return b
}

// clusteredMean is the mean of ys with a 95% interval that takes the
// points of one group (groups[i] is ys[i]'s) as one unit: the
// cluster-robust variance G/(G-1) * sum_g (sum_{i in g} (y_i - mean))^2 / n^2
// over the G groups, with Student's t on G-1 degrees of freedom. With one
// point per group it is Summarize's interval; with fewer than two groups
// there is none. Points that share a world and most of their values
// (a sobol base sample, a morris trajectory) counted as independent
// give an interval too narrow: with 8 keys a "95%" band covered the true
// mean about 55% of the time.
func clusteredMean(ys []float64, groups []int) sim.Summary {
	s := sim.Summarize(ys)
	res := map[int]float64{}
	for i, y := range ys {
		res[groups[i]] += y - s.Mean
	}
	g := len(res)
	if g < 2 {
		s.CILow, s.CIHigh = math.NaN(), math.NaN()
		return s
	}
	v := 0.0
	for _, r := range res {
		v += r * r
	}
	n := float64(len(ys))
	v *= float64(g) / float64(g-1) / (n * n)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(g - 1)}.Quantile(0.975)
	half := t * math.Sqrt(v)
	s.CILow, s.CIHigh = s.Mean-half, s.Mean+half
	return s
}

// ordinal is "2nd", "3rd", "10th", ...
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// ordinalPart names one n-th of a whole: "tenth", "fifth", or "1/n".
func ordinalPart(n int) string {
	if w, ok := map[int]string{2: "half", 4: "quarter", 5: "fifth", 10: "tenth", 20: "twentieth"}[n]; ok {
		return w
	}
	return "1/" + strconv.Itoa(n)
}

// sampledEffects says, for each arm after the first, at how many points
// of a sampled design its paired effect on the metric is clearly above
// or below 0 and its mean over the points; "" without effects.
func sampledEffects(rows []pointRow, arms []string, metric string) string {
	var parts []string
	withCI := false // any point's effect has an interval (not with one replication)
	for _, pr := range rows {
		withCI = withCI || pr.hasEffect && finite(pr.effLo) && finite(pr.effHi)
	}
	for _, arm := range arms[min(1, len(arms)):] {
		n, above, below := 0, 0, 0
		var effs []float64
		for _, pr := range rows {
			if pr.arm != arm || !pr.hasEffect || !finite(pr.eff) {
				continue
			}
			n++
			effs = append(effs, pr.eff)
			switch {
			case withCI && pr.effLo > 0, !withCI && pr.eff > 0:
				above++
			case withCI && pr.effHi < 0, !withCI && pr.eff < 0:
				below++
			}
		}
		if n == 0 {
			continue
		}
		clearly := "clearly "
		if !withCI {
			clearly = ""
		}
		switch {
		case above == 0 && below == 0 && withCI:
			parts = append(parts, fmt.Sprintf("%s minus %s is clearly above or below 0 at none of %d points, %s on average",
				arm, arms[0], n, num(meanFinite(effs))))
		case above == 0 && below == 0:
			parts = append(parts, fmt.Sprintf("%s minus %s is 0 at all %d points", arm, arms[0], n))
		default:
			parts = append(parts, fmt.Sprintf("%s minus %s is %sabove 0 at %d and %sbelow at %d of %d points, %s on average",
				arm, arms[0], clearly, above, clearly, below, n, num(meanFinite(effs))))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	how := " (paired 95% CI at each point; the rest are not distinguishable from 0)."
	if !withCI {
		how = " (one replication at each point: no interval, so no single point is a clear difference)."
	}
	return "Over the sampled design, in " + metric + ": " + strings.Join(parts, "; ") + how
}

// haveCI reports whether any point of the series has a finite 95%
// interval (none has with one replication per point).
func haveCI(series []Series) bool {
	for _, s := range series {
		for i := range s.Low {
			if i < len(s.High) && finite(s.Low[i]) && finite(s.High[i]) {
				return true
			}
		}
	}
	return false
}

// categoryScatter draws a response over a categorical parameter: for
// each series a dot per value with its whisker, the series (side: what
// they are, "arms" or the values of another key) side by side at each
// value, the values (xs, in order) named by labels on the axis.
func categoryScatter(title, xName, yName string, series []Series, xs []float64, labels []string, side string) (*Chart, error) {
	dodged := make([]Series, len(series))
	for a, s := range series {
		off := (float64(a) - float64(len(series)-1)/2) * 0.12
		d := s
		d.X = make([]float64, len(s.X))
		for i, x := range s.X {
			d.X[i] = x + off
		}
		dodged[a] = d
	}
	ch, err := Scatter(title, xName, yName, dodged)
	if err != nil {
		return nil, err
	}
	p := ch.panels[0]
	ticks := make(plot.ConstantTicks, len(xs))
	for i, x := range xs {
		ticks[i] = plot.Tick{Value: x, Label: labels[i]}
	}
	p.X.Tick.Marker = ticks
	if len(xs) > 0 {
		p.X.Min, p.X.Max = slices.Min(xs)-0.5, slices.Max(xs)+0.5
	}
	p.X.Padding = 0
	ch.Note = "Dots: mean over replications at each value (" + side + " side by side); whiskers: 95% confidence interval."
	if !haveCI(series) {
		ch.Note = "Dots: one replication at each value (" + side + " side by side), so no confidence interval."
	}
	return ch, nil
}

func findPoint(rows []pointRow, arm string, j int, x float64) (pointRow, bool) {
	for _, pr := range rows {
		if pr.arm == arm && pr.params[j] == x {
			return pr, true
		}
	}
	return pointRow{}, false
}

func findPoint2(rows []pointRow, arm string, jx int, x float64, jy int, y float64) (pointRow, bool) {
	for _, pr := range rows {
		if pr.arm == arm && pr.params[jx] == x && pr.params[jy] == y {
			return pr, true
		}
	}
	return pointRow{}, false
}

// safeName makes an arm name safe for a file name.
func safeName(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
			b.WriteRune(c)
		} else {
			b.WriteRune('_')
		}
	}
	return b.String()
}

// responseCaption says how each arm's level moves over the swept key:
// from its first to its last value, or, for a key of strings or booleans
// (no order), its level at each value. xv names a value.
func responseCaption(level []Series, metric, pname string, xv func(float64) string, categorical bool) string {
	var parts []string
	for _, s := range level {
		if len(s.X) < 2 {
			continue
		}
		if categorical {
			var at []string
			for i, x := range s.X {
				at = append(at, fmt.Sprintf("%s at %s", num(s.Mean[i]), xv(x)))
			}
			parts = append(parts, s.Name+": "+strings.Join(at, ", "))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s goes from %s at %s = %s to %s at %s", s.Name, num(s.Mean[0]), pname, xv(s.X[0]), num(s.Mean[len(s.Mean)-1]), xv(s.X[len(s.X)-1])))
	}
	if len(parts) == 0 {
		return ""
	}
	return capitalize(human(metric)) + ": " + strings.Join(parts, "; ") + "."
}

// effectCurveCaption says where each arm's paired effect is clearly above
// or below 0 over the swept key (xv names a value). With one replication
// per point there is no interval to say it with: it counts the values
// where each effect is above and below 0 instead, as sampledEffects does.
func effectCurveCaption(eff []Series, pname string, xv func(float64) string) string {
	var parts []string
	if !haveCI(eff) {
		for _, s := range eff {
			above, below := 0, 0
			for _, m := range s.Mean {
				switch {
				case m > 0:
					above++
				case m < 0:
					below++
				}
			}
			parts = append(parts, fmt.Sprintf("%s: above 0 at %d and below at %d of %d values of %s", s.Name, above, below, len(s.X), pname))
		}
		return strings.Join(parts, "; ") + " (one replication per point: no interval, so no value is a clear difference)."
	}
	for _, s := range eff {
		var pos, neg []string
		for i, x := range s.X {
			switch {
			case s.Low[i] > 0:
				pos = append(pos, xv(x))
			case s.High[i] < 0:
				neg = append(neg, xv(x))
			}
		}
		var where []string
		if len(pos) > 0 {
			where = append(where, "clearly positive at "+pname+" = "+strings.Join(pos, ", "))
		}
		if len(neg) > 0 {
			where = append(where, "clearly negative at "+pname+" = "+strings.Join(neg, ", "))
		}
		if len(where) == 0 {
			where = append(where, "not clearly different from 0 at any "+pname)
		}
		parts = append(parts, s.Name+": "+strings.Join(where, ", "))
	}
	return strings.Join(parts, "; ") + " (95% CI of the paired difference)."
}

// designBest names the best point of the whole design for arm (names:
// the parameters as captions name them): its
// largest value, or for a paired effect its largest advantage over base
// (the smallest loss when it loses everywhere), with every varying
// parameter's value there. It starts with a space, or is empty.
func designBest(rows []pointRow, arm string, effect bool, base string, varying []int, names []string, pv func(int, float64) string) string {
	var best *pointRow
	val := func(pr *pointRow) float64 {
		if effect {
			if !pr.hasEffect {
				return math.NaN()
			}
			return pr.eff
		}
		return pr.mean
	}
	for i := range rows {
		pr := &rows[i]
		if pr.arm != arm || !finite(val(pr)) {
			continue
		}
		if best == nil || val(pr) > val(best) {
			best = pr
		}
	}
	if best == nil {
		return ""
	}
	var at []string
	for _, j := range varying {
		at = append(at, names[j]+" = "+pv(j, best.params[j]))
	}
	v := val(best)
	if !effect {
		return fmt.Sprintf(" Over the whole design, its largest value (%s) is at %s.", num(v), strings.Join(at, ", "))
	}
	// as heatCaption: an advantage or a loss is one its interval clears
	// of 0; no interval (one replication) leaves the words as they were
	text, clear := num(v), true
	if finite(best.effLo) && finite(best.effHi) {
		text += fmt.Sprintf(", 95%% CI %s to %s", num(best.effLo), num(best.effHi))
		if clear = best.effLo > 0 || best.effHi < 0; !clear {
			text += ", not distinguishable from 0"
		}
	}
	switch {
	case v < 0 && clear:
		return fmt.Sprintf(" Over the whole design, its smallest loss (%s) is at %s.", text, strings.Join(at, ", "))
	case v < 0:
		return fmt.Sprintf(" Over the whole design, its smallest difference from %s (%s) is at %s.", base, text, strings.Join(at, ", "))
	case !clear:
		return fmt.Sprintf(" Over the whole design, its largest difference from %s (%s) is at %s.", base, text, strings.Join(at, ", "))
	}
	return fmt.Sprintf(" Over the whole design, its largest advantage over %s (%s) is at %s.", base, text, strings.Join(at, ", "))
}

// heatCaption names the best cell of a heat map: the largest value, or
// for a paired effect the largest advantage (the smallest loss when the
// arm loses everywhere). xn and yn name the axes, xv and yv their values.
func heatCaption(z, lo, hi [][]float64, xs, ys []float64, xn, yn string, xv, yv func(float64) string, arm string, effect bool, base string) string {
	bi, bj, bv := -1, -1, math.Inf(-1)
	for j := range z {
		for i := range z[j] {
			if finite(z[j][i]) && z[j][i] > bv {
				bi, bj, bv = i, j, z[j][i]
			}
		}
	}
	if bi < 0 {
		return ""
	}
	at := fmt.Sprintf("%s = %s, %s = %s", xn, xv(xs[bi]), yn, yv(ys[bj]))
	if !effect {
		return fmt.Sprintf("%s's largest value (%s) is at %s.", arm, num(bv), at)
	}
	val := num(bv)
	clear := true // no interval (one replication) leaves the words as they were
	if lo != nil && finite(lo[bj][bi]) {
		val += fmt.Sprintf(", 95%% CI %s to %s", num(lo[bj][bi]), num(hi[bj][bi]))
		if clear = lo[bj][bi] > 0 || hi[bj][bi] < 0; !clear {
			val += ", not distinguishable from 0"
		}
	}
	// how many points the paired interval separates from 0: the largest
	// of many noisy cells overstates the effect there
	above, below, n := 0, 0, 0
	for j := range z {
		for i := range z[j] {
			if !finite(z[j][i]) {
				continue
			}
			n++
			switch {
			case lo != nil && lo[j][i] > 0:
				above++
			case lo != nil && hi[j][i] < 0:
				below++
			}
		}
	}
	count := ""
	if lo != nil {
		count = fmt.Sprintf(" The paired 95%% interval is above 0 at %d of %d points and below 0 at %d; the largest of many noisy cells overstates the effect there.", above, n, below)
	}
	// an advantage or a loss is a clear one; "below at every point" holds
	// of every point's interval, else of the means alone
	switch {
	case bv < 0:
		where := fmt.Sprintf("%s's mean is below %s's at every point", arm, base)
		if lo != nil && below == n {
			where = fmt.Sprintf("%s is clearly below %s at every point", arm, base)
		}
		what := "smallest loss"
		if !clear {
			what = "smallest difference"
		}
		return fmt.Sprintf("%s; its %s (%s) is at %s.%s", where, what, val, at, count)
	case !clear:
		return fmt.Sprintf("%s's largest difference from %s (%s) is at %s.%s", arm, base, val, at, count)
	}
	return fmt.Sprintf("%s's largest advantage over %s (%s) is at %s.%s", arm, base, val, at, count)
}

// indexFigures draws indices.csv (Sobol or Morris) for value added, or
// the first metric it has: one chart per arm and outcome ("level" for the
// first arm, "effect" vs it for the others) when the file has those
// columns.
func (r *results) indexFigures() ([]*figure, error) {
	t := r.indices
	ip, im, ia, io := t.col("parameter"), t.col("metric"), t.col("arm"), t.col("outcome")
	if ip < 0 {
		return nil, nil
	}
	type cols struct{ v, lo, hi int }
	find := func(prefixes ...string) cols {
		for _, p := range prefixes {
			if j := t.col(p); j >= 0 {
				base := strings.TrimSuffix(p, "_order")
				return cols{v: j, lo: t.col(base + "_ci_low"), hi: t.col(base + "_ci_high")}
			}
		}
		return cols{-1, -1, -1}
	}
	first, total := find("first_order", "first"), find("total")
	firstName, totalName, xName := "first-order index", "total index", "share of output variance"
	morris := false
	if first.v < 0 {
		first, total = find("mu_star"), find("sigma")
		firstName, totalName = "mu* (mean |elementary effect|)", "sigma (interactions, non-linearity)"
		morris = true
	}
	if first.v < 0 || total.v < 0 {
		return nil, nil
	}
	metric := ""
	if im >= 0 {
		for _, rec := range t.rows {
			if rec[im] == "value_added" {
				metric = "value_added"
				break
			}
			if metric == "" {
				metric = rec[im]
			}
		}
	}
	get := func(i, j int) float64 {
		if j < 0 {
			return math.NaN()
		}
		v, err := t.float(i, j)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	type group struct{ arm, outcome string }
	var groups []group
	idx := map[group][]Index{}
	for i, rec := range t.rows {
		if im >= 0 && rec[im] != metric {
			continue
		}
		g := group{}
		if ia >= 0 {
			g.arm = rec[ia]
		}
		if io >= 0 {
			g.outcome = rec[io]
		}
		if _, ok := idx[g]; !ok {
			groups = append(groups, g)
		}
		idx[g] = append(idx[g], Index{Parameter: rec[ip],
			First: get(i, first.v), FirstLo: get(i, first.lo), FirstHi: get(i, first.hi),
			Total: get(i, total.v), TotalLo: get(i, total.lo), TotalHi: get(i, total.hi)})
	}
	var out []*figure
	arms := r.arms()
	for _, g := range groups {
		// The level of the first arm, and each other arm's effect.
		if g.outcome != "" && ia >= 0 && len(arms) > 0 {
			if g.arm == arms[0] && g.outcome != "level" || g.arm != arms[0] && g.outcome != "effect" {
				continue
			}
		}
		ix := idx[g]
		what := human(metric)
		if g.arm != "" {
			what += " under " + g.arm
			if g.outcome == "effect" && len(arms) > 0 {
				what = human(metric) + ": " + g.arm + " minus " + arms[0]
			}
		}
		// importance: a Sobol total index, a Morris mu* (sigma measures
		// non-linearity and interactions, not importance)
		importance := func(x Index) float64 {
			if morris {
				return x.First
			}
			return x.Total
		}
		best := -1
		for i := range ix {
			if finite(importance(ix[i])) && (best < 0 || importance(ix[i]) > importance(ix[best])) {
				best = i
			}
		}
		name := "sensitivity"
		if g.arm != "" {
			name += "_" + safeName(g.arm)
		}
		// the importance's interval: a parameter whose interval reaches
		// the best one's leaves the order unsettled at this sample size
		span := func(x Index) (lo, hi float64) {
			if morris {
				return x.FirstLo, x.FirstHi
			}
			return x.TotalLo, x.TotalHi
		}
		var near []string
		if best >= 0 {
			lo, _ := span(ix[best])
			for i := range ix {
				if _, hi := span(ix[i]); i != best && finite(lo) && finite(hi) && hi >= lo {
					near = append(near, fmt.Sprintf("%s (%s)", keyWords(ix[i].Parameter), num(importance(ix[i]))))
				}
			}
		}
		caption := ""
		if best >= 0 {
			b := ix[best]
			measure, figures := totalName, fmt.Sprintf("%s %s, %s %s", totalName, num(b.Total), firstName, num(b.First))
			if morris {
				measure, figures = "mu*", fmt.Sprintf("%s %s, %s %s", firstName, num(b.First), totalName, num(b.Total))
			}
			caption = fmt.Sprintf("%s matters most for %s (%s).", keyWords(b.Parameter), what, figures)
			if lo, hi := span(b); len(ix) > 1 && !(finite(lo) && finite(hi)) {
				// one base sample or trajectory: no interval to clear
				one := "base sample"
				if morris {
					one = "trajectory"
				}
				caption = fmt.Sprintf("%s has the largest %s for %s (%s), with no interval to compare (one %s): which matters most is not settled.", keyWords(b.Parameter), measure, what, figures, one)
			}
			if len(near) > 0 {
				those := "that"
				if len(near) > 1 {
					those = "those"
				}
				caption = fmt.Sprintf("%s has the largest %s for %s (%s), but its 95%% interval overlaps %s of %s: at this sample size which matters most is not settled.", keyWords(b.Parameter), measure, what, figures, those, andList(near))
			}
		}
		if !morris {
			caption += sobolNotes(ix)
		}
		if morris {
			// elementary effects are in the metric's unit per range
			xName = "effect over a parameter's range"
			if u := r.unit(metric); u != "" {
				xName += " (" + u + ")"
			}
		}
		ch, err := Indices("Sensitivity of "+what, firstName, totalName, xName, ix)
		if err != nil {
			return nil, err
		}
		if morris {
			ch.Note = "Each effect: the change in the outcome when one parameter moves across its whole range, so parameters of different ranges compare. Whiskers: 95% bootstrap confidence intervals of mu* (sigma has none). Sigma holds the run-to-run noise too (each trajectory runs in a world of its own), which more replications shrink."
		}
		out = append(out, &figure{name: name, chart: ch, caption: strings.TrimSpace(caption)})
	}
	return out, nil
}

// sweptKey is the scenario key behind a swept column of points.csv, as
// columns.csv gives it ("swept parameter KEY: ..."), or "".
func (r *results) sweptKey(column string) string {
	for _, f := range []string{"points.csv", "sweep.csv"} {
		if ci, ok := r.columns[f][column]; ok {
			if k, ok := strings.CutPrefix(ci.meaning, "swept parameter "); ok {
				k, _, _ = strings.Cut(k, ":")
				return k
			}
		}
	}
	return ""
}

// sobolNotes are the caption's warnings on Sobol indices ix: an index no
// share of variance can take (below 0, above 1, a first-order index above
// its total, first-order indices summing to more than 1) is sampling noise; and what the first-order indices leave
// unexplained. Each starts with a space; "" when there is nothing to say.
func sobolNotes(ix []Index) string {
	const tol = 1e-9 // rounding, not noise
	below, above, crossed := false, false, false
	sum, all := 0.0, len(ix) > 0
	for _, x := range ix {
		below = below || x.First < -tol || x.Total < -tol
		above = above || x.First > 1+tol || x.Total > 1+tol
		crossed = crossed || x.First > x.Total+tol
		all = all && finite(x.First)
		sum += x.First
	}
	// the first-order shares of one variance, of inputs drawn
	// independently, add up to at most 1
	over := all && sum > 1+tol
	var odd []string
	for _, o := range []struct {
		is   bool
		what string
	}{{below, "below 0"}, {above, "above 1"}, {crossed, "a first-order index above its total"}, {over, fmt.Sprintf("first-order indices summing to %s, more than 1", num(sum))}} {
		if o.is {
			odd = append(odd, o.what)
		}
	}
	if len(odd) > 0 {
		return " Some indices are what no share of variance can be (" + strings.Join(odd, "; ") + "): at this sample size the estimates are noisy (read their intervals; more points, sweep.points, narrow them)."
	}
	if all && sum < 1-tol {
		return fmt.Sprintf(" The first-order indices sum to %s; the rest (%s) is the parameters' interactions and the run-to-run noise of the seeds, which no swept parameter explains.", num(sum), num(1-sum))
	}
	return ""
}

// paramWords names a swept column of points.csv for a reader: the words
// of its key as columns.csv gives it, as written (sector.Steel.growth is
// "sector Steel growth", not its lower-case column's words, which another
// sector, steel, shares), also where the column is a shortened key (an
// arm's key without its section, a long key cut and given a hash:
// arm_coordinated_autonomy_po_307c); a column without a key, its words.
func (r *results) paramWords(column string) string {
	key := r.sweptKey(column)
	if key == "" {
		return human(column)
	}
	return keyWords(key)
}

// keyWords writes a scenario key in words, as charts name swept
// parameters: "world.heterogeneity" is "world heterogeneity".
func keyWords(key string) string {
	return strings.NewReplacer(".", " ", "_", " ").Replace(key)
}
