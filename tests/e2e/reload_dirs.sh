#!/bin/sh
# R and a folder whose name ends in .json beside the profiles (an archive
# of old runs): a fresh start takes it for a folder, not a profile, and
# says nothing; R must not call it "no profile" with two warnings.
. "$(dirname "$0")/lib.sh"

gen_standard app
mkdir "$E2E_TMP/app/archive.json"
start_app app
wait_re '^. /health +218 '
wait_for "3 Warnings (0)"
step "R: the folder is no new file"
keys R
wait_re 'reloaded 3 files *$'
screen | grep -q 'no profile' && fail "the folder was taken for a file that is no profile"
wait_for "3 Warnings (0)"
quit_app
