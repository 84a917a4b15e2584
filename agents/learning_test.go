package agents

import (
	"math"
	"slices"
	"testing"
)

// The origin of a scale-up is the region that contributed most of the
// evidence the scale-up rests on: pooled(kg), which counts pilots at full
// weight and routine reports at weight platform. What the regions are
// credited with must add up to that evidence.
func TestContributionsAddUpToThePooledEvidence(t *testing.T) {
	p := smallParams()
	p.Policy.Platform = 0.25
	p.Policy.PoolDecay = 0           // nothing fades: contributions and pools comparable
	p.Policy.ScaleUpEvidence = 1e300 // no scale-up resets the contributions
	m := newModel(t, p, 40, 3)
	runSteps(m, 0, 40)
	kgN := m.K * numStages
	checked := 0
	for kg := 0; kg < kgN; kg++ {
		sum := 0.0
		for r := 0; r < m.R; r++ {
			sum += m.contrib[r*kgN+kg]
		}
		_, prec := m.pooled(kg)
		if m.poolPrec[kg] <= 0 {
			continue
		}
		checked++
		if math.Abs(sum-prec) > 1e-9*prec {
			t.Errorf("practice %d: regions credited with %g of evidence, the pooled evidence has precision %g (pilots %g, routine %g at weight %g)",
				kg, sum, prec, m.pilotPrec[kg], m.poolPrec[kg], p.Policy.Platform)
		}
	}
	if checked == 0 {
		t.Fatal("nothing pooled")
	}
}

// A region's fit beliefs in a fit year must not depend on the order in
// which regions report: region 0's results of the year must not reach the
// effectiveness beliefs the later regions divide their results by.
func TestFitUpdateIgnoresOtherRegionsReportsOfTheSameYear(t *testing.T) {
	p := smallParams()
	p.Policy.Platform = 1
	const tFit = 7 // year 2: a fit year
	a, b := newModel(t, p, 40, 5), newModel(t, p, 40, 5)
	runSteps(a, 0, tFit)
	runSteps(b, 0, tFit)
	if a.yearMask[0] == 0 && a.yearMask[1] == 0 {
		t.Fatal("region 0 funded nothing")
	}
	for s := 0; s < b.S; s++ {
		b.yearMask[s] = 0 // region 0 reports nothing this year
	}
	a.measure(tFit)
	b.measure(tFit)
	for i := b.S; i < b.R*b.S; i++ {
		if a.fitMean[i] != b.fitMean[i] {
			t.Fatalf("region %d sector %d: fit belief %g with region 0's reports of the year, %g without",
				i/b.S, i%b.S, a.fitMean[i], b.fitMean[i])
		}
	}
}

