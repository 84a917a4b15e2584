package scenarios

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/ipsim/ipsim/agents"
)

// Reference returns the scenario reference, scenarios/README.md: the file
// layout, the rules of resolution, and every key with its type, default,
// unit, allowed values and meaning, generated from the struct tags of
// agents.Params and of this package's Run, Output and Sweep. A test fails
// when README.md differs from it; regenerate with `go generate ./scenarios`.
func Reference() []byte {
	var b strings.Builder
	b.WriteString(referenceIntro)
	b.WriteString("\n## Presets\n\nEmbedded in the binary (`ipsim presets` lists them, `ipsim show NAME` prints one resolved). Each file in `scenarios/presets/` begins with a comment saying what it represents and where its numbers come from.\n\n| preset | description |\n| --- | --- |\n")
	for _, p := range Presets() {
		fmt.Fprintf(&b, "| `%s` | %s |\n", p.Name, cell(p.Description))
	}
	b.WriteString("\n## Keys\n\nTypes are TOML types; *default* is the value when no file sets the key (`agents.DefaultParams` for the model sections); *allowed* comes from the `range` and `enum` tags and is checked on load. NaN and infinities are never allowed.\n")

	b.WriteString("\n### Top level\n\n| key | type | default | meaning |\n| --- | --- | --- | --- |\n")
	b.WriteString("| `name` | string | the preset name or the file's base name | scenario name, shown in results and reports; not inherited through `extends`; changes no result and is not part of the scenario's hash |\n")
	b.WriteString("| `description` | string | `\"\"` | one line on what the scenario is for; not inherited through `extends`; changes no result and is not part of the scenario's hash |\n")
	b.WriteString("| `extends` | string | none | a preset name or a path (relative to this file) to start from; this file overrides what it sets |\n")
	b.WriteString("| `inherit_events` | boolean | `true` | false: drop the `[[event]]` entries of the files this one extends (its own are kept), e.g. when it shortens the run |\n")

	keyTable(&b, "[run]", "run", reflect.ValueOf(DefaultRun()))
	keyTable(&b, "[output]", "output", reflect.ValueOf(DefaultOutput()))
	keyTable(&b, "[sweep]", "sweep", reflect.ValueOf(DefaultSweep()))
	b.WriteString("\n`[sweep.values]` keys are scenario keys as given to `--set` (quote them: `\"world.heterogeneity\" = [0.0, 0.5, 1.0]`, `\"arm.centralized.policy.autonomy\" = [0.0, 0.2]`); each value is checked like an override. `[sweep.ranges]` keys must be numeric: `\"policy.autonomy\" = [0.0, 1.0]`, low below high, both in the key's allowed range (for a key that takes integers, also within ±2^53, where every whole number is a float). `grid` takes only values, the samplers only ranges, and need `points >= 1`. Keys that change no result or that the sweep sets itself cannot be swept: `name`, `description`, `output.*`, `sweep.*`, `run.replications`, `run.seed`, `run.workers`, and events. Before anything runs, `ipsim sweep` (`--dry-run` too) resolves the scenario at every point and refuses a design with a point that breaks a rule between keys (say `officials.age_max` >= `officials.retire_age`), naming the point.\n")

	p := agents.DefaultParams()
	pv := reflect.ValueOf(p)
	for _, sec := range []string{"world", "market", "policy", "officials", "documents"} {
		i, _ := fieldByKey(pv.Type(), sec)
		keyTable(&b, "["+sec+"]", sec, pv.Field(i))
	}

	b.WriteString("\n### [[sector]]\n\nOne table per industry. A `[[sector]]` list replaces the whole table (order and set of sectors). An entry whose name is in the table it replaces starts from that entry; a new name must set `share` (`priority` defaults to 1, `growth` to 0). A name left out removes that sector. There is no renaming: the name is what matches an entry, so an entry under a new name is a new one, which sets what a new one must (copy the old values from the table below or from `ipsim show`), and events name it by its new name.\n")
	entryTable(&b, reflect.TypeFor[agents.Sector]())
	b.WriteString("\nDefault table:\n\n| name | growth | share | priority |\n| --- | --- | --- | --- |\n")
	for _, s := range p.Sectors {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", s.Name, fmtNum(s.Growth), fmtNum(s.Share), fmtNum(s.Priority))
	}

	b.WriteString("\n### [[instrument]]\n\nOne table per policy tool, at most 64; replaced as a whole like `[[sector]]`. A new name must set `category`, `cost`, `entry`, `growth`, `mature`, `cap_share` and `conventional` (the others default to 0, `\"\"` and false). As with sectors, a name left out removes the instrument and a renamed one is a new entry; a `policy.toolbox` that names the old name (the `centralized_money`, `kazakhstan_baseline` and `kazakhstan_reforms` presets' do) is then an error until it names the new one.\n")
	entryTable(&b, reflect.TypeFor[agents.Instrument]())
	b.WriteString("\nDefault table:\n\n| name | category | cost | entry | growth | mature | cap_share | lag | builds | needs | adds_capacity | ignores_utilisation | conventional |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, k := range p.Instruments {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %t | %t | %s |\n", k.Name, k.Category, fmtNum(k.Cost),
			fmtNum(k.Entry), fmtNum(k.Growth), fmtNum(k.Mature), fmtNum(k.CapShare), k.Lag, k.Builds, k.Needs, k.AddsCapacity, k.IgnoresUtilisation, fmtNum(k.Conventional))
	}

	b.WriteString(referenceArmsEvents)
	entryTable(&b, reflect.TypeFor[shockSpec]())
	b.WriteString(referenceTail)
	fmt.Fprintf(&b, "\n| element | bytes |\n| --- | --- |\n| region x sector x instrument | %d |\n| region x sector | %d |\n| region x instrument | %d |\n| region | %d |\n| region x sector x step of the longest instrument lag beyond 16 | %d |\n| region x step of documents.echo_lag beyond 8 | %d |\n",
		agents.BytesPerRegionSectorInstrument, agents.BytesPerRegionSector, agents.BytesPerRegionInstrument, agents.BytesPerRegion, agents.BytesPerRegionSectorLagStep, agents.BytesPerRegionEchoStep)
	def := agents.DefaultParams()
	china := agents.DefaultParams()
	china.World.CountiesPerCity = 8
	fmt.Fprintf(&b, "\nRegions are the provinces, their cities and the cities' counties: `P + P*C + P*C*Q` (P provinces, C cities per province, Q counties per city); the center has a region's tables too. The China-sized default (%.0f regions, 10 sectors, 10 instruments) needs about %.1f MiB per run; with 8 counties per city (%.0f regions) about %.1f MiB.\n",
		agents.Regions(def.World), agents.WorldBytes(def)/(1<<20), agents.Regions(china.World), agents.WorldBytes(china)/(1<<20))
	return []byte(b.String())
}

