package agents

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
)

// Regions decide (MODEL.md §3.2): each region's official allocates the
// region's own part of its budget over (sector, instrument) pairs by
// water-filling on intensity, pilots the most promising unproven practice
// (see choosePilot), or, if he is a follower, copies the best-performing
// peer.

// Origins of a region's first adoption of a practice.
const (
	originOwn = iota
	originPilot
	originCenter
	originPlatform
	originScaleUp
	originOfficial
	originImitation
	numOrigins
)

// regionsDecide lets every region whose review falls in step t decide.
func (m *Model) regionsDecide(t int) {
	if m.p.Policy.Autonomy <= 0 {
		if t == m.switchedAt {
			// a switch to autonomy 0: no own money, so no own shares and
			// no own pilots (decide's B <= 0 branch)
			m.decideAll()
		}
		return
	}
	m.seePrices()
	m.platformEvidence()
	iv := m.p.Policy.ReviewInterval
	if t == m.switchedAt {
		// a regime switch: everyone decides now, so followers copy
		// portfolios made under the new regime
		m.decideAll()
		return
	}
	// those who optimise first, so that a follower copies what a peer
	// reviewing in the same step decides now, not the portfolio it is
	// replacing (which region comes first is no behaviour)
	for _, f := range [2]bool{false, true} {
		for r := 0; r < m.R; r++ {
			if m.follower[r] == f && (t+m.review[r])%iv == 0 {
				m.decide(r)
			}
		}
	}
}

// decideAll lets every region decide, those who optimise first, so that
// followers copy portfolios already made (at set-up and at a regime
// switch).
func (m *Model) decideAll() {
	for r := 0; r < m.R; r++ {
		if !m.follower[r] {
			m.decide(r)
		}
	}
	for r := 0; r < m.R; r++ {
		if m.follower[r] {
			m.decide(r)
		}
	}
}

// incentive is the weight career concerns get under the promotion rule:
// 1 for results, 0.3 for reports, 0 for seniority.
func (m *Model) incentive() float64 {
	switch m.p.Policy.PromotionBasis {
	case "results":
		return 1
	case "reports":
		return 0.3
	}
	return 0
}

// withPlatform combines an official's own evidence (mean, prec) with the
// platform's (ps, pp: its weighted precision-weighted sum and precision).
// The pooled mean weighs at most pull (platform*platform_cap) times his
// own precision in the mean, so a weak platform stays weak however many
// regions report; the precision adds the whole weighted pool, which is
// how much the nation knows of the practice (what pilots are chosen by).
func withPlatform(mean, prec, ps, pp, pull float64) (float64, float64) {
	if pp <= 0 {
		return mean, prec
	}
	if u := pull * prec; u < pp {
		return (mean*prec + ps/pp*u) / (prec + u), prec + pp
	}
	return (mean*prec + ps) / (prec + pp), prec + pp
}

// platformPull is how many times an official's own precision the
// platform's pooled mean may weigh in his belief (withPlatform).
func (m *Model) platformPull() float64 {
	return m.p.Policy.Platform * m.p.Policy.PlatformCap
}

// platformEvidence sets m.platSum and m.platPrec to what the platform
// adds to every official's belief, per practice: zero without a platform.
// While the pools do not change (regions deciding, metrics reading), a
// belief is then withPlatform(own evidence, platSum[kg], platPrec[kg]),
// an official's working belief: his own evidence combined, at weight
// platform, with the evidence pooled by the platform and the pilots.
func (m *Model) platformEvidence() {
	w := m.p.Policy.Platform
	for kg := range m.platSum {
		if w > 0 {
			m.platSum[kg] = w * (m.poolSum[kg] + m.pilotSum[kg])
			m.platPrec[kg] = w * (m.poolPrec[kg] + m.pilotPrec[kg])
		} else {
			m.platSum[kg], m.platPrec[kg] = 0, 0
		}
	}
}

// seePrices sets the prices officials see this step: price^price_sight.
func (m *Model) seePrices() {
	for s, p := range m.price {
		m.priceSeen[s] = math.Pow(p, m.p.Policy.PriceSight)
	}
}

// sectorWeight is how much region r's official values sector s: the price
// he sees, the heat of the sector, the center's priority and his carried
// preferences.
func (m *Model) sectorWeight(r, s int) float64 {
	pol := m.p.Policy
	w := m.priceSeen[s]
	if m.hot[s] {
		w *= 1 + m.p.Market.HotChase
	}
	w *= (1 - pol.Alignment) + pol.Alignment*m.prio[s]
	pref := m.pref[r*m.S+s]
	if m.level[r] != LevelProvince {
		pv := m.pref[int(m.province[r])*m.S+s]
		pref = (1-pol.ProvincePull)*pref + pol.ProvincePull*pv
	}
	return w * max(0.1, 1+pref)
}

