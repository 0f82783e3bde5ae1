/* gen.h - internals of lsgen, the realistic profile-fixture generator.
 *
 * lsgen simulates one Python process whose endpoints share ONE tracemalloc
 * heap, and writes what the endpoint profiler (or the memory-test runner)
 * would have written about it. Everything is derived from a seed, so a
 * command line regenerates its files byte for byte. Only C11 + libc + libm.
 *
 * Module map:
 *   gen_rng.c    xoshiro256** + splitmix64, uniform / normal / lognormal draws
 *   gen_buf.c    growable byte buffer: JSON strings, Python-like float repr
 *   gen_heap.c   allocation-site table (the simulated tracemalloc statistics)
 *   gen_spec.c   endpoint spec parsing, names, defaults
 *   gen_sim.c    the process simulation: traffic, behaviours, smart capture
 *   gen_write.c  profile / memory-test writers, TRUTH files, truncation
 *   gen_cases.c  the labelled accuracy cases
 *   lsgen.c      command line
 */
#ifndef LSGEN_GEN_H
#define LSGEN_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- random numbers ---------------------------------------------------- */
struct gen_rng {
	uint64_t s[4];
	int has_spare;
	double spare;
};

uint64_t gen_splitmix(uint64_t *state);
void gen_rng_seed(struct gen_rng *r, uint64_t seed);
uint64_t gen_rng_next(struct gen_rng *r);
double gen_rng_unit(struct gen_rng *r);                 /* [0, 1) */
double gen_rng_range(struct gen_rng *r, double lo, double hi);
uint32_t gen_rng_below(struct gen_rng *r, uint32_t n);  /* [0, n) */
double gen_rng_normal(struct gen_rng *r);               /* N(0, 1) */
double gen_rng_lognormal(struct gen_rng *r, double median, double sigma);
double gen_rng_exp(struct gen_rng *r, double mean);

/* ---- output buffer ------------------------------------------------------ */
struct gen_buf {
	char *p;
	size_t len, cap;
	bool oom;      /* sticky: an append failed, the content is incomplete */
};

void gen_buf_free(struct gen_buf *b);
void gen_buf_raw(struct gen_buf *b, const char *s, size_t n);
void gen_buf_lit(struct gen_buf *b, const char *s);
void gen_buf_u64(struct gen_buf *b, uint64_t v);
void gen_buf_i64(struct gen_buf *b, int64_t v);
/* round(v, d) printed the way Python's json module prints that float:
 * shortest form, trailing zeros dropped, "245.0" for whole numbers. */
void gen_buf_fixed(struct gen_buf *b, double v, int decimals);
/* A JSON string as json.dumps writes it (ensure_ascii: \uXXXX escapes). */
void gen_buf_jstr(struct gen_buf *b, const char *s);
int gen_buf_flush(struct gen_buf *b, FILE *f);           /* 0 or -1 */

/* ---- allocation sites ---------------------------------------------------- */
struct gen_site {
	char *name;         /* "path:line" or a tracemalloc pseudo name */
	int64_t bytes;      /* live bytes */
	int64_t blocks;     /* live blocks ("count") */
	double block;       /* typical block size, to derive counts */
};

struct gen_heap {
	struct gen_site *site;
	uint32_t n, cap;
	int64_t total;      /* sum of live bytes: tracemalloc "current" */
	int64_t peak;       /* tracemalloc "peak" */
	/* Name -> id hash index (open addressing, UINT32_MAX = empty): a
	 * linear search made `scale --sites 100000` take a minute. */
	uint32_t *slot;
	uint32_t nslot;     /* a power of two, at least twice n */
};

int gen_heap_init(struct gen_heap *h);
void gen_heap_free(struct gen_heap *h);
/* Returns the site id, or UINT32_MAX when out of memory. An existing name
 * returns the existing id. */
uint32_t gen_heap_site(struct gen_heap *h, const char *name, double block);
void gen_heap_set(struct gen_heap *h, uint32_t id, int64_t bytes);
void gen_heap_grow(struct gen_heap *h, uint32_t id, int64_t bytes, int64_t blocks);
/* Biggest k sites, by bytes descending (ties: lower id first). */
int gen_heap_top(const struct gen_heap *h, int k, uint32_t *out);
/* Adds nbg background sites summing to bg_bytes (Zipf-like sizes) and
 * returns 0, or -1 when out of memory. */
int gen_heap_background(struct gen_heap *h, struct gen_rng *r, int nbg,
			int64_t bg_bytes);
/* A realistic, unused site name for the i-th pool site. */
void gen_heap_pool_name(char *out, size_t n, uint32_t i, struct gen_rng *r);

/* ---- configuration ------------------------------------------------------- */
enum gen_beh {
	GEN_STABLE, GEN_LEAK, GEN_ERRLEAK, GEN_WARMUP, GEN_CACHE,
	GEN_SAWTOOTH, GEN_ERRSPIKE, GEN_LATE, GEN_NBEH
};

#define GEN_MAX_EP 32
#define GEN_MAX_TOP 50
#define GEN_NAME_MAX 160
#define GEN_SITE_MAX 300