// typeName is a field's TOML type for the reference.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float64:
		return "float"
	case reflect.Int, reflect.Int64, reflect.Uint64:
		return "integer"
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return "list of strings"
		}
		return "table"
	}
	return t.String()
}

// allowed is a field's allowed values for the reference.
func allowed(sf reflect.StructField) string {
	switch sf.Type.Kind() {
	case reflect.Float64, reflect.Int, reflect.Uint64:
		if _, ok := sf.Tag.Lookup("range"); ok {
			return sf.Tag.Get("range")
		}
		return "any"
	case reflect.String:
		if vals := enumValues(sf); vals != nil {
			return quoteList(vals)
		}
	case reflect.Bool:
		return "true, false"
	}
	return ""
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// keyTable writes the keys of one section with their defaults from v.
func keyTable(b *strings.Builder, title, prefix string, v reflect.Value) {
	fmt.Fprintf(b, "\n### %s\n\n| key | type | default | unit | allowed | meaning |\n| --- | --- | --- | --- | --- | --- |\n", title)
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		def := "`" + tomlOf(v.Field(i)) + "`"
		if sf.Type.Kind() == reflect.Slice {
			switch {
			case tomlName(sf) == "toolbox":
				def = "every instrument"
			case sf.Type.Elem().Kind() == reflect.Struct:
				def = "none"
			}
		}
		fmt.Fprintf(b, "| `%s.%s` | %s | %s | %s | %s | %s |\n", prefix, tomlName(sf), typeName(sf.Type), cell(def),
			cell(sf.Tag.Get("unit")), cell(allowed(sf)), cell(sf.Tag.Get("doc")))
	}
}