// horizon discounts instrument k by how much of its pay-off falls after
// the official's evaluation: 1 - cc + cc*max(0.05, 1 - lag/term_left),
// floored at 0, with cc = career_concern * incentive.
func (m *Model) horizon(r, k, t int) float64 {
	cc := m.p.Policy.CareerConcern * m.incentive()
	if cc == 0 {
		return 1
	}
	left := float64(m.termEnd[r] - t)
	if left < 1 {
		left = 1
	}
	h := 1 - cc + cc*max(0.05, 1-float64(m.lag[k])/left)
	return max(0, h)
}

// decide sets region r's own shares for the coming review period.
func (m *Model) decide(r int) {
	S, K := m.S, m.K
	pol := m.p.Policy
	t := max(m.t, 0)
	base := r * S * K
	old := m.px[:S*K]
	copy(old, m.share[base:base+S*K])
	newPilot := false

	m.copied[r] = m.follower[r] && m.copyPeer(r)
	if m.copied[r] {
		m.pilotPair[r] = -1
	} else {
		for i := base; i < base+S*K; i++ {
			m.share[i] = 0
		}
		B := pol.Autonomy * m.budget[r]
		pilotShare := pol.PilotShare
		if !(B >= minNormal) {
			// no own money (or a subnormal amount, in a dying economy:
			// too few digits to split into shares), no own pilot
			m.pilotPair[r] = -1
			m.sumCapOwn(r)
			return
		}
		pull := m.platformPull()
		// the official's working beliefs (instrument x stage), once per
		// decision: for the pilot and for the allocation
		mean, prec := m.choiceMean, m.choicePrec
		rb := r * K * numStages
		for _, k := range m.boxList {
			for g := 0; g < numStages; g++ {
				kg := k*numStages + g
				mean[kg], prec[kg] = withPlatform(m.eMean[rb+kg], m.ePrec[rb+kg], m.platSum[kg], m.platPrec[kg], pull)
			}
		}
		// the pilot: the most promising unproven practice (choosePilot)
		pilot, kept := -1, false
		if pilotShare > 0 {
			pilot = m.keepPilot(r, t)
			kept = pilot >= 0
			if pilot < 0 {
				pilot = m.choosePilot(r, mean, prec)
			}
		}
		if pilot < 0 {
			pilotShare = 0
		}
		// what does not depend on the sector, once per decision: the
		// beliefs weighed by the career horizon and the cost
		kgN := K * numStages
		bel := m.belScratch[:kgN]
		eps := m.p.Officials.EpsBelief
		for _, k := range m.boxList {
			hz := m.horizon(r, k, t) * m.invCost[k]
			for g := 0; g < numStages; g++ {
				bel[k*numStages+g] = max(mean[k*numStages+g], eps) * hz
			}
		}
		m.cand = m.cand[:0]
		ref := m.p.World.InitialStock
		// the known complement of each needed stock: infrastructure,
		// skills, the sector's network (land needs none)
		comp := [3]float64{complement(m.infra[r], ref), complement(m.skills[r], ref), 0}
		for s := 0; s < S; s++ {
			i := r*S + s
			ks := m.capK[i]
			if ks <= 0 {
				continue
			}
			sw := m.sectorWeight(r, s) * max(m.fitMean[i], 0.05)
			g := int(m.stage[i])
			comp[2] = complement(m.network[i], ref)
			for _, k := range m.boxList {
				v := sw * bel[k*numStages+g]
				if n := m.needs[k]; n >= 0 {
					if n < 3 {
						v *= comp[n]
					}
				}
				if v <= 0 {
					continue
				}
				m.cand = append(m.cand, candidate{pair: i*K + k, v: v, mm: ks * m.cost[k]})
			}
		}
		budget := B * (1 - pilotShare)
		x := m.waterfill(m.cand, budget)
		for j, c := range m.cand {
			if x[j] > 0 {
				m.share[c.pair] = x[j] / B
			}
		}
		if pilot >= 0 {
			m.share[pilot] += pilotShare
			// a pilot not kept is a new one, even of the pair whose pilot
			// just ended: its own clock, counted (else a practice that
			// stays the most promising is piloted for ever, counted once)
			if !kept {
				newPilot = true
				m.pilotOpen[r] = int32(t)
				m.startPilot(r, pilot, "official")
			}
		}
		m.pilotPair[r] = int32(pilot)
	}
	m.sumCapOwn(r)
	m.measureDocuments(r, old, base)
	m.recordAdoptions(r, base, newPilot)
}

