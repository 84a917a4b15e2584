package plots

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/ipsim/ipsim/sim"
)

// textBox is where one string was drawn, in chart coordinates (points).
type textBox struct {
	s        string
	min, max vg.Point
}

// affine is a 2-D affine transform: x' = a*x + c*y + e, y' = b*x + d*y + f.
type affine struct{ a, b, c, d, e, f float64 }

func (m affine) apply(p vg.Point) vg.Point {
	x, y := float64(p.X), float64(p.Y)
	return vg.Point{X: vg.Length(m.a*x + m.c*y + m.e), Y: vg.Length(m.b*x + m.d*y + m.f)}
}

// then returns m followed (in the canvas's local frame) by n.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

// textCanvas records the box of every string drawn on it, following the
// canvas's translations and rotations (rotated axis labels).
type textCanvas struct {
	recorder.Canvas
	m     affine
	stack []affine
	boxes []textBox
}

func newTextCanvas() *textCanvas { return &textCanvas{m: affine{a: 1, d: 1}} }

func (c *textCanvas) Push() { c.stack = append(c.stack, c.m) }
func (c *textCanvas) Pop()  { c.m = c.stack[len(c.stack)-1]; c.stack = c.stack[:len(c.stack)-1] }
func (c *textCanvas) Translate(p vg.Point) {
	c.m = c.m.then(affine{a: 1, d: 1, e: float64(p.X), f: float64(p.Y)})
}
func (c *textCanvas) Scale(x, y float64) { c.m = c.m.then(affine{a: x, d: y}) }
func (c *textCanvas) Rotate(t float64) {
	s, k := math.Sin(t), math.Cos(t)
	c.m = c.m.then(affine{a: k, b: s, c: -s, d: k})
}

func (c *textCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	ext := f.Extents()
	corners := []vg.Point{
		{X: pt.X, Y: pt.Y - ext.Descent}, {X: pt.X + f.Width(s), Y: pt.Y - ext.Descent},
		{X: pt.X, Y: pt.Y + ext.Ascent}, {X: pt.X + f.Width(s), Y: pt.Y + ext.Ascent},
	}
	b := textBox{s: s, min: vg.Point{X: vg.Length(math.Inf(1)), Y: vg.Length(math.Inf(1))}, max: vg.Point{X: vg.Length(math.Inf(-1)), Y: vg.Length(math.Inf(-1))}}
	for _, p := range corners {
		q := c.m.apply(p)
		b.min.X, b.min.Y = min(b.min.X, q.X), min(b.min.Y, q.Y)
		b.max.X, b.max.Y = max(b.max.X, q.X), max(b.max.Y, q.Y)
	}
	c.boxes = append(c.boxes, b)
}

// overlaps returns a description of every pair of strings drawn on the
// chart whose boxes overlap by more than slack points in both directions,
// and of every string reaching outside the chart.
func overlaps(ch *Chart, slack vg.Length) []string {
	c := newTextCanvas()
	ch.Draw(draw.NewCanvas(c, ch.width, ch.height))
	var out []string
	for i, a := range c.boxes {
		if a.min.X < -slack || a.min.Y < -slack || a.max.X > ch.width+slack || a.max.Y > ch.height+slack {
			out = append(out, fmt.Sprintf("%q outside the chart (%.0f,%.0f)-(%.0f,%.0f)", a.s, a.min.X, a.min.Y, a.max.X, a.max.Y))
		}
		for _, b := range c.boxes[i+1:] {
			dx := min(a.max.X, b.max.X) - max(a.min.X, b.min.X)
			dy := min(a.max.Y, b.max.Y) - max(a.min.Y, b.min.Y)
			if dx > slack && dy > slack {
				out = append(out, fmt.Sprintf("%q at (%.0f,%.0f) overlaps %q at (%.0f,%.0f)", a.s, a.min.X, a.min.Y, b.s, b.min.X, b.min.Y))
			}
		}
	}
	return out
}

// textSlack is how far (points) two text boxes may overlap: glyph boxes
// include the font's ascent and descent, so neighbouring lines of a
// wrapped note touch without their letters meeting.
const textSlack = 2.5

