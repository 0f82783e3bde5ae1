/* test_mutate.c — bad input never crashes and never silently vanishes.
 *
 * Small valid profile texts of both formats are damaged thousands of times in
 * deterministic ways (a fixed-seed generator): a cut at every byte, byte
 * flips, brackets/quotes/backslashes deleted or doubled, NaN, Infinity,
 * 1e999, -0, huge integers, 10,000 levels of nesting, invalid UTF-8 and NUL
 * bytes put in place of values or anywhere, field types swapped. Each text is
 * parsed with ls_parse_text on one thread (every third also on two), and through the json-c
 * reference path (ls_load_file with jsonc_only). Every time:
 *   - nothing crashes (ASan/UBSan/valgrind see every run of `make check`);
 *   - records kept <= records in the source, and the model is consistent
 *     (row offsets point at a '{' of the text, ids inside their tables);
 *   - a record that was dropped is explained by at least one warning, and
 *     every warning names the file and a byte offset inside the text;
 *   - the result is the same on one and two threads, and the fast extractor
 *     gives exactly the json-c path's rows and warnings.
 * Some families have exact expectations: a cut keeps exactly the records that
 * ended before it and says "truncated"; a field of the wrong type keeps the
 * record and warns; a field of an accepted type keeps it without a warning.
 *
 * A failure prints the family, the iteration and the damaged text (escaped).
 * LS_MUTATE_ITERS=N changes the number of random mutations per family and
 * source (default 700).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "load.h"
#include "scan.h"
#include "model.h"
#include "report.h"
#include "util.h"

/* ---- the valid sources ---- */

#define MAX_RECS 8

struct source {
	const char *name;       /* file name given to the loader */
	char *text;
	size_t len;
	size_t n;               /* records */
	size_t start[MAX_RECS]; /* offset of each record's opening brace */
	size_t end[MAX_RECS];   /* offset just past each record's closing brace */
};

/* Endpoint-profile records: detailed and lightweight, an error with an
 * escaped message, tracking off, a failed snapshot. */
static const char *const profile_recs[] = {
	"{\"request_id\":\"req-1\",\"timestamp\":1790000001.25,\"endpoint\":\"/chat/completions\","
	"\"method\":\"POST\",\"status_code\":200,\"status_category\":\"success\",\"latency\":0.084213,"
	"\"had_error\":false,\"memory\":{\"current_mb\":245.301,\"peak_mb\":251.002,\"tracking_enabled\":true,"
	"\"top_consumers\":[{\"file\":\"/srv/app/router.py:412\",\"size_mb\":1.204,\"count\":5120},"
	"{\"file\":\"/usr/lib/python3.12/json/decoder.py:353\",\"size_mb\":0,\"count\":3}]},"
	"\"detailed_snapshot\":true}",
	"{\"request_id\":\"req-3\",\"timestamp\":1790000002,\"endpoint\":\"/chat/completions\","
	"\"method\":\"POST\",\"status_code\":200,\"status_category\":\"success\",\"latency\":0.1,"
	"\"had_error\":false,\"memory\":{\"current_mb\":246,\"peak_mb\":251.002,\"tracking_enabled\":true},"
	"\"detailed_snapshot\":false}",
	"{\"request_id\":\"req-4\",\"timestamp\":1790000003.5,\"endpoint\":\"/chat/completions\","
	"\"method\":\"POST\",\"status_code\":500,\"status_category\":\"server_error\",\"latency\":1.5e-3,"
	"\"had_error\":true,\"error_message\":\"upstream \\\"timeout\\\" at C:\\\\x\\n caf\\u00e9\","
	"\"memory\":{\"current_mb\":247.9,\"peak_mb\":252.4,\"tracking_enabled\":true,"
	"\"top_consumers\":[{\"file\":\"/srv/app/router.py:412\",\"size_mb\":1.5,\"count\":6000}]},"
	"\"detailed_snapshot\":true}",
	"{\"request_id\":\"req-7\",\"timestamp\":1790000004.75,\"endpoint\":\"/chat/completions\","
	"\"method\":\"GET\",\"status_code\":200,\"status_category\":\"success\",\"latency\":0.02,"
	"\"had_error\":false,\"memory\":{\"current_mb\":0.0,\"peak_mb\":0.0,\"tracking_enabled\":false},"
	"\"detailed_snapshot\":false}",
	"{\"request_id\":\"req-9\",\"timestamp\":1790000005.0,\"endpoint\":\"/chat/completions\","
	"\"method\":\"POST\",\"status_code\":404,\"status_category\":\"client_error\",\"latency\":0.003,"
	"\"had_error\":true,\"memory\":{\"current_mb\":248.0,\"peak_mb\":252.4,\"tracking_enabled\":true,"
	"\"top_consumers_error\":\"snapshot failed\"},\"detailed_snapshot\":true}",
};

/* Memory-test records: top-level numbers, batches, ISO timestamps, traceback
 * locations, a null error message. */
