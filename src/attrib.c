/* attrib.c — cross-endpoint attribution of the heap (see attrib.h). */
#include "attrib.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "stats.h"
#include "util.h"

static bool tl_has_mem(const struct ls_process *p, uint64_t i, double *mb)
{
	const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
	uint32_t r = p->tl_row[i];
	uint16_t f = ep->flags[r];
	if (!(f & LS_REQ_HAS_MEM) || (f & LS_REQ_TRACKING_OFF) || !isfinite(ep->current_mb[r]))
		return false;
	*mb = ep->current_mb[r];
	return true;
}

static int64_t tl_req(const struct ls_process *p, uint64_t i)
{
	return p->ep[p->tl_ep[i]].req_no[p->tl_row[i]];
}

/* Are request numbers a usable process clock? Mostly distinct and increasing. */
static bool ids_usable(const struct ls_process *p)
{
	if (p->ntl < 3)
		return false;
	uint64_t distinct = 1;
	for (uint64_t i = 1; i < p->ntl; i++)
		distinct += tl_req(p, i) != tl_req(p, i - 1);
	return distinct * 2 > p->ntl && tl_req(p, p->ntl - 1) > tl_req(p, 0);
}

/* Process warm-up on the merged heap series: first request number of the
 * steady state. */
static int64_t process_warmup_end(const struct ls_process *p)
{
	double *x = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *x);
	double *y = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *y);
	size_t n = 0;
	for (uint64_t i = 0; i < p->ntl; i++) {
		double mb;
		if (tl_has_mem(p, i, &mb)) {
			x[n] = (double)tl_req(p, i);
			y[n++] = mb;
		}
	}
	int64_t end = n ? (int64_t)x[0] : 0;
	if (n >= 24) {
		size_t w = ls_detect_warmup(x, y, n, ls_detect_defaults.warmup_max_frac, NULL);
		end = (int64_t)x[w];
	}
	free(x);
	free(y);
	return end;
}

/* Columns of the regression. Counts are of requests BEFORE the observed one
 * (what can have been retained by then); the observed request's own error is
 * an indicator column, so a transient allocation that is freed by the next
 * request is absorbed there instead of looking like retention. Unknown
 * requests get one column per coverage regime: a rotated endpoint's early
 * requests are unknown until its file starts, so the make-up of "unknown"
 * changes there and one coefficient could not fit both sides. */
struct layout {
	uint32_t nep, nreg, k;
	uint32_t *col_c, *col_e, *col_de;  /* per endpoint, UINT32_MAX = absent */
	uint32_t *col_u;                   /* per regime */
	int64_t *bound;                    /* nreg - 1 regime boundaries, ascending */
	double *ucount;                    /* unknown requests per regime */
	bool *indicator;                   /* per column: 0/1, not centered */
};

struct walker {
	const struct ls_process *p;
	const struct layout *L;
	uint64_t i;           /* next timeline index */
	int64_t prev_req;
	bool started;
	double *C, *E, *U;    /* counts so far: per endpoint, per endpoint, per regime */
	uint32_t cur_ep;
	bool cur_err;
};

static uint32_t regime_of(const struct layout *L, int64_t req)
{
	uint32_t j = 0;
	while (j + 1 < L->nreg && req >= L->bound[j])
		j++;
	return j;
}

static void walker_init(struct walker *w, const struct ls_process *p, const struct layout *L, uint64_t first)
{
	memset(w, 0, sizeof *w);
	w->p = p;
	w->L = L;
	w->i = first;
	w->C = ls_xcalloc(p->nep ? p->nep : 1, sizeof *w->C);
	w->E = ls_xcalloc(p->nep ? p->nep : 1, sizeof *w->E);
	w->U = ls_xcalloc(L->nreg ? L->nreg : 1, sizeof *w->U);
}

static void walker_done(struct walker *w)
{
	free(w->C);
	free(w->E);
	free(w->U);
}

/* Step onto the next timeline entry: the counts then describe everything
 * before it (gaps included), cur_ep/cur_err the entry itself. The entry's
 * own counts are added on the following step. */
