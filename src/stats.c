/* stats.c — numeric kernels (see stats.h). */
#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---------------------------------------------------------------- descriptive */

double ls_stats_mean(const double *x, size_t n)
{
	if (n == 0)
		return NAN;
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	double m = s / (double)n;
	/* second pass removes most of the rounding error of the first */
	double c = 0;
	for (size_t i = 0; i < n; i++)
		c += x[i] - m;
	return m + c / (double)n;
}

double ls_stats_stdev(const double *x, size_t n)
{
	if (n < 2)
		return NAN;
	double m = ls_stats_mean(x, n), ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return sqrt(ss / (double)(n - 1));
}

double ls_stats_level_change(const double *from, size_t nfrom, const double *to, size_t nto, double z)
{
	static const size_t sides[] = {3, 5, 10, LS_LEVEL_SIDE_MAX};
	double best = NAN;
	for (size_t j = 0; j < sizeof sides / sizeof sides[0]; j++) {
		size_t side = sides[j];
		if (side > nfrom || side > nto)
			break;
		double sf = ls_stats_stdev(from, side), st = ls_stats_stdev(to, side);
		double r = ls_stats_mean(to, side) - ls_stats_mean(from, side) +
			z * sqrt((sf * sf + st * st) / (double)side);
		if (isnan(best) || (z > 0 ? r > best : r < best))
			best = r;
	}
	return best;
}

double ls_stats_cv(const double *x, size_t n)
{
	double m = ls_stats_mean(x, n);
	if (!(m != 0) || n < 2)
		return NAN;
	return ls_stats_stdev(x, n) / fabs(m) * 100.0;
}

static void swapd(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* k-th smallest (0-based) of v[0..n), reorders v. Hoare quickselect with a
 * median-of-three pivot: linear on average, no recursion. */
static double select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < v[lo]) swapd(&v[mid], &v[lo]);
		if (v[hi] < v[lo]) swapd(&v[hi], &v[lo]);
		if (v[hi] < v[mid]) swapd(&v[hi], &v[mid]);
		double pivot = v[mid];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot) i++;
			while (v[j] > pivot) j--;
			if (i <= j) {
				swapd(&v[i], &v[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

struct holm_item {
	double p;
	uint32_t i;
};

static int cmp_holm(const void *a, const void *b)
{
	double x = ((const struct holm_item *)a)->p, y = ((const struct holm_item *)b)->p;
	return (x > y) - (x < y);
}

void ls_stats_holm(const double *p, uint32_t m, double *adj)
{
	struct holm_item *v = ls_xmalloc((m ? m : 1) * sizeof *v);
	uint32_t n = 0;
	for (uint32_t i = 0; i < m; i++) {
		adj[i] = 1;
		if (p[i] >= 0)
			v[n++] = (struct holm_item){p[i], i};
	}
	qsort(v, n, sizeof *v, cmp_holm);
	double run = 0;
	for (uint32_t g = 0; g < n;) {
		/* a group of equal values: all ranked after the g smaller ones */
		uint32_t end = g;
		while (end < n && v[end].p == v[g].p)
			end++;
		double a = (double)(m - g) * v[g].p;
		if (a > run)
			run = a;
		for (uint32_t k = g; k < end; k++)
			adj[v[k].i] = run < 1 ? run : 1;
		g = end;
	}
	free(v);
}

/* Median of v[0..n), reorders v. */
double ls_stats_median_inplace(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	double hi = select_kth(v, n, n / 2);
	if (n % 2)
		return hi;
	/* the lower middle is the largest value left of n/2 after selection */
	double lo = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lo)
			lo = v[i];
	return (lo + hi) / 2;
}

double ls_stats_rank_inplace(double *v, size_t n, double q)
{
	if (n == 0)
		return NAN;
	q = q < 0 ? 0 : q > 1 ? 1 : q;
	return select_kth(v, n, (size_t)floor(q * (double)(n - 1)));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double ls_stats_trimmed_mean(double *v, size_t n, double trim, double *se)
{
	*se = NAN;
	size_t g = (size_t)(trim * (double)n);
	if (n < 2 || 2 * g >= n)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	size_t m = n - 2 * g;
	double s = 0;
	for (size_t i = g; i < n - g; i++)
		s += v[i];
	double mean = s / (double)m;
	/* the winsorized variance: each trimmed value counts as the nearest kept one */
	double w = 0;
	for (size_t i = 0; i < n; i++) {
		double x = v[i < g ? g : i >= n - g ? n - g - 1 : i];
		w += (x - mean) * (x - mean);
	}
	*se = sqrt(w / (double)(n - 1)) / ((1 - 2 * trim) * sqrt((double)n));
	return mean;
}

double ls_stats_median(const double *x, size_t n)
{
	if (n == 0)
		return NAN;
	double *v = ls_xmalloc(n * sizeof *v);
	memcpy(v, x, n * sizeof *v);
	double m = ls_stats_median_inplace(v, n);
	free(v);
	return m;
}

double ls_stats_acf1(const double *x, size_t n)
{
	if (n < 3)
		return 0;
	double m = ls_stats_mean(x, n), num = 0, den = 0;
	for (size_t i = 0; i < n; i++) {
		den += (x[i] - m) * (x[i] - m);
		if (i)
			num += (x[i] - m) * (x[i - 1] - m);
	}
	return den > 0 ? num / den : 0;
}

double ls_stats_acf(const double *x, size_t n, size_t lag)
{
	if (n < 3 || lag >= n)
		return 0;
	double m = ls_stats_mean(x, n), num = 0, den = 0;
	for (size_t i = 0; i < n; i++) {
		den += (x[i] - m) * (x[i] - m);
		if (i >= lag)
			num += (x[i] - m) * (x[i - lag] - m);
	}
	return den > 0 ? num / den : 0;
}

double ls_stats_variogram(const double *x, size_t n, size_t lag)
{
	if (lag == 0 || lag >= n)
		return NAN;
	double s = 0;
	for (size_t i = lag; i < n; i++)
		s += (x[i] - x[i - lag]) * (x[i] - x[i - lag]);
	return s / (double)(n - lag);
}

double ls_stats_walk_ratio(const double *x, size_t n, size_t m)
{
	if (m < 2 || n < 4 * m)
		return 0;
	double v1 = ls_stats_variogram(x, n, 1);
	double *I = ls_xmalloc(m * sizeof *I), *a = ls_xmalloc(m * sizeof *a);
	for (size_t k = 1; k <= m; k++) {
		/* the DFT at w_k by rotating a unit vector: no cos/sin per value */
		double w = 2 * M_PI * (double)k / (double)n, c = cos(w), sn = sin(w);
		double re = 0, im = 0, zr = 1, zi = 0;
		for (size_t t = 0; t < n; t++) {
			re += x[t] * zr;
			im -= x[t] * zi;
			double nr = zr * c - zi * sn;
			zi = zr * sn + zi * c;
			zr = nr;
		}
		I[k - 1] = (re * re + im * im) / (double)n;
		/* (the walk's DFT at a Fourier frequency: tau^2 / (1 - cos w),
		 * twice its spectrum, as the walk does not come back to its
		 * start) */
		a[k - 1] = 1 / (1 - c);
	}
	double tau2 = 0, sig2 = v1 / 2;
	for (int it = 0; it < 50 && sig2 > 0; it++) {
		double score = 0, info = 0;
		for (size_t k = 0; k < m; k++) {
			double f = sig2 + tau2 * a[k];
			score += a[k] * (I[k] - f) / (f * f);
			info += a[k] * a[k] / (f * f);
		}
		double next = tau2 + score / info;
		next = next > 0 ? next : 0;
		bool settled = fabs(next - tau2) <= 1e-6 * tau2 || next == tau2;
		tau2 = next;
		/* (the lag-1 variogram is 2 sigma^2 + tau^2) */
		sig2 = (v1 - tau2) / 2;
		if (settled)
			break;
	}
	free(I);
	free(a);
	if (!(tau2 > 0))
		return 0;
	return sig2 > 0 ? tau2 / sig2 : INFINITY;
}

double ls_stats_lrv_factor(const double *x, size_t n, size_t B)
{
	if (n < 3 || B == 0)
		return 1;
	if (B > n - 1)
		B = n - 1;
	/* the centred series and its sum of squares once, not per lag (same
	 * values as ls_stats_acf) */
	double m = ls_stats_mean(x, n), den = 0;
	double *c = ls_xmalloc(n * sizeof *c);
	for (size_t i = 0; i < n; i++) {
		c[i] = x[i] - m;
		den += c[i] * c[i];
	}
	double f = 1, prev_l = 0, prev_r = 1;
	size_t l = 1;
	while (l <= B) {
		double num = 0;
		for (size_t i = l; i < n; i++)
			num += c[i] * c[i - l];
		double r = den > 0 ? num / den : 0;
		/* integer lags in (prev_l, l]: interpolate rho linearly */
		for (size_t j = (size_t)prev_l + 1; j <= l; j++) {
			double rj = prev_r + (r - prev_r) * ((double)j - prev_l) / ((double)l - prev_l);
			f += 2 * (1 - (double)j / (double)(B + 1)) * rj;
		}
		prev_l = (double)l;
		prev_r = r;
		size_t next = l < 32 ? l + 1 : l + l / 4;
		if (l < B && next > B)
			next = B;
		l = next;
	}
	free(c);
	return f > 1 ? f : 1;
}

/* ------------------------------------------------------------- distributions */

/* log Gamma of x > 0 without touching the global signgam (the analysis
 * runs on several threads). */
static double lgamma_pos(double x)
{
	int sign;
	return lgamma_r(x, &sign);
}

/* Continued fraction for I_x(a,b) (modified Lentz). Converges quickly for
 * x < (a+1)/(a+b+2); the number of terms grows like sqrt(max(a,b)), hence the
 * generous iteration cap for huge degrees of freedom. */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < tiny) d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 100000; m++) {
		double m2 = 2.0 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny) c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny) d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny) c = tiny;
		d = 1 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < eps)
			break;
	}
	return h;
}

