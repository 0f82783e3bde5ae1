/* test_chart.c — the line charts and sparklines the endpoint and site views
 * draw. Each grid below is what a user sees in the terminal, cell for cell:
 * axis, round tick labels, the curve, markers and lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chart.h"

#define N 20

static double ys[N];
static int64_t xs[N];
static uint16_t fl[N];

/* All rows of a render joined with '\n' (static buffer). */
static const char *render(struct ls_chart_opts *o, int *rc)
{
	static char out[16384];
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	*rc = ls_chart_render(&g, o);
	size_t len = 0;
	for (int r = 0; r < g.rows; r++) {
		len += ls_chart_grid_row(&g, r, out + len, sizeof out - len - 1);
		out[len++] = '\n';
	}
	out[len] = '\0';
	ls_chart_grid_done(&g);
	return out;
}

static void build(struct ls_chart_series *s, uint32_t n, const uint16_t *flags)
{
	struct ls_chart_input in = { .n = n, .x_int = xs, .y = ys, .flags = flags,
		.error_mask = 1, .detail_mask = 2 };
	assert_int_equal(ls_chart_series_build(s, &in), 0);
}

static void check(struct ls_chart_series *s, struct ls_chart_opts *o, const char *want)
{
	int rc;
	const char *got = render(o, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	ls_chart_series_done(s);
}

static struct ls_chart_opts small_opts(const struct ls_chart_series *s)
{
	struct ls_chart_opts o = { .cols = 20, .rows = 6, .series = { s }, .nseries = 1, .y_unit = "MB" };
	return o;
}

static void test_straight_line(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = i;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	check(&s, &o,
		"20 ┤             ⣀⠤⠒\n"
		"10 ┤        ⣀⡠⠔⠊⠉   \n"
		"   │    ⣀⠤⠒⠊        \n"
		" 0 ┤⡠⠔⠒⠉            \n"
		"MB └┬───────┬───────\n"
		"    0      10       \n");
}

static void test_straight_line_ascii(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = i;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.mode = LS_CHART_ASCII;
	check(&s, &o,
		"20 +             __-\n"
		"10 +        __-''   \n"
		"   |    _--'        \n"
		" 0 +--''            \n"
		"MB ++-------+-------\n"
		"    0      10       \n");
}

/* A constant series still gets a readable axis: +-5 % around the value. */
static void test_flat_line(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = 100;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	check(&s, &o,
		"105 ┤               \n"
		"100 ┤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀\n"
		"    │               \n"
		" 95 ┤               \n"
		" MB └┬──────────────\n"
		"     0              \n");
}

/* One point at 30 among 10s: a tent reaching the top, joined to its neighbours. */
static void test_spike(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = i == 10 ? 30 : 10;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	check(&s, &o,
		"30 ┤        ⡇       \n"
		"20 ┤        ⣿       \n"
		"   │       ⢸⠸⡀      \n"
		"10 ┤⣀⣀⣀⣀⣀⣀⣀⣸ ⣇⣀⣀⣀⣀⣀⣀\n"
		"MB └┬───────┬───────\n"
		"    0      10       \n");
	build(&s, N, NULL);
	o.mode = LS_CHART_ASCII;
	check(&s, &o,
		"30 +        |       \n"
		"20 +        |       \n"
		"   |       | |      \n"
		"10 +_______| |______\n"
		"MB ++-------+-------\n"
		"    0      10       \n");
}

/* One 30 s timeout among ~110 ms requests flattened the latency chart to
 * its floor: the axis ends at the far-out fence (Q3 + 3 IQR), the timeout
 * is drawn on the top row, and the caller is told how many are above. */
static void test_outlier_cap(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = 100 + (i % 5) * 5;
	ys[10] = 30000;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	double max;
	/* sorted: 100 x3, 105 x4, 110 x4, 115 x4, 120 x4, 30000: Q1 105, Q3 115 */
	double cap = ls_chart_outlier_cap(&s, 0, 0, &max);
	assert_true(cap == 145);
	assert_true(max == 30000);
	struct ls_chart_opts o = small_opts(&s);
	o.y_cap = cap;
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_true(g.y1 >= 145 && g.y1 <= 150);
	assert_int_equal(ls_chart_count_above(&s, 0, 0, g.y1), 1);
	assert_int_equal(ls_chart_count_above(&s, 11, 19, g.y1), 0);
	/* the timeout's column reaches the top row */
	const struct ls_chart_cell *top = ls_chart_cell_at(&g, g.plot_row, g.plot_col + g.plot_w / 2);
	assert_int_not_equal(top->cp, ' ');
	ls_chart_grid_done(&g);
	/* a zoom that leaves it out: under 20 points, no ceiling */
	assert_true(ls_chart_outlier_cap(&s, 0, 9, &max) == 0);
	ls_chart_series_done(&s);
	/* no far-out value, or all alike: the axis shows everything */
	ys[10] = 140;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	assert_true(ls_chart_outlier_cap(&s, 0, 0, &max) == 0);
	assert_true(max == 140);
	ls_chart_series_done(&s);
	for (int i = 0; i < N; i++)
		ys[i] = 7;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	assert_true(ls_chart_outlier_cap(&s, 0, 0, &max) == 0);
	ls_chart_series_done(&s);
	/* past LS_CHART_CAP_SAMPLE points the quartiles come from a sample
	 * (which holds neither timeout); every point above is still counted */
	enum { BIG = 3 * LS_CHART_CAP_SAMPLE + 7 };
	static double by[BIG];
	static int64_t bx[BIG];
	for (int i = 0; i < BIG; i++)
		bx[i] = i, by[i] = 100 + (i % 5) * 5;
	by[5001] = by[5002] = 30000;
	struct ls_chart_input in = {.n = BIG, .x_int = bx, .y = by};
	ls_chart_series_init(&s);
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	cap = ls_chart_outlier_cap(&s, 0, 0, &max);
	assert_true(cap == 145);
	assert_int_equal(ls_chart_count_above(&s, 0, 0, cap), 2);
	ls_chart_series_done(&s);
}

/* Zooming into x 5..9: only that part, y rescaled to it, x ticks re-chosen. */
static void test_zoomed_range(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = i;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.x0 = 5;
	o.x1 = 9;
	check(&s, &o,
		"10 ┤               ⢀\n"
		"   │          ⣀⡠⠔⠒⠉⠁\n"
		"   │    ⢀⣀⠤⠔⠊⠉      \n"
		" 5 ┤⡠⠤⠒⠊⠁           \n"
		"MB └────┬───────┬───\n"
		"        6       8   \n");
}

/* Zoomed between two requests of the endpoint (a window with no point of
 * its own, as the wheel or z gets to): the y axis holds the line that
 * crosses the window, not 0..1 MB with the line pressed against the top. */
static void test_zoom_between_points(void **state)
{
	(void)state;
	xs[0] = 0, ys[0] = 200;
	xs[1] = 100, ys[1] = 300;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, 2, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.x0 = 40;
	o.x1 = 44;
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_true(g.y0 <= 240 && g.y1 >= 244);
	assert_true(g.y0 > 200 && g.y1 < 300);
	ls_chart_grid_done(&g);
	/* a window that a point is in, whose line leaves it towards a far
	 * higher neighbour: that line fits too */
	xs[0] = 0, ys[0] = 10;
	xs[1] = 50, ys[1] = 10;
	xs[2] = 60, ys[2] = 110;
	ls_chart_series_done(&s);
	ls_chart_series_init(&s);
	build(&s, 3, NULL);
	o = small_opts(&s);
	o.x0 = 45;
	o.x1 = 55;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_true(g.y0 <= 10 && g.y1 >= 60);
	ls_chart_grid_done(&g);
	ls_chart_series_done(&s);
}

/* Realistic MB values: round ticks (2 MB apart, the axis may end on a half
 * step), request numbers below. */
static void test_tick_labels(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = 100 + i * 10, ys[i] = 245.3 + i * 0.35;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.cols = 40;
	o.rows = 10;
	o.x_unit = "req";
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_true(g.y0 == 245 && g.y1 == 252);   /* a half step below 246: more height for the curve */
	assert_int_equal(ls_chart_cell_at(&g, 0, 0)->role, LS_CHART_LABEL);
	assert_int_equal(ls_chart_cell_at(&g, 0, 4)->role, LS_CHART_AXIS);
	assert_int_equal(ls_chart_cell_at(&g, 0, 39)->role, LS_CHART_SERIES1);
	assert_int_equal(ls_chart_cell_at(&g, 8, 10)->role, LS_CHART_AXIS);
	ls_chart_grid_done(&g);
	check(&s, &o,
		"252 ┤                               ⣀⡠⠔⠊\n"
		"    │                          ⢀⡠⠔⠒⠉    \n"
		"250 ┤                     ⢀⣀⠤⠒⠉⠁        \n"
		"    │                 ⣀⠤⠒⠊⠁             \n"
		"248 ┤            ⣀⡠⠔⠊⠉                  \n"
		"    │       ⣀⡠⠔⠒⠉                       \n"
		"246 ┤  ⢀⣀⠤⠒⠉                            \n"
		"    │⠔⠊⠁                                \n"
		" MB └┬────────┬────────┬────────┬───────\n"
		"    100      150      200      250   req\n");
}

/* Sub-MB ranges get decimals from the step, never "-0.0". */
static void test_tick_decimals(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = -0.2 + i * 0.03;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.rows = 12;
	int rc;
	const char *got = render(&o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(got, "0.4 ┤"));
	assert_non_null(strstr(got, "0.0 ┤"));
	assert_non_null(strstr(got, "-0.2 ┤"));
	assert_null(strstr(got, "-0.0"));
	ls_chart_series_done(&s);
}

/* The marker lane: error requests win over detailed snapshots in a column. */
static void test_markers(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++) {
		xs[i] = i;
		ys[i] = 50;
		fl[i] = (uint16_t)((i == 3 ? 1 : 0) | (i % 8 == 0 ? 2 : 0));
	}
	fl[16] |= 1;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, fl);
	assert_int_equal(s.nerr, 2);
	assert_int_equal(s.ndet, 3);
	struct ls_chart_opts o = small_opts(&s);
	o.cols = 24;
	o.markers = true;
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_int_equal(ls_chart_cell_at(&g, 3, 7)->role, LS_CHART_ERROR);
	assert_int_equal(ls_chart_cell_at(&g, 3, 4)->role, LS_CHART_DETAIL);
	ls_chart_grid_done(&g);
	check(&s, &o,
		"55 ┤                    \n"
		"50 ┤⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒\n"
		"45 ┤                    \n"
		"   │•  x    •       x   \n"
		"MB └┬─────────┬─────────\n"
		"    0        10         \n");
}

