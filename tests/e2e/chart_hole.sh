#!/bin/sh
# Requests 1000-1999 have no record at all (the profiler was off): the
# endpoint chart draws nothing across them but the fit line, neither the
# current_mb line nor its rolling mean nor markers. Before, a straight line
# joined the records on both sides, as if the heap had been measured flat.
. "$(dirname "$0")/lib.sh"

gen_process app --seed 3 --requests 3000 --gap 1000:1000 --endpoints \
	'/chat/completions:leak:40kb:site=src/chat.py:7' '/health:stable'
# (ASCII charts: there the fit line is the only '~')
start_app -s 120x40 -- --ascii app
wait_for "/chat/completions"
keys Enter
wait_for "1,001 requests"
wait_re '^ +200 +400 +600 +800 +1000 +1200 +1400 +1600 +1800 +2000 .* req$'
step "the columns of requests 1200-1800 hold only the fit line; 400 and 2400 the curve"
settle
screen >"$E2E_TMP/pane"
# for each x label (its last digit's column): what the plot rows above the
# x axis hold there, e.g. "1400 [  ~     ]"
awk '
	/^ MB \+-/ { axis = NR }
	/^[0-9]+ \+/ && !top { top = NR }
	{ row[NR] = $0 }
	END {
		lab = row[axis + 1]
		n = split("400 1200 1400 1600 1800 2400", want, " ")
		for (k = 1; k <= n; k++) {
			c = index(lab, " " want[k] " ") + length(want[k])
			col = ""
			for (r = top; r < axis; r++)
				col = col substr(row[r], c, 1)
			print want[k] " [" col "]"
		}
	}' "$E2E_TMP/pane" >"$E2E_TMP/columns"
for req in 1200 1400 1600 1800; do
	grep -q "^$req \[[ ~]*~[ ~]*\]$" "$E2E_TMP/columns" ||
		fail "inside the hole: $(grep "^$req " "$E2E_TMP/columns")"
done
for req in 400 2400; do
	grep -q "^$req \[.*[-_'|.].*\]$" "$E2E_TMP/columns" ||
		fail "no curve outside the hole: $(grep "^$req " "$E2E_TMP/columns")"
done
quit_app
