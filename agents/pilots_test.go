package agents

// Tests of officials' pilots: their length, their end with the official,
// and how they are counted.

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// An official's pilot runs policy.pilot_length steps; one he chooses
// again when it ends, even of the same pair, is a new pilot: counted,
// with its own clock. Otherwise a pilot of a practice that stays the most
// promising runs for ever, counted once.
func TestPilotDoesNotOutliveItsLength(t *testing.T) {
	p := smallParams()
	p.Policy.Autonomy = 1 // officials' pilots only
	p.Policy.PilotLength = 4
	p.Policy.ScaleUpEvidence = 1e12 // nothing is scaled up
	m := newModel(t, p, 40, 1)
	iv := p.Policy.ReviewInterval
	for step := 0; step < 40; step++ {
		m.Step(step)
		for r := 0; r < m.R; r++ {
			if m.pilotPair[r] < 0 {
				continue
			}
			if age := step - int(m.pilotOpen[r]); age >= p.Policy.PilotLength+iv {
				t.Fatalf("step %d: region %d's pilot of pair %d has run %d steps (pilot_length %d, review every %d)",
					step, r, m.pilotPair[r], age+1, p.Policy.PilotLength, iv)
			}
		}
	}
}

// An official's pilot ends with his term: his successor, at his first
// review, pilots what he himself chooses (a new pilot, even if of the
// same pair), rather than run on his predecessor's.
func TestPilotDoesNotOutliveItsOfficial(t *testing.T) {
	p := smallParams()
	p.Policy.Autonomy = 1
	p.Policy.PilotLength = 40 // longer than most terms
	p.Policy.ScaleUpEvidence = 1e12
	p.Officials.TermMean = 1
	steps := 60
	m := newModel(t, p, steps, 2)
	starter := make([]int, m.R) // official who started the running pilot
	for _, e := range m.StepEvents() {
		if e.Kind == "pilot" && e.Detail == "official" {
			starter[e.Region] = e.Official
		}
	}
	off := make([]int, m.R)
	iv := p.Policy.ReviewInterval
	inherited := 0
	for step := 0; step < steps; step++ {
		for r := range off {
			off[r] = m.offID[r]
		}
		m.Step(step)
		for _, e := range m.StepEvents() {
			if e.Kind == "pilot" && e.Detail == "official" {
				starter[e.Region] = e.Official
			}
		}
		for r := 0; r < m.R; r++ {
			if step == 0 || (step+m.review[r])%iv != 0 || m.pilotPair[r] < 0 {
				continue
			}
			if starter[r] != off[r] {
				inherited++
				t.Errorf("step %d: region %d's official %d runs the pilot his predecessor %d started",
					step, r, off[r], starter[r])
			}
		}
	}
	t.Logf("%d inherited pilots", inherited)
}

