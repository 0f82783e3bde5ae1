/* verdict.c — the final per-endpoint verdict: the endpoint's own series
 * (detect.c) combined with the cross-endpoint attribution (attrib.c) and the
 * site trends (sites.c), with a short explanation that cites the numbers. */
#include "detect.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "util.h"

/* How many of endpoint e's requests (with a place on the axis) come before
 * request number req. */
static uint32_t own_before(const struct ls_process *p, uint32_t e, int64_t req)
{
	const struct ls_endpoint *ep = &p->ep[e];
	uint32_t n = 0;
	for (uint32_t r = 0; r < ep->n && ep->req_no[r] < req; r++)
		n += ls_endpoint_placed(ep, r);
	return n;
}

/* " over 6,120 steady-state requests after a warm-up of 900" (its own
 * requests, both) */
static void add_span(struct ls_buf *b, const struct ls_series_fit *f)
{
	char n[32], w[32];
	ls_fmt_count(n, sizeof n, f->steady_n);
	if (f->warmup_n > 0) {
		ls_fmt_count(w, sizeof w, f->warmup_n);
		ls_buf_printf(b, " over %s steady-state requests after a warm-up of %s", n, w);
	} else {
		ls_buf_printf(b, " over %s requests", n);
	}
}

static void add_suspect(struct ls_buf *b, const struct ls_process *p, const struct ls_verdict *v)
{
	if (v->nsuspects == 0)
		return;
	const struct ls_suspect *s = &v->suspects[0];
	char sl[32];
	char *loc = ls_sanitize(ls_intern_str(&p->sites, s->site));
	if (s->appeared) {
		ls_fmt_num(sl, sizeof sl, s->appeared_mb);
		ls_buf_printf(b, " Top suspect: %s (entered the top consumers at one of this endpoint's errors, "
			"already %s MB).", loc, sl);
	} else if (!isfinite(s->slope_mb_per_1k)) {
		/* (no request numbers to measure a trend against) */
		ls_buf_printf(b, " Top suspect: %s.", loc);
	} else if (s->linked && !(s->slope_mb_per_1k > 0) && isfinite(s->kb_per_request)) {
		/* it grows at this endpoint's requests (errors) and shrinks over
		 * all: a spike held for a while, say; "grows with this
		 * endpoint's traffic" next to a falling trend would contradict */
		char k[32];
		ls_fmt_kb(sl, sizeof sl, s->slope_mb_per_1k);
		ls_fmt_size(k, sizeof k, s->kb_per_request);
		ls_buf_printf(b, " Top suspect: %s (%s %s, but %s MB per 1,000 requests of the process over all).", loc,
			k, s->via_errors ? "at each of this endpoint's errors" : "per request of this endpoint", sl);
	} else if (s->linked && isfinite(s->kb_per_request)) {
		/* its growth in this endpoint's unit first, as the verdict's
		 * rate: "+16.2 MB per 1,000 requests" beside "+47.8 KB per
		 * request" read as a third of the leak (the process's requests
		 * are three times the endpoint's) */
		char k[32];
		ls_fmt_kb(sl, sizeof sl, s->slope_mb_per_1k);
		ls_fmt_size(k, sizeof k, s->kb_per_request);
		ls_buf_printf(b, " Top suspect: %s (%s %s; %s MB per 1,000 requests of the process).", loc, k,
			s->via_errors ? "at each of this endpoint's errors" : "per request of this endpoint", sl);
	} else {
		ls_fmt_kb(sl, sizeof sl, s->slope_mb_per_1k);
		ls_buf_printf(b, " Top suspect: %s (%s MB per 1,000 requests of the process%s).", loc, sl,
			!s->linked ? "" : s->via_errors ? ", grows at this endpoint's errors" :
			", grows with this endpoint's traffic");
	}
	free(loc);
}

/* ---- combination ---- */

/* Endpoint e's share in the heap's fit across endpoints; NULL without one. */
static const struct ls_attrib_ep *attrib_of(const struct ls_process_analysis *pa, uint32_t e)
{
	return pa->attrib.valid ? &pa->attrib.ep[e] : NULL;
}

static bool attr_sig(double kb, const double ci[2], double p, double alpha, double material)
{
	return isfinite(kb) && p < alpha && ci[0] > 0 && kb >= material;
}

static void copy_fit(struct ls_verdict *v)
{
	const struct ls_series_fit *f = &v->fit;
	v->slope_kb_per_request = f->slope_kb_per_request;
	v->ci95[0] = f->ci95[0];
	v->ci95[1] = f->ci95[1];
	v->p_value = f->p_value;
	v->r2 = f->r2;
	v->theil_sen_kb_per_request = f->theil_sen_kb_per_request;
	v->mk_z = f->mk_z;
	v->mk_p = f->mk_p;
	v->cv_pct = f->cv_pct;
	v->mb_per_10k = f->mb_per_10k;
	v->warmup_requests = f->warmup_n;  /* its own, as steady_n */
	v->steady_n = f->steady_n;
}

/* Suspect sites for endpoint e: sites whose growth is linked to e's requests
 * (or errors, for an error-path leak) first, the one holding the most of e's
 * retention first (links exist for every site that grew, not only for
 * trend suspects: an error-path site may only appear in a few error
 * records); then suspects that no endpoint explains, by rank. */
