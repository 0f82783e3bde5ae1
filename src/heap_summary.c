/* heap_summary.c — the process heap as a whole, and what holds its growth
 * (heap_summary.h). */
#include "heap_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "explain.h"
#include "stats.h"

void ls_heap_listing(const struct ls_process *p, uint32_t *top_k, double *smallest_mb)
{
	uint32_t k = 0;
	for (uint32_t e = 0; e < p->nep; e++)
		for (uint32_t r = 0; r < p->ep[e].n; r++)
			if (ls_endpoint_ncons(&p->ep[e], r) > k)
				k = ls_endpoint_ncons(&p->ep[e], r);
	*top_k = k;
	*smallest_mb = NAN;
	if (!k)
		return;
	/* the last full list of the process timeline: what the profiler
	 * needed to list a site when the capture ended */
	for (uint64_t i = p->ntl; i-- > 0;) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		if (ls_endpoint_ncons(ep, r) != k)
			continue;
		double m = INFINITY;
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++)
			if (isfinite(ep->cons_mb[c]) && ep->cons_mb[c] < m)
				m = ep->cons_mb[c];
		if (isfinite(m))
			*smallest_mb = m;
		return;
	}
}

bool ls_heap_unrecorded_holds(const struct ls_attribution *A, const struct ls_detect_config *cfg)
{
	return A->valid && A->unknown_p < cfg->attrib_alpha && A->unknown_ci95[0] > 0 &&
		A->unknown_kb_per_request >= cfg->material_kb_per_request;
}

/* What rose end to end between two request numbers: the median of the
 * last values minus that of the first (a twentieth each, at least 5), so a
 * tooth of garbage that a collection empties again does not count. */
static double rise_between(const struct ls_process *p, int64_t from, int64_t to)
{
	size_t n = 0;
	double *y = ls_xcalloc(p->ntl ? p->ntl : 1, sizeof *y);
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		if (ep->req_no[r] >= from && ep->req_no[r] <= to && ls_endpoint_heap_point(ep, r))
			y[n++] = ep->current_mb[r];
	}
	double rise = NAN;
	size_t k = n / 20 > 5 ? n / 20 : 5;
	if (n >= 2 * k) {
		double last = ls_stats_median_inplace(y + n - k, k);
		rise = last - ls_stats_median_inplace(y, k);
	}
	free(y);
	return rise;
}

static void set_trend(struct ls_heap_summary *h, double kb, const double ci[2], double p, int64_t first,
	int64_t last, int64_t warmup)
{
	h->valid = isfinite(kb) && isfinite(p);
	h->kb_per_request = kb;
	h->ci95[0] = ci[0];
	h->ci95[1] = ci[1];
	h->p_value = p;
	h->first_req = first;
	h->last_req = last;
	h->warmup_requests = warmup;
}

void ls_heap_fit(const struct ls_process *p, struct ls_process_analysis *pa, const struct ls_detect_config *cfg)
{
	struct ls_heap_summary *h = &pa->heap;
	const struct ls_attribution *A = &pa->attrib;
	ls_heap_listing(p, &h->top_k, &h->smallest_listed_mb);
	h->kb_per_request = h->ci95[0] = h->ci95[1] = h->p_value = h->mb_per_10k = h->rise_mb = NAN;
	h->leakers_hold_mb = h->unheld_mb = NAN;
	h->valid = false;
	if (p->nep == 1 && pa->nep == 1 && pa->verdict[0].fit.steady_n >= 2 && !pa->verdict[0].fit.by_row) {
		/* one endpoint: its curve is the heap; say what its verdict says */
		const struct ls_series_fit *f = &pa->verdict[0].fit;
		set_trend(h, f->slope_kb_per_request, f->ci95, f->p_value, f->steady_first_req, f->last_req,
			f->warmup_requests);
		h->collections = 0;
	} else if (A->valid) {
		set_trend(h, A->process_kb_per_request, A->process_ci95, A->process_p, A->first_req, A->last_req,
			A->warmup_requests);
		h->late_onset = pa->onset_req != INT64_MIN && A->first_req >= pa->onset_req;
		h->collections = A->collections;
	}
	if (!h->valid)
		return;
	h->mb_per_10k = h->kb_per_request * 10000 / 1024;
	h->rise_mb = rise_between(p, h->first_req, h->last_req);
	double span_mb = h->kb_per_request * (double)(h->last_req - h->first_req) / 1024;
	h->grows = h->p_value < cfg->attrib_alpha && h->ci95[0] > 0 &&
		h->kb_per_request >= cfg->material_kb_per_request && h->rise_mb >= 0.5 * span_mb;
	h->unrecorded = h->grows && ls_heap_unrecorded_holds(A, cfg);
}

