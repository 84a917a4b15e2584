package agents

import (
	"math"
	"math/bits"
	"slices"
)

// Learning (MODEL.md §3.4): once a year every funded pair yields a noisy
// measured result of e*fit; officials update their beliefs about
// effectiveness and their region's fit alternately, the platform pools
// region-level evidence, the center learns from national aggregates and
// pilots, and practices whose pooled evidence beats the national standard
// long enough are scaled up.

// learn runs the learning phase of step t.
func (m *Model) learn(t int) {
	m.decayPools()
	if (t+1)%m.spy == 0 {
		m.measure(t)
		// the plan at the next step compares demand then (this year's
		// end) with the year's start
		copy(m.demandYearAgo, m.demandYearEnd)
		copy(m.demandYearEnd, m.demand)
	}
	m.scaleUps(t)
}

// decayPools lets old pooled evidence fade.
func (m *Model) decayPools() {
	keep := 1 - m.p.Policy.PoolDecay
	for kg := range m.poolSum {
		m.poolSum[kg] *= keep
		m.poolPrec[kg] *= keep
		m.pilotSum[kg] *= keep
		m.pilotPrec[kg] *= keep
	}
}

// maxIntensity is the largest intensity that reports: above it (no
// capacity, or a capacity decayed to near 1e-308 that is still funded,
// as by a pilot), the report's precision and the national sums would
// overflow to +Inf and the beliefs become Inf/Inf; such a pair has no
// capacity to report on. Calibrated runs come nowhere near it.
const maxIntensity = 1e100

// measure draws the year's results and updates every belief.
func (m *Model) measure(t int) {
	S, K := m.S, m.K
	pol := m.p.Policy
	w := m.p.World
	year := (t + 1) / m.spy
	updateE := year%2 == 1 // alternate: effectiveness one year, fit the next
	kgN := K * numStages
	// national aggregates: spend-weighted truth and intensity per practice
	natX, natY, natI := m.natX, m.natY, m.natI
	for j := 0; j < kgN; j++ {
		natX[j], natY[j], natI[j] = 0, 0, 0
	}
	sd0 := pol.MetricNoise
	precUnit := float64(m.spy) / (sd0 * sd0) // precision of a report at intensity 1
	clarity2 := pol.PilotClarity * pol.PilotClarity
	bel := m.belScratch[:kgN]
	noise := stream(m.seed, keyMeasure, t) // the year's measurement noise
	spy := float64(m.spy)
	bias := 1 + pol.PilotBias
	platform := pol.Platform > 0
	pull := m.platformPull()
	// the model's slices, held in locals: the loop writes through slices,
	// after which the compiler would reload every one of them from m
	eTrue, invCost := m.eTrue, m.invCost
	pilotSum, pilotPrec, poolSum, poolPrec := m.pilotSum, m.pilotPrec, m.poolSum, m.poolPrec
	if !updateE {
		// the platform's evidence as it stood at the year's start: the
		// reports the loop below pools must not reach the beliefs of the
		// regions that come after the reporting one
		m.platformEvidence()
	}
	for r := 0; r < m.R; r++ {
		rb := r * kgN
		if !updateE {
			for kg := range bel {
				e, _ := withPlatform(m.eMean[rb+kg], m.ePrec[rb+kg], m.platSum[kg], m.platPrec[kg], pull)
				bel[kg] = max(e, m.p.Officials.EpsBelief)
			}
		}
		eMean, ePrec := m.eMean[rb:rb+kgN], m.ePrec[rb:rb+kgN]
		contrib := m.contrib[rb : rb+kgN]
		pilotA, pilotB := int(m.pilotPair[r]), int(m.cPilotPair[r])
		for s := 0; s < S; s++ {
			i := r*S + s
			ks := m.capK[i]
			g := int(m.stage[i])
			invKs := 1 / (ks * w.X0) // +Inf at no capacity: no report below
			fit := m.fit[i]
			fitMean, fitPrec := m.fitMean[i], m.fitPrec[i] // updated pair by pair
			// the fit belief a report's signal is read with: the sector's
			// before the year's reports, whatever the instruments' order
			fm := max(fitMean, 0.05)
			yearS := m.yearSpend[i*K : (i+1)*K]
			// the pairs funded at some step of the year, in pair order
			used := m.yearMask[i]
			m.yearMask[i] = 0
			for ; used != 0; used &= used - 1 {
				k := bits.TrailingZeros64(used)
				x := yearS[k] / spy
				if x <= 0 {
					continue
				}
				yearS[k] = 0
				intensity := x * invKs * invCost[k]
				if !(intensity <= maxIntensity) {
					continue
				}
				pair := i*K + k
				kg := k*numStages + g
				truth := eTrue[kg] * fit
				pilot := pilotA == pair || pilotB == pair
				// an annual report of spy quarters of results: noise
				// variance sd0^2 / (intensity * spy)
				prec := intensity * precUnit
				y := truth
				if pilot {
					prec *= clarity2
					y *= bias
				}
				y += normalIn(noise, r, s*K+k) / math.Sqrt(prec)
				natX[kg] += x
				natY[kg] += x * truth
				natI[kg] += x * intensity

				// the official: effectiveness and fit, alternately
				zE, precE := y/fm, fm*fm*prec
				if updateE {
					ePrec[kg] += precE
					eMean[kg] += (zE - eMean[kg]) * precE / ePrec[kg]
				} else {
					e := bel[kg]
					precF := e * e * prec
					fitPrec += precF
					fitMean += (y/e - fitMean) * precF / fitPrec
				}
				// reports: pilots always reach the center; routine results
				// are pooled only where there is a platform
				switch {
				case pilot:
					pilotSum[kg] += precE * zE
					pilotPrec[kg] += precE
					contrib[kg] += precE
				case platform:
					poolSum[kg] += precE * zE
					poolPrec[kg] += precE
					contrib[kg] += pol.Platform * precE // its weight in pooled
				}
			}
			m.fitMean[i], m.fitPrec[i] = fitMean, fitPrec
		}
	}
	if !updateE {
		m.normaliseFitBeliefs()
	}
	// the center's national-aggregate signal: one per used practice
	for kg := 0; kg < kgN; kg++ {
		if natX[kg] <= 0 {
			continue
		}
		intensity := natI[kg] / natX[kg]
		sd := sd0 / math.Sqrt(intensity*float64(m.spy))
		y := natY[kg]/natX[kg] + sd*drawNormal(m.seed, keyNational, t, kg, 0)
		prec := 1 / (sd * sd)
		m.cPrec[kg] += prec
		m.cMean[kg] += (y - m.cMean[kg]) * prec / m.cPrec[kg]
	}
}

