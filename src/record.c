/* record.c — one element -> one row (see record.h).
 *
 * Two ways in: the fast extractor (fastrec.c) for records of the usual shape,
 * and json_tokener for everything else. The json-c path is the reference: it
 * explains every refusal with a warning at the byte offset of the record or
 * of the offending key. The fast path only accepts records the json-c path
 * would keep without a warning and writes exactly the same row.
 */
#include "record.h"
#include "scan.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

/* Numbers beyond this are refused as implausible (a timestamp in the year
 * 30 million, a latency as long); memory sizes have a lower ceiling,
 * LS_MAX_HEAP_MB (fastrec.h). */
#define MAX_PLAUSIBLE_NUMBER 1e15

void ls_part_init(struct ls_part *p, const char *file)
{
	memset(p, 0, sizeof *p);
	p->file = file;
	ls_endpoint_init(&p->ep);
	ls_intern_init(&p->sites);
	ls_intern_init(&p->strings);
	ls_warnings_init(&p->warnings);
	for (int i = 0; i < 3; i++)
		p->fmt_first[i] = UINT64_MAX;
}

void ls_part_done(struct ls_part *p)
{
	ls_endpoint_done(&p->ep);
	ls_intern_done(&p->sites);
	ls_intern_done(&p->strings);
	ls_warnings_done(&p->warnings);
	free(p->name);
	ls_names_done(&p->names);
	memset(p, 0, sizeof *p);
}

void ls_names_add(struct ls_names *t, const char *s, size_t len, uint64_t n, uint64_t first)
{
	for (unsigned i = 0; i < t->nv; i++) {
		struct ls_name_count *c = &t->v[i];
		if (strlen(c->name) == len && memcmp(c->name, s, len) == 0) {
			c->n += n;
			if (first < c->first)
				c->first = first;
			return;
		}
	}
	if (t->nv == LS_NAMES_KEPT) {
		t->other += n;
		return;
	}
	t->v[t->nv++] = (struct ls_name_count){ls_xstrndup(s, len), n, first};
}

void ls_names_done(struct ls_names *t)
{
	for (unsigned i = 0; i < t->nv; i++)
		free(t->v[i].name);
	memset(t, 0, sizeof *t);
}

void ls_part_warn(struct ls_part *p, uint64_t off, const char *fmt, ...)
{
	if (p->warnings.n >= LS_MAX_FILE_WARNINGS) {
		if (!p->suppressed++)
			p->first_suppressed = off;
		return;
	}
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ls_warn(&p->warnings, p->file, off, "%s", msg);
}

void ls_part_skip(struct ls_part *p, uint64_t at, uint64_t from, uint64_t n, const char *fmt, ...)
{
	char why[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	ls_part_warn(p, at, "%s; record skipped (%llu byte%s from byte %llu)", why, (unsigned long long)n,
		n == 1 ? "" : "s", (unsigned long long)from);
}

void ls_parser_init(struct ls_parser *P, bool jsonc_only)
{
	memset(P, 0, sizeof *P);
	P->jsonc_only = jsonc_only;
	P->tok = json_tokener_new_ex(LS_JSON_MAX_DEPTH);
	if (!P->tok) {
		fprintf(stderr, "leakscope: out of memory (json_tokener)\n");
		abort();
	}
}

void ls_parser_done(struct ls_parser *P)
{
	json_tokener_free(P->tok);
	ls_fastrec_done(&P->fast);
	free(P->mend);
	P->tok = NULL;
}

/* json-c side: P is the part being filled */
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
		while (j < len && ls_json_blank(text[j]))
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

/* The number after `"key":` as the file wrote it, into buf (at most 40
 * characters, "..." after a longer one): json-c keeps only the value it
 * parsed, and 1e999 would read "inf", 99999999999999999999 its int64
 * clamp. `fallback` when no number text is found there, or (expect given)
 * when the text found is another value: the key's first occurrence in the
 * record may be another object's. */
static const char *number_text(const struct elem *E, const char *key, const double *expect, const char *fallback,
	char *buf, size_t size)
{
	size_t i = (size_t)(key_offset(E->text, E->len, E->off, key) - E->off) + strlen(key) + 2;
	while (i < E->len && (ls_json_blank(E->text[i]) || E->text[i] == ':'))
		i++;
	size_t n = 0;
	while (i + n < E->len && strchr("0123456789+-.eE", E->text[i + n]) && E->text[i + n])
		n++;
	if (!n || size < 44)
		return fallback;
	if (expect) {
		char tmp[512];
		snprintf(tmp, sizeof tmp, "%.*s", (int)(n < sizeof tmp ? n : sizeof tmp - 1), E->text + i);
		/* (json-c clamps an integer beyond int64 to its limit) */
		double x = strtod(tmp, NULL);
		bool clamped = fabs(*expect) >= 0x1p63 && (*expect > 0 ? x >= *expect : x <= *expect);
		if (x != *expect && !clamped)
			return fallback;
	}
	if (n > 40)
		snprintf(buf, size, "%.40s...", E->text + i);
	else
		snprintf(buf, size, "%.*s", (int)n, E->text + i);
	return buf;
}

/* A number field: true and *out set when present and valid. Absent: false, quiet.
 * Present but refused: false and a warning. */
static bool get_number(struct ls_part *P, const struct elem *E, json_object *obj, const char *key,
	const char *what, double *out)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v))
		return false;
	enum json_type t = json_object_get_type(v);
	if (t != json_type_double && t != json_type_int) {
		ls_part_warn(P, key_offset(E->text, E->len, E->off, key), "%s: expected a number, got %s; value ignored",
			what, type_name(v));
		return false;
	}
	double d = json_object_get_double(v);
	if (!isfinite(d) || fabs(d) > MAX_PLAUSIBLE_NUMBER) {
		char g[32], txt[48];
		snprintf(g, sizeof g, "%g", d);
		ls_part_warn(P, key_offset(E->text, E->len, E->off, key), "%s: refused non-finite or huge number %s", what,
			number_text(E, key, &d, g, txt, sizeof txt));
		return false;
	}
	*out = d;
	return true;
}

/* "KEY: refused <before><the number as written><after>; value ignored" */
static void refuse(struct ls_part *P, const struct elem *E, const char *key, double d, const char *before,
	const char *after)
{
	char g[32], t[48];
	snprintf(g, sizeof g, "%g", d);
	ls_part_warn(P, key_offset(E->text, E->len, E->off, key), "%s: refused %s%s%s; value ignored", key, before,
		number_text(E, key, &d, g, t, sizeof t), after);
}

/* A size or a duration: as get_number, and never below zero (tracemalloc
 * counts bytes, a request takes time; -0 is 0). */
static bool get_amount(struct ls_part *P, const struct elem *E, json_object *obj, const char *key, double *out)
{
	double d;
	if (!get_number(P, E, obj, key, key, &d))
		return false;
	if (d < 0) {
		refuse(P, E, key, d, "negative ", "");
		return false;
	}
	*out = d;
	return true;
}

/* A memory size (MiB): as get_amount, and no more than any heap holds. */
static bool get_mb(struct ls_part *P, const struct elem *E, json_object *obj, const char *key, double *out)
{
	double d;
	if (!get_amount(P, E, obj, key, &d))
		return false;
	if (d > LS_MAX_HEAP_MB) {
		refuse(P, E, key, d, "", " MB, more than any heap holds (the ceiling is 1e9 MB, about 1 PB)");
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

static bool get_bool(struct ls_part *P, const struct elem *E, json_object *obj, const char *key, bool *out)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, key, &v))
		return false;
	if (!json_object_is_type(v, json_type_boolean))
		ls_part_warn(P, key_offset(E->text, E->len, E->off, key),
			"%s: expected a boolean, got %s; read as %s like the original", key, type_name(v),
			truthy(v) ? "true" : "false");
	*out = truthy(v);
	return true;
}

/* n decimal digits at *p (stops at the terminating NUL, never past it). */
static bool iso_digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return true;
}

