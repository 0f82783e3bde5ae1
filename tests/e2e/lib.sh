# lib.sh — drive the real leakscope binary in a real terminal (tmux) and
# compare what is on the screen. Sourced by every tests/e2e/*.sh scenario.
#
# Each scenario gets a private tmux server (-L leakscope-test-PID), a private
# temporary directory, a pinned terminal (TERM, size) and locale/clock/zone
# (LC_ALL, TZ, LEAKSCOPE_NOW), and kills its server on any exit. Nothing waits
# a fixed time: every step polls the screen until a condition holds or a
# generous timeout (E2E_TIMEOUT seconds, default 30) expires, so a slow CI
# machine only makes the tests slower, not flaky.
#
# Environment (set by `make check` through AM_TESTS_ENVIRONMENT):
#   LEAKSCOPE  the binary under test        LSGEN  the fixture generator
#   LEAKSCOPE_WRAPPER  optional command prefix, e.g. "valgrind -q --error-exitcode=99"
#   E2E_TIMEOUT  seconds per wait (30)      E2E_KEEP=1  keep the temporary directory
# One scenario by hand, from the build directory:
#   make check TESTS=tests/e2e/chart.sh      (log: tests/e2e/chart.sh.log)
# A failing step prints its name and the whole screen as the user saw it.
#
# Writing a scenario: wait for what the key must change (wait_for, wait_re,
# expect_rows, wait_until), never sleep; keys starting with ESC (esc,
# mouse_*, xterm_key) wait until the program consumed them.

set -u

E2E_NAME=$(basename "$0" .sh)
E2E_TIMEOUT=${E2E_TIMEOUT:-30}

if ! command -v tmux >/dev/null 2>&1; then
	echo "$E2E_NAME: SKIP: tmux is not installed (apt-get install tmux)"
	exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
: "${LEAKSCOPE:=$here/../../leakscope}"
: "${LSGEN:=$here/../gen/lsgen}"
for prog in "$LEAKSCOPE" "$LSGEN"; do
	if [ ! -x "$prog" ]; then
		echo "$E2E_NAME: ERROR: $prog is not built" >&2
		exit 99
	fi
done
LEAKSCOPE=$(cd "$(dirname "$LEAKSCOPE")" && pwd)/$(basename "$LEAKSCOPE")
LSGEN=$(cd "$(dirname "$LSGEN")" && pwd)/$(basename "$LSGEN")

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/leakscope-e2e.XXXXXX")
E2E_SOCK=leakscope-test-$$
# tmux itself must think in UTF-8 whatever the caller's locale is
export LC_ALL=C.UTF-8
unset TMUX

tm() { tmux -L "$E2E_SOCK" -f "$E2E_TMP/tmux.conf" "$@"; }

