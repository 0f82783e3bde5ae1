/* gen_buf.c - the byte buffer records are formatted into.
 *
 * Records are built in memory and written with one fwrite: formatting by
 * hand (no printf) keeps `lsgen scale` at a few seconds per million records,
 * and the float printer mimics Python's repr so files look like the real
 * profiler's output ("245.3", "0.0", "1790000001.25"). */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gen_buf_free(struct gen_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static bool reserve(struct gen_buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + extra)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void gen_buf_raw(struct gen_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void gen_buf_lit(struct gen_buf *b, const char *s)
{
	gen_buf_raw(b, s, strlen(s));
}

void gen_buf_u64(struct gen_buf *b, uint64_t v)
{
	char tmp[24];
	int i = 24;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	gen_buf_raw(b, tmp + i, (size_t)(24 - i));
}

void gen_buf_i64(struct gen_buf *b, int64_t v)
{
	if (v < 0) {
		gen_buf_raw(b, "-", 1);
		gen_buf_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		gen_buf_u64(b, (uint64_t)v);
	}
}

void gen_buf_fixed(struct gen_buf *b, double v, int decimals)
{
	static const uint64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	if (!isfinite(v))
		v = 0.0;
	bool neg = v < 0;
	double a = neg ? -v : v;
	uint64_t q = (uint64_t)llround(a * (double)p10[decimals]);
	uint64_t ip = q / p10[decimals], fp = q % p10[decimals];
	if (neg && q)
		gen_buf_raw(b, "-", 1);
	gen_buf_u64(b, ip);
	char frac[8];
	int nd = decimals;
	for (int i = decimals - 1; i >= 0; i--) {
		frac[i] = (char)('0' + fp % 10);
		fp /= 10;
	}
	while (nd > 1 && frac[nd - 1] == '0')
		nd--;
	if (nd == 0) {
		frac[0] = '0';
		nd = 1;
	}
	gen_buf_raw(b, ".", 1);
	gen_buf_raw(b, frac, (size_t)nd);
}

/* Decodes one UTF-8 sequence; invalid bytes come back as U+FFFD so the
 * output stays valid JSON (Python strings cannot hold them either). */
static uint32_t utf8_next(const unsigned char **ps)
{
	const unsigned char *s = *ps;
	uint32_t c = s[0];
	int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
	if (len == 0) {
		*ps = s + 1;
		return 0xfffd;
	}
	if (len == 1) {
		*ps = s + 1;
		return c;
	}
	c &= 0x7fu >> len;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*ps = s + 1;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*ps = s + len;
	return c;
}

static void put_u16(struct gen_buf *b, uint32_t u)
{
	static const char hex[] = "0123456789abcdef";
	char t[6] = {'\\', 'u', hex[(u >> 12) & 15], hex[(u >> 8) & 15],
		     hex[(u >> 4) & 15], hex[u & 15]};
	gen_buf_raw(b, t, 6);
}

void gen_buf_jstr(struct gen_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	gen_buf_raw(b, "\"", 1);
	while (*s) {
		/* Fast path: a run of plain printable ASCII. */
		const unsigned char *run = s;
		while (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\')
			s++;
		if (s > run)
			gen_buf_raw(b, (const char *)run, (size_t)(s - run));
		if (!*s)
			break;
		uint32_t c = utf8_next(&s);
		switch (c) {
		case '"': gen_buf_raw(b, "\\\"", 2); break;
		case '\\': gen_buf_raw(b, "\\\\", 2); break;
		case '\n': gen_buf_raw(b, "\\n", 2); break;
		case '\r': gen_buf_raw(b, "\\r", 2); break;
		case '\t': gen_buf_raw(b, "\\t", 2); break;
		case '\b': gen_buf_raw(b, "\\b", 2); break;
		case '\f': gen_buf_raw(b, "\\f", 2); break;
		default:
			if (c > 0xffff) {
				c -= 0x10000;
				put_u16(b, 0xd800 + (c >> 10));
				put_u16(b, 0xdc00 + (c & 0x3ff));
			} else {
				put_u16(b, c);
			}
		}
	}
	gen_buf_raw(b, "\"", 1);
}

int gen_buf_flush(struct gen_buf *b, FILE *f)
{
	if (b->oom)
		return -1;
	if (b->len && fwrite(b->p, 1, b->len, f) != b->len)
		return -1;
	b->len = 0;
	return 0;
}
