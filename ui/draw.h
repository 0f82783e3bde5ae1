/* draw.h — putting text on the screen: width-aware (wide characters take two
 * columns), clipped, aligned, with highlighted byte ranges. Text reaching
 * these functions must already be sanitized (util.h ls_sanitize) when it
 * comes from a file; ui_text_raw() does that itself. */
#ifndef LS_UI_DRAW_H
#define LS_UI_DRAW_H

#include <stddef.h>
#include <stdbool.h>
#include <curses.h>
#include "theme.h"
#include "filter.h"

enum ui_align {
	UI_LEFT = 0,
	UI_RIGHT = 1,
	UI_TRUNC_LEFT = 2,   /* left aligned, cut at the start */
	UI_TRUNC_MID = 3,    /* left aligned, cut in the middle: both ends stay */
};

/* Display width (columns) of a UTF-8 string. */
int ui_width(const char *s);
/* Draw s (UTF-8) at y,x in exactly `w` columns (padding with spaces), clipped
 * with an ellipsis, with attribute `a`. Byte ranges in spans (may be NULL)
 * are drawn with `hl` instead. Returns the columns used by text. */
int ui_text(WINDOW *win, int y, int x, int w, const char *s, enum ui_align al, attr_t a,
	const struct ls_span *spans, size_t nspans, attr_t hl);
/* The same, where a middle cut (UI_TRUNC_MID) keeps at least the first
 * `head` bytes of s, as room allows: the part that tells it from others.
 * A left cut (UI_TRUNC_LEFT) keeps the last `tail` bytes that tell s
 * apart where they fit; where they do not, and a head is given, it keeps
 * the head (a middle cut), or the head's end ("…number_12…"). */
int ui_text_mid(WINDOW *win, int y, int x, int w, const char *s, enum ui_align al, size_t head, size_t tail, attr_t a,
	const struct ls_span *spans, size_t nspans, attr_t hl);
/* Same for untrusted text: sanitized first. */
int ui_text_raw(WINDOW *win, int y, int x, int w, const char *s, enum ui_align al, attr_t a);
/* Fill w columns at y,x with spaces in attribute a. */
void ui_fill(WINDOW *win, int y, int x, int w, attr_t a);
/* Is the terminal locale UTF-8 (braille charts, block sparklines, "…")? */
bool ui_utf8(void);
void ui_set_utf8(bool on);
/* The mark where text is cut: "…", or "~" without UTF-8 (as tig). */
const char *ui_ellipsis(void);
/* The same where text keeps its end: "…", or "..." without UTF-8: a "~"
 * before a path reads as a home directory, a "<" as the start of a real
 * location ("<frozen importlib._bootstrap>"). */
const char *ui_ellipsis_left(void);
/* "…" in prose ("updating…"), or "..." without UTF-8: the cut mark "~"
 * (tig's) reads as a home directory or a typo there. */
const char *ui_dots(void);
/* Format bytes/sizes for humans: "12.3 MB", numbers with thousands separators. */
void ui_fmt_count(char *out, size_t cap, unsigned long long v);

#endif
