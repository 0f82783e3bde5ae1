#!/bin/sh
# A size column keeps one number of decimals for all its rows: a site past
# 10,000 MB in total fits its cell with one decimal only, and the rows
# under it drop theirs too, so decimal points stay under each other
# ("19,199.8" over "1,308.3", not "1,308.340" read as a thousand times more).
. "$(dirname "$0")/lib.sh"

gen_process big --seed 11 --requests 3000 --top 8 --endpoints \
	'/chat/completions:leak:120kb:site=src/chat.py:7' '/health:stable'
start_app big
wait_for "/chat/completions"
keys 2
wait_for "Allocation sites of the process"
step "Total MB: one decimal in every row; Max MB and Avg MB keep three"
wait_re '^  #1    src/chat\.py:7 +19,199\.8  176\.799   88\.478 '
wait_re '^ +…ternal/_model_construction\.py:669   1,308\.3    5\.925    5\.893 '
wait_re '^ +/usr/lib/python3\.12/typing\.py:1332      22\.4    4\.485 '
quit_app
