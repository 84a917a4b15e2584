package agents

import (
	"cmp"
	"math"
	"slices"
)

// Careers (MODEL.md §3.5): terms end, officials are evaluated against
// their peers, the best are promoted a level up, others move sideways or
// leave, and new officials are appointed. Movers carry their repertoire
// (beliefs about effectiveness) and sector preferences.

// careers runs the career phase of step t.
func (m *Model) careers(t int) {
	dt := 1 / float64(m.spy)
	decay := 1 - m.p.Officials.PreferenceDecay
	for r := 0; r < m.R; r++ {
		m.age[r] += dt
	}
	for i := range m.pref {
		m.pref[i] *= decay
	}
	m.trackGrowth(t)
	m.ending = m.ending[:0]
	for r := 0; r < m.R; r++ {
		if t+1 >= m.termEnd[r] || m.age[r] >= m.p.Officials.RetireAge {
			m.ending = append(m.ending, r)
		}
	}
	if len(m.ending) > 0 {
		m.turnover(t)
	}
	m.setImplementation()
}

// trackGrowth updates each region's last-year growth and its expected
// growth (an exponentially weighted average of annualised step growth).
func (m *Model) trackGrowth(t int) {
	tw := m.p.Officials.TrendWeight
	slot := t % m.spy
	for r := 0; r < m.R; r++ {
		y := m.yReg[r]
		j := r*m.spy + slot
		prevStep := m.yHist[r*m.spy+(t+m.spy-1)%m.spy]
		if m.yHist[j] > 0 && y > 0 {
			m.yearGrowth[r] = math.Log(y / m.yHist[j])
		}
		if prevStep > 0 && y > 0 {
			m.trend[r] = (1-tw)*m.trend[r] + tw*math.Log(y/prevStep)*float64(m.spy)
		}
		m.yHist[j] = y
	}
}

// setImplementation sets each region's implementation multiplier: its own
// official's ability mixed with its province leader's, times effort.
func (m *Model) setImplementation() {
	inc := m.incentive()
	o := m.p.Officials
	pw := m.p.World.ProvinceWeight
	span := max(1, o.RetireAge-o.AgeMin)
	m.st.effortSum = 0
	for r := 0; r < m.R; r++ {
		left := min(1, max(0, (o.RetireAge-m.age[r])/span))
		effort := 1 + m.p.Policy.EffortGain*inc*left
		m.st.effortSum += effort
		a := m.ability[r]
		if m.level[r] != LevelProvince {
			a = (1-pw)*a + pw*m.ability[m.province[r]]
		}
		m.impl[r] = a * effort
	}
}

// score is the evaluation of region r's official under the promotion rule.
func (m *Model) score(r, t int) float64 {
	years := max(1, float64(t+1-max(m.start[r], 0))/float64(m.spy))
	switch m.p.Policy.PromotionBasis {
	case "results":
		if m.yStart[r] <= 0 || m.yReg[r] <= 0 {
			return 0
		}
		// the growth over his tenure less the region's own expected
		// growth (when he arrived) over it, fit-neutral, a year's worth:
		// divided by the tenure counted as at least a year (an official
		// on his region's expected path scores 0, whatever his tenure)
		g := math.Log(m.yReg[r] / m.yStart[r])
		if tenure := float64(t+1-max(m.start[r], 0)) / float64(m.spy); tenure < 1 {
			return g - m.trendStart[r]*tenure
		}
		return g/years - m.trendStart[r]
	case "reports":
		return m.docsIssued[r] / years
	}
	return m.age[r]
}

