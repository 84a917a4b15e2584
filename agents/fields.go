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
	check := func(prefix string, v reflect.Value) {
		for _, c := range fieldChecksOf(v.Type()) {
			f := v.Field(c.index)
			var (
				val any
				ok  bool
			)
			switch f.Kind() {
			case reflect.Float64:
				x := f.Float()
				val, ok = x, c.contains(x)
			case reflect.Int:
				n := f.Int()
				val, ok = n, c.contains(float64(n))
			case reflect.String:
				s := f.String()
				val, ok = s, c.enum == nil || slices.Contains(c.enum, s)
			default:
				continue
			}
			if !ok {
				errs = append(errs, &FieldError{Key: prefix + c.key, Value: val, Reason: c.reason})
			}
		}
	}
	check("world.", reflect.ValueOf(p.World))
	check("market.", reflect.ValueOf(p.Market))
	for i, s := range p.Sectors {
		check(fmt.Sprintf("sector[%d].", i+1), reflect.ValueOf(s))
	}
	for i, k := range p.Instruments {
		check(fmt.Sprintf("instrument[%d].", i+1), reflect.ValueOf(k))
	}
	check("policy.", reflect.ValueOf(p.Policy))
	check("officials.", reflect.ValueOf(p.Officials))
	check("documents.", reflect.ValueOf(p.Documents))
	return errs
}

// fieldCheck is what one tagged field allows.
type fieldCheck struct {
	index          int
	key            string
	lo, hi         float64
	loOpen, hiOpen bool
	enum           []string // allowed strings; nil: any
	reason         string
}

func (c fieldCheck) contains(x float64) bool {
	return !(x < c.lo || x > c.hi || c.loOpen && x == c.lo || c.hiOpen && x == c.hi || math.IsNaN(x))
}

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
		c := fieldCheck{index: i, key: key, lo: math.Inf(-1), hi: math.Inf(1), reason: "must be a finite number"}
		if tag, ok := sf.Tag.Lookup("range"); ok {
			c.lo, c.hi, c.loOpen, c.hiOpen = parseRangeTag(tag)
			c.reason = "must be " + rangeText(tag)
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

// parseRangeTag parses "[0,1]", "(0,inf)" or "[1,inf)". A malformed tag
// is a programmer error, caught by any test that builds a model.
func parseRangeTag(tag string) (lo, hi float64, loOpen, hiOpen bool) {
	bad := func() { panic(fmt.Sprintf("agents: malformed range tag %q", tag)) }
	if len(tag) < 5 || !strings.ContainsRune("[(", rune(tag[0])) || !strings.ContainsRune("])", rune(tag[len(tag)-1])) {
		bad()
	}
	l, h, ok := strings.Cut(tag[1:len(tag)-1], ",")
	if !ok {
		bad()
	}
	bound := func(s string) float64 {
		switch s = strings.TrimSpace(s); s {
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
	return bound(l), bound(h), tag[0] == '(', tag[len(tag)-1] == ')'
}

// rangeText says what a range tag allows, as the scenarios package does:
// ">= 1", "> 0", "in [0, 1]".
func rangeText(tag string) string {
	l, h, _ := strings.Cut(tag[1:len(tag)-1], ",")
	l, h = strings.TrimSpace(l), strings.TrimSpace(h)
	if h == "inf" || h == "+inf" {
		if tag[0] == '(' {
			return "> " + l
		}
		return ">= " + l
	}
	return "in " + tag[:1] + l + ", " + h + tag[len(tag)-1:]
}

// enumText lists the allowed values, "" shown as such.
func enumText(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}
