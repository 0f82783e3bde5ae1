#!/bin/sh
# `leakscope report` ends with status 130 on SIGINT, SIGTERM and SIGHUP, as
# the README's exit status table says (not the shell's 128+signal: 143 for
# TERM, 129 for HUP), here while it waits for a named pipe's writer.
set -eu
: "${LEAKSCOPE:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
fail() { echo "report_signals: $*"; exit 1; }
mkfifo "$tmp/waiting.json"
for sig in TERM HUP INT; do
	"$LEAKSCOPE" report "$tmp/waiting.json" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	sleep 0.3
	kill -s "$sig" "$pid"
	st=0
	wait "$pid" || st=$?
	[ "$st" = 130 ] || fail "SIG$sig: exit $st, want 130"
	grep -q 'interrupted' "$tmp/err" || fail "SIG$sig: nothing said: $(cat "$tmp/err")"
done
echo "report_signals: TERM, HUP and INT exit 130"
