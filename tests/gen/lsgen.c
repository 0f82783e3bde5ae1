/* lsgen - realistic, deterministic fixtures for leakscope's tests,
 * benchmarks and sample-profiles/.
 *
 * It simulates one Python web process whose endpoints share one tracemalloc
 * heap, and writes the files the Python endpoint profiler and the memory
 * test runner would have written (docs: profile-formats.md), plus a
 * TRUTH.txt that says which endpoint really leaks, where, and how much.
 *
 * Usage (also `lsgen --help`):
 *   lsgen process DIR [--seed S] [--requests N] [--endpoints SPEC...]
 *         [--heap MB] [--noise MB] [--top K] [--period P] [--rotate M]
 *         [--sampling R] [--gap FROM:LEN] [--untracked FROM:LEN]
 *         [--snapshot-errors RATE] [--upto N] [--live MS [--flush K]]
 *         [--sites N] [--pool N] [--bursts N]
 *         [--burst-mb MB] [--rate RPS] [--start UNIX] [--grow PCT]
 *         [--cut TARGET=FRACTION|BYTES] [--empty TARGET] [--truth PATH|-]
 *   lsgen snapshot FILE [--seed S] [--batches B] [--batch-size N]
 *         [--leak-site PATH:LINE] [--leak-kb KB] [--heap MB] [--noise MB]
 *         [--err RATE] [--top K] [--period P] [--rotate M] [--test NAME]
 *   lsgen scale FILE [--requests N] [--sites N] [--top K] [--seed S]
 *         [--period P] [--heap MB] [--endpoint SPEC]
 *   lsgen cases DIR [--seed S] [--count N]
 *   lsgen truncate FILE FRACTION|BYTES
 *
 * Endpoint SPEC: NAME[:BEHAVIOUR][:SIZE][:key=value...], e.g.
 *   /chat/completions:leak:6kb:weight=3:site=/srv/app/routers/chat.py:412
 * BEHAVIOUR (SIZE means):
 *   stable    allocates and frees (SIZE unused)
 *   leak      retains SIZE per successful request at its site
 *   errleak   retains SIZE per error response
 *   warmup    LRU that fills fast and plateaus at cap= (SIZE per entry)
 *   cache     bounded cache: grows linearly up to cap=, then flat
 *   sawtooth  SIZE of garbage per request, freed every gc= requests
 *   errspike  an error holds spike= MB for hold= process requests
 *   late      like leak, from request onset= (fraction or number) on
 * keys: weight= err= latency= work= (peak only) site= method= cap= gc=
 *       spike= hold= onset= size=   (sizes take kb/mb/b; a bare number is KB,
 *       but MB for cap= and spike=)
 *
 * sample-profiles/ is produced by sample-profiles/REGENERATE.sh. */