/* "what grows stays below its top 5 (...)": only where the sites cannot
 * name anything: no listed site rose by a quarter of what the heap did in
 * the window (whatever became of it later: collected, levelled off), and
 * what rose would not have been listed had it been one site */
static bool unlisted(const struct ls_process_analysis *pa)
{
	const struct ls_heap_summary *h = &pa->heap;
	if (!h->grows || pa->nep < 2 || pa->sites.nsuspects || !h->top_k || !isfinite(h->smallest_listed_mb) ||
	    !(h->rise_mb <= h->smallest_listed_mb))
		return false;
	for (uint32_t i = 0; i < pa->sites.n; i++)
		if (pa->sites.v[i].steady_rise_mb >= 0.25 * h->rise_mb)
			return false;
	return true;
}

static void add_below_top_k(struct ls_buf *b, const struct ls_process_analysis *pa)
{
	char mb[32];
	ls_fmt_num(mb, sizeof mb, pa->heap.smallest_listed_mb);
	ls_buf_printf(b, "what grows stays below its top %u (the smallest site it listed last holds %s MB), "
		"so only a bigger top K (the profiler's DEFAULT_TOP_CONSUMERS_COUNT) would show where it is.",
		pa->heap.top_k, mb);
}

void ls_heap_add_unlisted(struct ls_buf *b, const struct ls_process_analysis *pa)
{
	if (!unlisted(pa))
		return;
	ls_buf_puts(b, " No site the profiler listed grows: ");
	add_below_top_k(b, pa);
}

/* "Leaking: /chat, /upload (on errors)." (four, then "and 2 more") */
static void add_leaking(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa)
{
	uint32_t n = 0;
	for (uint32_t e = 0; e < pa->nep && e < p->nep; e++) {
		enum ls_verdict_kind k = pa->verdict[e].kind;
		if (!ls_verdict_is_leak(k))
			continue;
		if (n++ < 4) {
			char *name = ls_sanitize(p->ep[e].name ? p->ep[e].name : "?");
			ls_buf_printf(b, "%s%s", n > 1 ? ", " : " Leaking: ", name);
			free(name);
			/* (two files of one name, a copy: which is which) */
			if (ls_process_named(p, p->ep[e].name, e) != UINT32_MAX) {
				char *file = ls_sanitize(ls_basename(p->ep[e].file));
				ls_buf_printf(b, " (%s)", file);
				free(file);
			}
			if (k == LS_VERDICT_ERROR_PATH_LEAK)
				ls_buf_puts(b, " (on errors)");
		}
	}
	if (n > 4)
		ls_buf_printf(b, " and %u more", n - 4);
	if (n)
		ls_buf_puts(b, ".");
	/* (GROWING for want of a second error, but its step is in the heap) */
	n = 0;
	for (uint32_t e = 0; e < pa->nep && e < p->nep; e++) {
		if (!pa->verdict[e].awaits_error)
			continue;
		char *name = ls_sanitize(p->ep[e].name ? p->ep[e].name : "?");
		ls_buf_printf(b, "%s%s", n++ ? ", " : " A step at one error, waiting for a second: ", name);
		free(name);
	}
	if (n)
		ls_buf_puts(b, ".");
}