static bool iso_char(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

static const char *const month_name[12] = {"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"};

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* Why the fields of a well-formed time name no time there is (Python's
 * datetime, which writes these, has none of them): into why, true; or
 * false when they are a time. mktime would have made the 30th of February
 * the 2nd of March without a word. A 60th second (a leap second, which
 * ISO 8601 has) is let pass. */
static bool impossible_time(int Y, int M, int D, int h, int m, int sec, int th, int tm, char *why, size_t cap)
{
	if (Y < 1)
		snprintf(why, cap, "there is no year 0");
	else if (M < 1 || M > 12)
		snprintf(why, cap, "there is no month %d", M);
	else if (D < 1)
		snprintf(why, cap, "there is no day 0");
	else if (D > days_in_month(Y, M))
		snprintf(why, cap, "%s %04d has %d days", month_name[M - 1], Y, days_in_month(Y, M));
	else if (h > 23)
		snprintf(why, cap, "there is no hour %d", h);
	else if (m > 59)
		snprintf(why, cap, "there is no minute %d", m);
	else if (sec > 60)
		snprintf(why, cap, "there is no second %d", sec);
	else if (th > 23 || tm > 59)
		snprintf(why, cap, "a UTC offset is less than 24 hours");
	else
		return false;
	return true;
}

/* "2026-11-20T10:15:02.123456" (optionally Z, +hh:mm or +hhmm) -> Unix
 * seconds. Without a zone it is local time, as Python's
 * datetime.now().isoformat() writes it: shown again in local time, it
 * reads as written. Parsed by hand: sscanf's %lf follows LC_NUMERIC (the
 * TUI sets the user's locale, where the decimal point may be a comma) and
 * accepts "nan", signs and blanks. False when s is not such a time; then
 * why[] says what is wrong with one that has its form but names no real
 * time (or is left empty). */
static bool parse_iso8601(const char *s, double *out, char *why, size_t cap)
{
	why[0] = '\0';
	const char *p = s;
	int Y, M, D, h = 0, m = 0, sec = 0;
	double frac = 0;
	if (!iso_digits(&p, 4, &Y) || !iso_char(&p, '-') || !iso_digits(&p, 2, &M) || !iso_char(&p, '-') ||
	    !iso_digits(&p, 2, &D))
		return false;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!iso_digits(&p, 2, &h) || !iso_char(&p, ':') || !iso_digits(&p, 2, &m))
			return false;
		if (iso_char(&p, ':')) {
			if (!iso_digits(&p, 2, &sec))
				return false;
			if (*p == '.' || *p == ',') {
				p++;
				double scale = 0.1;
				if (*p < '0' || *p > '9')
					return false;
				for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
					frac += (*p - '0') * scale;
			}
		}
	}
	double tz = 0;
	bool local = !*p;
	int tzh = 0, tzm = 0;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;
		if (!iso_digits(&p, 2, &tzh))
			return false;
		if (iso_char(&p, ':') ? !iso_digits(&p, 2, &tzm) : (*p && !iso_digits(&p, 2, &tzm)))
			return false;
		tz = sign * (tzh * 3600 + tzm * 60);
	}
	if (*p || impossible_time(Y, M, D, h, m, sec, tzh, tzm, why, cap))
		return false;
	if (local) {
		struct tm tm = {.tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h, .tm_min = m,
			.tm_sec = sec, .tm_isdst = -1};
		time_t tt = mktime(&tm);
		if (tt != (time_t)-1) {
			*out = (double)tt + frac;
			return true;
		}
	}
	/* days from civil (H. Hinnant) */
	int y = Y - (M <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (M + (M > 2 ? -3 : 9)) + 2) / 5 + D - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	double days = (double)era * 146097 + (double)doe - 719468;
	*out = days * 86400 + h * 3600 + m * 60 + sec + frac - tz;
	return true;
}

/* A string as the model keeps it. Names, sites and messages are C strings
 * from here on (display, filters, exports), so a NUL ("\u0000" in the file)
 * would silently cut them: "/a.py\u0000x:1" and "/a.py\u0000y:2" would both
 * read "/a.py". Each NUL is kept as the four characters \x00 instead, the
 * way the sanitizer shows every other control byte. Returns s itself (the
 * usual case) or tmp's data; *n is updated. */
static const char *keep_nul(const char *s, size_t *n, struct ls_buf *tmp)
{
	const char *z = memchr(s, '\0', *n);
	if (!z)
		return s;
	const char *end = s + *n;
	tmp->len = 0;
	for (; z; z = memchr(s, '\0', (size_t)(end - s))) {
		ls_buf_add(tmp, s, (size_t)(z - s));
		ls_buf_add(tmp, "\\x00", 4);
		s = z + 1;
	}
	ls_buf_add(tmp, s, (size_t)(end - s));
	*n = tmp->len;
	return tmp->data;
}

/* The helpers below take `maybe_nul`: the fast path knows that only a string
 * it decoded from escapes can hold a NUL (it refuses raw control bytes), and
 * spares the others the search. */

/* Intern a string (error message) with its NULs kept (keep_nul). */
static uint32_t intern_text(struct ls_intern *t, const char *s, size_t n, bool maybe_nul)
{
	struct ls_buf tmp = {NULL, 0, 0}; /* allocated only for a NUL */
	if (maybe_nul)
		s = keep_nul(s, &n, &tmp);
	uint32_t id = ls_intern_add(t, s, n);
	free(tmp.data);
	return id;
}

/* The endpoint name of the part: the first non-empty one (NULs kept). */
/* A record's endpoint name: the part's first, and counted (ls_names). */
static void set_name(struct ls_part *P, const char *s, size_t n, bool maybe_nul, uint64_t off)
{
	if (!n)
		return;
	struct ls_buf tmp = {NULL, 0, 0}; /* allocated only for a NUL */
	if (maybe_nul)
		s = keep_nul(s, &n, &tmp);
	if (!P->name)
		P->name = ls_xstrndup(s, n);
	ls_names_add(&P->names, s, n, 1, off);
	free(tmp.data);
}

/* Intern a consumer's location, normalized. Locations are kept whole: two
 * sites that differ only past some fixed length must not merge. Normalizing
 * never lengthens (it trims and turns `File "P", line N` into `P:N`), so n + 1
 * bytes always suffice; the stack buffer serves the usual short paths. */
static uint32_t intern_site(struct ls_part *P, const char *file, size_t n, bool maybe_nul)
{
	struct ls_buf tmp = {NULL, 0, 0}; /* allocated only for a NUL */
	if (maybe_nul)
		file = keep_nul(file, &n, &tmp);
	char stack[1024];
	char *loc = n < sizeof stack ? stack : ls_xmalloc(n + 1);
	size_t l = ls_normalize_location(file, n, loc, n < sizeof stack ? sizeof stack : n + 1);
	uint32_t id = ls_intern_add(&P->sites, loc, l);
	if (loc != stack)
		free(loc);
	if (tmp.data)
		free(tmp.data);
	return id;
}

