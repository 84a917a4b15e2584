package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/ipsim/ipsim/agents"
)

// Resolution of one arm's parameters, lowest first:
//
//	agents.DefaultParams()
//	<- the arm's preset (its shared sections, extends included)
//	<- the shared sections of every file in the extends chain, root first
//	<- the arm's own sections in every file of the chain, root first
//
// and then, from each event's year on, the keys the event sets.

// sections are the keys of a file that set agents.Params, in Params order.
var sections = []string{"world", "market", "sector", "instrument", "policy", "officials", "documents"}

// topKeys are the keys allowed at the top of a scenario file.
var topKeys = []string{"name", "description", "extends", "inherit_events", "run", "world", "market", "sector", "instrument", "policy", "officials", "documents", "arm", "event", "sweep", "output"}

// maxScenarioSize bounds a scenario file: the largest preset is a few
// KB, so anything near this is not a scenario (a results file named by
// mistake, say) and is refused before it is read into memory.
const maxScenarioSize = 4 << 20

// readScenario reads a scenario file, refusing one over maxScenarioSize.
func readScenario(path string) ([]byte, error) {
	if st, err := os.Stat(path); err == nil && st.Size() > maxScenarioSize {
		return nil, fmt.Errorf("%w: %.1f MB, over %d MB: not a scenario file", errTooLarge, float64(st.Size())/(1<<20), maxScenarioSize>>20)
	}
	return os.ReadFile(path)
}

var errTooLarge = errors.New("too large")

// Load reads, resolves and validates the scenario file at path, then applies
// sets, "key=value" overrides as given to --set (values are TOML; a bare
// word is a string). Every problem of the file is reported at once in an
// *Error.
func Load(path string, sets ...string) (*Scenario, error) {
	l := newLoader(readScenario)
	s := l.loadPath(path)
	return l.finish(s, sets)
}

// LoadPreset resolves the embedded preset name, then applies sets like Load.
func LoadPreset(name string, sets ...string) (*Scenario, error) {
	l := newLoader(readScenario)
	f := l.preset(name)
	if f == nil {
		if l.ps.empty() {
			l.ps.add(Problem{File: "preset:" + name, Reason: unknownPreset(name)})
		}
		return nil, l.ps.err()
	}
	s := l.resolve(f)
	if s != nil {
		s.Source = "preset:" + name
	}
	return l.finish(s, sets)
}

// Presets lists the embedded presets, sorted by name.
func Presets() []PresetInfo {
	var out []PresetInfo
	for _, name := range presetNames() {
		info := PresetInfo{Name: name}
		if s, err := LoadPreset(name); err == nil {
			info.Description = s.Description
		}
		out = append(out, info)
	}
	return out
}

// stepsPerYearWarning says that a calendar of n steps a year leaves the
// per-step rates and durations as they are, set for quarters.
func stepsPerYearWarning(n int) Problem {
	return Problem{Key: "run.steps_per_year", Value: fmt.Sprint(n),
		Reason: fmt.Sprintf("rates and durations counted in steps keep their values per step, and their defaults are set for %d steps a year: scale those you rely on, or the economy and the officials run at another pace per year (%s)",
			DefaultRun().StepsPerYear, calendarScaling())}
}

func (l *loader) finish(s *Scenario, sets []string) (*Scenario, error) {
	if !l.ps.empty() || s == nil {
		return nil, l.ps.err()
	}
	if len(sets) == 0 {
		return s, nil
	}
	var ovs []Override
	var ps problems
	var repeated []string // a key given again: the last value applies
	given := map[string]string{}
	for _, set := range sets {
		key, val, ok := strings.Cut(set, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			ps.add(Problem{File: "--set", Key: set, Reason: "must be key=value, e.g. policy.autonomy=0.5"})
			continue
		}
		if !utf8.ValidString(set) {
			// as in a file, where such bytes are a syntax error (they
			// would be stored as U+FFFD); the bytes shown escaped
			k, v := key, strconv.Quote(strings.TrimSpace(val))
			if !utf8.ValidString(k) {
				k = strconv.Quote(k)
			}
			ps.add(Problem{File: "--set", Key: k, Value: v, Reason: "is not valid UTF-8 text: write names and values in UTF-8"})
			continue
		}
		if old, ok := given[key]; ok && strings.TrimSpace(old) != strings.TrimSpace(val) {
			p := Problem{File: "--set", Key: key, Value: strings.TrimSpace(val),
				Reason: fmt.Sprintf("given more than once (%s, then %s): the last value applies", strings.TrimSpace(old), strings.TrimSpace(val))}
			repeated = append(repeated, p.String())
		}
		given[key] = val
		ovs = append(ovs, Override{Key: key, Value: parseSetValue(val)})
	}
	if !ps.empty() {
		return nil, ps.err()
	}
	c, err := s.with(ovs, "--set", nil)
	if err != nil {
		return nil, err
	}
	if c.Run.StepsPerYear != s.Run.StepsPerYear {
		// the file's warning names the calendar --set replaced
		c.Warnings = slices.DeleteFunc(slices.Clone(c.Warnings), func(w string) bool { return strings.Contains(w, ": run.steps_per_year = ") })
		if c.Run.StepsPerYear != DefaultRun().StepsPerYear {
			p := stepsPerYearWarning(c.Run.StepsPerYear)
			p.File = "--set"
			c.Warnings = append(c.Warnings, p.String())
		}
	}
	erased, covered := s.erasedWarnings(ovs)
	c.Warnings = append(slices.Clip(c.Warnings), erased...)
	uncovered := slices.DeleteFunc(slices.Clone(ovs), func(o Override) bool { return covered[o.Key] })
	c.Warnings = append(c.Warnings, c.setWarnings(uncovered)...)
	c.Warnings = append(c.Warnings, repeated...)
	// the file's warning of arms on different regions, as --set left them
	if old := worldWarnings(s.Arms, s.Source); !slices.Equal(old, worldWarnings(c.Arms, s.Source)) {
		c.Warnings = slices.DeleteFunc(c.Warnings, func(w string) bool { return slices.Contains(old, w) })
		c.Warnings = append(c.Warnings, worldWarnings(c.Arms, "--set")...)
	}
	for _, ov := range ovs {
		if reason := c.eventSetting(ov.Key, "this value", " (--set event=[] drops the events)"); reason != "" {
			v, _ := normalize(ov.Value)
			c.Warnings = append(c.Warnings, Problem{File: "--set", Key: ov.Key, Value: fmtAny(v), Reason: reason}.String())
		}
	}
	return c, nil
}

// parseSetValue reads the value of a --set as TOML; what is not TOML is a
// string, and [a, b] a list of strings.
func parseSetValue(val string) any {
	val = strings.TrimSpace(val)
	var m map[string]any
	if _, err := decode("v = "+val, &m); err == nil && len(m) == 1 {
		if v, ok := m["v"]; ok {
			return v
		}
	}
	if strings.HasPrefix(val, "[") && strings.HasSuffix(val, "]") {
		inner := strings.TrimSpace(val[1 : len(val)-1])
		list := []any{}
		if inner != "" {
			for _, part := range strings.Split(inner, ",") {
				list = append(list, strings.Trim(strings.TrimSpace(part), `"'`))
			}
		}
		return list
	}
	return val
}

// decode is toml.Decode that turns a panic of the parser into an error:
// bad input must never crash the program.
func decode(text string, v any) (md toml.MetaData, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("toml parser failed: %v", r)
		}
	}()
	return toml.Decode(text, v)
}

// source is a scenario's text as messages name it.
type source struct {
	name   string // path as given, "presets/NAME.toml" or "--set"
	lines  *lineIndex
	preset bool // an embedded preset: not what the user wrote
}

// at is a place in a source: the line path of a table and the key prefix
// shown in messages.
type at struct {
	src     *source
	path    []string
	display string
	quote   bool // keys inside are quoted in messages: sweep.values."policy.autonomy"
}

func (a at) key(k string) string {
	if a.quote {
		k = tomlString(k)
	}
	if a.display == "" {
		return k
	}
	return a.display + "." + k
}

