/* scan.c — element boundaries of a top-level JSON array (see scan.h). */
#include "scan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void ls_scan_init(struct ls_scan *s)
{
	memset(s, 0, sizeof *s);
	s->state = LS_SCAN_BEFORE;
	s->end_at = UINT64_MAX;
}

void ls_scan_input_end(struct ls_scan *s, size_t len)
{
	s->end_at = s->shifted + len;
}

enum key_want { COMMA, QUOTE, KEY, COLON };

/* ls_key_after, from `want` on */
static inline enum ls_key_after key_from(const char *t, size_t i, size_t len, enum key_want want)
{
	size_t end = len - i > LS_KEY_LOOK ? i + LS_KEY_LOOK : len;
	for (; i < end; i++) {
		char c = t[i];
		if (want == KEY) {
			if (c == '\\')
				i++;
			else if (c == '"')
				want = COLON;
			continue;
		}
		/* (a run of '}': the stray one, and an object's own that it
		 * took the place of, "]}},"detailed_snapshot":) */
		if (ls_json_blank(c) || (want == COMMA && c == '}'))
			continue;
		if (want == COMMA && c == ',')
			want = QUOTE;
		else if (want == QUOTE && c == '"')
			want = KEY;
		else
			return want == COLON && c == ':' ? LS_KEY_FOLLOWS : LS_KEY_NONE;
	}
	/* looked far enough: no key that close */
	return end < len ? LS_KEY_NONE : LS_KEY_UNKNOWN;
}

enum ls_key_after ls_key_after(const char *t, size_t i, size_t len)
{
	return key_from(t, i, len, COMMA);
}

enum ls_misplaced ls_misplaced(const char *t, size_t from, size_t i, size_t len)
{
	if (i + 1 < len && ls_json_word(t[i + 1]))
		return LS_IN_VALUE;
	if (i + 1 < len && t[i + 1] == ':')
		return LS_BEFORE_COLON;
	while (i > from && ls_json_blank(t[i - 1]))
		i--;
	if (i > from && t[i - 1] == ':')
		return LS_IN_VALUE;
	return i > from && (t[i - 1] == '{' || t[i - 1] == ',') ? LS_IN_KEY : LS_PLACED;
}

enum ls_key_after ls_misplaced_after(enum ls_misplaced where, const char *t, size_t i, size_t len)
{
	if (where == LS_BEFORE_COLON)
		return LS_KEY_FOLLOWS;
	if (where == LS_IN_KEY)
		return key_from(t, i, len, QUOTE);
	/* the rest of the value (no longer than the bytes looked at for
	 * a key): a string, an object or array ("memory":}{...}), or a
	 * number's or word's bytes */
	size_t end = len - i > LS_KEY_LOOK ? i + LS_KEY_LOOK : len;
	while (i < end && ls_json_blank(t[i]))
		i++;
	if (i < end && (t[i] == '"' || t[i] == '{' || t[i] == '[')) {
		size_t depth = 0;
		bool cut = false; /* the value goes on past what is looked at */
		do {
			if (t[i] == '"') {
				for (i++; i < end && t[i] != '"'; i++)
					i += t[i] == '\\';
				if ((cut = i >= end))
					break;
			} else if (t[i] == '{' || t[i] == '[') {
				depth++;
			} else if (t[i] == '}' || t[i] == ']') {
				depth--;
			}
			i++;
		} while (depth && i < end);
		/* a string, object or array longer than is looked at (a
		 * traceback in error_message): that a value starts right
		 * after the bracket tells enough */
		if (cut || depth)
			return end < len ? LS_KEY_FOLLOWS : LS_KEY_UNKNOWN;
	} else {
		while (i < end && ls_json_word(t[i]))
			i++;
	}
	while (i < end && ls_json_blank(t[i]))
		i++;
	if (i >= end)
		return end < len ? LS_KEY_NONE : LS_KEY_UNKNOWN;
	/* the object's own '}' (the value was its last), or its next key */
	return t[i] == '}' ? LS_KEY_FOLLOWS : key_from(t, i, len, COMMA);
}

/* Bytes that matter inside a container element. */
static const unsigned char interesting[256] = {
	['"'] = 1, ['\\'] = 1, ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1,
};

