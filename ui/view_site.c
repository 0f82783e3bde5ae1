/* view_site.c — one allocation site: its size over time across every
 * endpoint's records, which endpoints' records show it, its trend, and the
 * source lines around it when the file exists here (like `pprof list`). */
#include <stddef.h>
#include "app.h"
#include "cache.h"
#include "chartpaint.h"
#include "chrome.h"
#include "detect.h"
#include "source.h"
#include "table.h"
#include "vutil.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ep_row {
	uint32_t ep, samples;
	double first, last, max;
};

struct sitev {
	struct app *a;
	uint32_t proc, site;
	struct ls_chart_series series;
	struct ls_chart_grid grid;
	struct ep_row *rows;
	uint32_t nrows;
	double first, last, min, max;
	int64_t first_req, last_req;
	uint32_t samples;
	struct ls_source src;
	struct ui_table t;
};

static const struct ep_row *row_of(void *c, uint32_t r) { return &((struct sitev *)c)->rows[r]; }
/* Rows are rebuilt in the order the endpoints first show the site, which
 * new or rotated records change: a row is its endpoint. */
static void row_key(void *c, uint32_t r, struct ls_buf *k)
{
	uint32_t ep = row_of(c, r)->ep;
	ls_buf_add(k, &ep, sizeof ep);
}
static void t_name(void *c, uint32_t r, char *o, size_t n)
{
	struct sitev *s = c;
	ui_ep_name(s->a, s->proc, row_of(c, r)->ep, o, n);
}
static double n_samples(void *c, uint32_t r) { return row_of(c, r)->samples; }
static void t_samples(void *c, uint32_t r, char *o, size_t n) { ui_fmt_count(o, n, row_of(c, r)->samples); }
static double n_first(void *c, uint32_t r) { return row_of(c, r)->first; }
static void t_first(void *c, uint32_t r, char *o, size_t n) { snprintf(o, n, "%.3f", row_of(c, r)->first); }
static double n_last(void *c, uint32_t r) { return row_of(c, r)->last; }
static void t_last(void *c, uint32_t r, char *o, size_t n) { snprintf(o, n, "%.3f", row_of(c, r)->last); }
static double n_max(void *c, uint32_t r) { return row_of(c, r)->max; }
static void t_max(void *c, uint32_t r, char *o, size_t n) { snprintf(o, n, "%.3f", row_of(c, r)->max); }
static double n_verdict(void *c, uint32_t r)
{
	struct sitev *s = c;
	return ui_verdict_key(s->a, s->proc, row_of(c, r)->ep);
}
static void t_verdict(void *c, uint32_t r, char *o, size_t n)
{
	struct sitev *s = c;
	enum ui_role role;
	snprintf(o, n, "%s", ui_verdict_word(s->a, s->proc, row_of(c, r)->ep, &role));
}
static enum ui_role r_verdict(void *c, uint32_t r)
{
	struct sitev *s = c;
	enum ui_role role;
	ui_verdict_word(s->a, s->proc, row_of(c, r)->ep, &role);
	return role;
}

static const struct ui_col cols[] = {
	{.title = "Endpoint whose records show it", .width = 0, .align = UI_TRUNC_LEFT, .text = t_name},
	{.title = "Samples", .width = 8, .align = UI_RIGHT, .text = t_samples, .num = n_samples},
	{.title = "First MB", .width = 9, .align = UI_RIGHT, .text = t_first, .num = n_first},
	{.title = "Last MB", .width = 9, .align = UI_RIGHT, .text = t_last, .num = n_last},
	{.title = "Max MB", .width = 9, .align = UI_RIGHT, .text = t_max, .num = n_max},
	{.title = "Verdict", .width = 15, .align = UI_LEFT, .text = t_verdict, .num = n_verdict, .role = r_verdict},
};