e2e_cleanup() {
	tm kill-server >/dev/null 2>&1
	# tmux leaves its socket file behind; remove it (only ours, by name)
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$E2E_SOCK"
	if [ "${E2E_KEEP:-}" = 1 ]; then
		echo "kept $E2E_TMP" >&2
	else
		chmod -R u+rwx "$E2E_TMP" 2>/dev/null
		rm -rf "$E2E_TMP"
	fi
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

cat >"$E2E_TMP/tmux.conf" <<'CONF'
set -g status off
set -g history-limit 100
set -g escape-time 0
CONF

E2E_COLS=120
E2E_ROWS=40
E2E_STEP=""   # what the test is doing, for failure messages

step() { E2E_STEP=$*; }

# Fail with the current screen, so a CI log shows what the user would see.
fail() {
	echo "FAIL: $E2E_NAME: ${E2E_STEP:+[$E2E_STEP] }$*" >&2
	echo "---- screen (${E2E_COLS}x${E2E_ROWS}) ----" >&2
	screen >&2 2>/dev/null
	echo "---- end of screen ----" >&2
	exit 1
}

# ---- fixtures ---------------------------------------------------------------

# gen_process DIR [lsgen options...]: a deterministic process directory.
gen_process() {
	local dir=$1
	shift
	(cd "$E2E_TMP" && "$LSGEN" process "$dir" "$@" >/dev/null) || fail "lsgen process $dir $* failed"
}

# The standard process most scenarios open: /chat/completions leaks on
# success at src/chat.py:7, /users/{id} leaks on its error path at
# src/users.py:4, /health is stable. Site paths are relative, so they resolve
# inside $E2E_TMP (where leakscope runs) and stay short on screen.
gen_standard() {
	gen_process "${1:-app}" --seed 11 --requests 600 --top 8 --endpoints \
		'/chat/completions:leak:120kb:site=src/chat.py:7' \
		'/health:stable' \
		'/users/{id}:errleak:400kb:err=0.1:site=src/users.py:4'
}

# ---- the terminal ------------------------------------------------------------

# start_app [-s COLSxROWS] [-l LOCALE] [-e VAR=VALUE]... [--] ARGS...
# Runs leakscope ARGS in $E2E_TMP (so paths on screen are short and stable).
start_app() {
	local locale=C.UTF-8 envs=""
	while [ $# -gt 0 ]; do
		case $1 in
		-s) E2E_COLS=${2%x*}; E2E_ROWS=${2#*x}; shift 2 ;;
		-l) locale=$2; shift 2 ;;
		-e) envs="$envs '$2'"; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	local args="" a
	for a in "$@"; do
		args="$args '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
	done
	rm -f "$E2E_TMP/exit-status"
	cat >"$E2E_TMP/run.sh" <<RUN
cd '$E2E_TMP' || exit 98
# Ctrl-C (and Ctrl-backslash) go to the whole foreground group: this shell must
# outlive them to record leakscope's status (a caught signal is reset to
# default by exec).
trap : INT QUIT
env -i PATH='$PATH' HOME='$E2E_TMP' TERM=xterm-256color LC_ALL='$locale' LANG='$locale' \
	TZ=UTC LEAKSCOPE_NOW=1790003600 ${ASAN_OPTIONS:+ASAN_OPTIONS='$ASAN_OPTIONS'} \
	${UBSAN_OPTIONS:+UBSAN_OPTIONS='$UBSAN_OPTIONS'} $envs \
	${LEAKSCOPE_WRAPPER:-} '$LEAKSCOPE' $args
echo \$? >'$E2E_TMP/exit-status.tmp'
mv '$E2E_TMP/exit-status.tmp' '$E2E_TMP/exit-status'
# keep the pane (and what leakscope printed on leaving) until the test ends
exec sleep 3600
RUN
	# a server killed just before may still be going away: retry a while
	local n=0
	until tm new-session -d -s t -x "$E2E_COLS" -y "$E2E_ROWS" "sh '$E2E_TMP/run.sh'" 2>"$E2E_TMP/tmux.err"; do
		n=$((n + 1))
		[ "$n" -lt 100 ] || fail "tmux cannot start: $(cat "$E2E_TMP/tmux.err")"
		tm kill-server >/dev/null 2>&1
		sleep 0.1
	done
}

# restart: end this leakscope and its terminal (for a second start_app).
restart() {
	tm kill-server >/dev/null 2>&1
	local n=0
	while tm has-session -t t >/dev/null 2>&1 && [ "$n" -lt 100 ]; do
		sleep 0.05
		n=$((n + 1))
	done
}

# The screen as text, one line per row, trailing blanks trimmed.
screen() { tm capture-pane -p -t t; }
# With attributes as escape sequences (colours, reverse, bold).
screen_attrs() { tm capture-pane -p -e -t t; }
# Row N (0-based) of the screen.
line() { screen | sed -n "$(($1 + 1))p"; }

# wait_for TEXT [SECONDS]: until the screen contains TEXT (fixed string).
wait_for() {
	local text=$1 limit=${2:-$E2E_TIMEOUT} t=0
	while [ "$t" -lt $((limit * 20)) ]; do
		screen | grep -qF -- "$text" && return 0
		app_running || { screen | grep -qF -- "$text" && return 0; fail "leakscope exited (status $(cat "$E2E_TMP/exit-status" 2>/dev/null)) while waiting for: $text"; }
		sleep 0.05
		t=$((t + 1))
	done
	fail "timed out after ${limit}s waiting for: $text"
}

