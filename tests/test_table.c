/* test_table.c — the table engine every screen uses: sorting by any column,
 * the cursor staying on the same row through sorts, filters and reloads,
 * incremental search with n/N, and paging. Nothing here draws, so no
 * terminal is needed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"
#include "view.h"

struct data {
	const char *name[6];
	double size[6];
	bool hide[6];
};

static struct data D = {
	{"/srv/app/router.py:412", "/srv/app/Cache.py:88", "json/decoder.py:353", "<frozen abc>:123",
	 "/srv/app/db.py:67", "unknown"},
	{1.5, 9.0, 0.25, 4.0, 9.0, 0.0},
	{false},
};

static void t_name(void *c, uint32_t r, char *o, size_t n) { snprintf(o, n, "%s", ((struct data *)c)->name[r]); }
static double n_size(void *c, uint32_t r) { return ((struct data *)c)->size[r]; }
static void t_size(void *c, uint32_t r, char *o, size_t n) { snprintf(o, n, "%.2f", n_size(c, r)); }
static void t_spark(void *c, uint32_t r, char *o, size_t n) { (void)c; (void)r; snprintf(o, n, "..."); }
static bool keep(void *c, uint32_t r) { return !((struct data *)c)->hide[r]; }

static const struct ui_col cols[] = {
	{.title = "Location", .width = 0, .text = t_name},
	{.title = "Size", .width = 8, .align = UI_RIGHT, .text = t_size, .num = n_size},
	{.title = "Trend", .width = 8, .text = t_spark, .flags = UI_COL_NOSORT},
};

static uint32_t sel(const struct ui_table *t)
{
	uint32_t r = UINT32_MAX;
	assert_true(ui_table_selected(t, &r));
	return r;
}

static void setup_table(struct ui_table *t)
{
	memset(D.hide, 0, sizeof D.hide);
	ui_table_init(t, cols, 3, &D);
	t->keep = keep;
	ui_table_reset(t, 6);
}

static void test_sort_keeps_cursor_on_the_same_row(void **state)
{
	(void)state;
	struct ui_table t;
	setup_table(&t);
	/* by name A to Z: "/srv/app/Cache.py:88" < "/srv/app/db.py:67" < "/srv/app/router.py:412" ... */
	assert_int_equal(sel(&t), 1);
	assert_int_equal(ui_table_cmd(&t, CMD_DOWN) & UI_REDRAW, UI_REDRAW);
	assert_int_equal(sel(&t), 4);
	/* '>' moves to Size: biggest first; ties keep row order; the cursor stays on row 4 */
	ui_table_cmd(&t, CMD_SORT_NEXT);
	assert_int_equal(t.sort_col, 1);
	assert_true(t.rev);
	assert_int_equal(t.idx[0], 1);
	assert_int_equal(t.idx[1], 4);
	assert_int_equal(t.idx[5], 5);
	assert_int_equal(sel(&t), 4);
	/* 'r' reverses: smallest first, cursor still on row 4 */
	ui_table_cmd(&t, CMD_SORT_REV);
	assert_int_equal(t.idx[0], 5);
	assert_int_equal(sel(&t), 4);
	/* '>' skips the sparkline column (not sortable) and wraps to Location */
	ui_table_cmd(&t, CMD_SORT_NEXT);
	assert_int_equal(t.sort_col, 0);
	assert_false(t.rev);
	ui_table_cmd(&t, CMD_SORT_PREV);
	assert_int_equal(t.sort_col, 1);
	ui_table_done(&t);
}

/* Locations sort by path, then by line number as a number: :185 before
 * :1463, as a reader scanning a file's sites expects. */
static void test_location_sort_reads_line_numbers(void **state)
{
	(void)state;
	static struct data L = {
		{"core.py:1463", "core.py:185", "_url.py:1063", "_url.py:109", "core.py:0185", "a.py:2"},
		{0}, {false},
	};
	struct ui_table t;
	ui_table_init(&t, cols, 3, &L);
	ui_table_reset(&t, 6);
	assert_int_equal(t.sort_col, 0);
	const uint32_t want[] = {3, 2, 5, 4, 1, 0}; /* _url:109, _url:1063, a:2, core:0185, core:185, core:1463 */
	for (int i = 0; i < 6; i++)
		assert_int_equal(t.idx[i], want[i]);
	ui_table_done(&t);
}