static void collect(struct sitev *s)
{
	const struct ls_process *p = &s->a->model.proc[s->proc];
	free(s->rows);
	s->rows = ls_xcalloc(p->nep ? p->nep : 1, sizeof *s->rows);
	s->nrows = 0;
	uint32_t *ep_row = ls_xreallocarray(NULL, p->nep ? p->nep : 1, sizeof *ep_row);
	memset(ep_row, 0xff, (p->nep ? p->nep : 1) * sizeof *ep_row);
	size_t cap = 0, n = 0;
	int64_t *xs = NULL;
	double *ys = NULL;
	size_t ycap = 0;
	s->samples = 0;
	/* the site's own samples from the app's index (cache.h), or a walk
	 * over every record's consumers when there is none */
	const uint32_t *pk = NULL, *pc = NULL;
	uint32_t pn = 0;
	bool indexed = ui_cache_site_samples(s->a, s->proc, s->site, &pk, &pc, &pn);
	uint64_t nk = indexed ? pn : p->ntl;
	for (uint64_t i = 0; i < nk; i++) {
		uint64_t k = indexed ? pk[i] : i;
		uint32_t e = p->tl_ep[k], row = p->tl_row[k];
		const struct ls_endpoint *ep = &p->ep[e];
		/* an id-less record has no place on the request axis (as in
		 * the site's trend: model.h, ls_endpoint_placed), so it is left
		 * out of the chart; its sample still counts, as in the Sites
		 * table and the report */
		bool placed = ls_endpoint_placed(ep, row);
		uint32_t c0 = indexed ? pc[i] : ep->cons_first[row];
		uint32_t c1 = indexed ? pc[i] + 1 : ep->cons_first[row + 1];
		for (uint32_t c = c0; c < c1; c++) {
			if (ep->cons_site[c] != s->site)
				continue;
			double mb = ep->cons_mb[c];
			if (placed) {
				ls_grow(&xs, &cap, n + 1, sizeof *xs);
				ls_grow(&ys, &ycap, n + 1, sizeof *ys);
				xs[n] = ep->req_no[row];
				ys[n] = mb;
				n++;
			}
			if (!s->samples) {
				s->first = s->min = s->max = mb;
				/* (the file's id: the timeline's may be the
				 * completion order's, model.h) */
				s->first_req = placed ? ep->req_id[row] : -1;
			}
			s->samples++;
			s->last = mb;
			s->last_req = placed ? ep->req_id[row] : -1;
			if (mb < s->min)
				s->min = mb;
			if (mb > s->max)
				s->max = mb;
			if (ep_row[e] == UINT32_MAX) {
				ep_row[e] = s->nrows;
				s->rows[s->nrows++] = (struct ep_row){e, 0, mb, mb, mb};
			}
			struct ep_row *r = &s->rows[ep_row[e]];
			r->samples++;
			r->last = mb;
			if (mb > r->max)
				r->max = mb;
		}
	}
	struct ls_chart_input in = {.n = (uint32_t)n, .x_int = xs, .y = ys};
	ls_chart_series_build(&s->series, &in);
	free(xs);
	free(ys);
	free(ep_row);
}

static int open_(struct view *v, const void *arg)
{
	const struct ui_site_arg *sa = arg;
	struct sitev *s = ls_xcalloc(1, sizeof *s);
	s->a = v->app;
	s->proc = sa->proc;
	s->site = sa->site;
	v->priv = s;
	ls_chart_series_init(&s->series);
	ls_chart_grid_init(&s->grid);
	ls_source_init(&s->src);
	collect(s);
	ls_source_read(&s->src, ls_intern_str(&s->a->model.proc[s->proc].sites, s->site), 41, 0);
	ui_table_init(&s->t, cols, (int)(sizeof cols / sizeof cols[0]), s);
	s->t.sort_col = 1;
	s->t.rev = true;
	s->t.empty = "no endpoint's records show this site";
	s->t.row_key = row_key;
	ui_table_reset(&s->t, s->nrows);
	return 0;
}

static void close_(struct view *v)
{
	struct sitev *s = v->priv;
	ui_table_done(&s->t);
	ls_chart_series_done(&s->series);
	ls_chart_grid_done(&s->grid);
	ls_source_done(&s->src);
	free(s->rows);
	free(s);
}

