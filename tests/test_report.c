/* test_report.c — the report renderer: numbers a user reads, valid JSON,
 * sanitized untrusted text, filters applied, atomic export. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "explain.h"
#include "filter.h"
#include "load.h"
#include "report.h"

/* 8 requests; memory 100,100,100,100,110,120,130,140; records 0 and 7 detailed.
 * Classic by hand (W = 3): r = 100, 100, 103.333, 110, 120; k = min(6, 5 // 3) = 1;
 * initial 100, final 120, growth 20 MB = 20 % (< 25 %), so rule c does not fire;
 * tail = min(9, 8 // 2) = 4 and 110 < 120 < 130 < 140 each rise > 0.05: rule d, leak.
 * Consumers: a.py:1 1.0 + 3.0 = 4.0 (max 3, avg 2); b.py:2 0.5 + 0.25 = 0.75.
 * Growth by location: a.py:1 +2.0 MB (+200 %), b.py:2 -0.25 MB (-50 %). */
static const char fixture[] =
	"[{\"request_id\":\"req-1\",\"endpoint\":\"/chat\",\"latency\":0.1,\"had_error\":false,"
	"\"memory\":{\"current_mb\":100,\"peak_mb\":100,\"tracking_enabled\":true,\"top_consumers\":["
	"{\"file\":\"a.py:1\",\"size_mb\":1.0,\"count\":10},{\"file\":\"b.py:2\",\"size_mb\":0.5,\"count\":5}]},"
	"\"detailed_snapshot\":true},"
	"{\"request_id\":\"req-2\",\"endpoint\":\"/chat\",\"latency\":0.3,\"had_error\":false,\"memory\":{\"current_mb\":100}},"
	"{\"request_id\":\"req-3\",\"endpoint\":\"/chat\",\"latency\":0.2,\"had_error\":true,\"memory\":{\"current_mb\":100}},"
	"{\"request_id\":\"req-4\",\"endpoint\":\"/chat\",\"latency\":0.2,\"had_error\":false,\"memory\":{\"current_mb\":100}},"
	"{\"request_id\":\"req-5\",\"endpoint\":\"/chat\",\"latency\":0.2,\"had_error\":false,\"memory\":{\"current_mb\":110}},"
	"{\"request_id\":\"req-6\",\"endpoint\":\"/chat\",\"latency\":0.2,\"had_error\":false,\"memory\":{\"current_mb\":120}},"
	"{\"request_id\":\"req-7\",\"endpoint\":\"/chat\",\"latency\":0.2,\"had_error\":false,\"memory\":{\"current_mb\":130}},"
	"{\"request_id\":\"req-8\",\"endpoint\":\"/chat\",\"latency\":0.2,\"had_error\":false,"
	"\"memory\":{\"current_mb\":140,\"top_consumers\":["
	"{\"file\":\"a.py:1\",\"size_mb\":3.0,\"count\":30},{\"file\":\"  File \\\"b.py\\\", line 2\",\"size_mb\":0.25,\"count\":2}]},"
	"\"detailed_snapshot\":true}]";

struct fx {
	struct ls_model m;
	struct ls_analysis a;
	struct ls_report_opts o;
	struct ls_buf out;
};

static void fx_load(struct fx *f, const char *text, const char *name)
{
	ls_model_init(&f->m);
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_parse_text(text, strlen(text), name, &r, 1);
	ls_warnings_append(&f->m.warnings, &r.warnings);
	ls_endpoint_sort(&r.ep);
	struct ls_process *p = ls_model_add_process(&f->m, "proc");
	ls_process_adopt(p, &r.ep, &r.sites, &r.strings);
	ls_process_index(p);
	ls_file_result_done(&r);
	ls_analysis_init(&f->a, &f->m);
	ls_report_opts_init(&f->o);
	ls_buf_init(&f->out);
}

