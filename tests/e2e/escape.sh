#!/bin/sh
# Nothing from a file reaches the terminal raw: an endpoint name and a site
# location carrying escape sequences are shown escaped (\x1b...) on every
# screen and in the export, and cannot clear or recolour the screen.
. "$(dirname "$0")/lib.sh"

esc=$(printf '\033')
gen_process evil --seed 3 --requests 200 --top 6 --endpoints \
	"/evil${esc}[2J${esc}[31mred" \
	"/ok:leak:300kb:site=src/${esc}[7mx.py:3"
start_app evil
wait_for "/ok"
step "the endpoint name is shown escaped, the screen is intact"
wait_re '^  /evil\\x1b\[2J\\x1b\[31mred +[0-9]+ '
wait_re '^ leakscope │ 2 files │ 200 requests'
screen_attrs | grep -q "${esc}\[2J" && fail "a raw clear-screen reached the terminal"
step "its detail title too"
keys /
type_text "evil"
keys Enter Enter
wait_re '^/evil\\x1b\[2J\\x1b\[31mred   '
esc
step "the site location on the Sites screen and in the site detail"
keys 2
wait_for 'src/\x1b[7mx.py:3'
keys /
type_text "x1b"
keys Enter Enter
wait_for 'Site src/\x1b[7mx.py:3'
wait_for 'src/\x1b[7mx.py: not found on this machine'
step "the export of that site"
keys e C-u
type_text "evil.txt"
keys Enter
wait_re '^exported 1 finding to evil\.txt'
grep -qF 'src/\x1b[7mx.py:3' "$E2E_TMP/evil.txt" || fail "the export lacks the escaped location"
grep -q "$esc" "$E2E_TMP/evil.txt" && fail "a raw ESC byte in the export"
quit_app
