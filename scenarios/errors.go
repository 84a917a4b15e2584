package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ipsim/ipsim/agents"
)

// Problem is one mistake in a scenario: where it is, which key, the value
// as written and what is allowed. Its String is
// "FILE:LINE: KEY = VALUE: REASON"; parts that are unknown are left out.
type Problem struct {
	File   string // file path, "presets/NAME.toml", "preset:NAME" (an unknown preset), "--set", "override" (With) or "sweep" (Point, for a key not swept)
	Line   int    // 1-based line, 0 when unknown
	Key    string // dotted key path, e.g. "world.heterogeneity" or "arm.centralized.policy.autonomy"
	Value  string // the value as TOML, e.g. -0.3 or "subsidies"
	Reason string // what is wrong and what is allowed
}

// String formats the problem as "FILE:LINE: KEY = VALUE: REASON".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" || p.Line > 0 {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(clip(p.Key))
		if p.Value != "" {
			b.WriteString(" = ")
			b.WriteString(clip(p.Value))
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// clip shortens a key or value echoed in a message to its first 100
// bytes (a pasted table or a runaway string would fill the terminal).
func clip(s string) string {
	const n = 100
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("... (%d bytes)", len(s))
}

// Error is every problem found in a scenario, sorted by file and line. Load
// reports all of them at once.
type Error struct {
	Problems []Problem
}

// Error returns one problem per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// problems collects problems without duplicates (a mistake in a shared
// section shows up once, not once per arm).
type problems struct {
	list []Problem
	seen map[Problem]bool
}

func (ps *problems) add(p Problem) {
	if ps.seen == nil {
		ps.seen = make(map[Problem]bool)
	}
	if ps.seen[p] {
		return
	}
	ps.seen[p] = true
	ps.list = append(ps.list, p)
}

func (ps *problems) empty() bool { return len(ps.list) == 0 }

// about reports whether a problem with key has been found, so a check
// that depends on the key's value can stay silent about a value that was
// never set.
func (ps *problems) about(key string) bool {
	return slices.ContainsFunc(ps.list, func(p Problem) bool { return p.Key == key })
}

// err returns the collected problems as an *Error, or nil.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	list := slices.Clone(ps.list)
	slices.SortStableFunc(list, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return &Error{Problems: list}
}

// didYouMean suggests the closest of candidates (see agents.DidYouMean).
func didYouMean(s string, candidates []string) string { return agents.DidYouMean(s, candidates) }