static void read_consumers(struct ls_part *P, const struct elem *E, json_object *arr, const char *key)
{
	struct ls_endpoint *ep = &P->ep;
	uint64_t off = key_offset(E->text, E->len, E->off, key);
	if (!json_object_is_type(arr, json_type_array)) {
		ls_part_warn(P, off, "%s: expected an array, got %s; consumers ignored", key, type_name(arr));
		return;
	}
	ep->flags[ep->n - 1] |= LS_REQ_HAS_CONSUMERS;
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(arr, i), *v;
		if (!json_object_is_type(c, json_type_object)) {
			ls_part_warn(P, off, "%s[%zu]: expected an object, got %s; consumer skipped", key, i, type_name(c));
			continue;
		}
		const char *file = "unknown";
		size_t flen = 7;
		if (!json_object_object_get_ex(c, "file", &v)) {
			ls_tally_add(&P->no_file, off);
		} else {
			if (!json_object_is_type(v, json_type_string)) {
				ls_part_warn(P, off, "%s[%zu].file: expected a string, got %s; consumer skipped", key, i,
					type_name(v));
				continue;
			}
			file = json_object_get_string(v);
			flen = (size_t)json_object_get_string_len(v);
		}
		double mb = 0;
		if (!json_object_object_get_ex(c, "size_mb", &v)) {
			ls_tally_add(&P->no_size, off);
		} else {
			enum json_type t = json_object_get_type(v);
			double d = (t == json_type_double || t == json_type_int) ? json_object_get_double(v) : NAN;
			if (!isfinite(d) || fabs(d) > MAX_PLAUSIBLE_NUMBER || d < 0) {
				ls_part_warn(P, off, "%s[%zu].size_mb: refused %s; consumer skipped", key, i,
					t == json_type_double || t == json_type_int ? (d < 0 ? "a negative size"
						: "non-finite or huge number") : type_name(v));
				continue;
			}
			if (d > LS_MAX_HEAP_MB) {
				ls_part_warn(P, off, "%s[%zu].size_mb: refused %g MB, more than any heap holds (the ceiling is "
					"1e9 MB, about 1 PB); consumer skipped", key, i, d);
				continue;
			}
			mb = d;
		}
		int64_t count = 0;
		if (json_object_object_get_ex(c, "count", &v)) {
			enum json_type t = json_object_get_type(v);
			double d = t == json_type_double ? json_object_get_double(v) : 0;
			if (t == json_type_int)
				count = json_object_get_int64(v);
			else if (t == json_type_double && isfinite(d) && d == floor(d))
				count = ls_req_from_double(d); /* saturates */
			else if (t == json_type_double && isfinite(d))
				ls_part_warn(P, off, "%s[%zu].count: %g is not a whole number of blocks; count read as 0", key,
					i, d);
			else
				ls_part_warn(P, off, "%s[%zu].count: expected an integer, got %s; count read as 0", key, i,
					type_name(v));
			/* live blocks: never fewer than none */
			if (count < 0) {
				ls_part_warn(P, off, "%s[%zu].count: refused negative %lld; count read as 0", key, i,
					(long long)count);
				count = 0;
			}
		}
		ls_endpoint_add_consumer(ep, intern_site(P, file, flen, true), mb, count);
	}
}

static void set_endpoint_name(struct ls_part *P, const struct elem *E, json_object *obj)
{
	json_object *v;
	if (!json_object_object_get_ex(obj, "endpoint", &v))
		return;
	if (!json_object_is_type(v, json_type_string)) {
		/* every record's, not only the first's: a wrong type says the
		 * file is not what it seems */
		ls_part_warn(P, key_offset(E->text, E->len, E->off, "endpoint"),
			"endpoint: expected a string, got %s; ignored", type_name(v));
		return;
	}
	set_name(P, json_object_get_string(v), (size_t)json_object_get_string_len(v), true, E->off);
}

/* Keys of either format: an object with none of them is no profile record
 * (a config file, a package list that happens to be a JSON array). */
static const char *const profile_keys[] = {"request_id", "memory", "current_mb", "peak_mb", "endpoint",
	"timestamp", "status_code", "had_error", "latency", "batch", "top_consumers", "detailed_snapshot"};

bool ls_profile_key(const char *k, size_t n)
{
	for (size_t i = 0; i < sizeof profile_keys / sizeof profile_keys[0]; i++)
		if (strlen(profile_keys[i]) == n && memcmp(profile_keys[i], k, n) == 0)
			return true;
	return false;
}

static bool has_profile_key(json_object *obj)
{
	json_object *v;
	for (size_t i = 0; i < sizeof profile_keys / sizeof profile_keys[0]; i++)
		if (json_object_object_get_ex(obj, profile_keys[i], &v))
			return true;
	return false;
}

/* A record's object, as the resync looks for one: a record's field, and not
 * a record's memory object (tracking_enabled, no request_id). That one has
 * current_mb, a memory-test record's field: after a stray '{' before it
 * ("memory":{{"current_mb":...) it was read as a record of its own, a
 * phantom request, and the file taken for a memory-test file. */
static bool record_like(json_object *obj)
{
	json_object *v;
	return json_object_is_type(obj, json_type_object) && has_profile_key(obj) &&
		!(json_object_object_get_ex(obj, "tracking_enabled", &v) &&
			!json_object_object_get_ex(obj, "request_id", &v));
}

/* The batch number of a memory-test record. The original groups by it as a
 * dict key, where 2.0 == 2: a whole float is that integer. 2.5 is refused. */
static void read_batch(struct ls_part *P, const struct elem *E, json_object *v, int32_t *out)
{
	enum json_type t = json_object_get_type(v);
	uint64_t off = key_offset(E->text, E->len, E->off, "batch");
	char text[48];
	if (t != json_type_int && t != json_type_double) {
		ls_part_warn(P, off, "batch: expected an integer, got %s; ignored", type_name(v));
		return;
	}
	/* ints are compared as int64: a double would round 2^63-1 up */
	bool whole = t == json_type_int || floor(json_object_get_double(v)) == json_object_get_double(v);
	bool in_range = t == json_type_int
		? json_object_get_int64(v) >= INT32_MIN && json_object_get_int64(v) <= INT32_MAX
		: json_object_get_double(v) >= INT32_MIN && json_object_get_double(v) <= INT32_MAX;
	double as_read = t == json_type_int ? (double)json_object_get_int64(v) : json_object_get_double(v);
	if (!whole) {
		ls_part_warn(P, off, "batch: %s is not a whole number; ignored",
			number_text(E, "batch", &as_read, json_object_to_json_string(v), text, sizeof text));
		return;
	}
	/* batches count from 1 (the original skips batch 0 as none) */
	if (!in_range || as_read < 1) {
		ls_part_warn(P, off, "batch: %s is out of range; ignored",
			number_text(E, "batch", &as_read, json_object_to_json_string(v), text, sizeof text));
		return;
	}
	*out = t == json_type_int ? (int32_t)json_object_get_int64(v) : (int32_t)json_object_get_double(v);
}

