/* gen_write.c - turns simulated records into the files the Python tools
 * write: endpoint profile files (one compact JSON array per endpoint), the
 * memory-test snapshot file, the big single-file `scale` fixture, and the
 * TRUTH.txt that says what really happened (for tests and benchmarks).
 *
 * Rotation (keep the last M records of each file) uses two runs of the same
 * deterministic simulation: the first counts each endpoint's records, the
 * second writes only the last M. Nothing is held in memory. */
#include "gen.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MB 1048576.0

static const char *category(int code)
{
	return code >= 200 && code < 300 ? "success" : code >= 400 && code < 500 ? "client_error"
	       : code >= 500 && code < 600 ? "server_error" : "other";
}

static void put_consumers(struct gen_buf *b, const struct gen_rec *r, bool traceback)
{
	gen_buf_lit(b, "\"top_consumers\":[");
	for (int k = 0; k < r->ntop; k++) {
		const struct gen_site *s = &r->heap->site[r->top[k]];
		gen_buf_lit(b, k ? ",{\"file\":" : "{\"file\":");
		const char *colon = strrchr(s->name, ':');
		bool line = traceback && colon && colon != s->name && colon[1] &&
			    strspn(colon + 1, "0123456789") == strlen(colon + 1);
		if (line) {
			/* tracemalloc's traceback form: '  File "PATH", line N' */
			char tmp[GEN_SITE_MAX + 32];
			snprintf(tmp, sizeof tmp, "  File \"%.*s\", line %s",
				 (int)(colon - s->name), s->name, colon + 1);
			gen_buf_jstr(b, tmp);
		} else {
			gen_buf_jstr(b, s->name);
		}
		gen_buf_lit(b, ",\"size_mb\":");
		gen_buf_fixed(b, (double)s->bytes / MB, 3);
		gen_buf_lit(b, ",\"count\":");
		gen_buf_i64(b, s->blocks);
		gen_buf_lit(b, "}");
	}
	gen_buf_lit(b, "]");
}

/* One endpoint-profile record, keys in the profiler's order. */
static void put_record(struct gen_buf *b, const struct gen_cfg *c, const struct gen_rec *r)
{
	gen_buf_lit(b, "{\"request_id\":\"req-");
	gen_buf_u64(b, r->n);
	gen_buf_lit(b, "\",\"timestamp\":");
	gen_buf_fixed(b, r->ts, 6);
	gen_buf_lit(b, ",\"endpoint\":");
	gen_buf_jstr(b, c->ep[r->ep].name);
	gen_buf_lit(b, ",\"method\":");
	gen_buf_jstr(b, c->ep[r->ep].method);
	gen_buf_lit(b, ",\"status_code\":");
	gen_buf_u64(b, (uint64_t)r->status);
	gen_buf_lit(b, ",\"status_category\":\"");
	gen_buf_lit(b, category(r->status));
	gen_buf_lit(b, "\",\"latency\":");
	gen_buf_fixed(b, r->latency, 6);
	gen_buf_lit(b, r->status >= 400 ? ",\"had_error\":true" : ",\"had_error\":false");
	if (r->status >= 400) {
		gen_buf_lit(b, ",\"error_message\":");
		gen_buf_jstr(b, r->err ? r->err : "");
	}
	gen_buf_lit(b, ",\"memory\":{\"current_mb\":");
	gen_buf_fixed(b, (double)r->cur / MB, 3);
	gen_buf_lit(b, ",\"peak_mb\":");
	gen_buf_fixed(b, (double)r->peak / MB, 3);
	gen_buf_lit(b, r->tracking ? ",\"tracking_enabled\":true" : ",\"tracking_enabled\":false");
	if (r->detailed && r->snap_err) {
		gen_buf_lit(b, ",\"top_consumers_error\":");
		gen_buf_jstr(b, r->snap_err);
	} else if (r->detailed) {
		gen_buf_lit(b, ",");
		put_consumers(b, r, false);
	}
	gen_buf_lit(b, r->detailed ? "},\"detailed_snapshot\":true}" : "},\"detailed_snapshot\":false}");
}

