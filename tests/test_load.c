/* test_load.c — the loader against every kind of bad input a user can hand it.
 *
 * Each test writes its fixture into a fresh temporary directory, loads it the
 * way `leakscope report` does (ls_load_paths) and checks what a user would see:
 * how many records were kept, and the exact warnings (file, byte offset,
 * message) that explain what was skipped.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "load.h"
#include "record.h"
#include "model.h"
#include "util.h"

static char tmpdir[] = "/tmp/ls-test-load-XXXXXX";

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	return remove(p);
}

static int group_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Path of `name` inside the temp dir (static buffer rotation: 8 live paths). */
static const char *tpath(const char *name)
{
	static char bufs[8][512];
	static int k;
	char *b = bufs[k++ & 7];
	snprintf(b, 512, "%s/%s", tmpdir, name);
	return b;
}

static const char *write_file_n(const char *name, const char *text, size_t n)
{
	const char *p = tpath(name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return p;
}

static const char *write_file(const char *name, const char *text)
{
	return write_file_n(name, text, strlen(text));
}

static void make_dir(const char *name)
{
	assert_int_equal(mkdir(tpath(name), 0700), 0);
}

/* A typical endpoint-profile record. */
static void add_rec(struct ls_buf *b, long long id, double mb)
{
	ls_buf_printf(b,
		"{\"request_id\":\"req-%lld\",\"timestamp\":1790000001.25,\"endpoint\":\"/chat\","
		"\"method\":\"POST\",\"status_code\":200,\"status_category\":\"success\",\"latency\":0.084213,"
		"\"had_error\":false,\"memory\":{\"current_mb\":%.3f,\"peak_mb\":251.002,\"tracking_enabled\":true},"
		"\"detailed_snapshot\":false}",
		id, mb);
}

static char *recs(long long first, int n)
{
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			ls_buf_puts(&b, ",");
		add_rec(&b, first + i, 100 + i);
	}
	ls_buf_puts(&b, "]");
	return b.data;
}

static enum ls_load_status load_one_path(struct ls_model *m, const char *path, unsigned threads)
{
	struct ls_load_opts o = {.threads = threads};
	ls_model_init(m);
	return ls_load_paths(m, &path, 1, &o);
}

static void check_warning(const struct ls_model *m, size_t i, const char *file, uint64_t off, const char *msg)
{
	assert_true(i < m->warnings.n);
	assert_string_equal(m->warnings.v[i].file, file);
	assert_string_equal(m->warnings.v[i].message, msg);
	assert_int_equal(m->warnings.v[i].offset, off);
}

/* The warning for a record skipped: "WHY; record skipped (N bytes from
 * byte FROM)" (static buffers: 4 live at once) */
static const char *skipped(const char *why, uint64_t n, uint64_t from)
{
	static char bufs[4][400];
	static int k;
	char *b = bufs[k++ & 3];
	snprintf(b, 400, "%s; record skipped (%llu byte%s from byte %llu)", why, (unsigned long long)n, n == 1 ? "" : "s",
		(unsigned long long)from);
	return b;
}

static uint64_t offset_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	assert_non_null(p);
	return (uint64_t)(p - text);
}

/* text with `ins` put in at `at` (owned by b, which is reset) */
static const char *put_in(struct ls_buf *b, const char *text, uint64_t at, const char *ins, const char *tail)
{
	b->len = 0;
	ls_buf_add(b, text, at);
	ls_buf_puts(b, ins);
	ls_buf_puts(b, text + at);
	ls_buf_puts(b, tail);
	return b->data;
}

/* ---- files that cannot be read ---- */

static void test_missing_file(void **state)
{
	(void)state;
	struct ls_model m;
	const char *p = tpath("does-not-exist.json");
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
	assert_int_equal(m.nproc, 0);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, LS_NO_OFFSET, "cannot open: No such file or directory");
	assert_int_equal(m.files_failed, 1);
	ls_model_done(&m);
}

/* Checks run in a child that may have dropped root; returns 0 when all hold. */
static int unreadable_checks(const char *p)
{
	struct ls_model m;
	int bad = load_one_path(&m, p, 1) != LS_LOAD_NOTHING;
	bad |= m.warnings.n != 1;
	if (!bad) {
		bad |= strcmp(m.warnings.v[0].file, p) != 0;
		bad |= strcmp(m.warnings.v[0].message, "cannot open: Permission denied") != 0;
		bad |= m.warnings.v[0].offset != LS_NO_OFFSET;
	}
	ls_model_done(&m);
	return bad;
}

static void test_unreadable_file(void **state)
{
	(void)state;
	const char *p = write_file("secret.json", "[{\"request_id\":\"req-1\"}]");
	assert_int_equal(chmod(p, 0), 0);
	if (geteuid() != 0) {
		assert_int_equal(unreadable_checks(p), 0);
	} else {
		/* root reads anything: check as "nobody" in a child (the temp dir
		 * must be traversable for stat() to succeed and open() to fail) */
		assert_int_equal(chmod(tmpdir, 0711), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(3);
			_exit(unreadable_checks(p));
		}
		int st;
		assert_int_equal(waitpid(pid, &st, 0), pid);
		chmod(tmpdir, 0700);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	chmod(p, 0600);
}

/* A FIFO named *.json in a directory would block the loader forever. */
static void test_fifo_in_directory(void **state)
{
	(void)state;
	make_dir("withfifo");
	write_file("withfifo/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}}]");
	assert_int_equal(mkfifo(tpath("withfifo/pipe.json"), 0600), 0);
	alarm(20); /* a hang becomes a failure */
	struct ls_model m;
	assert_int_equal(load_one_path(&m, tpath("withfifo"), 2), LS_LOAD_OK);
	alarm(0);
	assert_int_equal(m.records_loaded, 1);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, tpath("withfifo/pipe.json"), LS_NO_OFFSET, "not a regular file; skipped");
	ls_model_done(&m);
}

/* A file that opens but whose read fails (EIO): /proc/self/mem at offset 0. */
static void test_read_error(void **state)
{
	(void)state;
	struct ls_model m;
	const char *p = "/proc/self/mem";
	if (access(p, R_OK) != 0)
		skip();
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
	assert_int_equal(m.nproc, 0);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, 0, "read error: Input/output error; 0 records kept");
	ls_model_done(&m);
}

static void test_directory_argument(void **state)
{
	(void)state;
	/* the file-level loader refuses a directory */
	make_dir("adir");
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_load_file(tpath("adir"), &r, NULL);
	assert_true(r.failed);
	assert_int_equal(r.records, 0);
	assert_int_equal(r.warnings.n, 1);
	assert_string_equal(r.warnings.v[0].message, "is a directory");
	assert_int_equal(r.warnings.v[0].offset, LS_NO_OFFSET);
	ls_file_result_done(&r);

	/* the path loader treats it as a process; with no *.json it says so */
	struct ls_model m;
	assert_int_equal(load_one_path(&m, tpath("adir"), 1), LS_LOAD_NOTHING);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, tpath("adir"), LS_NO_OFFSET, "no *.json files in this directory");
	ls_model_done(&m);

	/* profiles two levels down are not read, and it says why */
	char deep[600];
	snprintf(deep, sizeof deep, "%s/svc/proc", tpath("adir"));
	char svc[600];
	snprintf(svc, sizeof svc, "%s/svc", tpath("adir"));
	assert_int_equal(mkdir(svc, 0755), 0);
	assert_int_equal(mkdir(deep, 0755), 0);
	char file[700];
	snprintf(file, sizeof file, "%s/ep.json", deep);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fputs("[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}}]", fp);
	fclose(fp);
	assert_int_equal(load_one_path(&m, tpath("adir"), 1), LS_LOAD_NOTHING);
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, svc, LS_NO_OFFSET, "1 folder in it with *.json files not read (proc): a folder holding "
		"*.json files is one process (give the folders to open them)");
	check_warning(&m, 1, tpath("adir"), LS_NO_OFFSET,
		"no *.json files in this directory or in its folders (one level down is read, no deeper)");
	ls_model_done(&m);
	unlink(file);
	rmdir(deep);
	rmdir(svc);
}

/* One record of an overlapping capture: id taken at arrival, heap read
 * and timestamp written at completion (arrival + latency). */
static void add_timed(struct ls_buf *b, const char *ep, long long id, double arrival, double latency, double mb)
{
	ls_buf_printf(b,
		"%s{\"request_id\":\"req-%lld\",\"timestamp\":%.3f,\"endpoint\":\"%s\",\"latency\":%.3f,"
		"\"had_error\":false,\"memory\":{\"current_mb\":%.3f}}",
		b->len > 1 ? "," : "", id, 1790000000 + arrival + latency, ep, latency, mb);
}

static void timeline(const struct ls_process *p, int64_t *no, int64_t *id, double *mb)
{
	for (uint64_t i = 0; i < p->ntl; i++) {
		const struct ls_endpoint *ep = &p->ep[p->tl_ep[i]];
		no[i] = ep->req_no[p->tl_row[i]];
		id[i] = ep->req_id[p->tl_row[i]];
		mb[i] = ep->current_mb[p->tl_row[i]];
	}
}

/* The profiler takes a request's id when it arrives and reads the heap when
 * it completes: where requests overlap, the timeline is the completion
 * order (the k-th to complete takes the k-th smallest id), which is the
 * order the heap was read in; the files' ids stay as they are. req-1 (a
 * 5 s call) completes after req-2 and req-3. A clock set back (an arrival
 * earlier than one before it by more than a second) keeps the ids' order. */
static void test_timeline_in_completion_order(void **state)
{
	(void)state;
	for (int clock_set_back = 0; clock_set_back < 2; clock_set_back++) {
		make_dir(clock_set_back ? "overlap2" : "overlap");
		struct ls_buf a, b;
		ls_buf_init(&a);
		ls_buf_init(&b);
		ls_buf_puts(&a, "[");
		ls_buf_puts(&b, "[");
		add_timed(&a, "/a", 1, 0, 5, 101);
		add_timed(&b, "/b", 2, 1, 1, 102);
		add_timed(&b, "/b", 3, 2, 1, 103);
		add_timed(&a, "/a", 4, clock_set_back ? -10 : 3, 3, 104);
		ls_buf_puts(&a, "]");
		ls_buf_puts(&b, "]");
		char pa[64], pb[64];
		snprintf(pa, sizeof pa, "%s/a.json", clock_set_back ? "overlap2" : "overlap");
		snprintf(pb, sizeof pb, "%s/b.json", clock_set_back ? "overlap2" : "overlap");
		write_file(pa, a.data);
		write_file(pb, b.data);
		ls_buf_done(&a);
		ls_buf_done(&b);
		struct ls_model m;
		assert_int_equal(load_one_path(&m, tpath(clock_set_back ? "overlap2" : "overlap"), 1), LS_LOAD_OK);
		assert_int_equal(m.nproc, 1);
		struct ls_process *p = &m.proc[0];
		assert_int_equal(p->ntl, 4);
		int64_t no[4], id[4];
		double mb[4];
		for (int again = 0; again < 2; again++) {
			/* (indexed again, as a reload does: the same) */
			if (again)
				ls_process_index(p);
			timeline(p, no, id, mb);
			for (int i = 0; i < 4; i++)
				assert_int_equal(no[i], i + 1);
			if (clock_set_back) {
				assert_false(p->by_completion);
				for (int i = 0; i < 4; i++) {
					assert_int_equal(id[i], i + 1);
					assert_float_equal(mb[i], 101 + i, 1e-9);
				}
				continue;
			}
			assert_true(p->by_completion);
			const int64_t want_id[4] = {2, 3, 1, 4};
			const double want_mb[4] = {102, 103, 101, 104};
			for (int i = 0; i < 4; i++) {
				assert_int_equal(id[i], want_id[i]);
				assert_float_equal(mb[i], want_mb[i], 1e-9);
			}
		}
		ls_model_done(&m);
	}
}

/* A memory-test runner sends one request at a time: its ids are the
 * order. A clock set back an hour halfway (a daylight-saving fall-back)
 * put the second half first, and a steady leak read as a fall. */
static void test_memory_test_clock_set_back(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 4; i++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"batch\":1,\"request_in_batch\":%d,"
			"\"timestamp\":\"2026-11-01T0%d:30:0%d\",\"current_mb\":%d.5,\"peak_mb\":20,"
			"\"had_error\":false,\"error_message\":null}", i > 1 ? "," : "", i, i, i <= 2 ? 1 : 0, i, 10 + i);
	ls_buf_puts(&b, "]");
	const char *p = write_file("clock-back.json", b.data);
	ls_buf_done(&b);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_process *proc = &m.proc[0];
	assert_int_equal(proc->ep[0].format, LS_FMT_SNAPSHOT);
	assert_false(proc->by_completion);
	int64_t no[4], id[4];
	double mb[4];
	timeline(proc, no, id, mb);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(id[i], i + 1);
		assert_float_equal(mb[i], 11.5 + i, 1e-9);
	}
	ls_model_done(&m);
}

/* A file named twice (itself and through its directory, or twice over) is
 * one endpoint, read with its directory if that was given (else where it
 * first appears), and the repeat is said. */
static void test_file_given_twice(void **state)
{
	(void)state;
	make_dir("twice");
	const char *f = write_file("twice/a.json", "[{\"request_id\":\"req-1\",\"endpoint\":\"/a\","
		"\"memory\":{\"current_mb\":1}}]");
	char dir[512], file[512];
	snprintf(dir, sizeof dir, "%s", tpath("twice"));
	snprintf(file, sizeof file, "%s", f);
	const char *paths[] = {dir, file, file};
	struct ls_model m;
	ls_model_init(&m);
	struct ls_load_opts lo = {.threads = 1};
	assert_int_equal(ls_load_paths(&m, paths, 3, &lo), LS_LOAD_OK);
	assert_int_equal(m.nproc, 1);
	assert_int_equal(m.proc[0].nep, 1);
	assert_int_equal(m.records_loaded, 1);
	assert_int_equal(m.warnings.n, 2);
	assert_int_equal(m.warnings.v[0].offset, LS_NO_OFFSET);
	assert_non_null(strstr(m.warnings.v[0].message, "given twice; read once, as "));
	ls_model_done(&m);

	/* the file first, then its directory: still one process, the
	 * directory's, with both endpoints (not the file on its own and the
	 * directory without it) */
	write_file("twice/b.json", "[{\"request_id\":\"req-2\",\"endpoint\":\"/b\","
		"\"memory\":{\"current_mb\":2}}]");
	const char *paths2[] = {file, dir};
	ls_model_init(&m);
	assert_int_equal(ls_load_paths(&m, paths2, 2, &lo), LS_LOAD_OK);
	assert_int_equal(m.nproc, 1);
	assert_string_equal(m.proc[0].path, dir);
	assert_int_equal(m.proc[0].nep, 2);
	assert_int_equal(m.warnings.n, 1);
	assert_string_equal(m.warnings.v[0].file, file);
	assert_non_null(strstr(m.warnings.v[0].message, ", with the rest of "));
	ls_model_done(&m);

	/* the directory twice, spelt two ways: one warning about the
	 * directory, not one per file in it */
	char slashed[520];
	snprintf(slashed, sizeof slashed, "%s/", dir);
	const char *paths3[] = {slashed, dir};
	ls_model_init(&m);
	assert_int_equal(ls_load_paths(&m, paths3, 2, &lo), LS_LOAD_OK);
	assert_int_equal(m.nproc, 1);
	assert_int_equal(m.proc[0].nep, 2);
	assert_int_equal(m.warnings.n, 1);
	assert_string_equal(m.warnings.v[0].file, dir);
	char want[600];
	snprintf(want, sizeof want, "given twice; read once, as %s", slashed);
	assert_string_equal(m.warnings.v[0].message, want);
	ls_model_done(&m);
}

/* ---- files that are not (yet) a JSON array ---- */

static void test_empty_file(void **state)
{
	(void)state;
	const char *p = write_file("empty.json", "");
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
	assert_int_equal(m.nproc, 0);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, 0, "empty file (the profiler may be rewriting it); nothing loaded");
	ls_model_done(&m);
}

static void test_whitespace_file(void **state)
{
	(void)state;
	const char *p = write_file("blank.json", " \n\t\r\n  ");
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, 0, "file holds only whitespace; nothing loaded");
	ls_model_done(&m);
}

static void test_not_an_array(void **state)
{
	(void)state;
	/* (an object that starts with a request_id is a record that lost the
	 * array's '[': test_lost_array_bracket) */
	static const char *const texts[] = {"{\"records\":[{\"request_id\":\"req-1\"}]}", "  42", "\"x\"", "null"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *p = write_file("object.json", texts[i]);
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
		assert_int_equal(m.warnings.n, 1);
		check_warning(&m, 0, p, 0, "top level is not a JSON array; file skipped");
		ls_model_done(&m);
	}
}

/* ---- truncated files: every complete record is kept ---- */

static void test_truncated_mid_record(void **state)
{
	(void)state;
	char *full = recs(1, 3);
	/* cut inside the third record */
	size_t cut = (size_t)offset_of(full, "{\"request_id\":\"req-3\"") + 40;
	const char *p = write_file_n("cut.json", full, cut);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 2);
	assert_int_equal(m.proc[0].ep[0].n, 2);
	assert_int_equal(m.proc[0].ep[0].req_no[1], 2);
	assert_int_equal(m.warnings.n, 1);
	/* the offset is where the lost record starts, not where the file ends */
	uint64_t lost = offset_of(full, "{\"request_id\":\"req-3\"");
	char msg[120];
	snprintf(msg, sizeof msg, "truncated at byte %zu, inside this record; 2 records kept", cut);
	check_warning(&m, 0, p, lost, msg);
	ls_model_done(&m);
	free(full);

	/* a lost record that starts windows (MiBs) before the end of the file */
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 1);
	ls_buf_puts(&b, ",");
	lost = b.len;
	ls_buf_puts(&b, "{\"request_id\":\"req-2\",\"error_message\":\"");
	for (int i = 0; i < (5 << 19); i++)
		ls_buf_add(&b, "z", 1);
	p = write_file_n("cut-big.json", b.data, b.len);
	snprintf(msg, sizeof msg, "truncated at byte %zu, inside this record; 1 record kept", b.len);
	for (unsigned threads = 1; threads <= 2; threads++) {
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 1);
		assert_int_equal(m.warnings.n, 1);
		check_warning(&m, 0, p, lost, msg);
		ls_model_done(&m);
	}
	ls_buf_done(&b);
}

static void test_missing_closing_bracket(void **state)
{
	(void)state;
	char *full = recs(1, 3);
	size_t n = strlen(full) - 1; /* drop the ']' */
	const char *p = write_file_n("open.json", full, n);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 3);
	assert_int_equal(m.warnings.n, 1);
	char msg[100];
	snprintf(msg, sizeof msg, "truncated at byte %zu, before the closing ']'; 3 records kept", n);
	check_warning(&m, 0, p, n, msg);
	ls_model_done(&m);

	/* cut right after a comma: same story */
	p = write_file_n("comma.json", full, (size_t)offset_of(full, "{\"request_id\":\"req-3\""));
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 2);
	assert_int_equal(m.warnings.n, 1);
	assert_string_equal(m.warnings.v[0].message + strlen(m.warnings.v[0].message) - 14, "2 records kept");
	ls_model_done(&m);
	free(full);
}

static void test_truncated_before_any_record(void **state)
{
	(void)state;
	const char *p = write_file("start.json", "[{\"request_id\":\"re");
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, 1, "truncated at byte 18, inside this record; 0 records kept");
	ls_model_done(&m);
}

/* ---- one broken record: the reader gets back in step after it ---- */

/* 20 records; every 5th carries top_consumers, whose "},{" look like the
 * boundary between two records. */
static char *recs_detailed(void)
{
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 20; i++) {
		if (i > 1)
			ls_buf_puts(&b, ",");
		if (i % 5)
			add_rec(&b, i, 100 + i);
		else
			ls_buf_printf(&b, "{\"request_id\":\"req-%d\",\"endpoint\":\"/chat\",\"method\":\"POST\","
				"\"status_code\":200,\"memory\":{\"current_mb\":%d,\"top_consumers\":[{\"file\":\"/a.py:1\","
				"\"size_mb\":1.5,\"count\":3},{\"file\":\"/b.py:2\",\"size_mb\":0.5,\"count\":1}]},"
				"\"detailed_snapshot\":true}", i, 100 + i);
	}
	ls_buf_puts(&b, "]");
	return b.data;
}

/* text with the n bytes at `at` taken out */
static char *cut_out(const char *text, uint64_t at, size_t n)
{
	size_t len = strlen(text);
	char *t = ls_xmalloc(len + 1);
	memcpy(t, text, at);
	memcpy(t + at, text + at + n, len - at - n + 1);
	return t;
}

/* All but record `lost` kept, one warning about it (inside it), and no
 * word of truncation: the file ends with its ']'. */
static void check_one_lost(const char *name, const char *text, int lost)
{
	const char *p = write_file(name, text);
	char from[40], to[40];
	snprintf(from, sizeof from, "{\"request_id\":\"req-%d\"", lost);
	snprintf(to, sizeof to, "{\"request_id\":\"req-%d\"", lost + 1);
	uint64_t a = offset_of(text, from), b = lost < 20 ? offset_of(text, to) : strlen(text);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 19);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		for (uint32_t i = 0, want = 1; i < ep->n; i++, want++) {
			want += want == (uint32_t)lost;
			assert_int_equal(ep->req_no[i], want);
		}
		assert_int_equal(m.warnings.n, 1);
		assert_non_null(strstr(m.warnings.v[0].message, "record skipped"));
		assert_null(strstr(m.warnings.v[0].message, "truncated"));
		assert_true(m.warnings.v[0].offset >= a && m.warnings.v[0].offset < b);
		ls_model_done(&m);
	}
}

static void test_broken_record_resyncs(void **state)
{
	(void)state;
	char *full = recs_detailed();
	/* (a) a lost closing quote turns strings inside out to the end */
	const char *req3 = strstr(full, "{\"request_id\":\"req-3\"");
	char *t = cut_out(full, (uint64_t)(strstr(req3, "\"POST\"") - full) + 5, 1);
	check_one_lost("lost-quote.json", t, 3);
	free(t);
	/* ... in a record with top_consumers after the break */
	const char *req5 = strstr(full, "{\"request_id\":\"req-5\"");
	t = cut_out(full, (uint64_t)(strstr(req5, "\"POST\"") - full) + 5, 1);
	check_one_lost("lost-quote-detailed.json", t, 5);
	free(t);
	/* ... in the last record, whose bytes then hold the closing ']' */
	const char *req20 = strstr(full, "{\"request_id\":\"req-20\"");
	t = cut_out(full, (uint64_t)(strstr(req20, "\"POST\"") - full) + 5, 1);
	check_one_lost("lost-quote-last.json", t, 20);
	free(t);
	/* (b) a lost '}': one element runs over every record after it */
	t = cut_out(full, (uint64_t)(strstr(req3, "},\"detailed_snapshot\"") - full), 1);
	check_one_lost("lost-brace.json", t, 3);
	free(t);
	t = cut_out(full, (uint64_t)(strstr(req5, "}]}") - full) + 2, 1);
	check_one_lost("lost-brace-detailed.json", t, 5);
	free(t);
	/* ... the record's own closing '}': "true,{" has no '}' before the
	 * next record, which was lost with the broken one */
	const char *req4 = strstr(full, "{\"request_id\":\"req-4\"");
	t = cut_out(full, (uint64_t)(strstr(req4, "false},{") - full) + 5, 1);
	check_one_lost("lost-last-brace.json", t, 4);
	free(t);
	t = cut_out(full, (uint64_t)(strstr(req5, "true},{") - full) + 4, 1);
	check_one_lost("lost-last-brace-detailed.json", t, 5);
	free(t);
	/* (c) a lost quote in the last key: json-c reads the string
	 * "detailed_snapshot:false},{" and gives up after it, past the
	 * '{' of the next record, which was lost with the broken one */
	t = cut_out(full, (uint64_t)(strstr(req4, "\":false},{") - full), 1);
	check_one_lost("lost-quote-last-key.json", t, 4);
	free(t);
	t = cut_out(full, (uint64_t)(strstr(req5, "\":true},{") - full), 1);
	check_one_lost("lost-quote-last-key-detailed.json", t, 5);
	free(t);
	/* (d) a record cut right after a ':' (a key's, or one inside a
	 * string value) and the next written after it: ":,{" puts no object
	 * in a value (no value is empty), so the record after it is one; it
	 * was taken for the cut key's value and lost without a word */
	static const char *const cut_after[] = {"\"request_id\":", "\"method\":", "\"/a.py:"};
	const char *rec[] = {req3, req5, req5};
	for (int k = 0; k < 3; k++) {
		const char *from = strstr(rec[k], cut_after[k]) + strlen(cut_after[k]);
		const char *next = strstr(from, ",{\"request_id\"");
		uint64_t at = (uint64_t)(rec[k] - full);
		t = cut_out(full, (uint64_t)(from - full), (size_t)(next - from));
		const char *p = write_file("cut-after-colon.json", t);
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 19);
		assert_int_equal(m.warnings.n, 1);
		/* the record's bytes up to the cut */
		check_warning(&m, 0, p, at, skipped("invalid JSON in record (not closed before the next record starts)",
			(uint64_t)(from - full) - at, at));
		ls_model_done(&m);
		free(t);
	}
	/* a stray byte after a record: "}{,{" is no record, and the one
	 * after it is read; no record was lost there, and the warning does
	 * not say one was */
	uint64_t at = (uint64_t)(strstr(req4, "false},{") - full) + 6;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_add(&b, full, at);
	ls_buf_puts(&b, "{");
	ls_buf_puts(&b, full + at);
	const char *p = write_file("stray-brace.json", b.data);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 20);
		assert_int_equal(m.warnings.n, 2);
		check_warning(&m, 0, p, at, "a stray '{' before a record; skipped");
		check_warning(&m, 1, p, at, "missing or extra ',' between records (1 place, first at this offset); records "
			"read anyway");
		ls_model_done(&m);
	}
	ls_buf_done(&b);

	/* a broken record, then a file cut inside record 19: that one is
	 * truncated, and said so at its start */
	t = cut_out(full, (uint64_t)(strstr(req3, "\"POST\"") - full) + 5, 1);
	size_t cut = (size_t)offset_of(t, "{\"request_id\":\"req-19\"") + 30;
	p = write_file_n("lost-and-cut.json", t, cut);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 17);
	assert_int_equal(m.warnings.n, 2);
	char msg[100];
	snprintf(msg, sizeof msg, "truncated at byte %zu, inside this record; 17 records kept", cut);
	check_warning(&m, 1, p, offset_of(t, "{\"request_id\":\"req-19\""), msg);
	ls_model_done(&m);
	free(t);
	free(full);
}

static void test_comment_between_records(void **state)
{
	(void)state;
	char *full = recs_detailed();
	uint64_t at = offset_of(full, "{\"request_id\":\"req-3\"");
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_add(&b, full, at);
	ls_buf_puts(&b, "/* a comment, with {\"request_id\":\"req-99\"} */ ");
	ls_buf_puts(&b, full + at);
	const char *p = write_file("comment.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 20);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, at, "comment between records (1 place, first at this offset; JSON has none); ignored");
	ls_model_done(&m);

	/* a line comment, and junk that runs into a record's '{' */
	b.len = 0;
	ls_buf_add(&b, full, at);
	ls_buf_puts(&b, "// note\n");
	ls_buf_puts(&b, full + at);
	p = write_file("comment2.json", b.data);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 20);
	assert_int_equal(m.warnings.n, 1);
	ls_model_done(&m);
	b.len = 0;
	ls_buf_add(&b, full, at);
	ls_buf_puts(&b, "junk");
	ls_buf_puts(&b, full + at);
	p = write_file("junk.json", b.data);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 20);
	for (size_t i = 0; i < m.warnings.n; i++)
		assert_null(strstr(m.warnings.v[i].message, "(continue)"));
	ls_model_done(&m);
	ls_buf_done(&b);
	free(full);
}

