#!/bin/sh
# An endpoint name too long for the detail's title keeps its end, as the
# tables do: at 80 columns the title of
# /v1/organizations/{org_id}/projects/{project_id}/service_accounts/keys/rotate
# used to read "/v1/organizations/{org_id}/projects/{proj…", which names
# none of the endpoints that share that start, while the row it was opened
# from read "…service_accounts/keys/rotate". Below the explanation, where
# it leaves room, the name is given whole.
. "$(dirname "$0")/lib.sh"

long=/v1/organizations/{org_id}/projects/{project_id}/service_accounts/keys/rotate
gen_process app --seed 7 --requests 300 --endpoints "$long:leak:20kb" '/v1/organizations/{org_id}/projects/{project_id}/users:stable'

start_app -s 80x24 app
wait_for "keys/rotate"
keys g
t=$(opened_title ' requests?, [0-9]+ errors? ')
case $t in
*"…"*"service_accounts/keys/rotate "*) ;;
*) fail "the title does not keep the name's end: [$t]" ;;
esac
case $t in
"/v1/"*) fail "the title keeps the name's start: [$t]" ;;
esac
step "the name the title cut, whole, below the explanation"
resize 120 40
keys g Enter
wait_words "Endpoint: $long"
quit_app