/* "; the site that grows most is PATH:LINE (+0.31 MB per 1,000 requests)." */
static void add_top_site(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa)
{
	const struct ls_site_trend *t = &pa->sites.v[0];
	char *loc = ls_sanitize(ls_intern_str(&p->sites, t->site));
	char sl[32];
	ls_fmt_kb(sl, sizeof sl, t->slope_mb_per_1k);
	ls_buf_printf(b, "; the site that grows most is %s (%s MB per 1,000 requests%s).", loc, sl,
		t->slowing ? ", ever more slowly: a cache filling up, or a leak at a cache's line" : "");
	free(loc);
}

/* "The heap grows +1.91 KB per request (...), +18.6 MB per 10,000
 * requests, over requests 1 to 1,321." or what it does instead */
static void add_trend(struct ls_buf *b, const struct ls_heap_summary *h, const struct ls_detect_config *cfg)
{
	bool sig = h->p_value < cfg->attrib_alpha && (h->ci95[0] > 0 || h->ci95[1] < 0);
	if (h->grows)
		ls_buf_puts(b, "The heap grows ");
	else if (!sig)
		ls_buf_puts(b, "The heap's trend is not clear enough to call (leakscope needs p < 0.001): ");
	else if (h->ci95[1] < 0)
		ls_buf_puts(b, "The heap shrinks: ");
	else if (h->kb_per_request < cfg->material_kb_per_request)
		ls_buf_puts(b, "The heap grows slowly: ");
	else if (h->collections)
		ls_buf_printf(b, "The heap climbs between its %llu collections, not end to end: ",
			(unsigned long long)h->collections);
	else
		ls_buf_puts(b, "The heap climbs, but not end to end: ");
	ls_add_rate(b, h->kb_per_request, h->ci95, h->p_value, "process request");
	if (h->grows) {
		char m10[32];
		ls_fmt_kb(m10, sizeof m10, h->mb_per_10k);
		ls_buf_printf(b, ", %s MB per 10,000 requests,", m10);
	}
	char from[32], to[32], w[32];
	ls_fmt_count(from, sizeof from, h->first_req);
	ls_fmt_count(to, sizeof to, h->last_req);
	ls_buf_printf(b, " over requests %s to %s", from, to);
	if (h->late_onset) {
		ls_buf_printf(b, " (it started to climb faster at %s)", from);
	} else if (h->warmup_requests > 0) {
		ls_fmt_count(w, sizeof w, h->warmup_requests);
		ls_buf_printf(b, ", after a warm-up of %s", w);
	}
	if (!h->grows && isfinite(h->rise_mb) && sig && h->ci95[0] > 0 &&
	    h->kb_per_request >= cfg->material_kb_per_request) {
		char r[32];
		ls_fmt_kb(r, sizeof r, h->rise_mb);
		ls_buf_printf(b, "; end to end it changed %s MB", r);
	}
	ls_buf_puts(b, ".");
}

/* " No file recorded requests 2,000 to 3,999: ..." for the holes in the
 * recording (model.h) inside the window that are a material part of it
 * (a lost record or two is in Warnings already): the window's span counts
 * request numbers the heap was never read at. */
static void add_holes(struct ls_buf *b, const struct ls_process *p, const struct ls_heap_summary *h)
{
	int64_t *v;
	uint32_t nh = ls_process_holes(p, &v);
	double span = (double)h->last_req - (double)h->first_req + 1;
	double bar = span / 100 > 10 ? span / 100 : 10;
	uint32_t n = 0, longest = 0;
	double all = 0;
	for (uint32_t i = 0; i < nh; i++) {
		double len = (double)v[2 * i + 1] - (double)v[2 * i] + 1;
		if (v[2 * i] <= h->first_req || v[2 * i + 1] >= h->last_req || len < bar)
			continue;
		if (!n++ || len > (double)v[2 * longest + 1] - (double)v[2 * longest] + 1)
			longest = i;
		all += len;
	}
	if (n) {
		char a[32], z[32], t[32];
		ls_fmt_count(a, sizeof a, v[2 * longest]);
		ls_fmt_count(z, sizeof z, v[2 * longest + 1]);
		if (n == 1) {
			ls_buf_printf(b, " No file recorded requests %s to %s", a, z);
		} else {
			ls_fmt_count(t, sizeof t, (int64_t)all);
			ls_buf_printf(b, " No file recorded %u stretches of requests (%s in all; the longest %s to %s)",
				n, t, a, z);
		}
		ls_buf_puts(b, ": the profiler was off, or their records were lost.");
	}
	free(v);
}

