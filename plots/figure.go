package plots

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart sizes: 900 x 525 points is 1200 x 700 pixels at 96 dpi, the PNG
// resolution gonum/plot uses.
const (
	chartWidth  = 900
	chartHeight = 525
)

// Font sizes in points, chosen so that text on a 1200-pixel-wide chart
// stays legible from the back of a room.
const (
	titleSize  = 21
	panelSize  = 16
	labelSize  = 15
	tickSize   = 13
	legendSize = 14
	noteSize   = 12
)

// okabeIto is the Okabe-Ito colour-blind-safe palette (Okabe and Ito 2008),
// without its yellow (too pale on white) and ordered so that the first
// arms get the most distinct colours.
var okabeIto = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0x00, 0x00, 0x00, 0xff}, // black
}

// tolMuted is Paul Tol's "muted" colour-blind-safe qualitative palette,
// used for categories (instrument categories, levels) so that they are
// never mistaken for arms.
var tolMuted = []color.NRGBA{
	{0x88, 0x22, 0x55, 0xff}, // wine
	{0xDD, 0xCC, 0x77, 0xff}, // sand
	{0x11, 0x77, 0x33, 0xff}, // green
	{0x88, 0xCC, 0xEE, 0xff}, // cyan
	{0x33, 0x22, 0x88, 0xff}, // indigo
	{0xCC, 0x66, 0x77, 0xff}, // rose
	{0x44, 0xAA, 0x99, 0xff}, // teal
	{0x99, 0x99, 0x33, 0xff}, // olive
	{0xAA, 0x44, 0x99, 0xff}, // purple
	{0xDD, 0xDD, 0xDD, 0xff}, // pale grey
	{0x66, 0x66, 0x66, 0xff}, // dark grey: an eleventh category (documents: the center's caps)
}

// extraArmColors follow the Okabe-Ito colours for the eighth to twelfth
// arm (a reform ladder with each reform alone has ten). No qualitative
// palette of more than about eight colours is safe for every kind of
// colour blindness; these were chosen, on a grid of colours dark enough
// for lines on white, to be as far (CIELAB distance, in normal vision and
// simulated protanopia, deuteranopia and tritanopia, Machado et al. 2009)
// from the Okabe-Ito colours and from each other as the Okabe-Ito colours
// are from each other (at least 23 against their 16). Arms drawn in them
// are drawn with dashed or dotted lines and square or triangle markers
// only (armStyleOf, armShape), so that a reader who cannot tell two
// colours apart still tells the arms apart.
var extraArmColors = []color.NRGBA{
	{0x88, 0x00, 0xFF, 0xff}, // violet
	{0x66, 0x33, 0x11, 0xff}, // dark brown
	{0x44, 0x22, 0xAA, 0xff}, // indigo
	{0xBB, 0x55, 0xFF, 0xff}, // lilac
	{0x55, 0x33, 0x66, 0xff}, // plum
}

// armPalette is the colour of each arm in order: every arm of a scenario
// of up to twelve arms has a colour of its own, in every chart.
var armPalette = append(append([]color.NRGBA(nil), okabeIto...), extraArmColors...)

// armStyle is how one arm is drawn in every chart.
type armStyle struct {
	color  color.NRGBA
	dashes []vg.Length // nil: solid
}

// armStyleOf gives arm i its colour and line. Lines also tell arms apart
// where colour cannot (a grayscale print, a projector's washed-out
// colours): the first seven arms, in the Okabe-Ito colours, take solid,
// dashed and dotted lines in turn, so the three regimes of the default
// scenario never share one (their blue, vermillion and green have nearly
// the same grey); the next five, in colours less safe under colour
// blindness, take dashed and dotted lines only. Colours repeat after
// twelve arms, each time with the line moved on by one, so that no two of
// the first 36 arms share both colour and line.
func armStyleOf(i int) armStyle {
	s := armStyle{color: armPalette[i%len(armPalette)]}
	switch armPattern(i) {
	case 1:
		s.dashes = []vg.Length{vg.Points(8), vg.Points(4)}
	case 2:
		s.dashes = []vg.Length{vg.Points(2), vg.Points(3)}
	}
	return s
}