/* ---- process directories --------------------------------------------------- */

struct pw {
	const struct gen_cfg *c;
	FILE *f[GEN_MAX_EP];
	uint64_t skip[GEN_MAX_EP];
	bool started[GEN_MAX_EP];
	struct gen_buf b;
};

static int pw_emit(void *ctx, const struct gen_rec *r)
{
	struct pw *w = ctx;
	if (r->seq < w->skip[r->ep])
		return 0;
	gen_buf_lit(&w->b, w->started[r->ep] ? "," : "[");
	w->started[r->ep] = true;
	put_record(&w->b, w->c, r);
	return gen_buf_flush(&w->b, w->f[r->ep]);
}

static int ep_file(const struct gen_cfg *c, int i, char *out, size_t n)
{
	char s[GEN_NAME_MAX];
	gen_sanitize(c->ep[i].name, s, sizeof s);
	return snprintf(out, n, "%s.json", s) >= (int)n ? -1 : 0;
}

static const char *leak_kind(enum gen_beh b)
{
	return b == GEN_LEAK || b == GEN_LATE ? "success" : b == GEN_ERRLEAK ? "error" : "no";
}

/* What the endpoint did in this capture: a leaking behaviour whose leak
 * never ran (an error path without a single error, a late onset after the
 * end) left nothing behind, and no tool can see a leak that is not there. */
static const char *leaked(const struct gen_cfg *c, const struct gen_result *res, int i)
{
	return res->ep[i].leak_events > 0 ? leak_kind(c->ep[i].beh) : "no";
}

static int write_truth(const struct gen_cfg *c, const char *path, const struct gen_write_opts *o,
		       const struct gen_result *res, const char *const *damage)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int leaking = 0;
	for (int i = 0; i < c->nep; i++)
		leaking += strcmp(leaked(c, res, i), "no") != 0;
	fprintf(f, "# lsgen ground truth, format 1 (not a profile: leakscope reads only *.json)\n");
	if (o && o->command)
		fprintf(f, "# command: %s\n", o->command);
	fprintf(f, "# leak=success|error|no: retained memory for good in this capture, on its success or error path\n"
		   "# kb_per_request = bytes left at the site / the endpoint's requests;"
		   " kb_per_event = per leaking request (or error)\n"
		   "# site_mb = the behaviour site's size at the end (a cache's plateau, a"
		   " sawtooth's last tooth); onset = first leaking request (late)\n");
	if (c->upto && c->upto < c->requests)
		fprintf(f, "# a prefix: the files as they were after request %llu\n",
			(unsigned long long)c->upto);
	fprintf(f, "process seed=%llu requests=%llu heap_mb=%.3f noise_mb=%.3f top=%d period=%d"
		   " rotate=%llu sampling=%g first_mb=%.3f last_mb=%.3f peak_mb=%.3f leaking_endpoints=%d\n",
		(unsigned long long)c->seed, (unsigned long long)c->requests, c->heap_mb, c->noise_mb,
		c->top, c->period, (unsigned long long)c->rotate, c->sampling,
		(double)res->first_cur / MB, (double)res->last_cur / MB, (double)res->peak / MB, leaking);
	if (o && o->case_line)
		fprintf(f, "%s\n", o->case_line);
	for (int i = 0; i < c->nep; i++) {
		const struct gen_ep_cfg *e = &c->ep[i];
		const struct gen_ep_stats *st = &res->ep[i];
		char file[GEN_NAME_MAX + 8];
		ep_file(c, i, file, sizeof file);
		bool leaks = strcmp(leaked(c, res, i), "no") != 0;
		uint64_t written = c->rotate && st->records > c->rotate ? c->rotate : st->records;
		fprintf(f, "endpoint name=%s file=%s behaviour=%s leak=%s site=%s size_kb=%.3f"
			   " requests=%llu errors=%llu records=%llu written=%llu",
			e->name, file, gen_beh_name(e->beh), leaked(c, res, i),
			e->site[0] ? e->site : "-", e->size_kb,
			(unsigned long long)st->requests, (unsigned long long)st->errors,
			(unsigned long long)st->records, (unsigned long long)written);
		fprintf(f, " retained_mb=%.3f kb_per_request=%.3f kb_per_event=%.3f onset=%llu"
			   " site_mb=%.3f site_max_mb=%.3f weight=%g err_rate=%g cap_mb=%.3f gc=%g"
			   " spike_mb=%.3f hold=%d method=%s latency=%g damage=%s\n",
			(double)(leaks ? st->retained : 0) / MB,
			leaks && st->requests ? (double)st->retained / 1024.0 / (double)st->requests : 0.0,
			leaks && st->leak_events ? (double)st->retained / 1024.0 / (double)st->leak_events : 0.0,
			(unsigned long long)st->onset, (double)st->site_bytes / MB,
			(double)st->site_max / MB, e->weight, e->err_rate,
			e->beh == GEN_WARMUP || e->beh == GEN_CACHE ? e->cap_mb : 0.0,
			e->beh == GEN_SAWTOOTH ? e->gc_every : 0.0,
			e->beh == GEN_ERRSPIKE ? e->spike_mb : 0.0, e->beh == GEN_ERRSPIKE ? e->hold : 0,
			e->method, e->latency, damage && damage[i] ? damage[i] : "none");
	}
	return fclose(f) == 0 ? 0 : -1;
}