static const char *const snapshot_recs[] = {
	"{\"request_id\":\"req-31\",\"batch\":1,\"request_in_batch\":1,\"timestamp\":\"2026-11-20T10:15:02.123456\","
	"\"current_mb\":12.5,\"peak_mb\":14.1,\"had_error\":false,\"error_message\":null,"
	"\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/cache.py\\\", line 88\",\"size_mb\":0.75,\"count\":900},"
	"{\"file\":\"<frozen importlib._bootstrap>:241\",\"size_mb\":0.5,\"count\":10}]}",
	"{\"request_id\":\"req-32\",\"batch\":1,\"request_in_batch\":2,\"timestamp\":\"2026-11-20T10:15:02.5\","
	"\"current_mb\":12.75,\"peak_mb\":14.1,\"had_error\":true,\"error_message\":\"boom\"}",
	"{\"request_id\":\"req-33\",\"batch\":2,\"request_in_batch\":1,\"timestamp\":\"2026-11-20T10:15:03Z\","
	"\"current_mb\":13,\"peak_mb\":14.2,\"had_error\":false,\"error_message\":null,"
	"\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/cache.py\\\", line 88\",\"size_mb\":1,\"count\":1200}]}",
	"{\"request_id\":\"req-34\",\"batch\":2,\"request_in_batch\":2,\"timestamp\":\"2026-11-20T10:15:04+01:00\","
	"\"current_mb\":13.5,\"peak_mb\":14.2,\"had_error\":false,\"error_message\":null}",
};

static struct source sources[2];

static void source_build(struct source *s, const char *name, const char *const *recs, size_t n, const char *sep)
{
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			ls_buf_puts(&b, sep);
		s->start[i] = b.len;
		ls_buf_puts(&b, recs[i]);
		s->end[i] = b.len;
	}
	ls_buf_puts(&b, "]");
	s->name = name;
	s->text = b.data;
	s->len = b.len;
	s->n = n;
}

static int group_setup(void **state)
{
	(void)state;
	source_build(&sources[0], "endpoint_profiles/chat_completions.json", profile_recs,
		sizeof profile_recs / sizeof *profile_recs, ",");
	/* blanks between records, as a hand-edited file would have */
	source_build(&sources[1], "memory_snapshots/test_cache.json", snapshot_recs,
		sizeof snapshot_recs / sizeof *snapshot_recs, ",\r\n  ");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < 2; i++)
		free(sources[i].text);
	return 0;
}

/* ---- deterministic randomness ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t rng_below(size_t n)
{
	return n ? (size_t)(rng_next() % n) : 0;
}

static unsigned iterations(void)
{
	const char *e = getenv("LS_MUTATE_ITERS");
	long v = e ? strtol(e, NULL, 10) : 0;
	return v > 0 ? (unsigned)v : 700;
}

/* ---- the damaged text ---- */

struct mtext {
	char *p;
	size_t len, cap;
};

static void mt_set(struct mtext *m, const char *s, size_t n)
{
	ls_grow(&m->p, &m->cap, n + 1, 1);
	memcpy(m->p, s, n);
	m->len = n;
	m->p[n] = '\0';
}

/* Replace [a, b) with r[0..rn). */
static void mt_splice(struct mtext *m, size_t a, size_t b, const char *r, size_t rn)
{
	size_t nl = m->len - (b - a) + rn;
	ls_grow(&m->p, &m->cap, nl + 1, 1);
	memmove(m->p + a + rn, m->p + b, m->len - b);
	memcpy(m->p + a, r, rn);
	m->len = nl;
	m->p[nl] = '\0';
}

/* What a failure report shows: which family, which iteration, which text. */
static const char *cur_family;
static unsigned cur_iter;

static void report_text(const char *text, size_t len)
{
	/* the exact bytes go to a file (NULs, invalid UTF-8), a readable copy to stderr */
	char path[80];
	snprintf(path, sizeof path, "/tmp/ls-mutate-failure-%ld.json", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_add_sanitized(&b, text, len > 6000 ? 6000 : len);
	fprintf(stderr, "family %s, iteration %u, %zu bytes (saved in %s):\n", cur_family, cur_iter, len, path);
	fputs(b.data, stderr);
	fputs(len > 6000 ? "...\n" : "\n", stderr);
	ls_buf_done(&b);
}

#define CHECK(cond, text, len, ...)                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			report_text(text, len);                                            \
			fail_msg(__VA_ARGS__);                                             \
		}                                                                          \
	} while (0)

/* ---- one parse, all invariants ---- */

/* Write text to a temporary file (for the json-c reference path). */
static char tmp_path[64];