# wait_words TEXT [SECONDS]: until the screen, its lines joined by one
# space, contains TEXT: a sentence of a wrapped paragraph wherever the
# wrap falls (an explanation's wording, not its layout).
wait_words() {
	local text=$1 limit=${2:-$E2E_TIMEOUT} t=0
	while [ "$t" -lt $((limit * 20)) ]; do
		screen | sed 's/^ *//; s/ *$//' | tr '\n' ' ' | grep -qF -- "$text" && return 0
		sleep 0.05
		t=$((t + 1))
	done
	fail "timed out after ${limit}s waiting for these words: $text"
}

# wait_re REGEX [SECONDS]: until a line matches the extended regex.
wait_re() {
	local re=$1 limit=${2:-$E2E_TIMEOUT} t=0
	while [ "$t" -lt $((limit * 20)) ]; do
		screen | grep -qE -- "$re" && return 0
		sleep 0.05
		t=$((t + 1))
	done
	fail "timed out after ${limit}s waiting for a line matching: $re"
}

# wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen.
wait_gone() {
	local text=$1 limit=${2:-$E2E_TIMEOUT} t=0
	while [ "$t" -lt $((limit * 20)) ]; do
		screen | grep -qF -- "$text" || return 0
		sleep 0.05
		t=$((t + 1))
	done
	fail "timed out after ${limit}s waiting for this to go away: $text"
}

# wait_line N TEXT: until row N is exactly TEXT (trailing blanks ignored).
wait_line() {
	local n=$1 want=$2 limit=${3:-$E2E_TIMEOUT} t=0 got
	while [ "$t" -lt $((limit * 20)) ]; do
		got=$(line "$n")
		[ "${got%"${got##*[! ]}"}" = "$want" ] && return 0
		sleep 0.05
		t=$((t + 1))
	done
	fail "row $n is
  [$got]
expected
  [$want]"
}

# Wait until the screen stops changing (for steps with nothing new to wait for).
settle() {
	local prev cur n=0 t=0
	prev=$(screen)
	while [ "$t" -lt $((E2E_TIMEOUT * 20)) ]; do
		sleep 0.1
		cur=$(screen)
		if [ "$cur" = "$prev" ]; then
			n=$((n + 1))
			[ "$n" -ge 3 ] && return 0
		else
			n=0
			prev=$cur
		fi
		t=$((t + 2))
	done
	fail "the screen never settled"
}

app_running() { [ ! -f "$E2E_TMP/exit-status" ]; }

# keys KEY...: tmux key names (Enter, Escape, Down, PPage, C-l ...) or letters.
keys() { tm send-keys -t t "$@" || fail "send-keys $*"; }
# type_text STRING: literal characters, no key-name lookup.
type_text() { tm send-keys -t t -l -- "$1" || fail "send-keys -l $1"; }

# Keys that begin with ESC (Escape itself, mouse reports) must be consumed
# before the next key is sent: a slow program that reads ESC together with
# the next byte takes them for one sequence (Alt-key) and the key is lost.
# So these helpers send, then wait until the screen changed because of them.
screen_changed() { [ "$(screen_attrs)" != "$1" ]; }
esc() {
	local before
	before=$(screen_attrs)
	keys Escape
	wait_until "Escape took effect" screen_changed "$before"
}

# Home / End as xterm sends them in keypad mode (terminfo khome=\EOH,
# kend=\EOF): tmux's own Home/End key names send \E[1~ / \E[4~, which
# xterm-256color does not define. They change the screen (selection moves).
xterm_key() {
	local before seq
	case $1 in
	Home) seq=$(printf '\033OH') ;;
	End) seq=$(printf '\033OF') ;;
	*) fail "xterm_key: unknown key $1" ;;
	esac
	before=$(screen_attrs)
	type_text "$seq"
	wait_until "$1 took effect" screen_changed "$before"
}

