package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/agents"
)

// presetList is the list of presets as messages print it.
const presetList = "centralized, centralized_money, china, coordinated_autonomy, default, kazakhstan_baseline, kazakhstan_reforms, laissez_faire, lifecycle_article"

// TestBadFiles loads each broken file of testdata/bad and checks every
// message, exactly: one test per bad-input class of the issue.
func TestBadFiles(t *testing.T) {
	tests := []struct {
		class string
		file  string
		want  []string
	}{
		{"out of range", "range.toml", []string{
			"testdata/bad/range.toml:4: world.provinces = 0: must be >= 1",
			"testdata/bad/range.toml:5: world.heterogeneity = -0.3: must be in [0, 10]",
			"testdata/bad/range.toml:8: policy.autonomy = 1.5: must be in [0, 1]",
			"testdata/bad/range.toml:9: policy.pilot_share = -0.1: must be in [0, 1]",
			"testdata/bad/range.toml:10: policy.review_interval = 0: must be >= 1",
		}},
		{"dispersions beyond a float", "dispersion.toml", []string{
			"testdata/bad/dispersion.toml:4: world.size_dispersion = 50: must be in [0, 10]",
			"testdata/bad/dispersion.toml:5: world.heterogeneity = 40: must be in [0, 10]",
			"testdata/bad/dispersion.toml:6: world.capacity_dispersion = 10.5: must be in [0, 10]",
		}},
		{"unknown key", "unknown_key.toml", []string{
			`testdata/bad/unknown_key.toml:3: world.heterogenity = 0.5: unknown key (did you mean "heterogeneity"?)`,
			`testdata/bad/unknown_key.toml:5: polcy = {...}: unknown key (did you mean "policy"?)`,
			`testdata/bad/unknown_key.toml:11: arm.a.policy.autonmy = 0.2: unknown key (did you mean "autonomy"?)`,
		}},
		{"wrong type", "wrong_type.toml", []string{
			"testdata/bad/wrong_type.toml:2: run.steps = 92.5: must be an integer in [1, 10000000]",
			`testdata/bad/wrong_type.toml:3: run.replications = "ten": must be an integer in [1, 1000000]`,
			`testdata/bad/wrong_type.toml:6: policy.autonomy = "high": must be a number in [0, 1]`,
			`testdata/bad/wrong_type.toml:7: policy.coordination = "yes": must be true or false`,
			`testdata/bad/wrong_type.toml:8: policy.toolbox = "subsidy": must be a list of names, e.g. ["subsidy", "land"]`,
			`testdata/bad/wrong_type.toml:9: policy.promotion_basis = "result": must be one of "results", "reports", "seniority" (did you mean "results"?)`,
		}},
		{"nan and infinities", "nan_inf.toml", []string{
			"testdata/bad/nan_inf.toml:2: world.heterogeneity = nan: must be a finite number in [0, 10]",
			"testdata/bad/nan_inf.toml:5: market.demand_growth = inf: must be a finite number in [-0.5, 1]",
			"testdata/bad/nan_inf.toml:6: market.demand_slack = -inf: must be a finite number > -1",
		}},
		{"unknown preset, instrument and sector", "unknown_names.toml", []string{
			`testdata/bad/unknown_names.toml:2: policy.toolbox = ["subsidies", "land"]: unknown instrument "subsidies" (did you mean "subsidy"?)`,
			`testdata/bad/unknown_names.toml:6: arm.c.preset = "centralised": unknown preset (did you mean "centralized"?); presets: ` + presetList,
			`testdata/bad/unknown_names.toml:11: event[1].shock.sector = "steal": unknown sector (did you mean "steel"?); sectors: steel, cement, chemicals, textiles, machinery, autos, electronics, pharmaceuticals, solar, electric_vehicles`,
		}},
		{"empty toolbox", "empty_toolbox.toml", []string{
			"testdata/bad/empty_toolbox.toml:2: policy.toolbox = []: must name at least one instrument (to allow every one, list them all: left out, the key keeps the toolbox the scenario inherits, every instrument only if nothing it extends narrows it)",
		}},
		// in an arm of a file extending a money-only preset, leaving the
		// key out keeps two instruments: the message must not say "every"
		{"empty toolbox in an arm", "empty_toolbox_arm.toml", []string{
			"testdata/bad/empty_toolbox_arm.toml:9: arm.r1.policy.toolbox = []: must name at least one instrument (to allow every one, list them all: left out, the key keeps the toolbox the scenario inherits, every instrument only if nothing it extends narrows it)",
		}},
		{"extends cycle", "cycle_a.toml", []string{
			`testdata/bad/cycle_b.toml:1: extends = "cycle_a.toml": extends cycle: testdata/bad/cycle_a.toml -> testdata/bad/cycle_b.toml -> testdata/bad/cycle_a.toml`,
		}},
		{"extends missing file", "missing_extends.toml", []string{
			`testdata/bad/missing_extends.toml:1: extends = "no_such_file.toml": cannot read testdata/bad/no_such_file.toml: no such file`,
		}},
		// a preset's name with .toml is a file, and there is none
		{"extends a preset as a file", "extends_preset_file.toml", []string{
			`testdata/bad/extends_preset_file.toml:1: extends = "centralized.toml": cannot read testdata/bad/centralized.toml: no such file (centralized is a preset: write extends = "centralized", without .toml)`,
		}},
		{"preset as a file", "centralized.toml", []string{
			`testdata/bad/centralized.toml: cannot read scenario: no such file (centralized is a preset: give its name, centralized, without .toml)`,
		}},
		// "sub\new.toml" holds a line break: say why, not "cannot read sub"
		{"extends a Windows path", "extends_backslash.toml", []string{
			`testdata/bad/extends_backslash.toml:1: extends = "sub\new.toml": must not contain a tab, line break or other control character (in a "..." string a backslash starts an escape: \t is a tab, \n a line break): write a Windows path in single quotes, 'C:\data\run1', or with forward slashes, "C:/data/run1"`,
		}},
		{"extends unknown preset", "unknown_extends.toml", []string{
			`testdata/bad/unknown_extends.toml:1: extends = "defualt": no preset or file of that name (did you mean "default"?); presets: ` + presetList,
		}},
		{"world too large", "huge.toml", []string{
			"testdata/bad/huge.toml:2: world.provinces = 100000: world too large: 110100000 regions x 10 sectors x 10 instruments need about 1.1 TiB per run; at most 16 GiB (see Memory in scenarios/README.md)",
		}},
		{"key in the wrong section", "wrong_section.toml", []string{
			"testdata/bad/wrong_section.toml:3: run.provinces = 3: unknown key (provinces is a key of [world]: did you mean world.provinces?)",
			"testdata/bad/wrong_section.toml:5: world.autonomy = 0.3: unknown key (autonomy is a key of [policy]: did you mean policy.autonomy?)",
			"testdata/bad/wrong_section.toml:6: world.steps = 8: unknown key (steps is a key of [run]: did you mean run.steps?)",
			"testdata/bad/wrong_section.toml:11: arm.a.policy.provinces = 2: unknown key (provinces is a key of [world]: did you mean arm.a.world.provinces?)",
			"testdata/bad/wrong_section.toml:16: event[1].market.plan_cycle = 3: unknown key (plan_cycle is a key of [policy]: did you mean event[1].policy.plan_cycle?)",
		}},
		{"model key under [[arm]] or [[event]]", "arm_event_keys.toml", []string{
			"testdata/bad/arm_event_keys.toml:4: arm.a.autonomy = 0.2: unknown key (autonomy is a key of [policy]: write it under [arm.policy], below the arm's name)",
			"testdata/bad/arm_event_keys.toml:5: arm.a.policy = 3: must be a table ([arm.policy])",
			"testdata/bad/arm_event_keys.toml:9: event[1].autonomy = 0.2: unknown key (autonomy is a key of [policy]: write it under [event.policy])",
			"testdata/bad/arm_event_keys.toml:10: event[1].heterogeneity = 1.0: unknown key (heterogeneity is a key of [world], which events cannot change: the world is set up once, at the start)",
			"testdata/bad/arm_event_keys.toml:11: event[1].demand = -0.2: unknown key (a demand shock: write sector and demand under [event.shock])",
			"testdata/bad/arm_event_keys.toml:12: event[1].priority = 2: unknown key (a sector's new priority: write the sector's name and priority under [[event.sector]])",
			`testdata/bad/arm_event_keys.toml:13: event[1].sector = "steel": must be an array of tables ([[event.sector]])`,
			"testdata/bad/arm_event_keys.toml:20: event[2].shock.growth = 0.1: unknown key (a sector's new growth: write the sector's name and growth under [[event.sector]])",
			"testdata/bad/arm_event_keys.toml:21: event[2].shock.autonomy = 0.3: unknown key (autonomy is a key of [policy]: write it under [event.policy])",
		}},
		{"unnamed table entries", "unnamed_entries.toml", []string{
			"testdata/bad/unnamed_entries.toml:2: sector[1].name = <missing>: required: every [[sector]] entry is named (the name of an entry of the table it replaces keeps that entry's values)",
			"testdata/bad/unnamed_entries.toml:6: instrument[1].name = <missing>: required: every [[instrument]] entry is named (the name of an entry of the table it replaces keeps that entry's values)",
			"testdata/bad/unnamed_entries.toml:10: arm.a.sector[1].name = <missing>: required: every [[sector]] entry is named (the name of an entry of the table it replaces keeps that entry's values)",
		}},
		{"section key at the top", "toplevel.toml", []string{
			"testdata/bad/toplevel.toml:2: replicatons = 3: unknown key (did you mean run.replications? keys go under their [run] section)",
		}},
		// TOML reads a key below a [section] header as that section's:
		// name, description, extends and inherit_events go above the first
		{"top-level key below a section", "toplevel_after.toml", []string{
			`testdata/bad/toplevel_after.toml:3: run.name = "my_run": unknown key (name is a top-level key: write it above the first [section]; below [run], TOML reads it as run.name)`,
			`testdata/bad/toplevel_after.toml:4: run.description = "a test": unknown key (description is a top-level key: write it above the first [section]; below [run], TOML reads it as run.description)`,
			`testdata/bad/toplevel_after.toml:8: world.extends = "centralized": unknown key (extends is a top-level key: write it above the first [section]; below [world], TOML reads it as world.extends)`,
			`testdata/bad/toplevel_after.toml:9: world.inherit_events = false: unknown key (inherit_events is a top-level key: write it above the first [section]; below [world], TOML reads it as world.inherit_events)`,
			`testdata/bad/toplevel_after.toml:14: event[1].name = "y": unknown key (an event is named by its label (label = "..."), which events.csv shows; name is a top-level key: write it above the first [section]; below [[event]], TOML reads it as event[1].name)`,
			`testdata/bad/toplevel_after.toml:18: sweep.values."description" = "z": not a swept key (description is a top-level key: write it above the first [section]; below [sweep.values], TOML reads it as sweep.values."description")`,
		}},
		// a share written as a percentage: say so where the value / 100 is
		// allowed (150 for mobility is not a percentage of anything allowed)
		{"percent for a share", "percent.toml", []string{
			"testdata/bad/percent.toml:2: world.tax_rate = 3: must be in [0, 1] (a share, not a percentage: for 3%, write 0.03)",
			"testdata/bad/percent.toml:5: policy.autonomy = 85: must be in [0, 1] (a share, not a percentage: for 85%, write 0.85)",
			"testdata/bad/percent.toml:6: policy.mobility = 150: must be in [0, 1]",
			"testdata/bad/percent.toml:12: event[1].shock.demand = -20: must be in (-1, 100] (a relative change, not a percentage: for -20%, write -0.2)",
		}},
		// a date where a year goes: echoed as written, told to give the year
		{"dates", "dates.toml", []string{
			"testdata/bad/dates.toml:2: run.start_year = 2000-01-01: must be an integer in [1, 9999] (a date: write the year, 2000)",
			"testdata/bad/dates.toml:5: event[1].year = 2005-07-01: must be a calendar year (an integer) within the run (a date: write the year, 2005)",
			"testdata/bad/dates.toml:8: output.dir = 2024-03-05T10:00:00: must be a string",
			// a date where no year goes: no year hint
			"testdata/bad/dates.toml:11: world.provinces = 2030-01-01: must be an integer >= 1",
		}},
		{"negative seed", "seed.toml", []string{
			"testdata/bad/seed.toml:2: run.seed = -1: must be in [0, 9223372036854775807]",
		}},
		{"whole float for an integer", "float_int.toml", []string{
			`testdata/bad/float_int.toml:2: world.provinces = 3.0: must be an integer >= 1, written without a decimal point (3, not 3.0)`,
		}},
		// a swept value is checked like an override: the same rule and
		// message as in a file or --set
		{"whole float for an integer, swept", "sweep_float_int.toml", []string{
			`testdata/bad/sweep_float_int.toml:4: sweep.values."run.steps" = 8.0: must be an integer in [1, 10000000], written without a decimal point (8, not 8.0)`,
			`testdata/bad/sweep_float_int.toml:5: sweep.values."world.provinces" = 2.0: must be an integer >= 1, written without a decimal point (2, not 2.0)`,
		}},
		{"event in one arm", "arm_event.toml", []string{
			`testdata/bad/arm_event.toml:18: event[1].shock[1].sector = "cement": unknown sector; sectors: steel, solar (in arm b)`,
		}},
		{"shared mistake with a sweep", "toolbox_sweep.toml", []string{
			`testdata/bad/toolbox_sweep.toml:3: policy.toolbox = ["subsidies"]: unknown instrument "subsidies" (did you mean "subsidy"?)`,
		}},
		// points left out: not "= 0" at the [sweep.ranges] header, but
		// missing, at [sweep], and what it is
		{"sampler without points", "sweep_no_points.toml", []string{
			"testdata/bad/sweep_no_points.toml:2: sweep.points = <missing>: required by sobol: add points = N (at least 1) under [sweep], the base sample size (the design has N x 3 points for 1 swept key)",
		}},
		{"sampler with 0 points", "sweep_zero_points.toml", []string{
			"testdata/bad/sweep_zero_points.toml:3: sweep.points = 0: must be >= 1 for a sampler",
		}},
		{"sweep values", "sweep_values.toml", []string{
			`testdata/bad/sweep_values.toml:4: sweep.values."policy.autonmy" = [0.1, 0.5, 0.9]: unknown key (did you mean "policy.autonomy"?)`,
			`testdata/bad/sweep_values.toml:5: sweep.values."world.heterogeneity" = 0.5: listed twice: the grid would run its points twice`,
			`testdata/bad/sweep_values.toml:6: sweep.values."policy.toolbox" = ["land", "subsidy"]: listed twice (in another order, which changes nothing: a toolbox is a set of instruments): the grid would run its points twice`,
		}},
		{"names read as missing", "missing_names.toml", []string{
			`testdata/bad/missing_names.toml:5: sector[2].name = "NaN": pandas and R read it as a missing value: choose another name`,
			`testdata/bad/missing_names.toml:9: arm[1].name = "NA": pandas and R read it as a missing value: choose another arm name`,
		}},
		// a Windows path in a "..." string: \t and \n are escapes, and the
		// folder would be named with a tab and a line break
		{"windows path", "windows_path.toml", []string{
			`testdata/bad/windows_path.toml:2: output.dir = "C:\temp\new": must not contain a tab, line break or other control character (in a "..." string a backslash starts an escape: \t is a tab, \n a line break): write a Windows path in single quotes, 'C:\data\run1', or with forward slashes, "C:/data/run1"`,
		}},
		{"syntax", "syntax.toml", []string{
			"testdata/bad/syntax.toml:3: syntax error: expected value but found '=' instead",
		}},
		// what the parser says of a Windows path, a word processor's
		// quotes, a decimal comma or YAML's colon, with what to write
		{"escape in a path", "syntax_escape.toml", []string{
			`testdata/bad/syntax_escape.toml:2: syntax error: invalid escape in string '\d' (in a "..." string a backslash starts an escape: write a Windows path in single quotes, 'C:\data\run1', or with forward slashes, "C:/data/run1")`,
		}},
		{"curly quotes", "syntax_quotes.toml", []string{
			"testdata/bad/syntax_quotes.toml:2: syntax error: expected value but found '“' instead (a curly quote, as word processors type them: TOML takes straight quotes, \"results\" or 'results')",
		}},
		{"decimal comma", "syntax_comma.toml", []string{
			"testdata/bad/syntax_comma.toml:2: syntax error: expected a top-level item to end with a newline, comment, or EOF, but got ',' instead (TOML numbers have no commas: 0.5, not 0,5; 1000, not 1,000)",
		}},
		{"colon for =", "syntax_colon.toml", []string{
			"testdata/bad/syntax_colon.toml:2: syntax error: expected '.' or '=', but got ':' instead (write key = value: TOML takes =, not :)",
		}},
		// a key or table given twice: which one, and where the first is
		// a bare word where a value goes: a string without its quotes,
		// a boolean as Python or YAML write it, a float without its 0
		{"string without quotes", "syntax_bare.toml", []string{
			`testdata/bad/syntax_bare.toml:2: syntax error: expected value but found "results" instead (a string needs quotes: "results")`,
		}},
		{"string of words without quotes", "syntax_bare_words.toml", []string{
			`testdata/bad/syntax_bare_words.toml:1: syntax error: expected value but found "my" instead (a string needs quotes: "my first run")`,
		}},
		{"boolean in capitals", "syntax_true.toml", []string{
			`testdata/bad/syntax_true.toml:2: syntax error: expected value but found "True" instead (TOML booleans are true and false, in lower case)`,
		}},
		{"yes for true", "syntax_yes.toml", []string{
			`testdata/bad/syntax_yes.toml:2: syntax error: expected value but found "yes" instead (TOML booleans are true and false, in lower case)`,
		}},
		{"float without its 0", "syntax_leading_dot.toml", []string{
			`testdata/bad/syntax_leading_dot.toml:2: syntax error: floats must start with a digit, not '.' (write 0.5, not .5)`,
		}},
		{"key twice", "syntax_duplicate_key.toml", []string{
			"testdata/bad/syntax_duplicate_key.toml:4: syntax error: policy.autonomy is set twice (first on line 2): keep one",
		}},
		{"table twice", "syntax_duplicate_table.toml", []string{
			"testdata/bad/syntax_duplicate_table.toml:7: syntax error: [world] appears twice (first on line 1): put its keys under one [world]",
		}},
		// [arm] for a second arm: not "put its keys under one [arm]"
		{"single brackets after double", "syntax_single_bracket_arm.toml", []string{
			"testdata/bad/syntax_single_bracket_arm.toml:4: syntax error: [arm] after [[arm]] (line 1): write each entry as [[arm]], with two brackets",
		}},
		{"arm key twice", "syntax_duplicate_arm_key.toml", []string{
			"testdata/bad/syntax_duplicate_arm_key.toml:10: syntax error: arm.policy.autonomy is set twice (first on line 9): keep one",
		}},
		// the line of the header, not the next one, where the parser
		// stopped
		{"header without its bracket", "syntax_header.toml", []string{
			"testdata/bad/syntax_header.toml:3: syntax error: expected '.' or ']' to end table name, but got '\\n' instead",
		}},
		{"array header without its bracket", "syntax_array_header.toml", []string{
			"testdata/bad/syntax_array_header.toml:3: syntax error: expected end of table array name delimiter ']', but got '\\n' instead",
		}},
		// a list left open: the parser notices on the next line, and
		// the message names the line of the list
		{"list never closed", "syntax_list.toml", []string{
			`testdata/bad/syntax_list.toml:6: syntax error: expected a comma (',') or array terminator (']'), but got 'a' (inside the value that opens on line 5: is a closing bracket or a comma missing?)`,
		}},
		// the line the string opens on, not the end of the file
		{"multi-line string never closed", "syntax_string.toml", []string{
			`testdata/bad/syntax_string.toml:2: syntax error: unexpected EOF; expected '"""': the multi-line string that opens on this line is never closed`,
		}},
		{"huge shock", "shock_huge.toml", []string{
			"testdata/bad/shock_huge.toml:11: event[1].shock[1].demand = 1e+200: must be in (-1, 100]",
		}},
		{"events", "event.toml", []string{
			"testdata/bad/event.toml:6: event[1].year = 2020: must lie in the run, 2000 to 2009",
			"testdata/bad/event.toml:8: event[1].world.provinces = 5: events cannot change [world]: the world is set up once, at the start",
			"testdata/bad/event.toml:13: event[2].world.tax_rate = 0.1: events cannot change [world]: the world is set up once, at the start",
			"testdata/bad/event.toml:15: event[2].sector[1].name = \"hydrogen\": unknown sector; events cannot add sectors; sectors: steel, cement, chemicals, textiles, machinery, autos, electronics, pharmaceuticals, solar, electric_vehicles",
			"testdata/bad/event.toml:19: event[2].sector[2].share = 0.5: events cannot change a sector's share (its capacity at the start); use [event.shock] for demand",
			"testdata/bad/event.toml:20: event[2].sector[2].priority = -1: must be >= 0",
			`testdata/bad/event.toml:21: event[2].sector[2].prority = 3: unknown key (did you mean "priority"?); an event may change a sector's growth and priority`,
			`testdata/bad/event.toml:23: event[2].sector[3].name = "steel": sets nothing: give the sector a new growth or priority`,
			"testdata/bad/event.toml:24: event[2].instrument = [{...}]: events cannot change the instrument table (declare it in [[instrument]]; change policy.toolbox to change the tools in use)",
		}},
		// A run may go on past 9999 (start_year is at most 9999, steps
		// are many): an event in it is accepted, one out of it is told
		// the run's years.
		{"event years", "event_years.toml", []string{
			"testdata/bad/event_years.toml:13: event[2].year = 10002: must lie in the run, 9999 to 10001",
			"testdata/bad/event_years.toml:16: event[3].year = 0: must lie in the run, 9999 to 10001",
			"testdata/bad/event_years.toml:19: event[4].year = 2005.5: must be a calendar year (an integer) within the run",
		}},
		{"event labels", "event_label.toml", []string{
			`testdata/bad/event_label.toml:8: event[1].label = "two\nlines": must be one line of text, without line breaks, tabs or other control characters: it is the event's detail in events.csv, and a line break splits its row for readers that take one line per row (Stata's import delimited, grep)`,
			`testdata/bad/event_label.toml:13: event[2].label = "tab\there": must be one line of text, without line breaks, tabs or other control characters: it is the event's detail in events.csv, and a line break splits its row for readers that take one line per row (Stata's import delimited, grep)`,
		}},
		{"names outside ASCII", "ascii_names.toml", []string{
			`testdata/bad/ascii_names.toml:2: sector[1].name = "aciér": may contain only ASCII letters, digits, '_' and '-'`,
			`testdata/bad/ascii_names.toml:6: arm[1].name = "régime": must be a name of ASCII letters, digits, '_' and '-'`,
		}},
		{"table entries", "table_entry.toml", []string{
			`testdata/bad/table_entry.toml:4: sector[2].share = <missing>: required for a new sector (the table it replaces has no sector named "hydrogen")`,
			`testdata/bad/table_entry.toml:8: sector[3].name = <missing>: required: every [[sector]] entry is named (the name of an entry of the table it replaces keeps that entry's values)`,
			"testdata/bad/table_entry.toml:13: instrument[1].cost = 0: must be > 0",
			`testdata/bad/table_entry.toml:16: instrument[2].name = "subsidy": duplicate name: instrument[1] has it too`,
		}},
		{"arms", "arms.toml", []string{
			`testdata/bad/arms.toml:5: arm[2].name = "a": duplicate arm name: arm[1], line 2, has it too: give each arm its own name`,
			`testdata/bad/arms.toml:8: arm[3].name = "b.c": must be a name of ASCII letters, digits, '_' and '-'`,
			"testdata/bad/arms.toml:10: arm[4].name = <missing>: required",
			`testdata/bad/arms.toml:12: arm[4].label = "x": unknown key`,
			`testdata/bad/arms.toml:15: arm[5].name = "A": differs from arm "a" only in case, and the charts named after arms would overwrite each other on macOS and Windows: choose another arm name`,
		}},
		{"[arm] for [[arm]]", "arm_table.toml", []string{
			"testdata/bad/arm_table.toml:4: [arm]: must be [[arm]], an array of tables: one [[arm]] per entry, with its name",
		}},
		{"[arm.policy] without [[arm]]", "arm_section.toml", []string{
			"testdata/bad/arm_section.toml:4: [arm.policy]: needs a [[arm]] with its name above it: [arm.policy] belongs to the [[arm]] entry before it",
			"testdata/bad/arm_section.toml:7: [event.market]: needs a [[event]] with its year above it: [event.market] belongs to the [[event]] entry before it",
		}},
		{"sweep", "sweep.toml", []string{
			"testdata/bad/sweep.toml:3: sweep.points = -1: must be in [0, 1000000]",
			`testdata/bad/sweep.toml:5: sweep.values."policy.autonomy" = 2: must be in [0, 1]`,
			`testdata/bad/sweep.toml:6: sweep.values."policy.autonmy" = [0.1]: unknown key (did you mean "policy.autonomy"?)`,
			`testdata/bad/sweep.toml:7: sweep.values."world.heterogeneity" = []: must be a non-empty list of values, e.g. [0.0, 0.5, 1.0]`,
			`testdata/bad/sweep.toml:9: sweep.ranges."policy.autonomy" = [1, 0]: low must be below high`,
			// low == high: the key would not vary, and its indices would call it without influence
			`testdata/bad/sweep.toml:10: sweep.ranges."policy.pilot_share" = [0.1, 0.1]: low must be below high`,
		}},
		{"sweep method in another file than the swept keys", "sweep_method_child.toml", []string{
			`testdata/bad/sweep_method_child.toml:6: sweep.method = "halton": samplers take [sweep.ranges]; [sweep.values] need method = "grid" ([sweep.values] is set at testdata/bad/sweep_grid_parent.toml:6)`,
		}},
		{"integer sweep ranges that hold at most one value, or reach past 2^53", "sweep_integer.toml", []string{
			`testdata/bad/sweep_integer.toml:5: sweep.ranges."world.provinces" = [1.5, 2.5]: the key takes integers, and only 2 lies between low and high: it would not vary; widen the range, or set the key instead of sweeping it`,
			`testdata/bad/sweep_integer.toml:6: sweep.ranges."world.cities_per_province" = [2.5, 2.9]: the key takes integers, and there is none between low and high`,
			// the end as written, not as it wrapped around in an int64 (-9223372036854775808)
			`testdata/bad/sweep_integer.toml:8: sweep.ranges."world.counties_per_city" = [0, 1e+300]: the key takes integers: low and high must lie within ±9007199254740992 (2^53), where a sampler can draw each whole number`,
			`testdata/bad/sweep_integer.toml:9: sweep.ranges."policy.review_interval" = [-1e+19, 4]: low and high must be >= 1 (the range of policy.review_interval)`,
			`testdata/bad/sweep_integer.toml:10: sweep.ranges."policy.pilot_length" = [1, 1e+16]: the key takes integers: low and high must lie within ±9007199254740992 (2^53), where a sampler can draw each whole number`,
		}},
		{"sweep keys that are not parameters", "sweep_reserved.toml", []string{
			`testdata/bad/sweep_reserved.toml:2: sweep.values."name" = ["a", "b"]: cannot be swept: it names or describes the scenario, and is not a model parameter`,
			`testdata/bad/sweep_reserved.toml:3: sweep.values."description" = ["x", "y"]: cannot be swept: it names or describes the scenario, and is not a model parameter`,
			`testdata/bad/sweep_reserved.toml:4: sweep.values."output.dir" = ["a", "b"]: cannot be swept: it is not a model parameter`,
		}},
		{"sweep keys refused whatever the value", "sweep_keys.toml", []string{
			`testdata/bad/sweep_keys.toml:2: sweep.values."arm.nosuch.policy.autonomy" = [0.1, 0.2]: unknown arm "nosuch"; arms: main`,
			`testdata/bad/sweep_keys.toml:3: sweep.values."event.year" = [2000, 2001]: cannot be swept: events are the same at every point (edit the [[event]] entries in the file)`,
			`testdata/bad/sweep_keys.toml:4: sweep.values."sector.nosuch.growth" = [0.1, 0.2]: unknown sector "nosuch"; sectors: steel, cement, chemicals, textiles, machinery, autos, electronics, pharmaceuticals, solar, electric_vehicles`,
		}},
		// as a grid's: an unknown arm is named, not taken for a key whose
		// nearest is the key of every arm
		{"sampler keys refused whatever the value", "sweep_range_keys.toml", []string{
			`testdata/bad/sweep_range_keys.toml:5: sweep.ranges."arm.nosuch.policy.autonomy" = [0.1, 0.2]: unknown arm "nosuch"; arms: main`,
			`testdata/bad/sweep_range_keys.toml:6: sweep.ranges."arm.main.policy.autonmy" = [0.1, 0.2]: unknown key (did you mean "arm.main.policy.autonomy"?)`,
			`testdata/bad/sweep_range_keys.toml:7: sweep.ranges."sector.nosuch.growth" = [0.1, 0.2]: unknown sector "nosuch"; sectors: steel, cement, chemicals, textiles, machinery, autos, electronics, pharmaceuticals, solar, electric_vehicles`,
		}},
		// the [sweep.values] or [sweep.ranges] header left out: not a
		// bare "unknown key", nor "did you mean points?"
		{"swept keys directly under [sweep]", "sweep_stray.toml", []string{
			`testdata/bad/sweep_stray.toml:3: sweep."world.provinces" = [1, 2]: unknown key of [sweep]: swept keys go under [sweep.values] (grid) or [sweep.ranges] (samplers), with their section: write "world.provinces" = [1, 2] under [sweep.values]`,
			`testdata/bad/sweep_stray.toml:4: sweep.provinces = [1, 2]: unknown key of [sweep]: swept keys go under [sweep.values] (grid) or [sweep.ranges] (samplers), with their section: write "world.provinces" = [1, 2] under [sweep.values]`,
			`testdata/bad/sweep_stray.toml:5: sweep.world.heterogeneity = [0.0, 1.0]: unknown key of [sweep]: swept keys go under [sweep.values] (grid) or [sweep.ranges] (samplers), with their section: write "world.heterogeneity" = [0.0, 1.0] under [sweep.values]`,
			`testdata/bad/sweep_stray.toml:6: sweep.provinse = [1, 2]: unknown key of [sweep]: swept keys go under [sweep.values] (grid) or [sweep.ranges] (samplers), with their section: did you mean "world.provinces" under [sweep.values]?`,
			`testdata/bad/sweep_stray.toml:7: sweep.autonomy = 0.3: unknown key of [sweep]: swept keys go under [sweep.values] (grid) or [sweep.ranges] (samplers), with their section: write "policy.autonomy" = [...] under [sweep.values]; or, to set it, autonomy = 0.3 under [policy]`,
			`testdata/bad/sweep_stray.toml:8: sweep.point = 3: unknown key (did you mean "points"?)`,
		}},
		{"sampler keys directly under [sweep]", "sweep_stray_sampler.toml", []string{
			`testdata/bad/sweep_stray_sampler.toml:4: sweep."policy.autonomy" = [0.0, 1.0]: unknown key of [sweep]: swept keys go under [sweep.values] (grid) or [sweep.ranges] (samplers), with their section: write "policy.autonomy" = [0.0, 1.0] under [sweep.ranges]`,
		}},
		{"unquoted sweep keys", "sweep_unquoted.toml", []string{
			`testdata/bad/sweep_unquoted.toml:4: sweep.values.world.heterogeneity = [0.0, 1.0]: a dotted key in [sweep.values] must be quoted: write "world.heterogeneity" = [0.0, 1.0] (unquoted, TOML reads world as a table)`,
			`testdata/bad/sweep_unquoted.toml:6: sweep.values.arm.a.policy.autonomy = [0.1]: a dotted key in [sweep.values] must be quoted: write "arm.a.policy.autonomy" = [0.1] (unquoted, TOML reads arm as a table)`,
		}},
		// keys of the whole file written in an arm: say where they go
		{"file keys in an arm", "arm_file_keys.toml", []string{
			`testdata/bad/arm_file_keys.toml:3: arm.a.inherit_events = false: unknown key: events belong to the whole file; write inherit_events at the top of the file`,
			`testdata/bad/arm_file_keys.toml:4: arm.a.extends = "default": unknown key: a file extends one file for all its arms; to start an arm from a preset, write preset = "NAME" in it`,
			`testdata/bad/arm_file_keys.toml:5: arm.a.run = {...}: unknown key: [run] is the same for every arm; write it at the top of the file`,
			`testdata/bad/arm_file_keys.toml:7: arm.a.event = [{...}]: unknown key: events belong to the whole file; write [[event]] at the top of the file, with arms = ["NAME"] for some arms only, and give an arm its own values under [arm.policy] and the other arm sections`,
		}},
		// keys the model reads only when it sets the world up: an event
		// setting them would change nothing
		{"set-up keys in an event", "event_setup_only.toml", []string{
			"testdata/bad/event_setup_only.toml:4: event[1].market.demand_slack = 0.2: events cannot change it: the model reads it only at set-up, at the start of the run",
			"testdata/bad/event_setup_only.toml:6: event[1].officials.fit_precision = 2.0: events cannot change it: the model reads it only at set-up, at the start of the run",
		}},
		{"instrument table without a preset's tool", "dropped_instrument.toml", []string{
			`testdata/bad/dropped_instrument.toml:1: [[instrument]]: has no instruments "subsidy", "tax_incentive", which the arm's preset "centralized_money" names in its policy.toolbox (presets/centralized_money.toml:11); add them to the table, or set policy.toolbox yourself (in arm money)`,
		}},
		{"toolbox and a table that drops its tool", "toolbox_table.toml", []string{
			`testdata/bad/toolbox_table.toml:4: policy.toolbox = ["subsidy", "training"]: unknown instrument "training" (the instrument table [[arm.b.instrument]] is set at line 10) (in arm b)`,
		}},
		{"whole-parameter checks", "semantic.toml", []string{
			"testdata/bad/semantic.toml:2: officials.age_min = 60: must be <= officials.age_max (50) (officials.age_max is set at line 3)",
			"testdata/bad/semantic.toml:7: world.stage_mature = 1: must be > world.stage_entry (2) (world.stage_entry is set at line 6)",
			"testdata/bad/semantic.toml:9: world.counties_per_city = 3: must be 0 when world.cities_per_province is 0 (counties belong to cities) (world.cities_per_province is set at line 8)",
		}},
		{"sets nothing", "empty.toml", []string{
			`testdata/bad/empty.toml: sets nothing: to run the default scenario, give no file (ipsim run), or write extends = "default" in it`,
		}},
		{"extends a file that sets nothing", "extends_empty.toml", []string{
			`testdata/bad/extends_empty.toml:3: extends = "empty.toml": testdata/bad/empty.toml sets nothing (is it empty or cut short?): give it its keys, or extend a preset instead`,
		}},
		{"missing file", "no_such.toml", []string{
			"testdata/bad/no_such.toml: cannot read scenario: no such file",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			s, err := Load("testdata/bad/" + tt.file)
			if s != nil || err == nil {
				t.Fatalf("Load(%s) = %v, %v; want an error", tt.file, s, err)
			}
			checkProblems(t, err, tt.want)
		})
	}
}