#include "gen.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
"usage: lsgen COMMAND ...   (realistic leakscope fixtures; deterministic per seed)\n"
"\n"
"  lsgen process DIR [options] [--endpoints SPEC...]\n"
"      one process directory: DIR/<endpoint>.json per endpoint + DIR/TRUTH.txt\n"
"      --seed S (1)  --requests N (3000)  --heap MB (180)  --noise MB (0.5)\n"
"      --top K (5)  --period P (15)  --rotate M (10000, 0 = keep all)\n"
"      --sampling R (1.0)  --gap FROM:LEN (profiler off for those requests)\n"
"      --untracked FROM:LEN (tracemalloc off: 0.0 MB, top_consumers_error)\n"
"      --snapshot-errors RATE (share of detailed records whose snapshot fails)\n"
"      --upto N (the files as they were after request N of the run)\n"
"      --live MS [--flush K (100)]  rewrite the files in place every K requests,\n"
"            sleeping MS ms between rewrites, like the running profiler\n"
"      --sites N (300 background sites)  --pool N (0)  --bursts N (0)  --burst-mb MB (2)\n"
"      --rate RPS (12)  --start UNIX (1790000000)  --grow PCT (2, smart capture)\n"
"      --cut TARGET=FRACTION|BYTES  --empty TARGET   (damage a file; TARGET =\n"
"            endpoint name or file name)  --truth PATH|-  (where TRUTH goes)\n"
"      --endpoints SPEC...  (or repeated --endpoint SPEC)\n"
"  lsgen snapshot FILE [options]\n"
"      a memory-test file (format 2): --seed --batches B (6) --batch-size N (50)\n"
"      --leak-site PATH:LINE  --leak-kb KB (6; 0 = no leak)  --heap MB (6)\n"
"      --noise MB (0.05)  --err RATE (0.02)  --top K (10)  --period P (25)\n"
"      --rotate M (1000)  --test NAME\n"
"  lsgen scale FILE [--requests N (1000000)] [--sites N (2000)] [--top K (10)]\n"
"      [--seed S] [--period P (15)] [--heap MB (250)] [--endpoint SPEC]\n"
"      one big endpoint file for performance tests\n"
"  lsgen cases DIR [--seed S (1)] [--count N (20)]\n"
"      labelled accuracy cases, one process directory (+ TRUTH.txt) each,\n"
"      listed in DIR/CASES.txt\n"
"  lsgen truncate FILE FRACTION|BYTES\n"
"      cut a file mid-record, as a reader racing the profiler's rewrite sees it\n"
"\n"
"Endpoint SPEC: NAME[:BEHAVIOUR][:SIZE][:key=value...]\n"
"  e.g. /chat/completions:leak:6kb:weight=3:site=/srv/app/routers/chat.py:412\n"
"  BEHAVIOUR: stable | leak (SIZE per successful request) | errleak (SIZE per\n"
"    error) | warmup (fills to cap= then plateaus) | cache (bounded, cap=) |\n"
"    sawtooth (SIZE garbage/request, collected every gc= requests) |\n"
"    errspike (errors hold spike= MB for hold= requests) | late (leak from\n"
"    request onset=, a fraction or a request number)\n"
"  keys: weight= err= latency= work= site= method= cap= gc= spike= hold= onset= size=\n"
"  SIZE: 4kb, 512b, 2mb; a plain number is KB, except for cap= and spike= (MB)\n";

static char cmdline[8192];

static void record_cmdline(int argc, char **argv)
{
	size_t o = 0;
	cmdline[0] = '\0';
	for (int i = 0; i < argc && o + 4 < sizeof cmdline; i++) {
		const char *a = i == 0 ? "lsgen" : argv[i];
		bool q = strpbrk(a, " \t'\"$`\\<>|&;()*?[]{}!") != NULL || !*a;
		o += (size_t)snprintf(cmdline + o, sizeof cmdline - o, q ? "%s'%s'" : "%s%s",
				      i ? " " : "", a);
	}
}

static int bad(const char *what, const char *val)
{
	fprintf(stderr, "lsgen: bad %s '%s' (see lsgen --help)\n", what, val ? val : "");
	return 2;
}

static bool num(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static int add_endpoint(struct gen_cfg *c, const char *spec, struct gen_rng *r)
{
	char err[256];
	if (c->nep >= GEN_MAX_EP) {
		fprintf(stderr, "lsgen: at most %d endpoints\n", GEN_MAX_EP);
		return 2;
	}
	if (gen_spec_parse(spec, &c->ep[c->nep], err, sizeof err) < 0) {
		fprintf(stderr, "lsgen: endpoint spec: %s\n", err);
		return 2;
	}
	gen_spec_finish(&c->ep[c->nep], r);
	c->nep++;
	return 0;
}

/* Options shared by process / snapshot / scale. Returns 1 when argv[*i]
 * was consumed, 0 when unknown, 2 on a bad value. */
static int common_opt(struct gen_cfg *c, int argc, char **argv, int *i)
{
	const char *o = argv[*i];
	static const char *const names[] = {
		"--seed", "--requests", "--heap", "--noise", "--top", "--period", "--rotate",
		"--sampling", "--sites", "--pool", "--bursts", "--burst-mb", "--rate",
		"--start", "--grow",
	};
	size_t k;
	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(o, names[k]) == 0)
			break;
	if (k == sizeof names / sizeof names[0])
		return 0;
	if (*i + 1 >= argc)
		return bad(o, "(missing)");
	const char *s = argv[++*i];
	double v;
	if (!num(s, &v) || v < 0)
		return bad(o, s);
	switch (k) {
	case 0: c->seed = strtoull(s, NULL, 10); break;
	case 1: if (v < 1) return bad(o, s); c->requests = (uint64_t)v; break;
	case 2: c->heap_mb = v; break;
	case 3: c->noise_mb = v; break;
	case 4: if (v < 1 || v > GEN_MAX_TOP) return bad(o, s); c->top = (int)v; break;
	case 5: c->period = (int)v; break;
	case 6: c->rotate = (uint64_t)v; break;
	case 7: if (v <= 0 || v > 1) return bad(o, s); c->sampling = v; break;
	case 8: c->bg_sites = (int)v; break;
	case 9: c->pool_sites = (int)v; break;
	case 10: c->bursts = (int)v; break;
	case 11: c->burst_mb = v; break;
	case 12: if (v <= 0) return bad(o, s); c->rate = v; break;
	case 13: c->start_ts = v; break;
	case 14: c->grow_pct = v; break;
	}
	return 1;
}

