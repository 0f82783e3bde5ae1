#!/bin/sh
# The mouse (xterm SGR 1006 reports, as a terminal sends them): a click
# selects a row, a double click opens it, a click on a tab switches screens,
# a click on the chart moves its cursor, the wheel scrolls.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "click on the /health row (screen row 5), then Enter"
mouse_click 5 6
keys Enter
wait_for "/health   STABLE   218 requests"
esc
wait_for "Enter open  / search"
step "double click on /users/{id} opens it"
mouse_double 5 5
wait_for "/users/{id}   ERROR_PATH_LEAK   204 requests"
step "a click on the chart puts the cursor on that request"
wait_re '^req-600: '   # the last request: the end column reads the end
mouse_click 10 10
wait_re '^req-[0-9]{1,2}: '
esc
wait_for "Enter open  / search"
step "a click on the '2 Sites' tab"
mouse_click 16 2
wait_for "Allocation sites of the process: 10"
step "the wheel scrolls a table that does not fit"
resize 120 15
wait_locations 4 "src/chat.py:7"
mouse_wheel_down 20 8
wait_locations 4 "src/users.py:4"
mouse_wheel_up 20 8
wait_locations 4 "src/chat.py:7"
step "a click on the '1 Endpoints' tab"
mouse_click 3 2
wait_for "Enter open  / search"
quit_app
