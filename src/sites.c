/* sites.c — per allocation site trends, suspects and endpoint links (see sites.h). */
#include "sites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "explain.h"
#include "stats.h"
#include "util.h"

/* A suspect grows significantly (p below this, after the autocorrelation
 * correction) and by at least this much per 1,000 process requests. */
#define SITE_ALPHA 0.001
#define SITE_MATERIAL_MB_PER_1K 0.05
#define SITE_MIN_SAMPLES 6
/* Per request of one endpoint, a leak at its line holds its pace exactly,
 * whatever that endpoint's share of the traffic does: a rate that falls by
 * a fifth, clearly (one-sided p < 0.05), is not a leak's. Milder than the
 * process-wide test (under half, p < 0.001), which comes first: growth the
 * process drives slows less per request of an endpoint whose share falls
 * (bench/othersim.py's drifting mix: by 1.6 to 1.9 times, not 2), and an
 * endpoint's sampled counts are noisy. */
#define OWN_PACE_RATIO 0.8
#define OWN_PACE_ALPHA 0.05
/* size_mb has 3 decimals: a change below this is rounding */
#define MB_STEP 0.0015
/* A site that only ever steps up is a suspect once its steps add up to
 * this (MB): the total an endpoint's requests must retain to be a leak. A
 * higher bar missed leaks whose site entered the top K late and was seen
 * rising for a few hundred requests only. */
#define MONO_MIN_MB (ls_detect_defaults.material_total_mb / 4)
/* A smooth fill grows in many small increments: at least this many. */
#define LEVELLING_MIN_UPS 20
/* Links are computed for at most this many sites (suspects first). */
#define MAX_LINKED_SITES 4096
#define LINK_ALPHA 0.001
#define LINK_MIN_KB 0.05
/* A request link this big (KiB) makes the site rise past MB_STEP with
 * each request: between two samples with one of ep's requests between
 * them, a leak's site rises (lsgen's true links: in 81 % of those spans at
 * the least, 68 % for links of 1 KiB, whose single requests the 3
 * decimals can hide). One that rose in under half of them, and no more
 * often than in the spans without ep's requests (Cochran-Mantel-Haenszel,
 * one-sided, p < 0.05 would show that, by span length: RISE_BINS), is no
 * link: a leak that keeps memory on some of ep's requests only (a cache
 * adding a key) rises in few spans too, but only in those. Each kind of
 * span needs RISE_MIN_SPANS. */
#define RISE_VISIBLE_KB (2 * MB_STEP * 1024)
#define RISE_MIN_SPANS 8
/* Longer spans hold more of everything, ep's requests and the other
 * growth alike: spans are compared with spans of about their length
 * (process requests between the samples: 1, 2, 3-4, ... 33 or more). */
#define RISE_BINS 7

static void trend_nan(struct ls_site_trend *t)
{
	t->slope_mb_per_1k = t->ci95[0] = t->ci95[1] = t->p_value = t->r2 = NAN;
	t->theil_sen_mb_per_1k = t->score = NAN;
	t->early_mb_per_1k = t->late_mb_per_1k = NAN;
}

/* A site's OLS trend over request numbers, per 1,000 requests. */
static void set_trend(struct ls_site_trend *t, const struct ls_ols *o)
{
	t->slope_mb_per_1k = o->slope * 1000;
	t->ci95[0] = o->ci95[0] * 1000;
	t->ci95[1] = o->ci95[1] * 1000;
	t->p_value = o->p_value;
	t->r2 = o->r2;
}

/* Upper bounds on a site's size where it is NOT listed: a detailed record
 * whose top-K list is full names every site larger than its smallest entry,
 * so a site missing from it is at most that big. Range minimum over the
 * detailed records (segment tree), +INF where a record's list is not full. */
struct gap_bounds {
	uint32_t n, size;     /* detailed records; leaves (a power of two) */
	double *t;            /* 2 * size: t[size + i] = bound of record i */
};

/* Smallest bound over detailed records [lo, hi) (+INF when empty). */
static double gap_min(const struct gap_bounds *g, uint32_t lo, uint32_t hi)
{
	double m = INFINITY;
	for (lo += g->size, hi += g->size; lo < hi; lo /= 2, hi /= 2) {
		if (lo & 1)
			m = fmin(m, g->t[lo++]);
		if (hi & 1)
			m = fmin(m, g->t[--hi]);
	}
	return m;
}

/* Has the site stopped growing? Its "records" (samples above every earlier
 * one, from the process steady state on) are where it grew. A leak keeps
 * setting records to the end; a cache filling up to its bound sets them
 * while it fills and none once full, however long the fill took (the
 * warm-up peeling above only sets aside a rise that is over within
 * warmup_max_frac of the samples, and needs 24 of them). If the site grew
 * at a steady rate, its N records would fall uniformly over the window, so
 * all N before a fraction f of it has probability f^N: below SITE_ALPHA,
 * the flat tail is no pause of a leak but its end. Only the site's own
 * samples count (a sample where it is not listed tells nothing about a new
 * record). Returns the index of the last record, 0 when the site has not
 * plateaued. */
static uint32_t site_plateau(const double *x, const double *y, uint32_t s0, uint32_t n)
{
	if (n < s0 + SITE_MIN_SAMPLES)
		return 0;
	double top = y[s0];
	uint32_t records = 0, last = 0;
	for (uint32_t i = s0 + 1; i < n; i++)
		if (y[i] > top + MB_STEP) {
			top = y[i];
			records++;
			last = i;
		}
	double span = x[n - 1] - x[s0];
	/* the flat tail must be long enough to judge on its own */
	if (records < 2 || !(span > 0) || n - last < SITE_MIN_SAMPLES)
		return 0;
	double f = (x[last] - x[s0]) / span;
	return pow(f, (double)records) < SITE_ALPHA ? last : 0;
}

/* The rise over samples [a, b) per request, and the variance of that
 * rate: the rise is a sum of increments, each the allocations (and frees)
 * between two listings, so its variance is that of the increments about
 * the third's own rate, summed. Few big steps (an error path's) make that
 * large; a cache's many small, even increments, small. (Their squares
 * alone, as before, count the rate itself as noise: a site that grows
 * smoothly by 2.6 times less at the end than at the start read as "not
 * clearly slower" on 40 samples a third.) */
static void third_rate(const double *x, const double *y, uint32_t a, uint32_t b, double *rate, double *var)
{
	double w = x[b - 1] - x[a], ss = 0;
	*rate = (y[b - 1] - y[a]) / w;
	for (uint32_t i = a + 1; i < b; i++) {
		double d = y[i] - y[i - 1] - *rate * (x[i] - x[i - 1]);
		ss += d * d;
	}
	*var = ss / (w * w);
}

/* Does the site keep rising ever more slowly? A cache whose keys repeat
 * more and more often fills at a decaying rate, often slower than the
 * levelling fit above can tell from a leak at the same line (its time
 * constants reach a quarter of the window): still creeping up when the
 * capture ends. A leak grows at its endpoint's pace: per request of that
 * endpoint its rate holds. So: its rate over the last third of the samples
 * from `from` is under half that over the first third, and clearly lower
 * (one-sided p < SITE_ALPHA, third_rate's variances). x: request numbers of
 * the process (site_fit's first guess) or counts of one endpoint's requests
 * (slowing_for_endpoint's judgement). The verdicts then do not take it as
 * proof of a leak, nor of a warm-up: a cache filling up and a leak at a
 * cache's line both slow down while the fill lasts. *early / *late receive
 * the two rates (MB per 1,000 of x, NAN when not slowing). */
