#!/bin/sh
# R reloads the files: new records appear, while the screen, selection,
# sort, filters and marks stay where they were.
. "$(dirname "$0")/lib.sh"

gen_standard_upto app 400
gen_standard full
start_app app
wait_for "/chat/completions"
step "the first 400 requests"
wait_re '│ 400 requests │'
wait_re '^. /chat/completions +117 '
step "sort by requests, select /users/{id}, mark it, filter sites"
keys '<' '<' '<' '<' '<'
wait_re ' Requests▼ '
wait_names 3 "/health /users/{id} /chat/completions"
keys g Down Space
wait_re '^\* /users/\{id\} '
wait_re 'marked: 1 *$'
keys f
type_text "src/"
keys Enter
wait_re 'include /src// *$'
step "the profiler writes 200 more requests; nothing changes until R"
for f in chat_completions health users_id; do rewrite "$E2E_TMP/full/$f.json" "$E2E_TMP/app/$f.json"; done
settle
wait_re '│ 400 requests │'
keys R
wait_for "reloaded 3 files"
wait_re '│ 600 requests │'
wait_re '^. /chat/completions +178 '
step "sort, filter and mark survived; the selection is still /users/{id}"
wait_re ' Requests▼ '
wait_names 3 "/health /users/{id} /chat/completions"
wait_re 'include /src// *$'
wait_re 'marked: 1 *$'
[ "$(selected_endpoint)" = "/users/{id}" ] || fail "the selection moved"
step "R inside the endpoint detail keeps that screen"
keys Enter
wait_for "204 requests, 27 errors"
keys R
wait_for "reloaded 3 files"
wait_for "204 requests, 27 errors"
step "R on a file cut off for good: named, kept, and on the Warnings screen once"
keys q
"$LSGEN" truncate "$E2E_TMP/app/health.json" 0.5 >/dev/null || fail "lsgen truncate"
keys R
wait_for "reloaded 2 files; health.json is cut off: being rewritten, or cut for good"
wait_re '^. /health +218 '
keys R
wait_for "3 Warnings (1)"
keys 3
wait_re 'app/health\.json +[0-9]+ truncated at byte [0-9]+, inside this record; [0-9]+ records? kept \(on'
step "R after a file is deleted: its data stays, and the status line and Warnings say it is gone"
keys 1
rm "$E2E_TMP/app/users_id.json"
keys R
wait_for "reloaded 1 file; users_id.json no longer on disk, still shown as last read; health.json is cut off"
wait_re '^. /users/\{id\} +204 '
wait_for "3 Warnings (2)"
keys R
wait_for "3 Warnings (2)"
keys 3
wait_re 'app/users_id\.json +- no longer on disk; still showing the data read before'
step "R picks up a new endpoint file, as a fresh start (and --follow) would; a new non-profile is said once"
keys 1
gen_process other --seed 12 --requests 300 --endpoints '/search:stable'
cp "$E2E_TMP/other/search.json" "$E2E_TMP/app/search.json"
echo '{"note": "not a profile"}' >"$E2E_TMP/app/notes.json"
keys R
wait_for "reloaded 1 file, and 1 new file; 1 new .json file is no profile (see Warnings)"
wait_re '^. /search +[0-9]+ '
# (another run's file: its request ids are the app's too, and it says so)
wait_for "3 Warnings (5)"
keys R
wait_for "reloaded 2 files; users_id.json no longer on disk"
expect_no "no profile (see"
wait_for "3 Warnings (5)"
keys 3
wait_re 'search\.json +1 300 request ids also in app/users_id\.json and 2 more files'
quit_app
