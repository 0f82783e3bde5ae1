/* fuzz_load.c — libFuzzer harness for the loader (and what runs on its output).
 *
 * NOT part of `make check`: built by hand with clang's libFuzzer.
 *
 *   cd /work/main    # the source tree
 *   mkdir -p /tmp/fuzz/corpus
 *   clang -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
 *     -fsanitize=fuzzer,address,undefined,float-cast-overflow \
 *     -fno-sanitize-recover=undefined,float-cast-overflow \
 *     -Isrc $(pkg-config --cflags json-c libpcre2-8) \
 *     tests/fuzz/fuzz_load.c $(ls src/[a-z]*.c | grep -v main.c) \
 *     $(pkg-config --libs json-c libpcre2-8) -lpthread -lm -o /tmp/fuzz/fuzz_load
 *   # seeds: small files of both formats from lsgen (any valid or damaged file will do)
 *   B=/tmp/build-x   # a configured build with tests/gen/lsgen
 *   $B/tests/gen/lsgen process /tmp/fuzz/p --requests 60 --top 3 --endpoints /a:leak:6kb /b:errleak:20kb:err=0.3
 *   $B/tests/gen/lsgen snapshot /tmp/fuzz/corpus/snap.json --batches 2 --batch-size 8
 *   cp /tmp/fuzz/p/[a-z]*.json /tmp/fuzz/corpus/
 *   # fork mode goes on after a crash; findings land in /tmp/fuzz/artifacts
 *   mkdir -p /tmp/fuzz/artifacts
 *   /tmp/fuzz/fuzz_load -fork=1 -ignore_crashes=1 -max_total_time=600 -max_len=16384 \
 *     -timeout=20 -dict=tests/fuzz/json.dict -artifact_prefix=/tmp/fuzz/artifacts/ /tmp/fuzz/corpus
 *   # replay one input: /tmp/fuzz/fuzz_load /tmp/fuzz/artifacts/crash-...
 *
 * One input is one file's text. Per input:
 *   1. ls_parse_text on one thread; the result must be consistent (no
 *      more records than '{' bytes and request_id keys, fewer or more records than object
 *      elements of the array explained by a warning, warnings inside the text, rows starting at a '{');
 *   2. every array element is parsed again by the fast extractor and by
 *      json-c alone (record.h): both must give the same rows and warnings;
 *   3. the records are adopted into a model the way ls_load_paths does, and
 *      the whole analysis and the text and JSON reports are run on it.
 * An input may hold up to 4 files separated by the line "\x01EP\x01": the
 * endpoint files of one process, so the merged timeline and attribution
 * see several endpoints (seed: two lsgen files joined by that line).
 * A violated invariant calls abort(), which libFuzzer reports as a crash
 * with the input saved.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "analysis.h"
#include "load.h"
#include "model.h"
#include "record.h"
#include "report.h"
#include "scan.h"
#include "util.h"

#define FUZZ_NAME "fuzz.json"

static void die(const char *what)
{
	fprintf(stderr, "fuzz_load: invariant violated: %s\n", what);
	abort();
}

#define REQUIRE(c, what)           \
	do {                       \
		if (!(c))          \
			die(what); \
	} while (0)

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

/* Places a record can start: its '{', or (a record that lost it) its
 * "request_id" key, which the writer puts first. */
static size_t count_starts(const char *text, size_t len)
{
	static const char key[] = "\"request_id\"";
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '{' || (len - i >= sizeof key - 1 && memcmp(text + i, key, sizeof key - 1) == 0);
	return n;
}

static bool has_warning(const struct ls_file_result *r, const char *text)
{
	for (size_t i = 0; i < r->warnings.n; i++)
		if (strstr(r->warnings.v[i].message, text))
			return true;
	return false;
}

static bool ends_in_bracket(const char *text, size_t len)
{
	while (len && ls_json_blank(text[len - 1]))
		len--;
	return len && text[len - 1] == ']';
}

/* Where a row may start: at its record's '{', or, where the record lost
 * it, at the byte before its first key, where the reader puts one (the
 * file's first byte when that is the key: nothing comes before it). */
static bool row_start(const char *t, size_t len, size_t off)
{
	return off < len && (t[off] == '{' || (off + 1 < len && t[off + 1] == '"') || (off == 0 && t[0] == '"'));
}