/* A stray '"' or '[' between two records took the records after it: the
 * quote turned the next record inside out (its '{' inside a string, its
 * keys outside), the bracket made one array element of every record up to
 * the file's ']', refused whole as "an array, not an object". */
static void test_stray_quote_or_bracket(void **state)
{
	(void)state;
	char *full = recs_detailed();
	uint64_t at = offset_of(full, "{\"request_id\":\"req-5\"") - 1;
	struct ls_buf b;
	ls_buf_init(&b);
	for (int k = 0; k < 2; k++) {
		/* }",{ and },[{ */
		uint64_t ins = at + (uint64_t)k;
		b.len = 0;
		ls_buf_add(&b, full, ins);
		ls_buf_puts(&b, k ? "[" : "\"");
		ls_buf_puts(&b, full + ins);
		const char *p = write_file("stray.json", b.data);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 20);
			const struct ls_endpoint *ep = &m.proc[0].ep[0];
			for (uint32_t i = 0; i < ep->n; i++)
				assert_int_equal(ep->req_no[i], i + 1);
			assert_int_equal(m.warnings.n, 2);
			if (k) {
				check_warning(&m, 0, p, at + 1, "'[' inside the array: an array of records as one of its "
					"elements (a stray '['?); the records in it read");
				char msg[100];
				snprintf(msg, sizeof msg, "truncated at byte %zu, before the closing ']'; 20 records kept", b.len);
				check_warning(&m, 1, p, b.len, msg);
			} else {
				/* the '"' and the ',' after it: no record, and
				 * none said to be skipped */
				char msg[120];
				snprintf(msg, sizeof msg, "bytes between records that are no record (it ends before it is "
					"complete); skipped (2 bytes from byte %llu)", (unsigned long long)at);
				check_warning(&m, 0, p, at, msg);
				check_warning(&m, 1, p, at, "missing or extra ',' between records (2 places, first at this "
					"offset); records read anyway");
			}
			ls_model_done(&m);
		}
	}
	/* a stray '{' before the file's ']' ("}{]"): no record either (it
	 * said "record skipped") */
	const char *p = write_file("stray.json", put_in(&b, full, strlen(full) - 1, "{", ""));
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 20);
	assert_int_equal(m.warnings.n, 2);
	char msg[120];
	snprintf(msg, sizeof msg, "bytes between records that are no record (quoted object property name expected); "
		"skipped (1 byte from byte %zu)", strlen(full) - 1);
	check_warning(&m, 0, p, strlen(full) - 1, msg);
	ls_model_done(&m);
	ls_buf_done(&b);
	free(full);
}

/* A stray '{' or '[' before every record (each record one level deeper
 * than the last): every record is read, and each opener is said as what
 * it is, at its offset. In a file too small for the loader's probe, the
 * resync said "invalid JSON in record ...; record skipped" and a missing
 * ',' for each, though no record was lost, and with '[' lost the last
 * record. In a big one the probe cuts them; '[' cost a json-c parse 32
 * levels deep per record. */
static void test_stray_opener_before_each_record(void **state)
{
	(void)state;
	static const unsigned sizes[] = {6, 600};
	/* each opener run, and how many of the 6 small ones are said as
	 * strays ('[': the last one, closed by the file's ']', is an array) */
	static const struct {
		const char *op;
		unsigned small;
	} runs[] = {{"{", 6}, {"[", 5}, {"{{", 6}, {"[{", 6}, {"{[", 6}};
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		for (size_t z = 0; z < 2; z++) {
			unsigned n = sizes[z];
			struct ls_buf b;
			ls_buf_init(&b);
			ls_buf_puts(&b, "[");
			uint64_t *at = calloc(n, sizeof *at);
			for (unsigned i = 1; i <= n; i++) {
				if (i > 1)
					ls_buf_puts(&b, ",");
				at[i - 1] = b.len;
				ls_buf_printf(&b, "%s{\"request_id\":\"req-%u\",\"endpoint\":\"/x\",\"memory\":"
					"{\"current_mb\":1.5}}", runs[k].op, i);
			}
			ls_buf_puts(&b, "]");
			const char *p = write_file("stray-openers.json", b.data);
			char stray[48];
			snprintf(stray, sizeof stray, "a stray '%s' before a record; skipped", runs[k].op);
			for (unsigned threads = 1; threads <= 3; threads += 2) {
				struct ls_model m;
				assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
				assert_int_equal(m.records_loaded, n);
				/* the openers in order, then (all '[' but the last
				 * closed by the file's ']') what the file lacks */
				size_t listed = 0;
				while (listed < m.warnings.n && !strcmp(m.warnings.v[listed].message, stray)) {
					assert_int_equal(m.warnings.v[listed].offset, at[listed]);
					listed++;
				}
				for (size_t i = listed; i < m.warnings.n; i++) {
					const char *w = m.warnings.v[i].message;
					assert_null(strstr(w, "record skipped"));
					assert_null(strstr(w, "','"));
				}
				if (z == 0)
					assert_int_equal(listed, runs[k].small);
				else
					assert_true(listed >= 100);
				ls_model_done(&m);
			}
			free(at);
			ls_buf_done(&b);
		}
	}
}

/* A record with no memory reading (no memory object, a misspelt key, an
 * empty one, or one without current_mb; a rewrite that splices two records
 * leaves one so) was counted as a request and left out of the memory
 * series without a word. It is said once per file, at the first. */
static void test_records_without_reading(void **state)
{
	(void)state;
	static const char *const mem[] = {"", ",\"Memory\":{\"current_mb\":1}", ",\"memory\":{}",
		",\"memory\":{\"peak_mb\":2}"};
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	uint64_t first = 0;
	for (int i = 1; i <= 20; i++) {
		if (i > 1)
			ls_buf_puts(&b, ",");
		if (i == 5)
			first = b.len;
		ls_buf_printf(&b, "{\"request_id\":\"req-%d\",\"endpoint\":\"/x\"%s}", i,
			i % 5 == 0 ? mem[i / 5 - 1] : ",\"memory\":{\"current_mb\":1}");
	}
	ls_buf_puts(&b, "]");
	const char *p = write_file("no-reading.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 20);
	uint32_t with = 0;
	for (uint32_t r = 0; r < m.proc[0].ep[0].n; r++)
		with += ls_endpoint_has_heap(&m.proc[0].ep[0], r);
	assert_int_equal(with, 16);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, first, "4 records with no memory reading (current_mb; first at this offset): counted "
		"as requests, left out of the memory series");
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* A file is one endpoint's; the profiler names it by a rule two endpoints
 * can share (/chat/completions and /chat_completions both write
 * chat_completions.json). Records of the second name were read as the
 * first's without a word. */
static void test_records_of_another_endpoint(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	uint64_t first_other = 0;
	for (int i = 1; i <= 30; i++) {
		const char *name = i % 3 == 0 ? "/chat_completions" : i == 29 ? "/third" : "/chat/completions";
		if (i == 3)
			first_other = b.len + 1;
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"endpoint\":\"%s\",\"memory\":{\"current_mb\":1}}",
			i > 1 ? "," : "", i, name);
	}
	ls_buf_puts(&b, "]");
	const char *p = write_file("chat_completions.json", b.data);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 30);
		assert_string_equal(m.proc[0].ep[0].name, "/chat/completions");
		assert_int_equal(m.warnings.n, 1);
		check_warning(&m, 0, p, first_other, "records of another endpoint, the first at this offset: "
			"\"/chat_completions\" (10 records), \"/third\" (1 record); all read as \"/chat/completions\", the "
			"file's first");
		ls_model_done(&m);
	}
	ls_buf_done(&b);
}

/* A latency of 3e12 s or a timestamp 31 million years away was taken as
 * read: the report said "Latency: avg 3000000000000.098633 s", the title
 * bar a year of -31369882. Beyond what a request takes, or when profiles
 * are written, a value is damage: refused and said. */
static void test_implausible_time_and_latency(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"timestamp\":0,\"latency\":999999,\"current_mb\":1},"
		"{\"request_id\":\"req-2\",\"timestamp\":-5,\"latency\":2e6,\"current_mb\":1},"
		"{\"request_id\":\"req-3\",\"timestamp\":2e10,\"latency\":0.5,\"current_mb\":1}]";
	const char *p = write_file("implausible.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->n, 3);
	assert_true((ep->flags[0] & LS_REQ_HAS_TIME) && (ep->flags[0] & LS_REQ_HAS_LATENCY));
	assert_false(ep->flags[1] & (LS_REQ_HAS_TIME | LS_REQ_HAS_LATENCY));
	assert_false(ep->flags[2] & LS_REQ_HAS_TIME);
	assert_true(ep->flags[2] & LS_REQ_HAS_LATENCY);
	assert_int_equal(m.warnings.n, 3);
	check_warning(&m, 0, p, offset_of(text, "\"timestamp\":-5"), "timestamp: refused -5, no time a profile was "
		"written (Unix seconds, 1970 to 2286); value ignored");
	check_warning(&m, 1, p, offset_of(text, "\"latency\":2e6"), "latency: refused 2e6 s, longer than any request "
		"takes (the ceiling is 1e6 s, 11.6 days); value ignored");
	check_warning(&m, 2, p, offset_of(text, "\"timestamp\":2e10"), "timestamp: refused 2e10, no time a profile "
		"was written (Unix seconds, 1970 to 2286); value ignored");
	ls_model_done(&m);
}

/* A ']' that closes the array early as the last byte of the first 1 MiB
 * window, a record starting the next: the check of the byte before that
 * record read one byte before the window's buffer (ASan: heap-buffer-
 * overflow; found by a fuzzing helper). Every record is read. */
static void test_close_at_window_end(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	unsigned n = 0;
	while (b.len < (1u << 20) - 200) {
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%u\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":1}}",
			n ? "," : "", n + 1);
		n++;
	}
	while (b.len < (1u << 20) - 1)
		ls_buf_puts(&b, " ");
	ls_buf_puts(&b, "]"); /* byte 1,048,575 */
	assert_int_equal(b.len, 1u << 20);
	for (unsigned k = 0; k < 3; k++, n++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%u\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":1}}",
			k ? "," : "", n + 1);
	ls_buf_puts(&b, "]");
	const char *p = write_file_n("close-at-window-end.json", b.data, b.len);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, n);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, (1u << 20) - 1, "unexpected ']' between records (records follow it); ignored");
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* An array of records whose first item is an array of records: every
 * record in it was lost, refused whole as "an array, not an object"
 * ("[r0,[[r1,r2]],r3]": 2 of 4; a whole file wrapped twice: nothing). */
static void test_nested_arrays_of_records(void **state)
{
	(void)state;
	static const char *const forms[] = {"[R,[[R,R]],R]", "[[[R,R,R]]]", "[R,[[[R],R]],R]"};
	for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
		struct ls_buf b;
		ls_buf_init(&b);
		unsigned n = 0;
		for (const char *c = forms[f]; *c; c++) {
			if (*c == 'R')
				ls_buf_printf(&b, "{\"request_id\":\"req-%u\",\"endpoint\":\"/x\",\"memory\":"
					"{\"current_mb\":1}}", ++n);
			else
				ls_buf_add(&b, c, 1);
		}
		const char *p = write_file("nested-arrays.json", b.data);
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, n);
		for (size_t i = 0; i < m.warnings.n; i++)
			assert_non_null(strstr(m.warnings.v[i].message, "an array of records as one of its elements"));
		ls_model_done(&m);
		ls_buf_done(&b);
	}
}

/* A comment that JSON's reader would end only at the end of the file (a
 * block comment never closed, a line comment in a file written on one
 * line) hid every record after it, and the array's ']': the user was told
 * that the file was truncated, not where the comment began. The records
 * after it are read, and the comment is named at its offset. */
static void test_comment_hides_the_rest(void **state)
{
	(void)state;
	char *full = recs_detailed();
	uint64_t at = offset_of(full, "{\"request_id\":\"req-3\"");
	struct ls_buf b;
	ls_buf_init(&b);
	static const char *const ins[] = {"/* a note ", "// a note ", "// a note "};
	static const char *const tail[] = {"", "", "\n"};
	static const char *const what[] = {"comment '/*' never closed",
		"comment '//' runs to the end of the file (its line is the last, as in a file written on one line)",
		"comment '//' runs to the end of the file (its line is the last, as in a file written on one line)"};
	for (int k = 0; k < 3; k++) {
		const char *t = put_in(&b, full, at, ins[k], tail[k]);
		const char *p = write_file("hides.json", t);
		char msg[300];
		snprintf(msg, sizeof msg, "%s; JSON has none, and it would hide the rest of the file: read on from the first "
			"'{' or ']' after it, at byte %llu", what[k], (unsigned long long)(at + strlen(ins[k])));
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 20);
			assert_int_equal(m.warnings.n, 1);
			check_warning(&m, 0, p, at, msg);
			ls_model_done(&m);
		}
	}

	/* nothing after it: said so, and the file is cut */
	size_t n = strlen(full) - 1;
	b.len = 0;
	ls_buf_add(&b, full, n);
	ls_buf_puts(&b, ",/* a note");
	const char *p = write_file("hides-nothing.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 20);
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, p, n + 1, "comment '/*' never closed; JSON has none: the file ends inside it, with no "
		"record or ']' after it");
	char msg[120];
	snprintf(msg, sizeof msg, "truncated at byte %zu, before the closing ']'; 20 records kept", b.len);
	check_warning(&m, 1, p, b.len, msg);
	ls_model_done(&m);

	/* after a broken record, where the resync reads on */
	const char *req2 = strstr(full, "{\"request_id\":\"req-2\"");
	char *broken = cut_out(full, (uint64_t)(strstr(req2, "\"POST\"") - full) + 5, 1);
	for (int k = 0; k < 2; k++) {
		/* before the record after the broken one, and after it */
		const char *rec = k ? "{\"request_id\":\"req-4\"" : "{\"request_id\":\"req-3\"";
		p = write_file("broken-hides.json", put_in(&b, broken, offset_of(broken, rec), "/* a note ", ""));
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 19);
			assert_null(strstr(m.warnings.v[m.warnings.n - 1].message, "truncated"));
			ls_model_done(&m);
		}
	}
	free(broken);

	/* a file of many windows: read again from the comment on */
	b.len = 0;
	ls_buf_puts(&b, "[");
	int nrec = 0;
	while (b.len < 3u << 20) {
		ls_buf_puts(&b, nrec ? "," : "");
		add_rec(&b, ++nrec, 100);
		if (nrec == 2)
			ls_buf_puts(&b, ",/* a note ");
	}
	ls_buf_puts(&b, "]");
	p = write_file("hides-big.json", b.data);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, (uint64_t)nrec);
		assert_int_equal(m.warnings.n, 1);
		assert_non_null(strstr(m.warnings.v[0].message, "never closed"));
		ls_model_done(&m);
	}
	ls_buf_done(&b);
	free(full);
}

/* A broken record early in a file of many windows: the reader cuts it where
 * the next record starts instead of holding the rest of the file. */
static void test_broken_record_big_file(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	int n = 0;
	while (b.len < 3u << 20) {
		if (n)
			ls_buf_puts(&b, ",");
		add_rec(&b, ++n, 100);
	}
	ls_buf_puts(&b, "]");
	const char *req2 = strstr(b.data, "{\"request_id\":\"req-2\"");
	/* a lost quote in the middle of the record, and in its last key
	 * (where json-c gives up only past the next record's '{') */
	const uint64_t at[] = {(uint64_t)(strstr(req2, "\"POST\"") - b.data) + 5,
		(uint64_t)(strstr(req2, "\":false},{") - b.data)};
	for (int k = 0; k < 2; k++) {
		char *t = cut_out(b.data, at[k], 1);
		const char *p = write_file("big-broken.json", t);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, (uint64_t)n - 1);
			assert_int_equal(m.proc[0].ep[0].req_no[1], 3);
			assert_int_equal(m.warnings.n, 1);
			assert_null(strstr(m.warnings.v[0].message, "truncated"));
			ls_model_done(&m);
		}
		free(t);
	}
	ls_buf_done(&b);
}

/* Load path on one thread, by the fast path or json-c only (jsonc). */
static void load_by(struct ls_model *m, const char *path, int jsonc)
{
	struct ls_load_opts o = {.threads = 1, .jsonc_only = jsonc};
	ls_model_init(m);
	assert_int_equal(ls_load_paths(m, &path, 1, &o), LS_LOAD_OK);
}

/* A raw control byte inside a string (a literal newline, TAB or ESC):
 * Python's json refuses it, json-c does not. The value stays as written,
 * and each record that holds one says so, at the byte, on both paths. */
static void test_raw_control_in_strings(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"endpoint\":\"/a\tb\",\"memory\":{\"current_mb\":1}},"
		"{\"request_id\":\"req-2\",\"had_error\":true,\"error_message\":\"line1\nline2\",\"memory\":{\"current_mb\":2}},"
		"{\"request_id\":\"req-3\",\"memory\":{\"current_mb\":3,\"top_consumers\":[{\"file\":\"/x\x1b.py:1\",\"size_mb\":1,"
		"\"count\":1}]}},"
		"{\"request_id\":\"req-4\",\"memory\":{\"current_mb\":4}}]";
	const char *p = write_file("ctl.json", text);
	for (int jsonc = 0; jsonc <= 1; jsonc++) {
		struct ls_model m;
		load_by(&m, p, jsonc);
		assert_int_equal(m.records_loaded, 4);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_string_equal(ep->name, "/a\tb");
		assert_string_equal(ls_intern_str(&m.proc[0].strings, ep->error_msg[1]), "line1\nline2");
		assert_int_equal(ep->cons_first[3] - ep->cons_first[2], 1);
		assert_int_equal(m.warnings.n, 3);
		check_warning(&m, 0, p, offset_of(text, "\t"), "raw control character 0x09 inside a string (JSON wants it "
			"escaped; Python's json refuses it); value kept");
		check_warning(&m, 1, p, offset_of(text, "\n"), "raw control character 0x0a inside a string (JSON wants it "
			"escaped; Python's json refuses it); value kept");
		check_warning(&m, 2, p, offset_of(text, "\x1b"), "raw control character 0x1b inside a string (JSON wants it "
			"escaped; Python's json refuses it); value kept");
		ls_model_done(&m);
	}
}

/* Values of the wrong type or out of range are refused aloud, like the
 * others: a number for endpoint, a negative (or 2-digit) status code, a
 * batch below 1. Both paths (the fast one hands them to json-c). */
static void test_wrong_type_or_range_warned(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"endpoint\":42,\"memory\":{\"current_mb\":1}},"
		"{\"request_id\":\"req-2\",\"endpoint\":\"/real\",\"status_code\":-200,\"memory\":{\"current_mb\":2}},"
		"{\"request_id\":\"req-3\",\"endpoint\":\"/real\",\"status_code\":42,\"memory\":{\"current_mb\":3}},"
		"{\"request_id\":\"req-4\",\"endpoint\":\"/real\",\"status_code\":404,\"memory\":{\"current_mb\":4}}]";
	const char *p = write_file("types.json", text);
	for (int jsonc = 0; jsonc <= 1; jsonc++) {
		struct ls_model m;
		load_by(&m, p, jsonc);
		assert_int_equal(m.records_loaded, 4);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_string_equal(ep->name, "/real");
		assert_false(ep->flags[1] & LS_REQ_HAS_STATUS);
		assert_false(ep->flags[2] & LS_REQ_HAS_STATUS);
		assert_true(ep->flags[3] & LS_REQ_HAS_STATUS);
		assert_int_equal(ep->status[3], 404);
		assert_int_equal(m.warnings.n, 3);
		check_warning(&m, 0, p, offset_of(text, "\"endpoint\":42"), "endpoint: expected a string, got an integer; ignored");
		check_warning(&m, 1, p, offset_of(text, "\"status_code\":-200"), "status_code: -200 is no HTTP status; ignored");
		check_warning(&m, 2, p, offset_of(text, "\"status_code\":42"), "status_code: 42 is no HTTP status; ignored");
		ls_model_done(&m);
	}

	const char *mt = "[{\"request_id\":\"req-1\",\"batch\":-2,\"current_mb\":1},"
		"{\"request_id\":\"req-2\",\"batch\":0,\"current_mb\":1},"
		"{\"request_id\":\"req-3\",\"batch\":1,\"current_mb\":1}]";
	p = write_file("batch-range.json", mt);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 3);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->batch[0], 0);
	assert_int_equal(ep->batch[1], 0);
	assert_int_equal(ep->batch[2], 1);
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, p, offset_of(mt, "\"batch\":-2"), "batch: -2 is out of range; ignored");
	check_warning(&m, 1, p, offset_of(mt, "\"batch\":0"), "batch: 0 is out of range; ignored");
	ls_model_done(&m);
}

/* ---- records that are not objects ---- */

static void test_record_not_object(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[12, \"text\", [1,2], null, true, 1.5, ");
	add_rec(&b, 7, 10);
	ls_buf_puts(&b, "]");
	const char *p = write_file("mixed.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 1);
	assert_int_equal(m.proc[0].ep[0].req_no[0], 7);
	assert_int_equal(m.warnings.n, 6);
	check_warning(&m, 0, p, 1, "record is an integer, not an object; skipped");
	check_warning(&m, 1, p, 5, "record is a string, not an object; skipped");
	check_warning(&m, 2, p, 13, "record is an array, not an object; skipped");
	check_warning(&m, 3, p, 20, "record is null; skipped");
	check_warning(&m, 4, p, 26, "record is a boolean, not an object; skipped");
	check_warning(&m, 5, p, 32, "record is a number, not an object; skipped");
	ls_model_done(&m);
	ls_buf_done(&b);
}

static void test_invalid_json_record(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 10);
	ls_buf_puts(&b, ",{\"request_id\":\"req-2\",\"latency\":0.1,,}, ");
	add_rec(&b, 3, 11);
	ls_buf_puts(&b, "]");
	const char *p = write_file("bad.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 2);
	assert_int_equal(m.warnings.n, 1);
	uint64_t at = offset_of(b.data, ",,}") + 1, r2 = offset_of(b.data, "{\"request_id\":\"req-2\"");
	check_warning(&m, 0, p, at, skipped("invalid JSON in record (quoted object property name expected)",
		at + 2 - r2, r2));
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* ---- fields of the wrong type: the record stays, the field goes ---- */

static void test_field_wrong_type(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"latency\":\"fast\",\"status_code\":\"200\",\"had_error\":1,"
		"\"endpoint\":\"current_mb\",\"memory\":{\"current_mb\":\"12\",\"peak_mb\":13.5}},"
		"{\"request_id\":\"req-2\",\"memory\":[1,2],\"timestamp\":true}]";
	const char *p = write_file("types.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 2);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->n, 2);
	/* record 1 kept: latency, status and current_mb dropped; peak and had_error read */
	assert_false(ep->flags[0] & LS_REQ_HAS_LATENCY);
	assert_false(ep->flags[0] & LS_REQ_HAS_STATUS);
	assert_false(ep->flags[0] & LS_REQ_HAS_MEM);
	assert_true(ep->flags[0] & LS_REQ_HAS_PEAK);
	assert_true(ep->peak_mb[0] == 13.5);
	assert_true(ep->flags[0] & LS_REQ_ERROR); /* 1 is truthy, like the original */
	assert_int_equal(ep->nerrors, 1);
	assert_false(ep->flags[1] & (LS_REQ_HAS_MEM | LS_REQ_HAS_TIME));
	assert_int_equal(m.warnings.n, 6);
	check_warning(&m, 0, p, offset_of(text, "\"latency\""), "latency: expected a number, got a string; value ignored");
	check_warning(&m, 1, p, offset_of(text, "\"status_code\""),
		"status_code: expected an integer, got a string; ignored");
	check_warning(&m, 2, p, offset_of(text, "\"had_error\""),
		"had_error: expected a boolean, got an integer; read as true like the original");
	/* the key, not the string value "current_mb" of endpoint */
	check_warning(&m, 3, p, offset_of(text, "\"current_mb\":"),
		"current_mb: expected a number, got a string; value ignored");
	uint64_t r2 = offset_of(text, "{\"request_id\":\"req-2\"");
	check_warning(&m, 4, p, r2 + offset_of(text + r2, "\"memory\""),
		"memory: expected an object, got an array; memory fields ignored");
	check_warning(&m, 5, p, offset_of(text, "\"timestamp\""),
		"timestamp: expected a number, got a boolean; value ignored");
	ls_model_done(&m);
}

static void test_non_finite_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *value, *shown;
	} cases[] = {
		/* a number as the file wrote it: json-c's value would be inf,
		 * its int64 clamp, or a rounded %g */
		{"NaN", "nan"}, {"Infinity", "inf"}, {"-Infinity", "-inf"}, {"1e400", "1e400"},
		{"99999999999999999999", "99999999999999999999"}, {"-1e300", "-1e300"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[300];
		snprintf(text, sizeof text,
			"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":%s,\"peak_mb\":%s}},"
			"{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":5.5,\"peak_mb\":6}}]",
			cases[i].value, cases[i].value);
		const char *p = write_file("nan.json", text);
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 2);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_false(ep->flags[0] & (LS_REQ_HAS_MEM | LS_REQ_HAS_PEAK));
		assert_true(ep->flags[1] & LS_REQ_HAS_MEM);
		assert_true(ep->current_mb[1] == 5.5);
		assert_true(ep->peak_mb[1] == 6.0); /* ints where floats are usual */
		assert_int_equal(m.warnings.n, 2);
		char msg[120];
		snprintf(msg, sizeof msg, "current_mb: refused non-finite or huge number %s", cases[i].shown);
		check_warning(&m, 0, p, offset_of(text, "\"current_mb\""), msg);
		snprintf(msg, sizeof msg, "peak_mb: refused non-finite or huge number %s", cases[i].shown);
		check_warning(&m, 1, p, offset_of(text, "\"peak_mb\""), msg);
		ls_model_done(&m);
	}
}

/* The other refused numbers are quoted as written too; where the key's
 * first occurrence in the record is another object's, the value read is
 * quoted instead of that one. */
static void test_refused_numbers_quoted_as_written(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"status_code\":99999999999999999999,"
		"\"memory\":{\"current_mb\":-0.0000001}},"
		"{\"request_id\":\"req-2\",\"note\":{\"current_mb\":3},\"memory\":{\"current_mb\":-2.50}}]";
	const char *p = write_file("quoted.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.warnings.n, 3);
	check_warning(&m, 0, p, offset_of(text, "\"status_code\""), "status_code: 99999999999999999999 is no HTTP status; ignored");
	check_warning(&m, 1, p, offset_of(text, "\"current_mb\""), "current_mb: refused negative -0.0000001; value ignored");
	check_warning(&m, 2, p, offset_of(text, "\"current_mb\":3"), "current_mb: refused negative -2.5; value ignored");
	ls_model_done(&m);
}

/* An integer refused where the key's first occurrence is another object's:
 * the value read is quoted, not the other object's number. */
static void test_refused_integer_not_anothers(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"upstream\":{\"status_code\":503},"
		"\"status_code\":99999999999,\"memory\":{\"current_mb\":1}},"
		"{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":2}}]";
	const char *p = write_file("nested.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, offset_of(text, "\"status_code\""), "status_code: 99999999999 is no HTTP status; ignored");
	ls_model_done(&m);
}

