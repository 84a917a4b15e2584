package agents

import (
	"math"
	"math/bits"
	"slices"

	"github.com/ipsim/ipsim/sim"
)

// The metrics of MODEL.md §4: named columns read from the model after each
// step. Their names are a public contract (steps.csv, summary.csv, users'
// scripts); the order is the column order of steps.csv.

// MetricDesc describes a metric without a model: name, unit, meaning and
// how a run is summarised.
type MetricDesc struct {
	Name    string
	Unit    string
	Doc     string
	Summary sim.Aggregate
}

type metric struct {
	MetricDesc
	value func(*Model) float64
}

var metrics = []metric{
	{MetricDesc{"value_added", "index (initial state = 1)", "national value added, sum of A*K*utilisation*price over region-sectors", sim.Final}, (*Model).mValueAdded},
	{MetricDesc{"growth", "log change per year", "annualised growth of national value added in the step", sim.Mean}, (*Model).mGrowth},
	{MetricDesc{"productivity", "index (initial state = 1)", "capacity-weighted mean productivity", sim.Final}, (*Model).mProductivity},
	{MetricDesc{"priority_share", "share", "share of value added in the center's current priority sectors (priority > 1); NaN while no sector is a priority (laissez-faire, or every priority halved)", sim.Final}, (*Model).mPriorityShare},
	{MetricDesc{"overcapacity", "ratio to demand", "capacity-weighted mean over sectors of capacity over demand minus 1, floored at 0 (not bounded by 1: 1 is capacity twice demand)", sim.Mean}, (*Model).mOvercapacity},
	{MetricDesc{"overcapacity_worst", "ratio to demand", "over-capacity of the worst sector (as overcapacity: not bounded by 1)", sim.Mean}, (*Model).mOvercapacityWorst},
	{MetricDesc{"utilisation", "share", "capacity-weighted mean utilisation, min(1, demand/capacity)", sim.Mean}, (*Model).mUtilisation},
	{MetricDesc{"utilisation_worst", "share", "utilisation of the worst sector", sim.Mean}, (*Model).mUtilisationWorst},
	{MetricDesc{"hot_utilisation", "share", "capacity-weighted utilisation of the hot sectors: demand growth at least market.hot_growth or a priority above 1 in the sector table, the same sectors in every arm (laissez-faire's regions, with no priorities, chase the fast-demand ones alone); NaN when no sector is hot", sim.Mean}, (*Model).mHotUtilisation},
	{MetricDesc{"hot_utilisation_worst", "share", "utilisation of the worst hot sector (hot as in hot_utilisation, the same sectors in every arm; NaN when no sector is hot)", sim.Mean}, (*Model).mHotUtilisationWorst},
	{MetricDesc{"spending", "share of initial value added", "industrial-policy spending in the step", sim.Mean}, (*Model).mSpending},
	{MetricDesc{"value_per_spend", "value added per unit spent", "cumulative value added above the initial level over cumulative spending (NaN before any spending)", sim.Final}, (*Model).mValuePerSpend},
	{MetricDesc{"theil", "index", "Theil index of value added per unit of initial size across regions (0 in a one-region world)", sim.Final}, (*Model).mTheil},
	{MetricDesc{"gini", "index", "Gini coefficient of value added per unit of initial size across regions (0 in a one-region world)", sim.Final}, (*Model).mGini},
	{MetricDesc{"learning_error", "effectiveness", "mean absolute error of officials' working beliefs about effectiveness (toolbox instruments, all stages: each arm's own toolbox, so arms with different toolboxes are scored on different sets; at autonomy 0 it scores officials who do not decide)", sim.Final}, (*Model).mLearningError},
	{MetricDesc{"center_learning_error", "effectiveness", "mean absolute error of the center's beliefs about effectiveness (toolbox instruments, all stages: each arm's own toolbox, so arms with different toolboxes are scored on different sets), from which its portfolio is computed: the channel of pilots and the platform below full autonomy; at autonomy 1 (laissez-faire) the center has no portfolio and no pilots, so it scores beliefs that decide nothing (scale-ups read the pooled evidence, not these beliefs)", sim.Final}, (*Model).mCenterLearningError},
	{MetricDesc{"fit_alignment", "correlation", "correlation across region-sectors of a region's spending intensity on a sector (per unit of capacity, as a share of its total) minus the mean over regions, with the true fit: 0 for a uniform portfolio without caps (per-region caps make a central portfolio uneven, and can score below 0: at autonomy 0 only caps and the center's pilots make spending uneven, so the value is how the capped region-sectors, those of regions above their share of a capped sector, line up with fit, as large for a cap that blocks little money as for one that blocks much, and 0 in the steps where no cap binds and no central pilot runs); NaN when fewer than two regions spend or the fit is alike everywhere (heterogeneity 0)", sim.Mean}, (*Model).mFitAlignment},
	{MetricDesc{"diversity", "share of maximum entropy", "between-region diversity of instrument mixes: entropy of the mean mix minus mean entropy of the mixes, over log(toolbox size), the mixes being over each arm's own toolbox, so arms with different toolboxes are scored on different sets; at autonomy 0 only caps and the center's pilots make mixes differ; NaN in a step where fewer than two regions spend or with a one-instrument toolbox", sim.Mean}, (*Model).mDiversity},
	{MetricDesc{"diffusion", "share", "share of officials whose working beliefs rank the truly best instrument of a stage first within 0.05, mean over stages (best among the arm's own toolbox, so arms with different toolboxes are scored on different sets; at autonomy 0 it scores officials who do not decide; NaN with a one-instrument toolbox, whose instrument is always first)", sim.Final}, (*Model).mDiffusion},
	{MetricDesc{"financial_share", "share", "share of spending on financial instruments (subsidies, tax incentives); NaN in a step without spending", sim.Mean}, (*Model).mFinancialShare},
	{MetricDesc{"measures_financial_share", "share", "share of active measures (pairs funded with at least documents.min_share of the region's spending) that are financial; NaN in a step without measures", sim.Mean}, (*Model).mMeasuresFinancial},
	{MetricDesc{"entry_money_land_share", "share", "share of spending on entry-stage region-sectors that is financial or land; NaN in a step without such spending", sim.Mean}, stageShare(Entry, true)},
	{MetricDesc{"mature_money_land_share", "share", "share of spending on mature region-sectors that is financial or land; NaN in a step without such spending", sim.Mean}, stageShare(Mature, true)},
	{MetricDesc{"entry_knowledge_share", "share", "share of spending on entry-stage region-sectors on training, R&D and clusters; NaN in a step without such spending", sim.Mean}, stageShare(Entry, false)},
	{MetricDesc{"mature_knowledge_share", "share", "share of spending on mature region-sectors on training, R&D and clusters; NaN in a step without such spending", sim.Mean}, stageShare(Mature, false)},
	{MetricDesc{"docs_total", "documents", "documents issued in the step, all levels (expected counts, as documents.csv's: may be fractional)", sim.Total}, (*Model).mDocsTotal},
	{MetricDesc{"docs_center_share", "share", "share of all documents to date issued by the center (NaN before the first document)", sim.Final}, docShare(LevelCenter)},
	{MetricDesc{"docs_province_share", "share", "share of all documents to date issued by provinces, their echoes of central documents included (NaN before the first document)", sim.Final}, docShare(LevelProvince)},
	{MetricDesc{"docs_city_share", "share", "share of all documents to date issued by cities, echoes included (NaN before the first document, and in a world without cities)", sim.Final}, docShare(LevelCity)},
	{MetricDesc{"docs_county_share", "share", "share of all documents to date issued by counties, echoes included (NaN before the first document, and in a world without counties)", sim.Final}, docShare(LevelCounty)},
	{MetricDesc{"docs_financial_share", "share", "share of instrument documents to date (measures and their echoes at every level; not framework, coordination or scale-up documents or their echoes) in the financial category (NaN before the first)", sim.Final}, (*Model).mDocsFinancial},
	{MetricDesc{"pilots", "count", "pilots started in the step, by officials and by the center (a pair an official and the center both pilot counts twice; its result reaches the center once)", sim.Total}, func(m *Model) float64 { return float64(m.st.pilots) }},
	{MetricDesc{"pilot_never_scaled_share", "share", "share of pilots to date whose practice has not been scaled up since the pilot started (NaN before the first pilot)", sim.Final}, (*Model).mPilotNeverScaled},
	{MetricDesc{"scale_ups", "count", "practices the center scaled up in the step", sim.Total}, func(m *Model) float64 { return float64(m.st.scaleUps) }},
	{MetricDesc{"promotions", "count", "officials promoted in the step", sim.Total}, func(m *Model) float64 { return float64(m.st.promotions) }},
	{MetricDesc{"moves", "count", "officials moved sideways in the step", sim.Total}, func(m *Model) float64 { return float64(m.st.moves) }},
	{MetricDesc{"retirements", "count", "officials who left (age or not placed) in the step", sim.Total}, func(m *Model) float64 { return float64(m.st.retirements) }},
	{MetricDesc{"local_origin_share", "share", "share of first adoptions of practices to date (NaN before the first) that came from the region's own decisions or pilots rather than the center, the platform, a scale-up, an arriving official or imitation (0 in a run at autonomy 0, where regions make no decisions of their own: every first adoption there is the center's)", sim.Final}, (*Model).mLocalOrigin},
	{MetricDesc{"follower_gap", "log change per year", "last-year growth of regions whose portfolio a follower copied from a peer at its last decision minus that of the others (tailors, and followers who found no tailor among their peers to copy and decided as one); NaN when either group is empty, and at autonomy 0 or world.tax_rate 0, where there is no own portfolio to copy", sim.Mean}, (*Model).mFollowerGap},
	{MetricDesc{"cap_reallocated", "share of budget", "budget that coordination caps blocked in the step (with cap_realloc re-spent on the region's uncapped pairs, kept unspent where it has none; saved without cap_realloc; 0 without coordination, where nothing is capped; NaN in a step without budget)", sim.Mean}, (*Model).mCapReallocated},
	{MetricDesc{"capped_sectors", "sectors", "sectors under a coordination cap in the step (a whole number; its per-run figure, a mean over steps, need not be)", sim.Mean}, func(m *Model) float64 { return float64(m.st.capped) }},
	{MetricDesc{"effort", "multiplier", "mean implementation effort of officials (1 under promotion on seniority, which gives no incentive)", sim.Mean}, func(m *Model) float64 { return m.st.effortSum / float64(m.R) }},
	{MetricDesc{"mover_mix_gain", "change in cosine similarity", "run average, while a mover serves, of how much the excess similarity of his new post's own instrument mix to the mix he chose at his previous post, over its similarity to a placebo (the mix the previous mover of the same kind carried to another post: a copy of a peer's for a follower who copied at his previous post, an own decision's otherwise), has grown since his arrival (fact D3; NaN without movers, where regions choose no mix of their own (autonomy 0), or with a one-instrument toolbox, where every mix is the same: years under one leave no mark on the average)", sim.Final}, func(m *Model) float64 { return m.moverMix(m.st.moverGain, m.st.moverGainN) }},
	{MetricDesc{"mover_mix_after", "change in cosine similarity", "the same, one to two years after the mover left: the carried mix fading (fact D3; NaN without movers, where regions choose no mix of their own (autonomy 0), or with a one-instrument toolbox, whose years leave no mark on the average)", sim.Final}, func(m *Model) float64 { return m.moverMix(m.st.moverAfter, m.st.moverAfterN) }},
	{MetricDesc{"province_ability", "ability", "mean ability of province leaders (selection by promotion)", sim.Final}, (*Model).mProvinceAbility},
	// how regions first adopted each practice (MODEL.md §4), one share per
	// origin; they sum to 1 (local_origin_share is own plus pilot)
	{MetricDesc{"origin_own_share", "share", "share of first adoptions of practices to date (NaN before the first) that came from the region's own routine decisions", sim.Final}, originShare(originOwn)},
	{MetricDesc{"origin_pilot_share", "share", "the same (NaN before the first adoption), from the region's own pilots", sim.Final}, originShare(originPilot)},
	{MetricDesc{"origin_center_share", "share", "the same (NaN before the first adoption), from the center's portfolio funding the practice there (1 in a run at autonomy 0; the center's pilots are not adoptions)", sim.Final}, originShare(originCenter)},
	{MetricDesc{"origin_platform_share", "share", "the same (NaN before the first adoption), from the platform: the official's belief about the practice rested more on the pooled evidence than on the region's own (never while platform*platform_cap is at most 1, which caps the pool's weight at his own)", sim.Final}, originShare(originPlatform)},
	{MetricDesc{"origin_scale_up_share", "share", "the same (NaN before the first adoption), within a review interval after the center scaled the practice up", sim.Final}, originShare(originScaleUp)},
	{MetricDesc{"origin_official_share", "share", "the same (NaN before the first adoption), within a review interval after an official arrived by promotion or move (his repertoire; a new appointee, who starts from the national standard, does not count)", sim.Final}, originShare(originOfficial)},
	{MetricDesc{"origin_imitation_share", "share", "the same (NaN before the first adoption), by a follower copying a peer's portfolio (a follower with no tailor among his peers decides, and adopts, as a tailor)", sim.Final}, originShare(originImitation)},
}

