#!/bin/sh
# A reload keeps the warnings that still hold: duplicate request ids in a
# file are found again when the file is read again. R used to drop them
# all ("3 Warnings (0)", "no warnings: every record of every file was
# read") although the files still had them.
. "$(dirname "$0")/lib.sh"

# write_ep FILE ENDPOINT FIRST_ID DUP_IDS...: twenty records, every other
# id from FIRST_ID, then one more record for each of DUP_IDS (ids already
# used: a small hand-written capture, the bug is about these ids)
write_ep() {
	local f=$1 ep=$2 i=$3 n=0 sep=""
	shift 3
	{
		printf '['
		while [ $n -lt 20 ]; do
			printf '%s{"request_id":"req-%d","timestamp":%d.5,"endpoint":"%s","method":"GET","status_code":200,"status_category":"success","latency":0.1,"had_error":false,"memory":{"current_mb":%d.%d,"peak_mb":200,"tracking_enabled":true},"detailed_snapshot":false}' \
				"$sep" "$i" $((1790000000 + i)) "$ep" $((100 + i / 10)) $((i % 10))
			sep=,
			i=$((i + 2))
			n=$((n + 1))
		done
		for d in "$@"; do
			printf ',{"request_id":"req-%d","timestamp":%d.5,"endpoint":"%s","method":"GET","status_code":200,"status_category":"success","latency":0.1,"had_error":false,"memory":{"current_mb":104.0,"peak_mb":200,"tracking_enabled":true},"detailed_snapshot":false}' \
				"$d" $((1790000100 + d)) "$ep"
		done
		printf ']'
	} >"$E2E_TMP/$f.tmp" && mv "$E2E_TMP/$f.tmp" "$E2E_TMP/$f"
}

mkdir -p "$E2E_TMP/wr"
write_ep wr/a.json /a 0 0 2
write_ep wr/b.json /b 1 1 3
start_app wr
wait_for "/a"
wait_for "3 Warnings (4)"
keys 3
wait_re '^ +4 wr/b\.json +[0-9]+ duplicate request_id req-3 '
step "R with nothing changed: the four warnings stay"
keys R
wait_for "reloaded 2 files"
wait_for "3 Warnings (4)"
wait_re '^ +1 wr/a\.json +[0-9]+ duplicate request_id req-0 '
wait_re '^ +4 wr/b\.json +[0-9]+ duplicate request_id req-3 '
expect_no "no warnings"
step "a.json rewritten without duplicates: only b.json's two are left"
keys g j j
wait_re '^ wr/b\.json, byte [0-9]+: duplicate request_id req-1 '
write_ep wr/a.json /a 0
keys R
wait_for "3 Warnings (2)"
wait_re '^ +1 wr/b\.json +[0-9]+ duplicate request_id req-1 '
wait_re '^ +2 wr/b\.json +[0-9]+ duplicate request_id req-3 '
expect_no "wr/a.json"
# the cursor stays on the warning it was on, now row 1 (it kept row 3,
# which no longer exists, and fell on req-3)
wait_re '^ wr/b\.json, byte [0-9]+: duplicate request_id req-1 '
quit_app

step "--follow: a rewritten file that still has duplicates keeps saying so"
restart
write_ep wr/a.json /a 0 0 2
start_app --follow wr
wait_for "3 Warnings (4)"
write_ep wr/b.json /b 1 1 3 5
wait_for "3 Warnings (5)"
keys 3
wait_re '^ +5 wr/b\.json +[0-9]+ duplicate request_id req-5 '
quit_app
