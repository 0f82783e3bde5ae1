#!/bin/sh
# Robustness sweep: leakscope's verdicts on captures outside the accuracy
# cases' ranges (rotation over 40k-80k requests, top K 3 and 20, 1.5 GB and
# 0.5 MB heaps, 15-25 endpoints, two leakers, site churn, gaps, damaged
# files ...), checked against lsgen's TRUTH.txt by bench/sweep_eval.py.
# Usage: bench/sweep.sh LSGEN LEAKSCOPE   (SWEEP_SEEDS="101 202 303")
set -u
lsgen=$1 ls=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "sweep: needs python3" >&2; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
trap 'exit 130' INT TERM HUP
n=0
while IFS='|' read -r id fam opts; do
	case "$id" in '' | '#'*) continue ;; esac
	n=$((n + 1))
	for s in ${SWEEP_SEEDS:-101 202 303}; do
		seed=$((s + n))
		d=$out/$id-s$seed
		mkdir -p "$d"
		echo "lsgen process DIR --seed $seed $opts" >"$d/cmd"
		# the options are words: unquoted on purpose
		# shellcheck disable=SC2086
		timeout 60 "$lsgen" process "$d/p" --seed "$seed" $opts >"$d/gen.out" 2>&1
		echo $? >"$d/gen.rc"
		timeout 60 "$ls" report --format json "$d/p" >"$d/report.json" 2>"$d/report.err"
		echo $? >"$d/json.rc"
		timeout 60 "$ls" report "$d/p" >"$d/report.txt" 2>"$d/report.txt.err"
		echo $? >"$d/text.rc"
		echo "$id|$fam|$seed" >"$d/meta"
	done
done <"$here/sweep-cases.txt"
python3 "$here/sweep_eval.py" "$out"