// originShare is the metric of first adoptions to date that came from
// origin, as a share of all first adoptions.
func originShare(origin int) func(*Model) float64 {
	return func(m *Model) float64 { return ratio(m.adoptBy[origin], m.st.adoptAll) }
}

// Columns returns the metric columns, in steps.csv order.
func Columns() []sim.Column[*Model] {
	cols := make([]sim.Column[*Model], len(metrics))
	for i, mt := range metrics {
		cols[i] = sim.Column[*Model]{Name: mt.Name, Unit: mt.Unit, Doc: mt.Doc, Summary: mt.Summary, Value: mt.value}
	}
	return cols
}

// MetricInfo describes the metric columns, in steps.csv order.
func MetricInfo() []MetricDesc {
	out := make([]MetricDesc, len(metrics))
	for i, mt := range metrics {
		out[i] = mt.MetricDesc
	}
	return out
}

func (m *Model) nationalVA() float64 {
	sum := 0.0
	for _, y := range m.yReg {
		sum += y
	}
	return sum
}

func (m *Model) mValueAdded() float64 { return m.va / m.y0 }

func (m *Model) mGrowth() float64 {
	if m.vaPrev <= 0 || m.va <= 0 {
		return 0
	}
	return math.Log(m.va/m.vaPrev) * float64(m.spy)
}

