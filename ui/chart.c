/* chart.c — line charts and sparklines into a grid of cells (see chart.h).
 *
 * The cost of a redraw must not depend on the series length: a 1M-point
 * timeline is drawn in a 200-column window by asking, for each of the 400
 * braille sub-columns, "min and max of y between these x", which the pyramid
 * answers in O(log n) (the bottom-up segment-tree walk over power-of-two
 * buckets). The only O(n) work happens once, in ls_chart_series_build(). */
#include "chart.h"
#include "stats.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- series ---------------------------------------------------------------- */

void ls_chart_series_init(struct ls_chart_series *s)
{
	memset(s, 0, sizeof *s);
}

void ls_chart_series_done(struct ls_chart_series *s)
{
	for (uint32_t k = 0; k < s->nlevels; k++) {
		free(s->lo[k]);
		free(s->hi[k]);
	}
	free(s->lo);
	free(s->hi);
	if (!s->xt_borrowed) {
		free(s->x);
		free(s->t);
	}
	free(s->y);
	free(s->err_x);
	free(s->det_x);
	free(s->breaks);
	ls_chart_series_init(s);
}

static double input_x(const struct ls_chart_input *in, uint32_t i)
{
	if (in->x_int)
		return (double)in->x_int[i];
	if (in->x_real)
		return in->x_real[i];
	return (double)i;
}

static bool input_valid(const struct ls_chart_input *in, uint32_t i)
{
	if (in->flags && ((in->flags[i] & in->valid_mask) != in->valid_mask || (in->flags[i] & in->invalid_mask)))
		return false;
	return isfinite(in->y[i]) && isfinite(input_x(in, i));
}

/* A row left out because it says it holds no reading (invalid_mask), not
 * merely one without the fields wanted: the data has a hole there. */
static bool input_hole(const struct ls_chart_input *in, uint32_t i)
{
	return in->flags && (in->flags[i] & in->invalid_mask) && isfinite(input_x(in, i));
}

/* Whether one of in's holes lies between x0 and x1 (x0 < x1); *h walks
 * them in order as the points do. */
static bool hole_between(const struct ls_chart_input *in, uint32_t *h, double x0, double x1)
{
	while (*h < in->nholes && (double)in->holes[2 * (size_t)*h] <= x0)
		(*h)++;
	return *h < in->nholes && (double)in->holes[2 * (size_t)*h + 1] < x1;
}

/* The points that follow a hole (see ls_chart_series.breaks). */
static void series_breaks(struct ls_chart_series *s, const struct ls_chart_input *in)
{
	size_t cap = 0;
	uint32_t j = 0, h = 0;
	bool hole = false;
	for (uint32_t i = 0; i < in->n; i++) {
		if (!input_valid(in, i)) {
			hole = hole || input_hole(in, i);
			continue;
		}
		if (j > 0 && in->holes && hole_between(in, &h, s->x[j - 1], s->x[j]))
			hole = true;
		if (hole && j > 0) {
			ls_grow(&s->breaks, &cap, s->nbreak + 1, sizeof *s->breaks);
			s->breaks[s->nbreak++] = j;
		}
		hole = false;
		j++;
	}
}

/* Does a hole lie just before point i? */
static bool break_before(const struct ls_chart_series *s, uint32_t i)
{
	uint32_t a = 0, b = s->nbreak;
	while (a < b) {
		uint32_t m = a + (b - a) / 2;
		if (s->breaks[m] < i)
			a = m + 1;
		else
			b = m;
	}
	return a < s->nbreak && s->breaks[a] == i;
}

static bool input_marked(const struct ls_chart_input *in, uint32_t i, uint16_t mask)
{
	return in->flags && mask && (in->flags[i] & mask) && isfinite(input_x(in, i));
}

/* Level k holds buckets of 2^(k+1) points; each level halves the one below
 * (the last bucket may be a single child). Stops at one bucket. */
