#!/bin/sh
# --follow on a profile reached through a symbolic link (latest.json ->
# the profiler's file): the profiler rewrites the file linked to, in its
# own directory, and that is what is watched. Before, only the link's
# directory was, and the link's data never changed.
. "$(dirname "$0")/lib.sh"

gen_standard_upto app 400
gen_standard full
mkdir "$E2E_TMP/view" || fail "mkdir"
ln -s ../app/health.json "$E2E_TMP/view/health.json" || fail "ln -s"
start_app --follow view/health.json
wait_re '^. /health +145 '
wait_re '\[follow\] *$'
step "the profiler rewrites the file the link points to"
rewrite "$E2E_TMP/full/health.json" "$E2E_TMP/app/health.json"
wait_re '^. /health +218 '
quit_app
