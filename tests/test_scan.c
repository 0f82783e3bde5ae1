/* test_scan.c — the element scanner: boundaries must not depend on where the
 * window ends, and strings (escaped quotes, brackets, backslashes) must never
 * be mistaken for structure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "scan.h"

struct span {
	size_t a, b;
};

/* Scan `text` fed in chunks of `chunk` bytes, keeping only what the scanner
 * asks to keep, and saying where the input ends once it is all in (like the
 * loader does). Returns the final result. */
static enum ls_scan_result scan_chunked_state(const char *text, size_t chunk, struct span *out, size_t *nout,
	struct ls_scan *sp)
{
	size_t n = strlen(text), fed = 0, len = 0, base = 0;
	char *win = malloc(n + 1);
	struct ls_scan s;
	ls_scan_init(&s);
	enum ls_scan_result res = LS_SCAN_MORE;
	*nout = 0;
	while (fed < n) {
		size_t k = n - fed < chunk ? n - fed : chunk;
		memcpy(win + len, text + fed, k);
		len += k;
		fed += k;
		if (fed == n)
			ls_scan_input_end(&s, len);
		size_t a, b;
		while ((res = ls_scan_next(&s, win, len, &a, &b)) == LS_SCAN_ELEM)
			out[(*nout)++] = (struct span){base + a, base + b};
		if (res == LS_SCAN_END || res == LS_SCAN_NOT_ARRAY)
			break;
		size_t drop = ls_scan_keep_from(&s);
		memmove(win, win + drop, len - drop);
		len -= drop;
		base += drop;
		ls_scan_shift(&s, drop);
	}
	free(win);
	if (sp)
		*sp = s;
	return res;
}

static enum ls_scan_result scan_chunked(const char *text, size_t chunk, struct span *out, size_t *nout)
{
	return scan_chunked_state(text, chunk, out, nout, NULL);
}

static void expect_elements(const char *text, enum ls_scan_result want, const char *const *elems, size_t n)
{
	for (size_t chunk = 1; chunk <= strlen(text) + 1; chunk++) {
		struct span sp[32];
		size_t got;
		enum ls_scan_result res = scan_chunked(text, chunk, sp, &got);
		assert_int_equal(res, want);
		assert_int_equal(got, n);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(sp[i].b - sp[i].a, strlen(elems[i]));
			assert_memory_equal(text + sp[i].a, elems[i], strlen(elems[i]));
		}
	}
}

static void test_objects_and_strings(void **state)
{
	(void)state;
	const char *text =
		" [ {\"a\":\"x\\\"]}\"} ,\n{\"b\":[1,{\"c\":\"\\\\\"}],\"d\":\"[{\"}, {\"e\":\"\\\\\\\"}\"} ]";
	const char *const e[] = {
		"{\"a\":\"x\\\"]}\"}",
		"{\"b\":[1,{\"c\":\"\\\\\"}],\"d\":\"[{\"}",
		"{\"e\":\"\\\\\\\"}\"}",
	};
	expect_elements(text, LS_SCAN_END, e, 3);
}

static void test_scalars_and_arrays(void **state)
{
	(void)state;
	const char *text = "[12,\"s]\\\",t\", [1,[2]],null ,true,-1.5e3]";
	const char *const e[] = {"12", "\"s]\\\",t\"", "[1,[2]]", "null", "true", "-1.5e3"};
	expect_elements(text, LS_SCAN_END, e, 6);
}

static void test_not_array(void **state)
{
	(void)state;
	expect_elements("  {\"a\":1}", LS_SCAN_NOT_ARRAY, NULL, 0);
	expect_elements("\xef\xbb\xbf[{}]", LS_SCAN_END, (const char *const[]){"{}"}, 1);
}

static void test_truncated(void **state)
{
	(void)state;
	/* a partial element is never reported */
	expect_elements("[{\"a\":1},{\"b\":\"}", LS_SCAN_MORE, (const char *const[]){"{\"a\":1}"}, 1);
	expect_elements("[{\"a\":1}", LS_SCAN_MORE, (const char *const[]){"{\"a\":1}"}, 1);
	struct ls_scan s;
	ls_scan_init(&s);
	size_t a, b;
	assert_int_equal(ls_scan_next(&s, "[{\"a\":\"\\", 8, &a, &b), LS_SCAN_MORE);
	assert_int_equal(s.state, LS_SCAN_ELEMENT);
	assert_int_equal(ls_scan_keep_from(&s), 1);
}

