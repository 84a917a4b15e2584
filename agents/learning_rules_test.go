package agents

import (
	"math"
	"slices"
	"testing"
)

// Learning and documents rule by rule (doc.go, Learning and Documents):
// every step's learning phase is replayed from the state just before it,
// and every step's documents from the shares before the step's decisions,
// with the documented rules written out again here. Beyond
// TestMeasurementUpdatesBeliefsByItsRule (one measurement, one regime),
// TestScaleUpFollowsItsRule (pools set by hand) and the identities (which
// check echoes against the ring), it follows whole runs in several regimes:
// the pools' decay every step before the year's reports, which pairs
// report (funded in the year, pilot status at the year's end, routine
// reports pooled only on a platform), the alternating updates, the
// center's national signal, the scale-up counter kept here from step 0
// (so a scale-up one step early or late shows), each scale-up's effect on
// every official, the standard and the center, its origin from
// contributions kept here since the practice's last scale-up, and the
// documents of each step by level and category: the regions' measures
// (isMeasure written out again), their echoes from this test's own
// history of documents and echo lags, and the center's framework,
// regulatory, scale-up and measure documents.

// learnRun keeps what the replay tracks from step 0 on its own.
type learnRun struct {
	above   []int
	contrib []float64
	// documents issued per step: by region and category, the center's, and
	// the echo_lag in force at that step
	regDocs [][]float64
	cenDocs [][]float64
	lag     []int
	tally   struct{ reports, pilotReports, effYears, fitYears, scaleUps, echoes, measures, centerMeasures int }
}

type preLearn struct {
	eMean, ePrec, fitMean, fitPrec         []float64
	poolSum, poolPrec, pilotSum, pilotPrec []float64
	cMean, cPrec, natMean, yearSpend, capK []float64
	pilotPair, cPilotPair                  []int32
	stage                                  []int8
}

func snapLearn(m *Model) preLearn {
	c := slices.Clone[[]float64]
	return preLearn{
		eMean: c(m.eMean), ePrec: c(m.ePrec), fitMean: c(m.fitMean), fitPrec: c(m.fitPrec),
		poolSum: c(m.poolSum), poolPrec: c(m.poolPrec), pilotSum: c(m.pilotSum), pilotPrec: c(m.pilotPrec),
		cMean: c(m.cMean), cPrec: c(m.cPrec), natMean: c(m.natMean), yearSpend: c(m.yearSpend), capK: c(m.capK),
		pilotPair: slices.Clone(m.pilotPair), cPilotPair: slices.Clone(m.cPilotPair), stage: slices.Clone(m.stage),
	}
}

func learnNear(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*max(1, math.Abs(b))
}

// docIsMeasure is doc.go's measure: a pair whose share reaches min_share
// from below it or, staying at or above it, moves by more than
// change_threshold of its old share; a measure is funded.
func docIsMeasure(a, b float64, d Documents) bool {
	if !(b > 0) || b < d.MinShare {
		return false
	}
	return a < d.MinShare || math.Abs(b-a) > d.ChangeThreshold*a
}