/* The report again, in another format. */
static void fx_rerun(struct fx *f, enum ls_report_format format)
{
	ls_buf_done(&f->out);
	ls_buf_init(&f->out);
	f->o.format = format;
	ls_report_model(&f->out, &f->a, &f->o);
}

static void fx_done(struct fx *f)
{
	ls_buf_done(&f->out);
	ls_analysis_done(&f->a);
	ls_model_done(&f->m);
}

static void text_report_shows_original_numbers(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f, fixture, "chat.json");
	ls_report_model(&f.out, &f.a, &f.o);
	const char *t = f.out.data;
	assert_non_null(strstr(t, "Endpoint: /chat"));
	assert_non_null(strstr(t, "Requests:        8"));
	assert_non_null(strstr(t, "Errors:          1 (12.50%)"));
	assert_non_null(strstr(t, "Initial average: 100.000 MB"));
	assert_non_null(strstr(t, "Final average:   120.000 MB"));
	assert_non_null(strstr(t, "Growth:          20.000 MB (20.0%)"));
	assert_non_null(strstr(t, "Verdict (classic): LEAK DETECTED"));
	assert_non_null(strstr(t, "Continuous memory growth in final batches"));
	/* consumers: both forms of b.py:2 are one site */
	assert_non_null(strstr(t, "     1       4.000       3.000       2.000        2  a.py:1"));
	assert_non_null(strstr(t, "     2       0.750       0.500       0.375        2  b.py:2"));
	assert_non_null(strstr(t, "+2.000"));
	assert_non_null(strstr(t, "-0.250"));
	/* growth is last - first, the range min and max: the header says so
	 * (a falling site's "4.256 → 5.018" read as a rise under "Range") */
	assert_non_null(strstr(t, "  Rank  Growth (MB)  Growth %   Min → max (MB)          Samples  Location\n"));
	assert_non_null(strstr(t, "Warnings (0)"));
	fx_done(&f);
}

/* Records kept but unusable for memory (tracemalloc off, a failed
 * snapshot) are counted in every format, not silently left out. */
static void unusable_records_are_counted(void **state)
{
	(void)state;
	static const char text[] = "["
		"{\"request_id\":\"req-1\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":10}},"
		"{\"request_id\":\"req-2\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":0.0,\"tracking_enabled\":false}},"
		"{\"request_id\":\"req-3\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":0.0,\"tracking_enabled\":false}},"
		"{\"request_id\":\"req-4\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":11,"
		"\"top_consumers_error\":\"snapshot failed\"},\"detailed_snapshot\":true}]";
	struct fx f;
	fx_load(&f, text, "x.json");
	ls_report_model(&f.out, &f.a, &f.o);
	assert_non_null(strstr(f.out.data, "  Tracemalloc off: 2 records (no memory value; left out of the memory analysis)\n"));
	assert_non_null(strstr(f.out.data, "  Snapshots failed: 1 detailed record (top_consumers_error; no sites from them)\n"));
	fx_rerun(&f, LS_REPORT_JSON);
	assert_non_null(strstr(f.out.data, ",\"tracking_off_records\":2,\"snapshot_errors\":1}"));
	/* two memory values are too few for the classic growth: never computed, so null */
	assert_non_null(strstr(f.out.data, "\"initial_avg\":null,\"final_avg\":null,\"growth_mb\":null,"
		"\"growth_percent\":null"));
	/* no latency recorded at all: null, not 0 */
	assert_non_null(strstr(f.out.data, "\"summary\":{\"avg_latency\":null,\"min_latency\":null,\"max_latency\":null,"
		"\"avg_memory_mb\":5.25"));  /* the original averages the off records' 0.0 too */
	fx_done(&f);
}

static json_object *path(json_object *o, const char *k1, int i1, const char *k2, int i2)
{
	json_object *v;
	assert_true(json_object_object_get_ex(o, k1, &v));
	v = json_object_array_get_idx(v, (size_t)i1);
	assert_non_null(v);
	assert_true(json_object_object_get_ex(v, k2, &v));
	return json_object_array_get_idx(v, (size_t)i2);
}