// armPattern is arm i's line (0 solid, 1 dashed, 2 dotted) and marker
// (circle, square, triangle): see armStyleOf.
func armPattern(i int) int {
	j := i % len(armPalette)
	base := j % 3
	if j >= len(okabeIto) {
		base = 1 + (j-len(okabeIto))%2
	}
	return (base + i/len(armPalette)) % 3
}

// categoryColor gives category i its colour (for filled areas and bars).
func categoryColor(i int) color.NRGBA { return tolMuted[i%len(tolMuted)] }

// lineOrder puts the muted palette's darker colours first: pale sand and
// grey are too faint for lines on white.
var lineOrder = []int{0, 2, 4, 5, 6, 3, 7, 8, 1, 9}

// lineColor gives category i its colour for lines and markers.
func lineColor(i int) color.NRGBA { return tolMuted[lineOrder[i%len(lineOrder)]] }

// fade returns c at alpha a (0-1) for PNG and SVG, or, when opaque is set
// (PDF, which draws translucent fills too dark), the opaque colour that c
// at alpha a over white would give.
func fade(c color.NRGBA, a float64, opaque bool) color.Color {
	if !opaque {
		return color.NRGBA{c.R, c.G, c.B, uint8(math.Round(255 * a))}
	}
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v)*a + 255*(1-a))) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
)

// textStyle returns a text style in the chart font.
func textStyle(size float64, bold bool) text.Style {
	f := sans
	if bold {
		f = sansBold
	}
	return text.Style{
		Color:   color.Black,
		Font:    font.From(f, vg.Points(size)),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: plot.DefaultTextHandler,
	}
}

// newPanel returns a plot styled for projection: its title is the panel's
// subject, axis labels name quantity and unit.
func newPanel(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(panelSize, true)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = textStyle(labelSize, false)
		ax.Label.TextStyle.YAlign = draw.YBottom
		ax.Tick.Label = textStyle(tickSize, false)
		ax.Tick.Label.YAlign = draw.YTop
		ax.LineStyle.Width = vg.Points(1)
		ax.Padding = vg.Points(4)
	}
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Y.Tick.Marker = numberTicks{}
	p.X.Tick.Marker = numberTicks{}
	g := plotter.NewGrid()
	g.Vertical.Color = gridColor
	g.Horizontal.Color = gridColor
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.8), vg.Points(0.8)
	p.Add(g)
	return p
}

// gridColor is the colour of grid lines: visible, never competing with data.
var gridColor = color.Gray{Y: 0xE2}

// pad widens an axis's data range by frac of its span on each side, so
// markers and lines do not touch the frame.
func pad(ax *plot.Axis, frac float64) {
	span := ax.Max - ax.Min
	if !(span > 0) || math.IsInf(span, 0) {
		return
	}
	ax.Min -= frac * span
	ax.Max += frac * span
}

// legendItem is one entry of a figure's legend.
type legendItem struct {
	name   string
	color  color.Color
	dashes []vg.Length
	kind   int // itemLine, itemBox or itemDot
	shape  draw.GlyphDrawer
}

const (
	itemLine = iota
	itemBox
	itemDot
)

// Thumbnail draws the legend icon.
func (it legendItem) Thumbnail(c *draw.Canvas) {
	switch it.kind {
	case itemBox:
		pts := []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}}
		c.FillPolygon(it.color, pts)
	case itemDot:
		shape := it.shape
		if shape == nil {
			shape = draw.CircleGlyph{}
		}
		c.DrawGlyph(draw.GlyphStyle{Color: it.color, Radius: vg.Points(6), Shape: shape}, c.Center())
	default:
		y := (c.Min.Y + c.Max.Y) / 2
		c.StrokeLine2(draw.LineStyle{Color: it.color, Width: vg.Points(3.5), Dashes: it.dashes}, c.Min.X, y, c.Max.X, y)
	}
}

// armItems returns one legend line per arm.
func armItems(arms []string, kind int) []legendItem {
	out := make([]legendItem, len(arms))
	for i, a := range arms {
		s := armStyleOf(i)
		out[i] = legendItem{name: a, color: s.color, dashes: s.dashes, kind: kind}
	}
	return out
}

