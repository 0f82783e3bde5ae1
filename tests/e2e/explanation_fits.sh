#!/bin/sh
# At 80x24 the endpoint screen shows its whole explanation: the chart gives
# up rows (down to a third of the body) before the why is cut. /users/{id}'s
# six lines used to end "Top suspect: src/users.py:4 (+9.87 MB pe…".
. "$(dirname "$0")/lib.sh"

gen_standard
start_app -s 80x24 app
wait_for "/chat/completions"
step "the error-path leak's explanation, to its last word"
keys Down Enter
wait_for "/users/{id}   ERROR_PATH_LEAK"
wait_re "^ Each error response retains "
# (its last words, wherever the lines break)
wait_words "MB per 1,000 requests of the process)."
wait_re "process\)\.$"
expect_no "pe…"
step "the chart keeps its axis and the site table its first row"
wait_re '^ MB └'
wait_re '^  #1    src/users.py:4 '
step "wider, the chart gets its rows back"
rows_80=$(screen | grep -c '┤\|│')
resize 120 40
wait_re '^ MB └'
settle
[ "$(screen | grep -c '┤\|│')" -gt "$rows_80" ] || fail "the chart did not grow at 120x40"
quit_app
