/* classic_sites.c — the original's per-location tables: top consumers,
 * growth by location (first -> last), leaking sources of memory-test files
 * (docs/seed-analysis.md). Orders and ties follow the Python code: dicts keep
 * first-appearance order and Python's sort is stable, so every sort here is a
 * stable merge sort over rows kept in first-appearance order. */
#include "classic.h"
#include "classic_priv.h"
#include "util.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

struct id_off_row {
	int64_t id;
	uint64_t off;
	uint32_t row;
};

static int cmp_id_off_row(const void *a, const void *b)
{
	const struct id_off_row *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* Rows by (id, offset); ids all 0: file order. NULL when already so. */
static uint32_t *rows_ordered(const struct ls_endpoint *ep, const int64_t *id)
{
	uint32_t i;
	for (i = 1; i < ep->n; i++) {
		int64_t a = id ? id[i - 1] : 0, b = id ? id[i] : 0;
		if (b < a || (b == a && ep->offset[i] < ep->offset[i - 1]))
			break;
	}
	if (i >= ep->n)
		return NULL;
	struct id_off_row *v = ls_xreallocarray(NULL, ep->n, sizeof *v);
	for (i = 0; i < ep->n; i++)
		v[i] = (struct id_off_row){id ? id[i] : 0, ep->offset[i], i};
	qsort(v, ep->n, sizeof *v, cmp_id_off_row);
	uint32_t *order = ls_xreallocarray(NULL, ep->n, sizeof *order);
	for (i = 0; i < ep->n; i++)
		order[i] = v[i].row;
	free(v);
	return order;
}

uint32_t *ls_classic_file_order(const struct ls_endpoint *ep)
{
	return rows_ordered(ep, NULL);
}

uint32_t *ls_classic_id_order(const struct ls_endpoint *ep)
{
	return rows_ordered(ep, ep->req_id);
}

typedef int (*idx_cmp)(uint32_t a, uint32_t b, const void *ctx);

static void msort_idx(uint32_t *a, uint32_t *tmp, size_t n, idx_cmp cmp, const void *ctx)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	msort_idx(a, tmp, h, cmp, ctx);
	msort_idx(a + h, tmp, n - h, cmp, ctx);
	if (cmp(a[h - 1], a[h], ctx) <= 0)
		return;
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp(a[j], a[i], ctx) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof *a);
}

/* Stable sort of 0..n-1; returns the permutation (caller frees). */
static uint32_t *stable_order(size_t n, idx_cmp cmp, const void *ctx)
{
	uint32_t *idx = ls_xreallocarray(NULL, n ? n : 1, sizeof *idx);
	uint32_t *tmp = ls_xreallocarray(NULL, n ? n : 1, sizeof *tmp);
	for (size_t i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	msort_idx(idx, tmp, n, cmp, ctx);
	free(tmp);
	return idx;
}

/* descending by a double key; equal keys keep their order */
static int cmp_desc(uint32_t a, uint32_t b, const void *ctx)
{
	const double *k = ctx;
	return k[a] > k[b] ? -1 : k[a] < k[b] ? 1 : 0;
}

/* Apply a permutation to an array of `size`-byte elements. */
static void *permute(const void *rows, const uint32_t *perm, size_t n, size_t size)
{
	char *out = ls_xreallocarray(NULL, n ? n : 1, size);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * size, (const char *)rows + (size_t)perm[i] * size, size);
	return out;
}

/* ---- top consumers ---- */

static void consumers_of(const struct ls_endpoint *ep, uint32_t *slot, struct ls_consumer_row **rows,
	size_t *cap, uint32_t *n)
{
	uint32_t *order = ls_classic_file_order(ep);
	for (uint32_t i = 0; i < ep->n; i++) {
		uint32_t row = ls_classic_row(order, i);
		for (uint32_t c = ep->cons_first[row]; c < ep->cons_first[row + 1]; c++) {
			uint32_t site = ep->cons_site[c];
			double mb = ep->cons_mb[c];
			if (!slot[site]) {
				ls_grow(rows, cap, (size_t)*n + 1, sizeof **rows);
				/* max starts at 0.0 as in the original: a negative size shows 0 */
				(*rows)[*n] = (struct ls_consumer_row){.site = site, .total_mb = 0.0, .max_mb = 0.0};
				slot[site] = ++*n;
			}
			struct ls_consumer_row *r = &(*rows)[slot[site] - 1];
			r->total_mb += mb;
			r->max_mb = mb > r->max_mb ? mb : r->max_mb;
			r->samples++;
		}
	}
	free(order);
}