struct gen_ep_cfg {
	char name[GEN_NAME_MAX];
	char method[16];
	enum gen_beh beh;
	double size_kb;     /* retained per request/error; cache entry; garbage per request */
	double weight;      /* traffic share */
	double err_rate;    /* fraction of responses that are errors */
	double latency;     /* median latency, seconds */
	double work_kb;     /* in-request working set: raises peak_mb only */
	char site[GEN_SITE_MAX]; /* the site this behaviour grows */
	double onset;       /* late: fraction (<= 1) or process request number */
	double cap_mb;      /* warmup / cache: plateau */
	double gc_every;    /* sawtooth: endpoint requests between collections */
	double spike_mb;    /* errspike: memory held by one failed request */
	int hold;           /* errspike: process requests until it is freed */
};

struct gen_cfg {
	uint64_t seed;
	uint64_t requests;
	double heap_mb;     /* base heap (imports, caches of the framework) */
	double noise_mb;    /* sigma of in-flight memory, Gaussian */
	int top;            /* top_consumers per detailed record */
	int period;         /* every P-th request of the process is detailed */
	double grow_pct;    /* smart capture: endpoint memory rise, percent */
	uint64_t rotate;    /* keep only the last M records per file; 0 = all */
	double sampling;    /* profiler sampling rate */
	uint64_t gap_from, gap_len; /* profiler off for these request numbers */
	uint64_t untracked_from, untracked_len; /* tracemalloc off: 0.0 MB, no sites */
	double snap_err;    /* share of detailed records whose snapshot fails */
	uint64_t upto;      /* stop after this request (0 = run all): the files
			     * as they were at that moment of a longer run */
	int bg_sites;       /* background (import-time) sites */
	int pool_sites;     /* extra sites that burst into the top K */
	int bursts;         /* bursts alive at once */
	double burst_mb;    /* median burst size */
	double start_ts;    /* Unix time of the first request */
	double rate;        /* requests per second */
	int nep;
	struct gen_ep_cfg ep[GEN_MAX_EP];
};

void gen_cfg_defaults(struct gen_cfg *c);
/* Parses "NAME[:BEHAVIOUR[:SIZE]][:key=value...]" into *e with defaults for
 * everything unsaid. Returns 0, or -1 with a message in err. */
int gen_spec_parse(const char *spec, struct gen_ep_cfg *e, char *err, size_t errn);
/* Fills the fields an endpoint left at "default" (negative / empty). */
void gen_spec_finish(struct gen_ep_cfg *e, struct gen_rng *r);
const char *gen_beh_name(enum gen_beh b);
int gen_beh_parse(const char *s, enum gen_beh *out);
/* The profiler's file name for an endpoint: "/chat/completions" ->
 * "chat_completions" (no extension). */
void gen_sanitize(const char *name, char *out, size_t n);
/* "4kb", "512b", "2mb", "1.5" (KB) -> KB; -1 on a bad size. */
double gen_parse_kb(const char *s);

/* ---- simulation ---------------------------------------------------------- */
struct gen_rec {
	uint64_t n;          /* request number, process-wide */
	uint64_t seq;        /* index among this endpoint's emitted records */
	int ep;
	double ts;
	int status;
	double latency;
	const char *err;     /* NULL on success */
	int64_t cur, peak;   /* bytes */
	bool detailed;
	bool tracking;       /* false: tracemalloc was off, numbers are 0.0 */
	const char *snap_err;/* the snapshot failed: top_consumers_error */
	int ntop;
	uint32_t top[GEN_MAX_TOP];
	const struct gen_heap *heap;
};

/* What one endpoint did, for the TRUTH file. */
struct gen_ep_stats {
	uint64_t requests, errors, records;
	uint32_t site;           /* behaviour site id, UINT32_MAX if none */
	int64_t site_bytes;      /* final bytes at the behaviour site */
	int64_t retained;        /* bytes retained for good (leaks only) */
	uint64_t leak_events;    /* requests (or errors) that retained */
	uint64_t onset;          /* late: first leaking request number */
	int64_t site_max;        /* largest size the site reached */
};

struct gen_result {
	struct gen_ep_stats ep[GEN_MAX_EP];
	int64_t first_cur, last_cur, peak;
	uint64_t emitted;
};

typedef int (*gen_emit_fn)(void *ctx, const struct gen_rec *r);

/* Runs the whole process. emit gets every record the profiler writes, in
 * order; a non-zero return stops the run and is returned. */
int gen_sim_run(const struct gen_cfg *c, gen_emit_fn emit, void *ctx,
		struct gen_result *res);

/* ---- writers -------------------------------------------------------------- */
struct gen_damage {
	char target[GEN_NAME_MAX]; /* endpoint name or file name */
	double cut;                /* <= 1: fraction of the file; > 1: bytes */
	bool empty;
};

struct gen_write_opts {
	const char *truth;         /* TRUTH path; NULL = DIR/TRUTH.txt; "-" = none */
	const char *command;       /* the command line, recorded in TRUTH */
	const char *case_line;     /* optional "case ..." line for TRUTH */
	int ndamage;
	struct gen_damage damage[8];
};

int gen_write_process(const struct gen_cfg *c, const char *dir,
		      const struct gen_write_opts *o, struct gen_result *res);
int gen_write_scale(const struct gen_cfg *c, const char *file, struct gen_result *res);

struct gen_snap_cfg {
	struct gen_cfg proc;       /* one endpoint: the code under test */
	int batches, batch_size;
	const char *test_name;
};
int gen_write_snapshot(const struct gen_snap_cfg *s, const char *file,
		       struct gen_result *res);
/* Cuts FILE to BYTES (> 1) or to that fraction of its size (<= 1). */
int gen_truncate(const char *file, double cut, long long *kept);

int gen_write_cases(const char *dir, uint64_t seed, int count, const char *command);

#endif
