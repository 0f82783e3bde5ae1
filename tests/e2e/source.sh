#!/bin/sh
# The site detail's source listing (like `pprof list`): lines around LINE
# with LINE marked, tabs expanded and control bytes escaped; and a clear
# message when the file is missing, too short, or not a regular file; with
# LEAKSCOPE_SOURCE_PATH a server path is found in a local checkout.
. "$(dirname "$0")/lib.sh"

gen_standard
mkdir -p "$E2E_TMP/src"
esc=$(printf '\033')
printf 'def cache(x):\n\tkeep = []\n\tkeep.append(x)  %s[31mred\n\treturn keep\n' "$esc" >"$E2E_TMP/src/users.py"
# open_site SEARCH [TITLE]: search the Sites screen, open the match.
open_site() {
	keys 2
	wait_for "Allocation sites of the process"
	keys /
	type_text "$1"
	keys Enter Enter
	wait_for "Site ${2:-$1}"
}
start_app app
wait_for "/chat/completions"
step "src/users.py:4 exists: lines 1-4, line 4 marked, tab and ESC made safe"
open_site src/users.py:4
r=$(row_of "Source: src/users.py, line 4")
expect_rows "$r" <<'SCREEN'
Source: src/users.py, line 4
      1 def cache(x):
      2         keep = []
      3         keep.append(x)  \x1b[31mred
>     4         return keep
SCREEN
step "src/chat.py is missing: said so"
esc
open_site src/chat.py:7
wait_re '^ src/chat\.py: not found on this machine \(LEAKSCOPE_SOURCE_PATH=DIR looks in a checkout\)$'
step "the file is shorter than LINE"
printf 'one line\n' >"$E2E_TMP/src/chat.py"
esc
open_site src/chat.py:7
wait_re '^ src/chat\.py has 1 line; line 7 is beyond the end'
step "a directory where the file should be"
rm "$E2E_TMP/src/chat.py"
mkdir "$E2E_TMP/src/chat.py"
esc
open_site src/chat.py:7
wait_re '^ src/chat\.py: not a regular file$'
step "a pseudo location names no file"
esc
open_site "_bootstrap>:241" "<frozen importlib._bootstrap>:241"
wait_re '^ <frozen importlib\._bootstrap>: code made by the interpreter, no source file$'
quit_app

step "LEAKSCOPE_SOURCE_PATH: a server path found in a local checkout"
mkdir -p "$E2E_TMP/checkout/site-packages/tiktoken"
i=1
while [ $i -le 60 ]; do echo "line $i"; i=$((i + 1)); done >"$E2E_TMP/checkout/site-packages/tiktoken/core.py"
restart
start_app -e "LEAKSCOPE_SOURCE_PATH=$E2E_TMP/nothing:$E2E_TMP/checkout" app
wait_for "/chat/completions"
open_site "tiktoken/core.py:52" "/srv/app/.venv/lib/python3.12/site-packages/tiktoken/core.py:52"
wait_re '^Source: .*/checkout/site-packages/tiktoken/core\.py, line 52$'
wait_re '^>    52 line 52$'
quit_app
