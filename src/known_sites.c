/* known_sites.c — the part of the heap whose size the profiler wrote down
 * (see known_sites.h). */
#include "known_sites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sites.h"
#include "stats.h"
#include "util.h"

/* Listed in at least this share of the detailed records from its first
 * listing on, the last one included */
#define KNOWN_MIN_PRESENCE 0.9
/* ... and smooth: the mean squared change between successive listings is
 * at most this fraction of twice its variance (1 for values drawn afresh
 * each time, near 0 for a steady climb or a few large steps) */
#define KNOWN_MAX_ROUGHNESS 0.2
/* ... and it moves: its range at least this many MB */
#define KNOWN_MIN_RANGE_MB 0.25
/* ... but never falls by more than this share of its range between two
 * listings: a collection between listings cannot be placed, and the
 * attribution models collections in the heap itself */
#define KNOWN_MAX_FALL 0.1
/* A site first listed later than this share of the window into it is left
 * in the heap: the window would lose too much */
#define KNOWN_MAX_LATE 0.1
/* A share of a site's growth that counts (KiB per request: the verdicts' material
 * retention) */
#define KNOWN_MATERIAL_KB 0.5

static bool listing_row(const struct ls_process *p, uint64_t i)
{
	const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
	uint32_t r = p->tl_row[i];
	return (ep->flags[r] & LS_REQ_HAS_CONSUMERS) && ls_endpoint_ncons(ep, r) > 0;
}

static bool is_error_row(const struct ls_process *p, uint64_t i)
{
	return (p->ep[p->tl_ep[i]].flags[p->tl_row[i]] & LS_REQ_ERROR) != 0;
}

/* Smooth enough to interpolate between listings, and no collections
 * (v: n values). */
static bool smooth(const double *v, uint32_t n)
{
	if (n < 8)
		return false;
	double mean = 0, lo = v[0], hi = v[0];
	for (uint32_t k = 0; k < n; k++) {
		mean += v[k] / n;
		lo = v[k] < lo ? v[k] : lo;
		hi = v[k] > hi ? v[k] : hi;
	}
	if (hi - lo < KNOWN_MIN_RANGE_MB)
		return false;
	double var = 0, d2 = 0;
	for (uint32_t k = 0; k < n; k++)
		var += (v[k] - mean) * (v[k] - mean) / n;
	for (uint32_t k = 1; k < n; k++) {
		d2 += (v[k] - v[k - 1]) * (v[k] - v[k - 1]) / (n - 1);
		if (v[k - 1] - v[k] > KNOWN_MAX_FALL * (hi - lo))
			return false;
	}
	return var > 0 && d2 <= KNOWN_MAX_ROUGHNESS * 2 * var;
}

/* Site s's size at each listing (NAN where not listed). */
static void site_values(const struct ls_process *p, const uint64_t *at, uint64_t nl, uint32_t s, double *v)
{
	for (uint64_t k = 0; k < nl; k++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[at[k]]];
		uint32_t r = p->tl_row[at[k]];
		v[k] = NAN;
		for (uint32_t j = ep->cons_first[r]; j < ep->cons_first[r + 1]; j++)
			if (ep->cons_site[j] == s && isfinite(ep->cons_mb[j]))
				v[k] = isnan(v[k]) ? ep->cons_mb[j] : v[k] + ep->cons_mb[j];
	}
}

/* Request numbers with no record just before timeline entry i (i > 0):
 * sampled out, other processes, a missing file. */
static double unrecorded_before(const struct ls_process *p, uint64_t i)
{
	int64_t a = p->ep[p->tl_ep[i - 1]].req_no[p->tl_row[i - 1]];
	int64_t b = p->ep[p->tl_ep[i]].req_no[p->tl_row[i]];
	return b > a + 1 ? (double)(b - a - 1) : 0;
}

/* The site's growth between successive listings (from k0 on) regressed on
 * each endpoint's requests and errors there, and the unrecorded requests,
 * without an intercept. */
/* Columns of the growth fit: per endpoint its requests (R), its errors (E)
 * and its error transients (T: +1 when the gap ends at one of its error
 * listings, -1 when the gap before did: an error's short-lived allocation is
 * in that listing's size and gone by the next, so it is no growth); then
 * the unrecorded requests (U). */
enum { COL_R, COL_E, COL_T, NCOLSET };

struct growth_fit {
	struct ls_mls m;
	uint32_t nep;
	bool ok;
	bool leave_unrecorded; /* the growth with the unrecorded requests stays in the heap */
	const double *spread;  /* non-NULL: the unrecorded requests are counted as the endpoints'
	                        * by these shares of the records, no column of their own */
};