/* Advance inside a string; returns true when the closing quote was consumed. */
static bool scan_string(struct ls_scan *s, const char *buf, size_t len)
{
	size_t i = s->pos;
	if (s->escape) {
		if (i >= len)
			return false;
		s->escape = false;
		i++;
	}
	for (;;) {
		while (i < len && buf[i] != '"' && buf[i] != '\\')
			i++;
		if (i >= len) {
			s->pos = i;
			return false;
		}
		if (buf[i] == '"') {
			s->pos = i + 1;
			s->in_string = false;
			return true;
		}
		/* backslash: skip the escaped byte (may be in the next window) */
		if (i + 1 >= len) {
			s->pos = len;
			s->escape = true;
			return false;
		}
		i += 2;
	}
}

#ifdef __SSE2__
#include <emmintrin.h>

static inline uint64_t eq_mask(__m128i a, __m128i b, __m128i c, __m128i d, char ch)
{
	__m128i k = _mm_set1_epi8(ch);
	return (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, k)) |
	       (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b, k)) << 16 |
	       (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(c, k)) << 32 |
	       (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(d, k)) << 48;
}

/* 64 bytes at a time while no backslash is in sight (the usual case): quote
 * positions give the in-string mask by a prefix XOR, and only brackets
 * outside strings are looked at one by one. Returns true when the element
 * ended (s->pos just past it); false when it needs the byte-wise loop
 * (a backslash in the block, or fewer than 64 bytes left). */
static bool scan_blocks(struct ls_scan *s, const char *buf, size_t len, bool *ended)
{
	size_t i = s->pos;
	bool in_str = s->in_string;
	int64_t depth = s->depth;
	*ended = false;
	while (i + 64 <= len) {
		const __m128i *p = (const __m128i *)(const void *)(buf + i);
		__m128i a = _mm_loadu_si128(p), b = _mm_loadu_si128(p + 1);
		__m128i c = _mm_loadu_si128(p + 2), d = _mm_loadu_si128(p + 3);
		__m128i bs = _mm_set1_epi8('\\');
		__m128i any_bs = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, bs), _mm_cmpeq_epi8(b, bs)),
			_mm_or_si128(_mm_cmpeq_epi8(c, bs), _mm_cmpeq_epi8(d, bs)));
		if (_mm_movemask_epi8(any_bs))
			break;
		uint64_t q = eq_mask(a, b, c, d, '"');
		/* '[' 0x5b and '{' 0x7b (likewise ']' and '}') differ only in bit
		 * 0x20, and no other byte maps onto them: one compare each */
		__m128i k20 = _mm_set1_epi8(0x20);
		__m128i a2 = _mm_or_si128(a, k20), b2 = _mm_or_si128(b, k20);
		__m128i c2 = _mm_or_si128(c, k20), d2 = _mm_or_si128(d, k20);
		uint64_t open = eq_mask(a2, b2, c2, d2, '{');
		uint64_t close = eq_mask(a2, b2, c2, d2, '}');
		uint64_t x = q;
		x ^= x << 1;
		x ^= x << 2;
		x ^= x << 4;
		x ^= x << 8;
		x ^= x << 16;
		x ^= x << 32;
		if (in_str)
			x = ~x;
		uint64_t st = (open | close) & ~x;
		while (st) {
			int j = __builtin_ctzll(st);
			st &= st - 1;
			if (open >> j & 1) {
				depth++;
			} else if (--depth == 0) {
				s->pos = i + (size_t)j + 1;
				s->depth = 0;
				s->in_string = false;
				*ended = true;
				return true;
			}
		}
		in_str ^= __builtin_popcountll(q) & 1;
		i += 64;
	}
	s->pos = i;
	s->depth = depth;
	s->in_string = in_str;
	return false;
}
#endif

enum { COMMENT_NONE, COMMENT_BLOCK, COMMENT_BLOCK_STAR, COMMENT_LINE, COMMENT_TO_VALUE };
enum { TO_END_BLOCK = 1, TO_END_LINE = 2 };                      /* s->to_end */
enum { HOW_READ_ON, HOW_ENDS_INSIDE, HOW_NO_REREAD };             /* s->unclosed_how */

