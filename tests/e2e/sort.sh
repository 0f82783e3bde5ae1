#!/bin/sh
# Sorting the endpoints: < and > move the sort column (its title shows ▼/▲),
# r reverses, and the selection stays on the same endpoint.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "default: by verdict, leaks first"
wait_re '^  Endpoint .* Verdict▼ '
wait_names 3 "/chat/completions /users/{id} /health"
step "< sorts by growth %"
keys '<'
wait_re ' Grow%▼ Verdict '
wait_names 3 "/users/{id} /health /chat/completions"
step "< again: growth in MB, largest first"
keys '<'
wait_re ' Grow MB▼ '
wait_names 3 "/users/{id} /health /chat/completions"
step "r reverses: smallest growth first"
keys r
wait_re ' Grow MB▲ '
wait_names 3 "/chat/completions /health /users/{id}"
step "the Requests column, both ways"
keys '<' '<' '<'
wait_re ' Requests▼ '
wait_names 3 "/health /users/{id} /chat/completions"
keys r
wait_re ' Requests▲ '
wait_names 3 "/chat/completions /users/{id} /health"
step "> moves back towards the verdict"
keys '>'
wait_re ' Err%▼ '
wait_names 3 "/users/{id} /chat/completions /health"
step "the selection follows the endpoint, not the screen line"
[ "$(selected_endpoint)" = /chat/completions ] || fail "the selection left /chat/completions when sorting"
keys Down
keys '<'
wait_re ' Requests▼ '
wait_names 3 "/health /users/{id} /chat/completions"
[ "$(selected_endpoint)" = /health ] || fail "the selection did not stay on /health"
step "a column too narrow for its title and the arrow keeps the arrow"
keys 2 '>' '>' '>' '>' '>'
wait_re ' Avg MB Sample▼ '
quit_app
