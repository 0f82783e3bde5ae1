#!/bin/sh
# A folder of process folders (like sample-profiles/) gains a folder: a new
# test run, a second service. A fresh start would open it as a process of
# its own; so do --follow (at once) and R (when pressed).
. "$(dirname "$0")/lib.sh"

gen_standard full
gen_process other --seed 4 --requests 200 --endpoints '/search:stable'
mkdir "$E2E_TMP/runs"
cp -r "$E2E_TMP/full" "$E2E_TMP/runs/first"
rm -f "$E2E_TMP/runs/first/TRUTH.txt"

step "--follow: a folder copied in is a second process"
start_app --follow runs
wait_re '^. /health +218 '
wait_re '\[follow\] *$'
cp -r "$E2E_TMP/other" "$E2E_TMP/runs/second"
wait_re '^  second +/search +200 '
wait_re 'process 1/2: runs/first'
quit_app
restart

step "R: a folder made meanwhile is read as a process too"
start_app runs
wait_re '^  second +/search +200 '
mkdir "$E2E_TMP/runs/third"
cp "$E2E_TMP/full/health.json" "$E2E_TMP/runs/third/"
keys R
wait_for "and 1 new file"
wait_re '^  third +/health +218 '
quit_app