// minNormal is the smallest normal float64: a budget below it has lost
// precision, and shares of it would not sum to 1.
const minNormal = 0x1p-1022

// candidate is a (sector, instrument) pair offered to the allocation:
// v = w/c, mm = K*c.
type candidate struct {
	pair  int
	v, mm float64
}

// waterfill solves max sum_p mm_p v_p log(1 + x_p/(mm_p x0)) subject to
// sum_p x_p = B over the candidates cs (v = w/c, mm = K*c, so mm v = K w:
// doc.go's objective) exactly. The
// first-order conditions give x_p = mm_p (v_p/lambda - x0) for the active
// pairs, those with v_p/lambda > x0, and
// lambda = sum_active mm v / (B + x0 sum_active mm). Starting from all
// pairs active, pairs at or below the threshold are dropped and lambda
// recomputed; lambda only rises, so the active set only shrinks and the
// fixed point is the optimum: the pairs of highest v, as in sorting them,
// without the sort. It returns the spend per candidate in a scratch slice.
func (m *Model) waterfill(cs []candidate, B float64) []float64 {
	x0 := m.p.World.X0
	x := m.wx[:len(cs)]
	clear(x)
	// the active pairs, in candidate order
	active := m.activeBuf[:0]
	sumMV, sumM := 0.0, 0.0
	for j, c := range cs {
		active = append(active, int32(j))
		sumMV += c.mm * c.v
		sumM += c.mm
	}
	// drop pairs at or below the threshold, updating lambda as they go:
	// it only rises, so a dropped pair stays out of the optimum
	for dropped := true; dropped && sumMV > 0; {
		dropped = false
		lambda := sumMV / (B + x0*sumM)
		kept := active[:0]
		for _, j := range active {
			c := cs[j]
			if c.v <= x0*lambda {
				sumMV -= c.mm * c.v
				sumM -= c.mm
				lambda = sumMV / (B + x0*sumM)
				dropped = true
				continue
			}
			kept = append(kept, j)
		}
		active = kept
	}
	m.activeBuf = active[:0]
	// lambda from the final active set, summed afresh; running sums that
	// drifted from them cancelled as pairs were dropped (mm many orders
	// of magnitude apart: instrument costs from 1e-9 to 1e6), and the
	// drops they decided may be wrong
	runMV, runM := sumMV, sumM
	sumMV, sumM = 0, 0
	for _, j := range active {
		sumMV += cs[j].mm * cs[j].v
		sumM += cs[j].mm
	}
	drifted := !(math.Abs(runMV-sumMV) <= 1e-9*sumMV && math.Abs(runM-sumM) <= 1e-9*sumM)
	if sumMV <= 0 || x0*sumM > 1e4*B || drifted {
		// every pair dropped, drifted sums, or a budget tiny against
		// x0*sum mm (a region whose prices have collapsed): x below
		// would be the difference of B + x0*sumM and x0*sumM, with B
		// lost in the rounding, and the spends negative or summing to
		// anything. In every calibrated run the ratio stays below 10.
		if B > 0 {
			m.waterfillSmall(cs, B, x)
		}
		return x
	}
	lambda := sumMV / (B + x0*sumM)
	for _, j := range active {
		c := cs[j]
		x[j] = c.mm * (c.v/lambda - x0)
		if !(x[j] > 0) {
			// an active pair below the threshold: the same trouble
			m.waterfillSmall(cs, B, x)
			break
		}
	}
	return x
}