/* A warm-up boundary at x = 5 and a dotted fit y = 4 + 0.5x after it. */
/* Two plot rows: still two tick intervals near the data, never 0..500. */
static void test_short_chart(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = 180 + i * 1.6;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.rows = 5;
	o.markers = true;
	check(&s, &o,
		"220 ┤          ⣀⣀⣀⠤⠤\n"
		"180 ┤⣀⡠⠤⠤⠒⠒⠒⠉⠉⠉     \n"
		"    │               \n"
		" MB └┬──────────────\n"
		"     0              \n");
}

static void test_fit_and_warmup(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = i < 5 ? i * 2 : 10 + (i - 5) * 0.5;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.cols = 24;
	o.rows = 8;
	o.has_fit = true;
	o.fit_a = 6.5; /* at x = 5: the line 4 + 0.5 x */
	o.fit_b = 0.5;
	o.fit_x0 = 5;
	o.fit_x1 = 19;
	o.has_warmup = true;
	o.warmup_x = 5;
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_int_equal(ls_chart_cell_at(&g, 0, 9)->role, LS_CHART_WARMUP);
	assert_int_equal(ls_chart_cell_at(&g, 2, 20)->role, LS_CHART_FIT);
	ls_chart_grid_done(&g);
	check(&s, &o,
		"20 ┤     ┊             ⢀\n"
		"   │     ┊      ⢀⣀⡠⠤⠒⠒⠉⠁\n"
		"10 ┤     ⣀⣀⠤⠤⠒⠒⠉⠁⡀⡀⠄⠄⠂⠁⠁\n"
		"   │   ⢀⠜┊⡀⠄⠄⠂⠂⠁⠁       \n"
		"   │ ⢀⠔⠁ ┊              \n"
		" 0 ┤⡔⠃   ┊              \n"
		"MB └┬─────────┬─────────\n"
		"    0        10         \n");
	build(&s, N, NULL);
	o.mode = LS_CHART_ASCII;
	check(&s, &o,
		"20 +     :              \n"
		"   |     :       __--'''\n"
		"10 +     ___--''' ~ ~ ~ \n"
		"   |   _':~ ~ ~ ~       \n"
		"   |  -' :              \n"
		" 0 +-'   :              \n"
		"MB ++---------+---------\n"
		"    0        10         \n");
}

