#!/bin/sh
# R names what it found in the directories truthfully: a file that was
# empty from the start is "still empty", not new; a .json that appeared
# since, still empty, is the new one not complete yet.
. "$(dirname "$0")/lib.sh"

gen_process app --seed 5 --requests 2000 --cut /a=0.5 --empty /b --endpoints /a:leak:5kb /b:stable /c:stable
start_app app
wait_re '^. /c '
step "R: b.json was empty at start and still is"
keys R
wait_for "reloaded 1 file; b.json is still empty; a.json is cut off"
expect_no "new file"
step "a new empty file beside it is the new one"
: >"$E2E_TMP/app/d.json"
keys R
wait_for "reloaded 1 file; 1 new file not complete yet (R again later); b.json is still empty; a.json is cut off"
quit_app
