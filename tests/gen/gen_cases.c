/* gen_cases.c - labelled accuracy cases for leakscope's detectors.
 *
 * Each case is one process directory with a TRUTH.txt; DIR/CASES.txt lists
 * them all with the expected verdict. Kinds rotate through the list below
 * and every parameter (heap 1-400 MB, 300-10,000 requests, noise, leak
 * size, onset, cache size ...) is drawn from the case's own seed. Leaks are
 * material (>= 1 KB per request, or MBs per error) but some are made hard
 * on purpose: small against the noise, late, or hidden in a busy process.
 * They are labelled difficulty=hard so a benchmark can report them apart. */
#include "gen.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#define MB 1048576.0

enum kind {
	K_STABLE, K_LINEAR, K_SLOW, K_LATE, K_WARMUP, K_CACHE, K_SAWTOOTH,
	K_ERRSTEP, K_ERRSPIKE, K_MULTI, K_N
};

static const char *const kind_names[K_N] = {
	"stable", "linear-leak", "slow-leak-noisy", "late-onset-leak", "warmup-plateau",
	"bounded-cache", "gc-sawtooth", "error-step-leak", "transient-error-spikes",
	"multi-endpoint",
};

static const char *const names[] = {
	"/chat/completions", "/v1/embeddings", "/v1/models", "/files/upload",
	"/images/generations", "/audio/transcriptions", "/v1/completions",
	"/moderations", "/v1/responses", "/rerank", "/key/generate", "/spend/logs",
	"/team/info", "/v1/batches",
};
#define NNAMES (sizeof names / sizeof names[0])

static double log_uniform(struct gen_rng *r, double lo, double hi)
{
	return exp(gen_rng_range(r, log(lo), log(hi)));
}

/* Adds an endpoint with a fresh name; returns its index. */
static int add(struct gen_cfg *c, struct gen_rng *r, bool *used, enum gen_beh b,
	       double size_kb, double weight)
{
	uint32_t k;
	do
		k = gen_rng_below(r, NNAMES);
	while (used[k]);
	used[k] = true;
	struct gen_ep_cfg *e = &c->ep[c->nep];
	char err[128];
	gen_spec_parse(names[k], e, err, sizeof err);
	e->beh = b;
	e->size_kb = size_kb;
	e->weight = weight;
	return c->nep++;
}

/* Stable companions: the rest of a realistic server. */
static void companions(struct gen_cfg *c, struct gen_rng *r, bool *used, int n)
{
	for (int i = 0; i < n; i++)
		add(c, r, used, GEN_STABLE, 0, gen_rng_range(r, 0.5, 3));
	if (gen_rng_unit(r) < 0.5) {
		int h = c->nep++;
		struct gen_ep_cfg *e = &c->ep[h];
		char err[128];
		gen_spec_parse("/health", e, err, sizeof err);
		e->weight = gen_rng_range(r, 1, 4);
	}
}

/* Share of requests endpoint i gets. */
static double share(const struct gen_cfg *c, int i)
{
	double sum = 0;
	for (int k = 0; k < c->nep; k++)
		sum += c->ep[k].weight;
	return c->ep[i].weight / sum;
}

/* Makes a leak materially real: its total over the run is at least k sigma
 * of the noise (and an error-path leak sees at least 5 errors). Grows the
 * leak up to a realistic size first, then lowers the noise. */
static void make_fair(struct gen_cfg *c, int i, double k)
{
	struct gen_ep_cfg *e = &c->ep[i];
	double reqs = (double)c->requests * share(c, i);
	if (e->beh == GEN_ERRLEAK && reqs * e->err_rate < 5)
		e->err_rate = fmin(0.3, 5 / reqs);
	double events = e->beh == GEN_ERRLEAK ? reqs * e->err_rate
		      : reqs * (1 - e->err_rate) * (e->beh == GEN_LATE ? 1 - e->onset : 1);
	double total = e->size_kb / 1024 * events;
	double max_kb = e->beh == GEN_ERRLEAK ? 8192 : 64;
	if (total < k * c->noise_mb) {
		e->size_kb = fmin(max_kb, e->size_kb * k * c->noise_mb / total);
		total = e->size_kb / 1024 * events;
	}
	if (total < k * c->noise_mb)
		c->noise_mb = total / k;
}