// replayLearn checks step's learning phase of m from b.
func replayLearn(t *testing.T, m *Model, b preLearn, step int, lr *learnRun) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("step %d: "+format, append([]any{step}, args...)...)
	}
	p := m.p
	pol, w := p.Policy, p.World
	R, S, K := m.R, m.S, m.K
	kgN := K * numStages
	spy := float64(m.spy)
	c := slices.Clone[[]float64]
	// the pools decay, every step, before the year's reports
	keep := 1 - pol.PoolDecay
	poolSum, poolPrec, pilotSum, pilotPrec := c(b.poolSum), c(b.poolPrec), c(b.pilotSum), c(b.pilotPrec)
	for kg := 0; kg < kgN; kg++ {
		poolSum[kg] *= keep
		poolPrec[kg] *= keep
		pilotSum[kg] *= keep
		pilotPrec[kg] *= keep
	}
	eMean, ePrec, fitMean, fitPrec := c(b.eMean), c(b.ePrec), c(b.fitMean), c(b.fitPrec)
	cMean, cPrec, natMean := c(b.cMean), c(b.cPrec), c(b.natMean)
	if (step+1)%m.spy == 0 {
		year := (step + 1) / m.spy
		effYear := year%2 == 1
		if effYear {
			lr.tally.effYears++
		} else {
			lr.tally.fitYears++
		}
		// the platform's evidence before the year's reports (decayed)
		platS, platP := make([]float64, kgN), make([]float64, kgN)
		if pol.Platform > 0 {
			for kg := range platS {
				platS[kg] = pol.Platform * (poolSum[kg] + pilotSum[kg])
				platP[kg] = pol.Platform * (poolPrec[kg] + pilotPrec[kg])
			}
		}
		natX, natY, natI := make([]float64, kgN), make([]float64, kgN), make([]float64, kgN)
		noise := stream(m.seed, keyMeasure, step)
		for r := 0; r < R; r++ {
			for s := 0; s < S; s++ {
				i := r*S + s
				g := int(b.stage[i])
				for k := 0; k < K; k++ {
					pair := i*K + k
					x := b.yearSpend[pair] / spy
					if x <= 0 {
						continue
					}
					kg := k*numStages + g
					intensity := x / (b.capK[i] * w.X0 * p.Instruments[k].Cost)
					if !(intensity <= 1e100) {
						continue
					}
					pilot := int(b.pilotPair[r]) == pair || int(b.cPilotPair[r]) == pair
					prec := spy * intensity / (pol.MetricNoise * pol.MetricNoise)
					truth := m.eTrue[kg] * m.fit[i]
					y := truth
					if pilot {
						prec *= pol.PilotClarity * pol.PilotClarity
						y *= 1 + pol.PilotBias
						lr.tally.pilotReports++
					}
					lr.tally.reports++
					y += normalIn(noise, r, s*K+k) / math.Sqrt(prec)
					natX[kg] += x
					natY[kg] += x * truth
					natI[kg] += x * intensity
					// the fit belief the signal is read with: the sector's
					// before the year's reports, whatever the order of its
					// instruments
					f := max(b.fitMean[i], 0.05)
					z, pe := y/f, f*f*prec
					j := r*kgN + kg
					if effYear {
						ePrec[j] += pe
						eMean[j] += (z - eMean[j]) * pe / ePrec[j]
					} else {
						e := b.eMean[j]
						if platP[kg] > 0 {
							// the pooled mean weighs at most platform*platform_cap
							// times his own precision
							u := min(platP[kg], pol.Platform*pol.PlatformCap*b.ePrec[j])
							e = (b.eMean[j]*b.ePrec[j] + u*platS[kg]/platP[kg]) / (b.ePrec[j] + u)
						}
						e = max(e, p.Officials.EpsBelief)
						pf := e * e * prec
						fitPrec[i] += pf
						fitMean[i] += (y/e - fitMean[i]) * pf / fitPrec[i]
					}
					switch {
					case pilot:
						pilotSum[kg] += pe * z
						pilotPrec[kg] += pe
						lr.contrib[j] += pe
					case pol.Platform > 0:
						poolSum[kg] += pe * z
						poolPrec[kg] += pe
						lr.contrib[j] += pol.Platform * pe
					}
				}
			}
			if !effYear {
				mean := 0.0
				for s := 0; s < S; s++ {
					mean += fitMean[r*S+s] / float64(S)
				}
				if mean > 0 {
					for s := 0; s < S; s++ {
						fitMean[r*S+s] /= mean
					}
				}
			}
		}
		for kg := 0; kg < kgN; kg++ {
			if natX[kg] > 0 {
				sd := pol.MetricNoise / math.Sqrt(spy*natI[kg]/natX[kg])
				y := natY[kg]/natX[kg] + sd*drawNormal(m.seed, keyNational, step, kg, 0)
				cPrec[kg] += 1 / (sd * sd)
				cMean[kg] += (y - cMean[kg]) / (sd * sd) / cPrec[kg]
			}
		}
		for j, v := range m.yearSpend {
			if v != 0 {
				fail("pair %d: year's spending %g left after the measurement", j, v)
			}
		}
	}
	// scale-ups, checked every step over the toolbox's practices
	box := make([]bool, K)
	for k, in := range p.Instruments {
		box[k] = len(pol.Toolbox) == 0 || slices.Contains(pol.Toolbox, in.Name)
	}
	type su struct {
		instrument, stage string
		origin            int
	}
	var want []su
	for k := 0; k < K; k++ {
		if !box[k] {
			lr.above[k*numStages], lr.above[k*numStages+1], lr.above[k*numStages+2] = 0, 0, 0
			continue
		}
		for g := 0; g < numStages; g++ {
			kg := k*numStages + g
			prec := pilotPrec[kg] + pol.Platform*poolPrec[kg]
			if !(prec > 0 && prec >= pol.ScaleUpEvidence) {
				lr.above[kg] = 0
				continue
			}
			mean := (pilotSum[kg] + pol.Platform*poolSum[kg]) / prec
			if mean-pol.ScaleUpConfidence/math.Sqrt(prec) <= natMean[kg]*(1+pol.ScaleUpThreshold) {
				lr.above[kg] = 0
				continue
			}
			lr.above[kg]++
			if lr.above[kg] < pol.ScaleUpLag {
				continue
			}
			lr.above[kg] = 0
			origin, best := -1, 0.0
			for r := 0; r < R; r++ {
				if v := lr.contrib[r*kgN+kg]; v > best {
					origin, best = r, v
				}
				lr.contrib[r*kgN+kg] = 0
			}
			for r := 0; r < R; r++ {
				j := r*kgN + kg
				eMean[j] += p.Officials.ScaleUpPull * (mean - eMean[j])
			}
			natMean[kg], cMean[kg] = mean, mean
			want = append(want, su{p.Instruments[k].Name, stageNames[g], origin})
		}
	}
	var got []su
	for _, e := range m.StepEvents() {
		if e.Kind == "scale_up" {
			got = append(got, su{e.Instrument, e.Stage, e.FromRegion})
		}
	}
	if !slices.Equal(got, want) {
		fail("scale-ups %+v, want %+v", got, want)
	}
	lr.tally.scaleUps += len(want)
	for _, v := range []struct {
		name      string
		got, want []float64
	}{
		{"effectiveness belief", m.eMean, eMean}, {"its precision", m.ePrec, ePrec},
		{"fit belief", m.fitMean, fitMean}, {"its precision", m.fitPrec, fitPrec},
		{"pooled routine evidence", m.poolSum, poolSum}, {"its precision", m.poolPrec, poolPrec},
		{"pilot evidence", m.pilotSum, pilotSum}, {"its precision", m.pilotPrec, pilotPrec},
		{"center's belief", m.cMean, cMean}, {"its precision", m.cPrec, cPrec},
		{"national standard", m.natMean, natMean},
	} {
		for j := range v.want {
			if !learnNear(v.got[j], v.want[j]) {
				fail("%s %d: %g after learning, want %g", v.name, j, v.got[j], v.want[j])
			}
		}
	}
}

