#!/bin/sh
# e when everything it would export is a site the filter hides: said at
# once, before asking for a file name, and without calling an unmarked
# site "marked".
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 10"
keys Enter
wait_for " Site src/chat.py:7"
step "no marks: the site on screen is what e exports; the filter hides it"
keys F
type_text "chat"
keys Enter
wait_re 'exclude /chat/ *$'
keys e
wait_re '^nothing to export: this site is hidden by the filter \(c clears it\) *$'
expect_no "Export findings to:"
expect_no "marked site"
step "a marked site the filter hides"
keys c
wait_for "filters cleared"
keys Space
wait_re 'marked: 1 *$'
keys F
type_text "chat"
keys Enter
wait_re 'exclude /chat/ *$'
keys e
wait_re '^nothing to export: the 1 marked site is hidden by the filter \(c clears it\) *$'
expect_no "Export findings to:"
[ -z "$(ls "$E2E_TMP" | grep leakscope-findings)" ] || fail "a findings file was written"
quit_app
