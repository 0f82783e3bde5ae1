#!/bin/sh
# An export written into a followed directory under a .json name (the
# user's choice) was taken for a new profile at once: "follow: x.json is
# not a profile" replaced "exported ..." within 0.2 s, and two warnings
# followed. The explorer knows the files it wrote: follow and R leave them.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app --follow app
wait_for "/chat/completions"
wait_re '\[follow\] *$'
step "e into the followed directory as findings.json"
keys e
wait_for "Export findings to:"
keys C-u
type_text "app/findings.json"
keys Enter
wait_re '^exported 1 finding to app/findings\.json \([0-9]+ bytes\)'
[ -f "$E2E_TMP/app/findings.json" ] || fail "no file app/findings.json"
step "follow leaves it be: the message stays, no warning"
sleep 1.5
wait_re '^exported 1 finding to app/findings\.json'
expect_no "not a profile"
wait_for " 3 Warnings (0) "
step "R too"
keys R
settle
expect_no "not a profile"
wait_for " 3 Warnings (0) "
quit_app
