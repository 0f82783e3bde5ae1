/* vutil.c — helpers shared by the views (see vutil.h). */
#include "vutil.h"
#include "chart.h"
#include "detect.h"
#include "util.h"

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

double ui_attributed_kb(struct app *a, uint32_t p, uint32_t e)
{
	const struct ls_verdict *v = ls_analysis_verdict(&a->an, p, e);
	if (!v || !v->attributed)
		return NAN;
	return v->attributed_kb_per_request;
}

void ui_ep_sparkline(const struct ls_endpoint *ep, int width, bool ascii, char *out, size_t cap)
{
	double *y = ls_xreallocarray(NULL, ep->n ? ep->n : 1, sizeof *y);
	for (uint32_t i = 0; i < ep->n; i++)
		y[i] = (ep->flags[i] & LS_REQ_HAS_MEM) ? ep->current_mb[i] : NAN;
	if (!ls_sparkline(out, cap, y, ep->n, width, ascii) && cap)
		out[0] = 0;
	free(y);
}

void ui_fmt_mb(char *out, size_t cap, double v, int width)
{
	for (int d = 3; d >= 0; d -= d == 3 ? 2 : 1) {
		int n = snprintf(out, cap, "%.*f", d, v);
		if (n <= width)
			return;
	}
}

void ui_fmt_signed(char *out, size_t cap, double v, int decimals)
{
	if (isnan(v))
		snprintf(out, cap, "-");
	else
		snprintf(out, cap, "%+.*f", decimals, v);
}

void ui_ep_name(const struct app *a, uint32_t p, uint32_t e, char *out, size_t cap)
{
	const struct ls_process *pr = &a->model.proc[p];
	struct ls_buf b;
	ls_buf_init(&b);
	const char *n = pr->ep[e].name ? pr->ep[e].name : "?";
	ls_buf_add_sanitized(&b, n, strlen(n));
	snprintf(out, cap, "%s", b.data);
	ls_buf_done(&b);
}

void ui_site_name(const struct app *a, uint32_t p, uint32_t site, char *out, size_t cap)
{
	const struct ls_intern *t = &a->model.proc[p].sites;
	struct ls_buf b;
	ls_buf_init(&b);
	const char *s = ls_intern_str(t, site);
	ls_buf_add_sanitized(&b, s, site < t->n ? t->len[site] : 0);
	snprintf(out, cap, "%s", b.data);
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

/* Lay out (draw when draw is true) text wrapped at w columns, at most h lines. */
static int paragraph(bool draw, int y, int x, int w, int h, const char *text, attr_t a)
{
	int used = 0;
	const char *s = text;
	if (w < 1)
		return 0;
	while (*s && used < h) {
		/* take as many words as fit in w columns (bytes approximate columns
		 * for the ASCII explanations; ui_text clips anything wider) */
		const char *nl = strchr(s, '\n');
		size_t maxb = nl ? (size_t)(nl - s) : strlen(s);
		size_t take = maxb;
		if (take > (size_t)w) {
			take = (size_t)w;
			while (take > 0 && s[take] != ' ')
				take--;
			if (take == 0)
				take = (size_t)w;
		}
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(take < sizeof line - 1 ? take : sizeof line - 1), s);
		if (draw) {
			char *clean = ls_sanitize(line);
			ui_text(stdscr, y + used, x, w, clean, UI_LEFT, a, NULL, 0, 0);
			free(clean);
		}
		used++;
		s += take;
		while (*s == ' ')
			s++;
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
