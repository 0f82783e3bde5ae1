/* fastrec.c — one-pass extractor for the common record shape (see fastrec.h).
 *
 * Every helper returns false on anything it does not fully understand; the
 * caller then falls back to json_tokener. Being strict costs nothing: real
 * files written by the profiler always take the fast path.
 */
#define _GNU_SOURCE /* strtod_l: numbers must not depend on the UI's LC_NUMERIC */
#include "fastrec.h"
#include "model.h"
#include "scan.h"
#include "util.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Same plausibility limits as the json-c path (record.c): beyond them the
 * json-c path warns, so the fast path must refuse. Memory sizes have their
 * own, LS_MAX_HEAP_MB (fastrec.h). */
#define MAX_PLAUSIBLE_NUMBER 1e15

struct cur {
	const char *p, *end;
};

static inline void ws(struct cur *c)
{
	/* the profiler writes no blanks: one test on the common path */
	if (c->p < c->end && (unsigned char)*c->p > ' ')
		return;
	while (c->p < c->end && ls_json_blank(*c->p))
		c->p++;
}

static inline bool eat(struct cur *c, char ch)
{
	ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

/* A string without escapes or control bytes. */
static bool string(struct cur *c, const char **s, size_t *n)
{
	ws(c);
	const char *p = c->p, *end = c->end;
	if (p >= end || *p != '"')
		return false;
	const char *start = ++p;
#ifdef __SSE2__
	/* 16 bytes at a time: stop at a quote, a backslash or a control byte */
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
			_mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
		int m = _mm_movemask_epi8(hit);
		if (m) {
			p += __builtin_ctz((unsigned)m);
			break;
		}
		p += 16;
	}
#endif
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '"') {
			*s = start;
			*n = (size_t)(p - start);
			c->p = p + 1;
			return true;
		}
		if (ch == '\\' || ch < 0x20)
			return false;
		p++;
	}
	return false;
}

static int hexval(char h)
{
	return h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
}

/* A string that may hold escapes, checked the way json-c reads it and, when
 * r is given, decoded into r->buf exactly as json-c decodes it (then *s is
 * NULL, *decoded true and the text is at r->buf + *off). \u0000 decodes to
 * a NUL byte as in json-c (record.c keeps it visible); surrogates (pairs or
 * lone) are left to json-c. */
