/* detect.h — leakscope's own verdicts (not the original's: that is classic.h).
 *
 * Per endpoint, on its series current_mb over the process request number:
 *  1. set aside the warm-up (a rise that levels off: caches, pools, imports),
 *     found by repeated two-segment fits while "steep, then clearly flatter"
 *     is significant, unless the rise is the steps error responses left
 *     behind (an error path that leaked while errors happened early);
 *  2. on the steady state: OLS slope with 95 % CI, R^2 and Student-t p-value
 *     (AR(1)-corrected: GC sawtooth residuals are far from independent),
 *     Theil–Sen, Mann–Kendall, CV: the series-only verdict (series_kind).
 * The final verdict (verdict.c) weighs what the endpoint itself retains:
 *  3. heap attribution (attrib.h): retention per ITS requests / errors,
 *     significant (Bonferroni over the endpoints) and material, and fitting in
 *     the heap's actual growth, makes LEAK / ERROR_PATH_LEAK (an error path
 *     not where the heap's own steps at those errors, measured locally
 *     (steps.h), show nothing: the fit can lend a few errors a share of a
 *     neighbour's random walk);
 *  4. otherwise the sites (sites.h), whose sizes are exact: a suspect site
 *     whose growth follows the endpoint's requests (errors) and carries a
 *     real share of it makes LEAK (ERROR_PATH_LEAK) where the heap is too
 *     noisy to tell (significant across the endpoints, or at p < 0.01 where
 *     no other endpoint has any share of the site);
 *  5. nothing is a leak unless the heap grows (the endpoint's curve or the
 *     process's; for an error path with 1-3 errors, the heap's rise since
 *     the first of them); the other endpoints of a growing process are told that the
 *     growth is not theirs, and by whom it is explained; one whose own site
 *     (linked by the joint model) filled up and levelled off is WARMUP even
 *     while the process keeps growing around it;
 *  6. LEAK / ERROR_PATH_LEAK endpoints list their suspect sites, linked ones
 *     first;
 *  7. the process heap as a whole (heap_summary.h): its slope, who leaks,
 *     and when nobody can be blamed, why the sites cannot say either.
 * Known limits (measured on lsgen cases, see bench/accuracy.c):
 *  - garbage that piles up and is not collected once inside the capture (a
 *    GC period longer than the endpoint's share of the window) is growth the
 *    data cannot tell from a leak: its site only ever grows, and the heap
 *    follows it (lsgen's sawtooth cases collect at least about three times,
 *    so they do not score this);
 *  - a small leak (a few KB per request) of one endpoint whose site never
 *    reaches the top K, in a process of endpoints called at steady rates, is
 *    nearly collinear with the others' traffic: the heap grows significantly
 *    but no endpoint's share is (GROWING, "not established"); bench-accuracy
 *    prints recall on both sides of that line;
 *  - a warm-up cache still filling when the capture ends: one whose site
 *    keeps slowing down is GROWING, not a leak (sites.h, slowing); one that
 *    fills at an even pace to the end is, in the data, a leak. A leak at a
 *    cache's line, while the cache still fills, is GROWING too;
 *  - a smooth process warm-up (a rise that flattens over more than half the
 *    capture, no sharp bend) is not set aside: the attribution window then
 *    holds its curve, and the counts of whatever ran early can take it (a
 *    simulated 3 MB warm-up over 1,500 requests with an error-path leak: 2
 *    of 60 innocent endpoints a leak, 0 of 60 without the warm-up). Its
 *    cache site is recognised (ls_detect_levelling); a curve column in the
 *    heap regression took one more, but also fired on heaps whose error
 *    steps make a random walk, so it is not there;
 *  - an error path's leak seen through 1-3 errors only: the heap's step per
 *    error is identified from those few jumps (one error is called a leak
 *    with the caveat that it may be a one-time allocation), and where the
 *    process warm-up or a late-onset window swallows the steps, they are
 *    gone from the window;
 *  - two garbage sawtooths in one process: a collection resets every
 *    endpoint's "since the last collection" column (as CPython's full
 *    collection frees everyone's cycles), so garbage freed on its own
 *    schedule fits badly, and a known-sites fit, being clean otherwise, can
 *    then call one of them a leak (two cases in 2,340);
 *  - an error path whose site is first listed later than a tenth into the
 *    window stays in the heap (known_sites.h): errors that each keep a
 *    different amount are a random walk there, and the levels fit can lend
 *    a neighbour a significant share of it (4 of the 22 false positives in
 *    2,700 cases; letting such sites in from a quarter of the window in made
 *    it 23);
 *  - a known site (known_sites.h) is fitted with one rate per endpoint over
 *    the window: a cache that fills and levels off hands its average fill
 *    rate to the endpoint that fills it, with a narrow interval (the
 *    plateau tests on the sites usually still call it a warm-up).
 * Sites that do show up are exact, so they are used to explain heap growth
 * away: sites listed throughout that move smoothly come out of the heap
 * before the attribution (known_sites.h), growth held by sites that follow
 * other endpoints, a cache of e's own that levels off, a site that drops out
 * of a full top-K list (collected).
 * ls_analyze_process does all of it for one process, once. */
