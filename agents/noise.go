package agents

import "math"

// Counter-based random draws. Every draw after set-up is a pure function
// of (seed, purpose, coordinates): the noise of measuring pair (r, s, k) in
// step t, the term length of a region's n-th appointee, ... Arms that share
// a seed therefore share every draw they both make, even when one arm makes
// draws the other does not (common random numbers in the strong sense), and
// no draw depends on the order regions are processed in.

// Purposes keep the draws of different submodels apart.
const (
	keyMeasure uint64 = iota + 1
	keyPilot          // unused; kept so the keys after it, and every result, stay as they are
	keyNational
	keyEval
	keyMobility
	keyTerm
	keyAbility
	keyAge
	keyFollower
	keyVacancy
	keyReview       // review offsets redrawn when an event changes review_interval
	keyVacancyOrder // the order a level's vacancies are filled in, each step
	keyPeerTie      // which of the tied best peers a follower copies
	keyRotation     // the city the center's pilot rotation starts at
	keyCandidateTie // which of the tied best candidates is promoted
)

func hash64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// draw returns a uniform number in [0, 1) keyed by the seed, a purpose and
// up to three coordinates.
func draw(seed, purpose uint64, a, b, c int) float64 {
	return drawIn(stream(seed, purpose, a), b, c)
}

// stream hashes the first part of a draw's key: loops drawing many values
// with the same seed, purpose and first coordinate hash it once.
func stream(seed, purpose uint64, a int) uint64 {
	return hash64(seed ^ hash64(purpose<<48^uint64(a)))
}

// drawIn is draw(seed, purpose, a, b, c) for h = stream(seed, purpose, a).
func drawIn(h uint64, b, c int) float64 {
	h = hash64(h ^ uint64(b)<<21 ^ uint64(c))
	return float64(h>>11) / (1 << 53)
}

// normTable holds standard normal quantiles at the midpoints of 4096 equal
// probability bins, for fast approximate normal draws. Draws are truncated
// at about ±3.67 sd (the quantile of 0.5/4097), which is harmless for
// measurement and evaluation noise.
var normTable = func() (t [normBins + 1]float64) {
	for i := range t {
		p := (float64(i) + 0.5) / float64(normBins+1)
		t[i] = math.Sqrt2 * math.Erfinv(2*p-1)
	}
	return
}()

const normBins = 4096

// drawNormal returns a standard normal draw keyed like draw.
func drawNormal(seed, purpose uint64, a, b, c int) float64 {
	return normalIn(stream(seed, purpose, a), b, c)
}

// normalIn is drawNormal(seed, purpose, a, b, c) for h = stream(seed, purpose, a).
// It is small enough to be inlined in the measurement loop.
func normalIn(h uint64, b, c int) float64 {
	// drawIn(h, b, c) * normBins, exactly: both scalings are by powers of 2
	u := float64(hash64(h^uint64(b)<<21^uint64(c))>>11) * (float64(normBins) / (1 << 53))
	i := int(u) & (normBins - 1) // u < normBins: the mask changes nothing
	f := u - float64(i)
	return normTable[i]*(1-f) + normTable[i+1]*f
}

// drawGamma returns a gamma(shape, 1) draw keyed like draw, by inversion of
// the Wilson-Hilferty approximation (accurate to a few percent for shape >= 1,
// and adequate for term lengths).
func drawGamma(seed, purpose uint64, a, b, c int, shape float64) float64 {
	z := drawNormal(seed, purpose, a, b, c)
	v := 1 / (9 * shape)
	x := 1 - v + z*math.Sqrt(v)
	if x <= 0 {
		return 1e-3 * shape
	}
	return shape * x * x * x
}

// log1p returns log(1+z) for z >= 0, several times faster than
// math.Log1p and accurate to about 1e-10 relative: the economy takes one
// logarithm per funded pair per step, the model's hottest operation. The
// mantissa m of 1+z is split into a table point c (its top 9 bits) and a
// small remainder d = (m-c)/c, |d| < 1/1024, whose log is a cubic.
func log1p(z float64) float64 {
	if z < 1.0/256 { // near 0 the series in z itself keeps relative accuracy
		return log1pSeries(z)
	}
	return log1pTable(z)
}

// log1pTable is log1p for z >= 1/256 by the table. It and log1pSeries are
// small enough for the compiler to inline, log1p is not: the spending loop
// writes log1p out with them, as a call there would make the loop save and
// reload its registers.
func log1pTable(z float64) float64 {
	bits := math.Float64bits(1 + z)
	t := &logTable[(bits>>43)&0x1ff]
	m := math.Float64frombits(bits&(1<<52-1) | 1023<<52) // in [1, 2)
	d := (m - t.c) * t.inv
	return float64(int(bits>>52)-1023)*math.Ln2 + t.log + d*(1-d*(0.5-d*(1.0/3)))
}

// logFast returns log(x) for x > 0 by the same table, with one more term
// of the series (to about 1e-16 absolute, 1e-15 relative): for metrics
// that take a logarithm per region and instrument every step. Its lookup
// repeats log1pTable's: shared through a helper, log1pTable goes over the
// compiler's inlining budget, and its series must stay as it is for the
// model's results to stay the same.
func logFast(x float64) float64 {
	if x < 0x1p-1022 { // subnormal, zero or negative: not the table's
		return math.Log(x)
	}
	bits := math.Float64bits(x)
	t := &logTable[(bits>>43)&0x1ff]
	m := math.Float64frombits(bits&(1<<52-1) | 1023<<52) // in [1, 2)
	d := (m - t.c) * t.inv
	return float64(int(bits>>52)-1023)*math.Ln2 + t.log + d*(1-d*(0.5-d*(1.0/3-d*0.25)))
}

// log1pSeries is log(1+z) for small z by its series.
func log1pSeries(z float64) float64 {
	return z * (1 - z*(0.5-z*(1.0/3-z*(0.25-z*(0.2-z/6)))))
}

// logTable holds, for log1p, the midpoints c of 512 equal slices of
// [1, 2), their reciprocals and logarithms, side by side so one lookup
// reads one cache line.
var logTable = func() (t [512]struct{ c, inv, log float64 }) {
	for i := range t {
		c := 1 + (float64(i)+0.5)/512
		t[i].c, t[i].inv, t[i].log = c, 1/c, math.Log(c)
	}
	return
}()
