/* steps.c — the heap's steps at error responses (see steps.h). */
#include "steps.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "detect.h"
#include "stats.h"
#include "util.h"

/* fewest heap values on each side of an error's step */
#define STEP_MIN 3
/* median and Theil–Sen slope of normal noise: variance factors over the
 * mean's and least squares' */
#define MEDIAN_VAR (1.2533 * 1.2533)
#define THEIL_SEN_VAR 1.1

/* Heap values on one side of an error: request numbers (counted from the
 * error's) and MB. */
struct side {
	double x[LS_STEP_SIDE], y[LS_STEP_SIDE];
	uint32_t n;
};

/* Up to LS_STEP_SIDE heap values from timeline entry i on, walking by dir
 * (+1 / -1), inside [first_req, last_req], up to the next error response
 * and up to the next jump (a change between consecutive values beyond
 * `jump` MB: a collection, a sampled-out error's step). False with fewer
 * than STEP_MIN. */
static bool side_of(const struct ls_process *p, uint64_t i, int dir, int64_t first_req, int64_t last_req,
	double jump, int64_t origin, struct side *s)
{
	s->n = 0;
	while (i < p->ntl && s->n < LS_STEP_SIDE) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		int64_t req = ep->req_no[r];
		if (req < first_req || req > last_req || (ep->flags[r] & LS_REQ_ERROR))
			break;
		if (ls_endpoint_heap_point(ep, r)) {
			if (s->n && fabs(ep->current_mb[r] - s->y[s->n - 1]) > jump)
				break;
			/* (from the error on: ids near 2^60 keep their spacing) */
			s->x[s->n] = (double)(req - origin);
			s->y[s->n++] = ep->current_mb[r];
		}
		if (dir < 0 && i == 0)
			break;
		i = dir > 0 ? i + 1 : i - 1;
	}
	return s->n >= STEP_MIN;
}

/* The step between two sides: the heap's local trend is the median of the
 * slopes between pairs of values on the same side (Theil–Sen, both sides
 * pooled: a GC sawtooth's rise, a leak elsewhere); the step is how far the
 * after side's median stands above the before side's once that trend is
 * taken out. *var: its variance, from the residuals' spread (median
 * absolute deviation) for the two medians and for the slope. */
static double step_between(const struct side *b, const struct side *a, double q, double *var)
{
	double sl[LS_STEP_SIDE * (LS_STEP_SIDE - 1)], ra[LS_STEP_SIDE], rb[LS_STEP_SIDE], dev[2 * LS_STEP_SIDE];
	size_t ns = 0;
	const struct side *sd[2] = {b, a};
	for (int k = 0; k < 2; k++)
		for (uint32_t i = 0; i < sd[k]->n; i++)
			for (uint32_t j = i + 1; j < sd[k]->n; j++)
				if (sd[k]->x[j] != sd[k]->x[i])
					sl[ns++] = (sd[k]->y[j] - sd[k]->y[i]) / (sd[k]->x[j] - sd[k]->x[i]);
	double slope = ns ? ls_stats_median_inplace(sl, ns) : 0;
	double xb = 0, xa = 0, sxx = 0;
	for (uint32_t i = 0; i < b->n; i++) {
		rb[i] = b->y[i] - slope * b->x[i];
		xb += b->x[i] / b->n;
	}
	for (uint32_t i = 0; i < a->n; i++) {
		ra[i] = a->y[i] - slope * a->x[i];
		xa += a->x[i] / a->n;
	}
	double mb = ls_stats_median_inplace(rb, b->n), ma = ls_stats_median_inplace(ra, a->n);
	uint32_t nd = 0;
	for (uint32_t i = 0; i < b->n; i++) {
		dev[nd++] = fabs(rb[i] - mb);
		sxx += (b->x[i] - xb) * (b->x[i] - xb);
	}
	for (uint32_t i = 0; i < a->n; i++) {
		dev[nd++] = fabs(ra[i] - ma);
		sxx += (a->x[i] - xa) * (a->x[i] - xa);
	}
	double sigma = 1.4826 * ls_stats_median_inplace(dev, nd);
	/* (values rounded to the profiler's 3 decimals can make it 0) */
	if (!(sigma > 0.0005))
		sigma = 0.0005;
	double s2 = sigma * sigma;
	*var = MEDIAN_VAR * s2 * (1.0 / a->n + 1.0 / b->n) +
	       (sxx > 0 ? (xa - xb) * (xa - xb) * THEIL_SEN_VAR * s2 / sxx : 0) +
	       q * s2 * fabs(xa - xb);  /* the random walk between the two sides */
	return ma - mb;
}

/* What counts as a jump between consecutive heap values in the window:
 * 4.5 robust standard deviations of their differences (as a collection in
 * the attribution, without its 0.5 MB floor), at least a few units of the
 * profiler's 3-decimal rounding. */
static double jump_mb(const struct ls_process *p, int64_t first_req, int64_t last_req)
{
	double *d = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *d), prev = NAN;
	size_t n = 0;
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		if (ep->req_no[r] < first_req || ep->req_no[r] > last_req || !ls_endpoint_heap_point(ep, r))
			continue;
		if (!isnan(prev))
			d[n++] = fabs(ep->current_mb[r] - prev);
		prev = ep->current_mb[r];
	}
	double j = n ? ls_detect_jump_mb(d, n) : 0;
	free(d);
	return j > 0.005 ? j : 0.005;
}