static uint32_t col(const struct growth_fit *g, int set, uint32_t e)
{
	return (uint32_t)set * g->nep + e;
}

static uint32_t col_u(const struct growth_fit *g)
{
	return NCOLSET * g->nep;
}

/* coefficient j of the fit, 0 when aliased or negative (for placing) */
static double rate(const struct growth_fit *g, uint32_t j)
{
	return !g->m.aliased[j] && g->m.beta[j] > 0 ? g->m.beta[j] : 0;
}

static void fit_growth(const struct ls_process *p, const uint64_t *at, uint64_t nl, const double *v, uint64_t k0,
	const double *spread, struct growth_fit *g)
{
	uint32_t nep = p->nep, k = NCOLSET * nep + 1;
	g->nep = nep;
	g->ok = false;
	g->leave_unrecorded = false;
	g->spread = spread;
	double *row = ls_xmalloc(k * sizeof *row);
	struct ls_mls_acc acc;
	ls_mls_init(&acc, k, false);
	size_t n = 0;
	uint64_t prev = k0;
	for (uint64_t kk = k0 + 1; kk < nl; kk++) {
		if (isnan(v[kk]))
			continue;
		memset(row, 0, k * sizeof *row);
		for (uint64_t i = at[prev] + 1; i <= at[kk]; i++) {
			row[col(g, COL_R, p->tl_ep[i])] += 1;
			row[col(g, COL_E, p->tl_ep[i])] += is_error_row(p, i);
			if (!spread) {
				row[col_u(g)] += unrecorded_before(p, i);
				continue;
			}
			double u = unrecorded_before(p, i);
			for (uint32_t e = 0; u > 0 && e < nep; e++)
				row[col(g, COL_R, e)] += u * spread[e];
		}
		if (is_error_row(p, at[kk]))
			row[col(g, COL_T, p->tl_ep[at[kk]])] += 1;
		if (is_error_row(p, at[prev]))
			row[col(g, COL_T, p->tl_ep[at[prev]])] -= 1;
		ls_mls_add(&acc, row, v[kk] - v[prev]);
		n++;
		prev = kk;
	}
	if (n > k) {
		g->ok = ls_mls_solve(&acc, &g->m) == 0;
		if (!g->ok)
			ls_mls_done(&g->m);
	}
	ls_mls_done_acc(&acc);
	free(row);
}

/* Does the site's growth with the unrecorded requests fit "they are a
 * sample of the recorded traffic"? If not (an endpoint whose file is
 * missing grows it), that part stays in the heap, where the attribution's
 * own test of the same question sees it. share[e]: e's share of the
 * recorded requests. */
static bool unrecorded_fits_mix(const struct growth_fit *g, const double *share)
{
	uint32_t u = col_u(g);
	if (g->m.aliased[u] || !isfinite(g->m.se[u]))
		return true;
	double implied = 0, var = g->m.se[u] * g->m.se[u];
	for (uint32_t e = 0; e < g->nep; e++) {
		uint32_t j = col(g, COL_R, e);
		if (g->m.aliased[j] || !isfinite(g->m.se[j]))
			continue;
		implied += share[e] * g->m.beta[j];
		var += share[e] * share[e] * g->m.se[j] * g->m.se[j];
	}
	return !(fabs(g->m.beta[u] - implied) > 3 * sqrt(var));
}

/* Growth weight of timeline entry i: what its request (and error, and the
 * unrecorded requests just before it) add to the site by the fit, never
 * negative. */
static double weight(const struct ls_process *p, const struct growth_fit *g, uint64_t i)
{
	uint32_t e = p->tl_ep[i];
	double u = unrecorded_before(p, i), w = rate(g, col(g, COL_R, e)) +
		(is_error_row(p, i) ? rate(g, col(g, COL_E, e)) : 0);
	if (!g->spread)
		return w + rate(g, col_u(g)) * u;
	for (uint32_t f = 0; u > 0 && f < g->nep; f++)
		w += rate(g, col(g, COL_R, f)) * u * g->spread[f];
	return w;
}

/* The short-lived part of timeline entry i's listing: its endpoint's
 * error transient when it is an error (by the fit, never negative). */
static double transient(const struct ls_process *p, const struct growth_fit *g, uint64_t i)
{
	return is_error_row(p, i) ? rate(g, col(g, COL_T, p->tl_ep[i])) : 0;
}

/* Add site values v (from listing k0 on) to mb: its change since k0. Its
 * growth between two listings goes on the entries in between by their
 * growth weights (a straight line where none has weight); after the last
 * listing it is held. Where the growth with the unrecorded requests stays
 * in the heap, that much (by the fit) is not taken out. */