func (m *Model) meanProd() float64 {
	num, den := 0.0, 0.0
	for i, k := range m.capK {
		num += k * m.prod[i]
		den += k
	}
	if den == 0 {
		return 0
	}
	return num / den
}

func (m *Model) mProductivity() float64 { return m.meanProd() / m.a0 }

// mPriorityShare is NaN while no sector is a priority (no center, or
// every priority halved): a share of an empty set of sectors is no 0 to
// compare with.
func (m *Model) mPriorityShare() float64 {
	num, den := 0.0, 0.0
	any := false
	for i, y := range m.yRS {
		den += y
		if m.prio[i%m.S] > 1 {
			num += y
			any = true
		}
	}
	if !any {
		return math.NaN()
	}
	return safeDiv(num, den)
}

func (m *Model) mOvercapacity() float64 {
	num := 0.0
	for s, k := range m.capSum {
		num += k * max(0, k/m.demand[s]-1)
	}
	return safeDiv(num, m.totalK)
}

func (m *Model) mOvercapacityWorst() float64 {
	w := 0.0
	for s, k := range m.capSum {
		w = max(w, k/m.demand[s]-1)
	}
	return w
}

func (m *Model) mUtilisation() float64 {
	num := 0.0
	for s, k := range m.capSum {
		num += k * m.util[s]
	}
	return safeDiv(num, m.totalK)
}

