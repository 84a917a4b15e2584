package scenarios

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ipsim/ipsim/agents"
)

var update = flag.Bool("update", false, "rewrite README.md from Reference()")

// goodFiles are the valid scenario files of testdata/good.
func goodFiles(t *testing.T) []string {
	files, err := filepath.Glob("testdata/good/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/good files: %v", err)
	}
	return files
}

func TestPresetsLoad(t *testing.T) {
	infos := Presets()
	var names []string
	for _, p := range infos {
		names = append(names, p.Name)
		if p.Description == "" {
			t.Errorf("preset %s has no description", p.Name)
		}
	}
	want := []string{"centralized", "centralized_money", "china", "coordinated_autonomy", "default",
		"kazakhstan_baseline", "kazakhstan_reforms", "laissez_faire", "lifecycle_article"}
	if !slices.Equal(names, want) {
		t.Fatalf("Presets() = %v, want %v", names, want)
	}
	for _, name := range names {
		s, err := LoadPreset(name)
		if err != nil {
			t.Errorf("LoadPreset(%s): %v", name, err)
			continue
		}
		if s.Name != name || s.Source != "preset:"+name {
			t.Errorf("preset %s: Name %q Source %q", name, s.Name, s.Source)
		}
		for _, a := range s.Arms {
			if err := a.Params.Validate(); err != nil {
				t.Errorf("preset %s arm %s: %v", name, a.Name, err)
			}
		}
		data, _ := presetFS.ReadFile("presets/" + name + ".toml")
		if !strings.HasPrefix(string(data), "# "+name+":") {
			t.Errorf("preset %s does not begin with a comment block naming it", name)
		}
	}
}

// policyDiff lists the policy keys whose values differ between a and b.
func policyDiff(a, b agents.Policy) []string {
	var keys []string
	av, bv := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range av.NumField() {
		if !reflect.DeepEqual(av.Field(i).Interface(), bv.Field(i).Interface()) {
			keys = append(keys, tomlName(av.Type().Field(i)))
		}
	}
	return keys
}

func mustPreset(t *testing.T, name string, sets ...string) *Scenario {
	t.Helper()
	s, err := LoadPreset(name, sets...)
	if err != nil {
		t.Fatalf("LoadPreset(%s): %v", name, err)
	}
	return s
}

// TestPresetDifferences checks that the regimes differ exactly where
// MODEL.md section 5 and their comment blocks say, and nowhere else.
func TestPresetDifferences(t *testing.T) {
	ca := mustPreset(t, "coordinated_autonomy").Arms[0].Params
	def := agents.DefaultParams()
	def.Policy.Toolbox = instrumentNames(def)
	if !reflect.DeepEqual(ca, def) {
		t.Errorf("coordinated_autonomy differs from agents.DefaultParams: %v", policyDiff(ca.Policy, def.Policy))
	}
	tests := []struct {
		preset string
		vs     agents.Params
		want   []string
	}{
		{"centralized", ca, []string{"autonomy", "pilot_share", "platform", "promotion_basis", "review_interval", "center_review"}},
		{"laissez_faire", ca, []string{"autonomy", "alignment", "platform", "coordination", "promotion_basis", "priorities"}},
		{"centralized_money", mustPreset(t, "centralized").Arms[0].Params, []string{"toolbox"}},
		{"kazakhstan_baseline", mustPreset(t, "centralized_money").Arms[0].Params, []string{"mobility", "plan_cycle"}},
	}
	for _, tt := range tests {
		p := mustPreset(t, tt.preset).Arms[0].Params
		if got := policyDiff(p.Policy, tt.vs.Policy); !slices.Equal(got, tt.want) {
			t.Errorf("%s: policy differs in %v, want %v", tt.preset, got, tt.want)
		}
		if !reflect.DeepEqual(p.Sectors, tt.vs.Sectors) || !reflect.DeepEqual(p.Instruments, tt.vs.Instruments) || p.Officials != tt.vs.Officials || p.Documents != tt.vs.Documents || p.Market != tt.vs.Market {
			t.Errorf("%s differs outside [policy] and [world]", tt.preset)
		}
		// their comments list every difference: the world too (only
		// kazakhstan_baseline's, checked below, is its own)
		w := tt.vs.World
		if tt.preset == "kazakhstan_baseline" {
			w.Provinces, w.CitiesPerProvince = p.World.Provinces, p.World.CitiesPerProvince
		}
		if p.World != w {
			t.Errorf("%s: [world] differs beyond what its comment says", tt.preset)
		}
	}
	if p := mustPreset(t, "centralized").Arms[0].Params; !slices.Equal(p.Policy.Toolbox, ca.Policy.Toolbox) || p.Policy.Autonomy != 0 || p.Policy.CenterReview != 20 {
		t.Errorf("centralized: toolbox %v autonomy %g center_review %d", p.Policy.Toolbox, p.Policy.Autonomy, p.Policy.CenterReview)
	}
	if p := mustPreset(t, "centralized_money").Arms[0].Params; !slices.Equal(p.Policy.Toolbox, []string{"subsidy", "tax_incentive"}) {
		t.Errorf("centralized_money toolbox = %v", p.Policy.Toolbox)
	}
	kz := mustPreset(t, "kazakhstan_baseline").Arms[0].Params
	if kz.World.Provinces != 17 || kz.World.CitiesPerProvince != 2 {
		t.Errorf("kazakhstan_baseline world %d x %d", kz.World.Provinces, kz.World.CitiesPerProvince)
	}
	// china differs from coordinated_autonomy in policy only by its
	// calibrated career concern (see its comment block)
	if c := mustPreset(t, "china").Arms[0].Params; c.World.CountiesPerCity != 8 || !slices.Equal(policyDiff(c.Policy, ca.Policy), []string{"career_concern"}) {
		t.Errorf("china: counties %d, policy differs from coordinated_autonomy in %v", c.World.CountiesPerCity, policyDiff(c.Policy, ca.Policy))
	}
	// and nothing else: its document rates are the defaults (its comment)
	china := mustPreset(t, "china").Arms[0].Params
	china.Policy.CareerConcern, china.World.CountiesPerCity = ca.Policy.CareerConcern, ca.World.CountiesPerCity
	if !reflect.DeepEqual(china, ca) {
		t.Error("china differs from coordinated_autonomy beyond career_concern and counties_per_city")
	}
	life := mustPreset(t, "lifecycle_article").Arms[0].Params
	// only the true effectiveness by stage differs (its comment)
	if l := life; len(l.Instruments) == len(ca.Instruments) {
		l.Instruments = slices.Clone(l.Instruments)
		for i := range l.Instruments {
			k := &l.Instruments[i]
			k.Entry, k.Growth, k.Mature = ca.Instruments[i].Entry, ca.Instruments[i].Growth, ca.Instruments[i].Mature
		}
		if !reflect.DeepEqual(l, ca) {
			t.Error("lifecycle_article differs from coordinated_autonomy beyond the instruments' effectiveness by stage")
		}
	} else {
		t.Errorf("lifecycle_article has %d instruments, coordinated_autonomy %d", len(l.Instruments), len(ca.Instruments))
	}
	best := func(stage func(agents.Instrument) float64) []string {
		var names []string
		top := 0.0
		for _, k := range life.Instruments {
			top = max(top, stage(k))
		}
		for _, k := range life.Instruments {
			if stage(k) >= top-0.2 {
				names = append(names, k.Name)
			}
		}
		return names
	}
	for _, c := range []struct {
		stage string
		f     func(agents.Instrument) float64
		want  []string
	}{
		{"entry", func(k agents.Instrument) float64 { return k.Entry }, []string{"standards_procurement", "market_access"}},
		{"growth", func(k agents.Instrument) float64 { return k.Growth }, []string{"training", "rd_support"}},
		{"mature", func(k agents.Instrument) float64 { return k.Mature }, []string{"infrastructure", "export_promotion"}},
	} {
		if got := best(c.f); !slices.Equal(got, c.want) {
			t.Errorf("lifecycle_article best at %s: %v, want %v", c.stage, got, c.want)
		}
	}
	d := mustPreset(t, "default")
	var arms []string
	for _, a := range d.Arms {
		arms = append(arms, a.Name)
		if a.Params.World.Provinces != 31 || a.Params.World.CitiesPerProvince != 10 {
			t.Errorf("default arm %s: world %d x %d", a.Name, a.Params.World.Provinces, a.Params.World.CitiesPerProvince)
		}
		if !reflect.DeepEqual(a.Params.Policy, mustPreset(t, a.Preset).Arms[0].Params.Policy) {
			t.Errorf("default arm %s: policy differs from preset %s", a.Name, a.Preset)
		}
	}
	if !slices.Equal(arms, []string{"coordinated_autonomy", "centralized", "laissez_faire"}) {
		t.Errorf("default arms %v", arms)
	}
}

