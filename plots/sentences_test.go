package plots

import (
	"encoding/csv"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ipsim/ipsim/sim"
)

// The numbers the captions state are checked here against the tables
// they come from, computed again in the test: the golden images catch a
// caption that changes, not one that was wrong when it was made.

// runStats are a fixture's per-arm figures as the captions should use
// them: each arm's mean of a metric and each later arm's paired effect
// against the first (mean difference and 95% CI half-width).
type runStats struct {
	arms   []string
	mean   map[string]float64    // arm -> mean
	effect map[string][2]float64 // arm -> mean difference, half-width
	// tie[a][b]: the paired interval of a minus b holds 0 (steps only)
	tie map[string]map[string]bool
}

// statsFromTables reads metric m from summary.csv and effects.csv.
func statsFromTables(t *testing.T, dir, m string) runStats {
	t.Helper()
	rs := runStats{mean: map[string]float64{}, effect: map[string][2]float64{}}
	sum := readCSVT(t, filepath.Join(dir, "summary.csv"))
	for _, r := range sum[1:] { // arm,metric,mean,sd,ci_low,ci_high,n
		if r[1] == m {
			rs.arms = append(rs.arms, r[0])
			rs.mean[r[0]] = atof(t, r[2])
		}
	}
	eff := readCSVT(t, filepath.Join(dir, "effects.csv"))
	for _, r := range eff[1:] { // arm,baseline,metric,mean_diff,ci_low,ci_high,n
		if r[2] == m {
			if r[1] != rs.arms[0] {
				t.Fatalf("effects.csv: %s's baseline is %s, want the first arm %s", r[0], r[1], rs.arms[0])
			}
			rs.effect[r[0]] = [2]float64{atof(t, r[3]), (atof(t, r[5]) - atof(t, r[4])) / 2}
		}
	}
	return rs
}