struct ls_consumer_row *ls_classic_consumers(const struct ls_process *p, const uint32_t *eps, uint32_t neps,
	uint32_t *n)
{
	uint32_t *slot = ls_xcalloc(p->sites.n ? p->sites.n : 1, sizeof *slot);
	struct ls_consumer_row *rows = NULL;
	size_t cap = 0;
	*n = 0;
	uint32_t count = eps ? neps : p->nep;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t e = eps ? eps[i] : i;
		if (e < p->nep)
			consumers_of(&p->ep[e], slot, &rows, &cap, n);
	}
	free(slot);
	double *key = ls_xreallocarray(NULL, *n ? *n : 1, sizeof *key);
	for (uint32_t i = 0; i < *n; i++) {
		rows[i].avg_mb = rows[i].total_mb / rows[i].samples;
		key[i] = rows[i].total_mb;
	}
	uint32_t *perm = stable_order(*n, cmp_desc, key);
	struct ls_consumer_row *sorted = permute(rows, perm, *n, sizeof *rows);
	free(perm);
	free(key);
	free(rows);
	return sorted;
}

/* ---- growth by location ---- */

struct ls_growth_row *ls_classic_growth_by_location(const struct ls_process *p, uint32_t ep, uint32_t *n)
{
	*n = 0;
	if (ep >= p->nep)
		return ls_xcalloc(1, sizeof(struct ls_growth_row));
	const struct ls_endpoint *e = &p->ep[ep];
	uint32_t *slot = ls_xcalloc(p->sites.n ? p->sites.n : 1, sizeof *slot);
	struct ls_growth_row *rows = NULL;
	uint32_t *first_idx = NULL, *last_idx = NULL;
	size_t cap = 0, cap1 = 0, cap2 = 0;
	uint32_t m = 0;
	/* in request order: the record index of the sorted profiles */
	uint32_t *order = ls_classic_id_order(e);
	for (uint32_t i = 0; i < e->n; i++) {
		uint32_t row = ls_classic_row(order, i);
		for (uint32_t c = e->cons_first[row]; c < e->cons_first[row + 1]; c++) {
			uint32_t site = e->cons_site[c];
			double mb = e->cons_mb[c];
			if (!slot[site]) {
				ls_grow(&rows, &cap, (size_t)m + 1, sizeof *rows);
				ls_grow(&first_idx, &cap1, (size_t)m + 1, sizeof *first_idx);
				ls_grow(&last_idx, &cap2, (size_t)m + 1, sizeof *last_idx);
				rows[m] = (struct ls_growth_row){.site = site, .first_mb = mb, .last_mb = mb,
					.min_mb = mb, .max_mb = mb, .samples = 1};
				first_idx[m] = last_idx[m] = i;
				slot[site] = ++m;
				continue;
			}
			uint32_t k = slot[site] - 1;
			rows[k].last_mb = mb;
			last_idx[k] = i;
			rows[k].min_mb = mb < rows[k].min_mb ? mb : rows[k].min_mb;
			rows[k].max_mb = mb > rows[k].max_mb ? mb : rows[k].max_mb;
			rows[k].samples++;
		}
	}
	free(slot);
	free(order);
	/* drop locations seen in one record only; compute growth */
	uint32_t kept = 0;
	for (uint32_t k = 0; k < m; k++) {
		if (first_idx[k] == last_idx[k])
			continue;
		struct ls_growth_row g = rows[k];
		g.growth_mb = g.last_mb - g.first_mb;
		g.growth_percent = g.first_mb > 0 ? g.growth_mb / g.first_mb * 100 : 0;
		rows[kept++] = g;
	}
	free(first_idx);
	free(last_idx);
	double *key = ls_xreallocarray(NULL, kept ? kept : 1, sizeof *key);
	for (uint32_t k = 0; k < kept; k++)
		key[k] = fabs(rows[k].growth_mb);
	uint32_t *perm = stable_order(kept, cmp_desc, key);
	struct ls_growth_row *sorted = permute(rows, perm, kept, sizeof *rows);
	free(perm);
	free(key);
	free(rows);
	*n = kept;
	return sorted;
}

/* ---- leaking sources (memory-test files) ---- */

#define LEAK_MIN_ENTRIES 3
#define LEAK_MIN_GROWTH_MB 0.1
#define LEAK_MIN_GROWTH_PCT 50.0
#define LEAK_MAX_RESULTS 10

/* The original only reads consumers whose `file` matches
 * File\s+"([^"]+)",\s+line\s+(\d+); after normalization those are exactly
 * the sites "PATH:DIGITS" with a non-empty path. Returns the path length, or
 * 0 when the site does not qualify. */
static size_t site_path_len(const char *s, size_t len)
{
	size_t i = len;
	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	if (i == len || i < 2 || s[i - 1] != ':')
		return 0;
	return i - 1;
}

