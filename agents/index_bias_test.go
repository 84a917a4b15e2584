package agents

import (
	"math"
	"slices"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Regions are exchangeable (doc.go: updates within a phase are
// simultaneous or in region order; noise.go: draws are keyed by region):
// a region's index within its level must not predict what happens to it.
// The detector runs many seeds, records per region outcomes normalised by
// what is drawn for it (growth of value added over its own start, pilots,
// promotions out per vacancy, the share of its decisions that copied a
// peer) and tests, per level and index (province; a city's index within
// its province; a county's within its city), whether the rank correlation
// between index and outcome, averaged over seeds, is away from 0.

// indexOutcomes is one run's outcomes per region.
type indexOutcomes map[string][]float64

// runIndexOutcomes runs p with seed over s.Steps steps and returns the
// outcomes per region.
func runIndexOutcomes(tb testing.TB, p Params, s sim.Settings, seed uint64) (indexOutcomes, *Model) {
	tb.Helper()
	m, err := New(p, s, seed, nil)
	if err != nil {
		tb.Fatal(err)
	}
	R := m.R
	o := indexOutcomes{}
	for _, k := range []string{"growth", "pilots_official", "pilots_center", "promoted_out", "vacancies", "copied", "decisions"} {
		o[k] = make([]float64, R)
	}
	y0 := make([]float64, R)
	for t := 0; t < s.Steps; t++ {
		m.Step(t)
		if t == 0 {
			copy(y0, m.yReg)
		}
		for _, e := range m.StepEvents() {
			switch e.Kind {
			case "pilot":
				if e.Detail == "center" {
					o["pilots_center"][e.Region]++
				} else {
					o["pilots_official"][e.Region]++
				}
			case "promotion":
				o["promoted_out"][e.FromRegion]++
				o["vacancies"][e.FromRegion]++
			case "move":
				o["vacancies"][e.FromRegion]++
			case "retirement":
				o["vacancies"][e.Region]++
			}
		}
		if iv := m.p.Policy.ReviewInterval; m.p.Policy.Autonomy > 0 {
			for r := 0; r < R; r++ {
				if (t+m.review[r])%iv == 0 {
					o["decisions"][r]++
					if m.copied[r] {
						o["copied"][r]++
					}
				}
			}
		}
	}
	for r := 0; r < R; r++ {
		o["growth"][r] = math.Log(m.yReg[r] / y0[r])
		o["promoted_out"][r] = ratioOrNaN(o["promoted_out"][r], o["vacancies"][r])
		o["copied"][r] = ratioOrNaN(o["copied"][r], o["decisions"][r])
	}
	delete(o, "vacancies")
	delete(o, "decisions")
	return o, m
}

func ratioOrNaN(a, b float64) float64 {
	if b > 0 {
		return a / b
	}
	return math.NaN()
}

// levelIndices returns, for region r, its level's index types and values:
// a province's index; a city's province and index within it; a county's
// province, its city's index within the province and its index within
// its city.
func levelIndices(w World, r int) map[string]float64 {
	P, C, Q := w.Provinces, w.CitiesPerProvince, w.CountiesPerCity
	switch {
	case r < P:
		return map[string]float64{"province": float64(r)}
	case r < P+P*C:
		j := r - P
		return map[string]float64{"province": float64(j / C), "city_in_province": float64(j % C)}
	}
	j := r - P - P*C
	return map[string]float64{"province": float64(j / (C * Q)), "city_in_province": float64((j / Q) % C),
		"county_in_city": float64(j % Q)}
}

// midRanks returns the mid-ranks of x.
func midRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	rk := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		for k := i; k <= j; k++ {
			rk[idx[k]] = float64(i+j) / 2
		}
		i = j + 1
	}
	return rk
}

// spearman returns the rank correlation of x and y over the pairs where y
// is not NaN, or NaN if either is (nearly) constant there.
func spearman(x, y []float64) float64 {
	var xs, ys []float64
	for i := range x {
		if !math.IsNaN(y[i]) {
			xs, ys = append(xs, x[i]), append(ys, y[i])
		}
	}
	if len(xs) < 3 {
		return math.NaN()
	}
	rx, ry := midRanks(xs), midRanks(ys)
	n := float64(len(xs))
	var mx, my float64
	for i := range rx {
		mx += rx[i] / n
		my += ry[i] / n
	}
	var sxy, sx, sy float64
	for i := range rx {
		sxy += (rx[i] - mx) * (ry[i] - my)
		sx += (rx[i] - mx) * (rx[i] - mx)
		sy += (ry[i] - my) * (ry[i] - my)
	}
	if sx <= 1e-9 || sy <= 1e-9*n*n*n {
		return math.NaN()
	}
	return sxy / math.Sqrt(sx*sy)
}

// indexTrend is the mean over seeds of one rank correlation and its
// standard error.
type indexTrend struct {
	key      string
	mean, se float64
	n        int
}