static void add_change(const struct ls_process *p, const uint64_t *at, uint64_t nl, const double *v, uint64_t k0,
	const struct growth_fit *g, uint64_t first, double *mb)
{
	double base = v[k0], ur = g->leave_unrecorded ? rate(g, col_u(g)) : 0, left = 0;
	uint64_t prev = k0;
	for (uint64_t k = k0 + 1; k <= nl; k++) {
		if (k < nl && isnan(v[k]))
			continue;
		/* from listing prev to listing k (past the last one: held);
		 * a listing is exact, but an error's transient in it is gone
		 * for the entries after it */
		uint64_t i0 = at[prev], i1 = k < nl ? at[k] : p->ntl;
		double a0 = v[prev] - transient(p, g, i0), a1 = k < nl ? v[k] - transient(p, g, i1) : a0;
		double tot = 0;
		for (uint64_t i = i0 + 1; k < nl && i <= i1; i++)
			tot += weight(p, g, i);
		double cum = 0;
		mb[i0 - first] += v[prev] - base - left;
		for (uint64_t i = i0 + 1; i < i1; i++) {
			cum += k < nl ? weight(p, g, i) : 0;
			left += ur * unrecorded_before(p, i);
			double f = tot > 0 ? cum / tot : k < nl ? (double)(i - i0) / (double)(i1 - i0) : 0;
			mb[i - first] += a0 + f * (a1 - a0) - base - left;
		}
		if (k < nl)
			left += ur * unrecorded_before(p, i1);  /* the next gap starts at i1 */
		prev = k;
	}
}

/* Add site s's rates (MB per count in the fit) to the totals (KiB): what
 * the attribution adds back for what was taken out of the heap. Where the
 * site grows ever more slowly over all its listings, per request of the
 * process and per request (error) of an endpoint too, its growth does not
 * keep that endpoint's pace: out of the heap, but not its retention
 * (verdict.c, slows_for, judges the site's own links alike, and there also
 * clears a link no faster than those of two endpoints whose pace the site
 * does not keep; here such a link's growth is still added back). */
static void add_rates(struct ls_known_sites *out, const struct growth_fit *g, const struct ls_process *p,
	uint32_t s)
{
	/* per request of the process: asked once, and per endpoint only for
	 * a material, clearly positive rate (each question walks the whole
	 * timeline; a process may have thousands of endpoints) */
	int slows = -1;
	for (uint32_t e = 0; e < out->nep; e++) {
		for (int errs = 0; errs < 2; errs++) {
			uint32_t j = col(g, errs ? COL_E : COL_R, e);
			double *kb = errs ? &out->kb_per_error[e] : &out->kb_per_request[e];
			double *se = errs ? &out->err_se[e] : &out->req_se[e];
			if (g->m.aliased[j] || !isfinite(g->m.se[j])) {
				/* no such requests (errors) between listings: it
				 * grew by nothing there, as far as anyone can tell */
				continue;
			}
			if (g->m.beta[j] * 1024 >= KNOWN_MATERIAL_KB && g->m.beta[j] > 1.96 * g->m.se[j]) {
				if (slows < 0)
					slows = ls_site_slows_per(p, s, UINT32_MAX, false, NULL, NULL);
				if (slows && ls_site_slows_per(p, s, e, errs, NULL, NULL))
					continue;
			}
			*kb += g->m.beta[j] * 1024;
			*se = sqrt(*se * *se + g->m.se[j] * 1024 * g->m.se[j] * 1024);
		}
	}
	uint32_t u = col_u(g);
	if (!g->leave_unrecorded && !g->m.aliased[u] && isfinite(g->m.se[u])) {
		out->unknown_kb += g->m.beta[u] * 1024;
		out->unknown_se = sqrt(out->unknown_se * out->unknown_se + g->m.se[u] * 1024 * g->m.se[u] * 1024);
	}
	if (!(g->m.df >= out->df))
		out->df = g->m.df;
}