static void read_record(struct ls_part *P, const struct elem *E, json_object *obj)
{
	struct ls_endpoint *ep = &P->ep;
	json_object *v, *mem = NULL;
	if (!has_profile_key(obj)) {
		ls_part_warn(P, E->off, "object with none of a profile record's fields (request_id, memory, "
			"current_mb, endpoint, ...); skipped");
		return;
	}
	if (!record_like(obj)) {
		/* (after a stray '}' that closed its record early) */
		ls_part_warn(P, E->off, "a record's memory object on its own (tracking_enabled, no request_id), cut "
			"off from its record; skipped");
		return;
	}
	bool has_mem_obj = json_object_object_get_ex(obj, "memory", &mem);
	if (has_mem_obj && !json_object_is_type(mem, json_type_object)) {
		ls_part_warn(P, key_offset(E->text, E->len, E->off, "memory"),
			"memory: expected an object, got %s; memory fields ignored", type_name(mem));
		mem = NULL;
	}
	/* memory-test records: memory numbers at the top level, a batch number,
	 * or an ISO-8601 timestamp string (profiles write Unix seconds) */
	enum ls_format fmt = has_mem_obj ? LS_FMT_PROFILE
		: (json_object_object_get_ex(obj, "current_mb", &v) || json_object_object_get_ex(obj, "batch", &v) ||
		   (json_object_object_get_ex(obj, "timestamp", &v) && json_object_is_type(v, json_type_string)))
		? LS_FMT_SNAPSHOT : LS_FMT_PROFILE;
	/* the file's format (and any mix of formats) is decided when the parts
	 * are merged: here only the first record of each format is noted */
	if (E->off < P->fmt_first[fmt])
		P->fmt_first[fmt] = E->off;

	uint32_t r = ls_endpoint_add_row(ep);
	uint16_t fl = 0;
	ep->offset[r] = E->off;
	set_endpoint_name(P, E, obj);

	if (json_object_object_get_ex(obj, "request_id", &v)) {
		if (json_object_is_type(v, json_type_string)) {
			int64_t no;
			if (ls_parse_request_no(json_object_get_string(v), (size_t)json_object_get_string_len(v), &no)) {
				ep->req_id[r] = ep->req_no[r] = no;
				if (no <= LS_MAX_REQ_NO) {
					fl |= LS_REQ_HAS_ID;
				} else {
					/* damaged, or saturated (model.c): sorted by its
					 * number (last) like the original, but a place 10^18
					 * requests away would be the whole x axis of every
					 * fit */
					ls_part_warn(P, key_offset(E->text, E->len, E->off, "request_id"),
						"request_id \"%.60s\": number too large; ordered last, and left out of the fits "
						"over request numbers", json_object_get_string(v));
				}
			} else {
				ls_part_warn(P, key_offset(E->text, E->len, E->off, "request_id"),
					"request_id \"%.60s\" has no number after '-'; ordered as 0", json_object_get_string(v));
			}
		} else {
			ls_part_warn(P, key_offset(E->text, E->len, E->off, "request_id"),
				"request_id: expected a string, got %s; ordered as 0", type_name(v));
		}
	} else {
		/* kept (its memory is still the heap's), but request numbers are
		 * what merges endpoints into one timeline */
		ls_part_warn(P, E->off, "no request_id; ordered as 0, and left out of the fits over request numbers");
	}

	double d;
	if (json_object_object_get_ex(obj, "timestamp", &v) && json_object_is_type(v, json_type_string)) {
		/* parsed as a C string: a NUL would hide what follows it */
		char why[64] = "";
		if (strlen(json_object_get_string(v)) == (size_t)json_object_get_string_len(v) &&
		    parse_iso8601(json_object_get_string(v), &d, why, sizeof why)) {
			ep->timestamp[r] = d;
			fl |= LS_REQ_HAS_TIME;
		} else {
			struct ls_buf tmp;
			size_t n = (size_t)json_object_get_string_len(v);
			ls_buf_init(&tmp);
			const char *shown = keep_nul(json_object_get_string(v), &n, &tmp);
			if (why[0])
				ls_part_warn(P, key_offset(E->text, E->len, E->off, "timestamp"),
					"timestamp \"%.*s\" is no real time (%s); ignored", (int)(n < 40 ? n : 40), shown, why);
			else
				ls_part_warn(P, key_offset(E->text, E->len, E->off, "timestamp"),
					"timestamp \"%.*s\" is not ISO-8601; ignored", (int)(n < 40 ? n : 40), shown);
			ls_buf_done(&tmp);
		}
	} else if (get_number(P, E, obj, "timestamp", "timestamp", &d)) {
		if (d >= 0 && d <= LS_MAX_UNIX_TIME) {
			ep->timestamp[r] = d;
			fl |= LS_REQ_HAS_TIME;
		} else {
			refuse(P, E, "timestamp", d, "", ", no time a profile was written (Unix seconds, 1970 to 2286)");
		}
	}
	if (get_amount(P, E, obj, "latency", &d)) {
		if (d <= LS_MAX_LATENCY_S) {
			ep->latency[r] = d;
			fl |= LS_REQ_HAS_LATENCY;
		} else {
			refuse(P, E, "latency", d, "", " s, longer than any request takes (the ceiling is 1e6 s, 11.6 days)");
		}
	}
	if (json_object_object_get_ex(obj, "status_code", &v)) {
		if (json_object_is_type(v, json_type_int) && json_object_get_int64(v) >= LS_MIN_STATUS &&
		    json_object_get_int64(v) <= LS_MAX_STATUS) {
			ep->status[r] = (int32_t)json_object_get_int64(v);
			fl |= LS_REQ_HAS_STATUS;
		} else if (json_object_is_type(v, json_type_int)) {
			char t[48];
			double as_read = (double)json_object_get_int64(v);
			ls_part_warn(P, key_offset(E->text, E->len, E->off, "status_code"), "status_code: %s is no HTTP "
				"status; ignored", number_text(E, "status_code", &as_read, json_object_to_json_string(v), t,
				sizeof t));
		} else {
			ls_part_warn(P, key_offset(E->text, E->len, E->off, "status_code"),
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
			ep->error_msg[r] = intern_text(&P->strings, json_object_get_string(v),
				(size_t)json_object_get_string_len(v), true);
		else
			ls_part_warn(P, key_offset(E->text, E->len, E->off, "error_message"),
				"error_message: expected a string, got %s; ignored", type_name(v));
	}
	if (json_object_object_get_ex(obj, "batch", &v))
		read_batch(P, E, v, &ep->batch[r]);

	/* memory numbers: inside "memory" (profiles) or at the top level (memory tests) */
	json_object *m = mem ? mem : (fmt == LS_FMT_SNAPSHOT ? obj : NULL);
	/* every record of both formats has one: records without it (a
	 * misspelt key, two records spliced by a rewrite) are counted and
	 * said once per file (load.c), not just left out of the memory
	 * series (a memory object of the wrong type was said above) */
	if ((!m && !has_mem_obj) || (m && !json_object_object_get_ex(m, "current_mb", &v))) {
		ls_tally_add(&P->no_reading, E->off);
	}
	if (m) {
		/* a refused value (null included) has had its one warning from get_number */
		if (get_mb(P, E, m, "current_mb", &d)) {
			ep->current_mb[r] = d;
			fl |= LS_REQ_HAS_MEM;
		}
		if (get_mb(P, E, m, "peak_mb", &d)) {
			ep->peak_mb[r] = d;
			fl |= LS_REQ_HAS_PEAK;
		}
		if (get_bool(P, E, m, "tracking_enabled", &b) && !b)
			fl |= LS_REQ_TRACKING_OFF;
		/* the profiler writes the snapshot's exception as text; anything
		 * else is not its, and says nothing about a failed snapshot */
		if (json_object_object_get_ex(m, "top_consumers_error", &v)) {
			if (json_object_is_type(v, json_type_string))
				fl |= LS_REQ_CONSUMERS_ERROR;
			else
				ls_part_warn(P, key_offset(E->text, E->len, E->off, "top_consumers_error"),
					"top_consumers_error: expected a string, got %s; ignored", type_name(v));
		}
	}
	ep->flags[r] = fl;
	if (fl & LS_REQ_ERROR)
		ep->nerrors++;
	/* consumers: memory.top_consumers, and for memory-test files the top level */
	if (mem && json_object_object_get_ex(mem, "top_consumers", &v))
		read_consumers(P, E, v, "top_consumers");
	if (json_object_object_get_ex(obj, "top_consumers", &v) && !json_object_is_type(v, json_type_null))
		read_consumers(P, E, v, "top_consumers");
	P->records++;
}

/* The fast path's row: the same fields, flags and interning order as
 * read_record() for a record it would have kept without a warning. */
static void commit_fast(struct ls_part *P, const struct ls_fastrec *f, uint64_t off)
{
	struct ls_endpoint *ep = &P->ep;
	if (off < P->fmt_first[LS_FMT_PROFILE])
		P->fmt_first[LS_FMT_PROFILE] = off;
	uint32_t r = ls_endpoint_add_row(ep);
	ep->offset[r] = off;
	if (f->endpoint)
		set_name(P, f->endpoint, f->endpoint_len, f->endpoint_decoded, off);
	ep->req_id[r] = ep->req_no[r] = f->req_no;
	ep->timestamp[r] = f->timestamp;
	ep->latency[r] = f->latency;
	ep->status[r] = f->status;
	ep->current_mb[r] = f->current_mb;
	ep->peak_mb[r] = f->peak_mb;
	if (f->error_msg)
		ep->error_msg[r] = intern_text(&P->strings, f->error_msg, f->error_len, f->error_decoded);
	ep->flags[r] = f->flags;
	if (f->flags & LS_REQ_ERROR)
		ep->nerrors++;
	for (size_t i = 0; i < f->ncons; i++) {
		const struct ls_fastcons *c = &f->cons[i];
		ls_endpoint_add_consumer(ep, intern_site(P, c->file, c->file_len, c->file_decoded), c->mb, c->count);
	}
	P->records++;
}

/* Object keys written in the text, at every depth: a string followed by ':'. */
static size_t text_keys(const char *t, size_t n)
{
	size_t keys = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] != '"')
			continue;
		for (i++; i < n && t[i] != '"'; i++)
			if (t[i] == '\\')
				i++;
		size_t j = i + 1;
		while (j < n && ls_json_blank(t[j]))
			j++;
		keys += j < n && t[j] == ':';
	}
	return keys;
}