/* I_x(a,b) given both x and y = 1 - x, so that callers who know 1 - x
 * exactly (t and F tails) do not lose it to cancellation. */
static double betainc2(double a, double b, double x, double y)
{
	if (x <= 0)
		return 0;
	if (y <= 0)
		return 1;
	double lfront = lgamma_pos(a + b) - lgamma_pos(a) - lgamma_pos(b) + a * log(x) + b * log(y);
	if (x < (a + 1) / (a + b + 2))
		return exp(lfront) * betacf(a, b, x) / a;
	return 1 - exp(lfront) * betacf(b, a, y) / b;
}

double ls_stats_betainc(double a, double b, double x)
{
	if (!(a > 0) || !(b > 0) || isnan(x))
		return NAN;
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	return betainc2(a, b, x, 1 - x);
}

double ls_stats_norm_cdf(double z)
{
	return 0.5 * erfc(-z / M_SQRT2);
}

double ls_stats_norm_p2(double z)
{
	if (isnan(z))
		return NAN;
	return erfc(fabs(z) / M_SQRT2);
}

/* Beyond this many degrees of freedom t and normal agree to ~1e-8. */
#define T_NORMAL_DF 1e8

double ls_stats_t_p2(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return 0;
	if (df > T_NORMAL_DF)
		return ls_stats_norm_p2(t);
	double t2 = t * t;
	/* P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2) */
	double x = df / (df + t2), y = t2 / (df + t2);
	return betainc2(df / 2, 0.5, x, y);
}

double ls_stats_t_cdf(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	double half = ls_stats_t_p2(t, df) / 2;
	return t < 0 ? half : 1 - half;
}

double ls_stats_t_inv(double p, double df)
{
	if (!(p > 0) || !(p < 1) || !(df > 0))
		return NAN;
	if (p == 0.5)
		return 0;
	/* Solve on the tail probability to keep precision for p near 0 or 1. */
	double tail = p < 0.5 ? p : 1 - p;
	double lo = 0, hi = 1;
	while (ls_stats_t_p2(hi, df) / 2 > tail && hi < 1e300)
		hi *= 2;
	for (int i = 0; i < 200; i++) {
		double mid = lo + (hi - lo) / 2;
		if (ls_stats_t_p2(mid, df) / 2 > tail)
			lo = mid;
		else
			hi = mid;
		if (hi - lo <= 1e-14 * hi)
			break;
	}
	double t = lo + (hi - lo) / 2;
	return p < 0.5 ? -t : t;
}

double ls_stats_f_sf(double f, double d1, double d2)
{
	if (isnan(f) || !(d1 > 0) || !(d2 > 0))
		return NAN;
	if (f <= 0)
		return 1;
	if (isinf(f))
		return 0;
	/* P(F >= f) = I_{d2/(d2+d1 f)}(d2/2, d1/2) */
	double x = d2 / (d2 + d1 * f), y = d1 * f / (d2 + d1 * f);
	return betainc2(d2 / 2, d1 / 2, x, y);
}

double ls_stats_cmh_greater(const uint32_t (*t)[4], size_t k)
{
	double obs = 0, expct = 0, var = 0;
	for (size_t i = 0; i < k; i++) {
		double a = t[i][0], n1 = a + t[i][1], n2 = (double)t[i][2] + t[i][3];
		double m1 = a + t[i][2], N = n1 + n2;
		if (N < 2)
			continue;
		obs += a;
		expct += n1 * m1 / N;
		var += n1 * n2 * m1 * (N - m1) / (N * N * (N - 1));
	}
	if (!(var > 0))
		return 1;
	return 1 - ls_stats_norm_cdf((obs - expct) / sqrt(var));
}

/* ------------------------------------------------------------------- OLS */

static void ols_nan(struct ls_ols *o, size_t n)
{
	memset(o, 0, sizeof *o);
	o->n = n;
	o->slope = o->intercept = o->slope_se = o->intercept_se = NAN;
	o->ci95[0] = o->ci95[1] = o->t = o->p_value = o->r2 = o->resid_sd = NAN;
	o->df = n >= 2 ? (double)n - 2 : 0;
	o->xmean = o->ymean = NAN;
}

static void ols_inference(struct ls_ols *o, double df)
{
	o->df = df;
	if (o->slope_se > 0) {
		o->t = o->slope / o->slope_se;
		o->p_value = ls_stats_t_p2(o->t, df);
		double q = ls_stats_t_inv(0.975, df);
		o->ci95[0] = o->slope - q * o->slope_se;
		o->ci95[1] = o->slope + q * o->slope_se;
	} else {
		/* exact fit: the slope is known without error */
		o->t = o->slope == 0 ? 0 : copysign(INFINITY, o->slope);
		o->p_value = o->slope == 0 ? 1 : 0;
		o->ci95[0] = o->ci95[1] = o->slope;
	}
}

