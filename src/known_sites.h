/* known_sites.h — the part of the heap whose size the profiler wrote down.
 *
 * A site listed in (nearly) every detailed record from some point on has its
 * exact size there. Where it moves smoothly and never falls (a leak's climb,
 * an error path's steps, a cache filling) its growth between two listings
 * can be placed: on the requests (and errors) of the endpoints whose traffic
 * grows it, found by regressing its growth between listings on their counts
 * there. Taking that out of the heap before the attribution removes its
 * trend and its irregularity (an error path keeps a different amount on
 * every error: a random walk in the heap that swamps a small leak elsewhere
 * and lends big coefficients to innocent neighbours); the same regression
 * says what it grew by per request and per error of each endpoint, which the
 * attribution adds back. Left in the heap: sites whose listed values jump
 * about (interpolating them would add noise), sites that fall (a collection
 * between listings cannot be placed; the attribution models collections).
 * Unrecorded requests (gaps in the request numbers) are a column of the
 * regression too; where their growth does not fit "a sample of the recorded
 * traffic" (an endpoint whose file is missing grows the site), it stays in
 * the heap, where the attribution weighs the same question. An error's
 * short-lived allocation, listed with the error and gone by the next
 * listing, is a column of its own, not growth.
 * Where endpoints' records start or stop inside the window (rotation, a cut
 * file), the make-up of the unrecorded requests changes: no known sites. */
#ifndef LS_KNOWN_SITES_H
#define LS_KNOWN_SITES_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"

struct ls_known_sites {
	double *mb;              /* p->ntl - first values: the sites' summed change since their
	                          * first listing, after each timeline entry */
	uint32_t *site;          /* the site ids */
	uint32_t n;
	uint64_t start;          /* timeline index from which all of them are listed */
	/* what they grew by per request and per error response of each endpoint
	 * (KiB, summed over the sites; standard errors combined; NAN: not
	 * estimable), and the smallest residual degrees of freedom of the fits */
	uint32_t nep;
	double *kb_per_request, *req_se, *kb_per_error, *err_se;
	double unknown_kb, unknown_se;   /* ... and per unrecorded request (only the sites
	                                  * whose growth with them fits "a sample of the
	                                  * recorded traffic": the others' stays in the heap) */
	double df;
};

/* Find the known sites over the timeline from index `first` on. Returns
 * false (and an empty result that ls_known_sites_done accepts) when there
 * are none. */
bool ls_known_sites(const struct ls_process *p, uint64_t first, struct ls_known_sites *out);
void ls_known_sites_done(struct ls_known_sites *k);

#endif
