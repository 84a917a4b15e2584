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
