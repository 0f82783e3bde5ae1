/* model.h — the indexed model: processes -> endpoints -> requests -> consumer samples.
 *
 * Ownership: a model owns its processes; a process owns its endpoints, its site
 * table and its string table; an endpoint owns its columns. Nothing points back
 * up, nothing is a pointer per record: requests are parallel arrays ("columns")
 * indexed by a 32-bit row, consumer samples are flat arrays indexed through
 * cons_first[row] .. cons_first[row + 1].
 *
 * Rows of an endpoint are kept in request order (the integer N of "req-N",
 * missing = 0, ties in file order) because every analysis wants that order.
 * The merged process timeline is an index (endpoint, row) sorted by N.
 */
#ifndef LS_MODEL_H
#define LS_MODEL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "intern.h"
#include "warn.h"

enum ls_format {
	LS_FMT_UNKNOWN = 0,
	LS_FMT_PROFILE = 1,   /* endpoint_profiles/NAME.json: memory.{current_mb,...} */
	LS_FMT_SNAPSHOT = 2,  /* memory_snapshots/NAME.json: top-level current_mb, batch */
};

/* Per-request flag bits (column `flags`). */
enum ls_req_flag {
	LS_REQ_ERROR = 1u << 0,        /* had_error */
	LS_REQ_DETAILED = 1u << 1,     /* detailed_snapshot true */
	LS_REQ_HAS_MEM = 1u << 2,      /* current_mb present and valid */
	LS_REQ_HAS_PEAK = 1u << 3,     /* peak_mb present and valid */
	LS_REQ_HAS_LATENCY = 1u << 4,
	LS_REQ_HAS_TIME = 1u << 5,
	LS_REQ_HAS_ID = 1u << 6,       /* request_id parsed to a number */
	LS_REQ_HAS_CONSUMERS = 1u << 7, /* top_consumers array present (maybe empty) */
	LS_REQ_TRACKING_OFF = 1u << 8, /* memory.tracking_enabled false */
	LS_REQ_CONSUMERS_ERROR = 1u << 9, /* memory.top_consumers_error present */
	LS_REQ_HAS_STATUS = 1u << 10,
};

struct ls_endpoint {
	char *name;            /* endpoint name (from records, else file stem); raw bytes */
	char *file;            /* path of the file it came from */
	enum ls_format format;
	uint64_t file_size;    /* bytes of the file when loaded */
	int64_t file_mtime_ns; /* for reload: modification time when loaded */

	uint32_t n;            /* requests (rows) */
	size_t cap;
	int64_t *req_id;       /* N of "req-N"; 0 when missing or unparsable */
	int64_t *req_no;       /* its place on the process timeline: req_id, or where the
	                        * process's requests overlap, the id of its rank in the
	                        * order they completed (ls_process_index) */
	double *timestamp;     /* Unix seconds (ISO strings converted, UTC) */
	double *current_mb;
	double *peak_mb;
	double *latency;       /* seconds */
	int32_t *status;       /* HTTP status code, 0 when missing */
	uint16_t *flags;       /* enum ls_req_flag */
	uint32_t *error_msg;   /* id in the process string table, 0 = none */
	int32_t *batch;        /* snapshot format: 1-based batch; 0 when absent */
	uint64_t *offset;      /* byte offset of the record in its file */
	uint32_t *cons_first;  /* n + 1 offsets into the consumer arrays */

	uint32_t ncons;        /* consumer samples */
	size_t cons_cap;
	uint32_t *cons_site;   /* site id in the process site table */
	double *cons_mb;       /* size_mb */
	int64_t *cons_count;   /* live blocks */

	uint32_t nerrors;      /* rows with LS_REQ_ERROR */
	uint32_t nid;          /* rows with LS_REQ_HAS_ID (ls_process_index) */
};

struct ls_process {
	char *path;            /* directory or file the process was loaded from */
	bool from_dir;         /* its files came from a directory argument (not named
	                        * one by one): --follow adopts new files next to them */
	struct ls_endpoint *ep;
	uint32_t nep;
	size_t ep_cap;
	struct ls_intern sites;   /* "PATH:LINE" locations */
	struct ls_intern strings; /* error messages */