/* x labels as clock times of the nearest request (TZ pinned to UTC). */
/* A failed fit (NaN, as the statistics return) or a NaN warm-up draws
 * nothing rather than garbage. */
static void test_nan_fit_and_warmup(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i, ys[i] = i;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, N, NULL);
	struct ls_chart_opts o = small_opts(&s);
	o.has_fit = true;
	o.fit_a = NAN;
	o.fit_b = NAN;
	o.fit_x0 = 0;
	o.fit_x1 = 19;
	o.has_warmup = true;
	o.warmup_x = NAN;
	check(&s, &o,
		"20 ┤             ⣀⠤⠒\n"
		"10 ┤        ⣀⡠⠔⠊⠉   \n"
		"   │    ⣀⠤⠒⠊        \n"
		" 0 ┤⡠⠔⠒⠉            \n"
		"MB └┬───────┬───────\n"
		"    0      10       \n");
}

static void test_time_labels(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	double t[N];
	for (int i = 0; i < N; i++) {
		xs[i] = i;
		ys[i] = i;
		t[i] = 1790000000.0 + i * 30;
	}
	struct ls_chart_input in = { .n = N, .x_int = xs, .y = ys, .t = t };
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	struct ls_chart_opts o = { .cols = 40, .rows = 6, .series = { &s }, .nseries = 1,
		.x_time = true, .x_unit = "UTC" };
	check(&s, &o,
		"20 ┤                             ⣀⣀⡠⠤⠤⠒⠒\n"
		"10 ┤                  ⢀⣀⣀⡠⠤⠤⠒⠒⠊⠉⠉       \n"
		"   │         ⣀⣀⠤⠤⠤⠒⠒⠊⠉⠁                 \n"
		" 0 ┤⣀⡠⠤⠔⠒⠒⠊⠉⠉                           \n"
		"   └┬─────────────────┬─────────────────\n"
		"14:13:20          14:18:20           UTC\n");
}

