/* view_help.c — the help screen, generated from the key table (keymap.h) so
 * that it always lists what the keys really do. */
#include <stddef.h>
#include "app.h"
#include "vutil.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct helpv {
	int top;
	int lines;    /* lines produced by the last draw */
	int page;
	int w;        /* the width of the last draw (search wraps as it did) */
	int origin;   /* top when / was pressed */
};

static int open_(struct view *v, const void *arg)
{
	(void)arg;
	v->priv = ls_xcalloc(1, sizeof(struct helpv));
	return 0;
}

static void close_(struct view *v) { free(v->priv); }

/* One logical line of the help text: a section title or a key. */
static int help_line(int i, char *keys, size_t kcap, const char **text, bool *title)
{
	int n;
	const struct ui_cmd_info *t = ui_cmd_table(&n);
	static const char *intro[] = {
		"leakscope finds which endpoint leaks memory and which source line holds it.",
		"Endpoints (1) -> Enter: the endpoint's memory chart, verdict and allocation sites",
		"-> Tab, Enter: a site's size over time and its source lines.",
		"",
	};
	int nintro = (int)(sizeof intro / sizeof intro[0]);
	if (i < nintro) {
		keys[0] = 0;
		*text = intro[i];
		*title = false;
		return 1;
	}
	i -= nintro;
	char sec = 0;
	for (int k = 0; k < n; k++) {
		if (t[k].section != sec) {
			sec = t[k].section;
			if (i-- == 0) {
				keys[0] = 0;
				*text = ui_section_title(sec);
				*title = true;
				return 1;
			}
		}
		if (i-- == 0) {
			snprintf(keys, kcap, "%s", t[k].label);
			*text = t[k].help;
			*title = false;
			return 1;
		}
	}
	static const char *outro[] = {
		"",
		"Mouse: click selects, double-click opens, the wheel scrolls.",
		"A click on a column title sorts by that column; another click reverses it.",
		"Filters (f/F) apply to every site table and to exports; the header shows them.",
		"Command line: leakscope [--include RE] [--exclude RE] [--follow] [--ascii] [--classic] [PATH...]",
		"Headless: leakscope report --help",
	};
	int nout = (int)(sizeof outro / sizeof outro[0]);
	if (i < nout) {
		keys[0] = 0;
		*text = outro[i];
		*title = false;
		return 1;
	}
	i -= nout;
	/* what the Verdict column says (as the README's table) */
	static const char *const verdicts[][2] = {
		{"LEAK", "its requests keep memory: fix the top suspect site (Enter, then Tab)"},
		{"ERROR_PATH_LEAK", "its error responses keep memory: look at that site's error path"},
		{"GROWING", "the heap grows while it runs; its own share is not established yet (or one error so far)"},
		{"WARMUP", "memory rose, then levelled off (a cache or pool filling): no leak"},
		{"STABLE", "no retention of its own; the explanation names what holds the heap"},
		{"NOISY", "too noisy to tell: capture more requests"},
		{"TOO_FEW", "fewer than 12 memory samples: capture more requests"},
	};
	int nv = (int)(sizeof verdicts / sizeof verdicts[0]);
	if (i == 0 || i == 1) {
		keys[0] = 0;
		*text = i ? "Verdicts" : "";
		*title = i == 1;
		return 1;
	}
	i -= 2;
	if (i < nv) {
		snprintf(keys, kcap, "%s", verdicts[i][0]);
		*text = verdicts[i][1];
		*title = false;
		return 1;
	}
	return 0;
}

/* Where a help text's next screen line ends: as many bytes of `text` as
 * fit in `width` columns, cut after the last space that lets them fit (a
 * word longer than the line is cut where it must). */
static size_t fit_len(const char *text, int width)
{
	size_t n = strlen(text), best = 0, space = 0;
	char tmp[512];
	for (size_t i = 1; i <= n && i < sizeof tmp; i++) {
		if (i < n && ((unsigned char)text[i] & 0xc0) == 0x80)
			continue;  /* (never inside a character) */
		memcpy(tmp, text, i);
		tmp[i] = 0;
		if (ui_width(tmp) > width)
			break;
		best = i;
		if (i < n && text[i] == ' ')
			space = i + 1;
	}
	if (best < n && space > 0)
		return space;
	return best ? best : n;
}

/* Screen lines of the help at a width: every logical line wrapped, the
 * text of a key indented under its column. Calls back each one with the
 * logical line and its part (NULL cb: only counts). */
static int layout(int w, void (*cb)(void *, int, const char *, size_t, bool, bool, const char *), void *ctx)
{
	char keys[64];
	const char *text;
	bool title;
	int lines = 0;
	for (int i = 0; help_line(i, keys, sizeof keys, &text, &title); i++) {
		int width = keys[0] ? w - 19 : w - 1;
		if (width < 8)
			width = 8;
		bool first = true;
		do {
			size_t len = *text ? fit_len(text, width) : 0;
			if (cb)
				cb(ctx, lines, text, len, title, first, keys);
			lines++;
			text += len;
			first = false;
		} while (*text);
	}
	return lines;
}