static double num(json_object *o, const char *k)
{
	json_object *v;
	assert_true(json_object_object_get_ex(o, k, &v));
	return json_object_get_double(v);
}

static void json_report_is_valid_and_exact(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f, fixture, "chat.json");
	f.o.format = LS_REPORT_JSON;
	ls_report_model(&f.out, &f.a, &f.o);
	json_object *root = json_tokener_parse(f.out.data);
	assert_non_null(root);
	json_object *ep = path(root, "processes", 0, "endpoints", 0), *v;
	assert_non_null(ep);
	assert_int_equal((int)num(ep, "requests"), 8);
	assert_int_equal((int)num(ep, "errors"), 1);
	assert_true(json_object_object_get_ex(ep, "classic", &v));
	assert_float_equal(num(v, "initial_avg"), 100.0, 1e-9);
	assert_float_equal(num(v, "final_avg"), 120.0, 1e-9);
	assert_float_equal(num(v, "growth_mb"), 20.0, 1e-9);
	assert_float_equal(num(v, "growth_percent"), 20.0, 1e-9);
	json_object *leak;
	assert_true(json_object_object_get_ex(v, "leak", &leak));
	assert_true(json_object_get_boolean(leak));
	assert_true(json_object_object_get_ex(ep, "top_consumers", &v));
	assert_int_equal(json_object_array_length(v), 2);
	json_object *c0 = json_object_array_get_idx(v, 0);
	assert_float_equal(num(c0, "total_mb"), 4.0, 1e-9);
	assert_float_equal(num(c0, "avg_mb"), 2.0, 1e-9);
	assert_true(json_object_object_get_ex(ep, "growth_by_location", &v));
	assert_float_equal(num(json_object_array_get_idx(v, 0), "growth_percent"), 200.0, 1e-9);
	assert_true(json_object_object_get_ex(root, "warnings", &v));
	assert_int_equal(json_object_array_length(v), 0);
	json_object_put(root);
	fx_done(&f);
}

/* Memory-test batches carry no latency: every format says so instead of
 * printing a measured-looking 0. */
static void memory_test_latency_is_not_zero(void **state)
{
	(void)state;
	static const char batches[] =
		"[{\"request_id\":\"req-1\",\"batch\":1,\"request_in_batch\":1,\"current_mb\":6.0,"
		"\"had_error\":false,\"top_consumers\":[{\"file\":\"a.py:1\",\"size_mb\":1.0,\"count\":3}]},"
		"{\"request_id\":\"req-2\",\"batch\":1,\"request_in_batch\":2,\"current_mb\":6.5,"
		"\"had_error\":false,\"top_consumers\":[{\"file\":\"a.py:1\",\"size_mb\":1.5,\"count\":4}]}]";
	enum ls_report_format fmts[] = {LS_REPORT_TEXT, LS_REPORT_MARKDOWN, LS_REPORT_JSON};
	for (size_t i = 0; i < 3; i++) {
		struct fx f;
		fx_load(&f, batches, "test_x_memory.json");
		assert_int_equal(f.m.proc[0].ep[0].format, LS_FMT_SNAPSHOT);
		f.o.format = fmts[i];
		ls_report_model(&f.out, &f.a, &f.o);
		const char *t = f.out.data;
		if (fmts[i] == LS_REPORT_JSON) {
			assert_non_null(strstr(t, "\"avg_latency\":null,\"min_latency\":null,\"max_latency\":null"));
		} else {
			assert_non_null(strstr(t, "none recorded (memory-test batches)"));
			assert_null(strstr(t, "0.000000"));
		}
		fx_done(&f);
	}
}

/* An endpoint name carrying a terminal escape must come out escaped in text,
 * while the JSON carries the name itself (as \u001b, never a raw ESC, nor a
 * raw C1 control such as CSI): a script matches it against its own names. A
 * byte that is not UTF-8 cannot be in a JSON string; it is the same \xNN
 * text as elsewhere. */
