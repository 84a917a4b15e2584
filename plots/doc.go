// Package plots draws the charts and writes the workshop report of a
// results folder, from its CSV files alone.
//
// Render reads steps.csv (a run) or a sweep's points.csv and indices.csv,
// and, when they exist, summary.csv, effects.csv, events.csv,
// documents.csv, columns.csv, scenario.toml, manifest.json and
// validation.csv: a chart or section whose file is missing is left out.
// It writes DIR/charts/*.png and *.svg (and *.pdf on request) and
// DIR/report.html, a single self-contained page with the charts inline.
//
// Every chart gives each arm its own colour and keeps it in every chart
// (arms in order of first appearance in steps.csv: the Okabe-Ito
// colour-blind-safe palette for the first seven, then five more chosen to
// stay apart under colour blindness, so that up to twelve arms never share
// a colour; lines solid, dashed or dotted and markers round, square or
// triangular in turn, so that arms stay apart in grayscale too), draws 95%
// confidence bands or error bars over replications and puts years on time
// axes. An arm's name longer than 24 characters is cut in the middle on
// charts ("autonomy_05…their_budget"; captions and tables keep it whole).
// Tick labels are spaced for their panel's size so that they never
// overlap, and SVG text carries its length so that a browser without the
// chart font (Liberation Sans or Arial) keeps the layout. The sweep charts
// (HeatMap, ResponseCurve, Scatter, Indices) take plain slices so that
// other commands can draw them from their own numbers, and return an
// error saying what to fix, never panic, on input they cannot draw.
//
// The package reads recorded columns, never the model: of ipsim's packages
// it imports sim only (besides gonum/plot to draw and a TOML decoder for
// scenario.toml).
package plots
