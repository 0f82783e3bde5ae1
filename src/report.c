/* report.c — findings as text, markdown or JSON (see report.h).
 *
 * The text layout follows the original tool's report section by section
 * (summary, growth, verdict + recommendations, top consumers, growth by
 * location), then adds leakscope's own verdict and the warnings.
 */
#include "report.h"
#include "filter.h"
#include "source.h"
#include "explain.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ls_report_opts_init(struct ls_report_opts *o)
{
	memset(o, 0, sizeof *o);
	o->format = LS_REPORT_TEXT;
	o->top_n = 20;
	o->growth_n = 20;
}

/* ---- small writers ---- */

static void san(struct ls_buf *b, const char *s)
{
	ls_buf_add_sanitized(b, s, strlen(s));
}

/* JSON string: the text itself, for a script to match names against its
 * own. Quotes, backslashes and control characters (C0, DEL and C1) are JSON
 * escapes (an ESC in a name is \u001b, a classic message keeps its lines).
 * Only bytes that are not UTF-8, which a JSON string cannot hold, come out
 * as the text \xNN, as in the other formats (and a NUL, which the loader
 * kept as the text \x00: names are C strings). */
static void jstr(struct ls_buf *b, const char *s)
{
	ls_buf_add(b, "\"", 1);
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t l = ls_utf8_len(s + i, n - i, &cp);
		if (c == '"' || c == '\\')
			ls_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			ls_buf_puts(b, "\\n");
		else if (c == '\t')
			ls_buf_puts(b, "\\t");
		else if (c == '\r')
			ls_buf_puts(b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			ls_buf_printf(b, "\\u%04x", c);
		else if (l == 2 && cp >= 0x80 && cp <= 0x9f)
			/* C1 controls: U+009B is CSI to some terminals */
			ls_buf_printf(b, "\\u%04x", (unsigned)cp);
		else if (l)
			ls_buf_add(b, s + i, l);
		else
			ls_buf_printf(b, "\\\\x%02x", c);
		i += l ? l : 1;
	}
	ls_buf_add(b, "\"", 1);
}

static void jnum(struct ls_buf *b, double v)
{
	if (!isfinite(v))
		ls_buf_puts(b, "null");
	else if (v == 0)
		ls_buf_puts(b, "0");
	else
		ls_buf_printf(b, "%.6f", v);
}

/* ,"key":value pieces of a JSON object (every key after the first). */
static void jkn(struct ls_buf *b, const char *key, double v)
{
	ls_buf_printf(b, ",\"%s\":", key);
	jnum(b, v);
}

static void jkpair(struct ls_buf *b, const char *key, double lo, double hi)
{
	ls_buf_printf(b, ",\"%s\":[", key);
	jnum(b, lo);
	ls_buf_puts(b, ",");
	jnum(b, hi);
	ls_buf_puts(b, "]");
}

/* Probabilities span hundreds of orders of magnitude: significant digits. */
static void jprob(struct ls_buf *b, double v)
{
	if (!isfinite(v))
		ls_buf_puts(b, "null");
	else
		ls_buf_printf(b, "%.6g", v);
}

static void jkp(struct ls_buf *b, const char *key, double v)
{
	ls_buf_printf(b, ",\"%s\":", key);
	jprob(b, v);
}

/* A Markdown code span around s: the fence is one backtick longer than the
 * longest run inside, padded with a space each side when s starts or ends
 * with a backtick, or starts and ends with a space (CommonMark strips one
 * space each side) unless it is all spaces (which CommonMark keeps as they
 * are: padded, a name of one space showed three). An empty s is one space
 * ("``" is no code span at all). In a table cell a bare '|'
 * would end the cell, so there it is escaped (GFM reads "\\|" in a span as
 * '|'); elsewhere a backslash in a span is literal. */