static void write_tmp(const char *text, size_t len)
{
	/* a fresh file each time: ext4 flushes a file truncated and rewritten
	 * in place on close (auto_da_alloc), ~10 ms per text */
	unlink(tmp_path);
	FILE *f = fopen(tmp_path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Complete elements of the top-level array that are objects (each can be at
 * most one record), and whether the array was closed. A damaged text may
 * hold fewer than its source: two records merged by a lost "},{" are one. */
static size_t object_elements(const char *text, size_t len, bool *closed)
{
	struct ls_scan sc;
	ls_scan_init(&sc);
	ls_scan_input_end(&sc, len); /* the whole input */
	size_t a, b, n = 0;
	enum ls_scan_result res;
	while ((res = ls_scan_next(&sc, text, len, &a, &b)) == LS_SCAN_ELEM)
		n += text[a] == '{';
	*closed = res == LS_SCAN_END;
	return n;
}

/* A record read without its '{' (record.c, read_lost_opener) has its row
 * where the '{' was lost, and a warning there says so. */
static bool lost_opener_at(const struct ls_file_result *r, uint64_t off)
{
	for (size_t i = 0; i < r->warnings.n; i++)
		if (r->warnings.v[i].offset == off && strstr(r->warnings.v[i].message, "without its '{'"))
			return true;
	return false;
}

/* Invariants that hold for any input; src_records: records of the source
 * before it was damaged. */
static void check_result(const struct ls_file_result *r, const char *name, const char *text, size_t len,
	size_t src_records)
{
	const struct ls_endpoint *ep = &r->ep;
	bool closed;
	size_t objects = object_elements(text, len, &closed);
	CHECK(r->records == ep->n, text, len, "records %llu but %u rows", (unsigned long long)r->records, ep->n);
	CHECK(ep->n <= src_records, text, len, "%u records kept from a source of %zu", ep->n, src_records);
	/* (the scanner's objects are no bound: after a broken record the
	 * loader finds the records a lost quote or '}' hid inside it) */
	for (uint32_t i = 1; i < ep->n; i++)
		CHECK(ep->offset[i] > ep->offset[i - 1], text, len, "rows %u and %u not in file order", i - 1, i);
	if (ep->n < objects)
		CHECK(r->warnings.n > 0, text, len, "%zu of %zu objects dropped without a warning", objects - ep->n,
			objects);
	/* an array the scanner finds unclosed may be closed after all, its ']'
	 * hidden in a broken record; then that record is what is reported */
	size_t e = len;
	while (e > 0 && ls_json_blank(text[e - 1]))
		e--;
	if (!closed)
		CHECK((r->truncated || r->failed || r->empty || (e > 0 && text[e - 1] == ']')) && r->warnings.n > 0,
			text, len, "an unclosed array not reported");
	for (size_t i = 0; i < r->warnings.n; i++) {
		const struct ls_warning *w = &r->warnings.v[i];
		CHECK(w->file && strcmp(w->file, name) == 0, text, len, "warning %zu names file '%s'", i,
			w->file ? w->file : "(null)");
		CHECK(w->offset <= len, text, len, "warning '%s' at offset %llu of a %zu-byte text", w->message,
			(unsigned long long)w->offset, len);
		CHECK(w->message && w->message[0], text, len, "warning %zu has no message", i);
	}
	CHECK(ep->n == 0 || ep->cons_first[ep->n] == ep->ncons, text, len, "consumer index broken");
	for (uint32_t i = 0; i < ep->n; i++) {
		CHECK(ep->offset[i] < len && (text[ep->offset[i]] == '{' || lost_opener_at(r, ep->offset[i])), text, len,
			"row %u at offset %llu is not the start of an object", i, (unsigned long long)ep->offset[i]);
		CHECK(ep->error_msg[i] < r->strings.n, text, len, "error message id out of range");
		CHECK(!(ep->flags[i] & LS_REQ_HAS_MEM) || isfinite(ep->current_mb[i]), text, len,
			"non-finite memory kept");
		CHECK(!(ep->flags[i] & LS_REQ_HAS_TIME) || isfinite(ep->timestamp[i]), text, len,
			"row %u: non-finite timestamp kept", i);
		CHECK(!(ep->flags[i] & LS_REQ_HAS_LATENCY) || isfinite(ep->latency[i]), text, len,
			"non-finite latency kept");
	}
	for (uint32_t k = 0; k < ep->ncons; k++) {
		CHECK(ep->cons_site[k] > 0 && ep->cons_site[k] < r->sites.n, text, len, "site id out of range");
		CHECK(isfinite(ep->cons_mb[k]), text, len, "non-finite consumer size kept");
	}
	CHECK(ep->name && ep->name[0], text, len, "no endpoint name");
	CHECK(!(r->truncated && r->empty), text, len, "both truncated and empty");
}

static bool same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Two results of the same text agree row by row and warning by warning
 * (warning file names may differ: the reference reads a temporary file). */
static void check_same(const struct ls_file_result *a, const struct ls_file_result *b, const char *what,
	const char *text, size_t len)
{
	const struct ls_endpoint *x = &a->ep, *y = &b->ep;
	CHECK(x->n == y->n, text, len, "%s: %u rows vs %u", what, x->n, y->n);
	CHECK(x->ncons == y->ncons, text, len, "%s: %u consumers vs %u", what, x->ncons, y->ncons);
	CHECK(a->truncated == b->truncated && a->empty == b->empty && a->failed == b->failed, text, len,
		"%s: file flags differ", what);
	for (uint32_t i = 0; i < x->n; i++) {
		CHECK(x->req_no[i] == y->req_no[i] && x->flags[i] == y->flags[i] && x->status[i] == y->status[i] &&
			x->offset[i] == y->offset[i] && x->batch[i] == y->batch[i], text, len,
			"%s: row %u differs (req %lld/%lld flags %#x/%#x)", what, i, (long long)x->req_no[i],
			(long long)y->req_no[i], x->flags[i], y->flags[i]);
		CHECK(same_double(x->current_mb[i], y->current_mb[i]) && same_double(x->peak_mb[i], y->peak_mb[i]) &&
			same_double(x->timestamp[i], y->timestamp[i]) && same_double(x->latency[i], y->latency[i]),
			text, len, "%s: row %u numbers differ (current_mb %.17g/%.17g)", what, i, x->current_mb[i],
			y->current_mb[i]);
		uint32_t ea = x->error_msg[i], eb = y->error_msg[i];
		CHECK((ea == 0) == (eb == 0), text, len, "%s: row %u error message presence differs", what, i);
		if (ea)
			CHECK(a->strings.len[ea] == b->strings.len[eb] &&
				memcmp(a->strings.str[ea], b->strings.str[eb], a->strings.len[ea]) == 0, text, len,
				"%s: row %u error message differs", what, i);
	}
	for (uint32_t k = 0; k < x->ncons; k++) {
		uint32_t sa = x->cons_site[k], sb = y->cons_site[k];
		CHECK(same_double(x->cons_mb[k], y->cons_mb[k]) && x->cons_count[k] == y->cons_count[k] &&
			a->sites.len[sa] == b->sites.len[sb] &&
			memcmp(a->sites.str[sa], b->sites.str[sb], a->sites.len[sa]) == 0, text, len,
			"%s: consumer %u differs", what, k);
	}
	CHECK(a->warnings.n == b->warnings.n, text, len, "%s: %zu warnings vs %zu (first: '%s' / '%s')", what,
		a->warnings.n, b->warnings.n, a->warnings.n ? a->warnings.v[0].message : "-",
		b->warnings.n ? b->warnings.v[0].message : "-");
	for (size_t i = 0; i < a->warnings.n; i++) {
		const struct ls_warning *u = &a->warnings.v[i], *v = &b->warnings.v[i];
		CHECK(u->offset == v->offset && strcmp(u->message, v->message) == 0, text, len,
			"%s: warning %zu differs: %llu '%s' vs %llu '%s'", what, i, (unsigned long long)u->offset,
			u->message, (unsigned long long)v->offset, v->message);
	}
}

/* Parse on one thread, on two threads and through json-c only; check all
 * invariants; leave the one-thread result in *out (caller frees). */
static void parse_all(const struct source *s, const char *text, size_t len, size_t src_records,
	struct ls_file_result *out)
{
	ls_file_result_init(out);
	ls_parse_text(text, len, s->name, out, 1);
	check_result(out, s->name, text, len, src_records);

	/* two threads on every third text: starting and joining the pool's
	 * threads costs more than the parse on a busy machine */
	static unsigned nparse;
	if (nparse++ % 3 == 0) {
		struct ls_file_result two;
		ls_file_result_init(&two);
		ls_parse_text(text, len, s->name, &two, 2);
		check_same(out, &two, "1 vs 2 threads", text, len);
		ls_file_result_done(&two);
	}

	struct ls_file_result ref;
	ls_file_result_init(&ref);
	write_tmp(text, len);
	struct ls_load_opts o = {.threads = 1, .jsonc_only = true};
	ls_load_file(tmp_path, &ref, &o);
	check_same(out, &ref, "fast path vs json-c", text, len);
	ls_file_result_done(&ref);
}

static bool has_warning(const struct ls_file_result *r, const char *needle)
{
	for (size_t i = 0; i < r->warnings.n; i++)
		if (strstr(r->warnings.v[i].message, needle))
			return true;
	return false;
}

/* ---- exact families ---- */

/* The untouched sources: every record, no warning. */
static void test_sources_clean(void **state)
{
	(void)state;
	cur_family = "clean";
	for (size_t k = 0; k < 2; k++) {
		const struct source *s = &sources[k];
		struct ls_file_result r;
		parse_all(s, s->text, s->len, s->n, &r);
		CHECK(r.records == s->n && r.warnings.n == 0, s->text, s->len, "clean source: %llu records, %zu warnings",
			(unsigned long long)r.records, r.warnings.n);
		assert_int_equal(r.ep.format, k == 0 ? LS_FMT_PROFILE : LS_FMT_SNAPSHOT);
		ls_file_result_done(&r);
	}
}

/* A cut at every byte (the profiler rewrites files in place): exactly the
 * records that ended before the cut are kept, and the file says where it
 * was cut: at the start of the record the cut went through, or at the cut
 * when it fell between records. */
static void test_truncate_everywhere(void **state)
{
	(void)state;
	cur_family = "truncate";
	for (size_t k = 0; k < 2; k++) {
		const struct source *s = &sources[k];
		for (size_t cut = 0; cut < s->len; cut++) {
			cur_iter = (unsigned)cut;
			size_t complete = 0;
			while (complete < s->n && s->end[complete] <= cut)
				complete++;
			struct ls_file_result r;
			parse_all(s, s->text, cut, s->n, &r);
			CHECK(r.records == complete, s->text, cut, "cut at %zu: %llu records kept, %zu complete", cut,
				(unsigned long long)r.records, complete);
			if (cut == 0) {
				CHECK(r.empty && r.warnings.n == 1, s->text, cut, "empty text not reported as empty");
			} else {
				CHECK(r.truncated && r.warnings.n >= 1, s->text, cut, "cut at %zu not reported", cut);
				const struct ls_warning *w = &r.warnings.v[r.warnings.n - 1];
				size_t at = complete < s->n && cut > s->start[complete] ? s->start[complete] : cut;
				CHECK(w->offset == at && strstr(w->message, "truncated"), s->text, cut,
					"last warning '%s' at %llu, not at %zu (cut at %zu)", w->message,
					(unsigned long long)w->offset, at, cut);
			}
			ls_file_result_done(&r);
		}
	}
}

/* Value classes for type swaps. */
enum vclass { V_STR = 1, V_INT = 2, V_DBL = 4, V_BOOL = 8, V_NULL = 16, V_ARR = 32, V_OBJ = 64, V_BAD = 128,
	V_REQ = 256, /* only a "req-N" string, which no swap value is */
	V_STATUS = 512, /* only a three-digit integer, which no swap value is */
	V_MEM = 1024, /* only an object with a current_mb, which no swap value is */
	V_NAME = 2048 /* only the other records' endpoint name, which no swap value is */ };
#define V_NUM (V_INT | V_DBL)
#define V_ANY 511

static const struct {
	const char *text;
	unsigned cls;
} swaps[] = {
	{"\"str\"", V_STR}, {"7", V_INT}, {"1.5", V_DBL}, {"true", V_BOOL}, {"null", V_NULL},
	{"[]", V_ARR}, {"{}", V_OBJ}, {"{\"x\":[1,2]}", V_OBJ},
	/* an array with elements no consumer list may hold */
	{"[1,{\"file\":7}]", V_BAD},
};

/* The types each field accepts without a word (anything else must warn and
 * keep the record). `in` is the object the key sits in. */
struct field {
	const char *key;
	unsigned profile, snapshot; /* accepted classes; 0 = the field does not occur there */
};

static const struct field fields[] = {
	{"request_id", V_REQ, V_REQ},
	{"timestamp", V_NUM, V_NUM},
	/* not a string: warned, the name comes from another record or the
	 * file; another name than the other records': warned */
	{"endpoint", V_NAME, 0},
	{"method", V_ANY, 0},          /* read by nobody */
	{"status_code", V_STATUS, 0},
	{"status_category", V_ANY, 0},
	{"latency", V_NUM, 0},
	{"had_error", V_BOOL, V_BOOL},
	{"error_message", V_STR | V_NULL, V_STR | V_NULL},
	{"memory", V_MEM, 0},
	{"detailed_snapshot", V_BOOL, 0},
	{"current_mb", V_NUM, V_NUM},
	{"peak_mb", V_NUM, V_NUM},
	{"tracking_enabled", V_BOOL, 0},
	{"top_consumers", V_ARR, V_ARR | V_NULL},
	{"top_consumers_error", V_STR, 0}, /* the snapshot's exception, as text */
	{"file", V_STR, V_STR},
	{"size_mb", V_NUM, V_NUM},
	{"count", V_INT, V_INT},        /* whole blocks: 1.5 is warned */
	{"batch", 0, V_INT},
	{"request_in_batch", 0, V_ANY},
};

/* End of the JSON value starting at text[i] (strings, scalars and balanced
 * containers; the sources are valid). */
static size_t value_end(const char *t, size_t len, size_t i)
{
	if (t[i] == '"') {
		for (i++; i < len; i++) {
			if (t[i] == '\\')
				i++;
			else if (t[i] == '"')
				return i + 1;
		}
		return len;
	}
	if (t[i] == '{' || t[i] == '[') {
		int depth = 0;
		bool str = false;
		for (; i < len; i++) {
			char c = t[i];
			if (str) {
				if (c == '\\')
					i++;
				else if (c == '"')
					str = false;
			} else if (c == '"') {
				str = true;
			} else if (c == '{' || c == '[') {
				depth++;
			} else if ((c == '}' || c == ']') && --depth == 0) {
				return i + 1;
			}
		}
		return len;
	}
	while (i < len && t[i] != ',' && t[i] != '}' && t[i] != ']')
		i++;
	return i;
}

/* Every occurrence of every known field, with every value class: the record
 * stays, and a warning comes exactly when the type is not accepted. */
static void test_type_swaps(void **state)
{
	(void)state;
	cur_family = "type swap";
	struct mtext m = {0};
	unsigned tried = 0;
	for (size_t k = 0; k < 2; k++) {
		const struct source *s = &sources[k];
		for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
			unsigned ok = k == 0 ? fields[f].profile : fields[f].snapshot;
			if (!ok)
				continue;
			char pat[64];
			snprintf(pat, sizeof pat, "\"%s\":", fields[f].key);
			for (const char *hit = strstr(s->text, pat); hit; hit = strstr(hit + 1, pat)) {
				size_t a = (size_t)(hit - s->text) + strlen(pat);
				size_t b = value_end(s->text, s->len, a);
				for (size_t v = 0; v < sizeof swaps / sizeof *swaps; v++) {
					cur_iter = tried++;
					mt_set(&m, s->text, s->len);
					mt_splice(&m, a, b, swaps[v].text, strlen(swaps[v].text));
					struct ls_file_result r;
					parse_all(s, m.p, m.len, s->n, &r);
					CHECK(r.records == s->n, m.p, m.len, "%s = %s dropped a record", fields[f].key,
						swaps[v].text);
					bool quiet = (swaps[v].cls & ok) != 0;
					if (quiet)
						CHECK(r.warnings.n == 0, m.p, m.len, "%s = %s is accepted but warned '%s'",
							fields[f].key, swaps[v].text, r.warnings.v[0].message);
					else
						CHECK(r.warnings.n > 0, m.p, m.len, "%s = %s was ignored without a warning",
							fields[f].key, swaps[v].text);
					ls_file_result_done(&r);
				}
			}
		}
	}
	assert_true(tried > 200);
	free(m.p);
}

/* ---- random families ---- */

static const char structural[] = "[]{}\",\\:";

/* A run of n copies of `open`, one value, n copies of `close`. */
static char *nest(size_t n, const char *open, const char *mid, const char *close)
{
	struct ls_buf b;
	ls_buf_init(&b);
	for (size_t i = 0; i < n; i++)
		ls_buf_puts(&b, open);
	ls_buf_puts(&b, mid);
	for (size_t i = 0; i < n; i++)
		ls_buf_puts(&b, close);
	return b.data;
}

static char *deep_array, *deep_object, *deep_open;

/* Tokens put in place of values or anywhere. Lengths matter (NUL bytes). */
struct token {
	const char *p;
	size_t n;
};

static size_t ntokens;
static struct token tokens[40];

static void add_token(const char *p, size_t n)
{
	tokens[ntokens++] = (struct token){p, n};
}
#define TOK(lit) add_token(lit, sizeof lit - 1)

static void tokens_init(void)
{
	if (ntokens)
		return;
	TOK("NaN"); TOK("-NaN"); TOK("Infinity"); TOK("-Infinity"); TOK("nan"); TOK("inf");
	TOK("1e999"); TOK("-1e999"); TOK("1e-400"); TOK("-0"); TOK("-0.0"); TOK("0e0");
	TOK("99999999999999999999999"); TOK("-9223372036854775809"); TOK("18446744073709551616");
	TOK("9223372036854775807"); TOK("123456789012345678901234567890.5e-3");
	TOK("\"\xff\xfe\""); TOK("\"\xc0\xaf\""); TOK("\"\xed\xa0\x80\""); TOK("\"\xe2\x82\""); TOK("\xff");
	TOK("\"\\ud800\""); TOK("\"\\udc00\\ud800\""); TOK("\"\\u0000\""); TOK("\"a\\u00\"");
	TOK("\"\0\""); TOK("\0"); TOK("\"\\\""); TOK("\\"); TOK("\"2026-13-45T99:99:99\"");
	TOK("\"2026-11-20T10:15:nan\""); TOK("\"2026-11-20T10:15:inf\""); TOK("\"req-\""); TOK("\"req-1e9\"");
	add_token(deep_array, strlen(deep_array));
	add_token(deep_object, strlen(deep_object));
	add_token(deep_open, strlen(deep_open));
	TOK("/* c */"); TOK("'single'");
}

/* Start offsets of scalar values: after a ':' outside strings, or the first
 * element of an array. */
static size_t value_starts(const char *t, size_t len, size_t *out, size_t cap)
{
	size_t n = 0;
	bool str = false;
	for (size_t i = 0; i < len && n < cap; i++) {
		char c = t[i];
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
		} else if (c == '"') {
			str = true;
		} else if ((c == ':' || c == '[') && i + 1 < len && t[i + 1] != '{' && t[i + 1] != '[' &&
			   t[i + 1] != ']') {
			out[n++] = i + 1;
		}
	}
	return n;
}

