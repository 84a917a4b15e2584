package agents

import "slices"

// Parameters. Every parameter of the model is a field here; scenario files
// set them by their toml key. The struct tags are the single source of the
// scenario reference and of what a value may be (New checks Params built
// in Go against them, scenarios checks a file's values):
//
//	toml:  the key inside its section
//	unit:  the unit, as a user reads it
//	range: the allowed interval, e.g. "[0,1]", "(0,inf)", "[1,inf)"
//	enum:  the allowed values of a string, comma separated
//	doc:   one sentence: what it is and why it matters
//
// Defaults come from DefaultParams; a scenario file is decoded over them.

// Params is the complete parameter set of one arm of a scenario. The zero
// value is not runnable (New lists every field it lacks): start from
// DefaultParams, or from an arm's Params in package scenarios.
type Params struct {
	World       World        `toml:"world"`
	Market      Market       `toml:"market"`
	Sectors     []Sector     `toml:"sector"`
	Instruments []Instrument `toml:"instrument"`
	Policy      Policy       `toml:"policy"`
	Officials   Officials    `toml:"officials"`
	Documents   Documents    `toml:"documents"`
}

// Clone returns a copy of p with its own sector and instrument tables and
// toolbox, so that changing the copy (an event's or an arm's parameters)
// leaves p as it was.
func (p Params) Clone() Params {
	p.Sectors = slices.Clone(p.Sectors)
	p.Instruments = slices.Clone(p.Instruments)
	p.Policy.Toolbox = slices.Clone(p.Policy.Toolbox)
	return p
}