// The year's measurement (learn.go, doc.go's Learning): every pair funded
// in the year yields e*fit plus noise of precision steps_per_year *
// intensity / metric_noise^2, intensity its mean spending per step per
// unit of capacity, cost and x0; a pilot's precision is pilot_clarity^2
// times that and its result inflated by pilot_bias. In odd years the
// official divides by his fit belief and updates his effectiveness
// belief; in even years the region divides by the official's working
// belief and updates its fit belief, then renormalises its fit beliefs to
// mean 1; pilots' results reach the center, routine ones the platform.
// The center gets one national signal per practice, the spend-weighted
// mean of e*fit at the precision of one report at the spend-weighted mean
// intensity. Everything is recomputed here from the state before the
// measurement and compared with the model's update.
func TestMeasurementUpdatesBeliefsByItsRule(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    int
	}{{"effectiveness year", 3}, {"fit year", 7}} {
		t.Run(tc.name, func(t *testing.T) {
			p := smallParams()
			p.Policy.Platform, p.Policy.PilotShare, p.Policy.PilotCities = 0.5, 0.2, 1
			p.Policy.Autonomy = 0.7
			m := newModel(t, p, 40, 6)
			runSteps(m, 0, tc.t)
			R, S, K := m.R, m.S, m.K
			kgN := K * numStages
			pol, w := p.Policy, p.World
			spy := float64(m.spy)
			c := slices.Clone[[]float64]
			eMean, ePrec, fitMean, fitPrec := c(m.eMean), c(m.ePrec), c(m.fitMean), c(m.fitPrec)
			poolSum, poolPrec, pilotSum, pilotPrec := c(m.poolSum), c(m.poolPrec), c(m.pilotSum), c(m.pilotPrec)
			cMean, cPrec := c(m.cMean), c(m.cPrec)
			natX, natY, natI := make([]float64, kgN), make([]float64, kgN), make([]float64, kgN)
			effYear := (tc.t+1)/m.spy%2 == 1
			pilots := 0
			for r := 0; r < R; r++ {
				// the working beliefs at the year's start, for the fit
				working := make([]float64, kgN)
				for kg := range working {
					j := r*kgN + kg
					pool := m.poolPrec[kg] + m.pilotPrec[kg]
					u := min(pol.Platform*pool, pol.Platform*pol.PlatformCap*ePrec[j]) // the pull, capped
					b := (eMean[j]*ePrec[j] + u*(m.poolSum[kg]+m.pilotSum[kg])/pool) / (ePrec[j] + u)
					working[kg] = max(b, p.Officials.EpsBelief)
				}
				for s := 0; s < S; s++ {
					i := r*S + s
					g := int(m.stage[i])
					for k := 0; k < K; k++ {
						pair := i*K + k
						x := m.yearSpend[pair] / spy
						if x <= 0 {
							continue
						}
						kg := k*numStages + g
						intensity := x / (m.capK[i] * w.X0 * p.Instruments[k].Cost)
						prec := spy * intensity / (pol.MetricNoise * pol.MetricNoise)
						truth := m.eTrue[kg] * m.fit[i]
						y := truth
						pilot := int(m.pilotPair[r]) == pair || int(m.cPilotPair[r]) == pair
						if pilot {
							prec *= pol.PilotClarity * pol.PilotClarity
							y *= 1 + pol.PilotBias
							pilots++
						}
						y += normalIn(stream(m.seed, keyMeasure, tc.t), r, s*K+k) / math.Sqrt(prec)
						natX[kg] += x
						natY[kg] += x * truth
						natI[kg] += x * intensity
						fm := max(m.fitMean[i], 0.05) // the sector's before the year's reports
						z, pe := y/fm, fm*fm*prec
						j := r*kgN + kg
						if effYear {
							ePrec[j] += pe
							eMean[j] += (z - eMean[j]) * pe / ePrec[j]
						} else {
							e := working[kg]
							pf := e * e * prec
							fitPrec[i] += pf
							fitMean[i] += (y/e - fitMean[i]) * pf / fitPrec[i]
						}
						if pilot {
							pilotSum[kg] += pe * z
							pilotPrec[kg] += pe
						} else {
							poolSum[kg] += pe * z
							poolPrec[kg] += pe
						}
					}
				}
				if !effYear {
					mean := 0.0
					for s := 0; s < S; s++ {
						mean += fitMean[r*S+s] / float64(S)
					}
					for s := 0; s < S; s++ {
						fitMean[r*S+s] /= mean
					}
				}
			}
			for kg := 0; kg < kgN; kg++ {
				if natX[kg] > 0 {
					sd := pol.MetricNoise / math.Sqrt(spy*natI[kg]/natX[kg])
					y := natY[kg]/natX[kg] + sd*drawNormal(m.seed, keyNational, tc.t, kg, 0)
					cPrec[kg] += 1 / (sd * sd)
					cMean[kg] += (y - cMean[kg]) / (sd * sd) / cPrec[kg]
				}
			}
			if pilots == 0 {
				t.Fatal("no pilot measured: the test needs one")
			}
			m.measure(tc.t)
			for _, v := range []struct {
				name      string
				got, want []float64
			}{
				{"effectiveness belief", m.eMean, eMean}, {"its precision", m.ePrec, ePrec},
				{"fit belief", m.fitMean, fitMean}, {"its precision", m.fitPrec, fitPrec},
				{"pooled evidence", m.poolSum, poolSum}, {"its precision", m.poolPrec, poolPrec},
				{"pilot evidence", m.pilotSum, pilotSum}, {"its precision", m.pilotPrec, pilotPrec},
				{"center's belief", m.cMean, cMean}, {"its precision", m.cPrec, cPrec},
			} {
				for j := range v.want {
					if d := math.Abs(v.got[j] - v.want[j]); d > 1e-9*max(1, math.Abs(v.want[j])) {
						t.Fatalf("%s %d: %g after the measurement, want %g", v.name, j, v.got[j], v.want[j])
					}
				}
			}
		})
	}
}