func checkProblems(t *testing.T, err error, want []string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v, want *Error", err, err)
	}
	got := strings.Split(err.Error(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(e.Problems) != len(want) {
		t.Errorf("%d problems, want %d", len(e.Problems), len(want))
	}
}

// TestBadSets checks --set overrides: the same types and checks as a file.
func TestBadSets(t *testing.T) {
	tests := []struct {
		name string
		sets []string
		want []string
	}{
		{"out of range", []string{"world.heterogeneity=-0.3"}, []string{"--set: world.heterogeneity = -0.3: must be in [0, 10]"}},
		{"unknown key", []string{"policy.autonmy=0.5"}, []string{`--set: policy.autonmy = 0.5: unknown key (did you mean "policy.autonomy"?)`}},
		// a suggestion must be near in name, not only share the section
		{"unknown key, no near name", []string{"world.size=0.5"}, []string{"--set: world.size = 0.5: unknown key"}},
		{"key of another section", []string{"policy.heterogeneity=0.5"}, []string{`--set: policy.heterogeneity = 0.5: unknown key (did you mean "world.heterogeneity"?)`}},
		{"no section", []string{"autonomy=0.5"}, []string{`--set: autonomy = 0.5: unknown key (did you mean "policy.autonomy"? keys are section.key)`}},
		{"no section, misspelt", []string{"heterogenity=0.5"}, []string{`--set: heterogenity = 0.5: unknown key (did you mean "world.heterogeneity"? keys are section.key)`}},
		{"unknown section", []string{"polcy.autonomy=0.5"}, []string{`--set: polcy.autonomy = 0.5: unknown key (did you mean "policy.autonomy"?)`}},
		{"wrong type", []string{"run.steps=ten"}, []string{`--set: run.steps = "ten": must be an integer in [1, 10000000]`}},
		{"nan", []string{"policy.platform=nan"}, []string{"--set: policy.platform = nan: must be a finite number in [0, 1]"}},
		// a number TOML does not read arrives as a bare word: say how to write it
		{"number not in TOML", []string{"policy.autonomy=.5", "policy.platform=0,5", "policy.pilot_share=10%", "world.provinces=03"}, []string{
			`--set: policy.autonomy = ".5": must be a number in [0, 1] (write it as a TOML number: 0.5)`,
			`--set: policy.platform = "0,5": must be a number in [0, 1] (TOML numbers have no commas: 0.5, not 0,5; 1000, not 1,000)`,
			`--set: policy.pilot_share = "10%": must be a number in [0, 1] (write 0.1 for 10%: no %)`,
			`--set: world.provinces = "03": must be an integer >= 1 (write it as a TOML number: 3)`,
		}},
		// an integer key's hint is digits (TOML reads 1e+06 as a float,
		// which the key refuses), and none past what TOML integers hold
		{"integer not in TOML", []string{"run.steps=01000000", "run.seed=99999999999999999999"}, []string{
			`--set: run.steps = "01000000": must be an integer in [1, 10000000] (write it as a TOML number: 1000000)`,
			`--set: run.seed = "99999999999999999999": must be an integer in [0, 9223372036854775807]`,
		}},
		// the abbreviations and other names of the samplers
		{"method abbreviations", []string{"sweep.method=LHS", "sweep.method=saltelli"}, []string{
			`--set: sweep.method = "LHS": must be one of "grid", "latin_hypercube", "halton", "sobol", "morris" (did you mean "latin_hypercube"?)`,
			`--set: sweep.method = "saltelli": must be one of "grid", "latin_hypercube", "halton", "sobol", "morris" (did you mean "sobol"?)`,
		}},
		{"curly quotes", []string{"policy.promotion_basis=\u201cresults\u201d"}, []string{"--set: policy.promotion_basis = \"\u201cresults\u201d\": must be one of \"results\", \"reports\", \"seniority\" (did you mean \"results\"?)"}},
		{"negative seed", []string{"run.seed=-4"}, []string{"--set: run.seed = -4: must be in [0, 9223372036854775807]"}},
		{"table value", []string{"run={steps=3}"}, []string{"--set: run: must be a number, a string, true or false, or a list of names, not a table or other value"}},
		{"unknown arm", []string{"arm.centralised.policy.autonomy=0.2"}, []string{`--set: arm.centralised.policy.autonomy = 0.2: unknown arm "centralised" (did you mean "centralized"?); arms: coordinated_autonomy, centralized, laissez_faire`}},
		{"unknown instrument", []string{`policy.toolbox=["subsidies"]`}, []string{`--set: policy.toolbox = ["subsidies"]: unknown instrument "subsidies" (did you mean "subsidy"?)`}},
		{"empty toolbox", []string{"policy.toolbox=[]"}, []string{"--set: policy.toolbox = []: must name at least one instrument (to allow every one, list them all: left out, the key keeps the toolbox the scenario inherits, every instrument only if nothing it extends narrows it)"}},
		{"unknown sector", []string{"sector.steal.growth=0.1"}, []string{`--set: sector.steal.growth = 0.1: unknown sector "steal" (did you mean "steel"?); sectors: steel, cement, chemicals, textiles, machinery, autos, electronics, pharmaceuticals, solar, electric_vehicles`}},
		{"enum", []string{"policy.promotion_basis=merit"}, []string{`--set: policy.promotion_basis = "merit": must be one of "results", "reports", "seniority"`}},
		// as in a file, where such bytes are a syntax error
		{"not UTF-8", []string{"name=a\xffb"}, []string{`--set: name = "a\xffb": is not valid UTF-8 text: write names and values in UTF-8`}},
		{"no equals sign", []string{"policy.autonomy"}, []string{"--set: policy.autonomy: must be key=value, e.g. policy.autonomy=0.5"}},
		{"world too large", []string{"world.provinces=10000000"}, []string{"--set: world.provinces = 10000000: world too large: 110000000 regions x 10 sectors x 10 instruments need about 1.1 TiB per run; at most 16 GiB (see Memory in scenarios/README.md)"}},
		// a key of one arm is corrected to a key of that arm: the key
		// suggested for every arm would change them all
		{"unknown arm key", []string{"arm.centralized.policy.autonmy=0.5"}, []string{`--set: arm.centralized.policy.autonmy = 0.5: unknown key (did you mean "arm.centralized.policy.autonomy"?)`}},
		{"arm key, no section", []string{"arm.centralized.autonomy=0.5"}, []string{`--set: arm.centralized.autonomy = 0.5: unknown key (did you mean "arm.centralized.policy.autonomy"? keys are arm.NAME.section.key)`}},
		{"arm sector, no key", []string{"arm.centralized.sector.solar=0.5"}, []string{`--set: arm.centralized.sector.solar = 0.5: must be arm.centralized.sector.NAME.KEY, e.g. arm.centralized.sector.steel.growth`}},
		{"arm run", []string{"arm.centralized.run.seed=3"}, []string{`--set: arm.centralized.run.seed = 3: unknown key: [run] is the same for every arm (run.seed)`}},
		// a section given a value: name one of its keys, not "unknown key"
		{"section", []string{"world=3"}, []string{"--set: world = 3: a section, not a key: name one of its keys, e.g. world.provinces"}},
		{"run section", []string{"run=3"}, []string{"--set: run = 3: a section, not a key: name one of its keys, e.g. run.steps"}},
		{"arm section", []string{"arm.centralized.policy=0.5"}, []string{"--set: arm.centralized.policy = 0.5: a section, not a key: name one of its keys, e.g. arm.centralized.policy.autonomy"}},
		{"an event as messages name it", []string{"event[1].year=2001"}, []string{"--set: event[1].year = 2001: events cannot be overridden: event=[] drops them all; to change one, edit the [[event]] in the file"}},
		{"events of one arm", []string{"arm.centralized.event=[]"}, []string{"--set: arm.centralized.event = []: unknown key: events cannot be overridden, in one arm or all: event=[] drops them all; to change one or the arms it applies to, edit the [[event]] in the file"}},
		{"extends", []string{"extends=default"}, []string{`--set: extends = "default": cannot be overridden: the file's extends chain is resolved before overrides apply; edit the file`}},
		{"inherit_events", []string{"inherit_events=false"}, []string{"--set: inherit_events = false: cannot be overridden: the file's extends chain is resolved before overrides apply; edit the file"}},
		{"events", []string{"event.1.year=2001"}, []string{"--set: event.1.year = 2001: events cannot be overridden: event=[] drops them all; to change one, edit the [[event]] in the file"}},
		{"all at once", []string{"policy.autonomy=2", "world.provinces=0"}, []string{
			"--set: policy.autonomy = 2: must be in [0, 1]",
			"--set: world.provinces = 0: must be >= 1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := LoadPreset("default", tt.sets...)
			if s != nil || err == nil {
				t.Fatalf("LoadPreset(default, %q) succeeded; want an error", tt.sets)
			}
			checkProblems(t, err, tt.want)
		})
	}
}

// TestSetEntryOfSomeArms: a --set of a sector that only some arms' tables
// have names the arm that lacks it and the key that sets it in the others,
// rather than listing that arm's sectors as if the name were a typo.
func TestSetEntryOfSomeArms(t *testing.T) {
	path := writeIn(t, t.TempDir(), "s.toml", "[[arm]]\nname = \"x\"\n[[arm.sector]]\nname = \"steel\"\n[[arm.sector]]\nname = \"solar\"\n"+
		"[[arm]]\nname = \"y\"\n")
	_, err := Load(path, "sector.cement.growth=0.1")
	checkProblems(t, err, []string{`--set: sector.cement.growth = 0.1: unknown sector "cement"; sectors: steel, solar (in arm "x"; arm "y" has it: set arm.NAME.sector.cement.growth in the arms that have it)`})
	if _, err := Load(path, "arm.y.sector.cement.growth=0.1"); err != nil {
		t.Errorf("arm.y.sector.cement.growth: %v", err)
	}
}

func TestUnknownPreset(t *testing.T) {
	_, err := LoadPreset("centraliz")
	checkProblems(t, err, []string{`preset:centraliz: unknown preset (did you mean "centralized"?); presets: ` + presetList})
}

// TestPresetNameAsFile: Load of a bare preset name (a library user's
// Load("china"); ipsim run sends those to LoadPreset) says to LoadPreset
// it as a preset, not only that there is no such file.
func TestPresetNameAsFile(t *testing.T) {
	_, err := Load("china")
	checkProblems(t, err, []string{`china: cannot read scenario: no such file (china names a preset, not a file: load it as a preset (LoadPreset))`})
}

// TestLongValuesClipped: a runaway value is echoed in part, with its size.
func TestLongValuesClipped(t *testing.T) {
	p := Problem{File: "f.toml", Line: 2, Key: "world.provinces", Value: `"` + strings.Repeat("x", 5000) + `"`, Reason: "must be an integer >= 1"}
	got := p.String()
	if len(got) > 200 || !strings.Contains(got, "... (5002 bytes): must be an integer >= 1") {
		t.Errorf("message = %q (%d bytes), want the value clipped", got, len(got))
	}
}

// TestHugeFileRefused: a file far larger than any scenario is refused
// before it is read.
func TestHugeFileRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.toml")
	if err := os.WriteFile(path, make([]byte, maxScenarioSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "not a scenario file") {
		t.Errorf("Load of a %d-byte file: %v", maxScenarioSize+1, err)
	}
}

// TestChecksBetweenKeys: a check between two keys is reported at the key
// the user wrote (a file, a --set, an event), not at the other one, and
// names both when both were written.
func TestChecksBetweenKeys(t *testing.T) {
	tests := []struct {
		name string
		file string
		sets []string
		want []string
	}{
		{"retire_age alone", "[officials]\nretire_age = 50.0\n", nil, []string{
			"s.toml:2: officials.retire_age = 50.0: must be > officials.age_max (55): new officials would retire at once",
		}},
		{"age_max alone", "[officials]\nage_max = 35.0\n", nil, []string{
			"s.toml:2: officials.age_max = 35.0: must be >= officials.age_min (40)",
		}},
		{"stage_entry alone", "[world]\nprovinces = 2\nstage_entry = 3.0\n", nil, []string{
			"s.toml:3: world.stage_entry = 3.0: must be < world.stage_mature (2)",
		}},
		{"cities under a preset's counties", "extends = \"china\"\n[world]\ncities_per_province = 0\n", nil, []string{
			"s.toml:3: world.cities_per_province = 0: must be >= 1 when world.counties_per_city is 8 (counties belong to cities)",
		}},
		{"both written", "[officials]\nretire_age = 50.0\nage_max = 52.0\n", nil, []string{
			"s.toml:3: officials.age_max = 52.0: must be < officials.retire_age (50): new officials would retire at once (officials.retire_age is set at line 2)",
		}},
		{"in an arm", "[[arm]]\nname = \"a\"\n[arm.officials]\nretire_age = 50.0\n", nil, []string{
			"s.toml:4: arm.a.officials.retire_age = 50.0: must be > officials.age_max (55): new officials would retire at once",
		}},
		{"an event", "[[event]]\nyear = 2003\n[event.officials]\nretire_age = 50.0\n", nil, []string{
			"s.toml:4: event[1].officials.retire_age = 50.0: must be > officials.age_max (55): new officials would retire at once",
		}},
		{"an event against the file", "[officials]\nage_max = 52.0\n[[event]]\nyear = 2003\n[event.officials]\nretire_age = 51.0\n", nil, []string{
			"s.toml:6: event[1].officials.retire_age = 51.0: must be > officials.age_max (52): new officials would retire at once (officials.age_max is set at line 2)",
		}},
		{"--set", "[run]\nsteps = 8\n", []string{"officials.retire_age=50"}, []string{
			"--set: officials.retire_age = 50: must be > officials.age_max (55): new officials would retire at once",
		}},
		{"an event against a --set", "[[event]]\nyear = 2001\n[event.officials]\nretire_age = 58.0\n", []string{"officials.age_max=59"}, []string{
			"s.toml:4: event[1].officials.retire_age = 58.0: must be > officials.age_max (59): new officials would retire at once (officials.age_max is set by --set)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "s.toml"), []byte(tt.file), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			_, err := Load("s.toml", tt.sets...)
			if err == nil {
				t.Fatalf("Load succeeded; want %q", tt.want)
			}
			checkProblems(t, err, tt.want)
		})
	}
	t.Run("on a preset", func(t *testing.T) {
		_, err := LoadPreset("default", "officials.retire_age=50")
		checkProblems(t, err, []string{"--set: officials.retire_age = 50: must be > officials.age_max (55): new officials would retire at once"})
	})
}

// TestPairs: every check between two keys that locateField knows is one
// agents.Params.Validate makes, under the key pairs names.
func TestPairs(t *testing.T) {
	breaks := map[string]func(p *agents.Params){
		"officials.age_min":       func(p *agents.Params) { p.Officials.AgeMin = p.Officials.AgeMax + 1 },
		"officials.age_max":       func(p *agents.Params) { p.Officials.AgeMax = p.Officials.RetireAge },
		"world.stage_mature":      func(p *agents.Params) { p.World.StageMature = p.World.StageEntry },
		"world.counties_per_city": func(p *agents.Params) { p.World.CountiesPerCity, p.World.CitiesPerProvince = 2, 0 },
	}
	for key := range pairs {
		brk, ok := breaks[key]
		if !ok {
			t.Errorf("pairs[%q]: no test case", key)
			continue
		}
		p := agents.DefaultParams()
		brk(&p)
		fes := fieldErrors(p.Validate())
		if len(fes) != 1 || fes[0].Key != key {
			t.Errorf("breaking %s: Validate reports %v, want one problem with that key", key, p.Validate())
		}
	}
}

// TestOverridesAsDocumented: the keys the reference says overrides take
// and refuse.
func TestOverridesAsDocumented(t *testing.T) {
	for _, set := range []string{"name=x", "description=what it is for", "run.seed=3", "output.dir=out", "sweep.method=halton", "sweep.points=3",
		"event=[]", `policy.toolbox=["subsidy","land"]`, "sector.solar.growth=0.2", "instrument.subsidy.cost=2", "arm.centralized.policy.autonomy=0.1"} {
		if _, err := LoadPreset("default", set); err != nil {
			t.Errorf("--set %s: %v", set, err)
		}
	}
	for _, set := range []string{`sweep.values={}`, `sweep.ranges.x=[0,1]`, "event.year=2001", "event=[1]", "arm.centralized.name=c",
		"arm.centralized.preset=default", "sector.solar.name=sun", "instrument.subsidy.name=cash"} {
		if _, err := LoadPreset("default", set); err == nil {
			t.Errorf("--set %s accepted; the reference says it is refused", set)
		}
	}
}

// TestByteOrderMark: a file saved with a UTF-8 byte order mark (as
// Windows editors save it) names the same lines as one without: the mark
// must not hide the first line's table, nor shift every [[arm]] by one.
func TestByteOrderMark(t *testing.T) {
	text := "[[arm]]\nname = \"a\"\npreset = \"centralized\"\n[arm.policy]\npilot_share = 2\n\n" +
		"[[arm]]\nname = \"b\"\npreset = \"centralized\"\n[arm.policy]\npilot_share = 0.1\n"
	dir := t.TempDir()
	_, err := Load(writeIn(t, dir, "bom.toml", "\ufeff"+text))
	checkProblems(t, err, []string{filepath.Join(dir, "bom.toml") + ":5: arm.a.policy.pilot_share = 2: must be in [0, 1]"})
	_, err = Load(writeIn(t, dir, "world.toml", "\ufeff[world]\nprovinces = -3\n"))
	checkProblems(t, err, []string{filepath.Join(dir, "world.toml") + ":2: world.provinces = -3: must be >= 1"})
}

// TestSyntaxLineAsSaved: a syntax error is reported on its own line
// however the file was saved: with a byte order mark, with Windows line
// ends.
func TestSyntaxLineAsSaved(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"bom", "\ufeff[world]\n[policy\nautonomy = 0.5\n", `:2: syntax error: expected '.' or ']' to end table name, but got '\n' instead`},
		{"crlf", "[world]\r\n[policy\r\nautonomy = 0.5\r\n", `:2: syntax error: expected '.' or ']' to end table name, but got '\r' instead`},
		// the parser's offset of a control character is the byte before
		// it, here the line break ending line 1
		{"control", "[world]\n\x01[policy]\n", `:2: syntax error: TOML files cannot contain control characters: '0x01'`},
		// a string left open in a file with Windows line ends: the
		// parser counts one line too few
		{"crlf_string", "[world]\r\n[policy]\r\npromotion_basis = \"results\r\nautonomy = 0.5\r\n", `:3: syntax error: strings cannot contain newlines`},
		{"bom_string", "\ufeffname = 's'\ndescription = '''x\n\n[world]\n", `:2: syntax error: unexpected EOF; expected "'''": the multi-line string that opens on this line is never closed`},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		path := writeIn(t, dir, tt.name+".toml", tt.text)
		_, err := Load(path)
		checkProblems(t, err, []string{path + tt.want})
	}
}

