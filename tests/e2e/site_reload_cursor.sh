#!/bin/sh
# The site detail lists the endpoints whose records show the site in the
# order they first show it. A reload that changes that order (a file
# rotated by the profiler: its first records gone) keeps the cursor on the
# endpoint it was on; it used to stay on the row number, so on another
# endpoint, and Enter opened the wrong one.
. "$(dirname "$0")/lib.sh"

# write_ep FILE ENDPOINT FIRST_ID LAST_ID: every other request id, each
# record with src/s.py:1 in its consumers (a small hand-written capture:
# the bug is about which file's records come first)
write_ep() {
	local i=$3 sep=""
	{
		printf '['
		while [ "$i" -le "$4" ]; do
			printf '%s{"request_id":"req-%d","timestamp":%d.5,"endpoint":"%s","method":"GET","status_code":200,"status_category":"success","latency":0.1,"had_error":false,"memory":{"current_mb":%d.%d,"peak_mb":200,"tracking_enabled":true,"top_consumers":[{"file":"src/s.py:1","size_mb":1.%02d,"count":1}]},"detailed_snapshot":true}' \
				"$sep" "$i" $((1790000000 + i)) "$2" $((100 + i / 10)) $((i % 10)) $((i % 100))
			sep=,
			i=$((i + 2))
		done
		printf ']'
	} >"$E2E_TMP/$1.tmp" && mv "$E2E_TMP/$1.tmp" "$E2E_TMP/$1"
}

# the endpoint Enter opens from the site detail's table, then back
opened_endpoint() {
	opened_title ' requests?, [0-9]+ errors? ' | awk '{print $1}'
	wait_for "Site src/s.py:1"
}

mkdir -p "$E2E_TMP/sd"
write_ep sd/a.json /a 0 38
write_ep sd/b.json /b 1 39
start_app sd
wait_for "/a"
keys 2
wait_for "Allocation sites of the process: 1"
keys Enter
wait_for "Site src/s.py:1"
wait_re '^  /a +20 '
step "the cursor on /b, the second row"
keys j
[ "$(opened_endpoint)" = /b ] || fail "j did not select /b"
step "a.json rotated: /b now shows the site first"
write_ep sd/a.json /a 10 48
keys R
wait_for "reloaded"
wait_re '^  /a +20 +1\.100 '
[ "$(opened_endpoint)" = /b ] || fail "after R the cursor left /b"
quit_app
