/* sites.c — per allocation site trends, suspects and endpoint links (see sites.h). */
#include "sites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "stats.h"
#include "util.h"

/* A suspect grows significantly (p below this, after the autocorrelation
 * correction) and by at least this much per 1,000 process requests. */
#define SITE_ALPHA 0.001
#define SITE_MATERIAL_MB_PER_1K 0.05
#define SITE_MIN_SAMPLES 6
/* Links are computed for at most this many suspects (each costs one small
 * regression per endpoint). */
#define MAX_LINKED_SUSPECTS 64
#define LINK_ALPHA 0.001

static void trend_nan(struct ls_site_trend *t)
{
	t->slope_mb_per_1k = t->ci95[0] = t->ci95[1] = t->p_value = t->r2 = NAN;
	t->theil_sen_mb_per_1k = t->score = NAN;
}

/* Fit one site's samples (x = request numbers, y = size_mb, in order). */
static void site_fit(struct ls_site_trend *t, const double *x, const double *y, uint32_t n,
	int64_t steady_from)
{
	trend_nan(t);
	t->samples = n;
	t->first_req = (int64_t)x[0];
	t->last_req = (int64_t)x[n - 1];
	t->first_mb = y[0];
	t->last_mb = y[n - 1];
	t->max_mb = y[0];
	for (uint32_t i = 1; i < n; i++)
		if (y[i] > t->max_mb)
			t->max_mb = y[i];
	/* the process steady state first, unless it leaves too little */
	uint32_t s = 0;
	while (s < n && x[s] < (double)steady_from)
		s++;
	if (n - s < SITE_MIN_SAMPLES)
		s = 0;
	/* then the site's own warm-up (a cache filling up) */
	s += (uint32_t)ls_detect_warmup(x + s, y + s, n - s, ls_detect_defaults.warmup_max_frac, NULL);
	t->steady_from_req = (int64_t)x[s];
	t->steady_samples = n - s;
	if (n - s < SITE_MIN_SAMPLES)
		return;
	struct ls_ols o;
	double rho;
	if (ls_detect_trend(x + s, y + s, n - s, &o, &rho) != 0)
		return;
	t->slope_mb_per_1k = o.slope * 1000;
	t->ci95[0] = o.ci95[0] * 1000;
	t->ci95[1] = o.ci95[1] * 1000;
	t->p_value = o.p_value;
	t->r2 = o.r2;
	t->theil_sen_mb_per_1k = ls_stats_theil_sen(x + s, y + s, n - s) * 1000;
	t->score = t->ci95[0];
	t->suspect = t->p_value < SITE_ALPHA && t->ci95[0] > 0 && t->slope_mb_per_1k >= SITE_MATERIAL_MB_PER_1K &&
		t->theil_sen_mb_per_1k > 0;
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

/* Per (suspect, endpoint e), between consecutive samples of the site:
 *   d size = b dC_e + g dE_e + h dX_e + c dC_others + u dU
 * with counts of the requests before each sample and X_e = "this sample's own
 * request is an error of e" (a transient allocation of the failing request).
 * A site's size moves only when something allocates or frees there, so its
 * noise is a random walk: differences, not levels, are the right scale (on
 * levels a site growing with one endpoint's errors would seem to grow with
 * every endpoint). */
#define LINK_K 5

struct link_slot {
	double prev[LINK_K], prev_y;
	bool has_prev;
};

static void link_accumulate(const struct ls_process *p, const struct ls_site_analysis *s,
	const uint32_t *susp_of_site, struct ls_mls_acc *acc, struct link_slot *slot)
{
	uint32_t nep = p->nep;
	double *C = ls_xcalloc(nep, sizeof *C), *E = ls_xcalloc(nep, sizeof *E);
	double U = 0, Ctot = 0;
	int64_t prev = 0;
	bool started = false;
	for (uint64_t i = 0; i < p->ntl; i++) {
		uint32_t e = p->tl_ep[i], r = p->tl_row[i];
		const struct ls_endpoint *ep = &p->ep[e];
		int64_t req = ep->req_no[r];
		if (started && req > prev + 1)
			U += (double)(req - prev - 1);
		if (!started || req > prev)
			prev = req;
		started = true;
		bool err = (ep->flags[r] & LS_REQ_ERROR) != 0;
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++) {
			uint32_t site = ep->cons_site[c];
			if (site >= s->nsites || susp_of_site[site] == UINT32_MAX || !isfinite(ep->cons_mb[c]))
				continue;
			uint32_t si = susp_of_site[site];
			if (req < s->v[si].steady_from_req)
				continue;
			for (uint32_t f = 0; f < nep; f++) {
				double row[LINK_K] = {C[f], E[f], err && f == e, Ctot - C[f], U};
				struct link_slot *ls = &slot[(size_t)si * nep + f];
				double y = ep->cons_mb[c];
				if (ls->has_prev) {
					double d[LINK_K];
					for (int j = 0; j < LINK_K; j++)
						d[j] = row[j] - ls->prev[j];
					ls_mls_add(&acc[(size_t)si * nep + f], d, y - ls->prev_y);
				}
				memcpy(ls->prev, row, sizeof row);
				ls->prev_y = y;
				ls->has_prev = true;
			}
		}
		/* this request's own counts apply from the next sample on */
		C[e] += 1;
		Ctot += 1;
		E[e] += err;
	}
	free(C);
	free(E);
}

