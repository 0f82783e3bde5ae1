/* source.h — the source lines around an allocation site, like `pprof list`.
 *
 * Owner: the "chart" engineer (src/source.c, tests/test_source.c).
 * The site detail view shows, when the file named by a site location exists on
 * this machine, a few lines around LINE with LINE highlighted. Locations come
 * from untrusted profile files, so the read is defensive: only regular files,
 * never more than a byte budget, lines cut to a width, every control byte
 * escaped and tabs expanded before any of it can reach a terminal or export.
 * When nothing can be shown, `message` says why in words a user can act on.
 */
#ifndef LS_SOURCE_H
#define LS_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

enum ls_source_status {
	LS_SOURCE_OK = 0,
	LS_SOURCE_NO_LOCATION,   /* not "PATH:LINE" (e.g. "unknown", "foo.py:0") */
	LS_SOURCE_NOT_FOUND,     /* no such file on this machine */
	LS_SOURCE_NOT_REGULAR,   /* a directory, device, FIFO ... */
	LS_SOURCE_UNREADABLE,    /* permission or I/O error */
	LS_SOURCE_BEYOND_EOF,    /* the file has fewer than LINE lines */
	LS_SOURCE_TOO_LONG,      /* LINE lies past the byte budget */
};

struct ls_source_line {
	uint32_t no;             /* 1-based line number */
	char *text;              /* sanitized, tabs expanded, no newline (owned) */
	bool hit;                /* the location's own line */
};

struct ls_source {
	enum ls_source_status status;
	/* The file: the location's PATH, raw (owned; NULL if none) — or, when
	 * PATH is not on this machine but was found under a search root, the
	 * file actually read (see ls_source_read_in). */
	char *path;
	uint32_t line;           /* LINE part (0 if none) */
	uint32_t file_lines;     /* lines seen in the file (all of them when BEYOND_EOF) */
	struct ls_source_line *lines;
	uint32_t n;              /* lines returned (0 unless status is OK) */
	char message[512];       /* "" when OK, else why nothing is shown (sanitized) */
};

/* Limits; a caller passes 0 to get the default. */
#define LS_SOURCE_MAX_BYTES (8u << 20)   /* read budget per file */
#define LS_SOURCE_MAX_COLS 400           /* a line is cut after this many columns */

/* Split "PATH:LINE" at the LAST ':' whose suffix is all digits (so
 * "C:\\app\\x.py:12" and "/a:b/c.py:7" work). false when there is no such
 * ':', PATH is empty, or LINE is 0 or too large. *path is a heap copy. */
bool ls_source_split(const char *location, char **path, uint32_t *line);

void ls_source_init(struct ls_source *s);
void ls_source_done(struct ls_source *s);

/* Read up to `want` lines around the location's LINE (LINE in the middle,
 * the window shifted to stay inside the file). max_bytes 0: default budget.
 * Returns 0 when lines were read (status OK), -1 otherwise (status and
 * message say why). s may hold an earlier result; it is replaced. */
int ls_source_read(struct ls_source *s, const char *location, uint32_t want, size_t max_bytes);

/* The same with a search path: a profile names files as they were on the
 * server (/srv/app/routers/chat.py); when PATH is not here, each root of
 * `search` (':'-separated) is tried with PATH's suffixes, longest first
 * (ROOT/srv/app/routers/chat.py, ROOT/app/routers/chat.py, ... ROOT/chat.py),
 * like pprof's -source_path. ls_source_read() uses $LEAKSCOPE_SOURCE_PATH. */
int ls_source_read_in(struct ls_source *s, const char *location, uint32_t want, size_t max_bytes,
	const char *search);

/* One-word description of a status, for tests and logs. */
const char *ls_source_status_name(enum ls_source_status st);

#endif