	/* Merged timeline: every row of every endpoint ordered by req_no
	 * (ties: endpoint order, then row). An index, not a copy. */
	bool by_completion;       /* req_no renumbered in completion order (ls_process_index) */
	uint64_t ntl;
	uint32_t *tl_ep;
	uint32_t *tl_row;
};

struct ls_model {
	struct ls_process *proc;
	uint32_t nproc;
	size_t proc_cap;
	struct ls_warnings warnings;
	uint32_t files_loaded;     /* files that produced at least one record */
	uint32_t files_failed;     /* files that could not be read or held nothing */
	uint64_t bytes_loaded;
	uint64_t records_loaded;
};

/* ---- endpoint ---- */
void ls_endpoint_init(struct ls_endpoint *ep);
void ls_endpoint_done(struct ls_endpoint *ep);
/* Append an empty row (all columns zeroed) and return its index. */
uint32_t ls_endpoint_add_row(struct ls_endpoint *ep);
/* Append a consumer sample to the last row. */
void ls_endpoint_add_consumer(struct ls_endpoint *ep, uint32_t site, double mb, int64_t count);
/* Append all rows and consumers of src to dst; src site ids are mapped through
 * site_map (src id -> dst id; NULL = identity). */
void ls_endpoint_append(struct ls_endpoint *dst, const struct ls_endpoint *src, const uint32_t *site_map);
/* Stable sort rows by req_no (consumer rows move with their records). */
void ls_endpoint_sort(struct ls_endpoint *ep);
static inline uint32_t ls_endpoint_ncons(const struct ls_endpoint *ep, uint32_t row)
{
	return ep->cons_first[row + 1] - ep->cons_first[row];
}
/* Row r carries a usable heap value (present, tracking on, finite). */
static inline bool ls_endpoint_has_heap(const struct ls_endpoint *ep, uint32_t r)
{
	uint16_t f = ep->flags[r];
	return (f & LS_REQ_HAS_MEM) && !(f & LS_REQ_TRACKING_OFF) && isfinite(ep->current_mb[r]);
}

/* The file's request ids are its axis: most of its records carry one. Where
 * they do not, the rows' order is the axis (detect.c's by_row). */
static inline bool ls_endpoint_ids_usable(const struct ls_endpoint *ep)
{
	return (uint64_t)ep->nid * 2 > ep->n;
}
/* Row r has a place on the request axis: a request id, or a file whose ids
 * are not its axis. A record without an id among records with one was
 * "ordered as 0": no place to fit it at. */
static inline bool ls_endpoint_placed(const struct ls_endpoint *ep, uint32_t r)
{
	return (ep->flags[r] & LS_REQ_HAS_ID) || !ls_endpoint_ids_usable(ep);
}
/* Rows [*r0, *r1) from the first placed row to the last (those without a
 * place sort first, at 0, or last, at up to INT64_MAX); false when no row
 * has a place. */
static inline bool ls_endpoint_placed_rows(const struct ls_endpoint *ep, uint32_t *r0, uint32_t *r1)
{
	uint32_t a = 0, b = ep->n;
	while (a < ep->n && !ls_endpoint_placed(ep, a))
		a++;
	while (b > a && !ls_endpoint_placed(ep, b - 1))
		b--;
	*r0 = a;
	*r1 = b;
	return a < b;
}
/* Row r is a heap value the request-number fits can use. */
static inline bool ls_endpoint_heap_point(const struct ls_endpoint *ep, uint32_t r)
{
	return ls_endpoint_has_heap(ep, r) && ls_endpoint_placed(ep, r);
}

/* Rows carrying flag (enum ls_req_flag): e.g. the records with tracemalloc
 * off, whose memory the analysis leaves out, or failed snapshots. */
static inline uint32_t ls_endpoint_count_flag(const struct ls_endpoint *ep, uint16_t flag)
{
	uint32_t n = 0;
	for (uint32_t r = 0; r < ep->n; r++)
		n += (ep->flags[r] & flag) != 0;
	return n;
}

