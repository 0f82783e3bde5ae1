/* filter.h — the include/exclude site filter (pcre2, JIT).
 *
 * A filter holds at most two compiled patterns: an include pattern (a site is
 * kept only if it matches) and an exclude pattern (a site is dropped if it
 * matches). Each pattern is compiled once per edit, JIT-compiled when the
 * platform allows it, and matched with one reused match-data block, so
 * filtering a million rows allocates nothing.
 *
 * Smart case (like less -i / ripgrep -S): a pattern without an upper-case
 * letter matches case-insensitively.
 *
 * Setting an invalid pattern fails with pcre2's message and the offset, and
 * leaves the previous pattern in force: typing "foo(" on the way to "foo(x)"
 * must not blank the screen.
 *
 * Not thread-safe: matching writes to the shared match data.
 */
#ifndef LS_FILTER_H
#define LS_FILTER_H

#include <stddef.h>
#include <stdbool.h>

enum ls_filter_kind { LS_FILTER_INCLUDE = 0, LS_FILTER_EXCLUDE = 1 };

struct ls_pattern {
	char *src;             /* the pattern as typed (owned), NULL = none */
	void *code;            /* pcre2_code_8 * */
	void *md;              /* pcre2_match_data_8 * */
	bool caseless;         /* smart case chose case-insensitive matching */
	bool jit;              /* JIT compilation succeeded */
	/* An ASCII pattern compiled again without UTF, used on ASCII texts
	 * (almost every location): same answers there, 2-3x faster caseless
	 * matching. NULL when the pattern is not ASCII or has no JIT. */
	void *ascii_code;      /* pcre2_code_8 * */
};

struct ls_filter {
	struct ls_pattern pat[2];  /* indexed by enum ls_filter_kind */
	/* matches pcre2 gave up on (LS_FILTER_MATCH_LIMIT): they count as
	 * "no match", and the caller should say so; counted from any thread */
	_Atomic unsigned long gave_up;
	/* ls_filter_set_deadline: past it (ls_now()), every match says "no"
	 * at once and timed_out is set; 0: no deadline */
	double deadline;
	_Atomic bool timed_out;
};

/* Steps one match may take: a pattern that backtracks exponentially
 * ((a|aa)+ on a long name) gives up in milliseconds instead of freezing
 * the screen for seconds per keystroke. Site names never need more. */
#define LS_FILTER_MATCH_LIMIT 100000

/* A matched byte range [start, end) for highlighting. */
struct ls_span {
	size_t start, end;
};

void ls_filter_init(struct ls_filter *f);
void ls_filter_done(struct ls_filter *f);

/* Compile `pattern` as the include or exclude pattern. NULL or "" clears it.
 * Returns 0; or -1 with "MESSAGE at offset N" in err (errlen bytes) and the
 * offset in *erroff (may be NULL), the previous pattern kept. */
int ls_filter_set(struct ls_filter *f, enum ls_filter_kind k, const char *pattern, char *err,
	size_t errlen, size_t *erroff);
/* How many matches gave up since the last ls_filter_set. */
unsigned long ls_filter_gave_up(const struct ls_filter *f);
/* Matching with a time budget: a pattern that backtracks on every one of
 * 100,000 sites costs seconds a key even within the match limit. Until
 * `at` (ls_now() seconds; 0: no deadline) matches run as usual; past it
 * each says "no match" at once, and ls_filter_timed_out says so (the
 * answers since are not the pattern's: the caller must not use them). */
void ls_filter_set_deadline(struct ls_filter *f, double at);
bool ls_filter_timed_out(const struct ls_filter *f);
/* Clear both patterns. */
void ls_filter_clear(struct ls_filter *f);
/* The pattern source, or NULL when none is set. */
const char *ls_filter_pattern(const struct ls_filter *f, enum ls_filter_kind k);
/* Any pattern set? (f may be NULL) */
bool ls_filter_active(const struct ls_filter *f);
/* Does the text s[0..n) pass the filter? (f may be NULL: everything passes) */
bool ls_filter_match(const struct ls_filter *f, const char *s, size_t n);
/* Matching from several threads at once: the compiled patterns are shared,
 * the match data is not, so each extra thread brings its own (created for
 * the patterns set now; valid until the filter changes). */
struct ls_filter_md {
	void *md[2];           /* pcre2_match_data_8 *, per enum ls_filter_kind */
};
/* 0, or -1 (out of memory: m holds nothing, match on one thread). */
int ls_filter_md_init(const struct ls_filter *f, struct ls_filter_md *m);
void ls_filter_md_done(struct ls_filter_md *m);
/* ls_filter_match with m's match data instead of the filter's own. */
bool ls_filter_match_md(const struct ls_filter *f, struct ls_filter_md *m, const char *s, size_t n);
/* Non-empty matches of pattern k in s[0..n), left to right, at most max of
 * them written to spans. Returns the number written. */
size_t ls_filter_spans(const struct ls_filter *f, enum ls_filter_kind k, const char *s, size_t n,
	struct ls_span *spans, size_t max);
/* Can every text matching pattern `now` be trusted to match `before`
 * too? True when `now` is `before` (a valid pattern) with one literal
 * character typed at its end (letter, digit, or one of "_ /.:-"), outside
 * any escape that the character could extend (\x4 -> \x41): an unanchored
 * search for P followed by one more atom only finds texts that P finds
 * (smart case can only turn case-sensitive, which narrows too). A filter
 * typed character by character then only re-tests the rows still shown. */
bool ls_filter_narrows(const char *before, const char *now);
/* Would `pattern` be matched case-insensitively? (smart case rule) */
bool ls_filter_smart_caseless(const char *pattern);

#endif
