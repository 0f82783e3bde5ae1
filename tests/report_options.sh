#!/bin/sh
# `leakscope report`'s options: refused values exit 2 with a message that
# names them (never a crash or an allocation of 4 billion threads), and
# the thread count changes nothing in the output.
set -eu
: "${LEAKSCOPE:?}" "${LSGEN:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
samples="$top_srcdir/sample-profiles"
fail() { echo "report_options: $*"; exit 1; }
oom=
refused() { # EXPECTED-MESSAGE ARGS...: exit 2 and the message on stderr
	want=$1
	shift
	st=0
	"$LEAKSCOPE" report "$@" >"$tmp/out" 2>"$tmp/err" || st=$?
	[ "$st" = 2 ] || fail "report $*: exit $st, want 2"
	grep -qF -- "$want" "$tmp/err" || fail "report $*: stderr '$(head -n 2 "$tmp/err")', want '$want'"
}
refused "--threads 4294967295: at most 256" --threads 4294967295 "$samples"
refused "'abc' is not a count" --top abc "$samples"
refused "unknown format 'yaml'" --format yaml "$samples"
refused "no PATH given" --format json
# a path that looks like options is named whole, with the way out
refused "unknown option, or one missing its value: -dash.json (a path that starts with '-' goes after --)" \
	-dash.json
refused "unknown option, or one missing its value: --top" --top
refused "--classic only chooses the verdicts --fail-on-leak uses" --classic "$samples"
refused "nothing could be loaded" "$tmp/nowhere"
# a pattern pcre2 gives up on (catastrophic backtracking) is said in the
# report itself, text and JSON (it was said on stderr only)
a40=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
printf '[{"request_id":"req-1","endpoint":"/x","memory":{"current_mb":1,"top_consumers":[{"file":"/srv/%s!:1","size_mb":1,"count":1}]},"detailed_snapshot":true}]' \
	"$a40" >"$tmp/redos.json"
"$LEAKSCOPE" report --include '(a+)+$' "$tmp/redos.json" 2>"$tmp/err" | grep -q "^Site filters: pcre2 gave up matching site names 1 time " ||
	fail "the text report does not say pcre2 gave up"
"$LEAKSCOPE" report --format json --include '(a+)+$' "$tmp/redos.json" | grep -q '"exclude":null,"gave_up":1}' ||
	fail "the JSON report does not count what pcre2 gave up on"
# the version, as `leakscope --version` says it (it was a usage error here)
[ "$("$LEAKSCOPE" report --version)" = "$("$LEAKSCOPE" --version)" ] || fail "report --version differs from --version"
# an option after a PATH is an option, also with POSIXLY_CORRECT set (getopt
# then stopped at the PATH: --fail-on-leak was a file it could not open, and
# a leak exited 0); after -- it is a PATH
for env in "" POSIXLY_CORRECT=1; do
	st=0
	env $env "$LEAKSCOPE" report "$samples" --fail-on-leak >"$tmp/out" 2>"$tmp/err" || st=$?
	[ "$st" = 1 ] || fail "${env:-GNU order}: report DIR --fail-on-leak: exit $st, want 1 ($(grep -m1 'fail-on-leak' "$tmp/out"))"
done
st=0
"$LEAKSCOPE" report "$samples" -- --fail-on-leak >"$tmp/out" 2>"$tmp/err" || st=$?
# (a path that cannot be read fails the run, after the report of the rest:
# a misspelt path in a CI job must not pass as a process without leaks)
[ "$st" = 2 ] && grep -qF -- '--fail-on-leak: cannot open' "$tmp/out" &&
	grep -qxF 'leakscope report: --fail-on-leak: cannot open: No such file or directory' "$tmp/err" &&
	grep -qF 'Endpoint: /chat/completions' "$tmp/out" || fail "report DIR -- --fail-on-leak: exit $st"