int ls_stats_ols(const double *x, const double *y, size_t n, struct ls_ols *o)
{
	ols_nan(o, n);
	if (n < 3)
		return -1;
	double xm = ls_stats_mean(x, n), ym = ls_stats_mean(y, n);
	double sxx = 0, sxy = 0, syy = 0;
	for (size_t i = 0; i < n; i++) {
		double dx = x[i] - xm, dy = y[i] - ym;
		sxx += dx * dx;
		sxy += dx * dy;
		syy += dy * dy;
	}
	if (!(sxx > 0))
		return -1;
	double b = sxy / sxx, rss = 0;
	for (size_t i = 0; i < n; i++) {
		double r = (y[i] - ym) - b * (x[i] - xm);
		rss += r * r;
	}
	double df = (double)n - 2;
	o->slope = b;
	o->intercept = ym - b * xm;
	o->xmean = xm;
	o->ymean = ym;
	o->resid_sd = sqrt(rss / df);
	o->slope_se = o->resid_sd / sqrt(sxx);
	o->intercept_se = o->resid_sd * sqrt(1.0 / (double)n + xm * xm / sxx);
	o->r2 = syy > 0 ? 1 - rss / syy : 0;
	if (o->r2 < 0)
		o->r2 = 0;
	ols_inference(o, df);
	return 0;
}

void ls_ols_adjust(struct ls_ols *o, double factor, double df)
{
	if (isnan(o->slope))
		return;
	if (factor < 1)
		factor = 1;
	if (!(df > 0))
		df = 1;
	o->slope_se *= sqrt(factor);
	o->intercept_se *= sqrt(factor);
	ols_inference(o, df);
}

/* ------------------------------------------------------- multiple regression */

void ls_mls_init(struct ls_mls_acc *a, uint32_t k, bool intercept)
{
	memset(a, 0, sizeof *a);
	a->k = k;
	a->intercept = intercept;
	size_t p = (size_t)k + 1;
	a->center = ls_xcalloc(p, sizeof *a->center);
	a->xtx = ls_xcalloc(p * p, sizeof *a->xtx);
	a->xty = ls_xcalloc(p, sizeof *a->xty);
}

void ls_mls_set_center(struct ls_mls_acc *a, const double *xc, double yc)
{
	/* Centering only preserves the model when there is an intercept. */
	if (!a->intercept)
		return;
	memcpy(a->center, xc, a->k * sizeof *xc);
	a->center[a->k] = yc;
}

/* dst[0..n) += a * src[0..n), two at a time (GCC/Clang vector extension:
 * SSE2 on x86-64; element by element the same products and sums). The
 * accumulation of dense rows is the inner loop of every attribution fit. */
typedef double ls_v2d __attribute__((vector_size(16)));
static inline void axpy(double *dst, const double *src, double a, size_t n)
{
	size_t j = 0;
	ls_v2d va = {a, a};
	for (; j + 2 <= n; j += 2) {
		ls_v2d d, v;
		memcpy(&d, dst + j, sizeof d);
		memcpy(&v, src + j, sizeof v);
		d += va * v;
		memcpy(dst + j, &d, sizeof d);
	}
	for (; j < n; j++)
		dst[j] += a * src[j];
}

void ls_mls_add(struct ls_mls_acc *a, const double *x, double y)
{
	size_t p = (size_t)a->k + 1;
	double row[p];
	row[0] = 1;
	for (uint32_t j = 0; j < a->k; j++)
		row[j + 1] = x[j] - a->center[j];
	double yy = y - a->center[a->k];
	/* Rows of differences (links, counts between samples) are mostly
	 * zeros: then only the products of nonzero entries, which are all that
	 * changes the sums (the same sums, in the same order). */
	size_t nz[p], nnz = 0;
	for (size_t i = 0; i < p; i++)
		if (row[i] != 0)
			nz[nnz++] = i;
	if (nnz * 2 < p) {
		for (size_t q = 0; q < nnz; q++) {
			size_t i = nz[q];
			double ri = row[i], *dst = a->xtx + i * p;
			for (size_t r = q; r < nnz; r++)
				dst[nz[r]] += ri * row[nz[r]];
			a->xty[i] += ri * yy;
		}
		a->yty += yy * yy;
		a->n++;
		return;
	}
	/* upper triangle only; mirrored in solve */
	for (size_t i = 0; i < p; i++) {
		double ri = row[i];
		if (ri == 0)
			continue;
		axpy(a->xtx + i * p + i, row + i, ri, p - i);
		a->xty[i] += ri * yy;
	}
	a->yty += yy * yy;
	a->n++;
}

/* sum a[i] * b[i], i < n, with two vector accumulators */
static inline double dot(const double *a, const double *b, size_t n)
{
	ls_v2d s0 = {0, 0}, s1 = {0, 0};
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		ls_v2d a0, a1, b0, b1;
		memcpy(&a0, a + i, sizeof a0);
		memcpy(&a1, a + i + 2, sizeof a1);
		memcpy(&b0, b + i, sizeof b0);
		memcpy(&b1, b + i + 2, sizeof b1);
		s0 += a0 * b0;
		s1 += a1 * b1;
	}
	s0 += s1;
	double s = s0[0] + s0[1];
	for (; i < n; i++)
		s += a[i] * b[i];
	return s;
}

#define MLS_BLOCK 32

void ls_mls_add_rows(struct ls_mls_acc *a, const double *X, const double *y, size_t n)
{
	size_t p = (size_t)a->k + 1;
	/* column-major block: col[i * MLS_BLOCK + r]; column 0 is the intercept */
	double *col = ls_xmalloc((p + 1) * MLS_BLOCK * sizeof *col);
	double *yc = col + p * MLS_BLOCK;
	for (size_t r0 = 0; r0 < n; r0 += MLS_BLOCK) {
		size_t nb = n - r0 < MLS_BLOCK ? n - r0 : MLS_BLOCK;
		for (size_t r = 0; r < nb; r++) {
			const double *x = X + (r0 + r) * a->k;
			col[r] = 1;
			for (size_t j = 0; j < a->k; j++)
				col[(j + 1) * MLS_BLOCK + r] = x[j] - a->center[j];
			yc[r] = y[r0 + r] - a->center[a->k];
		}
		for (size_t i = 0; i < p; i++) {
			const double *ci = col + i * MLS_BLOCK;
			double *dst = a->xtx + i * p;
			for (size_t j = i; j < p; j++)
				dst[j] += dot(ci, col + j * MLS_BLOCK, nb);
			a->xty[i] += dot(ci, yc, nb);
		}
		a->yty += dot(yc, yc, nb);
		a->n += nb;
	}
	free(col);
}

