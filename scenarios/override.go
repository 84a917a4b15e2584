package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/ipsim/ipsim/agents"
)

// With returns a copy of s with the overrides applied and everything
// validated again; s is unchanged. Keys are those of Override; keys of
// every arm apply before keys of one arm (arm.NAME.section.key), whatever
// their order, so the arm's value wins as in a file. Events are re-applied
// on top of the new parameters.
func (s *Scenario) With(overrides ...Override) (*Scenario, error) {
	return s.with(overrides, "override", nil)
}

// Point returns the scenario at one point of its sweep: With the swept
// keys set to the point's values. Its problems are reported at the lines
// of the [sweep.values] or [sweep.ranges] keys that set them, in the file
// the sweep was loaded from, so a point that breaks a rule between two
// keys (one of the checks With makes) names the keys to change.
func (s *Scenario) Point(overrides ...Override) (*Scenario, error) {
	return s.with(overrides, "sweep", func(key string) (at, bool) {
		a, ok := s.where.sweep[key]
		return a, ok
	})
}

func (s *Scenario) clone() *Scenario {
	c := *s
	c.Arms = make([]Arm, len(s.Arms))
	for i, a := range s.Arms {
		a.Params = a.Params.Clone()
		a.Events = slices.Clone(a.Events)
		c.Arms[i] = a
	}
	c.Sweep.Values = slices.Clone(s.Sweep.Values)
	c.Sweep.Ranges = slices.Clone(s.Sweep.Ranges)
	c.events = slices.Clone(s.events)
	c.where.events = slices.Clone(s.where.events)
	return &c
}

// with applies overrides; label names their source in messages, and
// keyAt, if not nil, where a key was written (as for a sweep's keys).
func (s *Scenario) with(overrides []Override, label string, keyAt func(key string) (at, bool)) (*Scenario, error) {
	if len(s.Arms) == 0 || s.Run.StepsPerYear < 1 {
		return nil, errors.New("scenarios: the scenario has no arms or no [run] settings: get one from Load or LoadPreset")
	}
	c := s.clone()
	l := newLoader(nil)
	src := &source{name: label}
	set := make([]map[string]setAt, len(c.Arms))
	for i := range set {
		set[i] = make(map[string]setAt)
	}
	// keys of every arm first, then those of one arm, whatever the
	// order given: arm.NAME.key is the more specific and wins
	overrides = slices.Clone(overrides)
	slices.SortStableFunc(overrides, func(a, b Override) int {
		return cmp.Compare(armKey(a.Key), armKey(b.Key))
	})
	for _, ov := range overrides {
		v, ok := normalize(ov.Value)
		oa := at{src: src}
		if keyAt != nil {
			if a, ok := keyAt(ov.Key); ok {
				oa = a
			}
		}
		problem := func(reason string) {
			p := oa.problem(ov.Key, nil, reason)
			p.Value = fmtAny(v)
			l.ps.add(p)
		}
		if !ok {
			if bigUnsigned(ov.Value) {
				v = ov.Value // shown as given: it is a number, too large for TOML
				problem(fmt.Sprintf("must be at most %d: TOML integers are signed 64-bit", int64(math.MaxInt64)))
				continue
			}
			problem("must be a number, a string, true or false, or a list of names, not a table or other value")
			continue
		}
		if reason := c.set(ov.Key, v, func(arm int, canon string) {
			set[arm][canon] = setAt{a: oa, key: ov.Key, val: fmtAny(v)}
		}); reason != "" {
			if k := c.keyInside(ov.Key); k != "" && strings.HasPrefix(reason, "unknown key") {
				reason = fmt.Sprintf("a section, not a key: name one of its keys, e.g. %s", k)
			}
			problem(reason)
		}
	}
	if !l.ps.empty() {
		return nil, l.ps.err()
	}
	// an arm described by its preset's words says what the overrides
	// changed of it, as a file's arm does (not at a sweep's points, which
	// report no descriptions: resolving the preset there would cost more
	// than the rest of the point)
	for i, a := range c.Arms {
		if label == "sweep" || a.Preset == "" || len(set[i]) == 0 {
			continue
		}
		from := presetValues(a.Preset)
		if from != nil && a.Description == describeFromPreset(a.Preset, from, s.Arms[i].Params) {
			c.Arms[i].Description = describeFromPreset(a.Preset, from, a.Params)
		}
	}
	top := &file{src: &source{name: s.Source}}
	var armPs armProblems
	for i := range c.Arms {
		st := &state{p: c.Arms[i].Params, where: set[i]}
		armPs.begin(l)
		l.check(st, top)
		c.Arms[i].Events = l.armEvents(c, c.Arms[i].Name, st, c.where.events)
		armPs.end(l, c.Arms[i].Name)
	}
	armPs.report(l)
	first, last := c.Run.StartYear, c.Run.StartYear+(c.Run.Steps-1)/c.Run.StepsPerYear
	for i, ev := range c.events {
		if ev.Year < first || ev.Year > last {
			drop := "--set event=[] drops the scenario's events"
			if label == "sweep" { // ipsim sweep takes no --set
				drop = "write inherit_events = false in the file to drop the events of the files it extends"
				if i < len(c.where.events) && c.where.events[i].a.src != nil && c.where.events[i].a.src.name == c.Source {
					drop = "remove the [[event]] or change its year" // the file's own
				}
			}
			reason := fmt.Sprintf("must lie in the run, %d to %d (%s)", first, last, drop)
			if i < len(c.where.events) && c.where.events[i].a.src != nil {
				l.ps.add(c.where.events[i].a.problem("year", int64(ev.Year), reason)) // at its line
				continue
			}
			l.ps.add(Problem{File: s.Source, Key: fmt.Sprintf("event[%d].year", i+1), Value: fmt.Sprint(ev.Year), Reason: reason})
		}
	}
	if !l.ps.empty() {
		return nil, l.ps.err()
	}
	return c, nil
}