static void mdcode(struct ls_buf *b, const char *s, bool cell)
{
	char *clean = ls_sanitize(s);
	size_t longest = 0, run = 0, n = strlen(clean);
	for (const char *p = clean; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	if (!n) {
		ls_buf_puts(b, "` `");
		free(clean);
		return;
	}
	bool spaces = strspn(clean, " ") == n;
	bool pad = !spaces && (clean[0] == '`' || clean[n - 1] == '`' || (clean[0] == ' ' && clean[n - 1] == ' '));
	for (size_t i = 0; i <= longest; i++)
		ls_buf_add(b, "`", 1);
	if (pad)
		ls_buf_add(b, " ", 1);
	for (const char *p = clean; *p; p++) {
		if (cell && *p == '|')
			ls_buf_puts(b, "\\|");
		else
			ls_buf_add(b, p, 1);
	}
	if (pad)
		ls_buf_add(b, " ", 1);
	for (size_t i = 0; i <= longest; i++)
		ls_buf_add(b, "`", 1);
	free(clean);
}

/* A file, site or process name: a code span in Markdown, plain otherwise. */
static void put_name(struct ls_buf *b, const char *s, bool md)
{
	if (md)
		mdcode(b, s, false);
	else
		san(b, s);
}

/* Markdown prose: a site like "<frozen abc>:123" must not read as an HTML
 * tag, nor a path's underscores as emphasis. */
static void mdtext(struct ls_buf *b, const char *s)
{
	char *clean = ls_sanitize(s);
	for (const char *p = clean; *p; p++) {
		if (strchr("\\`*_<>[]|#", *p))
			ls_buf_add(b, "\\", 1);
		ls_buf_add(b, p, 1);
	}
	free(clean);
}

/* Does any record carry a memory value? (The original averages none as 0.) */
static bool has_memory(const struct ls_endpoint *ep)
{
	for (uint32_t i = 0; i < ep->n; i++)
		if (ls_endpoint_has_heap(ep, i))
			return true;
	return false;
}

static bool site_visible(const struct ls_report_opts *o, const struct ls_process *p, uint32_t site)
{
	if (!o->filter)
		return true;
	const char *s = ls_intern_str(&p->sites, site);
	return ls_filter_match(o->filter, s, strlen(s));
}

static const char *rule_name(const struct ls_classic_result *c)
{
	switch (c->status) {
	case LS_CLASSIC_NO_PROFILES: return "NO_PROFILES";
	case LS_CLASSIC_NO_MEMORY: return "NO_MEMORY";
	case LS_CLASSIC_TOO_FEW: return "TOO_FEW";
	case LS_CLASSIC_OK: break;
	}
	return c->leak ? "LEAK" : "OK";
}

/* ---- per-endpoint sections ---- */

struct ctx {
	struct ls_buf *b;
	struct ls_analysis *a;
	const struct ls_report_opts *o;
	uint32_t p, ep;
};

/* Kept records the memory analysis cannot use, counted (each format line
 * takes the count; only printed when there are any): said, not silent. */
static void add_unusable(struct ls_buf *b, const struct ls_endpoint *ep, bool markdown)
{
	uint32_t off = ls_endpoint_count_flag(ep, LS_REQ_TRACKING_OFF);
	uint32_t snap = ls_endpoint_count_flag(ep, LS_REQ_CONSUMERS_ERROR);
	if (off && markdown)
		ls_buf_printf(b, "| Tracemalloc off (records left out) | %u |\n", off);
	else if (off)
		ls_buf_printf(b, "  Tracemalloc off: %u record%s (no memory value; left out of the memory analysis)\n",
			off, off == 1 ? "" : "s");
	if (snap && markdown)
		ls_buf_printf(b, "| Snapshots failed (top_consumers_error) | %u |\n", snap);
	else if (snap)
		ls_buf_printf(b, "  Snapshots failed: %u detailed record%s (top_consumers_error; no sites from them)\n",
			snap, snap == 1 ? "" : "s");
}

static void text_summary(struct ctx *c, const struct ls_classic_result *r)
{
	struct ls_buf *b = c->b;
	const struct ls_endpoint *ep = &c->a->m->proc[c->p].ep[c->ep];
	ls_buf_puts(b, "Summary\n");
	ls_buf_printf(b, "  Requests:        %u\n", r->requests);
	ls_buf_printf(b, "  Errors:          %u (%.2f%%)\n", r->errors, r->error_rate_pct);
	/* the original's precision: latency .6f, memory .3f, error rate .2f */
	if (ep->format == LS_FMT_SNAPSHOT)
		ls_buf_puts(b, "  Latency:         none recorded (memory-test batches)\n");
	else if (!ls_endpoint_count_flag(ep, LS_REQ_HAS_LATENCY))
		ls_buf_puts(b, "  Latency:         none recorded\n");
	else
		ls_buf_printf(b, "  Latency:         avg %.6f s, min %.6f s, max %.6f s\n", r->avg_latency,
			r->min_latency, r->max_latency);
	if (has_memory(ep))
		ls_buf_printf(b, "  Average memory:  %.3f MB\n", r->avg_memory);
	else
		ls_buf_puts(b, "  Average memory:  none recorded\n");
	add_unusable(b, ep, false);
	ls_buf_printf(b, "  Format:          %s\n", ep->format == LS_FMT_SNAPSHOT ? "memory-test batches" : "endpoint profile");
	ls_buf_puts(b, "\n");
}

static void text_growth_verdict(struct ctx *c, const struct ls_classic_result *r)
{
	struct ls_buf *b = c->b;
	ls_buf_puts(b, "Memory growth (classic)\n");
	if (r->status != LS_CLASSIC_OK) {
		ls_buf_puts(b, "  ");
		san(b, r->message ? r->message : "");
		ls_buf_puts(b, "\n\n");
		return;
	}
	ls_buf_printf(b, "  Samples:         %zu\n", r->nsamples);
	ls_buf_printf(b, "  Initial average: %.3f MB\n", r->initial_avg);
	ls_buf_printf(b, "  Final average:   %.3f MB\n", r->final_avg);
	ls_buf_printf(b, "  Growth:          %.3f MB (%.1f%%)\n", r->growth_mb, r->growth_percent);
	ls_buf_printf(b, "  Noise:           CV %.1f%%%s\n", r->cv_percent,
		r->noisy ? " (measurements too noisy)" : "");
	ls_buf_puts(b, "\n");
	ls_buf_printf(b, "Verdict (classic): %s\n", r->leak ? "LEAK DETECTED" : "no leak");
	/* the message may span lines (spike list): indent each */
	const char *m = r->message ? r->message : "";
	while (*m) {
		const char *nl = strchr(m, '\n');
		size_t n = nl ? (size_t)(nl - m) : strlen(m);
		ls_buf_puts(b, "  ");
		ls_buf_add_sanitized(b, m, n);
		ls_buf_puts(b, "\n");
		m += n + (nl ? 1 : 0);
	}
	const char *const *rec = ls_classic_recommendations(r);
	if (rec && *rec) {
		ls_buf_puts(b, "  Recommendations:\n");
		for (; *rec; rec++)
			ls_buf_printf(b, "    - %s\n", *rec);
	}
	ls_buf_puts(b, "\n");
}

/* p as the explanations print it (ls_fmt_p), without its "= ": the same
 * test read "p = 0.996" there and "p 1" here. */
static void fmt_p(char *out, size_t n, double p)
{
	char t[32];
	ls_fmt_p(t, sizeof t, p);
	snprintf(out, n, "%s", !strncmp(t, "p = ", 4) ? t + 4 : !strcmp(t, "p n/a") ? "n/a" : t + 2);
}

/* v with d decimals (signed: "+1.25"), where one that rounds to zero is
 * "0.00": no "-0.00" and no "+0.00" next to an interval. */
static void fixed(char out[32], double v, int d, bool sign)
{
	if (isfinite(v) && fabs(v) < 0.5 * pow(10, -d))
		v = 0;
	snprintf(out, 32, sign && v != 0 ? "%+.*f" : "%.*f", d, v);
}

/* leakscope's own verdict with its evidence. */
static void text_verdict(struct ctx *c, bool md)
{
	struct ls_buf *b = c->b;
	const struct ls_process *p = &c->a->m->proc[c->p];
	const struct ls_verdict *v = ls_analysis_verdict(c->a, c->p, c->ep);
	char pv[32];
	ls_buf_printf(b, md ? "### Verdict (leakscope): **%s**\n\n" : "Verdict (leakscope): %s\n", ls_verdict_name(v->kind));
	ls_buf_puts(b, md ? "" : "  ");
	(md ? mdtext : san)(b, v->explanation ? v->explanation : "");
	ls_buf_puts(b, md ? "\n\n" : "\n");
	const char *ind = md ? "- " : "  ";
	char f[5][32];
	if (v->steady_n >= 2 && isfinite(v->slope_kb_per_request)) {
		fmt_p(pv, sizeof pv, v->p_value);
		fixed(f[0], v->slope_kb_per_request, 2, true);
		fixed(f[1], v->ci95[0], 2, false);
		fixed(f[2], v->ci95[1], 2, false);
		fixed(f[3], v->mb_per_10k, 1, true);
		ls_buf_printf(b, "%sSteady state: %s KB/request (95%% CI %s to %s), p %s, R² %.2f over %u samples; "
				 "%s MB per 10,000 requests\n", ind, f[0], f[1], f[2], pv, v->r2, v->steady_n, f[3]);
		fmt_p(pv, sizeof pv, v->mk_p);
		fixed(f[0], v->theil_sen_kb_per_request, 2, true);
		fixed(f[1], v->mk_z, 2, false);
		/* a heap of 0 MB throughout has no CV (stats: NaN), not "nan%" */
		if (isfinite(v->cv_pct))
			snprintf(f[2], sizeof f[2], "%.1f%%", v->cv_pct);
		else
			snprintf(f[2], sizeof f[2], "n/a");
		ls_buf_printf(b, "%sRobust: Theil–Sen %s KB/request, Mann–Kendall z %s (p %s), CV %s\n", ind, f[0], f[1],
			pv, f[2]);
	}
	/* the fit's own warm-up, or (a WARMUP from a site that filled and
	 * levelled off) the endpoint's requests until then, which the steady
	 * state line above still covers */
	if (v->warmup_requests > 0 && v->fit.warmup_n > 0)
		ls_buf_printf(b, "%sWarm-up set aside: %lld requests\n", ind, (long long)v->warmup_requests);
	else if (v->warmup_requests > 0)
		ls_buf_printf(b, "%sWarm-up: its first %lld requests, while the site filled (not set aside from the fit)\n",
			ind, (long long)v->warmup_requests);
	if (v->attributed) {
		fmt_p(pv, sizeof pv, v->attributed_p);
		fixed(f[0], v->attributed_kb_per_request, 2, true);
		fixed(f[1], v->attributed_ci95[0], 2, false);
		fixed(f[2], v->attributed_ci95[1], 2, false);
		ls_buf_printf(b, "%sAttributed to this endpoint: %s KB per request (95%% CI %s to %s, p %s)", ind, f[0], f[1],
			f[2], pv);
		if (isfinite(v->attributed_kb_per_error)) {
			fixed(f[4], v->attributed_kb_per_error, 1, true);
			ls_buf_printf(b, ", %s KB per error", f[4]);
		}
		ls_buf_puts(b, "\n");
	}
	double kept = ls_verdict_retained_kb(v);
	if (isfinite(kept)) {
		/* the figure the explorer's KB/req column shows: the site's
		 * exact growth may decide where the heap's share cannot */
		fixed(f[0], kept, 2, true);
		ls_buf_printf(b, "%sRetained: %s KB per request (%s)\n", ind, f[0],
			v->kind == LS_VERDICT_LEAK ? "the figure the verdict leads with" :
			"by its requests besides the errors' retention");
	}
	for (uint32_t i = 0; i < v->nsuspects; i++) {
		const struct ls_suspect *s = &v->suspects[i];
		if (i == 0)
			ls_buf_printf(b, "%sSuspect sites:\n", ind);
		fmt_p(pv, sizeof pv, s->p_value);
		ls_buf_printf(b, md ? "  %u. " : "    %u. ", i + 1);
		put_name(b, ls_intern_str(&p->sites, s->site), md);
		if (s->appeared)
			ls_buf_printf(b, md ? " entered the top consumers at an error of this endpoint, %.3f MB\n" :
				"  entered the top consumers at an error of this endpoint, %.3f MB\n", s->appeared_mb);
		else if (!isfinite(s->slope_mb_per_1k))
			ls_buf_puts(b, md ? " (no trend: no request numbers to measure it against)\n" :
				"  (no trend: no request numbers to measure it against)\n");
		else
			ls_buf_printf(b, md ? " %+.3f MB per 1,000 requests (p %s)\n" :
				"  %+.3f MB per 1,000 requests (p %s)\n", s->slope_mb_per_1k, pv);
	}
	ls_buf_puts(b, "\n");
}

/* A table's count: "(6 of 6)", the original's, while no site filter hides
 * a row; then of all its rows, and how many pass ("(0 of 7 ..." beside
 * "none of the 7 sites passes" read "(0 of 0)" before). */
static void table_count(struct ls_buf *b, const char *title, uint32_t shown, uint32_t visible, uint32_t n,
	bool md)
{
	ls_buf_printf(b, md ? "### %s (%u of %u" : "%s (%u of %u", title, shown, n);
	if (visible < n)
		ls_buf_printf(b, "; %u pass%s the site filters", visible, visible == 1 ? "es" : "");
	ls_buf_puts(b, md ? ")\n\n" : ")\n");
}

/* "(none of the 12 sites passes the site filters)": a table the filters
 * emptied */
static void filtered_out(struct ls_buf *b, uint32_t n, bool md)
{
	if (n == 1)
		ls_buf_puts(b, md ? "_Its one site does not pass the site filters._\n\n"
				  : "  (its one site does not pass the site filters)\n\n");
	else
		ls_buf_printf(b, md ? "_None of the %u sites passes the site filters._\n\n"
				    : "  (none of the %u sites passes the site filters)\n\n", n);
}

static void text_consumers(struct ctx *c, bool md)
{
	struct ls_buf *b = c->b;
	const struct ls_process *p = &c->a->m->proc[c->p];
	uint32_t n;
	const struct ls_consumer_row *rows = ls_analysis_consumers(c->a, c->p, c->ep, &n);
	uint32_t shown = 0, visible = 0;
	for (uint32_t i = 0; i < n; i++)
		visible += site_visible(c->o, p, rows[i].site);
	table_count(b, "Top memory consumers", visible < c->o->top_n ? visible : c->o->top_n, visible, n, md);
	if (!visible) {
		if (n)
			filtered_out(b, n, md);
		else
			ls_buf_puts(b, md ? "_No consumer data (no detailed snapshots)._\n\n" : "  (no consumer data)\n\n");
		return;
	}
	if (!c->o->top_n) {
		ls_buf_puts(b, md ? "_Not listed (`--top 0`)._\n\n" : "  (not listed: --top 0)\n\n");
		return;
	}
	ls_buf_puts(b, md ? "| Rank | Total (MB) | Max (MB) | Avg (MB) | Samples | Location |\n|---:|---:|---:|---:|---:|---|\n"
			  : "  Rank  Total (MB)    Max (MB)    Avg (MB)  Samples  Location\n");
	for (uint32_t i = 0; i < n && shown < c->o->top_n; i++) {
		const struct ls_consumer_row *r = &rows[i];
		if (!site_visible(c->o, p, r->site))
			continue;
		shown++;
		if (md) {
			ls_buf_printf(b, "| %u | %.3f | %.3f | %.3f | %u | ", shown, r->total_mb, r->max_mb, r->avg_mb,
				r->samples);
			mdcode(b, ls_intern_str(&p->sites, r->site), true);
			ls_buf_puts(b, " |\n");
		} else {
			ls_buf_printf(b, "  %4u  %10.3f  %10.3f  %10.3f  %7u  ", shown, r->total_mb, r->max_mb, r->avg_mb,
				r->samples);
			san(b, ls_intern_str(&p->sites, r->site));
			ls_buf_puts(b, "\n");
		}
	}
	ls_buf_puts(b, "\n");
}

static void text_growth_by_location(struct ctx *c, bool md)
{
	struct ls_buf *b = c->b;
	const struct ls_process *p = &c->a->m->proc[c->p];
	uint32_t n, visible = 0, shown = 0;
	const struct ls_growth_row *rows = ls_analysis_growth(c->a, c->p, c->ep, &n);
	for (uint32_t i = 0; i < n; i++)
		visible += site_visible(c->o, p, rows[i].site);
	table_count(b, "Memory growth by location", visible < c->o->growth_n ? visible : c->o->growth_n, visible, n,
		md);
	if (!visible) {
		if (n)
			filtered_out(b, n, md);
		else
			ls_buf_puts(b, md ? "_No location seen in two or more records._\n\n"
					  : "  (no location seen in two or more records)\n\n");
		return;
	}
	if (!c->o->growth_n) {
		ls_buf_puts(b, md ? "_Not listed (`--growth 0`)._\n\n" : "  (not listed: --growth 0)\n\n");
		return;
	}
	/* (min and max, as the original computes: not first and last, which
	 * the growth is, so the header says which) */
	ls_buf_puts(b, md ? "| Rank | Growth (MB) | Growth % | Min → max (MB) | Samples | Location |\n|---:|---:|---:|---|---:|---|\n"
			  : "  Rank  Growth (MB)  Growth %   Min → max (MB)          Samples  Location\n");
	for (uint32_t i = 0; i < n && shown < c->o->growth_n; i++) {
		const struct ls_growth_row *r = &rows[i];
		if (!site_visible(c->o, p, r->site))
			continue;
		shown++;
		char range[64];
		snprintf(range, sizeof range, "%.3f → %.3f", r->min_mb, r->max_mb);
		if (md) {
			ls_buf_printf(b, "| %u | %+.3f | %+.1f%% | %s | %u | ", shown, r->growth_mb, r->growth_percent, range,
				r->samples);
			mdcode(b, ls_intern_str(&p->sites, r->site), true);
			ls_buf_puts(b, " |\n");
		} else {
			ls_buf_printf(b, "  %4u  %+11.3f  %+7.1f%%   %-22s  %7u  ", shown, r->growth_mb, r->growth_percent,
				range, r->samples);
			san(b, ls_intern_str(&p->sites, r->site));
			ls_buf_puts(b, "\n");
		}
	}
	ls_buf_puts(b, "\n");
}

static void text_leaking_sources(struct ctx *c, bool md)
{
	struct ls_buf *b = c->b;
	const struct ls_process *p = &c->a->m->proc[c->p];
	uint32_t n;
	const struct ls_leaking_source *rows = ls_analysis_leaking_sources(c->a, c->p, c->ep, &n);
	ls_buf_puts(b, md ? "### Leaking sources\n\n" : "Leaking sources\n");
	uint32_t shown = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct ls_leaking_source *r = &rows[i];
		if (!site_visible(c->o, p, r->site))
			continue;
		if (!shown++ && md)
			ls_buf_puts(b, "| Growth (MB) | Growth % | First → last (MB) | Samples | Location |\n|---:|---:|---|---:|---|\n");
		if (md) {
			ls_buf_printf(b, "| %+.3f | %+.1f%% | %.3f → %.3f | %u | ", r->growth_mb, r->growth_percent,
				r->first_mb, r->last_mb, r->samples);
			mdcode(b, ls_intern_str(&p->sites, r->site), true);
			ls_buf_puts(b, " |\n");
		} else {
			ls_buf_printf(b, "  %+.3f MB (%+.1f%%)  %.3f → %.3f MB  %u samples  ", r->growth_mb, r->growth_percent,
				r->first_mb, r->last_mb, r->samples);
			san(b, ls_intern_str(&p->sites, r->site));
			ls_buf_puts(b, "\n");
		}
	}
	if (shown) {
		ls_buf_puts(b, "\n");
	} else if (n) {
		filtered_out(b, n, md);
	} else if (!ls_endpoint_has_batches(&p->ep[c->ep])) {
		/* (the original orders the sizes by batch, and skips a record without one) */
		ls_buf_puts(b, md ? "_None found: no record carries a batch number, which orders the sizes._\n\n"
				  : "  none found: no record carries a batch number, which orders the sizes\n\n");
	} else {
		ls_buf_puts(b, md ? "_None: no location grew by 0.1 MB and 50 % over three or more batches._\n\n"
				  : "  none: no location grew by 0.1 MB and 50 % over three or more batches\n\n");
	}
}

