/* load.c — streaming loader (see load.h).
 *
 * Reading: a bounded window (1 MiB, grown only for a single huge element) is
 * refilled from the file; the scanner cuts it into elements; each element is
 * parsed by json_tokener, copied into columns and freed before the next one.
 * Every refusal becomes a warning with the byte offset of the record (or of
 * the offending key inside it).
 */
#include "load.h"
#include "scan.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#define WINDOW (1u << 20)
/* Past this many warnings in one file the rest are only counted: a file of a
 * million bad records must not turn into a million lines of warnings. */
#define MAX_FILE_WARNINGS 200
/* Memory sizes beyond this (MiB, ~ 1 EiB) are refused as implausible. */
#define MAX_PLAUSIBLE_MB 1e12

struct parser {
	struct ls_file_result *r;
	const char *name;
	json_tokener *tok;
	uint64_t suppressed;       /* warnings only counted */
	uint64_t first_suppressed; /* offset of the first of them */
	bool format_warned;
};

void ls_file_result_init(struct ls_file_result *r)
{
	memset(r, 0, sizeof *r);
	ls_endpoint_init(&r->ep);
	ls_intern_init(&r->sites);
	ls_intern_init(&r->strings);
	ls_warnings_init(&r->warnings);
}

void ls_file_result_done(struct ls_file_result *r)
{
	ls_endpoint_done(&r->ep);
	ls_intern_done(&r->sites);
	ls_intern_done(&r->strings);
	ls_warnings_done(&r->warnings);
}

static void pwarn(struct parser *P, uint64_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pwarn(struct parser *P, uint64_t off, const char *fmt, ...)
{
	if (P->r->warnings.n >= MAX_FILE_WARNINGS) {
		if (!P->suppressed++)
			P->first_suppressed = off;
		return;
	}
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ls_warn(&P->r->warnings, P->name, off, "%s", msg);
}

static const char *type_name(json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a number";
	case json_type_int: return "an integer";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "unknown";
}

/* Byte offset of `"key"` inside the element text, for precise warnings. */
static uint64_t key_offset(const char *text, size_t len, uint64_t off, const char *key)
{
	char pat[64];
	int n = snprintf(pat, sizeof pat, "\"%s\"", key);
	if (n <= 0 || (size_t)n >= sizeof pat || (size_t)n > len)
		return off;
	/* only a key counts: the quoted name followed by ':' (a string value
	 * "current_mb" elsewhere in the record must not match) */
	for (size_t i = 0; i + (size_t)n <= len; i++) {
		if (text[i] != '"' || memcmp(text + i, pat, (size_t)n) != 0)
			continue;
		size_t j = i + (size_t)n;
		while (j < len && (text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t'))
			j++;
		if (j < len && text[j] == ':')
			return off + i;
	}
	return off;
}

struct elem {
	const char *text;
	size_t len;
	uint64_t off;
};

/* A number field: true and *out set when present and valid. Absent: false, quiet.
 * Present but refused: false and a warning. */
static bool get_number(struct parser *P, const struct elem *E, json_object *obj, const char *key,
	const char *what, double *out)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v))
		return false;
	enum json_type t = json_object_get_type(v);
	if (t != json_type_double && t != json_type_int) {
		pwarn(P, key_offset(E->text, E->len, E->off, key), "%s: expected a number, got %s; value ignored",
			what, type_name(v));
		return false;
	}
	double d = json_object_get_double(v);
	if (!isfinite(d) || fabs(d) > MAX_PLAUSIBLE_MB * 1e3) {
		pwarn(P, key_offset(E->text, E->len, E->off, key), "%s: refused non-finite or huge number %g", what, d);
		return false;
	}
	*out = d;
	return true;
}

/* Python truthiness of a JSON value (the original tests `if had_error`). */
static bool truthy(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null: return false;
	case json_type_boolean: return json_object_get_boolean(v);
	case json_type_double: return json_object_get_double(v) != 0;
	case json_type_int: return json_object_get_int64(v) != 0;
	case json_type_string: return json_object_get_string_len(v) > 0;
	case json_type_object: return json_object_object_length(v) > 0;
	case json_type_array: return json_object_array_length(v) > 0;
	}
	return false;
}