// TestReforms checks the Kazakhstan ladder: each arm is the baseline with
// exactly its reforms' keys changed.
func TestReforms(t *testing.T) {
	s := mustPreset(t, "kazakhstan_reforms")
	base := s.Arms[0].Params
	r := map[int][]string{
		1: {"autonomy", "toolbox"},
		2: {"pilot_share", "metric_noise"},
		3: {"platform"},
		4: {"promotion_basis", "mobility"},
		5: {"review_interval", "center_review", "plan_cycle"},
	}
	want := map[string][]int{"baseline": nil, "r1": {1}, "r1_2": {1, 2}, "r1_3": {1, 2, 3}, "r1_4": {1, 2, 3, 4}, "r1_5": {1, 2, 3, 4, 5},
		"r2_only": {2}, "r3_only": {3}, "r4_only": {4}, "r5_only": {5}}
	order := []string{"baseline", "r1", "r1_2", "r1_3", "r1_4", "r1_5", "r2_only", "r3_only", "r4_only", "r5_only"}
	if len(s.Arms) != len(order) {
		t.Fatalf("%d arms, want %d", len(s.Arms), len(order))
	}
	ca := mustPreset(t, "coordinated_autonomy").Arms[0].Params.Policy
	for i, a := range s.Arms {
		if a.Name != order[i] {
			t.Errorf("arm %d = %s, want %s", i, a.Name, order[i])
		}
		var keys []string
		for _, n := range want[a.Name] {
			keys = append(keys, r[n]...)
		}
		got := policyDiff(a.Params.Policy, base.Policy)
		slices.Sort(got)
		slices.Sort(keys)
		if !slices.Equal(got, keys) {
			t.Errorf("arm %s changes %v, want %v", a.Name, got, keys)
		}
		// nothing outside [policy] either: an [arm.officials] or
		// [arm.documents] of a reform arm would change more than its keys
		rest, baseRest := a.Params, base
		rest.Policy, baseRest.Policy = agents.Policy{}, agents.Policy{}
		if !reflect.DeepEqual(rest, baseRest) {
			t.Errorf("arm %s changes the baseline outside [policy]", a.Name)
		}
	}
	last := s.Arms[5].Params.Policy
	if d := policyDiff(last, ca); !slices.Equal(d, []string{"metric_noise"}) {
		t.Errorf("r1_5 differs from coordinated_autonomy's policy in %v, want only metric_noise", d)
	}
}

