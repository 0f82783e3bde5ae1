/* known_sites.c — the part of the heap whose size the profiler wrote down
 * (see known_sites.h). */
#include "known_sites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Add site values v (from listing k0 on) to out->mb: its change since k0.
 * Between two listings, a step at the later one when it is an error
 * response (errors are always listed, so an error path's growth happened
 * right there), else a straight line; after the last listing, held. */
static void add_change(const struct ls_process *p, const uint64_t *at, uint64_t nl, const double *v, uint64_t k0,
	uint64_t first, double *mb)
{
	double base = v[k0];
	uint64_t prev = k0;
	for (uint64_t k = k0 + 1; k < nl; k++) {
		if (isnan(v[k]))
			continue;
		uint64_t i0 = at[prev], i1 = at[k];
		bool step = is_error_row(p, i1);
		for (uint64_t i = i0; i < i1; i++) {
			double f = step ? 0 : (double)(i - i0) / (double)(i1 - i0);
			mb[i - first] += v[prev] + f * (v[k] - v[prev]) - base;
		}
		prev = k;
	}
	for (uint64_t i = at[nl - 1]; i < p->ntl; i++)
		mb[i - first] += v[nl - 1] - base;
}

bool ls_known_sites(const struct ls_process *p, uint64_t first, struct ls_known_sites *out)
{
	memset(out, 0, sizeof *out);
	out->start = first;
	if (first >= p->ntl)
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
	uint64_t k = 0;
	for (uint64_t i = first; i < p->ntl; i++) {
		if (!listing_row(p, i))
			continue;
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++)
			if (ep->cons_site[c] < nsite && seen[ep->cons_site[c]]++ == 0)
				from[ep->cons_site[c]] = k;
		at[k++] = i;
	}
	double *v = ls_xmalloc(nl * sizeof *v), *pk = ls_xmalloc(nl * sizeof *pk);
	size_t cap = 0;
	for (uint32_t s = 1; s < nsite; s++) {
		if (seen[s] < 8 || seen[s] < KNOWN_MIN_PRESENCE * (double)(nl - from[s]) ||
		    (double)(at[from[s]] - first) > KNOWN_MAX_LATE * (double)(p->ntl - first))
			continue;
		site_values(p, at, nl, s, v);
		uint64_t k0 = from[s];
		if (isnan(v[nl - 1]))
			continue;
		uint32_t np = 0;
		for (k = k0; k < nl; k++)
			if (!isnan(v[k]))
				pk[np++] = v[k];
		if (!smooth(pk, np))
			continue;
		if (!out->mb)
			out->mb = ls_xcalloc(p->ntl - first, sizeof *out->mb);
		add_change(p, at, nl, v, k0, first, out->mb);
		ls_grow(&out->site, &cap, out->n + 1, sizeof *out->site);
		out->site[out->n++] = s;
		if (at[k0] > out->start)
			out->start = at[k0];
	}
	free(v);
	free(pk);
	free(seen);
	free(from);
	free(at);
	return out->n > 0;
}

void ls_known_sites_done(struct ls_known_sites *k)
{
	free(k->mb);
	free(k->site);
	memset(k, 0, sizeof *k);
}
