#!/bin/sh
# Include (f) and exclude (F) regexes on site locations: applied as you type,
# matches highlighted, smart case, shown in the header, applied to every site
# table (Sites screen and the endpoint's own sites), cleared with c, and set
# at start-up with --include / --exclude.
. "$(dirname "$0")/lib.sh"

gen_standard
esc=$(printf '\033')
start_app --include 'src/' app
wait_for "/chat/completions"
step "--include at start-up: the header shows it, the Sites screen applies it"
wait_re 'include /src//$'
keys 2
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
wait_locations 4 "src/chat.py:7 src/users.py:4"
step "c clears both filters"
keys c
wait_for "Allocation sites of the process: 10 (all endpoints' detailed records)"
wait_for "filters cleared"
expect_no "include /"
step "f: the table narrows while typing, before Enter"
keys f
wait_for "Include sites matching:"
type_text "chat"
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
wait_locations 4 "src/chat.py:7"
step "the match is highlighted in the location"
screen_attrs | grep -q "src/$esc\[[0-9;]*mchat$esc\[[0-9;]*m\.py:7" ||
	fail "the matched text 'chat' is not highlighted"
keys Enter
wait_gone "Include sites matching:"
wait_re 'include /chat/ *$'
step "Enter says what the filter does, on any screen"
wait_for "1 of 10 sites pass the site filters: the site tables list only those (verdicts and suspects weigh every site; c clears)"
step "the status line counts the suspects the filter hides apart"
wait_for "2 suspect sites, 1 of them shown"
step "Esc in the prompt restores the pattern in force before it"
keys f
wait_for "Include sites matching: chat"
keys BSpace BSpace BSpace BSpace
wait_for "Allocation sites of the process: 10 (all"
esc
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
step "smart case: upper case in the pattern makes it case-sensitive"
keys f BSpace BSpace BSpace BSpace
type_text "SRC"
wait_for "Allocation sites of the process: 0 of 10 pass the filter"
wait_for "none of the 10 sites passes the filter"
keys BSpace BSpace BSpace
type_text "src"
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
keys Enter
step "F excludes on top of the include"
keys F
wait_for "Exclude sites matching:"
type_text "users"
keys Enter
wait_for "Allocation sites of the process: 1 of 10 pass the filter"
wait_re 'include /src/ exclude /users/ *$'
wait_locations 4 "src/chat.py:7"
step "the endpoint detail's site table is filtered too"
keys 1 Enter
wait_for "178 requests, 1 error"
wait_re '^  #1    src/chat\.py:7 '
expect_no "src/users.py:4"
expect_no "tiktoken"
quit_app

step "on Endpoints, where nothing else changes, Enter says what the filter does"
restart
start_app app
wait_for "/chat/completions"
keys F
type_text "."
keys Enter
wait_for "0 of 10 sites pass the site filters"
wait_re 'exclude /\./ *$'
step "a Sites screen the filters empty says so, and how to undo it"
keys 2
wait_for "No site passes the site filters (f and F change them, c clears them)."
quit_app

step "--exclude at start-up"
restart
start_app --exclude 'python3\.12|frozen' app
wait_for "/chat/completions"
wait_re 'exclude /python3\\.12\|frozen/ *$'
keys 2
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
wait_locations 4 "src/chat.py:7 src/users.py:4"
expect_no "linecache"
quit_app

step "a filter that shrinks a scrolled table shows its rows from the top"
restart
start_app -s 120x15 app
wait_for "/chat/completions"
keys 2 G
wait_for "Allocation sites of the process: 10 (all"
keys f
type_text "src"
keys Enter
wait_for "Allocation sites of the process: 2 of 10 pass the filter"
wait_locations 4 "src/chat.py:7 src/users.py:4"
quit_app
