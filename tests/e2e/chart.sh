#!/bin/sh
# The endpoint chart's keys: zoom into a range with z ... z and back with Z
# (the status line's hint goes once the zoom is made);
# timestamps on the x axis (t); latency instead of memory (L); the rolling
# mean (m) and peak_mb (p) curves; the legend says what is drawn. The cursor
# keeps its request through an unzoom; h and l step a record at a time even
# where one record spans many columns. On the Endpoints screen, where there
# is no chart, they say where they work instead of doing nothing silently.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app -s 200x40 app
wait_for "/chat/completions"
step "a chart key with no chart on the screen says where the chart is"
keys L
wait_re "^z Z p L t m are chart keys: Enter opens an endpoint's chart"
keys Enter
wait_for "178 requests, 1 error"
step "the full range: request numbers 20..580, MB on y, the legend"
wait_re '^ +20 +40 +60 +80 +100 +120 .* 540 +560 +580$'
wait_re '^ MB └'
wait_re '^req-592: 211\.824 MB at 2026-09-21 14:14:09 ERROR 504 .*\(detailed\)   current_mb  mean\(m\)  fit  error  detailed$'
step "z at the cursor, ten steps left, z: zoomed into the last ~30 requests"
keys z
wait_re '^req-592: .*zoom from 59[0-9]: move, z again'
keys h h h h h h h h h h
keys z
wait_re 'zoomed 5[5-9][0-9]-59[0-9] \(Z back\)'
# the hint on the status line asked for this zoom: it is done with
expect_no "move the cursor (Left/Right) to the other end"
# a label every request or two now, evenly
labels=$(screen | grep -E '^ +5[5-9][0-9] +5[5-9][0-9] +5[5-9][0-9] ' | awk '{print $1, $2, $3}')
set -- $labels
[ $# = 3 ] && [ $(($2 - $1)) -le 2 ] && [ $(($3 - $2)) = $(($2 - $1)) ] || fail "zoomed x labels are [$labels]"
step "zoomed in, a record spans many columns: one h reads the record before"
settle
first=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
keys h
settle
second=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
[ -n "$first" ] && [ -n "$second" ] && [ "$second" -lt "$first" ] ||
	fail "one h moved the readout from req-$first to req-$second"
keys l
settle
back=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
[ "$back" = "$first" ] || fail "l after h read req-$back, not req-$first again"
step "z z at one column, zoomed in this far: no zoom, and the status line says why"
keys z
wait_re 'zoom from [0-9.]*: move, z again'
keys z
wait_for "no zoom: the two ends are under one request apart"
wait_re 'zoomed 5[5-9][0-9]-59[0-9] \(Z back\)'
step "z at the first column and z at the last: the range shown, no new level (one Z still goes all the way out)"
xterm_key Home
keys z
wait_re 'zoom from [0-9.]*: move, z again'
xterm_key End
keys z
wait_for "no zoom: the two ends are the edges of what is shown"
wait_re 'zoomed 5[5-9][0-9]-59[0-9] \(Z back\)'
step "Z: the whole range again, the cursor still on its request"
keys h h h h h h
settle
before=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
keys Z
wait_re '^ +20 +40 +60 +80 +100 +120 .* 540 +560 +580$'
expect_no "zoomed"
settle
after=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
[ -n "$before" ] && [ "$after" = "$before" ] || fail "the cursor moved from req-$before to req-$after on Z"
step "t: clock times on the x axis, t again: request numbers"
keys t
wait_re '^ +14:13:24 +14:13:28 +14:13:32 +14:13:36 +14:13:41 '
keys t
wait_re '^ +20 +40 +60 +80 +100 '
step "L: latency in ms; L again: memory"
keys L
wait_re '^ +ms └'
wait_re '^req-[0-9]+: [0-9.]+ ms at .*  latency  error  detailed$'
keys L
wait_re '^ MB └'
step "m hides the rolling mean, p adds peak_mb"
keys m
wait_re '^req-[0-9]+: .*   current_mb  fit  error  detailed$'
keys p
wait_re '^req-[0-9]+: .*   current_mb  peak\(p\)  fit  error  detailed$'
quit_app
