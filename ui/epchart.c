/* epchart.c — see epchart.h. */
#include "epchart.h"
#include "chartpaint.h"
#include "chrome.h"
#include "draw.h"
#include "explain.h"
#include "theme.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Without colour, braille curves differ only by colour: the mean drawn
 * over current_mb would be dots no one can tell from it. So it starts
 * hidden there (m still shows it, and the legend then says so). */
static bool mean_by_default(void)
{
	return ui_theme_color();
}

void ui_epchart_init(struct ui_epchart *c)
{
	memset(c, 0, sizeof *c);
	c->show_mean = mean_by_default();
	c->cursor = -1;
	c->cursor_x = NAN;
	c->y = -1;
	ls_chart_series_init(&c->cur);
	ls_chart_series_init(&c->mean);
	ls_chart_series_init(&c->peak);
	ls_chart_series_init(&c->lat);
	ls_chart_grid_init(&c->grid);
}

void ui_epchart_reset_view(struct ui_epchart *c)
{
	c->show_peak = c->show_lat = c->show_time = false;
	c->show_mean = mean_by_default();
	c->x0 = c->x1 = 0;
	c->nzoom = 0;
	c->cursor = -1;
	c->cursor_x = NAN;
	c->anchor_set = false;
	c->y = -1;
}

void ui_epchart_done(struct ui_epchart *c)
{
	ls_chart_series_done(&c->cur);
	ls_chart_series_done(&c->mean);
	ls_chart_series_done(&c->peak);
	ls_chart_series_done(&c->lat);
	ls_chart_grid_done(&c->grid);
}

/* A detailed record: an endpoint profile says so (detailed_snapshot); a
 * memory-test file has no such field, and its detailed records are the
 * ones that list top consumers (what the Sites screen counts as samples). */
static bool row_detailed(const struct ls_endpoint *ep, uint32_t r)
{
	if (ep->flags[r] & LS_REQ_DETAILED)
		return true;
	return ep->format == LS_FMT_SNAPSHOT && (ep->flags[r] & LS_REQ_HAS_CONSUMERS) && ls_endpoint_ncons(ep, r) > 0;
}

/* The flags the chart reads: the model's, with LS_REQ_DETAILED on every
 * detailed record (a copy only where the two differ: memory-test files). */
static uint16_t *chart_flags(const struct ls_endpoint *ep)
{
	if (ep->format != LS_FMT_SNAPSHOT)
		return NULL;
	uint16_t *fl = ls_xreallocarray(NULL, ep->n ? ep->n : 1, sizeof *fl);
	for (uint32_t i = 0; i < ep->n; i++)
		fl[i] = (uint16_t)(ep->flags[i] | (row_detailed(ep, i) ? LS_REQ_DETAILED : 0));
	return fl;
}

