#!/bin/sh
# What ./quickstart opens: sample-profiles/ loads without a warning, lists its
# endpoints, and the first leak drills down to a chart and its top site.
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
quit_app
