package agents

import (
	"math"
	"math/bits"
)

// The economy: spending, the effects of measures, capacity, productivity,
// the national market for each sector, stocks and budgets (MODEL.md §3.3).

// economyMoves spends each region's budget, delivers the effects that are
// due, and clears the markets.
func (m *Model) economyMoves(t int) {
	m.spendAndApply(t)
	m.deliver(t)
	m.updateDemand(t + 1)
	m.updateMarket()
	m.updateStages()
	m.valueAdded()
	m.updateStocks()
	m.computeBudgets()
}

// spendAndApply turns each region's budget into spending on pairs (the own
// part by the region's shares, the rest by the center's uniform
// intensities, with caps applied to capacity-adding measures; blocked money
// is re-spent pro rata on the region's other pairs with cap_realloc, those
// of its own part, or the other part's when all of its own are capped, or
// saved), and queues the effect of each pair's spending for the step it
// pays in; stock-building measures build their stocks. One pass per
// region over the pairs that can be funded (bit sets kept at decision
// time and per step): the capped parts are summed per sector from totals
// kept at decision time.
func (m *Model) spendAndApply(t int) {
	S, K := m.S, m.K
	pol := m.p.Policy
	w := m.p.World
	ins := m.ins
	needNet := false // an instrument needs the network stock
	for k := range ins {
		ins[k].slot = (t + m.lag[k]) % m.pipe
		needNet = needNet || ins[k].needs == 2
	}

	comp := m.kScratch
	aut := pol.Autonomy
	copy(m.capSpent, m.capK)
	m.st.capBlocked, m.st.budget = 0, 0
	var spending, financial float64
	for g := 0; g < numStages; g++ {
		m.st.stageMoney[g], m.st.stageKnow[g], m.st.stageTotal[g] = 0, 0, 0
	}
	// the center's weight per unit of capacity for each pair, and its
	// per-sector totals: all, and capacity-adding only
	wc, wcAll, wcCap := m.wcScratch, m.wcAll, m.wcCap
	clear(m.cenMask)
	for s := 0; s < S; s++ {
		wcAll[s], wcCap[s] = 0, 0
		for k := 0; k < K; k++ {
			w := m.cost[k] * m.cIntens[s*K+k]
			wc[s*K+k] = w
			wcAll[s] += w
			if m.addsCap[k] {
				wcCap[s] += w
			}
			if w > 0 {
				m.cenMask[s] |= 1 << uint(k)
			}
		}
	}
	for r := 0; r < m.R; r++ {
		regionTotal := 0.0
		B := m.budget[r]
		m.st.budget += B // the step's budget, of which caps block a share
		ownB, cenB := aut*B, (1-aut)*B
		// what the region's effects depend on, fixed for the step
		compS := complement(m.skills[r], w.InitialStock)
		compI := complement(m.infra[r], w.InitialStock)
		for k := 0; k < K; k++ {
			switch m.needs[k] {
			case 0:
				comp[k] = compI
			case 1:
				comp[k] = compS
			default:
				comp[k] = 1
			}
		}
		landFactor := 1.0
		if need := w.LandNeed * m.regionK[r]; m.land[r] < need {
			landFactor = m.land[r] / need
		}
		base := r * S * K
		capRS := m.cappedRS[r*S : (r+1)*S]
		// own part: the blocked share, and whether any own pair is free
		blocked, ownFree := 0.0, false
		for s, c := range capRS {
			free := m.ownMask[r*S+s]
			if c {
				blocked += m.capOwn[r*S+s]
				free &^= m.capMask
			}
			ownFree = ownFree || free != 0
		}
		// the share of the own part the shares fund: 1, or less where the
		// allocation funds nothing (an all-lagged toolbox in a term's
		// last step: the pilot only), the rest saved, not blocked
		alloc := 1.0
		if a := m.ownTotal[r]; a < 1-1e-9 {
			alloc = a
		}
		ownFree = ownFree && blocked < alloc && ownB > 0
		ownScale := ownB
		if pol.CapRealloc && ownFree {
			ownScale = ownB * alloc / (alloc - blocked)
		}
		m.st.capBlocked += blocked * ownB
		// central part (after its pilot); a cap blocks the center's pilot
		// of a capacity-adding instrument as it blocks everyone's
		pilot := int(m.cPilotPair[r]) - base
		pilotBlocked := pilot >= 0 && capRS[pilot/K] && m.addsCap[pilot%K]
		pilotB, unit := 0.0, 0.0
		if cenB > 0 {
			if pilot >= 0 {
				pilotB = pol.PilotShare * cenB
			}
			rest := cenB - pilotB // the routine part
			spendable := rest     // with a blocked pilot's money under cap_realloc
			if pilotBlocked {
				m.st.capBlocked += pilotB
				if pol.CapRealloc {
					spendable = cenB
				}
				pilotB = 0
			}
			wFree, wBlocked := 0.0, 0.0
			for s, c := range capRS {
				ks := m.capK[r*S+s]
				if c {
					wBlocked += ks * wcCap[s]
					wFree += ks * (wcAll[s] - wcCap[s])
				} else {
					wFree += ks * wcAll[s]
				}
			}
			if w := wFree + wBlocked; w > 0 {
				// the routine part's blocked share; the pilot's money was
				// counted above
				b := rest * wBlocked / w
				if math.IsInf(b, 0) { // rest * wBlocked overflowed, the share did not
					b = rest * (wBlocked / w)
				}
				m.st.capBlocked += b
				unit = spendable / w
				if pol.CapRealloc && wFree > 0 {
					unit = spendable / wFree
				}
				// a part with nothing left to fund re-spends its money on
				// the other part's free pairs: the center's routine part,
				// all capped, on the region's own (pro rata to its shares)
				if pol.CapRealloc && wFree == 0 && ownFree {
					ownScale += spendable / (alloc - blocked)
				}
			}
			// and the region's own part, all capped, on the center's
			// routine pairs (pro rata to its intensities); an own part
			// that funds no pair (its allocation chose none) was not
			// blocked, and is not spent
			if pol.CapRealloc && !ownFree && blocked > 0 && ownB > 0 && wFree > 0 {
				unit += ownB * alloc / wFree
			}
		}
		if pilotBlocked {
			pilot = -1
		}
		share := m.share[base : base+S*K]
		spend := m.spend[base : base+S*K]
		year := m.yearSpend[base : base+S*K]
		mix := m.shape.instrument[r*K : (r+1)*K] // the region's instrument mix, summed in sector order
		clear(mix)
		for s := 0; s < S; s++ {
			i := r*S + s
			c := capRS[s]
			g := m.stage[i]
			ks := m.capK[i]
			cu := unit * ks
			// effects: phi = gamma log(1 + x/(K c x0)) times e, fit,
			// complement and implementation
			base := m.fit[i] * m.impl[r] * w.Gamma
			invKs := 0.0
			if ks > 0 {
				invKs = 1 / (ks * w.X0)
			}
			price := m.price[s]
			eTrue := m.eTrue[int(g):] // eTrue[k*numStages] is e[k][g]
			pipe := m.capPipe[i*m.pipe : (i+1)*m.pipe]
			prd := m.prdPipe[i*m.pipe : (i+1)*m.pipe]
			var acc [4]float64 // spending by instrument class
			// the network complement, of the stock before this step's
			// cluster measures add to it, as for I and H (not of the
			// stock after those earlier in the instrument table)
			compN := 1.0
			if needNet {
				compN = complement(m.network[i], w.InitialStock)
			}
			// the pairs that can be funded, in instrument order: own
			// shares, the center's part, the pilot, not those a cap blocks;
			// visiting only them spares a branch the processor cannot
			// predict
			todo := m.ownMask[i]
			if cu > 0 {
				todo |= m.cenMask[s]
			}
			if c {
				todo &^= m.capMask
			}
			if q := pilot - s*K; q >= 0 && q < K {
				todo |= 1 << uint(q)
			}
			// spend is nonzero only on last step's funded pairs, and the
			// loop below writes every pair in todo: clear the others
			for a := m.stepMask[i] &^ todo; a != 0; a &= a - 1 {
				spend[s*K+bits.TrailingZeros64(a)] = 0
			}
			m.stepMask[i] = todo  // what the next step clears
			m.yearMask[i] |= todo // what the year's measurement visits
			// first adoptions of the practices the center funds here:
			// each such pair gets money (cu*wc > 0, or the pilot's)
			if cu > 0 {
				adopted := m.adopted[r*K*numStages : (r+1)*K*numStages]
				for a := todo & m.cenMask[s]; a != 0; a &= a - 1 {
					if kg := bits.TrailingZeros64(a)*numStages + int(g); !adopted[kg] {
						adopted[kg] = true
						m.adopt(originCenter)
					}
				}
			}
			for ; todo != 0; todo &= todo - 1 {
				k := bits.TrailingZeros64(todo)
				in := &ins[k]
				j := s*K + k
				x := 0.0
				if !c || !in.addsCap {
					x = share[j]*ownScale + cu*wc[j]
				}
				if j == pilot {
					x += pilotB
				}
				spend[j] = x
				if x == 0 {
					continue
				}
				year[j] += x
				acc[in.class] += x
				mix[k] += x
				if ks <= 0 {
					continue
				}
				y := x * invKs * in.invCost
				lg := log1pTable(y) // log1p(y), written out to be inlined
				if y < 1.0/256 {
					lg = log1pSeries(y)
				}
				eff := lg * eTrue[k*numStages] * base * comp[k]
				if in.needs == 2 {
					eff *= compN
				}
				capPart := in.capShare * eff
				if !in.ignoresU {
					capPart *= price
				}
				switch in.builds {
				case 0:
					m.infra[r] += w.StockGain * eff / float64(S)
				case 1:
					m.skills[r] += w.StockGain * eff / float64(S)
				case 2:
					m.network[i] += w.StockGain * eff
				case 3:
					capPart *= landFactor
					m.land[r] = max(0, m.land[r]-capPart*ks)
				}
				pipe[in.slot] += capPart
				prd[in.slot] += (1 - in.capShare) * eff
			}
			tot := acc[classOther] + acc[classFinancial] + acc[classLand] + acc[classKnowledge]
			m.shape.sector[i] = tot // what the spending metrics read
			regionTotal += tot
			fin := acc[classFinancial]
			money := fin + acc[classLand]
			know := acc[classKnowledge]
			spending += tot
			financial += fin
			m.st.stageTotal[g] += tot
			m.st.stageMoney[g] += money
			m.st.stageKnow[g] += know
		}
		m.shape.region[r] = regionTotal
	}
	m.st.spending, m.st.financial = spending, financial
	m.st.cumSpend += spending
}

