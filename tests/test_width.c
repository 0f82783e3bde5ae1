/* test_width.c — how many columns text takes on a terminal, one character
 * cluster at a time (src/width.c), and how the screen code measures, cuts,
 * wraps and draws with it (ui/draw.c, ui/vutil.c): an emoji with VS16
 * takes two columns, a flag is two columns that are never split, emoji a
 * ZWJ joins are drawn side by side without it (the same columns in every
 * terminal), a skin tone is not drawn, accents take none. */
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
#define THUMBS "\xf0\x9f\x91\x8d"                       /* U+1F44D */
#define TONE "\xf0\x9f\x8f\xbd"                         /* U+1F3FD: a skin tone */
#define KA_VIRAMA_ZWJ_SSA "\xe0\xa4\x95\xe0\xa5\x8d" ZWJ "\xe0\xa4\xb7" /* क्‍ष */

static SCREEN *scr;
static FILE *scr_out, *scr_in;

/* A UTF-8 locale, and a curses screen when the terminfo database has
 * xterm-256color (else the drawing tests skip). */
static int setup(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8"))
		return -1;
	ui_set_utf8(true);
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	if (scr_out && scr_in)
		scr = newterm("xterm-256color", scr_out, scr_in);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (scr) {
		endwin();
		delscreen(scr);
	}
	if (scr_out)
		fclose(scr_out);
	if (scr_in)
		fclose(scr_in);
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
	expect_cluster(FAMILY "x", strlen(MAN ZWJ), 2);  /* the man; the woman is the next */
	expect_cluster(RAINBOW_FLAG, strlen(RAINBOW_FLAG) - 4, 2); /* the white flag, VS16, ZWJ */
	/* a ZWJ between letters shapes them; the letter after keeps its column */
	expect_cluster(KA_VIRAMA_ZWJ_SSA, 9, 1);
	expect_cluster(THUMBS TONE "x", 8, 2);         /* a skin tone stays with its emoji */
	expect_cluster(TONE "x", 4, 2);                /* alone: a swatch of its own */
	expect_cluster("\xff" "a", 1, 1);              /* not UTF-8: one stand-in */
	assert_int_equal(ls_text_cols("a" CLOUD_VS16 FLAG_DE FAMILY E_ACUTE, strlen("a" CLOUD_VS16 FLAG_DE FAMILY E_ACUTE)), 12);
}

