/* classic.c — the original tool's growth metrics and leak verdict, quirks kept
 * (docs/seed-analysis.md). Every formula keeps the original's operation order
 * (e.g. growth / initial * 100, not growth * 100 / initial) and every mean is
 * Python's statistics.mean (exact sum, one rounding; see xsum.h), so the
 * numbers match to the last bit, not just to 3 decimals.
 *
 * Where leakscope knowingly differs from the original (all on inputs the
 * original mishandles or never sees):
 * - k == 0 (fewer than W + 3 samples): the original dies in mean([]); we
 *   return LS_CLASSIC_TOO_FEW with "too few samples: ...".
 * - memory-test records carry current_mb at the top level; the loader puts
 *   it in the same column, so they get a verdict (the original's endpoint
 *   analysis finds "No memory data" in them).
 * - locations are the loader's normalized sites (ls_normalize_location);
 *   leaking sources therefore also count a PATH:LINE entry in a memory-test
 *   file, which the original's traceback regex skips (real files never
 *   mix the forms), and a record with batch 0 counts as having no batch.
 * - summary averages are plain sums in file order, like sum() before
 *   Python 3.12; 3.12's compensated sum() can differ in the last bit.
 * tests/classic_parity.sh checks everything else against a reference. */
#include "classic.h"
#include "classic_priv.h"
#include "util.h"
#include "xsum.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct ls_classic_config ls_classic_defaults = {
	.window = 3,
	.growth_threshold_pct = 25.0,
	.stabilization_mb = 0.05,
	.near_zero_mb = 0.01,
	.spike_pct = 50.0,
	.spike_stable_pct = 5.0,
	.batches_after_spike = 2,
	.noise_cv_pct = 40.0,
};

/* ---- Python-like number formatting ---- */

/* repr(float) as Python prints it: the shortest digits that read back to
 * the same double, fixed notation for 1e-4 <= |x| < 1e16 with at least one
 * decimal ("25.0"), scientific otherwise ("1e-05", "1.5e+16"). Used where
 * the original interpolates a float without a format spec. */
static void py_repr(double x, char *out, size_t cap)
{
	if (isnan(x)) {
		snprintf(out, cap, "nan");
		return;
	}
	if (isinf(x)) {
		snprintf(out, cap, x < 0 ? "-inf" : "inf");
		return;
	}
	if (x == 0) {
		snprintf(out, cap, signbit(x) ? "-0.0" : "0.0");
		return;
	}
	char e[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(e, sizeof e, "%.*e", p - 1, x);
		if (strtod(e, NULL) == x)
			break;
	}
	/* e = [-]d[.ddd]e[+-]XX: split into sign, digits, exponent */
	const char *q = e;
	bool neg = *q == '-';
	if (neg)
		q++;
	char digits[24];
	size_t nd = 0;
	for (; *q && *q != 'e'; q++)
		if (*q != '.')
			digits[nd++] = *q;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	int exp = atoi(q + 1);
	struct ls_buf b;
	ls_buf_init(&b);
	if (neg)
		ls_buf_puts(&b, "-");
	if (exp >= -4 && exp < 16) {
		if (exp < 0) {
			ls_buf_puts(&b, "0.");
			for (int i = -1; i > exp; i--)
				ls_buf_puts(&b, "0");
			ls_buf_puts(&b, digits);
		} else {
			for (int i = 0; i <= exp; i++)
				ls_buf_add(&b, i < (int)nd ? &digits[i] : "0", 1);
			ls_buf_puts(&b, ".");
			if ((int)nd > exp + 1)
				ls_buf_puts(&b, digits + exp + 1);
			else
				ls_buf_puts(&b, "0");
		}
	} else {
		ls_buf_add(&b, digits, 1);
		if (nd > 1) {
			ls_buf_puts(&b, ".");
			ls_buf_puts(&b, digits + 1);
		}
		ls_buf_printf(&b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	}
	snprintf(out, cap, "%s", b.data);
	ls_buf_done(&b);
}

/* An error count as the original prints it: an int (the endpoint analysis
 * only ever has 0/1; memory tests have per-batch counts). */
static void fmt_count(double v, char *out, size_t cap)
{
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, cap, "%.0f", v);
	else
		py_repr(v, out, cap);
}