/* The next suspect of v, filled with site t's own trend. */
static struct ls_suspect *new_suspect(struct ls_verdict *v, uint32_t *n, const struct ls_site_trend *t)
{
	struct ls_suspect *o = &v->suspects[(*n)++];
	o->site = t->site;
	o->slope_mb_per_1k = t->slope_mb_per_1k;
	o->p_value = t->p_value;
	return o;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* smallest first listing (MB) of a site that appeared with an error */
#define APPEARED_MIN_MB 0.25

/* An error path seen through a few errors has no trend to link: its site
 * enters the top K at one of those errors, already big, and stays (errors
 * are always detailed records, so the listing is that very error's). Such
 * sites, not linked to another endpoint, largest first, are its suspects
 * when nothing better is. Returns how many were added to v->suspects. */
static uint32_t appeared_with_errors(struct ls_verdict *v, const struct ls_process *p,
	const struct ls_site_analysis *s, uint32_t e, uint32_t max)
{
	const struct ls_endpoint *ep = &p->ep[e];
	int64_t *at = ls_xmalloc((ep->nerrors ? ep->nerrors : 1) * sizeof *at);
	uint32_t na = 0;
	for (uint32_t r = 0; r < ep->n && na < ep->nerrors; r++)
		if (ep->flags[r] & LS_REQ_ERROR)
			at[na++] = ep->req_no[r];
	qsort(at, na, sizeof *at, cmp_i64);
	uint32_t n = 0;
	while (n < max) {
		uint32_t best = UINT32_MAX;
		for (uint32_t i = 0; i < s->n; i++) {
			const struct ls_site_trend *t = &s->v[i];
			if (!(t->first_mb >= APPEARED_MIN_MB) || t->collected ||
			    !bsearch(&t->first_req, at, na, sizeof *at, cmp_i64))
				continue;
			bool other = false, taken = false;
			for (uint32_t f = 0; t->links && f < t->nlinks; f++)
				other |= f != e && t->links[f].linked;
			for (uint32_t k = 0; k < n; k++)
				taken |= v->suspects[k].site == t->site;
			if (!other && !taken && (best == UINT32_MAX || t->first_mb > s->v[best].first_mb))
				best = i;
		}
		if (best == UINT32_MAX)
			break;
		const struct ls_site_trend *t = &s->v[best];
		struct ls_suspect *o = new_suspect(v, &n, t);
		o->linked = false;
		o->kb_per_request = NAN;
		o->link_p = NAN;
		o->appeared = true;
		o->appeared_mb = t->first_mb;
	}
	free(at);
	return n;
}

/* `lead` (an index in s->v, or UINT32_MAX) is the site the verdict rests on
 * (explain_site_leak): it comes first, linked, also where its link only
 * counts as the one the site follows (only_link: p < 0.01, not LINK_ALPHA),
 * so that the explanation and the suspects name the same site the same way. */
static void pick_suspects(struct ls_verdict *v, const struct ls_process *p, const struct ls_site_analysis *s,
	uint32_t e, bool errors, uint32_t max, uint32_t lead)
{
	v->suspects = ls_xcalloc(max ? max : 1, sizeof *v->suspects);
	uint32_t n = 0;
	bool *used = ls_xcalloc(s->n ? s->n : 1, sizeof *used);
	double nreq = p->ep[e].n, nerr = p->ep[e].nerrors;
	if (lead < s->n && max > 0 && s->v[lead].links && e < s->v[lead].nlinks) {
		const struct ls_site_link *l = &s->v[lead].links[e];
		struct ls_suspect *o = new_suspect(v, &n, &s->v[lead]);
		o->linked = true;
		o->via_errors = errors;
		o->kb_per_request = errors ? l->kb_per_error : l->kb_per_request;
		o->link_p = errors ? l->err_p : l->req_p;
		used[lead] = true;
	}
	while (n < max) {
		uint32_t best = UINT32_MAX;
		double bk = 0, bp = 2;
		int bclass = -1;
		bool bvia = false;
		for (uint32_t i = 0; i < s->n; i++) {
			const struct ls_site_trend *t = &s->v[i];
			/* a site that filled up and levelled off holds no leak,
			 * whoever filled it */
			if (used[i] || !t->links || e >= t->nlinks || !t->links[e].linked || t->plateaued)
				continue;
			const struct ls_site_link *l = &t->links[e];
			bool rl = l->kb_per_request > 0.05 && l->req_p < 0.001;
			bool el = l->kb_per_error > 0.05 && l->err_p < 0.001;
			/* after the best one, no trend, no suspect: a site that
			 * does not grow (a pool or in-flight site caught in a few
			 * snapshots, linked by chance) would only bury the real one */
			if (n > 0 && !t->suspect)
				continue;
			double kr = rl ? l->kb_per_request * nreq : 0, ke = el ? l->kb_per_error * nerr : 0;
			bool via = errors ? ke > 0 : kr == 0;
			double k = via ? ke : kr, pv = via ? l->err_p : l->req_p;
			/* suspects with a joint-model link first, then the strongest
			 * evidence (a leak's site follows its endpoint exactly; a pool
			 * site that comes and goes links only loosely), then size */
			int cls = t->suspect ? 2 + (l->joint ? 1 : 0) : 0;
			if (pv < 1e-300)
				pv = 1e-300;
			bool better = cls > bclass || (cls == bclass && (pv < bp * 1e-3 || (pv <= bp * 1e3 && k > bk)));
			if (better) {
				bk = k;
				bp = pv;
				bclass = cls;
				best = i;
				bvia = via;
			}
		}
		if (best == UINT32_MAX)
			break;
		used[best] = true;
		const struct ls_site_trend *t = &s->v[best];
		const struct ls_site_link *l = &t->links[e];
		struct ls_suspect *o = new_suspect(v, &n, t);
		o->linked = true;
		o->via_errors = bvia;
		o->kb_per_request = bvia ? l->kb_per_error : l->kb_per_request;
		o->link_p = bvia ? l->err_p : l->req_p;
	}
	for (uint32_t i = 0; i < s->nsuspects && i < s->n && n < max; i++) {
		const struct ls_site_trend *t = &s->v[i];
		if (used[i])
			continue;
		bool other = false;
		for (uint32_t f = 0; t->links && f < t->nlinks; f++)
			other |= f != e && t->links[f].linked;
		if (other)
			continue;
		struct ls_suspect *o = new_suspect(v, &n, t);
		o->linked = false;
		o->kb_per_request = t->links && e < t->nlinks ? t->links[e].kb_per_request : NAN;
		o->link_p = t->links && e < t->nlinks ? t->links[e].req_p : NAN;
	}
	if (errors && n == 0)
		n = appeared_with_errors(v, p, s, e, max);
	free(used);
	v->nsuspects = n;
}

/* The endpoint's own curve: its slope is per request number, so with
 * other endpoints in the process, per process request (`nep`). */
static void explain_series(struct ls_buf *b, const struct ls_verdict *v, const struct ls_detect_config *cfg,
	uint32_t nep)
{
	const struct ls_series_fit *f = &v->fit;
	const char *per = nep > 1 ? "process request" : "request";
	char n[32], c[32];
	switch (v->series_kind) {
	case LS_VERDICT_TOO_FEW:
		if (f->n == 0) {
			/* (tracemalloc off throughout, or every value refused:
			 * "Only 0 memory samples" reads as a counting slip) */
			ls_buf_printf(b, "No record has a memory reading (current_mb); at least %u are needed to "
				"judge a trend.", cfg->min_samples);
			return;
		}
		ls_fmt_count(n, sizeof n, f->n);
		ls_buf_printf(b, "Only %s memory sample%s; at least %u are needed to judge a trend.", n,
			f->n == 1 ? "" : "s", cfg->min_samples);
		return;
	case LS_VERDICT_WARMUP:
		ls_fmt_num(c, sizeof c, f->warmup_rise_mb);
		ls_fmt_count(n, sizeof n, f->warmup_n);
		/* (with other endpoints, the heap's rise, not one of this
		 * endpoint's own: "Rose" read as a warm-up it caused) */
		ls_buf_printf(b, "%s %s MB during a warm-up of %s request%s%s, then held steady: ",
			nep > 1 ? "The heap rose" : "Rose", c, n, f->warmup_n == 1 ? "" : "s",
			nep > 1 ? " of this endpoint" : "");
		ls_add_rate(b, f->slope_kb_per_request, f->ci95, f->p_value, per);
		ls_fmt_count(n, sizeof n, f->steady_n);
		ls_buf_printf(b, " over the %s steady-state requests.", n);
		return;
	case LS_VERDICT_NOISY:
		/* (what is noisy is the slope: a long smooth curve can have a
		 * tiny coefficient of variation and still no clear trend) */
		ls_buf_puts(b, "Too noisy to rule a leak in or out: ");
		ls_add_rate(b, f->slope_kb_per_request, f->ci95, f->p_value, per);
		add_span(b, f);
		if (f->ci95[0] <= cfg->material_kb_per_request)
			ls_buf_printf(b, "; a material %g KB per %s is within its interval, but no trend is established.",
				cfg->material_kb_per_request, per);
		else
			ls_buf_printf(b, "; the robust slope (Theil–Sen, %+.2f KB per %s) does not confirm the rise.",
				f->theil_sen_kb_per_request, per);
		return;
	case LS_VERDICT_GROWING:
		ls_buf_puts(b, "Trending up, not significant yet: ");
		ls_add_rate(b, f->slope_kb_per_request, f->ci95, f->p_value, per);
		add_span(b, f);
		ls_buf_puts(b, ".");
		return;
	case LS_VERDICT_LEAK:
		ls_buf_puts(b, "Memory grows ");
		ls_add_rate(b, f->slope_kb_per_request, f->ci95, f->p_value, per);
		add_span(b, f);
		ls_fmt_kb(c, sizeof c, f->mb_per_10k);
		ls_buf_printf(b, ": %s MB per 10,000 %ss.", c, per);
		return;
	default:
		ls_buf_puts(b, "No material trend: ");
		ls_add_rate(b, f->slope_kb_per_request, f->ci95, f->p_value, per);
		add_span(b, f);
		ls_buf_puts(b, ".");
		return;
	}
}


/* What attribution alone says about endpoint e: LEAK, ERROR_PATH_LEAK, or
 * STABLE (neither). */
static enum ls_verdict_kind attr_kind(const struct ls_attribution *A, uint32_t e,
	const struct ls_detect_config *cfg)
{
	if (!A->valid || e >= A->nep)
		return LS_VERDICT_STABLE;
	const struct ls_attrib_ep *ar = &A->ep[e];
	/* every endpoint is a test: Holm over the endpoints (attrib.h) keeps
	 * the process-wide chance of blaming an innocent endpoint at
	 * attrib_alpha. Where the unrecorded requests were fitted as the
	 * recorded mix, the share must stand with them on their own too: they
	 * may be an endpoint whose file is missing, and spreading its growth
	 * over the others is what makes one of them look guilty */
	double preq = fmax(ar->req_p_holm, ar->req_p_unmixed_holm), perr = ar->err_p_holm;
	double alpha = cfg->attrib_alpha;
	/* material: per request (error) and in total over the window */
	bool req_leak = ar->req_valid && attr_sig(ar->kb_per_request, ar->req_ci95, preq, alpha,
		ls_detect_material_kb(cfg, ls_attrib_window_requests(A, e))) &&
		ar->kb_per_request * ls_attrib_window_requests(A, e) / 1024 >= cfg->material_total_mb / 4;
	bool err_leak = ar->err_valid && attr_sig(ar->kb_per_error, ar->err_ci95, perr, alpha,
		cfg->material_kb_per_error) && ar->kb_per_error * ar->errors / 1024 >= cfg->material_total_mb;
	double req_mb = req_leak ? ar->kb_per_request * ls_attrib_window_requests(A, e) / 1024 : 0;
	double err_mb = err_leak ? ar->kb_per_error * ar->errors / 1024 : 0;
	if (err_leak && (!req_leak || err_mb >= req_mb))
		return LS_VERDICT_ERROR_PATH_LEAK;
	return req_leak ? LS_VERDICT_LEAK : LS_VERDICT_STABLE;
}

/* The heap must show growth for any leak verdict: the endpoint's own curve,
 * or the process as a whole (significant, and not a rounding error).
 * Otherwise large opposite coefficients (a held spike, a cache) are
 * bookkeeping, not a leak. */
static bool heap_grows(const struct ls_process_analysis *pa, uint32_t e)
{
	enum ls_verdict_kind sk = pa->verdict[e].series_kind;
	const struct ls_attribution *A = &pa->attrib;
	return sk == LS_VERDICT_LEAK || sk == LS_VERDICT_GROWING ||
		(A->process_p < 0.001 && A->process_ci95[0] > 0 && A->process_kb_per_request >= 0.05);
}


/* Growth (MB) over the attribution window that suspect sites hold for
 * OTHER endpoints: sites whose exact sizes follow another endpoint's
 * requests or errors (joint link) and not e's. At the low end of each
 * site's slope interval, so it never takes away more than surely grew. */
static double others_site_mb(const struct ls_process_analysis *pa, uint32_t e)
{
	const struct ls_site_analysis *S = &pa->sites;
	const struct ls_attribution *A = &pa->attrib;
	double mb = 0;
	for (uint32_t i = 0; i < S->nsuspects && i < S->n; i++) {
		const struct ls_site_trend *t = &S->v[i];
		if (!t->links || t->collected || !(t->ci95[0] > 0))
			continue;
		bool other = false, mine = false;
		for (uint32_t f = 0; f < t->nlinks; f++) {
			if (!t->links[f].linked || !t->links[f].joint)
				continue;
			if (f == e)
				mine = true;
			else
				other = true;
		}
		if (!other || mine)
			continue;
		int64_t from = t->steady_from_req > A->first_req ? t->steady_from_req : A->first_req;
		int64_t to = t->last_req < A->last_req ? t->last_req : A->last_req;
		double held = to > from ? t->ci95[0] / 1000 * ((double)to - (double)from) : 0;
		/* the joint links say it more sharply where the site grows in
		 * steps (an error path's), and also for the window before the
		 * site reached the top K: growth per request (error) of the
		 * endpoints it follows, at the low end, times their requests
		 * (errors) in the window */
		double linked = 0;
		for (uint32_t f = 0; f < t->nlinks && f < A->nep; f++) {
			const struct ls_site_link *l = &t->links[f];
			if (f == e || !l->linked || !l->joint)
				continue;
			double lr = l->kb_per_request - 2 * l->req_se, le = l->kb_per_error - 2 * l->err_se;
			/* (a site's link is per recorded request, its unrecorded
			 * ones having their own column: counting f's share of the
			 * sampled-out requests assumes the site grows with them
			 * alike, as the heap fit does) */
			if (lr > 0)
				linked += lr * ls_attrib_window_requests(A, f) / 1024;
			if (le > 0)
				linked += le * A->ep[f].errors / 1024;
		}
		mb += linked > held ? linked : held;
	}
	return mb;
}

/* Growth (MB) of sites whose exact sizes follow e's requests but that
 * level off inside the process steady state: their own warm-up was set
 * aside there and what follows is no trend (a cache filling up to its
 * bound while other endpoints' leaks keep the heap from levelling off).
 * Their rise from the start of the steady state to their largest size.
 * Also the rise of those that keep slowing down (sites.h): a fill, or a
 * leak at a cache's line, which the heap cannot tell apart either. */
static double own_plateau_mb(const struct ls_process_analysis *pa, uint32_t e)
{
	const struct ls_site_analysis *S = &pa->sites;
	double mb = 0;
	for (uint32_t i = 0; i < S->n; i++) {
		const struct ls_site_trend *t = &S->v[i];
		if ((t->suspect && !t->slowing) || !t->links || e >= t->nlinks || !t->links[e].linked ||
		    t->links[e].via_errors)
			continue;
		if ((t->slowing || t->steady_from_req > t->link_from_req) && t->steady_rise_mb > 0)
			mb += t->steady_rise_mb;
	}
	return mb;
}

/* The site that grew with e's own requests (joint link: judged against
 * every other endpoint) by at least min_mb and then levelled off: e's cache
 * or pool warming up. The one that rose most; UINT32_MAX when none. */
static uint32_t own_warmup_site(const struct ls_process_analysis *pa, uint32_t e, double min_mb)
{
	const struct ls_site_analysis *S = &pa->sites;
	uint32_t best = UINT32_MAX;
	for (uint32_t i = 0; i < S->n; i++) {
		const struct ls_site_trend *t = &S->v[i];
		if (t->suspect || !t->plateaued || t->collected || !t->links || e >= t->nlinks)
			continue;
		const struct ls_site_link *l = &t->links[e];
		if (!l->linked || !l->joint || l->via_errors || !(t->steady_rise_mb >= min_mb))
			continue;
		if (best == UINT32_MAX || t->steady_rise_mb > S->v[best].steady_rise_mb)
			best = i;
	}
	return best;
}

/* e's retention per request (at the low end of its interval) is no more
 * than what its own levelling-off sites took in: the heap regression saw a
 * cache fill up (the process never levels off when others leak, so the
 * window includes the fill), not a leak. */
static bool plateau_explains(const struct ls_process_analysis *pa, const struct ls_attrib_ep *ar, uint32_t e)
{
	double fill = own_plateau_mb(pa, e);
	return fill > 0 && ar->req_ci95[0] * ls_attrib_window_requests(&pa->attrib, e) / 1024 <= fill;
}

/* What the attribution says e retained (at the low end of its interval)
 * must fit in what the heap actually gained over the window: a spike held
 * for a few requests, or a warm-up's tail, can give an error or request
 * column a large coefficient that the heap never shows as growth. What
 * sites linked to other endpoints surely hold of that gain (their sizes are
 * exact) is not available to e: the heap regression, with counts that add
 * up to the request number, can trade a big leaker's growth for a large
 * coefficient of an innocent neighbour. */
/* What the heap gained over the attribution window that e could hold (MB,
 * upper end, never below 0); NAN when unknown. */
static double gain_available_mb(const struct ls_process_analysis *pa, uint32_t e)
{
	const struct ls_attribution *A = &pa->attrib;
	double span = ((double)A->last_req - (double)A->first_req);
	if (!(span > 0) || !isfinite(A->process_ci95[1]))
		return NAN;
	double gained = A->process_ci95[1] * span / 1024;
	if (A->gain_hi_mb < gained)  /* (false when NAN) */
		gained = A->gain_hi_mb;
	gained -= others_site_mb(pa, e);
	return gained > 0 ? gained : 0;
}

/* The low end of e's attributed retention in all (MB). */
static double kept_low_mb(const struct ls_process_analysis *pa, uint32_t e, bool errors)
{
	const struct ls_attrib_ep *ar = &pa->attrib.ep[e];
	return errors ? ar->err_ci95[0] * ar->errors / 1024 : ar->req_ci95[0] * ls_attrib_window_requests(&pa->attrib, e) / 1024;
}

/* rise_since_first_error_mb measures an error path with at most this many
 * errors in the window: a few big steps. Many errors spread over the window grow like a
 * line, and a warm-up that fills while they happen rises just as much. */
#define RISE_MAX_ERRORS 3

/* The last (up to) LS_LEVEL_SIDE_MAX heap values among timeline entries
 * [from, to), nearest `to` first; returns how many. */
static size_t last_heap_values(const struct ls_process *p, uint64_t from, uint64_t to, double *v)
{
	size_t n = 0;
	for (uint64_t i = to; i-- > from && n < LS_LEVEL_SIDE_MAX;) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		if (ls_endpoint_heap_point(ep, r))
			v[n++] = ep->current_mb[r];
	}
	return n;
}

