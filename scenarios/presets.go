package scenarios

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

// presetFS holds the presets: scenarios/presets/NAME.toml.
//
//go:embed presets/*.toml
var presetFS embed.FS

//go:embed starter.toml
var starter []byte

// presetNames lists the embedded presets, sorted.
func presetNames() []string {
	entries, _ := fs.ReadDir(presetFS, "presets")
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Starter returns an annotated starter scenario, for ipsim init: two arms
// on a small world, two events (a demand shock and a new central
// priority), a sweep grid, and a comment on every section.
func Starter() []byte {
	return append([]byte(nil), starter...)
}
