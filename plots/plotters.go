package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters below skip NaN values (a metric undefined at a step)
// instead of refusing them as gonum's own plotters do.

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// extent returns the finite min and max of the slices, or +Inf, -Inf.
func extent(xss ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, xs := range xss {
		for _, x := range xs {
			if finite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	return lo, hi
}

// curve is a line through (x[i], y[i]), broken where y is NaN. A point
// with no finite neighbour (a run of one step, a share defined at one
// step only) is drawn as a dot, which a line through one point would not
// show.
type curve struct {
	x, y  []float64
	style draw.LineStyle
}

func newCurve(x, y []float64, c color.Color, width float64, dashes []vg.Length) *curve {
	return &curve{x: x, y: y, style: draw.LineStyle{Color: c, Width: vg.Points(width), Dashes: dashes}}
}

// Plot draws the curve.
func (l *curve) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var seg []vg.Point
	flush := func() {
		switch {
		case len(seg) > 1:
			c.StrokeLines(l.style, c.ClipLinesXY(seg)...)
		case len(seg) == 1 && c.Contains(seg[0]):
			r := max(l.style.Width, vg.Points(2))
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: l.style.Color, Radius: r, Shape: draw.CircleGlyph{}}, seg[0])
		}
		seg = nil
	}
	for i := range l.x {
		if !finite(l.x[i]) || !finite(l.y[i]) {
			flush()
			continue
		}
		seg = append(seg, vg.Point{X: trX(l.x[i]), Y: trY(l.y[i])})
	}
	flush()
}

// DataRange returns the curve's extent.
func (l *curve) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = extent(l.x)
	ymin, ymax = extent(l.y)
	return
}

// area fills the region between lo and hi over x, broken where either is
// NaN: confidence bands and stacked areas. Without width, a point with no
// finite neighbour is drawn as a bar from lo to hi, the interval a band
// through one point would not show.
type area struct {
	x, lo, hi []float64
	fill      color.Color
	// width > 0 draws steps: each value holds from its x to x+width (a
	// year's count from the year's start to its end), so that a value
	// whose neighbours are missing still has that width. 0 joins the
	// points with straight lines.
	width float64
}

// Plot draws the area.
func (a *area) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	start := -1
	flush := func(end int) {
		if start >= 0 && end-start == 1 && a.width == 0 {
			x := trX(a.x[start])
			bar := draw.LineStyle{Color: a.fill, Width: vg.Points(6)}
			c.StrokeLines(bar, c.ClipLinesXY([]vg.Point{{X: x, Y: trY(a.lo[start])}, {X: x, Y: trY(a.hi[start])}})...)
		}
		if start >= 0 && (end-start > 1 || (a.width > 0 && end > start)) {
			var top, bottom []vg.Point
			for i := start; i < end; i++ {
				top = append(top, vg.Point{X: trX(a.x[i]), Y: trY(a.hi[i])})
				bottom = append(bottom, vg.Point{X: trX(a.x[i]), Y: trY(a.lo[i])})
				if a.width > 0 {
					top = append(top, vg.Point{X: trX(a.x[i] + a.width), Y: trY(a.hi[i])})
					bottom = append(bottom, vg.Point{X: trX(a.x[i] + a.width), Y: trY(a.lo[i])})
				}
			}
			pts := top
			for i := len(bottom) - 1; i >= 0; i-- {
				pts = append(pts, bottom[i])
			}
			c.FillPolygon(a.fill, c.ClipPolygonXY(pts))
		}
		start = -1
	}
	for i := range a.x {
		ok := finite(a.x[i]) && finite(a.lo[i]) && finite(a.hi[i])
		if ok && start < 0 {
			start = i
		}
		if !ok {
			flush(i)
		}
	}
	flush(len(a.x))
}

// DataRange returns the area's extent.
func (a *area) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = extent(a.x)
	xmax += a.width
	ymin, ymax = extent(a.lo, a.hi)
	return
}

// rect is one filled rectangle in data coordinates.
type rect struct {
	x0, x1, y0, y1 float64
	fill           color.Color
	stroke         color.Color // nil: no outline
}

// rects draws rectangles: heat-map cells (vector, never rasterised) and
// bars.
type rects struct {
	items []rect
}