enum family { F_FLIP, F_DELETE, F_DUP, F_INSERT, F_REPLACE, F_COMBO, NFAMILIES };
static const char *const family_names[] = {"byte flip", "delete structural", "duplicate structural",
	"insert token", "replace value", "combination"};

static void mutate_once(struct mtext *m, enum family f)
{
	switch (f) {
	case F_FLIP: {
		if (!m->len)
			return;
		size_t i = rng_below(m->len);
		unsigned char c = (unsigned char)m->p[i];
		/* half single-bit flips, half any other byte */
		unsigned char d = rng_next() & 1 ? (unsigned char)(c ^ (1u << rng_below(8)))
						 : (unsigned char)(c + 1 + rng_below(255));
		m->p[i] = (char)d;
		return;
	}
	case F_DELETE:
	case F_DUP: {
		char want = structural[rng_below(sizeof structural - 1)];
		size_t cnt = 0;
		for (size_t i = 0; i < m->len; i++)
			cnt += m->p[i] == want;
		if (!cnt)
			return;
		size_t pick = rng_below(cnt);
		for (size_t i = 0; i < m->len; i++)
			if (m->p[i] == want && pick-- == 0) {
				if (f == F_DELETE)
					mt_splice(m, i, i + 1, "", 0);
				else
					mt_splice(m, i, i, &want, 1);
				return;
			}
		return;
	}
	case F_INSERT: {
		const struct token *t = &tokens[rng_below(ntokens)];
		size_t i = rng_below(m->len + 1);
		mt_splice(m, i, i, t->p, t->n);
		return;
	}
	case F_REPLACE: {
		size_t starts[256];
		size_t n = value_starts(m->p, m->len, starts, 256);
		if (!n)
			return;
		size_t a = starts[rng_below(n)];
		size_t b = value_end(m->p, m->len, a);
		const struct token *t = &tokens[rng_below(ntokens)];
		mt_splice(m, a, b, t->p, t->n);
		return;
	}
	case F_COMBO: {
		unsigned k = 2 + (unsigned)rng_below(4);
		for (unsigned j = 0; j < k; j++)
			mutate_once(m, (enum family)rng_below(F_COMBO));
		return;
	}
	case NFAMILIES:
		break;
	}
}

