package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveShard(t *testing.T) {
	tests := []struct {
		name   string
		flag   string
		shards int
		env    map[string]string
		want   string // "i/n", or the error's substring
		source string // substring of the source, when no error
		err    bool
	}{
		{name: "none", want: "0/1", source: "single process"},
		{name: "flag", flag: "2/5", want: "2/5", source: "--shard 2/5"},
		{name: "flag beats env", flag: "1/2", env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, want: "1/2", source: "--shard 1/2, which wins over SLURM_ARRAY_TASK_ID=3"},
		{name: "flag bad", flag: "2-5", err: true, want: "want INDEX/COUNT"},
		{name: "flag index too large", flag: "5/5", err: true, want: "index must be in [0,4]"},
		{name: "flag zero count", flag: "0/0", err: true, want: "must be >= 1"},
		// a count near 2^63 overflowed the walk over a shard's runs
		{name: "flag huge count", flag: "5/9223372036854775807", err: true, want: "must be at most 1000000000"},
		{name: "env huge count", env: map[string]string{"JOB_COMPLETION_INDEX": "5", "IPSIM_SHARDS": "9223372036854775807"}, err: true, want: "must be at most 1000000000"},
		{name: "flag and shards disagree", flag: "0/3", shards: 4, err: true, want: "disagree"},
		{name: "flag and IPSIM_SHARDS disagree", flag: "3/8", env: map[string]string{"JOB_COMPLETION_INDEX": "3", "IPSIM_SHARDS": "16"}, err: true, want: "--shard 3/8 and IPSIM_SHARDS = 16 disagree"},
		{name: "flag and IPSIM_SHARDS agree", flag: "3/16", env: map[string]string{"IPSIM_SHARDS": "16"}, want: "3/16", source: "--shard 3/16"},
		{name: "slurm", env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"}, want: "2/3", source: "SLURM_ARRAY_TASK_ID=2"},
		// --array=1-9:2 gives tasks 1,3,5,7,9: five shards, task 5 is the third.
		{name: "slurm min and step", env: map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "5", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, want: "2/5"},
		{name: "slurm off step", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "5", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2"}, err: true, want: "not SLURM_ARRAY_TASK_MIN"},
		// --array=0-14:2: eight tasks 0, 2, ..., 14
		{name: "slurm stepped with max", env: map[string]string{"SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "14", "SLURM_ARRAY_TASK_STEP": "2"}, want: "7/8"},
		{name: "slurm 1-8 with max", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "8", "SLURM_ARRAY_TASK_STEP": "1"}, want: "0/8"},
		// --array=0,1,5: task 5 would be shard 5 of 3, and shard 2 would never run
		{name: "slurm list array", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_STEP": "1"}, err: true, want: "evenly spaced"},
		// --array=0-14:2 on a Slurm that does not set SLURM_ARRAY_TASK_STEP:
		// task 4 would read as shard 4 (it is shard 2)
		{name: "slurm stepped array without step", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "14"}, err: true, want: "--shard i/8"},
		{name: "slurm without count", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1"}, err: true, want: "SLURM_ARRAY_TASK_ID = 1 gives this task's index but not the number of shards (SLURM_ARRAY_TASK_COUNT is not set)"},
		{name: "slurm count from flag", shards: 3, env: map[string]string{"SLURM_ARRAY_TASK_ID": "1"}, want: "1/3", source: "--shards"},
		{name: "kubernetes with flag", shards: 4, env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, want: "3/4", source: "JOB_COMPLETION_INDEX=3"},
		{name: "kubernetes with env", env: map[string]string{"JOB_COMPLETION_INDEX": "0", "IPSIM_SHARDS": "2"}, want: "0/2", source: "IPSIM_SHARDS"},
		{name: "kubernetes without count", env: map[string]string{"JOB_COMPLETION_INDEX": "0"}, err: true, want: "JOB_COMPLETION_INDEX = 0 gives this task's index but not the number of shards"},
		{name: "kubernetes index too large", shards: 2, env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, err: true, want: "index must be in [0,1]"},
		{name: "aws", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1", "IPSIM_SHARDS": "3"}, want: "1/3", source: "AWS_BATCH_JOB_ARRAY_INDEX=1"},
		{name: "aws array size", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "3", "AWS_BATCH_JOB_ARRAY_SIZE": "4"}, want: "3/4", source: "AWS_BATCH_JOB_ARRAY_SIZE=4"},
		{name: "aws array size and IPSIM_SHARDS agree", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "3", "AWS_BATCH_JOB_ARRAY_SIZE": "4", "IPSIM_SHARDS": "4"}, want: "3/4"},
		// a job definition's IPSIM_SHARDS = 8 submitted as an array of 4:
		// shards 4 to 7 would never run, and every child would succeed
		{name: "aws array size and IPSIM_SHARDS disagree", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1", "AWS_BATCH_JOB_ARRAY_SIZE": "4", "IPSIM_SHARDS": "8"}, err: true, want: "IPSIM_SHARDS = 8 and AWS_BATCH_JOB_ARRAY_SIZE = 4 disagree"},
		{name: "aws array size and --shards disagree", shards: 8, env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1", "AWS_BATCH_JOB_ARRAY_SIZE": "4"}, err: true, want: "--shards 8 and AWS_BATCH_JOB_ARRAY_SIZE = 4 disagree"},
		{name: "aws without count", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1"}, err: true, want: "not the number of shards"},
		{name: "bad IPSIM_SHARDS", env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "1", "IPSIM_SHARDS": "x"}, err: true, want: "IPSIM_SHARDS"},
		{name: "shards without index", shards: 3, err: true, want: "without an index"},
		// an Indexed Job without completionMode: Indexed has no index;
		// every pod must not run the whole sweep
		{name: "IPSIM_SHARDS without index", env: map[string]string{"IPSIM_SHARDS": "3"}, err: true, want: "IPSIM_SHARDS = \"3\" without an index"},
		{name: "IPSIM_SHARDS without index, empty index", env: map[string]string{"IPSIM_SHARDS": "3", "JOB_COMPLETION_INDEX": ""}, err: true, want: "without an index"},
		{name: "IPSIM_SHARDS=1 alone", env: map[string]string{"IPSIM_SHARDS": "1"}, want: "0/1"},
		{name: "IPSIM_SHARDS=01 alone", env: map[string]string{"IPSIM_SHARDS": "01"}, want: "0/1"},
		{name: "IPSIM_SHARDS not a number", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "IPSIM_SHARDS": "x"}, err: true, want: "want an integer"},
		{name: "IPSIM_SHARDS and slurm count agree, written differently", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "IPSIM_SHARDS": " 03"}, want: "1/3"},
		{name: "kubernetes, --shards and IPSIM_SHARDS disagree", shards: 4, env: map[string]string{"JOB_COMPLETION_INDEX": "1", "IPSIM_SHARDS": "8"}, err: true, want: "--shards 4 and IPSIM_SHARDS = 8 disagree"},
		{name: "aws, --shards and IPSIM_SHARDS agree", shards: 3, env: map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "2", "IPSIM_SHARDS": "3"}, want: "2/3", source: "--shards"},
		{name: "slurm without count, --shards and IPSIM_SHARDS disagree", shards: 2, env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "IPSIM_SHARDS": "3"}, err: true, want: "disagree"},
		{name: "IPSIM_SHARDS and slurm count disagree", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3", "IPSIM_SHARDS": "4"}, err: true, want: "IPSIM_SHARDS = 4 and SLURM_ARRAY_TASK_COUNT = 3 disagree: the array has 3 tasks; set IPSIM_SHARDS to 3 or leave it out"},
		{name: "--shards and slurm count disagree", shards: 4, env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"}, err: true, want: "--shards 4 and SLURM_ARRAY_TASK_COUNT = 3 disagree: the array has 3 tasks; pass --shards 3 or leave it out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolveShard(tt.flag, tt.shards, func(k string) string { return tt.env[k] })
			if tt.err {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, errUsage) {
					t.Fatalf("error = %v, want a usage error containing %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("error = %v", err)
			}
			if got.String() != tt.want || !strings.Contains(got.Source, tt.source) {
				t.Errorf("shard = %s (%s), want %s (%s)", got, got.Source, tt.want, tt.source)
			}
		})
	}
}

// A task of a one-task Slurm array (sbatch --array=5, the wrong way to
// rerun task 5) reads as shard 0 of 1: even with --quiet it says so, and
// which variables it read, before whatever the folder makes of it.
func TestSweepSaysSchedulerSourceQuiet(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	for k, v := range map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_MAX": "5", "SLURM_ARRAY_TASK_STEP": "1"} {
		t.Setenv(k, v)
	}
	_, e := mustRun(t, "sweep", file, "--out", filepath.Join(t.TempDir(), "out"), "--quiet")
	if !strings.Contains(e, "shard 0/1 (SLURM_ARRAY_TASK_ID=5") || !strings.Contains(e, "--shard i/n") {
		t.Errorf("a one-task Slurm array with --quiet: stderr %q, want the shard's source and the --shard advice", e)
	}
}

func TestShardOwnsEveryRunOnce(t *testing.T) {
	const runs, n = 100, 7
	seen := make([]int, runs)
	for i := 0; i < n; i++ {
		for r := 0; r < runs; r++ {
			if (shard{Index: i, Count: n}).owns(r) {
				seen[r]++
			}
		}
	}
	for r, c := range seen {
		if c != 1 {
			t.Fatalf("run %d owned by %d shards, want 1", r, c)
		}
	}
}

// A shard count near 2^63 is refused as a usage error; it overflowed the
// walk over the shard's runs and panicked (index out of range).
func TestSweepHugeShardCount(t *testing.T) {
	file := sweepFile(t, "sweep_grid.toml")
	_, _, err := runCLI(t, "sweep", file, "--out", filepath.Join(t.TempDir(), "sw"), "--shard", "5/9223372036854775807", "--dry-run")
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "at most") {
		t.Errorf("--shard 5/9223372036854775807: %v, want a usage error", err)
	}
}