// sumCapOwn keeps, for region r, the own shares of capacity-adding
// instruments per sector (what a cap on that sector blocks), which pairs
// have an own share at all (what spendAndApply visits) and which have at
// least documents.min_share (measures: what documents and adoptions
// count).
func (m *Model) sumCapOwn(r int) {
	S, K := m.S, m.K
	minShare := m.p.Documents.MinShare
	total := 0.0
	for s := 0; s < S; s++ {
		sum := 0.0
		own, measures := uint64(0), uint64(0)
		for k, x := range m.share[(r*S+s)*K : (r*S+s+1)*K] {
			total += x
			if m.addsCap[k] {
				sum += x
			}
			if x != 0 {
				own |= 1 << uint(k)
			}
			if x >= minShare && x != 0 {
				measures |= 1 << uint(k) // funded, at least min_share (0 included)
			}
		}
		m.capOwn[r*S+s] = sum
		m.ownMask[r*S+s] = own
		m.measureMask[r*S+s] = measures
	}
	m.ownTotal[r] = total
}

// isCapped reports whether coordination blocks instrument k in region r's
// sector s this step (see setCaps).
func (m *Model) isCapped(r, s, k int) bool {
	return m.addsCap[k] && m.cappedRS[r*m.S+s]
}

// complement scales an instrument's effect by the stock it needs.
func complement(stock, ref float64) float64 {
	if ref <= 0 {
		return 1
	}
	return math.Sqrt(min(4, max(0, stock)/ref))
}

