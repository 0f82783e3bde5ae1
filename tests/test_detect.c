/* test_detect.c — leakscope's own verdicts on simulated processes whose
 * truth is known: each verdict, warm-up detection, cross-endpoint attribution
 * (3 endpoints with known retention, rotation and sampled-out requests),
 * suspect sites. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "detect.h"
#include "known_sites.h"
#include "sim.h"
#include "steps.h"

struct run {
	struct ls_process p;
	struct ls_process_analysis a;
};

static void run_sim(struct run *R, const struct sim *S)
{
	ls_process_init(&R->p, "sim");
	sim_build(S, &R->p);
	assert_int_equal(ls_analyze_process(&R->p, NULL, &R->a), 0);
	assert_int_equal(R->a.nep, S->nep);
}

static void run_done(struct run *R)
{
	ls_process_analysis_done(&R->a);
	ls_process_done(&R->p);
}

static const char *site_of(const struct run *R, const struct ls_suspect *s)
{
	return ls_intern_str(&R->p.sites, s->site);
}

/* Endpoint e is a `kind` leak with `site` its first suspect, and no other
 * endpoint of the process is a leak. */
static void assert_leaks_alone(const struct run *R, uint32_t e, enum ls_verdict_kind kind, const char *site)
{
	assert_int_equal(R->a.verdict[e].kind, kind);
	assert_true(R->a.verdict[e].nsuspects >= 1);
	assert_string_equal(site_of(R, &R->a.verdict[e].suspects[0]), site);
	for (uint32_t f = 0; f < R->a.nep; f++)
		if (f != e)
			assert_false(ls_verdict_is_leak(R->a.verdict[f].kind));
}

/* 1 where endpoint 0 is a `kind` leak with `site` its first suspect, 0
 * where it is not a `kind` leak; either way no other endpoint is a leak
 * (the tests that count how often a leak is found among seeds). */
static uint32_t found_alone(const struct run *R, enum ls_verdict_kind kind, const char *site)
{
	for (uint32_t f = 1; f < R->a.nep; f++)
		assert_false(ls_verdict_is_leak(R->a.verdict[f].kind));
	if (R->a.verdict[0].kind != kind)
		return 0;
	assert_true(R->a.verdict[0].nsuspects >= 1);
	assert_string_equal(site_of(R, &R->a.verdict[0].suspects[0]), site);
	return 1;
}

/* The trend of the site at `location` (NULL: not in the data or no trend). */
static const struct ls_site_trend *trend_of(const struct run *R, const char *location)
{
	return ls_sites_find(&R->a.sites, ls_intern_find(&R->p.sites, location, strlen(location)));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(ls_verdict_name(LS_VERDICT_LEAK), "LEAK");
	assert_string_equal(ls_verdict_name(LS_VERDICT_ERROR_PATH_LEAK), "ERROR_PATH_LEAK");
	assert_string_equal(ls_verdict_name(LS_VERDICT_GROWING), "GROWING");
	assert_string_equal(ls_verdict_name(LS_VERDICT_WARMUP), "WARMUP");
	assert_string_equal(ls_verdict_name(LS_VERDICT_STABLE), "STABLE");
	assert_string_equal(ls_verdict_name(LS_VERDICT_NOISY), "NOISY");
	assert_string_equal(ls_verdict_name(LS_VERDICT_TOO_FEW), "TOO_FEW");
	assert_true(ls_verdict_is_leak(LS_VERDICT_ERROR_PATH_LEAK));
	assert_false(ls_verdict_is_leak(LS_VERDICT_GROWING));
}

/* The classic failure: 10 KB per request on a 200 MB heap over 1,000
 * requests is only +5 %, yet it is a leak. */
static void test_leak_small_on_big_heap(void **state)
{
	(void)state;
	struct sim S = {.n = 1000, .base_mb = 200, .noise_mb = 0.3, .detail_every = 15, .seed = 7, .nep = 1,
		.ep = {{.name = "chat", .share = 1, .kb_per_req = 10, .site = "/srv/app/history.py:88"}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_LEAK);
	assert_true(v->attributed);
	assert_true(v->attributed_ci95[0] <= 10 && v->attributed_ci95[1] >= 10);
	assert_true(fabs(v->attributed_kb_per_request - 10) < 1);
	assert_true(fabs(v->slope_kb_per_request - 10) < 1);
	assert_true(v->p_value < 1e-9);
	assert_true(fabs(v->mb_per_10k - 10000 * 10 / 1024.0) < 10);
	assert_true(v->r2 > 0.9);
	assert_true(fabs(v->theil_sen_kb_per_request - 10) < 1.5);
	assert_true(v->mk_z > 5);
	assert_non_null(strstr(v->explanation, "KB per request (95 % CI"));
	assert_non_null(strstr(v->explanation, "p < 1e-9"));
	/* the leaking site is named */
	assert_true(v->nsuspects >= 1);
	assert_string_equal(site_of(&R, &v->suspects[0]), "/srv/app/history.py:88");
	assert_true(v->suspects[0].slope_mb_per_1k > 8 && v->suspects[0].slope_mb_per_1k < 12);
	run_done(&R);
}

static void test_stable(void **state)
{
	(void)state;
	struct sim S = {.n = 2000, .base_mb = 120, .noise_mb = 0.5, .detail_every = 25, .seed = 11, .nep = 1,
		.ep = {{.name = "health", .share = 1}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_STABLE);
	assert_true(v->ci95[0] < 0.5 && v->ci95[1] < 0.5);
	assert_int_equal(v->nsuspects, 0);
	assert_non_null(strstr(v->explanation, "No material trend"));
	run_done(&R);
}

/* A cache fills (+40 MB) and plateaus: the classic analysis calls it a leak. */
static void test_warmup(void **state)
{
	(void)state;
	struct sim S = {.n = 3000, .base_mb = 80, .noise_mb = 0.3, .warmup_mb = 40, .warmup_tau = 150,
		.detail_every = 15, .seed = 3, .nep = 1, .ep = {{.name = "search", .share = 1}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_WARMUP);
	/* the warm-up ends after a few time constants, not at the first point */
	assert_true(v->warmup_requests >= 150 && v->warmup_requests <= 1500);
	assert_true(v->fit.warmup_rise_mb > 30 && v->fit.warmup_rise_mb < 45);
	assert_true(fabs(v->slope_kb_per_request) < 0.5);
	assert_non_null(strstr(v->explanation, "warm-up"));
	/* the cache site is not a suspect either */
	assert_int_equal(R.a.sites.nsuspects, 0);
	run_done(&R);
}

/* Two endpoints share the warm-up: each counts its own requests in it, as
 * in its steady state, so the two add up to its requests (they were the
 * process's request span, 2,971 of an endpoint's 2,960 requests). */
static void test_warmup_counts_own_requests(void **state)
{
	(void)state;
	struct sim S = {.n = 3000, .base_mb = 80, .noise_mb = 0.3, .warmup_mb = 40, .warmup_tau = 150,
		.detail_every = 15, .seed = 3, .nep = 2, .ep = {{.name = "a", .share = 0.5}, {.name = "b", .share = 0.5}}};
	struct run R;
	run_sim(&R, &S);
	for (uint32_t e = 0; e < 2; e++) {
		const struct ls_verdict *v = &R.a.verdict[e];
		assert_int_equal(v->kind, LS_VERDICT_WARMUP);
		assert_true(v->warmup_requests > 50);
		assert_int_equal(v->warmup_requests + v->steady_n, R.p.ep[e].n);
		char want[64];
		snprintf(want, sizeof want, "warm-up of %lld requests", (long long)v->warmup_requests);
		if (v->warmup_requests >= 1000)
			snprintf(want, sizeof want, "warm-up of %lld,%03lld requests", (long long)v->warmup_requests / 1000,
				(long long)v->warmup_requests % 1000);
		assert_non_null(strstr(v->explanation, want));
		/* the rise is the heap's, not one of its own */
		assert_non_null(strstr(v->explanation, "The heap rose "));
		assert_non_null(strstr(v->explanation, " requests of this endpoint, then held steady"));
	}
	run_done(&R);
}

/* A leak that starts after a warm-up is still a leak, and its size is
 * measured on the steady state only. */
static void test_warmup_then_leak(void **state)
{
	(void)state;
	struct sim S = {.n = 4000, .base_mb = 150, .noise_mb = 0.4, .warmup_mb = 30, .warmup_tau = 200,
		.detail_every = 15, .seed = 5, .nep = 1,
		.ep = {{.name = "upload", .share = 1, .kb_per_req = 4, .site = "/srv/app/upload.py:12"}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_LEAK);
	assert_true(v->warmup_requests > 100);
	assert_true(fabs(v->attributed_kb_per_request - 4) < 0.6);
	assert_non_null(strstr(v->explanation, "warm-up"));
	run_done(&R);
}

static void test_too_few(void **state)
{
	(void)state;
	struct sim S = {.n = 6, .base_mb = 50, .noise_mb = 0.1, .seed = 1, .nep = 1,
		.ep = {{.name = "rare", .share = 1, .kb_per_req = 100}}};
	struct run R;
	run_sim(&R, &S);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_TOO_FEW);
	assert_non_null(strstr(R.a.verdict[0].explanation, "Only 6 memory samples"));
	run_done(&R);
}

/* 40 samples with 20 MB of noise: a 0.5 KB leak can be neither shown nor excluded. */
static void test_noisy(void **state)
{
	(void)state;
	struct sim S = {.n = 40, .base_mb = 300, .noise_mb = 20, .seed = 9, .nep = 1,
		.ep = {{.name = "report", .share = 1}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_NOISY);
	assert_true(v->ci95[1] - v->ci95[0] > 10);
	assert_non_null(strstr(v->explanation, "noisy"));
	/* the reason is the slope's interval, not the curve's spread (a long
	 * smooth curve with a 0.29 % coefficient of variation was "too noisy
	 * ... with a 0.29 % coefficient of variation") */
	assert_non_null(strstr(v->explanation, "a material 0.5 KB per request is within its interval"));
	assert_null(strstr(v->explanation, "coefficient of variation"));
	run_done(&R);
}

/* A real but short trend: material in size, not significant yet. */
static void test_growing(void **state)
{
	(void)state;
	struct sim S = {.n = 30, .base_mb = 100, .noise_mb = 1.5, .seed = 21, .nep = 1,
		.ep = {{.name = "export", .share = 1, .kb_per_req = 40}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_GROWING);
	assert_true(v->slope_kb_per_request >= 0.5);
	assert_true(v->p_value >= 0.001);
	run_done(&R);
}

/* Errors keep 400 KB each; successes keep nothing. */
static void test_error_path_leak(void **state)
{
	(void)state;
	struct sim S = {.n = 3000, .base_mb = 60, .noise_mb = 0.3, .detail_every = 15, .seed = 13, .nep = 1,
		.ep = {{.name = "pay", .share = 1, .err_rate = 0.05, .kb_per_err = 400,
			.site = "/srv/app/retry.py:77"}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_ERROR_PATH_LEAK);
	assert_true(v->attributed_err_ci95[0] <= 400 && v->attributed_err_ci95[1] >= 400);
	assert_true(fabs(v->attributed_kb_per_request) < 0.5);
	assert_non_null(strstr(v->explanation, "error response"));
	assert_true(v->nsuspects >= 1);
	assert_string_equal(site_of(&R, &v->suspects[0]), "/srv/app/retry.py:77");
	run_done(&R);
}

/* Errors spike the heap by 25 MB, and it is freed at once: not a leak. */
static void test_transient_error_spikes(void **state)
{
	(void)state;
	struct sim S = {.n = 2000, .base_mb = 90, .noise_mb = 0.3, .detail_every = 15, .seed = 17, .nep = 1,
		.ep = {{.name = "convert", .share = 1, .err_rate = 0.03, .spike_mb = 25}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_false(ls_verdict_is_leak(v->kind));
	assert_true(v->attributed_err_ci95[0] < 8);
	run_done(&R);
}

/* GC sawtooth: +15 MB then collected, over and over. No growth. */
static void test_sawtooth(void **state)
{
	(void)state;
	struct sim S = {.n = 5000, .base_mb = 180, .noise_mb = 0.2, .saw_mb = 15, .saw_period = 700,
		.detail_every = 15, .seed = 19, .nep = 2,
		.ep = {{.name = "a", .share = 0.6}, {.name = "b", .share = 0.4}}};
	struct run R;
	run_sim(&R, &S);
	for (uint32_t e = 0; e < 2; e++)
		assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
	/* the sawtooth widens the intervals instead of faking a trend */
	for (uint32_t e = 0; e < 2; e++)
		assert_true(R.a.attrib.ep[e].req_ci95[0] < 0 && R.a.attrib.ep[e].req_ci95[1] > 0);
	run_done(&R);
}

/* Errors that each leave 5 MB behind, all early on (three of them in the
 * first 90 of 400 requests), look like a warm-up that levelled off; told
 * which points are errors, the warm-up test sees the steps are theirs. A
 * smooth warm-up with errors sprinkled through it stays a warm-up. */
static void test_warmup_made_of_error_steps(void **state)
{
	(void)state;
	enum { N = 400 };
	double x[N], y[N], yw[N];
	bool err[N] = {false}, err2[N] = {false};
	uint64_t seed = 41;
	double level = 100;
	for (int i = 0; i < N; i++) {
		x[i] = i + 1;
		bool e = i == 20 || i == 50 || i == 90;
		err[i] = e;
		if (e)
			level += 5;
		y[i] = level + 0.1 * sim_gauss(&seed);
		/* a cache filling to 10 MB over 150 requests; an error every 10th */
		yw[i] = 100 + 10 * (i < 150 ? i / 150.0 : 1) + 0.1 * sim_gauss(&seed);
		err2[i] = i % 10 == 3;
	}
	assert_true(ls_detect_warmup(x, y, NULL, N, 0.5, NULL) > 0);
	double rise = -1;
	assert_int_equal(ls_detect_warmup(x, y, err, N, 0.5, &rise), 0);
	assert_true(rise == 0);
	size_t w = ls_detect_warmup(x, yw, err2, N, 0.5, &rise);
	assert_true(w >= 120 && w <= 180);
	assert_true(rise > 8 && rise < 12);
	/* a service that fails every request while it warms up: nothing to
	 * compare the errors' steps with, so the warm-up stays */
	bool all[N];
	for (int i = 0; i < N; i++)
		all[i] = true;
	w = ls_detect_warmup(x, yw, all, N, 0.5, &rise);
	assert_true(w >= 120 && w <= 180);
}

/* A capture that ends on a whole tooth: the last third of the series is
 * one clean rise (a late onset to a change-point test), but the heap was
 * already emptied twice by drops as tall, so it is the next tooth. */
static void test_sawtooth_last_tooth(void **state)
{
	(void)state;
	for (uint64_t seed = 31; seed < 35; seed++) {
		struct sim S = {.n = 2990, .base_mb = 60, .noise_mb = 0.2, .saw_mb = 12, .saw_period = 1000,
			.detail_every = 15, .seed = seed, .nep = 2,
			.ep = {{.name = "a", .share = 0.6}, {.name = "b", .share = 0.4}}};
		struct run R;
		run_sim(&R, &S);
		assert_int_equal(R.a.onset_req, INT64_MIN);
		for (uint32_t e = 0; e < 2; e++)
			assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
		run_done(&R);
	}
}

/* A leak that starts at request 3,000 of 4,000 on a noisy heap, in an
 * endpoint taking a third of the traffic: over the whole curve every
 * endpoint's slope is below material, but the process grows in the late
 * regime, so no endpoint may say "no material trend"; the leaker is a
 * leak or at least growing, and the explanation names the onset. */
static void test_late_onset_not_stable(void **state)
{
	(void)state;
	struct sim S = {.n = 4000, .base_mb = 250, .noise_mb = 0.35, .detail_every = 0, .seed = 43, .nep = 3,
		.ep = {{.name = "team", .share = 0.34, .kb_per_req = 5, .onset = 3000},
			{.name = "keys", .share = 0.33}, {.name = "health", .share = 0.33}}};
	struct run R;
	run_sim(&R, &S);
	assert_true(R.a.onset_req > 2500 && R.a.onset_req < 3500);
	for (uint32_t e = 0; e < 3; e++)
		assert_null(strstr(R.a.verdict[e].explanation, "No material trend"));
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_true(ls_verdict_is_leak(v->kind) || v->kind == LS_VERDICT_GROWING);
	if (v->kind == LS_VERDICT_GROWING)
		assert_non_null(strstr(v->explanation, "Since request "));
	run_done(&R);
}

/* A small process (6 MB) that is still finishing a slow warm-up (a cache
 * filling up: 0.12 MB, time constant 150 requests) and leaks nothing. Past
 * the warm-up cut, the rest of the curve makes the regression hand one
 * endpoint a "significant" share (+2.7 KB per request, p ~ 1e-9) and others
 * negative ones; that share, hundreds of KB over its requests, is more than
 * the heap gained at all, so it is no leak. (With an allowance of 1 MB on
 * top of the heap's gain, these seeds each had an endpoint called LEAK.) */
static void test_warmup_tail_no_leak(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {3, 60, 130};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 800, .base_mb = 6, .noise_mb = 0.03, .warmup_mb = 0.12, .warmup_tau = 150,
			.detail_every = 15, .seed = seeds[i], .nep = 4,
			.ep = {{.name = "chat", .share = 0.15, .err_rate = 0.01},
				{.name = "spend", .share = 0.2, .err_rate = 0.01},
				{.name = "images", .share = 0.25}, {.name = "health", .share = 0.4}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < 4; e++)
			assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
		run_done(&R);
	}
}

/* ls_detect_levelling on known curves: a line plus a levelling rise of
 * 3 MB with time constant 200 (a grid point: span / 10) is found with its
 * height and slope; a line, a late-onset leak (flat, then rising: the
 * opposite bend) and a short series are not. */
static void test_levelling_known_curves(void **state)
{
	(void)state;
	enum { N = 2000 };
	double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), amp, slope;
	uint64_t seed = 7;
	for (int i = 0; i < N; i++) {
		x[i] = 1000 + i;
		y[i] = 50 + 0.001 * i - 3 * exp(-i / 200.0) + 0.02 * sim_gauss(&seed);
	}
	double tau = ls_detect_levelling(x, y, N, 4, &amp, &slope);
	assert_true(fabs(tau - 1999 / 10.0) < 1e-9);
	assert_true(fabs(amp - 3) < 0.02);
	assert_true(fabs(slope - 0.001) < 2e-5);
	for (int i = 0; i < N; i++)
		y[i] = 50 + 0.004 * i + 0.3 * sim_gauss(&seed);
	assert_true(ls_detect_levelling(x, y, N, 4, &amp, &slope) == 0);
	assert_true(isnan(amp) && isnan(slope));
	for (int i = 0; i < N; i++)
		y[i] = 50 + (i > 1200 ? 0.005 * (i - 1200) : 0) + 0.1 * sim_gauss(&seed);
	assert_true(ls_detect_levelling(x, y, N, 4, &amp, &slope) == 0);
	assert_true(isnan(amp) && isnan(slope));
	/* a fall that levels off (memory given back) is no fill */
	for (int i = 0; i < N; i++)
		y[i] = 50 + 3 * exp(-i / 200.0) + 0.02 * sim_gauss(&seed);
	assert_true(ls_detect_levelling(x, y, N, 4, &amp, &slope) == 0);
	/* a rise of 0.2 MB under 0.1 MB of noise: real, but under 4 sd */
	for (int i = 0; i < N; i++)
		y[i] = 50 - 0.2 * exp(-i / 200.0) + 0.1 * sim_gauss(&seed);
	assert_true(ls_detect_levelling(x, y, N, 4, &amp, &slope) == 0);
	assert_true(ls_detect_levelling(x, y, N, 1, &amp, &slope) > 0);
	for (int i = 0; i < N; i++)
		y[i] = 50 - 3 * exp(-i / 200.0);
	assert_true(ls_detect_levelling(x, y, 59, 4, &amp, &slope) == 0);
	free(x);
	free(y);
}

/* One error that keeps 3 MB for good, in a process whose other endpoint
 * keeps nothing and whose upload site never reaches the top K: the heap
 * alone shows the step (p < 1e-9), but one step can also be a one-time
 * allocation, so it is GROWING until a second error decides (it used to be
 * ERROR_PATH_LEAK, which failed --fail-on-leak on a health check's one
 * error); the other endpoint's rise is still said to be its. Seed 12 has
 * its error mid-window; seed 19 at request 22, where a straight line
 * through the window holds only a fraction of the step. A 3 MB spike on
 * that error, freed by the next request, is no leak. */
static void test_single_error_path_leak(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {12, 19};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		for (int spike = 0; spike < 2; spike++) {
			struct sim S = {.n = 800, .base_mb = 60, .noise_mb = 0.3, .detail_every = 15,
				.seed = seeds[i], .nep = 2,
				.ep = {{.name = "upload", .share = 0.4, .err_rate = 0.003,
					.kb_per_err = spike ? 0 : 3000, .spike_mb = spike ? 3 : 0},
					{.name = "list", .share = 0.6, .err_rate = 0.002}}};
			struct run R;
			run_sim(&R, &S);
			assert_int_equal(R.a.attrib.ep[0].errors, 1);
			assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
			const struct ls_verdict *v = &R.a.verdict[0];
			if (spike) {
				assert_false(ls_verdict_is_leak(v->kind));
			} else {
				assert_int_equal(v->kind, LS_VERDICT_GROWING);
				assert_true(v->awaits_error);
				assert_true(v->attributed_err_ci95[0] <= 3000 && v->attributed_err_ci95[1] >= 3000);
				assert_non_null(strstr(v->explanation, " MB over 1 error;"));
				assert_non_null(strstr(v->explanation, "One error so far"));
				/* the other endpoint's curve stepped up too: say whose step */
				assert_int_equal(R.a.verdict[1].kind, LS_VERDICT_WARMUP);
				assert_non_null(strstr(R.a.verdict[1].explanation, "leak meanwhile: upload (its one error)."));
				assert_non_null(strstr(R.a.heap.text, "A step at one error, waiting for a second: upload."));
				assert_false(R.a.heap.unexplained);
			}
			run_done(&R);
		}
	}
}

/* The same single 3 MB error, its site listed from that error on: the site
 * has no trend to link (one listing value), but it entered the top K at
 * the endpoint's error, already 3 MB, so it is named as the suspect, where
 * to look when the second error comes. */
static void test_single_error_site_named(void **state)
{
	(void)state;
	struct sim S = {.n = 800, .base_mb = 60, .noise_mb = 0.3, .detail_every = 15, .seed = 12, .nep = 2,
		.ep = {{.name = "upload", .share = 0.4, .err_rate = 0.003, .kb_per_err = 3000,
			.site = "/srv/app/upload.py:9"},
			{.name = "list", .share = 0.6, .err_rate = 0.002}}};
	struct run R;
	run_sim(&R, &S);
	assert_int_equal(R.a.attrib.ep[0].errors, 1);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_GROWING);
	assert_true(v->nsuspects >= 1);
	assert_string_equal(site_of(&R, &v->suspects[0]), "/srv/app/upload.py:9");
	assert_false(v->suspects[0].linked);
	assert_true(v->suspects[0].appeared);
	assert_true(fabs(v->suspects[0].appeared_mb - (0.3 + 3000.0 / 1024)) < 0.2);
	assert_non_null(strstr(v->explanation, "entered the top consumers at one of this endpoint's errors"));
	assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
	run_done(&R);
}

/* An error path whose errors each keep a different amount (2 MB +- 50 %):
 * in the heap that is a random walk, and with seeds 21, 48 and 50 it lent
 * one innocent endpoint ~340-700 KB "per error" (p < 1e-5). The error
 * path's site is listed from its first error on: its exact steps come out
 * of the heap first, and are added back to the endpoint whose errors grow
 * it. */
static void test_known_site_keeps_neighbours_innocent(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {21, 48, 50};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 3000, .base_mb = 60, .noise_mb = 0.05, .detail_every = 15, .seed = seeds[i],
			.nep = 3,
			.ep = {{.name = "pay", .share = 0.3, .err_rate = 0.04, .kb_per_err = 2000, .err_jitter = 0.5,
				.site = "/srv/app/retry.py:77"},
				{.name = "a", .share = 0.35, .err_rate = 0.01}, {.name = "b", .share = 0.35, .err_rate = 0.01}}};
		struct run R;
		run_sim(&R, &S);
		assert_int_equal(R.a.attrib.nknown, 1);
		assert_string_equal(ls_intern_str(&R.p.sites, R.a.attrib.known_site[0]), "/srv/app/retry.py:77");
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_ERROR_PATH_LEAK);
		/* what it keeps per error comes back from the site: about 2 MB */
		assert_true(fabs(R.a.verdict[0].attributed_kb_per_error - 2000) < 300);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
		run_done(&R);
	}
}

/* Which listed sites are known: a steady climb is; a sawtooth (one
 * collection at request 400: it falls between listings, where it cannot be
 * placed; otherwise it is as smooth as the climb) and a
 * site whose listed size is drawn afresh each time (interpolating it would
 * add noise) are not. Every 10th of 600 requests lists all three. */
static void test_known_sites_choice(void **state)
{
	(void)state;
	struct ls_process p;
	ls_process_init(&p, "hand");
	struct ls_intern sites;
	ls_intern_init(&sites);
	uint32_t climb = ls_intern_add(&sites, "/srv/app/climb.py:2", 19);
	uint32_t saw = ls_intern_add(&sites, "/srv/app/saw.py:1", 17);
	uint32_t jitter = ls_intern_add(&sites, "/srv/app/jitter.py:3", 20);
	struct ls_endpoint ep;
	ls_endpoint_init(&ep);
	ep.name = ls_xstrdup("api");
	ep.file = ls_xstrdup("api.json");
	ep.format = LS_FMT_PROFILE;
	uint64_t seed = 7;
	for (uint32_t t = 1; t <= 600; t++) {
		uint32_t r = ls_endpoint_add_row(&ep);
		ep.req_no[r] = t;
		ep.current_mb[r] = 50 + 0.002 * t;
		uint16_t fl = LS_REQ_HAS_MEM | LS_REQ_HAS_ID;
		if (t % 10 == 0) {
			fl |= LS_REQ_DETAILED | LS_REQ_HAS_CONSUMERS;
			ls_endpoint_add_consumer(&ep, climb, 0.3 + 0.002 * t, 10);
			ls_endpoint_add_consumer(&ep, saw, 0.2 + 0.01 * (t % 400), 10);
			ls_endpoint_add_consumer(&ep, jitter, 5 + 0.4 * sim_u(&seed), 10);
		}
		ep.flags[r] = fl;
	}
	ls_process_adopt(&p, &ep, &sites, NULL);
	ls_endpoint_done(&ep);
	ls_intern_done(&sites);
	ls_process_index(&p);
	struct ls_known_sites ks;
	assert_true(ls_known_sites(&p, 0, &ks));
	assert_int_equal(ks.n, 1);
	assert_string_equal(ls_intern_str(&p.sites, ks.site[0]), "/srv/app/climb.py:2");
	assert_int_equal(ks.start, 9);  /* request 10, its first listing */
	/* between listings a straight line: request 15 is half way */
	assert_true(fabs(ks.mb[14] - 0.002 * 5) < 1e-9);
	ls_known_sites_done(&ks);
	ls_process_done(&p);
}

/* Two errors that keep 3 MB each, the first in the first 70 requests: the
 * error path's site is known from there, so the window starts at that
 * error. The heap's rise since it must still be measured from the values
 * just before it (outside the window), or the retention "does not fit". */
static void test_error_path_known_from_first_error(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {19, 34, 79};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 800, .base_mb = 60, .noise_mb = 0.3, .detail_every = 15, .seed = seeds[i],
			.nep = 2,
			.ep = {{.name = "upload", .share = 0.4, .err_rate = 0.004, .kb_per_err = 3000,
				.site = "/srv/app/upload.py:9"},
				{.name = "list", .share = 0.6, .err_rate = 0.002}}};
		struct run R;
		run_sim(&R, &S);
		assert_int_equal(R.a.attrib.nknown, 1);
		assert_int_equal(R.a.attrib.ep[0].errors, 2);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_ERROR_PATH_LEAK);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		run_done(&R);
	}
}