// Chart is a finished figure: a title, one or more panels in a grid, a
// legend on the right and a note at the bottom. Save writes it as PNG,
// SVG and, on request, PDF. Make one with HeatMap, ResponseCurve, Scatter
// or Indices: the zero value has no size, and Encode and Save refuse it.
type Chart struct {
	Title  string
	Note   string // one line under the panels: bands, replications, source
	rows   int
	cols   int
	panels []*plot.Plot // rows*cols, row-major; nil leaves a tile empty
	legend []legendItem
	width  vg.Length
	height vg.Length
	// build, when set, rebuilds the panels for an opaque (PDF) rendering.
	build func(opaque bool) *Chart
}

// newChart returns a chart of rows x cols panels at the default size.
func newChart(title string, rows, cols int) *Chart {
	return &Chart{Title: title, rows: rows, cols: cols, panels: make([]*plot.Plot, rows*cols), width: chartWidth, height: chartHeight}
}

// Draw draws the chart on c, over a white background: for placing it on
// a canvas of your own (any gonum/plot vg canvas and size). Encode and
// Save draw it at its own size, and for PDF with opaque bands.
func (ch *Chart) Draw(c draw.Canvas) {
	outer := c
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())

	top := c.Max.Y - vg.Points(8)
	if ch.Title != "" {
		sty := textStyle(titleSize, true)
		for _, line := range wrap(sty, ch.Title, (c.Max.X-c.Min.X)*0.92) {
			c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: top}, line)
			top -= sty.Height(line) + vg.Points(2)
		}
		top -= vg.Points(4)
	}
	bottom := c.Min.Y + vg.Points(4)
	if ch.Note != "" {
		sty := textStyle(noteSize, false)
		sty.Color = color.Gray{Y: 0x40}
		sty.XAlign = draw.XLeft
		sty.YAlign = draw.YBottom
		lines := wrap(sty, ch.Note, (c.Max.X-c.Min.X)*0.9)
		for i := len(lines) - 1; i >= 0; i-- {
			c.FillText(sty, vg.Point{X: c.Min.X + vg.Points(8), Y: bottom}, lines[i])
			bottom += sty.Height(lines[i]) + vg.Points(2)
		}
		bottom += vg.Points(4)
	}
	right := c.Max.X - vg.Points(8)
	if len(ch.legend) > 0 {
		l := plot.NewLegend()
		l.TextStyle = textStyle(legendSize, false)
		l.TextStyle.XAlign = draw.XLeft
		l.TextStyle.YAlign = draw.YBottom
		l.ThumbnailWidth = vg.Points(26)
		l.Padding = vg.Points(5)
		l.Top, l.Left = true, true
		for _, it := range ch.legend {
			l.Add(it.name, it)
		}
		w := vg.Length(0)
		for _, it := range ch.legend {
			if tw := l.TextStyle.Width(" " + it.name); tw > w {
				w = tw
			}
		}
		// 15% slack: a browser without Liberation Sans (or Arial, which
		// has the same metrics) falls back to a wider font.
		w = w*1.15 + l.ThumbnailWidth + vg.Points(6)
		lc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: right - w, Y: bottom},
			Max: vg.Point{X: right, Y: top - vg.Points(30)},
		}}
		l.Draw(lc)
		right -= w + vg.Points(14)
	}
	area := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: c.Min.X + vg.Points(6), Y: bottom},
		Max: vg.Point{X: right, Y: top},
	}}
	grid := make([][]*plot.Plot, ch.rows)
	for r := range grid {
		grid[r] = ch.panels[r*ch.cols : (r+1)*ch.cols]
	}
	tiles := draw.Tiles{Rows: ch.rows, Cols: ch.cols, PadX: vg.Points(22), PadY: vg.Points(14)}
	// Lay the panels out, give each axis's ticker its length so that tick
	// labels fit without overlapping, and lay them out again with the
	// final labels.
	var canvases [][]draw.Canvas
	layout := func() {
		canvases = plot.Align(grid, tiles, area)
		for pass := 0; pass < 2; pass++ {
			for r := range grid {
				for k, p := range grid[r] {
					if p != nil {
						fitTicks(p, p.DataCanvas(canvases[r][k]))
					}
				}
			}
			canvases = plot.Align(grid, tiles, area)
		}
	}
	layout()
	if !inside(canvases, area) {
		// An axis label longer than its axis in the panel's first tile
		// threw plot.Align out: wrap such labels, and lay out again.
		labels := map[*plot.Axis]string{}
		defer func() {
			for ax, l := range labels {
				ax.Label.Text = l
			}
		}()
		for r := range grid {
			for k, p := range grid[r] {
				if p != nil {
					fitLabels(p, tiles.At(area, k, r), labels)
				}
			}
		}
		layout()
	}
	for r := range grid {
		// Panel titles on one line per row: plot.Align stretches each
		// panel's canvas by its own axis overhang, which would stagger
		// titles drawn by the panels themselves. A title wider than its
		// panel and half the gaps beside it wraps, and every panel of the row leaves room for the
		// longest, so that the row's data areas stay aligned.
		var top, room vg.Length
		titles := make([][]string, len(grid[r]))
		for k, p := range grid[r] {
			if p == nil {
				continue
			}
			c := canvases[r][k]
			if c.Max.Y > top {
				top = c.Max.Y
			}
			if p.Title.Text == "" {
				continue
			}
			// A title may reach into the gap between panels, but not
			// past the chart's left edge, which the first column's
			// canvas almost touches.
			w := c.Max.X - c.Min.X + tiles.PadX
			if k == 0 {
				w = c.Max.X - c.Min.X + 2*(area.Min.X-outer.Min.X)
			}
			titles[k] = wrap(p.Title.TextStyle, p.Title.Text, w)
			h := p.Title.Padding
			for _, line := range titles[k] {
				h += p.Title.TextStyle.Rectangle(line).Size().Y
			}
			room = max(room, h)
		}
		for k, p := range grid[r] {
			if p == nil {
				continue
			}
			c := canvases[r][k]
			title := p.Title.Text
			if title != "" {
				sty := p.Title.TextStyle
				y := top + sty.FontExtents().Descent
				for _, line := range titles[k] {
					c.FillText(sty, vg.Point{X: c.Center().X, Y: y}, line)
					y -= sty.Rectangle(line).Size().Y
				}
				c.Max.Y -= room
				p.Title.Text = ""
			}
			p.Draw(c)
			p.Title.Text = title
		}
	}
}

