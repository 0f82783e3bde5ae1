/* report_main.c — command line of `leakscope report` (options, loading with a
 * progress line on a terminal, rendering, exit status). */
#include "config.h"
#include "report_main.h"
#include "filter.h"
#include "load.h"
#include "report.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: leakscope report [OPTIONS] PATH...\n"
	"\n"
	"Analyse endpoint profiles or memory-test files and print a report.\n"
	"PATH is a file (one process) or a directory (all its *.json files form one\n"
	"process; a directory of such directories is read one level down). Every\n"
	"memory-test file is a process of its own.\n"
	"\n"
	"  --format FMT       text (default), markdown or json\n"
	"  --top N            rows of the top consumers table (default 20)\n"
	"  --growth N         rows of the growth-by-location table (default 20)\n"
	"  --include RE       only sites whose location matches RE (pcre2, smart case)\n"
	"  --exclude RE       drop sites whose location matches RE\n"
	"  --fail-on-leak     exit 1 when an endpoint is LEAK or ERROR_PATH_LEAK\n"
	"  --classic          --fail-on-leak uses the original tool's verdicts\n"
	"  --export FILE      write the report to FILE (atomically) instead of stdout\n"
	"  --threads N        loader threads (default, and 0: one per core; at most 256)\n"
	"  -h, --help         this help;  -V, --version  the version\n"
	"\n"
	"Exit status: 0 done; 1 leak found with --fail-on-leak; 2 usage error, a PATH\n"
	"that could not be read (missing, unreadable, no JSON array, a folder with no\n"
	"*.json: the report of the others is still written), nothing loaded, the\n"
	"report could not be written (or would have overwritten an input), or memory\n"
	"ran out; 130 interrupted (Ctrl-C, SIGTERM, SIGHUP).\n";

struct report_args {
	struct ls_report_opts opts;
	const char *export_path;
	const char *include, *exclude;
	bool fail_on_leak, classic;
	const char **unread;   /* per path: why it could not be read at all (ls_load_opts) */
	unsigned threads;
	/* the PATHs, wherever they stand among the options */
	const char **paths;
	size_t npaths;
};