/* What suspect site t holds for the leaking endpoints over the window
 * (MB; 0 when it follows none of them): what its joint links to them give
 * per request and error times their counts, or, where the profiler saw it
 * longer than the links reach, its trend over the window from its first
 * sample. Marks the leakers it follows in has[]. */
static double site_holds_for_leakers(const struct ls_process_analysis *pa, const struct ls_site_trend *t,
	bool *has)
{
	const struct ls_attribution *A = &pa->attrib;
	const struct ls_heap_summary *h = &pa->heap;
	double linked = 0;
	bool any = false;
	for (uint32_t f = 0; f < t->nlinks && f < pa->nep; f++) {
		const struct ls_site_link *l = &t->links[f];
		if (!l->linked || !l->joint || !ls_verdict_holds_growth(&pa->verdict[f]))
			continue;
		any = has[f] = true;
		if (!A->valid || f >= A->nep)
			continue;
		if (l->kb_per_request > 0)
			linked += l->kb_per_request * ls_attrib_window_requests(A, f) / 1024;
		if (l->kb_per_error > 0)
			linked += l->kb_per_error * A->ep[f].errors / 1024;
	}
	if (!any)
		return 0;
	int64_t from = t->first_req > h->first_req ? t->first_req : h->first_req;
	double seen = h->last_req > from ? t->slope_mb_per_1k / 1000 * ((double)h->last_req - (double)from) : 0;
	return linked > seen ? linked : seen;
}

/* Growth (MB) the sites of endpoints judged WARMUP took in and levelled
 * off with over the window: a fill, held but no leak. All of a site's
 * size where the profiler listed it only after the window began: it
 * filled unseen before. */
static double warmup_fills_mb(const struct ls_process_analysis *pa)
{
	const struct ls_site_analysis *S = &pa->sites;
	const struct ls_heap_summary *h = &pa->heap;
	double mb = 0;
	for (uint32_t i = 0; i < S->n; i++) {
		const struct ls_site_trend *t = &S->v[i];
		if (t->suspect || !t->plateaued || t->collected || !t->links || !(t->steady_rise_mb > 0))
			continue;
		for (uint32_t f = 0; f < t->nlinks && f < pa->nep; f++) {
			const struct ls_site_link *l = &t->links[f];
			if (l->linked && l->joint && !l->via_errors && pa->verdict[f].kind == LS_VERDICT_WARMUP) {
				mb += t->first_req > h->first_req ? t->max_mb : t->steady_rise_mb;
				break;
			}
		}
	}
	return mb;
}

/* The fraction of the heap's rise the leakers' sites and the warm-ups'
 * fills may leave unheld before it is said: below it, what the sites
 * miss of their own history (a site listed late, a fill begun before the
 * window) would be taken for more. On lsgen's 3,360 accuracy cases
 * (bench/accuracy prints it) it is said in 30 of the 58 processes where
 * a leak was found and another went unfound, and in 30 of the 1,510
 * whose every leak was found (uncollected garbage at the end of the
 * capture, a cache still filling: the text names those too). */
#define UNHELD_SHARE 0.2

