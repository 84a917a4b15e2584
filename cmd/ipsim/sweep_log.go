package main

// The run log: how a sweep records each completed run so that nothing is
// lost when the process is killed, whatever the signal.
//
// A sweep folder holds runs/shard-I-of-N.log, one append-only log per
// shard. Its first line names the sweep's design hash:
//
//	# ipsim sweep log v1 design=<sha256 hex>
//
// then one line per completed run, written with a single write(2) as soon
// as the run is done:
//
//	<crc32 of payload, 8 hex digits> <run index>,<the run's sweep.csv row>
//
// A line counts only if it ends with a newline, its checksum matches and
// its run index is in range, so a line torn by SIGKILL or a crash is
// detected and its run done again. Before appending, the owner truncates
// its log after the last good line. The kernel keeps what write(2)
// returned even if the process dies, so no fsync per run is needed
// (fsync happens at the end of the sweep and before a shard reports
// completion); a power cut can lose the last runs, never corrupt earlier
// ones. Lines are in completion order; sweep.csv is built in run order
// from an index of where each run's line is (16 bytes per run).
//
// A log is locked (flock) while a process appends to it: a second process
// started on the same shard and folder is refused instead of interleaving.
// Beside it, runs/shard-I-of-N.builds names the builds that appended to
// it (sweep_builds.go).

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	runsDir       = "runs"
	logHeaderText = "# ipsim sweep log v1 design="
)

// logName is the log file of a shard, relative to the sweep folder.
func logName(s shard) string {
	return filepath.Join(runsDir, fmt.Sprintf("shard-%d-of-%d.log", s.Index, s.Count))
}

// reportName is a shard's record that it is complete, beside its log.
func reportName(s shard) string {
	return strings.TrimSuffix(logName(s), ".log") + ".json"
}

// runLog appends records to one shard's log.
type runLog struct {
	f   *os.File
	buf []byte
}

// busyLog returns the path of a run log under dir that another process
// holds locked (a sweep running there), or "".
func busyLog(dir string) string {
	paths, _ := filepath.Glob(filepath.Join(dir, runsDir, "shard-*.log"))
	for _, p := range paths {
		// read-only: a log another user's sweep writes may not be ours
		// to write, and flock needs no write access
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		busy := errors.Is(lockFile(f), errBusy)
		f.Close() // releases the lock it may have taken
		if busy {
			return p
		}
	}
	return ""
}

// openRunLog opens (creating if needed) the log at path for appending,
// locks it, checks its design hash and cuts a torn last line. It returns
// the log; the records already in it are read separately by scanLogs.
func openRunLog(path, design string) (*runLog, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("ipsim: %w", err)
	}
	// Create and lock first, then write the header if the log has none:
	// two processes starting the same shard at once cannot both write it
	// (a header renamed into place would replace the file the first had
	// locked, and its records would go to a deleted file).
	f, err := openLocked(path)
	switch {
	case errors.Is(err, errBusy):
		return nil, fmt.Errorf("ipsim: %s is being written by another process: wait for it or stop it first", path)
	case errors.Is(err, errNoLock):
		// no flock here (Windows, some network file systems): the log
		// is written unguarded, as a run's folder is; only a second
		// process on the same shard could then interleave with it
		if f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644); err != nil {
			return nil, fmt.Errorf("ipsim: %w", err)
		}
	case err != nil:
		return nil, err
	}
	if err := writeHeader(f, logHeaderText+design+"\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("ipsim: %s: %w", path, err)
	}
	// the log's folder entries on disk too: a power cut after a shard
	// reported completion must not lose the log file itself (runs/, just
	// made, included), only, at worst, the runs since the last sync
	for _, d := range []string{filepath.Dir(path), filepath.Dir(filepath.Dir(path))} {
		if err := syncDir(d); err != nil {
			f.Close()
			return nil, fmt.Errorf("ipsim: %s: %w", path, err)
		}
	}
	good, hdr, err := scanLog(f, -1, nil)
	if err == nil && hdr != design {
		err = fmt.Errorf("ipsim: %s belongs to another sweep design (%.12s, this one is %.12s)", path, hdr, design)
	}
	if err == nil {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("ipsim: %s: %w", path, err)
	}
	return &runLog{f: f}, nil
}

// writeHeader writes header to the locked log f if f holds nothing or only
// a torn start of it (a crash while the header was written), and syncs it.
func writeHeader(f *os.File, header string) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() >= int64(len(header)) {
		return nil
	}
	have := make([]byte, st.Size())
	if _, err := f.ReadAt(have, 0); err != nil && err != io.EOF {
		return err
	}
	if !strings.HasPrefix(header, string(have)) {
		return nil // not a torn header: scanLog says what is wrong
	}
	if _, err := f.WriteAt([]byte(header), 0); err != nil {
		return err
	}
	return f.Sync()
}

