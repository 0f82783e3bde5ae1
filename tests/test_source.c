/* test_source.c — the source listing of the site detail view: which lines a
 * user sees around PATH:LINE, and the message when there is nothing to show. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "source.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/ls-test-source-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write `body` to dir/name; returns the path (static). */
static const char *put(const char *name, const char *body, size_t len)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(body, 1, len, f), len);
	fclose(f);
	return path;
}

/* A file whose line i reads "line i". */
static const char *numbered(const char *name, int n)
{
	static char body[8192];
	size_t len = 0;
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(body + len, sizeof body - len, "line %d\n", i);
	return put(name, body, len);
}

static const char *loc(const char *path, unsigned line)
{
	static char buf[300];
	snprintf(buf, sizeof buf, "%s:%u", path, line);
	return buf;
}

/* Lines returned as "no:text" joined by '|', the hit marked with '>'. */
static const char *listing(const struct ls_source *s)
{
	static char out[4096];
	size_t len = 0;
	out[0] = '\0';
	for (uint32_t i = 0; i < s->n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s%u:%s", i ? "|" : "",
			s->lines[i].hit ? ">" : "", s->lines[i].no, s->lines[i].text);
	return out;
}

static void test_split(void **state)
{
	(void)state;
	char *p;
	uint32_t l;
	assert_true(ls_source_split("/srv/app/router.py:412", &p, &l));
	assert_string_equal(p, "/srv/app/router.py");
	assert_int_equal(l, 412);
	free(p);
	assert_true(ls_source_split("/a:b/c.py:7", &p, &l));   /* the LAST ':' */
	assert_string_equal(p, "/a:b/c.py");
	free(p);
	assert_true(ls_source_split("a.py:1:2", &p, &l));
	assert_string_equal(p, "a.py:1");
	assert_int_equal(l, 2);
	free(p);
	assert_true(ls_source_split("C:\\app\\x.py:12", &p, &l));
	assert_string_equal(p, "C:\\app\\x.py");
	free(p);
	assert_true(ls_source_split("<frozen importlib._bootstrap>:241", &p, &l));
	assert_string_equal(p, "<frozen importlib._bootstrap>");
	free(p);
	const char *bad[] = { "unknown", "x.py:", "x.py:0", ":12", "x.py:12a", "x.py:99999999999",
		"x.py: 12", "" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_false(ls_source_split(bad[i], &p, &l));
		assert_null(p);
	}
}

static void test_window_in_the_middle(void **state)
{
	(void)state;
	const char *f = numbered("mid.py", 20);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 10), 5, 0), 0);
	assert_int_equal(s.status, LS_SOURCE_OK);
	assert_string_equal(s.message, "");
	assert_string_equal(listing(&s), "8:line 8|9:line 9|>10:line 10|11:line 11|12:line 12");
	/* even count: one more line after than before */
	assert_int_equal(ls_source_read(&s, loc(f, 10), 4, 0), 0);
	assert_string_equal(listing(&s), "9:line 9|>10:line 10|11:line 11|12:line 12");
	ls_source_done(&s);
}

/* Near either end the window slides so the user still gets `want` lines. */
static void test_window_at_the_edges(void **state)
{
	(void)state;
	const char *f = numbered("edge.py", 20);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 1), 5, 0), 0);
	assert_string_equal(listing(&s), ">1:line 1|2:line 2|3:line 3|4:line 4|5:line 5");
	assert_int_equal(ls_source_read(&s, loc(f, 20), 5, 0), 0);
	assert_string_equal(listing(&s), "16:line 16|17:line 17|18:line 18|19:line 19|>20:line 20");
	assert_int_equal(ls_source_read(&s, loc(f, 19), 5, 0), 0);
	assert_string_equal(listing(&s), "16:line 16|17:line 17|18:line 18|>19:line 19|20:line 20");
	f = numbered("short.py", 3);
	assert_int_equal(ls_source_read(&s, loc(f, 2), 7, 0), 0);
	assert_string_equal(listing(&s), "1:line 1|>2:line 2|3:line 3");
	ls_source_done(&s);
}

static void test_beyond_eof(void **state)
{
	(void)state;
	const char *f = numbered("eof.py", 20);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 25), 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_BEYOND_EOF);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.file_lines, 20);
	assert_non_null(strstr(s.message, "eof.py has 20 lines; line 25 is beyond the end"));
	/* the last line needs no newline to count */
	f = put("nonl.py", "a\nb", 3);
	assert_int_equal(ls_source_read(&s, loc(f, 2), 3, 0), 0);
	assert_string_equal(listing(&s), "1:a|>2:b");
	/* nor when it is far above the line asked for (outside the window
	 * kept): "a\nb\nc" has 3 lines, not 2 */
	f = put("nonl_far.py", "a\nb\nc", 5);
	assert_int_equal(ls_source_read(&s, loc(f, 412), 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_BEYOND_EOF);
	assert_int_equal(s.file_lines, 3);
	assert_non_null(strstr(s.message, "nonl_far.py has 3 lines; line 412 is beyond the end"));
	f = put("empty.py", "", 0);
	assert_int_equal(ls_source_read(&s, loc(f, 1), 3, 0), -1);
	assert_non_null(strstr(s.message, "empty.py has 0 lines; line 1 is beyond"));
	ls_source_done(&s);
}