/* A leak of 10 KB per request on a listed site, in a quiet heap (0.02 MB of
 * noise) with a listing every 15 requests: the site is known, and its
 * growth between listings goes on the leaking endpoint's requests, not on
 * a straight line (that left a sawtooth following its request count in
 * the heap, which the fit counted a second time: intervals that covered
 * the truth 19 times in 60). Over 20 seeds the 95 % intervals must cover
 * 10 KB and the innocents' 0 about as often as they promise. */
static void test_known_site_intervals_cover(void **state)
{
	(void)state;
	int cover = 0, innocent = 0;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct sim S = {.n = 3000, .base_mb = 60, .noise_mb = 0.02, .detail_every = 15, .seed = seed, .nep = 3,
			.ep = {{.name = "leak", .share = 0.3, .kb_per_req = 10, .err_rate = 0.01,
				.site = "/srv/app/l.py:1"},
				{.name = "a", .share = 0.35, .err_rate = 0.01}, {.name = "b", .share = 0.35, .err_rate = 0.01}}};
		struct run R;
		run_sim(&R, &S);
		assert_int_equal(R.a.attrib.nknown, 1);
		const struct ls_attrib_ep *r = &R.a.attrib.ep[0];
		cover += r->req_ci95[0] <= 10 && r->req_ci95[1] >= 10;
		for (uint32_t e = 1; e < 3; e++)
			innocent += R.a.attrib.ep[e].req_ci95[0] <= 0 && R.a.attrib.ep[e].req_ci95[1] >= 0;
		run_done(&R);
	}
	assert_true(cover >= 17);
	assert_true(innocent >= 34);
}

/* Sampled-out traffic (30 % of the request numbers have no record) and a
 * leak of 10 KB per request on a listed site: the site is known, its growth
 * between listings is placed on the leaker's requests and on the
 * unrecorded ones, and what is added back still gives the leaker its
 * 10 KB per request. */
static void test_known_site_sampled(void **state)
{
	(void)state;
	struct sim S = {.n = 4000, .base_mb = 60, .noise_mb = 0.05, .detail_every = 15, .seed = 5, .nep = 3,
		.drop_frac = 0.3,
		.ep = {{.name = "leak", .share = 0.3, .kb_per_req = 10, .err_rate = 0.01, .site = "/srv/app/l.py:1"},
			{.name = "a", .share = 0.35, .err_rate = 0.01}, {.name = "b", .share = 0.35, .err_rate = 0.01}}};
	struct run R;
	run_sim(&R, &S);
	assert_int_equal(R.a.attrib.nknown, 1);
	assert_true(R.a.attrib.unknown_requests > 1000);
	/* the site's own rates: 10 KB per leaking request, recorded or not, so
	 * about 3 KB per unrecorded request (30 % of them are the leaker's),
	 * and nothing for the others (without the unrecorded column they got
	 * 1.4 KB each) */
	struct ls_known_sites ks;
	assert_true(ls_known_sites(&R.p, 0, &ks));
	assert_true(fabs(ks.kb_per_request[0] - 10) < 1);
	assert_true(fabs(ks.kb_per_request[1]) < 0.7 && fabs(ks.kb_per_request[2]) < 0.7);
	assert_true(fabs(ks.unknown_kb - 3) < 1);
	ls_known_sites_done(&ks);
	const struct ls_attrib_ep *r = &R.a.attrib.ep[0];
	assert_true(r->req_ci95[0] <= 10 && r->req_ci95[1] >= 10);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
	assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
	run_done(&R);
}

/* An endpoint whose file is missing leaks 10 KB per request on a site the
 * profiler lists: the site is known, but its growth goes with the
 * unrecorded request numbers, which is not "a sample of the recorded
 * traffic", so that part stays in the heap and the attribution still says
 * the growth follows the requests with no record. */
static void test_known_site_of_missing_file(void **state)
{
	(void)state;
	struct sim S = {.n = 6000, .base_mb = 150, .noise_mb = 0.4, .detail_every = 15, .seed = 41, .nep = 3,
		.ep = {{.name = "hidden", .share = 0.3, .kb_per_req = 10, .absent = true, .site = "/srv/app/hidden.py:5"},
			{.name = "b", .share = 0.4}, {.name = "c", .share = 0.3}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_attribution *A = &R.a.attrib;
	assert_int_equal(A->nknown, 1);
	assert_false(A->unknown_as_mix);
	assert_true(A->unknown_ci95[0] <= 10 && A->unknown_ci95[1] >= 10);
	for (uint32_t e = 1; e < 3; e++) {  /* (the missing one has no records: TOO_FEW) */
		assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
		assert_non_null(strstr(R.a.verdict[e].explanation, "no record in the loaded files"));
	}
	run_done(&R);
}

/* "a" leaks 10 KB per request on a listed site; "b"'s errors hold 0.3 MB
 * at the same site until the next request and keep nothing. Errors are
 * always listed, so each such spike is in one listing and gone by the
 * next: a transient, not growth. b keeps nothing per error (it got 250-330
 * KB per error, p < 1e-20, when the fit had no transient column). */
static void test_known_site_error_transient(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {3, 4, 5};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 4000, .base_mb = 60, .noise_mb = 0.05, .detail_every = 15, .seed = seeds[i], .nep = 3,
			.ep = {{.name = "a", .share = 0.5, .kb_per_req = 10, .err_rate = 0.01, .site = "/srv/app/x.py:1"},
				{.name = "b", .share = 0.25, .err_rate = 0.03, .spike_mb = 0.3, .site = "/srv/app/x.py:1"},
				{.name = "c", .share = 0.25, .err_rate = 0.01}}};
		struct run R;
		run_sim(&R, &S);
		assert_int_equal(R.a.attrib.nknown, 1);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
		const struct ls_attrib_ep *b = &R.a.attrib.ep[1];
		assert_true(b->err_valid);
		assert_true(b->err_ci95[0] <= 0 && b->err_ci95[1] >= 0);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
		run_done(&R);
	}
}

/* ls_known_sites on the same process: the error path's site is known from
 * its first listing, as its change since then (exact at every listing,
 * held after the last); the static site (flat) and the cache site (flat
 * without a warm-up) are not. */
static void test_known_sites_change(void **state)
{
	(void)state;
	struct sim S = {.n = 3000, .base_mb = 60, .noise_mb = 0.05, .detail_every = 15, .seed = 21, .nep = 3,
		.ep = {{.name = "pay", .share = 0.3, .err_rate = 0.04, .kb_per_err = 2000, .err_jitter = 0.5,
			.site = "/srv/app/retry.py:77"},
			{.name = "a", .share = 0.35, .err_rate = 0.01}, {.name = "b", .share = 0.35, .err_rate = 0.01}}};
	struct ls_process p;
	ls_process_init(&p, "sim");
	sim_build(&S, &p);
	uint32_t site = ls_intern_find(&p.sites, "/srv/app/retry.py:77", 20);
	assert_true(site != 0);
	struct ls_known_sites ks;
	assert_true(ls_known_sites(&p, 0, &ks));
	assert_int_equal(ks.n, 1);
	assert_int_equal(ks.site[0], site);
	/* every listing of the site: known = its size there - its first size */
	double base = NAN;
	uint32_t checked = 0;
	for (uint64_t i = 0; i < p.ntl; i++) {
		const struct ls_endpoint *ep = &p.ep[p.tl_ep[i]];
		uint32_t r = p.tl_row[i];
		for (uint32_t c = ep->cons_first[r]; c < ep->cons_first[r + 1]; c++) {
			if (ep->cons_site[c] != site)
				continue;
			if (isnan(base)) {
				base = ep->cons_mb[c];
				assert_int_equal(i, ks.start);  /* the only known site: the window starts there */
			}
			assert_true(fabs(ks.mb[i] - (ep->cons_mb[c] - base)) < 1e-9);
			checked++;
		}
	}
	assert_true(checked > 100);
	/* before the window start nothing is known */
	for (uint64_t i = 0; i < ks.start; i++)
		assert_true(ks.mb[i] == 0);
	ls_known_sites_done(&ks);
	ls_process_done(&p);
}

/* A warm-up that levels off smoothly over most of the capture (3 MB, time
 * constant 300 of 1,500 requests: no sharp bend) in a process where "pay"
 * leaks 500 KB per error. Its cache site is still creeping up at the end,
 * and its joint link to "b" made b a LEAK (seed 28): the site is now a
 * fill that levelled off. (Where the curve's tail stays in the heap's
 * window, a request count can still take it: see detect.h.) */
static void test_smooth_warmup_with_error_leak(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {28};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 1500, .base_mb = 60, .noise_mb = 0.3, .warmup_mb = 3, .warmup_tau = 300,
			.detail_every = 15, .seed = seeds[i], .nep = 3,
			.ep = {{.name = "pay", .share = 0.2, .err_rate = 0.03, .kb_per_err = 500,
				.site = "/srv/app/retry.py:77"},
				{.name = "a", .share = 0.4, .err_rate = 0.01}, {.name = "b", .share = 0.4, .err_rate = 0.01}}};
		struct run R;
		run_sim(&R, &S);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/cache.py:40");
		assert_non_null(t);
		assert_false(t->suspect);
		assert_true(t->plateaued);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_ERROR_PATH_LEAK);
		run_done(&R);
	}
}

/* A cache that fills smoothly (3 MB, time constant 300 of 1,500 requests:
 * about 0.7 MB of its rise is left after the process warm-up) and a leak of
 * 0.08 KB per request at the same line (0.12 MB over the window, a fifth of
 * that rest): the site stays a suspect. Without the leak it levels off. */