/* Rewrites the directory every `flush` requests, in place and without
 * renaming, the way the profiler's writer does: a reader racing it sees
 * growing files, sometimes empty or cut ones. TRUTH is written at the end. */
static int run_live(struct gen_cfg *c, const char *dir, const struct gen_write_opts *wo,
		    uint64_t flush, double ms)
{
	struct gen_write_opts o = *wo;
	uint64_t end = c->upto && c->upto < c->requests ? c->upto : c->requests;
	o.truth = "-";
	o.ndamage = 0;
	struct timespec ts = {(time_t)(ms / 1000), (long)fmod(ms * 1e6, 1e9)};
	for (uint64_t upto = flush; upto < end; upto += flush) {
		struct gen_result res;
		c->upto = upto;
		if (gen_write_process(c, dir, &o, &res) < 0)
			return -1;
		nanosleep(&ts, NULL);
	}
	c->upto = end;
	return 0;
}

static int cmd_process(int argc, char **argv)
{
	static struct gen_cfg c;
	struct gen_write_opts wo = {.command = cmdline};
	struct gen_rng r;
	gen_cfg_defaults(&c);
	if (argc < 3 || argv[2][0] == '-')
		return bad("directory", argc > 2 ? argv[2] : "(missing)");
	const char *dir = argv[2];
	bool live = false;
	double live_ms = 0;
	uint64_t flush = 100;
	/* Endpoint specs are parsed after the seed is known (derived sites). */
	const char *specs[GEN_MAX_EP];
	int nspec = 0;
	for (int i = 3; i < argc; i++) {
		int rc = common_opt(&c, argc, argv, &i);
		if (rc == 2)
			return 2;
		if (rc == 1)
			continue;
		const char *o = argv[i];
		if (!strcmp(o, "--endpoints") || !strcmp(o, "--endpoint")) {
			bool many = !strcmp(o, "--endpoints");
			while (i + 1 < argc && (argv[i + 1][0] != '-' || argv[i + 1][1] != '-')) {
				if (nspec >= GEN_MAX_EP)
					return bad("endpoint count", argv[i + 1]);
				specs[nspec++] = argv[++i];
				if (!many)
					break;
			}
		} else if (!strcmp(o, "--gap") && i + 1 < argc) {
			unsigned long long a, b;
			if (sscanf(argv[++i], "%llu:%llu", &a, &b) != 2)
				return bad("gap", argv[i]);
			c.gap_from = a;
			c.gap_len = b;
		} else if (!strcmp(o, "--untracked") && i + 1 < argc) {
			unsigned long long a, b;
			if (sscanf(argv[++i], "%llu:%llu", &a, &b) != 2)
				return bad("untracked range", argv[i]);
			c.untracked_from = a;
			c.untracked_len = b;
		} else if (!strcmp(o, "--snapshot-errors") && i + 1 < argc) {
			if (!num(argv[++i], &c.snap_err) || c.snap_err < 0 || c.snap_err > 1)
				return bad("snapshot error rate", argv[i]);
		} else if (!strcmp(o, "--upto") && i + 1 < argc) {
			double v;
			if (!num(argv[++i], &v) || v < 1)
				return bad("upto", argv[i]);
			c.upto = (uint64_t)v;
		} else if (!strcmp(o, "--live") && i + 1 < argc) {
			if (!num(argv[++i], &live_ms) || live_ms < 0)
				return bad("live interval", argv[i]);
			live = true;
		} else if (!strcmp(o, "--flush") && i + 1 < argc) {
			double v;
			if (!num(argv[++i], &v) || v < 1)
				return bad("flush", argv[i]);
			flush = (uint64_t)v;
		} else if (!strcmp(o, "--truth") && i + 1 < argc) {
			wo.truth = argv[++i];
		} else if ((!strcmp(o, "--cut") || !strcmp(o, "--empty")) && i + 1 < argc) {
			if (wo.ndamage >= 8)
				return bad("damage count", argv[i + 1]);
			struct gen_damage *d = &wo.damage[wo.ndamage++];
			const char *a = argv[++i];
			d->empty = o[2] == 'e';
			const char *eq = d->empty ? NULL : strrchr(a, '=');
			size_t n = eq ? (size_t)(eq - a) : strlen(a);
			if (n >= sizeof d->target || (!d->empty && (!eq || !num(eq + 1, &d->cut) || d->cut < 0)))
				return bad(o, a);
			memcpy(d->target, a, n);
			d->target[n] = '\0';
		} else {
			return bad("option", o);
		}
	}
	gen_rng_seed(&r, c.seed ^ 0x5eedu);
	static const char *const defaults[] = {
		"/chat/completions:leak:6kb:weight=3",
		"/embeddings:stable:weight=2",
		"/health:stable:weight=4",
	};
	if (nspec == 0)
		for (size_t k = 0; k < 3; k++)
			specs[nspec++] = defaults[k];
	for (int k = 0; k < nspec; k++)
		if (add_endpoint(&c, specs[k], &r))
			return 2;
	struct gen_result res;
	if (live && run_live(&c, dir, &wo, flush, live_ms) < 0)
		return 1;
	if (gen_write_process(&c, dir, &wo, &res) < 0)
		return 1;
	printf("lsgen: %s: %llu requests, %llu records, %d endpoints, %.3f -> %.3f MB\n", dir,
	       (unsigned long long)c.requests, (unsigned long long)res.emitted, c.nep,
	       (double)res.first_cur / 1048576.0, (double)res.last_cur / 1048576.0);
	return 0;
}

