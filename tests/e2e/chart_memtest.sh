#!/bin/sh
# A memory-test file has no detailed_snapshot field: its detailed records
# are those that carry top_consumers. The chart marks them (•) and the
# readout says "(detailed)", as for an endpoint profile's detailed records.
. "$(dirname "$0")/lib.sh"

"$LSGEN" snapshot "$E2E_TMP/mt.json" --seed 3 --batches 2 --batch-size 50 --period 10 >/dev/null ||
	fail "lsgen snapshot"
start_app mt.json
wait_for "100 requests"
keys Enter
wait_re '^ *MB └'
# the marker lane is the row above the x axis
lane() { screen | grep -B1 -E '^ *MB └' | head -n 1; }
step "the records with top_consumers are marked, the errors too"
wait_until "a detailed marker on the lane" eval 'lane | grep -qF "•"'
lane | grep -qF "x" || fail "no error marker: $(lane)"
step "the readout of the last record (it lists consumers) says detailed"
wait_re '^req-100: .*\(detailed\)'
quit_app
