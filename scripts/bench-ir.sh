#!/usr/bin/env bash
# Counts the instructions a benchmark executes, at a base commit (default
# HEAD) and in the working tree, with valgrind's callgrind: a measure that
# does not drift with the machine's load (timings do, by 10-20%: see
# bench-ab.sh), for changes of a percent or less. Instructions are not time
# (cache misses and mispredicted branches cost more than they count), but
# in this compute-bound model the two move together; confirm a change that
# matters with bench-ab.sh. Prints each side's total and the functions
# whose counts changed most (source file and function; inlined code counts
# in the file it comes from). Needs valgrind (apt install valgrind); about
# a minute for BenchmarkRunChina.
#
#   scripts/bench-ir.sh [-t BENCHTIME] [-p PACKAGE] [-b BASE] BENCHMARK
#   scripts/bench-ir.sh BenchmarkRunChina
#   scripts/bench-ir.sh -b HEAD~3 BenchmarkRunSmall
set -euo pipefail

benchtime=1x pkg=./agents base=HEAD
while getopts "t:p:b:" opt; do
	case $opt in
	t) benchtime=$OPTARG ;;
	p) pkg=$OPTARG ;;
	b) base=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ]; then
	echo "usage: $0 [-t BENCHTIME] [-p PACKAGE] [-b BASE] BENCHMARK" >&2
	exit 2
fi
bench=$1
command -v valgrind >/dev/null || { echo "$0: needs valgrind (apt install valgrind)" >&2; exit 1; }

root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add -q --detach "$tmp/base" "$base"
(cd "$tmp/base" && go test -c -o "$tmp/base.test" "$pkg")
(cd "$root" && go test -c -o "$tmp/new.test" "$pkg")

for side in base new; do
	# one thread, no preemption signals: callgrind cannot follow Go's
	GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/$side.out" \
		"$tmp/$side.test" -test.run '^$' -test.bench "^$bench\$" -test.benchtime "$benchtime" >/dev/null 2>&1
	# "1,234 (5.6%)  /path/agents/economy.go:pkg.(*Model).spend [bin]" -> "economy.go:(*Model).spend 1234"
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