static void test_huge_consumer_numbers(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1,\"top_consumers\":["
		"{\"file\":\"a.py:1\",\"size_mb\":NaN,\"count\":1},"
		"{\"file\":\"a.py:2\",\"size_mb\":1e400,\"count\":1},"
		"{\"file\":\"a.py:3\",\"size_mb\":0.5,\"count\":99999999999999999999},"
		"{\"file\":7,\"size_mb\":0.5,\"count\":1},"
		"{\"file\":\"a.py:4\",\"size_mb\":0,\"count\":\"x\"}]}}]";
	const char *p = write_file("cons.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->ncons, 2);
	assert_string_equal(ls_intern_str(&m.proc[0].sites, ep->cons_site[0]), "a.py:3");
	assert_int_equal(ep->cons_count[0], INT64_MAX);
	assert_string_equal(ls_intern_str(&m.proc[0].sites, ep->cons_site[1]), "a.py:4");
	assert_int_equal(ep->cons_count[1], 0);
	uint64_t k = offset_of(text, "\"top_consumers\"");
	assert_int_equal(m.warnings.n, 4);
	check_warning(&m, 0, p, k, "top_consumers[0].size_mb: refused non-finite or huge number; consumer skipped");
	check_warning(&m, 1, p, k, "top_consumers[1].size_mb: refused non-finite or huge number; consumer skipped");
	check_warning(&m, 2, p, k, "top_consumers[3].file: expected a string, got an integer; consumer skipped");
	check_warning(&m, 3, p, k, "top_consumers[4].count: expected an integer, got a string; count read as 0");
	ls_model_done(&m);
}

/* A memory size no heap holds (over 1e9 MB, about 1 PB) is a damaged or
 * made-up number: refused with a warning, on both paths, the record kept.
 * 1e12 MB was taken without a word, and made every chart and fit of the
 * process a flat line beside it. */
static void test_heap_ceiling(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1e12,\"peak_mb\":1000000000.5,\"top_consumers\":["
		"{\"file\":\"a.py:1\",\"size_mb\":5e9,\"count\":1},{\"file\":\"a.py:2\",\"size_mb\":1e9,\"count\":1}]}},"
		"{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":1e9,\"peak_mb\":1000000000}}]";
	const char *p = write_file("ceiling.json", text);
	for (int jsonc = 0; jsonc <= 1; jsonc++) {
		struct ls_model m;
		load_by(&m, p, jsonc);
		assert_int_equal(m.records_loaded, 2);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_false(ep->flags[0] & (LS_REQ_HAS_MEM | LS_REQ_HAS_PEAK));
		assert_int_equal(ep->ncons, 1);
		assert_true(ep->cons_mb[0] == 1e9);
		/* the ceiling itself is a size */
		assert_true((ep->flags[1] & LS_REQ_HAS_MEM) && ep->current_mb[1] == 1e9 && ep->peak_mb[1] == 1e9);
		assert_int_equal(m.warnings.n, 3);
		check_warning(&m, 0, p, offset_of(text, "\"current_mb\""), "current_mb: refused 1e12 MB, more than any heap "
			"holds (the ceiling is 1e9 MB, about 1 PB); value ignored");
		check_warning(&m, 1, p, offset_of(text, "\"peak_mb\""), "peak_mb: refused 1000000000.5 MB, more than any heap "
			"holds (the ceiling is 1e9 MB, about 1 PB); value ignored");
		check_warning(&m, 2, p, offset_of(text, "\"top_consumers\""), "top_consumers[0].size_mb: refused 5e+09 MB, "
			"more than any heap holds (the ceiling is 1e9 MB, about 1 PB); consumer skipped");
		ls_model_done(&m);
	}
}

/* top_consumers_error holds the text of the exception that failed the
 * snapshot: any other value was taken as a failed snapshot without a word. */
static void test_consumers_error_not_text(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1,\"top_consumers_error\":\"MemoryError\"}},"
		"{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":1,\"top_consumers_error\":7}},"
		"{\"request_id\":\"req-3\",\"memory\":{\"current_mb\":1,\"top_consumers_error\":null}},"
		"{\"request_id\":\"req-4\",\"current_mb\":1,\"top_consumers_error\":[\"x\"]}]";
	const char *p = write_file("conserr.json", text);
	for (int jsonc = 0; jsonc <= 1; jsonc++) {
		struct ls_model m;
		load_by(&m, p, jsonc);
		assert_int_equal(m.records_loaded, 4);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_true(ep->flags[0] & LS_REQ_CONSUMERS_ERROR);
		for (uint32_t i = 1; i < 4; i++)
			assert_false(ep->flags[i] & LS_REQ_CONSUMERS_ERROR);
		assert_int_equal(m.warnings.n, 4);
		const char *const got[] = {"an integer", "null", "an array"};
		const char *const key[] = {"\"top_consumers_error\":7", "\"top_consumers_error\":null",
			"\"top_consumers_error\":["};
		/* in reading order: the memory-test record in a profile file
		 * (said once, at its start) before what is wrong inside it */
		for (int k = 0; k < 3; k++) {
			char msg[100];
			snprintf(msg, sizeof msg, "top_consumers_error: expected a string, got %s; ignored", got[k]);
			check_warning(&m, (size_t)k + (k == 2), p, offset_of(text, key[k]), msg);
		}
		check_warning(&m, 2, p, offset_of(text, "{\"request_id\":\"req-4\""),
			"record in memory-test format inside an endpoint-profile file; read anyway");
		ls_model_done(&m);
	}
}

/* A consumer's count is of live blocks: a negative one, or a fraction of a
 * block, was taken without a word (the fraction cut off). */
static void test_consumer_counts(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1,\"top_consumers\":["
		"{\"file\":\"a.py:1\",\"size_mb\":1,\"count\":-3},{\"file\":\"a.py:2\",\"size_mb\":1,\"count\":2.5},"
		"{\"file\":\"a.py:3\",\"size_mb\":1,\"count\":-1.0},{\"file\":\"a.py:4\",\"size_mb\":1,\"count\":4.0},"
		"{\"file\":\"a.py:5\",\"size_mb\":1,\"count\":0}]}}]";
	const char *p = write_file("counts.json", text);
	for (int jsonc = 0; jsonc <= 1; jsonc++) {
		struct ls_model m;
		load_by(&m, p, jsonc);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_int_equal(ep->ncons, 5);
		static const int64_t want[] = {0, 0, 0, 4, 0};
		for (int k = 0; k < 5; k++)
			assert_int_equal(ep->cons_count[k], want[k]);
		uint64_t k = offset_of(text, "\"top_consumers\"");
		assert_int_equal(m.warnings.n, 3);
		check_warning(&m, 0, p, k, "top_consumers[0].count: refused negative -3; count read as 0");
		check_warning(&m, 1, p, k, "top_consumers[1].count: 2.5 is not a whole number of blocks; count read as 0");
		check_warning(&m, 2, p, k, "top_consumers[2].count: refused negative -1; count read as 0");
		ls_model_done(&m);
	}
}

/* A top_consumers entry without "file" is listed as the site "unknown"
 * and one without size_mb is read as 0 MB, as the original tool does;
 * neither went without a word before. Said once per file, with a count,
 * by both readers. */
static void test_consumers_missing_keys(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1,\"top_consumers\":["
		"{\"file\":\"a.py:1\",\"size_mb\":1,\"count\":1}]}},"
		"{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":1,\"top_consumers\":["
		"{\"size_mb\":2,\"count\":1},{\"file\":\"a.py:2\",\"count\":3}]}},"
		"{\"request_id\":\"req-3\",\"memory\":{\"current_mb\":1,\"top_consumers\":["
		"{\"count\":1}]}}]";
	const char *p = write_file("consumer-keys.json", text);
	uint64_t second = offset_of(text, "\"req-2\"");
	second += offset_of(text + second, "\"top_consumers\"");
	for (int jsonc = 0; jsonc <= 1; jsonc++) {
		struct ls_model m;
		load_by(&m, p, jsonc);
		const struct ls_process *pr = &m.proc[0];
		const struct ls_endpoint *ep = &pr->ep[0];
		assert_int_equal(ep->ncons, 4);
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[1]), "unknown");
		assert_true(ep->cons_mb[1] == 2);
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[2]), "a.py:2");
		assert_true(ep->cons_mb[2] == 0);
		assert_int_equal(ep->cons_site[3], ep->cons_site[1]);
		assert_int_equal(m.warnings.n, 2);
		check_warning(&m, 0, p, second, "2 top_consumers entries with no \"file\" (first at this offset): "
			"listed as the site \"unknown\"");
		check_warning(&m, 1, p, second, "2 top_consumers entries with no size_mb (first at this offset): "
			"read as 0 MB");
		ls_model_done(&m);
	}
}

/* A lone surrogate escape is no character (Python writes one for each
 * byte of a path it could not decode). json-c made each U+FFFD without a
 * word, so that two such sites became one. Kept as its text, and said. */
static void test_lone_surrogates(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"endpoint\":\"/a\\ud800b\",\"memory\":{\"current_mb\":1,\"top_consumers\":["
		"{\"file\":\"/srv/caf\\udce9.py:1\",\"size_mb\":1,\"count\":1},"
		"{\"file\":\"/srv/caf\\udcc3.py:1\",\"size_mb\":1,\"count\":1},"
		"{\"file\":\"/ok\\ud83d\\ude00.py:2\",\"size_mb\":1,\"count\":1}]}},"
		"{\"request_id\":\"req-2\",\"had_error\":true,\"error_message\":\"x\\udc00\\ud800y \\\\ud800\","
		"\"memory\":{\"current_mb\":1}},"
		"{\"request_id\":\"req-3\",\"memory\":{\"current_mb\":1}}]";
	const char *p = write_file("surrogates.json", text);
	for (int jsonc = 0; jsonc <= 1; jsonc++) {
		struct ls_model m;
		load_by(&m, p, jsonc);
		assert_int_equal(m.records_loaded, 3);
		const struct ls_process *pr = &m.proc[0];
		const struct ls_endpoint *ep = &pr->ep[0];
		assert_string_equal(ep->name, "/a\\ud800b");
		assert_int_equal(ep->ncons, 3);
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[0]), "/srv/caf\\udce9.py:1");
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[1]), "/srv/caf\\udcc3.py:1");
		/* a pair is a character */
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[2]), "/ok\xf0\x9f\x98\x80.py:2");
		/* (an escaped backslash before "ud800" is no escape) */
		assert_string_equal(ls_intern_str(&pr->strings, ep->error_msg[1]), "x\\udc00\\ud800y \\ud800");
		assert_int_equal(m.warnings.n, 2);
		check_warning(&m, 0, p, offset_of(text, "\\ud800b"), "lone surrogate \\ud800 in a string (half of a "
			"UTF-16 pair, no character; 3 in this record); kept as the text \\ud800");
		check_warning(&m, 1, p, offset_of(text, "\\udc00"), "lone surrogate \\udc00 in a string (half of a "
			"UTF-16 pair, no character; 2 in this record); kept as the text \\udc00");
		ls_model_done(&m);
	}
}

/* ---- duplicates and unknown fields ---- */

static void test_duplicate_request_id(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	add_rec(&b, 5, 10);
	ls_buf_puts(&b, ",");
	add_rec(&b, 6, 11);
	ls_buf_puts(&b, ",");
	size_t second = b.len;
	add_rec(&b, 5, 12);
	ls_buf_puts(&b, "]");
	const char *p = write_file("dup.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->n, 3);
	/* both kept, in file order among themselves */
	assert_int_equal(ep->req_no[0], 5);
	assert_int_equal(ep->req_no[1], 5);
	assert_true(ep->current_mb[0] == 10);
	assert_true(ep->current_mb[1] == 12);
	assert_int_equal(ep->req_no[2], 6);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, second, "duplicate request_id req-5 (also at byte 1); both kept");
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* Request ids are process-wide: two files of one process sharing them are
 * a copy or another run's file. Said once per pair of files, on the later
 * one, with the count and where the first shared record is; ids shared
 * within one file are check_duplicates' (not repeated here). */
static void test_request_ids_shared_by_files(void **state)
{
	(void)state;
	make_dir("shared");
	char *a = recs(1, 10), *b = recs(6, 10);  /* 6..10 in both */
	write_file("shared/a.json", a);
	const char *pb = write_file("shared/b.json", b);
	write_file("shared/c.json", "[]");
	struct ls_model m;
	assert_int_equal(load_one_path(&m, tpath("shared"), 1), LS_LOAD_OK);
	assert_int_equal(m.nproc, 1);
	size_t k = m.warnings.n;
	for (size_t i = 0; i < m.warnings.n; i++)
		if (strstr(m.warnings.v[i].message, "also in"))
			k = i;
	assert_true(k < m.warnings.n);
	char want[512];
	snprintf(want, sizeof want, "5 request ids also in %s (from req-6): a file of another run, or a copy? both kept",
		tpath("shared/a.json"));
	check_warning(&m, k, pb, 1, want);
	/* checked again (a reload): replaced, not repeated */
	size_t n = m.warnings.n;
	ls_check_shared_ids(&m.warnings, &m.proc[0]);
	assert_int_equal(m.warnings.n, n);
	ls_model_done(&m);
	free(a);
	free(b);
}

/* Two files of one process whose records name one endpoint: both kept,
 * and said once, on the later file, naming the other (every list and
 * explanation would otherwise show two "/chat" and never say why). */
static void test_endpoint_named_twice(void **state)
{
	(void)state;
	make_dir("samename");
	char *a = recs(1, 5), *b = recs(6, 5);  /* both "/chat", ids apart */
	write_file("samename/a.json", a);
	const char *pb = write_file("samename/b.json", b);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, tpath("samename"), 1), LS_LOAD_OK);
	assert_int_equal(m.nproc, 1);
	assert_int_equal(m.proc[0].nep, 2);
	assert_int_equal(m.warnings.n, 1);
	char want[512];
	snprintf(want, sizeof want, "endpoint /chat is also that of %s: two endpoints of one process by one name, "
		"told apart only by their files", tpath("samename/a.json"));
	check_warning(&m, 0, pb, LS_NO_OFFSET, want);
	ls_model_done(&m);
	free(a);
	free(b);
}

/* Two records run together by a lost "},{" become one object with every key
 * twice; json-c keeps the last values, so the first record's data would
 * vanish without a word. Strings holding quotes and colons are not keys. */
static void test_duplicate_keys_warned(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":5},"
			   "\"request_id\":\"req-2\",\"memory\":{\"current_mb\":6}},"
			   "{\"request_id\":\"req-3\",\"error_message\":\"a \\\"x\\\": y\",\"memory\":{\"current_mb\":7}}]";
	const char *p = write_file("dupkeys.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->n, 2);
	assert_true(ep->current_mb[0] == 6);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, 1,
		"duplicate key in a record (two records run together?); the last value of each key was kept");
	ls_model_done(&m);
}

static void test_unknown_fields_silent(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"shiny\":{\"deep\":[1,{\"x\":null}]},\"weird\":NaN,"
		"\"memory\":{\"current_mb\":3.25,\"gpu_mb\":\"lots\"},\"z\":[]}]";
	const char *p = write_file("unknown.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 1);
	assert_true(m.proc[0].ep[0].current_mb[0] == 3.25);
	assert_int_equal(m.warnings.n, 0);
	ls_model_done(&m);
}

/* ---- the scanner is not fooled by strings ---- */

static void test_tricky_strings(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"endpoint\":\"/a]b}c\",\"had_error\":true,"
		"\"error_message\":\"quote \\\" bracket ] brace } [ { backslash \\\\\",\"memory\":{\"current_mb\":1}},"
		"{\"request_id\":\"req-2\",\"error_message\":\"\\\\\",\"memory\":{\"current_mb\":2}},"
		"{\"request_id\":\"req-3\",\"error_message\":\"caf\\u00e9 \\ud83d\\ude00 \xe2\x82\xac\",\"memory\":{\"current_mb\":3}}]";
	const char *p = write_file("strings.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.warnings.n, 0);
	const struct ls_process *pr = &m.proc[0];
	const struct ls_endpoint *ep = &pr->ep[0];
	assert_int_equal(ep->n, 3);
	assert_string_equal(ep->name, "/a]b}c");
	assert_string_equal(ls_intern_str(&pr->strings, ep->error_msg[0]),
		"quote \" bracket ] brace } [ { backslash \\");
	assert_string_equal(ls_intern_str(&pr->strings, ep->error_msg[1]), "\\");
	assert_string_equal(ls_intern_str(&pr->strings, ep->error_msg[2]), "caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac");
	assert_true(ep->current_mb[2] == 3);
	ls_model_done(&m);
}

/* ---- windows: elements across the 1 MiB boundary, and bigger than it ---- */

static void test_window_boundaries(void **state)
{
	(void)state;
	/* ~3 MiB of records whose lengths vary, so boundaries land everywhere,
	 * including inside strings and right after backslashes */
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	int n = 0;
	while (b.len < 3u << 20) {
		if (n)
			ls_buf_puts(&b, ",\n ");
		ls_buf_printf(&b, "{\"request_id\":\"req-%d\",\"error_message\":\"%.*s\\\"\\\\]}\",\"had_error\":true,"
			"\"memory\":{\"current_mb\":%d.5}}", n + 1, n % 97, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", n);
		n++;
	}
	ls_buf_puts(&b, "]");
	const char *p = write_file_n("big.json", b.data, b.len);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.warnings.n, 0);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_int_equal(ep->n, n);
		assert_int_equal(ep->nerrors, n);
		for (int i = 0; i < n; i++) {
			assert_int_equal(ep->req_no[i], i + 1);
			assert_true(ep->current_mb[i] == i + 0.5);
			const char *msg = ls_intern_str(&m.proc[0].strings, ep->error_msg[i]);
			assert_int_equal(strlen(msg), (size_t)(i % 97) + 4);
		}
		/* offsets point at the records */
		assert_memory_equal(b.data + ep->offset[n - 1], "{\"request_id\":", 14);
		ls_model_done(&m);
	}
	ls_buf_done(&b);
}

static void test_element_bigger_than_window(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 1);
	ls_buf_puts(&b, ",{\"request_id\":\"req-2\",\"error_message\":\"");
	size_t big = (5u << 20) / 2; /* 2.5 MiB of message */
	for (size_t i = 0; i < big; i++)
		ls_buf_add(&b, i % 1000 == 999 ? "\\\"" : "y", i % 1000 == 999 ? 2 : 1);
	ls_buf_puts(&b, "\",\"memory\":{\"current_mb\":2}},");
	add_rec(&b, 3, 3);
	ls_buf_puts(&b, "]");
	const char *p = write_file_n("huge.json", b.data, b.len);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 2), LS_LOAD_OK);
	assert_int_equal(m.warnings.n, 0);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->n, 3);
	assert_int_equal(strlen(ls_intern_str(&m.proc[0].strings, ep->error_msg[1])), big);
	assert_int_equal(ep->req_no[2], 3);
	assert_true(ep->current_mb[2] == 3);
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* ---- sites, formats, ordering ---- */

static void test_site_forms_interned_once(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1,\"top_consumers\":["
		"{\"file\":\"/srv/app/cache.py:88\",\"size_mb\":0.5,\"count\":10},"
		"{\"file\":\"  File \\\"/srv/app/cache.py\\\", line 88\",\"size_mb\":0.75,\"count\":900},"
		"{\"file\":\"<frozen importlib._bootstrap>:241\",\"size_mb\":0.1,\"count\":2},"
		"{\"file\":\"unknown\",\"size_mb\":0,\"count\":0}]}}]";
	const char *p = write_file("sites.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.warnings.n, 0);
	const struct ls_process *pr = &m.proc[0];
	const struct ls_endpoint *ep = &pr->ep[0];
	assert_int_equal(ep->ncons, 4);
	assert_int_equal(ls_intern_count(&pr->sites), 3);
	assert_int_equal(ep->cons_site[0], ep->cons_site[1]);
	assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[0]), "/srv/app/cache.py:88");
	assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[2]), "<frozen importlib._bootstrap>:241");
	assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[3]), "unknown");
	assert_true(ep->cons_mb[1] == 0.75);
	assert_int_equal(ep->cons_count[1], 900);
	assert_true(ep->flags[0] & LS_REQ_HAS_CONSUMERS);
	ls_model_done(&m);
}

static void test_snapshot_format(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-31\",\"batch\":2,\"request_in_batch\":1,\"timestamp\":\"2026-11-20T10:15:02.5\","
		"\"current_mb\":12.5,\"peak_mb\":14.1,\"had_error\":false,\"error_message\":null,"
		"\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/cache.py\\\", line 88\",\"size_mb\":0.75,\"count\":900}]},"
		"{\"request_id\":\"req-32\",\"batch\":2,\"request_in_batch\":2,\"timestamp\":\"2026-11-20T10:15:03\","
		"\"current_mb\":13,\"peak_mb\":14.1,\"had_error\":true,\"error_message\":\"boom\"}]";
	const char *p = write_file("memtest.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.warnings.n, 0);
	assert_int_equal(m.nproc, 1);
	const struct ls_process *pr = &m.proc[0];
	assert_string_equal(pr->path, p);
	const struct ls_endpoint *ep = &pr->ep[0];
	assert_int_equal(ep->format, LS_FMT_SNAPSHOT);
	assert_string_equal(ep->name, "memtest");
	assert_int_equal(ep->n, 2);
	assert_int_equal(ep->batch[0], 2);
	assert_true(ep->current_mb[0] == 12.5);
	assert_true(ep->current_mb[1] == 13);
	/* 2026-11-20T10:15:02.5 UTC */
	assert_true(fabs(ep->timestamp[0] - 1795169702.5) < 1e-6);
	assert_true(ep->flags[0] & LS_REQ_HAS_TIME);
	assert_int_equal(ep->error_msg[0], 0);
	assert_string_equal(ls_intern_str(&pr->strings, ep->error_msg[1]), "boom");
	assert_int_equal(ep->ncons, 1);
	assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[0]), "/srv/app/cache.py:88");
	ls_model_done(&m);

	/* each clue alone is enough: an ISO timestamp; a batch number */
	p = write_file("iso.json", "[{\"request_id\":\"req-1\",\"timestamp\":\"2026-11-20T00:00:00\"}]");
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.proc[0].ep[0].format, LS_FMT_SNAPSHOT);
	assert_true(m.proc[0].ep[0].timestamp[0] == 1795132800.0);
	ls_model_done(&m);
	p = write_file("batch.json", "[{\"request_id\":\"req-1\",\"batch\":1}]");
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.proc[0].ep[0].format, LS_FMT_SNAPSHOT);
	ls_model_done(&m);
	/* no zone: local time, as Python's datetime.now().isoformat() writes
	 * it (here 9 hours east of UTC) */
	setenv("TZ", "JST-9", 1);
	tzset();
	p = write_file("naive.json", "[{\"request_id\":\"req-1\",\"timestamp\":\"2026-11-20T00:00:00.5\"}]");
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_true(m.proc[0].ep[0].timestamp[0] == 1795132800.5 - 9 * 3600);
	ls_model_done(&m);
	setenv("TZ", "UTC0", 1);
	tzset();
	/* time zones; anything that is not a date is refused with a warning */
	const char *tz = "[{\"request_id\":\"req-1\",\"batch\":1,\"current_mb\":1,\"timestamp\":\"2026-11-20T10:15:02.250+02:00\"},"
		"{\"request_id\":\"req-2\",\"batch\":1,\"current_mb\":1,\"timestamp\":\"2026-11-20T10:15:02Z\"},"
		"{\"request_id\":\"req-3\",\"batch\":1,\"current_mb\":1,\"timestamp\":\"2026-11-20T10:15:nan\"},"
		"{\"request_id\":\"req-4\",\"batch\":1,\"current_mb\":1,\"timestamp\":\"2026-11-20T10:15:-1\"}]";
	p = write_file("tz.json", tz);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_true(fabs(m.proc[0].ep[0].timestamp[0] - (1795169702.25 - 7200)) < 1e-6);
	assert_true(m.proc[0].ep[0].timestamp[1] == 1795169702.0);
	assert_false(m.proc[0].ep[0].flags[2] & LS_REQ_HAS_TIME);
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, p, offset_of(tz, "\"timestamp\":\"2026-11-20T10:15:nan"),
		"timestamp \"2026-11-20T10:15:nan\" is not ISO-8601; ignored");
	check_warning(&m, 1, p, offset_of(tz, "\"timestamp\":\"2026-11-20T10:15:-1"),
		"timestamp \"2026-11-20T10:15:-1\" is not ISO-8601; ignored");
	ls_model_done(&m);
	/* times of the right form that no clock shows: mktime made the 30th
	 * of February the 2nd of March without a word */
	static const struct {
		const char *ts, *why;
	} bad[] = {
		{"2026-02-30T10:00:00", "February 2026 has 28 days"},
		{"2025-02-29T10:00:00", "February 2025 has 28 days"},
		{"1900-02-29", "February 1900 has 28 days"},
		{"2026-04-31T10:00:00.5", "April 2026 has 30 days"},
		{"2026-13-01T10:00:00", "there is no month 13"},
		{"2026-11-00T10:00:00", "there is no day 0"},
		{"2026-11-20T25:00:00", "there is no hour 25"},
		{"2026-11-20T10:60:00", "there is no minute 60"},
		{"2026-11-20T10:00:61", "there is no second 61"},
		{"0000-01-01T00:00:00", "there is no year 0"},
		{"2026-11-20T10:00:00+24:00", "a UTC offset is less than 24 hours"},
		{"2026-11-20T10:00:00-0160", "a UTC offset is less than 24 hours"},
	};
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[{\"request_id\":\"req-1\",\"batch\":1,\"current_mb\":1,\"timestamp\":\"2024-02-29T23:59:60\"}");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ls_buf_printf(&b, ",{\"request_id\":\"req-%zu\",\"batch\":1,\"current_mb\":1,\"timestamp\":\"%s\"}", i + 2,
			bad[i].ts);
	ls_buf_puts(&b, "]");
	p = write_file("impossible.json", b.data);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 1 + sizeof bad / sizeof bad[0]);
	/* a leap day, and a leap second, are times */
	assert_true(m.proc[0].ep[0].flags[0] & LS_REQ_HAS_TIME);
	assert_int_equal(m.warnings.n, sizeof bad / sizeof bad[0]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(m.proc[0].ep[0].flags[i + 1] & LS_REQ_HAS_TIME);
		char key[80], msg[160];
		snprintf(key, sizeof key, "\"timestamp\":\"%s", bad[i].ts);
		snprintf(msg, sizeof msg, "timestamp \"%s\" is no real time (%s); ignored", bad[i].ts, bad[i].why);
		check_warning(&m, i, p, offset_of(b.data, key), msg);
	}
	ls_model_done(&m);
	ls_buf_done(&b);
	/* a profile record (memory object) is not */
	p = write_file("prof.json", "[{\"request_id\":\"req-1\",\"timestamp\":5.0,\"memory\":{\"current_mb\":1}}]");
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.proc[0].ep[0].format, LS_FMT_PROFILE);
	ls_model_done(&m);
}

