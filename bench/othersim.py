#!/usr/bin/env python3
"""othersim.py: leakscope's verdicts on captures from a second simulator.

lsgen (tests/gen) made the accuracy cases, and leakscope's rules were read
off them: this one is written apart from it, with its own model of a
service, so that a rule that only fits lsgen shows here. What differs:
  - noise with heavy tails (1 % of readings up to several MB higher);
  - garbage of all requests together, collected at random (no endpoint's);
  - a site every request grows ever more slowly, with no level in sight
    (12 MB * sqrt(t / n) at most: an unbounded cache, interned strings),
    which is no endpoint's leak;
  - a traffic mix that drifts (one endpoint's share grows 2.5 times over
    the capture) and an endpoint that comes in bursts;
  - a leak (2-30 KB per successful request) or an error path (200-2000 KB
    per error) at its own line, or nothing, or error responses that hold
    2-40 MB for 20-400 requests and free it (no leak).
Usage: othersim.py LEAKSCOPE [SEEDS (60)]: prints found / false alarms /
missed per scenario, and each wrong verdict with its explanation.
OTHERSIM_DROP=0.5 leaves that share of the records out (the profiler's
sampling); OTHERSIM_KEEP=800 keeps each file's last 800 (rotation);
OTHERSIM_DETAIL=50 takes a detailed snapshot every 50th request (15), and
at every error as always.
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile

EPS = ["/api/search", "/api/orders", "/api/users", "/health", "/api/report"]
DETAIL_EVERY = int(os.environ.get("OTHERSIM_DETAIL", "15"))


def simulate(out, seed, scenario):
    """Write one process directory; return {endpoint: "leak"|"error"}."""
    R = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    n = R.choice([3000, 6000, 12000])
    truth = {}
    kb = {}
    if scenario == "leak":
        e = R.choice(EPS[:3])
        truth[e], kb[e] = "leak", R.choice([2, 5, 10, 30])
    elif scenario == "errleak":
        e = R.choice(EPS[:3])
        truth[e], kb[e] = "error", R.choice([200, 500, 2000])
    spiky = R.choice(EPS[:3]) if scenario == "spikes" else None
    spike_mb, hold = R.uniform(2, 40), R.randint(20, 400)
    held = []
    heap = R.uniform(40, 300)
    frag = R.uniform(2, 15)
    gc_amp, gc_every = R.uniform(0.5, 8), R.randint(50, 400)
    weights = [R.uniform(0.5, 3) for _ in EPS]
    statics = [(f"/usr/lib/python3.12/mod{i}.py:{10 * i}", R.uniform(2, 20)) for i in range(8)]
    garbage = leaked = 0.0
    recs = {e: [] for e in EPS}
    for t in range(1, n + 1):
        frac = t / n
        w = list(weights)
        w[0] *= 1 + 1.5 * frac
        w[4] = 8.0 if (t // 500) % 4 == 3 else 0.05
        e = R.choices(EPS, weights=w)[0]
        err = R.random() < (0.08 if truth.get(e) == "error" or e == spiky else 0.02)
        if e == spiky and err:
            held.append((t + hold * R.uniform(0.5, 1.5), spike_mb * R.uniform(0.6, 1.4)))
        held = [h for h in held if h[0] > t]
        if truth.get(e) == "leak" and not err or truth.get(e) == "error" and err:
            leaked += kb[e] / 1024
        garbage += R.expovariate(1) * gc_amp / gc_every * 2
        if R.random() < 1 / gc_every:
            garbage *= R.uniform(0, 0.1)
        noise = R.gauss(0, 0.05) + (R.expovariate(1) * 2 if R.random() < 0.01 else 0)
        cur = heap + frag * math.sqrt(frac) + garbage + leaked + noise + sum(h[1] for h in held)
        r = {"request_id": f"req-{t}", "timestamp": 1.79e9 + t * 0.1, "endpoint": e, "method": "GET",
             "status_code": 500 if err else 200, "status_category": "server_error" if err else "success",
             "latency": round(R.uniform(0.01, 0.5), 4), "had_error": err,
             "memory": {"current_mb": round(cur, 3), "peak_mb": round(cur + R.uniform(0, 5), 3),
                        "tracking_enabled": True},
             "detailed_snapshot": False}
        if err:
            r["error_message"] = "upstream failed"
        if t % DETAIL_EVERY == 0 or err:
            r["detailed_snapshot"] = True
            top = [{"file": f, "size_mb": round(s, 3), "count": 100} for f, s in statics]
            if leaked > 0:
                top.append({"file": "/srv/app/leaky.py:42", "size_mb": round(0.1 + leaked, 3),
                            "count": int(leaked * 100) + 1})
            top.append({"file": "/srv/app/frag.py:7", "size_mb": round(frag * math.sqrt(frac), 3), "count": 5})
            if held:
                top.append({"file": "/srv/app/errors.py:88", "size_mb": round(sum(h[1] for h in held), 3),
                            "count": len(held)})
            top.sort(key=lambda c: -c["size_mb"])
            r["memory"]["top_consumers"] = top[:10]
        if R.random() < float(os.environ.get("OTHERSIM_DROP", "0")):
            continue
        recs[e].append(r)
    keep = int(os.environ.get("OTHERSIM_KEEP", "0"))
    for e in EPS:
        if keep:
            recs[e] = recs[e][-keep:]
        with open(os.path.join(out, e.strip("/").replace("/", "_") + ".json"), "w") as f:
            json.dump(recs[e], f)
    return truth


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ls = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    wrong = []
    print(f"othersim: {seeds} processes per scenario, 5 endpoints each")
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in ("none", "leak", "errleak", "spikes"):
            found = false = missed = 0
            for seed in range(1, seeds + 1):
                d = os.path.join(tmp, f"{scenario}-{seed}")
                truth = simulate(d, seed, scenario)
                out = subprocess.run([ls, "report", "--format", "json", d], capture_output=True, text=True)
                for p in json.loads(out.stdout)["processes"]:
                    for ep in p["endpoints"]:
                        name, verdict = ep["endpoint"], ep["verdict"]
                        said = verdict in ("LEAK", "ERROR_PATH_LEAK")
                        if said and name in truth:
                            found += 1
                        elif said:
                            false += 1
                        elif name in truth:
                            missed += 1
                        if said != (name in truth):
                            wrong.append(f"  {scenario} seed {seed} {name}: {verdict}, truth "
                                         f"{truth.get(name, 'no leak')}: {ep['explanation'][:240]}")
            print(f"{scenario:8s} found {found:3d}  false alarms {false:3d}  missed {missed:3d}")
    print(f"wrong verdicts ({len(wrong)}):")
    for w in wrong:
        print(w)


if __name__ == "__main__":
    main()