/* How far the heap rose from just before e's first error in the window to
 * the window's end (MB, the end of a 95 % interval: upper for z = 2, lower
 * for z = -2; ls_stats_level_change); NAN with fewer than 3 heap values on
 * either side. (Just before may be before the window: it can start right
 * at that error, where a known site is first listed.) An error path's
 * growth is steps at its errors: a straight line through the window
 * understates them when they come early (one error near the start is a
 * step, not a slope). */
static double rise_since_first_error_mb(const struct ls_process *p, const struct ls_attribution *A, uint32_t e,
	double z)
{
	/* its first error in the window (rows are in request order), then
	 * that row's place on the timeline (sorted by request number) */
	const struct ls_endpoint *ee = &p->ep[e];
	uint32_t r0 = 0;
	while (r0 < ee->n && !(ee->req_no[r0] >= A->first_req && (ee->flags[r0] & LS_REQ_ERROR)))
		r0++;
	if (r0 >= ee->n)
		return NAN;
	uint64_t i0 = ls_process_timeline_index(p, e, r0);
	if (i0 >= p->ntl)
		return NAN;
	double before[LS_LEVEL_SIDE_MAX], end[LS_LEVEL_SIDE_MAX];
	size_t nb = last_heap_values(p, 0, i0, before), ne = last_heap_values(p, i0, p->ntl, end);
	return ls_stats_level_change(before, nb, end, ne, z);
}

/* Are e's errors' steps memory that is freed again? The sites that step
 * at its errors (a clear link per error) say so from their exact sizes:
 * an error path keeps every step, and its site stands at its last listing
 * at least what the steps add up to; a failing request's buffers held for
 * a while (a retry queue, a traceback cache) step up as often, and give
 * back. True when sites that kept under half of what e's errors stepped
 * them by carry at least half of the retention per error the heap gives
 * e, and none that kept it carries a material share. The sizes count
 * steps at errors that were sampled out too, which only raises what a
 * site seems to keep: a real error path is never refused for that. */
static bool errors_given_back(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t e,
	const struct ls_detect_config *cfg, uint32_t *site)
{
	const struct ls_site_analysis *S = &pa->sites;
	double back_kb = 0, kept_mb = 0, best = 0;
	for (uint32_t i = 0; i < S->n; i++) {
		const struct ls_site_trend *t = &S->v[i];
		if (!t->links || e >= t->nlinks)
			continue;
		const struct ls_site_link *l = &t->links[e];
		if (!(l->kb_per_error > 0 && l->err_p < 0.01))
			continue;
		/* (its errors after the first listing: that one's step is in first_mb) */
		uint32_t nerr = ls_endpoint_count_between(&p->ep[e], LS_REQ_ERROR, t->first_req + 1, t->last_req);
		double stepped = l->kb_per_error * nerr / 1024;
		if (t->last_mb - t->first_mb < 0.5 * stepped) {
			back_kb += l->kb_per_error;
			if (l->kb_per_error > best) {
				best = l->kb_per_error;
				*site = i;
			}
		} else {
			kept_mb += stepped;
		}
	}
	return back_kb > 0 && back_kb >= 0.5 * pa->attrib.ep[e].kb_per_error && kept_mb < cfg->material_total_mb;
}

/* " The fit gives each of its errors +9.47 MB, but /srv/app/errors.py:88,
 * which steps +5.97 MB at each of them, holds 14.1 MB more at its last
 * listing than at its first, after 21 of them: ..." (errors_given_back's
 * strongest site, index i in pa->sites.v) */
static void add_given_back(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, uint32_t i)
{
	const struct ls_site_trend *t = &pa->sites.v[i];
	char fit[32], step[32], kept[32], n[32];
	ls_fmt_size(fit, sizeof fit, pa->attrib.ep[e].kb_per_error);
	ls_fmt_size(step, sizeof step, t->links[e].kb_per_error);
	ls_fmt_num(kept, sizeof kept, fabs(t->last_mb - t->first_mb));
	ls_fmt_count(n, sizeof n, ls_endpoint_count_between(&p->ep[e], LS_REQ_ERROR, t->first_req + 1,
		t->last_req));
	char *loc = ls_sanitize(ls_intern_str(&p->sites, t->site));
	ls_buf_printf(b, " The fit gives each of its errors %s, but %s, which steps %s at each of them, "
		"holds %s MB %s at its last listing than at its first, after %s of them: memory its errors hold "
		"for a while and free again, not a leak.", fit, loc, step, kept,
		t->last_mb >= t->first_mb ? "more" : "less", n);
	free(loc);
}

/* Do the heap's steps at e's errors bear out the retention per error the
 * fit gives it? The fit can lend a few errors a large coefficient that no
 * step shows: an error path whose errors each keep a different amount is a
 * random walk in the heap, and a neighbour's rare errors soak up its
 * deviations. False when the steps show no retention (their mean is not
 * two standard errors above 0) and even the low end of the fit's interval
 * is far above them (three standard errors: a real error path's steps fall
 * short of it by chance, and this refuses its verdict); also false when
 * they show some, but clearly (two standard errors) less than the fit's
 * low end, and that much at each error adds up to nothing material (2
 * errors given +792 KB each where the heap stepped +117 KB +- 44 at one:
 * transients of requests in flight, thirdsim short seed 3); true when none
 * can be measured. */
#define STEPS_SHORT_SE 3

static bool steps_bear_out(const struct ls_process_analysis *pa, uint32_t e, const struct ls_detect_config *cfg)
{
	const struct ls_steps *st = &pa->steps[e];
	if (st->n == 0)
		return true;
	const struct ls_attrib_ep *ar = &pa->attrib.ep[e];
	double hi_mb = st->mean_mb + 2 * st->se_mb;
	if (hi_mb * 1024 < ar->err_ci95[0] && hi_mb * ar->errors < cfg->material_total_mb)
		return false;
	return st->mean_mb - 2 * st->se_mb > 0 || !(ar->err_ci95[0] / 1024 > st->mean_mb + STEPS_SHORT_SE * st->se_mb);
}

/* "the heap steps +4.08 MB (+- 0.542, one standard error) on average at
 * the 12 of its errors measured just before and after each" (steps.h; only
 * where some were measured). */
static void add_steps(struct ls_buf *b, const struct ls_process_analysis *pa, uint32_t e, const char *how)
{
	const struct ls_steps *st = &pa->steps[e];
	char mean[32], se[32], n[32];
	const char *unit;
	ls_fmt_size(mean, sizeof mean, st->mean_mb * 1024);
	ls_fmt_num(se, sizeof se, st->se_mb * 1024 / ls_size_unit(st->mean_mb * 1024, &unit));
	ls_fmt_count(n, sizeof n, st->n);
	if (st->n == 1)
		ls_buf_printf(b, "the heap steps %s%s (+- %s, one standard error) at the one of its errors measured just "
			"before and after it", how, mean, se);
	else
		ls_buf_printf(b, "the heap steps %s%s (+- %s, one standard error) on average at the %s of its errors "
			"measured just before and after each", how, mean, se, n);
}

/* What the local steps (two standard errors either way) say of the
 * fit's per-error interval (KB): ", which bears it out." and so on. A
 * step of +50 KB (+- 208) is no confirmation, and should not read as one. */
static const char *steps_verdict(const struct ls_steps *st, const double err_ci95[2])
{
	double lo = (st->mean_mb - 2 * st->se_mb) * 1024, hi = (st->mean_mb + 2 * st->se_mb) * 1024;
	if (!(lo > 0))
		return ": too few or too noisy to bear it out.";
	if (hi < err_ci95[0])
		return ", less than the fit gives each error.";
	if (lo > err_ci95[1])
		return ", more than the fit gives each error.";
	return ", which bears it out.";
}

static bool retention_fits(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t e,
	bool errors)
{
	double gained = gain_available_mb(pa, e);
	if (!pa->attrib.valid || isnan(gained))
		return true;
	if (errors && pa->attrib.ep[e].errors <= RISE_MAX_ERRORS) {
		double rise = rise_since_first_error_mb(p, &pa->attrib, e, 2) - others_site_mb(pa, e);
		if (rise > gained)
			gained = rise;
	}
	return kept_low_mb(pa, e, errors) <= 1.5 * gained;
}

/* Whether, in site t's joint model, no endpoint but e has a share that is
 * clearly positive (95 %), per request or per error, nor the unrecorded
 * requests where the heap says they are not just sampled-out traffic (they
 * retain on their own: a file rotated away or missing). */
static bool only_link(const struct ls_process_analysis *pa, const struct ls_site_trend *t, uint32_t e)
{
	const struct ls_attribution *A = &pa->attrib;
	if (t->unrecorded_share && !A->unknown_as_mix && A->unknown_ci95[0] > 0)
		return false;
	for (uint32_t f = 0; f < t->nlinks; f++) {
		const struct ls_site_link *l = &t->links[f];
		if (f != e && ((l->kb_per_request > 0 && l->req_p < 0.05) || (l->kb_per_error > 0 && l->err_p < 0.05)))
			return false;
	}
	return true;
}

/* How many requests e's recorded ones stand for: 1, or more where the
 * unrecorded requests are a sample of the recorded mix (sampling), and e's
 * share of them grew the site too (its links are per request, and the
 * unrecorded requests' growth goes to a column of their own). */
static double sampled_out(const struct ls_attribution *A, uint32_t e)
{
	if (!A->valid || !A->unknown_as_mix || !A->ep[e].requests)
		return 1;
	return ls_attrib_window_requests(A, e) / A->ep[e].requests;
}

/* What site t's links give the recorded requests and errors of all
 * endpoints together (MB; positive shares only, and no request link the
 * best-covered stretch contradicts or whose rises are missing: sites.h). */
static double recorded_growth_mb(const struct ls_process *p, const struct ls_site_trend *t)
{
	double mb = 0;
	for (uint32_t f = 0; f < t->nlinks; f++) {
		const struct ls_site_link *l = &t->links[f];
		if (l->kb_per_request > 0 && !l->contradicted && !l->rises_missing)
			mb += l->kb_per_request * p->ep[f].n / 1024;
		if (l->kb_per_error > 0)
			mb += l->kb_per_error * p->ep[f].nerrors / 1024;
	}
	return mb;
}

/* How many other endpoints, whose own pace site t does not keep, e's
 * requests grow it no faster than (not clearly, 99 %); *lo_kb / *hi_kb get
 * the range of their rates (KiB per request). */
static uint32_t alike_slowing(const struct ls_site_trend *t, uint32_t e, double *lo_kb, double *hi_kb)
{
	const struct ls_site_link *l = &t->links[e];
	uint32_t alike = 0;
	*lo_kb = INFINITY;
	*hi_kb = -INFINITY;
	for (uint32_t f = 0; f < t->nlinks; f++) {
		const struct ls_site_link *o = &t->links[f];
		if (f == e || !o->slows_own || !o->joint ||
		    l->kb_per_request - o->kb_per_request > 2.576 * hypot(l->req_se, o->req_se))
			continue;
		alike++;
		*lo_kb = fmin(*lo_kb, o->kb_per_request);
		*hi_kb = fmax(*hi_kb, o->kb_per_request);
	}
	return alike;
}

/* Two or more such endpoints: e's requests run the same code as theirs.
 * Its own pace can look kept only because its share of the traffic fell
 * while the site slowed (a rotated file that covers an earlier stretch
 * than the others'); a leak of its own at that line would grow it faster
 * per request than theirs. */
static bool paced_like_others(const struct ls_site_trend *t, uint32_t e)
{
	double lo, hi;
	return alike_slowing(t, e, &lo, &hi) >= 2;
}

/* Whether site t eases off per process request (ease_late), and e's
 * requests grow it no faster than every other endpoint's (not clearly,
 * 99 %), while every other endpoint's requests clearly grow it too (p <
 * 0.001, in the joint model): code all of them run that fills ever more
 * slowly (an unbounded cache, interned strings), no leak of e's. The
 * slowdown test proper needs the rate halved, which a rotated capture's
 * late stretch may not show. Growth alike with every endpoint alone is no
 * proof: a leak in middleware every request runs is every endpoint's leak
 * (each one's requests retain memory), and keeps its pace. A leak of e's
 * own at a shared line grows it clearly faster per request of e. Only
 * with 3 endpoints or more: "all the others" must be a crowd. *lo_kb /
 * *hi_kb get the others' range (KiB per request). */