static int build(struct gen_cfg *c, enum kind kind, struct gen_rng *r, char *label, size_t ln)
{
	bool used[NNAMES] = {false};
	bool hard = false;
	int lk = -1, lk2 = -1;
	c->heap_mb = log_uniform(r, 1, 400);
	c->noise_mb = c->heap_mb * gen_rng_range(r, 0.001, 0.006);
	c->requests = (uint64_t)log_uniform(r, 300, 10000);
	c->bg_sites = c->heap_mb < 10 ? 80 : 300;
	c->period = gen_rng_unit(r) < 0.7 ? 15 : 25;
	c->top = gen_rng_unit(r) < 0.7 ? 5 : 10;
	c->rate = log_uniform(r, 2, 60);
	/* Some captures were taken with the profiler's sampling on. */
	double u = gen_rng_unit(r);
	if (u < 0.2)
		c->sampling = gen_rng_range(r, 0.5, 0.9);
	switch (kind) {
	case K_STABLE:
		companions(c, r, used, 1 + (int)gen_rng_below(r, 3));
		break;
	case K_LINEAR:
		lk = add(c, r, used, GEN_LEAK, log_uniform(r, 2, 50), gen_rng_range(r, 1, 3));
		companions(c, r, used, (int)gen_rng_below(r, 3));
		break;
	case K_SLOW:
		c->requests = (uint64_t)log_uniform(r, 3000, 10000);
		c->noise_mb = c->heap_mb * gen_rng_range(r, 0.006, 0.015);
		lk = add(c, r, used, GEN_LEAK, gen_rng_range(r, 1, 3), gen_rng_range(r, 1, 3));
		companions(c, r, used, (int)gen_rng_below(r, 3));
		hard = true;
		break;
	case K_LATE:
		lk = add(c, r, used, GEN_LATE, log_uniform(r, 4, 40), gen_rng_range(r, 1, 3));
		c->ep[lk].onset = gen_rng_range(r, 0.3, 0.7);
		companions(c, r, used, (int)gen_rng_below(r, 3));
		hard = c->ep[lk].onset > 0.6;
		break;
	case K_WARMUP: {
		int w = add(c, r, used, GEN_WARMUP, log_uniform(r, 8, 64), gen_rng_range(r, 1, 3));
		companions(c, r, used, (int)gen_rng_below(r, 3));
		double reqs = (double)c->requests * share(c, w);
		double keys = fmax(5, reqs / gen_rng_range(r, 8, 25));
		c->ep[w].cap_mb = keys * c->ep[w].size_kb / 1024;
		break;
	}
	case K_CACHE: {
		int w = add(c, r, used, GEN_CACHE, log_uniform(r, 4, 32), gen_rng_range(r, 1, 3));
		companions(c, r, used, (int)gen_rng_below(r, 3));
		double reqs = (double)c->requests * share(c, w);
		double cap = fmax(3, 0.75 * reqs * gen_rng_range(r, 0.2, 0.55));
		c->ep[w].cap_mb = cap * c->ep[w].size_kb / 1024;
		hard = true;   /* looks like a leak until it is full */
		break;
	}
	case K_SAWTOOTH: {
		int w = add(c, r, used, GEN_SAWTOOTH, log_uniform(r, 20, 200), gen_rng_range(r, 1, 3));
		c->ep[w].gc_every = log_uniform(r, 50, 400);
		companions(c, r, used, (int)gen_rng_below(r, 3));
		break;
	}
	case K_ERRSTEP:
		lk = add(c, r, used, GEN_ERRLEAK, log_uniform(r, 512, 8192), gen_rng_range(r, 1, 3));
		c->ep[lk].err_rate = log_uniform(r, 0.005, 0.03);
		companions(c, r, used, (int)gen_rng_below(r, 3));
		break;
	case K_ERRSPIKE: {
		int w = add(c, r, used, GEN_ERRSPIKE, 0, gen_rng_range(r, 1, 3));
		c->ep[w].spike_mb = c->heap_mb * gen_rng_range(r, 0.3, 1.0);
		c->ep[w].hold = 1 + (int)gen_rng_below(r, 3);
		c->ep[w].err_rate = log_uniform(r, 0.01, 0.05);
		companions(c, r, used, (int)gen_rng_below(r, 3));
		break;
	}
	case K_MULTI:
	case K_N: {
		c->requests = (uint64_t)log_uniform(r, 1500, 10000);
		lk = add(c, r, used, GEN_LEAK, log_uniform(r, 2, 20), gen_rng_range(r, 1, 3));
		lk2 = add(c, r, used, GEN_ERRLEAK, log_uniform(r, 50, 500), gen_rng_range(r, 1, 3));
		c->ep[lk2].err_rate = gen_rng_range(r, 0.05, 0.15);
		static const enum gen_beh others[] = {GEN_STABLE, GEN_WARMUP, GEN_CACHE,
						      GEN_SAWTOOTH, GEN_STABLE};
		int extra = 2 + (int)gen_rng_below(r, 4);
		for (int i = 0; i < extra; i++) {
			enum gen_beh b = others[gen_rng_below(r, 5)];
			int w = add(c, r, used, b, b == GEN_SAWTOOTH ? 40 : 12, gen_rng_range(r, 0.5, 3));
			double reqs = (double)c->requests * 0.15;
			if (b == GEN_WARMUP)
				c->ep[w].cap_mb = fmax(5, reqs / 15) * 12 / 1024;
			if (b == GEN_CACHE)
				c->ep[w].cap_mb = fmax(3, reqs * 0.3) * 12 / 1024;
		}
		hard = true;
		break;
	}
	}
	if (c->nep == 0)
		companions(c, r, used, 1);
	for (int i = 0; i < c->nep; i++)
		gen_spec_finish(&c->ep[i], r);
	/* A sawtooth case shows its teeth: at least about three collections
	 * within the capture. Garbage that is never collected while the
	 * profiler watches is, in the data, a leak; labelling it "no leak"
	 * would score a judgement no tool can make. */
	for (int i = 0; i < c->nep; i++)
		if (c->ep[i].beh == GEN_SAWTOOTH)
			c->ep[i].gc_every = fmin(c->ep[i].gc_every, (double)c->requests * share(c, i) / 3);
	if (lk >= 0)
		make_fair(c, lk, hard ? 4 : 8);
	if (lk2 >= 0)
		make_fair(c, lk2, 4);
	char leaking[2 * GEN_NAME_MAX + 2] = "-";
	if (lk >= 0 && lk2 >= 0)
		snprintf(leaking, sizeof leaking, "%s,%s", c->ep[lk].name, c->ep[lk2].name);
	else if (lk >= 0)
		snprintf(leaking, sizeof leaking, "%s", c->ep[lk].name);
	snprintf(label, ln, "kind=%s expect=%s leaking=%s difficulty=%s", kind_names[kind],
		 lk >= 0 ? "leak" : "no-leak", leaking, hard ? "hard" : "normal");
	return 0;
}

