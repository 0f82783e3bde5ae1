#!/bin/sh
# ? opens the help generated from the key table: every command with its keys,
# grouped by section, then what each verdict means; it scrolls; Esc goes back
# to the screen it came from.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
step "? opens the help"
keys '?'
wait_for "Help: keys (Esc or q to go back)"
expect_rows 2 <<'SCREEN'
 Help: keys (Esc or q to go back)
 leakscope finds which endpoint leaks memory and which source line holds it.
 Endpoints (1) -> Enter: the endpoint's memory chart, verdict and allocation sites
 -> Tab, Enter: a site's size over time and its source lines.

 Moving around
   Up k            move up
   Down j          move down
   PgUp ^B         page up
   PgDn ^F         page down
   Home g          first row
   End G           last row
SCREEN
step "PgDn scrolls to the filter, findings and chart keys"
keys NPage
wait_for " Endpoint chart"
r=$(row_of " Filters and findings")
expect_rows "$r" <<'SCREEN'
 Filters and findings
   f               include filter: regex on site locations (smart case)
   F               exclude filter: regex on site locations
   c               clear both filters
   Space           mark / unmark the selected row as a finding
   e               export marked findings (or the selected row) to a file
   R               reload the files, read new ones beside them
 Endpoint chart
   z               chart: start / finish a zoom range at the cursor
   Z -             chart: zoom back out
   p               chart: show / hide peak_mb
   L               chart: latency instead of memory
   t               chart: timestamps on the x axis
   m               chart: show / hide the rolling mean
SCREEN
wait_for " Mouse: click selects, double-click opens, the wheel scrolls."
step "/ searches the help (it used to do nothing, and the typed text ran as keys)"
keys /
type_text "first row"
wait_re '^   Home g +first row$'
line 3 | grep -q 'first row' || fail "the match is not the help's first line: $(line 3)"
keys Enter
keys /
type_text "zzzq"
wait_for "not found"
esc
wait_for "Help: keys"
step "Esc returns to the Sites screen it was opened from"
keys 2
wait_for "Allocation sites of the process"
keys '?'
wait_for "Help: keys"
esc
wait_for "Allocation sites of the process"
step "on a narrow terminal long lines wrap: all of them can be read"
resize 60 20
keys '?'
wait_for "Help: keys"
keys G
step "the help ends with what each verdict means, every name whole"
wait_for "   ERROR_PATH_LEAK its error responses keep memory: look at"
wait_for "   TOO_FEW         fewer than 12 memory samples: capture"
screen | sed -n '3,19p' | grep -q '…' && fail "a help line is cut"
keys PPage
wait_for "Headless: leakscope report --help"
# (they used to end in "…": the command line lost its options and PATH)
screen | sed -n '3,19p' | grep -q '…' && fail "a help line is cut"
wait_for " Command line: leakscope [--include RE] [--exclude RE]"
wait_for " [--follow] [--ascii] [--classic] [PATH...]"
wait_for " Filters (f/F) apply to every site table and to exports; the"
esc
wait_for "Allocation sites of the process"
quit_app
