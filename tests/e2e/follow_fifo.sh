#!/bin/sh
# A named pipe in a followed directory, or in place of a loaded file when R
# is pressed, is not read: it would wait for a writer, with the explorer
# frozen (not even Q or Ctrl-C got through). It is skipped and listed under
# Warnings, as a fresh start on the directory skips it.
. "$(dirname "$0")/lib.sh"

command -v mkfifo >/dev/null 2>&1 || { echo "$E2E_NAME: SKIP: no mkfifo"; exit 77; }
gen_standard
start_app --follow app
wait_re '^. /health +218 '
wait_re '\[follow\] *$'

step "a named pipe appears in the followed directory: skipped, the keys still work"
mkfifo "$E2E_TMP/app/pipe.json" || fail "mkfifo"
wait_for "3 Warnings (1)"
keys 3
wait_re 'app/pipe\.json +- not a regular file; skipped'
keys 1
wait_for "Enter open  / search"

quit_app

step "R with a named pipe in place of a loaded file: its data stays, Warnings says why"
restart
rm -f "$E2E_TMP/app/pipe.json"
start_app app
wait_re '^. /health +218 '
rm -f "$E2E_TMP/app/health.json"
mkfifo "$E2E_TMP/app/health.json" || fail "mkfifo"
keys R
wait_for "3 Warnings (1)"
wait_re '^. /health +218 '
keys 3
wait_re 'app/health\.json +- not a regular file; not read again'
quit_app
