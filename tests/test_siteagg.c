/* test_siteagg.c — the numbers of every site table (Sites screen, endpoint
 * detail): per site total, max, min, samples, first -> last growth over one
 * endpoint's records in request order, or over the whole process in merged
 * timeline order. A site missing from a record is not a zero sample. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "model.h"
#include "siteagg.h"
#include "vutil.h"

struct rec {
	int64_t req;
	const char *site[2];
	double mb[2];
};

static void add_endpoint(struct ls_process *p, const char *name, const struct rec *r, size_t n)
{
	struct ls_endpoint ep;
	struct ls_intern sites, strings;
	ls_endpoint_init(&ep);
	ls_intern_init(&sites);
	ls_intern_init(&strings);
	ep.name = strdup(name);
	ep.file = strdup(name);
	for (size_t i = 0; i < n; i++) {
		uint32_t row = ls_endpoint_add_row(&ep);
		ep.req_no[row] = r[i].req;
		ep.current_mb[row] = 100 + (double)i;
		ep.flags[row] = LS_REQ_HAS_ID | LS_REQ_HAS_MEM | LS_REQ_DETAILED | LS_REQ_HAS_CONSUMERS;
		for (int k = 0; k < 2 && r[i].site[k]; k++)
			ls_endpoint_add_consumer(&ep, ls_intern_add(&sites, r[i].site[k], strlen(r[i].site[k])), r[i].mb[k], 1);
	}
	ls_process_adopt(p, &ep, &sites, &strings);
	ls_intern_done(&sites);
	ls_intern_done(&strings);
	ls_endpoint_done(&ep);
}

static const struct ui_site_row *find(const struct ui_siteagg *g, const struct ls_process *p, const char *loc)
{
	uint32_t id = ls_intern_find(&p->sites, loc, strlen(loc));
	for (uint32_t i = 0; i < g->n; i++)
		if (g->v[i].site == id)
			return &g->v[i];
	return NULL;
}

static struct ls_process P;

static int setup(void **state)
{
	(void)state;
	ls_process_init(&P, "proc");
	/* /a serves requests 1, 3, 5; /b serves 2, 4. x.py:1 is missing from
	 * request 5's top consumers (it dropped out of the top K there). */
	const struct rec a[] = {
		{1, {"x.py:1", NULL}, {1.0, 0}},
		{3, {"x.py:1", NULL}, {2.0, 0}},
		{5, {"y.py:2", NULL}, {0.5, 0}},
	};
	const struct rec b[] = {
		{2, {"x.py:1", "y.py:2"}, {1.5, 0.25}},
		{4, {"x.py:1", NULL}, {3.0, 0}},
	};
	add_endpoint(&P, "/a", a, 3);
	add_endpoint(&P, "/b", b, 2);
	ls_process_index(&P);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ls_process_done(&P);
	return 0;
}

static void test_one_endpoint(void **state)
{
	(void)state;
	struct ui_siteagg g;
	ui_siteagg_build(&g, &P, 0, true);
	assert_int_equal(g.n, 2);
	/* rows in order of first appearance */
	assert_int_equal(g.v[0].site, ls_intern_find(&P.sites, "x.py:1", 6));
	const struct ui_site_row *x = find(&g, &P, "x.py:1");
	assert_non_null(x);
	assert_int_equal(x->samples, 2); /* the missing request 5 is not a zero */
	assert_float_equal(x->total, 3.0, 1e-12);
	assert_float_equal(x->max, 2.0, 1e-12);
	assert_float_equal(x->min, 1.0, 1e-12);
	assert_float_equal(x->first, 1.0, 1e-12);
	assert_float_equal(x->last, 2.0, 1e-12);
	assert_float_equal(x->growth, 1.0, 1e-12);
	assert_float_equal(x->growth_pct, 100.0, 1e-9);
	assert_int_equal(x->first_req, 1);
	assert_int_equal(x->last_req, 3);
	const struct ui_site_row *y = find(&g, &P, "y.py:2");
	assert_non_null(y);
	assert_int_equal(y->samples, 1);
	assert_float_equal(y->growth, 0.0, 1e-12);
	ui_siteagg_done(&g);
}

