package main

// End-to-end tests of the command line: they call run(args, stdout,
// stderr) as main does, on a tiny world so each run of the model takes
// milliseconds, and read the results folder back.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// tinyArgs runs the default scenario on 2 provinces x 3 cities with 3
// replications: small enough for a test, large enough for promotions,
// moves and documents at every level but counties.
func tinyArgs(out string, extra ...string) []string {
	return append([]string{"run",
		"--set", "world.provinces=2", "--set", "world.cities_per_province=3",
		"--reps", "3", "--out", out, "--quiet", "--no-plots"}, extra...)
}

// tinyReps is the --reps of tinyArgs.
const tinyReps = 3

// runCLI calls run and returns what it printed.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(args, &o, &e)
	return o.String(), e.String(), err
}

func mustRun(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	o, e, err := runCLI(t, args...)
	if err != nil {
		t.Fatalf("ipsim %s: %v\nstderr:\n%s", strings.Join(args, " "), err, e)
	}
	return o, e
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// folderFiles reads every file directly in dir, by name.
func folderFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// checkFolderKept fails unless dir holds the files of before, byte for
// byte, and no other: after names what should have left it so.
func checkFolderKept(t *testing.T, dir string, before map[string][]byte, after string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(before) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("%s: the folder holds %v, want the %d earlier files only", after, names, len(before))
	}
	for name, b := range before {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: %s changed (err %v)", after, name, err)
		}
	}
}

func readManifestT(t *testing.T, dir string) manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// The public contract: the first columns of each file (steps.csv adds one
// column per metric).
var wantHeaders = map[string][]string{
	"steps.csv":     {"arm", "replication", "seed", "step", "year"},
	"summary.csv":   {"arm", "metric", "mean", "sd", "ci_low", "ci_high", "n"},
	"effects.csv":   {"arm", "baseline", "metric", "mean_diff", "ci_low", "ci_high", "n"},
	"events.csv":    {"arm", "replication", "step", "year", "kind", "region", "level", "from_region", "official", "sector", "instrument", "stage", "value", "detail"},
	"documents.csv": {"arm", "replication", "year", "level", "category", "count"},
	"regions.csv":   {"arm", "replication", "step", "year", "region", "level", "province", "official", "value_added", "capacity", "productivity", "budget", "spending", "financial_share", "infrastructure", "skills", "land", "top_instrument", "follower"},
	"sectors.csv":   {"arm", "replication", "step", "year", "sector", "capacity", "demand", "overcapacity", "utilisation", "price", "hot", "capped"},
	"columns.csv":   {"file", "column", "unit", "meaning"},
}

// TestDefaultRun is the main job exactly as a new user runs it: ipsim with
// no arguments, in an empty working directory.
func TestDefaultRun(t *testing.T) {
	if testing.Short() {
		t.Skip("the full default scenario: skipped with -short")
	}
	t.Chdir(t.TempDir())
	stdout, _ := mustRun(t)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if last := lines[len(lines)-1]; last != "results: "+defaultOutDir {
		t.Errorf("last line = %q, want %q", last, "results: "+defaultOutDir)
	}
	m := readManifestT(t, defaultOutDir)
	if m.Status != statusCompleted || m.Source != "preset:"+defaultPreset || len(m.Arms) != 3 {
		t.Errorf("manifest: status %q source %q arms %v, want completed, preset:%s, three arms", m.Status, m.Source, m.Arms, defaultPreset)
	}
	if want := []string{"ipsim", "run"}; !slices.Equal(m.CommandLine, want) {
		t.Errorf("manifest command_line = %q, want %q: the command that ran, named", m.CommandLine, want)
	}
	// a test binary has no VCS stamp: the manifest must not claim the
	// tree was clean
	if m.Revision == "unknown" && m.Modified != nil {
		t.Errorf("manifest modified = %v without a revision, want null", *m.Modified)
	}
	for _, arm := range m.Arms {
		if !strings.Contains(stdout, arm) {
			t.Errorf("the table does not show arm %s", arm)
		}
	}
	for _, name := range []string{"steps.csv", "summary.csv", "effects.csv", "events.csv", "documents.csv", "columns.csv", "scenario.toml"} {
		if !slices.Contains(m.Files, name) {
			t.Errorf("manifest files lack %s", name)
		}
		if _, err := os.Stat(filepath.Join(defaultOutDir, name)); err != nil {
			t.Error(err)
		}
	}
}

func TestRunWritesEveryFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	stdout, _ := mustRun(t, tinyArgs(dir, "--panel", "--seed", "7")...)

	// The table names the folder in its last line.
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, dir) {
		t.Errorf("last line of stdout = %q, want it to name %s", last, dir)
	}
	for _, want := range []string{"value added", "diff vs"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}

	m := readManifestT(t, dir)
	if want := append([]string{"ipsim"}, tinyArgs(dir, "--panel", "--seed", "7")...); !slices.Equal(m.CommandLine, want) {
		t.Errorf("manifest command_line = %q, want %q", m.CommandLine, want)
	}
	// the platform the results were computed on: byte-for-byte
	// reproduction holds on the same one
	if want := runtime.GOOS + "/" + runtime.GOARCH; !strings.HasPrefix(m.Platform, want) {
		t.Errorf("manifest platform = %q, want it to start with %q", m.Platform, want)
	}
	metrics := modelMetrics()
	for name, want := range wantHeaders {
		recs := readCSV(t, filepath.Join(dir, name))
		if name == "steps.csv" {
			for _, mt := range metrics {
				want = append(want, mt.Name)
			}
		}
		if !slices.Equal(recs[0], want) {
			t.Errorf("%s header = %v, want %v", name, recs[0], want)
		}
		if !slices.Contains(m.Files, name) {
			t.Errorf("manifest files %v lack %s", m.Files, name)
		}
	}
	for _, name := range []string{"scenario.toml", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left in the folder", e.Name())
		}
	}

	// One steps row per arm, replication and step, seeds paired by
	// replication and derived from the master seed.
	if m.Status != statusCompleted || m.MasterSeed != 7 || m.Replications != tinyReps {
		t.Errorf("manifest status %q seed %d reps %d, want completed, 7, %d", m.Status, m.MasterSeed, m.Replications, tinyReps)
	}
	arms := len(m.Arms)
	if arms < 2 {
		t.Fatalf("default scenario has %d arms, want several", arms)
	}
	if len(m.Runs) != arms*tinyReps || m.RunsDone != arms*tinyReps || m.RunsPlanned != arms*tinyReps {
		t.Errorf("manifest lists %d runs (done %d, planned %d), want %d", len(m.Runs), m.RunsDone, m.RunsPlanned, arms*tinyReps)
	}
	for _, r := range m.Runs {
		if want := sim.Seed(7, uint64(r.Replication)); r.Seed != want {
			t.Errorf("run %s/%d seed %d, want %d", r.Arm, r.Replication, r.Seed, want)
		}
	}
	steps := readCSV(t, filepath.Join(dir, "steps.csv"))
	if got, want := len(steps)-1, arms*tinyReps*m.Steps; got != want {
		t.Errorf("steps.csv has %d rows, want %d", got, want)
	}
	for _, row := range steps[1:] {
		rep, _ := strconv.Atoi(row[1])
		if row[2] != strconv.FormatUint(sim.Seed(7, uint64(rep)), 10) {
			t.Fatalf("steps row %v: seed is not the replication's", row[:5])
		}
	}
	summary := readCSV(t, filepath.Join(dir, "summary.csv"))
	if got, want := len(summary)-1, arms*len(metrics); got != want {
		t.Errorf("summary.csv has %d rows, want %d", got, want)
	}
	effects := readCSV(t, filepath.Join(dir, "effects.csv"))
	if got, want := len(effects)-1, (arms-1)*len(metrics); got != want {
		t.Errorf("effects.csv has %d rows, want %d", got, want)
	}
	for _, row := range effects[1:] {
		if row[1] != m.Arms[0] || row[0] == m.Arms[0] {
			t.Fatalf("effects row %v: want an arm other than the baseline %s", row, m.Arms[0])
		}
	}
	if len(readCSV(t, filepath.Join(dir, "events.csv"))) < 2 {
		t.Error("events.csv has no events")
	}
	if len(readCSV(t, filepath.Join(dir, "documents.csv"))) < 2 {
		t.Error("documents.csv has no rows")
	}
	if len(readCSV(t, filepath.Join(dir, "regions.csv"))) < 2 {
		t.Error("regions.csv has no rows with --panel")
	}
}

// stataName is a Stata-safe variable name: lower snake case, at most 32
// characters, starting with a letter.
var stataName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

