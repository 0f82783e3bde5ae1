#!/bin/sh
# Ctrl-W in a prompt deletes the word before the cursor; pressed again right
# after a '/', it takes the word before that '/' too, so a path typed into
# the filter or the export prompt can be emptied word by word (it used to
# stop for good at the first '/').
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 10 (all"
step "f src/chat: one site"
keys f
wait_for "Include sites matching:"
type_text "src/chat"
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
step "^W: src/, the two src/ sites"
keys C-w
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
wait_re '^Include sites matching: src/ *$'
step "^W again: past the '/', nothing left, every site"
keys C-w
wait_for "Allocation sites of the process: 10 (all"
wait_re '^Include sites matching: *$'
keys Enter
wait_gone "Include sites matching:"
expect_no "include /"

step "the export prompt: a directory path emptied word by word"
keys e
wait_for "Export findings to: leakscope-findings-"
keys C-u
type_text "~/out/x.txt"
wait_re '^Export findings to: ~/out/x\.txt *$'
keys C-w
wait_re '^Export findings to: ~/out/ *$'
keys C-w
wait_re '^Export findings to: ~/ *$'
keys C-w
wait_re '^Export findings to: *$'
type_text "y.txt"
keys Enter
wait_for "exported 1 finding to y.txt"
[ -s "$E2E_TMP/y.txt" ] || fail "y.txt was not written"
quit_app
