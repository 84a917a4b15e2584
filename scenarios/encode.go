package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ipsim/ipsim/agents"
)

// TOML returns the fully resolved scenario as a scenario file: every key,
// each with a comment giving its meaning, unit and allowed range. The
// shared sections hold the first arm's parameters and each arm lists only
// what differs from them, so loading the text gives back the identical
// scenario (Source aside).
func (s *Scenario) TOML() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# ipsim scenario %q, fully resolved from %s.\n", s.Name, s.Source)
	b.WriteString("# Every key is listed with its meaning, unit and allowed range; see scenarios/README.md.\n\n")
	b.Write(s.body())
	return []byte(b.String())
}

// Hash is the sha256 (hex) of the canonical resolved scenario: its TOML
// without comments, blank lines, the scenario's name and description, the
// arms' descriptions and the [output] section. Two scenarios with the same
// hash give the same results: where and in which format they are written,
// whether charts are drawn, what the scenario is called, and the wording
// of comments and descriptions (which a new version of ipsim may change)
// do not count. Arm names do: they are columns of the results.
func (s *Scenario) Hash() string {
	sum := sha256.Sum256(Canonical(s.body(), false))
	return hex.EncodeToString(sum[:])
}

// Canonical returns the text of a resolved scenario file (as TOML writes
// it) as Hash reads it: each line trimmed, without comments, blank lines,
// the scenario's name and description and the arms' descriptions, and without the
// [output] section unless withOutput. Two files with equal canonical
// texts describe the same scenario whatever their comments (the header
// names the file resolved from, which may differ between machines);
// without [output], the same results.
func Canonical(toml []byte, withOutput bool) []byte {
	var b []byte
	inTop, inOutput, inArm := true, false, false
	for _, line := range strings.Split(string(toml), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			inTop = false
			inOutput = t == "[output]"
			inArm = t == "[[arm]]"
		}
		if t == "" || strings.HasPrefix(t, "#") || inOutput && !withOutput || (inTop || inArm) && strings.HasPrefix(t, "description") || inTop && strings.HasPrefix(t, "name ") {
			continue // a description, or the scenario's name, changes no result
		}
		b = append(b, t...)
		b = append(b, '\n')
	}
	return b
}

func (s *Scenario) body() []byte {
	w := &writer{}
	w.kv("name", tomlString(s.Name), "scenario name, shown in results and reports")
	w.kv("description", tomlString(s.Description), "one line on what the scenario is for")
	w.section("run", "How long a run lasts and how many runs.", reflect.ValueOf(s.Run), reflect.Value{}, reflect.Value{}, nil)
	w.section("output", "Where and how results are written.", reflect.ValueOf(s.Output), reflect.Value{}, reflect.Value{}, nil)
	w.sweep(s.Sweep)
	if len(s.Arms) == 0 {
		return []byte(w.String())
	}
	base := s.Arms[0].Params
	w.params("", base, nil, nil, nil)
	for _, a := range s.Arms {
		w.line("")
		w.line("[[arm]]")
		w.kv("name", tomlString(a.Name), "the arm's name, used in results and in keys arm.NAME.section.key")
		if a.Preset != "" {
			w.kv("preset", tomlString(a.Preset), "the preset it started from (fully overridden by the sections above and below)")
		}
		if a.Description != "" {
			w.kv("description", tomlString(a.Description), "what the regime is, for reports")
		}
		var preset *agents.Params
		pp, sets, ok := presetParams(a.Preset)
		if ok {
			preset = &pp // what the arm's preset sets, written again where the arm differs
			// and its toolbox, every instrument if it names none: an arm
			// loaded with the preset gets it
			sets["policy.toolbox"] = true
		}
		w.params("arm.", a.Params, &base, preset, sets)
	}
	for _, ev := range s.events {
		w.event(ev)
	}
	return []byte(w.String())
}

type writer struct{ strings.Builder }

func (w *writer) line(s string) {
	w.WriteString(s)
	w.WriteByte('\n')
}

