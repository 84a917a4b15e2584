package agents

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/ipsim/ipsim/sim"
)

// Levels of the region tree.
const (
	LevelCenter = iota
	LevelProvince
	LevelCity
	LevelCounty
)

var levelNames = [...]string{"center", "province", "city", "county"}

// LevelName returns "center", "province", "city" or "county" for
// LevelCenter .. LevelCounty, and "level(N)" for any other l.
func LevelName(l int) string {
	if l < 0 || l >= len(levelNames) {
		return fmt.Sprintf("level(%d)", l)
	}
	return levelNames[l]
}

// Life-cycle stages of a region-sector.
const (
	Entry = iota
	Growth
	Mature
	numStages
)

var stageNames = [...]string{"entry", "growth", "mature"}

// StageName returns "entry", "growth" or "mature" for Entry, Growth and
// Mature, and "stage(N)" for any other g.
func StageName(g int) string {
	if g < 0 || g >= len(stageNames) {
		return fmt.Sprintf("stage(%d)", g)
	}
	return stageNames[g]
}

// Model is the state of one simulated world: the center, the regions with
// their officials, and the economy they act on. All state lives in flat
// slices indexed by region (r), sector (s), instrument (k) and stage (g):
// region-sector arrays at r*S+s, portfolios at (r*S+s)*K+k, beliefs at
// k*3+g. A step allocates nothing.
//
// Model implements sim.Model; recorders read it through Columns and the
// exported accessors after each step and never write to it.
type Model struct {
	p          Params
	settings   sim.Settings
	seed       uint64
	events     []Event
	nextEv     int
	switchedAt int      // step of the last event that changed parameters, or -1
	overflowAt int      // first step whose value added or spending was not finite, or -1
	world0     World    // the world's parameters never change after set-up
	evSectors  []Sector // the sectors before the next event, against which its record names the sector it concerns

	R, S, K int // regions, sectors, instruments: read them, never set them (the state is sized by them)
	t       int // the step being run, or the last one run
	spy     int // steps per year

	// instrument tables (derived from p.Instruments)
	eTrue    []float64 // k*3+g
	cost     []float64
	capShare []float64
	lag      []int
	maxLag   int
	inBox    []bool // in the current toolbox
	addsCap  []bool
	ignoresU []bool
	builds   []int8 // stock index or -1
	needs    []int8
	catOf    []int // category index per instrument
	conv     []float64
	invCost  []float64
	ins      []instrument // k: what the spending loop reads, packed
	class    []int8       // classFinancial, classLand, classKnowledge or classOther
	boxList  []int        // instruments in the toolbox

	// sectors
	demand0   []float64 // demand before shocks (grows each step)
	demandMul []float64 // shocks
	demand    []float64
	growthS   []float64 // total annual demand growth per sector
	prioBase  []float64
	prio      []float64
	hot       []bool    // the sectors regions chase (hot_chase): fast demand, and priorities where the center sets them
	hotSet    []bool    // the hot sectors the metrics read, alike in every arm: fast demand or a table priority above 1
	capSum    []float64 // national capacity per sector (current)
	capSum0   []float64
	meanK0    []float64 // mean regional capacity per sector at start
	util      []float64
	price     []float64
	priceSeen []float64 // price^price_sight, set before regions decide
	capped    []bool
	cappedRS  []bool // r*S+s: capacity-adding measures blocked this step

	// regions
	level      []int8
	parent     []int32 // province for cities, city for counties, -1 for provinces
	province   []int32
	size       []float64
	infra      []float64
	skills     []float64
	land       []float64
	land0      []float64
	budget     []float64
	yReg       []float64 // value added per region
	yHist      []float64 // value added per region over the last spy steps (ring)
	trend      []float64 // expected annual log growth (EWMA)
	yearGrowth []float64 // log growth of value added over the last year
	review     []int     // offset of each region's review cycle
	impl       []float64 // implementation multiplier this step
	regionK    []float64 // total capacity per region

	// region-sectors
	capK    []float64
	prod    []float64
	fit     []float64
	network []float64
	stage   []int8
	yRS     []float64
	fitMean []float64 // region's belief about its fit (institutional memory)
	fitPrec []float64
	capPipe []float64 // (rs*pipe + slot): capacity effects that arrive later
	prdPipe []float64
	pipe    int

	// portfolios
	share      []float64 // the region's own allocation shares (sum 1 over its pairs)
	spend      []float64 // spending this step (own + central part)
	yearSpend  []float64 // spending accumulated over the measurement year
	pilotPair  []int32   // per region: pair index rs*K+k piloted by the official, or -1
	cPilotPair []int32   // per region: pair piloted by the center, or -1
	adopted    []bool    // r*K*3 + k*3+g: region has funded practice (k, g)

	// officials: one per region, stored in the region's slot; movers are copied
	offID      []int
	ability    []float64
	age        []float64
	follower   []bool
	copied     []bool    // the region's own shares were copied from a peer at its last decision
	start      []int     // step the term started
	termEnd    []int     // step after which the term ends
	yStart     []float64 // region value added when the term started
	trendStart []float64
	docsIssued []float64
	arrived    []bool    // arrived from another post (a mover)
	appointN   []int     // appointments made in the region so far
	eMean      []float64 // r*K*3 + k*3+g: own evidence about effectiveness
	ePrec      []float64
	pref       []float64 // r*S+s: carried sector preferences
	ySStart    []float64 // r*S+s: sector value added at term start

	// the center
	cMean            []float64 // center's own evidence (national aggregates)
	cPrec            []float64
	natMean          []float64 // the national standard: conventional, then what was scaled up
	poolSum          []float64 // region-level evidence pooled by the platform (precision-weighted sums)
	poolPrec         []float64
	pilotSum         []float64 // pilot evidence reported to the center
	pilotPrec        []float64
	contrib          []float64 // r*K*3 + kg: evidence a region contributed since the last scale-up, weighted as pooled weighs it
	above            []int     // steps the pooled evidence has beaten the national standard
	scaledAt         []int     // kg: step of the last scale-up, or -1
	firstPilot       []int     // kg: step of the first pilot since the last scale-up, or -1
	pilotsOpen       []int     // kg: pilots started since the last scale-up
	adoptBy          [numOrigins]float64
	demandYearEnd    []float64 // demand at the end of the last year
	demandYearAgo    []float64 // demand at the end of the year before (0: none yet), for the plan's growth
	rotation         int       // the center's pilot rotation
	everScaled       []bool    // kg: scaled up at least once
	natX, natY, natI []float64 // kg scratch: national aggregates of the year
	totalK           float64   // national capacity, all sectors
	cIntens          []float64 // s*K+k: the center's uniform intensities
	cShare           []float64 // s*K+k: their shares of the central budget
	nextID           int
	pilotOpen        []int32 // per region: step a pilot started (for pilot accounting), -1

	// documents: per region and category, a ring over ringN steps, ringN
	// one more than the largest echo_lag of the run (events may change it)
	docRing   []float64
	centerDoc []float64 // ring: center documents by category
	ringN     int
	slotStep  []int // per ring slot: the step its documents were issued in, or -1
	slotLag   []int // per ring slot: the echo_lag in force when they were issued
	docStep   [4][]float64
	docCum    [4]float64
	docCumCat []float64 // cumulative by category (all levels)
	ncat      int

	// step counters read by metrics
	st stepStats

	// scratch for the allocation and metrics
	cand      []candidate
	px        []float64 // the previous shares of the deciding region
	wx        []float64 // water-filling result
	activeBuf []int32   // water-filling: the pairs still active
	scratchR  []float64
	ending    []int
	vacancies []vacancy // m.ending in the order its vacancies are filled (vacancyOrder)
	savedBuf  []officialState

	stepEvents []EventRecord // events of the current step

	y0                 float64 // national value added of the initial state
	a0                 float64 // capacity-weighted productivity of the initial state
	va                 float64 // national value added after the last step
	vaPrev             float64 // and after the step before
	kScratch, sScratch []float64
	beliefs            []float64 // r*K*3+kg: working beliefs, for the metrics
	beliefsAt          int       // step the beliefs were computed for, or -2
	shape              spendShape
	fitScratch         []float64
	capSpent           []float64 // r*S+s: capacity when the step's budget was spent
	belScratch         []float64 // kg: working beliefs of the deciding official
	ucbScratch         []float64 // kg: upper bounds of the practices a pilot could test
	choiceMean         []float64 // kg: the beliefs a pilot is chosen on (an official's or the center's)
	choicePrec         []float64
	platSum, platPrec  []float64 // kg: what the platform adds to every belief (see platformEvidence)
	carried            []float64 // r*K+k: instrument mix a mover brought to r
	simBefore          []float64 // similarity of r's mix to it at his arrival
	moverActive        []bool    // r is led by a mover whose mix is tracked
	moverLeft          []int     // step the tracked mover left r, or -1
	placebo            []float64 // r*K+k: the placebo mix for r's mover
	lastCarried        []float64 // kind*K+k: the mix the last mover of each kind (0 own, 1 copied) carried
	havePlacebo        [2]bool
	wcScratch          []float64
	wcAll, wcCap       []float64 // s: the center's weights per sector, all and capacity-adding
	capOwn             []float64 // r*S+s: own shares of capacity-adding instruments
	ownTotal           []float64 // r: the sum of the region's own shares (1, or less where its allocation funds nothing)
	// bit sets over instruments (at most 64): the pairs spendAndApply visits
	ownMask     []uint64 // r*S+s: own share > 0
	measureMask []uint64 // r*S+s: own share >= documents.min_share
	yearMask    []uint64 // r*S+s: funded at some step since the last measurement
	stepMask    []uint64 // r*S+s: funded in the last step (the pairs whose spend is not 0)
	cenMask     []uint64 // s: the center's weight > 0
	capMask     uint64   // capacity-adding instruments
}

