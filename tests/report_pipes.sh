#!/bin/sh
# `leakscope report` reads profiles from pipes as from files: a named pipe
# whose writer only comes a second later (not "empty"), and a pipe that is
# already being written (process substitution, /dev/stdin).
set -eu
: "${LEAKSCOPE:?}" "${top_srcdir:?}"
profile="$top_srcdir/sample-profiles/endpoint_profiles/health.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
want=$("$LEAKSCOPE" report "$profile" | grep -E '^  Requests:')
[ -n "$want" ] || { echo "report_pipes: no request count for the plain file"; exit 1; }
mkfifo "$tmp/late.json"
(sleep 1; cat "$profile" >"$tmp/late.json") &
writer=$!
got=$("$LEAKSCOPE" report "$tmp/late.json" | grep -E '^  Requests:') || true
# a reader that gave up leaves the writer blocked in open(): end it
kill "$writer" 2>/dev/null || true
# (its cat may still be waiting for a reader: give it one)
cat "$tmp/late.json" >/dev/null 2>&1 &
sleep 0.1
kill $! 2>/dev/null || true
[ "$got" = "$want" ] || { echo "report_pipes: named pipe, late writer: got '$got', want '$want'"; exit 1; }
got=$(cat "$profile" | "$LEAKSCOPE" report /dev/stdin | grep -E '^  Requests:') || true
[ "$got" = "$want" ] || { echo "report_pipes: /dev/stdin: got '$got', want '$want'"; exit 1; }
# a comment never closed hides the rest of the input: a file is read again
# after it, a pipe cannot be, and the report says so at the comment
rec='{"request_id":"req-1","memory":{"current_mb":1.5}}'
printf '[%s,/* a note %s]' "$rec" "$rec" >"$tmp/note.json"
got=$("$LEAKSCOPE" report "$tmp/note.json" | grep -cE "byte 52: comment '/\*' never closed.*read on from the first '\{' or '\]' after it, at byte 62$") || true
[ "$got" = 1 ] || { echo "report_pipes: a comment never closed in a file is not named, or not read past"; exit 1; }
out=$(cat "$tmp/note.json" | "$LEAKSCOPE" report /dev/stdin)
printf '%s\n' "$out" | grep -qE "byte 52: comment '/\*' never closed.*cannot be read again" ||
	{ echo "report_pipes: a comment never closed in a pipe is not named"; printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out" | grep -qE "truncated at byte 113, before the closing '\]'; 1 record kept" ||
	{ echo "report_pipes: the pipe's records after the comment are not said to be lost"; printf '%s\n' "$out"; exit 1; }
echo "report_pipes: 2 pipes read like the file ($want); a comment never closed named in a file and a pipe"
