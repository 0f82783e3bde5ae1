/* filter.c — pcre2 include/exclude patterns (see filter.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "filter.h"
#include "util.h"

#include <pcre2.h>
/* valgrind cannot follow JIT-compiled code and reports its reads as
 * uninitialised; under valgrind the interpreter gives the same answers. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define LS_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef LS_UNDER_VALGRIND
#define LS_UNDER_VALGRIND() 0
#endif
#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* One context for every match: its limits only (created by the first
 * ls_filter_set; read-only while matching). */
static pcre2_match_context *limits;

/* Eight bytes at a time: on every match call, so it must cost little
 * next to the match itself. */
static bool is_ascii(const char *s, size_t n)
{
	uint64_t any = 0, w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		any |= w;
	}
	for (; i < n; i++)
		any |= (unsigned char)s[i];
	return !(any & UINT64_C(0x8080808080808080));
}

void ls_filter_init(struct ls_filter *f)
{
	memset(f, 0, sizeof *f);
}

static void pattern_done(struct ls_pattern *p)
{
	free(p->src);
	pcre2_match_data_free(p->md);
	pcre2_code_free(p->code);
	pcre2_code_free(p->ascii_code);
	memset(p, 0, sizeof *p);
}

void ls_filter_done(struct ls_filter *f)
{
	ls_filter_clear(f);
}

void ls_filter_clear(struct ls_filter *f)
{
	pattern_done(&f->pat[LS_FILTER_INCLUDE]);
	pattern_done(&f->pat[LS_FILTER_EXCLUDE]);
}

bool ls_filter_narrows(const char *before, const char *now)
{
	if (!before || !now || !*before)
		return false;
	size_t n = strlen(before);
	if (strlen(now) != n + 1 || strncmp(before, now, n) != 0)
		return false;
	unsigned char c = (unsigned char)now[n];
	if (!isalnum(c) && !strchr("_ /.:-", c))
		return false;
	/* the last escape of `before` must be complete: a backslash and one
	 * punctuation character (\. \( \\ ...); letters and digits start
	 * escapes that can go on (\x41, \12, \p{..}, \Q..) */
	const char *esc = NULL;
	for (const char *p = before; *p; p++)
		if (*p == '\\') {
			esc = p;
			if (!p[1])
				return false;
			p++;
		}
	return !esc || !isalnum((unsigned char)esc[1]);
}

/* Does a capital letter (Unicode Lu or Lt: "Ü", "Σ", not only A-Z) start
 * at pattern[at]? pcre2's own Unicode tables answer, whatever the locale. */