static bool slowdown_by(const double *x, const double *y, uint32_t from, uint32_t n, double ratio,
	double alpha, double *early, double *late)
{
	*early = *late = NAN;
	uint32_t third = (n - from) / 3;
	if (third < SITE_MIN_SAMPLES || !(x[from + third - 1] > x[from]) || !(x[n - 1] > x[n - third]))
		return false;
	double r1, v1, r3, v3;
	third_rate(x, y, from, from + third, &r1, &v1);
	third_rate(x, y, n - third, n, &r3, &v3);
	if (!(r1 > 0) || !(r3 < r1 * ratio) || !(v1 + v3 >= 0))
		return false;
	/* (thirds that are exact lines have no noise: their drop is sure) */
	double z = (r1 - r3) / sqrt(v1 + v3);
	if (v1 + v3 > 0 && !(1 - ls_stats_norm_cdf(z) < alpha))
		return false;
	*early = r1 * 1000;
	*late = r3 * 1000;
	return true;
}

bool ls_site_slowdown(const double *x, const double *y, uint32_t from, uint32_t n, double *early,
	double *late)
{
	return slowdown_by(x, y, from, n, 0.5, SITE_ALPHA, early, late);
}

bool ls_site_slows_per(const struct ls_process *p, uint32_t site, uint32_t e, bool errors, double *early,
	double *late)
{
	size_t n = 0, last = 0;
	double *x = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *x), *y = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *y);
	double count = 0;
	bool seen = e >= p->nep;  /* e's own requests, from its first record on */
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		if (!ls_endpoint_placed(ep, r))
			continue;
		if (p->tl_ep[i] == e) {
			seen = true;
			count += !errors || (ep->flags[r] & LS_REQ_ERROR);
		}
		if (!seen)
			continue;
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++)
			if (ep->cons_site[c] == site && isfinite(ep->cons_mb[c])) {
				x[n] = e < p->nep ? count : (double)ep->req_no[r];
				y[n++] = ep->cons_mb[c];
				break;
			}
		/* ... to its last: past it, e's requests are no longer seen */
		if (p->tl_ep[i] == e || e >= p->nep)
			last = n;
	}
	double r1, r3;
	bool own = e < p->nep;
	bool slow = last >= 3 && last < UINT32_MAX && slowdown_by(x, y, 0, (uint32_t)last, own ? OWN_PACE_RATIO : 0.5,
		own ? OWN_PACE_ALPHA : SITE_ALPHA, &r1, &r3);
	if (early)
		*early = slow ? r1 : NAN;
	if (late)
		*late = slow ? r3 : NAN;
	free(x);
	free(y);
	return slow;
}

/* Site t (samples x, y: n of them) only ever grows, in steps, from sample
 * s0 (the process steady state) on: a suspect, its steady state the whole
 * window, the steps its leak. */
static void take_steps(struct ls_site_trend *t, const double *x, const double *y, uint32_t s0, uint32_t n,
	int64_t origin)
{
	struct ls_ols o;
	double rho;
	t->suspect = true;
	t->monotone = true;
	t->quiet_end = false;
	t->steady_from_req = ls_req_at(origin, x[s0]);
	t->steady_samples = n - s0;
	if (ls_detect_trend(x + s0, y + s0, n - s0, &o, &rho) == 0) {
		set_trend(t, &o);
		t->theil_sen_mb_per_1k = ls_stats_theil_sen(x + s0, y + s0, n - s0) * 1000;
		if (isnan(t->score))  /* too few samples for the trend test */
			t->score = t->ci95[0];
	}
}

/* Fit one site's samples (x = request numbers counted from `origin`, y =
 * size_mb, in order; ord = their detailed-record ordinals, for the gap
 * bounds). */
static void site_fit(struct ls_site_trend *t, const double *x, const double *y, const uint32_t *ord,
	uint32_t n, int64_t origin, int64_t steady_from, const struct gap_bounds *g)
{
	trend_nan(t);
	t->samples = n;
	t->first_req = ls_req_at(origin, x[0]);
	t->last_req = ls_req_at(origin, x[n - 1]);
	t->first_mb = y[0];
	t->last_mb = y[n - 1];
	t->max_mb = y[0];
	for (uint32_t i = 1; i < n; i++)
		if (y[i] > t->max_mb)
			t->max_mb = y[i];
	/* the process steady state first, unless it leaves too little */
	uint32_t s = 0;
	while (s < n && ls_req_at(origin, x[s]) < steady_from)
		s++;
	if (n - s < SITE_MIN_SAMPLES)
		s = 0;
	uint32_t s0 = s;
	t->link_from_req = ls_req_at(origin, x[s0]);
	t->link_samples = n - s0;
	/* then the site's own warm-up (a cache filling up) */
	s += (uint32_t)ls_detect_warmup(x + s, y + s, NULL, n - s, ls_detect_defaults.warmup_max_frac, NULL);
	t->steady_from_req = ls_req_at(origin, x[s]);
	t->steady_samples = n - s;
	struct ls_ols o;
	double rho;
	/* too few samples for a trend test: only the steps below can make
	 * it a suspect (a leak's site that entered the top K late) */
	if (n - s >= SITE_MIN_SAMPLES) {
		if (ls_detect_trend(x + s, y + s, n - s, &o, &rho) != 0)
			return;
		set_trend(t, &o);
		t->score = t->ci95[0];
		t->suspect = t->p_value < SITE_ALPHA && t->ci95[0] > 0 &&
			t->slope_mb_per_1k >= SITE_MATERIAL_MB_PER_1K;
	}
	/* the robust check only where it can decide something */
	if (t->suspect) {
		t->theil_sen_mb_per_1k = ls_stats_theil_sen(x + s, y + s, n - s) * 1000;
		t->suspect = t->theil_sen_mb_per_1k > 0;
	}
	/* A site that gives back most of what it gathered (a collector
	 * emptying a sawtooth, a cache evicting, a spike released) is not
	 * leaking, whatever its slope over the window. */
	double peak = y[s0], dd = 0;
	for (uint32_t i = s0; i < n; i++) {
		if (y[i] > peak)
			peak = y[i];
		if (peak - y[i] > dd)
			dd = peak - y[i];
		/* between this sample and the next the site was not listed:
		 * where a full list's smallest entry is far below the peak, the
		 * site fell at least that far (a collected sawtooth drops out of
		 * the top K; a leak's site, never smaller than before, cannot) */
		double b = gap_min(g, ord[i] + 1, i + 1 < n ? ord[i + 1] : g->n);
		if (peak - b > dd)
			dd = peak - b;
	}
	t->steady_rise_mb = peak - y[s0];
	t->collected = dd >= 0.5 && dd > 0.5 * (peak - y[s0]);
	if (t->collected)
		t->suspect = false;
	/* A site that only ever grows, in steps (an error-path leak keeps a
	 * block per failure), is a suspect even when its steps make the trend
	 * test's autocorrelation correction too wide: almost every change is
	 * up, there are enough of them, and they add up to something. */
	/* Judged from the process steady state on, not after the site's own
	 * warm-up: a few steps clustered early look like a warm-up. What tells a
	 * filling cache from a leak is that a leak keeps stepping up to the end. */
	uint32_t up = 0, down = 0, late_up = 0;
	double late_x = x[s0] + (x[n - 1] - x[s0]) * 2 / 3;
	for (uint32_t i = s0 + 1; i < n; i++) {
		double d = y[i] - y[i - 1];
		if (d > MB_STEP) {
			up++;
			late_up += x[i] >= late_x;
		} else if (d < -MB_STEP) {
			down++;
		}
	}
	double span = x[n - 1] - x[s0];
	bool steps = !t->collected && ((up >= 5 && up >= 9 * down) || (up >= 3 && down == 0)) &&
		y[n - 1] - y[s0] >= MONO_MIN_MB && span > 0 &&
		(y[n - 1] - y[s0]) / span * 1000 >= SITE_MATERIAL_MB_PER_1K;
	bool to_the_end = late_up >= 1 && late_up * 10 >= up;
	if (steps && to_the_end && !t->suspect) {
		take_steps(t, x, y, s0, n, origin);
		s = s0;
	} else if (steps && !to_the_end) {
		/* few of its steps in the last third, or none: a cache that
		 * filled, or a leak whose endpoint went quiet
		 * (promote_quiet_ends) */
		t->quiet_end = true;
	}
	/* A site that levelled off is a cache that filled up: its steady state
	 * is the flat tail, whatever the slope over the fill. Not only for
	 * suspects: a fill whose trend test was too weak (autocorrelated
	 * steps) still tells the verdicts that e's heap growth was a cache
	 * (verdict.c, own_plateau_mb). */
	uint32_t last = t->collected ? 0 : site_plateau(x, y, s0, n);
	/* or levels off smoothly, still creeping up when the capture ends (a
	 * fill whose rate decays): nearly all of its rise is the levelling
	 * curve (its steady slope over the window adds under an eighth of the
	 * curve's height: more is a leak at the same line, which stays a
	 * suspect), made of many small increments (a handful of big steps is
	 * an error path's leak whose errors stopped: the records test above
	 * judges those), and its steady state starts three time constants in */
	if (last == 0 && !t->collected && up >= LEVELLING_MIN_UPS) {
		double amp, slope;
		double tau = ls_detect_levelling(x + s0, y + s0, n - s0, 4, &amp, &slope);
		if (tau > 0 && slope * (x[n - 1] - x[s0]) < amp / 8) {
			uint32_t i = s0;
			while (i < n && x[i] < x[s0] + 3 * tau)
				i++;
			if (i + SITE_MIN_SAMPLES <= n)
				last = i;
		}
	}
	if (last > 0) {
		t->suspect = false;
		t->monotone = false;
		t->plateaued = true;
		s = last;
		t->steady_from_req = ls_req_at(origin, x[s]);
		t->steady_samples = n - s;
		trend_nan(t);
		if (ls_detect_trend(x + s, y + s, n - s, &o, &rho) == 0) {
			set_trend(t, &o);
			t->score = t->ci95[0];
		}
	}
	/* a suspect that slows from its first sample, per request of the
	 * process (only suspects are evidence): the process's warm-up, set
	 * aside above, holds most of a decaying rise (verdict.c,
	 * shared_slowdown) */
	double early, late;
	t->slows_throughout = t->suspect && ls_site_slowdown(x, y, 0, n, &early, &late);
	t->ease_early = t->ease_late = NAN;
	if (t->suspect)
		slowdown_by(x, y, 0, n, OWN_PACE_RATIO, SITE_ALPHA, &t->ease_early, &t->ease_late);
	/* a suspect made of many small increments (few big steps are an
	 * error path's, whose pace is its errors'): a candidate for one that
	 * keeps rising ever more slowly, judged against the pace of the
	 * requests it follows by compute_links (slowing_for_endpoint). Not
	 * first per request of the process: that axis adds the other
	 * endpoints' varying traffic between samples to the noise, and a cache
	 * whose rate had clearly fallen by half per request of its endpoint was
	 * often not clearly slower per request of the process, so never
	 * judged. One that slows so over all its samples, but not from the
	 * steady state on, is left to the rules on growth every endpoint
	 * drives (verdict.c: slows_for, shared_easing), which say whose pace
	 * it does not keep. */
	if (t->suspect && up >= LEVELLING_MIN_UPS)
		t->slowing = !t->slows_throughout ||
			ls_site_slowdown(x, y, s0, n, &t->early_mb_per_1k, &t->late_mb_per_1k);
}