static bool parse_count(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > UINT32_MAX || s[0] == '-')
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Returns -1 to go on, otherwise an exit code. */
static int parse_args(int argc, char **argv, struct report_args *ra)
{
	enum { O_FORMAT = 256, O_TOP, O_GROWTH, O_INCLUDE, O_EXCLUDE, O_FAIL, O_CLASSIC, O_EXPORT, O_THREADS };
	static const struct option longopts[] = {
		{"format", required_argument, NULL, O_FORMAT},
		{"top", required_argument, NULL, O_TOP},
		{"growth", required_argument, NULL, O_GROWTH},
		{"include", required_argument, NULL, O_INCLUDE},
		{"exclude", required_argument, NULL, O_EXCLUDE},
		{"fail-on-leak", no_argument, NULL, O_FAIL},
		{"classic", no_argument, NULL, O_CLASSIC},
		{"export", required_argument, NULL, O_EXPORT},
		{"threads", required_argument, NULL, O_THREADS},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;
	uint32_t v;
	optind = 1;
	opterr = 0; /* said below, with our prefix */
	/* "-": a PATH comes back as 1, in order, so that an option after a
	 * PATH is one even with POSIXLY_CORRECT set (where getopt would stop
	 * at the first PATH and `report DIR --fail-on-leak` read the option
	 * as a file it cannot open, and exit 0 on a leak) */
	while ((c = getopt_long(argc, argv, "-hV", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			ra->paths[ra->npaths++] = optarg;
			break;
		case O_FORMAT:
			if (!strcmp(optarg, "text"))
				ra->opts.format = LS_REPORT_TEXT;
			else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md"))
				ra->opts.format = LS_REPORT_MARKDOWN;
			else if (!strcmp(optarg, "json"))
				ra->opts.format = LS_REPORT_JSON;
			else {
				char *f = ls_sanitize(optarg);
				fprintf(stderr, "leakscope report: unknown format '%s' (text, markdown or json)\n", f);
				free(f);
				return LS_EXIT_USAGE;
			}
			break;
		case O_TOP:
		case O_GROWTH:
		case O_THREADS:
			if (!parse_count(optarg, &v)) {
				char *f = ls_sanitize(optarg);
				fprintf(stderr, "leakscope report: '%s' is not a count\n", f);
				free(f);
				return LS_EXIT_USAGE;
			}
			if (c == O_TOP) {
				ra->opts.top_n = v;
			} else if (c == O_GROWTH) {
				ra->opts.growth_n = v;
			} else if (v > LS_MAX_THREADS) {
				fprintf(stderr, "leakscope report: --threads %s: at most %u\n", optarg, LS_MAX_THREADS);
				return LS_EXIT_USAGE;
			} else {
				ra->threads = v;
			}
			break;
		case O_INCLUDE: ra->include = optarg; break;
		case O_EXCLUDE: ra->exclude = optarg; break;
		case O_FAIL: ra->fail_on_leak = true; break;
		case O_CLASSIC: ra->classic = true; break;
		case O_EXPORT:
			/* (an unset variable in a CI script: said now, not after the
			 * whole analysis as "cannot rename into place") */
			if (!*optarg) {
				fputs("leakscope report: --export: no file name given\n", stderr);
				return LS_EXIT_USAGE;
			}
			ra->export_path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return LS_EXIT_OK;
		case 'V': /* as `leakscope --version` */
			printf("leakscope %s\n", PACKAGE_VERSION);
			return LS_EXIT_OK;
		default: {
			/* a short option inside a longer word ("-dash.json") leaves
			 * optind on that word */
			const char *what = argv[optind - 1];
			if (optopt && optind < argc && argv[optind][0] == '-' && argv[optind][1] == optopt)
				what = argv[optind];
			char *f = ls_sanitize(what);
			fprintf(stderr, "leakscope report: unknown option, or one missing its value: %s%s\n\n", f,
				strncmp(what, "--", 2) ? " (a path that starts with '-' goes after --)" : "");
			free(f);
			fputs(usage, stderr);
			return LS_EXIT_USAGE;
		}
		}
	}
	if (ra->classic && !ra->fail_on_leak) {
		/* alone it would change nothing, without a word */
		fputs("leakscope report: --classic only chooses the verdicts --fail-on-leak uses; the report shows both "
			"anyway\n", stderr);
		return LS_EXIT_USAGE;
	}
	while (optind < argc) /* after "--" */
		ra->paths[ra->npaths++] = argv[optind++];
	if (!ra->npaths) {
		fputs("leakscope report: no PATH given\n\n", stderr);
		fputs(usage, stderr);
		return LS_EXIT_USAGE;
	}
	return -1;
}

/* Ctrl-C, SIGTERM and SIGHUP end the report with status 130, as the README
 * says, not with the signal's own 130/143/129. While loading they only
 * cancel it (the loader's threads stop at the next window); after that
 * nothing needs cleaning up but an export's temporary file, and signals
 * wait while that exists. */
static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t exit_at_once;

static void on_signal(int sig)
{
	interrupted = sig;
	if (exit_at_once)
		_exit(LS_EXIT_INTERRUPTED);
}

static void catch_signals(sigset_t *set)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(set);
	int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		sigaction(sigs[i], &sa, NULL); /* no SA_RESTART: a waiting read returns */
		sigaddset(set, sigs[i]);
	}
}

static void progress_line(void *ctx, const struct ls_load_progress *p)
{
	(void)ctx;
	double pct = p->bytes_total ? 100.0 * (double)p->bytes_done / (double)p->bytes_total : 100.0;
	fprintf(stderr, "\rloading %u/%u files, %.1f/%.1f MB (%3.0f%%)", p->files_done, p->files_total,
		(double)p->bytes_done / 1048576.0, (double)p->bytes_total / 1048576.0, pct);
	fflush(stderr);
}

static int set_filters(struct ls_filter *f, const struct report_args *ra)
{
	char err[256];
	size_t off;
	if (ra->include && ls_filter_set(f, LS_FILTER_INCLUDE, ra->include, err, sizeof err, &off) != 0) {
		fprintf(stderr, "leakscope report: --include: %s\n", err);
		return -1;
	}
	if (ra->exclude && ls_filter_set(f, LS_FILTER_EXCLUDE, ra->exclude, err, sizeof err, &off) != 0) {
		fprintf(stderr, "leakscope report: --exclude: %s\n", err);
		return -1;
	}
	return 0;
}