/* Object keys json-c kept, at every depth. */
static size_t tree_keys(json_object *o)
{
	size_t keys = 0;
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v) {
			(void)k;
			keys += 1 + tree_keys(v);
		}
	} else if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0, n = json_object_array_length(o); i < n; i++)
			keys += tree_keys(json_object_array_get_idx(o, i));
	}
	return keys;
}

/* A number token t[0..n) in JSON's grammar (RFC 8259):
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number(const char *t, size_t n)
{
	size_t i = 0;
	if (i < n && t[i] == '-')
		i++;
	if (i >= n || t[i] < '0' || t[i] > '9')
		return false;
	if (t[i++] != '0')
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
	if (i < n && t[i] == '.') {
		if (++i >= n || t[i] < '0' || t[i] > '9')
			return false;
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
	}
	if (i < n && (t[i] == 'e' || t[i] == 'E')) {
		i++;
		if (i < n && (t[i] == '+' || t[i] == '-'))
			i++;
		if (i >= n || t[i] < '0' || t[i] > '9')
			return false;
		while (i < n && t[i] >= '0' && t[i] <= '9')
			i++;
	}
	return i == n;
}

/* Offset of the quote that closes the string whose text starts at t[i]
 * (n when it does not close): memchr, then a look back for escapes. */
static size_t string_end(const char *t, size_t n, size_t i)
{
	for (;;) {
		const char *q = i < n ? memchr(t + i, '"', n - i) : NULL;
		if (!q)
			return n;
		size_t k = (size_t)(q - t), b = 0;
		while (k - b > i && t[k - b - 1] == '\\')
			b++;
		if (!(b & 1))
			return k;
		i = k + 1;
	}
}

/* json-c (in its default, lenient mode) reads some text that is not JSON
 * without a word: numbers such as 01, 2., 1e, 1e+ (it reads what it can),
 * and a ',' right before '}' or ']'. Python's json, which the original tool
 * reads these files with, refuses them, and the value json-c makes up may
 * not be what the writer meant, so such a record is skipped with a warning
 * like any other invalid JSON. (json-c's strict mode is no help: it still
 * takes 2. and 00, and refuses the NaN and Infinity that Python writes.)
 * The fast extractor never accepts these, so both paths agree. Returns the
 * offset of the first offence and describes it in why[0..cap), or returns n. */