/* Rows with request numbers in [from, to] carrying flag (0: every row). */
static inline uint32_t ls_endpoint_count_between(const struct ls_endpoint *ep, uint16_t flag, int64_t from,
	int64_t to)
{
	uint32_t n = 0;
	for (uint32_t r = 0; r < ep->n; r++)
		n += ep->req_no[r] >= from && ep->req_no[r] <= to && (!flag || (ep->flags[r] & flag));
	return n;
}

/* Does any record carry a batch number (memory-test files: what orders the
 * sizes of the original's leaking sources)? */
static inline bool ls_endpoint_has_batches(const struct ls_endpoint *ep)
{
	for (uint32_t r = 0; r < ep->n; r++)
		if (ep->batch[r] != 0)
			return true;
	return false;
}

/* ---- process ---- */
void ls_process_init(struct ls_process *p, const char *path);
void ls_process_done(struct ls_process *p);
/* Take ownership of *ep (left empty); its site ids are local to `sites`
 * and are re-interned into the process table. Returns the endpoint index. */
uint32_t ls_process_adopt(struct ls_process *p, struct ls_endpoint *ep, const struct ls_intern *sites,
	const struct ls_intern *strings);
/* Replace endpoint i with *ep (for reload), same conventions as adopt. */
void ls_process_replace(struct ls_process *p, uint32_t i, struct ls_endpoint *ep,
	const struct ls_intern *sites, const struct ls_intern *strings);
/* (Re)build the merged timeline. */
void ls_process_index(struct ls_process *p);
/* Total rows over all endpoints. */
uint64_t ls_process_requests(const struct ls_process *p);
/* The first endpoint of p other than `except` whose name is `name` (NULL
 * matches an endpoint without one), or UINT32_MAX: two files whose records
 * name the same endpoint are two endpoints of that name. */
uint32_t ls_process_named(const struct ls_process *p, const char *name, uint32_t except);
/* Where row r of endpoint e is on the merged timeline; p->ntl when it is
 * not there. O(log ntl). */
uint64_t ls_process_timeline_index(const struct ls_process *p, uint32_t e, uint32_t r);
/* Coverage regimes of the merged timeline from request number `from` on:
 * the request numbers (ascending, distinct) where an endpoint's records
 * start (after `from`) or stop (before the timeline's last request), where
 * that head or tail is too long to be chance for its rate. Between
 * two of them the same endpoints have records (up to such chance heads and
 * tails), so the request numbers that have none (*unrecorded* requests)
 * are of one make-up: a rotated file's
 * early requests, a file whose last rewrite the reader missed, sampled-out
 * traffic. *bounds is malloc'd (free it); returns their number. */
uint32_t ls_process_regimes(const struct ls_process *p, int64_t from, int64_t **bounds);
/* Holes in the recording: runs of request numbers between two consecutive
 * records (of any endpoint, ids usable) with no record at all, too long to
 * be sampling's chance at the density of the records around them (the
 * profiler was off, or records were lost). Sampled-out requests leave
 * short runs everywhere; a rotated or sparse stretch has its own density,
 * so its ordinary spacing is no hole. *holes gets pairs (first, last
 * unrecorded request number), ascending, malloc'd (free it; NULL when
 * none); returns their number. O(timeline). */
uint32_t ls_process_holes(const struct ls_process *p, int64_t **holes);
/* The profiler's sampling keeps request number N, 2N, 3N, ... (counter % N
 * == 0): every record's id is a multiple of N, and the N - 1 unrecorded
 * requests before each are as many as the records times N - 1, a column
 * of every fit that counts them. N (at least 2) when the ids of the
 * placed records are all on such a grid (with at least 8 of them), else 0.
 * O(timeline). */
uint32_t ls_process_sample_stride(const struct ls_process *p);
/* The regime (0..n) of request number req, given the n bounds. */
static inline uint32_t ls_regime_of(const int64_t *bounds, uint32_t n, int64_t req)
{
	uint32_t j = 0;
	while (j < n && req >= bounds[j])
		j++;
	return j;
}
/* The unrecorded requests between two consecutive timeline ids a and b:
 * how many (0 unless b > a + 1) and, in *regime, the regime they are in.
 * They start at a + 1: a start bound is a record's id and a stop bound a
 * file's last id + 1, so no bound lies past a gap's first request and one
 * regime holds the whole gap. Ids saturate at INT64_MAX (a + 1 could
 * overflow only when there is no gap), hence the unsigned difference. */