static void md_summary(struct ctx *c, const struct ls_classic_result *r)
{
	struct ls_buf *b = c->b;
	ls_buf_puts(b, "| Metric | Value |\n|---|---:|\n");
	ls_buf_printf(b, "| Requests | %u |\n| Errors | %u (%.2f%%) |\n", r->requests, r->errors, r->error_rate_pct);
	if (c->a->m->proc[c->p].ep[c->ep].format == LS_FMT_SNAPSHOT)
		ls_buf_puts(b, "| Latency avg / min / max (s) | none recorded (memory-test batches) |\n");
	else if (!ls_endpoint_count_flag(&c->a->m->proc[c->p].ep[c->ep], LS_REQ_HAS_LATENCY))
		ls_buf_puts(b, "| Latency avg / min / max (s) | none recorded |\n");
	else
		ls_buf_printf(b, "| Latency avg / min / max (s) | %.6f / %.6f / %.6f |\n", r->avg_latency,
			r->min_latency, r->max_latency);
	if (has_memory(&c->a->m->proc[c->p].ep[c->ep]))
		ls_buf_printf(b, "| Average memory (MB) | %.3f |\n", r->avg_memory);
	else
		ls_buf_puts(b, "| Average memory (MB) | none recorded |\n");
	add_unusable(b, &c->a->m->proc[c->p].ep[c->ep], true);
	if (r->status == LS_CLASSIC_OK) {
		ls_buf_printf(b, "| Initial average (MB) | %.3f |\n| Final average (MB) | %.3f |\n", r->initial_avg,
			r->final_avg);
		ls_buf_printf(b, "| Growth | %.3f MB (%.1f%%) |\n| CV | %.1f%% |\n", r->growth_mb, r->growth_percent,
			r->cv_percent);
	}
	ls_buf_printf(b, "| Classic verdict | %s |\n\n", r->status == LS_CLASSIC_OK ? (r->leak ? "**LEAK**" : "no leak")
									   : rule_name(r));
	/* the message's lines as one quote, then the recommendations */
	for (const char *m = r->message ? r->message : ""; *m;) {
		size_t n = strcspn(m, "\n");
		char *line = ls_xstrndup(m, n);
		ls_buf_puts(b, n ? "> " : ">");
		mdtext(b, line);
		ls_buf_puts(b, n ? "  \n" : "\n"); /* a hard break: the lines are a list */
		free(line);
		m += n + (m[n] == '\n');
	}
	ls_buf_puts(b, "\n");
	const char *const *rec = ls_classic_recommendations(r);
	if (rec && *rec) {
		ls_buf_puts(b, "Recommendations:\n\n");
		for (; *rec; rec++) {
			ls_buf_puts(b, "- ");
			mdtext(b, *rec);
			ls_buf_puts(b, "\n");
		}
		ls_buf_puts(b, "\n");
	}
}

