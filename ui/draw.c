/* draw.c — width-aware text drawing (see draw.h). */
#include "draw.h"
#include "util.h"
#include "width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <wchar.h>

static bool utf8_on;

bool ui_utf8(void) { return utf8_on; }
void ui_set_utf8(bool on) { utf8_on = on; }
const char *ui_ellipsis(void) { return utf8_on ? "\xe2\x80\xa6" : "~"; }
const char *ui_ellipsis_left(void) { return utf8_on ? "\xe2\x80\xa6" : "..."; }
const char *ui_dots(void) { return utf8_on ? "\xe2\x80\xa6" : "..."; }

/* One character as the terminal draws it: in UTF-8 a cluster (width.h:
 * a letter and its accents, an emoji and its selector, a flag, a ZWJ
 * sequence), elsewhere one ASCII stand-in. */
struct ch {
	size_t off, len;   /* its bytes in the text */
	int w;             /* its columns */
	wchar_t wc;        /* outside UTF-8: the stand-in drawn */
};

/* In a non-UTF-8 locale, text that is UTF-8 (the sanitizer lets valid
 * UTF-8 through; the analysis writes dashes and arrows) shows one ASCII
 * stand-in per character instead of one '?' per byte. */
static size_t ascii_fallback(const unsigned char *p, size_t n, wchar_t *wc)
{
	size_t len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
	uint32_t cp = len == 1 ? p[0] : p[0] & (0x3F >> (len - 1));
	for (size_t k = 1; k < len; k++) {
		if (k >= n || (p[k] & 0xC0) != 0x80) {
			*wc = L'?';
			return 1;
		}
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	switch (cp) {
	case 0x2013: case 0x2014: case 0x2212: *wc = L'-'; break;
	case 0x2192: *wc = L'>'; break;
	case 0x2190: *wc = L'<'; break;
	case 0x2026: *wc = L'.'; break;
	case 0x00B2: *wc = L'2'; break;
	case 0x00B1: *wc = L'+'; break;
	case 0x2018: case 0x2019: *wc = L'\''; break;
	case 0x201C: case 0x201D: *wc = L'"'; break;
	default: *wc = L'?'; break;
	}
	return len;
}

/* Outside UTF-8: the character at s as the locale decodes it, or an
 * ASCII stand-in for UTF-8 it cannot (ascii_fallback). */
static void decode_fallback(const char *s, size_t n, mbstate_t *st, struct ch *c)
{
	wchar_t wc;
	size_t l = mbrtowc(&wc, s, n, st);
	if (l == (size_t)-1 || l == (size_t)-2 || l == 0) {
		memset(st, 0, sizeof *st);
		l = ascii_fallback((const unsigned char *)s, n, &wc);
	}
	int w = wcwidth(wc);
	if (w < 0) {
		wc = L'?';
		w = 1;
	}
	c->wc = wc;
	c->w = w;
	c->len = l;
}

/* Split s into characters (caller frees), their columns in *total. */
static struct ch *decode(const char *s, size_t *nout, int *total)
{
	if (!s)
		s = "";
	size_t n = strlen(s), k = 0;
	struct ch *v = ls_xreallocarray(NULL, n + 1, sizeof *v);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	*total = 0;
	for (size_t i = 0; i < n; k++) {
		v[k].off = i;
		if (utf8_on) {
			v[k].len = ls_cluster_len(s + i, n - i, &v[k].w);
			v[k].wc = 0;
		} else {
			decode_fallback(s + i, n - i, &st, &v[k]);
		}
		*total += v[k].w;
		i += v[k].len;
	}
	*nout = k;
	return v;
}

int ui_width(const char *s)
{
	size_t n;
	int total;
	free(decode(s, &n, &total));
	return total;
}

void ui_fill(WINDOW *win, int y, int x, int w, attr_t a)
{
	if (w <= 0)
		return;
	wattrset(win, a);
	mvwhline(win, y, x, ' ', w);
	wattrset(win, A_NORMAL);
}

static bool in_spans(size_t off, const struct ls_span *sp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (off >= sp[i].start && off < sp[i].end)
			return true;
	return false;
}

/* One screen cell: a spacing character and the marks on it (at most
 * CCHARW_MAX in all), drawn; returns the columns curses gives it. */
static int put_cell(WINDOW *win, wchar_t *cell, size_t n, attr_t a)
{
	if (wcwidth(cell[0]) < 0) { /* a code point the locale cannot show */
		cell[0] = L'?';
		n = 1;
	}
	wchar_t str[CCHARW_MAX + 1];
	for (size_t i = 0; i < n; i++)
		str[i] = cell[i];
	str[n] = 0;
	cchar_t cc;
	setcchar(&cc, str, a, PAIR_NUMBER(a), NULL);
	wadd_wch(win, &cc);
	int w = wcwidth(cell[0]);
	return w < 0 ? 1 : w;
}

/* Draw one character (see struct ch) of text s. */
static void put_ch(WINDOW *win, const char *s, const struct ch *c, attr_t a)
{
	if (!utf8_on) {
		wchar_t cell[1] = {c->wc};
		put_cell(win, cell, 1, a);
		return;
	}
	wchar_t cell[CCHARW_MAX];
	size_t n = 0;
	int cols = 0;
	for (size_t i = c->off, end = c->off + c->len; i < end;) {
		uint32_t cp;
		size_t l = ls_utf8_len(s + i, end - i, &cp);
		i += l ? l : 1;
		if (!l)
			cp = '?';
		if (cp == LS_ZWJ)
			continue; /* joins emoji only in some terminals (width.c) */
		if (ls_emoji_modifier(cp) && n && wcwidth(cell[0]) == 2)
			continue; /* a skin tone: likewise */
		if (n && wcwidth((wchar_t)cp) != 0) {
			cols += put_cell(win, cell, n, a); /* a flag's second letter */
			n = 0;
		}
		/* a narrow symbol with VS16 is a 2-column emoji where the
		 * terminal honours VS16, 1 column where it does not (tmux
		 * before 3.4), and curses counts 1 either way: sent as the
		 * symbol and a blank, it is the same 2 columns everywhere */
		if (cp == LS_VS16 && n && ls_cp_cols((uint32_t)cell[0]) == 1)
			continue;
		if (n < CCHARW_MAX)
			cell[n++] = (wchar_t)cp; /* beyond: marks past what a cell holds */
	}
	if (n)
		cols += put_cell(win, cell, n, a);
	for (; cols < c->w; cols++)
		waddch(win, ' ');
}

int ui_text(WINDOW *win, int y, int x, int w, const char *s, enum ui_align al, attr_t a,
	const struct ls_span *spans, size_t nspans, attr_t hl)
{
	return ui_text_mid(win, y, x, w, s, al, 0, 0, a, spans, nspans, hl);
}

int ui_text_mid(WINDOW *win, int y, int x, int w, const char *s, enum ui_align al, size_t head, size_t tail, attr_t a,
	const struct ls_span *spans, size_t nspans, attr_t hl)
{
	if (w <= 0)
		return 0;
	if (!s)
		s = "";
	size_t n;
	int total;
	struct ch *v = decode(s, &n, &total);
	size_t from = 0, to = n;
	size_t mid_to = 0; /* UI_TRUNC_MID: the head is [0, mid_to), the tail [from, to) */
	int used = total;
	bool cut_l = false, cut_r = false, cut_m = false;
	/* the mark of a left cut is three columns without UTF-8: where
	 * those are too many, the right cut's */
	const char *lmark = ui_ellipsis_left();
	int lw = utf8_on ? 1 : (int)strlen(lmark);
	if (lw > 1 && w < 6) {
		lmark = ui_ellipsis();
		lw = 1;
	}
	if (total > w) {
		/* a left cut whose tail does not tell s apart, with a head
		 * that does: the head, "…", the tail, where the head fits;
		 * else the end of the head between two "…" */
		int hw = 0, tw = 0;
		size_t hn = 0, len = strlen(s), tail_from = tail < len ? len - tail : 0;
		for (size_t i = n; al == UI_TRUNC_LEFT && head && i > 0 && v[i - 1].off >= tail_from; i--)
			tw += v[i - 1].w;
		for (; al == UI_TRUNC_LEFT && head && tw > w - lw && hn < n && v[hn].off < head; hn++)
			hw += v[hn].w;
		bool mid = al == UI_TRUNC_MID || (hw > 0 && hw < w - 1);
		bool window = !mid && hw > 0 && hn < n && w - lw - 1 > 0;
		int mw = window ? lw + 1 : al == UI_TRUNC_LEFT && !mid ? lw : 1;
		int room = w - mw; /* columns for the ellipsis */
		used = 0;
		if (window) {
			cut_l = cut_r = true;
			to = hn;
			from = to;
			while (from > 0 && used + v[from - 1].w <= room)
				used += v[--from].w;
		} else if (mid) {
			/* the head takes half the room (the odd column too), or
			 * its first `head` bytes where those are more (all but
			 * the last character's columns: 生产环境…一 and …二, not
			 * 生产环境服… twice), the tail what the head left */
			cut_m = true;
			int keep = room - room / 2, hc = 0, last = 1;
			for (size_t i = 0; i < n && v[i].off < head; i++)
				hc += v[i].w;
			for (size_t i = n; i > 0; i--)
				if (v[i - 1].w > 0) {
					last = v[i - 1].w;
					break;
				}
			if (hc > keep)
				keep = hc < room - last ? hc : room - last;
			while (mid_to < n && used + v[mid_to].w <= keep)
				used += v[mid_to++].w;
			from = n;
			while (from > mid_to && used + v[from - 1].w <= room)
				used += v[--from].w;
		} else if (al == UI_TRUNC_LEFT) {
			cut_l = true;
			from = n;
			while (from > 0 && used + v[from - 1].w <= room)
				used += v[--from].w;
		} else {
			cut_r = true;
			to = 0;
			while (to < n && used + v[to].w <= room)
				used += v[to++].w;
		}
		/* a cut never keeps a character's combining marks without
		 * the character (they would sit on the "…"): where the tail
		 * starts with zero-width marks, they go with their base */
		if (cut_l || cut_m)
			while (from < to && v[from].w == 0)
				from++;
		used += mw;
	}
	int pad = w - used;
	wmove(win, y, x);
	wattrset(win, a);
	if (al == UI_RIGHT && pad > 0)
		for (int i = 0; i < pad; i++)
			waddch(win, ' ');
	if (cut_l)
		waddstr(win, lmark);
	for (size_t i = 0; cut_m && i < mid_to; i++)
		put_ch(win, s, &v[i], nspans && in_spans(v[i].off, spans, nspans) ? hl : a);
	if (cut_m) {
		wattrset(win, a);
		waddstr(win, ui_ellipsis());
	}
	for (size_t i = from; i < to; i++)
		put_ch(win, s, &v[i], nspans && in_spans(v[i].off, spans, nspans) ? hl : a);
	wattrset(win, a);
	if (cut_r)
		waddstr(win, ui_ellipsis());
	if (al != UI_RIGHT && pad > 0)
		for (int i = 0; i < pad; i++)
			waddch(win, ' ');
	wattrset(win, A_NORMAL);
	free(v);
	return used;
}

int ui_text_raw(WINDOW *win, int y, int x, int w, const char *s, enum ui_align al, attr_t a)
{
	char *clean = ls_sanitize(s ? s : "");
	int r = ui_text(win, y, x, w, clean, al, a, NULL, 0, a);
	free(clean);
	return r;
}

void ui_fmt_count(char *out, size_t cap, unsigned long long v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%llu", v);
	size_t o = 0;
	for (int i = 0; i < n && o + 1 < cap; i++) {
		if (i && (n - i) % 3 == 0 && o + 2 < cap)
			out[o++] = ',';
		out[o++] = tmp[i];
	}
	out[o < cap ? o : cap - 1] = 0;
}
