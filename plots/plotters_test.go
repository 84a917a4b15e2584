package plots

import (
	"image/color"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// TestIsolatedPointsDrawn: a point of a curve or band with no finite
// neighbour is drawn (a dot, a bar), not dropped: a run of one step, or
// a metric defined at one step only, drew empty charts.
func TestIsolatedPointsDrawn(t *testing.T) {
	nan := math.NaN()
	line := color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}
	fill := color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}
	for _, tc := range []struct {
		name string
		x, y []float64
	}{
		{"one point", []float64{2000.25}, []float64{1.02}},
		{"between NaNs", []float64{2000.25, 2000.5, 2000.75}, []float64{nan, 1.02, nan}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, kind := range []string{"curve", "band"} {
				p := plot.New()
				lo, hi := make([]float64, len(tc.y)), make([]float64, len(tc.y))
				for i, v := range tc.y {
					lo[i], hi[i] = v-0.01, v+0.01
				}
				want := line
				if kind == "curve" {
					p.Add(newCurve(tc.x, tc.y, line, 3, nil))
				} else {
					p.Add(&area{x: tc.x, lo: lo, hi: hi, fill: fill})
					want = fill
				}
				// room around the point, so that it is inside the canvas
				p.X.Min, p.X.Max = 2000, 2001
				p.Y.Min, p.Y.Max = 1, 1.04
				img := vgimg.New(400, 300)
				dc := draw.New(img)
				p.Draw(dc)
				da := p.DataCanvas(dc)
				trX, trY := p.Transforms(&da)
				pt := vg.Point{X: trX(2000.5), Y: trY(1.02)}
				if len(tc.x) == 1 {
					pt.X = trX(2000.25)
				}
				scale := float64(img.DPI()) / 72
				h := img.Image().Bounds().Dy()
				got := color.NRGBAModel.Convert(img.Image().At(int(float64(pt.X)*scale), h-int(float64(pt.Y)*scale))).(color.NRGBA)
				if got != want {
					t.Errorf("%s: colour at the point %v, want %v (not drawn)", kind, got, want)
				}
			}
		})
	}
}

