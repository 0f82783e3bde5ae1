/* heap_summary.c — the process heap as a whole, and what holds its growth
 * (heap_summary.h). */
#include "heap_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "explain.h"

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

/* "what grows stays below its top 5 (...)": only where the sites cannot
 * name anything because none of them grows */
static bool unlisted(const struct ls_process_analysis *pa)
{
	return pa->sites.nsuspects == 0 && pa->heap.top_k > 0 && isfinite(pa->heap.smallest_listed_mb);
}

static void add_below_top_k(struct ls_buf *b, const struct ls_process_analysis *pa)
{
	char mb[32];
	ls_fmt_num(mb, sizeof mb, pa->heap.smallest_listed_mb);
	ls_buf_printf(b, "what grows stays below its top %u (the smallest site it listed last holds %s MB), "
		"so only a bigger top K (the profiler's DEFAULT_TOP_CONSUMERS_COUNT) would show where it is.",
		pa->heap.top_k, mb);
}

void ls_heap_add_unlisted(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa)
{
	(void)p;
	if (!unlisted(pa))
		return;
	ls_buf_puts(b, " No site the profiler listed grows: ");
	add_below_top_k(b, pa);
}

/* "Leaking: /chat, /upload (on errors)." */
static void add_leaking(struct ls_buf *b, const struct ls_process *p, const struct ls_process_analysis *pa)
{
	uint32_t n = 0;
	for (uint32_t e = 0; e < pa->nep && e < p->nep; e++) {
		enum ls_verdict_kind k = pa->verdict[e].kind;
		if (!ls_verdict_is_leak(k))
			continue;
		if (n == 4) {
			ls_buf_puts(b, ", ...");
			break;
		}
		char *name = ls_sanitize(p->ep[e].name ? p->ep[e].name : "?");
		ls_buf_printf(b, "%s%s%s", n++ ? ", " : " Leaking: ", name,
			k == LS_VERDICT_ERROR_PATH_LEAK ? " (on errors)" : "");
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

void ls_heap_summarize(const struct ls_process *p, struct ls_process_analysis *pa,
	const struct ls_detect_config *cfg)
{
	struct ls_heap_summary *h = &pa->heap;
	const struct ls_attribution *A = &pa->attrib;
	h->nleaks = 0;
	for (uint32_t e = 0; e < pa->nep; e++)
		h->nleaks += ls_verdict_is_leak(pa->verdict[e].kind);
	h->valid = A->valid && isfinite(A->process_kb_per_request) && isfinite(A->process_p);
	free(h->text);
	h->text = NULL;
	if (!h->valid) {
		h->kb_per_request = h->ci95[0] = h->ci95[1] = h->p_value = h->mb_per_10k = NAN;
		/* say why there is no process line rather than leave it out */
		if (A->reason)
			h->text = ls_xasprintf("The process heap as a whole was not fitted: %s.", A->reason);
		return;
	}
	h->kb_per_request = A->process_kb_per_request;
	h->ci95[0] = A->process_ci95[0];
	h->ci95[1] = A->process_ci95[1];
	h->p_value = A->process_p;
	h->mb_per_10k = h->kb_per_request * 10000 / 1024;
	h->first_req = A->first_req;
	h->last_req = A->last_req;
	h->warmup_requests = A->warmup_requests;
	h->grows = h->p_value < cfg->attrib_alpha && h->ci95[0] > 0 &&
		h->kb_per_request >= cfg->material_kb_per_request;
	h->unrecorded = h->grows && ls_heap_unrecorded_holds(A, cfg);
	h->unexplained = h->grows && !h->nleaks && !h->unrecorded;

	struct ls_buf b;
	ls_buf_init(&b);
	char from[32], to[32], w[32], m10[32];
	ls_fmt_count(from, sizeof from, h->first_req);
	ls_fmt_count(to, sizeof to, h->last_req);
	ls_buf_puts(&b, h->grows ? "The heap grows " : "The heap does not grow materially: ");
	ls_add_rate(&b, h->kb_per_request, h->ci95, h->p_value, "request");
	if (h->grows) {
		ls_fmt_kb(m10, sizeof m10, h->mb_per_10k);
		ls_buf_printf(&b, ", %s MB per 10,000 requests,", m10);
	}
	ls_buf_printf(&b, " over requests %s to %s", from, to);
	if (h->warmup_requests > 0) {
		ls_fmt_count(w, sizeof w, h->warmup_requests);
		ls_buf_printf(&b, ", after a %s-request warm-up", w);
	}
	ls_buf_puts(&b, ".");
	if (h->nleaks) {
		add_leaking(&b, p, pa);
	} else if (h->unrecorded) {
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