func TestColumnNames(t *testing.T) {
	tests := []struct {
		keys []string
		want []string // a name ending in "_" is a prefix, followed by 4 hex digits
	}{
		{[]string{"world.heterogeneity", "policy.autonomy"}, []string{"world_heterogeneity", "policy_autonomy"}},
		{[]string{"arm.centralized.policy.autonomy"}, []string{"arm_centralized_policy_autonomy"}},
		// 33 characters: the section goes.
		{[]string{"arm.laissez_faire.policy.autonomy"}, []string{"arm_laissez_faire_autonomy"}},
		// 40 and 33 characters: the section and the arm_ prefix go.
		{[]string{"arm.coordinated_autonomy.policy.autonomy"}, []string{"coordinated_autonomy_autonomy"}},
		{[]string{"sector.Steel-Iron.growth"}, []string{"sector_steel_iron_growth"}},
		// A metric's name is taken: the key gets a prefix.
		{[]string{"value_added"}, []string{"p_value_added"}},
		{[]string{"instrument.standards_procurement.effectiveness_entry"}, []string{"instrument_standards_procur_"}},
		// a table key too long with its table, short without
		{[]string{"instrument.market_access.conventional"}, []string{"market_access_conventional"}},
		{[]string{"arm.decentralized.instrument.subsidy.cost"}, []string{"arm_decentralized_subsidy_cost"}},
	}
	for _, tt := range tests {
		got := columnNames(tt.keys)
		for i, want := range tt.want {
			ok := got[i] == want
			if strings.HasSuffix(want, "_") {
				ok = strings.HasPrefix(got[i], want) && len(got[i]) == 32
			}
			if !ok || len(got[i]) > 32 {
				t.Errorf("%s -> %s, want %s (at most 32 characters)", tt.keys[i], got[i], want)
			}
		}
	}
}

