#!/bin/sh
# Two files of one process whose records name the same endpoint are two
# endpoints of that name (README): their rows, their detail's title and
# the site view's endpoint table add the file's name, so that they can be
# told apart. They used to be two identical "/chat/completions" rows. Where
# such a name is cut short, the Classic column gives way first. Names that
# differ only at their head keep it where they are cut (they all read
# "…/a/rather/long/path" alike).
. "$(dirname "$0")/lib.sh"

gen_standard
gen_process older --seed 4 --requests 300 --endpoints '/chat/completions:stable'
cp "$E2E_TMP/older/chat_completions.json" "$E2E_TMP/app/chat_completions_old.json"
start_app -s 200x40 app
wait_for "/chat/completions"
step "each row of the shared name says its file"
wait_re '^  /chat/completions \(chat_completions\.json\) '
wait_re '^  /chat/completions \(chat_completions_old\.json\) '
step "names no other endpoint has stay as they are"
wait_re '^  /health +[0-9]'
step "/ finds a row by its file"
keys /
type_text "_old"
keys Enter
t=$(opened_title ' requests?, [0-9]+ errors? ')
case $t in
"/chat/completions (chat_completions_old.json) "*) ;;
*) fail "the detail's title does not say the file: [$t]" ;;
esac
step "at 120 columns the Classic column gives way to the names, which keep their files"
resize 120 40
keys Escape
wait_re '^  …tions \(chat_completions_old\.json\) +300 '
wait_re '^  …mpletions \(chat_completions\.json\) +178 '
expect_no "Classic"
quit_app
restart
step "names that fit keep the Classic column"
rm "$E2E_TMP/app/chat_completions_old.json"
start_app -s 120x40 app
wait_re '^  Endpoint .* Classic$'
quit_app
restart
step "long names alike at their ends keep the head that tells them apart, at 80 and 60 columns"
gen_process many --seed 9 --requests 900 --endpoints '/svc/endpoint_number_7/with/a/rather/long/path:stable' \
	'/svc/endpoint_number_12/with/a/rather/long/path:stable' '/svc/leaky:leak:5kb'
start_app -s 80x24 many
wait_re '^  /svc/endpoint_number_7…[a-z]* +[0-9]'
wait_re '^  /svc/endpoint_number_12…[a-z]* +[0-9]'
wait_re '^  /svc/leaky +[0-9]'
resize 60 24
wait_re '^  …nt_number_7… +[0-9]'
wait_re '^  …t_number_12… +[0-9]'
quit_app
