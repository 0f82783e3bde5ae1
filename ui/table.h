/* table.h — the shared table engine: columns described as data, rows drawn,
 * scrolled, selected, sorted (by any column, cached per column), searched and
 * filtered here so that each view only supplies cell text and sort keys.
 *
 * Ownership: the table owns only indexes. Rows are ids into the view's model
 * data (0 .. nrows-1); `idx` is a non-owning, filtered and sorted index over
 * them. The selection follows the row id, not the screen line, so that
 * re-sorting, refiltering and reloading keep the cursor on the same thing.
 * A view whose rows are renumbered when its data is rebuilt (a reload)
 * supplies row_key: the table then finds its rows again by key. */
#ifndef LS_UI_TABLE_H
#define LS_UI_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "draw.h"
#include "keymap.h"
#include "util.h"

enum {
	UI_COL_HILITE = 1u << 0,   /* highlight include-filter matches in this column */
	UI_COL_NOSORT = 1u << 1,   /* not a sort key (e.g. sparklines) */
	UI_COL_ORDER = 1u << 2,    /* a number that is an order, not an amount (the
	                            * row's place in reading order): < > and a click
	                            * sort it smallest first, as the rows came */
};

struct ui_col {
	const char *title;
	int width;                 /* columns; 0 = flexible, takes what is left */
	enum ui_align align;
	/* Display text of a cell (already sanitized) into out[cap]. */
	void (*text)(void *ctx, uint32_t row, char *out, size_t cap);
	/* Numeric sort key; NULL sorts by text. */
	double (*num)(void *ctx, uint32_t row);
	/* Role of the cell; NULL: plain. */
	enum ui_role (*role)(void *ctx, uint32_t row);
	unsigned flags;
	/* 0: always shown; 1, 2, ...: hidden in that order when the flexible
	 * column would get too narrow to read */
	int hide;
	/* a fixed column that widens up to this when the flexible one has
	 * room to spare (its texts are longer than `width`); 0: never. The
	 * flexible column: its widest text, which the columns of hide
	 * priority 1 give way to (up to 40 columns) */
	int max_width;
	/* optional, for UI_TRUNC_MID: how many bytes of a row's text a cut
	 * keeps at its head at least; for UI_TRUNC_LEFT, with tail: the bytes
	 * at its head and at its end that tell it from other rows' (ui_text_mid) */
	size_t (*head)(void *ctx, uint32_t row);
	size_t (*tail)(void *ctx, uint32_t row);
};

/* Which rows a filter change must test again. */
enum ui_refilter {
	UI_REFILTER_ALL,
	UI_REFILTER_PASSED,   /* the filter can only drop rows: those shown */
	UI_REFILTER_FAILED,   /* it can only let rows in: those hidden */
};

struct ui_table {
	const struct ui_col *cols;
	int ncols;
	void *ctx;
	uint32_t nrows;
	bool (*keep)(void *ctx, uint32_t row);     /* row filter; NULL keeps all */
	/* optional: keep() of rows 0..n-1 into pass[] at once (e.g. on threads),
	 * only of the rows `which` says (see ui_table_refilter_some) */
	void (*keep_all)(void *ctx, uint8_t *pass, uint32_t n, enum ui_refilter which);
	bool (*marked)(void *ctx, uint32_t row);   /* finding marks; NULL: none */
	const struct ls_filter *hl;                /* highlight source for UI_COL_HILITE */
	const char *empty;                         /* shown when no row passes */
	/* Optional: append to key what row r is, so that the same thing has
	 * the same bytes after a rebuild renumbers the rows (a site id; a
	 * warning's file, offset and message). ui_table_reset then puts the
	 * cursor, and the row the user chose, back on their rows by key.
	 * NULL: a row id means the same thing before and after a reset. */
	void (*row_key)(void *ctx, uint32_t row, struct ls_buf *key);

