#!/usr/bin/env bash
# Compares a benchmark between a base commit (default HEAD) and the working
# tree.
#
# By default it runs the two test binaries alternately, so that drift in
# the machine's speed hits both alike, and prints each side's minimum and
# all its times in ms per op. On a shared or virtual machine, timings drift
# by 10-20% within minutes: a change of a few percent shows only this way.
#
# With -i it counts the instructions each side executes instead, with
# valgrind's callgrind (apt install valgrind): a measure that does not
# drift at all, for changes of a percent or less, and it lists the
# functions whose counts changed most (source file and function; inlined
# code counts in the file it comes from). Instructions are not time (cache
# misses and mispredicted branches cost more than they count), but in this
# compute-bound model the two move together; confirm a change that matters
# with timings. About a minute for BenchmarkRunChina.
#
#   scripts/bench-ab.sh [-i] [-n ROUNDS] [-t BENCHTIME] [-p PACKAGE] [-b BASE] BENCHMARK
#   scripts/bench-ab.sh BenchmarkRunChina
#   scripts/bench-ab.sh -n 8 -t 2x -p ./cmd/ipsim -b HEAD~3 BenchmarkSweep1Worker
#   scripts/bench-ab.sh -i -b HEAD~3 BenchmarkRunSmall
set -euo pipefail

rounds=6 benchtime= pkg=./agents base=HEAD instructions=false
while getopts "in:t:p:b:" opt; do
	case $opt in
	i) instructions=true ;;
	n) rounds=$OPTARG ;;
	t) benchtime=$OPTARG ;;
	p) pkg=$OPTARG ;;
	b) base=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ]; then
	echo "usage: $0 [-i] [-n ROUNDS] [-t BENCHTIME] [-p PACKAGE] [-b BASE] BENCHMARK" >&2
	exit 2
fi
bench=$1
if $instructions && ! command -v valgrind >/dev/null; then
	echo "$0: -i needs valgrind (apt install valgrind)" >&2
	exit 1
fi

root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add -q --detach "$tmp/base" "$base"
(cd "$tmp/base" && go test -c -o "$tmp/base.test" "$pkg")
(cd "$root" && go test -c -o "$tmp/new.test" "$pkg")

if ! $instructions; then
	for _ in $(seq "$rounds"); do
		for side in base new; do
			"$tmp/$side.test" -test.run '^$' -test.bench "^$bench\$" -test.cpu 1 -test.benchtime "${benchtime:-10x}" |
				awk -v side="$side" '/^Benchmark/ { print side, $3 / 1e6 }'
		done
	done | awk '
		{ all[$1] = all[$1] " " $2; if (!($1 in min) || $2 < min[$1]) min[$1] = $2 }
		END { for (s in min) printf "%-4s min %8.2f ms   all:%s\n", s, min[s], all[s] }' | sort
	exit
fi

for side in base new; do
	# one thread, no preemption signals: callgrind cannot follow Go's
	GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/$side.out" \
		"$tmp/$side.test" -test.run '^$' -test.bench "^$bench\$" -test.benchtime "${benchtime:-1x}" >/dev/null 2>&1
	# "1,234 (5.6%)  /path/agents/economy.go:github.com/ipsim/ipsim/agents.(*Model).spend [bin]"
	# -> "economy.go:agents.(*Model).spend 1234", summed over the binaries' copies
	callgrind_annotate --threshold=100 "$tmp/$side.out" 2>/dev/null |
		sed -nE 's/^ *([0-9,]+) +\( *[0-9.]+%\) +([^ ]+:[^ ]+).*/\1 \2/p' |
		awk '{
			n = $1; gsub(",", "", n); i = index($2, ":")
			file = substr($2, 1, i - 1); fn = substr($2, i + 1)
			sub(/.*\//, "", file); sub(/^github\.com\/ipsim\/ipsim\//, "", fn)
			sum[file ":" fn] += n
		} END { for (f in sum) print f, sum[f] }' >"$tmp/$side.fn"
	awk '/^totals:|^summary:/ { print $2 }' "$tmp/$side.out" | head -1 >"$tmp/$side.total"
done

b=$(cat "$tmp/base.total") n=$(cat "$tmp/new.total")
awk -v b="$b" -v n="$n" -v base="$base" 'BEGIN { printf "instructions: %s %d, working tree %d (%+.2f%%)\n", base, b, n, 100 * (n - b) / b }'
echo "largest changes (instructions; base -> working tree):"
awk 'FNR == NR { base[$1] = $2; next } { new[$1] = $2 }
	END {
		for (f in base) if (!(f in new)) new[f] = 0
		for (f in new) { d = new[f] - base[f]; printf "%d %s %d %d\n", (d < 0 ? -d : d), f, base[f], new[f] }
	}' "$tmp/base.fn" "$tmp/new.fn" | sort -rn | head -12 |
	awk '{ d = $4 - $3; printf "  %+12d  %-60s %12d -> %d\n", d, $2, $3, $4 }'
