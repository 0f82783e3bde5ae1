/* chart.h — line charts and sparklines rendered into a grid of cells, with no curses.
 *
 * Owner: the "chart" engineer (ui/chart.c, ui/chart.h, tests/test_chart.c).
 * The views (owned by the "ui" engineer) call it and paint the cells; nothing
 * here includes curses, so the exact output is unit-tested with cmocka.
 *
 * How it is used:
 *   1. Once per data change (endpoint opened, reload), build one
 *      struct ls_chart_series per curve from model columns with
 *      ls_chart_series_build(). This copies the valid points and precomputes a
 *      pyramid of min/max at power-of-two bucket sizes: O(n) time and memory.
 *   2. On every redraw, fill a struct ls_chart_opts (size, mode, viewport,
 *      series, markers, fit line, warm-up line) and call ls_chart_render().
 *      Rendering costs O(width * log n) whatever the series length or zoom:
 *      each sub-column asks the pyramid for its min/max, never the raw points.
 *   3. Paint grid->cell[row * grid->cols + col]: a code point / UTF-8 string and
 *      a role (enum ls_chart_role) to pick the colour. Axis, tick labels and
 *      units are in the grid too; the caller draws the legend/title itself.
 *
 * Ownership: a series owns copies of its points (the model may be reloaded
 * under it); a grid owns its cells. Options only borrow series pointers.
 * All functions return 0 on success and -1 on bad input (documented per call).
 */
#ifndef LS_CHART_H
#define LS_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

enum ls_chart_mode {
	LS_CHART_BRAILLE = 0,  /* U+2800 block: 2 x 4 dots per cell, box-drawing axes */
	LS_CHART_ASCII = 1,    /* 7-bit only: '_' '-' '\'' '|' per cell, '+' '-' '|' axes */
};

/* What a cell shows; the UI maps each role to a colour (monochrome: all plain). */
enum ls_chart_role {
	LS_CHART_EMPTY = 0,    /* background, a space */
	LS_CHART_AXIS,         /* axis lines and tick marks */
	LS_CHART_LABEL,        /* tick labels and unit names */
	LS_CHART_SERIES1,      /* the main curve (current_mb, or latency) */
	LS_CHART_SERIES2,      /* secondary curve (rolling mean, peak_mb) */
	LS_CHART_SERIES3,      /* a third curve if wanted */
	LS_CHART_ERROR,        /* marker lane: a request in this column had an error */
	LS_CHART_DETAIL,       /* marker lane: a detailed snapshot in this column */
	LS_CHART_FIT,          /* fitted line (dotted) */
	LS_CHART_WARMUP,       /* vertical line at the end of the warm-up */
	LS_CHART_NROLES
};

/* ---- series: points + min/max pyramid ------------------------------------ */

/* Where the points come from. Arrays are parallel, n rows, and only read
 * during ls_chart_series_build(). x must be non-decreasing over the rows that
 * are used (request numbers in model order are). */
struct ls_chart_input {
	uint32_t n;
	const int64_t *x_int;     /* x as integers (request numbers), or */
	const double *x_real;     /* x as reals; both NULL: x = row index */
	const double *y;          /* required; NaN/inf rows are skipped */
	const double *t;          /* optional Unix seconds per row, for time labels */
	const uint16_t *flags;    /* optional per-row flag bits (e.g. enum ls_req_flag) */
	uint16_t valid_mask;      /* row is plotted only if (flags & valid_mask) == valid_mask */
	uint16_t invalid_mask;    /* ... and (flags & invalid_mask) == 0; such rows are a
	                           * hole in the data: the line breaks there (rows
	                           * missing valid_mask bits are only skipped) */
	const int64_t *holes;     /* optional pairs (first, last x), ascending, of runs with
	                           * no row at all where rows were due (the profiler was
	                           * off): the line breaks across them too */
	uint32_t nholes;
	uint16_t error_mask;      /* rows with (flags & error_mask) != 0 get an error marker */
	uint16_t detail_mask;     /* rows with (flags & detail_mask) != 0 get a snapshot marker */
};

struct ls_chart_series {
	uint32_t n;               /* valid points */
	double *x, *y, *t;        /* compacted copies (t NULL without times) */
	bool xt_borrowed;         /* x and t belong to another series (build_mean,
	                           * build_like): that one must outlive this one */
	uint32_t nlevels;         /* pyramid levels above the points */
	double **lo, **hi;        /* lo[k][i] = min of y over bucket i of size 2^(k+1) */
	double xmin, xmax, ymin, ymax;
	bool x_integral;          /* x came from integers: x ticks never below 1 apart */
	uint32_t nerr, ndet;      /* marker positions (x of marked rows, sorted) */
	double *err_x, *det_x;
	uint32_t nbreak;          /* points i (sorted) with rows left out by invalid_mask,
	                           * or a hole, between point i - 1 and i: no line is
	                           * drawn across */
	uint32_t *breaks;
};

/* Build (or rebuild: s may hold an older series) from in. -1 when in->y is NULL
 * or x decreases; s is then an empty series. An input without valid points
 * gives an empty series (n == 0), which renders as an empty plot. */
int ls_chart_series_build(struct ls_chart_series *s, const struct ls_chart_input *in);
/* The same, sharing base's x and t when in's valid points are exactly
 * base's (another column of the same rows: peak, latency), which saves 16
 * bytes per point; base must then outlive s (rebuild them together). */
int ls_chart_series_build_like(struct ls_chart_series *s, const struct ls_chart_input *in,
	const struct ls_chart_series *base);
/* A trailing rolling mean of src over `window` points (window >= 1): point i
 * is the mean of src points max(0, i-window+1) .. i, at src's x (shared:
 * src must outlive dst). Markers are not copied. -1 when window is 0. */
