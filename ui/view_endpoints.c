/* view_endpoints.c — the home screen: one row per endpoint with its numbers,
 * leakscope's verdict, the original tool's verdict and a memory sparkline. */
#include <stddef.h>
#include "app.h"
#include "vutil.h"
#include "util.h"
#include "detect.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPARK_W 10

/* widths of the numeric columns, which their texts are fitted to */
enum { W_RANGE = 13, W_GROWTH = 8, W_PCT = 7, W_KB = 8 };

struct eps {
	struct app *a;
	struct ui_table t;
	uint32_t n;
	uint32_t *proc, *ep;     /* row -> (process, endpoint) */
	char (*spark)[SPARK_W * 4 + 1];
	bool multi;              /* the table has the Process column */
	char **plabel;           /* per process: its label, sanitized (build_labels) */
	size_t *phead;           /* ... the bytes of it that tell it from the others' */
	size_t *nhead, *ntail;   /* per row: the bytes at its name's head and at its end
	                          * that tell it from the others' (name_parts) */
	uint32_t nlabel;
	struct ui_col cols[11];  /* cols[] (below), the Process column as wide as its labels */
};

static const struct ls_classic_result *cl(struct eps *s, uint32_t r)
{
	return ls_analysis_classic(&s->a->an, s->proc[r], s->ep[r]);
}

static const struct ls_endpoint *ep_of(struct eps *s, uint32_t r)
{
	return &s->a->model.proc[s->proc[r]].ep[s->ep[r]];
}

static void t_name(void *c, uint32_t r, char *o, size_t n)
{
	struct eps *s = c;
	ui_ep_name(s->a, s->proc[r], s->ep[r], o, n);
}
static void t_proc(void *c, uint32_t r, char *o, size_t n)
{
	struct eps *s = c;
	snprintf(o, n, "%s", s->plabel[s->proc[r]]);
}
/* a cut label keeps what tells it apart: "case-002…leak", not "case-0…-leak"
 * for case-002-linear-leak next to case-004-late-onset-leak */
static size_t h_proc(void *c, uint32_t r) { struct eps *s = c; return s->phead[s->proc[r]]; }
static size_t h_name(void *c, uint32_t r) { struct eps *s = c; return s->nhead[r]; }
static size_t tl_name(void *c, uint32_t r) { struct eps *s = c; return s->ntail[r]; }

/* The last k components of path (trailing slashes dropped), at most all. */
static char *path_tail(const char *path, int k)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	size_t i = n;
	while (i > 0 && k > 0) {
		i--;
		if (path[i] == '/' && --k == 0) {
			i++;
			break;
		}
	}
	return ls_xstrndup(path + i, n - i);
}

struct label_ref {
	const char *s;
	uint32_t p;
};

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct label_ref *)a)->s, ((const struct label_ref *)b)->s);
}

