#!/bin/sh
# Below 60x15 the explorer says the terminal is too small instead of drawing
# (or crashing); keys other than q wait; growing the terminal brings the
# screen back as it was. Exactly 60x15 works on every screen (an
# explanation cut short says so with "…").
. "$(dirname "$0")/lib.sh"

gen_standard
step "start in a 50x10 terminal"
start_app -s 50x10 app
wait_for "terminal too small (50x10)"
wait_for "need at least 60x15; q quits"
step "keys other than q do nothing while too small"
keys 2 Enter
settle
wait_for "terminal too small (50x10)"
step "59x15 is still too small, 60x15 draws the home screen"
resize 59 15
wait_for "terminal too small (59x15)"
resize 60 15
# a name too long for the column keeps its end, the part that tells endpoints apart
wait_for "…/completions"
wait_re '^ Enter open .* marked: 0$'
[ "$(line 13 | cut -c1-11)" = " Enter open" ] || fail "the footer is not on row 13"
step "every screen at the minimum size"
keys Enter
wait_for "178 requests, 1 error"
wait_re '^ +MB └'
# one line of the explanation fits: it ends with "…", not mid-sentence as if whole
wait_re '^ Leaks \+120 KB per request .*…$'
keys Tab Enter
wait_for "Site src/chat.py:7"
keys 2
wait_for "Allocation sites of the process"
keys 3
wait_for "no warnings"
keys '?'
wait_for "Help: keys"
esc
step "shrinking while on a screen, then growing again: the same screen"
keys 2
wait_for "Allocation sites of the process"
resize 30 8
wait_for "terminal too small (30x8)"
resize 100 30
wait_for "Allocation sites of the process: 10"
wait_locations 4 "src/chat.py:7 src/users.py:4"
step "q quits even when too small"
resize 40 10
wait_for "terminal too small (40x10)"
keys q
st=$(wait_exit)
[ "$st" = 0 ] || fail "exit status $st"
