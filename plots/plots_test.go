package plots

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"io"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/ipsim/ipsim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/golden")

// fixture copies a results folder of testdata into a temporary folder, so
// that rendering never writes into testdata.
func fixture(t testing.TB, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := copyDir(filepath.Join("testdata", name), dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// copyDir copies the files (not subfolders) of src into a new folder dst.
func copyDir(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// render renders a fixture into a fresh temporary folder and fails the
// test on error.
func render(t testing.TB, name string, opt Options) (dir string, files []string) {
	t.Helper()
	dir = fixture(t, name)
	files, err := Render(dir, opt)
	if err != nil {
		t.Fatalf("Render(%s): %v", name, err)
	}
	return dir, files
}

// rendered is a fixture rendered once for all tests that only read it.
type rendered struct {
	dir   string
	files []string
	err   error
}

var (
	renderMu    sync.Mutex
	renderCache = map[string]*rendered{}
	renderRoot  string
)

// shared returns the fixture rendered with default options, rendering it
// on first use; tests must not modify it.
func shared(t testing.TB, name string) (dir string, files []string) {
	t.Helper()
	renderMu.Lock()
	defer renderMu.Unlock()
	r, ok := renderCache[name]
	if !ok {
		r = &rendered{}
		r.dir = filepath.Join(renderRoot, name)
		r.err = copyDir(filepath.Join("testdata", name), r.dir)
		if r.err == nil {
			r.files, r.err = Render(r.dir, Options{})
		}
		renderCache[name] = r
	}
	if r.err != nil {
		t.Fatalf("Render(%s): %v", name, r.err)
	}
	return r.dir, r.files
}

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	renderRoot, err = os.MkdirTemp("", "ipsim-plots-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(renderRoot)
	os.Exit(code)
}

// Golden-image tolerance. Each pixel may differ by a normalised YIQ
// distance of up to pixelDelta (gonum's cmpimg scale: 0 same colour, 1 black
// against white); at most maxDiffShare of the pixels may differ by more.
// Anti-aliasing and font rasterisation differ between platforms on edge
// pixels only (well under 0.1% of the 840,000 pixels of a 1200 x 700 chart);
// a moved curve, a changed label or another colour touches thousands.
const (
	pixelDelta   = 0.1
	maxDiffShare = 0.001
)

// TestGoldenCharts renders every chart type from real model output and
// compares each PNG with its golden image. Regenerate with -update after
// an intended change, and look at every image before committing it.
func TestGoldenCharts(t *testing.T) {
	tests := []struct {
		fixture string
		charts  []string
	}{
		{"results", []string{"value_added", "outcomes", "effects", "instrument_mix", "mix_by_stage", "documents", "overcapacity", "learning", "diffusion", "adoption", "scale_ups"}},
		{"reforms", []string{"reform_ladder"}},
		{"sweep", []string{"sweep_heatmap_coordinated_autonomy", "sweep_heatmap_centralized", "sweep_heatmap_laissez_faire", "sweep_response", "sweep_response_laissez_faire"}},
		{"lhs", []string{"sweep_scatter_world_heterogeneity"}},
		{"sobol", []string{"sensitivity_centralized"}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			dir, _ := shared(t, tt.fixture)
			for _, name := range tt.charts {
				got, err := os.ReadFile(filepath.Join(dir, "charts", name+".png"))
				if err != nil {
					t.Errorf("chart %s not written: %v", name, err)
					continue
				}
				golden := filepath.Join("testdata", "golden", name+".png")
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./plots -update to create it)", err)
				}
				share, err := diffShare(got, want, pixelDelta)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if share > maxDiffShare {
					bad := filepath.Join(os.TempDir(), "ipsim-"+name+".png")
					os.WriteFile(bad, got, 0o644)
					t.Errorf("%s: %.3f%% of pixels differ from %s (tolerance %.1f%%); new image in %s", name, 100*share, golden, 100*maxDiffShare, bad)
				}
			}
		})
	}
}

// diffShare returns the share of pixels whose normalised YIQ distance
// exceeds delta; images of different sizes differ entirely.
func diffShare(a, b []byte, delta float64) (float64, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return 0, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 1, nil
	}
	bd := ia.Bounds()
	diff := 0
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			if yiq(ia.At(x, y), ib.At(x, y)) > delta*delta {
				diff++
			}
		}
	}
	return float64(diff) / float64(bd.Dx()*bd.Dy()), nil
}

// yiq is the normalised squared YIQ distance of two colours (Kotsarenko
// and Ramos, the measure gonum's cmpimg uses): 0 same, 1 black vs white.
func yiq(c1, c2 interface{ RGBA() (r, g, b, a uint32) }) float64 {
	r1, g1, b1, _ := c1.RGBA()
	r2, g2, b2, _ := c2.RGBA()
	f := func(v uint32) float64 { return float64(v >> 8) }
	dr, dg, db := f(r1)-f(r2), f(g1)-f(g2), f(b1)-f(b2)
	y := dr*0.29889531 + dg*0.58662247 + db*0.11448223
	i := dr*0.59597799 - dg*0.27417610 - db*0.32180189
	q := dr*0.21147017 - dg*0.52261711 + db*0.31114694
	return (0.5053*y*y + 0.299*i*i + 0.1957*q*q) / 35215
}

// TestChartSize checks the PNG resolution promised for projectors.
func TestChartSize(t *testing.T) {
	dir, _ := shared(t, "results")
	f, err := os.Open(filepath.Join(dir, "charts", "value_added.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	// 900 x 525 points at 96 dpi.
	if cfg.Width != 1200 || cfg.Height != 700 {
		t.Errorf("value_added.png is %dx%d, want 1200x700", cfg.Width, cfg.Height)
	}
}

// TestRenderDeterministic renders the same folder twice: PNG, SVG and the
// report must be byte-identical (PDF is not: it stamps a creation date).
func TestRenderDeterministic(t *testing.T) {
	a, files := shared(t, "results")
	b, _ := render(t, "results", Options{})
	for _, f := range files {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two renderings of the same data", f)
		}
	}
}

// TestRenderPDF checks that PDF is written on request only, and that a
// chart with bold text and bands saves as PDF (rebuilt with opaque bands).
func TestRenderPDF(t *testing.T) {
	dir, files := shared(t, "reforms")
	if _, err := os.Stat(filepath.Join(dir, "charts", "reform_ladder.pdf")); err == nil {
		t.Errorf("PDF written without Options.PDF")
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".pdf") {
			t.Errorf("Render listed %s without Options.PDF", f)
		}
	}
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	figs, err := r.figures()
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), figs[0].name)
	if err := figs[0].chart.Save(base, true); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(base + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("%s.pdf does not start with %%PDF-", figs[0].name)
	}
	if figs[0].chart.build == nil {
		t.Errorf("%s has no opaque rebuild for PDF", figs[0].name)
	}
}

// TestRenderFiles checks the list of written files: every chart in both
// formats and the report, all present.
func TestRenderFiles(t *testing.T) {
	for _, name := range []string{"results", "reforms", "sweep", "lhs", "sobol"} {
		t.Run(name, func(t *testing.T) {
			dir, files := shared(t, name)
			if len(files) < 3 || files[len(files)-1] != "report.html" {
				t.Fatalf("files = %v, want charts then report.html", files)
			}
			for _, f := range files {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
					t.Errorf("listed file %s: %v", f, err)
				}
				// a chart removeStaleCharts would not know as its own
				// would be left behind when the data no longer makes it
				if base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)); strings.HasPrefix(f, "charts/") && !isChartName(base) {
					t.Errorf("chart %s is not in chartNames", f)
				}
			}
		})
	}
}

