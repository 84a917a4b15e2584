package main

// Fake-data tests of every row of ipsim validate's table: each row's
// statistic is computed from made-up per-replication figures whose answer
// is known, so a row that compared the wrong arms, took a difference the
// wrong way round or read another metric fails here, not only in a
// full validation run.

import (
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// rowFake is one arm's metric (or fact) in each replication.
type rowFake struct {
	arm, metric string
	vals        []float64
}

// rowCase pins one row: with set's figures on top of decoys, the row's
// statistic summarises want and is judged result; with mirror's (the arms
// or metrics swapped, the sign flipped, or a value out of range) a judged
// row is judged the other way.
type rowCase struct {
	id     string
	set    []rowFake
	want   []float64
	result string
	mirror []rowFake
}

// swapped is set with the arms or metrics named a and b exchanged.
func swapped(set []rowFake, a, b string) []rowFake {
	out := slices.Clone(set)
	sw := func(s string) string {
		switch s {
		case a:
			return b
		case b:
			return a
		}
		return s
	}
	for i := range out {
		out[i].arm, out[i].metric = sw(out[i].arm), sw(out[i].metric)
	}
	return out
}

// negated is set with every value's sign flipped.
func negated(set []rowFake) []rowFake {
	out := slices.Clone(set)
	for i := range out {
		out[i].vals = slices.Clone(out[i].vals)
		for j := range out[i].vals {
			out[i].vals[j] = -out[i].vals[j]
		}
	}
	return out
}

// decoyStudy is a fake study of e, reps replications, in which every
// metric and fact of every arm holds a value of its own (metric k of arm
// i: 100 + k + i/64), so a row reading another arm or metric than the one
// set gets a number no case expects; set's figures replace the decoys.
func decoyStudy(e *experiment, reps int, set []rowFake) *study {
	names := []string{}
	for _, d := range agents.MetricInfo() {
		names = append(names, d.Name)
	}
	names = append(names, "city_tenure", "city_one_year", "scale_up_years", "adoption_rise", "hot_util_trough")
	st := newStudy(e)
	for i := range e.Arms {
		for k, n := range names {
			v := make([]float64, reps)
			for r := range v {
				v[r] = 100 + float64(k) + float64(i)/64
			}
			st.vals[i][n] = v
		}
	}
	for _, f := range set {
		st.vals[st.arm(f.arm)][f.metric] = slices.Clone(f.vals)
	}
	return st
}

// checkRow finds row id among rows, or fails.
func checkRow(t *testing.T, rows []check, id string) check {
	t.Helper()
	i := slices.IndexFunc(rows, func(c check) bool { return c.ID == id })
	if i < 0 {
		t.Fatalf("no row %s", id)
	}
	return rows[i]
}

func close9(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// runRowCases checks each case's row as rows computes it on e.
func runRowCases(t *testing.T, e *experiment, rows func(*study) []check, cases []rowCase) {
	t.Helper()
	for _, tc := range cases {
		reps := len(tc.want)
		got := checkRow(t, rows(decoyStudy(e, reps, tc.set)), tc.id)
		want := sim.Summarize(tc.want)
		if got.Stat.N != want.N || !close9(got.Stat.Mean, want.Mean) || !close9(got.Stat.CILow, want.CILow) || !close9(got.Stat.CIHigh, want.CIHigh) {
			t.Errorf("row %s: %s (n=%d), want %s (n=%d)", tc.id, fmtStat(got.Stat), got.Stat.N, fmtStat(want), want.N)
		}
		if got.Result != tc.result {
			t.Errorf("row %s: %q, want %q", tc.id, got.Result, tc.result)
		}
		if tc.result == "" {
			if tc.mirror != nil {
				t.Fatalf("row %s: a finding has no verdict to flip", tc.id)
			}
			continue
		}
		flip := map[string]string{"pass": "fail", "fail": "pass"}[tc.result]
		if m := checkRow(t, rows(decoyStudy(e, reps, tc.mirror)), tc.id); m.Result != flip {
			t.Errorf("row %s with the arms swapped or the sign flipped: %q (%s), want %q", tc.id, m.Result, fmtStat(m.Stat), flip)
		}
	}
}

// The facts' rows on the china preset, each pinned by fake figures: the
// shares against their ranges, B1's stages the right way round (money
// and land at entry minus mature, knowledge at mature minus entry), D1's
// and D3's signs, D3b's fade (after minus during).
func TestValidateFactRowsOnFakeData(t *testing.T) {
	e := &experiment{Arms: []armSpec{{Name: "china"}}}
	one := func(metric string, v ...float64) []rowFake { return []rowFake{{"china", metric, v}} }
	b1a := []rowFake{{"china", "entry_money_land_share", []float64{0.6, 0.62, 0.65}}, {"china", "mature_money_land_share", []float64{0.4, 0.41, 0.43}}}
	b1b := []rowFake{{"china", "mature_knowledge_share", []float64{0.3, 0.32, 0.35}}, {"china", "entry_knowledge_share", []float64{0.1, 0.11, 0.12}}}
	d3b := []rowFake{{"china", "mover_mix_after", []float64{0.01, 0.02, 0.015}}, {"china", "mover_mix_gain", []float64{0.05, 0.06, 0.07}}}
	runRowCases(t, e, factChecks, []rowCase{
		{"A3", one("docs_center_share", 0.12, 0.13, 0.14), []float64{0.12, 0.13, 0.14}, "pass", one("docs_center_share", 0.2, 0.21, 0.22)},
		// A4 is 1 - A3: a center share of 15% leaves 85% to the regions
		{"A4", one("docs_center_share", 0.14, 0.15, 0.16), []float64{0.86, 0.85, 0.84}, "pass", one("docs_center_share", 0.05, 0.06, 0.07)},
		{"A5", one("docs_city_share", 0.38, 0.4, 0.42), []float64{0.38, 0.4, 0.42}, "pass", one("docs_city_share", 0.2, 0.22, 0.24)},
		{"A6", one("measures_financial_share", 0.4, 0.41, 0.42), []float64{0.4, 0.41, 0.42}, "pass", one("measures_financial_share", 0.6, 0.61, 0.62)},
		{"B1a", b1a, []float64{0.2, 0.21, 0.22}, "pass", swapped(b1a, "entry_money_land_share", "mature_money_land_share")},
		{"B1b", b1b, []float64{0.2, 0.21, 0.23}, "pass", swapped(b1b, "mature_knowledge_share", "entry_knowledge_share")},
		{"E2", one("pilot_never_scaled_share", 0.44, 0.46, 0.48), []float64{0.44, 0.46, 0.48}, "pass", one("pilot_never_scaled_share", 0.7, 0.72, 0.74)},
		{"E5a", one("scale_up_years", 1.4, 1.5, 1.7), []float64{1.4, 1.5, 1.7}, "pass", one("scale_up_years", 2.5, 2.6, 2.7)},
		{"E5b", one("adoption_rise", 0.01, -0.02, 0.04), []float64{0.01, -0.02, 0.04}, "", nil},
		{"F3a", one("city_tenure", 3.4, 3.5, 3.6), []float64{3.4, 3.5, 3.6}, "pass", one("city_tenure", 4.5, 4.6, 4.7)},
		{"F3b", one("city_one_year", 0.1, 0.11, 0.12), []float64{0.1, 0.11, 0.12}, "pass", one("city_one_year", 0.2, 0.21, 0.22)},
		{"H1b", one("hot_util_trough", 0.77, 0.78, 0.79), []float64{0.77, 0.78, 0.79}, "pass", one("hot_util_trough", 0.6, 0.62, 0.64)},
		{"D1", one("follower_gap", -0.02, -0.01, -0.015), []float64{-0.02, -0.01, -0.015}, "pass", negated(one("follower_gap", -0.02, -0.01, -0.015))},
		{"D3a", one("mover_mix_gain", 0.05, 0.06, 0.07), []float64{0.05, 0.06, 0.07}, "pass", negated(one("mover_mix_gain", 0.05, 0.06, 0.07))},
		{"D3b", d3b, []float64{-0.04, -0.04, -0.055}, "pass", swapped(d3b, "mover_mix_after", "mover_mix_gain")},
	})
}

// The properties' judged rows and the findings that read another metric
// than value added, each pinned by fake figures: the arms compared, the
// order of the difference and the metric read. Value added is 1 in the
// arm a relative row compares against, so the row's value is the other
// arm's minus 1.
func TestValidatePropertyRowsOnFakeData(t *testing.T) {
	ca, err := scenarios.LoadPreset("coordinated_autonomy")
	if err != nil {
		t.Fatal(err)
	}
	e := comparisons(ca, 3, 1)
	ones := []float64{1, 1, 1}
	va := func(arm string, v ...float64) rowFake { return rowFake{arm, "value_added", v} }
	p1a := []rowFake{va("het0_autonomy", 0.9, 0.92, 0.94), va("het0_central", ones...)}
	// P1d: gain at heterogeneity 0.5 minus gain at 0
	p1d := []rowFake{va("het05_autonomy", 1.2, 1.25, 1.3), va("het05_central", ones...), va("het0_autonomy", 1, 1.02, 1.01), va("het0_central", ones...)}
	// P1m: gain with the full toolbox minus gain with the money tools
	p1m := []rowFake{va("het05_autonomy", 1.2, 1.25, 1.3), va("het05_central", ones...), va("het05_autonomy_money", 1.05, 1.04, 1.06), va("het05_central_money", ones...)}
	p2a := []rowFake{va("tight_coord", 1.1, 1.12, 1.14), va("tight_nocoord", ones...)}
	// P2c: coordination's gain in tight demand minus in loose
	p2c := []rowFake{va("tight_coord", 1.2, 1.22, 1.24), va("tight_nocoord", ones...), va("loose_coord", 1.05, 1.06, 1.07), va("loose_nocoord", ones...)}
	h1a := []rowFake{{"normal_nocoord", "hot_util_trough", []float64{0.55, 0.6, 0.65}}, {"normal_coord", "hot_util_trough", []float64{0.75, 0.77, 0.79}}}
	p3a := []rowFake{{"weak_mobile", "learning_error", []float64{0.1, 0.12, 0.11}}, {"weak_still", "learning_error", []float64{0.2, 0.21, 0.22}}}
	p3b := []rowFake{{"strong_mobile", "learning_error", []float64{0.3, 0.32, 0.31}}, {"strong_still", "learning_error", []float64{0.2, 0.21, 0.22}}}
	p4 := func(metric string) []rowFake {
		return []rowFake{{"results", metric, []float64{0.3, 0.32, 0.31}}, {"seniority", metric, []float64{0.1, 0.1, 0.12}}}
	}
	p5 := func(metric string) []rowFake {
		return []rowFake{{"het05_autonomy", metric, []float64{0.5, 0.55, 0.6}}, {"autonomy03", metric, []float64{0.4, 0.42, 0.41}}}
	}
	runRowCases(t, e, propertyChecks, []rowCase{
		{"P1a", p1a, []float64{-0.1, -0.08, -0.06}, "pass", swapped(p1a, "het0_autonomy", "het0_central")},
		// "not above 0": an interval across 0 passes, one above it fails
		{"P1a", []rowFake{va("het0_autonomy", 0.95, 1, 1.06), va("het0_central", ones...)}, []float64{-0.05, 0, 0.06}, "pass",
			[]rowFake{va("het0_autonomy", 1.1, 1.12, 1.14), va("het0_central", ones...)}},
		{"P1d", p1d, []float64{0.2, 0.23, 0.29}, "pass", swapped(swapped(p1d, "het05_autonomy", "het0_autonomy"), "het05_central", "het0_central")},
		{"P1m", p1m, []float64{0.15, 0.21, 0.24}, "pass", swapped(swapped(p1m, "het05_autonomy", "het05_autonomy_money"), "het05_central", "het05_central_money")},
		{"P2a", p2a, []float64{0.1, 0.12, 0.14}, "pass", swapped(p2a, "tight_coord", "tight_nocoord")},
		{"P2c", p2c, []float64{0.15, 0.16, 0.17}, "pass", swapped(swapped(p2c, "tight_coord", "loose_coord"), "tight_nocoord", "loose_nocoord")},
		// H1a reads the trough without coordination, H1c with it
		{"H1a", h1a, []float64{0.55, 0.6, 0.65}, "pass", swapped(h1a, "normal_nocoord", "normal_coord")},
		{"H1c", h1a, []float64{0.75, 0.77, 0.79}, "", nil},
		{"P3a", p3a, []float64{-0.1, -0.09, -0.11}, "pass", swapped(p3a, "weak_mobile", "weak_still")},
		{"P3b", p3b, []float64{0.1, 0.11, 0.09}, "", nil},
		{"P4:effort", p4("effort"), []float64{0.2, 0.22, 0.19}, "pass", swapped(p4("effort"), "results", "seniority")},
		{"P4:province_ability", p4("province_ability"), []float64{0.2, 0.22, 0.19}, "pass", swapped(p4("province_ability"), "results", "seniority")},
		{"P4:financial_share", p4("financial_share"), []float64{0.2, 0.22, 0.19}, "pass", swapped(p4("financial_share"), "results", "seniority")},
		{"P5a", p5("local_origin_share"), []float64{0.1, 0.13, 0.19}, "pass", swapped(p5("local_origin_share"), "het05_autonomy", "autonomy03")},
		{"P5b", p5("fit_alignment"), []float64{0.1, 0.13, 0.19}, "pass", swapped(p5("fit_alignment"), "het05_autonomy", "autonomy03")},
	})
}

// Every finding of the properties on value added compares the arms its
// text names, the right way round: arm i's value added is the i-th
// prime, so a row's mean p_a/p_b - 1 (or a difference of two such gains)
// names the arms it reads and their order.
func TestValidateValueAddedFindingsCompareTheirArms(t *testing.T) {
	_, st, primes := primeStudy(t)
	gain := func(a, b string) float64 { return primes[st.arm(a)]/primes[st.arm(b)] - 1 }
	rows := propertyChecks(st)
	for _, tc := range []struct {
		id   string
		want float64
	}{
		{"P1b", gain("het05_autonomy", "het05_central")},
		{"P1c", gain("het1_autonomy", "het1_central")},
		{"P1e", gain("het0_autonomy_cc0", "het0_central_cc0")},
		{"P1f", gain("het05_autonomy_cc0", "het05_central_cc0")},
		{"P1g", gain("het1_autonomy_cc0", "het1_central_cc0")},
		{"P1d_cc0", gain("het05_autonomy_cc0", "het05_central_cc0") - gain("het0_autonomy_cc0", "het0_central_cc0")},
		{"P1h", gain("het05_autonomy_imit0", "het05_central_imit0")},
		{"P1h_cc0", gain("het05_autonomy_cc0_imit0", "het05_central_cc0_imit0")},
		{"P1i", gain("het05_autonomy_sight1", "het05_central_sight1")},
		{"P1i_cc0", gain("het05_autonomy_cc0_sight1", "het05_central_cc0_sight1")},
		{"P1j", gain("het05_autonomy_hot0", "het05_central_hot0")},
		{"P1j_cc0", gain("het05_autonomy_cc0_hot0", "het05_central_cc0_hot0")},
		{"P1k", gain("het05_autonomy_cc0_noscale", "het05_central_cc0_noscale")},
		{"P1l", gain("het05_autonomy_money", "het05_central_money")},
		{"P1m_cc0", gain("het05_autonomy_cc0", "het05_central_cc0") - gain("het05_autonomy_money", "het05_central_money")},
		{"P1n", gain("het05_autonomy_shocks", "het05_central_shocks")},
		{"P1n_cc0", gain("het05_autonomy_cc0_shocks", "het05_central_cc0_shocks")},
		{"P1o", gain("het05_autonomy_shocks", "het05_central_shocks") - gain("het05_autonomy", "het05_central")},
		{"P1o_cc0", gain("het05_autonomy_cc0_shocks", "het05_central_cc0_shocks") - gain("het05_autonomy_cc0", "het05_central_cc0")},
		{"P2b", gain("loose_coord", "loose_nocoord")},
		{"P4", gain("results", "seniority")},
		{"P4_effort0", gain("results_effort0", "seniority_effort0")},
		{"P4_career0", gain("results_career0", "seniority_career0")},
		{"P4_career0_effort0", gain("results_career0_effort0", "seniority_career0_effort0")},
		{"S1a", gain("het05_autonomy_noscale", "het05_autonomy")},
		{"S1b", gain("het05_autonomy_cc0_noscale", "het05_autonomy_cc0")},
		{"S1c", gain("het05_central_cc0_noscale", "het05_central_cc0")},
	} {
		c := checkRow(t, rows, tc.id)
		if c.Stat.N != 3 || !close9(c.Stat.Mean, tc.want) || c.Result != "" {
			t.Errorf("row %s: %s (n=%d) %q, want %.6g (n=3), a finding", tc.id, fmtStat(c.Stat), c.Stat.N, c.Result, tc.want)
		}
	}
}

// The arms each property row compares differ only in the lever its text
// names (and its events, for P1o's shocks): P5's autonomy 0.3 arm is the
// comparisons' base, whose heterogeneity must be het05_autonomy's 0.5.
func TestValidatePropertyArmsDifferInOneLever(t *testing.T) {
	ca, err := scenarios.LoadPreset("coordinated_autonomy")
	if err != nil {
		t.Fatal(err)
	}
	e := comparisons(ca, 3, 1)
	st := newStudy(e)
	arm := func(name string) armSpec { return e.Arms[st.arm(name)] }
	central := func(p *agents.Params) { p.Policy.Autonomy = 0 }
	for _, tc := range []struct {
		rows, a, b string
		lever      func(p *agents.Params)
		events     bool // a and b differ in their events
	}{
		{"P1a", "het0_autonomy", "het0_central", central, false},
		{"P1b", "het05_autonomy", "het05_central", central, false},
		{"P1c", "het1_autonomy", "het1_central", central, false},
		{"P1d", "het05_autonomy", "het0_autonomy", func(p *agents.Params) { p.World.Heterogeneity = 0 }, false},
		{"P1l", "het05_autonomy_money", "het05_central_money", central, false},
		{"P1m", "het05_autonomy", "het05_autonomy_money", func(p *agents.Params) { p.Policy.Toolbox = []string{"subsidy", "tax_incentive"} }, false},
		{"P1n", "het05_autonomy_shocks", "het05_central_shocks", central, false},
		{"P1o", "het05_autonomy_shocks", "het05_autonomy", func(*agents.Params) {}, true},
		{"P2a", "tight_coord", "tight_nocoord", func(p *agents.Params) { p.Policy.Coordination = false }, false},
		{"P2b", "loose_coord", "loose_nocoord", func(p *agents.Params) { p.Policy.Coordination = false }, false},
		{"P2c", "tight_coord", "loose_coord", func(p *agents.Params) { p.Market.DemandGrowth = 0.09 }, false},
		{"H1a, H1c", "normal_coord", "normal_nocoord", func(p *agents.Params) { p.Policy.Coordination = false }, false},
		{"P3a", "weak_mobile", "weak_still", func(p *agents.Params) { p.Policy.Mobility = 0 }, false},
		{"P3b", "strong_mobile", "strong_still", func(p *agents.Params) { p.Policy.Mobility = 0 }, false},
		{"P4", "results", "seniority", func(p *agents.Params) { p.Policy.PromotionBasis = "seniority" }, false},
		{"P4_career0_effort0", "results_career0_effort0", "seniority_career0_effort0", func(p *agents.Params) { p.Policy.PromotionBasis = "seniority" }, false},
		{"P5a, P5b", "het05_autonomy", "autonomy03", func(p *agents.Params) { p.Policy.Autonomy = 0.3 }, false},
		{"S1a", "het05_autonomy_noscale", "het05_autonomy", func(p *agents.Params) { p.Policy.ScaleUpEvidence = arm("het05_autonomy").Params.Policy.ScaleUpEvidence }, false},
	} {
		a, b := arm(tc.a), arm(tc.b)
		p := a.Params
		p.Policy.Toolbox = slices.Clone(p.Policy.Toolbox)
		tc.lever(&p)
		if !reflect.DeepEqual(p, b.Params) {
			t.Errorf("%s: %s with its lever set is not %s", tc.rows, tc.a, tc.b)
		}
		if reflect.DeepEqual(a.Params, b.Params) && !tc.events {
			t.Errorf("%s: %s and %s do not differ", tc.rows, tc.a, tc.b)
		}
		if reflect.DeepEqual(a.Events, b.Events) == tc.events {
			t.Errorf("%s: %s and %s differ in their events: %v, want %v", tc.rows, tc.a, tc.b, !tc.events, tc.events)
		}
	}
}

// The pass count says how many passes are calibration targets, which
// parameters were set to reach: "26 passed" alone read as 26 facts
// reproduced, 9 of them calibrated.
func TestPassCountByKind(t *testing.T) {
	for _, tc := range []struct {
		checks []check
		want   string
	}{
		{[]check{{Kind: kindCalibration, Result: "pass"}, {Kind: kindEmergent, Result: "pass"}, {Kind: kindEmergent, Result: "fail"},
			{Kind: kindProperty, Result: "pass"}, {Kind: kindFinding}},
			"3 passed, 1 failed (calibration targets, which parameters were set to reach: 1 of 1; emergent facts: 1 of 2; properties of MODEL.md §7: 1 of 1)"},
		{[]check{{Kind: kindProperty, Result: "fail"}, {Kind: kindFinding}},
			"0 passed, 1 failed (properties of MODEL.md §7: 0 of 1)"},
		{[]check{{Kind: kindFinding}}, "0 passed, 0 failed"},
	} {
		if got := passCount(tc.checks); got != tc.want {
			t.Errorf("passCount = %q, want %q", got, tc.want)
		}
	}
}
