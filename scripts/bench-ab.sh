#!/usr/bin/env bash
# Compares a benchmark between a base commit (default HEAD) and the working
# tree, running the two test binaries alternately so that drift in the
# machine's speed hits both alike, and prints each side's minimum and all
# its times in ms per op. On a shared or virtual machine, timings drift by
# 10-20% within minutes: a change of a few percent shows only this way.
#
#   scripts/bench-ab.sh [-n ROUNDS] [-t BENCHTIME] [-p PACKAGE] [-b BASE] BENCHMARK
#   scripts/bench-ab.sh BenchmarkRunChina
#   scripts/bench-ab.sh -n 8 -t 2x -p ./cmd/ipsim -b HEAD~3 BenchmarkSweep1Worker
set -euo pipefail

rounds=6 benchtime=10x pkg=./agents base=HEAD
while getopts "n:t:p:b:" opt; do
	case $opt in
	n) rounds=$OPTARG ;;
	t) benchtime=$OPTARG ;;
	p) pkg=$OPTARG ;;
	b) base=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ]; then
	echo "usage: $0 [-n ROUNDS] [-t BENCHTIME] [-p PACKAGE] [-b BASE] BENCHMARK" >&2
	exit 2
fi
bench=$1

root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add -q --detach "$tmp/base" "$base"
(cd "$tmp/base" && go test -c -o "$tmp/base.test" "$pkg")
(cd "$root" && go test -c -o "$tmp/new.test" "$pkg")

for _ in $(seq "$rounds"); do
	for side in base new; do
		"$tmp/$side.test" -test.run '^$' -test.bench "^$bench\$" -test.cpu 1 -test.benchtime "$benchtime" |
			awk -v side="$side" '/^Benchmark/ { print side, $3 / 1e6 }'
	done
done | awk '
	{ all[$1] = all[$1] " " $2; if (!($1 in min) || $2 < min[$1]) min[$1] = $2 }
	END { for (s in min) printf "%-4s min %8.2f ms   all:%s\n", s, min[s], all[s] }' | sort
