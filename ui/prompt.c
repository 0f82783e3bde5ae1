/* prompt.c — line editing (see prompt.h). */
#include "prompt.h"
#include "draw.h"
#include "keymap.h"
#include "util.h"

#include <curses.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No room for a key (a long pattern pasted), or for the text it opens
 * with: a filter cut short is another filter ("a|b|" matches everything),
 * so the text is not taken until the user has seen and shortened it. */
static void say_full(struct ui_prompt *p)
{
	p->full = true;
	snprintf(p->err, sizeof p->err, "too long: at most %zu bytes, the rest was not taken (shorten it, or Esc)",
		sizeof p->text - 1);
	p->err_off = SIZE_MAX;
}

void ui_prompt_open(struct ui_prompt *p, enum ui_prompt_kind kind, const char *label, const char *initial)
{
	memset(p, 0, sizeof *p);
	p->kind = kind;
	snprintf(p->label, sizeof p->label, "%s", label);
	snprintf(p->text, sizeof p->text, "%s", initial ? initial : "");
	snprintf(p->saved, sizeof p->saved, "%s", p->text);
	p->len = p->cur = strlen(p->text);
	p->err_off = SIZE_MAX;
	/* (a pattern given with --include can be longer than the prompt) */
	if (initial && strlen(initial) > p->len)
		say_full(p);
}

void ui_prompt_close(struct ui_prompt *p)
{
	p->kind = PROMPT_NONE;
}

static size_t prev_char(const struct ui_prompt *p, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)p->text[at] & 0xC0) == 0x80)
		at--;
	return at;
}

static size_t next_char(const struct ui_prompt *p, size_t at)
{
	if (at >= p->len)
		return p->len;
	at++;
	while (at < p->len && ((unsigned char)p->text[at] & 0xC0) == 0x80)
		at++;
	return at;
}

static void delete_range(struct ui_prompt *p, size_t a, size_t b)
{
	memmove(p->text + a, p->text + b, p->len - b + 1);
	p->len -= b - a;
	p->cur = a;
	/* what is left is what is shown: Enter takes it again */
	if (p->full) {
		p->full = false;
		p->err[0] = 0;
	}
}

static enum ui_prompt_result accept(struct ui_prompt *p)
{
	if (!p->full)
		return PROMPT_ACCEPT;
	say_full(p);
	return PROMPT_IGNORED;
}

static bool insert(struct ui_prompt *p, wint_t ch)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t l = wcrtomb(mb, (wchar_t)ch, &st);
	if (l == (size_t)-1 || l == 0)
		return false;
	if (p->len + l >= sizeof p->text) {
		say_full(p);
		return false;
	}
	memmove(p->text + p->cur + l, p->text + p->cur, p->len - p->cur + 1);
	memcpy(p->text + p->cur, mb, l);
	p->len += l;
	p->cur += l;
	return true;
}

