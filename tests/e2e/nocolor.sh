#!/bin/sh
# Colours by role, and NO_COLOR honoured: with NO_COLOR set no colour escape
# reaches the terminal on any screen, and the selection, title and keys stay
# visible through reverse/bold/underline alone.
. "$(dirname "$0")/lib.sh"

gen_standard
# SGR parameters that set a colour: 30-38 / 40-48 (and 38;5;N ...), 90-97, 100-107
colours() { sgr_params | grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'; }

step "by default the screen has colours"
start_app app
wait_for "/chat/completions"
[ -n "$(colours)" ] || fail "no colours without NO_COLOR"
step "in colour the chart's legend is its words in their curves' colours, no glyphs"
keys Enter
wait_for "178 requests, 1 error"
keys h
wait_re '^req-582: .*  current_mb  mean\(m\)  fit  error  detailed *$'
quit_app
restart

step "NO_COLOR=1: no colour on the home screen; the selection is in reverse video"
start_app -e NO_COLOR=1 app
wait_for "/chat/completions"
[ -z "$(colours)" ] || fail "colour escapes with NO_COLOR: $(colours | tr '\n' ' ')"
sgr_params | grep -qx 7 || fail "no reverse video (selection, title) with NO_COLOR"
e=$(printf '\033')
sel=$(screen_attrs | grep -nE "$e\[([0-9;]*;)?7m($e\[[0-9;]*m)*  /chat/completions" | cut -d: -f1)
[ "$sel" = 4 ] || fail "the selected row /chat/completions is not drawn in reverse"
step "no colour in the chart, the sites, a prompt with an error, the help"
keys Enter
wait_for "178 requests, 1 error"
[ -z "$(colours)" ] || fail "colours in the endpoint detail"
step "without colour the legend shows each marker's glyph, and only curves told apart are drawn"
keys h
wait_re '^req-582: .*  current_mb  fit \(dotted\)  x error  • detailed *$'
expect_no "mean(m)"
keys m
wait_re '^req-582: .*  current_mb  mean\(m\) \(same dots: no colour\)  fit \(dotted\)  x error *$'
keys m
wait_re '  current_mb  fit \(dotted\)  x error  • detailed *$'
keys 2 f
type_text "src/("
wait_for "missing closing parenthesis"
[ -z "$(colours)" ] || fail "colours on the Sites screen / prompt"
esc
keys '?'
wait_for "Help: keys"
[ -z "$(colours)" ] || fail "colours in the help"
quit_app
