/* attrib.c — cross-endpoint attribution of the heap (see attrib.h). */
#include "attrib.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "known_sites.h"
#include "stats.h"
#include "util.h"

static bool tl_has_mem(const struct ls_process *p, uint64_t i, double *mb)
{
	const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
	uint32_t r = p->tl_row[i];
	if (!ls_endpoint_heap_point(ep, r))
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
	bool *err = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *err);
	size_t n = 0;
	/* counted from the first request: ids near 2^60 are 256 apart per double */
	int64_t origin = ls_process_first_req(p);
	for (uint64_t i = 0; i < p->ntl; i++) {
		double mb;
		if (tl_has_mem(p, i, &mb)) {
			x[n] = (double)(tl_req(p, i) - origin);
			err[n] = (p->ep[p->tl_ep[i]].flags[p->tl_row[i]] & LS_REQ_ERROR) != 0;
			y[n++] = mb;
		}
	}
	int64_t end = n ? ls_req_at(origin, x[0]) : 0;
	if (n >= 24) {
		size_t w = ls_detect_warmup(x, y, err, n, ls_detect_defaults.warmup_max_frac, NULL);
		end = ls_req_at(origin, x[w]);
	}
	free(x);
	free(y);
	free(err);
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
	uint32_t stride;                   /* use every stride-th heap value (cost bound) */
	uint32_t *col_c, *col_e, *col_de;  /* per endpoint, UINT32_MAX = absent */
	uint32_t *col_s;                   /* per endpoint: requests since the last collection */
	uint64_t *drops;                   /* timeline indices where the heap fell sharply */
	uint64_t ndrops;
	uint32_t *col_u;                   /* per regime */
	int64_t *bound;                    /* nreg - 1 regime boundaries, ascending */
	double *ucount;                    /* unknown requests per regime */
	double *share;                     /* non-NULL: regime `mix`'s unknown requests are
	                                    * spread over the endpoints by these shares */
	uint32_t mix;                      /* the fully covered regime with the most unknown
	                                    * requests (UINT32_MAX: none) */
	bool *indicator;                   /* per column: 0/1, not centered */
	const double *known;               /* known sites' change from known_first (not owned), or NULL */
	uint64_t known_first;
};

/* The heap after timeline entry i, less the known sites' change there. */
static bool heap_at(const struct ls_process *p, const struct layout *L, uint64_t i, double *mb)
{
	if (!tl_has_mem(p, i, mb))
		return false;
	if (L->known && i >= L->known_first)
		*mb -= L->known[i - L->known_first];
	return true;
}

struct walker {
	const struct ls_process *p;
	const struct layout *L;
	uint64_t i;           /* next timeline index */
	uint64_t end;         /* one past the last one walked */
	int64_t prev_req;
	bool started;
	double *C, *E, *U;    /* counts so far: per endpoint, per endpoint, per regime */
	double *S;            /* per endpoint, since the last detected collection */
	uint64_t seen;        /* heap values met (for thinning) */
	uint64_t next_drop;
	uint32_t cur_ep;
	bool cur_err;
};

static uint32_t regime_of(const struct layout *L, int64_t req)
{
	return ls_regime_of(L->bound, L->nreg - 1, req);
}

static void walker_init(struct walker *w, const struct ls_process *p, const struct layout *L, uint64_t first)
{
	memset(w, 0, sizeof *w);
	w->p = p;
	w->L = L;
	w->i = first;
	/* records whose id is too large to place sort last (record.c): the
	 * request numbers up to theirs were never unrecorded traffic */
	w->end = ls_process_placed_end(p);
	w->C = ls_xcalloc(p->nep ? p->nep : 1, sizeof *w->C);
	w->E = ls_xcalloc(p->nep ? p->nep : 1, sizeof *w->E);
	w->U = ls_xcalloc(L->nreg ? L->nreg : 1, sizeof *w->U);
	w->S = ls_xcalloc(p->nep ? p->nep : 1, sizeof *w->S);
	while (w->next_drop < L->ndrops && L->drops[w->next_drop] < first)
		w->next_drop++;
}

static void walker_done(struct walker *w)
{
	free(w->C);
	free(w->E);
	free(w->U);
	free(w->S);
}

/* Step onto the next timeline entry: the counts then include it (its
 * retention is already in the heap measured after it), gaps included;
 * cur_ep/cur_err describe the entry itself, for the error indicators (a
 * transient allocation of a failing request is in that heap value only). */