// pooled is the evidence the center can scale up: pilots at full weight,
// region-level reports at weight platform.
func (m *Model) pooled(kg int) (mean, prec float64) {
	w := m.p.Policy.Platform
	prec = m.pilotPrec[kg] + w*m.poolPrec[kg]
	if prec <= 0 {
		return m.natMean[kg], 0
	}
	return (m.pilotSum[kg] + w*m.poolSum[kg]) / prec, prec
}

// scaleUps adopts a practice nationally when its pooled evidence is at
// least scale_up_evidence precise and, less scale_up_confidence standard
// errors, has beaten the national standard by scale_up_threshold for
// scale_up_lag steps.
func (m *Model) scaleUps(t int) {
	pol := m.p.Policy
	K := m.K
	kgN := K * numStages
	for k := 0; k < K; k++ {
		if !m.inBox[k] {
			// not checked, so not held: a streak breaks while an event
			// keeps the instrument out of the toolbox
			clear(m.above[k*numStages : (k+1)*numStages])
			continue
		}
		for g := 0; g < numStages; g++ {
			kg := k*numStages + g
			mean, prec := m.pooled(kg)
			if prec <= 0 || prec < pol.ScaleUpEvidence || mean-pol.ScaleUpConfidence/math.Sqrt(prec) <= m.natMean[kg]*(1+pol.ScaleUpThreshold) {
				m.above[kg] = 0
				continue
			}
			m.above[kg]++
			if m.above[kg] < pol.ScaleUpLag {
				continue
			}
			// scale up: the national standard, the center's belief and
			// every official's prior move to the pooled evidence
			origin, best := -1, 0.0
			for r := 0; r < m.R; r++ {
				j := r*kgN + kg
				if m.contrib[j] > best {
					origin, best = r, m.contrib[j]
				}
				m.contrib[j] = 0
			}
			pull := m.p.Officials.ScaleUpPull
			for r := 0; r < m.R; r++ {
				j := r*kgN + kg
				m.eMean[j] += pull * (mean - m.eMean[j])
			}
			m.natMean[kg] = mean
			m.cMean[kg] = mean
			m.everScaled[kg] = true
			m.above[kg] = 0
			m.scaledAt[kg] = t
			since := math.NaN() // no pilot of this practice
			if m.firstPilot[kg] >= 0 {
				since = float64(t-m.firstPilot[kg]) / float64(m.spy)
			}
			m.st.pilotsScaled += m.pilotsOpen[kg]
			m.pilotsOpen[kg] = 0
			m.firstPilot[kg] = -1
			m.st.scaleUps++
			m.centerDocs(catScaleUp, m.p.Documents.ScaleUp)
			m.logEvent(EventRecord{Kind: "scale_up", Region: -1, Level: "center", FromRegion: origin,
				Official: -1, Instrument: m.p.Instruments[k].Name, Stage: stageNames[g],
				Value: since, Detail: "years since the first pilot of the practice since its previous scale-up (NaN: none)"})
		}
	}
}

