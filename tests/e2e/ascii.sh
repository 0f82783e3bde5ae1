#!/bin/sh
# In the POSIX locale every screen is 7-bit ASCII (charts with _-'| and
# +-- axes, ASCII sparklines and arrows); --ascii forces ASCII charts in a
# UTF-8 terminal too.
. "$(dirname "$0")/lib.sh"

gen_standard
mkdir -p "$E2E_TMP/src"
printf 'line %s\n' 1 2 3 4 5 6 7 8 9 >"$E2E_TMP/src/chat.py"
all_ascii() { [ "$(non_ascii_bytes)" = 0 ]; }
start_app -l POSIX app
wait_for "/chat/completions"
step "home screen in ASCII"
expect_rows 0 <<'SCREEN'
 leakscope | 3 files | 600 requests | 2026-09-21 14:13:20 -> 14:14:10 (50s) | app
SCREEN
wait_re '^  /chat/completions +178 +0\.6 +180\.6>210\.2 .* [_.:=+*#-]{10} ok$'
all_ascii || fail "non-ASCII bytes on the home screen"
step "endpoint detail: an ASCII chart with ASCII axes"
keys Enter
wait_for "178 requests, 1 error"
wait_re '^210 \+ '
wait_re '^180 \+-'
wait_re '^ MB \+-+\+-+\+'
wait_re '^ +50 +100 +150 +200 .* req$'
wait_re '^    \| o '
all_ascii || fail "non-ASCII bytes in the endpoint detail"
step "site detail, sites, help"
keys Tab Enter
wait_for "Site src/chat.py:7"
wait_for ">     7 line 7"
all_ascii || fail "non-ASCII bytes in the site detail"
keys 2
wait_for "Allocation sites of the process"
all_ascii || fail "non-ASCII bytes on the Sites screen"
keys '?'
wait_for "Help: keys"
all_ascii || fail "non-ASCII bytes in the help"
quit_app

step "--ascii in a UTF-8 terminal: ASCII chart, no braille"
restart
start_app --ascii app
wait_for "/chat/completions"
wait_re '^  /chat/completions .* [_.:=+*#-]{10} ok$'
keys Enter
wait_for "178 requests, 1 error"
wait_re '^210 \+ '
# braille is U+2800..U+28FF: UTF-8 bytes E2 A0..A3 xx
screen | LC_ALL=C grep -q "$(printf '\342[\240-\243]')" && fail "braille in an --ascii chart"
quit_app
step "a path cut on the left is marked '...', not '~' (a home directory) or '<' (<frozen ...>)"
restart
mkdir -p "$E2E_TMP/captures/of-the-nightly-soak-test-run"
cp -R "$E2E_TMP/app" "$E2E_TMP/captures/of-the-nightly-soak-test-run/"
start_app -s 100x24 -l POSIX captures/of-the-nightly-soak-test-run/app
wait_for "/chat/completions"
wait_re '^ leakscope \| 3 files .* \| \.\.\.[a-z/-]*-run/app *$'
line 0 | grep -q '~' && fail "the title's cut path starts with '~'"
all_ascii || fail "non-ASCII bytes in the cut title"
quit_app
step "a site location too long for a cell keeps its end, marked in ASCII"
restart
deep=$(printf 'deep/%.0s' $(seq 1 220))
mkdir -p "$E2E_TMP/longsite"
{
	printf '['
	i=0
	while [ $i -lt 30 ]; do
		[ $i -gt 0 ] && printf ','
		printf '{"request_id":"req-%d","timestamp":%d,"endpoint":"/a","method":"GET","status_code":200,' $i $((1790000000 + i))
		printf '"status_category":"success","latency":0.1,"had_error":false,"detailed_snapshot":true,'
		printf '"memory":{"current_mb":%d,"peak_mb":200,"tracking_enabled":true,' $((100 + i))
		printf '"top_consumers":[{"file":"/%sx.py:7","size_mb":%d.5,"count":3}]}}' "$deep" $((1 + i))
		i=$((i + 1))
	done
	printf ']'
} >"$E2E_TMP/longsite/a.json"
start_app -l POSIX longsite
wait_for "/a"
keys 2
wait_re '^  #1 +\.\.\.[a-z/]*deep/x\.py:7 '
all_ascii || fail "non-ASCII bytes for a long location on the Sites screen"
keys Enter
wait_re '^ Site \.\.\.[a-z/]*deep/x\.py:7 *$'
all_ascii || fail "non-ASCII bytes for a long location on the site screen"
quit_app