static void test_ui_width(void **state)
{
	(void)state;
	assert_int_equal(ui_width(CLOUD_VS16), 2);
	assert_int_equal(ui_width(FLAG_DE), 2);
	assert_int_equal(ui_width(FAMILY), 6);
	assert_int_equal(ui_width("caf" E_ACUTE), 4);
	assert_int_equal(ui_width("/" CLOUD_VS16 "/" FAMILY "/" FLAG_DE), 13);
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
 * the measured one, so the next column starts where the table put it.
 * The tests draw on a curses screen whose output goes nowhere (setup). */

/* Draw s in w columns (aligned al) on line 0; its cells as cells() puts them. */
static const char *drawn(const char *s, int w, enum ui_align al)
{
	static char got[512];
	if (!scr)
		skip();
	ui_fill(stdscr, 0, 0, 40, A_NORMAL);
	ui_text(stdscr, 0, 0, w, s, al, A_NORMAL, NULL, 0, 0);
	cells(0, 0, w, got, sizeof got);
	return got;
}

/* VS16: the symbol and a blank, 2 columns wherever VS16 is honoured or not */
static void test_drawn_vs16(void **state)
{
	(void)state;
	assert_string_equal(drawn("a" CLOUD_VS16 "bc", 6, UI_LEFT), "a|" CLOUD "| |b|c| ");
}

/* a ZWJ sequence: its emoji side by side, the ZWJ not sent (a terminal
 * that joins them would draw one glyph where curses counts three) */
static void test_drawn_zwj(void **state)
{
	(void)state;
	assert_string_equal(drawn(FAMILY "xy", 8, UI_LEFT), MAN "|" WOMAN "|" GIRL "|x|y");
}

/* a skin tone: the emoji alone, 2 columns (a terminal that joins them
 * draws one glyph, others two: 2 or 4 columns where curses counts 4) */
static void test_drawn_skin_tone(void **state)
{
	(void)state;
	assert_string_equal(drawn("a" THUMBS TONE "bc", 6, UI_LEFT), "a|" THUMBS "|b|c| ");
}

/* a flag: its two letters side by side */
static void test_drawn_flag(void **state)
{
	(void)state;
	assert_string_equal(drawn(FLAG_DE "xy", 4, UI_LEFT), "\xf0\x9f\x87\xa9|\xf0\x9f\x87\xaa|x|y");
}

/* a cut never splits a flag: "ab" and the flag need 4 columns, 3 are left
 * before "…"; nor a wide emoji, from the left */
static void test_drawn_cuts(void **state)
{
	(void)state;
	assert_string_equal(drawn("ab" FLAG_DE "cd", 4, UI_LEFT), "a|b|\xe2\x80\xa6| ");
	assert_string_equal(drawn("xx" FAMILY "yz", 5, UI_TRUNC_LEFT), "\xe2\x80\xa6|" GIRL "|y|z");
	assert_string_equal(drawn("xx" FAMILY "yz", 4, UI_TRUNC_LEFT), "\xe2\x80\xa6|y|z| ");
}

/* a middle cut keeps the head it is given (what tells a label from the
 * others), the tail takes the rest; where the head is too long, all but
 * the last character's columns of it (a wide last character was left
 * out: two labels that differ there read alike) */
static void test_drawn_mid_head(void **state)
{
	(void)state;
	if (!scr)
		skip();
	char got[512];
	ui_fill(stdscr, 0, 0, 40, A_NORMAL);
	ui_text_mid(stdscr, 0, 0, 12, "case-002-linear-leak", UI_TRUNC_MID, 8, 0, A_NORMAL, NULL, 0, 0);
	cells(0, 0, 12, got, sizeof got);
	assert_string_equal(got, "c|a|s|e|-|0|0|2|\xe2\x80\xa6|e|a|k");
	ui_text_mid(stdscr, 0, 0, 12, "case-002-linear-leak", UI_TRUNC_MID, 0, 0, A_NORMAL, NULL, 0, 0);
	cells(0, 0, 12, got, sizeof got);
	assert_string_equal(got, "c|a|s|e|-|0|\xe2\x80\xa6|-|l|e|a|k");
	ui_text_mid(stdscr, 0, 0, 6, "case-002-linear-leak", UI_TRUNC_MID, 8, 0, A_NORMAL, NULL, 0, 0);
	cells(0, 0, 6, got, sizeof got);
	assert_string_equal(got, "c|a|s|e|\xe2\x80\xa6|k");
	/* 生产环境服务器一 next to ...二: the head is all of it */
	ui_fill(stdscr, 0, 0, 40, A_NORMAL);
	ui_text_mid(stdscr, 0, 0, 12, "生产环境服务器一", UI_TRUNC_MID, 24, 0, A_NORMAL, NULL, 0, 0);
	cells(0, 0, 12, got, sizeof got);
	assert_string_equal(got, "生|产|环|境|\xe2\x80\xa6|一| ");
}

/* a left cut keeps the tail where the part that tells it apart fits
 * there; where it does not, the head that does (a middle cut), or the end
 * of that head between two "…": 30 names ending "/with/a/long/path" all
 * read "…/a/long/path" */
static void test_drawn_left_head(void **state)
{
	(void)state;
	if (!scr)
		skip();
	char got[512];
	const char *name = "/svc/ep_12/with/a/long/path";
	/* the tail tells it apart ("path", 4 bytes): cut at its start, as ever */
	ui_fill(stdscr, 0, 0, 40, A_NORMAL);
	ui_text_mid(stdscr, 0, 0, 12, name, UI_TRUNC_LEFT, 10, 4, A_NORMAL, NULL, 0, 0);
	cells(0, 0, 12, got, sizeof got);
	assert_string_equal(got, "\xe2\x80\xa6|a|/|l|o|n|g|/|p|a|t|h");
	/* its whole tail is another name's too: the head "/svc/ep_12" stays */
	ui_text_mid(stdscr, 0, 0, 14, name, UI_TRUNC_LEFT, 10, strlen(name), A_NORMAL, NULL, 0, 0);
	cells(0, 0, 14, got, sizeof got);
	assert_string_equal(got, "/|s|v|c|/|e|p|_|1|2|\xe2\x80\xa6|a|t|h");
	/* too narrow for the head: its end, between two "…" */
	ui_text_mid(stdscr, 0, 0, 7, name, UI_TRUNC_LEFT, 10, strlen(name), A_NORMAL, NULL, 0, 0);
	cells(0, 0, 7, got, sizeof got);
	assert_string_equal(got, "\xe2\x80\xa6|e|p|_|1|2|\xe2\x80\xa6");
}

/* an accent on a wide character stays in its cell (it went to the second
 * one, which is never sent, and was lost) */
static void test_drawn_wide_accent(void **state)
{
	(void)state;
	assert_string_equal(drawn("\xe4\xb8\xad\xcc\x81x", 4, UI_LEFT), "\xe4\xb8\xad\xcc\x81|x| ");
}

/* Wrapped text (the warning detail, the verdict explanations) measures
 * the same way: four VS16 clouds are 8 columns, two lines of 4. */
static void test_wrap(void **state)
{
	(void)state;
	assert_int_equal(ui_paragraph_lines(4, CLOUD_VS16 CLOUD_VS16 CLOUD_VS16 CLOUD_VS16), 2);
	assert_int_equal(ui_paragraph_lines(4, FAMILY FAMILY), 3);  /* six 2-column emoji */
	assert_int_equal(ui_paragraph_lines(3, "ab" FLAG_DE), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_ui_width),
		cmocka_unit_test(test_drawn_vs16),
		cmocka_unit_test(test_drawn_zwj),
		cmocka_unit_test(test_drawn_skin_tone),
		cmocka_unit_test(test_drawn_flag),
		cmocka_unit_test(test_drawn_cuts),
		cmocka_unit_test(test_drawn_wide_accent),
		cmocka_unit_test(test_drawn_mid_head),
		cmocka_unit_test(test_drawn_left_head),
		cmocka_unit_test(test_wrap),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