void ui_epchart_build(struct ui_epchart *c, const struct ls_endpoint *ep, const int64_t *holes, uint32_t nholes)
{
	/* over request numbers unless the file has none; a record without one
	 * among records with one has no place there, and is not drawn (as the
	 * fits leave it out: model.h, ls_endpoint_placed) */
	bool was_by_row = c->by_row;
	/* The cursor on the last column of the whole range (where it starts)
	 * stays on the last record as new ones come (--follow, R), as tail -f
	 * stays at the end: kept on its request, the readout went on showing
	 * an old value in the middle of the chart while the memory grew on */
	bool at_end = c->cursor >= 0 && c->grid.plot_w > 0 && !(c->x0 < c->x1) && !c->anchor_set &&
		c->cursor >= c->grid.plot_col + c->grid.plot_w - 1;
	c->by_row = !ls_endpoint_ids_usable(ep);
	c->no_latency = ep->format == LS_FMT_SNAPSHOT;
	c->no_time = true;
	for (uint32_t i = 0; i < ep->n && c->no_time; i++)
		if (ep->flags[i] & LS_REQ_HAS_TIME)
			c->no_time = false;
	if (c->no_time)
		c->show_time = false;
	uint16_t placed = c->by_row ? 0 : LS_REQ_HAS_ID;
	uint16_t *fl = chart_flags(ep);
	struct ls_chart_input in = {
		.n = ep->n, .x_int = c->by_row ? NULL : ep->req_no, .y = ep->current_mb, .t = ep->timestamp,
		.flags = fl ? fl : ep->flags, .valid_mask = LS_REQ_HAS_MEM | placed, .error_mask = LS_REQ_ERROR,
		.detail_mask = LS_REQ_DETAILED,
		/* tracemalloc off: 0.0 MB is no memory reading (the analysis
		 * leaves those records out; the chart says so in its header) */
		.invalid_mask = LS_REQ_TRACKING_OFF,
		/* (holes are on the request axis; a file drawn by row has none) */
		.holes = c->by_row ? NULL : holes, .nholes = c->by_row ? 0 : nholes,
	};
	ls_chart_series_build(&c->cur, &in);
	/* a mean over ~1/40 of the points smooths the GC sawtooth, not the trend */
	uint32_t w = c->cur.n / 40;
	ls_chart_series_build_mean(&c->mean, &c->cur, w < 3 ? 3 : w > 500 ? 500 : w);
	in.y = ep->peak_mb;
	in.valid_mask = LS_REQ_HAS_PEAK | placed;
	ls_chart_series_build_like(&c->peak, &in, &c->cur);
	/* latency in milliseconds: seconds with 6 decimals read badly on an axis */
	double *ms = ls_xreallocarray(NULL, ep->n ? ep->n : 1, sizeof *ms);
	for (uint32_t i = 0; i < ep->n; i++)
		ms[i] = ep->latency[i] * 1000.0;
	in.y = ms;
	in.valid_mask = LS_REQ_HAS_LATENCY | placed;
	in.invalid_mask = 0;  /* latency is measured with tracemalloc off too */
	ls_chart_series_build_like(&c->lat, &in, &c->cur);
	c->lat_cap.valid = false;
	free(ms);
	free(fl);
	/* a zoom into what a reload took away (the profiler restarted and the
	 * file holds fewer requests), or onto another axis, would show an
	 * empty window: back to everything */
	if (c->x0 < c->x1 && (was_by_row != c->by_row || !c->cur.n || c->x1 < c->cur.x[0] ||
	    c->x0 > c->cur.x[c->cur.n - 1])) {
		c->x0 = c->x1 = 0;
		c->nzoom = 0;
		c->anchor_set = false;
		c->cursor_x = NAN;
	} else if (c->x0 < c->x1) {
		/* one that lies partly outside the requests now: what is left
		 * of it (else the curve kept to a corner of the window) */
		double first = c->cur.x[0], last = c->cur.x[c->cur.n - 1];
		c->x0 = c->x0 > first ? c->x0 : first;
		c->x1 = c->x1 < last ? c->x1 : last;
	}
	if (at_end) {
		c->cursor = -1; /* the next draw puts it on the last column */
		c->cursor_x = NAN;
	}
}

static bool has_fit(const struct ui_epchart *c, const struct ls_verdict *v)
{
	return v && v->fit.steady_n >= 2 && v->fit.by_row == c->by_row && isfinite(v->fit.slope_kb_per_request);
}

