#!/bin/sh
# `leakscope report --export FILE` never destroys what it should not: a
# profile being read is refused (exit 2, left as it was), even one that
# gave no records (empty, not JSON), a symbolic link
# keeps pointing where it did (its target gets the report), a device such
# as /dev/stdout is written through, and a directory is refused.
set -eu
: "${LEAKSCOPE:?}" "${top_srcdir:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
cp "$top_srcdir/sample-profiles/endpoint_profiles/health.json" "$tmp/health.json"
sum=$(cksum <"$tmp/health.json")
fail() { echo "report_export: $*"; exit 1; }

st=0
"$LEAKSCOPE" report --export "$tmp/health.json" "$tmp/health.json" 2>"$tmp/err" || st=$?
[ "$st" = 2 ] || fail "export onto the input: exit $st, want 2"
grep -q 'one of the profiles being read; not overwritten' "$tmp/err" || fail "export onto the input: $(cat "$tmp/err")"
[ "$(cksum <"$tmp/health.json")" = "$sum" ] || fail "export onto the input changed it"

# an input that gave no records (empty while the profiler rewrites it, not
# JSON) is an input all the same: never overwritten
mkdir "$tmp/proc"
cp "$tmp/health.json" "$tmp/proc/health.json"
: >"$tmp/proc/empty.json"
echo 'not json' >"$tmp/proc/notes.json"
for f in empty.json notes.json; do
	before=$(cksum <"$tmp/proc/$f")
	st=0
	"$LEAKSCOPE" report --export "$tmp/proc/$f" "$tmp/proc" 2>"$tmp/err" || st=$?
	[ "$st" = 2 ] || fail "export onto $f, read without records: exit $st, want 2"
	grep -q 'one of the profiles being read; not overwritten' "$tmp/err" || fail "export onto $f: $(cat "$tmp/err")"
	[ "$(cksum <"$tmp/proc/$f")" = "$before" ] || fail "export onto $f, read without records, changed it"
done

ln -s report.txt "$tmp/link.txt"
echo old >"$tmp/report.txt"
"$LEAKSCOPE" report --export "$tmp/link.txt" "$tmp/health.json"
[ -L "$tmp/link.txt" ] || fail "the symbolic link was replaced by a file"
grep -q '^Process: ' "$tmp/report.txt" || fail "the link's target did not get the report"

out=$("$LEAKSCOPE" report --export /dev/stdout "$tmp/health.json" | head -n 1)
case $out in "Process: "*) ;; *) fail "--export /dev/stdout printed '$out'" ;; esac

st=0
"$LEAKSCOPE" report --export "$tmp" "$tmp/health.json" 2>"$tmp/err" || st=$?
[ "$st" = 2 ] && grep -q 'is a directory' "$tmp/err" || fail "export onto a directory: exit $st, $(cat "$tmp/err")"
# a report replacing a private file stays private; a new one follows umask
echo old >"$tmp/private.txt"
chmod 600 "$tmp/private.txt"
"$LEAKSCOPE" report --export "$tmp/private.txt" "$tmp/health.json"
[ "$(stat -c %a "$tmp/private.txt")" = 600 ] || fail "a 0600 file replaced by the report is $(stat -c %a "$tmp/private.txt")"
grep -q '^Process: ' "$tmp/private.txt" || fail "the private file did not get the report"
(umask 027 && "$LEAKSCOPE" report --export "$tmp/fresh.txt" "$tmp/health.json")
[ "$(stat -c %a "$tmp/fresh.txt")" = 640 ] || fail "a new report under umask 027 is $(stat -c %a "$tmp/fresh.txt")"

# a directory that is not there is named as such
st=0
"$LEAKSCOPE" report --export "$tmp/nowhere/r.txt" "$tmp/health.json" 2>"$tmp/err" || st=$?
[ "$st" = 2 ] && grep -q "nowhere/r.txt: cannot create a file in $tmp/nowhere: no such directory" "$tmp/err" ||
	fail "export into a missing directory: exit $st, $(cat "$tmp/err")"
# ... and one that is there but takes no files (its ENOENT too) is not
if [ -d /proc/self ]; then
	st=0
	"$LEAKSCOPE" report --export /proc/self/r.txt "$tmp/health.json" 2>"$tmp/err" || st=$?
	[ "$st" = 2 ] && grep -q "cannot create a file in /proc/self: that file system takes no new files" "$tmp/err" ||
		fail "export into /proc/self: exit $st, $(cat "$tmp/err")"
fi
# an empty name (an unset variable) is a usage error said at once, and no
# temporary file is made for it
st=0
(cd "$tmp" && "$LEAKSCOPE" report --export "" "$tmp/health.json") >"$tmp/out" 2>"$tmp/err" || st=$?
[ "$st" = 2 ] && grep -qxF 'leakscope report: --export: no file name given' "$tmp/err" ||
	fail "export to an empty name: exit $st, $(cat "$tmp/err")"
[ ! -s "$tmp/out" ] || fail "export to an empty name printed a report"
ls -a "$tmp" | grep -q '^\.tmp\.' && fail "export to an empty name left $(ls -a "$tmp" | grep '^\.tmp\.')"
echo "report_export: 10 targets handled"
