package plots

import (
	"image/color"
	"math"
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