static size_t not_json(const char *t, size_t n, char *why, size_t cap)
{
	/* the bytes that start something to look at (a letter: a bare word);
	 * the rest is skipped fast */
	static const unsigned char look[256] = {
		['"'] = 1, ['/'] = 1, [','] = 1, ['-'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
		['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['\''] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
		['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
		['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
		['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
		['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1,
		['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
		['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	};
	for (size_t i = 0; i < n; i++) {
		while (i < n && !look[(unsigned char)t[i]])
			i++;
		if (i >= n)
			break;
		char c = t[i];
		if (c == '"') {
			i = string_end(t, n, i + 1);
		} else if (c == '/') {
			/* json-c takes // and block comments too */
			snprintf(why, cap, "a comment");
			return i;
		} else if (c == '\'') {
			snprintf(why, cap, "a single-quoted string");
			return i;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			/* the words JSON has, and Python's NaN and Infinity; json-c
			 * also takes TRUE, Null, nan... */
			size_t j = i;
			while (j < n && ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z')))
				j++;
			static const char *const words[] = {"true", "false", "null", "NaN", "Infinity"};
			bool ok = false;
			for (size_t w = 0; w < sizeof words / sizeof words[0] && !ok; w++)
				ok = strlen(words[w]) == j - i && memcmp(words[w], t + i, j - i) == 0;
			if (!ok) {
				snprintf(why, cap, "unknown word %.*s", (int)(j - i < 24 ? j - i : 24), t + i);
				return i;
			}
			i = j - 1;
		} else if (c == ',') {
			size_t j = i + 1;
			while (j < n && ls_json_blank(t[j]))
				j++;
			if (j < n && (t[j] == '}' || t[j] == ']')) {
				snprintf(why, cap, "',' before '%c'", t[j]);
				return i;
			}
		} else {
			size_t j = i + 1;
			while (j < n && ((t[j] >= '0' && t[j] <= '9') || t[j] == '.' || t[j] == 'e' || t[j] == 'E' ||
					    t[j] == '+' || t[j] == '-'))
				j++;
			/* "-Infinity" (Python writes it) is json-c's to judge */
			bool word = c == '-' && j == i + 1 && j < n && t[j] >= 'A';
			if (!word && !json_number(t + i, j - i)) {
				snprintf(why, cap, "malformed number %.*s", (int)(j - i < 24 ? j - i : 24), t + i);
				return i;
			}
			i = j - 1;
		}
	}
	return n;
}

/* Offset of the first raw control byte (below 0x20) inside a string of
 * t[0..n), or n. JSON wants them escaped and Python's json refuses them;
 * json-c takes them without a word. (The fast extractor never accepts one:
 * such a record comes here.) */
static size_t raw_control(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i] != '"')
			continue;
		size_t e = string_end(t, n, i + 1);
		for (size_t j = i + 1; j < e; j++)
			if ((unsigned char)t[j] < 0x20)
				return j;
		i = e;
	}
	return n;
}

static unsigned hex4(const char *h)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 4 | (unsigned)(h[i] <= '9' ? h[i] - '0' : (h[i] | 0x20) - 'a' + 10);
	return v;
}

/* Offset of the first escape \ud800-\udfff at or after t[i] that is not
 * half of a high-low pair, in text that json-c read whole (so every
 * backslash is an escape inside a string, and well formed), or n. */
static size_t lone_surrogate(const char *t, size_t n, size_t i)
{
	for (;;) {
		const char *b = i < n ? memchr(t + i, '\\', n - i) : NULL;
		if (!b || (size_t)(b - t) + 6 > n)
			return n;
		i = (size_t)(b - t);
		if (t[i + 1] != 'u') {
			i += 2;
			continue;
		}
		unsigned cp = hex4(t + i + 2);
		if (cp < 0xd800 || cp > 0xdfff) {
			i += 6;
			continue;
		}
		if (cp <= 0xdbff && i + 12 <= n && t[i + 6] == '\\' && t[i + 7] == 'u' && hex4(t + i + 8) >= 0xdc00 &&
		    hex4(t + i + 8) <= 0xdfff) {
			i += 12;
			continue;
		}
		return i;
	}
}

/* A lone surrogate escape (Python's json writes one for a str that holds
 * one, as a path decoded with surrogateescape does for each byte it could
 * not decode) is no character. json-c turns each into U+FFFD without a
 * word, so that /srv/caf\udce9.py and /srv/caf\udcc3.py became one site.
 * The record is read again with each kept as its six characters of text
 * (\udce9: visible, and distinct), and that is said. Returns the object
 * to read (obj itself when the text cannot be read again). The fast path
 * takes no surrogate escape at all, so such records all come here. */
static json_object *keep_surrogates(struct ls_parser *PP, struct ls_part *P, json_object *obj, const char *text,
	size_t len, uint64_t off, size_t first)
{
	struct ls_buf t;
	ls_buf_init(&t);
	uint64_t n = 0;
	size_t done = 0;
	for (size_t i = first; i < len; i = lone_surrogate(text, len, i + 6)) {
		ls_buf_add(&t, text + done, i - done);
		ls_buf_add(&t, "\\", 1); /* \udc80 -> \\udc80: the text itself */
		done = i;
		n++;
	}
	ls_buf_add(&t, text + done, len - done);
	json_tokener_reset(PP->tok);
	json_object *again = t.len <= INT_MAX ? json_tokener_parse_ex(PP->tok, t.data, (int)t.len) : NULL;
	ls_buf_done(&t);
	if (!again || json_tokener_get_error(PP->tok) != json_tokener_success) {
		json_object_put(again);
		return obj;
	}
	char more[48] = "";
	if (n > 1)
		snprintf(more, sizeof more, "; %llu in this record", (unsigned long long)n);
	ls_part_warn(P, off + first, "lone surrogate %.6s in a string (half of a UTF-16 pair, no character%s); kept as "
		"the text %.6s", text + first, more, text + first);
	json_object_put(obj);
	return again;
}

/* json-c's reason for refusing a record, in words for the user: its
 * "continue" is a state of the tokenizer, not a reason. */
static const char *tokener_reason(enum json_tokener_error err)
{
	switch (err) {
	case json_tokener_continue: return "it ends before it is complete";
	default: return json_tokener_error_desc(err);
	}
}

/* json_tokener over text[0..len): the value, or NULL with *err set (and
 * *padded when a bare number needed a terminator to end). */
static json_object *tokenize(json_tokener *tok, const char *text, size_t len, enum json_tokener_error *err,
	bool *padded)
{
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
	*err = json_tokener_get_error(tok);
	*padded = false;
	if (!obj && *err == json_tokener_continue) {
		/* a bare number at the end of the text needs a terminator; the
		 * parse end then refers to the pad, and the whole text was used */
		obj = json_tokener_parse_ex(tok, " ", 1);
		*err = json_tokener_get_error(tok);
		*padded = true;
	}
	return obj;
}

bool ls_json_breaks(struct ls_parser *PP, const char *text, size_t len, size_t *err)
{
	json_tokener *tok = PP->tok;
	if (len > INT_MAX)
		len = INT_MAX;
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error e = json_tokener_get_error(tok);
	json_object_put(obj);
	size_t end = *err = (size_t)json_tokener_get_parse_end(tok);
	if (e == json_tokener_success) {
		while (end < len && ls_json_blank(text[end]))
			end++;
		return end < len;
	}
	return e != json_tokener_continue;
}

bool ls_json_unfinished(struct ls_parser *PP, const char *text, size_t len)
{
	json_tokener *tok = PP->tok;
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, text, (int)(len > INT_MAX ? INT_MAX : len));
	bool more = !obj && json_tokener_get_error(tok) == json_tokener_continue;
	json_object_put(obj);
	return more;
}

bool ls_other_object_at(struct ls_parser *PP, const char *text, size_t len)
{
	json_tokener *tok = PP->tok;
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, text, (int)(len > INT_MAX ? INT_MAX : len));
	bool other = obj && !record_like(obj) && json_object_is_type(obj, json_type_object);
	json_object_put(obj);
	return other;
}

bool ls_record_object_at(struct ls_parser *PP, const char *text, size_t len)
{
	json_tokener *tok = PP->tok;
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, text, (int)(len > INT_MAX ? INT_MAX : len));
	bool rec = obj && record_like(obj);
	json_object_put(obj);
	return rec;
}

/* ---- a stray '}' inside a record ---- */

const char ls_closed_early[] = "a '}' closes the record early";

/* More stray '}' than this in one record is damage of another kind; and
 * trying each '}' a key follows costs a json-c parse of the record, so a
 * big broken record full of them is given up on after this many. */
#define MAX_STRAYS 8
#define MAX_MEND_PARSES 16

/* How far json-c reads t[0..len): len when it is one whole value (only
 * blanks after it), else where it stopped: past a value that ended early,
 * or where it broke. 0 when it is JSON that ends before it is complete. */
static size_t json_reach(json_tokener *tok, const char *t, size_t len)
{
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, t, (int)len);
	enum json_tokener_error e = json_tokener_get_error(tok);
	size_t end = (size_t)json_tokener_get_parse_end(tok);
	json_object_put(obj);
	if (e == json_tokener_continue)
		return 0;
	while (e == json_tokener_success && end < len && ls_json_blank(t[end]))
		end++;
	return end;
}

/* Whether the '}' or ']' at t[i] is one too many, the record's fields
 * going on after it (scan.h): a '}' a key follows, or the ']' json-c
 * stopped at (t[stop]: it closes no array) that a key or the object's '}'
 * follows (made a blank), or a bracket where JSON never puts one (taken
 * out). */
enum stray { NOT_STRAY, STRAY_CLOSE, STRAY_MISPLACED };

static enum stray stray_at(const char *t, size_t i, size_t len, size_t stop)
{
	if (i >= len || (t[i] != '}' && t[i] != ']'))
		return NOT_STRAY;
	enum ls_misplaced where = ls_misplaced(t, 0, i, len);
	if (where != LS_PLACED && ls_misplaced_after(where, t, i + 1, len) == LS_KEY_FOLLOWS)
		return STRAY_MISPLACED;
	if (t[i] == ']' && i != stop)
		return NOT_STRAY;
	/* (as the scanner's close_fate asks it) */
	bool goes_on = (t[i] == ']' && ls_brace_after(t, i + 1, len) == LS_KEY_FOLLOWS) ||
		       ls_key_after(t, i + 1, len) == LS_KEY_FOLLOWS;
	return goes_on ? STRAY_CLOSE : NOT_STRAY;
}

bool ls_breaks_at_stray(const char *text, size_t len, size_t err)
{
	size_t e = err;
	while (e > 0 && ls_json_blank(text[e - 1]))
		e--;
	return (err < len && stray_at(text, err, len, err) == STRAY_MISPLACED) ||
	       (e > 0 && text[e - 1] == '}' && stray_at(text, e - 1, len, err) == STRAY_MISPLACED);
}

/* The first stray '}' or ']' outside strings in t[i..end) (looked for up
 * to len; json-c stopped at t[stop]), or end. t[i] is outside strings. */
static size_t next_stray(const char *t, size_t i, size_t end, size_t len, size_t stop)
{
	for (; i < end; i++) {
		if (t[i] == '"')
			i = string_end(t, end, i + 1);
		else if (stray_at(t, i, len, stop) != NOT_STRAY)
			return i;
	}
	return end;
}

/* Take the bracket m[c] out: the number's or word's bytes just before it
 * move up one, into its place, and a blank takes theirs. Made a blank, a
 * bracket put into a value ("latency":0.1}80214) splits it in two; taken
 * out, the value is whole, and every other byte keeps the file's offset
 * (warnings after it in the record point where they should). Returns
 * where the moved bytes started (put_back's from). */
static size_t take_out(char *m, size_t c)
{
	size_t from = c;
	while (from > 0 && ls_json_word(m[from - 1]))
		from--;
	memmove(m + from + 1, m + from, c - from);
	m[from] = ' ';
	return from;
}

static void put_back(char *m, size_t from, size_t c, char byte)
{
	memmove(m + from, m + from + 1, c - from);
	m[c] = byte;
}

/* A profile record's own fields that never sit inside its "memory", and
 * the reverse: a mend that put "latency" into "memory" (it blanked
 * memory's own '}', not the stray one) moved values, not a byte. */
static const char *const top_only[] = {"request_id", "timestamp", "endpoint", "method", "status_code",
	"status_category", "latency", "had_error", "error_message", "detailed_snapshot"};
static const char *const memory_only[] = {"current_mb", "peak_mb", "tracking_enabled"};

static bool has_any(json_object *o, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (json_object_object_get_ex(o, keys[i], NULL))
			return true;
	return false;
}

/* Whether obj, what json-c read of t[0..len), has no key twice in one
 * object, and a profile record's fields where they belong. */
static bool keys_placed(json_object *obj, const char *t, size_t len)
{
	json_object *mem;
	bool once = obj && text_keys(t, len) == tree_keys(obj);
	if (once && json_object_is_type(obj, json_type_object) && json_object_object_get_ex(obj, "memory", &mem) &&
	    json_object_is_type(mem, json_type_object))
		once = !has_any(mem, top_only, sizeof top_only / sizeof *top_only) &&
		       !has_any(obj, memory_only, sizeof memory_only / sizeof *memory_only);
	return once;
}

/* Whether json-c reads t[0..len) with no key twice in one object, and
 * with a profile record's fields where they belong. */
static bool keys_once(json_tokener *tok, const char *t, size_t len)
{
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, t, (int)len);
	bool once = keys_placed(obj, t, len);
	json_object_put(obj);
	return once;
}

/* json_reach(t, len) == len && keys_once(t, len), in one parse (a run of
 * records that lost their '{' asks it of each). */