#ifndef LS_DETECT_H
#define LS_DETECT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "model.h"
#include "stats.h"
#include "attrib.h"
#include "sites.h"
#include "steps.h"
#include "heap_summary.h"

enum ls_verdict_kind {
	LS_VERDICT_TOO_FEW = 0,   /* not enough memory samples to judge */
	LS_VERDICT_STABLE,        /* no material trend (or: the process grows, not because of this endpoint) */
	LS_VERDICT_WARMUP,        /* rose, then plateaued; steady state stable */
	LS_VERDICT_NOISY,         /* too noisy to rule a material trend in or out */
	LS_VERDICT_GROWING,       /* upward trend, not (yet) significant or not attributable */
	LS_VERDICT_ERROR_PATH_LEAK, /* retention carried by this endpoint's error responses */
	LS_VERDICT_LEAK,          /* significant, material retention per request */
	LS_VERDICT_COUNT
};
/* "LEAK", "ERROR_PATH_LEAK", "GROWING", "WARMUP", "STABLE", "NOISY", "TOO_FEW". */
const char *ls_verdict_name(enum ls_verdict_kind v);
static inline bool ls_verdict_is_leak(enum ls_verdict_kind v)
{
	return v == LS_VERDICT_LEAK || v == LS_VERDICT_ERROR_PATH_LEAK;
}

struct ls_detect_config {
	uint32_t min_samples;        /* fewer memory samples: TOO_FEW (12) */
	double alpha;                /* significance for a series trend (0.01) */
	double attrib_alpha;         /* significance for attribution (0.001) */
	double material_kb_per_request; /* smallest retention worth a LEAK (0.5 KiB) */
	double material_kb_per_error;   /* smallest extra retention per error (32 KiB) */
	double material_total_mb;    /* errors must retain this much in all (1 MB); requests a quarter of it */
	double material_window_mb;   /* on a busy capture, an endpoint's own attributed share below
	                              * material_kb_per_request is material when it adds up to this
	                              * much over its requests in the window (16 MB):
	                              * ls_detect_material_kb (not the shared heap curve's bar) */
	double warmup_max_frac;      /* the warm-up is at most this share of the samples (0.6) */
	uint32_t max_suspects;       /* suspect sites listed per endpoint (5) */
};
extern const struct ls_detect_config ls_detect_defaults;

/* The smallest retention per request (KiB) that matters over `requests`
 * requests: material_kb_per_request, or less where so many requests add it
 * up to material_window_mb. 0.2 KB per request is 0.4 MB over 2,000
 * requests, a rounding error next to a cache, and 190 MB over a million. */
double ls_detect_material_kb(const struct ls_detect_config *cfg, double requests);

/* The endpoint's own series, before attribution. x = process request number
 * (the row index when the file has no usable request ids). */
struct ls_series_fit {
	uint32_t n;                  /* records with a memory value */
	uint32_t warmup_n;           /* of which set aside as warm-up */
	uint32_t steady_n;           /* n - warmup_n */
	bool by_row;                 /* x is the row index (no request ids) */
	int64_t first_req, steady_first_req, last_req;
	int64_t warmup_requests;     /* steady_first_req - first_req (0: no warm-up) */
	double warmup_rise_mb;       /* how much the heap rose during the warm-up */
	double slope_kb_per_request; /* OLS slope (KiB per process request) */
	double ci95[2];              /* its 95 % CI (KiB per request) */
	double p_value, r2;
	double intercept_mb;         /* fit line: mb = intercept_mb + slope_kb_per_request / 1024 * (x - first_req),
	                                * x from first_req: ids near 2^60 would swamp it */
	double theil_sen_kb_per_request;
	double mk_z, mk_p;
	double cv_pct;               /* of the steady-state samples */
	double rho;                  /* lag-1 autocorrelation of the residuals */
	double mean_mb, resid_sd_mb;
	double mb_per_10k;           /* slope projected over 10,000 requests */
};

struct ls_suspect {
	uint32_t site;               /* id in the process site table */
	double slope_mb_per_1k, p_value;   /* the site's own steady-state trend */
	double kb_per_request, link_p;     /* growth of the site per request (or error) of this endpoint */
	bool linked;                 /* the site's growth follows this endpoint's requests/errors */
	bool via_errors;             /* ... its errors: kb_per_request is per error */
	bool appeared;               /* no trend: it entered the top K at one of this endpoint's
	                              * errors, already appeared_mb big */
	double appeared_mb;
};

