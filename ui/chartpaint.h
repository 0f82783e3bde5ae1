/* chartpaint.h — copy a rendered chart grid (chart.h, curses-free) onto the
 * screen, colouring each cell by its role, with an optional cursor column. */
#ifndef LS_UI_CHARTPAINT_H
#define LS_UI_CHARTPAINT_H

#include "chart.h"

/* cursor_col: grid column to highlight, -1 for none; sel0..sel1: grid columns
 * of a pending zoom range (sel0 < 0: none). */
void ui_chart_paint(const struct ls_chart_grid *g, int y, int x, int cursor_col, int sel0, int sel1);
/* Index of the point of s nearest to x (s->n > 0). */
uint32_t ui_chart_nearest(const struct ls_chart_series *s, double x);

#endif
