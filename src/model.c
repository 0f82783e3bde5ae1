/* model.c — the columnar model (see model.h for ownership and layout). */
#include "model.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- endpoint ---- */

void ls_endpoint_init(struct ls_endpoint *ep)
{
	memset(ep, 0, sizeof *ep);
	ep->cons_first = ls_xcalloc(1, sizeof *ep->cons_first);
}

void ls_endpoint_done(struct ls_endpoint *ep)
{
	free(ep->name);
	free(ep->file);
	free(ep->req_id);
	free(ep->req_no);
	free(ep->timestamp);
	free(ep->current_mb);
	free(ep->peak_mb);
	free(ep->latency);
	free(ep->status);
	free(ep->flags);
	free(ep->error_msg);
	free(ep->batch);
	free(ep->offset);
	free(ep->cons_first);
	free(ep->cons_site);
	free(ep->cons_mb);
	free(ep->cons_count);
	memset(ep, 0, sizeof *ep);
}

static void endpoint_reserve(struct ls_endpoint *ep, size_t need)
{
	if (need <= ep->cap)
		return;
	size_t c = ep->cap ? ep->cap : 64;
	while (c < need)
		c *= 2;
	ep->req_id = ls_xreallocarray(ep->req_id, c, sizeof *ep->req_id);
	ep->req_no = ls_xreallocarray(ep->req_no, c, sizeof *ep->req_no);
	ep->timestamp = ls_xreallocarray(ep->timestamp, c, sizeof *ep->timestamp);
	ep->current_mb = ls_xreallocarray(ep->current_mb, c, sizeof *ep->current_mb);
	ep->peak_mb = ls_xreallocarray(ep->peak_mb, c, sizeof *ep->peak_mb);
	ep->latency = ls_xreallocarray(ep->latency, c, sizeof *ep->latency);
	ep->status = ls_xreallocarray(ep->status, c, sizeof *ep->status);
	ep->flags = ls_xreallocarray(ep->flags, c, sizeof *ep->flags);
	ep->error_msg = ls_xreallocarray(ep->error_msg, c, sizeof *ep->error_msg);
	ep->batch = ls_xreallocarray(ep->batch, c, sizeof *ep->batch);
	ep->offset = ls_xreallocarray(ep->offset, c, sizeof *ep->offset);
	ep->cons_first = ls_xreallocarray(ep->cons_first, c + 1, sizeof *ep->cons_first);
	ep->cap = c;
}

static void cons_reserve(struct ls_endpoint *ep, size_t need)
{
	if (need <= ep->cons_cap)
		return;
	size_t c = ep->cons_cap ? ep->cons_cap : 64;
	while (c < need)
		c *= 2;
	ep->cons_site = ls_xreallocarray(ep->cons_site, c, sizeof *ep->cons_site);
	ep->cons_mb = ls_xreallocarray(ep->cons_mb, c, sizeof *ep->cons_mb);
	ep->cons_count = ls_xreallocarray(ep->cons_count, c, sizeof *ep->cons_count);
	ep->cons_cap = c;
}

uint32_t ls_endpoint_add_row(struct ls_endpoint *ep)
{
	endpoint_reserve(ep, (size_t)ep->n + 1);
	uint32_t r = ep->n++;
	ep->req_id[r] = 0;
	ep->req_no[r] = 0;
	ep->timestamp[r] = 0;
	ep->current_mb[r] = 0;
	ep->peak_mb[r] = 0;
	ep->latency[r] = 0;
	ep->status[r] = 0;
	ep->flags[r] = 0;
	ep->error_msg[r] = 0;
	ep->batch[r] = 0;
	ep->offset[r] = 0;
	ep->cons_first[r + 1] = ep->ncons;
	return r;
}

void ls_endpoint_add_consumer(struct ls_endpoint *ep, uint32_t site, double mb, int64_t count)
{
	cons_reserve(ep, (size_t)ep->ncons + 1);
	uint32_t c = ep->ncons++;
	ep->cons_site[c] = site;
	ep->cons_mb[c] = mb;
	ep->cons_count[c] = count;
	ep->cons_first[ep->n] = ep->ncons;
}

