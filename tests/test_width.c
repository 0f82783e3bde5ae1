/* test_width.c — how many columns text takes on a terminal, one character
 * cluster at a time (src/width.c), and how the screen code measures, cuts,
 * wraps and draws with it (ui/draw.c, ui/vutil.c): an emoji with VS16
 * takes two columns, a flag is two columns that are never split, a ZWJ
 * sequence is as wide as its first emoji, accents take none. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "width.h"
#include "draw.h"
#include "vutil.h"

#define CLOUD_VS16 "\xe2\x98\x81\xef\xb8\x8f"          /* U+2601 U+FE0F */
#define CLOUD "\xe2\x98\x81"                            /* U+2601 */
#define FLAG_DE "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa"      /* U+1F1E9 U+1F1EA */
#define MAN "\xf0\x9f\x91\xa8"                          /* U+1F468 */
#define WOMAN "\xf0\x9f\x91\xa9"
#define GIRL "\xf0\x9f\x91\xa7"
#define ZWJ "\xe2\x80\x8d"
#define FAMILY MAN ZWJ WOMAN ZWJ GIRL
#define E_ACUTE "e\xcc\x81"                             /* e U+0301 */
#define KEYCAP_HASH "#\xef\xb8\x8f\xe2\x83\xa3"         /* # U+FE0F U+20E3 */
#define RAINBOW_FLAG "\xf0\x9f\x8f\xb3\xef\xb8\x8f" ZWJ "\xf0\x9f\x8c\x88"
#define KA_VIRAMA_ZWJ_SSA "\xe0\xa4\x95\xe0\xa5\x8d" ZWJ "\xe0\xa4\xb7" /* क्‍ष */

static int utf8_locale(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8"))
		return -1;
	ui_set_utf8(true);
	return 0;
}

/* The bytes and columns of the first cluster of s. */
static void expect_cluster(const char *s, size_t len, int cols)
{
	int w = -1;
	assert_int_equal(ls_cluster_len(s, strlen(s), &w), len);
	assert_int_equal(w, cols);
}

static void test_clusters(void **state)
{
	(void)state;
	expect_cluster("ab", 1, 1);
	expect_cluster(E_ACUTE "x", 3, 1);             /* an accent stays with its letter */
	expect_cluster(CLOUD "x", 3, 1);               /* a symbol alone: text, narrow */
	expect_cluster(CLOUD_VS16 "x", 6, 2);          /* with VS16: an emoji, wide */
	expect_cluster("\xf0\x9f\x98\x80\xef\xb8\x8f", 7, 2); /* VS16 on a wide emoji: still 2 */
	expect_cluster(KEYCAP_HASH, 7, 2);
	expect_cluster(FLAG_DE "x", 8, 2);
	expect_cluster(FLAG_DE FLAG_DE, 8, 2);         /* two flags, not an indicator pair in the middle */
	expect_cluster("\xf0\x9f\x87\xa9x", 4, 1);     /* a lone indicator: a letter */
	expect_cluster(FAMILY "x", strlen(FAMILY), 2); /* one glyph, as wide as the man */
	expect_cluster(RAINBOW_FLAG, strlen(RAINBOW_FLAG), 2);
	/* a ZWJ between letters shapes them; the letter after keeps its column */
	expect_cluster(KA_VIRAMA_ZWJ_SSA, 9, 1);
	expect_cluster("\xff" "a", 1, 1);              /* not UTF-8: one stand-in */
	assert_int_equal(ls_text_cols("a" CLOUD_VS16 FLAG_DE FAMILY E_ACUTE, strlen("a" CLOUD_VS16 FLAG_DE FAMILY E_ACUTE)), 8);
}

static void test_ui_width(void **state)
{
	(void)state;
	assert_int_equal(ui_width(CLOUD_VS16), 2);
	assert_int_equal(ui_width(FLAG_DE), 2);
	assert_int_equal(ui_width(FAMILY), 2);
	assert_int_equal(ui_width("caf" E_ACUTE), 4);
	assert_int_equal(ui_width("/" CLOUD_VS16 "/" FAMILY "/" FLAG_DE), 9);
}

