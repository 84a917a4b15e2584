package agents

import "testing"

// A measure document is issued for a new or substantially changed measure
// (doc.go, Documents): a pair whose share of the region's own budget
// reaches min_share from below it, or moves, up or down, by more than
// change_threshold of its old share.
func TestNewOrChangedMeasures(t *testing.T) {
	d := Documents{MinShare: 0.02, ChangeThreshold: 0.5}
	for _, tc := range []struct {
		name     string
		old, now float64
		want     bool
	}{
		{"new from nothing", 0, 0.05, true},
		{"new from below min_share", 0.01, 0.05, true},
		{"still below min_share", 0.005, 0.015, false},
		{"reaches min_share by a small step", 0.015, 0.021, true},
		{"dropped below min_share", 0.05, 0.01, false},
		{"up by more than half", 0.04, 0.061, true},
		{"up by less than half", 0.04, 0.059, false},
		{"down by more than half", 0.1, 0.049, true},
		{"down by less than half", 0.1, 0.051, false},
	} {
		if got := isMeasure(tc.old, tc.now, d); got != tc.want {
			t.Errorf("%s (%g -> %g): measure %v, want %v", tc.name, tc.old, tc.now, got, tc.want)
		}
	}
}