void ls_endpoint_append(struct ls_endpoint *dst, const struct ls_endpoint *src, const uint32_t *site_map)
{
	size_t n = src->n;
	if (!n)
		return;
	endpoint_reserve(dst, (size_t)dst->n + n);
	cons_reserve(dst, (size_t)dst->ncons + src->ncons);
	uint32_t r0 = dst->n, c0 = dst->ncons;
	memcpy(dst->req_id + r0, src->req_id, n * sizeof *src->req_id);
	memcpy(dst->req_no + r0, src->req_no, n * sizeof *src->req_no);
	memcpy(dst->timestamp + r0, src->timestamp, n * sizeof *src->timestamp);
	memcpy(dst->current_mb + r0, src->current_mb, n * sizeof *src->current_mb);
	memcpy(dst->peak_mb + r0, src->peak_mb, n * sizeof *src->peak_mb);
	memcpy(dst->latency + r0, src->latency, n * sizeof *src->latency);
	memcpy(dst->status + r0, src->status, n * sizeof *src->status);
	memcpy(dst->flags + r0, src->flags, n * sizeof *src->flags);
	memcpy(dst->error_msg + r0, src->error_msg, n * sizeof *src->error_msg);
	memcpy(dst->batch + r0, src->batch, n * sizeof *src->batch);
	memcpy(dst->offset + r0, src->offset, n * sizeof *src->offset);
	for (size_t i = 1; i <= n; i++)
		dst->cons_first[r0 + i] = c0 + src->cons_first[i];
	for (uint32_t i = 0; i < src->ncons; i++)
		dst->cons_site[c0 + i] = site_map ? site_map[src->cons_site[i]] : src->cons_site[i];
	if (src->ncons) { /* no consumers: the arrays may be NULL, and memcpy(NULL) is UB */
		memcpy(dst->cons_mb + c0, src->cons_mb, src->ncons * sizeof *src->cons_mb);
		memcpy(dst->cons_count + c0, src->cons_count, src->ncons * sizeof *src->cons_count);
	}
	dst->n += (uint32_t)n;
	dst->ncons += src->ncons;
	dst->nerrors += src->nerrors;
}

/* Stable merge sort of row indices by req_no. */
static void msort(uint32_t *a, uint32_t *tmp, size_t n, const int64_t *key)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	msort(a, tmp, h, key);
	msort(a + h, tmp, n - h, key);
	if (key[a[h - 1]] <= key[a[h]])
		return;
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof *a);
}

#define PERMUTE(col, type)                                           \
	do {                                                         \
		type *nc = ls_xreallocarray(NULL, ep->cap, sizeof(type)); \
		for (uint32_t k_ = 0; k_ < n; k_++)                 \
			nc[k_] = ep->col[perm[k_]];                  \
		free(ep->col);                                       \
		ep->col = nc;                                        \
	} while (0)

void ls_endpoint_sort(struct ls_endpoint *ep)
{
	uint32_t n = ep->n;
	uint32_t i;
	for (i = 1; i < n; i++)
		if (ep->req_no[i] < ep->req_no[i - 1])
			break;
	if (i >= n)
		return; /* already in order: the usual case */
	uint32_t *perm = ls_xreallocarray(NULL, n, sizeof *perm);
	uint32_t *tmp = ls_xreallocarray(NULL, n, sizeof *tmp);
	for (i = 0; i < n; i++)
		perm[i] = i;
	msort(perm, tmp, n, ep->req_no);
	free(tmp);

	uint32_t *site = ls_xreallocarray(NULL, ep->cons_cap ? ep->cons_cap : 1, sizeof *site);
	double *mb = ls_xreallocarray(NULL, ep->cons_cap ? ep->cons_cap : 1, sizeof *mb);
	int64_t *cnt = ls_xreallocarray(NULL, ep->cons_cap ? ep->cons_cap : 1, sizeof *cnt);
	uint32_t *first = ls_xreallocarray(NULL, (size_t)ep->cap + 1, sizeof *first);
	uint32_t c = 0;
	first[0] = 0;
	for (i = 0; i < n; i++) {
		uint32_t r = perm[i];
		for (uint32_t k = ep->cons_first[r]; k < ep->cons_first[r + 1]; k++, c++) {
			site[c] = ep->cons_site[k];
			mb[c] = ep->cons_mb[k];
			cnt[c] = ep->cons_count[k];
		}
		first[i + 1] = c;
	}
	free(ep->cons_site);
	free(ep->cons_mb);
	free(ep->cons_count);
	free(ep->cons_first);
	ep->cons_site = site;
	ep->cons_mb = mb;
	ep->cons_count = cnt;
	ep->cons_first = first;

	PERMUTE(req_id, int64_t);
	PERMUTE(req_no, int64_t);
	PERMUTE(timestamp, double);
	PERMUTE(current_mb, double);
	PERMUTE(peak_mb, double);
	PERMUTE(latency, double);
	PERMUTE(status, int32_t);
	PERMUTE(flags, uint16_t);
	PERMUTE(error_msg, uint32_t);
	PERMUTE(batch, int32_t);
	PERMUTE(offset, uint64_t);
	free(perm);
}

