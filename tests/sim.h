/* sim.h — a small deterministic process simulator for the verdict tests:
 * endpoints sharing one heap, each retaining a known amount per request and
 * per error, with warm-up, noise, GC sawtooth, transient spikes, sampled-out
 * request numbers and rotation. Builds the model in memory (no files). */
#ifndef LS_TEST_SIM_H
#define LS_TEST_SIM_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "intern.h"
#include "util.h"

struct sim_ep {
	const char *name;
	double share;          /* probability that a request goes here */
	double share_late;     /* ... from the process's mix_from on */
	double kb_per_req;     /* retained per request */
	double req_jitter;     /* ... times 1 +- this (uniform) */
	uint32_t onset;        /* ... from this process request on (0: from the start) */
	double err_rate;       /* probability of an error response */
	uint32_t err_from;     /* ... from this process request on (0: from the start) */
	double err_rate_late;  /* ... and from mix_from on (0: unchanged) */
	double kb_per_err;     /* extra retained per error */
	double err_jitter;     /* ... times 1 +- this (uniform): each error keeps a different amount */
	double err_keep;       /* ... on this share of its errors only (0: all) */
	double spike_mb;       /* transient: heap up by this on an error, gone next request */
	uint32_t spike_hold;   /* ... or held for this many requests (+- half), listed at its site */
	uint32_t keep_last;    /* rotation: keep only the last M records (0: all) */
	uint32_t stop_at;      /* its file was cut: no records after this request (0: none) */
	bool absent;           /* its file is missing: no records at all (its site is listed) */
	const char *site;      /* where its retention is allocated */
	uint32_t listed_from;  /* ... which reaches the top K only from this request on (0: once 50 KB) */
};

struct sim {
	uint32_t n;            /* process requests */
	double base_mb, noise_mb;
	double walk_mb;        /* random walk: the heap drifts by this much (sd) per request */
	double warmup_mb, warmup_tau;   /* cache: warmup_mb (1 - exp(-t / tau)) */
	double cache_kb_per_req;        /* ... and a leak at the same line, per process request */
	double frag_mb;                 /* a site all traffic grows ever more slowly, with no
	                                 * level in sight: frag_mb * sqrt(t / n) (interned strings,
	                                 * fragmentation), at /srv/app/frag.py:7 */
	double saw_mb, saw_period;      /* GC sawtooth */
	double static_mb, cache_mb;     /* listed sizes of the import-time site and of the cache
	                                 * before it warms up (0: 1.5 and 0.2 MB) */
	double drop_frac;      /* request numbers with no record (sampling) */
	uint32_t sample_every; /* only every N-th request number has a record (the profiler's
	                        * sampling: counter % N == 0; 0: off) */
	uint32_t off_from, off_len;   /* the profiler off for these requests: no record */
	uint32_t mix_from;     /* from this request on, share_late and err_rate_late (0: never) */
	uint32_t detail_every;
	uint64_t seed;
	struct sim_ep ep[8];
	uint32_t nep;
};

static inline double sim_u(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
}