static int cmd_snapshot(int argc, char **argv)
{
	static struct gen_snap_cfg s;
	struct gen_cfg *c = &s.proc;
	gen_cfg_defaults(c);
	c->heap_mb = 6;
	c->noise_mb = 0.05;
	c->top = 10;
	c->period = 25;
	c->rotate = 1000;
	c->bg_sites = 120;
	c->rate = 20;
	c->start_ts = 1795169700.0;   /* 2026-11-20T10:15:00 */
	s.batches = 6;
	s.batch_size = 50;
	if (argc < 3 || argv[2][0] == '-')
		return bad("file", argc > 2 ? argv[2] : "(missing)");
	const char *file = argv[2];
	const char *site = "/srv/app/services/session_store.py:88", *test = NULL;
	double leak_kb = 6, err = 0.02;
	for (int i = 3; i < argc; i++) {
		int rc = common_opt(c, argc, argv, &i);
		if (rc == 2)
			return 2;
		if (rc == 1)
			continue;
		const char *o = argv[i];
		double v;
		if (i + 1 >= argc)
			return bad("option", o);
		const char *a = argv[++i];
		if (!strcmp(o, "--batches") && num(a, &v) && v >= 1)
			s.batches = (int)v;
		else if (!strcmp(o, "--batch-size") && num(a, &v) && v >= 1)
			s.batch_size = (int)v;
		else if (!strcmp(o, "--leak-site"))
			site = a;
		else if (!strcmp(o, "--leak-kb") && gen_parse_kb(a) >= 0)
			leak_kb = gen_parse_kb(a);
		else if (!strcmp(o, "--err") && num(a, &v) && v >= 0 && v <= 1)
			err = v;
		else if (!strcmp(o, "--test"))
			test = a;
		else
			return bad(o, a);
	}
	if (!test) {
		const char *slash = strrchr(file, '/');
		test = slash ? slash + 1 : file;
	}
	c->requests = (uint64_t)s.batches * (uint64_t)s.batch_size;
	struct gen_ep_cfg *e = &c->ep[0];
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", test);
	e->beh = leak_kb > 0 ? GEN_LEAK : GEN_STABLE;
	e->size_kb = leak_kb;
	e->weight = 1;
	e->err_rate = err;
	e->latency = 0.05;
	e->work_kb = 400;
	e->onset = e->cap_mb = e->gc_every = e->spike_mb = -1;
	e->hold = -1;
	snprintf(e->site, sizeof e->site, "%s", leak_kb > 0 ? site : "");
	snprintf(e->method, sizeof e->method, "POST");
	struct gen_rng r;
	gen_rng_seed(&r, c->seed);
	gen_spec_finish(e, &r);
	c->nep = 1;
	s.test_name = test;
	struct gen_result res;
	if (gen_write_snapshot(&s, file, &res) < 0) {
		fprintf(stderr, "lsgen: writing %s failed\n", file);
		return 1;
	}
	printf("lsgen: %s: %llu requests in %d batches, %.3f -> %.3f MB, leak %.3f KB/request at %s\n",
	       file, (unsigned long long)c->requests, s.batches, (double)res.first_cur / 1048576.0,
	       (double)res.last_cur / 1048576.0,
	       res.ep[0].requests ? (double)res.ep[0].retained / 1024.0 / (double)res.ep[0].requests : 0.0,
	       leak_kb > 0 ? site : "-");
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmd_scale(int argc, char **argv)
{
	static struct gen_cfg c;
	gen_cfg_defaults(&c);
	c.requests = 1000000;
	c.top = 10;
	c.heap_mb = 250;
	c.noise_mb = 1.0;
	c.rotate = 0;
	c.rate = 40;
	c.bursts = 8;
	c.burst_mb = 6;
	int sites = 2000;
	const char *spec = "/chat/completions:leak:0.2kb:err=0.02:site=/srv/app/routers/chat_completions.py:412";
	if (argc < 3 || argv[2][0] == '-')
		return bad("file", argc > 2 ? argv[2] : "(missing)");
	const char *file = argv[2];
	for (int i = 3; i < argc; i++) {
		double v;
		if (!strcmp(argv[i], "--sites") && i + 1 < argc) {
			if (!num(argv[++i], &v) || v < 20)
				return bad("sites", argv[i]);
			sites = (int)v;
			continue;
		}
		if (!strcmp(argv[i], "--endpoint") && i + 1 < argc) {
			spec = argv[++i];
			continue;
		}
		int rc = common_opt(&c, argc, argv, &i);
		if (rc == 2)
			return 2;
		if (rc == 0)
			return bad("option", argv[i]);
	}
	/* A tenth of the sites hold the import-time heap (only the biggest few
	 * reach the top K); all but 10 of the rest form the pool that bursts
	 * into the top K, so the file names about `sites` distinct locations. */
	c.bg_sites = sites / 10;
	c.pool_sites = sites - 10;
	struct gen_rng r;
	gen_rng_seed(&r, c.seed ^ 0x5eedu);
	if (add_endpoint(&c, spec, &r))
		return 2;
	struct gen_result res;
	double t0 = now();
	if (gen_write_scale(&c, file, &res) < 0)
		return 1;
	printf("lsgen: %s: %llu records in %.2f s\n", file, (unsigned long long)res.emitted, now() - t0);
	return 0;
}

static int cmd_truncate(int argc, char **argv)
{
	double v;
	long long kept;
	if (argc != 4 || !num(argv[3], &v) || v < 0)
		return bad("arguments", argc > 3 ? argv[3] : "(missing)");
	if (gen_truncate(argv[2], v, &kept) < 0) {
		fprintf(stderr, "lsgen: cannot cut %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	printf("lsgen: %s cut to %lld bytes\n", argv[2], kept);
	return 0;
}

static int cmd_cases(int argc, char **argv)
{
	uint64_t seed = 1;
	int count = 20;
	if (argc < 3 || argv[2][0] == '-')
		return bad("directory", argc > 2 ? argv[2] : "(missing)");
	for (int i = 3; i < argc; i++) {
		double v;
		if (i + 1 >= argc || !num(argv[i + 1], &v) || v < 0)
			return bad(argv[i], i + 1 < argc ? argv[i + 1] : "(missing)");
		if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--count") && v >= 1 && v <= 10000)
			count = (int)v;
		else
			return bad("option", argv[i]);
		i++;
	}
	return gen_write_cases(argv[2], seed, count, cmdline) < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	record_cmdline(argc, argv);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "process"))
		return cmd_process(argc, argv);
	if (!strcmp(cmd, "snapshot"))
		return cmd_snapshot(argc, argv);
	if (!strcmp(cmd, "scale"))
		return cmd_scale(argc, argv);
	if (!strcmp(cmd, "cases"))
		return cmd_cases(argc, argv);
	if (!strcmp(cmd, "truncate"))
		return cmd_truncate(argc, argv);
	fprintf(stderr, "lsgen: unknown command '%s'\n%s", cmd, usage);
	return 2;
}