static void test_request_order(void **state)
{
	(void)state;
	/* Python int() on the text after the first '-': whitespace, '+',
	 * single underscores; anything else (and a missing id) orders as 0;
	 * ties keep file order */
	const char *text =
		"[{\"request_id\":\"req-9\",\"latency\":1},"
		"{\"request_id\":\"req- 7 \",\"latency\":2},"
		"{\"request_id\":\"req-+8\",\"latency\":3},"
		"{\"request_id\":\"req-1_0\",\"latency\":4},"
		"{\"request_id\":\"req-abc\",\"latency\":5},"
		"{\"latency\":6},"
		"{\"request_id\":\"req-3-x\",\"latency\":7},"
		"{\"request_id\":\"req-1__0\",\"latency\":8},"
		"{\"request_id\":\"req-99999999999999999999999\",\"latency\":9},"
		"{\"request_id\":\"req-7\",\"latency\":10},"
		"{\"request_id\":\"req-1999999999999999999\",\"latency\":11},"
		"{\"request_id\":\"req-9007199254740992\",\"latency\":12}]";
	const char *p = write_file("order.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->n, 12);
	static const double lat[] = {5, 6, 8, 7, 2, 10, 3, 1, 4, 12, 11, 9};
	static const int64_t no[] = {0, 0, 0, 3, 7, 7, 8, 9, 10, 9007199254740992, 1999999999999999999, INT64_MAX};
	for (int i = 0; i < 12; i++) {
		assert_true(ep->latency[i] == lat[i]);
		assert_int_equal(ep->req_no[i], no[i]);
	}
	assert_int_equal(m.warnings.n, 7);
	check_warning(&m, 1, p, offset_of(text, "\"request_id\":\"req-abc\""),
		"request_id \"req-abc\" has no number after '-'; ordered as 0");
	/* a missing id is said too: the record cannot join the timeline */
	check_warning(&m, 2, p, offset_of(text, "{\"latency\":6}"),
		"no request_id; ordered as 0, and left out of the fits over request numbers");
	check_warning(&m, 3, p, offset_of(text, "\"request_id\":\"req-1__0\""),
		"request_id \"req-1__0\" has no number after '-'; ordered as 0");
	/* beyond int64: sorted last as Python does, but said, and kept off the
	 * request axis (a place 10^18 away would flatten every fit) */
	check_warning(&m, 4, p, offset_of(text, "\"request_id\":\"req-99999999999999999999999\""),
		"request_id \"req-99999999999999999999999\": number too large; ordered last, and left out of the "
		"fits over request numbers");
	assert_false(ep->flags[11] & LS_REQ_HAS_ID);
	/* duplicates 7 and 7 (" 7 " and "7"), said after the records' own */
	/* none has a memory reading: said once, at the first */
	check_warning(&m, 0, p, 1, "12 records with no memory reading (current_mb; first at this offset): counted as "
		"requests, left out of the memory series");
	check_warning(&m, 6, p, offset_of(text, "{\"request_id\":\"req-7\""),
		"duplicate request_id req-7 (also at byte 36); both kept");
	/* within int64 but past 2^53, where no counter gets: a damaged id, said
	 * and kept off the axis as well (before, silently the x axis of every
	 * fit: "over requests 1 to 1,999,999,999,999,999,999"); 2^53 itself is
	 * still a place */
	check_warning(&m, 5, p, offset_of(text, "\"request_id\":\"req-1999999999999999999\""),
		"request_id \"req-1999999999999999999\": number too large; ordered last, and left out of the fits "
		"over request numbers");
	assert_false(ep->flags[10] & LS_REQ_HAS_ID);
	assert_true(ep->flags[9] & LS_REQ_HAS_ID);
	ls_model_done(&m);
}

/* ---- paths -> processes ---- */

static void test_directory_is_one_process(void **state)
{
	(void)state;
	make_dir("proc");
	/* (req-3 in both: a tie on the timeline, and a shared id) */
	const char *chat =
		"[{\"request_id\":\"req-2\",\"endpoint\":\"/chat\",\"memory\":{\"current_mb\":2,\"top_consumers\":"
		"[{\"file\":\"x.py:1\",\"size_mb\":1,\"count\":1}]}},"
		"{\"request_id\":\"req-3\",\"endpoint\":\"/chat\",\"memory\":{\"current_mb\":3}},"
		"{\"request_id\":\"req-5\",\"endpoint\":\"/chat\",\"memory\":{\"current_mb\":5}}]";
	write_file("proc/b_chat.json", chat);
	write_file("proc/a_health.json",
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1,\"top_consumers\":"
		"[{\"file\":\"  File \\\"x.py\\\", line 1\",\"size_mb\":2,\"count\":1}]}},"
		"{\"request_id\":\"req-3\",\"memory\":{\"current_mb\":3.5}},"
		"{\"request_id\":\"req-4\",\"memory\":{\"current_mb\":4}}]");
	write_file("proc/empty.json", "");
	write_file("proc/notes.txt", "not json");
	write_file("proc/memtest.json", "[{\"request_id\":\"req-1\",\"batch\":1,\"current_mb\":7}]");
	struct ls_model m;
	for (unsigned threads = 1; threads <= 2; threads++) {
		assert_int_equal(load_one_path(&m, tpath("proc"), threads), LS_LOAD_OK);
		/* the directory, then the memory-test file as its own process */
		assert_int_equal(m.nproc, 2);
		const struct ls_process *pr = &m.proc[0];
		assert_string_equal(pr->path, tpath("proc"));
		assert_int_equal(pr->nep, 2);
		assert_string_equal(pr->ep[0].name, "a_health"); /* no endpoint field: the file name */
		assert_string_equal(pr->ep[1].name, "/chat");
		assert_int_equal(ls_intern_count(&pr->sites), 1); /* one site shared by both endpoints */
		assert_int_equal(pr->ep[0].cons_site[0], pr->ep[1].cons_site[0]);
		assert_string_equal(m.proc[1].path, tpath("proc/memtest.json"));
		assert_int_equal(m.proc[1].ep[0].format, LS_FMT_SNAPSHOT);
		assert_int_equal(m.files_loaded, 3);
		assert_int_equal(m.files_failed, 1);
		assert_int_equal(m.records_loaded, 7);
		assert_int_equal(m.warnings.n, 2);
		check_warning(&m, 0, tpath("proc/empty.json"), 0,
			"empty file (the profiler may be rewriting it); nothing loaded");
		char shared[512];
		snprintf(shared, sizeof shared, "1 request id also in %s (from req-3): a file of another run, or a copy? "
			"both kept", tpath("proc/a_health.json"));
		check_warning(&m, 1, tpath("proc/b_chat.json"), offset_of(chat, "{\"request_id\":\"req-3\""), shared);

		/* merged timeline: by request number, ties to the lower endpoint */
		static const uint32_t tl_ep[] = {0, 1, 0, 1, 0, 1};
		static const uint32_t tl_row[] = {0, 0, 1, 1, 2, 2};
		assert_int_equal(pr->ntl, 6);
		for (int i = 0; i < 6; i++) {
			assert_int_equal(pr->tl_ep[i], tl_ep[i]);
			assert_int_equal(pr->tl_row[i], tl_row[i]);
		}
		ls_model_done(&m);
	}
}

static void test_directory_of_processes(void **state)
{
	(void)state;
	make_dir("fleet");
	make_dir("fleet/web1");
	make_dir("fleet/web2");
	make_dir("fleet/web2/deeper");
	make_dir("fleet/web10");
	make_dir("fleet/nothing");
	write_file("fleet/web10/ep10.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":5}}]");
	write_file("fleet/web10/ep2.json", "[{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":6}}]");
	write_file("fleet/web1/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}}]");
	write_file("fleet/web1/b.json", "[{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":2}}]");
	write_file("fleet/web2/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":3}}]");
	write_file("fleet/web2/deeper/x.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":4}}]");
	make_dir("fleet/group");
	make_dir("fleet/group/web3");
	write_file("fleet/group/web3/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":7}}]");
	struct ls_model m;
	assert_int_equal(load_one_path(&m, tpath("fleet"), 2), LS_LOAD_OK);
	assert_int_equal(m.nproc, 3);
	assert_string_equal(m.proc[0].path, tpath("fleet/web1"));
	assert_int_equal(m.proc[0].nep, 2);
	assert_string_equal(m.proc[1].path, tpath("fleet/web2"));
	assert_int_equal(m.proc[1].nep, 1); /* not recursive beyond one level */
	assert_true(m.proc[1].ep[0].current_mb[0] == 3);
	/* natural order, like ls -v: web2 before web10, ep2.json before ep10.json */
	assert_string_equal(m.proc[2].path, tpath("fleet/web10"));
	assert_int_equal(m.proc[2].nep, 2);
	assert_true(m.proc[2].ep[0].current_mb[0] == 6);
	assert_true(m.proc[2].ep[1].current_mb[0] == 5);
	/* what lies deeper is not read, and said (it was skipped without a word) */
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, tpath("fleet/group"), LS_NO_OFFSET, "1 folder in it with *.json files not read (web3): "
		"a folder holding *.json files is one process (give the folders to open them)");
	check_warning(&m, 1, tpath("fleet/web2"), LS_NO_OFFSET, "1 folder in it with *.json files not read (deeper): "
		"a folder holding *.json files is one process (give the folders to open them)");
	ls_model_done(&m);
}

/* A stray profile beside process folders makes the folder one process of
 * that file alone: the folders it leaves unread are said, by name, not
 * hidden (an empty folder is none of them). */
static void test_stray_file_beside_process_folders(void **state)
{
	(void)state;
	make_dir("stray");
	make_dir("stray/web1");
	make_dir("stray/web2");
	make_dir("stray/empty");
	write_file("stray/web1/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}}]");
	write_file("stray/web2/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":2}}]");
	write_file("stray/t.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":3}}]");
	struct ls_model m;
	assert_int_equal(load_one_path(&m, tpath("stray"), 1), LS_LOAD_OK);
	assert_int_equal(m.nproc, 1);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, tpath("stray"), LS_NO_OFFSET, "2 folders in it with *.json files not read (web1, "
		"web2): a folder holding *.json files is one process (give the folders to open them)");
	ls_model_done(&m);
}

/* A folder that cannot be read is said, with why: given, or one level
 * down among process folders (it vanished without a word). Only a user
 * without root's powers is refused: as root, the check runs as nobody. */
static int load_locked(void)
{
	struct ls_model m;
	int bad = 0;
	bad |= load_one_path(&m, tpath("locked"), 1) != LS_LOAD_OK;
	bad |= m.nproc != 1 || m.warnings.n != 1;
	bad |= m.warnings.n < 1 || strcmp(m.warnings.v[0].file, tpath("locked/y")) ||
		strcmp(m.warnings.v[0].message, "cannot open: Permission denied");
	ls_model_done(&m);
	bad |= load_one_path(&m, tpath("locked/y"), 1) != LS_LOAD_NOTHING;
	bad |= m.warnings.n != 1 || strcmp(m.warnings.v[0].message, "cannot open: Permission denied");
	bad |= m.files_failed != 1;
	ls_model_done(&m);
	return bad;
}

static void test_unreadable_folder(void **state)
{
	(void)state;
	make_dir("locked");
	make_dir("locked/x");
	make_dir("locked/y");
	write_file("locked/x/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}}]");
	write_file("locked/y/a.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":2}}]");
	assert_int_equal(chmod(tpath("locked/y"), 0), 0);
	if (geteuid() != 0) {
		assert_int_equal(load_locked(), 0);
	} else {
		/* nobody must reach the folders: the test dir is 0700 */
		assert_int_equal(chmod(tmpdir, 0755), 0);
		assert_int_equal(chmod(tpath("locked"), 0755), 0);
		assert_int_equal(chmod(tpath("locked/x"), 0755), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			_exit(setgid(65534) || setuid(65534) ? 3 : load_locked());
		int st;
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
		assert_int_equal(chmod(tmpdir, 0700), 0);
	}
	assert_int_equal(chmod(tpath("locked/y"), 0700), 0);
}

static void test_several_paths(void **state)
{
	(void)state;
	const char *a = write_file("one.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}}]");
	const char *b = write_file("two.json", "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":2}}]");
	const char *paths[] = {a, tpath("nope.json"), b};
	struct ls_model m;
	ls_model_init(&m);
	struct ls_load_opts o = {.threads = 2};
	assert_int_equal(ls_load_paths(&m, paths, 3, &o), LS_LOAD_OK);
	/* each file is its own process, in command-line order; the missing one warned */
	assert_int_equal(m.nproc, 2);
	assert_string_equal(m.proc[0].path, a);
	assert_string_equal(m.proc[1].path, b);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, paths[1], LS_NO_OFFSET, "cannot open: No such file or directory");
	ls_model_done(&m);
}

static void test_no_records_in_file(void **state)
{
	(void)state;
	const char *p = write_file("none.json", " [ ] \n");
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, LS_NO_OFFSET, "no records in file");
	ls_model_done(&m);

	p = write_file("trail.json", "[] x");
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_NOTHING);
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, p, 3, "unexpected bytes after the closing ']'; ignored");
	ls_model_done(&m);
}

static void test_warning_flood_is_capped(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 0; i < 1000; i++)
		ls_buf_puts(&b, i ? ",1" : "1");
	ls_buf_puts(&b, ",");
	add_rec(&b, 1, 1);
	ls_buf_puts(&b, "]");
	const char *p = write_file("flood.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 1);
	assert_int_equal(m.warnings.n, 201);
	check_warning(&m, 199, p, 199 * 2 + 1, "record is an integer, not an object; skipped");
	check_warning(&m, 200, p, 200 * 2 + 1, "800 more warnings in this file not listed (first at this offset)");
	ls_model_done(&m);
	ls_buf_done(&b);
}

static void test_parse_text(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-4\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":1.5}}";
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_parse_text(text, strlen(text), "mem.json", &r, 1);
	assert_int_equal(r.records, 1);
	assert_true(r.truncated);
	assert_string_equal(r.ep.name, "/x");
	assert_string_equal(r.ep.file, "mem.json");
	assert_int_equal(r.warnings.n, 1);
	char msg[80];
	snprintf(msg, sizeof msg, "truncated at byte %zu, before the closing ']'; 1 record kept", strlen(text));
	assert_string_equal(r.warnings.v[0].message, msg);
	assert_int_equal(r.warnings.v[0].offset, strlen(text));
	ls_file_result_done(&r);
}

/* A JSON array that is no profile (a config file next to the profiles):
 * every object refused with its offset, nothing made into an endpoint. */
static void test_not_a_profile(void **state)
{
	(void)state;
	const char *text = "[{\"name\":\"pkg\",\"version\":\"1.0\"},{\"name\":\"x\"},{}]";
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_parse_text(text, strlen(text), "config.json", &r, 1);
	assert_int_equal(r.records, 0);
	assert_int_equal(r.ep.n, 0);
	assert_int_equal(r.warnings.n, 3);
	assert_int_equal(r.warnings.v[0].offset, 1);
	assert_int_equal(r.warnings.v[1].offset, 32);
	assert_int_equal(r.warnings.v[2].offset, 45);
	assert_string_equal(r.warnings.v[0].message, "object with none of a profile record's fields (request_id, "
		"memory, current_mb, endpoint, ...); skipped");
	ls_file_result_done(&r);
}

/* Sizes and durations below zero are refused with their offsets (-0 is 0). */
static void test_negative_amounts(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"latency\":-1,\"memory\":{\"current_mb\":-5,\"peak_mb\":-0,"
		"\"top_consumers\":[{\"file\":\"/d.py:4\",\"size_mb\":-2,\"count\":1}]}}]";
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_parse_text(text, strlen(text), "neg.json", &r, 1);
	assert_int_equal(r.records, 1);
	assert_false(r.ep.flags[0] & LS_REQ_HAS_MEM);
	assert_false(r.ep.flags[0] & LS_REQ_HAS_LATENCY);
	assert_true(r.ep.flags[0] & LS_REQ_HAS_PEAK);   /* -0 is zero */
	assert_int_equal(r.ep.ncons, 0);
	assert_int_equal(r.warnings.n, 3);
	assert_string_equal(r.warnings.v[0].message, "latency: refused negative -1; value ignored");
	assert_int_equal(r.warnings.v[0].offset, (uint64_t)(strstr(text, "\"latency\"") - text));
	assert_string_equal(r.warnings.v[1].message, "current_mb: refused negative -5; value ignored");
	assert_string_equal(r.warnings.v[2].message, "top_consumers[0].size_mb: refused a negative size; consumer skipped");
	ls_file_result_done(&r);
}

/* ---- identical results: any thread count, fast extractor or json-c ---- */

static uint64_t rng_state = 88172645463325252ull;
static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* Records of every shape the loader meets: the profiler's own, hand-edited
 * ones, and broken ones (each broken kind makes a warning). */
static void add_varied_record(struct ls_buf *b, int i)
{
	static const char *const nums[] = {"250.125", "250", "2.5e2", "1E-3", "-0.0", "0.000123456789012345678",
		"1790000000.123456789", "0", "12345678901234567", "3.14159265358979323846"};
	static const char *const msgs[] = {"plain failure", "line1\\nline2\\ttab", "quote \\\" and \\\\ slash \\/",
		"caf\\u00e9 \\u20ac \\u0041", "raw \xc3\xa9\xe2\x82\xac", "brackets ]}[{", "surrogate \\ud83d\\ude00",
		"nul \\u0000 byte"};
	static const char *const sites[] = {"/srv/app/cache.py:88", "  File \\\"/srv/app/cache.py\\\", line 88",
		"<frozen importlib._bootstrap>:241", "/usr/lib/python3.12/json/decoder.py:353", "unknown",
		"/srv/app/n\\u0000ul.py:3"};
	int kind = (int)rnd(40);
	const char *sp = kind == 39 ? " \n " : "";
	ls_buf_printf(b, "{%s\"request_id\"%s:%s\"req-%d\",\"timestamp\":%s,\"endpoint\":\"/v1/chat\",\"method\":\"POST\"",
		sp, sp, sp, i / 3 * 3 + (int)rnd(4), nums[rnd(10)]);
	ls_buf_printf(b, ",\"status_code\":%d,\"latency\":%s", kind == 1 ? 500 : 200, nums[rnd(10)]);
	ls_buf_printf(b, ",\"had_error\":%s", kind == 1 ? "true" : "false");
	if (kind == 1 || kind == 2)
		ls_buf_printf(b, ",\"error_message\":\"%s\"", msgs[rnd(8)]);
	if (kind == 3)
		ls_buf_puts(b, ",\"error_message\":null,\"extra\":{\"nested\":[1,2,{\"x\":\"y\"}]},\"flag\":true");
	switch (kind) {
	case 4: ls_buf_puts(b, ",\"latency\":0.5"); break;            /* duplicate key: last wins */
	case 5: ls_buf_puts(b, ",\"status_code\":200.0"); break;      /* wrong types */
	case 6: ls_buf_puts(b, ",\"had_error\":\"yes\""); break;
	case 7: ls_buf_puts(b, ",\"request_id\":\"req-x\""); break;
	case 8: ls_buf_puts(b, ",\"memory\":null"); break;
	default: break;
	}
	if (kind != 8) {
		ls_buf_printf(b, ",\"memory\":{\"current_mb\":%s,\"peak_mb\":%s,\"tracking_enabled\":%s",
			kind == 9 ? "NaN" : kind == 10 ? "1e400" : nums[rnd(10)], nums[rnd(10)],
			kind == 11 ? "false" : "true");
		if (kind == 12)
			ls_buf_puts(b, ",\"top_consumers_error\":\"snapshot failed\"");
		if (kind >= 13 && kind <= 20) {
			ls_buf_puts(b, ",\"top_consumers\":[");
			int nc = (int)rnd(11);
			for (int c = 0; c < nc; c++)
				ls_buf_printf(b, "%s{\"file\":\"%s\",\"size_mb\":%s,\"count\":%d}", c ? "," : "",
					sites[rnd(6)], nums[rnd(8)], (int)rnd(100000));
			if (kind == 20)
				ls_buf_puts(b, nc ? ",{\"file\":1}" : "{\"size_mb\":\"x\"}");
			ls_buf_puts(b, "]");
		}
		ls_buf_puts(b, "}");
	}
	ls_buf_printf(b, ",\"detailed_snapshot\":%s}", kind >= 13 && kind <= 20 ? "true" : "false");
}

static char *varied_file(size_t min_bytes, size_t *len)
{
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 0; b.len < min_bytes; i++) {
		if (i)
			ls_buf_puts(&b, i % 7 ? "," : ",\n  ");
		uint32_t odd = rnd(200);
		if (odd == 0)
			ls_buf_puts(&b, "42");          /* not an object */
		else if (odd == 1)
			ls_buf_puts(&b, "{\"request_id\":\"req-1\",}"); /* invalid JSON */
		else if (odd == 2)  /* a memory-test record inside a profile file */
			ls_buf_printf(&b, "{\"request_id\":\"req-%d\",\"batch\":1,\"current_mb\":1.5}", i);
		else
			add_varied_record(&b, i);
	}
	ls_buf_puts(&b, "]");
	*len = b.len;
	return b.data;
}

static void assert_endpoints_equal(const struct ls_process *pa, const struct ls_endpoint *a,
	const struct ls_process *pb, const struct ls_endpoint *b)
{
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->file, b->file);
	assert_int_equal(a->format, b->format);
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->ncons, b->ncons);
	assert_int_equal(a->nerrors, b->nerrors);
	size_t n = a->n;
	assert_memory_equal(a->req_no, b->req_no, n * sizeof *a->req_no);
	assert_memory_equal(a->timestamp, b->timestamp, n * sizeof *a->timestamp);
	assert_memory_equal(a->current_mb, b->current_mb, n * sizeof *a->current_mb);
	assert_memory_equal(a->peak_mb, b->peak_mb, n * sizeof *a->peak_mb);
	assert_memory_equal(a->latency, b->latency, n * sizeof *a->latency);
	assert_memory_equal(a->status, b->status, n * sizeof *a->status);
	assert_memory_equal(a->flags, b->flags, n * sizeof *a->flags);
	assert_memory_equal(a->batch, b->batch, n * sizeof *a->batch);
	assert_memory_equal(a->offset, b->offset, n * sizeof *a->offset);
	assert_memory_equal(a->cons_first, b->cons_first, (n + 1) * sizeof *a->cons_first);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(ls_intern_str(&pa->strings, a->error_msg[i]), ls_intern_str(&pb->strings, b->error_msg[i]));
	assert_memory_equal(a->cons_site, b->cons_site, a->ncons * sizeof *a->cons_site);
	assert_memory_equal(a->cons_mb, b->cons_mb, a->ncons * sizeof *a->cons_mb);
	assert_memory_equal(a->cons_count, b->cons_count, a->ncons * sizeof *a->cons_count);
}

static void assert_models_equal(const struct ls_model *a, const struct ls_model *b)
{
	assert_int_equal(a->nproc, b->nproc);
	assert_int_equal(a->records_loaded, b->records_loaded);
	assert_int_equal(a->files_loaded, b->files_loaded);
	assert_int_equal(a->files_failed, b->files_failed);
	for (uint32_t p = 0; p < a->nproc; p++) {
		const struct ls_process *pa = &a->proc[p], *pb = &b->proc[p];
		assert_string_equal(pa->path, pb->path);
		assert_int_equal(pa->nep, pb->nep);
		assert_int_equal(pa->sites.n, pb->sites.n);
		for (uint32_t id = 1; id < pa->sites.n; id++)
			assert_string_equal(ls_intern_str(&pa->sites, id), ls_intern_str(&pb->sites, id));
		assert_int_equal(pa->strings.n, pb->strings.n);
		for (uint32_t e = 0; e < pa->nep; e++)
			assert_endpoints_equal(pa, &pa->ep[e], pb, &pb->ep[e]);
		assert_int_equal(pa->ntl, pb->ntl);
		assert_memory_equal(pa->tl_ep, pb->tl_ep, pa->ntl * sizeof *pa->tl_ep);
		assert_memory_equal(pa->tl_row, pb->tl_row, pa->ntl * sizeof *pa->tl_row);
	}
	assert_int_equal(a->warnings.n, b->warnings.n);
	for (size_t i = 0; i < a->warnings.n; i++) {
		assert_string_equal(a->warnings.v[i].file, b->warnings.v[i].file);
		assert_int_equal(a->warnings.v[i].offset, b->warnings.v[i].offset);
		assert_string_equal(a->warnings.v[i].message, b->warnings.v[i].message);
	}
}

static void load_with(struct ls_model *m, const char *const *paths, size_t n, unsigned threads, bool jsonc_only)
{
	struct ls_load_opts o = {.threads = threads, .jsonc_only = jsonc_only};
	ls_model_init(m);
	assert_int_equal(ls_load_paths(m, paths, n, &o), LS_LOAD_OK);
}

static void test_threads_identical(void **state)
{
	(void)state;
	size_t len;
	char *text = varied_file(9u << 19, &len); /* 4.5 MiB: 5 windows */
	make_dir("many");
	const char *p = write_file_n("many/big.json", text, len);
	/* a second, truncated copy: several files load in parallel too */
	write_file_n("many/cut.json", text, len / 2);
	const char *dir = tpath("many");
	struct ls_model one, four;
	load_with(&one, &dir, 1, 1, false);
	load_with(&four, &dir, 1, 4, false);
	assert_models_equal(&one, &four);
	/* the file really is spread over many windows and has many warnings */
	assert_true(len > 4 * (1u << 20));
	assert_int_equal(one.proc[0].nep, 2);
	assert_true(one.proc[0].ep[0].n > 10000);
	assert_true(one.warnings.n > 200);
	assert_string_equal(one.warnings.v[200].file, p);
	ls_model_done(&one);
	ls_model_done(&four);
	free(text);
}

/* A record over a window's size grows the window's buffer; the reader
 * filled a reused buffer to all it could hold, and the ring of buffers is
 * as long as the thread count: windows were cut elsewhere with 1 thread
 * than with 4, and damage near a cut was said otherwise (two comma
 * warnings or one; a stray '}' counted or not). */
static void test_threads_identical_after_big_record(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[{\"request_id\":\"req-0\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":1,\"top_consumers\":[");
	for (int i = 0; i < 36000; i++)
		ls_buf_printf(&b, "%s{\"file\":\"/a%d.py:1\",\"size_mb\":0.5,\"count\":1}", i ? "," : "", i);
	ls_buf_puts(&b, "]}}");
	uint64_t s = 5;
	char rec[256];
	for (int i = 1; i < 60000; i++) {
		int n = snprintf(rec, sizeof rec, "{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"status_code\":200,"
			"\"memory\":{\"current_mb\":%.3f,\"peak_mb\":2.0,\"tracking_enabled\":true},\"detailed_snapshot\":false}",
			i, 1 + i * 0.001);
		ls_buf_puts(&b, ",");
		if (i % 97) {
			ls_buf_add(&b, rec, (size_t)n);
			continue;
		}
		/* damage of four kinds, at a place that moves */
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		size_t cut = 10 + (size_t)(s >> 33) % (size_t)(n - 60);
		switch ((i / 97) % 4) {
		case 0: /* a byte lost */
			ls_buf_add(&b, rec, cut);
			ls_buf_add(&b, rec + cut + 1, (size_t)n - cut - 1);
			break;
		case 1: /* cut short */
			ls_buf_add(&b, rec, cut);
			break;
		case 2: /* one '}' too many */
			ls_buf_add(&b, rec, (size_t)n);
			ls_buf_puts(&b, "}");
			break;
		default: /* 40 bytes spliced out */
			ls_buf_add(&b, rec, cut);
			ls_buf_add(&b, rec + cut + 40, (size_t)n - cut - 40);
			break;
		}
	}
	ls_buf_puts(&b, "]");
	const char *p = write_file_n("big-first.json", b.data, b.len);
	struct ls_model one, four;
	load_with(&one, &p, 1, 1, false);
	load_with(&four, &p, 1, 4, false);
	assert_models_equal(&one, &four);
	assert_true(one.warnings.n > 100);
	ls_model_done(&one);
	ls_model_done(&four);
	ls_buf_done(&b);
}

static void test_fast_path_matches_jsonc(void **state)
{
	(void)state;
	size_t len;
	char *text = varied_file(2u << 20, &len);
	const char *p = write_file_n("varied.json", text, len);
	struct ls_model fast, slow;
	load_with(&fast, &p, 1, 1, false);
	load_with(&slow, &p, 1, 2, true);
	assert_models_equal(&fast, &slow);
	ls_model_done(&fast);
	ls_model_done(&slow);

	/* and the fast path is really taken for most records (and never when
	 * told not to) */
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_load_file(p, &r, &(struct ls_load_opts){.threads = 1});
	assert_true(r.fast_records > r.records / 4);
	assert_true(r.fast_records < r.records);
	ls_file_result_done(&r);
	ls_file_result_init(&r);
	ls_load_file(p, &r, &(struct ls_load_opts){.threads = 1, .jsonc_only = true});
	assert_int_equal(r.fast_records, 0);
	assert_true(r.records > 5000);
	ls_file_result_done(&r);
	free(text);
}

struct progress_seen {
	struct ls_load_progress last;
	int calls;
};

static void progress_count(void *ctx, const struct ls_load_progress *p)
{
	struct progress_seen *seen = ctx;
	assert_true(p->bytes_done >= seen->last.bytes_done);
	assert_true(p->bytes_done <= p->bytes_total);
	seen->last = *p;
	seen->calls++;
}

static void test_progress_per_window(void **state)
{
	(void)state;
	size_t len;
	char *text = varied_file(3u << 20, &len);
	const char *p = write_file_n("progress.json", text, len);
	for (unsigned threads = 1; threads <= 2; threads++) {
		struct progress_seen seen = {0};
		struct ls_load_opts o = {.threads = threads, .progress = progress_count, .progress_ctx = &seen};
		struct ls_model m;
		ls_model_init(&m);
		assert_int_equal(ls_load_paths(&m, &p, 1, &o), LS_LOAD_OK);
		/* one call per 1 MiB window at least, and the last says: all done */
		assert_true(seen.calls >= 4);
		assert_int_equal(seen.last.bytes_done, len);
		assert_int_equal(seen.last.bytes_total, len);
		assert_int_equal(seen.last.files_done, 1);
		assert_int_equal(seen.last.files_total, 1);
		ls_model_done(&m);
	}
	free(text);
}

/* Python's json would refuse the whole file; leakscope keeps every record
 * and says where the array is malformed. */
static void test_bad_separators(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"current_mb\":1} {\"request_id\":\"req-2\",\"current_mb\":1},,"
		"{\"request_id\":\"req-3\",\"current_mb\":1},]";
	const char *p = write_file("commas.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 3);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, offset_of(text, "{\"request_id\":\"req-2\""),
		"missing or extra ',' between records (3 places, first at this offset); records read anyway");
	ls_model_done(&m);

	/* said at the comma too many, not at the record after it */
	p = write_file("leading.json", "[ , {\"request_id\":\"req-1\",\"current_mb\":1}]");
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, 2, "missing or extra ',' between records (1 place, first at this offset); records read anyway");
	ls_model_done(&m);
	text = "[{\"request_id\":\"req-1\",\"current_mb\":1},,{\"request_id\":\"req-2\",\"current_mb\":1},]";
	p = write_file("doubled.json", text);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 2);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, offset_of(text, ",,") + 1, "missing or extra ',' between records (2 places, first at "
		"this offset); records read anyway");
	ls_model_done(&m);
	text = "[{\"request_id\":\"req-1\",\"current_mb\":1},{\"request_id\":\"req-2\",\"current_mb\":1},]";
	p = write_file("trailing.json", text);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	check_warning(&m, 0, p, strlen(text) - 2, "missing or extra ',' between records (1 place, first at this offset); "
		"records read anyway");
	ls_model_done(&m);
}

