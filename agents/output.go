package agents

// Records a run produces besides its per-step metrics. The field names
// are the column names of events.csv, documents.csv and regions.csv.

// EventRecord is one discrete event: a promotion, a move, a retirement, a
// pilot, a scale-up of a practice, a scaled-up practice's yearly adoption
// share, or a scenario event firing.
type EventRecord struct {
	Step       int    // step it happened in, from 0
	Kind       string // promotion, move, retirement, pilot, scale_up, adoption, scenario_event
	Region     int    // region where it happened (-1: the center, and adoption, which is national)
	Level      string // center, province, city, county
	FromRegion int    // for moves and promotions: the post left; for scale-ups: the origin region; else -1
	Official   int    // official's ID, or -1
	Sector     string // sector, or ""
	Instrument string // instrument, or ""
	Stage      string // entry, growth, mature, or ""
	// Value depends on Kind: promotion and move, years served at the
	// post left; retirement, years at the post; scale_up, years since
	// the practice's first pilot since its previous scale-up (NaN: not
	// piloted in between); adoption, the share of eligible regions
	// using the practice; pilot and scenario_event, NaN.
	Value float64
	// Detail says what Value is, why an official left (retirement: age
	// or left), who chose a pilot (official or center), or a scenario
	// event's label.
	Detail string
}

// DocumentCount is the number of documents one level issued in one year in
// one instrument category ("framework", "coordination" (caps) and
// "scale_up" for the center's own documents). Output.Documents has one for
// every year, level of the world and category, zeros included.
type DocumentCount struct {
	Year     int
	Level    string
	Category string
	Count    float64
}

// SectorRow is one sector's national market after one step (the optional
// panel): capacity summed over regions against demand, the utilisation and
// price every region of the sector gets, and whether coordination capped
// it. Capacity and Demand are in the same units as the regions' capacity.
type SectorRow struct {
	Step         int
	Sector       string
	Capacity     float64
	Demand       float64
	Overcapacity float64 // capacity over demand minus 1, floored at 0
	Utilisation  float64
	Price        float64
	Hot          bool
	Capped       bool
}

// RegionRow is one region's state after one step (the optional panel).
// ValueAdded, Budget and Spending are shares of the initial national value
// added, so the regions sum to the national metrics. Budget is what the
// region had to spend in the step (set at the end of the previous step
// from its value added), so Spending never exceeds it. FinancialShare is
// NaN in a step without spending.
type RegionRow struct {
	Step           int
	Region         int    // 0 .. Model.Regions()-1: the provinces, then every city, then every county
	Level          string // province, city or county
	Province       int    // the Region of its province (a province's own)
	Official       int    // the official in office's ID, as in EventRecord.Official
	ValueAdded     float64
	Capacity       float64 // summed over sectors
	Productivity   float64 // mean over sectors, weighted by capacity
	Budget         float64
	Spending       float64
	FinancialShare float64
	Infrastructure float64
	Skills         float64
	Land           float64 // free industrial land, in capacity units
	TopInstrument  string  // the instrument with the most spending in the step; "" without spending
	Follower       bool    // the official copies a peer's shares (policy.imitation)
}