/* ---- process ---- */

void ls_process_init(struct ls_process *p, const char *path)
{
	memset(p, 0, sizeof *p);
	p->path = ls_xstrdup(path);
	ls_intern_init(&p->sites);
	ls_intern_init(&p->strings);
}

void ls_process_done(struct ls_process *p)
{
	for (uint32_t i = 0; i < p->nep; i++)
		ls_endpoint_done(&p->ep[i]);
	free(p->ep);
	free(p->path);
	ls_intern_done(&p->sites);
	ls_intern_done(&p->strings);
	free(p->tl_ep);
	free(p->tl_row);
	memset(p, 0, sizeof *p);
}

/* Re-intern ep's local site and string ids into the process tables. */
static void remap_ids(struct ls_process *p, struct ls_endpoint *ep, const struct ls_intern *sites,
	const struct ls_intern *strings)
{
	if (sites) {
		uint32_t *map = ls_xcalloc(sites->n ? sites->n : 1, sizeof *map);
		for (uint32_t id = 1; id < sites->n; id++)
			map[id] = ls_intern_add(&p->sites, sites->str[id], sites->len[id]);
		for (uint32_t c = 0; c < ep->ncons; c++)
			ep->cons_site[c] = map[ep->cons_site[c]];
		free(map);
	}
	if (strings) {
		uint32_t *map = ls_xcalloc(strings->n ? strings->n : 1, sizeof *map);
		for (uint32_t id = 1; id < strings->n; id++)
			map[id] = ls_intern_add(&p->strings, strings->str[id], strings->len[id]);
		for (uint32_t r = 0; r < ep->n; r++)
			ep->error_msg[r] = map[ep->error_msg[r]];
		free(map);
	}
}

uint32_t ls_process_adopt(struct ls_process *p, struct ls_endpoint *ep, const struct ls_intern *sites,
	const struct ls_intern *strings)
{
	remap_ids(p, ep, sites, strings);
	ls_grow(&p->ep, &p->ep_cap, (size_t)p->nep + 1, sizeof *p->ep);
	p->ep[p->nep] = *ep;
	ls_endpoint_init(ep);
	return p->nep++;
}

void ls_process_replace(struct ls_process *p, uint32_t i, struct ls_endpoint *ep,
	const struct ls_intern *sites, const struct ls_intern *strings)
{
	remap_ids(p, ep, sites, strings);
	ls_endpoint_done(&p->ep[i]);
	p->ep[i] = *ep;
	ls_endpoint_init(ep);
}

uint32_t ls_process_named(const struct ls_process *p, const char *name, uint32_t except)
{
	for (uint32_t e = 0; e < p->nep; e++) {
		const char *m = p->ep[e].name;
		if (e != except && (name && m ? strcmp(name, m) == 0 : !name && !m))
			return e;
	}
	return UINT32_MAX;
}

uint64_t ls_process_requests(const struct ls_process *p)
{
	uint64_t n = 0;
	for (uint32_t i = 0; i < p->nep; i++)
		n += p->ep[i].n;
	return n;
}

static int cmp_pair(const void *x, const void *y)
{
	const struct ls_shared_ids *a = x, *b = y;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return a->a < b->a ? -1 : a->a > b->a;
}

