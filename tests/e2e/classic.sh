#!/bin/sh
# --classic shows the original tool's verdicts throughout: in the Verdict
# column, with neither leakscope's KB/req figure next to them (it could
# contradict them) nor a Classic column repeating them, and no site is ranked
# a suspect (the Sites screen showed an empty Susp column as its sort key and
# "0 suspect sites"). Without it, a wide terminal shows both.
. "$(dirname "$0")/lib.sh"

gen_standard
header() { line 2; }
step "--classic: the Verdict column holds the original's words"
start_app -s 200x20 --classic app
wait_for "/chat/completions"
wait_until "the header shows Verdict" eval 'header | grep -q "Verdict"'
header | grep -q "KB/req" && fail "--classic shows leakscope's KB/req column"
header | grep -q "Classic" && fail "--classic repeats its verdicts in a Classic column"
screen | grep -E "/health .* (LEAK|ok) " >/dev/null || fail "/health has no classic verdict word"
screen | grep -E "^ +/health .*(STABLE|GROWING)" >/dev/null && fail "/health shows leakscope's verdict under --classic"
step "sorting by each column still works with the two gone"
for i in 1 2 3 4 5 6 7 8 9; do keys '>'; done
wait_until "a sort arrow is shown" eval 'header | grep -q "[▲▼]"'
step "no site is ranked a suspect: no Susp column, the biggest sites first, and the status says so"
keys 2
wait_for "Allocation sites of the process"
wait_re '^  Location +Total MB▼ '
expect_no "Susp"
wait_for "none is ranked a suspect"
expect_no "suspect sites"
quit_app
restart
step "without --classic a wide terminal shows KB/req and Classic"
start_app -s 200x20 app
wait_for "/chat/completions"
wait_until "the header shows KB/req and Classic" eval 'header | grep -q "KB/req.*Classic"'
quit_app
