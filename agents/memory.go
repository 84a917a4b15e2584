package agents

import "fmt"

// Memory. A run holds its world in flat slices; WorldBytes estimates them
// per run from these costs (a scenario's reference prints them):
const (
	// spending now and before, lagged effects, beliefs: 8 float64
	BytesPerRegionSectorInstrument = 64
	// capacity, productivity, stage, fit and its belief, network,
	// demand share, preferences: 32 float64
	BytesPerRegionSector = 256
	// the official's beliefs: mean and precision at each of 3 stages
	BytesPerRegionInstrument = 96
	// region, budget, stocks, official, tree links
	BytesPerRegion = 1024
	// the costs above cover instrument lags up to 16 steps and an echo_lag
	// up to 8; each step of a longer lag holds a region-sector's capacity
	// and productivity effects (2 float64), each step of a longer
	// echo_lag a region's documents by category (11 float64)
	BytesPerRegionSectorLagStep = 16
	BytesPerRegionEchoStep      = 88
	// MaxWorldBytes is the largest world New builds: 16 GiB a run. Simulate
	// also refuses a run whose metric table (Output.Metrics, allocated at
	// its start) would take the world past it.
	MaxWorldBytes = 16 << 30
)

// recordingBytes is the memory of the metric table Simulate records over
// steps steps (without Options.SummaryOnly): a float64 per metric and
// step, allocated when the run starts.
func recordingBytes(steps int) float64 { return float64(steps) * float64(len(metrics)) * 8 }

// Regions counts the regions of a world: its provinces, cities and
// counties, P + P*C + P*C*Q, as Model.Regions does once it is built (the
// center is not a region). It is a float64 so that a world too large to
// build is counted without overflow.
func Regions(w World) float64 {
	p, c, k := float64(w.Provinces), float64(w.CitiesPerProvince), float64(w.CountiesPerCity)
	return p + p*c + p*c*k
}

// WorldBytes estimates the memory of one run's world built from p: per
// region and for the center, which has a region's tables too.
func WorldBytes(p Params) float64 {
	r, s, i := Regions(p.World)+1, float64(len(p.Sectors)), float64(len(p.Instruments))
	lag := 0
	for _, in := range p.Instruments {
		lag = max(lag, in.Lag)
	}
	longer := float64(max(0, lag-16))*s*BytesPerRegionSectorLagStep + float64(max(0, p.Documents.EchoLag-8))*BytesPerRegionEchoStep
	return r * (s*i*BytesPerRegionSectorInstrument + s*BytesPerRegionSector + i*BytesPerRegionInstrument + BytesPerRegion + longer)
}

// MemoryReason says why a world built from p would not fit in
// MaxWorldBytes ("world too large: ..."), or "" if it fits. New refuses
// such a world: its allocations would exhaust memory, a crash rather than
// an error.
func MemoryReason(p Params) string {
	b := WorldBytes(p)
	if b <= MaxWorldBytes {
		return ""
	}
	return fmt.Sprintf("world too large: %.0f regions x %d sectors x %d instruments need about %s per run; at most 16 GiB",
		Regions(p.World), len(p.Sectors), len(p.Instruments), gib(b))
}

func gib(b float64) string {
	if b >= 1<<40 {
		return fmt.Sprintf("%.1f TiB", b/(1<<40))
	}
	return fmt.Sprintf("%.1f GiB", b/(1<<30))
}