	uint32_t *idx, n;          /* visible rows in display order */
	uint32_t **order;          /* per column: all rows ascending, NULL until needed */
	/* Caches so that a key costs O(visible rows), not O(rows): */
	uint8_t *pass;             /* per row: keep() at the last reset/refilter (NULL: no keep) */
	char *stext, *slower;      /* search-column text of every row, and lower-cased; NULL until needed */
	size_t *soff;              /* row -> offset of its text in both (rows end with '\n') */
	uint8_t *hit;              /* per row: hit_text is in its search column (1), or only in
	                            * search_col2 (2); 0: in neither (hit_text[0]: valid) */
	char hit_text[1024];
	bool hit_first;            /* some row has hit_text in its search column: then
	                            * search_col2 is neither searched nor lit */
	int sort_col;
	bool rev;
	uint32_t sel, top;
	bool has_sel_row;
	uint32_t sel_row;          /* the row id under the cursor */
	/* The row the user last put the cursor on. A filter that hides it
	 * moves the cursor to a neighbour (sel_row), but a later filter that
	 * shows it again (the next character typed, Esc on the prompt, c)
	 * brings the cursor back to it, until the user picks another row. */
	bool has_want_row;
	uint32_t want_row;
	/* row_key of sel_row and of want_row (while has_*), taken when they
	 * were set: a reset comes after the view's data has changed */
	struct ls_buf sel_key, want_key;
	int page;                  /* rows shown by the last draw */
	int search_col;
	int search_col2;           /* a second column searched where the first has no match
	                            * (a process, a file); -1: none */
	uint32_t search_origin;
	char search[1024];         /* last searched text, highlighted in the search column (the prompt's size) */
	bool focused;
	int drawn_y, drawn_x;      /* where the last draw put the first data row */
	uint64_t hidden;           /* columns the last draw had no room for (bit per column) */
	int col_x[64], col_w[64];  /* where the last draw put each column (screen x, width) */
};

void ui_table_init(struct ui_table *t, const struct ui_col *cols, int ncols, void *ctx);
void ui_table_done(struct ui_table *t);
/* The rows changed (new data or reload): drop cached orders, rebuild, keep
 * the selection and the chosen row (by row_key when set, else by row id).
 * Call it once the view's data holds the new rows. */
void ui_table_reset(struct ui_table *t, uint32_t nrows);
/* Other columns (a view that shows a column only sometimes): the caches
 * are dropped, the selection is kept; the caller sets sort_col and
 * search_col for the new columns, then resets. */
void ui_table_set_cols(struct ui_table *t, const struct ui_col *cols, int ncols);
/* The row filter changed: rebuild the index, keep the selection. */
void ui_table_refilter(struct ui_table *t);
/* The same when the filter can only have dropped rows (nothing new
 * passes: UI_REFILTER_PASSED) or only let rows in (UI_REFILTER_FAILED):
 * only those rows are tested again. */
void ui_table_refilter_some(struct ui_table *t, enum ui_refilter which);
void ui_table_sort(struct ui_table *t, int col, bool rev);
/* Build every cache a key could need now (each sortable column's order,
 * the search texts), so that the first sort or search of a big table is as
 * quick as the next ones. Optional: they are otherwise built on first use. */
void ui_table_prepare(struct ui_table *t);
void ui_table_draw(struct ui_table *t, WINDOW *win, int y, int x, int h, int w);
/* Navigation and sort commands. Returns view flags (0 if not a table command). */
unsigned ui_table_cmd(struct ui_table *t, enum ui_cmd cmd);
/* Selected row id; false when the table is empty. */
bool ui_table_selected(const struct ui_table *t, uint32_t *row);
/* The user acts on the selected row (marks it, exports it): it becomes
 * the row a later filter brings the cursor back to (want_row), as if the
 * user had moved onto it. */
void ui_table_choose(struct ui_table *t);
/* Move the selection to row id (if visible). */
bool ui_table_select_row(struct ui_table *t, uint32_t row);
/* What a search did: UI_FOUND_WRAPPED when n / N went past the last (or
 * the first) row to find it, which the status line says, as vim does. */
enum ui_found { UI_NOT_FOUND, UI_FOUND, UI_FOUND_WRAPPED };
/* Search text in the search column: dir 0 = from the origin (incremental),
 * +1/-1 = next/previous from the selection. Smart case. */
enum ui_found ui_table_search(struct ui_table *t, const char *text, int dir);
void ui_table_search_begin(struct ui_table *t);
/* Does hay[0..n) hold needle, with the tables' smart case (no capital
 * letter in needle, ASCII or not: case ignored)? */
bool ui_text_has(const char *hay, size_t n, const char *needle);
/* Mouse: body-relative line of a click (0 = header). Returns true when it selected a row. */
bool ui_table_click(struct ui_table *t, int line);
void ui_table_scroll(struct ui_table *t, int delta);
/* Mouse on the header at screen column x: sort by that column (again: reverse).
 * Returns true when it sorted. */
bool ui_table_click_header(struct ui_table *t, int x);

#endif