static bool get_bool(struct parser *P, const struct elem *E, json_object *obj, const char *key, bool *out)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v))
		return false;
	if (!json_object_is_type(v, json_type_boolean))
		pwarn(P, key_offset(E->text, E->len, E->off, key),
			"%s: expected a boolean, got %s; read as %s like the original", key, type_name(v),
			truthy(v) ? "true" : "false");
	*out = truthy(v);
	return true;
}

/* "2026-11-20T10:15:02.123456" (optionally Z or +hh:mm) -> Unix seconds, UTC. */
static bool parse_iso8601(const char *s, double *out)
{
	int Y, M, D, h = 0, m = 0, n = 0;
	double sec = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &Y, &M, &D, &n) != 3 || n != 10)
		return false;
	const char *p = s + n;
	if (*p == 'T' || *p == ' ') {
		int k = 0;
		if (sscanf(p + 1, "%2d:%2d:%lf%n", &h, &m, &sec, &k) < 3)
			return false;
		p += 1 + k;
	}
	double tz = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int th, tm = 0;
		if (sscanf(p + 1, "%2d:%2d", &th, &tm) < 1)
			return false;
		tz = (th * 3600 + tm * 60) * (*p == '-' ? -1 : 1);
		p += strlen(p);
	}
	if (*p || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec >= 61)
		return false;
	/* days from civil (H. Hinnant) */
	int y = Y - (M <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (M + (M > 2 ? -3 : 9)) + 2) / 5 + D - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	double days = (double)era * 146097 + (double)doe - 719468;
	*out = days * 86400 + h * 3600 + m * 60 + sec - tz;
	return true;
}

static void read_consumers(struct parser *P, const struct elem *E, json_object *arr, const char *key)
{
	struct ls_endpoint *ep = &P->r->ep;
	uint64_t off = key_offset(E->text, E->len, E->off, key);
	if (!json_object_is_type(arr, json_type_array)) {
		pwarn(P, off, "%s: expected an array, got %s; consumers ignored", key, type_name(arr));
		return;
	}
	ep->flags[ep->n - 1] |= LS_REQ_HAS_CONSUMERS;
	size_t n = json_object_array_length(arr);
	char loc[1024];
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(arr, i), *v;
		if (!json_object_is_type(c, json_type_object)) {
			pwarn(P, off, "%s[%zu]: expected an object, got %s; consumer skipped", key, i, type_name(c));
			continue;
		}
		const char *file = "unknown";
		size_t flen = 7;
		if (json_object_object_get_ex(c, "file", &v)) {
			if (!json_object_is_type(v, json_type_string)) {
				pwarn(P, off, "%s[%zu].file: expected a string, got %s; consumer skipped", key, i,
					type_name(v));
				continue;
			}
			file = json_object_get_string(v);
			flen = (size_t)json_object_get_string_len(v);
		}
		double mb = 0;
		if (json_object_object_get_ex(c, "size_mb", &v)) {
			enum json_type t = json_object_get_type(v);
			double d = (t == json_type_double || t == json_type_int) ? json_object_get_double(v) : NAN;
			if (!isfinite(d) || fabs(d) > MAX_PLAUSIBLE_MB) {
				pwarn(P, off, "%s[%zu].size_mb: refused %s; consumer skipped", key, i,
					t == json_type_double || t == json_type_int ? "non-finite or huge number"
										    : type_name(v));
				continue;
			}
			mb = d;
		}
		int64_t count = 0;
		if (json_object_object_get_ex(c, "count", &v)) {
			enum json_type t = json_object_get_type(v);
			if (t == json_type_int)
				count = json_object_get_int64(v);
			else if (t == json_type_double && isfinite(json_object_get_double(v)))
				count = (int64_t)json_object_get_double(v);
			else
				pwarn(P, off, "%s[%zu].count: expected an integer, got %s; count read as 0", key, i,
					type_name(v));
		}
		size_t l = ls_normalize_location(file, flen, loc, sizeof loc);
		ls_endpoint_add_consumer(ep, ls_intern_add(&P->r->sites, loc, l), mb, count);
	}
}

