#!/usr/bin/env python3
"""thirdsim_bench.py LEAKSCOPE [SEEDS (3)] [SCENARIO ...]: leakscope's
verdicts on captures of thirdsim.py, a simulator of the profiler's own
code (ids taken when a request arrives, the heap read when it completes,
requests that overlap; see its docstring). Per scenario: leaking endpoints
found (LEAK or ERROR_PATH_LEAK), with the true site first, and innocent
endpoints called a leak; then the totals. Two captures at a time."""
import collections
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import thirdsim  # noqa: E402

LEAKY = ("LEAK", "ERROR_PATH_LEAK")


def one(job):
    ls, scenario, seed, tmp = job
    d = os.path.join(tmp, f"{scenario}-{seed}")
    meta = thirdsim.simulate(scenario, seed, d)
    out = subprocess.run([ls, "report", "--threads", "1", "--format", "json", d], capture_output=True, text=True)
    shutil.rmtree(d, ignore_errors=True)
    try:
        rep = json.loads(out.stdout)
    except ValueError:
        return scenario, seed, None
    amb = meta["extra"].get("ambiguous_ep")
    rows = []
    for p in rep["processes"]:
        for ep in p["endpoints"]:
            tr = meta["truth"].get(ep["endpoint"])
            sus = [s["location"] for s in ep.get("suspect_sites") or []]
            rows.append((ep["endpoint"], ep["verdict"], tr is not None, ep["endpoint"] == amb,
                         bool(tr) and bool(sus) and sus[0] == tr["site"]))
    return scenario, seed, rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ls = os.path.abspath(sys.argv[1])
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    scenarios = sys.argv[3:] or list(thirdsim.SCENARIOS)
    tmp = tempfile.mkdtemp(prefix="thirdsim.")
    jobs = [(ls, sc, s, tmp) for sc in scenarios for s in range(1, seeds + 1)]
    by = collections.defaultdict(lambda: collections.Counter())
    try:
        with multiprocessing.Pool(2) as pool:
            for sc, seed, rows in pool.imap_unordered(one, jobs):
                c = by[sc]
                c["captures"] += 1
                if rows is None:
                    c["no report"] += 1
                    continue
                alarm = False
                for name, verdict, leaks, ambiguous, first in rows:
                    if leaks:
                        c["leakers"] += 1
                        c["found"] += verdict in LEAKY
                        c["site first"] += verdict in LEAKY and first
                    elif verdict in LEAKY and not ambiguous:
                        c["false alarms"] += 1
                        alarm = True
                c["captures with one"] += alarm
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    cols = ("captures", "leakers", "found", "site first", "false alarms", "captures with one", "no report")
    print("thirdsim: %d seeds per scenario (ids at arrival, as the profiler takes them)" % seeds)
    heads = ("captures", "leakers", "found", "site 1st", "false", "in capts", "no rep.")
    print("%-13s" % "scenario" + "".join("%10s" % h for h in heads))
    total = collections.Counter()
    for sc in scenarios:
        print("%-13s" % sc + "".join("%10d" % by[sc][c] for c in cols))
        total.update(by[sc])
    print("%-13s" % "ALL" + "".join("%10d" % total[c] for c in cols))
    print("leaking endpoints found as LEAK or ERROR_PATH_LEAK, of them with the true site first; innocent")
    print("endpoints called a leak (false), in how many captures; captures leakscope gave no report of")


if __name__ == "__main__":
    main()
