#!/bin/sh
# "/" on the Warnings screen finds a file's warnings by the file's name:
# it searched the Warning column only, and "/ c.json" said "not found"
# next to the row of dmg/c.json.
. "$(dirname "$0")/lib.sh"

gen_process dmg --seed 5 --requests 300 --endpoints '/a:stable' '/b:leak:50kb' '/c:stable' \
	--cut /b=0.5 --empty /c
start_app dmg
wait_for " 3 Warnings (2) "
keys 3
wait_for "truncated at byte"
wait_re '^ dmg/b\.json, byte [0-9]+: truncated'
step "/ c.json selects the warning of dmg/c.json"
keys /
type_text "c.json"
wait_for "/ c.json"
expect_no "not found"
keys Enter
wait_until "the prompt is closed" eval '! screen | grep -q "^/ c.json"'
wait_for "Selected warning"
wait_re '^ dmg/c\.json, byte 0: empty file'
quit_app