static void test_leak_on_levelling_cache(void **state)
{
	(void)state;
	struct sim S = {.n = 1500, .base_mb = 60, .noise_mb = 0.3, .warmup_mb = 3, .warmup_tau = 300,
		.cache_kb_per_req = 0.08, .detail_every = 15, .seed = 41, .nep = 2,
		.ep = {{.name = "a", .share = 0.5}, {.name = "b", .share = 0.5}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_site_trend *t = trend_of(&R, "/srv/app/cache.py:40");
	assert_non_null(t);
	assert_true(t->suspect);
	assert_false(t->plateaued);
	run_done(&R);
	/* without the leak the same fill levels off */
	S.cache_kb_per_req = 0;
	run_sim(&R, &S);
	t = trend_of(&R, "/srv/app/cache.py:40");
	assert_non_null(t);
	assert_false(t->suspect);
	assert_true(t->plateaued);
	/* its trend line says the trend is the level's, after the rise the
	 * chart shows (it read "trend +0.000 ... (p = 1.000)" alone) */
	struct ls_buf b;
	ls_buf_init(&b);
	ls_site_trend_text(&b, &R.p, &R.a.sites, t->site);
	char want[128];
	snprintf(want, sizeof want, " on, after it rose from %.3f to %.3f MB (a warm-up)", t->first_mb, t->max_mb);
	assert_non_null(strstr(b.data, " over its level from request "));
	assert_non_null(strstr(b.data, want));
	ls_buf_done(&b);
	run_done(&R);
}

/* An error path's site seen in only a dozen snapshots (every error, and
 * every 80th request) has too few samples for the joint model and no trend
 * to make it a suspect: its links still come from per-endpoint models that
 * keep an error column, so the site view says "grows with pay's errors
 * (+500 KB each)". A requests-only model had nothing to link it by. */
static void test_site_few_samples_error_link(void **state)
{
	(void)state;
	struct sim S = {.n = 1500, .base_mb = 60, .noise_mb = 0.3, .detail_every = 80, .seed = 3, .nep = 3,
		.ep = {{.name = "pay", .share = 0.2, .err_rate = 0.03, .kb_per_err = 500, .site = "/srv/app/retry.py:77"},
			{.name = "a", .share = 0.4, .err_rate = 0.01}, {.name = "b", .share = 0.4, .err_rate = 0.01}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_site_trend *t = trend_of(&R, "/srv/app/retry.py:77");
	assert_non_null(t);
	assert_true(t->link_samples >= 10 && t->link_samples <= 16);
	assert_false(t->suspect);
	assert_int_equal(t->nlinks, 3);
	assert_false(t->links[0].joint);
	assert_true(t->links[0].linked && t->links[0].via_errors);
	assert_true(t->links[0].kb_per_error > 450 && t->links[0].kb_per_error < 550);
	assert_false(t->links[1].linked || t->links[2].linked);
	run_done(&R);
}

/* A leak's site that reaches the top K only near the end: five listings,
 * too few for a trend test or a joint model of three endpoints. Its steps
 * still follow one endpoint's requests and no other's, each judged in a
 * two-column model against it, while the heap (3 MB of noise) cannot tell
 * who grows it. */
static void test_site_entered_late(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {1, 2, 4};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 3000, .base_mb = 150, .noise_mb = 3, .detail_every = 50, .seed = seeds[i],
			.nep = 3,
			.ep = {{.name = "hist", .share = 0.3, .kb_per_req = 8, .site = "/srv/app/history.py:31",
				.listed_from = 2780},
				{.name = "a", .share = 0.35}, {.name = "b", .share = 0.35}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/history.py:31");
		assert_non_null(t);
		assert_int_equal(t->link_samples, 5);
		assert_true(t->suspect && t->monotone);
		assert_true(t->links[0].joint && t->links[0].linked);
		assert_true(fabs(t->links[0].kb_per_request - 8) < 0.5);
		assert_false(t->links[1].joint || t->links[2].joint);
		/* the heap alone does not establish it */
		assert_false(R.a.attrib.ep[0].req_p < 0.001);
		const struct ls_verdict *v = &R.a.verdict[0];
		assert_int_equal(v->kind, LS_VERDICT_LEAK);
		assert_true(v->nsuspects >= 1);
		assert_string_equal(site_of(&R, &v->suspects[0]), "/srv/app/history.py:31");
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
		run_done(&R);
	}
}

/* A leak's site listed at the last 8 detailed records only: enough for the
 * joint model of two endpoints' requests (it needs 4 more samples than
 * columns), not for a trend of its own to stand out from the noisy heap. */
static void test_site_joint_few_samples(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct sim S = {.n = 3000, .base_mb = 150, .noise_mb = 3, .detail_every = 50, .seed = seed, .nep = 2,
			.ep = {{.name = "hist", .share = 0.4, .kb_per_req = 8, .site = "/srv/app/history.py:31",
				.listed_from = 2640},
				{.name = "a", .share = 0.6}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/history.py:31");
		assert_non_null(t);
		assert_int_equal(t->link_samples, 8);
		assert_true(t->links[0].joint && t->links[0].linked);
		assert_true(fabs(t->links[0].kb_per_request - 8) < 0.5);
		assert_false(t->links[1].linked);
		assert_false(R.a.attrib.ep[0].req_p < 0.001);
		assert_leaks_alone(&R, 0, LS_VERDICT_LEAK, "/srv/app/history.py:31");
		run_done(&R);
	}
}

/* The same with each request keeping 0-16 KB (8 on average): the site's
 * few steps are noisy, its link p = 0.0016-0.0052, short of the level for
 * two endpoints (0.0005). But no other endpoint has any share of the site
 * (p > 0.3): that is the only endpoint it follows, as the heap's "only
 * endpoint" rule says at p < 0.01. */
static void test_site_only_link(void **state)
{
	(void)state;
	for (uint64_t seed = 7; seed <= 8; seed++) {
		struct sim S = {.n = 3000, .base_mb = 150, .noise_mb = 3, .detail_every = 50, .seed = seed, .nep = 2,
			.ep = {{.name = "hist", .share = 0.4, .kb_per_req = 8, .req_jitter = 1,
				.site = "/srv/app/history.py:31", .listed_from = 2640},
				{.name = "a", .share = 0.6}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/history.py:31");
		assert_non_null(t);
		assert_true(t->links[0].joint);
		assert_true(t->links[0].req_p > 0.0005 && t->links[0].req_p < 0.01);
		assert_true(t->links[1].req_p > 0.3);
		assert_leaks_alone(&R, 0, LS_VERDICT_LEAK, "/srv/app/history.py:31");
		/* and its suspect list says so too, as the explanation does:
		 * the link is short of the sites' own LINK_ALPHA (0.001) */
		assert_false(t->links[0].linked);
		assert_true(R.a.verdict[0].suspects[0].linked);
		assert_non_null(strstr(R.a.verdict[0].explanation, " KB per request of this endpoint; +"));
		assert_non_null(strstr(R.a.verdict[0].explanation, " MB per 1,000 requests of the process)."));
		run_done(&R);
	}
}

/* One or three errors near the end of the capture each keep 2.3 MB: the
 * heap steps up for the last few dozen requests, too late for a trend
 * through the window (the process's p > 0.1, the endpoint's own curve
 * NOISY). The rise since its first error shows the growth; with one error
 * it waits for a second (GROWING). */
static void test_error_steps_at_the_end(void **state)
{
	(void)state;
	for (uint64_t seed = 4; seed <= 5; seed++) {
		struct sim S = {.n = 640, .base_mb = 45, .noise_mb = 0.06, .detail_every = 15, .seed = seed, .nep = 2,
			.ep = {{.name = "img", .share = 0.6, .err_rate = 0.1, .err_from = 600, .kb_per_err = 2300,
				.site = "/srv/app/images.py:581"},
				{.name = "health", .share = 0.4}}};
		struct run R;
		run_sim(&R, &S);
		assert_true(R.a.attrib.process_p > 0.1);
		assert_int_equal(R.a.verdict[0].series_kind, LS_VERDICT_NOISY);
		assert_int_equal(R.a.verdict[0].kind,
			R.p.ep[0].nerrors == 1 ? LS_VERDICT_GROWING : LS_VERDICT_ERROR_PATH_LEAK);
		assert_int_equal(R.p.ep[0].nerrors, seed == 4 ? 1 : 3);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		run_done(&R);
	}
}

/* A cache of 12 MB filling with a time constant of 1,100 of 3,000
 * requests: still creeping up when the capture ends, slower than the
 * levelling fit can represent (a quarter of the window), so its site stays
 * a suspect. Its rate over the last third of its samples is a third of
 * that over the first: the site is slowing, which proves no leak (without
 * that, both endpoints were LEAK in all 6 seeds, on the site), and the
 * explanation says what it may be. A steady leak at the same line
 * (test_leak_on_levelling_cache, test_site_entered_late) is not slowing. */
static void test_site_slowing_cache(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim S = {.n = 3000, .base_mb = 60, .noise_mb = 0.3, .warmup_mb = 12, .warmup_tau = 1100,
			.detail_every = 15, .seed = seed, .nep = 2,
			.ep = {{.name = "models", .share = 0.4}, {.name = "b", .share = 0.6}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/cache.py:40");
		assert_non_null(t);
		assert_true(t->suspect && t->slowing && !t->plateaued);
		assert_true(t->late_mb_per_1k < t->early_mb_per_1k / 2);
		/* judged per request of the endpoint whose link is strongest (the
		 * cache grows with every request of the process: either) */
		assert_true(t->slowing_ep < 2);
		for (uint32_t e = 0; e < 2; e++)
			assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
		const struct ls_verdict *v = &R.a.verdict[t->slowing_ep];
		if (v->kind == LS_VERDICT_GROWING)
			assert_non_null(strstr(v->explanation, "grows with its requests, but ever more slowly"));
		run_done(&R);
	}
}

/* A steady leak (8 KB per request) whose endpoint's share of the traffic
 * falls from 60 % to 15 % at request 1,000: per process request its site
 * slows to a quarter, per request of its endpoint it does not. It is no
 * slowing cache: LEAK. (Judged per process request it was GROWING in 12 of
 * 12 seeds.) */
static void test_leak_traffic_shift(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim S = {.n = 3000, .base_mb = 100, .noise_mb = 1, .detail_every = 15, .seed = seed, .nep = 2,
			.mix_from = 1000,
			.ep = {{.name = "hist", .share = 0.6, .share_late = 0.15, .kb_per_req = 8,
				.site = "/srv/app/history.py:31"},
				{.name = "a", .share = 0.4, .share_late = 0.85}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/history.py:31");
		assert_non_null(t);
		assert_false(t->slowing);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		run_done(&R);
	}
}

/* An error path keeping 120 KB per error whose error rate falls from 5 %
 * to 1 % at request 1,000, on a heap with 8 MB of noise: its site slows
 * down, but it steps at errors, so it is no cache (seeds where the site
 * alone shows the leak: they were GROWING when it counted as slowing). */
static void test_error_path_rate_falls(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {6, 9, 10, 11};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 3000, .base_mb = 100, .noise_mb = 8, .detail_every = 15, .seed = seeds[i],
			.nep = 2, .mix_from = 1000,
			.ep = {{.name = "pay", .share = 0.5, .share_late = 0.5, .err_rate = 0.05, .err_rate_late = 0.01,
				.kb_per_err = 120, .site = "/srv/app/retry.py:7"},
				{.name = "a", .share = 0.5, .share_late = 0.5}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/retry.py:7");
		assert_non_null(t);
		assert_false(t->slowing);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_ERROR_PATH_LEAK);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		run_done(&R);
	}
}

/* Every endpoint but one starts after the process's first request and
 * stops before its last, by chance: a rare endpoint (1 % of the traffic)
 * may first show up 150 requests in. None of that is a change of coverage;
 * each spurious regime would cost the site models a column. */
static void test_regimes_ignore_chance_heads(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {5, 77, 901};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 3000, .base_mb = 40, .noise_mb = 0.1, .drop_frac = 0.3, .detail_every = 15,
			.seed = seeds[i], .nep = 4,
			.ep = {{.name = "rare", .share = 0.01}, {.name = "chat", .share = 0.19},
				{.name = "health", .share = 0.5}, {.name = "models", .share = 0.3}}};
		struct run R;
		run_sim(&R, &S);
		uint32_t late = 0;
		for (uint32_t e = 0; e < 4; e++)
			late += R.p.ep[e].req_no[0] > 1;
		assert_true(late >= 3);  /* the heads are there */
		int64_t *b;
		assert_int_equal(ls_process_regimes(&R.p, INT64_MIN, &b), 0);
		free(b);
		run_done(&R);
	}
}

/* Holes in the recording (model.h): the requests the profiler was off for
 * are one hole, found to the request, whether every request is recorded or
 * three in ten are sampled out; sampling's own runs, a rotated file's head
 * and a rare endpoint's spacing are none. */
static void test_process_holes(void **state)
{
	(void)state;
	for (int sampled = 0; sampled < 2; sampled++) {
		struct sim S = {.n = 6000, .base_mb = 40, .noise_mb = 0.1, .detail_every = 15, .seed = 31 + sampled,
			.drop_frac = sampled ? 0.3 : 0, .nep = 3,
			.ep = {{.name = "rare", .share = 0.01}, {.name = "chat", .share = 0.39, .keep_last = 1000},
				{.name = "health", .share = 0.6}}};
		struct run R;
		run_sim(&R, &S);
		int64_t *h;
		assert_int_equal(ls_process_holes(&R.p, &h), 0);
		assert_null(h);
		run_done(&R);
		S.off_from = 2000;
		S.off_len = 700;
		run_sim(&R, &S);
		assert_int_equal(ls_process_holes(&R.p, &h), 1);
		/* from the last record before to the first after (whose
		 * neighbours may be sampled out, or chat's, rotated away) */
		assert_true(h[0] <= 2000 && h[0] > 1990);
		assert_true(h[1] >= 2699 && h[1] < 2710);
		bool at_before = false, at_after = false;
		for (uint64_t i = 0; i < R.p.ntl; i++) {
			int64_t q = R.p.ep[R.p.tl_ep[i]].req_no[R.p.tl_row[i]];
			at_before |= q == h[0] - 1;
			at_after |= q == h[1] + 1;
			assert_false(q >= h[0] && q <= h[1]);
		}
		assert_true(at_before && at_after);
		free(h);
		run_done(&R);
	}
}

/* Sampling close to 1 (one request in a hundred dropped) leaves lone
 * unrecorded requests among long stretches with none: the stretch around
 * one says the profiler drops few, not none, so it is no hole (it broke
 * the chart's lines and restarted the rolling mean dozens of times). A
 * short real stretch is still one. */
static void test_holes_near_full_sampling(void **state)
{
	(void)state;
	static const double drops[] = {0.001, 0.005, 0.01, 0.02, 0.05};
	for (size_t k = 0; k < sizeof drops / sizeof drops[0]; k++) {
		struct sim S = {.n = 20000, .base_mb = 40, .noise_mb = 0.1, .detail_every = 15, .seed = 4 + k,
			.drop_frac = drops[k], .nep = 2,
			.ep = {{.name = "chat", .share = 0.4}, {.name = "health", .share = 0.6}}};
		struct run R;
		run_sim(&R, &S);
		int64_t *h;
		assert_int_equal(ls_process_holes(&R.p, &h), 0);
		run_done(&R);
		S.off_from = 8000;
		S.off_len = 12;
		run_sim(&R, &S);
		assert_int_equal(ls_process_holes(&R.p, &h), 1);
		assert_true(h[0] <= 8000 && h[1] >= 8011);
		free(h);
		run_done(&R);
	}
}

/* The process line says where nothing was recorded: its window counts
 * request numbers the heap was never read at. Sampling's short runs are
 * no such stretch. */
static void test_heap_names_its_hole(void **state)
{
	(void)state;
	struct sim S = {.n = 5000, .base_mb = 60, .noise_mb = 0.1, .detail_every = 15, .seed = 8, .nep = 2,
		.off_from = 2000, .off_len = 700,
		.ep = {{.name = "chat", .share = 0.4, .kb_per_req = 6, .site = "/srv/app/routers/chat.py:412"},
			{.name = "health", .share = 0.6}}};
	struct run R;
	run_sim(&R, &S);
	assert_non_null(strstr(R.a.heap.text, " to 5,000. No file recorded"));
	assert_non_null(strstr(R.a.heap.text, " No file recorded requests 2,000 to 2,699: the profiler was off, or "
		"their records were lost. Leaking: chat."));
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	run_done(&R);
	S.off_len = 0;
	S.drop_frac = 0.4;
	run_sim(&R, &S);
	assert_null(strstr(R.a.heap.text, "No file recorded"));
	run_done(&R);
}

/* Rotation and a cut file: "chat" leaks 4 KB per request; its file and the
 * busy "health"'s keep only their last 3,000 records, and chat's was cut
 * (the reader caught it mid-rewrite) 1,500 requests before the end. Early
 * on only "models" has records, at the end only health and models: the
 * unrecorded requests are health's and chat's early, chat's late. One
 * "unrecorded" column for both (or spreading the early ones over the only
 * endpoint recorded there) handed chat's growth to health or models. */
static void test_rotated_and_cut_leaker(void **state)
{
	(void)state;
	struct sim S = {.n = 14000, .base_mb = 180, .noise_mb = 0.5, .detail_every = 15, .seed = 147, .nep = 3,
		.ep = {{.name = "chat", .share = 0.375, .kb_per_req = 4, .err_rate = 0.01, .keep_last = 3000,
			.stop_at = 12500, .site = "/srv/app/routers/chat.py:412"},
			{.name = "health", .share = 0.5, .keep_last = 3000}, {.name = "models", .share = 0.125}}};
	struct run R;
	run_sim(&R, &S);
	/* the files are what the comment says */
	assert_true(R.p.ep[0].req_no[0] > 4000 && R.p.ep[0].req_no[R.p.ep[0].n - 1] <= 12500);
	assert_true(R.p.ep[1].req_no[0] > 6000);
	/* coverage regimes: chat starts, health starts, chat stops; then the
	 * last few requests, where health's or models' last record may come
	 * before the very last request */
	int64_t *b;
	uint32_t nb = ls_process_regimes(&R.p, INT64_MIN, &b);
	int64_t chat_end = R.p.ep[0].req_no[R.p.ep[0].n - 1] + 1;
	assert_true(nb >= 3 && nb <= 5);  /* (3 here, plus models' early stop) */
	assert_true(b[0] == R.p.ep[0].req_no[0] && b[1] == R.p.ep[1].req_no[0] && b[2] == chat_end);
	for (uint32_t i = 3; i < nb; i++)
		assert_true(b[i] > chat_end + 1000 && b[i] <= 14000);
	assert_int_equal(ls_regime_of(b, nb, b[0] - 1), 0);
	assert_int_equal(ls_regime_of(b, nb, b[0]), 1);
	assert_int_equal(ls_regime_of(b, nb, chat_end), 3);
	/* the requests unrecorded after chat's last record are of the regime
	 * without chat (they start at chat_end), not of the one before */
	uint32_t g = 99;
	assert_int_equal(ls_unrecorded_between(b, nb, chat_end - 1, chat_end + 9, &g), 9);
	assert_int_equal(g, 3);
	assert_int_equal(ls_unrecorded_between(b, nb, chat_end - 2, chat_end - 1, &g), 0);
	assert_int_equal(ls_unrecorded_between(b, nb, INT64_MAX - 1, INT64_MAX, &g), 0);
	assert_int_equal(ls_unrecorded_between(b, nb, INT64_MIN, INT64_MAX, &g), UINT64_MAX - 1);
	free(b);
	/* from health's start on, only what lies after it */
	assert_int_equal(ls_process_regimes(&R.p, R.p.ep[1].req_no[0], &b), nb - 2);
	assert_int_equal(b[0], chat_end);
	free(b);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
	assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
	/* health's link to chat's site is noise (0.12 KiB, p = 0.06): the
	 * best-covered stretch (0.007 +- 0.008) contradicts no link there,
	 * and the whole capture's model keeps the site's links */
	const struct ls_site_trend *t = trend_of(&R, "/srv/app/routers/chat.py:412");
	assert_non_null(t);
	assert_non_null(t->links);
	for (uint32_t e = 0; e < 3; e++)
		assert_false(t->links[e].contradicted);
	assert_true(t->links[0].linked);
	run_done(&R);
}

/* The heap's steps at errors (steps.h), on a heap with a GC sawtooth (10 MB
 * piling up over 200 requests, then collected): "upload" keeps 2 MB +- 30 %
 * on each error, "search" nothing on its errors, and "spike" allocates
 * 20 MB on each error, freed by the next request. Measured locally, with
 * the sawtooth's rise taken out and the errors next to a collection
 * skipped, upload's steps are its 2 MB, the others' none. (Without the
 * local trend, the sawtooth alone reads as a step of 0.8 MB at every
 * error; without the skip, collections right after upload's errors pull
 * its mean step far below 2 MB.) */
static void test_error_steps(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.2, .saw_mb = 10, .saw_period = 200,
			.detail_every = 15, .seed = seed, .nep = 3,
			.ep = {{.name = "upload", .share = 0.3, .err_rate = 0.02, .kb_per_err = 2048, .err_jitter = 0.3},
				{.name = "search", .share = 0.4, .err_rate = 0.05},
				{.name = "spike", .share = 0.3, .err_rate = 0.03, .spike_mb = 20}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_steps *st = R.a.steps;
		for (uint32_t e = 0; e < 3; e++)
			assert_true(st[e].n >= 10);
		assert_true(fabs(st[0].mean_mb - 2) < 0.3);
		assert_true(st[0].mean_mb - 2 * st[0].se_mb > 1.5);
		for (uint32_t e = 1; e < 3; e++)
			assert_true(fabs(st[e].mean_mb) < 0.15 && fabs(st[e].mean_mb) < 3 * st[e].se_mb + 0.02);
		run_done(&R);
	}
}

/* A heap whose level also wanders (a random walk of 0.05 MB per request
 * over 0.1 MB of noise), two endpoints with a few errors that keep
 * nothing: between the two sides of a step the heap drifts, so the step's
 * standard error must count the walk (from the attribution's noise model)
 * or the steps of innocent errors look significant. Over 60 seeds their
 * z-scores have an RMS of about 1.3 (1.9 without the walk's share). */
static void test_error_steps_random_walk(void **state)
{
	(void)state;
	double ssz = 0;
	uint32_t runs = 0;
	for (uint64_t seed = 1; seed <= 60; seed++) {
		struct sim S = {.n = 1500, .base_mb = 80, .noise_mb = 0.1, .walk_mb = 0.05, .detail_every = 15,
			.seed = seed, .nep = 2,
			.ep = {{.name = "a", .share = 0.5, .err_rate = 0.002}, {.name = "b", .share = 0.5, .err_rate = 0.002}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < 2; e++) {
			const struct ls_steps *st = &R.a.steps[e];
			if (st->n == 0)
				continue;
			double z = st->mean_mb / st->se_mb;
			ssz += z * z;
			runs++;
		}
		run_done(&R);
	}
	assert_true(runs >= 40);
	assert_true(sqrt(ssz / runs) < 1.6);
}

/* An error path that keeps 2 MB on 40 % of its errors only, no site of its
 * own listed: the heap's steps at its errors are mostly 0, but their mean
 * agrees with the fit's retention per error (about 0.8 MB), so the steps
 * bear the fit out and it is ERROR_PATH_LEAK. */
static void test_error_path_some_errors(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		struct sim S = {.n = 4000, .base_mb = 80, .noise_mb = 0.2, .detail_every = 15, .seed = seed, .nep = 2,
			.ep = {{.name = "upload", .share = 0.5, .err_rate = 0.03, .kb_per_err = 2048, .err_keep = 0.4},
				{.name = "search", .share = 0.5, .err_rate = 0.03}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_steps *st = &R.a.steps[0];
		assert_true(st->n >= 10);
		assert_true(fabs(st->mean_mb - R.a.attrib.ep[0].kb_per_error / 1024) < 3 * st->se_mb);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_ERROR_PATH_LEAK);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		run_done(&R);
	}
}

/* An endpoint whose every request fails and retains 40 KB: per request and
 * per error are the same thing, and the path to fix is the failing one,
 * so it is ERROR_PATH_LEAK, whichever of the two the simulation keeps. */
static void test_all_errors_leak_on_error_path(void **state)
{
	(void)state;
	for (int per_err = 0; per_err <= 1; per_err++) {
		struct sim S = {.n = 3000, .base_mb = 100, .noise_mb = 0.3, .detail_every = 15, .seed = 3, .nep = 3,
			.ep = {{.name = "broken", .share = 0.2, .err_rate = 1, .kb_per_req = per_err ? 0 : 40,
					.kb_per_err = per_err ? 40 : 0, .site = "/srv/app/broken.py:541"},
				{.name = "ok", .share = 0.6, .err_rate = 0.01},
				{.name = "health", .share = 0.2}}};
		struct run R;
		run_sim(&R, &S);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_ERROR_PATH_LEAK);
		assert_non_null(strstr(R.a.verdict[0].explanation, "Every one of its requests was an error response"));
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
		run_done(&R);
	}
}

/* An endpoint with too few records for a trend of its own (about 8 of
 * 1,500 requests), every one an error keeping 1.5 MB at its own site: the
 * site's exact sizes step at each of them, and say so. It was TOO_FEW,
 * "only 8 memory samples", whatever its site showed. */
static void test_few_records_site_shows_error_path(void **state)
{
	(void)state;
	struct sim S = {.n = 1500, .base_mb = 100, .noise_mb = 0.3, .detail_every = 15, .seed = 5, .nep = 3,
		.ep = {{.name = "export", .share = 0.005, .err_rate = 1, .kb_per_err = 1500,
				.site = "/srv/app/export.py:212"},
			{.name = "search", .share = 0.6, .err_rate = 0.01},
			{.name = "health", .share = 0.395}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_true(R.p.ep[0].n < 12);
	assert_int_equal(v->series_kind, LS_VERDICT_TOO_FEW);
	assert_int_equal(v->kind, LS_VERDICT_ERROR_PATH_LEAK);
	assert_non_null(strstr(v->explanation, "/srv/app/export.py:212"));
	assert_non_null(strstr(v->explanation, "memory samples are too few for a trend of their own"));
	assert_true(v->nsuspects > 0);
	assert_string_equal(site_of(&R, &v->suspects[0]), "/srv/app/export.py:212");
	assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
	assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
	run_done(&R);
}

/* A 20 MB warm-up is set aside: 3 of "pay"'s 13 errors fall in it. The
 * explanation counts the errors its figure rests on and says why that is
 * fewer than the header's 13 ("over 10 errors" read as a miscount). */
static void test_error_count_in_window_said(void **state)
{
	(void)state;
	struct sim S = {.n = 2000, .base_mb = 100, .noise_mb = 0.2, .warmup_mb = 20, .warmup_tau = 120,
		.detail_every = 15, .seed = 3, .nep = 3,
		.ep = {{.name = "pay", .share = 0.3, .err_rate = 0.03, .kb_per_err = 800},
			{.name = "a", .share = 0.4, .err_rate = 0.01}, {.name = "b", .share = 0.3, .err_rate = 0.01}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_ERROR_PATH_LEAK);
	assert_int_equal(R.p.ep[0].nerrors, 13);
	assert_int_equal(R.a.attrib.ep[0].errors, 10);
	assert_non_null(strstr(v->explanation, "over the 10 of its 13 errors in the heap's window"));
	run_done(&R);
}

/* One endpoint file, 45 % of the request numbers without a record, the heap
 * climbing 4 KB per request: sampled-out requests of this endpoint, or
 * another endpoint whose file is missing? The data cannot tell (the
 * unrecorded requests are interleaved at random), so it is GROWING, and
 * the explanation names that reason instead of quoting a clear fit as
 * "not established". With every request recorded it is LEAK. */
static void test_single_file_with_gaps(void **state)
{
	(void)state;
	for (int gaps = 0; gaps < 2; gaps++) {
		struct sim S = {.n = 1200, .base_mb = 188, .noise_mb = 0.3, .detail_every = 15, .seed = 7,
			.drop_frac = gaps ? 0.45 : 0, .nep = 1,
			.ep = {{.name = "team", .share = 1, .kb_per_req = 4, .err_rate = 0.01}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_verdict *v = &R.a.verdict[0];
		assert_int_equal(v->series_kind, LS_VERDICT_LEAK);
		if (gaps) {
			assert_true(R.a.attrib.unknown_as_mix);
			assert_int_equal(v->kind, LS_VERDICT_GROWING);
			assert_non_null(strstr(v->explanation, "request numbers that have no record"));
		} else {
			assert_int_equal(v->kind, LS_VERDICT_LEAK);
		}
		run_done(&R);
	}
}

/* The leaking endpoint's file is missing (cut to nothing): its requests are
 * request numbers without a record, a third of the traffic. Spread over the
 * recorded mix as if they were sampled out, its growth made one of the two
 * innocent endpoints look like it retained 2.5-3 KB per request "of its
 * own"; they must stay leak-free. */
static void test_missing_leaker_file(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {39, 43};
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		struct sim S = {.n = 4000, .base_mb = 100, .noise_mb = 0.3, .detail_every = 15, .seed = seeds[i],
			.nep = 3, .ep = {{.name = "chat", .share = 0.34, .kb_per_req = 5, .stop_at = 1},
				{.name = "models", .share = 0.33, .err_rate = 0.01},
				{.name = "rerank", .share = 0.33, .err_rate = 0.01}}};
		struct run R;
		run_sim(&R, &S);
		assert_true(R.p.ep[0].n <= 1);
		assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
		assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
		run_done(&R);
	}
}

/* Three endpoints share one heap; only "chat" (8 KB per request) and the
 * error path of "upload" (300 KB per error) retain memory. "chat" is rotated
 * (its file keeps only the last 2,500 records) and 10 % of the request
 * numbers were sampled out. Every endpoint's own curve climbs. */
static void test_attribution_three_endpoints(void **state)
{
	(void)state;
	struct sim S = {.n = 8000, .base_mb = 250, .noise_mb = 0.5, .detail_every = 15, .seed = 23,
		.drop_frac = 0.1, .nep = 3,
		.ep = {
			{.name = "chat", .share = 0.5, .kb_per_req = 8, .keep_last = 2500, .site = "/srv/app/chat.py:210"},
			{.name = "upload", .share = 0.3, .err_rate = 0.08, .kb_per_err = 300,
				.site = "/srv/app/upload.py:55"},
			{.name = "health", .share = 0.2, .err_rate = 0.02},
		}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_attribution *A = &R.a.attrib;
	assert_true(A->valid);
	assert_true(A->unknown_requests > 500);
	const struct ls_attrib_ep *chat = &A->ep[0], *up = &A->ep[1], *hl = &A->ep[2];
	assert_true(chat->req_ci95[0] <= 8 && chat->req_ci95[1] >= 8);
	assert_true(up->err_ci95[0] <= 300 && up->err_ci95[1] >= 300);
	assert_true(up->req_ci95[0] < 0 && up->req_ci95[1] > 0);
	/* health retains nothing: within 3.3 standard errors (99.9 %) of zero */
	assert_true(fabs(hl->kb_per_request) < 3.3 * hl->req_se);
	assert_true(hl->req_p > 0.001);

	/* every own series grows, but only two endpoints are to blame */
	for (uint32_t e = 0; e < 3; e++)
		assert_true(R.a.verdict[e].slope_kb_per_request > 1);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	assert_int_equal(R.a.verdict[1].kind, LS_VERDICT_ERROR_PATH_LEAK);
	assert_int_equal(R.a.verdict[2].kind, LS_VERDICT_STABLE);
	/* ... and says no more than its interval does: health's reaches
	 * past 0.5 KB (the material size), so the leakers, not the
	 * interval, are why it is let go */
	assert_true(hl->req_ci95[1] > 0.5);
	assert_non_null(strstr(R.a.verdict[2].explanation, ", but no retention of its own is shown: "));
	assert_null(strstr(R.a.verdict[2].explanation, "does not retain memory"));
	/* upload's evidence includes the heap's own steps at its errors */
	assert_non_null(strstr(R.a.verdict[1].explanation, "Locally, the heap steps +"));
	assert_non_null(strstr(R.a.verdict[1].explanation, "each, which bears it out."));
	/* each leaking endpoint names its own site first */
	assert_true(R.a.verdict[0].nsuspects >= 1 && R.a.verdict[1].nsuspects >= 1);
	assert_string_equal(site_of(&R, &R.a.verdict[0].suspects[0]), "/srv/app/chat.py:210");
	assert_string_equal(site_of(&R, &R.a.verdict[1].suspects[0]), "/srv/app/upload.py:55");
	assert_true(R.a.verdict[0].suspects[0].linked);
	assert_int_equal(R.a.verdict[2].nsuspects, 0);
	/* both leaking sites are suspects, the cache and the static site are not */
	assert_int_equal(R.a.sites.nsuspects, 2);
	/* the process line names both */
	assert_true(R.a.heap.grows && !R.a.heap.unexplained);
	assert_non_null(strstr(R.a.heap.text, " Leaking: chat, upload (on errors)."));
	/* a site's trend line writes its p-value as every other line does */
	struct ls_buf b;
	ls_buf_init(&b);
	ls_site_trend_text(&b, &R.p, &R.a.sites, R.a.verdict[0].suspects[0].site);
	assert_non_null(strstr(b.data, "SUSPECT #"));
	assert_non_null(strstr(b.data, " MB per 1,000 requests (p < 1e-9); grows with chat"));
	ls_buf_done(&b);
	run_done(&R);
}

/* An endpoint let go because another leaks says "does not retain memory"
 * only where its own interval stays under the material size: a long,
 * quiet capture pins its share near zero. */
static void test_innocent_with_narrow_interval(void **state)
{
	(void)state;
	struct sim S = {.n = 20000, .base_mb = 100, .noise_mb = 0.05, .detail_every = 25, .seed = 5, .nep = 2,
		.ep = {{.name = "chat", .share = 0.5, .kb_per_req = 8, .site = "/srv/app/chat.py:210"},
			{.name = "health", .share = 0.5}}};
	struct run R;
	run_sim(&R, &S);
	assert_leaks_alone(&R, 0, LS_VERDICT_LEAK, "/srv/app/chat.py:210");
	assert_int_equal(R.a.verdict[1].kind, LS_VERDICT_STABLE);
	assert_true(R.a.attrib.ep[1].req_ci95[1] < ls_detect_defaults.material_kb_per_request);
	assert_non_null(strstr(R.a.verdict[1].explanation, ", but this endpoint does not retain memory: "));
	run_done(&R);
}

/* The process heap as a whole (heap_summary.h). A leak whose allocations
 * never reach the top K, in a steady mix of three endpoints: the heap
 * clearly grows, no endpoint's share can be told from the others', and the
 * summary says why the sites cannot name it either. */
/* The KB/req column (ls_verdict_retained_kb) shows a figure only where the
 * verdict says the endpoint retains memory: a GROWING endpoint whose share
 * misses the adjusted threshold must not show "+20.1" next to the leak. */
static void test_retained_kb_only_where_established(void **state)
{
	(void)state;
	struct ls_verdict v = {.kind = LS_VERDICT_GROWING, .attributed = true, .attributed_kb_per_request = 20.1,
		.attributed_ci95 = {3.0, 37.2}, .attributed_p = 1e-5, .lead_kb_per_request = NAN};
	assert_true(isnan(ls_verdict_retained_kb(&v)));
	v.kind = LS_VERDICT_NOISY;
	assert_true(isnan(ls_verdict_retained_kb(&v)));
	v.kind = LS_VERDICT_ERROR_PATH_LEAK;
	assert_float_equal(ls_verdict_retained_kb(&v), 20.1, 1e-12);
	/* an error path's other requests at p = 0.012: above zero, but short
	 * of the bar every share must pass (p < 0.001) */
	v.attributed_p = 0.012;
	assert_true(isnan(ls_verdict_retained_kb(&v)));
	v.attributed_p = 1e-5;
	v.attributed_ci95[0] = -1.0;
	assert_true(isnan(ls_verdict_retained_kb(&v)));
	/* an error path whose other requests clearly free memory: no "-17.3" */
	v.attributed_kb_per_request = -17.3;
	v.attributed_ci95[0] = -30.1;
	v.attributed_ci95[1] = -4.4;
	assert_true(isnan(ls_verdict_retained_kb(&v)));
	v.kind = LS_VERDICT_LEAK;
	v.lead_kb_per_request = 6.2;
	assert_float_equal(ls_verdict_retained_kb(&v), 6.2, 1e-12);
}

static void test_heap_summary_unlisted(void **state)
{
	(void)state;
	/* the listed sites are bigger than what the leak grows to (1.5 MB) */
	struct sim S = {.n = 1500, .base_mb = 120, .noise_mb = 0.5, .detail_every = 15, .seed = 1, .nep = 3,
		.static_mb = 6, .cache_mb = 2.5,
		.ep = {
			{.name = "models", .share = 0.35, .kb_per_req = 3},   /* no site: never listed */
			{.name = "health", .share = 0.35},
			{.name = "embeddings", .share = 0.3},
		}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_heap_summary *h = &R.a.heap;
	for (uint32_t e = 0; e < 3; e++)
		assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_GROWING);
	assert_true(h->valid && h->grows && h->unexplained);
	assert_int_equal(h->nleaks, 0);
	/* 3 KB per models request, 35 % of the traffic */
	assert_true(h->ci95[0] <= 1.05 && h->ci95[1] >= 1.05);
	assert_int_equal(h->top_k, 2);                     /* the simulator lists two sites */
	assert_true(fabs(h->smallest_listed_mb - 2.5) < 0.05);  /* the cache, smaller than the static one */
	assert_non_null(strstr(h->text, "The heap grows +1."));
	assert_non_null(strstr(h->text, "No endpoint's own share of it is established, and no site the profiler "
		"listed grows: what grows stays below its top 2"));
	/* and the endpoint the user opens says the same */
	assert_non_null(strstr(R.a.verdict[0].explanation, "No site the profiler listed grows"));
	run_done(&R);

	/* the same leak with its site listed: named, so nothing is unexplained */
	S.ep[0].site = "/srv/app/models.py:323";
	run_sim(&R, &S);
	h = &R.a.heap;
	assert_true(h->grows && !h->unexplained);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	assert_int_equal(h->nleaks, 1);
	assert_non_null(strstr(h->text, " Leaking: models."));
	assert_null(strstr(R.a.verdict[1].explanation, "No site the profiler listed grows"));
	run_done(&R);

	/* nothing leaks: the heap does not grow, and says so */
	S.ep[0].kb_per_req = 0;
	run_sim(&R, &S);
	h = &R.a.heap;
	assert_true(h->valid && !h->grows && !h->unexplained);
	assert_non_null(strstr(h->text, "The heap's trend is not clear enough to call (leakscope needs p < 0.001): "));
	run_done(&R);
}

/* Materiality grows with the capture: 0.3 KB per request is no leak over
 * 5,000 requests (1.5 MB) and one over 100,000 (29 MB). */
static void test_material_on_busy_capture(void **state)
{
	(void)state;
	assert_true(fabs(ls_detect_material_kb(&ls_detect_defaults, 2000) - 0.5) < 1e-12);
	assert_true(fabs(ls_detect_material_kb(&ls_detect_defaults, 1e6) - 16 * 1024 / 1e6) < 1e-12);
	assert_true(fabs(ls_detect_material_kb(&ls_detect_defaults, 0) - 0.5) < 1e-12);
	struct sim S = {.n = 5000, .base_mb = 250, .noise_mb = 0.05, .detail_every = 25, .seed = 3, .nep = 1,
		.ep = {{.name = "chat", .share = 1, .kb_per_req = 0.3}}};
	struct run R;
	run_sim(&R, &S);
	assert_false(ls_verdict_is_leak(R.a.verdict[0].kind));
	assert_true(R.a.verdict[0].p_value < 1e-9);   /* certain, but too small to matter */
	run_done(&R);
	S.n = 100000;
	run_sim(&R, &S);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	assert_non_null(strstr(R.a.verdict[0].explanation, "little per request but 2"));
	/* the shared curve keeps the per-request bar: "grows slowly", and who leaks */
	assert_false(R.a.heap.grows);
	assert_non_null(strstr(R.a.heap.text, "The heap grows slowly: "));
	assert_non_null(strstr(R.a.heap.text, " Leaking: chat."));
	run_done(&R);
	/* (a cache filling over a long capture next to an innocent endpoint:
	 * tests/truth_verdicts.sh, long-cache) */
}

/* The series by itself: a process growing 3 KB per request is a LEAK for an
 * endpoint looked at alone (ls_detect_series), which is exactly why the
 * final verdict needs attribution. */
static void test_series_alone(void **state)
{
	(void)state;
	struct sim S = {.n = 3000, .base_mb = 100, .noise_mb = 0.3, .seed = 29, .nep = 2,
		.ep = {{.name = "leaky", .share = 0.5, .kb_per_req = 6}, {.name = "innocent", .share = 0.5}}};
	struct run R;
	run_sim(&R, &S);
	struct ls_series_fit f;
	enum ls_verdict_kind k;
	ls_detect_series(&R.p.ep[1], NULL, &f, &k);
	assert_int_equal(k, LS_VERDICT_LEAK);
	assert_true(fabs(f.slope_kb_per_request - 3) < 0.3);
	assert_int_equal(R.a.verdict[1].series_kind, LS_VERDICT_LEAK);
	assert_int_equal(R.a.verdict[1].kind, LS_VERDICT_STABLE);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	run_done(&R);
}

/* An endpoint called only during the process's warm-up: its own curve
 * climbs steeply (the cache filling), the heap's fit across endpoints
 * starts after its last request and holds none of them. Its curve is the
 * heap's, so GROWING, and the explanation must not say no fit across the
 * endpoints was made: one was, and names chat. */
static void test_unattributed_endpoint_in_a_fitted_process(void **state)
{
	(void)state;
	struct sim S = {.n = 6000, .base_mb = 100, .noise_mb = 0.05, .warmup_mb = 60, .warmup_tau = 150,
		.detail_every = 15, .seed = 5, .nep = 3,
		.ep = {{.name = "chat", .share = 0.4, .kb_per_req = 4, .site = "/srv/app/routers/chat.py:412"},
			{.name = "health", .share = 0.4}, {.name = "old", .share = 0.2, .stop_at = 400}}};
	struct run R;
	run_sim(&R, &S);
	assert_true(R.a.attrib.valid);
	assert_int_equal(R.a.attrib.ep[2].requests, 0);
	const struct ls_verdict *v = &R.a.verdict[2];
	assert_int_equal(v->series_kind, LS_VERDICT_LEAK);
	assert_int_equal(v->kind, LS_VERDICT_GROWING);
	assert_null(strstr(v->explanation, "no fit across them was made"));
	assert_non_null(strstr(v->explanation, "the fit across them, from request "));
	assert_non_null(strstr(v->explanation, " on, holds none of its requests."));
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	run_done(&R);
}

/* 1,100 endpoints: one fit of the heap with a column each could not be
 * afforded (it says so), but a site's exact sizes still link it to the
 * one endpoint whose requests grow it, "leaky": 0.3 MB each, 33 MB in
 * all. Before, with no fit across endpoints, each endpoint was judged on
 * its own curve, and a leak of 0.1 KB per process request is no material
 * trend: the leak went unnamed. */
static void test_sites_name_a_leak_among_many_endpoints(void **state)
{
	(void)state;
	enum { NEP = 1100, N = 3300 };
	struct ls_intern sites;
	ls_intern_init(&sites);
	uint32_t s_leak = ls_intern_add(&sites, "/srv/app/leak.py:10", 19);
	uint32_t s_static = ls_intern_add(&sites, "/usr/lib/python3.12/json/decoder.py:353", 39);
	struct ls_endpoint *ep = ls_xcalloc(NEP, sizeof *ep);
	for (uint32_t e = 0; e < NEP; e++) {
		ls_endpoint_init(&ep[e]);
		ep[e].name = e ? ls_xasprintf("/ep%u", e) : ls_xstrdup("leaky");
		ep[e].file = ls_xasprintf("ep%u.json", e);
		ep[e].format = LS_FMT_PROFILE;
	}
	uint64_t seed = 12;
	double leaked = 0;
	for (uint32_t t = 1; t <= N; t++) {
		/* every 30th request is leaky's, the others go round the rest */
		uint32_t e = t % 30 == 0 ? 0 : 1 + t % (NEP - 1);
		if (e == 0)
			leaked += 0.3;
		uint32_t r = ls_endpoint_add_row(&ep[e]);
		ep[e].req_no[r] = t;
		ep[e].timestamp[r] = 1.79e9 + t * 0.05;
		ep[e].current_mb[r] = sim_round3(150 + leaked + 0.2 * sim_gauss(&seed));
		ep[e].peak_mb[r] = ep[e].current_mb[r] + 2;
		ep[e].latency[r] = 0.05;
		ep[e].status[r] = 200;
		ep[e].flags[r] = LS_REQ_HAS_MEM | LS_REQ_HAS_PEAK | LS_REQ_HAS_LATENCY | LS_REQ_HAS_TIME | LS_REQ_HAS_ID |
			LS_REQ_HAS_STATUS | LS_REQ_DETAILED | LS_REQ_HAS_CONSUMERS;
		ls_endpoint_add_consumer(&ep[e], s_static, 1.5, 40);
		ls_endpoint_add_consumer(&ep[e], s_leak, sim_round3(0.3 + leaked), 10);
	}
	struct run R;
	ls_process_init(&R.p, "many");
	for (uint32_t e = 0; e < NEP; e++) {
		ls_process_adopt(&R.p, &ep[e], &sites, NULL);
		ls_endpoint_done(&ep[e]);
	}
	free(ep);
	ls_intern_done(&sites);
	ls_process_index(&R.p);
	assert_int_equal(ls_analyze_process(&R.p, NULL, &R.a), 0);
	assert_false(R.a.attrib.valid);
	assert_non_null(strstr(R.a.heap.text, "too many endpoints"));
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_int_equal(v->kind, LS_VERDICT_LEAK);
	assert_non_null(strstr(v->explanation, "With every request, /srv/app/leak.py:10 grows +307 KB per request of "
		"this endpoint"));
	assert_non_null(strstr(v->explanation, "the heap alone cannot tell (its fit across endpoints: too many "
		"endpoints"));
	assert_true(v->nsuspects >= 1);
	assert_string_equal(site_of(&R, &v->suspects[0]), "/srv/app/leak.py:10");
	for (uint32_t e = 1; e < NEP; e++)
		assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
	run_done(&R);
}

/* The explanation says why the site that grows with the endpoint is not
 * its leak: " /srv/app/frag.py:7 grows with this endpoint's requests, but
 * ever more slowly over the whole capture (1.52 MB per 1,000 of them over
 * the last third of its samples, 4.11 over the first), ..." with the
 * first rate the larger. */
static bool explains_slowdown(const char *x)
{
	static const char lead[] = " /srv/app/frag.py:7 grows with this endpoint's requests, but ever more slowly "
		"over the whole capture (";
	const char *s = strstr(x, lead);
	if (!s)
		return false;
	double early, late;
	int used = 0;
	if (sscanf(s + strlen(lead), "%lf MB per 1,000 of them over the last third of its samples, %lf over the "
		"first), %n", &late, &early, &used) != 2 || !used)
		return false;
	return late < early && strstr(s, "and per request of the process too: it does not keep their pace, as a leak "
		"would (an unbounded cache, interned strings).");
}

/* The heap's local steps at an endpoint's requests (steps.h): "leaky"
 * keeps 10 KB per request and shows it where it runs; "bursty" runs in a
 * burst while garbage of every request piles up (20 KB each, collected
 * long after the burst), which a levels fit can lend to it, but each of
 * its requests steps no higher than another's. */
static void test_request_steps(void **state)
{
	(void)state;
	enum { NEP = 3, N = 4000 };
	struct ls_intern sites;
	ls_intern_init(&sites);
	struct ls_endpoint ep[NEP];
	static const char *const names[NEP] = {"leaky", "bursty", "other"};
	for (uint32_t e = 0; e < NEP; e++) {
		ls_endpoint_init(&ep[e]);
		ep[e].name = ls_xstrdup(names[e]);
		ep[e].file = ls_xasprintf("%s.json", names[e]);
		ep[e].format = LS_FMT_PROFILE;
	}
	uint64_t seed = 7;
	double leaked = 0, garbage = 0;
	for (uint32_t t = 1; t <= N; t++) {
		bool burst = t >= 1500 && t < 2000;
		uint32_t e = burst ? (t % 5 ? 1 : 2) : (t % 3 == 0 ? 0 : 2);
		if (e == 0)
			leaked += 10.0 / 1024;
		garbage = t == 2600 ? 0 : garbage + 20.0 / 1024;
		uint32_t r = ls_endpoint_add_row(&ep[e]);
		ep[e].req_no[r] = t;
		ep[e].timestamp[r] = 1.79e9 + t * 0.05;
		/* heavy-tailed readings: every 97th is 3 MB high */
		ep[e].current_mb[r] = sim_round3(150 + leaked + garbage + 0.02 * sim_gauss(&seed) + (t % 97 ? 0 : 3));
		ep[e].peak_mb[r] = ep[e].current_mb[r] + 2;
		ep[e].latency[r] = 0.05;
		ep[e].status[r] = 200;
		ep[e].flags[r] = LS_REQ_HAS_MEM | LS_REQ_HAS_PEAK | LS_REQ_HAS_LATENCY | LS_REQ_HAS_TIME | LS_REQ_HAS_ID |
			LS_REQ_HAS_STATUS;
	}
	struct ls_process p;
	ls_process_init(&p, "steps");
	for (uint32_t e = 0; e < NEP; e++) {
		ls_process_adopt(&p, &ep[e], &sites, NULL);
		ls_endpoint_done(&ep[e]);
	}
	ls_intern_done(&sites);
	ls_process_index(&p);
	double kb, se;
	assert_true(ls_request_steps(&p, 0, 1, N, &kb, &se));
	assert_true(fabs(kb - 10) < 3 * se + 0.5);
	assert_true(se < 2);
	assert_true(ls_request_steps(&p, 1, 1, N, &kb, &se));
	assert_true(fabs(kb) < 3 * se + 0.5);
	assert_true(se < 2);
	/* too few steps: no answer */
	assert_false(ls_request_steps(&p, 1, 1, 1505, &kb, &se));
	ls_process_done(&p);
}

/* Runs S and asserts that none of its three endpoints leaks; returns how
 * many of their explanations name the slowing site and say why. */
static uint32_t assert_slowing_site_no_leak(const struct sim *S)
{
	struct run R;
	uint32_t said = 0;
	run_sim(&R, S);
	for (uint32_t e = 0; e < 3; e++) {
		assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
		said += explains_slowdown(R.a.verdict[e].explanation);
	}
	run_done(&R);
	return said;
}

/* A site all traffic grows ever more slowly, with no level in sight
 * (frag.py:7: 12 MB * sqrt(t / n), an unbounded cache or interned
 * strings): its exact sizes follow the traffic of all three endpoints
 * alike, each link clear (p < 1e-9), and from the process's steady state
 * on too little of its slowdown is left to call it a filling cache. Over
 * all its samples it plainly slows: growth the process drives, nobody's
 * leak (before, the site made all three LEAK at some seeds, and through
 * the heap's fit, which took its growth per endpoint from known_sites.h,
 * one of them at others). Two endpoints leaking at one line keep its pace,
 * and stay leaks. */
static void test_shared_slowing_site_is_no_leak(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {3, 17, 71, 113};
	uint32_t said = 0;  /* explanations that name the site and say why */
	for (size_t i = 0; i < 2 * sizeof seeds / sizeof *seeds; i++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = i % 2 ? 0.6 : 0.3, .frag_mb = 12, .detail_every = 15,
			.seed = seeds[i / 2], .nep = 3,
			.ep = {{.name = "search", .share = 0.4}, {.name = "orders", .share = 0.35},
				{.name = "users", .share = 0.25}}};
		said += assert_slowing_site_no_leak(&S);
		/* the same shares, two of them leaking at one line */
		struct run R;
		S.frag_mb = 0;
		S.ep[0].kb_per_req = 6;
		S.ep[0].site = "/srv/app/shared.py:12";
		S.ep[1].kb_per_req = 3;
		S.ep[1].site = "/srv/app/shared.py:12";
		run_sim(&R, &S);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
		assert_int_equal(R.a.verdict[1].kind, LS_VERDICT_LEAK);
		assert_false(ls_verdict_is_leak(R.a.verdict[2].kind));
		run_done(&R);
	}
	assert_true(said >= 1);
}

/* The slowing site once more, on a capture with a detailed snapshot every
 * 5th request and 70 % of the records sampled out, while the mix shifts
 * (search's share grows from 20 to 45 % at request 1,000): the joint
 * model lends the site's early, fast growth to the endpoints whose share
 * fell, one of them at a time, and none of the pace tests sees it as
 * theirs (5 LEAK of 120 over 30 seeds; othersim's DETAIL=5 DROP=0.7: 6
 * of its 8 wrong verdicts). But between samples the site rose as often
 * without that endpoint's requests as with them: growth that does not
 * wait for it (ls_rises.anyway). */
static void test_site_rising_anyway_is_no_leak(void **state)
{
	(void)state;
	uint32_t leaks = 0, said = 0;
	for (uint64_t seed = 1; seed <= 30; seed++) {
		struct sim S = {.n = 3000, .base_mb = 120, .noise_mb = 0.3, .frag_mb = 10, .detail_every = 5,
			.drop_frac = 0.7, .mix_from = 1000, .seed = seed, .nep = 4,
			.ep = {{.name = "search", .share = 0.2, .share_late = 0.45},
				{.name = "orders", .share = 0.3, .share_late = 0.2},
				{.name = "users", .share = 0.25, .share_late = 0.2},
				{.name = "health", .share = 0.25, .share_late = 0.15}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < S.nep; e++) {
			leaks += ls_verdict_is_leak(R.a.verdict[e].kind);
			said += strstr(R.a.verdict[e].explanation, " /srv/app/frag.py:7 grows with this endpoint's "
				"requests (") && strstr(R.a.verdict[e].explanation, "), but it rose between samples "
				"without them (") && strstr(R.a.verdict[e].explanation, "as often as with them (");
		}
		run_done(&R);
	}
	/* (the one left: the heap's only-endpoint rule, on its own fit) */
	assert_in_range(leaks, 0, 1);
	assert_in_range(said, 3, 120);
}

/* The profiler's sampling records every N-th request number, so the
 * unrecorded requests (N - 1 before every record) are the recorded ones'
 * count times N - 1: one column too many. The one left out was theirs, and
 * each endpoint's requests then carried a like share of the leaker's
 * unrecorded ones, in the site links, the known sites and the heap: all
 * three endpoints LEAK at 6 seeds of 6 (thirdsim's sampled scenario: 6 of
 * its 12 false alarms). Each endpoint's requests now carry their own
 * unrecorded ones, by its share of the records. */
static void test_every_nth_request_recorded(void **state)
{
	(void)state;
	uint32_t found = 0;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim S = {.n = 20000, .base_mb = 120, .noise_mb = 0.3, .detail_every = 15,
			.sample_every = 5, .seed = seed, .nep = 3,
			.ep = {{.name = "upload", .share = 0.2, .kb_per_req = 8, .req_jitter = 0.5,
				.site = "/srv/app/upload.py:40"},
				{.name = "search", .share = 0.4}, {.name = "users", .share = 0.4}}};
		struct run R;
		run_sim(&R, &S);
		assert_int_equal(ls_process_sample_stride(&R.p), 5);
		found += ls_verdict_is_leak(R.a.verdict[0].kind);
		for (uint32_t e = 1; e < S.nep; e++) {
			assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
			/* nor a share of the heap: it is the leaker's */
			assert_false(R.a.attrib.ep[e].req_p_holm < 0.001 && R.a.attrib.ep[e].kb_per_request > 1);
		}
		/* the leaker's own: 8 KB per request, its unrecorded ones too */
		assert_true(fabs(R.a.attrib.ep[0].kb_per_request - 8) < 2.5);
		run_done(&R);
		/* sampled at random: no grid */
		S.sample_every = 0;
		S.drop_frac = 0.8;
		run_sim(&R, &S);
		assert_int_equal(ls_process_sample_stride(&R.p), 0);
		run_done(&R);
	}
	assert_true(found >= 5);
}

/* The slowing site and error responses: a detailed snapshot every 50th
 * request and at every error, half the records sampled out. An error's
 * record is a sample after a long span, in which the site grew the most
 * when it grew fastest, so the error columns take some of its early
 * growth: 3 ERROR_PATH_LEAK over 40 seeds (frag.py:7 +51 KB per error of
 * search), and othersim's spikes scenario showed 3 such. Between samples
 * the site rose as often with none of that endpoint's errors as with
 * them, span length for span length: no error path's leak. */
static void test_site_rising_without_errors_is_no_error_leak(void **state)
{
	(void)state;
	uint32_t said = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .frag_mb = 10, .detail_every = 50,
			.drop_frac = 0.5, .seed = seed, .nep = 4,
			.ep = {{.name = "search", .share = 0.3, .err_rate = 0.02},
				{.name = "orders", .share = 0.3, .err_rate = 0.02},
				{.name = "users", .share = 0.2, .err_rate = 0.02},
				{.name = "health", .share = 0.2, .err_rate = 0.05}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < S.nep; e++) {
			assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
			const char *x = strstr(R.a.verdict[e].explanation, " /srv/app/frag.py:7 grows at this endpoint's "
				"error responses (");
			said += x && strstr(x, "), but it rose between samples with none of them (") &&
				strstr(x, "growth that does not wait for its errors");
		}
		run_done(&R);
	}
	assert_true(said >= 2);
}

/* A 2 KB-per-request leak at its own line, on a heap with an 8 MB GC
 * sawtooth that hides its trend, by an endpoint with two or three errors:
 * the heap rose by a megabyte since its first error, which its errors
 * were then asked to explain, and when they did not, nothing else was
 * asked: NOISY at 9 seeds of 40 (othersim DROP=0.5 leak seed 57, 4
 * variants). The site's exact sizes follow its requests, as where the
 * heap shows no rise at all. */
static void test_few_errors_leave_the_sites_heard(void **state)
{
	(void)state;
	uint32_t found = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sim S = {.n = 3000, .base_mb = 120, .noise_mb = 0.3, .saw_mb = 8, .saw_period = 400,
			.detail_every = 15, .seed = seed, .nep = 4,
			.ep = {{.name = "orders", .share = 0.2, .kb_per_req = 2, .err_rate = 0.004,
					.site = "/srv/app/leaky.py:42"},
				{.name = "search", .share = 0.3, .err_rate = 0.01},
				{.name = "users", .share = 0.3, .err_rate = 0.01},
				{.name = "health", .share = 0.2, .err_rate = 0.01}}};
		struct run R;
		run_sim(&R, &S);
		found += found_alone(&R, LS_VERDICT_LEAK, "/srv/app/leaky.py:42");
		run_done(&R);
	}
	assert_int_equal(found, 40);
}

/* An error path keeps 2 MB per error at leaky.py:42 (orders, 8 % errors)
 * on a sampled capture: half the records, so half of the steps fall
 * between samples that another endpoint's counts can seem to explain. At
 * seed 6 the joint model gave report +124 KB per request (p = 1.9e-04),
 * and report was LEAK (othersim's DROP+KEEP: 2 such). A link that big
 * would make the site rise between almost any two samples with one of
 * report's requests between them; it rose in under half of those, and no
 * more often than in spans of the same length without them: no link. */
static void test_error_steps_lend_no_request_link(void **state)
{
	(void)state;
	uint32_t found = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .detail_every = 15, .drop_frac = 0.5,
			.seed = seed, .nep = 5,
			.ep = {{.name = "orders", .share = 0.2, .err_rate = 0.08, .kb_per_err = 2000,
					.site = "/srv/app/leaky.py:42"},
				{.name = "users", .share = 0.2, .err_rate = 0.02},
				{.name = "search", .share = 0.2, .err_rate = 0.02},
				{.name = "report", .share = 0.2, .err_rate = 0.02},
				{.name = "health", .share = 0.2, .err_rate = 0.02}}};
		struct run R;
		run_sim(&R, &S);
		found += R.a.verdict[0].kind == LS_VERDICT_ERROR_PATH_LEAK;
		for (uint32_t e = 1; e < S.nep; e++)
			assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
		if (seed == 6) {
			const struct ls_site_trend *t = NULL;
			for (uint32_t i = 0; i < R.a.sites.n; i++)
				if (!strcmp(ls_intern_str(&R.p.sites, R.a.sites.v[i].site), "/srv/app/leaky.py:42"))
					t = &R.a.sites.v[i];
			assert_non_null(t);
			assert_non_null(t->links);
			const struct ls_site_link *l = &t->links[3];
			assert_true(l->kb_per_request > 50 && l->req_p < 0.001);
			assert_true(l->rises_missing && !l->linked);
			assert_true(2 * l->req_rises.with_rose < l->req_rises.with && l->req_rises.p >= 0.05);
			/* its own: every error steps it, and those spans say so */
			assert_true(t->links[0].linked && t->links[0].via_errors);
			/* 2 MB per error is said in MB, not as "+2017 KB", the rate
			 * and the heap's steps alike */
			const char *x = R.a.verdict[0].explanation;
			assert_non_null(strstr(x, "Each error response retains +1.98 MB per error (95 % CI 1.65 to 2.32, "));
			assert_non_null(strstr(x, "the heap steps +1.97 MB (+- 0.072, one standard error) on average"));
		}
		run_done(&R);
	}
	assert_int_equal(found, 40);
}

/* Error responses that hold 5 MB each for 200 to 600 requests and free it
 * (a retry buffer at errors.py:88; orders, 4 % errors) on a sampled
 * capture (half the records out): where the capture ends among held
 * buffers, the heap's fit gives each error megabytes, and the heap's
 * steps at each of them bear that out (4 of these 20 seeds were
 * ERROR_PATH_LEAK; othersim DROP=0.3 spikes seed 28: "+9693 KB per
 * error"). The site's exact sizes show the steps given back: it stands a
 * few MB higher at its last listing than at its first, after a dozen 5 MB
 * steps. A real error path at that rate (2 MB per error) keeps its steps,
 * and is found. */
static void test_held_error_buffers_are_no_leak(void **state)
{
	(void)state;
	uint32_t found = 0, said = 0;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		for (int leak = 0; leak < 2; leak++) {
			struct sim S = {.n = 3000, .base_mb = 120, .noise_mb = 0.3, .frag_mb = 8, .saw_mb = 4,
				.saw_period = 300, .detail_every = 15, .drop_frac = 0.5, .seed = seed, .nep = 5,
				.ep = {{.name = "orders", .share = 0.2, .err_rate = 0.04, .site = "/srv/app/errors.py:88"},
					{.name = "users", .share = 0.2, .err_rate = 0.02},
					{.name = "search", .share = 0.2, .err_rate = 0.02},
					{.name = "report", .share = 0.2, .err_rate = 0.02},
					{.name = "health", .share = 0.2, .err_rate = 0.02}}};
			if (leak) {
				S.ep[0].kb_per_err = 2000;
			} else {
				S.ep[0].spike_mb = 5;
				S.ep[0].spike_hold = 400;
			}
			struct run R;
			run_sim(&R, &S);
			if (leak) {
				/* (its neighbours are not this test's matter: on
				 * half the records, seed 15 lends report's errors a
				 * link to the error path's site) */
				found += R.a.verdict[0].kind == LS_VERDICT_ERROR_PATH_LEAK;
				run_done(&R);
				continue;
			}
			for (uint32_t e = 0; e < S.nep; e++)
				assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
			said += strstr(R.a.verdict[0].explanation, "/srv/app/errors.py:88, which steps") &&
				strstr(R.a.verdict[0].explanation, "free again, not a leak.");
			run_done(&R);
		}
	}
	assert_int_equal(found, 20);
	assert_true(said >= 4);
}

/* An error path (users, 8 % errors, 500 KB each at leaky.py:42) whose
 * errors all but stop a third of the way before the end (0.2 % from
 * request 4,000 of 6,000), on a heap whose collector swings 40 MB: the
 * heap cannot tell, and the site, flat from there on, looked like a cache
 * that filled (othersim KEEP=1500 errleak seed 11, where a bursty
 * neighbour took the traffic at the end: GROWING). Its link says whose
 * pace it keeps: users' errors went quiet with it, and it never slowed per
 * error before. Found in 13 of these 20 seeds before, 19 now. */
static void test_leak_whose_errors_stop(void **state)
{
	(void)state;
	uint32_t found = 0;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .frag_mb = 8, .saw_mb = 40,
			.saw_period = 300, .walk_mb = 0.3, .detail_every = 15, .mix_from = 4000, .seed = seed, .nep = 4,
			.ep = {{.name = "users", .share = 0.25, .share_late = 0.25, .err_rate = 0.08,
					.err_rate_late = 0.002, .kb_per_err = 500, .site = "/srv/app/leaky.py:42"},
				{.name = "orders", .share = 0.25, .share_late = 0.25, .err_rate = 0.02},
				{.name = "search", .share = 0.25, .share_late = 0.25, .err_rate = 0.02},
				{.name = "report", .share = 0.25, .share_late = 0.25, .err_rate = 0.02}}};
		struct run R;
		run_sim(&R, &S);
		found += found_alone(&R, LS_VERDICT_ERROR_PATH_LEAK, "/srv/app/leaky.py:42");
		run_done(&R);
	}
	assert_true(found >= 19);
}

/* The same site on a sampled and rotated capture (half the records, each
 * file its last 800): every file covers only the late stretch, where
 * sqrt(t / n) slows by 1.7 times, not the 2 the slowdown test needs, so
 * each endpoint's link looked like its own leak (bench/othersim.py with
 * OTHERSIM_DROP=0.5 OTHERSIM_KEEP=800: 12 of its 19 wrong verdicts; here
 * 19 LEAK of 48). The site grows alike with every endpoint's requests, and
 * eases off per process request: code they all run, no one's leak. */
static void test_rotated_shared_site_is_no_leak(void **state)
{
	(void)state;
	uint32_t leaks = 0, said = 0;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct sim S = {.n = 12000, .base_mb = 120, .noise_mb = 0.05, .frag_mb = 12, .detail_every = 15,
			.drop_frac = 0.5, .seed = seed, .nep = 4,
			.ep = {{.name = "search", .share = 0.3, .keep_last = 800},
				{.name = "orders", .share = 0.3, .keep_last = 800},
				{.name = "users", .share = 0.2, .keep_last = 800},
				{.name = "health", .share = 0.2, .keep_last = 800}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < S.nep; e++) {
			leaks += ls_verdict_is_leak(R.a.verdict[e].kind);
			const char *x = strstr(R.a.verdict[e].explanation, " /srv/app/frag.py:7 grows with this "
				"endpoint's requests (");
			said += x && strstr(x, "no faster than with every other endpoint's (") &&
				strstr(x, "MB per 1,000 requests of the process over the last third of its samples, ") &&
				strstr(x, "not a leak of this endpoint's.");
		}
		run_done(&R);
	}
	/* (the rest: the heap's fit lends a share of the site's growth to
	 * an endpoint, or one endpoint's link misses p < 0.001) */
	assert_in_range(leaks, 0, 5);
	assert_in_range(said, 10, 48);
}

/* Middleware every request runs leaks 2 KB per request: each endpoint's
 * requests retain memory, so each one leaks, at that line. (Its rate per
 * process request holds: what tells it from the site above. Without that
 * test, the site's link to every endpoint alike made 6 of these 12
 * GROWING.) */
static void test_middleware_leak_is_every_endpoints(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .detail_every = 15, .seed = seed, .nep = 3,
			.ep = {{.name = "search", .share = 0.4, .kb_per_req = 2, .site = "/srv/app/mw.py:12"},
				{.name = "orders", .share = 0.35, .kb_per_req = 2, .site = "/srv/app/mw.py:12"},
				{.name = "users", .share = 0.25, .kb_per_req = 2, .site = "/srv/app/mw.py:12"}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < S.nep; e++) {
			assert_int_equal(R.a.verdict[e].kind, LS_VERDICT_LEAK);
			assert_true(R.a.verdict[e].nsuspects >= 1);
			assert_string_equal(site_of(&R, &R.a.verdict[e].suspects[0]), "/srv/app/mw.py:12");
		}
		run_done(&R);
	}
}

/* The same site on a sampled capture (the profiler kept half of the
 * requests): the other endpoints' links no longer all reach significance,
 * so the growth looked like one endpoint's, and it was LEAK at 2 seeds of
 * 6 (bench/othersim.py with OTHERSIM_DROP=0.5: 41 wrong verdicts of 240).
 * Over all its samples the site plainly slows, per request of the process
 * and of each endpoint alike: no one's leak. */
static void test_sampled_slowing_site_is_no_leak(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {5, 23, 41, 97, 131, 257};
	uint32_t said = 0;
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		struct sim S = {.n = 3000, .base_mb = 120, .noise_mb = 0.3, .frag_mb = 8, .detail_every = 15,
			.drop_frac = 0.5, .seed = seeds[i], .nep = 3,
			.ep = {{.name = "search", .share = 0.4}, {.name = "orders", .share = 0.35},
				{.name = "users", .share = 0.25}}};
		said += assert_slowing_site_no_leak(&S);
	}
	assert_true(said >= 2);
}

/* The slowing site on a rotated capture whose mix moves: orders' file
 * keeps its last 1,200 records, search's its last 800, and orders' share
 * falls from 0.35 to 0.2 at request 3,000 while search's rises. Per request
 * of the process the site slows throughout, and per request of search,
 * users and health too; per request of orders it seems to keep its pace,
 * only because orders' share fell as the site slowed. Its link to orders is
 * no faster than theirs: code they all run, no leak of orders' (before,
 * orders was LEAK at 8 seeds of 40, as /api/orders in bench/othersim.py
 * with OTHERSIM_KEEP=800). A leak of orders' own at that line (10 KB per
 * request) stays a leak. */
static void test_rotated_slowing_site_paced_like_others(void **state)
{
	(void)state;
	uint32_t leaks = 0, said = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .frag_mb = 12, .detail_every = 15,
			.mix_from = 3000, .seed = seed, .nep = 4,
			.ep = {{.name = "orders", .share = 0.35, .share_late = 0.2, .keep_last = 1200},
				{.name = "search", .share = 0.2, .share_late = 0.3, .keep_last = 800},
				{.name = "users", .share = 0.25, .share_late = 0.25},
				{.name = "health", .share = 0.25, .share_late = 0.25}}};
		struct run R;
		run_sim(&R, &S);
		leaks += ls_verdict_is_leak(R.a.verdict[0].kind);
		said += strstr(R.a.verdict[0].explanation, "/srv/app/frag.py:7 grows with this endpoint's requests (") &&
			strstr(R.a.verdict[0].explanation, " other endpoints' (");
		run_done(&R);
		if (seed % 8)
			continue;
		S.ep[0].kb_per_req = 10;
		S.ep[0].site = "/srv/app/frag.py:7";
		run_sim(&R, &S);
		assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
		run_done(&R);
	}
	assert_true(leaks <= 3);
	assert_true(said >= 3);
}

