/* test_filter.c — the include/exclude filter a user types in the TUI (f / F)
 * and passes as --include / --exclude. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "filter.h"

static bool pass(const struct ls_filter *f, const char *s)
{
	return ls_filter_match(f, s, strlen(s));
}

static void test_empty_filter_passes_everything(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	assert_false(ls_filter_active(&f));
	assert_true(pass(&f, "/srv/app/router.py:412"));
	assert_true(pass(NULL, "anything"));
	assert_null(ls_filter_pattern(&f, LS_FILTER_INCLUDE));
	ls_filter_done(&f);
}

static void test_include_and_exclude(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	char err[256];
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "srv/app", err, sizeof err, NULL), 0);
	assert_true(ls_filter_active(&f));
	assert_true(pass(&f, "/srv/app/router.py:412"));
	assert_false(pass(&f, "/usr/lib/python3.12/json/decoder.py:353"));
	assert_int_equal(ls_filter_set(&f, LS_FILTER_EXCLUDE, "router", err, sizeof err, NULL), 0);
	assert_false(pass(&f, "/srv/app/router.py:412"));
	assert_true(pass(&f, "/srv/app/cache.py:88"));
	assert_string_equal(ls_filter_pattern(&f, LS_FILTER_EXCLUDE), "router");
	/* Clearing the include keeps the exclude. */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "", err, sizeof err, NULL), 0);
	assert_true(pass(&f, "/usr/lib/python3.12/json/decoder.py:353"));
	assert_false(pass(&f, "/srv/app/router.py:412"));
	ls_filter_clear(&f);
	assert_false(ls_filter_active(&f));
	assert_true(pass(&f, "/srv/app/router.py:412"));
	ls_filter_done(&f);
}

static void test_smart_case(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	char err[256];
	/* all lower case: case-insensitive */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "cache", err, sizeof err, NULL), 0);
	assert_true(pass(&f, "/srv/app/Cache.py:1"));
	/* an upper-case letter: case-sensitive */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "Cache", err, sizeof err, NULL), 0);
	assert_true(pass(&f, "/srv/app/Cache.py:1"));
	assert_false(pass(&f, "/srv/app/cache.py:1"));
	/* escapes like \S and \d do not count as upper case */
	assert_true(ls_filter_smart_caseless("\\S+\\.py:\\d+"));
	assert_false(ls_filter_smart_caseless("Router"));
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "\\Sache", err, sizeof err, NULL), 0);
	assert_true(pass(&f, "/srv/app/CACHE.py:1"));
	ls_filter_done(&f);
}

static void test_invalid_pattern_keeps_previous(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	char err[256] = "";
	size_t off = 999;
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "router", err, sizeof err, &off), 0);
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "rout(er", err, sizeof err, &off), -1);
	/* pcre2's own message, with the offset of the problem (end of pattern) */
	assert_non_null(strstr(err, "missing closing parenthesis"));
	assert_non_null(strstr(err, "at offset 7"));
	assert_int_equal(off, 7);
	/* the previous pattern is still in force */
	assert_string_equal(ls_filter_pattern(&f, LS_FILTER_INCLUDE), "router");
	assert_true(pass(&f, "/srv/app/router.py:412"));
	assert_false(pass(&f, "/srv/app/cache.py:88"));
	assert_int_equal(ls_filter_set(&f, LS_FILTER_EXCLUDE, "[a-", err, sizeof err, &off), -1);
	assert_non_null(strstr(err, "at offset 3"));
	assert_null(ls_filter_pattern(&f, LS_FILTER_EXCLUDE));
	ls_filter_done(&f);
}

static void test_spans_for_highlighting(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	char err[256];
	const char *s = "/srv/app/app.py:12";
	struct ls_span sp[8];
	assert_int_equal(ls_filter_spans(&f, LS_FILTER_INCLUDE, s, strlen(s), sp, 8), 0);
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "app", err, sizeof err, NULL), 0);
	size_t n = ls_filter_spans(&f, LS_FILTER_INCLUDE, s, strlen(s), sp, 8);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].start, 5);
	assert_int_equal(sp[0].end, 8);
	assert_int_equal(sp[1].start, 9);
	assert_int_equal(sp[1].end, 12);
	/* max bounds the output */
	assert_int_equal(ls_filter_spans(&f, LS_FILTER_INCLUDE, s, strlen(s), sp, 1), 1);
	/* a pattern that can match empty makes progress and reports only real text */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "\\d*", err, sizeof err, NULL), 0);
	n = ls_filter_spans(&f, LS_FILTER_INCLUDE, s, strlen(s), sp, 8);
	assert_int_equal(n, 1);
	assert_int_equal(sp[0].start, 16);
	assert_int_equal(sp[0].end, 18);
	ls_filter_done(&f);
}

static void test_invalid_utf8_subject(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	char err[256];
	/* a location with raw bytes from a hand-edited file must still be matched */
	const char s[] = "/srv/\xff\xfe/leak.py:7";
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "leak\\.py", err, sizeof err, NULL), 0);
	assert_true(ls_filter_match(&f, s, sizeof s - 1));
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "é", err, sizeof err, NULL), 0);
	assert_true(pass(&f, "/srv/café.py:1"));
	assert_false(ls_filter_match(&f, s, sizeof s - 1));
	ls_filter_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_filter_passes_everything),
		cmocka_unit_test(test_include_and_exclude),
		cmocka_unit_test(test_smart_case),
		cmocka_unit_test(test_invalid_pattern_keeps_previous),
		cmocka_unit_test(test_spans_for_highlighting),
		cmocka_unit_test(test_invalid_utf8_subject),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
