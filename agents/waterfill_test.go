package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestWaterfillIsOptimal checks the first-order conditions of
// max sum_p mm_p v_p log(1 + x_p/(mm_p x0)) s.t. sum x = B on random
// problems: the budget is spent, no spend is negative, every funded pair
// has the same marginal value lambda, and no unfunded pair would be worth
// more than lambda at zero spend.
//
// Besides budgets of every size against the pairs' scale, it tries the
// corners where the closed form loses the budget in its rounding: a budget
// 1e-12 to 1e-300 of x0 sum mm (a region whose prices collapsed), and mm
// spread over 30 orders of magnitude (instrument costs from 1e-9 to 1e6),
// and a budget near the smallest normal float64 against mm up to 1e20,
// where mm/B overflows (it made the spends NaN).
func TestWaterfillIsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := &Model{p: DefaultParams(), wx: make([]float64, 100), activeBuf: make([]int32, 0, 100)}
	x0 := m.p.World.X0
	for trial := 0; trial < 2000; trial++ {
		n := 1 + rng.IntN(100)
		cs := make([]candidate, n)
		mmSD := 2.0
		if trial >= 1000 {
			mmSD = 15 // costs many orders of magnitude apart
		}
		for j := range cs {
			cs[j] = candidate{pair: j, v: math.Exp(3 * rng.NormFloat64()), mm: math.Exp(mmSD * rng.NormFloat64())}
		}
		B := math.Exp(4 * rng.NormFloat64())
		if trial >= 500 && trial < 1000 {
			sumM := 0.0
			for _, c := range cs {
				sumM += c.mm
			}
			B = x0 * sumM * math.Pow(10, -12-288*rng.Float64())
		}
		if trial >= 1500 {
			// mm/B from 1e200 to past the largest float64
			for j := range cs {
				cs[j].mm = math.Pow(10, 20*rng.Float64())
			}
			B = math.Pow(10, -307.6+107*rng.Float64())
		}
		x := m.waterfill(cs, B)
		sum := 0.0
		lambda := math.NaN()
		for j, c := range cs {
			if !(x[j] >= 0) { // NaN too
				t.Fatalf("trial %d: spend %g", trial, x[j])
			}
			sum += x[j]
			if x[j] > 0 {
				// marginal value of spend, in units of v:
				// d/dx [mm v log(1 + x/(mm x0))] = mm v / (mm x0 + x)
				mv := c.mm * c.v / (c.mm*x0 + x[j])
				if math.IsNaN(lambda) {
					lambda = mv
				} else if math.Abs(mv-lambda) > 1e-9*lambda {
					t.Fatalf("trial %d: funded pairs have marginal values %g and %g", trial, lambda, mv)
				}
			}
		}
		if !(math.Abs(sum-B) <= 1e-9*B) {
			t.Fatalf("trial %d: spent %g of budget %g", trial, sum, B)
		}
		for j, c := range cs {
			if x[j] == 0 && c.v/x0 > lambda*(1+1e-9) {
				t.Fatalf("trial %d: unfunded pair %d has marginal value %g at zero, above lambda %g", trial, j, c.v/x0, lambda)
			}
		}
	}
}
