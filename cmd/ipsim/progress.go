package main

// Progress on stderr: an mpb bar (runs done, runs/s, ETA) when stderr is a
// terminal, plain periodic lines ("ipsim: 120/300 runs, 45.1 runs/s, eta
// 4s") when it is a file or a pipe, nothing when quiet.
//
// Reusable by other commands: newProgress(w, total, unit, quiet) returns a
// progress; call Add from any goroutine as work completes and Done once at
// the end (complete or not).

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/vbauerster/cupwriter"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progress reports how much of a known amount of work is done. Add is safe
// for concurrent use.
type progress interface {
	Add(n int)
	Done()
}

// newProgress returns the reporter for w: a bar on a terminal, plain lines
// otherwise, nothing if quiet or total < 1. unit names what is counted
// ("runs").
func newProgress(w io.Writer, total int, unit string, quiet bool) progress {
	switch {
	case quiet || total < 1:
		return nopProgress{}
	case isTerminal(w):
		return newBarProgress(w, total, unit)
	}
	return newLineProgress(w, total, unit)
}

// newLineProgress returns plain lines for a log file or a pipe. The first
// comes after every, not at the first run: a rate and an ETA from one run
// (with other workers' runs still going) understate the rate by the
// number of workers. Then the interval grows with the time elapsed
// (a thirtieth of it, from every): a log gets about 30 lines a minute at
// first and then about 70 per tenfold of time (30 ln 10), about 250 for
// a day-long shard, not 43,200.
func newLineProgress(w io.Writer, total int, unit string) *lineProgress {
	now := time.Now()
	return &lineProgress{w: w, total: total, unit: unit, start: now, last: now, every: 2 * time.Second}
}

// isTerminal reports whether w is a terminal a bar can be drawn on: a
// character device with a known width (a pseudo-terminal without a size,
// or /dev/null, gets plain lines).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	width, _, err := cupwriter.New(f, false).GetTermSize()
	return err == nil && width > 0
}

type nopProgress struct{}

func (nopProgress) Add(int) {}
func (nopProgress) Done()   {}

// lineProgress prints a line at most every `every` (or a thirtieth of the
// time elapsed, if longer) and a last one at Done.
type lineProgress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	unit  string // "" for a share of the work (workProgress)
	done  int
	start time.Time
	last  time.Time
	every time.Duration
}

func (p *lineProgress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	now := time.Now()
	interval := p.every // 0: a line at every Add
	if interval > 0 {
		interval = max(interval, now.Sub(p.start)/30)
	}
	if now.Sub(p.last) >= interval && p.done < p.total {
		p.last = now
		p.print(now)
	}
}

func (p *lineProgress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.print(time.Now())
}

func (p *lineProgress) print(now time.Time) {
	if p.unit == "" {
		fmt.Fprintln(p.w, workLine(p.done, p.total, now.Sub(p.start)))
		return
	}
	fmt.Fprintln(p.w, progressLine(p.done, p.total, p.unit, now.Sub(p.start)))
}

// workLine formats "ipsim: 34% of the work, eta 2m5s".
func workLine(done, total int, elapsed time.Duration) string {
	eta := "?"
	switch {
	case done >= total:
		eta = "0s"
	case done > 0:
		eta = (time.Duration(float64(elapsed) * float64(total-done) / float64(done))).Round(time.Second).String()
	}
	return fmt.Sprintf("ipsim: %d%% of the work, eta %s", 100*done/max(1, total), eta)
}

// newWorkProgress reports a share of a total amount of work whose parts
// cost unequally (runs of worlds of different sizes): Add the work done,
// in any unit; it shows the share and an ETA from it, not a count.
func newWorkProgress(w io.Writer, total int, quiet bool) progress {
	switch {
	case quiet || total < 1:
		return nopProgress{}
	case isTerminal(w):
		p := mpb.New(mpb.WithOutput(w), mpb.WithWidth(40), mpb.WithRefreshRate(150*time.Millisecond))
		bar := p.AddBar(int64(total),
			mpb.PrependDecorators(decor.Name("ipsim "), decor.Percentage(decor.WCSyncWidth)),
			mpb.AppendDecorators(decor.Name(" of the work, eta "), decor.AverageETA(decor.ET_STYLE_GO)),
		)
		return &barProgress{p: p, bar: bar, total: total}
	}
	return newLineProgress(w, total, "")
}

// weighted adds w units of work to p for each run: a run's cost.
type weighted struct {
	p progress
	w int
}

func (x weighted) Add(n int) { x.p.Add(n * x.w) }
func (x weighted) Done()     {}

// progressLine formats "ipsim: 120/300 runs, 45.1 runs/s, eta 4s".
func progressLine(done, total int, unit string, elapsed time.Duration) string {
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	eta := "?"
	switch {
	case done >= total:
		eta = "0s"
	case rate > 0:
		eta = (time.Duration(float64(total-done) / rate * float64(time.Second))).Round(time.Second).String()
	}
	return fmt.Sprintf("ipsim: %d/%d %s, %.1f %s/s, eta %s", done, total, unit, rate, unit, eta)
}

// barProgress draws an mpb bar.
type barProgress struct {
	p     *mpb.Progress
	bar   *mpb.Bar
	total int
	mu    sync.Mutex
	done  int
}

func newBarProgress(w io.Writer, total int, unit string) *barProgress {
	p := mpb.New(mpb.WithOutput(w), mpb.WithWidth(40), mpb.WithRefreshRate(150*time.Millisecond))
	bar := p.AddBar(int64(total),
		mpb.PrependDecorators(
			decor.Name("ipsim "),
			decor.CountersNoUnit("%d/%d "+unit, decor.WCSyncWidth),
		),
		mpb.AppendDecorators(
			decor.AverageSpeed(nil, " %.1f "+unit+"/s"),
			decor.Name(" eta "),
			decor.AverageETA(decor.ET_STYLE_GO),
		),
	)
	return &barProgress{p: p, bar: bar, total: total}
}

func (b *barProgress) Add(n int) {
	b.mu.Lock()
	b.done += n
	b.mu.Unlock()
	b.bar.IncrBy(n)
}

func (b *barProgress) Done() {
	b.mu.Lock()
	complete := b.done >= b.total
	b.mu.Unlock()
	if !complete {
		b.bar.Abort(false)
	}
	b.p.Wait()
}
