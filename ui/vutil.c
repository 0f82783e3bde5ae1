/* vutil.c — helpers shared by the views (see vutil.h). */
#include "vutil.h"
#include "chart.h"
#include "detect.h"
#include "util.h"
#include "width.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ui_classic_word(struct app *a, uint32_t p, uint32_t e, enum ui_role *role)
{
	const struct ls_classic_result *r = ls_analysis_classic(&a->an, p, e);
	*role = ROLE_DIM;
	if (!r)
		return "?";
	switch (r->status) {
	case LS_CLASSIC_OK:
		break;
	case LS_CLASSIC_TOO_FEW:
		return "too few";
	default:
		return "no data";
	}
	if (r->leak) {
		*role = ROLE_LEAK;
		return "LEAK";
	}
	*role = ROLE_OK;
	return "ok";
}

const char *ui_verdict_word(struct app *a, uint32_t p, uint32_t e, enum ui_role *role)
{
	if (a->opt.classic)
		return ui_classic_word(a, p, e, role);
	const struct ls_verdict *v = ls_analysis_verdict(&a->an, p, e);
	if (!v) {
		*role = ROLE_DIM;
		return "?";
	}
	switch (v->kind) {
	case LS_VERDICT_LEAK:
	case LS_VERDICT_ERROR_PATH_LEAK: *role = ROLE_LEAK; break;
	case LS_VERDICT_GROWING:
	case LS_VERDICT_NOISY: *role = ROLE_WARN; break;
	case LS_VERDICT_STABLE:
	case LS_VERDICT_WARMUP: *role = ROLE_OK; break;
	default: *role = ROLE_DIM; break;
	}
	return ls_verdict_name(v->kind);
}

double ui_verdict_key(struct app *a, uint32_t p, uint32_t e)
{
	const struct ls_verdict *v = a->opt.classic ? NULL : ls_analysis_verdict(&a->an, p, e);
	if (v) {
		/* severity first, then the memory attributed to the endpoint: its
		 * point estimate even where the column shows none, so that of two
		 * GROWING endpoints the likelier culprit comes first */
		double kb = ui_attributed_kb(a, p, e);
		if (isnan(kb) && v->attributed)
			kb = v->attributed_kb_per_request;
		return v->kind * 1e6 + (isnan(kb) ? 0 : fmax(-1e5, fmin(1e5, kb)));
	}
	const struct ls_classic_result *x = ls_analysis_classic(&a->an, p, e);
	return x && x->status == LS_CLASSIC_OK ? (x->leak ? 2 : 1) : 0;
}

/* The retained-KB figure of the endpoint's verdict (see ls_verdict_retained_kb). */
double ui_attributed_kb(struct app *a, uint32_t p, uint32_t e)
{
	const struct ls_verdict *v = ls_analysis_verdict(&a->an, p, e);
	return v ? ls_verdict_retained_kb(v) : NAN;
}

void ui_ep_sparkline(const struct ls_endpoint *ep, int width, bool ascii, char *out, size_t cap)
{
	double *y = ls_xreallocarray(NULL, ep->n ? ep->n : 1, sizeof *y);
	for (uint32_t i = 0; i < ep->n; i++)
		y[i] = ls_endpoint_has_heap(ep, i) ? ep->current_mb[i] : NAN;  /* (not tracemalloc off) */
	if (!ls_sparkline(out, cap, y, ep->n, width, ascii) && cap)
		out[0] = 0;
	free(y);
}

/* v with d decimals, its whole part grouped by thousands ("726,056.7");
 * the length written. */
static int fmt_grouped(char *out, size_t cap, double v, int d)
{
	char tmp[64];
	int n = snprintf(tmp, sizeof tmp, "%.*f", d, v);
	if (n < 0 || n >= (int)sizeof tmp)
		return snprintf(out, cap, "%s", tmp);
	int sign = tmp[0] == '-', whole = (int)strcspn(tmp, ".") - sign;
	char g[96];
	int o = 0;
	for (int i = 0; i < n; i++) {
		int k = i - sign;  /* digit index in the whole part */
		if (k > 0 && k < whole && (whole - k) % 3 == 0)
			g[o++] = ',';
		g[o++] = tmp[i];
	}
	g[o] = 0;
	return snprintf(out, cap, "%s", g);
}

/* One try of a cell in thousands, millions...: v (already divided) with d
 * decimals and the unit letter; the length written. */
typedef int (*unit_try)(char *out, size_t cap, double v, int d, char unit, const char *suffix);

/* The first of v in k, M, G... with 1 or 0 decimals that fits width (a
 * cell that cuts digits off reads ten times too small); the last try when
 * none does. */