/* ---- rule a: error-induced spikes ---- */

static void find_spikes(const double *s, const double *e, size_t n, const struct ls_classic_config *c,
	struct ls_classic_result *r)
{
	size_t m = c->batches_after_spike < 1 ? 1 : (size_t)c->batches_after_spike;
	size_t cap = 0;
	if (!e || n < 2)
		return;
	for (size_t i = 1; i < n; i++) {
		double prev = s[i - 1], cur = s[i];
		if (prev < c->near_zero_mb)
			continue; /* too small for a meaningful percentage */
		double pct = ((cur - prev) / prev) * 100;
		if (!(pct >= c->spike_pct && e[i] > 0))
			continue;
		struct ls_classic_spike sp = {
			.index = i, .row = (uint32_t)i, .prev_mb = prev, .cur_mb = cur, .pct = pct, .errors = e[i],
		};
		size_t after = n - (i + 1);
		if (after < m) {
			sp.insufficient = true;
			sp.stabilized = true;
			sp.after_avg = NAN;
		} else {
			bool stable = true;
			double maxv = 0, sum = 0;
			for (size_t j = i + 1; j < i + 1 + m; j++) {
				double v = fabs((s[j] - cur) / cur * 100);
				if (v > maxv)
					maxv = v;
				if (v > c->spike_stable_pct)
					stable = false;
				sum += s[j]; /* the original: sum(next) / len(next), a plain sum */
			}
			sp.stabilized = stable;
			sp.max_variation = maxv;
			sp.after_avg = sum / (double)m;
		}
		ls_grow(&r->spikes, &cap, r->nspikes + 1, sizeof *r->spikes);
		r->spikes[r->nspikes++] = sp;
	}
}

/* The original's message: the stabilized spikes, then (only when there are
 * some) a note listing the spikes that kept growing. */
static char *spike_message(const double *s, size_t n, const struct ls_classic_result *r,
	const struct ls_classic_config *c)
{
	size_t m = c->batches_after_spike < 1 ? 1 : (size_t)c->batches_after_spike;
	struct ls_buf b;
	char cnt[40];
	ls_buf_init(&b);
	ls_buf_puts(&b, "ERROR-INDUCED MEMORY LEAK DETECTED\n\n"
			"Memory spikes occurred in batch(es) with errors and did not fully recover:\n");
	bool first = true;
	for (size_t k = 0; k < r->nspikes; k++) {
		const struct ls_classic_spike *sp = &r->spikes[k];
		if (!sp->stabilized)
			continue;
		fmt_count(sp->errors, cnt, sizeof cnt);
		ls_buf_printf(&b, "%s  \u2022 Batch %zu: %.2f MB \u2192 %.2f MB (+%.1f%%) with %s error(s)", first ? "" : "\n",
			sp->index + 1, sp->prev_mb, sp->cur_mb, sp->pct, cnt);
		if (sp->insufficient)
			ls_buf_puts(&b, " (insufficient batches after spike to confirm stabilization)");
		else
			ls_buf_printf(&b, " \u2192 stabilized at %.2f MB", sp->after_avg);
		first = false;
	}
	ls_buf_puts(&b, "\n\nThis indicates that error handling is not properly releasing resources.\n"
			"Check error paths for unreleased connections, buffers, or cached data.");
	bool any_unstable = false;
	for (size_t k = 0; k < r->nspikes; k++)
		any_unstable |= !r->spikes[k].stabilized;
	if (any_unstable) {
		ls_buf_puts(&b, "\n\nNOTE: Additional error spikes detected but memory did NOT stabilize:\n");
		first = true;
		for (size_t k = 0; k < r->nspikes; k++) {
			const struct ls_classic_spike *sp = &r->spikes[k];
			if (sp->stabilized)
				continue;
			fmt_count(sp->errors, cnt, sizeof cnt);
			ls_buf_printf(&b, "%s  \u2022 Batch %zu: %.2f MB \u2192 %.2f MB (+%.1f%%) with %s error(s)\n    Next batches: ",
				first ? "" : "\n", sp->index + 1, sp->prev_mb, sp->cur_mb, sp->pct, cnt);
			/* the original shows next_batches[:3]; it holds m values */
			size_t shown = m < 3 ? m : 3;
			for (size_t j = 0; j < shown && sp->index + 1 + j < n; j++)
				ls_buf_printf(&b, "%s%.2f", j ? ", " : "", s[sp->index + 1 + j]);
			ls_buf_printf(&b, " MB (variation %.1f%%, did NOT stabilize)", sp->max_variation);
			first = false;
		}
		ls_buf_puts(&b, "\n\nThese spikes show continued growth after the error, suggesting a continuous\n"
				"memory leak pattern rather than error-induced stabilization.");
	}
	return b.data;
}

