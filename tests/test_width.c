/* test_width.c — how many columns text takes on a terminal, one character
 * cluster at a time (src/width.c): an emoji with VS16 takes two columns, a
 * flag is two columns that are never split, a ZWJ sequence is as wide as
 * its first emoji, accents take none. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <locale.h>
#include <string.h>
#include <cmocka.h>

#include "width.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clusters),
	};
	return cmocka_run_group_tests(tests, utf8_locale, NULL);
}
