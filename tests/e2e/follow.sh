#!/bin/sh
# --follow watches the files: a rewritten file is reloaded by itself; a file
# caught mid-rewrite (cut mid-record, or empty) keeps its last complete data
# with "updating…" shown, until a complete version is read; new files are
# adopted (a memory-test file as a process of its own) or refused aloud.
. "$(dirname "$0")/lib.sh"

gen_standard_upto app 400
gen_standard full
start_app --follow app
wait_for "/chat/completions"
wait_re '\[follow\] *$'
wait_re '^. /health +145 '
keys 2
wait_for "Allocation sites of the process"
keys 1
wait_for "Enter open  / search"
step "the profiler rewrites chat_completions.json: reloaded by itself"
rewrite "$E2E_TMP/full/chat_completions.json" "$E2E_TMP/app/chat_completions.json"
wait_re '^. /chat/completions +178 '
wait_re '\[follow\] *$'
wait_re '^follow: reloaded 1 file *$'
step "health.json cut mid-record: its last complete data stays, updating… shows"
"$LSGEN" truncate "$E2E_TMP/app/health.json" 0.5 >/dev/null || fail "lsgen truncate"
wait_re '\[follow: updating\] *$'
wait_re '^updating… health\.json is being rewritten; showing its last complete data'
wait_re '^. /health +145 '
expect_no "Warnings (1)"
step "the complete file arrives: /health has all its requests, updating… is gone"
rewrite "$E2E_TMP/full/health.json" "$E2E_TMP/app/health.json"
wait_re '^. /health +218 '
wait_re '\[follow\] *$'
wait_gone "updating…"
step "an empty file (the instant after open(\"w\")) is also kept"
: >"$E2E_TMP/app/users_id.json"
wait_re '\[follow: updating\] *$'
wait_re '^. /users/\{id\} +138 '
rewrite "$E2E_TMP/full/users_id.json" "$E2E_TMP/app/users_id.json"
wait_re '^. /users/\{id\} +204 '
wait_re '\[follow\] *$'
wait_re '│ 600 requests │'
step "a leak test writes its batches into the directory: a process of its own"
"$LSGEN" snapshot "$E2E_TMP/new_memory.json" --seed 5 --batches 4 --batch-size 25 >/dev/null || fail "lsgen snapshot"
mv "$E2E_TMP/new_memory.json" "$E2E_TMP/app/test_new_memory.json"
wait_re '^. +test_n…\.json +test_new_memory +100 '
wait_re 'process 1/2: app'
wait_re '^follow: 1 new file *$'
step "a new leak test's file caught half-written: named, and adopted once complete"
"$LSGEN" snapshot "$E2E_TMP/half.json" --seed 7 --batches 3 --batch-size 20 >/dev/null || fail "lsgen snapshot"
cp "$E2E_TMP/half.json" "$E2E_TMP/half_full.json"
"$LSGEN" truncate "$E2E_TMP/half.json" 0.5 >/dev/null || fail "lsgen truncate"
mv "$E2E_TMP/half.json" "$E2E_TMP/app/test_half.json"
wait_re '^updating… test_half\.json is being written; it joins when complete'
wait_re '\[follow: updating\] *$'
expect_no "test_half "
rewrite "$E2E_TMP/half_full.json" "$E2E_TMP/app/test_half.json"
wait_re '^. +[^ ]+ +test_half +60 '
wait_gone "updating…"
wait_re 'process 1/3: app'
step "a half-written file that is removed again: forgotten, no warning"
"$LSGEN" snapshot "$E2E_TMP/gone.json" --seed 8 --batches 3 --batch-size 20 >/dev/null || fail "lsgen snapshot"
"$LSGEN" truncate "$E2E_TMP/gone.json" 0.5 >/dev/null || fail "lsgen truncate"
mv "$E2E_TMP/gone.json" "$E2E_TMP/app/test_gone.json"
wait_re '^updating… test_gone\.json is being written; it joins when complete'
rm "$E2E_TMP/app/test_gone.json"
wait_gone "updating…"
wait_re '\[follow\] *$'
expect_no "test_gone"
wait_re "3 Warnings \\(0\\)"
step "a .json that is no profile: said on the status line and in Warnings"
echo '{"not": "a profile"' >"$E2E_TMP/app/notes.json"
wait_re 'follow: .*notes\.json is not a profile \([0-9]+ warnings?\); not loaded'
wait_re '3 Warnings \([1-9]'
warned=$(screen | sed -n 's/.*3 Warnings (\([0-9]*\)).*/\1/p' | head -n 1)
step "the same file rewritten twice: its warnings replaced, not piled up"
echo '{"still": "not a profile"' >"$E2E_TMP/app/notes.json"
sleep 1
echo '{"still": "not a profile", "again": 1' >"$E2E_TMP/app/notes.json"
sleep 1
wait_re "3 Warnings \($warned\)"
step "on the Warnings screen, a new file that is no profile is listed at once"
keys 3
wait_re 'notes\.json .*appeared in a followed directory'
echo '"str"' >"$E2E_TMP/app/bad.json"
wait_re 'follow: .*bad\.json is not a profile'
wait_re 'bad\.json .*appeared in a followed directory'
quit_app
restart

step "a memory-test file named on its own brings no neighbours"
start_app --follow app/test_new_memory.json
wait_re '^. +test_new_memory +100 '
"$LSGEN" snapshot "$E2E_TMP/other_memory.json" --seed 6 --batches 2 --batch-size 20 >/dev/null || fail "lsgen snapshot"
mv "$E2E_TMP/other_memory.json" "$E2E_TMP/app/test_other_memory.json"
sleep 1.5
expect_no "test_other_memory"
expect_no "/chat/completions"
quit_app
restart

step "started on an empty directory, --follow waits for the profiler"
mkdir "$E2E_TMP/later"
start_app --follow later
wait_for "--follow: waiting for profile records in the given paths (q quits)"
gen_process later --seed 3 --requests 300 --endpoints '/a:leak:20kb' '/b:stable'
wait_re '^. /a +[0-9]+ '
wait_re '\[follow\] *$'
quit_app
restart

step "an empty directory given next to a loaded one: its files are adopted too"
mkdir "$E2E_TMP/second"
start_app --follow later second/
wait_re '^. /a +[0-9]+ '
wait_re '3 Warnings \(1\)'
gen_process second_full --seed 4 --requests 200 --endpoints '/search:stable'
mv "$E2E_TMP/second_full/search.json" "$E2E_TMP/second/search.json"
wait_re '^. second +/search +[0-9]+ '
wait_re 'process 1/2: later'
wait_re '3 Warnings \(0\)'
quit_app
