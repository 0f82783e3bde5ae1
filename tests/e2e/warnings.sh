#!/bin/sh
# Damaged input never vanishes silently: a file cut mid-record keeps its
# complete records, an empty file loads nothing, and the Warnings screen (3)
# lists both with file and byte offset; the tab shows the count.
. "$(dirname "$0")/lib.sh"

gen_process dmg --seed 5 --requests 300 --endpoints '/a:stable' '/b:leak:50kb' '/c:stable' \
	--cut /b=0.5 --empty /c
size=$(wc -c <"$E2E_TMP/dmg/b.json" | tr -d ' ')
# the warning points at the start of the record the cut went through
lost=$(grep -ob '{"request_id"' "$E2E_TMP/dmg/b.json" | tail -n 1 | cut -d: -f1)
start_app dmg
wait_for "/b "
step "the home screen shows the two endpoints that loaded, and the warning count"
wait_for " 3 Warnings (2) "
wait_names 3 "/b /a"
expect_no "/c "
step "3 lists each warning with its file and byte offset"
keys 3
wait_for "truncated at byte"
expect_rows 2 <<SCREEN
     #▲ File                                   Byte Warning
      1 dmg/b.json                            $lost truncated at byte $size, inside this record; 55 records kept
      2 dmg/c.json                                0 empty file (the profiler may be rewriting it); nothing loaded
SCREEN
step "r reverses the list"
keys r
wait_re '^ +2 dmg/c\.json '
step "< > around every column come back to reading order, as the screen opened"
keys r
wait_re '^ +#▲ File'
keys \> \> \> \>
wait_re '^ +#▲ File'
wait_re '^ +1 dmg/b\.json '
step "e with a warning selected says warnings are not exported, and what is"
keys e
wait_for "warnings are not exported: e exports endpoints and sites (mark them with Space on screens 1 and 2)"
expect_no "Export findings to:"
expect_no "or select a row"
quit_app

long=profiles-copied-from-the-staging-cluster-on-monday
gen_process $long --seed 5 --requests 300 --endpoints '/a:stable' '/c:stable' --empty /c
start_app -s 60x24 $long
step "on a narrow terminal the selected warning's panel grows to show it whole"
wait_for "/a "
keys 3
wait_for "Selected warning"
wait_for "nothing loaded"
step "the File column gives way to the messages (the panel names the file)"
wait_re '^ +#▲ +Byte Warning$'
wait_re '^ +1 +0 empty file \(the profiler may be'
quit_app
