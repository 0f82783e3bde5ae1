#!/usr/bin/env python3
"""bench/sweep_eval.py OUT: compare leakscope's verdicts with lsgen's
TRUTH.txt for every process bench/sweep.sh generated under OUT, and check
the reports for crashes, hangs, NaN/inf, negative counts and unreported
damage. Prints a table per case family and every wrong verdict with the
lsgen command that reproduces it."""
import json, math, os, re, sys, glob
from collections import defaultdict, OrderedDict

OUT = sys.argv[1]
COUNT_KEYS = {"requests", "errors", "samples", "steady_samples", "warmup_requests", "records"}

def truth(path):
    eps = OrderedDict()
    for line in open(path):
        if line.startswith("endpoint "):
            kv = dict(m.groups() for m in re.finditer(r"(\w+)=(\S+)", line))
            eps[kv["name"]] = kv
    return eps

def walk(o, path=""):
    if isinstance(o, dict):
        for k, v in o.items():
            yield from walk(v, path + "." + k)
    elif isinstance(o, list):
        for i, v in enumerate(o):
            yield from walk(v, path + "[%d]" % i)
    else:
        yield path, o

def rd(p, default=""):
    try:
        return open(p).read().strip()
    except OSError:
        return default

fam_stats = OrderedDict()
problems, wrongs, sitenotes = [], [], []
rows = []
for d in sorted(glob.glob(os.path.join(OUT, "*")), key=lambda p: (p.split("/")[-1][0], int(re.sub(r"\D", "", p.split("/")[-1].split("-")[0]) or 0), p)):
    meta = rd(d + "/meta")
    if not meta:
        continue
    cid, fam, seed = meta.split("|")
    st = fam_stats.setdefault(fam, defaultdict(int))
    st["procs"] += 1
    cmd = rd(d + "/cmd")
    if rd(d + "/gen.rc") != "0":
        problems.append(f"{cid} seed {seed}: lsgen rc={rd(d+'/gen.rc')}: {rd(d+'/gen.out')}")
        continue
    T = truth(d + "/p/TRUTH.txt")
    noise = float(re.search(r"noise_mb=(\S+)", open(d + "/p/TRUTH.txt").read()).group(1))
    jrc, trc = rd(d + "/json.rc"), rd(d + "/text.rc")
    for what, rc in (("json report", jrc), ("text report", trc)):
        if rc == "124":
            problems.append(f"{cid} seed {seed}: HANG (timeout 60 s) in {what}")
        elif rc not in ("0",):
            problems.append(f"{cid} seed {seed}: {what} rc={rc}: {rd(d+'/report.err')[:200]}")
    raw = rd(d + "/report.json")
    if re.search(r"\b(nan|inf|-inf|NaN|Infinity)\b", raw):
        problems.append(f"{cid} seed {seed}: NaN/inf literal in JSON")
    if re.search(r"\b(nan|inf)\b", rd(d + "/report.txt"), re.I):
        problems.append(f"{cid} seed {seed}: NaN/inf in text report")
    try:
        J = json.loads(raw)
    except Exception as e:
        problems.append(f"{cid} seed {seed}: JSON does not parse: {e}")
        st["bad_json"] += 1
        continue
    for p, v in walk(J):
        k = p.rsplit(".", 1)[-1]
        if k in COUNT_KEYS and isinstance(v, (int, float)) and v < 0:
            problems.append(f"{cid} seed {seed}: negative count {p}={v}")
        if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
            problems.append(f"{cid} seed {seed}: non-finite {p}")
    got = {}
    for pr in J.get("processes", []):
        for e in pr["endpoints"]:
            got[e["endpoint"]] = e
    warn_files = {os.path.basename(w.get("file", "")) for w in J.get("warnings", [])}
    files_text = "".join(open(f, errors="replace").read() for f in glob.glob(d + "/p/*.json"))
    vc = []
    for name, t in T.items():
        exp = {"success": "LEAK", "error": "ERROR_PATH_LEAK"}.get(t["leak"], "not-leak")
        dmg = t.get("damage", "none")
        if dmg != "none":
            st["damaged_files"] += 1
            if t["file"] in warn_files:
                st["damage_reported"] += 1
            else:
                problems.append(f"{cid} seed {seed}: damage {dmg} of {t['file']} NOT reported in warnings")
        e = got.get(name)
        v = e["verdict"] if e else "(absent)"
        if e is None:
            ok = dmg != "none" and t["leak"] == "no"   # an empty/unloadable stable file may vanish
            if dmg != "none" and t["leak"] != "no":
                ok = None  # leaker's data destroyed: not scored
        elif exp == "not-leak":
            ok = v not in ("LEAK", "ERROR_PATH_LEAK")
        else:
            ok = v == exp
        if ok is None:
            st["unscorable"] += 1
        else:
            st["endpoints"] += 1
            st["correct" if ok else "wrong"] += 1
            if t["leak"] != "no":
                st["leakers"] += 1
                st["leakers_ok" if ok else "missed"] += 1
                if dmg == "none":
                    key = "intact_seen" if ("\"" + t.get("site", "-") + "\"") in files_text else "intact_unseen"
                    st[key] += 1
                    st[key + "_ok"] += bool(ok)
            elif not ok:
                st["false_pos"] += 1
        vc.append(f"{name.split('/')[-1]}={v}{'' if ok else ('?' if ok is None else '!')}")
        sig = float(t["retained_mb"]) / noise if noise > 0 else float("inf")
        tag = "" if t["leak"] == "no" else (" fair(%.0fσ)" % sig if sig >= 8 else " hard(%.1fσ)" % sig if sig >= 4 else " weak(%.1fσ)" % sig)
        if ok is False:
            if t["leak"] != "no":
                st["missed_fair" if sig >= 8 else "missed_hard" if sig >= 4 else "missed_weak"] += 1
            wrongs.append((cid, seed, name, t["leak"] + tag, v, cmd, e["explanation"] if e else "(endpoint absent from report)"))
        if t["leak"] != "no" and t.get("site", "-") != "-" and e:
            site = t["site"]
            in_files = site in files_text
            first = (e.get("suspect_sites") or [{}])[0].get("location", "-")
            if in_files:
                st["site_checks"] += 1
                if first == site:
                    st["site_ok"] += 1
                else:
                    sitenotes.append(f"{cid} seed {seed} {name}: verdict {v}, first suspect {first} != truth {site}")
            else:
                st["site_absent"] += 1
    if any(r == "124" for r in (jrc, trc)):
        st["hangs"] += 1
    rows.append(f"{cid:3} {seed:>4}  " + " ".join(vc))