static bool string_esc(struct cur *c, struct ls_fastrec *r, const char **s, size_t *n, size_t *off, bool *decoded)
{
	const char *save = c->p;
	if (decoded)
		*decoded = false;
	if (string(c, s, n))
		return true;
	c->p = save;
	ws(c);
	/* string() also fails on a value that is not a string at all: an
	 * unquoted error_message must go to json-c (which refuses the record) */
	if (c->p >= c->end || *c->p != '"')
		return false;
	const char *p = c->p + 1, *end = c->end;
	size_t start = r ? r->buf_len : 0, k = start;
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '"')
			break;
		if (ch < 0x20)
			return false;
		char out[3];
		size_t nout = 1;
		if (ch != '\\') {
			out[0] = (char)ch;
			p++;
		} else {
			if (p + 1 >= end)
				return false;
			switch (p[1]) {
			case '"': out[0] = '"'; break;
			case '\\': out[0] = '\\'; break;
			case '/': out[0] = '/'; break;
			case 'b': out[0] = '\b'; break;
			case 'f': out[0] = '\f'; break;
			case 'n': out[0] = '\n'; break;
			case 'r': out[0] = '\r'; break;
			case 't': out[0] = '\t'; break;
			case 'u': {
				if (end - p < 6)
					return false;
				unsigned cp = 0;
				for (int i = 2; i < 6; i++) {
					int h = hexval(p[i]);
					if (h < 0)
						return false;
					cp = cp << 4 | (unsigned)h;
				}
				if (cp >= 0xd800 && cp <= 0xdfff)
					return false;
				if (cp < 0x80) {
					out[0] = (char)cp;
				} else if (cp < 0x800) {
					out[0] = (char)(0xc0 | cp >> 6);
					out[1] = (char)(0x80 | (cp & 0x3f));
					nout = 2;
				} else {
					out[0] = (char)(0xe0 | cp >> 12);
					out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
					out[2] = (char)(0x80 | (cp & 0x3f));
					nout = 3;
				}
				p += 4;
				break;
			}
			default:
				return false;
			}
			p += 2;
		}
		if (r) {
			if (k + nout > r->buf_cap)
				ls_grow(&r->buf, &r->buf_cap, k + nout, 1);
			memcpy(r->buf + k, out, nout);
		}
		k += nout;
	}
	if (p >= end)
		return false;
	c->p = p + 1;
	*s = NULL;
	*n = k - start;
	if (r) {
		r->buf_len = k;
		*off = start;
		*decoded = true;
	}
	return true;
}

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void make_c_locale(void)
{
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* A number in strict JSON grammar (RFC 8259): a leading zero only alone, at
 * least one digit after '.', after 'e' and its sign; anything else makes the
 * record go to json-c, which refuses it (record.c, not_json). The token
 * must then end: whatever follows is the caller's (',', '}', ']'). Integers (no fraction, no exponent) of at
 * most 18 digits are also returned exactly in *iv, as json-c does (json-c
 * converts those to double from the int64). Doubles are converted exactly as
 * strtod does: a single correctly rounded operation when the digits fit in 53
 * bits and the power of ten is exact (Clinger's fast path), else strtod_l. */
static bool number(struct cur *c, double *d, bool *is_int, int64_t *iv)
{
	ws(c);
	const char *p = c->p, *end = c->end, *start = p;
	bool neg = false, frac = false, exp = false, slow = false;
	uint64_t m = 0;
	int nd = 0, e10 = 0;
	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p >= end)
		return false;
	if (*p == '0') {
		/* no leading zeros (01, -007): RFC 8259 has none, Python refuses
		 * them, and json-c would read 01 as 1 */
		if (++p < end && (unsigned)(*p - '0') < 10u)
			return false;
	} else if (*p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9') {
			if (nd < 19)
				m = m * 10 + (uint64_t)(*p - '0');
			else
				slow = true;
			nd++;
			p++;
		}
	} else {
		return false;
	}
	if (p < end && *p == '.') {
		frac = true;
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return false;
		while (p < end && *p >= '0' && *p <= '9') {
			if (m == 0 && *p == '0') {
				e10--;
			} else if (nd < 19) {
				m = m * 10 + (uint64_t)(*p - '0');
				nd++;
				e10--;
			} else {
				slow = true;
			}
			p++;
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		exp = true;
		p++;
		bool eneg = false;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p >= end || *p < '0' || *p > '9')
			return false;
		int x = 0;
		while (p < end && *p >= '0' && *p <= '9') {
			if (x < 100000)
				x = x * 10 + (*p - '0');
			p++;
		}
		e10 += eneg ? -x : x;
	}
	c->p = p;
	*is_int = !frac && !exp;
	if (*is_int) {
		if (nd > 18)
			return false; /* json-c saturates or goes unsigned: let it decide */
		*iv = neg ? -(int64_t)m : (int64_t)m;
		*d = (double)*iv;
		return true;
	}
	if (!slow && m <= (1ull << 53) && e10 >= -22 && e10 <= 22) {
		double v = (double)m;
		v = e10 < 0 ? v / pow10_exact[-e10] : v * pow10_exact[e10];
		*d = neg ? -v : v;
		return true;
	}
	char tmp[64];
	size_t n = (size_t)(p - start);
	if (n >= sizeof tmp)
		return false;
	memcpy(tmp, start, n);
	tmp[n] = '\0';
	pthread_once(&c_locale_once, make_c_locale);
	if (c_locale == (locale_t)0)
		return false;
	*d = strtod_l(tmp, NULL, c_locale);
	return true;
}

static bool plausible(double d, double limit)
{
	return isfinite(d) && fabs(d) <= limit;
}

/* sizes and durations: a negative one goes to the full reader, which
 * refuses it with a warning */
static bool plausible_amount(double d, double limit)
{
	return plausible(d, limit) && !(d < 0);
}