/* The opening "/x" of a comment at s->pos (both bytes in the window). */
static void open_comment(struct ls_scan *s, const char *buf)
{
	bool block = buf[s->pos + 1] == '*';
	s->open_at = s->shifted + s->pos;
	s->brace_in = s->close_in = UINT64_MAX;
	s->line_open = false;
	s->pos += 2;
	if (s->to_end & (block ? TO_END_BLOCK : TO_END_LINE)) {
		/* one before it ran to the end of the input: no end of its
		 * kind comes after it, so this one hides the same (counted
		 * with that one, which ls_scan_hidden_end counted first) */
		s->unclosed++;
		s->comment = COMMENT_TO_VALUE;
	} else {
		s->comment = block ? COMMENT_BLOCK : COMMENT_LINE;
	}
}

static void comment_ended(struct ls_scan *s)
{
	s->comment = COMMENT_NONE;
	if (!s->comments++)
		s->first_comment = s->open_at;
}

/* A comment between elements ('/' then '*' or '/'; json-c would take it,
 * JSON has none): skipped whole and counted, so that the record after it is
 * read as usual. Without this, the words of the comment became scalar
 * elements and the '{' of the next record the middle of one of them.
 * Returns false when the window ends first (s->comment says where we are);
 * the opening "/x" is only consumed once both bytes are in the window.
 * Comments are rare: noting the first '{' and ']' in each (for
 * ls_scan_hidden_end) costs nothing where it matters. */
static bool skip_comment(struct ls_scan *s, const char *buf, size_t len)
{
	if (s->comment == COMMENT_NONE)
		open_comment(s, buf);
	while (s->pos < len) {
		char c = buf[s->pos];
		if (s->comment == COMMENT_TO_VALUE) {
			/* ends before the next record, or the array's end */
			if (c == '{' || c == ']') {
				s->comment = COMMENT_NONE;
				return true;
			}
			s->pos++;
			continue;
		}
		s->pos++;
		if (c == '{' && s->brace_in == UINT64_MAX)
			s->brace_in = s->shifted + s->pos - 1;
		else if (c == ']' && s->close_in == UINT64_MAX)
			s->close_in = s->shifted + s->pos - 1;
		if (s->comment == COMMENT_LINE) {
			if (c == '\n') {
				comment_ended(s);
				/* if only blanks follow, it was the file's last line */
				s->line_open = true;
				return true;
			}
		} else if (c == '/' && s->comment == COMMENT_BLOCK_STAR) {
			comment_ended(s);
			return true;
		} else {
			s->comment = c == '*' ? COMMENT_BLOCK_STAR : COMMENT_BLOCK;
		}
	}
	return false;
}

bool ls_scan_hidden_end(struct ls_scan *s, uint64_t *from)
{
	bool block = s->comment == COMMENT_BLOCK || s->comment == COMMENT_BLOCK_STAR;
	bool line = s->comment == COMMENT_LINE || (s->comment == COMMENT_NONE && s->line_open);
	if (s->state != LS_SCAN_BETWEEN || !(block || line))
		return false;
	*from = s->brace_in != UINT64_MAX ? s->brace_in : s->close_in;
	if (line && *from == UINT64_MAX) {
		/* a note on the last line that hid nothing: a comment like
		 * any other (the input may have been cut after it) */
		if (s->comment == COMMENT_LINE)
			comment_ended(s);
		s->line_open = false;
		return false;
	}
	if (s->comment == COMMENT_NONE)
		s->comments--; /* counted when its line ended */
	s->comment = COMMENT_NONE;
	s->line_open = false;
	s->to_end |= block ? TO_END_BLOCK : TO_END_LINE;
	if (!s->unclosed++) {
		s->first_unclosed = s->open_at;
		s->unclosed_block = block;
		s->unclosed_from = *from;
		s->unclosed_how = *from == UINT64_MAX ? HOW_ENDS_INSIDE : HOW_READ_ON;
	}
	return true;
}

void ls_scan_reread(struct ls_scan *s, size_t pos, uint64_t shifted)
{
	/* between elements as before the comment (commas seen still count) */
	s->state = LS_SCAN_BETWEEN;
	s->pos = pos;
	s->shifted = shifted;
	s->comment = COMMENT_NONE;
	s->line_open = false;
}

void ls_scan_no_reread(struct ls_scan *s)
{
	if (s->unclosed_how == HOW_READ_ON)
		s->unclosed_how = HOW_NO_REREAD;
}