struct draw_ctx {
	int top, y, x, h, w;
};

static void draw_line(void *c, int line, const char *text, size_t len, bool title, bool first, const char *keys)
{
	struct draw_ctx *d = c;
	int l = line - d->top + 1;
	if (l < 1 || l >= d->h)
		return;
	char part[512];
	while (len > 0 && text[len - 1] == ' ')
		len--;  /* (the space a line was cut after) */
	snprintf(part, sizeof part, "%.*s", (int)len, text);
	if (title) {
		ui_text(stdscr, d->y + l, d->x + 1, d->w - 1, part, UI_LEFT, ui_theme_attr(ROLE_COLHEAD), NULL, 0, 0);
	} else if (keys[0]) {
		if (first)
			ui_text(stdscr, d->y + l, d->x + 3, 15, keys, UI_LEFT, ui_theme_attr(ROLE_MARK), NULL, 0, 0);
		ui_text(stdscr, d->y + l, d->x + 19, d->w - 19, part, UI_LEFT, A_NORMAL, NULL, 0, 0);
	} else {
		ui_text(stdscr, d->y + l, d->x + 1, d->w - 1, part, UI_LEFT, A_NORMAL, NULL, 0, 0);
	}
}

static void draw(struct view *v, int y, int x, int h, int w)
{
	struct helpv *s = v->priv;
	ui_fill(stdscr, y, x, w, ui_theme_attr(ROLE_COLHEAD));
	ui_text(stdscr, y, x, w, " Help: keys (Esc or q to go back)", UI_LEFT, ui_theme_attr(ROLE_COLHEAD), NULL, 0, 0);
	/* long lines wrap: a narrow terminal still reads all of them */
	int total = layout(w, NULL, NULL);
	s->lines = total;
	s->page = h - 1;
	if (s->top > total - s->page)
		s->top = total - s->page;
	if (s->top < 0)
		s->top = 0;
	for (int l = 1; l < h; l++)
		ui_fill(stdscr, y + l, x, w, A_NORMAL);
	struct draw_ctx d = {.top = s->top, .y = y, .x = x, .h = h, .w = w};
	s->w = w;
	layout(w, draw_line, &d);
}

/* Search: the first screen line (from `from`, going `dir`, wrapping) whose
 * keys or text hold the needle (smart case, as the tables' search). */
struct find_ctx {
	const char *needle;
	int from, dir, total;
	int best;        /* its line, -1 none */
	int best_dist;   /* lines from `from` in the search's direction */
};

static void find_line(void *c, int line, const char *text, size_t len, bool title, bool first, const char *keys)
{
	(void)title;
	struct find_ctx *f = c;
	if (!ui_text_has(text, len, f->needle) && !(first && ui_text_has(keys, strlen(keys), f->needle)))
		return;
	int dist = f->dir >= 0 ? line - f->from : f->from - line;
	if (dist < 0)
		dist += f->total;
	if (f->best < 0 || dist < f->best_dist) {
		f->best = line;
		f->best_dist = dist;
	}
}

static enum ui_found search(struct view *v, const char *text, int dir)
{
	struct helpv *s = v->priv;
	if (!text) {
		s->origin = s->top;
		return UI_FOUND;
	}
	if (!*text) {
		s->top = s->origin;
		return UI_NOT_FOUND;
	}
	int w = s->w > 0 ? s->w : 80;
	struct find_ctx f = {.needle = text, .dir = dir, .best = -1,
		.total = layout(w, NULL, NULL)};
	f.from = dir ? s->top + dir : s->origin;
	if (f.from < 0)
		f.from += f.total;
	layout(w, find_line, &f);
	if (f.best < 0)
		return UI_NOT_FOUND;
	bool wrapped = dir > 0 ? f.best < s->top : dir < 0 ? f.best > s->top : false;
	s->top = f.best;
	return wrapped ? UI_FOUND_WRAPPED : UI_FOUND;
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct helpv *s = v->priv;
	int page = s->page > 1 ? s->page : 1;
	switch (cmd) {
	case CMD_UP: s->top--; break;
	case CMD_DOWN: s->top++; break;
	case CMD_PGUP: s->top -= page; break;
	case CMD_PGDN: s->top += page; break;
	case CMD_TOP: s->top = 0; break;
	case CMD_BOTTOM: s->top = s->lines; break;
	case CMD_HELP: return UI_HANDLED;
	default: return 0;
	}
	return UI_HANDLED | UI_REDRAW;
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	(void)y;
	(void)x;
	if (m == UI_WHEEL_UP)
		return key(v, CMD_UP) | key(v, CMD_UP) | key(v, CMD_UP);
	if (m == UI_WHEEL_DOWN)
		return key(v, CMD_DOWN) | key(v, CMD_DOWN) | key(v, CMD_DOWN);
	return 0;
}

const struct view_ops ui_view_help = {
	.name = "Help",
	.open = open_,
	.close = close_,
	.draw = draw,
	.key = key,
	.mouse = mouse,
	.search = search,
	.hints = "Up/Down scroll  PgUp/PgDn page  / search  q back",
	.screen = 0,
};
