/* view_warnings.c — every record or field the loader skipped, with the file
 * and byte offset, so that a user can look at the input themselves. */
#include <stddef.h>
#include "app.h"
#include "vutil.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct warnv {
	struct app *a;
	struct ui_table t;
};

static const struct ls_warning *w_of(void *c, uint32_t r)
{
	struct warnv *s = c;
	return &s->a->model.warnings.v[r];
}

static void t_file(void *c, uint32_t r, char *o, size_t n)
{
	char *clean = ls_sanitize(w_of(c, r)->file ? w_of(c, r)->file : "");
	snprintf(o, n, "%s", clean);
	free(clean);
}
static double n_off(void *c, uint32_t r)
{
	uint64_t off = w_of(c, r)->offset;
	return off == LS_NO_OFFSET ? -1.0 : (double)off;
}
static void t_off(void *c, uint32_t r, char *o, size_t n)
{
	uint64_t off = w_of(c, r)->offset;
	if (off == LS_NO_OFFSET)
		snprintf(o, n, "-");
	else
		snprintf(o, n, "%llu", (unsigned long long)off);
}
static void t_msg(void *c, uint32_t r, char *o, size_t n)
{
	char *clean = ls_sanitize(w_of(c, r)->message ? w_of(c, r)->message : "");
	snprintf(o, n, "%s", clean);
	free(clean);
}
/* A reload rebuilds the list, and rows shift when other files' warnings
 * come or go: a row is its warning's file, offset and message. */
static void row_key(void *c, uint32_t r, struct ls_buf *k)
{
	const struct ls_warning *w = w_of(c, r);
	const char *file = w->file ? w->file : "";
	ls_buf_add(k, file, strlen(file) + 1); /* with its NUL: where the offset starts */
	ls_buf_add(k, &w->offset, sizeof w->offset);
	ls_buf_puts(k, w->message ? w->message : "");
}
static double n_idx(void *c, uint32_t r) { (void)c; return r; }
static void t_idx(void *c, uint32_t r, char *o, size_t n) { (void)c; snprintf(o, n, "%u", r + 1); }

static const struct ui_col cols[] = {
	{.title = "#", .width = 5, .align = UI_RIGHT, .text = t_idx, .num = n_idx, .flags = UI_COL_ORDER},
	{.title = "File", .width = 32, .align = UI_TRUNC_LEFT, .text = t_file, .hide = 1},
	{.title = "Byte", .width = 10, .align = UI_RIGHT, .text = t_off, .num = n_off},
	{.title = "Warning", .width = 0, .align = UI_LEFT, .text = t_msg},
};

static int open_(struct view *v, const void *arg)
{
	(void)arg;
	struct warnv *s = ls_xcalloc(1, sizeof *s);
	s->a = v->app;
	v->priv = s;
	ui_table_init(&s->t, cols, 4, s);
	s->t.search_col = 3;
	/* "/" finds a file too: "/ b.json" said "not found" next to the
	 * rows of b.json, whose name was only in the File column */
	s->t.search_col2 = 1;
	s->t.row_key = row_key;
	s->t.empty = "no warnings: every record of every file was read";
	ui_table_reset(&s->t, (uint32_t)s->a->model.warnings.n);
	return 0;
}

static void close_(struct view *v)
{
	struct warnv *s = v->priv;
	ui_table_done(&s->t);
	free(s);
}

/* The selected warning in full under the table: messages can be long, so
 * the panel grows to fit one (up to half the screen) on a narrow terminal. */
static void draw(struct view *v, int y, int x, int h, int w)
{
	struct warnv *s = v->priv;
	uint32_t r;
	if (h <= 8 || !ui_table_selected(&s->t, &r)) {
		ui_table_draw(&s->t, stdscr, y, x, h, w);
		return;
	}
	char f[1024], m[1024], off[32];
	t_file(s, r, f, sizeof f);
	t_msg(s, r, m, sizeof m);
	t_off(s, r, off, sizeof off);
	struct ls_buf b;
	ls_buf_init(&b);
	if (w_of(s, r)->offset == LS_NO_OFFSET) /* about the file as a whole */
		ls_buf_printf(&b, "%s: %s", f, m);
	else
		ls_buf_printf(&b, "%s, byte %s: %s", f, off, m);
	int lines = ui_paragraph_lines(w - 2, b.data);
	int detail = 1 + (lines < 2 ? 2 : lines > h / 2 - 1 ? h / 2 - 1 : lines);
	ui_table_draw(&s->t, stdscr, y, x, h - detail, w);
	ui_fill(stdscr, y + h - detail, x, w, ui_theme_attr(ROLE_COLHEAD));
	ui_text(stdscr, y + h - detail, x, w, "Selected warning", UI_LEFT, ui_theme_attr(ROLE_COLHEAD), NULL, 0, 0);
	ui_paragraph(y + h - detail + 1, x + 1, w - 2, detail - 1, b.data, A_NORMAL);
	ls_buf_done(&b);
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct warnv *s = v->priv;
	return ui_table_cmd(&s->t, cmd);
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	struct warnv *s = v->priv;
	return ui_table_mouse(&s->t, v, m, y, x, NULL);
}

static void changed_(struct view *v, bool data)
{
	struct warnv *s = v->priv;
	if (!data)
		return;
	/* the cursor stays on its warning (row_key) */
	ui_table_reset(&s->t, (uint32_t)s->a->model.warnings.n);
}

static enum ui_found search(struct view *v, const char *text, int dir)
{
	struct warnv *s = v->priv;
	if (!text) {
		ui_table_search_begin(&s->t);
		return UI_FOUND;
	}
	return ui_table_search(&s->t, text, dir);
}

const struct view_ops ui_view_warnings = {
	.name = "Warnings",
	.open = open_,
	.close = close_,
	.draw = draw,
	.key = key,
	.mouse = mouse,
	.changed = changed_,
	.search = search,
	/* a selected warning is a row, but no finding: saying "select a row"
	 * while one is selected would send the user in a circle */
	.no_export = "warnings are not exported: e exports endpoints and sites (mark them with Space on screens 1 "
		"and 2)",
	.hints = "/ search  </> sort  r reverse  1 endpoints  2 sites  q back  ? help",
	.screen = 3,
};
