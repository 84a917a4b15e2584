package main

// The command registry. Each subcommand lives in its own file and adds
// itself from an init function:
//
//	func init() {
//		register(command{
//			name:    "sweep",
//			summary: "run a scenario over a grid of parameter values",
//			usage:   "ipsim sweep FILE [flags]",
//			run:     runSweep,
//		})
//	}
//
// run (below) sets up the signal-aware context, dispatches to the command
// and prints its error to stderr once; exitCode maps the error to the
// process's exit status (0 ok, 1 failure, 2 usage error, 130 interrupted).
// Commands return errUsage-wrapped errors for bad flags and arguments and
// errInterrupted-wrapped errors when a signal stopped them.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/ipsim/ipsim/agents"
)

// command is one subcommand of ipsim.
type command struct {
	name    string // the word after ipsim
	summary string // one line for ipsim help
	usage   string // synopsis, e.g. "ipsim run [FILE] [flags]"
	// run executes the command. ctx is canceled on SIGINT or SIGTERM.
	// Errors are printed by the caller; run prints only results.
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{}

// register adds a subcommand. It panics on a duplicate or empty name: a
// programmer error found by every test run.
func register(c command) {
	if c.name == "" || c.run == nil {
		panic("ipsim: register: command needs a name and a run function")
	}
	if _, dup := commands[c.name]; dup {
		panic("ipsim: register: duplicate command " + c.name)
	}
	commands[c.name] = c
}

// defaultCommand runs when ipsim is called without a command word.
const defaultCommand = "run"

var (
	// errUsage marks bad flags or arguments (exit status 2).
	errUsage = errors.New("usage")
	// errInterrupted marks a command stopped by SIGINT or SIGTERM after
	// saving what was complete (exit status 130).
	errInterrupted = errors.New("interrupted")
)

// usageError wraps err so that exitCode returns 2.
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// repeatedSignal is how long after the first signal a second one is
// taken for a copy of it rather than a second Ctrl-C.
const repeatedSignal = 200 * time.Millisecond

// run is the whole program: it parses args (without the program name),
// runs the command and prints any error to stderr. Tests call it directly.
func run(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, restore the default behaviour so a
		// second Ctrl-C kills a process that is slow to stop; not at
		// once: timeout(1) and some schedulers send the signal to the
		// process and to its group, a copy arriving at the same moment.
		<-ctx.Done()
		time.Sleep(repeatedSignal)
		stop()
	}()

	// "ipsim", "ipsim --reps 5" and "ipsim my.toml" run; "ipsim -h" is help.
	name := defaultCommand
	switch {
	case len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		name, args = "help", nil
	case len(args) > 0 && !strings.HasPrefix(args[0], "-") && !strings.HasSuffix(args[0], ".toml"):
		name, args = args[0], args[1:]
	}
	c, ok := commands[name]
	if !ok {
		hint := "ipsim help lists the commands"
		if st, err := os.Stat(name); err == nil && !st.IsDir() {
			// only a name ending in .toml is taken for a scenario file
			hint = "to run the scenario file " + name + ": ipsim run " + shellArg(name)
		}
		err := usageError("unknown command %q (%s)", name, hint)
		printError(stderr, err)
		return err
	}
	out := &checkedWriter{w: stdout}
	err := c.run(ctx, args, out, stderr)
	if out.err != nil && (err == nil || errors.Is(err, flag.ErrHelp) || errors.Is(err, out.err)) {
		// a full disk under ipsim presets > list.txt: not a success
		// (a write that fails does not stop the command: its files are
		// done; show and init - return the write's own error)
		err = fmt.Errorf("ipsim: writing to standard output: %w; only what it printed there was lost (any files the command writes, a results folder included, are complete)", pathErr(out.err))
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		printError(stderr, err)
	}
	return err
}

// checkedWriter passes writes on to w and keeps the first error, which
// commands printing with fmt.Fprint* do not check: run reports it.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// printError prints err on stderr, one line per line of its message
// (scenario errors list one problem per line), each with the prefix
// "ipsim: " exactly once, without the "usage: " marker of usage errors.
func printError(stderr io.Writer, err error) {
	for line := range strings.Lines(err.Error()) {
		fmt.Fprintln(stderr, errorLine(strings.TrimRight(line, "\n")))
	}
}

// errorPrefix starts every line printError prints.
const errorPrefix = "ipsim: "