/* A byte order mark is tolerated; nesting beyond json-c's limit is refused
 * for that record only. */
static void test_bom_and_deep_nesting(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "\xef\xbb\xbf[{\"request_id\":\"req-1\",\"x\":");
	for (int i = 0; i < 40; i++)
		ls_buf_puts(&b, "[");
	for (int i = 0; i < 40; i++)
		ls_buf_puts(&b, "]");
	ls_buf_puts(&b, "},\r\n{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":2}}]");
	const char *p = write_file("bom.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 1);
	assert_int_equal(m.proc[0].ep[0].req_no[0], 2);
	assert_int_equal(m.warnings.n, 1);
	/* the record after the byte order mark and the '[' */
	assert_string_equal(m.warnings.v[0].message, skipped("invalid JSON in record (nesting too deep)",
		offset_of(b.data, "},\r\n") + 1 - 4, 4));
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* Random damage (flipped, inserted and deleted bytes) must never crash the
 * loader, and the fast extractor must still agree with json-c on every
 * record it accepts. */
static void test_mutations_agree(void **state)
{
	(void)state;
	size_t len;
	rng_state = 0x9e3779b97f4a7c15ull;
	char *base = varied_file(32u << 10, &len);
	static const char pick[] = "\"\\{}[],:0123456789eE+-. ntfu\x01\xff";
	char *buf = malloc(len + 64);
	assert_non_null(buf);
	for (int iter = 0; iter < 250; iter++) {
		size_t n = len;
		memcpy(buf, base, len);
		int k = 1 + (int)rnd(4);
		for (int j = 0; j < k; j++) {
			size_t at = rnd((uint32_t)n);
			char c = pick[rnd(sizeof pick - 1)];
			switch (rnd(3)) {
			case 0:
				buf[at] = c;
				break;
			case 1:
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = c;
				n++;
				break;
			default:
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
				break;
			}
		}
		const char *p = write_file_n("mutant.json", buf, n);
		struct ls_model fast, slow;
		struct ls_load_opts of = {.threads = 1}, os = {.threads = 1, .jsonc_only = true};
		ls_model_init(&fast);
		ls_model_init(&slow);
		enum ls_load_status a = ls_load_paths(&fast, &p, 1, &of);
		enum ls_load_status b = ls_load_paths(&slow, &p, 1, &os);
		assert_int_equal(a, b);
		assert_models_equal(&fast, &slow);
		ls_model_done(&fast);
		ls_model_done(&slow);
	}
	free(buf);
	free(base);
}

/* The merged timeline against the obvious O(n k) merge, on endpoints with
 * many ties, gaps and empty ones. */
static void test_timeline_matches_naive_merge(void **state)
{
	(void)state;
	struct ls_process pr;
	ls_process_init(&pr, "x");
	for (int e = 0; e < 40; e++) {
		struct ls_endpoint ep;
		ls_endpoint_init(&ep);
		int64_t no = 0;
		int n = e % 9 == 3 ? 0 : (int)rnd(300);
		for (int i = 0; i < n; i++) {
			uint32_t r = ls_endpoint_add_row(&ep);
			no += rnd(4); /* 0: a tie within the endpoint */
			ep.req_no[r] = no;
		}
		ep.name = ls_xasprintf("e%d", e);
		ep.file = ls_xasprintf("e%d.json", e);
		ls_process_adopt(&pr, &ep, NULL, NULL);
		ls_endpoint_done(&ep); /* adopt leaves it re-initialized */
	}
	ls_process_index(&pr);
	uint32_t pos[40] = {0};
	assert_int_equal(pr.ntl, ls_process_requests(&pr));
	for (uint64_t k = 0; k < pr.ntl; k++) {
		uint32_t best = UINT32_MAX;
		for (uint32_t e = 0; e < pr.nep; e++)
			if (pos[e] < pr.ep[e].n &&
			    (best == UINT32_MAX || pr.ep[e].req_no[pos[e]] < pr.ep[best].req_no[pos[best]]))
				best = e;
		assert_int_equal(pr.tl_ep[k], best);
		assert_int_equal(pr.tl_row[k], pos[best]);
		pos[best]++;
	}
	ls_process_done(&pr);
}

static volatile sig_atomic_t cancel_flag;

static void cancel_after_first_window(void *ctx, const struct ls_load_progress *p)
{
	(void)ctx;
	if (p->bytes_done > 0)
		cancel_flag = 1;
}

/* Cancelling (the TUI's Ctrl-C while loading) stops early, cleanly. */
static void test_cancel(void **state)
{
	(void)state;
	size_t len;
	char *text = varied_file(5u << 19, &len);
	const char *p = write_file_n("cancel.json", text, len);
	for (unsigned threads = 1; threads <= 2; threads++) {
		cancel_flag = 0;
		struct ls_load_opts o = {.threads = threads, .progress = cancel_after_first_window, .cancel = &cancel_flag};
		struct ls_model m;
		ls_model_init(&m);
		assert_int_equal(ls_load_paths(&m, &p, 1, &o), LS_LOAD_CANCELLED);
		assert_int_equal(m.nproc, 0);
		ls_model_done(&m);
	}
	free(text);
}

/* ---- sites, strings: kept whole, never cut ---- */

/* Both parse paths (the fast extractor, json-c alone) over the same file. */
static void load_both(const char *path, struct ls_model *fast, struct ls_model *slow)
{
	load_with(fast, &path, 1, 1, false);
	load_with(slow, &path, 1, 1, true);
}

/* Two sites whose paths differ only past 1 KiB stay two sites, whole. */
static void test_long_locations_kept(void **state)
{
	(void)state;
	char path[1200];
	memset(path, 'a', sizeof path);
	path[0] = '/';
	memcpy(path + 1100, ".py", 4);
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 3; i++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"memory\":{\"current_mb\":10.0,\"top_consumers\":["
			"{\"file\":\"%s:1\",\"size_mb\":1.0,\"count\":1},"
			"{\"file\":\"  File \\\"%s\\\", line 2\",\"size_mb\":2.0,\"count\":1}]}}",
			i > 1 ? "," : "", i, path, path);
	ls_buf_puts(&b, "]");
	const char *p = write_file("long.json", b.data);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	char want1[sizeof path + 2], want2[sizeof path + 2];
	snprintf(want1, sizeof want1, "%s:1", path);
	snprintf(want2, sizeof want2, "%s:2", path);
	for (int k = 0; k < 2; k++) {
		const struct ls_process *pr = &m[k].proc[0];
		const struct ls_endpoint *ep = &pr->ep[0];
		assert_int_equal(m[k].warnings.n, 0);
		assert_int_equal(ep->ncons, 6);
		assert_int_equal(ls_intern_count(&pr->sites), 2);
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[0]), want1);
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[1]), want2);
		assert_int_equal(ep->cons_site[0], ep->cons_site[4]);
	}
	assert_models_equal(&m[0], &m[1]);
	ls_model_done(&m[0]);
	ls_model_done(&m[1]);
	ls_buf_done(&b);
}

/* A refused value is said once: one warning per value, not one per check. */
static void test_null_memory_one_warning(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":null,\"peak_mb\":null}},"
		"{\"request_id\":\"req-2\",\"batch\":1,\"current_mb\":null}]";
	const char *p = write_file("null.json", text);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 2);
		assert_int_equal(m[k].warnings.n, 4);
		check_warning(&m[k], 0, p, offset_of(text, "\"current_mb\""),
			"current_mb: expected a number, got null; value ignored");
		check_warning(&m[k], 1, p, offset_of(text, "\"peak_mb\""), "peak_mb: expected a number, got null; value ignored");
		uint64_t r2 = offset_of(text, "{\"request_id\":\"req-2\"");
		/* the mix of formats in one file, said once too, where the
		 * other format's record starts */
		check_warning(&m[k], 2, p, r2, "record in memory-test format inside an endpoint-profile file; read anyway");
		check_warning(&m[k], 3, p, r2 + offset_of(text + r2, "\"current_mb\""),
			"current_mb: expected a number, got null; value ignored");
	}
	ls_model_done(&m[0]);
	ls_model_done(&m[1]);
}

/* Memory-test batches: the original uses batch as a dict key, where
 * 2.0 == 2, so a whole float groups with the integer; 2.5 is no batch. */
static void test_batch_whole_float(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"batch\":2.0,\"current_mb\":1},"
		"{\"request_id\":\"req-2\",\"batch\":2,\"current_mb\":1},"
		"{\"request_id\":\"req-3\",\"batch\":3e0,\"current_mb\":1},"
		"{\"request_id\":\"req-4\",\"batch\":2.5,\"current_mb\":1},"
		"{\"request_id\":\"req-5\",\"batch\":4294967296.0,\"current_mb\":1},"
		"{\"request_id\":\"req-6\",\"batch\":\"7\",\"current_mb\":1}]";
	const char *p = write_file("batch-float.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->format, LS_FMT_SNAPSHOT);
	assert_int_equal(ep->n, 6);
	static const int32_t want[] = {2, 2, 3, 0, 0, 0};
	for (int i = 0; i < 6; i++)
		assert_int_equal(ep->batch[i], want[i]);
	assert_int_equal(m.warnings.n, 3);
	check_warning(&m, 0, p, offset_of(text, "\"batch\":2.5"), "batch: 2.5 is not a whole number; ignored");
	check_warning(&m, 1, p, offset_of(text, "\"batch\":4294967296.0"), "batch: 4294967296.0 is out of range; ignored");
	check_warning(&m, 2, p, offset_of(text, "\"batch\":\"7\""), "batch: expected an integer, got a string; ignored");
	ls_model_done(&m);
}

/* A '}' too many after the last record costs no record, and the warning
 * says what it is instead of claiming a record was skipped. */
static void test_stray_brace(void **state)
{
	(void)state;
	char *full = recs(1, 3);
	size_t n = strlen(full);
	char *text = malloc(n + 4);
	assert_non_null(text);
	memcpy(text, full, n - 1);
	memcpy(text + n - 1, "}]", 3);
	const char *p = write_file("stray.json", text);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 3);
		assert_int_equal(m[k].warnings.n, 1);
		check_warning(&m[k], 0, p, n - 1, "unexpected '}' between records; ignored");
		ls_model_done(&m[k]);
	}
	/* several: counted in one warning */
	memcpy(text + n - 1, "}}}]", 5);
	p = write_file("strays.json", text);
	assert_int_equal(load_one_path(&m[0], p, 1), LS_LOAD_OK);
	assert_int_equal(m[0].records_loaded, 3);
	assert_int_equal(m[0].warnings.n, 1);
	check_warning(&m[0], 0, p, n - 1, "unexpected '}' between records (3 places, first at this offset); ignored");
	ls_model_done(&m[0]);
	free(text);
	free(full);
}

/* text with a '}' put in right after each of the n places at[] (in text,
 * ascending); *put[] gets where each is in the result. Caller frees. */
static char *with_strays(const char *text, const uint64_t *at, size_t n, uint64_t *put)
{
	struct ls_buf b;
	ls_buf_init(&b);
	uint64_t from = 0;
	for (size_t i = 0; i < n; i++) {
		ls_buf_add(&b, text + from, at[i] - from);
		put[i] = b.len;
		ls_buf_puts(&b, "}");
		from = at[i];
	}
	ls_buf_puts(&b, text + from);
	return b.data;
}

/* Every record of recs_detailed() read whole: in order, each with its
 * memory reading (and peak, in the plain ones), and the 8 consumers of
 * the 4 detailed ones. */
static void check_all_read(const struct ls_model *m)
{
	assert_int_equal(m->records_loaded, 20);
	const struct ls_endpoint *ep = &m->proc[0].ep[0];
	assert_int_equal(ep->format, LS_FMT_PROFILE);
	for (uint32_t i = 0; i < ep->n; i++) {
		assert_int_equal(ep->req_no[i], i + 1);
		assert_true(ep->flags[i] & LS_REQ_HAS_MEM);
		assert_true(ep->current_mb[i] == 101 + i);
		if ((i + 1) % 5) {
			assert_true(ep->flags[i] & LS_REQ_HAS_PEAK);
			assert_true(ep->peak_mb[i] == 251.002);
		} else {
			assert_int_equal(ls_endpoint_ncons(ep, i), 2);
		}
	}
	assert_int_equal(ep->ncons, 8);
}

/* A stray '}' inside a record (a key follows it, so it ends no record:
 * ls_key_after) closed the record there: the rest of it was read as
 * elements of the array, a flood of "record is a string" and "invalid
 * JSON" warnings, and its "memory" object a phantom request in the
 * memory-test format with no request_id. The record is read as if the
 * byte were not there, with one warning at it: between its fields,
 * several in one record, inside "memory" (its fields after the stray one
 * stay its), inside an entry of top_consumers, in the first and in the
 * last record, on both parse paths. */
static void test_stray_close_inside_record(void **state)
{
	(void)state;
	char *full = recs_detailed();
	static const struct {
		int rec;              /* in record req-N */
		const char *after[3]; /* a stray '}' right after each */
	} cases[] = {
		{3, {"\"timestamp\":1790000001.25"}},
		{3, {"\"timestamp\":1790000001.25", "\"method\":\"POST\"", "\"latency\":0.084213"}},
		{3, {"\"current_mb\":103.000"}},
		/* two in a row: one inside "memory", one after its '}' */
		{4, {"\"peak_mb\":251.002", "\"tracking_enabled\":true}"}},
		{5, {"\"file\":\"/a.py:1\""}},
		{5, {"\"status_code\":200", "\"current_mb\":105"}},
		{1, {"\"request_id\":\"req-1\""}},
		{20, {"\"size_mb\":0.5"}},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char rec[40];
		snprintf(rec, sizeof rec, "{\"request_id\":\"req-%d\"", cases[c].rec);
		const char *r = strstr(full, rec);
		uint64_t at[3], put[3];
		size_t n = 0;
		while (n < 3 && cases[c].after[n]) {
			at[n] = (uint64_t)(strstr(r, cases[c].after[n]) - full) + strlen(cases[c].after[n]);
			n++;
		}
		char *text = with_strays(full, at, n, put);
		const char *p = write_file("stray-close.json", text);
		char msg[80];
		if (n == 1)
			snprintf(msg, sizeof msg, "a stray '}' inside a record; ignored");
		else
			snprintf(msg, sizeof msg, "%zu stray '}' inside a record (the first at this offset); ignored", n);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			check_all_read(&m);
			assert_int_equal(m.warnings.n, 1);
			check_warning(&m, 0, p, put[0], msg);
			ls_model_done(&m);
		}
		struct ls_model fast, slow;
		load_both(p, &fast, &slow);
		assert_models_equal(&fast, &slow);
		ls_model_done(&fast);
		ls_model_done(&slow);
		free(text);
	}
	free(full);
}

/* A memory-test file of four records, req-1 to req-4, each with one
 * top_consumers entry (/srv/app/cN.py:8). */
static void memtest_four(struct ls_buf *b)
{
	ls_buf_puts(b, "[");
	for (int i = 1; i <= 4; i++)
		ls_buf_printf(b, "%s{\"request_id\":\"req-%d\",\"batch\":1,\"request_in_batch\":%d,\"timestamp\":"
			"\"2026-11-20T10:15:0%d.5\",\"current_mb\":1%d.5,\"peak_mb\":14.1,\"had_error\":false,"
			"\"error_message\":null,\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/c%d.py\\\", line 8\","
			"\"size_mb\":0.75,\"count\":900}]}", i > 1 ? "," : "", i, i, i, i, i);
	ls_buf_puts(b, "]");
}

/* The same in a memory-test file, whose records end with top_consumers: a
 * stray '}' in one of its entries leaves the record's last ']' at depth 0
 * (the scanner counts brackets of either kind), and the record's own '}'
 * after it was "unexpected '}' between records", the record lost as
 * invalid JSON. */
static void test_stray_close_memory_test_file(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	memtest_four(&b);
	/* between fields; in the entry (the last field); in the last record */
	const char *r2 = strstr(b.data, "\"req-2\""), *r3 = strstr(b.data, "\"req-3\"");
	const char *r4 = strstr(b.data, "\"req-4\"");
	uint64_t at[3] = {(uint64_t)(strstr(r2, "\"batch\":1") - b.data) + 9,
		(uint64_t)(strstr(r3, "\"size_mb\":0.75") - b.data) + 14,
		(uint64_t)(strstr(r4, "\"request_in_batch\":4") - b.data) + 20}, put[3];
	char *text = with_strays(b.data, at, 3, put);
	const char *p = write_file("stray-close-memtest.json", text);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 4);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_int_equal(ep->format, LS_FMT_SNAPSHOT);
		for (uint32_t i = 0; i < 4; i++) {
			assert_int_equal(ep->req_no[i], i + 1);
			assert_int_equal(ep->batch[i], 1);
			assert_true(ep->current_mb[i] == 11.5 + i);
			assert_int_equal(ls_endpoint_ncons(ep, i), 1);
		}
		assert_int_equal(m.warnings.n, 3);
		for (size_t i = 0; i < 3; i++)
			check_warning(&m, i, p, put[i], "a stray '}' inside a record; ignored");
		ls_model_done(&m);
	}
	free(text);
	ls_buf_done(&b);
}

/* A record that a '}' closes early, and whose fields after it cannot be
 * mended into it (a lost '{' ran two records together: the keys repeat;
 * another damage in the rest): read up to that '}', and the rest skipped
 * to the next record, said in one warning there; no phantom, no flood. */
static void test_stray_close_not_mended(void **state)
{
	(void)state;
	char *full = recs_detailed();
	/* req-3 lost its '{': "false},"request_id":"req-3"": read as if it
	 * were there (the writer puts request_id first), said at its place */
	uint64_t lost = offset_of(full, "{\"request_id\":\"req-3\"");
	char *t = cut_out(full, lost, 1);
	uint64_t next;
	const char *p = write_file("lost-opener.json", t);
	char msg[160];
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 20);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		for (uint32_t i = 0; i < ep->n; i++) {
			assert_int_equal(ep->req_no[i], i + 1);
			assert_true(ep->flags[i] & LS_REQ_HAS_MEM);
		}
		assert_int_equal(m.warnings.n, 1);
		check_warning(&m, 0, p, lost - 1, "a record without its '{' (lost at this offset); read anyway");
		assert_int_equal(ep->offset[2], lost - 1);
		ls_model_done(&m);
	}
	free(t);
	/* a stray '}' in req-3, and its "POST" lost its closing quote: req-3
	 * is read up to the '}' (no memory reading there, said) */
	const char *r3 = strstr(full, "{\"request_id\":\"req-3\"");
	uint64_t at = (uint64_t)(strstr(r3, "\"timestamp\":1790000001.25") - full) + 25, put;
	char *s = with_strays(full, &at, 1, &put);
	t = cut_out(s, (uint64_t)(strstr(s + put, "\"POST\"") - s) + 5, 1);
	next = offset_of(t, "{\"request_id\":\"req-4\"");
	p = write_file("stray-and-quote.json", t);
	snprintf(msg, sizeof msg, "a '}' closes the record early, and fields follow it (a stray '}', or a lost '{'?); "
		"read up to there, the %llu bytes after it skipped", (unsigned long long)(next - 1 - (put + 1)));
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 20);
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, p, offset_of(t, "{\"request_id\":\"req-3\""), "1 record with no memory reading (current_mb; "
		"first at this offset): counted as request, left out of the memory series");
	check_warning(&m, 1, p, put, msg);
	ls_model_done(&m);
	free(t);
	free(s);
	free(full);

	/* a field between two records of a file of 3 MiB: the element ran on
	 * over every record after it (at depth 1, no '}' ends it) and the
	 * window grew to hold them all; it is cut at the next record */
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	int n = 0;
	while (b.len < 3u << 20) {
		if (n)
			ls_buf_puts(&b, ",");
		add_rec(&b, ++n, 100);
		if (n == 2)
			ls_buf_puts(&b, ",\"junk\":1");
	}
	ls_buf_puts(&b, "]");
	p = write_file_n("field-between.json", b.data, b.len);
	uint64_t junk = offset_of(b.data, ",\"junk\":1");
	struct ls_model one, four;
	load_with(&one, &p, 1, 1, false);
	load_with(&four, &p, 1, 4, false);
	assert_models_equal(&one, &four);
	assert_int_equal(one.records_loaded, (uint64_t)n);
	assert_int_equal(one.warnings.n, 1);
	check_warning(&one, 0, p, junk - 1, "a '}' closes the record early, and fields follow it (a stray '}', or a lost "
		"'{'?); read up to there, the 9 bytes after it skipped");
	ls_model_done(&one);
	ls_model_done(&four);
	ls_buf_done(&b);
}

/* text with the '{' of each record "req-N" named in ids[0..n) taken out
 * (fresh, caller frees); lost[i]: where the ',' before it is in the result,
 * the offset the record is read at */
static char *without_openers(const char *text, const int *ids, size_t n, uint64_t *lost)
{
	char *t = ls_xstrdup(text);
	for (size_t i = 0; i < n; i++) {
		char key[40];
		snprintf(key, sizeof key, "{\"request_id\":\"req-%d\"", ids[i]);
		uint64_t at = offset_of(t, key);
		char *u = cut_out(t, at, 1);
		free(t);
		t = u;
		if (lost)
			lost[i] = at - 1;
	}
	return t;
}

/* Two records in a row that each lost their '{': each is read, and said
 * at its own place. Only a rest of the element that was one whole record
 * was read before: req-3 and req-4 were both skipped under one warning
 * ("the 563 bytes after it skipped") and one of them was never counted.
 * A record of such a run that is broken besides ends the run: the ones
 * before it are read, and it is skipped, from where its '{' was lost. */
static void test_lost_openers_in_a_row(void **state)
{
	(void)state;
	char *full = recs(1, 20);
	const int ids[] = {3, 4};
	uint64_t lost[3];
	char *t = without_openers(full, ids, 2, lost);
	const char *p = write_file("two-lost-openers.json", t);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 20);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		for (uint32_t i = 0; i < ep->n; i++) {
			assert_int_equal(ep->req_no[i], i + 1);
			assert_true(ep->current_mb[i] == 100 + i);
		}
		assert_int_equal(m.warnings.n, 2);
		for (size_t i = 0; i < 2; i++) {
			check_warning(&m, i, p, lost[i], "a record without its '{' (lost at this offset); read anyway");
			assert_int_equal(ep->offset[2 + i], lost[i]);
		}
		ls_model_done(&m);
	}
	free(t);

	/* three in a row, the third also without its ':' after "endpoint":
	 * skipped as any broken record is, from where its '{' was lost */
	const int three[] = {3, 4, 5};
	t = without_openers(full, three, 3, lost);
	const char *r5 = strstr(t, "\"request_id\":\"req-5\"");
	uint64_t colon = (uint64_t)(strstr(r5, "\"endpoint\":") - t) + 10;
	char *u = cut_out(t, colon, 1);
	uint64_t next = offset_of(u, "{\"request_id\":\"req-6\"");
	p = write_file("lost-openers-then-broken.json", u);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 19);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	for (uint32_t i = 0, want = 1; i < ep->n; i++, want++) {
		want += want == 5;
		assert_int_equal(ep->req_no[i], want);
	}
	assert_int_equal(m.warnings.n, 3);
	check_warning(&m, 0, p, lost[0], "a record without its '{' (lost at this offset); read anyway");
	check_warning(&m, 1, p, lost[1], "a record without its '{' (lost at this offset); read anyway");
	check_warning(&m, 2, p, colon, skipped("invalid JSON in record (object property name separator ':' expected)",
		next - 1 - lost[2], lost[2]));
	ls_model_done(&m);
	free(u);
	free(t);
	free(full);
}

/* A record that lost its '{' and is broken besides is skipped as any
 * broken record is, in one warning at the byte where it broke that says
 * its bytes, from where its '{' was lost. It was said from the '}' before
 * it, and the resync looked for the next record from there, before the
 * place where it broke: the broken entry of its top_consumers was taken
 * for a record, and the one record cost two warnings. Here a lost quote in
 * an entry (a detailed record, and the file's last), a value cut out, and
 * the same in a memory-test file. */
