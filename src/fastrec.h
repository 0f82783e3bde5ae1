/* fastrec.h — a hand-written extractor for the common endpoint-profile record.
 *
 * json-c builds a tree of heap objects for every record (a hash table per
 * object, a malloc per value) only for the loader to copy seven numbers out
 * of it; on a 2-core machine that alone makes the load ten times slower than
 * reading the file. This extractor reads the usual shape in one pass without
 * allocating. It is deliberately narrow: it accepts a record only when every
 * field it knows is present with the expected type and a valid value, so that
 * the json-c path would have kept it without a single warning. Anything else
 * (escapes in strings, NaN, duplicate keys, nested unknown values, comments,
 * the memory-test shape, a wrong type, ...) makes it answer false and the
 * caller parses the record with json_tokener, which produces the warnings.
 * Results are therefore identical by construction; tests/test_load.c checks
 * it on both paths.
 */
#ifndef LS_FASTREC_H
#define LS_FASTREC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* HTTP status codes have three digits (RFC 9110, 15); anything else in
 * status_code is refused with a warning (record.c), so the fast path
 * leaves it to json-c. */
#define LS_MIN_STATUS 100
#define LS_MAX_STATUS 999

/* No heap holds more than this many MiB (1e9 MiB is about 1 PB, a thousand
 * times the memory of the largest machines): a current_mb, peak_mb or
 * size_mb above it is a damaged or made-up number, refused with a warning
 * (record.c), so the fast path leaves it to json-c. */
#define LS_MAX_HEAP_MB 1e9
/* No request takes a million seconds (11.6 days), and no profile was
 * written before 1970 or after 2286 (1e10 s): a latency or a Unix
 * timestamp beyond is damage, refused with a warning (record.c). */
#define LS_MAX_LATENCY_S 1e6
#define LS_MAX_UNIX_TIME 1e10

struct ls_fastcons {
	const char *file;   /* points into the record text (or the decoded
			     * scratch when it held escapes); not NUL-terminated */
	size_t file_len;
	size_t file_off;    /* offset in the scratch while parsing */
	bool file_decoded;
	double mb;
	int64_t count;
};

struct ls_fastrec {
	/* strings point into the record text, or into buf when they held escapes */
	const char *endpoint;
	size_t endpoint_len;
	const char *error_msg;   /* NULL when absent or null */
	size_t error_len;
	size_t endpoint_off, error_off;
	bool endpoint_decoded, error_decoded;
	int64_t req_no;
	double timestamp, latency, current_mb, peak_mb;
	int32_t status;
	uint16_t flags;          /* enum ls_req_flag bits, HAS_CONSUMERS included */
	/* consumers: a scratch array owned by the caller, reused between records */
	struct ls_fastcons *cons;
	size_t ncons, cons_cap;
	/* decoded strings of this record (scratch, reused; pointers into it are
	 * set once the record is complete, as it may move while growing) */
	char *buf;
	size_t buf_len, buf_cap;
};

/* Extract text[0..len) (one array element). True: *r holds the record.
 * False: use json_tokener (r's scalar fields are then meaningless). */
bool ls_fastrec_parse(const char *text, size_t len, struct ls_fastrec *r);
void ls_fastrec_done(struct ls_fastrec *r);

#endif
