#!/usr/bin/env python3
"""Checks lsgen output against docs/profile-formats.md and TRUTH.txt.

usage: validate.py process DIR...   (a process directory, or a `cases` DIR)
       validate.py process DIR --truth TRUTHFILE   (TRUTH kept elsewhere)
       validate.py snapshot FILE...
       validate.py file FILE PERIOD TOP   (one endpoint file, e.g. lsgen scale)
Exits 1 on the first class of problem, printing what and where.
Undamaged files only (a --cut/--empty file is reported and skipped)."""
import json, math, os, re, sys

ID = re.compile(r"^req-(\d+)$")
FILE_FORM = re.compile(r'^  File "(.+)", line (\d+)$')
problems = []


def bad(where, msg):
    problems.append(f"{where}: {msg}")


def decimals(x, d):
    return abs(round(x, d) - x) < 1e-9 and isinstance(x, (int, float))


def truth(dirpath, path=None):
    t = {"endpoints": {}}
    with open(path or os.path.join(dirpath, "TRUTH.txt")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            kind, *kv = line.split()
            d = dict(x.split("=", 1) for x in kv)
            if kind == "endpoint":
                t["endpoints"][d["file"]] = d
            else:
                t[kind] = d
    return t


def check_consumers(where, tc, k, traceback=False):
    if not isinstance(tc, list) or not tc or len(tc) > k:
        bad(where, f"top_consumers length {len(tc) if isinstance(tc, list) else tc} (K={k})")
        return
    sizes = [c["size_mb"] for c in tc]
    if sizes != sorted(sizes, reverse=True):
        bad(where, "top_consumers not sorted by size")
    for c in tc:
        if set(c) != {"file", "size_mb", "count"}:
            bad(where, f"consumer keys {sorted(c)}")
        if not decimals(c["size_mb"], 3) or not isinstance(c["count"], int) or c["count"] < 1:
            bad(where, f"consumer numbers {c}")
        if traceback and ":" in c["file"] and not FILE_FORM.match(c["file"]) and c["file"] != "unknown":
            bad(where, f"file not in traceback form: {c['file']!r}")


def check_file(path, name, period, top, rotate, timeline, written=None, grow=2.0):
    raw = open(path, "rb").read()
    if b"\n" in raw:
        bad(path, "newline in compact array")
    recs = json.loads(raw)
    if written is not None and len(recs) != written:
        bad(path, f"{len(recs)} records, TRUTH written={written}")
    if rotate and len(recs) > rotate:
        bad(path, "rotation not applied")
    last_n = 0
    last_detailed = None
    for r in recs:
        where = f"{path} {r.get('request_id')}"
        keys = ["request_id", "timestamp", "endpoint", "method", "status_code",
                "status_category", "latency", "had_error"]
        if r["had_error"]:
            keys.append("error_message")
        keys += ["memory", "detailed_snapshot"]
        if list(r) != keys:
            bad(where, f"keys {list(r)}")
            continue
        n = int(ID.match(r["request_id"]).group(1))
        if n <= last_n:
            bad(where, "request ids not increasing")
        last_n = n
        if n in timeline:
            bad(where, "request id used twice in the process")
        if name is not None and r["endpoint"] != name:
            bad(where, "endpoint name")
        sc = r["status_code"]
        cat = ("success" if 200 <= sc < 300 else "client_error" if 400 <= sc < 500
               else "server_error" if 500 <= sc < 600 else "other")
        if r["status_category"] != cat or r["had_error"] != (sc >= 400):
            bad(where, "status fields disagree")
        if not decimals(r["latency"], 6) or r["latency"] <= 0:
            bad(where, f"latency {r['latency']}")
        m = r["memory"]
        failed = "top_consumers_error" in m
        mk = ["current_mb", "peak_mb", "tracking_enabled"] + (
            (["top_consumers_error"] if failed else ["top_consumers"]) if r["detailed_snapshot"] else [])
        if list(m) != mk:
            bad(where, f"memory keys {list(m)}")
            continue
        if not (decimals(m["current_mb"], 3) and decimals(m["peak_mb"], 3)) or m["peak_mb"] < m["current_mb"]:
            bad(where, f"memory numbers {m}")
        if not m["tracking_enabled"] and (m["current_mb"] != 0 or m["peak_mb"] != 0 or
                                          (r["detailed_snapshot"] and not failed)):
            bad(where, "tracking off but memory numbers or sites present")
        timeline[n] = (r["timestamp"], m["current_mb"], m["peak_mb"]) if m["tracking_enabled"] else None
        want = (n == 1 or r["had_error"] or n % period == 0 or
                (last_detailed is not None and m["current_mb"] > last_detailed * (1 + grow / 100) + 0.0015))
        maybe = last_detailed is not None and m["current_mb"] > last_detailed * (1 + grow / 100) - 0.0015
        if r["detailed_snapshot"] != want and not (r["detailed_snapshot"] and maybe):
            bad(where, f"detailed={r['detailed_snapshot']} but smart capture says {want}")
        if r["detailed_snapshot"]:
            if not failed:
                check_consumers(where, m["top_consumers"], top)
            last_detailed = m["current_mb"]
    return len(recs)


def check_process(d, truth_path=None):
    t = truth(d, truth_path)
    proc = t["process"]
    period, top = int(proc["period"]), int(proc["top"])
    rotate = int(proc["rotate"])
    grow = 2.0
    timeline = {}
    for fn, ep in t["endpoints"].items():
        path = os.path.join(d, fn)
        if ep["damage"] != "none":
            size = os.path.getsize(path) if os.path.exists(path) else -1
            want = 0 if ep["damage"] == "empty" else int(ep["damage"].split(":")[1])
            if size != want:
                bad(path, f"damaged size {size}, TRUTH says {ep['damage']}")
            try:
                json.load(open(path))
                bad(path, "damaged file still parses")
            except ValueError:
                pass
            continue
        if int(ep["written"]) == 0:
            if os.path.exists(path):
                bad(path, "file for an endpoint with no records")
            continue
        check_file(path, ep["name"], period, top, rotate, timeline, int(ep["written"]))
    prev = None
    for n in sorted(timeline):
        if timeline[n] is None:
            continue
        ts, cur, peak = timeline[n]
        if prev and (ts < prev[0] or peak < prev[2]):
            bad(f"{d} req-{n}", "timestamp or peak_mb goes back in the process timeline")
        prev = timeline[n]
    return len(timeline)


def check_snapshot(path):
    recs = json.load(open(path))
    last = 0
    for r in recs:
        where = f"{path} {r.get('request_id')}"
        keys = ["request_id", "batch", "request_in_batch", "timestamp", "current_mb", "peak_mb",
                "had_error", "error_message"] + (["top_consumers"] if "top_consumers" in r else [])
        if list(r) != keys:
            bad(where, f"keys {list(r)}")
            continue
        n = int(ID.match(r["request_id"]).group(1))
        if n <= last:
            bad(where, "ids not increasing")
        last = n
        if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$", r["timestamp"]):
            bad(where, f"timestamp {r['timestamp']}")
        if r["batch"] < 1 or r["request_in_batch"] < 1:
            bad(where, "batch numbering")
        if (r["error_message"] is None) == r["had_error"]:
            bad(where, "error_message vs had_error")
        if "top_consumers" in r:
            check_consumers(where, r["top_consumers"], 50, traceback=True)
    return len(recs)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "file":
        # validate.py file FILE PERIOD TOP : one endpoint file (e.g. lsgen scale)
        recs = check_file(sys.argv[2], None, int(sys.argv[3]), int(sys.argv[4]), 0, {})
        for p in problems[:30]:
            print(p)
        print(f"{recs} records checked, {len(problems)} problems")
        return 1 if problems else 0
    if len(sys.argv) < 3 or sys.argv[1] not in ("process", "snapshot"):
        print(__doc__)
        return 2
    total = 0
    args = sys.argv[2:]
    if sys.argv[1] == "process" and len(args) == 3 and args[1] == "--truth":
        total = check_process(args[0], args[2])
        args = []
    for arg in args:
        if sys.argv[1] == "snapshot":
            total += check_snapshot(arg)
        elif os.path.exists(os.path.join(arg, "TRUTH.txt")):
            total += check_process(arg)
        else:
            for sub in sorted(os.listdir(arg)):
                if os.path.isdir(os.path.join(arg, sub)):
                    total += check_process(os.path.join(arg, sub))
    for p in problems[:30]:
        print(p)
    print(f"{total} records checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