// Plot draws the rectangles.
func (r *rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, it := range r.items {
		if !finite(it.x0) || !finite(it.x1) || !finite(it.y0) || !finite(it.y1) {
			continue
		}
		x0, x1, y0, y1 := trX(it.x0), trX(it.x1), trY(it.y0), trY(it.y1)
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		if it.fill != nil {
			c.FillPolygon(it.fill, c.ClipPolygonXY(pts))
		}
		if it.stroke != nil {
			closed := append(pts, pts[0])
			c.StrokeLines(draw.LineStyle{Color: it.stroke, Width: vg.Points(1)}, c.ClipLinesXY(closed)...)
		}
	}
}

// DataRange returns the rectangles' extent.
func (r *rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, it := range r.items {
		lx, hx := extent([]float64{it.x0, it.x1})
		ly, hy := extent([]float64{it.y0, it.y1})
		xmin, xmax = math.Min(xmin, lx), math.Max(xmax, hx)
		ymin, ymax = math.Min(ymin, ly), math.Max(ymax, hy)
	}
	return
}

// interval is a point estimate with its confidence interval, drawn as a
// marker and a whisker, horizontal (value on x) or vertical (value on y).
type interval struct {
	pos, value, lo, hi float64 // pos: position on the category axis
	color              color.Color
	shape              draw.GlyphDrawer
	noMarker           bool // whisker only
	halo               bool // white outline, for whiskers drawn over bars
}

// intervals draws point estimates with whiskers.
type intervals struct {
	items      []interval
	horizontal bool    // value on the x axis
	width      float64 // whisker width in points; 0: 2.5
	tight      bool    // no half-category margin on the position axis
	radius     float64 // marker radius in points; 0: 6
}

// Plot draws the intervals.
func (iv *intervals) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cap := vg.Points(6)
	for _, it := range iv.items {
		if !finite(it.value) {
			continue
		}
		line := draw.LineStyle{Color: it.color, Width: vg.Points(2.5)}
		if it.halo {
			// Draw the whisker twice: a wide white one, then the colour.
			h := it
			h.halo, h.noMarker, h.color = false, true, color.White
			(&intervals{items: []interval{h}, horizontal: iv.horizontal, width: 6}).Plot(c, p)
		}
		if iv.width > 0 {
			line.Width = vg.Points(iv.width)
		}
		shape := it.shape
		if shape == nil {
			shape = draw.CircleGlyph{}
		}
		var pt vg.Point
		if iv.horizontal {
			y := trY(it.pos)
			pt = vg.Point{X: trX(it.value), Y: y}
			if finite(it.lo) && finite(it.hi) && it.hi > it.lo {
				x0, x1 := trX(it.lo), trX(it.hi)
				c.StrokeLines(line, c.ClipLinesXY([]vg.Point{{X: x0, Y: y}, {X: x1, Y: y}})...)
				c.StrokeLines(line, c.ClipLinesXY([]vg.Point{{X: x0, Y: y - cap}, {X: x0, Y: y + cap}})...)
				c.StrokeLines(line, c.ClipLinesXY([]vg.Point{{X: x1, Y: y - cap}, {X: x1, Y: y + cap}})...)
			}
		} else {
			x := trX(it.pos)
			pt = vg.Point{X: x, Y: trY(it.value)}
			if finite(it.lo) && finite(it.hi) && it.hi > it.lo {
				y0, y1 := trY(it.lo), trY(it.hi)
				c.StrokeLines(line, c.ClipLinesXY([]vg.Point{{X: x, Y: y0}, {X: x, Y: y1}})...)
				c.StrokeLines(line, c.ClipLinesXY([]vg.Point{{X: x - cap, Y: y0}, {X: x + cap, Y: y0}})...)
				c.StrokeLines(line, c.ClipLinesXY([]vg.Point{{X: x - cap, Y: y1}, {X: x + cap, Y: y1}})...)
			}
		}
		if c.Contains(pt) && !it.noMarker {
			r := iv.radius
			if r <= 0 {
				r = 6
			}
			c.DrawGlyph(draw.GlyphStyle{Color: it.color, Radius: vg.Points(r), Shape: shape}, pt)
		}
	}
}