/* ---- the kernel ---- */

static void set_noise(const double *s, size_t n, const struct ls_classic_config *c, struct ls_classic_result *r)
{
	if (n <= 1)
		return; /* the original skips the check */
	double sd = ls_xstdev(s, n), mean = ls_xmean(s, n);
	r->cv_percent = mean > 0 ? sd / mean * 100 : 0;
	r->noisy = r->cv_percent > c->noise_cv_pct;
	if (r->noisy)
		r->noise_message = ls_xasprintf("Memory measurements too noisy (CV=%.1f%%) - test environment unstable",
			r->cv_percent);
}

/* Rule d: each of the last `tail` samples rises more than the tolerance over
 * the one before. Python's s[-0:] is the whole list; kept (only reachable
 * with a non-default window). */
static bool continuous_growth(const double *s, size_t n, size_t tail, double tol)
{
	size_t t = tail == 0 || tail > n ? n : tail;
	if (t < 2)
		return false;
	for (size_t i = n - t; i + 1 < n; i++)
		if (!(s[i + 1] - s[i] > tol))
			return false;
	return true;
}

static void verdict(const double *s, const double *e, size_t n, const struct ls_classic_config *c,
	struct ls_classic_result *r)
{
	/* a. error-induced leak */
	find_spikes(s, e, n, c, r);
	for (size_t k = 0; k < r->nspikes; k++)
		if (r->spikes[k].stabilized) {
			r->leak = true;
			r->rule = LS_RULE_ERROR_SPIKE;
			r->message = spike_message(s, n, r, c);
			break;
		}
	/* c's percent, reported even when an earlier rule fires */
	double g = r->growth_mb, init = r->initial_avg;
	if (init > c->near_zero_mb)
		r->decision_percent = g / init * 100;
	else if (g > c->near_zero_mb)
		r->decision_percent = g / c->near_zero_mb * 100;
	else
		r->decision_percent = 0;
	if (r->rule)
		return;
	/* b. near zero */
	if (r->initial_avg < c->near_zero_mb && r->final_avg < c->near_zero_mb) {
		r->rule = LS_RULE_NEAR_ZERO;
		r->message = ls_xstrdup("Memory measurements near zero \u2014 tracemalloc tracking not sufficient for "
					"this workload");
		return;
	}
	/* c. growth above the threshold */
	if (r->decision_percent > c->growth_threshold_pct) {
		char thr[40];
		py_repr(c->growth_threshold_pct, thr, sizeof thr);
		r->leak = true;
		r->rule = LS_RULE_GROWTH_PCT;
		r->message = ls_xasprintf("Memory grew by %.1f%% (>%s%% threshold) \u2014 possible leak",
			r->decision_percent, thr);
		return;
	}
	/* d. continuous growth at the end */
	if (continuous_growth(s, n, r->tail, c->stabilization_mb)) {
		r->leak = true;
		r->rule = LS_RULE_CONTINUOUS;
		r->message = ls_xstrdup("Continuous memory growth in final batches \u2014 possible leak");
		return;
	}
	/* e. */
	r->rule = LS_RULE_STABLE;
	r->message = ls_xstrdup("Memory stabilized \u2014 no leak detected");
}

