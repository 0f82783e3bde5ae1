/* record.h — one array element -> one row of a partial endpoint.
 *
 * The loader cuts a file into batches of complete elements; each batch is
 * parsed (on any thread) into its own `struct ls_part` with batch-local site
 * and string ids, then the parts are merged in file order (load.c). A part
 * depends only on its own bytes, so the merged result is the same whatever
 * the number of threads.
 */
#ifndef LS_RECORD_H
#define LS_RECORD_H

#include <stdint.h>
#include <stdbool.h>
#include "fastrec.h"
#include "model.h"

/* Past this many warnings in one file the rest are only counted: a file of a
 * million bad records must not turn into a million lines of warnings. */
#define LS_MAX_FILE_WARNINGS 200

/* The endpoint names a file's records carry, the first few with their
 * counts: a file is one endpoint's, and a second name is said (load.c). */
#define LS_NAMES_KEPT 4
struct ls_names {
	struct ls_name_count {
		char *name;        /* owned */
		uint64_t n, first; /* records, and the offset of the first */
	} v[LS_NAMES_KEPT];        /* in the order first seen */
	unsigned nv;
	uint64_t other;            /* records with a name beyond those */
};
/* Count `n` records named s[0..len), the first at offset `first`. */
void ls_names_add(struct ls_names *t, const char *s, size_t len, uint64_t n, uint64_t first);
void ls_names_done(struct ls_names *t);

/* Damage said once per file, not per record: how many, and the offset of
 * the first (parts merge in file order, so the first part's first). */
struct ls_tally {
	uint64_t n, first;
};
static inline void ls_tally_add(struct ls_tally *t, uint64_t off)
{
	if (!t->n++)
		t->first = off;
}
static inline void ls_tally_merge(struct ls_tally *into, const struct ls_tally *t)
{
	if (t->n && !into->n)
		into->first = t->first;
	into->n += t->n;
}

struct ls_part {
	const char *file;          /* for warnings (not owned) */
	struct ls_endpoint ep;     /* rows; site/string ids local to the tables below */
	struct ls_intern sites;
	struct ls_intern strings;
	struct ls_warnings warnings; /* at most LS_MAX_FILE_WARNINGS */
	uint64_t suppressed;       /* warnings beyond that, only counted */
	uint64_t first_suppressed; /* offset of the first of them */
	char *name;                /* first non-empty "endpoint" string (owned) */
	struct ls_names names;     /* every non-empty one, counted */
	uint64_t fmt_first[3];     /* offset of the first record of each enum ls_format; UINT64_MAX none */
	uint64_t records;
	uint64_t fast_records;     /* of which read by the fast extractor */
	/* records with no memory reading at all (no current_mb) */
	struct ls_tally no_reading;
	/* top_consumers entries with no "file" (read as the site "unknown",
	 * as the original tool does), or no size_mb (read as 0 MB) */
	struct ls_tally no_file, no_size;
	/* how the last element of the part ended (resync.h); the loader's
	 * end-of-file message follows the file's last part */
	int end;                   /* enum ls_span_end */
	uint64_t cut_at;           /* LS_SPAN_CUT: offset of the cut-off record */
};

void ls_part_init(struct ls_part *p, const char *file);
void ls_part_done(struct ls_part *p);

/* Per-thread parsing state. */
struct ls_parser {
	void *tok;                 /* json_tokener */
	struct ls_fastrec fast;
	bool jsonc_only;           /* never use the fast extractor (tests, profiling) */
	char *mend;                /* a record with its stray '}' made blanks (scratch, reused) */
	size_t mend_cap;
};

void ls_parser_init(struct ls_parser *P, bool jsonc_only);
void ls_parser_done(struct ls_parser *P);

/* What became of an element. */
enum ls_elem_result {
	LS_ELEM_READ,       /* a row was written, or the element was refused with a warning */
	LS_ELEM_BROKEN,     /* not JSON from byte *err on, for the reason *why */
	LS_ELEM_INCOMPLETE, /* JSON that ends before the element is complete */
};

/* Parse the element text[0..len) found at file offset `off` into `out`.
 * A broken or incomplete element is not warned about here: the caller
 * (resync.c) says it, where and how it got back in step. A record with a
 * stray '}' inside it (ls_key_after in scan.h) is read as if the stray
 * byte were not there, with one warning at it. */
enum ls_elem_result ls_parse_element(struct ls_parser *P, struct ls_part *out, const char *text, size_t len,
	uint64_t off, size_t *err, const char **why);
