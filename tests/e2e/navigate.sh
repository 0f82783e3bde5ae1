#!/bin/sh
# Moving around: arrows and j/k, g/G and Home/End, PgUp/PgDn on a table
# taller than the screen; l or Enter drills down; h, Backspace, Esc and q go
# back; Q quits from anywhere.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app -s 120x15 app
wait_for "/chat/compl"
keys 2
wait_for "Allocation sites of the process: 10"
wait_locations 4 "src/chat.py:7"
# open_selected END: l opens the selected site (its title ends with END), h comes back
title_is() { line 2 | grep -qF -- " Site " && [ "$(line 2 | sed 's/ *$//' | tail -c $((${#1} + 1)))" = "$1" ]; }
open_selected() {
	keys l
	wait_until "the site detail of $1" title_is "$1"
	keys h
	wait_for "Allocation sites of the process: 10"
}
step "G / End: the last row, scrolled into view"
keys G
wait_locations 12 "…mportlib._bootstrap_external>:757"
open_selected "<frozen importlib._bootstrap_external>:757"
step "g / Home: the first row"
keys g
wait_locations 4 "src/chat.py:7"
open_selected "src/chat.py:7"
xterm_key End
wait_locations 12 "…mportlib._bootstrap_external>:757"
xterm_key Home
wait_locations 4 "src/chat.py:7"
step "Home/End as tmux sends them (ESC [1~ and ESC [4~, unknown to the xterm terminfo)"
keys End
wait_locations 12 "…mportlib._bootstrap_external>:757"
keys Home
wait_locations 4 "src/chat.py:7"
step "j, Down, k, Up"
keys j Down Down k
open_selected "/site-packages/tiktoken/core.py:52"
keys Up
open_selected "src/users.py:4"
step "PgDn, PgUp"
keys NPage
wait_locations 12 "…mportlib._bootstrap_external>:757"
keys PPage
wait_locations 4 "src/chat.py:7"
open_selected "src/chat.py:7"
step "Backspace and q go back too"
keys Enter
wait_for "Site src/chat.py:7"
keys BSpace
wait_for "Allocation sites of the process: 10"
keys Enter
wait_for "Site src/chat.py:7"
keys q
wait_for "Allocation sites of the process: 10"
step "q on a top-level screen returns home; Q quits from a drill-down"
keys q
wait_for "Enter open"
keys Enter
wait_for "178 requests, 1 error"
keys Q
st=$(wait_exit)
[ "$st" = 0 ] || fail "Q: exit status $st"