// stepStats are counters of the last step, read by the metrics.
type stepStats struct {
	spending, capBlocked                float64
	budget                              float64 // budgets of the step, summed when spent
	financial                           float64
	stageMoney, stageKnow, stageTotal   [numStages]float64
	pilots, scaleUps, promotions, moves int
	retirements                         int
	adoptLocal, adoptAll                float64 // cumulative
	pilotsTotal, pilotsScaled           int     // cumulative
	cumSpend, cumGain                   float64
	effortSum                           float64
	moverGain, moverGainN               float64 // cumulative (fact D3)
	moverAfter, moverAfterN             float64
	capped                              int
}

// officialState is what moves with an official.
type officialState struct {
	id         int
	ability    float64
	age        float64
	follower   bool
	tenure     float64 // years at the post he leaves
	post       int     // the post he leaves
	score      float64 // evaluation, with noise
	percentile float64 // among peers at his level
	placed     bool
	retire     bool
	mobile     bool
	eMean      []float64
	ePrec      []float64
	pref       []float64
}

// Categories: the instrument categories, then the center's own kinds.
var categories = []string{"financial", "land", "infrastructure", "human_capital", "innovation", "network", "regulatory", "market", "framework", "scale_up", "coordination"}

// Document categories: the instrument categories come first (up to
// catFramework), then the center's own kinds of document.
const (
	catFinancial    = 0
	catFramework    = 8
	catScaleUp      = 9
	catCoordination = 10 // the center's cap documents: not the regulatory instruments' category
)