static bool walker_next(struct walker *w, double *mb, bool *has)
{
	const struct ls_process *p = w->p;
	if (w->started) {
		w->C[w->cur_ep] += 1;
		w->E[w->cur_ep] += w->cur_err;
	}
	if (w->i >= p->ntl)
		return false;
	uint32_t e = p->tl_ep[w->i], r = p->tl_row[w->i];
	int64_t req = p->ep[e].req_no[r];
	if (w->started && req > w->prev_req + 1)
		w->U[regime_of(w->L, w->prev_req)] += (double)(req - w->prev_req - 1);
	if (!w->started || req > w->prev_req)
		w->prev_req = req;
	w->started = true;
	w->cur_ep = e;
	w->cur_err = (p->ep[e].flags[r] & LS_REQ_ERROR) != 0;
	*has = tl_has_mem(p, w->i, mb);
	w->i++;
	return true;
}

static void walker_row(const struct walker *w, double *row)
{
	const struct layout *L = w->L;
	for (uint32_t e = 0; e < L->nep; e++) {
		if (L->col_c[e] != UINT32_MAX)
			row[L->col_c[e]] = w->C[e];
		if (L->col_e[e] != UINT32_MAX)
			row[L->col_e[e]] = w->E[e];
		if (L->col_de[e] != UINT32_MAX)
			row[L->col_de[e]] = w->cur_err && w->cur_ep == e;
	}
	for (uint32_t j = 0; j < L->nreg; j++)
		if (L->col_u[j] != UINT32_MAX)
			row[L->col_u[j]] = w->U[j];
}

static void layout_done(struct layout *L)
{
	free(L->col_c);
	free(L->col_e);
	free(L->col_de);
	free(L->col_u);
	free(L->bound);
	free(L->ucount);
	free(L->indicator);
}

/* Regimes from the endpoints' first records inside the window; columns for
 * what actually occurs. Column order = aliasing priority: requests, unknown,
 * errors, error indicators. */
static void layout_build(struct layout *L, const struct ls_process *p, uint64_t first)
{
	memset(L, 0, sizeof *L);
	uint32_t nep = p->nep;
	L->nep = nep;
	int64_t w0 = tl_req(p, first);
	L->bound = ls_xcalloc(nep ? nep : 1, sizeof *L->bound);
	uint32_t nb = 0;
	for (uint32_t e = 0; e < nep; e++) {
		/* first record of e at or after the window start */
		const struct ls_endpoint *ep = &p->ep[e];
		for (uint32_t r = 0; r < ep->n; r++)
			if (ep->req_no[r] >= w0) {
				if (ep->req_no[r] > w0)
					L->bound[nb++] = ep->req_no[r];
				break;
			}
	}
	/* sort, dedupe */
	for (uint32_t i = 1; i < nb; i++)
		for (uint32_t j = i; j > 0 && L->bound[j] < L->bound[j - 1]; j--) {
			int64_t t = L->bound[j];
			L->bound[j] = L->bound[j - 1];
			L->bound[j - 1] = t;
		}
	uint32_t u = 0;
	for (uint32_t i = 0; i < nb; i++)
		if (u == 0 || L->bound[i] != L->bound[u - 1])
			L->bound[u++] = L->bound[i];
	L->nreg = u + 1;
	L->col_c = ls_xmalloc((nep ? nep : 1) * sizeof *L->col_c);
	L->col_e = ls_xmalloc((nep ? nep : 1) * sizeof *L->col_e);
	L->col_de = ls_xmalloc((nep ? nep : 1) * sizeof *L->col_de);
	L->col_u = ls_xmalloc(L->nreg * sizeof *L->col_u);
	/* pass 0: which columns have data */
	struct walker w;
	walker_init(&w, p, L, first);
	double mb;
	bool has;
	while (walker_next(&w, &mb, &has))
		;
	uint32_t k = 0;
	for (uint32_t e = 0; e < nep; e++)
		L->col_c[e] = w.C[e] > 0 ? k++ : UINT32_MAX;
	L->ucount = ls_xcalloc(L->nreg, sizeof *L->ucount);
	for (uint32_t j = 0; j < L->nreg; j++) {
		L->ucount[j] = w.U[j];
		L->col_u[j] = w.U[j] > 0 ? k++ : UINT32_MAX;
	}
	for (uint32_t e = 0; e < nep; e++)
		L->col_e[e] = w.E[e] > 0 ? k++ : UINT32_MAX;
	for (uint32_t e = 0; e < nep; e++)
		L->col_de[e] = w.E[e] > 0 ? k++ : UINT32_MAX;
	L->k = k;
	L->indicator = ls_xcalloc(k ? k : 1, sizeof *L->indicator);
	for (uint32_t e = 0; e < nep; e++)
		if (L->col_de[e] != UINT32_MAX)
			L->indicator[L->col_de[e]] = true;
	walker_done(&w);
}

