package main

// Assembling a sweep's results folder from its run logs: sweep.csv (and
// .parquet), points.csv, indices.csv (sobol, morris), columns.csv,
// scenario.toml, the charts and manifest.json. The logs are read in run
// order, one point at a time, so memory holds one point's results (plus,
// for sensitivity indices, one mean per point, arm and metric).
//
// points.csv: for every point, arm and metric, the mean over replications
// of the per-run figure with its 95% CI, and the paired effect versus the
// first arm (same seeds) with its CI; NaN effects for the first arm itself.
//
// indices.csv: for every arm and metric, the indices of the swept
// parameters on the point means (outcome "level") and, for the arms after
// the first, on the paired effect versus the first (outcome "effect"):
// which parameters decide whether an arm wins. Sobol: first-order and
// total indices; Morris: mu, mu*, sigma of the elementary effects; 95%
// percentile bootstrap CIs (1000 replicates, seeded by the master seed).

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/plots"
	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// Table stems of a sweep folder.
const (
	stemSweep   = "sweep"
	stemPoints  = "points"
	stemIndices = "indices"
)

// sweepSchema is sweep.csv: one row per point, arm and replication.
func sweepSchema(d *design, metrics []metricInfo) schema {
	f := []field{
		{"point", kindInt, "index", "design point, from 0; its parameter values are the swept columns"},
		{"arm", kindString, "name", "arm (policy regime) of the scenario"},
		{"replication", kindInt, "index", "replication at this point, from 0; arms of one point and replication share a seed (common random numbers)"},
		{"seed", kindUint, "uint64", "the run's seed: derived from the master seed and point*replications+replication"},
	}
	if d.Group > 0 {
		f[3].Doc = fmt.Sprintf("the run's seed: derived from the master seed and group*replications+replication, group = point / %d: the points of one group share their worlds", d.Group)
		if d.Method == methodSobol {
			f[3].Doc += fmt.Sprintf("; a group's B point (point %% %d = 1) has a world of its own: (%d + point / %d)*replications+replication", d.Group, d.Base, d.Group)
		}
	}
	f = append(f, paramFields(d)...)
	for _, m := range metrics {
		f = append(f, field{m.Name, kindFloat, m.Unit, m.Doc + " (per-run figure: " + aggregateDoc(m.Summary) + ")"})
	}
	return schema{Stem: stemSweep, Fields: f}
}

// paramFields are the swept parameters' columns.
func paramFields(d *design) []field {
	var f []field
	for j, k := range d.Keys {
		unit, doc := keyInfo(k)
		if unit == "" && d.Kinds[j] == kindString {
			unit = "category" // true/false for a boolean key, as written
		}
		f = append(f, field{d.Columns[j], d.Kinds[j], unit, fmt.Sprintf("swept parameter %s: %s", k, doc)})
	}
	return f
}

// pointsSchema is points.csv.
func pointsSchema(d *design) schema {
	f := []field{
		{"point", kindInt, "index", "design point (as in sweep.csv)"},
		{"arm", kindString, "name", "arm (policy regime)"},
	}
	f = append(f, paramFields(d)...)
	f = append(f,
		field{"metric", kindString, "name", "metric: a column of sweep.csv (per-run figure as its dictionary entry says)"},
		field{"mean", kindFloat, "unit of the metric", "mean over replications at this point (NaN when n = 0: the metric is undefined in every run here)"},
		field{"ci_low", kindFloat, "unit of the metric", "lower bound of the 95% confidence interval of the mean (Student's t; NaN when n < 2)"},
		field{"ci_high", kindFloat, "unit of the metric", "upper bound of the 95% confidence interval of the mean (NaN when n < 2)"},
		field{"n", kindInt, "runs", "replications with a defined value"},
		field{"effect_mean", kindFloat, "unit of the metric", "mean over replications of arm minus the first arm at this point, paired by seed; NaN for the first arm and when effect_n = 0"},
		field{"effect_ci_low", kindFloat, "unit of the metric", "lower bound of the 95% confidence interval of the paired effect; NaN for the first arm and when effect_n < 2"},
		field{"effect_ci_high", kindFloat, "unit of the metric", "upper bound of the 95% confidence interval of the paired effect; NaN for the first arm and when effect_n < 2"},
		field{"effect_n", kindInt, "pairs", "replications where both this arm and the first have a defined value (0 for the first arm)"},
	)
	return schema{Stem: stemPoints, Fields: f}
}

