/* sites.h — per allocation site trends and leak suspects.
 *
 * A site (PATH:LINE) is only seen in detailed records, and only while it is in
 * the process's top K: a missing sample means "not in the top K", never zero.
 * So each site's trend is fitted on the records where it appears: size_mb
 * against the process request number, after the site's own warm-up (a cache
 * filling up is not a leak), with the same autocorrelation-corrected OLS as
 * the endpoints. Suspects are sites with a significant, material upward
 * steady-state slope. Each suspect is linked to endpoints: the change of the
 * site's size between consecutive samples is regressed, jointly, on how many
 * requests (C_e) and error responses (E_e) of every endpoint and unrecorded
 * request numbers (U, per coverage regime: ls_process_regimes) ran in
 * between; a significant positive coefficient of C_e (or E_e) means the
 * site grows with e's requests (or errors). */
#ifndef LS_SITES_H
#define LS_SITES_H

#include <stdint.h>
#include <stdbool.h>
#include "model.h"

/* How often a site rose between two consecutive samples (past MB_STEP)
 * with an endpoint's requests (or errors) between them, and without
 * (suspects only; all zero, p = 1, for other sites). */
struct ls_rises {
	uint32_t with, with_rose;
	uint32_t without, without_rose;
	double p;                      /* it rose more often with than without, by span
	                                * length (Cochran-Mantel-Haenszel, one-sided p) */
	bool anyway;                   /* it rose in most spans without, and no less often than
	                                * in those with: growth that does not wait for ep's
	                                * requests (errors) (verdict.c, slows_for) */
};

struct ls_site_link {
	uint32_t ep;
	double kb_per_request, req_p;  /* growth of the site per request of ep */
	double kb_per_error, err_p;    /* extra growth per error of ep (NAN: no errors) */
	double req_se, err_se;         /* their standard errors (KiB) */
	bool linked;                   /* significant positive b or g */
	bool via_errors;               /* the link is carried by ep's errors */
	bool contradicted;             /* a request link the best-covered stretch of a capture
	                                * whose files cover different stretches puts clearly
	                                * under half of its size (ls_process_best_regime) */
	bool slows_own, slows_own_err; /* a site that slows throughout (slows_throughout): per
	                                * request (error) of this endpoint too, where it
	                                * follows them at all (p < 0.01): ls_site_slows_per */
	double own_early, own_late;    /* ... the two rates per request, MB per 1,000 (else NAN) */
	struct ls_rises req_rises;     /* between samples, where ep's requests ran */
	struct ls_rises err_rises;     /* ... where its error responses did */
	bool rises_missing;            /* a request link big enough for each request to show
	                                * (3 KiB), whose site rose in under half of those
	                                * spans, and no more often than in the others:
	                                * steps of something else (an error path's, sampled
	                                * out) that ep's counts happened to follow */
	bool joint;                    /* judged against the other endpoints: from the joint
	                                * model (enough samples), or, for a suspect with few
	                                * samples, the one endpoint it follows against each
	                                * other in turn; else a per-endpoint model: good for
	                                * ranking, weak as proof */
};

