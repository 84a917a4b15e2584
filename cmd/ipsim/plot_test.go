package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// copyResults copies the plots package's fixture (a real run of the
// default preset) into a temporary folder.
func copyResults(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "plots", "testdata", "results")
	dst := filepath.Join(t.TempDir(), "results")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestPlotCommand re-draws a results folder from its CSV files.
func TestPlotCommand(t *testing.T) {
	dir := copyResults(t)
	var stdout, stderr bytes.Buffer
	if err := run([]string{"plot", dir, "--pdf"}, &stdout, &stderr); err != nil {
		t.Fatalf("ipsim plot: %v (stderr %s)", err, stderr.String())
	}
	for _, f := range []string{"report.html", "charts/value_added.png", "charts/value_added.svg", "charts/value_added.pdf"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if !strings.Contains(stderr.String(), "report.html") {
		t.Errorf("stderr %q does not name the report", stderr.String())
	}
	stderr.Reset()
	if err := run([]string{"plot", "--quiet", dir}, &stdout, &stderr); err != nil || stderr.Len() != 0 {
		t.Errorf("ipsim plot --quiet: err %v, stderr %q", err, stderr.String())
	}
}

// TestPlotCommandErrors: bad arguments and folders exit non-zero with a
// message, never a panic.
func TestPlotCommandErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no folder", []string{"plot"}, 2, "one results folder"},
		{"two folders", []string{"plot", "a", "b"}, 2, "one results folder"},
		{"missing folder", []string{"plot", filepath.Join(t.TempDir(), "nope")}, 1, "nope"},
		{"empty folder", []string{"plot", t.TempDir()}, 1, "not a results folder"},
		{"bad flag", []string{"plot", "--colour", "x"}, 2, "colour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(tt.args, &stdout, &stderr)
			if got := exitCode(err); got != tt.code {
				t.Errorf("exit code %d, want %d (err %v)", got, tt.code, err)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.want)
			}
		})
	}
}

// ipsim plot does not draw into a folder another process is writing.
func TestPlotRefusesFolderInUse(t *testing.T) {
	dir := copyResults(t)
	unlock := holdFolder(t, dir)
	defer unlock()
	_, _, err := runCLI(t, "plot", dir, "--quiet")
	if err == nil || !strings.Contains(err.Error(), "is being written by another ipsim process") {
		t.Errorf("plot of a folder in use: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err == nil {
		t.Errorf("report.html drawn into a folder in use")
	}
}

// TestRunDrawsCharts: ipsim run draws the charts and the report at the
// end, and --no-plots skips them.
func TestRunDrawsCharts(t *testing.T) {
	small := []string{"--preset", "default", "--set", "world.provinces=2", "--set", "world.cities_per_province=2", "--set", "run.steps=8", "--reps", "2", "--quiet"}
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if err := run(append([]string{"run", "--out", dir}, small...), &stdout, &stderr); err != nil {
		t.Fatalf("ipsim run: %v (stderr %s)", err, stderr.String())
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatalf("report.html not written: %v", err)
	}
	for _, want := range []string{"<h1>default</h1>", "version", "scenario_hash"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	// The manifest is written before the report is drawn, so the report
	// shows it: its fields, and every run with its seed.
	m := readManifestT(t, dir)
	for _, want := range []string{"<th>master_seed</th>", "<th>status</th><td>completed</td>", "<th>command_line</th>",
		fmt.Sprintf("<th>runs_completed</th><td>%d</td>", len(m.Runs)), "<th>version</th><td>" + m.Version + "</td>"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("report.html lacks the manifest's %q", want)
		}
	}
	for _, r := range m.Runs {
		if !bytes.Contains(page, []byte(fmt.Sprint(r.Seed))) {
			t.Errorf("report.html lacks the seed %d of %s/%d", r.Seed, r.Arm, r.Replication)
		}
	}
	if bytes.Contains(page, []byte("manifest.json is written after this report")) {
		t.Errorf("report.html says the manifest is not written yet")
	}
	if _, err := os.Stat(filepath.Join(dir, "charts", "value_added.png")); err != nil {
		t.Errorf("value_added.png not written: %v", err)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(manifest, []byte("report.html")) {
		t.Errorf("manifest.json does not list report.html")
	}

	dir2 := filepath.Join(t.TempDir(), "out")
	if err := run(append([]string{"run", "--out", dir2, "--no-plots"}, small...), &stdout, &stderr); err != nil {
		t.Fatalf("ipsim run --no-plots: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir2, "report.html")); err == nil {
		t.Errorf("report.html written with --no-plots")
	}
	if _, err := os.Stat(filepath.Join(dir2, "charts")); err == nil {
		t.Errorf("charts written with --no-plots")
	}
}

// ipsim plot lists the charts it draws in the folder's manifest, so a
// later --force run knows them; the rest of the manifest is unchanged.
func TestPlotListsChartsInManifest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir)...) // --no-plots
	before := readManifestT(t, dir)
	if _, _, err := runCLI(t, "plot", dir, "--quiet"); err != nil {
		t.Fatal(err)
	}
	after := readManifestT(t, dir)
	charts := 0
	for _, f := range after.Files {
		if strings.HasPrefix(f, "charts/") {
			charts++
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("manifest lists %s: %v", f, err)
			}
		}
	}
	if charts == 0 || !slices.Contains(after.Files, "report.html") || after.Files[len(after.Files)-1] != manifestName {
		t.Errorf("manifest files after plot: %v", after.Files)
	}
	after.Files, before.Files = nil, nil
	if !reflect.DeepEqual(after, before) {
		t.Errorf("plot changed the manifest beyond its files")
	}
}