// deliver applies the effects due this step: capacity (under the regional
// absorptive ceiling), productivity (toward the moving frontier), private
// investment and depreciation.
func (m *Model) deliver(t int) {
	S := m.S
	w := m.p.World
	frontier := math.Exp(w.FrontierGrowth * float64(t+1) / float64(m.spy))
	slot := t % m.pipe
	for r := 0; r < m.R; r++ {
		growth := 0.0
		for s := 0; s < S; s++ {
			i := r*S + s
			growth += m.capPipe[i*m.pipe+slot] * m.capK[i]
		}
		ceiling := w.Absorb * (0.5 + 0.5*min(2, m.skills[r]+m.infra[r])) * m.regionK[r]
		scale := 1.0
		if growth > ceiling && growth > 0 {
			scale = ceiling / growth
		}
		for s := 0; s < S; s++ {
			i := r*S + s
			j := i*m.pipe + slot
			k := m.capK[i]
			private := w.PrivateInvestment * m.util[s] * m.util[s] * m.price[s]
			k += k * (m.capPipe[j]*scale + private - w.Depreciation)
			m.capK[i] = max(k, 0)
			gap := max(0, 1-m.prod[i]/frontier)
			m.prod[i] = min(frontier, m.prod[i]*(1+m.prdPipe[j]*gap))
			m.capPipe[j], m.prdPipe[j] = 0, 0
		}
	}
}

