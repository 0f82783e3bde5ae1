#!/bin/sh
# The Process column sorts by the processes' names, A to Z first as the
# Endpoint column does (case-2 before case-10): it sorted by load order,
# biggest first, so a click on "Process" listed the last one given first.
. "$(dirname "$0")/lib.sh"

gen_process case-2 --seed 4 --requests 200 --endpoints '/x:stable'
gen_process app --seed 5 --requests 200 --endpoints '/y:stable'
gen_process case-10 --seed 6 --requests 200 --endpoints '/z:stable'
start_app case-2 app case-10
wait_for "/z"
wait_re '^  Process +Endpoint +Requests '
step "a click on Process: A to Z, with the arrow up"
mouse_click 5 3
wait_re '^  Process▲ '
wait_names 3 "app case-2 case-10"
step "again: Z to A"
mouse_click 5 3
wait_re '^  Process▼ '
wait_names 3 "case-10 case-2 app"
quit_app