struct ls_verdict {
	enum ls_verdict_kind kind;
	enum ls_verdict_kind series_kind;  /* what the endpoint's own series alone says */
	char *explanation;           /* owned, 1-3 sentences citing the numbers */
	struct ls_series_fit fit;
	/* shortcuts into fit, the names the report uses */
	double slope_kb_per_request, ci95[2], p_value, r2;
	double theil_sen_kb_per_request, mk_z, mk_p, cv_pct, mb_per_10k;
	int64_t warmup_requests;
	int64_t warmup_end_req;    /* a WARMUP read off a site that filled: the process request it
	                            * levelled off by (the chart's warm-up boundary), else 0 */
	bool awaits_error;         /* GROWING only for want of a second error: its one error's
	                            * step explains the heap's growth all the same (verdict.c,
	                            * one_error_only) */
	uint32_t steady_n;
	/* attribution (NAN when not available) */
	bool attributed;
	double attributed_kb_per_request, attributed_ci95[2], attributed_p;
	double attributed_kb_per_error, attributed_err_ci95[2], attributed_err_p;
	double lead_kb_per_request;  /* the retention per request a LEAK's explanation leads with
	                              * (the heap's share, or its site's exact growth); else NAN */
	/* top suspect sites (LEAK / ERROR_PATH_LEAK only) */
	struct ls_suspect *suspects;
	uint32_t nsuspects;
};

/* Whether v's endpoint holds the heap's growth: a leak, or an error path
 * waiting for its second error (awaits_error). */
static inline bool ls_verdict_holds_growth(const struct ls_verdict *v)
{
	return ls_verdict_is_leak(v->kind) || v->awaits_error;
}

/* The endpoint's own series: warm-up, steady-state statistics and the
 * series-only verdict (TOO_FEW, STABLE, WARMUP, NOISY, GROWING, LEAK). */
int ls_detect_series(const struct ls_endpoint *ep, const struct ls_detect_config *cfg,
	struct ls_series_fit *fit, enum ls_verdict_kind *kind);
/* Warm-up on an ordered series: number of leading points to set aside (0: none),
 * and the rise over them. Exposed for the process timeline and site trends.
 * err (optional): which points are error responses; a rise made mostly of
 * steps that errors left behind is no warm-up (an error path that leaks
 * while errors happen early), so then there is none. */
size_t ls_detect_warmup(const double *x, const double *y, const bool *err, size_t n, double max_frac,
	double *rise_mb);
/* A rise that levels off smoothly (a cache or pool filling at a decaying
 * rate: no sharp bend for the change point of ls_detect_warmup to find).
 * Fits y = a + b (x - x[0]) + c exp(-(x - x[0]) / tau) for tau from 1/40 to
 * 1/4 of the span against the line alone; found when c < 0 (a rise towards
 * a level), |c| beyond min_sd residual standard deviations, and the curve
 * a clearly better fit (F test, p < 1e-4, shrunk by the residuals'
 * autocorrelation). Returns tau (0: none); *amp = -c, *slope = b. x
 * ascending, n >= 60 (else 0). */
double ls_detect_levelling(const double *x, const double *y, size_t n, double min_sd, double *amp, double *slope);
/* A fall of the heap between consecutive values beyond this (MB) is a
 * collection, not noise: 4.5 robust standard deviations of the absolute
 * consecutive differences `absdiff` (n of them). */
double ls_detect_jump_mb(const double *absdiff, size_t n);
/* Late onset on an ordered series: index where a flat (or slower) stretch
 * turns into a clearly steeper, material rise; 0 when there is none. */
size_t ls_detect_onset(const double *x, const double *y, size_t n, double material_kb);
/* OLS of y on x with the AR(1) correction of the residuals; writes rho. */
int ls_detect_trend(const double *x, const double *y, size_t n, struct ls_ols *o, double *rho);

struct ls_process_analysis {
	uint32_t nep;
	struct ls_verdict *verdict;  /* nep, endpoint order */
	struct ls_attribution attrib;
	struct ls_site_analysis sites;
	struct ls_steps *steps;      /* nep: the heap's steps at each endpoint's errors in the
	                              * attribution window (n = 0 without one) */
	struct ls_req_steps *req_steps; /* nep: the heap's steps at each endpoint's successful
	                              * requests in that window, measured when a verdict first
	                              * asks (verdict.c writes it through a const analysis:
	                              * the verdicts are decided on one thread) */
	int64_t warmup_end_req;      /* steady state of the merged heap starts here */
	int64_t onset_req;           /* a late-onset leak's regime starts here (INT64_MIN: none); attribution uses it */
	int64_t warmup_requests;
	struct ls_heap_summary heap; /* the process heap as a whole, and what holds its growth */
	double seconds;              /* time the analysis took */
};

/* Everything for one process (cfg NULL: defaults). The process must be
 * indexed (ls_process_index). Returns 0. */
int ls_analyze_process(const struct ls_process *p, const struct ls_detect_config *cfg,
	struct ls_process_analysis *out);
void ls_process_analysis_done(struct ls_process_analysis *a);
void ls_verdict_done(struct ls_verdict *v);
/* The memory the endpoint retains per request (KiB), as far as the evidence
 * goes: for a LEAK, the figure its explanation leads with; for an
 * ERROR_PATH_LEAK, the heap attribution per request where its 95 % interval
 * is above zero. NAN otherwise, and for every other verdict: they say the
 * endpoint's own share is not established. */
double ls_verdict_retained_kb(const struct ls_verdict *v);

#endif
