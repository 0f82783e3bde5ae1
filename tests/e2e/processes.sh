#!/bin/sh
# Several processes at once (two directories): a Process column on the
# Endpoints screen, the header names the process in focus, and the Sites
# screen shows the sites of the selected endpoint's process; / finds a process
# (where no endpoint's name has the text);
# a long process name is shown whole where the terminal has room.
. "$(dirname "$0")/lib.sh"

gen_standard
gen_process p2 --seed 4 --requests 300 --endpoints '/search:leak:30kb' '/login:stable'
start_app app p2
wait_for "/chat/completions"
step "one table, a Process column"
wait_re '^  Process +Endpoint +Requests '
wait_re '^. app +/chat/completions +178 '
wait_re '^. p2 +/search +151 '
wait_re '│ process 1/2: app$'
step "the status line says whose each leaking endpoint is"
wait_re 'app: /chat/completions, /users/\{id\} \(on errors\); p2'
step "the last row is p2's: Sites shows process 2's sites"
keys G 2
wait_re '│ process 2/2: p2$'
wait_for "Allocation sites of the process: 5"
step "the header follows the cursor at once, with no screen switch"
keys 1 G
wait_re '│ process 2/2: p2$'
keys k
wait_re '│ process 1/2: app$'
step "back home, first row: process 1 again"
keys 1 g 2
wait_re '│ process 1/2: app$'
wait_for "Allocation sites of the process: 10"
step "the filter's count says it spans both processes (the Sites screen counts one)"
keys f
type_text "chat"
keys Enter
wait_re '^[0-9]+ of [0-9]+ sites in 2 processes pass the site filters'
keys c
step "/ finds a process by its name too"
keys 1 g /
type_text "p2"
keys Enter
wait_re '│ process 2/2: p2$'
step "... but not where an endpoint's name has the text: /p stops on /chat/completions only, not on every row of app and p2"
# (selected_endpoint waits for a table without a Process column)
opened_endpoint() {
	opened_title ' requests?, [0-9]+ errors? ' | awk '{print $1}'
	wait_re '^  Process +Endpoint '
}
keys g /
type_text "p"
keys Enter
[ "$(opened_endpoint)" = /chat/completions ] || fail "/p did not select /chat/completions"
keys n
[ "$(opened_endpoint)" = /chat/completions ] || fail "n left /chat/completions for a row whose process has a p"
step "narrow: the Process column stays (it tells rows of one name apart), as wide as its labels; Grow MB goes first, then Requests"
resize 70 20
wait_re '^  Process +Endpoint +Requests Verdict'
resize 60 20
wait_re '^  Process +Endpoint +Verdict'
resize 120 40
wait_re '^  Process +Endpoint +Requests '
quit_app
restart

step "two processes in folders of the same name: each labelled by as much of its path as tells them apart"
mkdir -p "$E2E_TMP/x" "$E2E_TMP/y"
gen_process x/app --seed 3 --requests 300 --endpoints '/chat:leak:40kb' '/b:stable'
gen_process y/app --seed 4 --requests 300 --endpoints '/chat:leak:40kb' '/c:stable'
start_app x/app y/app
wait_re '^. x/app +/chat '
wait_re '^. y/app +/chat '
wait_re 'Enter shows why: x/app: /chat; y/app: /chat\.$'
# at 80 columns the two /chat rows still say whose they are (Grow% goes first)
resize 80 24
wait_re '^. x/app +/chat '
wait_re '^. y/app +/chat '
quit_app
restart

step "long process names: the Process column shows them whole where there is room (200 wide); cut at 120, each keeps what tells it apart"
gen_process case-001-late-onset-leak --seed 3 --requests 300 --endpoints '/chat:leak:40kb' '/b:stable'
gen_process case-002-late-onset-leak --seed 4 --requests 300 --endpoints '/chat:leak:40kb' '/c:stable'
start_app -s 200x40 case-001-late-onset-leak case-002-late-onset-leak
wait_re '^. case-001-late-onset-leak +/chat '
wait_re '^. case-002-late-onset-leak +/chat '
resize 120 40
wait_re '^. case-001…eak /chat '
wait_re '^. case-002…eak /chat '
# at 60 columns (the least it runs in) the endpoint names shrink, not the
# Process column: without it the two /chat rows look alike
resize 60 24
wait_re '^. case-001…eak /chat +LEAK'
wait_re '^. case-002…eak /chat +LEAK'
quit_app
restart

step "pods that each keep an endpoint_profiles folder: a cut label keeps both ends, so they stay apart"
mkdir -p "$E2E_TMP/pod-1" "$E2E_TMP/pod-2"
gen_process pod-1/endpoint_profiles --seed 3 --requests 300 --endpoints '/chat:leak:40kb' '/b:stable'
gen_process pod-2/endpoint_profiles --seed 4 --requests 300 --endpoints '/chat:leak:40kb' '/c:stable'
start_app -s 120x40 pod-1/endpoint_profiles pod-2/endpoint_profiles
wait_re '^. pod-1/…files /chat '
wait_re '^. pod-2/…files /chat '
quit_app
