/* detect.c — an endpoint's own series: warm-up, steady-state trend, series
 * verdict (see detect.h). The cross-endpoint combination is in verdict.c. */
#include "detect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const struct ls_detect_config ls_detect_defaults = {
	.min_samples = 12,
	.alpha = 0.01,
	.attrib_alpha = 0.001,
	.material_kb_per_request = 0.5,
	.material_kb_per_error = 32.0,
	.material_total_mb = 1.0,
	.material_window_mb = 16.0,
	.warmup_max_frac = 0.6,
	.max_suspects = 5,
};

static const char *const verdict_names[LS_VERDICT_COUNT] = {
	[LS_VERDICT_TOO_FEW] = "TOO_FEW",
	[LS_VERDICT_STABLE] = "STABLE",
	[LS_VERDICT_WARMUP] = "WARMUP",
	[LS_VERDICT_NOISY] = "NOISY",
	[LS_VERDICT_GROWING] = "GROWING",
	[LS_VERDICT_ERROR_PATH_LEAK] = "ERROR_PATH_LEAK",
	[LS_VERDICT_LEAK] = "LEAK",
};

const char *ls_verdict_name(enum ls_verdict_kind v)
{
	return (unsigned)v < LS_VERDICT_COUNT ? verdict_names[v] : "?";
}

/* tracemalloc numbers have 3 decimals: nothing below 1 KB is a signal. */
#define MB_RESOLUTION 0.001
/* Most warm-up peelings: a saturating curve needs a few to reach its plateau. */
#define WARMUP_ROUNDS 4

/* Median of y[lo, hi) (at most 2 * STEP_SPAN + 1 values). */
#define STEP_SPAN 5
static double small_median(const double *y, size_t lo, size_t hi)
{
	double v[2 * STEP_SPAN + 1];
	size_t k = 0;
	for (size_t i = lo; i < hi && k < 2 * STEP_SPAN + 1; i++) {
		size_t j = k++;
		for (; j > 0 && v[j - 1] > y[i]; j--)
			v[j] = v[j - 1];
		v[j] = y[i];
	}
	return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
}

/* The level after point i (the values following it) minus the level
 * before it: what request i left behind, robust to its own transient. */
static double step_at(const double *y, size_t n, size_t i)
{
	size_t lo = i > STEP_SPAN ? i - STEP_SPAN : 0, hi = i + 1 + STEP_SPAN < n ? i + 1 + STEP_SPAN : n;
	return small_median(y, i + 1, hi) - small_median(y, lo, i);
}

/* How much of the rise over the first w points the errors left behind:
 * their steps, less what a step of a request without an error is on
 * average there (a smooth warm-up rises under every request alike). */
static double error_steps(const double *y, const bool *err, size_t w, size_t n)
{
	double se = 0, so = 0;
	size_t ne = 0, no = 0;
	size_t end = w + STEP_SPAN < n - 1 ? w + STEP_SPAN : n - 1;
	for (size_t i = 1; i < end; i++) {
		double s = step_at(y, n, i);
		if (err[i]) {
			se += s;
			ne++;
		} else {
			so += s;
			no++;
		}
	}
	/* without enough other requests to say what a step is there (a
	 * service failing through its warm-up), the errors explain nothing */
	if (!ne || no < 5 || no < ne / 4)
		return 0;
	return se - so / (double)no * (double)ne;
}

