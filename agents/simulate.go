package agents

import (
	"context"
	"fmt"
	"slices"

	"github.com/ipsim/ipsim/sim"
)

// Event changes the model from a step on: new parameters (a regime
// switch, a new central priority) and demand shocks.
type Event struct {
	Step   int     // first step it applies to
	Params *Params // parameters from Step on (of several events at one step, the last one's); nil leaves them unchanged. The world, a sector's name or share, the instrument table and the setup:"only" fields must not change (New refuses them); a sector's growth and priority may.
	Shocks []Shock
	Label  string // shown in events.csv
}

// Shock multiplies one sector's demand by 1 + Demand from the event's step on.
// New refuses a shock to no sector of the run, or a Demand outside its
// tag's range (demand 0 or below, or shocks multiplied past float64).
type Shock struct {
	Sector string
	Demand float64 `range:"(-1,100]"` // relative change, e.g. -0.2
}

// Options say what a run records besides its per-step metrics. The zero
// value records metrics, events and documents but no panel.
type Options struct {
	Panel bool // record one RegionRow per region and one SectorRow per sector per step
	// SummaryOnly records only each metric's run summary (Output.Summary)
	// and nothing else: what a sweep keeps. Level metrics are then read
	// only in the last year, which saves about a tenth of a China-size run.
	SummaryOnly bool
}

// Output is everything one run recorded. With Options.SummaryOnly only
// Status and Summary are set.
type Output struct {
	Status    sim.Status
	Metrics   sim.Table // one row per completed step, columns as in Columns()
	Events    []EventRecord
	Documents []DocumentCount
	Panel     []RegionRow // with Options.Panel: one row per region per step
	Sectors   []SectorRow // with Options.Panel: one row per sector per step
	// Summary holds each metric's run summary (see MetricDesc.Summary),
	// in the order of Columns(), when Options.SummaryOnly is set.
	Summary []float64
}

// Simulate builds a world from p and seed, runs it for s.Steps steps
// applying events, and returns what the recorders saw. Runs with the same
// seed share the world's draws (fit, sizes, officials, noise), so arms
// compared at the same seed differ by policy only. A canceled ctx stops
// the run early with Status sim.Canceled and the steps completed so far,
// and no error. The error is New's: p, s or events that cannot be run,
// including a field outside its struct tag's range; or, unless
// opt.SummaryOnly, a metric table of s.Steps rows that with the world
// would pass MaxWorldBytes (some 40 million steps of a small world),
// whose allocation would crash the program rather than fail; or a run
// whose value added, spending or a sector's demand overflowed float64
// (growth compounded over centuries), stopped at that step
// (*OverflowError).
func Simulate(ctx context.Context, p Params, events []Event, s sim.Settings, seed uint64, opt Options) (Output, error) {
	if !opt.SummaryOnly && MemoryReason(p) == "" {
		if b := WorldBytes(p) + recordingBytes(s.Steps); b > MaxWorldBytes {
			return Output{}, fmt.Errorf("agents: steps = %d: recording %d metrics a step needs about %s a run with the world; at most 16 GiB: fewer steps, or Options.SummaryOnly",
				s.Steps, len(metrics), gib(b))
		}
	}
	m, err := New(p, s, seed, events)
	if err != nil {
		return Output{}, err
	}
	// a run whose economy overflows float64 stops there, with an error
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	guard := sim.ObserverFunc(func(int) {
		if _, over := m.Overflowed(); over {
			stop()
		}
	})
	var out Output
	if opt.SummaryOnly {
		z := sim.NewSummarizer(m, Columns(), s)
		out.Status, _ = sim.Run(ctx, m, s, guard, z)
		if err := overflowError(m, s); err != nil {
			return Output{}, err
		}
		out.Summary = z.Values()
		return out, nil
	}
	rec := sim.NewRecorder(m, Columns(), s.Steps)
	docs := &docRecorder{m: m, s: s}
	obs := []sim.Observer{guard, rec, docs, sim.ObserverFunc(func(t int) {
		out.Events = append(out.Events, m.StepEvents()...)
	})}
	if opt.Panel {
		// the budgets step t spends were set at the end of step t-1 (by
		// New for step 0): by the time the panel reads the model, m.budget
		// holds the next step's, from step t's value added
		budgets := slices.Clone(m.budget)
		obs = append(obs, sim.ObserverFunc(func(t int) {
			out.Panel = m.appendPanel(out.Panel, t, budgets)
			out.Sectors = m.appendSectors(out.Sectors, t)
			copy(budgets, m.budget)
		}))
	}
	out.Status, _ = sim.Run(ctx, m, s, obs...)
	if err := overflowError(m, s); err != nil {
		return Output{}, err
	}
	out.Metrics = rec.Table()
	out.Documents = docs.flush()
	return out, nil
}