static void chart_opts(const struct ui_epchart *c, struct ls_chart_opts *o, int w, int h, bool ascii,
	const struct ls_verdict *v)
{
	memset(o, 0, sizeof *o);
	o->cols = w;
	o->rows = h;
	o->mode = ascii ? LS_CHART_ASCII : LS_CHART_BRAILLE;
	o->x0 = c->x0;
	o->x1 = c->x1;
	o->x_unit = c->show_time ? "time" : c->by_row ? "row" : "req";
	o->x_time = c->show_time;
	o->markers = true;
	o->role[0] = LS_CHART_SERIES1;
	o->nseries = 1;
	if (c->show_lat) {
		o->series[0] = &c->lat;
		o->y_unit = "ms";
		o->y_cap = c->lat_cap.cap;
		return;
	}
	o->y_unit = "MB";
	o->series[0] = &c->cur;
	if (c->show_mean) {
		o->series[o->nseries] = &c->mean;
		o->role[o->nseries++] = LS_CHART_SERIES2;
	}
	if (c->show_peak) {
		o->series[o->nseries] = &c->peak;
		o->role[o->nseries++] = LS_CHART_SERIES3;
	}
	if (has_fit(c, v)) {
		o->has_fit = true;
		o->fit_b = v->fit.slope_kb_per_request / 1024.0;
		/* the line's height where it starts (the intercept is at first_req) */
		o->fit_a = v->fit.intercept_mb + o->fit_b * (double)(v->fit.steady_first_req - v->fit.first_req);
		o->fit_x0 = (double)v->fit.steady_first_req;
		o->fit_x1 = (double)v->fit.last_req;
		if (v->fit.warmup_n > 0) {
			o->has_warmup = true;
			o->warmup_x = (double)v->fit.steady_first_req;
		} else if (v->kind == LS_VERDICT_WARMUP && v->warmup_end_req > 0) {
			/* (read off a site that filled: the fit covers the
			 * warm-up too, the boundary is where the site levelled) */
			o->has_warmup = true;
			o->warmup_x = (double)v->warmup_end_req;
		}
	}
}

/* The x the cursor reads: the one it kept through a zoom or a resize while
 * that is still in its column; else its column's middle, but the edges at
 * the two end columns, so that the first and the last request can always
 * be read (a column holds many requests at full zoom). */
static double readout_x(const struct ui_epchart *c)
{
	const struct ls_chart_grid *g = &c->grid;
	int col = c->cursor - g->plot_col;
	if (isfinite(c->cursor_x) && g->plot_w > 0) {
		double w = (g->x1 - g->x0) / g->plot_w;
		if (c->cursor_x >= g->x0 + col * w && c->cursor_x <= g->x0 + (col + 1) * w)
			return c->cursor_x;
	}
	if (g->plot_w > 1 && col <= 0)
		return g->x0;
	if (g->plot_w > 1 && col >= g->plot_w - 1)
		return g->x1;
	return ls_chart_col_to_x(g, c->cursor);
}

/* A few timeouts must not flatten every other request's latency to the
 * floor: the axis ends at the far-out fence of the range shown, and the
 * title line says how many are drawn on the top row (ui_epchart_scale_note;
 * the cursor reads their values). */
static void update_lat_cap(struct ui_epchart *c)
{
	struct lat_cap *k = &c->lat_cap;
	if (k->valid && k->x0 == c->x0 && k->x1 == c->x1)
		return;
	k->valid = true;
	k->x0 = c->x0;
	k->x1 = c->x1;
	k->cap = ls_chart_outlier_cap(&c->lat, c->x0, c->x1, &k->max);
	k->y1 = NAN;
	k->above = 0;
}

/* Those the axis as drawn leaves above its top (its round top is at or
 * above the ceiling): counted again only when that top moves. */
static void count_above_top(struct ui_epchart *c)
{
	struct lat_cap *k = &c->lat_cap;
	if (!(k->cap > 0) || k->y1 == c->grid.y1)
		return;
	k->y1 = c->grid.y1;
	k->above = ls_chart_count_above(&c->lat, c->x0, c->x1, k->y1);
}