// TestRoundTrip: TOML of a resolved scenario loads back identical.
func TestRoundTrip(t *testing.T) {
	var all []*Scenario
	for _, name := range presetNames() {
		all = append(all, mustPreset(t, name))
	}
	for _, f := range goodFiles(t) {
		s, err := Load(f)
		if err != nil {
			t.Fatalf("Load(%s): %v", f, err)
		}
		all = append(all, s)
	}
	dir := t.TempDir()
	starter := filepath.Join(dir, "starter.toml")
	if err := os.WriteFile(starter, Starter(), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(starter)
	if err != nil {
		t.Fatalf("Starter does not load: %v", err)
	}
	all = append(all, s)
	for _, s := range all {
		path := filepath.Join(dir, s.Name+".resolved.toml")
		if err := os.WriteFile(path, s.TOML(), 0o644); err != nil {
			t.Fatal(err)
		}
		back, err := Load(path)
		if err != nil {
			t.Errorf("%s: resolved TOML does not load: %v", s.Source, err)
			continue
		}
		back.Source = s.Source
		back.Warnings, back.SweepWarnings = s.Warnings, s.SweepWarnings // about the file as written
		back.where = s.where                                            // where the events were written; the resolved one has none
		if !reflect.DeepEqual(back, s) {
			t.Errorf("%s: loading its TOML gives a different scenario", s.Source)
		}
		if back.Hash() != s.Hash() || string(back.TOML()) != string(s.TOML()) {
			t.Errorf("%s: TOML or Hash changes on a round trip", s.Source)
		}
	}
}

func TestHash(t *testing.T) {
	a, b := mustPreset(t, "default"), mustPreset(t, "default")
	if a.Hash() != b.Hash() || len(a.Hash()) != 64 {
		t.Errorf("Hash not stable: %s %s", a.Hash(), b.Hash())
	}
	c := mustPreset(t, "default", "run.seed=2")
	if c.Hash() == a.Hash() {
		t.Error("Hash ignores run.seed")
	}
	c.Source = "elsewhere.toml"
	if d := mustPreset(t, "default", "run.seed=2"); c.Hash() != d.Hash() {
		t.Error("Hash depends on Source")
	}
	// where and how results are written changes no result
	for _, set := range []string{"output.format=both", "output.plots=false", "output.panel=true", "description=another", "name=another"} {
		if o := mustPreset(t, "default", set); o.Hash() != a.Hash() {
			t.Errorf("Hash depends on %s", set)
		}
	}
	for _, set := range []string{"world.heterogeneity=0.9", "arm.centralized.policy.autonomy=0.1", "run.steps=40"} {
		if o := mustPreset(t, "default", set); o.Hash() == a.Hash() {
			t.Errorf("Hash ignores %s", set)
		}
	}
}

// TestExtends: child.toml extends base.toml; the layers combine as the
// reference says.
func TestExtends(t *testing.T) {
	s, err := Load("testdata/good/child.toml")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "child" || s.Description != "" {
		t.Errorf("Name %q Description %q, want child and none", s.Name, s.Description)
	}
	if s.Run.Steps != 24 || s.Run.Seed != 7 || s.Run.Replications != 3 {
		t.Errorf("run %+v not inherited from base.toml", s.Run)
	}
	var names []string
	for _, a := range s.Arms {
		names = append(names, a.Name)
		if a.Params.World.Heterogeneity != 0.75 || a.Params.World.Provinces != 3 {
			t.Errorf("arm %s world %+v", a.Name, a.Params.World)
		}
	}
	if !slices.Equal(names, []string{"ca", "cen", "money"}) {
		t.Fatalf("arms %v", names)
	}
	cen := s.Arms[1].Params.Policy
	if cen.PlanCycle != 3 || cen.CenterReview != 8 || cen.Autonomy != 0 {
		t.Errorf("arm cen: plan_cycle %d (base.toml 3), center_review %d (child 8), autonomy %g (preset 0)", cen.PlanCycle, cen.CenterReview, cen.Autonomy)
	}
	if got := s.Arms[2].Params.Policy.Toolbox; !slices.Equal(got, []string{"subsidy", "tax_incentive"}) {
		t.Errorf("arm money toolbox %v", got)
	}
	if got := s.Arms[0].Params.Policy.Toolbox; len(got) != 10 {
		t.Errorf("arm ca toolbox %v, want all 10 instruments", got)
	}
}

// TestArmDescriptions: an arm's description is its own, else its
// preset's, and survives the resolved file.
func TestArmDescriptions(t *testing.T) {
	s, err := loadText(t, []byte("[[arm]]\nname = \"c\"\npreset = \"centralized\"\n[[arm]]\nname = \"mine\"\ndescription = \"my regime\"\n[[arm]]\nname = \"bare\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{presetDescription("centralized"), "my regime", ""}
	for i, a := range s.Arms {
		if a.Description != want[i] {
			t.Errorf("arm %s: description %q, want %q", a.Name, a.Description, want[i])
		}
	}
	if want[0] == "" {
		t.Error("the centralized preset has no description")
	}
	// a preset's description says what the file changed of it
	o, err := loadText(t, []byte("[[arm]]\nname = \"c\"\npreset = \"centralized\"\n[arm.policy]\nautonomy = 0.5\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Arms[0].Description; got != want[0]+"; here with policy.autonomy = 0.5" {
		t.Errorf("overridden preset's description %q", got)
	}
	back, err := loadText(t, s.TOML())
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range back.Arms {
		if a.Description != want[i] {
			t.Errorf("resolved file: arm %s: description %q, want %q", a.Name, a.Description, want[i])
		}
	}
}

// TestArmPresetOverExtends: an arm's preset applies over the presets the
// file extends and under its shared sections, which warn where they
// change a key the arm's preset sets.
func TestArmPresetOverExtends(t *testing.T) {
	s, err := Load("testdata/good/arm_presets.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		autonomy, platform float64
		coordination       bool
		basis              string
	}{
		"coord":         {0.85, 0.5, true, "results"},
		"centralized":   {0, 0, true, "reports"},
		"laissez_faire": {1, 0, true, "seniority"},
		"lf_own":        {1, 0, false, "seniority"},
	}
	for _, a := range s.Arms {
		p, w := a.Params.Policy, want[a.Name]
		if p.Autonomy != w.autonomy || p.Platform != w.platform || p.Coordination != w.coordination || p.PromotionBasis != w.basis {
			t.Errorf("arm %s: autonomy %g platform %g coordination %v promotion %s, want %+v", a.Name, p.Autonomy, p.Platform, p.Coordination, p.PromotionBasis, w)
		}
		if p.CareerConcern != 0 || a.Params.World.Provinces != 3 {
			t.Errorf("arm %s: shared sections not applied: career_concern %g, provinces %d", a.Name, p.CareerConcern, a.Params.World.Provinces)
		}
	}
	if s.Arms[1].Params.Policy.PlanCycle != 3 {
		t.Errorf("centralized plan_cycle %d, want its own 3", s.Arms[1].Params.Policy.PlanCycle)
	}
	wantWarn := `testdata/good/arm_presets.toml:13: policy.coordination = true: set for every arm, this overrides arm "laissez_faire"'s preset "laissez_faire" (false)`
	if len(s.Warnings) != 1 || !strings.HasPrefix(s.Warnings[0], wantWarn) {
		t.Errorf("warnings %q, want one starting %q", s.Warnings, wantWarn)
	}
	// The resolved file gives the same arms and no warning.
	back, err := loadText(t, s.TOML())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Arms, s.Arms) || len(back.Warnings) != 0 {
		t.Errorf("resolved file: arms equal %v, warnings %q", reflect.DeepEqual(back.Arms, s.Arms), back.Warnings)
	}
}

// TestResolvedFileExtends: a resolved file writes each arm's departures
// from what its preset sets, not the shared sections again, so a file
// that extends it (or an edit of its shared sections) reaches every arm.
func TestResolvedFileExtends(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
	s, err := Load(write("a.toml", "extends = \"coordinated_autonomy\"\n[world]\nprovinces = 2\ncities_per_province = 3\n[policy]\nautonomy = 0.5\n"+
		"[[arm]]\nname = \"ca\"\n[[arm]]\nname = \"cen\"\npreset = \"centralized\"\n[[arm]]\nname = \"money\"\npreset = \"centralized_money\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	write("saved.toml", string(s.TOML()))
	ext, err := Load(write("ext.toml", "extends = \"saved.toml\"\n[world]\nprovinces = 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range ext.Arms {
		if a.Params.World.Provinces != 5 {
			t.Errorf("arm %s: %d provinces, want the extension's 5", a.Name, a.Params.World.Provinces)
		}
		want := s.Arms[i].Params
		want.World.Provinces = 5
		if !reflect.DeepEqual(a.Params, want) {
			t.Errorf("arm %s: parameters other than provinces differ from the saved scenario's", a.Name)
		}
	}
}

// TestPresetKeysWarn: every key an arm's preset sets warns when a shared
// section overrides it, even at the default value; a table replaced for
// every arm warns once; a preset without a toolbox gives its arm every
// instrument whatever the extended presets allow.
func TestPresetKeysWarn(t *testing.T) {
	s, err := loadText(t, []byte("[policy]\nautonomy = 0.5\n[[arm]]\nname = \"ca\"\npreset = \"coordinated_autonomy\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], `overrides arm "ca"'s preset "coordinated_autonomy" (0.85)`) {
		t.Errorf("warnings %q, want one for ca's autonomy", s.Warnings)
	}
	s, err = loadText(t, []byte("extends = \"coordinated_autonomy\"\n[[instrument]]\nname = \"subsidy\"\nentry = 0.9\n[[arm]]\nname = \"ca\"\n[[arm]]\nname = \"life\"\npreset = \"lifecycle_article\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], `[[instrument]]: the table for every arm replaces arm "life"'s preset "lifecycle_article"'s`) {
		t.Errorf("warnings %q, want one for life's instrument table", s.Warnings)
	}
	s, err = loadText(t, []byte("extends = \"kazakhstan_baseline\"\n[[arm]]\nname = \"kz\"\n[[arm]]\nname = \"ca\"\npreset = \"coordinated_autonomy\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := [2]int{len(s.Arms[0].Params.Policy.Toolbox), len(s.Arms[1].Params.Policy.Toolbox)}; got != [2]int{2, 10} {
		t.Errorf("toolbox sizes of kz, ca = %v, want 2 (the extended preset's) and 10 (coordinated_autonomy: every instrument)", got)
	}
	// a --set of a key no arm's preset names warns as the same key in a
	// shared section does: not at all (coordinated_autonomy and
	// centralized name no toolbox)
	path := filepath.Join(t.TempDir(), "two.toml")
	if err := os.WriteFile(path, []byte("[[arm]]\nname = \"ca\"\npreset = \"coordinated_autonomy\"\n[[arm]]\nname = \"c\"\npreset = \"centralized\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := Load(path, `policy.toolbox=["subsidy"]`)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Warnings) != 0 {
		t.Errorf("--set policy.toolbox warns %q: no arm's preset sets it", w.Warnings)
	}
}

// writeIn writes text as the file name in dir and returns its path.
func writeIn(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadText loads a scenario from text, as a file.
func loadText(t *testing.T, text []byte) (*Scenario, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.toml")
	if err := os.WriteFile(path, text, 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(path)
}

// TestEvents: events fire at their year's first step, in year order, and
// add up.
func TestEvents(t *testing.T) {
	s, err := Load("testdata/good/child.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Arms {
		if len(a.Events) != 2 {
			t.Fatalf("arm %s: %d events", a.Name, len(a.Events))
		}
		e1, e2 := a.Events[0], a.Events[1]
		// 2002 and 2003 with start_year 2000 and 4 steps a year.
		if e1.Step != 8 || e2.Step != 12 {
			t.Errorf("steps %d, %d; want 8, 12", e1.Step, e2.Step)
		}
		if e1.Label != "2002: market.eta" || e2.Label != "crisis" {
			t.Errorf("labels %q, %q", e1.Label, e2.Label)
		}
		want1 := a.Params.Clone()
		want1.Market.Eta = 2
		if !reflect.DeepEqual(*e1.Params, want1) {
			t.Errorf("arm %s: first event params differ from the arm's with eta 2", a.Name)
		}
		want2 := want1.Clone()
		want2.Policy.Autonomy = 0.5
		want2.Policy.Toolbox = []string{"subsidy", "land"}
		if !reflect.DeepEqual(*e2.Params, want2) {
			t.Errorf("arm %s: second event params are not the first's plus its keys", a.Name)
		}
		if want := []agents.Shock{{Sector: "steel", Demand: -0.25}, {Sector: "solar", Demand: 0.5}}; !reflect.DeepEqual(e2.Shocks, want) {
			t.Errorf("shocks %v", e2.Shocks)
		}
	}
	// Overrides apply under the events: the event still sets autonomy.
	w, err := s.With(Override{Key: "policy.autonomy", Value: 0.1}, Override{Key: "market.eta", Value: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range w.Arms {
		if a.Params.Policy.Autonomy != 0.1 || a.Events[0].Params.Policy.Autonomy != 0.1 || a.Events[1].Params.Policy.Autonomy != 0.5 || a.Events[1].Params.Market.Eta != 2 {
			t.Errorf("arm %s after With: autonomy %g, %g, %g", a.Name, a.Params.Policy.Autonomy, a.Events[0].Params.Policy.Autonomy, a.Events[1].Params.Policy.Autonomy)
		}
	}
}

// TestArmOverrideWins: a key of one arm overrides the same key of every
// arm whatever the order given, as [arm.policy] does in a file (a sweep
// of both would otherwise record values that never ran).
func TestArmOverrideWins(t *testing.T) {
	s, err := Load("testdata/good/base.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, ovs := range [][]Override{
		{{Key: "arm.cen.policy.autonomy", Value: 0.2}, {Key: "policy.autonomy", Value: 0.7}},
		{{Key: "policy.autonomy", Value: 0.7}, {Key: "arm.cen.policy.autonomy", Value: 0.2}},
	} {
		w, err := s.With(ovs...)
		if err != nil {
			t.Fatal(err)
		}
		if got := []float64{w.Arms[0].Params.Policy.Autonomy, w.Arms[1].Params.Policy.Autonomy}; !slices.Equal(got, []float64{0.7, 0.2}) {
			t.Errorf("%v: autonomy of ca, cen = %v, want 0.7, 0.2", ovs, got)
		}
	}
}

// TestDropEvents: inherit_events = false drops the events of the files a
// scenario extends, keeping its own, and --set event=[] drops them all.
func TestDropEvents(t *testing.T) {
	s, err := Load("testdata/good/no_events.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Arms {
		if len(a.Events) != 1 || a.Events[0].Step != 4 || a.Events[0].Params.Market.Eta != 3 {
			t.Errorf("arm %s: events %+v, want only its own 2001 event", a.Name, a.Events)
		}
	}
	child, err := Load("testdata/good/child.toml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := child.With(Override{Key: "run.steps", Value: 8}); err == nil || !strings.Contains(err.Error(), "event=[]") || !strings.Contains(err.Error(), "child.toml:") {
		t.Errorf("shortened run with a later event: err %v, want one at the event's line naming event=[]", err)
	}
	// The run's last year is the one its last step falls in: 12 quarters
	// end in 2002, before the 2003 event's first step (12), which would
	// never fire; 13 quarters reach it.
	if _, err := child.With(Override{Key: "run.steps", Value: 12}); err == nil || !strings.Contains(err.Error(), "event[1].year = 2003: must lie in the run, 2000 to 2002") {
		t.Errorf("run of 12 quarters with a 2003 event: err %v, want the event refused, the run ending in 2002", err)
	}
	if _, err := child.With(Override{Key: "run.steps", Value: 13}); err != nil {
		t.Errorf("run of 13 quarters with a 2003 event: %v", err)
	}
	w, err := child.With(Override{Key: "run.steps", Value: 8}, Override{Key: "event", Value: []any{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range w.Arms {
		if len(a.Events) != 0 {
			t.Errorf("arm %s after event=[]: %d events", a.Name, len(a.Events))
		}
	}
	if _, err := child.With(Override{Key: "event", Value: []any{"x"}}); err == nil {
		t.Errorf("event=[\"x\"] accepted")
	}
}

// TestEventSectors: an [[event.sector]] sets a sector's priority and
// growth, by name, from its year on (new central priorities, MODEL.md
// §3.7); later events add to it, and overrides apply under it.
func TestEventSectors(t *testing.T) {
	s, err := Load("testdata/good/priorities.toml")
	if err != nil {
		t.Fatal(err)
	}
	def := agents.DefaultParams()
	sector := func(p agents.Params, name string) agents.Sector {
		t.Helper()
		for _, sec := range p.Sectors {
			if sec.Name == name {
				return sec
			}
		}
		t.Fatalf("no sector %s", name)
		return agents.Sector{}
	}
	for _, a := range s.Arms {
		if len(a.Events) != 2 {
			t.Fatalf("arm %s: %d events, want 2", a.Name, len(a.Events))
		}
		e1, e2 := a.Events[0], a.Events[1]
		// 2010 and 2015 with the default calendar: start 2000, 4 steps a year.
		if e1.Step != 40 || e2.Step != 60 {
			t.Errorf("arm %s: event steps %d, %d; want 40, 60", a.Name, e1.Step, e2.Step)
		}
		if e1.Params == nil || e2.Params == nil {
			t.Fatalf("arm %s: an event that changes sectors carries no Params", a.Name)
		}
		if e2.Label != "2015: policy.autonomy, sector.steel.growth" {
			t.Errorf("default label %q", e2.Label)
		}
		// Before 2010: the arm's own (the default) sector table.
		if got, want := sector(a.Params, "solar"), sector(def, "solar"); got != want {
			t.Errorf("arm %s: solar before the event %+v, want %+v", a.Name, got, want)
		}
		want1 := a.Params.Clone()
		for i := range want1.Sectors {
			switch want1.Sectors[i].Name {
			case "solar":
				want1.Sectors[i].Priority, want1.Sectors[i].Growth = 3, 0.15
			case "steel":
				want1.Sectors[i].Priority = 0.5
			}
		}
		if !reflect.DeepEqual(*e1.Params, want1) {
			t.Errorf("arm %s: 2010 params are not the arm's with solar priority 3, growth 0.15 and steel priority 0.5", a.Name)
		}
		want2 := want1.Clone()
		want2.Policy.Autonomy = 0.5
		for i := range want2.Sectors {
			if want2.Sectors[i].Name == "steel" {
				want2.Sectors[i].Growth = -0.08
			}
		}
		if !reflect.DeepEqual(*e2.Params, want2) {
			t.Errorf("arm %s: 2015 params are not 2010's plus its keys", a.Name)
		}
	}
	// An override changes the arm; the event still sets its value from 2010.
	w, err := s.With(Override{Key: "sector.solar.priority", Value: 1.5})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range w.Arms {
		if got := sector(a.Params, "solar").Priority; got != 1.5 {
			t.Errorf("arm %s after With: solar priority %g, want 1.5", a.Name, got)
		}
		if got := sector(*a.Events[0].Params, "solar").Priority; got != 3 {
			t.Errorf("arm %s after With: solar priority from 2010 %g, want 3", a.Name, got)
		}
	}
}

func TestTables(t *testing.T) {
	s, err := Load("testdata/good/tables.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := s.Arms[0].Params
	def := agents.DefaultSectors()
	want := []agents.Sector{
		{Name: "steel", Growth: 0, Share: def[0].Share, Priority: def[0].Priority},
		def[8],
		{Name: "hydrogen", Growth: 0.2, Share: 0.01, Priority: 3},
	}
	if !reflect.DeepEqual(p.Sectors, want) {
		t.Errorf("sectors %+v, want %+v", p.Sectors, want)
	}
	if !slices.Equal(p.Policy.Toolbox, []string{"subsidy", "training"}) || p.Policy.Autonomy != 0.6 {
		t.Errorf("policy %v %g", p.Policy.Toolbox, p.Policy.Autonomy)
	}
	if s.Run.Steps != 8 || p.World.Provinces != 2 || s.Arms[0].Name != "main" {
		t.Errorf("inline table and dotted keys: steps %d provinces %d arm %s", s.Run.Steps, p.World.Provinces, s.Arms[0].Name)
	}
	want2 := []SweepRange{{Key: "policy.autonomy", Low: 0, High: 1}, {Key: "sector.hydrogen.growth", Low: 0.1, High: 0.3}}
	if s.Sweep.Method != "latin_hypercube" || s.Sweep.Points != 16 || !reflect.DeepEqual(s.Sweep.Ranges, want2) {
		t.Errorf("sweep %+v", s.Sweep)
	}
}

func TestSweepValues(t *testing.T) {
	s, err := Load("testdata/good/child.toml")
	if err != nil {
		t.Fatal(err)
	}
	// File order, converted to the keys' types: ints to floats.
	want := []SweepValues{
		{Key: "world.heterogeneity", Values: []any{0.0, 0.5, 1.0}},
		{Key: "arm.cen.policy.autonomy", Values: []any{0.0, 0.25}},
		{Key: "policy.promotion_basis", Values: []any{"results", "reports"}},
	}
	if !reflect.DeepEqual(s.Sweep.Values, want) {
		t.Errorf("sweep values %#v, want %#v", s.Sweep.Values, want)
	}
	for _, sv := range s.Sweep.Values {
		for _, v := range sv.Values {
			if _, err := s.With(Override{Key: sv.Key, Value: v}); err != nil {
				t.Errorf("With(%s = %v): %v", sv.Key, v, err)
			}
		}
	}
}

// TestSets checks that --set reaches every arm, one arm, or one table
// entry, and parses values like the file.
func TestSets(t *testing.T) {
	s := mustPreset(t, "default",
		"policy.career_concern=0",
		"arm.centralized.policy.center_review=8",
		"sector.solar.growth=0.2",
		"instrument.subsidy.cost=2",
		`policy.toolbox=["subsidy","land"]`,
		"arm.laissez_faire.policy.promotion_basis=results",
		"run.replications=3",
		"output.format=both",
		"name=mine",
	)
	if s.Name != "mine" || s.Run.Replications != 3 || s.Output.Format != "both" {
		t.Errorf("name %q replications %d format %q", s.Name, s.Run.Replications, s.Output.Format)
	}
	for _, a := range s.Arms {
		p := a.Params
		if p.Policy.CareerConcern != 0 || p.Sectors[8].Growth != 0.2 || p.Instruments[0].Cost != 2 || !slices.Equal(p.Policy.Toolbox, []string{"subsidy", "land"}) {
			t.Errorf("arm %s: shared overrides not applied", a.Name)
		}
	}
	if s.Arms[1].Params.Policy.CenterReview != 8 || s.Arms[0].Params.Policy.CenterReview != 4 {
		t.Errorf("arm override reached the wrong arms")
	}
	if s.Arms[2].Params.Policy.PromotionBasis != "results" || s.Arms[1].Params.Policy.PromotionBasis != "reports" {
		t.Errorf("bare-word string override")
	}
	// an arm's description is a key of a file, so --set takes it too
	d := mustPreset(t, "default", "arm.centralized.description=the old regime", "arm.centralized.policy.autonomy=0.2")
	if d.Arms[1].Description != "the old regime" || d.Arms[0].Description == "the old regime" {
		t.Errorf("arm descriptions %q, %q: want centralized's set by --set", d.Arms[0].Description, d.Arms[1].Description)
	}
	orig := mustPreset(t, "default")
	w, err := orig.With(Override{Key: "policy.autonomy", Value: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if orig.Arms[1].Params.Policy.Autonomy != 0 || w.Arms[1].Params.Policy.Autonomy != 0.5 {
		t.Error("With changed the original or missed an arm")
	}
}

// TestLines: the line finder handles arrays of tables, sub-tables,
// dotted and quoted keys, multi-line arrays and strings.
func TestLines(t *testing.T) {
	text := `a = 1
b = [
  1, # [not] a table
  2,
]
s = """
x = 5
"""
[t]
"q.k" = 3
d.e = 4
[[arm]]
name = "x"
[[arm]]
name = "y"
[arm.policy]
autonomy = 0.1
[[arm.sector]]
name = "z"
c = 'lit # not a comment'
`
	ix := indexLines(text)
	tests := []struct {
		path []string
		want int
	}{
		{[]string{"a"}, 1},
		{[]string{"b"}, 2},
		{[]string{"s"}, 6},
		{[]string{"x"}, 0},
		{[]string{"t", "q.k"}, 10},
		{[]string{"t", "d", "e"}, 11},
		{[]string{"arm", "#1", "name"}, 13},
		{[]string{"arm", "#2", "name"}, 15},
		{[]string{"arm", "#2", "policy", "autonomy"}, 17},
		{[]string{"arm", "#2", "policy", "missing"}, 16},
		{[]string{"arm", "#2", "sector", "#1", "name"}, 19},
		{[]string{"arm", "#2", "sector", "#1", "c"}, 20},
	}
	for _, tt := range tests {
		if got := ix.line(tt.path); got != tt.want {
			t.Errorf("line(%q) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

// TestLinesMultiLineStrings: a multi-line string ends at its closing
// delimiter, not at an escaped quote in it, nor before quotes of its own
// next to the delimiter; and a list goes on after a string in it ends.
func TestLinesMultiLineStrings(t *testing.T) {
	text := `description = """he said \"""
[[arm]]
name = "not an arm"
"""
n = """a"""""
[[arm]]
name = "a"
[arm.policy]
toolbox = ["subsidy", """x
y""", "land",
]
autonomy = 0.5
`
	ix := indexLines(text)
	tests := []struct {
		path []string
		want int
	}{
		{[]string{"n"}, 5},
		{[]string{"arm", "#1", "name"}, 7},
		{[]string{"arm", "#1", "policy", "toolbox"}, 9},
		{[]string{"arm", "#1", "policy", "autonomy"}, 12},
		{[]string{"arm", "#2"}, 0},
	}
	for _, tt := range tests {
		if got := ix.exact(tt.path); got != tt.want {
			t.Errorf("line(%q) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

// TestReference: README.md is Reference(), and every key has a doc, every
// number a range and every range tag parses. Regenerate with
// go generate ./scenarios.
func TestReference(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[agents.World](), reflect.TypeFor[agents.Market](), reflect.TypeFor[agents.Sector](),
		reflect.TypeFor[agents.Instrument](), reflect.TypeFor[agents.Policy](), reflect.TypeFor[agents.Officials](), reflect.TypeFor[agents.Documents](),
		reflect.TypeFor[Run](), reflect.TypeFor[Output](), reflect.TypeFor[Sweep](), reflect.TypeFor[shockSpec]()} {
		for i := range typ.NumField() {
			sf := typ.Field(i)
			if tomlName(sf) == "" || sf.Tag.Get("doc") == "" {
				t.Errorf("%s.%s has no toml key or no doc tag", typ.Name(), sf.Name)
			}
			switch sf.Type.Kind() {
			case reflect.Float64, reflect.Int, reflect.Uint64:
				if _, ok := sf.Tag.Lookup("range"); !ok {
					t.Errorf("%s.%s has no range tag", typ.Name(), sf.Name)
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s.%s: %v", typ.Name(), sf.Name, r)
						}
					}()
					fieldRange(sf)
				}()
			}
		}
	}
	want := Reference()
	if *update {
		if err := os.WriteFile("README.md", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("README.md is out of date: run go generate ./scenarios")
	}
	for _, key := range mustPreset(t, "default").keys() {
		k := key
		if strings.HasPrefix(k, "sector.") || strings.HasPrefix(k, "instrument.") {
			parts := strings.Split(k, ".")
			k = parts[2]
		}
		if !strings.Contains(string(got), "`"+k+"`") && !strings.Contains(string(got), "."+k+"`") {
			t.Errorf("key %s is not documented in README.md", key)
		}
	}
}

func TestDefaultsAreValid(t *testing.T) {
	if err := agents.DefaultParams().Validate(); err != nil {
		t.Errorf("agents.DefaultParams().Validate() = %v", err)
	}
}

func TestCanonical(t *testing.T) {
	a := "# from a.toml\nname = \"x\"\n\n[run]\n  steps = 4 # quarters\n[output]\ndir = \"a\"\n[policy]\nautonomy = 0.5\n"
	tests := []struct {
		b          string
		withOutput bool
		same       bool
	}{
		{"# from b.toml\nname = \"x\"\n[run]\nsteps = 4 # quarters\n[output]\ndir = \"a\"\n[policy]\nautonomy = 0.5\n", true, true},
		{"name = \"x\"\n[run]\nsteps = 4 # quarters\n[output]\ndir = \"b\"\n[policy]\nautonomy = 0.5\n", false, true},
		{"name = \"x\"\n[run]\nsteps = 4 # quarters\n[output]\ndir = \"b\"\n[policy]\nautonomy = 0.5\n", true, false},
		{"name = \"x\"\n[run]\nsteps = 4 # quarters\n[output]\ndir = \"a\"\n[policy]\nautonomy = 0.6\n", false, false},
	}
	// an arm's description changes no result: the canonical text drops it
	arm := "[[arm]]\nname = \"x\"\n[arm.policy]\nautonomy = 0.5\n"
	withDesc := "[[arm]]\nname = \"x\"\ndescription = \"what it is\"\n[arm.policy]\nautonomy = 0.5\n"
	if !bytes.Equal(Canonical([]byte(a+arm), false), Canonical([]byte(a+withDesc), false)) {
		t.Errorf("an arm's description changes the canonical text")
	}
	for i, tc := range tests {
		got := bytes.Equal(Canonical([]byte(a), tc.withOutput), Canonical([]byte(tc.b), tc.withOutput))
		if got != tc.same {
			t.Errorf("case %d: same = %v, want %v", i, got, tc.same)
		}
	}
}

// TestGridPointsWarns: sweep.points does nothing for a grid, and says so.
func TestGridPointsWarns(t *testing.T) {
	s, err := loadText(t, []byte("[sweep]\nmethod = \"grid\"\npoints = 5\n[sweep.values]\n\"world.heterogeneity\" = [0.0, 1.0]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.SweepWarnings) != 1 || !strings.Contains(s.SweepWarnings[0], ":3: sweep.points = 5: not used by method grid") || len(s.Warnings) != 0 {
		t.Errorf("sweep warnings %q (others %q), want one about sweep.points at line 3, for ipsim sweep only", s.SweepWarnings, s.Warnings)
	}
}

// TestSweepPoint: Point reports a point's problems at the lines of the
// swept keys, and the ends of a range are checked on load like grid
// values.
func TestSweepPoint(t *testing.T) {
	s, err := loadText(t, []byte("[sweep]\nmethod = \"halton\"\npoints = 4\n[sweep.ranges]\n\"officials.retire_age\" = [56.0, 70.0]\n\"officials.age_max\" = [45.0, 64.0]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Point(Override{"officials.retire_age", 60.0}, Override{"officials.age_max", 50.0}); err != nil {
		t.Errorf("a good point: %v", err)
	}
	_, err = s.Point(Override{"officials.retire_age", 60.0}, Override{"officials.age_max", 62.0})
	checkProblems(t, err, []string{filepath.Join(filepath.Dir(s.Source), "s.toml") +
		`:6: sweep.ranges."officials.age_max" = 62.0: must be < officials.retire_age (60): new officials would retire at once (sweep.ranges."officials.retire_age" is set at line 5)`})

	_, err = loadText(t, []byte("[sweep]\nmethod = \"halton\"\npoints = 4\n[sweep.ranges]\n\"officials.retire_age\" = [50.0, 70.0]\n"))
	if err == nil || !strings.Contains(err.Error(), `s.toml:5: sweep.ranges."officials.retire_age" = 50.0: must be > officials.age_max (55)`) {
		t.Errorf("a range whose low end breaks a rule: %v", err)
	}
}

// An arm described by its preset's words says what an override changed
// of the preset, as an arm of a file does, so a report never calls an arm
// run at autonomy 0.5 "autonomy 0"; an arm's own description is kept.
func TestWithRedescribesPresetArms(t *testing.T) {
	s, err := LoadPreset("default")
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.With(Override{"arm.centralized.policy.autonomy", 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range c.Arms {
		want := s.Arms[i].Description
		if a.Name == "centralized" {
			want += "; here with policy.autonomy = 0.5"
		}
		if a.Description != want {
			t.Errorf("arm %s: description %q, want %q", a.Name, a.Description, want)
		}
	}
	own, err := loadText(t, []byte("[[arm]]\nname = \"a\"\npreset = \"centralized\"\ndescription = \"mine\"\n[[arm]]\nname = \"b\"\npreset = \"centralized\"\n[arm.policy]\nautonomy = 0.2\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err = own.With(Override{"policy.autonomy", 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if d := c.Arms[0].Description; d != "mine" {
		t.Errorf("an arm's own description became %q", d)
	}
	if d := c.Arms[1].Description; !strings.HasSuffix(d, "; here with policy.autonomy = 0.5") {
		t.Errorf("arm b: %q, want the override's value in place of the file's 0.2", d)
	}
}

// TestOverrideWarnings: a --set or a swept key that sets, in every arm, a
// key an arm's preset sets warns as the same key in a shared section of
// a file does; an arm given its own value, or the preset's, does not.
func TestOverrideWarnings(t *testing.T) {
	tests := []struct {
		name string
		file string // "" for the default preset
		sets []string
		want []string // in the warnings, in order
	}{
		// the arms differ in autonomy: one warning says the difference is erased
		{"--set", "", []string{"policy.autonomy=0.5"}, []string{"the arms differ in it (coordinated_autonomy 0.85, centralized 0.0, laissez_faire 1.0): set for every arm, this erases that difference"}},
		{"--set with an arm's own value", "", []string{"policy.autonomy=0.5", "arm.centralized.policy.autonomy=0.1"}, []string{"the arms differ in it"}},
		{"--set to a preset's value", "", []string{"policy.autonomy=0.0"}, []string{"the arms differ in it"}},
		{"--set of one arm", "", []string{"arm.centralized.policy.autonomy=0.1"}, nil},
		{"--set of a key no preset sets", "", []string{"world.heterogeneity=0.1"}, nil},
		{"--set of one arm's world", "", []string{"arm.centralized.world.provinces=3"}, []string{"--set: arm.centralized: differs from arm coordinated_autonomy in world.provinces = 3, not 31: the arms do not run on the same regions"}},
		{"swept", "extends = \"default\"\n[sweep.values]\n\"policy.autonomy\" = [0.2, 0.8]\n", nil, []string{"the arms differ in it (coordinated_autonomy 0.85, centralized 0.0, laissez_faire 1.0): swept in every arm"}},
		{"--set with every arm's own value", "", []string{"policy.autonomy=0.5", "arm.coordinated_autonomy.policy.autonomy=0.85", "arm.centralized.policy.autonomy=0", "arm.laissez_faire.policy.autonomy=1"}, nil},
		{"swept where the arms agree", "[[arm]]\nname = \"coordinated_autonomy\"\npreset = \"coordinated_autonomy\"\n[[arm]]\nname = \"b\"\npreset = \"coordinated_autonomy\"\n[sweep.values]\n\"policy.autonomy\" = [0.2, 0.8]\n", nil,
			[]string{`overrides arm "coordinated_autonomy"'s preset "coordinated_autonomy" (0.85), arm "b"'s preset "coordinated_autonomy" (0.85);`}},
		{"swept, and on its own in one arm", "[[arm]]\nname = \"coordinated_autonomy\"\npreset = \"coordinated_autonomy\"\n[[arm]]\nname = \"b\"\npreset = \"coordinated_autonomy\"\n[sweep.values]\n\"policy.autonomy\" = [0.2, 0.8]\n\"arm.coordinated_autonomy.policy.autonomy\" = [0.3, 0.9]\n", nil,
			[]string{`overrides arm "b"'s preset "coordinated_autonomy" (0.85);`}},
		{"swept in one arm", "extends = \"default\"\n[sweep.values]\n\"arm.centralized.policy.autonomy\" = [0.2, 0.8]\n", nil, nil},
		// as a file's arm whose world differs from the first arm's
		{"swept in one arm's world", "extends = \"default\"\n[sweep.values]\n\"arm.centralized.world.provinces\" = [2, 3]\n", nil,
			[]string{"sets arm centralized's world alone: at the points where it differs from arm coordinated_autonomy's, the arms do not run on the same regions"}},
		{"swept in one arm's sector shares", "extends = \"default\"\n[sweep.ranges]\n\"arm.laissez_faire.sector.steel.share\" = [0.1, 0.2]\n[sweep]\nmethod = \"halton\"\npoints = 2\n", nil,
			[]string{"sets arm laissez_faire's world alone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s *Scenario
			var err error
			if tt.file == "" {
				s, err = LoadPreset("default", tt.sets...)
			} else {
				s, err = loadText(t, []byte(tt.file))
			}
			if err != nil {
				t.Fatal(err)
			}
			all := append(slices.Clone(s.Warnings), s.SweepWarnings...)
			if len(all) != len(tt.want) {
				t.Fatalf("warnings:\n%s\nwant %d", strings.Join(all, "\n"), len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(all[i], w) {
					t.Errorf("warning %q, want one containing %q", all[i], w)
				}
			}
			if tt.file == "" && len(tt.want) > 0 && !strings.HasPrefix(all[0], "--set: ") {
				t.Errorf("warning %q, want it to name --set", all[0])
			}
			if tt.file != "" && len(tt.want) > 0 && (!strings.Contains(all[0], `sweep.values."policy.autonomy": `) && !strings.Contains(all[0], `."arm.`) || len(s.Warnings) != 0) {
				t.Errorf("warning %q, want it at the swept key's line, among the sweep's warnings only", all[0])
			}
		})
	}
}

// TestSetArmWorldWarning: the warning of arms on different regions
// follows what --set leaves: gone when --set gives every arm one world,
// given again with the new value.
func TestSetArmWorldWarning(t *testing.T) {
	path := writeIn(t, t.TempDir(), "w.toml", "[[arm]]\nname = \"a\"\npreset = \"centralized\"\n[[arm]]\nname = \"b\"\npreset = \"centralized\"\n[arm.world]\nprovinces = 3\n")
	for set, want := range map[string]string{
		"world.provinces=5":             "",
		"arm.b.world.provinces=4":       "--set: arm.b: differs from arm a in world.provinces = 4, not 31",
		"world.heterogeneity=0.2":       "w.toml: arm.b: differs from arm a in world.provinces = 3, not 31",
		"arm.b.world.provinces=31":      "",
		"arm.a.world.provinces=3":       "",
		"arm.a.world.heterogeneity=0.1": "--set: arm.b: differs from arm a in world.provinces = 3, not 31, world.heterogeneity = 0.5, not 0.1",
	} {
		s, err := Load(path, set)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range s.Warnings {
			if strings.Contains(w, "do not run on the same regions") {
				got = append(got, w)
			}
		}
		if want == "" && len(got) > 0 || want != "" && (len(got) != 1 || !strings.Contains(got[0], want)) {
			t.Errorf("--set %s: warnings %q, want %q", set, got, want)
		}
	}
}

// TestSweptWorldWarning: a sweep whose keys give every arm one world says
// that the file's warning of arms on different regions does not hold for
// it, and only then.
func TestSweptWorldWarning(t *testing.T) {
	const arms = "[[arm]]\nname = \"a\"\npreset = \"centralized\"\n[[arm]]\nname = \"b\"\npreset = \"centralized\"\n[arm.world]\nprovinces = 3\n"
	for _, tt := range []struct {
		name, file string
		want       bool
	}{
		{"swept world erases the difference", arms + "[sweep.values]\n\"world.provinces\" = [2, 4]\n", true},
		{"sampled, too", arms + "[sweep]\nmethod = \"halton\"\npoints = 2\n[sweep.ranges]\n\"world.provinces\" = [2, 4]\n", true},
		{"another difference left", arms + "cities_per_province = 2\n[sweep.values]\n\"world.provinces\" = [2, 4]\n", false},
		{"an arm's own world swept", arms + "[sweep.values]\n\"world.provinces\" = [2, 4]\n\"arm.b.world.provinces\" = [3, 5]\n", false},
		{"an arm's sector growth swept, not its world", arms + "[sweep.values]\n\"world.provinces\" = [2, 4]\n\"arm.b.sector.steel.growth\" = [0.01, 0.02]\n", true},
		{"a sector's growth swept, not the world", arms + "[sweep.values]\n\"world.provinces\" = [2, 4]\n\"sector.steel.growth\" = [0.01, 0.02]\n", true},
		{"a policy swept", arms + "[sweep.values]\n\"policy.autonomy\" = [0.2, 0.8]\n", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := loadText(t, []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got := slices.ContainsFunc(s.SweepWarnings, func(w string) bool {
				return strings.Contains(w, "every arm the same world at every point: the warning that the arms do not run on the same regions holds for ipsim run")
			})
			if got != tt.want {
				t.Errorf("sweep warnings:\n%s\nwant the world's warning voided: %v", strings.Join(s.SweepWarnings, "\n"), tt.want)
			}
			if got && !strings.Contains(strings.Join(s.SweepWarnings, "\n"), "the swept key world.provinces gives") {
				t.Errorf("sweep warnings:\n%s\nwant only world.provinces named as a world key", strings.Join(s.SweepWarnings, "\n"))
			}
		})
	}
}

// A shared key that overrides several arms' presets gives one warning,
// naming every arm and its preset's value, not one warning per arm.
func TestPresetOverridesOneWarning(t *testing.T) {
	path := writeIn(t, t.TempDir(), "two.toml", "[policy]\nplatform = 0.2\n[[arm]]\nname = \"b\"\npreset = \"coordinated_autonomy\"\n[[arm]]\nname = \"c\"\npreset = \"laissez_faire\"\n")
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `two.toml:2: policy.platform = 0.2: set for every arm, this overrides arm "b"'s preset "coordinated_autonomy" (0.5), arm "c"'s preset "laissez_faire" (0.0); to keep a preset's value`
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], want) {
		t.Errorf("warnings:\n%s\nwant one containing %q", strings.Join(s.Warnings, "\n"), want)
	}
}

// TestInheritedArmSectionsWin: an arm section of a file the scenario
// extends applies after the shared sections of every file (the documented
// order), and a shared key it hides says so, naming the arms, instead of
// claiming to be set for every arm.
func TestInheritedArmSectionsWin(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
	parent := write("parent.toml", "[[arm]]\nname = \"a\"\n[arm.policy]\nautonomy = 0.1\n[[arm]]\nname = \"b\"\npreset = \"coordinated_autonomy\"\n")
	tests := []struct {
		name  string
		child string
		want  []string // the warnings, in order, as substrings
		a, b  float64  // the arms' autonomy
	}{
		{"inherited arm section", "extends = \"parent.toml\"\n[policy]\nautonomy = 0.3\n", []string{
			`child.toml:3: policy.autonomy = 0.3: set for every arm but "a", this overrides arm "b"'s preset "coordinated_autonomy" (0.85)`,
			`child.toml:3: policy.autonomy = 0.3: not applied in arm "a": [arm.policy] in ` + parent + ` sets it again, and an arm's own sections apply after the shared sections of every file; to change it there, set it under [arm.policy] of that arm in this file`,
		}, 0.1, 0.3},
		{"the arm set again here", "extends = \"parent.toml\"\n[policy]\nautonomy = 0.3\n[[arm]]\nname = \"a\"\n[arm.policy]\nautonomy = 0.2\n", []string{
			`child.toml:3: policy.autonomy = 0.3: set for every arm, this overrides arm "b"'s preset "coordinated_autonomy" (0.85)`,
		}, 0.2, 0.3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(write("child.toml", tt.child))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Warnings) != len(tt.want) {
				t.Fatalf("warnings:\n%s\nwant %d", strings.Join(s.Warnings, "\n"), len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(s.Warnings[i], w) {
					t.Errorf("warning %q, want one containing %q", s.Warnings[i], w)
				}
			}
			if a, b := s.Arms[0].Params.Policy.Autonomy, s.Arms[1].Params.Policy.Autonomy; a != tt.a || b != tt.b {
				t.Errorf("autonomy of a, b = %g, %g, want %g, %g", a, b, tt.a, tt.b)
			}
		})
	}
}

// TestReferenceExamples: every TOML example in the reference, README.md,
// loads.
func TestReferenceExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(readme), "```toml\n")
	if len(blocks) < 2 {
		t.Fatal("the reference has no ```toml example")
	}
	for i, b := range blocks[1:] {
		text, _, ok := strings.Cut(b, "```")
		if !ok {
			t.Fatalf("example %d is not closed", i+1)
		}
		if _, err := loadText(t, []byte(text)); err != nil {
			t.Errorf("example %d of the reference does not load:\n%v\n%s", i+1, err, text)
		}
	}
}

// Two keys bound by a rule (retire_age > age_max) may both be swept: a
// value is not refused for failing the rule against the file's value of
// the other swept key; the design's points are checked whole (Point).
func TestSweepRelatedKeys(t *testing.T) {
	sc, err := loadText(t, []byte(`extends = "default"
[officials]
retire_age = 62.0
[sweep]
method = "grid"
[sweep.values]
"officials.retire_age" = [66.0, 70.0]
"officials.age_max" = [50.0, 64.0]
`))
	if err != nil {
		t.Fatalf("a design whose every point is valid is refused: %v", err)
	}
	for _, v := range sc.Sweep.Values {
		if len(v.Values) != 2 {
			t.Errorf("%s: %d values kept, want 2", v.Key, len(v.Values))
		}
	}
	// a value that breaks its own range is still refused at load
	if _, err := loadText(t, []byte(`extends = "default"
[sweep]
method = "grid"
[sweep.values]
"officials.retire_age" = [66.0, 70.0]
"officials.age_max" = [50.0, -64.0]
`)); err == nil || !strings.Contains(err.Error(), "officials.age_max") {
		t.Errorf("a value out of its own range: %v, want refused", err)
	}
}

// A sweep that shortens the run past an event says how to drop it in the
// file: ipsim sweep takes no --set.
func TestSweepEventHint(t *testing.T) {
	child, err := Load("testdata/good/child.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = child.Point(Override{Key: "run.steps", Value: 8})
	if err == nil || strings.Contains(err.Error(), "--set") {
		t.Errorf("a sweep point ending before an event: %v, want the file's way to drop it, not --set", err)
	}
	// an inherited event: inherit_events = false; the file's own: remove it
	own := writeIn(t, t.TempDir(), "own.toml", "extends = \"default\"\n[[event]]\nyear = 2010\n[event.policy]\nautonomy = 0.5\n")
	s, err := Load(own)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Point(Override{Key: "run.steps", Value: 8}); err == nil || !strings.Contains(err.Error(), "remove the [[event]]") || strings.Contains(err.Error(), "inherit_events") {
		t.Errorf("a sweep point ending before the file's own event: %v, want: remove it", err)
	}
	ext := writeIn(t, filepath.Dir(own), "ext.toml", "extends = \"own.toml\"\n")
	if s, err = Load(ext); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Point(Override{Key: "run.steps", Value: 8}); err == nil || !strings.Contains(err.Error(), "inherit_events = false") {
		t.Errorf("a sweep point ending before an inherited event: %v, want inherit_events = false", err)
	}
}

// The same hint when the file's own design has the point, found as the
// file is loaded (the trial of each swept value, before Load knows the
// file's name): it said 'write inherit_events = false ... to drop the
// events of the files it extends' of an event the file itself holds.
func TestSweepEventHintOnLoad(t *testing.T) {
	dir := t.TempDir()
	own := writeIn(t, dir, "own.toml", "[[event]]\nyear = 2010\n[event.policy]\nautonomy = 0.5\n[sweep]\nmethod = \"grid\"\n[sweep.values]\n\"run.steps\" = [8, 92]\n")
	_, err := Load(own)
	if err == nil || !strings.Contains(err.Error(), "remove the [[event]]") || strings.Contains(err.Error(), "inherit_events") {
		t.Errorf("a swept point ending before the file's own event: %v, want: remove it", err)
	}
	writeIn(t, dir, "ext.toml", "extends = \"own.toml\"\n")
	ext := writeIn(t, dir, "ext2.toml", "extends = \"ext.toml\"\n[sweep]\nmethod = \"grid\"\n[sweep.values]\n\"run.steps\" = [8, 92]\n")
	if _, err := Load(ext); err == nil || !strings.Contains(err.Error(), "inherit_events = false") {
		t.Errorf("a swept point ending before an inherited event: %v, want inherit_events = false", err)
	}
}

// A misspelt method is reported once, at its line: not also as a "grid"
// the file never wrote, taking [sweep.ranges] it cannot.
func TestSweepBadMethodReportedOnce(t *testing.T) {
	file := writeIn(t, t.TempDir(), "bad.toml", "extends = \"default\"\n[sweep]\nmethod = \"sobel\"\npoints = 4\n[sweep.ranges]\n\"world.heterogeneity\" = [0.0, 1.0]\n")
	_, err := Load(file)
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a scenario error", err)
	}
	if len(se.Problems) != 1 || !strings.Contains(se.Problems[0].Reason, `did you mean "sobol"`) {
		t.Errorf("problems:\n%v\nwant one, the misspelt method", err)
	}
}

// A file that sweeps keys replaces the design of the files it extends:
// it can drop a key, or turn a grid into a sample.
func TestSweepDesignNotInherited(t *testing.T) {
	dir := t.TempDir()
	writeIn(t, dir, "parent.toml", "extends = \"default\"\n[sweep]\nmethod = \"grid\"\n[sweep.values]\n\"world.heterogeneity\" = [0.0, 1.0]\n\"policy.mobility\" = [0.0, 1.0]\n")
	child := writeIn(t, dir, "child.toml", "extends = \"parent.toml\"\n[sweep]\nmethod = \"latin_hypercube\"\npoints = 4\n[sweep.ranges]\n\"world.heterogeneity\" = [0.0, 1.0]\n")
	s, err := Load(child)
	if err != nil {
		t.Fatalf("a child turning its parent's grid into a sample: %v", err)
	}
	if len(s.Sweep.Values) != 0 || len(s.Sweep.Ranges) != 1 {
		t.Errorf("sweep values %v ranges %v, want the child's one range only", s.Sweep.Values, s.Sweep.Ranges)
	}
	// a child that sets only the method keeps the parent's keys
	same := writeIn(t, dir, "same.toml", "extends = \"parent.toml\"\n[run]\nreplications = 2\n")
	if s, err := Load(same); err != nil || len(s.Sweep.Values) != 2 {
		t.Errorf("a child without sweep keys: %v, values %v, want the parent's two keys", err, s.Sweep.Values)
	}
}

// A --set that erases a difference names each value once, with the arms
// that have it: ten arms over two toolboxes read as two lists, not ten.
func TestErasedWarningGroupsArms(t *testing.T) {
	s, err := LoadPreset("kazakhstan_reforms", `policy.toolbox=["subsidy","land"]`)
	if err != nil {
		t.Fatal(err)
	}
	want := `(baseline, r2_only, r3_only, r4_only, r5_only ["subsidy", "tax_incentive"]; r1, r1_2, r1_3, r1_4, r1_5 ["subsidy", "tax_incentive", "land",`
	found := false
	for _, w := range s.Warnings {
		found = found || strings.Contains(w, want)
	}
	if !found {
		t.Errorf("warnings:\n%s\nwant one containing %s", strings.Join(s.Warnings, "\n"), want)
	}
}

// A calendar other than quarters warns that the rates and durations
// counted in steps keep their per-step values (set for quarters), from
// the file's line or from --set; the quarterly default says nothing.
func TestStepsPerYearWarns(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "monthly.toml")
	if err := os.WriteFile(path, []byte("extends = \"default\"\n[run]\nsteps_per_year = 12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	has := func(ws []string, prefix string) bool {
		for _, w := range ws {
			if strings.HasPrefix(w, prefix) && strings.Contains(w, "world.depreciation") && strings.Contains(w, "policy.review_interval") && strings.Contains(w, "instrument.lag") {
				return true
			}
		}
		return false
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !has(s.Warnings, path+":3: run.steps_per_year = 12:") {
		t.Errorf("file: warnings %q, want one on run.steps_per_year at line 3 naming the per-step keys", s.Warnings)
	}
	s, err = LoadPreset("default", "run.steps_per_year=1")
	if err != nil {
		t.Fatal(err)
	}
	if !has(s.Warnings, "--set: run.steps_per_year = 1:") {
		t.Errorf("--set: warnings %q, want one on run.steps_per_year", s.Warnings)
	}
	s, err = LoadPreset("default")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range s.Warnings {
		if strings.Contains(w, "steps_per_year") {
			t.Errorf("the quarterly default warns: %q", w)
		}
	}
	// --set over the file's calendar: one warning, of the calendar run
	s, err = Load(path, "run.steps_per_year=6")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, w := range s.Warnings {
		if strings.Contains(w, "steps_per_year") {
			n++
		}
	}
	if n != 1 || !has(s.Warnings, "--set: run.steps_per_year = 6:") {
		t.Errorf("--set 6 over a file's 12: warnings %q, want one, of 6", s.Warnings)
	}
	if s, err = Load(path, "run.steps_per_year=4"); err != nil {
		t.Fatal(err)
	}
	for _, w := range s.Warnings {
		if strings.Contains(w, "steps_per_year") {
			t.Errorf("--set back to quarters still warns: %q", w)
		}
	}
}

// The keys the calendar warning names are those whose value means
// another span of time when steps_per_year changes: a monthly run with
// them scaled runs as the quarterly one (world.gamma is a step's growth
// per unit of log intensity, policy.metric_noise a step's result's noise,
// documents.regulatory documents per step); those counted in years, or in
// no time at all, are not named.
func TestPerStepKeys(t *testing.T) {
	keys := perStepKeys()
	for _, c := range []struct {
		key  string
		want bool
	}{
		{"world.depreciation", true},
		{"world.tax_rate", true},
		{"world.gamma", true},
		{"policy.metric_noise", true},
		{"documents.regulatory", true},
		{"instrument.lag", true},
		{"documents.echo_lag", true},
		{"world.frontier_growth", false},
		{"market.demand_growth", false},
		{"policy.plan_cycle", false},
		{"officials.term_mean", false},
		{"documents.framework", false},
		{"world.stock_gain", false},
	} {
		if got := slices.Contains(keys, c.key); got != c.want {
			t.Errorf("%s named: %v, want %v (keys %v)", c.key, got, c.want, keys)
		}
	}
}

// The lags the calendar warning asks to scale can be scaled: a monthly
// run keeps infrastructure's two years (24 steps) and a quarter's echo.
func TestMonthlyLagsLoad(t *testing.T) {
	s, err := LoadPreset("default", "run.steps_per_year=12", "instrument.infrastructure.lag=24", "instrument.rd_support.lag=24", "documents.echo_lag=3")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Arms[0].Params.Instruments[3].Lag; got != 24 {
		t.Errorf("infrastructure lag %d, want 24", got)
	}
}

// A key given twice with --set warns, naming both values; the last
// applies, as a script layering overrides expects.
func TestSetTwiceWarns(t *testing.T) {
	s, err := LoadPreset("default", "world.provinces=3", "world.provinces=5")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Arms[0].Params.World.Provinces; got != 5 {
		t.Errorf("world.provinces = %d, want the last value, 5", got)
	}
	want := "--set: world.provinces = 5: given more than once (3, then 5): the last value applies"
	if !slices.Contains(s.Warnings, want) {
		t.Errorf("warnings %q, want %q", s.Warnings, want)
	}
	s, err = LoadPreset("default", "world.provinces=3", "world.provinces=3")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range s.Warnings {
		if strings.Contains(w, "more than once") {
			t.Errorf("the same value twice warns: %q", w)
		}
	}
}

// A shock's demand allows in a file what agents.New allows: the two tags
// must not drift apart.
func TestShockRangeMatchesAgents(t *testing.T) {
	a, _ := reflect.TypeFor[agents.Shock]().FieldByName("Demand")
	if got, want := shockRange(), agents.FieldRange(a); got != want {
		t.Errorf("[event.shock] demand allows %v, agents.Shock %v", got, want)
	}
}

// CheckSweep names the file and line of a [sweep] section without keys to
// sweep (the sweep command said only "FILE: sweep.method = ..." after
// loading, and blamed sweep.method in a file without any [sweep]).
func TestCheckSweep(t *testing.T) {
	dir := t.TempDir()
	writeIn(t, dir, "parent.toml", "extends = \"default\"\n[sweep]\nmethod = \"grid\"\n[sweep.values]\n\"world.heterogeneity\" = [0.0, 1.0]\n")
	for _, tc := range []struct {
		name, text string
		want       string // the error; "" for none
	}{
		{"no section", "extends = \"default\"\n", "s.toml: sweep: no [sweep] section"},
		{"grid without values", "extends = \"default\"\n\n[sweep]\nmethod = \"grid\"\n", `s.toml:4: sweep.method = "grid": needs [sweep.values]`},
		{"sampler without ranges", "extends = \"default\"\n[sweep]\nmethod = \"sobol\"\npoints = 8\n", `s.toml:3: sweep.method = "sobol": needs [sweep.ranges]`},
		{"method left out", "extends = \"default\"\n[sweep]\n", `s.toml:2: sweep.method = "grid": needs [sweep.values]`},
		{"keys from the parent", "extends = \"parent.toml\"\n[run]\nreplications = 2\n", ""},
		{"a design", "extends = \"default\"\n[sweep]\nmethod = \"grid\"\n[sweep.values]\n\"policy.autonomy\" = [0.0, 1.0]\n", ""},
	} {
		s, err := Load(writeIn(t, dir, "s.toml", tc.text))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		err = s.CheckSweep()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want no error", tc.name, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), filepath.Join(dir, tc.want))):
			t.Errorf("%s: %v, want %s", tc.name, err, filepath.Join(dir, tc.want))
		}
	}
}

// Arms drawn from different worlds are warned of: with one seed they run
// on different regions, and their paired differences are not policy alone.
func TestWorldWarnings(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, text string
		want       string // a warning containing it; "" for none about worlds
	}{
		{"one world", "[[arm]]\nname = \"a\"\npreset = \"coordinated_autonomy\"\n[[arm]]\nname = \"b\"\npreset = \"centralized\"\n", ""},
		{"china's counties", "[[arm]]\nname = \"base\"\npreset = \"coordinated_autonomy\"\n[[arm]]\nname = \"cn\"\npreset = \"china\"\n",
			"arm.cn: differs from arm base in world.counties_per_city = 8, not 0"},
		{"an arm's heterogeneity", "extends = \"default\"\n[[arm]]\nname = \"laissez_faire\"\n[arm.world]\nheterogeneity = 1.0\n",
			"arm.laissez_faire: differs from arm coordinated_autonomy in world.heterogeneity = 1.0, not 0.5"},
	} {
		s, err := Load(writeIn(t, dir, "s.toml", tc.text))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, w := range s.Warnings {
			if strings.Contains(w, "the same regions") {
				got = append(got, w)
			}
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: %q, want no warning about worlds", tc.name, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s: %q, want one warning containing %q", tc.name, got, tc.want)
		}
	}
}

// A sweep of run.steps_per_year warns, among the sweep's warnings and at
// the swept key's line, as a calendar in a file or --set does, when a
// point leaves quarters; a grid of quarters alone says nothing.
func TestSweptStepsPerYearWarns(t *testing.T) {
	tests := []struct {
		name, sweep string
		want        string // "" for no warning
	}{
		{"grid", "[sweep.values]\n\"run.steps_per_year\" = [4, 12]\n", `:3: sweep.values."run.steps_per_year": points at 12 steps a year keep`},
		{"range", "[sweep]\nmethod = \"halton\"\npoints = 2\n[sweep.ranges]\n\"run.steps_per_year\" = [1, 12]\n", `:6: sweep.ranges."run.steps_per_year": points with another calendar keep`},
		{"quarters only", "[sweep.values]\n\"run.steps_per_year\" = [4]\n", ""},
		{"another key", "[sweep.values]\n\"run.steps\" = [8, 12]\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := loadText(t, []byte("extends = \"default\"\n"+tt.sweep))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range append(slices.Clone(s.Warnings), s.SweepWarnings...) {
				if strings.Contains(w, "steps_per_year") {
					got = append(got, w)
				}
			}
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("warnings %q, want none on the calendar", got)
				}
				return
			}
			if len(got) != 1 || len(s.SweepWarnings) != 1 || !strings.Contains(got[0], tt.want) || !strings.Contains(got[0], "world.depreciation") || !strings.Contains(got[0], "instrument.lag") {
				t.Errorf("warnings %q (sweep's %q), want one among the sweep's containing %q and naming the per-step keys", got, s.SweepWarnings, tt.want)
			}
		})
	}
}

// The calendar warning says how to scale each kind of per-step key: a
// rate by 4/N, a number of steps by N/4, a step's result's noise by
// sqrt(N/4) (its precision adds up over the year's steps); every key it
// names is in exactly one kind.
func TestCalendarWarningSaysHowToScale(t *testing.T) {
	reason := stepsPerYearWarning(12).Reason
	kinds := []struct {
		open, close string
		keys        []string
	}{
		{"the rates per step (", ") by 4/N", []string{"world.depreciation", "world.gamma", "world.x0", "officials.trend_weight", "documents.regulatory"}},
		{"the durations in steps (", ") by N/4", []string{"instrument.lag", "policy.review_interval", "policy.scale_up_lag", "documents.echo_lag"}},
		{"a step's result (", ") by sqrt(N/4)", []string{"policy.metric_noise"}},
	}
	named := map[string]int{}
	for _, k := range kinds {
		_, rest, ok := strings.Cut(reason, k.open)
		list, _, ok2 := strings.Cut(rest, k.close)
		if !ok || !ok2 {
			t.Fatalf("warning %q: no %q...%q", reason, k.open, k.close)
		}
		got := strings.Split(list, ", ")
		for _, key := range got {
			named[key]++
		}
		for _, key := range k.keys {
			if !slices.Contains(got, key) {
				t.Errorf("%s...%s lists %q, want %s among them", k.open, k.close, list, key)
			}
		}
	}
	for _, key := range perStepKeys() {
		if named[key] != 1 {
			t.Errorf("%s named %d times by kind, want once", key, named[key])
		}
	}
}
