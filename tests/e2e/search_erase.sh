#!/bin/sh
# A search typed and then erased to nothing leaves no highlight behind:
# the matches of the last letter typed are no matches of anything now
# (and n would go on searching for the previous search, not for them).
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
rows_attrs() { screen_attrs | sed -n '4,6p'; }
before=$(rows_attrs)
step "typing e lights the e's of every endpoint"
keys /
wait_for "/ "
type_text "e"
wait_re '^/ e'
wait_until "the e's are lit" eval '[ "$(rows_attrs)" != "$before" ]'
step "Backspace to an empty search: nothing stays lit"
keys BSpace
wait_until "the prompt is empty" eval 'line $((E2E_ROWS - 1)) | grep -qx "/"'
wait_until "no highlight is left on the rows" eval '[ "$(rows_attrs)" = "$before" ]'
step "Enter on the empty search: still nothing lit"
keys Enter
wait_until "the prompt is closed" eval '! line $((E2E_ROWS - 1)) | grep -qx "/"'
settle
[ "$(rows_attrs)" = "$before" ] || fail "a highlight came back after Enter"
quit_app
