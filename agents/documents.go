package agents

import "math/bits"

// Documents (MODEL.md §3.6): a region issues documents for each new or
// substantially changed measure; provinces echo the center's documents,
// cities their province's and counties their city's, after echo_lag steps,
// in the source's category; the center issues framework documents per
// priority sector per plan, regulatory documents per capped sector,
// scale-up documents and documents for its own uniform measures. The rates
// are calibrated parameters: the shares by level are targets, not results.

// docSlot is the ring slot of the current step.
func (m *Model) docSlot() int { return max(m.t, 0) % m.ringN }

// beginDocs clears the ring slot of step t, which held documents old
// enough to have been echoed already: the ring is one step longer than
// the largest echo_lag of the run, so an event that changes echo_lag
// neither overruns it nor drops documents not yet echoed.
func (m *Model) beginDocs(t int) {
	n := m.ringN
	if t == 0 {
		clear(m.docRing)
		clear(m.centerDoc)
		for j := range m.slotStep {
			m.slotStep[j] = -1
		}
	}
	slot := t % n
	m.slotStep[slot] = -1 // set, with its lag, when the step's echoes are made
	for r := 0; r < m.R; r++ {
		clear(m.docRing[(r*n+slot)*m.ncat : (r*n+slot+1)*m.ncat])
	}
	clear(m.centerDoc[slot*m.ncat : (slot+1)*m.ncat])
	for l := range m.docStep {
		clear(m.docStep[l])
	}
}

// isMeasure reports whether a pair whose share of the budget moved from a
// to b is a new or substantially changed measure.
func isMeasure(a, b float64, d Documents) bool {
	if b < d.MinShare || !(b > 0) {
		return false // a measure is funded, whatever min_share (0 included)
	}
	if a < d.MinShare {
		return true
	}
	return b-a > d.ChangeThreshold*a || a-b > d.ChangeThreshold*a
}

// measureDocuments issues region r's documents for its new or changed
// measures, comparing its shares with old.
func (m *Model) measureDocuments(r int, old []float64, base int) {
	d := m.p.Documents
	rate := d.MeasureRate
	if m.level[r] == LevelCounty {
		rate = d.CountyMeasure
	}
	if m.p.Policy.PromotionBasis == "reports" {
		rate *= 1 + d.ReportsBoost
	}
	if rate == 0 {
		return
	}
	n := m.ringN
	row := (r*n + m.docSlot()) * m.ncat
	// only a pair at or above min_share now can be a new or changed
	// measure: those sumCapOwn marked, in pair order
	for s := 0; s < m.S; s++ {
		for bs := m.measureMask[r*m.S+s]; bs != 0; bs &= bs - 1 {
			k := bits.TrailingZeros64(bs)
			j := s*m.K + k
			if isMeasure(old[j], m.share[base+j], d) {
				m.docRing[row+m.catOf[k]] += rate
			}
		}
	}
}

// echoDocuments issues the implementing documents of step t and totals the
// step's documents by level and category. A document is echoed once,
// echo_lag steps after it was issued, echo_lag being the one in force when
// it was issued: an event that changes echo_lag neither echoes a step's
// documents twice nor skips them.
func (m *Model) echoDocuments(t int) {
	d := m.p.Documents
	n := m.ringN
	slot := t % n
	m.slotStep[slot], m.slotLag[slot] = t, d.EchoLag
	nc := m.ncat
	for src := range m.slotStep {
		if m.slotStep[src] < 0 || m.slotStep[src]+m.slotLag[src] != t {
			continue
		}
		for r := 0; r < m.R; r++ {
			var from []float64
			var rate float64
			switch m.level[r] {
			case LevelProvince:
				from, rate = m.centerDoc[src*nc:(src+1)*nc], d.ProvinceEcho
			case LevelCity:
				p := int(m.parent[r])
				from, rate = m.docRing[(p*n+src)*nc:(p*n+src+1)*nc], d.CityEcho
			default:
				c := int(m.parent[r])
				from, rate = m.docRing[(c*n+src)*nc:(c*n+src+1)*nc], d.CountyEcho
			}
			if rate == 0 {
				continue
			}
			to := m.docRing[(r*n+slot)*nc : (r*n+slot+1)*nc]
			for c, v := range from {
				to[c] += rate * v
			}
		}
	}
	for c := 0; c < nc; c++ {
		m.docStep[LevelCenter][c] = m.centerDoc[slot*nc+c]
	}
	for r := 0; r < m.R; r++ {
		row := m.docRing[(r*n+slot)*nc : (r*n+slot+1)*nc]
		l := m.level[r]
		total := 0.0
		for c, v := range row {
			m.docStep[l][c] += v
			total += v
		}
		m.docsIssued[r] += total
	}
	for l := range m.docStep {
		for c, v := range m.docStep[l] {
			m.docCum[l] += v
			m.docCumCat[c] += v
		}
	}
}
