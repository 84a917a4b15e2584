package sim_test

import (
	"context"
	"fmt"

	"github.com/ipsim/ipsim/sim"
)

// NewRand gives each purpose of a run its own stream of the run's seed,
// so that an arm which draws more for one purpose (noise, say) still
// shares every draw of the others with the arms of its replication. With
// one stream for everything, the extra draw shifts the world's.
func ExampleNewRand() {
	seed := sim.Seed(1, 0) // replication 0 of master seed 1
	oneStream := func(extra bool) float64 {
		r := sim.NewRand(seed, 0)
		r.Float64() // the world's first draw
		if extra {
			r.Float64() // a noise draw
		}
		return r.Float64() // the world's second draw
	}
	perPurpose := func(extra bool) float64 {
		world, noise := sim.NewRand(seed, 0), sim.NewRand(seed, 1)
		world.Float64()
		if extra {
			noise.Float64()
		}
		return world.Float64()
	}
	fmt.Println("one stream, same world:", oneStream(false) == oneStream(true))
	fmt.Println("a stream per purpose, same world:", perPurpose(false) == perPurpose(true))
	// Output:
	// one stream, same world: false
	// a stream per purpose, same world: true
}

// ReplicateAsDone hands each result over as soon as it is done, in any
// order: record it by Job.Index, as a run log does, not by arrival.
func ExampleReplicateAsDone() {
	jobs := sim.Plan{Arms: 1, Replications: 4, MasterSeed: 1}.Jobs()
	out := make([]float64, len(jobs))
	err := sim.ReplicateAsDone(context.Background(), jobs, 2,
		func(ctx context.Context, j sim.Job) (float64, error) {
			return float64(j.Replication * j.Replication), nil
		},
		func(j sim.Job, x float64) error {
			out[j.Index] = x
			return nil
		})
	fmt.Println(out, err)
	// Output: [0 1 4 9] <nil>
}