// A scale-up (learn.go, doc.go's Learning): a practice whose pooled
// evidence (pilots at full weight, routine reports at weight platform) is
// at least scale_up_evidence precise and whose mean less
// scale_up_confidence standard errors beats the national standard by
// scale_up_threshold for scale_up_lag steps running is adopted: the
// standard moves to the pooled mean, every official's belief moves
// scale_up_pull of the way to it, the region that contributed most
// evidence since the last scale-up is its origin, and the event's value
// is the years since the practice's first pilot since then (NaN: none).
// The pooled evidence is set by hand; scaleUps is called step by step.
func TestScaleUpFollowsItsRule(t *testing.T) {
	p := smallParams()
	pol := &p.Policy
	pol.Platform, pol.ScaleUpLag, pol.ScaleUpThreshold, pol.ScaleUpConfidence, pol.ScaleUpEvidence = 0.5, 3, 0.15, 2, 10
	p.Officials.ScaleUpPull = 0.4
	m := newModel(t, p, 40, 2)
	K, kgN := m.K, m.K*numStages
	kgOf := func(name string) int { return instrumentIndex(t, p, name)*numStages + Growth }
	good, unsure, thin := kgOf("training"), kgOf("rd_support"), kgOf("cluster")
	clear(m.poolSum)
	clear(m.poolPrec)
	clear(m.pilotSum)
	clear(m.pilotPrec)
	clear(m.contrib)
	// pooled evidence: good beats 0.4*1.15 by far; unsure's mean does,
	// not less two standard errors; thin's evidence is too imprecise
	set := func(kg int, mean, prec float64) {
		m.pilotSum[kg], m.pilotPrec[kg] = mean*prec/2, prec/2
		m.poolSum[kg], m.poolPrec[kg] = mean*prec, prec // weight 0.5
	}
	set(good, 1, 100)
	set(unsure, 0.55, 100)
	set(thin, 2, 5)
	// one pilot of the practice, at step 2
	pair := -1
	for i, g := range m.stage {
		if g == Growth {
			pair = i*K + good/numStages
			break
		}
	}
	m.firstPilot[good], m.pilotsOpen[good] = -1, 0
	m.t = 2
	m.startPilot(pair/K/m.S, pair, "official")
	m.contrib[3*kgN+good], m.contrib[5*kgN+good] = 5, 2
	scaled := func(from, to int) []EventRecord {
		var out []EventRecord
		for step := from; step < to; step++ {
			m.t = step
			m.stepEvents = m.stepEvents[:0]
			m.scaleUps(step)
			for _, e := range m.StepEvents() {
				e.Step = step
				out = append(out, e)
			}
		}
		return out
	}
	before := slices.Clone(m.eMean)
	never := m.mPilotNeverScaled()
	ev := scaled(10, 13)
	if len(ev) != 1 || ev[0].Instrument != "training" || ev[0].Step != 12 {
		t.Fatalf("scale-ups %+v, want training alone at step 12 (the third step above)", ev)
	}
	if ev[0].FromRegion != 3 || ev[0].Value != (12.0-2)/4 {
		t.Errorf("origin %d, %g years since the first pilot; want region 3, 2.5 years", ev[0].FromRegion, ev[0].Value)
	}
	for r := 0; r < m.R; r++ {
		j := r*kgN + good
		if want := before[j] + 0.4*(1-before[j]); math.Abs(m.eMean[j]-want) > 1e-12 {
			t.Fatalf("region %d: belief %g after the scale-up, want %g (pull 0.4 to 1)", r, m.eMean[j], want)
		}
	}
	if m.natMean[good] != 1 {
		t.Errorf("national standard %g after the scale-up, want the pooled mean 1", m.natMean[good])
	}
	scaledShare := never - m.mPilotNeverScaled()
	// a second scale-up of the practice, on new evidence from region 4
	// alone, without a pilot since the first
	set(good, 2, 100)
	m.contrib[4*kgN+good] = 1
	ev = scaled(13, 16)
	if len(ev) != 1 || ev[0].Step != 15 || ev[0].FromRegion != 4 || !math.IsNaN(ev[0].Value) {
		t.Fatalf("second scale-ups %+v, want one at step 15 from region 4, NaN years (no pilot since the first)", ev)
	}
	if got := never - m.mPilotNeverScaled(); math.Abs(got-scaledShare) > 1e-12 {
		t.Errorf("the second scale-up changed the share of pilots never scaled up by %g, want 0 (no pilot since the first, counted then: %g)", got-scaledShare, scaledShare)
	}
}