static void test_lost_opener_broken_besides(void **state)
{
	(void)state;
	char *full = recs_detailed();
	struct ls_buf b;
	ls_buf_init(&b);
	memtest_four(&b);
	struct {
		const char *text, *rec, *cut, *why;
		int past; /* where json-c stops, from the cut */
		int id, n;
	} cases[] = {
		/* ("file":/b.py:2": the '/' a comment's start to json-c) */
		{full, "{\"request_id\":\"req-10\"", "\"/b.py:2\"", "expected comment", 1, 10, 20},
		{full, "{\"request_id\":\"req-20\"", "\"/b.py:2\"", "expected comment", 1, 20, 20},
		{full, "{\"request_id\":\"req-3\"", "0.084213", "unexpected character", 0, 3, 20},
		/* ("file":  File \"...: json-c reads a word as a literal) */
		{b.data, "{\"request_id\":\"req-2\"", "\"  File", "boolean expected", 3, 2, 4},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		uint64_t r = offset_of(cases[c].text, cases[c].rec);
		char *t = cut_out(cases[c].text, r, 1);
		const char *cut = strstr(t + r, cases[c].cut);
		/* (a quote: the one byte; a number: all of it) */
		size_t n = cases[c].cut[0] == '"' ? 1 : strlen(cases[c].cut);
		uint64_t at = (uint64_t)(cut - t);
		char *u = cut_out(t, at, n);
		/* the '}' before the next record, or before the array's ']' */
		const char *after = strstr(u + r, ",{\"request_id\"");
		uint64_t end = after ? (uint64_t)(after - u) : strlen(u) - 1;
		const char *p = write_file("lost-opener-broken.json", u);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, (uint64_t)cases[c].n - 1);
			const struct ls_endpoint *ep = &m.proc[0].ep[0];
			for (uint32_t i = 0, want = 1; i < ep->n; i++, want++) {
				want += want == (uint32_t)cases[c].id;
				assert_int_equal(ep->req_no[i], want);
			}
			assert_int_equal(ls_warnings_total(&m.warnings), 1);
			char why[80];
			snprintf(why, sizeof why, "invalid JSON in record (%s)", cases[c].why);
			check_warning(&m, 0, p, at + (uint64_t)cases[c].past, skipped(why, end - (r - 1), r - 1));
			ls_model_done(&m);
		}
		free(u);
		free(t);
	}
	ls_buf_done(&b);
	free(full);
}

/* Request numbers of the records read, against 1..n less the ones in
 * gone[0..ngone). */
static void check_req_nos(const struct ls_model *m, int n, const int *gone, size_t ngone)
{
	const struct ls_endpoint *ep = &m->proc[0].ep[0];
	uint32_t i = 0;
	for (int want = 1; want <= n; want++) {
		bool skip = false;
		for (size_t g = 0; g < ngone; g++)
			skip |= gone[g] == want;
		if (skip)
			continue;
		assert_true(i < ep->n);
		assert_int_equal(ep->req_no[i++], want);
	}
	assert_int_equal(i, ep->n);
}

/* A broken record, then records that lost their '{'. The resync looks
 * for the next '{', so they were skipped with the broken one, under its
 * one warning: req-4 gone without a word (19 read + 1 skipped of 20).
 * Each is read now, or skipped with a warning of its own when it is
 * broken too. */
static void test_broken_record_then_lost_opener(void **state)
{
	(void)state;
	char *full = recs(1, 20);
	/* req-3 without the ':' after "endpoint", req-4 and req-5 without '{' */
	const int ids[] = {4, 5};
	uint64_t lost[2];
	char *t = without_openers(full, ids, 2, lost);
	uint64_t r3 = offset_of(t, "{\"request_id\":\"req-3\"");
	uint64_t colon = (uint64_t)(strstr(t + r3, "\"endpoint\":") - t) + 10;
	char *u = cut_out(t, colon, 1);
	lost[0]--, lost[1]--;
	const char *p = write_file("broken-then-lost.json", u);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 19);
		check_req_nos(&m, 20, (const int[]){3}, 1);
		assert_int_equal(m.warnings.n, 3);
		check_warning(&m, 0, p, colon, skipped("invalid JSON in record (object property name separator ':' "
			"expected)", lost[0] - r3, r3));
		check_warning(&m, 1, p, lost[0], "a record without its '{' (lost at this offset); read anyway");
		check_warning(&m, 2, p, lost[1], "a record without its '{' (lost at this offset); read anyway");
		ls_model_done(&m);
	}
	/* req-4 broken too (its latency cut out): skipped by itself, from
	 * where its '{' was lost to where req-5's was */
	uint64_t lat = (uint64_t)(strstr(u + lost[0], "0.084213") - u);
	char *v = cut_out(u, lat, strlen("0.084213"));
	lost[1] -= strlen("0.084213");
	p = write_file("broken-then-lost-broken.json", v);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 18);
	check_req_nos(&m, 20, (const int[]){3, 4}, 2);
	assert_int_equal(m.warnings.n, 3);
	check_warning(&m, 1, p, lat, skipped("invalid JSON in a record without its '{' (unexpected character)",
		lost[1] - lost[0], lost[0]));
	check_warning(&m, 2, p, lost[1], "a record without its '{' (lost at this offset); read anyway");
	ls_model_done(&m);
	free(v);
	free(u);
	free(t);
	free(full);
}

/* "memory"{"current_mb":...: the ':' after "memory" lost. The memory
 * object reads whole and has current_mb, a memory-test record's field, so
 * the resync took it for a record: a phantom request with no request_id
 * (and the file for a memory-test file, when it was the first record).
 * The record is skipped whole, in one warning, and nothing else is said. */
static void test_memory_key_lost_colon(void **state)
{
	(void)state;
	char *full = recs(1, 20);
	for (int id = 1; id <= 5; id += 4) {
		char key[40];
		snprintf(key, sizeof key, "{\"request_id\":\"req-%d\"", id);
		uint64_t r = offset_of(full, key);
		uint64_t colon = (uint64_t)(strstr(full + r, "\"memory\":") - full) + 8;
		char *t = cut_out(full, colon, 1);
		snprintf(key, sizeof key, "{\"request_id\":\"req-%d\"", id + 1);
		uint64_t next = offset_of(t, key) - 1;
		const char *p = write_file("memory-lost-colon.json", t);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 19);
			check_req_nos(&m, 20, &id, 1);
			assert_int_equal(m.proc[0].ep[0].format, LS_FMT_PROFILE);
			assert_int_equal(ls_warnings_total(&m.warnings), 1);
			check_warning(&m, 0, p, colon, skipped("invalid JSON in record (object property name separator ':' "
				"expected)", next - r, r));
			ls_model_done(&m);
		}
		free(t);
	}
	free(full);
}

/* A memory-test file of 8 records; req-2 and req-6 have two entries of
 * top_consumers, in the traceback form (escaped quotes). */
static void memtest_eight(struct ls_buf *b)
{
	ls_buf_puts(b, "[");
	for (int i = 1; i <= 8; i++) {
		ls_buf_printf(b, "%s{\"request_id\":\"req-%d\",\"batch\":1,\"request_in_batch\":%d,\"current_mb\":1%d.5,"
			"\"had_error\":false,\"error_message\":null", i > 1 ? "," : "", i, i, i);
		if (i == 2 || i == 6)
			ls_buf_puts(b, ",\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/c.py\\\", line 8\","
				"\"size_mb\":0.75,\"count\":900},{\"file\":\"  File \\\"/srv/app/d.py\\\", line 9\","
				"\"size_mb\":0.5,\"count\":90}]");
		ls_buf_puts(b, "}");
	}
	ls_buf_puts(b, "]");
}

/* A record's memory object on its own is no record: after a stray '{'
 * before it ("memory":{{"current_mb":...) the resync took it for one (it
 * has current_mb, a memory-test record's field), and one found between
 * records (once, the tail of a record a stray '}' closed early) was read
 * as one: a phantom request, and "record in memory-test format inside an
 * endpoint-profile file". */
static void test_memory_object_is_no_record(void **state)
{
	(void)state;
	char *full = recs(1, 20);
	uint64_t r5 = offset_of(full, "{\"request_id\":\"req-5\"");
	uint64_t mem = (uint64_t)(strstr(full + r5, "\"memory\":{") - full) + 9;
	/* a '{' doubled; a memory object between two records */
	const uint64_t at[2] = {mem, r5};
	const char *const ins[2] = {"{", "{\"current_mb\":180.1,\"peak_mb\":181.0,\"tracking_enabled\":true},"};
	for (int c = 0; c < 2; c++) {
		struct ls_buf b;
		ls_buf_init(&b);
		const char *p = write_file("memory-object.json", put_in(&b, full, at[c], ins[c], ""));
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			/* the broken record skipped; the memory object is no record */
			assert_int_equal(m.records_loaded, c ? 20 : 19);
			const struct ls_endpoint *ep = &m.proc[0].ep[0];
			assert_int_equal(ep->format, LS_FMT_PROFILE);
			for (uint32_t i = 0; i < ep->n; i++)
				assert_true(ep->req_no[i] > 0);  /* no record without an id */
			bool said = false;
			for (size_t w = 0; w < m.warnings.n; w++) {
				assert_null(strstr(m.warnings.v[w].message, "memory-test format"));
				said |= c ? strstr(m.warnings.v[w].message, "a record's memory object on its own") != NULL :
					    strstr(m.warnings.v[w].message, "record skipped") != NULL;
			}
			assert_true(said);
			if (!c)
				assert_int_equal(ls_warnings_total(&m.warnings), 1);
			ls_model_done(&m);
		}
		ls_buf_done(&b);
	}
	free(full);
}

/* A stray '{' inside a record, where a key should be: json-c stops there,
 * and the resync took the rest of the record for a record of its own (a
 * request with no id and, inside the memory object, with no memory
 * reading), the record itself skipped. It is read as if the '{' were a
 * blank, with one warning. */
static void test_stray_opener_inside_a_record(void **state)
{
	(void)state;
	char *full = recs_detailed();
	uint64_t r5 = offset_of(full, "{\"request_id\":\"req-5\""), r7 = offset_of(full, "{\"request_id\":\"req-7\"");
	const uint64_t at[3] = {(uint64_t)(strstr(full + r7, "\"method\"") - full),
		(uint64_t)(strstr(full + r5, "\"top_consumers\"") - full),
		(uint64_t)(strstr(full + r5, "\"detailed_snapshot\"") - full)};
	for (int c = 0; c < 3; c++) {
		struct ls_buf b;
		ls_buf_init(&b);
		const char *p = write_file("stray-opener-inside.json", put_in(&b, full, at[c], "{", ""));
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 20);
			const struct ls_endpoint *ep = &m.proc[0].ep[0];
			for (uint32_t i = 0; i < ep->n; i++) {
				assert_int_equal(ep->req_no[i], i + 1);
				assert_true(ep->current_mb[i] == 101 + i);
			}
			assert_int_equal(m.warnings.n, 1);
			check_warning(&m, 0, p, at[c], "a stray '{' inside a record; ignored");
			ls_model_done(&m);
		}
		ls_buf_done(&b);
	}
	free(full);
	/* one in every record: each record one level deeper than the last,
	 * so the loader cuts the run where the next record starts, which it
	 * took to be the stray '{' (a whole object with a record's fields):
	 * every record skipped and its tail read as one with no id */
	struct ls_buf big;
	ls_buf_init(&big);
	ls_buf_puts(&big, "[");
	for (int i = 1; i <= 2000; i++)
		ls_buf_printf(&big, "%s{\"request_id\":\"req-%d\",\"endpoint\":\"/chat\",{\"status_code\":200,"
			"\"memory\":{\"current_mb\":%d,\"tracking_enabled\":true}}", i > 1 ? "," : "", i, 100 + i % 7);
	ls_buf_puts(&big, "]");
	const char *pb = write_file("stray-opener-every-record.json", big.data);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, pb, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 2000);
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		for (uint32_t i = 0; i < ep->n; i++)
			assert_int_equal(ep->req_no[i], i + 1);
		assert_int_equal(ls_warnings_total(&m.warnings), 2000);
		check_warning(&m, 0, pb, offset_of(big.data, ",{\"status_code\"") + 1, "a stray '{' inside a record; "
			"ignored");
		ls_model_done(&m);
	}
	ls_buf_done(&big);
	/* but an entry of top_consumers after a '}' and a ',' is no stray:
	 * with the '[' before them lost (a memory-test record, whose entries
	 * are its own fields' level), a blank for the second one's '{' read
	 * the record with that entry's keys as its own, and said each entry
	 * after it as an object of no record */
	struct ls_buf mt;
	ls_buf_init(&mt);
	memtest_eight(&mt);
	uint64_t r2 = offset_of(mt.data, "{\"request_id\":\"req-2\"");
	char *t = cut_out(mt.data, (uint64_t)(strstr(mt.data + r2, "\"top_consumers\":[") - mt.data) + 16, 1);
	const char *p = write_file("entries-lost-bracket.json", t);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 7);
	assert_int_equal(ls_warnings_total(&m.warnings), 1);
	assert_non_null(strstr(m.warnings.v[0].message, "record skipped"));
	ls_model_done(&m);
	free(t);
	ls_buf_done(&mt);
}

/* A memory-test file with a lost closing quote in a record: every quote
 * after it reads the wrong way round, until the escaped ones in an entry
 * of top_consumers ("  File \"x\"") put the scanner back in step, at that
 * entry's '}'. It took that '}' for the end of an element: the record
 * whose entry it was (good) was lost, and each entry after it said as an
 * object with none of a record's fields. One warning now, and only the
 * broken record is missing; so where the broken record holds the entries. */
static void test_memory_test_lost_quote(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	memtest_eight(&b);
	for (int id = 2; id <= 3; id++) {
		char key[40];
		snprintf(key, sizeof key, "{\"request_id\":\"req-%d\"", id);
		uint64_t r = offset_of(b.data, key);
		/* the quote that closes "error_message" */
		char *t = cut_out(b.data, (uint64_t)(strstr(b.data + r, "\"error_message\"") - b.data) + 14, 1);
		const char *p = write_file("memtest-lost-quote.json", t);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 7);
			check_req_nos(&m, 8, &id, 1);
			assert_int_equal(ls_warnings_total(&m.warnings), 1);
			assert_non_null(strstr(m.warnings.v[0].message, "record skipped"));
			/* the entries of req-2 and req-6, less the broken one's */
			assert_int_equal(m.proc[0].ep[0].ncons, id == 2 ? 2 : 4);
			ls_model_done(&m);
		}
		free(t);
	}
	ls_buf_done(&b);
}

/* (progress: the most bytes read between two calls; one thread, so that
 * every window read is a call of its own) */
static void progress_biggest_read(void *ctx, const struct ls_load_progress *p)
{
	uint64_t *v = ctx; /* [last bytes_done, biggest step] */
	if (p->bytes_done - v[0] > v[1])
		v[1] = p->bytes_done - v[0];
	v[0] = p->bytes_done;
}

/* A '{' lost on every record but the first: the whole array is one
 * element (each '}' has a key after it), here of ~3 MiB, bigger than the
 * loader's window. Every record is read, each said (the listing stops at
 * 200, the rest counted); before, one record was read and the rest of the
 * file skipped under one warning. And the window is not grown to hold the
 * element (it held the file: 147 MB peak for 55 MB): the file is read one
 * window (1 MiB) at a time. */
static void test_lost_opener_on_every_record(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	/* compact, and with a blank after each ',' (the '{' is put there);
	 * and with the first record's lost too: then its warning is the
	 * first listed (it went unlisted, and the 200 after it were) */
	for (int v = 0; v <= 2; v++) {
		int blank = v == 1, first = v == 2;
		b.len = 0;
		ls_buf_puts(&b, "[");
		int n = 0;
		while (b.len < 3u << 20) {
			if (n)
				ls_buf_puts(&b, blank ? ", " : ",");
			size_t at = b.len;
			n++;
			add_rec(&b, n, 100 + n % 50);
			if (n > 1 || first) {
				memmove(b.data + at, b.data + at + 1, b.len - at - 1);
				b.len--;
			}
		}
		ls_buf_puts(&b, "]");
		const char *p = write_file_n("every-opener-lost.json", b.data, b.len);
		struct ls_model one, four;
		load_with(&one, &p, 1, 1, false);
		load_with(&four, &p, 1, 4, false);
		assert_models_equal(&one, &four);
		assert_int_equal(one.records_loaded, (uint64_t)n);
		const struct ls_endpoint *ep = &one.proc[0].ep[0];
		for (uint32_t i = 0; i < ep->n; i++)
			assert_int_equal(ep->req_no[i], i + 1);
		assert_int_equal(ls_warnings_total(&one.warnings), (uint64_t)n - 1 + first);
		check_warning(&one, 0, p, first ? 0 : offset_of(b.data, "\"request_id\":\"req-2\"") - 1,
			"a record without its '{' (lost at this offset); read anyway");
		assert_int_equal(ep->offset[0], first ? 0 : 1);
		ls_model_done(&one);
		ls_model_done(&four);
		uint64_t steps[2] = {0, 0};
		struct ls_load_opts o = {.threads = 1, .progress = progress_biggest_read, .progress_ctx = steps};
		ls_model_init(&one);
		assert_int_equal(ls_load_paths(&one, &p, 1, &o), LS_LOAD_OK);
		assert_int_equal(one.records_loaded, (uint64_t)n);
		assert_int_equal(steps[0], b.len);
		assert_true(steps[1] <= 1u << 20);
		ls_model_done(&one);
	}
	ls_buf_done(&b);
}

/* A file that lost its opening '[' (its start cut off, as far as the
 * first record's '{'): the records that follow are read, with one warning,
 * where it used to be "not a JSON array; file skipped", all of it lost. */
static void test_lost_array_bracket(void **state)
{
	(void)state;
	char *full = recs_detailed();
	/* "{\"request_id\"...}, ...]" and the same with its ']' lost too */
	char *t[2] = {ls_xstrdup(full + 1), ls_xstrdup(full + 1)};
	t[1][strlen(t[1]) - 1] = 0;
	for (int k = 0; k < 2; k++) {
		const char *p = write_file(k ? "bracket-lost-both.json" : "bracket-lost.json", t[k]);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 20);
			const struct ls_endpoint *ep = &m.proc[0].ep[0];
			for (uint32_t i = 0; i < ep->n; i++)
				assert_int_equal(ep->req_no[i], i + 1);
			assert_int_equal(m.warnings.n, 1u + k);
			check_warning(&m, 0, p, 0, "the file does not start with the array's '[' (lost?); its records "
				"read anyway");
			ls_model_done(&m);
		}
	}
	free(t[0]);
	free(t[1]);
	free(full);
}

/* A file that lost its '[' and its first record's '{' (its start cut off
 * as far as the record's first key): "top level is not a JSON array; file
 * skipped", every record lost to two bytes. Its records are read, with one
 * warning where the first one's row is: compact (the key is the file's first byte), after
 * blanks (the '{' is put in place of the one before the key), as
 * json.dumps(indent=2) writes it, a memory-test file, and after more
 * blanks than one window holds. */
static void test_lost_array_bracket_and_opener(void **state)
{
	(void)state;
	static const char note[] = "the file starts with a record without its '{' (lost at this offset), and "
		"without the array's '[' (lost too?); its records read anyway";
	char *full = recs_detailed();
	struct ls_buf b;
	ls_buf_init(&b);
	memtest_four(&b);
	size_t big = (1u << 20) + 5, flen = strlen(full);
	char *far = ls_xmalloc(big + flen);
	memset(far, ' ', big);
	memcpy(far + big, full + 2, flen - 1);
	struct {
		const char *text;
		int n;
	} cases[] = {
		{full + 2, 20},
		{NULL, 20}, /* " \"request_id\"" */
		{"\n    \"request_id\": \"req-1\",\n    \"memory\": {\n      \"current_mb\": 101.5\n    }\n  },\n"
		 "  {\n    \"request_id\": \"req-2\",\n    \"memory\": {\n      \"current_mb\": 102.5\n    }\n  }\n]", 2},
		{b.data + 2, 4},
		{far, 20},
	};
	char *blank = ls_xstrdup(full + 1);
	blank[0] = ' ';
	cases[1].text = blank;
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		const char *p = write_file("bracket-opener-lost.json", cases[c].text);
		uint64_t key = offset_of(cases[c].text, "\"request_id\"");
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, (uint64_t)cases[c].n);
			const struct ls_endpoint *ep = &m.proc[0].ep[0];
			for (uint32_t i = 0; i < ep->n; i++)
				assert_int_equal(ep->req_no[i], i + 1);
			assert_true(ep->current_mb[0] == (c == 2 ? 101.5 : c == 3 ? 11.5 : 101));
			/* (its '{' in place of the byte before the key, or at the key) */
			assert_int_equal(ep->offset[0], key ? key - 1 : 0);
			assert_int_equal(m.warnings.n, 1);
			check_warning(&m, 0, p, ep->offset[0], note);
			ls_model_done(&m);
		}
	}
	/* a string that is no key, or a key that is not a record's first:
	 * skipped whole, as before */
	const char *no[] = {"\"request_id\"", "\"request_id\",{\"request_id\":1}]", "\"memory\":{},{\"request_id\":1}]"};
	for (size_t k = 0; k < sizeof no / sizeof *no; k++) {
		const char *p = write_file("not-a-record.json", no[k]);
		struct ls_model m;
		load_one_path(&m, p, 1);
		assert_int_equal(m.records_loaded, 0);
		check_warning(&m, 0, p, 0, "top level is not a JSON array; file skipped");
		ls_model_done(&m);
	}
	/* and a '{' lost on every record, 3 MiB of them: all read, a window
	 * at a time (cut_lost_run), as after a '[' */
	b.len = 0;
	int n = 0;
	while (b.len < 3u << 20) {
		if (n)
			ls_buf_puts(&b, ",");
		size_t at = b.len;
		n++;
		add_rec(&b, n, 100 + n % 50);
		memmove(b.data + at, b.data + at + 1, b.len - at - 1);
		b.len--;
	}
	ls_buf_puts(&b, "]");
	const char *p = write_file_n("every-opener-and-bracket-lost.json", b.data, b.len);
	uint64_t steps[2] = {0, 0};
	struct ls_load_opts o = {.threads = 1, .progress = progress_biggest_read, .progress_ctx = steps};
	struct ls_model m;
	ls_model_init(&m);
	assert_int_equal(ls_load_paths(&m, &p, 1, &o), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, (uint64_t)n);
	assert_int_equal(ls_warnings_total(&m.warnings), (uint64_t)n);
	check_warning(&m, 0, p, 0, note);
	assert_true(steps[1] <= 1u << 20);
	ls_model_done(&m);
	free(blank);
	free(far);
	ls_buf_done(&b);
	free(full);
}

/* The first record lost its '{': its key came right after the '[', where
 * no record starts, and each of its fields was an element of its own
 * (string junk, a warning each: 22 for one record), its "memory" object
 * read as a record with no request_id (a phantom request) and the record
 * itself lost. It is read as the ones after it are, with one warning;
 * compact, with blanks as json.dumps(indent=2) writes them, and in a
 * memory-test file. One that is broken besides is skipped, in one
 * warning that says its bytes. */
static void test_lost_opener_on_first_record(void **state)
{
	(void)state;
	char *full = recs_detailed();
	char *t[2] = {cut_out(full, 1, 1), NULL};
	/* "[\n  \"request_id\"": the '{' is put in place of the blank */
	size_t len = strlen(full);
	t[1] = ls_xmalloc(len + 3);
	memcpy(t[1], "[\n  ", 4);
	memcpy(t[1] + 4, full + 2, len - 1);
	for (int k = 0; k < 2; k++) {
		const char *p = write_file(k ? "first-opener-lost-blanks.json" : "first-opener-lost.json", t[k]);
		uint64_t lost = offset_of(t[k], "\"request_id\":\"req-1\"") - 1;
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			struct ls_model m;
			assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
			assert_int_equal(m.records_loaded, 20);
			const struct ls_endpoint *ep = &m.proc[0].ep[0];
			assert_int_equal(ep->n, 20);
			for (uint32_t i = 0; i < ep->n; i++) {
				assert_int_equal(ep->req_no[i], i + 1);
				assert_true(ep->current_mb[i] == 100 + i + 1);
			}
			assert_int_equal(ep->offset[0], lost);
			assert_int_equal(m.warnings.n, 1);
			check_warning(&m, 0, p, lost, "a record without its '{' (lost at this offset); read anyway");
			ls_model_done(&m);
		}
	}
	free(t[1]);

	/* broken besides: its "POST" lost */
	char *u = cut_out(t[0], offset_of(t[0], "\"POST\""), 6);
	uint64_t at = offset_of(u, "\"method\":,") + 9, next = offset_of(u, ",{\"request_id\":\"req-2\"");
	const char *p = write_file("first-opener-lost-broken.json", u);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 19);
	assert_int_equal(m.proc[0].ep[0].req_no[0], 2);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, at, skipped("invalid JSON in record (unexpected character)", next, 0));
	ls_model_done(&m);
	free(u);
	free(t[0]);
	free(full);

	/* a memory-test file */
	struct ls_buf b;
	ls_buf_init(&b);
	memtest_four(&b);
	u = cut_out(b.data, 1, 1);
	p = write_file("first-opener-lost-memtest.json", u);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 4);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->format, LS_FMT_SNAPSHOT);
	for (uint32_t i = 0; i < 4; i++) {
		assert_int_equal(ep->req_no[i], i + 1);
		assert_true(ep->current_mb[i] == 11.5 + i);
		assert_int_equal(ls_endpoint_ncons(ep, i), 1);
	}
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, 0, "a record without its '{' (lost at this offset); read anyway");
	ls_model_done(&m);
	free(u);
	ls_buf_done(&b);
}

/* Whether a key follows a '}' is known only once the bytes after it are
 * read: a stray one whose key lies past the end of the loader's window
 * (the first window ends at 1 MiB) is read the same, with 1 thread or 4;
 * and so is one in a record bigger than the window. */
/* A field between records ("{...},"x":1,{...}"): the '}' before it is no
 * stray one, and the next record starts a new element. Read as one
 * element to the end of the input, each such field cost a scan of all the
 * rest (30,000 of them: 12 s, 0.09 s before), and a record over a window
 * after one was lost with a warning per top_consumers entry. */
static void test_field_between_records(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	for (int big = 0; big <= 1; big++) {
		b.len = 0;
		ls_buf_puts(&b, "[");
		for (int i = 1; i <= 300; i++) {
			add_rec(&b, i, 100);
			ls_buf_puts(&b, i < 300 ? ",\"x\":1," : "");
		}
		if (big) {
			/* after one more, a record of ~1.4 MiB, and one after it */
			ls_buf_puts(&b, ",\"x\":1,{\"request_id\":\"req-301\",\"endpoint\":\"/chat\",\"memory\":"
				"{\"current_mb\":7,\"top_consumers\":[");
			for (int k = 0; k < 25000; k++)
				ls_buf_printf(&b, "%s{\"file\":\"/srv/app/mod%d.py:%d\",\"size_mb\":0.5,\"count\":%d}",
					k ? "," : "", k, k, k);
			ls_buf_puts(&b, "]},\"detailed_snapshot\":true},");
			add_rec(&b, 302, 100);
		}
		ls_buf_puts(&b, "]");
		const char *p = write_file("field-between.json", b.data);
		struct ls_model one, four;
		load_with(&one, &p, 1, 1, false);
		load_with(&four, &p, 1, 4, false);
		assert_models_equal(&one, &four);
		assert_int_equal(one.records_loaded, big ? 302 : 300);
		assert_int_equal(one.proc[0].ep[0].ncons, big ? 25000 : 0);
		/* one warning per field, each at the '}' before it */
		assert_int_equal(ls_warnings_total(&one.warnings), big ? 300 : 299);
		uint64_t first = offset_of(b.data, ",\"x\":1,") - 1;
		check_warning(&one, 0, p, first, "a '}' closes the record early, and fields follow it (a stray '}', or a "
			"lost '{'?); read up to there, the 6 bytes after it skipped");
		ls_model_done(&one);
		ls_model_done(&four);
	}
	/* one small record, the field, and the big record right after */
	b.len = 0;
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 100);
	ls_buf_puts(&b, ",\"x\":1,{\"request_id\":\"req-2\",\"endpoint\":\"/chat\",\"memory\":{\"current_mb\":7,"
		"\"top_consumers\":[");
	for (int k = 0; k < 25000; k++)
		ls_buf_printf(&b, "%s{\"file\":\"/srv/app/mod%d.py:%d\",\"size_mb\":0.5,\"count\":%d}", k ? "," : "", k, k, k);
	ls_buf_puts(&b, "]},\"detailed_snapshot\":true},");
	add_rec(&b, 3, 100);
	ls_buf_puts(&b, "]");
	const char *p = write_file("field-before-big.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 3);
	assert_int_equal(m.warnings.n, 1);
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* Which '}' a mend takes out: with "memory" first (a hand-written record)
 * and a stray '}' after "latency", blanking memory's own '}' also made
 * whole JSON, with latency inside memory (the average latency went from
 * 3.2 s to 0.07 s without a word). A mend keeps every field where a
 * profile record has it; and one the record's own check refuses (a ','
 * before '}') is no mend: "ignored" was said of a record then skipped. */
