#!/bin/sh
# On the endpoint screen a search moves the focus to the site table only
# where it finds a site: / then Esc (nothing searched) left the focus on
# the table, and the next h, meant to move the chart's cursor, left the
# screen instead.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
keys Enter
wait_for "178 requests, 1 error"
wait_re '^req-592: '
step "/ and Esc: the chart keeps the focus, h moves its cursor"
keys /
wait_re '^/ *$'
esc
wait_until "the prompt is closed" eval '! screen | grep -qE "^/ *$"'
keys h
wait_re '^req-5[0-8][0-9]: '
expect_rows 2 <<'ROWS'
/chat/completions   LEAK   178 requests, 1 error (0.6%)
ROWS
step "a search typed and erased: the focus is back on the chart too"
keys /
wait_re '^/ *$'
type_text "zzz"
wait_for "not found"
keys BSpace BSpace BSpace
wait_re '^/ *$'
esc
wait_until "the prompt is closed" eval '! screen | grep -qE "^/ *$"'
before=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
keys h
wait_until "h moved the chart's cursor" eval '[ "$(screen | sed -n "s/^req-\([0-9]*\): .*/\1/p")" != "$before" ]'
line 2 | grep -q '^/chat/completions ' || fail "h left the endpoint screen"
step "a search that finds a site takes the focus to the table: h goes back"
keys /
type_text "chat.py"
wait_for "/ chat.py"
keys Enter
wait_until "the prompt is closed" eval '! screen | grep -q "^/ chat.py"'
keys h
wait_until "back on the endpoints" eval 'line 2 | grep -q "^  Endpoint "'
quit_app
