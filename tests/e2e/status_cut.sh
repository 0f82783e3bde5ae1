#!/bin/sh
# A status message too long for the line loses its middle, not its end:
# it starts with what happened and ends with why ("export failed: …: no
# such directory") or how it went ("… (3913 bytes)"). It used to be cut at
# the right edge, so on 80 columns an export to a long path said "export
# failed: /long/path…" and never why. Other messages, whose start matters
# most (what a reload read: reload.sh), still keep their start.
. "$(dirname "$0")/lib.sh"

gen_standard
deep=reports_of_the_memory_investigation/second_level_directory_name
mkdir -p "$E2E_TMP/$deep" || fail "mkdir"
start_app -s 80x24 app
wait_for "/chat/completions"
step "an export into a directory that does not exist: the reason stays on screen"
keys e
wait_for "Export findings to: leakscope-findings-"
keys C-u
type_text "no_such_directory_for_the_reports_of_this_run/findings.txt"
keys Enter
wait_re '^export failed: no_such_directory_for_.*….*: no such directory$'
[ "$(line 23 | tr -d '\n' | wc -m)" -le 80 ] || fail "the status line is wider than the terminal"
step "narrower still: both ends"
resize 60 15
wait_re '^export failed: no_such.*….*: no such directory$'
step "a written export says its size at the end"
resize 80 24
keys e
wait_for "Export findings to: leakscope-findings-"
keys C-u
type_text "$deep/findings.txt"
keys Enter
wait_re '^exported 1 finding to reports_of_.*….*findings\.txt \([0-9]+ bytes\)$'
[ -s "$E2E_TMP/$deep/findings.txt" ] || fail "not written"
step "a message that fits is whole"
resize 200 24
wait_re "^exported 1 finding to $deep/findings\\.txt \\([0-9]+ bytes\\)\$"
step "an invalid pattern: the status ends with what the filter is now"
resize 60 15
keys f
wait_for "Include sites matching:"
type_text "src"
keys Enter
wait_gone "Include sites matching:"
keys f
wait_for "Include sites matching: src"
type_text "/(x"
keys Enter
wait_re '^pattern not applied: .*….*; the filter is back to /src/$'
quit_app