/* Records without a timestamp (the model reads them as 0): their ticks
 * keep the request number, never 1970's 00:00:00. */
static void test_time_labels_missing(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	double t[N];
	for (int i = 0; i < N; i++) {
		xs[i] = i;
		ys[i] = i;
		t[i] = 0;
	}
	struct ls_chart_input in = { .n = N, .x_int = xs, .y = ys, .t = t };
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	struct ls_chart_opts o = { .cols = 40, .rows = 6, .series = { &s }, .nseries = 1,
		.x_time = true, .x_unit = "UTC" };
	int rc;
	const char *got = render(&o, &rc);
	assert_int_equal(rc, 0);
	assert_null(strstr(got, "00:00"));
	assert_non_null(strstr(got, "10"));
	ls_chart_series_done(&s);
}

/* Rows whose flags lack the valid bits are not points: the line passes over
 * them by interpolation, exactly as if they were absent. */
static void test_valid_mask_skips_rows(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++) {
		xs[i] = i;
		ys[i] = i % 2 ? 1000 : i;   /* odd rows: garbage without the valid bit */
		fl[i] = i % 2 ? 0 : 4;
	}
	struct ls_chart_input in = { .n = N, .x_int = xs, .y = ys, .flags = fl, .valid_mask = 4 };
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	assert_int_equal(s.n, 10);
	assert_true(s.ymax == 18);
	struct ls_chart_opts o = small_opts(&s);
	int rc;
	const char *got = render(&o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(got, "20 ┤"));
	assert_null(strstr(got, "1000"));
	ls_chart_series_done(&s);
}

