#!/bin/sh
# The Sites screen lists sites in the order the records first show them; a
# reload can change that order (a file rotated by the profiler). Through
# it, the cursor stays on its site, and the site the user chose, hidden by
# a filter meanwhile, is still the one the cursor comes back to when the
# filter goes (not whatever site took its row number).
. "$(dirname "$0")/lib.sh"

# write_ep FILE ENDPOINT SITE FIRST_ID LAST_ID: every other request id,
# each record with SITE in its consumers
write_ep() {
	local i=$4 sep=""
	{
		printf '['
		while [ "$i" -le "$5" ]; do
			printf '%s{"request_id":"req-%d","timestamp":%d.5,"endpoint":"%s","method":"GET","status_code":200,"status_category":"success","latency":0.1,"had_error":false,"memory":{"current_mb":%d.%d,"peak_mb":200,"tracking_enabled":true,"top_consumers":[{"file":"%s","size_mb":1.%02d,"count":1}]},"detailed_snapshot":true}' \
				"$sep" "$i" $((1790000000 + i)) "$2" $((100 + i / 10)) $((i % 10)) "$3" $((i % 100))
			sep=,
			i=$((i + 2))
		done
		printf ']'
	} >"$E2E_TMP/$1.tmp" && mv "$E2E_TMP/$1.tmp" "$E2E_TMP/$1"
}

# The location of the site a press of Enter opens (its detail title), then back.
selected_site() {
	opened_title '^ Site ' | sed 's/^ Site //; s/ *$//'
	wait_until "the site table is back" eval '! line 2 | grep -q "^ Site "'
}

expect_selected() {
	local got
	got=$(selected_site)
	[ "$got" = "$1" ] || fail "the cursor is on [$got], expected [$1]"
}

mkdir -p "$E2E_TMP/sr"
write_ep sr/a.json /a src/a.py:1 0 38
write_ep sr/b.json /b src/b.py:2 1 39
start_app sr
wait_for "/a"
keys 2
wait_for "Allocation sites of the process: 2 (all"
step "the user chooses src/b.py:2"
keys /
type_text "b.py"
keys Enter
expect_selected src/b.py:2
step "a filter hides it: the cursor on src/a.py:1"
keys F
wait_for "Exclude sites matching:"
type_text "b.py"
keys Enter
wait_for "Allocation sites of the process: 1 of 2 pass the filter"
expect_selected src/a.py:1
step "a.json rotated: src/b.py:2 is now the first site the records show"
write_ep sr/a.json /a src/a.py:1 10 48
keys R
wait_for "reloaded"
expect_selected src/a.py:1
step "c: the filter goes, the cursor back on the chosen site"
keys c
wait_for "Allocation sites of the process: 2 (all"
expect_selected src/b.py:2
quit_app
