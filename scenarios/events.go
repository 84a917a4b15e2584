package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ipsim/ipsim/agents"
)

// Arms and events: [[arm]] entries merge by name over the extends chain;
// [[event]] entries are converted once to the keys they set and applied
// on top of each arm's parameters, in year order.

// parseArms merges the [[arm]] entries of f into arms by name.
func (l *loader) parseArms(arms []*armSpec, v any, f *file) []*armSpec {
	top := f.top()
	entries, ok := l.tables(top, "arm", v)
	if !ok {
		return arms
	}
	seen := make(map[string]int) // arm name -> its entry, from 1
	for i, m := range entries {
		a := top.entry("arm", i+1)
		name, ok := m["name"].(string)
		if !ok || !isName(name) {
			for _, k := range sortedKeys(m) {
				if !slices.Contains(armKeys, k) {
					l.ps.add(a.problem(k, m[k], "unknown key"+armKeyHint(k)))
				}
			}
		}
		if !ok || !isName(name) {
			if _, has := m["name"]; !has {
				l.ps.add(Problem{File: a.src.name, Line: a.line(""), Key: a.key("name"), Value: "<missing>", Reason: "required"})
			} else {
				l.ps.add(a.problem("name", m["name"], "must be a name of ASCII letters, digits, '_' and '-'"))
			}
			continue
		}
		if agents.ReadsAsMissing(name) {
			l.ps.add(a.problem("name", name, "pandas and R read it as a missing value: choose another arm name"))
			continue
		}
		if j, dup := seen[name]; dup {
			first := top.entry("arm", j)
			l.ps.add(a.problem("name", name, fmt.Sprintf("duplicate arm name: arm[%d], line %d, has it too: give each arm its own name", j, first.line("name"))))
			continue
		}
		if i := slices.IndexFunc(arms, func(s *armSpec) bool { return s.name != name && strings.EqualFold(s.name, name) }); i >= 0 {
			// chart files are named after arms (this file's or an extended one's)
			l.ps.add(a.problem("name", name, fmt.Sprintf("differs from arm %q only in case, and the charts named after arms would overwrite each other on macOS and Windows: choose another arm name", arms[i].name)))
			continue
		}
		seen[name] = i + 1
		la := at{src: a.src, path: a.path, display: "arm." + name}
		for _, k := range sortedKeys(m) {
			if !slices.Contains(armKeys, k) {
				l.ps.add(la.problem(k, m[k], "unknown key"+armKeyHint(k)))
			}
		}
		idx := slices.IndexFunc(arms, func(s *armSpec) bool { return s.name == name })
		if idx < 0 {
			arms = append(arms, &armSpec{name: name})
			idx = len(arms) - 1
		}
		spec := arms[idx]
		if pv, ok := m["preset"]; ok {
			p, ok := pv.(string)
			switch {
			case !ok:
				l.ps.add(la.problem("preset", pv, "must be a preset name (a string)"))
			case l.preset(p) == nil:
				l.ps.add(la.problem("preset", pv, unknownPreset(p)))
			default:
				spec.preset, spec.presetAt = p, la
			}
		}
		if dv, ok := m["description"]; ok {
			if d, ok := dv.(string); ok {
				spec.description = d
			} else {
				l.ps.add(la.problem("description", dv, "must be a string"))
			}
		}
		spec.layers = append(spec.layers, armLayer{raw: m, a: la})
	}
	return arms
}

// eventLoc is where an event was written, and where each key it sets.
type eventLoc struct {
	a       at
	sets    map[string]setAt
	sectors []setAt // where each of the event's Sectors was set (same order)
	shock   []at
}

// shockRange is what a shock's demand allows, from its tag.
func shockRange() agents.Range {
	f, _ := reflect.TypeFor[shockSpec]().FieldByName("Demand")
	return agents.FieldRange(f)
}

// shockSpec is an [event.shock] table.
type shockSpec struct {
	Sector string  `toml:"sector" doc:"sector whose demand changes (a name from [[sector]])"`
	Demand float64 `toml:"demand" unit:"relative change" range:"(-1,100]" doc:"demand is multiplied by 1 + demand from the event's year on, e.g. -0.2 (at most 100: demand times 101, so that shocks multiplied over a run stay finite; 2 or more warns, as +20 is not +20%)"`
}

