/* siteagg.c — see siteagg.h. Two passes over the consumer samples: numbers,
 * then each site's values gathered contiguously for its sparkline. */
#include "siteagg.h"
#include "chart.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Visit the records in order: an endpoint's rows, or the merged timeline. */
struct walk {
	const struct ls_process *p;
	uint32_t ep;
	uint64_t k, n;
};

static bool walk_next(struct walk *w, const struct ls_endpoint **ep, uint32_t *row)
{
	if (w->k >= w->n)
		return false;
	if (w->ep == UINT32_MAX) {
		*ep = &w->p->ep[w->p->tl_ep[w->k]];
		*row = w->p->tl_row[w->k];
	} else {
		*ep = &w->p->ep[w->ep];
		*row = (uint32_t)w->k;
	}
	w->k++;
	return true;
}

static void walk_init(struct walk *w, const struct ls_process *p, uint32_t ep)
{
	w->p = p;
	w->ep = ep;
	w->k = 0;
	w->n = ep == UINT32_MAX ? p->ntl : p->ep[ep].n;
}

void ui_siteagg_build(struct ui_siteagg *g, const struct ls_process *p, uint32_t epi, bool ascii)
{
	memset(g, 0, sizeof *g);
	uint32_t nsites = p->sites.n ? p->sites.n : 1;
	uint32_t *map = ls_xreallocarray(NULL, nsites, sizeof *map);
	memset(map, 0xff, (size_t)nsites * sizeof *map);
	size_t cap = 0;
	struct walk w;
	const struct ls_endpoint *ep;
	uint32_t row;
	walk_init(&w, p, epi);
	while (walk_next(&w, &ep, &row)) {
		for (uint32_t c = ep->cons_first[row]; c < ep->cons_first[row + 1]; c++) {
			uint32_t s = ep->cons_site[c];
			double mb = ep->cons_mb[c];
			if (s >= nsites)
				continue;
			if (map[s] == UINT32_MAX) {
				ls_grow(&g->v, &cap, g->n + 1, sizeof *g->v);
				struct ui_site_row *r = &g->v[g->n];
				memset(r, 0, sizeof *r);
				r->site = s;
				r->first = r->min = r->max = mb;
				r->first_req = ep->req_no[row];
				map[s] = g->n++;
			}
			struct ui_site_row *r = &g->v[map[s]];
			r->samples++;
			r->total += mb;
			if (mb > r->max)
				r->max = mb;
			if (mb < r->min)
				r->min = mb;
			r->last = mb;
			r->last_req = ep->req_no[row];
		}
	}
	/* second pass: each site's values, contiguous, for its sparkline */
	size_t *off = ls_xcalloc((size_t)g->n + 1, sizeof *off);
	for (uint32_t i = 0; i < g->n; i++)
		off[i + 1] = off[i] + g->v[i].samples;
	double *vals = ls_xreallocarray(NULL, off[g->n] ? off[g->n] : 1, sizeof *vals);
	size_t *fill = ls_xcalloc((size_t)g->n + 1, sizeof *fill);
	walk_init(&w, p, epi);
	while (walk_next(&w, &ep, &row))
		for (uint32_t c = ep->cons_first[row]; c < ep->cons_first[row + 1]; c++) {
			uint32_t s = ep->cons_site[c];
			if (s >= nsites || map[s] == UINT32_MAX)
				continue;
			uint32_t i = map[s];
			vals[off[i] + fill[i]++] = ep->cons_mb[c];
		}
	for (uint32_t i = 0; i < g->n; i++) {
		struct ui_site_row *r = &g->v[i];
		r->growth = r->last - r->first;
		r->growth_pct = r->first > 0 ? r->growth / r->first * 100.0 : 0.0;
		if (!ls_sparkline(r->trend, sizeof r->trend, vals + off[i], r->samples, UI_TREND_W, ascii))
			r->trend[0] = 0;
	}
	free(vals);
	free(fill);
	free(off);
	free(map);
}

void ui_siteagg_done(struct ui_siteagg *g)
{
	free(g->v);
	memset(g, 0, sizeof *g);
}