static bool shared_easing(const struct ls_process *p, const struct ls_site_trend *t, uint32_t e,
	double *lo_kb, double *hi_kb)
{
	const struct ls_site_link *l = &t->links[e];
	uint32_t others = 0;
	double hi_se = NAN;
	*lo_kb = INFINITY;
	*hi_kb = -INFINITY;
	if (!isfinite(t->ease_late))
		return false;
	for (uint32_t f = 0; f < t->nlinks; f++) {
		const struct ls_site_link *o = &t->links[f];
		if (f == e || p->ep[f].n == 0)
			continue;
		if (!o->joint || !(o->kb_per_request > 0 && o->req_p < 0.001))
			return false;
		others++;
		*lo_kb = fmin(*lo_kb, o->kb_per_request);
		if (o->kb_per_request > *hi_kb) {
			*hi_kb = o->kb_per_request;
			hi_se = o->req_se;
		}
	}
	return others >= 2 && !(l->kb_per_request - *hi_kb > 2.576 * hypot(l->req_se, hi_se));
}

/* Whether site t grows ever more slowly over all its samples, per request
 * of the process, and per request (errors: error response) of e too: its
 * growth does not keep e's pace (an unbounded cache the whole process
 * fills, interned strings), no evidence of e's leak. A leak at e's line
 * keeps e's pace however e's share of the traffic changes, and so do two
 * endpoints leaking at one line. (Before, the test was whether another
 * endpoint's link carried a fifth of the growth too: on a sampled or
 * rotated capture often only one link reaches significance.) Per request,
 * also where e's requests grow it no faster than those of others whose
 * pace it does not keep (paced_like_others), or where it rises without
 * e's requests (errors) as often as with them (ls_rises.anyway), which a
 * mix that drifts as the site slows can still lend a link. */
static bool slows_for(const struct ls_site_trend *t, uint32_t e, bool errors)
{
	if (!t->slows_throughout)
		return false;
	if (errors)
		return t->links[e].slows_own_err || t->links[e].err_rises.anyway;
	return t->links[e].slows_own || paced_like_others(t, e) || t->links[e].req_rises.anyway;
}

/* Whether suspect t's growth follows e's requests (errors: e's error
 * responses) by a material amount; *kb gets that amount per request
 * (error). *slows (optional): it does, but ever more slowly, per request
 * of e too (slows_for), or no faster than with every other endpoint's
 * requests, easing off (shared_easing): no evidence of e's leak then. */
static bool site_follows(const struct ls_process *p, const struct ls_process_analysis *pa,
	const struct ls_site_trend *t, uint32_t e, bool errors, const struct ls_detect_config *cfg, double *kb,
	bool *slows)
{
	/* (one that keeps slowing down proves no leak: sites.h) */
	if (!t->links || e >= t->nlinks || !t->links[e].joint || t->slowing || (!errors && (t->links[e].contradicted || t->links[e].rises_missing)))
		return false;
	const struct ls_site_link *l = &t->links[e];
	double k = errors ? l->kb_per_error : l->kb_per_request;
	double pv = errors ? l->err_p : l->req_p;
	double mat = errors ? cfg->material_kb_per_error : cfg->material_kb_per_request;
	/* e must carry a real share of the site's growth: with uneven
	 * sampling a site grown by one endpoint shows small spurious
	 * links to the others */
	double mine = k * (errors ? p->ep[e].nerrors : p->ep[e].n) * sampled_out(&pa->attrib, e) / 1024;
	double grown = t->slope_mb_per_1k / 1000 * ((double)t->last_req - (double)t->steady_from_req);
	/* significant across the endpoints (Bonferroni), or the only
	 * endpoint the site follows at all: as the heap's "only
	 * endpoint" rule, which a site's exact sizes make sharper (a
	 * site that entered the top K late has few samples) */
	bool sig = pv < cfg->attrib_alpha / (p->nep > 1 ? p->nep : 1) || (pv < 0.01 && only_link(pa, t, e));
	/* where the unrecorded requests grow the site too, and the heap
	 * could not tell whose they are, e's recorded requests stand
	 * for its share of what the recorded ones grew: most of it */
	bool share = mine >= 0.2 * grown || (t->unrecorded_share && mine >= 0.5 * recorded_growth_mb(p, t));
	if (!(isfinite(k) && k >= mat && sig && share))
		return false;
	*kb = k;
	double lo, hi;
	if (slows)
		*slows = slows_for(t, e, errors) || (!errors && shared_easing(p, t, e, &lo, &hi));
	return true;
}

/* The strongest suspect site whose growth follows e's requests (errors:
 * e's error responses) by a material amount, and is evidence of e's leak
 * (site_follows); UINT32_MAX when none. */
static uint32_t site_evidence(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t e,
	bool errors, const struct ls_detect_config *cfg)
{
	const struct ls_site_analysis *S = &pa->sites;
	uint32_t best = UINT32_MAX;
	double bk = 0, k;
	bool slows;
	for (uint32_t i = 0; i < S->nsuspects && i < S->n; i++)
		if (site_follows(p, pa, &S->v[i], e, errors, cfg, &k, &slows) && !slows && k > bk) {
			bk = k;
			best = i;
		}
	return best;
}

/* add_slowdown's sentence for site t at loc, which grows by k KiB per
 * request (errors: error response) of e but is no evidence of its leak. */
static void say_slowdown(struct ls_buf *b, const struct ls_process *p, const struct ls_site_trend *t, uint32_t e,
	bool errors, const char *loc, double k)
{
	const struct ls_site_link *l = &t->links[e];
	const struct ls_rises *r = errors ? &l->err_rises : &l->req_rises;
	char own[32], e1[32], e3[32];
	ls_fmt_size(own, sizeof own, k);
	/* the process-wide rates, where the site eases off (ease_late) */
	ls_fmt_num(e1, sizeof e1, t->ease_early);
	ls_fmt_num(e3, sizeof e3, t->ease_late);
	if (errors && l->slows_own_err) {
		ls_buf_printf(b, " %s grows at this endpoint's error responses (%s each), but ever more slowly "
			"over the whole capture, per error of it and per request of the process (%s MB per 1,000 "
			"requests of the process over the last third of its samples, %s over the first): it does "
			"not keep their pace, as an error path's leak would.", loc, own, e3, e1);
	} else if (errors) {
		ls_buf_printf(b, " %s grows at this endpoint's error responses (%s each), but it rose between "
			"samples with none of them (%u of %u) as often as with them (%u of %u), and ever more slowly "
			"over the whole capture (%s MB per 1,000 requests of the process over the last third of its "
			"samples, %s over the first): growth that does not wait for its errors (an unbounded cache, "
			"interned strings), not a leak of this endpoint's.", loc, own, r->without_rose, r->without,
			r->with_rose, r->with, e3, e1);
	} else if (l->slows_own) {
		ls_fmt_num(e1, sizeof e1, l->own_early);
		ls_fmt_num(e3, sizeof e3, l->own_late);
		ls_buf_printf(b, " %s grows with this endpoint's requests, but ever more slowly over the whole "
			"capture (%s MB per 1,000 of them over the last third of its samples, %s over the "
			"first), and per request of the process too: it does not keep their pace, as a leak "
			"would (an unbounded cache, interned strings).", loc, e3, e1);
	} else if (slows_for(t, e, false) && !paced_like_others(t, e)) {
		/* req_rises.anyway */
		ls_buf_printf(b, " %s grows with this endpoint's requests (%s each), but it rose between "
			"samples without them (%u of %u) as often as with them (%u of %u), and ever more slowly "
			"over the whole capture (%s MB per 1,000 requests of the process over the last third "
			"of its samples, %s over the first): growth that does not wait for this endpoint (an "
			"unbounded cache, interned strings), not a leak of this endpoint's.", loc, own,
			r->without_rose, r->without, r->with_rose, r->with, e3, e1);
	} else {
		/* no faster than the others': every other endpoint's, easing
		 * off (shared_easing), or two or more whose pace it does not
		 * keep (alike_slowing) */
		bool all = !slows_for(t, e, false);
		double lo, hi;
		uint32_t n = all ? (shared_easing(p, t, e, &lo, &hi), 0) : alike_slowing(t, e, &lo, &hi);
		char k1[32], k2[32];
		ls_fmt_kb(k1, sizeof k1, lo);
		ls_fmt_kb(k2, sizeof k2, hi);
		if (all)
			ls_buf_printf(b, " %s grows with this endpoint's requests (%s each) no faster than with "
				"every other endpoint's (%s to %s KB), and more slowly over the whole capture (%s MB "
				"per 1,000 requests of the process over the last third of its samples, %s over the "
				"first): code they all run that fills ever more slowly (an unbounded cache, interned "
				"strings), not a leak of this endpoint's.", loc, own, k1, k2, e3, e1);
		else
			ls_buf_printf(b, " %s grows with this endpoint's requests (%s each) no faster than with "
				"%u other endpoints' (%s to %s KB), and ever more slowly over the whole capture, per "
				"request of the process and of theirs: code they all run that fills ever more slowly "
				"(an unbounded cache, interned strings), not a leak of this endpoint's.", loc, own, n,
				k1, k2);
	}
}

/* " /srv/app/frag.py:7 grows with this endpoint's requests, but ever more
 * slowly over the whole capture (...)" for the strongest suspect that
 * follows e's requests but does not keep their pace (slows_for), or keeps
 * every endpoint's alike, easing off (shared_easing); else the same of one
 * that follows e's error responses: why the site that grows with it is not
 * taken as its leak. */
static void add_slowdown(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg)
{
	const struct ls_site_analysis *S = &pa->sites;
	double k;
	bool slows;
	for (int errors = 0; errors < 2; errors++)
		for (uint32_t i = 0; i < S->nsuspects && i < S->n; i++) {
			const struct ls_site_trend *t = &S->v[i];
			if (!site_follows(p, pa, t, e, errors, cfg, &k, &slows) || !slows)
				continue;
			char *loc = ls_sanitize(ls_intern_str(&p->sites, t->site));
			say_slowdown(b, p, t, e, errors, loc, k);
			free(loc);
			return;
		}
}

/* What the sites alone say of e: an error path (ERROR_PATH_LEAK) or a leak
 * (LEAK) with *site the suspect that shows it, else STABLE. */
static enum ls_verdict_kind sites_evidence(const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, uint32_t *site)
{
	uint32_t se = site_evidence(p, pa, e, true, cfg), sr = site_evidence(p, pa, e, false, cfg);
	if (se != UINT32_MAX && (sr == UINT32_MAX || pa->sites.v[se].links[e].via_errors)) {
		*site = se;
		return LS_VERDICT_ERROR_PATH_LEAK;
	}
	if (sr != UINT32_MAX) {
		*site = sr;
		return LS_VERDICT_LEAK;
	}
	return LS_VERDICT_STABLE;
}

/* The endpoint whose net retention over the window the fit puts, even at
 * the upper end of its interval, below minus everything the heap held:
 * freeing more than ever existed. A fit that needs that is not describing
 * the heap (a collector's falls traded between endpoints' columns, say),
 * and its other coefficients are no evidence either. UINT32_MAX: none;
 * else *freed_mb (optional) gets what it frees at least. */
static uint32_t impossible_free(const struct ls_attribution *A, double *freed_mb)
{
	uint32_t worst = UINT32_MAX;
	double wmb = 0;
	if (!A->valid || !(A->heap_max_mb > 0))
		return UINT32_MAX;
	for (uint32_t f = 0; f < A->nep; f++) {
		const struct ls_attrib_ep *r = &A->ep[f];
		if (!r->req_valid)
			continue;
		double hi = r->req_ci95[1] * ls_attrib_window_requests(A, f) / 1024;
		if (r->err_valid)
			hi += r->err_ci95[1] * r->errors / 1024;
		if (hi < -A->heap_max_mb && hi < wmb) {
			wmb = hi;
			worst = f;
		}
	}
	if (freed_mb)
		*freed_mb = -wmb;
	return worst;
}

/* " The heap's fit across endpoints does not hold together: ..." where
 * impossible_free found an endpoint; false when it did not. */
