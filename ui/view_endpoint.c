/* view_endpoint.c — one endpoint: the memory chart over request number (with
 * rolling mean, error requests and detailed snapshots marked, the fitted
 * steady-state line and the warm-up boundary), toggles for peak_mb, latency
 * and timestamps, zoom, the verdict with its explanation, and the endpoint's
 * allocation-site table under it (Tab moves the focus there). */
#include <stddef.h>
#include "app.h"
#include "chartpaint.h"
#include "chrome.h"
#include "detect.h"
#include "sitetable.h"
#include "vutil.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZOOM_DEPTH 16

struct epv {
	struct app *a;
	uint32_t proc, ep;
	bool by_row;                 /* no request ids: x is the row index */
	struct ls_chart_series cur, mean, peak, lat;
	struct ls_chart_grid grid;
	bool show_peak, show_lat, show_time, show_mean;
	double x0, x1;               /* visible range; x0 >= x1: everything */
	double zoom[ZOOM_DEPTH][2];
	int nzoom;
	int cursor;                  /* grid column of the cursor, -1: not placed yet */
	bool anchor_set;
	double anchor_x;
	bool focus_table;
	struct ui_sitetable st;
	int chart_y;                 /* body line of the chart (last draw) */
	int table_y;                 /* body line of the table header (last draw) */
};

static const struct ls_endpoint *EP(const struct epv *s)
{
	return &s->a->model.proc[s->proc].ep[s->ep];
}

static void build_series(struct epv *s)
{
	const struct ls_endpoint *ep = EP(s);
	s->by_row = false;
	for (uint32_t i = 0; i < ep->n; i++)
		if (!(ep->flags[i] & LS_REQ_HAS_ID)) {
			s->by_row = true;
			break;
		}
	struct ls_chart_input in = {
		.n = ep->n, .x_int = s->by_row ? NULL : ep->req_no, .y = ep->current_mb, .t = ep->timestamp,
		.flags = ep->flags, .valid_mask = LS_REQ_HAS_MEM, .error_mask = LS_REQ_ERROR,
		.detail_mask = LS_REQ_DETAILED,
	};
	ls_chart_series_build(&s->cur, &in);
	uint32_t w = s->cur.n / 40;
	ls_chart_series_build_mean(&s->mean, &s->cur, w < 3 ? 3 : w > 500 ? 500 : w);
	in.y = ep->peak_mb;
	in.valid_mask = LS_REQ_HAS_PEAK;
	ls_chart_series_build(&s->peak, &in);
	/* latency in milliseconds: seconds with 6 decimals read badly on an axis */
	double *ms = ls_xreallocarray(NULL, ep->n ? ep->n : 1, sizeof *ms);
	for (uint32_t i = 0; i < ep->n; i++)
		ms[i] = ep->latency[i] * 1000.0;
	in.y = ms;
	in.valid_mask = LS_REQ_HAS_LATENCY;
	ls_chart_series_build(&s->lat, &in);
	free(ms);
}

static int open_(struct view *v, const void *arg)
{
	const struct ui_ep_arg *ea = arg;
	struct epv *s = ls_xcalloc(1, sizeof *s);
	s->a = v->app;
	s->proc = ea->proc;
	s->ep = ea->ep;
	s->show_mean = true;
	s->cursor = -1;
	v->priv = s;
	v->app->proc = ea->proc;
	ls_chart_series_init(&s->cur);
	ls_chart_series_init(&s->mean);
	ls_chart_series_init(&s->peak);
	ls_chart_series_init(&s->lat);
	ls_chart_grid_init(&s->grid);
	build_series(s);
	ui_sitetable_init(&s->st, v->app, ea->proc, ea->ep);
	s->st.t.focused = false;
	return 0;
}

static void close_(struct view *v)
{
	struct epv *s = v->priv;
	ls_chart_series_done(&s->cur);
	ls_chart_series_done(&s->mean);
	ls_chart_series_done(&s->peak);
	ls_chart_series_done(&s->lat);
	ls_chart_grid_done(&s->grid);
	ui_sitetable_done(&s->st);
	free(s);
}

static const struct ls_verdict *verdict(struct epv *s)
{
	return s->a->opt.classic ? NULL : ls_analysis_verdict(&s->a->an, s->proc, s->ep);
}