// fitTicks tells the number and year tickers of a panel the length of
// their axis in the data canvas dc.
func fitTicks(p *plot.Plot, dc draw.Canvas) {
	w, h := dc.Max.X-dc.Min.X, dc.Max.Y-dc.Min.Y
	switch m := p.X.Tick.Marker.(type) {
	case numberTicks:
		m.length, m.vertical, m.style = w, false, p.X.Tick.Label
		p.X.Tick.Marker = m
	case yearTicks:
		m.length = w
		p.X.Tick.Marker = m
	}
	if m, ok := p.Y.Tick.Marker.(numberTicks); ok {
		m.length, m.vertical, m.style = h, true, p.Y.Tick.Label
		p.Y.Tick.Marker = m
	}
}

// inside reports whether every canvas of a layout lies within area (to
// a point): plot.Align sizes panels by how far each overhangs its data
// area in its first tile, and an axis label longer than its axis there
// overhangs by more once the data area narrows, so that a row of panels
// ran off the chart (the effects chart of twelve arms, whose first column
// of arm names left its panels' data areas narrower than their labels,
// lost its last panel past the right edge).
func inside(cs [][]draw.Canvas, area draw.Canvas) bool {
	const slack = 1
	for _, row := range cs {
		for _, c := range row {
			if c.Min.X < area.Min.X-slack || c.Max.X > area.Max.X+slack || c.Min.Y < area.Min.Y-slack || c.Max.Y > area.Max.Y+slack {
				return false
			}
		}
	}
	return true
}

// fitLabels wraps each axis label of p longer than its axis in the data
// canvas of p's first tile (without labels) onto lines that fit, keeping
// the label's text in orig to be put back after drawing.
func fitLabels(p *plot.Plot, tile draw.Canvas, orig map[*plot.Axis]string) {
	x, y := p.X.Label.Text, p.Y.Label.Text
	p.X.Label.Text, p.Y.Label.Text = "", ""
	dc := p.DataCanvas(tile)
	p.X.Label.Text, p.Y.Label.Text = x, y
	for _, a := range []struct {
		ax     *plot.Axis
		length vg.Length
	}{{&p.X, dc.Max.X - dc.Min.X}, {&p.Y, dc.Max.Y - dc.Min.Y}} {
		l := a.ax.Label
		if l.Text == "" || l.TextStyle.Width(l.Text) <= a.length {
			continue
		}
		orig[a.ax] = l.Text
		a.ax.Label.Text = strings.Join(wrap(l.TextStyle, l.Text, max(a.length, 40)), "\n")
	}
}