enum ls_key_after ls_brace_after(const char *t, size_t i, size_t len)
{
	size_t end = len - i > LS_KEY_LOOK ? i + LS_KEY_LOOK : len;
	while (i < end && ls_json_blank(t[i]))
		i++;
	if (i < end)
		return t[i] == '}' ? LS_KEY_FOLLOWS : LS_KEY_NONE;
	return end < len ? LS_KEY_NONE : LS_KEY_UNKNOWN;
}

/* What the bracket at buf[s->pos - 1], which took the element to depth 0, is. */
enum close_fate {
	CLOSE_ENDS,  /* the element's end */
	CLOSE_STRAY, /* it goes on: a stray '}' inside it came before */
	CLOSE_WAIT,  /* the window ends before what follows tells, and the input does not */
};

static enum close_fate close_fate(struct ls_scan *s, const char *buf, size_t len)
{
	s->close_wait = false;
	s->stray_open = false;
	/* the usual "},{" and "}]" tell at once (once per record: the
	 * scan's cost) */
	if (s->pos + 1 < len && (buf[s->pos] == ']' || (buf[s->pos] == ',' && buf[s->pos + 1] == '{')))
		return CLOSE_ENDS;
	bool object = buf[s->start] == '{' || s->opener_lost;
	if (!object && buf[s->pos - 1] != '}')
		return CLOSE_ENDS;
	/* a bracket where JSON never puts one (ls_misplaced) first */
	enum ls_misplaced where = object ? ls_misplaced(buf, s->start, s->pos - 1, len) : LS_PLACED;
	enum ls_key_after after = where == LS_PLACED ? LS_KEY_NONE : ls_misplaced_after(where, buf, s->pos, len);
	if (after == LS_KEY_NONE && buf[s->pos - 1] == '}') {
		after = ls_key_after(buf, s->pos, len);
	} else if (after == LS_KEY_NONE) {
		/* a ']' closes no object: a stray '}' closed one of the
		 * object's objects early (an entry of a memory-test record's
		 * top_consumers, its last field), and its own '}' follows; or
		 * it is a stray one itself, and a key follows */
		after = ls_brace_after(buf, s->pos, len);
		if (after == LS_KEY_NONE)
			after = ls_key_after(buf, s->pos, len);
	}
	switch (after) {
	case LS_KEY_FOLLOWS:
		s->depth = 1;
		s->stray_open = true;
		return CLOSE_STRAY;
	case LS_KEY_UNKNOWN:
		/* asked again with more bytes (s->pos stays after the bracket) */
		s->close_wait = s->shifted + len < s->end_at;
		return s->close_wait ? CLOSE_WAIT : CLOSE_ENDS;
	default:
		return CLOSE_ENDS;
	}
}

/* The ',' just before buf[i] (blanks between), no further back than from;
 * SIZE_MAX when another byte comes first. */
static size_t comma_before(const char *buf, size_t from, size_t i)
{
	while (i > from && ls_json_blank(buf[i - 1]))
		i--;
	return i > from && buf[i - 1] == ',' ? i - 1 : SIZE_MAX;
}

/* Advance inside an element; returns true when it ended at s->pos. */
static bool scan_element(struct ls_scan *s, const char *buf, size_t len)
{
	if (s->scalar) {
		/* a bare scalar ends at a delimiter; strings end at their quote.
		 * No scalar holds a bracket: junk that runs into one ends
		 * there, and the record that may start at it is still read */
		if (s->in_string)
			return scan_string(s, buf, len) && (s->depth == 0);
		while (s->pos < len) {
			char c = buf[s->pos];
			if (c == ',' || c == ']' || c == '[' || c == '{' || c == '}' || ls_json_blank(c))
				return true;
			s->pos++;
		}
		return false;
	}
	enum close_fate f;
	if (s->close_wait && (f = close_fate(s, buf, len)) != CLOSE_STRAY)
		return f == CLOSE_ENDS;
	while (s->pos < len) {
#ifdef __SSE2__
		/* (after a stray '}', byte by byte: the '{' rule below) */
		if (!s->escape && !s->stray_open && s->pos + 64 <= len) {
			bool ended;
			if (scan_blocks(s, buf, len, &ended)) {
				if ((f = close_fate(s, buf, len)) != CLOSE_STRAY)
					return f == CLOSE_ENDS;
				continue;
			}
			/* a backslash in the next 64 bytes, or the tail: one
			 * byte-wise step, then blocks again */
		}
#endif
		if (s->in_string || s->escape) {
			if (!scan_string(s, buf, len))
				return false;
			continue;
		}
		size_t i = s->pos;
		while (i < len && !interesting[(unsigned char)buf[i]])
			i++;
		if (i >= len) {
			s->pos = len;
			return false;
		}
		char c = buf[i];
		s->pos = i + 1;
		if (c == '"') {
			s->in_string = true;
		} else if (c == '{' || c == '[') {
			size_t comma = s->stray_open && c == '{' && s->depth == 1 ? comma_before(buf, s->start, i) : SIZE_MAX;
			if (comma != SIZE_MAX) {
				/* "{...},"x":1,{": a record, junk, the next record. Read
				 * as one element to the end of the input, it cost a
				 * scan of all the rest per such record */
				s->pos = comma;
				s->depth = 0;
				s->stray_open = false;
				return true;
			}
			s->depth++;
		} else if (c == '}' || c == ']') {
			if (--s->depth == 0 && (f = close_fate(s, buf, len)) != CLOSE_STRAY)
				return f == CLOSE_ENDS;
		}
		/* a stray backslash outside a string is left to json_tokener */
	}
	return false;
}