static void series_build_pyramid(struct ls_chart_series *s)
{
	uint32_t below = s->n, levels = 0;
	for (uint32_t m = s->n; m > 1; m = (m + 1) / 2)
		levels++;
	s->nlevels = levels;
	if (levels == 0)
		return;
	s->lo = ls_xcalloc(levels, sizeof *s->lo);
	s->hi = ls_xcalloc(levels, sizeof *s->hi);
	const double *blo = s->y, *bhi = s->y;
	for (uint32_t k = 0; k < levels; k++) {
		uint32_t m = (below + 1) / 2;
		s->lo[k] = ls_xreallocarray(NULL, m, sizeof(double));
		s->hi[k] = ls_xreallocarray(NULL, m, sizeof(double));
		for (uint32_t i = 0; i < m; i++) {
			uint32_t a = 2 * i, b = 2 * i + 1;
			double lo = blo[a], hi = bhi[a];
			if (b < below) {
				lo = fmin(lo, blo[b]);
				hi = fmax(hi, bhi[b]);
			}
			s->lo[k][i] = lo;
			s->hi[k][i] = hi;
		}
		blo = s->lo[k];
		bhi = s->hi[k];
		below = m;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Marker positions: x of every row whose flags hit `mask`, sorted. */
static double *series_markers(const struct ls_chart_input *in, uint16_t mask, uint32_t *count)
{
	uint32_t c = 0;
	for (uint32_t i = 0; i < in->n; i++)
		c += input_marked(in, i, mask);
	*count = c;
	if (c == 0)
		return NULL;
	double *v = ls_xreallocarray(NULL, c, sizeof *v);
	bool sorted = true;
	c = 0;
	for (uint32_t i = 0; i < in->n; i++) {
		if (!input_marked(in, i, mask))
			continue;
		v[c] = input_x(in, i);
		if (c > 0 && v[c] < v[c - 1])
			sorted = false;
		c++;
	}
	if (!sorted)
		qsort(v, c, sizeof *v, cmp_double);
	return v;
}

static void series_bounds(struct ls_chart_series *s)
{
	s->xmin = s->n ? s->x[0] : 0;
	s->xmax = s->n ? s->x[s->n - 1] : 0;
	s->ymin = INFINITY;
	s->ymax = -INFINITY;
	for (uint32_t i = 0; i < s->n; i++) {
		s->ymin = fmin(s->ymin, s->y[i]);
		s->ymax = fmax(s->ymax, s->y[i]);
	}
	if (s->n == 0)
		s->ymin = s->ymax = 0;
}

/* Are in's valid points base's, x and t alike? */
static bool same_points(const struct ls_chart_input *in, uint32_t n, const struct ls_chart_series *base)
{
	if (!base || n != base->n || n == 0 || (in->t != NULL) != (base->t != NULL))
		return false;
	for (uint32_t i = 0, j = 0; i < in->n; i++) {
		if (!input_valid(in, i))
			continue;
		if (input_x(in, i) != base->x[j] || (in->t && in->t[i] != base->t[j]))
			return false;
		j++;
	}
	return true;
}

int ls_chart_series_build(struct ls_chart_series *s, const struct ls_chart_input *in)
{
	return ls_chart_series_build_like(s, in, NULL);
}

int ls_chart_series_build_like(struct ls_chart_series *s, const struct ls_chart_input *in,
	const struct ls_chart_series *base)
{
	ls_chart_series_done(s);
	if (!in || !in->y)
		return -1;
	uint32_t n = 0;
	for (uint32_t i = 0; i < in->n; i++)
		n += input_valid(in, i);
	bool share = same_points(in, n, base);
	if (n > 0) {
		s->y = ls_xreallocarray(NULL, n, sizeof(double));
		if (share) {
			s->x = base->x;
			s->t = base->t;
			s->xt_borrowed = true;
		} else {
			s->x = ls_xreallocarray(NULL, n, sizeof(double));
			if (in->t)
				s->t = ls_xreallocarray(NULL, n, sizeof(double));
		}
	}
	for (uint32_t i = 0, j = 0; i < in->n; i++) {
		if (!input_valid(in, i))
			continue;
		s->y[j] = in->y[i];
		if (!share) {
			s->x[j] = input_x(in, i);
			if (s->t)
				s->t[j] = in->t[i];
			if (j > 0 && s->x[j] < s->x[j - 1]) {
				ls_chart_series_done(s);
				return -1;   /* the binary searches need sorted x */
			}
		}
		j++;
	}
	s->n = n;
	s->x_integral = in->x_int != NULL || (!in->x_real);
	series_bounds(s);
	series_build_pyramid(s);
	s->err_x = series_markers(in, in->error_mask, &s->nerr);
	s->det_x = series_markers(in, in->detail_mask, &s->ndet);
	series_breaks(s, in);
	return 0;
}

int ls_chart_series_build_mean(struct ls_chart_series *dst, const struct ls_chart_series *src,
	uint32_t window)
{
	ls_chart_series_done(dst);
	if (window == 0 || !src)
		return -1;
	uint32_t n = src->n;
	if (n > 0) {
		dst->x = src->x;
		dst->t = src->t;
		dst->xt_borrowed = true;
		dst->y = ls_xreallocarray(NULL, n, sizeof(double));
	}
	/* Running sum, re-summed every window to keep rounding drift away;
	 * it starts again after each of src's holes (a mean across one would
	 * draw a ramp through what was never measured) */
	double sum = 0;
	uint32_t seg = 0, b = 0;   /* the current stretch's first point; the next break */
	for (uint32_t i = 0; i < n; i++) {
		if (b < src->nbreak && src->breaks[b] == i) {
			seg = i;
			sum = 0;
			b++;
		}
		sum += src->y[i];
		if (i >= seg + window)
			sum -= src->y[i - window];
		uint32_t from = i + 1 - seg > window ? i + 1 - window : seg;
		if (i % 4096 == 4095) {
			sum = 0;
			for (uint32_t k = from; k <= i; k++)
				sum += src->y[k];
		}
		dst->y[i] = sum / (i + 1 - from);
	}
	/* the mean has src's holes: nothing was measured there either */
	if (src->nbreak) {
		dst->breaks = ls_xreallocarray(NULL, src->nbreak, sizeof *dst->breaks);
		memcpy(dst->breaks, src->breaks, src->nbreak * sizeof *dst->breaks);
		dst->nbreak = src->nbreak;
	}
	dst->n = n;
	dst->x_integral = src->x_integral;
	series_bounds(dst);
	series_build_pyramid(dst);
	return 0;
}

/* First index with x[i] >= v. */
static uint32_t lower_bound(const double *x, uint32_t n, double v)
{
	uint32_t a = 0, b = n;
	while (a < b) {
		uint32_t m = a + (b - a) / 2;
		if (x[m] < v)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* First index with x[i] > v. */
static uint32_t upper_bound(const double *x, uint32_t n, double v)
{
	uint32_t a = 0, b = n;
	while (a < b) {
		uint32_t m = a + (b - a) / 2;
		if (x[m] <= v)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* Min and max of y over points [a, b): O(log n) bottom-up walk. */
static void series_query(const struct ls_chart_series *s, uint32_t a, uint32_t b,
	double *mn, double *mx)
{
	double lo = INFINITY, hi = -INFINITY;
	if (a < b) {
		if (a & 1) {
			lo = fmin(lo, s->y[a]);
			hi = fmax(hi, s->y[a]);
			a++;
		}
		if (b & 1) {
			b--;
			lo = fmin(lo, s->y[b]);
			hi = fmax(hi, s->y[b]);
		}
		a >>= 1;
		b >>= 1;
	}
	for (uint32_t k = 0; a < b && k < s->nlevels; k++) {
		if (a & 1) {
			lo = fmin(lo, s->lo[k][a]);
			hi = fmax(hi, s->hi[k][a]);
			a++;
		}
		if (b & 1) {
			b--;
			lo = fmin(lo, s->lo[k][b]);
			hi = fmax(hi, s->hi[k][b]);
		}
		a >>= 1;
		b >>= 1;
	}
	*mn = lo;
	*mx = hi;
}

bool ls_chart_series_range(const struct ls_chart_series *s, double x0, double x1,
	double *ymin, double *ymax)
{
	if (!s || s->n == 0 || x1 < x0)
		return false;
	uint32_t a = lower_bound(s->x, s->n, x0), b = upper_bound(s->x, s->n, x1);
	if (a >= b)
		return false;
	series_query(s, a, b, ymin, ymax);
	return true;
}

/* Points [*a, *b) with x0 <= x <= x1, or all when x0 >= x1. */
static void visible(const struct ls_chart_series *s, double x0, double x1, uint32_t *a, uint32_t *b)
{
	*a = 0;
	*b = s->n;
	if (x0 < x1) {
		*a = lower_bound(s->x, s->n, x0);
		*b = upper_bound(s->x, s->n, x1);
	}
}

uint32_t ls_chart_count_above(const struct ls_chart_series *s, double x0, double x1, double y)
{
	uint32_t a, b, n = 0;
	if (!s)
		return 0;
	visible(s, x0, x1, &a, &b);
	for (uint32_t i = a; i < b; i++)
		n += s->y[i] > y;
	return n;
}

double ls_chart_outlier_cap(const struct ls_chart_series *s, double x0, double x1, double *max)
{
	*max = NAN;
	if (!s || !s->n)
		return 0;
	uint32_t a, b;
	visible(s, x0, x1, &a, &b);
	if (b - a < LS_CHART_CAP_MIN_POINTS)
		return 0;
	double lo;
	series_query(s, a, b, &lo, max);
	/* the quartiles of evenly spaced points, at most LS_CHART_CAP_SAMPLE:
	 * an axis needs no more, and a key on a million points stays quick */
	size_t n = b - a, stride = (n + LS_CHART_CAP_SAMPLE - 1) / LS_CHART_CAP_SAMPLE;
	n = (n + stride - 1) / stride;
	double *v = ls_xreallocarray(NULL, n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = s->y[a + i * stride];
	double q3 = ls_stats_rank_inplace(v, n, 0.75), q1 = ls_stats_rank_inplace(v, n, 0.25);
	free(v);
	double fence = q3 + 3 * (q3 - q1);
	/* a value just past the fence is no reason to cut the axis */
	if (!(fence > lo) || !(*max > fence + (fence - lo) / 2))
		return 0;
	return fence;
}

/* ---- cells ---------------------------------------------------------------- */

static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

static void cell_set(struct ls_chart_grid *g, int row, int col, uint32_t cp, enum ls_chart_role role)
{
	if (row < 0 || row >= g->rows || col < 0 || col >= g->cols)
		return;
	struct ls_chart_cell *c = &g->cell[(size_t)row * (size_t)g->cols + (size_t)col];
	c->cp = cp;
	c->utf8[utf8_encode(cp, c->utf8)] = '\0';
	c->role = (uint8_t)role;
}

/* Write ASCII text at (row, col); characters outside the grid are dropped. */
static void cell_text(struct ls_chart_grid *g, int row, int col, const char *s, enum ls_chart_role role)
{
	for (; *s; s++, col++)
		cell_set(g, row, col, (unsigned char)*s, role);
}

void ls_chart_grid_init(struct ls_chart_grid *g)
{
	memset(g, 0, sizeof *g);
}

void ls_chart_grid_done(struct ls_chart_grid *g)
{
	free(g->cell);
	ls_chart_grid_init(g);
}

static void grid_clear(struct ls_chart_grid *g, int cols, int rows)
{
	size_t need = (size_t)(cols > 0 ? cols : 0) * (size_t)(rows > 0 ? rows : 0);
	if (need > g->cap) {
		g->cell = ls_xreallocarray(g->cell, need, sizeof *g->cell);
		g->cap = need;
	}
	g->cols = cols > 0 ? cols : 0;
	g->rows = rows > 0 ? rows : 0;
	for (int r = 0; r < g->rows; r++)
		for (int c = 0; c < g->cols; c++)
			cell_set(g, r, c, ' ', LS_CHART_EMPTY);
}

size_t ls_chart_grid_row(const struct ls_chart_grid *g, int row, char *out, size_t cap)
{
	size_t len = 0;
	if (cap == 0)
		return 0;
	if (row >= 0 && row < g->rows) {
		for (int c = 0; c < g->cols; c++) {
			const char *u = ls_chart_cell_at(g, row, c)->utf8;
			size_t k = strlen(u);
			if (len + k + 1 > cap)
				break;
			memcpy(out + len, u, k);
			len += k;
		}
	}
	out[len] = '\0';
	return len;
}

/* ---- axes and ticks ----------------------------------------------------- */

/* A "nice" number near x: 1, 2 or 5 times a power of ten (Heckbert). */
static double nice_num(double x, bool round)
{
	double e = floor(log10(x)), p = pow(10, e), f = x / p, nf;
	if (round)
		nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
	else
		nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	return nf * p;
}

static int step_decimals(double step)
{
	int d = (int)-floor(log10(step) + 1e-9);
	return d < 0 ? 0 : d > 6 ? 6 : d;
}

static void format_num(char *out, size_t cap, double v, int decimals, double step)
{
	if (fabs(v) < step * 1e-6)
		v = 0;   /* no "-0.0" */
	snprintf(out, cap, "%.*f", decimals, v);
}

/* Layout and scales shared by the drawing helpers of one render. */
struct frame {
	const struct ls_chart_opts *o;
	int hsub, vsub;        /* dots per cell: 2x4 braille, 1x3 ASCII */
	int S, V;              /* sub-columns and dot rows of the plot */
	double dx;             /* x per sub-column */
	double ystep;
	int ydec;
};

static int x_subcol(const struct ls_chart_grid *g, const struct frame *f, double x)
{
	double p = (x - g->x0) / (g->x1 - g->x0) * f->S;
	if (p < 0)
		return -1;
	int j = (int)floor(p);
	return j >= f->S ? (x <= g->x1 ? f->S - 1 : f->S) : j;
}

static int y_dot(const struct ls_chart_grid *g, const struct frame *f, double y)
{
	double p = (y - g->y0) / (g->y1 - g->y0) * (f->V - 1);
	long d = lround(p);
	return d < 0 ? 0 : d >= f->V ? f->V - 1 : (int)d;
}

static int dot_row(const struct ls_chart_grid *g, const struct frame *f, int dot)
{
	return g->plot_row + g->plot_h - 1 - dot / f->vsub;
}

/* The y tick step: a 1-2-5 step giving at most `maxint` intervals whose
 * round-off extension wastes the least height (ties: more ticks). Extending
 * the axis to round numbers must not squash a 47 MB curve into 0..60. */
static double y_step(double ymin, double ymax, int maxint)
{
	static const double mant[] = { 1, 2, 5 };
	double best = 0, best_cov = -1;
	int best_k = 0;
	double e0 = floor(log10(ymax - ymin)) - 2;
	for (int e = 0; e < 5; e++)
		for (int m = 0; m < 3; m++) {
			double step = mant[m] * pow(10, e0 + e);
			double lo = floor(ymin / step + 1e-9) * step, hi = ceil(ymax / step - 1e-9) * step;
			int k = (int)lround((hi - lo) / step);
			if (k < 1 || k > maxint)
				continue;
			double cov = (ymax - ymin) / (hi - lo);
			if (cov > best_cov + 1e-9 || (fabs(cov - best_cov) <= 1e-9 && k > best_k)) {
				best = step;
				best_cov = cov;
				best_k = k;
			}
		}
	return best > 0 ? best : nice_num(ymax - ymin, false);
}

/* The height at x of the line between the two points around it, when a
 * viewport edge falls between two points: the segment drawn from there
 * to the next point (a window between two requests has no point at all)
 * must fit in the plot, not be flattened against its frame. */
static bool series_line_at(const struct ls_chart_series *s, double x, double *y)
{
	if (!s || s->n < 2)
		return false;
	uint32_t a = lower_bound(s->x, s->n, x);
	if (a == 0 || a >= s->n || s->x[a] == x)
		return false;
	double xl = s->x[a - 1], xr = s->x[a];
	*y = s->y[a - 1] + (s->y[a] - s->y[a - 1]) * (x - xl) / (xr - xl);
	return isfinite(*y);
}

/* Data window: the viewport (or all x), y over the visible points of every
 * series and the lines crossing its edges, extended to multiples of a
 * round tick step. */
static void frame_ranges(struct ls_chart_grid *g, struct frame *f)
{
	const struct ls_chart_opts *o = f->o;
	double x0 = o->x0, x1 = o->x1, ymin = INFINITY, ymax = -INFINITY;
	if (!(x0 < x1)) {
		x0 = INFINITY;
		x1 = -INFINITY;
		for (int i = 0; i < o->nseries; i++) {
			const struct ls_chart_series *s = o->series[i];
			if (s && s->n) {
				x0 = fmin(x0, s->xmin);
				x1 = fmax(x1, s->xmax);
			}
		}
		if (x0 > x1)
			x0 = 0, x1 = 1;
		if (x0 == x1)
			x0 -= 0.5, x1 += 0.5;
	}
	for (int i = 0; i < o->nseries; i++) {
		double lo, hi;
		if (ls_chart_series_range(o->series[i], x0, x1, &lo, &hi)) {
			ymin = fmin(ymin, lo);
			ymax = fmax(ymax, hi);
		}
		double edge[2] = {x0, x1}, y;
		for (int k = 0; k < 2; k++)
			if (series_line_at(o->series[i], edge[k], &y)) {
				ymin = fmin(ymin, y);
				ymax = fmax(ymax, y);
			}
	}
	if (ymin > ymax)
		ymin = 0, ymax = 1;
	if (o->y_cap > 0 && o->y_cap > ymin && ymax > o->y_cap)
		ymax = o->y_cap;
	if (o->y_from_zero && ymin > 0)
		ymin = 0;
	bool flat = ymax - ymin <= fabs(ymax) * 1e-9;
	if (flat) {
		double d = fabs(ymax) * 0.05;
		if (d < 1e-9)
			d = 0.5;
		ymin -= d;
		ymax += d;
	}
	int plot_h = f->o->rows - 2 - (o->markers ? 1 : 0);
	/* at least two intervals: one would stretch a short chart to 0..500 */
	double step = y_step(ymin, ymax, plot_h / 2 < 2 ? 2 : plot_h / 2);
	g->y0 = floor(ymin / step + 1e-9) * step;
	g->y1 = ceil(ymax / step - 1e-9) * step;
	if (g->y1 <= g->y0)
		g->y1 = g->y0 + step;
	/* Ends on half steps when that gives the curve clearly more height
	 * (179.5..211.3 MB: 175..215, not 170..220); ticks stay on whole steps. */
	double h = step / 2, y0h = floor(ymin / h + 1e-9) * h, y1h = ceil(ymax / h - 1e-9) * h;
	if (!flat && y1h > y0h && (ymax - ymin) / (y1h - y0h) > (ymax - ymin) / (g->y1 - g->y0) + 0.05) {
		g->y0 = y0h;
		g->y1 = y1h;
	}
	g->x0 = x0;
	g->x1 = x1;
	f->ystep = step;
	f->ydec = step_decimals(step);
}

/* Ticks are the multiples of the step inside [y0, y1]: the first and how many. */
static double y_tick_first(const struct ls_chart_grid *g, const struct frame *f)
{
	return ceil(g->y0 / f->ystep - 1e-9) * f->ystep;
}

static int y_tick_count(const struct ls_chart_grid *g, const struct frame *f)
{
	return (int)floor((g->y1 - y_tick_first(g, f)) / f->ystep + 1e-9) + 1;
}

/* Width of the widest y label (and the unit): the plot starts after it. */
static int y_label_width(const struct ls_chart_grid *g, const struct frame *f)
{
	int w = f->o->y_unit ? (int)strlen(f->o->y_unit) : 0;
	char buf[64];
	for (int i = 0; i < y_tick_count(g, f); i++) {
		format_num(buf, sizeof buf, y_tick_first(g, f) + i * f->ystep, f->ydec, f->ystep);
		int l = (int)strlen(buf);
		w = l > w ? l : w;
	}
	return w;
}

static void draw_y_axis(struct ls_chart_grid *g, const struct frame *f)
{
	bool ascii = f->o->mode == LS_CHART_ASCII;
	int axc = g->plot_col - 1, lw = axc - 1;
	int lane = f->o->markers ? 1 : 0;
	for (int r = g->plot_row; r < g->plot_row + g->plot_h + lane; r++)
		cell_set(g, r, axc, ascii ? '|' : 0x2502, LS_CHART_AXIS);
	int last_row = -1;
	char buf[64];
	for (int i = y_tick_count(g, f) - 1; i >= 0; i--) {
		double v = y_tick_first(g, f) + i * f->ystep;
		int row = dot_row(g, f, y_dot(g, f, v));
		if (row == last_row)
			continue;   /* too many ticks for the height: keep the upper one */
		last_row = row;
		format_num(buf, sizeof buf, v, f->ydec, f->ystep);
		cell_text(g, row, lw - (int)strlen(buf), buf, LS_CHART_LABEL);
		cell_set(g, row, axc, ascii ? '+' : 0x2524, LS_CHART_AXIS);
	}
	int arow = g->plot_row + g->plot_h + lane;
	cell_set(g, arow, axc, ascii ? '+' : 0x2514, LS_CHART_AXIS);
	for (int c = g->plot_col; c < g->cols; c++)
		cell_set(g, arow, c, ascii ? '-' : 0x2500, LS_CHART_AXIS);
	if (f->o->y_unit)
		cell_text(g, arow, lw - (int)strlen(f->o->y_unit), f->o->y_unit, LS_CHART_LABEL);
}

/* Label of x value v: the number, or the time of series[0]'s nearest point. */
static void x_label(const struct ls_chart_grid *g, const struct frame *f, double v, double step,
	char *buf, size_t cap)
{
	const struct ls_chart_series *s = f->o->nseries > 0 ? f->o->series[0] : NULL;
	if (f->o->x_time && s && s->t && s->n) {
		uint32_t i = lower_bound(s->x, s->n, v);
		if (i == s->n || (i > 0 && v - s->x[i - 1] < s->x[i] - v))
			i = i == 0 ? 0 : i - 1;
		uint32_t a = lower_bound(s->x, s->n, g->x0), b = upper_bound(s->x, s->n, g->x1);
		double t0 = s->t[a < s->n ? a : s->n - 1], t1 = s->t[b > 0 ? b - 1 : 0];
		/* a record without a timestamp (read as 0) has no time to show:
		 * not 00:00:00, its number */
		if (!(s->t[i] > 0) || !isfinite(s->t[i])) {
			format_num(buf, cap, v, step_decimals(step), step);
			return;
		}
		time_t tt = (time_t)floor(s->t[i]);
		struct tm tm;
		localtime_r(&tt, &tm);
		strftime(buf, cap, fabs(t1 - t0) < 86400 ? "%H:%M:%S" : "%m-%d %H:%M", &tm);
		return;
	}
	format_num(buf, cap, v, step_decimals(step), step);
}

static void draw_x_axis(struct ls_chart_grid *g, const struct frame *f)
{
	bool ascii = f->o->mode == LS_CHART_ASCII;
	int arow = g->rows - 2, lrow = g->rows - 1;
	char buf[64];
	x_label(g, f, fabs(g->x0) > fabs(g->x1) ? g->x0 : g->x1, 1, buf, sizeof buf);
	int lw = (int)strlen(buf) + 3;
	int nt = g->plot_w / (lw + 3);
	nt = nt < 1 ? 1 : nt;
	const struct ls_chart_series *s0 = f->o->nseries > 0 ? f->o->series[0] : NULL;
	double step = nice_num((g->x1 - g->x0) / nt, true);
	if (s0 && s0->x_integral && step < 1)
		step = 1;
	int last_end = -1;   /* first free column after the previous label */
	double first = ceil(g->x0 / step - 1e-9);
	for (int i = 0;; i++) {
		double v = (first + i) * step;
		if (v > g->x1 + step * 1e-9)
			break;
		int col = g->plot_col + x_subcol(g, f, v) / f->hsub;
		x_label(g, f, v, step, buf, sizeof buf);
		int len = (int)strlen(buf), start = col - len / 2;
		if (start < 0)
			start = 0;
		if (start <= last_end || start + len > g->cols)
			continue;
		cell_text(g, lrow, start, buf, LS_CHART_LABEL);
		cell_set(g, arow, col, ascii ? '+' : 0x252C, LS_CHART_AXIS);
		last_end = start + len;
	}
	const char *u = f->o->x_unit;
	if (u && *u && g->cols - (int)strlen(u) > last_end)
		cell_text(g, lrow, g->cols - (int)strlen(u), u, LS_CHART_LABEL);
}

/* ---- plotting ----------------------------------------------------------- */

/* Per plot cell while drawing: dot bits and the role that owns the cell. */
struct canvas {
	uint8_t *bits;
	uint8_t *role;
};

static int role_prio(int role)
{
	switch (role) {
	case LS_CHART_SERIES1: return 5;
	case LS_CHART_SERIES2: return 4;
	case LS_CHART_SERIES3: return 3;
	case LS_CHART_FIT: return 2;
	default: return 0;
	}
}

static void canvas_dot(const struct ls_chart_grid *g, const struct frame *f, struct canvas *cv,
	int j, int dot, int role)
{
	int cr = g->plot_h - 1 - dot / f->vsub, cc = j / f->hsub;
	if (cr < 0 || cr >= g->plot_h || cc < 0 || cc >= g->plot_w)
		return;
	int sub = dot % f->vsub;   /* from the bottom of the cell */
	uint8_t bit;
	if (f->o->mode == LS_CHART_ASCII) {
		bit = (uint8_t)(1u << sub);
	} else {
		static const uint8_t braille[2][4] = { { 0x40, 0x04, 0x02, 0x01 }, { 0x80, 0x20, 0x10, 0x08 } };
		bit = braille[j % 2][sub];
	}
	size_t k = (size_t)cr * (size_t)g->plot_w + (size_t)cc;
	int have = cv->role[k];
	if (have == LS_CHART_EMPTY || role_prio(role) > role_prio(have)) {
		if (f->o->mode == LS_CHART_ASCII)
			cv->bits[k] = 0;   /* ASCII cannot mix: the higher role wins the cell */
		cv->role[k] = (uint8_t)role;
	} else if (role_prio(role) < role_prio(have) && f->o->mode == LS_CHART_ASCII) {
		return;
	}
	cv->bits[k] |= bit;
}

/* Dot range [lo, hi] of each sub-column before bridging; hi < lo: no data.
 * cut: a hole in the data lies between it and the sub-column before. */
struct span {
	int lo, hi;
	bool cut;
};

/* First index i >= from with x[i] >= v (or > v when `upper`), galloping
 * from `from`: O(log k) for an answer k places further, so walking the
 * sub-columns left to right costs O(log(points per column)) each. */
static uint32_t gallop(const double *x, uint32_t n, uint32_t from, double v, bool upper)
{
	uint32_t lo = from, step = 1, hi = from;
	while (hi < n && (upper ? x[hi] <= v : x[hi] < v)) {
		lo = hi + 1;
		hi = from + step;
		step *= 2;
	}
	if (hi > n)
		hi = n;
	while (lo < hi) {
		uint32_t m = lo + (hi - lo) / 2;
		if (upper ? x[m] <= v : x[m] < v)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}

static void series_spans(const struct ls_chart_grid *g, const struct frame *f,
	const struct ls_chart_series *s, struct span *sp)
{
	uint32_t b = s->n ? lower_bound(s->x, s->n, g->x0) : 0;
	for (int j = 0; j < f->S; j++) {
		sp[j].lo = 1;
		sp[j].hi = 0;
		sp[j].cut = false;
		if (s->n == 0)
			continue;
		/* this column starts where the previous one ended: same x0 + j * dx */
		double xa = g->x0 + j * f->dx, xb = g->x0 + (j + 1) * f->dx;
		uint32_t a = b;
		b = j == f->S - 1 ? gallop(s->x, s->n, a, g->x1, true) : gallop(s->x, s->n, a, xb, false);
		/* its first point, or the one it would be interpolated towards,
		 * comes after a hole: nothing joins it to the points before */
		sp[j].cut = a > 0 && a < s->n && break_before(s, a);
		if (a < b) {
			double mn, mx;
			series_query(s, a, b, &mn, &mx);
			sp[j].lo = y_dot(g, f, mn);
			sp[j].hi = y_dot(g, f, mx);
		} else if (a > 0 && a < s->n && !sp[j].cut) {
			/* no point here: the line between its neighbours passes through */
			double xc = xa + f->dx / 2, xl = s->x[a - 1], xr = s->x[a];
			double y = s->y[a - 1] + (s->y[a] - s->y[a - 1]) * (xc - xl) / (xr - xl);
			sp[j].lo = sp[j].hi = y_dot(g, f, y);
		}
	}
}

/* Join neighbouring sub-columns: each covers half of the vertical gap. */
static void spans_bridge(struct span *sp, int S)
{
	int plo = 0, phi = -1;   /* previous span as computed, before extension */
	for (int j = 0; j < S; j++) {
		struct span cur = sp[j];
		if (cur.hi >= cur.lo && phi >= plo && j > 0 && !cur.cut) {
			if (cur.lo > phi + 1) {
				int mid = (phi + cur.lo) / 2;
				if (sp[j - 1].hi < mid)
					sp[j - 1].hi = mid;
				sp[j].lo = mid + 1 < sp[j].lo ? mid + 1 : sp[j].lo;
			} else if (cur.hi < plo - 1) {
				int mid = (plo + cur.hi + 1) / 2;
				if (sp[j - 1].lo > mid)
					sp[j - 1].lo = mid;
				sp[j].hi = mid - 1 > sp[j].hi ? mid - 1 : sp[j].hi;
			}
		}
		plo = cur.lo;
		phi = cur.hi;
	}
}

static void draw_series(const struct ls_chart_grid *g, const struct frame *f, struct canvas *cv,
	const struct ls_chart_series *s, int role, struct span *sp)
{
	series_spans(g, f, s, sp);
	spans_bridge(sp, f->S);
	for (int j = 0; j < f->S; j++)
		for (int d = sp[j].lo; d <= sp[j].hi; d++)
			canvas_dot(g, f, cv, j, d, role);
}

static void draw_fit(const struct ls_chart_grid *g, const struct frame *f, struct canvas *cv)
{
	const struct ls_chart_opts *o = f->o;
	for (int j = 0; j < f->S; j += 2) {   /* every other sub-column: dotted */
		double xc = g->x0 + (j + 0.5) * f->dx;
		if (xc < o->fit_x0 || xc > o->fit_x1)
			continue;
		double y = o->fit_a + o->fit_b * (xc - o->fit_x0);
		if (!(y >= g->y0 && y <= g->y1))
			continue;   /* clipped (or NaN: a failed fit), never drawn on the frame */
		canvas_dot(g, f, cv, j, y_dot(g, f, y), LS_CHART_FIT);
	}
}

static uint32_t ascii_glyph(int role, uint8_t bits)
{
	switch (role) {
	case LS_CHART_SERIES1: {
		/* full height: a steep stroke; otherwise the middle of what is covered */
		if ((bits & 7) == 7)
			return '|';
		int lo = bits & 1 ? 0 : bits & 2 ? 1 : 2, hi = bits & 4 ? 2 : bits & 2 ? 1 : 0;
		int mid = (lo + hi + 1) / 2;
		return mid == 0 ? '_' : mid == 1 ? '-' : '\'';
	}
	case LS_CHART_SERIES2: return '.';
	case LS_CHART_SERIES3: return '+';
	case LS_CHART_FIT: return '~';
	default: return ' ';
	}
}

static void canvas_paint(struct ls_chart_grid *g, const struct frame *f, const struct canvas *cv)
{
	for (int r = 0; r < g->plot_h; r++)
		for (int c = 0; c < g->plot_w; c++) {
			size_t k = (size_t)r * (size_t)g->plot_w + (size_t)c;
			if (cv->role[k] == LS_CHART_EMPTY)
				continue;
			uint32_t cp = f->o->mode == LS_CHART_ASCII ? ascii_glyph(cv->role[k], cv->bits[k])
				: 0x2800u + cv->bits[k];
			cell_set(g, g->plot_row + r, g->plot_col + c, cp, cv->role[k]);
		}
}

static void draw_warmup(struct ls_chart_grid *g, const struct frame *f)
{
	const struct ls_chart_opts *o = f->o;
	if (!o->has_warmup || !(o->warmup_x >= g->x0 && o->warmup_x <= g->x1))
		return;   /* outside the view, or NaN */
	int col = g->plot_col + x_subcol(g, f, o->warmup_x) / f->hsub;
	for (int r = g->plot_row; r < g->plot_row + g->plot_h; r++)
		if (ls_chart_cell_at(g, r, col)->role == LS_CHART_EMPTY)
			cell_set(g, r, col, o->mode == LS_CHART_ASCII ? ':' : 0x250A, LS_CHART_WARMUP);
}

/* Any of the sorted positions v[0..n) inside [a, b) (or [a, b] when last)? */
static bool any_in(const double *v, uint32_t n, double a, double b, bool last)
{
	uint32_t i = lower_bound(v, n, a);
	return i < n && (v[i] < b || (last && v[i] <= b));
}

static void draw_markers(struct ls_chart_grid *g, const struct frame *f)
{
	const struct ls_chart_series *s = f->o->nseries > 0 ? f->o->series[0] : NULL;
	if (!f->o->markers || !s)
		return;
	int row = g->plot_row + g->plot_h;
	double cw = f->dx * f->hsub;
	for (int c = 0; c < g->plot_w; c++) {
		double a = g->x0 + c * cw, b = a + cw;
		bool last = c == g->plot_w - 1;
		if (any_in(s->err_x, s->nerr, a, last ? g->x1 : b, last))
			cell_set(g, row, g->plot_col + c, 'x', LS_CHART_ERROR);
		else if (any_in(s->det_x, s->ndet, a, last ? g->x1 : b, last))
			cell_set(g, row, g->plot_col + c, f->o->mode == LS_CHART_ASCII ? 'o' : 0x2022,
				LS_CHART_DETAIL);
	}
}

int ls_chart_render(struct ls_chart_grid *g, const struct ls_chart_opts *o)
{
	grid_clear(g, o->cols, o->rows);
	if (o->cols < LS_CHART_MIN_COLS || o->rows < LS_CHART_MIN_ROWS || o->nseries < 0
		|| o->nseries > LS_CHART_MAX_SERIES)
		return -1;
	struct frame f = { .o = o };
	bool ascii = o->mode == LS_CHART_ASCII;
	f.hsub = ascii ? 1 : 2;
	f.vsub = ascii ? 3 : 4;
	g->plot_row = 0;
	g->plot_h = o->rows - 2 - (o->markers ? 1 : 0);
	frame_ranges(g, &f);
	f.V = g->plot_h * f.vsub;
	g->plot_col = y_label_width(g, &f) + 2;
	g->plot_w = o->cols - g->plot_col;
	if (g->plot_w < 4) {
		grid_clear(g, o->cols, o->rows);
		return -1;
	}
	f.S = g->plot_w * f.hsub;
	f.dx = (g->x1 - g->x0) / f.S;

	size_t ncell = (size_t)g->plot_w * (size_t)g->plot_h;
	struct canvas cv = { ls_xcalloc(ncell, 1), ls_xcalloc(ncell, 1) };
	struct span *sp = ls_xreallocarray(NULL, (size_t)f.S, sizeof *sp);
	/* lowest priority first so that ASCII cells end with the top role */
	if (o->has_fit)
		draw_fit(g, &f, &cv);
	for (int i = o->nseries - 1; i >= 0; i--) {
		if (!o->series[i])
			continue;
		int role = o->role[i] ? (int)o->role[i] : i == 0 ? LS_CHART_SERIES1 : LS_CHART_SERIES2;
		draw_series(g, &f, &cv, o->series[i], role, sp);
	}
	canvas_paint(g, &f, &cv);
	free(sp);
	free(cv.bits);
	free(cv.role);
	draw_warmup(g, &f);
	draw_y_axis(g, &f);
	draw_markers(g, &f);
	draw_x_axis(g, &f);
	return 0;
}

double ls_chart_col_to_x(const struct ls_chart_grid *g, int col)
{
	if (g->plot_w <= 0)
		return g->x0;
	int c = col - g->plot_col;
	c = c < 0 ? 0 : c >= g->plot_w ? g->plot_w - 1 : c;
	return g->x0 + (c + 0.5) * (g->x1 - g->x0) / g->plot_w;
}

void ls_chart_zoom(double *x0, double *x1, double center, double factor,
	double lo, double hi, double min_span)
{
	double span = *x1 - *x0;
	if (!(span > 0) || !(factor > 0))
		return;
	double ns = span * factor;
	if (ns < min_span)
		ns = min_span;
	if (ns > hi - lo)
		ns = hi - lo;
	if (!(center >= *x0 && center <= *x1))
		center = (*x0 + *x1) / 2;   /* outside, or NaN */
	double a = center - (center - *x0) * (ns / span);
	if (a < lo)
		a = lo;
	if (a + ns > hi)
		a = hi - ns;
	*x0 = a;
	*x1 = a + ns;
}

/* ---- sparklines ------------------------------------------------------------ */

static size_t spark_emit(char *out, size_t cap, const double *v, int cells, bool ascii)
{
	static const char ascii_lv[] = "_.-:=+*#";
	double mn = INFINITY, mx = -INFINITY;
	for (int i = 0; i < cells; i++)
		if (!isnan(v[i])) {
			mn = fmin(mn, v[i]);
			mx = fmax(mx, v[i]);
		}
	size_t len = 0;
	for (int i = 0; i < cells; i++) {
		char buf[4];
		size_t k;
		if (isnan(v[i])) {
			buf[0] = ' ';
			k = 1;
		} else {
			int lv = mx > mn ? (int)lround((v[i] - mn) / (mx - mn) * 7) : 0;
			if (ascii) {
				buf[0] = ascii_lv[lv];
				k = 1;
			} else {
				k = utf8_encode(0x2581u + (uint32_t)lv, buf);
			}
		}
		if (len + k + 1 > cap) {
			if (cap)
				out[0] = '\0';
			return 0;
		}
		memcpy(out + len, buf, k);
		len += k;
	}
	if (cap)
		out[len] = '\0';
	return len;
}

size_t ls_sparkline(char *out, size_t cap, const double *y, size_t n, int width, bool ascii)
{
	if (cap)
		out[0] = '\0';
	if (n == 0 || width <= 0 || !y)
		return 0;
	int cells = n < (size_t)width ? (int)n : width;
	double *v = ls_xreallocarray(NULL, (size_t)cells, sizeof *v);
	/* bucket means as offsets from one shared value: a site of one size
	 * throughout then gets exactly that size in every bucket, where plain
	 * sums of 3 and of 4 samples differ in the last bit and the scale
	 * (spark_emit) stretches that into full-height bars */
	double ref = NAN;
	for (size_t k = 0; k < n && isnan(ref); k++)
		ref = y[k];
	for (int i = 0; i < cells; i++) {
		size_t a = n * (size_t)i / (size_t)cells, b = n * (size_t)(i + 1) / (size_t)cells;
		double sum = 0;
		size_t c = 0;
		for (size_t k = a; k < b; k++)
			if (!isnan(y[k])) {
				sum += y[k] - ref;
				c++;
			}
		v[i] = c ? ref + sum / (double)c : NAN;
	}
	size_t len = spark_emit(out, cap, v, cells, ascii);
	free(v);
	return len;
}

size_t ls_sparkline_series(char *out, size_t cap, const struct ls_chart_series *s, int width, bool ascii)
{
	if (cap)
		out[0] = '\0';
	if (!s || s->n == 0 || width <= 0)
		return 0;
	int cells = s->n < (uint32_t)width ? (int)s->n : width;
	double *v = ls_xreallocarray(NULL, (size_t)cells, sizeof *v);
	for (int i = 0; i < cells; i++) {
		uint32_t a = (uint32_t)((uint64_t)s->n * (uint64_t)i / (uint64_t)cells);
		uint32_t b = (uint32_t)((uint64_t)s->n * (uint64_t)(i + 1) / (uint64_t)cells);
		double mn, mx;
		series_query(s, a, b, &mn, &mx);
		v[i] = (mn + mx) / 2;
	}
	size_t len = spark_emit(out, cap, v, cells, ascii);
	free(v);
	return len;
}
