package main

// The scenario commands: presets (list the embedded presets), show (print
// a fully resolved scenario) and init (write a starter scenario file).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/ipsim/ipsim/scenarios"
)

func init() {
	register(command{
		name:    "presets",
		summary: "list the embedded preset scenarios",
		usage:   "ipsim presets",
		run:     runPresets,
	})
	register(command{
		name:    "show",
		summary: "print the fully resolved scenario (a file, a preset, or the default) as TOML",
		usage:   "ipsim show [FILE] [--preset NAME] [--set key=value]...",
		run:     runShow,
	})
	register(command{
		name:    "init",
		summary: "write a commented starter scenario file to edit",
		usage:   "ipsim init [FILE] [--force]   (default FILE: scenario.toml; - writes to stdout)",
		run:     runInit,
	})
}

func runPresets(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["presets"], stdout)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("presets takes no arguments, got %q", pos[0])
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, p := range scenarios.Presets() {
		fmt.Fprintf(tw, "%s\t%s\n", p.Name, listedDescription(p.Description))
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\nipsim run --preset NAME runs one; ipsim show --preset NAME prints it, its description whole.")
	return nil
}

// listedDescription is a preset's description as ipsim presets lists it:
// whole up to maxListed characters, else its first sentence and "(...)",
// so the list stays two columns and one line a preset (the default's
// description, the caveats its report leads with, runs to 740).
func listedDescription(d string) string {
	const maxListed = 160
	if len(d) <= maxListed {
		return d
	}
	if i := strings.Index(d, ". "); i > 0 {
		return d[:i+1] + " (...)"
	}
	return d
}

func runShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet(commands["show"], stdout)
	var preset string
	var sets setFlag
	fs.StringVar(&preset, "preset", "", "show the embedded preset `NAME`")
	fs.Var(&sets, "set", "override one scenario value (repeatable; `key=value`)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("show takes at most one scenario file, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	file := ""
	if len(pos) == 1 {
		file = pos[0]
	}
	sc, err := loadScenario(file, preset, sets)
	if err != nil {
		return err
	}
	warnScenario(stderr, sc)
	_, err = stdout.Write(sc.TOML())
	return err
}

func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet(commands["init"], stdout)
	force := fset.Bool("force", false, "overwrite an existing file")
	pos, err := parseInterleaved(fset, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError("init takes at most one file, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	path := "scenario.toml"
	if len(pos) == 1 {
		path = pos[0]
	}
	data := scenarios.Starter()
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if path == "" {
		return usageError("init: the file name is empty")
	}
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		// a folder, a device, a link: --force would replace it with a file
		what := "not a regular file"
		switch {
		case st.IsDir():
			what = "a folder"
		case st.Mode()&fs.ModeSymlink != 0:
			what = "a symbolic link"
		case st.Mode()&fs.ModeDevice != 0:
			what = "a device"
		}
		return fmt.Errorf("ipsim: %s is %s, not a scenario file: give the name of a file to write", path, what)
	} else if err == nil && !*force {
		return fmt.Errorf("ipsim: %s exists; choose another name or overwrite it with --force", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("ipsim: %w", err)
	}
	if dir := filepath.Dir(path); dir != "." {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("ipsim: cannot write %s: there is no folder %s; create it first (mkdir -p %s)", path, dir, shellArg(dir))
		}
	}
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s; edit it, then: ipsim run %s\n", path, shellArg(path))
	return nil
}
