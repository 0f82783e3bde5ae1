/* steps.h — the heap's steps at error responses, measured where they happen.
 *
 * An error path retains memory in steps: after each of its errors the heap
 * stands higher than before. Measured locally, just before and just after
 * each error, the steps say what the errors kept without a model of the
 * whole window: a straight line through it understates steps that come
 * early, and a regression can lend a neighbour's rare errors a share of
 * another error path's random walk (each error keeping a different amount).
 * Each side of an error is up to LS_STEP_SIDE heap values up to the
 * neighbouring error responses (theirs are other steps) and up to any
 * jump (a collection), summed up by its median: a transient that a failing
 * request leaves for a few requests is no step. An endpoint's steps are
 * summed up by their mean. The heap's local trend (a leak on a success path, a GC
 * sawtooth's rise) is taken out of each step: the median slope between
 * pairs of values on the same side. */
#ifndef LS_STEPS_H
#define LS_STEPS_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"

#define LS_STEP_SIDE 20

struct ls_steps {
	uint32_t n;      /* errors whose step could be measured (both sides 3+ heap values) */
	double mean_mb;  /* their mean (MB) */
	double se_mb;    /* its standard error: from each side's spread, or from the
	                  * steps' own spread when that is larger (4+ steps) */
};

/* The steps at every endpoint's errors in request numbers [first_req,
 * last_req]: out[e] for each of p->nep endpoints (n = 0, mean and se NAN
 * where none could be measured). theta: the heap noise's MA(1) parameter
 * (attrib.h; -1 level noise, 0 a random walk, NAN unknown), for the
 * random walk between a step's two sides. One pass over the timeline. */
void ls_steps_compute(const struct ls_process *p, int64_t first_req, int64_t last_req, double theta,
	struct ls_steps *out);

/* The heap's local step at e's successful requests (each against the
 * request number just before it), less the same at all other endpoints'
 * requests: what one of e's requests keeps beyond another's, measured
 * where it happens (trimmed means: heavy-tailed readings). In KiB, with
 * its standard error; false where either side has fewer than 10 steps. */
bool ls_request_steps(const struct ls_process *p, uint32_t e, int64_t first_req, int64_t last_req,
	double *kb, double *se_kb);

/* One endpoint's answer, kept: the verdicts ask for it several times. */
struct ls_req_steps {
	bool asked, ok;  /* ok: ls_request_steps answered */
	double kb, se_kb;
};

#endif