/* Where a separator slip at s->pos is said: the k-th comma since the last
 * element (0-based), when there was one (a comma the caller only counted,
 * ls_scan_reopen's, has no place), or else what follows them. */
static uint64_t bad_place(const struct ls_scan *s, unsigned k)
{
	if (s->commas > k && s->comma_at[k])
		return s->comma_at[k] - 1;
	if (s->commas > k && k == 0 && s->comma_at[1])
		return s->comma_at[1] - 1;
	return s->shifted + s->pos;
}

/* Whether t[k..len) starts with the key "request_id": as ls_opens_record. */
static int request_id_at(const char *t, size_t k, size_t len)
{
	static const char key[] = "\"request_id\"";
	size_t have = len - k < sizeof key - 1 ? len - k : sizeof key - 1;
	if (memcmp(t + k, key, have) != 0)
		return 0;
	return have < sizeof key - 1 ? -1 : 1;
}

int ls_opens_record(const char *t, size_t len, size_t look)
{
	size_t k = 1;
	while (k < len && k < look && ls_json_blank(t[k]))
		k++;
	return request_id_at(t, k, len);
}

bool ls_record_key_first(const char *t, size_t len)
{
	return request_id_at(t, 0, len) == 1;
}

/* Whether the file's first bytes at t[i] are a record's first key (then a
 * ':'), as the writer puts it: the file lost its '[' and its first
 * record's '{' (a cut-off start, "[{" gone). As ls_opens_record. */
static int starts_with_key(const char *t, size_t i, size_t len)
{
	int rec = request_id_at(t, i, len);
	if (rec <= 0)
		return rec;
	enum ls_key_after k = key_from(t, i, len, QUOTE);
	return k == LS_KEY_FOLLOWS ? 1 : k == LS_KEY_UNKNOWN ? -1 : 0;
}

