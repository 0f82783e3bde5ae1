/* load.c — streaming, multi-threaded loader (see load.h).
 *
 * One file goes through a pipeline:
 *   reader (the calling thread)  reads a bounded window (1 MiB; grown only for
 *                                one element bigger than that), finds the
 *                                complete elements with the scanner, and hands
 *                                the window + element list to the pool as a
 *                                batch; the partial element at the end is
 *                                copied to the front of the next window;
 *   workers (a pool)             parse each batch into its own struct ls_part
 *                                (record.c) with batch-local site/string ids;
 *   merge (the reader again)     appends finished parts to the file result
 *                                strictly in batch order, remapping ids; while
 *                                it waits for the oldest batch it parses
 *                                queued ones itself instead of sleeping.
 * At most 2 x workers + 2 windows are in flight, so peak memory is the model
 * plus a few MiB, never the file. A part depends only on its own bytes and
 * the merge is in order, so the result is identical for any thread count
 * (tests/test_load.c compares 1 and 4 threads column by column).
 *
 * Several files load at once: ls_load_paths runs up to `threads` readers over
 * the file list, all feeding one worker pool, and adopts the results into
 * processes afterwards in command-line order. Progress callbacks always run
 * on the thread that called ls_load_paths / ls_load_file.
 */
#include "load.h"
#include "explain.h"
#include "record.h"
#include "resync.h"
#include "scan.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WINDOW (1u << 20)

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

unsigned ls_load_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* ---- the worker pool ---- */

struct span {
	size_t a, b;    /* element bytes [a, b) of the window */
	bool at_record; /* a broken element cut where a record starts (cut_broken) */
	bool opener_put; /* its '{' is one the loader put in place of a lost one (cut_lost_run) */
};

struct batch {
	char *buf;            /* the window */
	size_t cap, len;
	/* bytes the window is filled to: what the file needs, never what an
	 * earlier use of this buffer left it able to hold (that depends on
	 * the ring's size, so on the thread count, and where the windows
	 * are cut decides how damage is read and said) */
	size_t want;
	uint64_t base;        /* file offset of buf[0] */
	struct span *span;    /* complete elements in this window */
	size_t nspan, span_cap;
	bool at_end;          /* the last span is where the input ended, inside an element */
	struct ls_part part;  /* parsed output */
	bool busy;            /* submitted and not merged yet */
	bool done;            /* parsed (guarded by the pool mutex) */
	struct batch *next;   /* pool queue link */
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work;  /* a batch was queued, or stop */
	pthread_cond_t done;  /* a batch was parsed */
	struct batch *head, *tail;
	bool stop;
	bool jsonc_only;
	unsigned n;
	pthread_t *th;
};

/* A span whose '{' the loader put there (cut_lost_run) is said as
 * record.c says a record it reads so, before that record's warnings, when
 * its record was read (when not, the warning that it was skipped says it). */
static void say_opener_put(struct ls_part *p, uint32_t rows, size_t nw, uint64_t at)
{
	if (p->ep.n > rows && p->ep.offset[rows] == at)
		ls_part_warn_lost_opener(p, nw, at);
}

/* Whether the element at buf[a] is one that needs a '{' before it: the
 * file starts with a record's key, the record's '{' and the array's '['
 * lost, and no byte is there to take the '{' (scan.h, opener_before). No
 * other element starts at the file's first byte with a '"'. */
static bool needs_opener(const struct batch *b, size_t a)
{
	return b->base + a == 0 && b->buf[a] == '"';
}

/* The element t[0..n) with the '{' it lost put before it, in a copy (the
 * caller frees it). */
static char *with_opener(const char *t, size_t n)
{
	char *c = ls_xmalloc(n + 1);
	c[0] = '{';
	memcpy(c + 1, t, n);
	return c;
}

/* ls_parse_span of such an element (once per file at most). The '{' is
 * said to be at the key's byte, 0, so what is said of the bytes inside it
 * names the byte after each: no byte is free for the '{'. */
static enum ls_span_end parse_with_opener(struct ls_parser *P, struct batch *b, const struct span *s, bool at_end)
{
	char *copy = with_opener(b->buf + s->a, s->b - s->a);
	enum ls_span_end end = ls_parse_span(P, &b->part, copy, s->b - s->a + 1, b->base + s->a, at_end,
		s->at_record, &b->part.cut_at);
	free(copy);
	return end;
}

static void parse_batch(struct ls_parser *P, struct batch *b)
{
	for (size_t i = 0; i < b->nspan; i++) {
		const struct span *s = &b->span[i];
		uint32_t rows = b->part.ep.n;
		size_t nw = b->part.warnings.n;
		bool at_end = b->at_end && i + 1 == b->nspan;
		if (needs_opener(b, s->a))
			b->part.end = parse_with_opener(P, b, s, at_end);
		else
			b->part.end = ls_parse_span(P, &b->part, b->buf + s->a, s->b - s->a, b->base + s->a, at_end,
				s->at_record, &b->part.cut_at);
		if (s->opener_put)
			say_opener_put(&b->part, rows, nw, b->base + s->a);
	}
}

static void *worker_main(void *arg)
{
	struct pool *pl = arg;
	struct ls_parser P;
	ls_parser_init(&P, pl->jsonc_only);
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		while (!pl->head && !pl->stop)
			pthread_cond_wait(&pl->work, &pl->mu);
		if (!pl->head)
			break;
		struct batch *b = pl->head;
		pl->head = b->next;
		if (!pl->head)
			pl->tail = NULL;
		pthread_mutex_unlock(&pl->mu);
		parse_batch(&P, b);
		pthread_mutex_lock(&pl->mu);
		b->done = true;
		pthread_cond_broadcast(&pl->done);
	}
	pthread_mutex_unlock(&pl->mu);
	ls_parser_done(&P);
	return NULL;
}

/* NULL when one thread is asked for (or threads cannot be started): the
 * reader then parses each batch itself, through the same code. */
static struct pool *pool_new(unsigned threads, bool jsonc_only)
{
	if (threads == 0)
		threads = ls_load_default_threads();
	if (threads <= 1)
		return NULL;
	struct pool *pl = ls_xcalloc(1, sizeof *pl);
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->work, NULL);
	pthread_cond_init(&pl->done, NULL);
	pl->jsonc_only = jsonc_only;
	pl->th = ls_xcalloc(threads, sizeof *pl->th);
	for (unsigned i = 0; i < threads; i++) {
		if (pthread_create(&pl->th[pl->n], NULL, worker_main, pl) != 0)
			break;
		pl->n++;
	}
	return pl;
}

static void pool_free(struct pool *pl)
{
	if (!pl)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->stop = true;
	pthread_cond_broadcast(&pl->work);
	pthread_mutex_unlock(&pl->mu);
	for (unsigned i = 0; i < pl->n; i++)
		pthread_join(pl->th[i], NULL);
	pthread_cond_destroy(&pl->work);
	pthread_cond_destroy(&pl->done);
	pthread_mutex_destroy(&pl->mu);
	free(pl->th);
	free(pl);
}

/* ---- one file: reader + merge ---- */

/* Where the bytes come from: a file descriptor or a memory buffer. */
struct source {
	int fd;               /* -1: memory; opened non-blocking */
	bool wait;            /* not a regular file: poll before reading */
	const char *mem;
	size_t mem_len, mem_pos;
	volatile sig_atomic_t *cancel;
};

/* Wait until fd has data, reached its end, or loading was cancelled
 * (false). A named pipe opened before its writer reads as empty, not as
 * "not yet": poll tells the two apart (nothing until a writer comes and
 * goes), in 100 ms steps that look at the cancel flag, so a read on a
 * worker thread never hides a Ctrl-C. */
static bool source_wait(struct source *src)
{
	for (;;) {
		if (src->cancel && *src->cancel) {
			errno = ECANCELED;
			return false;
		}
		struct pollfd pfd = {.fd = src->fd, .events = POLLIN};
		int r = poll(&pfd, 1, 100);
		if (r > 0)
			return true;
		if (r < 0 && errno != EINTR)
			return true;  /* let read() report it */
	}
}