static int write_output(const struct report_args *ra, const struct ls_buf *out, const sigset_t *sigs)
{
	if (ra->export_path) {
		char err[512];
		/* no temporary file left behind by a signal: it comes after.
		 * Only a temporary file needs that: a named pipe or a device is
		 * written straight through, and waiting there for a reader (or a
		 * slow one) must stay interruptible */
		struct stat st;
		bool through = stat(ra->export_path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
		sigset_t old;
		if (!through)
			pthread_sigmask(SIG_BLOCK, sigs, &old);
		int rc = ls_write_file_atomic(ra->export_path, out->data, out->len, err, sizeof err);
		if (!through)
			pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (rc != 0) {
			/* it names the path as given: no raw control bytes */
			char *e = ls_sanitize(err);
			fprintf(stderr, "leakscope report: %s\n", e);
			free(e);
			return -1;
		}
		return 0;
	}
	if (fwrite(out->data, 1, out->len, stdout) != out->len || fflush(stdout) != 0) {
		fprintf(stderr, "leakscope report: cannot write to stdout: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int report(int argc, char **argv, struct report_args *ra)
{
	int rc = parse_args(argc, argv, ra);
	if (rc >= 0)
		return rc;
	struct ls_filter filter;
	ls_filter_init(&filter);
	if (set_filters(&filter, ra) != 0) {
		ls_filter_done(&filter);
		return LS_EXIT_USAGE;
	}
	ra->opts.filter = ls_filter_active(&filter) ? &filter : NULL;

	struct ls_model m;
	ls_model_init(&m);
	sigset_t sigs;
	catch_signals(&sigs);
	const char **unread = ra->unread;
	struct ls_load_opts lo = {.threads = ra->threads, .cancel = &interrupted, .unread = unread};
	bool tty = isatty(STDERR_FILENO);
	if (tty)
		lo.progress = progress_line;
	enum ls_load_status st = ls_load_paths(&m, ra->paths, ra->npaths, &lo);
	if (tty)
		fputs("\r\033[K", stderr);
	exit_at_once = 1;
	if (st == LS_LOAD_CANCELLED || interrupted) {
		fputs("leakscope report: interrupted while loading\n", stderr);
		ls_model_done(&m);
		ls_filter_done(&filter);
		return LS_EXIT_INTERRUPTED;
	}

	if (st == LS_LOAD_NOTHING) {
		fprintf(stderr, "leakscope report: nothing could be loaded\n");
		for (size_t i = 0; i < m.warnings.n; i++) {
			char *f = ls_sanitize(m.warnings.v[i].file);
			if (m.warnings.v[i].offset == LS_NO_OFFSET)
				fprintf(stderr, "  %s: %s\n", f, m.warnings.v[i].message);
			else
				fprintf(stderr, "  %s: byte %llu: %s\n", f, (unsigned long long)m.warnings.v[i].offset,
					m.warnings.v[i].message);
			free(f);
		}
		ls_model_done(&m);
		ls_filter_done(&filter);
		return LS_EXIT_USAGE;
	}

	if (ra->export_path && ls_model_reads_file(&m, ra->export_path)) {
		char *f = ls_sanitize(ra->export_path);
		fprintf(stderr, "leakscope report: --export %s: that is one of the profiles being read; not overwritten\n", f);
		free(f);
		ls_model_done(&m);
		ls_filter_done(&filter);
		return LS_EXIT_USAGE;
	}
	struct ls_analysis a;
	ls_analysis_init(&a, &m);
	ls_analysis_prepare(&a);
	struct ls_buf out;
	ls_buf_init(&out);
	ls_report_model(&out, &a, &ra->opts);
	rc = write_output(ra, &out, &sigs) == 0 ? LS_EXIT_OK : LS_EXIT_USAGE;
	if (rc == LS_EXIT_OK && ra->fail_on_leak && ls_report_any_leak(&a, ra->classic)) {
		/* (said on stderr too: a CI job often keeps the report in a file) */
		struct ls_buf names;
		ls_buf_init(&names);
		uint32_t n = ls_report_leaks(&names, &a, ra->classic, 10);
		fprintf(stderr, "leakscope report: --fail-on-leak: %u endpoint%s leak%s by %s verdicts: %s\n", n,
			n == 1 ? "" : "s", n == 1 ? "s" : "", ra->classic ? "the original tool's" : "leakscope's", names.data);
		ls_buf_done(&names);
		rc = LS_EXIT_LEAK;
	}
	/* a path given that could not be read at all is an error, not a
	 * warning at the end of the report: a misspelt path in a CI job must
	 * not pass as a process without leaks */
	for (size_t i = 0; i < ra->npaths; i++)
		if (unread[i]) {
			char *f = ls_sanitize(ra->paths[i]);
			fprintf(stderr, "leakscope report: %s: %s\n", f, unread[i]);
			free(f);
			if (rc != LS_EXIT_USAGE)
				rc = LS_EXIT_USAGE;
		}
	ls_buf_done(&out);
	ls_analysis_done(&a);
	ls_model_done(&m);
	ls_filter_done(&filter);
	return rc;
}

int ls_report_main(int argc, char **argv)
{
	struct report_args ra = {0};
	ls_report_opts_init(&ra.opts);
	ra.paths = ls_xcalloc((size_t)argc + 1, sizeof *ra.paths);
	ra.unread = ls_xcalloc((size_t)argc + 1, sizeof *ra.unread);
	int rc = report(argc, argv, &ra);
	free(ra.paths);
	free(ra.unread);
	return rc;
}
