/* known_sites.h — the part of the heap whose size the profiler wrote down.
 *
 * A site listed in (nearly) every detailed record from some point on has its
 * exact size there; where it moves smoothly (a leak's climb, an error path's
 * steps, a listed sawtooth) its size between the listings is known to within
 * a request or two. Taking its change out of the heap before the attribution
 * removes both its trend and its irregularity (an error path keeps a
 * different amount on every error: a random walk in the heap that swamps a
 * small leak elsewhere and lends big coefficients to innocent neighbours).
 * Sites whose listed values jump about are left in: interpolating them would
 * add noise. */
#ifndef LS_KNOWN_SITES_H
#define LS_KNOWN_SITES_H

#include <stdint.h>
#include "model.h"

struct ls_known_sites {
	double *mb;          /* p->ntl - first values: their summed change since their first listing */
	uint32_t *site;      /* the site ids */
	uint32_t n;
	uint64_t start;      /* timeline index from which all of them are listed */
};

/* Find the known sites over the timeline from index `first` on. Returns
 * false (and an empty result) when there are none. */
bool ls_known_sites(const struct ls_process *p, uint64_t first, struct ls_known_sites *out);
void ls_known_sites_done(struct ls_known_sites *k);

#endif