var eventKeys = []string{"year", "label", "arms", "shock", "sector", "market", "policy", "officials", "documents"}

// eventSectorKeys are the keys of an [[event.sector]] entry: the sector's
// name and the two values an event may change. A sector's share (its
// capacity at the start), its name and the number of sectors are fixed.
var eventSectorKeys = []string{"name", "growth", "priority"}

// parseEvents reads the [[event]] entries of f.
func (l *loader) parseEvents(v any, f *file) ([]eventSpec, []eventLoc) {
	top := f.top()
	entries, ok := l.tables(top, "event", v)
	if !ok {
		return nil, nil
	}
	var specs []eventSpec
	var locs []eventLoc
	for i, m := range entries {
		a := top.entry("event", i+1)
		ev := eventSpec{}
		loc := eventLoc{a: a, sets: make(map[string]setAt)}
		ok := true
		for _, k := range sortedKeys(m) {
			v := m[k]
			switch k {
			case "year":
				// Any integer here: whether it lies in the run is checked
				// once the run is known, with the run's years in the
				// message (a run that starts in 9999 goes on past it).
				y, isInt := v.(int64)
				if !isInt || y < math.MinInt32 || y > math.MaxInt32 {
					hint := ""
					if t, ok := v.(time.Time); ok && t.Location().String() != "time-local" {
						hint = yearHint(t)
					}
					l.ps.add(a.problem(k, v, "must be a calendar year (an integer) within the run"+hint))
					ok = false
					continue
				}
				ev.Year = int(y)
			case "label":
				s, isStr := v.(string)
				if !isStr {
					l.ps.add(a.problem(k, v, "must be a string"))
					continue
				}
				if strings.ContainsFunc(s, unicode.IsControl) {
					// The label is the event's detail in events.csv: a line
					// break there splits the row for readers that take a
					// line per row (Stata's import delimited, grep, wc).
					l.ps.add(a.problem(k, v, "must be one line of text, without line breaks, tabs or other control characters: it is the event's detail in events.csv, and a line break splits its row for readers that take one line per row (Stata's import delimited, grep)"))
					continue
				}
				ev.Label = s
			case "arms":
				// whether each is an arm of the scenario is checked once
				// the arms are known (resolve), the extends chain merged
				names, reason := eventArms(v)
				if reason != "" {
					l.ps.add(a.problem(k, v, reason))
					ok = false // not applied to every arm instead
					continue
				}
				ev.Arms = names
			case "shock":
				for _, st := range l.eventTables(a, k, v) {
					var sh shockSpec
					l.applyStruct(reflect.ValueOf(&sh).Elem(), st.t, st.a, nil)
					for _, rk := range []string{"sector", "demand"} {
						if _, has := st.t[rk]; !has {
							l.ps.add(Problem{File: st.a.src.name, Line: st.a.line(""), Key: st.a.key(rk), Value: "<missing>", Reason: "required"})
						}
					}
					if _, has := st.t["sector"]; !has {
						continue // reported once: its name "" would be an unknown sector too
					}
					ev.Shocks = append(ev.Shocks, agents.Shock{Sector: sh.Sector, Demand: sh.Demand})
					loc.shock = append(loc.shock, st.a)
				}
			case "world":
				// The model sets the world up once, from the arm's
				// parameters, and keeps it for the whole run.
				t, isTable := l.table(a, k, v)
				if !isTable {
					continue
				}
				ta := a.child(k)
				for _, wk := range sortedKeys(t) {
					l.ps.add(ta.problem(wk, t[wk], "events cannot change [world]: the world is set up once, at the start"))
				}
			case "sector":
				for _, st := range l.eventTables(a, k, v) {
					l.parseEventSector(&ev, &loc, st.t, st.a)
				}
			case "market", "policy", "officials", "documents":
				t, isTable := l.table(a, k, v)
				if !isTable {
					continue
				}
				sec := k
				ta := a.child(sec)
				scratch := agents.DefaultParams()
				pv := reflect.ValueOf(&scratch).Elem()
				fi, _ := fieldByKey(pv.Type(), sec)
				sv := pv.Field(fi)
				l.applyStruct(sv, t, ta, func(fk string, fv any) {
					j, _ := fieldByKey(sv.Type(), fk)
					if sv.Type().Field(j).Tag.Get("setup") == "only" {
						// the model reads it once, as it sets the world up:
						// an event setting it would change nothing
						l.ps.add(ta.problem(fk, fv, "events cannot change it: the model reads it only at set-up, at the start of the run"))
						return
					}
					val := sv.Field(j).Interface()
					if ss, isSlice := val.([]string); isSlice {
						val = slices.Clone(ss)
					}
					ev.Sets = append(ev.Sets, setting{Key: sec + "." + fk, Value: val})
					loc.sets[sec+"."+fk] = setAt{a: ta, key: fk, val: fmtValue(fv)}
				})
			case "instrument":
				l.ps.add(a.problem(k, v, "events cannot change the instrument table (declare it in [[instrument]]; change policy.toolbox to change the tools in use)"))
			default:
				hint := topKeyHint(k, a)
				if hint == "" {
					hint = eventKeyHint(k)
				}
				l.ps.add(a.problem(k, v, "unknown key"+hint))
			}
		}
		if _, has := m["year"]; !has {
			l.ps.add(Problem{File: a.src.name, Line: a.line(""), Key: a.key("year"), Value: "<missing>", Reason: "required: the calendar year the event fires"})
			ok = false
		}
		if !ok {
			continue
		}
		slices.SortFunc(ev.Sets, func(x, y setting) int { return strings.Compare(x.Key, y.Key) })
		if ev.Label == "" {
			ev.Label = defaultLabel(ev)
		}
		specs = append(specs, ev)
		locs = append(locs, loc)
	}
	return specs, locs
}

