#!/bin/sh
# Sites screen: every allocation site of the process with totals, growth and
# a trend; suspects ranked first; sortable; Enter opens the site detail. A
# location too long for a cell keeps its end (file and line).
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "2 opens the Sites screen"
keys 2
wait_for "Allocation sites of the process"
expect_rows 2 <<'SCREEN'
 Allocation sites of the process: 10 (all endpoints' detailed records)
  Susp▼ Location                            Total MB   Max MB   Avg MB Samples    First→Last  Grow MB    Grow% Trend
  #1    src/chat.py:7                        673.560   20.715   12.473      54    4.83→20.71  +15.882  +328.6% ▁▂▃▃▄▆▇█
  #2    src/users.py:4                       338.290   10.483    8.457      40    5.22→10.48   +5.258  +100.6% ▁▃▄▅▆▆▇█
        …site-packages/tiktoken/core.py:52 1,065.462   14.662   14.595      73   14.60→14.63   +0.029    +0.2% ██▃▁▃▅▇█
        …r/lib/python3.12/functools.py:512   417.953    5.746    5.725      73     5.72→5.74   +0.014    +0.2% ▅▆▆█▃▁▄▇
        /usr/lib/python3.12/typing.py:1332    85.025    4.503    4.475      19     4.49→4.49   +0.004    +0.1% █▄▁▁▁▁▁▅
        …ternal/_model_construction.py:669   430.282    5.914    5.894      73     5.89→5.89   -0.004    -0.1% ▂▂▃██▇▁█
        …pydantic_core/core_schema.py:3961   170.752    5.187    5.174      33     5.18→5.17   -0.016    -0.3% ▆▄▅▇█▁▁▁
        <frozen importlib._bootstrap>:241  1,430.717   19.666   19.599      73   19.60→19.58   -0.020    -0.1% ▅▁▇▅█▄██
        …r/lib/python3.12/linecache.py:139   504.661    6.944    6.913      73     6.94→6.92   -0.020    -0.3% ▅▅▅▁▂▆▅█
        …mportlib._bootstrap_external>:757 2,059.099   28.342   28.207      73   28.22→28.20   -0.024    -0.1% ▅▃▁▄▅█▅▆

SCREEN
step "sort by Total MB (two columns to the right), largest first"
keys '>' '>'
wait_re ' Total MB▼ '
wait_locations 4 "…mportlib._bootstrap_external>:757 importlib._bootstrap>:241 …site-packages/tiktoken/core.py:52 src/chat.py:7"
step "r: smallest first"
keys r
wait_re ' Total MB▲ '
wait_locations 4 "/usr/lib/python3.12/typing.py:1332 …pydantic_core/core_schema.py:3961 src/users.py:4"
step "Enter on the selection (the top suspect, kept through the sorts)"
keys Enter
wait_for "Site src/chat.py:7"
step "its endpoints by verdict: leaks first, as on the Endpoints screen (not A to Z)"
keys '>' '>' '>' '>'
wait_re ' Verdict▼'
wait_names 19 "/chat/completions /users/{id} /health"
step "Esc back to the Sites screen, sort still Total MB ascending"
esc
wait_re ' Total MB▲ '
step "1 goes home"
keys 1
wait_for "Enter open  / search"
quit_app

step "a location longer than a table cell keeps its end: the file and the line"
restart
long=/srv
i=0
while [ $i -lt 40 ]; do long="$long/very_long_package_directory"; i=$((i + 1)); done
long="$long/handler.py:4242"
{
	printf '['
	i=1
	while [ $i -le 20 ]; do
		[ $i -gt 1 ] && printf ','
		printf '{"request_id":"req-%d","endpoint":"/x","memory":{"current_mb":%d,"top_consumers":[{"file":"%s","size_mb":%d,"count":1}]},"detailed_snapshot":true}' \
			$i $((10 + i)) "$long" $i
		i=$((i + 1))
	done
	printf ']'
} >"$E2E_TMP/long.json"
start_app long.json
wait_for "/x"
keys 2
wait_re ' …[a-z_]+/handler\.py:4242 '
quit_app
restart

step "a site grown 280-fold: Grow% keeps its sign and its % (no decimal past 1,000 %)"
gen_process big --seed 5 --requests 3000 --heap 1 --top 5 --endpoints '/leak:leak:50kb:site=src/leak.py:3' '/ok:stable'
start_app big
wait_re '^. /leak +1,514 .* \+3302% LEAK'
keys 2
wait_re '^  #1 +src/leak\.py:3 .* \+72\.818 +\+28224% '
quit_app
restart

step "grown a thousand-fold, GB big: no digit is cut off (+166k%, +14608.6)"
gen_process huge --seed 9 --requests 3000 --heap 0.01 --noise 0.001 --top 3 --endpoints /huge:leak:2mb:weight=5 \
	/tiny:stable /errs:errleak:50mb:err=0.5
start_app huge
wait_re '^. /huge +2,121 +0\.8 +8\.8→14617\.4 \+14608\.6 +\+166k% LEAK '
! screen | grep -q '[0-9.]…' || fail "a number cut off on Endpoints"
keys 2
wait_re '^  #1 +/srv/app/routers/errs\.py:375 .* 33\.5→10450\.9 \+10417\.4 +\+31107% '
! screen | grep -q '[0-9.]…' || fail "a number cut off on Sites"
quit_app