size_t ls_detect_warmup(const double *x, const double *y, const bool *err, size_t n, double max_frac,
	double *rise_mb)
{
	size_t start = 0;
	double rise_total = 0;
	for (int round = 0; round < WARMUP_ROUNDS; round++) {
		size_t len = n - start;
		if (len < 24)
			break;
		size_t minseg = len / 20 > 5 ? len / 20 : 5;
		struct ls_changepoint cp;
		if (ls_stats_changepoint(x + start, y + start, len, minseg, &cp) != 0)
			break;
		size_t b = cp.brk;
		if ((double)(start + b) > max_frac * (double)n)
			break;
		double dx1 = x[start + b] - x[start];
		double rise = cp.level2_start - cp.level1_start;
		double sd2 = sqrt(cp.sse2 / (double)(len - b - 2));
		double noise = sd2 > MB_RESOLUTION ? sd2 : MB_RESOLUTION;
		/* A warm-up: a rise well above the steady-state noise beyond what
		 * the steady slope explains, at a rate the steady state does not
		 * keep up (clearly flatter after), and a break the data really
		 * wants. A steady leak fails the first two tests (same slope on both
		 * sides), a late-onset leak the first. A leak after a warm-up passes:
		 * only the excess is the warm-up. */
		double s2 = cp.slope2 > 0 ? cp.slope2 : 0;
		double excess = rise - s2 * dx1;
		if (!(dx1 > 0) || !(excess > 4 * noise) || !(rise / dx1 > 2.5 * s2) || !(cp.p_value < 1e-4))
			break;
		start += b;
		rise_total += rise;
	}
	if (err && start > 0 && error_steps(y, err, start, n) >= 0.6 * rise_total) {
		start = 0;
		rise_total = 0;
	}
	if (rise_mb)
		*rise_mb = rise_total;
	return start;
}

/* One fit of the line plus the curve of time constant tau (tau 0: the
 * line alone); residuals into r when given. */
static int levelling_fit(const double *x, const double *y, size_t n, double tau, double *X, double *r,
	struct ls_mls *fit)
{
	uint32_t k = tau > 0 ? 2 : 1;
	for (size_t i = 0; i < n; i++) {
		X[k * i] = x[i] - x[0];
		if (tau > 0)
			X[k * i + 1] = exp(-(x[i] - x[0]) / tau);
	}
	if (ls_stats_mls(X, y, n, k, true, fit) != 0) {
		ls_mls_done(fit);
		return -1;
	}
	if (r)
		for (size_t i = 0; i < n; i++) {
			double f = fit->intercept;
			for (uint32_t j = 0; j < k; j++)
				if (!fit->aliased[j])
					f += fit->beta[j] * X[k * i + j];
			r[i] = y[i] - f;
		}
	return 0;
}

double ls_detect_levelling(const double *x, const double *y, size_t n, double min_sd, double *amp, double *slope)
{
	*amp = *slope = NAN;
	if (n < 60 || !(x[n - 1] > x[0]))
		return 0;
	static const double frac[] = {1.0 / 40, 1.0 / 25, 1.0 / 15, 1.0 / 10, 1.0 / 6, 1.0 / 4};
	double span = x[n - 1] - x[0], best = 0, best_rss = INFINITY;
	double *X = ls_xmalloc(2 * n * sizeof *X), *r = ls_xmalloc(n * sizeof *r);
	for (size_t f = 0; f < sizeof frac / sizeof frac[0]; f++) {
		struct ls_mls fit;
		if (levelling_fit(x, y, n, span * frac[f], X, NULL, &fit) != 0)
			continue;
		if (!fit.aliased[1] && fit.beta[1] < 0 && fit.rss < best_rss) {
			best_rss = fit.rss;
			best = span * frac[f];
		}
		ls_mls_done(&fit);
	}
	double tau = 0;
	struct ls_mls line, fit;
	if (best > 0 && levelling_fit(x, y, n, 0, X, NULL, &line) == 0) {
		if (levelling_fit(x, y, n, best, X, r, &fit) == 0) {
			double df = (double)n - 3, sd = sqrt(fit.rss / df);
			double infl = ls_stats_lrv_factor(r, n, n / 20 > 10 ? n / 20 : 10);
			if (infl < 1)
				infl = 1;
			double fs = (line.rss - fit.rss) / (fit.rss / df) / infl;
			if (-fit.beta[1] > min_sd * sd && fs > 0 && ls_stats_f_sf(fs, 1, df / infl) < 1e-4) {
				tau = best;
				*amp = -fit.beta[1];
				*slope = fit.beta[0];
			}
			ls_mls_done(&fit);
		}
		ls_mls_done(&line);
	}
	free(X);
	free(r);
	return tau;
}