static bool capital_at(const char *pattern, size_t len, size_t at)
{
	static pcre2_code *cap;
	static pcre2_match_data *md;
	static bool tried;
	if (!tried) {
		tried = true;
		int ec;
		PCRE2_SIZE off;
		cap = pcre2_compile((PCRE2_SPTR) "[\\p{Lu}\\p{Lt}]", PCRE2_ZERO_TERMINATED,
			PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
		md = cap ? pcre2_match_data_create_from_pattern(cap, NULL) : NULL;
	}
	if (!cap || !md)
		return false;
	return pcre2_match(cap, (PCRE2_SPTR)pattern, len, at, PCRE2_ANCHORED, md, NULL) >= 0;
}

/* The end of a name or argument that runs from s to the first `close`
 * (or the end of the pattern): not text to match. */
static const char *skip_to(const char *s, char close)
{
	const char *e = strchr(s, close);
	return e ? e : s + strlen(s) - 1;
}

/* An upper-case letter that the pattern matches as text makes it
 * case-sensitive, be it ASCII or not ("Über"). Not one that is pattern
 * syntax: an escape's letter (\S, \W, \D) or argument (\p{Lu}, \x{1F},
 * \N{U+41}, \cM, \k<Name>, \g{Name}), a group's name ((?<Name>...),
 * (?P=Name)), a verb ((*UTF)). Text quoted by \Q...\E is text. */
bool ls_filter_smart_caseless(const char *pattern)
{
	size_t len = strlen(pattern);
	bool quoted = false;
	for (const char *s = pattern; *s; s++) {
		if (quoted) {
			if (s[0] == '\\' && s[1] == 'E') {
				quoted = false;
				s++;
				continue;
			}
		} else if (*s == '\\') {
			char c = s[1];
			if (!c)
				break;
			s++;
			if (c == 'Q')
				quoted = true;
			else if (c == 'c' && s[1])
				s++;  /* \cX: control-X */
			else if (strchr("pPxoNgk", c) && s[1] == '{')
				s = skip_to(s + 2, '}');
			else if ((c == 'p' || c == 'P') && s[1])
				s++;  /* \pL */
			else if ((c == 'k' || c == 'g') && (s[1] == '<' || s[1] == '\''))
				s = skip_to(s + 2, s[1] == '<' ? '>' : '\'');
			continue;
		} else if (s[0] == '(' && s[1] == '*') {
			s = skip_to(s + 2, ')');
			continue;
		} else if (s[0] == '(' && s[1] == '?') {
			/* (?<Name>, (?'Name', (?&Name), (?P<Name>, (?P=Name), (?P>Name);
			 * not the look-arounds (?=, (?!, (?<=, (?<! nor (?>...) */
			const char *n = s + 2;
			bool py = *n == 'P' && (n[1] == '<' || n[1] == '=' || n[1] == '>');
			n += py;
			char close = *n == '<' ? '>' : *n == '\'' ? '\'' : ')';
			if ((*n == '<' && n[1] != '=' && n[1] != '!') || *n == '\'' || *n == '&' ||
			    (py && (*n == '=' || *n == '>'))) {
				s = skip_to(n + 1, close);
				continue;
			}
		}
		if (isupper((unsigned char)*s))
			return false;
		/* the first byte of a multi-byte character */
		if ((unsigned char)*s >= 0xC0 && capital_at(pattern, len, (size_t)(s - pattern)))
			return false;
	}
	return true;
}

int ls_filter_set(struct ls_filter *f, enum ls_filter_kind k, const char *pattern, char *err,
	size_t errlen, size_t *erroff)
{
	struct ls_pattern *p = &f->pat[k];
	f->gave_up = 0;
	if (!limits) {
		limits = pcre2_match_context_create(NULL);
		if (limits)
			pcre2_set_match_limit(limits, LS_FILTER_MATCH_LIMIT);
	}
	if (!pattern || !*pattern) {
		pattern_done(p);
		return 0;
	}
	if (p->src && strcmp(p->src, pattern) == 0)
		return 0;
	bool caseless = ls_filter_smart_caseless(pattern);
	/* UTF mode so that "." steps over a whole character; locations may hold
	 * invalid UTF-8 (any bytes a program wrote), which MATCH_INVALID_UTF
	 * tolerates instead of failing the match. */
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseless ? PCRE2_CASELESS : 0);
	int ec = 0;
	PCRE2_SIZE off = 0;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &ec, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
			snprintf((char *)msg, sizeof msg, "error %d", ec);
		if (err && errlen)
			snprintf(err, errlen, "%s at offset %zu", (const char *)msg, (size_t)off);
		if (erroff)
			*erroff = (size_t)off;
		return -1;
	}
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	if (!md) {
		pcre2_code_free(code);
		if (err && errlen)
			snprintf(err, errlen, "out of memory for match data");
		if (erroff)
			*erroff = 0;
		return -1;
	}
	pattern_done(p);
	p->src = ls_xstrdup(pattern);
	p->code = code;
	p->md = md;
	p->caseless = caseless;
	/* Without JIT (a hardened kernel forbids executable memory, valgrind,
	 * LEAKSCOPE_NO_JIT set) pcre2 falls back to its interpreter: slower,
	 * same answers. */
	const char *nojit = getenv("LEAKSCOPE_NO_JIT");
	p->jit = !(nojit && *nojit) && !LS_UNDER_VALGRIND() && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	if (p->jit && is_ascii(pattern, strlen(pattern))) {
		/* NEVER_UTF: a (*UTF) in the pattern must not turn UTF back on */
		uint32_t aopts = PCRE2_NEVER_UTF | (caseless ? PCRE2_CASELESS : 0);
		pcre2_code *ac = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, aopts, &ec, &off, NULL);
		if (ac && pcre2_jit_compile(ac, PCRE2_JIT_COMPLETE) == 0)
			p->ascii_code = ac;
		else
			pcre2_code_free(ac);
	}
	return 0;
}

const char *ls_filter_pattern(const struct ls_filter *f, enum ls_filter_kind k)
{
	return f ? f->pat[k].src : NULL;
}

bool ls_filter_active(const struct ls_filter *f)
{
	return f && (f->pat[0].src || f->pat[1].src);
}

unsigned long ls_filter_gave_up(const struct ls_filter *f)
{
	return f ? f->gave_up : 0;
}

/* A match that hit a limit reads as "no match", and is counted. (Filters
 * are never defined const; matching takes them const because it changes
 * nothing else.) */
static void count_gave_up(const struct ls_filter *f, int rc)
{
	if (f && (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT))
		((struct ls_filter *)f)->gave_up++;
}

