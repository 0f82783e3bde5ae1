#!/bin/sh
# The export's file name without the blanks typed around it: "   " wrote a
# file named three spaces ("exported 1 finding to    "), and " out.txt"
# one whose name starts with a space. (And an endpoint's export names the
# files of its whole process, which its verdict rests on.)
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "only blanks: no file name, nothing written"
keys e
wait_re '^Export findings to: leakscope-findings-'
keys C-u
type_text "   "
keys Enter
wait_for "export cancelled: no file name"
[ -e "$E2E_TMP/   " ] && fail "a file named three spaces was written"
step "blanks around a name: the name itself"
keys e
wait_re '^Export findings to: leakscope-findings-'
keys C-u
type_text "  out.txt  "
keys Enter
wait_re '^exported 1 finding to out\.txt \([0-9]+ bytes\)'
[ -f "$E2E_TMP/out.txt" ] || fail "no out.txt"
ls "$E2E_TMP" | grep -q '^ \| $' && fail "a name with blanks was written: $(ls "$E2E_TMP")"
step "the one endpoint exported names every file of its process: its verdict weighs them all"
files=$(sed -n '/^Profile files read$/,/^$/p' "$E2E_TMP/out.txt")
[ "$(printf '%s\n' "$files" | grep -c '^  app/')" = 3 ] || fail "the export names other files: $files"
quit_app