static void endpoint_text(struct ctx *c, bool md)
{
	struct ls_buf *b = c->b;
	const struct ls_endpoint *ep = &c->a->m->proc[c->p].ep[c->ep];
	const struct ls_classic_result *r = ls_analysis_classic(c->a, c->p, c->ep);
	if (md) {
		ls_buf_puts(b, "## Endpoint ");
		mdcode(b, ep->name, false);
		ls_buf_puts(b, "\n\nFile: ");
		mdcode(b, ep->file, false);
		ls_buf_puts(b, "\n\n");
		md_summary(c, r);
	} else {
		ls_buf_puts(b, "================================================================================\n");
		ls_buf_puts(b, "Endpoint: ");
		san(b, ep->name);
		ls_buf_puts(b, "\nFile:     ");
		san(b, ep->file);
		ls_buf_puts(b, "\n================================================================================\n");
		text_summary(c, r);
		text_growth_verdict(c, r);
	}
	text_verdict(c, md);
	text_consumers(c, md);
	if (ep->format == LS_FMT_SNAPSHOT)
		text_leaking_sources(c, md);
	else
		text_growth_by_location(c, md);
}

/* ---- JSON ---- */

/* Opens the i-th object of a site table: {"location":"PATH:LINE" */
static void jsite(struct ls_buf *b, uint32_t i, const struct ls_process *p, uint32_t site)
{
	ls_buf_puts(b, i ? ",{\"location\":" : "{\"location\":");
	jstr(b, ls_intern_str(&p->sites, site));
}

