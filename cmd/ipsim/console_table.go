package main

// The summary table ipsim prints on stdout after a run: for a few headline
// metrics, each arm's mean with its 95% confidence interval and its paired
// difference from the first arm (with its interval). Everything else is in
// summary.csv and effects.csv.

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ipsim/ipsim/sim"
)

// tableMetrics are the metrics of the summary table, in order, with the
// label shown. Metrics the model does not record are skipped.
var tableMetrics = []struct{ name, label string }{
	{"value_added", "value added"},
	{"growth", "growth"},
	{"overcapacity", "overcapacity"},
	{"theil", "inequality (Theil)"},
	{"spending", "spending"},
	{"financial_share", "financial share"},
	{"docs_center_share", "documents: center"},
	{"docs_province_share", "documents: provinces"},
	{"docs_city_share", "documents: cities"},
	{"docs_county_share", "documents: counties"},
}

// summaryTable is what printSummary shows.
type summaryTable struct {
	Scenario     string
	Arms         []string
	Metrics      []metricInfo
	Replications int
	RunsPlanned  int // all arms' runs; the header says when fewer were done
	RunsDone     int
	Settings     sim.Settings
	Seed         uint64
	Summaries    []summaryRow
	Effects      []effectRow
}

// plural is n and the word, in the plural unless n is 1: "1 arm",
// "2 arms", "3 entries".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if w, ok := strings.CutSuffix(word, "y"); ok && w != "" && !strings.ContainsRune("aeiou", rune(w[len(w)-1])) {
		return fmt.Sprintf("%d %sies", n, w) // entry: entries, key: keys
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// maxHeaderArm is the longest first arm's name the table's diff column
// names in its header.
const maxHeaderArm = 24

// printSummary writes the table to w.
func printSummary(w io.Writer, t summaryTable) {
	s := t.Settings
	reps := plural(t.Replications, "replication")
	if t.RunsDone < t.RunsPlanned {
		reps += fmt.Sprintf(" planned, interrupted after %d of %d runs", t.RunsDone, t.RunsPlanned)
	}
	years := strconv.Itoa(s.StartYear)
	if last := s.YearOf(s.Steps - 1); last > s.StartYear {
		years = fmt.Sprintf("%d-%d", s.StartYear, last)
	}
	fmt.Fprintf(w, "%s: %s, %s, %s (%s), seed %d\n",
		t.Scenario, plural(len(t.Arms), "arm"), reps, years, plural(s.Steps, "step"), t.Seed)
	if len(t.Arms) > 1 {
		fmt.Fprintf(w, "mean [95%% CI] over replications; diff = arm minus %s, paired by replication\n\n", t.Arms[0])
	} else {
		fmt.Fprintf(w, "mean [95%% CI] over replications\n\n")
	}
	sum := map[[2]int]sim.Summary{}
	for _, r := range t.Summaries {
		sum[[2]int{r.Arm, r.Metric}] = r.Summary
	}
	eff := map[[2]int]sim.Summary{}
	for _, r := range t.Effects {
		eff[[2]int{r.Arm, r.Metric}] = r.Summary
	}
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	line := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")) }
	header := []string{"metric", "per run", "arm", "mean", "95% CI"}
	if len(t.Arms) > 1 {
		// a long name, which the line above gives, would widen the column
		// to twice the arm column's width
		diff := "diff vs " + t.Arms[0]
		if len(t.Arms[0]) > maxHeaderArm {
			diff = "diff"
		}
		header = append(header, diff, "95% CI")
	}
	line(header...)
	for _, tm := range tableMetrics {
		j := -1
		for k, m := range t.Metrics {
			if m.Name == tm.name {
				j = k
			}
		}
		if j < 0 {
			continue
		}
		// a metric no arm defines (county documents without counties)
		// has nothing to show
		defined := false
		for a := range t.Arms {
			defined = defined || sum[[2]int{a, j}].N > 0
		}
		if !defined {
			continue
		}
		for a, arm := range t.Arms {
			label, agg := "", ""
			if a == 0 {
				label, agg = tm.label, t.Metrics[j].Summary.String()
			}
			sm, ok := sum[[2]int{a, j}]
			if !ok {
				continue
			}
			cells := []string{label, agg, arm, num(sm.Mean), interval(sm)}
			if e, ok := eff[[2]int{a, j}]; ok {
				cells = append(cells, signed(e.Mean), interval(e))
			} else if len(t.Arms) > 1 {
				cells = append(cells, "", "")
			}
			line(cells...)
		}
	}
	tw.Flush()
	// Every row has every cell, so the columns align; drop the padding
	// tabwriter leaves at the end of rows with empty last cells.
	for l := range strings.Lines(buf.String()) {
		fmt.Fprintln(w, strings.TrimRight(l, " \n"))
	}
	fmt.Fprintln(w)
}

// num formats x with about four significant digits, without exponents
// between 1e-4 and 1e9.
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case math.IsInf(x, 0) || x == 0:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	ax := math.Abs(x)
	if ax < 1e-4 || ax >= 1e9 {
		return strconv.FormatFloat(x, 'e', 3, 64)
	}
	dec := 3 - int(math.Floor(math.Log10(ax)))
	dec = max(0, dec)
	return strconv.FormatFloat(x, 'f', dec, 64)
}

// signed formats x with an explicit sign.
func signed(x float64) string {
	s := num(x)
	if x > 0 {
		s = "+" + s
	}
	return s
}

// interval formats a confidence interval.
func interval(s sim.Summary) string {
	if s.N < 2 {
		return "(n=" + strconv.Itoa(s.N) + ")"
	}
	return "[" + num(s.CILow) + ", " + num(s.CIHigh) + "]"
}
