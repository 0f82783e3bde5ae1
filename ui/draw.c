/* draw.c — width-aware text drawing (see draw.h). */
#include "draw.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <wchar.h>

static bool utf8_on;

bool ui_utf8(void) { return utf8_on; }
void ui_set_utf8(bool on) { utf8_on = on; }
const char *ui_ellipsis(void) { return utf8_on ? "\xe2\x80\xa6" : "~"; }

/* One decoded character: wide char, its width, and its byte offset. */
struct ch {
	wchar_t wc;
	int w;
	size_t off;
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

/* Decode s into chars (caller frees). Undecodable bytes become '?'. */
static struct ch *decode(const char *s, size_t *nout, int *total)
{
	if (!s)
		s = "";
	size_t n = strlen(s), k = 0;
	struct ch *v = ls_xreallocarray(NULL, n + 1, sizeof *v);
	mbstate_t st;
	memset(&st, 0, sizeof st);
	*total = 0;
	for (size_t i = 0; i < n;) {
		wchar_t wc;
		size_t l = mbrtowc(&wc, s + i, n - i, &st);
		if (l == (size_t)-1 || l == (size_t)-2 || l == 0) {
			memset(&st, 0, sizeof st);
			l = ascii_fallback((const unsigned char *)s + i, n - i, &wc);
		}
		int w = wcwidth(wc);
		if (w < 0) {
			wc = L'?';
			w = 1;
		}
		v[k].wc = wc;
		v[k].w = w;
		v[k].off = i;
		*total += w;
		k++;
		i += l;
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

static void put_ch(WINDOW *win, const struct ch *c, attr_t a)
{
	wchar_t buf[2] = {c->wc, 0};
	cchar_t cc;
	setcchar(&cc, buf, a, PAIR_NUMBER(a), NULL);
	wadd_wch(win, &cc);
}

int ui_text(WINDOW *win, int y, int x, int w, const char *s, enum ui_align al, attr_t a,
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
	if (total > w) {
		int room = w - 1; /* one column for the ellipsis */
		used = 0;
		if (al == UI_TRUNC_MID) {
			/* the head takes half the room (the odd column too), the
			 * tail what the head left, a wide character included */
			cut_m = true;
			while (mid_to < n && used + v[mid_to].w <= room - room / 2)
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
		used += 1;
	}
	int pad = w - used;
	wmove(win, y, x);
	wattrset(win, a);
	if (al == UI_RIGHT && pad > 0)
		for (int i = 0; i < pad; i++)
			waddch(win, ' ');
	if (cut_l)
		waddstr(win, ui_ellipsis());
	for (size_t i = 0; cut_m && i < mid_to; i++)
		put_ch(win, &v[i], nspans && in_spans(v[i].off, spans, nspans) ? hl : a);
	if (cut_m) {
		wattrset(win, a);
		waddstr(win, ui_ellipsis());
	}
	for (size_t i = from; i < to; i++)
		put_ch(win, &v[i], nspans && in_spans(v[i].off, spans, nspans) ? hl : a);
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
