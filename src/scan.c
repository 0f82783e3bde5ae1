/* scan.c — element boundaries of a top-level JSON array (see scan.h). */
#include "scan.h"

#include <string.h>

void ls_scan_init(struct ls_scan *s)
{
	memset(s, 0, sizeof *s);
	s->state = LS_SCAN_BEFORE;
}

static bool blank(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
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

/* Advance inside an element; returns true when it ended at s->pos. */
static bool scan_element(struct ls_scan *s, const char *buf, size_t len)
{
	if (s->scalar) {
		/* a bare scalar ends at a delimiter; strings end at their quote */
		if (s->in_string)
			return scan_string(s, buf, len) && (s->depth == 0);
		while (s->pos < len) {
			char c = buf[s->pos];
			if (c == ',' || c == ']' || blank(c))
				return true;
			s->pos++;
		}
		return false;
	}
	while (s->pos < len) {
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
			s->depth++;
		} else if (c == '}' || c == ']') {
			if (--s->depth == 0)
				return true;
		}
		/* a stray backslash outside a string is left to json_tokener */
	}
	return false;
}

enum ls_scan_result ls_scan_next(struct ls_scan *s, const char *buf, size_t len, size_t *start, size_t *end)
{
	for (;;) {
		switch (s->state) {
		case LS_SCAN_BEFORE:
			while (s->pos < len && blank(buf[s->pos]))
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
				s->state = LS_SCAN_BAD;
				return LS_SCAN_NOT_ARRAY;
			}
			s->pos++;
			s->state = LS_SCAN_BETWEEN;
			break;
		case LS_SCAN_BETWEEN:
			while (s->pos < len && (blank(buf[s->pos]) || buf[s->pos] == ','))
				s->pos++;
			if (s->pos >= len)
				return LS_SCAN_MORE;
			if (buf[s->pos] == ']') {
				s->pos++;
				s->state = LS_SCAN_DONE;
				return LS_SCAN_END;
			}
			s->start = s->pos;
			s->state = LS_SCAN_ELEMENT;
			s->depth = 0;
			s->in_string = s->escape = false;
			s->scalar = buf[s->pos] != '{' && buf[s->pos] != '[';
			if (s->scalar && buf[s->pos] == '"') {
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
			return LS_SCAN_END;
		case LS_SCAN_BAD:
			return LS_SCAN_NOT_ARRAY;
		}
	}
}

size_t ls_scan_keep_from(const struct ls_scan *s)
{
	return s->state == LS_SCAN_ELEMENT ? s->start : s->pos;
}

void ls_scan_shift(struct ls_scan *s, size_t n)
{
	s->pos -= n;
	if (s->state == LS_SCAN_ELEMENT)
		s->start -= n;
}