print("Per process (endpoint=verdict; ! = wrong, ? = leaker's file destroyed, not scored):")
for r in rows:
    print("  " + r)
print()
hdr = f"{'family':24} {'procs':>5} {'eps':>4} {'ok':>4} {'wrong':>5} {'leakers ok/all':>14} {'miss f/h/w':>10} {'FP':>3} {'site1 ok/chk':>12} {'site absent':>11} {'dmg rep/all':>11}"
print("miss f/h/w: missed leaks whose retained MB is >= 8 / 4-8 / < 4 times the noise sd (the built-in cases keep >= 8, 'hard' >= 4)")
print(hdr); print("-" * len(hdr))
tot = defaultdict(int)
for fam, s in fam_stats.items():
    for k, v in s.items():
        tot[k] += v
    print(f"{fam:24} {s['procs']:5} {s['endpoints']:4} {s['correct']:4} {s['wrong']:5} {str(s['leakers_ok'])+'/'+str(s['leakers']):>14} {'%d/%d/%d' % (s['missed_fair'], s['missed_hard'], s['missed_weak']):>10} {s['false_pos']:3} {str(s['site_ok'])+'/'+str(s['site_checks']):>12} {s['site_absent']:11} {str(s['damage_reported'])+'/'+str(s['damaged_files']):>11}")
s = tot
print("-" * len(hdr))
print(f"{'TOTAL':24} {s['procs']:5} {s['endpoints']:4} {s['correct']:4} {s['wrong']:5} {str(s['leakers_ok'])+'/'+str(s['leakers']):>14} {'%d/%d/%d' % (s['missed_fair'], s['missed_hard'], s['missed_weak']):>10} {s['false_pos']:3} {str(s['site_ok'])+'/'+str(s['site_checks']):>12} {s['site_absent']:11} {str(s['damage_reported'])+'/'+str(s['damaged_files']):>11}")
print(f"leaks found, intact files: {s['intact_seen_ok']} of {s['intact_seen']} whose site is in the files, "
      f"{s['intact_unseen_ok']} of {s['intact_unseen']} whose site never is")
print()
print(f"Wrong verdicts ({len(wrongs)}):")
for cid, seed, name, leak, v, cmd, ex in wrongs:
    print(f"- {cid} seed {seed} {name}: truth leak={leak}, got {v}\n    cmd: {cmd}\n    explanation: {ex}")
print()
print(f"First-suspect mismatches ({len(sitenotes)}):")
for x in sitenotes:
    print("- " + x)
print()
print(f"Crashes / hangs / oddities ({len(problems)}):")
for x in problems:
    print("- " + x)
