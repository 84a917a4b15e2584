package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

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
	seen := make(map[string]bool)
	for i, m := range entries {
		a := top.entry("arm", i+1)
		name, ok := m["name"].(string)
		if !ok || !isName(name) {
			for _, k := range sortedKeys(m) {
				if !slices.Contains(armKeys, k) {
					l.ps.add(a.problem(k, m[k], "unknown key"+didYouMean(k, armKeys)))
				}
			}
		}
		if !ok || !isName(name) {
			if _, has := m["name"]; !has {
				l.ps.add(Problem{File: a.src.name, Line: a.line(""), Key: a.key("name"), Value: "<missing>", Reason: "required"})
			} else {
				l.ps.add(a.problem("name", m["name"], "must be a name of letters, digits, '_' and '-'"))
			}
			continue
		}
		if seen[name] {
			l.ps.add(a.problem("name", name, "duplicate arm name"))
			continue
		}
		seen[name] = true
		la := at{src: a.src, path: a.path, display: "arm." + name}
		for _, k := range sortedKeys(m) {
			if !slices.Contains(armKeys, k) {
				l.ps.add(la.problem(k, m[k], "unknown key"+didYouMean(k, armKeys)))
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
		spec.layers = append(spec.layers, armLayer{raw: m, a: la})
	}
	return arms
}

// eventLoc is where an event was written, and where each key it sets.
type eventLoc struct {
	a     at
	sets  map[string]setAt
	shock []at
}

// shockSpec is an [event.shock] table.
type shockSpec struct {
	Sector string  `toml:"sector" doc:"sector whose demand changes (a name from [[sector]])"`
	Demand float64 `toml:"demand" unit:"relative change" range:"(-1,inf)" doc:"demand is multiplied by 1 + demand from the event's year on, e.g. -0.2"`
}

var eventKeys = []string{"year", "label", "shock", "world", "market", "policy", "officials", "documents"}

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
				y, isInt := v.(int64)
				if !isInt || y < 1 || y > 9999 {
					l.ps.add(a.problem(k, v, "must be a calendar year (an integer) within the run"))
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
				ev.Label = s
			case "shock":
				var shocks []map[string]any
				sa := []at{}
				if t, isTable := v.(map[string]any); isTable {
					shocks = []map[string]any{t}
					sa = append(sa, a.child("shock"))
				} else if ts, isTables := l.tables(a, "shock", v); isTables {
					shocks = ts
					for j := range ts {
						sa = append(sa, a.entry("shock", j+1))
					}
				}
				for j, t := range shocks {
					var sh shockSpec
					l.applyStruct(reflect.ValueOf(&sh).Elem(), t, sa[j], nil)
					for _, rk := range []string{"sector", "demand"} {
						if _, has := t[rk]; !has {
							l.ps.add(Problem{File: sa[j].src.name, Line: sa[j].line(""), Key: sa[j].key(rk), Value: "<missing>", Reason: "required"})
						}
					}
					ev.Shocks = append(ev.Shocks, agents.Shock{Sector: sh.Sector, Demand: sh.Demand})
					loc.shock = append(loc.shock, sa[j])
				}
			case "world", "market", "policy", "officials", "documents":
				t, isTable := l.table(a, k, v)
				if !isTable {
					continue
				}
				sec := k
				ta := a.child(sec)
				scratch := agents.DefaultParams()
				pv := reflect.ValueOf(&scratch).Elem()
				fi, _ := fieldByKey(pv.Type(), sec)
				if sec == "world" {
					t2 := make(map[string]any, len(t))
					for wk, wv := range t {
						if slices.Contains(worldSize, wk) {
							l.ps.add(ta.problem(wk, wv, "events cannot change the world size"))
							continue
						}
						t2[wk] = wv
					}
					t = t2
				}
				sv := pv.Field(fi)
				l.applyStruct(sv, t, ta, func(fk string, fv any) {
					j, _ := fieldByKey(sv.Type(), fk)
					val := sv.Field(j).Interface()
					if ss, isSlice := val.([]string); isSlice {
						val = slices.Clone(ss)
					}
					ev.Sets = append(ev.Sets, setting{Key: sec + "." + fk, Value: val})
					loc.sets[sec+"."+fk] = setAt{a: ta, key: fk, val: fmtValue(fv)}
				})
			case "sector", "instrument":
				l.ps.add(a.problem(k, v, fmt.Sprintf("events cannot change the %s table (declare it in [[%s]]; use [event.shock] for demand)", k, k)))
			default:
				l.ps.add(a.problem(k, v, "unknown key"+didYouMean(k, eventKeys)))
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

// defaultLabel names an event by what it does, e.g.
// "2008: policy.autonomy, shock steel -0.2".
func defaultLabel(ev eventSpec) string {
	var parts []string
	for _, s := range ev.Sets {
		parts = append(parts, s.Key)
	}
	for _, sh := range ev.Shocks {
		parts = append(parts, fmt.Sprintf("shock %s %s", sh.Sector, fmtNum(sh.Demand)))
	}
	return fmt.Sprintf("%d: %s", ev.Year, strings.Join(parts, ", "))
}

// armEvents builds an arm's agents.Events: each event's parameters are the
// arm's, with every earlier event and this one applied. locs are where the
// events were written (nil after With: problems then have no line).
func (l *loader) armEvents(s *Scenario, st *state, locs []eventLoc) []agents.Event {
	var out []agents.Event
	cur := st.p
	for i, ev := range s.events {
		e := agents.Event{Step: (ev.Year - s.Run.StartYear) * s.Run.StepsPerYear, Label: ev.Label}
		if len(ev.Sets) > 0 {
			next := cloneParams(cur)
			applySettings(&next, ev.Sets)
			cur = next
			p := cloneParams(next)
			e.Params = &p
			est := &state{p: next, where: st.where}
			if locs != nil {
				est.where = make(map[string]setAt, len(st.where))
				for k, v := range st.where {
					est.where[k] = v
				}
				for k, v := range locs[i].sets {
					est.where[k] = v
				}
			}
			for _, fe := range fieldErrors(next.Validate()) {
				var f file
				f.src = &source{name: s.Source}
				if locs != nil {
					f.src = locs[i].a.src
				}
				l.ps.add(est.locate(fe.Key, fmtAny(fe.Value), fe.Reason, &f))
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
			if sh.Demand <= -1 || sh.Demand != sh.Demand {
				l.ps.add(Problem{File: s.Source, Key: fmt.Sprintf("event[%d].shock.demand", i+1), Value: fmtNum(sh.Demand), Reason: "must be > -1"})
			}
		}
		e.Shocks = slices.Clone(ev.Shocks)
		out = append(out, e)
	}
	return out
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
