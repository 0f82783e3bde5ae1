/* warn.h — the list of everything the loader skipped or refused. Every warning
 * carries the file and the byte offset so that a user can look at the input. */
#ifndef LS_WARN_H
#define LS_WARN_H

#include <stddef.h>
#include <stdint.h>

struct ls_warning {
	char *file;        /* path as given on the command line (owned) */
	uint64_t offset;   /* byte offset in the file, or UINT64_MAX when not about a position */
	char *message;     /* one sentence (owned, already sanitized) */
	uint64_t more;     /* problems it stands for beyond one ("N more ... not listed") */
};

struct ls_warnings {
	struct ls_warning *v;
	size_t n, cap;
};

#define LS_NO_OFFSET UINT64_MAX

void ls_warnings_init(struct ls_warnings *w);
void ls_warnings_done(struct ls_warnings *w);
void ls_warn(struct ls_warnings *w, const char *file, uint64_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A warning that sums up `count` problems not listed one by one. */
void ls_warn_unlisted(struct ls_warnings *w, const char *file, uint64_t offset, uint64_t count, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Problems counted: one per warning, plus those a summary stands for. */
/* Drop the warnings about `file` (those whose message contains
 * `containing`, when not NULL). */
void ls_warnings_forget(struct ls_warnings *w, const char *file, const char *containing);
uint64_t ls_warnings_total(const struct ls_warnings *w);
/* Move all warnings of src (one file's, as a load finds them) to the end
 * of dst (src is left empty), in reading order: those about a place by
 * offset, then those about the whole file, then the summaries of what was
 * not listed, each kind in the order found. */
void ls_warnings_append(struct ls_warnings *dst, struct ls_warnings *src);
void ls_warnings_clear(struct ls_warnings *w);

#endif