// TestExtendsBareName: extends = "NAME" that is no preset and no file
// says so only when there is no such file: a folder of that name is
// told as one, and NAME.toml is suggested when it exists.
func TestExtendsBareName(t *testing.T) {
	dir := t.TempDir()
	writeIn(t, dir, "base.toml", "[run]\nsteps = 8\n")
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ target, want string }{
		{"base", `no preset or file of that name (did you mean "base.toml"?); presets: ` + presetList},
		{"sub", "cannot read " + filepath.Join(dir, "sub") + ": is a directory"},
		{"defualt", `no preset or file of that name (did you mean "default"?); presets: ` + presetList},
	}
	for _, tt := range tests {
		path := writeIn(t, dir, "child.toml", fmt.Sprintf("extends = %q\n", tt.target))
		_, err := Load(path)
		checkProblems(t, err, []string{fmt.Sprintf("%s:1: extends = %q: %s", path, tt.target, tt.want)})
	}
}

// TestExtendsPresetBesideFile: extends = "NAME" is the preset NAME even
// beside a file of that name, and warns, once, that it took the preset;
// "./NAME" is the file, without a warning.
func TestExtendsPresetBesideFile(t *testing.T) {
	dir := t.TempDir()
	writeIn(t, dir, "default", "[run]\nsteps = 5\n")
	path := writeIn(t, dir, "child.toml", "extends = \"default\"\n[[arm]]\nname = \"a\"\n[[arm]]\nname = \"b\"\n")
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := path + `:1: extends = "default": the preset default, not the file default beside this one (a preset's name is the preset: write extends = "./default" for the file)`
	n := 0
	for _, w := range s.Warnings {
		if w == want {
			n++
		}
	}
	if s.Run.Steps != DefaultRun().Steps || n != 1 {
		t.Errorf("steps %d, warnings %q; want the preset's steps and, once, %q", s.Run.Steps, s.Warnings, want)
	}
	path = writeIn(t, dir, "child.toml", "extends = \"./default\"\n")
	if s, err = Load(path); err != nil || s.Run.Steps != 5 || slices.ContainsFunc(s.Warnings, func(w string) bool { return strings.Contains(w, "not the file") }) {
		t.Errorf("extends ./default: %v, steps %v, warnings %q; want the file's 5, no warning", err, s.Run.Steps, s.Warnings)
	}
}

