package scenarios

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/agents"
	"github.com/ipsim/ipsim/sim"
)

// TestEveryReformHasAChannelAlone runs the kazakhstan_reforms arms that
// switch one reform on alone, on the money-led baseline and on a baseline
// with the full toolbox, over 30 paired replications, and checks that each
// reform moves the outcome its channel works through (MODEL.md §1): pilots
// with clear metrics and the platform change what the center learns,
// promotion on results changes effort, a faster policy cycle changes what
// the economy produces or, by revising the center's portfolio as sectors
// mature, how the instrument mix matches the life-cycle stage. The size and sign of the effect on value added are
// findings (ipsim validate reports them); the channel must exist.
func TestEveryReformHasAChannelAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("long: 2 baselines x 5 arms x 30 replications")
	}
	sc, err := LoadPreset("kazakhstan_reforms", "run.replications=30")
	if err != nil {
		t.Fatal(err)
	}
	// the outcomes each reform's channel runs through: it must move at
	// least one of them. Below full autonomy the center's beliefs set the
	// portfolio: pilots and the platform must move what the center knows,
	// not only what officials believe
	channel := map[string][]string{
		"r2_only": {"center_learning_error"},
		"r3_only": {"center_learning_error"},
		"r4_only": {"effort"},
		"r5_only": {"value_added", "priority_share", "overcapacity", "entry_money_land_share", "mature_knowledge_share"},
	}
	info := agents.MetricInfo()
	for _, full := range []bool{false, true} {
		arms := map[string]agents.Params{}
		for _, a := range sc.Arms {
			p := a.Params
			if full {
				p.Policy.Toolbox = nil
				for _, in := range p.Instruments {
					p.Policy.Toolbox = append(p.Policy.Toolbox, in.Name)
				}
			}
			arms[a.Name] = p
		}
		finals := func(p agents.Params, metric string) []float64 {
			var out []float64
			c := -1
			for i, d := range info {
				if d.Name == metric {
					c = i
				}
			}
			jobs := sim.Plan{Arms: 1, Replications: sc.Run.Replications, MasterSeed: sc.Run.Seed}.Jobs()
			err := sim.Replicate(context.Background(), jobs, 0, func(ctx context.Context, j sim.Job) (float64, error) {
				o, err := agents.Simulate(ctx, p, nil, sc.Settings(), j.Seed, agents.Options{})
				return info[c].Summary.Reduce(o.Metrics.Column(c), sc.Settings().StepsPerYear), err
			}, func(_ sim.Job, x float64) error { out = append(out, x); return nil })
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		base := sc.Arms[0].Name
		for _, arm := range []string{"r2_only", "r3_only", "r4_only", "r5_only"} {
			moved := false
			for _, metric := range channel[arm] {
				d := sim.Paired(finals(arms[arm], metric), finals(arms[base], metric))
				t.Logf("full toolbox %v: %s minus %s, %s: %+.4g [%+.4g, %+.4g]", full, arm, base, metric, d.Mean, d.CILow, d.CIHigh)
				moved = moved || d.CILow > 0 || d.CIHigh < 0
			}
			if !moved {
				t.Errorf("full toolbox %v: %s alone moves none of %v", full, arm, channel[arm])
			}
		}
	}
}

// TestToolboxLeftOutInherits: an arm of a file extending a money-only
// preset that leaves policy.toolbox out keeps that preset's two tools, and
// the key's doc (ipsim show, the key reference) says so rather than
// promising every instrument: a user switching reform 1 on must name them.
func TestToolboxLeftOutInherits(t *testing.T) {
	f := filepath.Join(t.TempDir(), "r1.toml")
	src := "extends = \"kazakhstan_baseline\"\nname = \"r1\"\n[[arm]]\nname = \"baseline\"\n[[arm]]\nname = \"r1\"\n[arm.policy]\nautonomy = 0.85\n"
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Arms[1].Params.Policy.Toolbox; !slices.Equal(got, []string{"subsidy", "tax_incentive"}) {
		t.Fatalf("arm r1's toolbox %v, want the baseline's two tools", got)
	}
	sf, _ := reflect.TypeOf(agents.Policy{}).FieldByName("Toolbox")
	if doc := sf.Tag.Get("doc"); strings.Contains(doc, "left out in a file means all") || !strings.Contains(doc, "extends") {
		t.Errorf("policy.toolbox's doc %q promises every instrument when left out", doc)
	}
}
