/* load_bench.c — the real loader on a big file: throughput and memory.
 *
 *   load_bench [--threads N] [--repeat K] PATH...
 *
 * Loads PATH(s) with ls_load_paths (the best of K runs for time, each run in a
 * fresh model) and prints MB/s, records/s, peak RSS (getrusage ru_maxrss) and
 * RSS per request. Peak RSS is that of the whole process, so run one
 * configuration per process when comparing memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "load.h"
#include "model.h"
#include "util.h"

static double peak_rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

int main(int argc, char **argv)
{
	unsigned threads = 0;
	int repeat = 1, first = 1;
	while (first < argc && argv[first][0] == '-') {
		if (!strcmp(argv[first], "--threads") && first + 1 < argc)
			threads = (unsigned)atoi(argv[first + 1]);
		else if (!strcmp(argv[first], "--repeat") && first + 1 < argc)
			repeat = atoi(argv[first + 1]);
		else {
			fprintf(stderr, "usage: load_bench [--threads N] [--repeat K] PATH...\n");
			return 2;
		}
		first += 2;
	}
	if (first >= argc || repeat < 1) {
		fprintf(stderr, "usage: load_bench [--threads N] [--repeat K] PATH...\n");
		return 2;
	}
	double best = 1e30;
	uint64_t bytes = 0, records = 0, sites = 0;
	size_t warnings = 0;
	for (int k = 0; k < repeat; k++) {
		struct ls_model m;
		ls_model_init(&m);
		struct ls_load_opts o = {.threads = threads};
		double t0 = ls_now();
		enum ls_load_status st = ls_load_paths(&m, (const char *const *)argv + first, (size_t)(argc - first), &o);
		double dt = ls_now() - t0;
		if (st != LS_LOAD_OK) {
			fprintf(stderr, "load_bench: nothing loaded\n");
			ls_model_done(&m);
			return 1;
		}
		if (dt < best)
			best = dt;
		bytes = m.bytes_loaded;
		records = m.records_loaded;
		warnings = m.warnings.n;
		sites = 0;
		for (uint32_t i = 0; i < m.nproc; i++)
			sites += ls_intern_count(&m.proc[i].sites);
		ls_model_done(&m);
	}
	double rss = peak_rss_mb();
	printf("leakscope-load threads=%u %.3f s %llu records %.1f MB/s %.0f records/s peak RSS %.1f MB "
	       "(%.0f bytes/request) sites %llu warnings %zu\n",
		threads, best, (unsigned long long)records, (double)bytes / 1e6 / best, (double)records / best, rss,
		rss * 1048576.0 / (double)records, (unsigned long long)sites, warnings);
	return 0;
}
