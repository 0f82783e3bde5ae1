#!/bin/sh
# An invalid regex shows pcre2's message with the offset while typing and
# keeps the filter in force; Enter reports it was not applied; an invalid
# --include stops at start-up with the same message.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 10"
step "a valid include first"
keys f
type_text "src/"
keys Enter
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
step "extend it to src/( : pcre2's message and offset, the old filter stays"
keys f
wait_for "Include sites matching: src/"
type_text "("
wait_re '^Include sites matching: src/\( +— missing closing parenthesis at offset 5$'
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
wait_locations 4 "src/chat.py:7 src/users.py:4"
step "Enter: not applied, said in the status line with the filter in force; header unchanged"
keys Enter
wait_re '^pattern not applied: missing closing parenthesis at offset 5; the filter is back to /src//$'
wait_re 'include /src// *$'
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
step "a valid prefix typed on the way (users) is not left in force by Enter on users("
keys f C-u
type_text "users("
wait_re '^Include sites matching: users\( +— missing closing parenthesis'
keys Enter
wait_re '^pattern not applied: missing closing parenthesis at offset 6; the filter is back to /src//$'
wait_re 'include /src// *$'
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
step "an invalid exclude"
keys F
type_text "[z-a]"
wait_re '^Exclude sites matching: \[z-a\] +— range out of order'
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
esc
wait_gone "Exclude sites matching:"
expect_no "exclude /"
quit_app

step "a valid pattern after a refused one: the old complaint goes"
restart
start_app app
wait_for "/chat/completions"
keys 2 f
type_text "("
keys Enter
wait_for "pattern not applied: missing closing parenthesis at offset 1; no include filter"
keys f C-u
type_text "chat"
keys Enter
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
wait_gone "Include sites matching:"
# at once, not when the status line times out 6 s later
expect_no "pattern not applied"
quit_app

step "an invalid --include at start-up: a message and status 2, no explorer"
restart
start_app --include '(' app
st=$(wait_exit)
[ "$st" = 2 ] || fail "exit status $st, expected 2"
wait_re "^leakscope: --include '\(': missing closing parenthesis at offset 1$"
