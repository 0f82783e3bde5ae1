#!/bin/sh
# --follow against a profiler that rewrites its files more often than the
# explorer looks (every 0.2 s): each look found a newer event and put the
# read off again, and the screen stayed on the first version for as long
# as the writes went on, without a word. A file now waits at most a second
# after its first change.
. "$(dirname "$0")/lib.sh"

spec() {
	"$@" --seed 11 --top 8 --endpoints '/chat/completions:leak:120kb:site=src/chat.py:7' '/health:stable' \
		'/users/{id}:errleak:400kb:err=0.1:site=src/users.py:4'
}
spec gen_process app --requests 200000 --upto 300
start_app --follow app
wait_for "/chat/completions"
wait_re '│ 300 requests │'
step "the profiler rewrites every file every 0.1 s: the screen keeps up while it writes"
(cd "$E2E_TMP" && spec exec "$LSGEN" process app --requests 200000 --live 100 --flush 100) >/dev/null 2>&1 &
writer=$!
trap 'kill $writer 2>/dev/null; e2e_cleanup' EXIT
# (the writer starts again from its first request: 100, 200, ... onwards)
wait_re '│ ([4-9][0-9][0-9]|[0-9],[0-9]{3}) requests │'
kill -0 $writer 2>/dev/null || fail "the writer stopped before the screen showed more requests"
kill $writer 2>/dev/null
wait $writer 2>/dev/null
quit_app