// A follower reviewing in the same step as his peers copies the portfolio
// they make in that step, not the one they are replacing, whatever the
// order of the regions.
func TestFollowerCopiesThisStepsPortfolio(t *testing.T) {
	p := smallParams()
	p.Policy.Imitation = 0.5
	m := newModel(t, p, 20, 3)
	for r := range m.review {
		m.review[r] = 0 // everyone reviews at the same steps
	}
	n := m.S * m.K
	checked := 0
	off := make([]int, m.R)
	for step := 0; step < 20; step++ {
		copy(off, m.offID)
		m.Step(step)
		if step == 0 || step%p.Policy.ReviewInterval != 0 {
			continue
		}
		for r := 0; r < m.R; r++ {
			if !m.follower[r] || m.offID[r] != off[r] {
				continue // a tailor, or a new official who has not decided
			}
			lo, hi := m.peerRange(r)
			found, any := false, false
			for q := lo; q < hi; q++ {
				if q == r || m.follower[q] {
					continue
				}
				any = true
				same := true
				for j := 0; j < n; j++ {
					if m.share[r*n+j] != m.share[q*n+j] {
						same = false
						break
					}
				}
				found = found || same
			}
			if any {
				checked++
				if !found {
					t.Errorf("step %d: follower %d's portfolio is no peer's present one", step, r)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no follower with a peer")
	}
}

// choosePilot's rule (doc.go, Regions decide): the practice with the
// highest upper bound mean + pilot_confidence sd, among those whose bound
// beats the national standard by scale_up_threshold and that are not
// national policy yet, in the region's largest sector at that stage,
// never a capped pair; none (-1) if no practice qualifies. Each case sets
// the beliefs, standards and stages of one region by hand.
func TestChoosePilotFollowsItsRule(t *testing.T) {
	p := smallParams()
	p.Policy.PilotConfidence, p.Policy.ScaleUpThreshold = 2, 0.15
	const r = 3
	type belief struct {
		instrument, stage    string
		mean, prec, standard float64
	}
	for _, tc := range []struct {
		name    string
		beliefs []belief
		scaled  string // a practice scaled up already ("instrument/stage")
		capped  bool   // the region's largest sector is capped
		entry   bool   // sector 0, the smallest, is at the entry stage
		want    string // "instrument/sector", or "" for none
	}{
		{"highest bound, largest sector", []belief{{"training", "growth", 1.2, 1e12, 1}, {"rd_support", "growth", 1.3, 1e12, 1}},
			"", false, false, "rd_support/9"},
		{"the bound must beat the standard by the threshold", []belief{{"training", "growth", 1.2, 1e12, 1}, {"rd_support", "growth", 1.3, 1e12, 1.2}},
			"", false, false, "training/9"},
		{"no practice scaled up already", []belief{{"training", "growth", 1.2, 1e12, 1}, {"rd_support", "growth", 1.3, 1e12, 1}},
			"rd_support/growth", false, false, "training/9"},
		{"the bound is mean plus confidence sd", []belief{{"training", "growth", 1, 1, 1}, {"rd_support", "growth", 1, 4, 1}},
			"", false, false, "training/9"},
		{"never a capped pair", []belief{{"subsidy", "growth", 1.5, 1e12, 1}, {"training", "growth", 1.2, 1e12, 1}},
			"", true, false, "subsidy/8"},
		{"at the practice's stage", []belief{{"training", "entry", 1.5, 1e12, 1}, {"rd_support", "growth", 1.3, 1e12, 1}},
			"", false, true, "training/0"},
		{"none beats the standard", []belief{{"training", "growth", 1.1, 1e12, 1}},
			"", false, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel(t, p, 8, 1)
			kgN := m.K * numStages
			mean, prec := make([]float64, kgN), make([]float64, kgN)
			for kg := range mean {
				mean[kg], prec[kg], m.natMean[kg] = 0, 1e12, 1 // no candidate
				m.everScaled[kg] = false
			}
			for s := 0; s < m.S; s++ {
				i := r*m.S + s
				m.capK[i] = float64(1 + s) // sector 9 the largest
				m.stage[i] = Growth
				m.cappedRS[i] = false
			}
			if tc.entry {
				m.stage[r*m.S] = Entry
			}
			if tc.capped {
				m.cappedRS[r*m.S+m.S-1] = true
			}
			kgOf := func(instrument, stage string) int {
				return instrumentIndex(t, p, instrument)*numStages + stageIndex(stage)
			}
			for _, b := range tc.beliefs {
				kg := kgOf(b.instrument, b.stage)
				mean[kg], prec[kg], m.natMean[kg] = b.mean, b.prec, b.standard
			}
			if tc.scaled != "" {
				in, st, _ := strings.Cut(tc.scaled, "/")
				m.everScaled[kgOf(in, st)] = true
			}
			got := ""
			if pair := m.choosePilot(r, mean, prec); pair >= 0 {
				got = fmt.Sprintf("%s/%d", p.Instruments[pair%m.K].Name, pair/m.K-r*m.S)
			}
			if got != tc.want {
				t.Errorf("pilot %q, want %q", got, tc.want)
			}
		})
	}
}

// An official's pilot is kept while it has run fewer than pilot_length
// steps, its official is the one who started it, its pair is not capped
// and its practice not scaled up (keepPilot); otherwise it ends.
func TestKeepPilotForItsLength(t *testing.T) {
	p := smallParams()
	p.Policy.PilotLength = 4
	const r, open = 3, 10
	k := instrumentIndex(t, p, "subsidy")
	for _, tc := range []struct {
		name   string
		now    int
		start  int // the official's first step
		capped bool
		scaled bool
		kept   bool
	}{
		{"first step", open, 6, false, false, true},
		{"last step of its length", open + 3, 6, false, false, true},
		{"its length run", open + 4, 6, false, false, false},
		{"a successor's", open + 1, open + 1, false, false, false},
		{"capped", open + 1, 6, true, false, false},
		{"scaled up", open + 1, 6, false, true, false},
	} {
		m := newModel(t, p, 20, 1)
		i := r * m.S // sector 0
		m.pilotPair[r], m.pilotOpen[r], m.start[r] = int32(i*m.K+k), open, tc.start
		m.cappedRS[i] = tc.capped
		for kg := range m.everScaled {
			m.everScaled[kg] = false
		}
		m.everScaled[k*numStages+int(m.stage[i])] = tc.scaled
		if got := m.keepPilot(r, tc.now) >= 0; got != tc.kept {
			t.Errorf("%s (step %d, opened %d, length %d): kept %v, want %v", tc.name, tc.now, open, p.Policy.PilotLength, got, tc.kept)
		}
	}
}

// A region's peers (whom a follower may copy) are the regions of its
// level in its province: the provinces, the cities of its province, the
// counties of its province (doc.go).
func TestPeersAreTheLevelInTheProvince(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince, p.World.CountiesPerCity = 3, 3, 2
	m := newModel(t, p, 4, 1)
	for r := 0; r < m.R; r++ {
		lo, hi := m.peerRange(r)
		for q := 0; q < m.R; q++ {
			peer := m.level[q] == m.level[r] && (m.level[r] == LevelProvince || m.province[q] == m.province[r])
			if in := q >= lo && q < hi; in != peer {
				t.Errorf("region %d (%s, province %d): region %d (%s, province %d) in its peer range %v, want %v",
					r, levelNames[m.level[r]], m.province[r], q, levelNames[m.level[q]], m.province[q], in, peer)
			}
		}
	}
}

// A follower copies the own shares of the best tailor among his peers,
// best by value added growth over the last year (recomputed here from
// the regions' value added, not read from the model).
func TestFollowerCopiesTheBestPeer(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 2, 6
	p.Policy.Imitation = 0.4
	m := newModel(t, p, 24, 3)
	for r := range m.review {
		m.review[r] = 0 // everyone reviews at the same steps
	}
	spy, n := m.spy, m.S*m.K
	var hist [][]float64 // value added after each step, the initial one for the year before step 0
	for j := 0; j <= spy; j++ {
		hist = append(hist, append([]float64(nil), m.yReg...))
	}
	checked := 0
	for step := 0; step < 24; step++ {
		follower := append([]bool(nil), m.follower...)
		now, yearAgo := hist[len(hist)-1], hist[len(hist)-1-spy] // value added after the last step and a year before it
		m.Step(step)
		hist = append(hist, append([]float64(nil), m.yReg...))
		if step == 0 || step%p.Policy.ReviewInterval != 0 {
			continue
		}
		for r := 0; r < m.R; r++ {
			if !follower[r] {
				continue
			}
			lo, hi := m.peerRange(r)
			best, bestG := -1, math.Inf(-1)
			for q := lo; q < hi; q++ {
				if g := math.Log(now[q] / yearAgo[q]); q != r && !follower[q] && g > bestG {
					best, bestG = q, g
				}
			}
			if best < 0 {
				continue
			}
			checked++
			if !slices.Equal(m.share[r*n:(r+1)*n], m.share[best*n:(best+1)*n]) {
				t.Errorf("step %d: follower %d's portfolio is not that of his best peer %d (growth %.4f)", step, r, best, bestG)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no follower with a peer")
	}
}
