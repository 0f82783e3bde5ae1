#!/usr/bin/env python3
"""Reference implementation of the original tool's analysis, written from
docs/seed-analysis.md, used to check leakscope's classic analysis on random
inputs (tests/classic_parity.sh). Standard library only.

    classic_ref.py dump FILE...     print the numbers in classic_dump's format
    classic_ref.py gen SEED DIR     write random profile / memory-test files

Numbers are printed with '%.17e' (the double itself, not a rounding of it),
so equal output means equal doubles. The CV is printed with 10 significant
digits (statistics.stdev's exact arithmetic differs by Python version) and
the summary averages with 13 (built-in sum() is compensated since 3.12).
"""
import datetime
import json
import os
import random
import statistics
import sys

W = 3
GROWTH_THRESHOLD = 25.0
STABLE_MB = 0.05
NEAR_ZERO = 0.01
SPIKE_PCT = 50.0
SPIKE_STABLE_PCT = 5.0
AFTER_SPIKE = 2
NOISE_CV = 40.0


def req_no(p):
    try:
        return int(str(p.get("request_id", "req-0")).split("-")[1])
    except (IndexError, ValueError):
        return 0


def mem_of(p):
    """current_mb: memory.current_mb (profiles) or top level (memory tests)."""
    m = p.get("memory")
    if isinstance(m, dict):
        return m.get("current_mb")
    if "memory" not in p:
        return p.get("current_mb")
    return None


def consumers_of(p):
    out = []
    m = p.get("memory")
    if isinstance(m, dict) and isinstance(m.get("top_consumers"), list):
        out += m["top_consumers"]
    if isinstance(p.get("top_consumers"), list):
        out += p["top_consumers"]
    return out


def location(s):
    s = s.strip()
    pre, mid = 'File "', '", line '
    if s.startswith(pre) and mid in s[len(pre):]:
        path, rest = s[len(pre):].split(mid, 1)
        digits = ""
        for ch in rest:
            if not ch.isdigit():
                break
            digits += ch
        if digits:
            return path + ":" + digits
    return s


def fmt_errors(v):
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def spikes(s, e):
    stab, unstab = [], []
    if len(s) < 2:
        return stab, unstab
    for i in range(1, len(s)):
        prev, cur = s[i - 1], s[i]
        if prev < NEAR_ZERO:
            continue
        pct = ((cur - prev) / prev) * 100
        if not (pct >= SPIKE_PCT and e[i] > 0):
            continue
        after = len(s) - (i + 1)
        if after < AFTER_SPIKE:
            stab.append((i, prev, cur, pct, e[i], None))
            continue
        nxt = s[i + 1:i + 1 + AFTER_SPIKE]
        maxv, ok = 0, True
        for v in nxt:
            var = abs((v - cur) / cur * 100)
            maxv = max(maxv, var)
            if var > SPIKE_STABLE_PCT:
                ok = False
        if ok:
            stab.append((i, prev, cur, pct, e[i], sum(nxt) / len(nxt)))
        else:
            unstab.append((i, prev, cur, pct, e[i], maxv, nxt))
    return stab, unstab


def spike_message(stab, unstab):
    lines = []
    for i, prev, cur, pct, err, avg in stab:
        info = (" \u2192 stabilized at %.2f MB" % avg if avg is not None
                else " (insufficient batches after spike to confirm stabilization)")
        lines.append("  \u2022 Batch %d: %.2f MB \u2192 %.2f MB (+%.1f%%) with %s error(s)%s"
                     % (i + 1, prev, cur, pct, fmt_errors(err), info))
    msg = ("ERROR-INDUCED MEMORY LEAK DETECTED\n\n"
           "Memory spikes occurred in batch(es) with errors and did not fully recover:\n"
           + "\n".join(lines) + "\n\n"
           "This indicates that error handling is not properly releasing resources.\n"
           "Check error paths for unreleased connections, buffers, or cached data.")
    if unstab:
        det = []
        for i, prev, cur, pct, err, maxv, nxt in unstab:
            det.append("  \u2022 Batch %d: %.2f MB \u2192 %.2f MB (+%.1f%%) with %s error(s)\n"
                       "    Next batches: %s MB (variation %.1f%%, did NOT stabilize)"
                       % (i + 1, prev, cur, pct, fmt_errors(err),
                          ", ".join("%.2f" % m for m in nxt[:3]), maxv))
        msg += ("\n\nNOTE: Additional error spikes detected but memory did NOT stabilize:\n"
                + "\n".join(det) + "\n\n"
                "These spikes show continued growth after the error, suggesting a continuous\n"
                "memory leak pattern rather than error-induced stabilization.")
    return msg