func (m *Model) mUtilisationWorst() float64 {
	w := 1.0
	for _, u := range m.util {
		w = min(w, u)
	}
	return w
}

func (m *Model) mHotUtilisation() float64 {
	num, den := 0.0, 0.0
	for s, k := range m.capSum {
		if m.hotSet[s] {
			num += k * m.util[s]
			den += k
		}
	}
	return ratio(num, den) // NaN when no sector is hot
}

func (m *Model) mSpending() float64 { return m.st.spending / m.y0 }

func (m *Model) mValuePerSpend() float64 { return ratio(m.st.cumGain, m.st.cumSpend) }

// perSize fills scratch with value added per unit of initial size.
func (m *Model) perSize() []float64 {
	x := m.scratchR
	for r := range x {
		x[r] = m.yReg[r] / m.size[r]
	}
	return x
}

func (m *Model) mTheil() float64 {
	x := m.perSize()
	mean := 0.0
	for _, v := range x {
		mean += v / float64(len(x))
	}
	if mean <= 0 {
		return 0
	}
	t := 0.0
	for _, v := range x {
		// v == mean adds exactly 0 (logFast(1) is not exactly 0): a
		// one-region world has no inequality
		if v > 0 && v != mean {
			t += v / mean * logFast(v/mean)
		}
	}
	return t / float64(len(x))
}

