#!/bin/sh
# The cursor stays on the site the user chose while a filter is typed: a
# pattern applied as it is typed may hide that row for a keystroke or two
# ("F" then "f" of "frozen" hides functools.py) and the cursor has to go to
# a neighbour meanwhile, but once the row is shown again (the next
# character, Esc on the prompt, c) the cursor is back on it, on every table
# the filter applies to, until the user picks another row (or marks one).
. "$(dirname "$0")/lib.sh"

# The location of the site a press of Enter opens (its detail title), then back.
selected_site() {
	opened_title '^ Site ' | sed 's/^ Site //; s/ *$//'
	wait_until "the site table is back" eval '! line 2 | grep -q "^ Site "'
}

# f src Enter: only the two src/ sites are shown
include_src() {
	keys f
	wait_for "Include sites matching:"
	type_text "src"
	wait_for "Allocation sites of the process: 2 of 10 pass the filter"
	keys Enter
	wait_gone "Include sites matching:"
}

expect_selected() {
	local got
	got=$(selected_site)
	[ "$got" = "$1" ] || fail "the cursor is on [$got], expected [$1]"
}

gen_standard
start_app app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 10 (all"
wait_locations 4 "src/chat.py:7 src/users.py:4 …site-packages/tiktoken/core.py:52 …r/lib/python3.12/functools.py:512"
step "the cursor on functools.py (the fourth row)"
keys j j j
expect_selected /usr/lib/python3.12/functools.py:512

step "F, f hides functools.py; Esc puts the filter back, and the cursor"
keys F
wait_for "Exclude sites matching:"
type_text "f"
wait_for "Allocation sites of the process: 7 of 10 pass the filter"
esc
wait_for "Allocation sites of the process: 10 (all"
expect_selected /usr/lib/python3.12/functools.py:512

step "F frozen: functools.py is hidden at f and back at fr"
keys F
wait_for "Exclude sites matching:"
type_text "frozen"
wait_for "Allocation sites of the process: 8 of 10 pass the filter"
keys Enter
wait_gone "Exclude sites matching:"
expect_selected /usr/lib/python3.12/functools.py:512

step "a sort while the row is hidden keeps the neighbour, c brings the row back"
include_src
keys '>' '>'
wait_re ' Total MB▼ '
n1=$(selected_site)
case $n1 in src/chat.py:7 | src/users.py:4) ;; *) fail "the cursor is on [$n1], not a shown row" ;; esac
keys c
wait_for "filters cleared"
wait_for "Allocation sites of the process: 10 (all"
expect_selected /usr/lib/python3.12/functools.py:512

step "a row picked while the first is hidden is the one kept"
include_src
keys g
expect_selected src/chat.py:7
keys c
wait_for "Allocation sites of the process: 10 (all"
expect_selected src/chat.py:7

step "a row marked while the chosen one is hidden is the one kept (the user acted on it)"
keys F
wait_for "Exclude sites matching:"
type_text "chat"
wait_for "Allocation sites of the process: 9 of 10 pass the filter"
keys Enter
wait_gone "Exclude sites matching:"
keys Space
wait_for "marked site (1 marked"
n2=$(selected_site)
[ -n "$n2" ] && [ "$n2" != src/chat.py:7 ] || fail "the cursor is on [$n2], not a shown row"
keys c
wait_for "Allocation sites of the process: 10 (all"
expect_selected "$n2"
keys Space
wait_for "unmarked site (0 marked"

step "the endpoint's own site table too"
keys 1
wait_for "Enter open  / search"
keys Enter
wait_for "178 requests, 1 error"
keys Tab
wait_re '^  #1 +src/chat\.py:7 '
keys j j
s2=$(selected_site)
[ -n "$s2" ] && [ "$s2" != src/chat.py:7 ] || fail "j j did not move the cursor ([$s2])"
keys F
wait_for "Exclude sites matching:"
type_text "$(printf '%s' "$s2" | sed 's/:[0-9]*$//; s/.*\///' | cut -c1)"
esc
wait_gone "Exclude sites matching:"
expect_selected "$s2"
quit_app