static void test_separators(void **state)
{
	(void)state;
	struct ls_scan s;
	ls_scan_init(&s);
	const char *t = "[1 2,,3,]";
	size_t a, b, n = strlen(t);
	static const bool want[] = {false, true, true};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ls_scan_next(&s, t, n, &a, &b), LS_SCAN_ELEM);
		assert_int_equal(s.bad_sep, want[i]);
	}
	assert_int_equal(ls_scan_next(&s, t, n, &a, &b), LS_SCAN_END);
	assert_true(s.bad_sep); /* the trailing comma */
	assert_int_equal(ls_scan_next(&s, t, n, &a, &b), LS_SCAN_END);
	assert_false(s.bad_sep); /* once */
	ls_scan_init(&s);
	assert_int_equal(ls_scan_next(&s, "[1,2]", 5, &a, &b), LS_SCAN_ELEM);
	assert_false(s.bad_sep);
	assert_int_equal(ls_scan_next(&s, "[1,2]", 5, &a, &b), LS_SCAN_ELEM);
	assert_false(s.bad_sep);
	assert_int_equal(ls_scan_next(&s, "[1,2]", 5, &a, &b), LS_SCAN_END);
	assert_false(s.bad_sep);
}

/* A '}' between elements (one too many after the last record) starts no
 * element: it is counted, with its offset in the whole text, wherever the
 * windows end. */
static void test_stray_braces(void **state)
{
	(void)state;
	const char *text = "[{\"a\":{}}}, {\"b\":\"}\"}\n}}]";
	const char *const e[] = {"{\"a\":{}}", "{\"b\":\"}\"}"};
	expect_elements(text, LS_SCAN_END, e, 2);
	for (size_t chunk = 1; chunk <= strlen(text) + 1; chunk++) {
		struct span sp[8];
		size_t got;
		struct ls_scan s;
		assert_int_equal(scan_chunked_state(text, chunk, sp, &got, &s), LS_SCAN_END);
		assert_int_equal(s.strays, 3);
		assert_int_equal(s.first_stray, 9);
		assert_false(s.bad_sep);
	}
}

/* A '}' that a key follows ends no element (no element starts with a key):
 * it is a stray one inside a record, and the record goes on to its own
 * '}'; so does an object that a ']' takes to depth 0 when a '}' follows.
 * Wherever the windows end, and a '}' at the end of the input ends its
 * element whatever came before. */
static void test_stray_close_inside_element(void **state)
{
	(void)state;
	const char *text = "[{\"a\":1},\"b\":2} ,{\"c\":{\"d\":1} \n}\t, \"e\\\"\" :[]},"
		"{\"f\":[{\"g\":1},\"h\":2]},{\"i\":[]] }, \"j\",{\"k\":1}]";
	const char *const e[] = {"{\"a\":1},\"b\":2}", "{\"c\":{\"d\":1} \n}\t, \"e\\\"\" :[]}",
		"{\"f\":[{\"g\":1},\"h\":2]}", "{\"i\":[]] }", "\"j\"", "{\"k\":1}"};
	expect_elements(text, LS_SCAN_END, e, 6);
	/* no key after it: a string between elements, an object's own end */
	const char *const e2[] = {"{\"a\":1}", "\"b\"", "{\"c\":1}"};
	expect_elements("[{\"a\":1},\"b\",{\"c\":1}]", LS_SCAN_END, e2, 3);
	expect_elements("[{\"a\":1},\"b\"", LS_SCAN_MORE, e2, 2);
	expect_elements("[{\"a\":1},\"b", LS_SCAN_MORE, e2, 1);
	expect_elements("[{\"a\":1} ,", LS_SCAN_MORE, e2, 1);
}

/* Scan `text` in chunks of `chunk` bytes to its end, looking again where a
 * comment hid the rest of it (as the loader does, from a fresh window at
 * that offset). Returns the final result; *looks counts the second looks. */