// Instrument classes for the life-cycle mix (fact B1).
const (
	classOther int8 = iota
	classFinancial
	classLand
	classKnowledge
)

func categoryIndex(name string) int {
	for i, c := range categories {
		if c == name {
			return i
		}
	}
	return -1
}

func stockIndex(name string) int8 {
	switch name {
	case "infrastructure":
		return 0
	case "skills":
		return 1
	case "network":
		return 2
	case "land":
		return 3
	}
	return -1
}

// checkRunnable is what New needs of p to build a world: Validate's
// checks and every field within its struct tag's range or enum (which
// covers at least one province and no negative counts).
func checkRunnable(p Params) error {
	var errs []error
	if p.World == (World{}) && len(p.Sectors) == 0 && len(p.Instruments) == 0 {
		// the zero Params (or one built field by field from it): say what
		// to do before the list of every field it lacks
		errs = append(errs, errors.New("agents: Params has no world, sectors or instruments: start from DefaultParams() (or a scenario arm's Params) and change what differs"))
	}
	if err := p.Validate(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, checkFields(p)...)
	return errors.Join(errs...)
}

// sameTables reports whether q, an event's parameters, keeps what the
// model reads only at set-up from p: the whole world, each sector's name
// and share (its growth and priority may change) and the instrument table.
// An event that changed them would be ignored, not applied.
func sameTables(p, q Params) bool {
	if p.World != q.World || len(p.Sectors) != len(q.Sectors) || !reflect.DeepEqual(p.Instruments, q.Instruments) {
		return false
	}
	for i := range p.Sectors {
		if p.Sectors[i].Name != q.Sectors[i].Name || p.Sectors[i].Share != q.Sectors[i].Share {
			return false
		}
	}
	return true
}