// eventArms reads the arms key of an event: a list of distinct names.
func eventArms(v any) ([]string, string) {
	list, isList := v.([]any)
	if !isList {
		return nil, `must be a list of arm names, e.g. ["centralized"]`
	}
	if len(list) == 0 {
		return nil, "must name at least one arm: leave arms out for every arm"
	}
	names := make([]string, 0, len(list))
	for _, e := range list {
		name, isStr := e.(string)
		if !isStr {
			return nil, `must be a list of arm names, e.g. ["centralized"]`
		}
		if slices.Contains(names, name) {
			return nil, fmt.Sprintf("names arm %q twice: name each arm once", name)
		}
		names = append(names, name)
	}
	return names, ""
}

// appliesTo reports whether the event applies to the arm of that name.
func (ev eventSpec) appliesTo(arm string) bool {
	return ev.Arms == nil || slices.Contains(ev.Arms, arm)
}

// eventTable is one table of an [event.K] table or [[event.K]] array.
type eventTable struct {
	t map[string]any
	a at
}

// eventTables reads v, the value of key k of the event at a, as one table
// ([event.shock]) or an array of tables ([[event.shock]]).
func (l *loader) eventTables(a at, k string, v any) []eventTable {
	if t, isTable := v.(map[string]any); isTable {
		return []eventTable{{t: t, a: a.child(k)}}
	}
	ts, isTables := l.tables(a, k, v)
	if !isTables {
		return nil
	}
	out := make([]eventTable, len(ts))
	for j, t := range ts {
		out[j] = eventTable{t: t, a: a.entry(k, j+1)}
	}
	return out
}

