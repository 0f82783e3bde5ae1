#!/bin/sh
# sample-profiles/ must be byte for byte what lsgen produces today, so that
# anyone can regenerate it and the TRUTH.txt next to it stays true. If this
# fails after a change under tests/gen/, run sample-profiles/REGENERATE.sh
# (with the new lsgen) and commit the result.
set -eu
srcdir=${srcdir:-.}
lsgen=${LSGEN:-./tests/gen/lsgen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
SAMPLE_TOP=$tmp sh "$srcdir/sample-profiles/REGENERATE.sh" "$lsgen" >/dev/null
status=0
(cd "$srcdir/sample-profiles" && find . -type f ! -name REGENERATE.sh | sort) >"$tmp/want"
(cd "$tmp/sample-profiles" && find . -type f | sort) >"$tmp/got"
if ! cmp -s "$tmp/want" "$tmp/got"; then
	echo "check_samples: lsgen now writes a different set of files:"
	diff "$tmp/want" "$tmp/got" || true
	status=1
fi
while read -r f; do
	if [ -f "$tmp/sample-profiles/$f" ] && ! cmp -s "$srcdir/sample-profiles/$f" "$tmp/sample-profiles/$f"; then
		echo "check_samples: sample-profiles/$f differs from what lsgen writes now"
		status=1
	fi
done <"$tmp/want"
[ $status -eq 0 ] && echo "check_samples: sample-profiles/ is reproducible ($(wc -l <"$tmp/want") files)"
exit $status
