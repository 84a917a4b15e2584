package main

// The sweep design: the points a scenario's [sweep] section asks for, the
// runs they make, and the hash that identifies them.
//
// Methods ([sweep] method):
//
//	grid             every combination of [sweep.values], first key slowest
//	latin_hypercube  `points` points, one per bin of each [sweep.ranges] key
//	halton           `points` points of the scrambled Halton sequence
//	sobol            Saltelli design for Sobol indices: `points` = N base
//	                 samples, N*(d+2) points for d keys
//	morris           `points` = r trajectories on a 4-level grid, r*(d+1) points
//
// Samplers draw from a generator seeded by the master seed (stream
// designStream), so a design is reproducible from the scenario alone.
// Runs: r = (point*reps + replication)*arms + arm; the seed of every arm
// of a (point, replication) is sim.Seed(master, point*reps+replication):
// arms share their worlds (common random numbers), points and
// replications do not. Sobol and morris designs replace point by its
// group (base sample or trajectory, see design.world), so the points
// whose outputs the estimators difference share their worlds too; a
// sobol group's B point has its own, base samples + group.
//
// Column names of swept keys: the key lowered, every character outside
// [a-z0-9_] (the dots, too) replaced by "_", so "world.heterogeneity"
// becomes world_heterogeneity and "arm.laissez_faire.policy.autonomy"
// arm_laissez_faire_policy_autonomy. Names stay within Stata's 32
// characters: a longer arm key drops its section
// (arm_coordinated_autonomy_autonomy), then its "arm_" prefix
// (coordinated_autonomy_autonomy); any other long name keeps its first 27
// characters and adds "_" and 4 hex digits of the key's hash. A name that
// clashes with a fixed column, a metric or an earlier key gets the next
// candidate, or a "p_" prefix. columns.csv lists every column with its key.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/scenarios"
	"github.com/ipsim/ipsim/sim"
)

// Sweep methods.
const (
	methodGrid   = "grid"
	methodLHS    = "latin_hypercube"
	methodHalton = "halton"
	methodSobol  = "sobol"
	methodMorris = "morris"
)

// Random streams of a sweep, derived from the master seed.
const (
	designStream = 0x5357454550 // "SWEEP": the samplers' draws
	bootStream   = 0x424f4f54   // "BOOT": bootstrap of the indices
)

// morrisLevels is the number of grid levels of a Morris design (the usual
// choice, Saltelli et al. 2008 sec. 3.3: p = 4, delta = 2/3).
const morrisLevels = 4

// bootReps is the number of bootstrap replicates of the indices' CIs.
const bootReps = 1000

// design is a sweep's points and runs.
type design struct {
	Method  string
	Keys    []string // swept keys, in file order
	Columns []string // their column names
	Kinds   []kind   // column kinds: float, int or string
	Points  [][]any  // per point, one value per key (float64, int64, bool or string)
	Unit    [][]float64
	// Coords (morris): each point as the share of each key's range it
	// ran at, from which elementary effects are computed: Unit, but for
	// an integer key the whole number v run, (v - lo)/(hi - lo) over
	// lo = ceil(low), hi = floor(high), whose steps are not the unit
	// design's (on 4 levels, [1, 3] runs 1, 2, 3, 3: a step of 2/3 of
	// the unit range is the whole range or half of it)
	Coords   [][]float64
	Base     int // sobol: base samples N; morris: trajectories r; else 0
	Group    int // sobol: d+2, morris: d+1 points share their seeds; else 0
	Reps     int
	ArmNames []string
	Seed     uint64
	Metrics  []string // the model's metrics, the last columns of a run's row
	Scenario string   // scenario hash
	Hash     string   // design hash: scenario hash, method, points, runs, metrics
}

// Runs is the number of runs of the whole sweep.
func (d *design) Runs() int { return len(d.Points) * d.Reps * len(d.ArmNames) }

// job returns the run with global index r.
func (d *design) job(r int) (point int, j sim.Job) {
	arms := len(d.ArmNames)
	pr := r / arms
	point = pr / d.Reps
	rep := pr % d.Reps
	return point, sim.Job{Index: r, Arm: r % arms, Replication: rep, Seed: sim.Seed(d.Seed, uint64(d.world(point)*d.Reps+rep))}
}

// world is the number a point's seeds derive from: the point itself, or
// for sobol and morris its group (base sample, trajectory), whose points
// then share their worlds. The indices compare outputs within a group
// (f(A_B^i) - f(A), one step of a trajectory); with common random
// numbers those differences are the parameters' effect, not the model's
// noise, which would otherwise inflate every total index and elementary
// effect. The B point of a sobol group is the exception: it gets a world
// of its own, numbered after every group's (base samples + group). The
// first-order estimator multiplies f(B) by f(A_B^i) - f(A), and f(B) and
// f(A_B^i) must share x_i only: sharing their world as well would add
// x_i's interaction with the world to its first-order index.
func (d *design) world(point int) int {
	switch {
	case d.Method == methodSobol && point%d.Group == 1:
		return d.Base + point/d.Group
	case d.Group > 0:
		return point / d.Group
	}
	return point
}

