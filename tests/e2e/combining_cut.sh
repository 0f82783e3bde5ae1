#!/bin/sh
# A name cut at the start ("…" and its end) never keeps a character's
# combining marks without the character: with "é" written as e + U+0301
# U+0301, a cut just after the "e" used to leave the two accents on the
# "…" ("…́́bcdef…"). At every width the name column shows whole
# characters, and the columns after it stay aligned.
. "$(dirname "$0")/lib.sh"

acute=$(printf '\314\201')
name="/$(printf 'a%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)e$acute${acute}bcdefghijklmn"
# two endpoints, 30 requests each (a small hand-written capture: the bug
# is about these bytes in a name)
# one process (one folder): the widths below are those of a table without a
# Process column
mkdir -p "$E2E_TMP/one"
for f in 0 1; do
	i=0
	{
		printf '['
		while [ $i -lt 30 ]; do
			[ $i -gt 0 ] && printf ','
			n=$((i * 2 + f))
			if [ $f = 0 ]; then ep=$name; else ep=/plain; fi
			printf '{"request_id":"req-%d","timestamp":%d.5,"endpoint":"%s","method":"GET","status_code":200,"status_category":"success","latency":0.1,"had_error":false,"memory":{"current_mb":%d.%02d,"peak_mb":200,"tracking_enabled":true},"detailed_snapshot":false}' \
				$n $((1790000000 + n)) "$ep" $((100 + n / 100)) $((n % 100))
			i=$((i + 1))
		done
		printf ']'
	} >"$E2E_TMP/one/ep$f.json"
done

start_app -s 60x15 one
wait_for "/plain"
w=60
seen_cut=no
while [ $w -le 72 ]; do
	step "$w columns"
	resize $w 15
	wait_until "the table is drawn for $w columns" eval "[ \"\$(line 2 | tr -d '\n' | wc -m)\" -le $w ] && screen | grep -q 'cdefghijklmn '"
	settle
	row=$(screen | grep -F 'cdefghijklmn ')
	case $row in
	*"…$acute"*) fail "the accents of a cut-off é sit on the ellipsis: [$row]" ;;
	esac
	case $row in
	*"…bcdefghijklmn "*) seen_cut=yes ;;
	esac
	# Requests right-aligned in the same column as /plain's
	a=$(screen | grep -F 'cdefghijklmn ' | sed 's/ 30 .*//' | tr -d '\n' | wc -m)
	b=$(screen | grep -F '/plain ' | sed 's/ 30 .*//' | tr -d '\n' | wc -m)
	a=$((a - $(printf '%s' "$row" | sed 's/ 30 .*//' | grep -o "$acute" | wc -l)))
	[ "$a" = "$b" ] || fail "the Requests column moved: $a vs $b columns"
	w=$((w + 1))
done
[ $seen_cut = yes ] || fail "no width cut the name just after the é (the test does not test)"
quit_app
