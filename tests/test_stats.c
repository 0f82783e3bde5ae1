/* test_stats.c — known answers for the numeric kernels in src/stats.c.
 * Reference values are published table entries or closed forms that do not
 * go through the code under test (binomial sums, arcsine law, Cauchy). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "stats.h"

#define NEAR(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

static void test_descriptive(void **state)
{
	(void)state;
	double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
	NEAR(ls_stats_mean(x, 8), 5.0, 1e-15);
	/* population sd is 2; sample sd = sqrt(32/7) */
	NEAR(ls_stats_stdev(x, 8), sqrt(32.0 / 7), 1e-14);
	NEAR(ls_stats_cv(x, 8), sqrt(32.0 / 7) / 5 * 100, 1e-12);
	NEAR(ls_stats_median(x, 8), 4.5, 0);
	NEAR(ls_stats_median(x, 7), 4.0, 0);
	/* ranks floor(q (n - 1)) of a shuffled copy: no interpolation */
	double r[] = {9, 4, 2, 7, 5, 4, 5, 4};
	NEAR(ls_stats_rank_inplace(r, 8, 0), 2, 0);
	NEAR(ls_stats_rank_inplace(r, 8, 0.25), 4, 0);  /* rank 1 */
	NEAR(ls_stats_rank_inplace(r, 8, 0.75), 5, 0);  /* rank 5 */
	NEAR(ls_stats_rank_inplace(r, 8, 0.99), 7, 0);  /* rank 6 */
	NEAR(ls_stats_rank_inplace(r, 8, 1), 9, 0);
	assert_true(isnan(ls_stats_rank_inplace(r, 0, 0.5)));
	assert_true(isnan(ls_stats_mean(x, 0)));
	assert_true(isnan(ls_stats_stdev(x, 1)));
	double z[] = {0, 0, 0};
	assert_true(isnan(ls_stats_cv(z, 3)));
	/* alternating series: lag-1 autocorrelation close to -1 */
	double alt[] = {1, -1, 1, -1, 1, -1, 1, -1, 1, -1};
	NEAR(ls_stats_acf1(alt, 10), -0.9, 1e-12);
	NEAR(ls_stats_acf(alt, 10, 2), 0.8, 1e-12);  /* 8 products of +1 over 10 */
	/* variogram of a straight line grows with the square of the lag */
	double line[10];
	for (int i = 0; i < 10; i++)
		line[i] = i;
	NEAR(ls_stats_variogram(line, 10, 3), 9, 1e-12);
	assert_true(isnan(ls_stats_variogram(line, 10, 10)));
	/* two blocks: rho(1) = (4 - 1 + 4) / 10 = 0.7; Bartlett B = 1: 1 + 2 * 0.5 * 0.7 */
	double blk[] = {1, 1, 1, 1, 1, -1, -1, -1, -1, -1};
	NEAR(ls_stats_lrv_factor(blk, 10, 1), 1.7, 1e-12);
	/* negative correlation never makes a series worth more than independent points */
	NEAR(ls_stats_lrv_factor(alt, 10, 1), 1.0, 0);
}