// TestNarrowRangeTickLabels draws the outcomes chart of one arm whose
// values span a narrow range (the growth panel of a validation run, where
// the labels 0.10840 0.10845 ... ran into each other) and checks that no
// two strings of the chart overlap.
func TestNarrowRangeTickLabels(t *testing.T) {
	tests := []struct {
		name           string
		mean, lo, hi   float64
		cols, panelsOf int
	}{
		{"growth", 0.108521, 0.10838, 0.10866, 3, 6},
		{"overcapacity", 0.16, 0.1590, 0.1610, 3, 6},
		{"paired difference", -0.0018, -0.0030, -0.0005, 3, 6},
		{"big", 1.00012e6, 1.0001e6, 1.0003e6, 4, 8},
		{"tiny", 3.2e-8, 3.1e-8, 3.3e-8, 4, 8},
		{"wide", 5, -20, 40, 3, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := (tt.panelsOf + tt.cols - 1) / tt.cols
			ch := newChart("Final outcomes", rows, tt.cols)
			for i := range ch.panels {
				ch.panels[i] = forestPanel(tt.name, "unit", []string{"main"}, []sim.Summary{{N: 30, Mean: tt.mean, CILow: tt.lo, CIHigh: tt.hi}}, i%tt.cols == 0)
			}
			for _, o := range overlaps(ch, textSlack) {
				t.Error(o)
			}
		})
	}
}

// TestTickLabelsFit checks the tickers alone: over ranges narrow and wide
// and axis lengths from a 4-column panel (about 130 points wide, the
// narrowest at the default chart size) to a full-width one (about 800),
// the labels keep their gap, there are at least two of them, and each
// reads back as its tick's value.
func TestTickLabelsFit(t *testing.T) {
	ranges := [][2]float64{
		{0.10838, 0.10866}, {0.1589, 0.1611}, {-0.0031, 0.0001}, {25.458, 25.519},
		{0, 1}, {-0.6, 0.05}, {11.5, 11.59}, {0, 12.5}, {1, 2.5e7}, {1.0001e6, 1.0003e6},
		{3.1e-8, 3.3e-8}, {-1e-12, 1e-12}, {99.99, 100.01},
	}
	for _, rg := range ranges {
		for _, length := range []vg.Length{130, 200, 330, 800} {
			for _, vertical := range []bool{false, true} {
				if length < 200 && !vertical {
					continue
				}
				nt := numberTicks{length: length, vertical: vertical}
				ticks := nt.Ticks(rg[0], rg[1])
				name := fmt.Sprintf("[%g, %g] on %v points (vertical %v)", rg[0], rg[1], length, vertical)
				if !nt.fits(ticks, rg[0], rg[1]) {
					t.Errorf("%s: labels overlap: %v", name, ticks)
				}
				var labels []string
				for _, tk := range ticks {
					if tk.Label == "" {
						continue
					}
					labels = append(labels, tk.Label)
					v, err := strconv.ParseFloat(tk.Label, 64)
					if err != nil || math.Abs(v-tk.Value) > 1e-9*math.Max(math.Abs(tk.Value), rg[1]-rg[0]) {
						t.Errorf("%s: label %q for tick %v", name, tk.Label, tk.Value)
					}
				}
				if len(labels) < 2 {
					t.Errorf("%s: %d labels %v, want at least 2", name, len(labels), labels)
				}
			}
		}
	}
}

