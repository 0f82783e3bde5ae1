/* source.c — the lines around PATH:LINE for the site detail view (see source.h).
 *
 * The file is streamed once up to the last wanted line, keeping only a ring of
 * the last `want` lines, so a location deep in a large file costs one bounded
 * pass and `want` small strings, never the whole file in memory. */
#include "source.h"
#include "util.h"
#include "width.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TAB_STOP 8

const char *ls_source_status_name(enum ls_source_status st)
{
	switch (st) {
	case LS_SOURCE_OK: return "ok";
	case LS_SOURCE_NO_LOCATION: return "no-location";
	case LS_SOURCE_NOT_FOUND: return "not-found";
	case LS_SOURCE_NOT_REGULAR: return "not-regular";
	case LS_SOURCE_UNREADABLE: return "unreadable";
	case LS_SOURCE_BEYOND_EOF: return "beyond-eof";
	case LS_SOURCE_TOO_LONG: return "too-long";
	}
	return "?";
}

bool ls_source_split(const char *loc, char **path, uint32_t *line)
{
	*path = NULL;
	*line = 0;
	if (!loc)
		return false;
	size_t n = strlen(loc);
	/* the last ':' followed by digits only, up to the end */
	size_t end = n;
	while (end > 0 && loc[end - 1] >= '0' && loc[end - 1] <= '9')
		end--;
	if (end == n || end < 2 || loc[end - 1] != ':')
		return false;
	uint64_t v = 0;
	for (size_t i = end; i < n; i++) {
		v = v * 10 + (uint64_t)(loc[i] - '0');
		if (v > UINT32_MAX)
			return false;
	}
	if (v == 0)
		return false;
	*path = ls_xstrndup(loc, end - 1);
	*line = (uint32_t)v;
	return true;
}

void ls_source_init(struct ls_source *s)
{
	memset(s, 0, sizeof *s);
}

void ls_source_done(struct ls_source *s)
{
	for (uint32_t i = 0; i < s->n; i++)
		free(s->lines[i].text);
	free(s->lines);
	free(s->path);
	ls_source_init(s);
}

static int fail(struct ls_source *s, enum ls_source_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ls_source *s, enum ls_source_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->message, sizeof s->message, fmt, ap);
	va_end(ap);
	s->status = st;
	return -1;
}

/* Byte offset of the first character that would not fit in `cols`
 * columns (a character as the terminal draws it: width.h). */
static size_t utf8_cut(const char *p, size_t n, size_t cols)
{
	size_t c = 0, l;
	for (size_t i = 0; i < n; i += l) {
		int w;
		l = ls_cluster_len(p + i, n - i, &w);
		if (c + (size_t)w > cols)
			return i;
		c += (size_t)w;
	}
	return n;
}

/* One raw line -> display text: tabs to spaces at 8-column stops, other
 * control bytes and bad UTF-8 escaped, cut at max_cols with "...". */
static char *line_display(const char *raw, size_t n, size_t max_cols, bool cut)
{
	struct ls_buf b;
	ls_buf_init(&b);
	size_t col = 0, i = 0;
	while (i < n) {
		if (raw[i] == '\t') {
			do
				ls_buf_add(&b, " ", 1), col++;
			while (col % TAB_STOP);
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && raw[j] != '\t')
			j++;
		size_t before = b.len;
		ls_buf_add_sanitized(&b, raw + i, j - i);
		/* where a tab after it lands */
		col += ls_text_cols(b.data + before, b.len - before);
		i = j;
	}
	if (!b.data)
		ls_buf_add(&b, "", 0);
	if (col > max_cols || cut) {
		size_t at = utf8_cut(b.data, b.len, max_cols);
		b.len = at;
		b.data[at] = '\0';
		ls_buf_puts(&b, "...");
	}
	return b.data;
}