static void test_whole_process_in_timeline_order(void **state)
{
	(void)state;
	struct ui_siteagg g;
	ui_siteagg_build(&g, &P, UINT32_MAX, true);
	assert_int_equal(g.n, 2);
	const struct ui_site_row *x = find(&g, &P, "x.py:1");
	/* requests 1 (a), 2 (b), 3 (a), 4 (b): first is request 1, last request 4 */
	assert_int_equal(x->samples, 4);
	assert_float_equal(x->total, 7.5, 1e-12);
	assert_float_equal(x->first, 1.0, 1e-12);
	assert_float_equal(x->last, 3.0, 1e-12);
	assert_float_equal(x->growth, 2.0, 1e-12);
	assert_float_equal(x->growth_pct, 200.0, 1e-9);
	assert_int_equal(x->first_req, 1);
	assert_int_equal(x->last_req, 4);
	/* y.py:2 first seen in /b's request 2, last in /a's request 5 */
	const struct ui_site_row *y = find(&g, &P, "y.py:2");
	assert_int_equal(y->samples, 2);
	assert_float_equal(y->first, 0.25, 1e-12);
	assert_float_equal(y->last, 0.5, 1e-12);
	assert_int_equal(y->first_req, 2);
	assert_int_equal(y->last_req, 5);
	/* the mini trend is an ASCII sparkline here, one cell per sample at most */
	assert_true(strlen(x->trend) >= 1 && strlen(x->trend) <= UI_TREND_W);
	for (const char *c = x->trend; *c; c++)
		assert_true((unsigned char)*c < 0x80);
	ui_siteagg_done(&g);
}

static void test_endpoint_without_consumers(void **state)
{
	(void)state;
	struct ls_process q;
	ls_process_init(&q, "q");
	const struct rec r[] = {{1, {NULL, NULL}, {0, 0}}, {2, {NULL, NULL}, {0, 0}}};
	add_endpoint(&q, "/light", r, 2);
	ls_process_index(&q);
	struct ui_siteagg g;
	ui_siteagg_build(&g, &q, 0, false);
	assert_int_equal(g.n, 0);
	ui_siteagg_done(&g);
	ui_siteagg_build(&g, &q, UINT32_MAX, false);
	assert_int_equal(g.n, 0);
	ui_siteagg_done(&g);
	ls_process_done(&q);
}

/* The MB cells group thousands as the Samples column does ("22,992"),
 * with as many decimals as fit; past the width, in thousands (k) as
 * ui_fmt_fit does, never digits cut off. */
static void mb_cells_group_thousands(void **state)
{
	(void)state;
	char out[32];
	ui_fmt_mb(out, sizeof out, 726056.7, 9, 3);
	assert_string_equal(out, "726,056.7");
	ui_fmt_mb(out, sizeof out, 726056.7, 8, 3);
	assert_string_equal(out, "726,057");
	ui_fmt_mb(out, sizeof out, 1234.5, 9, 3);
	assert_string_equal(out, "1,234.500");
	ui_fmt_mb(out, sizeof out, 12.3456, 9, 3);
	assert_string_equal(out, "12.346");
	ui_fmt_mb(out, sizeof out, 999.0, 8, 3);
	assert_string_equal(out, "999.000");
	ui_fmt_mb(out, sizeof out, 12345678.9, 9, 3);
	assert_string_equal(out, "12,345.7k");
	ui_fmt_mb(out, sizeof out, 12345678.9, 8, 3);
	assert_string_equal(out, "12,346k");
	ui_fmt_mb(out, sizeof out, -4321.27, 9, 3);
	assert_string_equal(out, "-4,321.3");
}

/* A column of sizes takes the decimals its widest value fits with, so
 * every row shows the same: 3 up to 9,999.999 in 9 columns, then 1. */
static void mb_column_decimals(void **state)
{
	(void)state;
	assert_int_equal(ui_mb_decimals(0, 7749.058, 9), 3);
	assert_int_equal(ui_mb_decimals(0, 19199.8, 9), 1);
	assert_int_equal(ui_mb_decimals(-12345.6, 5.2, 9), 1);
	assert_int_equal(ui_mb_decimals(0, 1234567.8, 9), 0);
	/* past what any decimals fit (thousands): 0, the rows fall to k alone */
	assert_int_equal(ui_mb_decimals(0, 12345678.9, 9), 0);
	char out[32];
	assert_int_equal(ui_fmt_mb(out, sizeof out, 1308.34, 9, 1), 1);
	assert_string_equal(out, "1,308.3");
	assert_int_equal(ui_fmt_mb(out, sizeof out, 12345678.9, 9, 3), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_endpoint),
		cmocka_unit_test(test_whole_process_in_timeline_order),
		cmocka_unit_test(test_endpoint_without_consumers),
		cmocka_unit_test(mb_cells_group_thousands),
		cmocka_unit_test(mb_column_decimals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
