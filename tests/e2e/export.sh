#!/bin/sh
# Findings: Space marks endpoints and sites (marks survive moving between
# screens, the footer counts them); e exports them to the prefilled
# leakscope-findings-YYYYMMDD-HHMMSS.txt; the file holds each finding with
# its verdict and the site tables filtered as on screen; an existing file is
# only replaced after y; a write error is reported in the status line.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
out="$E2E_TMP/leakscope-findings-20260921-151320.txt"   # LEAKSCOPE_NOW, TZ=UTC
step "mark two endpoints"
keys Space
wait_for "marked endpoint (1 marked; e exports them)"
wait_re 'marked: 1 *$'
keys Down Space
wait_re 'marked: 2 *$'
step "mark a site on the Sites screen; the count survives going home"
keys 2
wait_for "Allocation sites of the process"
keys Space
wait_for "marked site (3 marked; e exports them)"
keys 1
wait_for "Enter open  / search"
wait_re 'marked: 3 *$'
step "an include filter: the export must apply it"
keys f
type_text "src/"
keys Enter
wait_re 'include /src// *$'
step "e: the prompt holds the dated default name"
keys e
wait_re '^Export findings to: leakscope-findings-20260921-151320\.txt *$'
keys Enter
wait_re '^exported 3 findings to leakscope-findings-20260921-151320\.txt \([0-9]+ bytes\)'
[ -f "$out" ] || fail "no file $out"
step "the file's content"
grep -qx 'leakscope findings (3)' "$out" || fail "no title line in the export"
grep -q '^Active site filters: include /src/' "$out" || fail "the export does not name the filter"
grep -qx 'Endpoint: /chat/completions' "$out" || fail "/chat/completions missing"
grep -qx 'Endpoint: /users/{id}' "$out" || fail "/users/{id} missing"
grep -q '^Verdict (leakscope): LEAK$' "$out" || fail "no leakscope verdict"
grep -q '^Verdict (leakscope): ERROR_PATH_LEAK$' "$out" || fail "no error-path verdict"
grep -q 'src/chat.py:7' "$out" || fail "the top site is missing"
grep -q '^  SUSPECT #1: trend +[0-9.]* MB per 1,000 requests (p = .*); grows with /chat/completions' "$out" ||
	fail "the marked site's trend (as its screen shows it) is missing"
grep -q 'tiktoken' "$out" && fail "sites outside the include filter were exported"
grep -q "$(printf '[\001-\010\013-\037]')" "$out" && fail "raw control bytes in the export"
cp "$out" "$E2E_TMP/first-export"
step "exporting again asks before overwriting; n keeps the file"
keys e Enter
wait_re '^leakscope-findings-20260921-151320\.txt exists\. Overwrite\? \(y/n\)'
keys n
wait_for "export cancelled: file not overwritten"
cmp -s "$out" "$E2E_TMP/first-export" || fail "the file changed after n"
step "unmark one, export again and answer y: the file is replaced"
keys Space
wait_re 'marked: 2 *$'
keys e Enter
wait_for "Overwrite? (y/n)"
keys y
wait_re '^exported 2 findings to leakscope-findings-20260921-151320\.txt'
grep -qx 'leakscope findings (2)' "$out" || fail "the file was not replaced"
step "a write error is reported, not fatal"
keys e C-u
type_text "nodir/x.txt"
keys Enter
wait_re '^export failed: .*nodir/x\.txt.*'
wait_re 'marked: 2 *$'
step "a profile being read is never the export's target (refused before any overwrite question)"
cp "$E2E_TMP/app/health.json" "$E2E_TMP/health-before"
keys e C-u
type_text "app/health.json"
keys Enter
wait_re '^export refused: app/health\.json is one of the profiles being read'
expect_no "Overwrite? (y/n)"
cmp -s "$E2E_TMP/app/health.json" "$E2E_TMP/health-before" || fail "the profile was overwritten"
step "a marked site that the filter hides is left out, and the status line says so"
keys c
wait_for "filters cleared"
keys 2 /
type_text tiktoken
keys Enter Space
wait_re 'marked: 3 *$'
keys f
type_text "src/"
keys Enter
wait_re 'include /src// *$'
keys e C-u
type_text "second.txt"
keys Enter
wait_re '^exported 2 findings to second\.txt \([0-9]+ bytes\); 1 marked site hidden by the filter left out'
grep -qx 'leakscope findings (2)' "$E2E_TMP/second.txt" || fail "the hidden site was counted"
grep -q 'tiktoken' "$E2E_TMP/second.txt" && fail "a site the filter hides was exported"
step "~/ is the home directory, as in a shell"
keys e C-u
type_text "~/home.txt"
keys Enter
wait_re '^exported 2 findings to .*/home\.txt'
grep -qx 'leakscope findings (2)' "$E2E_TMP/home.txt" || fail "~/home.txt was not written in HOME"
step "a directory is refused at once, not after asking to overwrite it"
keys e C-u
type_text "app"
keys Enter
wait_re '^export failed: app is a directory'
quit_app