/* Read on from byte `at` (ls_scan_hidden_end): false when the source is
 * not a regular file or memory, and cannot be read again. */
static bool source_seek(struct source *src, uint64_t at)
{
	if (src->fd < 0) {
		if (at > src->mem_len)
			return false;
		src->mem_pos = (size_t)at;
		return true;
	}
	return !src->wait && lseek(src->fd, (off_t)at, SEEK_SET) == (off_t)at;
}

static ssize_t source_read(struct source *src, char *dst, size_t n)
{
	if (src->fd >= 0) {
		for (;;) {
			if (src->wait && !source_wait(src))
				return -1;
			ssize_t got = read(src->fd, dst, n);
			if (got >= 0)
				return got;
			if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
				return got;
		}
	}
	size_t k = src->mem_len - src->mem_pos < n ? src->mem_len - src->mem_pos : n;
	memcpy(dst, src->mem + src->mem_pos, k);
	src->mem_pos += k;
	return (ssize_t)k;
}

struct file_load {
	const char *path;
	struct ls_file_result *r;
	struct pool *pool;             /* NULL: parse inline */
	struct ls_parser *parser;      /* the reader's own (inline, or helping the pool) */
	/* progress: called with the bytes of each window read */
	void (*on_bytes)(void *ctx, uint64_t n);
	void *ctx;
	volatile sig_atomic_t *cancel;
	/* merge state */
	uint64_t suppressed, first_suppressed;
	uint64_t fmt_first[3];
	bool too_big_warned;
	uint64_t bad_sep, first_bad_sep; /* array elements with missing/extra commas */
	struct ls_tally no_reading, no_file, no_size; /* said once per file (record.h) */
	struct ls_names names;         /* the endpoint names of its records */
	enum ls_span_end end;  /* how the last element read ended (resync.h) */
	uint64_t cut_at;       /* LS_SPAN_CUT: where the cut-off record starts */
	/* warnings of the reader itself, listed after the records' */
	struct ls_warnings tail;
};

/* Append the part (file order) to the file result. */
static void merge_part(struct file_load *F, struct ls_part *p)
{
	struct ls_file_result *r = F->r;
	if ((uint64_t)r->ep.n + p->ep.n > UINT32_MAX || (uint64_t)r->ep.ncons + p->ep.ncons > UINT32_MAX) {
		/* 32-bit row ids: ~4 billion records per file is the limit */
		if (!F->too_big_warned)
			ls_warn(&F->tail, F->path, p->ep.n ? p->ep.offset[0] : 0,
				"more than 4294967295 records or consumer samples in one file; the rest is not loaded");
		F->too_big_warned = true;
		return;
	}
	uint32_t *site_map = ls_xcalloc(p->sites.n ? p->sites.n : 1, sizeof *site_map);
	for (uint32_t id = 1; id < p->sites.n; id++)
		site_map[id] = ls_intern_add(&r->sites, p->sites.str[id], p->sites.len[id]);
	uint32_t r0 = r->ep.n;
	ls_endpoint_append(&r->ep, &p->ep, site_map);
	free(site_map);
	if (p->strings.n > 1) {
		uint32_t *str_map = ls_xcalloc(p->strings.n, sizeof *str_map);
		for (uint32_t id = 1; id < p->strings.n; id++)
			str_map[id] = ls_intern_add(&r->strings, p->strings.str[id], p->strings.len[id]);
		for (uint32_t i = r0; i < r->ep.n; i++)
			r->ep.error_msg[i] = str_map[r->ep.error_msg[i]];
		free(str_map);
	}
	/* warnings: the file-wide cap applies in file order */
	for (size_t i = 0; i < p->warnings.n; i++) {
		struct ls_warning *w = &p->warnings.v[i];
		if (r->warnings.n < LS_MAX_FILE_WARNINGS) {
			ls_grow(&r->warnings.v, &r->warnings.cap, r->warnings.n + 1, sizeof *r->warnings.v);
			r->warnings.v[r->warnings.n++] = *w;
			continue;
		}
		if (!F->suppressed++)
			F->first_suppressed = w->offset;
		free(w->file);
		free(w->message);
	}
	p->warnings.n = 0;
	if (p->suppressed) {
		if (!F->suppressed)
			F->first_suppressed = p->first_suppressed;
		F->suppressed += p->suppressed;
	}
	if (!r->ep.name && p->name) {
		r->ep.name = p->name;
		p->name = NULL;
	}
	for (int k = 0; k < 3; k++)
		if (p->fmt_first[k] < F->fmt_first[k])
			F->fmt_first[k] = p->fmt_first[k];
	r->records += p->records;
	r->fast_records += p->fast_records;
	for (unsigned i = 0; i < p->names.nv; i++)
		ls_names_add(&F->names, p->names.v[i].name, strlen(p->names.v[i].name), p->names.v[i].n,
			p->names.v[i].first);
	F->names.other += p->names.other;
	ls_tally_merge(&F->no_reading, &p->no_reading);
	ls_tally_merge(&F->no_file, &p->no_file);
	ls_tally_merge(&F->no_size, &p->no_size);
	F->end = (enum ls_span_end)p->end;
	F->cut_at = p->cut_at;
}

/* Wait until batch b is parsed, merge it and make its slot reusable. */
static void retire(struct file_load *F, struct batch *b)
{
	if (!b->busy)
		return;
	if (F->pool) {
		struct pool *pl = F->pool;
		pthread_mutex_lock(&pl->mu);
		while (!b->done) {
			/* rather than sleep, parse a queued batch (of any file) here */
			struct batch *x = pl->head;
			if (!x) {
				pthread_cond_wait(&pl->done, &pl->mu);
				continue;
			}
			pl->head = x->next;
			if (!pl->head)
				pl->tail = NULL;
			pthread_mutex_unlock(&pl->mu);
			parse_batch(F->parser, x);
			pthread_mutex_lock(&pl->mu);
			x->done = true;
			pthread_cond_broadcast(&pl->done);
		}
		pthread_mutex_unlock(&pl->mu);
	}
	merge_part(F, &b->part);
	ls_part_done(&b->part);
	b->busy = b->done = false;
	if (b->cap > 4 * WINDOW) {
		/* a huge element grew this window: give the memory back */
		free(b->buf);
		b->buf = NULL;
		b->cap = 0;
	}
}