static bool whole_once(json_tokener *tok, const char *t, size_t len)
{
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, t, (int)len);
	size_t end = (size_t)json_tokener_get_parse_end(tok);
	bool whole = obj && json_tokener_get_error(tok) == json_tokener_success;
	while (whole && end < len && ls_json_blank(t[end]))
		end++;
	whole = whole && end == len && keys_placed(obj, t, len);
	json_object_put(obj);
	return whole;
}

/* A record with stray '}' in it (or ']': *kinds gets 1 for a '}' among
 * them, 2 for a ']'): json-c stops at the first, where the
 * record (or an object in it) closes early, at text[reach - 1], or breaks
 * at text[reach] on the fields after it. The stray one is a '}' a key
 * follows, before reach (or a ']' at reach, or a bracket where JSON never
 * puts one: stray_at): each is tried in turn, the first first (an object
 * closed early has its own '}' further on, so the first is the stray one,
 * inside "memory" as well as between the record's fields), and made a
 * blank (offsets stay as they are) or taken out (take_out) when json-c
 * then reads further than before. Mended when json-c reads the whole, with no key twice in
 * an object: "},"request_id":" that repeats the keys before it is a lost
 * '{' that ran two records together, no stray '}'. Returns how many were
 * made blanks, the first at *first, the text in PP->mend; 0: not mended. */
static unsigned mend_stray_closes(struct ls_parser *PP, const char *text, size_t len, size_t reach, size_t *first,
	unsigned *kinds)
{
	*kinds = 0;
	ls_grow(&PP->mend, &PP->mend_cap, len, 1);
	char *m = PP->mend;
	memcpy(m, text, len);
	unsigned n = 0, parses = 0;
	for (size_t from = 0; reach < len;) {
		/* (json-c stops at a stray ']', and past a '}' that closed
		 * the record early) */
		size_t lim = stray_at(m, reach, len, reach) != NOT_STRAY ? reach + 1 : reach;
		size_t c = next_stray(m, from, lim, len, reach), got = 0, moved = 0;
		bool out = false;
		for (; c < lim && parses < MAX_MEND_PARSES; c = next_stray(m, c + 1, lim, len, reach)) {
			char byte = m[c];
			if ((out = stray_at(m, c, len, reach) == STRAY_MISPLACED))
				moved = take_out(m, c);
			else
				m[c] = ' ';
			parses++;
			/* the last one makes it whole: only with every field where
			 * it belongs (memory's own '}', a key before the stray,
			 * also reads whole, with the fields after it in memory) */
			if ((got = json_reach(PP->tok, m, len)) > reach && (got < len || keys_once(PP->tok, m, len)))
				break;
			if (out)
				put_back(m, moved, c, byte);
			else
				m[c] = byte;
		}
		if (c >= lim || parses >= MAX_MEND_PARSES || n == MAX_STRAYS)
			return 0;
		if (!n++)
			*first = c;
		*kinds |= text[c] == '}' ? 1u : 2u;
		reach = got;
		from = c + 1;
	}
	return n && keys_once(PP->tok, m, len) ? n : 0;
}

/* A warning said before the ones from index at on (those of the record it
 * is about, given first). When the part lists all it may, it takes the
 * place of the last one listed (counted as not listed instead): else the
 * first warning of a run of records that lost their '{' from the file's
 * first record on went unlisted, and the 200 after it were listed. */
static void warn_before(struct ls_part *P, size_t at, uint64_t off, const char *msg)
{
	size_t n = P->warnings.n;
	if (n >= LS_MAX_FILE_WARNINGS && at < n) {
		struct ls_warning *last = &P->warnings.v[--n];
		/* (it comes before every one not listed so far) */
		P->suppressed++;
		P->first_suppressed = last->offset;
		free(last->file);
		free(last->message);
		P->warnings.n = n;
	}
	ls_part_warn(P, off, "%s", msg);
	if (P->warnings.n != n + 1 || at >= n)
		return;
	struct ls_warning w = P->warnings.v[n];
	memmove(&P->warnings.v[at + 1], &P->warnings.v[at], (n - at) * sizeof w);
	P->warnings.v[at] = w;
}

/* Where a record that lost its '{' starts in text[at..len): after blanks,
 * a ',' and blanks, the key "request_id" (the writer puts it first); the
 * offset of its '"', or len when that is not what follows. */
size_t ls_lost_opener_key(const char *text, size_t at, size_t len)
{
	size_t c = at;
	while (c < len && ls_json_blank(text[c]))
		c++;
	if (c >= len || text[c] != ',')
		return len;
	size_t k = c + 1;
	while (k < len && ls_json_blank(text[k]))
		k++;
	return k < len && ls_record_key_first(text + k, len - k) ? k : len;
}

/* Just past the '}' that closes a record whose '{' was lost before
 * text[k]: the first '}' outside strings that nothing after k opened.
 * len when there is none (or a ']' comes first). Only the record's own
 * bytes are looked at, so reading a run of such records costs the run. */
size_t ls_lost_record_end(const char *text, size_t k, size_t len)
{
	size_t depth = 0;
	for (size_t i = k; i < len; i++) {
		char c = text[i];
		if (c == '"') {
			i = string_end(text, len, i + 1);
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return c == '}' ? i + 1 : len;
			depth--;
		}
	}
	return len;
}

/* Read the record text[k..end), whose '{' was lost just before text[k], as
 * if it were there, in place of the byte before it (no other byte moves:
 * the record's row and warning are at that byte), with one warning; false
 * when it is no whole record so (nothing read or said). */
static bool read_one_lost_opener(struct ls_parser *PP, struct ls_part *P, const char *text, size_t k, size_t end,
	uint64_t off)
{
	size_t n = end - (k - 1);
	ls_grow(&PP->mend, &PP->mend_cap, n, 1);
	memcpy(PP->mend, text + k - 1, n);
	PP->mend[0] = '{';
	char offence[64];
	if (!whole_once(PP->tok, PP->mend, n) || not_json(PP->mend, n, offence, sizeof offence) < n)
		return false;
	ls_part_warn_lost_opener(P, P->warnings.n, off + k - 1);
	size_t err;
	const char *why;
	ls_parse_element(PP, P, PP->mend, n, off + k - 1, &err, &why);
	return true;
}

bool ls_lost_opener_breaks(struct ls_parser *PP, const char *text, size_t k, size_t len, size_t *err,
	const char **why)
{
	/* the '{' fed to json-c first, then the record from its key: no
	 * copy, and the parse end is an offset from the key */
	json_tokener *tok = PP->tok;
	json_tokener_reset(tok);
	json_object *obj = json_tokener_parse_ex(tok, "{", 1);
	size_t n = len - k > INT_MAX ? INT_MAX : len - k;
	if (!obj && json_tokener_get_error(tok) == json_tokener_continue)
		obj = json_tokener_parse_ex(tok, text + k, (int)n);
	enum json_tokener_error e = json_tokener_get_error(tok);
	json_object_put(obj);
	if (obj || e == json_tokener_success || e == json_tokener_continue)
		return false;
	*err = k + (size_t)json_tokener_get_parse_end(tok);
	*why = tokener_reason(e);
	/* (json-c stops one byte past a NUL: ls_parse_element) */
	const char *nul = memchr(text + k, '\0', *err < len ? *err + 1 - k : len - k);
	if (nul) {
		*err = (size_t)(nul - text);
		*why = "a raw NUL byte, where json-c stops reading";
	}
	return true;
}

void ls_part_warn_lost_opener(struct ls_part *P, size_t nw, uint64_t off)
{
	warn_before(P, nw, off, "a record without its '{' (lost at this offset); read anyway");
}

/* The record text[0..end) was read, and the rest of the element is
 * ',"request_id":...}': the next record lost its '{'. So may the one after
 * it, and so on (a '{' lost on every record makes one element of the rest
 * of the file): each is read in turn, with a warning each. Returns where
 * that stopped: len when all of the rest was read, else just past the last
 * record read (end when none was), where the caller skips to the next
 * record. Before, only a rest that was one whole record was read: two
 * such records in a row were both skipped, under one warning. */