struct ls_shared_ids *ls_process_shared_ids(const struct ls_process *p, size_t *n)
{
	struct ls_shared_ids *v = NULL;
	size_t cap = 0;
	*n = 0;
	uint64_t run = 0;  /* first timeline entry with the current id */
	for (uint64_t i = 1; i < p->ntl; i++) {
		const struct ls_endpoint *e0 = &p->ep[p->tl_ep[run]], *e1 = &p->ep[p->tl_ep[i]];
		uint32_t r0 = p->tl_row[run], r1 = p->tl_row[i];
		if (!(e1->flags[r1] & LS_REQ_HAS_ID) || !(e0->flags[r0] & LS_REQ_HAS_ID) ||
		    e1->req_no[r1] != e0->req_no[r0]) {
			run = i;
			continue;
		}
		if (p->tl_ep[i] == p->tl_ep[run])
			continue;  /* inside one file: ls_check_duplicates says so */
		/* consecutive entries mostly extend the pair before */
		struct ls_shared_ids *sp = *n && v[*n - 1].a == p->tl_ep[run] && v[*n - 1].b == p->tl_ep[i] ? &v[*n - 1] :
			NULL;
		if (!sp) {
			ls_grow(&v, &cap, *n + 1, sizeof *v);
			sp = &v[(*n)++];
			*sp = (struct ls_shared_ids){.a = p->tl_ep[run], .b = p->tl_ep[i], .first_req = e1->req_no[r1],
				.first_offset = e1->offset[r1]};
		}
		sp->n++;
	}
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_pair);
	return v;
}

int64_t ls_process_first_req(const struct ls_process *p)
{
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		if (ls_endpoint_placed(ep, p->tl_row[i]))
			return ep->req_no[p->tl_row[i]];
	}
	return p->ntl ? p->ep[p->tl_ep[0]].req_no[p->tl_row[0]] : 0;
}

uint64_t ls_process_placed_end(const struct ls_process *p)
{
	uint64_t end = p->ntl;
	while (end > 0 && !ls_endpoint_placed(&p->ep[p->tl_ep[end - 1]], p->tl_row[end - 1]))
		end--;
	return end;
}

int64_t ls_process_last_req(const struct ls_process *p)
{
	uint64_t end = ls_process_placed_end(p);
	uint64_t i = end ? end - 1 : p->ntl - 1;
	return p->ntl ? p->ep[p->tl_ep[i]].req_no[p->tl_row[i]] : 0;
}

uint64_t ls_process_timeline_index(const struct ls_process *p, uint32_t e, uint32_t r)
{
	int64_t req = p->ep[e].req_no[r];
	uint64_t lo = 0, hi = p->ntl;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (p->ep[p->tl_ep[mid]].req_no[p->tl_row[mid]] < req)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* (among the entries with the same request number) */
	while (lo < p->ntl && !(p->tl_ep[lo] == e && p->tl_row[lo] == r)) {
		if (p->ep[p->tl_ep[lo]].req_no[p->tl_row[lo]] > req)
			return p->ntl;
		lo++;
	}
	return lo;
}

/* Whether `len` requests in a row without one of an endpoint that has
 * `rate` of them is too long to be chance. */
static bool improbable_run(double len, double rate)
{
	return len > 0 && (rate <= 0 || rate >= 1 || len * log1p(-rate) < log(1e-3));
}

