package agents

import "math"

// The center plans (MODEL.md §3.1): sector priorities at plan boundaries,
// coordination caps every step, and, below full autonomy, the uniform
// portfolio it imposes on every region, revised every center_review steps.

// centerPlans runs the center's part of step t.
func (m *Model) centerPlans(t int) {
	pol := m.p.Policy
	if t%(pol.PlanCycle*m.spy) == 0 {
		m.plan(t)
	}
	m.setCaps()
	if t > 0 && t%pol.CenterReview == 0 || t == m.switchedAt {
		m.centerPortfolio()
	}
}

// plan revises sector priorities: the scheduled base priority, raised for
// sectors whose demand grew fastest over the last year and halved for
// sectors in over-capacity. A center that plans rarely keeps pushing
// sectors that have since filled up. It issues the framework documents.
func (m *Model) plan(t int) {
	pol := m.p.Policy
	if !pol.Priorities {
		for s := range m.prio {
			m.prio[s] = 1
		}
		return
	}
	mean := 0.0
	obs := m.sScratch[:0]
	for s := range m.prio {
		g := m.growthS[s]
		if m.demandYearAgo[s] > 0 {
			g = math.Log(m.demand[s] / m.demandYearAgo[s])
		}
		obs = append(obs, g)
		mean += g / float64(m.S)
	}
	frameworks := 0.0
	for s := range m.prio {
		p := m.prioBase[s] * max(0.5, min(1.5, 1+pol.PlanResponse*(obs[s]-mean)))
		if m.util[s] < 1/(1+pol.OvercapacityCap) {
			p *= 0.5
		}
		m.prio[s] = p
		if p > 1 {
			frameworks++
		}
		m.hot[s] = m.growthS[s] >= m.p.Market.HotGrowth || m.prioBase[s] > 1
	}
	m.centerDocs(catFramework, m.p.Documents.Framework*frameworks)
}

// setCaps marks sectors whose national capacity exceeds demand by more
// than the allowed margin (coordination only) and issues one regulatory
// document per capped sector.
func (m *Model) setCaps() {
	pol := m.p.Policy
	n := 0
	for s := range m.capped {
		m.capped[s] = pol.Coordination && m.capSum[s] > (1+pol.OvercapacityCap)*m.demand[s]
		if m.capped[s] {
			n++
		}
	}
	m.st.capped = n
	// which region-sectors are capped: under the region rule, entry-stage
	// region-sectors are exempt (they are where entry instruments belong)
	// and only regions holding more than their share of the sector's
	// national capacity are capped; under the sector rule, all are
	region := pol.CapRule != "sector"
	for r := 0; r < m.R; r++ {
		for s := 0; s < m.S; s++ {
			i := r*m.S + s
			c := m.capped[s]
			if c && region {
				c = m.stage[i] != Entry && m.capK[i]/m.capSum[s] > m.regionK[r]/m.totalK
			}
			m.cappedRS[i] = c
		}
	}
	m.centerDocs(catCoordination, m.p.Documents.Regulatory*float64(n))
}

// centerBelief is the center's working belief about effectiveness kg: its
// own national-aggregate evidence, the pilots reported to it, and, at
// weight platform, the region-level evidence pooled by the platform.
func (m *Model) centerBelief(kg int) (mean, prec float64) {
	w := m.p.Policy.Platform
	num := m.cMean[kg]*m.cPrec[kg] + m.pilotSum[kg] + w*m.poolSum[kg]
	prec = m.cPrec[kg] + m.pilotPrec[kg] + w*m.poolPrec[kg]
	return num / prec, prec
}