int ls_chart_series_build_mean(struct ls_chart_series *dst, const struct ls_chart_series *src,
	uint32_t window);
void ls_chart_series_init(struct ls_chart_series *s);   /* empty series */
void ls_chart_series_done(struct ls_chart_series *s);
/* A y ceiling that keeps a few far-out points from flattening the rest
 * (latency: one 30 s timeout among 100 ms requests): Tukey's far-out fence,
 * Q3 + 3 IQR, of the points with x0 <= x <= x1 (all when x0 >= x1), when
 * the largest is more than half as far again above it; 0 when every point
 * fits, or there are under 20. *max: the largest. The quartiles come from
 * evenly spaced points (LS_CHART_CAP_SAMPLE). */
#define LS_CHART_CAP_MIN_POINTS 20
#define LS_CHART_CAP_SAMPLE 4096  /* quartiles from at most this many points */
double ls_chart_outlier_cap(const struct ls_chart_series *s, double x0, double x1, double *max);
/* How many points with x0 <= x <= x1 (all when x0 >= x1) are above y: those
 * a capped axis (ls_chart_grid.y1) draws on its top line. O(n). */
uint32_t ls_chart_count_above(const struct ls_chart_series *s, double x0, double x1, double y);
/* Min and max of y over points with x0 <= x <= x1, O(log n). false when none. */
bool ls_chart_series_range(const struct ls_chart_series *s, double x0, double x1,
	double *ymin, double *ymax);

/* ---- rendering ------------------------------------------------------------ */

#define LS_CHART_MAX_SERIES 4

struct ls_chart_opts {
	int cols, rows;           /* size of the whole chart, axes and labels included */
	enum ls_chart_mode mode;
	/* Visible x range; x0 >= x1 means "all data of every series". */
	double x0, x1;
	const struct ls_chart_series *series[LS_CHART_MAX_SERIES];
	enum ls_chart_role role[LS_CHART_MAX_SERIES]; /* 0 = SERIES1 for [0], SERIES2 after */
	int nseries;              /* series[0] drawn on top; it also gives markers and times */
	const char *y_unit;       /* e.g. "MB" (NULL: none), drawn under the y labels */
	const char *x_unit;       /* e.g. "req" (NULL: none), drawn right of the x labels */
	bool y_from_zero;         /* y axis starts at 0 instead of near the data */
	bool x_time;              /* x labels show series[0]'s time of the nearest point */
	bool markers;             /* reserve a marker lane above the x axis */
	bool has_fit;             /* dotted line y = fit_a + fit_b * (x - fit_x0) over [fit_x0, fit_x1] */
	double fit_a, fit_b, fit_x0, fit_x1;
	bool has_warmup;          /* vertical line at x = warmup_x */
	double warmup_x;
	double y_cap;             /* > 0: the y axis ends there at most; points above
	                           * are drawn on the top row (ls_chart_outlier_cap) */
};

struct ls_chart_cell {
	uint32_t cp;              /* Unicode code point (ASCII in ASCII mode) */
	char utf8[5];             /* the same, UTF-8, NUL-terminated */
	uint8_t role;             /* enum ls_chart_role */
};

struct ls_chart_grid {
	int cols, rows;
	struct ls_chart_cell *cell;   /* rows * cols, row-major */
	size_t cap;
	/* The plot area inside the grid (where curves are drawn). */
	int plot_col, plot_row, plot_w, plot_h;
	/* The data window actually shown (y extended to round ticks). */
	double x0, x1, y0, y1;
};

/* Smallest size the renderer accepts; below it ls_chart_render() returns -1
 * and the caller should show a "too small" note instead. */
#define LS_CHART_MIN_COLS 16
#define LS_CHART_MIN_ROWS 5

void ls_chart_grid_init(struct ls_chart_grid *g);
void ls_chart_grid_done(struct ls_chart_grid *g);
/* Render. -1 when the size is below the minimum or nseries is out of range;
 * the grid then holds only spaces. */
int ls_chart_render(struct ls_chart_grid *g, const struct ls_chart_opts *o);
static inline const struct ls_chart_cell *ls_chart_cell_at(const struct ls_chart_grid *g, int row, int col)
{
	return &g->cell[(size_t)row * (size_t)g->cols + (size_t)col];
}
/* Row `row` as one UTF-8 string (trailing spaces kept). Returns the length,
 * truncated to cap - 1 bytes. For tests and text exports. */
size_t ls_chart_grid_row(const struct ls_chart_grid *g, int row, char *out, size_t cap);
/* x at the middle of grid column `col` (clamped to the plot), for zooming
 * around a cursor or a mouse click. */
double ls_chart_col_to_x(const struct ls_chart_grid *g, int col);
/* Zoom [*x0, *x1] by `factor` (< 1 zooms in, > 1 out) around `center`,
 * clamped to [lo, hi]; never narrower than `min_span`. */
void ls_chart_zoom(double *x0, double *x1, double center, double factor,
	double lo, double hi, double min_span);

/* ---- sparklines ----------------------------------------------------------- */

/* Sparkline of y[0..n) in at most `width` cells ("▁▂▃▄▅▆▇█", or ASCII
 * "_.-:=+*#"), each cell the mean of its bucket, scaled min..max (all the same:
 * lowest level). NaN values are skipped. Writes a NUL-terminated string into
 * out and returns its length in bytes (0 when n == 0 or it does not fit).
 * O(n): compute once per data change and cache it. */
size_t ls_sparkline(char *out, size_t cap, const double *y, size_t n, int width, bool ascii);
/* Same from a built series, O(width * log n): each cell is the middle of its
 * bucket's min and max. */
size_t ls_sparkline_series(char *out, size_t cap, const struct ls_chart_series *s, int width, bool ascii);

#endif