static void set_endpoint_name(struct parser *P, json_object *obj)
{
	json_object *v;
	if (P->r->ep.name || !json_object_object_get_ex(obj, "endpoint", &v) ||
	    !json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0)
		return;
	P->r->ep.name = ls_xstrndup(json_object_get_string(v), (size_t)json_object_get_string_len(v));
}

static void read_record(struct parser *P, const struct elem *E, json_object *obj)
{
	struct ls_endpoint *ep = &P->r->ep;
	json_object *v, *mem = NULL;
	bool has_mem_obj = json_object_object_get_ex(obj, "memory", &mem);
	if (has_mem_obj && !json_object_is_type(mem, json_type_object)) {
		pwarn(P, key_offset(E->text, E->len, E->off, "memory"),
			"memory: expected an object, got %s; memory fields ignored", type_name(mem));
		mem = NULL;
	}
	/* memory-test records: memory numbers at the top level, a batch number,
	 * or an ISO-8601 timestamp string (profiles write Unix seconds) */
	enum ls_format fmt = has_mem_obj ? LS_FMT_PROFILE
		: (json_object_object_get_ex(obj, "current_mb", &v) || json_object_object_get_ex(obj, "batch", &v) ||
		   (json_object_object_get_ex(obj, "timestamp", &v) && json_object_is_type(v, json_type_string)))
		? LS_FMT_SNAPSHOT : LS_FMT_PROFILE;
	if (ep->format == LS_FMT_UNKNOWN)
		ep->format = fmt;
	else if (ep->format != fmt && !P->format_warned) {
		P->format_warned = true;
		pwarn(P, E->off, "record in %s format inside a %s file; read anyway",
			fmt == LS_FMT_SNAPSHOT ? "memory-test" : "endpoint-profile",
			ep->format == LS_FMT_SNAPSHOT ? "memory-test" : "endpoint-profile");
	}

	uint32_t r = ls_endpoint_add_row(ep);
	uint16_t fl = 0;
	ep->offset[r] = E->off;
	set_endpoint_name(P, obj);

	if (json_object_object_get_ex(obj, "request_id", &v)) {
		if (json_object_is_type(v, json_type_string)) {
			int64_t no;
			if (ls_parse_request_no(json_object_get_string(v), (size_t)json_object_get_string_len(v), &no)) {
				ep->req_no[r] = no;
				fl |= LS_REQ_HAS_ID;
			} else {
				pwarn(P, key_offset(E->text, E->len, E->off, "request_id"),
					"request_id \"%.60s\" has no number after '-'; ordered as 0", json_object_get_string(v));
			}
		} else {
			pwarn(P, key_offset(E->text, E->len, E->off, "request_id"),
				"request_id: expected a string, got %s; ordered as 0", type_name(v));
		}
	}

	double d;
	if (json_object_object_get_ex(obj, "timestamp", &v) && json_object_is_type(v, json_type_string)) {
		if (parse_iso8601(json_object_get_string(v), &d)) {
			ep->timestamp[r] = d;
			fl |= LS_REQ_HAS_TIME;
		} else {
			pwarn(P, key_offset(E->text, E->len, E->off, "timestamp"),
				"timestamp \"%.40s\" is not ISO-8601; ignored", json_object_get_string(v));
		}
	} else if (get_number(P, E, obj, "timestamp", "timestamp", &d)) {
		ep->timestamp[r] = d;
		fl |= LS_REQ_HAS_TIME;
	}
	if (get_number(P, E, obj, "latency", "latency", &d)) {
		ep->latency[r] = d;
		fl |= LS_REQ_HAS_LATENCY;
	}
	if (json_object_object_get_ex(obj, "status_code", &v)) {
		if (json_object_is_type(v, json_type_int) && json_object_get_int64(v) >= INT32_MIN &&
		    json_object_get_int64(v) <= INT32_MAX) {
			ep->status[r] = (int32_t)json_object_get_int64(v);
			fl |= LS_REQ_HAS_STATUS;
		} else {
			pwarn(P, key_offset(E->text, E->len, E->off, "status_code"),
				"status_code: expected an integer, got %s; ignored", type_name(v));
		}
	}
	bool b;
	if (get_bool(P, E, obj, "had_error", &b) && b)
		fl |= LS_REQ_ERROR;
	if (get_bool(P, E, obj, "detailed_snapshot", &b) && b)
		fl |= LS_REQ_DETAILED;
	if (json_object_object_get_ex(obj, "error_message", &v) && !json_object_is_type(v, json_type_null)) {
		if (json_object_is_type(v, json_type_string))
			ep->error_msg[r] = ls_intern_add(&P->r->strings, json_object_get_string(v),
				(size_t)json_object_get_string_len(v));
		else
			pwarn(P, key_offset(E->text, E->len, E->off, "error_message"),
				"error_message: expected a string, got %s; ignored", type_name(v));
	}
	if (json_object_object_get_ex(obj, "batch", &v)) {
		if (json_object_is_type(v, json_type_int) && json_object_get_int64(v) >= INT32_MIN &&
		    json_object_get_int64(v) <= INT32_MAX)
			ep->batch[r] = (int32_t)json_object_get_int64(v);
		else
			pwarn(P, key_offset(E->text, E->len, E->off, "batch"), "batch: expected an integer, got %s; ignored",
				type_name(v));
	}

	/* memory numbers: inside "memory" (profiles) or at the top level (memory tests) */
	json_object *m = mem ? mem : (fmt == LS_FMT_SNAPSHOT ? obj : NULL);
	if (m) {
		if (get_number(P, E, m, "current_mb", "current_mb", &d)) {
			ep->current_mb[r] = d;
			fl |= LS_REQ_HAS_MEM;
		} else if (json_object_object_get_ex(m, "current_mb", &v) && json_object_is_type(v, json_type_null)) {
			/* get_number already warned for other types; null is refused too */
			pwarn(P, key_offset(E->text, E->len, E->off, "current_mb"), "current_mb: null; value ignored");
		}
		if (get_number(P, E, m, "peak_mb", "peak_mb", &d)) {
			ep->peak_mb[r] = d;
			fl |= LS_REQ_HAS_PEAK;
		}
		if (get_bool(P, E, m, "tracking_enabled", &b) && !b)
			fl |= LS_REQ_TRACKING_OFF;
		if (json_object_object_get_ex(m, "top_consumers_error", &v))
			fl |= LS_REQ_CONSUMERS_ERROR;
	}
	ep->flags[r] = fl;
	if (fl & LS_REQ_ERROR)
		ep->nerrors++;
	/* consumers: memory.top_consumers, and for memory-test files the top level */
	if (mem && json_object_object_get_ex(mem, "top_consumers", &v))
		read_consumers(P, E, v, "top_consumers");
	if (json_object_object_get_ex(obj, "top_consumers", &v) && !json_object_is_type(v, json_type_null))
		read_consumers(P, E, v, "top_consumers");
	P->r->records++;
}

