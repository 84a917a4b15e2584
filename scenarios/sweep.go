package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// sweepKey is one key of [sweep.values] or [sweep.ranges] as written.
type sweepKey struct {
	ranges bool // [sweep.ranges], else [sweep.values]
	key    string
	v      any
	a      at // the [sweep.values] or [sweep.ranges] table
}

func (k sweepKey) problem(v any, reason string) Problem {
	return k.a.problem(k.key, v, reason)
}

// parseSweep decodes a [sweep] table of f over sw and merges its values
// and ranges into keys (a key set again keeps its place; new keys follow,
// in file order).
func (l *loader) parseSweep(sw *Sweep, t map[string]any, f *file, keys []sweepKey) []sweepKey {
	a := f.top().child("sweep")
	plain := make(map[string]any, len(t))
	stray := make(map[string]any) // swept keys without [sweep.values]
	for k, v := range t {
		switch {
		case k == "values" || k == "ranges":
		case straySweptKey(k, v):
			stray[k] = v
		default:
			plain[k] = v
		}
	}
	l.applyStruct(reflect.ValueOf(sw).Elem(), plain, a, func(k string, _ any) {
		if l.sweepAt == nil {
			l.sweepAt = make(map[string]at)
		}
		l.sweepAt[k] = a
	})
	l.straySweptKeys(a, sw.Method, nil, stray)
	// a design is one piece: a file that sweeps keys replaces the swept
	// keys of the files it extends rather than adding to them (which
	// would leave no way to drop one, or to change a grid to a sample)
	_, hasValues := t["values"]
	_, hasRanges := t["ranges"]
	if hasValues || hasRanges {
		keys = keys[:0]
	}
	for _, part := range []string{"values", "ranges"} {
		v, ok := t[part]
		if !ok {
			continue
		}
		m, ok := l.table(a, part, v)
		if !ok {
			continue
		}
		ta := a.child(part)
		ta.quote = true // sweep.values."world.heterogeneity"
		var order []string
		for _, k := range f.keys {
			if len(k) == 3 && k[0] == "sweep" && k[1] == part && !slices.Contains(order, k[2]) {
				order = append(order, k[2])
			}
		}
		for _, k := range sortedKeys(m) {
			if !slices.Contains(order, k) {
				order = append(order, k)
			}
		}
		for _, k := range order {
			v, ok := m[k]
			if !ok {
				continue
			}
			if t, isTable := v.(map[string]any); isTable {
				l.unquotedKeys(ta, part, []string{k}, t)
				continue
			}
			sk := sweepKey{ranges: part == "ranges", key: k, v: v, a: ta}
			if i := slices.IndexFunc(keys, func(x sweepKey) bool { return x.key == k && x.ranges == sk.ranges }); i >= 0 {
				keys[i] = sk
			} else {
				keys = append(keys, sk)
			}
		}
	}
	return keys
}

// straySweptKey reports whether k = v, directly under [sweep] and not one
// of its keys, is a swept key whose [sweep.values] or [sweep.ranges]
// header was left out: a list, a dotted key (quoted, or unquoted and so
// a table), or a scenario key's name (provinces).
func straySweptKey(k string, v any) bool {
	if _, ok := fieldByKey(reflect.TypeFor[Sweep](), k); ok {
		return false
	}
	_, list := v.([]any)
	_, table := v.(map[string]any)
	return list || table || strings.Contains(k, ".") || strings.HasSuffix(sectionKey(k), "."+k)
}