void ls_mls_transform(const struct ls_mls_acc *a, const double *T, uint32_t k2, struct ls_mls_acc *o)
{
	size_t P = (size_t)a->k + 1, P2 = (size_t)k2 + 1;
	ls_mls_init(o, k2, a->intercept);
	o->n = a->n;
	o->yty = a->yty;
	/* the full T with the intercept: (P x P2), intercept to intercept */
	double *Tf = ls_xcalloc(P * P2, sizeof *Tf);
	Tf[0] = 1;
	for (size_t i = 1; i < P; i++)
		for (size_t j = 1; j < P2; j++)
			Tf[i * P2 + j] = T[(i - 1) * k2 + (j - 1)];
	/* the centers of the new columns follow the same map */
	for (size_t j = 1; j < P2; j++) {
		double c = 0;
		for (size_t i = 1; i < P; i++)
			c += a->center[i - 1] * Tf[i * P2 + j];
		o->center[j - 1] = c;
	}
	o->center[k2] = a->center[a->k];
	double *A = ls_xmalloc(P * P * sizeof *A), *AT = ls_xcalloc(P * P2, sizeof *AT);
	for (size_t i = 0; i < P; i++)
		for (size_t j = 0; j < P; j++)
			A[i * P + j] = i <= j ? a->xtx[i * P + j] : a->xtx[j * P + i];
	for (size_t i = 0; i < P; i++)
		for (size_t l = 0; l < P; l++) {
			double v = A[i * P + l];
			if (v != 0)
				for (size_t j = 0; j < P2; j++)
					AT[i * P2 + j] += v * Tf[l * P2 + j];
		}
	for (size_t i2 = 0; i2 < P2; i2++) {
		for (size_t j2 = i2; j2 < P2; j2++) {
			double v = 0;
			for (size_t i = 0; i < P; i++)
				v += Tf[i * P2 + i2] * AT[i * P2 + j2];
			o->xtx[i2 * P2 + j2] = v;
		}
		double b = 0;
		for (size_t i = 0; i < P; i++)
			b += Tf[i * P2 + i2] * a->xty[i];
		o->xty[i2] = b;
	}
	free(A);
	free(AT);
	free(Tf);
}

void ls_mls_done_acc(struct ls_mls_acc *a)
{
	free(a->center);
	free(a->xtx);
	free(a->xty);
	memset(a, 0, sizeof *a);
}

void ls_mls_done(struct ls_mls *m)
{
	free(m->beta);
	free(m->se);
	free(m->t);
	free(m->p);
	free(m->aliased);
	free(m->cov);
	memset(m, 0, sizeof *m);
}

/* Relative pivot below which a column counts as a combination of earlier ones:
 * 1 - R^2 of the column on its predecessors, in the correlation-scaled matrix. */
#define MLS_ALIAS_TOL 1e-9
/* rows of the Cholesky step and columns of the inverse done together */
#define MLS_CHOL_BLK 8  /* (unrolled by hand below) */
#define MLS_INV_BLK 16  /* (sub_block) */

/* s[b] -= l[r * stride] * X[r * MLS_INV_BLK + b] for r = from, ..., to - 1
 * in that order, for each of the MLS_INV_BLK columns b (in registers) */
static void sub_block(double *s, const double *l, size_t stride, const double *X, size_t from, size_t to)
{
	ls_v2d s0, s1, s2, s3, s4, s5, s6, s7;
	memcpy(&s0, s, sizeof s0);
	memcpy(&s1, s + 2, sizeof s1);
	memcpy(&s2, s + 4, sizeof s2);
	memcpy(&s3, s + 6, sizeof s3);
	memcpy(&s4, s + 8, sizeof s4);
	memcpy(&s5, s + 10, sizeof s5);
	memcpy(&s6, s + 12, sizeof s6);
	memcpy(&s7, s + 14, sizeof s7);
	for (size_t r = from; r < to; r++) {
		double v = l[r * stride];
		ls_v2d lv = {v, v}, x0, x1, x2, x3, x4, x5, x6, x7;
		const double *x = X + r * MLS_INV_BLK;
		memcpy(&x0, x, sizeof x0);
		memcpy(&x1, x + 2, sizeof x1);
		memcpy(&x2, x + 4, sizeof x2);
		memcpy(&x3, x + 6, sizeof x3);
		memcpy(&x4, x + 8, sizeof x4);
		memcpy(&x5, x + 10, sizeof x5);
		memcpy(&x6, x + 12, sizeof x6);
		memcpy(&x7, x + 14, sizeof x7);
		s0 -= lv * x0;
		s1 -= lv * x1;
		s2 -= lv * x2;
		s3 -= lv * x3;
		s4 -= lv * x4;
		s5 -= lv * x5;
		s6 -= lv * x6;
		s7 -= lv * x7;
	}
	memcpy(s, &s0, sizeof s0);
	memcpy(s + 2, &s1, sizeof s1);
	memcpy(s + 4, &s2, sizeof s2);
	memcpy(s + 6, &s3, sizeof s3);
	memcpy(s + 8, &s4, sizeof s4);
	memcpy(s + 10, &s5, sizeof s5);
	memcpy(s + 12, &s6, sizeof s6);
	memcpy(s + 14, &s7, sizeof s7);
}

