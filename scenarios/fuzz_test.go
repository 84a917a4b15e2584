package scenarios

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary text (and one --set) to the loader: it must
// never panic, must explain every refusal, and whatever it accepts must
// round-trip through TOML. The seed corpus is testdata/fuzz/FuzzLoad plus
// every file of testdata, the presets and the starter.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.toml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	for _, name := range presetNames() {
		data, _ := presetFS.ReadFile("presets/" + name + ".toml")
		f.Add(data, "policy.autonomy=0.5")
	}
	f.Add(Starter(), "arm.centralized.policy.autonomy=0.2")
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		read := func(path string) ([]byte, error) {
			if filepath.Base(path) == "fuzz.toml" {
				return data, nil
			}
			return nil, fs.ErrNotExist
		}
		var sets []string
		if set != "" {
			sets = []string{set}
		}
		l := newLoader(read)
		s, err := l.finish(l.loadPath("fuzz.toml"), sets)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error %T %q is not a list of problems", err, err)
			}
			for _, p := range e.Problems {
				if p.File == "" || p.Reason == "" {
					t.Fatalf("problem without file or reason: %+v", p)
				}
			}
			return
		}
		if s == nil || len(s.Arms) == 0 {
			t.Fatal("no error and no scenario")
		}
		text := s.TOML()
		l2 := newLoader(func(path string) ([]byte, error) {
			if path == "resolved.toml" {
				return text, nil
			}
			return nil, fs.ErrNotExist
		})
		back, err := l2.finish(l2.loadPath("resolved.toml"), nil)
		if err != nil {
			t.Fatalf("resolved TOML does not load: %v\n%s", err, firstLines(string(text), 5))
		}
		for _, w := range back.Warnings {
			if strings.Contains(w, "this overrides arm") && !strings.Contains(w, "swept in every arm") {
				t.Fatalf("resolved TOML warns of a preset override: %q", w)
			}
		}
		back.Source = s.Source
		back.Warnings, back.SweepWarnings = s.Warnings, s.SweepWarnings // about the file as written
		back.where = s.where                                            // where the events were written
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("resolved TOML loads to a different scenario")
		}
	})
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