// straySweptKeys reports each key of t (at path under [sweep], a), a
// swept key written directly under [sweep], at its line: it goes under
// [sweep.values] or [sweep.ranges], with its section.
func (l *loader) straySweptKeys(a at, method string, path []string, t map[string]any) {
	part := "values"
	if method != "grid" {
		part = "ranges"
	}
	forLeaves(path, t, func(p []string, v any) {
		k := p[len(p)-1]
		key := strings.Join(p, ".")
		full := sectionKey(key)
		if strings.Contains(key, ".") {
			full = key
		}
		exact := full == key || strings.HasSuffix(full, "."+key)
		reason := "unknown key of [sweep]: swept keys go under [sweep.values] (grid) or [sweep.ranges] (samplers), with their section: "
		_, list := v.([]any)
		switch {
		case exact && list:
			reason += fmt.Sprintf("write %s = %s under [sweep.%s]", tomlString(full), fmtValue(v), part)
		case exact:
			sec, name, _ := strings.Cut(full, ".")
			reason += fmt.Sprintf("write %s = [...] under [sweep.%s]; or, to set it, %s = %s under [%s]", tomlString(full), part, name, fmtValue(v), sec)
		case full != "":
			reason += fmt.Sprintf("did you mean %s under [sweep.%s]?", tomlString(full), part)
		default:
			reason += fmt.Sprintf("write it under [sweep.%s], e.g. \"world.heterogeneity\" = [0.0, 1.0]", part)
		}
		display := "sweep." + key
		if len(p) == 1 && strings.Contains(k, ".") {
			display = "sweep." + tomlString(k) // quoted, as written
		}
		l.ps.add(Problem{File: a.src.name, Line: a.src.lines.line(append(slices.Clip(a.path), p...)), Key: display, Value: fmtValue(v), Reason: reason})
	})
}

// forLeaves calls f with the path (under path) and value of every
// non-table value of t, nested tables included, in key order.
func forLeaves(path []string, t map[string]any, f func(p []string, v any)) {
	for _, k := range sortedKeys(t) {
		p := append(slices.Clip(path), k)
		if sub, ok := t[k].(map[string]any); ok {
			forLeaves(p, sub, f)
			continue
		}
		f(p, t[k])
	}
}

// unquotedKeys reports the keys of t, a table that an unquoted dotted key
// made in [sweep.values] or [sweep.ranges] (part) at ta
// (world.heterogeneity = [...] is the key heterogeneity of a table world),
// at their lines, saying to quote them.
func (l *loader) unquotedKeys(ta at, part string, path []string, t map[string]any) {
	forLeaves(path, t, func(p []string, v any) {
		key := strings.Join(p, ".")
		l.ps.add(Problem{File: ta.src.name, Line: ta.src.lines.line(append(slices.Clip(ta.path), p...)), Key: "sweep." + part + "." + key, Value: fmtValue(v),
			Reason: fmt.Sprintf("a dotted key in [sweep.%s] must be quoted: write %s = %s (unquoted, TOML reads %s as a table)", part, tomlString(key), fmtValue(v), p[0])})
	})
}

