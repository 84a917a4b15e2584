package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ipsim/ipsim/agents"
)

// Field checks come from the struct tags of agents.Params (and of Run and
// Output here): range:"[0,1]", "(0,inf)", "[1,inf)" for numbers and
// enum:"a,b" for strings. The tags are the single source of truth for what
// a key allows; agents parses the range tags (agents.FieldRange, which New
// checks Params built in Go against as well), and this file checks and
// converts decoded TOML values with them.

// fieldRange returns the field's range (agents.FieldRange); fields
// without a range tag allow any finite number.
func fieldRange(sf reflect.StructField) agents.Range { return agents.FieldRange(sf) }

// enumValues returns the allowed values of a string field, or nil.
func enumValues(sf reflect.StructField) []string {
	tag, ok := sf.Tag.Lookup("enum")
	if !ok {
		return nil
	}
	return strings.Split(tag, ",")
}

// tomlName is the field's key.
func tomlName(sf reflect.StructField) string {
	name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
	return name
}

// fieldByKey returns the index of the field of struct type t whose toml key
// is key.
func fieldByKey(t reflect.Type, key string) (int, bool) {
	for i := range t.NumField() {
		if tomlName(t.Field(i)) == key {
			return i, true
		}
	}
	return 0, false
}

// keysOf lists the toml keys of struct type t in declaration order.
func keysOf(t reflect.Type) []string {
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		if k := tomlName(t.Field(i)); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

// allows describes what a field accepts, for messages: "a number >= 0",
// "an integer in [0, 16]", `one of "results", "reports", "seniority"`.
func allows(sf reflect.StructField) string {
	switch sf.Type.Kind() {
	case reflect.Float64:
		r := fieldRange(sf)
		if r.String() == "any number" {
			return "a finite number"
		}
		return "a number " + r.String()
	case reflect.Int, reflect.Int64, reflect.Uint64:
		r := fieldRange(sf)
		if r.String() == "any number" {
			return "an integer"
		}
		return "an integer " + r.String()
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		if vals := enumValues(sf); vals != nil {
			return "one of " + quoteList(vals)
		}
		return "a string"
	case reflect.Slice:
		if sf.Type.Elem().Kind() == reflect.String {
			return "a list of strings"
		}
	}
	return "a value of type " + sf.Type.String()
}

func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// numberHint says how to write a number that reached a numeric key as a
// string: a --set value that is not TOML (.5, 03, 0,5, 50%) arrives as a
// bare word, and "must be a number" alone baffles whoever typed 0,5.
// whole asks for an integer: a hint never suggests a fraction for it.
func numberHint(v any, whole bool) string {
	s, ok := v.(string)
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); err == nil && strings.Contains(s, ",") {
		return " (TOML numbers have no commas: 0.5, not 0,5; 1000, not 1,000)"
	}
	if pct, ok := strings.CutSuffix(s, "%"); ok && !whole {
		if x, err := strconv.ParseFloat(strings.TrimSpace(pct), 64); err == nil {
			return fmt.Sprintf(" (write %s for %s: no %%)", strconv.FormatFloat(x/100, 'g', -1, 64), s)
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || whole && x != math.Trunc(x) {
		return ""
	}
	if whole {
		// digits, not 1e+06: TOML reads an exponent as a float, which an
		// integer key refuses; past int64 no TOML integer will do
		if math.Abs(x) >= 1<<63 {
			return ""
		}
		return fmt.Sprintf(" (write it as a TOML number: %s)", strconv.FormatFloat(x, 'f', -1, 64))
	}
	return fmt.Sprintf(" (write it as a TOML number: %s)", strconv.FormatFloat(x, 'g', -1, 64))
}

// yearHint says to write a date's year, for a key that takes one.
func yearHint(t time.Time) string {
	return fmt.Sprintf(" (a date: write the year, %d)", t.Year())
}

// percentHint says, of a value x out of range r, that a share or a
// relative change is not written as a percentage, when x looks like one
// (tax_rate = 3 for 3%, autonomy = 85, a shock of -20): a number beyond
// ±2 whose hundredth r allows.
func percentHint(unit string, r agents.Range, x float64) string {
	kind := ""
	switch {
	case strings.HasPrefix(unit, "share"):
		kind = "a share"
	case unit == "probability":
		kind = "a probability"
	case unit == "relative change":
		kind = "a relative change"
	}
	if kind == "" || math.Abs(x) <= 2 || math.Abs(x) > 100 || !r.Contains(x/100) {
		return "" // 1.5 or 2 for a share is more likely a slip than a percentage
	}
	pct := strconv.FormatFloat(x, 'g', -1, 64)
	return fmt.Sprintf(" (%s, not a percentage: for %s%%, write %s)", kind, pct, strconv.FormatFloat(x/100, 'g', -1, 64))
}

// enumAliases are other names of enum values, which no spelling
// distance finds: the samplers' abbreviations and authors.
var enumAliases = map[string]string{
	"lhs": "latin_hypercube", "lhc": "latin_hypercube", "latin": "latin_hypercube",
	"saltelli": "sobol", "elementary_effects": "morris", "ee": "morris",
	"factorial": "grid", "full_factorial": "grid",
}

// controlInPath is why a path with a control character is refused.
const controlInPath = `must not contain a tab, line break or other control character (in a "..." string a backslash starts an escape: \t is a tab, \n a line break): ` + windowsPath

// windowsPath says how to write a Windows path in TOML.
const windowsPath = `write a Windows path in single quotes, 'C:\data\run1', or with forward slashes, "C:/data/run1"`

// assign converts a decoded TOML value to the field's type, checks it
// against the field's tags and stores it in dst. It returns why v is not
// allowed, or "" on success (dst is left unchanged on failure).
func assign(dst reflect.Value, sf reflect.StructField, v any) string {
	switch sf.Type.Kind() {
	case reflect.Float64:
		var x float64
		switch n := v.(type) {
		case int64:
			x = float64(n)
		case float64:
			x = n
		default:
			return "must be " + allows(sf) + numberHint(v, false)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "must be a finite " + strings.TrimPrefix(allows(sf), "a ")
		}
		if !fieldRange(sf).Contains(x) {
			return "must be " + fieldRange(sf).String() + percentHint(sf.Tag.Get("unit"), fieldRange(sf), x)
		}
		dst.SetFloat(x)
	case reflect.Int, reflect.Int64:
		n, ok := v.(int64)
		if x, isFloat := v.(float64); isFloat && x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return fmt.Sprintf("must be %s, written without a decimal point (%.0f, not %.1f)", allows(sf), x, x)
		}
		if t, isTime := v.(time.Time); isTime && sf.Tag.Get("unit") == "year" && t.Location().String() != "time-local" {
			// start_year = 2000-01-01; a date for steps or provinces is
			// not a year written as one
			return "must be " + allows(sf) + yearHint(t)
		}
		if !ok {
			return "must be " + allows(sf) + numberHint(v, true)
		}
		if !fieldRange(sf).Contains(float64(n)) {
			return "must be " + fieldRange(sf).String()
		}
		dst.SetInt(n)
	case reflect.Uint64:
		n, ok := v.(int64)
		if !ok {
			return "must be " + allows(sf) + numberHint(v, true)
		}
		if n < 0 || !fieldRange(sf).Contains(float64(n)) {
			return "must be " + fieldRange(sf).String()
		}
		dst.SetUint(uint64(n))
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return "must be true or false"
		}
		dst.SetBool(b)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return "must be " + allows(sf)
		}
		if vals := enumValues(sf); vals != nil && !slices.Contains(vals, s) {
			// “results” pasted into --set arrives with its curly quotes
			hint := didYouMean(strings.Trim(s, "\u201c\u201d\u2018\u2019\"'"), vals)
			if a, ok := enumAliases[strings.ToLower(s)]; ok && hint == "" && slices.Contains(vals, a) {
				hint = fmt.Sprintf(" (did you mean %q?)", a)
			}
			return "must be one of " + quoteList(vals) + hint
		}
		if sf.Tag.Get("unit") == "path" && strings.ContainsFunc(s, unicode.IsControl) {
			// "C:\temp\new" reads as C:, a tab, emp, a line break, ew:
			// the folder would be created under that name
			return controlInPath
		}
		dst.SetString(s)
	case reflect.Slice:
		if sf.Type.Elem().Kind() != reflect.String {
			return "must be " + allows(sf)
		}
		list, ok := v.([]any)
		if !ok {
			return `must be a list of names, e.g. ["subsidy", "land"]`
		}
		out := make([]string, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return `must be a list of names, e.g. ["subsidy", "land"]`
			}
			out[i] = s
		}
		if len(out) == 0 && tomlName(sf) == "toolbox" {
			return "must name at least one instrument (to allow every one, list them all: left out, the key keeps the toolbox the scenario inherits, every instrument only if nothing it extends narrows it)"
		}
		dst.Set(reflect.ValueOf(out))
	default:
		return "cannot be set from a scenario"
	}
	return ""
}