bool ls_known_sites(const struct ls_process *p, uint64_t first, struct ls_known_sites *out)
{
	memset(out, 0, sizeof *out);
	out->start = first;
	out->df = INFINITY;
	if (first >= p->ntl || p->nep == 0)
		return false;
	/* Where endpoints' records start or stop inside the window (rotation,
	 * a cut file), what the unrecorded requests are made of changes there:
	 * the attribution gives each such regime its own column, one rate here
	 * could not place a site's growth on them. Left to the heap. */
	int64_t *bounds = NULL;
	uint32_t nb = ls_process_regimes(p, p->ep[p->tl_ep[first]].req_no[p->tl_row[first]], &bounds);
	free(bounds);
	if (nb > 0)
		return false;
	uint64_t nl = 0;
	for (uint64_t i = first; i < p->ntl; i++)
		nl += listing_row(p, i);
	if (nl < 8)
		return false;
	/* the listings, and how often and from when each site is listed */
	uint64_t *at = ls_xmalloc(nl * sizeof *at);
	uint32_t nsite = p->sites.n;  /* ids 1 .. n - 1 */
	uint32_t *seen = ls_xcalloc(nsite ? nsite : 1, sizeof *seen);
	uint64_t *from = ls_xmalloc((nsite ? nsite : 1) * sizeof *from);
	uint64_t *last = ls_xcalloc(nsite ? nsite : 1, sizeof *last);  /* last listing ordinal + 1 */
	uint64_t k = 0;
	for (uint64_t i = first; i < p->ntl; i++) {
		if (!listing_row(p, i))
			continue;
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++) {
			uint32_t s = ep->cons_site[c];
			if (s >= nsite || !isfinite(ep->cons_mb[c]) || last[s] == k + 1)
				continue;  /* once per listing */
			if (seen[s]++ == 0)
				from[s] = k;
			last[s] = k + 1;
		}
		at[k++] = i;
	}
	double *v = ls_xmalloc(nl * sizeof *v), *pk = ls_xmalloc(nl * sizeof *pk);
	double *share = ls_xcalloc(p->nep, sizeof *share);  /* of the recorded requests */
	bool every_nth = ls_process_sample_stride(p) >= 2;
	for (uint64_t i = first; i < p->ntl; i++)
		share[p->tl_ep[i]] += 1.0 / (double)(p->ntl - first);
	size_t cap = 0;
	for (uint32_t s = 1; s < nsite; s++) {
		if (seen[s] < 8 || seen[s] < KNOWN_MIN_PRESENCE * (double)(nl - from[s]) || last[s] != nl ||
		    (double)(at[from[s]] - first) > KNOWN_MAX_LATE * (double)(p->ntl - first))
			continue;
		site_values(p, at, nl, s, v);
		uint64_t k0 = from[s];
		uint32_t np = 0;
		for (k = k0; k < nl; k++)
			if (!isnan(v[k]))
				pk[np++] = v[k];
		if (!smooth(pk, np))
			continue;
		struct growth_fit g;
		fit_growth(p, at, nl, v, k0, NULL, &g);
		if (!g.ok)
			continue;  /* too few listings to say who grows it: left in the heap */
		g.leave_unrecorded = !unrecorded_fits_mix(&g, share);
		if (every_nth && !g.leave_unrecorded) {
			/* The profiler records every N-th request: the
			 * unrecorded ones' column is the sum of the others times
			 * N - 1, and with it left out every endpoint's requests
			 * carried a like share of the leaker's unrecorded ones
			 * (+4.3 KB per request for four innocent endpoints beside
			 * +14.2 for the one of 10 KB). They are a sample of the
			 * traffic: counted as the endpoints' by their shares of
			 * the records. */
			struct growth_fit gs;
			fit_growth(p, at, nl, v, k0, share, &gs);
			if (gs.ok) {
				ls_mls_done(&g.m);
				g = gs;
			}
		}
		if (!out->mb) {
			out->mb = ls_xcalloc(p->ntl - first, sizeof *out->mb);
			out->nep = p->nep;
			out->kb_per_request = ls_xcalloc(p->nep, sizeof *out->kb_per_request);
			out->req_se = ls_xcalloc(p->nep, sizeof *out->req_se);
			out->kb_per_error = ls_xcalloc(p->nep, sizeof *out->kb_per_error);
			out->err_se = ls_xcalloc(p->nep, sizeof *out->err_se);
		}
		add_change(p, at, nl, v, k0, &g, first, out->mb);
		add_rates(out, &g, p, s);
		ls_mls_done(&g.m);
		ls_grow(&out->site, &cap, out->n + 1, sizeof *out->site);
		out->site[out->n++] = s;
		if (at[k0] > out->start)
			out->start = at[k0];
	}
	free(v);
	free(pk);
	free(share);
	free(seen);
	free(from);
	free(last);
	free(at);
	return out->n > 0;
}

void ls_known_sites_done(struct ls_known_sites *k)
{
	free(k->mb);
	free(k->site);
	free(k->kb_per_request);
	free(k->req_se);
	free(k->kb_per_error);
	free(k->err_se);
	memset(k, 0, sizeof *k);
}