// DataRange returns the intervals' extent, with half a category of room
// on the category axis.
func (iv *intervals) DataRange() (xmin, xmax, ymin, ymax float64) {
	var pos, vals []float64
	for _, it := range iv.items {
		pos = append(pos, it.pos)
		vals = append(vals, it.value, it.lo, it.hi)
	}
	plo, phi := extent(pos)
	vlo, vhi := extent(vals)
	if !iv.tight {
		plo, phi = plo-0.5, phi+0.5
	}
	if iv.horizontal {
		return vlo, vhi, plo, phi
	}
	return plo, phi, vlo, vhi
}

// refLine is a horizontal (at y) or vertical (at x) reference line across
// the whole panel, e.g. zero effect or a cap threshold.
type refLine struct {
	at       float64
	vertical bool
	style    draw.LineStyle
	label    string
}

func newRefLine(at float64, vertical bool, c color.Color, label string) *refLine {
	return &refLine{at: at, vertical: vertical, label: label,
		style: draw.LineStyle{Color: c, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(6), vg.Points(4)}}}
}

// Plot draws the line and its label.
func (r *refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(tickSize-1, false)
	sty.Color = r.style.Color
	if r.vertical {
		x := trX(r.at)
		if x < c.Min.X || x > c.Max.X {
			return
		}
		c.StrokeLine2(r.style, x, c.Min.Y, x, c.Max.Y)
		if r.label != "" {
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
			c.FillText(sty, vg.Point{X: x + vg.Points(3), Y: c.Max.Y - vg.Points(2)}, r.label)
		}
		return
	}
	y := trY(r.at)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
	if r.label != "" {
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Min.X + vg.Points(3), Y: y + vg.Points(2)}, r.label)
	}
}

// DataRange includes the line's position on its axis only.
func (r *refLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	if r.vertical {
		return r.at, r.at, math.Inf(1), math.Inf(-1)
	}
	return math.Inf(1), math.Inf(-1), r.at, r.at
}

// eventLines are dashed vertical lines at the years in at (in order),
// each labelled at the top of the panel. Labels of lines closer than a
// label is wide (events in successive years of a long run) would run
// together, "20082009", so one that would reach the label before it goes
// a row lower, on the first row where it fits.
type eventLines struct {
	at     []float64
	labels []string
	style  draw.LineStyle
}

func newEventLines(at []float64, labels []string, c color.Color) *eventLines {
	return &eventLines{at: at, labels: labels, style: newRefLine(0, true, c, "").style}
}

// Plot draws the lines and their labels.
func (e *eventLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := textStyle(tickSize-1, false)
	sty.Color = e.style.Color
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	gap, rowHeight := vg.Points(4), sty.FontExtents().Height
	var ends []vg.Length // where the last label of each row ends
	for i, at := range e.at {
		x := trX(at)
		if x < c.Min.X || x > c.Max.X {
			continue
		}
		c.StrokeLine2(e.style, x, c.Min.Y, x, c.Max.Y)
		if e.labels[i] == "" {
			continue
		}
		x0 := x + vg.Points(3)
		row := 0
		for row < len(ends) && ends[row]+gap > x0 {
			row++
		}
		if row == len(ends) {
			ends = append(ends, 0)
		}
		ends[row] = x0 + sty.Width(e.labels[i])
		c.FillText(sty, vg.Point{X: x0, Y: c.Max.Y - vg.Points(2) - vg.Length(row)*rowHeight}, e.labels[i])
	}
}

// DataRange includes the lines' positions on the x axis only.
func (e *eventLines) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = extent(e.at)
	return xmin, xmax, math.Inf(1), math.Inf(-1)
}

// label is a text at a point in data coordinates.
type label struct {
	x, y   float64
	text   string
	style  text.Style
	dx, dy vg.Length // offset from the point, in points
}

// labels draws texts; they do not change the axes' ranges.
type labels struct{ items []label }

// Plot draws the labels.
func (l *labels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, it := range l.items {
		if !finite(it.x) || !finite(it.y) {
			continue
		}
		pt := vg.Point{X: trX(it.x), Y: trY(it.y)}
		if c.Contains(pt) {
			c.FillText(it.style, vg.Point{X: pt.X + it.dx, Y: pt.Y + it.dy}, it.text)
		}
	}
}

// categoryTicks labels integer positions 0..n-1 with names.
func categoryTicks(names []string) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
	}
	return ticks
}

// noTicks hides an axis's ticks (e.g. the arm axis of a forest plot,
// whose arms the legend names).
type noTicks struct{}

// Ticks returns none.
func (noTicks) Ticks(min, max float64) []plot.Tick { return nil }
