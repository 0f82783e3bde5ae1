/* vutil.h — small pieces several views share: verdict cells, number cells,
 * sparklines of an endpoint, the mouse-on-a-table glue. */
#ifndef LS_UI_VUTIL_H
#define LS_UI_VUTIL_H

#include <stddef.h>
#include <stdint.h>
#include "app.h"
#include "table.h"

/* leakscope's verdict of endpoint e (or the classic one with --classic). */
const char *ui_verdict_word(struct app *a, uint32_t p, uint32_t e, enum ui_role *role);
/* Sort key of an endpoint's verdict (the classic one with --classic):
 * leaks highest, then by the memory attributed to it. */
double ui_verdict_key(struct app *a, uint32_t p, uint32_t e);
/* The original tool's verdict: "LEAK", "ok", "too few", "no data". */
const char *ui_classic_word(struct app *a, uint32_t p, uint32_t e, enum ui_role *role);
/* Retained KiB per request attributed to e (NAN when not available). */
double ui_attributed_kb(struct app *a, uint32_t p, uint32_t e);
/* Sparkline of an endpoint's current_mb into out (cached by callers). */
void ui_ep_sparkline(const struct ls_endpoint *ep, int width, bool ascii, char *out, size_t cap);
/* A size in MB, thousands grouped ("726,056.7"), with as many decimals
 * (3, 1, 0; at most `decimals`) as fit in `width` columns; then in
 * thousands ("12,346k"). Returns the decimals written, -1 for thousands. */
int ui_fmt_mb(char *out, size_t cap, double v, int width, int decimals);
/* The decimals (3, 1, 0) every size from lo to hi fits `width` columns
 * with: a column of sizes keeps its decimal points under each other
 * ("11,543.9" above "7,749.1", not "7,749.058"). */
int ui_mb_decimals(double lo, double hi, int width);
/* "+1.23" / "-0.40" / "-" for NAN, in at most `width` columns (ui_fmt_fit). */
void ui_fmt_signed(char *out, size_t cap, double v, int decimals, int width);
/* A signed number and a suffix in at most `width` columns: fewer decimals,
 * then "+14.6k", "+1.7M" ..., never digits cut off; "-" for NAN. */
void ui_fmt_fit(char *out, size_t cap, double v, int decimals, int width, const char *suffix);
/* "1.5→14617.4": from and to with as many decimals (up to `decimals`) as
 * fit in `width` columns. */
void ui_fmt_range(char *out, size_t cap, double from, double to, int decimals, int width);
/* A growth in percent: "+35.1%", "+26933%" (no decimal past 1,000),
 * "+166k%" where that does not fit `width`, "-" for NAN. */
void ui_fmt_pct(char *out, size_t cap, double v, int width);
/* Sanitized name of an endpoint, with its file's name where another endpoint
 * of the process has the same name: "/chat (chat_old.json)". */
void ui_ep_name(const struct app *a, uint32_t p, uint32_t e, char *out, size_t cap);
/* The same, whole, in a string the caller frees. */
char *ui_ep_name_dup(const struct app *a, uint32_t p, uint32_t e);
/* Sanitized site location; one longer than cap keeps its end ("…" first). */
void ui_site_name(const struct app *a, uint32_t p, uint32_t site, char *out, size_t cap);
/* Standard mouse handling for a table (line: relative to its header line):
 * click selects (on the header: sorts by that column), double click calls
 * drill(v), wheel scrolls. */
unsigned ui_table_mouse(struct ui_table *t, struct view *v, enum ui_mouse m, int line, int x,
	unsigned (*drill)(struct view *v));
/* Draw a wrapped paragraph in a box of w columns from line y, at most h lines
 * (the last ends with "…" when the text goes on); returns lines used. */
int ui_paragraph(int y, int x, int w, int h, const char *text, attr_t a);
/* Lines ui_paragraph would need for text at width w. */
int ui_paragraph_lines(int w, const char *text);

#endif
