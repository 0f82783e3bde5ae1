#!/bin/sh
# / searches the table as you type (the selection jumps to the first match),
# Enter keeps it, n / N go to the next / previous match, a miss says so.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "typing /heal selects /health"
keys /
wait_for "/ "
type_text "heal"
wait_re '^/ heal'
keys Enter
wait_gone "/ heal"
[ "$(selected_endpoint)" = /health ] || fail "search did not select /health"
step "a search for e (all three match): it starts at the selection, n and N wrap"
keys /
type_text "e"
keys Enter
[ "$(selected_endpoint)" = /health ] || fail "/e left /health"
keys n
wait_for "search hit the bottom, continued at the top"
[ "$(selected_endpoint)" = /chat/completions ] || fail "n did not wrap to /chat/completions"
keys n
[ "$(selected_endpoint)" = /users/{id} ] || fail "n did not go to /users/{id}"
keys N
expect_no "search hit the"
keys N
wait_for "search hit the top, continued at the bottom"
[ "$(selected_endpoint)" = /health ] || fail "N N did not wrap back to /health"
step "smart case: an upper-case letter makes the search case-sensitive"
keys /
type_text "CHAT"
wait_re '^/ CHAT .*not found'
esc
wait_gone "/ CHAT"
keys /
type_text "chat"
keys Enter
[ "$(selected_endpoint)" = /chat/completions ] || fail "/chat did not select /chat/completions"
step "a miss's status goes when a later search, or n, finds a row"
keys /
type_text "zzz"
keys Enter
wait_gone "/ zzz"
# (Enter on a miss says so: the prompt's "not found" went with it)
wait_for "not found: zzz"
keys n
wait_for "not found: zzz"
keys /
type_text "o"
keys Enter
wait_gone "/ o"
expect_no "not found: zzz"
keys n
wait_for "/chat/completions"
expect_no "not found: zzz"
step "the miss reported here is not shown on another screen (status_screen.sh)"
keys /
type_text "py"
keys Enter
wait_gone "/ py"
keys n
wait_for "not found: py"
keys 2
wait_for "Allocation sites of the process"
expect_no "not found: py"
keys n
expect_no "not found: py"
keys 1
wait_for "/chat/completions"
step "the sites screen searches its locations"
keys 2
wait_for "Allocation sites of the process"
keys /
type_text "users.py"
keys Enter Enter
wait_for "Site src/users.py:4"
step "editing in the middle of a long search text: the cursor and what is typed stay in view"
keys q /
type_text "$(i=100; while [ $i -lt 160 ]; do printf '%d,' $i; i=$((i + 1)); done)"
wait_re '^/ ….*159, '
keys $(printf 'Left %.0s' $(seq 1 100))
type_text "ZZ"
wait_re '^/ .*,134,ZZ135,'
esc
wait_gone "ZZ135"
quit_app