static void draw_source(struct sitev *s, int y, int x, int h, int w)
{
	attr_t ha = ui_theme_attr(ROLE_COLHEAD);
	ui_fill(stdscr, y, x, w, ha);
	char title[600];
	if (s->src.status == LS_SOURCE_OK) {
		char *p = ls_sanitize(s->src.path ? s->src.path : "");
		snprintf(title, sizeof title, "Source: %s, line %u", p, s->src.line);
		free(p);
	} else {
		snprintf(title, sizeof title, "Source");
	}
	ui_text(stdscr, y, x, w, title, UI_LEFT, ha, NULL, 0, 0);
	if (h < 2)
		return;
	if (s->src.status != LS_SOURCE_OK) {
		ui_paragraph(y + 1, x + 1, w - 2, h - 1, s->src.message, ui_theme_attr(ROLE_DIM));
		return;
	}
	/* centre the window on the hit line */
	uint32_t hit = 0;
	for (uint32_t i = 0; i < s->src.n; i++)
		if (s->src.lines[i].hit)
			hit = i;
	int rows = h - 1;
	int64_t from = (int64_t)hit - rows / 2;
	if (from + rows > (int64_t)s->src.n)
		from = (int64_t)s->src.n - rows;
	if (from < 0)
		from = 0;
	/* the gutter fits the largest number shown (six digits at least) */
	int digits = 6;
	for (uint32_t no = s->src.n ? s->src.lines[s->src.n - 1].no : 0; no >= 1000000; no /= 10)
		digits++;
	int gw = digits + 2;
	for (int l = 0; l < rows && from + l < (int64_t)s->src.n; l++) {
		const struct ls_source_line *sl = &s->src.lines[from + l];
		char num[32];
		snprintf(num, sizeof num, "%s%*u ", sl->hit ? ">" : " ", digits, sl->no);
		attr_t a = sl->hit ? ui_theme_attr(ROLE_CURRENT) : A_NORMAL;
		ui_fill(stdscr, y + 1 + l, x, w, a);
		ui_text(stdscr, y + 1 + l, x, gw, num, UI_LEFT, sl->hit ? a : ui_theme_attr(ROLE_DIM), NULL, 0, 0);
		ui_text(stdscr, y + 1 + l, x + gw, w - gw, sl->text, UI_LEFT, a, NULL, 0, 0);
	}
}

static void draw(struct view *v, int y, int x, int h, int w)
{
	struct sitev *s = v->priv;
	struct app *a = v->app;
	char loc[1024];
	ui_site_name(a, s->proc, s->site, loc, sizeof loc);
	struct ls_span sp[16];
	size_t nsp = ls_filter_spans(&a->filter, LS_FILTER_INCLUDE, loc, strlen(loc), sp, 16);
	ui_fill(stdscr, y, x, w, A_BOLD);
	ui_text(stdscr, y, x, 6, " Site ", UI_LEFT, A_BOLD, NULL, 0, 0);
	ui_text(stdscr, y, x + 6, w - 6, loc, UI_TRUNC_LEFT, A_BOLD, sp, nsp, ui_theme_attr(ROLE_MATCH));

	struct ls_buf b;
	ls_buf_init(&b);
	if (s->samples) {
		char fr[40] = "", lr[40] = "";
		if (s->first_req >= 0)
			snprintf(fr, sizeof fr, " (req-%lld)", (long long)s->first_req);
		if (s->last_req >= 0)
			snprintf(lr, sizeof lr, " (req-%lld)", (long long)s->last_req);
		ls_buf_printf(&b, " %u sample%s  first %.3f MB%s  last %.3f MB%s  min %.3f  max %.3f MB",
			s->samples, s->samples == 1 ? "" : "s", s->first, fr, s->last, lr, s->min, s->max);
		if (ui_width(b.data) > w) {
			/* (the chart's axis has the request numbers; the max does not) */
			ls_buf_done(&b);
			ls_buf_init(&b);
			ls_buf_printf(&b, " %u sample%s  first %.3f MB  last %.3f MB  min %.3f  max %.3f MB", s->samples,
				s->samples == 1 ? "" : "s", s->first, s->last, s->min, s->max);
		}
	} else /* a reload took its records away */
		ls_buf_puts(&b, " no samples: no loaded record lists this site any more");
	ui_fill(stdscr, y + 1, x, w, A_NORMAL);
	ui_text(stdscr, y + 1, x, w, b.data, UI_LEFT, A_NORMAL, NULL, 0, 0);
	ls_buf_done(&b);

	/* the site's own trend, and the endpoints whose traffic it follows */
	ls_buf_init(&b);
	const struct ls_process_analysis *pa = a->opt.classic ? NULL : ls_analysis_process(&a->an, s->proc);
	const struct ls_site_trend *tr = pa ? ls_sites_find(&pa->sites, s->site) : NULL;
	enum ui_role trole = tr && tr->suspect && isfinite(tr->slope_mb_per_1k) ? ROLE_LEAK : ROLE_DIM;
	if (a->opt.classic) {
		ls_buf_puts(&b, " (--classic: no trend analysis)");
	} else if (!s->samples) {
		ls_buf_puts(&b, " "); /* (the line above says why there is none) */
	} else {
		ls_buf_puts(&b, " ");
		ls_site_trend_text(&b, &a->model.proc[s->proc], pa ? &pa->sites : NULL, s->site);
	}
	/* two lines where one would cut it: what it grows with comes last
	 * ("; grows with /chat/co…" at 80 columns) */
	int tl = ui_paragraph_lines(w - 1, b.data + 1) > 1 && h >= 20 ? 2 : 1;
	for (int l = 0; l < tl; l++)
		ui_fill(stdscr, y + 2 + l, x, w, A_NORMAL);
	ui_paragraph(y + 2, x + 1, w - 1, tl, b.data + 1, ui_theme_attr(trole));
	ls_buf_done(&b);
	y += tl - 1;
	h -= tl - 1;

	int rest = h - 3;
	int chart_h = rest * 2 / 5;
	if (chart_h < LS_CHART_MIN_ROWS)
		chart_h = LS_CHART_MIN_ROWS;
	/* the endpoint table takes what its rows need, the source the rest
	 * (two lines when there is no source to show) */
	int want_src = s->src.status == LS_SOURCE_OK ? (int)s->src.n + 1 : 3;
	int tab_h = (int)s->nrows + 1;
	if (tab_h < 3)
		tab_h = 3;
	if (tab_h > rest - chart_h - 4)
		tab_h = rest - chart_h - 4 > 3 ? rest - chart_h - 4 : 3;
	int src_h = rest - chart_h - tab_h;
	if (src_h > want_src) {
		tab_h += src_h - want_src;
		src_h = want_src;
	}
	struct ls_chart_opts o = {
		.cols = w, .rows = chart_h, .mode = a->ascii ? LS_CHART_ASCII : LS_CHART_BRAILLE,
		.series = {&s->series}, .nseries = 1, .y_unit = "MB", .x_unit = "req",
	};
	if (s->series.n && ls_chart_render(&s->grid, &o) == 0)
		ui_chart_paint(&s->grid, y + 3, x, -1, -1, -1);
	ui_table_draw(&s->t, stdscr, y + 3 + chart_h, x, tab_h, w);
	if (src_h > 0)
		draw_source(s, y + 3 + chart_h + tab_h, x, src_h, w);
	s->t.drawn_y = y + 3 + chart_h;
}