// presetSet is an arm whose preset sets a key, with the preset's value.
type presetSet struct {
	arm, preset string
	value       any
}

// presetsSetting lists the arms of c whose preset sets key, a key of every
// arm as With takes it ("policy.autonomy", "sector.solar.growth": the
// preset sets the sector table), with the preset's value.
func (c *Scenario) presetsSetting(key string) []presetSet {
	sec, _, _ := strings.Cut(key, ".")
	if !slices.Contains(sections, sec) {
		return nil
	}
	k := key
	if sec == "sector" || sec == "instrument" {
		k = sec
	}
	var out []presetSet
	for _, a := range c.Arms {
		p, sets, ok := presetParams(a.Preset)
		if !ok || !sets[k] {
			continue
		}
		if fv, _, ok := paramFieldByName(&p, key); ok {
			out = append(out, presetSet{arm: a.Name, preset: a.Preset, value: fv.Interface()})
		}
	}
	return out
}

// setWarnings explains each override of ovs (a --set) that gives every
// arm a value of a key that an arm's preset sets, as a shared section of
// a file does: the arm no longer runs its preset's regime there. An arm
// given its own value (arm.NAME.key) is left out.
func (c *Scenario) setWarnings(ovs []Override) []string {
	var out []string
	for _, ov := range ovs {
		var hit []string // one line per key, naming every arm it overrides
		for _, ps := range c.presetsSetting(ov.Key) {
			own := slices.ContainsFunc(ovs, func(o Override) bool { return o.Key == "arm."+ps.arm+"."+ov.Key })
			i := slices.IndexFunc(c.Arms, func(a Arm) bool { return a.Name == ps.arm })
			fv, _, ok := paramFieldByName(&c.Arms[i].Params, ov.Key)
			if own || !ok || reflect.DeepEqual(fv.Interface(), ps.value) {
				continue
			}
			hit = append(hit, fmt.Sprintf("arm %q's preset %q (%s)", ps.arm, ps.preset, fmtAny(ps.value)))
		}
		if len(hit) == 0 {
			continue
		}
		v, _ := normalize(ov.Value)
		p := Problem{File: "--set", Key: ov.Key, Value: fmtAny(v), Reason: fmt.Sprintf(
			"set for every arm, this overrides %s; to keep a preset's value, use --set arm.NAME.%s=... for the arms that need a new one instead",
			strings.Join(hit, ", "), ov.Key)}
		out = append(out, p.String())
	}
	return out
}