static bool walker_next(struct walker *w, double *mb, bool *has)
{
	const struct ls_process *p = w->p;
	if (w->i >= w->end)
		return false;
	uint32_t e = p->tl_ep[w->i], r = p->tl_row[w->i];
	int64_t req = p->ep[e].req_no[r];
	uint32_t g;
	uint64_t unrecorded = w->started ? ls_unrecorded_between(w->L->bound, w->L->nreg - 1, w->prev_req, req, &g) : 0;
	if (unrecorded)
		w->U[g] += (double)unrecorded;
	if (!w->started || req > w->prev_req)
		w->prev_req = req;
	w->started = true;
	w->cur_ep = e;
	w->cur_err = (p->ep[e].flags[r] & LS_REQ_ERROR) != 0;
	w->C[e] += 1;
	w->E[e] += w->cur_err;
	w->S[e] += 1;
	/* a collection during this request: its heap value is after it */
	if (w->next_drop < w->L->ndrops && w->L->drops[w->next_drop] == w->i) {
		memset(w->S, 0, p->nep * sizeof *w->S);
		w->next_drop++;
	}
	*has = heap_at(p, w->L, w->i, mb);
	if (*has && w->seen++ % w->L->stride)
		*has = false;  /* thinned out; its request still counts */
	w->i++;
	return true;
}

