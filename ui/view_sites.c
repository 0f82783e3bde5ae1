/* view_sites.c — every allocation site of the process in focus, suspects
 * first; sortable, searchable, filtered by the include/exclude patterns. */
#include <stddef.h>
#include "app.h"
#include "sitetable.h"
#include "vutil.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sitesv {
	struct ui_sitetable st;
};

static int open_(struct view *v, const void *arg)
{
	(void)arg;
	struct app *a = v->app;
	if (!a->model.nproc)
		return -1;
	struct sitesv *s = ls_xcalloc(1, sizeof *s);
	ui_sitetable_init(&s->st, a, a->proc < a->model.nproc ? a->proc : 0, UINT32_MAX);
	v->priv = s;
	return 0;
}

static void close_(struct view *v)
{
	struct sitesv *s = v->priv;
	ui_sitetable_done(&s->st);
	free(s);
}

static void draw(struct view *v, int y, int x, int h, int w)
{
	struct sitesv *s = v->priv;
	struct app *a = v->app;
	/* the process in focus may have changed on the Endpoints screen */
	if (a->proc != s->st.proc && a->proc < a->model.nproc) {
		ui_sitetable_done(&s->st);
		ui_sitetable_init(&s->st, a, a->proc, UINT32_MAX);
	}
	uint32_t shown, all;
	ui_sitetable_counts(&s->st, &shown, &all);
	char title[256];
	if (ls_filter_active(&a->filter))
		snprintf(title, sizeof title, " Allocation sites of the process: %u of %u pass the filter", shown, all);
	else
		snprintf(title, sizeof title, " Allocation sites of the process: %u (all endpoints' detailed records)", all);
	ui_fill(stdscr, y, x, w, A_NORMAL);
	ui_text(stdscr, y, x, w, title, UI_LEFT, A_BOLD, NULL, 0, 0);
	ui_table_draw(&s->st.t, stdscr, y + 1, x, h - 1, w);
}

static unsigned drill(struct view *v)
{
	struct sitesv *s = v->priv;
	return ui_sitetable_drill(&s->st);
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct sitesv *s = v->priv;
	if (cmd == CMD_ENTER || cmd == CMD_RIGHT)
		return drill(v);
	return ui_table_cmd(&s->st.t, cmd);
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	struct sitesv *s = v->priv;
	return ui_table_mouse(&s->st.t, v, m, y - 1, x, drill);
}

static void changed_(struct view *v, bool data)
{
	struct sitesv *s = v->priv;
	if (data)
		ui_sitetable_reload(&s->st);
	else
		ui_sitetable_refilter(&s->st);
}

static bool selected(struct view *v, struct ls_finding *f)
{
	struct sitesv *s = v->priv;
	uint32_t site;
	if (!ui_sitetable_site(&s->st, &site))
		return false;
	*f = (struct ls_finding){LS_FINDING_SITE, s->st.proc, site};
	return true;
}

static bool search(struct view *v, const char *text, int dir)
{
	struct sitesv *s = v->priv;
	if (!text) {
		ui_table_search_begin(&s->st.t);
		return true;
	}
	return ui_table_search(&s->st.t, text, dir);
}

static void summary(struct view *v, char *out, size_t cap)
{
	struct sitesv *s = v->priv;
	uint32_t suspects = 0;
	for (uint32_t i = 0; i < s->st.g.n; i++)
		suspects += s->st.rank[i] != 0;
	snprintf(out, cap, "%u suspect site%s (Susp: growing with the process's requests). Enter: its history and source lines.",
		suspects, suspects == 1 ? "" : "s");
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