static void check_result(const struct ls_file_result *r, const char *text, size_t len)
{
	const struct ls_endpoint *ep = &r->ep;
	bool closed;
	size_t objects = object_elements(text, len, &closed);
	REQUIRE(r->records == ep->n, "records == rows");
	/* a broken element can hold records that the reader finds again
	 * (resync.h), so the scanner's elements are no upper bound: every row
	 * starts at a '{' of its own, or one the reader puts before a record's
	 * request_id (checked below) */
	REQUIRE(ep->n <= count_starts(text, len), "records <= '{' bytes and request_id keys");
	if (ep->n != objects)
		REQUIRE(r->warnings.n > 0, "a dropped or found-again object is explained by a warning");
	/* a broken record may hide the closing ']' from the scanner while the
	 * reader, finding the records inside it, sees the array close: only a
	 * text that does not end in ']' is surely cut, or has bytes after its
	 * end */
	if (!closed)
		REQUIRE(r->warnings.n > 0, "an array the scanner sees unclosed is explained by a warning");
	if (!ends_in_bracket(text, len))
		REQUIRE(((r->truncated || r->failed || r->empty) && r->warnings.n > 0) ||
			has_warning(r, "unexpected bytes after the closing ']'"), "an unclosed array is reported");
	for (size_t i = 0; i < r->warnings.n; i++) {
		REQUIRE(r->warnings.v[i].file && strcmp(r->warnings.v[i].file, FUZZ_NAME) == 0, "warning names the file");
		REQUIRE(r->warnings.v[i].offset <= len, "warning offset inside the text");
		REQUIRE(r->warnings.v[i].message && r->warnings.v[i].message[0], "warning has a message");
	}
	for (uint32_t i = 0; i < ep->n; i++) {
		REQUIRE(row_start(text, len, ep->offset[i]), "row starts at a '{' (or where a lost one is put)");
		REQUIRE(ep->error_msg[i] < r->strings.n, "error message id in range");
		REQUIRE(!(ep->flags[i] & LS_REQ_HAS_MEM) || isfinite(ep->current_mb[i]), "finite current_mb");
		REQUIRE(!(ep->flags[i] & LS_REQ_HAS_PEAK) || isfinite(ep->peak_mb[i]), "finite peak_mb");
		REQUIRE(!(ep->flags[i] & LS_REQ_HAS_TIME) || isfinite(ep->timestamp[i]), "finite timestamp");
		REQUIRE(!(ep->flags[i] & LS_REQ_HAS_LATENCY) || isfinite(ep->latency[i]), "finite latency");
	}
	REQUIRE(ep->n == 0 || ep->cons_first[ep->n] == ep->ncons, "consumer index");
	for (uint32_t k = 0; k < ep->ncons; k++) {
		REQUIRE(ep->cons_site[k] > 0 && ep->cons_site[k] < r->sites.n, "site id in range");
		REQUIRE(isfinite(ep->cons_mb[k]), "finite consumer size");
	}
	REQUIRE(ep->name && ep->name[0], "endpoint has a name");
}

static bool same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* The fast extractor and json-c on one element: same row, same warnings. */
static void check_element(struct ls_parser *fast, struct ls_parser *ref, const char *text, size_t len, uint64_t off)
{
	struct ls_part a, b;
	ls_part_init(&a, FUZZ_NAME);
	ls_part_init(&b, FUZZ_NAME);
	size_t err;
	const char *why;
	ls_parse_element(fast, &a, text, len, off, &err, &why);
	ls_parse_element(ref, &b, text, len, off, &err, &why);
	REQUIRE(a.records == b.records && a.ep.n == b.ep.n, "fast/json-c: same number of rows");
	REQUIRE(a.warnings.n == b.warnings.n, "fast/json-c: same number of warnings");
	for (size_t i = 0; i < a.warnings.n; i++)
		REQUIRE(a.warnings.v[i].offset == b.warnings.v[i].offset &&
			strcmp(a.warnings.v[i].message, b.warnings.v[i].message) == 0, "fast/json-c: same warnings");
	for (uint32_t i = 0; i < a.ep.n; i++) {
		REQUIRE(a.ep.req_no[i] == b.ep.req_no[i] && a.ep.flags[i] == b.ep.flags[i] &&
			a.ep.status[i] == b.ep.status[i] && a.ep.batch[i] == b.ep.batch[i], "fast/json-c: same row");
		REQUIRE(same_double(a.ep.current_mb[i], b.ep.current_mb[i]) &&
			same_double(a.ep.peak_mb[i], b.ep.peak_mb[i]) &&
			same_double(a.ep.timestamp[i], b.ep.timestamp[i]) &&
			same_double(a.ep.latency[i], b.ep.latency[i]), "fast/json-c: same numbers");
		uint32_t ea = a.ep.error_msg[i], eb = b.ep.error_msg[i];
		REQUIRE((ea == 0) == (eb == 0), "fast/json-c: error message presence");
		if (ea)
			REQUIRE(a.strings.len[ea] == b.strings.len[eb] &&
				memcmp(a.strings.str[ea], b.strings.str[eb], a.strings.len[ea]) == 0,
				"fast/json-c: same error message");
	}
	REQUIRE(a.ep.ncons == b.ep.ncons, "fast/json-c: same number of consumers");
	for (uint32_t k = 0; k < a.ep.ncons; k++) {
		uint32_t sa = a.ep.cons_site[k], sb = b.ep.cons_site[k];
		REQUIRE(same_double(a.ep.cons_mb[k], b.ep.cons_mb[k]) && a.ep.cons_count[k] == b.ep.cons_count[k] &&
			a.sites.len[sa] == b.sites.len[sb] &&
			memcmp(a.sites.str[sa], b.sites.str[sb], a.sites.len[sa]) == 0, "fast/json-c: same consumer");
	}
	REQUIRE((a.name == NULL) == (b.name == NULL) && (!a.name || strcmp(a.name, b.name) == 0),
		"fast/json-c: same endpoint name");
	for (int k = 0; k < 3; k++)
		REQUIRE(a.fmt_first[k] == b.fmt_first[k], "fast/json-c: same format");
	ls_part_done(&a);
	ls_part_done(&b);
}