static int cmp_trend(const void *pa, const void *pb)
{
	const struct ls_site_trend *a = pa, *b = pb;
	if (a->suspect != b->suspect)
		return a->suspect ? -1 : 1;
	double ka = a->suspect ? a->score : a->slope_mb_per_1k;
	double kb = b->suspect ? b->score : b->slope_mb_per_1k;
	if (isnan(ka) != isnan(kb))
		return isnan(ka) ? 1 : -1;
	if (ka != kb && !isnan(ka))
		return ka > kb ? -1 : 1;
	return a->site < b->site ? -1 : a->site > b->site;
}

/* Per suspect site, between consecutive samples of the site:
 *   d size = sum_e (b_e dC_e + g_e dE_e + h_e dX_e) + u dU
 * with C_e / E_e the requests / error responses of endpoint e up to each
 * sample, X_e = "this sample's own request is an error of e" (a transient
 * allocation of the failing request) and U the unrecorded request numbers
 * (one column per coverage regime: whose requests they are changes where a
 * file starts or stops).
 * One joint regression per site: per-endpoint models ("e against all the
 * others") were biased whenever another endpoint grew the site, because
 * detailed records are not sampled evenly across endpoints. A site's size
 * moves only when something allocates or frees there, so its noise is a
 * random walk: differences, not levels, are the right scale. */
struct link_cols {
	uint32_t k;
	uint32_t *c, *e, *x;  /* per endpoint, UINT32_MAX = absent */
	uint32_t *u;          /* per coverage regime (ls_process_regimes), UINT32_MAX = none */
	int64_t *bound;       /* nreg - 1 regime bounds */
	uint32_t nreg;
	uint32_t kc;          /* the request-count columns (C_e and U) ... */
	uint32_t *cols_c;     /* ... and where they are among the k */
	uint32_t best;        /* the best-covered regime (ls_process_best_regime), UINT32_MAX: none */
	double *share;        /* [regime][endpoint]: its share of the regime's records (mix_in);
	                       * NULL: the profiler does not record every N-th request */
};

struct link_slot {
	double *prev, prev_y;
	bool has_prev;
	bool joint;                /* enough samples for the joint model */
	bool joint_c;              /* else enough for the joint model of requests alone */
	bool pairs;                /* else a suspect: C_e against each other column in turn */
	struct ls_mls_acc acc;     /* joint: all columns; joint_c, pairs: C_e and U */
	struct ls_mls_acc *red;    /* otherwise: per endpoint, [C_e, E_e] */
	bool check;                /* a suspect: its request links checked in the best-covered regime */
	struct ls_mls_acc best_acc;   /* ... all columns, over the pairs of samples within it */
	uint32_t prev_reg;         /* the regime of the previous sample */
	double *trace;             /* a slowing candidate: per sample, every endpoint's
	                            * request count, then the size, then its timeline index */
	uint32_t ntrace, captrace;
	/* pairs of consecutive samples by span length (RISE_BINS), rose or
	 * not; and per endpoint, those with its requests [0] or errors [1]
	 * between them (the rest have none: ls_stats_cmh_greater's tables
	 * are their difference). For suspects only (NULL otherwise): only
	 * they are evidence (verdict.c), and a process of 1,000 endpoints
	 * has hundreds of other sites that grew a little */
	uint32_t all[RISE_BINS][2];
	uint32_t (*with)[2][RISE_BINS][2];
};

/* A suspect's span between two samples, in its rise tallies: by its
 * length (the process requests in it: the request-count columns of d),
 * and for each endpoint whose requests (errors) ran in it. */
static void rises_count(struct link_slot *ls, const struct link_cols *L, const double *d, bool rose, uint32_t nep)
{
	double len = 0;
	for (uint32_t j = 0; j < L->kc; j++)
		len += d[L->cols_c[j]];
	uint32_t bin = 0;
	while (bin + 1 < RISE_BINS && len > (double)(1u << bin))
		bin++;
	ls->all[bin][!rose]++;
	for (uint32_t f = 0; f < nep; f++) {
		if (L->c[f] != UINT32_MAX && d[L->c[f]] > 0)
			ls->with[f][0][bin][!rose]++;
		if (L->e[f] != UINT32_MAX && d[L->e[f]] > 0)
			ls->with[f][1][bin][!rose]++;
	}
}

/* The differences d of a row (and of the unrecorded requests spread after
 * it, link_accumulate) for the joint models. Where the profiler records
 * every N-th request (ls_process_sample_stride), the unrecorded requests'
 * column is the sum of the request columns times N - 1: one of them has to
 * be left out, and it was theirs, so every endpoint's requests carried a
 * like share of the leaker's unrecorded ones (+4.3 KB per request for
 * three innocent endpoints, called leaks through the site). There each
 * endpoint's requests come with its share of the unrecorded ones, and
 * theirs is the column left out (it stays, as what they retain beyond the
 * recorded mix: a multiple of it added to others changes no fit where it
 * is not left out). The tallies of rises and the per-endpoint models keep
 * the requests as recorded. */