static enum ls_scan_result scan_looking_again(const char *text, size_t chunk, struct span *out, size_t *nout,
	struct ls_scan *s, int *looks)
{
	size_t n = strlen(text);
	char *win = malloc(n + 1);
	enum ls_scan_result res;
	ls_scan_init(s);
	*nout = 0;
	*looks = 0;
	size_t fed = 0, len = 0, base = 0;
	for (;;) {
		res = LS_SCAN_MORE;
		while (fed < n) {
			size_t k = n - fed < chunk ? n - fed : chunk;
			memcpy(win + len, text + fed, k);
			len += k;
			fed += k;
			if (fed == n)
				ls_scan_input_end(s, len);
			size_t a, b;
			while ((res = ls_scan_next(s, win, len, &a, &b)) == LS_SCAN_ELEM)
				out[(*nout)++] = (struct span){base + a, base + b};
			if (res == LS_SCAN_END || res == LS_SCAN_NOT_ARRAY)
				break;
			size_t drop = ls_scan_keep_from(s);
			memmove(win, win + drop, len - drop);
			len -= drop;
			base += drop;
			ls_scan_shift(s, drop);
		}
		uint64_t from;
		if (res != LS_SCAN_MORE || !ls_scan_hidden_end(s, &from) || from == UINT64_MAX)
			break;
		(*looks)++;
		ls_scan_reread(s, 0, from);
		fed = base = (size_t)from;
		len = 0;
	}
	free(win);
	return res;
}

/* A block comment never closed, or a line comment on the last line of a
 * file written on one line, would hide every record after it and the
 * array's ']': the scanner says where to read on, wherever the windows
 * end, and every comment of that kind after it ends before a '{' or ']'. */
static void test_comment_hides_the_end(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int looks;           /* second looks */
		size_t elems;
		enum ls_scan_result res;
		uint64_t comments, unclosed;
		const char *first;   /* the first comment that hid the end, or NULL */
		const char *from;    /* where reading went on after it */
	} cases[] = {
		{"[{\"a\":1},/* x {\"b\":2},{\"c\":3}]", 1, 3, LS_SCAN_END, 0, 1, "/* x", "{\"b\""},
		{"[{\"a\":1},// x {\"b\":2},{\"c\":3}]", 1, 3, LS_SCAN_END, 0, 1, "// x", "{\"b\""},
		{"[{\"a\":1},// x {\"b\":2},{\"c\":3}]\n ", 1, 3, LS_SCAN_END, 0, 1, "// x", "{\"b\""},
		/* no end after the first, none after the second: it ends
		 * before the next record too */
		{"[{\"a\":1},/* x {\"b\":2},/* y {\"c\":3}]", 1, 3, LS_SCAN_END, 0, 2, "/* x", "{\"b\""},
		/* one of each kind: two looks */
		{"[{\"a\":1},/* x {\"b\":2},// y {\"c\":3}]\n", 2, 3, LS_SCAN_END, 0, 2, "/* x", "{\"b\""},
		/* nothing after it but the array's end */
		{"[{\"a\":1} /* x ]", 1, 1, LS_SCAN_END, 0, 1, "/* x", "]"},
		/* nothing after it at all: the input ends inside it */
		{"[{\"a\":1},/* x", 0, 1, LS_SCAN_MORE, 0, 1, "/* x", NULL},
		/* comments that end, before the end or at a last line that
		 * hides nothing (a file cut after it) */
		{"[{\"a\":1},/* x {\"b\":2} */{\"c\":3}]", 0, 2, LS_SCAN_END, 1, 0, NULL, NULL},
		{"[{\"a\":1},// x {\"b\":2}\n{\"c\":3}]", 0, 2, LS_SCAN_END, 1, 0, NULL, NULL},
		{"[{\"a\":1},// x\n", 0, 1, LS_SCAN_MORE, 1, 0, NULL, NULL},
		{"[{\"a\":1},// x", 0, 1, LS_SCAN_MORE, 1, 0, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *t = cases[i].text;
		for (size_t chunk = 1; chunk <= strlen(t) + 1; chunk++) {
			struct span sp[8];
			size_t got;
			struct ls_scan s;
			int looks;
			assert_int_equal(scan_looking_again(t, chunk, sp, &got, &s, &looks), cases[i].res);
			assert_int_equal(looks, cases[i].looks);
			assert_int_equal(got, cases[i].elems);
			assert_memory_equal(t + sp[0].a, "{\"a\":1}", 7);
			if (got > 1) {
				assert_int_equal(t[sp[1].a], '{');
				assert_int_equal(t[sp[got - 1].b - 1], '}');
			}
			assert_int_equal(s.comments, cases[i].comments);
			assert_int_equal(s.unclosed, cases[i].unclosed);
			if (cases[i].first) {
				assert_int_equal(s.first_unclosed, strstr(t, cases[i].first) - t);
				assert_int_equal(s.unclosed_from, cases[i].from ? (uint64_t)(strstr(t, cases[i].from) - t)
										: UINT64_MAX);
			}
		}
	}
}

