/* heap_summary.h — what the process heap as a whole does, and what holds it:
 * the line a user reads before any endpoint. "The heap grows +1.91 KB per
 * request ...; leaking: /chat." Or, when the heap alone cannot tell which
 * of several steady endpoints grows it, says so, and why the sites cannot
 * either: what grows never reached the profiler's top K.
 * Computed once per process by ls_analyze_process (detect.h), after the
 * endpoint verdicts. */
#ifndef LS_HEAP_SUMMARY_H
#define LS_HEAP_SUMMARY_H

#include <stdint.h>
#include <stdbool.h>
#include "util.h"

struct ls_process;
struct ls_process_analysis;
struct ls_detect_config;
struct ls_attribution;

struct ls_heap_summary {
	bool valid;                 /* the merged heap was fitted (the attribution window) */
	double kb_per_request;      /* its slope per process request (KiB) */
	double ci95[2], p_value;    /* autocorrelation-corrected */
	double mb_per_10k;
	int64_t first_req, last_req;   /* the window */
	int64_t warmup_requests;    /* process warm-up set aside before it */
	bool late_onset;            /* the window starts where a steeper rise set in */
	uint64_t collections;       /* sharp drops (GC) modelled in the window */
	double rise_mb;             /* end to end over the window (medians of the first and last values) */
	bool grows;                 /* significant (attrib_alpha), material_kb_per_request (not the
	                             * window's bar: a long capture's filling cache would pass it),
	                             * and risen end to end
	                             * (not a tooth of garbage between two collections) */
	uint32_t nleaks;            /* endpoints whose verdict is LEAK or ERROR_PATH_LEAK */
	bool unrecorded;            /* the growth follows request numbers no loaded file records */
	bool unexplained;           /* grows, several endpoints, and none of them is blamed
	                             * (unrecorded, when set, says what holds it instead) */
	double leakers_hold_mb;     /* what the leaking endpoints' suspect sites hold of rise_mb
	                             * (NAN: no leaker, or one with no site it follows) */
	double unheld_mb;           /* rise_mb less that and the warm-ups' fills, where it is
	                             * material (ls_heap_unheld), else NAN */
	uint32_t top_k;             /* the longest top_consumers list (0: none listed) */
	double smallest_listed_mb;  /* the smallest site of the last list that long (NAN: none) */
	char *text;                 /* 1-2 sentences, owned */
};

/* The profiler's list length K and the smallest site of the last full list:
 * a site never listed stayed below that. */
void ls_heap_listing(const struct ls_process *p, uint32_t *top_k, double *smallest_mb);
/* Whether the unrecorded request numbers clearly hold material growth. */
bool ls_heap_unrecorded_holds(const struct ls_attribution *A, const struct ls_detect_config *cfg);
/* The figures of pa->heap (everything but nleaks, unexplained and text),
 * from the attribution (one endpoint: from its own series, so the two
 * agree) and the sites; before the endpoint verdicts, which cite it. */
void ls_heap_fit(const struct ls_process *p, struct ls_process_analysis *pa, const struct ls_detect_config *cfg);
/* " No site the profiler listed grows: ..." for an endpoint whose share of a
 * growing heap is not established, when that is why nothing can be named:
 * no listed site rose, and what rose fits under the smallest listed one.
 * Appends nothing otherwise. */
void ls_heap_add_unlisted(struct ls_buf *b, const struct ls_process_analysis *pa);
/* leakers_hold_mb and unheld_mb, from the endpoint kinds (set before
 * their texts, which say "part of the growth" where unheld_mb is). */
void ls_heap_unheld(struct ls_process_analysis *pa, const struct ls_detect_config *cfg);
/* The rest of pa->heap, after the endpoint verdicts. */
void ls_heap_summarize(const struct ls_process *p, struct ls_process_analysis *pa,
	const struct ls_detect_config *cfg);
void ls_heap_summary_done(struct ls_heap_summary *h);

#endif
