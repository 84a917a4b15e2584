package agents

import (
	"context"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// benchmarkRun runs one full default-length run of a world of the given
// size per iteration and reports the cost per region-sector-step.
func benchmarkRun(b *testing.B, provinces, cities, counties int) {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = provinces, cities, counties
	s := sim.DefaultSettings()
	b.ReportAllocs()
	var regions int
	seed := uint64(0)
	for b.Loop() {
		seed++
		m, err := New(p, s, seed, nil)
		if err != nil {
			b.Fatal(err)
		}
		regions = m.R
		sim.Run(context.Background(), m, s)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(regions*len(p.Sectors)*s.Steps), "ns/region-sector-step")
}

func BenchmarkRunSmall(b *testing.B)    { benchmarkRun(b, 1, 5, 0) }
func BenchmarkRunChina(b *testing.B)    { benchmarkRun(b, 31, 10, 0) }
func BenchmarkRunCounties(b *testing.B) { benchmarkRun(b, 31, 10, 9) }

// BenchmarkStep measures one step of a China-size world after set-up; it
// must not allocate.
func BenchmarkStep(b *testing.B) {
	p := DefaultParams()
	s := sim.DefaultSettings()
	s.Steps = 1 << 30
	m, err := New(p, s, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	t := 0
	for b.Loop() {
		m.Step(t)
		t++
		if t%92 == 0 {
			b.StopTimer()
			m, _ = New(p, s, uint64(t), nil)
			t = 0
			b.StartTimer()
		}
	}
}

// benchmarkSimulate runs Simulate on the default (China-size) world with
// options opt, a new seed per iteration.
func benchmarkSimulate(b *testing.B, opt Options) {
	p := DefaultParams()
	s := sim.DefaultSettings()
	b.ReportAllocs()
	seed := uint64(0)
	for b.Loop() {
		seed++
		if _, err := Simulate(context.Background(), p, nil, s, seed, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulateChina is one China-size run with every recorder on, as
// the command line runs it: the model plus the metric columns, events and
// documents.
func BenchmarkSimulateChina(b *testing.B) { benchmarkSimulate(b, Options{}) }

// BenchmarkSummarizeChina is one China-size run recording only each
// metric's run summary, as a sweep runs it.
func BenchmarkSummarizeChina(b *testing.B) { benchmarkSimulate(b, Options{SummaryOnly: true}) }

// BenchmarkColumns measures reading every metric column once after a step
// of a China-size world, as a recorder does (per-step caches cleared).
func BenchmarkColumns(b *testing.B) {
	p := DefaultParams()
	s := sim.DefaultSettings()
	m, err := New(p, s, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	for t := 0; t < 40; t++ {
		m.Step(t)
	}
	cols := Columns()
	b.ReportAllocs()
	for b.Loop() {
		m.beliefsAt, m.shape.at = -2, -2
		for _, c := range cols {
			c.Value(m)
		}
	}
}