int ls_mls_solve(const struct ls_mls_acc *a, struct ls_mls *m)
{
	uint32_t k = a->k;
	size_t P = (size_t)k + 1;
	memset(m, 0, sizeof *m);
	m->k = k;
	m->n = a->n;
	m->beta = ls_xcalloc(k ? k : 1, sizeof *m->beta);
	m->se = ls_xcalloc(k ? k : 1, sizeof *m->se);
	m->t = ls_xcalloc(k ? k : 1, sizeof *m->t);
	m->p = ls_xcalloc(k ? k : 1, sizeof *m->p);
	m->aliased = ls_xcalloc(k ? k : 1, sizeof *m->aliased);
	m->cov = ls_xcalloc(k ? (size_t)k * k : 1, sizeof *m->cov);
	m->intercept = m->intercept_se = NAN;
	m->rss = m->sigma = m->r2 = m->df = NAN;
	for (uint32_t j = 0; j < k; j++)
		m->se[j] = m->t[j] = m->p[j] = NAN;

	/* the upper triangle (xtx[i * P + j], i <= j) is all it reads: the
	 * used columns are earlier ones */
	const double *A = a->xtx;

	/* Used columns in priority order: intercept first, then regressors. */
	size_t *col = ls_xmalloc(P * sizeof *col);
	double *d = ls_xmalloc(P * sizeof *d);
	size_t np = 0;
	size_t start = a->intercept ? 0 : 1;
	double *L = ls_xcalloc(P * P, sizeof *L);  /* Cholesky factor of used cols */
	for (size_t c = start; c < P; c++) {
		double diag = A[c * P + c];
		if (!(diag > 0)) {
			if (c)
				m->aliased[c - 1] = true;
			continue;
		}
		double dc = sqrt(diag);
		/* tentative new row of L for the scaled matrix: a forward
		 * substitution, MLS_CHOL_BLK rows at a time (their sums over the
		 * rows already known are independent chains; each sum is still
		 * taken in the order r = 0, 1, ..., so the result is the same) */
		double *row = L + np * P;
		for (size_t q0 = 0; q0 < np; q0 += MLS_CHOL_BLK) {
			size_t nb = np - q0 < MLS_CHOL_BLK ? np - q0 : MLS_CHOL_BLK;
			double s[MLS_CHOL_BLK];
			for (size_t b = 0; b < nb; b++)
				s[b] = A[col[q0 + b] * P + c] / (d[q0 + b] * dc);
			if (nb == MLS_CHOL_BLK) {
				const double *l0 = L + q0 * P, *l1 = l0 + P, *l2 = l1 + P, *l3 = l2 + P;
				const double *l4 = l3 + P, *l5 = l4 + P, *l6 = l5 + P, *l7 = l6 + P;
				double s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
				double s4 = s[4], s5 = s[5], s6 = s[6], s7 = s[7];
				for (size_t r = 0; r < q0; r++) {
					double x = row[r];
					s0 -= l0[r] * x;
					s1 -= l1[r] * x;
					s2 -= l2[r] * x;
					s3 -= l3[r] * x;
					s4 -= l4[r] * x;
					s5 -= l5[r] * x;
					s6 -= l6[r] * x;
					s7 -= l7[r] * x;
				}
				s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
				s[4] = s4, s[5] = s5, s[6] = s6, s[7] = s7;
			} else {
				for (size_t b = 0; b < nb; b++)
					for (size_t r = 0; r < q0; r++)
						s[b] -= L[(q0 + b) * P + r] * row[r];
			}
			for (size_t b = 0; b < nb; b++) {
				size_t q = q0 + b;
				for (size_t r = q0; r < q; r++)
					s[b] -= L[q * P + r] * row[r];
				row[q] = s[b] / L[q * P + q];
			}
		}
		double piv = 1;
		for (size_t q = 0; q < np; q++)
			piv -= row[q] * row[q];
		if (piv < MLS_ALIAS_TOL) {
			memset(row, 0, P * sizeof *row);
			if (c)
				m->aliased[c - 1] = true;
			continue;
		}
		row[np] = sqrt(piv);
		col[np] = c;
		d[np] = dc;
		np++;
	}
	m->rank = (uint32_t)np;
	int rc = 0;
	if (a->n < np + 1 || np == 0) {
		rc = -1;
		goto out;
	}

	/* Inverse of the scaled used matrix: Rinv = L^-T L^-1, column by
	 * column, MLS_INV_BLK columns at a time: each column's sums are taken
	 * in the order of the one-column substitutions (L z = e, then L^T w =
	 * z), so the result is the same, but the columns of a block are
	 * independent, which the inner loops use, and every L element loaded
	 * serves the whole block. Row i < e0 of a block's z is 0 (L is lower
	 * triangular), and so is what it subtracts when L is finite. */
	bool finite = true;
	for (size_t i = 0; i < np && finite; i++)
		for (size_t r = 0; r <= i; r++)
			finite = finite && isfinite(L[i * P + r]);
	double *Rinv = ls_xcalloc(np * np, sizeof *Rinv);
	double *Z = ls_xcalloc(np * MLS_INV_BLK, sizeof *Z);
	double *W = ls_xcalloc(np * MLS_INV_BLK, sizeof *W);
	for (size_t e0 = 0; e0 < np; e0 += MLS_INV_BLK) {
		size_t nb = np - e0 < MLS_INV_BLK ? np - e0 : MLS_INV_BLK;
		size_t r0 = finite ? e0 : 0;
		for (size_t i = 0; i < np; i++) {  /* L z = e */
			double s[MLS_INV_BLK];
			for (size_t b = 0; b < MLS_INV_BLK; b++)
				s[b] = i == e0 + b ? 1 : 0;
			if (i >= r0)
				sub_block(s, L + i * P, 1, Z, r0, i);
			double l = L[i * P + i];
			for (size_t b = 0; b < MLS_INV_BLK; b++)
				Z[i * MLS_INV_BLK + b] = s[b] / l;
		}
		for (size_t ii = np; ii-- > 0;) {  /* L^T w = z */
			double s[MLS_INV_BLK];
			for (size_t b = 0; b < MLS_INV_BLK; b++)
				s[b] = Z[ii * MLS_INV_BLK + b];
			sub_block(s, L + ii, P, W, ii + 1, np);
			double l = L[ii * P + ii];
			for (size_t b = 0; b < MLS_INV_BLK; b++)
				W[ii * MLS_INV_BLK + b] = s[b] / l;
			for (size_t b = 0; b < nb; b++)
				Rinv[ii * np + e0 + b] = W[ii * MLS_INV_BLK + b];
		}
	}
	free(Z);
	free(W);
	free(L);
	L = NULL;
	/* beta = D^-1 Rinv D^-1 Xty ; Ainv = D^-1 Rinv D^-1 (in place) */
	double *Ainv = Rinv;
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < np; j++)
			Ainv[i * np + j] = Rinv[i * np + j] / (d[i] * d[j]);
	double *beta = ls_xcalloc(np, sizeof *beta);
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < np; j++)
			beta[i] += Ainv[i * np + j] * a->xty[col[j]];
	double rss = a->yty;
	for (size_t i = 0; i < np; i++)
		rss -= beta[i] * a->xty[col[i]];
	if (rss < 0)
		rss = 0;
	double df = (double)a->n - (double)np;
	double s2 = rss / df;
	m->df = df;
	m->rss = rss;
	m->sigma = sqrt(s2);
	double tss = a->yty;
	if (a->intercept && a->n > 0)
		tss -= a->xty[0] * a->xty[0] / (double)a->n;
	m->r2 = tss > 0 ? 1 - rss / tss : 0;
	if (m->r2 < 0)
		m->r2 = 0;

	/* map back to regressor indices */
	for (size_t i = 0; i < np; i++) {
		if (col[i] == 0)
			continue;
		size_t j = col[i] - 1;
		m->beta[j] = beta[i];
		m->se[j] = sqrt(s2 * Ainv[i * np + i]);
		for (size_t i2 = 0; i2 < np; i2++)
			if (col[i2])
				m->cov[j * k + (col[i2] - 1)] = s2 * Ainv[i * np + i2];
		if (m->se[j] > 0) {
			m->t[j] = m->beta[j] / m->se[j];
			m->p[j] = ls_stats_t_p2(m->t[j], df);
		} else {
			m->t[j] = m->beta[j] == 0 ? 0 : copysign(INFINITY, m->beta[j]);
			m->p[j] = m->beta[j] == 0 ? 1 : 0;
		}
	}
	if (a->intercept) {
		/* intercept on the original scale: a' + yc - sum beta_j c_j, and its
		 * variance through the full covariance (c = (1, -center)). */
		double icpt = beta[0] + a->center[k];
		double var = 0;
		for (size_t i = 0; i < np; i++) {
			double ci = col[i] == 0 ? 1 : -a->center[col[i] - 1];
			if (col[i])
				icpt -= beta[i] * a->center[col[i] - 1];
			for (size_t j = 0; j < np; j++) {
				double cj = col[j] == 0 ? 1 : -a->center[col[j] - 1];
				var += ci * cj * s2 * Ainv[i * np + j];
			}
		}
		m->intercept = icpt;
		m->intercept_se = var > 0 ? sqrt(var) : 0;
	} else {
		m->intercept = 0;
		m->intercept_se = 0;
	}
	free(beta);
	free(Ainv);
out:
	free(col);
	free(d);
	free(L);
	return rc;
}

int ls_stats_mls(const double *X, const double *y, size_t n, uint32_t k, bool intercept,
	struct ls_mls *out)
{
	struct ls_mls_acc a;
	ls_mls_init(&a, k, intercept);
	if (intercept && n > 0) {
		double *c = ls_xcalloc(k ? k : 1, sizeof *c);
		for (size_t i = 0; i < n; i++)
			for (uint32_t j = 0; j < k; j++)
				c[j] += X[i * k + j];
		for (uint32_t j = 0; j < k; j++)
			c[j] /= (double)n;
		ls_mls_set_center(&a, c, ls_stats_mean(y, n));
		free(c);
	}
	for (size_t i = 0; i < n; i++)
		ls_mls_add(&a, X + i * k, y[i]);
	int rc = ls_mls_solve(&a, out);
	ls_mls_done_acc(&a);
	return rc;
}

double ls_mls_var_comb(const struct ls_mls *m, const double *w)
{
	double v = 0;
	for (uint32_t i = 0; i < m->k; i++) {
		if (m->aliased[i] || w[i] == 0)
			continue;
		for (uint32_t j = 0; j < m->k; j++)
			if (!m->aliased[j])
				v += w[i] * w[j] * m->cov[i * m->k + j];
	}
	return v;
}

/* ------------------------------------------------------------ robust trend */