// TestShockWithoutSector: a shock whose sector key is misspelt is
// reported as the missing key and the unknown one, not also as an
// unknown sector "", and a later shock keeps its own line.
func TestShockWithoutSector(t *testing.T) {
	dir := t.TempDir()
	path := writeIn(t, dir, "s.toml", "[[event]]\nyear = 2005\n[[event.shock]]\nsectr = \"steel\"\ndemand = -0.1\n"+
		"[[event.shock]]\nsector = \"stel\"\ndemand = -0.1\n")
	_, err := Load(path)
	checkProblems(t, err, []string{
		path + ":3: event[1].shock[1].sector = <missing>: required",
		path + `:4: event[1].shock[1].sectr = "steel": unknown key (did you mean "sector"?)`,
		path + `:7: event[1].shock[2].sector = "stel": unknown sector (did you mean "steel"?); sectors: steel, cement, chemicals, textiles, machinery, autos, electronics, pharmaceuticals, solar, electric_vehicles`,
	})
}

// TestWithZeroScenario: With and Point on a Scenario that did not come
// from Load refuse it with an error that says where to get one; they
// divided by the zero steps_per_year.
func TestWithZeroScenario(t *testing.T) {
	var z Scenario
	for name, f := range map[string]func() (*Scenario, error){
		"With":  func() (*Scenario, error) { return z.With(Override{Key: "policy.autonomy", Value: 0.5}) },
		"Point": func() (*Scenario, error) { return z.Point() },
	} {
		s, err := f()
		if s != nil || err == nil || !strings.Contains(err.Error(), "scenarios: ") || !strings.Contains(err.Error(), "Load") {
			t.Errorf("%s on a zero Scenario: %v, %v; want an error naming Load", name, s, err)
		}
	}
}