// indexTrends runs p for each seed and returns, per level, index type and
// outcome, the mean rank correlation of index and outcome over the seeds.
func indexTrends(tb testing.TB, p Params, s sim.Settings, seeds []uint64) []indexTrend {
	tb.Helper()
	rhos := map[string][]float64{}
	for _, seed := range seeds {
		o, m := runIndexOutcomes(tb, p, s, seed)
		for lev := int8(LevelProvince); lev <= LevelCounty; lev++ {
			var regs []int
			for r := 0; r < m.R; r++ {
				if m.level[r] == lev {
					regs = append(regs, r)
				}
			}
			if len(regs) < 3 {
				continue
			}
			for it := range levelIndices(p.World, regs[0]) {
				x := make([]float64, len(regs))
				for i, r := range regs {
					x[i] = levelIndices(p.World, r)[it]
				}
				for name, v := range o {
					y := make([]float64, len(regs))
					for i, r := range regs {
						y[i] = v[r]
					}
					if rho := spearman(x, y); !math.IsNaN(rho) {
						key := levelNames[lev] + " by " + it + ": " + name
						rhos[key] = append(rhos[key], rho)
					}
				}
			}
		}
	}
	var out []indexTrend
	for key, v := range rhos {
		if len(v) < 10 {
			continue
		}
		mean, ss := 0.0, 0.0
		for _, x := range v {
			mean += x / float64(len(v))
		}
		for _, x := range v {
			ss += (x - mean) * (x - mean)
		}
		out = append(out, indexTrend{key: key, mean: mean, se: math.Sqrt(ss / float64(len(v)-1) / float64(len(v))), n: len(v)})
	}
	slices.SortFunc(out, func(a, b indexTrend) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	return out
}

// TestNoIndexBias is the detector as a regular test: the three regimes of
// the default preset in a small world with counties, a few dozen seeds.
// A trend fails it when the mean rank correlation is both 5 standard
// errors and 0.1 away from 0: a bias of that size (the central pilot
// rotation's is -0.5) is found, noise is not (a false alarm over its ~90
// tests at 5 standard errors has odds of about 1 in 20,000).
func TestNoIndexBias(t *testing.T) {
	s := sim.DefaultSettings()
	s.Steps = 92
	seeds := make([]uint64, 40)
	for i := range seeds {
		seeds[i] = uint64(101 + 7919*i)
	}
	for name, p := range indexBiasArms() {
		p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 4, 4, 2
		for _, tr := range indexTrends(t, p, s, seeds) {
			if math.Abs(tr.mean) > 5*tr.se && math.Abs(tr.mean) > 0.1 {
				t.Errorf("%s: %s: rank correlation with the index %+.3f (se %.3f over %d seeds): an index bias",
					name, tr.key, tr.mean, tr.se, tr.n)
			}
		}
	}
}

// indexBiasArms returns the default preset's three regimes.
func indexBiasArms() map[string]Params {
	ca := DefaultParams()
	ce := ca
	ce.Policy.Autonomy, ce.Policy.PilotShare, ce.Policy.Platform = 0, 0, 0
	ce.Policy.PromotionBasis, ce.Policy.ReviewInterval, ce.Policy.CenterReview = "reports", 20, 20
	lf := ca
	lf.Policy.Autonomy, lf.Policy.Priorities, lf.Policy.Alignment, lf.Policy.Platform = 1, false, 0, 0
	lf.Policy.Coordination, lf.Policy.PromotionBasis = false, "seniority"
	return map[string]Params{"coordinated_autonomy": ca, "centralized": ce, "laissez_faire": lf}
}

// The center's pilots rotate over the cities from a city drawn for the
// run. The rotation started at city 0 in every run, so the first cities
// got one more pilot slot than the others in every replication: the cities
// of province 0 of an 8 x 6 world hosted 4.8 central pilots a run, those
// of province 7 3.9 (rank correlation with the province index -0.60).
func TestCenterPilotRotationNotByIndex(t *testing.T) {
	p := DefaultParams() // coordinated autonomy, pilot_cities 0.2
	p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 8, 6, 0
	s := sim.DefaultSettings()
	P, C := p.World.Provinces, p.World.CitiesPerProvince
	const seeds = 20
	var first, last float64 // mean central pilots per city, province 0 and province P-1
	var rhos []float64
	for i := 0; i < seeds; i++ {
		o, _ := runIndexOutcomes(t, p, s, uint64(1000+7919*i))
		c := o["pilots_center"][P : P+P*C]
		x := make([]float64, len(c))
		for j := range c {
			x[j] = float64(j / C)
			if j/C == 0 {
				first += c[j] / float64(C*seeds)
			}
			if j/C == P-1 {
				last += c[j] / float64(C*seeds)
			}
		}
		rhos = append(rhos, spearman(x, c))
	}
	mean, ss := 0.0, 0.0
	for _, r := range rhos {
		mean += r / float64(len(rhos))
	}
	for _, r := range rhos {
		ss += (r - mean) * (r - mean)
	}
	se := math.Sqrt(ss / float64(len(rhos)-1) / float64(len(rhos)))
	t.Logf("central pilots per city: province 0 %.2f, province %d %.2f; rank correlation with province index %+.3f (se %.3f)",
		first, P-1, last, mean, se)
	if math.Abs(first-last) > 0.3 || math.Abs(mean) > 5*se && math.Abs(mean) > 0.1 {
		t.Errorf("the number of central pilots a city hosts depends on its index: province 0's cities %.2f, province %d's %.2f, "+
			"rank correlation with the province index %+.3f (se %.3f over %d seeds); cause: center.go:212, the rotation "+
			"r = lo + (m.rotation*per+j)%%n starts at city 0 in every run", first, P-1, last, mean, se, seeds)
	}
}