// Append records run index with its row, in one write.
func (l *runLog) Append(index int, row []byte) error {
	payload := strconv.AppendInt(l.buf[:0], int64(index), 10)
	payload = append(payload, ',')
	payload = append(payload, row...)
	line := make([]byte, 0, len(payload)+10)
	line = fmt.Appendf(line, "%08x ", crc32.ChecksumIEEE(payload))
	line = append(line, payload...)
	line = append(line, '\n')
	l.buf = payload
	if _, err := l.f.Write(line); err != nil {
		return fmt.Errorf("ipsim: writing %s: %w", l.f.Name(), pathErr(err))
	}
	return nil
}

// Close syncs the log to disk, unlocks and closes it.
func (l *runLog) Close() error {
	err := l.f.Sync()
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// record is where a run's row is: file number, byte offset and length of
// the row (without index, checksum and newline).
type record struct {
	file int32
	len  int32
	off  int64
}

// scanLog reads a log from its start, calling fn for every good record
// (run index, row, offset of the row in the file). It returns the offset
// just after the last good line and the design hash of the header. total
// bounds the run index (-1: no bound). Bad lines are skipped; reading
// stops at a torn last line.
func scanLog(r io.ReadSeeker, total int, fn func(index int, row []byte, off int64)) (good int64, design string, err error) {
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return 0, "", err
	}
	br := bufio.NewReaderSize(r, 1<<16)
	var off int64
	first := true
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: read it whole.
			long := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err == io.EOF {
			return good, design, nil // a torn last line, or the end
		}
		if err != nil {
			return good, design, err
		}
		start := off
		off += int64(len(line))
		if first {
			first = false
			h := string(bytes.TrimSuffix(line, []byte("\n")))
			if !strings.HasPrefix(h, logHeaderText) {
				return 0, "", fmt.Errorf("not a sweep log (first line %.40q)", h)
			}
			design = strings.TrimPrefix(h, logHeaderText)
			good = off
			continue
		}
		body := line[:len(line)-1]
		if len(body) < 10 || body[8] != ' ' {
			continue
		}
		sum, err := strconv.ParseUint(string(body[:8]), 16, 32)
		payload := body[9:]
		if err != nil || uint32(sum) != crc32.ChecksumIEEE(payload) {
			continue
		}
		comma := bytes.IndexByte(payload, ',')
		if comma < 1 {
			continue
		}
		idx, err := strconv.Atoi(string(payload[:comma]))
		if err != nil || idx < 0 || (total >= 0 && idx >= total) {
			continue
		}
		good = off
		if fn != nil {
			fn(idx, payload[comma+1:], start+9+int64(comma)+1)
		}
	}
}

// runIndex says where every completed run of a sweep is recorded, across
// the logs of one or more folders.
type runIndex struct {
	files []string // log paths
	recs  []record // by run index; len 0 = not recorded
	done  int
}

// loadRuns reads every log under the runs folder of each dir. Logs whose
// header names another design are an error. A run recorded twice must
// have the same row both times (the runs are deterministic); the first is
// kept.
func loadRuns(dirs []string, design string, total int) (*runIndex, error) {
	ix := &runIndex{recs: make([]record, total)}
	for _, dir := range dirs {
		paths, err := filepath.Glob(filepath.Join(dir, runsDir, "shard-*.log"))
		if err != nil {
			return nil, fmt.Errorf("ipsim: %w", err)
		}
		sort.Strings(paths)
		for _, p := range paths {
			if err := ix.add(p, design, total); err != nil {
				return nil, err
			}
		}
	}
	return ix, nil
}

func (ix *runIndex) add(path, design string, total int) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("ipsim: %w", err)
	}
	defer f.Close()
	file := int32(len(ix.files))
	ix.files = append(ix.files, path)
	var dup error
	_, hdr, err := scanLog(f, total, func(i int, row []byte, off int64) {
		r := record{file: file, len: int32(len(row)), off: off}
		if old := ix.recs[i]; old.len > 0 {
			if dup == nil && !ix.same(old, row) {
				dup = fmt.Errorf("ipsim: run %d is recorded with different results in %s and %s: the logs do not come from the same build of ipsim", i, ix.files[old.file], path)
			}
			return
		}
		ix.recs[i] = r
		ix.done++
	})
	if err != nil {
		return fmt.Errorf("ipsim: %s: %w", path, err)
	}
	if hdr == "" {
		return nil // created, header not yet written (or torn by a crash): no runs
	}
	if hdr != design {
		return fmt.Errorf("ipsim: %s belongs to another sweep design (%.12s, this one is %.12s): different scenario, seed, replications, sweep, or metrics of another ipsim version", path, hdr, design)
	}
	return dup
}

// same reports whether the recorded row at r equals row.
func (ix *runIndex) same(r record, row []byte) bool {
	if int(r.len) != len(row) {
		return false
	}
	got, err := ix.read(r, nil)
	return err == nil && bytes.Equal(got, row)
}

// has reports whether run i is recorded.
func (ix *runIndex) has(i int) bool { return ix.recs[i].len > 0 }

// missing lists up to max runs not recorded, and how many there are.
func (ix *runIndex) missing(max int) ([]int, int) {
	var out []int
	n := 0
	for i, r := range ix.recs {
		if r.len == 0 {
			n++
			if len(out) < max {
				out = append(out, i)
			}
		}
	}
	return out, n
}