// The report says the command line that made the folder, so two reports
// of one scenario run with different --set values do not look alike.
func TestReportShowsCommandLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := []string{"run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3", "--set", "run.steps=8",
		"--set", "policy.career_concern=0", "--reps", "2", "--out", dir, "--quiet"}
	mustRun(t, args...)
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Run as <code>ipsim run --set world.provinces=2") || !strings.Contains(string(page), "policy.career_concern=0") {
		t.Errorf("report.html does not show the command line")
	}
	// and the manifest's times as manifest.json has them
	m := readManifestT(t, dir)
	if want := m.Finished.Format(time.RFC3339Nano); !strings.Contains(string(page), want) {
		t.Errorf("report.html does not show the manifest's finished time %s", want)
	}
}

// A --force run removes the earlier run's charts and report before it
// draws its own, so a process stopped while drawing never leaves charts
// of the earlier data beside the new tables.
func TestForceRemovesOldChartsBeforeDrawing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	args := []string{"run", "--set", "world.provinces=2", "--set", "world.cities_per_province=3", "--set", "run.steps=8", "--reps", "2", "--out", dir, "--quiet"}
	mustRun(t, args...)
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Fatal(err)
	}
	var leftover []string
	saved := postRunHooks
	defer func() { postRunHooks = saved }()
	postRunHooks = append([]postRunHook{func(ctx context.Context, r postRun) ([]string, error) {
		// what a process stopped now would leave
		if _, err := os.Stat(filepath.Join(r.Dir, "report.html")); err == nil {
			leftover = append(leftover, "report.html")
		}
		charts, _ := filepath.Glob(filepath.Join(r.Dir, "charts", "*"))
		leftover = append(leftover, charts...)
		return nil, nil
	}}, saved...)
	mustRun(t, append(args, "--seed", "9", "--force")...)
	if len(leftover) > 0 {
		t.Errorf("before drawing, the folder still held the earlier run's %v", leftover)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Errorf("no report after the run: %v", err)
	}
}

// Ctrl-C stops ipsim plot between charts with status 130, no report.
func TestPlotStopsOnInterrupt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir)...) // --no-plots
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	err := runPlot(ctx, []string{dir, "--quiet"}, &o, &e)
	if exitCode(err) != 130 {
		t.Errorf("plot after Ctrl-C: %v (exit %d), want 130", err, exitCode(err))
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err == nil {
		t.Errorf("an interrupted plot wrote report.html")
	}
}