// entryTable writes the keys of an array-of-tables entry.
func entryTable(b *strings.Builder, t reflect.Type) {
	b.WriteString("\n| key | type | unit | allowed | meaning |\n| --- | --- | --- | --- | --- |\n")
	for i := range t.NumField() {
		sf := t.Field(i)
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", tomlName(sf), typeName(sf.Type), cell(sf.Tag.Get("unit")), cell(allowed(sf)), cell(sf.Tag.Get("doc")))
	}
}

const referenceIntro = `<!-- Generated by Reference() in scenarios/reference.go from the struct tags; do not edit.
     Regenerate with: go generate ./scenarios -->

# Scenario reference

Economists drive ipsim with scenario files: TOML that sets anything in the
model. This page lists every key. It is generated from the code, and a test
fails when it is out of date.

## A scenario file

` + "```toml" + `
extends = "coordinated_autonomy"   # optional: start from a preset or another file
name = "my_scenario"
description = "what it is for"

[run]          # steps, calendar, seed, replications, workers
[output]       # results folder and format
[world]        # shared sections: apply to every arm
[market]
# [[sector]]     the sector table, one [[sector]] per sector (replaces the whole table)
# [[instrument]] the instrument table, likewise
[policy]
[officials]
[documents]

[[arm]]        # the regimes compared; a file without arms has one arm, "main"
name = "centralized"
preset = "centralized"   # optional: start this arm from a preset
[arm.policy]             # overrides the shared sections for this arm
autonomy = 0.2

[[event]]      # applies from its year on, to every arm (arms = ["NAME"]: to those only)
year = 2008
[event.policy]
plan_cycle = 3
[[event.sector]]         # a new central priority
name = "solar"
priority = 3
[event.shock]
sector = "steel"
demand = -0.2

[sweep]        # read by ipsim sweep
method = "grid"
[sweep.values]
"world.heterogeneity" = [0.0, 0.5, 1.0]
` + "```" + `

` + "`ipsim init FILE`" + ` writes an annotated starter file.

## How an arm's parameters are resolved

Lowest first; each layer overrides what it sets:

1. the defaults (` + "`agents.DefaultParams`" + `, listed below);
2. the shared sections of the presets the file extends (its ` + "`extends`" + ` chain up to the first file that is not a preset), the root first;
3. the arm's ` + "`preset`" + `: that preset's shared sections (its own ` + "`extends`" + ` chain included, its arms ignored), so an arm with ` + "`preset = \"centralized\"`" + ` in a file that extends ` + "`coordinated_autonomy`" + ` runs the centralized regime (a preset that leaves ` + "`policy.toolbox`" + ` out gives the arm every instrument, whatever the extended presets allow);
4. the shared sections (` + "`[world]`, `[market]`, `[[sector]]`, `[[instrument]]`, `[policy]`, `[officials]`, `[documents]`" + `) of the other files in the chain, the root first: they apply to every arm, over its preset (ipsim warns when one changes a key or a table an arm's preset sets; put such keys under ` + "`[arm.policy]`" + ` ... of the arms that need them);
5. the arm's own sections (` + "`[arm.policy]`" + ` ...) in every file of the chain, the root first: so an arm section of a file the scenario extends wins over a shared section of the file that extends it (ipsim warns, naming the arms);
6. overrides (` + "`--set`" + `), on the resolved scenario: ` + "`policy.autonomy=0.3`" + ` sets the key in every arm, ` + "`arm.NAME.policy.autonomy=0.3`" + ` in one arm.

Then each event applies from its year on, in the arms it applies to. ` + "`policy.toolbox`" + ` left out everywhere means every instrument of the arm's instrument table; ` + "`toolbox = []`" + ` is an error.

**extends.** ` + "`extends = \"PRESET_OR_PATH\"`" + ` names a preset (` + "`ipsim presets`" + `) or a file, relative to the file that names it. A preset's name is the preset even where a file of that name sits beside the file (it warns): write ` + "`extends = \"./NAME\"`" + ` for the file; ` + "`ipsim run NAME` and `ipsim show NAME`" + ` take a name the same way. The chain may be long; a cycle is an error. Across the chain, ` + "`[run]`, `[output]`, `[sweep]`" + ` and the shared sections merge key by key, except a design: a file's ` + "`[sweep.values]` or `[sweep.ranges]`" + ` replaces the swept keys of the files it extends; ` + "`[[arm]]`" + ` entries merge by ` + "`name`" + ` (an arm of the same name overrides the parent's, a new name is added); events add up, unless a file sets ` + "`inherit_events = false`" + `, which drops the events of the files it extends. ` + "`name` and `description`" + ` are not inherited: they are the file's own (a file without ` + "`name`" + ` is named after itself, one without ` + "`description`" + ` has none).

**Arms** run with the same seeds (common random numbers), so their differences are paired. Arm names (and sector and instrument names) are ASCII letters, digits, ` + "`_`" + ` and ` + "`-`" + `, and not ` + "`NA`, `NaN`, `null` or `None`" + ` in any case (pandas and R read those as missing values); two arms' names must differ in more than case (charts are named after arms, and macOS and Windows would file both under one name).

**Events** (` + "`[[event]]`" + `): regime switches, new central priorities and demand shocks. An event has a ` + "`year`" + ` (a calendar year inside the run) and any of: ` + "`[event.market]`, `[event.policy]`, `[event.officials]`, `[event.documents]`" + `, keys applied on top of the parameters of each arm it applies to from the first step of that year on (events add up in year order; events of one year apply in the order they are written, those of the files a scenario extends first, so where two set the same key the later one's value holds); ` + "`[[event.sector]]`" + ` (` + "`name`" + ` of an existing sector, then ` + "`priority`" + `, ` + "`growth`" + ` or both), a sector's new central priority or demand growth from that year on (a priority counts only in arms where ` + "`policy.priorities`" + ` is true); and ` + "`[event.shock]`" + ` or ` + "`[[event.shock]]`" + ` (` + "`sector`, `demand`" + `). ` + "`arms = [\"NAME\", ...]`" + ` limits an event to those arms (arms of the scenario once its ` + "`extends`" + ` chain is merged; an inherited event keeps its ` + "`arms`" + `); left out, the event applies to every arm. Each arm runs only the events that apply to it, in year order, so an arm an event leaves out runs as it would without it: a reform in one arm, against the same country without it. Events may not change ` + "`[world]`" + ` (the world is set up once, at the start), a sector's ` + "`share`" + ` or name, the number of sectors, or the instrument table. ` + "`label`" + ` names the event in events.csv; by default it lists what the event sets. An event with only a year and a label sets nothing and marks the date in events.csv. An event in the first year of the run is part of the start: its keys are the arm's from set-up, so the run is the one that starts with them (its row in events.csv marks it), not a switch in the first step. A later event that changes what decisions read is a regime switch: in its step the center reviews its portfolio and every region decides, out of turn; one that changes only careers, learning, spending or document keys (say ` + "`officials.eval_noise`, `policy.metric_noise`, `policy.mobility`, `policy.cap_realloc`" + `) sets them without that review (the full rule: agents/doc.go, Input).

**Overrides.** ` + "`ipsim run FILE --set key=value`" + ` and ` + "`ipsim show FILE --set key=value`" + ` (and ` + "`Scenario.With`" + `, which sweeps use; ` + "`ipsim sweep`" + ` takes no ` + "`--set`" + `: edit the file) take the keys of a file: ` + "`name`, `description`, `run.seed`, `output.dir`, `world.heterogeneity`, `policy.toolbox=[\"subsidy\",\"land\"]`, `sector.solar.growth`, `instrument.subsidy.cost`, `arm.centralized.policy.autonomy`, `sweep.method`, `sweep.points`" + `; and ` + "`event=[]`" + ` drops the scenario's events. They refuse ` + "`sweep.values` and `sweep.ranges`" + ` (edit them in the file), any other ` + "`event`" + ` key (edit the ` + "`[[event]]`" + ` entries), ` + "`extends` and `inherit_events`" + ` (the chain is resolved before overrides apply), ` + "`arm.NAME.name` and `arm.NAME.preset`" + ` (an arm's name and preset are fixed once it is resolved) and the ` + "`name`" + ` of a sector or instrument. Values are TOML; a bare word is a string (` + "`policy.promotion_basis=results`" + `). They are checked exactly like the file; one that sets, for every arm, a key in which the arms differ warns that it erases the difference, and one that sets a key an arm's preset sets warns as a shared section does (use ` + "`arm.NAME.key`" + ` to set it in some arms only). One that sets a key an event sets (and a swept key an event sets) warns too: the event's value replaces it from the event's year on, in the arms the event applies to (the warning names them when the event leaves some out).

**Errors.** A file with mistakes is refused as a whole, with every mistake at once, one per line, as ` + "`FILE:LINE: KEY = VALUE: REASON`" + `, e.g.

    my.toml:14: world.heterogeneity = -0.3: must be in [0, 10]
    my.toml:15: policy.autonmy = 0.5: unknown key (did you mean "autonomy"?)
    my.toml:18: policy.toolbox = ["subsidies"]: unknown instrument "subsidies" (did you mean "subsidy"?)

Problems from ` + "`--set`" + ` name ` + "`--set`" + ` as the file. ` + "`ipsim show FILE`" + ` prints the fully resolved scenario, every key commented; loading that output gives back the identical scenario.
`