// parseEventSector reads one [[event.sector]] entry t (at sa): the name of
// an existing sector and a new growth or priority. Whether the name is a
// sector of every arm is checked by armEvents.
func (l *loader) parseEventSector(ev *eventSpec, loc *eventLoc, t map[string]any, sa at) {
	nv, has := t["name"]
	name, isStr := nv.(string)
	switch {
	case !has:
		l.ps.add(Problem{File: sa.src.name, Line: sa.line(""), Key: sa.key("name"), Value: "<missing>", Reason: "required: the sector whose growth or priority changes"})
		return
	case !isStr || name == "":
		l.ps.add(sa.problem("name", nv, "must be the name of a sector (a string)"))
		return
	}
	if slices.ContainsFunc(ev.Sectors, func(s sectorSet) bool { return s.Sector == name }) {
		l.ps.add(sa.problem("name", name, "duplicate: an earlier [[event.sector]] of this event changes it"))
		return
	}
	var scratch agents.Sector
	sv := reflect.ValueOf(&scratch).Elem()
	sets := 0
	for _, k := range sortedKeys(t) {
		v := t[k]
		switch k {
		case "name":
		case "growth", "priority":
			i, _ := fieldByKey(sv.Type(), k)
			if reason := assign(sv.Field(i), sv.Type().Field(i), v); reason != "" {
				l.ps.add(sa.problem(k, v, reason))
				continue
			}
			ev.Sectors = append(ev.Sectors, sectorSet{Sector: name, Key: k, Value: sv.Field(i).Float()})
			loc.sectors = append(loc.sectors, setAt{a: sa, key: k, val: fmtValue(v)})
			sets++
		case "share":
			l.ps.add(sa.problem(k, v, "events cannot change a sector's share (its capacity at the start); use [event.shock] for demand"))
		default:
			hint := topKeyHint(k, sa)
			if hint == "" {
				hint = didYouMean(k, eventSectorKeys) + "; an event may change a sector's growth and priority"
			}
			l.ps.add(sa.problem(k, v, "unknown key"+hint))
		}
	}
	if sets == 0 && len(t) == 1 {
		l.ps.add(sa.problem("name", name, "sets nothing: give the sector a new growth or priority"))
	}
}

// defaultLabel names an event by what it does, e.g.
// "2008: policy.autonomy, sector.solar.priority, shock steel -0.2".
func defaultLabel(ev eventSpec) string {
	var parts []string
	for _, s := range ev.Sets {
		parts = append(parts, s.Key)
	}
	for _, s := range ev.Sectors {
		parts = append(parts, "sector."+s.Sector+"."+s.Key)
	}
	for _, sh := range ev.Shocks {
		parts = append(parts, fmt.Sprintf("shock %s %s", sh.Sector, fmtNum(sh.Demand)))
	}
	return fmt.Sprintf("%d: %s", ev.Year, strings.Join(parts, ", "))
}

// armEvents builds the agents.Events of the arm named arm, of the events
// that apply to it: each event's parameters are the arm's, with every
// earlier such event and this one applied. locs are where the events were
// written (nil when unknown: problems then have no line).
func (l *loader) armEvents(s *Scenario, arm string, st *state, locs []eventLoc) []agents.Event {
	if len(locs) != len(s.events) {
		locs = nil
	}
	var out []agents.Event
	cur := st.p
	where := st.where // where each key was last set, the events' keys included
	if locs != nil {
		where = make(map[string]setAt, len(st.where))
		for k, v := range st.where {
			where[k] = v
		}
	}
	for i, ev := range s.events {
		if !ev.appliesTo(arm) {
			continue
		}
		e := agents.Event{Step: (ev.Year - s.Run.StartYear) * s.Run.StepsPerYear, Label: ev.Label}
		if len(ev.Sets) > 0 || len(ev.Sectors) > 0 {
			next := cur.Clone()
			applySettings(&next, ev.Sets)
			sectorAt := l.applySectorSets(&next, ev.Sectors, s.Source, i, locs)
			cur = next
			p := next.Clone()
			e.Params = &p
			if locs != nil {
				for k, v := range locs[i].sets {
					where[k] = v
				}
				for k, v := range sectorAt {
					where[k] = v
				}
			}
			est := &state{p: next, where: where}
			if locs != nil {
				est.event = locs[i].sets
			}
			var f file
			f.src = &source{name: s.Source}
			if locs != nil {
				f.src = locs[i].a.src
			}
			for _, p := range est.locateFields(fieldErrors(next.Validate()), &f) {
				l.ps.add(p)
			}
		}
		sectors := sectorNames(cur)
		for j, sh := range ev.Shocks {
			if !slices.Contains(sectors, sh.Sector) {
				reason := "unknown sector" + didYouMean(sh.Sector, sectors) + "; sectors: " + strings.Join(sectors, ", ")
				if locs != nil && j < len(locs[i].shock) {
					l.ps.add(locs[i].shock[j].problem("sector", sh.Sector, reason))
				} else {
					l.ps.add(Problem{File: s.Source, Key: fmt.Sprintf("event[%d].shock.sector", i+1), Value: tomlString(sh.Sector), Reason: reason})
				}
			}
			if r := shockRange(); !r.Contains(sh.Demand) || sh.Demand != sh.Demand {
				l.ps.add(Problem{File: s.Source, Key: fmt.Sprintf("event[%d].shock.demand", i+1), Value: fmtNum(sh.Demand), Reason: "must be " + r.String() + percentHint("relative change", r, sh.Demand)})
			} else if sh.Demand >= 2 && locs != nil && j < len(locs[i].shock) {
				// allowed, but a percentage reads as a shock this size:
				// +20 meant as +20% multiplies demand by 21
				note := locs[i].shock[j].problem("demand", sh.Demand, fmt.Sprintf("multiplies %s's demand by %g from %d on; if a percentage was meant, write %g for %g%%",
					sh.Sector, 1+sh.Demand, ev.Year, sh.Demand/100, sh.Demand)).String()
				if !slices.Contains(l.notes, note) { // once, not once per arm
					l.notes = append(l.notes, note)
				}
			}
		}
		e.Shocks = slices.Clone(ev.Shocks)
		out = append(out, e)
	}
	return out
}