// plot warns when a table the manifest lists is missing, rather than
// quietly drawing fewer charts, and says what goes with it: a table the
// charts are not drawn from loses none (summary.csv's figures are
// computed again from steps.csv).
func TestPlotWarnsOfMissingTable(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"documents.csv", "the instrument-mix and documents charts are left out"},
		{"events.csv", "the adoption and scale-up charts"},
		{"summary.csv", "the report computes its figures from steps.csv instead"},
		{"regions.csv", "no chart is drawn from it"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		mustRun(t, append(tinyArgs(dir), "--panel")...)
		if err := os.Remove(filepath.Join(dir, tc.file)); err != nil {
			t.Fatal(err)
		}
		_, stderr, err := runCLI(t, "plot", dir, "--quiet")
		if err != nil {
			t.Fatal(err)
		}
		if want := "lists " + tc.file + ", which is missing: " + tc.want; !strings.Contains(stderr, want) {
			t.Errorf("stderr %q: want %q", stderr, want)
		}
	}
}

// Drawing a folder twice gives the same report: the manifest's file list,
// which the first drawing changes, is not in it.
func TestPlotTwiceSameReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir)...) // --no-plots
	mustRun(t, "plot", dir, "--quiet")
	first, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, "plot", dir, "--quiet")
	second, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("report.html differs between two drawings of the same folder")
	}
}

// The report of an interrupted run says so at the top.
func TestReportOfInterruptedRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir)...)
	m := readManifestT(t, dir)
	m.Status, m.RunsPlanned = statusInterrupted, m.RunsDone*2
	if err := writeManifest(dir, &m); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "plot", dir, "--quiet")
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("Interrupted: %d of %d runs completed", m.RunsDone, m.RunsPlanned); !strings.Contains(string(page), want) {
		t.Errorf("report.html lacks %q", want)
	}
}

// A run stopped before any replication was complete does not advise
// drawing its charts: ipsim plot would refuse its empty tables.
func TestInterruptedBeforeAnyRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	err := runRun(ctx, []string{"--set", "world.provinces=2", "--set", "world.cities_per_province=3", "--reps", "3", "--out", dir, "--quiet"}, &o, &e)
	if exitCode(err) != 130 {
		t.Fatalf("run after Ctrl-C: %v (exit %d), want 130", err, exitCode(err))
	}
	if strings.Contains(err.Error(), "ipsim plot") {
		t.Errorf("error %q advises ipsim plot for a folder without runs", err)
	}
	if !strings.Contains(err.Error(), "no replication was complete") {
		t.Errorf("error %q does not say that no replication was complete", err)
	}
	if _, _, err := runCLI(t, "plot", dir, "--quiet"); err == nil {
		t.Errorf("ipsim plot drew a folder without runs; the message may advise it again")
	}
}

// plot of a folder that is not there says so in words, not as a stat
// error ("stat /nonexist: no such file or directory").
func TestPlotMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nonexist")
	_, _, err := runCLI(t, "plot", dir)
	if err == nil || !strings.Contains(err.Error(), dir+": no such folder") || strings.Contains(err.Error(), "stat ") {
		t.Errorf("plot %s: %v, want 'no such folder'", dir, err)
	}
}

// Arms that give the same results in every replication (here no budget
// to spend, so no policy acts) are neither above nor below the first:
// the report's lead says they are the same, with no percentage.
func TestReportLeadIdenticalArms(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, tinyArgs(dir, "--set", "world.tax_rate=0", "--set", "run.steps=8")...)
	mustRun(t, "plot", dir)
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	_, lead, _ := strings.Cut(string(b), `<p class="lead">`)
	lead, _, _ = strings.Cut(lead, "</p>")
	want := "Value added in the final year: centralized ends the same as coordinated_autonomy in every replication; laissez_faire ends the same as coordinated_autonomy in every replication."
	if lead != want {
		t.Errorf("lead %q, want %q", lead, want)
	}
}