uint32_t ls_process_regimes(const struct ls_process *p, int64_t from, int64_t **bounds)
{
	int64_t *b = ls_xmalloc((2 * (size_t)p->nep + 1) * sizeof *b);
	uint32_t nb = 0;
	int64_t last = p->ntl ? ls_process_last_req(p) : INT64_MIN;
	int64_t first = p->ntl ? ls_process_first_req(p) : INT64_MIN;
	if (from < first)
		from = first;  /* the first records of all are no change of coverage */
	for (uint32_t e = 0; e < p->nep; e++) {
		const struct ls_endpoint *ep = &p->ep[e];
		/* its first and last records with a place on the axis */
		uint32_t r0, r1;
		if (!ls_endpoint_placed_rows(ep, &r0, &r1) || ep->req_no[r1 - 1] < from)
			continue;
		int64_t lo = ep->req_no[r0], hi = ep->req_no[r1 - 1];
		uint32_t n = r1 - r0;
		/* Records that start after `from` (a rotated file) or stop
		 * before the timeline's end (a cut one) change coverage: from
		 * there on, or from the next id on, that endpoint's traffic has
		 * no records. Only a head or tail far longer than its own gaps
		 * counts: nearly every endpoint starts after the first request
		 * and stops before the last, by chance (the chance of no
		 * request of e in L requests is (1 - rate)^L; below 1e-3) */
		double span = (double)hi - (double)lo + 1;
		double rate = n > 1 && span > 0 ? (double)n / span : 0;
		double head = (double)lo - (double)from;
		double tail = (double)last - (double)hi;
		if (improbable_run(head, rate))
			b[nb++] = lo;
		if (improbable_run(tail, rate))
			b[nb++] = hi + 1;
	}
	for (uint32_t i = 1; i < nb; i++)
		for (uint32_t j = i; j > 0 && b[j] < b[j - 1]; j--) {
			int64_t t = b[j];
			b[j] = b[j - 1];
			b[j - 1] = t;
		}
	uint32_t u = 0;
	for (uint32_t i = 0; i < nb; i++)
		if (u == 0 || b[i] != b[u - 1])
			b[u++] = b[i];
	*bounds = b;
	return u;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

uint32_t ls_process_sample_stride(const struct ls_process *p)
{
	uint64_t g = 0, steps = 0, end = ls_process_placed_end(p);
	for (uint64_t i = 1; i < end && g != 1; i++) {
		int64_t a = p->ep[p->tl_ep[i - 1]].req_no[p->tl_row[i - 1]];
		int64_t b = p->ep[p->tl_ep[i]].req_no[p->tl_row[i]];
		if (b <= a || !ls_endpoint_placed(&p->ep[p->tl_ep[i - 1]], p->tl_row[i - 1]))
			continue;  /* (a duplicate id: no step) */
		g = gcd_u64((uint64_t)b - (uint64_t)a, g);
		steps++;
	}
	return steps >= 8 && g >= 2 && g <= UINT32_MAX ? (uint32_t)g : 0;
}

uint32_t ls_process_best_regime(const struct ls_process *p, int64_t from, const int64_t *bounds, uint32_t nb)
{
	if (nb == 0 || !p->ntl)
		return UINT32_MAX;
	double first = (double)ls_process_first_req(p), last = (double)ls_process_last_req(p);
	if (first < (double)from)
		first = (double)from;
	double all = last - first + 1, total = 0;
	double *unrec = ls_xcalloc(nb + 1, sizeof *unrec);
	uint64_t end = ls_process_placed_end(p);
	for (uint64_t i = 1; i < end; i++) {
		int64_t a = p->ep[p->tl_ep[i - 1]].req_no[p->tl_row[i - 1]];
		int64_t b = p->ep[p->tl_ep[i]].req_no[p->tl_row[i]];
		uint32_t g = 0;
		if (a < from || !ls_endpoint_placed(&p->ep[p->tl_ep[i - 1]], p->tl_row[i - 1]) ||
		    !ls_endpoint_placed(&p->ep[p->tl_ep[i]], p->tl_row[i]))
			continue;
		uint64_t u = ls_unrecorded_between(bounds, nb, a, b, &g);
		unrec[g] += (double)u;
		total += (double)u;
	}
	uint32_t best = UINT32_MAX;
	double bf = total / all;
	for (uint32_t j = 0; j <= nb; j++) {
		double lo = j ? (double)bounds[j - 1] : first, hi = j < nb ? (double)bounds[j] : last + 1;
		if (!(hi - lo >= all / 10))
			continue;
		double f = unrec[j] / (hi - lo);
		if (f < bf) {
			bf = f;
			best = j;
		}
	}
	free(unrec);
	return best;
}

/* How many records a hole's neighbourhood counts on each side. */
#define HOLE_CONTEXT 50

/* Request number of timeline entry i when it is an id of its own (not an
 * id-less record sorted to 0, nor one from a file whose ids are no axis). */
static bool tl_id(const struct ls_process *p, uint64_t i, int64_t *req)
{
	const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
	uint32_t r = p->tl_row[i];
	if (!(ep->flags[r] & LS_REQ_HAS_ID) || !ls_endpoint_ids_usable(ep))
		return false;
	*req = ep->req_no[r];
	return true;
}

uint32_t ls_process_holes(const struct ls_process *p, int64_t **holes)
{
	*holes = NULL;
	/* the ids in timeline order (the timeline is sorted by them) */
	int64_t *x = ls_xmalloc((p->ntl ? p->ntl : 1) * sizeof *x);
	uint64_t n = 0;
	for (uint64_t i = 0; i < p->ntl; i++)
		if (tl_id(p, i, &x[n]) && (n == 0 || x[n] > x[n - 1]))
			n++;
	/* a run chance would leave at one place in n, with 1e-3 to spare */
	double bar = log(1e-3 / (double)(n > 1 ? n : 1));
	uint32_t nh = 0;
	size_t cap = 0;
	for (uint64_t i = 1; i < n; i++) {
		double len = (double)x[i] - (double)x[i - 1] - 1;
		if (len < 1)
			continue;
		/* the density of the records on both sides, the run left out */
		uint64_t lo = i - 1 > HOLE_CONTEXT ? i - 1 - HOLE_CONTEXT : 0;
		uint64_t hi = i + HOLE_CONTEXT < n ? i + HOLE_CONTEXT : n - 1;
		double span = ((double)x[i - 1] - (double)x[lo]) + ((double)x[hi] - (double)x[i]);
		/* (one unseen request more: a hundred records in a row say the
		 * profiler drops few, not none; at 99 % sampling a lone run of
		 * one is the rule somewhere, and no hole) */
		double rate = (double)((i - 1 - lo) + (hi - i)) / (span + 1);
		if (hi - lo < 2 || !(len * log1p(-rate) < bar))
			continue;
		ls_grow(holes, &cap, 2 * (size_t)nh + 2, sizeof **holes);
		(*holes)[2 * nh] = x[i - 1] + 1;
		(*holes)[2 * nh + 1] = x[i] - 1;
		nh++;
	}
	free(x);
	return nh;
}

/* k-way merge of the (already sorted) endpoints; ties go to the lower endpoint
 * index so the order is deterministic. k is small (dozens), n is large. */
/* Heap order for the merge: request number, then endpoint index. */
static bool tl_before(const struct ls_process *p, const uint32_t *pos, uint32_t a, uint32_t b)
{
	int64_t ka = p->ep[a].req_no[pos[a]], kb = p->ep[b].req_no[pos[b]];
	return ka < kb || (ka == kb && a < b);
}

static void tl_sift_down(const struct ls_process *p, const uint32_t *pos, uint32_t *heap, uint32_t n, uint32_t i)
{
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && tl_before(p, pos, heap[l], heap[m]))
			m = l;
		if (r < n && tl_before(p, pos, heap[r], heap[m]))
			m = r;
		if (m == i)
			return;
		uint32_t t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

/* The merged timeline by req_no (tl_ep, tl_row): a k-way merge of the
 * endpoints, each sorted by req_no. */
static void merge_timeline(struct ls_process *p)
{
	free(p->tl_ep);
	free(p->tl_row);
	p->ntl = ls_process_requests(p);
	p->tl_ep = ls_xreallocarray(NULL, p->ntl ? p->ntl : 1, sizeof *p->tl_ep);
	p->tl_row = ls_xreallocarray(NULL, p->ntl ? p->ntl : 1, sizeof *p->tl_row);
	uint32_t *pos = ls_xcalloc(p->nep ? p->nep : 1, sizeof *pos);
	/* a binary heap of endpoints keyed by their next row: O(n log k), which
	 * matters for directories of hundreds of endpoint files */
	uint32_t *heap = ls_xcalloc(p->nep ? p->nep : 1, sizeof *heap);
	uint32_t nh = 0;
	for (uint32_t e = 0; e < p->nep; e++)
		if (p->ep[e].n)
			heap[nh++] = e;
	for (uint32_t i = nh / 2; i-- > 0;)
		tl_sift_down(p, pos, heap, nh, i);
	for (uint64_t k = 0; k < p->ntl; k++) {
		uint32_t best = heap[0];
		p->tl_ep[k] = best;
		p->tl_row[k] = pos[best]++;
		if (pos[best] >= p->ep[best].n)
			heap[0] = heap[--nh];
		if (nh)
			tl_sift_down(p, pos, heap, nh, 0);
	}
	free(heap);
	free(pos);
}

struct done_at {
	double ts;
	int64_t id;
	uint32_t e, r;
};

static int cmp_done_at(const void *a, const void *b)
{
	const struct done_at *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Whether the timeline by request id reads the heap out of the order it
 * was read in: the profiler takes a request's id when it arrives and reads
 * the heap when it completes (its timestamp), so where requests overlap
 * (seconds-long upstream calls) a reading sits hundreds of places from its
 * time, and the heap's curve by id is scrambled. True where ids and
 * completion times disagree and every record with an id has a time; false
 * too where the times go back by more than the requests took (arrival =
 * completion - latency must not fall with the id: a clock that was set
 * back), which the ids then order better. False for memory-test files:
 * their runner sends one request at a time, so the ids are the order, and
 * times out of it are the clock's (a daylight-saving fall-back), which
 * would hide a leak. */
static bool completes_out_of_order(const struct ls_process *p)
{
	bool out = false;
	double prev_ts = -INFINITY, arrived = -INFINITY;
	for (uint32_t e = 0; e < p->nep; e++)
		if (p->ep[e].format == LS_FMT_SNAPSHOT)
			return false;
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		uint32_t r = p->tl_row[i];
		uint16_t f = ep->flags[r];
		if (!(f & LS_REQ_HAS_ID))
			continue;
		double ts = ep->timestamp[r];
		if (!(f & LS_REQ_HAS_TIME) || !isfinite(ts))
			return false;
		out = out || ts < prev_ts;
		prev_ts = ts;
		if ((f & LS_REQ_HAS_LATENCY) && isfinite(ep->latency[r]) && ep->latency[r] >= 0) {
			double a = ts - ep->latency[r];
			/* (a second of slack: timestamps and latencies are rounded) */
			if (a < arrived - 1)
				return false;
			arrived = a > arrived ? a : arrived;
		}
	}
	return out;
}

/* Put the timeline in completion order: the k-th request to complete takes
 * the k-th smallest id (the ids' gaps, requests with no record, stay where
 * they fall), and each endpoint's rows follow. req_id keeps the file's. */
static void order_by_completion(struct ls_process *p)
{
	uint64_t n = 0;
	for (uint32_t e = 0; e < p->nep; e++)
		n += p->ep[e].nid;
	struct done_at *v = ls_xreallocarray(NULL, n ? n : 1, sizeof *v);
	int64_t *ids = ls_xreallocarray(NULL, n ? n : 1, sizeof *ids);
	uint64_t k = 0;
	/* (in timeline order: the ids come out sorted) */
	for (uint64_t i = 0; i < p->ntl; i++) {
		uint32_t e = p->tl_ep[i], r = p->tl_row[i];
		const struct ls_endpoint *ep = &p->ep[e];
		if (!(ep->flags[r] & LS_REQ_HAS_ID))
			continue;
		v[k] = (struct done_at){ep->timestamp[r], ep->req_id[r], e, r};
		ids[k++] = ep->req_id[r];
	}
	qsort(v, k, sizeof *v, cmp_done_at);
	for (uint64_t j = 0; j < k; j++)
		p->ep[v[j].e].req_no[v[j].r] = ids[j];
	free(v);
	free(ids);
	for (uint32_t e = 0; e < p->nep; e++)
		ls_endpoint_sort(&p->ep[e]);
	p->by_completion = true;
}

void ls_process_index(struct ls_process *p)
{
	for (uint32_t e = 0; e < p->nep; e++) {
		struct ls_endpoint *ep = &p->ep[e];
		ep->nid = 0;
		for (uint32_t r = 0; r < ep->n; r++) {
			ep->nid += (ep->flags[r] & LS_REQ_HAS_ID) != 0;
			/* ordered by completion before: back to the files' ids
			 * (rows appended since carry theirs); else the ids are
			 * the numbers as they stand */
			if (p->by_completion)
				ep->req_no[r] = ep->req_id[r];
			else
				ep->req_id[r] = ep->req_no[r];
		}
		if (p->by_completion)
			ls_endpoint_sort(ep);
	}
	p->by_completion = false;
	merge_timeline(p);
	if (completes_out_of_order(p)) {
		order_by_completion(p);
		merge_timeline(p);
	}
}

/* ---- model ---- */

void ls_model_init(struct ls_model *m)
{
	memset(m, 0, sizeof *m);
	ls_warnings_init(&m->warnings);
}

void ls_model_done(struct ls_model *m)
{
	for (uint32_t i = 0; i < m->nproc; i++)
		ls_process_done(&m->proc[i]);
	free(m->proc);
	ls_warnings_done(&m->warnings);
	memset(m, 0, sizeof *m);
}

struct ls_process *ls_model_add_process(struct ls_model *m, const char *path)
{
	ls_grow(&m->proc, &m->proc_cap, (size_t)m->nproc + 1, sizeof *m->proc);
	struct ls_process *p = &m->proc[m->nproc++];
	ls_process_init(p, path);
	return p;
}

/* ---- field helpers ---- */

/* Python's int() on the text between the first and second '-' of the id:
 * surrounding whitespace, an optional sign, digits with single underscores. */
bool ls_parse_request_no(const char *s, size_t n, int64_t *out)
{
	const char *dash = memchr(s, '-', n);
	if (!dash)
		return false;
	const char *p = dash + 1, *end = s + n;
	const char *next = memchr(p, '-', (size_t)(end - p));
	if (next)
		end = next;
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (p < end && *p == '+')
		p++;
	/* a '-' sign cannot appear: the split on '-' already removed it */
	if (p >= end || !isdigit((unsigned char)*p) || !isdigit((unsigned char)end[-1]))
		return false;
	int64_t v = 0;
	for (; p < end; p++) {
		if (*p == '_') {
			if (p[-1] == '_')
				return false;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return false;
		int d = *p - '0';
		/* beyond int64: Python's int is unbounded and sorts such an id after
		 * every smaller one, so saturate instead of wrapping or refusing */
		v = v > (INT64_MAX - d) / 10 ? INT64_MAX : v * 10 + d;
	}
	*out = v;
	return true;
}

/* Python's whitespace (str.isspace, what str.strip() removes) as a code
 * point: C's isspace() set plus \x1c-\x1f and the Unicode spaces. */
static bool py_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
		c == 0x3000;
}

/* Bytes of the UTF-8 encoded Python whitespace at the start (fwd) or the end
 * (!fwd) of s[0..n), 0 when there is none. Only 1-3 byte forms occur. */
static size_t py_space_len(const unsigned char *s, size_t n, bool fwd)
{
	for (size_t len = 1; len <= 3 && len <= n; len++) {
		const unsigned char *p = fwd ? s : s + n - len;
		uint32_t c;
		if (len == 1 && p[0] < 0x80)
			c = p[0];
		else if (len == 2 && (p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80)
			c = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		else if (len == 3 && (p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
			c = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		else
			continue;
		return py_space(c) ? len : 0;
	}
	return 0;
}

size_t ls_normalize_location(const char *s, size_t n, char *out, size_t cap)
{
	/* trim like the original's str.strip(), Unicode spaces included */
	size_t sp;
	while (n && (sp = py_space_len((const unsigned char *)s, n, true)) > 0) {
		s += sp;
		n -= sp;
	}
	while (n && (sp = py_space_len((const unsigned char *)s, n, false)) > 0)
		n -= sp;
	static const char pre[] = "File \"";
	static const char mid[] = "\", line ";
	if (n > sizeof pre - 1 && memcmp(s, pre, sizeof pre - 1) == 0) {
		const char *path = s + sizeof pre - 1;
		const char *end = s + n;
		/* the first `", line ` separates path and line */
		const char *m = NULL;
		for (const char *q = path; !m && q + sizeof mid - 1 <= end; q++)
			if (memcmp(q, mid, sizeof mid - 1) == 0)
				m = q;
		if (m) {
			/* the line number: its leading digits (", in func" may follow) */
			const char *line = m + sizeof mid - 1;
			const char *q = line;
			while (q < end && isdigit((unsigned char)*q))
				q++;
			if (q > line) {
				size_t pl = (size_t)(m - path), ll = (size_t)(q - line);
				size_t len = pl + 1 + ll;
				if (len >= cap)
					len = cap - 1;
				size_t k = 0;
				for (size_t i = 0; i < pl && k < len; i++)
					out[k++] = path[i];
				if (k < len)
					out[k++] = ':';
				for (size_t i = 0; i < ll && k < len; i++)
					out[k++] = line[i];
				out[k] = '\0';
				return k;
			}
		}
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}