# SGR (1006) mouse events, X and Y 1-based as the terminal reports them.
mouse_press() {
	type_text "$(printf '\033[<0;%d;%dM' "$1" "$2")"
	type_text "$(printf '\033[<0;%d;%dm' "$1" "$2")"
}
# A click that changes something on the screen (selection, tab, cursor).
mouse_click() {
	local before
	before=$(screen_attrs)
	mouse_press "$1" "$2"
	wait_until "the click at $1,$2 took effect" screen_changed "$before"
}
# Two clicks in quick succession, as a double click: in one send-keys, as
# four tmux calls under a loaded make check -j2 could take longer than the
# explorer's 0.4 s between the clicks and read as two single clicks.
mouse_double() {
	local before
	before=$(screen_attrs)
	type_text "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm\033[<0;%d;%dM\033[<0;%d;%dm' \
		"$1" "$2" "$1" "$2" "$1" "$2" "$1" "$2")"
	wait_until "the double click at $1,$2 took effect" screen_changed "$before"
}
mouse_wheel_down() {
	local before
	before=$(screen_attrs)
	type_text "$(printf '\033[<65;%d;%dM' "$1" "$2")"
	wait_until "the wheel scrolled" screen_changed "$before"
}
mouse_wheel_up() {
	local before
	before=$(screen_attrs)
	type_text "$(printf '\033[<64;%d;%dM' "$1" "$2")"
	wait_until "the wheel scrolled" screen_changed "$before"
}

resize() {
	E2E_COLS=$1
	E2E_ROWS=$2
	tm resize-window -t t -x "$1" -y "$2" || fail "resize-window $1 $2"
}

# wait_exit [SECONDS]: until leakscope exits; prints its status.
wait_exit() {
	local limit=${1:-$E2E_TIMEOUT} t=0
	while [ "$t" -lt $((limit * 20)) ]; do
		if [ -s "$E2E_TMP/exit-status" ]; then
			cat "$E2E_TMP/exit-status"
			return 0
		fi
		sleep 0.05
		t=$((t + 1))
	done
	fail "leakscope did not exit within ${limit}s"
}

# quit_app: leave with Q and expect a clean exit status 0 (sanitizer and
# valgrind errors show up here as a non-zero status).
quit_app() {
	step "quit"
	keys Q
	local st
	st=$(wait_exit)
	[ "$st" = 0 ] || fail "leakscope exited with status $st"
}

# ---- assertions --------------------------------------------------------------

# expect_rows FIRST <<'EOF' ... EOF: rows FIRST.. must equal the given lines
# exactly (trailing blanks ignored). Polls, so it may follow a key press.
expect_rows() {
	local first=$1 want got t=0
	want=$(cat)
	local n
	n=$(printf '%s\n' "$want" | wc -l)
	while :; do
		got=$(screen | sed -n "$((first + 1)),$((first + n))p" | sed 's/ *$//')
		[ "$got" = "$(printf '%s\n' "$want" | sed 's/ *$//')" ] && return 0
		t=$((t + 1))
		[ "$t" -ge $((E2E_TIMEOUT * 10)) ] && break
		sleep 0.1
	done
	printf '%s\n' "$want" | sed 's/ *$//' >"$E2E_TMP/want.txt"
	printf '%s\n' "$got" >"$E2E_TMP/got.txt"
	fail "rows $first..$((first + n - 1)) differ (- expected, + on screen):
$(diff -u "$E2E_TMP/want.txt" "$E2E_TMP/got.txt" | tail -n +3)"
}

# expect_no TEXT: TEXT is not on the screen now.
expect_no() {
	screen | grep -qF -- "$1" && fail "unexpected on screen: $1"
	return 0
}

# The row holding TEXT (0-based), or fail.
row_of() {
	local r
	r=$(screen | grep -nF -- "$1" | head -n 1 | cut -d: -f1)
	[ -n "$r" ] || fail "not on screen: $1"
	echo $((r - 1))
}