// fmtValue formats a decoded TOML value as TOML, for messages.
func fmtValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return tomlString(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return fmtNum(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		// as written: the parser marks a date or time without an offset
		// with a zone of its own
		switch x.Location().String() {
		case "date-local":
			return x.Format(time.DateOnly)
		case "datetime-local":
			return x.Format("2006-01-02T15:04:05.999999999")
		case "time-local":
			return x.Format("15:04:05.999999999")
		}
		return x.Format(time.RFC3339Nano)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmtValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		return fmtValue(toAnys(x))
	case []map[string]any:
		return "[{...}]"
	case map[string]any:
		return "{...}"
	}
	return fmt.Sprint(v)
}

func toAnys(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// fmtNum formats a float the way TOML spells it in messages: nan, inf,
// -inf, or the shortest decimal that round-trips.
func fmtNum(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', 1, 64) // as written: 3.0, a float
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// tomlFloat formats a finite float as a TOML float literal that decodes to
// the same float64 (always with a '.' or exponent, so it stays a float).
func tomlFloat(x float64) string {
	s := fmtNum(x)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// sortedKeys returns the keys of m in sorted order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// perStepKeys lists the parameters whose unit is counted in steps (a rate
// per step, a number of steps, or a step's result), as scenario keys: what
// means another length of time per year when run.steps_per_year changes.
func perStepKeys() []string {
	rates, durations, results := perStepGroups()
	return slices.Concat(rates, durations, results)
}

// calendarScaling says how to scale the per-step keys to a calendar of N
// steps a year, naming them by kind. A step's result (metric_noise) is
// scaled by sqrt(N/4): its precision adds up over a year's steps, so
// scaling it like a rate would change what a year teaches. With every key
// so scaled, the default scenario at 12 steps a year ends within 1-3% of
// the quarterly run, in the same order (10 replications, seed 1).
func calendarScaling() string {
	rates, durations, results := perStepGroups()
	n := DefaultRun().StepsPerYear
	return fmt.Sprintf("to keep the quarterly model at N steps a year, multiply the rates per step (%s) by %d/N, the durations in steps (%s) by N/%d, and a step's result (%s) by sqrt(N/%d)",
		strings.Join(rates, ", "), n, strings.Join(durations, ", "), n, strings.Join(results, ", "), n)
}

// perStepGroups is perStepKeys by kind of unit: rates per step, numbers
// of steps, and a step's result.
func perStepGroups() (rates, durations, results []string) {
	for _, key := range perStepKeysInOrder() {
		switch unit := key[1]; {
		case unit == "steps":
			durations = append(durations, key[0])
		case strings.Contains(unit, "step's result"):
			results = append(results, key[0])
		default:
			rates = append(rates, key[0])
		}
	}
	return rates, durations, results
}

// perStepKeysInOrder is every key counted in steps with its unit, in the
// order of agents.Params.
func perStepKeysInOrder() [][2]string {
	var keys [][2]string
	t := reflect.TypeFor[agents.Params]()
	for i := range t.NumField() {
		sf := t.Field(i)
		sec, st := tomlName(sf), sf.Type
		if st.Kind() == reflect.Slice {
			st = st.Elem()
		}
		if st.Kind() != reflect.Struct {
			continue
		}
		for j := range st.NumField() {
			f := st.Field(j)
			if unit := f.Tag.Get("unit"); countsSteps(unit) {
				keys = append(keys, [2]string{sec + "." + tomlName(f), unit})
			}
		}
	}
	return keys
}

// countsSteps reports whether a unit is counted in steps: "steps", "share
// per step", "growth per step per unit of log intensity", "sd of a step's
// result at unit intensity".
func countsSteps(unit string) bool {
	return strings.Contains(" "+unit, " step")
}
