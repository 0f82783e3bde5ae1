/* test_filter.c — the include/exclude filter a user types in the TUI (f / F)
 * and passes as --include / --exclude. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "filter.h"
#include "util.h"

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
	/* a capital outside ASCII counts too: "Über" is case-sensitive (it
	 * used to match src/über.py), "über" is not */
	assert_false(ls_filter_smart_caseless("\xc3\x9c" "ber"));          /* Über */
	assert_false(ls_filter_smart_caseless("src/\xce\xa3igma"));     /* Σigma */
	assert_true(ls_filter_smart_caseless("\xc3\xbc" "ber"));           /* über */
	assert_true(ls_filter_smart_caseless("\xe6\x97\xa5\xe6\x9c\xac")); /* 日本: no case */
	/* capitals that are pattern syntax, not text, leave it caseless
	 * (\p{Lu} made it case-sensitive); text in \Q...\E and in a
	 * look-ahead is text */
	assert_true(ls_filter_smart_caseless("\\p{Lu}\\w+\\.py"));
	assert_true(ls_filter_smart_caseless("\\PL\\x{1F600}\\N{U+41}\\cM"));
	assert_true(ls_filter_smart_caseless("(?<Name>cache)\\k<Name>\\g{Name}(?P=Name)(?&Name)"));
	assert_true(ls_filter_smart_caseless("(*UTF)(*UCP)router"));
	assert_false(ls_filter_smart_caseless("\\QRouter\\E"));
	assert_false(ls_filter_smart_caseless("x(?=Router)"));
	assert_false(ls_filter_smart_caseless("(?<=Api)x"));
	assert_false(ls_filter_smart_caseless("\\p{Lu}Cache"));
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "\xc3\x9c" "ber", err, sizeof err, NULL), 0);
	assert_true(pass(&f, "src/\xc3\x9c" "ber.py:2"));
	assert_false(pass(&f, "src/\xc3\xbc" "ber.py:1"));
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "\xc3\xbc" "ber", err, sizeof err, NULL), 0);
	assert_true(pass(&f, "src/\xc3\x9c" "ber.py:2"));
	assert_true(pass(&f, "src/\xc3\xbc" "ber.py:1"));
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

/* Typing a filter character by character re-matches only the rows still
 * shown when the new pattern can only match fewer texts: that shortcut must
 * never hide a row the full match would show. */
static void test_typed_character_narrows(void **state)
{
	(void)state;
	assert_true(ls_filter_narrows("site", "site-"));
	assert_true(ls_filter_narrows("a|b", "a|bc"));
	assert_true(ls_filter_narrows("(aiohttp|anyio).*\\.py", "(aiohttp|anyio).*\\.py:"));
	assert_true(ls_filter_narrows("a\\\\", "a\\\\x"));          /* escaped backslash, then x */
	assert_true(ls_filter_narrows("cache", "cacheP"));               /* turns case-sensitive */
	assert_false(ls_filter_narrows("ab", "ab*"));                   /* quantifier widens */
	assert_false(ls_filter_narrows("ab", "ab|"));                   /* alternation widens */
	assert_false(ls_filter_narrows("ab", "ab?"));
	assert_false(ls_filter_narrows("\\x4", "\\x41"));               /* escape goes on */
	assert_false(ls_filter_narrows("a\\1", "a\\12"));
	assert_false(ls_filter_narrows("\\Qa", "\\Qab"));
	assert_false(ls_filter_narrows("abc", "abd"));
	assert_false(ls_filter_narrows("ab", "abcd"));
	assert_false(ls_filter_narrows(NULL, "a"));
	assert_false(ls_filter_narrows("", "a"));

	/* and on real locations: whenever it says so, nothing new matches */
	static const char *const loc[] = {
		"/srv/app/.venv/lib/python3.12/site-packages/aiohttp/client.py:1042",
		"/srv/app/.venv/lib/python3.12/site-packages/anyio/_backends/_asyncio.py:133",
		"/usr/lib/python3.12/typing.py:1332", "<frozen importlib._bootstrap>:241",
		"/srv/app/routers/chat.py:412", "/srv/app/Cache.py:88", "unknown",
	};
	static const char *const typed[] = {
		"s", "si", "site", "site-", "site-p", "a|b", "a|bc", "(aiohttp|anyio)", "(aiohttp|anyio).",
		"(aiohttp|anyio).*", "(aiohttp|anyio).*\\.", "(aiohttp|anyio).*\\.p", "(aiohttp|anyio).*\\.py",
		"(aiohttp|anyio).*\\.py:", "(aiohttp|anyio).*\\.py:1", "c", "ca", "cac", "cach", "cache", "cacheP",
		"C", "Ca",
	};
	struct ls_filter before, now;
	ls_filter_init(&before);
	ls_filter_init(&now);
	unsigned narrowing = 0;
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++)
		for (size_t j = 0; j < sizeof typed / sizeof typed[0]; j++) {
			if (!ls_filter_narrows(typed[i], typed[j]))
				continue;
			narrowing++;
			assert_int_equal(ls_filter_set(&before, LS_FILTER_INCLUDE, typed[i], NULL, 0, NULL), 0);
			assert_int_equal(ls_filter_set(&now, LS_FILTER_INCLUDE, typed[j], NULL, 0, NULL), 0);
			for (size_t k = 0; k < sizeof loc / sizeof loc[0]; k++)
				if (pass(&now, loc[k]))
					assert_true(pass(&before, loc[k]));
		}
	assert_true(narrowing >= 15);
	ls_filter_done(&before);
	ls_filter_done(&now);
}