func TestKeyInfo(t *testing.T) {
	tests := []struct{ key, unit, doc string }{
		{"world.heterogeneity", "log sd", "sigma_h"},
		{"arm.centralized.world.heterogeneity", "log sd", "sigma_h"},
		{"run.steps", "steps", "steps in a run"},
		{"sector.steel.growth", "log growth per year", "demand growth"},
		{"no.such.key", "", "see the scenario reference"},
	}
	for _, tt := range tests {
		unit, doc := keyInfo(tt.key)
		if unit != tt.unit || !strings.Contains(doc, tt.doc) {
			t.Errorf("keyInfo(%q) = %q, %q; want %q and a meaning containing %q", tt.key, unit, doc, tt.unit, tt.doc)
		}
	}
}

func TestScenarioChanges(t *testing.T) {
	old := "name = \"a\"\n[world]\nprovinces = 2\n[[arm]]\nname = \"x\"\n[arm.policy]\nautonomy = 0.5\n"
	cur := "name = \"a\"\n[world]\nprovinces = 3\n[[arm]]\nname = \"x\"\n[arm.policy]\nautonomy = 0.75\n"
	got := scenarioChanges([]byte(old), []byte(cur))
	want := "arm.x.policy.autonomy (0.5 -> 0.75), world.provinces (2 -> 3)"
	if got != want {
		t.Errorf("changes = %q, want %q", got, want)
	}
	// a renamed, redescribed scenario in another format: only the key
	// that changes results is named, as only it stops a resume
	renamed := strings.NewReplacer(`name = "a"`, "name = \"b\"\ndescription = \"new\"", `name = "x"`, "name = \"x\"\ndescription = \"arm x\"").Replace(cur) + "[output]\nformat = \"both\"\n"
	if got := scenarioChanges([]byte(old+"[output]\nformat = \"csv\"\n"), []byte(renamed)); got != want {
		t.Errorf("changes = %q, want %q: names, descriptions and [output] change no result", got, want)
	}
	// [output] alone: named
	if got := scenarioChanges([]byte(old+"[output]\nformat = \"csv\"\n"), []byte(old+"[output]\nformat = \"both\"\n")); got != "output.format (csv -> both)" {
		t.Errorf("changes = %q, want output.format (csv -> both)", got)
	}
	if !sameScenario([]byte("# from a.toml\n"+old), []byte("# from b.toml\n"+old)) {
		t.Error("scenarios differing in comments only are not the same")
	}
}

// A shard's dry run into a folder of another scenario is refused as the
// shard itself would be, naming the scenario it was started with.
func TestShardDryRunOtherScenario(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	mustRun(t, "sweep", sweepFile(t, "sweep_grid.toml"), "--out", dir, "--shard", "0/2", "--quiet")
	other := sweepFile(t, "sweep_grid.toml", "seed = 7", "seed = 8")
	for _, dry := range []bool{true, false} {
		args := []string{"sweep", other, "--out", dir, "--shard", "1/2", "--quiet"}
		if dry {
			args = append(args, "--dry-run")
		}
		_, _, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), "Use the scenario it was started with ("+filepath.Join(dir, "scenario.toml")+")") {
			t.Errorf("dry run %v: %v, want a refusal naming the folder's scenario.toml", dry, err)
		}
	}
}
