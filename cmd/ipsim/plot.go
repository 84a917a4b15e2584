package main

// ipsim plot DIR: re-draw the charts and the report of a results folder
// from its CSV files alone, and the post-run hook that draws them at the
// end of every completed ipsim run (unless --no-plots).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ipsim/ipsim/plots"
)

func init() {
	register(command{
		name:    "plot",
		summary: "re-draw the charts and report.html of a results folder from its CSV files",
		usage:   "ipsim plot DIR [--pdf] [--quiet]",
		run:     runPlot,
	})
	registerPostRun(plotHook)
}

func runPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := commands["plot"]
	fs := newFlagSet(c, stdout)
	pdf := fs.Bool("pdf", false, "also write every chart as PDF (not byte-stable: PDF stamps a creation date)")
	quiet := fs.Bool("quiet", false, "no message on stderr")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("plot takes one results folder, got %d arguments", len(pos))
	}
	dir := pos[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		switch {
		case err == nil:
			err = errors.New("not a folder")
		case errors.Is(err, os.ErrNotExist):
			err = errors.New("no such folder")
		}
		return fmt.Errorf("plot: %s: %w; give the results folder of a run or a sweep", dir, err)
	}
	unlock, err := lockDir(dir, "")
	if err != nil {
		return err
	}
	defer unlock()
	logs, _ := filepath.Glob(filepath.Join(dir, runsDir, "shard-*.log"))
	_, errPoints := os.Stat(filepath.Join(dir, "points.csv"))
	_, errSteps := os.Stat(filepath.Join(dir, "steps.csv"))
	if errPoints != nil && errSteps != nil && len(logs) > 0 {
		return fmt.Errorf("plot: %s holds a sweep's run logs but not its tables yet: finish it with ipsim sweep --resume %s, or, for shards, ipsim merge OUT %s ... and plot OUT", dir, shellArg(dir), shellArg(dir))
	}
	if m, _ := readManifest(dir); m != nil && m.Status == statusSuperseded {
		return fmt.Errorf("plot: %s: %s", dir, m.Note)
	}
	// tables the manifest lists but the folder lacks: their charts go
	if m, _ := readManifest(dir); m != nil {
		for _, f := range m.Files {
			if strings.HasSuffix(f, ".csv") {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					fmt.Fprintf(stderr, "ipsim: warning: %s lists %s, which is missing: %s\n", filepath.Join(dir, manifestName), f, missingTableEffect(f))
				}
			}
		}
	}
	files, err := plots.Render(dir, plots.Options{PDF: *pdf, Context: ctx})
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %v; the charts written so far are in %s, the report is not", errInterrupted, err, filepath.Join(dir, "charts"))
		}
		return err
	}
	if err := listDrawn(dir, files); err != nil {
		return err
	}
	if !*quiet {
		fmt.Fprintf(stderr, "ipsim: %d charts and the report written: %s\n", (len(files)-1)/formatsPerChart(*pdf), filepath.Join(dir, "report.html"))
	}
	return nil
}

// missingTableEffect says what re-drawing a folder without table f loses:
// some tables feed charts, others only the report's tables (which
// steps.csv can stand in for), others nothing.
func missingTableEffect(f string) string {
	switch f {
	case "steps.csv":
		return "a run's charts and report are drawn from it"
	case "events.csv":
		return "the adoption and scale-up charts and the report's table of scaled-up practices are left out"
	case "documents.csv":
		return "the instrument-mix and documents charts are left out"
	case "summary.csv", "effects.csv":
		return "the report computes its figures from steps.csv instead"
	case "columns.csv":
		return "the report's tables lose the metrics' meanings and units"
	case "points.csv", "indices.csv":
		return "a sweep's charts and report are drawn from it"
	case "validation.csv":
		return "the report's validation table is left out"
	}
	return "no chart is drawn from it"
}

// formatsPerChart is the number of files Render writes per chart.
func formatsPerChart(pdf bool) int {
	if pdf {
		return 3
	}
	return 2
}

// plotHook draws the charts and the report at the end of a completed run.
// It needs the CSV files: with --format parquet alone it says so, even
// under --quiet (a missing report is not progress), and draws nothing.
func plotHook(ctx context.Context, r postRun) ([]string, error) {
	if !r.Plots {
		return nil, nil
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "steps.csv")); err != nil {
		if _, err2 := os.Stat(filepath.Join(r.Dir, "points.csv")); err2 != nil {
			fmt.Fprintln(r.Stderr, "ipsim: no charts and no report.html: they are drawn from the CSV files (use --format both, or csv)")
			return nil, nil
		}
	}
	b := readBuild()
	prov := map[string]string{
		"version":       b.Version,
		"revision":      b.Revision,
		"go_version":    b.GoVersion,
		"command":       r.Command,
		"status":        "completed",
		"scenario":      r.Scenario.Name,
		"master_seed":   fmt.Sprint(r.Scenario.Run.Seed),
		"scenario_hash": r.Scenario.Hash(),
	}
	files, err := plots.Render(r.Dir, plots.Options{Provenance: prov, Context: ctx})
	if err != nil {
		if ctx.Err() != nil {
			return files, fmt.Errorf("%w while drawing the charts: the results are complete; draw the charts with ipsim plot %s", errInterrupted, shellArg(r.Dir))
		}
		return files, err
	}
	if !r.Quiet {
		fmt.Fprintf(r.Stderr, "ipsim: charts and report: %s\n", filepath.Join(r.Dir, "report.html"))
	}
	return files, nil
}

// listDrawn records in dir's manifest.json, if it has one, the charts and
// report that a re-drawing wrote in place of those it listed, so that a
// later --force run knows them as the folder's files. A sweep's design is
// kept as written.
func listDrawn(dir string, drawn []string) error {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil // no manifest: nothing to keep up to date
	}
	var m struct {
		manifest
		Sweep json.RawMessage `json:"sweep,omitempty"`
	}
	if err := json.Unmarshal(data, &m); err != nil || m.Tool != "ipsim" {
		return nil // not ours to rewrite
	}
	var files []string
	for _, f := range m.Files {
		if !strings.HasPrefix(f, "charts/") && f != "report.html" && f != manifestName {
			files = append(files, f)
		}
	}
	m.Files = append(append(files, drawn...), manifestName)
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("ipsim: manifest: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, manifestName), append(out, '\n'))
}
