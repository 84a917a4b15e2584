package agents

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// checkFields reports every field of p outside its struct tag's range or
// enum, one *FieldError each, named by key as scenario files name it
// ("policy.review_interval", "instrument[3].lag"). The scenarios package
// checks the same tags when it decodes a file, with the file and line; this
// check is for a caller that builds or changes Params in Go, where a value
// out of range would otherwise run silently (an unknown cap_rule is no rule)
// or panic deep in a step (review_interval 0 divides by zero).
func checkFields(p Params) []error {
	var errs []error
	// check walks v's tagged fields; a key (and the boxed value) is made
	// only for a field out of range: New runs this for every run and every
	// event, and Params in range are the rule
	check := func(section string, i int, v reflect.Value) {
		for _, c := range fieldChecksOf(v.Type()) {
			f := v.Field(c.index)
			var val any
			switch f.Kind() {
			case reflect.Float64:
				if x := f.Float(); !c.contains(x) {
					val = x
				}
			case reflect.Int:
				if n := f.Int(); !c.contains(float64(n)) {
					val = n
				}
			case reflect.String:
				if s := f.String(); c.enum != nil && !slices.Contains(c.enum, s) {
					val = s
				}
			}
			if val == nil {
				continue
			}
			key := section + "." + c.key
			if i > 0 {
				key = fmt.Sprintf("%s[%d].%s", section, i, c.key)
			}
			errs = append(errs, &FieldError{Key: key, Value: val, Reason: c.reason})
		}
	}
	// through pointers: a struct passed to reflect.ValueOf is boxed (an
	// allocation per call), a pointer is not
	check("world", 0, reflect.ValueOf(&p.World).Elem())
	check("market", 0, reflect.ValueOf(&p.Market).Elem())
	for i := range p.Sectors {
		check("sector", i+1, reflect.ValueOf(&p.Sectors[i]).Elem())
	}
	for i := range p.Instruments {
		check("instrument", i+1, reflect.ValueOf(&p.Instruments[i]).Elem())
	}
	check("policy", 0, reflect.ValueOf(&p.Policy).Elem())
	check("officials", 0, reflect.ValueOf(&p.Officials).Elem())
	check("documents", 0, reflect.ValueOf(&p.Documents).Elem())
	return errs
}

// fieldCheck is what one tagged field allows.
type fieldCheck struct {
	index  int
	key    string
	rng    Range
	enum   []string // allowed strings; nil: any
	reason string
}

func (c fieldCheck) contains(x float64) bool { return !math.IsNaN(x) && c.rng.Contains(x) }

var fieldChecks sync.Map // reflect.Type -> []fieldCheck

// fieldChecksOf parses the range and enum tags of t's fields once.
func fieldChecksOf(t reflect.Type) []fieldCheck {
	if cs, ok := fieldChecks.Load(t); ok {
		return cs.([]fieldCheck)
	}
	var cs []fieldCheck
	for i := range t.NumField() {
		sf := t.Field(i)
		key, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		c := fieldCheck{index: i, key: key, rng: FieldRange(sf), reason: "must be a finite number"}
		if _, ok := sf.Tag.Lookup("range"); ok {
			c.reason = "must be " + c.rng.String()
		}
		if tag, ok := sf.Tag.Lookup("enum"); ok {
			c.enum = strings.Split(tag, ",")
			c.reason = "must be one of " + enumText(c.enum)
		}
		switch sf.Type.Kind() {
		case reflect.Float64, reflect.Int, reflect.String:
			if sf.Type.Kind() != reflect.String || c.enum != nil {
				cs = append(cs, c)
			}
		}
	}
	fieldChecks.Store(t, cs)
	return cs
}

// Range is what a parameter's range tag allows: range:"[0,1]",
// "(0,inf)", "[1,inf)". The tags are the single source of truth for what
// a key allows; this package checks Params against them (New), and the
// scenarios package checks a file's values as it decodes them.
type Range struct {
	Lo, Hi         float64
	LoOpen, HiOpen bool
	LoText, HiText string // the bounds as the tag writes them, for messages
}

// parseRange parses a range tag such as "[0,1]", "(0,inf)" or "(-1,inf)".
// It panics on a malformed tag: that is a programmer error, caught by any
// test that builds a model or loads a scenario.
func parseRange(tag string) Range {
	bad := func() { panic(fmt.Sprintf("agents: malformed range tag %q", tag)) }
	if len(tag) < 5 || !strings.ContainsRune("[(", rune(tag[0])) || !strings.ContainsRune("])", rune(tag[len(tag)-1])) {
		bad()
	}
	l, h, ok := strings.Cut(tag[1:len(tag)-1], ",")
	if !ok {
		bad()
	}
	bound := func(s string) float64 {
		switch s {
		case "inf", "+inf":
			return math.Inf(1)
		case "-inf":
			return math.Inf(-1)
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			bad()
		}
		return x
	}
	l, h = strings.TrimSpace(l), strings.TrimSpace(h)
	return Range{Lo: bound(l), Hi: bound(h), LoOpen: tag[0] == '(', HiOpen: tag[len(tag)-1] == ')', LoText: l, HiText: h}
}

// FieldRange is the range of a struct field's tag; a field without one
// allows any number.
func FieldRange(sf reflect.StructField) Range {
	if tag, ok := sf.Tag.Lookup("range"); ok {
		return parseRange(tag)
	}
	return Range{Lo: math.Inf(-1), Hi: math.Inf(1)}
}

// Contains reports whether x is in the range (a NaN compares as inside:
// callers refuse it first, with their own message).
func (r Range) Contains(x float64) bool {
	return !(x < r.Lo || x > r.Hi || r.LoOpen && x == r.Lo || r.HiOpen && x == r.Hi)
}

// String says what the range allows: ">= 0", "in [0, 1]", "> 0".
func (r Range) String() string {
	lo, hi := math.IsInf(r.Lo, -1), math.IsInf(r.Hi, 1)
	ge, le := ">=", "<="
	if r.LoOpen {
		ge = ">"
	}
	if r.HiOpen {
		le = "<"
	}
	// a bound as the tag writes it: 9223372036854775807 is not a float64
	bound := func(x float64, text string) string {
		if text != "" {
			return text
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	switch {
	case lo && hi:
		return "any number"
	case hi:
		return ge + " " + bound(r.Lo, r.LoText)
	case lo:
		return le + " " + bound(r.Hi, r.HiText)
	}
	l, h := "[", "]"
	if r.LoOpen {
		l = "("
	}
	if r.HiOpen {
		h = ")"
	}
	return "in " + l + bound(r.Lo, r.LoText) + ", " + bound(r.Hi, r.HiText) + h
}

// enumText lists the allowed values, "" shown as such.
func enumText(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// shockDemandRange is what Shock.Demand allows, from its tag.
func shockDemandRange() Range {
	f, _ := reflect.TypeFor[Shock]().FieldByName("Demand")
	return FieldRange(f)
}