static void mix_in(const struct link_cols *L, const double *d, uint32_t nep, double *dm)
{
	memcpy(dm, d, L->k * sizeof *dm);
	for (uint32_t f = 0; f < nep; f++)
		if (L->c[f] != UINT32_MAX)
			dm[L->c[f]] += d[L->k + f];
}

/* Each endpoint's share of the records in each of the nreg regimes
 * ([regime][endpoint], malloc'd). */
static double *regime_shares(const struct ls_process *p, const int64_t *bound, uint32_t nreg)
{
	uint32_t nep = p->nep;
	double *share = ls_xcalloc((size_t)nreg * nep, sizeof *share), *n = ls_xcalloc(nreg, sizeof *n);
	for (uint64_t i = 0; i < p->ntl; i++) {
		uint32_t g = ls_regime_of(bound, nreg - 1, p->ep[p->tl_ep[i]].req_no[p->tl_row[i]]);
		share[(size_t)g * nep + p->tl_ep[i]] += 1;
		n[g] += 1;
	}
	for (uint32_t g = 0; g < nreg; g++)
		for (uint32_t e = 0; e < nep && n[g] > 0; e++)
			share[(size_t)g * nep + e] /= n[g];
	free(n);
	return share;
}

static void link_accumulate(const struct ls_process *p, const struct ls_site_analysis *s,
	const uint32_t *cand_of_site, const struct link_cols *L, struct link_slot *slot)
{
	uint32_t nep = p->nep;
	double *C = ls_xcalloc(nep, sizeof *C), *E = ls_xcalloc(nep, sizeof *E);
	/* the row, then per endpoint the unrecorded requests counted as its
	 * own by its share of the records in their regime (not a column: see
	 * mix_in) */
	double *row = ls_xcalloc(L->k + nep, sizeof *row), *d = ls_xcalloc(L->k + nep, sizeof *d);
	double *dm = ls_xcalloc(L->k ? L->k : 1, sizeof *dm);
	double *dc = ls_xcalloc(L->kc ? L->kc : 1, sizeof *dc);
	double *U = ls_xcalloc(L->nreg, sizeof *U), *spread = ls_xcalloc(nep, sizeof *spread);
	int64_t prev = 0;
	bool started = false;
	uint32_t reg = 0;
	for (uint64_t i = 0; i < p->ntl; i++) {
		uint32_t e = p->tl_ep[i], r = p->tl_row[i];
		const struct ls_endpoint *ep = &p->ep[e];
		int64_t req = ep->req_no[r];
		while (reg + 1 < L->nreg && req >= L->bound[reg])
			reg++;
		uint32_t g;
		uint64_t unrecorded = started ? ls_unrecorded_between(L->bound, L->nreg - 1, prev, req, &g) : 0;
		if (unrecorded)
			U[g] += (double)unrecorded;
		for (uint32_t f = 0; unrecorded && L->share && f < nep; f++)
			spread[f] += (double)unrecorded * L->share[(size_t)g * nep + f];
		if (!started || req > prev)
			prev = req;
		started = true;
		bool err = (ep->flags[r] & LS_REQ_ERROR) != 0;
		/* the sample is taken after this request: its allocations are in */
		C[e] += 1;
		E[e] += err;
		bool built = false;
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++) {
			uint32_t site = ep->cons_site[c];
			if (site >= s->nsites || cand_of_site[site] == UINT32_MAX || !isfinite(ep->cons_mb[c]))
				continue;
			uint32_t ci = cand_of_site[site];
			/* from the process steady state, not after the site's own
			 * warm-up: the first steps of an error path must count */
			if (req < s->v[ci].link_from_req)
				continue;
			if (!built) {
				for (uint32_t f = 0; f < nep; f++) {
					if (L->c[f] != UINT32_MAX)
						row[L->c[f]] = C[f];
					if (L->e[f] != UINT32_MAX)
						row[L->e[f]] = E[f];
					if (L->x[f] != UINT32_MAX)
						row[L->x[f]] = err && f == e;
				}
				for (uint32_t j = 0; j < L->nreg; j++)
					if (L->u[j] != UINT32_MAX)
						row[L->u[j]] = U[j];
				memcpy(row + L->k, spread, nep * sizeof *spread);
				built = true;
			}
			struct link_slot *ls = &slot[ci];
			double y = ep->cons_mb[c];
			if (ls->has_prev) {
				for (uint32_t j = 0; j < L->k + nep; j++)
					d[j] = row[j] - ls->prev[j];
				mix_in(L, d, nep, dm);
				if (ls->joint) {
					ls_mls_add(&ls->acc, dm, y - ls->prev_y);
				} else if (ls->joint_c) {
					for (uint32_t j = 0; j < L->kc; j++)
						dc[j] = dm[L->cols_c[j]];
					ls_mls_add(&ls->acc, dc, y - ls->prev_y);
				} else {
					if (ls->pairs) {
						for (uint32_t j = 0; j < L->kc; j++)
							dc[j] = dm[L->cols_c[j]];
						ls_mls_add(&ls->acc, dc, y - ls->prev_y);
					}
					for (uint32_t f = 0; f < nep; f++) {
						double d2[2] = {L->c[f] != UINT32_MAX ? d[L->c[f]] : 0,
							L->e[f] != UINT32_MAX ? d[L->e[f]] : 0};
						ls_mls_add(&ls->red[f], d2, y - ls->prev_y);
					}
				}
				if (ls->check && ls->prev_reg == L->best && reg == L->best)
					ls_mls_add(&ls->best_acc, dm, y - ls->prev_y);
				if (ls->with)
					rises_count(ls, L, d, y - ls->prev_y > MB_STEP, nep);
			}
			ls->prev_reg = reg;
			if (s->v[ci].slowing) {
				if (ls->ntrace == ls->captrace) {
					ls->captrace = ls->captrace ? 2 * ls->captrace : 64;
					ls->trace = ls_xrealloc(ls->trace, (size_t)ls->captrace * (nep + 2) * sizeof *ls->trace);
				}
				double *tr = ls->trace + (size_t)ls->ntrace++ * (nep + 2);
				memcpy(tr, C, nep * sizeof *C);
				tr[nep] = y;
				tr[nep + 1] = (double)i;
			}
			memcpy(ls->prev, row, (L->k + nep) * sizeof *row);
			ls->prev_y = y;
			ls->has_prev = true;
		}
	}
	free(C);
	free(E);
	free(U);
	free(spread);
	free(row);
	free(d);
	free(dm);
	free(dc);
}

/* r from the spans with ep's requests (errors) and all spans, by length:
 * [bin][0] rose, [bin][1] did not. No tallies (with NULL: not a suspect):
 * nothing known, p = 1. */
static void rises_tally(struct ls_rises *r, const uint32_t (*with)[2], const uint32_t (*all)[2])
{
	memset(r, 0, sizeof *r);
	r->p = 1;
	if (!with)
		return;
	uint32_t t[RISE_BINS][4];
	for (uint32_t k = 0; k < RISE_BINS; k++) {
		t[k][0] = with[k][0];
		t[k][1] = with[k][1];
		t[k][2] = all[k][0] - with[k][0];
		t[k][3] = all[k][1] - with[k][1];
		r->with += t[k][0] + t[k][1];
		r->with_rose += t[k][0];
		r->without += t[k][2] + t[k][3];
		r->without_rose += t[k][2];
	}
	r->p = ls_stats_cmh_greater((const uint32_t (*)[4])t, RISE_BINS);
	r->anyway = r->without >= RISE_MIN_SPANS && 2 * r->without_rose >= r->without && !(r->p < 0.05);
}

