#!/bin/sh
# Any resize redraws the current screen for the new size: the footer moves to
# the new last-but-one row, optional columns give way on narrow terminals and
# come back, and the chart is re-laid out.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "120x40 -> 80x24: fewer columns, footer on row 22"
resize 80 24
expect_rows 0 <<'SCREEN'
 leakscope │ 3 files │ 600 requests │ 2026-09-21 14:13:20 → 14:14:10 (50s) │ app
 1 Endpoints   2 Sites   3 Warnings (0)   ? Help
  Endpoint                   Requests  Grow MB   Grow% Verdict▼          KB/req
SCREEN
wait_names 3 "/chat/completions /users/{id} /health"
wait_re '^ Enter open  / search  </> sort  r reverse  Space mark  e export +marked: 0$'
[ "$(line 22 | cut -c1-11)" = " Enter open" ] || fail "the footer is not on row 22"
step "60 wide: Grow% goes first, and no column is cut at the edge (no \"K…\")"
resize 60 24
wait_re '^  Endpoint +Requests  Grow MB Verdict▼ +KB/req$'
expect_no "K…"
resize 80 24
wait_re ' Verdict▼          KB/req$'
step "the endpoint detail at 80x24, then wider: the chart follows"
keys Enter
wait_for "178 requests, 1 error"
axis_is() { [ "$(row_width '^ MB └')" = "$1" ]; }
wait_until "the x axis spans 80 columns" axis_is 80
resize 110 30
wait_until "the x axis spans 110 columns" axis_is 110
wait_re '^ Tab focus .* marked: 0$'
[ "$(line 28 | cut -c1-10)" = " Tab focus" ] || fail "the footer is not on row 28"
step "back to 120x40 and home: the full table again"
resize 120 40
keys q
wait_re '^  Endpoint  +Requests  Err%  MB start→end  Grow MB   Grow% Verdict▼ +KB/req Memory +Classic$'
[ "$(line 38 | cut -c1-11)" = " Enter open" ] || fail "the footer is not on row 38"
step "too small with a prompt open: keys do not edit it out of sight, and q quits as said"
keys 2 f
type_text "routers"
resize 50 10
wait_for "terminal too small (50x10)"
keys /
type_text "chat"
resize 120 40
wait_re '^Include sites matching: routers *$'
resize 50 10
wait_for "terminal too small (50x10)"
keys q
st=$(wait_exit)
[ "$st" = 0 ] || fail "q below the minimum size did not quit (status $st)"