static void json_verdict(struct ctx *c)
{
	struct ls_buf *b = c->b;
	const struct ls_process *p = &c->a->m->proc[c->p];
	const struct ls_verdict *v = ls_analysis_verdict(c->a, c->p, c->ep);
	ls_buf_printf(b, ",\"verdict\":\"%s\",\"explanation\":", ls_verdict_name(v->kind));
	jstr(b, v->explanation ? v->explanation : "");
	jkn(b, "slope_kb_per_request", v->slope_kb_per_request);
	jkpair(b, "slope_ci95", v->ci95[0], v->ci95[1]);
	jkp(b, "p_value", v->p_value);
	jkn(b, "r2", v->r2);
	jkn(b, "theil_sen_kb_per_request", v->theil_sen_kb_per_request);
	jkn(b, "mann_kendall_z", v->mk_z);
	jkp(b, "mann_kendall_p", v->mk_p);
	jkn(b, "mb_per_10k_requests", v->mb_per_10k);
	bool at = v->attributed;
	jkn(b, "attributed_kb_per_request", at ? v->attributed_kb_per_request : NAN);
	jkpair(b, "attributed_ci95", at ? v->attributed_ci95[0] : NAN, at ? v->attributed_ci95[1] : NAN);
	jkn(b, "attributed_kb_per_error", at ? v->attributed_kb_per_error : NAN);
	jkn(b, "retained_kb_per_request", ls_verdict_retained_kb(v));
	ls_buf_printf(b, ",\"warmup_requests\":%lld,\"steady_samples\":%u,\"suspect_sites\":[",
		(long long)v->warmup_requests, v->steady_n);
	for (uint32_t i = 0; i < v->nsuspects; i++) {
		jsite(b, i, p, v->suspects[i].site);
		jkn(b, "slope_mb_per_1k", v->suspects[i].slope_mb_per_1k);
		jkp(b, "p_value", v->suspects[i].p_value);
		ls_buf_puts(b, "}");
	}
	ls_buf_puts(b, "]");
}

static void json_endpoint(struct ctx *c)
{
	struct ls_buf *b = c->b;
	const struct ls_process *p = &c->a->m->proc[c->p];
	const struct ls_endpoint *ep = &p->ep[c->ep];
	const struct ls_classic_result *r = ls_analysis_classic(c->a, c->p, c->ep);
	ls_buf_puts(b, "{\"endpoint\":");
	jstr(b, ep->name);
	ls_buf_puts(b, ",\"file\":");
	jstr(b, ep->file);
	ls_buf_printf(b, ",\"format\":\"%s\",\"requests\":%u,\"errors\":%u",
		ep->format == LS_FMT_SNAPSHOT ? "memory-test" : "endpoint-profile", ep->n, ep->nerrors);
	/* what was never measured is null, not a measured 0: memory-test
	 * batches record no latency, tracemalloc may have been off throughout */
	bool lat = ep->format != LS_FMT_SNAPSHOT && ls_endpoint_count_flag(ep, LS_REQ_HAS_LATENCY) > 0;
	bool mem = has_memory(ep);
	ls_buf_puts(b, ",\"summary\":{\"avg_latency\":");
	jnum(b, lat ? r->avg_latency : NAN);
	jkn(b, "min_latency", lat ? r->min_latency : NAN);
	jkn(b, "max_latency", lat ? r->max_latency : NAN);
	jkn(b, "avg_memory_mb", mem ? r->avg_memory : NAN);
	jkn(b, "error_rate_percent", r->error_rate_pct);
	ls_buf_printf(b, ",\"tracking_off_records\":%u,\"snapshot_errors\":%u",
		ls_endpoint_count_flag(ep, LS_REQ_TRACKING_OFF), ls_endpoint_count_flag(ep, LS_REQ_CONSUMERS_ERROR));
	ls_buf_puts(b, "},\"classic\":{\"status\":");
	jstr(b, rule_name(r));
	bool grown = r->status == LS_CLASSIC_OK;   /* else the growth was never computed */
	jkn(b, "initial_avg", grown ? r->initial_avg : NAN);
	jkn(b, "final_avg", grown ? r->final_avg : NAN);
	jkn(b, "growth_mb", grown ? r->growth_mb : NAN);
	jkn(b, "growth_percent", grown ? r->growth_percent : NAN);
	ls_buf_printf(b, ",\"leak\":%s,\"message\":", r->leak ? "true" : "false");
	jstr(b, r->message ? r->message : "");
	ls_buf_puts(b, ",\"recommendations\":[");
	const char *const *rec = ls_classic_recommendations(r);
	for (size_t i = 0; rec && rec[i]; i++) {
		if (i)
			ls_buf_puts(b, ",");
		jstr(b, rec[i]);
	}
	ls_buf_puts(b, "]");
	jkn(b, "cv_percent", grown ? r->cv_percent : NAN);
	ls_buf_puts(b, "}");
	json_verdict(c);
	ls_buf_puts(b, ",\"top_consumers\":[");
	uint32_t n, shown = 0;
	const struct ls_consumer_row *cr = ls_analysis_consumers(c->a, c->p, c->ep, &n);
	for (uint32_t i = 0; i < n && shown < c->o->top_n; i++) {
		if (!site_visible(c->o, p, cr[i].site))
			continue;
		jsite(b, shown++, p, cr[i].site);
		jkn(b, "total_mb", cr[i].total_mb);
		jkn(b, "max_mb", cr[i].max_mb);
		jkn(b, "avg_mb", cr[i].avg_mb);
		ls_buf_printf(b, ",\"samples\":%u}", cr[i].samples);
	}
	ls_buf_puts(b, "],\"growth_by_location\":[");
	const struct ls_growth_row *gr = ls_analysis_growth(c->a, c->p, c->ep, &n);
	shown = 0;
	for (uint32_t i = 0; i < n && shown < c->o->growth_n; i++) {
		if (!site_visible(c->o, p, gr[i].site))
			continue;
		jsite(b, shown++, p, gr[i].site);
		jkn(b, "growth_mb", gr[i].growth_mb);
		jkn(b, "growth_percent", gr[i].growth_percent);
		jkn(b, "min_mb", gr[i].min_mb);
		jkn(b, "max_mb", gr[i].max_mb);
		ls_buf_printf(b, ",\"samples\":%u}", gr[i].samples);
	}
	ls_buf_puts(b, "]");
	if (ep->format == LS_FMT_SNAPSHOT) {
		ls_buf_puts(b, ",\"leaking_sources\":[");
		const struct ls_leaking_source *ls = ls_analysis_leaking_sources(c->a, c->p, c->ep, &n);
		shown = 0;
		for (uint32_t i = 0; i < n; i++) {
			if (!site_visible(c->o, p, ls[i].site))
				continue;
			jsite(b, shown++, p, ls[i].site);
			jkn(b, "growth_mb", ls[i].growth_mb);
			jkn(b, "growth_percent", ls[i].growth_percent);
			jkn(b, "first_mb", ls[i].first_mb);
			jkn(b, "last_mb", ls[i].last_mb);
			ls_buf_printf(b, ",\"samples\":%u}", ls[i].samples);
		}
		ls_buf_puts(b, "]");
	}
	ls_buf_puts(b, "}");
}

static void json_warnings(struct ls_buf *b, const struct ls_warnings *w)
{
	ls_buf_puts(b, "\"warnings\":[");
	for (size_t i = 0; i < w->n; i++) {
		ls_buf_puts(b, i ? ",\n{\"file\":" : "\n{\"file\":");
		jstr(b, w->v[i].file);
		if (w->v[i].offset == LS_NO_OFFSET)
			ls_buf_puts(b, ",\"offset\":null");
		else
			ls_buf_printf(b, ",\"offset\":%llu", (unsigned long long)w->v[i].offset);
		ls_buf_puts(b, ",\"message\":");
		jstr(b, w->v[i].message);
		ls_buf_puts(b, "}");
	}
	ls_buf_puts(b, "]");
}

