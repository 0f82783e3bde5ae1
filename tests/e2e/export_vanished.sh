#!/bin/sh
# A site marked before a reload that took all its samples away (the
# profiler restarted) is exported as that: "no samples", and no profile
# file named as its evidence. The export said "too few samples for a
# trend" under an empty "Profile files read".
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
out="$E2E_TMP/leakscope-findings-20260921-151320.txt"   # LEAKSCOPE_NOW, TZ=UTC
step "mark src/chat.py:7 on the Sites screen and open it"
keys 2
wait_for "Allocation sites of the process"
keys /
type_text "src/chat.py"
keys Enter
keys Space
wait_for "marked site (1 marked; e exports them)"
keys Enter
wait_re '^ Site src/chat\.py:7'
step "every file rewritten without the site: R"
for f in chat_completions health users_id; do
	printf '[{"request_id":"req-1","endpoint":"/x","memory":{"current_mb":1}}]' >"$E2E_TMP/new.json"
	rewrite "$E2E_TMP/new.json" "$E2E_TMP/app/$f.json"
done
keys R
wait_for "reloaded 3 files"
wait_for "no samples: no loaded record lists this site any more"
step "e: the file says the same"
keys e
wait_re '^Export findings to: '
keys Enter
wait_re '^exported 1 finding'
[ -f "$out" ] || fail "no file $out"
grep -qx '  no samples: no loaded record lists this site any more' "$out" ||
	fail "the export does not say that the site has no samples: $(grep -n 'samples' "$out" | head -3)"
grep -q 'too few samples for a trend' "$out" && fail "the export calls the site's samples too few"
grep -A1 -x 'Profile files read' "$out" | grep -qx '  none: no loaded record lists these sites any more' ||
	fail "the export's Profile files read section is not said to be empty"
quit_app