# so does a file given by name that holds no array (it exited 0 without a
# word on stderr); an empty one is a profile being rewritten, no error
printf '{}' >"$tmp/object.json"
: >"$tmp/empty.json"
refused "object.json: top level is not a JSON array; file skipped" "$samples" "$tmp/object.json"
"$LEAKSCOPE" report "$samples" "$tmp/empty.json" >"$tmp/out" 2>"$tmp/err" || fail "report DIR EMPTY-FILE: exit $?, want 0"
# memory that runs out exits 2 with a message (abort's 134 was no status
# the README lists); one 40 MB string under a 30 MB cap (skipped where
# the cap stops the program itself: AddressSanitizer, valgrind)
if (ulimit -v 30000 && "$LEAKSCOPE" --version) >/dev/null 2>&1; then
	{ printf '[{"request_id":"req-1","error_message":"'; head -c 40000000 /dev/zero | tr '\0' x; printf '"}]'; } >"$tmp/big.json"
	st=0
	(ulimit -v 30000 && exec "$LEAKSCOPE" report --threads 1 "$tmp/big.json") >"$tmp/out" 2>"$tmp/err" || st=$?
	[ "$st" = 2 ] && grep -q '^leakscope: out of memory' "$tmp/err" || fail "out of memory: exit $st, $(head -c 200 "$tmp/err")"
	rm -f "$tmp/big.json"
	oom=", out of memory said"
fi
# the report ends with what a CI log needs: how many leak, and which; with
# --fail-on-leak, stderr names them too (the report may go to a file)
st=0
"$LEAKSCOPE" report --fail-on-leak --export "$tmp/rep.txt" "$samples" 2>"$tmp/err" || st=$?
[ "$st" = 1 ] || fail "report --fail-on-leak --export: exit $st, want 1"
tail -n 6 "$tmp/rep.txt" | grep -qx "Result: by leakscope's verdicts, 3 of 8 endpoints leak, in 2 of 2 processes (the original tool flags 1):" ||
	fail "the report does not end with its result: $(tail -n 6 "$tmp/rep.txt")"
tail -n 1 "$tmp/rep.txt" | grep -q '^  LEAK  *.*(.*\.json)$' || fail "the result does not list the leaks: $(tail -n 1 "$tmp/rep.txt")"
grep -q "^leakscope report: --fail-on-leak: 3 endpoints leak by leakscope's verdicts: \/chat\/completions (" "$tmp/err" ||
	fail "--fail-on-leak says nothing on stderr: $(cat "$tmp/err")"
# ... and the heap growth the verdicts leave out: none to blame, or a part
# the leaks found do not hold (a CI log that stops at the leaks would read
# the process as explained)
"$LSGEN" process "$tmp/hidden" --seed 1 --requests 1300 --top 5 --endpoints '/v1/models:leak:6kb:weight=2' \
	'/health:stable:weight=2' '/v1/embeddings:stable:weight=1.5' >/dev/null 2>&1 || fail "lsgen hidden failed"
"$LEAKSCOPE" report "$tmp/hidden" >"$tmp/hidden.txt"
tail -n 2 "$tmp/hidden.txt" | grep -qx "  heap of $tmp/hidden: grows with no endpoint to blame (see its Heap line)" ||
	fail "the result does not say the heap grows with none to blame: $(tail -n 2 "$tmp/hidden.txt")"
"$LSGEN" process "$tmp/part" --seed 42 --requests 1500 --top 10 --endpoints /chat/completions:leak:8kb:weight=3 \
	/embeddings:stable:weight=2 /v1/models:warmup:cap=20 /files/upload:errleak:150kb:err=0.05 \
	/images:sawtooth:64kb:gc=40 >/dev/null 2>&1 || fail "lsgen part failed"
"$LEAKSCOPE" report "$tmp/part" >"$tmp/part.txt"
tail -n 1 "$tmp/part.txt" | grep -q "^  heap of $tmp/part: [0-9.]* MB of its [0-9.]* MB rise in none of the leaking endpoints' sites (see its Heap line)$" ||
	fail "the result does not say what the leaks found leave unheld: $(tail -n 3 "$tmp/part.txt")"
"$LEAKSCOPE" report --format json --threads 1 "$samples" >"$tmp/one"
"$LEAKSCOPE" report --format json --threads 7 "$samples" >"$tmp/seven"
cmp -s "$tmp/one" "$tmp/seven" || fail "--threads 1 and 7 give different reports"
# the process line counts in words a reader can say: no "1 requests"
"$LEAKSCOPE" report "$samples" >"$tmp/t"
grep -qxF '  7 endpoint files, 4,200 requests, 54 distinct allocation sites' "$tmp/t" ||
	fail "process line: $(grep -m1 'endpoint file' "$tmp/t")"
