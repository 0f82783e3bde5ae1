#!/bin/sh
# An include pattern longer than the prompt holds (given with --include):
# f then Esc, or Enter on an invalid edit, puts back the whole pattern in
# force, not the part of it the prompt could show; Enter on that part, or
# on a pasted pattern cut at the prompt's room, is refused.
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
step "f, Enter on the part the prompt holds: refused, not applied cut short"
keys f
wait_re '^Include sites matching: .* — too long: at most 1023 bytes'
keys Enter
settle
wait_re '^Include sites matching: .* — too long: at most 1023 bytes'
esc
wait_gone "Include sites matching:"
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
step "pasted past its room: the same, and a deletion lets Enter take what is shown"
keys f C-u
type_text "$long"
wait_re '^Include sites matching: .* — too long: at most 1023 bytes'
keys Enter
settle
wait_re '^Include sites matching: .* — too long'
keys BSpace
wait_re '^Include sites matching: [^—]*$'
keys Enter
wait_gone "Include sites matching:"
quit_app