// checkSweep converts and checks the sweep keys of s: each must be a key
// With accepts, each grid value a value it accepts, each range an interval
// inside the key's allowed range.
// When the scenario has problems already (broken), only the problems of
// the swept key itself are reported.
func (l *loader) checkSweep(s *Scenario, keys []sweepKey, broken bool) {
	located := make(map[string]at) // the table of each key swept, for Point
	for _, sk := range keys {
		if _, list := sk.v.([]any); !list && topKeyHint(sk.key, sk.a) != "" {
			// description = "..." appended below [sweep.values]
			l.ps.add(sk.problem(sk.v, "not a swept key"+topKeyHint(sk.key, sk.a)))
			continue
		}
		if why := reservedKey(sk.key); why != "" {
			l.ps.add(sk.problem(sk.v, "cannot be swept: "+why))
			continue
		}
		if !sk.ranges {
			list, ok := sk.v.([]any)
			if !ok || len(list) == 0 {
				l.ps.add(sk.problem(sk.v, "must be a non-empty list of values, e.g. [0.0, 0.5, 1.0]"))
				continue
			}
			sv := SweepValues{Key: sk.key}
			good := true
			sf, known := s.field(sk.key)
			if !known {
				// once for the key, not once per value
				l.ps.add(sk.problem(sk.v, s.unknownSweptKey(sk.key, list[0])))
				continue
			}
			for _, v := range list {
				// each value as an override takes it: a whole number written
				// as a float (8.0) for a key that takes integers is refused
				// as in a file or --set, with the same message
				trial, err := s.with([]Override{{Key: sk.key, Value: v}}, "sweep", nil)
				var x any
				if err != nil {
					if ps := err.(*Error).Problems; len(ps) > 0 && ps[0].Key == sk.key && strings.HasPrefix(ps[0].Reason, "unknown key") {
						l.ps.add(sk.problem(sk.v, ps[0].Reason)) // once for the key, not per value
						good = false
						break
					}
					if l.trialProblems(sk, v, err, broken, keys) {
						good = false
						continue
					}
					// only rules with other swept keys: the value alone
					dst := reflect.New(sf.Type).Elem()
					if why := assign(dst, sf, v); why != "" {
						l.ps.add(sk.problem(v, why))
						good = false
						continue
					}
					x = dst.Interface()
				} else {
					x = trial.value(sk.key)
				}
				if slices.ContainsFunc(sv.Values, func(y any) bool { return sameSweptValue(x, y) }) {
					reason := "listed twice: the grid would run its points twice"
					if _, isList := x.([]string); isList {
						reason = "listed twice (in another order, which changes nothing: a toolbox is a set of instruments): the grid would run its points twice"
					}
					l.ps.add(sk.problem(v, reason))
					good = false
					continue
				}
				sv.Values = append(sv.Values, x)
			}
			if good {
				s.Sweep.Values = append(s.Sweep.Values, sv)
				located[sk.key] = sk.a
				s.SweepWarnings = append(s.SweepWarnings, s.sweepWarnings(sk, keys)...)
				s.SweepWarnings = append(s.SweepWarnings, calendarWarning(sk, sv.Values)...)
			}
			continue
		}
		sf, ok := s.field(sk.key)
		if !ok {
			l.ps.add(sk.problem(sk.v, s.unknownSweptKey(sk.key, 0.0)))
			continue
		}
		if k := sf.Type.Kind(); k != reflect.Float64 && k != reflect.Int && k != reflect.Uint64 {
			l.ps.add(sk.problem(sk.v, "samplers need a numeric key; use [sweep.values] for "+allows(sf)))
			continue
		}
		pair, ok := sk.v.([]any)
		var lohi [2]float64
		if ok && len(pair) == 2 {
			for i, e := range pair {
				switch x := e.(type) {
				case int64:
					lohi[i] = float64(x)
				case float64:
					lohi[i] = x
				default:
					ok = false
				}
			}
		} else {
			ok = false
		}
		if !ok {
			l.ps.add(sk.problem(sk.v, "must be [low, high], two numbers"))
			continue
		}
		r := fieldRange(sf)
		switch {
		case math.IsNaN(lohi[0]) || math.IsNaN(lohi[1]) || math.IsInf(lohi[0], 0) || math.IsInf(lohi[1], 0):
			l.ps.add(sk.problem(sk.v, "low and high must be finite numbers"))
		case !(lohi[0] < lohi[1]):
			l.ps.add(sk.problem(sk.v, "low must be below high"))
		case !r.Contains(lohi[0]) || !r.Contains(lohi[1]):
			l.ps.add(sk.problem(sk.v, "low and high must be "+r.String()+" (the range of "+sk.key+")"))
		case sf.Type.Kind() != reflect.Float64 && (math.Abs(lohi[0]) > maxSweptInteger || math.Abs(lohi[1]) > maxSweptInteger):
			// beyond 2^53 a float64 skips whole numbers, and beyond 2^63
			// the drawn value would wrap around in the key's integer
			l.ps.add(sk.problem(sk.v, fmt.Sprintf("the key takes integers: low and high must lie within ±%d (2^53), where a sampler can draw each whole number", int64(maxSweptInteger))))
		case sf.Type.Kind() != reflect.Float64 && math.Ceil(lohi[0]) > math.Floor(lohi[1]):
			l.ps.add(sk.problem(sk.v, "the key takes integers, and there is none between low and high"))
		case sf.Type.Kind() != reflect.Float64 && math.Ceil(lohi[0]) == math.Floor(lohi[1]):
			// every point would draw the same value: a key that does not
			// vary has no effect to estimate, and a sensitivity chart would
			// show it as a key without influence
			l.ps.add(sk.problem(sk.v, fmt.Sprintf("the key takes integers, and only %.0f lies between low and high: it would not vary; widen the range, or set the key instead of sweeping it", math.Ceil(lohi[0]))))
		default:
			// the ends of the range, as the samplers may draw them
			sr := SweepRange{Key: sk.key, Low: lohi[0], High: lohi[1], Integer: sf.Type.Kind() != reflect.Float64}
			ends := []any{sr.Low, sr.High}
			if sr.Integer {
				ends = []any{int64(math.Ceil(sr.Low)), int64(math.Floor(sr.High))}
			}
			good := true
			for _, v := range ends {
				if _, err := s.with([]Override{{Key: sk.key, Value: v}}, "sweep", nil); err != nil && l.trialProblems(sk, v, err, broken, keys) {
					good = false
				}
			}
			if good {
				s.Sweep.Ranges = append(s.Sweep.Ranges, sr)
				located[sk.key] = sk.a
				s.SweepWarnings = append(s.SweepWarnings, s.sweepWarnings(sk, keys)...)
				s.SweepWarnings = append(s.SweepWarnings, calendarWarning(sk, nil)...)
			}
		}
	}
	if len(located) > 0 {
		s.where.sweep = located
	}
	s.SweepWarnings = append(s.SweepWarnings, s.sweptWorldWarning()...)
	sa := at{}
	for _, sk := range keys {
		sa = sk.a
	}
	if sa.src == nil {
		return
	}
	// the place of the key a problem is about: the file that set it last
	// (in an extends chain, maybe not the one with the swept keys), else
	// the header of the swept keys' table
	place := func(key string) (string, int) {
		if a, ok := l.sweepAt[key]; ok {
			return a.src.name, a.line(key)
		}
		return sa.src.name, sa.line("")
	}
	// the swept keys' table, when it is in another file than file
	keysIn := func(file string) string {
		if sa.src.name == file {
			return ""
		}
		return fmt.Sprintf(" ([%s] is set at %s:%d)", sa.display, sa.src.name, sa.line(""))
	}
	switch {
	case l.ps.about("sweep.method"):
		// a method the file misspelt is reported already: the default it
		// leaves, grid, is not what the file asked for, and blaming its
		// [sweep.ranges] on grid would point at a line that says otherwise
	case s.Sweep.Method == "grid" && len(s.Sweep.Ranges) > 0:
		file, line := place("method")
		l.ps.add(Problem{File: file, Line: line, Key: "sweep.method", Value: tomlString(s.Sweep.Method),
			Reason: "grid takes [sweep.values]; [sweep.ranges] need a sampler: latin_hypercube, halton, sobol or morris" + keysIn(file)})
	case s.Sweep.Method != "grid" && len(s.Sweep.Values) > 0:
		file, line := place("method")
		l.ps.add(Problem{File: file, Line: line, Key: "sweep.method", Value: tomlString(s.Sweep.Method),
			Reason: "samplers take [sweep.ranges]; [sweep.values] need method = \"grid\"" + keysIn(file)})
	case s.Sweep.Method != "grid" && len(s.Sweep.Ranges) > 0 && s.Sweep.Points < 1 && !l.ps.about("sweep.points") && l.sweepAt["points"].src == nil:
		// left out: "= 0" at [sweep.ranges] would be a value nobody wrote
		what := "the number of points drawn"
		k, keys := len(s.Sweep.Ranges), "keys"
		if k == 1 {
			keys = "key"
		}
		switch s.Sweep.Method {
		case "sobol":
			what = fmt.Sprintf("the base sample size (the design has N x %d points for %d swept %s)", SweepGroup("sobol", k), k, keys)
		case "morris":
			what = fmt.Sprintf("the number of trajectories (the design has N x %d points for %d swept %s)", SweepGroup("morris", k), k, keys)
		}
		sw := at{src: sa.src, path: []string{"sweep"}}
		l.ps.add(Problem{File: sa.src.name, Line: sw.line(""), Key: "sweep.points", Value: "<missing>",
			Reason: fmt.Sprintf("required by %s: add points = N (at least 1) under [sweep], %s", s.Sweep.Method, what)})
	case s.Sweep.Method != "grid" && len(s.Sweep.Ranges) > 0 && s.Sweep.Points < 1 && !l.ps.about("sweep.points"):
		file, line := place("points")
		l.ps.add(Problem{File: file, Line: line, Key: "sweep.points", Value: fmt.Sprint(s.Sweep.Points),
			Reason: "must be >= 1 for a sampler"})
	case s.Sweep.Method == "grid" && len(s.Sweep.Values) > 0:
		size := 1
		for _, v := range s.Sweep.Values {
			if size *= len(v.Values); size > MaxSweepPoints {
				l.ps.add(Problem{File: sa.src.name, Line: (at{src: sa.src, path: []string{"sweep", "values"}}).line(""), Key: "sweep.values",
					Reason: fmt.Sprintf("the grid has over %d points (the product of the lists' lengths): sweep fewer values, or sample with latin_hypercube or sobol", MaxSweepPoints)})
				break
			}
		}
	case len(s.Sweep.Ranges) > 0 && s.Sweep.Points > 0:
		if per := SweepGroup(s.Sweep.Method, len(s.Sweep.Ranges)); s.Sweep.Points > MaxSweepPoints/per {
			file, line := place("points")
			l.ps.add(Problem{File: file, Line: line, Key: "sweep.points", Value: fmt.Sprint(s.Sweep.Points),
				Reason: fmt.Sprintf("method %q with %d ranges takes %d points per sample: the design would have %d points, over %d; take fewer points",
					s.Sweep.Method, len(s.Sweep.Ranges), per, s.Sweep.Points*per, MaxSweepPoints)})
		}
	}
}