// missingShards names the shards (i/n) with runs not recorded, when
// every log read was written by a shard of the same count n; "" otherwise
// (a single process, or logs of several splits).
func (ix *runIndex) missingShards() string {
	count := 0
	for _, p := range ix.files {
		var i, n int
		if _, err := fmt.Sscanf(filepath.Base(p), "shard-%d-of-%d.log", &i, &n); err != nil || n < 2 || count != 0 && n != count {
			return ""
		}
		count = n
	}
	if count == 0 {
		return ""
	}
	var names []string
	for i := 0; i < count; i++ {
		for r := i; r < len(ix.recs); r += count {
			if ix.recs[r].len == 0 {
				names = append(names, fmt.Sprintf("%d/%d", i, count))
				break
			}
		}
	}
	return strings.Join(names, ", ")
}

// read returns the row of record r, reusing buf.
func (ix *runIndex) read(r record, buf []byte) ([]byte, error) {
	f, err := os.Open(ix.files[r.file])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf = grow(buf, int(r.len))
	_, err = f.ReadAt(buf, r.off)
	return buf, err
}

// maxOpenLogs is the most run logs rows keeps open at once. A sweep of a
// few thousand shards (a 5,000-task array in one folder) has as many
// logs, past a node's limit on open files (often 1,024 or 4,096): rows
// keeps the first maxOpenLogs open and opens the others for each read.
var maxOpenLogs = 256

// rows calls fn with each run's row in run order, reading the logs with
// one open file each, up to maxOpenLogs of them.
func (ix *runIndex) rows(fn func(i int, row []byte) error) error {
	files := make([]*os.File, len(ix.files))
	defer func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}()
	var buf []byte
	open := 0
	for i, r := range ix.recs {
		if r.len == 0 {
			return fmt.Errorf("ipsim: run %d is not recorded", i)
		}
		if files[r.file] == nil && open < maxOpenLogs {
			f, err := os.Open(ix.files[r.file])
			if err != nil {
				return fmt.Errorf("ipsim: %w", err)
			}
			files[r.file] = f
			open++
		}
		var err error
		if f := files[r.file]; f != nil {
			buf = grow(buf, int(r.len))
			_, err = f.ReadAt(buf, r.off)
		} else {
			buf, err = ix.read(r, buf)
		}
		if err != nil {
			return fmt.Errorf("ipsim: reading %s: %w", ix.files[r.file], err)
		}
		if err := fn(i, buf); err != nil {
			return err
		}
	}
	return nil
}

// grow returns buf resized to n bytes, reusing its storage when it can.
func grow(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n)
	}
	return buf[:n]
}

// logsDesign returns the design hash the run logs under dir's runs
// folder name in their headers, "" if it has none or they differ.
func logsDesign(dir string) string {
	paths, _ := filepath.Glob(filepath.Join(dir, runsDir, "shard-*.log"))
	design := ""
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return ""
		}
		line, _ := bufio.NewReader(f).ReadString('\n')
		f.Close()
		h, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), logHeaderText)
		switch {
		case !ok || !strings.HasSuffix(line, "\n"):
			continue // created, header not yet written: no runs
		case design != "" && h != design:
			return ""
		}
		design = h
	}
	return design
}

// logsNotScenario explains err, a refusal of the run logs in dirs by the
// sweep of design hash design that their scenario.toml describes (merge,
// --resume), when every log there is of one other design: the logs agree
// with each other, not with the file, which was probably damaged or
// replaced (a partial copy, an edit), so the logs are not to blame.
func logsNotScenario(err error, dirs []string, design string) error {
	if err == nil {
		return nil
	}
	logs := ""
	var files []string
	for _, dir := range dirs {
		h := logsDesign(dir)
		if h == "" || logs != "" && h != logs {
			return err
		}
		logs = h
		files = append(files, filepath.Join(dir, "scenario.toml"))
	}
	if logs == design {
		return err
	}
	return fmt.Errorf("%w\nipsim: but every run log there is of one sweep (design %.12s), which %s does not describe (design %.12s): unless the logs were copied from another sweep, %s was damaged or replaced (copied back partially?); put the scenario the sweep was started with back there",
		err, logs, strings.Join(files, " and "), design, strings.Join(files, " and "))
}

// damagedScenario explains a refusal to add the sweep of design hash
// design and resolved scenario toml to dir, whose scenario.toml differs, when dir's run logs are of
// that very design: the file, not the sweep, changed (a partial copy, an
// edit), and runs would be refused that belong there.
func damagedScenario(err error, dir string, toml []byte, design string) error {
	if err == nil {
		return nil
	}
	if stored, rerr := os.ReadFile(filepath.Join(dir, "scenario.toml")); rerr != nil || sameOutcome(stored, toml) || logsDesign(dir) != design {
		return err
	}
	return fmt.Errorf("%w\nipsim: but the run logs in %s are of this very sweep (design %.12s): its scenario.toml was damaged or replaced (copied back partially?); put the scenario the sweep was started with back there", err, filepath.Join(dir, runsDir), design)
}
