#!/bin/sh
# Records written while tracemalloc was off say current_mb 0.0: no memory
# reading. The analysis leaves them out (the header says how many, and how
# many detailed records' snapshots failed, as the report does); the
# chart and the Memory sparkline leave them out too, instead of a plunge to
# 0 MB that stretches the y axis from 0 to 182 MB and flattens the curve.
. "$(dirname "$0")/lib.sh"

gen_process ut --seed 3 --requests 1200 --heap 180 --top 5 --untracked 500:150 --endpoints /one:stable
start_app ut
wait_for "/one"
step "the sparkline has no plunge to 0 MB"
spark=$(screen | sed -n 's/^  \/one .* STABLE .* - \([^ ]*\) ok$/\1/p')
[ -n "$spark" ] || fail "no sparkline on the /one row"
[ "$spark" = "▆▁▅█▅▁▄▂▂▂" ] || fail "sparkline $spark"
step "the chart's y axis spans the readings, not 0 MB"
keys Enter
wait_for "/one   STABLE   1,200 requests, 10 errors (0.8%), 150 with tracemalloc off (left out), 11 snapshots failed (no sites)"
wait_re '^182 ┤'
wait_re '^178 ┤'
! screen | grep -qE '^ +0 ┤' || fail "a 0 MB label on the y axis"
quit_app