// TestChartsTextDoesNotOverlap draws every chart of the test folders and
// checks that no two strings overlap and none leaves the chart.
func TestChartsTextDoesNotOverlap(t *testing.T) {
	for _, name := range []string{"results", "reforms", "sweep", "lhs", "sobol"} {
		t.Run(name, func(t *testing.T) {
			r, err := load(fixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			figs, err := r.figures()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range figs {
				for _, o := range overlaps(f.chart, textSlack) {
					t.Errorf("%s: %s", f.name, o)
				}
			}
		})
	}
}

// singleArm makes a results folder of one arm from the results fixture:
// the rows of its first arm in every CSV file with an arm column (none of
// effects.csv), as ipsim validate writes for a single scenario.
func singleArm(t *testing.T) string {
	t.Helper()
	dir := fixture(t, "results")
	const arm = "coordinated_autonomy"
	for _, name := range []string{"steps.csv", "summary.csv", "effects.csv", "events.csv", "documents.csv"} {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		out := []string{lines[0]}
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, arm+",") {
				out = append(out, l)
			}
		}
		if err := os.WriteFile(path, []byte(strings.Join(out, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSingleArm draws the charts of a one-arm folder: no effects chart,
// no "by regime" in titles, the outcomes written out on an axis from zero,
// and no overlapping text.
func TestSingleArm(t *testing.T) {
	dir := singleArm(t)
	figs := mustFigures(t, dir)
	names := map[string]*figure{}
	for _, f := range figs {
		names[f.name] = f
		if strings.Contains(f.chart.Title, "regime") {
			t.Errorf("%s: title %q compares regimes with one arm", f.name, f.chart.Title)
		}
		for _, o := range overlaps(f.chart, textSlack) {
			t.Errorf("%s: %s", f.name, o)
		}
	}
	if _, ok := names["effects"]; ok {
		t.Error("effects chart drawn for one arm")
	}
	out, ok := names["outcomes"]
	if !ok {
		t.Fatal("no outcomes chart")
	}
	for _, p := range out.chart.panels {
		if p == nil {
			continue
		}
		if p.X.Min > 0 || p.X.Max < 0 {
			t.Errorf("outcomes %q: x axis %v to %v does not include zero", p.Title.Text, p.X.Min, p.X.Max)
		}
	}
	if _, err := Render(dir, Options{}); err != nil {
		t.Fatal(err)
	}
}

// renameArms renames every arm of the fixture in dir by rename in the
// CSV files the charts read (the arm column, and effects.csv's baseline).
func renameArms(t *testing.T, dir string, rename func(string) string) {
	t.Helper()
	for _, name := range []string{"steps.csv", "summary.csv", "effects.csv", "events.csv", "documents.csv"} {
		path := filepath.Join(dir, name)
		recs := readCSVT(t, path)
		for _, rec := range recs[1:] {
			for j, c := range recs[0] {
				if c == "arm" || c == "baseline" {
					rec[j] = rename(rec[j])
				}
			}
		}
		writeCSVT(t, path, recs)
	}
}

// TestLongArmNamesLayout draws the charts of ten arms with long names
// (arm names have no length limit and no spaces to wrap at): no text may
// overlap or leave the chart, and every panel keeps a data area. Names of
// 34 characters took the whole first column of the outcomes and effects
// charts (their data areas shrank to nothing and the second row's panels
// ran off the chart), ran the panel titles of the instrument-mix and
// adoption charts into each other, and the effects chart of names of 23
// characters lost its last panel past the right edge.
func TestLongArmNamesLayout(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rename func(string) string
	}{
		{"34 characters", func(a string) string { return fmt.Sprintf("%-13s_with_a_long_descriptive_name", a) }},
		{"23 characters", func(a string) string { return fmt.Sprintf("%-8s_with_long_name", a) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := fixture(t, "reforms")
			renameArms(t, dir, func(a string) string { return strings.ReplaceAll(tc.rename(a), " ", "_") })
			for _, f := range mustFigures(t, dir) {
				for _, o := range overlaps(f.chart, textSlack) {
					t.Errorf("%s: %s", f.name, o)
				}
				c := newTextCanvas()
				f.chart.Draw(draw.NewCanvas(c, f.chart.width, f.chart.height))
				for i, p := range f.chart.panels {
					if p == nil {
						continue
					}
					if w := p.X.Max - p.X.Min; !(w > 0) {
						t.Errorf("%s: panel %d has an empty x range", f.name, i)
					}
				}
			}
		})
	}
}

// TestArmLabels: a name longer than maxArmLabel is cut in the middle to
// that length; cut names that would read alike are numbered.
func TestArmLabels(t *testing.T) {
	long := "autonomy_050_regions_choose_half_of_their_budget"
	got := armLabels([]string{"base", long, "autonomy_050_regions_and_cities_choose_half_of_their_budget", strings.Repeat("a", maxArmLabel)})
	want := []string{"base", "2:autonomy_0…heir_budget", "3:autonomy_0…heir_budget", strings.Repeat("a", maxArmLabel)}
	if !slices.Equal(got, want) {
		t.Errorf("armLabels = %q, want %q", got, want)
	}
	if got := armLabels([]string{long}); got[0] != "autonomy_05…their_budget" || utf8.RuneCountInString(got[0]) != maxArmLabel {
		t.Errorf("armLabels(%q) = %q, want %d characters", long, got[0], maxArmLabel)
	}
}

// TestEventMarkLabelsDoNotOverlap: events in successive years put their
// marks about 35 points apart on the value-added chart of a 23-year run,
// less than a year's label is wide; each label must still be drawn and
// readable, clear of the others.
func TestEventMarkLabelsDoNotOverlap(t *testing.T) {
	dir := fixture(t, "results")
	var evs strings.Builder
	for y := 2008; y <= 2011; y++ {
		fmt.Fprintf(&evs, "\n[[event]]\nyear = %d\nlabel = \"mark %d\"\n", y, y)
	}
	appendText(t, filepath.Join(dir, "scenario.toml"), evs.String())
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	va := r.valueAdded(false)
	for _, o := range overlaps(va.chart, textSlack) {
		t.Error(o)
	}
	c := newTextCanvas()
	va.chart.Draw(draw.NewCanvas(c, va.chart.width, va.chart.height))
	var marks []textBox
	for y := 2008; y <= 2011; y++ {
		i := slices.IndexFunc(c.boxes, func(b textBox) bool { return b.s == strconv.Itoa(y) && b.min.Y > va.chart.height/2 })
		if i < 0 {
			t.Fatalf("no label %d at the top of the panel", y)
		}
		marks = append(marks, c.boxes[i])
	}
	// labels side by side need a gap between them to read as two numbers
	const gap = 4
	for i, a := range marks {
		for _, b := range marks[i+1:] {
			if min(a.max.Y, b.max.Y) > max(a.min.Y, b.min.Y) && min(a.max.X, b.max.X)+gap > max(a.min.X, b.min.X) {
				t.Errorf("event label %q at (%.0f,%.0f)-(%.0f,%.0f) runs into %q at (%.0f,%.0f)-(%.0f,%.0f)",
					a.s, a.min.X, a.min.Y, a.max.X, a.max.Y, b.s, b.min.X, b.min.Y, b.max.X, b.max.Y)
			}
		}
	}
}

// dotCanvas records, in chart coordinates, the centre of every filled
// circle drawn (the dots of the interval charts).
type dotCanvas struct {
	*textCanvas
	dots []vg.Point
}

func (c *dotCanvas) Fill(p vg.Path) {
	for _, comp := range p {
		if comp.Type == vg.ArcComp {
			c.dots = append(c.dots, c.m.apply(comp.Pos))
		}
	}
}

// annualize turns the quarterly results fixture in dir into a run of one
// step a year: steps.csv keeps each year's last quarter, the state at the
// year's end, and events.csv dates each event at the end of its year's
// step, as a run with run.steps_per_year = 1 writes them.
func annualize(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"steps.csv", "events.csv"} {
		path := filepath.Join(dir, name)
		recs := readCSVT(t, path)
		step, year := slices.Index(recs[0], "step"), slices.Index(recs[0], "year")
		out := recs[:1]
		for _, rec := range recs[1:] {
			s, err1 := strconv.Atoi(rec[step])
			y, err2 := strconv.ParseFloat(rec[year], 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: step %q, year %q", name, rec[step], rec[year])
			}
			if name == "steps.csv" && s%4 != 3 {
				continue
			}
			rec[step], rec[year] = strconv.Itoa(s/4), strconv.Itoa(int(math.Ceil(y)))
			out = append(out, rec)
		}
		writeCSVT(t, path, out)
	}
}

// resultsFixture loads the results fixture, made annual (annualize)
// when annual is set.
func resultsFixture(t *testing.T, annual bool) *results {
	t.Helper()
	dir := fixture(t, "results")
	if annual {
		annualize(t, dir)
	}
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestScaleUpDotsInTheirYear: the scale-ups chart draws each practice's
// median at the calendar year the report's table and captions give. A
// scale-up in a step is dated at the step's end in events.csv, which with
// one step a year is the next year's start: the chart drew the scale-ups
// of 2010 on the tick of 2011, a year after the table's.
func TestScaleUpDotsInTheirYear(t *testing.T) {
	for _, annual := range []bool{false, true} {
		r := resultsFixture(t, annual)
		if spy := r.steps.stepsPerYear(); annual != (spy == 1) {
			t.Fatalf("annual %v: %d steps a year", annual, spy)
		}
		fig := r.scaleUps(false)
		c := &dotCanvas{textCanvas: newTextCanvas()}
		fig.chart.Draw(draw.NewCanvas(c, fig.chart.width, fig.chart.height))
		// the x axis's year labels map chart x to years
		var xs, years []float64
		for _, b := range c.boxes {
			if y, err := strconv.Atoi(b.s); err == nil && y > 1900 && b.max.Y < fig.chart.height/4 {
				xs, years = append(xs, float64(b.min.X+b.max.X)/2), append(years, float64(y))
			}
		}
		if len(xs) < 2 {
			t.Fatalf("annual %v: year labels %v", annual, years)
		}
		perPoint := (years[len(years)-1] - years[0]) / (xs[len(xs)-1] - xs[0])
		// the first arm's dots are its circles in the panel (not the legend's)
		var got []string
		for _, d := range c.dots {
			y := years[0] + (float64(d.X)-xs[0])*perPoint
			if y <= years[len(years)-1]+1 {
				got = append(got, strconv.Itoa(int(math.Floor(y+1e-9))))
			}
		}
		var want []string
		shown := mostScaled(r.practices(), 8)
		for _, p := range r.practices() {
			if p.arm == "coordinated_autonomy" && slices.Contains(shown, p.name) {
				want = append(want, r.calendarYear(p.medianYear()))
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("annual %v: dots in the years %v, want the table's %v", annual, got, want)
		}
	}
}

// TestTimePanelsInTheirYear: a time panel draws each step within the
// calendar year it describes, on an axis from the run's start, as the
// documents chart draws a year's count (at its middle, on whole years).
// At the step's end (steps.csv's year), a run of one step a year drew
// year 2000 on 2001, and the documents chart's share panels started a
// year after its count panels for the same first year.
func TestTimePanelsInTheirYear(t *testing.T) {
	for _, annual := range []bool{false, true} {
		r := resultsFixture(t, annual)
		spy := float64(r.steps.stepsPerYear())
		start, end := r.steps.years[0]-1/spy, r.steps.years[len(r.steps.years)-1]
		fig := r.documents(false)
		for _, p := range fig.chart.panels {
			if p != nil && (p.X.Min != start || p.X.Max != end) {
				t.Errorf("annual %v: documents panel %q spans %v-%v, want the run's %v-%v", annual, p.Title.Text, p.X.Min, p.X.Max, start, end)
			}
		}
		// the first arm's line: its first point in the first step's middle
		p := r.valueAdded(false).chart.panels[0]
		c := &recorder.Canvas{}
		dc := draw.NewCanvas(c, 400, 300)
		p.Draw(dc)
		da := p.DataCanvas(dc)
		trX, _ := p.Transforms(&da)
		var cur color.Color
		first := vg.Length(math.NaN())
		for _, act := range c.Actions {
			switch act := act.(type) {
			case *recorder.SetColor:
				cur = act.Color
			case *recorder.Stroke:
				if cur != nil && color.NRGBAModel.Convert(cur) == color.NRGBAModel.Convert(armStyleOf(0).color) && math.IsNaN(float64(first)) {
					first = act.Path[0].Pos.X
				}
			}
		}
		if want := trX(start + 0.5/spy); !(math.Abs(float64(first-want)) <= 0.5) {
			t.Errorf("annual %v: value added's first step drawn at x = %.1f pt, want %.1f (year %v, the step's middle)", annual, first, want, start+0.5/spy)
		}
	}
}

// TestOneStepInItsYear: a run of one step tells no step length; the
// scenario's does. Read as a year long, a quarter ending 2000.25 was
// drawn at 1999.75, on an axis from 1999.
func TestOneStepInItsYear(t *testing.T) {
	r := &results{scenario: map[string]any{"run": map[string]any{"steps_per_year": int64(4)}}, steps: &steps{years: []float64{2000.25}}}
	if m := r.midStep(2000.25); m != 2000.125 {
		t.Errorf("midStep(2000.25) = %v, want 2000.125", m)
	}
	if lo, hi := r.span(); lo != 2000 || hi != 2000.25 {
		t.Errorf("span %v-%v, want 2000-2000.25", lo, hi)
	}
}