// World is the geography and the slow-moving economy of the regions.
type World struct {
	Provinces              int     `toml:"provinces" unit:"count" range:"[1,inf)" doc:"number of provinces under the center"`
	CitiesPerProvince      int     `toml:"cities_per_province" unit:"count" range:"[0,inf)" doc:"prefecture-level cities in each province"`
	CountiesPerCity        int     `toml:"counties_per_city" unit:"count" range:"[0,inf)" doc:"counties in each city (0: none; needs cities); counties have their own economy, official and documents"`
	CountySize             float64 `toml:"county_size" unit:"share of a city" range:"(0,inf)" doc:"mean initial size of a county relative to a city or province"`
	Heterogeneity          float64 `toml:"heterogeneity" unit:"log sd" range:"[0,10]" doc:"sigma_h: dispersion of hidden comparative advantage fit = exp(sigma_h*z - sigma_h^2/2), normalised to mean 1 across each region's sectors"`
	SizeDispersion         float64 `toml:"size_dispersion" unit:"log sd" range:"[0,10]" doc:"dispersion of regions' initial size (capacity across all sectors)"`
	CapacityDispersion     float64 `toml:"capacity_dispersion" unit:"log sd" range:"[0,10]" doc:"dispersion of a region's initial capacity across sectors, independent of fit"`
	Absorb                 float64 `toml:"absorb" unit:"share of capacity per step" range:"[0,1]" doc:"absorptive ceiling: policy-driven capacity growth of a region, summed over sectors, is at most absorb*(0.5+0.5*min(2,H+I)) of its capacity"`
	Depreciation           float64 `toml:"depreciation" unit:"share per step" range:"[0,1]" doc:"capacity lost each step"`
	Gamma                  float64 `toml:"gamma" unit:"growth per step per unit of log intensity" range:"[0,inf)" doc:"response of capacity and productivity to policy intensity: phi(x) = gamma*log(1 + x/(K*c*x0))"`
	X0                     float64 `toml:"x0" unit:"money per unit capacity per step" range:"(0,inf)" doc:"intensity scale of spending: below x0 per unit of capacity and cost, a measure does little"`
	FrontierGrowth         float64 `toml:"frontier_growth" unit:"log growth per year" range:"[0,1]" doc:"growth of the technology frontier that bounds productivity: the frontier is exp(frontier_growth*years)"`
	InitialProductivity    float64 `toml:"initial_productivity" unit:"share of frontier" range:"(0,1]" doc:"mean initial productivity as a share of the frontier, before each region-sector's draw is capped at 0.95 (so the realised mean is lower near 1: at 1 without dispersion every one starts at 0.95)"`
	ProductivityDispersion float64 `toml:"productivity_dispersion" unit:"log sd" range:"[0,10]" doc:"dispersion of initial productivity across region-sectors"`
	TaxRate                float64 `toml:"tax_rate" unit:"share of value added per step" range:"[0,1]" doc:"tau: share of a region's value added that funds its industrial-policy budget each step"`
	Transfer               float64 `toml:"transfer" unit:"share of national budget" range:"[0,1]" doc:"share of all budgets pooled by the center and returned equally per unit of capacity (fiscal equalisation)"`
	Land                   float64 `toml:"land" unit:"capacity units per unit capacity" range:"[0,inf)" doc:"initial industrial land of a region, as capacity it can still host per unit of its initial capacity"`
	LandRefill             float64 `toml:"land_refill" unit:"share of initial land per step" range:"[0,1]" doc:"land made available again each step (conversion, redevelopment)"`
	LandNeed               float64 `toml:"land_need" unit:"share of capacity" range:"[0,inf)" doc:"land measures lose their capacity effect (not their productivity effect) in proportion once a region's free land falls below this share of its capacity (0: land never binds)"`
	StockDecay             float64 `toml:"stock_decay" unit:"share per step" range:"[0,1]" doc:"decay of infrastructure, skills and supplier networks"`
	StockGain              float64 `toml:"stock_gain" unit:"stock per unit of phi" range:"[0,inf)" doc:"how much infrastructure, skills or network a stock-building measure adds per unit of its effect"`
	InitialStock           float64 `toml:"initial_stock" unit:"index" range:"[0,inf)" doc:"mean initial infrastructure and skills of a region (H+I = 2*initial_stock), and the reference of a needed stock's complement sqrt(min(4, stock/initial_stock)) (0: no stock scales any effect, the complement is 1)"`
	PrivateInvestment      float64 `toml:"private_investment" unit:"share of capacity per step" range:"[0,1]" doc:"market-driven investment at full utilisation and price; scaled by utilisation^2 and price, so idle sectors attract none"`
	StageEntry             float64 `toml:"stage_entry" unit:"share of threshold" range:"(0,inf)" doc:"a region-sector is at the entry stage below stage_entry times the sector's mean regional capacity at the start, scaled by the square root of the sector's national growth since"`
	StageMature            float64 `toml:"stage_mature" unit:"share of threshold" range:"(0,inf)" doc:"a region-sector is mature above stage_mature times the same threshold (must exceed stage_entry)"`
	ProvinceWeight         float64 `toml:"province_weight" unit:"share" range:"[0,1]" doc:"weight of the province leader's ability in a city's or county's implementation multiplier (own official: 1 - province_weight; a county takes its province leader's, not its city's)"`
}

// Market is national demand and prices.
type Market struct {
	DemandSlack  float64 `toml:"demand_slack" unit:"share of initial capacity" range:"(-1,inf)" doc:"initial national demand of each sector over its capacity, minus 1 (0.1: demand 10% above capacity); read at set-up only, so events cannot change it" setup:"only"`
	DemandGrowth float64 `toml:"demand_growth" unit:"log growth per year" range:"[-0.5,1]" doc:"mean annual growth of demand, continuously compounded (0.1: 10.5% a year); a sector's own growth is added to it"`
	Eta          float64 `toml:"eta" unit:"elasticity" range:"[0,10]" doc:"price = utilisation^eta: how much idle capacity depresses prices"`
	HotChase     float64 `toml:"hot_chase" unit:"weight multiplier" range:"[0,inf)" doc:"extra weight regions give a hot sector (demand growth at least hot_growth, or a central priority where policy.priorities is on): sector weight times (1 + hot_chase)"`
	HotGrowth    float64 `toml:"hot_growth" unit:"log growth per year" range:"[-1,1]" doc:"a sector whose total scheduled demand growth (market.demand_growth plus its own; shocks aside) is at least this is hot"`
}

