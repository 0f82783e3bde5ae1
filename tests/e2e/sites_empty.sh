#!/bin/sh
# An empty site table says why it is empty: no site at all (no record
# lists top_consumers: c would not help) or a filter hiding every site
# (c would). It used to say "no sites, or none passes the filter" either
# way, and the status line offered "Enter: its history" of no site.
. "$(dirname "$0")/lib.sh"

gen_process off --seed 1 --requests 200 --untracked 1:200 --endpoints '/a:stable' '/b:stable'
start_app off
wait_for "/a"
step "a process with no sites: the Sites screen says so, and nothing of a filter"
keys 2
wait_for "Allocation sites of the process: 0 (all"
wait_for "no allocation sites: no record of this process lists top_consumers"
wait_for "No allocation sites: no record of this process lists top_consumers"
expect_no "passes the filter"
expect_no "Enter: its history"
step "the endpoint's site table too"
keys 1 Enter
wait_for "no allocation sites: no record of this endpoint lists top_consumers"
expect_no "passes the filter"
quit_app
restart

step "a filter that hides every site: the table says so, and how to undo it"
gen_standard
start_app app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 10 (all"
keys f
wait_for "Include sites matching:"
type_text "nosuchsite"
keys Enter
wait_for "Allocation sites of the process: 0 of 10 pass the filter"
wait_for "none of the 10 sites passes the filter (c clears it)"
expect_no "no allocation sites"
quit_app