struct ls_site_trend {
	uint32_t site;                 /* id in the process site table */
	uint32_t samples;              /* records where the site appears */
	uint32_t steady_samples;       /* ... after its warm-up */
	int64_t first_req, last_req;   /* request numbers of the first and last sample */
	int64_t steady_from_req;       /* first request number of the steady state */
	int64_t link_from_req;         /* links use the samples from here (the process steady state) */
	uint32_t link_samples;         /* ... this many */
	double first_mb, last_mb, max_mb;
	double slope_mb_per_1k;        /* OLS, MB per 1,000 process requests */
	double ci95[2], p_value, r2;
	double theil_sen_mb_per_1k;    /* only for sites that pass the trend test (else NAN) */
	bool suspect;
	bool monotone;                 /* suspect because it only ever grew (in steps), not by the trend test */
	bool quiet_end;                /* ... would be, but took few steps in the window's last
	                                * third, or levelled off: judged by the pace of the
	                                * endpoint it follows (sites.c, promote_quiet_ends) */
	bool collected;                /* gave back most of its growth at some point: not a leak */
	bool plateaued;                /* rose, then set no new maximum for a long flat tail
	                                * (a cache that filled up): steady state = that tail */
	bool slowing;                  /* a suspect of many small increments still rising, but
	                                * its rate over the last third of the samples a fifth
	                                * under that over the first at least, clearly (p <
	                                * 0.001), against the pace of the requests it follows
	                                * (their counts weighted by their links, in requests of
	                                * the strongest, slowing_ep; where each of them has
	                                * records): a cache filling up, or a leak at a cache's
	                                * line */
	uint32_t slowing_ep;
	bool slows_throughout;         /* a suspect: over all its samples, the warm-up too, its rate per
	                                * process request falls to under half (site_slowdown),
	                                * whoever's traffic drives it */
	double ease_early, ease_late;  /* ... where it falls by a fifth at least (clearly, p <
	                                * 0.001), those two rates (MB per 1,000 process
	                                * requests; else NAN): a milder test, for a site every
	                                * endpoint grows alike (verdict.c, shared_easing) */
	double early_mb_per_1k, late_mb_per_1k;  /* ... those two rates, MB per 1,000 of its
	                                          * requests (else NAN) */
	bool unrecorded_share;         /* the joint model gives the unrecorded requests a
	                                * clearly positive share (p < 0.05) */
	double steady_rise_mb;         /* largest size minus the first, from link_from_req on */
	uint32_t rank;                 /* 1 = strongest suspect; 0 = not a suspect */
	double score;                  /* ranking key (lower CI bound of the slope) */
	struct ls_site_link *links;    /* one per endpoint for sites that grew over >= 3 samples, else NULL */
	uint32_t nlinks;
};

struct ls_site_analysis {
	struct ls_site_trend *v;       /* suspects first (by rank), then the rest by slope */
	uint32_t n;
	uint32_t nsuspects;
	uint32_t *by_site;             /* site id -> index in v (UINT32_MAX: never seen) */
	uint32_t nsites;               /* size of by_site (process site table size) */
};

/* Trends of every site of p; `steady_from_req` is the process steady-state
 * start (INT64_MIN: none), used as a floor for every site's window. */
int ls_sites_analyze(const struct ls_process *p, int64_t steady_from_req, struct ls_site_analysis *out);
/* Does y (over x, ascending) keep rising ever more slowly, from sample
 * `from` on: its rate over the last third under half that over the first
 * third, clearly (one-sided p < SITE_ALPHA)? *early / *late get the two
 * rates (per 1,000 of x; NAN when not). */
bool ls_site_slowdown(const double *x, const double *y, uint32_t from, uint32_t n, double *early, double *late);
/* ls_site_slowdown over every sample of `site` (the warm-up too: it holds
 * most of a decaying rise), against the process's request numbers; or, for
 * e < p->nep, whether its rate per recorded request of e (errors: error
 * response), from e's first record to its last, clearly falls, by a fifth
 * at least. A site that slows per request of the process but not per
 * request of e grows at e's pace while e's traffic falls off: a leak.
 * *early / *late (optional) get the two rates, MB per 1,000 of the axis
 * (NAN when it does not slow). */
bool ls_site_slows_per(const struct ls_process *p, uint32_t site, uint32_t e, bool errors, double *early,
	double *late);
void ls_sites_done(struct ls_site_analysis *s);
/* The trend of one site id, or NULL. */
const struct ls_site_trend *ls_sites_find(const struct ls_site_analysis *s, uint32_t site);
struct ls_buf;
/* One line on a site's trend, as the site screen and its export show it:
 * "SUSPECT #1: trend +1.343 MB per 1,000 requests (p = 1.5e-15); grows with
 * /chat/completions (+6.17 KB per request)", or "too few samples for a
 * trend". s may be NULL (no analysis). */
void ls_site_trend_text(struct ls_buf *b, const struct ls_process *p, const struct ls_site_analysis *s, uint32_t site);

#endif