// turnover ends the terms in m.ending, fills the vacancies top-down by
// promotion, lateral moves and new appointments, and records the events.
func (m *Model) turnover(t int) {
	o := m.p.Officials
	pol := m.p.Policy
	// scores and their spread by level
	var n, sum, sum2 [4]float64
	for r := 0; r < m.R; r++ {
		s := m.score(r, t)
		m.scratchR[r] = s
		l := m.level[r]
		n[l]++
		sum[l] += s
		sum2[l] += s * s
	}
	var sd [4]float64
	for l := range sd {
		if n[l] > 1 {
			v := sum2[l]/n[l] - (sum[l]/n[l])*(sum[l]/n[l])
			sd[l] = math.Sqrt(max(v, 0))
		}
	}
	// the outgoing officials: their evaluation and what they carry;
	// levels are contiguous ranges of regions
	w := m.p.World
	lo := [4]int{0, 0, w.Provinces, w.Provinces + w.Provinces*w.CitiesPerProvince}
	for j, r := range m.ending {
		sv := &m.savedBuf[j]
		l := m.level[r]
		noisy := m.scratchR[r] + o.EvalNoise*sd[l]*drawNormal(m.seed, keyEval, t, r, 0)
		hi := m.R
		if l < LevelCounty {
			hi = lo[l+1]
		}
		// peers at his level with a lower score than his noisy one: a
		// count, cheaper than sorting the level for the few who leave in
		// a step
		below, tied := countBelow(m.scratchR[lo[l]:hi], noisy)
		switch {
		case m.scratchR[r] < noisy:
			below-- // not himself
		case m.scratchR[r] == noisy:
			tied--
		}
		sv.score = noisy
		// mid-rank: a peer with his score counts as half below him (all
		// tied, as under promotion on reports without documents: 0.5)
		sv.percentile = (float64(below) + 0.5*float64(tied)) / max(1, n[l]-1)
		sv.post = r
		sv.placed = false
		sv.retire = m.age[r] >= o.RetireAge
		sv.mobile = draw(m.seed, keyMobility, t, r, 0) < pol.Mobility
		m.save(r, sv)
		m.moverLeaves(r, t)
	}
	// vacancies, top-down: provinces, then cities, then counties; a
	// level's in an order drawn each step (taken in region order, the
	// lowest-numbered posts got the promoted officials)
	m.vacancyOrder(t)
	for l := int8(LevelProvince); l <= LevelCounty; l++ {
		for _, vc := range m.vacancies {
			v := vc.post
			if m.level[v] != l {
				continue
			}
			if j := m.bestCandidate(l + 1); j >= 0 {
				m.place(v, j, t, "promotion")
				continue
			}
			if j := m.lateralMover(v, l, t); j >= 0 {
				m.place(v, j, t, "move")
				continue
			}
			m.appoint(v, t+1)
		}
	}
	// whoever was not placed leaves the industrial-policy posts
	for j := range m.ending {
		sv := &m.savedBuf[j]
		if sv.placed {
			continue
		}
		detail := "left"
		if sv.retire {
			detail = "age"
		}
		m.st.retirements++
		m.logEvent(EventRecord{Kind: "retirement", Region: sv.post, Level: levelNames[m.level[sv.post]],
			FromRegion: -1, Official: sv.id, Value: sv.tenure, Detail: detail})
	}
}

// vacancyOrder sets m.vacancies to the posts in m.ending, in an order
// drawn for step t (each post's draw, ties by region).
func (m *Model) vacancyOrder(t int) {
	m.vacancies = m.vacancies[:0]
	for _, v := range m.ending {
		m.vacancies = append(m.vacancies, vacancy{post: v, key: draw(m.seed, keyVacancyOrder, t, v, 0)})
	}
	slices.SortFunc(m.vacancies, func(a, b vacancy) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.post, b.post)
	})
}

// vacancy is a post to fill and the key that orders it.
type vacancy struct {
	post int
	key  float64
}

// countBelow returns how many of xs are below v and how many equal it,
// without a branch.
func countBelow(xs []float64, v float64) (below, equal int) {
	for _, x := range xs {
		b, e := 0, 0
		if x < v {
			b = 1
		}
		if x == v {
			e = 1
		}
		below += b
		equal += e
	}
	return below, equal
}

// bestCandidate returns the index in m.ending of the best-evaluated
// outgoing official at level l who qualifies for promotion, or -1.
func (m *Model) bestCandidate(l int8) int {
	if l > LevelCounty || !(m.p.Officials.PromoteShare > 0) {
		return -1 // a top share of 0 is nobody (the top scorer's percentile is 1)
	}
	cut := 1 - m.p.Officials.PromoteShare
	best := -1
	for j, r := range m.ending {
		sv := &m.savedBuf[j]
		if m.level[r] != l || sv.placed || sv.retire || sv.percentile < cut {
			continue
		}
		switch {
		case best < 0 || sv.score > m.savedBuf[best].score:
			best = j
		case sv.score == m.savedBuf[best].score:
			// an exact tie (a level whose scores do not vary, without
			// evaluation noise) goes to a drawn candidate, not the
			// lowest-numbered
			t := max(m.t, 0)
			if draw(m.seed, keyCandidateTie, t, r, 0) > draw(m.seed, keyCandidateTie, t, m.ending[best], 0) {
				best = j
			}
		}
	}
	return best
}

// lateralMover returns the index in m.ending of an outgoing official at
// level l who moves sideways to vacancy v, or -1.
func (m *Model) lateralMover(v int, l int8, t int) int {
	count := 0
	for j, r := range m.ending {
		sv := &m.savedBuf[j]
		if m.level[r] == l && !sv.placed && !sv.retire && sv.mobile && r != v {
			count++
		}
	}
	if count == 0 {
		return -1
	}
	pick := int(draw(m.seed, keyVacancy, t, v, 0) * float64(count))
	for j, r := range m.ending {
		sv := &m.savedBuf[j]
		if m.level[r] == l && !sv.placed && !sv.retire && sv.mobile && r != v {
			if pick == 0 {
				return j
			}
			pick--
		}
	}
	return -1
}