// indicesSchema is indices.csv of a sobol or morris sweep.
func indicesSchema(method string) schema {
	f := []field{
		{"arm", kindString, "name", "arm whose outcomes are analysed"},
		{"outcome", kindString, "category", "level: the arm's mean at each point; effect: the arm minus the first arm at each point (paired)"},
		{"metric", kindString, "name", "metric: a column of sweep.csv"},
		{"parameter", kindString, "key", "swept scenario key"},
	}
	if method == methodSobol {
		f = append(f,
			field{"first_order", kindFloat, "share of variance", "first-order Sobol index: share of the outcome's variance over the design due to this parameter alone (Saltelli et al. 2010 estimator); NaN when the outcome does not vary over the base samples used, or n = 0"},
			field{"first_ci_low", kindFloat, "share of variance", "lower bound of its 95% bootstrap interval (NaN when it is NaN in every bootstrap replicate, or n < 2: resamples of one unit are all alike)"},
			field{"first_ci_high", kindFloat, "share of variance", "upper bound of its 95% bootstrap interval (NaN when it is NaN in every bootstrap replicate, or n < 2: resamples of one unit are all alike)"},
			field{"total", kindFloat, "share of variance", "total Sobol index: share due to this parameter and all its interactions (Jansen 1999 estimator); NaN as first_order"},
			field{"total_ci_low", kindFloat, "share of variance", "lower bound of its 95% bootstrap interval (NaN when it is NaN in every bootstrap replicate, or n < 2: resamples of one unit are all alike)"},
			field{"total_ci_high", kindFloat, "share of variance", "upper bound of its 95% bootstrap interval (NaN when it is NaN in every bootstrap replicate, or n < 2: resamples of one unit are all alike)"},
			field{"n", kindInt, "base samples", "base samples with every output defined"},
		)
	} else {
		f = append(f,
			field{"mu", kindFloat, "unit of the metric per range", "mean elementary effect: change of the outcome when the parameter moves across its whole range; NaN when n = 0"},
			field{"mu_star", kindFloat, "unit of the metric per range", "mean absolute elementary effect (Campolongo et al. 2007): overall importance; NaN when n = 0"},
			field{"mu_star_ci_low", kindFloat, "unit of the metric per range", "lower bound of its 95% bootstrap interval (NaN when it is NaN in every bootstrap replicate, or n < 2: resamples of one unit are all alike)"},
			field{"mu_star_ci_high", kindFloat, "unit of the metric per range", "upper bound of its 95% bootstrap interval (NaN when it is NaN in every bootstrap replicate, or n < 2: resamples of one unit are all alike)"},
			field{"sigma", kindFloat, "unit of the metric per range", "standard deviation of the elementary effects: non-linearity and interactions, and the run-to-run noise (each trajectory runs in a world of its own; more replications shrink it) (n-1; NaN when n < 2)"},
			field{"n", kindInt, "trajectories", "trajectories whose elementary effect of this parameter is defined (the outcome defined at both ends of its step)"},
		)
	}
	return schema{Stem: stemIndices, Fields: f}
}