static bool add_impossible(struct ls_buf *b, const struct ls_process *p, const struct ls_attribution *A)
{
	double mb;
	uint32_t f = impossible_free(A, &mb);
	if (f == UINT32_MAX)
		return false;
	char *name = ls_sanitize(p->ep[f].name ? p->ep[f].name : "?");
	char freed[32], held[32];
	ls_fmt_num(freed, sizeof freed, mb);
	ls_fmt_num(held, sizeof held, A->heap_max_mb);
	ls_buf_printf(b, " The heap's fit across endpoints does not hold together: it has %s free at least %s MB over "
		"its requests, more than the heap ever held (%s MB), so its shares are no evidence and only the sites' "
		"exact sizes can name a leaker.", name, freed, held);
	free(name);
	return true;
}

/* Whether the heap's local steps at e's requests refute the share the fit
 * gives them: steps clearly (99 %) under half its size mean the fit lent e
 * a slow swing of the heap (garbage piling up while a bursty endpoint ran)
 * rather than what its requests keep (steps.h). *kb, *se: the steps. */
static bool local_steps_refute(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t e,
	double *kb, double *se)
{
	const struct ls_attribution *A = &pa->attrib;
	if (!A->valid || !A->ep[e].req_valid)
		return false;
	struct ls_req_steps *rs = &pa->req_steps[e];
	if (!rs->asked) {
		rs->asked = true;
		rs->ok = ls_request_steps(p, e, A->first_req, A->last_req, &rs->kb, &rs->se_kb);
	}
	*kb = rs->kb;
	*se = rs->se_kb;
	return rs->ok && *kb + 2.576 * *se < 0.5 * A->ep[e].kb_per_request;
}

static bool local_steps_agree(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t e)
{
	double kb, se;
	return !local_steps_refute(p, pa, e, &kb, &se);
}

/* All the evidence for endpoint e: heap attribution first, then the sites
 * (whose sizes are exact, so they identify who retains memory even where the
 * heap is too noisy to). *site receives the site index for site evidence;
 * *refused (optional) whether the heap's steps alone refused its error
 * share (steps_bear_out); *back (optional) the site (index in pa->sites.v)
 * whose giving back refused it (errors_given_back), else UINT32_MAX. */
static enum ls_verdict_kind evidence(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t e,
	const struct ls_detect_config *cfg, uint32_t *site, bool *only, bool *refused, uint32_t *back)
{
	*site = UINT32_MAX;
	*only = false;
	if (refused)
		*refused = false;
	uint32_t unused;
	if (!back)
		back = &unused;
	*back = UINT32_MAX;
	/* (a few errors' steps show as a rise since the first of them, not
	 * as a trend through the window: the transients of big failing
	 * requests can hide it in the noise) */
	bool steps = !heap_grows(pa, e);
	if (steps && !(pa->attrib.valid && pa->attrib.ep[e].errors >= 1 && pa->attrib.ep[e].errors <= RISE_MAX_ERRORS &&
	    rise_since_first_error_mb(p, &pa->attrib, e, -2) >= cfg->material_total_mb))
		/* the heap's trend can be lost in its noise (a GC sawtooth's
		 * teeth of tens of MB); a suspect site's exact sizes are not */
		return sites_evidence(p, pa, e, cfg, site);
	if (impossible_free(&pa->attrib, NULL) != UINT32_MAX)
		return sites_evidence(p, pa, e, cfg, site);
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	enum ls_verdict_kind ak = attr_kind(&pa->attrib, e, cfg);
	if (ak == LS_VERDICT_ERROR_PATH_LEAK && errors_given_back(p, pa, e, cfg, back))
		ak = LS_VERDICT_STABLE;
	if (ak == LS_VERDICT_ERROR_PATH_LEAK && !steps_bear_out(pa, e, cfg)) {
		/* (refused by the steps alone when it would have fitted) */
		if (refused)
			*refused = retention_fits(p, pa, e, true);
		ak = LS_VERDICT_STABLE;
	}
	/* that rise speaks for its errors only; where they keep nothing,
	 * the sites still speak as where the heap shows no rise at all (a
	 * 2 KB-per-request leak whose few errors fell in a rising stretch
	 * went unheard: othersim DROP=0.5 leak seed 57) */
	if (steps)
		return ak == LS_VERDICT_ERROR_PATH_LEAK && retention_fits(p, pa, e, true) ? ak :
			sites_evidence(p, pa, e, cfg, site);
	if (ak != LS_VERDICT_STABLE && retention_fits(p, pa, e, ak == LS_VERDICT_ERROR_PATH_LEAK) &&
	    (ak == LS_VERDICT_ERROR_PATH_LEAK || (!plateau_explains(pa, ar, e) && local_steps_agree(p, pa, e))))
		return ak;
	enum ls_verdict_kind sk = sites_evidence(p, pa, e, cfg, site);
	if (sk != LS_VERDICT_STABLE)
		return sk;
	/* The only endpoint the growth can be pinned on: its share is clearly
	 * positive (p < 0.01, not the Bonferroni level, also with the
	 * unrecorded requests fitted on their own: they may be an endpoint
	 * whose file is missing), and every other endpoint's share is
	 * consistent with nothing, as are the unrecorded requests'. */
	if (ar && ar->req_valid && ar->req_p < 0.01 && ar->req_p_unmixed < 0.01 && ar->req_ci95[0] > 0 &&
	    ar->kb_per_request >= cfg->material_kb_per_request && retention_fits(p, pa, e, false) &&
	    !plateau_explains(pa, ar, e) && local_steps_agree(p, pa, e)) {
		const struct ls_attribution *A = &pa->attrib;
		bool alone = !(A->unknown_ci95[0] > 0);
		for (uint32_t f = 0; alone && f < A->nep; f++)
			if (f != e && (A->ep[f].req_ci95[0] > 0 || A->ep[f].err_ci95[0] > 0))
				alone = false;
		/* and its share must look like the growth it is pinned on: one
		 * that would hold more than twice what the heap gained is the
		 * regression fitting noise to a few requests, not that growth.
		 * Over its recorded requests: where traffic was sampled out the
		 * point estimate is noisier still, and the bar that much lower
		 * would throw out real leaks (bench-accuracy 8005, case 33) */
		double gained = A->process_kb_per_request * ((double)A->last_req - (double)A->first_req) / 1024;
		if (ar->kb_per_request * ar->requests / 1024 > 2 * gained)
			alone = false;
		if (alone) {
			*only = true;
			return LS_VERDICT_LEAK;
		}
	}
	return LS_VERDICT_STABLE;
}

/* " /srv/app/cache.py:15 grows with its requests, but ever more slowly ..."
 * for the strongest slowing suspect (sites.h) that follows e's requests. */
static void add_slowing(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e)
{
	const struct ls_site_analysis *S = &pa->sites;
	for (uint32_t i = 0; i < S->nsuspects && i < S->n; i++) {
		const struct ls_site_trend *t = &S->v[i];
		if (!t->slowing || t->slowing_ep != e)
			continue;
		char *loc = ls_sanitize(ls_intern_str(&p->sites, t->site));
		char early[32], late[32];
		ls_fmt_num(early, sizeof early, t->early_mb_per_1k);
		ls_fmt_num(late, sizeof late, t->late_mb_per_1k);
		ls_buf_printf(b, " %s grows with its requests, but ever more slowly (%s MB per 1,000 of them "
			"over the last third of its samples, %s over the first): a cache filling up, or a leak at "
			"a cache's line; a longer capture tells.", loc, late, early);
		free(loc);
		return;
	}
}

#define EXPLAINED_BY " The growth is explained by "

/* How many leaking endpoints add_leakers names before "and N more". */
#define LEAKERS_NAMED 3

/* " The growth is explained by chat, upload." (or by unrecorded requests);
 * `lead` starts the list of leaking endpoints: those whose final verdict is
 * a leak (pa->verdict's kinds, which decide's first pass settled). True
 * when it named anything. */
static bool add_leakers(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, const char *lead)
{
	const struct ls_attribution *A = &pa->attrib;
	bool unrecorded = ls_heap_unrecorded_holds(A, cfg);
	if (unrecorded) {
		char k[32], u[32];
		ls_fmt_kb(k, sizeof k, A->unknown_kb_per_request);
		ls_fmt_count(u, sizeof u, (int64_t)A->unknown_requests);
		ls_buf_printf(b, " The growth follows the %s request numbers with no record in the loaded files (%s KB "
			"each): an endpoint whose file is missing or rotated away, or sampled-out traffic.", u, k);
	}
	uint32_t n = 0;
	/* not all of it, where their sites leave a material part unheld
	 * (heap_summary.h; the process line says what else it may be) */
	bool part = strcmp(lead, EXPLAINED_BY) == 0 && isfinite(pa->heap.unheld_mb);
	if (part)
		lead = " Part of the growth is explained by ";
	for (uint32_t f = 0; f < p->nep; f++) {
		if (f == e || !ls_verdict_holds_growth(&pa->verdict[f]))
			continue;
		if (n++ < LEAKERS_NAMED) {
			char *name = ls_sanitize(p->ep[f].name ? p->ep[f].name : "?");
			ls_buf_printf(b, "%s%s%s", n > 1 ? ", " : lead, name,
				pa->verdict[f].awaits_error ? " (its one error)" : "");
			free(name);
		}
	}
	if (n > LEAKERS_NAMED)
		ls_buf_printf(b, " and %u more", n - LEAKERS_NAMED);
	if (n && part) {
		char held[32], rise[32];
		ls_fmt_num(held, sizeof held, pa->heap.leakers_hold_mb);
		ls_fmt_num(rise, sizeof rise, pa->heap.rise_mb);
		ls_buf_printf(b, ", whose sites hold about %s MB of the heap's %s MB rise", held, rise);
	}
	if (n)
		ls_buf_puts(b, ".");
	return unrecorded || n;
}

/* Whether e's share is clear with the unrecorded requests counted as the
 * recorded mix (sampled-out traffic) and not with them on their own (an
 * endpoint whose file is missing): then that, not the fit, is why it is
 * not established. */
static bool unrecorded_blur(const struct ls_process_analysis *pa, uint32_t e, const struct ls_detect_config *cfg)
{
	const struct ls_attribution *A = &pa->attrib;
	if (!A->valid || !A->unknown_as_mix || e >= A->nep || !A->ep[e].req_valid)
		return false;
	return A->ep[e].req_p_holm < cfg->attrib_alpha && !(A->ep[e].req_p_unmixed_holm < cfg->attrib_alpha);
}

/* " the 531 request numbers that have no record ... may carry it ..." */
static void add_unrecorded(struct ls_buf *b, const struct ls_process_analysis *pa, uint32_t e,
	const struct ls_detect_config *cfg)
{
	const struct ls_attribution *A = &pa->attrib;
	double unrec = 0;
	/* (those of the regime fitted as the mix: the endpoints' shares of it) */
	for (uint32_t f = 0; f < A->nep; f++)
		unrec += A->ep[f].unrecorded_share;
	char n[32], ps[32];
	ls_fmt_count(n, sizeof n, (int64_t)llround(unrec));
	ls_fmt_p(ps, sizeof ps, A->ep[e].req_p_unmixed_holm);
	ls_buf_printf(b, " the %s request numbers that have no record (sampled out, or an endpoint whose file is "
		"missing) may carry it: with those on their own, its share has %s", n, ps);
	if (A->nep > 1)
		ls_buf_printf(b, " once adjusted for testing %u endpoints", A->nep);
	ls_buf_printf(b, "; a share counts from p < %g.", cfg->attrib_alpha);
}

/* "Since request 4,210, " when the judged regime is a late onset's. */
static void since_onset(struct ls_buf *b, bool late, const struct ls_process_analysis *pa)
{
	if (!late)
		return;
	char n[32];
	ls_fmt_count(n, sizeof n, (uint64_t)pa->onset_req);
	ls_buf_printf(b, "Since request %s, ", n);
}

/* "The process grows (+3.2 KB per request (95 % CI ...))" where the rate is
 * clearly above 0; where its interval reaches 0 (a GROWING curve) "The heap
 * rises, not significantly yet (...)". `what` grows `where` (" during this
 * endpoint's requests", or ""); lower case after "Since request N, ". */
static void add_growth(struct ls_buf *b, bool late, const char *what, const char *where, double rate,
	const double ci[2], double p)
{
	/* (the rate carries its own parentheses: "by", not a second pair) */
	char head[128];
	snprintf(head, sizeof head, "%s %s%s by ", ci[0] > 0 ? what : "the heap", ci[0] > 0 ? "grows" : "rises",
		where);
	if (!late)
		head[0] = (char)toupper((unsigned char)head[0]);
	ls_buf_puts(b, head);
	/* (the heap's rate counts every request of the process; the shares
	 * after it count the endpoint's own) */
	ls_add_rate(b, rate, ci, p, "process request");
	if (!(ci[0] > 0))
		ls_buf_puts(b, ", not significantly yet");
}