/* Per family and source: ITERS damaged texts, general invariants only. A
 * replaced value never removes a record silently: when the count drops, a
 * warning says so (checked in check_result). */
static void test_random_mutations(void **state)
{
	(void)state;
	deep_array = nest(10000, "[", "1", "]");
	deep_object = nest(10000, "{\"a\":", "1", "}");
	deep_open = nest(10000, "[{\"k\":", "", "");
	tokens_init();
	unsigned iters = iterations();
	struct mtext m = {0};
	unsigned dropped = 0, total = 0;
	for (int f = 0; f < NFAMILIES; f++) {
		cur_family = family_names[f];
		for (size_t k = 0; k < 2; k++) {
			const struct source *s = &sources[k];
			rng_state = 0x5eed0000u + (uint64_t)f * 16 + k;
			for (unsigned it = 0; it < iters; it++) {
				cur_iter = it;
				mt_set(&m, s->text, s->len);
				mutate_once(&m, (enum family)f);
				struct ls_file_result r;
				parse_all(s, m.p, m.len, s->n, &r);
				dropped += r.records < s->n;
				total++;
				ls_file_result_done(&r);
			}
		}
	}
	/* the damage was real: many texts lost records (and said so) */
	assert_true(dropped > total / 10);
	free(m.p);
	free(deep_array);
	free(deep_object);
	free(deep_open);
}