int gen_truncate(const char *file, double cut, long long *kept)
{
	struct stat sb;
	if (stat(file, &sb) < 0)
		return -1;
	long long size = (long long)sb.st_size;
	long long to = cut <= 1.0 ? (long long)floor((double)size * cut) : (long long)cut;
	if (to < 0 || to > size) {
		errno = EINVAL;
		return -1;
	}
	if (truncate(file, (off_t)to) < 0)
		return -1;
	if (kept)
		*kept = to;
	return 0;
}

static int apply_damage(const struct gen_cfg *c, const char *dir, const struct gen_write_opts *o,
			char dmg[][48])
{
	for (int d = 0; o && d < o->ndamage; d++) {
		const struct gen_damage *g = &o->damage[d];
		int hit = -1;
		for (int i = 0; i < c->nep && hit < 0; i++) {
			char file[GEN_NAME_MAX + 8], stem[GEN_NAME_MAX];
			ep_file(c, i, file, sizeof file);
			gen_sanitize(c->ep[i].name, stem, sizeof stem);
			if (!strcmp(g->target, c->ep[i].name) || !strcmp(g->target, file) ||
			    !strcmp(g->target, stem))
				hit = i;
		}
		if (hit < 0) {
			fprintf(stderr, "lsgen: no endpoint '%s' to damage\n", g->target);
			return -1;
		}
		char path[4096], file[GEN_NAME_MAX + 8];
		ep_file(c, hit, file, sizeof file);
		snprintf(path, sizeof path, "%s/%s", dir, file);
		long long kept = 0;
		if (gen_truncate(path, g->empty ? 0 : g->cut, &kept) < 0) {
			fprintf(stderr, "lsgen: cannot cut %s: %s\n", path, strerror(errno));
			return -1;
		}
		snprintf(dmg[hit], 48, g->empty ? "empty" : "cut:%lld", kept);
	}
	return 0;
}