// The yearly adoption share of a scaled-up practice (events "adoption",
// fact E5) is the share of regions with a sector at its stage in which
// some such sector gives the instrument at least half an equal split of
// the sector's own budget, the split being over the instruments the
// toolbox allows; a pilot is not adoption, so the pilot's share is taken
// out of its pair and of its sector's budget. Recomputed from the regions'
// shares, stages and pilots under a reduced toolbox, with pilots; two of
// the toolbox's instruments are marked scaled up at every stage from the
// start (it keeps them out of pilots too, as a scale-up does), and before
// each year's last step the practices of the running pilots are marked
// too: a scale-up while pilots of the practice run, which go on until
// their regions next decide, so some are still running at the year's end.
func TestAdoptionSharesFollowTheirRule(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 5
	p.Policy.Toolbox = []string{"subsidy", "tax_incentive", "land", "infrastructure", "training", "rd_support"}
	p.Policy.PilotShare = 0.2
	p.Policy.ScaleUpEvidence = 1e12 // no scale-up of its own
	const steps = 24
	m := newModel(t, p, steps, 1)
	S, K := m.S, m.K
	for _, name := range []string{"subsidy", "land"} {
		for g := 0; g < numStages; g++ {
			m.everScaled[instrumentIndex(t, p, name)*numStages+g] = true
		}
	}
	floor := 0.5 / float64(len(p.Policy.Toolbox))
	points, piloted, pilotScaled := 0, 0, 0
	for step := 0; step < steps; step++ {
		if (step+1)%m.spy == 0 {
			for r := 0; r < m.R; r++ {
				if pair := int(m.pilotPair[r]); pair >= 0 {
					m.everScaled[pair%K*numStages+int(m.stage[pair/K])] = true
				}
			}
		}
		m.Step(step)
		for _, e := range m.StepEvents() {
			if e.Kind != "adoption" {
				continue
			}
			points++
			k, g := instrumentIndex(t, p, e.Instrument), int8(stageIndex(e.Stage))
			users, eligible := 0.0, 0.0
			for r := 0; r < m.R; r++ {
				has, uses := false, false
				for s := 0; s < S; s++ {
					i := r*S + s
					if m.stage[i] != g {
						continue
					}
					has = true
					row := slices.Clone(m.share[i*K : (i+1)*K])
					if pair := int(m.pilotPair[r]); pair >= 0 && pair/K == i { // -1 (none) / K is 0 in Go
						row[pair%K] -= p.Policy.PilotShare
						piloted++
						if pair%K == k {
							pilotScaled++
						}
					}
					sector := 0.0
					for _, x := range row {
						sector += x
					}
					uses = uses || sector > 0 && row[k] >= floor*sector
				}
				if has {
					eligible++
				}
				if uses {
					users++
				}
			}
			if want := users / eligible; math.Abs(e.Value-want) > 1e-12 {
				t.Errorf("step %d: adoption share of %s/%s %g, want %g (%g of %g regions)", step, e.Instrument, e.Stage, e.Value, want, users, eligible)
			}
		}
	}
	if points == 0 || piloted == 0 || pilotScaled == 0 {
		t.Fatalf("%d adoption points, %d sectors with a pilot in them, %d of the practice's own instrument; the test needs each", points, piloted, pilotScaled)
	}
}