/* Whole-file oddities around the array itself. */
static void test_file_level(void **state)
{
	(void)state;
	cur_family = "file level";
	const struct source *s = &sources[0];
	struct mtext m = {0};
	static const struct {
		const char *prefix, *suffix;
		size_t kept;
		const char *warning; /* a warning that must be present, or NULL for none at all */
	} cases[] = {
		{"\xef\xbb\xbf", "", 5, NULL},
		{"\xef\xbb", "", 0, "not a JSON array"},
		{" \r\n\t", " \n", 5, NULL},
		{"", "]", 5, "after the closing"},
		{"", "[]", 5, "after the closing"},
		{"", "\0", 5, "after the closing"},
		{"{\"a\":", "}", 0, "not a JSON array"},
		{"\0", "", 0, "not a JSON array"},
		/* [[...]]: one element, an array of records: read, and said */
		{"[", "", 5, "'[' inside the array"},
		/* [[[...]: two stray '[' before the records, not a cut-off
		 * record; every record is read */
		{"[[", "", 5, "a stray '[' before a record"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cur_iter = (unsigned)i;
		size_t pl = i == 7 ? 1 : strlen(cases[i].prefix);
		size_t sl = i == 5 ? 1 : strlen(cases[i].suffix);
		mt_set(&m, s->text, s->len);
		mt_splice(&m, 0, 0, cases[i].prefix, pl);
		mt_splice(&m, m.len, m.len, cases[i].suffix, sl);
		struct ls_file_result r;
		parse_all(s, m.p, m.len, s->n, &r);
		CHECK(r.records == cases[i].kept, m.p, m.len, "case %zu: %llu records kept, expected %zu", i,
			(unsigned long long)r.records, cases[i].kept);
		if (cases[i].warning)
			CHECK(has_warning(&r, cases[i].warning), m.p, m.len, "case %zu: no warning '%s'", i,
				cases[i].warning);
		else if (cases[i].kept == s->n)
			CHECK(r.warnings.n == 0, m.p, m.len, "case %zu: unexpected warning '%s'", i,
				r.warnings.v[0].message);
		else
			CHECK(r.warnings.n > 0, m.p, m.len, "case %zu: records lost without a warning", i);
		ls_file_result_done(&r);
	}
	free(m.p);
}

/* Hostile names reach the terminal only sanitized: control bytes, C1 and
 * the bidi overrides that would show the rest of a line reversed, and
 * invisible characters. */
static void test_hostile_names(void **state)
{
	(void)state;
	static const char text[] = "[{\"request_id\":\"req-1\",\"endpoint\":\"/a\\u202eexe.txt\\u001b[2J\\u2066x\","
		"\"memory\":{\"current_mb\":1.5}}]";
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_parse_text(text, sizeof text - 1, "hostile.json", &r, 1);
	assert_int_equal(r.records, 1);
	assert_string_equal(r.ep.name, "/a\xe2\x80\xae" "exe.txt\x1b[2J\xe2\x81\xa6x");
	char *shown = ls_sanitize(r.ep.name);
	assert_string_equal(shown, "/a\\u202eexe.txt\\x1b[2J\\u2066x");
	free(shown);
	/* an invisible zero-width space would make "/chat" and "/ch<ZWSP>at"
	 * look the same; a zero-width joiner (emoji sequences) stays */
	shown = ls_sanitize("/ch\xe2\x80\x8b" "at \xe2\x80\x8d");
	assert_string_equal(shown, "/ch\\u200b" "at \xe2\x80\x8d");
	free(shown);
	/* so do an invisible separator and a soft hyphen */
	shown = ls_sanitize("/c\xe2\x81\xa3h\xc2\xad" "at");
	assert_string_equal(shown, "/c\\u2063h\\u00ad" "at");
	free(shown);
	/* ordinary non-ASCII text stays as it is */
	shown = ls_sanitize("caf\xc3\xa9 \xe2\x86\x92 \xe6\x97\xa5\xe6\x9c\xac");
	assert_string_equal(shown, "caf\xc3\xa9 \xe2\x86\x92 \xe6\x97\xa5\xe6\x9c\xac");
	free(shown);
	ls_file_result_done(&r);
}

/* Request ids beyond int64 saturate at INT64_MAX (like Python's unbounded
 * int, they sort after every other id). The analysis computed prev + 1 on
 * them: signed overflow, which UBSan (make check with --enable-sanitizers)
 * stops at. Found by tests/fuzz/fuzz_load.c. Two endpoints with a growing
 * site, the last records of one with saturated ids, through the whole
 * analysis and the JSON report. */
static char *endpoint_text(const char *name, int parity)
{
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 0; i < 40; i++) {
		long long id = 2 * i + parity + 1;
		char ids[32];
		if (parity && i >= 38)
			snprintf(ids, sizeof ids, "%s", i == 38 ? "99999999999999999998" : "99999999999999999999");
		else
			snprintf(ids, sizeof ids, "%lld", id);
		ls_buf_printf(&b,
			"%s{\"request_id\":\"req-%s\",\"timestamp\":%d,\"endpoint\":\"%s\",\"status_code\":%d,"
			"\"latency\":0.1,\"had_error\":%s,\"memory\":{\"current_mb\":%.3f,\"peak_mb\":300,"
			"\"tracking_enabled\":true,\"top_consumers\":[{\"file\":\"/srv/app/leak.py:%d\","
			"\"size_mb\":%.3f,\"count\":%d}]},\"detailed_snapshot\":true}",
			i ? "," : "", ids, 1790000000 + i, name, i % 5 == 0 ? 500 : 200, i % 5 == 0 ? "true" : "false",
			100 + 0.05 * (double)id, 7 + parity, 1 + 0.02 * (double)id, 100 + i);
	}
	ls_buf_puts(&b, "]");
	return b.data;
}

