package agents

import (
	"math"
	"testing"
)

func TestLog1pMatchesMath(t *testing.T) {
	zs := []float64{0, 1e-9, 1e-4, 0.01, 0.5, 0.9999, 1, 2.5, 10, 1234.5, 1e9}
	for i := 0; i < 10000; i++ {
		zs = append(zs, math.Exp(float64(i)/500-10)) // e^-10 .. e^10
	}
	for _, z := range zs {
		got, want := log1p(z), math.Log1p(z)
		// 1+z rounds z below 1e-16 relative: allow that absolute error
		if d := math.Abs(got - want); d > 1e-10*math.Abs(want) && d > 2e-16 {
			t.Errorf("log1p(%g) = %.15g, want %.15g", z, got, want)
		}
	}
}

func TestDrawNormalMoments(t *testing.T) {
	const n = 200000
	var sum, sum2 float64
	for i := 0; i < n; i++ {
		x := drawNormal(7, keyMeasure, i, 3, 5)
		sum += x
		sum2 += x * x
	}
	mean, vr := sum/n, sum2/n-(sum/n)*(sum/n)
	// standard errors at n = 2e5: mean 0.0022, variance 0.0032; the table
	// truncates tails beyond ~3.5 sd, which lowers the variance by ~0.5%
	if math.Abs(mean) > 0.01 || math.Abs(vr-1) > 0.02 {
		t.Errorf("mean %.4f variance %.4f, want about 0 and 1", mean, vr)
	}
}

func BenchmarkLog1p(b *testing.B) {
	x := 0.0
	z := 0.37
	for b.Loop() {
		x += log1p(z)
		z += 1e-9
	}
	_ = x
}

// TestLogFastMatchesMath checks the table logarithm the metrics use
// against math.Log, near 1, far from it and below the normal range.
func TestLogFastMatchesMath(t *testing.T) {
	for _, x := range []float64{1e-300, 3e-310, 1e-9, 0.001, 0.3, 0.999999, 1, 1.000001, 1.5, 2, 7.3, 1e6, 1e300} {
		got, want := logFast(x), math.Log(x)
		if math.Abs(got-want) > 1e-14*math.Abs(want)+1e-15 {
			t.Errorf("logFast(%g) = %.17g, want %.17g", x, got, want)
		}
	}
	for i := 0; i < 10000; i++ {
		x := math.Exp(float64(i)/100 - 50)
		if got, want := logFast(x), math.Log(x); math.Abs(got-want) > 1e-14*math.Abs(want)+1e-15 {
			t.Fatalf("logFast(%g) = %.17g, want %.17g", x, got, want)
		}
	}
}