func (m *Model) mGini() float64 {
	x := m.perSize()
	slices.Sort(x)
	n := float64(len(x))
	num, sum := 0.0, 0.0
	for i, v := range x {
		num += (2*float64(i+1) - n - 1) * v
		sum += v
	}
	if sum <= 0 {
		return 0
	}
	return num / (n * sum)
}

// workingBeliefs returns every official's working belief about every
// practice (r*K*3 + kg), computed once per step into a scratch slice the
// learning metrics share. It only reads the model.
func (m *Model) workingBeliefs() []float64 {
	if m.beliefsAt != m.t {
		kgN := m.K * numStages
		m.platformEvidence() // scratch: regions recompute it before deciding
		pull := m.platformPull()
		for r := 0; r < m.R; r++ {
			for kg := 0; kg < kgN; kg++ {
				j := r*kgN + kg
				m.beliefs[j], _ = withPlatform(m.eMean[j], m.ePrec[j], m.platSum[kg], m.platPrec[kg], pull)
			}
		}
		m.beliefsAt = m.t
	}
	return m.beliefs
}

func (m *Model) mCenterLearningError() float64 {
	sum, n := 0.0, 0
	for _, k := range m.boxList {
		for g := 0; g < numStages; g++ {
			kg := k*numStages + g
			mean, _ := m.centerBelief(kg)
			sum += math.Abs(mean - m.eTrue[kg])
			n++
		}
	}
	return safeDiv(sum, float64(n))
}

func (m *Model) mLearningError() float64 {
	bel := m.workingBeliefs()
	kgN := m.K * numStages
	sum, n := 0.0, 0
	for r := 0; r < m.R; r++ {
		for _, k := range m.boxList {
			for g := 0; g < numStages; g++ {
				kg := k*numStages + g
				sum += math.Abs(bel[r*kgN+kg] - m.eTrue[kg])
				n++
			}
		}
	}
	return safeDiv(sum, float64(n))
}

// mFitAlignment correlates, across region-sectors, how much more a region
// spends on a sector than regions do on average, with the sector's true
// fit there. Spending is measured as intensity (per unit of capacity) as a
// share of the region's summed intensities, and compared with the mean of
// that share over regions, so a uniform central portfolio scores exactly 0
// and only spending that follows local knowledge scores above it.
func (m *Model) mFitAlignment() float64 {
	S := m.S
	rel := m.fitScratch // r*S+s: relative intensity
	mean := m.sScratch
	clear(mean)
	regions := 0.0
	sp := m.spending()
	for r := 0; r < m.R; r++ {
		row := rel[r*S : (r+1)*S]
		total := 0.0
		for s := 0; s < S; s++ {
			row[s] = 0
			if k := m.capSpent[r*S+s]; k > 0 {
				row[s] = sp.sector[r*S+s] / k
			}
			total += row[s]
		}
		if total <= 0 {
			row[0] = math.NaN() // no spending: left out
			continue
		}
		for s := range row {
			row[s] /= total
			mean[s] += row[s]
		}
		regions++
	}
	if regions < 2 {
		return math.NaN() // no spread of spending to correlate
	}
	var sx, sy, sxx, syy, sxy, n float64
	for r := 0; r < m.R; r++ {
		if math.IsNaN(rel[r*S]) {
			continue
		}
		for s := 0; s < S; s++ {
			x, y := rel[r*S+s]-mean[s]/regions, m.fit[r*S+s]
			sx += x
			sy += y
			sxx += x * x
			syy += y * y
			sxy += x * y
			n++
		}
	}
	cov := sxy/n - sx/n*sy/n
	vx, vy := sxx/n-sx/n*sx/n, syy/n-sy/n*sy/n
	switch {
	case vy <= 1e-15:
		return math.NaN() // fit alike everywhere: nothing to align with
	case vx <= 1e-20:
		return 0 // a uniform portfolio: no alignment, by definition
	}
	return cov / math.Sqrt(vx*vy)
}