int gen_write_cases(const char *dir, uint64_t seed, int count, const char *command)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "lsgen: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/CASES.txt", dir);
	FILE *idx = fopen(path, "w");
	if (!idx) {
		fprintf(stderr, "lsgen: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(idx, "# lsgen accuracy cases (format 1): one process directory per line\n"
		     "# command: %s\n", command);
	static struct gen_cfg c;
	int rc = 0;
	uint64_t st = seed;
	for (int i = 0; i < count && rc == 0; i++) {
		enum kind kind = (enum kind)(i % K_N);
		uint64_t cs = gen_splitmix(&st);
		struct gen_rng r;
		gen_rng_seed(&r, cs);
		gen_cfg_defaults(&c);
		c.seed = cs;
		char label[600], name[64], line[700];
		build(&c, kind, &r, label, sizeof label);
		snprintf(name, sizeof name, "case-%03d-%s", i + 1, kind_names[kind]);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		snprintf(line, sizeof line, "case name=%s %s", name, label);
		struct gen_write_opts o = {.command = command, .case_line = line};
		struct gen_result res;
		rc = gen_write_process(&c, path, &o, &res);
		fprintf(idx, "%s %s requests=%llu heap_mb=%.3f noise_mb=%.3f endpoints=%d\n", name,
			label, (unsigned long long)c.requests, c.heap_mb, c.noise_mb, c.nep);
	}
	if (fclose(idx) != 0)
		rc = -1;
	if (rc == 0)
		printf("lsgen: %s: %d cases\n", dir, count);
	return rc;
}