// svgFonts is the font list of SVG text: Liberation Sans, Arimo and Arial
// share their metrics.
const svgFonts = "font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;"

// wrap breaks text into lines no wider than w in style sty (with 10%
// slack left by the caller for wider fallback fonts). A word wider than
// a line (an arm's name, which has no spaces) is broken after an
// underscore or hyphen where one fits, else between letters: whole, it ran
// into the next panel's title.
func wrap(sty text.Style, s string, w vg.Length) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if cur != "" && sty.Width(next) > w {
			lines = append(lines, cur)
			next = word
		}
		cur = next
		if cur == word && sty.Width(word) > w {
			pieces := breakWord(sty, word, w)
			lines = append(lines, pieces[:len(pieces)-1]...)
			cur = pieces[len(pieces)-1]
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// breakWord cuts word into pieces no wider than w (but at least one
// letter each), each ending after its last underscore or hyphen in the
// second half of the room when it has one.
func breakWord(sty text.Style, word string, w vg.Length) []string {
	var out []string
	rs := []rune(word)
	for len(rs) > 0 {
		n := len(rs)
		for n > 1 && sty.Width(string(rs[:n])) > w {
			n--
		}
		if n < len(rs) {
			for k := n; k > n/2; k-- {
				if rs[k-1] == '_' || rs[k-1] == '-' {
					n = k
					break
				}
			}
		}
		out = append(out, string(rs[:n]))
		rs = rs[n:]
	}
	return out
}

// Formats a chart can be saved in.
const (
	PNG = "png"
	SVG = "svg"
	PDF = "pdf"
)

// Encode returns the chart in format (PNG, SVG or PDF).
func (ch *Chart) Encode(format string) ([]byte, error) {
	if ch.width <= 0 || ch.height <= 0 {
		return nil, fmt.Errorf("plots: chart %q has no size: make charts with HeatMap, ResponseCurve, Scatter or Indices", ch.Title)
	}
	var c vg.CanvasWriterTo
	src := ch
	switch format {
	case PNG:
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(ch.width, ch.height), vgimg.UseDPI(96))}
	case SVG:
		c = vgsvg.New(ch.width, ch.height)
	case PDF:
		pc := vgpdf.New(ch.width, ch.height)
		pc.EmbedFonts(true)
		c = pdfCanvas{pc}
		if ch.build != nil {
			src = ch.build(true)
		}
	default:
		return nil, fmt.Errorf("plots: unknown chart format %q (want png, svg or pdf)", format)
	}
	src.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding %s: %w", format, err)
	}
	if format == SVG {
		// Name metric-compatible fallbacks, so that a viewer without
		// Liberation Sans lays text out the same way, and fix each
		// text's length for viewers with none of them.
		return fixTextLength(bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte(svgFonts))), nil
	}
	return buf.Bytes(), nil
}

// svgText matches a text element of gonum's SVG output: attributes,
// style and the string.
var svgText = regexp.MustCompile(`<text ([^>]*?)style="([^"]*)">([^<]*)</text>`)

// svgFontSize finds the font size in a text's style.
var svgFontSize = regexp.MustCompile(`font-size:([0-9.]+)px`)

// fixTextLength gives every text element of an SVG chart the length it
// has in Liberation Sans (textLength, stretching glyphs and spaces), so
// that a browser that falls back to a wider font (DejaVu Sans on a Linux
// machine without Liberation or Arial) still keeps labels inside the
// room the layout gave them instead of running into axes and neighbours.
func fixTextLength(svg []byte) []byte {
	return svgText.ReplaceAllFunc(svg, func(m []byte) []byte {
		sub := svgText.FindSubmatch(m)
		style := string(sub[2])
		fs := svgFontSize.FindStringSubmatch(style)
		if fs == nil {
			return m
		}
		size, err := strconv.ParseFloat(fs[1], 64)
		if err != nil || size <= 0 {
			return m
		}
		f := sans
		if strings.Contains(style, "font-weight:bold") {
			f = sansBold
		}
		s := html.UnescapeString(string(sub[3]))
		face := font.DefaultCache.Lookup(font.From(f, vg.Length(size)), vg.Length(size))
		w := face.Width(s)
		if w <= 0 {
			return m
		}
		return []byte(fmt.Sprintf(`<text %stextLength="%.2f" lengthAdjust="spacingAndGlyphs" style="%s">%s</text>`, sub[1], float64(w), style, sub[3]))
	})
}