void ls_heap_unheld(struct ls_process_analysis *pa, const struct ls_detect_config *cfg)
{
	struct ls_heap_summary *h = &pa->heap;
	const struct ls_site_analysis *S = &pa->sites;
	h->leakers_hold_mb = h->unheld_mb = NAN;
	if (!h->valid || !h->grows || !(h->rise_mb > 0))
		return;
	bool *has = ls_xcalloc(pa->nep ? pa->nep : 1, sizeof *has);
	double held = 0;
	for (uint32_t i = 0; i < S->nsuspects && i < S->n; i++)
		if (S->v[i].links && !S->v[i].collected)
			held += site_holds_for_leakers(pa, &S->v[i], has);
	/* every leaker's growth must be in a site it follows: one whose
	 * site the profiler never listed holds an unknown share */
	bool every = true, any = false;
	for (uint32_t e = 0; e < pa->nep; e++)
		if (ls_verdict_holds_growth(&pa->verdict[e])) {
			any = true;
			every = every && has[e];
		}
	free(has);
	if (!any || !every)
		return;
	h->leakers_hold_mb = held;
	double rest = h->rise_mb - held - warmup_fills_mb(pa);
	if (rest >= cfg->material_total_mb && rest >= UNHELD_SHARE * h->rise_mb)
		h->unheld_mb = rest;
}

/* " Its sites hold about 19.1 MB of the heap's 25.7 MB rise; the other
 * 6.6 MB are in none of them: ..." */
static void add_unheld(struct ls_buf *b, const struct ls_heap_summary *h)
{
	if (!isfinite(h->unheld_mb))
		return;
	char held[32], rise[32], rest[32];
	ls_fmt_num(held, sizeof held, h->leakers_hold_mb);
	ls_fmt_num(rise, sizeof rise, h->rise_mb);
	ls_fmt_num(rest, sizeof rest, h->unheld_mb);
	ls_buf_printf(b, " %s sites hold about %s MB of the heap's %s MB rise; the other %s MB are in none of "
		"them: a leak at a site the profiler's top %u never listed, garbage not yet collected, or a cache "
		"still filling.", h->nleaks <= 1 ? "Its" : "Their", held, rise, rest, h->top_k);
}

void ls_heap_summarize(const struct ls_process *p, struct ls_process_analysis *pa,
	const struct ls_detect_config *cfg)
{
	struct ls_heap_summary *h = &pa->heap;
	const struct ls_attribution *A = &pa->attrib;
	h->nleaks = 0;
	for (uint32_t e = 0; e < pa->nep; e++)
		h->nleaks += ls_verdict_is_leak(pa->verdict[e].kind);
	bool held = false;
	for (uint32_t e = 0; e < pa->nep; e++)
		held = held || ls_verdict_holds_growth(&pa->verdict[e]);
	free(h->text);
	h->text = NULL;
	if (!h->valid) {
		/* say why there is no process line rather than leave it out */
		if (A->reason)
			h->text = ls_xasprintf("The process heap as a whole was not fitted: %s.", A->reason);
		return;
	}
	/* one endpoint's verdict already says all there is to say */
	h->unexplained = h->grows && !held && pa->nep > 1;

	struct ls_buf b;
	ls_buf_init(&b);
	add_trend(&b, h, cfg);
	add_holes(&b, p, h);
	if (held) {
		add_leaking(&b, p, pa);
		add_unheld(&b, h);
	} else if (h->unexplained && h->unrecorded) {
		char k[32], u[32];
		ls_fmt_kb(k, sizeof k, A->unknown_kb_per_request);
		ls_fmt_count(u, sizeof u, (int64_t)A->unknown_requests);
		ls_buf_printf(&b, " It follows the %s request numbers no loaded file records (%s KB each): an "
			"endpoint whose file is missing or rotated away, or sampled-out traffic.", u, k);
	} else if (h->unexplained) {
		ls_buf_puts(&b, " No endpoint's own share of it is established");
		if (pa->sites.nsuspects && pa->sites.n) {
			add_top_site(&b, p, pa);
		} else if (unlisted(pa)) {
			ls_buf_puts(&b, ", and no site the profiler listed grows: ");
			add_below_top_k(&b, pa);
		} else {
			ls_buf_puts(&b, ".");
		}
	}
	h->text = ls_xstrdup(b.data ? b.data : "");
	ls_buf_done(&b);
}

void ls_heap_summary_done(struct ls_heap_summary *h)
{
	free(h->text);
	memset(h, 0, sizeof *h);
}
