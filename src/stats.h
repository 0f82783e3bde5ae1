/* stats.h — numeric kernels on plain double arrays: descriptive statistics,
 * Student t and normal distributions, simple and multiple least squares,
 * Theil–Sen, Mann–Kendall and a two-segment change-point fit.
 *
 * Everything here is pure: no model, no allocation visible to the caller
 * except the result arrays of ls_mls (freed by ls_mls_done). Distribution
 * functions are computed (regularized incomplete beta by Lentz's continued
 * fraction, lgamma); there are no lookup tables. Functions that can fail
 * return 0 on success and -1 when the input cannot support the statistic
 * (too few points, no variance in x); results are then filled with NAN. */
#ifndef LS_STATS_H
#define LS_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* ---- descriptive ---- */
double ls_stats_mean(const double *x, size_t n);          /* NAN when n == 0 */
double ls_stats_stdev(const double *x, size_t n);         /* sample (n - 1); NAN when n < 2 */
/* Coefficient of variation in percent: stdev / |mean| * 100; NAN when the mean is 0. */
double ls_stats_cv(const double *x, size_t n);
/* How far a level moved from `from` to `to`, each given nearest first (the
 * values closest to the point where the level is read): the difference of
 * the means of the first few of each, plus z standard errors. Over 3, 5,
 * 10 and 20 values a side (as many as both have), the most cautious: the
 * largest for z > 0, the smallest for z <= 0 (few values catch a step just
 * before the point, many average the noise out). NAN with fewer than 3 a
 * side. */
#define LS_LEVEL_SIDE_MAX 20
double ls_stats_level_change(const double *from, size_t nfrom, const double *to, size_t nto, double z);
/* Median (copies; x is not modified). NAN when n == 0. */
double ls_stats_median(const double *x, size_t n);
/* The same without the copy: reorders v. O(n) expected. */
double ls_stats_median_inplace(double *v, size_t n);
/* The value of rank floor(q * (n - 1)) in ascending order, 0 <= q <= 1
 * (no interpolation): reorders v. O(n) expected; NAN when n == 0. */
double ls_stats_rank_inplace(double *v, size_t n, double q);
/* Mean of v without its `trim` share at each end (trim < 0.5), and in *se
 * its standard error from the winsorized variance (Tukey-McLaughlin).
 * Sorts v. NAN when n < 2 or nothing is left. */
double ls_stats_trimmed_mean(double *v, size_t n, double trim, double *se);
/* Holm's step-down adjustment of m p-values (NaN: not a test, adjusted to
 * 1, but still counted in m): adj[i] = min(1, max over p_j <= p_i of
 * (m - r_j) p_j), r_j = how many are smaller than p_j. O(m log m). */
void ls_stats_holm(const double *p, uint32_t m, double *adj);
/* Lag-1 autocorrelation of x around its mean; 0 when undefined. */
double ls_stats_acf1(const double *x, size_t n);
/* Autocorrelation at any lag (0 when undefined). */
double ls_stats_acf(const double *x, size_t n, size_t lag);
/* Variogram: mean of (x[t] - x[t-lag])^2; NAN when lag >= n. Grows linearly
 * with the lag for a random walk, levels off for a stationary series. */
double ls_stats_variogram(const double *x, size_t n, size_t lag);
/* The random walk in x against its level noise, q = tau^2 / sigma^2 of the
 * local-level model (x_t = mu_t + e_t, mu_t = mu_t-1 + eta_t), read off
 * the periodogram of the levels at the m lowest Fourier frequencies, where
 * a walk shows most (there its periodogram expects sigma^2 + tau^2 / (1 -
 * cos w)), by Whittle scoring; sigma^2 from the lag-1 variogram. 0 where
 * no walk shows, or m < 2 or n < 4 m; INFINITY where only the walk does. */
double ls_stats_walk_ratio(const double *x, size_t n, size_t m);
/* Long-run variance factor of a series: 1 + 2 sum_{l=1..B} (1 - l/(B+1)) rho(l)
 * (Bartlett weights), at least 1: how much an average over the series is less
 * informative than over independent points. rho is computed exactly for the
 * first 32 lags and on a geometric grid beyond (interpolated), so the cost is
 * O(n (32 + log B)) for any bandwidth B. */