// erasedWarnings explains each override of ovs (a --set) that gives every
// arm one value of a key in which the arms of s, the scenario before it,
// differ (however they came to: presets, arm sections): the comparison of
// that lever is gone. Arms given their own value in ovs do not count. It
// returns the warnings and the keys they cover.
func (s *Scenario) erasedWarnings(ovs []Override) ([]string, map[string]bool) {
	var out []string
	keys := map[string]bool{}
	for _, ov := range ovs {
		if armKey(ov.Key) == 1 {
			continue
		}
		own := func(arm string) bool {
			return slices.ContainsFunc(ovs, func(o Override) bool { return o.Key == "arm."+arm+"."+ov.Key })
		}
		vals, differ := s.armValues(ov.Key, own)
		if !differ {
			continue
		}
		v, _ := normalize(ov.Value)
		p := Problem{File: "--set", Key: ov.Key, Value: fmtAny(v), Reason: fmt.Sprintf(
			"the arms differ in it (%s): set for every arm, this erases that difference; use --set arm.NAME.%s=... to change some arms only",
			vals, ov.Key)}
		out = append(out, p.String())
		keys[ov.Key] = true
	}
	return out, keys
}

// armValues lists the values of key in the arms of s but those own
// reports, each as "ARM, ARM VALUE" naming the arms that have it, and
// whether they differ.
func (s *Scenario) armValues(key string, own func(arm string) bool) (string, bool) {
	var values []string           // in order of first appearance
	arms := map[string][]string{} // value -> the arms that have it
	for i := range s.Arms {
		if own(s.Arms[i].Name) {
			continue
		}
		fv, _, ok := paramFieldByName(&s.Arms[i].Params, key)
		if !ok {
			return "", false
		}
		v := fmtAny(fv.Interface())
		if _, seen := arms[v]; !seen {
			values = append(values, v)
		}
		arms[v] = append(arms[v], s.Arms[i].Name)
	}
	// one entry per value, naming its arms: ten arms over two toolboxes
	// read as two lists, not ten
	sep := ", "
	entries := make([]string, len(values))
	for i, v := range values {
		entries[i] = strings.Join(arms[v], ", ") + " " + v
		if len(arms[v]) > 1 {
			sep = "; "
		}
	}
	return strings.Join(entries, sep), len(values) > 1
}

// armKey is 1 for a key of one arm (arm.NAME.section.key), else 0.
func armKey(key string) int {
	if strings.HasPrefix(key, "arm.") {
		return 1
	}
	return 0
}

// bigUnsigned reports whether v is an unsigned integer above the int64
// range, which normalize refuses (a seed from sim.Seed, say).
func bigUnsigned(v any) bool {
	if v == nil {
		return false
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() > math.MaxInt64
	}
	return false
}

// normalize converts Go values to the types TOML decodes to.
func normalize(v any) (any, bool) {
	switch x := v.(type) {
	case int64, float64, string, bool:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case uint:
		if uint64(x) > math.MaxInt64 {
			return nil, false
		}
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		if x > math.MaxInt64 {
			return nil, false
		}
		return int64(x), true
	case float32:
		return float64(x), true
	case []string:
		return toAnys(x), true
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, ok := normalize(e)
			if !ok {
				return nil, false
			}
			out[i] = n
		}
		return out, true
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	}
	// the other integer and float kinds (int8, uint16, a named type
	// such as type Count int), as Override promises
	if v == nil {
		return nil, false
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if rv.Uint() > math.MaxInt64 {
			return nil, false
		}
		return int64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	case reflect.String:
		return rv.String(), true
	case reflect.Bool:
		return rv.Bool(), true
	}
	return nil, false
}