func TestColumnsDictionary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--panel", "--format", "both")...)
	dict := readCSV(t, filepath.Join(dir, "columns.csv"))
	documented := map[string][]string{} // file -> columns
	for _, row := range dict[1:] {
		file, col, meaning := row[0], row[1], row[3]
		if !stataName.MatchString(col) {
			t.Errorf("%s column %q is not Stata-safe (lower snake case, <= 32 characters)", file, col)
		}
		if strings.TrimSpace(meaning) == "" {
			t.Errorf("%s column %s has no meaning", file, col)
		}
		documented[file] = append(documented[file], col)
	}
	// Every column of every CSV written is documented, in order, and each
	// Parquet file is documented with the same columns as its CSV.
	m := readManifestT(t, dir)
	for _, name := range m.Files {
		switch filepath.Ext(name) {
		case ".csv":
			header := readCSV(t, filepath.Join(dir, name))[0]
			if !slices.Equal(documented[name], header) {
				t.Errorf("columns.csv documents %s as %v, want %v", name, documented[name], header)
			}
		case ".parquet":
			csvName := strings.TrimSuffix(name, ".parquet") + ".csv"
			if !slices.Equal(documented[name], documented[csvName]) {
				t.Errorf("columns.csv documents %s as %v, want the columns of %s", name, documented[name], csvName)
			}
		}
	}
	// Every metric says which per-run figure summary.csv uses.
	for _, row := range dict[1:] {
		if row[0] == "steps.csv" && slices.ContainsFunc(modelMetrics(), func(mt metricInfo) bool { return mt.Name == row[1] }) &&
			!strings.Contains(row[3], "final_year") && !strings.Contains(row[3], "run_mean") && !strings.Contains(row[3], "run_total") {
			t.Errorf("columns.csv entry for %s does not say its per-run figure: %q", row[1], row[3])
		}
	}
}

// csvFiles are the files that must be byte-identical between runs of the
// same scenario.
var csvFiles = []string{"steps.csv", "summary.csv", "effects.csv", "events.csv", "documents.csv", "columns.csv"}

func sameFiles(t *testing.T, a, b string, names []string) {
	t.Helper()
	for _, n := range names {
		x, err := os.ReadFile(filepath.Join(a, n))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, n))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between %s and %s", n, a, b)
		}
	}
}

func TestSavedScenarioReproduces(t *testing.T) {
	root := t.TempDir()
	first, second := filepath.Join(root, "first"), filepath.Join(root, "second")
	mustRun(t, tinyArgs(first, "--seed", "11")...)
	// The saved scenario alone, with no --set, --seed or --reps.
	mustRun(t, "run", filepath.Join(first, "scenario.toml"), "--out", second, "--quiet", "--no-plots")
	sameFiles(t, first, second, csvFiles)
	if a, b := readManifestT(t, first).ScenarioHash, readManifestT(t, second).ScenarioHash; a != b || a == "" {
		t.Errorf("scenario hashes %q and %q, want equal and not empty", a, b)
	}
}

func TestWorkerCountDoesNotChangeResults(t *testing.T) {
	root := t.TempDir()
	one, two := filepath.Join(root, "one"), filepath.Join(root, "two")
	mustRun(t, tinyArgs(one, "--workers", "1")...)
	mustRun(t, tinyArgs(two, "--workers", "2", "--panel")...)
	sameFiles(t, one, two, csvFiles[:5]) // columns.csv differs: regions.csv is documented
}

func TestParquetMatchesCSV(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--format", "both", "--panel")...)
	for _, stem := range []string{"steps", "events", "documents", "regions"} {
		recs := readCSV(t, filepath.Join(dir, stem+".csv"))
		header, rows := readParquetAsText(t, filepath.Join(dir, stem+".parquet"))
		if !slices.Equal(header, recs[0]) {
			t.Errorf("%s.parquet columns %v, want %v", stem, header, recs[0])
		}
		if len(rows) != len(recs)-1 {
			t.Fatalf("%s.parquet has %d rows, %s.csv %d", stem, len(rows), stem, len(recs)-1)
		}
		for i, row := range rows {
			if !slices.Equal(row, recs[i+1]) {
				t.Fatalf("%s row %d: parquet %v, csv %v", stem, i, row, recs[i+1])
			}
		}
	}
}

func TestNonEmptyFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCLI(t, tinyArgs(dir)...)
	if err == nil || exitCode(err) == 0 {
		t.Fatalf("run into a non-empty folder: err %v, want a failure", err)
	}
	if !strings.Contains(stderr, "--force") {
		t.Errorf("stderr %q does not say how to proceed (--force)", stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("refused run left %d entries in the folder, want only notes.txt", len(entries))
	}

	// A first run with a panel, then a forced run without: the panel of
	// the old run is removed, the user's file is kept.
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(out, "--panel")...)
	before, _ := os.ReadFile(filepath.Join(out, "steps.csv"))
	if _, _, err := runCLI(t, tinyArgs(out)...); err == nil {
		t.Fatal("second run into the results folder succeeded without --force")
	}
	after, _ := os.ReadFile(filepath.Join(out, "steps.csv"))
	if !bytes.Equal(before, after) {
		t.Error("a refused run changed steps.csv")
	}
	os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
	mustRun(t, tinyArgs(out, "--force", "--seed", "5")...)
	if _, err := os.Stat(filepath.Join(out, "regions.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("regions.csv of the earlier run is still there after a forced run without --panel (%v)", err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "notes.txt")); string(got) != "mine" {
		t.Error("a forced run touched a file that is not ipsim's")
	}
	if m := readManifestT(t, out); m.MasterSeed != 5 {
		t.Errorf("after the forced run the manifest's seed is %d, want 5", m.MasterSeed)
	}
}

func TestBadInputFails(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "out")
	for _, tc := range []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown flag", []string{"run", "--bogus", "--out", out}, "bogus"},
		{"missing file", []string{"run", filepath.Join(root, "nope.toml"), "--out", out}, "nope.toml"},
		{"unknown key", []string{"run", "--set", "world.provincez=3", "--out", out}, "provincez"},
		{"value out of range", []string{"run", "--set", "world.heterogeneity=-0.3", "--out", out}, "heterogeneity"},
		{"not key=value", []string{"run", "--set", "world.provinces", "--out", out}, "key=value"},
		{"zero replications", []string{"run", "--reps", "0", "--out", out}, "--reps"},
		{"bad format", []string{"run", "--format", "xlsx", "--out", out}, "xlsx"},
		{"two files", []string{"run", "a.toml", "b.toml", "--out", out}, "at most one"},
		{"file and preset", []string{"run", "a.toml", "--preset", "default", "--out", out}, "not both"},
		{"unknown preset", []string{"run", "--preset", "utopia", "--out", out}, "utopia"},
		{"unknown command", []string{"fly"}, "fly"},
		{"bad seed", []string{"run", "--seed", "-1", "--out", out}, "seed"},
		// flags are checked as the keys they set, or the saved
		// scenario.toml would not load again
		{"replications above the key's range", []string{"run", "--reps", "2000000", "--out", out}, "--reps = 2000000: must be in [1, 1000000]"},
		{"workers above the key's range", []string{"run", "--workers", "5000", "--out", out}, "--workers = 5000: must be in [0, 4096]"},
		{"seed beyond a TOML integer", []string{"run", "--seed", "9223372036854775808", "--out", out}, "--seed = 9223372036854775808: must be in [0, 9223372036854775807]"},
		{"sweep replications above the key's range", []string{"sweep", "x.toml", "--reps", "2000000", "--out", out}, "--reps = 2000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, tc.args...)
			if err == nil || exitCode(err) == 0 {
				t.Fatalf("ipsim %s: err %v (exit %d), want a failure", strings.Join(tc.args, " "), err, exitCode(err))
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr %q does not mention %q", stderr, tc.want)
			}
			if strings.Contains(stderr, "panic:") || goroutineTrace.MatchString(stderr) {
				t.Errorf("stderr looks like a panic: %s", stderr)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a failed command created the results folder")
			}
		})
	}
}

// A scenario file whose name does not end in .toml is taken for a
// command: the message says how to run it.
func TestFileTakenForCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "my.TOML")
	mustRun(t, "init", file)
	_, stderr, err := runCLI(t, file)
	if exitCode(err) != 2 || !strings.Contains(stderr, "ipsim run "+file) {
		t.Errorf("ipsim %s: %v, stderr %q; want a usage error saying ipsim run %s", file, err, stderr, file)
	}
}

// goroutineTrace matches the stack trace of a panic.
var goroutineTrace = regexp.MustCompile(`goroutine \d+ \[`)

