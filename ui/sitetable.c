/* sitetable.c — see sitetable.h. */
#include <stddef.h>
#include "sitetable.h"
#include "vutil.h"
#include "detect.h"
#include "util.h"

#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* widths of the numeric columns, which their texts are fitted to */
enum { W_TOTAL = 9, W_MB = 8, W_RANGE = 13, W_GROWTH = 8, W_PCT = 8 };

static const struct ui_site_row *row_of(void *c, uint32_t r)
{
	struct ui_sitetable *st = c;
	return &st->g.v[r];
}

static double n_rank(void *c, uint32_t r)
{
	struct ui_sitetable *st = c;
	/* suspects on top by rank, then by growth */
	return st->rank[r] ? 1e12 - st->rank[r] : row_of(c, r)->growth;
}
static void t_rank(void *c, uint32_t r, char *o, size_t n)
{
	struct ui_sitetable *st = c;
	if (st->rank[r])
		snprintf(o, n, "#%u", st->rank[r]);
	else
		o[0] = 0;
}
static enum ui_role r_rank(void *c, uint32_t r) { (void)r; return ((struct ui_sitetable *)c)->rank[r] ? ROLE_LEAK : ROLE_NORMAL; }
static void t_loc(void *c, uint32_t r, char *o, size_t n)
{
	struct ui_sitetable *st = c;
	ui_site_name(st->a, st->proc, row_of(c, r)->site, o, n);
}
static double n_total(void *c, uint32_t r) { return row_of(c, r)->total; }
static void t_total(void *c, uint32_t r, char *o, size_t n)
{
	ui_fmt_mb(o, n, row_of(c, r)->total, W_TOTAL, ((struct ui_sitetable *)c)->dec_total);
}
static double n_max(void *c, uint32_t r) { return row_of(c, r)->max; }
static void t_max(void *c, uint32_t r, char *o, size_t n)
{
	ui_fmt_mb(o, n, row_of(c, r)->max, W_MB, ((struct ui_sitetable *)c)->dec_max);
}
static double n_avg(void *c, uint32_t r)
{
	const struct ui_site_row *x = row_of(c, r);
	return x->samples ? x->total / x->samples : 0;
}
static void t_avg(void *c, uint32_t r, char *o, size_t n)
{
	ui_fmt_mb(o, n, n_avg(c, r), W_MB, ((struct ui_sitetable *)c)->dec_avg);
}
static double n_samples(void *c, uint32_t r) { return row_of(c, r)->samples; }
static void t_samples(void *c, uint32_t r, char *o, size_t n) { ui_fmt_count(o, n, row_of(c, r)->samples); }
static double n_first(void *c, uint32_t r) { return row_of(c, r)->first; }
static void t_range(void *c, uint32_t r, char *o, size_t n)
{
	const struct ui_site_row *x = row_of(c, r);
	ui_fmt_range(o, n, x->first, x->last, 2, W_RANGE);
}
static double n_growth(void *c, uint32_t r) { return row_of(c, r)->growth; }
static void t_growth(void *c, uint32_t r, char *o, size_t n)
{
	ui_fmt_signed(o, n, row_of(c, r)->growth, 3, W_GROWTH);
}
static enum ui_role r_growth(void *c, uint32_t r) { return row_of(c, r)->growth > 0 ? ROLE_WARN : ROLE_NORMAL; }
static double n_pct(void *c, uint32_t r) { return row_of(c, r)->growth_pct; }
static void t_pct(void *c, uint32_t r, char *o, size_t n)
{
	ui_fmt_pct(o, n, row_of(c, r)->growth_pct, W_PCT);
}
static void t_trend(void *c, uint32_t r, char *o, size_t n) { snprintf(o, n, "%s", row_of(c, r)->trend); }
static enum ui_role r_trend(void *c, uint32_t r) { (void)c; (void)r; return ROLE_SPARK; }

