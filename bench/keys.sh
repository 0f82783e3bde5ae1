#!/bin/sh
# bench/keys.sh — keystroke latency of the explorer (issue 5, "Browsing").
# Prints, per kind of key, the time from the key being read to the screen
# being updated (refresh() done), measured inside leakscope while it replays
# bench/keys.txt (LEAKSCOPE_KEYSCRIPT, ui/keyscript.h) in a real terminal
# (tmux, 120x40), with the target (16 ms at p99) and the ratio p99/target.
# The once-per-run work (loading, "Analysing") is reported apart. Never fails.
#
#   bench/keys.sh BUILDDIR [DATADIR]
#
# Inputs, generated into DATADIR (default BUILDDIR/bench-data, shared with
# bench/load.sh; big files are never committed): the 1M-request scale file
# and a process with more than 100,000 distinct allocation sites.

B=${1:?usage: bench/keys.sh BUILDDIR [DATADIR]}
D=${2:-$B/bench-data}
here=$(cd "$(dirname "$0")" && pwd)
LSGEN=$B/tests/gen/lsgen
LS=$B/leakscope
say() { printf '%s\n' "$*"; }

for x in "$LSGEN" "$LS"; do
	if [ ! -x "$x" ]; then
		say "bench-keys: $x is missing (run make first); skipped"
		exit 0
	fi
done
if ! command -v tmux >/dev/null 2>&1; then
	say "bench-keys: tmux is not installed; skipped"
	exit 0
fi
mkdir -p "$D" || exit 0

# Written under a temporary name: bench/load.sh may be making the same file.
gen() {
	f=$1
	shift
	[ -s "$f" ] && return 0
	"$LSGEN" scale "$f.tmp.$$" "$@" >/dev/null 2>&1 && mv "$f.tmp.$$" "$f" && return 0
	rm -f "$f.tmp.$$"
	say "bench-keys: lsgen scale $f failed"
	return 1
}
big=$D/scale1000000.json
# ~150k requests, top 50 consumers, 40 burst slots over a pool of 140,000
# sites: the detailed records name about 110,000 distinct sites
wide=$D/sites100k.json
gen "$big" --requests 1000000 || exit 0
gen "$wide" --requests 150000 --sites 140000 --bursts 40 --top 50 \
	--endpoint '/v1/embeddings:leak:0.5kb:err=0.02:site=/srv/app/routers/embeddings.py:88' || exit 0

T=$(mktemp -d "${TMPDIR:-/tmp}/leakscope-keys.XXXXXX") || exit 0
sock=leakscope-bench-$$
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP
cat >"$T/run.sh" <<RUN
#!/bin/sh
LEAKSCOPE_KEYSCRIPT='$here/keys.txt' LEAKSCOPE_KEYTIMES='$T/times' '$LS' '$big' '$wide' 2>'$T/err'
echo \$? >'$T/status'
RUN
t0=$(date +%s)
TERM=xterm-256color LC_ALL=C.UTF-8 tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 \
	"env TERM=tmux-256color LC_ALL=C.UTF-8 sh '$T/run.sh'" || { say "bench-keys: tmux failed"; exit 0; }
while [ ! -f "$T/status" ]; do
	sleep 0.2
	if [ $(($(date +%s) - t0)) -gt 240 ]; then
		say "bench-keys: no result after 240 s; stopped"
		exit 0
	fi
done
if [ "$(cat "$T/status")" != 0 ] || [ ! -s "$T/times" ]; then
	say "bench-keys: leakscope exited with status $(cat "$T/status"):"
	cat "$T/err"
	exit 0
fi

load=$(uptime | sed 's/.*load average: *//')
say "== keystrokes: key read -> screen updated (refresh done), in-process, tmux 120x40; load average $load =="
awk -F'\t' '
/^#sites/ { sites = sites (sites ? " + " : "") $2; next }
/^#requests/ { reqs = reqs (reqs ? " + " : "") $2; next }
/^#rss-/ { rss[substr($1, 6)] = $2; next }
/^#/ { once[substr($1, 2)] = $2; next }
{ print }
END {
	printf "inputs: processes of %s requests with %s distinct sites\n", reqs, sites > "/dev/stderr"
	printf "resident memory: %.0f MB loaded, %.0f MB with the verdicts, %.0f MB with every screen cached\n", rss["load"] / 1024, rss["verdicts"] / 1024, rss["caches"] / 1024 > "/dev/stderr"
	an = once["verdicts"] + once["caches"] + once["first-screen"]
	printf "once per run, not keys (\"Analysing\" on screen): load %.2f s; analysis %.2f s = verdicts %.2f + every screen'"'"'s tables and charts %.2f + first screen %.2f\n", once["load"] / 1e3, an / 1e3, once["verdicts"] / 1e3, once["caches"] / 1e3, once["first-screen"] / 1e3 > "/dev/stderr"
}' "$T/times" 2>"$T/head" >"$T/keys"
cat "$T/head"
# per kind: count, median, p99, max of the wall time; p99 of the CPU time
sort -t '	' -k1,1 -k2,2g "$T/keys" | awk -F'\t' -v target=16 '
function pct(a, n, q,   k) { k = int(q * n + 0.999999); if (k < 1) k = 1; if (k > n) k = n; return a[k] }
function line(name, a, n, c,   p99) {
	p99 = pct(a, n, 0.99)
	printf "  %-13s %5d %8.2f %8.2f %8.2f %8.2f %6d ms %6.2f  %s\n", name, n, pct(a, n, 0.5), p99, a[n],
		pct(c, n, 0.99), target, p99 / target, p99 <= target ? "meets" : "MISSES"
}
function sortn(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
function flush() { if (n) { sortn(cpu, n); line(kind, v, n, cpu) } }
BEGIN { printf "  %-13s %5s %8s %8s %8s %8s %9s %6s\n", "key kind", "keys", "median", "p99", "max", "cpu p99", "target", "ratio" }
$1 != kind { flush(); kind = $1; n = 0; delete v; delete cpu }
{ v[++n] = $2; cpu[n] = $3; all[++na] = $2; allc[na] = $3 }
END { flush(); sortn(all, na); sortn(allc, na); line("every key", all, na, allc) }'
say "  (ms; ratio = p99 / target, <= 1 meets it; cpu = the explorer thread's own CPU time per key:"
say "   wall above cpu is time the machine gave to other processes)"
