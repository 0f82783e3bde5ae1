#!/bin/sh
# The site screen's endpoint table keeps the end of a name too long for its
# column, as every other table and title does: two endpoints that share
# their start (/v1/organizations/{org_id}/projects/{project_id}/...) used
# to read "/v1/organizations/{or…" both, and which row was which could not
# be told.
. "$(dirname "$0")/lib.sh"

long=/v1/organizations/{org_id}/projects/{project_id}/service_accounts/keys/rotate
gen_process app --seed 7 --requests 300 --endpoints "$long:leak:20kb" '/v1/organizations/{org_id}/projects/{project_id}/users:stable'

start_app -s 80x24 app
wait_for "keys/rotate"
step "a site both endpoints' records show"
keys 2
wait_for "Allocation sites of the process"
keys /
type_text "linecache.py"
keys Enter Enter
wait_re '^ Site .*linecache\.py:'
wait_re '^  Endpoint whose'
step "each row keeps its name's end"
wait_re '^  ….*keys/rotate +[0-9]+ '
wait_re '^  ….*/users +[0-9]+ '
expect_no "/v1/organizations/{or…"
quit_app
