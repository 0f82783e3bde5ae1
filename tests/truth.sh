# Sourced by the tests that check verdicts against lsgen's TRUTH.txt.
# truth_field LINE KEY: the value of KEY=... in a TRUTH.txt "endpoint" line.
truth_field() {
	printf '%s\n' "$1" | sed -n "s/.* $2=\([^ ]*\) .*/\1/p"
}