// TestSeriesChecked: a series whose slices differ in length, or a
// negative ColorIndex, and indices that cannot be drawn, give an error
// naming the chart and what to fix, not a panic (a runtime index error
// while drawing); a zero Chart is refused by Encode with an error
// instead of gonum's panic on a canvas of no size.
func TestSeriesChecked(t *testing.T) {
	panicOf := func(f func()) (v any) {
		defer func() { v = recover() }()
		f()
		return nil
	}
	xs := []float64{0, 1}
	for _, tt := range []struct {
		name string
		s    Series
		want string
	}{
		{"short mean", Series{Name: "a", X: xs, Mean: []float64{1}}, `series "a" has 2 X values and 1 Mean values (want one Mean per X)`},
		{"short low", Series{Name: "b", X: xs, Mean: xs, Low: []float64{0}, High: xs}, `series "b" has 2 X values, 1 Low and 2 High (want as many, or nil)`},
		{"short group", Series{Name: "g", X: xs, Mean: xs, Group: []int{0}}, `series "g" has 2 X values and 1 Group values (want as many, or nil)`},
		{"negative colour", Series{Name: "c", X: xs, Mean: xs, ColorIndex: -1}, `series "c" has ColorIndex -1 (want the arm's position, >= 0)`},
		{"good", Series{Name: "d", X: xs, Mean: xs, Low: xs, High: xs, Group: []int{0, 1}}, ""},
	} {
		for fn, draw := range map[string]func([]Series) (*Chart, error){
			"ResponseCurve": func(s []Series) (*Chart, error) { return ResponseCurve("t", "x", "y", s) },
			"Scatter":       func(s []Series) (*Chart, error) { return Scatter("t", "x", "y", s) },
		} {
			var ch *Chart
			var err error
			if v := panicOf(func() { ch, err = draw([]Series{tt.s}) }); v != nil {
				t.Errorf("%s %s: panic %v, want an error", fn, tt.name, v)
				continue
			}
			if tt.want == "" {
				if err != nil {
					t.Errorf("%s %s: %v", fn, tt.name, err)
				} else if _, err := ch.Encode(SVG); err != nil {
					t.Errorf("%s %s: Encode: %v", fn, tt.name, err)
				}
				continue
			}
			if err == nil || ch != nil || !strings.HasPrefix(err.Error(), "plots: "+fn+": ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s %s: chart %v, error %v; want plots: %s: ... %s", fn, tt.name, ch != nil, err, fn, tt.want)
			}
		}
	}
	inf := math.Inf(1)
	for _, tt := range []struct {
		name string
		idx  []Index
		want string
	}{
		{"none", nil, "no indices to draw"},
		{"infinite", []Index{{Parameter: "a", First: 0.1, Total: inf}}, `parameter "a": Total +Inf [0, 0] is infinite (want finite values, or NaN where there is none)`},
		{"swapped", []Index{{Parameter: "b", First: 0.2, FirstLo: 0.3, FirstHi: 0.1}}, `parameter "b": FirstLo 0.3 is above FirstHi 0.1`},
		{"nan", []Index{{Parameter: "c", First: math.NaN(), FirstLo: math.NaN(), FirstHi: math.NaN(), Total: 0.5, TotalLo: math.NaN(), TotalHi: math.NaN()}}, ""},
	} {
		var ch *Chart
		var err error
		if v := panicOf(func() { ch, err = Indices("t", "first", "total", "x", tt.idx) }); v != nil {
			t.Errorf("Indices %s: panic %v, want an error", tt.name, v)
			continue
		}
		if tt.want == "" {
			if err != nil {
				t.Errorf("Indices %s: %v", tt.name, err)
			} else if _, err := ch.Encode(SVG); err != nil {
				t.Errorf("Indices %s: Encode: %v", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), "plots: Indices: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Indices %s: error %v, want plots: Indices: ... %s", tt.name, err, tt.want)
		}
	}
	var zero Chart
	var err error
	if v := panicOf(func() { _, err = zero.Encode(PNG) }); v != nil || err == nil || !strings.Contains(err.Error(), "no size") {
		t.Errorf("zero Chart Encode: panic %v, error %v; want an error saying it has no size", v, err)
	}
}

// A band is clamped to what its column's unit allows (columns.csv): a
// share or a diversity (a share of maximum entropy) to [0, 1], a count,
// an over-capacity (a ratio to demand, which exceeds 1 when capacity is
// more than twice demand) or a learning error (an absolute error in
// effectiveness) to [0, inf), a correlation to [-1, 1]; other units are
// left as they are.
func TestBandClampByUnit(t *testing.T) {
	for _, tc := range []struct {
		unit           string
		wantLo, wantHi float64
	}{
		{"share", 0, 1},
		{"share of maximum entropy", 0, 1},
		{"count", 0, 1.5},
		{"ratio to demand", 0, 1.5},
		{"effectiveness", 0, 1.5},
		{"correlation", -1, 1},
		{"index (initial state = 1)", 0, 1.5}, // value added, productivity
		{"log change per year", -1.1, 1.5},    // growth may fall
	} {
		b := band{lo: []float64{-1.1}, hi: []float64{1.5}}
		b.clamp(tc.unit)
		if b.lo[0] != tc.wantLo || b.hi[0] != tc.wantHi {
			t.Errorf("unit %q: band [-1.1, 1.5] clamped to [%v, %v], want [%v, %v]", tc.unit, b.lo[0], b.hi[0], tc.wantLo, tc.wantHi)
		}
	}
	// every unit clamped is the unit of a metric the time panels draw
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"diversity", "learning_error", "fit_alignment"} {
		b := band{lo: []float64{-1.1}, hi: []float64{1.5}}
		b.clamp(r.info(m).unit)
		if b.lo[0] == -1.1 {
			t.Errorf("%s (unit %q): band not clamped", m, r.info(m).unit)
		}
	}
}