/* ls_site_slowdown on exact lines: 30 samples rising 0.5 MB each, then 30
 * rising 0.125 MB each (8 requests apart; all exact in binary), is plainly
 * slower at the end; the increments about each third's own rate have no
 * spread at all, which read as "no evidence" (0/0) rather than as
 * certainty. A straight line is no slowdown, however exact. */
static void test_slowdown_of_exact_lines(void **state)
{
	(void)state;
	double x[60], y[60], early, late;
	for (int i = 0; i < 60; i++) {
		x[i] = 8.0 * i;
		y[i] = i < 30 ? 0.5 * i : 14.5 + 0.125 * (i - 29);
	}
	assert_true(ls_site_slowdown(x, y, 0, 60, &early, &late));
	assert_true(fabs(early - 62.5) < 1e-9);   /* MB per 1,000 of x */
	assert_true(fabs(late - 15.625) < 1e-9);
	for (int i = 0; i < 60; i++)
		y[i] = 0.5 * i;
	assert_false(ls_site_slowdown(x, y, 0, 60, &early, &late));
	assert_true(isnan(early) && isnan(late));
}

/* A leak whose endpoint's traffic falls off (0.8 of the requests, then
 * 0.15 from request 1,000 on): per process request its site slows to a
 * fifth, but per request of its own endpoint it keeps its pace. A leak,
 * named at its site (a rule that asked only whether the site slows per
 * process request passed it at 2 seeds of 4). */