// Save writes the chart to base.png and base.svg, and base.pdf when pdf is
// set. Each file is written under a temporary name and renamed when
// complete, so an earlier chart is never left half overwritten.
func (ch *Chart) Save(base string, pdf bool) error {
	formats := []string{PNG, SVG}
	if pdf {
		formats = append(formats, PDF)
	}
	for _, f := range formats {
		b, err := ch.Encode(f)
		if err != nil {
			return err
		}
		if err := writeAtomic(base+"."+f, b); err != nil {
			return err
		}
	}
	return nil
}

// pdfCanvas works around vgpdf registering every font without its style
// but selecting bold faces with style "B" (an "undefined font" error): it
// presents a bold face as a regular face of its own variant, so that the
// bold glyphs are embedded and selected under one name.
type pdfCanvas struct{ *vgpdf.Canvas }

// FillString draws text, renaming bold faces.
func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Weight == xfont.WeightBold {
		f.Font.Variant += "Bold"
		f.Font.Weight = xfont.WeightNormal
	}
	c.Canvas.FillString(f, pt, s)
}

// numberTicks places major ticks at round values (1, 2, 2.5 or 5 times a
// power of ten) and labels them with just the decimals the step needs;
// minor ticks halve the step. Without an axis length it aims at about
// five labels. With one (set by Chart.Draw from the panel's size) it
// widens the step until the labels, measured in the tick font, fit the
// axis with room between them, so that they never overlap however narrow
// the data's range.
type numberTicks struct {
	length   vg.Length  // axis length; 0: unknown
	vertical bool       // labels stacked vertically: measure heights
	style    text.Style // label style; zero: the tick style of newPanel
}

// Ticks returns the ticks between min and max.
func (nt numberTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return plot.DefaultTicks{}.Ticks(min, max)
	}
	step, dec := niceStep((max - min) / 5)
	if nt.length <= 0 {
		return numberTicksAt(min, max, step, dec)
	}
	// Finest round step whose labels fit, none reaching past the axis
	// ends; failing that, labels reaching past them; failing that, one.
	for _, trim := range []bool{true, false} {
		s, d := step, dec
		for range 16 {
			ticks := numberTicksAt(min, max, s, d)
			if trim {
				ticks = nt.trimEnds(ticks, min, max)
			}
			n := labelCount(ticks)
			if n < 2 {
				break
			}
			if nt.fits(ticks, min, max) {
				return ticks
			}
			s, d = nextStep(s)
		}
	}
	for range 16 {
		ticks := nt.trimEnds(numberTicksAt(min, max, step, dec), min, max)
		if labelCount(ticks) <= 1 {
			return ticks
		}
		step, dec = nextStep(step)
	}
	return numberTicksAt(min, max, step, dec)
}

// maxOverhang is how far, in ems of the tick font, a label may reach past
// the end of its axis: further, it would run into the next panel's labels.
const maxOverhang = 0.75

// trimEnds removes the labels (not the ticks) that would reach more than
// maxOverhang past either end of the axis.
func (nt numberTicks) trimEnds(ticks []plot.Tick, min, max float64) []plot.Tick {
	sty := nt.labelStyle()
	over := vg.Length(maxOverhang) * sty.Font.Size
	for i, t := range ticks {
		if t.Label == "" {
			continue
		}
		pos := nt.length * vg.Length((t.Value-min)/(max-min))
		half := sty.Width(t.Label) / 2
		if nt.vertical {
			half = sty.Height(t.Label) / 2
		}
		if pos-half < -over || pos+half > nt.length+over {
			ticks[i].Label = ""
		}
	}
	return ticks
}