// updateMarket sums capacity once per sector and sets utilisation and
// price: u = min(1, D/K), price = u^eta.
func (m *Model) updateMarket() {
	S := m.S
	for s := range m.capSum {
		m.capSum[s] = 0
	}
	for r := 0; r < m.R; r++ {
		sum := 0.0
		for s := 0; s < S; s++ {
			k := m.capK[r*S+s]
			m.capSum[s] += k
			sum += k
		}
		m.regionK[r] = sum
	}
	m.totalK = 0
	for s := range m.capSum {
		m.totalK += m.capSum[s]
		u := 1.0
		if m.capSum[s] > m.demand[s] {
			u = m.demand[s] / m.capSum[s]
		}
		m.util[s] = u
		m.price[s] = math.Pow(u, m.p.Market.Eta)
	}
}

// updateStages classifies each region-sector by its capacity against
// thresholds that grow with the square root of the sector's national
// capacity, so regions move through the life cycle but not all at once.
func (m *Model) updateStages() {
	S := m.S
	w := m.p.World
	for s := 0; s < S; s++ {
		thr := m.meanK0[s] * math.Sqrt(m.capSum[s]/m.capSum0[s])
		lo, hi := w.StageEntry*thr, w.StageMature*thr
		for r := 0; r < m.R; r++ {
			// Entry below lo, Mature above hi, else Growth, counted
			// without a branch (hi > lo: Validate checks the thresholds)
			i := r*S + s
			g := int8(0)
			if m.capK[i] >= lo {
				g++
			}
			if m.capK[i] > hi {
				g++
			}
			m.stage[i] = g
		}
	}
}

// valueAdded sets Y = A*K*u*price per region-sector and per region.
func (m *Model) valueAdded() {
	S := m.S
	for r := 0; r < m.R; r++ {
		sum := 0.0
		for s := 0; s < S; s++ {
			i := r*S + s
			y := m.prod[i] * m.capK[i] * m.util[s] * m.price[s]
			m.yRS[i] = y
			sum += y
		}
		m.yReg[r] = sum
	}
}

// updateStocks decays infrastructure, skills and networks and refills land.
func (m *Model) updateStocks() {
	w := m.p.World
	keep := 1 - w.StockDecay
	for r := 0; r < m.R; r++ {
		m.infra[r] *= keep
		m.skills[r] *= keep
		m.land[r] = min(m.land0[r]*2, m.land[r]+w.LandRefill*m.land0[r])
	}
	for i := range m.network {
		m.network[i] *= keep
	}
}

// computeBudgets refills budgets from tax_rate*Y, with a transfer share
// pooled nationally and returned per unit of capacity.
func (m *Model) computeBudgets() {
	w := m.p.World
	pool, totalK := 0.0, 0.0
	for r := 0; r < m.R; r++ {
		pool += w.TaxRate * w.Transfer * m.yReg[r]
		totalK += m.regionK[r]
	}
	for r := 0; r < m.R; r++ {
		b := w.TaxRate * (1 - w.Transfer) * m.yReg[r]
		if totalK > 0 {
			b += pool * m.regionK[r] / totalK
		}
		m.budget[r] = b
	}
}
