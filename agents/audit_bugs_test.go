//go:build auditbugs

package agents

import "testing"

// Suspected model bugs found by auditing what the ends of parameter
// ranges mean (the endpoints audit). Each test fails on the model as it
// is; run them with go test -tags auditbugs ./agents -run TestAuditBug.
// None of the proposed fixes changes a run at the default parameters.

// documents.min_share = 0.
//
// Documented meaning (params.go): "a pair whose share of a region's own
// budget (or of the center's portfolio) reaches this from below is a new
// measure"; the origin_*_share metrics count "first adoptions of
// practices". At 0 every funded pair is a measure: the run must be the
// one with the smallest positive min_share (5e-324), which every
// positive share reaches.
//
// What happens: pairs with share 0 count as measures. sumCapOwn
// (economy.go:320, x >= minShare) marks every pair at 0, and
// recordAdoptions (decide.go:564) then records a first adoption of every
// practice of every region, even of instruments outside the toolbox (a
// 3 x 4 world with toolbox {subsidy, land} records 256 such adoptions in
// 8 steps, 320 in all against 64 at min_share 5e-324). isMeasure
// (documents.go:43) passes a pair withdrawn to 0 as "still at least
// min_share" and moved by more than change_threshold: regions and the
// center issue documents for measures they drop (941 against 749
// documents in 48 steps at autonomy 0.85).
//
// Proposed fix: a measure is funded. In sumCapOwn, mark measures with
// x != 0 && x >= minShare; in isMeasure return false when !(b > 0). At
// every positive min_share (the default 0.01) nothing changes.
func TestAuditBugMinShareZeroCountsUnfundedPairs(t *testing.T) {
	for _, aut := range []float64{0.85, 0} {
		p := mmParams()
		p.Policy.Autonomy = aut
		p.Documents.MinShare = 0
		q := p.Clone()
		q.Documents.MinShare = 5e-324
		requireSameRun(t, mmRun(t, q, 48, 5, nil), mmRun(t, p, 48, 5, nil), nil, 1)
	}
	p := mmParams()
	p.Documents.MinShare = 0
	p.Policy.Toolbox = []string{"subsidy", "land"}
	m := newModel(t, p, 8, 3)
	runSteps(m, 0, 8)
	for r := 0; r < m.R; r++ {
		for k := 0; k < m.K; k++ {
			for g := 0; g < numStages; g++ {
				if !m.inBox[k] && m.adopted[(r*m.K+k)*numStages+g] {
					t.Fatalf("region %d adopted %s at stage %d, which the toolbox does not allow", r, p.Instruments[k].Name, g)
				}
			}
		}
	}
}

// world.tax_rate = 0.
//
// Documented meaning (params.go): tax_rate is "the share of a region's
// value added that funds its industrial-policy budget each step"; at 0
// there is no budget, and pilot_share is the "budget spent on a pilot":
// no money, no pilot (as decide does for officials: no own money, no
// own pilot).
//
// What happens: below full autonomy the center still chooses and records
// pilots in its rotating cities (18 pilot events in 24 steps of a 3 x 4
// world), counted in the pilots metrics, though they are never funded
// (spending is 0). Cause: centerPilots (center.go:211) starts a pilot in
// each rotating city without looking at the city's central part.
//
// Proposed fix: in centerPilots skip a city whose central part
// (1 - autonomy) * budget[r] is below minNormal, as decide skips an
// official without own money. Budgets are positive in every calibrated
// run: nothing changes at the defaults.
func TestAuditBugTaxZeroCenterPilotsWithoutMoney(t *testing.T) {
	p := mmParams()
	p.World.TaxRate = 0
	o := mmRun(t, p, 24, 3, nil)
	n := 0
	for _, e := range o.Events {
		if e.Kind == "pilot" {
			n++
		}
	}
	if n > 0 {
		t.Errorf("tax_rate 0: %d pilots recorded, none funded; want none", n)
	}
}

// Events setting a set-up-only parameter through the Go API
// (market.demand_slack, officials.fit_precision, officials.local_knowledge).
//
// Documented meaning: params.go says each is "read at set-up only, so
// events cannot change it", and doc.go (Input) that "an event that
// changes nothing in an arm ... is no switch": it must not make the
// center review or the regions decide out of turn. Scenario files refuse
// such events (scenarios/events.go:192), but agents.New accepts them.
//
// What happens: the value is ignored, as documented, but the event is a
// regime switch: switchParams (step.go:97-107) puts back only the world
// before comparing the event's parameters with the run's, so the changed
// set-up value makes them differ; the center reviews and every region
// decides at the event's step, and value added differs from that step on
// (3 x 4 world, event at step 13).
//
// Proposed fix: in switchParams also put back the fields tagged
// setup:"only" (p.Market.DemandSlack, p.Officials.FitPrecision,
// p.Officials.LocalKnowledge from m.p) before the comparison, or have New
// refuse such events as it refuses a changed world (sameTables). Runs
// without such events, hence every scenario file, are unchanged.
func TestAuditBugSetUpOnlyEventIsASwitch(t *testing.T) {
	p := mmParams()
	want := mmRun(t, p, 40, 5, nil)
	for _, set := range []func(q *Params){
		func(q *Params) { q.Market.DemandSlack = 0.5 },
		func(q *Params) { q.Officials.FitPrecision = 9 },
		func(q *Params) { q.Officials.LocalKnowledge = 0 },
	} {
		q := p.Clone()
		set(&q)
		got := mmRun(t, p, 40, 5, []Event{{Step: 13, Params: &q, Label: "set-up only"}})
		var ev []EventRecord
		for _, e := range got.Events {
			if e.Kind != "scenario_event" {
				ev = append(ev, e)
			}
		}
		got.Events = ev
		requireSameRun(t, want, got, nil, 1)
	}
}