static void test_filter_keeps_selection(void **state)
{
	(void)state;
	struct ui_table t;
	setup_table(&t);
	ui_table_select_row(&t, 0); /* router.py */
	D.hide[1] = D.hide[2] = true;
	ui_table_refilter(&t);
	assert_int_equal(t.n, 4);
	assert_int_equal(sel(&t), 0);
	/* the selected row filtered away: the cursor stays at the same height, clamped */
	ui_table_cmd(&t, CMD_BOTTOM);
	uint32_t last = sel(&t);
	D.hide[last] = true;
	ui_table_refilter(&t);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.sel, 2);
	/* everything filtered away: no selection, no crash on keys */
	for (int i = 0; i < 6; i++)
		D.hide[i] = true;
	ui_table_refilter(&t);
	uint32_t r;
	assert_false(ui_table_selected(&t, &r));
	ui_table_cmd(&t, CMD_DOWN);
	ui_table_cmd(&t, CMD_PGDN);
	assert_false(ui_table_search(&t, "srv", 1));
	/* and back */
	memset(D.hide, 0, sizeof D.hide);
	ui_table_refilter(&t);
	assert_int_equal(t.n, 6);
	assert_true(ui_table_selected(&t, &r));
	ui_table_done(&t);
}

static void test_reload_keeps_selected_row(void **state)
{
	(void)state;
	struct ui_table t;
	setup_table(&t);
	ui_table_sort(&t, 1, true);
	ui_table_select_row(&t, 3); /* <frozen abc>, size 4 */
	/* a reload changes the numbers: the order is recomputed, the cursor follows the row */
	D.size[3] = 100.0;
	ui_table_reset(&t, 6);
	assert_int_equal(t.idx[0], 3);
	assert_int_equal(sel(&t), 3);
	assert_int_equal(t.sel, 0);
	D.size[3] = 4.0;
	ui_table_done(&t);
}

/* A view that rebuilds its rows in another order on reload (the Sites
 * screen, the site detail, the warnings) names each row by a key: the
 * reset finds the row under the cursor and the row the user chose by
 * key, whatever their new row ids, and forgets a chosen row that left. */
static struct data K;
static void k_name(void *c, uint32_t r, struct ls_buf *k) { ls_buf_puts(k, ((struct data *)c)->name[r]); }

static void test_reset_finds_rows_by_key(void **state)
{
	(void)state;
	K = (struct data){{"a.py:1", "b.py:2", "c.py:3", "d.py:4", "e.py:5", "f.py:6"}, {1, 2, 3, 4, 5, 6}, {false}};
	struct ui_table t;
	ui_table_init(&t, cols, 3, &K);
	t.keep = keep;
	t.row_key = k_name;
	ui_table_reset(&t, 6);
	/* the user picks c.py; a filter hides it: the cursor goes to d.py */
	ui_table_select_row(&t, 2);
	K.hide[2] = true;
	ui_table_refilter(&t);
	assert_int_equal(sel(&t), 3);
	/* a reload: rows in another order, b.py gone, the filter still on */
	K = (struct data){{"f.py:6", "d.py:4", "g.py:7", "e.py:5", "c.py:3", "a.py:1"}, {6, 4, 7, 5, 3, 1}, {false}};
	K.hide[4] = true;
	ui_table_reset(&t, 6);
	assert_int_equal(sel(&t), 1);           /* d.py, now row 1 */
	assert_true(t.has_want_row);
	assert_int_equal(t.want_row, 4);        /* c.py, now row 4 */
	/* the filter shows c.py again: the cursor goes back to it */
	K.hide[4] = false;
	ui_table_refilter(&t);
	assert_int_equal(sel(&t), 4);
	/* the row under the cursor gone: the chosen row is forgotten, the
	 * cursor stays where it was on the screen */
	uint32_t at = t.sel;
	K = (struct data){{"f.py:6", "d.py:4", "g.py:7", "e.py:5", "h.py:8", "a.py:1"}, {6, 4, 7, 5, 8, 1}, {false}};
	ui_table_reset(&t, 6);
	assert_false(t.has_want_row);
	assert_int_equal(t.sel, at);
	/* a key found after a row vanished is taken from the new rows */
	ui_table_select_row(&t, 0);
	K = (struct data){{"a.py:1", "f.py:6"}, {1, 6}, {false}};
	ui_table_reset(&t, 2);
	assert_int_equal(sel(&t), 1);
	ui_table_done(&t);
}

