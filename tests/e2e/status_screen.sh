#!/bin/sh
# A status message belongs to the screen it was said on: opening or
# leaving a screen clears it, as in tig. It used to stay up to 6 seconds
# after, so "not found: zzz" of the Endpoints screen's search showed on the
# endpoint opened next, as if said of it. Within a screen, the next command
# that does something (not a move) takes it away: "export failed" stayed
# beside a filter applied and a sort after it.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "a miss on Endpoints, then Enter: the endpoint screen opens without it"
keys /
type_text "zzz"
keys Enter
wait_gone "/ zzz"
keys n
wait_for "not found: zzz"
keys Home Enter
wait_re '^req-[0-9]+: '
expect_no "not found: zzz"
step "a message on the endpoint screen goes with it"
keys Space
wait_for "marked "
keys q
wait_for "Endpoint"
wait_re '^  Endpoint '
expect_no "marked "
step "switching to Sites clears what Endpoints said"
keys Space
wait_for "unmarked "
keys 2
wait_for "Allocation sites of the process"
expect_no "unmarked "
step "a message said on a screen stays there until it expires, while the cursor moves"
keys Space
wait_for "marked "
keys j
wait_for "marked "
step "... but a command that does something takes its place: a failed export, then a sort"
keys 1 e C-u
type_text "nodir/x.txt"
keys Enter
wait_re '^export failed: .*nodir/x\.txt'
keys j
wait_re '^export failed: '
keys '>'
# (at once: the message would expire by itself 6 s after it was said)
t=$E2E_TIMEOUT
E2E_TIMEOUT=2
wait_until "the sort took the export's message away" eval '! screen | grep -q "^export failed"'
E2E_TIMEOUT=$t
quit_app
