package scenarios

import (
	"strconv"
	"strings"
)

// BurntSushi/toml reports undecoded keys without a line, and keys inside
// arrays of tables ([[arm]]) share one name. lineIndex finds lines itself:
// it scans the text once, tracking the current table and counting each
// array of tables, and records the first line of every key path. A path is
// a list of segments; the nth entry of an array of tables adds the segment
// "#n" (from 1), e.g. arm, #2, policy, autonomy.

type lineIndex struct {
	at       map[string]int
	unclosed int         // line where a multi-line string the text never closes opens, or 0
	inValue  map[int]int // a line inside a value's brackets -> the line the value opens on
}

func pathKey(segs []string) string { return strings.Join(segs, "\x1f") }

// entry is the path segment of the nth (from 1) entry of an array of tables.
func entry(n int) string { return "#" + strconv.Itoa(n) }

// line returns the line of path, or of its longest recorded prefix (the
// table it is in), or 0.
func (ix *lineIndex) line(path []string) int {
	if ix == nil {
		return 0
	}
	for n := len(path); n > 0; n-- {
		if l, ok := ix.at[pathKey(path[:n])]; ok {
			return l
		}
	}
	return 0
}

// exact returns the line of path itself, or 0.
func (ix *lineIndex) exact(path []string) int {
	if ix == nil {
		return 0
	}
	return ix.at[pathKey(path)]
}

// indexLines scans TOML text. It never fails: text it does not understand
// is skipped, and lookups fall back to the enclosing table.
func indexLines(text string) *lineIndex {
	ix := &lineIndex{at: make(map[string]int)}
	// A UTF-8 byte order mark (Windows editors write one), which the TOML
	// parser skips: left in, it hides the first line's header, and the
	// lines of its keys (of every [[arm]] after it, if it opens one) are
	// those of other keys.
	text = strings.TrimPrefix(text, "\ufeff")
	arrays := make(map[string]int) // resolved path of an array of tables -> entries so far
	var table []string
	record := func(path []string, line int) {
		k := pathKey(path)
		if _, ok := ix.at[k]; !ok {
			ix.at[k] = line
		}
	}
	// resolve maps header segments to a path, entering the latest entry of
	// every array of tables on the way.
	resolve := func(segs []string) []string {
		var out []string
		for _, s := range segs {
			out = append(out, s)
			if n := arrays[pathKey(out)]; n > 0 {
				out = append(out, entry(n))
			}
		}
		return out
	}
	var closeString string // delimiter of an open multi-line string
	depth := 0             // open brackets of a multi-line array
	openLine := 0          // line where the open multi-line string opened
	valueLine := 0         // line of the key whose bracketed value is open
	for i, raw := range strings.Split(text, "\n") {
		line := i + 1
		if closeString != "" {
			end := closeAt(raw, closeString)
			if end < 0 {
				continue
			}
			closeString = ""
			if depth > 0 {
				// the list the string is in goes on after it
				depth, closeString = scanValue(raw[end:], depth)
				openLine = line
			}
			continue
		}
		if depth > 0 {
			if ix.inValue == nil {
				ix.inValue = make(map[int]int)
			}
			ix.inValue[line] = valueLine
			depth, closeString = scanValue(raw, depth)
			openLine = line
			continue
		}
		s := strings.TrimSpace(raw)
		switch {
		case s == "" || s[0] == '#':
		case strings.HasPrefix(s, "[["):
			segs, rest, ok := parseKey(s[2:])
			if !ok || !strings.HasPrefix(strings.TrimSpace(rest), "]]") {
				continue
			}
			path := resolve(segs[:len(segs)-1])
			path = append(path, segs[len(segs)-1])
			arrays[pathKey(path)]++
			record(path, line)
			table = append(path, entry(arrays[pathKey(path)]))
			record(table, line)
		case s[0] == '[':
			segs, rest, ok := parseKey(s[1:])
			if !ok || !strings.HasPrefix(strings.TrimSpace(rest), "]") {
				continue
			}
			table = resolve(segs)
			record(table, line)
		default:
			segs, rest, ok := parseKey(s)
			rest = strings.TrimSpace(rest)
			if !ok || !strings.HasPrefix(rest, "=") {
				continue
			}
			path := append(append([]string{}, table...), segs...)
			for n := len(table) + 1; n <= len(path); n++ {
				record(path[:n], line)
			}
			depth, closeString = scanValue(rest[1:], 0)
			openLine, valueLine = line, line
		}
	}
	if closeString != "" {
		ix.unclosed = openLine
	}
	return ix
}

// parseKey reads a dotted key (bare, "basic" or 'literal' segments) from
// the start of s and returns its segments and the rest of s.
func parseKey(s string) (segs []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return nil, "", false
		}
		switch s[0] {
		case '"':
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, "", false
			}
			seg, err := strconv.Unquote(s[:end+1])
			if err != nil {
				seg = s[1:end]
			}
			segs = append(segs, seg)
			s = s[end+1:]
		case '\'':
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return nil, "", false
			}
			segs = append(segs, s[1:end+1])
			s = s[end+2:]
		default:
			end := 0
			for end < len(s) && isBareKeyByte(s[end]) {
				end++
			}
			if end == 0 {
				return nil, "", false
			}
			segs = append(segs, s[:end])
			s = s[end:]
		}
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return segs, s, true
		}
		s = s[1:]
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// scanValue follows brackets in a value, outside strings and comments,
// starting at depth. It returns the depth at the end of the line and the
// delimiter of a multi-line string left open.
func scanValue(s string, depth int) (int, string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '#':
			return depth, ""
		case '[', '{':
			depth++
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '"', '\'':
			delim := string([]byte{c, c, c})
			if strings.HasPrefix(s[i:], delim) {
				end := closeAt(s[i+3:], delim)
				if end < 0 {
					return depth, delim
				}
				i += 3 + end - 1
				continue
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++
				}
			}
		}
	}
	return depth, ""
}

// closeAt returns the offset in s just after the delimiter delim (""" or
// ”') that closes a multi-line string, or -1. In a basic string (""")
// an escaped quote (\""") does not close it; the closing delimiter may
// come after up to two quotes of the string's own ("""a""""" holds a"").
func closeAt(s, delim string) int {
	for i := 0; i < len(s); i++ {
		if delim[0] == '"' && s[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], delim) {
			end := i + 3
			for n := 0; n < 2 && end < len(s) && s[end] == delim[0]; n++ {
				end++
			}
			return end
		}
	}
	return -1
}
