package agents

import (
	"math"
	"testing"
)

// TestCenterPortfolioIsOptimal: the center's portfolio solves the regions'
// allocation problem on national aggregates (doc.go, Center plans). It
// spends the center's part of the budgets less what its pilots take, and
// the marginal value v / (x/m + x0) is the same on every funded pair and
// no higher, v/x0, on any other, with v = price weight x complement x
// belief at the sector's national stage / cost and m = national capacity
// x cost. Everything is computed here from the model's state, after some
// steps so that stocks, stages and beliefs have moved.
func TestCenterPortfolioIsOptimal(t *testing.T) {
	p := smallParams()
	p.Policy.Autonomy = 0.5
	m := newModel(t, p, 40, 3)
	runSteps(m, 0, 30)
	m.centerPortfolio()

	pol, w := m.p.Policy, m.p.World
	budget := 0.0
	for r := range m.R {
		part := (1 - pol.Autonomy) * m.budget[r]
		if m.cPilotPair[r] >= 0 {
			part *= 1 - pol.PilotShare // what the center's pilot there takes
		}
		budget += part
	}
	stocks := 0.0
	for r := range m.R {
		stocks += (m.infra[r] + m.skills[r]) / 2 / float64(m.R)
	}
	comp := complement(stocks, w.InitialStock)

	spent, lambda, maxIdle := 0.0, math.NaN(), 0.0
	stages := map[int]bool{}
	for s := range m.S {
		// the average region's stage: national capacity over regions
		// against the regions' thresholds
		thr := m.meanK0[s] * math.Sqrt(m.capSum[s]/m.capSum0[s])
		g := Growth
		switch avg := m.capSum[s] / float64(m.R); {
		case avg < w.StageEntry*thr:
			g = Entry
		case avg > w.StageMature*thr:
			g = Mature
		}
		stages[g] = true
		weight := m.price[s]
		if pol.Priorities {
			weight *= (1 - pol.Alignment) + pol.Alignment*m.prio[s]
		}
		for _, k := range m.boxList {
			e, _ := m.centerBelief(k*numStages + g)
			c := 1.0 // the national complement of what the instrument needs
			switch p.Instruments[k].Needs {
			case "infrastructure", "skills", "network":
				c = comp
			}
			v := weight * c * max(e, m.p.Officials.EpsBelief) / m.cost[k]
			mm := m.capSum[s] * m.cost[k]
			x := m.cIntens[s*m.K+k] * mm
			spent += x
			if x <= 0 {
				maxIdle = max(maxIdle, v/w.X0)
				continue
			}
			marginal := v / (x/mm + w.X0)
			if math.IsNaN(lambda) {
				lambda = marginal
			}
			if math.Abs(marginal-lambda) > 1e-9*lambda {
				t.Errorf("sector %d, %s: marginal value %v, other funded pairs %v", s, p.Instruments[k].Name, marginal, lambda)
			}
		}
	}
	if math.Abs(spent-budget) > 1e-9*budget {
		t.Errorf("the portfolio spends %v, the center's part net of its pilots is %v", spent, budget)
	}
	if maxIdle > lambda*(1+1e-9) {
		t.Errorf("an unfunded pair's marginal value %v exceeds the funded pairs' %v", maxIdle, lambda)
	}
	if comp == 1 || len(stages) < 2 {
		t.Fatalf("the test world does not discriminate: complement %v, national stages %v", comp, stages)
	}
}

// TestCenterPilotingEveryCity: when the center's pilots take every city's
// central part (pilot_share 1 over all cities), it still pilots, and the
// provinces, which do not pilot, still spend theirs on its portfolio.
func TestCenterPilotingEveryCity(t *testing.T) {
	p := smallParams()
	p.Policy.Autonomy = 0
	p.Policy.PilotShare, p.Policy.PilotCities = 1, 1
	m := newModel(t, p, 12, 5)
	runSteps(m, 0, 8)
	pilots := 0
	for _, pair := range m.cPilotPair {
		if pair >= 0 {
			pilots++
		}
	}
	if pilots == 0 {
		t.Error("no central pilot runs")
	}
	for r := range p.World.Provinces {
		spent := 0.0
		for _, x := range m.spend[r*m.S*m.K : (r+1)*m.S*m.K] {
			spent += x
		}
		if spent <= 0 {
			t.Errorf("province %d spends nothing of its central part", r)
		}
	}
}