// child is the table k inside a.
func (a at) child(k string) at {
	return at{src: a.src, path: append(slices.Clip(a.path), k), display: a.key(k), quote: a.quote}
}

// entry is the nth (from 1) entry of the array of tables k inside a.
func (a at) entry(k string, n int) at {
	return at{src: a.src, path: append(slices.Clip(a.path), k, entry(n)), display: fmt.Sprintf("%s[%d]", a.key(k), n)}
}

// header is the TOML header of table k inside a, as a file writes it:
// arm.sector and event.sector, not arm.NAME.sector or event[1].sector.
func (a at) header(k string) string {
	var segs []string
	for _, s := range append(slices.Clip(a.path), k) {
		if s != "" && !strings.HasPrefix(s, "#") {
			segs = append(segs, s)
		}
	}
	return strings.Join(segs, ".")
}

func (a at) line(k string) int {
	if k == "" {
		return a.src.lines.line(a.path)
	}
	return a.src.lines.line(append(slices.Clip(a.path), k))
}

// problem is a problem with key k (or with the table itself when k is "").
func (a at) problem(k string, v any, reason string) Problem {
	key := a.display
	if k != "" {
		key = a.key(k)
	}
	return Problem{File: a.src.name, Line: a.line(k), Key: key, Value: fmtValue(v), Reason: reason}
}

// file is one parsed scenario file.
type file struct {
	id     string // "preset:NAME" or the cleaned path, for cycles
	name   string // default scenario name: preset name or base name
	dir    string // directory for relative extends ("" for presets)
	src    *source
	raw    map[string]any
	keys   []toml.Key // definition order
	preset bool
}

func (f *file) top() at { return at{src: f.src} }

type loader struct {
	read    func(string) ([]byte, error)
	ps      problems
	files   map[string]*file
	loading []string      // ids being resolved, for extends cycles
	sweepAt map[string]at // the [sweep] table that last set method or points
	notes   []string      // warnings found while reading the chain
}

func newLoader(read func(string) ([]byte, error)) *loader {
	return &loader{read: read, files: make(map[string]*file)}
}

func (l *loader) loadPath(path string) *Scenario {
	if path == "" {
		l.ps.add(Problem{Reason: "scenarios: no scenario file given: pass the path of a .toml file, or LoadPreset a preset's name (ipsim presets lists them)"})
		return nil
	}
	data, err := l.read(path)
	if err != nil {
		reason := "cannot read scenario: " + readReason(err)
		if p := presetFile(path); p != "" && errors.Is(err, fs.ErrNotExist) {
			reason += fmt.Sprintf(" (%s is a preset: give its name, %s, without .toml)", p, p)
		} else if slices.Contains(presetNames(), path) && errors.Is(err, fs.ErrNotExist) {
			reason += fmt.Sprintf(" (%s names a preset, not a file: load it as a preset (LoadPreset))", path)
		}
		l.ps.add(Problem{File: path, Reason: reason})
		return nil
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	f := l.parse(path, filepath.Clean(path), base, filepath.Dir(path), data, false)
	if f == nil {
		return nil
	}
	if len(f.raw) == 0 {
		// an empty or truncated file must not pass for a scenario
		l.ps.add(Problem{File: path, Reason: `sets nothing: to run the default scenario, give no file (ipsim run), or write extends = "default" in it`})
		return nil
	}
	s := l.resolve(f)
	if s != nil {
		s.Source = path
		for _, g := range l.files {
			if !g.preset && g != f {
				s.where.extends = append(s.where.extends, g.src.name)
			}
		}
		slices.Sort(s.where.extends)
	}
	return s
}

// presetFile is the preset that path names as a file (centralized.toml,
// presets/centralized.toml), or "".
func presetFile(path string) string {
	base, ok := strings.CutSuffix(filepath.Base(path), ".toml")
	if !ok || !slices.Contains(presetNames(), base) {
		return ""
	}
	return base
}

func readReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parse decodes a file's text; syntax errors are reported with their line.
func (l *loader) parse(name, id, defaultName, dir string, data []byte, preset bool) *file {
	if f, ok := l.files[id]; ok {
		return f
	}
	text := string(data)
	var raw map[string]any
	md, err := decode(text, &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, reason := syntaxLine(text, pe), "syntax error: "+pe.Message
			ix := indexLines(text)
			switch n := ix.inValue[line]; {
			case ix.unclosed > 0 && strings.HasPrefix(pe.Message, "unexpected EOF"):
				// the end of the file is where the parser noticed, not
				// where the mistake is
				line, reason = ix.unclosed, reason+": the multi-line string that opens on this line is never closed"
			case n > 0 && n < line && (strings.Contains(pe.Message, "array terminator") || strings.Contains(pe.Message, "inline table terminator")):
				// a list or inline table left open: the line is where
				// the parser noticed, the next key or table
				reason += fmt.Sprintf(" (inside the value that opens on line %d: is a closing bracket or a comma missing?)", n)
			case strings.HasPrefix(pe.Message, "Key '") && strings.HasSuffix(pe.Message, "' has already been defined."):
				reason = "syntax error: " + twice(text, line, strings.TrimSuffix(strings.TrimPrefix(pe.Message, "Key '"), "' has already been defined."))
			default:
				reason += syntaxHint(pe.Message, lineText(text, line))
			}
			l.ps.add(Problem{File: name, Line: line, Reason: reason})
		} else {
			l.ps.add(Problem{File: name, Reason: "syntax error: " + err.Error()})
		}
		return nil
	}
	f := &file{id: id, name: defaultName, dir: dir, src: &source{name: name, lines: indexLines(text), preset: preset},
		raw: raw, keys: md.Keys(), preset: preset}
	l.files[id] = f
	return f
}

