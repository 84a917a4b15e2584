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
	ch, err := plots.ResponseCurve("Two functions of x", "x", "y", []plots.Series{line, square})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := ch.Encode(plots.SVG)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ch.Note)
	fmt.Println(strings.Contains(string(svg), ">y = x squared</text>"))
	// Output:
	// Points: sweep values; lines: mean over replications; bands: 95% confidence interval.
	// true
}

// Indices draws Sobol or Morris indices from plain numbers, such as
// those of sim.SobolIndices: here two inputs of y = x1 + 2 x2, whose
// variance shares are 1/5 and 4/5, with made-up intervals.
func ExampleIndices() {
	idx := []plots.Index{
		{Parameter: "x1", First: 0.2, FirstLo: 0.18, FirstHi: 0.22, Total: 0.2, TotalLo: 0.18, TotalHi: 0.22},
		{Parameter: "x2", First: 0.8, FirstLo: 0.78, FirstHi: 0.82, Total: 0.8, TotalLo: 0.78, TotalHi: 0.82},
	}
	ch, err := plots.Indices("Sobol indices of y", "first-order", "total", "share of variance", idx)
	if err != nil {
		fmt.Println(err)
		return
	}
	svg, err := ch.Encode(plots.SVG)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ch.Title, strings.Contains(string(svg), ">x2</text>"))
	// Output: Sobol indices of y true
}

// Scatter draws one dot per sampled point and series, with a whisker
// where Low and High are given; here one series without intervals.
func ExampleScatter() {
	s := plots.Series{Name: "arm", X: []float64{0.1, 0.4, 0.9}, Mean: []float64{1, 3, 2}}
	ch, err := plots.Scatter("Outcome at sampled points", "x", "outcome", []plots.Series{s})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ch.Note)
	// Output: Dots: the value at each sampled point (one replication: no confidence interval).
}

// Drawing functions return an error saying what to fix, rather than
// panic, on input they cannot draw: here a series with one Mean short.
func ExampleScatter_error() {
	s := plots.Series{Name: "arm", X: []float64{0.1, 0.4, 0.9}, Mean: []float64{1, 3}}
	_, err := plots.Scatter("Outcome at sampled points", "x", "outcome", []plots.Series{s})
	fmt.Println(err)
	// Output: plots: Scatter: series "arm" has 3 X values and 2 Mean values (want one Mean per X)
}

// Save writes a chart as base.png and base.svg (and base.pdf on request),
// each file complete or not there at all.
func ExampleChart_Save() {
	dir, err := os.MkdirTemp("", "ipsim-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s := plots.Series{Name: "arm", X: []float64{0, 1}, Mean: []float64{1, 2}}
	ch, err := plots.ResponseCurve("A line", "x", "y", []plots.Series{s})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := ch.Save(filepath.Join(dir, "line"), false); err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// line.png
	// line.svg
}