size_t ls_classic_rolling(const double *s, size_t n, int w, double *out)
{
	size_t ww = w < 1 ? 1 : (size_t)w;
	if (n <= ww)
		return 0;
	for (size_t j = 0; j + ww < n; j++)
		out[j] = ls_xmean(s + j, ww);
	return n - ww;
}

void ls_classic_analyze_samples(const double *s, const double *e, size_t n, const struct ls_classic_config *c,
	struct ls_classic_result *r)
{
	if (!c)
		c = &ls_classic_defaults;
	/* verdict fields only: the summary statistics belong to the caller */
	r->status = LS_CLASSIC_OK;
	r->nsamples = n;
	r->initial_avg = r->final_avg = r->growth_mb = r->growth_percent = 0;
	r->leak = false;
	r->rule = LS_RULE_NONE;
	r->message = NULL;
	r->cv_percent = 0;
	r->noisy = false;
	r->k = r->tail = 0;
	r->decision_percent = 0;
	r->noise_message = NULL;
	r->spikes = NULL;
	r->nspikes = 0;

	if (n == 0) {
		r->status = LS_CLASSIC_NO_MEMORY;
		r->message = ls_xstrdup("No memory data found in profiles");
		return;
	}
	set_noise(s, n, c, r);

	size_t w = c->window < 1 ? 1 : (size_t)c->window;
	/* r[j] = mean(s[j .. j+W)): the window ending before sample j+W, so the
	 * last sample is in no window (the original's range(W, n) quirk) */
	size_t nr = n > w ? n - w : 0;
	size_t k = nr / 3 < 2 * w ? nr / 3 : 2 * w;
	r->k = k;
	r->tail = n / 2 < 3 * w ? n / 2 : 3 * w;
	if (k == 0) {
		/* the original dies on mean([]); we say why */
		r->status = LS_CLASSIC_TOO_FEW;
		r->message = ls_xasprintf("too few samples: %zu memory sample%s, the analysis needs at least %zu", n,
			n == 1 ? "" : "s", w + 3);
		return;
	}
	double *roll = ls_xreallocarray(NULL, nr, sizeof *roll);
	ls_classic_rolling(s, n, (int)w, roll);
	r->initial_avg = ls_xmean(roll, k);
	r->final_avg = ls_xmean(roll + nr - k, k);
	free(roll);
	r->growth_mb = r->final_avg - r->initial_avg;
	r->growth_percent = r->initial_avg > 0 ? r->growth_mb / r->initial_avg * 100 : 0;
	verdict(s, e, n, c, r);
}

/* ---- endpoint ---- */

/* extract_basic_stats: plain sums over the records in file order. */
static void summary(const struct ls_endpoint *ep, struct ls_classic_result *r)
{
	uint32_t *order = ls_classic_file_order(ep);
	double lat = 0, mem = 0;
	uint32_t nlat = 0, nmem = 0;
	r->requests = ep->n;
	for (uint32_t i = 0; i < ep->n; i++) {
		uint32_t row = ls_classic_row(order, i);
		uint16_t f = ep->flags[row];
		if (f & LS_REQ_ERROR)
			r->errors++;
		if (f & LS_REQ_HAS_LATENCY) {
			double l = ep->latency[row];
			lat += l;
			if (!nlat || l < r->min_latency)
				r->min_latency = l;
			if (!nlat || l > r->max_latency)
				r->max_latency = l;
			nlat++;
		}
		if (f & LS_REQ_HAS_MEM) {
			mem += ep->current_mb[row];
			nmem++;
		}
	}
	free(order);
	r->avg_latency = nlat ? lat / nlat : 0.0;
	r->avg_memory = nmem ? mem / nmem : 0.0;
	r->error_rate_pct = ep->n ? ((double)r->errors / ep->n) * 100 : 0.0;
}

