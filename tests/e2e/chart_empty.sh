#!/bin/sh
# An endpoint with no memory reading at all (tracemalloc off throughout)
# drew an empty frame over requests 0..1 that said nothing; the chart now
# says why it is empty. Its latency, measured anyway, is still drawn.
. "$(dirname "$0")/lib.sh"

gen_process off --seed 1 --requests 200 --untracked 1:200 --endpoints '/a:stable' '/b:stable'
start_app off
wait_for "/a"
keys Enter
wait_for "100 with tracemalloc off (left out)"
step "the memory chart says there is nothing to draw"
wait_for "no record has a memory reading (current_mb)"
step "the latency chart has something to draw"
keys L
wait_re ' ms at '
expect_no "no record has"
quit_app