static bool literal(struct cur *c, const char *word, size_t n)
{
	ws(c);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* true / false; anything else would be a warning in the json-c path. */
static bool boolean(struct cur *c, bool *b)
{
	if (literal(c, "true", 4)) {
		*b = true;
		return true;
	}
	if (literal(c, "false", 5)) {
		*b = false;
		return true;
	}
	return false;
}

/* An ignored value: only scalars are skipped here; containers go to json-c. */
static bool skip_value(struct cur *c)
{
	ws(c);
	if (c->p >= c->end)
		return false;
	const char *s;
	size_t n;
	double d;
	bool is_int;
	int64_t iv;
	switch (*c->p) {
	case '"': return string_esc(c, NULL, &s, &n, NULL, NULL);
	case 't': return literal(c, "true", 4);
	case 'f': return literal(c, "false", 5);
	case 'n': return literal(c, "null", 4);
	default: return number(c, &d, &is_int, &iv);
	}
}

/* Index of key k in names (by exact bytes), or -1. Lengths are compared
 * first: most keys differ in length or first byte, so memcmp runs once. */
static inline int key_index(const char *k, size_t n, const char *const *names, const unsigned char *lens,
	int count)
{
	for (int i = 0; i < count; i++)
		if (lens[i] == n && names[i][0] == k[0] && memcmp(names[i], k, n) == 0)
			return i;
	return -1;
}

/* a[0..n) == b[0..n) for a key name: two overlapping word compares (all
 * listed names have 4 to 19 bytes; longer ones fall back to memcmp). */
static inline bool same_key(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t x0, y0, x1, y1;
		memcpy(&x0, a, 8);
		memcpy(&y0, b, 8);
		memcpy(&x1, a + n - 8, 8);
		memcpy(&y1, b + n - 8, 8);
		return x0 == y0 && x1 == y1;
	}
	if (n >= 4 && n < 8) {
		uint32_t x0, y0, x1, y1;
		memcpy(&x0, a, 4);
		memcpy(&y0, b, 4);
		memcpy(&x1, a + n - 4, 4);
		memcpy(&y1, b + n - 4, 4);
		return x0 == y0 && x1 == y1;
	}
	return memcmp(a, b, n) == 0;
}

/* Keys not listed, seen in one object: json-c warns about one written twice
 * (two records run together?), so the fast path must not take it. The
 * profiler writes none; a newer one may add a few. */
struct other_keys {
	int n;
	const char *k[8];
	size_t len[8];
};

/* The key not listed that next_key just read, its ':' at colon (the key
 * holds no backslash, or next_key would have refused it): false when it
 * was seen in the object already, or when there are too many such keys to
 * compare (json-c then judges). Found again from the ':' rather than kept
 * by next_key, whose every call would pay for what only a key nobody
 * reads needs. */
static bool first_other_key(struct other_keys *o, const char *colon)
{
	const char *e = colon;
	while (e[-1] != '"')
		e--;          /* blanks before the ':' */
	const char *k = --e;
	while (k[-1] != '"')
		k--;
	size_t n = (size_t)(e - k);
	for (int i = 0; i < o->n; i++)
		if (o->len[i] == n && memcmp(o->k[i], k, n) == 0)
			return false;
	if (o->n == 8)
		return false;
	o->k[o->n] = k;
	o->len[o->n++] = n;
	return true;
}

/* The next object key: its index in names, -1 for a key not listed there,
 * -2 for a syntax the fast path does not take. The profiler writes keys in
 * a fixed order, so the key after the previous one is tried first with one
 * memcmp; only when that guess fails is the key read and looked up. */
static inline int next_key(struct cur *c, const char *const *names, const unsigned char *lens, int count,
	int guess)
{
	ws(c);
	const char *p = c->p;
	size_t n = lens[guess];
	if ((size_t)(c->end - p) > n + 1 && p[0] == '"' && p[n + 1] == '"') {
		if (same_key(p + 1, names[guess], n)) {
			c->p = p + n + 2;
			return guess;
		}
	}
	const char *k;
	if (!string(c, &k, &n))
		return -2;
	return n ? key_index(k, n, names, lens, count) : -1;
}

/* Object members: runs the body for listed keys (with `key` set); skips the
 * scalar values of other keys. Duplicate keys are refused (json-c keeps the
 * last one and warns; not worth reproducing here). */
