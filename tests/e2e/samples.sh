#!/bin/sh
# What ./quickstart opens: sample-profiles/ loads without a warning, lists its
# endpoints, and the first leak drills down to a chart (whose cursor keeps its
# request through a resize) and its top site; the
# memory-test file's chart has no latency to show. A site's screen says what
# it grows with only where that fits how far the site ranged.
. "$(dirname "$0")/lib.sh"

samples=${top_srcdir:-$here/../..}/sample-profiles
if [ ! -d "$samples" ]; then
	echo "$E2E_NAME: SKIP: no sample-profiles/ in the source tree"
	exit 77
fi
samples=$(cd "$samples" && pwd)
start_app "$samples"
step "loaded: endpoints listed, no warnings"
wait_re '^ 1 Endpoints   2 Sites   3 Warnings \(0\)   \? Help'
wait_re '│ [0-9]+ files │ [0-9,]+ requests │'
wait_for "/chat/completions"
step "the first endpoint: a chart with MB and request axes, a verdict, sites"
keys Enter
wait_re ' [0-9,]+ requests?, [0-9]+ errors? '
wait_re '^ +MB └'
wait_re ' req$'
wait_re '^  Susp. Location '
step "a resize and back: the cursor reads the same request (a column holds dozens here)"
for i in 1 2 3 4 5 6 7 8; do
	keys h h h h h h h
	settle
	before=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
	resize 90 40
	wait_re '^req-[0-9]+: '
	resize 120 40
	wait_re '^ +MB └'
	settle
	after=$(screen | sed -n 's/^req-\([0-9]*\): .*/\1/p')
	[ -n "$before" ] && [ "$after" = "$before" ] || fail "the cursor moved from req-$before to req-$after"
done
keys End
step "a warm-up read off a site that filled: the chart draws where it levelled off"
esc
wait_re 'Endpoint +Requests +Err%'
keys /
type_text v1/models
keys Enter Enter
wait_re '^/v1/models +WARMUP '
wait_re 'current_mb  mean\(m\)  fit  warm-up  error  detailed'
esc
wait_re 'Endpoint +Requests +Err%'
keys g Enter
wait_re '^ +MB └'
keys End
step "a zoom up to the right edge keeps the whole last column: its last request stays reachable"
keys z Left z
wait_re 'zoomed [0-9]+-4191 \(Z back\)'
keys $(printf 'l %.0s' $(seq 1 120))
wait_re '^req-4191: '
step "the memory-test file: L explains there is no latency to chart"
esc
wait_re 'Endpoint +Requests +Err%'
keys /
type_text test_chat_completion_memory
keys Enter Enter
wait_re '^test_chat_completion_memory .* [0-9,]+ requests?, '
step "the memory-test file: the original's leaking sources under its verdict, as the report lists them"
wait_re '^ Classic leaking sources: /srv/app/services/session_store\.py:88 \+1\.581 MB \(\+1206\.9%\)$'
keys Tab L
wait_for "memory-test batches record no latency"
screen | grep -q "current_mb" || fail "the chart left memory although there is no latency"
step "a site at one size in every sample: no trend to show, and no NaN"
keys 1 g 2 /
type_text routing.py
keys Enter Enter
wait_re '^ 3 samples  first 5\.018 MB \(req-360\)'
wait_re '^ too few samples for a trend'
expect_no "nan"
step "a site that ranged 5 MB is not said to grow 2.55 MB at each of the 3 errors of an endpoint"
keys 1 g 2 /
type_text ssl.py
keys Enter Enter
wait_re '^ trend \+0\.667 MB per 1,000 requests \(p = 0\.028\)$'
step "a suspect still says what it grows with"
keys q /
type_text routers/files.py
keys Enter Enter
wait_re "^ SUSPECT #2: trend .*; grows with /files/upload's errors \(\+398 KB each\)$"
step "at 80 columns the trend wraps to a second line rather than cut what it grows with"
resize 80 24
wait_re "^ /files/upload's errors \(\+398 KB each\)$"
wait_re '^ [0-9]+ samples  first [0-9.]+ MB  last [0-9.]+ MB  min [0-9.]+  max [0-9.]+ MB$'
quit_app