static void test_stray_close_right_brace(void **state)
{
	(void)state;
	const char *text = "[{\"memory\":{\"current_mb\":5,\"peak_mb\":6},\"request_id\":\"req-1\","
		"\"latency\":9.5},\"endpoint\":\"/x\",\"had_error\":false},"
		"{\"request_id\":\"req-2\",\"latency\":0.5,\"endpoint\":\"/x\",\"memory\":{\"current_mb\":6}}]";
	const char *p = write_file("stray-memory-first.json", text);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	const struct ls_endpoint *ep = &m.proc[0].ep[0];
	assert_int_equal(ep->n, 2);
	assert_true(ep->latency[0] == 9.5);
	assert_true(ep->current_mb[0] == 5);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, offset_of(text, "9.5}") + 3, "a stray '}' inside a record; ignored");
	ls_model_done(&m);
	const char *comma = "[{\"request_id\":\"req-1\",\"latency\":0.5},\"endpoint\":\"/x\",\"memory\":"
		"{\"current_mb\":5},},{\"request_id\":\"req-2\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":6}}]";
	p = write_file("stray-and-comma.json", comma);
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	for (size_t i = 0; i < m.warnings.n; i++)
		assert_null(strstr(m.warnings.v[i].message, "ignored"));
	assert_int_equal(m.records_loaded, 2);
	ls_model_done(&m);
}

/* A '}' or ']' where JSON never puts one: in a value (a byte of it right
 * after the bracket, or a ':' right before it), between a key and its ':',
 * or where a key is due. The scanner took it for the record's end, and the
 * rest of the record for a run of junk (18 warnings for one byte), or lost
 * the record ("{}" then the keys). Now it is taken out, the value whole. */
static void test_stray_bracket_in_a_value(void **state)
{
	(void)state;
	char *full = recs(1, 20);
	const char *r7 = full + offset_of(full, "{\"request_id\":\"req-7\"");
	/* where: after the first match of each in req-7's record */
	static const char *const after[] = {
		"{",                            /* where the first key is due */
		"\"req-7\"",                    /* after a value, before its ',' */
		"\"latency\":0.08",             /* inside a number */
		"\"status_code\":",             /* before a number */
		"\"method\":",                  /* before a string */
		"\"endpoint\"",                 /* between a key and its ':' */
		"\"success\",",                 /* after a ',', a key due */
		"\"memory\":",                  /* before the memory object */
		"\"tracking_enabled\":tr",      /* the memory object's last value */
		"\"detailed_snapshot\":fal",    /* the record's last value */
	};
	struct ls_buf b;
	ls_buf_init(&b);
	for (size_t k = 0; k < sizeof after / sizeof *after; k++)
		for (int c = 0; c < 2; c++) {
			uint64_t put = (uint64_t)(strstr(r7, after[k]) - full) + strlen(after[k]);
			const char *p = write_file("stray-in-value.json", put_in(&b, full, put, c ? "]" : "}", ""));
			for (unsigned threads = 1; threads <= 3; threads += 2) {
				struct ls_model m;
				assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
				assert_int_equal(m.records_loaded, 20);
				assert_int_equal(m.warnings.n, 1);
				check_warning(&m, 0, p, put, c ? "a stray ']' inside a record; ignored" :
					"a stray '}' inside a record; ignored");
				const struct ls_endpoint *ep = &m.proc[0].ep[0];
				assert_int_equal(ep->req_no[6], 7);
				assert_float_equal(ep->latency[6], 0.084213, 1e-12);
				assert_float_equal(ep->current_mb[6], 106, 1e-9);
				assert_int_equal(ep->status[6], 200);
				ls_model_done(&m);
			}
		}
	ls_buf_done(&b);
	free(full);
}

/* A stray bracket before a value longer than the scanner looks (1 KiB)
 * for what follows it: a string (a traceback), a memory-test record's
 * top_consumers. Two ']' in one record are said as such; a bracket taken
 * out of a number leaves the offsets after it as they were. */
static void test_stray_bracket_before_a_long_value(void **state)
{
	(void)state;
	struct ls_buf s3;
	ls_buf_init(&s3);
	ls_buf_puts(&s3, "[");
	for (int i = 1; i <= 3; i++) {
		ls_buf_printf(&s3, "%s{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"latency\":%s,\"had_error\":%s,"
			"\"error_message\":%s\"", i > 1 ? "," : "", i, i == 3 ? "0.]5" : "0.5", i == 3 ? "tr]ue" : "true",
			i == 2 ? "}" : "");
		for (int k = 0; k < 1100; k++)
			ls_buf_puts(&s3, k == 1000 && i == 3 ? "\t" : "T");
		ls_buf_puts(&s3, "\",\"memory\":{\"current_mb\":100.5,\"peak_mb\":101}}");
	}
	ls_buf_puts(&s3, "]");
	const char *p3 = write_file("stray-long-value.json", s3.data);
	struct ls_model m3;
	assert_int_equal(load_one_path(&m3, p3, 1), LS_LOAD_OK);
	assert_int_equal(m3.records_loaded, 3);
	assert_float_equal(m3.proc[0].ep[0].latency[2], 0.5, 1e-12);
	assert_float_equal(m3.proc[0].ep[0].current_mb[2], 100.5, 1e-12);
	assert_int_equal(m3.warnings.n, 3);
	uint64_t r2 = offset_of(s3.data, "\"req-2\""), r3 = offset_of(s3.data, "\"req-3\"");
	check_warning(&m3, 0, p3, r2 + offset_of(s3.data + r2, ":}\"") + 1, "a stray '}' inside a record; ignored");
	check_warning(&m3, 1, p3, r3 + offset_of(s3.data + r3, "0.]5") + 2,
		"2 stray ']' inside a record (the first at this offset); ignored");
	check_warning(&m3, 2, p3, offset_of(s3.data, "\t"), "raw control character 0x09 inside a string (JSON wants "
		"it escaped; Python's json refuses it); value kept");
	ls_model_done(&m3);
	ls_buf_done(&s3);

	/* before a memory-test record's top_consumers, longer than the
	 * scanner looks (1 KiB) for what follows a bracket */
	struct ls_buf t;
	ls_buf_init(&t);
	ls_buf_puts(&t, "[");
	for (int i = 1; i <= 8; i++) {
		ls_buf_printf(&t, "%s{\"request_id\":\"req-%d\",\"batch\":1,\"request_in_batch\":%d,\"current_mb\":1%d.5,"
			"\"had_error\":false,\"error_message\":null,\"top_consumers\":[", i > 1 ? "," : "", i, i, i);
		for (int k = 0; k < 12; k++)
			ls_buf_printf(&t, "%s{\"file\":\"  File \\\"/srv/app/services/module_%02d.py\\\", line %d\","
				"\"size_mb\":0.%d5,\"count\":90%d}", k ? "," : "", k, 10 + k, k, k);
		ls_buf_puts(&t, "]}");
	}
	ls_buf_puts(&t, "]");
	uint64_t put = offset_of(t.data + offset_of(t.data, "\"req-5\""), "\"top_consumers\":") +
		offset_of(t.data, "\"req-5\"") + strlen("\"top_consumers\":");
	assert_true(offset_of(t.data + put, "]}") > 1024);
	struct ls_buf b;
	ls_buf_init(&b);
	const char *p = write_file("stray-in-memtest.json", put_in(&b, t.data, put, "}", ""));
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 8);
	assert_int_equal(m.warnings.n, 1);
	check_warning(&m, 0, p, put, "a stray '}' inside a record; ignored");
	assert_int_equal(m.proc[0].ep[0].cons_first[5] - m.proc[0].ep[0].cons_first[4], 12);
	ls_model_done(&m);
	ls_buf_done(&t);
	ls_buf_done(&b);
}

static void test_stray_close_at_window_end(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	int n = 0;
	for (size_t shift = 0; shift < 48; shift++) {
		/* the records moved by `shift` blanks: the ',"' of a key at
		 * each place around the window's end in turn */
		b.len = 0;
		ls_buf_puts(&b, "[");
		for (size_t k = 0; k < shift; k++)
			ls_buf_puts(&b, " ");
		n = 0;
		while (b.len < 3u << 20) {
			if (n)
				ls_buf_puts(&b, ",");
			add_rec(&b, ++n, 100);
		}
		ls_buf_puts(&b, "]");
		uint64_t at = (uint64_t)(strstr(b.data + (1u << 20) - 24, ",\"") - b.data), put;
		char *t = with_strays(b.data, &at, 1, &put);
		const char *p = write_file("stray-close-window.json", t);
		struct ls_model one, four;
		load_with(&one, &p, 1, 1, false);
		load_with(&four, &p, 1, 4, false);
		assert_models_equal(&one, &four);
		assert_int_equal(one.records_loaded, (uint64_t)n);
		assert_int_equal(one.warnings.n, 1);
		check_warning(&one, 0, p, put, "a stray '}' inside a record; ignored");
		ls_model_done(&one);
		ls_model_done(&four);
		free(t);
	}
	/* a record of ~1.5 MiB, with a stray '}' in an early entry of its
	 * top_consumers and another between its fields at the end */
	b.len = 0;
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 100);
	ls_buf_puts(&b, ",{\"request_id\":\"req-2\",\"endpoint\":\"/chat\",\"memory\":{\"current_mb\":7,\"top_consumers\":[");
	for (int k = 0; k < 25000; k++)
		ls_buf_printf(&b, "%s{\"file\":\"/srv/app/mod%d.py:%d\",\"size_mb\":0.5,\"count\":%d}", k ? "," : "", k, k, k);
	ls_buf_puts(&b, "]},\"detailed_snapshot\":true,\"status_code\":200},");
	add_rec(&b, 3, 100);
	ls_buf_puts(&b, "]");
	uint64_t at[2] = {(uint64_t)(strstr(b.data, "\"/srv/app/mod3.py:3\"") - b.data) + 20,
		(uint64_t)(strstr(b.data, "\"detailed_snapshot\":true") - b.data) + 24}, put[2];
	char *t = with_strays(b.data, at, 2, put);
	assert_true(strlen(t) > 3u << 19);
	const char *p = write_file("stray-close-big-record.json", t);
	struct ls_model one, four;
	load_with(&one, &p, 1, 1, false);
	load_with(&four, &p, 1, 4, false);
	assert_models_equal(&one, &four);
	assert_int_equal(one.records_loaded, 3);
	assert_int_equal(one.proc[0].ep[0].ncons, 25000);
	assert_int_equal(one.proc[0].ep[0].status[1], 200);
	/* detailed_snapshot at the top, where it was written (blanking
	 * memory's own '}' put it inside memory) */
	assert_true(one.proc[0].ep[0].flags[1] & LS_REQ_DETAILED);
	assert_int_equal(one.warnings.n, 1);
	check_warning(&one, 0, p, put[0], "2 stray '}' inside a record (the first at this offset); ignored");
	ls_model_done(&one);
	ls_model_done(&four);
	free(t);
	ls_buf_done(&b);
}

/* A NUL inside a string ("\u0000") is kept, as the four characters \x00
 * (how control bytes are shown everywhere): names stay distinct instead of
 * being cut at the NUL, and both parse paths agree. */
/* A ']' before the end of the file is not the end when records follow it:
 * a stray one between records, two arrays one after the other, or one of a
 * broken record's that threw the scanner out of step. Before, every record
 * after it was dropped behind "unexpected bytes after the closing ']'". */
static void test_stray_closing_bracket(void **state)
{
	(void)state;
	char *a = recs(1, 3), *b = recs(4, 3);
	size_t na = strlen(a);
	struct ls_buf t;
	struct ls_model m[2];

	/* [r1,r2,r3],[r4,...: a ']' between records, and a second array */
	ls_buf_init(&t);
	ls_buf_puts(&t, a);
	ls_buf_puts(&t, ",\n");
	ls_buf_puts(&t, b);
	const char *p = write_file("stray-close.json", t.data);
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 6);
		assert_int_equal(m[k].warnings.n, 1);
		check_warning(&m[k], 0, p, na - 1, "unexpected ']' between records (records follow it); ignored");
		ls_model_done(&m[k]);
	}
	ls_buf_done(&t);

	/* a record lost all but its tail ("x"]}},): its ']' is at the top level */
	ls_buf_init(&t);
	ls_buf_printf(&t, "%.*s,\"x\"]}},%s", (int)(na - 1), a, b + 1);
	p = write_file("broken-close.json", t.data);
	uint64_t close = offset_of(t.data, "]}},"), next = offset_of(t.data, "{\"request_id\":\"req-4\"");
	char msg[200];
	snprintf(msg, sizeof msg, "unexpected ']' inside the array (a broken record's?); bytes %llu to %llu skipped, "
		"the records after them read", (unsigned long long)close + 1, (unsigned long long)next - 1);
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 6);
		assert_int_equal(m[k].warnings.n, 2);
		check_warning(&m[k], 0, p, close - 3, "record is a string, not an object; skipped");
		check_warning(&m[k], 1, p, close, msg);
		ls_model_done(&m[k]);
	}
	ls_buf_done(&t);

	/* bytes after the real end are still only that */
	ls_buf_init(&t);
	ls_buf_printf(&t, "%s ]x", a);
	p = write_file("close-junk.json", t.data);
	assert_int_equal(load_one_path(&m[0], p, 1), LS_LOAD_OK);
	assert_int_equal(m[0].records_loaded, 3);
	assert_int_equal(m[0].warnings.n, 1);
	check_warning(&m[0], 0, p, na + 1, "unexpected bytes after the closing ']'; ignored");
	ls_model_done(&m[0]);
	ls_buf_done(&t);
	free(a);
	free(b);
}

/* A raw NUL byte ends the text for json-c: the record is skipped, and the
 * warning says so at the NUL. Before, it said "unexpected end of data" one
 * byte past it, which a user looking there could not make sense of. */
static void test_raw_nul_byte(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 10);
	ls_buf_puts(&b, ",");
	size_t r2 = b.len;
	add_rec(&b, 2, 11);
	ls_buf_puts(&b, ",");
	size_t r3 = b.len;
	add_rec(&b, 3, 12);
	ls_buf_puts(&b, "]");
	size_t nul = r2 + offset_of(b.data + r2, "POST") + 2;
	b.data[nul] = '\0'; /* "PO\0T" */
	const char *p = write_file_n("rawnul.json", b.data, b.len);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 2);
		assert_int_equal(m[k].warnings.n, 1);
		check_warning(&m[k], 0, p, nul, skipped("invalid JSON in record (a raw NUL byte, where json-c stops "
			"reading)", r3 - 1 - r2, r2));
		ls_model_done(&m[k]);
	}
	ls_buf_done(&b);
}

/* A cut out of the middle of a file (a reader racing the profiler's
 * rewrite, a hand edit) that takes a record's closing "}]}" leaves it open
 * to the end: every record after it is JSON inside its top_consumers. It
 * was read as a record cut off by the end of the file: all of them lost,
 * and "truncated ... inside this record" said of a file that was not. */
static void test_unclosed_record_mid_file(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	size_t r3 = 0, r4 = 0;
	for (int i = 1; i <= 6; i++) {
		if (i == 3)
			r3 = b.len + 1;
		if (i == 4)
			r4 = b.len + 1;
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"memory\":{\"current_mb\":%d.0,\"top_consumers\":["
			"{\"file\":\"/a.py:1\",\"size_mb\":1.0,\"count\":1},"
			"{\"file\":\"/b.py:2\",\"size_mb\":2.0,\"count\":2}%s",
			i > 1 ? "," : "", i, 10 + i, i == 3 ? "" : "]}}");
	}
	ls_buf_puts(&b, "]");
	const char *p = write_file("unclosed.json", b.data);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		const struct ls_endpoint *ep = &m[k].proc[0].ep[0];
		assert_int_equal(m[k].records_loaded, 5);
		static const int64_t no[] = {1, 2, 4, 5, 6};
		for (int i = 0; i < 5; i++)
			assert_int_equal(ep->req_no[i], no[i]);
		assert_int_equal(m[k].warnings.n, 1);
		check_warning(&m[k], 0, p, r3, skipped("invalid JSON in record (not closed before the next record "
			"starts)", r4 - 1 - r3, r3));
		ls_model_done(&m[k]);
	}
	/* a record the end of the file cuts inside its top_consumers is still
	 * only that */
	ls_buf_done(&b);
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 10);
	ls_buf_puts(&b, ",{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":11.0,\"top_consumers\":["
		"{\"file\":\"/a.py:1\",\"size_mb\":1.0,\"count\":1},{\"file\":\"/b.py:2\",\"size_mb\":2.0,\"count\":2},"
		"{\"file\":\"/c.py:3\",\"si");
	p = write_file("cut.json", b.data);
	assert_int_equal(load_one_path(&m[0], p, 1), LS_LOAD_OK);
	assert_int_equal(m[0].records_loaded, 1);
	assert_int_equal(m[0].warnings.n, 1);
	char msg[120];
	snprintf(msg, sizeof msg, "truncated at byte %zu, inside this record; 1 record kept", b.len);
	check_warning(&m[0], 0, p, offset_of(b.data, "{\"request_id\":\"req-2\""), msg);
	ls_model_done(&m[0]);
	ls_buf_done(&b);
}

/* Two records in a row that each lost their closing "}}": the resync
 * looks for a whole record, so it passed over the second broken one, and
 * only the first was said: one record of the file gone without a word.
 * Each is said at its own '{', the records after them read; also when
 * the file holds no whole record at all. */
static void test_broken_records_in_a_row(void **state)
{
	(void)state;
	for (int all = 0; all <= 1; all++) {
		struct ls_buf b;
		ls_buf_init(&b);
		ls_buf_puts(&b, "[");
		size_t at[7] = {0};
		for (int i = 1; i <= 6; i++) {
			bool broken = all || i == 3 || i == 4;
			if (i > 1)
				ls_buf_puts(&b, ",");
			at[i] = b.len;
			ls_buf_printf(&b, "{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":%d.5%s",
				i, 10 + i, broken ? "" : "}}");
		}
		ls_buf_puts(&b, "]");
		const char *p = write_file(all ? "broken-all.json" : "broken-two.json", b.data);
		for (unsigned threads = 1; threads <= 3; threads += 2) {
			for (int jsonc = 0; jsonc <= 1; jsonc++) {
				struct ls_model m;
				struct ls_load_opts o = {.threads = threads, .jsonc_only = jsonc};
				ls_model_init(&m);
				int st = ls_load_paths(&m, &p, 1, &o);
				if (all) {
					assert_int_equal(st, LS_LOAD_NOTHING);
					assert_int_equal(m.records_loaded, 0);
					/* six records said, and "no records in file" */
					assert_int_equal(m.warnings.n, 7);
					/* each record's bytes, to the ',' before the next
					 * (the last one's to the array's ']') */
					check_warning(&m, 0, p, at[1], skipped("invalid JSON in record (not closed before the "
						"next record starts)", at[2] - 1 - at[1], at[1]));
					for (int i = 2; i <= 6; i++)
						check_warning(&m, (size_t)i - 1, p, at[i], skipped("invalid JSON in record (it "
							"starts inside the broken record before it and is not whole either)",
							(i < 6 ? at[i + 1] : b.len) - 1 - at[i], at[i]));
				} else {
					assert_int_equal(st, LS_LOAD_OK);
					assert_int_equal(m.records_loaded, 4);
					assert_int_equal(m.warnings.n, 2);
					check_warning(&m, 0, p, at[3], skipped("invalid JSON in record (not closed before the "
						"next record starts)", at[4] - 1 - at[3], at[3]));
					check_warning(&m, 1, p, at[4], skipped("invalid JSON in record (it starts inside the "
						"broken record before it and is not whole either)", at[5] - 1 - at[4], at[4]));
				}
				ls_model_done(&m);
			}
		}
		ls_buf_done(&b);
	}
}

/* A record bigger than the window (2.4 MB: 40,000 top_consumers entries)
 * with a '}' put in before its memory object ("memory":}{...): read whole,
 * wherever it sits in the file. The loader cut such an element at the
 * memory object (a record start, by its current_mb), so the record was
 * lost with three warnings after a 100 KB error_message before it, and read
 * whole without one. */
static void test_stray_bracket_in_a_big_record(void **state)
{
	(void)state;
	struct ls_buf tc, b;
	ls_buf_init(&tc);
	ls_buf_init(&b);
	for (int i = 0; i < 40000; i++)
		ls_buf_printf(&tc, "%s{\"file\":\"/srv/app/m%d.py:%d\",\"size_mb\":0.001,\"count\":%d}", i ? "," : "", i, i, i);
	for (size_t pad = 0; pad <= 100000; pad += 100000) {
		b.len = 0;
		ls_buf_puts(&b, "[");
		for (int i = 1; i <= 3; i++) {
			ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"latency\":0.1,\"had_error\":false,"
				"\"error_message\":\"", i > 1 ? "," : "", i);
			for (size_t k = 0; i == 1 && k < pad; k++)
				ls_buf_puts(&b, "E");
			ls_buf_printf(&b, "\",\"memory\":%s{\"current_mb\":100.5,\"peak_mb\":101,\"top_consumers\":[",
				i == 2 ? "}" : "");
			if (i < 3)
				ls_buf_add(&b, tc.data, tc.len);
			ls_buf_puts(&b, "]},\"detailed_snapshot\":true}");
		}
		ls_buf_puts(&b, "]");
		const char *p = write_file("stray-big.json", b.data);
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 3);
		assert_int_equal(m.warnings.n, 1);
		uint64_t r2 = offset_of(b.data, "\"req-2\"");
		check_warning(&m, 0, p, r2 + offset_of(b.data + r2, ":}{") + 1, "a stray '}' inside a record; ignored");
		const struct ls_endpoint *ep = &m.proc[0].ep[0];
		assert_int_equal(ep->cons_first[2] - ep->cons_first[1], 40000);
		ls_model_done(&m);
	}
	ls_buf_done(&b);
	ls_buf_done(&tc);
}

/* Big records (about 180 KiB: 3,000 top_consumers entries), one of which,
 * across the 1 MiB window's end, lost a ':' 20 KiB in: that one record is
 * skipped and said once. (A probe of broken elements once cut it at an
 * entry the window's end left unfinished, and read the entries after it as
 * elements: a thousand warnings.) */
static void test_broken_big_record_across_window(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	size_t broken_at = 0;
	for (int i = 0; i < 40; i++) {
		size_t start = b.len;
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":%d,"
			"\"top_consumers\":[", i ? "," : "", i + 1, 100 + i);
		for (int k = 0; k < 3000; k++)
			ls_buf_printf(&b, "%s{\"file\":\"/srv/app/mod%d.py:%d\",\"size_mb\":0.5,\"count\":%d}", k ? "," : "",
				k, k, k);
		ls_buf_puts(&b, "]}}");
		if (start < (1u << 20) && b.len > (1u << 20))
			broken_at = start + 20000;
	}
	ls_buf_puts(&b, "]");
	assert_true(broken_at > 0);
	char *colon = strstr(b.data + broken_at, "\"count\":") + strlen("\"count\"");
	memmove(colon, colon + 1, strlen(colon + 1) + 1);
	const char *p = write_file("big-broken.json", b.data);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		struct ls_load_opts o = {.threads = threads};
		ls_model_init(&m);
		assert_int_equal(ls_load_paths(&m, &p, 1, &o), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 39);
		assert_int_equal(m.warnings.n, 1);
		assert_non_null(strstr(m.warnings.v[0].message, "invalid JSON in record"));
		ls_model_done(&m);
	}
	ls_buf_done(&b);
}

/* A record of `entries` top_consumers entries (about 60 bytes each). */
static void add_big_rec(struct ls_buf *b, long long id, int entries)
{
	ls_buf_printf(b, "{\"request_id\":\"req-%lld\",\"endpoint\":\"/chat\",\"memory\":{\"current_mb\":7,"
		"\"top_consumers\":[", id);
	for (int k = 0; k < entries; k++)
		ls_buf_printf(b, "%s{\"file\":\"/srv/app/mod%d.py:%d\",\"size_mb\":0.5,\"count\":%d}", k ? "," : "", k, k,
			k);
	ls_buf_puts(b, "]},\"detailed_snapshot\":true}");
}

/* A record bigger than the reader's window, damaged near its start: the
 * reader looked for the next record in the window only, and took the
 * top_consumers entry that the window's end cut off for one (it was not
 * whole, so not known to be an entry). Cut there, every entry after it was
 * read as an element, one "object with none of a profile record's fields"
 * warning each (18,325 for a record of 3.3 MB), and a record that lost its
 * '{' was lost instead of read. Such a record is now said once, and the
 * records after it are read, with 1 thread or 4. */
static void test_big_record_damaged_early(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	/* one record, then one of ~1.5 MiB that lost its '{', then one more:
	 * the first element runs from the first record's '{' over the big one */
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 100);
	ls_buf_puts(&b, ",");
	size_t lost = b.len;
	add_big_rec(&b, 2, 25000);
	memmove(b.data + lost, b.data + lost + 1, b.len - lost);
	b.len--;
	ls_buf_puts(&b, ",");
	add_rec(&b, 3, 100);
	ls_buf_puts(&b, "]");
	assert_true(b.len > 3u << 19);
	const char *p = write_file_n("big-lost-open.json", b.data, b.len);
	struct ls_model one, four;
	load_with(&one, &p, 1, 1, false);
	load_with(&four, &p, 1, 4, false);
	assert_models_equal(&one, &four);
	assert_int_equal(one.records_loaded, 3);
	assert_int_equal(one.proc[0].ep[0].ncons, 25000);
	assert_int_equal(ls_warnings_total(&one.warnings), 1);
	/* (at the ',' before it: the record reads as if its '{' were there) */
	check_warning(&one, 0, p, lost - 1, "a record without its '{' (lost at this offset); read anyway");
	ls_model_done(&one);
	ls_model_done(&four);

	/* a record of ~2.4 MiB that is invalid JSON 300 bytes in, after a
	 * record (so it starts a window of its own, and outgrows it), then
	 * a record: the damage of repro_preexisting_big_broken_flood (a ','
	 * before '}', and a '}' too many), and a lost ':' */
	const char *damage[] = {"\"size_mb\":0.5,}}\"count\":3}", "\"size_mb\":0.5,\"count\"3}"};
	for (int d = 0; d < 2; d++) {
		b.len = 0;
		ls_buf_puts(&b, "[");
		add_rec(&b, 1, 100);
		ls_buf_puts(&b, ",");
		size_t big = b.len;
		add_big_rec(&b, 2, 40000);
		ls_buf_puts(&b, ",");
		add_rec(&b, 3, 100);
		ls_buf_puts(&b, "]");
		assert_true(b.len - big > 2u << 20);
		/* put the damage into entry 3 */
		char *e = strstr(b.data + big, "\"size_mb\":0.5,\"count\":3}");
		assert_non_null(e);
		size_t at = (size_t)(e - b.data), was = strlen("\"size_mb\":0.5,\"count\":3}");
		struct ls_buf t;
		ls_buf_init(&t);
		ls_buf_printf(&t, "%.*s%s%s", (int)at, b.data, damage[d], b.data + at + was);
		p = write_file_n("big-broken-early.json", t.data, t.len);
		load_with(&one, &p, 1, 1, false);
		load_with(&four, &p, 1, 4, false);
		assert_models_equal(&one, &four);
		assert_int_equal(one.records_loaded, 2);
		assert_int_equal(one.proc[0].ep[0].req_no[0], 1);
		assert_int_equal(one.proc[0].ep[0].req_no[1], 3);
		assert_int_equal(ls_warnings_total(&one.warnings), 1);
		assert_non_null(strstr(one.warnings.v[0].message, "invalid JSON in record"));
		assert_true(one.warnings.v[0].offset > big && one.warnings.v[0].offset < big + 400);
		ls_model_done(&one);
		ls_model_done(&four);
		ls_buf_done(&t);
	}
	ls_buf_done(&b);
}

