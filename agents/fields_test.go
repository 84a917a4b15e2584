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
