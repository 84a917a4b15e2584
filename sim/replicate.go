package sim

import (
	"context"
	"errors"
	"runtime"
	"sync"
)

// Job identifies one run of a replicated experiment.
type Job struct {
	Index       int    // global run index: the order results are emitted in
	Arm         int    // arm index: the treatment the run belongs to
	Replication int    // replication index, shared by the arms it pairs
	Seed        uint64 // the run's seed, shared by the arms of a replication: pass it to NewRand
}

// Plan lays out Replications replications of Arms arms. Arms of the same
// replication get the same seed (common random numbers): a model that
// draws from streams of that seed (NewRand) makes the same draws in every
// arm, so differences between arms are the arms' doing, not luck. Replication
// r's seed is Seed(MasterSeed, FirstReplication+r). A plan with Arms or
// Replications below 1, such as the zero value, has no jobs.
type Plan struct {
	Arms         int
	Replications int
	MasterSeed   uint64
	// FirstReplication offsets the replication numbers used to derive
	// seeds, so that a sweep's points get distinct, reproducible worlds.
	FirstReplication int
}

// Jobs lists the plan's runs, replication-major: all arms of replication 0,
// then of replication 1, and so on.
func (p Plan) Jobs() []Job {
	if p.Arms < 1 || p.Replications < 1 {
		return nil // and no make with a negative capacity, which panics
	}
	jobs := make([]Job, 0, p.Arms*p.Replications)
	for r := 0; r < p.Replications; r++ {
		seed := Seed(p.MasterSeed, uint64(p.FirstReplication+r))
		for a := 0; a < p.Arms; a++ {
			jobs = append(jobs, Job{Index: len(jobs), Arm: a, Replication: r, Seed: seed})
		}
	}
	return jobs
}

// Workers returns n if positive and the number of usable CPUs otherwise.
func Workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// Replicate runs run for every job on workers goroutines (0 means all
// CPUs) and calls emit with each result in job order, from the calling
// goroutine, as soon as it and every earlier job are done. Because results
// depend only on the job and are emitted in order, output is byte-identical
// for any worker count.
//
// When ctx is canceled, jobs not yet started are skipped, jobs in flight
// finish, and Replicate returns ctx.Err() after emitting every result that
// is complete and contiguous from the start. A non-nil error from run or
// emit stops the work and is returned.
func Replicate[R any](ctx context.Context, jobs []Job, workers int, run func(context.Context, Job) (R, error), emit func(Job, R) error) error {
	return replicate(ctx, jobs, workers, run, emit, true)
}

// ReplicateAsDone is Replicate, but emit is called with each result as
// soon as it is done, in completion order, not job order: for a caller
// that records results by Job.Index (ipsim sweep's run log), a run
// finished behind a slower earlier one is then recorded at once rather
// than held in memory, where a kill, a cancellation or another run's
// error would lose it. When ctx is canceled, every result complete by
// then is emitted.
func ReplicateAsDone[R any](ctx context.Context, jobs []Job, workers int, run func(context.Context, Job) (R, error), emit func(Job, R) error) error {
	return replicate(ctx, jobs, workers, run, emit, false)
}

// replicate is Replicate (ordered) or ReplicateAsDone.
func replicate[R any](ctx context.Context, jobs []Job, workers int, run func(context.Context, Job) (R, error), emit func(Job, R) error, ordered bool) error {
	workers = Workers(workers)
	if workers > len(jobs) {
		workers = len(jobs)
	}
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	type done struct {
		i   int
		r   R
		err error
	}
	next := make(chan int)
	out := make(chan done, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r, err := run(ctx, jobs[i])
				out <- done{i, r, err}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range jobs {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()

	pending := make(map[int]done)
	emitted := 0
	var firstErr error
	emitFailed := false
	for d := range out {
		if firstErr != nil && (ordered || emitFailed) {
			continue
		}
		if d.err != nil && ctx.Err() != nil && errors.Is(d.err, ctx.Err()) {
			continue // abandoned because of cancellation: not a failure
		}
		if d.err != nil {
			if firstErr == nil {
				firstErr = d.err
				cancel(d.err)
			}
			continue
		}
		if !ordered {
			// a run finished after another's error is still emitted
			if err := emit(jobs[d.i], d.r); err != nil {
				if firstErr == nil {
					firstErr = err
				}
				emitFailed = true
				cancel(err)
			}
			emitted++
			continue
		}
		pending[d.i] = d
		for {
			p, ok := pending[emitted]
			if !ok {
				break
			}
			delete(pending, emitted)
			if err := emit(jobs[emitted], p.r); err != nil {
				firstErr = err
				cancel(err)
				break
			}
			emitted++
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if emitted < len(jobs) {
		// ctx.Err(), as documented, not a cause the caller canceled
		// with (context.Cause has it): errors.Is(err, context.Canceled)
		// holds whatever the cause
		if err := parent.Err(); err != nil {
			return err
		}
	}
	return nil
}
