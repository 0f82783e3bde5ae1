/* classic.h — parity with the original Python analysis (docs/seed-analysis.md).
 * Numbers and messages are the original's, quirks included; nothing here is
 * leakscope's own judgement (that is detect.h). */
#ifndef LS_CLASSIC_H
#define LS_CLASSIC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "model.h"

struct ls_classic_config {
	int window;                  /* W = 3 */
	double growth_threshold_pct; /* 25.0 */
	double stabilization_mb;     /* 0.05 */
	double near_zero_mb;         /* 0.01 */
	double spike_pct;            /* 50.0 */
	double spike_stable_pct;     /* 5.0 */
	int batches_after_spike;     /* 2 */
	double noise_cv_pct;         /* 40.0 */
};
extern const struct ls_classic_config ls_classic_defaults;

enum ls_classic_status {
	LS_CLASSIC_OK = 0,
	LS_CLASSIC_NO_PROFILES,   /* "No profiles provided" */
	LS_CLASSIC_NO_MEMORY,     /* "No memory data found in profiles" */
	LS_CLASSIC_TOO_FEW,       /* k == 0: "too few samples" */
};

enum ls_classic_rule {
	LS_RULE_NONE = 0,
	LS_RULE_ERROR_SPIKE,   /* a */
	LS_RULE_NEAR_ZERO,     /* b */
	LS_RULE_GROWTH_PCT,    /* c */
	LS_RULE_CONTINUOUS,    /* d */
	LS_RULE_STABLE,        /* e */
};

/* One error spike of rule a (sample i rose >= spike_pct over sample i-1 and
 * had errors). */
struct ls_classic_spike {
	size_t index;           /* sample index i; the original calls it "Batch i+1" */
	uint32_t row;           /* endpoint row of sample i (ls_classic_analyze); else = index */
	double prev_mb, cur_mb, pct, errors;
	bool stabilized;        /* counts for the verdict (includes `insufficient`) */
	bool insufficient;      /* fewer than batches_after_spike samples follow */
	double after_avg;       /* mean of the following samples (when sufficient) */
	double max_variation;   /* largest |next - cur| / cur * 100 over them */
};

struct ls_classic_result {
	enum ls_classic_status status;
	size_t nsamples;
	double initial_avg, final_avg, growth_mb, growth_percent;
	bool leak;
	enum ls_classic_rule rule;
	char *message;          /* owned; the original's message, spikes listed */
	double cv_percent;      /* coefficient of variation of the samples */
	bool noisy;             /* cv_percent > 40 */
	/* additions (not printed by the original, useful to show why) */
	size_t k, tail;         /* samples averaged at each end of r; tail checked by rule d */
	double decision_percent;/* the percent rule c compared with the threshold */
	char *noise_message;    /* owned; NULL unless noisy: the original's skip text */
	struct ls_classic_spike *spikes; /* owned; every spike rule a looked at, in order */
	size_t nspikes;
	/* summary statistics */
	uint32_t requests, errors;
	double avg_latency, min_latency, max_latency; /* over records with latency */
	double avg_memory;      /* over records with current_mb */
	double error_rate_pct;
};

/* Pure kernel on samples s[i] and error counts e[i]. */
void ls_classic_analyze_samples(const double *s, const double *e, size_t n,
	const struct ls_classic_config *c, struct ls_classic_result *r);
/* The original's rolling average: out[j] = mean(s[j .. j+w)) for
 * j = 0 .. n-w-1 (the last sample is in no window), each mean exact like
 * statistics.mean. out holds n - w values; returns that count (0 if n <= w). */
size_t ls_classic_rolling(const double *s, size_t n, int w, double *out);
/* Whole endpoint: samples in request order + summary statistics. */
void ls_classic_analyze(const struct ls_endpoint *ep, const struct ls_classic_config *c,
	struct ls_classic_result *r);
void ls_classic_result_done(struct ls_classic_result *r);
/* Recommendations the original prints with a verdict (static strings, NULL-terminated list). */
const char *const *ls_classic_recommendations(const struct ls_classic_result *r);

/* ---- Top memory consumers (aggregated) ---- */
struct ls_consumer_row {
	uint32_t site;      /* process site id */
	double total_mb, max_mb, avg_mb;
	uint32_t samples;
};
/* Aggregate over the given endpoints of p (eps == NULL: all). Rows sorted by
 * total descending (ties: first appearance); *n receives the count (all rows,
 * the caller shows the top N). Caller frees. */
struct ls_consumer_row *ls_classic_consumers(const struct ls_process *p, const uint32_t *eps,
	uint32_t neps, uint32_t *n);

/* ---- Memory growth by location (first -> last) ---- */
struct ls_growth_row {
	uint32_t site;
	double first_mb, last_mb, growth_mb, growth_percent, min_mb, max_mb;
	uint32_t samples;
};
/* One endpoint, records in request order. Sorted by |growth| descending. */
struct ls_growth_row *ls_classic_growth_by_location(const struct ls_process *p, uint32_t ep,
	uint32_t *n);

/* ---- Leaking sources (memory-test files) ---- */
struct ls_leaking_source {
	uint32_t site;
	double first_mb, last_mb, growth_mb, growth_percent;
	uint32_t samples;
	int32_t first_batch, last_batch;
};
/* At most 10 rows, sorted by growth descending. */
struct ls_leaking_source *ls_classic_leaking_sources(const struct ls_process *p, uint32_t ep,
	uint32_t *n);

#endif
