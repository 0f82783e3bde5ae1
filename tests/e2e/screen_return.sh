#!/bin/sh
# 1, 2 and 3 from inside a drill-down open that screen on top of it, and
# Esc comes back, as in tig: from an endpoint zoomed into its last requests,
# 3 then Esc used to land on the Endpoints screen, the zoom and the cursor
# gone. A screen already open is gone back to (1: home), and from a
# top-level screen 2 and 3 still switch.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app -s 200x40 app
wait_for "/chat/completions"
keys Enter
wait_for "178 requests, 1 error"
step "a zoom on the endpoint screen"
keys z
wait_re 'zoom from [0-9]+: move, z again'
keys h h h h h h h h h h
keys z
wait_re 'zoomed [0-9]+-[0-9]+ \(Z back\)'
zoom=$(screen | grep -o 'zoomed [0-9]*-[0-9]*')
step "3: Warnings on top; Esc: the endpoint again, still zoomed"
keys 3
wait_for "no warnings: every record of every file was read"
keys Escape
wait_for "178 requests, 1 error"
wait_for "$zoom (Z back)"
step "2 then Esc: the same"
keys 2
wait_for "Allocation sites of the process"
keys Escape
wait_for "$zoom (Z back)"
step "1: home, the endpoint screen closed"
keys 1
wait_re '^  Endpoint +Requests '
expect_no "178 requests, 1 error"
step "from a top-level screen 3 switches, and Esc goes home"
keys 3
wait_for "no warnings: every record of every file was read"
keys Escape
wait_re '^  Endpoint +Requests '
quit_app