/* The heap's noise is a mix of level noise (measurement, transient garbage:
 * independent from one request to the next) and a random walk (retention of
 * unrecorded requests, leaks of varying size). Ordinary least squares on the
 * levels is efficient for the first and spurious for the second; on the
 * differences it is the other way round. The local-level model covers both:
 * differences of the residual are MA(1), d_t = eta_t + theta eta_{t-1}, with
 * theta = -1 for pure level noise and 0 for a pure random walk. The fit
 * filters the differenced data by 1 / (1 + theta B) and solves least squares
 * there (conditional sums of squares); theta is the grid value with the
 * smallest residual sum. The last column carries the unknown initial state
 * (it becomes the intercept when theta = -1). */
#define GLS_GRID_OBS 200000

static int gls_fit(const struct ls_process *p, const struct layout *L, uint64_t first, double theta,
	uint64_t from, struct ls_mls *m, double *rho, double *lev)
{
	uint32_t k = L->k, K = k + 1;
	double *row = ls_xcalloc(K, sizeof *row), *prev = ls_xcalloc(K, sizeof *prev);
	double *z = ls_xcalloc(K, sizeof *z);
	struct ls_mls_acc acc;
	ls_mls_init(&acc, K, false);
	struct walker w;
	double mb, prev_y = 0, zy = 0;
	bool has, started = false, firstz = false;
	uint64_t obs = 0;
	for (int pass = 0; pass < (rho ? 2 : 1); pass++) {
		/* pass 0 fits; pass 1 (on request) computes the residuals */
		double *res = pass ? ls_xmalloc((obs ? obs : 1) * sizeof *res) : NULL;
		uint64_t nres = 0, o2 = 0;
		started = false;
		walker_init(&w, p, L, first);
		while (walker_next(&w, &mb, &has)) {
			if (!has)
				continue;
			walker_row(&w, row);
			if (pass && lev) {
				double f = 0;
				for (uint32_t j = 0; j < k; j++)
					if (!m->aliased[j])
						f += m->beta[j] * row[j];
				lev[o2] = mb - f;
			}
			if (o2++ < from || !started) {
				if (o2 > from) {
					started = true;
					memset(z, 0, K * sizeof *z);
					zy = 0;
					firstz = true;
				}
				memcpy(prev, row, k * sizeof *row);
				prev_y = mb;
				continue;
			}
			for (uint32_t j = 0; j < k; j++)
				z[j] = (row[j] - prev[j]) - theta * z[j];
			z[k] = firstz ? 1 : -theta * z[k];
			firstz = false;
			zy = (mb - prev_y) - theta * zy;
			memcpy(prev, row, k * sizeof *row);
			prev_y = mb;
			if (!pass) {
				ls_mls_add(&acc, z, zy);
				obs++;
			} else {
				double f = 0;
				for (uint32_t j = 0; j < K; j++)
					if (!m->aliased[j])
						f += m->beta[j] * z[j];
				res[nres++] = zy - f;
			}
		}
		walker_done(&w);
		if (!pass) {
			int rc = ls_mls_solve(&acc, m);
			ls_mls_done_acc(&acc);
			if (rc != 0) {
				free(row);
				free(prev);
				free(z);
				return -1;
			}
		} else {
			*rho = ls_stats_acf1(res, nres);
			free(res);
		}
	}
	free(row);
	free(prev);
	free(z);
	return 0;
}

