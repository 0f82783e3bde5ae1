/* chart_bench.c — the cost of a chart redraw must not grow with the series:
 * build the min/max pyramid once, then time frames (full range and zoomed)
 * for series of 10 thousand to 10 million points. Prints figures only. */
#include "chart.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void run(uint32_t n)
{
	double *y = ls_xreallocarray(NULL, n, sizeof *y);
	int64_t *x = ls_xreallocarray(NULL, n, sizeof *x);
	for (uint32_t i = 0; i < n; i++) {
		x[i] = (int64_t)i * 3;
		y[i] = 200 + sin(i / 5000.0) * 10 + i * 1e-5;
	}
	struct ls_chart_input in = { .n = n, .x_int = x, .y = y };
	struct ls_chart_series s, m;
	ls_chart_series_init(&s);
	ls_chart_series_init(&m);
	double t0 = ls_now();
	ls_chart_series_build(&s, &in);
	ls_chart_series_build_mean(&m, &s, 20);
	double t1 = ls_now();
	struct ls_chart_opts o = { .cols = 200, .rows = 50, .series = { &s, &m }, .nseries = 2,
		.y_unit = "MB", .x_unit = "req", .markers = true };
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	enum { FRAMES = 400 };
	double full = 0, zoom = 0;
	for (int k = 0; k < FRAMES; k++) {
		double a = ls_now();
		o.x0 = o.x1 = 0;   /* everything */
		ls_chart_render(&g, &o);
		double b = ls_now();
		o.x0 = (double)(k % 97) * n / 100.0;   /* a window of ~1 % */
		o.x1 = o.x0 + n * 3 / 100.0;
		ls_chart_render(&g, &o);
		double c = ls_now();
		full += b - a;
		zoom += c - b;
	}
	printf("chart: %9u points  build %8.1f ms  frame 200x50 all %6.0f us  zoomed %6.0f us\n",
		n, (t1 - t0) * 1e3, full / FRAMES * 1e6, zoom / FRAMES * 1e6);
	ls_chart_grid_done(&g);
	ls_chart_series_done(&s);
	ls_chart_series_done(&m);
	free(x);
	free(y);
}

int main(void)
{
	run(10000);
	run(1000000);
	run(10000000);
	return 0;
}