static unsigned drill(struct view *v)
{
	struct sitev *s = v->priv;
	uint32_t r;
	if (!ui_table_selected(&s->t, &r))
		return UI_HANDLED;
	struct ui_ep_arg arg = {s->proc, s->rows[r].ep};
	ui_app_push(v->app, &ui_view_endpoint, &arg);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct sitev *s = v->priv;
	if (cmd == CMD_ENTER || cmd == CMD_RIGHT)
		return drill(v);
	return ui_table_cmd(&s->t, cmd);
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	struct sitev *s = v->priv;
	(void)x;
	/* body-relative line of the table header: drawn_y is absolute (body starts at 2) */
	return ui_table_mouse(&s->t, v, m, y - (s->t.drawn_y - 2), x, drill);
}

static void changed_(struct view *v, bool data)
{
	struct sitev *s = v->priv;
	if (!data)
		return;
	/* the table follows the endpoints under the cursor and chosen by the
	 * user to their new rows (row_key) */
	collect(s);
	ui_table_reset(&s->t, s->nrows);
}

static bool selected(struct view *v, struct ls_finding *f)
{
	struct sitev *s = v->priv;
	*f = (struct ls_finding){LS_FINDING_SITE, s->proc, s->site};
	return true;
}

/* / n N: the endpoint table, by endpoint name (as on every other table) */
static enum ui_found search(struct view *v, const char *text, int dir)
{
	struct sitev *s = v->priv;
	if (!text) {
		ui_table_search_begin(&s->t);
		return UI_FOUND;
	}
	return ui_table_search(&s->t, text, dir);
}

const struct view_ops ui_view_site = {
	.name = "Site",
	.open = open_,
	.close = close_,
	.draw = draw,
	.key = key,
	.mouse = mouse,
	.changed = changed_,
	.selected = selected,
	.search = search,
	.hints = "Enter open endpoint  </> sort  Space mark site  e export  q back  ? help",
	.screen = 0,
};