// numberTicksAt returns labelled ticks at multiples of step within
// [min, max], with unlabelled minor ticks halfway.
func numberTicksAt(min, max, step float64, dec int) []plot.Tick {
	big := math.Max(math.Abs(min), math.Abs(max)) >= 1e6
	var ticks []plot.Tick
	first := math.Ceil(min/step-1e-9) * step
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if v > max+1e-9*step {
			break
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v, step, dec, big)})
		if m := v + step/2; m <= max {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	if m := first - step/2; m >= min {
		ticks = append(ticks, plot.Tick{Value: m})
	}
	return ticks
}

func labelCount(ticks []plot.Tick) int {
	n := 0
	for _, t := range ticks {
		if t.Label != "" {
			n++
		}
	}
	return n
}

// nextStep returns the next coarser round step (1, 2, 2.5, 5, 10 times a
// power of ten) and the decimals its labels need.
func nextStep(step float64) (float64, int) {
	exp := math.Floor(math.Log10(step) + 1e-9)
	base := math.Pow(10, exp)
	f := step / base
	for _, m := range []float64{2, 2.5, 5, 10} {
		if m > f+1e-9 {
			return niceStep(m * base)
		}
	}
	return niceStep(20 * base)
}

// tickGapX and tickGapY are the least room between two tick labels, in
// ems of the tick font, along a horizontal and a vertical axis: on a
// projector, labels closer than this read as one number.
const (
	tickGapX = 0.9
	tickGapY = 0.3
)

// fits reports whether the labels of ticks, placed on an axis of length
// nt.length spanning [min, max], keep the least gap between neighbours.
func (nt numberTicks) fits(ticks []plot.Tick, min, max float64) bool {
	return labelsFit(ticks, min, max, nt.length, nt.vertical, nt.labelStyle())
}

func (nt numberTicks) labelStyle() text.Style {
	if nt.style.Handler == nil {
		return textStyle(tickSize, false)
	}
	return nt.style
}