// Sector is one industry. The default table has ten.
type Sector struct {
	Name     string  `toml:"name" unit:"" doc:"unique name, used by events and priorities"`
	Growth   float64 `toml:"growth" unit:"log growth per year" range:"[-0.5,1]" doc:"demand growth above or below market.demand_growth"`
	Share    float64 `toml:"share" unit:"share" range:"(0,1]" doc:"share of national capacity at the start (normalised over sectors)"`
	Priority float64 `toml:"priority" unit:"weight" range:"[0,inf)" doc:"central priority weight (1 neutral): the base each plan raises or lowers with last year's demand growth (policy.plan_response) and halves in over-capacity"`
}

// Instrument is one policy tool. The default table has ten.
type Instrument struct {
	Name               string  `toml:"name" doc:"unique name, used by policy.toolbox"`
	Category           string  `toml:"category" enum:"financial,land,infrastructure,human_capital,innovation,network,regulatory,market" doc:"category, used for the financial share, the life-cycle mix metrics and document counts"`
	Cost               float64 `toml:"cost" unit:"relative unit cost" range:"(0,inf)" doc:"cost of one unit of intensity"`
	Entry              float64 `toml:"entry" unit:"effectiveness" range:"[0,inf)" doc:"true effectiveness at the entry stage (hidden from officials)"`
	Growth             float64 `toml:"growth" unit:"effectiveness" range:"[0,inf)" doc:"true effectiveness at the growth stage"`
	Mature             float64 `toml:"mature" unit:"effectiveness" range:"[0,inf)" doc:"true effectiveness at the mature stage"`
	CapShare           float64 `toml:"cap_share" unit:"share" range:"[0,1]" doc:"share of the effect that adds capacity; the rest raises productivity"`
	Lag                int     `toml:"lag" unit:"steps" range:"[0,1464]" doc:"steps before the measure's effect on capacity and productivity arrives (the stock it builds rises at once; the career horizon discounts the whole measure by this lag); at most 4 years of the finest calendar, 366 steps a year"`
	Builds             string  `toml:"builds" enum:",infrastructure,skills,network,land" doc:"stock the measure builds (land: uses up industrial land instead)"`
	Needs              string  `toml:"needs" enum:",infrastructure,skills,network" doc:"stock the measure's effect is scaled by (network: the region-sector's supplier network, which cluster builds; no preset instrument needs it, so by default the network affects nothing)"`
	AddsCapacity       bool    `toml:"adds_capacity" doc:"blocked by coordination caps (capacity-adding measures: subsidy, land, tax incentive, market access)"`
	IgnoresUtilisation bool    `toml:"ignores_utilisation" doc:"adds capacity whatever utilisation says (subsidies)"`
	Conventional       float64 `toml:"conventional" unit:"effectiveness" range:"[0,inf)" doc:"what a new official believes of the instrument at every stage before any evidence (the conventional wisdom)"`
}