void ui_epchart_scale_note(const struct ui_epchart *c, char *out, size_t cap, int room)
{
	const struct lat_cap *k = &c->lat_cap;
	*out = 0;
	if (!c->show_lat || !k->valid || !(k->cap > 0) || !k->above)
		return;
	char top[32], max[32];
	ls_fmt_num(top, sizeof top, k->y1);
	ls_fmt_num(max, sizeof max, k->max);
	/* the longest that fits: the count and the level say the most, and
	 * next to the chart's "ms" axis "latency:" is the first to go */
	snprintf(out, cap, "latency: %u above %s ms, on the top line (max %s ms)", k->above, top, max);
	if (ui_width(out) > room)
		snprintf(out, cap, "latency: %u above %s ms", k->above, top);
	if (ui_width(out) > room)
		snprintf(out, cap, "%u above %s ms", k->above, top);
}

void ui_epchart_draw(struct ui_epchart *c, int y, int x, int w, int h, bool ascii, const struct ls_verdict *v,
	bool focused)
{
	if (c->show_lat)
		update_lat_cap(c);
	struct ls_chart_opts o;
	chart_opts(c, &o, w, h, ascii, v);
	c->y = y;
	c->ascii = ascii;
	/* the cursor stays on the request it reads when the axis changes
	 * under it (a zoom, a resize), not on its screen column */
	bool had_grid = c->cursor >= 0 && c->grid.plot_w > 0 && c->grid.x1 > c->grid.x0;
	double cursor_x = had_grid ? readout_x(c) : 0;
	if (ls_chart_render(&c->grid, &o) != 0) {
		for (int l = 0; l < h; l++)
			ui_fill(stdscr, y + l, x, w, A_NORMAL);
		ui_text(stdscr, y, x, w, "(too small for a chart)", UI_LEFT, ui_theme_attr(ROLE_DIM), NULL, 0, 0);
		return;
	}
	if (c->show_lat)
		count_above_top(c);
	const struct ls_chart_grid *g = &c->grid;
	if (had_grid && g->x1 > g->x0 && cursor_x >= g->x0 && cursor_x <= g->x1) {
		c->cursor = g->plot_col + (int)floor((cursor_x - g->x0) / (g->x1 - g->x0) * g->plot_w);
		c->cursor_x = cursor_x;
	} else {
		c->cursor_x = NAN;
	}
	if (c->cursor < g->plot_col || c->cursor >= g->plot_col + g->plot_w)
		c->cursor = g->plot_col + g->plot_w - 1;
	int sel0 = -1, sel1 = -1;
	if (c->anchor_set && g->x1 > g->x0) {
		double fx = (c->anchor_x - g->x0) / (g->x1 - g->x0);
		int ac = g->plot_col + (int)(fx * g->plot_w);
		sel0 = ac < c->cursor ? ac : c->cursor;
		sel1 = ac < c->cursor ? c->cursor : ac;
	}
	ui_chart_paint(g, y, x, focused ? c->cursor : -1, sel0, sel1);
	/* nothing to draw (no record has a memory reading, or a latency): an
	 * empty frame over 0..1 read as a chart of nothing in particular */
	const struct ls_chart_series *shown = c->show_lat ? &c->lat : &c->cur;
	if (!shown->n && g->plot_w > 4 && g->plot_h > 0)
		ui_text(stdscr, y + g->plot_row + g->plot_h / 2, x + g->plot_col + 2, g->plot_w - 4,
			c->show_lat ? "no record has a latency" : "no record has a memory reading (current_mb)", UI_LEFT,
			ui_theme_attr(ROLE_DIM), NULL, 0, 0);
}