/* (compared from their last byte back: neighbours share the longest tails) */
static int cmp_label_back(const void *a, const void *b)
{
	const char *x = ((const struct label_ref *)a)->s, *y = ((const struct label_ref *)b)->s;
	size_t i = strlen(x), j = strlen(y);
	while (i > 0 && j > 0) {
		unsigned char cx = (unsigned char)x[--i], cy = (unsigned char)y[--j];
		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
	return i > 0 ? 1 : j > 0 ? -1 : 0;
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	return i;
}

static size_t common_suffix(const char *a, const char *b)
{
	size_t i = strlen(a), j = strlen(b), k = 0;
	while (k < i && k < j && a[i - 1 - k] == b[j - 1 - k])
		k++;
	return k;
}

/* Each of n texts' head: up to the first character that tells it from
 * every other text, and on to the end of that word ("case-002" of
 * case-002-linear-leak next to case-004-late-onset-leak); or (back) its
 * tail: from the last such character on, in bytes from the end (whether a
 * left cut tells it apart). The longest common prefix (suffix) with any
 * other text is one with a neighbour in sorted order. */
static size_t *telling_parts(char *const *str, uint32_t n, bool back)
{
	size_t *part = ls_xcalloc(n ? n : 1, sizeof *part);
	struct label_ref *ord = ls_xmalloc((n ? n : 1) * sizeof *ord);
	for (uint32_t p = 0; p < n; p++)
		ord[p] = (struct label_ref){str[p], p};
	qsort(ord, n, sizeof *ord, back ? cmp_label_back : cmp_label);
	size_t (*common)(const char *, const char *) = back ? common_suffix : common_prefix;
	for (uint32_t k = 0; k < n; k++) {
		const char *l = ord[k].s;
		size_t m = 0, len = strlen(l);
		if (k > 0)
			m = common(l, ord[k - 1].s);
		if (k + 1 < n) {
			size_t m2 = common(l, ord[k + 1].s);
			m = m2 > m ? m2 : m;
		}
		size_t h = m < len ? m + 1 : len;
		while (!back && h < len && !strchr("-_./ ", l[h]))
			h++;
		part[ord[k].p] = h;
	}
	free(ord);
	return part;
}

static void label_heads(struct eps *s)
{
	s->phead = telling_parts(s->plabel, s->nlabel, false);
}

/* The Endpoint column cuts a long name at its start and keeps its tail
 * (/v1/chat/completions and /v1/completions differ there). Where the tail
 * that tells a name apart is too long for the column, and its head is not
 * (/svc/endpoint_1/with/a/long/path next to /svc/endpoint_2/with/a/long/path:
 * 30 such rows read "…/with/a/long/path" alike), the cut keeps the head
 * (ui_text_mid). names: per row. */
static void name_parts(struct eps *s, char *const *names)
{
	free(s->nhead);
	free(s->ntail);
	s->nhead = telling_parts(names, s->n, false);
	s->ntail = telling_parts(names, s->n, true);
}

/* Each process's label: its folder's name, with as many parent folders as
 * it takes to tell it from the others (x/app and y/app, not app twice).
 * Level by level, each process's tail computed once per level. */
static void build_labels(struct eps *s)
{
	const struct ls_model *m = &s->a->model;
	uint32_t n = m->nproc;
	for (uint32_t p = 0; p < s->nlabel; p++)
		free(s->plabel[p]);
	free(s->plabel);
	free(s->phead);
	s->nlabel = n;
	s->plabel = ls_xcalloc(n ? n : 1, sizeof *s->plabel);
	char **tail = ls_xcalloc(n ? n : 1, sizeof *tail);
	uint32_t left = n;
	for (int k = 1; left; k++) {
		for (uint32_t p = 0; p < n; p++)
			tail[p] = path_tail(m->proc[p].path, k);
		for (uint32_t p = 0; p < n; p++) {
			if (s->plabel[p])
				continue;
			bool clash = false;
			for (uint32_t q = 0; q < n && !clash; q++)
				clash = q != p && strcmp(tail[p], tail[q]) == 0;
			/* (a label as long as the whole path cannot grow) */
			char *more = clash ? path_tail(m->proc[p].path, k + 1) : NULL;
			if (!clash || strcmp(more, tail[p]) == 0) {
				s->plabel[p] = ls_xstrdup(tail[p]); /* (tail[p] is still compared with) */
				left--;
			}
			free(more);
		}
		for (uint32_t p = 0; p < n; p++)
			free(tail[p]);
	}
	free(tail);
	for (uint32_t p = 0; p < n; p++) {
		char *clean = ls_sanitize(s->plabel[p]);
		free(s->plabel[p]);
		s->plabel[p] = clean;
	}
	label_heads(s);
}

static double n_reqs(void *c, uint32_t r) { return ep_of(c, r)->n; }
static void t_reqs(void *c, uint32_t r, char *o, size_t n) { ui_fmt_count(o, n, ep_of(c, r)->n); }

static double n_err(void *c, uint32_t r)
{
	const struct ls_endpoint *e = ep_of(c, r);
	return e->n ? 100.0 * e->nerrors / e->n : 0;
}
static void t_err(void *c, uint32_t r, char *o, size_t n) { snprintf(o, n, "%.1f", n_err(c, r)); }

static bool ok(const struct ls_classic_result *x) { return x && x->status == LS_CLASSIC_OK; }

static double n_start(void *c, uint32_t r)
{
	const struct ls_classic_result *x = cl(c, r);
	return ok(x) ? x->initial_avg : NAN;
}
static void t_range(void *c, uint32_t r, char *o, size_t n)
{
	const struct ls_classic_result *x = cl(c, r);
	if (!ok(x))
		snprintf(o, n, "-");
	else
		ui_fmt_range(o, n, x->initial_avg, x->final_avg, 1, W_RANGE);
}
static double n_growth(void *c, uint32_t r)
{
	const struct ls_classic_result *x = cl(c, r);
	return ok(x) ? x->growth_mb : NAN;
}
static void t_growth(void *c, uint32_t r, char *o, size_t n) { ui_fmt_signed(o, n, n_growth(c, r), 2, W_GROWTH); }
static double n_pct(void *c, uint32_t r)
{
	const struct ls_classic_result *x = cl(c, r);
	return ok(x) ? x->growth_percent : NAN;
}
static void t_pct(void *c, uint32_t r, char *o, size_t n)
{
	ui_fmt_pct(o, n, n_pct(c, r), W_PCT);
}

static double n_verdict(void *c, uint32_t r)
{
	struct eps *s = c;
	return ui_verdict_key(s->a, s->proc[r], s->ep[r]);
}
static void t_verdict(void *c, uint32_t r, char *o, size_t n)
{
	struct eps *s = c;
	enum ui_role role;
	snprintf(o, n, "%s", ui_verdict_word(s->a, s->proc[r], s->ep[r], &role));
}
static enum ui_role r_verdict(void *c, uint32_t r)
{
	struct eps *s = c;
	enum ui_role role;
	ui_verdict_word(s->a, s->proc[r], s->ep[r], &role);
	return role;
}
static double n_kb(void *c, uint32_t r)
{
	struct eps *s = c;
	return ui_attributed_kb(s->a, s->proc[r], s->ep[r]);
}
static void t_kb(void *c, uint32_t r, char *o, size_t n) { ui_fmt_signed(o, n, n_kb(c, r), 2, W_KB); }
static double n_classic(void *c, uint32_t r)
{
	const struct ls_classic_result *x = cl(c, r);
	return ok(x) ? (x->leak ? 2 : 1) : 0;
}
static void t_classic(void *c, uint32_t r, char *o, size_t n)
{
	struct eps *s = c;
	enum ui_role role;
	snprintf(o, n, "%s", ui_classic_word(s->a, s->proc[r], s->ep[r], &role));
}
static enum ui_role r_classic(void *c, uint32_t r)
{
	struct eps *s = c;
	enum ui_role role;
	ui_classic_word(s->a, s->proc[r], s->ep[r], &role);
	return role;
}
static void t_spark(void *c, uint32_t r, char *o, size_t n)
{
	struct eps *s = c;
	snprintf(o, n, "%s", s->spark[r]);
}
static enum ui_role r_spark(void *c, uint32_t r) { (void)c; (void)r; return ROLE_SPARK; }

/* the Process column: as wide as its labels, from its title and sort arrow to 12 */
#define PROC_MIN_W 8
#define PROC_W 12
enum { COL_PROC, COL_NAME, COL_REQS, COL_ERR, COL_RANGE, COL_GROWTH, COL_PCT, COL_VERDICT, COL_KB, COL_SPARK, COL_CLASSIC };
static const struct ui_col cols[] = {
	/* (never hidden: endpoints of several processes share names, and
	 * without it their rows look alike; it is as wide as its labels) */
	/* sorted by its label, A to Z as the Endpoint column (by the load
	 * order it came out reversed: a click showed case-020 first) */
	[COL_PROC] = {.title = "Process", .width = PROC_W, .align = UI_TRUNC_MID, .text = t_proc,
		.head = h_proc},
	[COL_NAME] = {.title = "Endpoint", .width = 0, .align = UI_TRUNC_LEFT, .text = t_name, .head = h_name,
		.tail = tl_name},
	[COL_REQS] = {.title = "Requests", .width = 9, .align = UI_RIGHT, .text = t_reqs, .num = n_reqs},
	[COL_ERR] = {.title = "Err%", .width = 5, .align = UI_RIGHT, .text = t_err, .num = n_err, .hide = 2},
	[COL_RANGE] = {.title = "MB start→end", .width = W_RANGE, .align = UI_RIGHT, .text = t_range, .num = n_start,
		.hide = 4},
	[COL_GROWTH] = {.title = "Grow MB", .width = W_GROWTH, .align = UI_RIGHT, .text = t_growth, .num = n_growth},
	[COL_PCT] = {.title = "Grow%", .width = W_PCT, .align = UI_RIGHT, .text = t_pct, .num = n_pct, .hide = 5},
	[COL_VERDICT] = {.title = "Verdict", .width = 15, .align = UI_LEFT, .text = t_verdict, .num = n_verdict,
		.role = r_verdict},
	[COL_KB] = {.title = "KB/req", .width = W_KB, .align = UI_RIGHT, .text = t_kb, .num = n_kb},
	[COL_CLASSIC] = {.title = "Classic", .width = 8, .align = UI_LEFT, .text = t_classic, .num = n_classic,
		.role = r_classic, .hide = 1},
	[COL_SPARK] = {.title = "Memory", .width = SPARK_W, .align = UI_LEFT, .text = t_spark, .role = r_spark,
		.flags = UI_COL_NOSORT, .hide = 3},
};
_Static_assert(sizeof cols == sizeof ((struct eps *)0)->cols, "struct eps keeps a copy of cols[]");

static bool marked(void *c, uint32_t r)
{
	struct eps *s = c;
	struct ls_finding f = {LS_FINDING_ENDPOINT, s->proc[r], s->ep[r]};
	return ui_app_marked(s->a, &f);
}

static void build_rows(struct eps *s)
{
	const struct ls_model *m = &s->a->model;
	uint32_t n = 0;
	for (uint32_t p = 0; p < m->nproc; p++)
		n += m->proc[p].nep;
	free(s->proc);
	free(s->ep);
	free(s->spark);
	s->n = n;
	s->proc = ls_xreallocarray(NULL, n ? n : 1, sizeof *s->proc);
	s->ep = ls_xreallocarray(NULL, n ? n : 1, sizeof *s->ep);
	s->spark = ls_xreallocarray(NULL, n ? n : 1, sizeof *s->spark);
	build_labels(s);
	/* the Process column widens to its longest label where there is room:
	 * cut from the left, "…linear-leak" looks the same for every case */
	int pw = 0;
	for (uint32_t p = 0; p < s->nlabel; p++) {
		int w = ui_width(s->plabel[p]);
		pw = w > pw ? w : pw;
	}
	s->cols[COL_PROC].max_width = pw;
	s->cols[COL_PROC].width = pw < PROC_MIN_W ? PROC_MIN_W : pw > PROC_W ? PROC_W : pw;
	/* and the names' width: cut short, they push the Classic column out */
	int nw = 0;
	char **names = ls_xmalloc((n ? n : 1) * sizeof *names);
	uint32_t r = 0;
	for (uint32_t p = 0; p < m->nproc; p++)
		for (uint32_t e = 0; e < m->proc[p].nep; e++, r++) {
			s->proc[r] = p;
			s->ep[r] = e;
			ui_ep_sparkline(&m->proc[p].ep[e], SPARK_W, s->a->ascii, s->spark[r], sizeof s->spark[r]);
			char name[512];
			ui_ep_name(s->a, p, e, name, sizeof name);
			int w = ui_width(name);
			nw = w > nw ? w : nw;
			names[r] = ls_xstrdup(name);
		}
	s->cols[COL_NAME].max_width = nw;
	name_parts(s, names);
	for (r = 0; r < n; r++)
		free(names[r]);
	free(names);
}

/* Rows are process by process, endpoint by endpoint: a new endpoint file
 * or process renumbers them. A row is its (process, endpoint): processes
 * and endpoints are only ever added after the others. */
static void row_key(void *c, uint32_t r, struct ls_buf *k)
{
	const struct eps *s = c;
	uint32_t id[2] = {s->proc[r], s->ep[r]};
	ls_buf_add(k, id, sizeof id);
}

/* The Process column only when there is more than one process; a followed
 * directory can bring the second one, so this runs again on new data, with
 * the sort column, the search and the cursor kept. */
static void set_columns(struct eps *s)
{
	bool multi = s->a->model.nproc > 1, first = !s->t.cols;
	if (!first && multi == s->multi)
		return;
	const struct ui_col *c = multi ? s->cols : s->cols + 1;
	int nc = (int)(sizeof cols / sizeof cols[0]) - !multi;
	/* with the original's verdicts throughout, the Classic column would
	 * repeat the Verdict column, and KB/req is leakscope's figure, which
	 * could contradict the verdict next to it: neither is shown (the
	 * columns after KB/req move up; sort_col indexes s->cols) */
	if (s->a->opt.classic)
		nc -= 2;
	if (first) {
		memcpy(s->cols, cols, sizeof cols);
		if (s->a->opt.classic)
			memmove(&s->cols[COL_KB], &s->cols[COL_KB + 1], (COL_CLASSIC - COL_KB) * sizeof s->cols[0]);
		ui_table_init(&s->t, c, nc, s);
		s->t.marked = marked;
		s->t.row_key = row_key;
		s->t.empty = "no endpoints loaded (see the Warnings screen: 3)";
		s->t.sort_col = COL_VERDICT - !multi;
		s->t.rev = true; /* the verdict first: leaks on top */
	} else {
		int sort = s->t.sort_col + !s->multi; /* index into cols[] */
		ui_table_set_cols(&s->t, c, nc);
		s->t.sort_col = sort == COL_PROC && !multi ? COL_VERDICT - 1 : sort - !multi;
	}
	/* several processes: a narrow terminal drops Grow MB, then
	 * Requests, but never the Process column, the one thing that tells
	 * rows of one name apart ("/health" five times over, nothing to say
	 * whose) */
	s->cols[COL_GROWTH].hide = multi ? 6 : 0;
	s->cols[COL_REQS].hide = multi ? 7 : 0;
	s->t.search_col = COL_NAME - !multi;
	s->t.search_col2 = multi ? COL_PROC : -1;  /* "/" finds a process too */
	s->multi = multi;
}

static int open_(struct view *v, const void *arg)
{
	(void)arg;
	struct eps *s = ls_xcalloc(1, sizeof *s);
	s->a = v->app;
	v->priv = s;
	set_columns(s);
	build_rows(s);
	ui_table_reset(&s->t, s->n);
	return 0;
}

static void close_(struct view *v)
{
	struct eps *s = v->priv;
	ui_table_done(&s->t);
	free(s->proc);
	free(s->ep);
	free(s->spark);
	for (uint32_t p = 0; p < s->nlabel; p++)
		free(s->plabel[p]);
	free(s->plabel);
	free(s->phead);
	free(s->nhead);
	free(s->ntail);
	free(s);
}

static void sync_proc(struct eps *s)
{
	uint32_t r;
	if (ui_table_selected(&s->t, &r))
		s->a->proc = s->proc[r];
}

static void draw(struct view *v, int y, int x, int h, int w)
{
	struct eps *s = v->priv;
	sync_proc(s);
	ui_table_draw(&s->t, stdscr, y, x, h, w);
}

static unsigned drill(struct view *v)
{
	struct eps *s = v->priv;
	uint32_t r;
	if (!ui_table_selected(&s->t, &r))
		return UI_HANDLED;
	struct ui_ep_arg arg = {s->proc[r], s->ep[r]};
	ui_app_push(v->app, &ui_view_endpoint, &arg);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned key(struct view *v, enum ui_cmd cmd)
{
	struct eps *s = v->priv;
	if (cmd == CMD_ENTER || cmd == CMD_RIGHT)
		return drill(v);
	return ui_table_cmd(&s->t, cmd);
}

static unsigned mouse(struct view *v, enum ui_mouse m, int y, int x)
{
	struct eps *s = v->priv;
	return ui_table_mouse(&s->t, v, m, y, x, drill);
}

static void changed_(struct view *v, bool data)
{
	struct eps *s = v->priv;
	if (!data)
		return;
	/* a followed directory can gain an endpoint or a process, which
	 * renumbers the rows: the cursor stays on its endpoint (row_key) */
	set_columns(s);
	build_rows(s);
	ui_table_reset(&s->t, s->n);
}

static bool selected(struct view *v, struct ls_finding *f)
{
	struct eps *s = v->priv;
	uint32_t r;
	if (!ui_table_selected(&s->t, &r))
		return false;
	ui_table_choose(&s->t);
	*f = (struct ls_finding){LS_FINDING_ENDPOINT, s->proc[r], s->ep[r]};
	return true;
}

static enum ui_found search(struct view *v, const char *text, int dir)
{
	struct eps *s = v->priv;
	if (!text) {
		ui_table_search_begin(&s->t);
		return UI_FOUND;
	}
	return ui_table_search(&s->t, text, dir);
}

/* Processes of the listed endpoints whose heap grows with nobody to blame
 * (heap_summary.h); *kb: the growth of the last of them. */
static uint32_t grows_unexplained(const struct eps *s, struct app *a, double *kb)
{
	uint32_t nproc = a->an.m->nproc, n = 0;
	bool *seen = ls_xcalloc(nproc ? nproc : 1, sizeof *seen);
	for (uint32_t r = 0; r < s->n; r++) {
		uint32_t p = s->proc[r];
		if (p >= nproc || seen[p])
			continue;
		seen[p] = true;
		const struct ls_heap_summary *h = &ls_analysis_process(&a->an, p)->heap;
		if (h->unexplained) {
			n++;
			*kb = h->kb_per_request;
		}
	}
	free(seen);
	return n;
}

static bool row_leaks(const struct eps *s, struct app *a, uint32_t r, const struct ls_verdict **vd)
{
	*vd = ls_analysis_verdict(&a->an, s->proc[r], s->ep[r]);
	return *vd && ls_verdict_is_leak((*vd)->kind);
}

/* The leaking endpoints' names, grouped by process when there are several
 * (two processes can both have a /chat): "app: /chat, /users; p2: /search". */
static uint32_t leak_names(struct eps *s, struct app *a, struct ls_buf *names)
{
	uint32_t leaks = 0, nproc = a->model.nproc;
	for (uint32_t p = 0; p < nproc; p++) {
		bool first = true;
		for (uint32_t r = 0; r < s->n; r++) {
			const struct ls_verdict *vd;
			if (s->proc[r] != p || !row_leaks(s, a, r, &vd))
				continue;
			char name[256], proc[256];
			t_name(s, r, name, sizeof name);
			/* (a memory-test file is a process of its own: its name says it) */
			const struct ls_process *pp = &a->model.proc[p];
			bool own = pp->nep == 1 && pp->ep[0].format == LS_FMT_SNAPSHOT;
			if (first && nproc > 1 && !own) {
				t_proc(s, r, proc, sizeof proc);
				ls_buf_printf(names, "%s%s: ", leaks ? "; " : "", proc);
			} else if (leaks) {
				ls_buf_puts(names, ", ");
			}
			ls_buf_printf(names, "%s%s", name, vd->kind == LS_VERDICT_ERROR_PATH_LEAK ? " (on errors)" : "");
			first = false;
			leaks++;
		}
	}
	return leaks;
}

/* What a newcomer should read first: which endpoints leak, and how that
 * compares with the original tool's verdicts. */
static void summary(struct view *v, char *out, size_t cap)
{
	struct eps *s = v->priv;
	struct app *a = v->app;
	double kb = 0;
	uint32_t leaks = 0, classic = 0, unexplained;
	struct ls_buf names;
	ls_buf_init(&names);
	for (uint32_t r = 0; r < s->n; r++) {
		enum ui_role role;
		ui_classic_word(a, s->proc[r], s->ep[r], &role);
		classic += role == ROLE_LEAK;
	}
	if (!a->opt.classic)
		leaks = leak_names(s, a, &names);
	/* (counts with thousands separators, as everywhere: 2,000 endpoints) */
	char nl[32], nn[32], nc[32], nu[32];
	ui_fmt_count(nl, sizeof nl, leaks);
	ui_fmt_count(nn, sizeof nn, s->n);
	ui_fmt_count(nc, sizeof nc, classic);
	if (a->opt.classic)
		snprintf(out, cap, "Classic verdicts: %s of %s endpoint%s flagged. Enter shows an endpoint's curve and sites.",
			nc, nn, s->n == 1 ? "" : "s");
	else if (leaks && (unexplained = grows_unexplained(s, a, &kb)) > 0) {
		/* the names are the leaks': right after "none to blame:" they
		 * read as the process nobody is blamed in, so that part goes in
		 * brackets and the names follow "Enter shows why", as below */
		ui_fmt_count(nu, sizeof nu, unexplained);
		snprintf(out, cap, "%s of %s endpoint%s leak%s (and %s more process%s heap grows with none to blame), "
			"Enter shows why: %s.", nl, nn, s->n == 1 ? "" : "s", leaks == 1 ? "s" : "", nu,
			unexplained == 1 ? "'s" : "es'", names.data);
	} else if (leaks)
		/* the names last: a narrow terminal cuts the end of the line */
		snprintf(out, cap, "%s of %s endpoint%s leak%s (the original tool flags %s), Enter shows why: %s.", nl,
			nn, s->n == 1 ? "" : "s", leaks == 1 ? "s" : "", nc, names.data);
	else if ((unexplained = grows_unexplained(s, a, &kb)) == 1)
		snprintf(out, cap, "No endpoint to blame, but the heap grows %+.2f KB/request (the original tool flags "
			"%s of %s).", kb, nc, nn);
	else if (unexplained > 1) {
		ui_fmt_count(nu, sizeof nu, unexplained);
		snprintf(out, cap, "No endpoint to blame, but %s processes' heaps grow (the original tool flags %s of %s).",
			nu, nc, nn);
	} else
		snprintf(out, cap, "No endpoint leaks by leakscope's verdicts (the original tool flags %s of %s).", nc,
			nn);
	ls_buf_done(&names);
}

const struct view_ops ui_view_endpoints = {
	.name = "Endpoints",
	.open = open_,
	.close = close_,
	.draw = draw,
	.key = key,
	.mouse = mouse,
	.changed = changed_,
	.selected = selected,
	.search = search,
	.summary = summary,
	.hints = "Enter open  / search  </> sort  r reverse  Space mark  e export  f/F filter  ? help  q quit",
	.screen = 1,
};