/* Is any plot cell whose middle x is in [xa, xb] drawn by a curve? */
static bool curve_between(const struct ls_chart_grid *g, double xa, double xb)
{
	for (int c = g->plot_col; c < g->plot_col + g->plot_w; c++) {
		double x = ls_chart_col_to_x(g, c);
		if (x < xa || x > xb)
			continue;
		for (int r = g->plot_row; r < g->plot_row + g->plot_h; r++) {
			uint8_t role = ls_chart_cell_at(g, r, c)->role;
			if (role == LS_CHART_SERIES1 || role == LS_CHART_SERIES2)
				return true;
		}
	}
	return false;
}

/* Rows left out by invalid_mask (tracemalloc off: no reading) are a hole
 * in the data: the curve, and its rolling mean, stop on either side of
 * them instead of a straight line across, as the sparkline leaves a gap.
 * Rows that are merely absent (no record) are still joined. */
static void test_invalid_rows_break_the_line(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++) {
		xs[i] = i;
		ys[i] = i >= 6 && i <= 13 ? 0 : 100 + i;
		fl[i] = i >= 6 && i <= 13 ? 8 : 0;
	}
	struct ls_chart_input in = { .n = N, .x_int = xs, .y = ys, .flags = fl, .invalid_mask = 8 };
	struct ls_chart_series s, mean;
	ls_chart_series_init(&s);
	ls_chart_series_init(&mean);
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	assert_int_equal(s.n, 12);
	assert_int_equal(ls_chart_series_build_mean(&mean, &s, 3), 0);
	for (int mode = 0; mode < 2; mode++) {
		struct ls_chart_opts o = { .cols = 40, .rows = 8, .series = { &s, &mean }, .nseries = 2,
			.mode = mode ? LS_CHART_ASCII : LS_CHART_BRAILLE };
		struct ls_chart_grid g;
		ls_chart_grid_init(&g);
		assert_int_equal(ls_chart_render(&g, &o), 0);
		assert_true(curve_between(&g, 0, 4.5));
		assert_true(curve_between(&g, 14.5, 19));
		assert_false(curve_between(&g, 6.5, 12.5));
		ls_chart_grid_done(&g);
	}
	/* the same rows merely missing: joined, as before */
	struct ls_chart_input gap = { .n = N, .x_int = xs, .y = ys, .flags = fl, .valid_mask = 16 };
	for (int i = 0; i < N; i++)
		fl[i] = i >= 6 && i <= 13 ? 0 : 16;
	assert_int_equal(ls_chart_series_build(&s, &gap), 0);
	struct ls_chart_opts o = { .cols = 40, .rows = 8, .series = { &s }, .nseries = 1 };
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_true(curve_between(&g, 6.5, 12.5));
	ls_chart_grid_done(&g);
	ls_chart_series_done(&mean);
	ls_chart_series_done(&s);
}