static void test_missing_and_special_files(void **state)
{
	(void)state;
	struct ls_source s;
	ls_source_init(&s);
	char path[256];
	snprintf(path, sizeof path, "%s/nope/router.py", dir);
	assert_int_equal(ls_source_read(&s, loc(path, 3), 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_NOT_FOUND);
	assert_non_null(strstr(s.message, "nope/router.py: not found on this machine"));
	assert_string_equal(s.path, path);
	assert_int_equal(s.line, 3);

	assert_int_equal(ls_source_read(&s, loc(dir, 3), 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_NOT_REGULAR);
	assert_non_null(strstr(s.message, ": not a regular file"));
	assert_int_equal(ls_source_read(&s, "/dev/null:1", 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_NOT_REGULAR);
	/* a FIFO must be refused at once, not block the UI waiting for a writer */
	snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(ls_source_read(&s, loc(path, 1), 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_NOT_REGULAR);

	assert_int_equal(ls_source_read(&s, "unknown", 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_NO_LOCATION);
	assert_string_equal(s.message, "unknown: not a PATH:LINE location");
	assert_null(s.path);
	/* names from profiles are untrusted: the message is sanitized too */
	assert_int_equal(ls_source_read(&s, "/no/such\x1b[2J.py:4", 5, 0), -1);
	assert_non_null(strstr(s.message, "/no/such\\x1b[2J.py: not found"));
	ls_source_done(&s);
}

static void test_unreadable(void **state)
{
	(void)state;
	if (geteuid() == 0)
		skip();   /* root reads mode-000 files */
	const char *f = numbered("secret.py", 3);
	assert_int_equal(chmod(f, 0), 0);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 1), 5, 0), -1);
	assert_int_equal(s.status, LS_SOURCE_UNREADABLE);
	assert_non_null(strstr(s.message, "secret.py: cannot open: Permission denied"));
	ls_source_done(&s);
}

/* Nothing from the file reaches the terminal raw: tabs become spaces at
 * 8-column stops, escapes and bad UTF-8 are shown escaped, CRLF is stripped,
 * valid UTF-8 stays. */
static void test_sanitized_lines(void **state)
{
	(void)state;
	const char body[] = "\tx = 1\r\n"
		"ab\tc\n"
		"\x1b[31mred\x07\n"
		"caf\xc3\xa9 \xff \xc2\x9b\n";
	const char *f = put("dirty.py", body, sizeof body - 1);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 2), 4, 0), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.lines[0].text, "        x = 1");
	assert_string_equal(s.lines[1].text, "ab      c");
	assert_string_equal(s.lines[2].text, "\\x1b[31mred\\x07");
	assert_string_equal(s.lines[3].text, "caf\xc3\xa9 \\xff \\u009b");
	assert_true(s.lines[1].hit);
	ls_source_done(&s);
}

/* A tab after wide characters stops at a multiple of 8 screen columns, not
 * of 8 characters: "中文" takes four columns. */
static void test_tabs_after_wide_characters(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "en_US.UTF-8"))
		skip();
	const char body[] = "\xe4\xb8\xad\xe6\x96\x87\tx\n"
		"e\xcc\x81\ty\n";
	const char *f = put("wide.py", body, sizeof body - 1);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 1), 2, 0), 0);
	assert_int_equal(s.n, 2);
	/* 4 columns + 4 spaces; a combining accent takes none: 1 + 7 */
	assert_string_equal(s.lines[0].text, "\xe4\xb8\xad\xe6\x96\x87    x");
	assert_string_equal(s.lines[1].text, "e\xcc\x81       y");
	ls_source_done(&s);
	setlocale(LC_CTYPE, "C");
}

/* ... and of columns as the terminal draws them: an emoji with VS16 takes
 * two, a ZWJ sequence as many as its emoji side by side (the screen never
 * sends the ZWJ). */
static void test_tabs_after_emoji(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "en_US.UTF-8"))
		skip();
	const char body[] = "\xe2\x98\x81\xef\xb8\x8f\tx\n"
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\tx\n";
	const char *f = put("emoji.py", body, sizeof body - 1);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 1), 2, 0), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.lines[0].text, "\xe2\x98\x81\xef\xb8\x8f      x");
	assert_string_equal(s.lines[1].text, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9    x");
	ls_source_done(&s);
	setlocale(LC_CTYPE, "C");
}