// labelsFit reports whether the labelled ticks, centred on their values
// on an axis of the given length spanning [min, max], keep the minimum gap
// between neighbours (widths on a horizontal axis, heights on a vertical
// one).
func labelsFit(ticks []plot.Tick, min, max float64, length vg.Length, vertical bool, sty text.Style) bool {
	type span struct{ lo, hi vg.Length }
	var spans []span
	for _, t := range ticks {
		if t.Label == "" {
			continue
		}
		pos := length * vg.Length((t.Value-min)/(max-min))
		half := sty.Width(t.Label) / 2
		if vertical {
			half = sty.Height(t.Label) / 2
		}
		spans = append(spans, span{pos - half, pos + half})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	gap := vg.Length(tickGapX) * sty.Font.Size
	if vertical {
		gap = vg.Length(tickGapY) * sty.Font.Size
	}
	for i := 1; i < len(spans); i++ {
		if spans[i].lo-spans[i-1].hi < gap {
			return false
		}
	}
	return true
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten and
// returns the decimals its labels need.
func niceStep(raw float64) (step float64, dec int) {
	exp := math.Floor(math.Log10(raw))
	base := math.Pow(10, exp)
	f := raw / base
	var m float64
	switch {
	case f < 1.5:
		m = 1
	case f < 2.25:
		m = 2
	case f < 3.5:
		m = 2.5
	case f < 7.5:
		m = 5
	default:
		m = 10
	}
	step = m * base
	for dec = 0; dec < 15; dec++ {
		x := step * math.Pow(10, float64(dec))
		if math.Abs(x-math.Round(x)) < 1e-6*x {
			break
		}
	}
	return step, dec
}

// formatTick labels a tick value: fixed decimals for ordinary magnitudes,
// compact exponents on axes reaching a million (big) or for tiny steps,
// with as many significant digits as the step needs so that neighbouring
// labels always differ.
func formatTick(v, step float64, dec int, big bool) string {
	if math.Abs(v) < step*1e-6 {
		return "0"
	}
	if big || dec > 6 {
		// Digits from the value's leading one down to the step's last,
		// in the shorter of plain and exponent notation.
		lead := int(math.Floor(math.Log10(math.Abs(v))))
		sig := max(1, lead-stepExp(step)+1)
		g := strconv.FormatFloat(v, 'g', max(3, sig), 64)
		if f := strconv.FormatFloat(v, 'f', max(0, -stepExp(step)), 64); len(f) < len(g) {
			return f
		}
		return g
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// stepExp returns the power of ten of a step's last significant digit
// (2.5e5: 4).
func stepExp(step float64) int {
	e := int(math.Floor(math.Log10(step) + 1e-9))
	for e > -300 {
		x := step / math.Pow(10, float64(e))
		if math.Abs(x-math.Round(x)) < 1e-6*x {
			return e
		}
		e--
	}
	return e
}

// yearTicks labels whole years every 1, 2, 5, 10 or 20 years, with
// unlabelled yearly minor ticks: at most labels of them (default 12), or,
// when the axis length is known (set by Chart.Draw), as many as fit with
// room between them. An axis with fewer than two whole years is labelled
// as numbers are.
type yearTicks struct {
	labels int
	length vg.Length // axis length; 0: unknown
}

// Ticks returns the ticks between min and max.
func (yt yearTicks) Ticks(min, max float64) []plot.Tick {
	n := yt.labels
	if n <= 0 {
		n = 12
	}
	span := max - min
	var ticks []plot.Tick
	for _, every := range []int{1, 2, 5, 10, 20, 50} {
		if yt.length <= 0 && span/float64(every) > float64(n) && every < 50 {
			continue
		}
		ticks = ticks[:0]
		for y := int(math.Ceil(min)); float64(y) <= max; y++ {
			t := plot.Tick{Value: float64(y)}
			if y%every == 0 {
				t.Label = strconv.Itoa(y)
			}
			ticks = append(ticks, t)
		}
		if yt.length <= 0 || labelsFit(ticks, min, max, yt.length, false, textStyle(tickSize, false)) {
			break
		}
	}
	if len(ticks) < 2 {
		// under two years (a short run): fractions of a year, as many
		// as fit
		return numberTicks{length: yt.length}.Ticks(min, max)
	}
	return ticks
}

// maxArmLabel is the most characters of an arm's name a chart draws on an
// axis, in a legend or as a panel title. Names have no spaces to wrap at,
// and one of 48 characters took a whole tile: the outcomes and effects
// panels of its column had no width left for data, and the panel titles of
// the instrument-mix and adoption charts ran into each other. A longer
// name is cut in the middle; captions, notes and tables keep it whole.
const maxArmLabel = 24

// armLabels returns the label each chart draws for each of arms: the
// name itself, or, longer than maxArmLabel, its first and last characters
// around "…". Cut labels that would read alike are prefixed with the
// arm's number (1 for the first), so that no two arms share a label.
func armLabels(arms []string) []string {
	cut := func(s string, n int) string {
		rs := []rune(s)
		if len(rs) <= n {
			return s
		}
		head := (n - 1) / 2
		return string(rs[:head]) + "…" + string(rs[len(rs)-(n-1-head):])
	}
	out := make([]string, len(arms))
	seen := map[string]int{}
	for i, a := range arms {
		out[i] = cut(a, maxArmLabel)
		seen[out[i]]++
	}
	for i, a := range arms {
		if out[i] != a && seen[out[i]] > 1 {
			p := strconv.Itoa(i+1) + ":"
			out[i] = p + cut(a, maxArmLabel-len(p))
		}
	}
	return out
}

// labelArms draws every arm name of ch (legend entries, panel titles and
// category tick labels that are an arm's name) as its armLabels label,
// and says so in the note when a name was cut. Charts are built with
// the names, which their captions keep.
func (r *results) labelArms(ch *Chart) {
	arms := r.arms()
	labels := armLabels(arms)
	label := map[string]string{}
	for i, a := range arms {
		if labels[i] != a {
			label[a] = labels[i]
		}
	}
	if len(label) == 0 {
		return
	}
	cut := false
	relabel := func(s *string) {
		if l, ok := label[*s]; ok {
			*s, cut = l, true
		}
	}
	for i := range ch.legend {
		relabel(&ch.legend[i].name)
	}
	for _, p := range ch.panels {
		if p == nil {
			continue
		}
		relabel(&p.Title.Text)
		for _, ax := range []*plot.Axis{&p.X, &p.Y} {
			if ticks, ok := ax.Tick.Marker.(plot.ConstantTicks); ok {
				for k := range ticks {
					relabel(&ticks[k].Label)
				}
			}
		}
	}
	if cut {
		ch.Note = strings.TrimSpace(ch.Note + fmt.Sprintf(" Arm names longer than %d characters are cut in the middle (…); captions and tables give them in full.", maxArmLabel))
	}
}
