#!/bin/sh
# An include pattern longer than the prompt holds (given with --include):
# f then Esc, or Enter on an invalid edit, puts back the whole pattern in
# force, not the part of it the prompt could show.
. "$(dirname "$0")/lib.sh"

gen_standard
# 150 alternatives that match nothing, then the one that matches: 1,900 bytes
long=$(i=0; while [ $i -lt 150 ]; do printf 'zzzzzzzzzz%d|' $i; i=$((i + 1)); done)chat
start_app --include "$long" app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
wait_locations 4 "src/chat.py:7"
step "f, Esc: nothing changes"
keys f
wait_for "Include sites matching:"
esc
wait_gone "Include sites matching:"
settle
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
wait_locations 4 "src/chat.py:7"
step "f, a new invalid pattern, Enter: not applied, the whole pattern stays"
keys f
wait_for "Include sites matching:"
keys C-u
type_text "("
wait_re '^Include sites matching: \( +— missing closing parenthesis'
keys Enter
wait_for "pattern not applied"
wait_re '\|chat/$'
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
wait_locations 4 "src/chat.py:7"
quit_app
