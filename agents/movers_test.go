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
// the previous mover of the same kind (his old mix a copy of a peer's or
// his own decision) carried elsewhere (the first mover of a kind has none
// and is not tracked). A post's excess similarity is cos(own mix, carried) -
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
	p.Policy.Imitation = 0.5 // movers of both kinds
	const steps = 72
	m := newModel(t, p, steps, 4)
	mt := newMoverTracker(m)
	for step := 0; step < steps; step++ {
		m.Step(step)
		mt.observe(step)
		if mt.noMix > 0 {
			t.Fatalf("step %d: a mover's post has no own mix", step)
		}
	}
	if mt.gainN < 5 || mt.afterN < 5 || mt.kinds[0] < 3 || mt.kinds[1] < 3 {
		t.Fatalf("%.0f observations while movers serve and %.0f after they left, %d own and %d copied mixes carried; the test needs more", mt.gainN, mt.afterN, mt.kinds[0], mt.kinds[1])
	}
	gain, after := mt.values()
	for _, c := range []struct {
		name string
		want float64
	}{{"mover_mix_gain", gain}, {"mover_mix_after", after}} {
		if got := metricValue(t, m, c.name); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", c.name, got, c.want)
		}
	}
}

// moverTracker recomputes mover_mix_gain and mover_mix_after by the rule
// TestMoverMixMetricsFollowTheirRule states, from the event log and the
// regions' own shares, observing the model after every step.
type moverTracker struct {
	m                          *Model
	posts                      []moverPost
	lastCarried                [2][]float64 // the mix the last mover of each kind carried
	kinds                      [2]int
	noMix                      int // movers from a post without an own mix: they carry nothing
	gain, gainN, after, afterN float64
}

func newMoverTracker(m *Model) *moverTracker {
	mt := &moverTracker{m: m, posts: make([]moverPost, m.R)}
	for r := range mt.posts {
		mt.posts[r].left = -1
	}
	return mt
}

func (mt *moverTracker) excess(r int) float64 {
	mix := ownMixOf(mt.m, r)
	return cosineOf(mix, mt.posts[r].carried) - cosineOf(mix, mt.posts[r].placebo)
}

// observe reads step's events and, at a year's end, the posts' excess
// similarity.
func (mt *moverTracker) observe(step int) {
	m, posts := mt.m, mt.posts
	iv, spy := m.p.Policy.ReviewInterval, m.spy
	// every outgoing official leaves before the vacancies are filled
	for _, e := range m.StepEvents() {
		from := postLeft(e)
		if from >= 0 && posts[from].active {
			posts[from].active, posts[from].left = false, step
		}
	}
	// arrivals, in the order of the log: each mover's placebo is the
	// previous mover's of his kind
	for _, e := range m.StepEvents() {
		if e.Kind != "promotion" && e.Kind != "move" {
			continue
		}
		carried := ownMixOf(m, e.FromRegion) // shares change only when regions decide
		if len(m.boxList) < 2 {              // one instrument: every mix alike, no mover to track
			continue
		}
		if slices.Max(carried) <= 0 {
			mt.noMix++ // carries nothing: the placebo stays
			continue
		}
		kind := 0
		if m.copied[e.FromRegion] { // his last decision there (the next is in a later step)
			kind = 1
		}
		mt.kinds[kind]++
		if mt.lastCarried[kind] == nil {
			mt.lastCarried[kind] = carried // the first mover of his kind: no placebo
			continue
		}
		v := &posts[e.Region]
		if slices.Max(ownMixOf(m, e.Region)) <= 0 { // no own mix at his arrival: no baseline
			mt.lastCarried[kind] = carried
			continue
		}
		v.carried, v.placebo, mt.lastCarried[kind] = carried, mt.lastCarried[kind], carried
		v.start, v.left, v.active = step+1, -1, true
		v.before = mt.excess(e.Region)
	}
	if (step+1)%spy != 0 || len(m.boxList) < 2 { // one instrument: every mix alike, no mark
		return
	}
	for r, v := range posts {
		if slices.Max(ownMixOf(m, r)) <= 0 {
			continue // no own mix (after a switch to autonomy 0): nothing to compare
		}
		switch {
		case v.active && step-v.start >= iv:
			mt.gain += mt.excess(r) - v.before
			mt.gainN++
		case v.left >= 0 && step-v.left >= spy && step-v.left < 2*spy:
			mt.after += mt.excess(r) - v.before
			mt.afterN++
		}
	}
}

// values returns mover_mix_gain and mover_mix_after as recomputed (NaN
// without observations).
func (mt *moverTracker) values() (gain, after float64) {
	return mt.gain / mt.gainN, mt.after / mt.afterN
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
	m.copied[from], m.copied[1] = false, false // own decisions: one kind
	m.moverArrives(to, from)                   // the first mover: the placebo to come
	if !m.havePlacebo[0] {
		t.Fatal("no placebo after a mover from a post with an own mix")
	}
	want := slices.Clone(m.lastCarried[:K])
	clear(m.share[from*m.S*K : (from+1)*m.S*K]) // from has no own mix now
	m.moverArrives(to, from)
	if !slices.Equal(m.lastCarried[:K], want) {
		t.Errorf("placebo after a mover carrying nothing: %v, want %v", m.lastCarried[:K], want)
	}
	m.moverArrives(next, 1)
	if !m.moverActive[next] || !slices.Equal(m.placebo[next*K:(next+1)*K], want) {
		t.Errorf("the next mover's placebo is %v, want %v", m.placebo[next*K:(next+1)*K], want)
	}
}