// finishSweep builds the results folder out from the complete run index.
func finishSweep(ctx context.Context, out string, job *sweepJob, ix *runIndex, m *manifest, stderr io.Writer) error {
	d := job.design
	// what a sweep finished here before wrote (the same sweep, or another
	// with --force): what this one does not write again is removed, so
	// no old table or chart is left beside the new ones, or drawn into
	// the report
	old, _ := readManifest(out) // unreadable: nothing is removed
	// temporary files a killed finish left behind (the tables are only
	// written here, once every run is recorded)
	for _, name := range []string{"sweep.csv", "sweep.parquet", "points.csv", "indices.csv", "columns.csv", manifestName} {
		tmps, _ := filepath.Glob(filepath.Join(out, "."+name+".tmp-*"))
		for _, f := range tmps {
			os.Remove(f)
		}
	}
	// the scenario first: a folder left by a finish stopped anywhere
	// says which sweep its tables are (a merge run again checks it)
	if err := writeFileAtomic(filepath.Join(out, "scenario.toml"), job.toml); err != nil {
		return err
	}
	written := []string{"scenario.toml"}
	add := func(ss sinks) {
		for _, s := range ss {
			written = append(written, s.Name())
		}
	}
	sweepS := sweepSchema(d, job.metrics)
	pointS := pointsSchema(d)
	sweepOut, err := newSinks(out, sweepS, job.format)
	if err != nil {
		return err
	}
	pointOut, err := newSinks(out, pointS, formatCSV)
	if err != nil {
		sweepOut.Abort()
		return err
	}
	abort := func() { sweepOut.Abort(); pointOut.Abort() }

	arms, reps, nm := len(d.ArmNames), d.Reps, len(job.metrics)
	first := 4 + len(d.Keys) // first metric column
	// vals[a][j][k]: arm a, metric j, replication k of the current point.
	vals := make([][][]float64, arms)
	for a := range vals {
		vals[a] = make([][]float64, nm)
		for j := range vals[a] {
			vals[a][j] = make([]float64, reps)
		}
	}
	sens := d.Method == methodSobol || d.Method == methodMorris
	// level[a][j][p], effect[a][j][p]: point means, for the indices.
	var level, effect [][][]float64
	if sens {
		level, effect = make([][][]float64, arms), make([][][]float64, arms)
		for a := range level {
			level[a], effect[a] = make([][]float64, nm), make([][]float64, nm)
			for j := range level[a] {
				level[a][j] = make([]float64, len(d.Points))
				effect[a][j] = make([]float64, len(d.Points))
			}
		}
	}
	prow := make([]value, len(pointS.Fields))
	flush := func(p int) error {
		for a := 0; a < arms; a++ {
			prow[0], prow[1] = iv(int64(p)), sv(d.ArmNames[a])
			for k, v := range d.Points[p] {
				prow[2+k] = cell(v, d.Kinds[k])
			}
			c := 2 + len(d.Keys)
			for j, mi := range job.metrics {
				s := sim.Summarize(vals[a][j])
				e := sim.Summary{Mean: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN()}
				if a > 0 {
					e = sim.Paired(vals[a][j], vals[0][j])
				}
				prow[c], prow[c+1], prow[c+2], prow[c+3], prow[c+4] = sv(mi.Name), fv(s.Mean), fv(s.CILow), fv(s.CIHigh), iv(int64(s.N))
				prow[c+5], prow[c+6], prow[c+7], prow[c+8] = fv(e.Mean), fv(e.CILow), fv(e.CIHigh), iv(int64(e.N))
				if err := pointOut.Write(prow); err != nil {
					return err
				}
				if sens {
					level[a][j][p], effect[a][j][p] = s.Mean, e.Mean
				}
			}
		}
		return nil
	}
	err = ix.rows(func(i int, row []byte) error {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		vs, err := parseRow(row, sweepS)
		if err != nil {
			return fmt.Errorf("ipsim: run %d in %s: %w", i, ix.files[ix.recs[i].file], err)
		}
		if err := sweepOut.Write(vs); err != nil {
			return err
		}
		p, j := d.job(i)
		for k := 0; k < nm; k++ {
			vals[j.Arm][k][j.Replication] = vs[first+k].f
		}
		if (i+1)%(reps*arms) == 0 {
			return flush(p)
		}
		return nil
	})
	if err == nil {
		err = sweepOut.Commit()
	}
	if err == nil {
		add(sweepOut)
		err = pointOut.Commit()
	}
	if err != nil {
		abort()
		return err
	}
	add(pointOut)

	// by the files written: points.csv is CSV whatever the format
	schemas := map[string]schema{}
	for _, s := range sweepOut {
		schemas[s.Name()] = sweepS
	}
	for _, s := range pointOut {
		schemas[s.Name()] = pointS
	}
	if sens {
		is := indicesSchema(d.Method)
		if err := writeIndices(out, is, d, job.metrics, level, effect); err != nil {
			return err
		}
		written = append(written, "indices.csv")
		schemas["indices.csv"] = is
	}
	cs := columnsSchema()
	cols, err := newSinks(out, cs, formatCSV)
	if err != nil {
		return err
	}
	schemas["columns.csv"] = cs // the dictionary documents itself, as a run's does
	for _, row := range dictionaryRows(append(written, "columns.csv"), schemas) {
		if err := cols.Write(row); err != nil {
			cols.Abort()
			return err
		}
	}
	if err := cols.Commit(); err != nil {
		return err
	}
	written = append(written, "columns.csv")
	if err := removeStale(out, old, written); err != nil {
		return err
	}

	m.Scenario, m.Source, m.ScenarioHash = job.sc.Name, job.sc.Source, job.sc.Hash()
	m.MasterSeed, m.Replications, m.Arms = d.Seed, d.Reps, d.ArmNames
	st := job.sc.Settings()
	m.Steps, m.StepsPerYear, m.StartYear = st.Steps, st.StepsPerYear, st.StartYear
	m.Format = job.format
	m.Dir = out
	m.Status = statusCompleted
	m.RunsPlanned, m.RunsDone = d.Runs(), d.Runs()
	// The manifest first, with the tables: a process stopped while the
	// charts are drawn leaves a complete, recognisable sweep folder.
	m.Finished = time.Now().UTC().Truncate(time.Millisecond)
	m.Files = append(slices.Clone(written), manifestName)
	if err := writeSweepManifest(out, m, job); err != nil {
		return err
	}
	if !job.plots {
		return nil
	}
	// drawn as if without a manifest, so the report is the same wherever
	// and whenever the sweep ran: a merge gives the single-machine report
	// byte for byte
	files, err := plots.Render(out, plots.Options{NoManifest: true, Context: ctx})
	if err != nil {
		m.Note = "charts not drawn: " + err.Error()
	}
	written = append(written, files...)
	m.Files = append(written, manifestName) // finished stays when the tables were complete
	if werr := writeSweepManifest(out, m, job); werr != nil {
		return werr
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w while drawing the charts: the tables in %s are complete; draw the charts with ipsim plot %s", errInterrupted, out, shellArg(out))
		}
		return fmt.Errorf("ipsim: %s: the tables are complete, the charts not drawn: %w (draw them with ipsim plot %s)", out, err, shellArg(out))
	}
	return nil
}

