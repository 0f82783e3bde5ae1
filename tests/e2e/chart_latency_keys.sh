#!/bin/sh
# p and m on the latency chart (L), which draws neither peak_mb nor the
# rolling mean, said nothing and changed nothing on screen; they toggle the
# memory chart's curves, and now the status line says so. A timeout
# among them must not flatten the latency chart (chart.c, ls_chart_outlier_cap).
. "$(dirname "$0")/lib.sh"

gen_standard
start_app -s 200x40 app
wait_for "/chat/completions"
keys Enter
wait_re '^req-592: .*   current_mb  mean\(m\)  fit  error  detailed$'
keys L
wait_re '^req-592: [0-9.]+ ms .*   latency  error  detailed$'
step "its one 30 s timeout does not flatten the other requests: the axis ends near them, and the title says so"
wait_re '^/chat/completions .* latency: 1 above 3000 ms, on the top line \(max 30076 ms\)$'
screen | grep -qE "^ *[0-9]{5} ┤" && fail "the y axis still reaches the timeout"
step "at 80 columns the note keeps its count and level whole, not cut after the level"
resize 80 24
wait_re '^/chat/completions .*; 1 above 3000 ms$'
resize 200 40
wait_re 'latency: 1 above 3000 ms, on the top line \(max 30076 ms\)$'
step "p on the latency chart says where peak_mb went"
keys p
wait_for "peak_mb shown on the memory chart (L goes back to it)"
step "m too"
keys m
wait_for "rolling mean hidden on the memory chart (L goes back to it)"
step "back on the memory chart, both took effect"
keys L
wait_re '^req-592: .*   current_mb  peak\(p\)  fit  error  detailed$'
quit_app