static void untrusted_text_is_sanitized(void **state)
{
	(void)state;
	const char *evil = "[{\"request_id\":\"req-1\",\"endpoint\":\"/x\\u001b[31mred\\u0007\xff\\u009b2J\","
		"\"memory\":{\"current_mb\":1}}]";
	struct fx f;
	fx_load(&f, evil, "evil.json");
	ls_report_model(&f.out, &f.a, &f.o);
	assert_null(strchr(f.out.data, '\x1b'));
	assert_null(strchr(f.out.data, '\a'));
	assert_non_null(strstr(f.out.data, "/x\\x1b[31mred\\x07\\xff\\u009b2J"));
	fx_rerun(&f, LS_REPORT_JSON);
	assert_null(strchr(f.out.data, '\x1b'));
	assert_null(strstr(f.out.data, "\xc2\x9b"));  /* a C1 CSI, raw */
	assert_non_null(strstr(f.out.data, "\"/x\\u001b[31mred\\u0007\\\\xff\\u009b2J\""));
	json_object *root = json_tokener_parse(f.out.data);
	assert_non_null(root);
	json_object *ep = path(root, "processes", 0, "endpoints", 0), *v;
	assert_true(json_object_object_get_ex(ep, "endpoint", &v));
	assert_string_equal(json_object_get_string(v), "/x\x1b[31mred\a\\xff\xc2\x9b" "2J");
	json_object_put(root);
	fx_done(&f);
}

/* A flat file and one error step fit exactly: the share per request is
 * rounding dust, which read "0.00 KB per request (95% CI 0.00 to 0.00,
 * p < 1e-9)", a certain zero that is significant. Zero it is, and p 1. */
static void exact_fit_is_no_significant_zero(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 12; i++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"had_error\":%s,\"memory\":{\"current_mb\":%d}}",
			i > 1 ? "," : "", i, i == 12 ? "true" : "false", i == 12 ? 20 : 10);
	ls_buf_puts(&b, "]");
	struct fx f;
	fx_load(&f, b.data, "flat.json");
	ls_report_model(&f.out, &f.a, &f.o);
	assert_non_null(strstr(f.out.data, "Attributed to this endpoint: 0.00 KB per request (95% CI 0.00 to 0.00, p 1.000)"));
	fx_done(&f);
	ls_buf_done(&b);
}

/* A heap that reads 0 MB throughout (tracemalloc on, nothing traced) has a
 * fit but no coefficient of variation: the text says n/a, never "nan%". */
static void zero_heap_has_no_cv(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 12; i++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"had_error\":false,\"memory\":{\"current_mb\":0}}",
			i > 1 ? "," : "", i);
	ls_buf_puts(&b, "]");
	struct fx f;
	fx_load(&f, b.data, "zero.json");
	enum ls_report_format fmts[] = {LS_REPORT_TEXT, LS_REPORT_MARKDOWN};
	for (size_t k = 0; k < 2; k++) {
		fx_rerun(&f, fmts[k]);
		assert_non_null(strstr(f.out.data, "Robust: Theil–Sen"));
		assert_non_null(strstr(f.out.data, ", CV n/a\n"));
		assert_null(strstr(f.out.data, "nan"));
	}
	fx_done(&f);
	ls_buf_done(&b);
}

/* Names are code spans in Markdown. A backtick inside one must not end the
 * span early (the fence grows), and a '|' must not end a table cell, but
 * outside a table it stays a plain '|'. */