static void parse_element(struct parser *P, const char *text, size_t len, uint64_t off)
{
	struct elem E = {text, len, off};
	if (len > INT_MAX) {
		pwarn(P, off, "record of %zu bytes is too large; skipped", len);
		return;
	}
	json_tokener_reset(P->tok);
	json_object *obj = json_tokener_parse_ex(P->tok, text, (int)len);
	enum json_tokener_error err = json_tokener_get_error(P->tok);
	bool padded = false;
	if (!obj && err == json_tokener_continue) {
		/* a bare number at the end of the text needs a terminator; the
		 * parse end then refers to the pad, and the whole text was used */
		obj = json_tokener_parse_ex(P->tok, " ", 1);
		err = json_tokener_get_error(P->tok);
		padded = true;
	}
	if (!obj || err != json_tokener_success) {
		if (obj)
			json_object_put(obj);
		if (err == json_tokener_success)
			pwarn(P, off, "record is null; skipped");
		else
			pwarn(P, off + (uint64_t)json_tokener_get_parse_end(P->tok),
				"invalid JSON in record (%s); record skipped", json_tokener_error_desc(err));
		return;
	}
	if (!padded && (size_t)json_tokener_get_parse_end(P->tok) < len) {
		size_t i = json_tokener_get_parse_end(P->tok);
		while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
			i++;
		if (i < len) {
			json_object_put(obj);
			pwarn(P, off + i, "unexpected bytes after a record; record skipped");
			return;
		}
	}
	if (!json_object_is_type(obj, json_type_object))
		pwarn(P, off, "record is %s, not an object; skipped", type_name(obj));
	else
		read_record(P, &E, obj);
	json_object_put(obj);
}

