#!/bin/sh
# A zoom into requests that a reload took away (the profiler restarted and
# rewrote the file with fewer requests) is dropped: the chart shows the
# whole new range instead of an empty window that reads "zoomed 5xx-59x";
# one it leaves partly empty is cut to the requests left.
. "$(dirname "$0")/lib.sh"

gen_standard
gen_standard_upto early 300
gen_standard_upto early2 200
start_app app
wait_for "/chat/completions"
keys Enter
wait_for "178 requests, 1 error"
step "zoomed into the last ~30 requests"
keys z h h h h h h h h h h z
wait_re 'zoomed [0-9]+-59[0-9] \(Z back\)'
step "the file now holds the first 300 requests only: R shows all of them"
for f in chat_completions health users_id; do rewrite "$E2E_TMP/early/$f.json" "$E2E_TMP/app/$f.json"; done
keys R
wait_for "reloaded 3 files"
wait_gone "zoomed"
wait_re '^req-[0-9]+: '
r=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
[ -n "$r" ] && [ "$r" -le 300 ] || fail "the cursor reads req-$r, beyond the 300 requests left"
step "a zoom that a reload leaves partly empty is cut to the requests left"
keys End z
i=0
while [ $i -lt 60 ]; do keys h; i=$((i + 1)); done
keys z
wait_re 'zoomed [0-9]+-29[0-9] \(Z back\)'
for f in chat_completions health users_id; do rewrite "$E2E_TMP/early2/$f.json" "$E2E_TMP/app/$f.json"; done
keys R
wait_for "reloaded 3 files"
wait_re 'zoomed [0-9]+-1[0-9][0-9] \(Z back\)'
quit_app