/* splitmix64: tiny, fast, good enough to pick pairs; fixed seed = reproducible. */
static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform index in [0, n) from 64 random bits (multiply-shift, no division). */
static size_t rand_index(uint64_t *seed, size_t n)
{
#ifdef __SIZEOF_INT128__
	return (size_t)(((unsigned __int128)splitmix64(seed) * n) >> 64);
#else
	return (size_t)(splitmix64(seed) % n);
#endif
}

/* All pairs: the definition, used for small n. */
static double theil_sen_brute(const double *x, const double *y, size_t n)
{
	double *v = ls_xmalloc(n * (n - 1) / 2 * sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (x[j] != x[i])
				v[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	double med = ls_stats_median_inplace(v, m);
	free(v);
	return med;
}

/* One pair p < q of ts_inversions: append its slope when x differ. */
static inline void ts_emit(uint32_t a, uint32_t b, const double *x, const double *y,
	double *out, size_t cap, size_t *nout)
{
	if (x[a] != x[b] && *nout < cap)
		out[(*nout)++] = (y[b] - y[a]) / (x[b] - x[a]);
}

#define TS_RUN 8
/* Merge sort of key[0..n) ascending (id alongside when not NULL); returns the
 * number of pairs p < q with key[q] <= key[p]. Equal keys end up in reverse
 * order of position. When out is given, the slope of every such pair of
 * points (ids into x, y) whose x differ is appended (at most cap). Insertion
 * sort of short runs, then merges between two buffers (kt, it: scratch). */
static uint64_t ts_inversions(double *key, uint32_t *id, double *kt, uint32_t *it, size_t n,
	const double *x, const double *y, double *out, size_t cap, size_t *nout)
{
	uint64_t inv = 0;
	for (size_t lo = 0; lo < n; lo += TS_RUN) {
		size_t hi = lo + TS_RUN < n ? lo + TS_RUN : n;
		for (size_t q = lo + 1; q < hi; q++) {
			double k = key[q];
			uint32_t d = id ? id[q] : 0;
			size_t p = q;
			/* moves before every earlier key >= it: those are its pairs */
			while (p > lo && key[p - 1] >= k) {
				key[p] = key[p - 1];
				if (id) {
					if (out)
						ts_emit(id[p - 1], d, x, y, out, cap, nout);
					id[p] = id[p - 1];
				}
				p--;
			}
			inv += q - p;
			key[p] = k;
			if (id)
				id[p] = d;
		}
	}
	double *src = key, *dst = kt;
	uint32_t *isrc = id, *idst = it;
	for (size_t w = TS_RUN; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi) {
				if (src[i] < src[j]) {
					if (id)
						idst[o] = isrc[i];
					dst[o++] = src[i++];
					continue;
				}
				inv += mid - i;
				if (out)
					for (size_t k = i; k < mid; k++)
						ts_emit(isrc[k], isrc[j], x, y, out, cap, nout);
				if (id)
					idst[o] = isrc[j];
				dst[o++] = src[j++];
			}
			for (; i < mid; i++, o++) {
				if (id)
					idst[o] = isrc[i];
				dst[o] = src[i];
			}
			for (; j < hi; j++, o++) {
				if (id)
					idst[o] = isrc[j];
				dst[o] = src[j];
			}
		}
		double *t = src;
		src = dst;
		dst = t;
		uint32_t *u = isrc;
		isrc = idst;
		idst = u;
	}
	if (src != key) {
		memcpy(key, src, n * sizeof *key);
		if (id)
			memcpy(id, isrc, n * sizeof *id);
	}
	return inv;
}

/* ts_inversions for keys alone (the count, the hot path): same result. */
static uint64_t ts_count_inv(double *key, double *kt, size_t n)
{
	uint64_t inv = 0;
	for (size_t lo = 0; lo < n; lo += TS_RUN) {
		size_t hi = lo + TS_RUN < n ? lo + TS_RUN : n;
		for (size_t q = lo + 1; q < hi; q++) {
			double k = key[q];
			size_t p = q;
			while (p > lo && key[p - 1] >= k) {
				key[p] = key[p - 1];
				p--;
			}
			inv += q - p;
			key[p] = k;
		}
	}
	double *src = key, *dst = kt;
	for (size_t w = TS_RUN; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n;
			size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi) {
				double a = src[i], b = src[j];
				bool right = !(a < b);
				inv += right ? mid - i : 0;
				dst[o++] = right ? b : a;
				i += !right;
				j += right;
			}
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
		}
		double *t = src;
		src = dst;
		dst = t;
	}
	return inv;
}

struct ts_work {
	const double *x, *y;   /* sorted by x, ties by y descending */
	size_t n;
	uint64_t ties;         /* pairs with equal x (not slopes) */
	double *key, *kt;
	uint32_t *id, *it;
	double xmax, ymax;     /* largest |x| (x centred) and |y|: ts_resolution */
};

/* Number of pairwise slopes <= t. For x_i < x_j, slope <= t exactly when
 * y_j - t x_j <= y_i - t x_i: an inversion of those keys in x order. Pairs
 * with equal x are always counted (y descending) and taken off again. */
static uint64_t ts_count_le(struct ts_work *w, double t)
{
	for (size_t i = 0; i < w->n; i++)
		w->key[i] = w->y[i] - t * w->x[i];
	return ts_count_inv(w->key, w->kt, w->n) - w->ties;
}

/* The smallest step below slope v that the keys y - t x can tell from v:
 * about 2^-40 of v, or, near 0, a slope whose t x moves the largest |y| by
 * 2^-40 of itself (below that, t x is lost in y's rounding and every pair
 * of equal y would count as "below 0"). */
static double ts_resolution(const struct ts_work *w, double v)
{
	double rel = fabs(v) * 0x1p-40;
	double abs = w->xmax > 0 ? w->ymax * 0x1p-40 / w->xmax : 0;
	return rel > abs ? rel : abs > 0 ? abs : DBL_MIN;
}

/* Is every middle rank of the pairwise slopes v, up to ts_resolution? Only
 * tried when the sample's own median repeats (cheap test first). */
static bool ts_is_median_atom(struct ts_work *w, double v, uint64_t rlo, uint64_t rhi)
{
	return ts_count_le(w, v - ts_resolution(w, v)) <= rlo && ts_count_le(w, v) > rhi;
}

/* Move the bracket's end on t's side of the middle ranks [rlo, rhi] to t
 * (its count of slopes <= t with it); false when t is inside them. */
static bool ts_narrow(struct ts_work *w, double t, uint64_t rlo, uint64_t rhi, double *tl, uint64_t *cl, double *th,
	uint64_t *ch)
{
	uint64_t c = ts_count_le(w, t);
	if (c <= rlo) {
		*tl = t;
		*cl = c;
	} else if (c > rhi) {
		*th = t;
		*ch = c;
	} else {
		return false;
	}
	return true;
}

struct ts_pt { double x, y; };
static int ts_pt_cmp(const void *a, const void *b)
{
	const struct ts_pt *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->y > q->y ? -1 : p->y < q->y ? 1 : 0;
}

/* Exact Theil–Sen in O(n log n) expected time (no pair list of size n^2):
 * a sample of pairs brackets the median slope, counting (ts_count_le)
 * narrows the bracket [tl, th] until few pairs lie inside, and those are
 * listed (the inversions of the keys at th among the points ordered by their
 * keys at tl: exactly the pairs with tl < slope <= th) and the median picked
 * among them by rank. The value of theil_sen_brute up to rounding: a pair
 * whose slope is within rounding of tl or th (~1e-15 relative, more when x is
 * huge and the pair close) may be counted on the wrong side, which moves the
 * answer by at most that rounding or to a neighbouring, near-equal slope. */
