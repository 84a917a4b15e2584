package sim

import "math/rand/v2"

// Seed derives the seed of run index from the master seed with the
// SplitMix64 finaliser, so neighbouring indices get unrelated seeds and a
// run can be rebuilt from its index alone, whatever the order or the
// machine it ran on.
func Seed(master, index uint64) uint64 {
	return mix(master ^ mix(index+0x9e3779b97f4a7c15))
}

// NewRand returns a PCG generator for the given run seed and stream. A
// model uses one stream per purpose (world set-up, measurement noise,
// careers, ...) so that runs sharing a seed share those draws even when
// they use other streams differently.
func NewRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, mix(stream^0xda3e39cb94b95bdb)))
}

func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