static void test_leak_with_falling_traffic(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {7, 29, 61, 89};
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		struct sim S = {.n = 3000, .base_mb = 120, .noise_mb = 0.3, .detail_every = 15, .mix_from = 1000,
			.seed = seeds[i], .nep = 3,
			.ep = {{.name = "search", .share = 0.8, .share_late = 0.15, .kb_per_req = 4,
				.site = "/srv/app/leak.py:3"},
				{.name = "orders", .share = 0.1, .share_late = 0.45},
				{.name = "users", .share = 0.1, .share_late = 0.4}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/leak.py:3");
		assert_non_null(t);
		assert_true(t->slows_throughout);  /* the case: it slows per process request */
		assert_leaks_alone(&R, 0, LS_VERDICT_LEAK, "/srv/app/leak.py:3");
		run_done(&R);
	}
}

/* A rotated capture: orders (leaking 10 KB per request at leak.py:3) and
 * search kept only their last records, users all of them; the mix moved
 * at request 2,000 (orders 0.5 -> 0.2, users 0.3 -> 0.1, search 0.2 ->
 * 0.7). Before orders' file starts, its requests are unrecorded, and so
 * are search's: their make-up changes with the mix, and users' recorded
 * requests, fewer where orders' are, became a proxy for the site's pace
 * there (users "+13 KB per request, p < 1e-9" at most seeds: LEAK at 10 of
 * 12). Where every file has records, the site follows orders alone: that
 * stretch contradicts the link, and its model gives them all. */
static void test_rotated_files_lend_no_link(void **state)
{
	(void)state;
	uint32_t contradicted = 0;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .detail_every = 15, .mix_from = 2000,
			.seed = seed, .nep = 3,
			.ep = {{.name = "orders", .share = 0.5, .share_late = 0.2, .kb_per_req = 10, .keep_last = 300,
				.site = "/srv/app/leak.py:3"},
				{.name = "users", .share = 0.3, .share_late = 0.1},
				{.name = "search", .share = 0.2, .share_late = 0.7, .keep_last = 1000}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/leak.py:3");
		assert_non_null(t);
		assert_non_null(t->links);
		assert_true(t->links[0].linked);
		assert_true(fabs(t->links[0].kb_per_request - 10) < 0.5);
		assert_false(t->links[1].linked);
		contradicted += t->links[1].contradicted;
		/* (search's links are noise, p = 0.75 at one seed: nothing to
		 * contradict) */
		assert_false(t->links[2].contradicted);
		assert_leaks_alone(&R, 0, LS_VERDICT_LEAK, "/srv/app/leak.py:3");
		run_done(&R);
	}
	assert_true(contradicted >= 8);
}

/* orders (leaking 10 KB per request) kept only its records from about
 * request 1,500 to 2,400 (rotated, then cut); search's file starts at about
 * 4,550; the mix moves at request 1,000. The best-covered stretch is the
 * last one, where only orders' requests have no record: it contradicts
 * users' link (a proxy for orders' unrecorded requests), but it cannot
 * estimate orders' own column. That link stands, from the whole capture
 * (it read NAN there, and orders lost its LEAK at seed 3). */
static void test_best_stretch_without_leaker_keeps_its_link(void **state)
{
	(void)state;
	static const uint64_t seeds[] = {1, 3, 4, 5, 6};
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .detail_every = 15, .mix_from = 1000,
			.seed = seeds[i], .nep = 3,
			.ep = {{.name = "orders", .share = 0.2, .share_late = 0.2, .kb_per_req = 10, .stop_at = 2400,
				.keep_last = 180, .site = "/srv/app/leak.py:3"},
				{.name = "users", .share = 0.5, .share_late = 0.1},
				{.name = "search", .share = 0.3, .share_late = 0.7, .keep_last = 1000}}};
		struct run R;
		run_sim(&R, &S);
		int64_t *bounds;
		uint32_t nb = ls_process_regimes(&R.p, INT64_MIN, &bounds);
		assert_int_equal(nb, 3);
		assert_int_equal(ls_process_best_regime(&R.p, INT64_MIN, bounds, nb), 3);
		assert_true(bounds[2] > R.p.ep[0].req_no[R.p.ep[0].n - 1]);
		free(bounds);
		const struct ls_site_trend *t = trend_of(&R, "/srv/app/leak.py:3");
		assert_non_null(t);
		assert_non_null(t->links);
		assert_true(t->links[1].contradicted);
		assert_false(t->links[1].linked);
		assert_true(t->links[0].linked);
		assert_true(fabs(t->links[0].kb_per_request - 10) < 2);
		assert_leaks_alone(&R, 0, LS_VERDICT_LEAK, "/srv/app/leak.py:3");
		run_done(&R);
	}
}

