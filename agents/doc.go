// Package agents is the model of ipsim: a center, its provinces, cities and
// counties, the officials who lead them, and the industrial economy they
// act on. It implements the design of docs/MODEL.md (cited as MODEL.md)
// and is stepped by package sim. This comment describes the model in ODD
// order (purpose, entities, process, design concepts, initialisation,
// input, submodels); every parameter named here is a field of Params with
// its default in DefaultParams and its unit and range in its struct tag
// (and in scenarios/README.md). docs/modelling.md says how to change it.
//
// # Use from Go
//
// Simulate runs one arm for one seed and returns what it recorded: the
// metric table (columns as MetricInfo describes them, in steps.csv
// order), events, documents and, with Options.Panel, the per-region and
// per-sector panel. Take Params from DefaultParams or from a scenario
// (package scenarios: an Arm's Params and Events, the Scenario's
// Settings) and Clone them before changing a table. For observers of your
// own, New builds the world and sim.Run steps it, once (a Model runs its
// steps once, in order; New builds another): a sim.Recorder or
// sim.Summarizer over Columns, or a sim.ObserverFunc reading StepEvents
// and StepDocuments after each step; the model's other state is not
// exported. Such a run does not stop where growth overflows float64, as
// Simulate does: check Model.Overflowed after it. ipsim run gives replication i of every arm the seed
// sim.Seed(run.seed, i) (sim.Plan and sim.Replicate lay the runs out as
// it does). The figures this comment quotes with "seeds 1-6" and the
// like were measured with those seeds passed to New or Simulate, not with
// ipsim run's replication seeds: with ipsim run the same protocol draws
// other worlds, and a figure whose interval is wide can come out
// differently (at heterogeneity 0.5 the national-signal passage's +2.5%
// is -3.3% on ipsim run's first six seeds).
//
// A Model is not safe for concurrent use: step each on one goroutine.
// Separate runs share nothing: New and Simulate never modify their Params
// or Events, so concurrent runs may share them, and a run's results
// depend only on its Params, Events, Settings and seed, not on which
// goroutine or how many ran it.
//
// # Purpose
//
// To compare ways of splitting the work of industrial policy between a
// center and its regions: China's "coordinated autonomy" (the center sets
// direction, regions choose instruments, pilot, adjust and are promoted on
// results), a centralized planner, laissez-faire decentralization, and
// reforms that move a centralized country step by step. Arms are compared
// on common random numbers, so a difference between arms is policy, never
// luck; no regime may win by an assumption that decides the answer.
//
// # Entities and state
//
// Time: a step is a quarter (settings.StepsPerYear = 4), 92 steps from
// 2000. Sectors s (default 10, with demand growth, initial share and
// central priority), instruments k (default 10: subsidy, tax_incentive,
// land, infrastructure, training, rd_support, cluster,
// standards_procurement, market_access, export_promotion; each with a
// category, unit cost c_k, true effectiveness e[k][stage] at the entry,
// growth and mature stage, a capacity share cap_share_k, a lag in steps,
// the stock it builds and the stock it needs; at most 64, as the model
// keeps sets of instruments in bits).
//
// Regions r form a tree: P provinces, C cities per province, Q counties
// per city (world.provinces, cities_per_province, counties_per_city).
// Every region has its own economy, budget B_r, infrastructure I_r,
// skills H_r, industrial land L_r and official. Per region-sector: capacity
// K, productivity A, stage (entry below world.stage_entry and mature above
// world.stage_mature times the sector's mean capacity over all regions at
// the start, times sqrt(sum_r K_rs(t) / sum_r K_rs(0)); the defaults 0.5
// and 2.0 differ from MODEL.md's example, 0.8 and 2.5, and were set with
// the first complete model without a recorded reason; with counties, which are
// small and many, that mean falls, so about half the counties start at the
// entry stage and about 40% of city and province sectors mature (12% of
// city sectors without counties; at set-up, 31 x 10 x 8 and 31 x 10,
// seeds 1-3); a stage then also reflects a region's
// level, a limitation left as it is), hidden comparative advantage fit, supplier
// network N, and the region's belief about its fit (mean, precision:
// institutional memory that stays when officials leave). N is built by
// cluster but scales only an instrument with needs = "network" (its
// complement, in the region's effects and decisions; the center's
// portfolio uses the national mean of I and H for every needed stock), and
// no instrument of any preset has one, as none has in MODEL.md's table: by
// default N affects nothing, and cluster pays only through its own
// effect. A user's instrument with needs = "network" makes it count. Per
// region and pair (s, k): the region's own budget shares and this step's
// spending.
//
// Officials (one per region): ability a ~ N(1, officials.ability_sd), age,
// term, follower or tailor (drawn with probability policy.imitation when
// he is appointed, and kept when he moves: an event changing imitation
// changes new appointments only), beliefs about each e[k][g]
// (own evidence: the repertoire, which moves with him), carried sector
// preferences. The center: sector priorities, coordination caps, its own
// evidence (national aggregates), the platform's pooled evidence, pilot
// evidence, the national standard (what was scaled up) and, below full
// autonomy, the uniform portfolio it imposes.
//
// All state is in flat slices indexed by region, sector, instrument and
// stage; a step allocates nothing (BenchmarkStep).
//
// # Process and scheduling
//
// Each step runs, in order (Model.Step): scenario events; the center plans
// (priorities at plan boundaries every policy.plan_cycle years, caps every
// step, the uniform portfolio every policy.center_review steps); regions
// decide (each every policy.review_interval steps, staggered); the economy
// moves (spending, effects queued by lag, capacity, productivity, demand,
// markets, stages, value added, stocks, budgets); learning (pools decay,
// yearly measurement, scale-ups);
// documents (echoes and the step's totals, credited to the officials who
// issued them); careers (ageing, carried preferences fade, last-year and
// expected growth, terms end, promotion, moves, appointments, and the
// implementation multiplier of the officials now in office); then two
// records that change nothing (trackMovers, fact D3's statistics, and
// adoptionShares, at a year's end the adoption events of scaled-up
// practices).
// Documents come before careers, a departure from MODEL.md's order: a
// successor's term starts at t+1, so step t's documents must be counted
// while their authors are in office (promotion on reports). Scenario
// events come first, not last as in MODEL.md's list (its item 7), a
// second departure from its order: an event dated to a step governs that
// step, so a regime switch is the center's and the regions' regime from
// the step it is dated to (see Input). Updates
// within a phase are simultaneous or in region order (vacancies: in an
// order drawn each step, where region order decided); no map is ranged
// over inside a step. Recorders read the state after the step. Demand is
// advanced before the market clears (economyMoves calls updateDemand(t+1)
// before updateMarket and valueAdded): step t's utilisation, prices and
// value added, hence its budgets, its recorded metrics and the next
// step's caps, plans and seen prices, are computed on the capacity after
// step t's deliveries against D(t+1), the demand at the step's end, and a
// demand shock of an event at step t counts in step t's market (but not
// in step t's caps or in a plan at step t, which run before the economy
// and compare with D(t), the demand before it). The convention is the
// same in every arm.
//
// # Design concepts
//
// Emergence: value added, overcapacity, instrument mixes by stage (fact
// B1, in part: the instruments' effectiveness by stage was set from the
// same source, and most of the shift comes from the coordination caps,
// which never block entry-stage region-sectors: without coordination the
// china preset's money and land share is higher at maturity), pilots
// never scaled up (E2), hot sectors' utilisation troughs (H1, though
// not from the chase: without coordination they are nearly as deep at
// market.hot_chase 0, and deeper at autonomy 0) and followers' lag
// (D1) emerge; carried policies (D3) emerge without a platform, and with
// one only weakly, since its pooled evidence weighs in every official's
// decisions (on the china preset the similarity gain, mover_mix_gain,
// is about 0.003, about 0.04 with policy.platform = 0; seed 1, as the
// README's validation notes measure it): D3's sign there is calibrated by
// policy.platform_cap (it fails at 50, and with the pool's weight
// uncapped, 1e300, the model before the cap); the
// document shares by level and the financial share are calibrated, and so
// are the time from a first pilot to its scale-up (E5a, by
// policy.scale_up_lag) and city leaders' tenure (F3, by
// officials.term_mean and term_shape)
// (see the README). Adaptation: officials allocate by
// water-filling on their beliefs. Learning: Bayesian updating from noisy
// results. Sensing: officials see prices only in part (policy.price_sight)
// and their fit only through results and an initial private signal
// (officials.local_knowledge); the center sees national aggregates, pilots
// and, on a platform, region-level results. Interaction: through national
// markets (prices), imitation, the platform, moves and promotions, and
// the province leader's ability and preferences in his cities and
// counties.
// Stochasticity: the world is drawn from one PCG stream per run; every
// later draw (measurement noise, evaluation noise, terms, abilities,
// mobility) is a counter-based draw keyed by (seed, purpose, coordinates),
// so arms sharing a seed share every draw they both make. Those later
// normal draws come from a 4096-bin quantile table (truncated at about
// 3.67 sd), and term lengths invert the Wilson-Hilferty approximation of
// the gamma distribution. Observation:
// Columns and the event, document and panel recorders of Simulate:
// overcapacity per sector is in the panel's SectorRow (the metrics give
// its capacity-weighted mean and the worst sector's), and how regions
// first adopted each practice in the origin_*_share metrics (own
// decisions, pilots, the center, the platform, a scale-up, an arriving
// official, imitation). MODEL.md does not say how an adoption with
// several possible origins counts; each counts once, for the first of
// these that applies (recordAdoptions): the region's new pilot of the
// practice, a follower's copy, an official who arrived by promotion or
// move within a review interval (MODEL.md's arriving official: a new
// appointee, who starts from the national standard, is none), a
// scale-up of the practice within a review interval, the platform (the
// pooled evidence outweighs the official's own), else his own decision;
// a practice the center's portfolio funds there before the region's own
// decisions do is the center's. A
// metric that is a share of nothing (no pilots, no spending, no movers,
// no documents yet), or otherwise undefined (no hot sector; fit alike
// everywhere; one instrument), is NaN, not 0 or 1, so summaries and
// paired differences leave it out instead of comparing an absence with a
// measurement; so is an event's number where it has none. Documents are
// counted for every year, level of the world and category, zeros
// included. MODEL.md §4's instrument mix of spending is recorded only as
// shares of kinds: financial_share, the money-and-land and knowledge
// shares of entry-stage and mature spending, and, in the panel, each
// region's financial share and top instrument; the spending on each
// instrument, which the model sums every step (spendShape), is not
// output (not implemented, without a recorded reason). The learning metrics (learning_error, center_learning_error,
// diffusion, diversity) are computed over each arm's own toolbox, so arms
// with different toolboxes (centralized_money against the others) are not
// compared on the same set of practices; and at autonomy 0
// learning_error and diffusion score officials who do not decide (their
// beliefs still learn from the central portfolio's results). fit_alignment
// departs from MODEL.md's "correlation of spending shares with true fit":
// it correlates a region's spending intensity on a sector (per unit of
// capacity, as a share of the region's summed intensities) less that
// share's mean over regions with the true fit, so that a uniform central
// portfolio scores 0 and only spending that follows local knowledge
// scores above it (mFitAlignment). diversity reads MODEL.md's "strategy
// diversity (entropy)" as diversity between regions: the entropy of the
// regions' mean instrument mix less the mean entropy of their mixes,
// over log of the toolbox's size (mDiversity), so regions that all
// spend alike score 0 however broad their common mix, and the entropy
// of a mix itself, how many instruments a region spreads its money
// over, is not reported (a choice without a recorded reason).
//
// # Initialisation
//
// Region sizes are lognormal (world.size_dispersion; counties
// world.county_size of a city). K_rs = size_r * share_s * lognormal(world.capacity_dispersion);
// A_rs = world.initial_productivity * lognormal(productivity_dispersion),
// below 0.95 of the frontier (1 at the start). Fit is
// exp(sigma_h z - sigma_h^2/2) with sigma_h = world.heterogeneity,
// normalised to mean 1 across each region's sectors: comparative
// advantage. This is a departure from MODEL.md, whose fit has mean 1 only
// in expectation: a result identifies only effectiveness times fit, and
// without the normalisation (of fit, and of fit beliefs after each
// update, see Learning) an error in beliefs about effectiveness leaked
// into every fit belief of a region and back. A region's fit belief
// starts at 1 with precision officials.fit_precision, updated with one
// private signal of precision officials.local_knowledge. The private
// signal is a departure too (MODEL.md's fit is learnt only through
// results): without it regions could not learn their fit at the
// calibrated measurement noise, so autonomy had no information edge;
// local_knowledge makes that edge an explicit parameter, and 0 switches
// it off (the README's findings show autonomy's gain does not hinge on
// it). Infrastructure and skills start at world.initial_stock times
// lognormal(0.3), every supplier network at world.initial_stock, land at
// world.land times initial capacity. Demand starts at
// (1 + market.demand_slack) times national capacity and then grows by
// exp(g_s / steps_per_year) a step, g_s = market.demand_growth + the
// sector's growth (continuous rates: 0.1 is 10.5% a year), times the
// product of the sector's shocks (each 1 + demand, for good). Budgets
// start from the initial value added; a region's expected growth (the
// yardstick of results) starts at market.demand_growth. Officials start
// part-way through a term (drawn as an appointee's, age included, with a
// uniform part of the term served before step 0: their tenure counts it,
// their evaluation starts at step 0); their beliefs start at the instruments'
// conventional values with precision officials.prior_precision, and so do
// the center's. The center then makes its first plan (the one step 0
// repeats, on the same state, with its documents), its caps, portfolio
// and pilots, and every region decides on them, followers after those
// they may copy. The set-up's documents are not counted (beginDocs clears
// them at step 0): the initial portfolio and decisions issue no measure
// documents, and step 0's reviews count only what they change; its
// pilots are counted, and recorded, in step 0.
//
// # Input
//
// Scenario files (package scenarios) set every parameter, per arm, and
// events: from a year, new parameters (a regime switch, new priorities)
// and demand shocks (Event). New parameters take effect in the event's
// step: the center reviews its portfolio and every region decides then
// (optimisers before followers, so followers copy new portfolios), pilots
// of instruments the toolbox no longer allows end, the plan's adjustment
// of priorities carries over to the new base priorities (a switch that
// turns policy.priorities on has none to carry: the center plans in the
// switch's step, as at set-up, and issues the plan's framework
// documents), implementation effort follows the new effort_gain and
// promotion rule in that step, and a new review_interval gets new review
// offsets. The events of one step switch once, to the last one's
// parameters. An event that changes nothing in an arm (arms share
// events unless an event names its arms), including keys the arm's
// regime does not read before or after it (sector priorities, alignment, plan_cycle and plan_response without
// priorities; at autonomy 0 review_interval, pilot_length, price_sight,
// career_concern, province_pull, hot_chase and hot_growth, which then
// sets only the hot sectors the metrics read; without pilots
// (pilot_share 0) pilot_cities, pilot_length and pilot_confidence;
// center_review and pilot_cities at autonomy 1; platform_cap without a
// platform; cap_rule and cap_realloc without coordination, and
// overcapacity_cap without coordination or priorities; career_concern and
// effort_gain under promotion on seniority), a toolbox of the arm's
// instruments in another order, or listing every one where the arm
// leaves it out (a set: its order is no choice), or events of one step
// that together change nothing (one sets a key, the next sets it back),
// are no switch there, and a change only of document rates and of keys
// no decision reads (careers: the officials' appointment, term, age,
// evaluation, promote_share, preference and scale_up_pull keys and
// policy.mobility and imitation, drawn at appointments only;
// learning: metric_noise, pilot_clarity, pilot_bias, pool_decay,
// scale_up_lag, scale_up_evidence, scale_up_confidence,
// scale_up_threshold where neither runs pilots, and platform_cap at
// autonomy 0, where no official decides and only his learning of fit
// reads his capped belief; the economy: cap_realloc, read by the step's
// spending alone, and where neither runs pilots coordination, cap_rule
// and overcapacity_cap, read by the caps set every step (and a plan at
// its boundary), which only pilots avoid; effort_gain, and
// promotion_basis at autonomy 0 or where career_concern is 0 in both
// (no decision weighs careers: effort, documents and careers read it),
// whose effort changes in that step) only sets them, read where they
// are read: neither
// makes the center review or the regions decide out of turn (an
// out-of-turn review for eval_noise changed by 1e-7 moved final value
// added by up to 0.5%). The parameters of events at
// step 0 are the run's from its set-up (New): such a run is the one that
// starts with them, officials, review offsets and first decisions
// included, not a switch in its first step (the events are still
// recorded at step 0). New refuses an event that changes what the model
// reads only at set-up: the world, a sector's name or share, the
// instrument table, and the parameters tagged setup:"only"
// (market.demand_slack, officials.fit_precision and local_knowledge).
//
// # Submodels
//
// Center plans (center.go). At a plan, priority_s = base priority times
// clamp(1 + plan_response (g_s - mean g), 0.5, 1.5), halved for sectors below
// 1/(1+policy.overcapacity_cap) utilisation, with g_s the sector's demand
// log growth over the last year (at the first plan, its scheduled growth);
// documents.framework documents per sector whose
// priority is then above 1. The response to demand growth and the halving
// are additions to MODEL.md, whose priorities follow the scenario's
// schedule; present since the first complete model, with no reason
// recorded beyond center.go's "a center that plans rarely keeps pushing
// sectors that have since filled up" (without them every plan would
// restore the base priorities, and plan_cycle would change only the count
// of framework documents). MODEL.md revises priorities also "from what
// has been scaled up"; that is not implemented (a departure without a
// recorded reason: a parameter doc promised it until aa4a87c, which
// removed the promise because no code did it; a scale-up is of a
// practice, an instrument at a stage, and names no sector). A
// sector is capped while sum_r K_rs > (1 + overcapacity_cap) D_s
// (policy.coordination). Under policy.cap_rule = "region" only regions
// whose share of the sector's national capacity exceeds their share of
// national capacity in all sectors (K_rs / sum_r K_rs > sum_s K_rs /
// sum_rs K_rs, both from the last step's end) are capped, and
// entry-stage region-sectors never: a sector-wide cap blocked exactly the
// entry-stage money and land and reversed B1 in the prototype. Capped
// region-sectors get no capacity-adding measures (adds_capacity), the
// running ones and the center's pilot included, not only new ones; the
// blocked budget is re-spent pro rata (policy.cap_realloc: the own part's
// on the region's free own pairs, the center's on its free pairs, and a
// part with no free pair left on the other part's) or saved, and reported
// (cap_reallocated). Below full autonomy the center solves the
// regions' allocation problem on national aggregates (national capacity,
// the average region's stage, its beliefs, fit 1, no career horizon, the
// full price: price_sight is the regions'; sector weight price *
// ((1 - alignment) + alignment*priority), the regions' alignment term
// without their hot-sector chase or preferences, so policy.alignment moves
// the centralized arm too; the full price and the missing chase are a
// departure from "the regions' allocation problem": partial price sight
// and the chase model regional behaviour a planner on national aggregates
// does not share, and the validation shows each is worth little of
// autonomy's gain, P1i-j; its budget is the sum of the regions' central
// parts less what its pilots take, pilot_share of the part of each city
// it pilots in: the pilots are chosen first, so a review that finds no
// practice worth a pilot reserves nothing) and every region spends its
// 1 - autonomy part (less its pilot) on the portfolio's pairs in
// proportion to their intensities times its own capacity in the sector,
// so the whole part is spent whatever the region's budget per unit of
// capacity. Applying the intensities, not the money
// shares, per unit of capacity is a departure from MODEL.md: applying one
// share vector to regions of different sector mixes made centralization
// lose by construction even when regions are alike. The average region's
// stage is judged against thresholds that grow with the square root of
// national capacity (updateStages), so for the center it follows national
// capacity's growth alone: a sector stays at the growth stage until
// national capacity has moved by a factor of stage_mature^2 or
// stage_entry^2, while regions' own stages spread (a limitation of the
// planner's national view, kept because it is the design's: one national
// aggregate). The center pilots, with pilot_share of its part, in a
// rotating policy.pilot_cities share of cities (rounded up; of provinces
// in a world without cities; the rotation walks the cities in order from
// one drawn for the run), choosing each pilot as the regions do
// (below) on its own beliefs; its pilots are chosen at its portfolio
// reviews and run until the next one (center_review steps, not
// pilot_length), when the rotation moves on.
//
// Regions decide (decide.go). An official maximises
// sum_p K_p w_p log(1 + x_p/(K_p c_k x0)) subject to sum_p x_p = B, B the
// own part (autonomy times the region's budget) less the pilot's share,
// solved exactly by water-filling on intensity (waterfill), with
// w = sector_weight * fit_belief * complement_k * max(e_belief, eps) *
// horizon_k, sector_weight = price^price_sight * (1 + hot_chase*hot) *
// ((1 - alignment) + alignment*priority) * max(0.1, 1 + preference) (a
// departure: MODEL.md's hot term is 1 + hot*(g_s - g_mean); a flat
// multiplier for hot sectors, fast-growing or central priorities (a
// scheduled priority above 1, whatever a plan has made of it: a sector a
// plan halved for over-capacity stays hot; the
// latter only with policy.priorities: laissez-faire's regions chase the
// fast-growing ones alone; the hot_utilisation metrics read both kinds in
// every arm, so that arms compare the same sectors), was simpler to
// calibrate to H1, and priority sectors get both it and the alignment
// weight), and
// horizon_k = max(0, 1 - cc + cc max(0.05, 1 - lag_k/term_left)),
// term_left the steps from the decision to his drawn term's end (at least
// one; not cut short where retire_age will end the term sooner),
// cc = career_concern * incentive (results 1, reports 0.3, seniority 0):
// with cc at least 1/0.95 (about 1.053), an official deciding in his
// term's last step sees no lagged measure pay, and where every instrument
// of the toolbox is lagged he spends none of the allocation's part (only
// his pilot; the defaults' subsidy, tax incentive and land have no lag);
// no cap blocked that part, so cap_realloc does not re-spend it (it
// re-spends only what a cap blocked of what the shares fund).
// A budget below about
// 1e-4 x0 sum_p K_p c_k (prices collapsed) is solved in a form that
// keeps its precision (waterfillSmall).
// e_belief combines his own evidence (mean m, precision q) with the
// platform's pooled evidence, routine reports and pilots alike (mean M,
// precision P summed over every region), at weight platform: its mean is
// (q m + u M) / (q + u) with u = min(platform P, platform platform_cap q),
// its precision q + platform P (without a platform, his own evidence,
// which scale-ups move). The pooled mean's share of his belief is thus at
// most platform platform_cap / (1 + platform platform_cap): 5/6 at
// platform 0.5, 1/6 at 0.02 (at platform_cap 0 he ignores the pool's
// mean, yet its precision still narrows his pilots' bounds). The cap
// (platform_cap, default 10) keeps a weak
// platform weak however many regions report: weighed with the whole
// pool's precision, platform 0.02 in a China-size world gave the pool
// about seven regions' evidence, beliefs converged as fast as at 0.5
// (MODEL.md's learnt trap) and what movers carry left no trace (fact D3
// failed). The precision still counts the whole weighted pool: how much
// the nation knows of a practice, which is what pilots are chosen by (a
// departure from MODEL.md, which weighs the pool by platform alone;
// in a prototype, capping the precision too made pilots chase long shots,
// E2 74%). While
// the cap does not bind, the pool holds his own reports too, so each of
// his reports of an effectiveness year counts 1 + platform times in his
// belief (of a fit year, platform times). A pilot_share of the
// budget funds a pilot (with no practice to pilot, the whole own part
// goes to the allocation): the
// practice (instrument, stage) with the highest upper bound
// mean + pilot_confidence sd whose bound beats the national standard by
// scale_up_threshold and that is not national policy yet, in the region's
// largest sector at that stage (never a capped pair). It is reviewed at
// his decisions: kept while it has run fewer than policy.pilot_length
// steps (so it ends at his first review from then on), its practice is
// neither capped nor scaled up and its instrument still allowed, but not
// past his term: his successor, who keeps the predecessor's shares (pilot
// included) until his own first review, chooses his own then (a
// departure from MODEL.md's "pairs the official is least sure of":
// pilots test promising, unproven practices,
// those a scale-up could follow, rather than merely the least known).
// Followers copy the own shares of the best tailor among their peers
// (its pilot's share too, which the follower funds as a routine measure,
// measured as one: a follower runs no pilot), by last-year growth (0 for
// every region at set-up and in step 0, then, until a year has passed,
// growth since the start; exact ties, as at set-up, go to a drawn peer,
// not the lowest-numbered): the other cities of their province, the
// counties of their province, or, for a province, the other provinces; with no tailor
// among them a follower decides as a tailor. That only tailors are copied
// narrows MODEL.md's "best-performing peer" (so no follower copies a copy),
// without a recorded reason.
//
// Economy moves (economy.go). With phi = gamma log(1 + x/(K c x0)) (the
// unit cost c inside the log, as in the allocation problem officials
// solve; MODEL.md's economy writes gamma log(1 + x/(K x0)), a difference
// without a recorded reason),
// capacity grows by sum_k cap_share_k phi e fit complement impl price
// (subsidies ignore the price) after the instrument's lag (the effect is
// computed when the money is spent, with the capacity, price, stage and
// implementation in force then, those of the last step's end (in a
// switch's step, the new regime's implementation), and queued), under
// the absorptive ceiling world.absorb * (0.5 + 0.5 min(2, H + I)) of the
// region's capacity at delivery (before the step's deliveries), the
// effects due scaled down in proportion, plus private investment world.private_investment * u^2 *
// price (last step's; outside the ceiling, which bounds policy-driven
// growth),
// minus depreciation. Private investment is an addition to MODEL.md's
// capacity equation, present since the first complete model without a
// recorded reason: market-driven investment that goes where utilisation
// and prices are high and stops in idle sectors. The complement of a
// needed stock is sqrt(min(4, stock / world.initial_stock)), 1 at
// initial_stock 0. Productivity grows by
// sum_k (1 - cap_share_k) phi e fit complement impl max(0, 1 - A/F) toward
// a frontier F growing world.frontier_growth a year, never above it (at
// step t's deliveries F = exp(frontier_growth (t+1) / steps_per_year),
// the step's end, as for demand; 1 at the start). impl
// mixes the official's and the province leader's ability
// (world.province_weight; in cities and counties alike, a county's
// province leader, not its city's) times effort
// 1 + effort_gain * incentive * career time left, the time left being
// min(1, (retire_age - age) / (retire_age - age_min)), at least 0.
// Utilisation u_s = min(1, D_s/sum_r K_rs), price u^eta, value added
// Y = A K u price. A region's land starts at world.land times its initial
// capacity; a land measure's capacity effect uses up as much land when
// the money is spent (before the ceiling scales the effect), and is
// scaled by L_r / (world.land_need * sum_s K_rs) once free land falls
// below that need (L_r and K_rs at the step's start: one factor for all
// of the region's land measures of the step); free land never falls
// below 0: where a step's land measures would use more than is left
// (with land_need 0, which never binds, or below their capacity effect
// per step: a region's land measures of a step add at most 0.036 of its
// capacity in the default world, below the default land_need 0.05, but
// up to 0.061 in the china preset's counties, where a step could run
// short, though none did; the default preset's three arms, seeds 1-5,
// and the china preset, seeds 1-2, 92 steps) they
// use what is left and keep their whole effect. Land refills by
// world.land_refill of its initial stock a step, up to twice the initial
// stock, after the step's use. Stocks decay by
// world.stock_decay a step; budgets are tax_rate * Y with
// a transfer share pooled and returned per unit of capacity (a budget is
// the step's: money not spent, as blocked money without cap_realloc, is
// not carried over).
// Stock-building measures (infrastructure builds I_r, training H_r,
// cluster N_rs) add stock_gain times their effect phi e fit complement
// impl (divided by the number of sectors for I_r and H_r) in the step the
// money is spent, not after the lag: the new
// stock raises the absorptive ceiling in that step and the complements
// from the next. This is a departure from MODEL.md, whose lagged
// instruments build I, H, N "that pay later", and a simplification: the
// stocks count at once, while the career horizon still discounts these
// instruments for their full lag (only their capacity and productivity
// effects wait for it). What career concerns do to the autonomous arms
// (the short-termism MODEL.md attributes to autonomy; compare the
// validation's P1a-c with P1e-g) therefore partly rests on this timing.
//
// Learning (learn.go). Once a year every funded pair yields a measured
// result of e * fit (the complement, implementation and price, which the
// official knows, are not in it: MODEL.md's "divides out") with noise sd
// metric_noise / sqrt(steps_per_year * intensity), intensity being the
// pair's mean spending per step over the year over K c x0, K its capacity
// at the year's end: a year's report, a departure from
// MODEL.md's quarterly signals of sd metric_noise / sqrt(intensity). Its
// precision, steps_per_year * intensity / metric_noise^2, is that of the
// year's quarterly signals at their mean intensity, so a year brings the
// same evidence; what the yearly report changes is one noise draw per pair
// and year instead of steps_per_year (for speed), beliefs that move once a
// year instead of every step, and a result attributed to the stage and
// pilot status the pair has at the year's end. Pilots are measured with
// their precision multiplied by pilot_clarity^2 (noise sd divided by
// pilot_clarity) but inflated by pilot_bias (the result times
// 1 + pilot_bias; Wang and Yang 2025). The inflation is in the measured
// result alone: a pilot's spending raises capacity and productivity as
// routine spending on the pair does (economy.go has no pilot term), so
// the "extra effort during pilots" of MODEL.md is effort that shows in
// the pilot's report but not in the economy, a departure without a
// recorded reason (pilot_bias can then only mislead learning, never add
// value added while the pilot runs).
// Officials update beliefs about e in odd years and the region its fit
// beliefs in even years (a result identifies only the product): a result
// y is a signal y/f of e, f the sector's fit belief before the year's
// reports (whatever the instruments' order) floored at 0.05, with its
// precision times f^2, and a signal y/e of fit, e the official's working
// belief (with the platform's evidence as it stands before the year's
// reports, after the step's decay) floored at eps_belief, times e^2;
// fit beliefs are renormalised to mean 1 across a region's sectors, so an
// error about e cannot leak into every fit belief. Pilots reach the
// center; routine results are pooled only on a platform; pools, the
// pilots' evidence too, decay by pool_decay a step. The center's belief
// takes the pilots' evidence whole and the routine pool at weight
// platform without platform_cap, as MODEL.md has it (region-level
// signals at weight platform): a planner learns from a weak platform
// nearly as from a strong one (on the centralized preset, its
// center_learning_error is 0.20 without a platform, 0.069 at 0.02 and
// 0.045 at 0.5: ipsim run, 10 replications, seed 1), an asymmetry with the regions' officials left to the team. The center also gets,
// platform or not (MODEL.md's table of reforms has reform 3's center
// learn from region-level results "instead of" national aggregates; its
// section 3 adds them, as here),
// one national-aggregate signal per practice a year (yearly like the regions' reports, where MODEL.md
// has one a quarter; the spend-weighted mean of e * fit over the pairs
// funded that year, pilots at their true value), with the precision of
// one region's report at the spend-weighted mean intensity of those pairs:
// the aggregate is one noisy statistic, not the
// summed precision of every region's report. This is a choice MODEL.md
// leaves open, and it matters for learning more than for value added: with
// the summed precision the planner's learning error falls about sevenfold
// when regions are alike (0.22 to 0.03 at heterogeneity 0; 0.22 to 0.13 at
// 0.5), while autonomy 0.85's value added relative to autonomy 0 hardly
// moves: -1.3% as the model is and -3.0% with the summed precision at
// heterogeneity 0 (only the latter distinguishable from 0), +2.5% and
// +2.5% at heterogeneity 0.5, where neither is distinguishable from 0, so
// that autonomy does not win there (10x6 world, seeds 1-6 paired, the
// mean of their ratios of the last step's value added, the learning
// error the last step's center_learning_error at autonomy 0, with
// platform, pilot_share and career_concern all 0).
// A practice is scaled up when the pooled evidence (pilots at full
// weight, routine reports at weight platform), checked every step,
// is at least scale_up_evidence precise and its mean less
// scale_up_confidence standard errors has beaten the national standard by scale_up_threshold for
// scale_up_lag steps in a row (a step its instrument spends outside the
// toolbox, where it is not checked, breaks the run): the standard and the center's belief move to it,
// every official's prior moves scale_up_pull of the way, and the region
// that contributed most evidence is recorded as its origin (evidence
// counted as pooled, but since the practice's last scale-up and without
// pool_decay: an early report that has since faded from the pool still
// counts in full). The minimum
// precision and the confidence margin are a departure from MODEL.md,
// where the pooled mean beating the national one for scale_up_lag is
// enough: without them a few noisy reports scaled a practice up and
// rewrote everyone's priors. New officials
// start from the standard moved min(1, 2*platform) of the way to the
// pooled evidence: the standard, not the conventional value MODEL.md
// names, which it is until a scale-up; after one, a new official starts
// from the practice the center adopted (a departure without a recorded
// reason). Both count the pooled evidence twice, a simplification
// MODEL.md does not make: the center's belief and the priors move to the
// pooled mean while the pools, still undecayed, are added again where a
// belief is read (centerBelief, and withPlatform with a platform). The
// center's mean is then the pool's but its precision is overstated, and
// officials lean further toward the pool than the pull says, until the
// pools fade (pool_decay); later evidence moves those beliefs less.
// Over long runs the center's learning error rises again, a consequence
// of these rules. The national signal keeps the fit in it, and which
// region-sectors are at a stage depends on fit: high-fit ones mature
// first, low-fit ones stay at entry or fall back to it, so a stage's
// spend-weighted fit drifts from 1 (default scenario, coordinated
// autonomy: 0.94, 1.09 and 1.22 at entry, growth and maturity in year 2,
// about 0.5, 0.55 to 0.75 and 1.5 from year 20 on; 1.7 to 1.9 at
// maturity centralized);
// and the center's own evidence does not decay while the pools do, so it
// gains weight as entry and growth pairs get fewer reports (2% of the
// precision of coordinated autonomy's beliefs in year 5, 6% in year 23,
// 44% in year 100; 4 replications, measured inside the package). Over
// the default 92 steps center_learning_error falls, then levels off (30
// replications, 2001 to 2023: 0.080 to 0.049 coordinated autonomy, 0.244
// to 0.209 centralized, 0.234 to 0.162 laissez-faire); beyond, it rises
// (ipsim run --set run.steps=400 --reps 10: 0.049 in 2022 to 0.127 in
// 2100, 0.205 to 0.231, 0.161 to 0.204). With the fit divided out of the
// national signal (a scratch patch, not the model) it falls throughout
// (0.013, 0.088, 0.037 in 2100) while the default's value added hardly
// moves (12.14, 11.57, 11.42 for 12.13, 11.60, 11.42). Where regions are
// alike (world.heterogeneity 0) the signal has no fit to carry and the
// centralized arm's error falls (0.242 in 2001 to 0.110 in 2100), but
// coordinated autonomy's still rises, 0.049 in 2010 to 0.085: once every
// sector has matured its entry and growth pairs are learnt from pilots,
// inflated by pilot_bias, and from the scale-ups that adopt them; with
// pilot_bias 0 it goes from 0.035 to 0.048.
//
// Careers (careers.go). Terms are gamma distributed (officials.term_mean,
// term_shape), rounded to whole steps, at least one (so a term_mean of a
// step or so is exceeded: 0.30 years at 0.25 and the default shape);
// officials retire at retire_age (checked after each step's ageing), which
// ends their term. At a term's end the official is scored: results = the
// log growth of the region's value added over his tenure less the
// region's expected growth when he arrived over the same tenure
// (fit-neutral: an official on his region's expected path scores 0),
// divided by the tenure counted as at least a year, reports = documents
// over his tenure divided by it counted likewise, seniority = age; plus
// noise on his score alone (officials.eval_noise times the spread of the
// level's scores), ranked by percentile among all officials of his level:
// the share of the others whose score, without noise, is below his, a tie
// counting half (where a level's scores all tie, as under promotion on
// reports with no documents, each is at 0.5), so that the share of
// outgoing officials who qualify grows with the noise (26% of a 4 x 5
// world's outgoing city leaders at eval_noise 0, 28% at the default 0.5,
// 40% at 2; promote_share 0.2; the share of those ending a term whose
// percentile is in the top promote_share, default parameters otherwise,
// seeds 1-20, 92 steps). Vacancies are filled top-down,
// a level's in an order drawn each step: the best
// scorer among the outgoing officials of the level below (of any
// province) whose percentile is in the top promote_share is promoted (a
// drawn one of those tied exactly, as without noise where scores do not
// vary), else
// an outgoing official of the same level drawn among those who drew
// mobility moves sideways, else a new official is appointed (ability
// N(1, ability_sd) floored at 0.1, age uniform in [age_min, age_max]);
// officials retiring for age are neither promoted nor moved, and outgoing
// officials not placed leave: nobody is reappointed to his own post, and
// province leaders, with no post above them, are never promoted. When a
// level has more vacancies than qualifying candidates, the drawn order
// decides which posts get the promotions (in region order, as before, the
// lowest-numbered got them: in an 8 x 3 world 37% of province 0's
// vacancies were filled by promotion and 17% of province 7's). A promotion or move
// is an event (region the new post, from_region the post left, value the
// years served there), an official who leaves a retirement (detail age or
// left); an appointment is none: it fills each post left in the step that
// no promotion or move filled. An event's term_mean, term_shape, age_min,
// age_max and ability_sd apply to the terms and appointments that follow
// (running terms keep their drawn end), its retire_age at once (those at or
// over it leave at that step's end). This departs from MODEL.md's "the
// top share is promoted (city to province, or to a larger city)" in two
// ways, neither with a recorded reason: the top share is only eligible,
// and is promoted only into a vacancy one level up in the same step
// (posts are one per region, so the number of promotions is that of the
// vacancies above); and there is no promotion within a level, to a larger
// city (a move sideways goes to any post of the level, whatever its size).
// Moves sideways, MODEL.md's "with probability mobility", are likewise
// only into the step's vacancies of the same level left after promotions
// (never the mover's own post): mobility makes an official eligible, and
// eligible officials for whom no vacancy is left leave.
// Movers carry their repertoire and a preference for the sectors that grew
// best at their last post (preference_gain times the z-score across
// sectors of their log growth of value added over his tenure there, fading
// at preference_decay a step);
// cities and counties take their province leader's preferences with
// weight province_pull (a county its province's, not its city's, as in
// the implementation multiplier).
//
// Documents (documents.go): a province or city issues measure_rate
// documents per new or substantially changed measure (county_measure for
// counties), a pair whose share of the region's own budget reaches
// min_share from below it or, staying at or above it, moves by more than
// change_threshold (0.5: "by more than half") of its old share (a share,
// where MODEL.md says spend, without a recorded reason: a budget that
// grows or shrinks changes no measure); under promotion on reports both
// rates are multiplied by 1 + documents.reports_boost, an addition to
// MODEL.md without a recorded reason (officials whose promotion counts
// documents issue more of them); provinces echo central documents (province_echo), cities
// their province's (city_echo), counties their city's (county_echo) after
// echo_lag steps in the source's category; the center issues framework,
// regulatory (documents.regulatory per capped sector in every step it
// is capped, so a cap that holds for years issues one set a quarter: MODEL.md's
// "per cap" read as per capped sector and step, without a recorded
// reason; category coordination, apart from the regulatory instruments'
// category), scale-up and measure documents. The rates are calibrated.
//
// Facts (facts.go) and movers (movers.go) compute statistics the
// validation reads; they never change the dynamics.
//
// Presets (scenarios/presets) set MODEL.md §5's levers and, where they
// depart from it, say why in their comments: centralized also sets
// pilot_share 0, platform 0 and review_interval 20, which MODEL.md's
// centralized does not name, so that it is the centralized country of the
// five reforms and each reform can be switched back on alone (pilots and
// platform together would cost it 1.7% and its second place in the
// default ranking: centralized.toml); coordinated_autonomy's center
// reviews its portfolio every 4 quarters, MODEL.md's review interval;
// laissez_faire keeps pilots (pilot_share 0.1), which feed the center's
// scale-ups although it has no platform, and sets alignment 0, which
// changes nothing with priorities off; kazakhstan_baseline (17 provinces
// x 2 cities) also has 10-year plans and mobility 0.2 (an assumption), so
// that reforms 4 and 5 have a channel on it; kazakhstan_reforms' reform 2
// lowers metric_noise to 2.5 (a value MODEL.md does not give), which also
// sharpens the center's national aggregates.
//
// # Fixed constants
//
// A few structural constants are not parameters: the incentive weights of
// the promotion rules (1, 0.3, 0) and the 0.05 floor of the career horizon
// (both from MODEL.md), the dispersion of initial stocks (lognormal 0.3),
// the cap of 4 on a stock's complement ratio (a complement of at most 2),
// the absorptive ceiling's 0.5 + 0.5 min(2, H + I) (from MODEL.md; it
// decides the default ranking as world.absorb does: with min(1.5, H + I)
// laissez-faire ends first, and with a ceiling of absorb alone the order
// is reversed, see the README),
// the floors of 0.1 on a sector's preference multiplier and 0.05 on a fit
// belief in the allocation and in learning, the [0.5, 1.5] band of plan
// priorities and the halving of an over-capacity sector's, the 0.95
// ceiling on initial productivity, the 0.1 floor on a drawn ability, the
// cap of twice its initial stock on a region's land, the one-step floor on
// the term left in the career horizon, and the one-year floor on
// retire_age - age_min in the effort's career time left. Measurement
// only: diffusion's margin of 0.05 and the adoption events' use at half
// an equal split of a sector's own budget.
package agents