/* A hole the caller knows of (request numbers the profiler never
 * recorded: ls_process_holes) breaks the line like invalid rows, where
 * merely missing rows are joined; a hole elsewhere (between two other
 * points' neighbours, or past the data) breaks nothing. The rolling mean
 * starts again after a hole: a mean reaching back across it would draw a
 * ramp through what was never measured. */
static void test_holes_break_the_line(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++) {
		xs[i] = i < 6 ? i : i + 100;   /* requests 6..105 were never recorded */
		ys[i] = i < 6 ? 100 : 200;
		fl[i] = 0;
	}
	static const int64_t holes[] = {6, 105, 400, 500};
	struct ls_chart_input in = { .n = N, .x_int = xs, .y = ys, .holes = holes, .nholes = 2 };
	struct ls_chart_series s, mean;
	ls_chart_series_init(&s);
	ls_chart_series_init(&mean);
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	assert_int_equal(s.nbreak, 1);
	assert_int_equal(s.breaks[0], 6);
	assert_int_equal(ls_chart_series_build_mean(&mean, &s, 4), 0);
	assert_true(mean.y[5] == 100);
	for (uint32_t i = 6; i < mean.n; i++)
		assert_true(mean.y[i] == 200);  /* not (100 + 200) / 2 and the like */
	struct ls_chart_opts o = { .cols = 40, .rows = 8, .series = { &s, &mean }, .nseries = 2 };
	struct ls_chart_grid g;
	ls_chart_grid_init(&g);
	assert_int_equal(ls_chart_render(&g, &o), 0);
	assert_true(curve_between(&g, 0, 5));
	assert_true(curve_between(&g, 106, 119));
	assert_false(curve_between(&g, 10, 100));
	ls_chart_grid_done(&g);
	/* one request wide, between the points at 2 and 4: a break; past
	 * the data: none */
	static const int64_t one[] = {3, 3, 300, 310};
	in.holes = one;
	for (int i = 0; i < N; i++)
		xs[i] = i < 3 ? i : i + 1;
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	assert_int_equal(s.nbreak, 1);
	assert_int_equal(s.breaks[0], 3);
	in.holes = one + 2;
	in.nholes = 1;
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	assert_int_equal(s.nbreak, 0);
	ls_chart_series_done(&mean);
	ls_chart_series_done(&s);
}

/* The pyramid answers min/max over any x range exactly like a scan would. */
static void test_range_queries_match_scan(void **state)
{
	(void)state;
	enum { M = 1000 };
	static double y[M];
	static int64_t x[M];
	unsigned seed = 7;
	for (int i = 0; i < M; i++) {
		seed = seed * 1103515245u + 12345u;
		x[i] = i * 3;
		y[i] = (double)((seed >> 8) % 10000) / 7.0;
	}
	struct ls_chart_input in = { .n = M, .x_int = x, .y = y };
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	assert_int_equal(ls_chart_series_build(&s, &in), 0);
	for (int q = 0; q < 2000; q++) {
		seed = seed * 1103515245u + 12345u;
		double a = (double)((seed >> 4) % (3 * M)), b = a + (double)((seed >> 16) % 700);
		double mn = INFINITY, mx = -INFINITY, qmn, qmx;
		for (int i = 0; i < M; i++)
			if (x[i] >= a && x[i] <= b) {
				mn = fmin(mn, y[i]);
				mx = fmax(mx, y[i]);
			}
		bool any = ls_chart_series_range(&s, a, b, &qmn, &qmx);
		assert_int_equal(any, mn <= mx);
		if (any) {
			assert_true(qmn == mn);
			assert_true(qmx == mx);
		}
	}
	ls_chart_series_done(&s);
}

