package agents

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// FieldError is one problem with a parameter set, named by the parameter's
// key path in a scenario file: "policy.toolbox", "officials.age_min", or
// "sector[2].name" for entries of a table (numbered from 1).
type FieldError struct {
	Key    string
	Value  any
	Reason string
}

// Error returns "agents: KEY = VALUE: REASON" (strings quoted).
func (e *FieldError) Error() string {
	if s, ok := e.Value.(string); ok {
		return fmt.Sprintf("agents: %s = %q: %s", e.Key, s, e.Reason)
	}
	return fmt.Sprintf("agents: %s = %v: %s", e.Key, e.Value, e.Reason)
}

// Validate reports the problems that need the whole parameter set: sector
// and instrument tables that are empty or have missing, malformed or
// duplicate names, more than MaxInstruments instruments, toolbox entries
// that name no instrument (an empty toolbox means every instrument),
// officials' ages in the wrong order, stage thresholds in the wrong order,
// and counties without cities. Ranges and allowed values of single fields
// are given by the struct tags; the scenarios package checks them when it
// reads a file, and New checks them again for Params built in Go. The
// error joins one *FieldError per problem.
func (p Params) Validate() error {
	var errs []error
	add := func(key string, v any, format string, args ...any) {
		errs = append(errs, &FieldError{Key: key, Value: v, Reason: fmt.Sprintf(format, args...)})
	}

	sectors := make([]string, len(p.Sectors))
	for i, s := range p.Sectors {
		sectors[i] = s.Name
	}
	checkNames("sector", sectors, add)
	instruments := make([]string, len(p.Instruments))
	for i, k := range p.Instruments {
		instruments[i] = k.Name
	}
	checkNames("instrument", instruments, add)
	if len(instruments) > MaxInstruments {
		add("instrument", len(instruments), "at most %d instruments are supported; merge or drop some", MaxInstruments)
	}

	known := make(map[string]bool, len(instruments))
	for _, n := range instruments {
		known[n] = true
	}
	seen := make(map[string]bool, len(p.Policy.Toolbox))
	for _, n := range p.Policy.Toolbox {
		switch {
		case !known[n]:
			add("policy.toolbox", n, "unknown instrument %q%s", n, DidYouMean(n, instruments))
		case seen[n]:
			add("policy.toolbox", n, "instrument %q listed twice", n)
		}
		seen[n] = true
	}

	o := p.Officials
	if o.AgeMin > o.AgeMax {
		add("officials.age_min", o.AgeMin, "must be <= officials.age_max (%g)", o.AgeMax)
	}
	if o.AgeMax >= o.RetireAge {
		add("officials.age_max", o.AgeMax, "must be < officials.retire_age (%g): new officials would retire at once", o.RetireAge)
	}
	if p.World.StageMature <= p.World.StageEntry {
		add("world.stage_mature", p.World.StageMature, "must be > world.stage_entry (%g)", p.World.StageEntry)
	}
	if p.World.CountiesPerCity > 0 && p.World.CitiesPerProvince == 0 {
		add("world.counties_per_city", p.World.CountiesPerCity, "must be 0 when world.cities_per_province is 0 (counties belong to cities)")
	}
	return errors.Join(errs...)
}

// checkNames reports an empty table and names that are empty, contain
// characters other than letters, digits, '_' and '-' (names are used in
// keys such as sector.NAME.growth), or repeat.
func checkNames(table string, names []string, add func(string, any, string, ...any)) {
	if len(names) == 0 {
		add(table, []string{}, "at least one %s is required", table)
		return
	}
	// a key is formatted only for a problem: a sweep validates every
	// point's tables, and most have none
	key := func(i int) string { return fmt.Sprintf("%s[%d].name", table, i+1) }
	for i, n := range names {
		switch {
		case n == "":
			add(key(i), n, "must not be empty")
		case strings.IndexFunc(n, badNameRune) >= 0:
			add(key(i), n, "may contain only letters, digits, '_' and '-'")
		case ReadsAsMissing(n):
			add(key(i), n, "pandas and R read it as a missing value: choose another name")
		}
		if j := slices.Index(names[:i], n); j >= 0 && n != "" {
			add(key(i), n, "duplicate name: %s[%d] has it too", table, j+1)
		}
	}
}

// ReadsAsMissing reports whether the CSV readers of pandas or R take
// name for a missing value (NA, NaN, null, None, in any case): an arm,
// sector or instrument so named would vanish from the data.
func ReadsAsMissing(name string) bool {
	switch strings.ToLower(strings.TrimLeft(name, "-")) {
	case "na", "nan", "null", "none":
		return true
	}
	return false
}

func badNameRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
}

// DidYouMean returns ` (did you mean "X"?)` for the candidate closest to
// s within a small edit distance, or "". Error messages about names
// (instruments, sectors, scenario keys, presets) end with it.
func DidYouMean(s string, candidates []string) string {
	best := Closest(s, candidates)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// Closest returns the candidate nearest to s in edit distance, if it is
// near enough to be a misspelling of it (about a third of s), else "". A
// candidate that differs from s in case alone is nearest ("STEEL":
// "steel"), as names and keys are case-sensitive.
func Closest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(s, c) && s != c {
			return c
		}
	}
	best, bestD := "", len(s)/3+2
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b in bytes.
func editDistance(a, b string) int {
	if len(a) > 256 || len(b) > 256 {
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