double ls_stats_lrv_factor(const double *x, size_t n, size_t bandwidth);

/* ---- distributions ---- */
/* Regularized incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1. */
double ls_stats_betainc(double a, double b, double x);
/* Student t with df > 0 degrees of freedom (df may be fractional or huge). */
double ls_stats_t_cdf(double t, double df);
/* Two-sided p-value P(|T| >= |t|). Computed without cancellation, so values
 * down to ~1e-300 are meaningful. */
double ls_stats_t_p2(double t, double df);
/* Quantile: the t with ls_stats_t_cdf(t, df) == p, 0 < p < 1. */
double ls_stats_t_inv(double p, double df);
double ls_stats_norm_cdf(double z);
double ls_stats_norm_p2(double z);  /* two-sided P(|Z| >= |z|) */

/* ---- simple least squares y = intercept + slope * x ---- */
struct ls_ols {
	size_t n;
	double slope, intercept;
	double slope_se, intercept_se;
	double ci95[2];      /* 95 % confidence interval of the slope (Student t, n - 2 df) */
	double t, p_value;   /* t statistic of the slope and its two-sided p-value */
	double r2;
	double resid_sd;     /* sqrt(RSS / (n - 2)) */
	double df;           /* n - 2 */
	double xmean, ymean;
};
/* x need not be sorted. Centered two-pass sums: exact on exact lines even
 * when x is a large request number. With an exact fit the standard error is 0
 * and the p-value 0. */
int ls_stats_ols(const double *x, const double *y, size_t n, struct ls_ols *out);
/* Recompute se, t, p and CI after inflating the slope's variance by `factor`
 * (>= 1) with `df` degrees of freedom; used for autocorrelation corrections. */
void ls_ols_adjust(struct ls_ols *o, double factor, double df);

/* ---- multiple least squares ----
 * Normal equations accumulated row by row (no n x k matrix in memory, so a
 * million-row timeline costs k*k doubles), optionally around a center given
 * up front (pass column means from a first pass for numerical safety).
 * Solved by a pivoted Cholesky on the correlation-scaled matrix: a column that
 * is (nearly) a linear combination of earlier columns is marked aliased and
 * left out (coefficient 0, standard error NAN) instead of blowing up.
 * Column order matters: put the columns you most want to keep first. */
struct ls_mls_acc {
	uint32_t k;          /* regressors (not counting the intercept) */
	bool intercept;
	uint64_t n;
	double *center;      /* k + 1 values: column centers, then y's */
	double *xtx;         /* (k+1) x (k+1): column 0 is the intercept */
	double *xty;         /* k + 1 */
	double yty;
};
void ls_mls_init(struct ls_mls_acc *a, uint32_t k, bool intercept);
/* Optional, before the first add: shift every row by these centers. */
void ls_mls_set_center(struct ls_mls_acc *a, const double *xcenter, double ycenter);
void ls_mls_add(struct ls_mls_acc *a, const double *x, double y);
/* The same for n dense rows at once (X: n rows of k values, row-major):
 * each cross product is then one short dot product instead of n
 * read-modify-writes of the whole matrix, several times faster for the
 * long dense rows of the attribution fits. Same sums up to rounding. */
void ls_mls_add_rows(struct ls_mls_acc *a, const double *X, const double *y, size_t n);
void ls_mls_done_acc(struct ls_mls_acc *a);

struct ls_mls {
	uint32_t k;
	uint64_t n;
	double df;           /* n - rank */
	uint32_t rank;       /* used columns including the intercept */
	double *beta, *se, *t, *p;  /* k each */
	bool *aliased;       /* k: left out as collinear (or all-zero) */
	double *cov;         /* k x k covariance of beta (0 rows/cols for aliased) */
	double intercept, intercept_se;
	double rss, sigma, r2;
};
/* The accumulator of the regressors x' = x T (T: k x k2, row-major), made
 * without another pass over the data: X'X' = T' X'X T. For reparametrized or
 * constrained models (merge two columns, drop one). The intercept stays. */
