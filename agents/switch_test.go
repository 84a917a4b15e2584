package agents

import (
	"context"
	"testing"

	"github.com/ipsim/ipsim/sim"
)

// An event may change documents.echo_lag (scenarios/README.md: events set
// keys of [event.documents]); the document rings are sized at set-up.
func TestEchoLagSwitch(t *testing.T) {
	p := smallParams()
	q := p
	q.Documents.EchoLag = 4
	m := newModelEv(t, p, 20, 1, []Event{{Step: 8, Params: &q, Label: "lag"}})
	defer func() {
		if e := recover(); e != nil {
			t.Fatalf("panic after echo_lag switch: %v", e)
		}
	}()
	runSteps(m, 0, 20)
}

// Every central document is echoed by the provinces once, echo_lag steps
// after it was issued, whether an event raises or lowers echo_lag.
func TestEchoLagSwitchEchoesOnce(t *testing.T) {
	for _, lags := range [][2]int{{1, 4}, {4, 1}, {2, 0}} {
		p := smallParams()
		p.Documents.MeasureRate, p.Documents.CountyMeasure = 0, 0
		p.Documents.ProvinceEcho = 1
		p.Documents.EchoLag = lags[0]
		q := p
		q.Documents.EchoLag = lags[1]
		const steps, at = 30, 10
		m := newModelEv(t, p, steps, 1, []Event{{Step: at, Params: &q, Label: "lag"}})
		center := make([]float64, steps)
		var prov float64
		for s := 0; s < steps; s++ {
			m.Step(s)
			m.StepDocuments(func(level, _ string, c float64) {
				switch level {
				case "center":
					center[s] += c
				case "province":
					prov += c
				}
			})
		}
		want := 0.0
		for u, c := range center {
			lag := lags[0]
			if u >= at {
				lag = lags[1]
			}
			if u+lag < steps {
				want += c * float64(p.World.Provinces)
			}
		}
		if diff := prov - want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("echo_lag %d -> %d: provinces echoed %.1f documents, want %.1f", lags[0], lags[1], prov, want)
		}
	}
}

// A switch of effort_gain (or of the promotion rule, which sets the
// incentive) takes effect in the event's step: the implementation
// multiplier the step's economy uses is the new regime's.
func TestEffortSwitchTakesEffectInStep(t *testing.T) {
	p := smallParams()
	p.Policy.PromotionBasis = "results"
	p.Policy.EffortGain = 1
	q := p
	q.Policy.EffortGain = 0
	const at = 12
	m := newModelEv(t, p, 30, 1, []Event{{Step: at, Params: &q, Label: "no effort"}})
	runSteps(m, 0, at)
	m.t = at
	m.applyEvents(at)
	pw := p.World.ProvinceWeight
	for r := 0; r < m.R; r++ {
		a := m.ability[r]
		if m.level[r] != LevelProvince {
			a = (1-pw)*a + pw*m.ability[m.province[r]]
		}
		if d := m.impl[r] - a; d > 1e-12 || d < -1e-12 {
			t.Fatalf("region %d: implementation %.4f in the switch step, want %.4f (effort 1 under effort_gain 0)", r, m.impl[r], a)
		}
	}
}

// After a switch to autonomy 0 no post has an own instrument mix, so the
// movers' carried-mix statistics (fact D3) get no more observations: a
// missing mix is not a similarity of 0 (metrics mover_mix_gain and
// mover_mix_after).
func TestMoverMixStopsAtAutonomyZero(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 6, 5
	p.Policy.Mobility = 0.8
	q := p
	q.Policy.Autonomy = 0
	const at = 40 // a year's first step
	m := newModelEv(t, p, 92, 1, []Event{{Step: at, Params: &q, Label: "recentralize"}})
	runSteps(m, 0, at)
	gainN, afterN, before := m.st.moverGainN, m.st.moverAfterN, m.st.moverGain/m.st.moverGainN
	if gainN == 0 {
		t.Fatal("no mover observed before the switch")
	}
	runSteps(m, at, 92)
	if m.st.moverGainN != gainN || m.st.moverAfterN != afterN {
		t.Errorf("after the switch to autonomy 0: %.0f more mover_mix_gain and %.0f more mover_mix_after observations of posts without an own mix (mean gain %.4f before, %.4f after)",
			m.st.moverGainN-gainN, m.st.moverAfterN-afterN, before, m.st.moverGain/m.st.moverGainN)
	}
}

// An event that changes nothing in an arm, or only its document rates,
// leaves the arm's economy as it was: arms share events, and a regime
// switch that does not concern an arm (say, autonomy 0 where it is 0
// already) must not make its center review or its regions decide out of
// turn.
func TestNoOpEventIsNoSwitch(t *testing.T) {
	base := smallParams()
	base.Policy.Autonomy, base.Policy.CenterReview = 0, 20
	same := base
	docs := base
	docs.Documents.Framework *= 2
	const steps, at = 40, 13
	run := func(evs []Event) []float64 {
		m := newModelEv(t, base, steps, 3, evs)
		va := make([]float64, steps)
		for s := 0; s < steps; s++ {
			m.Step(s)
			va[s] = m.mValueAdded()
		}
		return va
	}
	want := run(nil)
	for name, p := range map[string]*Params{"no change": &same, "document rates only": &docs} {
		got := run([]Event{{Step: at, Params: p, Label: name}})
		for s := range want {
			if got[s] != want[s] {
				t.Errorf("%s at step %d: value added %.6f at step %d, %.6f without the event", name, at, got[s], s, want[s])
				break
			}
		}
	}
}

// A new central priority does not concern an arm whose center sets none
// (policy.priorities false: laissez-faire): no switch there.
func TestPriorityEventWithoutPrioritiesIsNoSwitch(t *testing.T) {
	base := smallParams()
	base.Policy.Priorities = false
	prio := base
	prio.Sectors = append([]Sector(nil), base.Sectors...)
	prio.Sectors[2].Priority = 3
	const steps, at = 40, 13
	run := func(evs []Event) []float64 {
		m := newModelEv(t, base, steps, 3, evs)
		va := make([]float64, steps)
		for s := 0; s < steps; s++ {
			m.Step(s)
			va[s] = m.mValueAdded()
		}
		return va
	}
	want, got := run(nil), run([]Event{{Step: at, Params: &prio, Label: "priority"}})
	for s := range want {
		if got[s] != want[s] {
			t.Fatalf("value added %.6f at step %d, %.6f without the priority event", got[s], s, want[s])
		}
	}
}

// After a switch to autonomy 0 no region has an own budget, so the
// adoption curves of scaled-up practices (events "adoption", fact E5) get
// no more points: before the fix they fell to 0 by accounting.
func TestNoAdoptionSharesAtAutonomyZero(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 6, 5
	q := p
	q.Policy.Autonomy = 0
	const at = 60
	s := sim.DefaultSettings()
	out, err := Simulate(context.Background(), p, []Event{{Step: at, Params: &q, Label: "recentralize"}}, s, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, after := 0, 0
	for _, e := range out.Events {
		if e.Kind != "adoption" {
			continue
		}
		if e.Step < at {
			before++
		} else {
			after++
			if after == 1 {
				t.Errorf("adoption share %.3f of %s/%s at step %d, after the switch to autonomy 0", e.Value, e.Instrument, e.Stage, e.Step)
			}
		}
	}
	if before == 0 {
		t.Fatal("no adoption recorded before the switch")
	}
}