static void parser_init(struct parser *P, struct ls_file_result *r, const char *name)
{
	memset(P, 0, sizeof *P);
	P->r = r;
	P->name = name;
	P->tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	if (!P->tok) {
		fprintf(stderr, "leakscope: out of memory (json_tokener)\n");
		abort();
	}
}

static void parser_done(struct parser *P)
{
	if (P->suppressed)
		ls_warn(&P->r->warnings, P->name, P->first_suppressed,
			"%llu more warnings in this file not listed (first at this offset)",
			(unsigned long long)P->suppressed);
	json_tokener_free(P->tok);
}

/* Called once the input is exhausted: explain how the array ended. */
static void finish_scan(struct parser *P, const struct ls_scan *s, uint64_t total, bool saw_bytes)
{
	struct ls_file_result *r = P->r;
	if (!saw_bytes) {
		r->empty = true;
		ls_warn(&r->warnings, P->name, 0, "empty file (the profiler may be rewriting it); nothing loaded");
		return;
	}
	switch (s->state) {
	case LS_SCAN_BEFORE:
		r->empty = true;
		ls_warn(&r->warnings, P->name, 0, "file holds only whitespace; nothing loaded");
		break;
	case LS_SCAN_BAD:
		r->failed = true;
		ls_warn(&r->warnings, P->name, 0, "top level is not a JSON array; file skipped");
		break;
	case LS_SCAN_BETWEEN:
	case LS_SCAN_ELEMENT:
		r->truncated = true;
		ls_warn(&r->warnings, P->name, total, "truncated at byte %llu, %llu records kept",
			(unsigned long long)total, (unsigned long long)r->records);
		break;
	case LS_SCAN_DONE:
		break;
	}
}

/* Non-blank bytes after the closing bracket. */
static void check_trailing(struct parser *P, const char *buf, size_t len, size_t pos, uint64_t base, bool *warned)
{
	for (size_t i = pos; i < len && !*warned; i++)
		if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t') {
			pwarn(P, base + i, "unexpected bytes after the closing ']'; ignored");
			*warned = true;
		}
}

/* Scan and parse everything available in the window; returns bytes the
 * caller may drop from the front. */
static size_t consume_window(struct parser *P, struct ls_scan *s, const char *buf, size_t len, uint64_t base,
	bool *trailing_warned)
{
	size_t a, b;
	for (;;) {
		enum ls_scan_result res = ls_scan_next(s, buf, len, &a, &b);
		if (res == LS_SCAN_ELEM) {
			parse_element(P, buf + a, b - a, base + a);
			continue;
		}
		if (res == LS_SCAN_END) {
			check_trailing(P, buf, len, s->pos, base, trailing_warned);
			s->pos = len;
		}
		break;
	}
	return ls_scan_keep_from(s);
}

/* Endpoint name when no record names one: the file name without ".json". */
static char *name_from_file(const char *path)
{
	const char *b = ls_basename(path);
	size_t n = strlen(b);
	if (n > 5 && strcmp(b + n - 5, ".json") == 0)
		n -= 5;
	return ls_xstrndup(b, n);
}

void ls_parse_text(const char *text, size_t len, const char *name, struct ls_file_result *r, unsigned threads)
{
	(void)threads;
	struct parser P;
	struct ls_scan s;
	bool tw = false;
	parser_init(&P, r, name);
	ls_scan_init(&s);
	consume_window(&P, &s, text, len, 0, &tw);
	finish_scan(&P, &s, len, len > 0);
	parser_done(&P);
	if (!r->ep.name)
		r->ep.name = name_from_file(name);
	r->ep.file = ls_xstrdup(name);
}