static void chart_opts(struct epv *s, struct ls_chart_opts *o, int w, int h)
{
	memset(o, 0, sizeof *o);
	o->cols = w;
	o->rows = h;
	o->mode = s->a->ascii ? LS_CHART_ASCII : LS_CHART_BRAILLE;
	o->x0 = s->x0;
	o->x1 = s->x1;
	o->x_unit = s->by_row ? "row" : "req";
	o->x_time = s->show_time;
	o->markers = true;
	if (s->show_lat) {
		o->series[0] = &s->lat;
		o->role[0] = LS_CHART_SERIES1;
		o->nseries = 1;
		o->y_unit = "ms";
		return;
	}
	o->y_unit = "MB";
	o->series[0] = &s->cur;
	o->role[0] = LS_CHART_SERIES1;
	o->nseries = 1;
	if (s->show_mean) {
		o->series[o->nseries] = &s->mean;
		o->role[o->nseries++] = LS_CHART_SERIES2;
	}
	if (s->show_peak) {
		o->series[o->nseries] = &s->peak;
		o->role[o->nseries++] = LS_CHART_SERIES3;
	}
	const struct ls_verdict *v = verdict(s);
	if (v && v->fit.steady_n >= 2 && v->fit.by_row == s->by_row && isfinite(v->fit.slope_kb_per_request)) {
		o->has_fit = true;
		o->fit_a = v->fit.intercept_mb;
		o->fit_b = v->fit.slope_kb_per_request / 1024.0;
		o->fit_x0 = (double)v->fit.steady_first_req;
		o->fit_x1 = (double)v->fit.last_req;
		if (v->fit.warmup_n > 0) {
			o->has_warmup = true;
			o->warmup_x = (double)v->fit.steady_first_req;
		}
	}
}