// TestWithUnsignedBeyondInt64: a Go uint64 too large for a TOML integer
// (half the seeds sim.Seed derives) is refused as too large, with its
// value, not as a value of the wrong kind.
func TestWithUnsignedBeyondInt64(t *testing.T) {
	s, err := LoadPreset("default")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.With(Override{Key: "run.seed", Value: uint64(1) << 62}); err != nil {
		t.Errorf("run.seed = 2^62 as a uint64: %v", err)
	}
	for _, v := range []any{uint64(1) << 63, uint(1) << 63} {
		_, err := s.With(Override{Key: "run.seed", Value: v})
		checkProblems(t, err, []string{"override: run.seed = 9223372036854775808: must be at most 9223372036854775807: TOML integers are signed 64-bit"})
	}
}

// TestLoadNoPath: Load("") says that no file was given and what to pass,
// and a Problem without a file or line does not start with ": ".
func TestLoadNoPath(t *testing.T) {
	_, err := Load("")
	checkProblems(t, err, []string{"scenarios: no scenario file given: pass the path of a .toml file, or LoadPreset a preset's name (ipsim presets lists them)"})
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{Key: "run.steps", Value: "0", Reason: "must be >= 1"}, "run.steps = 0: must be >= 1"},
		{Problem{Reason: "no arms"}, "no arms"},
		{Problem{File: "a.toml", Reason: "no arms"}, "a.toml: no arms"},
		{Problem{File: "a.toml", Line: 3, Key: "k", Reason: "bad"}, "a.toml:3: k: bad"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}