/* The streaming state: a ring of the last `want` lines kept as text. */
struct reader {
	uint32_t want, stop;     /* keep `want` lines; stop after line `stop` */
	uint32_t line;           /* the location's line: the window always holds it */
	uint32_t no;             /* lines completed so far */
	size_t max_raw;          /* raw bytes kept per line */
	struct ls_buf cur;       /* the line being read (raw, capped) */
	bool cur_cut;            /* cur lost bytes to the cap */
	bool cur_any;            /* the line being read has a byte, kept or not */
	struct ls_source_line *ring;
};

static bool reader_keep(const struct reader *r, uint32_t no)
{
	/* a window of `want` lines holding `line` starts after line - want */
	return (uint64_t)no + r->want > r->line;
}

static void reader_end_line(struct reader *r)
{
	r->no++;
	if (reader_keep(r, r->no)) {
		size_t len = r->cur.len;
		if (len && r->cur.data[len - 1] == '\r')
			len--;   /* CRLF files */
		struct ls_source_line *l = &r->ring[(r->no - 1) % r->want];
		free(l->text);
		l->text = line_display(r->cur.data ? r->cur.data : "", len, LS_SOURCE_MAX_COLS, r->cur_cut);
		l->no = r->no;
	}
	r->cur.len = 0;
	r->cur_cut = false;
	r->cur_any = false;
}

/* Feed a chunk; returns true once line `stop` is complete. */
static bool reader_feed(struct reader *r, const char *p, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t k = nl ? (size_t)(nl - p) : n;
		r->cur_any |= k > 0;
		if (reader_keep(r, r->no + 1)) {
			size_t room = r->max_raw > r->cur.len ? r->max_raw - r->cur.len : 0;
			ls_buf_add(&r->cur, p, k < room ? k : room);
			r->cur_cut |= k > room;
		}
		if (!nl)
			return false;
		reader_end_line(r);
		if (r->no >= r->stop)
			return true;
		p += k + 1;
		n -= k + 1;
	}
	return false;
}

static int open_checked(struct ls_source *s, const char *shown)
{
	int fd = open(s->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR)
			return fail(s, LS_SOURCE_NOT_FOUND, "%s: not found on this machine", shown);
		return fail(s, LS_SOURCE_UNREADABLE, "%s: cannot open: %s", shown, strerror(e));
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return fail(s, LS_SOURCE_UNREADABLE, "%s: cannot read: %s", shown, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(s, LS_SOURCE_NOT_REGULAR, "%s: not a regular file", shown);
	}
	return fd;
}

/* Stream the file through the reader within the byte budget.
 * Returns 0 (stopped or EOF), 1 (budget exhausted), -1 (read error, errno). */
static int stream(int fd, struct reader *r, size_t max_bytes)
{
	char buf[65536];
	size_t total = 0;
	for (;;) {
		size_t ask = sizeof buf;
		if (max_bytes - total < ask)
			ask = max_bytes - total;
		if (ask == 0)
			return 1;
		ssize_t got = read(fd, buf, ask);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0) {
			/* last line without a newline; counted also when it is
			 * outside the window and so was never kept (cur empty) */
			if (r->cur_any)
				reader_end_line(r);
			return 0;
		}
		total += (size_t)got;
		if (reader_feed(r, buf, (size_t)got))
			return 0;
	}
}

/* Move the wanted window out of the ring into s->lines. */
static void collect(struct ls_source *s, struct reader *r)
{
	uint32_t last = r->no, first = last >= r->want ? last - r->want + 1 : 1;
	s->lines = ls_xcalloc(last - first + 1, sizeof *s->lines);
	for (uint32_t no = first; no <= last; no++) {
		struct ls_source_line *l = &r->ring[(no - 1) % r->want];
		if (l->no != no || !l->text)
			continue;
		s->lines[s->n].no = no;
		s->lines[s->n].text = l->text;
		s->lines[s->n].hit = no == s->line;
		l->text = NULL;
		s->n++;
	}
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Where PATH is on this machine: itself, else ROOT/suffix for the longest
 * suffix of PATH found under any root of `search` (roots in their order for
 * one suffix), so a checkout holding app/routers/chat.py beats another
 * root's stray routers/chat.py. NULL when nowhere. */
static char *resolve(const char *path, const char *search)
{
	if (exists(path))
		return NULL;   /* as named: nothing to change */
	if (!search || !*search)
		return NULL;
	for (const char *p = path; p && *p; p = strchr(p, '/')) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (const char *root = search; *root;) {
			const char *end = strchr(root, ':');
			size_t rl = end ? (size_t)(end - root) : strlen(root);
			if (rl) {
				char *cand = ls_xasprintf("%.*s/%s", (int)rl, root, p);
				if (exists(cand))
					return cand;
				free(cand);
			}
			root += rl + (end ? 1 : 0);
		}
	}
	return NULL;
}

