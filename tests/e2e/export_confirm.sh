#!/bin/sh
# The overwrite question fits the line whatever the path: a long path
# keeps its end (the file's name) and the question after it, instead of
# running off the right edge with the question ("Overwrite? (y/n)") lost;
# a path longer than the question's room is cut between characters.
. "$(dirname "$0")/lib.sh"

gen_standard
deep=reports_of_the_memory_investigation/second_level_directory_name
mkdir -p "$E2E_TMP/$deep" || fail "mkdir"
: >"$E2E_TMP/$deep/findings.txt"
start_app -s 80x24 app
wait_for "/chat/completions"
step "an existing file under a long path, 80 columns"
keys e
wait_for "Export findings to: leakscope-findings-"
keys C-u
type_text "$deep/findings.txt"
keys Enter
wait_re '^….*/second_level_directory_name/findings\.txt exists\. Overwrite\? \(y/n\)$'
keys n
wait_for "export cancelled: file not overwritten"
[ ! -s "$E2E_TMP/$deep/findings.txt" ] || fail "n overwrote the file"

step "wide enough: the whole path"
resize 200 24
keys e
wait_for "Export findings to: leakscope-findings-"
keys C-u
type_text "$deep/findings.txt"
keys Enter
wait_re "^$deep/findings\\.txt exists\\. Overwrite\\? \\(y/n\\)\$"
step "narrowed while asking: the question stays on the line"
resize 60 15
wait_re '^…[a-z_]*_name/findings\.txt exists\. Overwrite\? \(y/n\)$'
keys y
wait_re '^exported 1 finding to .*findings\.txt \([0-9]+ bytes\)$'
[ -s "$E2E_TMP/$deep/findings.txt" ] || fail "y did not write the file"

step "a path of more than 240 bytes of wide characters: cut between characters"
resize 300 24
cjk=日本語のディレクトリ名です
long=$cjk/$cjk/$cjk/$cjk/$cjk/$cjk/$cjk/$cjk/$cjk/$cjk
mkdir -p "$E2E_TMP/$long" || fail "mkdir $long"
: >"$E2E_TMP/$long/所見.txt"
keys e
wait_for "Export findings to: leakscope-findings-"
keys C-u
type_text "$long/所見.txt"
keys Enter
wait_re '^….*ディレクトリ名です/所見\.txt exists\. Overwrite\? \(y/n\)$'
q=$(line $((E2E_ROWS - 1)))
case ${q%% exists*} in
*'\x'* | *'?'* | *"$(printf '\357\277\275')"*) fail "a character cut in half: [$q]" ;;
esac
keys n
wait_for "export cancelled: file not overwritten"
quit_app