// syntaxHint says what to write for the syntax errors that a Windows
// path, text pasted from a word processor, a decimal comma or a YAML
// habit cause: the parser's own words name a character, not the cause.
func syntaxHint(msg, line string) string {
	switch {
	case strings.HasPrefix(msg, "invalid escape in string") || strings.Contains(msg, "hexadecimal digits after '\\"):
		return ` (in a "..." string a backslash starts an escape: ` + windowsPath + ")"
	case strings.ContainsAny(msg, "\u201c\u201d\u2018\u2019"):
		return ` (a curly quote, as word processors type them: TOML takes straight quotes, "results" or 'results')`
	case strings.HasSuffix(msg, "but got ',' instead") && decimalComma.MatchString(line):
		return " (TOML numbers have no commas: 0.5, not 0,5; 1000, not 1,000)"
	case strings.HasSuffix(msg, "but got ':' instead"):
		return " (write key = value: TOML takes =, not :)"
	case strings.HasPrefix(msg, "floats must start with a digit"):
		return " (write 0.5, not .5)"
	}
	if w, ok := strings.CutPrefix(msg, `expected value but found "`); ok {
		w = strings.TrimSuffix(w, `" instead`)
		switch strings.ToLower(w) {
		case "true", "false", "yes", "no", "on", "off":
			return " (TOML booleans are true and false, in lower case)"
		}
		if isName(w) {
			// the whole value, not its first word: name = my run
			if _, v, ok := strings.Cut(line, "="); ok {
				v, _, _ = strings.Cut(v, "#")
				if v = strings.TrimSpace(v); strings.HasPrefix(v, w) && !strings.ContainsAny(v, `"\`) {
					w = v
				}
			}
			return fmt.Sprintf(" (a string needs quotes: %q)", w)
		}
	}
	return ""
}

// twice explains key, defined again on line n: the parser says "Key
// 'world' has already been defined." of a table and a key alike, and not
// where the first one is. That is the nearest line above n that sets the
// key's last part or opens the table (a key is defined twice within one
// table, and nothing of another table comes between).
func twice(text string, n int, key string) string {
	last := key[strings.LastIndex(key, ".")+1:]
	table := strings.HasPrefix(strings.TrimSpace(lineText(text, n)), "[")
	lines := strings.Split(text, "\n")
	first := 0
	for i := min(n, len(lines)) - 2; i >= 0 && first == 0; i-- {
		l := strings.TrimSpace(strings.TrimPrefix(lines[i], "\ufeff"))
		if table {
			if h := strings.Trim(l, "[] \t\r"); strings.HasPrefix(l, "[") && strings.ReplaceAll(h, " ", "") == key {
				first = i + 1
			}
		} else if k, _, ok := strings.Cut(l, "="); ok && (strings.Trim(strings.TrimSpace(k), `"'`) == last || strings.HasSuffix(key, "."+strings.TrimSpace(k))) {
			first = i + 1
		}
	}
	where := ""
	if first > 0 {
		where = fmt.Sprintf(" (first on line %d)", first)
		if table && strings.HasPrefix(strings.TrimSpace(lines[first-1]), "[[") && !strings.HasPrefix(strings.TrimSpace(lineText(text, n)), "[[") {
			// [arm] for a second arm: one [...] cannot join a list of [[...]]
			return fmt.Sprintf("[%s] after [[%s]] (line %d): write each entry as [[%s]], with two brackets", key, key, first, key)
		}
	}
	if table {
		return fmt.Sprintf("[%s] appears twice%s: put its keys under one [%s]", key, where, key)
	}
	return fmt.Sprintf("%s is set twice%s: keep one", key, where)
}

// decimalComma matches a number written with a comma: 0,5 or 1,000.
var decimalComma = regexp.MustCompile(`=\s*[-+]?[0-9]+,[0-9]`)

// lineText is line n (from 1) of text.
func lineText(text string, n int) string {
	for i := 1; i < n; i++ {
		_, rest, ok := strings.Cut(text, "\n")
		if !ok {
			return ""
		}
		text = rest
	}
	line, _, _ := strings.Cut(text, "\n")
	return line
}

// syntaxLine is the line of syntax error pe in text: that of the byte it
// points at. The parser's own count can be one off: too many when what
// it complains of is the line break ending the line in error ("[run" or
// "[[arm]" on line 2 is reported on line 3), too few in a file with
// Windows line ends (a string left open on line 2 is reported on line
// 1). Its offset is that of the mistake but for a control character,
// where it is that of the byte before.
func syntaxLine(text string, pe toml.ParseError) int {
	// offsets count from after a byte order mark, which the parser skips
	if strings.HasPrefix(text, "\xff\xfe") || strings.HasPrefix(text, "\xfe\xff") {
		text = text[2:]
	} else {
		text = strings.TrimPrefix(text, "\xef\xbb\xbf")
	}
	at := pe.Position.Start
	if strings.HasPrefix(pe.Message, "TOML files cannot contain control characters") {
		at++
	}
	if at <= 0 || at >= len(text) {
		return pe.Position.Line // the end of the file, or no offset
	}
	return strings.Count(text[:at], "\n") + 1
}

// preset parses the embedded preset name, or returns nil.
func (l *loader) preset(name string) *file {
	data, err := presetFS.ReadFile("presets/" + name + ".toml")
	if err != nil || !isName(name) {
		return nil
	}
	return l.parse("presets/"+name+".toml", "preset:"+name, name, "", data, true)
}

func isName(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) < 0
}

func unknownPreset(name string) string {
	names := presetNames()
	return "unknown preset" + didYouMean(name, names) + "; presets: " + strings.Join(names, ", ")
}

// chain returns the files of f's extends chain, root first, or nil after
// reporting a problem.
func (l *loader) chain(f *file) []*file {
	if slices.Contains(l.loading, f.id) {
		return nil // reported by the caller
	}
	v, ok := f.raw["extends"]
	if !ok {
		return []*file{f}
	}
	a := f.top()
	target, ok := v.(string)
	if !ok {
		l.ps.add(a.problem("extends", v, "must be a preset name or a file path (a string)"))
		return nil
	}
	if strings.ContainsFunc(target, unicode.IsControl) {
		l.ps.add(a.problem("extends", v, controlInPath))
		return nil
	}
	var parent *file
	if isName(target) {
		parent = l.preset(target)
		if parent != nil && !f.preset {
			// a preset's name is the preset, even beside a file of that
			// name (ipsim run and show take a name so too): say so
			if _, err := l.read(filepath.Join(f.dir, target)); err == nil {
				note := a.problem("extends", v, fmt.Sprintf("the preset %s, not the file %s beside this one (a preset's name is the preset: write extends = %q for the file)", target, target, "./"+target)).String()
				if !slices.Contains(l.notes, note) {
					l.notes = append(l.notes, note)
				}
			}
		}
	}
	if parent == nil {
		switch {
		case f.preset:
			l.ps.add(a.problem("extends", v, unknownPreset(target)))
			return nil
		default:
			path := target
			if !filepath.IsAbs(path) {
				path = filepath.Join(f.dir, path)
			}
			id := filepath.Clean(path)
			if pf, ok := l.files[id]; ok {
				parent = pf
				break
			}
			data, err := l.read(path)
			if err != nil {
				reason := "cannot read " + path + ": " + readReason(err)
				if p := presetFile(target); p != "" && errors.Is(err, fs.ErrNotExist) {
					reason += fmt.Sprintf(" (%s is a preset: write extends = %q, without .toml)", p, p)
				}
				if isName(target) && errors.Is(err, fs.ErrNotExist) {
					// not a preset, and no file of that name (a folder or
					// an unreadable file is told what it is)
					hint := didYouMean(target, presetNames())
					if _, err := l.read(path + ".toml"); err == nil {
						hint = fmt.Sprintf(" (did you mean %q?)", target+".toml")
					}
					reason = "no preset or file of that name" + hint + "; presets: " + strings.Join(presetNames(), ", ")
				}
				l.ps.add(a.problem("extends", v, reason))
				return nil
			}
			base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			parent = l.parse(path, id, base, filepath.Dir(path), data, false)
			if parent == nil {
				return nil
			}
			if len(parent.raw) == 0 {
				// as a file given to ipsim run: an empty or truncated
				// file must not pass for the defaults
				l.ps.add(a.problem("extends", v, path+" sets nothing (is it empty or cut short?): give it its keys, or extend a preset instead"))
				return nil
			}
		}
	}
	if slices.Contains(l.loading, parent.id) || parent.id == f.id {
		cycle := append(slices.Clone(l.loading), f.id, parent.id)
		if i := slices.Index(cycle, parent.id); i >= 0 {
			cycle = cycle[i:]
		}
		l.ps.add(a.problem("extends", v, "extends cycle: "+strings.Join(cycle, " -> ")))
		return nil
	}
	l.loading = append(l.loading, f.id)
	defer func() { l.loading = l.loading[:len(l.loading)-1] }()
	up := l.chain(parent)
	if up == nil {
		return nil
	}
	return append(slices.Clip(up), f)
}

// state is one arm's parameters being resolved, with where each key was
// last set (canonical keys such as "policy.autonomy" or "sector[2].growth").
type state struct {
	p          agents.Params
	toolboxSet bool
	where      map[string]setAt
	event      map[string]setAt // the keys the event being checked sets, if any
	preset     string           // the arm's preset, if any
}

// setAt is where a key was set: for messages about the resolved value.
type setAt struct {
	a   at
	key string // key inside a
	val string // value as written
}

func newState() *state {
	return &state{p: agents.DefaultParams(), where: make(map[string]setAt)}
}

// applyStruct decodes table m over the struct rv, reporting unknown keys
// and bad values; set is called for every key stored.
func (l *loader) applyStruct(rv reflect.Value, m map[string]any, a at, set func(key string, v any)) {
	t := rv.Type()
	for _, k := range sortedKeys(m) {
		v := m[k]
		i, ok := fieldByKey(t, k)
		if !ok {
			hint := topKeyHint(k, a)
			if hint == "" {
				hint = otherSectionHint(k, t, a)
			}
			if hint == "" {
				hint = didYouMean(k, keysOf(t))
			}
			l.ps.add(a.problem(k, v, "unknown key"+hint))
			continue
		}
		sf := t.Field(i)
		if reason := assign(rv.Field(i), sf, v); reason != "" {
			l.ps.add(a.problem(k, v, reason))
			continue
		}
		if set != nil {
			set(k, v)
		}
	}
}

// table returns v as a table, or reports that it must be one.
func (l *loader) table(a at, k string, v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		l.ps.add(a.problem(k, v, fmt.Sprintf("must be a table ([%s])", a.header(k))))
	}
	return m, ok
}

