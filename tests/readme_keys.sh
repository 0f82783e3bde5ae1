#!/bin/sh
# The README's key table must be exactly what the key table generates
# (ui/mankeys --markdown), so the README never documents a key that is gone.
set -eu
: "${MANKEYS:?}" "${top_srcdir:?}"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
sed -n '/<!-- keys:begin -->/,/<!-- keys:end -->/p' "$top_srcdir/README.md" | sed '1d;$d' >"$tmp"
if ! "$MANKEYS" --markdown | diff -u "$tmp" -; then
	echo "readme_keys: README.md key table is stale; regenerate it with ui/mankeys --markdown" >&2
	exit 1
fi
echo "1 passed, 0 failed"