void ls_load_file(const char *path, struct ls_file_result *r, const struct ls_load_opts *o)
{
	struct parser P;
	struct ls_scan s;
	parser_init(&P, r, path);
	ls_scan_init(&s);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		ls_warn(&r->warnings, path, LS_NO_OFFSET, "cannot open: %s", strerror(errno));
		r->failed = true;
		if (fd >= 0)
			close(fd);
		parser_done(&P);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		ls_warn(&r->warnings, path, LS_NO_OFFSET, "is a directory");
		r->failed = true;
		close(fd);
		parser_done(&P);
		return;
	}
	r->ep.file_size = (uint64_t)st.st_size;
	r->ep.file_mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	size_t cap = WINDOW, len = 0;
	char *buf = ls_xmalloc(cap);
	uint64_t base = 0; /* file offset of buf[0] */
	bool saw = false, tw = false, failed = false;
	for (;;) {
		if (o && o->cancel && *o->cancel)
			break;
		if (len == cap) {
			cap *= 2; /* one element bigger than the window */
			buf = ls_xrealloc(buf, cap);
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			ls_warn(&r->warnings, path, base + len, "read error: %s; %llu records kept", strerror(errno),
				(unsigned long long)r->records);
			failed = true;
			break;
		}
		if (got == 0)
			break;
		saw = true;
		len += (size_t)got;
		size_t drop = consume_window(&P, &s, buf, len, base, &tw);
		if (s.state == LS_SCAN_BAD)
			break;
		memmove(buf, buf + drop, len - drop);
		len -= drop;
		base += drop;
		ls_scan_shift(&s, drop);
	}
	free(buf);
	close(fd);
	if (!failed && !(o && o->cancel && *o->cancel))
		finish_scan(&P, &s, base + len, saw);
	r->failed |= failed;
	parser_done(&P);
	if (!r->ep.name)
		r->ep.name = name_from_file(path);
	r->ep.file = ls_xstrdup(path);
}