// tables returns v as an array of tables, or reports that it must be one.
func (l *loader) tables(a at, k string, v any) ([]map[string]any, bool) {
	switch x := v.(type) {
	case []map[string]any:
		return x, true
	case []any:
		out := make([]map[string]any, 0, len(x))
		for _, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				break
			}
			out = append(out, m)
		}
		if len(out) == len(x) {
			return out, true
		}
	case map[string]any:
		l.singleTable(a, k, x)
		return nil, false
	}
	l.ps.add(a.problem(k, v, fmt.Sprintf("must be an array of tables ([[%s]])", a.header(k))))
	return nil, false
}

// entryNeeds is what an entry of an array of tables must set, for messages.
var entryNeeds = map[string]string{"arm": "its name", "event": "its year", "sector": "its name", "instrument": "its name"}

// singleTable reports a table t written where an array of tables k is
// expected: a single [arm] instead of [[arm]], or an [arm.policy] with no
// [[arm]] above it (which TOML reads as a table arm holding policy).
func (l *loader) singleTable(a at, k string, t map[string]any) {
	name := a.header(k)
	needs := entryNeeds[k]
	if needs == "" {
		needs = "its keys"
	}
	path := append(slices.Clip(a.path), k)
	if n := a.src.lines.exact(path); n > 0 {
		l.ps.add(Problem{File: a.src.name, Line: n, Key: "[" + name + "]",
			Reason: fmt.Sprintf("must be [[%s]], an array of tables: one [[%s]] per entry, with %s", name, name, needs)})
		return
	}
	// no [k] header: only tables inside it, such as [arm.policy]
	first, line := "", 0
	for _, sub := range sortedKeys(t) {
		n := a.src.lines.exact(append(slices.Clip(path), sub))
		if first == "" || n > 0 && (line == 0 || n < line) {
			first, line = sub, n
		}
	}
	l.ps.add(Problem{File: a.src.name, Line: line, Key: "[" + name + "." + first + "]",
		Reason: fmt.Sprintf("needs a [[%s]] with %s above it: [%s.%s] belongs to the [[%s]] entry before it", name, needs, name, first, name)})
}

// applySections decodes the model sections of m over st.
func (l *loader) applySections(st *state, m map[string]any, a at) {
	pv := reflect.ValueOf(&st.p).Elem()
	for _, sec := range sections {
		v, ok := m[sec]
		if !ok {
			continue
		}
		i, _ := fieldByKey(pv.Type(), sec)
		if sec == "sector" || sec == "instrument" {
			l.applyTable(st, pv.Field(i), sec, v, a)
			continue
		}
		t, ok := l.table(a, sec, v)
		if !ok {
			continue
		}
		ta := a.child(sec)
		l.applyStruct(pv.Field(i), t, ta, func(k string, v any) {
			st.where[sec+"."+k] = setAt{a: ta, key: k, val: fmtValue(v)}
			if sec == "policy" && k == "toolbox" {
				st.toolboxSet = true
			}
		})
	}
}

// required are the keys a [[sector]] or [[instrument]] entry must set when
// no entry of that name exists in the table it replaces.
var required = map[string][]string{
	"sector":     {"share"},
	"instrument": {"category", "cost", "entry", "growth", "mature", "cap_share", "conventional"},
}

// applyTable replaces the sector or instrument table (field) with the
// entries of v. An entry whose name is in the old table starts from that
// entry; a new one from zero values (priority 1 for sectors) and must set
// the required keys.
func (l *loader) applyTable(st *state, field reflect.Value, sec string, v any, a at) {
	entries, ok := l.tables(a, sec, v)
	if !ok {
		return
	}
	old := field
	next := reflect.MakeSlice(field.Type(), len(entries), len(entries))
	for k := range st.where {
		if strings.HasPrefix(k, sec+"[") {
			delete(st.where, k)
		}
	}
	st.where[sec] = setAt{a: a, key: sec, val: fmtValue(v)}
	for i, m := range entries {
		ea := a.entry(sec, i+1)
		e := next.Index(i)
		name, _ := m["name"].(string)
		if _, has := m["name"]; !has {
			reason := fmt.Sprintf("required: every [[%s]] entry is named (the name of an entry of the table it replaces keeps that entry's values)", sec)
			l.ps.add(Problem{File: ea.src.name, Line: ea.line(""), Key: ea.key("name"), Value: "<missing>", Reason: reason})
		}
		found := false
		for j := range old.Len() {
			if old.Index(j).FieldByName("Name").String() == name {
				e.Set(old.Index(j))
				found = true
				break
			}
		}
		if !found {
			if sec == "sector" {
				e.FieldByName("Priority").SetFloat(1)
			}
			for _, k := range required[sec] {
				if _, ok := m[k]; !ok && name != "" {
					reason := fmt.Sprintf("required for a new %s (the table it replaces has no %s named %q)", sec, sec, name)
					l.ps.add(Problem{File: ea.src.name, Line: ea.line(""), Key: ea.key(k), Value: "<missing>", Reason: reason})
				}
			}
		}
		canon := fmt.Sprintf("%s[%d]", sec, i+1)
		st.where[canon] = setAt{a: ea, key: "", val: ""}
		l.applyStruct(e, m, ea, func(k string, v any) {
			st.where[canon+"."+k] = setAt{a: ea, key: k, val: fmtValue(v)}
		})
	}
	field.Set(next)
}

// armProblems collects the problems of each arm's checks apart, so that
// one found in some arms only (an event's toolbox naming an instrument
// one arm's table lacks) names them, while one in every arm (a mistake in
// a shared section) shows once, as found.
type armProblems struct {
	saved problems
	arms  []string
	lists [][]Problem
}

// begin sets the loader's problems aside for one arm's checks.
func (ap *armProblems) begin(l *loader) { ap.saved, l.ps = l.ps, problems{} }

// end keeps arm's problems and gives the loader back its own.
func (ap *armProblems) end(l *loader, arm string) {
	ap.arms = append(ap.arms, arm)
	ap.lists = append(ap.lists, l.ps.list)
	l.ps = ap.saved
}

// report adds every arm's problems to the loader, once each.
func (ap *armProblems) report(l *loader) {
	var order []Problem
	in := map[Problem][]string{}
	for i, list := range ap.lists {
		for _, p := range list {
			if _, ok := in[p]; !ok {
				order = append(order, p)
			}
			in[p] = append(in[p], ap.arms[i])
		}
	}
	for _, p := range order {
		if names := in[p]; len(names) < len(ap.arms) && !strings.HasPrefix(p.Key, "arm") {
			p.Reason += " (in arm " + strings.Join(names, ", ") + ")"
		}
		l.ps.add(p)
	}
}

// presetDescription is the description key of preset name, or "".
func presetDescription(name string) string {
	l := newLoader(nil)
	if f := l.preset(name); f != nil {
		d, _ := f.raw["description"].(string)
		return d
	}
	return ""
}

// describeFromPreset describes an arm that took no description of its
// own: preset's words, and what p, the arm's parameters, changed of the
// values the preset sets (fromPreset), so a report never calls an arm
// "autonomy 0" that runs with another.
func describeFromPreset(preset string, fromPreset map[string]any, p agents.Params) string {
	d := presetDescription(preset)
	var changed []string
	for _, k := range sortedKeys(fromPreset) {
		if v := keyValue(p, k); !reflect.DeepEqual(v, fromPreset[k]) {
			if k == "sector" || k == "instrument" {
				changed = append(changed, "its own "+k+" table")
			} else {
				changed = append(changed, k+" = "+fmtAny(v))
			}
		}
	}
	if len(changed) > 0 && d != "" {
		d += "; here with " + strings.Join(changed, ", ")
	}
	return d
}

// presetValues returns the values preset name sets, by key, or nil.
func presetValues(name string) map[string]any {
	pp, set, ok := presetParams(name)
	if !ok {
		return nil
	}
	out := make(map[string]any, len(set))
	for k := range set {
		out[k] = keyValue(pp, k)
	}
	return out
}