// replayDocs checks step's documents, by region, level and category, from
// the own shares and the center's portfolio before the step's decisions.
func replayDocs(t *testing.T, m *Model, oldShare, oldC []float64, nCapped, scaleUps int, step int, lr *learnRun) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("step %d: "+format, append([]any{step}, args...)...)
	}
	p := m.p
	d, pol := p.Documents, p.Policy
	R, S, K := m.R, m.S, m.K
	nc := len(categories)
	cat := func(k int) int { return slices.Index(categories, p.Instruments[k].Category) }
	// the center: framework documents at a plan, one regulatory per capped
	// sector, scale-ups, and its portfolio's new or changed measures
	cen := make([]float64, nc)
	if pol.Priorities && step%(pol.PlanCycle*m.spy) == 0 {
		n := 0
		for _, v := range m.prio {
			if v > 1 {
				n++
			}
		}
		cen[catFramework] += d.Framework * float64(n)
	}
	cen[catCoordination] += d.Regulatory * float64(nCapped)
	cen[catScaleUp] += d.ScaleUp * float64(scaleUps)
	reviewed := pol.Autonomy < 1 && (step > 0 && step%pol.CenterReview == 0 || step == m.switchedAt)
	if reviewed && d.CenterMeasure > 0 {
		for i, v := range m.cShare {
			if docIsMeasure(oldC[i], v, d) {
				cen[cat(i%K)] += d.CenterMeasure
				lr.tally.centerMeasures++
			}
		}
	}
	// regions: own measures of those who decided, plus echoes of their
	// source's documents of the steps whose lag ends now
	reg := make([]float64, R*nc)
	for r := 0; r < R; r++ {
		decided := step == m.switchedAt || pol.Autonomy > 0 && (step+m.review[r])%pol.ReviewInterval == 0
		rate := d.MeasureRate
		echo := d.ProvinceEcho
		switch m.level[r] {
		case LevelCity:
			echo = d.CityEcho
		case LevelCounty:
			rate, echo = d.CountyMeasure, d.CountyEcho
		}
		if pol.PromotionBasis == "reports" {
			rate *= 1 + d.ReportsBoost
		}
		if decided {
			for j := 0; j < S*K; j++ {
				a, bb := oldShare[r*S*K+j], m.share[r*S*K+j]
				if docIsMeasure(a, bb, d) {
					reg[r*nc+cat(j%K)] += rate
					lr.tally.measures++
				}
			}
		}
		for src := 0; src < step; src++ {
			if src+lr.lag[src] != step {
				continue
			}
			from := lr.cenDocs[src]
			if m.level[r] != LevelProvince {
				from = lr.regDocs[src][int(m.parent[r])*nc : (int(m.parent[r])+1)*nc]
			}
			for c, v := range from {
				reg[r*nc+c] += echo * v
				if echo*v > 0 {
					lr.tally.echoes++
				}
			}
		}
	}
	// echoes of this step's own documents (echo_lag 0) come after them
	if lr.lag[step] == 0 {
		for r := 0; r < R; r++ { // parents come before their children
			echo, from := d.ProvinceEcho, cen
			switch m.level[r] {
			case LevelCity:
				echo, from = d.CityEcho, reg[int(m.parent[r])*nc:(int(m.parent[r])+1)*nc]
			case LevelCounty:
				echo, from = d.CountyEcho, reg[int(m.parent[r])*nc:(int(m.parent[r])+1)*nc]
			}
			for c, v := range from {
				reg[r*nc+c] += echo * v
				if echo*v > 0 {
					lr.tally.echoes++
				}
			}
		}
	}
	lr.regDocs = append(lr.regDocs, reg)
	lr.cenDocs = append(lr.cenDocs, cen)
	var byLevel [4][]float64
	for l := range byLevel {
		byLevel[l] = make([]float64, nc)
	}
	copy(byLevel[LevelCenter], cen)
	for r := 0; r < R; r++ {
		for c := 0; c < nc; c++ {
			byLevel[m.level[r]][c] += reg[r*nc+c]
		}
	}
	for l := range byLevel {
		for c := 0; c < nc; c++ {
			if !learnNear(m.docStep[l][c], byLevel[l][c]) {
				fail("%s documents of category %s: %g, want %g", levelNames[l], categories[c], m.docStep[l][c], byLevel[l][c])
			}
		}
	}
}

