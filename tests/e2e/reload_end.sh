#!/bin/sh
# The chart's cursor on the last record (where it starts) stays on the last
# record when a reload (R, or --follow) brings newer ones, as tail -f stays
# at the end; it read the old last request in the middle of the chart, so
# the readout never showed the memory now. A cursor moved off the end
# keeps its request.
. "$(dirname "$0")/lib.sh"

spec() { gen_process app --seed 3 --requests 1000 --upto "$1" --endpoints '/a:leak:20kb:site=src/a.py:1' '/b:stable'; }
spec 300
start_app app
wait_for "/a"
keys Enter
wait_re '^req-300: '
step "newer records: the cursor is on the new last one"
spec 600
keys R
wait_for "reloaded 2 files"
wait_re '^req-600: '
step "moved off the end, the cursor keeps its request through a reload"
keys h h
wait_re '^req-5[0-9][0-9]: '
at=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
spec 900
keys R
wait_re ' 900 requests │'
settle
now=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
[ "$now" = "$at" ] || fail "the cursor moved from req-$at to req-$now"
quit_app