func (m *Model) mDiversity() float64 {
	K := m.K
	if len(m.boxList) < 2 {
		return math.NaN() // one instrument: no mix to differ in
	}
	sp := m.spending()
	meanMix := m.kScratch
	clear(meanMix)
	avgH := 0.0
	n := 0.0
	for r := 0; r < m.R; r++ {
		mix, total := sp.instrument[r*K:(r+1)*K], sp.region[r]
		if total <= 0 {
			continue
		}
		h := 0.0
		for _, k := range m.boxList {
			p := mix[k] / total
			meanMix[k] += p
			if p > 0 {
				h -= p * logFast(p)
			}
		}
		avgH += h
		n++
	}
	if n < 2 {
		return math.NaN() // no spread: fewer than two regions spend
	}
	hMean := 0.0
	for _, k := range m.boxList {
		p := meanMix[k] / n
		if p > 0 {
			hMean -= p * logFast(p)
		}
	}
	return max(0, hMean-avgH/n) / math.Log(float64(len(m.boxList)))
}

func (m *Model) mDiffusion() float64 {
	if len(m.boxList) < 2 {
		return math.NaN() // one instrument is always ranked first
	}
	bel := m.workingBeliefs()
	kgN := m.K * numStages
	total := 0.0
	for g := 0; g < numStages; g++ {
		best, bestE := -1, math.Inf(-1)
		for _, k := range m.boxList {
			if e := m.eTrue[k*numStages+g]; e > bestE {
				best, bestE = k, e
			}
		}
		hits := 0
		for r := 0; r < m.R; r++ {
			top := math.Inf(-1)
			for _, k := range m.boxList {
				top = max(top, bel[r*kgN+k*numStages+g])
			}
			if bel[r*kgN+best*numStages+g] >= top-0.05 {
				hits++
			}
		}
		total += float64(hits) / float64(m.R)
	}
	return total / numStages
}

func (m *Model) mFinancialShare() float64 { return ratio(m.st.financial, m.st.spending) }

func stageShare(g int, money bool) func(*Model) float64 {
	return func(m *Model) float64 {
		if money {
			return ratio(m.st.stageMoney[g], m.st.stageTotal[g])
		}
		return ratio(m.st.stageKnow[g], m.st.stageTotal[g])
	}
}

func (m *Model) mDocsTotal() float64 {
	sum := 0.0
	for l := range m.docStep {
		for _, v := range m.docStep[l] {
			sum += v
		}
	}
	return sum
}

func docShare(l int) func(*Model) float64 {
	return func(m *Model) float64 {
		if l == LevelCounty && m.p.World.CountiesPerCity == 0 || l == LevelCity && m.p.World.CitiesPerProvince == 0 {
			return math.NaN() // no such level: no share to compare
		}
		total := 0.0
		for _, v := range m.docCum {
			total += v
		}
		return ratio(m.docCum[l], total)
	}
}

func (m *Model) mDocsFinancial() float64 {
	total := 0.0
	for c := 0; c < catFramework; c++ {
		total += m.docCumCat[c]
	}
	return ratio(m.docCumCat[catFinancial], total)
}

func (m *Model) mPilotNeverScaled() float64 {
	return 1 - ratio(float64(m.st.pilotsScaled), float64(m.st.pilotsTotal))
}