enum { COL_RANK, COL_LOC, COL_TOTAL, COL_MAX, COL_AVG, COL_SAMPLES, COL_RANGE, COL_GROWTH, COL_PCT, COL_TREND };
static const struct ui_col cols[] = {
	[COL_RANK] = {.title = "Susp", .width = 5, .align = UI_LEFT, .text = t_rank, .num = n_rank, .role = r_rank},
	[COL_LOC] = {.title = "Location", .width = 0, .align = UI_TRUNC_LEFT, .text = t_loc, .flags = UI_COL_HILITE},
	[COL_TOTAL] = {.title = "Total MB", .width = W_TOTAL, .align = UI_RIGHT, .text = t_total, .num = n_total},
	[COL_MAX] = {.title = "Max MB", .width = W_MB, .align = UI_RIGHT, .text = t_max, .num = n_max, .hide = 2},
	[COL_AVG] = {.title = "Avg MB", .width = W_MB, .align = UI_RIGHT, .text = t_avg, .num = n_avg, .hide = 1},
	[COL_SAMPLES] = {.title = "Samples", .width = 7, .align = UI_RIGHT, .text = t_samples, .num = n_samples,
		.hide = 4},
	[COL_RANGE] = {.title = "First→Last", .width = W_RANGE, .align = UI_RIGHT, .text = t_range, .num = n_first,
		.hide = 3},
	[COL_GROWTH] = {.title = "Grow MB", .width = W_GROWTH, .align = UI_RIGHT, .text = t_growth, .num = n_growth,
		.role = r_growth},
	[COL_PCT] = {.title = "Grow%", .width = W_PCT, .align = UI_RIGHT, .text = t_pct, .num = n_pct},
	[COL_TREND] = {.title = "Trend", .width = UI_TREND_W, .align = UI_LEFT, .text = t_trend, .role = r_trend,
		.flags = UI_COL_NOSORT},
};

static bool keep(void *c, uint32_t r)
{
	struct ui_sitetable *st = c;
	const struct ls_intern *t = &st->a->model.proc[st->proc].sites;
	uint32_t s = st->g.v[r].site;
	return ls_filter_match(&st->a->filter, ls_intern_str(t, s), s < t->n ? t->len[s] : 0);
}

/* Remember which patterns the pass flags are for. */
static void note_patterns(struct ui_sitetable *st)
{
	const char *inc = ls_filter_pattern(&st->a->filter, LS_FILTER_INCLUDE);
	const char *exc = ls_filter_pattern(&st->a->filter, LS_FILTER_EXCLUDE);
	free(st->inc);
	free(st->exc);
	st->inc = inc ? ls_xstrdup(inc) : NULL;
	st->exc = exc ? ls_xstrdup(exc) : NULL;
}