enum ls_scan_result ls_scan_next(struct ls_scan *s, const char *buf, size_t len, size_t *start, size_t *end)
{
	for (;;) {
		switch (s->state) {
		case LS_SCAN_BEFORE:
			while (s->pos < len && ls_json_blank(buf[s->pos]))
				s->pos++;
			if (s->pos >= len)
				return LS_SCAN_MORE;
			/* a UTF-8 byte order mark is tolerated, even split across windows */
			if (buf[s->pos] == '\xef') {
				size_t have = len - s->pos < 3 ? len - s->pos : 3;
				if (memcmp(buf + s->pos, "\xef\xbb\xbf", have) == 0) {
					if (have < 3)
						return LS_SCAN_MORE;
					s->pos += 3;
					continue;
				}
			}
			if (buf[s->pos] != '[') {
				/* a record where the array should start: its '['
				 * was lost (a cut-off start), the rest is read; so
				 * is a record's first key, when the record lost its
				 * '{' too (read as a first record that lost its '{'
				 * after the '[', below) */
				bool key = buf[s->pos] == '"';
				int rec = key ? starts_with_key(buf, s->pos, len) :
					buf[s->pos] == '{' ? ls_opens_record(buf + s->pos, len - s->pos, LS_KEY_LOOK) : 0;
				if (rec < 0 && s->shifted + len < s->end_at)
					return LS_SCAN_MORE; /* asked again with more bytes */
				if (rec <= 0) {
					s->state = LS_SCAN_BAD;
					return LS_SCAN_NOT_ARRAY;
				}
				s->bracket_lost = true;
				s->key_first = s->first = key;
				s->state = LS_SCAN_BETWEEN;
				continue;
			}
			s->pos++;
			s->state = LS_SCAN_BETWEEN;
			s->first = true;
			break;
		case LS_SCAN_BETWEEN:
			/* lenient: missing or doubled commas cost no record, but
			 * are reported through bad_sep; a '}' here (below) is one
			 * too many after the last record (no value starts with
			 * one): it is skipped and counted, not mistaken for a
			 * broken record */
			if (s->comment) {
				if (!skip_comment(s, buf, len))
					return LS_SCAN_MORE;
				break;
			}
			while (s->pos < len && (ls_json_blank(buf[s->pos]) || buf[s->pos] == ',')) {
				if (buf[s->pos] == ',') {
					if (s->commas < 2)
						s->comma_at[s->commas] = s->shifted + s->pos + 1;
					s->commas++;
				}
				s->pos++;
			}
			if (s->pos >= len)
				return LS_SCAN_MORE;
			if (buf[s->pos] == '/' && s->pos + 1 < len && (buf[s->pos + 1] == '*' || buf[s->pos + 1] == '/')) {
				if (!skip_comment(s, buf, len))
					return LS_SCAN_MORE;
				break; /* still between elements */
			}
			if (buf[s->pos] == '/' && s->pos + 1 >= len)
				return LS_SCAN_MORE; /* a comment, or junk: the next byte says */
			s->line_open = false; /* something follows the last comment */
			if (buf[s->pos] == ']') {
				s->bad_sep = s->commas != 0;
				/* "...,]": the comma is the one too many */
				s->bad_at = bad_place(s, 0);
				s->commas = 0;
				s->comma_at[0] = s->comma_at[1] = 0;
				s->pos++;
				s->state = LS_SCAN_DONE;
				return LS_SCAN_END;
			}
			if (buf[s->pos] == '}') {
				if (!s->strays++)
					s->first_stray = s->shifted + s->pos;
				s->pos++;
				break; /* still between elements */
			}
			bool lost = false;
			if (s->first) {
				if (buf[s->pos] == '"' && (s->pos > 0 || s->key_first)) {
					/* a key: the first record lost its '{'
					 * (the ones after it are read so in
					 * record.c) */
					enum ls_key_after k = key_from(buf, s->pos, len, QUOTE);
					if (k == LS_KEY_UNKNOWN && s->shifted + len < s->end_at)
						return LS_SCAN_MORE; /* asked again with more bytes */
					lost = k == LS_KEY_FOLLOWS;
				}
				s->first = false;
			}
			s->bad_sep = s->commas != (s->count ? 1u : 0u);
			/* none: the element lacks one; more: the first too many
			 * (before the first element, every comma is) */
			s->bad_at = bad_place(s, s->count ? 1 : 0);
			s->commas = 0;
			s->comma_at[0] = s->comma_at[1] = 0;
			s->start = s->pos;
			s->state = LS_SCAN_ELEMENT;
			s->depth = 0;
			s->in_string = s->escape = s->stray_open = false;
			s->scalar = buf[s->pos] != '{' && buf[s->pos] != '[';
			s->opener_lost = lost;
			/* (pos 0 only at the file's start: ls_scan_keep_from) */
			s->opener_before = lost && s->pos == 0;
			if (lost) {
				s->start = s->pos - !s->opener_before;
				s->first_at = s->shifted + s->start;
				s->depth = 1;
				s->scalar = false;
			} else if (s->scalar && buf[s->pos] == '"') {
				s->in_string = true;
				s->pos++;
			}
			break;
		case LS_SCAN_ELEMENT:
			if (!scan_element(s, buf, len))
				return LS_SCAN_MORE;
			*start = s->start;
			*end = s->pos;
			s->state = LS_SCAN_BETWEEN;
			s->count++;
			return LS_SCAN_ELEM;
		case LS_SCAN_DONE:
			s->bad_sep = false; /* reported with the first END only */
			return LS_SCAN_END;
		case LS_SCAN_BAD:
			return LS_SCAN_NOT_ARRAY;
		}
	}
}