// TestRenderRemovesStaleCharts: a re-rendering leaves no chart the data
// no longer makes, and keeps the user's other files.
func TestRenderRemovesStaleCharts(t *testing.T) {
	dir, files := render(t, "results", Options{})
	charts := filepath.Join(dir, "charts")
	stale := []string{"sweep_heatmap_gone.png", "sweep_response_gone.svg", "reform_ladder.svg", files[0][len("charts/"):len(files[0])-len(".png")] + ".pdf"}
	mine := []string{"notes.txt", "my_annotated.png"}
	for _, name := range append(stale, mine...) {
		if err := os.WriteFile(filepath.Join(charts, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	again, err := Render(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again, files) {
		t.Errorf("second rendering wrote %v, first %v", again, files)
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(charts, name)); err == nil {
			t.Errorf("stale chart %s kept", name)
		}
	}
	for _, name := range mine {
		if _, err := os.Stat(filepath.Join(charts, name)); err != nil {
			t.Errorf("%s, not one of ipsim's charts, removed: %v", name, err)
		}
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("written file %s missing: %v", f, err)
		}
	}
}

// TestSweepSliceNamed: with three swept parameters the heat maps and
// response curves show one slice; their captions (and the report's lead)
// name it and give the whole design's best point, read from points.csv.
func TestSweepSliceNamed(t *testing.T) {
	dir, _ := shared(t, "sweep3")
	figs := mustFigures(t, dir)
	// the largest paired effect of centralized over the whole design
	pts := readCSVT(t, filepath.Join(dir, "points.csv"))
	col := func(name string) int { return slices.Index(pts[0], name) }
	best, at := math.Inf(-1), ""
	for _, rec := range pts[1:] {
		if rec[col("arm")] != "centralized" || rec[col("metric")] != "value_added" {
			continue
		}
		if v, err := strconv.ParseFloat(rec[col("effect_mean")], 64); err == nil && v > best {
			best, at = v, "world heterogeneity = "+rec[col("world_heterogeneity")]+", policy autonomy = "+rec[col("policy_autonomy")]+", policy career concern = "+rec[col("policy_career_concern")]
		}
	}
	if at == "" {
		t.Fatal("no centralized effect in points.csv")
	}
	seen := map[string]bool{}
	for _, f := range figs {
		switch {
		case f.name == "sweep_heatmap_centralized":
			if !strings.HasPrefix(f.caption, "At policy career concern = ") || !strings.Contains(f.caption, "Over the whole design") || !strings.Contains(f.caption, "("+num(best)+", 95% CI ") || !strings.Contains(f.caption, ") is at "+at+".") {
				t.Errorf("heat map caption %q: want the slice named and the design's best, %s at %s", f.caption, num(best), at)
			}
		case f.name == "sweep_response":
			if !strings.Contains(f.caption, "The slice at policy career concern = ") || !strings.Contains(f.chart.Note, "The slice at") {
				t.Errorf("response curve caption %q, note %q: want the slice named", f.caption, f.chart.Note)
			}
		default:
			continue
		}
		seen[f.name] = true
	}
	if !seen["sweep_heatmap_centralized"] || !seen["sweep_response"] {
		t.Errorf("charts drawn: %v, want a heat map for centralized and a response curve", seen)
	}
}

// TestSweepResponseEveryArm: a grid over two keys draws a response chart
// for every later arm's paired effect, not the second arm's alone:
// sweep_response for the second (the name users' scripts know),
// sweep_response_ARM for the others; with one arm, the level alone.
func TestSweepResponseEveryArm(t *testing.T) {
	for _, fx := range []string{"sweep", "sweep3"} {
		dir, _ := shared(t, fx)
		var got []string
		titles := map[string]string{}
		for _, f := range mustFigures(t, dir) {
			if strings.HasPrefix(f.name, "sweep_response") {
				got = append(got, f.name)
				titles[f.name] = f.chart.Title
			}
		}
		if want := []string{"sweep_response", "sweep_response_laissez_faire"}; !slices.Equal(got, want) {
			t.Errorf("%s: response charts %v, want %v", fx, got, want)
		}
		for name, arm := range map[string]string{"sweep_response": "centralized", "sweep_response_laissez_faire": "laissez_faire"} {
			if !strings.Contains(titles[name], arm+" minus coordinated_autonomy") {
				t.Errorf("%s: %s titled %q, want %s's paired effect", fx, name, titles[name], arm)
			}
		}
	}
	// one arm: its level, in sweep_response alone
	dir := fixture(t, "sweep")
	pts := readCSVT(t, filepath.Join(dir, "points.csv"))
	one := pts[:1]
	for _, rec := range pts[1:] {
		if rec[1] == "coordinated_autonomy" {
			one = append(one, rec)
		}
	}
	writeCSVT(t, filepath.Join(dir, "points.csv"), one)
	os.Remove(filepath.Join(dir, "sweep.csv"))
	var got []string
	for _, f := range mustFigures(t, dir) {
		if strings.HasPrefix(f.name, "sweep_response") {
			got = append(got, f.name)
			if strings.Contains(f.chart.Title, "minus") {
				t.Errorf("one arm: %s titled %q, want its level", f.name, f.chart.Title)
			}
		}
	}
	if !slices.Equal(got, []string{"sweep_response"}) {
		t.Errorf("one arm: response charts %v, want [sweep_response]", got)
	}
}

// TestEffectHeatMapsShareScale: the effect maps of one metric (each later
// arm minus the first) take their bins from the values of all of them, so
// that one colour means one size of effect on every map, and their note
// says so; the first arm's level map keeps its own bins (another unit).
func TestEffectHeatMapsShareScale(t *testing.T) {
	for _, fx := range []string{"sweep", "sweep3"} {
		dir, _ := shared(t, fx)
		legends := map[string][]string{}
		notes := map[string]string{}
		for _, f := range mustFigures(t, dir) {
			if !strings.HasPrefix(f.name, "sweep_heatmap_") {
				continue
			}
			for _, it := range f.chart.legend[1:] {
				legends[f.name] = append(legends[f.name], it.name)
			}
			notes[f.name] = f.chart.Note
		}
		c, l, lvl := "sweep_heatmap_centralized", "sweep_heatmap_laissez_faire", "sweep_heatmap_coordinated_autonomy"
		if len(legends[c]) != 7 || !slices.Equal(legends[c], legends[l]) {
			t.Errorf("%s: effect maps' bins differ: %v and %v", fx, legends[c], legends[l])
		}
		if slices.Equal(legends[lvl], legends[c]) {
			t.Errorf("%s: the level map took the effects' bins %v", fx, legends[lvl])
		}
		for _, name := range []string{c, l} {
			if !strings.Contains(notes[name], "The effect maps share one colour scale.") {
				t.Errorf("%s: %s note %q does not say the scale is shared", fx, name, notes[name])
			}
		}
		if strings.Contains(notes[lvl], "share") {
			t.Errorf("%s: level map note %q", fx, notes[lvl])
		}
	}
	// two arms: one effect map, its own scale, and nothing to say
	dir := fixture(t, "sweep")
	pts := readCSVT(t, filepath.Join(dir, "points.csv"))
	two := pts[:1]
	for _, rec := range pts[1:] {
		if rec[1] != "laissez_faire" {
			two = append(two, rec)
		}
	}
	writeCSVT(t, filepath.Join(dir, "points.csv"), two)
	os.Remove(filepath.Join(dir, "sweep.csv"))
	for _, f := range mustFigures(t, dir) {
		if f.name == "sweep_heatmap_centralized" && strings.Contains(f.chart.Note, "share") {
			t.Errorf("one effect map: note %q", f.chart.Note)
		}
	}
}

// TestSobolNoiseNote: a first-order index above its total index is
// sampling noise, and the caption says so.
func TestSobolNoiseNote(t *testing.T) {
	dir := fixture(t, "sobol")
	path := filepath.Join(dir, "indices.csv")
	recs := readCSVT(t, path)
	// raise the first row's first-order index above its total
	recs[1][4] = "2.5"
	writeCSVT(t, path, recs)
	for _, f := range mustFigures(t, dir) {
		if strings.HasPrefix(f.name, "sensitivity") && recs[1][0] != "" && strings.HasSuffix(f.name, safeName(recs[1][0])) {
			if !strings.Contains(f.caption, "estimates are noisy") {
				t.Errorf("caption %q does not warn of a first-order index above the total", f.caption)
			}
			return
		}
	}
	t.Errorf("no sensitivity chart for arm %s", recs[1][0])
}

// TestLadderOnlyForReforms: the waterfall needs the r1, r1_2, ... arms.
func TestLadderOnlyForReforms(t *testing.T) {
	dir, _ := shared(t, "results")
	if _, err := os.Stat(filepath.Join(dir, "charts", "reform_ladder.png")); err == nil {
		t.Errorf("reform_ladder.png drawn for the default scenario, which has no reform ladder")
	}
}

// externalRef matches what would make the report fetch something: URLs,
// file references, scripts, links, and CSS url() other than data: URIs.
var externalRef = regexp.MustCompile(`(?i)(https?:|file:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/|<script|<link|<img|<iframe|<object|<embed|@import|\bsrc\s*=|\bhref\s*=\s*"[^#]|url\(\s*['"]?[^d'"\s])`)

// TestReportSelfContained checks report.html for any reference outside
// itself and for the parts a workshop needs.
func TestReportSelfContained(t *testing.T) {
	for _, name := range []string{"results", "reforms", "sweep", "sobol"} {
		t.Run(name, func(t *testing.T) {
			dir, files := shared(t, name)
			b, err := os.ReadFile(filepath.Join(dir, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			if m := externalRef.FindAllString(page, 5); len(m) > 0 {
				t.Errorf("report.html refers outside itself: %q", m)
			}
			charts := 0
			for _, f := range files {
				if strings.HasSuffix(f, ".svg") {
					charts++
				}
			}
			if got := strings.Count(page, "<svg"); got != charts {
				t.Errorf("report.html has %d inline SVGs, want one per chart (%d)", got, charts)
			}
			for _, want := range []string{"<h1>", "Manifest", "</html>", "@media print"} {
				if !strings.Contains(page, want) {
					t.Errorf("report.html lacks %q", want)
				}
			}
			// Every chart is an image named by its caption.
			for _, tag := range svgTag.FindAllString(page, -1) {
				m := labelledBy.FindStringSubmatch(tag)
				if !strings.Contains(tag, `role="img"`) || m == nil {
					t.Errorf("inline SVG without role=\"img\" and aria-labelledby: %s", tag)
					continue
				}
				if !regexp.MustCompile(`<figcaption id="` + regexp.QuoteMeta(m[1]) + `"`).MatchString(page) {
					t.Errorf("inline SVG labelled by %q: no figcaption has that id", m[1])
				}
			}
		})
	}
}

var (
	svgTag     = regexp.MustCompile(`<svg[^>]*>`)
	labelledBy = regexp.MustCompile(`aria-labelledby="([^"]+)"`)
)

// TestReportContent checks the run report against its data: scenario name
// and description, the arms' differing settings, a caption computed from
// effects.csv, and the manifest's seed.
func TestReportContent(t *testing.T) {
	dir, _ := shared(t, "results")
	page, r := reportOf(t, dir)
	arms := r.arms()
	// The headline: the second arm's paired effect on value added over the
	// first arm's mean, as effects.csv and summary.csv give them.
	e := r.effects[arms[1]]["value_added"]
	base := r.summary[arms[0]]["value_added"]
	wantPct := pct(math.Abs(e.Mean) / math.Abs(base.Mean))
	dir2 := "above"
	if e.Mean < 0 {
		dir2 = "below"
	}
	want := fmt.Sprintf("%s ends %s%%", arms[1], wantPct)
	for _, w := range []string{
		"<li><b>centralized</b>: Centralized: autonomy 0",
		`<th>centralized<br><span class="meaning">n = 4</span></th>`,
		"<h1>default</h1>",
		template.HTMLEscapeString(r.scenarioString("description")),
		"What differs between the arms",
		"<td>policy.autonomy</td>",
		want,
		dir2 + " " + arms[0],
		"master_seed",
	} {
		if !strings.Contains(page, w) {
			t.Errorf("report.html lacks %q", w)
		}
	}
	if strings.Contains(page, "Validation against") {
		t.Errorf("report.html has a validation section without validation.csv")
	}
	// the effects table says how many paired replications it rests on
	if _, eff, ok := strings.Cut(page, `<h2 id="effects">`); !ok || !strings.Contains(eff[:strings.Index(eff, "</tr>")], fmt.Sprintf(`<th>%s<br><span class="meaning">n = %d</span></th>`, arms[1], e.N)) {
		t.Errorf("the effects table's header does not give %s's n = %d", arms[1], e.N)
	}
}

// TestReportValidation adds a validation.csv built from the fixture's own
// summary.csv (the center's share of documents against fact A3 of
// MODEL.md, 13%) and checks that the report shows it.
func TestReportValidation(t *testing.T) {
	dir := fixture(t, "results")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := r.summary[r.arms()[0]]["docs_center_share"]
	const target, tolerance = 0.13, 0.05 // MODEL.md section 6, fact A3; tolerance of this test's check
	pass := math.Abs(st.Mean-target) <= tolerance
	csv := "id,fact,target,source,mean,ci_low,ci_high,tolerance,pass,kind\n" +
		fmt.Sprintf("A3,share of documents issued centrally,%g,\"Fang, Li, Lu 2025\",%g,%g,%g,%g,%t,calibrated\n", target, st.Mean, st.CILow, st.CIHigh, tolerance, pass) +
		// a finding that names the target it misses (as E5b does): not judged
		"E5b,change in adoption after a scale-up,\"> 0; not reproduced\",Hangzhou,0.005,0.002,0.007,,,finding\n"
	if err := os.WriteFile(filepath.Join(dir, "validation.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	page := renderReport(t, dir, Options{})
	class := "neg"
	if pass {
		class = "pos"
	}
	count := "0 passed, 1 failed"
	if pass {
		count = "1 passed, 0 failed"
	}
	for _, w := range []string{"Validation against published facts", count, "share of documents issued centrally", num(st.Mean), `class="` + class + `">` + fmt.Sprint(pass)} {
		if !strings.Contains(page, w) {
			t.Errorf("report.html lacks %q", w)
		}
	}
	// the count's note on the other rows must not deny them a target
	if strings.Contains(page, "no target") {
		t.Errorf("report.html says the findings have no target, but E5b's is \"> 0; not reproduced\"")
	}
}

// The validation section's count says how many passes are calibration
// targets, which parameters were set to reach: "3 passed" alone read as
// three facts reproduced.
func TestReportValidationCountsKinds(t *testing.T) {
	dir := fixture(t, "results")
	csv := "id,fact,target,source,mean,ci_low,ci_high,n,tolerance,pass,kind\n" +
		"A3,center share,13%,src,0.13,0.12,0.14,3,±3 points,pass,calibration\n" +
		"D1,followers minus tailors,< 0,src,-0.03,-0.04,-0.02,3,95% CI below 0,pass,emergent\n" +
		"E2,pilots never scaled up,~46%,src,0.9,0.8,1,3,±15 points,fail,emergent\n" +
		"P2a,coordination on vs off,> 0,src,0.1,0.05,0.15,3,95% CI above 0,pass,property\n" +
		"P1b,autonomy's gain,finding,src,0.1,0.05,0.15,3,,,finding\n"
	if err := os.WriteFile(filepath.Join(dir, "validation.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	page := renderReport(t, dir, Options{})
	want := "3 passed, 1 failed (calibration targets, which parameters were set to reach: 1 of 1; emergent facts: 1 of 2; properties of MODEL.md §7: 1 of 1)"
	if !strings.Contains(page, template.HTMLEscapeString(want)) {
		t.Errorf("report.html lacks %q", want)
	}
}

// TestRenderErrors: bad folders and malformed files give errors naming
// the file, never a panic, and leave no report behind.
func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(dir string) error
		want    string
	}{
		{"empty folder", func(dir string) error {
			for _, f := range []string{"steps.csv", "summary.csv", "effects.csv", "events.csv", "documents.csv"} {
				if err := os.Remove(filepath.Join(dir, f)); err != nil {
					return err
				}
			}
			return nil
		}, "not a results folder"},
		{"not a number", func(dir string) error {
			return replaceInFile(filepath.Join(dir, "steps.csv"), 1, 5, "abc")
		}, "steps.csv:2: value_added = \"abc\": not a number"},
		{"huge step", func(dir string) error {
			return replaceInFile(filepath.Join(dir, "steps.csv"), 1, 3, "9000000000000000000")
		}, "steps.csv:2: step = 9000000000000000000: must be >= 0 and below"},
		// cut at a line boundary, the CSV reader sees nothing wrong
		{"cut short", func(dir string) error {
			return cutLines(filepath.Join(dir, "steps.csv"), 100)
		}, "steps.csv: arm centralized, replication 0 has 7 of the 92 steps of the longest run: the file is cut short or was edited"},
		{"cut after a run", func(dir string) error {
			return cutLines(filepath.Join(dir, "steps.csv"), 1+4*92)
		}, "steps.csv: replications: 1 in arm centralized, 2 in arm coordinated_autonomy"},
		{"row twice", func(dir string) error {
			p := filepath.Join(dir, "steps.csv")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			lines := strings.SplitAfter(string(b), "\n")
			return os.WriteFile(p, []byte(strings.Join(lines[:3], "")+strings.Join(lines[2:], "")), 0o644)
		}, "steps.csv:4: arm coordinated_autonomy, replication 0, step 1 is in the file twice"},
		{"missing column", func(dir string) error {
			return replaceInFile(filepath.Join(dir, "summary.csv"), 0, 2, "average")
		}, "summary.csv: missing column \"mean\""},
		{"ragged row", func(dir string) error {
			p := filepath.Join(dir, "effects.csv")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, append(b, []byte("x,y\n")...), 0o644)
		}, "effects.csv"},
		{"bad manifest", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{"), 0o644)
		}, "manifest.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, "results")
			if err := tt.corrupt(dir); err != nil {
				t.Fatal(err)
			}
			_, err := Render(dir, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Render error = %v, want one containing %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "report.html")); err == nil {
				t.Errorf("report.html written despite the error")
			}
		})
	}
	if _, err := Render(filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Errorf("Render of a missing folder: no error")
	}
}

// TestRenderOptionalFiles: as Render's doc says, only steps.csv is
// needed for a run; without the other files Render still draws the
// charts it can and the report (its doc once said a missing CSV file was
// an error).
func TestRenderOptionalFiles(t *testing.T) {
	dir := fixture(t, "results")
	for _, f := range []string{"summary.csv", "effects.csv", "events.csv", "documents.csv", "columns.csv", "scenario.toml", "manifest.json"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	files, err := Render(dir, Options{})
	if err != nil {
		t.Fatalf("Render with steps.csv alone: %v", err)
	}
	if !slices.Contains(files, "charts/value_added.png") || !slices.Contains(files, "report.html") {
		t.Errorf("Render with steps.csv alone wrote %v, want value_added and the report", files)
	}
}

// cutLines keeps the first n lines of a file, as a copy cut short would.
func cutLines(path string, n int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.SplitAfter(string(b), "\n")
	return os.WriteFile(path, []byte(strings.Join(lines[:n], "")), 0o644)
}

// sharedReport is the report.html drawn from a shared fixture.
func sharedReport(t *testing.T, name string) []byte {
	t.Helper()
	dir, _ := shared(t, name)
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// editFile rewrites a file of a fixture copy through edit.
func editFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// renameSwept makes the sweep fixture's swept policy.autonomy another
// key's, in column col: a key of one arm, or one cut to 32 characters.
func renameSwept(t *testing.T, dir, col, key string) {
	t.Helper()
	for _, name := range []string{"points.csv", "columns.csv", "sweep.csv"} {
		editFile(t, filepath.Join(dir, name), func(s string) string {
			s = strings.ReplaceAll(s, "policy_autonomy", col)
			return strings.ReplaceAll(s, "swept parameter policy.autonomy:", "swept parameter "+key+":")
		})
	}
}

// replaceInFile sets field col of record row (0 = header) of a CSV file.
func replaceInFile(path string, row, col int, value string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := strings.Split(string(b), "\n")
	fields := strings.Split(lines[row], ",")
	fields[col] = value
	lines[row] = strings.Join(fields, ",")
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
}

// documentedAgg is the per-run figure a columns.csv meaning names.
func documentedAgg(meaning string) (sim.Aggregate, bool) {
	switch {
	case strings.Contains(meaning, "final_year"):
		return sim.Final, true
	case strings.Contains(meaning, "run_mean"):
		return sim.Mean, true
	case strings.Contains(meaning, "run_total"):
		return sim.Total, true
	}
	return sim.Final, false
}

// TestAggregateFromColumns: the per-run figure of every metric is the one
// columns.csv documents, also where the first arm's runs are constant and
// summary.csv cannot tell the figures apart (the reforms baseline: no
// pilots or scale-ups, all spending financial).
func TestAggregateFromColumns(t *testing.T) {
	r, err := load(filepath.Join("testdata", "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range r.steps.metrics {
		meaning := r.info(m).meaning
		want, ok := documentedAgg(meaning)
		if !ok {
			continue
		}
		checked++
		if got := r.agg(m); got != want {
			t.Errorf("agg(%s) = %v, want %v (columns.csv: %q)", m, got, want, meaning)
		}
	}
	if checked < 10 {
		t.Errorf("only %d metrics checked; columns.csv should document the per-run figure", checked)
	}
	// The summary table's "per run" column says the same.
	rows, _ := r.summaryRows()
	want := map[string]string{"pilots": "run total", "scale_ups": "run total", "financial_share": "mean over run", "entry_knowledge_share": "mean over run", "value_added": "final year"}
	for _, row := range rows {
		if w, ok := want[row.Metric]; ok {
			if row.Figure != w {
				t.Errorf("summary table: %s per run = %q, want %q", row.Metric, row.Figure, w)
			}
			delete(want, row.Metric)
		}
	}
	for m := range want {
		t.Errorf("summary table has no row for %s", m)
	}
}

// TestAggregateFromSummary: without columns.csv, the per-run figure found
// by matching summary.csv is the one columns.csv would document.
func TestAggregateFromSummary(t *testing.T) {
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	columns := r.columns
	r.columns = nil
	checked := 0
	for _, m := range r.steps.metrics {
		meaning := columns["steps.csv"][m].meaning
		want, ok := documentedAgg(meaning)
		if !ok {
			continue
		}
		// Metrics constant over the last year and the run cannot tell.
		vals, _ := r.steps.perRun(0, m, sim.Final)
		alt, _ := r.steps.perRun(0, m, sim.Mean)
		if sim.Summarize(vals).Mean == sim.Summarize(alt).Mean {
			continue
		}
		checked++
		if got := r.agg(m); got != want {
			t.Errorf("agg(%s) = %v, want %v (columns.csv: %q)", m, got, want, meaning)
		}
	}
	if checked < 10 {
		t.Errorf("only %d metrics checked; columns.csv should document the per-run figure", checked)
	}
}

// TestBands: the band of a metric at a step is the mean and t-interval of
// the replications' values at that step.
func TestBands(t *testing.T) {
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	m := r.steps.metric("value_added")
	for _, k := range []int{0, r.steps.nsteps / 2, r.steps.nsteps - 1} {
		var xs []float64
		for _, run := range r.steps.runs[1] {
			xs = append(xs, run.value(m, k))
		}
		want := sim.Summarize(xs)
		b := r.steps.band(1, "value_added", nil)
		if b.mean[k] != want.Mean || b.lo[k] != want.CILow || b.hi[k] != want.CIHigh {
			t.Errorf("step %d: band (%v, %v, %v), want (%v, %v, %v)", k, b.mean[k], b.lo[k], b.hi[k], want.Mean, want.CILow, want.CIHigh)
		}
	}
	// The paired effect recomputed from steps.csv matches effects.csv.
	agg := r.agg("value_added")
	got := r.steps.paired(1, 0, "value_added", agg)
	want := r.effects[r.arms()[1]]["value_added"]
	if math.Abs(got.Mean-want.Mean) > 1e-9*math.Abs(want.Mean) || got.N != want.N {
		t.Errorf("paired value_added from steps.csv = %v (n %d), effects.csv %v (n %d)", got.Mean, got.N, want.Mean, want.N)
	}
}

func TestNiceStep(t *testing.T) {
	tests := []struct {
		raw  float64
		step float64
		dec  int
	}{
		{0.003, 0.0025, 4},
		{0.018, 0.02, 2},
		{0.22, 0.2, 1},
		{0.9, 1, 0},
		{3.2, 2.5, 1},
		{12, 10, 0},
		{230, 250, 0},
		{70000, 50000, 0},
	}
	for _, tt := range tests {
		step, dec := niceStep(tt.raw)
		if math.Abs(step-tt.step) > 1e-12*tt.step || dec != tt.dec {
			t.Errorf("niceStep(%v) = %v, %d; want %v, %d", tt.raw, step, dec, tt.step, tt.dec)
		}
	}
}

func TestNumberTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{0.62, 0.88, []string{"0.65", "0.70", "0.75", "0.80", "0.85"}},
		{-0.4, 0.45, []string{"-0.4", "-0.2", "0", "0.2", "0.4"}},
		{8.6, 14.1, []string{"9", "10", "11", "12", "13", "14"}},
		{0, 2.5e7, []string{"0", "5e+06", "1e+07", "1.5e+07", "2e+07", "2.5e+07"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (numberTicks{}).Ticks(tt.min, tt.max) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("ticks(%v, %v) = %v, want %v", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestYearTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		labels   int
		want     string
	}{
		{2000, 2022.75, 12, "2000 2002 2004 2006 2008 2010 2012 2014 2016 2018 2020 2022"},
		{2000, 2022.75, 4, "2000 2010 2020"},
		{2000, 2011.75, 12, "2000 2001 2002 2003 2004 2005 2006 2007 2008 2009 2010 2011"},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range (yearTicks{labels: tt.labels}).Ticks(tt.min, tt.max) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("yearTicks(%v, %v, %d) = %v, want %v", tt.min, tt.max, tt.labels, got, tt.want)
		}
	}
}

// TestDocYears: the documents-per-year panels leave out a last year the
// run ends inside (its count is of part of a year), and keep every year
// of a run that ends on a year boundary and the one year of a run shorter
// than a year, which is still reported partial.
func TestDocYears(t *testing.T) {
	for _, c := range []struct {
		name                  string
		start, spy, steps     int
		years                 string
		partial, covered, per int
	}{
		{"quarterly, whole years", 2000, 4, 92, "2000-2022", 0, 0, 4},
		{"quarterly, ends in 2022", 2000, 4, 90, "2000-2021", 2022, 2, 4},
		{"monthly, ends in 2013", 2010, 12, 40, "2010-2012", 2013, 4, 12},
		{"half-yearly, ends in 2004", 2000, 2, 9, "2000-2003", 2004, 1, 2},
		{"yearly", 2000, 1, 7, "2000-2006", 0, 0, 1},
		{"shorter than a year", 2000, 4, 3, "2000-2000", 2000, 3, 4},
		{"one whole year", 2000, 12, 12, "2000-2000", 0, 0, 12},
	} {
		st := &steps{nsteps: c.steps}
		doc := &docs{}
		for k := range c.steps {
			st.years = append(st.years, float64(c.start)+float64(k+1)/float64(c.spy))
			if y := c.start + k/c.spy; !slices.Contains(doc.years, y) {
				doc.years = append(doc.years, y)
			}
		}
		r := &results{steps: st, docs: doc}
		years, partial, covered, per := r.docYears()
		got := fmt.Sprintf("%d-%d", years[0], years[len(years)-1])
		if got != c.years || partial != c.partial || covered != c.covered || per != c.per {
			t.Errorf("%s: years %s, partial %d (%d of %d steps), want %s, %d (%d of %d)", c.name, got, partial, covered, per, c.years, c.partial, c.covered, c.per)
		}
	}
}

// TestDocumentsPartialYear: a run that ends two quarters into 2022 draws
// no documents per year for 2022, whose count is of half a year, and the
// chart's note says why.
func TestDocumentsPartialYear(t *testing.T) {
	dir := fixture(t, "results")
	path := filepath.Join(dir, "steps.csv")
	recs := readCSVT(t, path)
	kept := recs[:1]
	for _, rec := range recs[1:] {
		if rec[3] != "90" && rec[3] != "91" {
			kept = append(kept, rec)
		}
	}
	writeCSVT(t, path, kept)
	var fig *figure
	for _, f := range mustFigures(t, dir) {
		if f.name == "documents" {
			fig = f
		}
	}
	if fig == nil {
		t.Fatal("no documents chart")
	}
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b := r.docBand(0, "center"); len(b.x) == 0 || b.x[len(b.x)-1] != 2021.5 {
		t.Errorf("documents per year drawn up to %v, want the last whole year, 2021 (at 2021.5)", b.x)
	}
	if want := "2022 is left out, as the run ends after 2 of its 4 steps"; !strings.Contains(fig.chart.Note, want) {
		t.Errorf("documents note %q does not say %q", fig.chart.Note, want)
	}
}

// TestYearTicksShortRun: a run shorter than two years has fewer than two
// whole years on its time axis; its labels must still keep apart on a
// narrow panel (plot.DefaultTicks put 2000.00 2000.25 2000.50 2000.75 on
// top of each other).
func TestYearTicksShortRun(t *testing.T) {
	for _, span := range [][2]float64{{2000, 2000.75}, {2000.25, 2001}, {2000, 2001.5}, {2000.0833, 2000.25}} {
		for _, length := range []vg.Length{120, 400} {
			ticks := (yearTicks{length: length}).Ticks(span[0], span[1])
			if labelCount(ticks) < 1 || !labelsFit(ticks, span[0], span[1], length, false, textStyle(tickSize, false)) {
				var ls []string
				for _, tk := range ticks {
					if tk.Label != "" {
						ls = append(ls, tk.Label)
					}
				}
				t.Errorf("%v on %v points: labels %q do not fit", span, length, ls)
			}
		}
	}
}

func TestRelPhrase(t *testing.T) {
	tests := []struct {
		e    sim.Summary
		base float64
		want string
	}{
		{sim.Summary{N: 30, Mean: 3.8, CILow: 3.4, CIHigh: 4.2}, 10, "a ends 38% (±4.0%) above b"},
		{sim.Summary{N: 30, Mean: -0.5, CILow: -1.5, CIHigh: 0.5}, 10, "a ends 5.0% (±10%) below b, not distinguishable from no difference"},
		{sim.Summary{N: 30, Mean: 0.2, CILow: 0.1, CIHigh: 0.3}, 0, "a ends 0.200 (±0.100) above b"},
		// arms that give the same result in every replication (no budget
		// to spend, a lever that does nothing at autonomy 0) are neither
		// above nor below
		{sim.Summary{N: 2, Mean: 0, CILow: 0, CIHigh: 0}, 0.98, "a ends the same as b in every replication"},
		{sim.Summary{N: 1, Mean: 0, CILow: math.NaN(), CIHigh: math.NaN()}, 0.98, "a ends the same as b"},
		{sim.Summary{N: 2, Mean: 0, CILow: 0, CIHigh: 0}, 0, "a ends the same as b in every replication"},
	}
	for _, tt := range tests {
		if got := relPhrase("a", "ends", tt.e, tt.base, "b"); got != tt.want {
			t.Errorf("relPhrase(%+v, %v) = %q, want %q", tt.e, tt.base, got, tt.want)
		}
	}
}

func TestArmDiff(t *testing.T) {
	r, err := load(filepath.Join("testdata", "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	rows := r.armDiff()
	byKey := map[string][]string{}
	for _, d := range rows {
		byKey[d.Key] = d.Values
	}
	// Reform 1 is autonomy 0.85 on a baseline of 0 (scenarios preset
	// kazakhstan_reforms); arms in steps.csv order.
	auto, ok := byKey["policy.autonomy"]
	if !ok {
		t.Fatalf("policy.autonomy not among the differing settings: %v", rows)
	}
	arms := r.arms()
	for i, a := range arms {
		if a == "baseline" && auto[i] != "0" {
			t.Errorf("baseline autonomy = %q, want 0", auto[i])
		}
		if a == "r1" && auto[i] != "0.85" {
			t.Errorf("r1 autonomy = %q, want 0.85", auto[i])
		}
	}
	for _, d := range rows {
		same := true
		for _, v := range d.Values {
			same = same && v == d.Values[0]
		}
		if same {
			t.Errorf("%s listed although equal in every arm", d.Key)
		}
	}
}

// TestFade: PNG and SVG bands are translucent; PDF bands are the opaque
// colour the translucent one gives over white.
func TestFade(t *testing.T) {
	c := okabeIto[0]
	if _, _, _, a := fade(c, 0.2, false).RGBA(); a == 0xffff {
		t.Errorf("fade for PNG is opaque")
	}
	got := fade(c, 0.2, true).(color.NRGBA)
	// 0x00*0.2 + 255*0.8 = 204; 0x72*0.2 + 204 = 226.8; 0xB2*0.2 + 204 = 239.6
	want := color.NRGBA{204, 227, 240, 255}
	if got != want {
		t.Errorf("fade for PDF = %v, want %v", got, want)
	}
}

func TestWrap(t *testing.T) {
	sty := textStyle(noteSize, false)
	s := "Lines: mean of 4 replications per arm (paired seeds); bands: 95% confidence interval of the mean over replications."
	w := sty.Width("Lines: mean of 4 replications per arm")
	lines := wrap(sty, s, w)
	if len(lines) < 3 {
		t.Fatalf("wrap gave %d lines, want at least 3: %q", len(lines), lines)
	}
	if strings.Join(lines, " ") != s {
		t.Errorf("wrap lost words: %q", lines)
	}
	for _, l := range lines {
		if sty.Width(l) > w && strings.Contains(l, " ") {
			t.Errorf("line %q wider than %v", l, w)
		}
	}
}

func TestHeatMapErrors(t *testing.T) {
	if _, err := HeatMap("t", "x", "y", "z", []float64{1, 2}, []float64{1}, [][]float64{{1}}); err == nil {
		t.Errorf("HeatMap with a short row: no error")
	}
	if _, err := HeatMap("t", "x", "y", "z", []float64{1}, []float64{1, 2}, [][]float64{{1}}); err == nil {
		t.Errorf("HeatMap with too few rows: no error")
	}
}

// TestChromiumScreenshot renders report.html in headless Chromium (the
// Debian package, installed by scripts/install-chromium.sh) and checks
// that the screenshot is not blank. Skipped when Chromium is absent.
func TestChromiumScreenshot(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no /usr/bin/chromium (install it with scripts/install-chromium.sh)")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir, _ := shared(t, "results")
	tmp := t.TempDir()
	shot := filepath.Join(tmp, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	abs, err := filepath.Abs(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(tmp, "profile"), "--screenshot="+shot, "--window-size=1280,2000",
		"file://"+abs)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	ink, colours := inkShare(img)
	// A blank page is all white (ink 0, one colour). The report's first
	// screen holds text, a table and the first chart with its coloured
	// lines and bands: well over 2% of pixels and dozens of colours.
	if ink < 0.02 || colours < 20 {
		t.Errorf("screenshot looks blank: %.2f%% non-white pixels, %d colours", 100*ink, colours)
	}
}

// inkShare returns the share of non-white pixels and the number of
// distinct colours.
func inkShare(img image.Image) (float64, int) {
	b := img.Bounds()
	ink := 0
	seen := map[[3]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
			if len(seen) < 1000 {
				seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			}
		}
	}
	return float64(ink) / float64(b.Dx()*b.Dy()), len(seen)
}

// TestStaleManifest: a manifest.json left by another run (here the
// reforms fixture's) is not shown; the provenance passed by the caller
// and the seeds from steps.csv are.
func TestStaleManifest(t *testing.T) {
	dir := fixture(t, "results")
	other, err := os.ReadFile(filepath.Join("testdata", "reforms", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), other, 0o644); err != nil {
		t.Fatal(err)
	}
	page := renderReport(t, dir, Options{Provenance: map[string]string{"version": "v-test"}})
	if strings.Contains(page, "kazakhstan_reforms") {
		t.Errorf("report.html shows the other run's manifest")
	}
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	seed := r.steps.runs[0][0].seed
	for _, want := range []string{"lists other runs than steps.csv", "<td>v-test</td>", "<td class=\"num\">" + seed + "</td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

// A swept key of strings or booleans (policy.promotion_basis) is drawn
// on an axis whose ticks name its values, its responses as dots (no line
// between categories), not refused as "not a number".
func TestSweepCategoricalKey(t *testing.T) {
	dir := fixture(t, "sweep")
	path := filepath.Join(dir, "points.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	lines[0] = strings.Replace(lines[0], "world_heterogeneity", "policy_promotion_basis", 1)
	names := map[string]string{}
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		if _, ok := names[f[2]]; !ok {
			names[f[2]] = []string{"results", "reports", "seniority", "x", "y", "z"}[len(names)]
		}
		f[2] = names[f[2]]
		lines[i] = strings.Join(f, ",")
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Render(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(files, filepath.Join("charts", "sweep_heatmap_centralized.svg")) {
		t.Fatalf("no heat map drawn: %v", files)
	}
	for _, chart := range []string{"sweep_heatmap_centralized", "sweep_response"} {
		svg, err := os.ReadFile(filepath.Join(dir, "charts", chart+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"results", "reports", "seniority"} {
			if !strings.Contains(string(svg), ">"+v+"</text>") {
				t.Errorf("%s: no tick named %s", chart, v)
			}
		}
		if strings.Contains(string(svg), "0 = results") {
			t.Errorf("%s: the axis still lists codes (0 = results, ...)", chart)
		}
	}
	// no line joins the categories of the response: dots and whiskers,
	// one per value of the second key (not per arm), as the note and
	// caption say
	figs := mustFigures(t, dir)
	for _, f := range figs {
		if f.name != "sweep_response" {
			continue
		}
		if !strings.HasPrefix(f.chart.Note, "Dots:") {
			t.Errorf("the response over a categorical key is drawn as lines (note %q)", f.chart.Note)
		}
		if strings.Contains(f.chart.Note, "arms side by side") || !strings.Contains(f.chart.Note, "values of policy autonomy side by side") {
			t.Errorf("response note %q: its dots side by side are the values of policy autonomy, not arms", f.chart.Note)
		}
		if strings.Contains(f.caption, "line") || strings.Contains(f.caption, "band") || !strings.HasPrefix(f.caption, "One dot per value of policy autonomy at each value of policy promotion basis;") {
			t.Errorf("response caption %q speaks of lines or bands the chart does not draw", f.caption)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`policy promotion basis = \d`).Match(page) || !regexp.MustCompile(`policy promotion basis = (results|reports|seniority)`).Match(page) {
		t.Errorf("the report's captions give the coded values' numbers, not their names")
	}
}

// A sweep's report leads with the paired effect of each later arm over
// the first, not with the first arm's level.
func TestSweepReportLeadsWithEffect(t *testing.T) {
	b := sharedReport(t, "sweep")
	lead := regexp.MustCompile(`<p class="lead">([^<]*)</p>`).FindStringSubmatch(string(b))
	if lead == nil {
		t.Fatal("report.html has no lead paragraph")
	}
	// every later arm's: the second's need not be the larger
	for _, arm := range []string{"centralized", "laissez_faire"} {
		// "largest advantage over" when the cell's interval clears 0,
		// "largest difference from" when it does not (centralized's here)
		if !regexp.MustCompile(arm + `&#39;s largest (advantage over|difference from) coordinated_autonomy`).MatchString(lead[1]) {
			t.Errorf("lead = %q, want the paired advantage of %s over the first arm", lead[1], arm)
		}
	}
}

func TestCaptionPhrases(t *testing.T) {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	// sweep curves: no "none" clauses, categories named, no "goes from"
	// over an unordered key
	names := func(v float64) string { return []string{"results", "seniority"}[int(v)] }
	eff := []Series{{Name: "b − a", X: []float64{0, 1}, Mean: []float64{0.1, -0.2}, Low: []float64{-0.1, -0.3}, High: []float64{0.3, -0.1}}}
	if got := effectCurveCaption(eff, "promotion basis", names); got != "b − a: clearly negative at promotion basis = seniority (95% CI of the paired difference)." {
		t.Errorf("effect curve caption = %q", got)
	}
	eff[0].High[1] = 0.1
	if got := effectCurveCaption(eff, "promotion basis", names); !strings.Contains(got, "not clearly different from 0 at any promotion basis") || strings.Contains(got, "none") {
		t.Errorf("effect curve caption without clear points = %q", got)
	}
	level := []Series{{Name: "a", X: []float64{0, 1}, Mean: []float64{1.5, 1.48}}}
	if got := responseCaption(level, "value_added", "promotion basis", names, true); got != "Value added: a: 1.50 at results, 1.48 at seniority." {
		t.Errorf("categorical response caption = %q", got)
	}
	// no intervals: below by the means alone, said so
	z := [][]float64{{-0.3, -0.1}, {-0.2, -0.4}}
	if got := heatCaption(z, nil, nil, []float64{1, 2}, []float64{3, 4}, "x", "y", num, num, "b", true, "a"); !strings.Contains(got, "b's mean is below a's at every point") || !strings.Contains(got, "x = 2, y = 3") {
		t.Errorf("heat caption with losses everywhere = %q", got)
	}
	z[1][1] = 0.5
	if got := heatCaption(z, nil, nil, []float64{1, 2}, []float64{3, 4}, "x", "y", num, num, "b", true, "a"); !strings.Contains(got, "largest advantage over a (0.500) is at x = 2, y = 4") {
		t.Errorf("heat caption = %q", got)
	}
	// with intervals: the best cell's, and how many points are clear of 0
	lo := [][]float64{{-0.5, -0.2}, {-0.3, 0.1}}
	hi := [][]float64{{-0.1, 0.1}, {-0.1, 0.9}}
	if got := heatCaption(z, lo, hi, []float64{1, 2}, []float64{3, 4}, "x", "y", num, num, "b", true, "a"); !strings.Contains(got, "(0.500, 95% CI 0.100 to 0.900)") ||
		!strings.Contains(got, "above 0 at 1 of 4 points and below 0 at 2") {
		t.Errorf("heat caption with intervals = %q", got)
	}
	if got := spread(sim.Summary{N: 1, Mean: 2, CILow: math.NaN(), CIHigh: math.NaN()}, 1, num, "%"); got != "" {
		t.Errorf("spread of one replication = %q, want none", got)
	}
	if got := spread(sim.Summary{N: 5, Mean: 2, CILow: 1, CIHigh: 3}, 100, num, "%"); got != " (±100%)" {
		t.Errorf("spread = %q, want \" (±100%%)\"", got)
	}
}

// readCSVT reads a whole CSV file.
// writeCSVT writes recs to path as CSV, replacing a fixture copy's file.
func writeCSVT(t *testing.T, path string, recs [][]string) {
	t.Helper()
	var b strings.Builder
	if err := csv.NewWriter(&b).WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readCSVT(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// mustFigures builds the figures of the results folder dir.
// mustChart returns a chart function's chart, failing t on its error.
func mustChart(t testing.TB) func(*Chart, error) *Chart {
	return func(ch *Chart, err error) *Chart {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return ch
	}
}

func mustFigures(t *testing.T, dir string) []*figure {
	t.Helper()
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	figs, err := r.figures()
	if err != nil {
		t.Fatal(err)
	}
	return figs
}

// TestOutcomesCaptionTies: the outcomes caption calls the best arm tied
// with the runner-up when their paired difference's interval includes 0,
// and an arm alone gets no caption (not a stray period).
func TestOutcomesCaptionTies(t *testing.T) {
	dir, _ := shared(t, "reforms")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ties := 0
	for _, m := range outcomeMetrics {
		s := r.bestSentence(m)
		if s == "" {
			continue
		}
		if strings.Contains(s, "not distinguishable from") {
			ties++
		}
	}
	if ties == 0 {
		t.Errorf("no outcome of the 10-arm reforms fixture is a tie; want the close ones called so")
	}
	// r3_only leads on learning error at autonomy 0, where its officials
	// decide nothing: the caption, which may be quoted alone, says so
	if s := r.bestSentence("learning_error"); !strings.Contains(s, "r3_only (0.045), whose officials decide nothing at autonomy 0") {
		t.Errorf("learning error: %q, want r3_only's lead qualified by its autonomy 0", s)
	}
	r1, err := load(singleArm(t))
	if err != nil {
		t.Fatal(err)
	}
	// One arm: nothing to compare, so the caption states each panel's
	// numbers as the chart writes them.
	f := r1.outcomes(false)
	if f == nil {
		t.Fatal("one arm: no outcomes chart")
	}
	if !strings.HasPrefix(f.caption, "Under "+r1.arms()[0]+": ") || !strings.HasSuffix(f.caption, ".") {
		t.Errorf("one arm: outcomes caption %q, want the arm's values", f.caption)
	}
	for _, m := range outcomeMetrics {
		st, ok := r1.runStat(0, m)
		if !ok || !finite(st.Mean) {
			continue
		}
		if want := human(m) + " " + meanCI(st); !strings.Contains(f.caption, want) {
			t.Errorf("one arm: outcomes caption %q lacks %q", f.caption, want)
		}
	}
}

// TestLeadersChangeHands: when the arm leading on value added changes
// during the run, the caption (and so the report's lead) says when.
func TestLeadersChangeHands(t *testing.T) {
	dir, _ := shared(t, "results")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// the leader by year, computed here from the bands, with the calendar
	// years of its spans: the first step's year column is the end of its
	// first step, so the run starts at years[0] - 1/k
	k := r.steps.stepsPerYear()
	startYear := int(math.Round(r.steps.years[0] - 1/float64(k)))
	var leaders, spans []string
	from, to := 0, 0
	for start := 0; start+k <= r.steps.nsteps; start += k {
		best, bestV := "", math.Inf(-1)
		for a, arm := range r.steps.arms {
			if v := sim.Mean.Reduce(r.steps.band(a, "value_added", nil).mean[start:start+k], k); v > bestV {
				best, bestV = arm, v
			}
		}
		year := startYear + start/k
		if len(leaders) == 0 || leaders[len(leaders)-1] != best {
			leaders = append(leaders, best)
			from = year
		}
		to = year
		span := fmt.Sprintf("%s %d", best, from)
		if to > from {
			span += fmt.Sprintf("-%d", to)
		}
		if len(spans) < len(leaders) {
			spans = append(spans, span)
		}
		spans[len(leaders)-1] = span
	}
	got := r.leaders("value_added")
	if len(leaders) < 2 {
		if got != "" {
			t.Errorf("one leader throughout, caption says %q", got)
		}
		return
	}
	if want := "The arm with the highest mean over each year changes during the run (means only: a lead inside the bands is not a clear one): " + strings.Join(spans, ", ") + "."; got != want {
		t.Errorf("leaders caption\n%q, want\n%q", got, want)
	}
}

// TestOtherArmsKeyIsNoise: the first arm's level heat map over another
// arm's key says that its values differ along it by the seeds alone; the
// other arm's effect map, which the key does move, does not.
func TestOtherArmsKeyIsNoise(t *testing.T) {
	dir := fixture(t, "sweep")
	renameSwept(t, dir, "arm_centralized_autonomy", "arm.centralized.policy.autonomy")
	found := false
	for _, f := range mustFigures(t, dir) {
		switch f.name {
		case "sweep_heatmap_coordinated_autonomy": // the first arm: its level
			found = true
			if !strings.Contains(f.caption, "does not apply to coordinated_autonomy") {
				t.Errorf("coordinated_autonomy's level over centralized's key: caption %q", f.caption)
			}
		case "sweep_heatmap_centralized": // an effect, which the key moves
			if strings.Contains(f.caption, "does not apply") {
				t.Errorf("centralized's effect called seed noise: %q", f.caption)
			}
		}
	}
	if !found {
		t.Error("no heat map for coordinated_autonomy")
	}
}

// A heat map's cells of different colours never read alike: over a
// narrow range (value added 1.093 to 1.116 over a grid of promotion basis
// and coordination) num's three digits gave "1.10" to cells of two bins;
// they get the legend's decimals then, and a wide range keeps num's.
func TestHeatMapCellsTellTheirBins(t *testing.T) {
	for _, tc := range []struct {
		z         [][]float64
		want, not []string
	}{
		{[][]float64{{1.0964, 1.1110, 1.1115}, {1.1162, 1.0931, 1.1035}}, []string{">1.0964<", ">1.1035<", ">1.1162<"}, []string{">1.10<"}},
		{[][]float64{{0.5, 1.5, 2.5}, {3.5, 4.5, 5.5}}, []string{">0.50<", ">5.50<"}, []string{">0.5000<"}},
	} {
		ch, err := HeatMap("t", "x", "y", "z", []float64{0, 1, 2}, []float64{0, 1}, tc.z)
		if err != nil {
			t.Fatal(err)
		}
		svg, err := ch.Encode(SVG)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(svg), w) {
				t.Errorf("%v: no cell label %s", tc.z, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(string(svg), w) {
				t.Errorf("%v: a cell label %s", tc.z, w)
			}
		}
	}
}

// TestBinEdges: legend edges of a narrow range still read differently,
// and a wide range's read as num writes them.
func TestBinEdges(t *testing.T) {
	e := binEdges(1.4971, 0.0021, 7)
	for k := 0; k < 7; k++ {
		if e[k] == e[k+1] {
			t.Errorf("bin %d: %s to %s", k, e[k], e[k+1])
		}
	}
	if got := binEdges(0, 0.25, 4); got[2] != num(0.5) {
		t.Errorf("a wide range's edges = %q, want num's", got)
	}
}

// A mean and its CI are written with the same decimals, those of the
// largest: a table reads "1.00 [1.00, 1.00]", not "1.000 [1.000, 1.00]".
func TestNumsShareDecimals(t *testing.T) {
	nan := math.NaN()
	for _, tt := range []struct {
		in   []float64
		want string
	}{
		{[]float64{0.99996, 0.99991, 1.0}, "1.00 1.00 1.00"},
		{[]float64{0.04, 0.011, 0.07}, "0.040 0.011 0.070"},
		{[]float64{9.96, 9.5, 10.4}, "10.0 9.5 10.4"},
		{[]float64{0, -0.25, 0.25}, "0 -0.250 0.250"},
		{[]float64{0.0004, 0.0001, 0.0007}, "0.0004 0.0001 0.0007"},
		{[]float64{2.5e6, 2e6, 3e6}, "2.5e+06 2e+06 3e+06"},
		{[]float64{1.5, nan, nan}, "1.50 n/a n/a"},
		{[]float64{-0.3, 150, 0.0004}, "-0.300 150 0.0004"},
		{[]float64{-0.0004, 0.018, 0.01}, "-0.0004 0.018 0.010"},
	} {
		if got := strings.Join(nums(tt.in...), " "); got != tt.want {
			t.Errorf("nums(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestInstrumentMixIsolatedYear: a year of documents whose neighbouring
// years have none is drawn one year wide, not as a line of no width (the
// centralized arm of the fixture issues only framework documents in its
// first year, and nothing the next).
func TestInstrumentMixIsolatedYear(t *testing.T) {
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	arm := indexOf(r.steps.arms, "centralized")
	cats := orderCategories(r.docs.categories)
	k := indexOf(cats, "framework")
	if arm < 0 || k < 0 {
		t.Fatalf("fixture: no centralized arm or framework documents (arms %v, categories %v)", r.steps.arms, cats)
	}
	years, shares := r.docShares(r.docs.byCategory, arm, cats)
	if len(years) < 2 || !(shares[k][0] > 0) || finite(shares[k][1]) {
		t.Fatalf("fixture: want framework documents in %v and none in %v, got shares %v, %v", years[0], years[1], shares[k][0], shares[k][1])
	}
	fig := r.instrumentMix(false)
	p := fig.chart.panels[arm]
	img := vgimg.New(400, 300)
	dc := draw.New(img)
	p.Draw(dc)
	da := p.DataCanvas(dc)
	trX, trY := p.Transforms(&da)
	// Inside the first year, halfway up the framework band: framework's
	// bottom is the sum of the categories below it.
	below := 0.0
	for j := range k {
		below += shares[j][0]
	}
	pt := vg.Point{X: trX(years[0] + 0.5), Y: trY(below + shares[k][0]/2)}
	scale := float64(img.DPI()) / 72
	h := img.Image().Bounds().Dy()
	got := color.NRGBAModel.Convert(img.Image().At(int(float64(pt.X)*scale), h-int(float64(pt.Y)*scale))).(color.NRGBA)
	if want := categoryColor(k); got != want {
		t.Errorf("colour inside %v, halfway up the framework band: %v, want framework's %v", years[0], got, want)
	}
}

// TestDocumentsFinancialTitle: the documents chart's panel of
// docs_financial_share says what it shows (instrument documents only,
// counted from the start of the run, as columns.csv defines it), and the
// instrument-mix caption, whose own figure counts every document of a
// year, names that panel by its title.
func TestDocumentsFinancialTitle(t *testing.T) {
	figs := mustFigures(t, filepath.Join("testdata", "results"))
	var title, caption string
	for _, f := range figs {
		switch f.name {
		case "documents":
			for _, p := range f.chart.panels {
				if p != nil && strings.HasPrefix(p.Title.Text, "financial share of") && !strings.Contains(p.Title.Text, "spending") {
					title = p.Title.Text
				}
			}
		case "instrument_mix":
			caption = f.caption
		}
	}
	if !strings.Contains(title, "instrument documents") || !strings.Contains(title, "to date") {
		t.Errorf("documents panel of docs_financial_share titled %q, want it to say instrument documents, to date", title)
	}
	if !strings.Contains(caption, `"`+title+`"`) {
		t.Errorf("instrument_mix caption %q does not name the documents panel %q", caption, title)
	}
	if !strings.Contains(caption, "all documents issued in a year") {
		t.Errorf("instrument_mix caption %q does not say its share counts every document of a year", caption)
	}
}

// fillColors returns the colours other than greys a panel fills with,
// drawn alone, in the order it fills with them.
func fillColors(p *plot.Plot) []color.NRGBA {
	c := &recorder.Canvas{}
	p.Draw(draw.NewCanvas(c, 400, 300))
	var out []color.NRGBA
	var cur color.Color
	for _, a := range c.Actions {
		switch a := a.(type) {
		case *recorder.SetColor:
			cur = a.Color
		case *recorder.Fill:
			if cur == nil {
				continue
			}
			k := color.NRGBAModel.Convert(cur).(color.NRGBA)
			if k.R != k.G || k.G != k.B {
				out = append(out, k)
			}
		}
	}
	return out
}

// TestLadderColors: reform k's bars, in both panels of the reform ladder,
// have the colour of the ladder arm that adds it (R1 is r1's, R2 r1_2's,
// ...), as in the other charts, so that no bar has the baseline's colour.
func TestLadderColors(t *testing.T) {
	r, err := load(filepath.Join("testdata", "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	fig := r.ladder(false)
	if fig == nil {
		t.Fatal("no reform ladder for the reforms fixture")
	}
	// Both panels draw R1 ... R5 in order (and the grey "all").
	var want []color.NRGBA
	for _, arm := range []string{"r1", "r1_2", "r1_3", "r1_4", "r1_5"} {
		a := indexOf(r.steps.arms, arm)
		if a < 0 {
			t.Fatalf("fixture: no arm %s in %v", arm, r.steps.arms)
		}
		want = append(want, armStyleOf(a).color)
	}
	for i, name := range []string{"reforms added one by one", "each reform alone"} {
		if got := fillColors(fig.chart.panels[i]); !slices.Equal(got, want) {
			t.Errorf("%s: bars R1-R5 filled with %v, want r1 ... r1_5's colours %v", name, got, want)
		}
	}
}

// TestLadderR1OnlyOnce: an arm r1_only (the natural name for reform 1
// alone beside r2_only ...) is reform 1 alone; the ladder's "each alone"
// panel and caption show reform 1 once, not once for r1 and again for it.
func TestLadderR1OnlyOnce(t *testing.T) {
	r, err := load(filepath.Join("testdata", "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	a := indexOf(r.steps.arms, "r2_only")
	if a < 0 {
		t.Fatalf("fixture: no arm r2_only in %v", r.steps.arms)
	}
	r.steps.arms[a] = "r1_only" // its data stand for reform 1 alone
	fig := r.ladder(false)
	if fig == nil {
		t.Fatal("no reform ladder")
	}
	_, alone, ok := strings.Cut(fig.caption, "Alone: ")
	if !ok {
		t.Fatalf("caption without 'Alone: ': %q", fig.caption)
	}
	if n := strings.Count(alone, "R1 "); n != 1 {
		t.Errorf("reform 1 alone shown %d times, want once: %q", n, alone)
	}
	agg := r.agg("value_added")
	base, _ := r.steps.perRun(0, "value_added", agg)
	want := "R1 " + ladderFigure(r.steps.paired(a, 0, "value_added", agg), 100/math.Abs(sim.Summarize(base).Mean))
	if !strings.HasPrefix(alone, want) {
		t.Errorf("reform 1 alone is not r1_only's effect: %q, want it to start %q", alone, want)
	}
}

// TestLadderNamesRungs: a ladder without r1, or with a rung left out,
// names each bar by the reforms it adds (r1_2 first is "R1-2", r1_4
// after it "+R3-4"), and no rung stands for reform 1 alone unless it is
// r1 (r1_2 was drawn and captioned as "R1" in both panels).
func TestLadderNamesRungs(t *testing.T) {
	r, err := load(filepath.Join("testdata", "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	for old, name := range map[string]string{"r1": "other1", "r1_3": "other3"} {
		a := indexOf(r.steps.arms, old)
		if a < 0 {
			t.Fatalf("fixture: no arm %s in %v", old, r.steps.arms)
		}
		r.steps.arms[a] = name
	}
	fig := r.ladder(false)
	if fig == nil {
		t.Fatal("no reform ladder")
	}
	steps, alone, ok := strings.Cut(fig.caption, "Alone: ")
	if !ok {
		t.Fatalf("caption without 'Alone: ': %q", fig.caption)
	}
	for _, want := range []string{": R1-2 +", ", +R3-4 ", ", +R5 "} {
		if !strings.Contains(steps, want) {
			t.Errorf("steps %q: no %q", steps, want)
		}
	}
	if strings.Contains(alone, "R1 ") {
		t.Errorf("reform 1 alone shown though no arm is r1 or r1_only: %q", alone)
	}
	if got := fig.chart.panels[0].X.Label.Text; !strings.Contains(got, "(R1-2, then +R3-4 ...)") {
		t.Errorf("waterfall's axis %q, want it to name its first bars", got)
	}
	// a baseline that is a rung itself: the first bar adds what follows it
	r.steps.arms[0] = "r1"
	if fig = r.ladder(false); fig == nil {
		t.Error("ladder over r1: none")
	} else if !strings.Contains(fig.caption, ": R2 +") {
		t.Errorf("ladder over r1: first step is not R2: %q", fig.caption)
	}
}

// TestCurveAt: the height of a broken line at x, interpolated between
// its finite points, else taken from its nearest end.
func TestCurveAt(t *testing.T) {
	nan := math.NaN()
	xs := []float64{2003, 2004, 2005, 2006, 2007}
	ys := []float64{0.9, 0.8, nan, 0.4, nan}
	tests := []struct {
		x, y, at float64
	}{
		{2003.5, 0.85, 2003.5}, // between two records
		{2004, 0.8, 2004},      // on a record
		{2005, 0.6, 2005},      // across a gap
		{2002.25, 0.9, 2003},   // before the first record: its height, joined there
		{2008, 0.4, 2006},      // after the last
	}
	for _, tt := range tests {
		y, at := curveAt(xs, ys, tt.x)
		if math.Abs(y-tt.y) > 1e-12 || at != tt.at {
			t.Errorf("curveAt(%v) = %v at %v, want %v at %v", tt.x, y, at, tt.y, tt.at)
		}
	}
	if y, _ := curveAt(xs, []float64{nan, nan, nan, nan, nan}, 2004); !math.IsNaN(y) {
		t.Errorf("curveAt on a line without points = %v, want NaN", y)
	}
}

// TestAdoptionDotAtMedian: the adoption chart's dot of a practice is at
// its median scale-up time, as the note says, not at the first yearly
// record after it (scale-ups happen within a year, the records at its end).
func TestAdoptionDotAtMedian(t *testing.T) {
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	fig := r.adoption(false)
	if fig == nil {
		t.Fatal("no adoption chart for the results fixture")
	}
	ps := r.practices()
	names := mostScaled(ps, 6)
	checked, offRecord := 0, 0
	for a, arm := range r.steps.arms {
		p := fig.chart.panels[a]
		c := &recorder.Canvas{}
		dc := draw.NewCanvas(c, 400, 300)
		p.Draw(dc)
		da := p.DataCanvas(dc)
		trX, _ := p.Transforms(&da)
		// Centres of the filled circles, by colour.
		dots := map[color.NRGBA][]vg.Length{}
		var cur color.Color
		for _, act := range c.Actions {
			switch act := act.(type) {
			case *recorder.SetColor:
				cur = act.Color
			case *recorder.Fill:
				for _, comp := range act.Path {
					if comp.Type == vg.ArcComp && cur != nil {
						k := color.NRGBAModel.Convert(cur).(color.NRGBA)
						dots[k] = append(dots[k], comp.Pos.X)
					}
				}
			}
		}
		for _, pr := range ps {
			i := indexOf(names, pr.name)
			if pr.arm != arm || i < 0 {
				continue
			}
			m := r.midStep(pr.medianYear()) // within its step, not at its end
			if y := pr.medianYear(); y != math.Floor(y) {
				offRecord++ // records end whole years
			}
			checked++
			want := trX(m)
			found := false
			for _, x := range dots[lineColor(i)] {
				found = found || math.Abs(float64(x-want)) < 0.5
			}
			if !found {
				t.Errorf("%s, %s: no dot at the median scale-up %v (x = %.1f pt); dots of its colour at %v", arm, pr.name, m, want, dots[lineColor(i)])
			}
		}
	}
	if checked == 0 || offRecord == 0 {
		t.Fatalf("fixture: %d practices checked, %d with a median between yearly records; want some of each", checked, offRecord)
	}
}

// TestSweepAxisUnits: a swept parameter's axis gives the unit columns.csv
// gives it, as the value axes do ("world heterogeneity (log sd)").
func TestSweepAxisUnits(t *testing.T) {
	want := map[string]string{"world_heterogeneity": "world heterogeneity (log sd)", "policy_autonomy": "policy autonomy (share)"}
	for _, name := range []string{"sweep", "lhs", "sweep3"} {
		dir := filepath.Join("testdata", name)
		// the units as columns.csv gives them
		for _, rec := range readCSVT(t, filepath.Join(dir, "columns.csv")) {
			if w, ok := want[rec[1]]; ok && rec[0] == "points.csv" && !strings.HasSuffix(w, "("+rec[2]+")") {
				t.Fatalf("%s: columns.csv gives %s the unit %q, want %q", name, rec[1], rec[2], w)
			}
		}
		checked := 0
		for _, f := range mustFigures(t, dir) {
			if !strings.HasPrefix(f.name, "sweep_") {
				continue
			}
			p := f.chart.panels[0]
			for _, ax := range []struct{ name, label string }{{"x", p.X.Label.Text}, {"y", p.Y.Label.Text}} {
				for col, w := range want {
					if strings.HasPrefix(ax.label, human(col)) {
						checked++
						if ax.label != w {
							t.Errorf("%s %s: %s axis %q, want %q", name, f.name, ax.name, ax.label, w)
						}
					}
				}
			}
		}
		if checked == 0 {
			t.Errorf("%s: no axis names a swept parameter", name)
		}
	}
}

// TestStageMixCaption: the stage-mix caption describes an arm whose mix
// can vary, not the reforms baseline, whose money-only toolbox pins it
// at 100% money and land (that arm is only named as fixed), and gives
// each varying arm's entry-minus-mature difference.
func TestStageMixCaption(t *testing.T) {
	r, err := load(filepath.Join("testdata", "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"entry_money_land_share", "mature_money_land_share"} {
		if st, _ := r.runStat(0, m); st.Mean != 1 {
			t.Fatalf("fixture: baseline %s = %v, want 1 (a money-only toolbox)", m, st.Mean)
		}
	}
	f := r.stageMix(false)
	if f == nil {
		t.Fatal("no mix_by_stage chart")
	}
	got := f.caption
	shares := func(arm string) (entry, mature float64) {
		a := indexOf(r.steps.arms, arm)
		e, _ := r.runStat(a, "entry_money_land_share")
		m, _ := r.runStat(a, "mature_money_land_share")
		return e.Mean, m.Mean
	}
	e1, m1 := shares("r1")
	e5, m5 := shares("r1_5")
	for _, want := range []string{
		"Under r1, money and land measures take " + pct(e1) + "% of entry-stage and " + pct(m1) + "% of mature-stage spending",
		"r1_5 " + signed(100*(e5-m5)),
		"The mixes of baseline, r2_only, r3_only, r4_only and r5_only are fixed in every run",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("mix_by_stage caption %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "under baseline") || strings.HasPrefix(got, "Money and land measures take 100%") {
		t.Errorf("mix_by_stage caption %q describes the baseline's pinned mix", got)
	}
}

// TestScatterWhiskersInside: a scatter's y range reaches past every
// whisker end, so that no cap is cut by the panel's edge.
func TestScatterWhiskersInside(t *testing.T) {
	s := Series{Name: "a", X: []float64{0, 1, 2}, Mean: []float64{1, 2, 3}, Low: []float64{0.5, 1.5, 2.5}, High: []float64{1.5, 2.5, 5}}
	for _, ch := range []*Chart{mustChart(t)(Scatter("t", "x", "y", []Series{s})), mustChart(t)(categoryScatter("t", "x", "y", []Series{s}, s.X, []string{"a", "b", "c"}, "arms"))} {
		p := ch.panels[0]
		if !(p.Y.Min < 0.5 && p.Y.Max > 5) {
			t.Errorf("scatter y range %v to %v, want it past the whisker ends 0.5 and 5", p.Y.Min, p.Y.Max)
		}
	}
}

// A sweep's report, drawn before its manifest as a sweep draws it, does
// not promise a list of runs the sweep's manifest does not hold, and names
// the file that holds the seeds: sweep.parquet under --format parquet.
func TestSweepReportManifestNote(t *testing.T) {
	for _, tc := range []struct {
		format, table string
	}{
		{"csv", "sweep.csv"},
		{"parquet", "sweep.parquet"},
	} {
		dir := fixture(t, "sweep")
		if tc.format == "parquet" { // as --format parquet writes it: no sweep.csv, columns.csv names sweep.parquet
			cols, err := os.ReadFile(filepath.Join(dir, "columns.csv"))
			if err != nil {
				t.Fatal(err)
			}
			cols = []byte(strings.ReplaceAll(string(cols), "\nsweep.csv,", "\nsweep.parquet,"))
			if err := os.WriteFile(filepath.Join(dir, "columns.csv"), cols, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(filepath.Join(dir, "sweep.csv")); err != nil {
				t.Fatal(err)
			}
		}
		page := renderReport(t, dir, Options{NoManifest: true})
		if strings.Contains(page, "lists every run") || strings.Contains(page, "written after this report") {
			t.Errorf("%s: the sweep report's manifest note promises a run list", tc.format)
		}
		if !strings.Contains(page, "seed is in "+tc.table+".") {
			t.Errorf("%s: the sweep report's manifest note does not say the seeds are in %s", tc.format, tc.table)
		}
	}
}

// Render removes the temporary files a rendering killed midway left.
func TestRenderRemovesStaleTempFiles(t *testing.T) {
	dir := fixture(t, "results")
	stale := []string{filepath.Join(dir, ".report.html.tmp-123"), filepath.Join(dir, "charts", ".outcomes.png.tmp-456")}
	if err := os.MkdirAll(filepath.Join(dir, "charts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range stale {
		if err := os.WriteFile(f, []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Render(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range stale {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s left after rendering", f)
		}
	}
}

// readPoints keeps only the rows of the metric the charts draw.
func TestReadPointsKeepsOneMetric(t *testing.T) {
	path := filepath.Join(t.TempDir(), "points.csv")
	csv := "point,arm,x,metric,mean\n0,a,1,growth,0.1\n0,a,1,value_added,2\n1,a,2,growth,0.2\n1,a,2,value_added,3\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	tb, err := readPoints(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.rows) != 2 || tb.rows[0][3] != "value_added" || tb.rows[1][3] != "value_added" {
		t.Errorf("rows %v, want the two value_added rows", tb.rows)
	}
}

// A long categorical value (a swept toolbox) is shortened on an axis, so
// the ticks do not squeeze the plot away.
func TestTickLabel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"seniority", "seniority"},
		{`["subsidy", "tax_incentive"]`, "[subsidy, tax_incentive]"},
		{`["subsidy", "tax_incentive", "land", "infrastructure", "training"]`, "[subsidy, … 5 items]"},
		{"a_very_long_category_name_indeed", "a_very_long_category_na…"},
	} {
		if got := tickLabel(tt.in); got != tt.want {
			t.Errorf("tickLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Values that would read alike on the ticks become v1, v2, ... with a key.
func TestTickLabelsUnique(t *testing.T) {
	full := []string{`["subsidy", "land", "training", "cluster", "rd_support"]`, `["subsidy", "land", "training", "cluster", "standards_procurement"]`}
	labels, key := tickLabels(full)
	if labels[0] != "v1" || labels[1] != "v2" || !strings.Contains(key, "v2 = [subsidy, land, training, cluster, standards_procurement]") {
		t.Errorf("labels %q key %q, want v1, v2 and the full values", labels, key)
	}
	if labels, key := tickLabels([]string{"results", "seniority"}); key != "" || labels[1] != "seniority" {
		t.Errorf("distinct short values: %q %q, want them as they are", labels, key)
	}
}

// TestArmStylesDistinct: up to twelve arms (a reform ladder with each
// reform alone has ten) never share a colour, so that overlapping lines,
// bands and the charts drawn in colour alone (tool mix by stage, reform
// ladder) tell every arm apart; the first three differ in line and marker
// too (grayscale), beyond the seven Okabe-Ito colours arms are never solid
// or round, and no two of 36 arms share colour, line and marker.
func TestArmStylesDistinct(t *testing.T) {
	for i := 0; i < 12; i++ {
		for j := 0; j < i; j++ {
			if armStyleOf(i).color == armStyleOf(j).color {
				t.Errorf("arms %d and %d share colour %v", j, i, armStyleOf(i).color)
			}
		}
	}
	key := func(i int) string {
		s := armStyleOf(i)
		return fmt.Sprintf("%v %v %T", s.color, s.dashes, armShape(i))
	}
	seen := map[string]int{}
	for i := 0; i < 24; i++ {
		if j, ok := seen[key(i)]; ok {
			t.Errorf("arms %d and %d share colour, line and marker (%s)", j, i, key(i))
		}
		seen[key(i)] = i
	}
	// the first three arms (the default scenario's regimes), whose
	// Okabe-Ito blue, vermillion and green print as nearly the same grey,
	// differ in line and marker
	for i := 0; i < 3; i++ {
		for j := 0; j < i; j++ {
			if fmt.Sprint(armStyleOf(i).dashes) == fmt.Sprint(armStyleOf(j).dashes) {
				t.Errorf("arms %d and %d share a line (%v): in grayscale they look alike", j, i, armStyleOf(i).dashes)
			}
			if fmt.Sprintf("%T", armShape(i)) == fmt.Sprintf("%T", armShape(j)) {
				t.Errorf("arms %d and %d share a marker (%T)", j, i, armShape(i))
			}
		}
	}
	for i := 0; i < 36; i++ {
		if j, ok := seen[key(i)]; ok && j != i {
			t.Errorf("arms %d and %d share colour, line and marker (%s)", j, i, key(i))
		}
		seen[key(i)] = i
	}
	for i := 7; i < 12; i++ {
		if armStyleOf(i).dashes == nil {
			t.Errorf("arm %d, beyond the Okabe-Ito colours, has a solid line", i)
		}
		if _, ok := armShape(i).(draw.CircleGlyph); ok {
			t.Errorf("arm %d, beyond the Okabe-Ito colours, has a circle marker", i)
		}
	}
}

// TestTenArmChartsDistinct: in the reforms fixture's charts (ten arms) the
// legend gives every arm its own colour and every arm's confidence band
// its own fill, and each arm has the same colour in the outcome dots, the
// tool mix by stage and the legend.
func TestTenArmChartsDistinct(t *testing.T) {
	dir, _ := shared(t, "reforms")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	arms := r.steps.arms
	if len(arms) < 10 {
		t.Fatalf("fixture: %d arms, want 10", len(arms))
	}
	fig := r.valueAdded(false)
	seen := map[color.Color]string{}
	for i, it := range fig.chart.legend {
		if it.name != arms[i] {
			t.Errorf("legend item %d is %s, want %s (arms in order)", i, it.name, arms[i])
		}
		if other, ok := seen[it.color]; ok {
			t.Errorf("legend: %s and %s share colour %v", other, it.name, it.color)
		}
		seen[it.color] = it.name
	}
	bands := map[color.NRGBA]bool{}
	for _, c := range fillColors(fig.chart.panels[0]) {
		bands[c] = true
	}
	// fillColors leaves out greys: the black arm's band is one
	want := 0
	for a := range arms {
		if c := armStyleOf(a).color; c.R != c.G || c.G != c.B {
			want++
		}
	}
	if len(bands) != want {
		t.Errorf("value added: %d band colours for %d arms not in grey", len(bands), want)
	}
	for a := range arms {
		if got, want := fig.chart.legend[a].color, color.Color(armStyleOf(a).color); got != want {
			t.Errorf("%s: legend colour %v, want %v", arms[a], got, want)
		}
	}
}

// TestOutcomesAxesIncludeZero: with several arms every panel of the
// outcomes chart includes zero, so that arms a few percent apart (value
// added per unit spent in the reforms fixture) do not fill the panel as if
// they were far apart, and the note says so.
func TestOutcomesAxesIncludeZero(t *testing.T) {
	dir, _ := shared(t, "reforms")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	fig := r.outcomes(false)
	if fig == nil {
		t.Fatal("no outcomes chart")
	}
	n := 0
	for _, p := range fig.chart.panels {
		if p == nil {
			continue
		}
		n++
		if p.X.Min > 0 || p.X.Max < 0 {
			t.Errorf("%s: axis %g to %g leaves out zero", p.Title.Text, p.X.Min, p.X.Max)
		}
	}
	if n == 0 {
		t.Fatal("outcomes chart has no panel")
	}
	if !strings.Contains(fig.chart.Note, "includes zero") {
		t.Errorf("note %q does not say the axes include zero", fig.chart.Note)
	}
}

// TestReportTablesSplitByArms: the report's tables by arm (what differs,
// summary, effects) show at most maxTableArms arms each, so that on a
// projector no arm hides past the page's right edge: the reforms
// fixture's ten arms come as tables of 4, 3 and 3 (effects: nine arms,
// 3, 3 and 3) with every arm once and in order; the three arms of the
// default fixture stay in one table.
func TestReportTablesSplitByArms(t *testing.T) {
	header := regexp.MustCompile(`(?s)<table>\s*<tr>(.*?)</tr>`)
	th := regexp.MustCompile(`(?s)<th>(.*?)(?:<br>.*?)?</th>`)
	// section returns, for each table of the section starting at id, its
	// arm columns (the header cells after the first lead ones).
	section := func(page, id, end string, lead int) [][]string {
		i := strings.Index(page, `id="`+id+`"`)
		j := strings.Index(page, `id="`+end+`"`)
		if i < 0 || j < i {
			t.Fatalf("report has no section %s before %s", id, end)
		}
		var out [][]string
		for _, m := range header.FindAllStringSubmatch(page[i:j], -1) {
			var cols []string
			for _, c := range th.FindAllStringSubmatch(m[1], -1) {
				cols = append(cols, c[1])
			}
			out = append(out, cols[lead:])
		}
		return out
	}
	for _, tt := range []struct {
		fixture string
		tables  int
	}{{"reforms", 3}, {"results", 1}} {
		dir, _ := shared(t, tt.fixture)
		page, r := reportOf(t, dir)
		arms := r.arms()
		for _, s := range []struct {
			id, end string
			lead    int
			arms    []string
		}{
			{"arms", "charts", 1, arms},
			{"summary", "effects", 3, arms},
			{"effects", "manifest", 2, arms[1:]},
		} {
			if s.id == "arms" && len(r.armDiff()) == 0 {
				continue
			}
			tables := section(page, s.id, s.end, s.lead)
			if len(tables) != tt.tables {
				t.Errorf("%s, %s: %d tables, want %d", tt.fixture, s.id, len(tables), tt.tables)
			}
			var all []string
			for _, cols := range tables {
				if len(cols) > maxTableArms {
					t.Errorf("%s, %s: a table of %d arms %v, more than %d", tt.fixture, s.id, len(cols), cols, maxTableArms)
				}
				all = append(all, cols...)
			}
			if !slices.Equal(all, s.arms) {
				t.Errorf("%s, %s: arm columns %v, want %v", tt.fixture, s.id, all, s.arms)
			}
		}
	}
}

// TestOvercapacityCappedSectorsNotNegative: the band of sectors under a
// cap (a count, unit "sectors") stops at zero, so that the panel's axis
// does not reach down to negative counts, which cannot occur (the reforms
// fixture's band would reach -2.5 sectors), nor up past the scenario's 10
// sectors (it reached 12).
func TestOvercapacityCappedSectorsNotNegative(t *testing.T) {
	dir, _ := shared(t, "reforms")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	fig := r.overcapacity(false)
	if fig == nil {
		t.Fatal("no overcapacity chart")
	}
	found := false
	for _, p := range fig.chart.panels {
		if p == nil || p.Title.Text != "sectors under a cap" {
			continue
		}
		found = true
		// pad widens the axis by 3% of its span below the lowest value
		if span := p.Y.Max - p.Y.Min; p.Y.Min < -0.05*span {
			t.Errorf("sectors under a cap: axis from %g, below zero", p.Y.Min)
		}
		if n := r.sectorCount("baseline"); n != 10 {
			t.Errorf("sectorCount = %d, want the fixture's 10", n)
		} else if span := p.Y.Max - p.Y.Min; p.Y.Max > float64(n)+0.05*span {
			t.Errorf("sectors under a cap: axis to %g, above the %d sectors", p.Y.Max, n)
		}
	}
	if !found {
		t.Fatal("no panel of sectors under a cap")
	}
	// no sector ever capped: the axis still starts at 0
	c := slices.Index(r.steps.metrics, "capped_sectors")
	for _, runs := range r.steps.runs {
		for _, rn := range runs {
			for _, row := range rn.rows {
				row[c] = 0
			}
		}
	}
	for _, p := range r.overcapacity(false).chart.panels {
		if p != nil && p.Title.Text == "sectors under a cap" && (p.Y.Min != 0 || p.Y.Max != 1) {
			t.Errorf("sectors under a cap, none ever: axis [%g, %g], want [0, 1]", p.Y.Min, p.Y.Max)
		}
	}
}

// TestRelativeSentencesNameTheirDenominator: "centralized ends 4.5%
// (±1.0%) below coordinated_autonomy" is the mean paired difference over
// the first arm's mean (its ± the difference's 95% half-width over that
// mean), not the mean of the per-pair ratios minus 1 that validation.csv
// gives for a relative fact; the numbers differ, so the sentence says
// which it is, and so does the reform ladder's.
func TestRelativeSentencesNameTheirDenominator(t *testing.T) {
	for _, tt := range []struct{ fixture, fig, want string }{
		{"results", "value_added", "in % of coordinated_autonomy's mean"},
		{"results", "effects", "in % of coordinated_autonomy's mean"},
		{"reforms", "value_added", "in % of baseline's mean"},
		{"reforms", "reform_ladder", "in % of baseline's mean"},
	} {
		dir, _ := shared(t, tt.fixture)
		found := false
		for _, f := range mustFigures(t, dir) {
			if f.name != tt.fig {
				continue
			}
			found = true
			if !strings.Contains(f.caption, tt.want) {
				t.Errorf("%s %s caption %q does not say %q", tt.fixture, tt.fig, f.caption, tt.want)
			}
		}
		if !found {
			t.Errorf("%s: no %s figure", tt.fixture, tt.fig)
		}
	}
	// an absolute sentence (baseline near 0) has no percentage to explain
	if got := relPhrase("a", "ends", sim.Summary{N: 30, Mean: 0.2, CILow: 0.1, CIHigh: 0.3}, 0, "b"); strings.Contains(got, "%") {
		t.Errorf("absolute phrase %q has a percentage", got)
	}
}

// TestSensitivityWithoutPoints: a Sobol folder keeps indices.csv without
// its (large) points.csv, as the sobol fixture does. Its arms then come
// from indices.csv: each other arm's chart shows its paired effect, titled
// so, and no two charts share a file name (else the second would
// overwrite the first, and the level's title go on the effect's bars).
func TestSensitivityWithoutPoints(t *testing.T) {
	dir := fixture(t, "sobol")
	if _, err := os.Stat(filepath.Join(dir, "points.csv")); err == nil {
		t.Fatal("the sobol fixture has points.csv: this test needs a folder without it")
	}
	seen := map[string]bool{}
	for _, f := range mustFigures(t, dir) {
		if seen[f.name] {
			t.Errorf("two charts named %s", f.name)
		}
		seen[f.name] = true
		if f.name == "sensitivity_centralized" && !strings.Contains(f.chart.Title, "centralized minus coordinated_autonomy") {
			t.Errorf("sensitivity_centralized is titled %q, want the paired effect (centralized minus coordinated_autonomy)", f.chart.Title)
		}
	}
	if !seen["sensitivity_centralized"] {
		t.Errorf("no sensitivity_centralized chart: %v", seen)
	}
}

// TestReadEventsKeepsChartedKinds: the charts read only the scale-up and
// adoption rows of events.csv, not its pilots, promotions, moves and
// retirements, which in a world with counties are over 99% of a file that
// grows with regions times replications (an 80 MB events.csv, 30 county
// runs, took 800 MB to chart when every row was kept).
func TestReadEventsKeepsChartedKinds(t *testing.T) {
	dir := fixture(t, "results")
	want := map[string]int{}
	other := 0
	for _, rec := range readCSVT(t, filepath.Join(dir, "events.csv"))[1:] {
		if slices.Contains(chartedEvents, rec[4]) {
			want[rec[4]]++
		} else {
			other++
		}
	}
	if other == 0 || len(want) != len(chartedEvents) {
		t.Fatalf("the fixture's events.csv needs rows of every charted kind and of others: %v, %d others", want, other)
	}
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range r.events {
		got[e.kind]++
	}
	if !maps.Equal(got, want) {
		t.Errorf("events kept by kind %v, want the charted kinds only, %v", got, want)
	}
}

// TestDiffusionMostFrequent: the diffusion caption's "most frequent"
// practice is the one scaled up in the most runs over all arms (as the
// scale-ups caption finds it), not the first arm's most frequent one.
func TestDiffusionMostFrequent(t *testing.T) {
	dir := fixture(t, "results")
	path := filepath.Join(dir, "events.csv")
	recs := readCSVT(t, path)
	first := recs[1][0]
	// the first arm scales up only in replication 0
	kept := [][]string{recs[0]}
	for _, rec := range recs[1:] {
		if rec[0] == first && rec[4] == "scale_up" && rec[1] != "0" {
			continue
		}
		kept = append(kept, rec)
	}
	writeCSVT(t, path, kept)
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for _, p := range r.practices() {
		most = max(most, len(p.reps))
	}
	if most < 2 {
		t.Fatalf("no practice scaled up in more than one run after the edit: the test needs another arm's")
	}
	want := fmt.Sprintf("in %d of 4 runs", most) // the fixture's 4 replications; "each in" when practices tie
	for _, f := range mustFigures(t, dir) {
		if f.name == "diffusion" && !strings.Contains(f.caption, "Most frequent:") {
			t.Errorf("diffusion caption %q names no most frequent practice", f.caption)
		}
		if f.name == "diffusion" && !strings.Contains(f.caption, want) {
			t.Errorf("diffusion caption %q: want the practice scaled up in the most runs, %q", f.caption, want)
		}
	}
}

// TestScatterOneReplication: a sample of one replication per point (the
// sobol_small design) has no interval; the scatter's note and caption must
// not promise whiskers or a 95% CI that the chart does not draw.
func TestScatterOneReplication(t *testing.T) {
	dir := fixture(t, "lhs")
	oneReplication(t, dir)
	n := 0
	for _, f := range mustFigures(t, dir) {
		if !strings.HasPrefix(f.name, "sweep_scatter_") {
			continue
		}
		n++
		if strings.Contains(f.caption, "CI") || strings.Contains(f.chart.Note, "whisker") {
			t.Errorf("%s: caption %q / note %q promise an interval that one replication does not have", f.name, f.caption, f.chart.Note)
		}
	}
	if n == 0 {
		t.Error("no scatter drawn")
	}
}

// TestHeatMapOneReplication: with one replication per point no paired
// interval exists; the heat map must not put every cell in parentheses
// as if its interval included 0, nor count points "above 0 at 0 of 6",
// and the response curve's caption must not promise bands.
func TestHeatMapOneReplication(t *testing.T) {
	dir := fixture(t, "sweep")
	oneReplication(t, dir)
	seen := false
	for _, f := range mustFigures(t, dir) {
		switch f.name {
		case "sweep_heatmap_centralized":
			seen = true
			if strings.Contains(f.chart.Note, "parentheses") || strings.Contains(f.caption, "interval is above 0 at") {
				t.Errorf("heat map of one replication: note %q, caption %q speak of intervals it does not have", f.chart.Note, f.caption)
			}
		case "sweep_response":
			if strings.Contains(f.caption, "confidence interval") {
				t.Errorf("response caption %q promises bands", f.caption)
			}
		}
	}
	if !seen {
		t.Error("no heat map for centralized")
	}
}

// TestInstrumentMixYears: the financial share in the instrument-mix
// caption is a mean over the years in which documents were issued (a
// blank year has no share); under kazakhstan_reforms' baseline that is a
// few of the twelve years, so the caption says so.
func TestInstrumentMixYears(t *testing.T) {
	dir, _ := shared(t, "reforms")
	for _, f := range mustFigures(t, dir) {
		if f.name == "instrument_mix" && !strings.Contains(f.caption, "mean over the years with documents") {
			t.Errorf("instrument_mix caption %q does not say its mean skips the years without documents", f.caption)
		}
	}
}

// The adoption caption's share is a mean over the runs that scaled the
// practice up, which may be few: it says how many, of how many runs.
func TestAdoptionCaptionCountsRuns(t *testing.T) {
	dir := fixture(t, "results")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, p := range r.practices() {
		n[p.name+" under "+p.arm] = len(p.reps)
	}
	for _, f := range mustFigures(t, dir) {
		if f.name != "adoption" {
			continue
		}
		best := f.caption[strings.Index(f.caption, ": ")+2:]
		name := best[:strings.Index(best, " (")]
		want := fmt.Sprintf("in the %d of 4 runs that scaled it up)", n[name])
		if n[name] == 0 || !strings.Contains(f.caption, want) {
			t.Errorf("adoption caption %q: want %q", f.caption, want)
		}
		return
	}
	t.Fatal("no adoption figure")
}

// An arm at autonomy 0 scales practices up (the center's pilots) but
// records no adoption share (no own budgets): its empty adoption panel must
// not say that nothing was scaled up.
func TestAdoptionEmptyPanelSaysWhy(t *testing.T) {
	r, err := load(fixture(t, "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	ps := r.practices()
	shared := map[string]bool{}
	for _, e := range r.events {
		if e.kind == "adoption" {
			shared[e.arm] = true
		}
	}
	checked := 0
	for _, arm := range r.steps.arms {
		scaled := slices.ContainsFunc(ps, func(p *practice) bool { return p.arm == arm })
		if !scaled || shared[arm] {
			continue
		}
		checked++
		if got := noAdoption(arm, ps); strings.Contains(got, "no practice") {
			t.Errorf("arm %s scaled practices up but its empty panel says %q", arm, got)
		}
	}
	if checked == 0 {
		t.Fatal("no arm with scale-ups and no adoption share in the reforms fixture: the test needs one")
	}
	if got := noAdoption("nosuch", ps); !strings.Contains(got, "no practice") {
		t.Errorf("an arm without scale-ups: %q", got)
	}
}

// reportOf reads the report and the results of folder dir.
func reportOf(t *testing.T, dir string) (string, *results) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), r
}

// oneReplication rewrites the points.csv of sweep folder dir as one
// replication per point leaves it: no intervals, n of 1 (or 0).
func oneReplication(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "points.csv")
	recs := readCSVT(t, path)
	h := recs[0]
	for _, rec := range recs[1:] {
		for j, c := range h {
			switch c {
			case "ci_low", "ci_high", "effect_ci_low", "effect_ci_high":
				rec[j] = ""
			case "n", "effect_n":
				if rec[j] != "0" {
					rec[j] = "1"
				}
			}
		}
	}
	writeCSVT(t, path, recs)
}

// TestLeadersYears: the leaders caption names calendar years whatever the
// steps per year. The year column is the end of a step (2001.0 ends 2000
// when steps are annual), so a caption that read it as the year would be
// a year late with annual steps and right with quarterly ones.
func TestLeadersYears(t *testing.T) {
	for _, tt := range []struct {
		k    int
		want string
	}{
		{1, "a 2000-2001, b 2002-2003"},
		{4, "a 2000-2001, b 2002-2003"},
	} {
		t.Run(fmt.Sprintf("%d steps a year", tt.k), func(t *testing.T) {
			// arm a leads in the first two years, b in the last two
			var b strings.Builder
			b.WriteString("arm,replication,seed,step,year,value_added\n")
			for _, arm := range []string{"a", "b"} {
				for rep := range 2 {
					for step := range 4 * tt.k {
						v := 1.0 + float64(rep)
						if (arm == "a") == (step < 2*tt.k) {
							v += 1
						}
						fmt.Fprintf(&b, "%s,%d,%d,%d,%g,%g\n", arm, rep, rep+1, step, 2000+float64(step+1)/float64(tt.k), v)
					}
				}
			}
			if got := leadersOf(t, b.String()); !strings.Contains(got, tt.want) {
				t.Errorf("leaders caption %q does not name %q", got, tt.want)
			}
		})
	}
}

// leadersOf loads a folder holding only steps (a steps.csv) and returns
// the leaders caption of its value added.
func leadersOf(t *testing.T, steps string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "steps.csv"), []byte(steps), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r.leaders("value_added")
}

// TestLeadersPartialYearAndTies: a run that ends mid-year has its last,
// partial year in the leaders caption, said to be partial (a 30-step
// monthly run covers 2002's first 6 months); arms tied exactly on a
// year's mean are all named, not the first alone.
func TestLeadersPartialYearAndTies(t *testing.T) {
	for _, tt := range []struct {
		name  string
		steps int
		value func(arm string, step int) float64 // per arm and step, at 12 steps a year
		want  string
	}{
		{"partial last year", 30, func(arm string, step int) float64 {
			switch {
			case arm == "c":
				return 0.5
			case (arm == "a") == (step < 12 || step >= 24):
				return 2
			}
			return 1
		}, "a 2000, b 2001, a 2002 (2002 partial: its first 6 of 12 steps)."},
		{"tie", 36, func(arm string, step int) float64 {
			switch {
			case step < 12:
				return 1 // every arm alike
			case arm == "c":
				return 2
			}
			return 1
		}, "a, b and c (tied) 2000, c 2001-2002."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("arm,replication,seed,step,year,value_added\n")
			for _, arm := range []string{"a", "b", "c"} {
				for rep := range 2 {
					for step := range tt.steps {
						fmt.Fprintf(&b, "%s,%d,%d,%d,%g,%g\n", arm, rep, rep+1, step, 2000+float64(step+1)/12, tt.value(arm, step)+float64(rep))
					}
				}
			}
			if got := leadersOf(t, b.String()); !strings.HasSuffix(got, ": "+tt.want) {
				t.Errorf("leaders caption %q, want it to end %q", got, tt.want)
			}
		})
	}
}

// TestReportNavWraps: the links of the report's navigation bar are
// separated by white space, so that a phone's 400-pixel screen wraps them
// instead of pushing "Manifest" past its right edge (with no space
// between them, "ArmsChartsSummary..." was one unbreakable word).
func TestReportNavWraps(t *testing.T) {
	dir, _ := shared(t, "results")
	page, _ := reportOf(t, dir)
	_, nav, ok := strings.Cut(page, "<nav>")
	nav, _, ok2 := strings.Cut(nav, "</nav>")
	if !ok || !ok2 {
		t.Fatal("report.html has no <nav>")
	}
	if n := strings.Count(nav, "<a "); n < 3 {
		t.Fatalf("nav has %d links, want at least 3: %s", n, nav)
	}
	if strings.Contains(nav, "</a><a") {
		t.Errorf("nav links with no space between them (cannot wrap on a narrow screen): %s", nav)
	}
}

// TestPracticeTiesNamed: when several practices were scaled up in the most
// runs, or several regions were a practice's origin equally often, the
// captions and the practices table say so, instead of naming the first of
// the tie as "most frequent" (the default scenario's report named one of 32
// practices scaled up in every run, and "region 107 (in 1 of them)" as the
// most frequent origin of a practice that came from 30 regions).
func TestPracticeTiesNamed(t *testing.T) {
	p := func(origins map[string]int, reps int) *practice {
		q := &practice{reps: map[int]bool{}, origins: origins}
		for i := 0; i < reps; i++ {
			q.reps[i] = true
		}
		return q
	}
	for _, c := range []struct {
		origins map[string]int
		reps    int
		want    string
	}{
		{map[string]int{"13": 2, "7": 1, "21": 1}, 4, "region 13 (2 of 4)"},
		{map[string]int{"107": 1, "12": 1, "9": 1}, 3, "no region twice (3 regions, once each)"},
		{map[string]int{"21": 2, "13": 2, "4": 1}, 5, "regions 13 and 21 (2 of 5 each)"},
		{map[string]int{"5": 2, "40": 2, "13": 2, "9": 2, "2": 2}, 10, "regions 2, 5, 9 and 2 more (2 of 10 each)"},
		{map[string]int{}, 3, ""},
	} {
		if got := p(c.origins, c.reps).originPhrase(); got != c.want {
			t.Errorf("origins %v: %q, want %q", c.origins, got, c.want)
		}
	}

	dir, _ := shared(t, "results")
	page, r := reportOf(t, dir)
	ps := r.practices()
	top := mostFrequent(ps)
	if len(top) < 2 {
		t.Fatalf("fixture: %d practice scaled up in the most runs, want a tie", len(top))
	}
	for _, f := range mustFigures(t, dir) {
		if f.name != "diffusion" && f.name != "scale_ups" {
			continue
		}
		want := fmt.Sprintf("%d practice and arm pairs tie, each in %d of", len(top), len(top[0].reps))
		if !strings.Contains(f.caption, want) {
			t.Errorf("%s caption %q: want the tie, %q", f.name, f.caption, want)
		}
		if strings.Contains(f.caption, top[0].name+" under") {
			t.Errorf("%s caption %q names %s, one of %d tied practices, as the most frequent", f.name, f.caption, top[0].name, len(top))
		}
	}
	for _, q := range ps {
		regs, n := q.topOrigins()
		if len(regs) > 1 && n == 1 && !strings.Contains(page, "no region twice") {
			t.Errorf("%s under %s came from %d regions once each, and the report's table does not say so", q.name, q.arm, len(regs))
		}
	}
}

// TestReportReadingGuide: the report says near its top what was run
// (replications, years, master seed: scenario.toml's, not the manifest's
// at the bottom alone) and has a guide to reading a mean, its confidence
// interval and a paired difference, with the model's caveats; its example
// is a real cell of the summary table, not a made-up number.
func TestReportReadingGuide(t *testing.T) {
	for _, c := range []struct{ name, facts string }{
		{"results", "3 arms (regimes), each run 4 times (replications) over 2000-2022 (92 quarterly steps) from master seed 1;"},
		{"reforms", "10 arms (regimes), each run 3 times (replications) over 2000-2011 (48 quarterly steps) from master seed 1;"},
		{"sweep", "each run 2 times (replications) at each point of the sweep over 2000-2009 (40 quarterly steps) from master seed 1;"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, _ := shared(t, c.name)
			page, r := reportOf(t, dir)
			head, _, _ := strings.Cut(page, "<h2")
			if !strings.Contains(head, c.facts) {
				t.Errorf("the report's opening lacks %q", c.facts)
			}
			for _, w := range []string{`<h2 id="reading">How to read this report</h2>`, `<a href="#reading">`, "95% confidence interval", "Caveats", "not forecasts"} {
				if !strings.Contains(page, w) {
					t.Errorf("report.html lacks %q", w)
				}
			}
			if r.steps == nil {
				return
			}
			rows, _ := r.summaryRows()
			want := fmt.Sprintf("In the summary table, \"%s\" for %s under %s is the mean", rows[0].Cells[0].Text, rows[0].Metric, r.arms()[0])
			if !strings.Contains(page, want) {
				t.Errorf("the reading guide's example is not the summary table's first cell: want %q", want)
			}
		})
	}
}

// TestEffectsTableNotColourAlone: the effects table marks a clear
// difference by more than its background, whose light blue and light
// orange print as the same grey: clear cells are bold, and the legend
// says so.
func TestEffectsTableNotColourAlone(t *testing.T) {
	dir, _ := shared(t, "results")
	page, _ := reportOf(t, dir)
	for _, c := range []string{"td.up", "td.down"} {
		rule := regexp.MustCompile(regexp.QuoteMeta(c) + ` \{[^}]*\}`).FindString(page)
		if !strings.Contains(rule, "font-weight: bold") {
			t.Errorf("%s is marked by colour alone: %q", c, rule)
		}
	}
	if !strings.Contains(page, "Bold on blue: clearly above") {
		t.Errorf("the effects table's legend does not say clear differences are bold")
	}
	if !strings.Contains(page, `class="num up"`) && !strings.Contains(page, `class="num down"`) {
		t.Fatalf("fixture: no clear difference in the effects table")
	}
}

// TestHeatMapOnlyForFullGrid: a design whose points do not take every
// combination of the swept values (a Morris trajectory on its 4-level
// grid, a Sobol design of one base sample, here the sweep3 grid without
// point 6) is not drawn as a slice of heat map: its cell at
// heterogeneity 1, autonomy 0.75 came from point 7, at career concern 0,
// under a note that put the slice at career concern 3.
func TestHeatMapOnlyForFullGrid(t *testing.T) {
	dir := fixture(t, "sweep3")
	path := filepath.Join(dir, "points.csv")
	recs := readCSVT(t, path)
	var kept [][]string
	for _, rec := range recs {
		if rec[0] != "6" {
			kept = append(kept, rec)
		}
	}
	writeCSVT(t, path, kept)
	scatter := false
	for _, f := range mustFigures(t, dir) {
		if strings.HasPrefix(f.name, "sweep_heatmap") || f.name == "sweep_response" {
			t.Errorf("%s drawn as a slice of a design that is not a full grid (note %q)", f.name, f.chart.Note)
		}
		scatter = scatter || strings.HasPrefix(f.name, "sweep_scatter_")
	}
	if !scatter {
		t.Error("no scatter chart for the incomplete design")
	}
}

// TestMorrisCaptionRanksByMuStar: mu* measures a parameter's importance,
// sigma its non-linearity and interactions; the caption named the
// parameter with the largest sigma as the one that "matters most". The
// chart's axis gives the effects' unit (the metric's, per parameter
// range), and its note says only mu* has whiskers.
func TestMorrisCaptionRanksByMuStar(t *testing.T) {
	dir := fixture(t, "sobol")
	rows := "arm,outcome,metric,parameter,mu,mu_star,mu_star_ci_low,mu_star_ci_high,sigma,n\n" +
		"coordinated_autonomy,level,value_added,world.heterogeneity,0.01,0.05,0.03,0.07,0.30,20\n" +
		"coordinated_autonomy,level,value_added,policy.autonomy,-0.2,0.25,0.2,0.3,0.10,20\n"
	if err := os.WriteFile(filepath.Join(dir, "indices.csv"), []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range mustFigures(t, dir) {
		if f.name != "sensitivity_coordinated_autonomy" {
			continue
		}
		n++
		if !strings.HasPrefix(f.caption, "policy autonomy matters most") {
			t.Errorf("caption %q: want policy.autonomy (mu* 0.25) to matter most, not world.heterogeneity (mu* 0.05, sigma 0.30)", f.caption)
		}
		if x := f.chart.panels[0].X.Label.Text; !strings.Contains(x, "index, initial state = 1") || !strings.Contains(x, "range") {
			t.Errorf("x axis %q: want the metric's unit per parameter range", x)
		}
		if !strings.Contains(f.chart.Note, "mu*") {
			t.Errorf("note %q: want it to say which bars have whiskers", f.chart.Note)
		}
		// each trajectory runs in its own world: sigma is not only
		// non-linearity and interactions (docs/sweeps.md)
		if !strings.Contains(f.chart.Note, "run-to-run noise") {
			t.Errorf("note %q: want it to say sigma holds the run-to-run noise", f.chart.Note)
		}
	}
	if n != 1 {
		t.Fatalf("%d Morris charts for coordinated_autonomy, want 1", n)
	}
}

// TestSobolImpossibleIndices: an index below 0 or above 1 is sampling
// noise as surely as a first-order index above its total; the sobol
// fixture's total index of policy.autonomy is 1.17 (N = 16), and its
// caption said only that it matters most. The caption also says how
// much of the variance the first-order indices leave to interactions
// and the seeds' noise.
func TestSobolImpossibleIndices(t *testing.T) {
	caption := func(dir string) string {
		for _, f := range mustFigures(t, dir) {
			if f.name == "sensitivity_coordinated_autonomy" {
				return f.caption
			}
		}
		t.Fatal("no sensitivity chart for coordinated_autonomy")
		return ""
	}
	dir := fixture(t, "sobol")
	if c := caption(dir); !strings.Contains(c, "above 1") || !strings.Contains(c, "estimates are noisy") || strings.Contains(c, "sum to") {
		t.Errorf("caption %q: want the total index of 1.17 called noise, and no sum of noisy indices", c)
	}
	// a total index of 0.9 instead: a possible share
	path := filepath.Join(dir, "indices.csv")
	recs := readCSVT(t, path)
	if recs[2][0] != "coordinated_autonomy" || recs[2][2] != "value_added" || recs[2][3] != "policy.autonomy" {
		t.Fatalf("indices.csv row 2 is %v, want coordinated_autonomy's value_added on policy.autonomy", recs[2])
	}
	recs[2][7] = "0.9"
	writeCSVT(t, path, recs)
	// the sum of the arm's first-order indices of value added, from the file
	sum := 0.0
	for _, r := range recs[1:] {
		if r[0] == "coordinated_autonomy" && r[2] == "value_added" {
			x, err := strconv.ParseFloat(r[4], 64)
			if err != nil {
				t.Fatal(err)
			}
			sum += x
		}
	}
	want := fmt.Sprintf("first-order indices sum to %s; the rest (%s)", num(sum), num(1-sum))
	if c := caption(dir); strings.Contains(c, "noisy") || !strings.Contains(c, want) || !strings.Contains(c, "noise of the seeds") {
		t.Errorf("caption %q: want %q, and what the rest is", c, want)
	}
}

// TestShortenedColumnNamedByKey: a swept column shortened to fit Stata's
// 32 characters (arm.coordinated_autonomy.policy.promotion_basis became
// arm_coordinated_autonomy_po_307c) is named on axes, legends and
// captions by its key from columns.csv, not by its cut name ("arm
// coordinated autonomy po 307c").
func TestShortenedColumnNamedByKey(t *testing.T) {
	dir := fixture(t, "sweep")
	renameSwept(t, dir, "arm_coordinated_autonomy_au_1a2b", "arm.coordinated_autonomy.policy.autonomy")
	const want = "arm coordinated autonomy policy autonomy"
	n := 0
	for _, f := range mustFigures(t, dir) {
		text := f.caption + " " + f.chart.Title + " " + f.chart.panels[0].X.Label.Text + " " + f.chart.panels[0].Y.Label.Text
		for _, l := range f.chart.legend {
			text += " " + l.name
		}
		if strings.Contains(text, "1a2b") {
			t.Errorf("%s names the parameter by its cut column: %q", f.name, text)
		}
		if strings.Contains(text, want) {
			n++
		}
	}
	if n == 0 {
		t.Errorf("no chart names the parameter %q", want)
	}
}

// TestResponseOtherArmsKeyIsNoise: over one arm's key, the other arms'
// response curves move by the seeds of each point alone; the caption
// said "centralized goes from 1.53 at ... to 1.54" as if they responded.
// It says so, as the heat maps' captions do.
func TestResponseOtherArmsKeyIsNoise(t *testing.T) {
	dir := fixture(t, "sweep")
	recs := readCSVT(t, filepath.Join(dir, "points.csv"))
	ih := slices.Index(recs[0], "world_heterogeneity")
	var kept [][]string
	for _, rec := range recs {
		if rec[ih] == "world_heterogeneity" || rec[ih] == "0" {
			kept = append(kept, rec)
		}
	}
	writeCSVT(t, filepath.Join(dir, "points.csv"), kept)
	renameSwept(t, dir, "arm_centralized_autonomy", "arm.centralized.policy.autonomy")
	for _, f := range mustFigures(t, dir) {
		if f.name == "sweep_response" {
			if !strings.Contains(f.caption, "does not apply to coordinated_autonomy and laissez_faire") {
				t.Errorf("caption %q: want the arms the key does not apply to named", f.caption)
			}
			return
		}
	}
	t.Fatal("no response curve")
}

// The report's swept-parameters table names each parameter by the key a
// scenario sets (world.heterogeneity), not by its points.csv column.
func TestReportSweptKeys(t *testing.T) {
	b := sharedReport(t, "sweep")
	for _, k := range []string{"world.heterogeneity", "policy.autonomy"} {
		if !strings.Contains(string(b), "<tr><td>"+k+"</td>") {
			t.Errorf("the swept-parameters table has no row for %s", k)
		}
	}
}

// A year's document count is drawn at the year's middle, where the share
// panels beside it (one point per step, at the step's end) have that
// year's steps: year Y at Y + 0.5, not at Y, a step before its first.
func TestDocumentsAtMidYear(t *testing.T) {
	r, err := load(filepath.Join("testdata", "results"))
	if err != nil {
		t.Fatal(err)
	}
	b := r.docBand(0, r.docs.levels[0])
	for i, y := range r.docs.years {
		if b.x[i] != float64(y)+0.5 {
			t.Fatalf("year %d's documents drawn at %v, want %v", y, b.x[i], float64(y)+0.5)
		}
	}
}

// The stage-mix chart's whiskers stay within [0, 1]: a share's interval
// over few replications can pass 0, which no share reaches.
func TestStageMixWhiskersWithinShares(t *testing.T) {
	dir := fixture(t, "results")
	n := 0
	editFile(t, filepath.Join(dir, "summary.csv"), func(s string) string {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "centralized,entry_money_land_share,") || strings.HasPrefix(l, "centralized,mature_knowledge_share,") {
				f := strings.Split(l, ",")
				f[4], f[5] = "-0.2", "1.3" // ci_low, ci_high
				lines[i] = strings.Join(f, ",")
				n++
			}
		}
		return strings.Join(lines, "\n")
	})
	if n != 2 {
		t.Fatalf("fixture: %d rows changed, want 2", n)
	}
	for _, f := range mustFigures(t, dir) {
		if f.name != "mix_by_stage" {
			continue
		}
		// the axis spans the whiskers (and a 6% margin)
		for _, p := range f.chart.panels {
			if span := p.X.Max - p.X.Min; p.X.Min < -0.1*span || p.X.Max > 1+0.1*span {
				t.Errorf("panel %q: the axis runs from %v to %v: a whisker passes 0 or 1", p.Title.Text, p.X.Min, p.X.Max)
			}
		}
		return
	}
	t.Fatal("no mix_by_stage chart")
}

// With one replication the effects chart and its sentence say there is
// no interval, rather than how to read whiskers and a 95% CI that do not
// exist.
func TestEffectsOfOneReplication(t *testing.T) {
	dir := fixture(t, "results")
	editFile(t, filepath.Join(dir, "effects.csv"), func(s string) string {
		lines := strings.Split(strings.TrimSpace(s), "\n")
		for i := 1; i < len(lines); i++ {
			f := strings.Split(lines[i], ",")
			f[4], f[5], f[6] = "", "", "1" // ci_low, ci_high, n
			lines[i] = strings.Join(f, ",")
		}
		return strings.Join(lines, "\n") + "\n"
	})
	for _, f := range mustFigures(t, dir) {
		if f.name != "effects" {
			continue
		}
		if strings.Contains(f.chart.Note, "whiskers crossing") || !strings.Contains(f.chart.Note, "One replication") {
			t.Errorf("note %q: want no whiskers to read, and one replication named", f.chart.Note)
		}
		if strings.Contains(f.caption, "95% CI") || !strings.Contains(f.caption, "one replication") {
			t.Errorf("caption %q: want one replication named, no 95%% CI", f.caption)
		}
		return
	}
	t.Fatal("no effects chart")
}

// The instrument-mix legend lists only the categories some document has:
// documents.csv holds every category, with zeros, and a world with one
// instrument listed all eleven.
func TestInstrumentMixLegendOnlyUsedCategories(t *testing.T) {
	dir := fixture(t, "results")
	appendText(t, filepath.Join(dir, "documents.csv"), "coordinated_autonomy,0,2000,city,unused_category,0\ncentralized,1,2001,center,unused_category,0\n")
	for _, fig := range mustFigures(t, dir) {
		if fig.name != "instrument_mix" {
			continue
		}
		for _, it := range fig.chart.legend {
			if strings.Contains(it.name, "unused") {
				t.Errorf("the legend lists %q, which no document has", it.name)
			}
		}
		return
	}
	t.Fatal("no instrument_mix chart")
}

// A scatter of many points draws each series' trend (the mean of its
// points in each tenth of the x range), thins its dots, and keeps its SVG
// small; the trend passes through the points' means.
func TestScatterOfManyPoints(t *testing.T) {
	const n = 6000
	s := Series{Name: "a", X: make([]float64, n), Mean: make([]float64, n), Low: make([]float64, n), High: make([]float64, n)}
	for i := range n {
		x := float64(i) / n
		s.X[i], s.Mean[i] = x, 2*x+float64(i%7)/7 // a slope of 2 under noise
		s.Low[i], s.High[i] = s.Mean[i]-0.1, s.Mean[i]+0.1
	}
	ch := mustChart(t)(Scatter("t", "x", "y", []Series{s}))
	for _, want := range []string{"every 3rd point drawn", "Lines: the mean of the points in each tenth of the range", "intervals left out"} {
		if !strings.Contains(ch.Note, want) {
			t.Errorf("note %q lacks %q", ch.Note, want)
		}
	}
	svg, err := ch.Encode("svg")
	if err != nil {
		t.Fatal(err)
	}
	if len(svg) > 600_000 {
		t.Errorf("the SVG of %d points is %d bytes", n, len(svg))
	}
	b := binnedMeans(s, 0, 1, 10)
	if len(b.x) != 10 {
		t.Fatalf("%d bins, want 10", len(b.x))
	}
	for k := range b.x {
		if want := 2*b.x[k] + 3.0/7; math.Abs(b.mean[k]-want) > 0.01 || !(b.lo[k] < b.mean[k] && b.mean[k] < b.hi[k]) {
			t.Errorf("bin at %v: mean %v [%v, %v], want about %v inside its interval", b.x[k], b.mean[k], b.lo[k], b.hi[k], want)
		}
	}
	// few points: dots with whiskers, no trend
	few := Series{Name: "a", X: s.X[:10], Mean: s.Mean[:10], Low: s.Low[:10], High: s.High[:10]}
	if ch := mustChart(t)(Scatter("t", "x", "y", []Series{few})); strings.Contains(ch.Note, "Lines") || !strings.Contains(ch.Note, "whiskers") {
		t.Errorf("ten points: note %q, want whiskers and no trend", ch.Note)
	}
}

// A sampled sweep's report leads with where each later arm beats the
// first: the points whose paired interval is above or below 0, and the
// mean effect; with one replication, signs without "clearly".
func TestSampledEffects(t *testing.T) {
	arms := []string{"a", "b"}
	rows := []pointRow{
		{arm: "a"},
		{arm: "b", hasEffect: true, eff: 0.3, effLo: 0.1, effHi: 0.5},
		{arm: "b", hasEffect: true, eff: -0.2, effLo: -0.3, effHi: -0.1},
		{arm: "b", hasEffect: true, eff: 0.2, effLo: -0.1, effHi: 0.5},
	}
	want := "Over the sampled design, in value added: b minus a is clearly above 0 at 1 and clearly below at 1 of 3 points, 0.100 on average (paired 95% CI at each point; the rest are not distinguishable from 0)."
	if got := sampledEffects(rows, arms, "value added"); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// no point clear either way: said so, not "above 0 at 0 and below at 0"
	none := []pointRow{{arm: "a"}, {arm: "b", hasEffect: true, eff: 0.1, effLo: -0.1, effHi: 0.3}, {arm: "b", hasEffect: true, eff: -0.1, effLo: -0.3, effHi: 0.1}}
	if got, want := sampledEffects(none, arms, "value added"), "b minus a is clearly above or below 0 at none of 2 points, 0 on average"; !strings.Contains(got, want) {
		t.Errorf("no clear point: %q, want it to contain %q", got, want)
	}
	for i := range rows {
		rows[i].effLo, rows[i].effHi = math.NaN(), math.NaN()
	}
	if got := sampledEffects(rows, arms, "value added"); !strings.Contains(got, "b minus a is above 0 at 2 and below at 1 of 3 points") || !strings.Contains(got, "one replication") {
		t.Errorf("one replication: %q", got)
	}
	b := sharedReport(t, "lhs")
	if lead := regexp.MustCompile(`<p class="lead">([^<]*)</p>`).FindSubmatch(b); lead == nil || !bytes.HasPrefix(lead[1], []byte("Over the sampled design")) {
		t.Errorf("the lhs report's lead is %q, want where the later arms beat the first", lead)
	}
}

// TestEffectCurveCaptionOneReplication: the caption of a one-key sweep's
// paired effects claims a 95% interval only where there is one; with one
// replication per point (NaN bounds) it counts the values above and below
// 0, as the scatter of a sample does, instead of calling every value "not
// clearly different from 0" by an interval that does not exist.
func TestEffectCurveCaptionOneReplication(t *testing.T) {
	nan := math.NaN()
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, tc := range []struct {
		name         string
		eff          []Series
		want, absent []string
	}{
		{"one replication", []Series{{Name: "b − a", X: []float64{0, 0.5, 1}, Mean: []float64{0.1, -0.2, 0.3}, Low: []float64{nan, nan, nan}, High: []float64{nan, nan, nan}}},
			[]string{"b − a: above 0 at 2 and below at 1 of 3 values of x", "no interval"}, []string{"95% CI", "clearly", "not clearly different"}},
		{"two arms, one replication", []Series{
			{Name: "b − a", X: []float64{0, 1}, Mean: []float64{0.1, 0.3}, Low: []float64{nan, nan}, High: []float64{nan, nan}},
			{Name: "c − a", X: []float64{0, 1}, Mean: []float64{-0.1, 0}, Low: []float64{nan, nan}, High: []float64{nan, nan}}},
			[]string{"b − a: above 0 at 2 and below at 0 of 2", "c − a: above 0 at 0 and below at 1 of 2"}, []string{"95% CI"}},
		{"intervals", []Series{{Name: "b − a", X: []float64{0, 1}, Mean: []float64{0.1, 0.3}, Low: []float64{-0.1, 0.1}, High: []float64{0.3, 0.5}}},
			[]string{"clearly positive at x = 1", "(95% CI of the paired difference)"}, []string{"no interval"}},
	} {
		got := effectCurveCaption(tc.eff, "x", num)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: caption %q lacks %q", tc.name, got, w)
			}
		}
		for _, w := range tc.absent {
			if strings.Contains(got, w) {
				t.Errorf("%s: caption %q says %q", tc.name, got, w)
			}
		}
	}
}

// TestRunFactsSweptSpan: the report's opening note gives the run's span
// from scenario.toml's [run], which a sweep of run.steps, run.steps_per_year
// or run.start_year overrides at every point: it said "over 2000-2009 (40
// quarterly steps)" of a sweep whose points ran other spans.
func TestRunFactsSweptSpan(t *testing.T) {
	for _, tc := range []struct {
		col, key string // policy.autonomy swept as this key
		want     string
	}{
		{"policy_autonomy", "policy.autonomy", "over 2000-2009 (40 quarterly steps)"},
		{"run_steps", "run.steps", "over the span each point of the sweep sets (run.steps swept)"},
		{"run_steps_per_year", "run.steps_per_year", "over the span each point of the sweep sets (run.steps_per_year swept)"},
		{"run_start_year", "run.start_year", "over the span each point of the sweep sets (run.start_year swept)"},
	} {
		dir := fixture(t, "sweep")
		renameSwept(t, dir, tc.col, tc.key)
		r, err := load(dir)
		if err != nil {
			t.Fatal(err)
		}
		got := r.runFacts(0)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s swept: run facts %q, want %q", tc.key, got, tc.want)
		}
		if tc.key != "policy.autonomy" && strings.Contains(got, "2000-2009") {
			t.Errorf("%s swept: run facts %q give scenario.toml's span", tc.key, got)
		}
	}
}

// TestReportOnePointSweep: a sweep whose design has one point (a grid of
// one value per key, a sample of one point) has nothing to chart; its
// report had an empty Charts section and no number at all. Its summary
// and effects tables now give the point's means and paired effects, as
// points.csv has them; a sweep of several points keeps its charts alone.
func TestReportOnePointSweep(t *testing.T) {
	for _, tc := range []struct {
		name   string
		points int // points kept
		arms   int // arms kept
	}{
		{"one point, three arms", 1, 3},
		{"one point, one arm", 1, 1},
		{"two points", 2, 3},
	} {
		dir := fixture(t, "sweep")
		recs := readCSVT(t, filepath.Join(dir, "points.csv"))
		ip, ia := slices.Index(recs[0], "point"), slices.Index(recs[0], "arm")
		var pts, arms []string
		kept := [][]string{recs[0]}
		for _, rec := range recs[1:] {
			if !slices.Contains(pts, rec[ip]) && len(pts) < tc.points {
				pts = append(pts, rec[ip])
			}
			if !slices.Contains(arms, rec[ia]) && len(arms) < tc.arms {
				arms = append(arms, rec[ia])
			}
			if slices.Contains(pts, rec[ip]) && slices.Contains(arms, rec[ia]) {
				kept = append(kept, rec)
			}
		}
		writeCSVT(t, filepath.Join(dir, "points.csv"), kept)
		html := renderReport(t, dir, Options{NoManifest: true})
		one := tc.points == 1
		if got := strings.Contains(html, `<h2 id="summary">`); got != one {
			t.Errorf("%s: summary table %v, want %v", tc.name, got, one)
		}
		if got := strings.Contains(html, `<h2 id="effects">`); got != (one && tc.arms > 1) {
			t.Errorf("%s: effects table %v, want %v", tc.name, got, one && tc.arms > 1)
		}
		if got := strings.Contains(html, "single point"); got != one {
			t.Errorf("%s: note on the missing charts %v, want %v", tc.name, got, one)
		}
		if !one {
			continue
		}
		// every metric of points.csv, with its mean as points.csv has it
		im, imean := slices.Index(recs[0], "metric"), slices.Index(recs[0], "mean")
		metrics := map[string]bool{}
		for _, rec := range kept[1:] {
			metrics[rec[im]] = true
		}
		for m := range metrics {
			if !strings.Contains(html, "<tr><td><b>"+m+"</b>") {
				t.Errorf("%s: no summary row for %s", tc.name, m)
			}
		}
		for _, rec := range kept[1:] {
			if rec[im] != "value_added" || rec[ia] != arms[0] {
				continue
			}
			mean, _ := strconv.ParseFloat(rec[imean], 64)
			if want := fmt.Sprintf("%.2f [", mean); !strings.Contains(html, want) {
				t.Errorf("%s: value added of %s (%s) not in the report", tc.name, arms[0], want)
			}
		}
	}
}

// The report's opening note promises 95% intervals only when there are
// replications to compute them from: with one, it says there are none
// (the charts and captions already did).
func TestReportNoteOneReplication(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    string
		want string
	}{
		{"one replication", "1", "With one replication there are no intervals"},
		{"four replications", "4", "All intervals are 95% confidence intervals"},
	} {
		dir := fixture(t, "results")
		recs := readCSVT(t, filepath.Join(dir, "summary.csv"))
		for _, rec := range recs[1:] {
			rec[3], rec[4], rec[5], rec[6] = "", "", "", tc.n // sd, ci_low, ci_high, n
		}
		writeCSVT(t, filepath.Join(dir, "summary.csv"), recs)
		page := renderReport(t, dir, Options{NoManifest: true})
		other := "All intervals are 95%"
		if tc.n != "1" {
			other = "With one replication there are no intervals"
		}
		if !strings.Contains(page, tc.want) || strings.Contains(page, other) {
			t.Errorf("%s: the report's note does not say %q (or says %q)", tc.name, tc.want, other)
		}
	}
}

// renderReport renders the results folder dir with opt and returns its
// report.html.
func renderReport(t *testing.T, dir string, opt Options) string {
	t.Helper()
	if _, err := Render(dir, opt); err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestNoLineNamed: an arm whose metric is undefined in every step has no
// line in a time panel but keeps its legend entry, so the chart's note
// names it; otherwise the reader takes it for a line hidden under
// another (a one-instrument arm's diversity under centralization's, near
// 0).
func TestNoLineNamed(t *testing.T) {
	dir := fixture(t, "results")
	path := filepath.Join(dir, "steps.csv")
	recs := readCSVT(t, path)
	col := slices.Index(recs[0], "diversity")
	for _, rec := range recs[1:] {
		if rec[0] == "laissez_faire" {
			rec[col] = ""
		}
	}
	writeCSVT(t, path, recs)
	notes := map[string]string{}
	for _, f := range mustFigures(t, dir) {
		notes[f.name] = f.chart.Note
	}
	if want := "No line where the metric is undefined in every step (columns.csv says when): diversity (laissez_faire)."; !strings.Contains(notes["learning"], want) {
		t.Errorf("learning chart's note %q, want it to contain %q", notes["learning"], want)
	}
	for name, note := range notes {
		if name != "learning" && strings.Contains(note, "No line") {
			t.Errorf("%s chart's note %q names an arm without a line; every arm has one there", name, note)
		}
	}
	for _, f := range mustFigures(t, filepath.Join("testdata", "results")) {
		if strings.Contains(f.chart.Note, "No line") {
			t.Errorf("%s chart of the unedited fixture: note %q, but every arm has a line", f.name, f.chart.Note)
		}
	}
}

// firstReplication turns the fixture in dir into the folder of a run of
// one replication: the rows of replication 0 of every table with a
// replication column, and no summary.csv or effects.csv (the charts then
// compute their figures, of n = 1, from steps.csv).
func firstReplication(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"summary.csv", "effects.csv"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"steps.csv", "events.csv", "documents.csv"} {
		path := filepath.Join(dir, name)
		recs := readCSVT(t, path)
		col := slices.Index(recs[0], "replication")
		out := recs[:1]
		for _, rec := range recs[1:] {
			if rec[col] == "0" {
				out = append(out, rec)
			}
		}
		writeCSVT(t, path, out)
	}
}

// TestChartsOfOneReplication: with one replication no chart promises a
// 95% CI or whiskers it does not draw (the outcomes and effects titles,
// the outcomes, stage-mix and reform-ladder notes and the ladder's
// caption did), and each says there is one replication.
func TestChartsOfOneReplication(t *testing.T) {
	for _, fx := range []string{"results", "reforms"} {
		dir := fixture(t, fx)
		firstReplication(t, dir)
		seen := map[string]bool{}
		for _, f := range mustFigures(t, dir) {
			switch f.name {
			case "value_added", "outcomes", "effects", "mix_by_stage", "reform_ladder":
			default:
				continue
			}
			seen[f.name] = true
			text := f.chart.Title + " | " + f.chart.Note + " | " + f.caption
			for _, bad := range []string{"95% CI", "Whiskers: 95%", "whiskers: 95%", "inside the bands", "highest mean"} {
				if strings.Contains(text, bad) {
					t.Errorf("%s %s: %q promises %q with one replication", fx, f.name, text, bad)
				}
			}
			if !strings.Contains(strings.ToLower(f.chart.Title+" "+f.chart.Note), "one replication") {
				t.Errorf("%s %s: title and note %q do not say there is one replication", fx, f.name, f.chart.Title+" | "+f.chart.Note)
			}
		}
		want := []string{"value_added", "outcomes", "effects", "mix_by_stage"}
		if fx == "reforms" {
			want = append(want, "reform_ladder")
		}
		for _, name := range want {
			if !seen[name] {
				t.Errorf("%s: no %s chart", fx, name)
			}
		}
	}
}

// TestNoDotNamed: an arm whose figure is undefined in every run (n = 0:
// value added per unit spent at tax_rate 0, the stage shares of an arm
// without spending) has no dot in a dot chart, and the chart's note names
// it; a blank row read as a dot hidden under another or off the axis
// (scale.toml's notax arm: its row of the value-per-spend panels and of
// the stage-mix chart was empty without a word).
func TestNoDotNamed(t *testing.T) {
	dir := fixture(t, "results")
	for _, name := range []string{"summary.csv", "effects.csv"} {
		path := filepath.Join(dir, name)
		recs := readCSVT(t, path)
		metric := slices.Index(recs[0], "metric")
		for _, rec := range recs[1:] {
			if rec[0] == "laissez_faire" && (rec[metric] == "value_per_spend" || rec[metric] == "entry_money_land_share") {
				for j := metric + 1; j < len(rec)-1; j++ {
					rec[j] = ""
				}
				rec[len(rec)-1] = "0"
			}
		}
		writeCSVT(t, path, recs)
	}
	want := map[string]string{
		"outcomes":     "No dot where the figure is undefined in every run (n/a in the report's tables): value added per unit spent (laissez_faire).",
		"effects":      "No dot where the figure is undefined in every run (n/a in the report's tables): value added per unit spent (laissez_faire).",
		"mix_by_stage": "No dot where the figure is undefined in every run (n/a in the report's tables): money and land measures, entry stage (laissez_faire).",
	}
	for _, f := range mustFigures(t, dir) {
		w, ok := want[f.name]
		switch {
		case ok && !strings.Contains(f.chart.Note, w):
			t.Errorf("%s chart's note %q, want it to contain %q", f.name, f.chart.Note, w)
		case !ok && strings.Contains(f.chart.Note, "No dot"):
			t.Errorf("%s chart's note %q names an arm without a dot; every arm has one there", f.name, f.chart.Note)
		}
		delete(want, f.name)
	}
	for name := range want {
		t.Errorf("no %s chart", name)
	}
	for _, f := range mustFigures(t, filepath.Join("testdata", "results")) {
		if strings.Contains(f.chart.Note, "No dot") {
			t.Errorf("%s chart of the unedited fixture: note %q, but every arm has a dot", f.name, f.chart.Note)
		}
	}
}

// TestPracticesDrawnNamed: the scale-ups and adoption charts draw the
// practices scaled up in the most runs (8 and 6 of the results fixture's
// 16) and their notes say so, as the adoption caption does of its "most
// widely adopted"; they read as every practice scaled up. An arm whose
// practices are all left out is not said to have none ("No scale-up
// under laissez_faire", and "no share recorded (no own budgets)" on its
// adoption panel, were false of an arm that scaled practices up).
func TestPracticesDrawnNamed(t *testing.T) {
	notes := map[string]string{}
	captions := map[string]string{}
	for _, f := range mustFigures(t, filepath.Join("testdata", "results")) {
		notes[f.name], captions[f.name] = f.chart.Note, f.caption
	}
	for name, want := range map[string]string{
		"scale_ups": "It draws the 8 practices scaled up in the most runs, of 16; the report's table lists them all.",
		"adoption":  "It draws the 6 practices scaled up in the most runs, of 16; the report's table lists them all.",
	} {
		if !strings.Contains(notes[name], want) {
			t.Errorf("%s note %q, want it to contain %q", name, notes[name], want)
		}
	}
	if !strings.HasPrefix(captions["adoption"], "Most widely adopted of the 6 practices drawn: ") {
		t.Errorf("adoption caption %q does not say it is of the practices drawn", captions["adoption"])
	}

	// laissez_faire keeps one practice, scaled up in one run: not drawn
	dir := fixture(t, "results")
	path := filepath.Join(dir, "events.csv")
	recs := readCSVT(t, path)
	out := recs[:1]
	for _, rec := range recs[1:] {
		if rec[0] == "laissez_faire" && (rec[4] == "scale_up" || rec[4] == "adoption") && !(rec[10] == "tax_incentive" && rec[11] == "growth") {
			continue
		}
		out = append(out, rec)
	}
	writeCSVT(t, path, out)
	for _, f := range mustFigures(t, dir) {
		switch f.name {
		case "scale_ups":
			if strings.Contains(f.chart.Note, "No scale-up under laissez_faire") || !strings.Contains(f.chart.Note, "None of the practices drawn was scaled up under laissez_faire.") {
				t.Errorf("scale-ups note %q: laissez_faire scaled up a practice not drawn", f.chart.Note)
			}
		case "adoption":
			c := newTextCanvas()
			f.chart.Draw(draw.NewCanvas(c, f.chart.width, f.chart.height))
			var texts []string
			for _, b := range c.boxes {
				texts = append(texts, b.s)
			}
			if slices.Contains(texts, "(no own budgets)") || !slices.Contains(texts, "practices drawn") {
				t.Errorf("adoption chart's text %q: laissez_faire's panel must say its practices are not drawn", texts)
			}
		}
	}
}

// TestScattersOfManyKeysSayWhich: a sampled design of more than four
// swept parameters draws scatters against the first four only, and each
// says so (the others were drawn nowhere, without a word).
func TestScattersOfManyKeysSayWhich(t *testing.T) {
	dir := fixture(t, "lhs")
	path := filepath.Join(dir, "points.csv")
	recs := readCSVT(t, path)
	extra := []string{"world_gamma", "world_tax_rate", "world_absorb"}
	for i, rec := range recs {
		add := extra
		if i > 0 {
			p, _ := strconv.Atoi(rec[0])
			add = []string{strconv.Itoa(p), strconv.Itoa(2 * p), strconv.Itoa(3 * p)}
		}
		recs[i] = append(append(slices.Clone(rec[:4]), add...), rec[4:]...)
	}
	writeCSVT(t, path, recs)
	n := 0
	for _, f := range mustFigures(t, dir) {
		if !strings.HasPrefix(f.name, "sweep_scatter_") {
			continue
		}
		n++
		if want := "Scatters are drawn against the first 4 of the 5 swept parameters; points.csv holds every point's values of all of them."; !strings.Contains(f.chart.Note, want) {
			t.Errorf("%s: note %q, want it to contain %q", f.name, f.chart.Note, want)
		}
	}
	if n != 4 {
		t.Errorf("%d scatters, want 4", n)
	}
	for _, f := range mustFigures(t, filepath.Join("testdata", "lhs")) {
		if strings.Contains(f.chart.Note, "first 4") {
			t.Errorf("%s of a design of two parameters: note %q", f.name, f.chart.Note)
		}
	}
}

// appendText appends text to the file at path, as a user editing it would.
func appendText(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestReportListsEvents: the scenario's events change the settings of the
// arms they apply to from their year on, so the report lists them (year,
// label, the arms of one that names some, what each sets, a shock by its
// sector) beside the arms' differences,
// and the value-added chart marks those after the start; a report of a
// scenario without events says nothing of them.
func TestReportListsEvents(t *testing.T) {
	dir := fixture(t, "results")
	if html := renderReport(t, dir, Options{}); strings.Contains(html, "Scenario events") {
		t.Error("a scenario without events: the report lists events")
	}
	// written out of year order: the report sorts them
	appendText(t, filepath.Join(dir, "scenario.toml"), `
[[event]]
year = 2010
label = "crisis <2010> & more"
[[event.shock]]
sector = "steel"
demand = -0.3
[[event.sector]]
name = "solar"
priority = 2.0

[[event]]
year = 2005
label = "2005: policy.autonomy"
[event.policy]
autonomy = 0.3

[[event]]
year = 2000
label = "at the start"
[event.policy]
platform = 0.2
`)
	html := renderReport(t, dir, Options{})
	for _, want := range []string{
		"<tr><td>2000</td><td>at the start</td><td>policy.platform = 0.2</td></tr>",
		"<tr><td>2005</td><td>2005: policy.autonomy</td><td>policy.autonomy = 0.3</td></tr>",
		"<tr><td>2010</td><td>crisis &lt;2010&gt; &amp; more</td><td>sector.solar.priority = 2; shock.steel.demand = -0.3</td></tr>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks the event row %s", want)
		}
	}
	if i, j := strings.Index(html, "<td>2000</td>"), strings.Index(html, "<td>2010</td>"); i < 0 || j < i {
		t.Error("events not in year order")
	}
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	va := r.valueAdded(false)
	if !strings.Contains(va.chart.Note, "vertical lines: the scenario's events") {
		t.Errorf("value-added note %q does not say what the vertical lines are", va.chart.Note)
	}
	if marks := r.eventMarks(); !slices.Equal(marks, []float64{2005, 2010}) {
		t.Errorf("value-added chart marks %v, want 2005 and 2010 (not the start's event)", marks)
	}
	if !strings.Contains(html, "Dashed vertical lines mark those after the first year on the value-added chart") {
		t.Error("the run's report does not say where the chart marks the events")
	}
	if strings.Contains(html, "<th>event</th><th>arms</th>") || !strings.Contains(html, "every arm runs with what the event sets") {
		t.Error("events of every arm: the report has an arms column, or does not say every arm runs them")
	}

	// an event of some arms: the table names them (all for an event of
	// every arm, whether its arms key is left out or lists them all), and
	// the note says the other arms run on without it
	appendText(t, filepath.Join(dir, "scenario.toml"), `
[[event]]
year = 2007
label = "reform 4"
arms = ["centralized", "laissez_faire"]
[event.policy]
mobility = 0.5

[[event]]
year = 2008
label = "listed"
arms = ["laissez_faire", "centralized", "coordinated_autonomy"]
[event.policy]
mobility = 0.4
`)
	html = renderReport(t, dir, Options{})
	for _, want := range []string{
		"<tr><th>year</th><th>event</th><th>arms</th><th>sets</th></tr>",
		"<tr><td>2005</td><td>2005: policy.autonomy</td><td>all</td><td>policy.autonomy = 0.3</td></tr>",
		"<tr><td>2007</td><td>reform 4</td><td>centralized, laissez_faire</td><td>policy.mobility = 0.5</td></tr>",
		"<tr><td>2008</td><td>listed</td><td>all</td><td>policy.mobility = 0.4</td></tr>",
		"every arm an event applies to (the arms column) runs with what it sets",
		"The arms an event leaves out run on without it.",
		// and the arms' table says the arms differ from the event's year
		"events of some arms only make those arms differ",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report of an event of some arms lacks %s", want)
		}
	}
	if r, err := load(dir); err != nil || !strings.Contains(r.valueAdded(false).chart.Note, "in the arms each applies to (the report lists them and their arms)") {
		t.Errorf("the value-added chart's note does not say its marks of events of some arms are in those arms only (%v)", err)
	}
	if strings.Contains(html, "every arm runs with what the event sets") {
		t.Error("report of an event of some arms says every arm runs it")
	}

	// a sweep lists them too, without a value-added chart or events.csv
	sw := fixture(t, "sweep")
	appendText(t, filepath.Join(sw, "scenario.toml"), "\n[[event]]\nyear = 2005\nlabel = \"more platform\"\n[event.policy]\nplatform = 0.3\n")
	html = renderReport(t, sw, Options{})
	if !strings.Contains(html, "<tr><td>2005</td><td>more platform</td><td>policy.platform = 0.3</td></tr>") {
		t.Error("a sweep's report does not list its event")
	}
	for _, bad := range []string{"value-added chart", "events.csv marks"} {
		if strings.Contains(html, bad) {
			t.Errorf("a sweep's report speaks of %q, which it does not have", bad)
		}
	}
}

// An event of some arms in the run's first year is part of their start:
// the arms' section does not say the arms share their settings at the
// start, whether or not their settings differ otherwise.
func TestReportEventArmsAtStart(t *testing.T) {
	event := func(year int) string {
		return fmt.Sprintf("\n[[event]]\nyear = %d\narms = [\"centralized\"]\n[event.policy]\nmobility = 0.5\n", year)
	}
	dir := fixture(t, "results")
	path := filepath.Join(dir, "scenario.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	shared := string(b[:strings.Index(string(b), "\n[[arm]]")]) // the arms by name alone
	for _, a := range []string{"coordinated_autonomy", "centralized", "laissez_faire"} {
		shared += fmt.Sprintf("\n[[arm]]\nname = %q\n", a)
	}
	for _, tc := range []struct {
		text, want, not string
	}{
		{shared + event(2005), "The arms share all their settings at the start; from their year", ""},
		{shared + event(2000), "The arms share all their settings but those that events of some arms only set", "share all their settings at the start"},
		{string(b) + event(2005), "From their year, events of some arms only make those arms differ further", "run's first year"},
		{string(b) + event(2000), "From their year (from the start for one of the run's first year), events of some arms", ""},
	} {
		if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		html := renderReport(t, dir, Options{})
		if !strings.Contains(html, tc.want) || tc.not != "" && strings.Contains(html, tc.not) {
			t.Errorf("report lacks %q, or says %q", tc.want, tc.not)
		}
	}
}

// A scatter's trend band over a design whose points come in groups that
// share a world (a sobol base sample, a morris trajectory) takes each
// group as one unit: groups of identical points give the interval of
// one point per group, not one as if every copy were independent.
func TestScatterTrendClusters(t *testing.T) {
	const groups, size = 50, 4
	var s, one Series
	for g := range groups {
		x, y := float64(g)/groups, float64(g%7)
		one.X, one.Mean = append(one.X, x), append(one.Mean, y)
		for range size {
			s.X, s.Mean, s.Group = append(s.X, x), append(s.Mean, y), append(s.Group, g)
		}
	}
	got, want := binnedMeans(s, 0, 1, 1), binnedMeans(one, 0, 1, 1)
	if math.Abs(got.lo[0]-want.lo[0]) > 1e-12 || math.Abs(got.hi[0]-want.hi[0]) > 1e-12 || got.mean[0] != want.mean[0] {
		t.Errorf("groups of %d copies: %v [%v, %v], want one point per group's %v [%v, %v]",
			size, got.mean[0], got.lo[0], got.hi[0], want.mean[0], want.lo[0], want.hi[0])
	}
	// one point per group: Student's t interval, as for independent points
	single := Series{X: one.X, Mean: one.Mean, Group: make([]int, groups)}
	for g := range single.Group {
		single.Group[g] = g
	}
	if a, b := binnedMeans(single, 0, 1, 1), binnedMeans(one, 0, 1, 1); math.Abs(a.lo[0]-b.lo[0]) > 1e-12 || math.Abs(a.hi[0]-b.hi[0]) > 1e-12 {
		t.Errorf("singleton groups: [%v, %v], want [%v, %v]", a.lo[0], a.hi[0], b.lo[0], b.hi[0])
	}
	const gap = "none where a part holds fewer than two units"
	if ch := mustChart(t)(Scatter("t", "x", "y", []Series{s})); !strings.Contains(ch.Note, "count as one unit") || strings.Contains(ch.Note, gap) {
		t.Errorf("note %q does not say the groups count as one unit, or says a band is missing", ch.Note)
	}
	// two groups, each over half the range: the bins of one group have
	// no interval, and the note says why the band is missing there
	halves := Series{X: s.X, Mean: s.Mean, Group: make([]int, len(s.X))}
	for i, x := range s.X {
		halves.Group[i] = int(2 * x)
	}
	if ch := mustChart(t)(Scatter("t", "x", "y", []Series{halves})); !strings.Contains(ch.Note, gap) {
		t.Errorf("note %q does not say why the band has gaps", ch.Note)
	}
	// without groups (a Latin hypercube), a part's units are its points:
	// 40 points in the first four tenths of the range (trendFrom draws the
	// trend) and one in the last, whose tenth has no interval
	var sparse Series
	for i := range 40 {
		sparse.X, sparse.Mean = append(sparse.X, float64(i)/100), append(sparse.Mean, float64(i%7))
	}
	sparse.X, sparse.Mean = append(sparse.X, 1), append(sparse.Mean, 3)
	if ch := mustChart(t)(Scatter("t", "x", "y", []Series{sparse})); !strings.Contains(ch.Note, "none where a part holds fewer than two points") {
		t.Errorf("note %q does not say in points why the band has gaps", ch.Note)
	}
	// which designs group their points, and by how many
	for _, c := range []struct {
		method string
		want   int
	}{{"sobol", 5}, {"morris", 4}, {"latin_hypercube", 0}, {"halton", 0}, {"grid", 0}, {"", 0}} {
		r := &results{scenario: map[string]any{"sweep": map[string]any{"method": c.method}}}
		if got := r.designGroup(3, []pointRow{{point: 0}, {point: 7}}); got != c.want {
			t.Errorf("%q: group of %d points, want %d", c.method, got, c.want)
		}
	}
	r := &results{scenario: map[string]any{"sweep": map[string]any{"method": "sobol"}}}
	if got := r.designGroup(3, []pointRow{{point: -1}}); got != 0 {
		t.Errorf("rows without point numbers: group %d, want 0", got)
	}
}

// Sobol first-order indices share out one variance among inputs drawn
// independently, so their sum above 1 is sampling noise, as an index
// above 1 is; a sum below 1 leaves the rest to interactions and noise.
func TestSobolNotesSum(t *testing.T) {
	for _, c := range []struct {
		first, total []float64
		want, not    string
	}{
		{[]float64{0.6, 0.55}, []float64{0.7, 0.6}, "first-order indices summing to 1.15, more than 1", "sum to"},
		{[]float64{0.5, 0.3}, []float64{0.6, 0.4}, "first-order indices sum to 0.800", "noisy"},
		{[]float64{0.6, 0.4}, []float64{0.6, 0.4}, "", "noisy"},
	} {
		var ix []Index
		for i := range c.first {
			ix = append(ix, Index{Parameter: fmt.Sprint(i), First: c.first[i], Total: c.total[i]})
		}
		got := sobolNotes(ix)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) || strings.Contains(got, c.not) {
			t.Errorf("first %v: %q, want %q and not %q", c.first, got, c.want, c.not)
		}
	}
}

// TestAggLongMidYear: the per-run figure of a final-year metric is the
// last steps_per_year steps (sim.Aggregate.Reduce); the charts' notes say
// so when the run ends mid-year, where those steps span two calendar
// years, and when the run is shorter than a year.
func TestAggLongMidYear(t *testing.T) {
	for _, tt := range []struct {
		steps, spy int64
		want       string
	}{
		{92, 4, "mean over the final year"},
		{30, 12, "mean over the last 12 steps (a year's worth: the run ends mid-year)"},
		{3, 4, "mean over all 3 steps (the run is shorter than a year)"},
		{7, 1, "mean over the final year"},
	} {
		r := &results{scenario: map[string]any{"run": map[string]any{"steps": tt.steps, "steps_per_year": tt.spy}}}
		if got := r.aggLong(sim.Final); got != tt.want {
			t.Errorf("%d steps at %d a year: %q, want %q", tt.steps, tt.spy, got, tt.want)
		}
		if got := r.aggLong(sim.Mean); got != aggLong[sim.Mean] {
			t.Errorf("%d steps at %d a year: run mean %q", tt.steps, tt.spy, got)
		}
	}
}

// TestSweptKeyKeepsCase: a swept key is named on axes, titles and captions
// as written, not as its lower-case column: sector.Steel.growth and
// sector.steel.growth (two sectors) both read "sector steel growth", so
// their scatters had one title, and arm.Reform-A.policy.autonomy read
// "arm reform a policy autonomy".
func TestSweptKeyKeepsCase(t *testing.T) {
	for _, tc := range []struct{ col, key, want string }{
		{"sector_steel_growth", "sector.Steel.growth", "sector Steel growth"},
		{"arm_reform_a_policy_autonomy", "arm.Reform-A.policy.autonomy", "arm Reform-A policy autonomy"},
	} {
		dir := fixture(t, "sweep")
		renameSwept(t, dir, tc.col, tc.key)
		n := 0
		for _, f := range mustFigures(t, dir) {
			text := f.caption + " " + f.chart.Title + " " + f.chart.panels[0].X.Label.Text + " " + f.chart.panels[0].Y.Label.Text
			for _, l := range f.chart.legend {
				text += " " + l.name
			}
			if strings.Contains(text, tc.want) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s: no chart names the parameter %q", tc.key, tc.want)
		}
	}
}

// TestStageMixCaptionOneStage: an arm with a fixed mix and spending at one
// stage only (a short run whose region-sectors never reach maturity) is
// described at that stage, not as "100% at entry and n/a% when mature".
func TestStageMixCaptionOneStage(t *testing.T) {
	r, err := load(filepath.Join("testdata", "reforms"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"mature_money_land_share", "mature_knowledge_share"} {
		for arm, byMetric := range r.summary {
			st := byMetric[m]
			st.Summary = sim.Summary{Mean: math.NaN(), SD: math.NaN(), N: 0}
			byMetric[m] = st
			r.summary[arm] = byMetric
		}
	}
	f := r.stageMix(false)
	if f == nil {
		t.Fatal("no mix_by_stage chart")
	}
	if strings.Contains(f.caption, "n/a%") {
		t.Errorf("mix_by_stage caption %q has a percentage of nothing", f.caption)
	}
	if want := "money and land measures 100% at entry, knowledge measures 0.0% at entry; no spending at the mature stage"; !strings.Contains(f.caption, want) {
		t.Errorf("mix_by_stage caption %q lacks %q", f.caption, want)
	}
}

// TestRunFactsOneStep: a one-step run is "1 quarterly step", not "1
// quarterly steps".
func TestRunFactsOneStep(t *testing.T) {
	for _, tc := range []struct {
		spy  int64
		want string
	}{
		{4, "(1 quarterly step)"},
		{366, "(1 step, 366 a year)"},
	} {
		r, err := load(filepath.Join("testdata", "results"))
		if err != nil {
			t.Fatal(err)
		}
		run := r.scenario["run"].(map[string]any)
		run["steps"], run["steps_per_year"] = int64(1), tc.spy
		if got := r.runFacts(0); !strings.Contains(got, tc.want) {
			t.Errorf("steps_per_year %d: run facts %q, want %q", tc.spy, got, tc.want)
		}
	}
}

// pct shows a small share that one decimal would round to 0.0 with one
// significant digit, so that it does not read as none.
func TestPctSmallShares(t *testing.T) {
	for _, tc := range []struct {
		share float64
		want  string
	}{{0, "0.0"}, {0.0003, "0.03"}, {-0.00004, "-0.004"}, {0.0005, "0.1"}, {0.05, "5.0"}, {0.123, "12"}, {1e-7, "<0.001"}, {-1e-7, ">-0.001"}, {0.00001, "0.001"}} {
		if got := pct(tc.share); got != tc.want {
			t.Errorf("pct(%v) = %q, want %q", tc.share, got, tc.want)
		}
	}
}

// TestReportSaysMidYearFinal: the report's summary table and headline
// call a run's final-year figure its final year; for a run that ends
// mid-year they say what the charts' notes say (TestAggLongMidYear): the
// last steps_per_year steps, which span two calendar years.
func TestReportSaysMidYearFinal(t *testing.T) {
	for _, tt := range []struct {
		steps string
		want  bool
	}{{"steps = 92", false}, {"steps = 90", true}} {
		dir := fixture(t, "results")
		path := filepath.Join(dir, "scenario.toml")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), "steps = 92", tt.steps, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Render(dir, Options{}); err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(dir, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		note := "the last 4 steps (a year&#39;s worth: the run ends mid-year)"
		if got := strings.Count(string(page), note); (got >= 3) != tt.want {
			t.Errorf("%s: the note %q appears %d times (want it in the headline, the summary's meaning and a chart's note: %v)", tt.steps, note, got, tt.want)
		}
	}
}