// setUpOnlyChanged returns the key (section.name) of the first parameter
// tagged setup:"only" that q, an event's parameters, changes from p, or
// "". Such a change would be ignored, and the event would still switch the
// regime (switchParams compares the whole parameters).
func setUpOnlyChanged(p, q Params) string {
	pv, qv := reflect.ValueOf(p), reflect.ValueOf(q)
	for i := 0; i < pv.NumField(); i++ {
		sec := pv.Type().Field(i)
		if sec.Type.Kind() != reflect.Struct {
			continue // the sector and instrument tables: sameTables
		}
		for j := 0; j < sec.Type.NumField(); j++ {
			f := sec.Type.Field(j)
			if f.Tag.Get("setup") == "only" && !reflect.DeepEqual(pv.Field(i).Field(j).Interface(), qv.Field(i).Field(j).Interface()) {
				return sec.Tag.Get("toml") + "." + f.Tag.Get("toml")
			}
		}
	}
	return ""
}

// MaxInstruments is the most instruments a world can have: the model keeps
// sets of instruments as bits of a uint64.
const MaxInstruments = 64

// New builds the initial world from p, settings and seed. Events must be
// sorted by step and fall within the run (0 <= Step < s.Steps). It
// returns an error for settings that fail sim.Settings.Validate, and if p
// is not runnable: the checks of Params.Validate, a field outside the range or the allowed values its
// struct tag gives (one *FieldError each, as a scenario file is checked
// by the scenarios package, which adds the file and line), and events
// whose parameters fail them or change what the model reads only at set-up
// (the world, a sector's name or share, the instrument table), and a world
// above MaxWorldBytes (MemoryReason). The parameters of events at step 0
// are those the world is set up with.
func New(p Params, s sim.Settings, seed uint64, events []Event) (*Model, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := checkRunnable(p); err != nil {
		return nil, err
	}
	if r := MemoryReason(p); r != "" {
		return nil, errors.New("agents: " + r + ": fewer provinces, cities or counties")
	}
	for i, e := range events {
		if e.Step < 0 {
			return nil, fmt.Errorf("agents: event %q at step %d: steps count from 0 (Step is a step, not a year: (year - StartYear) * StepsPerYear)", e.Label, e.Step)
		}
		if e.Step >= s.Steps {
			return nil, fmt.Errorf("agents: event %q at step %d is past the run's last step, %d: it would never apply; drop it or lengthen the run (Settings.Steps)", e.Label, e.Step, s.Steps-1)
		}
		if i > 0 && e.Step < events[i-1].Step {
			return nil, fmt.Errorf("agents: event %q at step %d comes after one at step %d: sort events by Step", e.Label, e.Step, events[i-1].Step)
		}
		for _, sh := range e.Shocks {
			if !slices.ContainsFunc(p.Sectors, func(s Sector) bool { return s.Name == sh.Sector }) {
				return nil, fmt.Errorf("agents: event %q at step %d shocks sector %q, which the run does not have: name one of Params.Sectors", e.Label, e.Step, sh.Sector)
			}
			if r := shockDemandRange(); !r.Contains(sh.Demand) || math.IsNaN(sh.Demand) {
				return nil, fmt.Errorf("agents: event %q at step %d: shock to %s, demand = %v: must be %s", e.Label, e.Step, sh.Sector, sh.Demand, r)
			}
		}
		if e.Params == nil {
			continue
		}
		if err := checkRunnable(*e.Params); err != nil {
			return nil, fmt.Errorf("agents: event %q at step %d: %w", e.Label, e.Step, err)
		}
		if r := MemoryReason(*e.Params); r != "" { // a longer echo_lag
			return nil, fmt.Errorf("agents: event %q at step %d: %s", e.Label, e.Step, r)
		}
		if !sameTables(p, *e.Params) {
			return nil, fmt.Errorf("agents: event %q at step %d changes the world, a sector's name or share, or the instrument table, which the model reads only at set-up: an event may change a sector's growth and priority and the other sections", e.Label, e.Step)
		}
		if key := setUpOnlyChanged(p, *e.Params); key != "" {
			return nil, fmt.Errorf("agents: event %q at step %d changes %s, which the model reads only at set-up: set it in the run's parameters", e.Label, e.Step, key)
		}
	}
	// the parameters of events at the first step are the run's from its
	// set-up: a run whose event at step 0 sets P is the run that starts
	// with P (the same officials, review offsets, initial plan, portfolio
	// and decisions), not one that starts with p and switches, which would
	// make the center review and every region decide twice before its
	// first step's economy; the event is still recorded at step 0
	start := p
	for _, e := range events {
		if e.Step > 0 {
			break
		}
		if e.Params != nil {
			start = *e.Params
		}
	}
	m := &Model{p: start, settings: s, seed: seed, events: events, spy: s.StepsPerYear, t: -1, world0: p.World, switchedAt: -1, overflowAt: -1, evSectors: p.Sectors}
	p = start
	w := p.World
	P, C, Q := w.Provinces, w.CitiesPerProvince, w.CountiesPerCity
	m.R = P + P*C + P*C*Q
	m.S = len(p.Sectors)
	m.K = len(p.Instruments)
	R, S, K := m.R, m.S, m.K
	m.ncat = len(categories)

	m.setInstruments()
	if err := m.setToolbox(); err != nil {
		return nil, err
	}
	m.pipe = m.maxLag + 1

	f := func(n int) []float64 { return make([]float64, n) }
	m.demand0, m.demandMul, m.demand, m.growthS = f(S), f(S), f(S), f(S)
	m.prioBase, m.prio, m.capSum, m.capSum0, m.meanK0, m.util, m.price = f(S), f(S), f(S), f(S), f(S), f(S), f(S)
	m.priceSeen = f(S)
	m.hot, m.hotSet, m.capped = make([]bool, S), make([]bool, S), make([]bool, S)
	m.level, m.parent, m.province = make([]int8, R), make([]int32, R), make([]int32, R)
	m.size, m.infra, m.skills, m.land, m.land0, m.budget = f(R), f(R), f(R), f(R), f(R), f(R)
	m.yReg, m.yHist, m.trend, m.impl, m.regionK = f(R), f(R*m.spy), f(R), f(R), f(R)
	m.review = make([]int, R)
	m.yearGrowth = f(R)
	m.capK, m.prod, m.fit, m.network, m.yRS = f(R*S), f(R*S), f(R*S), f(R*S), f(R*S)
	m.stage = make([]int8, R*S)
	m.fitScratch, m.capSpent = f(R*S), f(R*S)
	m.cappedRS = make([]bool, R*S)
	m.fitMean, m.fitPrec = f(R*S), f(R*S)
	m.capPipe, m.prdPipe = f(R*S*m.pipe), f(R*S*m.pipe)
	m.share, m.spend, m.yearSpend = f(R*S*K), f(R*S*K), f(R*S*K)
	m.pilotPair, m.cPilotPair, m.pilotOpen = make([]int32, R), make([]int32, R), make([]int32, R)
	m.adopted = make([]bool, R*K*numStages)
	m.offID, m.ability, m.age = make([]int, R), f(R), f(R)
	m.follower, m.arrived, m.copied = make([]bool, R), make([]bool, R), make([]bool, R)
	m.start, m.termEnd, m.appointN = make([]int, R), make([]int, R), make([]int, R)
	m.yStart, m.trendStart, m.docsIssued = f(R), f(R), f(R)
	m.eMean, m.ePrec = f(R*K*numStages), f(R*K*numStages)
	m.pref, m.ySStart = f(R*S), f(R*S)
	kg := K * numStages
	m.cMean, m.cPrec, m.natMean = f(kg), f(kg), f(kg)
	m.poolSum, m.poolPrec, m.pilotSum, m.pilotPrec = f(kg), f(kg), f(kg), f(kg)
	m.contrib = f(R * kg)
	m.above, m.scaledAt, m.firstPilot, m.pilotsOpen = make([]int, kg), make([]int, kg), make([]int, kg), make([]int, kg)
	m.demandYearEnd, m.demandYearAgo = f(S), f(S)
	m.everScaled = make([]bool, kg)
	m.natX, m.natY, m.natI = f(kg), f(kg), f(kg)
	m.belScratch, m.ucbScratch = f(kg), f(kg)
	m.choiceMean, m.choicePrec = f(kg), f(kg)
	m.platSum, m.platPrec = f(kg), f(kg)
	m.carried, m.simBefore, m.placebo, m.lastCarried = f(R*K), f(R), f(R*K), f(2*K)
	m.moverActive, m.moverLeft = make([]bool, R), make([]int, R)
	for r := range m.moverLeft {
		m.moverLeft[r] = -1
	}
	m.cIntens, m.cShare, m.wcScratch = f(S*K), f(S*K), f(S*K)
	m.wcAll, m.wcCap, m.capOwn, m.ownTotal = f(S), f(S), f(R*S), f(R)
	m.ownMask, m.cenMask = make([]uint64, R*S), make([]uint64, S)
	m.measureMask, m.yearMask = make([]uint64, R*S), make([]uint64, R*S)
	m.stepMask = make([]uint64, R*S)
	m.ringN = p.Documents.EchoLag + 1
	for _, e := range events {
		if e.Params != nil {
			m.ringN = max(m.ringN, e.Params.Documents.EchoLag+1)
		}
	}
	m.docRing = f(R * m.ncat * m.ringN)
	m.centerDoc = f(m.ncat * m.ringN)
	m.slotStep, m.slotLag = make([]int, m.ringN), make([]int, m.ringN)
	for j := range m.slotStep {
		m.slotStep[j] = -1
	}
	for l := range m.docStep {
		m.docStep[l] = f(m.ncat)
	}
	m.docCumCat = f(m.ncat)
	m.cand, m.px, m.wx = make([]candidate, 0, S*K), f(S*K), f(S*K)
	m.activeBuf = make([]int32, 0, S*K)
	m.scratchR = f(R)
	m.ending = make([]int, 0, R)
	m.vacancies = make([]vacancy, 0, R)
	m.savedBuf = make([]officialState, R)
	for i := range m.savedBuf {
		m.savedBuf[i] = officialState{eMean: f(kg), ePrec: f(kg), pref: f(S)}
	}
	m.stepEvents = make([]EventRecord, 0, 64)

	m.initWorld()
	return m, nil
}