static void walker_row(const struct walker *w, double *row)
{
	const struct layout *L = w->L;
	for (uint32_t e = 0; e < L->nep; e++) {
		if (L->col_c[e] != UINT32_MAX)
			row[L->col_c[e]] = w->C[e] + (L->share ? L->share[e] * w->U[L->mix] : 0);  /* share: mix is set */
		if (L->col_e[e] != UINT32_MAX)
			row[L->col_e[e]] = w->E[e];
		if (L->col_de[e] != UINT32_MAX)
			row[L->col_de[e]] = w->cur_err && w->cur_ep == e;
		if (L->col_s[e] != UINT32_MAX)
			row[L->col_s[e]] = w->S[e];
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
	free(L->col_s);
	free(L->drops);
	free(L->col_u);
	free(L->bound);
	free(L->ucount);
	free(L->share);
	free(L->indicator);
}

/* Collections: the heap falls between two observations by far more than the
 * noise (4.5 robust standard deviations of the differences, and at least
 * 0.5 MB). Garbage that piles up and is collected (a GC sawtooth, a
 * bounded cache evicting) is then modelled by per-endpoint "requests since
 * the last collection" columns, so it is neither mistaken for retention nor
 * left in the residuals where it would swamp every real signal. */
static void find_drops(struct layout *L, const struct ls_process *p, uint64_t first)
{
	uint64_t n = 0, cap = 0;
	for (uint64_t i = first; i < p->ntl; i++) {
		double mb;
		n += heap_at(p, L, i, &mb);
	}
	if (n < 30)
		return;
	double *d = ls_xmalloc(n * sizeof *d);
	uint64_t *at = ls_xmalloc(n * sizeof *at);
	uint64_t m = 0;
	double prev = 0;
	bool started = false;
	for (uint64_t i = first; i < p->ntl; i++) {
		double mb;
		if (!heap_at(p, L, i, &mb))
			continue;
		if (started) {
			d[m] = mb - prev;
			at[m++] = i;
		}
		prev = mb;
		started = true;
	}
	double *a = ls_xmalloc(m * sizeof *a);
	for (uint64_t i = 0; i < m; i++)
		a[i] = fabs(d[i]);
	double thr = ls_detect_jump_mb(a, m);
	free(a);
	if (thr < 0.5)
		thr = 0.5;
	for (uint64_t i = 0; i < m; i++)
		if (d[i] < -thr) {
			ls_grow(&L->drops, &cap, L->ndrops + 1, sizeof *L->drops);
			L->drops[L->ndrops++] = at[i];
		}
	free(d);
	free(at);
}

/* Regimes where the endpoints' records start or stop inside the window
 * (ls_process_regimes); columns for
 * what actually occurs. Column order = aliasing priority: requests, unknown,
 * errors, error indicators. */
static void layout_build(struct layout *L, const struct ls_process *p, uint64_t first, bool as_mix,
	const double *known, uint64_t known_first)
{
	memset(L, 0, sizeof *L);
	L->known = known;
	L->known_first = known_first;
	uint32_t nep = p->nep;
	L->nep = nep;
	L->stride = 1;
	int64_t w0 = tl_req(p, first);
	L->nreg = ls_process_regimes(p, w0, &L->bound) + 1;
	L->col_c = ls_xmalloc((nep ? nep : 1) * sizeof *L->col_c);
	L->col_e = ls_xmalloc((nep ? nep : 1) * sizeof *L->col_e);
	L->col_de = ls_xmalloc((nep ? nep : 1) * sizeof *L->col_de);
	L->col_u = ls_xmalloc(L->nreg * sizeof *L->col_u);
	L->col_s = ls_xmalloc((nep ? nep : 1) * sizeof *L->col_s);
	find_drops(L, p, first);
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
	/* Unrecorded requests are a sample of the recorded mix only where every
	 * endpoint has records: elsewhere they are those of the endpoints whose
	 * files do not reach there (rotation, a cut file). The regime where all
	 * do, with the most unrecorded requests, is the candidate. */
	L->mix = UINT32_MAX;
	bool *covered = ls_xcalloc((size_t)L->nreg * (nep ? nep : 1), sizeof *covered);  /* [regime][endpoint] */
	for (uint64_t i = first; i < p->ntl; i++)
		covered[(size_t)regime_of(L, tl_req(p, i)) * nep + p->tl_ep[i]] = true;
	for (uint32_t j = 0; j < L->nreg; j++) {
		bool all = true;
		for (uint32_t e = 0; e < nep && all; e++)
			all = w.C[e] == 0 || covered[(size_t)j * nep + e];
		if (all && w.U[j] > 0 && (L->mix == UINT32_MAX || w.U[j] > w.U[L->mix]))
			L->mix = j;
	}
	free(covered);
	for (uint32_t j = 0; j < L->nreg; j++) {
		L->ucount[j] = w.U[j];
		L->col_u[j] = w.U[j] > 0 && !(as_mix && j == L->mix) ? k++ : UINT32_MAX;
	}
	if (as_mix && L->mix != UINT32_MAX) {
		/* recorded requests per endpoint in that regime */
		int64_t from = L->mix > 0 ? L->bound[L->mix - 1] : INT64_MIN;
		int64_t to = L->mix + 1 < L->nreg ? L->bound[L->mix] : INT64_MAX;
		L->share = ls_xcalloc(nep ? nep : 1, sizeof *L->share);
		double tot = 0;
		for (uint64_t i = first; i < p->ntl; i++)
			if (tl_req(p, i) >= from && tl_req(p, i) < to) {
				L->share[p->tl_ep[i]] += 1;
				tot += 1;
			}
		for (uint32_t e = 0; e < nep; e++)
			L->share[e] = tot > 0 ? L->share[e] / tot : 0;
	}
	for (uint32_t e = 0; e < nep; e++)
		L->col_e[e] = w.E[e] > 0 ? k++ : UINT32_MAX;
	/* garbage columns for the endpoints during whose requests collections
	 * happened: a collector runs when allocations cross a threshold, so the
	 * request that triggers it is most likely one that makes the garbage.
	 * (One column per endpoint would leave a handful of collections to be
	 * explained by a dozen unknowns.) */
	bool *trig = ls_xcalloc(nep ? nep : 1, sizeof *trig);
	for (uint64_t d = 0; d < L->ndrops; d++)
		trig[p->tl_ep[L->drops[d]]] = true;
	for (uint32_t e = 0; e < nep; e++)
		L->col_s[e] = trig[e] && w.C[e] > 0 ? k++ : UINT32_MAX;
	free(trig);
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
 * there. theta comes from the long-lag variogram of the levels residuals
 * (random-walk variance = its slope between two long lags; the level part =
 * the rest): short lags would mistake a GC sawtooth or a spike held for a
 * while (stationary, bounded) for a random walk and throw away the power of
 * the levels. The last column carries the unknown initial state (it becomes
 * the intercept when theta = -1).
 * Observations before index `from` only advance the counts. res (optional):
 * filtered residuals, *nres of them; lev (optional): heap minus the fitted
 * counts part, on the levels (from `from` on); keep (optional): receives the
 * accumulator (the caller frees it). */
#define GLS_THETA_OBS 250000
/* the theta pilot thins the heap values to about this many (at most every
 * GLS_PILOT_MAX_STRIDE-th) */
#define GLS_PILOT_OBS 4000
#define GLS_PILOT_MAX_STRIDE 8
/* multiply-adds per fit before heap values are thinned */
#define GLS_BUDGET 6e8

static int gls_fit(const struct ls_process *p, const struct layout *L, uint64_t first, double theta,
	uint64_t from, struct ls_mls *m, double *res, uint64_t *nres, double *lev, struct ls_mls_acc *keep)
{
	uint32_t k = L->k, K = k + 1;
	double *row = ls_xcalloc(K, sizeof *row), *prev = ls_xcalloc(K, sizeof *prev);
	double *z = ls_xcalloc(K, sizeof *z);
	/* rows are dense (the filter spreads every count change over all
	 * later rows): accumulate them in blocks (ls_mls_add_rows) */
	enum { BLOCK = 64 };
	double *zb = ls_xmalloc(BLOCK * (size_t)K * sizeof *zb), yb[BLOCK];
	size_t nb = 0;
	struct ls_mls_acc acc;
	ls_mls_init(&acc, K, false);
	struct walker w;
	double mb, prev_y = 0, zy = 0;
	bool has;
	int rc = 0;
	for (int pass = 0; pass < (res || lev ? 2 : 1) && rc == 0; pass++) {
		/* pass 0 fits; pass 1 (on request) computes the residuals */
		uint64_t o = 0, nr = 0;
		memset(z, 0, K * sizeof *z);
		zy = 0;
		walker_init(&w, p, L, first);
		while (walker_next(&w, &mb, &has)) {
			if (!has)
				continue;
			walker_row(&w, row);
			if (o >= from) {
				uint64_t q = o - from;
				if (pass && lev) {
					double f = 0;
					for (uint32_t j = 0; j < k; j++)
						if (!m->aliased[j])
							f += m->beta[j] * row[j];
					lev[q] = mb - f;
				}
				if (q > 0) {
					for (uint32_t j = 0; j < k; j++)
						z[j] = (row[j] - prev[j]) - theta * z[j];
					z[k] = q == 1 ? 1 : -theta * z[k];
					zy = (mb - prev_y) - theta * zy;
					if (!pass) {
						memcpy(zb + nb * K, z, K * sizeof *z);
						yb[nb++] = zy;
						if (nb == BLOCK) {
							ls_mls_add_rows(&acc, zb, yb, nb);
							nb = 0;
						}
					} else if (res) {
						double f = 0;
						for (uint32_t j = 0; j < K; j++)
							if (!m->aliased[j])
								f += m->beta[j] * z[j];
						res[nr++] = zy - f;
					}
				}
			}
			o++;
			memcpy(prev, row, k * sizeof *row);
			prev_y = mb;
		}
		walker_done(&w);
		if (!pass) {
			ls_mls_add_rows(&acc, zb, yb, nb);
			nb = 0;
			rc = ls_mls_solve(&acc, m) == 0 ? 0 : -1;
			if (keep)
				*keep = acc;  /* handed over */
			else
				ls_mls_done_acc(&acc);
		}
		if (pass && nres)
			*nres = nr;
	}
	free(row);
	free(prev);
	free(z);
	free(zb);
	return rc;
}

/* The map from the columns of L (plus gls_fit's initial-state column) to
 * those of L2, its "unknown requests as the recorded mix" version: every
 * column keeps its place, and regime `mix`'s unknown column is spread over
 * the request columns by the shares. (K x K2, row-major.) */
static double *mix_map(const struct layout *L, const struct layout *L2)
{
	uint32_t K = L->k + 1, K2 = L2->k + 1;
	double *T = ls_xcalloc((size_t)K * K2, sizeof *T);
	for (uint32_t e = 0; e < L->nep; e++) {
		if (L2->col_c[e] != UINT32_MAX) {
			T[(size_t)L->col_c[e] * K2 + L2->col_c[e]] = 1;
			T[(size_t)L->col_u[L->mix] * K2 + L2->col_c[e]] = L2->share[e];
		}
		if (L2->col_e[e] != UINT32_MAX)
			T[(size_t)L->col_e[e] * K2 + L2->col_e[e]] = 1;
		if (L2->col_de[e] != UINT32_MAX)
			T[(size_t)L->col_de[e] * K2 + L2->col_de[e]] = 1;
		if (L2->col_s[e] != UINT32_MAX)
			T[(size_t)L->col_s[e] * K2 + L2->col_s[e]] = 1;
	}
	for (uint32_t j = 0; j < L->nreg; j++)
		if (j != L->mix && L2->col_u[j] != UINT32_MAX)
			T[(size_t)L->col_u[j] * K2 + L2->col_u[j]] = 1;
	T[(size_t)L->k * K2 + L2->k] = 1;  /* initial state */
	return T;
}

/* The noise ratio q = tau^2 / sigma^2 of the local-level model (see
 * gls_fit), from the levels residuals: 0 for pure level noise, INFINITY for
 * a pure random walk. */
static double choose_q(const double *lev, uint64_t n)
{
	if (n < 60)
		return 0;
	size_t l1 = n / 20 > 20 ? n / 20 : 20, l2 = n / 5 > 2 * l1 ? n / 5 : 2 * l1;
	if (l2 >= n)
		return 0;
	double v1 = ls_stats_variogram(lev, n, l1), v2 = ls_stats_variogram(lev, n, l2);
	double tau2 = (v2 - v1) / (double)(l2 - l1);
	if (!(tau2 > 0))
		return 0;
	double sig2 = (v1 - (double)l1 * tau2) / 2;
	double floor = ls_stats_variogram(lev, n, 1) / 2;
	if (sig2 < floor * 0.01)
		sig2 = floor * 0.01;
	if (!(sig2 > 0))
		return INFINITY;
	return tau2 / sig2;
}

/* The lowest frequencies walk_q reads a walk at: periods of at least this
 * many heap values, and of a twentieth of the window (GC sawtooths of a
 * few hundred requests are no walk) */
#define WALK_MIN_PERIOD 400

/* A second reading of the walk in the levels residuals: the periodogram at
 * the lowest frequencies (ls_stats_walk_ratio). choose_q's two lags miss a
 * walk of q = 1.4e-4 (0.85 noise sd in all over 5,000 requests) in 4
 * processes of 10, where the levels fit has soaked it up; the periodogram
 * finds it. It also reads error buffers held for hundreds of requests as
 * a walk, which choose_q rightly does not: so this q only checks the fit
 * (ls_attrib_compute, walk_check), it does not replace choose_q's. */
static double walk_q(const double *lev, uint64_t n)
{
	size_t period = n / 20 > WALK_MIN_PERIOD ? n / 20 : WALK_MIN_PERIOD;
	return ls_stats_walk_ratio(lev, n, n / period);
}

/* theta of the local level model: (-(q + 2) + sqrt(q^2 + 4q)) / 2. */
static double theta_of_q(double q)
{
	const double th_min = -0.999;
	if (!(q < INFINITY))
		return 0;
	double th = (-(q + 2) + sqrt(q * q + 4 * q)) / 2;
	return th < th_min ? th_min : th > 0 ? 0 : th;
}

static void row_nan(struct ls_attrib_ep *r)
{
	r->kb_per_request = r->req_ci95[0] = r->req_ci95[1] = r->req_se = r->req_p = NAN;
	r->kb_per_error = r->err_ci95[0] = r->err_ci95[1] = r->err_se = r->err_p = NAN;
	r->retained_mb = r->req_p_unmixed = NAN;
	r->req_p_holm = r->req_p_unmixed_holm = r->err_p_holm = 1;
}

/* Coefficient j of the fit, in KiB, with the inflated standard error. */
static bool coef(const struct ls_mls *m, uint32_t j, double infl, double df, double q,
	double *kb, double *ci, double *se, double *p)
{
	if (m->aliased[j] || !isfinite(m->se[j]))
		return false;
	*kb = m->beta[j] * 1024;
	*se = m->se[j] * sqrt(infl) * 1024;
	/* an exact fit (a flat file and one step, say) leaves rounding dust,
	 * not a share: "0.00 KB per request (95 % CI 0.00 to 0.00, p < 1e-9)"
	 * read as a certain zero that is significant. Below a millionth of a
	 * KiB (the heap is written to 1 KiB) both are 0. */
	if (fabs(*kb) < 1e-6)
		*kb = 0;
	if (*se < 1e-6)
		*se = 0;
	if (*se > 0) {
		*p = ls_stats_t_p2(*kb / *se, df);
	} else {
		*p = *kb == 0 ? 1 : 0;
	}
	ci[0] = *kb - q * *se;
	ci[1] = *kb + q * *se;
	return true;
}

/* A heap coefficient (kb, se on df degrees of freedom) plus the known
 * sites' (kkb, kse on kdf): the sum, its standard error, and its interval
 * and p on the Welch-Satterthwaite degrees of freedom. */
static void add_known(double *kb, double ci[2], double *se, double *pv, double df, double kkb, double kse,
	double kdf)
{
	if (!isfinite(kkb) || !isfinite(kse) || !(kdf > 0))
		return;
	double v1 = *se * *se, v2 = kse * kse, v = v1 + v2;
	double d = v1 * v1 / df + v2 * v2 / kdf;
	double dfw = d > 0 ? v * v / d : df;
	*kb += kkb;
	*se = sqrt(v);
	double q = ls_stats_t_inv(0.975, dfw < 1 ? 1 : dfw);
	ci[0] = *kb - q * *se;
	ci[1] = *kb + q * *se;
	*pv = *se > 0 ? ls_stats_t_p2(*kb / *se, dfw < 1 ? 1 : dfw) : (*kb == 0 ? 1 : 0);
}

/* Each endpoint's shares are tests of a family: their Holm-adjusted p,
 * once per process (the verdicts ask for them endpoint by endpoint). */
static void holm_all(struct ls_attribution *a)
{
	uint32_t m = a->nep;
	double *p = ls_xmalloc((m ? m : 1) * sizeof *p), *adj = ls_xmalloc((m ? m : 1) * sizeof *adj);
	for (uint32_t f = 0; f < m; f++)
		p[f] = a->ep[f].req_valid ? a->ep[f].req_p : NAN;
	ls_stats_holm(p, m, adj);
	for (uint32_t f = 0; f < m; f++)
		a->ep[f].req_p_holm = a->ep[f].req_valid ? adj[f] : 1;
	for (uint32_t f = 0; f < m; f++)
		p[f] = a->ep[f].req_valid ? a->ep[f].req_p_unmixed : NAN;
	ls_stats_holm(p, m, adj);
	for (uint32_t f = 0; f < m; f++)
		a->ep[f].req_p_unmixed_holm = a->ep[f].req_valid && a->unknown_as_mix ? adj[f] : a->ep[f].req_p_holm;
	for (uint32_t f = 0; f < m; f++)
		p[f] = a->ep[f].err_valid ? a->ep[f].err_p : NAN;
	ls_stats_holm(p, m, adj);
	for (uint32_t f = 0; f < m; f++)
		a->ep[f].err_p_holm = a->ep[f].err_valid ? adj[f] : 1;
	free(p);
	free(adj);
}

/* The fit again where the heap may hold a walk that choose_q did not see
 * (walk_q): with a walk between a few errors, a fit on the levels reads
 * its drift as retention per error, and 0.8 % of stable two-endpoint
 * processes got a false ERROR_PATH_LEAK at p < 0.001 (2 % after a
 * warm-up). Each share then counts only as far as both readings of the
 * noise bear it out: walk_check_coef keeps the less significant of the
 * two. valid: that second fit exists (theta_walk clearly more of a walk). */
struct walk_check {
	bool valid;
	struct ls_mls m;
	double infl, df, q;
};

static void walk_check_fit(struct walk_check *W, const struct ls_process *p, const struct layout *L, uint64_t first,
	uint64_t nobs, double theta, double theta_walk)
{
	memset(W, 0, sizeof *W);
	if (!(theta_walk - theta > 0.002))
		return;
	uint64_t nres = 0;
	double *res = ls_xmalloc((nobs ? nobs : 1) * sizeof *res);
	if (gls_fit(p, L, first, theta_walk, 0, &W->m, res, &nres, NULL, NULL) == 0) {
		size_t bw = nres / 20 > 10 ? nres / 20 : 10;
		W->infl = ls_stats_lrv_factor(res, nres, bw);
		W->df = W->m.df / W->infl < 1 ? 1 : W->m.df / W->infl;
		W->q = ls_stats_t_inv(0.975, W->df);
		W->valid = true;
	} else {
		ls_mls_done(&W->m);
	}
	free(res);
}

/* Coefficient j as the fit gave it (kb, ci, se, p), or as the walk's fit
 * gives it where that is less significant. */
static void walk_check_coef(const struct walk_check *W, uint32_t j, double *kb, double ci[2], double *se, double *p)
{
	double wkb, wci[2], wse, wp;
	if (!W->valid || !coef(&W->m, j, W->infl, W->df, W->q, &wkb, wci, &wse, &wp) || !(wp > *p))
		return;
	*kb = wkb;
	ci[0] = wci[0];
	ci[1] = wci[1];
	*se = wse;
	*p = wp;
}

static void walk_check_done(struct walk_check *W)
{
	if (W->valid)
		ls_mls_done(&W->m);
	W->valid = false;
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
	a->process_ci95[0] = a->process_ci95[1] = a->process_p = a->theta = a->gain_hi_mb = a->heap_max_mb = NAN;
	if (p->nep == 0 || p->ntl == 0) {
		a->reason = "no records";
		return 0;
	}
	if (p->ntl < 3) {
		a->reason = "fewer than 3 records";
		return 0;
	}
	if (!ids_usable(p)) {
		a->reason = "request ids missing, or shared by several records (files of different runs?): "
			"the endpoints cannot be merged into one timeline";
		return 0;
	}
	if (warm_end == INT64_MIN)
		warm_end = process_warmup_end(p);
	uint64_t first = 0;
	/* (an id-less record, sorted first at 0, starts no window) */
	while (first < p->ntl && (tl_req(p, first) < warm_end || !ls_endpoint_placed(&p->ep[p->tl_ep[first]],
		p->tl_row[first])))
		first++;
	if (first >= p->ntl) {
		a->reason = "no steady state";
		return 0;
	}
	/* Sites whose sizes are known come out of the heap (known_sites.h),
	 * and the window starts where all of them are listed (what one held
	 * before its first listing is not known). The process trend stays the
	 * whole heap's; their growth per request and per error of each
	 * endpoint is added back to its coefficients below. */
	struct ls_known_sites ks;
	uint64_t kfirst = first;
	if (ls_known_sites(p, first, &ks)) {
		first = ks.start;
		a->known_site = ks.site;  /* handed over */
		ks.site = NULL;
		a->nknown = ks.n;
	}
	const double *known = ks.mb;
	a->first_req = tl_req(p, first);
	a->last_req = ls_process_last_req(p);
	a->warmup_requests = tl_req(p, kfirst) - ls_process_first_req(p);

	struct layout L;
	layout_build(&L, p, first, false, known, kfirst);
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
		xs[nobs] = (double)(w.prev_req - a->first_req); /* from the window's start: see process_warmup_end */
		ys[nobs++] = mb + (known ? known[w.i - 1 - kfirst] : 0);
		if (!(mb <= a->heap_max_mb))
			a->heap_max_mb = mb;
	}
	for (uint32_t e = 0; e < p->nep; e++) {
		a->ep[e].requests = (uint32_t)w.C[e];
		a->ep[e].errors = (uint32_t)w.E[e];
	}
	for (uint32_t j = 0; j < L.nreg; j++)
		a->unknown_requests += (uint64_t)w.U[j];
	walker_done(&w);
	a->nobs = nobs;
	/* what the heap kept over the window, read at its ends: a trend
	 * line's interval is as wide as the noise is big, and spikes held for
	 * a while give it room for tens of MB the heap never kept */
	double end[LS_LEVEL_SIDE_MAX];
	size_t nend = nobs / 2 < LS_LEVEL_SIDE_MAX ? nobs / 2 : LS_LEVEL_SIDE_MAX;
	for (size_t i = 0; i < nend; i++)
		end[i] = ys[nobs - 1 - i];
	a->gain_hi_mb = ls_stats_level_change(ys, nend, end, nend, 2);
	struct ls_ols o;
	double orho;
	if (nobs >= 3 && ls_detect_trend(xs, ys, nobs, &o, &orho) == 0) {
		a->process_kb_per_request = o.slope * 1024;
		a->process_ci95[0] = o.ci95[0] * 1024;
		a->process_ci95[1] = o.ci95[1] * 1024;
		a->process_p = o.p_value;
	}
	a->collections = L.ndrops;
	free(xs);
	if (k == 0 || nobs < (uint64_t)k + 6 || nobs < 12) {
		free(ys);
		a->reason = "too few heap values in the steady state";
		goto out_free;
	}
	/* Cost bound: each fit is O(n K^2). With dozens of endpoints and a
	 * million requests, thin the heap values evenly (the counts between
	 * them stay exact, so the model is the same, only less data) */
	double cost = (double)nobs * (double)(k + 2) * (double)(k + 2) / 2;
	if (cost > GLS_BUDGET) {
		L.stride = (uint32_t)ceil(cost / GLS_BUDGET);
		a->stride = L.stride;
	}
	uint64_t nall = nobs;
	nobs = (nobs + L.stride - 1) / L.stride;
	if (nobs < (uint64_t)k + 6) {
		/* (thousands of endpoints: a fit that could afford them all
		 * would take minutes) */
		free(ys);
		a->reason = "too many endpoints for one fit of the heap in the time it may take";
		goto out_free;
	}
	/* theta: fit the levels first, read the noise off their residuals.
	 * That is a pilot, and a pilot needs far fewer heap values than the
	 * fit: it runs on every s-th one (the counts between them stay exact).
	 * Thinning by s leaves the level noise as it is and adds up s steps of
	 * the random walk, so the pilot's noise ratio is s times the one of
	 * single requests. */
	struct ls_mls m;
	double *lev = ls_xmalloc(nobs * sizeof *lev), *res = ls_xmalloc(nobs * sizeof *res);
	uint64_t nres = 0;
	struct ls_mls_acc acc;
	uint32_t base = L.stride, s = nobs / GLS_PILOT_OBS;
	s = s < 1 ? 1 : s > GLS_PILOT_MAX_STRIDE ? GLS_PILOT_MAX_STRIDE : s;
	L.stride = base * s;
	uint64_t np = (nall + L.stride - 1) / L.stride;
	/* theta needs far fewer points than the fit: the latest ones at most */
	uint64_t from = np > GLS_THETA_OBS ? np - GLS_THETA_OBS : 0;
	double theta = theta_of_q(0), qn = 0;
	int rc = gls_fit(p, &L, first, theta, from, &m, res, &nres, lev, &acc);
	/* The levels fit soaks part of any random walk into its coefficients,
	 * so the first variogram understates it: iterate a few times (each
	 * fit's residuals are closer to the truth) until theta settles. */
	for (int it = 0; it < 3 && rc == 0; it++) {
		qn = choose_q(lev, np - from);
		double th = theta_of_q(qn);
		if (fabs(th - theta) < 0.002)
			break;
		ls_mls_done(&m);
		ls_mls_done_acc(&acc);
		theta = th;
		rc = gls_fit(p, &L, first, theta, from, &m, res, &nres, lev, &acc);
	}
	/* (on the pilot's levels, as qn) */
	double qw = rc == 0 ? walk_q(lev, np - from) : 0;
	L.stride = base;
	double theta_walk = theta_of_q((qw > qn ? qw : qn) / s);
	if (s > 1)
		theta = theta_of_q(qn / s);
	if (rc == 0 && (s > 1 || from > 0)) {
		ls_mls_done(&m);
		ls_mls_done_acc(&acc);
		rc = gls_fit(p, &L, first, theta, 0, &m, res, &nres, lev, &acc);
	}
	a->theta = theta;
	if (rc != 0) {
		ls_mls_done(&m);
		ls_mls_done_acc(&acc);
		free(ys);
		free(lev);
		free(res);
		a->reason = "the regression could not be solved";
		goto out_free;
	}
	/* what autocorrelation is left (sawtooth, held spikes) widens the
	 * intervals: long-run variance factor, Bartlett window of n/20 lags */
	size_t bw = nres / 20 > 10 ? nres / 20 : 10;
	double infl = ls_stats_lrv_factor(res, nres, bw);
	double rho = ls_stats_acf1(res, nres);
	free(res);
	/* Unrecorded requests where every endpoint has records (regime `mix`)
	 * are usually a random sample of the traffic (sampling_rate < 1): then
	 * they retain what the recorded mix retains, and a separate column for
	 * them only blurs every endpoint's estimate (it is nearly collinear
	 * with the counts). But they may also be an endpoint whose file was not
	 * loaded. So: refit with them spread over the endpoints by their
	 * shares, and keep that fit unless the data reject it (F test, 1 df,
	 * on the autocorrelation-corrected scale). */
	/* the shares with the unrecorded requests on their own (see below) */
	double *unmixed_kb = ls_xcalloc(p->nep ? p->nep : 1, sizeof *unmixed_kb);
	double *unmixed_se = ls_xcalloc(p->nep ? p->nep : 1, sizeof *unmixed_se);
	if (L.mix != UINT32_MAX && L.col_u[L.mix] != UINT32_MAX) {
		struct layout L2;
		layout_build(&L2, p, first, true, known, kfirst);
		L2.stride = L.stride;  /* same observations (R^2 below walks them) */
		struct ls_mls m2;
		/* same filtered data, columns merged: no pass over the data */
		struct ls_mls_acc acc2;
		double *T = mix_map(&L, &L2);
		ls_mls_transform(&acc, T, L2.k + 1, &acc2);
		free(T);
		int rc2 = ls_mls_solve(&acc2, &m2);
		ls_mls_done_acc(&acc2);
		if (rc2 == 0 && m.rss > 0 && m.df > 0) {
			double f = (m2.rss - m.rss) / (m.rss / m.df) / infl;
			double dfe = m.df / infl;
			if (ls_stats_f_sf(f > 0 ? f : 0, 1, dfe > 1 ? dfe : 1) > 0.01) {
				/* what each share was with the unrecorded requests on
				 * their own (they may be an endpoint whose file is
				 * missing: the F test cannot always tell) */
				for (uint32_t e = 0; e < p->nep; e++) {
					double kb, ci[2], se, pu = NAN;
					if (L.col_c[e] != UINT32_MAX &&
					    coef(&m, L.col_c[e], infl, dfe > 1 ? dfe : 1, 1.96, &kb, ci, &se, &pu)) {
						a->ep[e].req_p_unmixed = pu;
						unmixed_kb[e] = kb;
						unmixed_se[e] = se;
					}
				}
				ls_mls_done(&m);
				m = m2;
				layout_done(&L);
				L = L2;
				a->unknown_as_mix = true;
				for (uint32_t e = 0; e < p->nep; e++)
					a->ep[e].unrecorded_share = L.share[e] * L.ucount[L.mix];
				goto mixed;
			}
		}
		ls_mls_done(&m2);
		layout_done(&L2);
	}
mixed:
	ls_mls_done_acc(&acc);
	/* R^2 of the levels: heap explained by what ran */
	double lm = ls_stats_mean(lev, nobs), ym = 0, sr = 0, sy = 0;
	for (uint64_t t = 0; t < nobs; t++)
		ym += ys[t * L.stride] / (double)nobs;
	for (uint64_t t = 0; t < nobs && t * L.stride < nall; t++) {
		sr += (lev[t] - lm) * (lev[t] - lm);
		sy += (ys[t * L.stride] - ym) * (ys[t * L.stride] - ym);
	}
	a->r2 = sy > 0 ? 1 - sr / sy : 0;
	if (a->r2 < 0)
		a->r2 = 0;
	free(ys);
	free(lev);
	double df = m.df / infl;
	if (df < 1)
		df = 1;
	a->rho = rho;
	a->inflation = infl;
	a->df = df;

	double q = ls_stats_t_inv(0.975, df);
	struct walk_check W;
	walk_check_fit(&W, p, &L, first, nobs, theta, theta_walk);
	for (uint32_t e = 0; e < p->nep; e++) {
		struct ls_attrib_ep *r = &a->ep[e];
		r->req_valid = L.col_c[e] != UINT32_MAX &&
			coef(&m, L.col_c[e], infl, df, q, &r->kb_per_request, r->req_ci95, &r->req_se, &r->req_p);
		r->err_valid = L.col_e[e] != UINT32_MAX &&
			coef(&m, L.col_e[e], infl, df, q, &r->kb_per_error, r->err_ci95, &r->err_se, &r->err_p);
		if (r->req_valid)
			walk_check_coef(&W, L.col_c[e], &r->kb_per_request, r->req_ci95, &r->req_se, &r->req_p);
		if (r->err_valid)
			walk_check_coef(&W, L.col_e[e], &r->kb_per_error, r->err_ci95, &r->err_se, &r->err_p);
		if (ks.n) {
			/* what the known sites grew by with its traffic */
			if (r->req_valid)
				add_known(&r->kb_per_request, r->req_ci95, &r->req_se, &r->req_p, df,
					  ks.kb_per_request[e], ks.req_se[e], ks.df);
			if (r->req_valid && a->unknown_as_mix) {
				double ci[2];
				add_known(&unmixed_kb[e], ci, &unmixed_se[e], &r->req_p_unmixed, df,
					  ks.kb_per_request[e], ks.req_se[e], ks.df);
			}
			if (r->err_valid)
				add_known(&r->kb_per_error, r->err_ci95, &r->err_se, &r->err_p, df,
					  ks.kb_per_error[e], ks.err_se[e], ks.df);
		}
		if (!a->unknown_as_mix)
			r->req_p_unmixed = r->req_p;
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
	else if (ks.n)
		add_known(&a->unknown_kb_per_request, a->unknown_ci95, &se, &a->unknown_p, df, ks.unknown_kb,
			  ks.unknown_se, ks.df);
	free(unmixed_kb);
	free(unmixed_se);
	ls_mls_done(&m);
	walk_check_done(&W);
	holm_all(a);
	a->valid = true;
out_free:
	layout_done(&L);
	ls_known_sites_done(&ks);
	return 0;
}

void ls_attrib_done(struct ls_attribution *a)
{
	free(a->ep);
	free(a->known_site);
	memset(a, 0, sizeof *a);
}

double ls_attrib_window_requests(const struct ls_attribution *A, uint32_t f)
{
	return (double)A->ep[f].requests + A->ep[f].unrecorded_share;
}