static void fit_in_units(char *out, size_t cap, double v, int width, unit_try put, const char *suffix)
{
	static const char unit[] = "kMGTPE";
	double a = v;
	for (size_t u = 0; u < sizeof unit - 1; u++) {
		a /= 1000;
		for (int d = 1; d >= 0; d--)
			if (put(out, cap, a, d, unit[u], suffix) <= width)
				return;
	}
}

static int put_grouped(char *out, size_t cap, double v, int d, char unit, const char *suffix)
{
	(void)suffix;
	int n = fmt_grouped(out, cap, v, d);
	size_t l = strlen(out);
	if (l + 1 < cap)
		snprintf(out + l, cap - l, "%c", unit);
	return n + 1;
}

static int put_signed(char *out, size_t cap, double v, int d, char unit, const char *suffix)
{
	return snprintf(out, cap, "%+.*f%c%s", d, v, unit, suffix);
}

int ui_fmt_mb(char *out, size_t cap, double v, int width, int decimals)
{
	/* grouped as the counts beside it are ("22,992"); with fewer
	 * decimals first, then in k / M as ui_fmt_fit does: never digits cut */
	for (int d = decimals; d >= 0; d -= d == 3 ? 2 : 1)
		if (fmt_grouped(out, cap, v, d) <= width)
			return d;
	fit_in_units(out, cap, v, width, put_grouped, "");
	return -1;
}

int ui_mb_decimals(double lo, double hi, int width)
{
	/* the digits a value needs grow with its size, so the column's
	 * extremes decide for every row between them */
	char tmp[64];
	int a = ui_fmt_mb(tmp, sizeof tmp, lo, width, 3), b = ui_fmt_mb(tmp, sizeof tmp, hi, width, 3);
	int d = a < b ? a : b;
	return d < 0 ? 0 : d;
}

void ui_fmt_signed(char *out, size_t cap, double v, int decimals, int width)
{
	ui_fmt_fit(out, cap, v, decimals, width, "");
}

void ui_fmt_fit(char *out, size_t cap, double v, int decimals, int width, const char *suffix)
{
	if (isnan(v)) {
		snprintf(out, cap, "-");
		return;
	}
	/* fewer decimals first; then thousands, millions...: a cell that
	 * cuts digits off ("+16570…" for +165709 %) reads ten times too small */
	for (int d = decimals; d >= 0; d--)
		if (snprintf(out, cap, "%+.*f%s", d, v, suffix) <= width)
			return;
	fit_in_units(out, cap, v, width, put_signed, suffix);
}

void ui_fmt_range(char *out, size_t cap, double from, double to, int decimals, int width)
{
	const char *arrow = ui_utf8() ? "\xe2\x86\x92" : ">";
	for (int d = decimals; d >= 0; d--) {
		/* (the arrow is one column, three bytes in UTF-8) */
		int n = snprintf(out, cap, "%.*f%s%.*f", d, from, arrow, d, to);
		if (n - (int)strlen(arrow) + 1 <= width)
			return;
	}
}

void ui_fmt_pct(char *out, size_t cap, double v, int width)
{
	/* past 1,000 % the decimal only pushes the sign out of the column */
	ui_fmt_fit(out, cap, v, fabs(v) < 1000 ? 1 : 0, width, "%");
}

char *ui_ep_name_dup(const struct app *a, uint32_t p, uint32_t e)
{
	const struct ls_process *pr = &a->model.proc[p];
	struct ls_buf b;
	ls_buf_init(&b);
	const char *n = pr->ep[e].name ? pr->ep[e].name : "?";
	ls_buf_add_sanitized(&b, n, strlen(n));
	/* a name two files share: the file says which row is which (two
	 * identical "/chat" rows could not be told apart anywhere) */
	const char *f = pr->ep[e].file;
	if (f && ls_process_named(pr, pr->ep[e].name, e) != UINT32_MAX) {
		const char *base = ls_basename(f);
		ls_buf_puts(&b, " (");
		ls_buf_add_sanitized(&b, base, strlen(base));
		ls_buf_puts(&b, ")");
	}
	return b.data;
}

void ui_ep_name(const struct app *a, uint32_t p, uint32_t e, char *out, size_t cap)
{
	char *name = ui_ep_name_dup(a, p, e);
	snprintf(out, cap, "%s", name);
	free(name);
}

