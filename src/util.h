/* util.h — allocation that cannot silently fail, growable arrays, text sanitizing.
 * Allocation failure exits (status 2) with a message: leakscope has no sensible way
 * to go on without memory, and checking every small allocation would hide the real
 * logic. */
#ifndef LS_UTIL_H
#define LS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void *ls_xmalloc(size_t n);
/* Called before that exit (the explorer gives the terminal back). */
void ls_on_out_of_memory(void (*hook)(void));
void *ls_xcalloc(size_t n, size_t size);
void *ls_xrealloc(void *p, size_t n);
/* realloc for arrays: n * size with overflow check */
void *ls_xreallocarray(void *p, size_t n, size_t size);
char *ls_xstrdup(const char *s);
char *ls_xstrndup(const char *s, size_t n);
char *ls_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (element size `size`) so that it holds at least `need` elements. */
void ls_grow(void *arrp, size_t *cap, size_t need, size_t size);

/* A growable byte buffer, always NUL-terminated. */
struct ls_buf {
	char *data;
	size_t len, cap;
};
void ls_buf_init(struct ls_buf *b);
void ls_buf_done(struct ls_buf *b);
void ls_buf_add(struct ls_buf *b, const void *p, size_t n);
void ls_buf_puts(struct ls_buf *b, const char *s);
void ls_buf_printf(struct ls_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append `s` (length n) with every control byte and invalid UTF-8 shown escaped
 * (\n, \t, \x1b ...): untrusted text never reaches a terminal or export raw. */
void ls_buf_add_sanitized(struct ls_buf *b, const char *s, size_t n);
/* Heap copy of s, sanitized as above. */
char *ls_sanitize(const char *s);
/* Length of the valid UTF-8 sequence at s (at most n bytes) and its code
 * point in *cp; 0 when the bytes there are not valid UTF-8. */
size_t ls_utf8_len(const char *s, size_t n, uint32_t *cp);

/* Text with its runs of digits compared as numbers, like `ls -v`:
 * "core.py:185" before "core.py:1463", "test_2" before "test_10". */
int ls_natural_cmp(const char *a, const char *b);

/* Base name of a path without directories (points into path). */
const char *ls_basename(const char *path);

/* Monotonic clock in seconds. */
double ls_now(void);

#endif