static inline double sim_gauss(uint64_t *s)
{
	double u = sim_u(s), v = sim_u(s);
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static inline double sim_round3(double v)
{
	return round(v * 1000) / 1000;
}

/* Fill p (initialized, empty) from the simulation. */
static inline void sim_build(const struct sim *S, struct ls_process *p)
{
	uint64_t seed = S->seed ? S->seed : 1;
	struct ls_intern sites;
	ls_intern_init(&sites);
	struct ls_endpoint ep[8];
	for (uint32_t e = 0; e < S->nep; e++) {
		ls_endpoint_init(&ep[e]);
		ep[e].name = ls_xstrdup(S->ep[e].name);
		ep[e].file = ls_xasprintf("%s.json", S->ep[e].name);
		ep[e].format = LS_FMT_PROFILE;
	}
	uint32_t s_cache = ls_intern_add(&sites, "/srv/app/cache.py:40", 20);
	uint32_t s_frag = ls_intern_add(&sites, "/srv/app/frag.py:7", 18);
	uint32_t s_static = ls_intern_add(&sites, "/usr/lib/python3.12/json/decoder.py:353", 39);
	uint32_t s_site[8];
	for (uint32_t e = 0; e < S->nep; e++)
		s_site[e] = S->ep[e].site ? ls_intern_add(&sites, S->ep[e].site, strlen(S->ep[e].site)) : 0;
	double leaked[8] = {0}, total_leak = 0, spike = 0, walk = 0;
	/* held spikes: when each is freed, its size, and its endpoint */
	enum { HELD_MAX = 512 };
	struct { uint32_t until; double mb; uint32_t ep; } held[HELD_MAX];
	uint32_t nheld = 0;
	double held_mb[8] = {0}, held_total = 0;
	for (uint32_t t = 1; t <= S->n; t++) {
		double u = sim_u(&seed), acc = 0;
		uint32_t e = 0;
		bool late = S->mix_from && t >= S->mix_from;
		for (e = 0; e + 1 < S->nep; e++) {
			acc += late ? S->ep[e].share_late : S->ep[e].share;
			if (u < acc)
				break;
		}
		const struct sim_ep *se = &S->ep[e];
		double er = late && se->err_rate_late > 0 ? se->err_rate_late : se->err_rate;
		bool err = sim_u(&seed) < er && t >= se->err_from;
		double kerr = err ? se->kb_per_err : 0;
		if (err && se->err_jitter > 0)
			kerr *= 1 + se->err_jitter * (2 * sim_u(&seed) - 1);
		if (err && se->err_keep > 0 && !(sim_u(&seed) < se->err_keep))
			kerr = 0;
		double kreq = t >= se->onset ? se->kb_per_req : 0;
		if (kreq > 0 && se->req_jitter > 0)
			kreq *= 1 + se->req_jitter * (2 * sim_u(&seed) - 1);
		double add = kreq / 1024 + kerr / 1024;
		leaked[e] += add;
		total_leak += add;
		double cur_spike = err && !se->spike_hold ? se->spike_mb : 0;
		(void)spike;
		for (uint32_t h = 0; h < nheld;) {
			if (held[h].until > t) {
				h++;
				continue;
			}
			held_mb[held[h].ep] -= held[h].mb;
			held_total -= held[h].mb;
			held[h] = held[--nheld];
		}
		if (err && se->spike_hold && nheld < HELD_MAX) {
			uint32_t hold = (uint32_t)(se->spike_hold * (0.5 + sim_u(&seed)));
			held[nheld].until = t + (hold ? hold : 1);
			held[nheld].mb = se->spike_mb;
			held[nheld++].ep = e;
			held_mb[e] += se->spike_mb;
			held_total += se->spike_mb;
		}
		double warm = (S->warmup_tau > 0 ? S->warmup_mb * (1 - exp(-(double)t / S->warmup_tau)) : 0) +
			S->cache_kb_per_req * t / 1024;
		double frag = S->frag_mb * sqrt((double)t / S->n);
		double saw = S->saw_period > 0 ? S->saw_mb * fmod((double)t, S->saw_period) / S->saw_period : 0;
		if (S->walk_mb > 0)
			walk += S->walk_mb * sim_gauss(&seed);
		double heap = S->base_mb + warm + frag + total_leak + saw + walk + cur_spike + held_total +
			S->noise_mb * sim_gauss(&seed);
		if ((S->drop_frac > 0 && sim_u(&seed) < S->drop_frac) || (S->sample_every && t % S->sample_every))
			continue;  /* sampled out: no record, the heap still changed */
		if (t >= S->off_from && t < (uint64_t)S->off_from + S->off_len)
			continue;  /* the profiler was off: the same */
		if ((se->stop_at && t > se->stop_at) || se->absent)
			continue;  /* past the end of its cut file, or no file: the same */
		uint32_t r = ls_endpoint_add_row(&ep[e]);
		ep[e].req_no[r] = t;
		ep[e].timestamp[r] = 1.79e9 + t * 0.05;
		ep[e].current_mb[r] = sim_round3(heap);
		ep[e].peak_mb[r] = sim_round3(heap + 2);
		ep[e].latency[r] = 0.05;
		ep[e].status[r] = err ? 500 : 200;
		uint16_t fl = LS_REQ_HAS_MEM | LS_REQ_HAS_PEAK | LS_REQ_HAS_LATENCY | LS_REQ_HAS_TIME |
			LS_REQ_HAS_ID | LS_REQ_HAS_STATUS;
		if (err) {
			fl |= LS_REQ_ERROR;
			ep[e].nerrors++;
		}
		bool detailed = t == 1 || err || (S->detail_every && t % S->detail_every == 0);
		if (detailed) {
			fl |= LS_REQ_DETAILED | LS_REQ_HAS_CONSUMERS;
			ls_endpoint_add_consumer(&ep[e], s_static, sim_round3((S->static_mb > 0 ? S->static_mb : 1.5) + 0.01 * sim_gauss(&seed)), 40);
			ls_endpoint_add_consumer(&ep[e], s_cache, sim_round3((S->cache_mb > 0 ? S->cache_mb : 0.2) + warm), 100);
			if (frag > 0)
				ls_endpoint_add_consumer(&ep[e], s_frag, sim_round3(frag), 50);
			/* an error's transient is held at its endpoint's site
			 * (when it has one) until the next request */
			for (uint32_t f = 0; f < S->nep; f++) {
				/* (endpoints leaking at one line: one entry, their sum) */
				double mb = 0;
				bool first = true, spiked = false;
				for (uint32_t g = 0; g < S->nep; g++)
					if (s_site[g] == s_site[f]) {
						first = first && g >= f;
						mb += leaked[g] + held_mb[g];
						spiked = spiked || (g == e && cur_spike > 0) || held_mb[g] > 1e-6;
					}
				if (first && s_site[f] && (mb > 0.05 || spiked) && t >= S->ep[f].listed_from)
					ls_endpoint_add_consumer(&ep[e], s_site[f],
						sim_round3(0.3 + mb + (spiked ? cur_spike : 0)), 10);
			}
		}
		ep[e].flags[r] = fl;
	}
	for (uint32_t e = 0; e < S->nep; e++) {
		uint32_t keep = S->ep[e].keep_last;
		if (keep && ep[e].n > keep) {
			/* rotation: the writer keeps only the last M records */
			struct ls_endpoint tail;
			ls_endpoint_init(&tail);
			tail.name = ls_xstrdup(ep[e].name);
			tail.file = ls_xstrdup(ep[e].file);
			tail.format = ep[e].format;
			for (uint32_t r = ep[e].n - keep; r < ep[e].n; r++) {
				uint32_t o = ls_endpoint_add_row(&tail);
				tail.req_no[o] = ep[e].req_no[r];
				tail.timestamp[o] = ep[e].timestamp[r];
				tail.current_mb[o] = ep[e].current_mb[r];
				tail.peak_mb[o] = ep[e].peak_mb[r];
				tail.latency[o] = ep[e].latency[r];
				tail.status[o] = ep[e].status[r];
				tail.flags[o] = ep[e].flags[r];
				if (tail.flags[o] & LS_REQ_ERROR)
					tail.nerrors++;
				for (uint32_t c = ep[e].cons_first[r]; c < ep[e].cons_first[r + 1]; c++)
					ls_endpoint_add_consumer(&tail, ep[e].cons_site[c], ep[e].cons_mb[c], ep[e].cons_count[c]);
			}
			ls_endpoint_done(&ep[e]);
			ep[e] = tail;
		}
		ls_process_adopt(p, &ep[e], &sites, NULL);
		ls_endpoint_done(&ep[e]);
	}
	ls_intern_done(&sites);
	ls_process_index(p);
}

#endif