/* A minified 100 KB line is cut to the column limit; the read stays bounded. */
static void test_long_lines_and_budget(void **state)
{
	(void)state;
	size_t n = 100000;
	char *body = malloc(n + 16);
	memset(body, 'a', n);
	memcpy(body + n, "\nnext\n", 7);
	const char *f = put("min.js", body, n + 6);
	free(body);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read(&s, loc(f, 1), 2, 0), 0);
	assert_int_equal(strlen(s.lines[0].text), LS_SOURCE_MAX_COLS + 3);
	assert_string_equal(s.lines[0].text + LS_SOURCE_MAX_COLS, "...");
	assert_string_equal(s.lines[1].text, "next");
	/* line 2 lies past a 1000-byte budget */
	assert_int_equal(ls_source_read(&s, loc(f, 2), 2, 1000), -1);
	assert_int_equal(s.status, LS_SOURCE_TOO_LONG);
	assert_non_null(strstr(s.message, "line 2 is past the first 1000 bytes"));
	/* a deep line of a big file: one pass, only the window kept */
	static char big[400000];
	size_t len = 0;
	for (int i = 1; i <= 30000; i++)
		len += (size_t)snprintf(big + len, sizeof big - len, "l%d\n", i);
	f = put("big.py", big, len);
	assert_int_equal(ls_source_read(&s, loc(f, 29999), 3, 0), 0);
	assert_string_equal(listing(&s), "29998:l29998|>29999:l29999|30000:l30000");
	ls_source_done(&s);
}

/* A profile names server paths; LEAKSCOPE_SOURCE_PATH points at a checkout
 * and the longest suffix of PATH that exists under a root is shown. */
static void test_search_path(void **state)
{
	(void)state;
	char root[256], other[256], cmd[1024];
	snprintf(root, sizeof root, "%s/checkout", dir);
	snprintf(other, sizeof other, "%s/other", dir);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/app/routers' '%s/routers' '%s'", root, root, other);
	assert_int_equal(system(cmd), 0);
	put("checkout/app/routers/chat.py", "a\nb\nc\n", 6);
	put("checkout/routers/chat.py", "wrong\n", 6);   /* a shorter suffix: not preferred */
	put("other/users.py", "u1\nu2\n", 6);
	char search[1024];
	snprintf(search, sizeof search, "%s/missing:%s:%s", dir, root, other);
	struct ls_source s;
	ls_source_init(&s);
	assert_int_equal(ls_source_read_in(&s, "/srv/app/routers/chat.py:2", 3, 0, search), 0);
	assert_string_equal(listing(&s), "1:a|>2:b|3:c");
	char want[512];
	snprintf(want, sizeof want, "%s/app/routers/chat.py", root);
	assert_string_equal(s.path, want);   /* the file actually shown */
	/* across roots too: a bare chat.py in an earlier root loses to the
	 * longer suffix in a later one */
	char rev[1024];
	snprintf(rev, sizeof rev, "%s:%s", other, root);
	put("other/chat.py", "stray\n", 6);
	assert_int_equal(ls_source_read_in(&s, "/srv/app/routers/chat.py:2", 3, 0, rev), 0);
	assert_string_equal(s.path, want);
	/* down to the bare file name, in a later root */
	assert_int_equal(ls_source_read_in(&s, "/opt/svc/lib/users.py:2", 3, 0, search), 0);
	assert_string_equal(listing(&s), "1:u1|>2:u2");
	/* nowhere: says where it looked */
	assert_int_equal(ls_source_read_in(&s, "/srv/app/nothere.py:1", 3, 0, search), -1);
	assert_int_equal(s.status, LS_SOURCE_NOT_FOUND);
	assert_string_equal(s.message, "/srv/app/nothere.py: not found on this machine, nor under LEAKSCOPE_SOURCE_PATH");
	assert_string_equal(s.path, "/srv/app/nothere.py");
	/* without a search path: a hint */
	assert_int_equal(ls_source_read_in(&s, "/srv/app/nothere.py:1", 3, 0, NULL), -1);
	assert_non_null(strstr(s.message, "not found on this machine (LEAKSCOPE_SOURCE_PATH=DIR"));
	/* ls_source_read takes the roots from the environment */
	setenv("LEAKSCOPE_SOURCE_PATH", root, 1);
	assert_int_equal(ls_source_read(&s, "/srv/app/routers/chat.py:3", 1, 0), 0);
	assert_string_equal(listing(&s), ">3:c");
	unsetenv("LEAKSCOPE_SOURCE_PATH");
	/* the interpreter's own pseudo files are not looked for */
	assert_int_equal(ls_source_read_in(&s, "<frozen importlib._bootstrap>:241", 3, 0, search), -1);
	assert_string_equal(s.message, "<frozen importlib._bootstrap>: code made by the interpreter, no source file");
	ls_source_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_window_in_the_middle),
		cmocka_unit_test(test_window_at_the_edges),
		cmocka_unit_test(test_beyond_eof),
		cmocka_unit_test(test_missing_and_special_files),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_sanitized_lines),
		cmocka_unit_test(test_tabs_after_wide_characters),
		cmocka_unit_test(test_tabs_after_emoji),
		cmocka_unit_test(test_long_lines_and_budget),
		cmocka_unit_test(test_search_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
