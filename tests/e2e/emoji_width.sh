#!/bin/sh
# Names with emoji: what a terminal draws as one character is sometimes
# several code points. An emoji with VS16 ("☁️"), a flag (two regional
# indicators) and an accent (e + U+0301) are each measured as one
# character, so at every width the column after the name stays in line
# with a plain name's, and a cut never keeps part of one ("…🇪", "…́").
# Emoji joined by ZWJ ("👨‍👩‍👧") are drawn side by side without it, and
# an emoji with a skin tone ("👍🏽") without the tone: terminals that join
# them draw one glyph, others two.
#
# The terminal here is tmux, with its own idea of widths: tmux 3.3 joins a
# ZWJ sequence into one 2-column glyph like the emoji terminals (xterm does
# not), but ignores VS16 ("☁️" in 1 column; tmux 3.4 and emoji terminals
# give it 2). So the test measures where tmux put things (cell_col), not
# what leakscope meant to: leakscope draws a VS16 emoji as the symbol and
# a blank, and never sends a ZWJ, the same columns in every terminal,
# which is what makes the alignment hold in all of them.
. "$(dirname "$0")/lib.sh"

cloud=$(printf '\342\230\201\357\270\217')
flag=$(printf '\360\237\207\251\360\237\207\252')
flag2=$(printf '\360\237\207\252')          # the flag's second letter alone
zwj=$(printf '\342\200\215')
girl=$(printf '\360\237\221\247')
woman=$(printf '\360\237\221\251')
family=$(printf '\360\237\221\250')$zwj$woman$zwj$girl
accent=$(printf 'e\314\201')
thumbs=$(printf '\360\237\221\215')
tone=$(printf '\360\237\217\275')       # a skin tone, U+1F3FD
vs16=$(printf '\357\270\217')
a20=$(printf 'a%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)

# write_ep FILE NAME: 30 records of endpoint NAME (a small hand-written
# capture: the bug is about the bytes in the names)
write_ep() {
	local i=0 n
	{
		printf '['
		while [ $i -lt 30 ]; do
			[ $i -gt 0 ] && printf ','
			n=$((i * 8 + ${3:-0}))
			printf '{"request_id":"req-%d","timestamp":%d.5,"endpoint":"%s","method":"GET","status_code":200,"status_category":"success","latency":0.1,"had_error":false,"memory":{"current_mb":%d.%02d,"peak_mb":200,"tracking_enabled":true},"detailed_snapshot":false}' \
				$n $((1790000000 + n)) "$2" $((100 + n / 100)) $((n % 100))
			i=$((i + 1))
		done
		printf ']'
	} >"$E2E_TMP/one/$1"
}
# one process (one folder): the widths below are those of a table without a
# Process column
mkdir -p "$E2E_TMP/one"
# the same tail length after each character, so one width cuts them all
# just after it; no digits in the names (cell_col looks for the 3 of 30)
write_ep cloud.json "/$a20${cloud}cloudtailabcd" 0
write_ep flag.json "/$a20${flag}flagstailabcd" 1
write_ep family.json "/$a20${family}familytailabc" 2
write_ep accent.json "/$a20${accent}accenttailabc" 3
write_ep thumbs.json "/$a20$thumbs${tone}thumbtailabcd" 5
write_ep plain.json "/${a20}zplaintailabcd" 4

# cell_col ROW CHAR: the column tmux shows the first CHAR of screen row ROW
# in (its copy-mode cursor: cells as the terminal drew them)
cell_col() {
	tm copy-mode -t t || fail "copy-mode"
	tm send-keys -t t -X top-line
	[ "$1" -gt 0 ] && tm send-keys -t t -N "$1" -X cursor-down
	tm send-keys -t t -X start-of-line
	tm send-keys -t t -X jump-forward "$2"
	tm display -p -t t '#{copy_cursor_y} #{copy_cursor_x}'
	tm send-keys -t t -X cancel
}

start_app -s 61x15 one
wait_for "plaintailabcd"
w=61
seen=""
while [ $w -le 74 ]; do
	step "$w columns"
	resize $w 15
	wait_until "the table is drawn for $w columns" eval "[ \"\$(line 2 | tr -d '\n' | wc -m)\" -le $w ] && screen | grep -q 'plaintailabcd '"
	settle
	plain=$(cell_col "$(row_of plaintailabcd)" 3)
	for t in cloudtailabcd flagstailabcd familytailabc accenttailabc thumbtailabcd; do
		r=$(row_of $t)
		row=$(line "$r")
		got=$(cell_col "$r" 3)
		[ "${got#* }" = "${plain#* }" ] || fail "the Requests column moved on the $t row: column ${got#* } vs ${plain#* } ([$row])"
		case $row in
		*"$zwj"*)
			fail "a ZWJ was sent (a terminal that joins emoji would shift the row): [$row]" ;;
		*"$tone"*)
			fail "a skin tone was sent (a terminal that joins it would shift the row): [$row]" ;;
		*"…$flag2"* | *"…$vs16"* | *"…$(printf '\314\201')"*)
			fail "a cut kept part of a character: [$row]" ;;
		*"…$t "*) seen="$seen $t" ;;
		esac
	done
	w=$((w + 1))
done
for t in cloudtailabcd flagstailabcd familytailabc accenttailabc thumbtailabcd; do
	case $seen in
	*$t*) ;;
	*) fail "no width cut the $t name just after its character (the test does not test)" ;;
	esac
done
quit_app
