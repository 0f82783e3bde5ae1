/* cache.c — see cache.h. */
#include <stddef.h>
#include "cache.h"
#include "app.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct proc_entry {
	struct ui_sitetable *sites;
	uint64_t gen, fgen;
	/* site samples: site s has positions soff[s] .. soff[s+1]-1 of sk / sc */
	uint32_t *soff, *sk, *sc;
	uint32_t nsites;
	uint64_t sgen;
	bool sbuilt;
	struct ui_ep_data **ep;
	uint32_t nep;
	/* the process's holes in the recording, for the charts */
	int64_t *holes;
	uint32_t nholes;
	uint64_t hgen;
	bool hbuilt;
};

struct ui_cache {
	struct proc_entry *p;
	uint32_t np;
};

/* The entry of process p, the arrays grown to the model (a followed
 * directory can gain endpoints). */
static struct proc_entry *entry(struct app *a, uint32_t p)
{
	if (!a->cache)
		a->cache = ls_xcalloc(1, sizeof *a->cache);
	struct ui_cache *c = a->cache;
	if (p >= c->np) {
		uint32_t np = a->model.nproc > p ? a->model.nproc : p + 1;
		c->p = ls_xreallocarray(c->p, np, sizeof *c->p);
		memset(c->p + c->np, 0, (size_t)(np - c->np) * sizeof *c->p);
		c->np = np;
	}
	struct proc_entry *pe = &c->p[p];
	uint32_t nep = a->model.proc[p].nep;
	if (nep > pe->nep) {
		pe->ep = ls_xreallocarray(pe->ep, nep, sizeof *pe->ep);
		memset(pe->ep + pe->nep, 0, (size_t)(nep - pe->nep) * sizeof *pe->ep);
		pe->nep = nep;
	}
	return pe;
}

struct ui_sitetable *ui_cache_sites(struct app *a, uint32_t p)
{
	struct proc_entry *pe = entry(a, p);
	if (!pe->sites) {
		pe->sites = ls_xcalloc(1, sizeof *pe->sites);
		ui_sitetable_init(pe->sites, a, p, UINT32_MAX);
	} else if (pe->gen != a->gen) {
		ui_sitetable_reload(pe->sites);
	} else {
		if (pe->fgen != a->fgen) {
			ui_sitetable_refilter(pe->sites);
			pe->fgen = a->fgen;
		}
		return pe->sites;
	}
	ui_table_prepare(&pe->sites->t);
	pe->gen = a->gen;
	pe->fgen = a->fgen;
	return pe->sites;
}

/* The holes of process p's recording (model.h), once per model change. */
static void process_holes(struct app *a, struct proc_entry *pe, uint32_t p)
{
	if (pe->hbuilt && pe->hgen == a->gen)
		return;
	free(pe->holes);
	pe->nholes = ls_process_holes(&a->model.proc[p], &pe->holes);
	pe->hgen = a->gen;
	pe->hbuilt = true;
}

struct ui_ep_data *ui_cache_endpoint(struct app *a, uint32_t p, uint32_t e)
{
	struct proc_entry *pe = entry(a, p);
	struct ui_ep_data *d = pe->ep[e];
	const struct ls_endpoint *ep = &a->model.proc[p].ep[e];
	if (!d || d->gen != a->gen)
		process_holes(a, pe, p);
	if (!d) {
		d = pe->ep[e] = ls_xcalloc(1, sizeof *d);
		ui_epchart_init(&d->chart);
		ui_epchart_build(&d->chart, ep, pe->holes, pe->nholes);
		ui_sitetable_init(&d->st, a, p, e);
	} else if (d->gen != a->gen) {
		ui_epchart_build(&d->chart, ep, pe->holes, pe->nholes);
		ui_sitetable_reload(&d->st);
	} else {
		if (d->fgen != a->fgen) {
			ui_sitetable_refilter(&d->st);
			d->fgen = a->fgen;
		}
		return d;
	}
	ui_table_prepare(&d->st.t);
	d->gen = a->gen;
	d->fgen = a->fgen;
	return d;
}

static void drop_samples(struct proc_entry *pe)
{
	free(pe->soff);
	free(pe->sk);
	free(pe->sc);
	pe->soff = pe->sk = pe->sc = NULL;
	pe->nsites = 0;
	pe->sbuilt = false;
}