static void test_saturated_request_ids(void **state)
{
	(void)state;
	struct ls_model m;
	ls_model_init(&m);
	struct ls_process *p = ls_model_add_process(&m, "proc");
	static const char *const names[] = {"/a", "/b"};
	for (int k = 0; k < 2; k++) {
		char *text = endpoint_text(names[k], k);
		struct ls_file_result r;
		ls_file_result_init(&r);
		ls_parse_text(text, strlen(text), names[k], &r, 1);
		assert_int_equal(r.records, 40);
		/* saturated, not refused: ordered last, but said, and off the
		 * request axis */
		assert_int_equal(r.warnings.n, k == 1 ? 2 : 0);
		if (k == 1)
			assert_true(r.ep.req_no[39] == INT64_MAX && r.ep.req_no[38] == INT64_MAX &&
				!(r.ep.flags[39] & LS_REQ_HAS_ID));
		ls_endpoint_sort(&r.ep);
		ls_process_adopt(p, &r.ep, &r.sites, &r.strings);
		m.records_loaded += r.records;
		ls_file_result_done(&r);
		free(text);
	}
	ls_process_index(p);
	struct ls_analysis a;
	ls_analysis_init(&a, &m);
	struct ls_report_opts o;
	ls_report_opts_init(&o);
	o.format = LS_REPORT_JSON;
	struct ls_buf out;
	ls_buf_init(&out);
	ls_report_model(&out, &a, &o);
	assert_non_null(strstr(out.data, "\"endpoint\":\"/a\""));
	assert_non_null(strstr(out.data, "\"endpoint\":\"/b\""));
	assert_non_null(strstr(out.data, "/srv/app/leak.py:8"));
	ls_buf_done(&out);
	ls_analysis_done(&a);
	ls_model_done(&m);
}

