/* accuracy.c — how right are the verdicts? Reads lsgen's labelled cases
 * (`lsgen cases DIR`: DIR/CASES.txt + one process directory with TRUTH.txt
 * each), runs leakscope's verdicts (detect.h) and the classic ones
 * (classic.h) on every endpoint, and prints precision and recall of "this
 * endpoint leaks" per case kind, plus how often the true leaking site is the
 * endpoint's first (and among its first three) suspects.
 *
 *   accuracy DIR...      (several DIRs: e.g. one per seed; totals over all)
 *   accuracy -v DIR...   (also every wrong endpoint verdict, with its explanation)
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classic.h"
#include "detect.h"
#include "load.h"
#include "model.h"
#include "util.h"

#define MAX_KINDS 32

struct counts {
	char kind[64];
	unsigned tp, fp, fn, tn;          /* leakscope */
	unsigned ctp, cfp, cfn, ctn;      /* classic */
	unsigned type_ok, type_n;         /* LEAK vs ERROR_PATH_LEAK right, among true positives */
	unsigned site_n, top1, top3;      /* leaking endpoints with a known site */
	unsigned seen_n, seen1, seen3;    /* ... whose site appears in the data at all */
	unsigned tp_seen, fn_seen;        /* endpoint recall where that site appears */
	unsigned tp_unseen, fn_unseen;    /* ... and where it never reached the top K */
	unsigned cases;
	double seconds;
};

static struct counts kinds[MAX_KINDS];
static unsigned nkinds;
/* Processes: does it leak at all? By its endpoint verdicts alone, and
 * counting a heap that grows with no endpoint to blame (heap_summary.h) */
static struct {
	unsigned tp, fp, fn;              /* any LEAK / ERROR_PATH_LEAK */
	unsigned htp, hfp, hfn;           /* ... or the heap grows unexplained */
	/* processes with a leak found: one missed too, or every one found
	 * (and none wrongly), and in how many the heap says part of its rise
	 * is in none of the found leaks' sites (heap_summary.h, unheld_mb) */
	unsigned part_missed, part_missed_said, part_all, part_all_said;
} procs;
static int verbose;