// sameSweptValue says whether two resolved grid values run the same
// point: equal values, or lists of names (policy.toolbox) that hold the
// same names in any order, as the model reads a toolbox as a set.
func sameSweptValue(x, y any) bool {
	a, aList := x.([]string)
	b, bList := y.([]string)
	if aList && bList {
		return len(a) == len(b) && reflect.DeepEqual(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
	}
	return reflect.DeepEqual(x, y)
}

// unknownSweptKey says why key, which names no field of s, cannot be
// swept: With's reason for it set to v (an unknown arm, with the arms;
// an arm's misspelt key, with the arm's key it may mean), else "unknown
// key" with the nearest key.
func (s *Scenario) unknownSweptKey(key string, v any) string {
	if _, err := s.with([]Override{{Key: key, Value: v}}, "sweep", nil); err != nil {
		if e, ok := err.(*Error); ok {
			for _, p := range e.Problems {
				if p.Key == key {
					return p.Reason
				}
			}
		}
	}
	return "unknown key" + didYouMean(key, s.keys())
}

// maxSweptInteger bounds the ends of a [sweep.ranges] range of a key that
// takes integers: every whole number up to 2^53 is a float64.
const maxSweptInteger = 1 << 53

// MaxSweepPoints bounds a sweep design's points: ipsim sweep builds the
// design in memory (about 150 bytes a point for five keys) before any run,
// and a million points times the arms and replications is already a
// cluster's work.
const MaxSweepPoints = 1_000_000

// CheckSweep says, at the file and line, why s has no design to sweep: no
// [sweep] section, or one with neither [sweep.values] (grid) nor
// [sweep.ranges] (samplers). Loading does not refuse such a file: ipsim
// run ignores [sweep], and a file may leave the keys to the files that
// extend it; the sweep command checks it first.
func (s *Scenario) CheckSweep() error {
	if len(s.Sweep.Values) > 0 || len(s.Sweep.Ranges) > 0 {
		return nil
	}
	a := s.where.design
	if a.src == nil {
		return &Error{Problems: []Problem{{File: s.Source, Key: "sweep",
			Reason: "no [sweep] section: add one with method, and [sweep.values] (grid) or [sweep.ranges] (latin_hypercube, halton, sobol, morris); see docs/sweeps.md"}}}
	}
	p := a.problem("method", s.Sweep.Method, "")
	if p.Line == 0 {
		p.Line = a.line("") // method left at its default: the table's header
	}
	if s.Sweep.Method == "grid" {
		p.Reason = `needs [sweep.values]: a list of values per key, e.g. "world.heterogeneity" = [0.0, 0.5, 1.0]`
	} else {
		p.Reason = "needs [sweep.ranges]: [low, high] per numeric key, e.g. \"policy.autonomy\" = [0.0, 1.0]"
	}
	return &Error{Problems: []Problem{p}}
}

// SweepGroup is the number of design points per drawn sample of method
// over k ranges: k+2 for sobol (Saltelli: A, B and one mix per key), k+1
// for morris (a trajectory), else 1.
func SweepGroup(method string, k int) int {
	switch method {
	case "sobol":
		return k + 2
	case "morris":
		return k + 1
	}
	return 1
}

// calendarWarning warns, as a calendar set in a file or by --set does,
// that points at another run.steps_per_year than the default keep the
// rates and durations counted in steps at their per-step values. vals are
// a grid's values; nil, a range's, which always holds other calendars.
func calendarWarning(sk sweepKey, vals []any) []string {
	if sk.key != "run.steps_per_year" {
		return nil
	}
	def := DefaultRun().StepsPerYear
	var other []string
	for _, v := range vals {
		if fmt.Sprint(v) != fmt.Sprint(def) {
			other = append(other, fmt.Sprint(v))
		}
	}
	if vals != nil && len(other) == 0 {
		return nil
	}
	at := "points with another calendar"
	if len(other) > 0 {
		at = "points at " + strings.Join(other, ", ") + " steps a year"
	}
	reason := fmt.Sprintf("%s keep the rates and durations counted in steps at their per-step values, set for %d steps a year: the economy and the officials run at another pace per year there; to compare calendars, run one scenario per calendar with those keys scaled (%s)",
		at, def, calendarScaling())
	return []string{sk.a.problem(sk.key, nil, reason).String()}
}

// sweepWarnings explains a swept key that, in every arm, overrides a key
// an arm's preset sets, as a shared section of a file does (the sweep's
// warnings are given once, on load, not at every point).
func (s *Scenario) sweepWarnings(sk sweepKey, keys []sweepKey) []string {
	var out []string
	if reason := s.eventSetting(sk.key, "the swept value", ": the points differ in nothing"); reason != "" {
		out = append(out, sk.a.problem(sk.key, nil, reason).String())
	}
	if reason := s.armWorldSwept(sk.key); reason != "" {
		out = append(out, sk.a.problem(sk.key, nil, reason).String())
	}
	if !strings.HasPrefix(sk.key, "arm.") {
		// a key the arms differ in (but those swept on their own) loses
		// that difference at every point
		own := func(arm string) bool {
			return slices.ContainsFunc(keys, func(o sweepKey) bool { return o.key == "arm."+arm+"."+sk.key })
		}
		if vals, differ := s.armValues(sk.key, own); differ {
			return append(out, sk.a.problem(sk.key, nil, fmt.Sprintf(
				"the arms differ in it (%s): swept in every arm, they take the same values at every point; sweep \"arm.NAME.%s\" to vary some arms only",
				vals, sk.key)).String())
		}
	}
	var hit []string // one line, naming every arm it overrides
	for _, ps := range s.presetsSetting(sk.key) {
		if slices.ContainsFunc(keys, func(o sweepKey) bool { return o.key == "arm."+ps.arm+"."+sk.key }) {
			continue // swept on its own
		}
		hit = append(hit, fmt.Sprintf("arm %q's preset %q (%s)", ps.arm, ps.preset, fmtAny(ps.value)))
	}
	if len(hit) > 0 {
		reason := fmt.Sprintf("swept in every arm, this overrides %s; to keep a preset's value, sweep \"arm.NAME.%s\" for the arms that need new values instead",
			strings.Join(hit, ", "), sk.key)
		out = append(out, sk.a.problem(sk.key, nil, reason).String())
	}
	return out
}

// armWorldSwept says, as worldWarnings does for a file, why sweeping key,
// an arm's world key (arm.NAME.world.KEY or arm.NAME.sector.S.share),
// with more than one arm, makes the arms run on different regions; ""
// for any other key.
func (s *Scenario) armWorldSwept(key string) string {
	name, sub, ok := armWorldKey(key)
	if !ok || len(s.Arms) < 2 {
		return ""
	}
	other := s.Arms[0].Name
	if other == name {
		other = s.Arms[1].Name
	}
	return fmt.Sprintf("sets arm %s's world alone: at the points where it differs from arm %s's, the arms do not run on the same regions, so their paired differences compare worlds as well as policies; sweep %q to vary every arm's world",
		name, other, sub)
}

// armWorldKey splits an arm's world key, arm.NAME.world.KEY or
// arm.NAME.sector.S.share, into the arm's name and the key in the arm;
// ok is false for any other key.
func armWorldKey(key string) (name, sub string, ok bool) {
	rest, ok := strings.CutPrefix(key, "arm.")
	if !ok {
		return "", "", false
	}
	name, sub, _ = strings.Cut(rest, ".")
	return name, sub, worldKey(sub)
}

// worldKey reports whether key, of every arm, sets the world: world.KEY
// or sector.S.share.
func worldKey(key string) bool {
	return strings.HasPrefix(key, "world.") || strings.HasPrefix(key, "sector.") && strings.HasSuffix(key, ".share")
}

// trialProblems reports the problems err of the scenario with sweep key sk
// set to v at sk's line: a problem of another key (the value makes a
// world too large, say) says what v gives. When the scenario has problems
// already (broken), only those of the key itself are reported.
func (l *loader) trialProblems(sk sweepKey, v any, err error, broken bool, keys []sweepKey) (reported bool) {
	for _, p := range err.(*Error).Problems {
		reason := p.Reason
		if broken && p.Key != sk.key {
			continue
		}
		if other := otherSwept(sk, p, keys); other != "" {
			// a rule between this key and another swept one: tried
			// against the file's value of the other, it says nothing of
			// the design's points, which are checked whole before anything
			// runs (Scenario.Point)
			continue
		}
		if p.Key != sk.key {
			reason = "gives " + p.Key + " = " + p.Value + ": " + reason
		}
		l.ps.add(sk.problem(v, reason))
		reported = true
	}
	return reported
}

// otherSwept returns the swept key other than sk that problem p names
// (as its key or in its reason), or "".
func otherSwept(sk sweepKey, p Problem, keys []sweepKey) string {
	bare := func(k string) string {
		if rest, ok := strings.CutPrefix(k, "arm."); ok {
			if _, after, ok := strings.Cut(rest, "."); ok {
				return after
			}
		}
		return k
	}
	for _, o := range keys {
		if o.key == sk.key {
			continue
		}
		if k := bare(o.key); bare(p.Key) == k || strings.Contains(p.Reason, k) {
			return o.key
		}
	}
	return ""
}

// reservedKey says why key (possibly "arm.NAME.key") cannot be swept, or
// "" if it can: the sweep itself sets the replications and seeds, and the
// worker count, the output settings and the scenario's name and
// description change no result.
func reservedKey(key string) string {
	k := key
	if rest, ok := strings.CutPrefix(k, "arm."); ok {
		if _, after, ok := strings.Cut(rest, "."); ok {
			k = after
		}
	}
	switch {
	case k == "run.replications", k == "run.seed":
		return "the sweep sets it (every point runs run.replications replications, seeded from run.seed); set it once, outside [sweep]"
	case k == "run.workers":
		return "it changes no result (use --workers)"
	case strings.HasPrefix(k, "output."), strings.HasPrefix(k, "sweep."):
		return "it is not a model parameter"
	case key == "name", key == "description":
		return "it names or describes the scenario, and is not a model parameter"
	case key != k && k == "description":
		return "it describes the arm, and is not a model parameter"
	case key == "event", strings.HasPrefix(key, "event."):
		return "events are the same at every point (edit the [[event]] entries in the file)"
	}
	return ""
}

// field returns the struct field a With key sets (in the first arm for
// keys that set every arm).
func (s *Scenario) field(key string) (reflect.StructField, bool) {
	_, sf, ok := s.fieldValue(key)
	return sf, ok
}

// value returns the value a With key has (in the first arm for keys that
// set every arm), with slices copied.
func (s *Scenario) value(key string) any {
	fv, _, ok := s.fieldValue(key)
	if !ok {
		return nil
	}
	switch fv.Kind() {
	case reflect.Int, reflect.Int64:
		return fv.Int()
	case reflect.Uint64:
		return int64(fv.Uint())
	case reflect.Slice:
		return slices.Clone(fv.Interface().([]string))
	}
	return fv.Interface()
}

func (s *Scenario) fieldValue(key string) (reflect.Value, reflect.StructField, bool) {
	sec, rest, _ := strings.Cut(key, ".")
	var rv reflect.Value
	switch sec {
	case "name":
		return reflect.ValueOf(&s.Name).Elem(), reflect.StructField{Type: reflect.TypeFor[string]()}, true
	case "description":
		return reflect.ValueOf(&s.Description).Elem(), reflect.StructField{Type: reflect.TypeFor[string]()}, true
	case "run":
		rv = reflect.ValueOf(&s.Run).Elem()
	case "output":
		rv = reflect.ValueOf(&s.Output).Elem()
	case "sweep":
		rv = reflect.ValueOf(&s.Sweep).Elem()
	case "arm":
		name, sub, _ := strings.Cut(rest, ".")
		i := slices.IndexFunc(s.Arms, func(a Arm) bool { return a.Name == name })
		if i < 0 {
			return reflect.Value{}, reflect.StructField{}, false
		}
		return paramFieldByName(&s.Arms[i].Params, sub)
	default:
		if len(s.Arms) == 0 {
			return reflect.Value{}, reflect.StructField{}, false
		}
		return paramFieldByName(&s.Arms[0].Params, key)
	}
	i, ok := fieldByKey(rv.Type(), rest)
	if !ok {
		return reflect.Value{}, reflect.StructField{}, false
	}
	return rv.Field(i), rv.Type().Field(i), true
}

// paramFieldByName finds "section.key" or "sector.NAME.key" in p.
func paramFieldByName(p any, key string) (reflect.Value, reflect.StructField, bool) {
	pv := reflect.ValueOf(p).Elem()
	parts := strings.Split(key, ".")
	i, ok := fieldByKey(pv.Type(), parts[0])
	if !ok {
		return reflect.Value{}, reflect.StructField{}, false
	}
	fv := pv.Field(i)
	if fv.Kind() == reflect.Slice {
		if len(parts) != 3 {
			return reflect.Value{}, reflect.StructField{}, false
		}
		for j := range fv.Len() {
			if fv.Index(j).FieldByName("Name").String() == parts[1] {
				fv = fv.Index(j)
				parts = []string{parts[0], parts[2]}
				break
			}
		}
		if fv.Kind() == reflect.Slice {
			return reflect.Value{}, reflect.StructField{}, false
		}
	}
	if len(parts) != 2 || fv.Kind() != reflect.Struct {
		return reflect.Value{}, reflect.StructField{}, false
	}
	j, ok := fieldByKey(fv.Type(), parts[1])
	if !ok {
		return reflect.Value{}, reflect.StructField{}, false
	}
	return fv.Field(j), fv.Type().Field(j), true
}

// sweptWorldWarning says when the swept keys give every arm the same world
// at every point: the file's warning that its arms run on different
// regions (worldWarnings) then holds for ipsim run, not for the sweep.
func (s *Scenario) sweptWorldWarning() []string {
	if len(worldWarnings(s.Arms, s.Source)) == 0 {
		return nil
	}
	var ovs []Override
	var keys []string
	add := func(key string, v any) {
		ovs = append(ovs, Override{Key: key, Value: v})
		if worldKey(key) {
			keys = append(keys, key)
		}
	}
	for _, sv := range s.Sweep.Values {
		add(sv.Key, sv.Values[0])
	}
	for _, sr := range s.Sweep.Ranges {
		var v any = sr.Low
		if sr.Integer {
			v = int64(math.Ceil(sr.Low))
		}
		add(sr.Key, v)
	}
	for _, o := range ovs {
		if _, _, ok := armWorldKey(o.Key); ok {
			return nil // an arm's own world varies: the arms differ at some points
		}
	}
	if len(keys) == 0 {
		return nil
	}
	c, err := s.with(ovs, "sweep", nil)
	if err != nil || len(worldWarnings(c.Arms, s.Source)) > 0 {
		return nil
	}
	what := "key " + keys[0] + " gives"
	if len(keys) > 1 {
		what = "keys " + strings.Join(keys, ", ") + " give"
	}
	return []string{Problem{File: s.Source, Key: "sweep", Reason: "the swept " + what +
		" every arm the same world at every point: the warning that the arms do not run on the same regions holds for ipsim run of this file, not for this sweep, whose paired effects compare policies alone"}.String()}
}
