package agents

import (
	"math"
	"slices"
	"testing"
)

// Policy carried by movers (fact D3, movers.go): the metrics
// mover_mix_gain and mover_mix_after recomputed from the event log and the
// regions' own budget shares, by the rule their docs state.

// ownMixOf is region r's own spending shares summed over its sectors, by
// instrument: the instrument mix its official chose.
func ownMixOf(m *Model, r int) []float64 {
	mix := make([]float64, m.K)
	for i := r * m.S * m.K; i < (r+1)*m.S*m.K; i++ {
		mix[i%m.K] += m.share[i]
	}
	return mix
}

func cosineOf(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab, aa, bb = ab+a[i]*b[i], aa+a[i]*a[i], bb+b[i]*b[i]
	}
	return ab / math.Sqrt(aa*bb)
}

// moverPost is what the test keeps of the mover tracked at a post.
type moverPost struct {
	carried, placebo []float64
	before           float64 // excess similarity at his arrival
	start, left      int     // his first step there; the step he left, or -1
	active           bool
}

// A mover's old mix is recorded at his new post, with a placebo: the mix
// the previous mover carried elsewhere (the first mover has none and is
// not tracked). A post's excess similarity is cos(own mix, carried) -
// cos(own mix, placebo); once a year it is compared with its value at his
// arrival (his predecessor's mix): mover_mix_gain averages that change
// over the years he serves, once he has served a review interval (so the
// mix is his own decision), mover_mix_after over the years one to two
// years after he left. Any shortcut (no placebo, no arrival baseline, a
// wrong window, the mover's own mix as placebo) moves the averages.
func TestMoverMixMetricsFollowTheirRule(t *testing.T) {
	p := smallParams()
	p.World.Provinces, p.World.CitiesPerProvince = 3, 4
	p.Officials.TermMean = 1.5
	p.Policy.Mobility = 0.8
	const steps = 72
	m := newModel(t, p, steps, 4)
	iv, spy := p.Policy.ReviewInterval, m.spy
	posts := make([]moverPost, m.R)
	for r := range posts {
		posts[r].left = -1
	}
	var lastCarried []float64 // the mix the last mover carried
	var gain, gainN, after, afterN float64
	excess := func(r int) float64 {
		mix := ownMixOf(m, r)
		return cosineOf(mix, posts[r].carried) - cosineOf(mix, posts[r].placebo)
	}
	for step := 0; step < steps; step++ {
		m.Step(step)
		// every outgoing official leaves before the vacancies are filled
		for _, e := range m.StepEvents() {
			from := postLeft(e)
			if from >= 0 && posts[from].active {
				posts[from].active, posts[from].left = false, step
			}
		}
		// arrivals, in the order of the log: each mover's placebo is
		// the previous mover's carried mix
		for _, e := range m.StepEvents() {
			if e.Kind != "promotion" && e.Kind != "move" {
				continue
			}
			carried := ownMixOf(m, e.FromRegion) // shares change only when regions decide
			if slices.Max(carried) <= 0 {
				t.Fatalf("step %d: post %d has no own mix", step, e.FromRegion)
			}
			if lastCarried == nil {
				lastCarried = carried // the first mover: no placebo
				continue
			}
			v := &posts[e.Region]
			v.carried, v.placebo, lastCarried = carried, lastCarried, carried
			v.start, v.left, v.active = step+1, -1, true
			v.before = excess(e.Region)
		}
		if (step+1)%spy != 0 {
			continue
		}
		for r, v := range posts {
			switch {
			case v.active && step-v.start >= iv:
				gain += excess(r) - v.before
				gainN++
			case v.left >= 0 && step-v.left >= spy && step-v.left < 2*spy:
				after += excess(r) - v.before
				afterN++
			}
		}
	}
	if gainN < 5 || afterN < 5 {
		t.Fatalf("%.0f observations while movers serve and %.0f after they left; the test needs more", gainN, afterN)
	}
	for _, c := range []struct {
		name string
		want float64
	}{{"mover_mix_gain", gain / gainN}, {"mover_mix_after", after / afterN}} {
		if got := metricValue(t, m, c.name); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", c.name, got, c.want)
		}
	}
}

// A mover from a post without an own mix (after a switch to autonomy 0)
// carries nothing: he leaves the placebo, the last mix a mover carried, as
// it was. It was overwritten with zeros, and the next mover was then
// scored against no placebo at all.
func TestMoverWithoutMixKeepsThePlacebo(t *testing.T) {
	m := newModel(t, smallParams(), 8, 1)
	runSteps(m, 0, 4)
	K := m.K
	from, to, next := 2, 3, 4
	m.moverArrives(to, from) // the first mover: the placebo to come
	if !m.havePlacebo {
		t.Fatal("no placebo after a mover from a post with an own mix")
	}
	want := slices.Clone(m.lastCarried)
	clear(m.share[from*m.S*K : (from+1)*m.S*K]) // from has no own mix now
	m.moverArrives(to, from)
	if !slices.Equal(m.lastCarried, want) {
		t.Errorf("placebo after a mover carrying nothing: %v, want %v", m.lastCarried, want)
	}
	m.moverArrives(next, 1)
	if !m.moverActive[next] || !slices.Equal(m.placebo[next*K:(next+1)*K], want) {
		t.Errorf("the next mover's placebo is %v, want %v", m.placebo[next*K:(next+1)*K], want)
	}
}
