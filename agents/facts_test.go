package agents

import (
	"math"
	"testing"
	"time"

	"github.com/ipsim/ipsim/sim"
)

// RunFacts reads the validation's facts from a run's event log and metric
// table (facts.go): here from a hand-made log whose facts are computed by
// hand, so each rule of the definitions is pinned: a city spell is one
// that ends at a city (a promotion or move from it, a retirement at it),
// not one that ends elsewhere and starts a new one at a city; a spell of
// exactly one year is a one-year spell; a scale-up without a pilot (NaN)
// has no years since one; the adoption rise is over three years, not
// three steps, after a practice's first scale-up; and the trough is the
// lowest yearly mean, steps without a hot sector (NaN) left out.
func TestRunFactsFromAHandMadeLog(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 2, 1
	// regions: provinces 0-1, cities 2-5, counties 6-9
	s := sim.DefaultSettings() // 4 steps a year
	nan := math.NaN()
	ev := func(step int, kind string, region, from int, value float64) EventRecord {
		return EventRecord{Step: step, Kind: kind, Region: region, FromRegion: from, Value: value}
	}
	practice := func(e EventRecord, instrument, stage string) EventRecord {
		e.Instrument, e.Stage = instrument, stage
		return e
	}
	hot := func(values ...float64) sim.Table {
		return sim.Table{Names: []string{"growth", "hot_utilisation_worst"}, Values: values}
	}
	for _, tc := range []struct {
		name string
		out  Output
		want Facts
	}{
		{"a log with every kind", Output{
			Events: []EventRecord{
				ev(1, "promotion", 0, 2, 0.75), // city 2 -> province 0: a city spell of 0.75
				ev(2, "move", 4, 3, 3),         // city 3 -> city 4: 3 years
				ev(3, "retirement", 5, -1, 1),  // at city 5: exactly one year
				ev(4, "promotion", 2, 6, 2),    // county 6 -> city 2: no city spell
				ev(5, "retirement", 0, -1, 5),  // at a province: none
				practice(ev(7, "adoption", -1, -1, 0.1), "rd_support", "mature"),
				practice(ev(8, "scale_up", -1, 3, 2.5), "rd_support", "mature"),
				practice(ev(10, "scale_up", -1, 4, nan), "training", "growth"), // never piloted
				practice(ev(11, "adoption", -1, -1, 0.2), "rd_support", "mature"),
				practice(ev(11, "adoption", -1, -1, 0.3), "training", "growth"), // no value 3 years on
				practice(ev(15, "adoption", -1, -1, 0.25), "rd_support", "mature"),
				practice(ev(23, "adoption", -1, -1, 0.6), "rd_support", "mature"),
				practice(ev(30, "scale_up", -1, 2, 1.5), "rd_support", "mature"),
			},
			// years: 0.8; (0.6 + 0.7 + 0.5)/3 = 0.6 without the NaN step; none
			Metrics: hot(0, 0.8, 0, 0.8, 0, 0.8, 0, 0.8, 0, 0.6, 0, nan, 0, 0.7, 0, 0.5,
				0, nan, 0, nan, 0, nan, 0, nan),
		}, Facts{
			CityTenure:    (0.75 + 3 + 1) / 3,
			CityOneYear:   2.0 / 3,
			ScaleUpYears:  (2.5 + 1.5) / 2,
			AdoptionRise:  0.6 - 0.2, // the first share from the scale-up on, and the first 12 steps later
			HotUtilTrough: 0.6,
		}},
		{"an empty log", Output{Metrics: hot(0, nan, 0, nan, 0, nan, 0, nan)},
			Facts{CityTenure: nan, CityOneYear: nan, ScaleUpYears: nan, AdoptionRise: nan, HotUtilTrough: nan}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := RunFacts(p, s, tc.out)
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"CityTenure", got.CityTenure, tc.want.CityTenure},
				{"CityOneYear", got.CityOneYear, tc.want.CityOneYear},
				{"ScaleUpYears", got.ScaleUpYears, tc.want.ScaleUpYears},
				{"AdoptionRise", got.AdoptionRise, tc.want.AdoptionRise},
				{"HotUtilTrough", got.HotUtilTrough, tc.want.HotUtilTrough},
			} {
				same := math.Abs(f.got-f.want) <= 1e-12 || math.IsNaN(f.got) && math.IsNaN(f.want)
				if !same {
					t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
				}
			}
		})
	}
}

// RunFacts given settings without a calendar (the zero sim.Settings)
// counts a step a year, as sim.Aggregate.Reduce does, instead of looping
// forever over years of no steps.
func TestRunFactsWithoutStepsPerYear(t *testing.T) {
	p := smallParams()
	out := Output{Metrics: sim.Table{Names: []string{"hot_utilisation_worst"}, Values: []float64{0.9, 0.7, 0.8}}}
	done := make(chan Facts, 1)
	go func() { done <- RunFacts(p, sim.Settings{}, out) }()
	select {
	case f := <-done:
		if f.HotUtilTrough != 0.7 {
			t.Errorf("HotUtilTrough = %v, want 0.7 (one step a year)", f.HotUtilTrough)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunFacts with StepsPerYear 0 did not return")
	}
}

// E5 times the expansion of a pilot: a scale-up counts only when its
// practice's first pilot had a result by then, results being measured at
// each year's end before the step's scale-ups. On the china preset 70 of
// 244 scale-ups after a pilot came in the step their practice's first
// pilots began: counted as 0 years, they pulled E5a from 1.7 to 1.2 years.
func TestRunFactsScaleUpNeedsAPilotResult(t *testing.T) {
	p := smallParams()
	s := sim.DefaultSettings() // 4 steps a year: results at steps 3, 7, 11, ...
	for _, tc := range []struct {
		name  string
		step  int
		years float64
		want  float64
	}{
		{"pilot begun in the scale-up's step", 8, 0, math.NaN()},
		{"pilot begun in the step of a year's end", 11, 0, 0},
		{"pilot measured at the last year's end", 8, 0.25, 0.25},
		{"pilot begun after the last year's end", 6, 0.5, math.NaN()},
		{"pilot begun at set-up", 8, 2, 2},
	} {
		e := EventRecord{Step: tc.step, Kind: "scale_up", Region: -1, FromRegion: 1, Value: tc.years, Instrument: "subsidy", Stage: "entry"}
		got := RunFacts(p, s, Output{Events: []EventRecord{e}}).ScaleUpYears
		if !(got == tc.want || math.IsNaN(got) && math.IsNaN(tc.want)) {
			t.Errorf("%s (scale-up at step %d, %g years after the pilot): ScaleUpYears = %v, want %v", tc.name, tc.step, tc.years, got, tc.want)
		}
	}
}