static bool pattern_hit_md(const struct ls_filter *f, const struct ls_pattern *p, void *md, const char *s, size_t n)
{
	int rc;
	/* On ASCII text an ASCII pattern means the same with and without UTF
	 * (no multi-byte characters for '.' or classes to step over, no
	 * Unicode case pairs such as k / KELVIN SIGN); the byte matcher is
	 * faster. Both codes have the same groups, so the match data fits.
	 * The JIT fast path skips pcre2_match's per-call checks, which cost
	 * more than the match itself on short site names: filtering 100,000
	 * sites on each typed character takes 3-7 ms instead of 10-16 ms.
	 * Safe here: the pattern is compiled with PCRE2_MATCH_INVALID_UTF, so
	 * the JIT code copes with invalid UTF-8 subjects itself. */
	if (p->ascii_code && is_ascii(s, n))
		rc = pcre2_jit_match(p->ascii_code, (PCRE2_SPTR)s, n, 0, 0, md, limits);
	else if (p->jit)
		rc = pcre2_jit_match(p->code, (PCRE2_SPTR)s, n, 0, 0, md, limits);
	else
		rc = pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, 0, md, limits);
	count_gave_up(f, rc);
	return rc >= 0;
}

static bool pattern_hit(const struct ls_filter *f, const struct ls_pattern *p, const char *s, size_t n)
{
	return pattern_hit_md(f, p, p->md, s, n);
}

void ls_filter_md_done(struct ls_filter_md *m)
{
	for (int k = 0; k < 2; k++) {
		pcre2_match_data_free(m->md[k]);
		m->md[k] = NULL;
	}
}

int ls_filter_md_init(const struct ls_filter *f, struct ls_filter_md *m)
{
	int rc = 0;
	for (int k = 0; k < 2; k++) {
		m->md[k] = f->pat[k].code ? pcre2_match_data_create_from_pattern(f->pat[k].code, NULL) : NULL;
		if (f->pat[k].code && !m->md[k])
			rc = -1;
	}
	if (rc)
		ls_filter_md_done(m);
	return rc;
}

void ls_filter_set_deadline(struct ls_filter *f, double at)
{
	f->deadline = at;
	atomic_store(&f->timed_out, false);
}

bool ls_filter_timed_out(const struct ls_filter *f)
{
	return f && atomic_load(&f->timed_out);
}

/* Past the deadline? Each thread reads the clock every 32 of its matches
 * (a match on a short name costs well under a microsecond, the clock
 * about as much; a shared counter would bounce between the two cores). */
static bool over_time(const struct ls_filter *f)
{
	static _Thread_local unsigned ticks;
	static _Thread_local double counting_for;  /* the deadline ticks count for */
	if (!(f->deadline > 0))
		return false;
	if (counting_for != f->deadline) {
		/* a new deadline: the clock is read on its first match */
		counting_for = f->deadline;
		ticks = 0;
	}
	struct ls_filter *w = (struct ls_filter *)f;  /* (see count_gave_up) */
	if (atomic_load_explicit(&w->timed_out, memory_order_relaxed))
		return true;
	if ((ticks++ & 31u) == 0 && ls_now() > f->deadline) {
		atomic_store(&w->timed_out, true);
		return true;
	}
	return false;
}

bool ls_filter_match_md(const struct ls_filter *f, struct ls_filter_md *m, const char *s, size_t n)
{
	if (!f)
		return true;
	if (over_time(f))
		return false;
	const struct ls_pattern *inc = &f->pat[LS_FILTER_INCLUDE];
	const struct ls_pattern *exc = &f->pat[LS_FILTER_EXCLUDE];
	if (inc->code && !pattern_hit_md(f, inc, m->md[LS_FILTER_INCLUDE], s, n))
		return false;
	if (exc->code && pattern_hit_md(f, exc, m->md[LS_FILTER_EXCLUDE], s, n))
		return false;
	return true;
}

bool ls_filter_match(const struct ls_filter *f, const char *s, size_t n)
{
	if (!f)
		return true;
	if (over_time(f))
		return false;
	const struct ls_pattern *inc = &f->pat[LS_FILTER_INCLUDE];
	const struct ls_pattern *exc = &f->pat[LS_FILTER_EXCLUDE];
	if (inc->code && !pattern_hit(f, inc, s, n))
		return false;
	if (exc->code && pattern_hit(f, exc, s, n))
		return false;
	return true;
}

size_t ls_filter_spans(const struct ls_filter *f, enum ls_filter_kind k, const char *s, size_t n,
	struct ls_span *spans, size_t max)
{
	if (!f || !f->pat[k].code)
		return 0;
	const struct ls_pattern *p = &f->pat[k];
	size_t got = 0, at = 0;
	while (got < max && at <= n) {
		int rc = pcre2_match(p->code, (PCRE2_SPTR)s, n, at, 0, p->md, limits);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
		size_t a = ov[0], b = ov[1];
		if (b > a) {
			spans[got].start = a;
			spans[got].end = b;
			got++;
			at = b;
		} else {
			/* Empty match: step one whole UTF-8 character to make progress. */
			at = a + 1;
			while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
				at++;
		}
	}
	return got;
}
