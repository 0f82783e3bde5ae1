#!/bin/sh
# A leak the data cannot pin on one endpoint: /v1/models keeps 6 KB per
# request at a site that never reaches the profiler's top 5, in a steady mix
# of three endpoints. No endpoint is blamed, but the status line says the
# heap grows, and the endpoint's explanation says why no site is named.
. "$(dirname "$0")/lib.sh"

gen_process hidden --seed 1 --requests 1300 --top 5 --endpoints \
	'/v1/models:leak:6kb:weight=2' '/health:stable:weight=2' '/v1/embeddings:stable:weight=1.5'
start_app hidden
wait_for "/v1/models"
step "nobody is blamed, but the growth is not hidden"
wait_re '^  /v1/models .* GROWING '
expect_no 'LEAK'
wait_for "No endpoint to blame, but the heap grows +2.13 KB/request (the original tool flags 0 of 3)."
step "the endpoint says why the sites cannot name the line"
keys Enter
wait_words "No site the profiler listed grows: what grows stays below its top 5 (the smallest site it listed last holds"
quit_app
restart

step "next to a process with leaks, it is still counted"
gen_standard
start_app app hidden
wait_for "/v1/models"
# (the names are the leaking ones: they must not read as the process
# nobody is blamed in, so they come after "Enter shows why:")
wait_for "2 of 6 endpoints leak (and 1 more process's heap grows with none to blame), Enter shows why: app: /chat/completions"
expect_no "none to blame: app"
quit_app