/* Row of the endpoint at chart x (for the cursor readout). */
static uint32_t row_at(const struct ui_epchart *c, const struct ls_endpoint *ep, double x)
{
	if (c->by_row) {
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

static void readout(const struct ui_epchart *c, struct ls_buf *b, const struct ls_endpoint *ep,
	const struct ls_intern *strings)
{
	const struct ls_chart_series *s = c->show_lat ? &c->lat : &c->cur;
	if (!s->n || c->cursor < 0 || !ep->n)
		return;
	uint32_t i = ui_chart_nearest(s, readout_x(c));
	uint32_t row = row_at(c, ep, s->x[i]);
	/* (the record's id as its file has it: the axis is the timeline's,
	 * which is the completion order's where requests overlap) */
	if (c->by_row)
		ls_buf_printf(b, "row %.0f: ", s->x[i]);
	else
		ls_buf_printf(b, "req-%lld: ", (long long)ep->req_id[row]);
	ls_buf_printf(b, c->show_lat ? "%.1f ms" : "%.3f MB", s->y[i]);
	if (s->t && (ep->flags[row] & LS_REQ_HAS_TIME)) {
		char t[32];
		ui_fmt_time(t, sizeof t, s->t[i]);
		ls_buf_printf(b, " at %s", t);
	}
	if (ep->flags[row] & LS_REQ_ERROR) {
		/* (memory-test records carry no status code) */
		if (ep->flags[row] & LS_REQ_HAS_STATUS)
			ls_buf_printf(b, " ERROR %d", ep->status[row]);
		else
			ls_buf_puts(b, " ERROR");
		const char *msg = ls_intern_str(strings, ep->error_msg[row]);
		if (*msg) {
			size_t n = strlen(msg);
			if (n > 60) {
				/* cut on a character boundary, not inside one */
				n = 60;
				while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80)
					n--;
			}
			ls_buf_puts(b, " \"");
			ls_buf_add_sanitized(b, msg, n);
			ls_buf_puts(b, "\"");
		}
	}
	if (row_detailed(ep, row))
		ls_buf_puts(b, " (detailed)");
	ls_buf_puts(b, "   ");
}

/* A legend entry: its name, and how it is told apart without colour. */
struct legend_item {
	const char *name;
	enum ui_role role;
	bool on;
	const char *ascii, *braille;  /* glyph before the name in that mode, or NULL */
	const char *alike;            /* braille, no colour: what the name needs said */
};

/* In colour each name is in its curve's colour. Without it, the colour
 * says nothing: each name gets the glyph it is drawn with (the markers,
 * the warm-up line, ASCII's curves), and what still looks alike says so. */
static void legend_items(const struct ui_epchart *c, int y, int cx, int end, bool fit, const struct ls_verdict *v)
{
	bool mono = !ui_theme_color();
	const struct legend_item items[] = {
		{c->show_lat ? "latency" : "current_mb", ROLE_CH_S1, true, NULL, NULL, NULL},
		{"mean(m)", ROLE_CH_S2, !c->show_lat && c->show_mean, ".", NULL, "(same dots: no colour)"},
		{"peak(p)", ROLE_CH_S3, !c->show_lat && c->show_peak, "+", NULL, "(same dots: no colour)"},
		{"fit", ROLE_CH_FIT, fit, "~", NULL, "(dotted)"},
		{"warm-up", ROLE_CH_WARM, fit && (v->fit.warmup_n > 0 || (v->kind == LS_VERDICT_WARMUP && v->warmup_end_req > 0)),
			":", "\u250a", NULL},
		{"error", ROLE_CH_ERR, true, "x", "x", NULL},
		{"detailed", ROLE_CH_DET, true, "o", "\u2022", NULL},
	};
	for (size_t k = 0; k < sizeof items / sizeof items[0] && cx < end; k++) {
		const struct legend_item *it = &items[k];
		if (!it->on)
			continue;
		const char *glyph = mono ? (c->ascii ? it->ascii : it->braille) : NULL;
		const char *alike = mono && !c->ascii ? it->alike : NULL;
		char t[64];
		snprintf(t, sizeof t, "%s%s%s%s%s", glyph ? glyph : "", glyph ? " " : "", it->name, alike ? " " : "",
			alike ? alike : "");
		int iw = ui_width(t);
		if (cx + iw > end)
			break;
		ui_text(stdscr, y, cx, iw, t, UI_LEFT, ui_theme_attr(it->role), NULL, 0, 0);
		cx += iw + 2;
	}
}

void ui_epchart_legend(struct ui_epchart *c, int y, int x, int w, const struct ls_endpoint *ep,
	const struct ls_intern *strings, const struct ls_verdict *v)
{
	struct ls_buf b;
	ls_buf_init(&b);
	readout(c, &b, ep, strings);
	if (c->anchor_set)
		ls_buf_printf(&b, "zoom from %.0f: move, z again  ", c->anchor_x);
	else if (c->nzoom)
		ls_buf_printf(&b, "zoomed %.0f-%.0f (Z back)  ", c->x0, c->x1);
	ui_fill(stdscr, y, x, w, A_NORMAL);
	int used = ui_text(stdscr, y, x, w, b.data, UI_LEFT, ui_theme_attr(ROLE_KEY) & ~A_REVERSE, NULL, 0, 0);
	ls_buf_done(&b);
	legend_items(c, y, x + used, x + w, !c->show_lat && has_fit(c, v), v);
}

/* false: [a, b] holds less than one request, no zoom */
static bool zoom_to(struct ui_epchart *c, double a, double b)
{
	if (b - a < 1)
		return false;
	if (c->nzoom < UI_ZOOM_DEPTH) {
		c->zoom[c->nzoom][0] = c->x0;
		c->zoom[c->nzoom][1] = c->x1;
		c->nzoom++;
	}
	c->x0 = a;
	c->x1 = b;
	return true;
}

/* Left/Right move to the next column that reads another record: zoomed in,
 * one record spans several columns, and a key that only moved the cursor
 * over the same record would look dead. (Zoomed out, a column holds many
 * records: the next column's is the step; z zooms in to single records.)
 * With no other record that way, the cursor stays. */
static void step_record(struct ui_epchart *c, int dir)
{
	const struct ls_chart_grid *g = &c->grid;
	const struct ls_chart_series *s = c->show_lat ? &c->lat : &c->cur;
	int first = g->plot_col, last = g->plot_col + g->plot_w - 1, from = c->cursor;
	if (!s->n) {
		if (c->cursor + dir >= first && c->cursor + dir <= last)
			c->cursor += dir;
		c->cursor_x = NAN;
		return;
	}
	double kept = c->cursor_x;
	uint32_t was = ui_chart_nearest(s, readout_x(c));
	for (int col = from + dir; col >= first && col <= last; col += dir) {
		c->cursor = col;
		c->cursor_x = NAN;
		if (ui_chart_nearest(s, readout_x(c)) != was)
			return;
	}
	c->cursor = from;
	c->cursor_x = kept;
}

static unsigned cursor_key(struct ui_epchart *c, enum ui_cmd cmd)
{
	const struct ls_chart_grid *g = &c->grid;
	switch (cmd) {
	case CMD_LEFT:
		step_record(c, -1);
		break;
	case CMD_RIGHT:
		step_record(c, 1);
		break;
	case CMD_TOP:
		c->cursor = g->plot_col;
		c->cursor_x = NAN;  /* it reads its new column */
		break;
	case CMD_BOTTOM:
		c->cursor = g->plot_col + g->plot_w - 1;
		c->cursor_x = NAN;
		break;
	default:
		return 0;
	}
	return UI_HANDLED | UI_REDRAW;
}

unsigned ui_epchart_key(struct ui_epchart *c, enum ui_cmd cmd, bool focused, const char **status)
{
	*status = NULL;
	switch (cmd) {
	case CMD_PEAK:
		c->show_peak = !c->show_peak;
		/* the latency chart draws neither curve: say where it went
		 * instead of a key that seems to do nothing */
		if (c->show_lat)
			*status = c->show_peak ? "peak_mb shown on the memory chart (L goes back to it)" :
				"peak_mb hidden on the memory chart (L goes back to it)";
		break;
	case CMD_LATENCY:
		if (c->no_latency) {
			*status = "memory-test batches record no latency";
			return UI_HANDLED;
		}
		c->show_lat = !c->show_lat;
		break;
	case CMD_TIME:
		if (c->no_time) {
			*status = "these records have no timestamps: the x axis stays request numbers";
			return UI_HANDLED;
		}
		c->show_time = !c->show_time;
		break;
	case CMD_MEAN:
		c->show_mean = !c->show_mean;
		if (c->show_lat)
			*status = c->show_mean ? "rolling mean shown on the memory chart (L goes back to it)" :
				"rolling mean hidden on the memory chart (L goes back to it)";
		break;
	case CMD_ZOOM: {
		if (c->y < 0)
			return UI_HANDLED;
		double cx = ls_chart_col_to_x(&c->grid, c->cursor);
		if (!c->anchor_set) {
			c->anchor_set = true;
			c->anchor_x = cx;
			*status = "zoom: move the cursor (Left/Right) to the other end and press z";
		} else {
			c->anchor_set = false;
			/* whole columns: both end columns' requests stay in view */
			double half = c->grid.plot_w > 0 ? (c->grid.x1 - c->grid.x0) / c->grid.plot_w / 2 : 0;
			double lo = fmax(c->grid.x0, fmin(c->anchor_x, cx) - half);
			double hi = fmin(c->grid.x1, fmax(c->anchor_x, cx) + half);
			/* (the hint is done with; a refused zoom says why, not
			 * nothing; the range already shown is no new level, which
			 * the next Z would only take off again) */
			if (lo <= c->grid.x0 && hi >= c->grid.x1)
				*status = "no zoom: the two ends are the edges of what is shown";
			else
				*status = zoom_to(c, lo, hi) ? "" : "no zoom: the two ends are under one request apart";
		}
		break;
	}
	case CMD_UNZOOM:
		if (c->anchor_set)
			*status = "";
		c->anchor_set = false;
		if (c->nzoom) {
			c->nzoom--;
			c->x0 = c->zoom[c->nzoom][0];
			c->x1 = c->zoom[c->nzoom][1];
		}
		break;
	case CMD_BACK:
		/* Esc first abandons a zoom range being chosen */
		if (!c->anchor_set)
			return 0;
		c->anchor_set = false;
		*status = "";
		break;
	default:
		return focused ? cursor_key(c, cmd) : 0;
	}
	return UI_HANDLED | UI_REDRAW;
}

bool ui_epchart_contains(const struct ui_epchart *c, int ay)
{
	return c->y >= 0 && ay >= c->y && ay < c->y + c->grid.rows;
}

unsigned ui_epchart_mouse(struct ui_epchart *c, enum ui_mouse m, int x)
{
	const struct ls_chart_grid *g = &c->grid;
	if (m == UI_CLICK && x >= g->plot_col && x < g->plot_col + g->plot_w) {
		c->cursor = x;
		c->cursor_x = NAN;
		return UI_HANDLED | UI_REDRAW;
	}
	if (m != UI_WHEEL_UP && m != UI_WHEEL_DOWN)
		return 0;
	const struct ls_chart_series *s = c->show_lat ? &c->lat : &c->cur;
	if (!s->n)
		return 0;
	double a = c->x0, b = c->x1;
	if (a >= b) {
		a = s->xmin;
		b = s->xmax;
	}
	ls_chart_zoom(&a, &b, ls_chart_col_to_x(g, x), m == UI_WHEEL_UP ? 0.5 : 2.0, s->xmin, s->xmax, 4);
	if (m == UI_WHEEL_UP) {
		zoom_to(c, a, b);
	} else {
		c->x0 = a;
		c->x1 = b;
		if (a <= s->xmin && b >= s->xmax)
			c->nzoom = 0;
	}
	return UI_HANDLED | UI_REDRAW;
}