// waterfillSmall is waterfill for a budget tiny against x0 times the
// candidates' mm. It writes x_p = mm_p (v_p/lambda - x0) in the form
// x_p = mm_p (v_p B + x0 sum_a mm_a (v_p - v_a)) / sum_a mm_a v_a, where
// no large number is subtracted from another, over the active pairs
// found the same way: the pairs of highest v, added while the next one's
// x would be positive. It costs a sort and a pass per pair, and runs only
// in such corners, and where the drops' running sums cancelled.
func (m *Model) waterfillSmall(cs []candidate, B float64, x []float64) {
	x0 := m.p.World.X0
	clear(x)
	order := m.activeBuf[:0]
	maxMM := 0.0
	for j, c := range cs {
		if c.v > 0 && c.mm > 0 {
			order = append(order, int32(j))
			maxMM = max(maxMM, c.mm)
		}
	}
	m.activeBuf = order[:0]
	if len(order) == 0 {
		return
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(cs[b].v, cs[a].v) })
	// x is homogeneous of degree 1 in (mm, B): it is computed in units
	// of s, with mm/s and a budget of b = B/s. Normally s = B (b = 1),
	// so that a budget and capacities shrinking together towards the
	// smallest float64 keep their ratio. Where mm/B would reach past
	// maxScaleRatio (mm/B, or mm/B v, overflowing to +Inf made the spends
	// NaN), s = max mm instead, and the spends are rescaled to sum to B:
	// b may then be subnormal or 0, and at 0 the pair of highest v gets
	// the budget (the limit of the optimum as B/mm goes to 0).
	s, b := B, 1.0
	if !(maxMM/B <= maxScaleRatio) {
		s, b = maxMM, B/maxMM
	}
	// the next pair j joins while v_j b > x0 sum_a mm_a/s (v_a - v_j):
	// the right side only grows as v_j falls, so the active pairs are a
	// prefix
	n := 0
	for ; n < len(order); n++ {
		j := order[n]
		d := 0.0
		for _, a := range order[:n] {
			d += cs[a].mm / s * (cs[a].v - cs[j].v)
		}
		if n > 0 && !(cs[j].v*b > x0*d) {
			break
		}
	}
	active := order[:n]
	sumMV := 0.0
	for _, a := range active {
		sumMV += cs[a].mm / s * cs[a].v
	}
	sum := 0.0
	for _, j := range active {
		d := 0.0
		for _, a := range active {
			d += cs[a].mm / s * (cs[j].v - cs[a].v)
		}
		x[j] = s * max(0, cs[j].mm/s*(cs[j].v*b+x0*d)/sumMV)
		sum += x[j]
	}
	if s != B {
		if !(sum > 0) {
			x[order[0]] = B
			return
		}
		for _, j := range active {
			x[j] = B * (x[j] / sum)
		}
	}
}

// maxScaleRatio is the largest mm/B waterfillSmall computes in units of
// B: below it, mm/B times v (up to 1e100) stays finite.
const maxScaleRatio = 1e200

// choosePilot returns the pair (rs*K+k) region r pilots: the most
// promising unproven practice (instrument, stage) among those the region
// could use, by the upper confidence bound mean + pilot_confidence sd of
// the decision maker's belief, in the region's largest sector at that
// stage; only a
// practice whose bound beats the national standard by the scale-up
// threshold is worth a pilot; never a
// capped pair and never a practice already scaled up nationally. mean
// and prec (per practice kg) are the beliefs that count: the official's
// or the center's. It returns -1 if there is none.
func (m *Model) choosePilot(r int, mean, prec []float64) int {
	S, K := m.S, m.K
	pol := m.p.Policy
	// the upper bound of every practice, once; NaN where it is no candidate
	ucb := m.ucbScratch
	for kg := range ucb {
		ucb[kg] = math.NaN()
	}
	for _, k := range m.boxList {
		for g := 0; g < numStages; g++ {
			kg := k*numStages + g
			if m.everScaled[kg] {
				continue // national policy already: not a pilot
			}
			u := mean[kg] + pol.PilotConfidence/math.Sqrt(prec[kg])
			if u > m.natMean[kg]*(1+pol.ScaleUpThreshold) {
				ucb[kg] = u // could plausibly beat the national standard
			}
		}
	}
	best, bestU, bestK := -1, math.Inf(-1), 0.0
	for s := 0; s < S; s++ {
		i := r*S + s
		if m.capK[i] <= 0 {
			continue
		}
		g := int(m.stage[i])
		for _, k := range m.boxList {
			u := ucb[k*numStages+g]
			if u != u || m.isCapped(r, s, k) { // NaN: no candidate
				continue
			}
			if u > bestU || (u == bestU && m.capK[i] > bestK) {
				best, bestU, bestK = i*K+k, u, m.capK[i]
			}
		}
	}
	return best
}

// keepPilot returns region r's running pilot if it should go on: it is
// the present official's (a pilot ends with its official's term), it has
// run for less than pilot_length steps, its practice is not capped and has
// not been scaled up nationally. Otherwise -1.
func (m *Model) keepPilot(r, t int) int {
	pair := int(m.pilotPair[r])
	open := int(m.pilotOpen[r])
	if pair < 0 || open < m.start[r] || t-open >= m.p.Policy.PilotLength {
		return -1
	}
	i, k := pair/m.K, pair%m.K
	if m.isCapped(r, i%m.S, k) || m.everScaled[k*numStages+int(m.stage[i])] || !m.inBox[k] {
		return -1 // capped, national policy now, or no longer allowed
	}
	return pair
}