static void test_rolling_mean(void **state)
{
	(void)state;
	for (int i = 0; i < N; i++)
		xs[i] = i * 2, ys[i] = i;
	struct ls_chart_series s, m;
	ls_chart_series_init(&s);
	ls_chart_series_init(&m);
	build(&s, N, NULL);
	assert_int_equal(ls_chart_series_build_mean(&m, &s, 4), 0);
	assert_int_equal(m.n, N);
	assert_true(m.y[0] == 0 && m.y[1] == 0.5 && m.y[3] == 1.5 && m.y[19] == 17.5);
	assert_true(m.x[19] == 38);
	assert_int_equal(ls_chart_series_build_mean(&m, &s, 0), -1);
	ls_chart_series_done(&s);
	ls_chart_series_done(&m);
}

/* Another column of the same rows shares the base's x and t (and is freed
 * either side first); a column with other valid rows gets its own. */
static void test_build_like_shares_points(void **state)
{
	(void)state;
	double y2[N], t[N];
	uint16_t f2[N];
	for (int i = 0; i < N; i++) {
		xs[i] = i * 3, ys[i] = i, y2[i] = 100 - i, t[i] = 1000 + i;
		f2[i] = i % 4 ? 4 : 0;
	}
	struct ls_chart_input in = {.n = N, .x_int = xs, .y = ys, .t = t};
	struct ls_chart_series base, like, other;
	ls_chart_series_init(&base);
	ls_chart_series_init(&like);
	ls_chart_series_init(&other);
	assert_int_equal(ls_chart_series_build(&base, &in), 0);
	in.y = y2;
	assert_int_equal(ls_chart_series_build_like(&like, &in, &base), 0);
	assert_true(like.x == base.x && like.t == base.t);
	assert_true(like.y[5] == 95 && like.x[5] == 15 && like.ymax == 100);
	in.flags = f2;
	in.valid_mask = 4;
	assert_int_equal(ls_chart_series_build_like(&other, &in, &base), 0);
	assert_int_equal(other.n, 15);
	assert_true(other.x != base.x && other.x[0] == 3 && other.t[0] == 1001);
	/* rebuilding the base first, then the borrower, is how charts refresh */
	in.flags = NULL;
	in.y = ys;
	assert_int_equal(ls_chart_series_build(&base, &in), 0);
	in.y = y2;
	assert_int_equal(ls_chart_series_build_like(&like, &in, &base), 0);
	assert_true(like.x == base.x);
	ls_chart_series_done(&like);
	ls_chart_series_done(&other);
	ls_chart_series_done(&base);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	xs[0] = 5;
	xs[1] = 3;   /* x must not go back: the searches need order */
	ys[0] = ys[1] = 1;
	struct ls_chart_input in = { .n = 2, .x_int = xs, .y = ys };
	assert_int_equal(ls_chart_series_build(&s, &in), -1);
	assert_int_equal(s.n, 0);
	in.y = NULL;
	assert_int_equal(ls_chart_series_build(&s, &in), -1);
	/* too small to draw: -1 and blank cells, never a crash */
	struct ls_chart_opts o = small_opts(&s);
	o.cols = LS_CHART_MIN_COLS - 1;
	int rc;
	const char *got = render(&o, &rc);
	assert_int_equal(rc, -1);
	char blank[128] = "";
	for (int r = 0; r < o.rows; r++)
		strcat(strcat(blank, "               "), "\n");   /* 15 spaces */
	assert_string_equal(got, blank);
	/* an empty series renders an empty plot with an axis */
	o = small_opts(&s);
	got = render(&o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(got, "└"));
	ls_chart_series_done(&s);
}

