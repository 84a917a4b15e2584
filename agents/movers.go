package agents

import "math"

// Policy carried by movers (fact D3, Lu 2023): when an official moves, the
// instrument mix he chose at his old post is recorded at the new one, with
// a placebo: the mix the previous mover of the same kind carried to
// another post, a copy's for a copy (a follower who copied a peer at his
// old post), an own decision's for an own decision. Once a year the new
// post's own mix is compared with both; its excess similarity to the
// carried mix over the placebo is compared with the same excess at his
// arrival, while he serves and one to two years after he leaves. The
// cumulative averages are metrics; nothing here changes the dynamics.
// Copies of peers' best tailors look alike more than other mixes do: with
// a placebo of any kind they made the whole of D3 on the china preset.

// ownMix writes region r's own spending shares by instrument into dst and
// reports false if the region has no own shares.
func (m *Model) ownMix(r int, dst []float64) bool {
	S, K := m.S, m.K
	clear(dst)
	total := 0.0
	for s := 0; s < S; s++ {
		for k, x := range m.share[(r*S+s)*K : (r*S+s+1)*K] {
			dst[k] += x
			total += x
		}
	}
	return total > 0
}

func cosine(a, b []float64) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// moverArrives records what official arriving at v carries from post
// from, and, as a placebo, the mix the previous mover of the same kind
// (his old mix a copy or not) carried elsewhere (also chosen at the end of
// a term, so term position cancels out).
//
// An arrival not tracked leaves v's carried mix and placebo as they were:
// the window after the previous mover left reads them.
func (m *Model) moverArrives(v, from int) {
	K := m.K
	mix := m.kScratch // what he carries, until he is tracked
	if len(m.boxList) < 2 || !m.ownMix(from, mix) {
		// a one-instrument toolbox makes every mix the same vector, and
		// a post without an own mix (at autonomy 0) has none to carry:
		// no mover to track, and the last carried mix stays the placebo
		m.moverActive[v] = false
		return
	}
	kind := 0
	if m.copied[from] { // his last decision there copied a peer
		kind = 1
	}
	last := m.lastCarried[kind*K : (kind+1)*K]
	if !m.havePlacebo[kind] {
		m.moverActive[v] = false // the first mover of a kind only provides a placebo
		copy(last, mix)
		m.havePlacebo[kind] = true
		return
	}
	if !m.hasOwnMix(v) {
		// v's own mix at his arrival, his predecessor's, is the baseline
		// of the change: a post without one (its official's last
		// decision funded nothing) has none, not a similarity of 0, and
		// he is not tracked there; what he carried is the next placebo
		copy(last, mix)
		m.moverActive[v] = false
		return
	}
	copy(m.placebo[v*K:(v+1)*K], last)
	copy(last, mix)
	copy(m.carried[v*K:(v+1)*K], mix)
	m.simBefore[v], _ = m.moverSimilarity(v) // v's own mix at his arrival: his predecessor's
	m.moverActive[v] = true
	m.moverLeft[v] = -1
}

// hasOwnMix reports whether region r has own spending shares.
func (m *Model) hasOwnMix(r int) bool {
	S, K := m.S, m.K
	for _, x := range m.share[r*S*K : (r+1)*S*K] {
		if x > 0 {
			return true
		}
	}
	return false
}

// moverSimilarity is how much closer v's own mix is to what its mover
// carried than to the placebo. It reports false if v has no own mix (a
// switch to autonomy 0 left it none): there is nothing to compare then,
// not a similarity of 0.
func (m *Model) moverSimilarity(v int) (float64, bool) {
	K := m.K
	mix := m.kScratch
	if !m.ownMix(v, mix) {
		return 0, false
	}
	return cosine(mix, m.carried[v*K:(v+1)*K]) - cosine(mix, m.placebo[v*K:(v+1)*K]), true
}

// moverLeaves marks that the mover at v has left at step t.
func (m *Model) moverLeaves(v, t int) {
	if m.moverActive[v] {
		m.moverActive[v] = false
		m.moverLeft[v] = t
	}
}

// trackMovers adds, at each year end, the change in similarity since
// arrival for posts led by a mover who has served a full review interval
// (so he has decided at least once; a year end before that is skipped
// even if his review offset let him decide sooner), and for
// posts a mover left one to two years ago; posts without an own mix (after
// a switch to autonomy 0) add nothing, nor does a year under a
// one-instrument toolbox (every mix the same vector: a change of 0 by
// construction).
func (m *Model) trackMovers(t int) {
	if (t+1)%m.spy != 0 || len(m.boxList) < 2 {
		return // a one-instrument toolbox: every mix is the same, nothing to compare
	}
	for r := 0; r < m.R; r++ {
		switch {
		case m.moverActive[r] && t-m.start[r] >= m.p.Policy.ReviewInterval:
			if sim, ok := m.moverSimilarity(r); ok {
				m.st.moverGain += sim - m.simBefore[r]
				m.st.moverGainN++
			}
		case m.moverLeft[r] >= 0 && t-m.moverLeft[r] >= m.spy && t-m.moverLeft[r] < 2*m.spy:
			if sim, ok := m.moverSimilarity(r); ok {
				m.st.moverAfter += sim - m.simBefore[r]
				m.st.moverAfterN++
			}
		}
	}
}