/* Whether link l (of endpoint e) is one: a significant positive growth
 * per request or per error, and which carries it (a request link the
 * best-covered stretch contradicts, or whose rises are missing, is none). (A coefficient of 1e-15
 * with a zero standard error is an exact fit of nothing, not a link.) */
static void link_flags(struct ls_site_link *l, const struct ls_process *p, uint32_t e)
{
	const struct ls_rises *r = &l->req_rises;
	l->rises_missing = l->kb_per_request >= RISE_VISIBLE_KB && r->with >= RISE_MIN_SPANS &&
		r->without >= RISE_MIN_SPANS && 2 * r->with_rose < r->with && !(r->p < 0.05);
	bool rl = l->kb_per_request > LINK_MIN_KB && l->req_p < LINK_ALPHA && !l->contradicted && !l->rises_missing;
	bool el = l->kb_per_error > LINK_MIN_KB && l->err_p < LINK_ALPHA;
	l->linked = rl || el;
	l->via_errors = el && (!rl || l->kb_per_error * p->ep[e].nerrors > l->kb_per_request * p->ep[e].n);
}

static void link_set(struct ls_site_link *l, const struct ls_mls *m, uint32_t jc, uint32_t je)
{
	if (jc != UINT32_MAX && !m->aliased[jc]) {
		l->kb_per_request = m->beta[jc] * 1024;
		l->req_se = m->se[jc] * 1024;
		l->req_p = m->p[jc];
	}
	if (je != UINT32_MAX && !m->aliased[je]) {
		l->kb_per_error = m->beta[je] * 1024;
		l->err_se = m->se[je] * 1024;
		l->err_p = m->p[je];
	}
}

/* A suspect with too few samples for the joint model of requests: the one
 * endpoint whose requests it follows, judged against each other column in
 * turn (another endpoint's requests, the unrecorded ones), UINT32_MAX when
 * none. Its own model links it (LINK_ALPHA); in every two-column model
 * [C_e, other] its share stays (p < 0.01) and the other has none that is
 * clearly positive (95 %). A leak's site grows by about the same amount
 * per leaking request, so its few steps follow that endpoint's counts and
 * no other's; the pairs need 2 degrees of freedom each. */
static uint32_t follows_one(const struct ls_mls_acc *acc, const struct link_cols *L,
	const struct ls_site_link *links, uint32_t nep)
{
	if (acc->n < 4 || L->kc < 2)
		return UINT32_MAX;
	uint32_t found = UINT32_MAX;  /* the strongest of the own-model links */
	for (uint32_t e = 0; e < nep; e++)
		if (L->c[e] != UINT32_MAX && links[e].kb_per_request > LINK_MIN_KB && links[e].req_p < LINK_ALPHA &&
		    (found == UINT32_MAX || links[e].req_p < links[found].req_p))
			found = e;
	if (found == UINT32_MAX)
		return UINT32_MAX;
	uint32_t je = L->c[found];  /* requests columns lead: a column of acc */
	double *T = ls_xmalloc((size_t)L->kc * 2 * sizeof *T);
	bool ok = true;
	for (uint32_t j = 0; j < L->kc && ok; j++) {
		if (j == je)
			continue;
		memset(T, 0, (size_t)L->kc * 2 * sizeof *T);
		T[je * 2] = 1;
		T[j * 2 + 1] = 1;
		struct ls_mls_acc a2;
		struct ls_mls m;
		ls_mls_transform(acc, T, 2, &a2);
		if (ls_mls_solve(&a2, &m) != 0) {
			ok = false;
		} else {
			bool mine = !m.aliased[0] && m.df >= 2 && m.beta[0] > 0 && m.p[0] < 0.01;
			bool other = !m.aliased[1] && m.beta[1] > 0 && m.p[1] < 0.05;
			ok = mine && !other;
		}
		ls_mls_done(&m);
		ls_mls_done_acc(&a2);
	}
	free(T);
	return ok ? found : UINT32_MAX;
}

/* Timeline indices of endpoint e's first and last records with a place
 * on the axis; false when it has none. */
static bool recorded_span(const struct ls_process *p, uint32_t e, uint64_t *first, uint64_t *last)
{
	uint32_t a, b;
	if (!ls_endpoint_placed_rows(&p->ep[e], &a, &b))
		return false;
	*first = ls_process_timeline_index(p, e, a);
	*last = ls_process_timeline_index(p, e, b - 1);
	return *first < p->ntl && *last < p->ntl;
}

/* A slowing candidate (site_fit) judged against the pace of the requests
 * it follows: a leak keeps the pace of its endpoint's requests exactly
 * (per request of that endpoint its rate holds, whatever that endpoint's
 * share of the traffic does), and a leak at a line two endpoints share
 * keeps the pace of both together; a cache whose keys repeat more and more
 * often falls behind it. So the axis is the growth the joint links expect
 * (every endpoint whose requests clearly grow it, by its rate per
 * request), in requests of the strongest of them (slowing_ep): its own
 * request count where it is the only one. The rate over the last third
 * must fall by a fifth at least, clearly (p < SITE_ALPHA): the pace a
 * leak holds is exact, so a smaller fall of a few hundred samples is
 * already no chance (OWN_PACE_RATIO, the milder test links pass too).
 * Only over the stretch where each of those endpoints has records (a
 * rotated file's early requests are not counted: the site grows with them
 * all the same, which would read as a steep start). An error path (a link
 * via errors) is no cache. trace: per sample, the request counts of the
 * nep endpoints, the size, the timeline index. */
/* A link whose endpoint's requests clearly grow the site: its pace is
 * part of slowing_for_endpoint's axis. */
static bool sets_pace(const struct ls_site_link *l)
{
	return l->linked && l->joint && l->kb_per_request > 0;
}

static bool slowing_for_endpoint(const struct ls_process *p, struct ls_site_trend *t, const double *trace,
	uint32_t n, uint32_t nep)
{
	t->early_mb_per_1k = t->late_mb_per_1k = NAN;
	uint32_t best = UINT32_MAX;
	for (uint32_t e = 0; t->links && e < t->nlinks; e++) {
		const struct ls_site_link *l = &t->links[e];
		if (l->linked && l->via_errors)
			return false;
		if (l->linked && l->joint && (best == UINT32_MAX || l->req_p < t->links[best].req_p))
			best = e;
	}
	if (best == UINT32_MAX || n < 3 || !(t->links[best].kb_per_request > 0))
		return false;
	uint64_t from = 0, to = UINT64_MAX;
	for (uint32_t f = 0; f < t->nlinks && f < nep; f++) {
		const struct ls_site_link *l = &t->links[f];
		uint64_t a, b;
		if (!sets_pace(l))
			continue;
		if (!recorded_span(p, f, &a, &b))
			return false;
		from = a > from ? a : from;
		to = b < to ? b : to;
	}
	double *x = ls_xmalloc(n * sizeof *x), *y = ls_xmalloc(n * sizeof *y);
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++) {
		const double *tr = trace + (size_t)i * (nep + 2);
		if (tr[nep + 1] < (double)from || tr[nep + 1] > (double)to)
			continue;
		x[m] = 0;
		for (uint32_t f = 0; f < t->nlinks && f < nep; f++) {
			const struct ls_site_link *l = &t->links[f];
			if (sets_pace(l))
				x[m] += tr[f] * (l->kb_per_request / t->links[best].kb_per_request);
		}
		y[m++] = tr[nep];
	}
	bool slow = m >= 3 && slowdown_by(x, y, 0, m, OWN_PACE_RATIO, SITE_ALPHA, &t->early_mb_per_1k,
		&t->late_mb_per_1k);
	free(x);
	free(y);
	t->slowing_ep = best;
	return slow;
}

/* For a suspect that slows over all its samples, whether it slows per
 * request (error) of each endpoint it follows too: asked once here, as
 * each question walks the whole timeline, for every link the verdicts
 * could take (p < 0.01). */
