/* analysis.c — the on-demand result cache (see analysis.h). */
#include "analysis.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct ep_cache {
	bool classic_done, consumers_done, growth_done, sources_done;
	struct ls_classic_result classic;
	struct ls_consumer_row *consumers;
	uint32_t nconsumers;
	struct ls_growth_row *growth;
	uint32_t ngrowth;
	struct ls_leaking_source *sources;
	uint32_t nsources;
};

struct ls_proc_cache {
	struct ep_cache *ep;       /* one per endpoint */
	uint32_t nep;
	bool consumers_done, own_done;
	struct ls_process_analysis own;     /* leakscope's verdicts */
	struct ls_consumer_row *consumers;  /* whole process */
	uint32_t nconsumers;
};

static void proc_cache_done(struct ls_proc_cache *c)
{
	for (uint32_t i = 0; i < c->nep; i++) {
		struct ep_cache *e = &c->ep[i];
		if (e->classic_done)
			ls_classic_result_done(&e->classic);
		free(e->consumers);
		free(e->growth);
		free(e->sources);
	}
	free(c->ep);
	free(c->consumers);
	if (c->own_done)
		ls_process_analysis_done(&c->own);
	memset(c, 0, sizeof *c);
}

static void proc_cache_init(struct ls_proc_cache *c, const struct ls_process *p)
{
	memset(c, 0, sizeof *c);
	c->nep = p->nep;
	c->ep = ls_xcalloc(p->nep ? p->nep : 1, sizeof *c->ep);
}

void ls_analysis_init(struct ls_analysis *a, const struct ls_model *m)
{
	memset(a, 0, sizeof *a);
	a->m = m;
	a->classic_cfg = ls_classic_defaults;
	ls_analysis_invalidate(a, UINT32_MAX);
}

void ls_analysis_done(struct ls_analysis *a)
{
	for (uint32_t i = 0; i < a->nproc; i++)
		proc_cache_done(&a->proc[i]);
	free(a->proc);
	memset(a, 0, sizeof *a);
}

void ls_analysis_invalidate(struct ls_analysis *a, uint32_t p)
{
	if (p != UINT32_MAX && p >= a->nproc && a->m->nproc > a->nproc) {
		/* processes were appended (a followed directory gained a
		 * memory-test file): the others keep their results */
		a->proc = ls_xreallocarray(a->proc, a->m->nproc, sizeof *a->proc);
		for (uint32_t i = a->nproc; i < a->m->nproc; i++)
			proc_cache_init(&a->proc[i], &a->m->proc[i]);
		a->nproc = a->m->nproc;
		return;
	}
	if (p != UINT32_MAX && p < a->nproc && a->m->nproc == a->nproc) {
		proc_cache_done(&a->proc[p]);
		proc_cache_init(&a->proc[p], &a->m->proc[p]);
		return;
	}
	for (uint32_t i = 0; i < a->nproc; i++)
		proc_cache_done(&a->proc[i]);
	free(a->proc);
	a->nproc = a->m->nproc;
	a->proc = ls_xcalloc(a->nproc ? a->nproc : 1, sizeof *a->proc);
	for (uint32_t i = 0; i < a->nproc; i++)
		proc_cache_init(&a->proc[i], &a->m->proc[i]);
}

static struct ep_cache *ep_cache(struct ls_analysis *a, uint32_t p, uint32_t ep)
{
	return &a->proc[p].ep[ep];
}

const struct ls_classic_result *ls_analysis_classic(struct ls_analysis *a, uint32_t p, uint32_t ep)
{
	struct ep_cache *e = ep_cache(a, p, ep);
	if (!e->classic_done) {
		ls_classic_analyze(&a->m->proc[p].ep[ep], &a->classic_cfg, &e->classic);
		e->classic_done = true;
	}
	return &e->classic;
}

const struct ls_consumer_row *ls_analysis_consumers(struct ls_analysis *a, uint32_t p, uint32_t ep, uint32_t *n)
{
	if (ep == UINT32_MAX) {
		struct ls_proc_cache *c = &a->proc[p];
		if (!c->consumers_done) {
			c->consumers = ls_classic_consumers(&a->m->proc[p], NULL, 0, &c->nconsumers);
			c->consumers_done = true;
		}
		*n = c->nconsumers;
		return c->consumers;
	}
	struct ep_cache *e = ep_cache(a, p, ep);
	if (!e->consumers_done) {
		e->consumers = ls_classic_consumers(&a->m->proc[p], &ep, 1, &e->nconsumers);
		e->consumers_done = true;
	}
	*n = e->nconsumers;
	return e->consumers;
}

const struct ls_growth_row *ls_analysis_growth(struct ls_analysis *a, uint32_t p, uint32_t ep, uint32_t *n)
{
	struct ep_cache *e = ep_cache(a, p, ep);
	if (!e->growth_done) {
		e->growth = ls_classic_growth_by_location(&a->m->proc[p], ep, &e->ngrowth);
		e->growth_done = true;
	}
	*n = e->ngrowth;
	return e->growth;
}

const struct ls_leaking_source *ls_analysis_leaking_sources(struct ls_analysis *a, uint32_t p, uint32_t ep,
	uint32_t *n)
{
	struct ep_cache *e = ep_cache(a, p, ep);
	if (!e->sources_done) {
		e->sources = ls_classic_leaking_sources(&a->m->proc[p], ep, &e->nsources);
		e->sources_done = true;
	}
	*n = e->nsources;
	return e->sources;
}

const struct ls_process_analysis *ls_analysis_process(struct ls_analysis *a, uint32_t p)
{
	struct ls_proc_cache *c = &a->proc[p];
	if (!c->own_done) {
		ls_analyze_process(&a->m->proc[p], NULL, &c->own);
		c->own_done = true;
	}
	return &c->own;
}

const struct ls_verdict *ls_analysis_verdict(struct ls_analysis *a, uint32_t p, uint32_t ep)
{
	return &ls_analysis_process(a, p)->verdict[ep];
}

/* The classic side of every endpoint and process (the cache entries it
 * fills are not touched by the own analysis running meanwhile). */
static void *prepare_classic(void *arg)
{
	struct ls_analysis *a = arg;
	uint32_t n;
	for (uint32_t p = 0; p < a->nproc; p++) {
		ls_analysis_consumers(a, p, UINT32_MAX, &n);
		for (uint32_t e = 0; e < a->m->proc[p].nep; e++) {
			ls_analysis_classic(a, p, e);
			ls_analysis_consumers(a, p, e, &n);
			ls_analysis_growth(a, p, e, &n);
			ls_analysis_leaking_sources(a, p, e, &n);
		}
	}
	return NULL;
}

void ls_analysis_prepare(struct ls_analysis *a)
{
	pthread_t th;
	bool threaded = pthread_create(&th, NULL, prepare_classic, a) == 0;
	if (!threaded)
		prepare_classic(a);
	for (uint32_t p = 0; p < a->nproc; p++)
		ls_analysis_process(a, p);
	if (threaded)
		pthread_join(th, NULL);
}