enum ui_prompt_result ui_prompt_input(struct ui_prompt *p, bool fn, wint_t ch)
{
	if (fn) {
		switch (ch) {
		case KEY_ENTER: return accept(p);
		case KEY_BACKSPACE:
			if (!p->cur)
				return PROMPT_IGNORED;
			delete_range(p, prev_char(p, p->cur), p->cur);
			return PROMPT_EDITED;
		case KEY_DC:
			if (p->cur >= p->len)
				return PROMPT_IGNORED;
			delete_range(p, p->cur, next_char(p, p->cur));
			return PROMPT_EDITED;
		case KEY_LEFT: p->cur = prev_char(p, p->cur); return PROMPT_MOVED;
		case KEY_RIGHT: p->cur = next_char(p, p->cur); return PROMPT_MOVED;
		case KEY_HOME: p->cur = 0; return PROMPT_MOVED;
		case KEY_END: p->cur = p->len; return PROMPT_MOVED;
		default: return PROMPT_IGNORED;
		}
	}
	switch (ch) {
	case '\n':
	case '\r':
		return accept(p);
	case UI_ESC:
	case UI_CTRL('g'):
		return PROMPT_CANCEL;
	case 127:
	case UI_CTRL('h'):
		if (!p->cur)
			return PROMPT_IGNORED;
		delete_range(p, prev_char(p, p->cur), p->cur);
		return PROMPT_EDITED;
	case UI_CTRL('u'):
		delete_range(p, 0, p->cur);
		return PROMPT_EDITED;
	case UI_CTRL('a'): p->cur = 0; return PROMPT_MOVED;
	case UI_CTRL('e'): p->cur = p->len; return PROMPT_MOVED;
	case UI_CTRL('w'): {
		/* the word before the cursor and the spaces and slashes after
		 * it, as readline's unix-filename-rubout: pressed again right
		 * after a '/', it goes on to the word before that '/' */
		size_t a = p->cur;
		while (a > 0 && (p->text[a - 1] == ' ' || p->text[a - 1] == '/'))
			a--;
		while (a > 0 && p->text[a - 1] != ' ' && p->text[a - 1] != '/')
			a--;
		if (a == p->cur)
			return PROMPT_IGNORED;
		delete_range(p, a, p->cur);
		return PROMPT_EDITED;
	}
	default:
		if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0))
			return PROMPT_IGNORED; /* C0 and C1 controls are terminal escapes */
		return insert(p, ch) ? PROMPT_EDITED : PROMPT_IGNORED;
	}
}

void ui_prompt_draw(const struct ui_prompt *p, int y, int w)
{
	attr_t la = ui_theme_attr(ROLE_KEY);
	ui_fill(stdscr, y, 0, w, A_NORMAL);
	int lw = ui_width(p->label);
	/* a label too long for the line keeps its end: that is where the
	 * question is ("….../findings.txt exists. Overwrite? (y/n)") */
	ui_text(stdscr, y, 0, lw < w ? lw : w, p->label, lw > w ? UI_TRUNC_LEFT : UI_LEFT, la, NULL, 0, la);
	int x = lw + 1;
	if (x >= w)
		return;
	/* the typed text may hold anything: show it sanitized */
	char *clean = ls_sanitize(p->text);
	char before[1024];
	snprintf(before, sizeof before, "%.*s", (int)p->cur, p->text);
	char *cb = ls_sanitize(before);
	int tw = ui_width(clean), cw = ui_width(cb);
	int errw = p->err[0] ? ui_width(p->err) + 3 : 0;
	int room = w - x - 1;
	/* the error gets every column the typed text does not need (its offset
	 * is at the end of pcre2's message), and at least half the line */
	if (errw && errw > room - (tw + 2))
		errw = room - (tw + 2) > room / 2 ? room - (tw + 2) : room / 2;
	int textw = room - errw;
	/* keep the cursor visible: all of the text when it fits, else its tail
	 * when the cursor is near the end, else a window around the cursor */
	int curx;
	if (tw <= textw - 1) {
		ui_text(stdscr, y, x, textw, clean, UI_LEFT, A_NORMAL, NULL, 0, 0);
		curx = x + cw;
	} else if (tw - cw <= textw / 2) {
		int used = ui_text(stdscr, y, x, textw, clean, UI_TRUNC_LEFT, A_NORMAL, NULL, 0, 0);
		curx = x + used - (tw - cw);
	} else {
		char *ca = ls_sanitize(p->text + p->cur);
		int left = ui_text(stdscr, y, x, cw < textw / 2 ? cw : textw / 2, cb, UI_TRUNC_LEFT, A_NORMAL, NULL, 0, 0);
		ui_text(stdscr, y, x + left, textw - left, ca, UI_LEFT, A_NORMAL, NULL, 0, 0);
		curx = x + left;
		free(ca);
	}
	if (p->err[0]) {
		char e[300];
		snprintf(e, sizeof e, " \xe2\x80\x94 %s", p->err);
		if (!ui_utf8())
			snprintf(e, sizeof e, " -- %s", p->err);
		ui_text(stdscr, y, x + textw, w - x - textw, e, UI_LEFT, ui_theme_attr(ROLE_ERROR), NULL, 0, 0);
	}
	free(clean);
	free(cb);
	if (curx >= w)
		curx = w - 1;
	move(y, curx);
}