// kv writes key = value, with the comment above it.
func (w *writer) kv(key, value, comment string) {
	if comment != "" {
		w.line("# " + comment)
	}
	w.line(key + " = " + value)
}

// comment is a field's doc, unit and allowed values.
func comment(sf reflect.StructField) string {
	doc := sf.Tag.Get("doc")
	var extra []string
	if u := sf.Tag.Get("unit"); u != "" {
		extra = append(extra, u)
	}
	switch sf.Type.Kind() {
	case reflect.Float64, reflect.Int, reflect.Uint64, reflect.String:
		if a := allows(sf); a != "a string" && a != "a finite number" && a != "an integer" {
			extra = append(extra, a)
		}
	}
	if len(extra) > 0 {
		doc += " [" + strings.Join(extra, "; ") + "]"
	}
	return doc
}

// tomlOf formats a struct field's value as TOML.
func tomlOf(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Float64:
		return tomlFloat(v.Float())
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.String:
		return tomlString(v.String())
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = tomlOf(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return tomlAny(v.Interface())
}

// tomlAny formats a sweep value as TOML.
func tomlAny(v any) string {
	switch x := v.(type) {
	case float64:
		return tomlFloat(x)
	case []string:
		return tomlOf(reflect.ValueOf(x))
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = tomlAny(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmtValue(v)
}

// section writes [name] with every field of v, or, when base is valid,
// only the fields that differ from base (nothing at all if none do).
func (w *writer) section(name, doc string, v, base, preset reflect.Value, presetSets func(key string) bool) {
	t := v.Type()
	header := false
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct {
			continue
		}
		if base.IsValid() && reflect.DeepEqual(v.Field(i).Interface(), base.Field(i).Interface()) &&
			(presetSets == nil || !presetSets(tomlName(sf)) || reflect.DeepEqual(v.Field(i).Interface(), preset.Field(i).Interface())) {
			continue
		}
		if !header {
			w.line("")
			if doc != "" {
				w.line("# " + doc)
			}
			w.line("[" + name + "]")
			header = true
		}
		w.kv(tomlName(sf), tomlOf(v.Field(i)), comment(sf))
	}
}

// sectionDocs are the comments above each model section.
var sectionDocs = map[string]string{
	"world":     "The regions: tree size, heterogeneity, growth mechanics, budgets, stocks.",
	"market":    "National demand and prices.",
	"policy":    "The division of labour between center and regions: the levers.",
	"officials": "Leaders of regions: ability, careers, learning.",
	"documents": "Calibrated rates at which levels issue policy documents.",
}

// params writes the model sections of p: all of them, or (base != nil)
// only what differs from base, or, for the keys in sets (what an arm's
// preset sets, which a file that loads it applies under the shared
// sections), from preset, under prefix ("arm.").
func (w *writer) params(prefix string, p agents.Params, base, preset *agents.Params, sets map[string]bool) {
	pv := reflect.ValueOf(p)
	var bv, ppv reflect.Value
	if base != nil {
		bv = reflect.ValueOf(*base)
	}
	if preset != nil {
		ppv = reflect.ValueOf(*preset)
	}
	for _, sec := range sections {
		i, _ := fieldByKey(pv.Type(), sec)
		fv := pv.Field(i)
		var bf, pf reflect.Value
		if base != nil {
			bf = bv.Field(i)
		}
		if preset != nil {
			pf = ppv.Field(i)
		}
		if fv.Kind() == reflect.Slice {
			if base != nil && reflect.DeepEqual(fv.Interface(), bf.Interface()) &&
				(!sets[sec] || reflect.DeepEqual(fv.Interface(), pf.Interface())) {
				continue
			}
			w.table(prefix+sec, fv)
			continue
		}
		doc := sectionDocs[sec]
		if base != nil {
			doc = ""
		}
		w.section(prefix+sec, doc, fv, bf, pf, func(key string) bool { return sets[sec+"."+key] })
	}
}

// table writes an array of tables; the keys of its first entry carry the
// comments.
func (w *writer) table(name string, v reflect.Value) {
	t := v.Type().Elem()
	for j := range v.Len() {
		w.line("")
		w.line("[[" + name + "]]")
		e := v.Index(j)
		for i := range t.NumField() {
			c := ""
			if j == 0 {
				c = comment(t.Field(i))
			}
			w.kv(tomlName(t.Field(i)), tomlOf(e.Field(i)), c)
		}
	}
}

func (w *writer) sweep(sw Sweep) {
	// method and points, with Sweep's tags: commented like every key
	st := reflect.TypeFor[Sweep]()
	mf, _ := st.FieldByName("Method")
	pf, _ := st.FieldByName("Points")
	head := reflect.New(reflect.StructOf([]reflect.StructField{
		{Name: mf.Name, Type: mf.Type, Tag: mf.Tag},
		{Name: pf.Name, Type: pf.Type, Tag: pf.Tag},
	})).Elem()
	head.Field(0).SetString(sw.Method)
	head.Field(1).SetInt(int64(sw.Points))
	w.section("sweep", "Used by ipsim sweep: grid values or sampler ranges per key.", head, reflect.Value{}, reflect.Value{}, nil)
	if len(sw.Values) > 0 {
		w.line("")
		f, _ := st.FieldByName("Values")
		w.line("# " + f.Tag.Get("doc"))
		w.line("[sweep.values]")
		for _, sv := range sw.Values {
			w.line(tomlString(sv.Key) + " = " + tomlAny(sv.Values))
		}
	}
	if len(sw.Ranges) > 0 {
		w.line("")
		f, _ := st.FieldByName("Ranges")
		w.line("# " + f.Tag.Get("doc"))
		w.line("[sweep.ranges]")
		for _, r := range sw.Ranges {
			w.line(tomlString(r.Key) + " = [" + tomlFloat(r.Low) + ", " + tomlFloat(r.High) + "]")
		}
	}
}

func (w *writer) event(ev eventSpec) {
	w.line("")
	w.line("[[event]]")
	w.kv("year", strconv.Itoa(ev.Year), "calendar year from which the event applies")
	w.kv("label", tomlString(ev.Label), "name of the event in events.csv")
	if ev.Arms != nil {
		w.kv("arms", tomlOf(reflect.ValueOf(ev.Arms)), "the arms it applies to (left out: every arm)")
	}
	var secs []string
	for _, s := range ev.Sets {
		sec, _, _ := strings.Cut(s.Key, ".")
		if !slices.Contains(secs, sec) {
			secs = append(secs, sec)
		}
	}
	scratch := reflect.ValueOf(agents.Params{})
	for _, sec := range secs {
		w.line("[event." + sec + "]")
		i, _ := fieldByKey(scratch.Type(), sec)
		st := scratch.Field(i).Type()
		for _, s := range ev.Sets {
			if ssec, k, _ := strings.Cut(s.Key, "."); ssec == sec {
				j, _ := fieldByKey(st, k)
				w.kv(k, tomlOf(reflect.ValueOf(s.Value)), comment(st.Field(j)))
			}
		}
	}
	sect := reflect.TypeFor[agents.Sector]()
	for n := 0; n < len(ev.Sectors); {
		name := ev.Sectors[n].Sector
		w.line("[[event.sector]]")
		w.kv("name", tomlString(name), "sector whose growth or priority changes from this year on")
		for ; n < len(ev.Sectors) && ev.Sectors[n].Sector == name; n++ {
			j, _ := fieldByKey(sect, ev.Sectors[n].Key)
			w.kv(ev.Sectors[n].Key, tomlFloat(ev.Sectors[n].Value), comment(sect.Field(j)))
		}
	}
	t := reflect.TypeFor[shockSpec]()
	for _, sh := range ev.Shocks {
		w.line("[[event.shock]]")
		w.kv("sector", tomlString(sh.Sector), comment(t.Field(0)))
		w.kv("demand", tomlFloat(sh.Demand), comment(t.Field(1)))
	}
}