// A mover's placebo is the mix the last mover of his kind carried: a copy
// of a peer's for a follower who copied at his old post, an own
// decision's otherwise. Copies of the peers' best tailors look alike, so
// a copier scored against an own mix's placebo showed a carried policy
// where nothing was carried: with any placebo, followers made the whole
// of fact D3 on the china preset.
func TestMoverPlaceboOfHisKind(t *testing.T) {
	m := newModel(t, smallParams(), 8, 1)
	runSteps(m, 0, 4)
	K := m.K
	own, copier, next := 1, 2, 5
	m.copied[own], m.copied[copier] = false, true
	m.moverArrives(3, own)    // the first own mix: a placebo for the next own
	m.moverArrives(4, copier) // the first copy: a placebo for the next copy
	if m.moverActive[4] {
		t.Fatal("the first copier was tracked against an own mix's placebo")
	}
	m.moverArrives(next, copier)
	copyMix := ownMixOf(m, copier)
	if !m.moverActive[next] || !slices.Equal(m.placebo[next*K:(next+1)*K], copyMix) {
		t.Errorf("a copier's placebo is %v, want the last copy carried %v", m.placebo[next*K:(next+1)*K], copyMix)
	}
}

// The window after a mover left reads his carried mix: a later arrival
// who is not tracked (the first mover of his kind, who only provides a
// placebo, or one from a post without an own mix) leaves it, and the
// placebo, as they were. moverArrives wrote the untracked arrival's mix
// (or zeros) over them, so mover_mix_after scored the post's mix against
// a mix its mover never carried (checkMetrics over random parameters).
func TestUntrackedArrivalKeepsTheLeftMoversMix(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(m *Model, from int) // makes the arrival from from untracked
	}{
		{"first of his kind", func(m *Model, from int) { m.copied[from] = true }},
		{"no own mix", func(m *Model, from int) {
			clear(m.share[from*m.S*m.K : (from+1)*m.S*m.K])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel(t, smallParams(), 8, 1)
			runSteps(m, 0, 4)
			K := m.K
			a, b, post, c := 1, 2, 3, 5
			m.copied[a], m.copied[b], m.copied[c] = false, false, false
			m.moverArrives(6, a)    // the first own mix: a placebo
			m.moverArrives(post, b) // tracked
			if !m.moverActive[post] {
				t.Fatal("the second mover of a kind was not tracked")
			}
			carried, placebo := slices.Clone(m.carried[post*K:(post+1)*K]), slices.Clone(m.placebo[post*K:(post+1)*K])
			m.moverLeaves(post, 4)
			tc.setup(m, c)
			m.moverArrives(post, c)
			if m.moverActive[post] || m.moverLeft[post] != 4 {
				t.Fatalf("untracked arrival: active %v, left %d", m.moverActive[post], m.moverLeft[post])
			}
			if !slices.Equal(m.carried[post*K:(post+1)*K], carried) || !slices.Equal(m.placebo[post*K:(post+1)*K], placebo) {
				t.Errorf("carried %v placebo %v, want the left mover's %v and %v", m.carried[post*K:(post+1)*K], m.placebo[post*K:(post+1)*K], carried, placebo)
			}
		})
	}
}

// A mover's change is measured from his new post's own mix at his arrival
// (his predecessor's). A post whose official's last decision funded
// nothing (every toolbox instrument lagged beyond his career horizon) has
// none: moverArrives took the baseline as a similarity of 0, which
// moverSimilarity's rule refuses, so the whole excess similarity he later
// reached there counted as carried policy (mover_mix_gain exactly 0
// where the rule has no observation, under policy.toolbox = training,
// market_access and career_concern 3). Such a mover is not tracked there;
// what he carried is still the next mover's placebo.
func TestMoverToAPostWithoutOwnMixIsNotTracked(t *testing.T) {
	m := newModel(t, smallParams(), 8, 1)
	runSteps(m, 0, 4)
	K := m.K
	first, from, post := 1, 2, 3
	m.copied[first], m.copied[from] = false, false
	m.moverArrives(5, first) // the placebo to come
	clear(m.share[post*m.S*K : (post+1)*m.S*K])
	m.moverArrives(post, from)
	if m.moverActive[post] {
		t.Errorf("a mover to a post without an own mix is tracked (baseline %g)", m.simBefore[post])
	}
	if want := ownMixOf(m, from); !slices.Equal(m.lastCarried[:K], want) {
		t.Errorf("next placebo %v, want the mix he carried %v", m.lastCarried[:K], want)
	}
}