// newDesign lays out the sweep of sc. The caller has loaded sc
// (scenarios.Load refuses a method with the other kind of list, an empty
// list, points < 1, low >= high, a design over MaxSweepPoints and
// run.replications < 1, at their lines) and called sc.CheckSweep (no
// values and no ranges): newDesign does not check them again.
func newDesign(sc *scenarios.Scenario, metrics []metricInfo) (*design, error) {
	sw := sc.Sweep
	d := &design{Metrics: make([]string, len(metrics)), Method: sw.Method, Reps: sc.Run.Replications, Seed: sc.Run.Seed, Scenario: sc.Hash()}
	for i, m := range metrics {
		d.Metrics[i] = m.Name
	}
	for _, a := range sc.Arms {
		d.ArmNames = append(d.ArmNames, a.Name)
	}
	where := sc.Source + ": sweep"
	switch sw.Method {
	case methodGrid:
		lens := make([][]float64, len(sw.Values))
		vals := make([][]any, len(sw.Values))
		for j, v := range sw.Values {
			d.Keys = append(d.Keys, v.Key)
			vals[j] = make([]any, len(v.Values))
			for i, x := range v.Values {
				vals[j][i] = normalise(x)
				lens[j] = append(lens[j], float64(i))
			}
			kd := kindOf(vals[j])
			d.Kinds = append(d.Kinds, kd)
		}
		for _, idx := range sim.Grid(lens) {
			p := make([]any, len(idx))
			for j, i := range idx {
				p[j] = vals[j][int(i)]
			}
			d.Points = append(d.Points, p)
		}
	case methodLHS, methodHalton, methodSobol, methodMorris:
		low, high := make([]float64, len(sw.Ranges)), make([]float64, len(sw.Ranges))
		for j, r := range sw.Ranges {
			d.Keys = append(d.Keys, r.Key)
			kd := kindFloat
			if r.Integer {
				kd = kindInt // the whole numbers in [low, high], equally likely
			}
			d.Kinds = append(d.Kinds, kd)
			low[j], high[j] = r.Low, r.High
		}
		rng := sim.NewRand(d.Seed, designStream)
		n, k := sw.Points, len(sw.Ranges)
		switch sw.Method {
		case methodLHS:
			d.Unit = sim.LatinHypercube(n, k, rng)
		case methodHalton:
			d.Unit = sim.Halton(n, k, rng)
		case methodSobol:
			d.Unit, d.Base, d.Group = sim.Saltelli(n, k, rng), n, scenarios.SweepGroup(sw.Method, k)
		case methodMorris:
			d.Unit, d.Base, d.Group = sim.Morris(n, k, morrisLevels, rng), n, scenarios.SweepGroup(sw.Method, k)
		}
		for _, u := range d.Unit {
			p := make([]any, k)
			var c []float64
			if sw.Method == methodMorris {
				c = slices.Clone(u)
			}
			for j := range u {
				if d.Kinds[j] == kindInt {
					lo, hi := math.Ceil(low[j]), math.Floor(high[j])
					v := min(hi, lo+math.Floor(u[j]*(hi-lo+1)))
					if c != nil {
						// Morris levels are evenly spaced: the nearest
						// whole number keeps them so (the slices of the
						// samplers would put [1, 3]'s at 1, 2, 3, 3)
						v = math.Round(lo + u[j]*(hi-lo))
					}
					p[j] = int64(v)
					if c != nil && hi > lo {
						c[j] = (v - lo) / (hi - lo)
					}
					continue
				}
				p[j] = low[j] + u[j]*(high[j]-low[j])
			}
			d.Points = append(d.Points, p)
			if c != nil {
				d.Coords = append(d.Coords, c)
			}
		}
	default:
		return nil, fmt.Errorf("ipsim: %s.method = %q: must be one of grid, latin_hypercube, halton, sobol, morris", where, sw.Method)
	}
	d.Columns = columnNames(d.Keys)
	d.Hash = d.hash()
	return d, nil
}

// kindOf is the column kind of a list of grid values: int if all are
// integers, float if all are numbers, string otherwise.
func kindOf(vs []any) kind {
	k := kindInt
	for _, v := range vs {
		switch normalise(v).(type) {
		case int64:
		case float64:
			if k == kindInt {
				k = kindFloat
			}
		default:
			return kindString
		}
	}
	return k
}

// normalise turns the integer types TOML decoding may give into int64.
func normalise(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case uint64:
		return int64(x)
	case float32:
		return float64(x)
	}
	return v
}

// cell is the typed cell of value v in a column of kind k.
func cell(v any, k kind) value {
	switch k {
	case kindInt:
		return iv(v.(int64))
	case kindFloat:
		switch x := v.(type) {
		case int64:
			return fv(float64(x))
		case float64:
			return fv(x)
		}
	}
	return sv(formatAny(v))
}

