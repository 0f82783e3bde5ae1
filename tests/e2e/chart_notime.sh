#!/bin/sh
# t on an endpoint whose records carry no timestamp (a hand-edited or
# trimmed file; the field is optional to the reader): the x axis keeps its
# request numbers and the status line says why, instead of a row of
# 00:00:00 labels (the missing times read as 0, 1970-01-01).
. "$(dirname "$0")/lib.sh"

gen_standard
sed 's/"timestamp":[0-9.]*,//g' "$E2E_TMP/app/health.json" >"$E2E_TMP/health.json" &&
	mv "$E2E_TMP/health.json" "$E2E_TMP/app/health.json" || fail "cannot strip the timestamps"
grep -q '"timestamp"' "$E2E_TMP/app/health.json" && fail "timestamps left in health.json"
start_app app
wait_for "/health"
step "/health: t keeps the request numbers and says why"
keys /
type_text "health"
keys Enter Enter
wait_for "/health   STABLE   218 requests"
wait_re ' req$'
keys t
wait_for "these records have no timestamps: the x axis stays request numbers"
wait_re ' req$'
expect_no "00:00:00"
step "an endpoint with timestamps still shows them"
esc
keys /
type_text "chat"
keys Enter Enter
wait_for "/chat/completions   LEAK   178 requests"
keys t
wait_re ' time$'
wait_re '14:1[34]:[0-9][0-9] '
quit_app
