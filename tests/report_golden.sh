#!/bin/sh
# Golden test of `leakscope report --format json` on a generated process
# (a leaking endpoint, an error-path leak, a warm-up cache, GC sawtooth, a file
# cut mid-record): any change in a number, a verdict or a warning shows up as
# a diff against tests/golden/report.json. After an intended change:
#   UPDATE_GOLDEN=1 make check TESTS=tests/report_golden.sh
set -eu
: "${LEAKSCOPE:?}" "${LSGEN:?}" "${top_srcdir:?}"
golden="$top_srcdir/tests/golden/report.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

"$LSGEN" process "$tmp/proc" --seed 42 --requests 1500 --top 10 --truth - \
	--endpoints /chat/completions:leak:8kb:weight=3 /embeddings:stable:weight=2 \
	/v1/models:warmup:cap=20 /files/upload:errleak:150kb:err=0.05 /images:sawtooth:64kb:gc=40 \
	--cut /embeddings=0.6 >/dev/null
# relative paths keep the output independent of where the test runs
(cd "$tmp" && "$LEAKSCOPE" report --format json proc) >"$tmp/out.json"

if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$tmp/out.json" "$golden"
	echo "updated $golden"
	exit 0
fi
if ! diff -u "$golden" "$tmp/out.json"; then
	echo "report_golden: output differs from $golden (UPDATE_GOLDEN=1 to accept)" >&2
	exit 1
fi
echo "1 passed, 0 failed"