static void test_zoom_helper(void **state)
{
	(void)state;
	double a = 0, b = 1000;
	ls_chart_zoom(&a, &b, 250, 0.5, 0, 1000, 10);
	assert_true(a == 125 && b == 625);     /* 250 stays at the same place */
	ls_chart_zoom(&a, &b, 125, 0.001, 0, 1000, 10);
	assert_true(b - a == 10);               /* never narrower than min_span */
	ls_chart_zoom(&a, &b, 130, 1000, 0, 1000, 10);
	assert_true(a == 0 && b == 1000);       /* never wider than the data */
	struct ls_chart_grid g = { .plot_col = 4, .plot_w = 10, .x0 = 0, .x1 = 100 };
	assert_true(ls_chart_col_to_x(&g, 4) == 5);
	assert_true(ls_chart_col_to_x(&g, 0) == 5);
	assert_true(ls_chart_col_to_x(&g, 99) == 95);
}

static void test_sparkline(void **state)
{
	(void)state;
	char out[128];
	double y[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	assert_int_equal(ls_sparkline(out, sizeof out, y, 8, 20, false), 24);
	assert_string_equal(out, "▁▂▃▄▅▆▇█");
	ls_sparkline(out, sizeof out, y, 8, 20, true);
	assert_string_equal(out, "_.-:=+*#");
	ls_sparkline(out, sizeof out, y, 8, 4, false);   /* buckets of 2: means .5 2.5 4.5 6.5 */
	assert_string_equal(out, "▁▃▆█");
	double flat[] = { 3, 3, 3 };
	ls_sparkline(out, sizeof out, flat, 3, 10, false);
	assert_string_equal(out, "▁▁▁");
	/* a site of one size throughout (an import's 1.4 MB): buckets of 3
	 * and 4 samples must not get means a rounding error apart, which the
	 * scale would stretch into full-height bars */
	double same[30];
	for (int i = 0; i < 30; i++)
		same[i] = 1.4;
	ls_sparkline(out, sizeof out, same, 30, 8, false);
	assert_string_equal(out, "▁▁▁▁▁▁▁▁");
	for (int i = 0; i < 30; i++)
		same[i] = 19.657;
	ls_sparkline(out, sizeof out, same, 30, 8, true);
	assert_string_equal(out, "________");
	double gap[] = { 0, NAN, 7 };
	ls_sparkline(out, sizeof out, gap, 3, 10, true);
	assert_string_equal(out, "_ #");
	assert_int_equal(ls_sparkline(out, 5, y, 8, 20, false), 0);   /* does not fit */
	assert_string_equal(out, "");
	assert_int_equal(ls_sparkline(out, sizeof out, y, 0, 20, false), 0);

	for (int i = 0; i < 8; i++)
		xs[i] = i, ys[i] = y[i];
	struct ls_chart_series s;
	ls_chart_series_init(&s);
	build(&s, 8, NULL);
	ls_sparkline_series(out, sizeof out, &s, 8, false);
	assert_string_equal(out, "▁▂▃▄▅▆▇█");
	ls_sparkline_series(out, sizeof out, &s, 4, true);
	assert_string_equal(out, "_-+#");
	ls_chart_series_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_straight_line),
		cmocka_unit_test(test_straight_line_ascii),
		cmocka_unit_test(test_flat_line),
		cmocka_unit_test(test_spike),
		cmocka_unit_test(test_outlier_cap),
		cmocka_unit_test(test_zoomed_range),
		cmocka_unit_test(test_zoom_between_points),
		cmocka_unit_test(test_tick_labels),
		cmocka_unit_test(test_tick_decimals),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_short_chart),
		cmocka_unit_test(test_fit_and_warmup),
		cmocka_unit_test(test_nan_fit_and_warmup),
		cmocka_unit_test(test_time_labels),
		cmocka_unit_test(test_time_labels_missing),
		cmocka_unit_test(test_valid_mask_skips_rows),
		cmocka_unit_test(test_invalid_rows_break_the_line),
		cmocka_unit_test(test_holes_break_the_line),
		cmocka_unit_test(test_range_queries_match_scan),
		cmocka_unit_test(test_rolling_mean),
		cmocka_unit_test(test_build_like_shares_points),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_zoom_helper),
		cmocka_unit_test(test_sparkline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