struct src_ctx {
	const double *growth;
	const uint32_t *path_rank;
};

/* growth descending; ties in the original's dict order: by file path (in
 * order of first appearance), then by line (first appearance in that path) */
static int cmp_source(uint32_t a, uint32_t b, const void *ctx)
{
	const struct src_ctx *c = ctx;
	if (c->growth[a] != c->growth[b])
		return c->growth[a] > c->growth[b] ? -1 : 1;
	if (c->path_rank[a] != c->path_rank[b])
		return c->path_rank[a] < c->path_rank[b] ? -1 : 1;
	return 0;
}

struct ls_leaking_source *ls_classic_leaking_sources(const struct ls_process *p, uint32_t ep, uint32_t *n)
{
	*n = 0;
	if (ep >= p->nep)
		return ls_xcalloc(1, sizeof(struct ls_leaking_source));
	const struct ls_endpoint *e = &p->ep[ep];
	uint32_t nsites = p->sites.n ? p->sites.n : 1;
	uint32_t *slot = ls_xcalloc(nsites, sizeof *slot);
	uint32_t *path_of = ls_xcalloc(nsites, sizeof *path_of); /* site -> path id + 1 */
	struct ls_leaking_source *rows = NULL;
	uint32_t *path_rank = NULL;
	size_t cap = 0, cap2 = 0;
	uint32_t m = 0;
	struct ls_intern paths;
	ls_intern_init(&paths);
	uint32_t *order = ls_classic_file_order(e);
	/* snapshots in file order; per location the first entry of the lowest
	 * batch and the last entry of the highest batch are what the original's
	 * stable sort by batch puts at its two ends */
	for (uint32_t i = 0; i < e->n; i++) {
		uint32_t row = ls_classic_row(order, i);
		int32_t batch = e->batch[row];
		if (batch == 0)
			continue; /* no batch (batches are 1-based): the original skips the record */
		for (uint32_t c = e->cons_first[row]; c < e->cons_first[row + 1]; c++) {
			uint32_t site = e->cons_site[c];
			double mb = e->cons_mb[c];
			if (!path_of[site]) {
				const char *s = ls_intern_str(&p->sites, site);
				size_t pl = site_path_len(s, strlen(s));
				path_of[site] = pl ? ls_intern_add(&paths, s, pl) + 1 : UINT32_MAX;
			}
			if (path_of[site] == UINT32_MAX)
				continue;
			if (!slot[site]) {
				ls_grow(&rows, &cap, (size_t)m + 1, sizeof *rows);
				ls_grow(&path_rank, &cap2, (size_t)m + 1, sizeof *path_rank);
				rows[m] = (struct ls_leaking_source){.site = site, .first_mb = mb, .last_mb = mb,
					.first_batch = batch, .last_batch = batch};
				path_rank[m] = path_of[site];
				slot[site] = ++m;
			}
			struct ls_leaking_source *r = &rows[slot[site] - 1];
			if (r->samples && batch < r->first_batch) {
				r->first_batch = batch;
				r->first_mb = mb;
			}
			if (batch >= r->last_batch) {
				r->last_batch = batch;
				r->last_mb = mb;
			}
			r->samples++;
		}
	}
	free(order);
	free(slot);
	free(path_of);
	ls_intern_done(&paths);

	uint32_t kept = 0;
	for (uint32_t k = 0; k < m; k++) {
		struct ls_leaking_source s = rows[k];
		if (s.samples < LEAK_MIN_ENTRIES)
			continue;
		s.growth_mb = s.last_mb - s.first_mb;
		if (s.first_mb > 0.001) /* 1 KB */
			s.growth_percent = (s.growth_mb / s.first_mb) * 100;
		else if (s.growth_mb > 0.001)
			s.growth_percent = 999.0; /* started near zero and grew */
		else
			s.growth_percent = 0.0;
		if (!(s.growth_mb >= LEAK_MIN_GROWTH_MB && s.growth_percent >= LEAK_MIN_GROWTH_PCT))
			continue;
		path_rank[kept] = path_rank[k];
		rows[kept++] = s;
	}
	double *growth = ls_xreallocarray(NULL, kept ? kept : 1, sizeof *growth);
	for (uint32_t k = 0; k < kept; k++)
		growth[k] = rows[k].growth_mb;
	struct src_ctx ctx = {growth, path_rank};
	uint32_t *perm = stable_order(kept, cmp_source, &ctx);
	if (kept > LEAK_MAX_RESULTS)
		kept = LEAK_MAX_RESULTS;
	struct ls_leaking_source *sorted = permute(rows, perm, kept, sizeof *rows);
	free(perm);
	free(growth);
	free(path_rank);
	free(rows);
	*n = kept;
	return sorted;
}