static void compute_links(const struct ls_process *p, struct ls_site_analysis *s)
{
	uint32_t nsusp = s->nsuspects < MAX_LINKED_SUSPECTS ? s->nsuspects : MAX_LINKED_SUSPECTS;
	uint32_t nep = p->nep;
	if (nsusp == 0 || nep == 0)
		return;
	uint32_t *susp_of_site = ls_xmalloc(s->nsites * sizeof *susp_of_site);
	for (uint32_t i = 0; i < s->nsites; i++)
		susp_of_site[i] = UINT32_MAX;
	for (uint32_t i = 0; i < nsusp; i++)
		susp_of_site[s->v[i].site] = i;
	size_t nslot = (size_t)nsusp * nep;
	struct link_slot *slot = ls_xcalloc(nslot, sizeof *slot);
	struct ls_mls_acc *acc = ls_xcalloc(nslot, sizeof *acc);
	for (size_t i = 0; i < nslot; i++)
		ls_mls_init(&acc[i], LINK_K, false);
	link_accumulate(p, s, susp_of_site, acc, slot);
	for (uint32_t si = 0; si < nsusp; si++) {
		struct ls_site_trend *t = &s->v[si];
		t->nlinks = nep;
		t->links = ls_xcalloc(nep, sizeof *t->links);
		for (uint32_t e = 0; e < nep; e++) {
			struct ls_site_link *l = &t->links[e];
			l->ep = e;
			l->kb_per_request = l->req_p = l->kb_per_error = l->err_p = NAN;
			struct ls_mls m;
			if (ls_mls_solve(&acc[(size_t)si * nep + e], &m) == 0) {
				if (!m.aliased[0]) {
					l->kb_per_request = m.beta[0] * 1024;
					l->req_p = m.p[0];
				}
				if (!m.aliased[1]) {
					l->kb_per_error = m.beta[1] * 1024;
					l->err_p = m.p[1];
				}
			}
			ls_mls_done(&m);
			bool rl = l->kb_per_request > 0 && l->req_p < LINK_ALPHA;
			bool el = l->kb_per_error > 0 && l->err_p < LINK_ALPHA;
			l->linked = rl || el;
			l->via_errors = el && (!rl || l->kb_per_error * p->ep[e].nerrors > l->kb_per_request * p->ep[e].n);
		}
	}
	for (size_t i = 0; i < nslot; i++)
		ls_mls_done_acc(&acc[i]);
	free(acc);
	free(slot);
	free(susp_of_site);
}

int ls_sites_analyze(const struct ls_process *p, int64_t steady_from, struct ls_site_analysis *out)
{
	memset(out, 0, sizeof *out);
	uint32_t nsites = p->sites.n ? p->sites.n : 1;
	out->nsites = nsites;
	out->by_site = ls_xmalloc(nsites * sizeof *out->by_site);
	/* samples per site, in timeline (request) order */
	uint32_t *cnt = ls_xcalloc(nsites + 1, sizeof *cnt);
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
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
	double *x = ls_xmalloc((total ? total : 1) * sizeof *x), *y = ls_xmalloc((total ? total : 1) * sizeof *y);
	uint32_t *fill = ls_xmalloc(nsites * sizeof *fill);
	memcpy(fill, cnt, nsites * sizeof *fill);
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++) {
			uint32_t s = ep->cons_site[c];
			if (s < nsites && isfinite(ep->cons_mb[c])) {
				x[fill[s]] = (double)ep->req_no[r];
				y[fill[s]++] = ep->cons_mb[c];
			}
		}
	}
	free(fill);
	out->n = nseen;
	out->v = ls_xcalloc(nseen ? nseen : 1, sizeof *out->v);
	for (uint32_t s = 0, k = 0; s < nsites; s++) {
		uint32_t n = cnt[s + 1] - cnt[s];
		if (!n)
			continue;
		struct ls_site_trend *t = &out->v[k++];
		t->site = s;
		site_fit(t, x + cnt[s], y + cnt[s], n, steady_from);
	}
	free(x);
	free(y);
	free(cnt);
	qsort(out->v, out->n, sizeof *out->v, cmp_trend);
	for (uint32_t i = 0; i < out->n; i++) {
		out->by_site[out->v[i].site] = i;
		if (out->v[i].suspect) {
			out->v[i].rank = ++out->nsuspects;
		}
	}
	compute_links(p, out);
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
