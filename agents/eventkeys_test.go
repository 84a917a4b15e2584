package agents

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// Every key an event may change (the sections of Params but the world,
// less the keys tagged setup:"only", which New refuses in an event) must
// change the run when an event changes it mid-run: a key read only at
// set-up and not tagged would be accepted and silently do nothing. The
// keys are found by reflection, so a new key is covered with no edit
// here; a key this test finds inert is either read only at set-up (tag
// it setup:"only") or needs another base setting below, or, if no
// setting reachable makes it matter, a line in inertKeys with the reason.
//
// The run without the key's change is not a run without an event: most
// changes switch the regime (switchParams: the center and every region
// decide at once), which moves the run whatever the key, so a key read
// only at set-up would seem to work (a toy market key read only in New
// did, checked). Both runs' events raise a sector's priority, which
// every decision reads, so both switch and they differ by the key alone.

// inertKeys are the keys an event may change that change nothing in any
// base setting of eventKeyBases, with the reason. Keep it short.
var inertKeys = map[string]string{}

// eventKeyBases are the settings each key is tried in, in order, until
// one shows its change: small worlds with as much switched on as possible
// (own and central budgets, pilots, the platform, caps that bind,
// priorities and plans, careers and moves, scale-ups) and reviews,
// plans, terms and scale-ups inside the run after the event.
var eventKeyBases = []struct {
	name string
	set  func(p *Params)
}{
	{"everything on", func(p *Params) {}},
	// reports_boost is read only when promotion rewards reports
	{"promotion on reports", func(p *Params) { p.Policy.PromotionBasis = "reports" }},
}

// eventKeyParams is the common part of the base settings: a 2 x 3 x 1
// world whose slow sectors fall into over-capacity within the run.
func eventKeyParams() Params {
	p := DefaultParams()
	p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 2, 3, 1
	p.Market.DemandSlack = -0.15 // capacity 1.18 times demand: caps bind as slow sectors shrink
	p.Market.DemandGrowth = 0
	pol := &p.Policy
	pol.Autonomy = 0.5
	pol.PilotShare, pol.PilotCities, pol.PilotLength = 0.1, 0.5, 4
	pol.ReviewInterval, pol.CenterReview, pol.PlanCycle = 2, 2, 1
	pol.Imitation, pol.Mobility = 0.5, 0.5
	pol.ScaleUpLag, pol.ScaleUpEvidence, pol.ScaleUpConfidence, pol.ScaleUpThreshold = 1, 1, 0, 0.05
	p.Officials.TermMean = 1.5
	return p
}

// eventKey is one key an event may change.
type eventKey struct {
	key   string // section.name
	sf    reflect.StructField
	field func(p *Params) reflect.Value
}

// eventKeys lists every field of the sections of Params an event may
// change: every struct section but the world, less setup:"only".
func eventKeys() []eventKey {
	var keys []eventKey
	pt := reflect.TypeFor[Params]()
	for i := range pt.NumField() {
		sec := pt.Field(i)
		if sec.Type.Kind() != reflect.Struct || sec.Name == "World" {
			continue // the world and the sector and instrument tables: sameTables
		}
		for j := range sec.Type.NumField() {
			sf := sec.Type.Field(j)
			if sf.Tag.Get("setup") == "only" {
				continue
			}
			key, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
			keys = append(keys, eventKey{sec.Tag.Get("toml") + "." + key, sf,
				func(p *Params) reflect.Value { return reflect.ValueOf(p).Elem().Field(i).Field(j) }})
		}
	}
	return keys
}

// otherValues returns the values to try for k instead of its value in p:
// for a number, the first of a few candidates within its range that New
// accepts (halfway to the farther end of the range, halfway to the
// nearer, 10% up, 10% down); for a bool the other; for a string every
// other value of its enum; for the toolbox, the toolbox without its
// first instrument.
func otherValues(t *testing.T, k eventKey, p Params) []Params {
	t.Helper()
	with := func(set func(f reflect.Value)) Params {
		q := p.Clone()
		set(k.field(&q))
		return q
	}
	f := k.field(&p)
	var out []Params
	switch f.Kind() {
	case reflect.Float64, reflect.Int:
		isInt := f.Kind() == reflect.Int
		v := f.Float
		if isInt {
			v = func() float64 { return float64(f.Int()) }
		}
		x := v()
		rg := FieldRange(k.sf)
		far, near := rg.Hi, rg.Lo
		if x-rg.Lo > rg.Hi-x {
			far, near = near, far
		}
		toward := func(end float64) float64 {
			switch {
			case math.IsInf(end, 0) && x == 0:
				return math.Copysign(1, end)
			case math.IsInf(end, 0):
				return x * 3
			}
			return (x + end) / 2
		}
		for _, y := range []float64{toward(far), toward(near), x * 1.1, x * 0.9, x + 1, x - 1} {
			if isInt {
				y = math.Round(y)
			}
			if y == x || !rg.Contains(y) {
				continue
			}
			q := with(func(f reflect.Value) {
				if isInt {
					f.SetInt(int64(y))
				} else {
					f.SetFloat(y)
				}
			})
			if checkRunnable(q) == nil {
				return []Params{q}
			}
		}
		t.Fatalf("%s = %v: no other value in %s that New accepts", k.key, x, rg)
	case reflect.Bool:
		out = append(out, with(func(f reflect.Value) { f.SetBool(!f.Bool()) }))
	case reflect.String:
		enum, ok := k.sf.Tag.Lookup("enum")
		if !ok {
			t.Fatalf("%s: a string without an enum tag: say here which values to try", k.key)
		}
		for _, s := range strings.Split(enum, ",") {
			if s != f.String() {
				out = append(out, with(func(f reflect.Value) { f.SetString(s) }))
			}
		}
	case reflect.Slice:
		if k.key != "policy.toolbox" {
			t.Fatalf("%s: a list other than the toolbox: say here which values to try", k.key)
		}
		var names []string
		for _, in := range p.Instruments {
			if len(p.Policy.Toolbox) == 0 || slices.Contains(p.Policy.Toolbox, in.Name) {
				names = append(names, in.Name)
			}
		}
		out = append(out, with(func(f reflect.Value) { f.Set(reflect.ValueOf(names[1:])) }))
	default:
		t.Fatalf("%s: a %s: say here which values to try", k.key, f.Kind())
	}
	return out
}

