#!/bin/sh
# Captures of bench/thirdsim.py (a simulator of the profiler's own code:
# ids taken when a request arrives, the heap read when it completes with
# other requests in flight) that once got wrong verdicts. No innocent
# endpoint may be called a leak; where a leaker is named below, it must be
# found with its site first.
#   sampled 2, 3  the profiler's every-N-th sampling: the unrecorded
#                 requests' share of the heap was lent to every endpoint
#                 (4 innocent endpoints LEAK over the two)
#   sampled 7     the same: two innocent endpoints LEAK
#   short 3       543 requests: /api/v1/geo/lookup's 2 errors were given
#                 +792 KB each where the heap stepped +117 KB at the one
#                 measured (ERROR_PATH_LEAK)
# Skipped (77) without python3.
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || { echo "SKIP: $PYTHON not found"; exit 77; }
: "${LEAKSCOPE:?}" "${top_srcdir:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/thirdsim_verdicts.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
fail=0
check() { # SCENARIO SEED [LEAKER]: its verdicts against thirdsim's truth
	d="$tmp/$1-$2"
	"$PYTHON" "$top_srcdir/bench/thirdsim.py" gen "$1" "$2" "$d" >/dev/null || exit 99
	"$LEAKSCOPE" report --format json "$d" >"$d.report" || { echo "thirdsim_verdicts: $1 $2: no report"; fail=1; return; }
	"$PYTHON" - "$d.truth.json" "$d.report" "$1 $2" "${3:-}" <<'PY' || fail=1
import json, sys
truth = json.load(open(sys.argv[1]))
rep = json.load(open(sys.argv[2]))
what, leaker = sys.argv[3], sys.argv[4]
amb = truth.get("extra", {}).get("ambiguous_ep")
bad = 0
for p in rep["processes"]:
    for ep in p["endpoints"]:
        name, verdict = ep["endpoint"], ep["verdict"]
        t = truth["truth"].get(name)
        sus = [s["location"] for s in ep.get("suspect_sites") or []]
        if not t and name != amb and verdict in ("LEAK", "ERROR_PATH_LEAK"):
            print("thirdsim_verdicts: %s: innocent %s got %s" % (what, name, verdict))
            bad = 1
        if name == leaker and (verdict not in ("LEAK", "ERROR_PATH_LEAK") or not sus or sus[0] != t["site"]):
            print("thirdsim_verdicts: %s: leaker %s got %s, first suspect %s, want %s" %
                  (what, name, verdict, sus[0] if sus else None, t["site"]))
            bad = 1
sys.exit(bad)
PY
}
check sampled 2 /api/v1/search
check sampled 3 /api/v1/recommendations
check sampled 7
check short 3
[ $fail = 0 ] && echo "PASS: thirdsim captures: no innocent endpoint a leak, the leakers named found"
exit $fail