static struct counts *kind_counts(const char *kind)
{
	for (unsigned i = 0; i < nkinds; i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	if (nkinds == MAX_KINDS)
		return &kinds[MAX_KINDS - 1];
	struct counts *c = &kinds[nkinds++];
	snprintf(c->kind, sizeof c->kind, "%s", kind);
	return c;
}

/* value of key=... in a TRUTH line, copied into out */
static int field(const char *line, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	for (const char *p = line; (p = strstr(p, key)); p++) {
		if ((p == line || p[-1] == ' ') && p[kl] == '=') {
			p += kl + 1;
			size_t n = strcspn(p, " \n");
			if (n >= cap)
				n = cap - 1;
			memcpy(out, p, n);
			out[n] = '\0';
			return 0;
		}
	}
	out[0] = '\0';
	return -1;
}

struct truth_ep {
	char name[256], leak[16], site[512];
};

static int run_case(const char *dir, const char *casename, const char *kind)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/TRUTH.txt", dir, casename);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "accuracy: %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct truth_ep *t = NULL;
	size_t nt = 0, cap = 0;
	char line[8192];
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "endpoint ", 9))
			continue;
		ls_grow(&t, &cap, nt + 1, sizeof *t);
		field(line, "name", t[nt].name, sizeof t[nt].name);
		field(line, "leak", t[nt].leak, sizeof t[nt].leak);
		field(line, "site", t[nt].site, sizeof t[nt].site);
		nt++;
	}
	fclose(f);

	snprintf(path, sizeof path, "%s/%s", dir, casename);
	struct ls_model m;
	ls_model_init(&m);
	const char *paths[] = {path};
	struct ls_load_opts lo = {.threads = 1};
	if (ls_load_paths(&m, paths, 1, &lo) != LS_LOAD_OK || m.nproc != 1) {
		fprintf(stderr, "accuracy: %s: could not load\n", path);
		ls_model_done(&m);
		free(t);
		return -1;
	}
	struct ls_process *p = &m.proc[0];
	struct ls_process_analysis a;
	ls_analyze_process(p, NULL, &a);
	struct counts *c = kind_counts(kind);
	c->cases++;
	c->seconds += a.seconds;
	bool proc_truth = false;
	for (size_t i = 0; i < nt; i++)
		proc_truth |= strcmp(t[i].leak, "no") != 0;
	const struct ls_heap_summary *h = &a.heap;
	bool blamed = h->nleaks > 0, grows = blamed || h->unexplained;
	if (proc_truth) {
		blamed ? procs.tp++ : procs.fn++;
		grows ? procs.htp++ : procs.hfn++;
	} else {
		procs.fp += blamed;
		procs.hfp += grows;
	}
	if (verbose && grows && !blamed)
		printf("  %s: heap, %s: %s\n", path, proc_truth ? "a leak" : "no leak", h->text);
	unsigned found = 0, missed = 0, wrong = 0;
	for (uint32_t e = 0; e < p->nep; e++) {
		const struct truth_ep *te = NULL;
		for (size_t i = 0; i < nt; i++)
			if (p->ep[e].name && !strcmp(t[i].name, p->ep[e].name))
				te = &t[i];
		if (!te) {
			fprintf(stderr, "accuracy: %s: endpoint %s not in TRUTH.txt\n", casename, p->ep[e].name);
			continue;
		}
		bool truth = strcmp(te->leak, "no") != 0;
		const struct ls_verdict *v = &a.verdict[e];
		bool ours = ls_verdict_is_leak(v->kind);
		struct ls_classic_result cr;
		ls_classic_analyze(&p->ep[e], &ls_classic_defaults, &cr);
		bool classic = cr.status == LS_CLASSIC_OK && cr.leak;
		ls_classic_result_done(&cr);
		found += truth && ours;
		missed += truth && !ours;
		wrong += !truth && ours;
		if (truth) {
			ours ? c->tp++ : c->fn++;
			classic ? c->ctp++ : c->cfn++;
		} else {
			ours ? c->fp++ : c->tn++;
			classic ? c->cfp++ : c->ctn++;
		}
		if (truth && ours) {
			c->type_n++;
			bool err = !strcmp(te->leak, "error");
			c->type_ok += err == (v->kind == LS_VERDICT_ERROR_PATH_LEAK);
		}
		if (truth && te->site[0] && strcmp(te->site, "-")) {
			c->site_n++;
			bool top1 = false;
			for (uint32_t s = 0; s < v->nsuspects && s < 3; s++) {
				if (!strcmp(ls_intern_str(&p->sites, v->suspects[s].site), te->site)) {
					c->top3++;
					c->top1 += s == 0;
					top1 = s == 0;
					break;
				}
			}
			/* a site that never made the top K cannot be found */
			uint32_t sid = ls_intern_find(&p->sites, te->site, strlen(te->site));
			if (sid)
				ours ? c->tp_seen++ : c->fn_seen++;
			else
				ours ? c->tp_unseen++ : c->fn_unseen++;
			if (sid) {
				c->seen_n++;
				for (uint32_t s = 0; s < v->nsuspects && s < 3; s++)
					if (v->suspects[s].site == sid) {
						c->seen3++;
						c->seen1 += s == 0;
						break;
					}
			}
			if (verbose && ours && !top1) {
				printf("  %s %s: true site %s not first; suspects:", path, te->name, te->site);
				for (uint32_t s = 0; s < v->nsuspects; s++)
					printf(" %s", ls_intern_str(&p->sites, v->suspects[s].site));
				printf("\n");
			}
		}
		if (verbose && (truth != ours || (verbose > 1))) {
			bool unseen = truth && te->site[0] && strcmp(te->site, "-") &&
				!ls_intern_find(&p->sites, te->site, strlen(te->site));
			printf("  %s %s: truth=%s ours=%s (series %s)%s\n    %s\n", path, te->name, te->leak,
				ls_verdict_name(v->kind), ls_verdict_name(v->series_kind),
				unseen ? " [its site never in the top K]" : "", v->explanation);
		}
	}
	if (found && missed) {
		procs.part_missed++;
		procs.part_missed_said += isfinite(h->unheld_mb);
	} else if (found && !wrong) {
		procs.part_all++;
		procs.part_all_said += isfinite(h->unheld_mb);
	}
	ls_process_analysis_done(&a);
	ls_model_done(&m);
	free(t);
	return 0;
}

static int run_dir(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/CASES.txt", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "accuracy: %s: %s (make it with `lsgen cases %s`)\n", path, strerror(errno), dir);
		return -1;
	}
	char line[8192];
	int rc = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		char name[512], kind[64];
		if (sscanf(line, "%511s", name) != 1 || field(line, "kind", kind, sizeof kind) != 0)
			continue;
		if (run_case(dir, name, kind) != 0)
			rc = -1;
	}
	fclose(f);
	return rc;
}

static double ratio(unsigned a, unsigned b)
{
	return b ? (double)a / b : NAN;
}