/* The mean of an endpoint's steps and its standard error. (A mean, like
 * the regression's retention per error it is held against: an error path
 * may keep memory on only some of its errors, and then the median step is
 * 0. A transient held for longer than half a short side makes a step too
 * big, which only ever speaks for retention.) */
static void summarize(const double *step, uint32_t n, double var, struct ls_steps *out)
{
	out->n = n;
	out->mean_mb = out->se_mb = NAN;
	if (n == 0)
		return;
	double sum = 0, ss = 0;
	for (uint32_t k = 0; k < n; k++)
		sum += step[k];
	out->mean_mb = sum / n;
	for (uint32_t k = 0; k < n; k++)
		ss += (step[k] - out->mean_mb) * (step[k] - out->mean_mb);
	out->se_mb = sqrt(var) / n;
	/* steps of different sizes: their spread is the better measure */
	if (n >= 4)
		out->se_mb = fmax(out->se_mb, sqrt(ss / (n - 1) / n));
}

void ls_steps_compute(const struct ls_process *p, int64_t first_req, int64_t last_req, double theta,
	struct ls_steps *out)
{
	/* the random walk's variance per request over the level noise's,
	 * from the local-level model's theta (attrib.h): -(1 + theta)^2 /
	 * theta; a pure random walk (theta 0) is capped */
	double q = theta < -1e-3 ? -(1 + theta) * (1 + theta) / theta : isnan(theta) ? 0 : 1e3;
	double jump = jump_mb(p, first_req, last_req);
	double **step = ls_xcalloc(p->nep ? p->nep : 1, sizeof *step);
	double *var = ls_xcalloc(p->nep ? p->nep : 1, sizeof *var);
	uint32_t *n = ls_xcalloc(p->nep ? p->nep : 1, sizeof *n);
	for (uint32_t e = 0; e < p->nep; e++)
		step[e] = ls_xmalloc((p->ep[e].nerrors ? p->ep[e].nerrors : 1) * sizeof **step);
	struct side before, after;
	for (uint64_t i = 1; i + 1 < p->ntl; i++) {
		uint32_t e = p->tl_ep[i], r = p->tl_row[i];
		const struct ls_endpoint *ep = &p->ep[e];
		if (!(ep->flags[r] & LS_REQ_ERROR) || ep->req_no[r] < first_req || ep->req_no[r] > last_req ||
		    n[e] >= ep->nerrors || !side_of(p, i - 1, -1, first_req, last_req, jump, ep->req_no[r], &before) ||
		    !side_of(p, i + 1, 1, first_req, last_req, jump, ep->req_no[r], &after))
			continue;
		/* a collection during the error or right after it (a fall
		 * below the heap before it, and below its own value, which
		 * may hold a transient) would read as a step down */
		double low = before.y[0];
		if (ls_endpoint_has_heap(ep, r))
			low = fmin(low, ep->current_mb[r]);
		if (after.y[0] < low - jump || (ls_endpoint_has_heap(ep, r) && ep->current_mb[r] < before.y[0] - jump))
			continue;
		double v;
		step[e][n[e]++] = step_between(&before, &after, q, &v);
		var[e] += v;
	}
	for (uint32_t e = 0; e < p->nep; e++) {
		summarize(step[e], n[e], var[e], &out[e]);
		free(step[e]);
	}
	free(step);
	free(var);
	free(n);
}

bool ls_request_steps(const struct ls_process *p, uint32_t e, int64_t first_req, int64_t last_req,
	double *kb, double *se_kb)
{
	*kb = *se_kb = NAN;
	double jump = jump_mb(p, first_req, last_req);
	double *mine = ls_xmalloc((p->ep[e].n ? p->ep[e].n : 1) * sizeof *mine);
	double *other = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *other);
	size_t nm = 0, no = 0;
	double prev = NAN;
	int64_t prev_req = INT64_MIN;
	for (uint64_t i = 0; i < p->ntl; i++) {
		uint32_t f = p->tl_ep[i], r = p->tl_row[i];
		const struct ls_endpoint *ep = &p->ep[f];
		int64_t req = ep->req_no[r];
		if (req < first_req || req > last_req || !ls_endpoint_heap_point(ep, r)) {
			prev = NAN;
			continue;
		}
		double d = ep->current_mb[r] - prev;
		if (!isnan(prev) && req == prev_req + 1 && fabs(d) <= jump && !(ep->flags[r] & LS_REQ_ERROR)) {
			if (f == e)
				mine[nm++] = d;
			else
				other[no++] = d;
		}
		prev = ep->current_mb[r];
		prev_req = req;
	}
	/* (fewer than 10 steps: no answer) */
	double mm = NAN, sm = NAN, mo = NAN, so = NAN;
	if (nm >= 10 && no >= 10) {
		mm = ls_stats_trimmed_mean(mine, nm, 0.1, &sm);
		mo = ls_stats_trimmed_mean(other, no, 0.1, &so);
	}
	free(mine);
	free(other);
	if (isnan(mm) || isnan(mo))
		return false;
	*kb = (mm - mo) * 1024;
	*se_kb = sqrt(sm * sm + so * so) * 1024;
	return true;
}