#define FOR_MEMBERS(c, names, count, seen, ...)                                    \
	do {                                                                       \
		if (!eat(c, '{'))                                                  \
			return false;                                              \
		if (eat(c, '}'))                                                   \
			break;                                                     \
		int last_ = -1;                                                    \
		struct other_keys other_;                                          \
		other_.n = 0;                                                      \
		for (;;) {                                                         \
			int key = next_key(c, names, names##_len, count,           \
				last_ + 1 < (count) ? last_ + 1 : 0);              \
			if (key == -2 || !eat(c, ':'))                             \
				return false;                                      \
			if (key < 0) {                                             \
				if (!first_other_key(&other_, c->p - 1) ||         \
				    !skip_value(c))                                \
					return false;                              \
			} else {                                                   \
				if (seen & (1u << key))                            \
					return false;                              \
				seen |= 1u << key;                                 \
				last_ = key;                                       \
				__VA_ARGS__                                        \
			}                                                          \
			if (eat(c, ','))                                           \
				continue;                                          \
			if (eat(c, '}'))                                           \
				break;                                             \
			return false;                                              \
		}                                                                  \
	} while (0)

static const char *const cons_keys[] = {"file", "size_mb", "count"};
static const unsigned char cons_keys_len[] = {4, 7, 5};

static bool consumer(struct cur *c, struct ls_fastrec *r, struct ls_fastcons *out)
{
	unsigned seen = 0;
	out->file_decoded = false;
	out->mb = 0;
	out->count = 0;
	FOR_MEMBERS(c, cons_keys, 3, seen, {
		double d;
		bool is_int;
		int64_t iv;
		switch (key) {
		case 0:
			if (!string_esc(c, r, &out->file, &out->file_len, &out->file_off, &out->file_decoded))
				return false;
			break;
		case 1:
			if (!number(c, &d, &is_int, &iv) || !plausible_amount(d, LS_MAX_HEAP_MB))
				return false;
			out->mb = d;
			break;
		default:
			/* a negative count is refused with a warning (record.c) */
			if (!number(c, &d, &is_int, &iv) || !is_int || iv < 0)
				return false;
			out->count = iv;
			break;
		}
	});
	/* one without "file" or size_mb goes the slow way, which says so */
	return (seen & 3u) == 3u;
}

static bool consumers(struct cur *c, struct ls_fastrec *r)
{
	if (!eat(c, '['))
		return false;
	r->flags |= LS_REQ_HAS_CONSUMERS;
	if (eat(c, ']'))
		return true;
	for (;;) {
		if (r->ncons == r->cons_cap)
			ls_grow(&r->cons, &r->cons_cap, r->ncons + 1, sizeof *r->cons);
		if (!consumer(c, r, &r->cons[r->ncons]))
			return false;
		r->ncons++;
		if (eat(c, ','))
			continue;
		return eat(c, ']');
	}
}

static const char *const mem_keys[] = {"current_mb", "peak_mb", "tracking_enabled", "top_consumers",
	"top_consumers_error"};
static const unsigned char mem_keys_len[] = {10, 7, 16, 13, 19};

static bool memory(struct cur *c, struct ls_fastrec *r)
{
	unsigned seen = 0;
	FOR_MEMBERS(c, mem_keys, 5, seen, {
		double d;
		bool is_int, b;
		int64_t iv;
		switch (key) {
		case 0:
		case 1:
			if (!number(c, &d, &is_int, &iv) || !plausible_amount(d, LS_MAX_HEAP_MB))
				return false;
			if (key == 0) {
				r->current_mb = d;
				r->flags |= LS_REQ_HAS_MEM;
			} else {
				r->peak_mb = d;
				r->flags |= LS_REQ_HAS_PEAK;
			}
			break;
		case 2:
			if (!boolean(c, &b))
				return false;
			if (!b)
				r->flags |= LS_REQ_TRACKING_OFF;
			break;
		case 3:
			if (!consumers(c, r))
				return false;
			break;
		default:
			return false; /* top_consumers_error: rare, json-c handles it */
		}
	});
	return true;
}

/* In the order the profiler writes them (see next_key). */
enum { K_ID, K_TS, K_ENDPOINT, K_METHOD, K_STATUS, K_CATEGORY, K_LATENCY, K_ERROR, K_MSG, K_MEMORY, K_DETAILED,
	K_BATCH, K_TOPCONS };