static double theil_sen_fast(const double *x0, const double *y0, size_t n)
{
	struct ts_pt *pt = ls_xmalloc(n * sizeof *pt);
	for (size_t i = 0; i < n; i++)
		pt[i] = (struct ts_pt){x0[i], y0[i]};
	bool sorted = true;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = ts_pt_cmp(&pt[i - 1], &pt[i]) <= 0;
	if (!sorted)
		qsort(pt, n, sizeof *pt, ts_pt_cmp);
	double *x = ls_xmalloc(n * sizeof *x), *y = ls_xmalloc(n * sizeof *y);
	struct ts_work w = {x, y, n, 0, ls_xmalloc(n * sizeof(double)), ls_xmalloc(n * sizeof(double)),
		ls_xmalloc(n * sizeof(uint32_t)), ls_xmalloc(n * sizeof(uint32_t)), 0, 0};
	for (size_t i = 0, g = 0; i < n; i++) {
		x[i] = pt[i].x;
		y[i] = pt[i].y;
		g = (i > 0 && x[i] == x[i - 1]) ? g + 1 : 0;
		w.ties += g;
	}
	free(pt);
	/* keys y - t x: around the middle x they lose the least to rounding
	 * (slopes do not change when x is shifted) */
	double xc = x[n / 2];
	for (size_t i = 0; i < n; i++) {
		x[i] -= xc;
		w.xmax = fmax(w.xmax, fabs(x[i]));
		w.ymax = fmax(w.ymax, fabs(y[i]));
	}
	double med = NAN, *s = NULL, *e = NULL;
	uint64_t total = (uint64_t)n * (n - 1) / 2 - w.ties;
	if (total == 0)
		goto out;
	uint64_t rlo = (total - 1) / 2, rhi = total / 2;   /* 0-based ranks of the middle */

	/* bracket from a fixed-seed sample: the median's rank in a sample of m
	 * has a standard deviation <= sqrt(m)/2; take 4 of them each side */
	size_t m = 0, smax = 4096;
	s = ls_xmalloc(smax * sizeof *s);
	uint64_t seed = 0x5eed1eaf5c0deull;
	for (size_t tries = 0; m < smax && tries < 8 * smax; tries++) {
		size_t i = rand_index(&seed, n), j = rand_index(&seed, n);
		if (x[i] != x[j])
			s[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	}
	double tl = -1, th = 1, sc = NAN;
	if (m > 0) {
		/* the sample's median and the ranks 4 standard deviations around it */
		size_t c = (size_t)((double)rlo / (double)total * (double)m);
		double mg = 2 * sqrt((double)m) + 4;
		size_t lo = (double)c - mg > 0 ? (size_t)((double)c - mg) : 0;
		size_t hi = (double)c + mg < (double)(m - 1) ? (size_t)((double)c + mg) : m - 1;
		sc = select_kth(s, m, c);
		tl = lo < c ? select_kth(s, c, lo) : sc;
		th = hi > c ? select_kth(s + c + 1, m - c - 1, hi - c - 1) : sc;
		/* a slope shared by the middle pairs (a site whose size rarely
		 * moves: most slopes are exactly 0) is the answer when the counts
		 * just below and at it straddle both middle ranks */
		size_t same = 0;
		for (size_t i = 0; i < m && same < 2; i++)
			same += s[i] == sc;
		if (same >= 2 && ts_is_median_atom(&w, sc, rlo, rhi)) {
			med = sc;
			goto out;
		}
	}
	if (!(th > tl)) {
		double d = fabs(tl) * 1e-6 + 1e-12;
		tl -= d;
		th += d;
	}
	uint64_t cl = ts_count_le(&w, tl), ch = ts_count_le(&w, th);
	for (double d = th - tl; cl > rlo && isfinite(tl); d *= 2)   /* widen until it brackets */
		cl = ts_count_le(&w, tl -= d);
	for (double d = th - tl; ch <= rhi && isfinite(th); d *= 2)
		ch = ts_count_le(&w, th += d);
	if (!isfinite(tl) || !isfinite(th)) {
		med = theil_sen_brute(x, y, n);
		goto out;
	}
	/* narrow: aim just outside the middle ranks from each side (the slopes
	 * are dense near the median, so linear interpolation of the count works) */
	/* listing a pair costs far less than a count (n log n): stop early */
	uint64_t limit = 16 * (uint64_t)n > 65536 ? 16 * (uint64_t)n : 65536;
	for (int iter = 0; iter < 64 && ch - cl > limit; iter++) {
		uint64_t span = ch - cl;
		double goal[2] = {(double)rlo - (double)limit / 4, (double)rhi + (double)limit / 4};
		for (int k = 0; k < 2; k++) {
			double f = (goal[k] - (double)cl) / (double)span;
			f = f < 0.02 ? 0.02 : f > 0.98 ? 0.98 : f;
			double t = tl + f * (th - tl);
			if (!(t > tl && t < th))
				continue;
			ts_narrow(&w, t, rlo, rhi, &tl, &cl, &th, &ch);
		}
		if (ch - cl == span)
			break;  /* no progress (the middle sits on one repeated slope) */
	}
	/* halve what interpolation could not split, down to rounding */
	for (int iter = 0; iter < 64 && ch - cl > limit; iter++) {
		double t = tl + (th - tl) / 2;
		if (!(t > tl && t < th) || !ts_narrow(&w, t, rlo, rhi, &tl, &cl, &th, &ch))
			break;
	}
	if (ch - cl > 4 * limit) {
		/* the keys cannot tell these slopes apart (e.g. a constant y,
		 * whose slopes near 0 are lost in its rounding): they are one
		 * slope up to rounding, and listing them would take n^2 memory */
		med = sc >= tl && sc <= th ? sc : tl + (th - tl) / 2;
		goto out;
	}
	/* list the pairs inside: order by key at tl, count inversions of keys at th */
	for (size_t i = 0; i < n; i++) {
		w.key[i] = y[i] - tl * x[i];
		w.id[i] = (uint32_t)i;
	}
	ts_inversions(w.key, w.id, w.kt, w.it, n, NULL, NULL, NULL, 0, NULL);
	for (size_t i = 0; i < n; i++)
		w.key[i] = y[w.id[i]] - th * x[w.id[i]];
	size_t cap = (size_t)(ch - cl) + 1024, ne = 0;
	e = ls_xmalloc(cap * sizeof *e);
	ts_inversions(w.key, w.id, w.kt, w.it, n, x, y, e, cap, &ne);
	if (ne == 0) {
		med = (tl + th) / 2;
		goto out;
	}
	/* rounding can shift a slope that equals tl across it: clamp the rank */
	size_t khi = rhi - cl < ne ? (size_t)(rhi - cl) : ne - 1;
	double hi = select_kth(e, ne, khi);
	if (rhi == rlo || khi == 0 || rlo < cl) {
		med = rhi == rlo ? hi : (khi == 0 || rlo < cl ? (tl + hi) / 2 : hi);
	} else {
		double lo = e[0];
		for (size_t i = 1; i < khi; i++)
			if (e[i] > lo)
				lo = e[i];
		med = (lo + hi) / 2;
	}
out:
	free(s);
	free(e);
	free(x);
	free(y);
	free(w.key);
	free(w.kt);
	free(w.id);
	free(w.it);
	return med;
}

/* Median of LS_THEIL_SEN_SAMPLES pairs drawn with a fixed seed. */
static double theil_sen_sampled(const double *x, const double *y, size_t n)
{
	double *v = ls_xmalloc(LS_THEIL_SEN_SAMPLES * sizeof *v);
	uint64_t seed = 0x5eed1eaf5c0deull;
	size_t m = 0;
	for (size_t tries = 0; m < LS_THEIL_SEN_SAMPLES && tries < 4 * (size_t)LS_THEIL_SEN_SAMPLES; tries++) {
		size_t i = rand_index(&seed, n), j = rand_index(&seed, n);
		if (x[j] != x[i])
			v[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	}
	double med = ls_stats_median_inplace(v, m);
	free(v);
	return med;
}

double ls_stats_theil_sen(const double *x, const double *y, size_t n)
{
	if (n < 2)
		return NAN;
	if (n <= LS_THEIL_SEN_BRUTE_MAX)
		return theil_sen_brute(x, y, n);
	if (n <= LS_THEIL_SEN_EXACT_MAX)
		return theil_sen_fast(x, y, n);
	return theil_sen_sampled(x, y, n);
}

/* Merge sort of v that returns the number of pairs i < j with v[i] > v[j]. */
static uint64_t sort_count_inversions(double *v, double *tmp, size_t n)
{
	uint64_t inv = 0;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi) {
				if (v[i] <= v[j]) {
					tmp[o++] = v[i++];
				} else {
					inv += mid - i;
					tmp[o++] = v[j++];
				}
			}
			while (i < mid)
				tmp[o++] = v[i++];
			while (j < hi)
				tmp[o++] = v[j++];
		}
		memcpy(v, tmp, n * sizeof *v);
	}
	return inv;
}