// TestWithOtherNumberTypes: Override promises that integer and float
// types other than TOML's are converted; an int8, a uint16 or a named
// integer type was refused as "must be a number", which it is.
func TestWithOtherNumberTypes(t *testing.T) {
	s, err := LoadPreset("default")
	if err != nil {
		t.Fatal(err)
	}
	type count int
	type seed uint64
	for _, v := range []any{int8(3), int16(3), uint8(3), uint16(3), count(3)} {
		w, err := s.With(Override{Key: "world.provinces", Value: v})
		if err != nil {
			t.Errorf("world.provinces = %T(3): %v", v, err)
			continue
		}
		if got := w.Arms[0].Params.World.Provinces; got != 3 {
			t.Errorf("world.provinces = %T(3): got %d", v, got)
		}
	}
	type share float64
	if w, err := s.With(Override{Key: "policy.autonomy", Value: share(0.5)}); err != nil || w.Arms[0].Params.Policy.Autonomy != 0.5 {
		t.Errorf("policy.autonomy = share(0.5): %v", err)
	}
	_, err = s.With(Override{Key: "run.seed", Value: seed(1) << 63})
	checkProblems(t, err, []string{"override: run.seed = 9223372036854775808: must be at most 9223372036854775807: TOML integers are signed 64-bit"})
}