// Policy is the division of labour between center and regions: the levers.
type Policy struct {
	Autonomy          float64  `toml:"autonomy" unit:"share" range:"[0,1]" doc:"share of each region's budget it allocates itself; the rest follows the center's uniform portfolio (reform 1)"`
	Toolbox           []string `toml:"toolbox" doc:"instruments the center allows (names from [[instrument]]); left out, what the scenario extends allows, every instrument if nothing narrows it (reform 1)"`
	Alignment         float64  `toml:"alignment" unit:"share" range:"[0,1]" doc:"weight of the center's sector priorities in the allocation: sector weight times (1 - alignment + alignment*priority), in the regions' own choices and in the center's uniform portfolio alike (so it also changes a centralized arm)"`
	PilotShare        float64  `toml:"pilot_share" unit:"share of budget" range:"[0,1]" doc:"budget spent on a pilot: the practice with the highest upper bound mean + pilot_confidence sd of the decision maker's belief among those whose bound beats the national standard by scale_up_threshold and not yet scaled up (reform 2)"`
	PilotCities       float64  `toml:"pilot_cities" unit:"share" range:"[0,1]" doc:"share of cities the center rotates its own pilots over when it runs them (autonomy below 1)"`
	PilotLength       int      `toml:"pilot_length" unit:"steps" range:"[1,inf)" doc:"steps an official's pilot runs before he may choose another (a pilot also ends when its practice is capped or scaled up, and with its official's term)"`
	PilotConfidence   float64  `toml:"pilot_confidence" unit:"standard deviations" range:"[0,inf)" doc:"a pilot tests the practice with the highest belief mean + pilot_confidence sd, if that bound beats the national standard by scale_up_threshold"`
	MetricNoise       float64  `toml:"metric_noise" unit:"sd of a step's result at unit intensity" range:"(0,inf)" doc:"noise of a measured result: a pair's yearly report has sd metric_noise/sqrt(steps_per_year*intensity), intensity its mean per step over the year (reform 2: clear metrics lower it)"`
	PilotClarity      float64  `toml:"pilot_clarity" unit:"factor" range:"[1,inf)" doc:"how much more clearly a pilot is measured than routine policy: its noise sd divided by pilot_clarity, its precision multiplied by pilot_clarity^2"`
	PilotBias         float64  `toml:"pilot_bias" unit:"share" range:"[0,inf)" doc:"extra effort during pilots that inflates their measured results (times 1 + pilot_bias) and is not there at rollout (Wang and Yang 2025; reform 2)"`
	Platform          float64  `toml:"platform" unit:"weight" range:"[0,1]" doc:"weight of pooled region-level evidence in beliefs; new officials start min(1, 2*platform) of the way to it (reform 3)"`
	PlatformCap       float64  `toml:"platform_cap" unit:"factor" range:"[0,inf)" doc:"the most the platform's pooled evidence weighs in an official's belief mean: platform*platform_cap times the precision of his own evidence, however many regions report, so a weak platform stays weak (his belief's precision, which pilots are chosen by, still counts platform times the whole pool)"`
	PoolDecay         float64  `toml:"pool_decay" unit:"share per step" range:"[0,1]" doc:"precision the platform's pooled evidence and the pilot evidence lose each step (old evidence fades)"`
	ScaleUpThreshold  float64  `toml:"scale_up_threshold" unit:"relative gain" range:"[0,inf)" doc:"pooled evidence must beat the national standard by this relative margin to be scaled up (reform 3)"`
	ScaleUpLag        int      `toml:"scale_up_lag" unit:"steps" range:"[1,inf)" doc:"steps the margin must hold before the center scales a practice up (reform 3)"`
	ScaleUpEvidence   float64  `toml:"scale_up_evidence" unit:"1/variance" range:"[0,inf)" doc:"minimum precision of the pooled evidence before a practice can be scaled up"`
	ScaleUpConfidence float64  `toml:"scale_up_confidence" unit:"standard errors" range:"[0,inf)" doc:"the pooled mean less this many standard errors must beat the national standard to count toward a scale-up"`
	Coordination      bool     `toml:"coordination" doc:"center caps capacity-adding measures in over-capacity sectors"`
	OvercapacityCap   float64  `toml:"overcapacity_cap" unit:"share" range:"[0,inf)" doc:"a sector is capped while national capacity exceeds (1 + overcapacity_cap) times demand; also, with or without coordination, a plan halves the priority of a sector this far over capacity (with policy.priorities on; off, every priority is 1)"`
	CapRule           string   `toml:"cap_rule" enum:"region,sector" doc:"region: in a capped sector only regions above their share of national capacity are capped, and entry-stage region-sectors never are; sector: every region is capped"`
	CapRealloc        bool     `toml:"cap_realloc" doc:"budget blocked by caps is re-spent on other pairs (otherwise it is saved)"`
	PriceSight        float64  `toml:"price_sight" unit:"share" range:"[0,1]" doc:"how much of the price fall of over-capacity regions see when they choose sectors"`
	Imitation         float64  `toml:"imitation" unit:"probability" range:"[0,1]" doc:"probability that a newly appointed official follows (kept when he moves): at each review he copies the own shares of the tailor among his peers (cities or counties of his province; provinces: the other provinces) with the best last-year growth (none: he decides himself)"`
	CareerConcern     float64  `toml:"career_concern" unit:"weight" range:"[0,inf)" doc:"how much officials discount measures that pay after their next evaluation (times the promotion rule's incentive)"`
	ProvincePull      float64  `toml:"province_pull" unit:"share" range:"[0,1]" doc:"weight with which cities and counties take their province leader's sector preferences (a county its province's, not its city's)"`
	PromotionBasis    string   `toml:"promotion_basis" enum:"results,reports,seniority" doc:"what promotion rewards: growth relative to expectations (incentive 1), documents issued (0.3) or age (0) (reform 4)"`
	Mobility          float64  `toml:"mobility" unit:"probability" range:"[0,1]" doc:"probability that an outgoing official who is not promoted may move sideways: a vacancy of his level left after promotions goes to one of those drawn (never to his own post); the others leave (reform 4)"`
	EffortGain        float64  `toml:"effort_gain" unit:"share" range:"[0,inf)" doc:"implementation effort is 1 + effort_gain*incentive*career time left (reform 4; show comparisons with 0 too)"`
	ReviewInterval    int      `toml:"review_interval" unit:"steps" range:"[1,inf)" doc:"steps between a region's portfolio decisions (reform 5)"`
	CenterReview      int      `toml:"center_review" unit:"steps" range:"[1,inf)" doc:"steps between revisions of the center's uniform portfolio (reform 5)"`
	PlanCycle         int      `toml:"plan_cycle" unit:"years" range:"[1,inf)" doc:"years between central plans that set sector priorities (reform 5)"`
	PlanResponse      float64  `toml:"plan_response" unit:"priority per unit of growth" range:"[0,inf)" doc:"at each plan, a sector's priority is its scheduled priority times 1 + plan_response*(its demand growth last year minus the mean), kept within [0.5, 1.5] of it, and halved if at the plan its utilisation is below 1/(1 + overcapacity_cap) (0: no response to growth)"`
	Priorities        bool     `toml:"priorities" doc:"the center sets sector priorities (off: all sectors weigh 1, as under laissez-faire)"`
}

