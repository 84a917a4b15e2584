package plots

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Options say what Render writes. The zero value writes PNG and SVG
// charts and the report.
type Options struct {
	// PDF also writes every chart as PDF. Off by default: PDF files embed
	// their fonts (~216 KB each) and a creation date, so they are not
	// byte-stable from one rendering to the next.
	PDF bool
	// Provenance is shown in the report's manifest section when the
	// folder has no manifest.json, or one that lists other runs than
	// steps.csv (ipsim run draws the report before it writes the
	// manifest): e.g. version, revision, scenario hash. Nil shows nothing
	// in its place.
	Provenance map[string]string
	// NoManifest draws the report as if the folder had no manifest.json
	// (shown from Provenance instead): a sweep's report is then the same
	// byte for byte whether one machine or a merge of shards wrote it,
	// although their manifests record different times and commands.
	NoManifest bool
	// Context stops a rendering between charts when it is done (Ctrl-C):
	// Render then returns its error, having written no report. Nil never
	// stops.
	Context context.Context
}

// Render draws every applicable chart of the results folder dir into
// dir/charts (name.png and name.svg, and name.pdf with opt.PDF) and
// writes dir/report.html, reading the folder's files only. Files are
// written under temporary names and renamed when complete. It returns the
// files written, relative to dir and with forward slashes, or an error:
// naming the file when one is malformed, or when dir has no steps.csv (a
// run) and no points.csv or indices.csv (a sweep). The other files are
// optional: a chart or report section whose file is missing is left out,
// without an error. Temporary
// files a killed rendering left are removed. Chart files
// in dir/charts that it did not write (left by an earlier rendering of
// other data) are removed; other files there are kept.
func Render(dir string, opt Options) ([]string, error) {
	r, err := load(dir)
	if err != nil {
		return nil, err
	}
	if opt.NoManifest {
		r.manifest, r.manifestStale = nil, false
	}
	figs, err := r.figures()
	if err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "charts")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	// temporary files a rendering killed midway left (the commands that
	// render hold the folder, so none is another's in progress)
	for _, pat := range []string{filepath.Join(dir, ".report.html.tmp-*"), filepath.Join(out, ".*.tmp-*")} {
		stale, _ := filepath.Glob(pat)
		for _, f := range stale {
			os.Remove(f)
		}
	}
	var files []string
	svgs := make([][]byte, len(figs))
	formats := []string{PNG, SVG}
	if opt.PDF {
		formats = append(formats, PDF)
	}
	for i, f := range figs {
		if opt.Context != nil && opt.Context.Err() != nil {
			return files, fmt.Errorf("plots: stopped after %d of %d charts: %w", i, len(figs), opt.Context.Err())
		}
		for _, format := range formats {
			b, err := f.chart.Encode(format)
			if err != nil {
				return nil, err
			}
			name := f.name + "." + format
			if err := writeAtomic(filepath.Join(out, name), b); err != nil {
				return nil, err
			}
			files = append(files, "charts/"+name)
			if format == SVG {
				svgs[i] = b
			}
		}
	}
	page, err := r.report(figs, svgs, opt)
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(filepath.Join(dir, "report.html"), page); err != nil {
		return nil, err
	}
	if err := removeStaleCharts(out, files); err != nil {
		return nil, err
	}
	return append(files, "report.html"), nil
}

// chartNames are the names (or, ending in '_', the prefixes) of every
// chart Render draws: removeStaleCharts deletes no other file.
var chartNames = []string{"value_added", "outcomes", "effects", "reform_ladder", "instrument_mix", "mix_by_stage",
	"documents", "overcapacity", "learning", "diffusion", "adoption", "scale_ups",
	"sweep_response", "sweep_response_", "sweep_effect", "sweep_heatmap_", "sweep_scatter_", "sensitivity"}

// isChartName reports whether base (a file name without its extension)
// is one Render could have written.
func isChartName(base string) bool {
	for _, n := range chartNames {
		if base == n || strings.HasSuffix(n, "_") && strings.HasPrefix(base, n) || n == "sensitivity" && strings.HasPrefix(base, n+"_") {
			return true
		}
	}
	return false
}

// removeStaleCharts deletes the chart files (PNG, SVG, PDF) in out that
// this rendering did not write but an earlier one could have: charts an
// earlier rendering drew from other data (a chart the data no longer
// supports, PDFs not asked for again). Other files, a user's own images
// included, are left alone.
func removeStaleCharts(out string, written []string) error {
	keep := make(map[string]bool, len(written))
	for _, f := range written {
		keep[filepath.Base(f)] = true
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case "." + PNG, "." + SVG, "." + PDF:
		default:
			continue
		}
		if keep[e.Name()] || !e.Type().IsRegular() || !isChartName(strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))) {
			continue
		}
		if err := os.Remove(filepath.Join(out, e.Name())); err != nil {
			return fmt.Errorf("plots: removing a stale chart: %w", err)
		}
	}
	return nil
}

// figures builds every chart that the folder's data supports, in report
// order. PDF renderings rebuild the chart with opaque band colours.
func (r *results) figures() ([]*figure, error) {
	var out []*figure
	if r.steps != nil {
		builders := []func(bool) *figure{
			r.valueAdded, r.outcomes, r.effectsChart, r.ladder, r.instrumentMix,
			r.stageMix, r.documents, r.overcapacity, r.learning, r.diffusion, r.adoption, r.scaleUps,
		}
		for _, b := range builders {
			f := b(false)
			if f == nil || f.chart == nil {
				continue
			}
			r.labelArms(f.chart)
			build := b
			f.chart.build = func(opaque bool) *Chart {
				ch := build(opaque).chart
				r.labelArms(ch)
				return ch
			}
			out = append(out, f)
		}
	}
	sw, err := r.sweepFigures()
	if err != nil {
		return nil, err
	}
	for _, f := range sw {
		r.labelArms(f.chart)
	}
	return append(out, sw...), nil
}