// parseRow reads one recorded row back into typed cells.
func parseRow(row []byte, s schema) ([]value, error) {
	r := csv.NewReader(bytes.NewReader(row))
	r.FieldsPerRecord = len(s.Fields)
	rec, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("malformed record: %w", err)
	}
	out := make([]value, len(rec))
	for i, txt := range rec {
		var err error
		switch s.Fields[i].Kind {
		case kindFloat:
			x := math.NaN() // written as an empty cell
			if txt != "" {
				x, err = strconv.ParseFloat(txt, 64)
			}
			out[i] = fv(x)
		case kindInt:
			var x int64
			x, err = strconv.ParseInt(txt, 10, 64)
			out[i] = iv(x)
		case kindUint:
			var x uint64
			x, err = strconv.ParseUint(txt, 10, 64)
			out[i] = uv(x)
		default:
			out[i] = sv(txt)
		}
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", s.Fields[i].Name, err)
		}
	}
	return out, nil
}

// writeIndices computes and writes indices.csv.
func writeIndices(out string, s schema, d *design, metrics []metricInfo, level, effect [][][]float64) error {
	sk, err := newSinks(out, s, formatCSV)
	if err != nil {
		return err
	}
	k := len(d.Keys)
	for a := range d.ArmNames {
		for _, outcome := range []string{"level", "effect"} {
			if outcome == "effect" && a == 0 {
				continue
			}
			for j, mi := range metrics {
				y := level[a][j]
				if outcome == "effect" {
					y = effect[a][j]
				}
				// One bootstrap stream per analysed series, keyed by its
				// names, so the intervals do not depend on which other
				// series are computed (a metric added to the model)
				rng := sim.NewRand(sim.Seed(d.Seed, seriesKey(d.ArmNames[a], outcome, mi.Name)), bootStream)
				var rowsOut [][]value
				if d.Method == methodSobol {
					si := sim.SobolIndices(y, k, bootReps, rng)
					for p := 0; p < k; p++ {
						f, t := si.First[p], si.Total[p]
						rowsOut = append(rowsOut, []value{sv(d.ArmNames[a]), sv(outcome), sv(mi.Name), sv(d.Keys[p]),
							fv(f.Value), fv(f.CILow), fv(f.CIHigh), fv(t.Value), fv(t.CILow), fv(t.CIHigh), iv(int64(si.N))})
					}
				} else {
					ee := sim.MorrisIndices(d.Coords, y, bootReps, rng)
					for p := 0; p < k; p++ {
						ms := ee.MuStar[p]
						rowsOut = append(rowsOut, []value{sv(d.ArmNames[a]), sv(outcome), sv(mi.Name), sv(d.Keys[p]),
							fv(ee.Mu[p]), fv(ms.Value), fv(ms.CILow), fv(ms.CIHigh), fv(ee.Sigma[p]), iv(int64(ee.N[p]))})
					}
				}
				for _, r := range rowsOut {
					if err := sk.Write(r); err != nil {
						sk.Abort()
						return err
					}
				}
			}
		}
	}
	return sk.Commit()
}