static void own_pace(const struct ls_process *p, struct ls_site_trend *t)
{
	for (uint32_t e = 0; e < t->nlinks; e++) {
		struct ls_site_link *l = &t->links[e];
		l->slows_own = l->slows_own_err = false;
		l->own_early = l->own_late = NAN;
		if (!t->slows_throughout)
			continue;
		if (l->kb_per_request > 0 && l->req_p < 0.01)
			l->slows_own = ls_site_slows_per(p, t->site, e, false, &l->own_early, &l->own_late);
		if (l->kb_per_error > 0 && l->err_p < 0.01)
			l->slows_own_err = ls_site_slows_per(p, t->site, e, true, NULL, NULL);
	}
}

/* Links for every site that grew over at least 3 steady samples (suspects
 * and sites whose few samples cannot make a trend: an error-path leak's site
 * may only show up in a handful of error records). Sites with too few
 * samples for the joint model get one [C_e, E_e] model per endpoint. */
static void compute_links(const struct ls_process *p, struct ls_site_analysis *s)
{
	uint32_t nep = p->nep;
	if (nep == 0 || s->n == 0)
		return;
	struct link_cols L = {0};
	L.c = ls_xmalloc(nep * sizeof *L.c);
	L.e = ls_xmalloc(nep * sizeof *L.e);
	L.x = ls_xmalloc(nep * sizeof *L.x);
	/* unrecorded requests, one column per coverage regime that has any:
	 * a rotated file's early requests and a cut file's last ones are of
	 * different endpoints, and one coefficient for both would hand the
	 * difference to whoever has records there */
	L.nreg = ls_process_regimes(p, INT64_MIN, &L.bound) + 1;
	L.u = ls_xmalloc(L.nreg * sizeof *L.u);
	bool *gaps = ls_xcalloc(L.nreg, sizeof *gaps);
	for (uint64_t i = 1; i < p->ntl; i++) {
		int64_t a = p->ep[p->tl_ep[i - 1]].req_no[p->tl_row[i - 1]];
		int64_t b = p->ep[p->tl_ep[i]].req_no[p->tl_row[i]];
		uint32_t g;
		if (ls_unrecorded_between(L.bound, L.nreg - 1, a, b, &g))
			gaps[g] = true;
	}
	L.best = ls_process_best_regime(p, INT64_MIN, L.bound, L.nreg - 1);
	L.share = ls_process_sample_stride(p) >= 2 ? regime_shares(p, L.bound, L.nreg) : NULL;
	for (uint32_t e = 0; e < nep; e++)
		L.c[e] = p->ep[e].n ? L.k++ : UINT32_MAX;
	for (uint32_t j = 0; j < L.nreg; j++)
		L.u[j] = gaps[j] ? L.k++ : UINT32_MAX;
	free(gaps);
	for (uint32_t e = 0; e < nep; e++)
		L.e[e] = p->ep[e].nerrors ? L.k++ : UINT32_MAX;
	for (uint32_t e = 0; e < nep; e++)
		L.x[e] = p->ep[e].nerrors ? L.k++ : UINT32_MAX;
	/* C_e and U come first: the requests-only model is the leading columns */
	for (uint32_t e = 0; e < nep; e++)
		L.kc += L.c[e] != UINT32_MAX;
	for (uint32_t j = 0; j < L.nreg; j++)
		L.kc += L.u[j] != UINT32_MAX;
	L.cols_c = ls_xmalloc((L.kc ? L.kc : 1) * sizeof *L.cols_c);
	for (uint32_t j = 0; j < L.kc; j++)
		L.cols_c[j] = j;

	uint32_t *cand_of_site = ls_xmalloc(s->nsites * sizeof *cand_of_site);
	for (uint32_t i = 0; i < s->nsites; i++)
		cand_of_site[i] = UINT32_MAX;
	uint32_t ncand = 0;
	for (uint32_t i = 0; i < s->n && ncand < MAX_LINKED_SITES; i++) {
		const struct ls_site_trend *t = &s->v[i];
		if (t->link_samples >= 3 && (t->suspect || t->last_mb > t->first_mb)) {
			cand_of_site[t->site] = i;
			ncand++;
		}
	}
	struct link_slot *slot = ls_xcalloc(s->n, sizeof *slot);
	for (uint32_t i = 0; i < s->n; i++) {
		if (cand_of_site[s->v[i].site] != i)
			continue;
		struct link_slot *ls = &slot[i];
		ls->prev = ls_xcalloc(L.k + nep, sizeof *ls->prev);
		if (s->v[i].suspect)
			ls->with = ls_xcalloc(nep, sizeof *ls->with);
		/* the joint model (K^2 per sample) wherever the samples can
		 * carry every column (K + 8 of them) */
		ls->joint = s->v[i].link_samples >= L.k + 8;
		/* a suspect with too few samples for every column still gets a
		 * joint model of the requests alone (4 samples more than its
		 * columns: the t test allows for few degrees of freedom; a site
		 * that entered the top K late has few samples, however big it
		 * is): each endpoint's share is
		 * then judged against all the others, not against nothing. Not
		 * the other sites: one with few samples is more likely an error
		 * path's, growing in steps, and only the per-endpoint models
		 * below keep an error column to link it by */
		ls->joint_c = !ls->joint && s->v[i].suspect && s->v[i].link_samples >= L.kc + 4;
		ls->pairs = !ls->joint && !ls->joint_c && s->v[i].suspect;
		ls->check = L.best != UINT32_MAX && s->v[i].suspect;
		if (ls->check)
			ls_mls_init(&ls->best_acc, L.k, false);
		if (ls->joint) {
			ls_mls_init(&ls->acc, L.k, false);
		} else if (ls->joint_c) {
			ls_mls_init(&ls->acc, L.kc, false);
		} else {
			if (ls->pairs)
				ls_mls_init(&ls->acc, L.kc, false);
			ls->red = ls_xcalloc(nep, sizeof *ls->red);
			for (uint32_t e = 0; e < nep; e++)
				ls_mls_init(&ls->red[e], 2, false);
		}
	}
	link_accumulate(p, s, cand_of_site, &L, slot);
	for (uint32_t i = 0; i < s->n; i++) {
		if (cand_of_site[s->v[i].site] != i)
			continue;
		struct ls_site_trend *t = &s->v[i];
		struct link_slot *ls = &slot[i];
		t->nlinks = nep;
		t->links = ls_xcalloc(nep, sizeof *t->links);
		struct ls_mls m = {0}, mb = {0};
		bool ok = (ls->joint || ls->joint_c) && ls_mls_solve(&ls->acc, &m) == 0;
		bool checked = ls->check && ls_mls_solve(&ls->best_acc, &mb) == 0;
		for (uint32_t e = 0; e < nep; e++) {
			struct ls_site_link *l = &t->links[e];
			l->ep = e;
			rises_tally(&l->req_rises, ls->with ? (const uint32_t (*)[2])ls->with[e][0] : NULL,
				(const uint32_t (*)[2])ls->all);
			rises_tally(&l->err_rises, ls->with ? (const uint32_t (*)[2])ls->with[e][1] : NULL,
				(const uint32_t (*)[2])ls->all);
			l->joint = ls->joint || ls->joint_c;
			l->kb_per_request = l->req_p = l->kb_per_error = l->err_p = l->req_se = l->err_se = NAN;
			if (ls->joint) {
				if (ok)
					link_set(l, &m, L.c[e], L.e[e]);
			} else if (ls->joint_c) {
				if (ok)
					link_set(l, &m, L.c[e], UINT32_MAX);
			} else {
				struct ls_mls mr;
				if (ls_mls_solve(&ls->red[e], &mr) == 0)
					link_set(l, &mr, 0, L.e[e] != UINT32_MAX ? 1 : UINT32_MAX);
				ls_mls_done(&mr);
				ls_mls_done_acc(&ls->red[e]);
			}
			/* where the files cover different stretches, the
			 * unrecorded requests of one stretch are of one make-up
			 * only on average: a bursty endpoint's, rotated away,
			 * make another's recorded requests a proxy for the
			 * site's pace there. Where every file has records that
			 * cannot happen: a link the best-covered stretch puts
			 * clearly under half of its size is no link. (Only a
			 * link the verdicts could take, p < 0.01 at the least:
			 * a non-link's noise, 0.06 KiB against a best-covered
			 * 0.007 +- 0.008, or a negative one, contradicts
			 * nothing, and must not hand every link of the site to
			 * the smaller stretch's model below) */
			uint32_t jb = L.c[e];
			l->contradicted = checked && l->kb_per_request > LINK_MIN_KB && l->req_p < 0.01 &&
				jb < mb.k && !mb.aliased[jb] && mb.df >= 3 &&
				isfinite(mb.se[jb]) && (mb.beta[jb] + 1.96 * mb.se[jb]) * 1024 < l->kb_per_request / 2;
			link_flags(l, p, e);
		}
		if (ls->pairs) {
			uint32_t e = follows_one(&ls->acc, &L, t->links, nep);
			if (e != UINT32_MAX && !t->links[e].via_errors) {
				/* judged against the others on its requests only */
				struct ls_site_link *l = &t->links[e];
				l->joint = true;
				l->kb_per_error = l->err_p = l->err_se = NAN;
			}
			ls_mls_done_acc(&ls->acc);
		}
		/* and where it contradicts one, the whole capture's model is
		 * confounded: the best-covered stretch's gives every link (its
		 * unrecorded requests are a sample of all the traffic). Not
		 * where it has none of e's requests (a file cut before it) or
		 * errors: a column it cannot estimate keeps the whole
		 * capture's link, which NAN would erase (an endpoint with no
		 * request there has no error there either) */
		bool confounded = false;
		for (uint32_t e = 0; e < nep; e++)
			confounded = confounded || t->links[e].contradicted;
		for (uint32_t e = 0; confounded && e < nep; e++) {
			struct ls_site_link *l = &t->links[e];
			uint32_t jc = L.c[e], je = L.e[e];
			bool rc = jc != UINT32_MAX && !mb.aliased[jc], ec = je != UINT32_MAX && !mb.aliased[je];
			if (rc) {
				l->joint = true;
				l->kb_per_request = l->req_p = l->req_se = NAN;
			}
			if (ec)
				l->kb_per_error = l->err_p = l->err_se = NAN;
			link_set(l, &mb, rc ? jc : UINT32_MAX, ec ? je : UINT32_MAX);
			link_flags(l, p, e);
		}
		/* the unrecorded requests' share (rotated-away files, a missing
		 * one): the other endpoints are not the only ones to rule out.
		 * (From the whole capture: the best-covered stretch may have
		 * none, while the rotated-away requests grew the site) */
		for (uint32_t j = 0; ok && j < L.nreg; j++) {
			uint32_t c = L.u[j];
			if (c != UINT32_MAX && c < m.k && !m.aliased[c] && m.beta[c] > 0 && m.p[c] < 0.05)
				t->unrecorded_share = true;
		}
		if (ls->joint || ls->joint_c) {
			ls_mls_done(&m);
			ls_mls_done_acc(&ls->acc);
		}
		/* (ls_mls_solve allocates mb even where it fails: a suspect
		 * with no pair of samples in the best-covered stretch) */
		if (ls->check) {
			ls_mls_done(&mb);
			ls_mls_done_acc(&ls->best_acc);
		}
		if (t->slowing)
			t->slowing = slowing_for_endpoint(p, t, ls->trace, ls->ntrace, nep);
		own_pace(p, t);
		free(ls->trace);
		free(ls->red);
		free(ls->prev);
		free(ls->with);
	}
	free(slot);
	free(L.c);
	free(L.e);
	free(L.x);
	free(L.u);
	free(L.bound);
	free(L.share);
	free(L.cols_c);
	free(cand_of_site);
}