grep -qxF '  1 endpoint file, 300 requests, 11 distinct allocation sites' "$tmp/t" ||
	fail "memory-test process line: $(grep 'endpoint file' "$tmp/t" | tail -n 1)"
# site filters: said at the top, and a table they empty says so (not "no data")
"$LEAKSCOPE" report --include 'no-such-site' "$samples" >"$tmp/f"
grep -qxF 'Active site filters: include /no-such-site/ (the site tables list only what passes)' "$tmp/f" ||
	fail "--include: no filter line at the top"
grep -qE '^  \(none of the [0-9]+ sites passes the site filters\)$' "$tmp/f" || fail "--include: emptied table not said"
grep -q 'no consumer data' "$tmp/f" && fail "--include: an emptied table reads as no data"
# ... and its count is of all its rows, not "(0 of 0)" beside "none of the 12"
grep -qE '^Top memory consumers \(0 of [1-9][0-9]*; 0 pass the site filters\)$' "$tmp/f" ||
	fail "--include: an emptied table counts no rows: $(grep -m1 '^Top memory consumers' "$tmp/f")"
# in Markdown the patterns are code spans: _x_ or *x* is no emphasis
"$LEAKSCOPE" report --format markdown --include '_bootstrap_' --exclude 'a*b' "$samples" >"$tmp/fm"
grep -qxF 'Active site filters: include `/_bootstrap_/` exclude `/a*b/` (the site tables list only what passes)' \
	"$tmp/fm" || fail "markdown: filters not code spans: $(head -n 1 "$tmp/fm")"
"$LEAKSCOPE" report --format json --exclude 'x' "$samples" >"$tmp/fj"
grep -qF '"site_filters":{"include":null,"exclude":"x","gave_up":0}' "$tmp/fj" || fail "--exclude: no site_filters in the JSON"
# a memory-test file's leaking sources: the JSON has the first -> last MB the text shows
"$LSGEN" snapshot "$tmp/leaky.json" --seed 5 >/dev/null 2>&1 || fail "lsgen snapshot failed"
"$LEAKSCOPE" report "$tmp/leaky.json" >"$tmp/lt"
"$LEAKSCOPE" report --format json "$tmp/leaky.json" >"$tmp/lj"
row=$(sed -n '/^Leaking sources$/{n;p;}' "$tmp/lt")
first=$(echo "$row" | sed -n 's/.*)  \([0-9.]*\) → \([0-9.]*\) MB .*/\1/p')
last=$(echo "$row" | sed -n 's/.*)  \([0-9.]*\) → \([0-9.]*\) MB .*/\2/p')
[ -n "$first" ] && [ -n "$last" ] || fail "no leaking source in the text: '$row'"
grep -qE "\"leaking_sources\":\[\{[^]]*\"first_mb\":${first}[0-9]*,\"last_mb\":${last}[0-9]*," "$tmp/lj" ||
	fail "leaking sources: the JSON lacks first_mb $first / last_mb $last"
# one id on every record (req-7 forty times): the explanation says the ids
# repeat (it said the records carry none)
i=0
printf '[' >"$tmp/sameid.json"
while [ $i -lt 40 ]; do
	printf '%s{"request_id":"req-7","endpoint":"/x","latency":0.01,"memory":{"current_mb":%d.5}}' \
		"$([ $i -gt 0 ] && echo ,)" $((100 + i)) >>"$tmp/sameid.json"
	i=$((i + 1))
done
printf ']' >>"$tmp/sameid.json"
"$LEAKSCOPE" report "$tmp/sameid.json" 2>/dev/null | grep -qF "no request ids that order them (missing, or repeated)" ||
	fail "one id on every record: the explanation does not say the ids repeat"
# a memory-test file whose records carry no batch number: no "nothing grew"
printf '[{"test_name":"t","request_id":"req-1","timestamp":"2026-11-20T10:00:00","current_mb":5,"peak_mb":5}]' \
	>"$tmp/nobatch.json"