// setInstruments derives the instrument arrays from p.Instruments.
func (m *Model) setInstruments() {
	K := m.K
	m.eTrue = make([]float64, K*numStages)
	m.cost, m.capShare, m.conv = make([]float64, K), make([]float64, K), make([]float64, K)
	m.lag, m.catOf = make([]int, K), make([]int, K)
	m.invCost, m.class = make([]float64, K), make([]int8, K)
	m.addsCap, m.ignoresU, m.inBox = make([]bool, K), make([]bool, K), make([]bool, K)
	m.builds, m.needs = make([]int8, K), make([]int8, K)
	for k, in := range m.p.Instruments {
		m.eTrue[k*numStages+Entry] = in.Entry
		m.eTrue[k*numStages+Growth] = in.Growth
		m.eTrue[k*numStages+Mature] = in.Mature
		m.cost[k], m.capShare[k], m.lag[k], m.conv[k] = in.Cost, in.CapShare, in.Lag, in.Conventional
		m.addsCap[k], m.ignoresU[k] = in.AddsCapacity, in.IgnoresUtilisation
		m.builds[k], m.needs[k] = stockIndex(in.Builds), stockIndex(in.Needs)
		m.invCost[k] = 1 / in.Cost
		switch in.Category {
		case "financial":
			m.class[k] = classFinancial
		case "land":
			m.class[k] = classLand
		case "human_capital", "innovation", "network":
			m.class[k] = classKnowledge
		default:
			m.class[k] = classOther
		}
		m.catOf[k] = categoryIndex(in.Category)
		if m.catOf[k] < 0 {
			m.catOf[k] = catFinancial
		}
		if in.Lag > m.maxLag {
			m.maxLag = in.Lag
		}
	}
	m.ins = make([]instrument, K)
	m.capMask = 0
	for k := range m.ins {
		if m.addsCap[k] {
			m.capMask |= 1 << uint(k)
		}
		m.ins[k] = instrument{invCost: m.invCost[k], capShare: m.capShare[k], addsCap: m.addsCap[k],
			ignoresU: m.ignoresU[k], class: m.class[k], builds: m.builds[k], needs: m.needs[k]}
	}
}

