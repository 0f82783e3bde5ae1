/* chartpaint.c — see chartpaint.h. */
#include "chartpaint.h"
#include "theme.h"

#include <curses.h>

static enum ui_role role_of(uint8_t r)
{
	switch (r) {
	case LS_CHART_AXIS: return ROLE_CH_AXIS;
	case LS_CHART_LABEL: return ROLE_CH_LABEL;
	case LS_CHART_SERIES1: return ROLE_CH_S1;
	case LS_CHART_SERIES2: return ROLE_CH_S2;
	case LS_CHART_SERIES3: return ROLE_CH_S3;
	case LS_CHART_ERROR: return ROLE_CH_ERR;
	case LS_CHART_DETAIL: return ROLE_CH_DET;
	case LS_CHART_FIT: return ROLE_CH_FIT;
	case LS_CHART_WARMUP: return ROLE_CH_WARM;
	default: return ROLE_NORMAL;
	}
}

void ui_chart_paint(const struct ls_chart_grid *g, int y, int x, int cursor_col, int sel0, int sel1)
{
	bool in_plot_rows;
	for (int r = 0; r < g->rows; r++) {
		move(y + r, x);
		in_plot_rows = r >= g->plot_row && r < g->plot_row + g->plot_h;
		for (int c = 0; c < g->cols; c++) {
			const struct ls_chart_cell *cell = ls_chart_cell_at(g, r, c);
			attr_t a = ui_theme_attr(role_of(cell->role));
			if (in_plot_rows && sel0 >= 0 && c >= sel0 && c <= sel1)
				a = ui_theme_attr(ROLE_SEL_DIM);
			if (in_plot_rows && c == cursor_col)
				a = ui_theme_attr(ROLE_CURRENT);
			attrset(a);
			addstr(cell->utf8[0] ? cell->utf8 : " ");
		}
	}
	attrset(A_NORMAL);
}

uint32_t ui_chart_nearest(const struct ls_chart_series *s, double x)
{
	uint32_t lo = 0, hi = s->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->x[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= s->n)
		return s->n - 1;
	if (lo > 0 && x - s->x[lo - 1] < s->x[lo] - x)
		return lo - 1;
	return lo;
}