double ls_detect_jump_mb(const double *absdiff, size_t n)
{
	return 4.5 * 1.4826 * ls_stats_median(absdiff, n);
}

size_t ls_detect_onset(const double *x, const double *y, size_t n, double material_kb)
{
	if (n < 100)
		return 0;
	struct ls_changepoint cp;
	if (ls_stats_changepoint(x, y, n, n / 10, &cp) != 0)
		return 0;
	double s1 = cp.slope1 > 0 ? cp.slope1 : 0;
	/* the later regime grows materially, at least twice as fast, the break
	 * is overwhelming, and enough of the series is left to judge it */
	if (cp.slope2 * 1024 >= material_kb && cp.slope2 > 2 * s1 && cp.p_value < 1e-6 &&
	    n - cp.brk >= (n / 5 > 50 ? n / 5 : 50))
		return cp.brk;
	return 0;
}

/* A material slope is "growing" (not yet significant) while its p-value is
 * suggestive; above this it is indistinguishable from noise (NOISY). */
#define GROWING_P 0.25

/* Residual lag-1 autocorrelation is capped: beyond this the series is a
 * random walk for our purpose and the variance factor would be meaningless. */
#define RHO_MAX 0.98

int ls_detect_trend(const double *x, const double *y, size_t n, struct ls_ols *o, double *rho_out)
{
	if (rho_out)
		*rho_out = 0;
	if (ls_stats_ols(x, y, n, o) != 0)
		return -1;
	double *r = ls_xmalloc(n * sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = y[i] - (o->intercept + o->slope * x[i]);
	double rho = ls_stats_acf1(r, n);
	free(r);
	if (rho > RHO_MAX)
		rho = RHO_MAX;
	if (rho_out)
		*rho_out = rho;
	/* AR(1) residuals: the slope's variance grows by (1 + rho) / (1 - rho)
	 * and the information is that of n / factor independent points. */
	if (rho > 0) {
		double f = (1 + rho) / (1 - rho);
		double df = o->df / f;
		ls_ols_adjust(o, f, df > 1 ? df : 1);
	}
	return 0;
}

static void fit_nan(struct ls_series_fit *f)
{
	memset(f, 0, sizeof *f);
	f->warmup_rise_mb = 0;
	f->slope_kb_per_request = f->ci95[0] = f->ci95[1] = f->p_value = f->r2 = NAN;
	f->intercept_mb = f->theil_sen_kb_per_request = f->mk_z = f->mk_p = NAN;
	f->cv_pct = f->rho = f->mean_mb = f->resid_sd_mb = f->mb_per_10k = NAN;
}

double ls_detect_material_kb(const struct ls_detect_config *cfg, double requests)
{
	double kb = requests > 0 ? cfg->material_window_mb * 1024 / requests : INFINITY;
	return kb < cfg->material_kb_per_request ? kb : cfg->material_kb_per_request;
}

int ls_detect_series(const struct ls_endpoint *ep, const struct ls_detect_config *cfg,
	struct ls_series_fit *f, enum ls_verdict_kind *kind)
{
	if (!cfg)
		cfg = &ls_detect_defaults;
	fit_nan(f);
	*kind = LS_VERDICT_TOO_FEW;
	uint32_t n = 0;
	for (uint32_t r = 0; r < ep->n; r++)
		n += ls_endpoint_heap_point(ep, r);
	f->n = n;
	if (n == 0)
		return 0;
	double *x = ls_xmalloc(n * sizeof *x), *y = ls_xmalloc(n * sizeof *y);
	int64_t *req = ls_xmalloc(n * sizeof *req);
	bool *err = ls_xmalloc(n * sizeof *err);
	uint32_t k = 0;
	for (uint32_t r = 0; r < ep->n; r++)
		if (ls_endpoint_heap_point(ep, r)) {
			req[k] = ep->req_no[r];
			err[k] = (ep->flags[r] & LS_REQ_ERROR) != 0;
			y[k++] = ep->current_mb[r];
		}
	/* Request numbers are the x axis unless the file has none worth the name
	 * (all equal, or mostly missing or past 2^53, model.h): then the row
	 * order is all we have. */
	uint32_t distinct = 1;
	for (uint32_t i = 1; i < n; i++)
		distinct += req[i] != req[i - 1];
	f->by_row = !ls_endpoint_ids_usable(ep) || distinct < n / 2 + 1 || req[n - 1] <= req[0];
	/* x counts from the first request: ids near 2^60 would lose their
	 * spacing as doubles (1 apart, 256 per ulp) and the fit turn to NaN */
	for (uint32_t i = 0; i < n; i++)
		x[i] = f->by_row ? (double)i : (double)(req[i] - req[0]);
	f->first_req = f->by_row ? 0 : req[0];
	f->last_req = f->by_row ? (int64_t)n - 1 : req[n - 1];
	f->mean_mb = ls_stats_mean(y, n);
	f->cv_pct = ls_stats_cv(y, n);
	f->steady_n = n;
	f->steady_first_req = f->first_req;
	if (n < cfg->min_samples || n < 3)
		goto out;

	size_t w = ls_detect_warmup(x, y, err, n, cfg->warmup_max_frac, &f->warmup_rise_mb);
	if (n - w < 8) {
		w = 0;
		f->warmup_rise_mb = 0;
	}
	f->warmup_n = (uint32_t)w;
	f->steady_n = n - (uint32_t)w;
	f->steady_first_req = f->by_row ? (int64_t)w : req[w];
	f->warmup_requests = f->steady_first_req - f->first_req;
	const double *sx = x + w, *sy = y + w;
	size_t sn = n - w;
	struct ls_ols o;
	if (ls_detect_trend(sx, sy, sn, &o, &f->rho) != 0) {
		*kind = LS_VERDICT_STABLE;  /* every sample at one request number */
		goto out;
	}
	f->slope_kb_per_request = o.slope * 1024;
	f->ci95[0] = o.ci95[0] * 1024;
	f->ci95[1] = o.ci95[1] * 1024;
	f->p_value = o.p_value;
	f->r2 = o.r2;
	f->intercept_mb = o.intercept;
	f->resid_sd_mb = o.resid_sd;
	f->mb_per_10k = o.slope * 10000;
	f->theil_sen_kb_per_request = ls_stats_theil_sen(sx, sy, sn) * 1024;
	struct ls_mk mk;
	if (ls_stats_mann_kendall(sy, sn, &mk) == 0) {
		f->mk_z = mk.z;
		f->mk_p = mk.p_value;
	}
	f->mean_mb = ls_stats_mean(sy, sn);
	f->cv_pct = ls_stats_cv(sy, sn);

	/* (not the window's bar: the curve is the whole process heap, where a
	 * long capture's cache filling would make every endpoint's) */
	double mat = cfg->material_kb_per_request;
	bool sig = f->p_value < cfg->alpha && f->ci95[0] > 0 && f->theil_sen_kb_per_request > 0;
	if (sig && f->slope_kb_per_request >= mat)
		*kind = LS_VERDICT_LEAK;
	else if (f->slope_kb_per_request >= mat && f->theil_sen_kb_per_request > 0 && f->p_value < GROWING_P)
		*kind = LS_VERDICT_GROWING;
	else if (f->ci95[1] >= mat && !sig)
		*kind = LS_VERDICT_NOISY;
	else if (w > 0)
		*kind = LS_VERDICT_WARMUP;
	else
		*kind = LS_VERDICT_STABLE;
out:
	free(x);
	free(y);
	free(req);
	free(err);
	return 0;
}
