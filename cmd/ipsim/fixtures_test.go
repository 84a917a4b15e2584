package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestPlotsFixturesAreCurrent regenerates the plots package's fixtures
// with the commands of plots/testdata/README.md and compares them with the
// stored ones, byte for byte (manifest.json aside: it records times and
// paths): a change to the model or the file formats that leaves them stale
// fails here, not silently in the plots tests, which read them.
func TestPlotsFixturesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates six results folders")
	}
	// from the repository's root, as the README's commands run (a
	// resolved scenario names the file it came from)
	out := t.TempDir()
	t.Chdir(filepath.Join("..", ".."))
	td := filepath.Join("plots", "testdata")
	for _, c := range []struct {
		dir  string
		args []string
	}{
		{"results", []string{"run", "--preset", "default", "--set", "world.provinces=3", "--set", "world.cities_per_province=4", "--reps", "4", "--no-plots", "--quiet"}},
		{"reforms", []string{"run", "--preset", "kazakhstan_reforms", "--set", "run.steps=48", "--reps", "3", "--no-plots", "--quiet"}},
		{"sweep", []string{"sweep", filepath.Join(td, "sweeps", "sweep_small.toml"), "--quiet"}},
		{"lhs", []string{"sweep", filepath.Join(td, "sweeps", "lhs_small.toml"), "--quiet"}},
		{"sobol", []string{"sweep", filepath.Join(td, "sweeps", "sobol_small.toml"), "--quiet"}},
		{"sweep3", []string{"sweep", filepath.Join(td, "sweeps", "sweep3_small.toml"), "--quiet"}},
	} {
		t.Run(c.dir, func(t *testing.T) {
			dst := filepath.Join(out, c.dir)
			mustRun(t, append(c.args, "--out", dst)...)
			stored, err := os.ReadDir(filepath.Join(td, c.dir))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range stored {
				if e.IsDir() || e.Name() == "manifest.json" {
					continue
				}
				want, err := os.ReadFile(filepath.Join(td, c.dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(filepath.Join(dst, e.Name()))
				if err != nil {
					t.Errorf("%s: %v", e.Name(), err)
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("plots/testdata/%s/%s is stale: regenerate it as plots/testdata/README.md says", c.dir, e.Name())
				}
			}
		})
	}
}