// formatAny writes a value as TOML would (strings unquoted), a list of
// names as a TOML list that can be pasted back into a scenario:
// ["subsidy", "land"].
func formatAny(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	case []string:
		q := make([]string, len(x))
		for i, e := range x {
			q[i] = strconv.Quote(e)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// describe lists the values of point p, "key=value, ...".
func (d *design) describe(p int) string {
	parts := make([]string, len(d.Keys))
	for j, k := range d.Keys {
		parts[j] = k + "=" + formatAny(d.Points[p][j])
	}
	return strings.Join(parts, ", ")
}

// overrides are the scenario overrides of point p.
func (d *design) overrides(p int) []scenarios.Override {
	o := make([]scenarios.Override, len(d.Keys))
	for j, k := range d.Keys {
		o[j] = scenarios.Override{Key: k, Value: d.Points[p][j]}
	}
	return o
}

// hash identifies the design: the scenario, the method, every point and
// the metrics a run records. Runs of two sweeps with the same design hash
// are interchangeable (given the same model: the hash cannot see a change
// in the model's dynamics, only in what it records).
func (d *design) hash() string { return d.hashOf(d.Method == methodSobol) }

// hashOf is hash, its "worlds" line written or not (ownBWorlds).
func (d *design) hashOf(ownBWorlds bool) string {
	h := sha256.New()
	fmt.Fprintf(h, "ipsim sweep design v1\nscenario %s\nmethod %s\nreps %d\nseed %d\narms %s\nkeys %s\nmetrics %s\n",
		d.Scenario, d.Method, d.Reps, d.Seed, strings.Join(d.ArmNames, ","), strings.Join(d.Keys, ","), strings.Join(d.Metrics, ","))
	if ownBWorlds {
		// the B points' own worlds (see world): a sobol sweep begun before
		// them is another design, whose runs must not be resumed or merged
		// into this one
		fmt.Fprintf(h, "worlds: B own\n")
	}
	for _, p := range d.Points {
		for j, v := range p {
			if j > 0 {
				h.Write([]byte{','})
			}
			text := formatAny(v)
			if _, isList := v.([]string); isList {
				text = fmt.Sprint(v) // as the hash has always written a list
			}
			fmt.Fprintf(h, "%T:%s", v, text)
		}
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// reserved are the column names a swept key may not take.
func reserved() map[string]bool {
	r := map[string]bool{"point": true, "arm": true, "replication": true, "seed": true, "metric": true,
		"mean": true, "ci_low": true, "ci_high": true, "n": true, "effect_mean": true, "effect_ci_low": true, "effect_ci_high": true}
	for _, m := range agents.MetricInfo() {
		r[m.Name] = true
	}
	return r
}

// columnNames maps swept keys to Stata-safe column names (see the file
// comment).
func columnNames(keys []string) []string {
	taken := reserved()
	out := make([]string, len(keys))
	for i, k := range keys {
		name := ""
		for _, c := range columnCandidates(k) {
			if len(c) <= 32 && !taken[c] {
				name = c
				break
			}
		}
		if name == "" {
			name = columnCandidates(k)[0]
			if taken[name] {
				name = "p_" + name
			}
			if len(name) > 32 || taken[name] {
				sum := sha256.Sum256([]byte(k))
				name = name[:min(len(name), 27)] + "_" + hex.EncodeToString(sum[:2])
			}
		}
		taken[name] = true
		out[i] = name
	}
	return out
}

// columnCandidates lists the names a key may take, best first: the whole
// key; without the section for an arm key ("arm.NAME.SECTION.FIELD":
// arm_NAME_FIELD, then NAME_FIELD), a table key ("sector.ENTRY.FIELD":
// ENTRY_FIELD) or an arm's table key ("arm.NAME.TABLE.ENTRY.FIELD":
// arm_NAME_ENTRY_FIELD, then NAME_ENTRY_FIELD).
func columnCandidates(key string) []string {
	parts := strings.Split(key, ".")
	for i, p := range parts {
		parts[i] = safeColumn(p)
	}
	c := []string{strings.Join(parts, "_")}
	switch {
	case len(parts) == 4 && parts[0] == "arm":
		c = append(c, "arm_"+parts[1]+"_"+parts[3], parts[1]+"_"+parts[3])
	case len(parts) == 5 && parts[0] == "arm":
		c = append(c, "arm_"+parts[1]+"_"+parts[3]+"_"+parts[4], parts[1]+"_"+parts[3]+"_"+parts[4])
	case len(parts) == 3 && (parts[0] == "sector" || parts[0] == "instrument"):
		c = append(c, parts[1]+"_"+parts[2])
	}
	for i, n := range c {
		if n == "" || n[0] >= '0' && n[0] <= '9' {
			c[i] = "p_" + n
		}
	}
	return c
}

// safeColumn lowers s and replaces every character outside [a-z0-9_].
func safeColumn(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' {
			b.WriteRune(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