def classic(s, e):
    r = {"samples": len(s), "initial": 0.0, "final": 0.0, "growth": 0.0, "growth_pct": 0.0,
         "leak": False, "cv": 0.0, "noise": None}
    if not s:
        r["status"], r["message"] = 2, "No memory data found in profiles"
        return r
    if len(s) > 1:
        sd, mean = statistics.stdev(s), statistics.mean(s)
        r["cv"] = sd / mean * 100 if mean > 0 else 0
        if r["cv"] > NOISE_CV:
            r["noise"] = ("Memory measurements too noisy (CV=%.1f%%) - test environment unstable"
                          % r["cv"])
    roll = [statistics.mean(s[i - W:i]) for i in range(W, len(s))]
    k = min(2 * W, len(roll) // 3)
    tail = min(3 * W, len(s) // 2)
    if k == 0:
        r["status"] = 3
        r["message"] = ("too few samples: %d memory sample%s, the analysis needs at least %d"
                        % (len(s), "" if len(s) == 1 else "s", W + 3))
        return r
    r["status"] = 0
    ini, fin = statistics.mean(roll[:k]), statistics.mean(roll[-k:])
    g = fin - ini
    r.update(initial=ini, final=fin, growth=g, growth_pct=(g / ini * 100) if ini > 0 else 0)
    stab, unstab = spikes(s, e)
    if stab:
        r["leak"], r["message"] = True, spike_message(stab, unstab)
        return r
    if ini < NEAR_ZERO and fin < NEAR_ZERO:
        r["message"] = ("Memory measurements near zero \u2014 tracemalloc tracking not "
                        "sufficient for this workload")
        return r
    if ini > NEAR_ZERO:
        pct = g / ini * 100
    elif g > NEAR_ZERO:
        pct = g / NEAR_ZERO * 100
    else:
        pct = 0
    if pct > GROWTH_THRESHOLD:
        r["leak"] = True
        r["message"] = ("Memory grew by %.1f%% (>%s%% threshold) \u2014 possible leak"
                        % (pct, GROWTH_THRESHOLD))
        return r
    t = s[-tail:]
    if len(t) >= 2 and all(t[i + 1] - t[i] > STABLE_MB for i in range(len(t) - 1)):
        r["leak"] = True
        r["message"] = "Continuous memory growth in final batches \u2014 possible leak"
        return r
    r["message"] = "Memory stabilized \u2014 no leak detected"
    return r


def summary(recs):
    lat = [p["latency"] for p in recs if "latency" in p]
    mem = [m for m in (mem_of(p) for p in recs) if m is not None]
    err = sum(1 for p in recs if p.get("had_error", False))
    return {
        "requests": len(recs), "errors": err,
        "avg_lat": sum(lat) / len(lat) if lat else 0.0,
        "min_lat": min(lat) if lat else 0.0, "max_lat": max(lat) if lat else 0.0,
        "avg_mem": sum(mem) / len(mem) if mem else 0.0,
        "err_rate": (err / len(recs)) * 100 if recs else 0.0,
    }


def top_consumers(recs):
    agg = {}
    for p in recs:  # file order
        for c in consumers_of(p):
            loc = location(c.get("file", "unknown"))
            a = agg.setdefault(loc, {"total": 0.0, "max": 0.0, "count": 0})
            a["total"] += c.get("size_mb", 0)
            a["max"] = max(a["max"], c.get("size_mb", 0))
            a["count"] += 1
    return sorted(agg.items(), key=lambda kv: kv[1]["total"], reverse=True)


def growth_by_location(srecs):
    data = {}
    for idx, p in enumerate(srecs):  # request order
        for c in consumers_of(p):
            loc, mb = location(c.get("file", "unknown")), c.get("size_mb", 0)
            if loc not in data:
                data[loc] = {"first": mb, "fi": idx, "last": mb, "li": idx, "all": [mb]}
            else:
                d = data[loc]
                d["last"], d["li"] = mb, idx
                d["all"].append(mb)
    rows = []
    for loc, d in data.items():
        if d["fi"] == d["li"]:
            continue
        g = d["last"] - d["first"]
        rows.append((loc, g, (g / d["first"] * 100) if d["first"] > 0 else 0,
                     min(d["all"]), max(d["all"]), len(d["all"]), d["first"], d["last"]))
    return sorted(rows, key=lambda r: abs(r[1]), reverse=True)


def leaking_sources(recs):
    by = {}
    for p in recs:  # file order
        b = p.get("batch")
        if b is None or b == 0:
            continue
        for c in consumers_of(p):
            loc = location(c.get("file", "unknown"))
            path, _, line = loc.rpartition(":")
            if not path or not line.isdigit():
                continue
            by.setdefault(path, {}).setdefault(line, []).append((b, c.get("size_mb", 0.0)))
    out = []
    for path, lines in by.items():
        for line, lst in lines.items():
            if len(lst) < 3:
                continue
            srt = sorted(lst, key=lambda x: x[0])
            (fb, fs), (lb, ls) = srt[0], srt[-1]
            g = ls - fs
            if fs > 0.001:
                pct = (g / fs) * 100
            elif g > 0.001:
                pct = 999.0
            else:
                pct = 0.0
            if g >= 0.1 and pct >= 50:
                out.append((path + ":" + line, g, pct, fs, ls, len(srt), fb, lb))
    out.sort(key=lambda x: x[1], reverse=True)
    return out[:10]


def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n")


def f17(x):
    return "%.17e" % x


def dump(path):
    with open(path) as f:
        recs = json.load(f)
    out = ["== " + os.path.basename(path)]
    srecs = sorted(recs, key=req_no)
    s, e = [], []
    for p in srecs:
        m = mem_of(p)
        if m is not None:
            s.append(m)
            e.append(1 if p.get("had_error", False) else 0)
    if not recs:
        out.append("status 1")
        out.append("message No profiles provided")
    else:
        r = classic(s, e)
        out.append("status %d" % r["status"])
        out.append("message " + esc(r["message"]))
        out.append("samples %d" % r["samples"])
        out.append("metrics %s %s %s %s" % tuple(f17(r[k]) for k in
                                                ("initial", "final", "growth", "growth_pct")))
        out.append("leak %d" % r["leak"])
        out.append("cv %.9e" % r["cv"])
        out.append("noise " + (r["noise"] or "-"))
    sm = summary(recs)
    # sum() of floats is compensated since Python 3.12 and naive before:
    # 12 significant digits hold for either
    out.append("summary %d %d %.12e %.12e %.12e %.12e %.12e" % (sm["requests"], sm["errors"], sm["avg_lat"],
               sm["min_lat"], sm["max_lat"], sm["avg_mem"], sm["err_rate"]))
    for loc, a in top_consumers(recs):
        out.append("consumer %s %s %s %s %d" % (loc, f17(a["total"]), f17(a["max"]),
                                                f17(a["total"] / a["count"]), a["count"]))
    for loc, g, pct, mn, mx, n, first, last in growth_by_location(srecs):
        out.append("growth %s %s %s %s %s %d %s %s" % (loc, f17(g), f17(pct), f17(mn), f17(mx), n,
                                                       f17(first), f17(last)))
    for loc, g, pct, fs, ls, n, fb, lb in leaking_sources(recs):
        out.append("source %s %s %s %s %s %d %d %d" % (loc, f17(g), f17(pct), f17(fs), f17(ls), n, fb, lb))
    return "\n".join(out)


# ---- random inputs ----

SITES = ["/srv/app/router.py:412", "/srv/app/cache.py:88", "/usr/lib/python3.12/json/decoder.py:353",
         "/srv/app/db.py:10", "/srv/app/models.py:77", "unknown", "<frozen importlib._bootstrap>:241",
         "/srv/app/errors.py:19"]


def series(rng, n):
    kind = rng.choice(["flat", "drift", "steps", "spiky", "errspike", "errspike", "warmup", "noise",
                       "ramp"])
    base = rng.choice([0.004, 0.009, 0.01, 0.5, 12.5, 245.301, 1000.0, 100.0])
    s, e, v, after = [], [], base, "stay"
    for i in range(n):
        err = 1 if rng.random() < 0.1 else 0
        if kind == "errspike":
            # an error doubles memory (or +50 % exactly); afterwards it stays
            # (within 5 %, sometimes exactly 5 %), keeps climbing or falls back
            if err and rng.random() < 0.6:
                v *= rng.choice([2.0, 1.5, 3.0])
                after = rng.choice(["stay", "stay", "edge", "climb", "back"])
            elif s and rng.random() < 0.5:
                if after == "edge":
                    v = s[-1] * rng.choice([1.05, 0.95, 1.0])
                elif after == "climb":
                    v *= 1.2
                elif after == "back":
                    v = base
        if kind == "drift":
            v += rng.choice([0, 0.001, 0.01, 0.05, 0.06]) * base
        elif kind == "steps" and rng.random() < 0.15:
            v *= rng.choice([1.5, 2.0, 0.5])
        elif kind == "spiky" and err and rng.random() < 0.7:
            v *= rng.choice([1.5, 1.49, 2.0, 3.0])
        elif kind == "warmup":
            v = base * (1 + 0.5 * min(i, 8) / 8)
        elif kind == "noise":
            v = base * rng.uniform(0.3, 1.7)
        elif kind == "ramp":
            v += rng.choice([0.051, 0.06, 0.1, 0.05])
        s.append(round(v, 3))
        e.append(err)
    return s, e


def consumers(rng, scale, traceback):
    out = []
    for site in rng.sample(SITES, rng.randint(0, 5)):
        f = site
        # memory-test files always use the traceback form (the original's
        # leaking-source regex only reads that form; "unknown" stays as is)
        if traceback and ":" in site and site.rsplit(":", 1)[1].isdigit():
            p, l = site.rsplit(":", 1)
            f = '  File "%s", line %s' % (p, l)
        out.append({"file": f, "size_mb": round(rng.choice([0, 0.5, 1.0, 0.25, rng.uniform(0, scale)]), 3),
                    "count": rng.randint(1, 9000)})
    return out


def gen_profile(rng, path):
    n = rng.choice([1, 2, 5, 6, 7, 9, 12, 20, 33, 60])  # "[]" loads as no endpoint
    s, e = series(rng, n)
    overlap = rng.random() < 0.4
    recs = []
    for i in range(n):
        p = {"request_id": "req-%d" % (3 * i + rng.randint(0, 2)), "endpoint": "/chat",
             "had_error": bool(e[i]), "status_code": 500 if e[i] else 200}
        if rng.random() < 0.95:
            p["latency"] = round(rng.uniform(0.001, 2), 6)
        if overlap:
            # the profiler stamps a request when it completes: a slow one
            # completes after requests with higher ids (leakscope then
            # orders its own timeline by completion; the classic analysis
            # stays in id order)
            p["latency"] = round(rng.choice([0.01, 0.05, 8.0]) * rng.uniform(0.5, 1.5), 6)
            p["timestamp"] = round(1790000000 + 0.5 * i + p["latency"], 6)
        mem = {"current_mb": s[i], "peak_mb": s[i] + 1, "tracking_enabled": True}
        if rng.random() < 0.05:
            del mem["current_mb"]
        if rng.random() < 0.4:
            mem["top_consumers"] = consumers(rng, max(s[i], 0.01), False)
        p["memory"] = mem
        recs.append(p)
    if overlap:
        recs.sort(key=lambda r: r["timestamp"])  # written as requests complete
    # concurrent writers: neighbours swap in the file
    for i in range(len(recs) - 1):
        if rng.random() < 0.1:
            recs[i], recs[i + 1] = recs[i + 1], recs[i]
    with open(path, "w") as f:
        json.dump(recs, f, separators=(",", ":"))


def gen_snapshot(rng, path):
    nb = rng.randint(1, 8)
    per = rng.randint(1, 6)
    recs, k = [], 0
    s, e = series(rng, nb * per)
    back = rng.random() < 0.3
    for b in range(1, nb + 1):
        for j in range(1, per + 1):
            # a clock set back halfway (a daylight-saving fall-back) in
            # some: the runner sends one request at a time, so ids order
            sec = k - (3600 if back and k >= nb * per // 2 else 0)
            ts = (datetime.datetime(2026, 11, 20, 10) + datetime.timedelta(seconds=sec)).isoformat()
            p = {"request_id": "req-%d" % k, "batch": b, "request_in_batch": j,
                 "timestamp": ts, "current_mb": s[k], "peak_mb": s[k] + 1,
                 "had_error": bool(e[k]), "error_message": None}
            if rng.random() < 0.7:
                p["top_consumers"] = consumers(rng, 1.0 + b, True)
            recs.append(p)
            k += 1
    rng.shuffle(recs) if rng.random() < 0.2 else None
    with open(path, "w") as f:
        json.dump(recs, f, separators=(",", ":"))


def main(argv):
    if len(argv) >= 2 and argv[1] == "dump":
        for p in argv[2:]:
            sys.stdout.buffer.write((dump(p) + "\n").encode("utf-8"))
        return 0
    if len(argv) == 4 and argv[1] == "gen":
        rng = random.Random(int(argv[2]))
        os.makedirs(argv[3], exist_ok=True)
        for i in range(rng.randint(20, 30)):
            name = os.path.join(argv[3], "f%03d.json" % i)
            (gen_snapshot if rng.random() < 0.3 else gen_profile)(rng, name)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