/* ---- paths -> processes ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* *.json files directly in dir, sorted; subdirectories listed separately. */
static void list_dir(const char *dir, char ***files, size_t *nf, char ***subdirs, size_t *nd)
{
	size_t cf = 0, cd = 0;
	*files = NULL;
	*subdirs = NULL;
	*nf = *nd = 0;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = ls_xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		struct stat st;
		size_t n = strlen(de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			ls_grow(subdirs, &cd, *nd + 1, sizeof **subdirs);
			(*subdirs)[(*nd)++] = p;
		} else if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0) {
			ls_grow(files, &cf, *nf + 1, sizeof **files);
			(*files)[(*nf)++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
	if (*nf)
		qsort(*files, *nf, sizeof **files, cmp_str);
	if (*nd)
		qsort(*subdirs, *nd, sizeof **subdirs, cmp_str);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Warn about duplicate request ids inside one endpoint (rows sorted). */
static void check_duplicates(struct ls_model *m, const struct ls_endpoint *ep)
{
	uint32_t dups = 0;
	for (uint32_t i = 1; i < ep->n; i++) {
		if (!(ep->flags[i] & LS_REQ_HAS_ID) || !(ep->flags[i - 1] & LS_REQ_HAS_ID) ||
		    ep->req_no[i] != ep->req_no[i - 1])
			continue;
		if (dups++ < 20)
			ls_warn(&m->warnings, ep->file, ep->offset[i],
				"duplicate request_id req-%lld (also at byte %llu); both kept", (long long)ep->req_no[i],
				(unsigned long long)ep->offset[i - 1]);
	}
	if (dups > 20)
		ls_warn(&m->warnings, ep->file, LS_NO_OFFSET, "%u more duplicate request ids not listed", dups - 20);
}

struct loader {
	struct ls_model *m;
	const struct ls_load_opts *o;
	struct ls_load_progress prog;
};

static void report_progress(struct loader *L)
{
	if (L->o && L->o->progress)
		L->o->progress(L->o->progress_ctx, &L->prog);
}

static bool cancelled(const struct loader *L)
{
	return L->o && L->o->cancel && *L->o->cancel;
}

/* Load one file; returns true when it produced records. Memory-test files
 * become processes of their own; endpoint files join the process *pidx
 * (created on first use; kept as an index because the array may move). */
static bool load_one(struct loader *L, const char *path, const char *proc_path, int64_t *pidx)
{
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_load_file(path, &r, L->o);
	ls_warnings_append(&L->m->warnings, &r.warnings);
	L->prog.files_done++;
	L->prog.bytes_done += r.ep.file_size;
	report_progress(L);
	bool ok = r.records > 0;
	if (ok) {
		ls_endpoint_sort(&r.ep);
		check_duplicates(L->m, &r.ep);
		struct ls_process *p;
		if (r.ep.format == LS_FMT_SNAPSHOT) {
			p = ls_model_add_process(L->m, path);
		} else {
			if (*pidx < 0) {
				ls_model_add_process(L->m, proc_path);
				*pidx = L->m->nproc - 1;
			}
			p = &L->m->proc[*pidx];
		}
		L->m->files_loaded++;
		L->m->records_loaded += r.records;
		L->m->bytes_loaded += r.ep.file_size;
		ls_process_adopt(p, &r.ep, &r.sites, &r.strings);
	} else {
		L->m->files_failed++;
		if (!r.failed && !r.empty && !r.truncated)
			ls_warn(&L->m->warnings, path, LS_NO_OFFSET, "no records in file");
	}
	ls_file_result_done(&r);
	return ok;
}

static void load_group(struct loader *L, char **files, size_t n, const char *proc_path)
{
	int64_t pidx = -1;
	for (size_t i = 0; i < n && !cancelled(L); i++)
		load_one(L, files[i], proc_path, &pidx);
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

enum ls_load_status ls_load_paths(struct ls_model *m, const char *const *paths, size_t n,
	const struct ls_load_opts *o)
{
	struct loader L = {.m = m, .o = o};
	uint32_t first_proc = m->nproc;
	/* expand first so that progress knows the totals */
	struct group {
		char *proc_path;
		char **files;
		size_t n;
	} *groups = NULL;
	size_t ng = 0, gcap = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			ls_warn(&m->warnings, paths[i], LS_NO_OFFSET, "cannot open: %s", strerror(errno));
			m->files_failed++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			ls_grow(&groups, &gcap, ng + 1, sizeof *groups);
			char **one = ls_xmalloc(sizeof *one);
			one[0] = ls_xstrdup(paths[i]);
			groups[ng++] = (struct group){ls_xstrdup(paths[i]), one, 1};
			continue;
		}
		char **files, **subdirs;
		size_t nf, nd;
		list_dir(paths[i], &files, &nf, &subdirs, &nd);
		if (nf) {
			ls_grow(&groups, &gcap, ng + 1, sizeof *groups);
			groups[ng++] = (struct group){ls_xstrdup(paths[i]), files, nf};
		} else {
			free(files);
			/* a folder of process folders (like sample-profiles/): one level down */
			size_t found = 0;
			for (size_t k = 0; k < nd; k++) {
				char **f2, **s2;
				size_t nf2, nd2;
				list_dir(subdirs[k], &f2, &nf2, &s2, &nd2);
				free_list(s2, nd2);
				if (!nf2) {
					free(f2);
					continue;
				}
				ls_grow(&groups, &gcap, ng + 1, sizeof *groups);
				groups[ng++] = (struct group){ls_xstrdup(subdirs[k]), f2, nf2};
				found++;
			}
			if (!found) {
				ls_warn(&m->warnings, paths[i], LS_NO_OFFSET, "no *.json files in this directory");
				m->files_failed++;
			}
		}
		free_list(subdirs, nd);
	}
	for (size_t g = 0; g < ng; g++)
		for (size_t k = 0; k < groups[g].n; k++) {
			L.prog.files_total++;
			L.prog.bytes_total += file_size(groups[g].files[k]);
		}
	report_progress(&L);
	for (size_t g = 0; g < ng; g++) {
		if (!cancelled(&L))
			load_group(&L, groups[g].files, groups[g].n, groups[g].proc_path);
		free_list(groups[g].files, groups[g].n);
		free(groups[g].proc_path);
	}
	free(groups);
	for (uint32_t i = first_proc; i < m->nproc; i++)
		ls_process_index(&m->proc[i]);
	if (cancelled(&L))
		return LS_LOAD_CANCELLED;
	return m->records_loaded ? LS_LOAD_OK : LS_LOAD_NOTHING;
}