/* Two passes over the timeline's consumer samples: count per site, then
 * place (a counting sort, so each site's samples stay in timeline order). */
static void build_samples(struct proc_entry *pe, const struct ls_process *p)
{
	drop_samples(pe);
	pe->sbuilt = true;
	uint64_t total = 0;
	for (uint32_t e = 0; e < p->nep; e++)
		total += p->ep[e].cons_first[p->ep[e].n];
	if (p->ntl >= UINT32_MAX || total >= UINT32_MAX)
		return;
	uint32_t ns = p->sites.n;
	pe->nsites = ns;
	pe->soff = ls_xcalloc((size_t)ns + 1, sizeof *pe->soff);
	pe->sk = ls_xreallocarray(NULL, total ? total : 1, sizeof *pe->sk);
	pe->sc = ls_xreallocarray(NULL, total ? total : 1, sizeof *pe->sc);
	for (uint64_t k = 0; k < p->ntl; k++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[k]];
		uint32_t row = p->tl_row[k];
		for (uint32_t c = ep->cons_first[row]; c < ep->cons_first[row + 1]; c++)
			if (ep->cons_site[c] < ns)
				pe->soff[ep->cons_site[c] + 1]++;
	}
	for (uint32_t s = 0; s < ns; s++)
		pe->soff[s + 1] += pe->soff[s];
	uint32_t *fill = ls_xcalloc(ns ? ns : 1, sizeof *fill);
	for (uint64_t k = 0; k < p->ntl; k++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[k]];
		uint32_t row = p->tl_row[k];
		for (uint32_t c = ep->cons_first[row]; c < ep->cons_first[row + 1]; c++) {
			uint32_t s = ep->cons_site[c];
			if (s >= ns)
				continue;
			uint32_t at = pe->soff[s] + fill[s]++;
			pe->sk[at] = (uint32_t)k;
			pe->sc[at] = c;
		}
	}
	free(fill);
}

bool ui_cache_site_samples(struct app *a, uint32_t p, uint32_t site, const uint32_t **k, const uint32_t **c,
	uint32_t *n)
{
	struct proc_entry *pe = entry(a, p);
	if (!pe->sbuilt || pe->sgen != a->gen) {
		build_samples(pe, &a->model.proc[p]);
		pe->sgen = a->gen;
	}
	if (!pe->soff)
		return false;
	if (site >= pe->nsites) {
		*n = 0;
		return true;
	}
	*k = pe->sk + pe->soff[site];
	*c = pe->sc + pe->soff[site];
	*n = pe->soff[site + 1] - pe->soff[site];
	return true;
}

/* An endpoint's chart keeps about 160 bytes per request (four series and
 * their min/max pyramids): they are built up front for this many requests
 * in all; beyond, an endpoint's chart is built when it is first opened
 * (one pass over its records, then kept), so that a huge capture does not
 * hold every chart in memory before anyone asks. */
#define WARM_CHART_REQUESTS 2000000u

void ui_cache_warm(struct app *a)
{
	uint64_t charted = 0;
	for (uint32_t p = 0; p < a->model.nproc && !ui_interrupted; p++) {
		ui_cache_sites(a, p);
		const uint32_t *k, *c;
		uint32_t n;
		ui_cache_site_samples(a, p, 0, &k, &c, &n);
		for (uint32_t e = 0; e < a->model.proc[p].nep && !ui_interrupted; e++) {
			charted += a->model.proc[p].ep[e].n;
			if (charted <= WARM_CHART_REQUESTS)
				ui_cache_endpoint(a, p, e);
		}
	}
}

void ui_cache_free(struct app *a)
{
	struct ui_cache *c = a->cache;
	if (!c)
		return;
	for (uint32_t p = 0; p < c->np; p++) {
		struct proc_entry *pe = &c->p[p];
		if (pe->sites) {
			ui_sitetable_done(pe->sites);
			free(pe->sites);
		}
		for (uint32_t e = 0; e < pe->nep; e++) {
			struct ui_ep_data *d = pe->ep[e];
			if (!d)
				continue;
			ui_epchart_done(&d->chart);
			ui_sitetable_done(&d->st);
			free(d);
		}
		free(pe->ep);
		free(pe->holes);
		drop_samples(pe);
	}
	free(c->p);
	free(c);
	a->cache = NULL;
}