int ls_stats_mann_kendall(const double *y, size_t n, struct ls_mk *o)
{
	memset(o, 0, sizeof *o);
	o->n = n;
	if (n < 3) {
		o->s = o->var_s = o->z = o->p_value = o->tau = NAN;
		return -1;
	}
	double *v = ls_xmalloc(n * sizeof *v), *tmp = ls_xmalloc(n * sizeof *tmp);
	memcpy(v, y, n * sizeof *v);
	uint64_t disc = sort_count_inversions(v, tmp, n);
	/* tie groups in y: pairs with equal values and the variance correction */
	double tied_pairs = 0, tie_term = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j] == v[i])
			j++;
		double t = (double)(j - i);
		if (t > 1) {
			tied_pairs += t * (t - 1) / 2;
			tie_term += t * (t - 1) * (2 * t + 5);
		}
		i = j;
	}
	free(v);
	free(tmp);
	double nd = (double)n, pairs = nd * (nd - 1) / 2;
	double conc = pairs - (double)disc - tied_pairs;
	o->s = conc - (double)disc;
	o->var_s = (nd * (nd - 1) * (2 * nd + 5) - tie_term) / 18;
	o->tau = o->s / pairs;
	if (o->var_s > 0) {
		double s = o->s;
		o->z = s > 0 ? (s - 1) / sqrt(o->var_s) : s < 0 ? (s + 1) / sqrt(o->var_s) : 0;
	} else {
		o->z = 0;
	}
	o->p_value = ls_stats_norm_p2(o->z);
	return 0;
}

/* ------------------------------------------------------------ change point */

struct seg_sums {
	double n, u, uu, y, uy, yy;
};

/* Least-squares line on one segment of normalized data; returns SSE and the
 * slope/intercept in u. */
static double seg_fit(const struct seg_sums *s, double *slope, double *icpt)
{
	double suu = s->uu - s->u * s->u / s->n;
	double suy = s->uy - s->u * s->y / s->n;
	double syy = s->yy - s->y * s->y / s->n;
	double b = suu > 1e-300 ? suy / suu : 0;
	double sse = syy - b * suy;
	if (slope) {
		*slope = b;
		*icpt = s->y / s->n - b * s->u / s->n;
	}
	return sse > 0 ? sse : 0;
}

int ls_stats_changepoint(const double *x, const double *y, size_t n, size_t minseg,
	struct ls_changepoint *o)
{
	memset(o, 0, sizeof *o);
	o->n = n;
	o->f = o->p_value = NAN;
	if (minseg < 3)
		minseg = 3;
	if (n < 2 * minseg || !(x[n - 1] > x[0]))
		return -1;
	double x0 = x[0], range = x[n - 1] - x[0];
	double ym = ls_stats_mean(y, n);
	/* prefix sums over normalized u in [0,1] and centered y */
	struct seg_sums *pre = ls_xmalloc((n + 1) * sizeof *pre);
	memset(&pre[0], 0, sizeof pre[0]);
	for (size_t i = 0; i < n; i++) {
		double u = (x[i] - x0) / range, w = y[i] - ym;
		pre[i + 1].n = pre[i].n + 1;
		pre[i + 1].u = pre[i].u + u;
		pre[i + 1].uu = pre[i].uu + u * u;
		pre[i + 1].y = pre[i].y + w;
		pre[i + 1].uy = pre[i].uy + u * w;
		pre[i + 1].yy = pre[i].yy + w * w;
	}
	const struct seg_sums *tot = &pre[n];
	double best = INFINITY;
	size_t bb = 0;
	for (size_t b = minseg; b + minseg <= n; b++) {
		/* a break between equal x values would split one request: skip */
		if (x[b] == x[b - 1])
			continue;
		struct seg_sums s2 = {
			tot->n - pre[b].n, tot->u - pre[b].u, tot->uu - pre[b].uu,
			tot->y - pre[b].y, tot->uy - pre[b].uy, tot->yy - pre[b].yy,
		};
		double sse = seg_fit(&pre[b], NULL, NULL) + seg_fit(&s2, NULL, NULL);
		if (sse < best) {
			best = sse;
			bb = b;
		}
	}
	if (bb == 0) {
		free(pre);
		return -1;
	}
	double a1, b1, a2, b2;
	struct seg_sums s2 = {
		tot->n - pre[bb].n, tot->u - pre[bb].u, tot->uu - pre[bb].uu,
		tot->y - pre[bb].y, tot->uy - pre[bb].uy, tot->yy - pre[bb].yy,
	};
	o->sse1 = seg_fit(&pre[bb], &b1, &a1);
	o->sse2 = seg_fit(&s2, &b2, &a2);
	o->sse_line = seg_fit(tot, NULL, NULL);
	free(pre);
	o->brk = bb;
	/* back to the original x: y = ym + a + b (x - x0) / range */
	o->slope1 = b1 / range;
	o->intercept1 = ym + a1 - b1 * x0 / range;
	o->slope2 = b2 / range;
	o->intercept2 = ym + a2 - b2 * x0 / range;
	o->level1_start = o->intercept1 + o->slope1 * x[0];
	o->level1_end = o->intercept1 + o->slope1 * x[bb - 1];
	o->level2_start = o->intercept2 + o->slope2 * x[bb];
	o->level2_end = o->intercept2 + o->slope2 * x[n - 1];
	double sse12 = o->sse1 + o->sse2, dfr = (double)n - 4;
	if (sse12 > 0) {
		o->f = ((o->sse_line - sse12) / 3) / (sse12 / dfr);
		if (o->f < 0)
			o->f = 0;
		o->p_value = ls_stats_f_sf(o->f, 3, dfr);
	} else {
		o->f = o->sse_line > 0 ? INFINITY : 0;
		o->p_value = o->sse_line > 0 ? 0 : 1;
	}
	return 0;
}