func (m *Model) mLocalOrigin() float64 { return ratio(m.st.adoptLocal, m.st.adoptAll) }

func (m *Model) mFollowerGap() float64 {
	if !(m.p.Policy.Autonomy > 0) || m.p.World.TaxRate == 0 {
		// no own portfolio to copy (no own share of the budget, or no
		// budget at all): the label means nothing
		return math.NaN()
	}
	var gf, gt, nf, nt float64
	for r := 0; r < m.R; r++ {
		if m.copied[r] {
			gf += m.yearGrowth[r]
			nf++
		} else {
			gt += m.yearGrowth[r]
			nt++
		}
	}
	if nf == 0 || nt == 0 {
		return math.NaN() // no comparison
	}
	return gf/nf - gt/nt
}

// mCapReallocated is the share of the step's budget that caps blocked:
// m.budget holds the next step's budgets by the time metrics read it.
// moverMix is a mover-mix statistic's run average, NaN before the first
// mover-year: years under a one-instrument toolbox, where every mix is the
// same vector and both cosines are 1 by construction, add none
// (trackMovers).
func (m *Model) moverMix(sum, n float64) float64 { return ratio(sum, n) }

func (m *Model) mCapReallocated() float64 {
	return ratio(m.st.capBlocked, m.st.budget) // NaN without a budget
}

func (m *Model) mProvinceAbility() float64 {
	sum := 0.0
	P := m.p.World.Provinces
	for r := 0; r < P; r++ {
		sum += m.ability[r]
	}
	return sum / float64(P)
}

// safeDiv returns a/b, or 0 when b is 0: for quantities whose zero case
// has a natural value (no capacity, no budget).
func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// ratio returns a/b, or NaN when b is 0: a share of nothing (no pilots, no
// spending, no documents) is undefined, not 0. NaN is skipped by the run
// summaries and paired differences, so an arm that has none of something
// is not compared as if it had measured 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func (m *Model) mMeasuresFinancial() float64 {
	sp := m.spending()
	return ratio(float64(sp.measuresFin), float64(sp.measures))
}

// spendShape is the step's spending summed the ways several metrics read
// it: spendAndApply keeps the totals per region and sector and each
// region's instrument mix as it spends; spending counts the measures.
type spendShape struct {
	at                    int       // step the measures were counted for, or -2
	region                []float64 // r: set by spendAndApply
	sector                []float64 // r*S+s: set by spendAndApply
	instrument            []float64 // r*K+k: set by spendAndApply
	measures, measuresFin int       // active measures (>= min_share of the region's spending), financial ones
}

// spending returns the step's spending shape, counting the measures once
// per step. It only reads the model.
func (m *Model) spending() *spendShape {
	sp := &m.shape
	if sp.at == m.t {
		return sp
	}
	S, K := m.S, m.K
	sp.measures, sp.measuresFin = 0, 0
	minShare := m.p.Documents.MinShare
	fin := uint64(0) // financial instruments
	for k, c := range m.class {
		if c == classFinancial {
			fin |= 1 << uint(k)
		}
	}
	for r := 0; r < m.R; r++ {
		total := sp.region[r]
		if total <= 0 {
			continue // nothing spent: no measure
		}
		// measures: x > 0 and x >= cut, as one comparison (spending is
		// never negative), over the pairs funded in the step (the others
		// hold 0)
		cut := max(minShare*total, math.SmallestNonzeroFloat64)
		row := m.spend[r*S*K : (r+1)*S*K]
		for s, used := range m.stepMask[r*S : (r+1)*S] {
			sk := row[s*K : (s+1)*K]
			for ; used != 0; used &= used - 1 {
				k := bits.TrailingZeros64(used)
				if sk[k] >= cut {
					sp.measures++
					sp.measuresFin += int(fin >> uint(k) & 1)
				}
			}
		}
	}
	sp.at = m.t
	return sp
}

func (m *Model) mHotUtilisationWorst() float64 {
	w := math.NaN() // no sector is hot
	for s, u := range m.util {
		if m.hotSet[s] && !(u >= w) {
			w = u
		}
	}
	return w
}
