/* classic_dump.c — prints leakscope's classic analysis of each file in the
 * format of tests/ref/classic_ref.py, for tests/classic_parity.sh: the two
 * outputs must be identical. Numbers use "%.17e" (exact doubles), the CV
 * "%.9e", the summary "%.12e" (see classic_ref.py for why). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classic.h"
#include "load.h"
#include "util.h"

static void put_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
}

static void dump_endpoint(const struct ls_process *p, uint32_t e)
{
	const struct ls_endpoint *ep = &p->ep[e];
	struct ls_classic_result r;
	ls_classic_analyze(ep, NULL, &r);
	printf("== %s\n", ls_basename(ep->file));
	printf("status %d\nmessage ", (int)r.status);
	put_escaped(r.message ? r.message : "");
	printf("\n");
	if (r.status != LS_CLASSIC_NO_PROFILES) {
		printf("samples %zu\n", r.nsamples);
		printf("metrics %.17e %.17e %.17e %.17e\n", r.initial_avg, r.final_avg, r.growth_mb, r.growth_percent);
		printf("leak %d\ncv %.9e\nnoise %s\n", r.leak, r.cv_percent, r.noise_message ? r.noise_message : "-");
	}
	printf("summary %u %u %.12e %.12e %.12e %.12e %.12e\n", r.requests, r.errors, r.avg_latency, r.min_latency,
		r.max_latency, r.avg_memory, r.error_rate_pct);
	ls_classic_result_done(&r);

	uint32_t n;
	struct ls_consumer_row *c = ls_classic_consumers(p, &e, 1, &n);
	for (uint32_t i = 0; i < n; i++)
		printf("consumer %s %.17e %.17e %.17e %u\n", ls_intern_str(&p->sites, c[i].site), c[i].total_mb,
			c[i].max_mb, c[i].avg_mb, c[i].samples);
	free(c);
	struct ls_growth_row *g = ls_classic_growth_by_location(p, e, &n);
	for (uint32_t i = 0; i < n; i++)
		printf("growth %s %.17e %.17e %.17e %.17e %u %.17e %.17e\n", ls_intern_str(&p->sites, g[i].site),
			g[i].growth_mb, g[i].growth_percent, g[i].min_mb, g[i].max_mb, g[i].samples, g[i].first_mb,
			g[i].last_mb);
	free(g);
	struct ls_leaking_source *s = ls_classic_leaking_sources(p, e, &n);
	for (uint32_t i = 0; i < n; i++)
		printf("source %s %.17e %.17e %.17e %.17e %u %d %d\n", ls_intern_str(&p->sites, s[i].site),
			s[i].growth_mb, s[i].growth_percent, s[i].first_mb, s[i].last_mb, s[i].samples,
			s[i].first_batch, s[i].last_batch);
	free(s);
}

int main(int argc, char **argv)
{
	int rc = 0;
	/* one file at a time: each is its own process, as the original sees it */
	for (int i = 1; i < argc; i++) {
		struct ls_model m;
		ls_model_init(&m);
		const char *path = argv[i];
		struct ls_load_opts o = {.threads = 1};
		if (ls_load_paths(&m, &path, 1, &o) != LS_LOAD_OK) {
			fprintf(stderr, "classic_dump: %s: nothing loaded\n", path);
			rc = 1;
		}
		for (uint32_t pi = 0; pi < m.nproc; pi++)
			for (uint32_t e = 0; e < m.proc[pi].nep; e++)
				dump_endpoint(&m.proc[pi], e);
		ls_model_done(&m);
	}
	return rc;
}
