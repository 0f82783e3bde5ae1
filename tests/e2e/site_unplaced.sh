#!/bin/sh
# A record whose request id has no number ("req-x5...": ordered as 0, no
# place on the request axis) is left out of the site's chart, but its
# sample still counts: the site detail's header and its endpoint rows say
# what the Sites table and `leakscope report` say for the same site.
. "$(dirname "$0")/lib.sh"

gen_standard
# ids req-5, req-50.., req-500..: 111 of 600 records lose their number
for f in "$E2E_TMP"/app/*.json; do
	sed 's/"request_id":"req-5/"request_id":"req-x5/g' "$f" >"$f.tmp" && mv "$f.tmp" "$f" ||
		fail "cannot rewrite $f"
done
(cd "$E2E_TMP" && "$LEAKSCOPE" report app >report.txt) || fail "leakscope report failed"
# growth by location of src/chat.py:7 per endpoint (growth = last - first,
# range = min -> max): "NAME SAMPLES GROWTH MAX"
awk '/^Endpoint: / {ep = $2} /^Memory growth by location/ {g = 1; next} /^$/ {g = 0}
	g && $NF == "src/chat.py:7" {print ep, $(NF - 1), $2, $6}' "$E2E_TMP/report.txt" >"$E2E_TMP/want.txt"
[ "$(wc -l <"$E2E_TMP/want.txt")" -eq 3 ] || fail "the report does not list src/chat.py:7 for 3 endpoints"
start_app app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 10"
step "the Sites table counts every sample of src/chat.py:7"
wait_re '^  #1    src/chat\.py:7 +[0-9.]+ +[0-9.]+ +[0-9.]+ +54 '
keys Enter
wait_for " Site src/chat.py:7"
step "the site detail's header counts them too"
wait_re '^ 54 samples  first '
step "each endpoint row says what the report says"
while read -r ep n growth max; do
	wait_re "^  $(printf '%s' "$ep" | sed 's/[{}.]/\\&/g') +$n +[0-9.]+ +[0-9.]+ +$max "
	got=$(screen | awk -v ep="$ep" '$1 == ep {printf "%+.3f", $4 - $3}')
	[ "$got" = "$growth" ] || fail "$ep: last - first is $got on screen, $growth in the report"
done <"$E2E_TMP/want.txt"
quit_app
