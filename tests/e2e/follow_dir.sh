#!/bin/sh
# --follow when the followed directory itself goes away and comes back (a
# profiler reset that deletes endpoint_profiles/, a deploy that moves it
# aside and makes a new one): the new directory is followed, its files are
# read, and a loaded file the new one lacks is said to be gone. Before, the
# watch died with the old directory and [follow] went on showing stale data.
. "$(dirname "$0")/lib.sh"

gen_standard_upto app 400
gen_standard full
start_app --follow app
wait_re '^. /health +145 '
wait_re '\[follow\] *$'

step "the directory is deleted: its files are gone, their data stays"
rm -rf "$E2E_TMP/app"
wait_for "3 Warnings (3)"
wait_re '^. /health +145 '
# said on the status line, as R says it
wait_re '^follow: 3 files no longer on disk \(chat_completions\.json, \.\.\.\), still shown as last read \(see Warnings\) *$'

step "made again by the profiler: followed again, every file read"
mkdir "$E2E_TMP/app"
cp "$E2E_TMP/full/"*.json "$E2E_TMP/app/"
wait_re '^. /health +218 '
wait_re '^. /chat/completions +178 '
wait_for "3 Warnings (0)"

step "moved aside and replaced by a directory with one file: the other two are gone"
mv "$E2E_TMP/app" "$E2E_TMP/app.old"
mkdir "$E2E_TMP/app"
gen_standard_upto new 400
cp "$E2E_TMP/new/health.json" "$E2E_TMP/app/"
wait_re '^. /health +145 '
wait_for "3 Warnings (2)"
keys 3
wait_re 'app/chat_completions\.json +- no longer on disk'
quit_app
