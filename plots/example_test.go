package plots_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ipsim/ipsim/plots"
)

// Render draws the charts and the report of a results folder written by
// ipsim run (here a copy of the test fixture, a real run of the default
// preset).
func ExampleRender() {
	dir, err := os.MkdirTemp("", "ipsim-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	entries, _ := os.ReadDir(filepath.Join("testdata", "results"))
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join("testdata", "results", e.Name()))
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	files, err := plots.Render(dir, plots.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(files[0])
	fmt.Println(files[len(files)-1])
	// Output:
	// charts/value_added.png
	// report.html
}

// HeatMap takes plain slices: here the function z = x*y on a 3 x 2 grid,
// to show the layout (z[j][i] is the value at ys[j], xs[i]).
func ExampleHeatMap() {
	xs := []float64{0, 0.5, 1}
	ys := []float64{1, 2}
	z := make([][]float64, len(ys))
	for j, y := range ys {
		for _, x := range xs {
			z[j] = append(z[j], x*y)
		}
	}
	ch, err := plots.HeatMap("z = x times y", "x", "y", "z", xs, ys, z)
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := ch.Encode(plots.SVG)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(string(svg), ">z = x times y</text>"))
	// Output: true
}

// ResponseCurve draws one line and band per series; ColorIndex is the
// arm's position, so that the arm keeps its colour across charts. Here
// the series are the functions y = x and y = x squared with a band of
// plus or minus 0.1, to show the inputs.
func ExampleResponseCurve() {
	xs := []float64{0, 0.5, 1}
	line := plots.Series{Name: "y = x", ColorIndex: 0, X: xs, Mean: []float64{0, 0.5, 1},
		Low: []float64{-0.1, 0.4, 0.9}, High: []float64{0.1, 0.6, 1.1}}
	square := plots.Series{Name: "y = x squared", ColorIndex: 1, X: xs, Mean: []float64{0, 0.25, 1},
		Low: []float64{-0.1, 0.15, 0.9}, High: []float64{0.1, 0.35, 1.1}}
	ch := plots.ResponseCurve("Two functions of x", "x", "y", []plots.Series{line, square})
	fmt.Println(ch.Title)
	// Output: Two functions of x
}