// startPilot records a new pilot of pair in region r.
func (m *Model) startPilot(r, pair int, by string) {
	k := pair % m.K
	g := int(m.stage[pair/m.K])
	kg := k*numStages + g
	m.st.pilots++
	m.st.pilotsTotal++
	m.pilotsOpen[kg]++
	if m.firstPilot[kg] < 0 {
		// max: pilots chosen while the world is set up (m.t = -1, the
		// sentinel of "none") start at step 0, as their pilotOpen does
		m.firstPilot[kg] = max(m.t, 0)
	}
	m.logEvent(EventRecord{Kind: "pilot", Region: r, FromRegion: -1, Official: m.offID[r], Value: math.NaN(),
		Sector: m.p.Sectors[(pair/m.K)%m.S].Name, Instrument: m.p.Instruments[k].Name,
		Stage: stageNames[g], Detail: by})
}

// copyPeer makes follower r copy the own shares of the best-performing
// peer (same province and level; provinces copy provinces) over the last
// year. It reports false if there is no peer.
func (m *Model) copyPeer(r int) bool {
	best, bestG, bestD := -1, math.Inf(-1), 0.0
	lo, hi := m.peerRange(r)
	t := max(m.t, 0)
	for q := lo; q < hi; q++ {
		if q == r || m.follower[q] {
			continue
		}
		// exact ties (every region's last-year growth is 0 at set-up and
		// in step 0) go to a drawn peer, not the lowest-numbered
		switch g := m.lastYearGrowth(q); {
		case g > bestG:
			best, bestG, bestD = q, g, draw(m.seed, keyPeerTie, r, q, t)
		case g == bestG:
			if d := draw(m.seed, keyPeerTie, r, q, t); d > bestD {
				best, bestD = q, d
			}
		}
	}
	if best < 0 {
		return false
	}
	n := m.S * m.K
	copy(m.share[r*n:(r+1)*n], m.share[best*n:(best+1)*n])
	return true
}

// peerRange returns the index range of region r's peers: the provinces,
// or the cities of its province, or the counties of its city's province.
func (m *Model) peerRange(r int) (lo, hi int) {
	w := m.p.World
	P, C, Q := w.Provinces, w.CitiesPerProvince, w.CountiesPerCity
	pr := int(m.province[r])
	switch m.level[r] {
	case LevelProvince:
		return 0, P
	case LevelCity:
		return P + pr*C, P + (pr+1)*C
	}
	return P + P*C + pr*C*Q, P + P*C + (pr+1)*C*Q
}

// lastYearGrowth is region r's log growth of value added over the last year.
func (m *Model) lastYearGrowth(r int) float64 { return m.yearGrowth[r] }

// recordAdoptions classifies the practices region r funds for the first
// time by where the idea came from.
func (m *Model) recordAdoptions(r, base int, newPilot bool) {
	S, K := m.S, m.K
	t := max(m.t, 0)
	for s := 0; s < S; s++ {
		g := int(m.stage[r*S+s])
		// the pairs at or above min_share, marked by sumCapOwn
		for bs := m.measureMask[r*S+s]; bs != 0; bs &= bs - 1 {
			k := bits.TrailingZeros64(bs)
			kg := k*numStages + g
			a := r*K*numStages + kg
			if m.adopted[a] {
				continue
			}
			m.adopted[a] = true
			origin := originOwn
			switch {
			case newPilot && int(m.pilotPair[r]) == base+s*K+k:
				origin = originPilot
			case m.copied[r]: // a follower without a tailor to copy decides as one
				origin = originImitation
			case m.arrived[r] && t-m.start[r] <= m.p.Policy.ReviewInterval:
				origin = originOfficial
			case m.scaledAt[kg] >= 0 && t-m.scaledAt[kg] <= m.p.Policy.ReviewInterval:
				origin = originScaleUp
			case m.p.Policy.Platform > 0 && min(m.p.Policy.Platform*(m.poolPrec[kg]+m.pilotPrec[kg]), m.platformPull()*m.ePrec[a]) > m.ePrec[a]:
				origin = originPlatform
			}
			m.adopt(origin)
		}
	}
}

// adopt counts one first adoption by its origin.
func (m *Model) adopt(origin int) {
	m.adoptBy[origin]++
	m.st.adoptAll++
	if origin == originOwn || origin == originPilot {
		m.st.adoptLocal++
	}
}
