package agents

import "testing"

// TestCheckFieldsAllocatesNothing: New checks every field of the Params
// and of every event's for each run, so for Params in range the check
// allocates nothing (it made a key and boxed a value per field: about 200
// allocations, most of a small run's set-up).
func TestCheckFieldsAllocatesNothing(t *testing.T) {
	p := DefaultParams()
	if errs := checkFields(p); len(errs) > 0 {
		t.Fatalf("default params out of range: %v", errs)
	}
	if n := testing.AllocsPerRun(20, func() { checkFields(p) }); n != 0 {
		t.Errorf("checkFields(DefaultParams()) allocates %v times, want 0", n)
	}
}

// Closest suggests a misspelt name: by case alone first, as names and
// keys are case-sensitive ("STEEL" for "steel", which edit distance
// alone would reject), then the nearest within about a third of its
// length, else nothing.
func TestClosest(t *testing.T) {
	sectors := []string{"steel", "cement", "solar", "electric_vehicles"}
	for _, tc := range []struct{ s, want string }{
		{"STEEL", "steel"},
		{"Solar", "solar"},
		{"stel", "steel"},
		{"electric_vehicle", "electric_vehicles"},
		{"Electric_Vehicles", "electric_vehicles"},
		{"textiles", ""},
	} {
		if got := Closest(tc.s, sectors); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