/* Gaussian draws for the walk tests (a seeded splitmix64) */
static double walk_gauss(uint64_t *s)
{
	double u[2];
	for (int i = 0; i < 2; i++) {
		uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		z ^= z >> 31;
		u[i] = ((double)(z >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2 * log(u[0])) * cos(2 * M_PI * u[1]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The walk ratio q of 21 series of 5,000 values: level noise of sd 1 plus
 * a random walk of steps of sd tau, at the 12 lowest frequencies (the
 * median; the walk is what the heap's fit must not take for retention). */
static double median_walk_ratio(double tau)
{
	enum { N = 5000, RUNS = 21 };
	static double x[N];
	double q[RUNS];
	uint64_t seed = 7;
	for (int r = 0; r < RUNS; r++) {
		double w = 0;
		for (int t = 0; t < N; t++) {
			w += tau * walk_gauss(&seed);
			x[t] = w + walk_gauss(&seed);
		}
		q[r] = ls_stats_walk_ratio(x, N, 12);
	}
	qsort(q, RUNS, sizeof *q, cmp_double);
	return q[RUNS / 2];
}

static void test_walk_ratio(void **state)
{
	(void)state;
	/* level noise alone: no walk (q is 0 or a rounding of it) */
	assert_true(median_walk_ratio(0) < 1e-6);
	/* a walk of q = 1e-3 and of 1.4e-4 (steps of sd 0.012 against noise of
	 * 1: 0.85 sd in all over 5,000 values), found within a factor of 2 */
	double q = median_walk_ratio(sqrt(1e-3));
	assert_true(q > 0.5e-3 && q < 2e-3);
	q = median_walk_ratio(0.012);
	assert_true(q > 0.5 * 1.44e-4 && q < 2 * 1.44e-4);
	/* a walk with no level noise: the walk outweighs any noise (q of a
	 * heap is 1e-3 and less) */
	double x[400], w = 0;
	uint64_t seed = 3;
	for (int t = 0; t < 400; t++)
		x[t] = w += walk_gauss(&seed);
	assert_true(ls_stats_walk_ratio(x, 400, 10) > 1);
	/* too few frequencies, or too few values for them */
	assert_true(ls_stats_walk_ratio(x, 400, 1) == 0);
	assert_true(ls_stats_walk_ratio(x, 30, 10) == 0);
}

/* Trimmed mean, 10 % off each end of 1..9 and 100 (shuffled): 2..9 are
 * kept, mean 5.5; winsorized (2,2,3,...,9,9) sum of squares 66.5, so the
 * standard error is sqrt(66.5 / 9) / (0.8 sqrt(10)) = 1.074483. */
static void test_trimmed_mean(void **state)
{
	(void)state;
	double v[] = {7, 100, 3, 1, 9, 5, 2, 8, 4, 6}, se;
	assert_true(fabs(ls_stats_trimmed_mean(v, 10, 0.1, &se) - 5.5) < 1e-12);
	assert_true(fabs(se - 1.074483) < 1e-6);
	double w[] = {1, 2, 3}, se2;
	assert_true(fabs(ls_stats_trimmed_mean(w, 3, 0, &se2) - 2) < 1e-12);
	assert_true(fabs(se2 - 1 / sqrt(3)) < 1e-12);
	assert_true(isnan(ls_stats_trimmed_mean(w, 1, 0.1, &se2)) && isnan(se2));
}

static void test_betainc(void **state)
{
	(void)state;
	/* integer a, b: I_x(a,b) = P(Binomial(a+b-1, x) >= a) */
	NEAR(ls_stats_betainc(2, 3, 0.5), 11.0 / 16, 1e-13);
	NEAR(ls_stats_betainc(3, 2, 0.2), 0.0272, 1e-13); /* P(Bin(4,.2) >= 3) */
	NEAR(ls_stats_betainc(1, 1, 0.3), 0.3, 1e-14);
	/* arcsine law: I_x(1/2, 1/2) = 2/pi asin(sqrt x) */
	NEAR(ls_stats_betainc(0.5, 0.5, 0.25), 1.0 / 3, 1e-13);
	NEAR(ls_stats_betainc(0.5, 0.5, 0.9), 2 / M_PI * asin(sqrt(0.9)), 1e-13);
	/* symmetry I_x(a,b) = 1 - I_{1-x}(b,a) with large parameters */
	double v = ls_stats_betainc(200, 150, 0.55);
	NEAR(v + ls_stats_betainc(150, 200, 0.45), 1.0, 1e-12);
	assert_true(ls_stats_betainc(2, 3, 0) == 0 && ls_stats_betainc(2, 3, 1) == 1);
	assert_true(isnan(ls_stats_betainc(-1, 3, 0.5)));
}

static void test_t_distribution(void **state)
{
	(void)state;
	/* published critical values: t(0.975, 10) = 2.228, t(0.975, 1) = 12.706 */
	NEAR(ls_stats_t_p2(2.228, 10), 0.05, 2e-4);
	NEAR(ls_stats_t_p2(2.228139, 10), 0.05, 2e-6);
	NEAR(ls_stats_t_p2(1.96, 1e6), 0.05, 2e-4);
	NEAR(ls_stats_t_p2(2.576, 1e7), 0.01, 1e-4);
	/* df = 1 is Cauchy: P(|T| >= t) = 1 - 2/pi atan(t) */
	NEAR(ls_stats_t_p2(3.0, 1), 1 - 2 / M_PI * atan(3.0), 1e-13);
	/* df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)) */
	NEAR(ls_stats_t_cdf(-1.5, 2), 0.5 - 1.5 / (2 * sqrt(2 + 2.25)), 1e-13);
	NEAR(ls_stats_t_cdf(0.7, 2), 0.5 + 0.7 / (2 * sqrt(2 + 0.49)), 1e-13);
	NEAR(ls_stats_t_cdf(0, 7), 0.5, 1e-15);
	/* quantiles */
	NEAR(ls_stats_t_inv(0.975, 10), 2.228139, 1e-5);
	NEAR(ls_stats_t_inv(0.975, 1), 12.7062, 1e-3);
	NEAR(ls_stats_t_inv(0.995, 30), 2.749996, 1e-5);
	NEAR(ls_stats_t_inv(0.025, 10), -2.228139, 1e-5);
	NEAR(ls_stats_t_inv(0.975, 1e9), 1.959964, 1e-5);
	/* tiny tails stay accurate (no 1 - x cancellation): normal tail at 10 sd */
	double p = ls_stats_t_p2(10, 1e9);
	assert_true(p > 1.52e-23 && p < 1.53e-23);
	p = ls_stats_t_p2(40, 100);
	assert_true(p > 0 && p < 1e-60);
	/* normal */
	NEAR(ls_stats_norm_cdf(1.959964), 0.975, 1e-7);
	NEAR(ls_stats_norm_p2(-1.959964), 0.05, 1e-7);
	/* F upper tail: F(1, d) = t^2 */
	NEAR(ls_stats_f_sf(2.228139 * 2.228139, 1, 10), 0.05, 2e-6);
}

/* Cochran-Mantel-Haenszel, one-sided: one table [3 1; 1 3] has E[a] = 2,
 * Var = 4*4*4*4 / (8^2 * 7) = 4/7, z = 1 / sqrt(4/7) = 1.3229, p =
 * 0.092938; [10 0; 0 10] z = 5 / sqrt(10^4 / (400 * 19)) = 4.3589, p =
 * 6.5359e-06. Stratified, the same rate in both rows of each stratum is
 * no association (p = 0.5), while the pooled table says p = 2.7e-07:
 * what sites.c relies on, as longer spans hold more of everything. */
static void test_cmh(void **state)
{
	(void)state;
	const uint32_t one[1][4] = {{3, 1, 1, 3}}, sure[1][4] = {{10, 0, 0, 10}};
	NEAR(ls_stats_cmh_greater(one, 1), 0.0929384, 1e-6);
	NEAR(ls_stats_cmh_greater(sure, 1), 6.53592e-06, 1e-10);
	const uint32_t strata[2][4] = {{18, 2, 9, 1}, {1, 9, 10, 90}}, pooled[1][4] = {{19, 11, 19, 91}};
	NEAR(ls_stats_cmh_greater(strata, 2), 0.5, 1e-12);
	NEAR(ls_stats_cmh_greater(pooled, 1), 2.71101e-07, 1e-11);
	/* fewer events in the exposed row: the other tail */
	const uint32_t fewer[1][4] = {{1, 3, 3, 1}};
	NEAR(ls_stats_cmh_greater(fewer, 1), 1 - 0.0929384, 1e-6);
	/* no information (a row or a column empty, or a lone span): 1 */
	const uint32_t empty[3][4] = {{0, 0, 4, 5}, {3, 3, 0, 0}, {1, 0, 0, 0}};
	NEAR(ls_stats_cmh_greater(empty, 3), 1, 0);
}

static void test_ols_exact_line(void **state)
{
	(void)state;
	enum { N = 100 };
	double x[N], y[N];
	for (int i = 0; i < N; i++) {
		x[i] = 1000000 + 7.0 * i;  /* large request numbers */
		y[i] = 250.125 + 0.0041 * x[i];
	}
	struct ls_ols o;
	assert_int_equal(ls_stats_ols(x, y, N, &o), 0);
	NEAR(o.slope, 0.0041, 1e-12);
	NEAR(o.intercept, 250.125, 1e-6);
	NEAR(o.r2, 1.0, 1e-12);
	assert_true(o.p_value < 1e-12);
	assert_true(o.ci95[0] <= 0.0041 + 1e-12 && o.ci95[1] >= 0.0041 - 1e-12);
	assert_true(o.ci95[1] - o.ci95[0] < 1e-9);
	/* too few points / no spread in x */
	assert_int_equal(ls_stats_ols(x, y, 2, &o), -1);
	double cx[] = {3, 3, 3, 3};
	assert_int_equal(ls_stats_ols(cx, y, 4, &o), -1);
	assert_true(isnan(o.slope));
}

static void test_ols_known_fit(void **state)
{
	(void)state;
	/* hand-computed: xm 3, ym 4, Sxx 10, Sxy 6, Syy 6, RSS 2.4 */
	double x[] = {1, 2, 3, 4, 5}, y[] = {2, 4, 5, 4, 5};
	struct ls_ols o;
	assert_int_equal(ls_stats_ols(x, y, 5, &o), 0);
	NEAR(o.slope, 0.6, 1e-14);
	NEAR(o.intercept, 2.2, 1e-14);
	NEAR(o.r2, 0.6, 1e-14);
	NEAR(o.slope_se, sqrt(0.08), 1e-14);
	double t = 0.6 / sqrt(0.08);
	NEAR(o.t, t, 1e-12);
	/* df = 3 closed form: F(t) = 1/2 + (t/(sqrt3 (1 + t^2/3)) + atan(t/sqrt3)) / pi */
	double cdf = 0.5 + (t / (sqrt(3) * (1 + t * t / 3)) + atan(t / sqrt(3))) / M_PI;
	NEAR(o.p_value, 2 * (1 - cdf), 1e-12);
	/* CI with t(0.975, 3) = 3.182446 */
	NEAR(o.ci95[0], 0.6 - 3.182446 * sqrt(0.08), 1e-5);
	NEAR(o.ci95[1], 0.6 + 3.182446 * sqrt(0.08), 1e-5);
	/* variance inflation doubles the standard error for factor 4 */
	ls_ols_adjust(&o, 4, 3);
	NEAR(o.slope_se, 2 * sqrt(0.08), 1e-14);
	assert_true(o.p_value > 2 * (1 - cdf));
}

static void test_mls(void **state)
{
	(void)state;
	enum { N = 40, K = 3 };
	double X[N * K], y[N];
	for (int i = 0; i < N; i++) {
		double a = i % 7, b = (i * i) % 11;
		X[i * K + 0] = a;
		X[i * K + 1] = b;
		X[i * K + 2] = a + b;  /* collinear: must be left out, not explode */
		y[i] = 1.5 + 2 * a - 3 * b;
	}
	struct ls_mls m;
	assert_int_equal(ls_stats_mls(X, y, N, K, true, &m), 0);
	assert_false(m.aliased[0]);
	assert_false(m.aliased[1]);
	assert_true(m.aliased[2]);
	NEAR(m.beta[0], 2, 1e-9);
	NEAR(m.beta[1], -3, 1e-9);
	NEAR(m.intercept, 1.5, 1e-9);
	NEAR(m.r2, 1, 1e-12);
	assert_true(isnan(m.se[2]));
	assert_int_equal(m.rank, 3);
	ls_mls_done(&m);

	/* one regressor: identical to simple OLS, standard errors included */
	double x1[] = {1, 2, 3, 4, 5}, y1[] = {2, 4, 5, 4, 5};
	struct ls_ols o;
	ls_stats_ols(x1, y1, 5, &o);
	assert_int_equal(ls_stats_mls(x1, y1, 5, 1, true, &m), 0);
	NEAR(m.beta[0], o.slope, 1e-13);
	NEAR(m.se[0], o.slope_se, 1e-13);
	NEAR(m.p[0], o.p_value, 1e-12);
	NEAR(m.intercept, o.intercept, 1e-12);
	NEAR(m.intercept_se, o.intercept_se, 1e-12);
	NEAR(m.r2, 0.6, 1e-13);
	double w = 2;
	NEAR(ls_mls_var_comb(&m, &w), 4 * o.slope_se * o.slope_se, 1e-13);
	ls_mls_done(&m);

	/* no intercept, all-zero column aliased */
	double X2[] = {1, 0, 2, 0, 3, 0, 4, 0}, y2[] = {2, 4, 6, 8};
	assert_int_equal(ls_stats_mls(X2, y2, 4, 2, false, &m), 0);
	NEAR(m.beta[0], 2, 1e-14);
	assert_true(m.aliased[1]);
	ls_mls_done(&m);

	/* a column map of the accumulator equals fitting the mapped data: merge
	 * column 2 into column 0 with weight 0.5, keep column 1 */
	{
		enum { N2 = 30 };
		double Xa[N2 * 3], Xb[N2 * 2], ya[N2];
		for (int i = 0; i < N2; i++) {
			Xa[i * 3] = i % 5;
			Xa[i * 3 + 1] = (i * 7) % 11;
			Xa[i * 3 + 2] = (i * i) % 13;
			Xb[i * 2] = Xa[i * 3] + 0.5 * Xa[i * 3 + 2];
			Xb[i * 2 + 1] = Xa[i * 3 + 1];
			ya[i] = 3 + 1.25 * Xb[i * 2] - 0.5 * Xb[i * 2 + 1] + 0.1 * ((i * 31) % 7 - 3);
		}
		struct ls_mls_acc acc, acc2;
		ls_mls_init(&acc, 3, true);
		for (int i = 0; i < N2; i++)
			ls_mls_add(&acc, Xa + i * 3, ya[i]);
		double T[] = {1, 0, 0, 1, 0.5, 0};
		ls_mls_transform(&acc, T, 2, &acc2);
		struct ls_mls mt, md;
		assert_int_equal(ls_mls_solve(&acc2, &mt), 0);
		assert_int_equal(ls_stats_mls(Xb, ya, N2, 2, true, &md), 0);
		NEAR(mt.beta[0], md.beta[0], 1e-9);
		NEAR(mt.beta[1], md.beta[1], 1e-9);
		NEAR(mt.se[0], md.se[0], 1e-9);
		NEAR(mt.intercept, md.intercept, 1e-8);
		NEAR(mt.rss, md.rss, 1e-9);
		ls_mls_done(&mt);
		ls_mls_done(&md);
		ls_mls_done_acc(&acc);
		ls_mls_done_acc(&acc2);
	}

	/* rows added in blocks (70 rows: two full blocks and a partial one)
	 * give the same fit as rows added one at a time */
	{
		enum { NB = 70, KB = 4 };
		double Xr[NB * KB], yr[NB];
		for (int i = 0; i < NB; i++) {
			for (int j = 0; j < KB; j++)
				Xr[i * KB + j] = (double)((i * (j + 3) * 7919) % 101) / 10 + j * i * 0.01;
			yr[i] = 2 - Xr[i * KB] + 0.5 * Xr[i * KB + 3] + (double)((i * 13) % 5) / 10;
		}
		struct ls_mls_acc one, rows;
		ls_mls_init(&one, KB, false);
		ls_mls_init(&rows, KB, false);
		for (int i = 0; i < NB; i++)
			ls_mls_add(&one, Xr + i * KB, yr[i]);
		ls_mls_add_rows(&rows, Xr, yr, NB);
		assert_int_equal(rows.n, NB);
		struct ls_mls m1, m2;
		assert_int_equal(ls_mls_solve(&one, &m1), 0);
		assert_int_equal(ls_mls_solve(&rows, &m2), 0);
		for (int j = 0; j < KB; j++) {
			NEAR(m2.beta[j], m1.beta[j], 1e-9);
			NEAR(m2.se[j], m1.se[j], 1e-9);
		}
		NEAR(m2.rss, m1.rss, 1e-9);
		ls_mls_done(&m1);
		ls_mls_done(&m2);
		ls_mls_done_acc(&one);
		ls_mls_done_acc(&rows);
	}

	/* more columns than rows fails cleanly */
	assert_int_equal(ls_stats_mls(X, y, 2, K, true, &m), -1);
	ls_mls_done(&m);
}

static void test_theil_sen(void **state)
{
	(void)state;
	/* pairwise slopes of (1..5; 2 4 5 4 5) sorted: -1 0 0 1/3 2/3 3/4 1 1 1.5 2 */
	double x[] = {1, 2, 3, 4, 5}, y[] = {2, 4, 5, 4, 5};
	NEAR(ls_stats_theil_sen(x, y, 5), (2.0 / 3 + 0.75) / 2, 1e-14);
	/* one wild outlier does not move it (OLS would say 0.0 -> big) */
	double yo[] = {1, 2, 100, 4, 5};
	NEAR(ls_stats_theil_sen(x, yo, 5), 1.0, 0);
	/* equal x are skipped */
	double xt[] = {1, 1, 2, 3}, yt[] = {0, 5, 2, 4};
	/* slopes: (1,2)=2 (1,3)=2 (5->2)=-3 (5->4)=-0.5 (2->4)=2 -> median 2 */
	NEAR(ls_stats_theil_sen(xt, yt, 4), 2.0, 0);
}

static void test_theil_sen_large(void **state)
{
	(void)state;
	/* far beyond the all-pairs limit: 2e10 pairs, exact, quick */
	size_t n = 200000;
	double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
	uint64_t s = 1;
	for (size_t i = 0; i < n; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		double u = (double)(s >> 11) / 9007199254740992.0;
		x[i] = (double)i;
		y[i] = 0.003 * (double)i + 4 * (u - 0.5) + (i % 1000 == 0 ? 500 : 0);
	}
	double a = ls_stats_theil_sen(x, y, n), b = ls_stats_theil_sen(x, y, n);
	assert_true(a == b);
	NEAR(a, 0.003, 3e-5);
	struct ls_mk mk;
	assert_int_equal(ls_stats_mann_kendall(y, n, &mk), 0);
	assert_true(mk.z > 10 && mk.p_value < 1e-20);
	free(x);
	free(y);
}

/* The median of all pairwise slopes, by definition (test oracle). */
static int cmpd(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;
	return u < v ? -1 : u > v;
}
static double theil_sen_all_pairs(const double *x, const double *y, size_t n)
{
	double *v = malloc(n * (n - 1) / 2 * sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (x[j] != x[i])
				v[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	qsort(v, m, sizeof *v, cmpd);
	double med = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
	free(v);
	return med;
}

static void test_theil_sen_fast_exact(void **state)
{
	(void)state;
	/* above the all-pairs limit the counting algorithm must give the median
	 * of all pairs (up to rounding of near-equal slopes): noisy lines, repeated x, repeated points, unsorted
	 * x, outliers, steps, odd and even numbers of pairs */
	uint64_t s = 7;
	for (int c = 0; c < 40; c++) {
		size_t n = LS_THEIL_SEN_BRUTE_MAX + 1 + (size_t)c * 37;
		double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
		for (size_t i = 0; i < n; i++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			double u = (double)(s >> 11) / 9007199254740992.0;
			x[i] = c % 3 == 0 ? (double)(i / 4) : c % 3 == 1 ? (double)((i * 7919) % n) : 1e6 + (double)i;
			y[i] = (c % 5) * 0.01 * x[i] + (c % 2 ? u : floor(u * 4)) + (i % 50 == 0 ? 1000 : 0);
			if (c % 7 == 0 && i % 9 == 0 && i > 0) {
				x[i] = x[i - 1];
				y[i] = y[i - 1];
			}
		}
		double fast = ls_stats_theil_sen(x, y, n), ref = theil_sen_all_pairs(x, y, n);
		NEAR(fast, ref, 1e-12 * (1 + fabs(ref)));
		free(x);
		free(y);
	}
}

/* Peak resident memory of this process so far, in MB. */
static double peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024;
}

static void test_theil_sen_ties_lean(void **state)
{
	(void)state;
	/* a quiet endpoint: memory on three levels (a constant one too), with
	 * 12,000 points. Most pairwise slopes are exactly 0, and the keys
	 * y - t x cannot tell a slope of 0 from one just below it (t x is lost
	 * in y's rounding): the counting once listed every such pair, about
	 * 40 million slopes (300 MB; 580 MB for the constant series). The
	 * median is 0: fewer than half the slopes are below it or above it. */
	enum { N = 12000 };
	double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
	uint64_t s = 11;
	for (size_t i = 0; i < N; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		x[i] = (double)(i + 1);
		y[i] = 100 + 0.001 * (double)(s >> 62 == 3 ? 1 : s >> 62);
	}
	/* pairs i < j by sign of y[j] - y[i], from counts of the earlier levels */
	uint64_t below = 0, above = 0, total = (uint64_t)N * (N - 1) / 2, seen[3] = {0};
	for (size_t j = 0; j < N; j++) {
		int l = (int)lround((y[j] - 100) * 1000);
		for (int k = 0; k < 3; k++) {
			below += k > l ? seen[k] : 0;
			above += k < l ? seen[k] : 0;
		}
		seen[l]++;
	}
	assert_true(below < total / 2 && above < total / 2);
	double before = peak_rss_mb();
	NEAR(ls_stats_theil_sen(x, y, N), 0, 0);
	for (size_t i = 0; i < N; i++)
		y[i] = 180.446;
	NEAR(ls_stats_theil_sen(x, y, N), 0, 0);
	assert_true(peak_rss_mb() - before < 64);
	free(x);
	free(y);
}

static void test_mann_kendall(void **state)
{
	(void)state;
	/* signs of (2 4 5 4 5): 7 up, 1 down, 2 ties -> S = 6; ties {4,4}, {5,5} */
	double y[] = {2, 4, 5, 4, 5};
	struct ls_mk mk;
	assert_int_equal(ls_stats_mann_kendall(y, 5, &mk), 0);
	NEAR(mk.s, 6, 0);
	NEAR(mk.var_s, (5 * 4 * 15 - 2 * 18) / 18.0, 1e-12);
	double z = 5 / sqrt(264.0 / 18);
	NEAR(mk.z, z, 1e-12);
	NEAR(mk.p_value, erfc(z / sqrt(2)), 1e-12);
	NEAR(mk.tau, 0.6, 1e-14);
	/* strictly decreasing: S = -n(n-1)/2 */
	double d[] = {9, 7, 5, 3, 1, 0};
	ls_stats_mann_kendall(d, 6, &mk);
	NEAR(mk.s, -15, 0);
	NEAR(mk.var_s, 6 * 5 * 17 / 18.0, 1e-12);
	assert_true(mk.z < 0);
	/* constant: no trend, p = 1 */
	double c[] = {3, 3, 3, 3};
	ls_stats_mann_kendall(c, 4, &mk);
	NEAR(mk.s, 0, 0);
	NEAR(mk.p_value, 1, 0);
	assert_int_equal(ls_stats_mann_kendall(c, 2, &mk), -1);
}

static void test_changepoint_warmup(void **state)
{
	(void)state;
	/* cache fills over 300 requests (100 -> 120 MB) then holds, with a small
	 * deterministic wiggle */
	enum { N = 1000 };
	double x[N], y[N];
	for (int i = 0; i < N; i++) {
		x[i] = 5000 + 2.0 * i;
		y[i] = 100 + 20.0 * (i < 300 ? i / 300.0 : 1.0) + 0.05 * ((i * 37) % 7 - 3);
	}
	struct ls_changepoint cp;
	assert_int_equal(ls_stats_changepoint(x, y, N, 10, &cp), 0);
	assert_true(cp.brk >= 290 && cp.brk <= 310);
	NEAR(cp.slope1, 20.0 / 600, 0.002);
	NEAR(cp.slope2, 0, 1e-4);
	NEAR(cp.level2_start, 120, 0.2);
	NEAR(cp.level1_start, 100, 0.3);
	assert_true(cp.p_value < 1e-12);

	/* a straight line gains nothing from a break */
	for (int i = 0; i < N; i++)
		y[i] = 50 + 0.01 * i + 0.05 * ((i * 37) % 7 - 3);
	assert_int_equal(ls_stats_changepoint(x, y, N, 10, &cp), 0);
	assert_true(cp.p_value > 1e-3);
	/* the longer segment keeps the true slope (0.005 per x) */
	NEAR(cp.brk < N / 2 ? cp.slope2 : cp.slope1, 0.005, 1e-4);
	assert_int_equal(ls_stats_changepoint(x, y, 15, 10, &cp), -1);
}

/* Holm by hand: sorted 0.005, 0.01, 0.03, 0.04 over m tests are multiplied
 * by m, m-1, m-2, m-3 and made monotone; a NaN is no test (1) but counts
 * in m; ties share their rank. */
/* A level read at two points: the difference of the means nearest each,
 * with z standard errors, the most cautious over 3 to 20 values a side. A
 * step 3 values before the end is caught by the short side. */
static void test_level_change(void **state)
{
	(void)state;
	double from[20], flat[20], step[20];
	for (int i = 0; i < 20; i++) {
		from[i] = 1;
		flat[i] = 5;
		step[i] = i < 3 ? 9 : 5;  /* nearest first: the last 3 values are 9 */
	}
	assert_float_equal(ls_stats_level_change(from, 20, flat, 20, 2), 4, 1e-12);
	assert_float_equal(ls_stats_level_change(from, 20, flat, 20, -2), 4, 1e-12);
	/* upper: 5 values a side (6.4 + 2 x 0.980); 20 alone would say 5.26 */
	assert_float_equal(ls_stats_level_change(from, 20, step, 20, 2), 8.359591794226542, 1e-9);
	/* lower: 20 values a side (4.6 - 2 x 0.328) */
	assert_float_equal(ls_stats_level_change(from, 20, step, 20, -2), 3.9446575824726993, 1e-9);
	/* sides only as long as both: 4 and 20 values are read over 3 */
	assert_float_equal(ls_stats_level_change(from, 4, step, 20, 2), 8, 1e-12);
	assert_true(isnan(ls_stats_level_change(from, 2, step, 20, 2)));
	assert_true(isnan(ls_stats_level_change(from, 20, step, 0, 2)));
}

static void test_holm(void **state)
{
	(void)state;
	double p[] = {0.01, 0.04, 0.03, 0.005}, adj[5];
	ls_stats_holm(p, 4, adj);
	NEAR(adj[3], 0.02, 1e-12);
	NEAR(adj[0], 0.03, 1e-12);
	NEAR(adj[2], 0.06, 1e-12);
	NEAR(adj[1], 0.06, 1e-12);   /* 1 x 0.04, raised to stay monotone */
	double q[] = {0.01, NAN, 0.04, 0.03, 0.005};
	ls_stats_holm(q, 5, adj);
	NEAR(adj[4], 0.025, 1e-12);
	NEAR(adj[0], 0.04, 1e-12);
	NEAR(adj[3], 0.09, 1e-12);
	NEAR(adj[2], 0.09, 1e-12);
	NEAR(adj[1], 1, 0);
	double t[] = {0.02, 0.02, 0.5};
	ls_stats_holm(t, 3, adj);
	NEAR(adj[0], 0.06, 1e-12);  /* both ranked first: 3 x 0.02 */
	NEAR(adj[1], 0.06, 1e-12);
	NEAR(adj[2], 0.5, 1e-12);
	double big[] = {0.6, 0.7};
	ls_stats_holm(big, 2, adj);
	NEAR(adj[0], 1, 0);          /* capped at 1 */
	NEAR(adj[1], 1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptive),
		cmocka_unit_test(test_trimmed_mean),
		cmocka_unit_test(test_walk_ratio),
		cmocka_unit_test(test_betainc),
		cmocka_unit_test(test_t_distribution),
		cmocka_unit_test(test_cmh),
		cmocka_unit_test(test_ols_exact_line),
		cmocka_unit_test(test_ols_known_fit),
		cmocka_unit_test(test_mls),
		cmocka_unit_test(test_theil_sen),
		cmocka_unit_test(test_theil_sen_large),
		cmocka_unit_test(test_theil_sen_fast_exact),
		cmocka_unit_test(test_theil_sen_ties_lean),
		cmocka_unit_test(test_mann_kendall),
		cmocka_unit_test(test_changepoint_warmup),
		cmocka_unit_test(test_holm),
		cmocka_unit_test(test_level_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