/* Row of the endpoint nearest to chart x (for the cursor readout). */
static uint32_t row_at(const struct epv *s, double x)
{
	const struct ls_endpoint *ep = EP(s);
	if (s->by_row) {
		int64_t r = (int64_t)llround(x);
		return (uint32_t)(r < 0 ? 0 : r >= ep->n ? ep->n - 1 : r);
	}
	uint32_t lo = 0, hi = ep->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if ((double)ep->req_no[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ep->n ? lo : ep->n - 1;
}

static const char *arrow(void) { return ui_utf8() ? "\xe2\x86\x92" : "->"; }

static void draw_title(struct epv *s, int y, int x, int w)
{
	const struct ls_endpoint *ep = EP(s);
	char name[512];
	ui_ep_name(s->a, s->proc, s->ep, name, sizeof name);
	enum ui_role role;
	const char *word = ui_verdict_word(s->a, s->proc, s->ep, &role);
	ui_fill(stdscr, y, x, w, A_BOLD);
	int used = ui_text(stdscr, y, x, w / 2, name, UI_LEFT, A_BOLD, NULL, 0, 0);
	int cx = x + used + 2;
	if (cx < x + w) {
		char vw[64];
		snprintf(vw, sizeof vw, " %s ", word);
		cx += ui_text(stdscr, y, cx, ui_width(vw), vw, UI_LEFT, ui_theme_attr(role) | A_REVERSE, NULL, 0, 0) + 2;
	}
	char info[256], n[32];
	ui_fmt_count(n, sizeof n, ep->n);
	snprintf(info, sizeof info, "%s requests, %u errors (%.1f%%)", n, ep->nerrors, ep->n ? 100.0 * ep->nerrors / ep->n : 0);
	if (cx < x + w)
		ui_text(stdscr, y, cx, x + w - cx, info, UI_LEFT, A_NORMAL, NULL, 0, 0);
}

static void draw_legend(struct epv *s, int y, int x, int w)
{
	struct ls_buf b;
	ls_buf_init(&b);
	const struct ls_chart_series *main = s->show_lat ? &s->lat : &s->cur;
	if (main->n && s->cursor >= 0) {
		double cx = ls_chart_col_to_x(&s->grid, s->cursor);
		uint32_t i = ui_chart_nearest(main, cx);
		uint32_t row = row_at(s, main->x[i]);
		const struct ls_endpoint *ep = EP(s);
		if (s->by_row)
			ls_buf_printf(&b, "row %.0f: ", main->x[i]);
		else
			ls_buf_printf(&b, "req-%.0f: ", main->x[i]);
		ls_buf_printf(&b, s->show_lat ? "%.1f ms" : "%.3f MB", main->y[i]);
		if (main->t && ep->flags[row] & LS_REQ_HAS_TIME) {
			char t[32];
			ui_fmt_time(t, sizeof t, main->t[i]);
			ls_buf_printf(&b, " at %s", t);
		}
		if (ep->flags[row] & LS_REQ_ERROR) {
			ls_buf_printf(&b, " ERROR %d", ep->status[row]);
			const char *msg = ls_intern_str(&s->a->model.proc[s->proc].strings, ep->error_msg[row]);
			if (*msg) {
				ls_buf_puts(&b, " \"");
				ls_buf_add_sanitized(&b, msg, strlen(msg) > 60 ? 60 : strlen(msg));
				ls_buf_puts(&b, "\"");
			}
		}
		if (ep->flags[row] & LS_REQ_DETAILED)
			ls_buf_puts(&b, " (detailed)");
		ls_buf_puts(&b, "   ");
	}
	if (s->anchor_set)
		ls_buf_printf(&b, "zoom from %.0f: move, z again  ", s->anchor_x);
	else if (s->nzoom)
		ls_buf_printf(&b, "zoomed %.0f-%.0f (Z back)  ", s->x0, s->x1);
	ui_fill(stdscr, y, x, w, A_NORMAL);
	int used = ui_text(stdscr, y, x, w, b.data ? b.data : "", UI_LEFT, ui_theme_attr(ROLE_KEY) & ~A_REVERSE, NULL, 0, 0);
	ls_buf_done(&b);
	/* the legend: each name in its curve's colour */
	int cx = x + used;
	struct item { const char *t; enum ui_role r; bool on; } items[] = {
		{s->show_lat ? "latency" : "current_mb", ROLE_CH_S1, true},
		{"mean(m)", ROLE_CH_S2, !s->show_lat && s->show_mean},
		{"peak(p)", ROLE_CH_S3, !s->show_lat && s->show_peak},
		{"fit", ROLE_CH_FIT, !s->show_lat && verdict(s) != NULL},
		{"warm-up", ROLE_CH_WARM, !s->show_lat && verdict(s) && verdict(s)->fit.warmup_n > 0},
		{"error", ROLE_CH_ERR, true},
		{"detailed", ROLE_CH_DET, true},
	};
	for (size_t k = 0; k < sizeof items / sizeof items[0] && cx < x + w; k++) {
		if (!items[k].on)
			continue;
		int iw = ui_width(items[k].t);
		if (cx + iw > x + w)
			break;
		ui_text(stdscr, y, cx, iw, items[k].t, UI_LEFT, ui_theme_attr(items[k].r), NULL, 0, 0);
		cx += iw + 2;
	}
}

static int draw_explanation(struct epv *s, int y, int x, int w, int h)
{
	const struct ls_verdict *v = verdict(s);
	const struct ls_classic_result *c = ls_analysis_classic(&s->a->an, s->proc, s->ep);
	int used = 0;
	if (v && v->explanation && h > 0) {
		enum ui_role role;
		ui_verdict_word(s->a, s->proc, s->ep, &role);
		/* the classic line takes the last line when there are two or more */
		used += ui_paragraph(y, x + 1, w - 2, h > 1 ? h - 1 : 1, v->explanation,
			ui_theme_attr(role == ROLE_LEAK ? ROLE_LEAK : ROLE_NORMAL));
	}
	if (c && used < h) {
		char line[1024];
		if (c->status == LS_CLASSIC_OK)
			snprintf(line, sizeof line, "Classic: %.2f %s %.2f MB (%+.1f%%): %s", c->initial_avg, arrow(),
				c->final_avg, c->growth_percent, c->message ? c->message : "");
		else
			snprintf(line, sizeof line, "Classic: %s", c->message ? c->message : "no verdict");
		ui_fill(stdscr, y + used, x, w, A_NORMAL);
		used += ui_paragraph(y + used, x + 1, w - 2, 1, line, ui_theme_attr(ROLE_DIM));
	}
	return used;
}

static void draw(struct view *v, int y, int x, int h, int w)
{
	struct epv *s = v->priv;
	draw_title(s, y, x, w);
	int rest = h - 1;
	int chart_h = rest * 9 / 20;
	if (chart_h < LS_CHART_MIN_ROWS)
		chart_h = LS_CHART_MIN_ROWS;
	/* the whole explanation when it fits in a third of the body */
	const struct ls_verdict *vd = verdict(s);
	int expl_h = (vd && vd->explanation ? ui_paragraph_lines(w - 2, vd->explanation) : 0) + 1;
	if (expl_h > rest / 3)
		expl_h = rest / 3 > 1 ? rest / 3 : 1;
	int table_h = rest - chart_h - 1 - expl_h;
	/* on a small terminal the explanation gives way first, then the chart
	 * down to its minimum; the table keeps at least its header and a row */
	while (table_h < 3 && expl_h > 1) {
		expl_h--;
		table_h++;
	}
	while (table_h < 3 && chart_h > LS_CHART_MIN_ROWS) {
		chart_h--;
		table_h++;
	}
	if (table_h < 2)
		table_h = 2;
	struct ls_chart_opts o;
	chart_opts(s, &o, w, chart_h);
	s->chart_y = y + 1;
	if (ls_chart_render(&s->grid, &o) == 0) {
		const struct ls_chart_grid *g = &s->grid;
		if (s->cursor < g->plot_col || s->cursor >= g->plot_col + g->plot_w)
			s->cursor = g->plot_col + g->plot_w - 1;
		int sel0 = -1, sel1 = -1;
		if (s->anchor_set && g->x1 > g->x0) {
			double fx = (s->anchor_x - g->x0) / (g->x1 - g->x0);
			int ac = g->plot_col + (int)(fx * g->plot_w);
			sel0 = ac < s->cursor ? ac : s->cursor;
			sel1 = ac < s->cursor ? s->cursor : ac;
		}
		ui_chart_paint(g, y + 1, x, s->focus_table ? -1 : s->cursor, sel0, sel1);
	} else {
		for (int l = 0; l < chart_h; l++)
			ui_fill(stdscr, y + 1 + l, x, w, A_NORMAL);
		ui_text(stdscr, y + 1, x, w, "(too small for a chart)", UI_LEFT, ui_theme_attr(ROLE_DIM), NULL, 0, 0);
	}
	draw_legend(s, y + 1 + chart_h, x, w);
	int ey = y + 2 + chart_h;
	for (int l = 0; l < expl_h; l++)
		ui_fill(stdscr, ey + l, x, w, A_NORMAL);
	draw_explanation(s, ey, x, w, expl_h);
	s->table_y = ey + expl_h;
	s->st.t.focused = s->focus_table;
	ui_table_draw(&s->st.t, stdscr, s->table_y, x, table_h, w);
}

static void zoom_to(struct epv *s, double a, double b)
{
	if (b - a < 1)
		return;
	if (s->nzoom < ZOOM_DEPTH) {
		s->zoom[s->nzoom][0] = s->x0;
		s->zoom[s->nzoom][1] = s->x1;
		s->nzoom++;
	}
	s->x0 = a;
	s->x1 = b;
}

static unsigned chart_key(struct epv *s, enum ui_cmd cmd)
{
	const struct ls_chart_grid *g = &s->grid;
	switch (cmd) {
	case CMD_LEFT:
		if (s->cursor > g->plot_col)
			s->cursor--;
		break;
	case CMD_RIGHT:
		if (s->cursor < g->plot_col + g->plot_w - 1)
			s->cursor++;
		break;
	case CMD_TOP:
		s->cursor = g->plot_col;
		break;
	case CMD_BOTTOM:
		s->cursor = g->plot_col + g->plot_w - 1;
		break;
	default:
		return 0;
	}
	return UI_HANDLED | UI_REDRAW;
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct epv *s = v->priv;
	switch (cmd) {
	case CMD_FOCUS:
		s->focus_table = !s->focus_table;
		return UI_HANDLED | UI_REDRAW;
	case CMD_PEAK: s->show_peak = !s->show_peak; return UI_HANDLED | UI_REDRAW;
	case CMD_LATENCY: s->show_lat = !s->show_lat; return UI_HANDLED | UI_REDRAW;
	case CMD_TIME: s->show_time = !s->show_time; return UI_HANDLED | UI_REDRAW;
	case CMD_MEAN: s->show_mean = !s->show_mean; return UI_HANDLED | UI_REDRAW;
	case CMD_ZOOM: {
		double cx = ls_chart_col_to_x(&s->grid, s->cursor);
		if (!s->anchor_set) {
			s->anchor_set = true;
			s->anchor_x = cx;
			ui_app_status(v->app, ROLE_STATUS, "zoom: move the cursor (Left/Right) to the other end and press z");
		} else {
			s->anchor_set = false;
			zoom_to(s, fmin(s->anchor_x, cx), fmax(s->anchor_x, cx));
		}
		return UI_HANDLED | UI_REDRAW;
	}
	case CMD_UNZOOM:
		s->anchor_set = false;
		if (s->nzoom) {
			s->nzoom--;
			s->x0 = s->zoom[s->nzoom][0];
			s->x1 = s->zoom[s->nzoom][1];
		}
		return UI_HANDLED | UI_REDRAW;
	case CMD_BACK:
		if (s->anchor_set) {
			s->anchor_set = false;
			return UI_HANDLED | UI_REDRAW;
		}
		return 0;
	default:
		break;
	}
	if (!s->focus_table) {
		unsigned f = chart_key(s, cmd);
		if (f)
			return f;
	}
	if (cmd == CMD_ENTER || (s->focus_table && cmd == CMD_RIGHT))
		return ui_sitetable_drill(&s->st);
	return ui_table_cmd(&s->st.t, cmd);
}

static unsigned table_drill(struct view *v)
{
	struct epv *s = v->priv;
	return ui_sitetable_drill(&s->st);
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	struct epv *s = v->priv;
	int ay = y + 2; /* absolute screen line */
	const struct ls_chart_grid *g = &s->grid;
	if (ay >= s->chart_y && ay < s->chart_y + g->rows) {
		if (m == UI_CLICK && x >= g->plot_col && x < g->plot_col + g->plot_w) {
			s->cursor = x;
			s->focus_table = false;
			return UI_HANDLED | UI_REDRAW;
		}
		if (m == UI_WHEEL_UP || m == UI_WHEEL_DOWN) {
			const struct ls_chart_series *ser = s->show_lat ? &s->lat : &s->cur;
			if (!ser->n)
				return 0;
			double a = s->x0, b = s->x1;
			if (a >= b) {
				a = ser->xmin;
				b = ser->xmax;
			}
			double c = ls_chart_col_to_x(g, x);
			ls_chart_zoom(&a, &b, c, m == UI_WHEEL_UP ? 0.5 : 2.0, ser->xmin, ser->xmax, 4);
			if (m == UI_WHEEL_UP)
				zoom_to(s, a, b);
			else {
				s->x0 = a;
				s->x1 = b;
				if (a <= ser->xmin && b >= ser->xmax)
					s->nzoom = 0;
			}
			return UI_HANDLED | UI_REDRAW;
		}
		return 0;
	}
	if (ay >= s->table_y) {
		s->focus_table = true;
		return ui_table_mouse(&s->st.t, v, m, ay - s->table_y, x, table_drill);
	}
	return 0;
}

static void changed_(struct view *v, bool data)
{
	struct epv *s = v->priv;
	if (data) {
		build_series(s);
		ui_sitetable_reload(&s->st);
	} else {
		ui_sitetable_refilter(&s->st);
	}
}

static bool selected(struct view *v, struct ls_finding *f)
{
	struct epv *s = v->priv;
	uint32_t site;
	if (s->focus_table && ui_sitetable_site(&s->st, &site)) {
		*f = (struct ls_finding){LS_FINDING_SITE, s->proc, site};
		return true;
	}
	*f = (struct ls_finding){LS_FINDING_ENDPOINT, s->proc, s->ep};
	return true;
}

static bool search(struct view *v, const char *text, int dir)
{
	struct epv *s = v->priv;
	if (!text) {
		ui_table_search_begin(&s->st.t);
		return true;
	}
	s->focus_table = true;
	return ui_table_search(&s->st.t, text, dir);
}

const struct view_ops ui_view_endpoint = {
	.name = "Endpoint",
	.open = open_,
	.close = close_,
	.draw = draw,
	.key = key,
	.mouse = mouse,
	.changed = changed_,
	.selected = selected,
	.search = search,
	.hints = "Tab focus  z zoom  Z unzoom  p peak  L latency  t time  m mean  Enter site  Space mark  q back",
	.screen = 0,
};
