#!/bin/sh
# --follow and a file left cut off (the profiler died mid-write, a disk
# filled up): its last complete data stays and "updating…" says so, but
# the unchanged file is not read again and again while nothing happens
# (a 300 MB profile read twice a second kept a core busy and the keys
# waiting). A change to it is still read at once. Left cut for 10 s, it is
# no longer "being rewritten" but cut off, and listed under Warnings.
. "$(dirname "$0")/lib.sh"

gen_standard_upto app 400
gen_standard full
start_app --follow app
wait_re '^. /health +145 '
wait_re '\[follow\] *$'

# bytes leakscope has read from files and the terminal (/proc/PID/io)
app_pid() {
	local sh
	sh=$(tm list-panes -t t -F '#{pane_pid}') || fail "no pane"
	pgrep -P "$sh" | head -n 1
}
rchar() { sed -n 's/^rchar: //p' "/proc/$1/io"; }

pid=$(app_pid)
[ -n "$pid" ] && [ -r "/proc/$pid/io" ] || { echo "$E2E_NAME: SKIP: no /proc/PID/io"; exit 77; }

step "health.json is cut mid-record and stays so"
"$LSGEN" truncate "$E2E_TMP/app/health.json" 0.5 >/dev/null || fail "lsgen truncate"
wait_re '^updating… health\.json is being rewritten; showing its last complete data'
size=$(wc -c <"$E2E_TMP/app/health.json")
before=$(rchar "$pid")
# the follower looks again every 0.5 s: 2 s is four looks
sleep 2
after=$(rchar "$pid")
[ $((after - before)) -lt "$size" ] ||
	fail "the unchanged cut file was read again: $((after - before)) bytes read in 2 s, the file has $size"
wait_re '^. /health +145 '

step "still cut after 10 s: no longer 'being rewritten', but cut off, and listed under Warnings as R would"
wait_re '^follow: health\.json is still cut off after 10 s; showing its last complete data \(see Warnings\)'
wait_for "3 Warnings (1)"
wait_re '\[follow\] *$'
expect_no "updating…"

step "the complete file arrives: read at once"
rewrite "$E2E_TMP/full/health.json" "$E2E_TMP/app/health.json"
wait_re '^. /health +218 '
wait_gone "updating…"
wait_for "3 Warnings (0)"
quit_app