// centerPortfolio solves the regions' allocation problem on national
// aggregates (national capacity, the average region's stage (see
// nationalStage), the center's beliefs, fit 1, no career horizon, the full
// price) and stores the resulting
// intensities, which every region's central part applies per unit of its
// capacity. It also rotates the center's pilots over a share of cities.
func (m *Model) centerPortfolio() {
	pol := m.p.Policy
	S, K := m.S, m.K
	if pol.Autonomy >= 1 {
		clear(m.cIntens)
		clear(m.cShare)
		for r := range m.cPilotPair {
			m.cPilotPair[r] = -1 // no central pilots without a central part
		}
		return
	}
	old := m.px[:S*K]
	copy(old, m.cShare)
	// the pilots first: they take pilot_share of the central part of the
	// cities they run in, and the portfolio is what is left (no pilot
	// found, none taken)
	m.centerPilots()
	B := 0.0
	for r := 0; r < m.R; r++ {
		b := (1 - pol.Autonomy) * m.budget[r]
		if m.cPilotPair[r] >= 0 {
			b *= 1 - pol.PilotShare
		}
		B += b
	}
	stocks := 0.0
	for r := 0; r < m.R; r++ {
		stocks += (m.infra[r] + m.skills[r]) / 2 / float64(m.R)
	}
	comp := complement(stocks, m.p.World.InitialStock)
	m.cand = m.cand[:0]
	for s := 0; s < S; s++ {
		g := m.nationalStage(s)
		sw := m.price[s] * ((1 - pol.Alignment) + pol.Alignment*m.prio[s])
		if !pol.Priorities {
			sw = m.price[s]
		}
		for _, k := range m.boxList {
			e, _ := m.centerBelief(k*numStages + g)
			c := 1.0
			if m.needs[k] >= 0 && m.needs[k] < 3 {
				c = comp
			}
			m.cand = append(m.cand, candidate{pair: s*K + k, v: sw * c * max(e, m.p.Officials.EpsBelief) / m.cost[k], mm: m.capSum[s] * m.cost[k]})
		}
	}
	clear(m.cIntens)
	clear(m.cShare)
	if B >= minNormal {
		x := m.waterfill(m.cand, B)
		for j, c := range m.cand {
			if x[j] > 0 {
				m.cIntens[c.pair] = x[j] / c.mm
				m.cShare[c.pair] = x[j] / B
			}
		}
	}
	// documents for new or changed central measures
	for i, v := range m.cShare {
		if isMeasure(old[i], v, m.p.Documents) {
			m.centerDocs(m.catOf[i%K], m.p.Documents.CenterMeasure)
		}
	}
}

// nationalStage is the life-cycle stage of a sector's average region:
// national capacity over regions against the regions' thresholds, which
// grow with the square root of national capacity, so it moves only with
// national capacity's growth (stage_entry^2 or stage_mature^2 times the
// initial capacity).
func (m *Model) nationalStage(s int) int {
	w := m.p.World
	thr := m.meanK0[s] * math.Sqrt(m.capSum[s]/m.capSum0[s])
	k := m.capSum[s] / float64(m.R)
	switch {
	case k < w.StageEntry*thr:
		return Entry
	case k > w.StageMature*thr:
		return Mature
	}
	return Growth
}

// centerPilots rotates the center's pilots over pilot_cities of the cities
// (of the provinces when there are no cities): each pilots the most
// promising unproven practice by the center's beliefs (choosePilot).
func (m *Model) centerPilots() {
	pol := m.p.Policy
	for r := range m.cPilotPair {
		m.cPilotPair[r] = -1
	}
	if pol.PilotShare <= 0 || pol.PilotCities <= 0 {
		return
	}
	w := m.p.World
	lo, hi := w.Provinces, w.Provinces+w.Provinces*w.CitiesPerProvince
	if hi == lo {
		lo, hi = 0, w.Provinces
	}
	n := hi - lo
	per := int(math.Ceil(pol.PilotCities * float64(n)))
	mean, prec := m.choiceMean, m.choicePrec
	for _, k := range m.boxList {
		for g := 0; g < numStages; g++ {
			kg := k*numStages + g
			mean[kg], prec[kg] = m.centerBelief(kg)
		}
	}
	// the rotation starts at a city drawn for the run: from city 0 in
	// every run, the first cities got one more pilot than the others
	off := int(draw(m.seed, keyRotation, 0, 0, 0) * float64(n))
	for j := 0; j < per; j++ {
		r := lo + (off+m.rotation*per+j)%n
		if !((1-pol.Autonomy)*m.budget[r] >= minNormal) {
			continue // no central money in this city (no budget): no pilot, as for officials
		}
		if p := m.choosePilot(r, mean, prec); p >= 0 {
			m.cPilotPair[r] = int32(p)
			m.startPilot(r, p, "center")
		}
	}
	m.rotation++
}

// centerDocs adds count center documents of category cat.
func (m *Model) centerDocs(cat int, count float64) {
	if count > 0 {
		m.centerDoc[m.docSlot()*m.ncat+cat] += count
	}
}
