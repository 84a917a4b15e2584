package main

import (
	"context"
	"io"
	"testing"

	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// benchSweep measures a sweep's throughput on the default (China-sized,
// 92-step) world: one arm, a grid of 4 heterogeneity values x 4
// replications = 16 runs per iteration, recorded to a run log as a real
// sweep does. It reports runs/s; compare 1 and 2 workers with benchstat.
func benchSweep(b *testing.B, workers int) {
	sc, err := scenarios.LoadPreset("default")
	if err != nil {
		b.Fatal(err)
	}
	sc.Arms = sc.Arms[:1]
	sc.Run.Replications = 4
	sc.Sweep = scenarios.Sweep{Method: methodGrid, Values: []scenarios.SweepValues{
		{Key: "world.heterogeneity", Values: []any{0.0, 0.5, 1.0, 1.5}},
	}}
	job, err := prepareSweepScenario(sc, formatCSV)
	if err != nil {
		b.Fatal(err)
	}
	var jobs []sim.Job
	for r := 0; r < job.design.Runs(); r++ {
		_, j := job.design.job(r)
		jobs = append(jobs, j)
	}
	b.ReportAllocs()
	for b.Loop() {
		dir := b.TempDir()
		if err := runSweepJobs(context.Background(), dir, shard{0, 1, ""}, job, jobs, workers, true, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(jobs)*b.N)/b.Elapsed().Seconds(), "runs/s")
}

func BenchmarkSweep1Worker(b *testing.B)  { benchSweep(b, 1) }
func BenchmarkSweep2Workers(b *testing.B) { benchSweep(b, 2) }
