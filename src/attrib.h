/* attrib.h — cross-endpoint attribution on the merged process timeline.
 *
 * tracemalloc's current_mb is the heap of the whole process, so an endpoint's
 * own curve climbs whenever ANY endpoint leaks. Attribution asks what ran:
 * over the steady state of the merged timeline, the heap after request N is
 * regressed on, for every endpoint e, the number of e's requests so far (C_e)
 * and the number of e's error responses so far (E_e), plus the number of
 * request numbers with no record (U: other processes' files, sampled-out or
 * rotated-away traffic), with an intercept:
 *
 *     heap(N) = a + sum_e b_e C_e(N) + sum_e g_e E_e(N) + u U(N) + noise
 *
 * b_e is the memory retained per request of e, g_e the extra memory retained
 * per error of e. The observed request's own error is also an indicator
 * column, so a transient spike freed by the next request is not retention. Retained memory is what stays: a transient spike that is
 * freed again does not raise later heap values and so gets no coefficient,
 * which is why levels (not request-to-request differences) are regressed.
 * Gaps and rotation: an endpoint rotated out of its file early on counts as U
 * there, as does one whose file stops before the others' (the reader missed
 * its last rewrite, or the file was cut), and U gets one column per coverage
 * regime (ls_process_regimes: where an endpoint's records start or stop)
 * because what "unknown" is made of changes at those points.
 * Sites whose exact sizes the profiler lists throughout and that move
 * smoothly (known_sites.h) are taken out of the heap first: their steps and
 * their irregularity would otherwise be noise that lends big coefficients to
 * innocent neighbours. What they grew by per request and per error of each
 * endpoint (from their own sizes) is added to its coefficients.
 * The noise is level noise plus a random walk (see gls_fit in attrib.c): the
 * fit is generalized least squares for that local-level model, with the
 * remaining autocorrelation (GC sawtooth, spikes held for a while) inflating
 * the standard errors by the residuals' long-run variance factor and
 * shrinking the degrees of freedom: without that, a sawtooth would make every
 * endpoint "significant". */
#ifndef LS_ATTRIB_H
#define LS_ATTRIB_H

#include <stdint.h>
#include <stdbool.h>
#include "model.h"

struct ls_attrib_ep {
	uint32_t requests;          /* e's requests inside the window */
	uint32_t errors;            /* e's error responses inside the window */
	bool req_valid;             /* b_e estimable (not aliased, enough data) */
	double kb_per_request;      /* b_e in KiB (1/1024 MB) per request */
	double req_ci95[2], req_se, req_p;
	bool err_valid;             /* g_e estimable (e had errors) */
	double kb_per_error;        /* extra KiB retained per error response */
	double err_ci95[2], err_se, err_p;
	double retained_mb;         /* b_e * requests + g_e * errors over the window (MB) */
	double req_p_unmixed;       /* req_p with the unrecorded requests a column of their own
	                             * (= req_p unless unknown_as_mix) */
	double unrecorded_share;    /* unknown_as_mix: the unrecorded requests counted as e's (its
	                             * share of the mix regime's), which b_e covers too; else 0 */
	/* req_p, req_p_unmixed and err_p Holm-adjusted over the endpoints (each
	 * endpoint is a test; 1: not estimable) */
	double req_p_holm, req_p_unmixed_holm, err_p_holm;
};

struct ls_attribution {
	bool valid;                 /* false: see `reason` */
	const char *reason;         /* static text when invalid ("request ids missing" ...) */
	uint32_t nep;
	struct ls_attrib_ep *ep;    /* nep rows, endpoint order */
	int64_t first_req, last_req;   /* steady-state window in request numbers */
	int64_t warmup_requests;    /* process warm-up set aside (request-number span) */
	uint64_t nobs;              /* heap observations in the window */
	uint32_t stride;            /* 0/1: all used; k: every k-th (bounded cost for huge, wide processes) */
	uint64_t unknown_requests;  /* request numbers without a record in the window */
	bool unknown_as_mix;        /* the unrecorded requests of the regime with the most of them
	                             * fit as a sample of the recorded mix there */
	double unknown_kb_per_request, unknown_ci95[2], unknown_p; /* NAN when aliased */
	double process_kb_per_request; /* heap slope per process request in the window */
	double process_ci95[2], process_p; /* its 95 % CI and p (autocorrelation-corrected) */
	double gain_hi_mb;          /* the heap's rise over the window read at its ends (the means
	                             * of its first and last heap values), upper end of a 95 %
	                             * interval; NAN with too few values */
	double heap_max_mb;         /* the highest heap value in the window: no endpoint can free
	                             * more than that over it */
	uint64_t collections;       /* sharp heap drops (GC, evictions) modelled in the window */
	double r2;
	double theta;               /* MA(1) parameter of the heap noise differences (-1: level noise, 0: random walk) */
	double rho;                 /* lag-1 autocorrelation of the (filtered) residuals */
	double inflation;           /* long-run variance factor applied to the variances */
	double df;                  /* effective degrees of freedom */
	uint32_t *known_site;       /* sites whose change was taken out of the heap first */
	uint32_t nknown;            /* (known_sites.h); the coefficients include their growth */
};

/* Attribute the process heap. `warmup_end_req`: first request number of the
 * steady state (INT64_MIN: detect the process warm-up here). Returns 0; the
 * result is always initialized (valid == false when it could not be done). */
int ls_attrib_compute(const struct ls_process *p, int64_t warmup_end_req, struct ls_attribution *out);
void ls_attrib_done(struct ls_attribution *a);
/* Endpoint f's requests in the attribution window. Where the unrecorded
 * requests of the fully covered regime were fitted as a sample of the
 * recorded mix (sampling), its coefficient is per request, recorded or
 * not: its share of them counts. (Errors stay per recorded error: the mix
 * spreads requests only.) */
double ls_attrib_window_requests(const struct ls_attribution *A, uint32_t f);

#endif