/* "<frozen importlib._bootstrap>", "<string>": interpreter-made code. */
static bool pseudo_file(const char *path)
{
	size_t n = strlen(path);
	return n >= 2 && path[0] == '<' && path[n - 1] == '>';
}

int ls_source_read(struct ls_source *s, const char *location, uint32_t want, size_t max_bytes)
{
	return ls_source_read_in(s, location, want, max_bytes, getenv("LEAKSCOPE_SOURCE_PATH"));
}

int ls_source_read_in(struct ls_source *s, const char *location, uint32_t want, size_t max_bytes,
	const char *search)
{
	ls_source_done(s);
	if (!ls_source_split(location, &s->path, &s->line)) {
		char *shown = ls_sanitize(location ? location : "");
		fail(s, LS_SOURCE_NO_LOCATION, "%s: not a PATH:LINE location", shown);
		free(shown);
		return -1;
	}
	if (want == 0)
		want = 1;
	if (max_bytes == 0)
		max_bytes = LS_SOURCE_MAX_BYTES;
	char *shown = ls_sanitize(s->path);
	if (pseudo_file(s->path)) {
		fail(s, LS_SOURCE_NOT_FOUND, "%s: code made by the interpreter, no source file", shown);
		free(shown);
		return -1;
	}
	char *found = resolve(s->path, search);
	if (found) {
		free(s->path);
		s->path = found;
		free(shown);
		shown = ls_sanitize(s->path);
	} else if (!exists(s->path)) {
		fail(s, LS_SOURCE_NOT_FOUND, search && *search
			? "%s: not found on this machine, nor under LEAKSCOPE_SOURCE_PATH"
			: "%s: not found on this machine (LEAKSCOPE_SOURCE_PATH=DIR looks in a checkout)", shown);
		free(shown);
		return -1;
	}
	int fd = open_checked(s, shown);
	if (fd < 0) {
		free(shown);
		return -1;
	}
	uint32_t before = (want - 1) / 2, after = want - 1 - before;
	struct reader r = { .want = want, .line = s->line, .max_raw = LS_SOURCE_MAX_COLS * 4 + 4 };
	uint64_t stop = (uint64_t)s->line + after;
	r.stop = stop > UINT32_MAX ? UINT32_MAX : (uint32_t)stop;
	if (r.stop < want)
		r.stop = want;   /* near the top: still `want` lines */
	r.ring = ls_xcalloc(want, sizeof *r.ring);
	ls_buf_init(&r.cur);
	int rc = stream(fd, &r, max_bytes);
	int e = errno;
	close(fd);
	s->file_lines = r.no;
	if (rc < 0)
		fail(s, LS_SOURCE_UNREADABLE, "%s: read error: %s", shown, strerror(e));
	else if (r.no < s->line && rc == 1)
		fail(s, LS_SOURCE_TOO_LONG, "%s: line %u is past the first %zu bytes; not shown",
			shown, s->line, max_bytes);
	else if (r.no < s->line)
		fail(s, LS_SOURCE_BEYOND_EOF,
			"%s has %u line%s; line %u is beyond the end (changed since it was profiled?)",
			shown, r.no, r.no == 1 ? "" : "s", s->line);
	else {
		s->status = LS_SOURCE_OK;
		s->message[0] = '\0';
		collect(s, &r);
	}
	for (uint32_t i = 0; i < want; i++)
		free(r.ring[i].text);
	free(r.ring);
	ls_buf_done(&r.cur);
	free(shown);
	return s->status == LS_SOURCE_OK ? 0 : -1;
}