/* One step cannot tell a leak from a one-time allocation (its only error
 * at all, not just in the window): say so for an error-path verdict. */
/* One error so far: the step at it may as well be a one-time allocation
 * (a module imported, linecache filled at a first traceback) as a leak.
 * The explanation says the next error decides, and the verdict waits for
 * it: GROWING, not ERROR_PATH_LEAK (a health check's one error in 2,124
 * requests failed --fail-on-leak). The other endpoints' explanations still
 * say the growth is its (evidence_leaks): the step is there. */
static bool one_error_only(const struct ls_process *p, uint32_t e)
{
	return p->ep[e].nerrors == 1;
}

static void add_one_error(struct ls_buf *b, const struct ls_process *p, uint32_t e)
{
	if (one_error_only(p, e))
		ls_buf_puts(b, " One error so far: it may also be a one-time allocation; the next error decides.");
}

/* Whether endpoint f's evidence is a leak, for the others' verdicts: an
 * endpoint without a share is no leaker whatever its evidence (decide
 * gives it its series' kind), nor one too short to judge unless a site's
 * exact sizes show it (decide). */
static bool evidence_leaks(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t f,
	const struct ls_detect_config *cfg)
{
	if (!pa->attrib.valid || f >= pa->attrib.nep || !(pa->attrib.ep[f].req_valid || pa->attrib.ep[f].err_valid))
		return false;
	uint32_t site;
	bool only;
	if (pa->verdict[f].series_kind == LS_VERDICT_TOO_FEW)
		return sites_evidence(p, pa, f, cfg, &site) != LS_VERDICT_STABLE;
	return ls_verdict_is_leak(evidence(p, pa, f, cfg, &site, &only, NULL, NULL));
}

/* e's verdict and explanation. ev_leak: evidence_leaks of every endpoint,
 * computed once per process (it does not depend on e). */
/* Its own curve only: too few records for the heap to tell its share, or
 * no fit across the endpoints. */
static void explain_unfitted(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, struct ls_verdict *v)
{
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	explain_series(b, v, cfg, p->nep);
	if (v->series_kind == LS_VERDICT_LEAK && p->nep > 1) {
		/* memory is process-wide: its curve is every endpoint's,
		 * and only a fit across them could pin it on this one */
		char n[32];
		ls_fmt_count(n, sizeof n, p->nep);
		v->kind = LS_VERDICT_GROWING;
		ls_buf_printf(b, " Not established as this endpoint's: the heap is one for the process's %s "
			"endpoints, and ", n);
		if (!ar) {
			ls_buf_printf(b, "no fit across them was made (%s).",
				pa->attrib.reason ? pa->attrib.reason : "none was possible");
		} else if (ar->requests == 0) {
			/* (a fit was made: its window starts after this
			 * endpoint's last request, past the process's
			 * warm-up, say) */
			char at[32];
			ls_fmt_count(at, sizeof at, (uint64_t)pa->attrib.first_req);
			ls_buf_printf(b, "the fit across them, from request %s on, holds none of its requests.", at);
		} else {
			ls_buf_puts(b, "the fit across them could not estimate its share.");
		}
	} else if (v->series_kind == LS_VERDICT_LEAK && v->fit.by_row)
		/* alone and without ids that order it (none, or one id over
		 * and over), nothing shows what ran in between */
		ls_buf_puts(b, " Its records carry no request ids that order them (missing, or repeated), so other "
			"endpoints' requests between them cannot be seen: the heap may grow for theirs.");
}

/* LEAK: the only endpoint the heap's growth can be pinned on. */
static void explain_only(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, struct ls_verdict *v)
{
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	char n[32];
	v->kind = LS_VERDICT_LEAK;
	v->lead_kb_per_request = ar->kb_per_request;
	ls_buf_puts(b, "The only endpoint the heap's growth can be pinned on: ");
	ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
	ls_fmt_count(n, sizeof n, ar->requests);
	ls_buf_printf(b, " over %s steady-state requests, while every other endpoint's share is "
		"consistent with none.", n);
}

/* LEAK or ERROR_PATH_LEAK (ak) shown by suspect site esite's exact sizes. */
static void explain_site_leak(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, struct ls_verdict *v, enum ls_verdict_kind ak, uint32_t esite)
{
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	char n[32];
	/* the sites carry it */
	const struct ls_site_trend *t = &pa->sites.v[esite];
	const struct ls_site_link *l = &t->links[e];
	bool errs = ak == LS_VERDICT_ERROR_PATH_LEAK;
	v->kind = ak;
	if (!errs)
		v->lead_kb_per_request = l->kb_per_request;
	char *loc = ls_sanitize(ls_intern_str(&p->sites, t->site));
	char k[32], ps[32], g[32];
	ls_fmt_size(k, sizeof k, errs ? l->kb_per_error : l->kb_per_request);
	ls_fmt_p(ps, sizeof ps, errs ? l->err_p : l->req_p);
	ls_fmt_kb(g, sizeof g, pa->attrib.process_kb_per_request);
	/* (the heap "grows" only where its interval says so) */
	bool hg = pa->attrib.process_ci95[0] > 0;
	ls_buf_printf(b, "%s %s grows %s per %s of this endpoint (%s)",
		errs ? "With every error response," : "With every request,", loc, k, errs ? "error" : "request", ps);
	if (isfinite(pa->attrib.process_kb_per_request))
		ls_buf_printf(b, " while %s %s KB per process request%s", hg ? "the heap grows" : "the heap's trend,", g,
			hg ? "" : ", is not significant");
	free(loc);
	if (!ar) {
		/* (where the fit of the heap across endpoints failed) */
		ls_buf_printf(b, "; the heap alone cannot tell (its fit across endpoints: %s), and the site's "
			"exact sizes decide", pa->attrib.reason ? pa->attrib.reason : "not made");
	} else if (ar->req_valid) {
		/* the heap's own view, for what it is worth: the site's
		 * sizes are exact, the heap's share may be lost in noise
		 * or traded with a neighbour's */
		bool per_err = errs && ar->err_valid;
		const double *ci = per_err ? ar->err_ci95 : ar->req_ci95;
		ls_buf_puts(b, ci[0] > 0 ? "; the heap alone attributes " :
			ci[1] < 0 ? "; the heap alone points the other way, " : "; the heap alone cannot tell, ");
		if (per_err)
			ls_add_rate(b, ar->kb_per_error, ar->err_ci95, ar->err_p, "error");
		else
			ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
		ls_buf_puts(b, ci[0] > 0 ? " to it" : ", and the site's exact sizes decide");
	}
	ls_buf_puts(b, ".");
	if (errs)
		add_one_error(b, p, e);
	if (v->series_kind == LS_VERDICT_TOO_FEW) {
		/* (why the report has no steady-state line for it) */
		ls_fmt_count(n, sizeof n, v->fit.n);
		ls_buf_printf(b, v->fit.n == 1 ? " Its one memory sample is too few for a trend of its own." :
			" Its %s memory samples are too few for a trend of their own.", n);
	}
}

/* ERROR_PATH_LEAK from the heap's attribution. */
static void explain_error_path(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, struct ls_verdict *v)
{
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	char n[32], m[32], w[32];
	v->kind = LS_VERDICT_ERROR_PATH_LEAK;
	ls_buf_puts(b, "Each error response retains ");
	ls_add_rate(b, ar->kb_per_error, ar->err_ci95, ar->err_p, "error");
	ls_fmt_count(n, sizeof n, ar->errors);
	ls_fmt_num(m, sizeof m, ar->kb_per_error * ar->errors / 1024);
	if (ar->errors < p->ep[e].nerrors) {
		/* (the header counts them all: say why fewer here) */
		ls_fmt_count(w, sizeof w, p->ep[e].nerrors);
		ls_buf_printf(b, " beyond a normal request, %s MB over the %s of its %s errors in the heap's window",
			m, n, w);
	} else {
		ls_buf_printf(b, " beyond a normal request, %s MB over %s error%s", m, n, ar->errors == 1 ? "" : "s");
	}
	if (ar->req_valid) {
		ls_buf_puts(b, "; its other requests retain ");
		ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
	}
	ls_buf_puts(b, ".");
	if (pa->steps[e].n) {
		ls_buf_puts(b, " Locally, ");
		add_steps(b, pa, e, "");
		ls_buf_puts(b, steps_verdict(&pa->steps[e], ar->err_ci95));
	}
	add_one_error(b, p, e);
}

/* LEAK from the heap's attribution. */
static void explain_heap_leak(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, struct ls_verdict *v)
{
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	char n[32], m[32], w[32];
	v->kind = LS_VERDICT_LEAK;
	v->lead_kb_per_request = ar->kb_per_request;
	ls_buf_puts(b, "Leaks ");
	ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
	ls_fmt_count(n, sizeof n, ar->requests);
	ls_fmt_kb(m, sizeof m, ar->kb_per_request * 10000 / 1024);
	/* (its own requests, as the steady ones: the process's warm-up
	 * ends warmup_requests after its first request) */
	int64_t steady = ls_process_first_req(p) + pa->attrib.warmup_requests;
	uint32_t before = own_before(p, e, steady);
	if (pa->attrib.first_req > steady) {
		/* the window starts later, where every site the fit takes
		 * out of the heap is listed (known_sites.h): say where */
		char at[32];
		ls_fmt_count(at, sizeof at, (uint64_t)pa->attrib.first_req);
		ls_buf_printf(b, " of its own, over its %s requests from request %s on, where every growing site "
			"is listed", n, at);
	} else {
		ls_buf_printf(b, " of its own, over %s steady-state requests", n);
	}
	if (before > 0) {
		ls_fmt_count(w, sizeof w, before);
		ls_buf_printf(b, " after a warm-up of %s", w);
	}
	ls_buf_printf(b, ": %s MB per 10,000 of its requests", m);
	if (ar->kb_per_request < cfg->material_kb_per_request) {
		/* say why so little per request is still a leak */
		ls_fmt_num(m, sizeof m, ar->kb_per_request * ls_attrib_window_requests(&pa->attrib, e) / 1024);
		ls_buf_printf(b, ", little per request but %s MB over these", m);
	}
	ls_buf_puts(b, ".");
}

/* One endpoint in the fit: its curve, as far as errors, collections and the
 * noise's structure leave it. */
static void explain_alone(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, struct ls_verdict *v)
{
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	explain_series(b, v, cfg, p->nep);
	if (v->kind == LS_VERDICT_LEAK) {
		/* the curve rises, but not once errors, collections and the
		 * noise's structure are accounted for */
		v->kind = LS_VERDICT_GROWING;
		if (unrecorded_blur(pa, e, cfg)) {
			ls_buf_puts(b, " Not established as this endpoint's:");
			add_unrecorded(b, pa, e, cfg);
		} else {
			ls_buf_puts(b, " Not established as retention: ");
			ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
			ls_buf_puts(b, " once errors and the noise's structure are accounted for.");
		}
	}
}

/* No leak of its own (STABLE, WARMUP, GROWING, ...): why, against what
 * the heap and the other endpoints show. */