static bool same_str(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static void memo_clear(struct ui_sitetable *st)
{
	for (unsigned i = 0; i < sizeof st->memo / sizeof st->memo[0]; i++) {
		free(st->memo[i].inc);
		free(st->memo[i].exc);
		free(st->memo[i].pass);
	}
	memset(st->memo, 0, sizeof st->memo);
	st->memo_next = 0;
}

/* The pass flags remembered for the current patterns, or NULL. */
static const uint8_t *memo_find(const struct ui_sitetable *st)
{
	for (unsigned i = 0; i < sizeof st->memo / sizeof st->memo[0]; i++) {
		const struct ui_sitememo *m = &st->memo[i];
		if (m->pass && same_str(m->inc, st->inc) && same_str(m->exc, st->exc))
			return m->pass;
	}
	return NULL;
}

static void memo_add(struct ui_sitetable *st, const uint8_t *pass, uint32_t n)
{
	struct ui_sitememo *m = &st->memo[st->memo_next++ % (sizeof st->memo / sizeof st->memo[0])];
	free(m->inc);
	free(m->exc);
	m->inc = st->inc ? ls_xstrdup(st->inc) : NULL;
	m->exc = st->exc ? ls_xstrdup(st->exc) : NULL;
	m->pass = ls_xreallocarray(m->pass, n ? n : 1, 1);
	memcpy(m->pass, pass, n);
}

/* memo_add, unless the filter ran out of time: those flags are not the
 * pattern's (ls_filter_set_deadline), and the pattern may be tried again
 * with more time. */
static void memo_remember(struct ui_sitetable *st, const uint8_t *pass, uint32_t n)
{
	if (!ls_filter_timed_out(&st->a->filter))
		memo_add(st, pass, n);
}

/* The filter over rows [from, to) with match data m (NULL: the filter's own). */
static void keep_range(struct ui_sitetable *st, struct ls_filter_md *m, uint8_t *pass, uint32_t from,
	uint32_t to, enum ui_refilter which)
{
	const struct ls_filter *f = &st->a->filter;
	for (uint32_t r = from; r < to; r++) {
		if (which != UI_REFILTER_ALL && (which == UI_REFILTER_PASSED) != (pass[r] != 0))
			continue;
		pass[r] = m ? ls_filter_match_md(f, m, st->loc[r], st->loc_len[r])
			: ls_filter_match(f, st->loc[r], st->loc_len[r]);
	}
}

/* Work shared with a helper thread: chunks of rows claimed one by one, so
 * that on a busy machine, when the helper does not get a core, the key
 * thread does everything itself instead of waiting for it. */
#define KEEP_CHUNK 4096u

struct keep_share {
	struct ui_sitetable *st;
	uint8_t *pass;
	uint32_t n, nchunks;
	enum ui_refilter which;
	atomic_uint next, done;
	atomic_int refs;            /* key thread + helper: the last one frees */
	struct ls_filter_md md;     /* the helper's match data */
};

static void run_chunks(struct keep_share *k, struct ls_filter_md *m)
{
	for (;;) {
		unsigned c = atomic_fetch_add(&k->next, 1u);
		if (c >= k->nchunks)
			break;
		uint32_t from = c * KEEP_CHUNK, to = from + KEEP_CHUNK < k->n ? from + KEEP_CHUNK : k->n;
		keep_range(k->st, m, k->pass, from, to, k->which);
		atomic_fetch_add(&k->done, 1u);
	}
}

static void release(struct keep_share *k)
{
	if (atomic_fetch_sub(&k->refs, 1) == 1) {
		ls_filter_md_done(&k->md);
		free(k);
	}
}

/* The helper may start after the work is done: it then claims nothing and
 * only lets go of the share. */
static void *helper(void *arg)
{
	struct keep_share *k = arg;
	run_chunks(k, &k->md);
	release(k);
	return NULL;
}

/* Every row at once, on two threads for big tables: a pattern typed
 * character by character runs over 100,000 sites on every key, and that
 * is the one per-key cost that must touch every row. */
static void keep_all(void *c, uint8_t *pass, uint32_t n, enum ui_refilter which)
{
	struct ui_sitetable *st = c;
	note_patterns(st);
	if (!ls_filter_active(&st->a->filter)) {
		memset(pass, 1, n);
		return;
	}
	const uint8_t *known = memo_find(st);
	if (known) {
		memcpy(pass, known, n);
		return;
	}
	struct keep_share *k = ls_xcalloc(1, sizeof *k);
	if (n < 20000 || ls_filter_md_init(&st->a->filter, &k->md) != 0) {
		free(k);
		keep_range(st, NULL, pass, 0, n, which);
		memo_remember(st, pass, n);
		return;
	}
	k->st = st;
	k->pass = pass;
	k->n = n;
	k->nchunks = (n + KEEP_CHUNK - 1) / KEEP_CHUNK;
	k->which = which;
	atomic_init(&k->next, 0u);
	atomic_init(&k->done, 0u);
	atomic_init(&k->refs, 2);
	pthread_t th;
	if (pthread_create(&th, NULL, helper, k) == 0)
		pthread_detach(th);
	else
		atomic_store(&k->refs, 1);
	run_chunks(k, NULL);
	/* chunks the helper claimed may still be running */
	while (atomic_load(&k->done) < k->nchunks)
		sched_yield();
	release(k);
	memo_remember(st, pass, n);
}

/* Rows are rebuilt in a new order on reload: a row is its site. */
static void row_key(void *c, uint32_t r, struct ls_buf *k)
{
	const struct ui_sitetable *st = c;
	ls_buf_add(k, &st->g.v[r].site, sizeof st->g.v[r].site);
}

static bool marked(void *c, uint32_t r)
{
	struct ui_sitetable *st = c;
	struct ls_finding f = {LS_FINDING_SITE, st->proc, st->g.v[r].site};
	return ui_app_marked(st->a, &f);
}

/* Suspect ranks: the endpoint's linked suspects (its verdict), or the
 * process-wide suspect ranking of the site trends. */
static void compute_ranks(struct ui_sitetable *st)
{
	free(st->rank);
	st->rank = ls_xcalloc(st->g.n ? st->g.n : 1, sizeof *st->rank);
	if (st->a->opt.classic)
		return;
	if (st->ep != UINT32_MAX) {
		const struct ls_verdict *v = ls_analysis_verdict(&st->a->an, st->proc, st->ep);
		if (!v)
			return;
		for (uint32_t k = 0; k < v->nsuspects; k++)
			for (uint32_t i = 0; i < st->g.n; i++)
				if (st->g.v[i].site == v->suspects[k].site)
					st->rank[i] = k + 1;
		return;
	}
	const struct ls_process_analysis *pa = ls_analysis_process(&st->a->an, st->proc);
	if (!pa)
		return;
	for (uint32_t i = 0; i < st->g.n; i++) {
		const struct ls_site_trend *tr = ls_sites_find(&pa->sites, st->g.v[i].site);
		if (tr && tr->suspect)
			st->rank[i] = tr->rank;
	}
}

/* What an empty table says: either there are no sites at all, or the
 * filter hides every one of them. Saying "no sites, or none passes the
 * filter" in both cases left the user to guess whether c would help. */
static void set_empty(struct ui_sitetable *st)
{
	if (!st->g.n)
		snprintf(st->empty, sizeof st->empty, "%s", st->ep == UINT32_MAX ?
			"no allocation sites: no record of this process lists top_consumers" :
			"no allocation sites: no record of this endpoint lists top_consumers");
	else {
		char n[32];
		ui_fmt_count(n, sizeof n, st->g.n);
		snprintf(st->empty, sizeof st->empty, "none of the %s site%s passes the filter (c clears it)", n,
			st->g.n == 1 ? "" : "s");
	}
	st->t.empty = st->empty;
}

/* One number of decimals per size column, for all its rows. */
static void size_decimals(struct ui_sitetable *st)
{
	double lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
	for (uint32_t r = 0; r < st->g.n; r++) {
		double v[3] = {row_of(st, r)->total, row_of(st, r)->max, n_avg(st, r)};
		for (int k = 0; k < 3; k++) {
			lo[k] = v[k] < lo[k] ? v[k] : lo[k];
			hi[k] = v[k] > hi[k] ? v[k] : hi[k];
		}
	}
	st->dec_total = ui_mb_decimals(lo[0], hi[0], W_TOTAL);
	st->dec_max = ui_mb_decimals(lo[1], hi[1], W_MB);
	st->dec_avg = ui_mb_decimals(lo[2], hi[2], W_MB);
}

static void build(struct ui_sitetable *st)
{
	memo_clear(st); /* new rows */
	ui_siteagg_done(&st->g);
	ui_siteagg_build(&st->g, &st->a->model.proc[st->proc], st->ep, st->a->ascii);
	const struct ls_intern *t = &st->a->model.proc[st->proc].sites;
	free(st->loc);
	free(st->loc_len);
	st->loc = ls_xreallocarray(NULL, st->g.n ? st->g.n : 1, sizeof *st->loc);
	st->loc_len = ls_xreallocarray(NULL, st->g.n ? st->g.n : 1, sizeof *st->loc_len);
	for (uint32_t r = 0; r < st->g.n; r++) {
		uint32_t s = st->g.v[r].site;
		st->loc[r] = ls_intern_str(t, s);
		st->loc_len[r] = s < t->n ? t->len[s] : 0;
	}
	compute_ranks(st);
	set_empty(st);
	size_decimals(st);
}

/* The column the rows are first sorted by (descending): suspects first,
 * or, with no suspects ranked, the biggest sites. */
static int first_order(const struct ui_sitetable *st)
{
	return st->c0 ? COL_TOTAL - st->c0 : COL_RANK;
}

void ui_sitetable_init(struct ui_sitetable *st, struct app *a, uint32_t proc, uint32_t ep)
{
	memset(st, 0, sizeof *st);
	st->a = a;
	st->proc = proc;
	st->ep = ep;
	/* with the original's verdicts throughout no site is ranked a
	 * suspect: no Susp column, and the original's order (Total MB) */
	st->c0 = a->opt.classic;
	ui_table_init(&st->t, cols + st->c0, (int)(sizeof cols / sizeof cols[0]) - st->c0, st);
	st->t.keep = keep;
	st->t.keep_all = keep_all;
	st->t.marked = marked;
	st->t.row_key = row_key;
	st->t.hl = &a->filter;
	st->t.search_col = COL_LOC - st->c0;
	st->t.sort_col = first_order(st);
	st->t.rev = true;
	build(st);
	ui_table_reset(&st->t, st->g.n);
}

void ui_sitetable_done(struct ui_sitetable *st)
{
	ui_table_done(&st->t);
	ui_siteagg_done(&st->g);
	free(st->rank);
	free(st->inc);
	free(st->exc);
	free(st->loc);
	free(st->loc_len);
	memo_clear(st);
}

bool ui_sitetable_site(const struct ui_sitetable *st, uint32_t *site)
{
	uint32_t r;
	if (!ui_table_selected(&st->t, &r))
		return false;
	*site = st->g.v[r].site;
	return true;
}

void ui_sitetable_choose(struct ui_sitetable *st)
{
	ui_table_choose(&st->t);
}

void ui_sitetable_reload(struct ui_sitetable *st)
{
	/* the table follows the selected site, and the site the user chose
	 * should a filter hide it now, to their new rows (row_key) */
	build(st);
	ui_table_reset(&st->t, st->g.n);
}

void ui_sitetable_rewind(struct ui_sitetable *st)
{
	struct ui_table *t = &st->t;
	t->sel = t->top = 0;
	t->has_sel_row = false;
	t->has_want_row = false;
	t->search[0] = 0;
	ui_table_sort(t, first_order(st), true);
}

void ui_sitetable_refilter(struct ui_sitetable *st)
{
	/* typing an include pattern, each character can only drop rows: only
	 * the rows still shown are matched again; typing an exclude pattern,
	 * it can only bring rows back: only the hidden ones are */
	const char *inc = ls_filter_pattern(&st->a->filter, LS_FILTER_INCLUDE);
	const char *exc = ls_filter_pattern(&st->a->filter, LS_FILTER_EXCLUDE);
	if (same_str(exc, st->exc) && ls_filter_narrows(st->inc, inc))
		ui_table_refilter_some(&st->t, UI_REFILTER_PASSED);
	else if (same_str(inc, st->inc) && ls_filter_narrows(st->exc, exc))
		ui_table_refilter_some(&st->t, UI_REFILTER_FAILED);
	else
		ui_table_refilter(&st->t);
}

unsigned ui_sitetable_drill(struct ui_sitetable *st)
{
	uint32_t site;
	if (!ui_sitetable_site(st, &site))
		return UI_HANDLED;
	struct ui_site_arg arg = {st->proc, site};
	ui_app_push(st->a, &ui_view_site, &arg);
	return UI_HANDLED | UI_REDRAW;
}

void ui_sitetable_counts(const struct ui_sitetable *st, uint32_t *shown, uint32_t *all)
{
	*shown = st->t.n;
	*all = st->g.n;
}