func TestHelpAndVersion(t *testing.T) {
	stdout, _ := mustRun(t, "help")
	for _, c := range []string{"run", "presets", "show", "init", "help", "version"} {
		if !strings.Contains(stdout, "  "+c+" ") {
			t.Errorf("help does not list %s:\n%s", c, stdout)
		}
	}
	// the exit statuses it lists are those ipsim returns
	for code, args := range map[int][]string{1: {"show", "--set", "run.replications=0"}, 2: {"run", "--forc"}} {
		_, _, err := runCLI(t, args...)
		listed := strings.Contains(stdout, strconv.Itoa(code)+" a")
		if got := exitCode(err); got != code || !listed {
			t.Errorf("ipsim %q exits %d; help lists exit status %d: %v", args, got, code, listed)
		}
	}
	if !strings.Contains(stdout, "exit status: 0 done") || !strings.Contains(stdout, "130 interrupted") || exitCode(errInterrupted) != 130 {
		t.Errorf("help does not list the exit statuses:\n%s", stdout)
	}
	for _, self := range []string{"help", "-h"} {
		if again, _ := mustRun(t, "help", self); again != stdout {
			t.Errorf("help %s printed %q, want the command list", self, again)
		}
	}
	stdout, _ = mustRun(t, "help", "run")
	for _, f := range []string{"-reps", "-seed", "-workers", "-out", "-force", "-format", "-quiet", "-panel", "-set", "-preset"} {
		if !strings.Contains(stdout, f) {
			t.Errorf("help run does not describe %s", f)
		}
	}
	stdout, _ = mustRun(t, "version")
	if !strings.HasPrefix(stdout, "ipsim ") || !strings.Contains(stdout, "go") {
		t.Errorf("version printed %q", stdout)
	}
	var hOut, hErr bytes.Buffer
	if err := run([]string{"run", "-h"}, &hOut, &hErr); exitCode(err) != 0 {
		t.Errorf("run -h: exit %d, want 0", exitCode(err))
	}
	if !strings.Contains(hOut.String(), "usage: ipsim run") || hErr.Len() != 0 {
		t.Errorf("run -h: stdout %q, stderr %q; want the usage on stdout (ipsim run -h | less)", hOut.String(), hErr.String())
	}
}

func TestScenarioCommands(t *testing.T) {
	stdout, _ := mustRun(t, "presets")
	if !strings.Contains(stdout, defaultPreset) {
		t.Errorf("presets does not list %s:\n%s", defaultPreset, stdout)
	}
	// one line a preset, each short enough to read as two columns
	// (the default's 740-character description is cut to its first sentence)
	list, _, _ := strings.Cut(stdout, "\n\n")
	if lines := strings.Split(list, "\n"); len(lines) != len(scenarios.Presets()) {
		t.Errorf("presets printed %d lines for %d presets", len(lines), len(scenarios.Presets()))
	}
	for line := range strings.SplitSeq(list, "\n") {
		if len(line) > 240 {
			t.Errorf("presets line of %d characters: %.80s...", len(line), line)
		}
	}
	shown, _ := mustRun(t, "show", "--set", "world.provinces=2")
	if !strings.Contains(shown, "provinces = 2") {
		t.Errorf("show --set world.provinces=2 does not show it:\n%s", shown)
	}

	// init writes a starter that runs; it refuses to overwrite.
	dir := t.TempDir()
	file := filepath.Join(dir, "my.toml")
	mustRun(t, "init", file)
	if _, _, err := runCLI(t, "init", file); err == nil {
		t.Error("init over an existing file succeeded without --force")
	}
	mustRun(t, "show", file)
}

// A bad flag is one line naming the command and where its flags are
// listed, not the whole usage text.
func TestBadFlagOneLine(t *testing.T) {
	_, stderr, err := runCLI(t, "run", "--seed", "-1")
	if exitCode(err) != 2 {
		t.Errorf("exit %d, want 2", exitCode(err))
	}
	if want := "ipsim: run: --seed = -1: must be a whole number >= 0 (ipsim help run lists its flags)\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

// init into a folder that does not exist says so, not a temporary file's
// name.
func TestInitMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "x.toml")
	_, _, err := runCLI(t, "init", path)
	if err == nil || !strings.Contains(err.Error(), "there is no folder") || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("init into a missing folder: %v, want it named", err)
	}
}

// An empty (or comments-only) scenario file is refused by every command
// that loads one: a truncated file must not pass for a real scenario.
func TestEmptyFileRefused(t *testing.T) {
	for _, text := range []string{"", "# nothing yet\n\n", "\ufeff  \n"} {
		file := filepath.Join(t.TempDir(), "empty.toml")
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "out")
		for _, args := range [][]string{append(tinyArgs(out), file), {"show", file}, {"sweep", file, "--out", out, "--dry-run"}} {
			_, _, err := runCLI(t, args...)
			if err == nil || !strings.Contains(err.Error(), file+`: sets nothing: to run the default scenario, give no file (ipsim run), or write extends = "default" in it`) {
				t.Errorf("ipsim %s of %q: %v, want it refused", args[0], text, err)
			}
		}
	}
}

