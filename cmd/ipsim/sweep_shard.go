package main

// Shards: which part of a sweep this process runs. A sweep of R runs split
// into n shards gives shard i the runs whose global index r has
// r % n == i. The index and count come from --shard i/n or, without it,
// from the environment of a cluster scheduler's array job:
//
//	Slurm job arrays     SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT
//	                     (index = (ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP)
//	Kubernetes Indexed   JOB_COMPLETION_INDEX, count from --shards or IPSIM_SHARDS
//	AWS Batch arrays     AWS_BATCH_JOB_ARRAY_INDEX, AWS_BATCH_JOB_ARRAY_SIZE
//	                     (or, without it, count from --shards or IPSIM_SHARDS)
//
// An index without a count is refused: guessing it would silently run the
// wrong runs.

import (
	"fmt"
	"strconv"
	"strings"
)

// singleProcess is the source of a sweep not split into shards.
const singleProcess = "single process"

// shard is the part of a sweep one process runs.
type shard struct {
	Index, Count int
	Source       string // where index and count came from, for the log line
}

// owns reports whether the shard runs global run index r.
func (s shard) owns(r int) bool { return r%s.Count == s.Index }

// String returns "i/n".
func (s shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// resolveShard decides the shard from the --shard flag (flagShard, "" if
// absent), the --shards flag (flagShards, 0 if absent) and the environment
// (getenv). Without any of them the whole sweep is one shard, 0/1.
func resolveShard(flagShard string, flagShards int, getenv func(string) string) (shard, error) {
	// envShards is the count IPSIM_SHARDS gives, if it is set
	envShards := func() (n int, set bool, err error) {
		s := getenv("IPSIM_SHARDS")
		if s == "" {
			return 0, false, nil
		}
		n, err = envInt("IPSIM_SHARDS", s)
		return n, err == nil, err
	}
	if flagShard != "" {
		i, n, ok := strings.Cut(flagShard, "/")
		idx, err1 := strconv.Atoi(i)
		cnt, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil {
			return shard{}, usageError("--shard %q: want INDEX/COUNT, e.g. 0/4", flagShard)
		}
		if flagShards > 0 && flagShards != cnt {
			return shard{}, usageError("--shard %s and --shards %d disagree on the number of shards", flagShard, flagShards)
		}
		// IPSIM_SHARDS says the count as --shards does: a pod's rerun with
		// --shard of another count would run a share of another split
		if n, set, err := envShards(); err != nil {
			return shard{}, err
		} else if set && n != cnt {
			return shard{}, usageError("--shard %s and IPSIM_SHARDS = %d disagree on the number of shards: give one, or the same", flagShard, n)
		}
		// the flag wins over a scheduler's index: say so, as a job script
		// given the rerun's --shard runs that one shard in every task
		src := "--shard " + flagShard
		var over []string
		for _, name := range []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"} {
			if v := getenv(name); v != "" {
				over = append(over, name+"="+v)
			}
		}
		if len(over) > 0 {
			src += ", which wins over " + strings.Join(over, " and ")
		}
		return checkShard(shard{idx, cnt, src})
	}
	count := func(name, val, missing string) (int, string, error) {
		n, set, err := envShards()
		if err != nil {
			return 0, "", err
		}
		if set {
			// both given: a job spec and a command line that disagree
			// would silently run a share of another split
			if flagShards > 0 && flagShards != n {
				return 0, "", usageError("--shards %d and IPSIM_SHARDS = %d disagree on the number of shards: give one, or the same", flagShards, n)
			}
			if flagShards == 0 {
				return n, "IPSIM_SHARDS", nil
			}
		}
		if flagShards > 0 {
			return flagShards, "--shards", nil
		}
		return 0, "", usageError("%s = %s gives this task's index but not the number of shards%s: pass --shards N or set IPSIM_SHARDS", name, val, missing)
	}
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		task, err := envInt("SLURM_ARRAY_TASK_ID", id)
		if err != nil {
			return shard{}, err
		}
		min, step := 0, 1
		if s := getenv("SLURM_ARRAY_TASK_MIN"); s != "" {
			if min, err = envInt("SLURM_ARRAY_TASK_MIN", s); err != nil {
				return shard{}, err
			}
		}
		if s := getenv("SLURM_ARRAY_TASK_STEP"); s != "" {
			if step, err = envInt("SLURM_ARRAY_TASK_STEP", s); err != nil {
				return shard{}, err
			}
			if step < 1 {
				return shard{}, usageError("SLURM_ARRAY_TASK_STEP = %d: must be >= 1", step)
			}
		}
		if (task-min)%step != 0 {
			return shard{}, usageError("SLURM_ARRAY_TASK_ID = %d is not SLURM_ARRAY_TASK_MIN (%d) plus a multiple of SLURM_ARRAY_TASK_STEP (%d)", task, min, step)
		}
		idx := (task - min) / step
		src := fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d (min %d, step %d)", task, min, step)
		var cnt int
		if s := getenv("SLURM_ARRAY_TASK_COUNT"); s != "" {
			if cnt, err = envInt("SLURM_ARRAY_TASK_COUNT", s); err != nil {
				return shard{}, err
			}
			if flagShards > 0 && flagShards != cnt {
				return shard{}, usageError("--shards %d and SLURM_ARRAY_TASK_COUNT = %d disagree: the array has %d tasks; pass --shards %d or leave it out", flagShards, cnt, cnt, cnt)
			}
			if n, set, err := envShards(); err != nil {
				return shard{}, err
			} else if set && n != cnt {
				return shard{}, usageError("IPSIM_SHARDS = %d and SLURM_ARRAY_TASK_COUNT = %d disagree: the array has %d tasks; set IPSIM_SHARDS to %d or leave it out", n, cnt, cnt, cnt)
			}
			src += fmt.Sprintf(", SLURM_ARRAY_TASK_COUNT=%d", cnt)
			// the index is only right if the array's tasks are MIN, MIN +
			// STEP, ..., MAX: an array given as a list (--array=0,3,7), or
			// a Slurm without SLURM_ARRAY_TASK_STEP running a stepped
			// array, would give some tasks the same index or none
			if s := getenv("SLURM_ARRAY_TASK_MAX"); s != "" {
				max, err := envInt("SLURM_ARRAY_TASK_MAX", s)
				if err != nil {
					return shard{}, err
				}
				if max != min+step*(cnt-1) {
					return shard{}, usageError("SLURM_ARRAY_TASK_MIN = %d, SLURM_ARRAY_TASK_MAX = %d and SLURM_ARRAY_TASK_STEP = %d do not make SLURM_ARRAY_TASK_COUNT = %d evenly spaced tasks (an array given as a list?), so this task's shard cannot be told from SLURM_ARRAY_TASK_ID = %d: submit a range (--array=0-%d, or 0-%d:2), or pass --shard i/%d", min, max, step, cnt, task, cnt-1, 2*(cnt-1), cnt)
				}
			}
		} else {
			c, from, err := count("SLURM_ARRAY_TASK_ID", id, " (SLURM_ARRAY_TASK_COUNT is not set)")
			if err != nil {
				return shard{}, err
			}
			cnt = c
			src += ", count from " + from
		}
		return checkShard(shard{idx, cnt, src})
	}
	for _, name := range []string{"JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		idx, err := envInt(name, v)
		if err != nil {
			return shard{}, err
		}
		if name == "AWS_BATCH_JOB_ARRAY_INDEX" {
			// AWS Batch gives the array's size too: a job definition's
			// IPSIM_SHARDS left from an array of another size would
			// otherwise run a share of another split, every child
			// succeeding, and leave shards unrun
			if s := getenv("AWS_BATCH_JOB_ARRAY_SIZE"); s != "" {
				size, err := envInt("AWS_BATCH_JOB_ARRAY_SIZE", s)
				if err != nil {
					return shard{}, err
				}
				if flagShards > 0 && flagShards != size {
					return shard{}, usageError("--shards %d and AWS_BATCH_JOB_ARRAY_SIZE = %d disagree: the array job has %d children", flagShards, size, size)
				}
				if n, set, err := envShards(); err != nil {
					return shard{}, err
				} else if set && n != size {
					return shard{}, usageError("IPSIM_SHARDS = %d and AWS_BATCH_JOB_ARRAY_SIZE = %d disagree: the array job has %d children; set IPSIM_SHARDS to the array size or leave it out", n, size, size)
				}
				return checkShard(shard{idx, size, fmt.Sprintf("%s=%d, AWS_BATCH_JOB_ARRAY_SIZE=%d", name, idx, size)})
			}
		}
		cnt, from, err := count(name, v, "")
		if err != nil {
			return shard{}, err
		}
		return checkShard(shard{idx, cnt, fmt.Sprintf("%s=%d, count from %s", name, idx, from)})
	}
	if s := getenv("IPSIM_SHARDS"); s != "" {
		n, err := envInt("IPSIM_SHARDS", s)
		if err != nil {
			return shard{}, err
		}
		if n != 1 {
			return shard{}, usageError("IPSIM_SHARDS = %q without an index: run as a scheduler array task (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX from an Indexed Job, AWS_BATCH_JOB_ARRAY_INDEX), pass --shard i/N, or unset IPSIM_SHARDS", s)
		}
	}
	if flagShards > 0 {
		return shard{}, usageError("--shards %d without an index: pass --shard i/%d, or run as a scheduler array task (SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX)", flagShards, flagShards)
	}
	return shard{0, 1, singleProcess}, nil
}

func envInt(name, v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, usageError("%s = %q: want an integer", name, v)
	}
	return n, nil
}

// maxShards is the most shards a sweep may be split into: far more than
// any scheduler's array (Slurm's largest is some millions of tasks), and
// small enough that a shard's walk over its runs, r += Count from Index,
// cannot overflow (a count near 2^63 wrapped r negative: a wrong count of
// runs and an index out of range).
const maxShards = 1_000_000_000

func checkShard(s shard) (shard, error) {
	switch {
	case s.Count < 1:
		return shard{}, usageError("shard %s (%s): the number of shards must be >= 1", s, s.Source)
	case s.Count > maxShards:
		return shard{}, usageError("shard %s (%s): the number of shards must be at most %d", s, s.Source, maxShards)
	case s.Index < 0 || s.Index >= s.Count:
		return shard{}, usageError("shard %s (%s): the index must be in [0,%d]", s, s.Source, s.Count-1)
	}
	return s, nil
}