/* A cut file (users' stops at request 4,000 of 6,000): the stretch before
 * it is the best covered, but orders' leak starts at request 4,500, so its
 * site has no pair of samples there and the best-covered model has nothing
 * to solve. The link stands, and the failed model's arrays are freed (run
 * under the sanitizers or valgrind: ls_mls_solve allocates even where it
 * fails). */
static void test_suspect_outside_best_covered_stretch(void **state)
{
	(void)state;
	struct sim S = {.n = 6000, .base_mb = 120, .noise_mb = 0.3, .detail_every = 15, .seed = 3, .nep = 3,
		.ep = {{.name = "orders", .share = 0.4, .kb_per_req = 10, .onset = 4500, .site = "/srv/app/leak.py:3"},
			{.name = "users", .share = 0.3, .stop_at = 4000},
			{.name = "search", .share = 0.3}}};
	struct run R;
	run_sim(&R, &S);
	int64_t *bounds;
	uint32_t nb = ls_process_regimes(&R.p, INT64_MIN, &bounds);
	assert_int_equal(nb, 1);
	assert_int_equal(ls_process_best_regime(&R.p, INT64_MIN, bounds, nb), 0);
	assert_true(bounds[0] < 4500);
	free(bounds);
	const struct ls_site_trend *t = trend_of(&R, "/srv/app/leak.py:3");
	assert_non_null(t);
	assert_true(t->suspect);
	assert_non_null(t->links);
	assert_true(t->links[0].linked);
	assert_false(t->links[0].contradicted);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	run_done(&R);
}

