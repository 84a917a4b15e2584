package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{120, 300, 2 * time.Second, "ipsim: 120/300 runs, 60.0 runs/s, eta 3s"},
		{0, 300, time.Second, "ipsim: 0/300 runs, 0.0 runs/s, eta ?"},
		{300, 300, 10 * time.Second, "ipsim: 300/300 runs, 30.0 runs/s, eta 0s"},
		{1, 4, 0, "ipsim: 1/4 runs, 0.0 runs/s, eta ?"},
	} {
		if got := progressLine(tc.done, tc.total, "runs", tc.elapsed); got != tc.want {
			t.Errorf("progressLine(%d, %d, %v) = %q, want %q", tc.done, tc.total, tc.elapsed, got, tc.want)
		}
	}
}

func TestProgressModes(t *testing.T) {
	var quiet bytes.Buffer
	p := newProgress(&quiet, 10, "runs", true)
	p.Add(10)
	p.Done()
	if quiet.Len() != 0 {
		t.Errorf("quiet progress wrote %q, want nothing", quiet.String())
	}

	// Not a terminal: plain lines, the last one at Done.
	var plain bytes.Buffer
	p = newProgress(&plain, 3, "runs", false)
	if _, ok := p.(*lineProgress); !ok {
		t.Fatalf("progress on a buffer is %T, want *lineProgress", p)
	}
	p.(*lineProgress).every = 0 // a line at every Add
	p.Add(1)
	p.Add(2)
	p.Done()
	lines := strings.Split(strings.TrimSpace(plain.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines %q, want 2 (one for the first run, one at Done)", len(lines), lines)
	}
	if !strings.HasPrefix(lines[0], "ipsim: 1/3 runs") || !strings.HasPrefix(lines[1], "ipsim: 3/3 runs") {
		t.Errorf("lines = %q", lines)
	}
}

// The work progress reports a share of unequal work and its ETA from the
// share, so a slow first part does not promise hours (validate's China
// runs first, then many small ones).
func TestWorkProgress(t *testing.T) {
	var buf bytes.Buffer
	p := newWorkProgress(&buf, 1000, false).(*lineProgress)
	p.every = 0
	big, small := weighted{p, 100}, weighted{p, 1}
	big.Add(5) // half the work: 5 runs of 100
	p.mu.Lock()
	p.start = time.Now().Add(-10 * time.Second)
	p.mu.Unlock()
	small.Add(1)
	if got := strings.TrimSpace(buf.String()); !strings.HasSuffix(got, "ipsim: 50% of the work, eta 10s") {
		t.Errorf("progress printed %q, want 50%% of the work with an ETA of 10s", got)
	}
	if got := workLine(0, 10, time.Second); got != "ipsim: 0% of the work, eta ?" {
		t.Errorf("workLine at start = %q", got)
	}
}

// In a log file the first line waits for the interval: a line at the
// first run would give the rate of one run while the other workers' runs
// are still going (half the real rate on two workers, an ETA twice too
// long). Done still prints the totals.
func TestProgressLinesWaitForARate(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 100, "runs", false)
	p.Add(1)
	p.Add(1)
	if buf.Len() != 0 {
		t.Errorf("progress printed %q at the first runs, want nothing before its interval", buf.String())
	}
	p.Done()
	if got := strings.TrimSpace(buf.String()); !strings.HasPrefix(got, "ipsim: 2/100 runs") || strings.Count(got, "\n") != 0 {
		t.Errorf("progress at Done printed %q, want one line with the totals", got)
	}
}

// The interval grows with the time elapsed, so a day-long shard's log
// holds hundreds of lines, not one every two seconds.
func TestProgressIntervalGrows(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 1000, "runs", false).(*lineProgress)
	p.mu.Lock()
	p.start = time.Now().Add(-10 * time.Hour)
	p.last = time.Now().Add(-10 * time.Minute) // 10 min ago: > 2 s, < 10 h / 30
	p.mu.Unlock()
	p.Add(1)
	if buf.Len() != 0 {
		t.Errorf("10 hours in, a line 10 minutes after the last: %q, want none (the interval is 20 minutes)", buf.String())
	}
	p.mu.Lock()
	p.last = time.Now().Add(-21 * time.Minute)
	p.mu.Unlock()
	p.Add(1)
	if !strings.HasPrefix(buf.String(), "ipsim: 2/1000 runs") {
		t.Errorf("10 hours in, 21 minutes after the last line: %q, want a line", buf.String())
	}
}
