/* width.h — how many terminal columns text takes, measured one character
 * cluster at a time: what a terminal draws as one character is sometimes
 * several code points (a letter and its accents, an emoji and its
 * presentation selector, a flag). The one place that measures it, so that
 * the screen, the wrapping and the source view agree. */
#ifndef LS_WIDTH_H
#define LS_WIDTH_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define LS_ZWJ 0x200d   /* ZERO WIDTH JOINER: joins emoji into one, in some terminals */
#define LS_VS16 0xfe0f  /* VARIATION SELECTOR-16: emoji presentation */

/* A skin tone (EMOJI MODIFIER FITZPATRICK TYPE-1-2 to -6): after an emoji,
 * one glyph with it in terminals that join them, a second glyph in others
 * (xterm). */
static inline bool ls_emoji_modifier(uint32_t cp) { return cp >= 0x1f3fb && cp <= 0x1f3ff; }

/* Columns of code point cp alone (wcwidth in the current locale; one for
 * a character it does not know). */
int ls_cp_cols(uint32_t cp);
/* Length in bytes (at least 1 when n > 0) of the character cluster at s,
 * at most n bytes, and its columns in *cols. A byte that is not valid
 * UTF-8 is a cluster of one column. */
size_t ls_cluster_len(const char *s, size_t n, int *cols);
/* Columns of n bytes of UTF-8 text. */
size_t ls_text_cols(const char *s, size_t n);

#endif