const referenceArmsEvents = `
### [[arm]]

| key | type | meaning |
| --- | --- | --- |
| ` + "`name`" + ` | string | required, unique; used in results and in keys ` + "`arm.NAME.…`" + ` |
| ` + "`preset`" + ` | string | optional: start the arm from this preset's shared sections |
| ` + "`description`" + ` | string | optional: what the regime is, shown in the report (default: the preset's description, followed by what the scenario changes of the preset, e.g. ` + "`; here with policy.plan_cycle = 3`" + `); changes no result and is not part of the scenario's hash |
| ` + "`[arm.world]` … `[arm.documents]`, `[[arm.sector]]`, `[[arm.instrument]]`" + ` | tables | the keys of the shared sections, for this arm only |

### [[event]]

| key | type | meaning |
| --- | --- | --- |
| ` + "`year`" + ` | integer | required: the calendar year from which the event applies (inside the run) |
| ` + "`label`" + ` | string | name in events.csv, one line (default: what the event sets) |
| ` + "`arms`" + ` | list of strings | optional: the arms it applies to, e.g. ` + "`[\"centralized\"]`" + `, each an arm of the scenario, once (left out: every arm; ` + "`[]`" + ` is an error) |
| ` + "`[event.market]` … `[event.documents]`" + ` | tables | keys of the shared sections, from this year on (not ` + "`[world]`" + `) |
| ` + "`[[event.sector]]`" + ` | one entry per sector | ` + "`name`" + ` (required: an existing sector), ` + "`priority`" + ` and ` + "`growth`" + ` from this year on (not ` + "`share`" + `) |
| ` + "`[event.shock]`" + ` | table, or ` + "`[[event.shock]]`" + ` for several | a demand shock: |
`

const referenceTail = `
## Memory

A scenario whose world would need more than 16 GiB per run is refused,
with the estimate in the message. The estimate counts, per run:
`
