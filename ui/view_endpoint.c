/* view_endpoint.c — one endpoint: its chart (epchart.h), the verdict with
 * its explanation and the original tool's verdict, and the endpoint's
 * allocation-site table under it (Tab moves the focus there). */
#include <stddef.h>
#include "app.h"
#include "epchart.h"
#include "detect.h"
#include "sitetable.h"
#include "cache.h"
#include "vutil.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The chart series and the site table are the app's cached ones
 * (cache.h): drilling into an endpoint with a million requests costs a
 * redraw, not a pass over its records. Opening resets what the user
 * changed on them last time (zoom, cursor, toggles, selection, sort). */
struct epv {
	struct app *a;
	uint32_t proc, ep;
	struct ui_ep_data *d;
	bool focus_table;
	bool focus_before_search;    /* focus_table when / was pressed */
	int table_y;                 /* screen line of the table header (last draw) */
};

static const struct ls_endpoint *EP(const struct epv *s)
{
	return &s->a->model.proc[s->proc].ep[s->ep];
}

static int open_(struct view *v, const void *arg)
{
	const struct ui_ep_arg *ea = arg;
	struct epv *s = ls_xcalloc(1, sizeof *s);
	s->a = v->app;
	s->proc = ea->proc;
	s->ep = ea->ep;
	v->priv = s;
	v->app->proc = ea->proc;
	s->d = ui_cache_endpoint(v->app, ea->proc, ea->ep);
	/* the same endpoint opened again from one of its sites shares the
	 * cached chart and table with the view under it: a reset here would
	 * lose that view's cursor, selection and zoom for when q goes back */
	for (int i = 0; i < v->app->depth; i++) {
		const struct view *o = &v->app->stack[i];
		const struct epv *os = o->ops == &ui_view_endpoint ? o->priv : NULL;
		if (os && os->proc == s->proc && os->ep == s->ep) {
			s->focus_table = os->focus_table;
			return 0;
		}
	}
	ui_epchart_reset_view(&s->d->chart);
	ui_sitetable_rewind(&s->d->st);
	s->d->st.t.focused = false;
	return 0;
}

static void close_(struct view *v)
{
	free(v->priv);
}

static const struct ls_verdict *verdict(struct epv *s)
{
	return s->a->opt.classic ? NULL : ls_analysis_verdict(&s->a->an, s->proc, s->ep);
}

static const char *arrow(void) { return ui_utf8() ? "\xe2\x86\x92" : "->"; }

/* The endpoint's name where the title cuts it (it has half the width):
 * "Endpoint: /api/…", whole, for the explanation's panel; NULL if it fits.
 * The caller frees it. */
static char *cut_name_line(struct epv *s, int w)
{
	char *name = ui_ep_name_dup(s->a, s->proc, s->ep), *line = NULL;
	if (ui_width(name) > w / 2)
		line = ls_xasprintf("Endpoint: %s", name);
	free(name);
	return line;
}

static void draw_title(struct epv *s, int y, int x, int w)
{
	const struct ls_endpoint *ep = EP(s);
	char name[512];
	ui_ep_name(s->a, s->proc, s->ep, name, sizeof name);
	enum ui_role role;
	const char *word = ui_verdict_word(s->a, s->proc, s->ep, &role);
	ui_fill(stdscr, y, x, w, A_BOLD);
	/* (its end, as the tables keep it: names share their start) */
	int used = ui_text(stdscr, y, x, w / 2, name, UI_TRUNC_LEFT, A_BOLD, NULL, 0, 0);
	int cx = x + used + 2;
	if (cx < x + w) {
		char vw[64];
		snprintf(vw, sizeof vw, " %s ", word);
		cx += ui_text(stdscr, y, cx, ui_width(vw), vw, UI_LEFT, ui_theme_attr(role) | A_REVERSE, NULL, 0, 0) + 2;
	}
	char info[256], n[32], ne[32];
	ui_fmt_count(n, sizeof n, ep->n);
	ui_fmt_count(ne, sizeof ne, ep->nerrors);
	snprintf(info, sizeof info, "%s request%s, %s error%s (%.1f%%)", n, ep->n == 1 ? "" : "s", ne,
		ep->nerrors == 1 ? "" : "s", ep->n ? 100.0 * ep->nerrors / ep->n : 0);
	uint32_t off = ls_endpoint_count_flag(ep, LS_REQ_TRACKING_OFF);
	if (off) {
		char no[32];
		ui_fmt_count(no, sizeof no, off);
		size_t l = strlen(info);
		snprintf(info + l, sizeof info - l, ", %s with tracemalloc off (left out)", no);
	}
	/* (the report's "Snapshots failed": sites are missing from those) */
	uint32_t failed = ls_endpoint_count_flag(ep, LS_REQ_CONSUMERS_ERROR);
	if (failed) {
		char nf[32];
		ui_fmt_count(nf, sizeof nf, failed);
		size_t l = strlen(info);
		snprintf(info + l, sizeof info - l, ", %s snapshot%s failed (no sites)", nf, failed == 1 ? "" : "s");
	}
	char note[128];
	size_t l = strlen(info);
	ui_epchart_scale_note(&s->d->chart, note, sizeof note, x + w - cx - ui_width(info) - 2);
	if (*note)
		snprintf(info + l, sizeof info - l, "; %s", note);
	if (cx < x + w)
		ui_text(stdscr, y, cx, x + w - cx, info, UI_LEFT, A_NORMAL, NULL, 0, 0);
}