// set stores one override in c and returns why it is not allowed, or "".
// done is called with each arm changed and the canonical key set there.
func (c *Scenario) set(key string, v any, done func(arm int, canon string)) string {
	sec, rest, _ := strings.Cut(key, ".")
	switch sec {
	case "name", "description":
		str, ok := v.(string)
		if !ok || rest != "" || sec == "name" && str == "" {
			return "must be a non-empty string"
		}
		if sec == "name" {
			c.Name = str
		} else {
			c.Description = str
		}
		return ""
	case "run":
		return setField(reflect.ValueOf(&c.Run).Elem(), rest, v)
	case "output":
		return setField(reflect.ValueOf(&c.Output).Elem(), rest, v)
	case "sweep":
		if rest != "method" && rest != "points" {
			return "only sweep.method and sweep.points can be overridden; edit [sweep.values] and [sweep.ranges] in the file"
		}
		return setField(reflect.ValueOf(&c.Sweep).Elem(), rest, v)
	case "extends", "inherit_events":
		return "cannot be overridden: the file's extends chain is resolved before overrides apply; edit the file"
	case "event", "events":
		if l, ok := v.([]any); ok && len(l) == 0 && rest == "" && sec == "event" {
			c.events, c.where.events = nil, nil // event=[]: no events
			return ""
		}
		return "events cannot be overridden: event=[] drops them all; to change one, edit the [[event]] in the file"
	case "arm":
		name, sub, _ := strings.Cut(rest, ".")
		if sub == "event" || strings.HasPrefix(sub, "event.") || strings.HasPrefix(sub, "event[") {
			return "unknown key: events cannot be overridden, in one arm or all: event=[] drops them all; to change one or the arms it applies to, edit the [[event]] in the file"
		}
		i := slices.IndexFunc(c.Arms, func(a Arm) bool { return a.Name == name })
		if i < 0 {
			names := make([]string, len(c.Arms))
			for j, a := range c.Arms {
				names[j] = a.Name
			}
			return fmt.Sprintf("unknown arm %q%s; arms: %s", name, didYouMean(name, names), strings.Join(names, ", "))
		}
		if sub == "name" || sub == "preset" {
			return "cannot be overridden: an arm's name and preset are fixed once it is resolved"
		}
		if sub == "description" { // a key of the arm in a file, as the scenario's is
			d, ok := v.(string)
			if !ok {
				return "must be a string"
			}
			c.Arms[i].Description = d
			return ""
		}
		if sec, _, _ := strings.Cut(sub, "."); sec == "run" || sec == "output" || sec == "sweep" {
			return fmt.Sprintf("unknown key: [%s] is the same for every arm (%s)", sec, sub)
		}
		canon, reason := setParam(&c.Arms[i].Params, sub, v, "arm."+name+".")
		if reason == "" {
			done(i, canon)
		}
		return reason
	}
	if strings.HasPrefix(sec, "event[") { // event[1].year, as messages name it
		return "events cannot be overridden: event=[] drops them all; to change one, edit the [[event]] in the file"
	}
	if !slices.Contains(sections, sec) {
		hint := didYouMean(key, c.keys())
		if k := sectionKey(key); hint == "" && rest == "" && k != "" {
			hint = fmt.Sprintf(" (did you mean %q? keys are section.key)", k) // autonomy: policy.autonomy
		}
		return "unknown key" + hint
	}
	for i := range c.Arms {
		canon, reason := setParam(&c.Arms[i].Params, key, v, "")
		if reason != "" {
			return reason + c.othersHave(i, key)
		}
		done(i, canon)
	}
	return ""
}

// othersHave says, for a key of every arm that arm i refuses, which
// other arms have it (a sector or instrument only some arms' tables
// hold), or "": the key is then not a typo, and arm.NAME.key sets it.
func (c *Scenario) othersHave(i int, key string) string {
	if _, _, ok := paramFieldByName(&c.Arms[i].Params, key); ok {
		return "" // a bad value, not a missing entry
	}
	var have []string
	for j := range c.Arms {
		if j != i {
			if _, _, ok := paramFieldByName(&c.Arms[j].Params, key); ok {
				have = append(have, c.Arms[j].Name)
			}
		}
	}
	if len(have) == 0 {
		return ""
	}
	arms := "arm " + quoteList(have) + " has"
	if len(have) > 1 {
		arms = "arms " + quoteList(have) + " have"
	}
	return fmt.Sprintf(" (in arm %q; %s it: set arm.NAME.%s in the arms that have it)", c.Arms[i].Name, arms, key)
}

// setField sets the field with toml key k of struct rv.
func setField(rv reflect.Value, k string, v any) string {
	i, ok := fieldByKey(rv.Type(), k)
	if !ok || rv.Type().Field(i).Type.Kind() == reflect.Slice && rv.Type().Field(i).Type.Elem().Kind() == reflect.Struct {
		return "unknown key" + didYouMean(k, keysOf(rv.Type()))
	}
	return assign(rv.Field(i), rv.Type().Field(i), v)
}

