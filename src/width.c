/* width.c — terminal columns of text, cluster by cluster (see width.h).
 *
 * wcwidth() answers for one code point. Terminals that draw emoji draw
 * some sequences as one glyph, so counting code points goes wrong:
 *   "☁" U+2601 + VS16     one column each by wcwidth; the pair is a
 *                         2-column emoji
 *   "🇩🇪" two regional     one flag, 2 columns; counted as two 1-column
 *   indicators             letters a cut could split between them
 * Combining marks (wcwidth 0) stay with the character they mark.
 * Emoji joined by U+200D ZWJ ("👨‍👩‍👧") are one glyph in some terminals
 * (tmux, kitty) and side by side in others (xterm): no width is right in
 * both, so the screen never sends the ZWJ (draw.c) and each part is a
 * cluster of its own, the same columns everywhere. A skin tone after an
 * emoji ("👍🏽") is the same question: it stays in the emoji's cluster, 2
 * columns, and the screen never sends it. */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include "width.h"
#include "util.h"

#include <wchar.h>

int ls_cp_cols(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static bool regional_indicator(uint32_t cp)
{
	return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

/* The code point at s[*i] (at most n bytes), advancing *i; false at the
 * end or at bytes that are not UTF-8. */
static bool next_cp(const char *s, size_t n, size_t *i, uint32_t *cp)
{
	if (*i >= n)
		return false;
	size_t l = ls_utf8_len(s + *i, n - *i, cp);
	if (!l)
		return false;
	*i += l;
	return true;
}

size_t ls_cluster_len(const char *s, size_t n, int *cols)
{
	uint32_t cp;
	size_t i = 0;
	if (!next_cp(s, n, &i, &cp)) {
		*cols = 1;
		return n ? 1 : 0;
	}
	int w = ls_cp_cols(cp);
	uint32_t next;
	size_t j = i;
	/* a flag: two indicators are one glyph; a third starts the next */
	if (regional_indicator(cp) && next_cp(s, n, &j, &next) && regional_indicator(next)) {
		*cols = 2;
		return j;
	}
	for (j = i; next_cp(s, n, &j, &next); i = j) {
		if (next == LS_VS16 && w == 1)
			w = 2; /* a narrow symbol asked to be an emoji */
		else if (ls_emoji_modifier(next) && w == 2)
			continue; /* its skin tone (not drawn: draw.c) */
		else if (wcwidth((wchar_t)next) != 0)
			break; /* the next cluster's first character */
	}
	*cols = w;
	return i;
}

size_t ls_text_cols(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n;) {
		int w;
		i += ls_cluster_len(s + i, n - i, &w);
		c += (size_t)w;
	}
	return c;
}
