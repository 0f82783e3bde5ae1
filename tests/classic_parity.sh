#!/bin/sh
# classic_parity.sh — leakscope's classic analysis against a Python
# reference written from docs/seed-analysis.md (tests/ref/classic_ref.py),
# on random profile and memory-test files. Skipped (77) without python3.
srcdir=${srcdir:-.}
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || { echo "SKIP: $PYTHON not found"; exit 77; }
ref="$srcdir/tests/ref/classic_ref.py"
dump=./tests/classic_dump
tmp=$(mktemp -d "${TMPDIR:-/tmp}/classic_parity.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
seeds=${CLASSIC_PARITY_SEEDS:-"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"}
files=0
for seed in $seeds; do
	d="$tmp/s$seed"
	"$PYTHON" "$ref" gen "$seed" "$d" || exit 99
	set -- "$d"/*.json
	files=$((files + $#))
	"$PYTHON" "$ref" dump "$@" >"$d.ref" || exit 99
	$dump "$@" >"$d.ls" || { echo "FAIL: classic_dump failed (seed $seed)"; exit 1; }
	if ! cmp -s "$d.ref" "$d.ls"; then
		echo "FAIL: seed $seed: leakscope differs from the reference (< reference, > leakscope)"
		diff "$d.ref" "$d.ls" | head -40
		exit 1
	fi
done
echo "PASS: $files files identical to the reference"
exit 0