/* A record bigger than the window with two damaged top_consumers entries
 * in the window (each lost its ':'): the reader cut the element at the
 * second, which json-c refuses and whose first key is none of a record's,
 * and every entry after it was read as an element, a warning each (55,496
 * for a record of 3 MB). It is one broken element now: one warning per
 * damage, as in a small record, and the records after it are read, with
 * 1 thread or 4. */
static void test_big_record_damaged_twice(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 100);
	ls_buf_puts(&b, ",");
	size_t big = b.len;
	add_big_rec(&b, 2, 40000);
	ls_buf_puts(&b, ",");
	add_rec(&b, 3, 100);
	ls_buf_puts(&b, ",");
	add_rec(&b, 4, 100);
	ls_buf_puts(&b, "]");
	assert_true(b.len - big > 2u << 20);
	/* drop the ':' after "count" in entries 3 and 5000 (both in the
	 * first window) */
	const char *which[] = {"\"count\":5000}", "\"count\":3}"};
	for (int d = 0; d < 2; d++) {
		char *e = strstr(b.data + big, which[d]);
		assert_non_null(e);
		memmove(e + 7, e + 8, b.len - (size_t)(e + 8 - b.data));
		b.len--;
	}
	const char *p = write_file_n("big-damaged-twice.json", b.data, b.len);
	struct ls_model one, four;
	load_with(&one, &p, 1, 1, false);
	load_with(&four, &p, 1, 4, false);
	assert_models_equal(&one, &four);
	assert_int_equal(one.records_loaded, 3);
	assert_int_equal(one.proc[0].ep[0].req_no[0], 1);
	assert_int_equal(one.proc[0].ep[0].req_no[1], 3);
	assert_int_equal(one.proc[0].ep[0].req_no[2], 4);
	assert_int_equal(ls_warnings_total(&one.warnings), 2);
	for (size_t i = 0; i < 2; i++) {
		assert_non_null(strstr(one.warnings.v[i].message, "invalid JSON in record"));
		assert_true(one.warnings.v[i].offset > big && one.warnings.v[i].offset < big + (1u << 20));
	}
	ls_model_done(&one);
	ls_model_done(&four);
	ls_buf_done(&b);
}

/* A warning that quotes a long name keeps it whole (it was cut at 511
 * bytes, there inside a two-byte character). */
static void test_long_warning_whole(void **state)
{
	(void)state;
	char name[1100] = "";
	for (int i = 0; i < 500; i++)
		strcat(name, "\xc3\xa9");  /* é */
	struct ls_warnings w;
	ls_warnings_init(&w);
	ls_warn(&w, "f.json", 7, "endpoint %s named twice", name);
	assert_int_equal(w.n, 1);
	assert_int_equal(strlen(w.v[0].message), strlen("endpoint ") + 1000 + strlen(" named twice"));
	assert_string_equal(w.v[0].message + strlen(w.v[0].message) - 12, " named twice");
	ls_warnings_done(&w);
}

/* A stray '{' before every record leaves each element open to the end of
 * the input: the loader asks whether it is broken once it has run past a
 * record's size, and cuts it where the next record starts (scanning each to
 * the end made 100,000 such records take 91 s). Every record is read, and
 * every stray '{' is said at its own offset (as no record lost), on any
 * thread count. */
static void test_stray_brace_before_every_record(void **state)
{
	(void)state;
	enum { N = 3000 };
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	size_t *at = calloc(N + 1, sizeof *at);
	for (int i = 1; i <= N; i++) {
		if (i > 1)
			ls_buf_puts(&b, ",");
		at[i] = b.len;
		ls_buf_printf(&b, "{{\"request_id\":\"req-%d\",\"endpoint\":\"/x\",\"memory\":{\"current_mb\":%d.5}}",
			i, 10 + i % 7);
	}
	ls_buf_puts(&b, "]");
	const char *p = write_file("stray-braces.json", b.data);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		struct ls_load_opts o = {.threads = threads};
		ls_model_init(&m);
		assert_int_equal(ls_load_paths(&m, &p, 1, &o), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, N);
		/* (a file's warnings are listed up to a cap, the rest counted) */
		size_t said = 0;
		uint64_t all = 0;
		for (size_t w = 0; w < m.warnings.n; w++) {
			all += 1 + m.warnings.v[w].more;
			if (!strcmp(m.warnings.v[w].message, "a stray '{' before a record; skipped")) {
				assert_int_equal(m.warnings.v[w].offset, at[said + 1]);
				said++;
			}
		}
		assert_true(said >= 100);
		assert_true(all >= N);
		ls_model_done(&m);
	}
	free(at);
	ls_buf_done(&b);
}

/* A file cut right after the "]" of a broken last record's top_consumers
 * (a record that was broken anyway, or a byte lost in it): that ']'
 * closes the record's own '[', no array. It was taken for the file's
 * closing bracket, and the cut was not said. A broken record that swallowed
 * the array's ']' still ends the file as closed. */
static void test_cut_after_broken_records_bracket(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}},"
		"{\"request_id\":\"req-2\",\"top_consumers\":[{\"file\":\"a\" \"size_mb\":1}]",
		"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1}},{\"request_id\":\"req-2\",x]",
	};
	for (int k = 0; k < 2; k++) {
		const char *p = write_file(k ? "broken-closed.json" : "broken-cut.json", texts[k]);
		struct ls_model m[2];
		load_both(p, &m[0], &m[1]);
		for (int j = 0; j < 2; j++) {
			assert_int_equal(m[j].records_loaded, 1);
			assert_int_equal(m[j].warnings.n, k ? 1 : 2);
			if (!k) {
				char msg[80];
				size_t len = strlen(texts[k]);
				snprintf(msg, sizeof msg, "truncated at byte %zu, before the closing ']'; 1 record kept", len);
				check_warning(&m[j], 1, p, len, msg);
			}
			ls_model_done(&m[j]);
		}
	}
}

static void test_nul_in_strings_kept(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 3; i++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"endpoint\":\"\\u0000/e\\u0000p\",\"had_error\":true,"
			"\"error_message\":\"bo\\u0000om\",\"memory\":{\"current_mb\":10.0,\"top_consumers\":["
			"{\"file\":\"/s/a.py\\u0000x:1\",\"size_mb\":1.0,\"count\":1},"
			"{\"file\":\"/s/a.py\\u0000y:2\",\"size_mb\":2.0,\"count\":1}]}}",
			i > 1 ? "," : "", i);
	ls_buf_puts(&b, "]");
	const char *p = write_file("nul.json", b.data);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		const struct ls_process *pr = &m[k].proc[0];
		const struct ls_endpoint *ep = &pr->ep[0];
		assert_int_equal(m[k].warnings.n, 0);
		assert_string_equal(ep->name, "\\x00/e\\x00p");
		assert_string_equal(ls_intern_str(&pr->strings, ep->error_msg[0]), "bo\\x00om");
		assert_int_equal(ls_intern_count(&pr->sites), 2);
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[0]), "/s/a.py\\x00x:1");
		assert_string_equal(ls_intern_str(&pr->sites, ep->cons_site[1]), "/s/a.py\\x00y:2");
	}
	assert_models_equal(&m[0], &m[1]);
	ls_model_done(&m[0]);
	ls_model_done(&m[1]);
	/* such records stay on the fast path */
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_load_file(p, &r, &(struct ls_load_opts){.threads = 1});
	assert_int_equal(r.fast_records, 3);
	ls_file_result_done(&r);
	ls_buf_done(&b);

	/* an ISO timestamp is not cut at a NUL either: what follows it counts */
	const char *text = "[{\"request_id\":\"req-1\",\"batch\":1,\"current_mb\":1,"
		"\"timestamp\":\"2026-11-20T00:00:00\\u0000junk\"}]";
	p = write_file("nul-time.json", text);
	assert_int_equal(load_one_path(&m[0], p, 1), LS_LOAD_OK);
	assert_false(m[0].proc[0].ep[0].flags[0] & LS_REQ_HAS_TIME);
	assert_int_equal(m[0].warnings.n, 1);
	check_warning(&m[0], 0, p, offset_of(text, "\"timestamp\""),
		"timestamp \"2026-11-20T00:00:00\\x00junk\" is not ISO-8601; ignored");
	ls_model_done(&m[0]);
}

/* A key written twice is warned about on the json-c path (two records run
 * together?); the fast path took a record whose twice-written key was one
 * it does not read ("x", or the memory object's "y") without a word. Keys
 * it does not read, each once, stay on the fast path (a newer profiler may
 * add some). */
static void test_unknown_key_twice(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":1},\"x\":1,\"x\":2},"
		"{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":1,\"y\":1,\"y\":{}}},"
		"{\"request_id\":\"req-3\",\"memory\":{\"current_mb\":1},\"\":1,\"\":2},"
		"{\"request_id\":\"req-4\",\"memory\":{\"current_mb\":1,\"y\":1},\"x\":1,\"z\":2,\"\":3}]";
	const char *p = write_file("twice.json", text);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 4);
		assert_int_equal(m[k].warnings.n, 3);
		const char *const rec[] = {"{\"request_id\":\"req-1\"", "{\"request_id\":\"req-2\"",
			"{\"request_id\":\"req-3\""};
		for (int i = 0; i < 3; i++)
			check_warning(&m[k], (size_t)i, p, offset_of(text, rec[i]), "duplicate key in a record (two records "
				"run together?); the last value of each key was kept");
	}
	assert_models_equal(&m[0], &m[1]);
	ls_model_done(&m[0]);
	ls_model_done(&m[1]);
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_load_file(p, &r, &(struct ls_load_opts){.threads = 1});
	assert_int_equal(r.fast_records, 1);
	ls_file_result_done(&r);
}

/* Each warning of a skipped record says how many bytes went with it, and
 * from where: the offset it is shown at is where the record broke, which
 * says neither (a user had to find the record's ends by hand to see what
 * was lost). Not counted: the blanks and the array's ']' after a broken
 * last record, which are no record's. Bytes skipped after a ']' inside
 * the array are counted the same way. */
static void test_skipped_bytes_said(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	uint64_t r[5];
	/* req-2 without the ':' after "endpoint", req-3 last, without it too */
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 3; i++) {
		if (i > 1)
			ls_buf_puts(&b, ",");
		r[i] = b.len;
		add_rec(&b, i, 100 + i);
		if (i > 1) {
			size_t c = (size_t)offset_of(b.data + r[i], "\"endpoint\":") + 10;
			memmove(b.data + r[i] + c, b.data + r[i] + c + 1, b.len - r[i] - c - 1);
			b.len--;
		}
	}
	r[4] = b.len;
	ls_buf_puts(&b, "]\n");
	const char *p = write_file("skipped-bytes.json", b.data);
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct ls_model m;
		assert_int_equal(load_one_path(&m, p, threads), LS_LOAD_OK);
		assert_int_equal(m.records_loaded, 1);
		assert_int_equal(m.warnings.n, 2);
		for (int i = 2; i <= 3; i++) {
			uint64_t at = r[i] + offset_of(b.data + r[i], "\"endpoint\"") + 10;
			check_warning(&m, (size_t)i - 2, p, at, skipped("invalid JSON in record (object property name "
				"separator ':' expected)", r[i + 1] - (i < 3) - r[i], r[i]));
		}
		ls_model_done(&m);
	}
	/* req-2 lost its '}', and a "]}" after req-3 took it to depth 0 and
	 * back: one element of both, then req-4; req-3 is read, the two bytes
	 * after it are skipped to req-4 */
	b.len = 0;
	ls_buf_puts(&b, "[");
	add_rec(&b, 1, 101);
	ls_buf_puts(&b, ",");
	r[2] = b.len;
	add_rec(&b, 2, 102);
	b.data[--b.len] = 0;
	ls_buf_puts(&b, ",");
	r[3] = b.len;
	add_rec(&b, 3, 103);
	uint64_t close = b.len;
	ls_buf_puts(&b, "]},");
	add_rec(&b, 4, 104);
	ls_buf_puts(&b, "]");
	p = write_file("skipped-after-close.json", b.data);
	struct ls_model m;
	assert_int_equal(load_one_path(&m, p, 1), LS_LOAD_OK);
	assert_int_equal(m.records_loaded, 3);
	assert_int_equal(m.warnings.n, 2);
	check_warning(&m, 0, p, r[2], skipped("invalid JSON in record (not closed before the next record starts)",
		r[3] - 1 - r[2], r[2]));
	char msg[120];
	snprintf(msg, sizeof msg, "unexpected ']' inside the array; skipped to the next record (2 bytes from byte %llu)",
		(unsigned long long)close);
	check_warning(&m, 1, p, close, msg);
	ls_model_done(&m);
	ls_buf_done(&b);
}

/* Numbers and commas that are not JSON (RFC 8259; Python's json refuses
 * them) are not read as whatever json-c makes of them: the record is
 * skipped with a warning at the offending byte, on both parse paths. */
static void test_malformed_numbers(void **state)
{
	(void)state;
	static const char *const bad[] = {"1e+", "01", "2.", "1e", "-01", "00", "0.", "1.e5", "-0.e1", "1E-"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char text[300];
		snprintf(text, sizeof text,
			"[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":%s}},"
			"{\"request_id\":\"req-2\",\"memory\":{\"current_mb\":3}}]", bad[i]);
		const char *p = write_file("badnum.json", text);
		struct ls_model m[2];
		load_both(p, &m[0], &m[1]);
		char why[100];
		snprintf(why, sizeof why, "invalid JSON in record (malformed number %s)", bad[i]);
		const char *msg = skipped(why, offset_of(text, "}},{") + 2 - 1, 1);
		for (int k = 0; k < 2; k++) {
			assert_int_equal(m[k].records_loaded, 1);
			assert_int_equal(m[k].proc[0].ep[0].req_no[0], 2);
			assert_int_equal(m[k].warnings.n, 1);
			check_warning(&m[k], 0, p, offset_of(text, "\"current_mb\":") + 13, msg);
			ls_model_done(&m[k]);
		}
	}
	/* a ',' before a closing bracket, at any depth */
	const char *text = "[{\"request_id\":\"req-1\",\"memory\":{\"current_mb\":2},},"
		"{\"request_id\":\"req-2\",\"x\":[1,2 ,],\"memory\":{\"current_mb\":2}},"
		"{\"request_id\":\"req-3\",\"memory\":{\"current_mb\":3}}]";
	const char *p = write_file("trailing.json", text);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 1);
		assert_int_equal(m[k].proc[0].ep[0].req_no[0], 3);
		assert_int_equal(m[k].warnings.n, 2);
		uint64_t r2 = offset_of(text, "{\"request_id\":\"req-2\""), r3 = offset_of(text, "{\"request_id\":\"req-3\"");
		check_warning(&m[k], 0, p, offset_of(text, ",},"),
			skipped("invalid JSON in record (',' before '}')", r2 - 1 - 1, 1));
		check_warning(&m[k], 1, p, offset_of(text, " ,]") + 1,
			skipped("invalid JSON in record (',' before ']')", r3 - 1 - r2, r2));
		ls_model_done(&m[k]);
	}
	/* valid numbers, and number-like text in strings, keys and the
	 * NaN/Infinity Python writes, read as before */
	text = "[{\"request_id\":\"req-1\",\"error_message\":\"code 01, 2. and 1e+\",\"01\":-0,\"y\":-Infinity,"
		"\"z\":[0,-0.0,1E+5,1e-5,-1.5e3,0e0],\"memory\":{\"current_mb\":0.5}}]";
	p = write_file("goodnum.json", text);
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 1);
		assert_int_equal(m[k].warnings.n, 0);
		assert_true(m[k].proc[0].ep[0].current_mb[0] == 0.5);
		ls_model_done(&m[k]);
	}
}

/* What else json-c takes and Python's json refuses: comments, single
 * quotes, words like TRUE. Each such record is skipped aloud; true, false,
 * null, NaN and Infinity are JSON (or what Python writes) and stay. */
static void test_lenient_forms_refused(void **state)
{
	(void)state;
	const char *text = "[{\"request_id\":\"req-1\",/* c */\"memory\":{\"current_mb\":1}},"
		"{\"request_id\":'req-2',\"memory\":{\"current_mb\":2}},"
		"{\"request_id\":\"req-3\",\"had_error\":TRUE,\"memory\":{\"current_mb\":3}},"
		"{\"request_id\":\"req-4\",\"had_error\":false,\"error_message\":null,\"x\":[NaN,Infinity,-Infinity],"
		"\"memory\":{\"current_mb\":4,\"tracking_enabled\":true}}]";
	const char *p = write_file("lenient.json", text);
	struct ls_model m[2];
	load_both(p, &m[0], &m[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k].records_loaded, 1);
		assert_int_equal(m[k].proc[0].ep[0].req_no[0], 4);
		assert_int_equal(m[k].warnings.n, 3);
		uint64_t r[5] = {0, 1, offset_of(text, "{\"request_id\":'req-2'"), offset_of(text, "{\"request_id\":\"req-3\""),
			offset_of(text, "{\"request_id\":\"req-4\"")};
		check_warning(&m[k], 0, p, offset_of(text, "/* c"), skipped("invalid JSON in record (a comment)",
			r[2] - 1 - r[1], r[1]));
		check_warning(&m[k], 1, p, offset_of(text, "'req-2'"),
			skipped("invalid JSON in record (a single-quoted string)", r[3] - 1 - r[2], r[2]));
		check_warning(&m[k], 2, p, offset_of(text, "TRUE"), skipped("invalid JSON in record (unknown word TRUE)",
			r[4] - 1 - r[3], r[3]));
		ls_model_done(&m[k]);
	}
}

/* Past LS_MAX_FILE_WARNINGS one entry sums up the rest; the count the
 * user sees (Warnings tab, report header, "warnings_total") is of problems,
 * so 250 refused values count 250, not the 201 entries listing them. */
static void test_warnings_total_counts_unlisted(void **state)
{
	(void)state;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	for (int i = 1; i <= 250; i++)
		ls_buf_printf(&b, "%s{\"request_id\":\"req-%d\",\"memory\":{\"current_mb\":\"x\"}}", i > 1 ? "," : "", i);
	ls_buf_puts(&b, "]");
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_parse_text(b.data, b.len, "many.json", &r, 1);
	assert_int_equal(r.warnings.n, LS_MAX_FILE_WARNINGS + 1);
	assert_non_null(strstr(r.warnings.v[LS_MAX_FILE_WARNINGS].message, "50 more warnings in this file not listed"));
	assert_int_equal(ls_warnings_total(&r.warnings), 250);
	ls_file_result_done(&r);
	ls_buf_done(&b);
}

/* A file's warnings are listed in reading order, whatever pass found
 * them: the scanner reports a comment never closed after the resync has
 * reported what came later (a README audit saw bytes 7177, 7178, 3584,
 * 7175). Those about the whole file follow, then the summaries. */
static void test_warnings_in_reading_order(void **state)
{
	(void)state;
	static const char rec[] = "{\"request_id\":\"req-%d\",\"memory\":{\"current_mb\":%d}}";
	struct ls_buf b;
	ls_buf_init(&b);
	ls_buf_puts(&b, "[");
	ls_buf_printf(&b, rec, 1, 10);
	ls_buf_puts(&b, ",/* oops ");
	ls_buf_printf(&b, rec, 2, 11);
	ls_buf_puts(&b, ",");
	ls_buf_printf(&b, rec, 3, 12);
	ls_buf_puts(&b, "],{{");
	ls_buf_printf(&b, rec, 4, 13);
	ls_buf_puts(&b, ",");
	ls_buf_printf(&b, rec, 5, 14);
	ls_buf_puts(&b, "]");
	const char *path = write_file("order.json", b.data);
	struct ls_model m;
	ls_model_init(&m);
	const char *paths[] = {path};
	assert_int_equal(ls_load_paths(&m, paths, 1, NULL), LS_LOAD_OK);
	assert_true(m.warnings.n >= 3);
	for (size_t i = 1; i < m.warnings.n; i++) {
		const struct ls_warning *w = &m.warnings.v[i], *p = &m.warnings.v[i - 1];
		if (w->offset != LS_NO_OFFSET && !w->more)
			assert_true(p->offset != LS_NO_OFFSET && !p->more && p->offset <= w->offset);
	}
	/* the comment, the first thing wrong in the file, comes first */
	assert_non_null(strstr(m.warnings.v[0].message, "comment '/*' never closed"));
	assert_int_equal(m.warnings.v[0].offset, offset_of(b.data, "/* oops"));
	/* and a summary of what was not listed comes after a whole-file note */
	struct ls_warnings w, src;
	ls_warnings_init(&w);
	ls_warnings_init(&src);
	ls_warn_unlisted(&src, "f.json", 5, 3, "3 more warnings in this file not listed (first at this offset)");
	ls_warn(&src, "f.json", LS_NO_OFFSET, "no records in file");
	ls_warn(&src, "f.json", 50, "fifty");
	ls_warn(&src, "f.json", 10, "ten");
	ls_warnings_append(&w, &src);
	assert_int_equal(w.n, 4);
	assert_string_equal(w.v[0].message, "ten");
	assert_string_equal(w.v[1].message, "fifty");
	assert_string_equal(w.v[2].message, "no records in file");
	assert_true(w.v[3].more > 0);
	assert_int_equal(ls_warnings_total(&w), 6);
	ls_warnings_done(&src);
	ls_warnings_done(&w);
	ls_model_done(&m);
	ls_buf_done(&b);
}

int main(void)
{
	/* timestamps without a zone are local time */
	setenv("TZ", "UTC0", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_unreadable_file),
		cmocka_unit_test(test_fifo_in_directory),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_directory_argument),
		cmocka_unit_test(test_timeline_in_completion_order),
		cmocka_unit_test(test_memory_test_clock_set_back),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_whitespace_file),
		cmocka_unit_test(test_not_an_array),
		cmocka_unit_test(test_truncated_mid_record),
		cmocka_unit_test(test_missing_closing_bracket),
		cmocka_unit_test(test_truncated_before_any_record),
		cmocka_unit_test(test_broken_record_resyncs),
		cmocka_unit_test(test_comment_between_records),
		cmocka_unit_test(test_comment_hides_the_rest),
		cmocka_unit_test(test_stray_quote_or_bracket),
		cmocka_unit_test(test_stray_opener_before_each_record),
		cmocka_unit_test(test_records_without_reading),
		cmocka_unit_test(test_records_of_another_endpoint),
		cmocka_unit_test(test_implausible_time_and_latency),
		cmocka_unit_test(test_close_at_window_end),
		cmocka_unit_test(test_nested_arrays_of_records),
		cmocka_unit_test(test_broken_record_big_file),
		cmocka_unit_test(test_raw_control_in_strings),
		cmocka_unit_test(test_wrong_type_or_range_warned),
		cmocka_unit_test(test_record_not_object),
		cmocka_unit_test(test_invalid_json_record),
		cmocka_unit_test(test_field_wrong_type),
		cmocka_unit_test(test_non_finite_numbers),
		cmocka_unit_test(test_huge_consumer_numbers),
		cmocka_unit_test(test_heap_ceiling),
		cmocka_unit_test(test_consumers_error_not_text),
		cmocka_unit_test(test_consumer_counts),
		cmocka_unit_test(test_consumers_missing_keys),
		cmocka_unit_test(test_lone_surrogates),
		cmocka_unit_test(test_unknown_key_twice),
		cmocka_unit_test(test_refused_numbers_quoted_as_written),
		cmocka_unit_test(test_refused_integer_not_anothers),
		cmocka_unit_test(test_duplicate_request_id),
		cmocka_unit_test(test_request_ids_shared_by_files),
		cmocka_unit_test(test_endpoint_named_twice),
		cmocka_unit_test(test_duplicate_keys_warned),
		cmocka_unit_test(test_unknown_fields_silent),
		cmocka_unit_test(test_tricky_strings),
		cmocka_unit_test(test_window_boundaries),
		cmocka_unit_test(test_element_bigger_than_window),
		cmocka_unit_test(test_site_forms_interned_once),
		cmocka_unit_test(test_snapshot_format),
		cmocka_unit_test(test_request_order),
		cmocka_unit_test(test_directory_is_one_process),
		cmocka_unit_test(test_directory_of_processes),
		cmocka_unit_test(test_stray_file_beside_process_folders),
		cmocka_unit_test(test_unreadable_folder),
		cmocka_unit_test(test_several_paths),
		cmocka_unit_test(test_no_records_in_file),
		cmocka_unit_test(test_warning_flood_is_capped),
		cmocka_unit_test(test_parse_text),
		cmocka_unit_test(test_not_a_profile),
		cmocka_unit_test(test_file_given_twice),
		cmocka_unit_test(test_negative_amounts),
		cmocka_unit_test(test_threads_identical),
		cmocka_unit_test(test_threads_identical_after_big_record),
		cmocka_unit_test(test_fast_path_matches_jsonc),
		cmocka_unit_test(test_progress_per_window),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_timeline_matches_naive_merge),
		cmocka_unit_test(test_mutations_agree),
		cmocka_unit_test(test_bad_separators),
		cmocka_unit_test(test_bom_and_deep_nesting),
		cmocka_unit_test(test_long_locations_kept),
		cmocka_unit_test(test_null_memory_one_warning),
		cmocka_unit_test(test_batch_whole_float),
		cmocka_unit_test(test_stray_brace),
		cmocka_unit_test(test_stray_close_inside_record),
		cmocka_unit_test(test_stray_close_memory_test_file),
		cmocka_unit_test(test_stray_close_not_mended),
		cmocka_unit_test(test_lost_openers_in_a_row),
		cmocka_unit_test(test_lost_opener_broken_besides),
		cmocka_unit_test(test_broken_record_then_lost_opener),
		cmocka_unit_test(test_memory_key_lost_colon),
		cmocka_unit_test(test_memory_test_lost_quote),
		cmocka_unit_test(test_memory_object_is_no_record),
		cmocka_unit_test(test_stray_opener_inside_a_record),
		cmocka_unit_test(test_lost_opener_on_every_record),
		cmocka_unit_test(test_lost_opener_on_first_record),
		cmocka_unit_test(test_lost_array_bracket),
		cmocka_unit_test(test_lost_array_bracket_and_opener),
		cmocka_unit_test(test_stray_bracket_in_a_value),
		cmocka_unit_test(test_stray_bracket_before_a_long_value),
		cmocka_unit_test(test_stray_close_at_window_end),
		cmocka_unit_test(test_field_between_records),
		cmocka_unit_test(test_stray_close_right_brace),
		cmocka_unit_test(test_stray_closing_bracket),
		cmocka_unit_test(test_raw_nul_byte),
		cmocka_unit_test(test_unclosed_record_mid_file),
		cmocka_unit_test(test_broken_records_in_a_row),
		cmocka_unit_test(test_stray_brace_before_every_record),
		cmocka_unit_test(test_long_warning_whole),
		cmocka_unit_test(test_stray_bracket_in_a_big_record),
		cmocka_unit_test(test_broken_big_record_across_window),
		cmocka_unit_test(test_big_record_damaged_early),
		cmocka_unit_test(test_big_record_damaged_twice),
		cmocka_unit_test(test_cut_after_broken_records_bracket),
		cmocka_unit_test(test_nul_in_strings_kept),
		cmocka_unit_test(test_malformed_numbers),
		cmocka_unit_test(test_skipped_bytes_said),
		cmocka_unit_test(test_lenient_forms_refused),
		cmocka_unit_test(test_warnings_total_counts_unlisted),
		cmocka_unit_test(test_warnings_in_reading_order),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