/* Suspects first, by score; their ranks; by_site. */
static void rank_suspects(struct ls_site_analysis *s)
{
	qsort(s->v, s->n, sizeof *s->v, cmp_trend);
	s->nsuspects = 0;
	for (uint32_t i = 0; i < s->n; i++) {
		s->by_site[s->v[i].site] = i;
		s->v[i].rank = s->v[i].suspect ? ++s->nsuspects : 0;
	}
}

/* A site that only ever grew in steps, but took few of them in the last
 * third of the window, or none in a flat tail (quiet_end; plateaued), is a
 * cache that filled, or a leak whose endpoint went quiet: a bursty
 * neighbour took the traffic at the end, or its errors stopped coming. Its
 * link says which: where the endpoint it follows most clearly (joint
 * model, p < 0.001) went as quiet there (its requests, or errors for a
 * link by errors, at under a quarter of its rate over the window), and
 * the site did not slow per request (error) of it before that (a cache's
 * new keys grow rarer), the site kept that endpoint's pace: its steps are
 * a leak's.
 * (Its links stay a non-suspect's: without the best-covered stretch's
 * check and the rise tallies, which compute_links keeps for suspects.)
 * x, y, at: every site's samples and where each site's start (by site id).
 * Returns whether any site became a suspect. */
static bool promote_quiet_ends(const struct ls_process *p, struct ls_site_analysis *s, const double *x,
	const double *y, const uint32_t *at, int64_t origin)
{
	bool any = false;
	for (uint32_t i = 0; i < s->n; i++) {
		struct ls_site_trend *t = &s->v[i];
		if (!t->quiet_end || t->suspect || !t->links)
			continue;
		uint32_t e = UINT32_MAX;
		double best = 0.001;
		for (uint32_t f = 0; f < t->nlinks; f++) {
			const struct ls_site_link *l = &t->links[f];
			double pf = l->via_errors ? l->err_p : l->req_p;
			if (l->linked && l->joint && pf < best) {
				best = pf;
				e = f;
			}
		}
		if (e == UINT32_MAX)
			continue;
		bool errors = t->links[e].via_errors;
		int64_t late = t->plateaued ? t->steady_from_req :
			t->link_from_req + (t->last_req - t->link_from_req) * 2 / 3;
		uint16_t flag = errors ? LS_REQ_ERROR : 0;
		uint32_t all = ls_endpoint_count_between(&p->ep[e], flag, t->link_from_req, INT64_MAX);
		uint32_t quiet = ls_endpoint_count_between(&p->ep[e], flag, late, INT64_MAX);
		/* quiet: its rate there under a quarter of its rate over the
		 * window (a flat tail can be short; a tenth of the window holds
		 * a tenth of a steady endpoint's requests) */
		double tail = (double)(t->last_req - late) / (double)(t->last_req - t->link_from_req);
		if (all == 0 || !(t->last_req > t->link_from_req) || 4.0 * quiet >= tail * all ||
		    ls_site_slows_per(p, t->site, e, errors, NULL, NULL))
			continue;
		uint32_t n = at[t->site + 1] - at[t->site], s0 = 0;
		const double *sx = x + at[t->site], *sy = y + at[t->site];
		while (s0 < n && ls_req_at(origin, sx[s0]) < t->link_from_req)
			s0++;
		if (t->plateaued)
			t->score = NAN;  /* (the flat tail's: ranked by the whole window's) */
		t->plateaued = false;
		take_steps(t, sx, sy, s0, n, origin);
		any = true;
	}
	return any;
}