// setParam sets "section.key", "sector.NAME.key" or "instrument.NAME.key"
// in p and returns the canonical key ("sector[3].growth") or a reason.
// prefix is what the key was given with ("arm.NAME." for one arm's key,
// else ""): the keys a reason suggests carry it, so that following the
// hint for one arm's key does not set every arm.
func setParam(p *agents.Params, key string, v any, prefix string) (string, string) {
	parts := strings.Split(key, ".")
	pv := reflect.ValueOf(p).Elem()
	// the hint only when needed: it compares key with every key of p
	unknown := func() string {
		if c := agents.Closest(key, paramKeys(*p)); c != "" && nearName(key, c) {
			return fmt.Sprintf("unknown key (did you mean %q?)", prefix+c)
		}
		if k := sectionKey(key); prefix != "" && len(parts) == 1 && k != "" {
			if sec, _, _ := strings.Cut(k, "."); slices.Contains(sections, sec) {
				return fmt.Sprintf("unknown key (did you mean %q? keys are arm.NAME.section.key)", prefix+k) // arm.x.autonomy
			}
		}
		return "unknown key"
	}
	i, ok := fieldByKey(pv.Type(), parts[0])
	if !ok {
		return "", unknown()
	}
	fv := pv.Field(i)
	if fv.Kind() == reflect.Slice {
		if len(parts) != 3 {
			return "", fmt.Sprintf("must be %s%s.NAME.KEY, e.g. %s%s.%s.%s", prefix, parts[0], prefix, parts[0],
				fv.Index(0).FieldByName("Name").String(), keysOf(fv.Type().Elem())[1])
		}
		var names []string
		for j := range fv.Len() {
			name := fv.Index(j).FieldByName("Name").String()
			names = append(names, name)
			if name != parts[1] {
				continue
			}
			if parts[2] == "name" {
				return "", "cannot rename an entry with an override"
			}
			if reason := setField(fv.Index(j), parts[2], v); reason != "" {
				return "", reason
			}
			return fmt.Sprintf("%s[%d].%s", parts[0], j+1, parts[2]), ""
		}
		return "", fmt.Sprintf("unknown %s %q%s; %ss: %s", parts[0], parts[1], didYouMean(parts[1], names), parts[0], strings.Join(names, ", "))
	}
	if len(parts) != 2 {
		return "", unknown()
	}
	if reason := setField(fv, parts[1], v); reason != "" {
		if strings.HasPrefix(reason, "unknown key") {
			return "", unknown()
		}
		return "", reason
	}
	return key, ""
}

// keyInside returns the first key an override can set inside key, when
// key names a section rather than a key ("world", "run",
// "arm.centralized.policy"), else "": --set world=3 is then told to set
// a key of [world], not that world is unknown.
func (c *Scenario) keyInside(key string) string {
	keys := c.keys()
	for _, a := range c.Arms {
		for _, k := range paramKeys(a.Params) {
			keys = append(keys, "arm."+a.Name+"."+k)
		}
	}
	for _, k := range keys {
		if strings.HasPrefix(k, key+".") {
			return k
		}
	}
	return ""
}

// nearName reports whether the last segment of key could be a
// misspelling of that of the suggested key c. Closest measures the whole
// key, whose section matches: without this, world.size would suggest
// world.x0, a key of another name that happens to be short.
func nearName(key, c string) bool {
	last := func(k string) string { return k[strings.LastIndexByte(k, '.')+1:] }
	return agents.Closest(last(key), []string{last(c)}) != ""
}

// paramKeys lists every key of p an override can set.
func paramKeys(p agents.Params) []string {
	var keys []string
	pv := reflect.ValueOf(p)
	for _, sec := range sections {
		i, _ := fieldByKey(pv.Type(), sec)
		fv := pv.Field(i)
		if fv.Kind() == reflect.Slice {
			for j := range fv.Len() {
				name := fv.Index(j).FieldByName("Name").String()
				for _, k := range keysOf(fv.Type().Elem()) {
					if k != "name" {
						keys = append(keys, sec+"."+name+"."+k)
					}
				}
			}
			continue
		}
		for _, k := range keysOf(fv.Type()) {
			keys = append(keys, sec+"."+k)
		}
	}
	return keys
}

// keys lists every key With accepts for c (arms' own keys left out).
func (c *Scenario) keys() []string {
	keys := []string{"name", "description"}
	for _, k := range keysOf(reflect.TypeFor[Run]()) {
		keys = append(keys, "run."+k)
	}
	for _, k := range keysOf(reflect.TypeFor[Output]()) {
		keys = append(keys, "output."+k)
	}
	keys = append(keys, "sweep.method", "sweep.points")
	if len(c.Arms) > 0 {
		keys = append(keys, paramKeys(c.Arms[0].Params)...)
	}
	return keys
}

// memoryReason says why p's world is too large to run (the estimate is
// agents.WorldBytes), or "".
func memoryReason(p agents.Params, _ int) string {
	if r := agents.MemoryReason(p); r != "" {
		return r + " (see Memory in scenarios/README.md)"
	}
	return ""
}