// OverflowError is Simulate's error for a run whose value added,
// spending or a sector's demand overflowed float64 (Model.Overflowed).
// A run is deterministic: run again, it stops at the same step.
type OverflowError struct {
	Step, Year int // the first step not finite, and its calendar year
	Steps      int // the run's length
}

// Error says the step and year of the overflow and what to change: a
// shorter run, or slower growth of demand or of the frontier.
func (e *OverflowError) Error() string {
	return fmt.Sprintf("agents: at step %d (year %d) value added, spending or a sector's demand passed float64's range (about 1.8e308), compounded over the run's growth: every figure after it would be Inf or NaN: shorten the run (steps = %d now) or lower the growth of demand or of the frontier (market.demand_growth, a sector's growth, world.frontier_growth)", e.Step, e.Year, e.Steps)
}

// overflowError says where m's economy overflowed float64, if it did.
func overflowError(m *Model, s sim.Settings) error {
	t, over := m.Overflowed()
	if !over {
		return nil
	}
	return &OverflowError{Step: t, Year: s.YearOf(t), Steps: s.Steps}
}

// docRecorder totals documents by year, level and category.
type docRecorder struct {
	m    *Model
	s    sim.Settings
	year int
	acc  []float64 // level*ncat + category
	out  []DocumentCount
	seen bool
}

// Observe adds the documents of step t to its year's totals.
func (d *docRecorder) Observe(t int) {
	y := d.s.YearOf(t)
	if d.acc == nil {
		d.acc = make([]float64, 4*d.m.ncat)
		d.year = y
	}
	if y != d.year {
		d.flushYear()
		d.year = y
	}
	d.seen = true
	for l := range d.m.docStep {
		for c, v := range d.m.docStep[l] {
			d.acc[l*d.m.ncat+c] += v
		}
	}
}

// flushYear writes the year's count of every level the world has (no
// city rows without cities, no county rows without counties) and every
// category, zeros included, so that averages over years or runs count
// the years without documents.
func (d *docRecorder) flushYear() {
	levels := 2 // center, province
	if d.m.p.World.CitiesPerProvince > 0 {
		levels++
		if d.m.p.World.CountiesPerCity > 0 {
			levels++
		}
	}
	for i, v := range d.acc {
		if i/d.m.ncat < levels {
			d.out = append(d.out, DocumentCount{Year: d.year, Level: levelNames[i/d.m.ncat], Category: categories[i%d.m.ncat], Count: v})
		}
		d.acc[i] = 0
	}
}

func (d *docRecorder) flush() []DocumentCount {
	if d.seen {
		d.flushYear()
		d.seen = false
	}
	return d.out
}

// appendSectors appends one SectorRow per sector for step t.
func (m *Model) appendSectors(rows []SectorRow, t int) []SectorRow {
	for s, k := range m.capSum {
		rows = append(rows, SectorRow{
			Step: t, Sector: m.p.Sectors[s].Name, Capacity: k, Demand: m.demand[s],
			Overcapacity: max(0, k/m.demand[s]-1), Utilisation: m.util[s], Price: m.price[s],
			Hot: m.hot[s], Capped: m.capped[s],
		})
	}
	return rows
}

// appendPanel appends one RegionRow per region for step t, whose
// budgets (what each region had to spend in it) are budgets.
func (m *Model) appendPanel(rows []RegionRow, t int, budgets []float64) []RegionRow {
	S, K := m.S, m.K
	for r := 0; r < m.R; r++ {
		capK, prodK, spend, fin := 0.0, 0.0, 0.0, 0.0
		for s := 0; s < S; s++ {
			i := r*S + s
			capK += m.capK[i]
			prodK += m.capK[i] * m.prod[i]
		}
		top, topX := "", 0.0
		for k := 0; k < K; k++ {
			x := 0.0
			for s := 0; s < S; s++ {
				x += m.spend[(r*S+s)*K+k]
			}
			spend += x
			if m.catOf[k] == catFinancial {
				fin += x
			}
			if x > topX {
				top, topX = m.p.Instruments[k].Name, x
			}
		}
		rows = append(rows, RegionRow{
			Step: t, Region: r, Level: levelNames[m.level[r]], Province: int(m.province[r]),
			Official: m.offID[r], ValueAdded: m.yReg[r] / m.y0, Capacity: capK,
			Productivity: safeDiv(prodK, capK), Budget: budgets[r] / m.y0, Spending: spend / m.y0,
			FinancialShare: ratio(fin, spend), Infrastructure: m.infra[r], Skills: m.skills[r],
			Land: m.land[r], TopInstrument: top, Follower: m.follower[r],
		})
	}
	return rows
}