// Officials are the leaders of regions: careers, ability and learning.
type Officials struct {
	AbilitySD       float64 `toml:"ability_sd" unit:"sd" range:"[0,inf)" doc:"sd of ability a ~ N(1, ability_sd), floored at 0.1"`
	TermMean        float64 `toml:"term_mean" unit:"years" range:"(0,inf)" doc:"mean term length (gamma distributed with shape term_shape, rounded to whole steps, at least one)"`
	TermShape       float64 `toml:"term_shape" unit:"shape" range:"(0,inf)" doc:"shape of the drawn term lengths' gamma distribution: at the defaults (2.5, a 4-year mean) ~6% of drawn lengths are a year or less, ~8% of terms once rounded to whole steps, and ~10% of measured spells (fact F3b: drawn terms rounded to whole steps (quarters by default), cut short at the retirement age, and counted when complete)"`
	AgeMin          float64 `toml:"age_min" unit:"years" range:"[18,100]" doc:"youngest age of a newly appointed official"`
	AgeMax          float64 `toml:"age_max" unit:"years" range:"[18,100]" doc:"oldest age of a newly appointed official (at least age_min, below retire_age)"`
	RetireAge       float64 `toml:"retire_age" unit:"years" range:"[18,100]" doc:"officials retire at this age, ending their term"`
	PromoteShare    float64 `toml:"promote_share" unit:"share" range:"[0,1]" doc:"only officials in this top share of the evaluation among peers at their level can be promoted: at least 1 - promote_share of the level's other officials must score below an outgoing official's noisy score (a tie counts as half below; 0: nobody)"`
	EvalNoise       float64 `toml:"eval_noise" unit:"sd" range:"[0,inf)" doc:"sd of the noise added to an outgoing official's score, relative to the spread of his level's scores (his peers' scores, which he is ranked against, have none)"`
	TrendWeight     float64 `toml:"trend_weight" unit:"share per step" range:"(0,1]" doc:"weight of the latest step in a region's expected growth (exponentially weighted), the yardstick of results"`
	PriorPrecision  float64 `toml:"prior_precision" unit:"1/variance" range:"(0,inf)" doc:"precision of a new official's conventional beliefs"`
	FitPrecision    float64 `toml:"fit_precision" unit:"1/variance" range:"(0,inf)" doc:"precision of a region's initial belief that its fit is 1; read at set-up only, so events cannot change it" setup:"only"`
	LocalKnowledge  float64 `toml:"local_knowledge" unit:"1/variance" range:"[0,inf)" doc:"precision of the private signal of its own fit a region starts with (local knowledge the center does not have; 0: none); read at set-up only, so events cannot change it" setup:"only"`
	PreferenceGain  float64 `toml:"preference_gain" unit:"weight" range:"[0,inf)" doc:"extra weight a mover gives the sectors that did best at his last post (Lin et al. 2024)"`
	PreferenceDecay float64 `toml:"preference_decay" unit:"share per step" range:"[0,1]" doc:"how fast a mover's carried sector preferences fade"`
	ScaleUpPull     float64 `toml:"scale_up_pull" unit:"share" range:"[0,1]" doc:"how far the belief of every official in office moves to a practice the center scales up (officials appointed later start from it, the new national standard, whatever this is)"`
	EpsBelief       float64 `toml:"eps_belief" unit:"effectiveness" range:"(0,inf)" doc:"floor on believed effectiveness in the allocation, so no instrument is ruled out forever"`
}