// save copies the official of region r into sv: what he takes with him.
func (m *Model) save(r int, sv *officialState) {
	S := m.S
	kgN := m.K * numStages
	sv.id, sv.ability, sv.age, sv.follower = m.offID[r], m.ability[r], m.age[r], m.follower[r]
	sv.tenure = float64(max(m.t+1, 0)-m.start[r]) / float64(m.spy)
	copy(sv.eMean, m.eMean[r*kgN:(r+1)*kgN])
	copy(sv.ePrec, m.ePrec[r*kgN:(r+1)*kgN])
	// sector preferences: the sectors that grew best at this post
	mean, n := 0.0, 0.0
	for s := 0; s < S; s++ {
		i := r*S + s
		g := 0.0
		if m.ySStart[i] > 0 && m.yRS[i] > 0 {
			g = math.Log(m.yRS[i] / m.ySStart[i])
		}
		sv.pref[s] = g
		mean += g
		n++
	}
	mean /= n
	v := 0.0
	for s := 0; s < S; s++ {
		v += (sv.pref[s] - mean) * (sv.pref[s] - mean) / n
	}
	sdv := math.Sqrt(v)
	for s := 0; s < S; s++ {
		z := 0.0
		if sdv > 0 {
			z = (sv.pref[s] - mean) / sdv
		}
		sv.pref[s] = m.p.Officials.PreferenceGain * z
	}
}

// place installs outgoing official j in post v (a promotion or a move).
func (m *Model) place(v, j, t int, kind string) {
	sv := &m.savedBuf[j]
	sv.placed = true
	kgN := m.K * numStages
	m.offID[v], m.ability[v], m.age[v], m.follower[v] = sv.id, sv.ability, sv.age, sv.follower
	copy(m.eMean[v*kgN:(v+1)*kgN], sv.eMean)
	copy(m.ePrec[v*kgN:(v+1)*kgN], sv.ePrec)
	copy(m.pref[v*m.S:(v+1)*m.S], sv.pref)
	m.arrived[v] = true
	m.moverArrives(v, sv.post)
	m.startTerm(v, t+1)
	if kind == "promotion" {
		m.st.promotions++
	} else {
		m.st.moves++
	}
	m.logEvent(EventRecord{Kind: kind, Region: v, Level: levelNames[m.level[v]], FromRegion: sv.post,
		Official: sv.id, Value: sv.tenure, Detail: "tenure at previous post, years"})
}

// appoint installs a new official in region r from step t: drawn ability
// and age, beliefs at the national standard (the conventional wisdom until
// a scale-up moves it) moved toward the platform's evidence by
// min(1, 2*platform), no carried preferences.
func (m *Model) appoint(r, t int) {
	o := m.p.Officials
	pol := m.p.Policy
	n := m.appointN[r]
	m.offID[r] = m.nextID
	m.nextID++
	m.ability[r] = max(0.1, 1+o.AbilitySD*drawNormal(m.seed, keyAbility, r, n, 0))
	m.age[r] = o.AgeMin + (o.AgeMax-o.AgeMin)*draw(m.seed, keyAge, r, n, 0)
	m.follower[r] = draw(m.seed, keyFollower, r, n, 0) < pol.Imitation
	kgN := m.K * numStages
	pull := min(1, 2*pol.Platform)
	for kg := 0; kg < kgN; kg++ {
		prior := m.natMean[kg]
		if pooled, prec := m.pooled(kg); prec > 0 {
			prior += pull * (pooled - prior)
		}
		m.eMean[r*kgN+kg] = prior
		m.ePrec[r*kgN+kg] = o.PriorPrecision
	}
	for s := 0; s < m.S; s++ {
		m.pref[r*m.S+s] = 0
	}
	m.arrived[r] = false
	m.docsIssued[r] = 0
	m.startTerm(r, t)
}

// startTerm starts a term in region r at step t with a drawn length:
// gamma distributed with mean term_mean years and shape term_shape.
func (m *Model) startTerm(r, t int) {
	o := m.p.Officials
	n := m.appointN[r]
	m.appointN[r]++
	steps := drawGamma(m.seed, keyTerm, r, n, 1, o.TermShape) * o.TermMean / o.TermShape * float64(m.spy)
	m.start[r] = t
	m.termEnd[r] = t + max(1, int(math.Round(steps)))
	m.yStart[r] = m.yReg[r]
	m.trendStart[r] = m.trend[r]
	m.docsIssued[r] = 0
	copy(m.ySStart[r*m.S:(r+1)*m.S], m.yRS[r*m.S:(r+1)*m.S])
}