static void test_search_smart_case_and_wrap(void **state)
{
	(void)state;
	struct ui_table t;
	setup_table(&t);
	ui_table_search_begin(&t);
	/* incremental: each longer prefix searches from where '/' was pressed */
	assert_true(ui_table_search(&t, "d", 0));
	assert_true(ui_table_search(&t, "db", 0));
	assert_int_equal(sel(&t), 4);
	/* lower case matches "Cache"; an upper-case letter makes it exact */
	ui_table_search_begin(&t);
	assert_true(ui_table_search(&t, "cache", 0));
	assert_int_equal(sel(&t), 1);
	assert_false(ui_table_search(&t, "CACHE", 0));
	assert_int_equal(sel(&t), 1);
	/* n / N walk the matches of "srv" and wrap around */
	ui_table_cmd(&t, CMD_TOP);
	uint32_t first = sel(&t);
	assert_int_equal(ui_table_search(&t, "srv", 1), UI_FOUND);
	uint32_t second = sel(&t);
	assert_int_not_equal(first, second);
	assert_int_equal(ui_table_search(&t, "srv", 1), UI_FOUND);
	/* wrapped to the first: the status line says so */
	assert_int_equal(ui_table_search(&t, "srv", 1), UI_FOUND_WRAPPED);
	assert_int_equal(sel(&t), first);
	/* back across the wrap */
	assert_int_equal(ui_table_search(&t, "srv", -1), UI_FOUND_WRAPPED);
	assert_int_not_equal(sel(&t), first);
	assert_int_equal(ui_table_search(&t, "srv", -1), UI_FOUND);
	assert_false(ui_table_search(&t, "nothing-like-this", 1));
	ui_table_done(&t);
}

/* Smart case beyond ASCII: "über" finds "Über.py" too, and a capital
 * "Ü" makes the search exact, as "C" does. (It found only "über.py".) */
static void test_search_folds_non_ascii(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "en_US.UTF-8"))
		skip();
	struct data d = {{"src/plain.py:3", "src/\xc3\x9c""ber.py:2", "src/\xc3\xbc""ber.py:1", "src/ZETA_\xce\xa3.py:4",
		"x", "y"}, {1, 2, 3, 4, 5, 6}, {false}};
	struct ui_table t;
	ui_table_init(&t, cols, 3, &d);
	ui_table_reset(&t, 6);
	ui_table_cmd(&t, CMD_TOP);
	ui_table_search_begin(&t);
	assert_true(ui_table_search(&t, "\xc3\xbc""ber", 0));
	uint32_t a = sel(&t);
	assert_true(ui_table_search(&t, "\xc3\xbc""ber", 1));
	uint32_t b = sel(&t);
	assert_true((a == 1 && b == 2) || (a == 2 && b == 1));
	/* a capital outside ASCII: exact */
	ui_table_search_begin(&t);
	assert_true(ui_table_search(&t, "\xc3\x9c""ber", 0));
	assert_int_equal(sel(&t), 1);
	assert_true(ui_table_search(&t, "\xc3\x9c""ber", 1));
	assert_int_equal(sel(&t), 1); /* the only one: n stays */
	/* "σ" finds the capital sigma */
	ui_table_search_begin(&t);
	assert_true(ui_table_search(&t, "_\xcf\x83", 0));
	assert_int_equal(sel(&t), 3);
	ui_table_done(&t);
	setlocale(LC_CTYPE, "C");
}

static void test_paging_and_clicks(void **state)
{
	(void)state;
	struct ui_table t;
	setup_table(&t);
	t.page = 2; /* as if the last draw showed two rows */
	ui_table_cmd(&t, CMD_PGDN);
	assert_int_equal(t.sel, 2);
	ui_table_cmd(&t, CMD_PGDN);
	ui_table_cmd(&t, CMD_PGDN);
	assert_int_equal(t.sel, 5); /* clamped at the last row */
	ui_table_cmd(&t, CMD_TOP);
	assert_int_equal(t.sel, 0);
	/* line 0 is the header; line 2 is the second visible row */
	assert_false(ui_table_click(&t, 0));
	assert_true(ui_table_click(&t, 2));
	assert_int_equal(t.sel, 1);
	assert_false(ui_table_click(&t, 40));
	/* below the rows drawn (the site view's source lines under its
	 * endpoint table): no row there, though the table has more */
	assert_false(ui_table_click(&t, 3));
	assert_int_equal(t.sel, 1);
	/* the wheel scrolls and drags the cursor along */
	ui_table_scroll(&t, 3);
	assert_int_equal(t.top, 3);
	assert_int_equal(t.sel, 3);
	ui_table_scroll(&t, -10);
	assert_int_equal(t.top, 0);
	ui_table_done(&t);
}

