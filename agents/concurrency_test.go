package agents

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// TestConcurrentRunsShareInputs: doc.go promises that New and Simulate
// never modify their Params or Events, so concurrent runs may share them,
// and that a run's results depend only on its inputs, not on the
// goroutine that ran it (run this test with -race).
func TestConcurrentRunsShareInputs(t *testing.T) {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 2
	q := p.Clone()
	q.Policy.Autonomy = 0.3
	q.Sectors[0].Priority = 2
	events := []Event{{Step: 3, Params: &q, Shocks: []Shock{{Sector: p.Sectors[1].Name, Demand: 0.2}}, Label: "switch"}}
	s := sim.Settings{Steps: 8, StepsPerYear: 4, StartYear: 2000}
	p0, q0 := p.Clone(), q.Clone()

	want, err := Simulate(context.Background(), p, events, s, 5, Options{Panel: true})
	if err != nil {
		t.Fatal(err)
	}
	outs := make([]Output, 3)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], _ = Simulate(context.Background(), p, events, s, 5, Options{Panel: true})
		}()
	}
	wg.Wait()
	for i, o := range outs {
		if !reflect.DeepEqual(nanFree(o.Metrics.Values), nanFree(want.Metrics.Values)) || len(o.Panel) != len(want.Panel) {
			t.Errorf("concurrent run %d differs from the sequential one", i)
		}
	}
	if !reflect.DeepEqual(p, p0) || !reflect.DeepEqual(*events[0].Params, q0) {
		t.Error("Simulate modified the Params or the event's Params it was given")
	}
}

// nanFree replaces NaN by a sentinel so that DeepEqual compares them.
func nanFree(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		if x != x {
			x = -12345.678
		}
		out[i] = x
	}
	return out
}
