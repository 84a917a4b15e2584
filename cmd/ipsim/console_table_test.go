package main

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/sim"
)

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{1234.5678, "1235"},
		{12.345678, "12.35"},
		{0.012346, "0.01235"},
		{-0.5, "-0.5000"},
		{3e-7, "3.000e-07"},
		{2.5e12, "2.500e+12"},
		{math.NaN(), "n/a"},
		{math.Inf(-1), "-Inf"},
	} {
		if got := num(tc.x); got != tc.want {
			t.Errorf("num(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

func TestSummarizeRunsAndEffects(t *testing.T) {
	// Two arms, one metric, three replications; replication 2 of arm 1
	// did not complete (an interrupted run), so it is left out of every
	// arm's summary and of the pairs: the arms compare on the same worlds.
	perRun := [][][]float64{
		{{1, 2, 3}},
		{{2, 4, math.NaN()}},
	}
	done := [][]bool{{true, true, true}, {true, true, false}}
	sums := summarizeRuns(perRun, done)
	if len(sums) != 2 {
		t.Fatalf("got %d summary rows, want 2", len(sums))
	}
	if s := sums[0].Summary; s.N != 2 || s.Mean != 1.5 {
		t.Errorf("arm 0: n %d mean %v, want 2 and 1.5 (replication 2 is incomplete)", s.N, s.Mean)
	}
	if s := sums[1].Summary; s.N != 2 || s.Mean != 3 {
		t.Errorf("arm 1: n %d mean %v, want 2 and 3", s.N, s.Mean)
	}
	effs := pairedEffects(perRun, done)
	if len(effs) != 1 {
		t.Fatalf("got %d effect rows, want 1", len(effs))
	}
	// differences 2-1 and 4-2: mean 1.5 over 2 pairs
	if e := effs[0]; e.Arm != 1 || e.Baseline != 0 || e.N != 2 || e.Mean != 1.5 {
		t.Errorf("effect = %+v, want arm 1 vs 0, n 2, mean 1.5", e)
	}
}

func TestPrintSummary(t *testing.T) {
	metrics := []metricInfo{
		{Name: "value_added", Summary: sim.Final},
		{Name: "not_in_table", Summary: sim.Mean},
		{Name: "theil", Summary: sim.Final},
		{Name: "docs_county_share", Summary: sim.Final},
	}
	nan := math.NaN()
	perRun := [][][]float64{
		{{10, 12}, {0, 0}, {0.2, 0.3}, {nan, nan}},
		{{8, 9}, {0, 0}, {0.25, 0.35}, {nan, nan}},
	}
	done := [][]bool{{true, true}, {true, true}}
	var out bytes.Buffer
	printSummary(&out, summaryTable{
		Scenario: "test", Arms: []string{"a", "b"}, Metrics: metrics, Replications: 2,
		Settings: sim.DefaultSettings(), Seed: 1,
		Summaries: summarizeRuns(perRun, done), Effects: pairedEffects(perRun, done),
	})
	got := out.String()
	for _, want := range []string{"value added", "inequality (Theil)", "diff vs a", "final_year", "11.00", "-2.500"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	// a long first arm's name is in the line above the table, not in the
	// diff column's header, which it would make wider than any value
	long := strings.Repeat("x", 40)
	var wide bytes.Buffer
	printSummary(&wide, summaryTable{
		Scenario: "test", Arms: []string{long, "b"}, Metrics: metrics, Replications: 2,
		Settings: sim.DefaultSettings(), Seed: 1,
		Summaries: summarizeRuns(perRun, done), Effects: pairedEffects(perRun, done),
	})
	if w := wide.String(); strings.Contains(w, "diff vs "+long) || !strings.Contains(w, "diff = arm minus "+long) {
		t.Errorf("table of a long-named first arm:\n%s\nwant its name in the line above, not in the diff column's header", w)
	}
	if strings.Contains(got, "not_in_table") {
		t.Errorf("table shows a metric not chosen for it:\n%s", got)
	}
	if strings.Contains(got, "counties") {
		t.Errorf("table shows a metric no arm defines (county documents without counties):\n%s", got)
	}
}

// TestSummaryHeaderPeriod: the table's first line names the run's years
// and steps as a reader says them: a run inside one year names that year
// once ("2000", not "2000-2000"), and one step is "1 step".
func TestSummaryHeaderPeriod(t *testing.T) {
	for _, tt := range []struct {
		steps, perYear, start int
		want                  string
	}{
		{92, 4, 2000, "test: 1 arm, 1 replication, 2000-2022 (92 steps), seed 1\n"},
		{1, 4, 2000, "test: 1 arm, 1 replication, 2000 (1 step), seed 1\n"},
		{4, 4, 2000, "test: 1 arm, 1 replication, 2000 (4 steps), seed 1\n"},
		{5, 4, 2000, "test: 1 arm, 1 replication, 2000-2001 (5 steps), seed 1\n"},
		{7, 1, 1, "test: 1 arm, 1 replication, 1-7 (7 steps), seed 1\n"},
	} {
		s := sim.DefaultSettings()
		s.Steps, s.StepsPerYear, s.StartYear = tt.steps, tt.perYear, tt.start
		var out bytes.Buffer
		printSummary(&out, summaryTable{Scenario: "test", Arms: []string{"a"}, Replications: 1, Settings: s, Seed: 1})
		if got, _, _ := strings.Cut(out.String(), "\n"); got+"\n" != tt.want {
			t.Errorf("%d steps, %d a year from %d: header %q, want %q", tt.steps, tt.perYear, tt.start, got+"\n", tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		word string
		want string
	}{{1, "arm", "1 arm"}, {0, "arm", "0 arms"}, {30, "replication", "30 replications"}, {1, "entry", "1 entry"}, {3, "entry", "3 entries"}, {2, "key", "2 keys"}} {
		if got := plural(tt.n, tt.word); got != tt.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tt.n, tt.word, got, tt.want)
		}
	}
}

// byReplication passes runs on a whole replication at a time, in job
// order, and never a replication that not every arm completed.
func TestByReplication(t *testing.T) {
	var got []int
	emit := byReplication(3, func(j sim.Job, _ agents.Output) error {
		got = append(got, j.Index)
		return nil
	})
	for _, j := range (sim.Plan{Arms: 3, Replications: 3}).Jobs()[:8] { // the last replication stops after 2 arms
		if err := emit(j, agents.Output{}); err != nil {
			t.Fatal(err)
		}
		if len(got)%3 != 0 {
			t.Fatalf("after job %d, %d runs passed on: not whole replications", j.Index, len(got))
		}
	}
	if !slices.Equal(got, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("passed on %v, want jobs 0-5 in order", got)
	}
}