// A shared section that overrides a key of an arm's preset is run as
// written, with a warning on stderr naming the line, for run and show.
func TestPresetOverrideWarns(t *testing.T) {
	file := filepath.Join(t.TempDir(), "s.toml")
	text := "[policy]\ncoordination = true\n\n[[arm]]\nname = \"lf\"\npreset = \"laissez_faire\"\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	want := file + `:2: policy.coordination = true: set for every arm, this overrides arm "lf"'s preset "laissez_faire" (false)`
	_, stderr, err := runCLI(t, "show", file)
	if err != nil || !strings.Contains(stderr, "ipsim: warning: "+want) {
		t.Errorf("show: err %v, stderr %q, want the warning %q", err, stderr, want)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, stderr = mustRun(t, append(tinyArgs(out), file)...)
	if !strings.Contains(stderr, want) {
		t.Errorf("run: stderr %q, want the warning", stderr)
	}
}

// A completed run removes the temporary files a killed earlier run left
// beside its files.
func TestRunRemovesStaleTempFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir)...)
	stale := filepath.Join(dir, ".steps.csv.tmp-123456")
	if err := os.WriteFile(stale, []byte("half a run"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, tinyArgs(dir, "--force")...)
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("%s left behind", stale)
	}
}

// The file a killed command left while checking that its folder is
// writable (.ipsim-check-*) does not make the folder "not empty" either.
func TestRunIgnoresLeftWriteCheck(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ".ipsim-check-42"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, tinyArgs(out)...)
}

// init --force replaces a file, never a folder, a device or a link.
func TestInitRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(filepath.Join(dir, "target.toml"), link); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{dir: "is a folder", link: "is a symbolic link", os.DevNull: "is a device", "": "an argument is empty"} {
		_, _, err := runCLI(t, "init", path, "--force")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("init %q --force: %v, want %q", path, err, want)
		}
	}
	if st, err := os.Lstat(os.DevNull); err != nil || st.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is no longer a device", os.DevNull)
	}
}

// An empty flag value or argument is a usage error, not the default.
func TestEmptyFlagValues(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--out", ""},
		{"run", "--format", ""},
		{"show", "--preset", ""},
		{"sweep", "x.toml", "--out", ""},
		{"merge", "", "a"},
	} {
		_, _, err := runCLI(t, args...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "empty") {
			t.Errorf("ipsim %q: %v (exit %d), want a usage error about the empty value", args, err, exitCode(err))
		}
	}
}