/* A key right after the '[': the first record lost its '{' (the loader
 * reads the ones after it so). The element starts at the byte before the
 * key (where the loader puts a '{') and ends at the '}' that closes the
 * record, wherever the windows end; a string with no ':' after it stays a
 * string. Before, each field was an element, and "m"'s object one more. */
static void test_first_opener_lost(void **state)
{
	(void)state;
	expect_elements("[\"request_id\":1,\"m\":{\"a\":1}},{\"b\":2}]", LS_SCAN_END,
		(const char *const[]){"[\"request_id\":1,\"m\":{\"a\":1}}", "{\"b\":2}"}, 2);
	expect_elements("[\n  \"request_id\" : \"}\",\"m\":[{}]\n},{\"b\":2}]", LS_SCAN_END,
		(const char *const[]){" \"request_id\" : \"}\",\"m\":[{}]\n}", "{\"b\":2}"}, 2);
	/* the '{' lost on every record: one element (record.c reads it) */
	expect_elements("[\"a\":1},\"a\":2}]", LS_SCAN_END, (const char *const[]){"[\"a\":1},\"a\":2}"}, 1);
	expect_elements("[\"request_id\" ,{\"b\":2}]", LS_SCAN_END,
		(const char *const[]){"\"request_id\"", "{\"b\":2}"}, 2);
	/* (the input ends before what follows it tells: a string) */
	expect_elements("[\"request_id\"", LS_SCAN_MORE, (const char *const[]){"\"request_id\""}, 1);
}

/* The array's '[' and the first record's '{' both lost: the file starts
 * with the record's first key. The element starts at the byte before the
 * key, as after a '[' (or at the key, when it is the file's first byte:
 * the loader puts the '{' before it), wherever the windows end; one note
 * says both. Any other start is still no array. */
static void test_bracket_and_opener_lost(void **state)
{
	(void)state;
	expect_elements("\"request_id\":1,\"m\":{\"a\":1}},{\"b\":2}]", LS_SCAN_END,
		(const char *const[]){"\"request_id\":1,\"m\":{\"a\":1}}", "{\"b\":2}"}, 2);
	expect_elements("\n  \n    \"request_id\" : \"}\",\"m\":[{}]\n},{\"b\":2}]", LS_SCAN_END,
		(const char *const[]){" \"request_id\" : \"}\",\"m\":[{}]\n}", "{\"b\":2}"}, 2);
	expect_elements("\xef\xbb\xbf\"request_id\":1}", LS_SCAN_MORE,
		(const char *const[]){"\xbf\"request_id\":1}"}, 1);
	struct span sp[4];
	size_t got;
	struct ls_scan s;
	for (size_t chunk = 1; chunk < 20; chunk++) {
		assert_int_equal(scan_chunked_state(" \"request_id\":1}]", chunk, sp, &got, &s), LS_SCAN_END);
		assert_true(s.bracket_lost);
		assert_int_equal(scan_chunked("\"request_id\" ,{\"b\":2}]", chunk, sp, &got), LS_SCAN_NOT_ARRAY);
		assert_int_equal(scan_chunked("\"request_i\":1}]", chunk, sp, &got), LS_SCAN_NOT_ARRAY);
		assert_int_equal(scan_chunked("\"memory\":{},{\"request_id\":1}]", chunk, sp, &got), LS_SCAN_NOT_ARRAY);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects_and_strings),
		cmocka_unit_test(test_scalars_and_arrays),
		cmocka_unit_test(test_not_array),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_stray_braces),
		cmocka_unit_test(test_stray_close_inside_element),
		cmocka_unit_test(test_comment_hides_the_end),
		cmocka_unit_test(test_first_opener_lost),
		cmocka_unit_test(test_bracket_and_opener_lost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