"$LEAKSCOPE" report "$tmp/nobatch.json" >"$tmp/nb"
grep -qF 'none found: no record carries a batch number, which orders the sizes' "$tmp/nb" ||
	fail "no batch numbers: leaking sources do not say why none"
# no memory value in any record: none recorded, not an average of 0.000 MB
printf '[{"request_id":"req-1","memory":{"current_mb":null}},{"request_id":"req-2","memory":{}}]' >"$tmp/nomem.json"
"$LEAKSCOPE" report "$tmp/nomem.json" >"$tmp/nm"
grep -qxF '  Average memory:  none recorded' "$tmp/nm" || fail "no memory values: an average is shown"
# no latency in any record: none recorded, as the JSON's null says, not 0.000000 s
grep -qxF '  Latency:         none recorded' "$tmp/nm" || fail "no latency values: $(grep Latency "$tmp/nm")"
"$LEAKSCOPE" report --format markdown "$tmp/nomem.json" >"$tmp/nmm"
grep -qxF '| Latency avg / min / max (s) | none recorded |' "$tmp/nmm" || fail "markdown, no latency values: $(grep Latency "$tmp/nmm")"
# a leak whose attribution starts where its site is first listed says from
# where, and why there ("276 steady-state requests" sat next to "over 300
# samples")
"$LSGEN" snapshot "$tmp/snap.json" --seed 3 >/dev/null 2>&1 || fail "lsgen snapshot failed"
"$LEAKSCOPE" report "$tmp/snap.json" >"$tmp/sn"
grep -qE 'of its own, over its [0-9,]+ requests from request [0-9,]+ on, where every growing site is listed' "$tmp/sn" ||
	fail "a window after the steady state's start is not said: $(grep -m1 'Leaks' "$tmp/sn")"
# an error-path leak proven by a site on its one error says one step cannot
# tell a leak from a one-time allocation (as the heap's branch does)
"$LSGEN" process "$tmp/one-err" --seed 33 --requests 159 --heap 5 --top 5 --endpoints \
	/e0:errspike:spike=20:hold=100:err=0.1:weight=0.1 /e1:leak:200kb /e2:late:50kb:onset=0.5 \
	/e3:errspike:spike=1:hold=10:err=0.02 /e4:stable:err=0.2 /e5:stable /e6:cache:cap=10 \
	/e7:errspike:spike=5:hold=1000:err=0.1 /e8:stable /e9:errspike:spike=20:hold=10:err=0.02:weight=0.1 \
	/e10:stable:weight=2 /e11:stable >/dev/null 2>&1 || fail "lsgen process failed"
"$LEAKSCOPE" report "$tmp/one-err" >"$tmp/oe"
grep -q '^  With every error response, .*One error so far: it may also be a one-time allocation' "$tmp/oe" ||
	fail "a site-proven error path on one error does not say it may be a one-time allocation"
# --top 0 / --growth 0 leave the tables out and say so, in both formats
for fmt in text markdown; do
	"$LEAKSCOPE" report --format $fmt --top 0 --growth 0 "$top_srcdir/sample-profiles/endpoint_profiles/health.json" >"$tmp/t0"
	grep -q 'Not listed (`--top 0`)\|(not listed: --top 0)' "$tmp/t0" && grep -q 'not listed: --growth 0\|Not listed (`--growth 0`)' "$tmp/t0" ||
		fail "--top 0 --growth 0 ($fmt) does not say the tables are left out"
	! grep -q 'Rank' "$tmp/t0" || fail "--top 0 --growth 0 ($fmt) still prints a table header"
done
# a figure that rounds to zero has no sign: "-0.00" (a CI's low end) read as a
# number below zero, "+0.00" as growth
"$LSGEN" process "$tmp/flat" --seed 4 --requests 407 --heap 180 --top 10 --noise 0.01 --sampling 0.9 \
	--endpoints /e0:stable /e1:stable >/dev/null
for fmt in text markdown; do
	"$LEAKSCOPE" report --format "$fmt" "$tmp/flat" >"$tmp/flat.$fmt"
	grep -q 'CI 0\.00 to 0\.05' "$tmp/flat.$fmt" || fail "flat ($fmt): the steady-state interval is not 0.00 to 0.05"
	# (leakscope's lines; the classic tables print "+0.0%" as the original does)
	! grep -E 'Steady state|Robust|Attributed' "$tmp/flat.$fmt" | grep -nE '[-+]0\.0+([^0-9]|$)' ||
		fail "flat ($fmt): a signed zero"
