package main

// Which builds of ipsim made a sweep's runs. A sweep is reproducible byte
// for byte by one build on one platform; a shard retried, or a sweep
// resumed, by another build (an image tag that moved on, a node of another
// instruction-set level) would put two models' runs into one sweep.csv,
// and nothing else would notice: the logs are compared only where two
// shards recorded the same run. So every process that appends to a run
// log records its build beside it, in runs/shard-I-of-N.builds (one JSON
// line per build), and a resume, a shard's retry and a merge compare them.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// buildID names a build of ipsim as far as its results can depend on it.
type buildID struct {
	Version  string `json:"version"`
	Revision string `json:"revision"`
	Modified *bool  `json:"modified,omitempty"`
	Go       string `json:"go_version"`
	Platform string `json:"platform"`
	// Binary is a hash of the executable, kept where neither version nor
	// revision names the code (unnamedCode): two such builds with one
	// hash are one build.
	Binary string `json:"binary_sha256,omitempty"`
}

// currentBuild is the running binary's buildID.
func currentBuild() buildID {
	b := readBuild()
	id := buildID{Version: b.Version, Revision: b.Revision, Modified: b.Modified, Go: b.GoVersion, Platform: b.Platform}
	if id.unnamedCode() {
		id.Binary = executableHash()
	}
	return id
}

// unnamedCode reports whether neither b's version nor its revision names
// its code: a build without VCS stamps or version (go run, -buildvcs=false),
// or with uncommitted changes. go install of a tagged version names it
// by the version, though it has no revision.
func (b buildID) unnamedCode() bool {
	return b.Version == "devel" && b.Revision == "unknown" || b.dirty()
}

// executableHash is the first 16 hex digits of the SHA-256 of the
// running executable, "" if it cannot be read.
func executableHash() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func (b buildID) String() string {
	rev := b.Revision
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if b.Modified != nil && *b.Modified {
		rev += " with uncommitted changes"
	}
	if b.Binary != "" {
		rev += ", executable " + b.Binary
	}
	return fmt.Sprintf("version %s, revision %s, %s, %s", b.Version, rev, b.Go, b.Platform)
}

// codeDiffers reports whether a and b are known to build different
// code: versions or revisions that both record and that differ.
func codeDiffers(a, b buildID) bool {
	return a.Version != b.Version && a.Version != "devel" && b.Version != "devel" ||
		a.Revision != b.Revision && a.Revision != "unknown" && b.Revision != "unknown"
}

// buildsPath is the builds file of the run log at logPath.
func buildsPath(logPath string) string {
	return strings.TrimSuffix(logPath, ".log") + ".builds"
}

// recordedBuild is a build named in a builds file.
type recordedBuild struct {
	buildID
	file string
}

// readBuilds returns the builds recorded beside the run logs of dirs, in
// file order. Folders written before builds were recorded have none.
func readBuilds(dirs []string) ([]recordedBuild, error) {
	var out []recordedBuild
	for _, dir := range dirs {
		paths, err := filepath.Glob(filepath.Join(dir, runsDir, "shard-*.builds"))
		if err != nil {
			return nil, fmt.Errorf("ipsim: %w", err)
		}
		slices.Sort(paths)
		for _, p := range paths {
			bs, err := readBuildsFile(p)
			if err != nil {
				return nil, err
			}
			for _, b := range bs {
				out = append(out, recordedBuild{b, p})
			}
		}
	}
	return out, nil
}

// checkBuilds compares the builds that made a sweep's runs. It returns an
// error when two of them are known to build different code (their runs
// must not be mixed), and a warning when they differ otherwise (the same
// code, as far as the builds tell, whose results may still differ in the
// last digits: another Go version or instruction-set level).
func checkBuilds(bs []recordedBuild) (warning string, err error) {
	var distinct []recordedBuild
	for _, b := range bs {
		if !slices.ContainsFunc(distinct, func(d recordedBuild) bool { return sameBuild(d.buildID, b.buildID) }) {
			distinct = append(distinct, b)
		}
	}
	for i, a := range distinct {
		for _, b := range distinct[i+1:] {
			if codeDiffers(a.buildID, b.buildID) {
				return "", fmt.Errorf("ipsim: runs of this sweep were made by different builds of ipsim (%s: %s; %s: %s), and a sweep.csv would mix two models' runs: make them all with one build (delete the runs/shard-I-of-N.log and .builds files of the shards the other made, and run those shards again), or start the sweep over in another folder",
					a.file, a.buildID, b.file, b.buildID)
			}
		}
	}
	if len(distinct) < 2 {
		return "", nil
	}
	names := make([]string, len(distinct))
	unsure := false // builds that may be of different code
	for i, d := range distinct {
		names[i] = d.buildID.String()
		for _, e := range distinct[:i] {
			unsure = unsure || d.Version != e.Version || d.Revision != e.Revision || d.dirty() != e.dirty() || d.Binary != e.Binary
		}
	}
	if unsure {
		return fmt.Sprintf("ipsim: warning: runs of this sweep were made by %d builds of ipsim (%s), and ipsim cannot tell whether they built the same model (a build without VCS stamps names no revision; uncommitted changes can be any): their results may differ entirely; make every run with one build, built from a commit",
			len(distinct), strings.Join(names, "; ")), nil
	}
	return fmt.Sprintf("ipsim: warning: runs of this sweep were made by %d builds of ipsim (%s): results may differ in the last digits between them; byte-for-byte reproduction needs one build on one platform",
		len(distinct), strings.Join(names, "; ")), nil
}

// dirty reports whether b was built with uncommitted changes.
func (b buildID) dirty() bool { return b.Modified != nil && *b.Modified }

// sameBuild reports whether a and b name the same build.
func sameBuild(a, b buildID) bool {
	return a.Version == b.Version && a.Revision == b.Revision && a.Go == b.Go && a.Platform == b.Platform && a.Binary == b.Binary &&
		(a.Modified == nil) == (b.Modified == nil) && (a.Modified == nil || *a.Modified == *b.Modified)
}

// recordBuild appends b to the builds file of the run log at logPath,
// unless it is there already. The caller holds the log's lock.
func recordBuild(logPath string, b buildID) error {
	path := buildsPath(logPath)
	known, err := readBuildsFile(path)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(known, func(k buildID) bool { return sameBuild(k, b) }) {
		return nil
	}
	line, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("ipsim: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("ipsim: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("ipsim: %s: %w", path, err)
	}
	return nil
}

// readBuildsFile returns the builds one builds file names; none if it
// does not exist. A line that is not a record (a torn last line, after a
// crash while it was written) is skipped: that build is recorded again.
func readBuildsFile(path string) ([]buildID, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ipsim: %w", err)
	}
	var out []buildID
	for line := range strings.SplitSeq(string(data), "\n") {
		var b buildID
		if json.Unmarshal([]byte(line), &b) == nil {
			out = append(out, b)
		}
	}
	return out, nil
}

// checkOwnBuild compares this build with those that made the runs in
// dir's logs (a resume, a shard's retry, shards sharing the folder)
// before it appends to the log at logPath, whose lock it holds, and
// records it there.
func checkOwnBuild(dir, logPath string, stderr io.Writer) error {
	bs, err := readBuilds([]string{dir})
	if err != nil {
		return err
	}
	cur := currentBuild()
	warning, err := checkBuilds(append(bs, recordedBuild{cur, "this ipsim"}))
	if err != nil {
		return err
	}
	if warning != "" {
		fmt.Fprintln(stderr, warning) // under --quiet too: it is no progress, and the cluster scripts run with --quiet
	}
	return recordBuild(logPath, cur)
}
