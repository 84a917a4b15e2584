package agents

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReformKeysTagged: every key MODEL.md section 1 names as a reform's
// lever says which reform in its doc ("(reform N" in ipsim show and the
// key reference), so that a user switching one reform on from the key
// reference finds all its keys.
func TestReformKeysTagged(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "MODEL.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	pt := reflect.TypeOf(Policy{})
	for i := 0; i < pt.NumField(); i++ {
		docs[pt.Field(i).Tag.Get("toml")] = pt.Field(i).Tag.Get("doc")
	}
	row := regexp.MustCompile(`(?m)^\| ([1-5])\. [^|]+\| ([^|]+)\|`)
	key := regexp.MustCompile("`([a-z_]+)`")
	n := 0
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		reform, _ := strconv.Atoi(m[1])
		for _, k := range key.FindAllStringSubmatch(m[2], -1) {
			n++
			doc, ok := docs[k[1]]
			if !ok {
				t.Errorf("MODEL.md: reform %d's lever %s is no policy key", reform, k[1])
				continue
			}
			if !strings.Contains(doc, "(reform "+m[1]) && !strings.Contains(doc, "; reform "+m[1]) {
				t.Errorf("policy.%s, reform %d's lever in MODEL.md, does not say so in its doc: %q", k[1], reform, doc)
			}
		}
	}
	if n < 14 {
		t.Errorf("read %d reform levers from MODEL.md section 1, want its 14", n)
	}
}
