package agents

import (
	"math"

	"github.com/ipsim/ipsim/sim"
)

// Facts are per-run statistics that validation reads besides the metric
// columns: they come from a run's event log and metric table, never from
// the parameters. A statistic a run cannot define (no completed city
// spell, no scale-up after a pilot) is NaN, and summaries skip it.
type Facts struct {
	CityTenure    float64 // mean years of completed city leaders' spells (F3)
	CityOneYear   float64 // share of those spells of at most one year (F3)
	ScaleUpYears  float64 // mean years from a practice's first pilot to its scale-up, of the pilots with a result by then (E5)
	AdoptionRise  float64 // mean rise of a scaled-up practice's adoption share over the three years after its scale-up (E5)
	HotUtilTrough float64 // lowest yearly mean utilisation of the worst hot sector: the trough of a chase (H1)
}

// RunFacts computes the facts of one run of p with settings s from out's
// events and metrics (an Output of Options.SummaryOnly has neither: every
// fact is NaN). Of s it reads only StepsPerYear, which below 1 counts as
// 1, as in sim.Aggregate.Reduce.
func RunFacts(p Params, s sim.Settings, out Output) Facts {
	spy := max(1, s.StepsPerYear) // a year of 0 steps never ends the loops below
	f := Facts{CityTenure: math.NaN(), CityOneYear: math.NaN(), ScaleUpYears: math.NaN(), AdoptionRise: math.NaN(), HotUtilTrough: math.NaN()}
	P, C := p.World.Provinces, p.World.CitiesPerProvince
	isCity := func(r int) bool { return r >= P && r < P+P*C }

	var spells, years, short float64
	var lag, nLag float64
	type practice struct{ instrument, stage string }
	type scaleUp struct {
		practice
		step int
	}
	var scaled []scaleUp // first scale-up of each practice, in event order
	adoption := map[practice][]EventRecord{}
	for _, e := range out.Events {
		city := false
		switch e.Kind {
		case "promotion", "move":
			city = isCity(e.FromRegion)
		case "retirement":
			city = isCity(e.Region)
		case "scale_up":
			if e.Value >= 0 && pilotHadResult(e.Step, e.Value, spy) {
				lag += e.Value
				nLag++
			}
			k := practice{e.Instrument, e.Stage}
			seen := false
			for _, u := range scaled {
				seen = seen || u.practice == k
			}
			if !seen {
				scaled = append(scaled, scaleUp{k, e.Step})
			}
		case "adoption":
			k := practice{e.Instrument, e.Stage}
			adoption[k] = append(adoption[k], e)
		}
		if city {
			spells++
			years += e.Value
			if e.Value <= 1 {
				short++
			}
		}
	}
	if spells > 0 {
		f.CityTenure, f.CityOneYear = years/spells, short/spells
	}
	if nLag > 0 {
		f.ScaleUpYears = lag / nLag
	}
	var rise, nRise float64
	for _, u := range scaled { // in event order: sums are reproducible
		at := u.step
		first, later := math.NaN(), math.NaN()
		for _, e := range adoption[u.practice] { // in step order
			if e.Step >= at && math.IsNaN(first) {
				first = e.Value
			}
			if e.Step >= at+3*spy && math.IsNaN(later) {
				later = e.Value
			}
		}
		if !math.IsNaN(first) && !math.IsNaN(later) {
			rise += later - first
			nRise++
		}
	}
	if nRise > 0 {
		f.AdoptionRise = rise / nRise
	}
	if c := out.Metrics.Col("hot_utilisation_worst"); c >= 0 {
		col := out.Metrics.Column(c)
		for y := 0; y+spy <= len(col); y += spy {
			sum, n := 0.0, 0.0 // over the steps with a hot sector
			for _, u := range col[y : y+spy] {
				if !math.IsNaN(u) {
					sum += u
					n++
				}
			}
			mean := sum / n
			if n > 0 && (math.IsNaN(f.HotUtilTrough) || mean < f.HotUtilTrough) {
				f.HotUtilTrough = mean
			}
		}
	}
	return f
}

// pilotHadResult reports whether a practice first piloted years before
// its scale-up at step t had a result by then. Results are measured at
// the end of each year (Model.measure, before the step's scale-ups), so a
// pilot begun in the scale-up's own step, or in a year that had not ended
// by it, gave the center nothing to expand: E5 times the expansion of a
// pilot, and such a scale-up came from routine evidence alone. (Counted
// as 0 years, the pilots begun in the scale-up's own step, 70 of 244 on
// the china preset, pulled its mean from 1.7 to 1.2 years.)
func pilotHadResult(t int, years float64, spy int) bool {
	p := max(0, t-int(math.Round(years*float64(spy))))
	return (t+1)/spy > p/spy
}
