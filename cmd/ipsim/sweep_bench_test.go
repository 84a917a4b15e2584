package main

import (
	"context"
	"io"
	"testing"

	"github.com/ipsim/ipsim/scenarios"
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
	b.ReportAllocs()
	for b.Loop() {
		dir := b.TempDir()
		if err := runSweepJobs(context.Background(), dir, shard{0, 1, ""}, job, newTodo(job.design, nil, shard{0, 1, ""}), workers, true, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(job.design.Runs()*b.N)/b.Elapsed().Seconds(), "runs/s")
}

func BenchmarkSweep1Worker(b *testing.B)  { benchSweep(b, 1) }
func BenchmarkSweep2Workers(b *testing.B) { benchSweep(b, 2) }

// BenchmarkCheckPoints measures the check of every point of a design
// before a sweep runs: 1000 Sobol base samples of 3 keys (5000 points) on
// the default preset's 3 arms. Each point resolves the scenario again, so
// this is the per-point cost of With (about 0.1 ms a point).
func BenchmarkCheckPoints(b *testing.B) {
	sc, err := scenarios.LoadPreset("default")
	if err != nil {
		b.Fatal(err)
	}
	sc.Sweep = scenarios.Sweep{Method: methodSobol, Points: 1000, Ranges: []scenarios.SweepRange{
		{Key: "officials.retire_age", Low: 60, High: 70},
		{Key: "officials.age_max", Low: 45, High: 55},
		{Key: "policy.autonomy", Low: 0, High: 1},
	}}
	job, err := prepareSweepScenario(sc, formatCSV)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := checkPoints(sc, job.design); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(job.design.Points)), "points")
}
