package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrintErrorPrefixOnce: every printed line starts with "ipsim: " and
// holds it once, whether the error was prefixed where it was made, by a
// caller that wrapped it, both, or not at all.
func TestPrintErrorPrefixOnce(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"bare", errors.New("boom"), "ipsim: boom\n"},
		{"prefixed", errors.New("ipsim: boom"), "ipsim: boom\n"},
		{"doubled", errors.New("ipsim: ipsim: boom"), "ipsim: boom\n"},
		{"wrapped twice",
			fmt.Errorf("ipsim: sweep point 3 (policy.autonomy=0.5), run 7: %w", errors.New("ipsim: arm a, replication 1 (seed 9): boom")),
			"ipsim: sweep point 3 (policy.autonomy=0.5), run 7: arm a, replication 1 (seed 9): boom\n"},
		{"usage", usageError("--reps = %d: must be >= 1", 0), "ipsim: --reps = 0: must be >= 1\n"},
		{"usage of a prefixed error", usageError("%v", errors.New("ipsim: bad")), "ipsim: bad\n"},
		{"interrupted", fmt.Errorf("%w after 2 of 9 runs", errInterrupted), "ipsim: interrupted after 2 of 9 runs\n"},
		{"one problem per line",
			errors.New("a.toml:3: world.heterogeneity = -1: must be >= 0\nipsim: a.toml:4: world.foo = 2: unknown key"),
			"ipsim: a.toml:3: world.heterogeneity = -1: must be >= 0\nipsim: a.toml:4: world.foo = 2: unknown key\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			printError(&b, tt.err)
			if got := b.String(); got != tt.want {
				t.Errorf("printError(%q) printed\n%q\nwant\n%q", tt.err, got, tt.want)
			}
		})
	}
}

// TestErrorsPrintPrefixOnce runs failing commands end to end: each line
// on stderr starts with "ipsim: " and holds it exactly once.
func TestErrorsPrintPrefixOnce(t *testing.T) {
	root := t.TempDir()
	for _, args := range [][]string{
		{"fly"},
		{"run", "--reps", "0", "--out", filepath.Join(root, "a")},
		{"run", filepath.Join(root, "nope.toml")},
		{"run", "--set", "world.provincez=3", "--set", "policy.autonomy=2", "--out", filepath.Join(root, "b")},
		{"show", "--preset", "utopia"},
		{"plot", filepath.Join(root, "nope")},
		{"plot", root},
		{"validate", "--reps", "1"},
		{"merge"},
	} {
		_, stderr, err := runCLI(t, args...)
		if err == nil {
			t.Errorf("ipsim %s succeeded, want an error", strings.Join(args, " "))
			continue
		}
		for line := range strings.Lines(stderr) {
			if !strings.HasPrefix(line, "ipsim: ") || strings.Count(line, "ipsim: ") != 1 {
				t.Errorf("ipsim %s: stderr line %q: want the prefix \"ipsim: \" once, at the start", strings.Join(args, " "), line)
			}
		}
	}
}

// A command ipsim suggests can be pasted into a shell as printed: a path
// with a space or a shell character is quoted.
func TestSuggestedCommandQuotesPaths(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my scenario.toml")
	stdout, _, err := runCLI(t, "init", path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "ipsim run '" + path + "'\n"; !strings.HasSuffix(stdout, want) {
		t.Errorf("ipsim init %q printed %q, want it to end %q", path, stdout, want)
	}
	for _, tc := range []struct{ in, want string }{
		{"ipsim-out", "ipsim-out"},
		{"runs/a_1.toml", "runs/a_1.toml"},
		{"résultats/中文", "résultats/中文"},
		{"my runs", "'my runs'"},
		{"a&b;c", "'a&b;c'"},
		{"$HOME", "'$HOME'"},
		{"it's", `'it'\''s'`},
		{"", "''"},
	} {
		if got := shellArg(tc.in); got != tc.want {
			t.Errorf("shellArg(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// fullDisk is a standard output that refuses every write, as /dev/full.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// What a command prints on standard output is its result: when it cannot
// be written (a full disk under ipsim presets > list.txt) the command
// fails, rather than exit 0 with the output lost.
func TestStdoutWriteErrorFails(t *testing.T) {
	for _, args := range [][]string{
		{"presets"},
		{"help"},
		{"help", "run"},
		{"run", "-h"},
		{"version"},
		{"show"},
		{"init", "-"},
	} {
		var stderr bytes.Buffer
		err := run(args, fullDisk{}, &stderr)
		if exitCode(err) != 1 || !strings.Contains(stderr.String(), "writing to standard output: no space left on device") {
			t.Errorf("ipsim %q on a full standard output: exit %d (%v), stderr %q; want exit 1 naming the write error", args, exitCode(err), err, stderr.String())
		}
	}
	// a run's summary table is lost, its results folder is complete
	dir := filepath.Join(t.TempDir(), "out")
	var stderr bytes.Buffer
	if err := run(tinyArgs(dir), fullDisk{}, &stderr); exitCode(err) != 1 || !strings.Contains(stderr.String(), "results folder included, are complete") {
		t.Errorf("ipsim run on a full standard output: exit %d (%v), want 1 saying the results folder is complete", exitCode(err), err)
	}
	if m := readManifestT(t, dir); m.Status != statusCompleted {
		t.Errorf("ipsim run on a full standard output: manifest status %q, want %q", m.Status, statusCompleted)
	}
}