// eventKeyRun runs p with one event at step at that sets q, and returns a
// fingerprint of what the run exposed at every step (metrics, step
// events, documents) and of the model's state after every step (but for
// the parameters themselves).
func eventKeyRun(t *testing.T, p, q Params, at, steps int) [4]uint64 {
	t.Helper()
	s := sim.DefaultSettings()
	s.Steps = steps
	m, err := New(p, s, 11, []Event{{Step: at, Params: &q, Label: "event"}})
	if err != nil {
		t.Fatal(err)
	}
	var hs [4]hash.Hash64
	for i := range hs {
		hs[i] = fnv.New64a()
	}
	rec := sim.NewRecorder(m, Columns(), steps)
	docs := &docRecorder{m: m, s: s}
	obs := sim.ObserverFunc(func(int) {
		for _, e := range m.StepEvents() {
			fmt.Fprintf(hs[1], "%+v\n", e)
		}
		hashState(hs[3], reflect.ValueOf(m).Elem())
	})
	sim.Run(context.Background(), m, s, rec, docs, obs)
	tab := rec.Table()
	for _, x := range tab.Values {
		binary.Write(hs[0], binary.LittleEndian, math.Float64bits(x))
	}
	for _, d := range docs.flush() {
		fmt.Fprintf(hs[2], "%+v\n", d)
	}
	var fp [4]uint64
	for i, h := range hs {
		fp[i] = h.Sum64()
	}
	return fp
}

// stateSkipped are the fields of Model hashState leaves out: the
// parameters and what is copied from them, and the events.
var stateSkipped = []string{"p", "settings", "events", "nextEv", "evSectors", "world0", "stepEvents"}

// hashState writes v, the model's state, to h, NaN-safe (bits, not
// values), through unexported fields.
func hashState(h hash.Hash64, v reflect.Value) {
	var b [8]byte
	put := func(u uint64) {
		binary.LittleEndian.PutUint64(b[:], u)
		h.Write(b[:])
	}
	switch v.Kind() {
	case reflect.Float64:
		put(math.Float64bits(v.Float()))
	case reflect.Int, reflect.Int8, reflect.Int32, reflect.Int64:
		put(uint64(v.Int()))
	case reflect.Uint64:
		put(v.Uint())
	case reflect.Bool:
		if v.Bool() {
			put(1)
		} else {
			put(0)
		}
	case reflect.String:
		h.Write([]byte(v.String()))
	case reflect.Slice, reflect.Array:
		put(uint64(v.Len()))
		for i := range v.Len() {
			hashState(h, v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type() == reflect.TypeFor[Model]() && slices.Contains(stateSkipped, v.Type().Field(i).Name) {
				continue
			}
			hashState(h, v.Field(i))
		}
	default:
		panic(fmt.Sprintf("hashState: a %s: add it", v.Kind()))
	}
}

func TestEveryEventKeyChangesTheRun(t *testing.T) {
	const at, steps = 5, 24 // the event in the second year of six
	exposed := [4]string{"metrics", "step events", "documents", "model state"}
	keys := eventKeys()
	for key := range inertKeys {
		if !slices.ContainsFunc(keys, func(k eventKey) bool { return k.key == key }) {
			t.Errorf("inertKeys lists %s, which no event may change: remove it", key)
		}
	}
	for _, k := range keys {
		t.Run(k.key, func(t *testing.T) {
			var tried []string
			for _, b := range eventKeyBases {
				p := eventKeyParams()
				b.set(&p)
				// both events raise the first sector's priority: both runs
				// switch the regime (see above)
				base := p.Clone()
				base.Sectors[0].Priority *= 1.25
				want := eventKeyRun(t, p, base, at, steps)
				for _, q := range otherValues(t, k, base) {
					got := eventKeyRun(t, p, q, at, steps)
					val := k.field(&q).Interface()
					for i := range got {
						if got[i] != want[i] {
							t.Logf("%s: %s = %v changes the %s", b.name, k.key, val, exposed[i])
							if reason, ok := inertKeys[k.key]; ok {
								t.Errorf("%s changes the run, but inertKeys says it cannot (%s): remove it there", k.key, reason)
							}
							return
						}
					}
					tried = append(tried, fmt.Sprintf("%s = %v in %q", k.key, val, b.name))
				}
			}
			if _, ok := inertKeys[k.key]; !ok {
				t.Errorf("an event setting %s changes nothing the model exposes (metrics, step events, documents, state): is it read only at set-up (tag it setup:\"only\")? Tried %s", k.key, strings.Join(tried, "; "))
			}
		})
	}
}