static void text_warnings(struct ls_buf *b, const struct ls_warnings *w, bool md)
{
	uint64_t total = ls_warnings_total(w);
	if (total == w->n)
		ls_buf_printf(b, md ? "## Warnings (%zu)\n\n" : "Warnings (%zu)\n", w->n);
	else /* some rows sum up many */
		ls_buf_printf(b, md ? "## Warnings (%llu, %zu listed)\n\n" : "Warnings (%llu, %zu listed)\n",
			(unsigned long long)total, w->n);
	if (!w->n)
		ls_buf_puts(b, md ? "None: every record was read.\n" : "  none: every record was read\n");
	for (size_t i = 0; i < w->n; i++) {
		ls_buf_puts(b, md ? "- " : "  ");
		put_name(b, w->v[i].file, md);
		if (w->v[i].offset != LS_NO_OFFSET)
			ls_buf_printf(b, ": byte %llu", (unsigned long long)w->v[i].offset);
		ls_buf_puts(b, ": ");
		(md ? mdtext : san)(b, w->v[i].message);
		ls_buf_puts(b, "\n");
	}
}

/* "7 endpoint files, 4,200 requests, 24 distinct allocation sites" */
static void process_counts(struct ls_buf *b, const struct ls_process *p, uint64_t req)
{
	char r[32], n[32];
	uint32_t sites = ls_intern_count(&p->sites);
	ls_fmt_count(r, sizeof r, (int64_t)req);
	ls_fmt_count(n, sizeof n, sites);
	ls_buf_printf(b, "%u endpoint file%s, %s request%s, %s distinct allocation site%s", p->nep, p->nep == 1 ? "" : "s",
		r, req == 1 ? "" : "s", n, sites == 1 ? "" : "s");
}

/* The process, and what its heap does as a whole (heap_summary.h): the
 * line to read first when no endpoint can be blamed. */
static void text_process_header(struct ls_buf *b, struct ls_analysis *a, uint32_t pi, bool md)
{
	const struct ls_process *p = &a->m->proc[pi];
	const struct ls_heap_summary *h = &ls_analysis_process(a, pi)->heap;
	uint64_t req = ls_process_requests(p);
	if (md) {
		ls_buf_puts(b, "# Process ");
		mdcode(b, p->path, false);
		ls_buf_puts(b, "\n\n");
		process_counts(b, p, req);
		ls_buf_puts(b, ".\n\n");
		if (h->text) {
			ls_buf_puts(b, "**Heap:** ");
			mdtext(b, h->text);
			ls_buf_puts(b, "\n\n");
		}
	} else {
		ls_buf_puts(b, "Process: ");
		san(b, p->path);
		ls_buf_puts(b, "\n  ");
		process_counts(b, p, req);
		ls_buf_puts(b, "\n");
		if (h->text) {
			ls_buf_puts(b, "  Heap: ");
			san(b, h->text);
			ls_buf_puts(b, "\n");
		}
		ls_buf_puts(b, "\n");
	}
}

static void json_heap(struct ls_buf *b, const struct ls_heap_summary *h)
{
	if (!h->valid) {
		ls_buf_puts(b, ",\"heap\":{\"fitted\":false,\"summary\":");
		jstr(b, h->text ? h->text : "");
		ls_buf_puts(b, "}");
		return;
	}
	ls_buf_puts(b, ",\"heap\":{\"fitted\":true,\"kb_per_request\":");
	jnum(b, h->kb_per_request);
	jkpair(b, "ci95", h->ci95[0], h->ci95[1]);
	jkp(b, "p_value", h->p_value);
	jkn(b, "mb_per_10k_requests", h->mb_per_10k);
	ls_buf_printf(b, ",\"first_request\":%lld,\"last_request\":%lld,\"warmup_requests\":%lld",
		(long long)h->first_req, (long long)h->last_req, (long long)h->warmup_requests);
	ls_buf_printf(b, ",\"grows\":%s,\"leaking_endpoints\":%u,\"unrecorded\":%s,\"unexplained\":%s",
		h->grows ? "true" : "false", h->nleaks, h->unrecorded ? "true" : "false",
		h->unexplained ? "true" : "false");
	jkn(b, "rise_mb", h->rise_mb);
	jkn(b, "leakers_hold_mb", h->leakers_hold_mb);
	jkn(b, "unheld_mb", h->unheld_mb);
	ls_buf_printf(b, ",\"top_k\":%u", h->top_k);
	jkn(b, "smallest_listed_mb", h->smallest_listed_mb);
	ls_buf_puts(b, ",\"summary\":");
	jstr(b, h->text ? h->text : "");
	ls_buf_puts(b, "}");
}

/* "Active site filters: include /x/ exclude /y/" (or "none", when `always`) */
static void add_filters(struct ls_buf *out, const struct ls_report_opts *o, bool always)
{
	if (!ls_filter_active(o->filter)) {
		if (always)
			ls_buf_puts(out, "Active site filters: none\n\n");
		return;
	}
	const char *re[2] = {ls_filter_pattern(o->filter, LS_FILTER_INCLUDE),
		ls_filter_pattern(o->filter, LS_FILTER_EXCLUDE)};
	ls_buf_puts(out, "Active site filters:");
	for (int k = 0; k < 2; k++) {
		if (!re[k])
			continue;
		ls_buf_puts(out, k ? " exclude " : " include ");
		/* in Markdown a code span: _x_ or *x* in a pattern is no emphasis */
		char *slashed = ls_xasprintf("/%s/", re[k]);
		put_name(out, slashed, o->format == LS_REPORT_MARKDOWN);
		free(slashed);
	}
	ls_buf_puts(out, " (the site tables list only what passes)\n\n");
}

/* ,"site_filters":{"include":RE|null,"exclude":RE|null} */
static void json_filters(struct ls_buf *out, const struct ls_report_opts *o)
{
	const char *re[2] = {NULL, NULL};
	if (ls_filter_active(o->filter)) {
		re[0] = ls_filter_pattern(o->filter, LS_FILTER_INCLUDE);
		re[1] = ls_filter_pattern(o->filter, LS_FILTER_EXCLUDE);
	}
	for (int k = 0; k < 2; k++) {
		ls_buf_puts(out, k ? ",\"exclude\":" : ",\"site_filters\":{\"include\":");
		if (re[k])
			jstr(out, re[k]);
		else
			ls_buf_puts(out, "null");
	}
	ls_buf_printf(out, ",\"gave_up\":%lu}", o->filter ? ls_filter_gave_up(o->filter) : 0ul);
}

/* Site names the filters could not decide (pcre2's match limit): they
 * count as not matching, and the report says so (it was said on stderr
 * only, where a CI log or an export never has it). */
static void text_gave_up(struct ls_buf *out, const struct ls_report_opts *o)
{
	unsigned long n = o->filter ? ls_filter_gave_up(o->filter) : 0;
	if (n)
		ls_buf_printf(out, "Site filters: pcre2 gave up matching site names %lu time%s (more than %d steps: the "
			"pattern backtracks too much); they count as not matching\n\n", n, n == 1 ? "" : "s",
			LS_FILTER_MATCH_LIMIT);
}

static bool is_leak(struct ls_analysis *a, uint32_t p, uint32_t e, bool classic)
{
	return classic ? ls_analysis_classic(a, p, e)->leak : ls_verdict_is_leak(ls_analysis_verdict(a, p, e)->kind);
}

bool ls_report_any_leak(struct ls_analysis *a, bool classic)
{
	return ls_report_leaks(NULL, a, classic, 0) > 0;
}