// applySectorSets stores the [[event.sector]] values of event i (the ith
// in year order) in p, by sector name, and returns where each canonical
// key ("sector[3].priority") was set when locs are known. A name that is
// not one of p's sectors is a problem: events cannot add sectors.
func (l *loader) applySectorSets(p *agents.Params, sets []sectorSet, source string, i int, locs []eventLoc) map[string]setAt {
	where := make(map[string]setAt)
	names := sectorNames(*p)
	for n, ss := range sets {
		j := slices.Index(names, ss.Sector)
		if j < 0 {
			reason := "unknown sector" + didYouMean(ss.Sector, names) + "; events cannot add sectors; sectors: " + strings.Join(names, ", ")
			if locs != nil && n < len(locs[i].sectors) {
				l.ps.add(locs[i].sectors[n].a.problem("name", ss.Sector, reason))
			} else {
				l.ps.add(Problem{File: source, Key: fmt.Sprintf("event[%d].sector.name", i+1), Value: tomlString(ss.Sector), Reason: reason})
			}
			continue
		}
		sec := &p.Sectors[j]
		switch ss.Key {
		case "growth":
			sec.Growth = ss.Value
		case "priority":
			sec.Priority = ss.Value
		}
		if locs != nil && n < len(locs[i].sectors) {
			where[fmt.Sprintf("sector[%d].%s", j+1, ss.Key)] = locs[i].sectors[n]
		}
	}
	return where
}

// applySettings stores converted event settings in p.
func applySettings(p *agents.Params, sets []setting) {
	pv := reflect.ValueOf(p).Elem()
	for _, s := range sets {
		fv, _, ok := paramField(pv, s.Key)
		if !ok {
			continue
		}
		v := reflect.ValueOf(s.Value)
		if ss, isSlice := s.Value.([]string); isSlice {
			v = reflect.ValueOf(slices.Clone(ss))
		}
		if v.Type().AssignableTo(fv.Type()) {
			fv.Set(v)
		}
	}
}

// armKeyHint explains an unknown key of an [[arm]] table: the keys that
// belong to the whole file (events, extends, the run) get the reason,
// others a spelling suggestion.
func armKeyHint(k string) string {
	switch k {
	case "event":
		return ": events belong to the whole file; write [[event]] at the top of the file, with arms = [\"NAME\"] for some arms only, and give an arm its own values under [arm.policy] and the other arm sections"
	case "inherit_events":
		return ": events belong to the whole file; write inherit_events at the top of the file"
	case "extends":
		return ": a file extends one file for all its arms; to start an arm from a preset, write preset = \"NAME\" in it"
	case "run", "output", "sweep":
		return ": [" + k + "] is the same for every arm; write it at the top of the file"
	}
	if sec := modelSectionOf(k); sec != "" { // autonomy = 0.2 under [[arm]]
		return fmt.Sprintf(" (%s is a key of [%s]: write it under [arm.%s], below the arm's name)", k, sec, sec)
	}
	return didYouMean(k, armKeys)
}

