#!/bin/sh
# lsgen's own promises, checked end to end: every file it writes follows
# docs/profile-formats.md (ids process-wide and increasing, smart-capture
# rules, rotation, damage as TRUTH says), a seed names one set of bytes, and
# --upto gives a true prefix of the full run. The format checks need python3
# (stdlib only); without it the test is skipped (exit 77).
set -eu
srcdir=${srcdir:-.}
lsgen=${LSGEN:-./tests/gen/lsgen}
validate="$srcdir/tests/gen/validate.py"
command -v python3 >/dev/null 2>&1 || { echo "check_lsgen: no python3, skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
fail() { echo "check_lsgen: $*"; exit 1; }

all="/chat/completions:leak:8kb:weight=3 /files/upload:errleak:300kb:err=0.1
/v1/models:warmup:20kb:cap=4 /images/generations:sawtooth:100kb:gc=80
/audio/transcriptions:errspike:spike=40:err=0.03 /x:cache:16kb:cap=10 /y:late:5kb:onset=0.6
/health:stable:weight=3"
# shellcheck disable=SC2086
"$lsgen" process "$tmp/a" --seed 9 --requests 6000 --rotate 700 --sampling 0.8 \
	--gap 2000:300 --untracked 4000:50 --snapshot-errors 0.05 --pool 30 --bursts 2 \
	--cut chat_completions.json=0.5 --empty /x --endpoints $all >/dev/null
# shellcheck disable=SC2086
"$lsgen" process "$tmp/b" --seed 9 --requests 6000 --rotate 700 --sampling 0.8 \
	--gap 2000:300 --untracked 4000:50 --snapshot-errors 0.05 --pool 30 --bursts 2 \
	--cut chat_completions.json=0.5 --empty /x --endpoints $all >/dev/null
for f in "$tmp"/a/*.json; do
	cmp -s "$f" "$tmp/b/$(basename "$f")" || fail "same seed, different bytes: $(basename "$f")"
done
python3 "$validate" process "$tmp/a" || fail "process directory breaks the format"

"$lsgen" process "$tmp/full" --seed 3 --requests 3000 --rotate 0 >/dev/null
"$lsgen" process "$tmp/half" --seed 3 --requests 3000 --rotate 0 --upto 1500 >/dev/null
python3 - "$tmp/full" "$tmp/half" <<'PY' || fail "--upto is not a prefix of the full run"
import json, os, sys
full, half = sys.argv[1], sys.argv[2]
for f in os.listdir(half):
    if f.endswith(".json"):
        a, b = json.load(open(os.path.join(half, f))), json.load(open(os.path.join(full, f)))
        assert a and a == b[:len(a)] and int(a[-1]["request_id"][4:]) <= 1500, f
PY

"$lsgen" cases "$tmp/cases" --seed 4 --count 10 >/dev/null
[ "$(grep -c '^case-' "$tmp/cases/CASES.txt")" -eq 10 ] || fail "CASES.txt does not list 10 cases"
python3 "$validate" process "$tmp/cases" || fail "a case breaks the format"

"$lsgen" snapshot "$tmp/t.json" --seed 2 --batches 8 --batch-size 40 --rotate 200 >/dev/null
python3 "$validate" snapshot "$tmp/t.json" || fail "memory-test file breaks the format"

"$lsgen" scale "$tmp/s.json" --requests 20000 >/dev/null
python3 "$validate" file "$tmp/s.json" 15 10 || fail "scale file breaks the format"
echo "check_lsgen: all lsgen outputs valid and reproducible"