uint32_t ls_report_leaks(struct ls_buf *b, struct ls_analysis *a, bool classic, uint32_t max_names)
{
	uint32_t n = 0;
	for (uint32_t p = 0; p < a->m->nproc; p++) {
		const struct ls_process *pr = &a->m->proc[p];
		for (uint32_t e = 0; e < pr->nep; e++) {
			if (!is_leak(a, p, e, classic))
				continue;
			if (b && n < max_names) {
				ls_buf_puts(b, n ? ", " : "");
				san(b, pr->ep[e].name ? pr->ep[e].name : "?");
				ls_buf_puts(b, " (");
				san(b, pr->ep[e].file);
				ls_buf_puts(b, ")");
			} else if (b && n == max_names) {
				ls_buf_puts(b, ", ...");
			}
			n++;
		}
	}
	return n;
}

/* The last lines, where a CI log is read: how many endpoints leak, and
 * which (leakscope's verdicts; the original's count beside them). */
static void text_result(struct ls_buf *b, struct ls_analysis *a, bool md)
{
	const struct ls_model *m = a->m;
	uint32_t nep = 0, n = 0, procs = 0, classic = 0;
	for (uint32_t p = 0; p < m->nproc; p++) {
		uint32_t here = 0;
		for (uint32_t e = 0; e < m->proc[p].nep; e++) {
			here += is_leak(a, p, e, false);
			classic += is_leak(a, p, e, true);
		}
		nep += m->proc[p].nep;
		n += here;
		procs += here > 0;
	}
	ls_buf_puts(b, md ? "\n## Result\n\n" : "\nResult: ");
	ls_buf_puts(b, "by leakscope's verdicts, ");
	if (n)
		ls_buf_printf(b, "%u of %u endpoint%s leak%s, in %u of %u process%s (the original tool flags %u):\n", n,
			nep, nep == 1 ? "" : "s", n == 1 ? "s" : "", procs, m->nproc, m->nproc == 1 ? "" : "es", classic);
	else
		ls_buf_printf(b, "no endpoint leaks (%u endpoint%s, %u process%s; the original tool flags %u).\n", nep,
			nep == 1 ? "" : "s", m->nproc, m->nproc == 1 ? "" : "es", classic);
	for (uint32_t p = 0; p < m->nproc; p++) {
		const struct ls_process *pr = &m->proc[p];
		for (uint32_t e = 0; e < pr->nep; e++) {
			if (!is_leak(a, p, e, false))
				continue;
			ls_buf_printf(b, md ? "- %s " : "  %-15s  ", ls_verdict_name(ls_analysis_verdict(a, p, e)->kind));
			put_name(b, pr->ep[e].name ? pr->ep[e].name : "?", md);
			ls_buf_puts(b, "  (");
			put_name(b, pr->ep[e].file, md);
			ls_buf_puts(b, ")\n");
		}
		/* what the verdicts leave out of the heap: a CI log that stops
		 * at the leaks above would read the process as explained */
		const struct ls_heap_summary *h = &ls_analysis_process(a, p)->heap;
		if (!isfinite(h->unheld_mb) && !h->unexplained)
			continue;
		ls_buf_puts(b, md ? "- heap of " : "  heap of ");
		put_name(b, pr->path, md);
		if (h->unexplained) {
			ls_buf_puts(b, ": grows with no endpoint to blame (see its Heap line)\n");
		} else {
			char rest[32], rise[32];
			ls_fmt_num(rest, sizeof rest, h->unheld_mb);
			ls_fmt_num(rise, sizeof rise, h->rise_mb);
			ls_buf_printf(b, ": %s MB of its %s MB rise in none of the leaking endpoints' sites (see its Heap "
				"line)\n", rest, rise);
		}
	}
}

void ls_report_model(struct ls_buf *out, struct ls_analysis *a, const struct ls_report_opts *o)
{
	const struct ls_model *m = a->m;
	bool json = o->format == LS_REPORT_JSON, md = o->format == LS_REPORT_MARKDOWN;
	if (json)
		ls_buf_puts(out, "{\"processes\":[");
	else
		add_filters(out, o, false);
	for (uint32_t p = 0; p < m->nproc; p++) {
		const struct ls_process *pr = &m->proc[p];
		if (json) {
			ls_buf_puts(out, p ? ",{\"path\":" : "{\"path\":");
			jstr(out, pr->path);
			json_heap(out, &ls_analysis_process(a, p)->heap);
			ls_buf_puts(out, ",\"endpoints\":[");
		} else {
			text_process_header(out, a, p, md);
		}
		for (uint32_t e = 0; e < pr->nep; e++) {
			struct ctx c = {out, a, o, p, e};
			if (json) {
				/* one endpoint per line: diffable, still one JSON document */
				ls_buf_puts(out, e ? ",\n" : "\n");
				json_endpoint(&c);
			} else {
				endpoint_text(&c, md);
			}
		}
		if (json)
			ls_buf_puts(out, "]}");
	}
	if (json) {
		/* problems, counting those a "N more ... not listed" entry sums up */
		ls_buf_puts(out, "]");
		json_filters(out, o);
		ls_buf_printf(out, ",\"warnings_total\":%llu,", (unsigned long long)ls_warnings_total(&m->warnings));
		json_warnings(out, &m->warnings);
		ls_buf_puts(out, "}\n");
	} else {
		text_gave_up(out, o);
		text_warnings(out, &m->warnings, md);
		text_result(out, a, md);
	}
}

/* How many of the endpoint's consumer samples are of the site; their sum
 * and largest size (MB) to *total and *max when not NULL. */
static uint32_t records_showing(const struct ls_endpoint *ep, uint32_t site, double *total, double *max)
{
	uint32_t seen = 0;
	double t = 0, m = 0;
	for (uint32_t k = 0; k < ep->ncons; k++)
		if (ep->cons_site[k] == site) {
			seen++;
			t += ep->cons_mb[k];
			m = ep->cons_mb[k] > m ? ep->cons_mb[k] : m;
		}
	if (total)
		*total = t;
	if (max)
		*max = m;
	return seen;
}

/* Does finding f rest on endpoint e's file: an endpoint's verdict on
 * every file of its process (the heap they share is weighed across all of
 * them: its own file alone gives another verdict), a site on those whose
 * records hold some of its samples. */
static bool finding_uses(const struct ls_process *p, const struct ls_finding *f, uint32_t e)
{
	if (f->kind == LS_FINDING_ENDPOINT)
		return true;
	return records_showing(&p->ep[e], f->id, NULL, NULL) != 0;
}

/* The profile files the findings come from, in the findings' order, each
 * once: an endpoint's those of its process, a site's the files whose
 * records list it (so that a sites-only export names its evidence as an
 * endpoint's does). */
static void source_files(struct ls_buf *out, struct ls_analysis *a, const struct ls_finding *f, size_t n, bool md)
{
	/* (profiles, not source code: the site's own lines are with it) */
	ls_buf_puts(out, md ? "## Profile files read\n\n" : "Profile files read\n");
	/* listed[first[proc] + e]: endpoint e's file is out already (asking an
	 * earlier finding again would scan every consumer sample once more) */
	const struct ls_model *m = a->m;
	size_t *first = ls_xcalloc(m->nproc + 1, sizeof *first);
	for (uint32_t q = 0; q < m->nproc; q++)
		first[q + 1] = first[q] + m->proc[q].nep;
	bool *listed = ls_xcalloc(first[m->nproc] ? first[m->nproc] : 1, sizeof *listed);
	size_t named = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ls_process *p = &m->proc[f[i].proc];
		for (uint32_t e = 0; e < p->nep; e++) {
			bool *done = &listed[first[f[i].proc] + e];
			if (*done || !finding_uses(p, &f[i], e))
				continue;
			*done = true;
			named++;
			ls_buf_puts(out, "  ");
			san(out, p->ep[e].file);
			ls_buf_puts(out, "\n");
		}
	}
	if (!named)
		ls_buf_puts(out, "  none: no loaded record lists these sites any more\n");
	free(listed);
	free(first);
	ls_buf_puts(out, "\n");
}

