/* util.c — allocation, buffers and the sanitizer that keeps raw control bytes
 * from untrusted files away from terminals and exports. */
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void (*oom_hook)(void);

void ls_on_out_of_memory(void (*hook)(void))
{
	oom_hook = hook;
}

/* Exit 2, a status the documentation lists (abort's 134 is none), and
 * at once: other threads may be mid-write, and a report cut short must not
 * be flushed as if whole. */
static void oom(size_t n)
{
	if (oom_hook)
		oom_hook();
	fprintf(stderr, "leakscope: out of memory (%zu bytes)\n", n);
	_exit(2);
}

void *ls_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *ls_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *ls_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *ls_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom(SIZE_MAX);
	return ls_xrealloc(p, n * size);
}

char *ls_xstrdup(const char *s)
{
	return ls_xstrndup(s, strlen(s));
}

char *ls_xstrndup(const char *s, size_t n)
{
	char *p = ls_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ls_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ls_xstrdup("");
	char *p = ls_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void ls_grow(void *arrp, size_t *cap, size_t need, size_t size)
{
	void **arr = arrp;
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c = c < SIZE_MAX / 2 ? c * 2 : need;
	*arr = ls_xreallocarray(*arr, c, size);
	*cap = c;
}

void ls_buf_init(struct ls_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void ls_buf_done(struct ls_buf *b)
{
	free(b->data);
	ls_buf_init(b);
}

void ls_buf_add(struct ls_buf *b, const void *p, size_t n)
{
	ls_grow(&b->data, &b->cap, b->len + n + 1, 1);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void ls_buf_puts(struct ls_buf *b, const char *s)
{
	ls_buf_add(b, s, strlen(s));
}

void ls_buf_printf(struct ls_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	ls_grow(&b->data, &b->cap, b->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

size_t ls_utf8_len(const char *str, size_t n, uint32_t *cp_out)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	size_t len;
	uint32_t min;
	if (c < 0x80) {
		*cp_out = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	uint32_t cp = c & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*cp_out = cp;
	return len;
}

/* Length of a UTF-8 sequence at s (max n bytes) that is safe to show on a
 * terminal, 0 if it is invalid or not. */
static size_t shown_utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len = ls_utf8_len((const char *)s, n, &cp);
	if (!len)
		return 0;
	/* C1 controls (U+0080..U+009F) are terminal escapes too */
	if (cp >= 0x80 && cp <= 0x9f)
		return 0;
	/* bidi embeddings, overrides and isolates (U+202A..U+202E,
	 * U+2066..U+2069) make a terminal show the rest of the line reversed:
	 * a name could disguise what follows it */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	/* invisible ones (zero-width space, LRM/RLM, word joiner, invisible
	 * operators, BOM, soft hyphen, fillers) would make two different names
	 * look the same; ZWJ/ZWNJ and variation selectors stay, emoji and
	 * scripts need them */
	if (cp == 0xad || cp == 0x34f || cp == 0x115f || cp == 0x1160 || cp == 0x180e || cp == 0x200b ||
	    cp == 0x200e || cp == 0x200f || (cp >= 0x2060 && cp <= 0x2064) || cp == 0x3164 || cp == 0xfeff ||
	    cp == 0xffa0)
		return 0;
	return len;
}

void ls_buf_add_sanitized(struct ls_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c >= 0x20 && c < 0x7f) {
			size_t j = i;
			while (j < n && s[j] >= 0x20 && s[j] < 0x7f)
				j++;
			ls_buf_add(b, s + i, j - i);
			i = j;
			continue;
		}
		size_t l = c >= 0x80 ? shown_utf8_len(s + i, n - i) : 0;
		if (l) {
			ls_buf_add(b, s + i, l);
			i += l;
			continue;
		}
		/* a hidden character by its code point ("\u202e"): its
		 * bytes ("\xe2\x80\xae") say nothing a reader can look up */
		uint32_t cp;
		l = c >= 0x80 ? ls_utf8_len((const char *)s + i, n - i, &cp) : 0;
		if (l) {
			ls_buf_printf(b, "\\u%04x", (unsigned)cp);
			i += l;
			continue;
		}
		switch (c) {
		case '\n': ls_buf_puts(b, "\\n"); break;
		case '\t': ls_buf_puts(b, "\\t"); break;
		case '\r': ls_buf_puts(b, "\\r"); break;
		default: ls_buf_printf(b, "\\x%02x", c); break;
		}
		i++;
	}
	if (!b->data)
		ls_buf_add(b, "", 0);
}

char *ls_sanitize(const char *s)
{
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_add_sanitized(&b, s, strlen(s));
	return b.data;
}

const char *ls_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

double ls_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Text with its runs of digits compared as numbers, like `ls -v`:
 * "core.py:185" before "core.py:1463", "/v2" before "/v10". */
int ls_natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			size_t na = 0, nb = 0;
			while (isdigit((unsigned char)a[na]))
				na++;
			while (isdigit((unsigned char)b[nb]))
				nb++;
			if (na != nb)
				return na < nb ? -1 : 1;
			int c = memcmp(a, b, na);
			if (c)
				return c;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