// adoptionShares records, once a year, for each practice that has been
// scaled up, the share of regions with a sector at its stage that use it
// routinely with their own budget (pilots not counted): the diffusion
// curves. At autonomy 0 no region has an own budget to use a practice
// with, so there is no share to record (not a share of 0: after a switch
// to autonomy 0 every curve would fall to 0 by accounting, and fact E5's
// rise with it).
func (m *Model) adoptionShares(t int) {
	if (t+1)%m.spy != 0 || m.p.Policy.Autonomy <= 0 {
		return
	}
	if !slices.Contains(m.everScaled, true) {
		return
	}
	S, K := m.S, m.K
	kgN := K * numStages
	users, eligible := m.natX, m.natY // kg scratch
	clear(users)
	clear(eligible)
	// a sector uses an instrument when it gets at least half of an equal
	// split of the sector's own budget: a test of the mix, not of the
	// sector's size
	floor := 0.5 / float64(len(m.boxList))
	for r := 0; r < m.R; r++ {
		var has [numStages]bool
		var uses [numStages]uint64 // instrument bit sets (K <= MaxInstruments)
		pilot, pilotShare := int(m.pilotPair[r]), m.p.Policy.PilotShare
		for s := 0; s < S; s++ {
			i := r*S + s
			g := m.stage[i]
			has[g] = true
			row := m.share[i*K : (i+1)*K]
			sector := 0.0
			for k, x := range row {
				if i*K+k == pilot {
					x -= pilotShare // a pilot is not adoption
				}
				sector += x
			}
			if sector <= 0 {
				continue
			}
			for k, x := range row {
				if i*K+k == pilot {
					x -= pilotShare
				}
				if x >= floor*sector {
					uses[g] |= 1 << k
				}
			}
		}
		for g := 0; g < numStages; g++ {
			if !has[g] {
				continue
			}
			for k := 0; k < K; k++ {
				eligible[k*numStages+g]++
				if uses[g]&(1<<k) != 0 {
					users[k*numStages+g]++
				}
			}
		}
	}
	for kg := 0; kg < kgN; kg++ {
		if !m.everScaled[kg] || !m.inBox[kg/numStages] {
			continue
		}
		m.logEvent(EventRecord{Kind: "adoption", Region: -1, Level: "center", FromRegion: -1, Official: -1,
			Instrument: m.p.Instruments[kg/numStages].Name, Stage: stageNames[kg%numStages],
			Value: safeDiv(users[kg], eligible[kg]), Detail: "share of regions with a sector at the stage that give the practice at least half an equal split of that sector's own budget"})
	}
}

// normaliseFitBeliefs rescales each region's fit beliefs to mean 1 across
// its sectors. Fit is comparative advantage (true fit has mean 1 across a
// region's sectors), and a result identifies only effectiveness times fit:
// without the normalisation an error in beliefs about effectiveness would
// leak into every fit belief and back.
func (m *Model) normaliseFitBeliefs() {
	S := m.S
	for r := 0; r < m.R; r++ {
		row := m.fitMean[r*S : (r+1)*S]
		mean := 0.0
		for _, f := range row {
			mean += f / float64(S)
		}
		if mean <= 0 {
			continue
		}
		for s := range row {
			row[s] /= mean
		}
	}
}