/* Missing request ids: no merged timeline, the verdict falls back to the
 * endpoint's own series in row order, and says why. The heap is one for
 * both endpoints, so a rising curve is no endpoint's leak: GROWING, as
 * for y, whose curve climbs with x's leak (the classic verdict's error). */
static void test_no_request_ids(void **state)
{
	(void)state;
	struct sim S = {.n = 500, .base_mb = 40, .noise_mb = 0.1, .seed = 31, .nep = 2,
		.ep = {{.name = "x", .share = 0.5, .kb_per_req = 20}, {.name = "y", .share = 0.5}}};
	struct run R;
	ls_process_init(&R.p, "sim");
	sim_build(&S, &R.p);
	for (uint32_t e = 0; e < R.p.nep; e++)
		for (uint32_t r = 0; r < R.p.ep[e].n; r++)
			R.p.ep[e].req_no[r] = 0;
	ls_process_index(&R.p);
	assert_int_equal(ls_analyze_process(&R.p, NULL, &R.a), 0);
	assert_false(R.a.attrib.valid);
	assert_true(R.a.verdict[0].fit.by_row);
	for (uint32_t e = 0; e < 2; e++) {
		assert_int_equal(R.a.verdict[e].series_kind, LS_VERDICT_LEAK);
		assert_int_equal(R.a.verdict[e].kind, LS_VERDICT_GROWING);
		assert_non_null(strstr(R.a.verdict[e].explanation, " Not established as this endpoint's: the heap is "
			"one for the process's 2 endpoints, and no fit across them was made (request ids missing"));
	}
	/* the process line says why it has no heap figures */
	assert_false(R.a.heap.valid);
	assert_int_equal(R.a.heap.nleaks, 0);
	assert_string_equal(R.a.heap.text, "The process heap as a whole was not fitted: request ids missing, or "
		"shared by several records (files of different runs?): the endpoints cannot be merged into one timeline.");
	run_done(&R);
}

/* Request ids near 2^60 are 256 apart per double: the fit must count from
 * the first id, or the slope is NaN and a clear leak reads "+nan, STABLE". */
static void test_huge_request_ids(void **state)
{
	(void)state;
	struct sim S = {.n = 400, .base_mb = 40, .noise_mb = 0.1, .seed = 37, .nep = 1,
		.ep = {{.name = "x", .share = 1, .kb_per_req = 20}}};
	struct run R;
	ls_process_init(&R.p, "sim");
	sim_build(&S, &R.p);
	for (uint32_t r = 0; r < R.p.ep[0].n; r++)
		R.p.ep[0].req_no[r] += (int64_t)1 << 60;
	ls_process_index(&R.p);
	assert_int_equal(ls_analyze_process(&R.p, NULL, &R.a), 0);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_LEAK);
	assert_true(fabs(R.a.verdict[0].fit.slope_kb_per_request - 20) < 1);
	assert_null(strstr(R.a.verdict[0].explanation, "nan"));
	/* the line the chart draws meets the data at the last request */
	const struct ls_series_fit *f = &R.a.verdict[0].fit;
	const struct ls_endpoint *ep = &R.p.ep[0];
	double end = f->intercept_mb + f->slope_kb_per_request / 1024 * (double)(f->last_req - f->first_req);
	assert_true(fabs(end - ep->current_mb[ep->n - 1]) < 1);
	run_done(&R);
}

/* The same ids near 2^60 (256 apart per double) for the site trends and the
 * heap's steps at errors: upload keeps 2 MB at its site on each error. */
static void test_huge_request_ids_sites_and_steps(void **state)
{
	(void)state;
	struct sim S = {.n = 3000, .base_mb = 120, .noise_mb = 0.2, .detail_every = 15, .seed = 3, .nep = 2,
		.ep = {{.name = "upload", .share = 0.4, .err_rate = 0.02, .kb_per_err = 2048, .site = "/srv/up.py:7"},
			{.name = "search", .share = 0.6}}};
	struct run R;
	ls_process_init(&R.p, "sim");
	sim_build(&S, &R.p);
	const int64_t big = (int64_t)1 << 60;
	for (uint32_t e = 0; e < R.p.nep; e++)
		for (uint32_t r = 0; r < R.p.ep[e].n; r++)
			R.p.ep[e].req_no[r] += big;
	ls_process_index(&R.p);
	assert_int_equal(ls_analyze_process(&R.p, NULL, &R.a), 0);
	const struct ls_steps *st = R.a.steps;
	assert_true(st[0].n >= 10);
	assert_true(fabs(st[0].mean_mb - 2) < 0.3);
	const struct ls_site_trend *t = trend_of(&R, "/srv/up.py:7");
	assert_non_null(t);
	/* 2 MB on 2 % of 40 % of the requests: 16 MB per 1,000 requests */
	assert_true(fabs(t->slope_mb_per_1k - 16) < 4);
	assert_true(t->first_req >= big && t->last_req <= big + 3000 && t->last_req > t->first_req + 1000);
	assert_int_equal(R.a.verdict[0].kind, LS_VERDICT_ERROR_PATH_LEAK);
	run_done(&R);
}

/* "The growth is explained by X" names only endpoints whose final verdict
 * is a leak: a rare endpoint whose heap share is large but whose own series
 * is TOO_FEW to judge is not named (before, the others blamed it while the
 * heap line said no endpoint's share was established). Over a few seeds,
 * whatever each verdict is. */
static void test_explained_by_names_final_leakers(void **state)
{
	(void)state;
	uint32_t too_few = 0;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim S = {.n = 600, .base_mb = 50, .noise_mb = 0.1, .detail_every = 15, .seed = seed, .nep = 3,
			.ep = {{.name = "/a", .share = 0.49}, {.name = "/b", .share = 0.49},
				{.name = "/c", .share = 0.02, .kb_per_req = 500}}};
		struct run R;
		run_sim(&R, &S);
		too_few += R.a.verdict[2].kind == LS_VERDICT_TOO_FEW;
		for (uint32_t e = 0; e < 2; e++) {
			const struct ls_verdict *v = &R.a.verdict[e];
			const char *x = strstr(v->explanation, "explained by");
			if (x && strstr(x, "/c"))
				assert_true(ls_verdict_is_leak(R.a.verdict[2].kind));
			/* nor does an endpoint that cannot be judged make the
			 * others' wide shares "no retention" */
			if (R.a.verdict[2].kind == LS_VERDICT_TOO_FEW && strstr(v->explanation, "does not retain memory"))
				assert_true(v->attributed_ci95[1] < ls_detect_defaults.material_kb_per_request);
		}
		run_done(&R);
	}
	assert_true(too_few > 0);  /* the case this is about happened */
}

/* Every "grows by +X KB per request (95 % CI lo to hi" an explanation
 * cites has lo > 0; a rate whose interval reaches 0 "rises ..., not
 * significantly yet" (it read "The process grows (+5.25 KB ... CI -0.49
 * to 11.0"). */
static void check_growth_claims(const char *text, uint32_t *unsure)
{
	static const char during[] = " during this endpoint's requests";
	for (const char *s = text; (s = strstr(s, " grows")) != NULL; s++) {
		const char *r = s + 6;
		if (strncmp(r, during, sizeof during - 1) == 0)
			r += sizeof during - 1;
		if (strncmp(r, " by +", 5) != 0)
			continue;  /* not a rate */
		const char *ci = strstr(r, "(95 % CI ");
		if (!ci || ci > strchr(r + 2, ')'))
			continue;  /* a rate without an interval */
		assert_true(strtod(ci + 9, NULL) > 0);
	}
	for (const char *s = text; (s = strstr(s, "), not significantly yet")) != NULL; s++)
		++*unsure;
}