// instrument packs what the spending loop reads of an instrument.
type instrument struct {
	invCost, capShare    float64
	slot                 int // pipeline slot this step's measures pay in
	addsCap, ignoresU    bool
	class, builds, needs int8
}

// setToolbox marks the instruments the center allows.
func (m *Model) setToolbox() error {
	for k := range m.inBox {
		m.inBox[k] = len(m.p.Policy.Toolbox) == 0
	}
	for _, name := range m.p.Policy.Toolbox {
		found := false
		for k, in := range m.p.Instruments {
			if in.Name == name {
				m.inBox[k], found = true, true
			}
		}
		if !found {
			return fmt.Errorf("agents: policy.toolbox: unknown instrument %q", name)
		}
	}
	m.boxList = m.boxList[:0]
	for k, ok := range m.inBox {
		if ok {
			m.boxList = append(m.boxList, k)
		}
	}
	if len(m.boxList) == 0 {
		return fmt.Errorf("agents: policy.toolbox is empty")
	}
	return nil
}

// initWorld draws the initial world from the run's PCG stream.
func (m *Model) initWorld() {
	p, w := m.p, m.p.World
	rng := sim.NewRand(m.seed, 0)
	R, S := m.R, m.S
	P, C, Q := w.Provinces, w.CitiesPerProvince, w.CountiesPerCity

	// the tree: provinces, then cities, then counties
	for pr := 0; pr < P; pr++ {
		m.level[pr], m.parent[pr], m.province[pr] = LevelProvince, -1, int32(pr)
	}
	for pr := 0; pr < P; pr++ {
		for c := 0; c < C; c++ {
			r := P + pr*C + c
			m.level[r], m.parent[r], m.province[r] = LevelCity, int32(pr), int32(pr)
			for q := 0; q < Q; q++ {
				cr := P + P*C + (pr*C+c)*Q + q
				m.level[cr], m.parent[cr], m.province[cr] = LevelCounty, int32(r), int32(pr)
			}
		}
	}

	// sizes, capacity, productivity, fit, stocks
	shareSum := 0.0
	for _, sec := range p.Sectors {
		shareSum += sec.Share
	}
	lnorm := func(sd float64) float64 { return math.Exp(sd*rng.NormFloat64() - sd*sd/2) }
	for r := 0; r < R; r++ {
		m.size[r] = lnorm(w.SizeDispersion)
		// smaller units lower down the tree
		switch m.level[r] {
		case LevelCounty:
			m.size[r] *= w.CountySize
		}
		m.infra[r] = w.InitialStock * lnorm(0.3)
		m.skills[r] = w.InitialStock * lnorm(0.3)
		m.review[r] = rng.IntN(max(1, p.Policy.ReviewInterval))
		for s := 0; s < S; s++ {
			i := r*S + s
			m.capK[i] = m.size[r] * p.Sectors[s].Share / shareSum * lnorm(w.CapacityDispersion)
			m.prod[i] = min(0.95, w.InitialProductivity*lnorm(w.ProductivityDispersion))
			m.fit[i] = lnorm(w.Heterogeneity)
			m.network[i] = w.InitialStock
			m.fitMean[i], m.fitPrec[i] = 1, p.Officials.FitPrecision
		}
	}
	for r := 0; r < R; r++ {
		// fit is comparative advantage: mean 1 across the region's sectors
		mean := 0.0
		for s := 0; s < S; s++ {
			mean += m.fit[r*S+s] / float64(S)
		}
		for s := 0; s < S; s++ {
			m.fit[r*S+s] /= mean
		}
		// the region's belief: prior 1, updated with one private signal
		// of precision local_knowledge (what the center does not know)
		if lk := p.Officials.LocalKnowledge; lk > 0 {
			for s := 0; s < S; s++ {
				i := r*S + s
				z := m.fit[i] + rng.NormFloat64()/math.Sqrt(lk)
				m.fitPrec[i] += lk
				m.fitMean[i] += (z - 1) * lk / m.fitPrec[i]
			}
		}
		k := 0.0
		for s := 0; s < S; s++ {
			k += m.capK[r*S+s]
		}
		m.land0[r] = w.Land * k
		m.land[r] = m.land0[r]
	}
	m.normaliseFitBeliefs()
	for s := 0; s < S; s++ {
		sum := 0.0
		for r := 0; r < R; r++ {
			sum += m.capK[r*S+s]
		}
		m.capSum[s], m.capSum0[s], m.meanK0[s] = sum, sum, sum/float64(R)
		m.demand0[s] = (1 + p.Market.DemandSlack) * sum
		m.demandMul[s] = 1
	}
	m.setSectors()
	m.updateDemand(0)
	copy(m.demandYearEnd, m.demand)
	m.updateMarket()
	m.updateStages()
	for kg := range m.cMean {
		k := kg / numStages
		m.cMean[kg], m.cPrec[kg], m.natMean[kg] = m.conv[k], p.Officials.PriorPrecision, m.conv[k]
		m.scaledAt[kg], m.firstPilot[kg] = -1, -1
	}
	for r := 0; r < R; r++ {
		m.pilotPair[r], m.cPilotPair[r], m.pilotOpen[r] = -1, -1, -1
	}
	m.valueAdded()
	m.y0 = 0
	for r := 0; r < R; r++ {
		m.y0 += m.yReg[r]
		for j := 0; j < m.spy; j++ {
			m.yHist[r*m.spy+j] = m.yReg[r]
		}
		m.trend[r] = p.Market.DemandGrowth
	}
	m.va, m.vaPrev, m.a0 = m.y0, m.y0, m.meanProd()
	m.kScratch, m.sScratch = make([]float64, m.K), make([]float64, m.S)
	m.beliefs, m.beliefsAt = make([]float64, m.R*m.K*numStages), -2
	m.shape = spendShape{at: -2, region: make([]float64, m.R), sector: make([]float64, m.R*m.S), instrument: make([]float64, m.R*m.K)}
	m.computeBudgets()
	// officials: everyone starts as a new appointee, part-way through a term
	for r := 0; r < R; r++ {
		m.appoint(r, 0)
		// he took office before the simulation starts: his term and
		// tenure count from then, his evaluation from the start
		served := int(draw(m.seed, keyTerm, r, -1, 0) * float64(m.termEnd[r]))
		m.termEnd[r] -= served
		m.start[r] -= served
		if m.termEnd[r] < 1 {
			m.termEnd[r] = 1
		}
	}
	m.setImplementation()
	// the first plan's priorities, which step 0's plan sets again (on the
	// same state) with its documents: the initial portfolio and decisions
	// are made on them, not on the unplanned base priorities, which the
	// center's portfolio would otherwise keep until its first review
	m.plan(0)
	m.setCaps()
	m.centerPortfolio()
	m.seePrices()
	m.decideAll() // followers after those they copy
}

