#!/bin/sh
# Home screen: one row per endpoint with its numbers, verdict and sparkline,
# the header (process, files, requests, time span) and the key hints.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
step "home screen"
wait_for "/chat/completions"
expect_rows 0 <<'SCREEN'
 leakscope │ 3 files │ 600 requests │ 2026-09-21 14:13:20 → 14:14:10 (50s) │ app
 1 Endpoints   2 Sites   3 Warnings (0)   ? Help
  Endpoint                   Requests  Err%  MB start→end  Grow MB   Grow% Verdict▼          KB/req Memory     Classic
  /chat/completions               178   0.6   180.6→210.2   +29.57  +16.4% LEAK             +119.78 ▁▂▃▄▄▅▆▇▇█ ok
  /users/{id}                     204  13.2   180.5→211.3   +30.76  +17.0% ERROR_PATH_LEAK        - ▁▂▃▄▄▅▆▇▇█ ok
  /health                         218   0.0   180.7→211.4   +30.69  +17.0% STABLE                 - ▁▂▃▃▄▅▆▇▇█ ok

SCREEN
step "footer"
expect_rows 38 <<'SCREEN'
 Enter open  / search  </> sort  r reverse  Space mark  e export  f/F filter  ? help  q quit                  marked: 0
SCREEN
step "status line: the counts first, the names last (a narrow terminal cuts the end)"
wait_re '^2 of 3 endpoints leak \(the original tool flags 0\), Enter shows why: /chat/completions, /users/\{id\} \(on errors\)\.$'
step "q on the home screen quits"
keys q
st=$(wait_exit)
[ "$st" = 0 ] || fail "exit status $st"
step "a thousand endpoint files: counts with thousands separators, as everywhere"
restart
mkdir -p "$E2E_TMP/many"
i=1
while [ $i -le 1001 ]; do
	printf '[{"request_id":"req-%d","timestamp":1790000000,"endpoint":"/e%d","method":"GET","status_code":200,"status_category":"success","latency":0.1,"had_error":false,"memory":{"current_mb":100,"peak_mb":101,"tracking_enabled":true},"detailed_snapshot":false}]' \
		$i $i >"$E2E_TMP/many/e$i.json"
	i=$((i + 1))
done
start_app many
wait_re '^ leakscope │ 1,001 files │ 1,001 requests │'
wait_re '^No endpoint leaks by leakscope.s verdicts \(the original tool flags 0 of 1,001\)\.$'
quit_app