type learnCase struct {
	name  string
	set   func(p *Params)
	evs   []Event
	check func(t *testing.T, lr *learnRun)
}

func learnCases() []learnCase {
	needScale := func(t *testing.T, lr *learnRun) {
		if lr.tally.scaleUps == 0 || lr.tally.pilotReports == 0 {
			t.Errorf("%+v: the case needs scale-ups and pilots", lr.tally)
		}
	}
	return []learnCase{
		{"coordinated_autonomy", func(p *Params) {
			p.Policy.ScaleUpEvidence, p.Policy.ScaleUpLag = 5, 2
		}, nil, needScale},
		{"centralized", func(p *Params) {
			p.Policy.Autonomy, p.Policy.Platform, p.Policy.PilotShare = 0, 0, 0.1
			p.Policy.PilotCities, p.Policy.ScaleUpEvidence, p.Policy.ScaleUpLag = 0.5, 2, 1
			p.Policy.ReviewInterval = 20
		}, nil, func(t *testing.T, lr *learnRun) {
			if lr.tally.centerMeasures == 0 || lr.tally.pilotReports == 0 {
				t.Errorf("%+v: the case needs central measures and central pilots", lr.tally)
			}
		}},
		{"laissez_faire_no_platform", func(p *Params) {
			p.Policy.Autonomy, p.Policy.Platform, p.Policy.Priorities, p.Policy.Coordination = 1, 0, false, false
			p.Policy.Alignment, p.Policy.ScaleUpEvidence, p.Policy.ScaleUpLag = 0, 2, 1
		}, nil, needScale},
		{"counties_echo_lag_0", func(p *Params) {
			p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 2, 2
			p.Documents.EchoLag, p.Policy.PromotionBasis = 0, "reports"
			p.Policy.ScaleUpEvidence, p.Policy.ScaleUpLag = 5, 2
		}, nil, func(t *testing.T, lr *learnRun) {
			if lr.tally.echoes == 0 || lr.tally.measures == 0 {
				t.Errorf("%+v: the case needs echoes and measures", lr.tally)
			}
		}},
		{"switch", func(p *Params) {
			p.Policy.ScaleUpEvidence, p.Policy.ScaleUpLag = 5, 2
		}, []Event{{Step: 13, Params: func() *Params {
			q := DefaultParams()
			q.World.Provinces, q.World.CitiesPerProvince = 3, 4
			q.Policy.Autonomy, q.Policy.Platform, q.Policy.PoolDecay = 0.3, 1, 0.1
			q.Policy.ScaleUpEvidence, q.Policy.ScaleUpLag = 3, 1
			q.Officials.ScaleUpPull = 0.8
			q.Policy.Toolbox = []string{"subsidy", "tax_incentive", "land", "infrastructure", "training", "rd_support"}
			q.Documents.EchoLag, q.Documents.CenterMeasure = 3, 1
			return &q
		}()}}, needScale},
	}
}