static void markdown_names_keep_backticks_and_pipes(void **state)
{
	(void)state;
	static const char text[] =
		"[{\"request_id\":\"req-1\",\"endpoint\":\"/a`b|c\",\"had_error\":false,"
		"\"memory\":{\"current_mb\":100,\"top_consumers\":["
		"{\"file\":\"`x``y.py:1\",\"size_mb\":1.0,\"count\":1},{\"file\":\"p|q.py:2\",\"size_mb\":0.5,\"count\":1}]},"
		"\"detailed_snapshot\":true},"
		"{\"request_id\":\"req-2\",\"endpoint\":\"/a`b|c\",\"had_error\":false,"
		"\"memory\":{\"current_mb\":101,\"top_consumers\":["
		"{\"file\":\"`x``y.py:1\",\"size_mb\":2.0,\"count\":2},{\"file\":\"p|q.py:2\",\"size_mb\":0.5,\"count\":1}]},"
		"\"detailed_snapshot\":true}]";
	struct fx f;
	fx_load(&f, text, "odd.json");
	fx_rerun(&f, LS_REPORT_MARKDOWN);
	const char *t = f.out.data;
	assert_non_null(strstr(t, "## Endpoint ``/a`b|c``\n"));
	assert_non_null(strstr(t, "| ``` `x``y.py:1 ``` |"));
	assert_non_null(strstr(t, "| `p\\|q.py:2` |"));
	fx_done(&f);
}

/* CommonMark strips one space each side of a code span only when it is not
 * all spaces: a name of one space was padded and showed as three. An empty
 * location is a span of one space ("``" is no span, but two backticks). */
static void markdown_names_of_spaces(void **state)
{
	(void)state;
	static const char text[] =
		"[{\"request_id\":\"req-1\",\"endpoint\":\" \",\"had_error\":false,"
		"\"memory\":{\"current_mb\":100,\"top_consumers\":[{\"file\":\"\",\"size_mb\":1.0,\"count\":1}]},"
		"\"detailed_snapshot\":true},"
		"{\"request_id\":\"req-2\",\"endpoint\":\" \",\"had_error\":false,"
		"\"memory\":{\"current_mb\":101,\"top_consumers\":[{\"file\":\"\",\"size_mb\":2.0,\"count\":2}]},"
		"\"detailed_snapshot\":true}]";
	struct fx f;
	fx_load(&f, text, "spaces.json");
	fx_rerun(&f, LS_REPORT_MARKDOWN);
	const char *t = f.out.data;
	assert_non_null(strstr(t, "## Endpoint ` `\n"));
	assert_non_null(strstr(t, "| ` ` |"));
	assert_null(strstr(t, "``"));
	fx_done(&f);
}

/* The classic message has lines and recommendations: JSON carries real
 * newlines (not the two characters "\\n") and the list; Markdown quotes
 * every line and lists the recommendations, as the text report does. */
static void classic_message_keeps_its_lines(void **state)
{
	(void)state;
	static const char spike[] =
		"[{\"request_id\":\"req-1\",\"had_error\":false,\"memory\":{\"current_mb\":10}},"
		"{\"request_id\":\"req-2\",\"had_error\":false,\"memory\":{\"current_mb\":10}},"
		"{\"request_id\":\"req-3\",\"had_error\":false,\"memory\":{\"current_mb\":10}},"
		"{\"request_id\":\"req-4\",\"had_error\":true,\"memory\":{\"current_mb\":20}},"
		"{\"request_id\":\"req-5\",\"had_error\":false,\"memory\":{\"current_mb\":20.2}},"
		"{\"request_id\":\"req-6\",\"had_error\":false,\"memory\":{\"current_mb\":20.4}},"
		"{\"request_id\":\"req-7\",\"had_error\":false,\"memory\":{\"current_mb\":20.3}},"
		"{\"request_id\":\"req-8\",\"had_error\":false,\"memory\":{\"current_mb\":20.1}}]";
	struct fx f;
	fx_load(&f, spike, "spike.json");
	fx_rerun(&f, LS_REPORT_JSON);
	json_object *root = json_tokener_parse(f.out.data);
	assert_non_null(root);
	json_object *cl = path(root, "processes", 0, "endpoints", 0), *v;
	assert_true(json_object_object_get_ex(cl, "classic", &cl));
	assert_true(json_object_object_get_ex(cl, "message", &v));
	assert_non_null(strstr(json_object_get_string(v), "ERROR-INDUCED MEMORY LEAK DETECTED\n\nMemory spikes"));
	assert_true(json_object_object_get_ex(cl, "recommendations", &v));
	assert_true(json_object_array_length(v) > 0);
	json_object_put(root);
	fx_rerun(&f, LS_REPORT_MARKDOWN);
	assert_non_null(strstr(f.out.data, "> ERROR-INDUCED MEMORY LEAK DETECTED  \n>\n> Memory spikes"));
	assert_non_null(strstr(f.out.data, "Recommendations:\n\n- "));
	fx_done(&f);
}

