#!/bin/sh
# The home screen lists endpoints process by process, so a new endpoint
# file in the first process's folder renumbers every row after it, and a
# second process adds the Process column. Through both, R keeps the
# cursor on the endpoint it was on (not on its row number: Enter would
# open another endpoint).
. "$(dirname "$0")/lib.sh"

gen_standard full
gen_process other --seed 4 --requests 200 --endpoints '/search:stable' '/login:stable'
mkdir "$E2E_TMP/runs"
cp -r "$E2E_TMP/full" "$E2E_TMP/runs/first"
rm -f "$E2E_TMP/runs/first/TRUTH.txt" "$E2E_TMP/runs/first/health.json"

# the endpoint Enter opens (its detail's title), then back (the table's
# header has a Process column or not: selected_endpoint waits for none)
opened_endpoint() {
	opened_title ' requests?, [0-9]+ errors? ' | awk '{print $1}'
	wait_until "the endpoints table is back" eval 'line 2 | grep -qE "^  (Process +)?Endpoint "'
}

start_app runs
wait_re '^. /users/\{id\} '
step "the cursor on /users/{id}"
keys /
type_text "users"
keys Enter
[ "$(opened_endpoint)" = "/users/{id}" ] || fail "/ users did not select /users/{id}"

step "a second process: the Process column comes, the cursor stays"
cp -r "$E2E_TMP/other" "$E2E_TMP/runs/second"
rm -f "$E2E_TMP/runs/second/TRUTH.txt"
keys R
wait_re '^  second +/search '
[ "$(opened_endpoint)" = "/users/{id}" ] || fail "after the second process the cursor left /users/{id}"

step "the cursor on second's /login"
keys /
type_text "login"
keys Enter
[ "$(opened_endpoint)" = /login ] || fail "/ login did not select /login"

step "first gains /health: second's rows move down one, the cursor stays"
cp "$E2E_TMP/full/health.json" "$E2E_TMP/runs/first/"
keys R
wait_re '^  first +/health '
[ "$(opened_endpoint)" = /login ] || fail "after /health came the cursor left /login"
quit_app