int ls_sites_analyze(const struct ls_process *p, int64_t steady_from, struct ls_site_analysis *out)
{
	memset(out, 0, sizeof *out);
	uint32_t nsites = p->sites.n ? p->sites.n : 1;
	out->nsites = nsites;
	out->by_site = ls_xmalloc(nsites * sizeof *out->by_site);
	/* samples per site, in timeline (request) order */
	uint32_t *cnt = ls_xcalloc(nsites + 1, sizeof *cnt);
	/* (a record without a request id among records with one has no place
	 * on the request axis: model.h, ls_endpoint_placed) */
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		if (!ls_endpoint_placed(ep, r))
			continue;
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++)
			if (ep->cons_site[c] < nsites && isfinite(ep->cons_mb[c]))
				cnt[ep->cons_site[c] + 1]++;
	}
	uint32_t nseen = 0;
	for (uint32_t s = 0; s < nsites; s++) {
		out->by_site[s] = cnt[s + 1] ? nseen++ : UINT32_MAX;
		cnt[s + 1] += cnt[s];
	}
	uint64_t total = cnt[nsites];
	/* counted from the first request: ids near 2^60 are 256 apart per double */
	int64_t origin = ls_process_first_req(p);
	double *x = ls_xmalloc((total ? total : 1) * sizeof *x), *y = ls_xmalloc((total ? total : 1) * sizeof *y);
	uint32_t *ord = ls_xmalloc((total ? total : 1) * sizeof *ord);
	uint32_t *fill = ls_xmalloc(nsites * sizeof *fill);
	memcpy(fill, cnt, nsites * sizeof *fill);
	/* the longest list an endpoint's records carry is its top K */
	uint32_t *kmax = ls_xcalloc(p->nep ? p->nep : 1, sizeof *kmax);
	uint32_t nd = 0;
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i], k = ep->cons_first[r + 1] - ep->cons_first[r];
		if (!ls_endpoint_placed(ep, r))
			continue;
		nd += k > 0;
		if (k > kmax[p->tl_ep[i]])
			kmax[p->tl_ep[i]] = k;
	}
	struct gap_bounds g = {nd, 1, NULL};
	while (g.size < nd)
		g.size *= 2;
	g.t = ls_xmalloc(2 * (size_t)g.size * sizeof *g.t);
	for (uint32_t i = 0; i < 2 * g.size; i++)
		g.t[i] = INFINITY;
	for (uint64_t i = 0, d = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i], k = ep->cons_first[r + 1] - ep->cons_first[r];
		if (!k || !ls_endpoint_placed(ep, r))
			continue;
		double lo = INFINITY;
		bool ok = k == kmax[p->tl_ep[i]] && k >= 2;
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++) {
			uint32_t s = ep->cons_site[c];
			if (!isfinite(ep->cons_mb[c])) {
				ok = false;  /* a damaged entry: no bound from this list */
				continue;
			}
			if (ep->cons_mb[c] < lo)
				lo = ep->cons_mb[c];
			if (s < nsites) {
				x[fill[s]] = (double)(ep->req_no[r] - origin);
				ord[fill[s]] = (uint32_t)d;
				y[fill[s]++] = ep->cons_mb[c];
			}
		}
		g.t[g.size + d++] = ok ? lo : INFINITY;
	}
	for (uint32_t i = g.size - 1; i >= 1; i--)
		g.t[i] = fmin(g.t[2 * i], g.t[2 * i + 1]);
	free(kmax);
	free(fill);
	out->n = nseen;
	out->v = ls_xcalloc(nseen ? nseen : 1, sizeof *out->v);
	for (uint32_t s = 0, k = 0; s < nsites; s++) {
		uint32_t n = cnt[s + 1] - cnt[s];
		if (!n)
			continue;
		struct ls_site_trend *t = &out->v[k++];
		t->site = s;
		site_fit(t, x + cnt[s], y + cnt[s], ord + cnt[s], n, origin, steady_from, &g);
	}
	free(ord);
	free(g.t);
	rank_suspects(out);
	compute_links(p, out);
	if (promote_quiet_ends(p, out, x, y, cnt, origin))
		rank_suspects(out);
	free(x);
	free(y);
	free(cnt);
	/* (site_fit's slowing, per process request, is only a candidate:
	 * compute_links judges it per request of the site's endpoint) */
	for (uint32_t i = 0; i < out->n; i++)
		if (out->v[i].slowing && !out->v[i].links) {
			out->v[i].slowing = false;
			out->v[i].early_mb_per_1k = out->v[i].late_mb_per_1k = NAN;
		}
	return 0;
}

void ls_sites_done(struct ls_site_analysis *s)
{
	for (uint32_t i = 0; i < s->n; i++)
		free(s->v[i].links);
	free(s->v);
	free(s->by_site);
	memset(s, 0, sizeof *s);
}

const struct ls_site_trend *ls_sites_find(const struct ls_site_analysis *s, uint32_t site)
{
	if (!s->by_site || site >= s->nsites || s->by_site[site] == UINT32_MAX)
		return NULL;
	return &s->v[s->by_site[site]];
}

/* Whether what a link says the site took in over its samples' span (per
 * request or error of the endpoint, at the low end of its 95 % interval,
 * times how many it had there) fits in how far the site's size ranged:
 * "+2.55 MB at each of /v1/models's errors" on a site that ranged 5.0 MB
 * while 3 of them ran is the regression fitting a few big samples. */
static bool link_fits_site(const struct ls_process *p, const struct ls_site_trend *tr, const struct ls_site_link *l)
{
	const struct ls_endpoint *ep = &p->ep[l->ep];
	uint64_t n = 0;
	for (uint32_t r = 0; r < ep->n; r++)
		if (ep->req_no[r] > tr->first_req && ep->req_no[r] <= tr->last_req &&
		    (!l->via_errors || (ep->flags[r] & LS_REQ_ERROR)))
			n++;
	double kb = l->via_errors ? l->kb_per_error - 2 * l->err_se : l->kb_per_request - 2 * l->req_se;
	double low = tr->first_mb < tr->last_mb ? tr->first_mb : tr->last_mb;
	return !(kb * (double)n / 1024 > tr->max_mb - low + 0.1);
}

void ls_site_trend_text(struct ls_buf *b, const struct ls_process *p, const struct ls_site_analysis *s, uint32_t site)
{
	const struct ls_site_trend *tr = s ? ls_sites_find(s, site) : NULL;
	if (s && !tr) {
		/* (a site marked before a reload that took its samples away) */
		ls_buf_puts(b, "no samples: no loaded record lists this site any more");
		return;
	}
	if (!tr || !isfinite(tr->slope_mb_per_1k)) {
		/* one sample, or all at one request: no slope */
		ls_buf_puts(b, "too few samples for a trend");
		return;
	}
	if (tr->suspect)
		ls_buf_printf(b, "SUSPECT #%u: ", tr->rank);
	ls_buf_printf(b, "trend %+.3f MB per 1,000 requests", tr->slope_mb_per_1k);
	if (isfinite(tr->p_value)) {
		/* (as every other p-value: "p < 1e-9", not "p = 8.6e-125") */
		char ps[32];
		ls_fmt_p(ps, sizeof ps, tr->p_value);
		ls_buf_printf(b, " (%s)", ps);
	}
	else
		ls_buf_puts(b, " (the same size in every sample: nothing to test)");
	if (tr->plateaued) {
		/* the trend is its level's: without this the line read "+0.000"
		 * next to a chart that climbs */
		char at[32];
		ls_fmt_count(at, sizeof at, (uint64_t)tr->steady_from_req);
		ls_buf_printf(b, " over its level from request %s on, after it rose from %.3f to %.3f MB (a warm-up)",
			at, tr->first_mb, tr->max_mb);
	}
	const char *sep = "; grows with ";
	for (uint32_t k = 0; k < tr->nlinks; k++) {
		const struct ls_site_link *l = &tr->links[k];
		if (!l->linked || l->ep >= p->nep || !link_fits_site(p, tr, l))
			continue;
		char *name = ls_sanitize(p->ep[l->ep].name ? p->ep[l->ep].name : "?");
		if (l->via_errors) {
			char each[32];
			ls_fmt_size(each, sizeof each, l->kb_per_error);
			ls_buf_printf(b, "%s%s's errors (%s each)", sep, name, each);
		} else
			ls_buf_printf(b, "%s%s (%+.2f KB per request)", sep, name, l->kb_per_request);
		free(name);
		sep = ", ";
	}
}
