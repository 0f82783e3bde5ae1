/* view_sites.c — every allocation site of the process in focus, suspects
 * first; sortable, searchable, filtered by the include/exclude patterns. */
#include <stddef.h>
#include "app.h"
#include "sitetable.h"
#include "cache.h"
#include "vutil.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The table is the app's cached one of the process in focus (cache.h):
 * opening this screen, or coming back to it for another process, costs
 * nothing, and each process keeps its own selection and sort. */
struct sitesv {
	struct ui_sitetable *st;
};

static int open_(struct view *v, const void *arg)
{
	(void)arg;
	struct app *a = v->app;
	if (!a->model.nproc)
		return -1;
	struct sitesv *s = ls_xcalloc(1, sizeof *s);
	s->st = ui_cache_sites(a, a->proc < a->model.nproc ? a->proc : 0);
	v->priv = s;
	return 0;
}

static void close_(struct view *v)
{
	free(v->priv);
}

static void draw(struct view *v, int y, int x, int h, int w)
{
	struct sitesv *s = v->priv;
	struct app *a = v->app;
	/* the process in focus may have changed on the Endpoints screen */
	if (a->proc != s->st->proc && a->proc < a->model.nproc)
		s->st = ui_cache_sites(a, a->proc);
	uint32_t shown, all;
	ui_sitetable_counts(s->st, &shown, &all);
	char title[256], ns[32], na[32];
	ui_fmt_count(ns, sizeof ns, shown);
	ui_fmt_count(na, sizeof na, all);
	if (ls_filter_active(&a->filter))
		snprintf(title, sizeof title, " Allocation sites of the process: %s of %s pass the filter", ns, na);
	else
		snprintf(title, sizeof title, " Allocation sites of the process: %s (all endpoints' detailed records)", na);
	ui_fill(stdscr, y, x, w, A_NORMAL);
	ui_text(stdscr, y, x, w, title, UI_LEFT, A_BOLD, NULL, 0, 0);
	ui_table_draw(&s->st->t, stdscr, y + 1, x, h - 1, w);
}

static unsigned drill(struct view *v)
{
	struct sitesv *s = v->priv;
	return ui_sitetable_drill(s->st);
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct sitesv *s = v->priv;
	if (cmd == CMD_ENTER || cmd == CMD_RIGHT)
		return drill(v);
	return ui_table_cmd(&s->st->t, cmd);
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	struct sitesv *s = v->priv;
	return ui_table_mouse(&s->st->t, v, m, y - 1, x, drill);
}

static void changed_(struct view *v, bool data)
{
	struct sitesv *s = v->priv;
	(void)data; /* the cache knows what changed (app gen, fgen) */
	s->st = ui_cache_sites(v->app, s->st->proc < v->app->model.nproc ? s->st->proc : 0);
}

static bool selected(struct view *v, struct ls_finding *f)
{
	struct sitesv *s = v->priv;
	uint32_t site;
	if (!ui_sitetable_site(s->st, &site))
		return false;
	ui_sitetable_choose(s->st);
	*f = (struct ls_finding){LS_FINDING_SITE, s->st->proc, site};
	return true;
}

static enum ui_found search(struct view *v, const char *text, int dir)
{
	struct sitesv *s = v->priv;
	if (!text) {
		ui_table_search_begin(&s->st->t);
		return UI_FOUND;
	}
	return ui_table_search(&s->st->t, text, dir);
}

static void summary(struct view *v, char *out, size_t cap)
{
	struct sitesv *s = v->priv;
	uint32_t suspects = 0, shown = 0;
	for (uint32_t i = 0; i < s->st->g.n; i++)
		suspects += s->st->rank[i] != 0;
	/* (a filter hides some: say how many of them the table holds) */
	for (uint32_t i = 0; i < s->st->t.n; i++)
		shown += s->st->rank[s->st->t.idx[i]] != 0;
	if (!s->st->g.n) {
		/* ("Enter: its history" would point at nothing) */
		snprintf(out, cap, "No allocation sites: no record of this process lists top_consumers (the profiler's "
			"detailed snapshots).");
		return;
	}
	if (!s->st->t.n) {
		/* ("Enter: its history" would point at nothing) */
		snprintf(out, cap, "No site passes the site filters (f and F change them, c clears them).");
		return;
	}
	if (s->st->c0) {
		snprintf(out, cap, "%u allocation site%s, biggest first (--classic: none is ranked a suspect). Enter: its "
			"history and source lines.", s->st->g.n, s->st->g.n == 1 ? "" : "s");
		return;
	}
	char hidden[48] = "";
	if (shown < suspects)
		snprintf(hidden, sizeof hidden, ", %u of them shown", shown);
	snprintf(out, cap, "%u suspect site%s%s (Susp: growing with the process's requests). Enter: its history and "
		"source lines.", suspects, suspects == 1 ? "" : "s", hidden);
}

const struct view_ops ui_view_sites = {
	.name = "Sites",
	.open = open_,
	.close = close_,
	.draw = draw,
	.key = key,
	.mouse = mouse,
	.changed = changed_,
	.selected = selected,
	.search = search,
	.summary = summary,
	.hints = "Enter open  f include  F exclude  c clear  / search  </> sort  Space mark  e export  q back",
	.screen = 2,
};