/* A big table (the Sites screen of a wide process): the radix sort gives
 * the comparison order (no value lowest, -0 equal to 0, ties by row), a
 * rare text far down is found and a frequent one at once, n / N wrap, and
 * a filter that can only drop rows gives the same rows as a full pass. */
#define BIG 50000u
static double big_v[BIG];
static bool big_keep_even;
static double n_big(void *c, uint32_t r) { (void)c; return big_v[r]; }
static void t_big(void *c, uint32_t r, char *o, size_t n)
{
	(void)c;
	snprintf(o, n, r == 45000 ? "/srv/app/Rare.py:%u" : "/srv/app/mod%u.py:%u", r % 97, r);
}
static bool keep_big(void *c, uint32_t r) { (void)c; return !big_keep_even || r % 2 == 0; }
static const struct ui_col big_cols[] = {
	{.title = "Location", .width = 0, .text = t_big},
	{.title = "Size", .width = 8, .align = UI_RIGHT, .text = t_size, .num = n_big},
};

static void test_big_table(void **state)
{
	(void)state;
	for (uint32_t r = 0; r < BIG; r++)
		big_v[r] = r % 7 == 0 ? NAN : r % 11 == 0 ? -0.0 : r % 13 == 0 ? 0.0 : (double)((int)(r % 1000) - 500) / 8;
	struct ui_table t;
	ui_table_init(&t, big_cols, 2, NULL);
	t.keep = keep_big;
	ui_table_reset(&t, BIG);
	ui_table_prepare(&t);
	ui_table_sort(&t, 1, false);
	assert_int_equal(t.n, BIG);
	for (uint32_t i = 1; i < t.n; i++) {
		uint32_t a = t.idx[i - 1], b = t.idx[i];
		double x = big_v[a], y = big_v[b];
		if (isnan(x) != isnan(y)) {
			assert_true(isnan(x)); /* no value first */
			continue;
		}
		if (!isnan(x) && x != y) {
			assert_true(x < y);
			continue;
		}
		assert_true(a > b); /* ties (and -0 == 0): later rows first, read reversed in row order */
	}
	/* the rare text is beyond the rows looked at one by one */
	ui_table_sort(&t, 0, false);
	ui_table_search_begin(&t);
	assert_true(ui_table_search(&t, "rare", 0));
	assert_int_equal(sel(&t), 45000);
	assert_false(ui_table_search(&t, "nowhere", 0));
	/* a frequent one is found where the search starts; n moves on, N back */
	assert_true(ui_table_search(&t, "mod5.py", 0));
	uint32_t first = t.sel;
	assert_true(ui_table_search(&t, "mod5.py", 1));
	assert_true(t.sel > first);
	assert_true(ui_table_search(&t, "mod5.py", -1));
	assert_int_equal(t.sel, first);
	/* case matters as soon as the text has a capital */
	assert_false(ui_table_search(&t, "RARE", 0));
	/* narrowing refilter == full refilter */
	big_keep_even = true;
	ui_table_refilter_some(&t, UI_REFILTER_PASSED);
	uint32_t n_narrow = t.n;
	ui_table_refilter(&t);
	assert_int_equal(n_narrow, BIG / 2);
	assert_int_equal(t.n, BIG / 2);
	/* and widening: the hidden rows come back, the shown ones stay */
	big_keep_even = false;
	ui_table_refilter_some(&t, UI_REFILTER_FAILED);
	assert_int_equal(t.n, BIG);
	ui_table_done(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_keeps_cursor_on_the_same_row),
		cmocka_unit_test(test_location_sort_reads_line_numbers),
		cmocka_unit_test(test_filter_keeps_selection),
		cmocka_unit_test(test_reload_keeps_selected_row),
		cmocka_unit_test(test_reset_finds_rows_by_key),
		cmocka_unit_test(test_search_smart_case_and_wrap),
		cmocka_unit_test(test_search_folds_non_ascii),
		cmocka_unit_test(test_paging_and_clicks),
		cmocka_unit_test(test_big_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