done
# what it says on stderr names the values given, but never with their raw
# control bytes (an ESC from a file name in a script turned the terminal red)
esc=$(printf '\033')
mkdir "$tmp/dir${esc}[31m"
ln -s "$tmp/nowhere" "$tmp/dangling${esc}[1m.json"
for args in "--format|x${esc}[31m" "--top|${esc}[31m" "--${esc}[31m" "--export|$tmp/dir${esc}[31m" \
	"--export|$tmp/no${esc}[31m/x" "--export|$tmp/dangling${esc}[1m.json"; do
	st=0
	(IFS='|'; set -f; "$LEAKSCOPE" report $args "$samples") >/dev/null 2>"$tmp/err" || st=$?
	[ "$st" = 2 ] || fail "report $args: exit $st, want 2"
	! grep -q "$esc" "$tmp/err" || fail "report $args: a raw ESC on stderr: $(head -n 1 "$tmp/err" | od -c | head -n 2)"
	grep -qF '\x1b[' "$tmp/err" || fail "report $args: the value is not named: $(head -n 1 "$tmp/err")"
done
# two files of one endpoint with the same requests (a copy) got a LEAK and a
# STABLE without a word: both are LEAK now (the same evidence), each says
# whose requests its requests are, and the heap line says which file is which
mkdir "$tmp/copy"
cp "$samples"/endpoint_profiles/*.json "$tmp/copy/"
cp "$tmp/copy/chat_completions.json" "$tmp/copy/chat_old.json"
"$LEAKSCOPE" report --format json "$tmp/copy" >"$tmp/copy.json" 2>/dev/null
for f in chat_completions chat_old; do
	grep -F "\"file\":\"$tmp/copy/$f.json\"" "$tmp/copy.json" |
		grep -q 'Its requests are those of [^ ]*/chat_[a-z]*\.json too ([0-9,]* request ids in both: a copy, or the files of two runs): the fit cannot tell the two apart' ||
		fail "$f.json: a copy's verdict does not say so"
	grep -F "\"file\":\"$tmp/copy/$f.json\"" "$tmp/copy.json" | grep -q '"verdict":"LEAK"' ||
		fail "$f.json: the same requests as a leaking file's, and not LEAK"
done
grep -F "\"file\":\"$tmp/copy/chat_old.json\"" "$tmp/copy.json" |
	grep -q 'so this file takes that one.s verdict\."' || fail "the copy does not say it takes the other's verdict"
grep -q 'Leaking: /chat/completions (chat_completions\.json), /chat/completions (chat_old\.json), ' "$tmp/copy.json" ||
	fail "the heap line does not tell the two files of one name apart"
# a copy cut short holds most of the other's requests, not all: the longer
# file says how many ("Its requests are those of" overstated it)
cp "$tmp/copy/chat_completions.json" "$tmp/copy/chat_cut.json"
rm "$tmp/copy/chat_old.json"
"$LSGEN" truncate "$tmp/copy/chat_cut.json" 0.95 >/dev/null 2>&1 || fail "lsgen truncate failed"
"$LEAKSCOPE" report --format json "$tmp/copy" >"$tmp/cut.json" 2>/dev/null
grep -F "\"file\":\"$tmp/copy/chat_completions.json\"" "$tmp/cut.json" |
	grep -q ' [0-9,]* of its 988 requests are those of [^ ]*/chat_cut\.json too (a copy, or the files of two runs): the fit' ||
	fail "the longer file of a cut copy does not say how many of its requests are shared"
grep -F "\"file\":\"$tmp/copy/chat_cut.json\"" "$tmp/cut.json" |
	grep -q 'Its requests are those of [^ ]*/chat_completions\.json too ([0-9,]* request ids in both' ||
	fail "the cut copy does not say its requests are the other's"
echo "report_options: 5 refusals, 1 and 7 threads alike, filters said, no batch said, no memory or latency said, window said, one error said, one id said, --top 0 said, no signed zero, no raw ESC on stderr, copies (whole and cut) said${oom:-}"