// setSectors derives growth, priorities and hotness from the parameters.
func (m *Model) setSectors() {
	p := m.p
	for s, sec := range p.Sectors {
		m.growthS[s] = p.Market.DemandGrowth + sec.Growth
		m.prioBase[s] = sec.Priority
		if !p.Policy.Priorities {
			m.prioBase[s] = 1
		}
		m.prio[s] = m.prioBase[s]
		m.hot[s] = m.growthS[s] >= p.Market.HotGrowth || (p.Policy.Priorities && sec.Priority > 1)
	}
	m.setHotSet()
}

// setHotSet sets the hot sectors the metrics read from the parameters:
// fast demand or a table priority above 1, whether the center sets
// priorities or not.
func (m *Model) setHotSet() {
	for s, sec := range m.p.Sectors {
		m.hotSet[s] = m.growthS[s] >= m.p.Market.HotGrowth || sec.Priority > 1
	}
}

// updateDemand sets demand for step t: the base grows at the sector's
// current growth rate each step after the first, and shocks multiply it.
func (m *Model) updateDemand(t int) {
	for s := range m.demand {
		if t > 0 {
			m.demand0[s] *= math.Exp(m.growthS[s] / float64(m.spy))
		}
		m.demand[s] = m.demand0[s] * m.demandMul[s]
	}
}
