#!/bin/sh
# Start-up paths: no PATH and no ./endpoint_profiles explains what to do;
# ./endpoint_profiles is opened by default; a path with nothing loadable
# says why; --help; leaving restores the terminal.
. "$(dirname "$0")/lib.sh"

step "no PATH, no ./endpoint_profiles: a hint, status 2"
start_app
st=$(wait_exit)
[ "$st" = 2 ] || fail "exit status $st, expected 2"
expect_rows 0 <<'SCREEN'
leakscope: no profiles given and ./endpoint_profiles does not exist.
Try:  leakscope sample-profiles/
      leakscope --help
SCREEN
restart

step "no PATH, ./endpoint_profiles exists: it is opened"
gen_standard endpoint_profiles
start_app
wait_for "/chat/completions"
wait_re '│ 3 files │ 600 requests │ .* │ endpoint_profiles$'
step "q quits and the terminal is given back (alternate screen left)"
keys q
st=$(wait_exit)
[ "$st" = 0 ] || fail "exit status $st"
wait_gone "/chat/completions"
restart

step "Ctrl-C in a prompt cancels it, as Esc does; then in the explorer: status 130, the terminal given back"
start_app
wait_for "/chat/completions"
keys /
type_text "heal"
wait_re '^/ heal$'
keys C-c
wait_gone "/ heal"
app_running || fail "Ctrl-C in the search prompt quit the program"
keys C-c
st=$(wait_exit)
[ "$st" = 130 ] || fail "Ctrl-C: exit status $st, expected 130"
wait_gone "/chat/completions"
restart

step "Ctrl-\\ ends it as Ctrl-C does: status 130, the terminal given back (it was left in the alternate screen)"
start_app
wait_for "/chat/completions"
keys 'C-\'
st=$(wait_exit)
[ "$st" = 130 ] || fail "Ctrl-\\: exit status $st, expected 130"
wait_gone "/chat/completions"
restart

step "a hangup with a prompt open ends it (the terminal is gone: no spinning on input)"
start_app
wait_for "/chat/completions"
keys /
wait_re '^/$'
shpid=$(tm list-panes -t t -F '#{pane_pid}')
pid=$(pgrep -P "$shpid" | head -n 1)
[ -n "$pid" ] || fail "no leakscope under the pane"
kill -HUP "$pid"
st=$(wait_exit)
[ "$st" = 130 ] || fail "hangup: exit status $st, expected 130"
restart

step "Ctrl-C while loading (a pipe whose writer never writes): cancelled, 130"
mkfifo "$E2E_TMP/slow.json" || fail "mkfifo"
sleep 60 >"$E2E_TMP/slow.json" &
writer=$!
start_app slow.json
wait_for "Ctrl-C cancels"
keys C-c
st=$(wait_exit)
kill "$writer" 2>/dev/null
[ "$st" = 130 ] || fail "Ctrl-C while loading: exit status $st, expected 130"
wait_for "leakscope: loading cancelled"
restart

step "a path with nothing loadable: the reason, status 2"
mkdir "$E2E_TMP/empty"
start_app empty nosuch.json
st=$(wait_exit)
[ "$st" = 2 ] || fail "exit status $st, expected 2"
wait_re '^leakscope: nothing could be loaded'
wait_re 'nosuch\.json'
restart

step "--help"
start_app --help
st=$(wait_exit)
[ "$st" = 0 ] || fail "--help exit status $st"
wait_re '^usage: leakscope \[OPTIONS\] \[PATH\.\.\.\]$'
wait_re '^  --include RE '
wait_re '^  --follow '
restart

step "an unknown option: status 2 and a pointer to --help"
start_app --bogus app
st=$(wait_exit)
[ "$st" = 2 ] || fail "exit status $st, expected 2"
wait_re "^leakscope: unknown option '--bogus' \(try --help\)$"
restart

step "a terminal that cannot move the cursor (TERM=dumb): refused with a pointer to report, status 2"
start_app -e TERM=dumb app
st=$(wait_exit)
[ "$st" = 2 ] || fail "exit status $st, expected 2"
wait_for "leakscope: this terminal cannot move the cursor (check TERM)"
