#!/bin/sh
# / n N on the site view search its endpoint table by name, as on every
# other table (the help lists them under Tables).
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process: 10"
keys Enter
wait_for " Site src/chat.py:7"
wait_for "Endpoint whose records show it"
step "/ moves the cursor to the first endpoint matching as you type"
keys /
wait_re '^/ *$'
type_text "heal"
keys Enter
wait_gone "/ heal"
keys Enter
wait_re '^/health +STABLE +218 requests'
esc
wait_for " Site src/chat.py:7"
step "n and N step through the matches (a t: /health, /chat/completions)"
keys /
type_text "t"
keys Enter
keys Enter
wait_re '^/(health|chat/completions) '
first=$(line 2 | awk '{print $1}')
esc
wait_for " Site src/chat.py:7"
keys n Enter
wait_re '^/(health|chat/completions) '
[ "$(line 2 | awk '{print $1}')" != "$first" ] || fail "n stayed on $first"
esc
wait_for " Site src/chat.py:7"
keys N Enter
wait_re '^/(health|chat/completions) '
[ "$(line 2 | awk '{print $1}')" = "$first" ] || fail "N did not go back to $first"
esc
step "no match says so in the prompt"
keys /
type_text "zzz"
wait_re '^/ zzz +— not found$'
esc
quit_app