/* A memory-test file's "Leaking sources" as the original lists them (the
 * report's section): "Classic leaking sources: a.py:88 +1.581 MB (+1206.9%),
 * ..." or why there are none. */
static void leaking_sources_line(struct epv *s, char *out, size_t cap)
{
	uint32_t n;
	const struct ls_leaking_source *r = ls_analysis_leaking_sources(&s->a->an, s->proc, s->ep, &n);
	size_t len = (size_t)snprintf(out, cap, "Classic leaking sources:");
	if (!n)
		snprintf(out + len, cap - len, ls_endpoint_has_batches(EP(s)) ?
			" none (no location grew by 0.1 MB and 50 %% over three or more batches)" :
			" none found: no record carries a batch number");
	for (uint32_t i = 0; i < n && len < cap; i++) {
		char loc[256];
		ui_site_name(s->a, s->proc, r[i].site, loc, sizeof loc);
		len += (size_t)snprintf(out + len, cap - len, "%s %s %+.3f MB (%+.1f%%)", i ? "," : "", loc,
			r[i].growth_mb, r[i].growth_percent);
	}
}

/* whole: the name the title cut (cut_name_line), or NULL */
static int draw_explanation(struct epv *s, int y, int x, int w, int h, const char *whole)
{
	const struct ls_verdict *v = verdict(s);
	const struct ls_classic_result *c = ls_analysis_classic(&s->a->an, s->proc, s->ep);
	int used = 0;
	/* the classic line (and a memory test's leaking sources) take the
	 * last lines when there is room for more */
	int below = 1 + (EP(s)->format == LS_FMT_SNAPSHOT);
	if (v && v->explanation && h > 0) {
		enum ui_role role;
		ui_verdict_word(s->a, s->proc, s->ep, &role);
		used += ui_paragraph(y, x + 1, w - 2, h > below ? h - below : 1, v->explanation,
			ui_theme_attr(role == ROLE_LEAK ? ROLE_LEAK : ROLE_NORMAL));
	}
	/* the name the title cut, whole, where the why leaves room */
	if (whole && h - used > below)
		used += ui_paragraph(y + used, x + 1, w - 2, h - used - below, whole, ui_theme_attr(ROLE_DIM));
	if (c && used < h) {
		char line[1024];
		/* the verdict first: a narrow terminal cuts the end of the line */
		if (c->status == LS_CLASSIC_OK)
			snprintf(line, sizeof line, "Classic %s: %.2f %s %.2f MB (%+.1f%%): %s", c->leak ? "LEAK" : "ok",
				c->initial_avg, arrow(), c->final_avg, c->growth_percent, c->message ? c->message : "");
		else
			snprintf(line, sizeof line, "Classic: %s", c->message ? c->message : "no verdict");
		ui_fill(stdscr, y + used, x, w, A_NORMAL);
		used += ui_paragraph(y + used, x + 1, w - 2, 1, line, ui_theme_attr(ROLE_DIM));
	}
	if (EP(s)->format == LS_FMT_SNAPSHOT && used < h) {
		char line[1024];
		leaking_sources_line(s, line, sizeof line);
		ui_fill(stdscr, y + used, x, w, A_NORMAL);
		used += ui_paragraph(y + used, x + 1, w - 2, 1, line, ui_theme_attr(ROLE_DIM));
	}
	return used;
}