size_t ls_read_lost_openers(struct ls_parser *PP, struct ls_part *P, const char *text, size_t len, uint64_t off,
	size_t end)
{
	for (;;) {
		size_t k = ls_lost_opener_key(text, end, len);
		if (k >= len)
			return end;
		size_t e = ls_lost_record_end(text, k, len);
		if (!read_one_lost_opener(PP, P, text, k, e, off))
			return end;
		end = e;
		size_t b = end;
		while (b < len && ls_json_blank(text[b]))
			b++;
		if (b >= len)
			return len;
	}
}

/* Read the record text[0..len) that json-c stopped reading at reach (see
 * mend_stray_closes) as if its stray '}' were not there. False: it is
 * not mended, nothing was read or said. */
static bool read_mended(struct ls_parser *PP, struct ls_part *P, const char *text, size_t len, uint64_t off,
	size_t reach)
{
	size_t first = 0;
	unsigned kinds = 0;
	unsigned n = text[0] == '{' ? mend_stray_closes(PP, text, len, reach, &first, &kinds) : 0;
	if (!n)
		return false;
	/* whole JSON to json-c now, but the record's own check is stricter
	 * (no ',' before '}', no comments): what it refuses is not mended, or
	 * "ignored" would be said of a record then skipped */
	char offence[64];
	if (not_json(PP->mend, len, offence, sizeof offence) < len)
		return false;
	size_t err;
	const char *why;
	size_t nw = P->warnings.n;
	ls_parse_element(PP, P, PP->mend, len, off, &err, &why);
	char msg[96];
	if (n == 1)
		snprintf(msg, sizeof msg, "a stray '%c' inside a record; ignored", text[first]);
	else if (kinds == 3)
		snprintf(msg, sizeof msg, "%u stray '}' and ']' inside a record (the first at this offset); ignored", n);
	else
		snprintf(msg, sizeof msg, "%u stray '%c' inside a record (the first at this offset); ignored", n,
			text[first]);
	warn_before(P, nw, off + first, msg);
	return true;
}

bool ls_read_stray_opener(struct ls_parser *PP, struct ls_part *P, const char *text, size_t a, size_t at, size_t len,
	uint64_t off, size_t *end)
{
	size_t j = at;
	while (j > a && ls_json_blank(text[j - 1]))
		j--;
	if (text[a] != '{' || text[at] != '{' || j <= a || text[j - 1] != ',')
		return false;
	/* the record's end, as if the '{' were not there; the copy is the
	 * record with a blank in its place (no byte moves: offsets stay the
	 * file's) */
	size_t depth = 0, e = 0;
	for (size_t i = a; i < len && !e; i++) {
		char c = text[i];
		if (i == at)
			continue;
		if (c == '"')
			i = string_end(text, len, i + 1);
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && depth && --depth == 0)
			e = i + 1;
	}
	if (!e || text[e - 1] != '}')
		return false;
	size_t n = e - a;
	ls_grow(&PP->mend, &PP->mend_cap, n, 1);
	memcpy(PP->mend, text + a, n);
	PP->mend[at - a] = ' ';
	char offence[64];
	if (!whole_once(PP->tok, PP->mend, n) || not_json(PP->mend, n, offence, sizeof offence) < n)
		return false;
	size_t nw = P->warnings.n, err;
	const char *why;
	ls_parse_element(PP, P, PP->mend, n, off + a, &err, &why);
	warn_before(P, nw, off + at, "a stray '{' inside a record; ignored");
	*end = e;
	return true;
}

/* len, less the blanks that end text[0..len) */
static size_t blank_trimmed(const char *text, size_t len)
{
	while (len > 0 && ls_json_blank(text[len - 1]))
		len--;
	return len;
}

enum ls_elem_result ls_parse_element(struct ls_parser *PP, struct ls_part *P, const char *text, size_t len,
	uint64_t off, size_t *errp, const char **why)
{
	if (!PP->jsonc_only && ls_fastrec_parse(text, len, &PP->fast)) {
		commit_fast(P, &PP->fast, off);
		P->fast_records++;
		return LS_ELEM_READ;
	}
	struct elem E = {text, len, off};
	if (len > INT_MAX) {
		ls_part_warn(P, off, "record of %zu bytes is too large; skipped", len);
		return LS_ELEM_READ;
	}
	enum json_tokener_error err;
	bool padded;
	json_object *obj = tokenize(PP->tok, text, len, &err, &padded);
	if (!obj || err != json_tokener_success) {
		if (obj)
			json_object_put(obj);
		if (err == json_tokener_success) {
			ls_part_warn(P, off, "record is null; skipped");
			return LS_ELEM_READ;
		}
		/* said by the caller, who knows where the next record starts */
		*errp = (size_t)json_tokener_get_parse_end(PP->tok);
		*why = tokener_reason(err);
		/* json-c takes a NUL byte for the end of the text and stops one
		 * byte past it: "unexpected end of data" after the NUL said
		 * neither what nor where */
		const char *nul = memchr(text, '\0', *errp < len ? *errp + 1 : len);
		if (nul && err != json_tokener_continue && !padded) {
			*errp = (size_t)(nul - text);
			*why = "a raw NUL byte, where json-c stops reading";
		}
		if (padded || err == json_tokener_continue) {
			/* the text was JSON as far as it went (the pad only
			 * made a word like "fals" end) */
			*errp = len;
			*why = tokener_reason(json_tokener_continue);
			return LS_ELEM_INCOMPLETE;
		}
		/* a stray '}' in an object of the record: the fields after
		 * it broke it ("[{...},"size_mb":") */
		if (read_mended(PP, P, text, len, off, *errp))
			return LS_ELEM_READ;
		return LS_ELEM_BROKEN;
	}
	if (!padded && (size_t)json_tokener_get_parse_end(PP->tok) < len) {
		size_t end = json_tokener_get_parse_end(PP->tok), i = end;
		while (i < len && ls_json_blank(text[i]))
			i++;
		if (i < len) {
			json_object_put(obj);
			while (end > 1 && ls_json_blank(text[end - 1]))
				end--; /* (json-c reads on over blanks after the value) */
			/* junk, unless the record closed early: a key follows
			 * its '}' (the scanner kept the rest with it) */
			if (stray_at(text, end - 1, len, SIZE_MAX) == NOT_STRAY) {
				ls_part_skip(P, off + i, off, blank_trimmed(text, len), "unexpected bytes after a record");
				return LS_ELEM_READ;
			}
			if (read_mended(PP, P, text, len, off, end))
				return LS_ELEM_READ;
			/* what was read up to there is a record; the rest is the
			 * caller's to skip, to the next record */
			ls_parse_element(PP, P, text, end, off, errp, why);
			end = ls_read_lost_openers(PP, P, text, len, off, end);
			if (end >= len)
				return LS_ELEM_READ;
			*errp = end;
			*why = ls_closed_early;
			return LS_ELEM_BROKEN;
		}
	}
	char offence[64];
	size_t bad = not_json(text, len, offence, sizeof offence);
	if (bad < len) {
		json_object_put(obj);
		ls_part_skip(P, off + bad, off, blank_trimmed(text, len), "invalid JSON in record (%s)", offence);
		return LS_ELEM_READ;
	}
	if (!json_object_is_type(obj, json_type_object)) {
		ls_part_warn(P, off, "record is %s, not an object; skipped", type_name(obj));
	} else {
		size_t lone = lone_surrogate(text, len, 0);
		if (lone < len)
			obj = keep_surrogates(PP, P, obj, text, len, off, lone);
		/* the value is kept as written: what the writer meant is clear,
		 * and the record is worth more than its refusal */
		size_t ctl = raw_control(text, len);
		if (ctl < len)
			ls_part_warn(P, off + ctl, "raw control character 0x%02x inside a string (JSON wants it escaped; "
				"Python's json refuses it); value kept", (unsigned char)text[ctl]);
		/* json-c keeps the last of two equal keys without a word: two records
		 * run together by a lost "},{" would silently lose the first one's data */
		if (text_keys(text, len) > tree_keys(obj))
			ls_part_warn(P, off, "duplicate key in a record (two records run together?); "
					     "the last value of each key was kept");
		read_record(P, &E, obj);
	}
	json_object_put(obj);
	return LS_ELEM_READ;
}