// errorLine is one line of an error message as printed: the "usage: "
// marker dropped, and "ipsim: " once at the start. Errors are prefixed
// where they are made and some are wrapped by callers that prefix
// again ("ipsim: sweep point 3 (...), run 7: ipsim: arm a, ..."), so
// every "ipsim: " after a ": " is dropped too.
func errorLine(line string) string {
	for {
		rest := strings.TrimPrefix(line, errUsage.Error()+": ")
		rest = strings.TrimPrefix(rest, errorPrefix)
		if rest == line {
			break
		}
		line = rest
	}
	for strings.Contains(line, ": "+errorPrefix) {
		line = strings.ReplaceAll(line, ": "+errorPrefix, ": ")
	}
	return errorPrefix + line
}

// exitCode maps run's error to the process exit status.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errInterrupted):
		return 130
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

// newFlagSet returns a flag set that reports errors instead of exiting;
// its Usage prints the command's usage and flags to w (standard output:
// asked-for help is output, so "ipsim run -h | less" works), which
// parseInterleaved does for -h; a bad flag gets a one-line error instead.
func newFlagSet(c command, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse errors are returned, and printed once
	fs.Usage = func() {
		fmt.Fprintf(w, "usage: %s\n\n%s\n", c.usage, c.summary)
		if hasFlags(fs) {
			fmt.Fprintln(w, "\nflags:")
			// as the usage line and the README write them: --flag
			var buf strings.Builder
			fs.SetOutput(&buf)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
			for l := range strings.Lines(buf.String()) {
				if strings.HasPrefix(l, "  -") {
					l = "  --" + l[3:]
				}
				fmt.Fprint(w, l)
			}
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseInterleaved parses flags that may come before or after positional
// arguments ("ipsim run file.toml --reps 3") and returns the positional
// arguments. A lone "--" ends flag parsing.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	usage := fs.Usage
	fs.Usage = func() {} // the flag package calls it on errors too
	defer func() { fs.Usage = usage }()
	if err := repeatedFlag(fs, args); err != nil {
		return nil, err
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, err
			}
			return nil, usageError("%s: %s (ipsim help %s lists its flags)", fs.Name(), flagError(fs, err), fs.Name())
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, emptyFlag(fs, pos)
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			pos = append(pos, rest...)
			return pos, emptyFlag(fs, pos)
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagError rewords the flag package's "invalid value "-1" for flag
// -seed: parse error" as "--seed = -1: must be a whole number >= 0", and
// its other messages, which write flags with one dash, with two, as the
// usage line and the README write them, saying what to do.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		name = strings.TrimLeft(name, "-")
		if others := commandsWithFlag(name, fs.Name()); len(others) > 0 {
			// a near name of this command's flags would mislead (sweep
			// --set is not --out): say where the flag belongs
			list := strings.Join(others, ", ")
			if n := len(others); n > 1 {
				list = strings.Join(others[:n-1], ", ") + " and " + others[n-1]
			}
			return fmt.Sprintf("--%s: unknown flag: a flag of ipsim %s, not of ipsim %s%s", name, list, fs.Name(), misplacedFlags[fs.Name()+" --"+name])
		}
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		hint := ""
		if c := agents.Closest(strings.TrimLeft(name, "-"), names); c != "" {
			hint = fmt.Sprintf(" (did you mean --%s?)", c)
		}
		if name == "version" || name == "V" {
			hint = " (ipsim's version: ipsim version)" // as other tools spell it
		}
		return fmt.Sprintf("--%s: unknown flag%s", strings.TrimLeft(name, "-"), hint)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Sprintf("--%s needs a value", strings.TrimLeft(name, "-"))
	}
	var val, name string
	if _, scanErr := fmt.Sscanf(msg, "invalid boolean value %q for -%s", &val, &name); scanErr == nil {
		return fmt.Sprintf("--%s = %s: must be true or false (or give --%s alone)", strings.TrimSuffix(name, ":"), val, strings.TrimSuffix(name, ":"))
	}
	if _, scanErr := fmt.Sscanf(msg, "invalid value %q for flag -%s", &val, &name); scanErr != nil {
		return err.Error()
	}
	name = strings.TrimSuffix(name, ":")
	f := fs.Lookup(name)
	if f == nil {
		return err.Error()
	}
	var want string
	switch fmt.Sprintf("%T", f.Value) {
	case "*flag.uint64Value", "*flag.uintValue":
		want = "a whole number >= 0"
	case "*flag.intValue", "*flag.int64Value":
		want = "a whole number"
	case "*flag.float64Value":
		want = "a number"
	default: // our own flag types say what is wrong themselves
		_, reason, _ := strings.Cut(err.Error(), "for flag -"+name+": ")
		return fmt.Sprintf("--%s: %s", name, reason)
	}
	if strings.HasSuffix(err.Error(), "value out of range") {
		return fmt.Sprintf("--%s = %s: too large", name, val)
	}
	return fmt.Sprintf("--%s = %s: must be %s", name, val, want)
}

// commandsWithFlag lists the commands but except whose usage line
// names the flag --name, sorted.
func commandsWithFlag(name, except string) []string {
	var names []string
	for _, c := range commands {
		if c.name == except {
			continue
		}
		for _, word := range strings.FieldsFunc(c.usage, func(r rune) bool { return r == ' ' || r == '[' || r == ']' || r == '=' }) {
			if word == "--"+name {
				names = append(names, c.name)
				break
			}
		}
	}
	sort.Strings(names)
	return names
}

// misplacedFlags says what to do instead of a flag another command takes
// (commandsWithFlag), where the guides say.
var misplacedFlags = map[string]string{
	"sweep --set":      ": a sweep takes no overrides; edit the scenario file, or write one that extends it",
	"sweep --no-plots": ": set output.plots = false in the scenario file (ipsim plot DIR draws them later)",
	"sweep --preset":   ": a sweep runs a file with a [sweep] section, which may extend a preset",
}

// repeatedFlag refuses a flag given twice (--preset a --preset b would
// silently run b), but for --set, which adds a value each time.
func repeatedFlag(fs *flag.FlagSet, args []string) error {
	seen := map[string]bool{}
	for _, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			continue // a value such as -1, or an unknown flag the parser reports
		}
		if _, adds := f.Value.(*setFlag); adds {
			continue
		}
		if seen[name] {
			return usageError("%s: --%s is given twice: give it once", fs.Name(), name)
		}
		seen[name] = true
	}
	return nil
}

