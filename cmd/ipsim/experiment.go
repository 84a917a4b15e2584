package main

// Running a replicated experiment: arms x replications of the model with
// paired seeds, on a pool of workers, results emitted in job order (so
// files are byte-identical whatever the worker count).
//
// Reusable by other commands:
//   - armSpec and experiment: what to run (built from a scenario by
//     experimentOf in runcmd.go);
//   - runJob: one run of the model for one job; a run stopped by ctx
//     returns ctx's error, never a partial result;
//   - execute: runs every job, reports progress, and hands each completed
//     run to emit in job order.

import (
	"context"
	"fmt"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/sim"
)

// armSpec is one arm (policy regime) of an experiment.
type armSpec struct {
	Name   string
	Params agents.Params
	Events []agents.Event
}

// experiment is a replicated comparison of arms.
type experiment struct {
	Arms         []armSpec
	Settings     sim.Settings
	Replications int
	MasterSeed   uint64
	// FirstReplication offsets the replication numbers seeds are derived
	// from (sweeps give each point its own worlds); 0 for a plain run.
	FirstReplication int
	Workers          int  // worker goroutines; 0 means all CPUs
	Panel            bool // record the region panel
	// SummaryOnly records only each metric's run summary, as sweeps do.
	SummaryOnly bool
}

// jobs lists the experiment's runs in emission order.
func (e *experiment) jobs() []sim.Job {
	return sim.Plan{
		Arms:             len(e.Arms),
		Replications:     e.Replications,
		MasterSeed:       e.MasterSeed,
		FirstReplication: e.FirstReplication,
	}.Jobs()
}

// armNames lists the arms' names.
func (e *experiment) armNames() []string {
	names := make([]string, len(e.Arms))
	for i, a := range e.Arms {
		names[i] = a.Name
	}
	return names
}

// runJob runs the model once for job. If ctx is canceled before the run
// completes it returns ctx's error, so a partial run is never emitted.
func runJob(ctx context.Context, e *experiment, job sim.Job) (agents.Output, error) {
	arm := e.Arms[job.Arm]
	out, err := agents.Simulate(ctx, arm.Params, arm.Events, e.Settings, job.Seed, agents.Options{Panel: e.Panel, SummaryOnly: e.SummaryOnly})
	if err != nil {
		if ctx.Err() != nil {
			return agents.Output{}, ctx.Err()
		}
		return agents.Output{}, fmt.Errorf("ipsim: arm %s, replication %d (seed %d): %w", arm.Name, job.Replication, job.Seed, err)
	}
	if out.Status != sim.Completed {
		if ctx.Err() != nil {
			return agents.Output{}, ctx.Err()
		}
		return agents.Output{}, fmt.Errorf("ipsim: arm %s, replication %d: run stopped: %s", arm.Name, job.Replication, out.Status)
	}
	return out, nil
}

// execute runs every job of e on e.Workers workers, counts completed runs
// on prog, and calls emit for each in job order. It returns ctx's error if
// ctx was canceled (after emitting every run complete before it), or the
// first error of a run or of emit.
func execute(ctx context.Context, e *experiment, prog progress, emit func(sim.Job, agents.Output) error) error {
	return sim.Replicate(ctx, e.jobs(), e.Workers,
		func(ctx context.Context, job sim.Job) (agents.Output, error) {
			out, err := runJob(ctx, e, job)
			if err == nil {
				prog.Add(1)
			}
			return out, err
		},
		emit)
}