static void row_nan(struct ls_attrib_ep *r)
{
	r->kb_per_request = r->req_ci95[0] = r->req_ci95[1] = r->req_se = r->req_p = NAN;
	r->kb_per_error = r->err_ci95[0] = r->err_ci95[1] = r->err_se = r->err_p = NAN;
	r->retained_mb = NAN;
}

/* Coefficient j of the fit, in KiB, with the inflated standard error. */
static bool coef(const struct ls_mls *m, uint32_t j, double infl, double df, double q,
	double *kb, double *ci, double *se, double *p)
{
	if (m->aliased[j] || !isfinite(m->se[j]))
		return false;
	*kb = m->beta[j] * 1024;
	*se = m->se[j] * sqrt(infl) * 1024;
	if (*se > 0) {
		*p = ls_stats_t_p2(*kb / *se, df);
	} else {
		*p = *kb == 0 ? 1 : 0;
	}
	ci[0] = *kb - q * *se;
	ci[1] = *kb + q * *se;
	return true;
}

int ls_attrib_compute(const struct ls_process *p, int64_t warm_end, struct ls_attribution *a)
{
	memset(a, 0, sizeof *a);
	a->nep = p->nep;
	a->ep = ls_xcalloc(p->nep ? p->nep : 1, sizeof *a->ep);
	for (uint32_t e = 0; e < p->nep; e++)
		row_nan(&a->ep[e]);
	a->unknown_kb_per_request = a->unknown_ci95[0] = a->unknown_ci95[1] = a->unknown_p = NAN;
	a->process_kb_per_request = a->r2 = a->rho = a->inflation = a->df = NAN;
	if (p->nep == 0 || p->ntl == 0) {
		a->reason = "no records";
		return 0;
	}
	if (!ids_usable(p)) {
		a->reason = "request ids missing: the endpoints cannot be merged into one timeline";
		return 0;
	}
	if (warm_end == INT64_MIN)
		warm_end = process_warmup_end(p);
	uint64_t first = 0;
	while (first < p->ntl && tl_req(p, first) < warm_end)
		first++;
	if (first >= p->ntl) {
		a->reason = "no steady state";
		return 0;
	}
	a->first_req = tl_req(p, first);
	a->last_req = tl_req(p, p->ntl - 1);
	a->warmup_requests = a->first_req - tl_req(p, 0);

	struct layout L;
	layout_build(&L, p, first);
	uint32_t k = L.k;
	double mb;
	bool has;
	uint64_t nobs = 0;
	struct walker w;
	/* pass 1: how many observations, the counts, the heap over request numbers */
	double *xs = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *xs), *ys = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *ys);
	walker_init(&w, p, &L, first);
	while (walker_next(&w, &mb, &has)) {
		if (!has)
			continue;
		xs[nobs] = (double)w.prev_req;
		ys[nobs++] = mb;
	}
	for (uint32_t e = 0; e < p->nep; e++) {
		a->ep[e].requests = (uint32_t)w.C[e];
		a->ep[e].errors = (uint32_t)w.E[e];
	}
	for (uint32_t j = 0; j < L.nreg; j++)
		a->unknown_requests += (uint64_t)w.U[j];
	walker_done(&w);
	a->nobs = nobs;
	struct ls_ols o;
	if (nobs >= 3 && ls_stats_ols(xs, ys, nobs, &o) == 0)
		a->process_kb_per_request = o.slope * 1024;
	free(xs);
	if (k == 0 || nobs < (uint64_t)k + 6 || nobs < 12) {
		free(ys);
		a->reason = "too few heap values in the steady state";
		goto out_free;
	}
	/* theta by conditional sum of squares on a grid, on the latest
	 * observations (the choice needs far fewer points than the fit) */
	static const double grid[] = {-0.999, -0.99, -0.97, -0.93, -0.85, -0.7, -0.5, -0.25, 0};
	uint64_t from = nobs > GLS_GRID_OBS ? nobs - GLS_GRID_OBS : 0;
	double best_rss = INFINITY, theta = grid[0];
	for (size_t g = 0; g < sizeof grid / sizeof grid[0]; g++) {
		struct ls_mls m;
		if (gls_fit(p, &L, first, grid[g], from, &m, NULL, NULL) == 0 && m.rss < best_rss) {
			best_rss = m.rss;
			theta = grid[g];
		}
		ls_mls_done(&m);
	}
	a->theta = theta;
	struct ls_mls m;
	double *lev = ls_xmalloc(nobs * sizeof *lev);
	double rho = 0;
	int rc = gls_fit(p, &L, first, theta, 0, &m, &rho, lev);
	if (rc != 0) {
		ls_mls_done(&m);
		free(ys);
		free(lev);
		a->reason = "the regression could not be solved";
		goto out_free;
	}
	/* R^2 of the levels: heap explained by what ran */
	double lm = ls_stats_mean(lev, nobs), ym = ls_stats_mean(ys, nobs), sr = 0, sy = 0;
	for (uint64_t t = 0; t < nobs; t++) {
		sr += (lev[t] - lm) * (lev[t] - lm);
		sy += (ys[t] - ym) * (ys[t] - ym);
	}
	a->r2 = sy > 0 ? 1 - sr / sy : 0;
	if (a->r2 < 0)
		a->r2 = 0;
	free(ys);
	free(lev);
	if (rho > 0.98)
		rho = 0.98;
	double infl = rho > 0 ? (1 + rho) / (1 - rho) : 1;
	double df = m.df / infl;
	if (df < 1)
		df = 1;
	a->rho = rho;
	a->inflation = infl;
	a->df = df;

	double q = ls_stats_t_inv(0.975, df);
	for (uint32_t e = 0; e < p->nep; e++) {
		struct ls_attrib_ep *r = &a->ep[e];
		r->req_valid = L.col_c[e] != UINT32_MAX &&
			coef(&m, L.col_c[e], infl, df, q, &r->kb_per_request, r->req_ci95, &r->req_se, &r->req_p);
		r->err_valid = L.col_e[e] != UINT32_MAX &&
			coef(&m, L.col_e[e], infl, df, q, &r->kb_per_error, r->err_ci95, &r->err_se, &r->err_p);
		double ret = 0;
		if (r->req_valid)
			ret += r->kb_per_request * r->requests;
		if (r->err_valid)
			ret += r->kb_per_error * r->errors;
		r->retained_mb = (r->req_valid || r->err_valid) ? ret / 1024 : NAN;
		if (!r->req_valid)
			r->kb_per_request = r->req_ci95[0] = r->req_ci95[1] = r->req_se = r->req_p = NAN;
		if (!r->err_valid)
			r->kb_per_error = r->err_ci95[0] = r->err_ci95[1] = r->err_se = r->err_p = NAN;
	}
	/* unknown traffic: the regime with the most unknown requests speaks for it */
	uint32_t best = UINT32_MAX;
	for (uint32_t j = 0; j < L.nreg; j++)
		if (L.col_u[j] != UINT32_MAX && (best == UINT32_MAX || L.ucount[j] > L.ucount[best]))
			best = j;
	double se;
	if (best == UINT32_MAX ||
	    !coef(&m, L.col_u[best], infl, df, q, &a->unknown_kb_per_request, a->unknown_ci95, &se, &a->unknown_p))
		a->unknown_kb_per_request = a->unknown_ci95[0] = a->unknown_ci95[1] = a->unknown_p = NAN;
	ls_mls_done(&m);
	a->valid = true;
out_free:
	layout_done(&L);
	return 0;
}

void ls_attrib_done(struct ls_attribution *a)
{
	free(a->ep);
	memset(a, 0, sizeof *a);
}
