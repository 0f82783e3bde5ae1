/* chrome.c — title bar, tabs, footer and status line (see chrome.h). */
#include <stddef.h>
#include "chrome.h"
#include "app.h"
#include "draw.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ui_fmt_time(char *out, size_t cap, double t)
{
	time_t s = (time_t)floor(t);
	struct tm tm;
	if (!localtime_r(&s, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(out, cap, "%.0f", t);
}

void ui_fmt_duration(char *out, size_t cap, double secs)
{
	long s = (long)(secs + 0.5);
	if (s < 60)
		snprintf(out, cap, "%lds", s);
	else if (s < 3600)
		snprintf(out, cap, "%ldm %02lds", s / 60, s % 60);
	else if (s < 86400)
		snprintf(out, cap, "%ldh %02ldm", s / 3600, (s / 60) % 60);
	else
		snprintf(out, cap, "%ldd %02ldh", s / 86400, (s / 3600) % 24);
}

/* Time span of a process, cached per process and reload generation: a scan
 * of every timestamp is too slow for every frame on millions of rows, and
 * moving between endpoints of different processes must not redo it. */
struct span { double t0, t1; bool ok, known; };

static bool proc_span(struct app *a, uint32_t pi, double *t0, double *t1)
{
	static struct span *cache;
	static uint32_t cn;
	static uint64_t cgen = UINT64_MAX;
	static const struct ls_model *cmodel;
	if (a->gen != cgen || cmodel != &a->model || cn != a->model.nproc) {
		free(cache);
		cn = a->model.nproc;
		cache = ls_xcalloc(cn ? cn : 1, sizeof *cache);
		cgen = a->gen;
		cmodel = &a->model;
	}
	struct span *c = &cache[pi];
	if (!c->known) {
		c->known = true;
		const struct ls_process *p = &a->model.proc[pi];
		for (uint32_t e = 0; e < p->nep; e++) {
			const struct ls_endpoint *ep = &p->ep[e];
			for (uint32_t r = 0; r < ep->n; r++) {
				if (!(ep->flags[r] & LS_REQ_HAS_TIME))
					continue;
				double t = ep->timestamp[r];
				if (!c->ok || t < c->t0)
					c->t0 = t;
				if (!c->ok || t > c->t1)
					c->t1 = t;
				c->ok = true;
			}
		}
	}
	*t0 = c->t0;
	*t1 = c->t1;
	return c->ok;
}

void ui_chrome_warm(struct app *a)
{
	double t0, t1;
	for (uint32_t p = 0; p < a->model.nproc; p++)
		proc_span(a, p, &t0, &t1);
}

void ui_chrome_header(struct app *a, int cols)
{
	attr_t ta = ui_theme_attr(ROLE_TITLE);
	ui_fill(stdscr, 0, 0, cols, ta);
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, " leakscope");
	const char *sep = ui_utf8() ? " \xe2\x94\x82 " : " | ";
	struct ls_buf path;
	ls_buf_init(&path);
	if (a->model.nproc) {
		uint32_t pi = a->proc < a->model.nproc ? a->proc : 0;
		const struct ls_process *p = &a->model.proc[pi];
		char n[32];
		ui_fmt_count(n, sizeof n, p->nep);
		ls_buf_printf(&b, "%s%s file%s", sep, n, p->nep == 1 ? "" : "s");
		uint64_t req = ls_process_requests(p);
		ui_fmt_count(n, sizeof n, req);
		ls_buf_printf(&b, "%s%s request%s", sep, n, req == 1 ? "" : "s");
		ls_buf_add_sanitized(&path, p->path, strlen(p->path));
		char which[64] = "";
		if (a->model.nproc > 1)
			snprintf(which, sizeof which, "process %u/%u: ", pi + 1, a->model.nproc);
		double t0, t1;
		if (proc_span(a, pi, &t0, &t1)) {
			char s0[32], s1[32], d[32], span[128];
			ui_fmt_time(s0, sizeof s0, t0);
			ui_fmt_time(s1, sizeof s1, t1);
			ui_fmt_duration(d, sizeof d, t1 - t0);
			/* the end date is implied when both fall on the same day */
			const char *e = strncmp(s0, s1, 11) == 0 ? s1 + 11 : s1;
			snprintf(span, sizeof span, "%s%s %s %s (%s)", sep, s0, ui_utf8() ? "\xe2\x86\x92" : "->", e, d);
			/* With several processes the title is the only place that says
			 * which one the Sites screen and the counts are of: where the
			 * line is too long, the time span gives way to the process
			 * rather than the process to the span ("│ pr…" at 80 columns) */
			if (!*which || ui_width(b.data) + ui_width(span) + ui_width(sep) + ui_width(which) +
				ui_width(path.data ? path.data : "") <= cols)
				ls_buf_puts(&b, span);
		}
		ls_buf_puts(&b, sep);
		ls_buf_puts(&b, which);
	}
	ui_text(stdscr, 0, 0, cols, b.data, UI_LEFT, ta, NULL, 0, ta);
	/* the path keeps its end, as the Process column does: that is the part
	 * that tells sample-profiles/endpoint_profiles from .../memory_snapshots */
	int used = ui_width(b.data);
	if (path.len && used < cols)
		ui_text(stdscr, 0, used, cols - used, path.data, UI_TRUNC_LEFT, ta, NULL, 0, ta);
	ls_buf_done(&path);
	ls_buf_done(&b);

	/* tab bar, filters on the right */
	ui_fill(stdscr, 1, 0, cols, A_NORMAL);
	/* the tab of the screen in view, and (bold) of the one at the base */
	int screen = a->depth ? a->stack[0].ops->screen : 1;
	const struct view *top = ui_app_top(a);
	int shown = top && top->ops->screen >= 1 && top->ops->screen <= 3 ? top->ops->screen : 0;
	char w[48];
	/* problems, not rows: a "533 more ... not listed" row counts for 533 */
	char n[32];
	ui_fmt_count(n, sizeof n, ls_warnings_total(&a->model.warnings));
	snprintf(w, sizeof w, "3 Warnings (%s)", n);
	const char *tabs[4] = {"1 Endpoints", "2 Sites", w, "? Help"};
	int x = 0;
	for (int i = 0; i < 4 && x < cols; i++) {
		bool on = (i < 3 && shown == i + 1) ||
			(i == 3 && ui_app_top(a) && ui_app_top(a)->ops == &ui_view_help);
		bool base = i < 3 && screen == i + 1;
		char t[64];
		snprintf(t, sizeof t, " %s ", tabs[i]);
		int tw = ui_width(t);
		attr_t at = on ? ui_theme_attr(ROLE_TAB_ON) : base ? ui_theme_attr(ROLE_TAB) | A_BOLD : ui_theme_attr(ROLE_TAB);
		if (i == 2 && a->model.warnings.n && !on)
			at = ui_theme_attr(ROLE_WARN);
		ui_text(stdscr, 1, x, tw < cols - x ? tw : cols - x, t, UI_LEFT, at, NULL, 0, 0);
		x += tw + 1;
		a->tab_end[i] = x;
	}
	ls_buf_init(&b);
	const char *inc = ls_filter_pattern(&a->filter, LS_FILTER_INCLUDE);
	const char *exc = ls_filter_pattern(&a->filter, LS_FILTER_EXCLUDE);
	if (inc) {
		ls_buf_puts(&b, "include /");
		ls_buf_add_sanitized(&b, inc, strlen(inc));
		ls_buf_puts(&b, "/ ");
	}
	if (exc) {
		ls_buf_puts(&b, "exclude /");
		ls_buf_add_sanitized(&b, exc, strlen(exc));
		ls_buf_puts(&b, "/ ");
	}
	if (a->opt.follow)
		ls_buf_puts(&b, a->updating ? "[follow: updating]" : "[follow]");
	if (b.len && x < cols) {
		int fw = ui_width(b.data);
		int room = cols - x;
		if (fw > room)
			fw = room;
		ui_text(stdscr, 1, cols - fw, fw, b.data, UI_TRUNC_LEFT, ui_theme_attr(ROLE_WARN), NULL, 0, 0);
	}
	ls_buf_done(&b);
}

unsigned ui_chrome_tab_click(struct app *a, int x)
{
	/* the tabs where the last header draw put them */
	if (x < a->tab_end[0])
		ui_app_screen(a, &ui_view_endpoints);
	else if (x < a->tab_end[1])
		ui_app_screen(a, &ui_view_sites);
	else if (x < a->tab_end[2])
		ui_app_screen(a, &ui_view_warnings);
	else if (x < a->tab_end[3]) {
		struct view *v = ui_app_top(a);
		if (v && v->ops != &ui_view_help)
			ui_app_push(a, &ui_view_help, NULL);
	} else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

void ui_chrome_footer(struct app *a, int y, int cols)
{
	attr_t fa = ui_theme_attr(ROLE_FOOTER);
	ui_fill(stdscr, y, 0, cols, fa);
	struct view *v = ui_app_top(a);
	char right[64];
	snprintf(right, sizeof right, " marked: %zu ", a->nmarks);
	int rw = (int)strlen(right);
	const char *hints = v && v->ops->hints ? v->ops->hints : "";
	/* keys are shown bold: a hint is "KEY label", separated by two spaces */
	int x = 1;
	const char *s = hints;
	while (*s && x < cols - rw) {
		const char *end = strstr(s, "  ");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char item[96];
		snprintf(item, sizeof item, "%.*s", (int)n, s);
		char *sp = strchr(item, ' ');
		int room = cols - rw - x;
		if (ui_width(item) > room)
			break;
		if (sp) {
			*sp = 0;
			x += ui_text(stdscr, y, x, ui_width(item), item, UI_LEFT, ui_theme_attr(ROLE_KEY), NULL, 0, 0);
			ui_text(stdscr, y, x, ui_width(sp + 1) + 1, sp + 1, UI_RIGHT, fa, NULL, 0, 0);
			x += ui_width(sp + 1) + 1;
		} else {
			x += ui_text(stdscr, y, x, ui_width(item), item, UI_LEFT, ui_theme_attr(ROLE_KEY), NULL, 0, 0);
		}
		x += 2;
		s = end ? end + 2 : s + n;
	}
	ui_text(stdscr, y, cols - rw, rw, right, UI_LEFT, a->nmarks ? ui_theme_attr(ROLE_KEY) : fa, NULL, 0, 0);
}

void ui_chrome_status(struct app *a, int y, int cols)
{
	ui_fill(stdscr, y, 0, cols, A_NORMAL);
	if (a->status[0]) {
		/* messages quote file names and typed text: never raw. One
		 * that ends with why or how it went ("export failed:
		 * /a/long/pa…: no such directory", "… (3913 bytes)") loses its
		 * middle when too long for the line, others their end */
		ui_text_raw(stdscr, y, 0, cols, a->status, a->status_ends_why ? UI_TRUNC_MID : UI_LEFT,
			ui_theme_attr(a->status_role));
	} else if (!a->updating && ui_app_top(a) && ui_app_top(a)->ops->summary) {
		char sum[512] = "";
		ui_app_top(a)->ops->summary(ui_app_top(a), sum, sizeof sum);
		ui_text(stdscr, y, 0, cols, sum, UI_LEFT, ui_theme_attr(ROLE_DIM), NULL, 0, 0);
	} else if (a->updating) {
		char msg[sizeof a->updating_what + 64];
		snprintf(msg, sizeof msg, "updating%s %s", ui_dots(), a->updating_what[0] ? a->updating_what :
			"(a file is being rewritten; showing its last complete data)");
		/* file names are sanitized where updating_what is made */
		ui_text(stdscr, y, 0, cols, msg, UI_LEFT, ui_theme_attr(ROLE_WARN), NULL, 0, 0);
	}
}