static void explain_not_its_own(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa,
	uint32_t e, const struct ls_detect_config *cfg, struct ls_verdict *v, bool others_leak)
{
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	char n[32];
	bool grows = v->series_kind == LS_VERDICT_LEAK || v->series_kind == LS_VERDICT_GROWING;
	double mat = cfg->material_kb_per_request;
	/* A leak that starts late is diluted in the endpoint's whole
	 * curve ("no material trend"), but the attribution judged the
	 * regime where it runs: there the heap grows, so say so */
	const struct ls_attribution *A = &pa->attrib;
	bool late = !grows && pa->onset_req != INT64_MIN && A->process_p < cfg->alpha &&
		A->process_ci95[0] > 0 && A->process_kb_per_request >= mat;
	grows = grows || late;
	double rate = late ? A->process_kb_per_request : v->fit.slope_kb_per_request;
	/* (its own curve is the heap read after its requests: each
	 * endpoint's slope differs a little from the process's) */
	const char *who = late ? "the process" : "the heap", *during = late ? "" : " during this endpoint's requests";
	const double *rci = late ? A->process_ci95 : v->fit.ci95;
	double rp = late ? A->process_p : v->fit.p_value;
	/* ruled out: its share is below material with 95 % confidence, or
	 * it is not significant, small, and other endpoints leak (they
	 * explain the growth) */
	/* (never "does not retain" while its interval says it probably does) */
	bool small = !ar->req_valid || ar->req_ci95[1] < mat || (others_leak && !(ar->req_ci95[0] > 0));
	/* A share that cannot fit in what the heap gained is no share:
	 * the endpoint's request count moves with the request number
	 * (the busiest endpoint's nearly in step), so the regression
	 * trades the leakers' growth for its coefficient. Where other
	 * endpoints explain the growth, that is no sign of retention. */
	bool confounded = ar->req_valid && ar->req_ci95[0] > 0 && others_leak &&
		!retention_fits(p, pa, e, false);
	small = small || confounded;
	bool err_small = !ar->err_valid || ar->err_ci95[1] < cfg->material_kb_per_error ||
		ar->kb_per_error * ar->errors / 1024 < 0.5 || (others_leak && !(ar->err_ci95[0] > 0));
	/* its own warm-up: a site of its requests filled up and levelled
	 * off, and that fill can hold the retention the heap gives it
	 * (at its interval's low end, as the explanation says) */
	uint32_t ws = grows && err_small ? own_warmup_site(pa, e, cfg->material_total_mb / 4) : UINT32_MAX;
	bool filled = ws != UINT32_MAX && !small && ar->req_valid &&
		ar->req_ci95[0] * ls_attrib_window_requests(&pa->attrib, e) / 1024 <= pa->sites.v[ws].steady_rise_mb;
	if (ws != UINT32_MAX && !small && !filled)
		ws = UINT32_MAX;
	if (ws != UINT32_MAX) {
		/* its own curve climbs with the process's, but what it
		 * holds is a site that filled up and levelled off */
		const struct ls_site_trend *t = &pa->sites.v[ws];
		v->kind = LS_VERDICT_WARMUP;
		v->warmup_requests = own_before(p, e, t->steady_from_req);
		v->warmup_end_req = t->steady_from_req;
		char *loc = ls_sanitize(ls_intern_str(&p->sites, t->site));
		char k[32], lo[32], hi[32], at[32];
		ls_fmt_kb(k, sizeof k, t->links[e].kb_per_request);
		ls_fmt_num(lo, sizeof lo, t->max_mb - t->steady_rise_mb);
		ls_fmt_num(hi, sizeof hi, t->max_mb);
		ls_fmt_count(at, sizeof at, (uint64_t)t->steady_from_req);
		/* (the process's request number: the report's "Warm-up: its
		 * first 474 requests" counts the endpoint's own) */
		char own[32];
		ls_fmt_count(own, sizeof own, (uint64_t)v->warmup_requests);
		ls_buf_printf(b, "Warm-up: %s grew with this endpoint's requests (%s KB each) from %s to %s MB "
			"and levelled off by request %s of the process, after %s of this endpoint's. ", loc, k, lo, hi,
			at, own);
		free(loc);
		since_onset(b, late, pa);
		add_growth(b, late, who, during, rate, rci, rp);
		ls_buf_puts(b, filled ? ", and what the heap attributes to this endpoint, " :
			", but this endpoint retains nothing beyond that: ");
		if (ar->req_valid)
			ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
		else
			ls_buf_puts(b, "nothing");
		ls_fmt_count(n, sizeof n, ar->requests);
		ls_buf_printf(b, filled ? " over its %s requests, fits in that fill at the low end of its interval." :
			" attributed to its %s requests.", n);
		add_leakers(b, p, pa, e, cfg, EXPLAINED_BY);
	} else if (grows && small && err_small) {
		v->kind = LS_VERDICT_STABLE;
		since_onset(b, late, pa);
		add_growth(b, late, who, during, rate, rci, rp);
		/* where its interval reaches a material share, the other
		 * endpoints' leaks are why it is let go, not the interval:
		 * "does not retain memory: +40.0 KB (95 % CI -9.83 to 89.9)"
		 * would claim more than the numbers next to it (and a
		 * confounded share is not identified, not shown to be none) */
		bool ruled_out = !confounded && ar->req_valid && ar->req_ci95[1] < mat;
		ls_buf_puts(b, ruled_out ? ", but this endpoint does not retain memory: " :
			", but no retention of its own is shown: ");
		ls_fmt_count(n, sizeof n, ar->requests);
		if (confounded) {
			char lo[32], g[32];
			ls_fmt_num(lo, sizeof lo, kept_low_mb(pa, e, false));
			ls_fmt_num(g, sizeof g, gain_available_mb(pa, e));
			ls_buf_puts(b, "the fit gives it ");
			ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
			ls_buf_printf(b, ", at least %s MB over its %s requests%s, while the leaking endpoints leave at "
				"most %s MB of the heap's gain unheld: its traffic moves in step with the process's, so "
				"the fit cannot tell its share apart.", lo, n,
				pa->attrib.unknown_as_mix ? " and its share of the unrecorded ones" : "", g);
		} else {
			if (ar->req_valid)
				ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
			else
				ls_buf_puts(b, "nothing");
			ls_buf_printf(b, " attributed to its %s requests.", n);
			add_impossible(b, p, &pa->attrib);
		}
		/* (a site that grows with it says why it is no leak of its) */
		add_slowdown(b, p, pa, e, cfg);
		add_leakers(b, p, pa, e, cfg, EXPLAINED_BY);
	} else if (grows) {
		v->kind = LS_VERDICT_GROWING;
		since_onset(b, late, pa);
		add_growth(b, late, "the heap", " during this endpoint's requests", rate, rci, rp);
		ls_buf_puts(b, ", but its own share is not established: ");
		ls_add_rate(b, ar->kb_per_request, ar->req_ci95, ar->req_p, "request");
		/* (not when it passes: then the growth it is held against,
		 * the unrecorded requests or a site of its own say why) */
		if (unrecorded_blur(pa, e, cfg)) {
			ls_buf_puts(b, ";");
			add_unrecorded(b, pa, e, cfg);
		} else if (impossible_free(&pa->attrib, NULL) != UINT32_MAX) {
			ls_buf_puts(b, ".");
			add_impossible(b, p, &pa->attrib);
		} else {
			if (pa->attrib.nep > 1 && !(ar->req_p_holm < cfg->attrib_alpha)) {
				char ps[32];
				ls_fmt_p(ps, sizeof ps, ar->req_p_holm);
				ls_buf_printf(b, " (%s once adjusted for testing %u endpoints; a share counts from p < %g)",
					ps, pa->attrib.nep, cfg->attrib_alpha);
			}
			double skb, sse;
			if (local_steps_refute(p, pa, e, &skb, &sse)) {
				char k1[32], k2[32];
				ls_fmt_num(k1, sizeof k1, skb);
				ls_fmt_num(k2, sizeof k2, sse);
				ls_buf_printf(b, "; its requests do not keep that where they run: the heap "
					"steps %s%s KB (+- %s, one standard error) across each of them beyond "
					"the other endpoints' requests, so the fit lent it a slower swing "
					"of the heap", skb >= 0 ? "+" : "", k1, k2);
			}
			ls_buf_puts(b, ".");
		}
		add_slowing(b, p, pa, e);
		add_slowdown(b, p, pa, e, cfg);
		if (!add_leakers(b, p, pa, e, cfg, EXPLAINED_BY))
			ls_heap_add_unlisted(b, pa);
	} else {
		explain_series(b, v, cfg, p->nep);
		/* its curve's rise may be another endpoint's leak (an
		 * error path's step looks like a warm-up from here), or
		 * part of it, or none: say who leaks, not that they
		 * explain it */
		if (v->kind == LS_VERDICT_WARMUP && others_leak)
			add_leakers(b, p, pa, e, cfg, " Endpoints that leak meanwhile: ");
	}
}

static void decide(const struct ls_process *p, const struct ls_process_analysis *pa, uint32_t e,
	const struct ls_detect_config *cfg, const bool *ev_leak, struct ls_verdict *v)
{
	bool refused = false;  /* the heap steps refused its error share (steps_bear_out) */
	uint32_t back = UINT32_MAX;  /* ... or a site that gives back its steps (errors_given_back) */
	const struct ls_attrib_ep *ar = attrib_of(pa, e);
	struct ls_buf b;
	ls_buf_init(&b);
	v->kind = v->series_kind;
	v->lead_kb_per_request = NAN;
	v->attributed = ar && (ar->req_valid || ar->err_valid);
	if (ar) {
		v->attributed_kb_per_request = ar->kb_per_request;
		v->attributed_ci95[0] = ar->req_ci95[0];
		v->attributed_ci95[1] = ar->req_ci95[1];
		v->attributed_p = ar->req_p;
		v->attributed_kb_per_error = ar->kb_per_error;
		v->attributed_err_ci95[0] = ar->err_ci95[0];
		v->attributed_err_ci95[1] = ar->err_ci95[1];
		v->attributed_err_p = ar->err_p;
	}
	bool others_leak = false;
	for (uint32_t f = 0; f < p->nep && !others_leak; f++)
		others_leak = f != e && ev_leak[f];
	uint32_t esite = UINT32_MAX;
	bool only = false;
	enum ls_verdict_kind ak = LS_VERDICT_STABLE;
	/* too few of its own records for a trend, or for the heap to tell
	 * its share: a site's exact sizes can still show what its requests or
	 * errors keep (an error path whose every request fails, say). So
	 * where the heap has no fit across endpoints (too many of them for
	 * its values, say): the sites' links are models of their own */
	bool sites_alone = !v->attributed && p->nep > 1;
	if ((v->series_kind == LS_VERDICT_TOO_FEW && v->attributed) || sites_alone)
		ak = sites_evidence(p, pa, e, cfg, &esite);
	if (ak == LS_VERDICT_STABLE && (v->series_kind == LS_VERDICT_TOO_FEW || !v->attributed)) {
		explain_unfitted(&b, p, pa, e, cfg, v);
		goto done;
	}
	if (v->series_kind != LS_VERDICT_TOO_FEW && !sites_alone)
		ak = evidence(p, pa, e, cfg, &esite, &only, &refused, &back);
	if (only)
		explain_only(&b, p, pa, e, cfg, v);
	else if (ls_verdict_is_leak(ak) && esite != UINT32_MAX)
		explain_site_leak(&b, p, pa, e, cfg, v, ak, esite);
	else if (ak == LS_VERDICT_ERROR_PATH_LEAK)
		explain_error_path(&b, p, pa, e, cfg, v);
	else if (ak == LS_VERDICT_LEAK)
		explain_heap_leak(&b, p, pa, e, cfg, v);
	else if (p->nep == 1 || pa->attrib.nep == 1)
		explain_alone(&b, p, pa, e, cfg, v);
	else
		explain_not_its_own(&b, p, pa, e, cfg, v, others_leak);
done:
	if (ls_verdict_is_leak(v->kind)) {
		/* (its sites follow its requests and its errors alike: pick
		 * them as the evidence found them) */
		pick_suspects(v, p, &pa->sites, e, v->kind == LS_VERDICT_ERROR_PATH_LEAK, cfg->max_suspects,
			!only && ls_verdict_is_leak(ak) ? esite : UINT32_MAX);
		/* (the explanations of an error path said add_one_error
		 * already; one that becomes one here did not) */
		bool all_errors = v->kind == LS_VERDICT_LEAK && p->ep[e].n && p->ep[e].nerrors == p->ep[e].n;
		if (all_errors) {
			/* per request or per error is the same thing here, and
			 * the path to fix is the one that fails */
			v->kind = LS_VERDICT_ERROR_PATH_LEAK;
			ls_buf_puts(&b, p->ep[e].n == 1 ? " Its one request was an error response: the retention is on "
				"its error path." : " Every one of its requests was an error response: the retention "
				"is on its error path.");
		}
		add_suspect(&b, p, v);
		if (v->kind == LS_VERDICT_ERROR_PATH_LEAK && one_error_only(p, e)) {
			/* (its suspects named all the same: where to look when
			 * the next error comes) */
			v->kind = LS_VERDICT_GROWING;
			v->awaits_error = true;
			if (all_errors)
				add_one_error(&b, p, e);
		}
	} else if (refused) {
		/* say why the fit's error share was not taken */
		char k[32];
		ls_fmt_size(k, sizeof k, ar->kb_per_error);
		ls_buf_printf(&b, " The fit gives each of its errors %s, but ", k);
		add_steps(&b, pa, e, "only ");
		ls_buf_puts(&b, ": not clearly any retention, and far from that much.");
	} else if (back != UINT32_MAX) {
		add_given_back(&b, p, pa, e, back);
	}
	v->explanation = ls_xstrdup(b.data ? b.data : "");
	ls_buf_done(&b);
}