// sweepInfo is the design part of a sweep's manifest.
type sweepInfo struct {
	Method       string        `json:"method"`
	DesignHash   string        `json:"design_hash"`
	Keys         []string      `json:"keys"`
	Columns      []string      `json:"columns"`
	Values       []sweepValues `json:"values,omitempty"`
	Ranges       []sweepRange  `json:"ranges,omitempty"`
	Points       int           `json:"points"`
	BaseSamples  int           `json:"base_samples,omitempty"`
	MorrisLevels int           `json:"morris_levels,omitempty"`
	Runs         int           `json:"runs"`
	RunIndex     string        `json:"run_index"`
	Seeds        string        `json:"seeds"`
	Shard        string        `json:"shard,omitempty"`
}

type sweepValues struct {
	Key    string `json:"key"`
	Values []any  `json:"values"`
}

type sweepRange struct {
	Key  string  `json:"key"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// sweepManifest is manifest.json of a sweep folder: the run manifest
// (without the list of runs: sweep.csv has every run's seed) plus the
// design.
type sweepManifest struct {
	*manifest
	Sweep sweepInfo `json:"sweep"`
}

func newSweepInfo(sc *scenarios.Scenario, d *design) sweepInfo {
	si := sweepInfo{
		Method: d.Method, DesignHash: d.Hash, Keys: d.Keys, Columns: d.Columns,
		Points: len(d.Points), BaseSamples: d.Base, Runs: d.Runs(),
		RunIndex: "r = (point*replications + replication)*arms + arm",
		Seeds:    "seed = sim.Seed(master_seed, point*replications + replication), shared by the arms",
	}
	if d.Group > 0 {
		si.Seeds = fmt.Sprintf("seed = sim.Seed(master_seed, group*replications + replication) with group = point / %d (one %s), shared by the arms and the points of a group", d.Group, map[string]string{methodSobol: "base sample", methodMorris: "trajectory"}[d.Method])
		if d.Method == methodSobol {
			si.Seeds += fmt.Sprintf("; a group's B point (point %% %d = 1) has a world of its own: sim.Seed(master_seed, (%d + point / %d)*replications + replication)", d.Group, d.Base, d.Group)
		}
	}
	if d.Method == methodMorris {
		si.MorrisLevels = morrisLevels
	}
	for _, v := range sc.Sweep.Values {
		si.Values = append(si.Values, sweepValues{v.Key, v.Values})
	}
	for _, r := range sc.Sweep.Ranges {
		si.Ranges = append(si.Ranges, sweepRange{r.Key, r.Low, r.High})
	}
	return si
}

// writeSweepManifest writes manifest.json of a complete sweep folder.
func writeSweepManifest(dir string, m *manifest, job *sweepJob) error {
	sm := sweepManifest{manifest: m, Sweep: newSweepInfo(job.sc, job.design)}
	data, err := json.MarshalIndent(sm, "", "  ")
	if err != nil {
		return fmt.Errorf("ipsim: manifest: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, manifestName), append(data, '\n'))
}

// writeShardReport records that a shard completed, in
// runs/shard-I-of-N.json (the folder may be shared by every shard, so
// the shard does not write manifest.json).
func writeShardReport(dir string, sh shard, job *sweepJob, args []string, runs, workers int, started time.Time) error {
	m := newManifest("sweep", args)
	st := job.sc.Settings()
	m.Steps, m.StepsPerYear, m.StartYear = st.Steps, st.StepsPerYear, st.StartYear
	m.Workers, m.Format, m.Dir = workers, job.format, dir
	m.Started = started.UTC().Truncate(time.Millisecond)
	m.Finished = time.Now().UTC().Truncate(time.Millisecond)
	m.Scenario, m.Source, m.ScenarioHash = job.sc.Name, job.sc.Source, job.sc.Hash()
	m.MasterSeed, m.Replications, m.Arms = job.design.Seed, job.design.Reps, job.design.ArmNames
	m.Status = statusCompleted
	m.RunsPlanned, m.RunsDone = runs, runs
	m.Note = fmt.Sprintf("shard %s (%s) of the sweep: runs r with r %% %d == %d", sh, sh.Source, sh.Count, sh.Index)
	sm := sweepManifest{manifest: m, Sweep: newSweepInfo(job.sc, job.design)}
	sm.Sweep.Shard = sh.String()
	data, err := json.MarshalIndent(sm, "", "  ")
	if err != nil {
		return fmt.Errorf("ipsim: shard report: %w", err)
	}
	name := reportName(sh)
	// a shard with no runs (more shards than runs) has no log: make the
	// folder its report goes in
	if err := os.MkdirAll(filepath.Join(dir, runsDir), 0o755); err != nil {
		return fmt.Errorf("ipsim: %w", err)
	}
	return writeFileAtomic(filepath.Join(dir, name), append(data, '\n'))
}

// scenarioChanges names the keys whose values differ between two resolved
// scenario files, e.g. "world.heterogeneity (0.5 -> 0.7)": those that
// change results, or, when none does, the [output] settings that differ.
// Names and descriptions, which no comparison of scenarios counts (see
// scenarios.Canonical), are left out: a refusal lists what to put back.
func scenarioChanges(old, cur []byte) string {
	var a, b map[string]any
	if _, err := toml.Decode(string(old), &a); err != nil {
		return "the stored scenario.toml cannot be read (" + err.Error() + ")"
	}
	if _, err := toml.Decode(string(cur), &b); err != nil {
		return "the new scenario cannot be read back (" + err.Error() + ")"
	}
	fa, fb := map[string]string{}, map[string]string{}
	flatten("", a, fa)
	flatten("", b, fb)
	keys := map[string]bool{}
	for k := range fa {
		keys[k] = true
	}
	for k := range fb {
		keys[k] = true
	}
	var diff, output []string
	for k := range keys {
		if k == "name" || k == "description" || strings.HasPrefix(k, "arm.") && strings.HasSuffix(k, ".description") && strings.Count(k, ".") == 2 {
			continue
		}
		if strings.HasPrefix(k, "output.") {
			if fa[k] != fb[k] {
				output = append(output, fmt.Sprintf("%s (%s -> %s)", k, fa[k], fb[k]))
			}
			continue
		}
		va, oka := fa[k]
		vb, okb := fb[k]
		switch {
		case !oka:
			diff = append(diff, fmt.Sprintf("%s (new: %s)", k, vb))
		case !okb:
			diff = append(diff, fmt.Sprintf("%s (removed, was %s)", k, va))
		case va != vb:
			diff = append(diff, fmt.Sprintf("%s (%s -> %s)", k, va, vb))
		}
	}
	if len(diff) == 0 {
		diff = output
	}
	sort.Strings(diff)
	if len(diff) == 0 {
		if ka, kb := sweptKeys(old), sweptKeys(cur); !slices.Equal(ka, kb) {
			return fmt.Sprintf("the order of the swept keys (%s -> %s), which numbers the points", strings.Join(ka, ", "), strings.Join(kb, ", "))
		}
		return "the resolved scenario differs in layout only (another ipsim version?)"
	}
	if len(diff) > 12 {
		diff = append(diff[:12], fmt.Sprintf("and %d more", len(diff)-12))
	}
	return strings.Join(diff, ", ")
}

// flatten writes the leaves of a decoded TOML document as dotted keys.
// Elements of arrays of tables are named by their "name" key when they
// have one ("arm.centralized.policy.autonomy"), else by position.
func flatten(prefix string, v any, out map[string]string) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			flatten(join(k), e, out)
		}
	case []map[string]any:
		for i, e := range x {
			name, ok := e["name"].(string)
			if !ok {
				name = strconv.Itoa(i)
			}
			flatten(join(name), e, out)
		}
	default:
		out[prefix] = fmt.Sprintf("%v", v)
	}
}

// keyInfo returns the unit and meaning of a scenario key from the struct
// tags of the parameter types ("arm.NAME." and table entry names are
// skipped), or "", "see the scenario reference" when unknown.
func keyInfo(key string) (unit, doc string) {
	parts := strings.Split(key, ".")
	if len(parts) > 2 && parts[0] == "arm" {
		parts = parts[2:]
	}
	var t reflect.Type
	switch {
	case len(parts) == 2 && parts[0] == "run":
		t = reflect.TypeFor[scenarios.Run]()
		parts = parts[1:]
	case len(parts) == 3 && (parts[0] == "sector" || parts[0] == "instrument"):
		if parts[0] == "sector" {
			t = reflect.TypeFor[agents.Sector]()
		} else {
			t = reflect.TypeFor[agents.Instrument]()
		}
		parts = parts[2:]
	default:
		t = reflect.TypeFor[agents.Params]()
	}
	for i, p := range parts {
		found := false
		for f := range t.NumField() {
			sf := t.Field(f)
			if strings.Split(sf.Tag.Get("toml"), ",")[0] != p {
				continue
			}
			found = true
			if i == len(parts)-1 {
				return sf.Tag.Get("unit"), sf.Tag.Get("doc")
			}
			t = sf.Type
			break
		}
		if !found || t.Kind() != reflect.Struct && i < len(parts)-1 {
			break
		}
	}
	return "", "see the scenario reference"
}

// sweptKeys lists the keys of a resolved scenario's [sweep.values] or
// [sweep.ranges] in the order written (the order that numbers the points).
func sweptKeys(text []byte) []string {
	var keys []string
	in := false
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			in = line == "[sweep.values]" || line == "[sweep.ranges]"
			continue
		}
		if in && strings.HasPrefix(line, `"`) {
			if k, _, ok := strings.Cut(line[1:], `"`); ok {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// seriesKey is the bootstrap stream of one analysed series of indices.csv:
// a hash of its arm, outcome and metric names.
func seriesKey(arm, outcome, metric string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(arm + "\x00" + outcome + "\x00" + metric))
	return h.Sum64()
}