void ls_classic_analyze(const struct ls_endpoint *ep, const struct ls_classic_config *c, struct ls_classic_result *r)
{
	memset(r, 0, sizeof *r);
	summary(ep, r);
	if (ep->n == 0) {
		r->status = LS_CLASSIC_NO_PROFILES;
		r->message = ls_xstrdup("No profiles provided");
		return;
	}
	/* samples: records with current_mb, in request order */
	double *s = ls_xreallocarray(NULL, ep->n, sizeof *s);
	double *e = ls_xreallocarray(NULL, ep->n, sizeof *e);
	uint32_t *rows = ls_xreallocarray(NULL, ep->n, sizeof *rows);
	uint32_t *order = ls_classic_id_order(ep);
	size_t n = 0;
	for (uint32_t i = 0; i < ep->n; i++) {
		uint32_t row = ls_classic_row(order, i);
		if (!(ep->flags[row] & LS_REQ_HAS_MEM))
			continue;
		s[n] = ep->current_mb[row];
		e[n] = (ep->flags[row] & LS_REQ_ERROR) ? 1 : 0;
		rows[n] = row;
		n++;
	}
	free(order);
	ls_classic_analyze_samples(s, e, n, c, r);
	for (size_t k = 0; k < r->nspikes; k++)
		r->spikes[k].row = rows[r->spikes[k].index];
	free(rows);
	free(s);
	free(e);
}

void ls_classic_result_done(struct ls_classic_result *r)
{
	free(r->message);
	free(r->noise_message);
	free(r->spikes);
	r->message = r->noise_message = NULL;
	r->spikes = NULL;
	r->nspikes = 0;
}

/* ---- recommendations ---- */

static const char *const rec_error_spike[] = {
	"Check exception handlers for objects kept alive by tracebacks (stored exceptions, sys.exc_info(), logged exc_info)",
	"Make sure error paths close connections, files and response streams (try/finally or context managers)",
	"Look for per-request buffers or cache entries that are only released on success",
	"Replay the failing requests in a loop and compare the top consumers before and after",
	NULL,
};
static const char *const rec_growth[] = {
	"Review memory-consuming code paths",
	"Check for unbounded caches or collections",
	"Verify proper cleanup of resources",
	"Run detailed analysis on this endpoint",
	"A cache that warms up and then plateaus also exceeds 25 %: check whether growth continues over a longer run",
	NULL,
};
static const char *const rec_continuous[] = {
	"Memory rises on every final sample: look for lists, dicts or caches that grow with each request",
	"Check the locations at the top of the growth-by-location table",
	"Verify proper cleanup of resources (sessions, clients, event listeners, callbacks)",
	"Run longer to see whether the growth levels off",
	NULL,
};
static const char *const rec_near_zero[] = {
	"tracemalloc saw almost no memory: start it before the application allocates (tracemalloc.start() at startup)",
	"Check that tracking_enabled is true in the records",
	"Use a heavier or longer workload so that allocations are visible",
	NULL,
};
static const char *const rec_stable[] = {
	"No action needed for this endpoint",
	"Memory is process-wide: a stable endpoint can still run in a leaking process; compare the other endpoints",
	NULL,
};
static const char *const rec_too_few[] = {
	"Collect more requests: the analysis needs at least window + 3 (6 by default) memory samples",
	NULL,
};
static const char *const rec_no_memory[] = {
	"Records carry no current_mb (memory.current_mb in endpoint profiles): check that the profiler tracks memory "
	"(tracemalloc enabled)",
	NULL,
};
static const char *const rec_no_profiles[] = {
	"The file holds no records yet: let the server handle requests and flush, then reload",
	NULL,
};

const char *const *ls_classic_recommendations(const struct ls_classic_result *r)
{
	switch (r->status) {
	case LS_CLASSIC_NO_PROFILES:
		return rec_no_profiles;
	case LS_CLASSIC_NO_MEMORY:
		return rec_no_memory;
	case LS_CLASSIC_TOO_FEW:
		return rec_too_few;
	case LS_CLASSIC_OK:
		break;
	}
	switch (r->rule) {
	case LS_RULE_ERROR_SPIKE:
		return rec_error_spike;
	case LS_RULE_NEAR_ZERO:
		return rec_near_zero;
	case LS_RULE_GROWTH_PCT:
		return rec_growth;
	case LS_RULE_CONTINUOUS:
		return rec_continuous;
	case LS_RULE_STABLE:
	case LS_RULE_NONE:
		break;
	}
	return rec_stable;
}