static void check_elements(const char *text, size_t len)
{
	static struct ls_parser fast, ref;
	static bool init;
	if (!init) {
		ls_parser_init(&fast, false);
		ls_parser_init(&ref, true);
		init = true;
	}
	struct ls_scan sc;
	ls_scan_init(&sc);
	ls_scan_input_end(&sc, len); /* the whole input */
	size_t a, b;
	while (ls_scan_next(&sc, text, len, &a, &b) == LS_SCAN_ELEM)
		check_element(&fast, &ref, text + a, b - a, a);
}

/* The input holds up to MAX_FILES files separated by SEP: the endpoint files
 * of one process (memory-test files become processes of their own), so the
 * merged timeline and cross-endpoint attribution are fuzzed too. */
#define MAX_FILES 4
/* (split after \x01: C reads "\x01EP" as the hex escape \x01E and a 'P',
 * and a separator that was "\n\x1eP\x01\n" never split a seed) */
static const char SEP[] = "\n\x01" "EP\x01\n";
_Static_assert(sizeof SEP == 7, "SEP is \\n \\x01 E P \\x01 \\n");

/* Adopt like load.c's adopt() and run everything a report runs. */
static void analyse(struct ls_file_result *r, size_t nfiles)
{
	struct ls_model m;
	ls_model_init(&m);
	int64_t pidx = -1;
	for (size_t i = 0; i < nfiles; i++) {
		ls_warnings_append(&m.warnings, &r[i].warnings);
		if (r[i].records == 0)
			continue;
		ls_endpoint_sort(&r[i].ep);
		struct ls_process *p;
		if (r[i].ep.format == LS_FMT_SNAPSHOT) {
			p = ls_model_add_process(&m, "snapshot");
		} else {
			if (pidx < 0) {
				ls_model_add_process(&m, "proc");
				pidx = m.nproc - 1;
			}
			p = &m.proc[pidx];
		}
		m.files_loaded++;
		m.records_loaded += r[i].records;
		ls_process_adopt(p, &r[i].ep, &r[i].sites, &r[i].strings);
	}
	for (uint32_t i = 0; i < m.nproc; i++)
		ls_process_index(&m.proc[i]);
	struct ls_analysis a;
	ls_analysis_init(&a, &m);
	static const enum ls_report_format fmts[] = {LS_REPORT_TEXT, LS_REPORT_JSON};
	for (size_t i = 0; i < 2; i++) {
		struct ls_report_opts o;
		ls_report_opts_init(&o);
		o.format = fmts[i];
		struct ls_buf out;
		ls_buf_init(&out);
		ls_report_model(&out, &a, &o);
		REQUIRE(out.len > 0, "a report");
		ls_buf_done(&out);
	}
	(void)ls_report_any_leak(&a, false);
	(void)ls_report_any_leak(&a, true);
	ls_analysis_done(&a);
	ls_model_done(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *end = text + size;
	struct ls_file_result r[MAX_FILES];
	size_t n = 0;
	while (n < MAX_FILES) {
		const char *next = n + 1 < MAX_FILES ? memmem(text, (size_t)(end - text), SEP, sizeof SEP - 1) : NULL;
		size_t len = next ? (size_t)(next - text) : (size_t)(end - text);
		ls_file_result_init(&r[n]);
		ls_parse_text(text, len, FUZZ_NAME, &r[n], 1);
		check_result(&r[n], text, len);
		check_elements(text, len);
		n++;
		if (!next)
			break;
		text = next + sizeof SEP - 1;
	}
	analyse(r, n);
	for (size_t i = 0; i < n; i++)
		ls_file_result_done(&r[i]);
	return 0;
}