// presetChain returns the files of preset name, its extends chain root
// first, or nil (reported) when it cannot be resolved.
func (l *loader) presetChain(name string) []*file {
	f := l.preset(name)
	if f == nil {
		return nil
	}
	return l.chain(f)
}

// applyPreset applies the shared sections of an arm's preset (pchain,
// its extends chain root first) over st and returns what the preset sets:
// each key's value, the sector and instrument tables as a whole (keys
// "sector" and "instrument"). A preset that leaves policy.toolbox out
// gives the arm every instrument, as it gives a file that runs it alone,
// whatever toolbox the presets a file extends set.
func (l *loader) applyPreset(st *state, pchain []*file) map[string]any {
	srcs := make(map[*source]bool, len(pchain))
	for _, cf := range pchain {
		srcs[cf.src] = true
		l.applySections(st, cf.raw, cf.top())
	}
	set := make(map[string]any)
	for k, w := range st.where {
		if srcs[w.a.src] && !strings.Contains(k, "[") {
			set[k] = keyValue(st.p, k)
		}
	}
	if _, ok := set["policy.toolbox"]; !ok {
		st.toolboxSet = false
		st.p.Policy.Toolbox = nil
		delete(st.where, "policy.toolbox")
	}
	return set
}

// keyValue is the value of canonical key k of p, the whole table for
// "sector" and "instrument".
func keyValue(p agents.Params, k string) any {
	switch k {
	case "sector":
		return slices.Clone(p.Sectors)
	case "instrument":
		return slices.Clone(p.Instruments)
	}
	return valueAt(p, k)
}

// presetParams returns the parameters preset name gives an arm over the
// defaults (its shared sections, its extends chain included; every
// instrument in the toolbox unless it sets one) and the keys it sets, or
// false when there is no such preset.
func presetParams(name string) (agents.Params, map[string]bool, bool) {
	if name == "" {
		return agents.Params{}, nil, false
	}
	l := newLoader(nil)
	chain := l.presetChain(name)
	if chain == nil {
		return agents.Params{}, nil, false
	}
	st := newState()
	set := make(map[string]bool)
	for k := range l.applyPreset(st, chain) {
		set[k] = true
	}
	if !st.toolboxSet {
		st.p.Policy.Toolbox = instrumentNames(st.p)
	}
	return st.p, set, true
}

// presetHit is one key that an arm's preset set (to value) and a shared
// section of the user's files, set at w, changed for that arm.
type presetHit struct {
	key         string
	w           setAt
	arm, preset string
	value       string // the preset's value, as TOML
}

// presetOverrides lists each key that an arm's preset set (fromPreset)
// and a shared section of the user's files, which applies to every arm,
// then set to another value (shared), unless the arm's own section set it
// again: the arm no longer runs its preset's regime there.
func presetOverrides(spec *armSpec, st *state, fromPreset map[string]any, shared map[string]setAt) []presetHit {
	var out []presetHit
	for _, k := range sortedKeys(shared) {
		w, now := shared[k], st.where[k]
		if !now.is(w) || w.a.src == nil {
			continue // set again for this arm
		}
		out = append(out, presetHit{key: k, w: w, arm: spec.name, preset: spec.preset, value: fmtAny(fromPreset[k])})
	}
	return out
}

// worldWarnings warns of arms whose worlds are drawn from other settings
// than the first arm's ([world], or the sectors' names and shares): with
// the same seed they still run on different regions, so a paired
// difference compares worlds as well as policies (common random numbers
// hold between arms of one world).
func worldWarnings(arms []Arm, file string) []string {
	if len(arms) < 2 {
		return nil
	}
	base := arms[0]
	bw := reflect.ValueOf(base.Params.World)
	var out []string
	for _, a := range arms[1:] {
		var diffs []string
		aw := reflect.ValueOf(a.Params.World)
		for i := range bw.NumField() {
			if x, y := aw.Field(i).Interface(), bw.Field(i).Interface(); x != y {
				key, _, _ := strings.Cut(bw.Type().Field(i).Tag.Get("toml"), ",")
				diffs = append(diffs, fmt.Sprintf("world.%s = %s, not %s", key, fmtValue(x), fmtValue(y)))
			}
		}
		same := len(a.Params.Sectors) == len(base.Params.Sectors)
		for i := 0; same && i < len(a.Params.Sectors); i++ {
			same = a.Params.Sectors[i].Name == base.Params.Sectors[i].Name && a.Params.Sectors[i].Share == base.Params.Sectors[i].Share
		}
		if !same {
			diffs = append(diffs, "its sectors' names or shares")
		}
		if len(diffs) > 0 {
			out = append(out, Problem{File: file, Key: "arm." + a.Name,
				Reason: fmt.Sprintf("differs from arm %s in %s: the arms do not run on the same regions, so their paired differences compare worlds as well as policies; set the world once for every arm to compare policies alone",
					base.Name, strings.Join(diffs, ", "))}.String())
		}
	}
	return out
}

// presetWarnings explains the hits of every arm, one warning per key,
// naming each arm whose preset it overrides. exempt lists, by key, the
// arms where an inherited arm section wins over the shared one (see
// shadowWarnings).
func presetWarnings(hits []presetHit, exempt map[string]*shadow) []string {
	var keys []string
	byKey := make(map[string][]presetHit)
	for _, h := range hits {
		if _, ok := byKey[h.key]; !ok {
			keys = append(keys, h.key)
		}
		byKey[h.key] = append(byKey[h.key], h)
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		hs := byKey[k]
		every := "every arm"
		if sh := exempt[k]; sh != nil {
			every += " but " + quoteList(sh.arms)
		}
		names := make([]string, len(hs))
		var reason string
		if k == "sector" || k == "instrument" {
			for i, h := range hs {
				names[i] = fmt.Sprintf("arm %q's preset %q's", h.arm, h.preset)
			}
			reason = fmt.Sprintf("the table for %s replaces %s; to keep a preset's table, set [[arm.%s]] in the other arms instead", every, strings.Join(names, ", "), k)
		} else {
			for i, h := range hs {
				names[i] = fmt.Sprintf("arm %q's preset %q (%s)", h.arm, h.preset, h.value)
			}
			reason = fmt.Sprintf("set for %s, this overrides %s; to keep a preset's value, set the key under [arm.%s] of the arms that need it instead",
				every, strings.Join(names, ", "), strings.SplitN(k, ".", 2)[0])
		}
		out = append(out, hs[0].w.warning(k, reason))
	}
	return out
}

// warning is a warning at the place w was set, about key k (a table,
// sector or instrument, is named as [[k]]).
func (w setAt) warning(k, reason string) string {
	p := w.a.problem(w.key, nil, reason)
	p.Value = w.val
	if k == "sector" || k == "instrument" {
		p.Key, p.Value = "[["+k+"]]", ""
	}
	return p.String()
}

// shadow is a key a shared section of a user's file sets (w) that the
// arm sections of files earlier in the extends chain set again in some
// arms: an arm's own sections apply after the shared sections of every
// file, so there the inherited arm value wins.
type shadow struct {
	w     setAt
	arms  []string // the arms that keep their inherited value
	files []string // the files whose arm sections set it
}

// shadows records, for one arm, the keys of sharedAt (where shared sections
// of the user's files set them) that an arm section of an earlier file in
// the chain (order gives each file's place) set again.
func shadows(m map[string]*shadow, arm string, st *state, sharedAt map[string]setAt, order map[*source]int) {
	for k, w := range sharedAt {
		now := st.where[k]
		if now.is(w) || now.a.src == nil || order[now.a.src] >= order[w.a.src] {
			continue // the shared value, or an arm section of the same or a later file
		}
		sh := m[k]
		if sh == nil {
			sh = &shadow{w: w}
			m[k] = sh
		}
		sh.arms = append(sh.arms, arm)
		if !slices.Contains(sh.files, now.a.src.name) {
			sh.files = append(sh.files, now.a.src.name)
		}
	}
}