// statsFromSteps computes metric m from steps.csv: each run's mean over
// its last k steps (a year: the Final aggregate, as of value_added) or
// over all its steps (Mean, as of overcapacity), arms paired by
// replication number, t-based 95% intervals.
func statsFromSteps(t *testing.T, dir, m string, agg sim.Aggregate, k int) runStats {
	t.Helper()
	rows := readCSVT(t, filepath.Join(dir, "steps.csv"))
	col := slices.Index(rows[0], m)
	series := map[string]map[int][]float64{} // arm -> replication -> values by step
	rs := runStats{mean: map[string]float64{}, effect: map[string][2]float64{}, tie: map[string]map[string]bool{}}
	for _, r := range rows[1:] {
		arm := r[0]
		if series[arm] == nil {
			series[arm] = map[int][]float64{}
			rs.arms = append(rs.arms, arm)
		}
		rep, _ := strconv.Atoi(r[1])
		step, _ := strconv.Atoi(r[3])
		s := series[arm][rep]
		for len(s) <= step {
			s = append(s, math.NaN())
		}
		s[step] = atof(t, r[col])
		series[arm][rep] = s
	}
	if agg != sim.Final && agg != sim.Mean {
		t.Fatalf("%s: aggregate %v not computed here", m, agg)
	}
	final := func(arm string, rep int) float64 {
		s := series[arm][rep]
		if agg == sim.Final {
			s = s[len(s)-k:]
		}
		sum := 0.0
		for _, x := range s {
			sum += x
		}
		return sum / float64(len(s))
	}
	meanHalf := func(xs []float64) (float64, float64) {
		n := float64(len(xs))
		mean := 0.0
		for _, x := range xs {
			mean += x / n
		}
		ss := 0.0
		for _, x := range xs {
			ss += (x - mean) * (x - mean)
		}
		q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
		return mean, q * math.Sqrt(ss/(n-1)) / math.Sqrt(n)
	}
	paired := func(a, b string) (float64, float64) {
		var d []float64
		for _, rep := range slices.Sorted(maps.Keys(series[a])) {
			if _, ok := series[b][rep]; ok {
				d = append(d, final(a, rep)-final(b, rep))
			}
		}
		return meanHalf(d)
	}
	for _, a := range rs.arms {
		var xs []float64
		for _, rep := range slices.Sorted(maps.Keys(series[a])) { // in order: sums are exact ties when the runs are
			xs = append(xs, final(a, rep))
		}
		rs.mean[a], _ = meanHalf(xs)
		rs.tie[a] = map[string]bool{}
		for _, b := range rs.arms {
			if a != b {
				d, h := paired(a, b)
				rs.tie[a][b] = d-h <= 0 && d+h >= 0
			}
		}
		if a != rs.arms[0] {
			d, h := paired(a, rs.arms[0])
			rs.effect[a] = [2]float64{d, h}
		}
	}
	return rs
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// stepsOnly turns the fixture in dir into a folder with steps.csv alone
// (the captions then compute from it) whose runs of every arm but the
// first are listed in reverse replication order: the arms must be paired
// by replication number, not by position in the file.
func stepsOnly(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"summary.csv", "effects.csv"} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "steps.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
	first := strings.SplitN(lines[1], ",", 2)[0]
	rep := func(l string) int { n, _ := strconv.Atoi(strings.SplitN(l, ",", 3)[1]); return n }
	body := slices.Clone(lines[1:])
	slices.SortStableFunc(body, func(x, y string) int {
		ax, ay := strings.SplitN(x, ",", 2)[0], strings.SplitN(y, ",", 2)[0]
		if ax != ay || ax == first {
			return 0
		}
		return rep(y) - rep(x)
	})
	out := lines[0] + strings.Join(body, "")
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEffectSentenceNumbers: the value-added caption states each arm's
// paired effect in % of the FIRST arm's mean, with the half-width of its
// interval, read from effects.csv and summary.csv, or computed from
// steps.csv (pairing runs by replication) when those are missing.
func TestEffectSentenceNumbers(t *testing.T) {
	for _, fx := range []string{"results", "reforms"} {
		for _, source := range []string{"tables", "steps"} {
			t.Run(fx+"/"+source, func(t *testing.T) {
				dir := fixture(t, fx)
				var rs runStats
				if source == "tables" {
					rs = statsFromTables(t, dir, "value_added")
				} else {
					stepsOnly(t, dir)
					rs = statsFromSteps(t, dir, "value_added", sim.Final, 4)
				}
				r, err := load(dir)
				if err != nil {
					t.Fatal(err)
				}
				if got := r.arms(); !slices.Equal(got, rs.arms) {
					t.Fatalf("arms %v, want %v", got, rs.arms)
				}
				caption := r.valueAdded(false).caption
				base := rs.arms[0]
				for _, a := range rs.arms[1:] {
					d, h := rs.effect[a][0], rs.effect[a][1]
					b := math.Abs(rs.mean[base])
					dir := "above"
					if d < 0 {
						dir = "below"
					}
					want := fmt.Sprintf("%s ends %s%% (±%s%%) %s %s", a, pct(math.Abs(d)/b), pct(h/b), dir, base)
					if !strings.Contains(caption, want) {
						t.Errorf("caption lacks %q:\n%s", want, caption)
					}
				}
			})
		}
	}
}

// TestBestSentenceNumbers: the outcomes caption names, per outcome, the
// arm with the best mean (highest, or lowest where less is better), with
// that mean, and calls it a tie with the runner-up when their paired
// interval (from steps.csv, by replication) holds 0.
func TestBestSentenceNumbers(t *testing.T) {
	// where less is better, from the metrics' meanings
	lower := map[string]bool{"overcapacity": true, "theil": true, "learning_error": true}
	for _, fx := range []string{"results", "reforms", "results+copy"} {
		t.Run(fx, func(t *testing.T) {
			name, copied := strings.CutSuffix(fx, "+copy")
			dir := fixture(t, name)
			stepsOnly(t, dir)
			if copied {
				// an arm just above coordinated_autonomy on value added,
				// below laissez_faire: the runner-up, found after the
				// leader (a ranking that kept the arm the leader displaced
				// as runner-up would name coordinated_autonomy)
				copyArm(t, dir, "coordinated_autonomy", "copy", "value_added", []float64{0.1, 0, 0.1, 0})
			}
			r, err := load(dir)
			if err != nil {
				t.Fatal(err)
			}
			// every clause ends in ";" (the last in ".")
			caption := strings.TrimSuffix(r.outcomes(false).caption, ".") + ";"
			for _, m := range []string{"value_added", "growth", "overcapacity", "theil", "value_per_spend", "learning_error"} {
				rs := statsFromSteps(t, dir, m, r.agg(m), 4)
				order := slices.Clone(rs.arms)
				slices.SortStableFunc(order, func(a, b string) int {
					if lower[m] {
						return cmpFloat(rs.mean[a], rs.mean[b])
					}
					return cmpFloat(rs.mean[b], rs.mean[a])
				})
				best := order[0]
				word := "highest"
				if lower[m] {
					word = "lowest"
				}
				want := fmt.Sprintf("%s %s: %s (%s)", word, human(m), best, num(rs.mean[best]))
				if a, ok := toFloat(r.armParam(best, "policy.autonomy")); m == "learning_error" && ok && a == 0 {
					want += ", whose officials decide nothing at autonomy 0"
				}
				// every arm tied with the best, not only the runner-up
				var ties []string
				for _, a := range order[1:] {
					if rs.tie[best][a] {
						ties = append(ties, fmt.Sprintf("%s (%s)", a, num(rs.mean[a])))
					}
				}
				if len(ties) > 0 {
					want += ", not distinguishable from " + andList(ties) + ";"
				} else {
					want += ";"
				}
				if !strings.Contains(strings.ToLower(caption), strings.ToLower(want)) {
					t.Errorf("%s: caption lacks %q:\n%s", m, want, caption)
				}
			}
		})
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// copyArm appends to steps.csv the runs of arm from as arm name, with
// shift[replication] added to metric m.
func copyArm(t *testing.T, dir, from, name, m string, shift []float64) {
	t.Helper()
	path := filepath.Join(dir, "steps.csv")
	rows := readCSVT(t, path)
	col := slices.Index(rows[0], m)
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	for _, r := range rows[1:] {
		if r[0] != from {
			continue
		}
		c := slices.Clone(r)
		c[0] = name
		rep, _ := strconv.Atoi(r[1])
		c[col] = strconv.FormatFloat(atof(t, r[col])+shift[rep], 'g', -1, 64)
		b.WriteString(strings.Join(c, ",") + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDocumentsSentenceNumbers: the documents caption gives the first
// arm's shares by level over the whole run, from documents.csv, and each
// arm's center share to date in the final year, from summary.csv; each
// says which it is, since the two differ (by a point in a short run).
func TestDocumentsSentenceNumbers(t *testing.T) {
	dir := fixture(t, "results")
	r, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	arms := r.arms()
	total, all := map[string]float64{}, 0.0
	for _, row := range readCSVT(t, filepath.Join(dir, "documents.csv"))[1:] { // arm,replication,year,level,category,count
		if row[0] == arms[0] {
			total[row[3]] += atof(t, row[5])
			all += atof(t, row[5])
		}
	}
	var parts []string
	for _, lv := range []string{"center", "province", "city"} {
		parts = append(parts, fmt.Sprintf("%s %s%%", lv, pct(total[lv]/all)))
	}
	var shares []string
	for _, a := range arms {
		shares = append(shares, fmt.Sprintf("%s %s%%", a, pct(statsFromTables(t, dir, "docs_center_share").mean[a])))
	}
	caption := r.documents(false).caption
	for _, want := range []string{
		fmt.Sprintf("Under %s, documents over the whole run come from the %s.", arms[0], strings.Join(parts, ", ")),
		"Center's share of documents to date in the final year, by arm (summary.csv's docs_center_share): " + strings.Join(shares, ", ") + ".",
	} {
		if !strings.Contains(caption, want) {
			t.Errorf("caption lacks %q:\n%s", want, caption)
		}
	}
}

// TestPracticeYearsAreCalendarYears: the practices table and the
// scale-ups caption name the calendar year of the median scale-up (the
// year of its step's middle, as the README counts years), not the year
// column rounded: a scale-up in the last quarter of 2002 ends its step at
// 2003.0, one in the third at 2002.75, and both happened in 2002. The
// fixture's scale-ups are moved to such steps.
func TestPracticeYearsAreCalendarYears(t *testing.T) {
	dir := fixture(t, "results")
	path := filepath.Join(dir, "events.csv")
	recs := readCSVT(t, path)
	kind, year := slices.Index(recs[0], "kind"), slices.Index(recs[0], "year")
	type key struct{ arm, practice string }
	years := map[key][]float64{}
	for i, rec := range recs[1:] {
		if rec[kind] != "scale_up" {
			continue
		}
		y := atof(t, rec[year]) + 0.5 + 0.25*float64(i%2) // Q3 or Q4 of the year
		rec[year] = strconv.FormatFloat(y, 'f', -1, 64)
		k := key{rec[0], rec[slices.Index(recs[0], "instrument")] + " at " + rec[slices.Index(recs[0], "stage")]}
		years[k] = append(years[k], y)
	}
	writeCSVT(t, path, recs)
	html := renderReport(t, dir, Options{})
	checked := 0
	for k, ys := range years {
		slices.Sort(ys)
		m := ys[len(ys)/2]
		if len(ys)%2 == 0 {
			m = (ys[len(ys)/2-1] + ys[len(ys)/2]) / 2
		}
		want := fmt.Sprintf("<tr><td>%s</td><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td>", k.arm, k.practice, len(ys), int(math.Floor(m-0.125)))
		if !strings.Contains(html, want) {
			t.Errorf("report lacks the row %s (median of %v)", want, ys)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no scale-up in the fixture")
	}
}

// TestOutcomesCaptionOneReplication: with one replication the outcomes
// caption's "highest value added: centralized (13.6)" was the one ranking
// of the report with no word that it rests on one seed (the chart's
// title and note said so, the value-added and effects captions too); it
// now says that no lead in it can be told from the seed's luck.
func TestOutcomesCaptionOneReplication(t *testing.T) {
	for _, fx := range []string{"results", "reforms"} {
		dir := fixture(t, fx)
		firstReplication(t, dir)
		for _, f := range mustFigures(t, dir) {
			if f.name != "outcomes" {
				continue
			}
			if !strings.Contains(f.caption, "ighest") {
				t.Fatalf("%s: outcomes caption %q names no best arm", fx, f.caption)
			}
			if !strings.Contains(f.caption, "one replication") || !strings.Contains(f.caption, "seed's luck") {
				t.Errorf("%s: outcomes caption %q ranks arms on one replication without saying so", fx, f.caption)
			}
		}
	}
}

// TestLadderCaptionFraming: the reform ladder's caption marks each figure
// whose paired interval holds 0, as the other captions do ("+R2 +3.7%
// (±5.4%)" read as a gain), and says that a step is measured over the
// reforms before it, so that it depends on the order and is not the
// reform's effect alone ("step by step" did not say so).
func TestLadderCaptionFraming(t *testing.T) {
	var caption string
	for _, f := range mustFigures(t, filepath.Join("testdata", "reforms")) {
		if f.name == "reform_ladder" {
			caption = f.caption
		}
	}
	if caption == "" {
		t.Fatal("no reform ladder caption for the reforms fixture")
	}
	if !strings.Contains(caption, "each over the reforms before it") || !strings.Contains(caption, "depends on the order") {
		t.Errorf("caption %q does not say a step is measured over the reforms before it", caption)
	}
	// each figure of the caption against its interval, from steps.csv
	dir := filepath.Join("testdata", "reforms")
	arms := []string{"baseline", "r1", "r1_2", "r1_3", "r1_4", "r1_5"}
	va := statsFromSteps(t, dir, "value_added", sim.Final, 4)
	// the steps' intervals: a tie between consecutive rungs
	for i := 2; i < len(arms); i++ {
		name := "+R" + arms[i][len(arms[i])-1:]
		tie := va.tie[arms[i]][arms[i-1]]
		j := strings.Index(caption, name+" ")
		if j < 0 {
			t.Fatalf("caption %q: no step %s", caption, name)
		}
		fig := caption[j : j+strings.Index(caption[j:], ")")+1]
		if got := strings.Contains(fig, "not distinguishable"); got != tie {
			t.Errorf("step %q: marked not distinguishable %v, but its interval holds 0: %v", fig, got, tie)
		}
	}
	for _, alone := range []string{"r2_only", "r3_only", "r4_only", "r5_only"} {
		name := "R" + alone[1:2] + " "
		j := strings.Index(caption, "Alone:")
		k := strings.Index(caption[j:], name)
		if k < 0 {
			t.Fatalf("caption %q: no %s alone", caption, alone)
		}
		fig := caption[j+k : j+k+strings.Index(caption[j+k:], ")")+1]
		if got, tie := strings.Contains(fig, "not distinguishable"), va.tie[alone]["baseline"]; got != tie {
			t.Errorf("%s alone %q: marked not distinguishable %v, but its interval holds 0: %v", alone, fig, got, tie)
		}
	}
}

// TestReportCaveatsDesignChoices: the report's caveats name the two
// choices of the model's design on which the README's tour says the
// default ranking rests and which no scenario key of the sweeps reaches:
// which instruments a coordination cap blocks (every one blocked puts
// centralization first) and the absorptive ceiling's stock term, fixed in
// the code (without it laissez-faire ends first). They named the policy
// strength keys and the career horizon alone, and said those "matter
// most", which the README does not claim.
func TestReportCaveatsDesignChoices(t *testing.T) {
	dir, _ := shared(t, "results")
	page, _ := reportOf(t, dir)
	_, caveats, _ := strings.Cut(page, "<b>Caveats.</b>")
	caveats, _, _ = strings.Cut(caveats, "</li>")
	for _, w := range []string{"adds_capacity", "stock term", "fixed in the code"} {
		if !strings.Contains(caveats, w) {
			t.Errorf("the caveats %q do not mention %q", caveats, w)
		}
	}
	if strings.Contains(caveats, "matter most") {
		t.Errorf("the caveats %q rank the assumptions (\"matter most\") beyond what the README measured", caveats)
	}
}

// TestSensitivityCaptionOverlap: a sensitivity caption says a parameter
// "matters most" only when its index's 95% interval clears every other
// parameter's; when they overlap (the sobol fixture: policy.autonomy's
// total index 1.12 [0.43, 2.66] against world.heterogeneity's 0.18 [0.07,
// 0.44] under coordinated_autonomy) it says the order is not settled, as
// the outcomes caption names an arm not distinguishable from the best.
// A Sobol folder's report leads with this caption.
func TestSensitivityCaptionOverlap(t *testing.T) {
	dir := filepath.Join("testdata", "sobol")
	recs := readCSVT(t, filepath.Join(dir, "indices.csv"))
	// arm -> the total indices of value added charted for it
	type idx struct {
		param     string
		v, lo, hi float64
	}
	byArm := map[string][]idx{}
	for _, r := range recs[1:] {
		// the first arm's level, each other arm's paired effect
		if r[2] == "value_added" && (r[0] == recs[1][0]) == (r[1] == "level") {
			byArm[r[0]] = append(byArm[r[0]], idx{r[3], atof(t, r[7]), atof(t, r[8]), atof(t, r[9])})
		}
	}
	seen := 0
	for _, f := range mustFigures(t, dir) {
		arm, ok := strings.CutPrefix(f.name, "sensitivity_")
		if !ok {
			continue
		}
		seen++
		ix := byArm[arm]
		best := 0
		for i := range ix {
			if ix[i].v > ix[best].v {
				best = i
			}
		}
		overlap := false
		for i := range ix {
			overlap = overlap || i != best && ix[i].hi >= ix[best].lo
		}
		settled := strings.Contains(f.caption, " matters most for ")
		if settled == overlap {
			t.Errorf("%s: caption %q; %s's total interval [%.3g, %.3g] overlaps another's: %v", f.name, f.caption, ix[best].param, ix[best].lo, ix[best].hi, overlap)
		}
		if overlap && !strings.Contains(f.caption, "not settled") {
			t.Errorf("%s: caption %q does not say the order is not settled", f.name, f.caption)
		}
	}
	if seen != 3 {
		t.Fatalf("%d sensitivity charts, want 3", seen)
	}
}

// TestSensitivityCaptionNoInterval: with one base sample indices.csv has
// no intervals, and the caption does not say a parameter "matters most"
// (a Sobol design of points = 1 read "world heterogeneity matters most",
// its total index 1.41 against mobility's 0, both from one sample).
func TestSensitivityCaptionNoInterval(t *testing.T) {
	dir := t.TempDir()
	if err := copyDir(filepath.Join("testdata", "sobol"), dir); err != nil {
		t.Fatal(err)
	}
	recs := readCSVT(t, filepath.Join(dir, "indices.csv"))
	for _, r := range recs[1:] {
		r[5], r[6], r[8], r[9] = "", "", "", "" // the intervals
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "indices.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range mustFigures(t, dir) {
		if !strings.HasPrefix(f.name, "sensitivity_") {
			continue
		}
		seen++
		if strings.Contains(f.caption, " matters most for ") || !strings.Contains(f.caption, "not settled") {
			t.Errorf("%s: caption %q ranks the parameters with no interval", f.name, f.caption)
		}
	}
	if seen == 0 {
		t.Fatal("no sensitivity chart")
	}
}

// TestHeatCaptionClaims: a sweep's effect heat map caption, which leads a
// grid sweep's report, calls the best cell an "advantage" or a "loss"
// only when its paired interval excludes 0, and says an arm is below the
// first at every point only when its interval says so there; by means
// alone it says "its mean". The sweep fixture read "centralized's largest
// advantage over coordinated_autonomy (0.068, 95% CI -0.758 to 0.894)".
func TestHeatCaptionClaims(t *testing.T) {
	xs, ys := []float64{0, 1}, []float64{0}
	v := func(x float64) string { return num(x) }
	tests := []struct {
		name          string
		z, lo, hi     []float64
		want, notWant []string
	}{
		{"clear advantage", []float64{0.5, 0.1}, []float64{0.2, -0.1}, []float64{0.8, 0.3},
			[]string{"largest advantage over base (0.500, 95% CI 0.200 to 0.800)"}, []string{"not distinguishable"}},
		{"advantage inside the noise", []float64{0.068, 0.01}, []float64{-0.758, -0.5}, []float64{0.894, 0.5},
			[]string{"largest difference from base (0.068, 95% CI -0.758 to 0.894, not distinguishable from 0)"}, []string{"advantage"}},
		{"clearly below everywhere", []float64{-0.5, -0.3}, []float64{-0.8, -0.5}, []float64{-0.2, -0.1},
			[]string{"arm is clearly below base at every point; its smallest loss (-0.300"}, []string{"not distinguishable"}},
		{"below by means only", []float64{-0.5, -0.3}, []float64{-0.8, -0.9}, []float64{-0.2, 0.3},
			[]string{"arm's mean is below base's at every point; its smallest difference (-0.300, 95% CI -0.900 to 0.300, not distinguishable from 0)"}, []string{"loss", "arm is below"}},
	}
	for _, tt := range tests {
		c := heatCaption([][]float64{tt.z}, [][]float64{tt.lo}, [][]float64{tt.hi}, xs, ys, "x", "y", v, v, "arm", true, "base")
		for _, w := range tt.want {
			if !strings.Contains(c, w) {
				t.Errorf("%s: caption %q lacks %q", tt.name, c, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(c, w) {
				t.Errorf("%s: caption %q says %q", tt.name, c, w)
			}
		}
	}
}

// TestDesignBestClaims: with three or more swept keys, the caption's
// best point over the whole design gives its paired interval and calls it
// an advantage only when that clears 0: the sweep3 fixture read "its
// largest advantage over coordinated_autonomy (0.031)", whose interval is
// -0.618 to 0.679.
func TestDesignBestClaims(t *testing.T) {
	for _, f := range mustFigures(t, filepath.Join("testdata", "sweep3")) {
		if f.name != "sweep_heatmap_centralized" {
			continue
		}
		_, best, ok := strings.Cut(f.caption, "Over the whole design")
		if !ok {
			t.Fatalf("caption %q names no best point of the design", f.caption)
		}
		if want := "its largest difference from coordinated_autonomy (0.031, 95% CI -0.618 to 0.679, not distinguishable from 0)"; !strings.Contains(best, want) {
			t.Errorf("design's best point %q, want %q", best, want)
		}
		return
	}
	t.Fatal("no sweep_heatmap_centralized chart for the sweep3 fixture")
}

// TestSweepReadingGuide: a sweep's reading guide does not describe what
// only a run's report has: a year-by-year leader, a value-added caption
// that marks a partial year, tables of effects (a sweep's are its heat
// maps, curves and points.csv); a run's guide still does.
func TestSweepReadingGuide(t *testing.T) {
	for _, c := range []struct {
		name  string
		sweep bool
	}{{"results", false}, {"sweep", true}, {"lhs", true}} {
		page := string(sharedReport(t, c.name))
		_, guide, _ := strings.Cut(page, "<b>Comparing arms.</b>")
		guide, _, _ = strings.Cut(guide, "</li>")
		for _, w := range []string{"highest mean in a year", "the value-added caption says that year is partial", "tables of effects"} {
			if got := strings.Contains(guide, w); got == c.sweep {
				t.Errorf("%s: reading guide %q: says %q %v, want %v", c.name, guide, w, got, !c.sweep)
			}
		}
	}
}