static void print_row(const struct counts *c)
{
	printf("%-24s %5u | %5.2f %5.2f  (tp %3u fp %3u fn %3u) | %5.2f %5.2f  (tp %3u fp %3u fn %3u) | %5.2f | %5.2f %5.2f (%u) | %5.2f %5.2f (%u)\n",
		c->kind, c->cases, ratio(c->tp, c->tp + c->fp), ratio(c->tp, c->tp + c->fn), c->tp, c->fp, c->fn,
		ratio(c->ctp, c->ctp + c->cfp), ratio(c->ctp, c->ctp + c->cfn), c->ctp, c->cfp, c->cfn,
		ratio(c->type_ok, c->type_n), ratio(c->top1, c->site_n), ratio(c->top3, c->site_n), c->site_n,
		ratio(c->seen1, c->seen_n), ratio(c->seen3, c->seen_n), c->seen_n);
}

int main(int argc, char **argv)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-v"))
			verbose++;
		else if (!strcmp(argv[i], "-vv"))
			verbose += 2;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: accuracy [-v] CASES_DIR...\n");
		return 2;
	}
	int rc = 0;
	for (; i < argc; i++)
		if (run_dir(argv[i]) != 0)
			rc = 1;
	printf("\nEndpoint verdicts: precision and recall of \"this endpoint leaks\" (NaN: no such endpoints)\n");
	printf("%-24s %5s | %-34s | %-34s | %5s | %s | %s\n", "kind", "cases", "leakscope  P     R", "classic    P     R",
		"type", "site top1 top3 (n)", "seen top1 top3 (n)");
	struct counts tot = {.kind = "ALL"};
	for (unsigned k = 0; k < nkinds; k++) {
		const struct counts *c = &kinds[k];
		print_row(c);
		tot.cases += c->cases;
		tot.tp += c->tp; tot.fp += c->fp; tot.fn += c->fn; tot.tn += c->tn;
		tot.ctp += c->ctp; tot.cfp += c->cfp; tot.cfn += c->cfn; tot.ctn += c->ctn;
		tot.type_ok += c->type_ok; tot.type_n += c->type_n;
		tot.site_n += c->site_n; tot.top1 += c->top1; tot.top3 += c->top3;
		tot.seen_n += c->seen_n; tot.seen1 += c->seen1; tot.seen3 += c->seen3;
		tot.tp_seen += c->tp_seen; tot.fn_seen += c->fn_seen;
		tot.tp_unseen += c->tp_unseen; tot.fn_unseen += c->fn_unseen;
		tot.seconds += c->seconds;
	}
	print_row(&tot);
	printf("type = leaks reported with the right kind (LEAK vs ERROR_PATH_LEAK); site = the true leaking site\n"
	       "is the endpoint's first / among its first three suspects, over all leaking endpoints (a miss\n"
	       "counts against it); seen = the same over those whose site appears in the data at all (a site\n"
	       "that never reached the profiler's top K cannot be named). Analysis time %.2f s in total.\n",
		tot.seconds);
	/* The heap alone cannot always say which endpoint leaks: where the
	 * traffic mix is steady, every endpoint's request count rises in step
	 * with the process's. The site's exact sizes can. Recall on both sides
	 * of that line shows how much of what is missed had no site to go on. */
	printf("recall where the leaking site appears in the data: %.2f (%u of %u); where it never reached\n"
	       "the profiler's top K, so only the heap can tell: %.2f (%u of %u)\n",
		ratio(tot.tp_seen, tot.tp_seen + tot.fn_seen), tot.tp_seen, tot.tp_seen + tot.fn_seen,
		ratio(tot.tp_unseen, tot.tp_unseen + tot.fn_unseen), tot.tp_unseen, tot.tp_unseen + tot.fn_unseen);
	printf("processes: does it leak at all? by the endpoint verdicts P %.2f R %.2f (tp %u fp %u fn %u);\n"
	       "counting a heap that grows with no endpoint to blame: P %.2f R %.2f (tp %u fp %u fn %u)\n",
		ratio(procs.tp, procs.tp + procs.fp), ratio(procs.tp, procs.tp + procs.fn), procs.tp, procs.fp, procs.fn,
		ratio(procs.htp, procs.htp + procs.hfp), ratio(procs.htp, procs.htp + procs.hfn), procs.htp, procs.hfp,
		procs.hfn);
	printf("a leak found and another missed: the heap says part of its rise is in none of the found\n"
	       "leaks' sites in %u of %u such processes; with every leak found, in %u of %u\n",
		procs.part_missed_said, procs.part_missed, procs.part_all_said, procs.part_all);
	printf("targets: precision >= 0.95, recall >= 0.95, site top1 >= 0.90, top3 >= 0.95\n");
	return rc;
}