void ls_scan_resume(struct ls_scan *s, size_t pos)
{
	s->close_wait = false;
	s->stray_open = false;
	s->state = LS_SCAN_BETWEEN;
	s->pos = pos;
	s->depth = 0;
	s->in_string = s->escape = s->scalar = false;
	s->commas = 0;
	s->comma_at[0] = s->comma_at[1] = 0;
	s->comment = COMMENT_NONE;
	s->line_open = false;
	/* the given-up element is one the caller parses and counts */
	s->count++;
}

void ls_scan_reopen(struct ls_scan *s, size_t pos)
{
	s->close_wait = false;
	s->stray_open = false;
	s->state = LS_SCAN_BETWEEN;
	s->pos = pos;
	s->depth = 0;
	s->in_string = s->escape = s->scalar = false;
	s->commas = s->count ? 1 : 0;
	s->comma_at[0] = s->comma_at[1] = 0;
	s->comment = COMMENT_NONE;
	s->line_open = false;
}

/* The comments that hid the end of the input, from the first one's view. */
static void unclosed_note(const struct ls_scan *s, uint64_t base,
	void (*say)(void *ctx, uint64_t off, const char *text), void *ctx)
{
	char t[400], more[96] = "";
	const char *what = s->unclosed_block ? "comment '/*' never closed" :
		"comment '//' runs to the end of the file (its line is the last, as in a file written on one line)";
	if (s->unclosed > 1)
		snprintf(more, sizeof more, "; %llu such comments, first at this offset, each read the same way",
			(unsigned long long)s->unclosed);
	switch (s->unclosed_how) {
	case HOW_READ_ON:
		snprintf(t, sizeof t, "%s; JSON has none, and it would hide the rest of the file: read on from the first "
			"'{' or ']' after it, at byte %llu%s", what, (unsigned long long)(base + s->unclosed_from), more);
		break;
	case HOW_ENDS_INSIDE:
		snprintf(t, sizeof t, "%s; JSON has none: the file ends inside it, with no record or ']' after it%s",
			what, more);
		break;
	default:
		snprintf(t, sizeof t, "%s; JSON has none: it hides the rest of the input, which is not a regular file "
			"and cannot be read again to find the records after it%s", what, more);
		break;
	}
	say(ctx, base + s->first_unclosed, t);
}

void ls_scan_notes(const struct ls_scan *s, uint64_t base, uint64_t bad_sep, uint64_t first_bad,
	void (*say)(void *ctx, uint64_t off, const char *text), void *ctx)
{
	char t[160];
	if (bad_sep) {
		snprintf(t, sizeof t, "missing or extra ',' between records (%llu place%s, first at this offset); records "
			"read anyway", (unsigned long long)bad_sep, bad_sep == 1 ? "" : "s");
		say(ctx, first_bad, t);
	}
	if (s->strays == 1)
		say(ctx, base + s->first_stray, "unexpected '}' between records; ignored");
	else if (s->strays) {
		snprintf(t, sizeof t, "unexpected '}' between records (%llu places, first at this offset); ignored",
			(unsigned long long)s->strays);
		say(ctx, base + s->first_stray, t);
	}
	if (s->comments) {
		snprintf(t, sizeof t, "comment between records (%llu place%s, first at this offset; JSON has none); "
			"ignored", (unsigned long long)s->comments, s->comments == 1 ? "" : "s");
		say(ctx, base + s->first_comment, t);
	}
	if (s->unclosed)
		unclosed_note(s, base, say, ctx);
	if (s->key_first)
		/* where its row is, as for any record read without its '{' */
		say(ctx, base + s->first_at, "the file starts with a record without its '{' (lost at this offset), and "
			"without the array's '[' (lost too?); its records read anyway");
	else if (s->bracket_lost)
		say(ctx, 0, "the file does not start with the array's '[' (lost?); its records read anyway");
}

size_t ls_scan_keep_from(const struct ls_scan *s)
{
	/* (and the byte before the array's first element: it may stand for
	 * the '{' that element lost; before the array, the byte before the
	 * first that is no blank, for the same) */
	if (s->state == LS_SCAN_ELEMENT)
		return s->start;
	return (s->first || s->state == LS_SCAN_BEFORE) && s->pos > 0 ? s->pos - 1 : s->pos;
}

void ls_scan_shift(struct ls_scan *s, size_t n)
{
	s->shifted += n;
	s->pos -= n;
	if (s->state == LS_SCAN_ELEMENT)
		s->start -= n;
}