static inline uint64_t ls_unrecorded_between(const int64_t *bounds, uint32_t n, int64_t a, int64_t b,
	uint32_t *regime)
{
	if (b <= a || (uint64_t)b - (uint64_t)a <= 1)
		return 0;
	*regime = ls_regime_of(bounds, n, a + 1);
	return (uint64_t)b - (uint64_t)a - 1;
}

/* The regime (of the nb bounds ls_process_regimes gave from `from` on:
 * regime j runs from bounds[j - 1] to bounds[j]) where the fewest request
 * numbers have no record, per request of its span, among those that span a
 * tenth of the timeline from `from` at least; UINT32_MAX when there is one
 * regime, or none is better covered than the whole. A rotated capture's
 * last stretch, where every file has records, is one: there the unrecorded
 * requests are no other endpoint's. */
uint32_t ls_process_best_regime(const struct ls_process *p, int64_t from, const int64_t *bounds, uint32_t nb);
/* The request number the process's fits count from: its first timeline
 * entry with a place on the axis (id-less records sort first, at 0). */
int64_t ls_process_first_req(const struct ls_process *p);
/* Request ids are numbered process-wide: endpoints (files) whose records
 * share some were written by different runs, or one is a copy. The pairs
 * (b's ids also in a, on the timeline: ties go to the lower endpoint), by
 * b then a, *n of them (owned by the caller). O(ntl). */
struct ls_shared_ids {
	uint32_t a, b;         /* endpoints */
	uint64_t n;            /* how many */
	int64_t first_req;
	uint64_t first_offset; /* in b's file */
};
struct ls_shared_ids *ls_process_shared_ids(const struct ls_process *p, size_t *n);
/* ... and its last: records whose id is too large to place (record.c)
 * sort last, at up to INT64_MAX, and must not stretch the window. */
int64_t ls_process_last_req(const struct ls_process *p);
/* One past the last timeline entry with a place on the axis (0: none). */
uint64_t ls_process_placed_end(const struct ls_process *p);

/* ---- model ---- */
void ls_model_init(struct ls_model *m);
void ls_model_done(struct ls_model *m);
struct ls_process *ls_model_add_process(struct ls_model *m, const char *path);

/* A request number that went through a double (regressions, fits) back to
 * int64. Ids beyond int64 saturate at INT64_MAX, whose double is 2^63: a
 * plain cast of that is undefined behaviour (UBSan: float-cast-overflow). */
static inline int64_t ls_req_from_double(double x)
{
	return x >= 0x1p63 ? INT64_MAX : x > -0x1p63 ? (int64_t)x : INT64_MIN;
}

/* origin + a request-number offset that went through a double, saturating
 * (ids near INT64_MAX: origin + 2^63 would overflow). */
static inline int64_t ls_req_at(int64_t origin, double offset)
{
	int64_t d = ls_req_from_double(offset);
	if (d > 0 && origin > INT64_MAX - d)
		return INT64_MAX;
	if (d < 0 && origin < INT64_MIN - d)
		return INT64_MIN;
	return origin + d;
}

/* The largest request number with a place on the request axis: every
 * integer up to 2^53 is exact as a double, which the fits count in. A real
 * process-wide counter never gets there (at a million requests a second it
 * takes 285 years); an id past it is a damaged one, and one id 10^18 away
 * from the others would be the whole x axis of every fit. */
#define LS_MAX_REQ_NO ((int64_t)1 << 53)

/* Parse the integer after the first '-' of a request id like Python's int()
 * ("req-17" -> 17). Returns false when there is none (caller uses 0). */
bool ls_parse_request_no(const char *s, size_t n, int64_t *out);
/* Normalize a consumer location: the traceback form `  File "PATH", line N`
 * becomes `PATH:N`; anything else is kept, trimmed. Writes into out (cap bytes),
 * returns the length. The result is never longer than n, so cap = n + 1 never
 * cuts it. */
size_t ls_normalize_location(const char *s, size_t n, char *out, size_t cap);

#endif
