#!/bin/sh
# `leakscope report` ends with status 130 on SIGINT, SIGTERM and SIGHUP, as
# the README's exit status table says (not the shell's 128+signal: 143 for
# TERM, 129 for HUP), here while it waits for a named pipe's writer, and
# while its --export waits for a named pipe's reader.
set -eu
: "${LEAKSCOPE:?}"
: "${LSGEN:=$(dirname "$LEAKSCOPE")/tests/gen/lsgen}"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -s KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
fail() { echo "report_signals: $*"; exit 1; }

# Until the program catches SIGTERM (before that, a signal kills it the
# default way, 143, and a background job ignores SIGINT): where /proc says
# so, asked there; elsewhere a pause. Until the exec, $1 is the shell that
# starts the program, which catches TERM itself (this script's trap): a
# signal then was lost, or came before the program's handlers, and the test
# failed now and then on a busy machine. Only the program's own count.
self=$(readlink -f "$LEAKSCOPE" 2>/dev/null) || self=
wait_caught() {
	if [ -r "/proc/$1/status" ] && [ -n "$self" ]; then
		i=0
		while [ $i -lt 200 ]; do
			if [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$self" ]; then
				cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
				# SIGTERM is 15: bit 0x4000, the 4th hex digit from the right
				case $cgt in *[4567cdefCDEF][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]) return 0 ;; esac
			fi
			sleep 0.05
			i=$((i + 1))
		done
	fi
	sleep 0.3
}

# Exit status of $pid, or fail when it has not ended within 10 s.
wait_end() {
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$pid" 2>/dev/null && fail "$1: still running 10 s after the signal"
	st=0
	wait "$pid" || st=$?
	pid=
}

mkfifo "$tmp/waiting.json"
for sig in TERM HUP INT; do
	"$LEAKSCOPE" report "$tmp/waiting.json" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	wait_caught "$pid"
	kill -s "$sig" "$pid"
	wait_end "SIG$sig"
	[ "$st" = 130 ] || fail "SIG$sig: exit $st, want 130"
	grep -q 'interrupted' "$tmp/err" || fail "SIG$sig: nothing said: $(cat "$tmp/err")"
done

# an export into a named pipe nobody reads: the wait there is no temporary
# file to protect, and a signal still ends it
"$LSGEN" process "$tmp/app" --requests 60 >/dev/null
mkfifo "$tmp/out.fifo"
for sig in TERM INT; do
	"$LEAKSCOPE" report --export "$tmp/out.fifo" "$tmp/app" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	wait_caught "$pid"
	sleep 0.5 # (loaded and waiting in open(): a signal before that ends it too)
	kill -s "$sig" "$pid"
	wait_end "export, SIG$sig"
	[ "$st" = 130 ] || fail "export, SIG$sig: exit $st, want 130"
done
echo "report_signals: TERM, HUP and INT exit 130, also while an export waits"