// TestLearningAndDocumentsReplay replays every step's learning phase and
// documents in five regimes (coordinated autonomy, centralized with
// central pilots, laissez-faire without a platform, counties with echo_lag
// 0 under promotion on reports, a mid-run switch of autonomy, platform,
// pool_decay, scale-up rules, toolbox and echo_lag).
func TestLearningAndDocumentsReplay(t *testing.T) {
	const steps = 32
	for _, tc := range learnCases() {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultParams()
			p.World.Provinces, p.World.CitiesPerProvince = 3, 4
			tc.set(&p)
			m := newModelEv(t, p, steps, 7, tc.evs)
			twin := newModelEv(t, p, steps, 7, tc.evs)
			kgN := m.K * numStages
			lr := &learnRun{above: make([]int, kgN), contrib: make([]float64, m.R*kgN)}
			for step := 0; step < steps; step++ {
				runPhases(m, step, "", "center")
				lr.lag = append(lr.lag, m.p.Documents.EchoLag)
				oldShare, oldC := slices.Clone(m.share), slices.Clone(m.cShare)
				runPhases(m, step, "center", "decide")
				nCapped := m.st.capped
				runPhases(m, step, "decide", "learn")
				b := snapLearn(m)
				runPhases(m, step, "learn", "documents")
				replayLearn(t, m, b, step, lr)
				runPhases(m, step, "documents", "careers")
				replayDocs(t, m, oldShare, oldC, nCapped, m.st.scaleUps, step, lr)
				runPhases(m, step, "careers", "")
				twin.Step(step)
			}
			if !slices.Equal(m.eMean, twin.eMean) || !slices.Equal(m.capK, twin.capK) || !slices.Equal(m.poolSum, twin.poolSum) {
				t.Fatalf("the split step is not Step")
			}
			tc.check(t, lr)
			t.Logf("%+v", lr.tally)
		})
	}
}

// A report's signal is y/f with precision f^2 prec, f the sector's fit
// belief before the year's reports. In a fit year measure read the fit
// belief as the sector's earlier instruments' reports of the year had
// moved it, so what a pair reported to the pools depended on the order of
// the instruments and on the others' results.
func TestFitYearReportsIgnoreTheSectorsOtherReports(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 4
	p.Policy.Platform = 1
	const tFit = 7 // year 2: a fit year
	a, b := newModel(t, p, 40, 5), newModel(t, p, 40, 5)
	runSteps(a, 0, tFit)
	runSteps(b, 0, tFit)
	K, S := a.K, a.S
	kgN := K * numStages
	// a region-sector with two funded pairs: k1 before k2
	r, s, k1, k2 := -1, -1, -1, -1
	for i := 0; i < a.R*S && r < 0; i++ {
		var ks []int
		for k := 0; k < K; k++ {
			if a.yearSpend[i*K+k] > 0 {
				ks = append(ks, k)
			}
		}
		if len(ks) >= 2 {
			r, s, k1, k2 = i/S, i%S, ks[0], ks[len(ks)-1]
		}
	}
	if r < 0 {
		t.Fatal("no sector with two funded pairs")
	}
	i := r*S + s
	b.yearSpend[i*K+k1] = 0 // k1 does not report in b
	kg2 := k2*numStages + int(a.stage[i])
	before := a.contrib[r*kgN+kg2]
	a.measure(tFit)
	b.measure(tFit)
	ga, gb := a.contrib[r*kgN+kg2]-before, b.contrib[r*kgN+kg2]-before
	if math.Abs(ga-gb) > 1e-12*math.Abs(ga) {
		t.Errorf("region %d sector %d: the evidence instrument %s reports in a fit year is %.6g with instrument %s's report of the year, %.6g without it (%.2f%%)",
			r, s, p.Instruments[k2].Name, ga, p.Instruments[k1].Name, gb, 100*(ga/gb-1))
	}
}
