#!/bin/sh
# Endpoint -> one of its sites -> the same endpoint again (from the site's
# endpoint table) -> q, q: the first endpoint screen still has the site the
# user had selected, and its chart cursor, not a fresh start.
. "$(dirname "$0")/lib.sh"

gen_standard
start_app app
wait_for "/chat/completions"
keys Enter
wait_for "178 requests, 1 error"
step "the chart cursor one record back, then the second site of the table"
keys Left
wait_re '^req-[0-9]+: '
cursor=$(screen | grep -E '^req-[0-9]+: ' | cut -d: -f1)
keys Tab Down
site=$(opened_title '^ Site ' | sed 's/^ Site //')
[ -n "$site" ] && [ "$site" != src/chat.py:7 ] || fail "the second site is [$site]"
step "into the site, and from it into /chat/completions again"
keys Enter
wait_re "^ Site $site"
keys /
type_text "chat"
keys Enter Enter
wait_re '^/chat/completions +LEAK +178 requests'
step "back twice: the first endpoint screen as it was"
keys q
wait_re "^ Site $site"
keys q
wait_re '^/chat/completions +LEAK +178 requests'
wait_re "^$cursor: "
[ "$(opened_title '^ Site ' | sed 's/^ Site //')" = "$site" ] || fail "the site selection was lost"
quit_app