void ui_site_name(const struct app *a, uint32_t p, uint32_t site, char *out, size_t cap)
{
	const struct ls_intern *t = &a->model.proc[p].sites;
	struct ls_buf b;
	ls_buf_init(&b);
	const char *s = ls_intern_str(t, site);
	ls_buf_add_sanitized(&b, s, site < t->n ? t->len[site] : 0);
	size_t len = b.data ? b.len : 0;
	if (len < cap || cap < 8) {
		snprintf(out, cap, "%s", b.data ? b.data : "");
	} else {
		/* too long: "…" and the end, where the file name and line are
		 * (from a character's first byte) */
		const char *mark = ui_ellipsis_left();
		size_t from = len - (cap - 1 - strlen(mark));
		while (from < len && ((unsigned char)b.data[from] & 0xC0) == 0x80)
			from++;
		snprintf(out, cap, "%s%s", mark, b.data + from);
	}
	ls_buf_done(&b);
}

unsigned ui_table_mouse(struct ui_table *t, struct view *v, enum ui_mouse m, int line, int x,
	unsigned (*drill)(struct view *v))
{
	switch (m) {
	case UI_WHEEL_UP:
		ui_table_scroll(t, -3);
		return UI_HANDLED | UI_REDRAW;
	case UI_WHEEL_DOWN:
		ui_table_scroll(t, 3);
		return UI_HANDLED | UI_REDRAW;
	case UI_CLICK:
		if (line == 0)
			return ui_table_click_header(t, x) ? UI_HANDLED | UI_REDRAW : 0;
		return ui_table_click(t, line) ? UI_HANDLED | UI_REDRAW : 0;
	case UI_DOUBLE:
		if (ui_table_click(t, line) && drill)
			return drill(v) | UI_REDRAW;
		return 0;
	}
	return 0;
}

/* Columns of the character at s (n bytes left; the text is sanitized),
 * its length in *len: a cluster as the terminal draws it (width.h), or
 * outside UTF-8 one ASCII stand-in per code point (as draw.c shows it). */
static int char_cols(const char *s, size_t n, size_t *len)
{
	int w;
	if (ui_utf8()) {
		*len = ls_cluster_len(s, n, &w);
		return w;
	}
	uint32_t cp;
	size_t l = ls_utf8_len(s, n, &cp);
	*len = l ? l : 1;
	return 1;
}

/* Wrap one sanitized line at w columns; draw (or count) at most h lines. */
static int wrap_line(bool draw, int y, int x, int w, int h, const char *s, attr_t a)
{
	int used = 0;
	const char *end = s + strlen(s);
	while (*s && used < h) {
		int cols = 0;
		size_t i = 0, brk = 0;
		while (s[i]) {
			size_t len;
			int cw = char_cols(s + i, (size_t)(end - s) - i, &len);
			if (cols + cw > w)
				break;
			if (s[i] == ' ')
				brk = i;
			cols += cw;
			i += len;
		}
		/* break at the last space when the line is cut, else mid-word */
		size_t take = !s[i] || !brk ? i : brk;
		if (!take) {
			size_t len;
			char_cols(s, (size_t)(end - s), &len);
			take = len;
		}
		if (draw) {
			/* the last line there is room for, with more to come: the
			 * rest, which ui_text ends with "…" (a cut without a
			 * mark reads as the whole explanation) */
			bool more = false;
			for (size_t j = take; s[j] && !more; j++)
				more = s[j] != ' ';
			char *line = ls_xstrndup(s, used == h - 1 && more ? strlen(s) : take);
			ui_text(stdscr, y + used, x, w, line, UI_LEFT, a, NULL, 0, 0);
			free(line);
		}
		used++;
		s += take;
		while (*s == ' ')
			s++;
	}
	return used;
}

/* Lay out (draw when draw is true) text wrapped at w columns, at most h
 * lines; each paragraph (newline-separated) is sanitized first, so an
 * escape never splits and widths are those shown. */
static int paragraph(bool draw, int y, int x, int w, int h, const char *text, attr_t a)
{
	int used = 0;
	if (w < 1 || !text)
		return 0;
	for (const char *s = text; *s && used < h;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		struct ls_buf b;
		ls_buf_init(&b);
		ls_buf_add_sanitized(&b, s, n);
		int got = wrap_line(draw, y + used, x, w, h - used, b.data, a);
		used += got ? got : 1; /* an empty paragraph is a blank line */
		ls_buf_done(&b);
		s += n;
		if (*s == '\n')
			s++;
	}
	return used;
}

int ui_paragraph(int y, int x, int w, int h, const char *text, attr_t a)
{
	return paragraph(true, y, x, w, h, text, a);
}

int ui_paragraph_lines(int w, const char *text)
{
	return paragraph(false, 0, 0, w, 1 << 20, text, 0);
}