// holdFolder creates dir if needed and holds it as another ipsim process
// would (lockDir); the returned function lets go.
func holdFolder(t *testing.T, dir string) func() {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockDir(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return unlock
}

// A run refuses a folder that another process is writing, instead of both
// writing it and both reporting success; the lock file left by a killed
// run does not make a folder non-empty.
func TestRunRefusesFolderInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	unlock := holdFolder(t, dir)
	_, _, err := runCLI(t, tinyArgs(dir)...)
	if err == nil || !strings.Contains(err.Error(), "is being written by another ipsim process") {
		t.Errorf("run into a folder in use: %v, want a refusal", err)
	}
	unlock()
	if err := os.WriteFile(filepath.Join(dir, lockName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, tinyArgs(dir)...) // a stale lock file: the folder is still empty
	if _, err := os.Stat(filepath.Join(dir, lockName)); err == nil {
		t.Errorf("%s left after the run", lockName)
	}
}

// A run --force does not write into a folder whose sweep is running (its
// runs lock their logs, not the folder).
func TestRunRefusesRunningSweep(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sw")
	if err := os.MkdirAll(filepath.Join(dir, runsDir), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := openLocked(filepath.Join(dir, runsDir, "shard-0-of-1.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, _, err = runCLI(t, append(tinyArgs(dir), "--force")...)
	if err == nil || !strings.Contains(err.Error(), "being written by an ipsim sweep") {
		t.Errorf("run --force into a running sweep's folder: %v, want a refusal", err)
	}
}

// A flag given twice is a usage error (the last one used to win
// silently); --set adds a value each time.
func TestRepeatedFlag(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--preset", "default", "--preset", "centralized"},
		{"sweep", "x.toml", "--shard", "0/2", "--shard=1/2"},
		{"run", "--reps", "2", "--reps", "3"},
	} {
		_, _, err := runCLI(t, args...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "is given twice") {
			t.Errorf("ipsim %q: %v, want a usage error about the repeated flag", args, err)
		}
	}
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--set", "run.steps=4", "--set", "run.seed=3")...)
}

// A flag and a --set of the key it stands for that disagree are a usage
// error, in either order (the flag used to win silently); the same value
// twice runs.
func TestFlagAndSetConflict(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	for _, args := range [][]string{
		{"--out", out, "--reps", "2", "--set", "run.replications=3"},
		{"--out", out, "--set", "run.replications=3", "--reps", "2"},
		{"--out", out, "--seed", "3", "--set", "run.seed=4"},
		{"--out", out, "--workers", "1", "--set", "run.workers=2"},
		{"--out", filepath.Join(tmp, "a"), "--set", "output.dir=" + filepath.Join(tmp, "b")},
		{"--out", out, "--format", "both", "--set", "output.format=csv"},
		{"--out", out, "--panel", "--set", "output.panel=false"},
		{"--out", out, "--no-plots", "--set", "output.plots=true"},
	} {
		full := append([]string{"run", "--set", "world.provinces=1", "--set", "world.cities_per_province=1", "--set", "run.steps=4", "--quiet"}, args...)
		_, _, err := runCLI(t, full...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "different values: give one") {
			t.Errorf("ipsim %q: %v, want a usage error naming both", full, err)
		}
		os.RemoveAll(out) // the old behaviour ran
	}
	mustRun(t, tinyArgs(out, "--set", "run.steps=4", "--set", "run.replications=3", "--set", "output.plots=false")...)
	// one folder, written two ways (a trailing slash, a ./)
	same := filepath.Join(tmp, "same")
	sep := string(filepath.Separator)
	mustRun(t, tinyArgs(same+sep, "--set", "output.dir="+tmp+sep+"."+sep+"same")...)
	// and a relative path with its absolute one, an empty output.dir with
	// its default
	t.Chdir(tmp)
	mustRun(t, tinyArgs("rel", "--set", "output.dir="+filepath.Join(tmp, "rel"))...)
	mustRun(t, tinyArgs(defaultOutDir, "--set", "output.dir=")...)
}

// A results folder that cannot be made or written is named with the
// reason, not a temporary file's path.
func TestUnusableResultsFolder(t *testing.T) {
	root := t.TempDir()
	afile := filepath.Join(root, "afile")
	if err := os.WriteFile(afile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, tinyArgs(filepath.Join(afile, "sub"))...)
	if err == nil || !strings.Contains(err.Error(), "cannot use "+filepath.Join(afile, "sub")+" as a results folder: not a directory") {
		t.Errorf("--out under a file: %v", err)
	}
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	ro := filepath.Join(root, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCLI(t, tinyArgs(ro)...)
	if err == nil || !strings.Contains(err.Error(), "cannot write into the results folder "+ro+": permission denied") {
		t.Errorf("--out a read-only folder: %v", err)
	}
}

// A flag value that does not parse is named with what it must be.
func TestFlagValueMessages(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--seed", "-1"}, "--seed = -1: must be a whole number >= 0"},
		{[]string{"run", "--reps", "abc"}, "--reps = abc: must be a whole number"},
		{[]string{"run", "--seed", "99999999999999999999999"}, "--seed = 99999999999999999999999: too large"},
		// the flag package's own messages, with the flag as typed (--)
		{[]string{"run", "--forc"}, "run: --forc: unknown flag (did you mean --force?)"},
		{[]string{"show", "--reps", "3"}, "show: --reps: unknown flag: a flag of ipsim run, sweep and validate, not of ipsim show ("},
		// a flag of another command is not matched to a near name of
		// this one's: sweep --set is not --out, validate --format not --force
		{[]string{"sweep", "x.toml", "--set", "a=1"}, "sweep: --set: unknown flag: a flag of ipsim run and show, not of ipsim sweep: a sweep takes no overrides; edit the scenario file, or write one that extends it ("},
		{[]string{"validate", "--format", "csv"}, "validate: --format: unknown flag: a flag of ipsim merge, run and sweep, not of ipsim validate ("},
		{[]string{"run", "--forcee"}, "run: --forcee: unknown flag (did you mean --force?)"},
		{[]string{"--version"}, "run: --version: unknown flag (ipsim's version: ipsim version)"},
		{[]string{"run", "--out"}, "run: --out needs a value"},
		{[]string{"run", "--force=maybe"}, "run: --force = maybe: must be true or false"},
	} {
		_, _, err := runCLI(t, tc.args...)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ipsim %q: %v, want a usage error %q", tc.args, err, tc.want)
		}
	}
}

// TestPanelBytes: the panel's estimate (panelBytes, which --panel's
// warning gives) is within a quarter of what a run writes, in CSV and
// Parquet, with counties.
func TestPanelBytes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--panel", "--format", "both", "--set", "world.counties_per_city=2")...)
	sc, err := loadScenario(filepath.Join(dir, "scenario.toml"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	e := experimentOf(sc)
	for _, c := range []struct {
		format string
		files  []string
	}{
		{"csv", []string{"regions.csv", "sectors.csv"}},
		{"parquet", []string{"regions.parquet", "sectors.parquet"}},
	} {
		got := 0.0
		for _, f := range c.files {
			st, err := os.Stat(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			got += float64(st.Size())
		}
		if _, est := panelBytes(e, c.format); est < 0.75*got || est > 1.25*got {
			t.Errorf("%s: panel estimated at %.0f bytes, files take %.0f", c.format, est, got)
		}
	}
}

// TestPanelWarning: ipsim run warns before a panel of a gigabyte or more
// (the default scenario with counties: 23 million rows, over 5 GB),
// saying how much it takes and how to take less, and not before a smaller
// one or without the panel.
func TestPanelWarning(t *testing.T) {
	for _, c := range []struct {
		name   string
		sets   []string
		panel  bool
		format string
		want   []string // "" for no warning
	}{
		{"counties", []string{"world.counties_per_city=8"}, true, "csv", []string{"about 5.2 GiB", "23.4 million rows (90 runs x 92 steps)", "--format parquet"}},
		{"counties in parquet", []string{"world.counties_per_city=8"}, true, "parquet", []string{"about 1.7 GiB"}},
		{"default world", nil, true, "both", nil},
		{"no panel", []string{"world.counties_per_city=8"}, false, "csv", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc, err := loadScenario("", "", c.sets)
			if err != nil {
				t.Fatal(err)
			}
			e := experimentOf(sc)
			e.Panel = c.panel
			got := panelWarning(e, c.format)
			if c.want == nil && got != "" {
				t.Errorf("warning %q, want none", got)
			}
			if c.want != nil && got == "" {
				t.Errorf("no warning, want one")
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("warning %q does not say %q", got, w)
				}
			}
			if c.format == "parquet" && strings.Contains(got, "--format parquet") {
				t.Errorf("warning %q suggests Parquet to a Parquet run", got)
			}
		})
	}
}

// A run with --force renames its files over an earlier run's one by one:
// stopped between two renames (here a rename that fails), the folder
// mixes both runs' files, so the earlier manifest must no longer describe
// it: it is marked superseded, and ipsim plot refuses the folder.
func TestForcedRunMarksEarlierManifestBeforeRenaming(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r")
	mustRun(t, tinyArgs(out)...)
	// summary.csv is renamed after steps.csv: a folder in its place makes
	// that rename fail once steps.csv is the new run's
	summary := filepath.Join(out, "summary.csv")
	if err := os.Remove(summary); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(summary, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, tinyArgs(out, "--force", "--seed", "9")...); err == nil {
		t.Fatal("the forced run renamed a file over a folder")
	}
	if m := readManifestT(t, out); m.Status != statusSuperseded || m.SupersededBy != "run" {
		t.Errorf("manifest status %q by %q after a replacement stopped half-way, want %q by run", m.Status, m.SupersededBy, statusSuperseded)
	}
	if _, _, err := runCLI(t, "plot", out, "--quiet"); err == nil || !strings.Contains(err.Error(), "run it again") {
		t.Errorf("plot of the mixed folder: %v, want a refusal saying to run again", err)
	}
}

// The run's opening line counts its steps in words that agree with the
// number: "of 1 step", not "of 1 steps".
func TestRunLineOneStep(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	_, e := mustRun(t, "run", "--set", "world.provinces=1", "--set", "world.cities_per_province=1", "--set", "run.steps=1", "--reps", "1", "--out", out, "--no-plots")
	if !strings.Contains(e, "= 3 runs of 1 step on ") {
		t.Errorf("stderr %q, want its opening line to say '= 3 runs of 1 step on'", e)
	}
}