/* A file whose request ids are mostly past 2^53 (damaged: no counter gets
 * there) has no request axis: its fit runs over the rows' order, as for a
 * file without ids, not over the huge numbers the loader said it leaves out
 * of the fits (the heap line read "over requests 9,007,199,254,740,990 to
 * 9,007,199,254,741,205"). */
static void test_ids_past_2_53_are_no_axis(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 0; i < 40; i++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%lld\",\"endpoint\":\"/a\",\"memory\":{\"current_mb\":%.3f}}",
			i ? "," : "", 9007199254740990LL + i, 100 + 0.01 * i);
	ls_buf_puts(&b, "]");
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_parse_text(b.data, b.len, "/a", &r, 1);
	assert_int_equal(r.records, 40);
	ls_endpoint_sort(&r.ep);
	assert_false(ls_endpoint_ids_usable(&r.ep));  /* 3 of 40 are at most 2^53 */
	struct ls_series_fit f;
	enum ls_verdict_kind kind;
	ls_detect_series(&r.ep, NULL, &f, &kind);
	assert_true(f.by_row);
	assert_int_equal(f.n, 40);
	assert_true(f.first_req == 0 && f.last_req == 39);
	ls_file_result_done(&r);
	ls_buf_done(&b);
}

int main(void)
{
	/* tmpfs when there is one: thousands of small files are written */
	struct stat st;
	const char *dir = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
		? "/dev/shm" : "/tmp";
	snprintf(tmp_path, sizeof tmp_path, "%s/ls-test-mutate-%ld.json", dir, (long)getpid());
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources_clean),
		cmocka_unit_test(test_truncate_everywhere),
		cmocka_unit_test(test_type_swaps),
		cmocka_unit_test(test_file_level),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_saturated_request_ids),
		cmocka_unit_test(test_ids_past_2_53_are_no_axis),
		cmocka_unit_test(test_random_mutations),
	};
	int rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	unlink(tmp_path);
	return rc;
}