// eventKeyHint suggests, for an unknown key k of an [[event]], the table
// of the event it belongs in: autonomy under [event.policy], demand
// under [event.shock], priority under [[event.sector]].
func eventKeyHint(k string) string {
	switch sec := modelSectionOf(k); {
	case sec == "world":
		return fmt.Sprintf(" (%s is a key of [world], which events cannot change: the world is set up once, at the start)", k)
	case sec != "":
		return fmt.Sprintf(" (%s is a key of [%s]: write it under [event.%s])", k, sec, sec)
	case k == "demand":
		return " (a demand shock: write sector and demand under [event.shock])"
	case k == "priority" || k == "growth":
		return fmt.Sprintf(" (a sector's new %s: write the sector's name and %s under [[event.sector]])", k, k)
	}
	return didYouMean(k, eventKeys)
}

// modelSectionOf is the model section ([world], [market], [policy],
// [officials], [documents]) that has key k, or "".
func modelSectionOf(k string) string {
	pt := reflect.TypeFor[agents.Params]()
	for i := range pt.NumField() {
		if f := pt.Field(i); f.Type.Kind() == reflect.Struct && tomlName(f) != "" {
			if _, ok := fieldByKey(f.Type, k); ok {
				return tomlName(f)
			}
		}
	}
	return ""
}

// eventSetting explains a key given for the whole run (a --set, a swept
// key; "arm.NAME." and all) that an event also sets: the event's value
// replaces it from the event's year on, so the value given (what names
// it: "this value", "the swept value") holds only before then, or never
// if the event is in the run's first year (then followed by never, what
// to do about it). Only the arms the key and the event both apply to
// count; where the events that set it do not cover those arms alike, it
// names the arms of each. It returns "" if no such event sets the key.
func (s *Scenario) eventSetting(key, what, never string) string {
	var arms []string // the arms the key is set in
	for _, a := range s.Arms {
		arms = append(arms, a.Name)
	}
	if rest, ok := strings.CutPrefix(key, "arm."); ok {
		if name, after, ok := strings.Cut(rest, "."); ok {
			key, arms = after, []string{name}
		}
	}
	sector, field := "", ""
	if rest, ok := strings.CutPrefix(key, "sector."); ok {
		if i := strings.LastIndex(rest, "."); i > 0 {
			sector, field = rest[:i], rest[i+1:]
		}
	}
	// the first event (in year order) that sets it in each arm, and the
	// arms of each such event
	var firsts []int
	byEvent := map[int][]string{}
	for _, arm := range arms {
		for i, ev := range s.events {
			if !ev.appliesTo(arm) {
				continue
			}
			if !slices.ContainsFunc(ev.Sets, func(x setting) bool { return x.Key == key }) &&
				!slices.ContainsFunc(ev.Sectors, func(x sectorSet) bool { return x.Sector == sector && x.Key == field }) {
				continue
			}
			if _, seen := byEvent[i]; !seen {
				firsts = append(firsts, i)
			}
			byEvent[i] = append(byEvent[i], arm)
			break
		}
	}
	if len(firsts) == 0 {
		return ""
	}
	slices.Sort(firsts)
	if len(firsts) == 1 && len(byEvent[firsts[0]]) == len(arms) {
		ev := s.events[firsts[0]]
		if ev.Year <= s.Run.StartYear {
			return fmt.Sprintf("the event %q sets it from the run's first year, %d, on: %s never applies%s", ev.Label, ev.Year, what, never)
		}
		return fmt.Sprintf("the event %q sets it from %d on: %s holds only before then", ev.Label, ev.Year, what)
	}
	var parts []string
	for _, i := range firsts {
		ev := s.events[i]
		in := "arm " + strings.Join(byEvent[i], ", ")
		if len(byEvent[i]) > 1 {
			in = "arms " + strings.Join(byEvent[i], ", ")
		}
		if ev.Year <= s.Run.StartYear {
			parts = append(parts, fmt.Sprintf("the event %q sets it in %s from the run's first year, %d, on: %s never applies there", ev.Label, in, ev.Year, what))
		} else {
			parts = append(parts, fmt.Sprintf("the event %q sets it in %s from %d on: %s holds there only before then", ev.Label, in, ev.Year, what))
		}
	}
	return strings.Join(parts, "; ")
}