static void filter_applies_to_site_tables(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f, fixture, "chat.json");
	struct ls_filter flt;
	char err[128];
	ls_filter_init(&flt);
	assert_int_equal(ls_filter_set(&flt, LS_FILTER_EXCLUDE, "^a\\.py", err, sizeof err, NULL), 0);
	f.o.filter = &flt;
	ls_report_model(&f.out, &f.a, &f.o);
	assert_null(strstr(f.out.data, "a.py:1"));
	assert_non_null(strstr(f.out.data, "b.py:2"));
	assert_non_null(strstr(f.out.data, "Top memory consumers (1 of 2; 1 passes the site filters)"));

	/* findings export names the filter */
	ls_buf_done(&f.out);
	ls_buf_init(&f.out);
	struct ls_finding fd = {LS_FINDING_ENDPOINT, 0, 0};
	ls_report_findings(&f.out, &f.a, &fd, 1, &f.o);
	assert_non_null(strstr(f.out.data, "Active site filters: exclude /^a\\.py/"));
	assert_non_null(strstr(f.out.data, "Endpoint: /chat"));
	assert_non_null(strstr(f.out.data, "chat.json"));
	ls_filter_done(&flt);
	fx_done(&f);
}

/* A marked site's samples came from the files whose records list it: the
 * export's "Profile files read" names them as it names a marked endpoint's file,
 * once each however many findings share it. */
static void site_findings_name_their_source_files(void **state)
{
	(void)state;
	struct fx f;
	fx_load(&f, fixture, "chat.json");
	uint32_t site = ls_intern_find(&f.m.proc[0].sites, "a.py:1", 6);
	assert_int_not_equal(site, 0);
	struct ls_finding fd[2] = {{LS_FINDING_SITE, 0, site}, {LS_FINDING_ENDPOINT, 0, 0}};
	ls_report_findings(&f.out, &f.a, fd, 1, &f.o);
	assert_non_null(strstr(f.out.data, "Profile files read\n  chat.json\n\n"));
	/* its numbers say whose they are and what its rank is by; its first
	 * and last sizes (the site tables' First→Last) are there; and per
	 * endpoint, its sizes in that endpoint's records (an endpoint
	 * screen's site table, where it may have been marked) */
	assert_non_null(strstr(f.out.data, "  In all the process's records: total 4.000 MB, max 3.000 MB, avg 2.000 MB "
		"over 2 samples (rank 1 of 2 by total)\n"));
	assert_non_null(strstr(f.out.data, "  First 1.000 MB, last 3.000 MB: +2.000 MB\n"));
	assert_non_null(strstr(f.out.data, "  Seen in records of /chat: 2 (total 4.000 MB, max 3.000 MB)\n"));
	ls_buf_done(&f.out);
	ls_buf_init(&f.out);
	ls_report_findings(&f.out, &f.a, fd, 2, &f.o);
	const char *src = strstr(f.out.data, "Profile files read\n  chat.json\n\n");
	assert_non_null(src);
	assert_null(strstr(src + strlen("Profile files read\n  chat.json\n"), "chat.json"));
	fx_done(&f);
}

/* An exported site carries the source lines the site screen shows (they
 * were left out), found under LEAKSCOPE_SOURCE_PATH as there; without the
 * file, why none are shown. */