/* The n cells of line y from x (what curses will send), as UTF-8 texts
 * joined by '|' (a wide character's second cell left out). */
static void cells(int y, int x, int n, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		cchar_t cc;
		wchar_t wch[CCHARW_MAX + 1];
		attr_t at;
		short pair;
		if (mvwin_wch(stdscr, y, x + i, &cc) == ERR || getcchar(&cc, wch, &at, &pair, NULL) == ERR)
			fail_msg("no cell at %d,%d", y, x + i);
		char mb[64];
		size_t m = wcstombs(mb, wch, sizeof mb);
		assert_true(m != (size_t)-1);
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "", mb);
		if (wcwidth(wch[0]) == 2)
			i++;
	}
}

/* What the screen code draws keeps curses's idea of the columns equal to
 * the measured one, so the next column starts where the table put it. */
static void test_drawn_cells(void **state)
{
	(void)state;
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	assert_non_null(out);
	SCREEN *scr = newterm("xterm-256color", out, in);
	if (!scr) {
		fclose(out);
		fclose(in);
		skip();
	}
	char got[512];
	/* VS16: the symbol and a blank, 2 columns wherever VS16 is honoured or not */
	ui_text(stdscr, 0, 0, 6, "a" CLOUD_VS16 "bc", UI_LEFT, A_NORMAL, NULL, 0, 0);
	cells(0, 0, 6, got, sizeof got);
	assert_string_equal(got, "a|" CLOUD "| |b|c| ");
	/* a ZWJ sequence: one 2-column cell holding the whole sequence */
	ui_text(stdscr, 1, 0, 4, FAMILY "xy", UI_LEFT, A_NORMAL, NULL, 0, 0);
	cells(1, 0, 4, got, sizeof got);
	assert_string_equal(got, FAMILY "|x|y");
	/* a flag: its two letters side by side */
	ui_text(stdscr, 2, 0, 4, FLAG_DE "xy", UI_LEFT, A_NORMAL, NULL, 0, 0);
	cells(2, 0, 4, got, sizeof got);
	assert_string_equal(got, "\xf0\x9f\x87\xa9|\xf0\x9f\x87\xaa|x|y");
	/* a cut never splits a flag: "ab" and the flag need 4 columns, 3 are left before "…" */
	ui_text(stdscr, 3, 0, 4, "ab" FLAG_DE "cd", UI_LEFT, A_NORMAL, NULL, 0, 0);
	cells(3, 0, 4, got, sizeof got);
	assert_string_equal(got, "a|b|\xe2\x80\xa6| ");
	/* nor an emoji from its VS16, from the left either */
	ui_text(stdscr, 4, 0, 4, "xy" CLOUD_VS16 "z", UI_TRUNC_LEFT, A_NORMAL, NULL, 0, 0);
	cells(4, 0, 4, got, sizeof got);
	assert_string_equal(got, "\xe2\x80\xa6|" CLOUD "| |z");
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

/* Wrapped text (the warning detail, the verdict explanations) measures
 * the same way: four VS16 clouds are 8 columns, two lines of 4. */
static void test_wrap(void **state)
{
	(void)state;
	assert_int_equal(ui_paragraph_lines(4, CLOUD_VS16 CLOUD_VS16 CLOUD_VS16 CLOUD_VS16), 2);
	assert_int_equal(ui_paragraph_lines(4, FAMILY FAMILY), 1);
	assert_int_equal(ui_paragraph_lines(3, "ab" FLAG_DE), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_ui_width),
		cmocka_unit_test(test_drawn_cells),
		cmocka_unit_test(test_wrap),
	};
	return cmocka_run_group_tests(tests, utf8_locale, NULL);
}
