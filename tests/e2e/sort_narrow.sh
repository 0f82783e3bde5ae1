#!/bin/sh
# The sorted column stays on a narrow terminal: the others give way first,
# since its arrow is what says how the rows are ordered. Sorted by Err% and
# narrowed to 80 columns, Err% was hidden with nothing to show the order;
# sorted by Classic, the last column, it was cut at the right edge at 60.
# < and > reach every column, the ones the width hides too (they could
# not be chosen there at all).
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "sort by Err% at 120 columns"
keys '<' '<' '<' '<'
wait_re ' Err%▼ '
wait_names 3 "/users/{id} /chat/completions /health"
step "at 80 columns it stays, with its arrow, and the rows keep their order"
resize 80 24
wait_re '^  Endpoint .* Err%▼ '
wait_names 3 "/users/{id} /chat/completions /health"
[ "$(line 3 | tr -d '\n' | wc -m)" -le 80 ] || fail "the table is wider than the terminal"
step "r reverses it there"
keys r
wait_re ' Err%▲ '
wait_names 3 "/health /chat/completions /users/{id}"
step "sorted by another column again, Err% gives way as before"
keys '>' '>' '>' '>'
wait_re ' Verdict▼ '
expect_no "Err%"
step "< reaches a column the width hides (Err%): sorted by, it is shown"
keys '<' '<' '<' '<'
wait_re '^  Endpoint .* Err%▼ '
keys '>' '>' '>' '>'
wait_re ' Verdict▼ '
expect_no "Err%"
step "sorted by Classic, the last column, at 60 columns: the ones left of it give way"
resize 120 40
wait_re ' Verdict▼ .* Classic$'
keys '>' '>'
wait_re ' Classic▼$'
resize 60 15
wait_re '^  Endpoint .* Classic▼$'
[ "$(line 3 | tr -d '\n' | wc -m)" -le 60 ] || fail "the table is wider than the terminal"
quit_app