/* A second thread matches with its own match data and gets the same answers. */
static void test_match_data_for_threads(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "srv/app", NULL, 0, NULL), 0);
	assert_int_equal(ls_filter_set(&f, LS_FILTER_EXCLUDE, "router", NULL, 0, NULL), 0);
	struct ls_filter_md md;
	assert_int_equal(ls_filter_md_init(&f, &md), 0);
	static const char *const loc[] = {"/srv/app/router.py:412", "/srv/app/cache.py:88", "/usr/lib/json.py:1"};
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(ls_filter_match_md(&f, &md, loc[k], strlen(loc[k])), pass(&f, loc[k]));
	assert_true(ls_filter_match_md(&f, &md, loc[1], strlen(loc[1])));
	ls_filter_md_done(&md);
	ls_filter_done(&f);
}

/* ASCII locations go through a faster byte matcher: the answers must be
 * the ones of the UTF matcher, for ASCII and non-ASCII locations alike. */
static void test_ascii_fast_path_same_answers(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	/* smart case on ASCII text */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "cache\\.py", NULL, 0, NULL), 0);
	assert_true(pass(&f, "/srv/app/CACHE.py:88"));
	assert_false(pass(&f, "/srv/app/cachexpy:88"));
	/* a dot steps over a whole character of non-ASCII text */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "caf.\\.py", NULL, 0, NULL), 0);
	assert_true(pass(&f, "/srv/caf\xc3\xa9.py:1"));
	assert_true(pass(&f, "/srv/cafe.py:1"));
	/* Unicode case pairs still apply to non-ASCII text: K matches KELVIN SIGN */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "kb", NULL, 0, NULL), 0);
	assert_true(pass(&f, "/srv/\xe2\x84\xaa" "b.py:1"));
	assert_true(pass(&f, "/srv/KB.py:1"));
	/* a pattern asking for UTF itself still works */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "(*UTF)router", NULL, 0, NULL), 0);
	assert_true(pass(&f, "/srv/app/router.py:412"));
	assert_false(pass(&f, "/srv/app/db.py:67"));
	ls_filter_done(&f);
}

/* A pattern that backtracks exponentially gives up within the step limit
 * (the screen must not freeze on a keystroke): the name reads as no match,
 * and the give-up is counted so that it can be said. */
static void test_backtracking_gives_up_and_counts(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	char name[80] = "/";
	memset(name + 1, 'a', 58);
	strcpy(name + 59, ".py:1");
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "^/(a|aa)+\\W$", NULL, 0, NULL), 0);
	assert_false(ls_filter_match(&f, name, strlen(name)));
	assert_int_equal(ls_filter_gave_up(&f), 1);
	/* an ordinary pattern: matches, nothing given up; setting resets */
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "py:1$", NULL, 0, NULL), 0);
	assert_true(ls_filter_match(&f, name, strlen(name)));
	assert_int_equal(ls_filter_gave_up(&f), 0);
	ls_filter_done(&f);
}

/* A deadline bounds how long matching every site may take (a pattern that
 * backtracks on 90,000 sites froze the explorer for minutes): until it,
 * answers as usual; past it, "no match" at once and timed_out says the
 * answers are not the pattern's; no deadline (0) or a new one resets it. */
static void test_deadline_stops_matching(void **state)
{
	(void)state;
	struct ls_filter f;
	ls_filter_init(&f);
	assert_int_equal(ls_filter_set(&f, LS_FILTER_INCLUDE, "chat", NULL, 0, NULL), 0);
	ls_filter_set_deadline(&f, ls_now() + 3600);
	assert_true(pass(&f, "/srv/chat.py:1"));
	assert_false(ls_filter_timed_out(&f));
	ls_filter_set_deadline(&f, ls_now() - 1);
	/* (the clock is read on the first match after a new deadline) */
	assert_false(pass(&f, "/srv/chat.py:1"));
	assert_true(ls_filter_timed_out(&f));
	for (int i = 0; i < 100; i++)
		assert_false(pass(&f, "/srv/chat.py:1"));
	ls_filter_set_deadline(&f, 0);
	assert_false(ls_filter_timed_out(&f));
	assert_true(pass(&f, "/srv/chat.py:1"));
	assert_false(pass(&f, "/srv/users.py:1"));
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
		cmocka_unit_test(test_typed_character_narrows),
		cmocka_unit_test(test_match_data_for_threads),
		cmocka_unit_test(test_ascii_fast_path_same_answers),
		cmocka_unit_test(test_backtracking_gives_up_and_counts),
		cmocka_unit_test(test_deadline_stops_matching),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
