/* analysis.h — every analysis result computed on demand, once, and kept.
 * The TUI and `leakscope report` both ask here, so nothing is computed twice
 * and a reload only has to invalidate one process.
 * Results are owned by the cache; pointers stay valid until invalidation. */
#ifndef LS_ANALYSIS_H
#define LS_ANALYSIS_H

#include <stdint.h>
#include <stdbool.h>
#include "model.h"
#include "classic.h"
#include "detect.h"

struct ls_proc_cache;

struct ls_analysis {
	const struct ls_model *m;
	struct ls_classic_config classic_cfg;
	struct ls_proc_cache *proc;   /* one per model process */
	uint32_t nproc;
};

void ls_analysis_init(struct ls_analysis *a, const struct ls_model *m);
void ls_analysis_done(struct ls_analysis *a);
/* Drop everything computed for process p (after it was reloaded), or for all
 * processes and re-size to the model (p == UINT32_MAX). A p past the cache's
 * end (processes appended to the model) only grows the cache. */
void ls_analysis_invalidate(struct ls_analysis *a, uint32_t p);

const struct ls_classic_result *ls_analysis_classic(struct ls_analysis *a, uint32_t p, uint32_t ep);
/* Top consumers of one endpoint (ep) or of the whole process (ep == UINT32_MAX). */
const struct ls_consumer_row *ls_analysis_consumers(struct ls_analysis *a, uint32_t p, uint32_t ep, uint32_t *n);
const struct ls_growth_row *ls_analysis_growth(struct ls_analysis *a, uint32_t p, uint32_t ep, uint32_t *n);
/* leakscope's own verdicts, attribution and site trends for process p. */
const struct ls_process_analysis *ls_analysis_process(struct ls_analysis *a, uint32_t p);
/* Shortcut: the verdict of endpoint ep. */
const struct ls_verdict *ls_analysis_verdict(struct ls_analysis *a, uint32_t p, uint32_t ep);
const struct ls_leaking_source *ls_analysis_leaking_sources(struct ls_analysis *a, uint32_t p, uint32_t ep,
	uint32_t *n);
/* Compute everything a full report shows, ahead of writing it: the classic
 * tables on a second thread while this one runs the processes' own
 * analyses. Same results as asking one at a time, just sooner. */
void ls_analysis_prepare(struct ls_analysis *a);

#endif
