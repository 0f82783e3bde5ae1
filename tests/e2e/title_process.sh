#!/bin/sh
# With several processes open, the title bar is what says which process
# the Sites screen and the counts are of. At 80 columns it used to read
# "... (14s) │ pr…": the time span took the room and the process was cut
# away; a path too long lost its end ("sample-profiles/memory_snapsho…").
# Now the span gives way to the process, and the path keeps its end.
. "$(dirname "$0")/lib.sh"

mkdir -p "$E2E_TMP/runs" "$E2E_TMP/runs2"
gen_process runs/case-001-linear-leak --seed 3 --requests 200 --endpoints '/a:stable' '/b:stable'
gen_process runs/case-012-linear-leak --seed 4 --requests 200 --endpoints '/c:stable' '/d:stable'
start_app -s 80x24 runs
wait_for "/c"
step "80 columns, two processes: the title names the one in focus"
keys /
type_text "/a"
keys Enter
wait_re '│ process 1/2: runs/case-001-linear-leak$'
keys /
type_text "/d"
keys Enter
wait_re '│ process 2/2: runs/case-012-linear-leak$'
keys 2
wait_for "Allocation sites of the process"
wait_re '│ process 2/2: runs/case-012-linear-leak$'
quit_app
restart

step "a path too long for the title keeps its end"
gen_process runs2/a-process-folder-with-a-rather-long-name-that-ends-in-case-007 --seed 3 --requests 200 \
	--endpoints '/a:stable'
gen_process runs2/other --seed 4 --requests 200 --endpoints '/b:stable'
start_app -s 80x24 runs2
wait_for "/b"
keys /
type_text "/a"
keys Enter
wait_re '│ process 1/2: ….*-case-007$'
quit_app
restart

step "one process: the time span stays, as before"
gen_standard
start_app -s 80x24 app
wait_re '^ leakscope │ 3 files │ 600 requests │ 2026-09-21 14:13:20 → 14:14:10 \(50s\) │ app$'
quit_app