// shadowWarnings explains each shadowed key (see shadow).
func shadowWarnings(m map[string]*shadow) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		sh := m[k]
		table := "[arm." + strings.SplitN(k, ".", 2)[0] + "]"
		if k == "sector" || k == "instrument" {
			table = "[[arm." + k + "]]"
		}
		arms, those := "arm "+quoteList(sh.arms), "that arm"
		if len(sh.arms) > 1 {
			arms, those = "arms "+quoteList(sh.arms), "those arms"
		}
		reason := fmt.Sprintf("not applied in %s: %s in %s sets it again, and an arm's own sections apply after the shared sections of every file; to change it there, set it under %s of %s in this file",
			arms, table, strings.Join(sh.files, ", "), table, those)
		out = append(out, sh.w.warning(k, reason))
	}
	return out
}

// armSpec is one [[arm]] merged over the extends chain by name.
type armSpec struct {
	name        string
	preset      string
	presetAt    at
	description string // the arm's own, the last file's
	layers      []armLayer
}

type armLayer struct {
	raw map[string]any
	a   at
}

var armKeys = []string{"name", "preset", "description", "world", "market", "sector", "instrument", "policy", "officials", "documents"}

// sectionHint suggests, for an unknown top-level key, the section key it
// may be (replications = 3 at the top of a file belongs under [run]).
func sectionHint(k string) string {
	key := sectionKey(k)
	if key == "" {
		return ""
	}
	sec, _, _ := strings.Cut(key, ".")
	return fmt.Sprintf(" (did you mean %s? keys go under their [%s] section)", key, sec)
}

// topKeyHint explains a top-level key (name, description, extends,
// inherit_events) found in the table at a: written below a [section]
// header, TOML reads it as a key of that section. So too an event's own
// key (year, label, arms) below one of the event's tables.
func topKeyHint(k string, a at) string {
	h := ""
	if len(a.path) > 0 {
		h = "[" + a.header("") + "]"
		if strings.HasPrefix(a.path[len(a.path)-1], "#") {
			h = "[" + h + "]" // [[event]], [[sector]]
		}
	}
	if len(a.path) > 2 && a.path[0] == "event" && slices.Contains([]string{"year", "label", "arms"}, k) {
		return fmt.Sprintf(" (%s is a key of the [[event]] itself: write it above the event's first table; below %s, TOML reads it as %s)", k, h, a.key(k))
	}
	if len(a.path) == 0 || !slices.Contains([]string{"name", "description", "extends", "inherit_events"}, k) {
		return ""
	}
	label := ""
	if a.path[0] == "event" && (k == "name" || k == "description") {
		label = "an event is named by its label (label = \"...\"), which events.csv shows; "
	}
	return fmt.Sprintf(" (%s%s is a top-level key: write it above the first [section]; below %s, TOML reads it as %s)", label, k, h, a.key(k))
}

// otherSectionHint suggests, for key k unknown in the section of type t
// at a, the section that has k (a closer hint than a near name in its own
// section: provinces under [policy] is world.provinces, not priorities): autonomy under [world] is policy.autonomy
// ([arm.policy] in an arm, [event.policy] in an event). [run] and [output]
// are suggested at the top of a file only, where they may be written.
func otherSectionHint(k string, t reflect.Type, a at) string {
	type section struct {
		name string
		t    reflect.Type
	}
	var secs []section
	pt := reflect.TypeFor[agents.Params]()
	for i := range pt.NumField() {
		if f := pt.Field(i); f.Type.Kind() == reflect.Struct && tomlName(f) != "" {
			secs = append(secs, section{tomlName(f), f.Type})
		}
	}
	own := false
	for _, s := range secs {
		own = own || s.t == t
	}
	top := len(a.path) == 1
	if top {
		secs = append(secs, section{"run", reflect.TypeFor[Run]()}, section{"output", reflect.TypeFor[Output]()})
		own = own || t == reflect.TypeFor[Run]() || t == reflect.TypeFor[Output]()
	}
	if t == reflect.TypeFor[shockSpec]() {
		// growth = 0.1 under [event.shock]: a sector's growth, or a
		// section's key, has its own table in an event
		if h := eventKeyHint(k); strings.HasPrefix(h, " (") {
			return h
		}
	}
	if !own || len(a.path) == 0 {
		return "" // not a section (a sector, an instrument, a shock, [sweep])
	}
	prefix := strings.TrimSuffix(a.display, a.path[len(a.path)-1])
	for _, s := range secs {
		if s.t == t || s.name == "world" && a.path[0] == "event" {
			continue // events cannot change [world]
		}
		if _, ok := fieldByKey(s.t, k); ok {
			return fmt.Sprintf(" (%s is a key of [%s]: did you mean %s%s.%s?)", k, s.name, prefix, s.name, k)
		}
	}
	return ""
}

// sectionKey is the key of a section (run, output or a model section)
// that k, a key without its section, may be: "run.replications" for
// "replications", "world.heterogeneity" for "heterogenity"; or "".
func sectionKey(k string) string {
	var names []string
	owner := map[string]string{}
	add := func(sec string, t reflect.Type) {
		for _, n := range keysOf(t) {
			if _, ok := owner[n]; !ok {
				owner[n] = sec
				names = append(names, n)
			}
		}
	}
	add("run", reflect.TypeFor[Run]())
	add("output", reflect.TypeFor[Output]())
	pt := reflect.TypeFor[agents.Params]()
	for i := range pt.NumField() {
		if f := pt.Field(i); f.Type.Kind() == reflect.Struct && tomlName(f) != "" {
			add(tomlName(f), f.Type)
		}
	}
	c := agents.Closest(k, names)
	if c == "" {
		return ""
	}
	return owner[c] + "." + c
}