void ls_mls_transform(const struct ls_mls_acc *a, const double *T, uint32_t k2, struct ls_mls_acc *out);
/* Solve. Returns -1 when fewer observations than used columns + 1. */
int ls_mls_solve(const struct ls_mls_acc *a, struct ls_mls *out);
void ls_mls_done(struct ls_mls *m);
/* Convenience: X is n rows of k values (row-major); two passes (centered). */
int ls_stats_mls(const double *X, const double *y, size_t n, uint32_t k, bool intercept,
	struct ls_mls *out);
/* Variance of the linear combination sum w[j] * beta[j]. */
double ls_mls_var_comb(const struct ls_mls *m, const double *w);

/* ---- robust trend ---- */
/* Theil–Sen slope: the median of pairwise slopes (y[j]-y[i])/(x[j]-x[i]),
 * x[i] != x[j]. All pairs for n <= LS_THEIL_SEN_BRUTE_MAX. Up to
 * LS_THEIL_SEN_EXACT_MAX, exact without listing the n^2 pairs: the number of
 * pairwise slopes below any t is an inversion count (O(n log n)), which
 * narrows a bracket around the median until the few pairs inside can be
 * listed; O(n log n) expected time, O(n) memory. Above, the median of
 * LS_THEIL_SEN_SAMPLES pairs drawn by a fixed-seed generator: deterministic,
 * O(samples) whatever n is. Its sampling error, for a line with independent
 * noise and evenly spread x, is about 1.5 sqrt(n / samples) times the
 * standard error of Theil–Sen itself (0.3 x at n = 20,000; 2 x at a million
 * points, where that standard error is tiny): the verdicts take the trend's
 * size and interval from least squares and only the sign from Theil–Sen. */
#define LS_THEIL_SEN_BRUTE_MAX 128
#define LS_THEIL_SEN_EXACT_MAX 20000
#define LS_THEIL_SEN_SAMPLES 500000
double ls_stats_theil_sen(const double *x, const double *y, size_t n);

/* Mann–Kendall trend test on y in series order (x order). Exact S in
 * O(n log n) by merge-sort inversion counting, so no subsampling is needed
 * even for n = 1e6; variance corrected for ties in y; Z with continuity
 * correction; two-sided normal p-value. */
struct ls_mk {
	size_t n;
	double s, var_s, z, p_value;
	double tau;          /* Kendall's tau-a: S / (n(n-1)/2) */
};
int ls_stats_mann_kendall(const double *y, size_t n, struct ls_mk *out);

/* ---- change point ----
 * Two independent straight lines, y on [0, b) and y on [b, n), with the break b
 * chosen to minimize the total squared error (all breaks scanned in O(n) with
 * prefix sums on normalized x). x must be sorted ascending. Each segment has at
 * least `minseg` points (>= 3). Reports the improvement over one line as an F
 * statistic (2 extra parameters + the break) and p-value; the caller decides
 * what pattern (rise-then-plateau = warm-up, flat-then-rise = late onset) it is. */
struct ls_changepoint {
	size_t n, brk;                   /* first index of the second segment */
	double slope1, intercept1;       /* on the original x */
	double slope2, intercept2;
	double sse1, sse2, sse_line;     /* segment fits and the single line */
	double f, p_value;               /* F(3, n - 4) of two lines vs one (approximate) */
	double level1_start, level1_end; /* fitted values at the ends of segment 1 */
	double level2_start, level2_end; /* fitted values at the ends of segment 2 */
};
int ls_stats_changepoint(const double *x, const double *y, size_t n, size_t minseg,
	struct ls_changepoint *out);
/* F distribution upper tail P(F >= f) with (d1, d2) degrees of freedom. */
double ls_stats_f_sf(double f, double d1, double d2);
/* Cochran-Mantel-Haenszel test, one-sided, over k 2x2 tables {a, b, c,
 * d} (rows: exposed, not; columns: event, none): the probability (normal
 * approximation) of so many events in the exposed rows, or more, were the
 * event no likelier there than in the same stratum's other row. 1 when no
 * stratum has both rows and both columns. */
double ls_stats_cmh_greater(const uint32_t (*t)[4], size_t k);

#endif