/* The *why of a broken element that is a record a '}' closed early, with
 * more of it after that '}' that cannot be mended (another stray byte, a
 * lost '{' that ran two records together): the record was read up to that
 * '}' (at *err - 1), and the caller says so, and skips what follows it to
 * the next record. */
extern const char ls_closed_early[];
/* A record that lost its '{' (the writer puts "request_id" first): where
 * its key starts in text[at..len), after blanks, a ',' and blanks (len when
 * that is not what follows); and just past the '}' that closes the one
 * whose key starts at text[k] (len when none does before len). A run of
 * them after a record is read one by one (ls_parse_element). */
size_t ls_lost_opener_key(const char *text, size_t at, size_t len);
size_t ls_lost_record_end(const char *text, size_t k, size_t len);
/* The record whose '{' was lost before text[k], that could not be read:
 * true when json-c breaks on it, read with its '{' (from then on to len),
 * at text[*err] for the reason *why; false when it reads as JSON so far
 * (then it is damaged another way, or cut off). */
bool ls_lost_opener_breaks(struct ls_parser *P, const char *text, size_t k, size_t len, size_t *err,
	const char **why);
/* Read the run of records that lost their '{' from text[end] on (after a
 * record, or after the bytes of a broken one), each with its warning; up
 * to len when all of it was, else just past the last one read (end when
 * none was). */
size_t ls_read_lost_openers(struct ls_parser *P, struct ls_part *out, const char *text, size_t len, uint64_t off,
	size_t end);
/* The record text[a..) broke at a '{' text[at] where a key should be
 * (after a ','): a stray '{'. Read as if it were a blank, up to the '}'
 * that closes what it opened (the record's own), with one warning; *end
 * just past that '}'. False: not so mended (nothing read or said). */
bool ls_read_stray_opener(struct ls_parser *P, struct ls_part *out, const char *text, size_t a, size_t at, size_t len,
	uint64_t off, size_t *end);
/* Say that the record at off was read without its '{' (lost there),
 * before the part's warnings from index nw on (those of that record). */
void ls_part_warn_lost_opener(struct ls_part *p, size_t nw, uint64_t off);
/* json_tokener on text[0..len): true when the bytes stop being JSON (at
 * *err), or go on after a whole value (*err: past it; the scanner keeps an
 * element going after a '}' a key follows, scan.h, so that is a record
 * closed early); false when they are JSON so far (complete or not). JSON
 * nested deeper than LS_JSON_MAX_DEPTH stops there: json-c refuses it. */
#define LS_JSON_MAX_DEPTH 32
bool ls_json_breaks(struct ls_parser *P, const char *text, size_t len, size_t *err);
/* Whether json-c, breaking at *err of ls_json_breaks, broke at a '}' or
 * ']' where JSON never puts one (at text[err], or the '}' at text[err - 1]
 * that closed the record early: scan.h, ls_misplaced) that the record's
 * reading takes out (ls_parse_element): the element is one record, not to
 * be cut there. */
bool ls_breaks_at_stray(const char *text, size_t len, size_t err);
/* json_tokener on text[0..len): JSON that ends before it is complete, so
 * what it is (an entry of top_consumers, a record) is not known yet. */
bool ls_json_unfinished(struct ls_parser *P, const char *text, size_t len);
/* The value at text[0..) is an object json-c reads whole and that has none
 * of a profile record's fields (a top_consumers entry): no record starts there. */
bool ls_other_object_at(struct ls_parser *P, const char *text, size_t len);
/* The value at text[0..) is an object json-c reads whole and that has a
 * profile record's field: a whole record starts there. */
bool ls_record_object_at(struct ls_parser *P, const char *text, size_t len);

/* k[0..n) is one of a profile record's fields (request_id, memory,
 * current_mb, endpoint, ...: the ones a record must have one of). */
bool ls_profile_key(const char *k, size_t n);

/* Warning helper honouring the per-part cap. */
void ls_part_warn(struct ls_part *p, uint64_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A record skipped, said at `at` (where it broke): why (fmt), and which
 * bytes went with it, n from file offset `from`: "why; record skipped
 * (n bytes from byte from)". Where it broke is not where the loss starts
 * or how big it is, and a user looking for what is missing needs both. */
void ls_part_skip(struct ls_part *p, uint64_t at, uint64_t from, uint64_t n, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