static const char *const top_keys[] = {"request_id", "timestamp", "endpoint", "method", "status_code",
	"status_category", "latency", "had_error", "error_message", "memory", "detailed_snapshot", "batch",
	"top_consumers"};
static const unsigned char top_keys_len[] = {10, 9, 8, 6, 11, 15, 7, 9, 13, 6, 17, 5, 13};

bool ls_fastrec_parse(const char *text, size_t len, struct ls_fastrec *r)
{
	struct cur cc = {text, text + len}, *c = &cc;
	unsigned seen = 0;
	r->endpoint = NULL;
	r->endpoint_len = 0;
	r->error_msg = NULL;
	r->error_len = 0;
	r->req_no = 0;
	r->timestamp = r->latency = r->current_mb = r->peak_mb = 0;
	r->status = 0;
	r->flags = 0;
	r->ncons = 0;
	r->buf_len = 0;
	r->endpoint_decoded = r->error_decoded = false;
	FOR_MEMBERS(c, top_keys, 13, seen, {
		const char *s;
		size_t n;
		double d;
		bool is_int, b;
		int64_t iv;
		switch (key) {
		case K_ID:
			/* a number off the request axis is said (record.c) */
			if (!string(c, &s, &n) || !ls_parse_request_no(s, n, &r->req_no) || r->req_no > LS_MAX_REQ_NO)
				return false;
			r->flags |= LS_REQ_HAS_ID;
			break;
		case K_TS:
		case K_LATENCY:
			if (!number(c, &d, &is_int, &iv) ||
			    !plausible_amount(d, key == K_TS ? LS_MAX_UNIX_TIME : LS_MAX_LATENCY_S))
				return false;
			if (key == K_TS) {
				r->timestamp = d;
				r->flags |= LS_REQ_HAS_TIME;
			} else {
				r->latency = d;
				r->flags |= LS_REQ_HAS_LATENCY;
			}
			break;
		case K_ENDPOINT:
			ws(c);
			if (c->p < c->end && *c->p == '"') {
				if (!string_esc(c, r, &r->endpoint, &r->endpoint_len, &r->endpoint_off,
					    &r->endpoint_decoded))
					return false;
			} else {
				return false; /* a non-string endpoint is warned about (record.c) */
			}
			break;
		case K_METHOD:
		case K_CATEGORY:
			if (!skip_value(c)) /* read by nobody; any scalar will do */
				return false;
			break;
		case K_STATUS:
			if (!number(c, &d, &is_int, &iv) || !is_int || iv < LS_MIN_STATUS || iv > LS_MAX_STATUS)
				return false;
			r->status = (int32_t)iv;
			r->flags |= LS_REQ_HAS_STATUS;
			break;
		case K_ERROR:
		case K_DETAILED:
			if (!boolean(c, &b))
				return false;
			if (b)
				r->flags |= key == K_ERROR ? LS_REQ_ERROR : LS_REQ_DETAILED;
			break;
		case K_MSG:
			if (literal(c, "null", 4))
				break;
			if (!string_esc(c, r, &r->error_msg, &r->error_len, &r->error_off, &r->error_decoded))
				return false;
			break;
		case K_MEMORY:
			if (!memory(c, r))
				return false;
			break;
		default:
			return false; /* batch, top-level top_consumers: memory-test shape */
		}
	});
	ws(c);
	/* only profile records (with a memory reading) take this path; one
	 * without a request_id or current_mb goes the slow way, which says so */
	if (c->p != c->end || !(r->flags & LS_REQ_HAS_MEM) || !(seen & (1u << K_ID)))
		return false;
	/* the scratch no longer moves: point into it */
	if (r->endpoint_decoded)
		r->endpoint = r->buf + r->endpoint_off;
	if (r->error_decoded)
		r->error_msg = r->buf + r->error_off;
	for (size_t i = 0; i < r->ncons; i++)
		if (r->cons[i].file_decoded)
			r->cons[i].file = r->buf + r->cons[i].file_off;
	return true;
}

void ls_fastrec_done(struct ls_fastrec *r)
{
	free(r->buf);
	r->buf = NULL;
	r->buf_cap = 0;
	free(r->cons);
	r->cons = NULL;
	r->ncons = r->cons_cap = 0;
}