// resolve builds the scenario of file f.
func (l *loader) resolve(f *file) *Scenario {
	chain := l.chain(f)
	if chain == nil {
		return nil
	}
	s := &Scenario{Name: f.name, Run: DefaultRun(), Sweep: DefaultSweep(), Output: DefaultOutput()}
	if !f.src.preset {
		// as Load sets it after: the trials of the swept values below
		// tell the file's own events from those it extends by it
		s.Source = f.src.name
	}
	var arms []*armSpec
	var events []eventSpec
	var eventAt []eventLoc
	var sweepKeys []sweepKey
	for _, cf := range chain {
		a := cf.top()
		for _, k := range sortedKeys(cf.raw) {
			if !slices.Contains(topKeys, k) {
				hint := didYouMean(k, topKeys)
				if hint == "" {
					hint = sectionHint(k)
				}
				l.ps.add(a.problem(k, cf.raw[k], "unknown key"+hint))
			}
		}
		if v, ok := cf.raw["run"]; ok {
			if t, ok := l.table(a, "run", v); ok {
				l.applyStruct(reflect.ValueOf(&s.Run).Elem(), t, a.child("run"), nil)
			}
		}
		if v, ok := cf.raw["output"]; ok {
			if t, ok := l.table(a, "output", v); ok {
				l.applyStruct(reflect.ValueOf(&s.Output).Elem(), t, a.child("output"), nil)
			}
		}
		if v, ok := cf.raw["sweep"]; ok {
			if t, ok := l.table(a, "sweep", v); ok {
				sweepKeys = l.parseSweep(&s.Sweep, t, cf, sweepKeys)
				s.where.design = a.child("sweep")
			}
		}
		if v, ok := cf.raw["arm"]; ok {
			arms = l.parseArms(arms, v, cf)
		}
		if v, ok := cf.raw["inherit_events"]; ok {
			switch b, isBool := v.(bool); {
			case !isBool:
				l.ps.add(a.problem("inherit_events", v, "must be true or false"))
			case !b:
				events, eventAt = nil, nil // the files it extends
			}
		}
		if v, ok := cf.raw["event"]; ok {
			ev, loc := l.parseEvents(v, cf)
			events = append(events, ev...)
			eventAt = append(eventAt, loc...)
		}
	}
	if v, ok := f.raw["name"]; ok {
		if name, ok := v.(string); ok && name != "" {
			s.Name = name
		} else {
			l.ps.add(f.top().problem("name", v, "must be a non-empty string"))
		}
	}
	if v, ok := f.raw["description"]; ok {
		if d, ok := v.(string); ok {
			s.Description = d
		} else {
			l.ps.add(f.top().problem("description", v, "must be a string"))
		}
	}
	if len(arms) == 0 {
		arms = []*armSpec{{name: "main"}}
	}
	if s.Run.Steps < 1 || s.Run.StepsPerYear < 1 {
		return nil // reported; the calendar below needs both
	}

	// Events in year order (stable: file order within a year).
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(events[i].Year, events[j].Year) })
	first, last := s.Run.StartYear, s.Run.StartYear+(s.Run.Steps-1)/s.Run.StepsPerYear
	for _, i := range order {
		if y := events[i].Year; y < first || y > last {
			loc := eventAt[i]
			msg := fmt.Sprintf("must lie in the run, %d to %d", first, last)
			if loc.a.src != f.src {
				msg += fmt.Sprintf(" (an inherited event: inherit_events = false in %s drops the events of the files it extends)", f.src.name)
			}
			l.ps.add(loc.a.problem("year", int64(y), msg))
		}
		for _, name := range events[i].Arms {
			if !slices.ContainsFunc(arms, func(a *armSpec) bool { return a.name == name }) {
				names := make([]string, len(arms))
				for j, a := range arms {
					names[j] = a.name
				}
				l.ps.add(eventAt[i].a.problem("arms", events[i].Arms, fmt.Sprintf("unknown arm %q%s; arms: %s", name, didYouMean(name, names), strings.Join(names, ", "))))
			}
		}
		s.events = append(s.events, events[i])
	}
	locs := make([]eventLoc, len(order))
	for n, i := range order {
		locs[n] = eventAt[i]
	}
	s.where.events = locs

	var armPs armProblems
	place := make(map[*source]int, len(chain)) // each file's place in the chain
	for i, cf := range chain {
		place[cf.src] = i
	}
	shadowed := make(map[string]*shadow)
	var hits []presetHit // preset values shared sections changed, warned of once every arm is resolved
	for _, spec := range arms {
		// the presets the file extends, the arm's preset, then the
		// shared sections of the user's files and the arm's own
		st := newState()
		st.preset = spec.preset
		files := chain
		for len(files) > 0 && files[0].preset {
			l.applySections(st, files[0].raw, files[0].top())
			files = files[1:]
		}
		var fromPreset map[string]any // what the arm's preset sets
		if spec.preset != "" {
			pchain := l.presetChain(spec.preset)
			if pchain == nil {
				if !slices.Contains(presetNames(), spec.preset) {
					l.ps.add(spec.presetAt.problem("preset", spec.preset, unknownPreset(spec.preset)))
				}
				continue
			}
			fromPreset = l.applyPreset(st, pchain)
		}
		for _, cf := range files {
			l.applySections(st, cf.raw, cf.top())
		}
		// the preset's keys that a shared section (for every arm) changed
		shared := make(map[string]setAt)
		for k, v := range fromPreset {
			if !reflect.DeepEqual(keyValue(st.p, k), v) {
				shared[k] = st.where[k]
			}
		}
		sharedAt := make(map[string]setAt) // what the user's shared sections set
		for k, w := range st.where {
			if !strings.Contains(k, "[") && w.a.src != nil && !w.a.src.preset {
				sharedAt[k] = w
			}
		}
		for _, layer := range spec.layers {
			l.applySections(st, layer.raw, layer.a)
		}
		shadows(shadowed, spec.name, st, sharedAt, place)
		hits = append(hits, presetOverrides(spec, st, fromPreset, shared)...)
		if !st.toolboxSet {
			st.p.Policy.Toolbox = nil
			for _, n := range instrumentNames(st.p) {
				if !slices.Contains(st.p.Policy.Toolbox, n) {
					st.p.Policy.Toolbox = append(st.p.Policy.Toolbox, n)
				}
			}
		}
		arm := Arm{Name: spec.name, Preset: spec.preset, Description: spec.description, Params: st.p}
		if arm.Description == "" && spec.preset != "" {
			arm.Description = describeFromPreset(spec.preset, fromPreset, st.p)
		}
		armPs.begin(l)
		l.check(st, f)
		arm.Events = l.armEvents(s, spec.name, st, locs)
		armPs.end(l, spec.name)
		s.Arms = append(s.Arms, arm)
	}
	armPs.report(l)
	s.Warnings = append(s.Warnings, l.notes...)
	s.Warnings = append(s.Warnings, presetWarnings(hits, shadowed)...)
	s.Warnings = append(s.Warnings, shadowWarnings(shadowed)...)
	s.Warnings = append(s.Warnings, worldWarnings(s.Arms, f.src.name)...)
	if s.Run.StepsPerYear != DefaultRun().StepsPerYear {
		p := stepsPerYearWarning(s.Run.StepsPerYear)
		p.File = f.src.name
		for _, cf := range chain {
			if t, ok := cf.raw["run"].(map[string]any); ok {
				if _, ok := t["steps_per_year"]; ok {
					p.File, p.Line = cf.src.name, cf.top().child("run").line("steps_per_year")
				}
			}
		}
		s.Warnings = append(s.Warnings, p.String())
	}
	if s.Sweep.Method == "grid" && s.Sweep.Points > 0 {
		p := Problem{File: f.src.name, Key: "sweep.points", Value: fmt.Sprint(s.Sweep.Points),
			Reason: "not used by method grid, whose points are every combination of [sweep.values] (it is for the samplers: latin_hypercube, halton, sobol, morris)"}
		for _, cf := range chain {
			if t, ok := cf.raw["sweep"].(map[string]any); ok {
				if _, ok := t["points"]; ok {
					p.File, p.Line = cf.src.name, cf.top().child("sweep").line("points")
				}
			}
		}
		s.SweepWarnings = append(s.SweepWarnings, p.String())
	}
	s.Sweep.Values, s.Sweep.Ranges = nil, nil
	l.checkSweep(s, sweepKeys, !l.ps.empty())
	if !l.ps.empty() {
		return nil
	}
	return s
}

func instrumentNames(p agents.Params) []string {
	names := make([]string, len(p.Instruments))
	for i, k := range p.Instruments {
		names[i] = k.Name
	}
	return names
}

func sectorNames(p agents.Params) []string {
	names := make([]string, len(p.Sectors))
	for i, k := range p.Sectors {
		names[i] = k.Name
	}
	return names
}

// check reports the whole-parameter problems of an arm (agents
// Params.Validate) and worlds too large for memory, at the line that set
// the offending key.
func (l *loader) check(st *state, f *file) {
	fes := fieldErrors(st.p.Validate())
	fes = slices.DeleteFunc(fes, func(fe *agents.FieldError) bool {
		// an entry without a name is reported where it is read (applyTable)
		table, _, _ := strings.Cut(fe.Key, "[")
		_, named := st.where[fe.Key]
		return (table == "sector" || table == "instrument") && strings.HasSuffix(fe.Key, "].name") && fe.Value == "" && !named
	})
	for _, p := range st.locateFields(fes, f) {
		l.ps.add(p)
	}
	if reason := memoryReason(st.p, 0); reason != "" {
		key := "world.provinces"
		for _, k := range []string{"world.counties_per_city", "world.cities_per_province", "world.provinces"} {
			if _, ok := st.where[k]; ok {
				key = k
			}
		}
		l.ps.add(st.locate(key, "", reason, f))
	}
}