static void submit(struct file_load *F, struct batch *b)
{
	ls_part_init(&b->part, F->path);
	b->busy = true;
	b->done = false;
	if (!F->pool) {
		parse_batch(F->parser, b);
		b->done = true;
		return;
	}
	b->next = NULL;
	pthread_mutex_lock(&F->pool->mu);
	if (F->pool->tail)
		F->pool->tail->next = b;
	else
		F->pool->head = b;
	F->pool->tail = b;
	pthread_cond_signal(&F->pool->work);
	pthread_mutex_unlock(&F->pool->mu);
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

/* (ls_scan_notes' sink for the whole file) */
static void file_say(void *ctx, uint64_t off, const char *text)
{
	struct file_load *F = ctx;
	ls_warn(&F->r->warnings, F->path, off, "%s", text);
}

/* Records that name another endpoint than the file's first: the file is
 * read as one endpoint (the profiler writes one per endpoint, by a name
 * two endpoints can share: /chat/completions and /chat_completions), and
 * the others are said, at the first record of the second name. */
static void names_note(struct file_load *F, struct ls_warnings *w)
{
	const struct ls_names *t = &F->names;
	if (t->nv < 2)
		return;
	struct ls_buf b;
	ls_buf_init(&b);
	for (unsigned i = 1; i < t->nv; i++)
		ls_buf_printf(&b, "%s\"%.80s\" (%llu record%s)", i > 1 ? ", " : "", t->v[i].name,
			(unsigned long long)t->v[i].n, t->v[i].n == 1 ? "" : "s");
	if (t->other)
		ls_buf_printf(&b, ", and %llu record%s of other names", (unsigned long long)t->other,
			t->other == 1 ? "" : "s");
	ls_warn(w, F->path, t->v[1].first, "records of another endpoint, the first at this offset: %s; all read as "
		"\"%.80s\", the file's first", b.data, t->v[0].name);
	ls_buf_done(&b);
}

/* After the input ended: explain how, in a fixed order after the records'
 * warnings. */
static void finish(struct file_load *F, const struct ls_scan *s, uint64_t total, bool saw_bytes, int read_errno,
	uint64_t err_off)
{
	struct ls_file_result *r = F->r;
	struct ls_warnings *w = &r->warnings;
	if (F->suppressed)
		ls_warn_unlisted(w, F->path, F->first_suppressed, F->suppressed,
			"%llu more warnings in this file not listed (first at this offset)", (unsigned long long)F->suppressed);
	/* the file's format is that of its first record; a mix is pointed out once */
	uint64_t fp = F->fmt_first[LS_FMT_PROFILE], fs = F->fmt_first[LS_FMT_SNAPSHOT];
	if (fp != UINT64_MAX || fs != UINT64_MAX) {
		r->ep.format = fs < fp ? LS_FMT_SNAPSHOT : LS_FMT_PROFILE;
		if (fp != UINT64_MAX && fs != UINT64_MAX)
			ls_warn(w, F->path, fs < fp ? fp : fs, "record in %s format inside %s file; read anyway",
				fs < fp ? "endpoint-profile" : "memory-test", fs < fp ? "a memory-test" : "an endpoint-profile");
	}
	names_note(F, w);
	const struct ls_tally *t = &F->no_reading;
	if (t->n)
		ls_warn(w, F->path, t->first, "%llu record%s with no memory reading (current_mb; first at this "
			"offset): counted as request%s, left out of the memory series", (unsigned long long)t->n,
			t->n == 1 ? "" : "s", t->n == 1 ? "" : "s");
	t = &F->no_file;
	if (t->n)
		ls_warn(w, F->path, t->first, "%llu top_consumers entr%s with no \"file\" (first at this offset): "
			"listed as the site \"unknown\"", (unsigned long long)t->n, t->n == 1 ? "y" : "ies");
	t = &F->no_size;
	if (t->n)
		ls_warn(w, F->path, t->first, "%llu top_consumers entr%s with no size_mb (first at this offset): "
			"read as 0 MB", (unsigned long long)t->n, t->n == 1 ? "y" : "ies");
	ls_scan_notes(s, 0, F->bad_sep, F->first_bad_sep, file_say, F);
	ls_warnings_append(w, &F->tail);
	if (read_errno) {
		r->failed = true;
		ls_warn(w, F->path, err_off, "read error: %s; %llu record%s kept", strerror(read_errno),
			(unsigned long long)r->records, r->records == 1 ? "" : "s");
		return;
	}
	if (!saw_bytes) {
		r->empty = true;
		ls_warn(w, F->path, 0, "empty file (the profiler may be rewriting it); nothing loaded");
		return;
	}
	/* the last element read decides how the array ended: a broken record
	 * may have swallowed the closing ']' (resync.h) */
	enum ls_scan_state state = s->state;
	if (F->end == LS_SPAN_CLOSED && (state == LS_SCAN_BETWEEN || state == LS_SCAN_ELEMENT))
		state = LS_SCAN_DONE;
	if (state == LS_SCAN_ELEMENT && F->end != LS_SPAN_CUT)
		state = LS_SCAN_BETWEEN;
	switch (state) {
	case LS_SCAN_BEFORE:
		r->empty = true;
		ls_warn(w, F->path, 0, "file holds only whitespace; nothing loaded");
		break;
	case LS_SCAN_BAD:
		r->failed = true;
		ls_warn(w, F->path, 0, "top level is not a JSON array; file skipped");
		break;
	case LS_SCAN_BETWEEN:
		r->truncated = true;
		ls_warn(w, F->path, total, "truncated at byte %llu, before the closing ']'; %llu record%s kept",
			(unsigned long long)total, (unsigned long long)r->records, r->records == 1 ? "" : "s");
		break;
	case LS_SCAN_ELEMENT:
		/* the offset is where the lost record starts: that is what a
		 * user opens the file at to see what is missing (every output
		 * shows the offset next to the message, hence "this record") */
		r->truncated = true;
		ls_warn(w, F->path, F->cut_at, "truncated at byte %llu, inside this record; %llu record%s kept",
			(unsigned long long)total, (unsigned long long)r->records, r->records == 1 ? "" : "s");
		break;
	case LS_SCAN_DONE:
		break;
	}
}

/* Reader state of one file. */
struct reader {
	struct ls_scan scan;
	uint64_t total;       /* bytes read (the offset reached) */
	uint64_t reported;    /* bytes told to on_bytes (a second look reads some again) */
	uint64_t restart;     /* file offset of the next fresh window (a second look) */
	bool saw, eof, trailing_warned;
	uint64_t probed;      /* stream offset + 1 of the element last probed (scan_window) */
	bool closed;          /* the scanner saw the array close, at close_at */
	bool close_bad_sep;   /* ... after a comma (counted in F->bad_sep) */
	uint64_t close_at;
	int read_errno;
	uint64_t err_off;
	uint64_t opener_put;  /* stream offset + 1 of the '{' cut_lost_run put last (0: none) */
};

/* Add the element buf[a..e) to the window's spans. */
static void add_span(struct reader *R, struct batch *b, size_t a, size_t e, bool at_record)
{
	ls_grow(&b->span, &b->span_cap, b->nspan + 1, sizeof *b->span);
	b->span[b->nspan++] = (struct span){a, e, at_record, R->opener_put == b->base + a + 1};
}

/* Start window b with the unfinished element of the previous one. */
static void start_window(struct reader *R, struct batch *b, const struct batch *prev)
{
	size_t keep = 0, carry = 0;
	if (prev) {
		keep = ls_scan_keep_from(&R->scan);
		carry = prev->len - keep;
	}
	b->want = carry + WINDOW;
	if (b->want > b->cap) {
		b->buf = ls_xrealloc(b->buf, b->want);
		b->cap = b->want;
	}
	if (prev) {
		memcpy(b->buf, prev->buf + keep, carry);
		b->base = prev->base + keep;
		ls_scan_shift(&R->scan, keep);
	} else {
		b->base = R->restart;
	}
	b->len = carry;
	b->nspan = 0;
}

/* Read until the window is full or the input ends. */
static void fill_window(struct file_load *F, struct reader *R, struct source *src, struct batch *b)
{
	while (b->len < b->want) {
		ssize_t got = source_read(src, b->buf + b->len, b->want - b->len);
		if (got <= 0) {
			if (got < 0) {
				R->read_errno = errno;
				R->err_off = b->base + b->len;
			}
			R->eof = true;
			/* a '}' there ends its record: no key follows it */
			ls_scan_input_end(&R->scan, b->len);
			return;
		}
		R->saw = true;
		b->len += (size_t)got;
		R->total += (uint64_t)got;
		if (R->total > R->reported) {
			if (F->on_bytes)
				F->on_bytes(F->ctx, R->total - R->reported);
			R->reported = R->total;
		}
	}
}

/* Where a record starts in buf[i..len) after a ']' the scanner took for the
 * end of the array, or len. Right after it ("]," or "][", as when two
 * arrays were written one after the other), or, when the ']' was one of a
 * broken record's that threw the scanner out of step, where the resync
 * finds the next record (resync.h). */
static size_t record_after_close(struct file_load *F, const char *buf, size_t len, size_t i)
{
	size_t j = i;
	while (j < len && (ls_json_blank(buf[j]) || buf[j] == ',' || buf[j] == '['))
		j++;
	if (j < len && buf[j] == '{')
		return j;
	size_t brace;
	size_t at = ls_next_record(F->parser, buf + i, len - i, 0, 0, &brace);
	return at < len - i ? i + at : len;
}

static bool cut_broken(struct file_load *F, struct reader *R, struct batch *b, bool probe);

/* An element still open PROBE bytes after its start and nested deeper than
 * PROBE_DEPTH there is asked whether it is broken (cut_broken) before it is
 * scanned any further: a stray '{' before every record, or records that
 * each lost their '}', nest one level deeper per record and leave each
 * element open to the end of the input; scanning each one there made such
 * a file quadratic (100,000 records: 91 s). A profile record nests 4 deep,
 * so a big record that is only big costs nothing more. */
#define PROBE (16u << 10)
#define PROBE_DEPTH 8

/* ls_scan_next, but an element probed as above is cut there when it is
 * broken and a record follows (once per element). */
static enum ls_scan_result scan_probed(struct file_load *F, struct reader *R, struct batch *b, size_t *ea,
	size_t *eb)
{
	struct ls_scan *s = &R->scan;
	for (;;) {
		size_t lim = b->len - s->pos > PROBE ? s->pos + PROBE : b->len;
		enum ls_scan_result res = ls_scan_next(s, b->buf, lim, ea, eb);
		if (s->opener_lost) {
			/* the first record lost its '{' (scan.h): put one in
			 * place of the byte before its key, as cut_lost_run
			 * does for the ones after it (or before the key, when
			 * the file starts with it: parse_batch). When the file
			 * lost its '[' too, the scanner's note says both */
			s->opener_lost = false;
			if (!s->opener_before)
				b->buf[s->start] = '{';
			if (!s->key_first)
				R->opener_put = b->base + s->start + 1;
		}
		if (res != LS_SCAN_MORE || lim == b->len)
			return res;
		uint64_t at = s->shifted + s->start + 1;
		if (s->state != LS_SCAN_ELEMENT || s->pos - s->start < PROBE || s->depth <= PROBE_DEPTH ||
		    R->probed == at)
			continue;
		R->probed = at;
		cut_broken(F, R, b, true);
	}
}

/* Where the bytes of the record buf[ea..eb) that the scanner ended early
 * end: after it, entries of top_consumers follow (no element is one), so a
 * lost quote threw the scanner out of step inside it (every quote after
 * it read the wrong way round, until an escaped one, "File \"x\"", put it
 * back in step at an entry's '}'). Its bytes run on to the next record
 * (as ls_next_record finds it), and are read as one span from there: a
 * broken record, the records after it that the wrong quotes ran over, and
 * the last one of them with its entries. Before, that last one was lost
 * too and every entry after it warned about by itself. eb when no entry
 * follows, or the window holds no next record. */
static size_t entries_after(struct file_load *F, const struct batch *b, size_t ea, size_t eb)
{
	size_t i = eb, brace;
	while (i < b->len && (ls_json_blank(b->buf[i]) || b->buf[i] == ','))
		i++;
	if (b->buf[ea] != '{' || i >= b->len || !ls_entry_key_at(b->buf + i, b->len - i))
		return eb;
	const char *t = b->buf + ea;
	size_t len = b->len - ea, at = ls_next_record(F->parser, t, len, i - ea, i - ea, &brace);
	while (at < len && !ls_record_key_at(t + at, len - at))
		at = ls_next_record(F->parser, t, len, at + 1, i - ea, &brace);
	return at < len ? ea + brace : eb;
}

/* Cut the window into complete elements; note separator slips and bytes
 * after the closing bracket. A ']' with records after it was not the end:
 * they are read too, and the ']' (and what was skipped) is reported. */
static enum ls_scan_result scan_window(struct file_load *F, struct reader *R, struct batch *b)
{
	struct ls_scan *s = &R->scan;
	size_t ea, eb;
	enum ls_scan_result res;
	for (;;) {
		while ((res = scan_probed(F, R, b, &ea, &eb)) == LS_SCAN_ELEM) {
			if (b->buf[ea] == '"') {
				/* junk: the record a stray quote turned inside out
				 * is read from its '{' (resync.h) */
				size_t at = ls_record_in_string(F->parser, b->buf, ea, eb, b->len);
				if (at < eb) {
					eb = at;
					ls_scan_resume(s, at);
				}
			}
			size_t end = entries_after(F, b, ea, eb);
			if (end != eb) {
				add_span(R, b, ea, end, true);
				ls_scan_resume(s, end);
				continue;
			}
			add_span(R, b, ea, eb, false);
			if (s->bad_sep && !F->bad_sep++)
				F->first_bad_sep = s->bad_at;
		}
		if (res != LS_SCAN_END)
			return res;
		if (!R->closed) {
			R->closed = true;
			R->close_at = b->base + s->pos - 1;
			R->close_bad_sep = s->bad_sep; /* "...,]": one comma too many, if the array ends here */
			if (s->bad_sep && !F->bad_sep++)
				F->first_bad_sep = s->bad_at;
		}
		/* only blanks may follow the closing bracket */
		size_t i = s->pos;
		while (i < b->len && ls_json_blank(b->buf[i]))
			i++;
		if (i >= b->len)
			break;
		size_t at = record_after_close(F, b->buf, b->len, i);
		if (at >= b->len) {
			if (!R->trailing_warned)
				ls_warn(&F->tail, F->path, b->base + i, "unexpected bytes after the closing ']'; ignored");
			R->trailing_warned = true;
			break;
		}
		/* (at == i first: a record at the window's first byte has
		 * nothing before it in this window to look at) */
		if (at == i || b->buf[at - 1] == '[' || b->buf[i] == ',')
			ls_warn(&F->tail, F->path, R->close_at, "unexpected ']' between records (records follow it); "
				"ignored");
		else
			ls_warn(&F->tail, F->path, R->close_at, "unexpected ']' inside the array (a broken record's?); "
				"bytes %llu to %llu skipped, the records after them read",
				(unsigned long long)(b->base + i), (unsigned long long)(b->base + at - 1));
		if (R->close_bad_sep)
			F->bad_sep--; /* it did not: "},]" was no trailing comma */
		R->closed = false;
		ls_scan_reopen(s, at);
	}
	s->pos = b->len;
	return res;
}

/* ls_json_breaks on the element buf[a..a+n), read as parse_batch reads it
 * (with a '{' before it when it needs one); *err is an offset from a. */
static bool element_breaks(struct file_load *F, const struct batch *b, size_t a, size_t n, size_t *err)
{
	if (!needs_opener(b, a))
		return ls_json_breaks(F->parser, b->buf + a, n, err);
	char *copy = with_opener(b->buf + a, n);
	bool breaks = ls_json_breaks(F->parser, copy, n + 1, err);
	free(copy);
	if (*err)
		--*err;
	return breaks;
}

/* A broken element bigger than the window, that json-c reads as a record
 * closed early by the '}' at buf[a + err - 1], followed by records that
 * lost their '{' (record.c reads such a run one record after another):
 * each '}' of the run has a key after it, so the scanner keeps the run in
 * one element to its end, and with a '{' lost on every record that is the
 * end of the file: the window grew to hold all of it (a file of 55 MB,
 * 147 MB peak). Cut it before the last record of the run that starts in
 * the window instead, and put a '{' in place of the byte before that
 * record's key: it starts the next element, and the window never holds
 * more than a window of the run. The span says that the '{' is the
 * loader's (say_opener_put). False: no such run. */
static bool cut_lost_run(struct reader *R, struct batch *b, size_t a, size_t err)
{
	char *t = b->buf;
	size_t len = b->len, e = a + err, cut = 0, key = 0;
	while (e > a && ls_json_blank(t[e - 1]))
		e--;
	/* a record that starts with its request_id, as the writer puts it:
	 * the next one is no field of its own (a stray '}' before it); or
	 * with the key itself, when the file does (opener_before) */
	if (e <= a || t[e - 1] != '}' || (needs_opener(b, a) ? !ls_record_key_first(t + a, e - a) :
					       ls_opens_record(t + a, e - a, e - a) != 1))
		return false;
	for (;;) {
		size_t k = ls_lost_opener_key(t, e, len);
		if (k >= len)
			break;
		cut = e;
		key = k;
		e = ls_lost_record_end(t, k, len);
		if (e >= len)
			break;
	}
	if (!key)
		return false;
	add_span(R, b, a, cut, true);
	size_t comma = cut;
	while (t[comma] != ',')
		comma++;
	t[key - 1] = '{';
	R->opener_put = b->base + key;
	if (key - 1 == comma) {
		/* the '{' took the place of the ',' before it */
		ls_scan_resume(&R->scan, key - 1);
		R->scan.commas = 1;
	} else {
		ls_scan_resume(&R->scan, comma);
	}
	return true;
}

/* An element bigger than the window is a big record, or a broken one that
 * runs on (a lost quote or '}': resync.h); json-c tells which. A broken one
 * is cut where the next record starts, so that the window does not grow to
 * hold the rest of the file; the records after it are scanned as usual.
 * False: a big record (or no record after it), the window must grow.
 * A next record that the window's end cuts off must start with a record's
 * key (an entry of a broken record's top_consumers cut off there would
 * otherwise be taken for one, and the entries after it read as elements).
 * `probe` (scan_probed): json-c reads only the bytes scanned so far, and
 * the next record must start with a record's key, whole or not: records
 * that each lost their '}' are cut one by one. */
static bool cut_broken(struct file_load *F, struct reader *R, struct batch *b, bool probe)
{
	struct ls_scan *s = &R->scan;
	size_t a = s->start, err, brace;
	if (probe && s->depth > LS_JSON_MAX_DEPTH)
		/* json-c stops where it nests this deep: no need to ask it
		 * (parsing the records up to there was most of the cost of a
		 * stray '[' before every record, each one level deeper) */
		err = s->pos - a;
	else if (!element_breaks(F, b, a, (probe ? s->pos : b->len) - a, &err))
		return false;
	/* An object after a '}' that the window's end cuts off is not known
	 * to be a record (ls_next_record passes over whole ones with none of
	 * a record's fields), unless it starts with a record's key: in a
	 * broken record bigger than the window, it is an entry of its
	 * top_consumers. Cut there, every entry after it was read as an
	 * element (a warning each: 18,325 for a record of 3.3 MB) and a
	 * record that lost its '{' was lost with them. The window grows
	 * instead, as for a big record, until that entry ends (and is passed
	 * over) or the element does; a window twice as big each time, so
	 * looking again from the element's start costs no more than twice.
	 * An object json-c refuses before the window's end, and whose first
	 * key is none of a record's, is no record start either unless it
	 * reads as one whole: in a big record it is another damaged entry
	 * of its top_consumers. Cut there, every entry after it was read as
	 * an element (55,496 warnings for a record of 3 MB with two entries
	 * that lost their ':'); the search goes on after it instead, and
	 * the element keeps both damages (one warning each, as in a small
	 * record). */
	/* a run of records that lost their '{' holds no record start the
	 * search below could find (a '{' after a ',' at its top level ends
	 * the element: scan.c), only entries of top_consumers, each one a
	 * json-c parse to pass over: cut the run at once */
	if (!probe && cut_lost_run(R, b, a, err))
		return true;
	/* a misplaced bracket the record's reading takes out (record.c):
	 * one record, read whole (cut there, it was lost in a record bigger
	 * than the window, and read whole in a smaller one) */
	if (ls_breaks_at_stray(b->buf + a, (probe ? s->pos : b->len) - a, err))
		return false;
	size_t at = ls_next_record(F->parser, b->buf + a, b->len - a, 1, err, &brace);
	const char *next;
	size_t left;
	for (;;) {
		if (at >= b->len - a)
			return false;
		next = b->buf + a + at;
		left = b->len - a - at;
		if (ls_record_key_at(next, left))
			break;
		if (probe || ls_json_unfinished(F->parser, next, left))
			return false;
		if (ls_record_object_at(F->parser, next, left))
			break;
		at = ls_next_record(F->parser, b->buf + a, b->len - a, at + 1, err, &brace);
	}
	add_span(R, b, a, a + brace, true);
	ls_scan_resume(s, a + brace);
	size_t opener;
	if (ls_lone_opener(b->buf + a, brace, &opener)) {
		/* the ',' after stray openers, if any, is the record's
		 * (ls_past_comma); else the one before them */
		s->commas = ls_past_comma(b->buf, b->len, a + brace) != a + brace ? 0 : 1;
	}
	return true;
}

/* The input ended inside a comment that hid the rest of it (scan.h): read
 * it again from the first '{' or ']' after the comment's start. Records
 * already found stay as they are (their batches are merged in order). */
static bool look_again(struct file_load *F, struct reader *R, struct source *src)
{
	uint64_t from;
	if (R->read_errno || (F->cancel && *F->cancel) || !ls_scan_hidden_end(&R->scan, &from) ||
	    from == UINT64_MAX)
		return false;
	if (!source_seek(src, from)) {
		ls_scan_no_reread(&R->scan);
		return false;
	}
	ls_scan_reread(&R->scan, 0, from);
	R->restart = R->total = from;
	R->eof = false;
	return true;
}

/* The reader loop over one source. */
static void run_file(struct file_load *F, struct source *src)
{
	struct reader R = {0};
	ls_scan_init(&R.scan);
	for (int k = 0; k < 3; k++)
		F->fmt_first[k] = UINT64_MAX;
	ls_warnings_init(&F->tail);
	size_t nb = F->pool ? 2 * (size_t)F->pool->n + 2 : 2;
	struct batch *ring = ls_xcalloc(nb, sizeof *ring);
	struct batch *prev = NULL;
	uint64_t seq = 0;
again:
	while (!R.eof && R.scan.state != LS_SCAN_BAD && !(F->cancel && *F->cancel)) {
		struct batch *b = &ring[seq % nb];
		retire(F, b); /* the oldest batch in flight: merged in order */
		start_window(&R, b, prev);
		for (;;) {
			fill_window(F, &R, src, b);
			enum ls_scan_result res = scan_window(F, &R, b);
			if (b->nspan || R.eof || res != LS_SCAN_MORE || R.scan.state != LS_SCAN_ELEMENT)
				break;
			if (cut_broken(F, &R, b, false))
				continue;
			/* one element bigger than the window: grow it */
			b->want *= 2;
			if (b->want > b->cap) {
				b->buf = ls_xrealloc(b->buf, b->want);
				b->cap = b->want;
			}
		}
		/* the input ended inside an element: a cut-off record, or a
		 * broken one with records after it (resync.h); the workers say */
		b->at_end = R.eof && R.scan.state == LS_SCAN_ELEMENT;
		if (b->at_end)
			add_span(&R, b, R.scan.start, b->len, false);
		if (b->nspan)
			submit(F, b);
		prev = b;
		seq++;
	}
	if (look_again(F, &R, src)) {
		prev = NULL; /* nothing carried over: a fresh window at R.restart */
		goto again;
	}
	for (uint64_t k = 0; k < nb; k++)
		retire(F, &ring[(seq + k) % nb]);
	for (size_t k = 0; k < nb; k++) {
		free(ring[k].buf);
		free(ring[k].span);
	}
	free(ring);
	if (!(F->cancel && *F->cancel))
		finish(F, &R.scan, R.total, R.saw, R.read_errno, R.err_off);
	ls_warnings_done(&F->tail);
	ls_names_done(&F->names);
	if (!F->r->ep.name)
		F->r->ep.name = name_from_file(F->path);
	F->r->ep.file = ls_xstrdup(F->path);
}

/* Load one file through a given pool (NULL = inline). */
static void load_file_with(const char *path, struct ls_file_result *r, struct pool *pool, bool jsonc_only,
	void (*on_bytes)(void *, uint64_t), void *ctx, volatile sig_atomic_t *cancel)
{
	struct file_load F = {.path = path, .r = r, .pool = pool, .on_bytes = on_bytes, .ctx = ctx, .cancel = cancel};
	struct ls_parser P;
	ls_parser_init(&P, jsonc_only);
	F.parser = &P;
	/* non-blocking: opening a named pipe must not wait for a writer, and
	 * reading one must stay cancellable (no effect on regular files) */
	struct source src = {.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), .cancel = cancel};
	struct stat st;
	if (src.fd < 0 || fstat(src.fd, &st) != 0) {
		ls_warn(&r->warnings, path, LS_NO_OFFSET, "cannot open: %s", strerror(errno));
		r->failed = true;
	} else if (S_ISDIR(st.st_mode)) {
		ls_warn(&r->warnings, path, LS_NO_OFFSET, "is a directory");
		r->failed = true;
	} else {
		src.wait = !S_ISREG(st.st_mode);
		r->ep.file_size = (uint64_t)st.st_size;
		r->ep.file_mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(src.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
		run_file(&F, &src);
	}
	if (src.fd >= 0)
		close(src.fd);
	ls_parser_done(&P);
}

void ls_parse_text(const char *text, size_t len, const char *name, struct ls_file_result *r, unsigned threads)
{
	struct pool *pool = pool_new(threads, false);
	struct ls_parser P;
	struct file_load F = {.path = name, .r = r, .pool = pool, .parser = &P};
	ls_parser_init(&P, false);
	struct source src = {.fd = -1, .mem = text, .mem_len = len};
	run_file(&F, &src);
	ls_parser_done(&P);
	pool_free(pool);
}

struct direct_progress {
	const struct ls_load_opts *o;
	struct ls_load_progress p;
};

static void direct_on_bytes(void *ctx, uint64_t n)
{
	struct direct_progress *d = ctx;
	d->p.bytes_done += n;
	if (d->p.bytes_done > d->p.bytes_total)
		d->p.bytes_total = d->p.bytes_done;
	d->o->progress(d->o->progress_ctx, &d->p);
}

void ls_load_file(const char *path, struct ls_file_result *r, const struct ls_load_opts *o)
{
	struct pool *pool = pool_new(o ? o->threads : 1, o && o->jsonc_only);
	struct direct_progress d = {.o = o, .p = {.files_total = 1}};
	struct stat st;
	if (stat(path, &st) == 0)
		d.p.bytes_total = (uint64_t)st.st_size;
	bool prog = o && o->progress;
	load_file_with(path, r, pool, o && o->jsonc_only, prog ? direct_on_bytes : NULL, &d, o ? o->cancel : NULL);
	pool_free(pool);
	if (prog) {
		d.p.files_done = 1;
		o->progress(o->progress_ctx, &d.p);
	}
}

/* ---- paths -> processes ---- */

/* Natural order, as `ls -v`: a test's process folders test_2 before test_10. */
static int cmp_str(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = ls_natural_cmp(x, y);
	return c ? c : strcmp(x, y);
}

/* *.json files directly in dir, sorted; subdirectories listed separately.
 * False (and a warning) when dir cannot be read. */
static bool list_dir(const char *dir, char ***files, size_t *nf, char ***subdirs, size_t *nd,
	struct ls_warnings *w)
{
	size_t cf = 0, cd = 0;
	*files = NULL;
	*subdirs = NULL;
	*nf = *nd = 0;
	DIR *d = opendir(dir);
	if (!d) {
		ls_warn(w, dir, LS_NO_OFFSET, "cannot open: %s", strerror(errno));
		return false;
	}
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
			if (stat(p, &st) == 0 && !S_ISREG(st.st_mode)) {
				/* a FIFO or device would block or never end: only
				 * regular files are read from directories */
				ls_warn(w, p, LS_NO_OFFSET, "not a regular file; skipped");
				free(p);
				continue;
			}
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
	return true;
}

char **ls_json_files(const char *dir, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		ls_grow(&v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = ls_xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* How many of the folders hold *.json files of their own; their names
 * (the first few, in a warning's room) go to names: "web1, web2". */
static size_t folders_with_json(char *const *subdirs, size_t nd, struct ls_buf *names)
{
	enum { NAMED = 5, ROOM = 200 };
	size_t k = 0, named = 0;
	for (size_t i = 0; i < nd; i++) {
		size_t n;
		char **v = ls_json_files(subdirs[i], &n);
		if (n > 0) {
			const char *slash = strrchr(subdirs[i], '/');
			const char *name = slash ? slash + 1 : subdirs[i];
			if (named < NAMED && names->len + strlen(name) <= ROOM)
				ls_buf_printf(names, "%s%s", named++ ? ", " : "", name);
			k++;
		}
		free_list(v, n);
	}
	if (k > named)
		ls_buf_printf(names, "%s%zu more", named ? " and " : "", k - named);
	return k;
}

/* Folders in dir (its subdirs) that hold *.json files are not read: say so. */
static void say_folders_not_read(struct ls_warnings *w, const char *dir, char *const *subdirs, size_t nd)
{
	struct ls_buf names;
	ls_buf_init(&names);
	size_t left = folders_with_json(subdirs, nd, &names);
	if (left)
		ls_warn(w, dir, LS_NO_OFFSET, "%zu folder%s in it with *.json files not read (%.*s): a folder holding "
			"*.json files is one process (give the folders to open them)", left, left == 1 ? "" : "s",
			(int)names.len, names.data);
	ls_buf_done(&names);
}

void ls_check_duplicates(struct ls_warnings *w, const struct ls_endpoint *ep)
{
	uint32_t dups = 0;
	for (uint32_t i = 1; i < ep->n; i++) {
		if (!(ep->flags[i] & LS_REQ_HAS_ID) || !(ep->flags[i - 1] & LS_REQ_HAS_ID) ||
		    ep->req_no[i] != ep->req_no[i - 1])
			continue;
		if (dups++ < 20)
			ls_warn(w, ep->file, ep->offset[i],
				"duplicate request_id req-%lld (also at byte %llu); both kept", (long long)ep->req_no[i],
				(unsigned long long)ep->offset[i - 1]);
	}
	if (dups > 20)
		ls_warn_unlisted(w, ep->file, LS_NO_OFFSET, dups - 20, "%u more duplicate request ids not listed",
			dups - 20);
}

/* Request ids are numbered process-wide: files of one process that share
 * some were written by different runs, or one is a copy. One warning per
 * file that holds ids an earlier one (on the timeline: ties go to the lower
 * endpoint) has too: how many, where the first is, and in which files. */
#define SHARED_IDS_MARK "a file of another run, or a copy?"

void ls_check_shared_ids(struct ls_warnings *w, const struct ls_process *p)
{
	for (uint32_t e = 0; e < p->nep; e++)
		ls_warnings_forget(w, p->ep[e].file, SHARED_IDS_MARK);
	size_t n;
	struct ls_shared_ids *v = ls_process_shared_ids(p, &n);
	for (size_t i = 0; i < n;) {
		struct ls_shared_ids t = v[i++];
		uint32_t files = 1;
		for (; i < n && v[i].b == t.b; i++) {
			files += v[i].a != v[i - 1].a;
			t.n += v[i].n;
			if (v[i].first_req < t.first_req) {
				t.first_req = v[i].first_req;
				t.first_offset = v[i].first_offset;
				t.a = v[i].a;
			}
		}
		char count[32], more[64] = "";
		ls_fmt_count(count, sizeof count, t.n);
		if (files > 1)
			snprintf(more, sizeof more, " and %u more file%s", files - 1, files > 2 ? "s" : "");
		ls_warn(w, p->ep[t.b].file, t.first_offset, "%s request id%s also in %s%s (from req-%lld): " SHARED_IDS_MARK
			" both kept", count, t.n == 1 ? "" : "s", p->ep[t.a].file, more, (long long)t.first_req);
	}
	free(v);
}

/* ---- several files at once ---- */

struct job {
	const char *path;          /* file */
	const char *proc_path;     /* its directory's process (or the file itself) */
	size_t group;              /* index of the path group (one process) */
	size_t given;              /* index of the path given, when it is this file (else SIZE_MAX) */
	struct ls_file_result r;
	bool done;                 /* loaded (guarded by loader.mu) */
};

struct loader {
	struct ls_model *m;
	const struct ls_load_opts *o;
	struct pool *pool;
	struct job *jobs;
	size_t njobs;
	/* shared between readers and the calling thread */
	pthread_mutex_t mu;
	pthread_cond_t changed;
	size_t next_job;
	size_t next_adopt;         /* files are adopted into the model in order */
	unsigned readers_left;
	unsigned ahead;            /* readers wait when this many files await adoption */
	struct ls_load_progress prog;
	bool prog_dirty;
	bool inline_reader;        /* one thread: no reader threads at all */
	/* adoption state (calling thread only) */
	size_t adopt_group;
	int64_t pidx;
};

static void adopt_ready(struct loader *L);

static bool cancelled(const struct loader *L)
{
	return L->o && L->o->cancel && *L->o->cancel;
}

static void report_progress(struct loader *L)
{
	if (L->o && L->o->progress)
		L->o->progress(L->o->progress_ctx, &L->prog);
}

static void loader_on_bytes(void *ctx, uint64_t n)
{
	struct loader *L = ctx;
	if (L->inline_reader) {
		/* one thread: we are the caller's thread */
		L->prog.bytes_done += n;
		if (L->prog.bytes_done > L->prog.bytes_total)
			L->prog.bytes_total = L->prog.bytes_done;
		report_progress(L);
		return;
	}
	pthread_mutex_lock(&L->mu);
	L->prog.bytes_done += n;
	if (L->prog.bytes_done > L->prog.bytes_total)
		L->prog.bytes_total = L->prog.bytes_done; /* a file grew while we read it */
	L->prog_dirty = true;
	pthread_cond_signal(&L->changed);
	pthread_mutex_unlock(&L->mu);
}

/* A reader thread: takes the next file until none is left. */
static void *reader_main(void *arg)
{
	struct loader *L = arg;
	for (;;) {
		pthread_mutex_lock(&L->mu);
		/* finished files wait for the ones before them to be adopted:
		 * do not run too far ahead of that (each holds its columns) */
		while (!L->inline_reader && L->next_job < L->njobs && L->next_job - L->next_adopt >= L->ahead &&
		       !cancelled(L))
			pthread_cond_wait(&L->changed, &L->mu);
		size_t i = L->next_job < L->njobs && !cancelled(L) ? L->next_job++ : L->njobs;
		pthread_mutex_unlock(&L->mu);
		if (i >= L->njobs)
			break;
		struct job *j = &L->jobs[i];
		load_file_with(j->path, &j->r, L->pool, L->o && L->o->jsonc_only, loader_on_bytes, L,
			L->o ? L->o->cancel : NULL);
		pthread_mutex_lock(&L->mu);
		L->prog.files_done++;
		L->prog_dirty = true;
		j->done = true;
		pthread_cond_broadcast(&L->changed);
		pthread_mutex_unlock(&L->mu);
		if (L->inline_reader) {
			report_progress(L);
			adopt_ready(L);
		}
	}
	pthread_mutex_lock(&L->mu);
	L->readers_left--;
	pthread_cond_broadcast(&L->changed);
	pthread_mutex_unlock(&L->mu);
	return NULL;
}

/* Run every job; progress is reported from this (the calling) thread. */
static void run_jobs(struct loader *L, unsigned threads)
{
	unsigned nr = threads < L->njobs ? threads : (unsigned)L->njobs;
	L->ahead = 4 * (nr ? nr : 1);
	pthread_mutex_init(&L->mu, NULL);
	pthread_cond_init(&L->changed, NULL);
	if (nr <= 1) {
		L->inline_reader = true;
		L->readers_left = 1;
		reader_main(L);
		pthread_cond_destroy(&L->changed);
		pthread_mutex_destroy(&L->mu);
		return;
	}
	pthread_t *th = ls_xcalloc(nr ? nr : 1, sizeof *th);
	unsigned started = 0;
	for (unsigned i = 0; i < nr; i++)
		if (pthread_create(&th[started], NULL, reader_main, L) == 0)
			started++;
	pthread_mutex_lock(&L->mu);
	L->readers_left += started;
	pthread_mutex_unlock(&L->mu);
	if (!started) {
		/* no threads to be had: read here, same code */
		L->inline_reader = true;
		L->readers_left = 1;
		reader_main(L);
	}
	/* this thread reports progress and adopts finished files in order */
	pthread_mutex_lock(&L->mu);
	for (;;) {
		bool dirty = L->prog_dirty;
		bool adoptable = L->next_adopt < L->njobs && L->jobs[L->next_adopt].done;
		if (!dirty && !adoptable) {
			if (!L->readers_left)
				break;
			pthread_cond_wait(&L->changed, &L->mu);
			continue;
		}
		L->prog_dirty = false;
		struct ls_load_progress p = L->prog;
		pthread_mutex_unlock(&L->mu);
		if (dirty && L->o && L->o->progress)
			L->o->progress(L->o->progress_ctx, &p);
		adopt_ready(L);
		pthread_mutex_lock(&L->mu);
	}
	pthread_mutex_unlock(&L->mu);
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	pthread_cond_destroy(&L->changed);
	pthread_mutex_destroy(&L->mu);
}

void ls_model_take_file(struct ls_model *m, struct ls_process *p, struct ls_file_result *r)
{
	/* two files of one process whose records name the same endpoint: both
	 * are kept, but every list and explanation names them alike */
	uint32_t e = r->ep.name ? ls_process_named(p, r->ep.name, UINT32_MAX) : UINT32_MAX;
	if (e != UINT32_MAX)
		ls_warn(&m->warnings, r->ep.file, LS_NO_OFFSET, "endpoint %s is also that of %s: two endpoints "
			"of one process by one name, told apart only by their files", r->ep.name, p->ep[e].file);
	m->files_loaded++;
	m->records_loaded += r->records;
	m->bytes_loaded += r->ep.file_size;
	ls_process_adopt(p, &r->ep, &r->sites, &r->strings);
}

/* Move a loaded file into the model. Memory-test files become processes of
 * their own; endpoint files join their group's process *pidx (created on
 * first use; an index because the array may move). */
static void adopt(struct loader *L, struct job *j, int64_t *pidx)
{
	struct ls_file_result *r = &j->r;
	ls_warnings_append(&L->m->warnings, &r->warnings);
	if (r->records > 0) {
		ls_endpoint_sort(&r->ep);
		ls_check_duplicates(&L->m->warnings, &r->ep);
		struct ls_process *p;
		if (r->ep.format == LS_FMT_SNAPSHOT) {
			p = ls_model_add_process(L->m, j->path);
		} else {
			if (*pidx < 0) {
				ls_model_add_process(L->m, j->proc_path);
				*pidx = L->m->nproc - 1;
			}
			p = &L->m->proc[*pidx];
		}
		p->from_dir = strcmp(j->proc_path, j->path) != 0;
		ls_model_take_file(L->m, p, r);
	} else {
		L->m->files_failed++;
		if (!r->failed && !r->empty && !r->truncated)
			ls_warn(&L->m->warnings, j->path, LS_NO_OFFSET, "no records in file");
		/* a file given by name that could not be opened, or is no
		 * array, is a path not read at all, as a missing one (an empty
		 * file is a profile being rewritten: no error) */
		if (r->failed && j->given != SIZE_MAX && L->o && L->o->unread && L->m->warnings.n)
			L->o->unread[j->given] = L->m->warnings.v[L->m->warnings.n - 1].message;
	}
}

/* Adopt every finished file that is next in order (calling thread only). */
static void adopt_ready(struct loader *L)
{
	for (;;) {
		pthread_mutex_lock(&L->mu);
		bool ready = L->next_adopt < L->njobs && L->jobs[L->next_adopt].done;
		pthread_mutex_unlock(&L->mu);
		if (!ready)
			return;
		struct job *j = &L->jobs[L->next_adopt];
		if (j->group != L->adopt_group) {
			L->adopt_group = j->group;
			L->pidx = -1;
		}
		if (!cancelled(L))
			adopt(L, j, &L->pidx);
		ls_file_result_done(&j->r);
		pthread_mutex_lock(&L->mu);
		L->next_adopt++;
		pthread_cond_broadcast(&L->changed);
		pthread_mutex_unlock(&L->mu);
	}
}

static uint64_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

struct group {
	char *proc_path;
	char **files;
	size_t n;
	size_t given;  /* the path given, when it is the group's one file (else SIZE_MAX) */
};

static void add_group(struct group **g, size_t *ng, size_t *cap, char *proc_path, char **files, size_t n)
{
	ls_grow(g, cap, *ng + 1, sizeof **g);
	(*g)[(*ng)++] = (struct group){proc_path, files, n, SIZE_MAX};
}

/* Path i could not be read at all: its warning, the last one given, says why. */
static void path_unread(struct ls_model *m, const struct ls_load_opts *o, size_t i)
{
	m->files_failed++;
	if (o->unread && m->warnings.n)
		o->unread[i] = m->warnings.v[m->warnings.n - 1].message;
}

/* Command-line paths -> groups of files, one group per process. */
static struct group *expand_paths(struct ls_model *m, const struct ls_load_opts *o, const char *const *paths,
	size_t n, size_t *ngroups)
{
	struct group *groups = NULL;
	size_t ng = 0, gcap = 0;
	struct stat *seen = ls_xcalloc(n ? n : 1, sizeof *seen);  /* (a path that cannot be opened: no directory) */
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			ls_warn(&m->warnings, paths[i], LS_NO_OFFSET, "cannot open: %s", strerror(errno));
			path_unread(m, o, i);
			continue;
		}
		seen[i] = st;
		/* a directory given again ("dir/" and "dir", or through a
		 * link) is one warning, not one per file and per folder note */
		size_t j = 0;
		while (S_ISDIR(st.st_mode) && j < i &&
		       !(S_ISDIR(seen[j].st_mode) && seen[j].st_dev == st.st_dev && seen[j].st_ino == st.st_ino))
			j++;
		if (S_ISDIR(st.st_mode) && j < i) {
			ls_warn(&m->warnings, paths[i], LS_NO_OFFSET, "given twice; read once, as %s", paths[j]);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			char **one = ls_xmalloc(sizeof *one);
			one[0] = ls_xstrdup(paths[i]);
			add_group(&groups, &ng, &gcap, ls_xstrdup(paths[i]), one, 1);
			groups[ng - 1].given = i;
			continue;
		}
		char **files, **subdirs;
		size_t nf, nd;
		if (!list_dir(paths[i], &files, &nf, &subdirs, &nd, &m->warnings)) {
			path_unread(m, o, i);
			continue;
		}
		if (nf) {
			add_group(&groups, &ng, &gcap, ls_xstrdup(paths[i]), files, nf);
			/* a stray profile beside process folders makes this
			 * folder one process: say what that leaves out */
			say_folders_not_read(&m->warnings, paths[i], subdirs, nd);
		} else {
			free(files);
			/* a folder of process folders (like sample-profiles/): one level down */
			size_t found = 0;
			for (size_t k = 0; k < nd; k++) {
				char **f2, **s2;
				size_t nf2, nd2;
				list_dir(subdirs[k], &f2, &nf2, &s2, &nd2, &m->warnings);
				/* (two levels down is not read either, and said) */
				say_folders_not_read(&m->warnings, subdirs[k], s2, nd2);
				free_list(s2, nd2);
				if (!nf2) {
					free(f2);
					continue;
				}
				add_group(&groups, &ng, &gcap, ls_xstrdup(subdirs[k]), f2, nf2);
				found++;
			}
			if (!found) {
				ls_warn(&m->warnings, paths[i], LS_NO_OFFSET, nd ? "no *.json files in this directory or "
					"in its folders (one level down is read, no deeper)" : "no *.json files in this directory");
				path_unread(m, o, i);
			}
		}
		free_list(subdirs, nd);
	}
	free(seen);
	*ngroups = ng;
	return groups;
}

struct file_id {
	dev_t dev;
	ino_t ino;
	bool alone;  /* given as a file, not found in a directory */
	size_t g, i;
};

static int cmp_file_id(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	if (x->alone != y->alone)
		return x->alone ? 1 : -1;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* A file named twice (the same path given twice, or a file and its
 * directory) is read once: the same records as two endpoints would be
 * blamed twice. It stays with its directory's process if one was given,
 * whatever the order (else the directory's process loses an endpoint and
 * the file becomes a process of its own); otherwise where it first
 * appears. The others are dropped, and said. */
static void drop_repeats(struct ls_model *m, struct group *groups, size_t ng)
{
	size_t total = 0, k = 0;
	for (size_t g = 0; g < ng; g++)
		total += groups[g].n;
	struct file_id *v = ls_xmalloc((total ? total : 1) * sizeof *v);
	for (size_t g = 0; g < ng; g++)
		for (size_t i = 0; i < groups[g].n; i++) {
			struct stat st;
			if (stat(groups[g].files[i], &st) == 0 && S_ISREG(st.st_mode))
				v[k++] = (struct file_id){st.st_dev, st.st_ino,
					strcmp(groups[g].proc_path, groups[g].files[i]) == 0, g, i};
		}
	qsort(v, k, sizeof *v, cmp_file_id);
	for (size_t a = 1; a < k; a++) {
		if (v[a].dev != v[a - 1].dev || v[a].ino != v[a - 1].ino)
			continue;
		char **f = &groups[v[a].g].files[v[a].i];
		const struct file_id *kept = &v[a - 1];
		if (kept->alone)
			ls_warn(&m->warnings, *f, LS_NO_OFFSET, "given twice; read once, as %s",
				groups[kept->g].files[kept->i]);
		else
			ls_warn(&m->warnings, *f, LS_NO_OFFSET, "given twice; read once, as %s, with the rest of %s",
				groups[kept->g].files[kept->i], groups[kept->g].proc_path);
		v[a] = v[a - 1];  /* later repeats name the first too */
		free(*f);
		*f = NULL;
	}
	free(v);
	for (size_t g = 0; g < ng; g++) {
		size_t w = 0;
		for (size_t i = 0; i < groups[g].n; i++)
			if (groups[g].files[i])
				groups[g].files[w++] = groups[g].files[i];
		groups[g].n = w;
	}
}

enum ls_load_status ls_load_paths(struct ls_model *m, const char *const *paths, size_t n,
	const struct ls_load_opts *o)
{
	struct loader L = {.m = m, .o = o, .adopt_group = SIZE_MAX, .pidx = -1};
	uint32_t first_proc = m->nproc;
	size_t ng;
	struct group *groups = expand_paths(m, o, paths, n, &ng);
	drop_repeats(m, groups, ng);
	for (size_t g = 0; g < ng; g++)
		L.njobs += groups[g].n;
	L.jobs = ls_xcalloc(L.njobs ? L.njobs : 1, sizeof *L.jobs);
	size_t k = 0;
	for (size_t g = 0; g < ng; g++)
		for (size_t i = 0; i < groups[g].n; i++, k++) {
			struct job *j = &L.jobs[k];
			j->path = groups[g].files[i];
			j->proc_path = groups[g].proc_path;
			j->group = g;
			j->given = groups[g].given;
			ls_file_result_init(&j->r);
			L.prog.files_total++;
			L.prog.bytes_total += file_size(j->path);
		}
	report_progress(&L);
	unsigned threads = o && o->threads ? o->threads : ls_load_default_threads();
	L.pool = pool_new(threads, o && o->jsonc_only);
	run_jobs(&L, threads);
	pool_free(L.pool);
	report_progress(&L);
	/* files were adopted in command-line order as they finished (ids and
	 * warnings do not depend on timing); a cancel leaves some behind */
	for (k = L.next_adopt; k < L.njobs; k++)
		ls_file_result_done(&L.jobs[k].r);
	free(L.jobs);
	for (size_t g = 0; g < ng; g++) {
		free_list(groups[g].files, groups[g].n);
		free(groups[g].proc_path);
	}
	free(groups);
	for (uint32_t i = first_proc; i < m->nproc; i++) {
		ls_process_index(&m->proc[i]);
		ls_check_shared_ids(&m->warnings, &m->proc[i]);
	}
	if (cancelled(&L))
		return LS_LOAD_CANCELLED;
	return m->records_loaded ? LS_LOAD_OK : LS_LOAD_NOTHING;
}
