package sim

import (
	"context"
	"errors"
	"math"
	mathbits "math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// walk is a toy model: a random walk driven by its own stream.
type walk struct {
	rng *rand.Rand
	x   float64
}

func (w *walk) Step(t int) { w.x += w.rng.NormFloat64() }

func runWalk(ctx context.Context, j Job) ([]float64, error) {
	w := &walk{rng: NewRand(j.Seed, uint64(j.Arm))}
	cols := []Column[*walk]{{Name: "x", Value: func(w *walk) float64 { return w.x }}}
	rec := NewRecorder(w, cols, 20)
	if st, _ := Run(ctx, w, Settings{Steps: 20, StepsPerYear: 4}, rec); st != Completed {
		return nil, ctx.Err()
	}
	return rec.Table().Values, nil
}

func TestReplicateIndependentOfWorkers(t *testing.T) {
	jobs := Plan{Arms: 3, Replications: 17, MasterSeed: 42}.Jobs()
	collect := func(workers int) [][]float64 {
		var out [][]float64
		err := Replicate(context.Background(), jobs, workers, runWalk, func(j Job, r []float64) error {
			if j.Index != len(out) {
				t.Fatalf("emitted job %d at position %d", j.Index, len(out))
			}
			out = append(out, r)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, four := collect(1), collect(4)
	if len(one) != len(jobs) || len(four) != len(jobs) {
		t.Fatalf("got %d and %d results, want %d", len(one), len(four), len(jobs))
	}
	for i := range one {
		for k := range one[i] {
			if one[i][k] != four[i][k] {
				t.Fatalf("job %d differs between 1 and 4 workers", i)
			}
		}
	}
}

func TestPlanCommonRandomNumbers(t *testing.T) {
	jobs := Plan{Arms: 2, Replications: 3, MasterSeed: 7}.Jobs()
	for r := 0; r < 3; r++ {
		a, b := jobs[2*r], jobs[2*r+1]
		if a.Seed != b.Seed || a.Replication != r || b.Arm != 1 {
			t.Errorf("replication %d: arms have seeds %d, %d", r, a.Seed, b.Seed)
		}
	}
	if jobs[0].Seed == jobs[2].Seed {
		t.Error("replications 0 and 1 share a seed")
	}
	off := Plan{Arms: 1, Replications: 1, MasterSeed: 7, FirstReplication: 1}.Jobs()
	if off[0].Seed != jobs[2].Seed {
		t.Error("FirstReplication does not continue the seed sequence")
	}
}

func TestReplicateCancelEmitsPrefix(t *testing.T) {
	jobs := Plan{Arms: 1, Replications: 50, MasterSeed: 1}.Jobs()
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int32
	run := func(ctx context.Context, j Job) (int, error) {
		if started.Add(1) == 10 {
			cancel()
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return j.Index, nil
	}
	var got []int
	err := Replicate(ctx, jobs, 2, run, func(j Job, r int) error { got = append(got, r); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(got) == len(jobs) {
		t.Fatal("cancellation did not stop the work")
	}
	for i, r := range got {
		if r != i {
			t.Fatalf("emitted %v: not a contiguous prefix", got)
		}
	}
}

// ReplicateAsDone emits a job as soon as it is done: job 0 here finishes
// only once jobs 1 to 4 have been emitted (Replicate would wait for it
// forever), and a cancellation then emits what completed.
func TestReplicateAsDone(t *testing.T) {
	jobs := Plan{Arms: 1, Replications: 5}.Jobs()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rest := make(chan struct{})
	run := func(ctx context.Context, j Job) (int, error) {
		if j.Index == 0 {
			select {
			case <-rest:
			case <-time.After(10 * time.Second):
				return 0, errors.New("jobs 1 to 4 not emitted while job 0 ran")
			}
			cancel()
			return 0, ctx.Err()
		}
		return j.Index, nil
	}
	var got []int
	err := ReplicateAsDone(ctx, jobs, 2, run, func(j Job, r int) error {
		if got = append(got, r); len(got) == 4 {
			close(rest)
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled (job 0 was canceled)", err)
	}
	slices.Sort(got)
	if !slices.Equal(got, []int{1, 2, 3, 4}) {
		t.Errorf("emitted %v, want jobs 1 to 4", got)
	}
}

func TestReplicateRunError(t *testing.T) {
	jobs := Plan{Arms: 1, Replications: 5}.Jobs()
	boom := errors.New("boom")
	err := Replicate(context.Background(), jobs, 2, func(_ context.Context, j Job) (int, error) {
		if j.Index == 3 {
			return 0, boom
		}
		return 0, nil
	}, func(Job, int) error { return nil })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name       string
		xs         []float64
		mean, half float64
		n          int
	}{
		// t(0.975, 4) = 2.7764451; sd of 1..5 = sqrt(2.5)
		{"five", []float64{1, 2, 3, 4, 5}, 3, 2.7764451 * math.Sqrt(2.5) / math.Sqrt(5), 5},
		{"nan skipped", []float64{1, math.NaN(), 3}, 2, 12.7062047 * math.Sqrt(2) / math.Sqrt(2), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Summarize(tt.xs)
			if s.N != tt.n || math.Abs(s.Mean-tt.mean) > 1e-12 || math.Abs((s.CIHigh-s.CILow)/2-tt.half) > 1e-6 {
				t.Errorf("Summarize(%v) = %+v, want mean %g half-width %g n %d", tt.xs, s, tt.mean, tt.half, tt.n)
			}
		})
	}
	if s := Summarize([]float64{4, math.NaN()}); s.N != 1 || s.Mean != 4 || !math.IsNaN(s.SD) || !math.IsNaN(s.CILow) || !math.IsNaN(s.CIHigh) {
		t.Errorf("Summarize of one value = %+v, want mean 4 and NaN spread: one run says nothing of it", s)
	}
	if s := Summarize(nil); !math.IsNaN(s.Mean) || s.N != 0 {
		t.Errorf("Summarize(nil) = %+v, want NaN mean", s)
	}
}

func TestPaired(t *testing.T) {
	s := Paired([]float64{2, 4, 6}, []float64{1, 2, 3})
	if s.Mean != 2 || s.N != 3 {
		t.Errorf("Paired mean %g n %d, want 2 and 3", s.Mean, s.N)
	}
}

func TestAggregateReduce(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	tests := []struct {
		a    Aggregate
		want float64
	}{{Final, 6.5}, {Mean, 4.5}, {Total, 36}}
	for _, tt := range tests {
		if got := tt.a.Reduce(xs, 4); got != tt.want {
			t.Errorf("%v.Reduce = %g, want %g", tt.a, got, tt.want)
		}
	}
	// A run that does not end on a year boundary: the last 4 steps
	// (7..10), as documented, not the last calendar year's 2 (9, 10).
	if got := Final.Reduce([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 4); got != 8.5 {
		t.Errorf("Final.Reduce of 10 steps = %g, want 8.5", got)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	w := &walk{rng: NewRand(1, 0)}
	n := 0
	st, done := Run(ctx, w, Settings{Steps: 100, StepsPerYear: 4}, ObserverFunc(func(t int) {
		n++
		if t == 9 {
			cancel()
		}
	}))
	if st != Canceled || done != 10 || n != 10 {
		t.Errorf("status %v after %d steps (%d observed), want canceled after 10", st, done, n)
	}
}

func TestSeedSpreads(t *testing.T) {
	seen := map[uint64]bool{}
	for i := uint64(0); i < 1000; i++ {
		s := Seed(0, i)
		if seen[s] {
			t.Fatalf("seed collision at index %d", i)
		}
		seen[s] = true
	}
	if Seed(1, 0) == Seed(2, 0) {
		t.Error("master seed ignored")
	}
}

// TestSummarizerMatchesReduce checks that the summarizer gives what
// Reduce gives over a full recording, bit for bit, and skips Final
// columns before the last year.
func TestSummarizerMatchesReduce(t *testing.T) {
	for _, steps := range []int{3, 20, 23} {
		s := Settings{Steps: steps, StepsPerYear: 4}
		calls := 0
		cols := func() []Column[*walk] {
			return []Column[*walk]{
				{Name: "level", Summary: Final, Value: func(w *walk) float64 { calls++; return w.x }},
				{Name: "rate", Summary: Mean, Value: func(w *walk) float64 { return w.x * w.x }},
				{Name: "count", Summary: Total, Value: func(w *walk) float64 {
					if w.x > 0 {
						return math.NaN()
					}
					return 1
				}},
			}
		}
		w1 := &walk{rng: NewRand(9, 0)}
		rec := NewRecorder(w1, cols(), steps)
		Run(context.Background(), w1, s, rec)
		w2 := &walk{rng: NewRand(9, 0)}
		calls = 0
		z := NewSummarizer(w2, cols(), s)
		Run(context.Background(), w2, s, z)
		if want := min(steps, 4); calls != want {
			t.Errorf("%d steps: Final column read %d times, want %d", steps, calls, want)
		}
		tab := rec.Table()
		for j, c := range cols() {
			want := c.Summary.Reduce(tab.Column(j), 4)
			got := z.Values()[j]
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("%d steps, %s: summarizer %v, Reduce %v", steps, c.Name, got, want)
			}
		}
	}
}

// TestMixIsSplitMix64 checks mix against the published SplitMix64
// outputs for state 0 (Vigna's reference splitmix64.c: the state advances
// by the golden gamma, then is finalised): seeds written by earlier
// versions stay reproducible only while mix is that function.
func TestMixIsSplitMix64(t *testing.T) {
	const gamma = 0x9e3779b97f4a7c15
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f, 0xf88bb8a8724c81ec}
	for i, w := range want {
		if got := mix(uint64(i) * gamma); got != w {
			t.Errorf("output %d = %#x, want %#x", i, got, w)
		}
	}
}

// TestSeedAvalanche: neighbouring run indices get unrelated seeds (the
// doc's promise, and why Seed mixes the index before combining it with
// the master seed): consecutive seeds differ in about half their 64 bits,
// not in the few low bits a sum or xor of the index would change.
func TestSeedAvalanche(t *testing.T) {
	for _, master := range []uint64{0, 42} {
		bits := 0
		const n = 1000
		for i := uint64(0); i < n; i++ {
			bits += mathbits.OnesCount64(Seed(master, i) ^ Seed(master, i+1))
		}
		if mean := float64(bits) / n; mean < 30 || mean > 34 {
			t.Errorf("master %d: consecutive seeds differ in %.1f bits on average, want about 32", master, mean)
		}
	}
}

// TestStreamsDiffer: a run's streams (world set-up, noise, careers, ...)
// draw different numbers from one seed, and the same (seed, stream)
// draws the same ones. Streams that were equal would correlate the
// model's sources of randomness, with no test of the model noticing.
func TestStreamsDiffer(t *testing.T) {
	draws := func(seed, stream uint64) [4]uint64 {
		r := NewRand(seed, stream)
		return [4]uint64{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
	}
	for _, seed := range []uint64{0, Seed(7, 3)} {
		seen := map[[4]uint64]uint64{}
		for stream := uint64(0); stream < 8; stream++ {
			d := draws(seed, stream)
			if d != draws(seed, stream) {
				t.Errorf("seed %d stream %d: two generators drew different numbers", seed, stream)
			}
			if s, dup := seen[d]; dup {
				t.Errorf("seed %d: streams %d and %d draw the same numbers", seed, s, stream)
			}
			seen[d] = stream
		}
	}
}

// TestSettingsYears: Year is the calendar time at the end of a step and
// YearOf the calendar year the step falls in (events fire at the first
// step of their year; CSV year columns are Year).
func TestSettingsYears(t *testing.T) {
	s := Settings{Steps: 8, StepsPerYear: 4, StartYear: 2000}
	for _, tt := range []struct {
		t      int
		year   float64
		yearOf int
	}{{0, 2000.25, 2000}, {3, 2001, 2000}, {4, 2001.25, 2001}, {7, 2002, 2001}} {
		if got := s.Year(tt.t); got != tt.year {
			t.Errorf("Year(%d) = %v, want %v", tt.t, got, tt.year)
		}
		if got := s.YearOf(tt.t); got != tt.yearOf {
			t.Errorf("YearOf(%d) = %v, want %v", tt.t, got, tt.yearOf)
		}
	}
	// StepsPerYear below 1 (the zero Settings) counts as 1, as in
	// Reduce: YearOf divided by zero and Year gave +Inf.
	for _, spy := range []int{0, -4} {
		z := Settings{StartYear: 2000, StepsPerYear: spy}
		var y float64
		var yo int
		if v := panics(func() { y, yo = z.Year(2), z.YearOf(2) }); v != nil {
			t.Errorf("StepsPerYear %d: panic %v", spy, v)
			continue
		}
		if y != 2003 || yo != 2002 {
			t.Errorf("StepsPerYear %d: Year(2) = %v, YearOf(2) = %v; want 2003, 2002", spy, y, yo)
		}
	}
}

// panics reports the value f panics with, or nil.
func panics(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// TestTableUnknownColumn: Col returns -1 for a name that is not a
// column; At and Column must refuse it rather than read the previous
// row's last value from the flat slice (row 1, column -1 is row 0's
// last value).
func TestTableUnknownColumn(t *testing.T) {
	tab := Table{Names: []string{"a", "b"}, Values: []float64{1, 2, 3, 4}}
	j := tab.Col("typo")
	for name, f := range map[string]func(){
		"At(1, Col(typo))":    func() { tab.At(1, j) },
		"Column(Col(typo))":   func() { tab.Column(j) },
		"At(0, 2), 2 columns": func() { tab.At(0, 2) },
	} {
		v := panics(f)
		msg, _ := v.(string)
		if !strings.HasPrefix(msg, "sim: column") {
			t.Errorf("%s: panic %v, want a sim: panic naming the column", name, v)
		}
	}
	if got := tab.At(1, 1); got != 4 {
		t.Errorf("At(1, 1) = %v, want 4", got)
	}
}

// TestRecorderTooShort: a Recorder made for fewer steps than the run
// has panics with a message that says what to give NewRecorder, not a
// runtime slice error.
func TestRecorderTooShort(t *testing.T) {
	c := &clockModel{}
	cols := []Column[*clockModel]{{Name: "n", Value: func(c *clockModel) float64 { return float64(c.n) }}}
	r := NewRecorder(c, cols, 2)
	v := panics(func() { Run(context.Background(), c, Settings{Steps: 3, StepsPerYear: 1}, r) })
	msg, _ := v.(string)
	if !strings.Contains(msg, "sim: recorder made for 2 steps observed step 2") {
		t.Errorf("panic %v, want the recorder's step count and the step", v)
	}
	// a negative step count (an unvalidated Settings.Steps) made a
	// slice of negative length: a runtime panic in NewRecorder itself
	var neg *Recorder[*clockModel]
	if v := panics(func() { neg = NewRecorder(c, cols, -1) }); v != nil {
		t.Fatalf("NewRecorder(-1 steps): panic %v", v)
	}
	if n := neg.Table().Rows(); n != 0 {
		t.Errorf("NewRecorder(-1 steps): %d rows, want 0", n)
	}
}

type clockModel struct{ n int }

func (c *clockModel) Step(int) { c.n++ }

// TestReduceStepsPerYearBelowOne: Final over a year of fewer than one
// step reads the last step, as a Summarizer does (its max(1, ...)),
// instead of no step at all (NaN).
func TestReduceStepsPerYearBelowOne(t *testing.T) {
	xs := []float64{1, 2, 3}
	for _, spy := range []int{0, -1} {
		if got := Final.Reduce(xs, spy); got != 3 {
			t.Errorf("Final.Reduce(%v, %d) = %v, want 3 (the last step)", xs, spy, got)
		}
		c := &clockModel{}
		cols := []Column[*clockModel]{{Name: "n", Summary: Final, Value: func(c *clockModel) float64 { return float64(c.n) }}}
		z := NewSummarizer(c, cols, Settings{Steps: 3, StepsPerYear: spy})
		Run(context.Background(), c, Settings{Steps: 3, StepsPerYear: spy}, z)
		if got := z.Values()[0]; got != 3 {
			t.Errorf("Summarizer at steps per year %d = %v, want 3", spy, got)
		}
	}
}

// A caller that cancels with a cause still gets ctx.Err() from Replicate
// and ReplicateAsDone, as documented (the cause is context.Cause's).
func TestReplicateCanceledWithCauseReturnsCtxErr(t *testing.T) {
	for name, replicate := range map[string]func(context.Context, []Job, int, func(context.Context, Job) (int, error), func(Job, int) error) error{
		"Replicate": Replicate[int], "ReplicateAsDone": ReplicateAsDone[int],
	} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(errors.New("stopped by the user"))
		err := replicate(ctx, Plan{Arms: 2, Replications: 3}.Jobs(), 1,
			func(ctx context.Context, j Job) (int, error) { return j.Index, ctx.Err() },
			func(Job, int) error { return nil })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", name, err)
		}
	}
}

// A plan with no arms or replications, or a negative count of either,
// has no jobs: bad counts are not a panic.
func TestPlanWithoutRunsHasNoJobs(t *testing.T) {
	for _, p := range []Plan{{}, {Arms: 2}, {Replications: 3}, {Arms: -1, Replications: 2}, {Arms: 2, Replications: -3}, {Arms: -2, Replications: -3}} {
		if v := panics(func() {
			if jobs := p.Jobs(); len(jobs) != 0 {
				t.Errorf("%+v: %d jobs, want none", p, len(jobs))
			}
		}); v != nil {
			t.Errorf("%+v: Jobs panicked: %v", p, v)
		}
	}
}

// TestRunSkipsNilObserver: an optional observer left nil (var o Observer;
// if wanted { o = rec }) is skipped, not a nil-pointer panic at step 0;
// the other observers still see every step.
func TestRunSkipsNilObserver(t *testing.T) {
	c := &clockModel{}
	var none Observer
	n := 0
	var st Status
	var done int
	if v := panics(func() {
		st, done = Run(context.Background(), c, Settings{Steps: 3, StepsPerYear: 1}, none, ObserverFunc(func(int) { n++ }))
	}); v != nil {
		t.Fatalf("Run with a nil observer panics: %v", v)
	}
	if st != Completed || done != 3 || n != 3 {
		t.Errorf("status %v after %d steps, %d observed; want completed, 3, 3", st, done, n)
	}
	// an optional observer of a concrete type left nil (var rec
	// *Recorder[M]; if wanted { rec = NewRecorder(...) }) is an Observer
	// that is not nil: its Observe must do nothing, not panic at step 0
	var rec *Recorder[*clockModel]
	var sum *Summarizer[*clockModel]
	var fn ObserverFunc
	n = 0
	if v := panics(func() {
		st, done = Run(context.Background(), &clockModel{}, Settings{Steps: 3, StepsPerYear: 1}, rec, sum, fn, ObserverFunc(func(int) { n++ }))
	}); v != nil {
		t.Fatalf("Run with a nil observer panics: %v", v)
	}
	if st != Completed || done != 3 || n != 3 {
		t.Errorf("status %v after %d steps, %d observed; want completed, 3, 3", st, done, n)
	}
}

// TestNoModelVocabulary: sim knows nothing about industrial policy (doc.go),
// so its API and docs use none of the model's words; DefaultSettings spoke
// of "policy documents" and Job.Arm of "a policy regime".
func TestNoModelVocabulary(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	words := regexp.MustCompile(`(?i)\b(polic\w*|regimes?|officials?|provinces?|regions?|sectors?|subsid\w*)\b`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "knows nothing about industrial policy") {
				continue // the sentence that says so
			}
			if w := words.FindString(line); w != "" {
				t.Errorf("%s:%d: %q: %s", f, i+1, w, strings.TrimSpace(line))
			}
		}
	}
}

// TestStatusString: String's doc names every value it returns.
func TestStatusString(t *testing.T) {
	for s, want := range map[Status]string{Completed: "completed", Canceled: "canceled", Status(5): "Status(5)"} {
		if got := s.String(); got != want {
			t.Errorf("Status(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}