// emptyFlag refuses a flag given an empty value (--out "" would otherwise
// mean the default folder) and an empty argument (a file or folder name).
func emptyFlag(fs *flag.FlagSet, pos []string) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool && f.Value.String() == "" && err == nil {
			err = usageError("%s: --%s is empty: give it a value or leave it out", fs.Name(), f.Name)
		}
	})
	if err == nil && slices.Contains(pos, "") {
		err = usageError("%s: an argument is empty: give a file or folder name", fs.Name())
	}
	return err
}

func init() {
	register(command{
		name:    "help",
		summary: "describe the commands, or one command and its flags",
		usage:   "ipsim help [COMMAND]",
		run:     runHelp,
	})
	register(command{
		name:    "version",
		summary: "print the version, VCS revision and Go version",
		usage:   "ipsim version",
		run:     runVersion,
	})
}

func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 1 {
		return usageError("help takes at most one command, got %d arguments", len(args))
	}
	// help's own help (help help, help -h) is the command list
	if len(args) == 1 && slices.Contains([]string{"help", "-h", "-help", "--help"}, args[0]) {
		args = nil
	}
	if len(args) == 1 {
		c, ok := commands[args[0]]
		if !ok {
			return usageError("unknown command %q (ipsim help lists the commands)", args[0])
		}
		// every command answers -h with its usage and flags on stdout
		err := c.run(ctx, []string{"-h"}, stdout, stdout)
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(stdout, "ipsim: an agent-based simulation of industrial policy, center and regions.")
	fmt.Fprintln(stdout, "\nusage: ipsim [COMMAND] [ARGS]   (no command: run the embedded default scenario)")
	fmt.Fprintln(stdout, "\ncommands:")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%s\n", n, commands[n].summary)
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nipsim help COMMAND describes a command and its flags.")
	fmt.Fprintln(stdout, "\nexit status: 0 done; 1 an error in a scenario (--set included), a file or a run, or a check validate failed;\n2 a usage error (command, flag or argument); 130 interrupted (Ctrl-C, SIGTERM), what was completed kept.")
	return nil
}

func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := commands["version"]
	fs := newFlagSet(c, stdout)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("version takes no arguments, got %q", pos[0])
	}
	b := readBuild()
	fmt.Fprintf(stdout, "ipsim %s\nrevision %s\ngo %s\n", b.Version, b.Revision, b.GoVersion)
	return nil
}

// shellArg is s as a word of a command ipsim suggests ("ipsim plot DIR"),
// quoted for a POSIX shell when it holds a space or another character the
// shell would take apart, so that the suggestion can be pasted as it is:
// a folder "my runs" is 'my runs'.
func shellArg(s string) string {
	if s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return r < utf8.RuneSelf && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./,:=+@%", r))
	}) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