/* A late rise in a heap that a collector already emptied before it is the
 * next tooth of garbage, not a new regime: true when the largest fall
 * before the onset is a collection (far beyond the noise of consecutive
 * differences), no comparable fall follows the onset (the tooth is still
 * filling when the capture ends), and the rise is no more than half again
 * that fall (teeth vary in size with the collector's timing). The rise is
 * measured from the level at the onset (median of its first points) to the
 * largest value after it. */
static bool rise_within_a_tooth(const double *y, size_t from, size_t onset, size_t n)
{
	if (n - from < 3)
		return false;
	double *d = ls_xmalloc((n - from - 1) * sizeof *d);
	for (size_t i = from + 1; i < n; i++)
		d[i - from - 1] = fabs(y[i] - y[i - 1]);
	double thr = ls_detect_jump_mb(d, n - from - 1);
	free(d);
	/* a change point lands near the foot of the tooth, not exactly on it:
	 * the first tenth after the onset still counts as before */
	size_t edge = onset + (n - onset) / 10;
	double drop = 0, later = 0;
	for (size_t i = from + 1; i < n; i++) {
		double f = y[i - 1] - y[i];
		if (i <= edge && f > drop)
			drop = f;
		if (i > edge && f > later)
			later = f;
	}
	if (!(drop > thr) || later >= drop / 2)
		return false;
	size_t k = (n - onset) / 20 > 3 ? (n - onset) / 20 : 3;
	if (k > n - onset)
		k = n - onset;
	double level = ls_stats_median(y + onset, k), top = y[onset];
	for (size_t i = onset; i < n; i++)
		if (y[i] > top)
			top = y[i];
	return top - level <= 1.5 * drop;
}

static int64_t merged_warmup(const struct ls_process *p, int64_t *span, int64_t *onset_req)
{
	*span = 0;
	*onset_req = INT64_MIN;
	size_t onset_v = 0, *onset = &onset_v;
	double *x = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *x), *y = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *y);
	bool *err = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *err);
	size_t n = 0;
	/* counted from the first request: ids near 2^60 are 256 apart per double */
	int64_t origin = ls_process_first_req(p);
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		if (ls_endpoint_heap_point(ep, r)) {
			x[n] = (double)(ep->req_no[r] - origin);
			err[n] = (ep->flags[r] & LS_REQ_ERROR) != 0;
			y[n++] = ep->current_mb[r];
		}
	}
	int64_t end = INT64_MIN;
	if (n >= 2 && x[n - 1] > x[0]) {
		size_t w = ls_detect_warmup(x, y, err, n, ls_detect_defaults.warmup_max_frac, NULL);
		end = ls_req_at(origin, x[w]);
		*span = ls_req_from_double(x[w] - x[0]);
		/* a leak that starts late: attribute the regime where it runs */
		*onset = w + ls_detect_onset(x + w, y + w, n - w, ls_detect_defaults.material_kb_per_request);
		if (*onset > w && !rise_within_a_tooth(y, w, *onset, n))
			*onset_req = ls_req_at(origin, x[*onset]);
	}
	free(x);
	free(y);
	free(err);
	return end;
}

/* The attribution (one big regression over the merged timeline) needs
 * nothing from the sites or the series: on a big process it runs on a
 * second thread while this one does the sites, then both take the
 * endpoints' own series one at a time. Below this many records a thread
 * costs more than it saves. */
#define SECOND_THREAD_MIN_RECORDS 20000

struct analysis_job {
	const struct ls_process *p;
	const struct ls_detect_config *cfg;
	int64_t from;
	struct ls_process_analysis *out;
	atomic_uint next_ep;
};

static void series_run(struct analysis_job *j)
{
	for (;;) {
		unsigned e = atomic_fetch_add(&j->next_ep, 1);
		if (e >= j->p->nep)
			break;
		struct ls_verdict *v = &j->out->verdict[e];
		v->attributed_kb_per_request = v->attributed_ci95[0] = v->attributed_ci95[1] = v->attributed_p = NAN;
		v->attributed_kb_per_error = v->attributed_err_ci95[0] = v->attributed_err_ci95[1] = NAN;
		v->attributed_err_p = NAN;
		ls_detect_series(&j->p->ep[e], j->cfg, &v->fit, &v->series_kind);
		copy_fit(v);
	}
}

static void *attrib_run(void *arg)
{
	struct analysis_job *j = arg;
	ls_attrib_compute(j->p, j->from, &j->out->attrib);
	series_run(j);
	return NULL;
}

/* Share of the smaller file's requests whose ids the other file holds too,
 * from which two files are one file twice (a copy, or two runs' files):
 * their columns in the fit are the same column, and which of them the
 * heap's growth goes to is chance. */
#define COPY_SHARE 0.9

/* Of two such files, the one judged no leak takes the other's leak: the
 * same requests are the same evidence (the fit puts it on one of the two
 * columns it cannot tell apart, or the site's exact sizes follow one of
 * them). 0 or 1: which of a and b took it; -1: neither (alike, or both
 * leak, or neither). Its own fit and attributed numbers stay. */
static int share_leak(struct ls_process_analysis *out, uint32_t a, uint32_t b)
{
	struct ls_verdict *va = &out->verdict[a], *vb = &out->verdict[b];
	bool la = ls_verdict_is_leak(va->kind), lb = ls_verdict_is_leak(vb->kind);
	if (la == lb)
		return -1;
	const struct ls_verdict *from = la ? va : vb;
	struct ls_verdict *to = la ? vb : va;
	to->kind = from->kind;
	to->lead_kb_per_request = from->lead_kb_per_request;
	free(to->suspects);
	to->suspects = from->nsuspects ? ls_xmalloc(from->nsuspects * sizeof *to->suspects) : NULL;
	if (from->nsuspects)
		memcpy(to->suspects, from->suspects, from->nsuspects * sizeof *to->suspects);
	to->nsuspects = from->nsuspects;
	free(to->explanation);
	to->explanation = from->explanation ? ls_xstrdup(from->explanation) : NULL;
	return la ? 1 : 0;
}

/* Two such files got different verdicts on the same data (a LEAK and a
 * STABLE): the one takes the other's leak, and each says whose requests
 * its requests are. */
static void say_copies(const struct ls_process *p, struct ls_process_analysis *out)
{
	size_t n;
	struct ls_shared_ids *v = ls_process_shared_ids(p, &n);
	for (size_t i = 0; i < n; i++) {
		uint32_t ab[2] = {v[i].a, v[i].b};
		uint32_t small = p->ep[ab[0]].n < p->ep[ab[1]].n ? p->ep[ab[0]].n : p->ep[ab[1]].n;
		if (!small || (double)v[i].n < COPY_SHARE * small)
			continue;
		char k[32];
		ls_fmt_count(k, sizeof k, v[i].n);
		int took = share_leak(out, ab[0], ab[1]);
		for (int s = 0; s < 2; s++) {
			struct ls_verdict *vd = &out->verdict[ab[s]];
			char *other = ls_sanitize(p->ep[ab[1 - s]].file);
			struct ls_buf b;
			ls_buf_init(&b);
			ls_buf_puts(&b, vd->explanation ? vd->explanation : "");
			/* (all of its requests, or most: then how many) */
			if (v[i].n >= p->ep[ab[s]].n) {
				ls_buf_printf(&b, " Its requests are those of %s too (%s request id%s in both: a copy, or "
					"the files of two runs)", other, k, v[i].n == 1 ? "" : "s");
			} else {
				char all[32];
				ls_fmt_count(all, sizeof all, p->ep[ab[s]].n);
				ls_buf_printf(&b, " %s of its %s requests are those of %s too (a copy, or the files of two "
					"runs)", k, all, other);
			}
			ls_buf_puts(&b, took < 0 ? ": the fit cannot tell the two apart, so read their verdicts together." :
				took == s ? ": the fit cannot tell the two apart, so this file takes that one's verdict." :
				": the fit cannot tell the two apart, so that file takes this verdict too.");
			free(vd->explanation);
			vd->explanation = ls_xstrdup(b.data);
			ls_buf_done(&b);
			free(other);
		}
	}
	free(v);
}

int ls_analyze_process(const struct ls_process *p, const struct ls_detect_config *cfg,
	struct ls_process_analysis *out)
{
	if (!cfg)
		cfg = &ls_detect_defaults;
	double t0 = ls_now();
	memset(out, 0, sizeof *out);
	out->nep = p->nep;
	out->verdict = ls_xcalloc(p->nep ? p->nep : 1, sizeof *out->verdict);
	out->warmup_end_req = merged_warmup(p, &out->warmup_requests, &out->onset_req);
	struct analysis_job job = {p, cfg, out->onset_req != INT64_MIN ? out->onset_req : out->warmup_end_req, out, 0};
	atomic_init(&job.next_ep, 0);
	pthread_t th;
	bool threaded = p->ntl >= SECOND_THREAD_MIN_RECORDS && pthread_create(&th, NULL, attrib_run, &job) == 0;
	if (!threaded)
		attrib_run(&job);
	ls_sites_analyze(p, out->warmup_end_req, &out->sites);
	series_run(&job);
	if (threaded)
		pthread_join(th, NULL);
	out->steps = ls_xcalloc(p->nep ? p->nep : 1, sizeof *out->steps);
	for (uint32_t e = 0; e < p->nep; e++)
		out->steps[e].mean_mb = out->steps[e].se_mb = NAN;
	if (out->attrib.valid)
		ls_steps_compute(p, out->attrib.first_req, out->attrib.last_req, out->attrib.theta, out->steps);
	out->req_steps = ls_xcalloc(p->nep ? p->nep : 1, sizeof *out->req_steps);
	ls_heap_fit(p, out, cfg);
	/* twice: the kinds first, then the texts, which name the other
	 * endpoints that leak by their final verdicts (a kind never depends
	 * on another endpoint's text) */
	bool *ev_leak = ls_xcalloc(p->nep ? p->nep : 1, sizeof *ev_leak);
	for (uint32_t f = 0; f < p->nep; f++)
		ev_leak[f] = evidence_leaks(p, out, f, cfg);
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t e = 0; e < p->nep; e++) {
			struct ls_verdict *v = &out->verdict[e];
			free(v->explanation);
			free(v->suspects);
			v->explanation = NULL;
			v->suspects = NULL;
			v->nsuspects = 0;
			decide(p, out, e, cfg, ev_leak, v);
		}
		if (!pass)
			ls_heap_unheld(out, cfg);
	}
	free(ev_leak);
	say_copies(p, out);
	ls_heap_summarize(p, out, cfg);
	out->seconds = ls_now() - t0;
	return 0;
}

double ls_verdict_retained_kb(const struct ls_verdict *v)
{
	if (v->kind == LS_VERDICT_LEAK && isfinite(v->lead_kb_per_request))
		return v->lead_kb_per_request;
	/* only where the verdict says the endpoint retains memory: a GROWING
	 * endpoint's "own share is not established: +20.1 KB" would otherwise
	 * sort an innocent endpoint above the leak. An error path's other
	 * requests count only at the bar every share must pass: +26.4 KB per
	 * request at p = 0.012 showed an error path keeping three times what
	 * the real leak beside it keeps. */
	if (v->kind != LS_VERDICT_ERROR_PATH_LEAK || !v->attributed || !(v->attributed_ci95[0] > 0) ||
		!(v->attributed_p < ls_detect_defaults.attrib_alpha))
		return NAN;
	/* (an error path's other requests freeing memory, "-17.26" next to
	 * ERROR_PATH_LEAK, read as a contradiction: the explanation says it) */
	return v->attributed_kb_per_request;
}

void ls_verdict_done(struct ls_verdict *v)
{
	free(v->explanation);
	free(v->suspects);
	memset(v, 0, sizeof *v);
}

void ls_process_analysis_done(struct ls_process_analysis *a)
{
	for (uint32_t e = 0; e < a->nep; e++)
		ls_verdict_done(&a->verdict[e]);
	free(a->verdict);
	free(a->steps);
	free(a->req_steps);
	ls_attrib_done(&a->attrib);
	ls_sites_done(&a->sites);
	ls_heap_summary_done(&a->heap);
	memset(a, 0, sizeof *a);
}