// Documents are the calibrated rates at which levels issue policy
// documents. Shares by level are calibration targets, not emergent.
type Documents struct {
	MinShare        float64 `toml:"min_share" unit:"share of budget" range:"[0,1]" doc:"a pair whose share of a region's own budget (or of the center's portfolio) reaches this from below is a new measure (measure_rate documents; county_measure in a county, center_measure at the center)"`
	ChangeThreshold float64 `toml:"change_threshold" unit:"relative change" range:"[0,inf)" doc:"a pair whose share of the budget moved by more than this fraction of its old share, and is still at least min_share, is a changed measure (documents as for a new one)"`
	MeasureRate     float64 `toml:"measure_rate" unit:"documents per measure" range:"[0,inf)" doc:"documents a province or city issues per new or changed measure"`
	CountyMeasure   float64 `toml:"county_measure" unit:"documents per measure" range:"[0,inf)" doc:"documents a county issues per new or changed measure of its own (counties mostly implement, so their own measures are documented less)"`
	ProvinceEcho    float64 `toml:"province_echo" unit:"documents per document" range:"[0,inf)" doc:"implementing documents a province issues per central document"`
	CityEcho        float64 `toml:"city_echo" unit:"documents per document" range:"[0,inf)" doc:"implementing documents a city issues per document of its province"`
	CountyEcho      float64 `toml:"county_echo" unit:"documents per document" range:"[0,inf)" doc:"implementing documents a county issues per document of its city"`
	EchoLag         int     `toml:"echo_lag" unit:"steps" range:"[0,732]" doc:"steps between a document and its echo one level down; at most 2 years of the finest calendar, 366 steps a year"`
	Framework       float64 `toml:"framework" unit:"documents" range:"[0,inf)" doc:"central framework documents per priority sector per plan"`
	Regulatory      float64 `toml:"regulatory" unit:"documents per capped sector per step" range:"[0,inf)" doc:"central regulatory documents per capped sector per step (category coordination in documents.csv)"`
	ScaleUp         float64 `toml:"scale_up" unit:"documents" range:"[0,inf)" doc:"central documents per scaled-up practice"`
	CenterMeasure   float64 `toml:"center_measure" unit:"documents per measure" range:"[0,inf)" doc:"central documents per new or changed pair of the uniform portfolio"`
	ReportsBoost    float64 `toml:"reports_boost" unit:"share" range:"[0,inf)" doc:"when promotion rewards reports, measure documents of provinces, cities and counties are multiplied by 1 + reports_boost (echoes and the center's are not)"`
}