static void draw(struct view *v, int y, int x, int h, int w)
{
	struct epv *s = v->priv;
	int rest = h - 1;
	int chart_h = rest * 9 / 20;
	if (chart_h < LS_CHART_MIN_ROWS)
		chart_h = LS_CHART_MIN_ROWS;
	/* the whole explanation when it fits in a third of the body, or
	 * with rows the chart gives up down to a third too: the why is what
	 * the screen is for (at 80x24 the chart's 8 rows left a sentence cut) */
	const struct ls_verdict *vd = verdict(s);
	char *whole = cut_name_line(s, w);
	int want = (vd && vd->explanation ? ui_paragraph_lines(w - 2, vd->explanation) : 0) + 1 +
		(EP(s)->format == LS_FMT_SNAPSHOT) + (whole ? ui_paragraph_lines(w - 2, whole) : 0);
	int expl_h = want;
	if (expl_h > rest / 3)
		expl_h = rest / 3 > 1 ? rest / 3 : 1;
	int chart_floor = rest / 3 > LS_CHART_MIN_ROWS ? rest / 3 : LS_CHART_MIN_ROWS;
	while (expl_h < want && chart_h > chart_floor) {
		chart_h--;
		expl_h++;
	}
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
	ui_epchart_draw(&s->d->chart, y + 1, x, w, chart_h, s->a->ascii, vd, !s->focus_table);
	/* (after the chart: the title says what its axis left out) */
	draw_title(s, y, x, w);
	ui_epchart_legend(&s->d->chart, y + 1 + chart_h, x, w, EP(s), &s->a->model.proc[s->proc].strings, vd);
	int ey = y + 2 + chart_h;
	for (int l = 0; l < expl_h; l++)
		ui_fill(stdscr, ey + l, x, w, A_NORMAL);
	draw_explanation(s, ey, x, w, expl_h, whole);
	free(whole);
	s->table_y = ey + expl_h;
	s->d->st.t.focused = s->focus_table;
	ui_table_draw(&s->d->st.t, stdscr, s->table_y, x, table_h, w);
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct epv *s = v->priv;
	if (cmd == CMD_FOCUS) {
		s->focus_table = !s->focus_table;
		return UI_HANDLED | UI_REDRAW;
	}
	const char *hint;
	unsigned f = ui_epchart_key(&s->d->chart, cmd, !s->focus_table, &hint);
	if (hint)
		ui_app_status(v->app, ROLE_STATUS, "%s", hint);
	if (f)
		return f;
	if (cmd == CMD_ENTER || (s->focus_table && cmd == CMD_RIGHT))
		return ui_sitetable_drill(&s->d->st);
	return ui_table_cmd(&s->d->st.t, cmd);
}

static unsigned table_drill(struct view *v)
{
	struct epv *s = v->priv;
	return ui_sitetable_drill(&s->d->st);
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	struct epv *s = v->priv;
	int ay = y + 2; /* absolute screen line */
	if (ui_epchart_contains(&s->d->chart, ay)) {
		unsigned f = ui_epchart_mouse(&s->d->chart, m, x);
		if (f && m == UI_CLICK)
			s->focus_table = false;
		return f;
	}
	if (ay >= s->table_y) {
		s->focus_table = true;
		return ui_table_mouse(&s->d->st.t, v, m, ay - s->table_y, x, table_drill);
	}
	return 0;
}

static void changed_(struct view *v, bool data)
{
	struct epv *s = v->priv;
	(void)data; /* the cache knows what changed (app gen, fgen) */
	s->d = ui_cache_endpoint(v->app, s->proc, s->ep);
}

static bool selected(struct view *v, struct ls_finding *f)
{
	struct epv *s = v->priv;
	uint32_t site;
	if (s->focus_table && ui_sitetable_site(&s->d->st, &site)) {
		ui_sitetable_choose(&s->d->st);
		*f = (struct ls_finding){LS_FINDING_SITE, s->proc, site};
		return true;
	}
	*f = (struct ls_finding){LS_FINDING_ENDPOINT, s->proc, s->ep};
	return true;
}

static enum ui_found search(struct view *v, const char *text, int dir)
{
	struct epv *s = v->priv;
	if (!text) {
		ui_table_search_begin(&s->d->st.t);
		s->focus_before_search = s->focus_table;
		return UI_FOUND;
	}
	/* the focus goes to the table where the search finds a site; nothing
	 * typed (/ then Esc, or the text erased) leaves it where it was: h
	 * then still moves the chart's cursor instead of leaving the screen */
	enum ui_found found = ui_table_search(&s->d->st.t, text, dir);
	if (found)
		s->focus_table = true;
	else if (!*text)
		s->focus_table = s->focus_before_search;
	return found;
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
