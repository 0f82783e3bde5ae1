#!/bin/sh
# bench/load.sh — loading benchmarks of `make bench` (issue 5). Prints every
# figure with its target and ratio; never fails (benchmarks are not tests).
#
#   bench/load.sh BUILDDIR [DATADIR]
#
# Generates its inputs with tests/gen/lsgen into DATADIR (default
# BUILDDIR/bench-data; big files are never committed): scale files of 10k,
# 100k and 1M requests (the 1M one is ~380 MB) and a 7-endpoint x 10k-request
# process directory. Set LS_BENCH_QUICK=1 to skip the 1M file, LS_BENCH_HUGE=1
# to also load a 6M-request (2.3 GB) file.

B=${1:?usage: bench/load.sh BUILDDIR [DATADIR]}
D=${2:-$B/bench-data}
LSGEN=$B/tests/gen/lsgen
BASE=$B/bench/jsonc_baseline
LOAD=$B/bench/load_bench
mkdir -p "$D" || exit 0

say() { printf '%s\n' "$*"; }
# awk arithmetic on figures: ratio A B -> A/B with 2 decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# field after a word in a line: field "LINE" WORD -> the token before WORD
before() { printf '%s\n' "$1" | awk -v w="$2" '{ for (i = 2; i <= NF; i++) if ($i == w) { print $(i - 1); exit } }'; }
mem_avail_mb() { awk '/^MemAvailable:/ { printf "%d", $2 / 1024 }' /proc/meminfo 2>/dev/null || echo 0; }

for x in "$LSGEN" "$BASE" "$LOAD"; do
	if [ ! -x "$x" ]; then
		say "bench-load: $x is missing (run make first); skipped"
		exit 0
	fi
done

sizes="10000 100000 1000000"
[ -n "$LS_BENCH_QUICK" ] && sizes="10000 100000"
for n in $sizes; do
	f=$D/scale$n.json
	[ -s "$f" ] || "$LSGEN" scale "$f" --requests "$n" >/dev/null 2>&1 || say "bench-load: lsgen scale $n failed"
done
p7=$D/p7x10k
if [ ! -d "$p7" ]; then
	"$LSGEN" process "$p7" --requests 70000 --endpoints /v1/chat/completions:leak:4kb /v1/embeddings /health \
		/v1/models:errleak:50kb /v1/completions:warmup:2kb:cap=20 /admin/stats /v1/audio:sawtooth:1mb \
		>/dev/null 2>&1 || say "bench-load: lsgen process failed"
fi

cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
say "== loading ($cores cores; best of 3 runs; each configuration in its own process for peak RSS) =="
for n in $sizes; do
	f=$D/scale$n.json
	[ -s "$f" ] || continue
	mb=$(awk -v s="$(wc -c <"$f")" 'BEGIN { printf "%.1f", s / 1e6 }')
	say "-- $n requests ($mb MB): $f"
	s1=$("$BASE" stream "$f" 2>&1) || s1=""
	say "   $s1"
	avail=$(mem_avail_mb)
	if [ "$n" -le 100000 ] || [ "$avail" -gt 8000 ]; then
		tr=$("$BASE" tree "$f" 2>&1) || tr=""
		say "   $tr"
	else
		tr=""
		say "   jsonc-tree skipped: needs ~12x the file in memory, $avail MB available"
	fi
	one=$("$LOAD" --threads 1 --repeat 3 "$f" 2>&1)
	say "   $one"
	all=$("$LOAD" --repeat 3 "$f" 2>&1)
	say "   $all"
	t_all=$(before "$all" s)
	t_s=$(before "$s1" s)
	say "   load+index vs json-c streaming parse: $(ratio "$t_s" "$t_all")x (target >= 1.8x)"
	if [ -n "$tr" ]; then
		t_t=$(before "$tr" s)
		say "   load+index vs json-c whole-tree parse: $(ratio "$t_t" "$t_all")x (target >= 5x)"
	fi
	say "   threads speed-up: $(ratio "$(before "$one" s)" "$t_all")x"
	if [ "$n" -eq 1000000 ]; then
		# one load per process: repeated loads in one process fragment the heap
		single=$("$LOAD" "$f" 2>&1)
		rss=$(printf '%s\n' "$single" | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
		per=$(printf '%s\n' "$single" | sed -n 's/.*(\([0-9]*\) bytes\/request).*/\1/p')
		say "   peak RSS of a single load: $rss MB, $per bytes per request (target <= 150 MB)"
	fi
done

if [ -d "$p7" ]; then
	say "-- 7 endpoints x 10k requests: $p7"
	say "   $("$LOAD" --repeat 5 "$p7" 2>&1)"
	if [ -x "$B/leakscope" ]; then
		# the whole command: load, every analysis, text output; the mean
		# is the figure that counts (best and worst show the spread)
		figures=$(for i in 1 2 3 4 5 6 7 8 9 10; do
			t0=$(date +%s%N)
			"$B/leakscope" report "$p7" >/dev/null 2>&1
			t1=$(date +%s%N)
			awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
		done | sort -n | awk '{ s += $1; v[NR] = $1 } END { printf "mean %.3f s, best %.3f s, worst %.3f s", s / NR, v[1], v[NR] }')
		say "   leakscope report wall time over 10 runs: $figures (target <= 0.15 s)"
	else
		say "   leakscope report: binary missing; skipped"
	fi
fi

# a damaged file: a stray '{' before each of 100,000 records (every one
# broken, each read from the record after it); scanning each broken element
# to the end of the input made this quadratic (91 s before the probe)
sb=$D/stray100k.json
[ -s "$sb" ] || awk 'BEGIN { printf "["; for (i = 1; i <= 100000; i++) printf "%s{{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":1.5}}", (i > 1 ? "," : ""), i; print "]" }' >"$sb"
if [ -s "$sb" ]; then
	say "-- a stray '{' before each of 100,000 records ($(wc -c <"$sb") bytes): $sb"
	say "   $("$LOAD" --repeat 3 "$sb" 2>&1) (target <= 2 s)"
fi

# the same with a stray '[' before each record: the records nest one level
# deeper each, and each element was parsed by json-c until it refused the
# nesting (32 levels) before being cut (5 s for 64,000 records before)
sq=$D/bracket100k.json
[ -s "$sq" ] || awk 'BEGIN { printf "["; for (i = 1; i <= 100000; i++) printf "%s[{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":1.5}}", (i > 1 ? "," : ""), i; print "]" }' >"$sq"
if [ -s "$sq" ]; then
	say "-- a stray '[' before each of 100,000 records ($(wc -c <"$sq") bytes): $sq"
	say "   $("$LOAD" --repeat 3 "$sq" 2>&1) (target <= 2 s)"
fi

# big records: 600 of ~60 KiB (700 top_consumers each), no damage: the probe
# above must not cost them anything (they nest 4 deep, it looks at deeper)
bg=$D/big600.json
[ -s "$bg" ] || awk 'BEGIN { printf "["; for (i = 1; i <= 600; i++) { printf "%s{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":%.3f,\"top_consumers\":[", (i > 1 ? "," : ""), i, 100 + i * 0.01; for (k = 0; k < 700; k++) printf "%s{\"file\":\"/srv/app/mod%d.py:%d\",\"size_mb\":0.5,\"count\":%d}", (k ? "," : ""), k, k, k; printf "]},\"detailed_snapshot\":true}" } print "]" }' >"$bg"
if [ -s "$bg" ]; then
	say "-- 600 records of ~60 KiB each ($(wc -c <"$bg") bytes): $bg"
	say "   $("$LOAD" --repeat 3 "$bg" 2>&1)"
fi

if [ -n "$LS_BENCH_HUGE" ]; then
	# over 2 GiB: json_tokener takes int lengths, every offset must be 64-bit
	h=$D/scale6m.json
	"$LSGEN" scale "$h" --requests 6000000 >/dev/null 2>&1
	say "-- 6M requests ($(wc -c <"$h") bytes, > 2 GiB)"
	say "   $("$LOAD" "$h" 2>&1)"
	rm -f "$h"
fi

if command -v valgrind >/dev/null 2>&1 && [ -s "$D/scale10000.json" ]; then
	say "-- instruction counts (valgrind --tool=callgrind, 10k requests; stable on noisy machines)"
	for cmd in "$LOAD --threads 1 $D/scale10000.json" "$BASE stream $D/scale10000.json"; do
		ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd 2>&1 >/dev/null |
			sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
		say "   $(basename "${cmd%% *}"): ${ir:-?} instructions"
	done
	# the report's work, whatever the machine's speed today (the VM's
	# clock varies: compare the json-c streaming time above across runs)
	if [ -x "$B/leakscope" ] && [ -d "$p7" ]; then
		ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$B/leakscope" report "$p7" 2>&1 >/dev/null |
			sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
		say "   leakscope report, 7 endpoints x 10k requests: ${ir:-?} instructions (all threads)"
	fi
fi
exit 0
