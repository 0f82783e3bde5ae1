/* warn.c — the warnings list (see warn.h). */
#include "warn.h"
#include "util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ls_warnings_init(struct ls_warnings *w)
{
	memset(w, 0, sizeof *w);
}

void ls_warnings_clear(struct ls_warnings *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].file);
		free(w->v[i].message);
	}
	w->n = 0;
}

void ls_warnings_done(struct ls_warnings *w)
{
	ls_warnings_clear(w);
	free(w->v);
	ls_warnings_init(w);
}

static void add(struct ls_warnings *w, const char *file, uint64_t offset, uint64_t more, const char *fmt,
	va_list ap)
{
	/* sized to fit: a message that quotes a long path or name was cut
	 * at a fixed 511 bytes, sometimes inside a UTF-8 character */
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *tmp = ls_xmalloc(n > 0 ? (size_t)n + 1 : 1);
	tmp[0] = 0;
	if (n > 0)
		vsnprintf(tmp, (size_t)n + 1, fmt, again);
	va_end(again);
	ls_grow(&w->v, &w->cap, w->n + 1, sizeof *w->v);
	struct ls_warning *x = &w->v[w->n++];
	x->file = ls_xstrdup(file);
	x->offset = offset;
	x->message = ls_sanitize(tmp);
	x->more = more;
	free(tmp);
}

void ls_warn(struct ls_warnings *w, const char *file, uint64_t offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(w, file, offset, 0, fmt, ap);
	va_end(ap);
}

void ls_warn_unlisted(struct ls_warnings *w, const char *file, uint64_t offset, uint64_t count, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(w, file, offset, count ? count - 1 : 0, fmt, ap);
	va_end(ap);
}

uint64_t ls_warnings_total(const struct ls_warnings *w)
{
	uint64_t n = w->n;
	for (size_t i = 0; i < w->n; i++)
		n += w->v[i].more;
	return n;
}

/* Where a warning goes in its file's list: those about a place first, by
 * offset, then those about the file as a whole, then the summaries of what
 * was not listed. */
static int rank(const struct ls_warning *w)
{
	return w->more ? 2 : w->offset == LS_NO_OFFSET ? 1 : 0;
}

static bool before(const struct ls_warning *a, const struct ls_warning *b)
{
	int ra = rank(a), rb = rank(b);
	return ra != rb ? ra < rb : ra == 0 && a->offset < b->offset;
}

void ls_warnings_append(struct ls_warnings *dst, struct ls_warnings *src)
{
	if (!src->n)
		return;
	/* in reading order: the passes of a load find things out of it (a
	 * comment never closed at byte 3,584 after a ']' at 7,175). Stable,
	 * and a file's list is short (its listing stops at 200) */
	for (size_t i = 1; i < src->n; i++) {
		struct ls_warning w = src->v[i];
		size_t j = i;
		for (; j > 0 && before(&w, &src->v[j - 1]); j--)
			src->v[j] = src->v[j - 1];
		src->v[j] = w;
	}
	ls_grow(&dst->v, &dst->cap, dst->n + src->n, sizeof *dst->v);
	memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
	dst->n += src->n;
	src->n = 0;
}

void ls_warnings_forget(struct ls_warnings *w, const char *file, const char *containing)
{
	size_t k = 0;
	for (size_t i = 0; i < w->n; i++) {
		struct ls_warning *x = &w->v[i];
		if (x->file && file && strcmp(x->file, file) == 0 && (!containing || strstr(x->message, containing))) {
			free(x->file);
			free(x->message);
			continue;
		}
		w->v[k++] = *x;
	}
	w->n = k;
}