// locate turns a problem with a canonical key into a Problem at the place
// that set the key (or its table), else at the top of f.
func (st *state) locate(key, val, reason string, f *file) Problem {
	for k := key; k != ""; {
		if w, ok := st.where[k]; ok {
			p := w.a.problem(w.key, nil, reason)
			p.Value = w.val
			if k != key {
				p.Key, p.Value = displayOf(w.a, key), val
			}
			return p
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	if val == "" {
		val = fmtAny(valueAt(st.p, key))
	}
	return Problem{File: f.src.name, Key: key, Value: val, Reason: reason}
}

// pairs are the checks of agents.Params.Validate between two keys: for
// the key a check names, the other key and the rule as seen from it. A
// file that sets only the other key is told about the key it wrote.
var pairs = map[string]struct {
	other  string
	reason func(p agents.Params) string
}{
	"officials.age_min": {"officials.age_max", func(p agents.Params) string {
		return fmt.Sprintf("must be >= officials.age_min (%g)", p.Officials.AgeMin)
	}},
	"officials.age_max": {"officials.retire_age", func(p agents.Params) string {
		return fmt.Sprintf("must be > officials.age_max (%g): new officials would retire at once", p.Officials.AgeMax)
	}},
	"world.stage_mature": {"world.stage_entry", func(p agents.Params) string {
		return fmt.Sprintf("must be < world.stage_mature (%g)", p.World.StageMature)
	}},
	"world.counties_per_city": {"world.cities_per_province", func(p agents.Params) string {
		return fmt.Sprintf("must be >= 1 when world.counties_per_city is %d (counties belong to cities)", p.World.CountiesPerCity)
	}},
}

// locateField turns a problem of agents.Params.Validate into a Problem at
// the key the user wrote: a check between two keys is reported at the one
// a user's file, a --set or an event set, and when both were, at the
// key it names, saying where the other is set.
func (st *state) locateField(fe *agents.FieldError, f *file) Problem {
	if strings.HasSuffix(fe.Key, "].name") {
		// a name with é in it is refused: say which letters are meant
		fe.Reason = strings.Replace(fe.Reason, "only letters,", "only ASCII letters,", 1)
	}
	pr, ok := pairs[fe.Key]
	if !ok {
		p := st.locate(fe.Key, fmtAny(fe.Value), fe.Reason, f)
		if fe.Key == "policy.toolbox" && strings.HasPrefix(fe.Reason, "unknown instrument") && st.written("instrument") >= byPreset {
			// the toolbox and the table that lacks its tool: a check
			// between two keys, as pairs are (the table may be an arm's
			// own, or in another file)
			w := st.where["instrument"]
			p.Reason += fmt.Sprintf(" (the instrument table [[%s]] is set %s)", w.a.key(w.key), w.place(p.File))
		}
		return p
	}
	key, other := fe.Key, pr.other
	p := st.locate(key, fmtAny(fe.Value), fe.Reason, f)
	if st.written(other) > st.written(key) {
		key, other = other, key
		p = st.locate(key, fmtAny(valueAt(st.p, key)), pr.reason(st.p), f)
	}
	if st.written(other) >= byUser {
		w := st.where[other]
		p.Reason += fmt.Sprintf(" (%s is set %s)", w.a.key(w.key), w.place(p.File))
	}
	return p
}

// droppedInstrument reports whether fe is a toolbox of a preset naming an
// instrument that the instrument table a user's file set has not, and
// that name: the user changed the table, not the preset's toolbox.
func (st *state) droppedInstrument(fe *agents.FieldError) (string, bool) {
	name, ok := fe.Value.(string)
	if fe.Key != "policy.toolbox" || !ok || st.written("policy.toolbox") != byPreset || st.written("instrument") < byUser ||
		slices.Contains(instrumentNames(st.p), name) {
		return "", false
	}
	return name, true
}

// droppedProblem reports the instruments names (see droppedInstrument) at
// the table that dropped them, in one problem.
func (st *state) droppedProblem(names []string) Problem {
	tb, table := st.where["policy.toolbox"], st.where["instrument"]
	preset := strings.TrimSuffix(strings.TrimPrefix(tb.a.src.name, "presets/"), ".toml")
	whose := fmt.Sprintf("the arm's preset %q", preset)
	if preset != st.preset {
		whose = fmt.Sprintf("the extended preset %q", preset)
	}
	what, them := fmt.Sprintf("instrument %q", names[0]), "it"
	if len(names) > 1 {
		what, them = "instruments "+quoteList(names), "them"
	}
	p := table.a.problem(table.key, nil, fmt.Sprintf("has no %s, which %s names in its policy.toolbox (%s:%d); add %s to the table, or set policy.toolbox yourself",
		what, whose, tb.a.src.name, tb.a.line(tb.key), them))
	p.Key = "[[" + p.Key + "]]"
	return p
}

// locateFields turns the problems of agents.Params.Validate into Problems
// (locateField), the preset's toolbox names a user's instrument table
// dropped in one.
func (st *state) locateFields(fes []*agents.FieldError, f *file) []Problem {
	var out []Problem
	var dropped []string
	for _, fe := range fes {
		if name, ok := st.droppedInstrument(fe); ok {
			dropped = append(dropped, name)
			continue
		}
		out = append(out, st.locateField(fe, f))
	}
	if len(dropped) > 0 {
		out = append(out, st.droppedProblem(dropped))
	}
	return out
}

// Who set a key, for locateField: no one (the default), a preset, the
// user (a file, a --set, a sweep or an earlier event), or the event being
// checked, which made the parameters break the rule.
const (
	byNone = iota
	byPreset
	byUser
	byEvent
)

func (st *state) written(key string) int {
	w, ok := st.where[key]
	switch {
	case !ok:
		return byNone
	case st.event != nil && st.event[key].is(w):
		return byEvent
	case w.a.src != nil && w.a.src.preset:
		return byPreset
	}
	return byUser
}

// is reports whether w and o are the same place: the same key of the same
// table of the same source.
func (w setAt) is(o setAt) bool {
	return w.a.src == o.a.src && w.a.display == o.a.display && w.key == o.key
}

// place says where w was set, as a problem in file from names it: "at
// line 4" in the same file, "at FILE:4" in another, or "by --set".
func (w setAt) place(from string) string {
	if w.a.src == nil {
		return ""
	}
	n := w.a.line(w.key)
	switch {
	case n == 0:
		return "by " + w.a.src.name
	case w.a.src.name == from:
		return fmt.Sprintf("at line %d", n)
	}
	return fmt.Sprintf("at %s:%d", w.a.src.name, n)
}

// displayOf shows canonical key as seen from the place a: inside an arm,
// "arm.NAME." is added.
func displayOf(a at, key string) string {
	if i := strings.Index(a.display, "arm."); i == 0 {
		parts := strings.SplitN(a.display, ".", 3)
		if len(parts) >= 2 {
			return parts[0] + "." + parts[1] + "." + key
		}
	}
	return key
}

func fieldErrors(err error) []*agents.FieldError {
	var out []*agents.FieldError
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if fe, ok := err.(*agents.FieldError); ok {
			out = append(out, fe)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		out = append(out, &agents.FieldError{Key: "", Value: "", Reason: err.Error()})
	}
	walk(err)
	return out
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case float64, int64, string, bool, []any, []string, nil:
		return fmtValue(x)
	case int:
		return fmtValue(int64(x))
	}
	return fmt.Sprint(v)
}

// valueAt reads the value of a canonical key of p, or nil.
func valueAt(p agents.Params, key string) any {
	fv, _, ok := paramField(reflect.ValueOf(&p).Elem(), key)
	if !ok {
		return nil
	}
	return fv.Interface()
}

// paramField finds the field of canonical key "section.key" or
// "sector[2].key" in the Params value pv.
func paramField(pv reflect.Value, key string) (reflect.Value, reflect.StructField, bool) {
	sec, rest, ok := strings.Cut(key, ".")
	if !ok {
		return reflect.Value{}, reflect.StructField{}, false
	}
	idx := -1
	if i := strings.IndexByte(sec, '['); i > 0 && strings.HasSuffix(sec, "]") {
		n := 0
		if _, err := fmt.Sscanf(sec[i+1:len(sec)-1], "%d", &n); err != nil {
			return reflect.Value{}, reflect.StructField{}, false
		}
		sec, idx = sec[:i], n-1
	}
	i, ok := fieldByKey(pv.Type(), sec)
	if !ok {
		return reflect.Value{}, reflect.StructField{}, false
	}
	v := pv.Field(i)
	if v.Kind() == reflect.Slice {
		if idx < 0 || idx >= v.Len() {
			return reflect.Value{}, reflect.StructField{}, false
		}
		v = v.Index(idx)
	} else if idx >= 0 {
		return reflect.Value{}, reflect.StructField{}, false
	}
	j, ok := fieldByKey(v.Type(), rest)
	if !ok {
		return reflect.Value{}, reflect.StructField{}, false
	}
	return v.Field(j), v.Type().Field(j), true
}