static void test_growth_claims_match_their_intervals(void **state)
{
	(void)state;
	uint32_t unsure = 0;
	for (uint64_t seed = 1; seed <= 8; seed++) {
		struct sim S = {.n = 400, .base_mb = 100, .noise_mb = 1.5, .detail_every = 15, .seed = seed, .nep = 3,
			.ep = {{.name = "/a", .share = 0.45}, {.name = "/b", .share = 0.45},
				{.name = "/c", .share = 0.1, .kb_per_req = 60}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < 3; e++)
			check_growth_claims(R.a.verdict[e].explanation, &unsure);
		run_done(&R);
	}
	assert_true(unsure > 0);  /* the case this is about happened */
}

/* A record without a request id among records with one ("ordered as 0")
 * has no place on the request axis: the fits leave it out, whatever its
 * value (it was fitted at request 0: "over requests 0 to 60", and four
 * such records turned a LEAK into GROWING). */
static void test_record_without_id_left_out(void **state)
{
	(void)state;
	struct ls_process p;
	struct ls_process_analysis a;
	struct ls_endpoint ep;
	/* its id missing: ordered as 0; or too large to place (record.c):
	 * ordered last, and no end of the window either */
	for (int big = 0; big < 2; big++) {
		ls_process_init(&p, "ids");
		ls_endpoint_init(&ep);
		ep.name = ls_xstrdup("/x");
		for (int i = 0; i < 61; i++) {
			uint32_t r = ls_endpoint_add_row(&ep);
			bool lost = i == 30;
			ep.req_no[r] = lost ? (big ? INT64_MAX : 0) : 1000000 + i + (i < 30);
			ep.current_mb[r] = lost ? 500 : 100 + 10.0 / 1024 * (double)(ep.req_no[r] - 1000000);
			ep.flags[r] = LS_REQ_HAS_MEM | (lost ? 0 : LS_REQ_HAS_ID);
		}
		ls_endpoint_sort(&ep);
		ls_process_adopt(&p, &ep, NULL, NULL);
		ls_endpoint_done(&ep);
		ls_process_index(&p);
		assert_int_equal(ls_analyze_process(&p, NULL, &a), 0);
		const struct ls_verdict *v = &a.verdict[0];
		assert_int_equal(v->fit.n, 60);
		assert_false(v->fit.by_row);
		assert_true(fabs(v->fit.slope_kb_per_request - 10) < 0.01);
		assert_int_equal(v->kind, LS_VERDICT_LEAK);
		assert_int_equal(a.heap.first_req, 1000001);
		/* nor does it start the count: no warm-up of a million requests */
		assert_int_equal(a.heap.warmup_requests, 0);
		assert_int_equal(a.attrib.last_req, 1000060);
		assert_non_null(strstr(a.heap.text, "over requests 1,000,001 to 1,000,060"));
		assert_null(strstr(a.heap.text, "warm-up"));
		ls_process_analysis_done(&a);
		ls_process_done(&p);
	}

	/* ids on only every 20th record: not the file's axis, its rows are
	 * (all of them, as with no ids at all) */
	ls_process_init(&p, "sparse");
	ls_endpoint_init(&ep);
	ep.name = ls_xstrdup("/y");
	for (int i = 0; i < 200; i++) {
		uint32_t r = ls_endpoint_add_row(&ep);
		bool id = i % 20 == 0;
		ep.req_no[r] = id ? i + 1 : 0;
		ep.current_mb[r] = 100 + 20.0 / 1024 * i;
		ep.flags[r] = LS_REQ_HAS_MEM | (id ? LS_REQ_HAS_ID : 0);
	}
	ls_process_adopt(&p, &ep, NULL, NULL);
	ls_endpoint_done(&ep);
	ls_process_index(&p);
	assert_int_equal(ls_analyze_process(&p, NULL, &a), 0);
	assert_int_equal(a.verdict[0].fit.n, 200);
	assert_true(a.verdict[0].fit.by_row);
	assert_int_equal(a.verdict[0].kind, LS_VERDICT_LEAK);
	ls_process_analysis_done(&a);
	ls_process_done(&p);
}

/* Nothing to judge must still give an answer, never a crash: no endpoints,
 * an empty endpoint, tracemalloc off, two records, one request number. */
static void test_degenerate_inputs(void **state)
{
	(void)state;
	struct ls_process p;
	struct ls_process_analysis a;
	ls_process_init(&p, "empty");
	ls_process_index(&p);
	assert_int_equal(ls_analyze_process(&p, NULL, &a), 0);
	assert_int_equal(a.nep, 0);
	assert_false(a.attrib.valid);
	assert_string_equal(a.heap.text, "The process heap as a whole was not fitted: no records.");
	ls_process_analysis_done(&a);
	ls_process_done(&p);

	/* two records with good ids: too few, not "request ids missing" */
	ls_process_init(&p, "pair");
	struct ls_endpoint two;
	ls_endpoint_init(&two);
	two.name = ls_xstrdup("two");
	for (int i = 0; i < 2; i++) {
		uint32_t r = ls_endpoint_add_row(&two);
		two.req_no[r] = i + 1;
		two.current_mb[r] = 10 + i;
		two.flags[r] = LS_REQ_HAS_MEM;
	}
	ls_process_adopt(&p, &two, NULL, NULL);
	ls_endpoint_done(&two);
	ls_process_index(&p);
	assert_int_equal(ls_analyze_process(&p, NULL, &a), 0);
	assert_string_equal(a.heap.text, "The process heap as a whole was not fitted: fewer than 3 records.");
	ls_process_analysis_done(&a);
	ls_process_done(&p);

	ls_process_init(&p, "odd");
	struct ls_endpoint ep;
	/* 0: no rows at all */
	ls_endpoint_init(&ep);
	ep.name = ls_xstrdup("empty");
	ls_process_adopt(&p, &ep, NULL, NULL);
	ls_endpoint_done(&ep);
	/* 1: tracking off everywhere (0.0 MB, flagged) */
	ls_endpoint_init(&ep);
	ep.name = ls_xstrdup("off");
	for (int i = 0; i < 50; i++) {
		uint32_t r = ls_endpoint_add_row(&ep);
		ep.req_no[r] = 2 * i + 1;
		ep.flags[r] = LS_REQ_HAS_MEM | LS_REQ_TRACKING_OFF;
	}
	ls_process_adopt(&p, &ep, NULL, NULL);
	ls_endpoint_done(&ep);
	/* 2: two records */
	ls_endpoint_init(&ep);
	ep.name = ls_xstrdup("two");
	for (int i = 0; i < 2; i++) {
		uint32_t r = ls_endpoint_add_row(&ep);
		ep.req_no[r] = 2 * i + 2;
		ep.current_mb[r] = 10 + i;
		ep.flags[r] = LS_REQ_HAS_MEM | LS_REQ_ERROR;
		ep.nerrors++;
	}
	ls_process_adopt(&p, &ep, NULL, NULL);
	ls_endpoint_done(&ep);
	/* 3: thirty records all at request number 7, one NaN */
	ls_endpoint_init(&ep);
	ep.name = ls_xstrdup("same");
	for (int i = 0; i < 30; i++) {
		uint32_t r = ls_endpoint_add_row(&ep);
		ep.req_no[r] = 7;
		ep.current_mb[r] = i == 3 ? NAN : 20 + i * 0.5;
		ep.flags[r] = LS_REQ_HAS_MEM;
	}
	ls_process_adopt(&p, &ep, NULL, NULL);
	ls_endpoint_done(&ep);
	ls_process_index(&p);
	assert_int_equal(ls_analyze_process(&p, NULL, &a), 0);
	assert_int_equal(a.nep, 4);
	assert_int_equal(a.verdict[0].kind, LS_VERDICT_TOO_FEW);
	assert_int_equal(a.verdict[1].kind, LS_VERDICT_TOO_FEW);
	assert_int_equal(a.verdict[1].fit.n, 0);
	/* none to count: said so, not "Only 0 memory samples" */
	assert_non_null(strstr(a.verdict[1].explanation, "No record has a memory reading (current_mb)"));
	assert_non_null(strstr(a.verdict[2].explanation, "Only 2 memory samples; at least"));
	assert_int_equal(a.verdict[2].kind, LS_VERDICT_TOO_FEW);
	/* one request number for all: judged in row order, the NaN left out */
	assert_int_equal(a.verdict[3].fit.n, 29);
	assert_true(a.verdict[3].fit.by_row);
	for (uint32_t e = 0; e < 4; e++) {
		assert_non_null(a.verdict[e].explanation);
		assert_true(strlen(a.verdict[e].explanation) > 10);
	}
	ls_process_analysis_done(&a);
	ls_process_done(&p);
}

/* The heap is far too noisy (3 MB per request) to attribute 2 KB per
 * request between two endpoints, but the leaking site's size is exact: the
 * verdict rests on the site and says so. */
static void test_site_evidence(void **state)
{
	(void)state;
	struct sim S = {.n = 3000, .base_mb = 220, .noise_mb = 3, .detail_every = 15, .seed = 37, .nep = 2,
		.ep = {{.name = "search", .share = 0.5, .kb_per_req = 2, .site = "/srv/app/search.py:99"},
			{.name = "status", .share = 0.5}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	/* the heap alone cannot tell */
	assert_true(R.a.attrib.ep[0].req_p > 1e-4);
	assert_int_equal(v->kind, LS_VERDICT_LEAK);
	assert_non_null(strstr(v->explanation, "/srv/app/search.py:99 grows"));
	assert_string_equal(site_of(&R, &v->suspects[0]), "/srv/app/search.py:99");
	assert_true(fabs(v->suspects[0].kb_per_request - 2) < 0.2);
	assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
	run_done(&R);
}

/* The same with one request in ten recorded (the profiler's sampling): the
 * site's link is per request, and the unrecorded nine in ten of "search"
 * grew the site as much as its recorded ones did. Its share of the site's
 * growth counts them too, or a leak of 2 KB per request would look like a
 * tenth of the site's growth, a spurious link's size. */
static void test_site_evidence_sampled(void **state)
{
	(void)state;
	struct sim S = {.n = 30000, .base_mb = 220, .noise_mb = 3, .drop_frac = 0.9, .detail_every = 15, .seed = 37,
		.nep = 2,
		.ep = {{.name = "search", .share = 0.5, .kb_per_req = 2, .site = "/srv/app/search.py:99"},
			{.name = "status", .share = 0.5}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_true(R.a.attrib.unknown_as_mix);
	assert_true(R.a.attrib.ep[0].req_p > 1e-4);  /* the heap alone cannot tell */
	assert_int_equal(v->kind, LS_VERDICT_LEAK);
	assert_non_null(strstr(v->explanation, "/srv/app/search.py:99 grows"));
	assert_true(fabs(v->suspects[0].kb_per_request - 2) < 0.4);
	assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
	run_done(&R);
}

/* The same, in a process whose unrecorded requests are not just a sample
 * of the recorded mix: an endpoint whose file was not loaded leaks 20 KB
 * per request, so the heap fits the unrecorded requests on their own and
 * cannot say whose they are. The site's own model shows the unrecorded
 * requests growing it too; "search" carries what its recorded ones grew,
 * so it is still the leak, not a tenth of the site's growth. */
static void test_site_evidence_sampled_unmixed(void **state)
{
	(void)state;
	struct sim S = {.n = 30000, .base_mb = 220, .noise_mb = 3, .drop_frac = 0.9, .detail_every = 15, .seed = 37,
		.nep = 3,
		.ep = {{.name = "search", .share = 0.4, .kb_per_req = 2, .site = "/srv/app/search.py:99"},
			{.name = "status", .share = 0.4},
			{.name = "batch", .share = 0.2, .kb_per_req = 20, .keep_last = 1}}};
	struct run R;
	run_sim(&R, &S);
	const struct ls_verdict *v = &R.a.verdict[0];
	assert_false(R.a.attrib.unknown_as_mix);
	assert_int_equal(v->kind, LS_VERDICT_LEAK);
	assert_non_null(strstr(v->explanation, "/srv/app/search.py:99 grows"));
	assert_true(fabs(v->suspects[0].kb_per_request - 2) < 0.5);
	assert_false(ls_verdict_is_leak(R.a.verdict[1].kind));
	run_done(&R);
}

/* A leaking endpoint whose file was not loaded (a single record of it
 * survives): its requests are gaps in the request numbers. The loaded
 * endpoints are not blamed; the growth is put on the unrecorded requests. */
static void test_hidden_endpoint(void **state)
{
	(void)state;
	/* also with its site listed: its one record, at the end, starts a
	 * coverage regime there, so the site is not a known one (the make-up of
	 * the unrecorded requests changes) and the heap keeps it */
	for (int listed = 0; listed < 2; listed++) {
		struct sim S = {.n = 6000, .base_mb = 150, .noise_mb = 0.4, .detail_every = 15, .seed = 41, .nep = 3,
			.ep = {{.name = "hidden", .share = 0.3, .kb_per_req = 10, .keep_last = 1,
				.site = listed ? "/srv/app/hidden.py:5" : NULL},
				{.name = "b", .share = 0.4}, {.name = "c", .share = 0.3}}};
		struct run R;
		run_sim(&R, &S);
		const struct ls_attribution *A = &R.a.attrib;
		assert_true(A->valid);
		assert_int_equal(A->nknown, 0);
		assert_false(A->unknown_as_mix);  /* the data reject "gaps are a sample of the mix" */
		assert_true(A->unknown_ci95[0] <= 10 && A->unknown_ci95[1] >= 10);
		for (uint32_t e = 1; e < 3; e++) {
			assert_false(ls_verdict_is_leak(R.a.verdict[e].kind));
			assert_non_null(strstr(R.a.verdict[e].explanation, "no record in the loaded files"));
		}
		run_done(&R);
	}
}

/* A registry cache fills with every request of "models" that asks for a
 * model it does not hold yet (48 KB each, 128 models: 6 MB) and then stays
 * full, while "chat" leaks 6 KB per request and "health" holds nothing. The
 * sites are seen only in detailed records' top-4 lists, so the cache site
 * shows up once it passes the smallest fixed site (about 4 MB), drops in and
 * out while level with it, and fills over most of the samples where it
 * appears: too long for a warm-up peeled off its first part, but it sets no
 * new maximum for the last quarter of the run. A site that levels off is a
 * cache, not a leak; the leak's site, growing to the end, stays a leak. */
/* Where the heap's noise swamps the step at each error, the local steps
 * are said to prove nothing: "+50 KB (+- 208)" read as a confirmation. */
static void test_noisy_steps_confirm_nothing(void **state)
{
	(void)state;
	struct sim S = {.n = 8000, .base_mb = 250, .noise_mb = 3, .detail_every = 15, .seed = 29, .nep = 2,
		.ep = {
			{.name = "chat", .share = 0.7},
			{.name = "upload", .share = 0.3, .err_rate = 0.1, .kb_per_err = 250,
				.site = "/srv/app/upload.py:55"},
		}};
	struct run R;
	run_sim(&R, &S);
	assert_int_equal(R.a.verdict[1].kind, LS_VERDICT_ERROR_PATH_LEAK);
	assert_non_null(strstr(R.a.verdict[1].explanation, "Locally, the heap steps +"));
	assert_non_null(strstr(R.a.verdict[1].explanation, ": too few or too noisy to bear it out."));
	run_done(&R);
}

/* A stable process whose heap also drifts as a random walk (steps of
 * 20 KB sd per request under 1.7 MB of level noise: about 1.4 MB in all
 * over the capture), with a few errors: where the fit missed the walk it
 * read the walk's drift between errors as retention per error, and 3 of
 * these 300 processes got a false ERROR_PATH_LEAK at p < 0.001. A test
 * at that level, over two endpoints, allows about one. */
static void test_walk_is_no_error_path(void **state)
{
	(void)state;
	uint32_t alarms = 0;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct sim S = {.n = 5000, .base_mb = 300, .noise_mb = 1.7, .walk_mb = 0.02, .detail_every = 15,
			.seed = seed, .nep = 2,
			.ep = {{.name = "batches", .share = 0.45, .err_rate = 0.01},
				{.name = "health", .share = 0.55, .err_rate = 0.001}}};
		struct run R;
		run_sim(&R, &S);
		for (uint32_t e = 0; e < 2; e++)
			alarms += ls_verdict_is_leak(R.a.verdict[e].kind);
		run_done(&R);
	}
	assert_true(alarms <= 1);
}

static void test_site_cache_plateau(void **state)
{
	(void)state;
	static const char *const names[3] = {"models", "chat", "health"};
	static const double share[3] = {0.2, 0.3, 0.5};
	struct ls_intern sites;
	ls_intern_init(&sites);
	const char *fixed_loc[4] = {"/usr/lib/python3.12/typing.py:1332", "/usr/lib/python3.12/functools.py:512",
		"<frozen abc>:123", "/usr/lib/python3.12/linecache.py:139"};
	const double fixed_mb[4] = {5.0, 4.6, 2.0, 1.5};
	uint32_t s_fixed[4];
	for (int i = 0; i < 4; i++)
		s_fixed[i] = ls_intern_add(&sites, fixed_loc[i], strlen(fixed_loc[i]));
	const char *cache_loc = "/srv/app/services/model_registry.py:158", *leak_loc = "/srv/app/routers/chat.py:412";
	uint32_t s_cache = ls_intern_add(&sites, cache_loc, strlen(cache_loc));
	uint32_t s_leak = ls_intern_add(&sites, leak_loc, strlen(leak_loc));
	struct ls_endpoint ep[3];
	for (uint32_t e = 0; e < 3; e++) {
		ls_endpoint_init(&ep[e]);
		ep[e].name = ls_xstrdup(names[e]);
		ep[e].file = ls_xasprintf("%s.json", names[e]);
		ep[e].format = LS_FMT_PROFILE;
	}
	uint64_t seed = 2026, jitter = 77;
	uint32_t cached = 0, detailed = 0, last_new = 0;
	double leaked = 0;
	const uint32_t n = 4400;
	for (uint32_t t = 1; t <= n; t++) {
		double u = sim_u(&seed);
		uint32_t e = u < share[0] ? 0 : u < share[0] + share[1] ? 1 : 2;
		if (e == 0) {
			/* a new key now and then; at 128 entries the oldest is evicted */
			if (sim_u(&seed) < 0.19 && cached < 128) {
				cached++;
				last_new = t;
			}
		} else if (e == 1) {
			leaked += 6.0 / 1024;
		}
		double cache_mb = 0.1 + cached * 48.0 / 1024;
		double heap = 185 + cache_mb + leaked + 0.4 * sim_gauss(&seed);
		uint32_t r = ls_endpoint_add_row(&ep[e]);
		ep[e].req_no[r] = t;
		ep[e].timestamp[r] = 1.79e9 + t * 0.05;
		ep[e].current_mb[r] = sim_round3(heap);
		ep[e].peak_mb[r] = sim_round3(heap + 2);
		ep[e].latency[r] = 0.05;
		ep[e].status[r] = 200;
		uint16_t fl = LS_REQ_HAS_MEM | LS_REQ_HAS_PEAK | LS_REQ_HAS_LATENCY | LS_REQ_HAS_TIME |
			LS_REQ_HAS_ID | LS_REQ_HAS_STATUS;
		if (t % 15 == 0) {
			/* the profiler's top 4 of these six sites, largest first */
			fl |= LS_REQ_DETAILED | LS_REQ_HAS_CONSUMERS;
			detailed++;
			uint32_t id[6];
			double mb[6];
			for (int i = 0; i < 4; i++) {
				id[i] = s_fixed[i];
				mb[i] = sim_round3(fixed_mb[i] + 0.02 * sim_gauss(&jitter));
			}
			id[4] = s_cache;
			mb[4] = sim_round3(cache_mb);
			id[5] = s_leak;
			mb[5] = sim_round3(0.3 + leaked);
			for (int i = 1; i < 6; i++)
				for (int j = i; j > 0 && mb[j] > mb[j - 1]; j--) {
					double tm = mb[j];
					uint32_t ti = id[j];
					mb[j] = mb[j - 1];
					id[j] = id[j - 1];
					mb[j - 1] = tm;
					id[j - 1] = ti;
				}
			for (int i = 0; i < 4; i++)
				ls_endpoint_add_consumer(&ep[e], id[i], mb[i], 100);
		}
		ep[e].flags[r] = fl;
	}
	/* the simulation is what the test says: full well before the end */
	assert_int_equal(cached, 128);
	assert_true(last_new < n * 4 / 5 && last_new > n / 2);
	struct run R;
	ls_process_init(&R.p, "cache");
	for (uint32_t e = 0; e < 3; e++) {
		ls_process_adopt(&R.p, &ep[e], &sites, NULL);
		ls_endpoint_done(&ep[e]);
	}
	ls_intern_done(&sites);
	ls_process_index(&R.p);
	assert_int_equal(ls_analyze_process(&R.p, NULL, &R.a), 0);

	uint32_t cache_id = UINT32_MAX;
	for (uint32_t i = 0; i < R.p.sites.n; i++)
		if (strcmp(ls_intern_str(&R.p.sites, i), cache_loc) == 0)
			cache_id = i;
	const struct ls_site_trend *ct = ls_sites_find(&R.a.sites, cache_id);
	assert_non_null(ct);
	/* only in some top-K lists: it shows up late and drops out */
	assert_true(ct->samples < detailed * 9 / 10);
	assert_true(ct->first_req > 200);
	/* it rose by megabytes, then levelled off: no suspect, flat steady state */
	assert_true(ct->max_mb - ct->first_mb > 1);
	assert_false(ct->suspect);
	assert_true(ct->plateaued);
	assert_true(ct->steady_from_req >= (int64_t)last_new - 15 && ct->steady_from_req <= (int64_t)last_new + 60);
	assert_true(fabs(ct->slope_mb_per_1k) < 0.01);

	const struct ls_verdict *models = &R.a.verdict[0], *chat = &R.a.verdict[1];
	assert_string_equal(R.p.ep[0].name, "models");
	/* models' own curve climbs with chat's leak, but what it holds is its
	 * cache, which filled up: a warm-up, and the explanation names it */
	assert_int_equal(models->kind, LS_VERDICT_WARMUP);
	assert_non_null(strstr(models->explanation, cache_loc));
	assert_non_null(strstr(models->explanation, "levelled off"));
	assert_int_equal(chat->kind, LS_VERDICT_LEAK);
	assert_true(chat->nsuspects >= 1);
	assert_string_equal(site_of(&R, &chat->suspects[0]), leak_loc);
	for (uint32_t i = 0; i < chat->nsuspects; i++)
		assert_string_not_equal(site_of(&R, &chat->suspects[i]), cache_loc);
	/* health's requests never touched the cache (the link is the joint
	 * model's, not "health ran while it grew") */
	assert_int_equal(R.a.verdict[2].kind, LS_VERDICT_STABLE);
	assert_null(strstr(R.a.verdict[2].explanation, cache_loc));
	run_done(&R);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_leak_small_on_big_heap),
		cmocka_unit_test(test_stable),
		cmocka_unit_test(test_warmup),
		cmocka_unit_test(test_warmup_counts_own_requests),
		cmocka_unit_test(test_warmup_then_leak),
		cmocka_unit_test(test_too_few),
		cmocka_unit_test(test_noisy),
		cmocka_unit_test(test_growing),
		cmocka_unit_test(test_error_path_leak),
		cmocka_unit_test(test_transient_error_spikes),
		cmocka_unit_test(test_sawtooth),
		cmocka_unit_test(test_sawtooth_last_tooth),
		cmocka_unit_test(test_warmup_made_of_error_steps),
		cmocka_unit_test(test_late_onset_not_stable),
		cmocka_unit_test(test_warmup_tail_no_leak),
		cmocka_unit_test(test_levelling_known_curves),
		cmocka_unit_test(test_single_error_path_leak),
		cmocka_unit_test(test_single_error_site_named),
		cmocka_unit_test(test_known_site_keeps_neighbours_innocent),
		cmocka_unit_test(test_known_site_intervals_cover),
		cmocka_unit_test(test_known_site_sampled),
		cmocka_unit_test(test_known_site_of_missing_file),
		cmocka_unit_test(test_known_site_error_transient),
		cmocka_unit_test(test_known_sites_change),
		cmocka_unit_test(test_known_sites_choice),
		cmocka_unit_test(test_error_path_known_from_first_error),
		cmocka_unit_test(test_smooth_warmup_with_error_leak),
		cmocka_unit_test(test_leak_on_levelling_cache),
		cmocka_unit_test(test_site_few_samples_error_link),
		cmocka_unit_test(test_site_entered_late),
		cmocka_unit_test(test_site_joint_few_samples),
		cmocka_unit_test(test_site_only_link),
		cmocka_unit_test(test_error_steps_at_the_end),
		cmocka_unit_test(test_site_slowing_cache),
		cmocka_unit_test(test_leak_traffic_shift),
		cmocka_unit_test(test_error_path_rate_falls),
		cmocka_unit_test(test_regimes_ignore_chance_heads),
		cmocka_unit_test(test_process_holes),
		cmocka_unit_test(test_holes_near_full_sampling),
		cmocka_unit_test(test_unattributed_endpoint_in_a_fitted_process),
		cmocka_unit_test(test_heap_names_its_hole),
		cmocka_unit_test(test_rotated_and_cut_leaker),
		cmocka_unit_test(test_missing_leaker_file),
		cmocka_unit_test(test_single_file_with_gaps),
		cmocka_unit_test(test_error_steps),
		cmocka_unit_test(test_error_path_some_errors),
		cmocka_unit_test(test_error_steps_random_walk),
		cmocka_unit_test(test_attribution_three_endpoints),
		cmocka_unit_test(test_innocent_with_narrow_interval),
		cmocka_unit_test(test_heap_summary_unlisted),
		cmocka_unit_test(test_retained_kb_only_where_established),
		cmocka_unit_test(test_material_on_busy_capture),
		cmocka_unit_test(test_series_alone),
		cmocka_unit_test(test_sites_name_a_leak_among_many_endpoints),
		cmocka_unit_test(test_request_steps),
		cmocka_unit_test(test_shared_slowing_site_is_no_leak),
		cmocka_unit_test(test_sampled_slowing_site_is_no_leak),
		cmocka_unit_test(test_rotated_shared_site_is_no_leak),
		cmocka_unit_test(test_error_steps_lend_no_request_link),
		cmocka_unit_test(test_held_error_buffers_are_no_leak),
		cmocka_unit_test(test_leak_whose_errors_stop),
		cmocka_unit_test(test_site_rising_anyway_is_no_leak),
		cmocka_unit_test(test_every_nth_request_recorded),
		cmocka_unit_test(test_site_rising_without_errors_is_no_error_leak),
		cmocka_unit_test(test_few_errors_leave_the_sites_heard),
		cmocka_unit_test(test_middleware_leak_is_every_endpoints),
		cmocka_unit_test(test_rotated_slowing_site_paced_like_others),
		cmocka_unit_test(test_slowdown_of_exact_lines),
		cmocka_unit_test(test_leak_with_falling_traffic),
		cmocka_unit_test(test_rotated_files_lend_no_link),
		cmocka_unit_test(test_suspect_outside_best_covered_stretch),
		cmocka_unit_test(test_best_stretch_without_leaker_keeps_its_link),
		cmocka_unit_test(test_no_request_ids),
		cmocka_unit_test(test_huge_request_ids),
		cmocka_unit_test(test_huge_request_ids_sites_and_steps),
		cmocka_unit_test(test_explained_by_names_final_leakers),
		cmocka_unit_test(test_growth_claims_match_their_intervals),
		cmocka_unit_test(test_record_without_id_left_out),
		cmocka_unit_test(test_degenerate_inputs),
		cmocka_unit_test(test_site_evidence),
		cmocka_unit_test(test_site_evidence_sampled),
		cmocka_unit_test(test_site_evidence_sampled_unmixed),
		cmocka_unit_test(test_hidden_endpoint),
		cmocka_unit_test(test_site_cache_plateau),
		cmocka_unit_test(test_all_errors_leak_on_error_path),
		cmocka_unit_test(test_few_records_site_shows_error_path),
		cmocka_unit_test(test_error_count_in_window_said),
		cmocka_unit_test(test_noisy_steps_confirm_nothing),
		cmocka_unit_test(test_walk_is_no_error_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