/* The lines around a site, as the site screen shows them (where the file
 * is on this machine, or under LEAKSCOPE_SOURCE_PATH), or why there are
 * none; nothing for a location that names no line ("unknown"). */
#define EXPORT_SOURCE_LINES 7
static void site_source(struct ls_buf *b, const char *location, bool md)
{
	struct ls_source src;
	ls_source_init(&src);
	if (ls_source_read(&src, location, EXPORT_SOURCE_LINES, 0) == 0) {
		ls_buf_puts(b, "  Source ");
		san(b, src.path);
		ls_buf_puts(b, md ? ":\n\n" : ":\n");
		/* (the lines come sanitized, tabs expanded) */
		for (uint32_t k = 0; k < src.n; k++)
			ls_buf_printf(b, "%s%s %6u  %s\n", md ? "    " : "  ", src.lines[k].hit ? ">" : " ",
				src.lines[k].no, src.lines[k].text);
	} else if (src.status != LS_SOURCE_NO_LOCATION) {
		ls_buf_printf(b, "  Source: %s\n", src.message);
	}
	ls_source_done(&src);
}

static void finding_site(struct ls_buf *b, struct ls_analysis *a, const struct ls_finding *f, bool md)
{
	const struct ls_process *p = &a->m->proc[f->proc];
	uint32_t n;
	const struct ls_consumer_row *rows = ls_analysis_consumers(a, f->proc, UINT32_MAX, &n);
	ls_buf_puts(b, md ? "## Site " : "Site: ");
	put_name(b, ls_intern_str(&p->sites, f->id), md);
	ls_buf_puts(b, md ? "\n\nProcess: " : "\n  Process: ");
	put_name(b, p->path, md);
	ls_buf_puts(b, md ? "\n\n" : "\n");
	for (uint32_t i = 0; i < n; i++) {
		if (rows[i].site != f->id)
			continue;
		ls_buf_printf(b, "  In all the process's records: total %.3f MB, max %.3f MB, avg %.3f MB over %u "
			"samples (rank %u of %u by total)\n", rows[i].total_mb, rows[i].max_mb, rows[i].avg_mb,
			rows[i].samples, i + 1, n);
	}
	const struct ls_site_trend *tr = ls_sites_find(&ls_analysis_process(a, f->proc)->sites, f->id);
	if (tr && tr->first_req != tr->last_req)
		ls_buf_printf(b, "  First %.3f MB, last %.3f MB: %+.3f MB\n", tr->first_mb, tr->last_mb,
			tr->last_mb - tr->first_mb);
	/* its trend, as the site screen shows it */
	ls_buf_puts(b, "  ");
	ls_site_trend_text(b, p, &ls_analysis_process(a, f->proc)->sites, f->id);
	ls_buf_puts(b, "\n");
	/* which endpoints' records show it, with its sizes there (what an
	 * endpoint screen's site table shows: a site marked there) */
	for (uint32_t e = 0; e < p->nep; e++) {
		const struct ls_endpoint *ep = &p->ep[e];
		double total, max;
		uint32_t seen = records_showing(ep, f->id, &total, &max);
		if (!seen)
			continue;
		ls_buf_puts(b, "  Seen in records of ");
		san(b, ep->name);
		ls_buf_printf(b, ": %u (total %.3f MB, max %.3f MB)\n", seen, total, max);
	}
	site_source(b, ls_intern_str(&p->sites, f->id), md);
	ls_buf_puts(b, "\n");
}

void ls_report_findings(struct ls_buf *out, struct ls_analysis *a, const struct ls_finding *f, size_t n,
	const struct ls_report_opts *o)
{
	bool md = o->format == LS_REPORT_MARKDOWN;
	ls_buf_printf(out, md ? "# leakscope findings (%zu)\n\n" : "leakscope findings (%zu)\n\n", n);
	add_filters(out, o, true);
	for (size_t i = 0; i < n; i++) {
		if (f[i].kind == LS_FINDING_ENDPOINT) {
			struct ctx c = {out, a, o, f[i].proc, f[i].id};
			endpoint_text(&c, md);
		} else {
			finding_site(out, a, &f[i], md);
		}
	}
	source_files(out, a, f, n, md);
	text_warnings(out, &a->m->warnings, md);
}

bool ls_model_reads_file(const struct ls_model *m, const char *path)
{
	struct stat out, in;
	if (stat(path, &out) != 0)
		return false;
	for (uint32_t p = 0; p < m->nproc; p++)
		for (uint32_t e = 0; e < m->proc[p].nep; e++)
			if (stat(m->proc[p].ep[e].file, &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
				return true;
	/* and the inputs that gave no endpoint (empty while the profiler
	 * rewrites them, cut before a record, not JSON): each has a warning */
	for (size_t i = 0; i < m->warnings.n; i++)
		if (m->warnings.v[i].file && stat(m->warnings.v[i].file, &in) == 0 && in.st_dev == out.st_dev &&
		    in.st_ino == out.st_ino)
			return true;
	return false;
}

/* All of data to fd; 0, or an errno (ENOSPC for a write of nothing). */
static int write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : ENOSPC;
		done += (size_t)w;
	}
	return 0;
}

/* Into what is not a regular file (a terminal, /dev/stdout, a pipe):
 * written straight through, as a shell's > would; a rename would put a
 * file in the device's place. */
static int write_through(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	int e = write_all(fd, data, len);
	if (e) {
		snprintf(err, errlen, "%s: write failed: %s", path, strerror(e));
		close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen);

int ls_write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		/* replace what the link points to, not the link */
		char *real = realpath(path, NULL);
		if (!real) {
			snprintf(err, errlen, "%s: cannot resolve the link: %s", path, strerror(errno));
			return -1;
		}
		int rc = ls_write_file_atomic(real, data, len, err, errlen);
		free(real);
		return rc;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: a symbolic link to nothing", path);
		return -1;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		return -1;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_through(path, data, len, err, errlen);
	return write_atomic(path, data, len, err, errlen);
}

static int write_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	char *tmp = ls_xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		/* (the temporary file is ours: name the directory it failed in) */
		int e = errno;
		const char *slash = strrchr(path, '/');
		char *dir = slash ? ls_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : ls_xstrdup(".");
		char *shown = ls_sanitize(dir);
		/* ENOENT also comes from a directory that exists but takes no
		 * new files (/proc, /sys): "no such directory" would be wrong */
		struct stat ds;
		bool is_dir = stat(dir, &ds) == 0 && S_ISDIR(ds.st_mode);
		snprintf(err, errlen, "%s: cannot create a file in %s: %s", path, shown,
			e != ENOENT ? strerror(e) : is_dir ? "that file system takes no new files" : "no such directory");
		free(shown);
		free(dir);
		free(tmp);
		return -1;
	}
	int e = write_all(fd, data, len);
	if (e) {
		snprintf(err, errlen, "%s: write failed: %s", path, strerror(e));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	/* mkstemp creates 0600; an export is an ordinary user file, and one
	 * that replaces a file keeps that file's mode (a 0600 report of a
	 * private service stays private) */
	struct stat old;
	if (stat(path, &old) == 0 && S_ISREG(old.st_mode)) {
		fchmod(fd, old.st_mode & 07777);
	} else {
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot rename into place: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