int gen_write_process(const struct gen_cfg *c, const char *dir,
		      const struct gen_write_opts *o, struct gen_result *res)
{
	struct pw w;
	memset(&w, 0, sizeof w);
	w.c = c;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "lsgen: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < c->nep; i++)
		for (int j = 0; j < i; j++) {
			char a[GEN_NAME_MAX + 8], b[GEN_NAME_MAX + 8];
			ep_file(c, i, a, sizeof a);
			ep_file(c, j, b, sizeof b);
			if (!strcmp(a, b)) {
				fprintf(stderr, "lsgen: endpoints %s and %s share the file %s\n",
					c->ep[j].name, c->ep[i].name, a);
				return -1;
			}
		}
	double wsum = 0;
	for (int i = 0; i < c->nep; i++)
		wsum += c->ep[i].weight;
	if (wsum <= 0) {
		fprintf(stderr, "lsgen: the endpoints' traffic weights add up to 0\n");
		return -1;
	}
	if (gen_sim_run(c, NULL, NULL, res) != 0) {
		fprintf(stderr, "lsgen: simulation failed (out of memory?)\n");
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < c->nep && rc == 0; i++) {
		uint64_t nrec = res->ep[i].records;
		w.skip[i] = c->rotate && nrec > c->rotate ? nrec - c->rotate : 0;
		if (nrec == 0)
			continue;   /* the profiler creates a file on the first record */
		char path[4096], file[GEN_NAME_MAX + 8];
		ep_file(c, i, file, sizeof file);
		snprintf(path, sizeof path, "%s/%s", dir, file);
		w.f[i] = fopen(path, "w");
		if (!w.f[i]) {
			fprintf(stderr, "lsgen: cannot write %s: %s\n", path, strerror(errno));
			rc = -1;
		} else {
			setvbuf(w.f[i], NULL, _IOFBF, 1 << 18);
		}
	}
	if (rc == 0)
		rc = gen_sim_run(c, pw_emit, &w, res);
	for (int i = 0; i < c->nep; i++) {
		if (!w.f[i])
			continue;
		if (rc == 0 && fputs("]", w.f[i]) == EOF)
			rc = -1;
		if (fclose(w.f[i]) != 0)
			rc = -1;
	}
	gen_buf_free(&w.b);
	if (rc != 0) {
		fprintf(stderr, "lsgen: writing %s failed\n", dir);
		return -1;
	}
	char dmg[GEN_MAX_EP][48];
	const char *dp[GEN_MAX_EP];
	memset(dmg, 0, sizeof dmg);
	if (apply_damage(c, dir, o, dmg) < 0)
		return -1;
	for (int i = 0; i < GEN_MAX_EP; i++)
		dp[i] = dmg[i][0] ? dmg[i] : NULL;
	if (o && o->truth && strcmp(o->truth, "-") == 0)
		return 0;
	char tpath[4096];
	if (o && o->truth)
		snprintf(tpath, sizeof tpath, "%s", o->truth);
	else
		snprintf(tpath, sizeof tpath, "%s/TRUTH.txt", dir);
	if (write_truth(c, tpath, o, res, dp) < 0) {
		fprintf(stderr, "lsgen: cannot write %s: %s\n", tpath, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- one big file ------------------------------------------------------------ */

struct sw {
	const struct gen_cfg *c;
	FILE *f;
	bool started;
	struct gen_buf b;
};

static int sw_emit(void *ctx, const struct gen_rec *r)
{
	struct sw *w = ctx;
	gen_buf_lit(&w->b, w->started ? "," : "[");
	w->started = true;
	put_record(&w->b, w->c, r);
	if (w->b.len < (1u << 20))
		return 0;
	return gen_buf_flush(&w->b, w->f);
}

int gen_write_scale(const struct gen_cfg *c, const char *file, struct gen_result *res)
{
	struct sw w;
	memset(&w, 0, sizeof w);
	w.c = c;
	w.f = fopen(file, "w");
	if (!w.f) {
		fprintf(stderr, "lsgen: cannot write %s: %s\n", file, strerror(errno));
		return -1;
	}
	setvbuf(w.f, NULL, _IOFBF, 1 << 22);
	int rc = gen_sim_run(c, sw_emit, &w, res);
	if (rc == 0 && !w.started)
		gen_buf_lit(&w.b, "[");
	gen_buf_lit(&w.b, "]");
	if (rc == 0)
		rc = gen_buf_flush(&w.b, w.f);
	if (fclose(w.f) != 0)
		rc = -1;
	gen_buf_free(&w.b);
	if (rc != 0)
		fprintf(stderr, "lsgen: writing %s failed\n", file);
	return rc ? -1 : 0;
}

/* ---- memory-test snapshot files ------------------------------------------------ */

struct snw {
	const struct gen_snap_cfg *s;
	FILE *f;
	uint64_t skip;
	bool started;
	struct gen_buf b;
};

/* Python's datetime.isoformat(): microseconds only when non-zero. */
static void put_iso(struct gen_buf *b, double ts)
{
	time_t sec = (time_t)floor(ts);
	long usec = lround((ts - (double)sec) * 1e6);
	if (usec >= 1000000) {
		sec++;
		usec -= 1000000;
	}
	struct tm tm;
	gmtime_r(&sec, &tm);
	char tmp[48];
	int n = snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (usec)
		n += snprintf(tmp + n, sizeof tmp - (size_t)n, ".%06ld", usec);
	gen_buf_raw(b, "\"", 1);
	gen_buf_raw(b, tmp, (size_t)n);
	gen_buf_raw(b, "\"", 1);
}

static int snw_emit(void *ctx, const struct gen_rec *r)
{
	struct snw *w = ctx;
	if (r->seq < w->skip)
		return 0;
	uint64_t bs = (uint64_t)w->s->batch_size;
	struct gen_buf *b = &w->b;
	gen_buf_lit(b, w->started ? ",{\"request_id\":\"req-" : "[{\"request_id\":\"req-");
	w->started = true;
	gen_buf_u64(b, r->n);
	gen_buf_lit(b, "\",\"batch\":");
	gen_buf_u64(b, (r->n - 1) / bs + 1);
	gen_buf_lit(b, ",\"request_in_batch\":");
	gen_buf_u64(b, (r->n - 1) % bs + 1);
	gen_buf_lit(b, ",\"timestamp\":");
	put_iso(b, r->ts);
	gen_buf_lit(b, ",\"current_mb\":");
	gen_buf_fixed(b, (double)r->cur / MB, 3);
	gen_buf_lit(b, ",\"peak_mb\":");
	gen_buf_fixed(b, (double)r->peak / MB, 3);
	gen_buf_lit(b, r->status >= 400 ? ",\"had_error\":true,\"error_message\":"
					: ",\"had_error\":false,\"error_message\":null");
	if (r->status >= 400)
		gen_buf_jstr(b, r->err ? r->err : "");
	if (r->detailed && !r->snap_err) {
		gen_buf_lit(b, ",");
		put_consumers(b, r, true);
	}
	gen_buf_lit(b, "}");
	return gen_buf_flush(b, w->f);
}

int gen_write_snapshot(const struct gen_snap_cfg *s, const char *file, struct gen_result *res)
{
	struct snw w;
	memset(&w, 0, sizeof w);
	w.s = s;
	if (gen_sim_run(&s->proc, NULL, NULL, res) != 0)
		return -1;
	uint64_t nrec = res->ep[0].records;
	w.skip = s->proc.rotate && nrec > s->proc.rotate ? nrec - s->proc.rotate : 0;
	w.f = fopen(file, "w");
	if (!w.f) {
		fprintf(stderr, "lsgen: cannot write %s: %s\n", file, strerror(errno));
		return -1;
	}
	int rc = gen_sim_run(&s->proc, snw_emit, &w, res);
	if (rc == 0 && fputs(w.started ? "]" : "[]", w.f) == EOF)
		rc = -1;
	if (fclose(w.f) != 0)
		rc = -1;
	gen_buf_free(&w.b);
	return rc ? -1 : 0;
}