# opened_title RE: press Enter, wait until row 2 itself matches RE (the
# title of the screen it opens: a stale footer proves nothing), print that
# row, then Esc. What the user sees as "the selected row", whatever colours
# the theme uses.
opened_title() {
	local t n=0
	keys Enter
	while ! line 2 | grep -qE "$1"; do
		n=$((n + 1))
		[ "$n" -lt $((E2E_TIMEOUT * 20)) ] || fail "Enter did not open a screen titled /$1/"
		sleep 0.05
	done
	t=$(line 2)
	esc
	printf '%s\n' "$t"
}

# The endpoint a press of Enter opens (the detail title), then back.
selected_endpoint() {
	local t
	t=$(opened_title ' requests?, [0-9]+ errors? ' | awk '{print $1}')
	wait_until "the endpoints table is back" eval 'line 2 | grep -q "^  Endpoint "'
	echo "$t"
}

# names FIRST N: the first word of N rows from FIRST, space-separated (row
# order of a table, whatever its other columns look like); a mark (*) is skipped.
names() {
	screen | sed -n "$(($1 + 1)),$(($1 + $2))p" | awk '{w = ($1 == "*") ? $2 : $1; printf "%s%s", sep, w; sep=" "} END {print ""}'
}

# wait_names FIRST WANT: until names FIRST (count of WANT) equals WANT.
wait_names() {
	local first=$1 want=$2 n got t=0
	n=$(echo "$want" | wc -w)
	while [ "$t" -lt $((E2E_TIMEOUT * 20)) ]; do
		got=$(names "$first" "$n")
		[ "$got" = "$want" ] && return 0
		sleep 0.05
		t=$((t + 1))
	done
	fail "rows from $first are [$got], expected [$want]"
}

# locations FIRST N: the PATH:LINE word of N rows from FIRST (site tables).
locations() {
	screen | sed -n "$(($1 + 1)),$(($1 + $2))p" |
		awk '{for (i = 1; i <= NF; i++) if ($i ~ /:[0-9]+$/) {printf "%s%s", sep, $i; sep=" "; break}} END {print ""}'
}

wait_locations() {
	local first=$1 want=$2 n got t=0
	n=$(echo "$want" | wc -w)
	while [ "$t" -lt $((E2E_TIMEOUT * 20)) ]; do
		got=$(locations "$first" "$n")
		[ "$got" = "$want" ] && return 0
		sleep 0.05
		t=$((t + 1))
	done
	fail "locations from row $first are [$got], expected [$want]"
}

# gen_standard_upto DIR N: the standard process as its files were after
# request N of the same run (for reload and follow).
gen_standard_upto() {
	gen_process "$1" --seed 11 --requests 600 --top 8 --upto "$2" --endpoints \
		'/chat/completions:leak:120kb:site=src/chat.py:7' \
		'/health:stable' \
		'/users/{id}:errleak:400kb:err=0.1:site=src/users.py:4'
}

# rewrite SRC DST: replace DST's bytes in place, as the profiler does
# (open "w", write, close): same inode, new content.
rewrite() { cat "$1" >"$2" || fail "cannot rewrite $2"; }

# wait_until DESCRIPTION COMMAND...: poll until COMMAND succeeds.
wait_until() {
	local what=$1 t=0
	shift
	while [ "$t" -lt $((E2E_TIMEOUT * 20)) ]; do
		"$@" && return 0
		sleep 0.05
		t=$((t + 1))
	done
	fail "timed out after ${E2E_TIMEOUT}s waiting until $what"
}

# Display width (characters) of the first screen row matching REGEX.
row_width() { screen | grep -E -- "$1" | head -n 1 | tr -d '\n' | wc -m; }

# Every SGR parameter used on the screen, one per line (e.g. 1, 7, 36, 38).
sgr_params() {
	screen_attrs | grep -o "$(printf '\033')\[[0-9;]*m" | sed 's/^.\[//; s/m$//' | tr ';' '\n' | sed '/^$/d' | sort -u
}

# Bytes outside 7-bit ASCII on the screen.
non_ascii_bytes() { screen | LC_ALL=C tr -d '\000-\177' | wc -c | tr -d ' '; }