static void site_findings_show_their_source_lines(void **state)
{
	(void)state;
	char dir[] = "/tmp/ls-report-src-XXXXXX", path[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.py", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("CACHE = []\ndef handle(x):\n    CACHE.append(x)\n", fp);
	fclose(fp);
	struct fx f;
	fx_load(&f, fixture, "chat.json");
	uint32_t site = ls_intern_find(&f.m.proc[0].sites, "a.py:1", 6);
	struct ls_finding fd = {LS_FINDING_SITE, 0, site};
	setenv("LEAKSCOPE_SOURCE_PATH", dir, 1);
	ls_report_findings(&f.out, &f.a, &fd, 1, &f.o);
	char want[512];
	snprintf(want, sizeof want, "  Source %s/a.py:\n  >      1  CACHE = []\n         2  def handle(x):\n", dir);
	assert_non_null(strstr(f.out.data, want));
	ls_buf_done(&f.out);
	ls_buf_init(&f.out);
	unsetenv("LEAKSCOPE_SOURCE_PATH");
	ls_report_findings(&f.out, &f.a, &fd, 1, &f.o);
	assert_non_null(strstr(f.out.data, "  Source: a.py: not found on this machine"));
	fx_done(&f);
	unlink(path);
	rmdir(dir);
}

static void atomic_write_replaces_and_reports_errors(void **state)
{
	(void)state;
	char dir[] = "/tmp/ls-report-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], err[512];
	snprintf(path, sizeof path, "%s/out.txt", dir);
	assert_int_equal(ls_write_file_atomic(path, "first\n", 6, err, sizeof err), 0);
	assert_int_equal(ls_write_file_atomic(path, "second\n", 7, err, sizeof err), 0);
	FILE *fp = fopen(path, "r");
	char line[32] = "";
	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	assert_string_equal(line, "second\n");
	char bad[300];
	snprintf(bad, sizeof bad, "%s/missing/out.txt", dir);
	assert_int_equal(ls_write_file_atomic(bad, "x", 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "missing/out.txt"));
	assert_non_null(strstr(err, "missing: no such directory"));
	unlink(path);
	rmdir(dir);
}

/* Counts as the explanations print them, to the ends of int64: a sum of
 * unrecorded requests past 2^63 reached ls_fmt_count as INT64_MIN (found by
 * fuzzing), whose negation is undefined and printed "--,922,...". */
static void counts_are_grouped_to_the_ends(void **state)
{
	(void)state;
	static const struct {
		int64_t v;
		const char *s;
	} cases[] = {
		{0, "0"},
		{999, "999"},
		{-1000, "-1,000"},
		{6120, "6,120"},
		{INT64_MAX, "9,223,372,036,854,775,807"},
		{INT64_MIN, "-9,223,372,036,854,775,808"},
	};
	char out[40];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ls_fmt_count(out, sizeof out, cases[i].v);
		assert_string_equal(out, cases[i].s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_are_grouped_to_the_ends),
		cmocka_unit_test(text_report_shows_original_numbers),
		cmocka_unit_test(unusable_records_are_counted),
		cmocka_unit_test(json_report_is_valid_and_exact),
		cmocka_unit_test(memory_test_latency_is_not_zero),
		cmocka_unit_test(untrusted_text_is_sanitized),
		cmocka_unit_test(exact_fit_is_no_significant_zero),
		cmocka_unit_test(zero_heap_has_no_cv),
		cmocka_unit_test(markdown_names_keep_backticks_and_pipes),
		cmocka_unit_test(markdown_names_of_spaces),
		cmocka_unit_test(classic_message_keeps_its_lines),
		cmocka_unit_test(filter_applies_to_site_tables),
		cmocka_unit_test(site_findings_name_their_source_files),
		cmocka_unit_test(site_findings_show_their_source_lines),
		cmocka_unit_test(atomic_write_replaces_and_reports_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
