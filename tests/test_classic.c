/* test_classic.c — the original tool's analysis (docs/seed-analysis.md),
 * checked against hand-computed expectations. Each test writes its
 * arithmetic in a comment; the numbers are what the Python tool prints.
 * W = 3 throughout (the default): r[j] = mean(s[j], s[j+1], s[j+2]) for
 * j = 0 .. n-4, k = min(6, len(r) // 3), tail = min(9, n // 2). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classic.h"
#include "load.h"
#include "model.h"
#include "xsum.h"

#define NEAR(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* run the kernel with no errors (e = 0) or with the given error flags */
static void run(const double *s, const double *e, size_t n, struct ls_classic_result *r)
{
	memset(r, 0, sizeof *r);
	double *zero = calloc(n ? n : 1, sizeof *zero);
	ls_classic_analyze_samples(s, e ? e : zero, n, &ls_classic_defaults, r);
	free(zero);
}

/* ---- growth metrics ---- */

static void test_rolling_mean_excludes_last(void **state)
{
	(void)state;
	/* n = 10, s[9] = 100 is a huge final jump. r has n - W = 7 values, the
	 * last window is s[6..8] = 10, 10, 10: the last sample is in no window.
	 * k = min(6, 7 // 3) = 2: initial = final = 10, growth = 0.
	 * (Including s[9] would have given final = (10 + 10 + 100) / 3 = 40.)
	 * Rule d: tail = min(9, 10 // 2) = 5: 10, 10, 10, 10, 100 does not rise
	 * at every step -> e: stabilized. */
	double s[] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 100};
	struct ls_classic_result r;
	run(s, NULL, N(s), &r);
	assert_int_equal(r.status, LS_CLASSIC_OK);
	assert_int_equal(r.k, 2);
	assert_int_equal(r.tail, 5);
	NEAR(r.initial_avg, 10, 0);
	NEAR(r.final_avg, 10, 0);
	NEAR(r.growth_mb, 0, 0);
	NEAR(r.growth_percent, 0, 0);
	assert_false(r.leak);
	assert_int_equal(r.rule, LS_RULE_STABLE);
	assert_string_equal(r.message, "Memory stabilized \u2014 no leak detected");
	ls_classic_result_done(&r);
}

static void test_rolling(void **state)
{
	(void)state;
	/* W = 3 over 1, 2, 3, 4, 10: windows (1,2,3) = 2 and (2,3,4) = 3; the
	 * last sample (10) is in none. n <= W gives nothing. */
	double s[] = {1, 2, 3, 4, 10}, out[5] = {0};
	assert_int_equal(ls_classic_rolling(s, 5, 3, out), 2);
	NEAR(out[0], 2, 0);
	NEAR(out[1], 3, 0);
	NEAR(out[2], 0, 0); /* untouched */
	assert_int_equal(ls_classic_rolling(s, 3, 3, out), 0);
	/* W = 1: every sample but the last */
	assert_int_equal(ls_classic_rolling(s, 5, 1, out), 4);
	NEAR(out[3], 4, 0);
}

static void test_k_zero_too_few(void **state)
{
	(void)state;
	/* n = 5: len(r) = 2, k = min(6, 0) = 0 -> the original crashes on
	 * mean([]); we report "too few samples". n = 6: len(r) = 3, k = 1. */
	double s[] = {1, 2, 3, 4, 5, 6};
	struct ls_classic_result r;
	run(s, NULL, 5, &r);
	assert_int_equal(r.status, LS_CLASSIC_TOO_FEW);
	assert_int_equal(r.k, 0);
	assert_false(r.leak);
	assert_non_null(strstr(r.message, "too few samples"));
	assert_non_null(strstr(r.message, "at least 6"));
	NEAR(r.initial_avg, 0, 0);
	ls_classic_result_done(&r);

	/* n = 6: r = [2, 3, 4], k = 1: initial = 2, final = 4, growth = 2 = 100 %
	 * -> rule c: "Memory grew by 100.0%" */
	run(s, NULL, 6, &r);
	assert_int_equal(r.status, LS_CLASSIC_OK);
	assert_int_equal(r.k, 1);
	NEAR(r.initial_avg, 2, 1e-15);
	NEAR(r.final_avg, 4, 1e-15);
	NEAR(r.growth_percent, 100, 1e-12);
	assert_int_equal(r.rule, LS_RULE_GROWTH_PCT);
	ls_classic_result_done(&r);

	/* one sample: no CV (needs two), too few */
	run(s, NULL, 1, &r);
	assert_int_equal(r.status, LS_CLASSIC_TOO_FEW);
	NEAR(r.cv_percent, 0, 0);
	ls_classic_result_done(&r);

	/* no samples at all */
	run(s, NULL, 0, &r);
	assert_int_equal(r.status, LS_CLASSIC_NO_MEMORY);
	assert_string_equal(r.message, "No memory data found in profiles");
	ls_classic_result_done(&r);
}

static void test_custom_config(void **state)
{
	(void)state;
	/* W = 2: r[j] = mean(s[j], s[j+1]) for j = 0 .. 6 (n = 9): r0..r3 = 10,
	 * r4 = (10 + 12) / 2 = 11, r5 = r6 = 12 (s[8] is in no window).
	 * k = min(2W = 4, 7 // 3 = 2) = 2: initial = 10, final = 12, growth 20 %.
	 * The threshold is printed like Python prints a float: 12.5 -> "12.5",
	 * 19 -> "19.0". */
	double s[] = {10, 10, 10, 10, 10, 12, 12, 12, 12};
	double e[N(s)] = {0};
	struct ls_classic_config c = ls_classic_defaults;
	c.window = 2;
	c.growth_threshold_pct = 12.5;
	struct ls_classic_result r;
	memset(&r, 0, sizeof r);
	ls_classic_analyze_samples(s, e, N(s), &c, &r);
	assert_int_equal(r.k, 2);
	assert_int_equal(r.tail, 4); /* min(3W = 6, 9 // 2 = 4) */
	NEAR(r.initial_avg, 10, 0);
	NEAR(r.final_avg, 12, 0);
	assert_string_equal(r.message, "Memory grew by 20.0% (>12.5% threshold) \u2014 possible leak");
	ls_classic_result_done(&r);

	c.growth_threshold_pct = 19;
	ls_classic_analyze_samples(s, e, N(s), &c, &r);
	assert_string_equal(r.message, "Memory grew by 20.0% (>19.0% threshold) \u2014 possible leak");
	ls_classic_result_done(&r);

	/* default threshold: 20 % is no leak; the tail s[5..8] is flat -> e */
	c = ls_classic_defaults;
	c.window = 2;
	ls_classic_analyze_samples(s, e, N(s), &c, &r);
	assert_false(r.leak);
	assert_int_equal(r.rule, LS_RULE_STABLE);
	ls_classic_result_done(&r);
}

/* ---- verdict rules ---- */

static void test_rule_c_growth(void **state)
{
	(void)state;
	/* n = 12, six samples at 10 then six at 20. r (9 values): r0..r3 = 10,
	 * r4 = (10+10+20)/3 = 13.33, r5 = (10+20+20)/3 = 16.67, r6..r8 = 20.
	 * k = min(6, 9 // 3) = 3: initial = mean(r0..r2) = 10, final =
	 * mean(r6..r8) = 20, growth = 10, growth % = 10 / 10 * 100 = 100. */
	double s[] = {10, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 20};
	struct ls_classic_result r;
	run(s, NULL, N(s), &r);
	assert_int_equal(r.k, 3);
	NEAR(r.initial_avg, 10, 0);
	NEAR(r.final_avg, 20, 0);
	NEAR(r.growth_mb, 10, 0);
	NEAR(r.growth_percent, 100, 0);
	assert_true(r.leak);
	assert_int_equal(r.rule, LS_RULE_GROWTH_PCT);
	assert_string_equal(r.message, "Memory grew by 100.0% (>25.0% threshold) \u2014 possible leak");
	assert_non_null(ls_classic_recommendations(&r)[0]);
	ls_classic_result_done(&r);

	/* the threshold is strict: six 4s then six 5s give r0..r2 = 4,
	 * r6..r8 = 5, growth 1 / 4 * 100 = 25.0 %, not > 25; the tail
	 * s[6..11] = 5, 5, ... does not rise -> e, no leak. */
	double t[] = {4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5};
	run(t, NULL, N(t), &r);
	NEAR(r.decision_percent, 25, 0);
	assert_false(r.leak);
	assert_int_equal(r.rule, LS_RULE_STABLE);
	ls_classic_result_done(&r);
}

static void test_rule_d_continuous(void **state)
{
	(void)state;
	/* n = 12: six at 100, then 100.1 .. 100.6. initial = mean(r0..r2) = 100;
	 * r6 = mean(100.1, 100.2, 100.3) = 100.2, r7 = 100.3, r8 = 100.4:
	 * final = 100.3, growth 0.3 = 0.3 % (< 25). tail = min(9, 6) = 6:
	 * s[6..11] rises by 0.1 > 0.05 at every step -> d. */
	double s[] = {100, 100, 100, 100, 100, 100, 100.1, 100.2, 100.3, 100.4, 100.5, 100.6};
	struct ls_classic_result r;
	run(s, NULL, N(s), &r);
	assert_int_equal(r.tail, 6);
	NEAR(r.final_avg, 100.3, 1e-9);
	NEAR(r.growth_percent, 0.3, 1e-6);
	assert_true(r.leak);
	assert_int_equal(r.rule, LS_RULE_CONTINUOUS);
	assert_string_equal(r.message, "Continuous memory growth in final batches \u2014 possible leak");
	ls_classic_result_done(&r);

	/* one step of only 0.04 inside the tail breaks it -> e */
	double t[] = {100, 100, 100, 100, 100, 100, 100.1, 100.2, 100.24, 100.4, 100.5, 100.6};
	run(t, NULL, N(t), &r);
	assert_false(r.leak);
	assert_int_equal(r.rule, LS_RULE_STABLE);
	ls_classic_result_done(&r);

	/* a step of 0.04 just before the tail does not matter: tail is s[6..11]
	 * and s[6] - s[5] is not one of its steps */
	double u[] = {100, 100, 100, 100, 100, 100, 100.04, 100.1, 100.2, 100.3, 100.4, 100.5};
	run(u, NULL, N(u), &r);
	assert_int_equal(r.rule, LS_RULE_CONTINUOUS);
	ls_classic_result_done(&r);
}

static void test_rule_b_near_zero(void **state)
{
	(void)state;
	/* all samples 0.005 MB: initial = final = 0.005 < 0.01 -> b, no leak,
	 * even though the last two samples jump: r never sees s[7] and
	 * s[6] = 0.005 (the spike check skips prev < 0.01 anyway). */
	double s[] = {0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.009};
	double e[] = {0, 0, 0, 0, 0, 0, 0, 1};
	struct ls_classic_result r;
	run(s, e, N(s), &r);
	assert_false(r.leak);
	assert_int_equal(r.rule, LS_RULE_NEAR_ZERO);
	assert_int_equal(r.nspikes, 0);
	assert_string_equal(r.message,
		"Memory measurements near zero \u2014 tracemalloc tracking not sufficient for this workload");
	ls_classic_result_done(&r);

	/* prev < 0.01 is skipped even for a +1000 % jump with an error */
	double t[] = {0.001, 0.011, 0.011, 0.011, 0.011, 0.011, 0.011, 0.011};
	double te[] = {0, 1, 0, 0, 0, 0, 0, 0};
	run(t, te, N(t), &r);
	assert_int_equal(r.nspikes, 0);
	assert_int_not_equal(r.rule, LS_RULE_ERROR_SPIKE);
	ls_classic_result_done(&r);
}

static void test_initial_small_percent_rule(void **state)
{
	(void)state;
	/* six at 0.008, six at 0.05: initial = 0.008 (not > 0.01), final = 0.05
	 * (not < 0.01, so b does not fire). growth = 0.042 > 0.01 -> decision
	 * percent = 0.042 / 0.01 * 100 = 420.0, while the printed growth % is
	 * 0.042 / 0.008 * 100 = 525.0. */
	double s[] = {0.008, 0.008, 0.008, 0.008, 0.008, 0.008, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05};
	struct ls_classic_result r;
	run(s, NULL, N(s), &r);
	NEAR(r.initial_avg, 0.008, 1e-15);
	NEAR(r.growth_mb, 0.042, 1e-15);
	NEAR(r.growth_percent, 525, 1e-9);
	NEAR(r.decision_percent, 420, 1e-9);
	assert_true(r.leak);
	assert_string_equal(r.message, "Memory grew by 420.0% (>25.0% threshold) \u2014 possible leak");
	ls_classic_result_done(&r);

	/* six at 0.008, six at 0.012: growth 0.004 <= 0.01 -> decision 0, so no
	 * leak although the printed growth % is 0.004 / 0.008 * 100 = 50 %. */
	double t[] = {0.008, 0.008, 0.008, 0.008, 0.008, 0.008, 0.012, 0.012, 0.012, 0.012, 0.012, 0.012};
	run(t, NULL, N(t), &r);
	NEAR(r.growth_percent, 50, 1e-9);
	NEAR(r.decision_percent, 0, 0);
	assert_false(r.leak);
	assert_int_equal(r.rule, LS_RULE_STABLE);
	ls_classic_result_done(&r);

	/* initial exactly 0.01: not > 0.01 either -> growth / 0.01 * 100:
	 * six at 0.01, six at 0.03: growth 0.02 -> 200 % (same as / initial) */
	double u[] = {0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03};
	run(u, NULL, N(u), &r);
	NEAR(r.initial_avg, 0.01, 0);
	NEAR(r.decision_percent, 200, 1e-9);
	assert_int_equal(r.rule, LS_RULE_GROWTH_PCT);
	ls_classic_result_done(&r);
}

static void test_rule_a_stabilized(void **state)
{
	(void)state;
	/* i = 5: 100 -> 200 = +100 % >= 50 with an error. Next two: 201, 202:
	 * |201-200|/200*100 = 0.5 %, |202-200|/200*100 = 1.0 % <= 5 -> stabilized
	 * at (201 + 202) / 2 = 201.5. Rule a wins over c (growth is ~100 %). */
	double s[] = {100, 100, 100, 100, 100, 200, 201, 202, 202, 202, 202, 202};
	double e[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
	struct ls_classic_result r;
	run(s, e, N(s), &r);
	assert_true(r.leak);
	assert_int_equal(r.rule, LS_RULE_ERROR_SPIKE);
	assert_int_equal(r.nspikes, 1);
	assert_int_equal(r.spikes[0].index, 5);
	assert_true(r.spikes[0].stabilized);
	assert_false(r.spikes[0].insufficient);
	NEAR(r.spikes[0].after_avg, 201.5, 0);
	NEAR(r.spikes[0].max_variation, 1.0, 1e-12);
	assert_string_equal(r.message,
		"ERROR-INDUCED MEMORY LEAK DETECTED\n\n"
		"Memory spikes occurred in batch(es) with errors and did not fully recover:\n"
		"  \u2022 Batch 6: 100.00 MB \u2192 200.00 MB (+100.0%) with 1 error(s) \u2192 stabilized at 201.50 MB\n\n"
		"This indicates that error handling is not properly releasing resources.\n"
		"Check error paths for unreleased connections, buffers, or cached data.");
	const char *const *rec = ls_classic_recommendations(&r);
	assert_non_null(strstr(rec[0], "traceback"));
	ls_classic_result_done(&r);

	/* the same jump without an error is no spike: rule c instead */
	run(s, NULL, N(s), &r);
	assert_int_equal(r.nspikes, 0);
	assert_int_equal(r.rule, LS_RULE_GROWTH_PCT);
	ls_classic_result_done(&r);

	/* exactly +50 % (100 -> 150) counts: pct >= 50 */
	double t[] = {100, 100, 100, 150, 150, 150, 150, 150};
	double te[] = {0, 0, 0, 1, 0, 0, 0, 0};
	run(t, te, N(t), &r);
	assert_int_equal(r.nspikes, 1);
	NEAR(r.spikes[0].pct, 50, 0);
	assert_int_equal(r.rule, LS_RULE_ERROR_SPIKE);
	ls_classic_result_done(&r);

	/* +49.9 % is not a spike */
	double u[] = {100, 100, 100, 149.9, 149.9, 149.9, 149.9, 149.9};
	run(u, te, N(u), &r);
	assert_int_equal(r.nspikes, 0);
	ls_classic_result_done(&r);
}

static void test_rule_a_not_stabilized(void **state)
{
	(void)state;
	/* i = 5: 100 -> 200 with an error, then back to 100, 100:
	 * |100-200|/200*100 = 50 % > 5 -> not stabilized, max variation 50.
	 * Non-stabilized spikes alone are no leak. r: the windows containing
	 * s[5] are r3, r4, r5 (= 133.3); k = 3: initial = mean(r0..r2) = 100,
	 * final = mean(r6..r8) = 100 -> growth 0 -> e. */
	double s[] = {100, 100, 100, 100, 100, 200, 100, 100, 100, 100, 100, 100};
	double e[] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
	struct ls_classic_result r;
	run(s, e, N(s), &r);
	assert_false(r.leak);
	assert_int_equal(r.rule, LS_RULE_STABLE);
	assert_int_equal(r.nspikes, 1);
	assert_false(r.spikes[0].stabilized);
	NEAR(r.spikes[0].max_variation, 50, 0);
	NEAR(r.growth_mb, 0, 0);
	ls_classic_result_done(&r);

	/* one next sample within 5 % and one outside: not stabilized
	 * (200 -> 209: 4.5 %, 200 -> 211: 5.5 %) */
	double t[] = {100, 100, 100, 100, 100, 200, 209, 211, 100, 100, 100, 100};
	run(t, e, N(t), &r);
	assert_false(r.spikes[0].stabilized);
	NEAR(r.spikes[0].max_variation, 5.5, 1e-12);
	ls_classic_result_done(&r);

	/* exactly 5 %: 200 -> 210 is |10|/200*100 = 5.0 <= 5 -> stabilized */
	double u[] = {100, 100, 100, 100, 100, 200, 210, 190, 100, 100, 100, 100};
	run(u, e, N(u), &r);
	assert_true(r.spikes[0].stabilized);
	NEAR(r.spikes[0].after_avg, 200, 0);
	assert_int_equal(r.rule, LS_RULE_ERROR_SPIKE);
	ls_classic_result_done(&r);
}

static void test_rule_a_both_kinds(void **state)
{
	(void)state;
	/* i = 3: 100 -> 200 (+100 %, error), next 100, 100 -> not stabilized
	 * (variation 50 %). i = 8: 100 -> 200 (+100 %, error), next 201, 202 ->
	 * stabilized at 201.5. The message lists batch 9, then a NOTE on batch 4. */
	double s[] = {100, 100, 100, 200, 100, 100, 100, 100, 200, 201, 202, 202};
	double e[] = {0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0};
	struct ls_classic_result r;
	run(s, e, N(s), &r);
	assert_true(r.leak);
	assert_int_equal(r.nspikes, 2);
	assert_string_equal(r.message,
		"ERROR-INDUCED MEMORY LEAK DETECTED\n\n"
		"Memory spikes occurred in batch(es) with errors and did not fully recover:\n"
		"  \u2022 Batch 9: 100.00 MB \u2192 200.00 MB (+100.0%) with 1 error(s) \u2192 stabilized at 201.50 MB\n\n"
		"This indicates that error handling is not properly releasing resources.\n"
		"Check error paths for unreleased connections, buffers, or cached data.\n\n"
		"NOTE: Additional error spikes detected but memory did NOT stabilize:\n"
		"  \u2022 Batch 4: 100.00 MB \u2192 200.00 MB (+100.0%) with 1 error(s)\n"
		"    Next batches: 100.00, 100.00 MB (variation 50.0%, did NOT stabilize)\n\n"
		"These spikes show continued growth after the error, suggesting a continuous\n"
		"memory leak pattern rather than error-induced stabilization.");
	ls_classic_result_done(&r);
}

static void test_rule_a_spike_at_end(void **state)
{
	(void)state;
	/* n = 12, spike at the last sample (i = 11): 0 samples follow (< 2) ->
	 * stabilized with the insufficient text. A spike at i = 10 has 1 after. */
	double s[] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200};
	double e[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	struct ls_classic_result r;
	run(s, e, N(s), &r);
	assert_true(r.leak);
	assert_int_equal(r.nspikes, 1);
	assert_true(r.spikes[0].insufficient);
	assert_non_null(strstr(r.message, "  \u2022 Batch 12: 100.00 MB \u2192 200.00 MB (+100.0%) with 1 error(s) "
					  "(insufficient batches after spike to confirm stabilization)\n\n"));
	ls_classic_result_done(&r);

	/* i = 10: 100 -> 300 (+200 %), one sample (300) follows -> insufficient */
	double t[] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 300, 300};
	double te[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0};
	run(t, te, N(t), &r);
	assert_int_equal(r.nspikes, 1);
	assert_true(r.spikes[0].insufficient);
	assert_non_null(strstr(r.message, "Batch 11: 100.00 MB \u2192 300.00 MB (+200.0%) with 2 error(s) (insufficient"));
	ls_classic_result_done(&r);
}

static void test_noise_cv(void **state)
{
	(void)state;
	/* 1..8: mean 4.5, squared deviations 12.25+6.25+2.25+0.25 (twice) = 42,
	 * sample variance 42 / 7 = 6, sd = sqrt(6) = 2.4495, CV = 2.4495 / 4.5 *
	 * 100 = 54.43 % > 40 -> noisy. */
	double s[] = {1, 2, 3, 4, 5, 6, 7, 8};
	struct ls_classic_result r;
	run(s, NULL, N(s), &r);
	NEAR(r.cv_percent, sqrt(6.0) / 4.5 * 100, 1e-12);
	assert_true(r.noisy);
	assert_string_equal(r.noise_message, "Memory measurements too noisy (CV=54.4%) - test environment unstable");
	ls_classic_result_done(&r);

	/* five 10s and a 12: mean 31/3, deviations -1/3 (x5) and 5/3: sum of
	 * squares 5/9 + 25/9 = 30/9, variance / 5 = 2/3, sd = 0.8165, CV =
	 * 0.8165 / 10.333 * 100 = 7.90 % -> not noisy. */
	double t[] = {10, 10, 10, 10, 10, 12};
	run(t, NULL, N(t), &r);
	NEAR(r.cv_percent, sqrt(2.0 / 3) / (31.0 / 3) * 100, 1e-12);
	assert_false(r.noisy);
	assert_null(r.noise_message);
	ls_classic_result_done(&r);
}

/* statistics.mean is exact: 0.1 + 0.2 + 0.3 summed naively is
 * 0.6000000000000001, exactly it is 0.6 (as doubles: the nearest double to
 * the exact sum of the three doubles), so mean = 0.2. */
static void test_exact_mean(void **state)
{
	(void)state;
	double x[] = {0.1, 0.2, 0.3};
	assert_true(ls_xmean(x, 3) == 0.2);
	assert_true((0.1 + 0.2 + 0.3) / 3 != 0.2); /* what a naive loop gets */
	double y[] = {1e16, 1.0, -1e16};
	assert_true(ls_xmean(y, 3) == 1.0 / 3);
	NEAR(ls_xstdev(x, 3), 0.1, 1e-16);
}

/* ---- endpoints built in memory ---- */

struct cons {
	const char *site;
	double mb;
};

struct fixture {
	struct ls_process p;
	struct ls_endpoint ep;
	struct ls_intern sites;
};

static void fx_init(struct fixture *f)
{
	ls_process_init(&f->p, "test");
	ls_endpoint_init(&f->ep);
	ls_intern_init(&f->sites);
}

static uint32_t fx_row(struct fixture *f, int64_t req, uint64_t off, int32_t batch, const struct cons *c,
	size_t nc)
{
	uint32_t r = ls_endpoint_add_row(&f->ep);
	f->ep.req_no[r] = req;
	f->ep.offset[r] = off;
	f->ep.batch[r] = batch;
	f->ep.flags[r] = LS_REQ_HAS_ID | (nc ? LS_REQ_HAS_CONSUMERS : 0);
	for (size_t i = 0; i < nc; i++)
		ls_endpoint_add_consumer(&f->ep, ls_intern_add(&f->sites, c[i].site, strlen(c[i].site)), c[i].mb, 1);
	return r;
}

static uint32_t fx_adopt(struct fixture *f)
{
	ls_endpoint_sort(&f->ep);
	uint32_t i = ls_process_adopt(&f->p, &f->ep, &f->sites, NULL);
	ls_intern_done(&f->sites);
	ls_intern_init(&f->sites);
	ls_process_index(&f->p);
	return i;
}

static void fx_done(struct fixture *f)
{
	ls_endpoint_done(&f->ep);
	ls_intern_done(&f->sites);
	ls_process_done(&f->p);
}

static const char *site(const struct fixture *f, uint32_t id)
{
	return ls_intern_str(&f->p.sites, id);
}

static void test_summary_and_samples(void **state)
{
	(void)state;
	/* 3 records: latency 0.1, 0.3, none; memory 10, none, 20; one error.
	 * avg latency 0.2, min 0.1, max 0.3; avg memory 15; error rate 1/3*100. */
	struct fixture f;
	fx_init(&f);
	uint32_t r0 = fx_row(&f, 1, 0, 0, NULL, 0), r1 = fx_row(&f, 2, 10, 0, NULL, 0), r2 = fx_row(&f, 3, 20, 0, NULL, 0);
	f.ep.latency[r0] = 0.1;
	f.ep.flags[r0] |= LS_REQ_HAS_LATENCY | LS_REQ_HAS_MEM;
	f.ep.current_mb[r0] = 10;
	f.ep.latency[r1] = 0.3;
	f.ep.flags[r1] |= LS_REQ_HAS_LATENCY | LS_REQ_ERROR;
	f.ep.current_mb[r2] = 20;
	f.ep.flags[r2] |= LS_REQ_HAS_MEM;
	struct ls_classic_result r;
	ls_classic_analyze(&f.ep, NULL, &r);
	assert_int_equal(r.requests, 3);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.nsamples, 2);
	NEAR(r.avg_latency, 0.2, 1e-15);
	NEAR(r.min_latency, 0.1, 0);
	NEAR(r.max_latency, 0.3, 0);
	NEAR(r.avg_memory, 15, 0);
	NEAR(r.error_rate_pct, 100.0 / 3, 1e-12);
	assert_int_equal(r.status, LS_CLASSIC_TOO_FEW); /* 2 samples */
	ls_classic_result_done(&r);

	/* records without memory: "No memory data found in profiles" */
	f.ep.flags[r0] &= (uint16_t)~LS_REQ_HAS_MEM;
	f.ep.flags[r2] &= (uint16_t)~LS_REQ_HAS_MEM;
	ls_classic_analyze(&f.ep, NULL, &r);
	assert_int_equal(r.status, LS_CLASSIC_NO_MEMORY);
	assert_string_equal(r.message, "No memory data found in profiles");
	NEAR(r.avg_memory, 0, 0);
	ls_classic_result_done(&r);

	/* no records */
	struct ls_endpoint empty;
	ls_endpoint_init(&empty);
	ls_classic_analyze(&empty, NULL, &r);
	assert_int_equal(r.status, LS_CLASSIC_NO_PROFILES);
	assert_string_equal(r.message, "No profiles provided");
	assert_int_equal(r.requests, 0);
	NEAR(r.error_rate_pct, 0, 0);
	assert_non_null(ls_classic_recommendations(&r)[0]);
	ls_classic_result_done(&r);
	ls_endpoint_done(&empty);
	fx_done(&f);
}

/* Samples come in request order, errors from the error flag: loading a JSON
 * file written out of order gives the same verdict as the sorted series. */
static void test_endpoint_from_json(void **state)
{
	(void)state;
	/* request ids 1..12 written with 6 and 7 swapped; req-3 and req-12 have
	 * no memory. Request 6 (an error) is sample 4 (req 1, 2, 4, 5 come
	 * before): the spike 100 -> 200 followed by 201, 202: rule a, "Batch 5",
	 * endpoint row 5. */
	const char *text =
		"[{\"request_id\":\"req-1\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":100}},"
		"{\"request_id\":\"req-2\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":100}},"
		"{\"request_id\":\"req-3\",\"latency\":0.5,\"had_error\":false},"
		"{\"request_id\":\"req-4\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":100}},"
		"{\"request_id\":\"req-5\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":100}},"
		"{\"request_id\":\"req-7\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":201}},"
		"{\"request_id\":\"req-6\",\"latency\":1.5,\"had_error\":true,\"memory\":{\"current_mb\":200}},"
		"{\"request_id\":\"req-8\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":202}},"
		"{\"request_id\":\"req-9\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":202}},"
		"{\"request_id\":\"req-10\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":202}},"
		"{\"request_id\":\"req-11\",\"latency\":0.5,\"had_error\":false,\"memory\":{\"current_mb\":202}},"
		"{\"request_id\":\"req-12\",\"latency\":0.5,\"had_error\":false}]";
	struct ls_file_result fr;
	ls_file_result_init(&fr);
	ls_parse_text(text, strlen(text), "chat.json", &fr, 1);
	assert_int_equal(fr.records, 12);
	ls_endpoint_sort(&fr.ep);
	struct ls_classic_result r;
	ls_classic_analyze(&fr.ep, NULL, &r);
	/* 10 samples: r has 7 values, k = min(6, 7 // 3) = 2, tail = 5 */
	assert_int_equal(r.nsamples, 10);
	assert_int_equal(r.k, 2);
	assert_int_equal(r.tail, 5);
	assert_int_equal(r.rule, LS_RULE_ERROR_SPIKE);
	assert_non_null(strstr(r.message, "Batch 5: 100.00 MB \u2192 200.00 MB (+100.0%) with 1 error(s) \u2192 "
					  "stabilized at 201.50 MB"));
	assert_int_equal(r.nspikes, 1);
	assert_int_equal(r.spikes[0].index, 4);
	assert_int_equal(r.spikes[0].row, 5);
	assert_int_equal(fr.ep.req_no[r.spikes[0].row], 6);
	/* summary: 12 requests, latency 11 x 0.5 + 1.5 = 7.0 -> 0.5833 */
	assert_int_equal(r.requests, 12);
	assert_int_equal(r.errors, 1);
	NEAR(r.avg_latency, 7.0 / 12, 1e-15);
	NEAR(r.max_latency, 1.5, 0);
	/* avg memory: (4 x 100 + 201 + 200 + 4 x 202) / 10 = 1609 / 10 */
	NEAR(r.avg_memory, 160.9, 1e-12);
	ls_classic_result_done(&r);
	ls_file_result_done(&fr);
}

/* The consumers / growth fixture (request order = file order):
 *   req 1: a 1.0, b 0.5, e 4.0, g 0.0
 *   req 2: f 0.2, f 0.4              (f twice in the same record)
 *   req 3: a 2.0, c 0.5, e 1.0
 *   req 4: c 1.5, a 3.0, b 1.5, d -0.5, g 0.7 */
static uint32_t build_sites_fixture(struct fixture *f, bool reversed_file)
{
	const struct cons r1[] = {{"a.py:1", 1.0}, {"b.py:2", 0.5}, {"e.py:5", 4.0}, {"g.py:7", 0.0}};
	const struct cons r2[] = {{"f.py:6", 0.2}, {"f.py:6", 0.4}};
	const struct cons r3[] = {{"a.py:1", 2.0}, {"c.py:3", 0.5}, {"e.py:5", 1.0}};
	const struct cons r4[] = {{"c.py:3", 1.5}, {"a.py:1", 3.0}, {"b.py:2", 1.5}, {"d.py:4", -0.5}, {"g.py:7", 0.7}};
	/* reversed_file: same requests, but the file lists them 4, 3, 2, 1 */
	uint64_t o[4] = {0, 100, 200, 300};
	if (reversed_file) {
		o[0] = 300;
		o[1] = 200;
		o[2] = 100;
		o[3] = 0;
	}
	fx_row(f, 1, o[0], 0, r1, N(r1));
	fx_row(f, 2, o[1], 0, r2, N(r2));
	fx_row(f, 3, o[2], 0, r3, N(r3));
	fx_row(f, 4, o[3], 0, r4, N(r4));
	return fx_adopt(f);
}

static void test_top_consumers(void **state)
{
	(void)state;
	struct fixture f;
	fx_init(&f);
	uint32_t ep = build_sites_fixture(&f, false);
	uint32_t n;
	struct ls_consumer_row *c = ls_classic_consumers(&f.p, &ep, 1, &n);
	/* totals: a 1+2+3 = 6 (max 3, 3 samples, avg 2); e 4+1 = 5 (max 4, avg
	 * 2.5); b 0.5+1.5 = 2 and c 0.5+1.5 = 2 (tie: b appeared first);
	 * g 0+0.7 = 0.7; f 0.2+0.4 = 0.6 (2 samples); d -0.5, whose max shows 0.0
	 * because the original starts max at 0.0. */
	assert_int_equal(n, 7);
	const char *want[] = {"a.py:1", "e.py:5", "b.py:2", "c.py:3", "g.py:7", "f.py:6", "d.py:4"};
	for (uint32_t i = 0; i < n; i++)
		assert_string_equal(site(&f, c[i].site), want[i]);
	NEAR(c[0].total_mb, 6, 0);
	NEAR(c[0].max_mb, 3, 0);
	NEAR(c[0].avg_mb, 2, 0);
	assert_int_equal(c[0].samples, 3);
	NEAR(c[1].avg_mb, 2.5, 0);
	NEAR(c[2].total_mb, 2, 0);
	NEAR(c[3].total_mb, 2, 0);
	NEAR(c[5].total_mb, 0.6, 1e-15);
	assert_int_equal(c[5].samples, 2);
	NEAR(c[6].total_mb, -0.5, 0);
	NEAR(c[6].max_mb, 0.0, 0);
	NEAR(c[6].avg_mb, -0.5, 0);
	free(c);

	/* all endpoints (eps == NULL) of a one-endpoint process: the same */
	c = ls_classic_consumers(&f.p, NULL, 0, &n);
	assert_int_equal(n, 7);
	assert_string_equal(site(&f, c[0].site), "a.py:1");
	free(c);
	fx_done(&f);

	/* same data, file written in reverse order: the original aggregates in
	 * file order, so c (first seen in req 4, now the first record) comes
	 * before b in the tie */
	fx_init(&f);
	ep = build_sites_fixture(&f, true);
	c = ls_classic_consumers(&f.p, &ep, 1, &n);
	assert_string_equal(site(&f, c[2].site), "c.py:3");
	assert_string_equal(site(&f, c[3].site), "b.py:2");
	free(c);
	fx_done(&f);
}

static void test_growth_by_location(void **state)
{
	(void)state;
	struct fixture f;
	fx_init(&f);
	uint32_t ep = build_sites_fixture(&f, false);
	uint32_t n;
	struct ls_growth_row *g = ls_classic_growth_by_location(&f.p, ep, &n);
	/* a 1.0 -> 3.0: +2.0 (200 %), min 1 max 3, 3 samples
	 * b 0.5 -> 1.5: +1.0 (200 %); c 0.5 -> 1.5: +1.0 (200 %), b first in ties
	 * e 4.0 -> 1.0: -3.0 (-75 %): largest |growth|
	 * g 0.0 -> 0.7: +0.7, growth % 0 because first is 0
	 * f: both samples in record 2 (first idx == last idx) -> skipped
	 * d: one record -> skipped
	 * sorted by |growth|: e, a, b, c, g */
	assert_int_equal(n, 5);
	const char *want[] = {"e.py:5", "a.py:1", "b.py:2", "c.py:3", "g.py:7"};
	for (uint32_t i = 0; i < n; i++)
		assert_string_equal(site(&f, g[i].site), want[i]);
	NEAR(g[0].growth_mb, -3, 0);
	NEAR(g[0].growth_percent, -75, 0);
	NEAR(g[0].min_mb, 1, 0);
	NEAR(g[0].max_mb, 4, 0);
	NEAR(g[1].growth_mb, 2, 0);
	NEAR(g[1].growth_percent, 200, 0);
	NEAR(g[1].first_mb, 1, 0);
	NEAR(g[1].last_mb, 3, 0);
	assert_int_equal(g[1].samples, 3);
	NEAR(g[4].growth_mb, 0.7, 0);
	NEAR(g[4].growth_percent, 0, 0);
	free(g);
	fx_done(&f);

	/* growth follows request order, not file order: reversing the file
	 * changes nothing here */
	fx_init(&f);
	ep = build_sites_fixture(&f, true);
	g = ls_classic_growth_by_location(&f.p, ep, &n);
	assert_int_equal(n, 5);
	assert_string_equal(site(&f, g[0].site), "e.py:5");
	NEAR(g[0].growth_mb, -3, 0);
	assert_string_equal(site(&f, g[2].site), "b.py:2");
	free(g);
	fx_done(&f);
}

static void test_leaking_sources(void **state)
{
	(void)state;
	struct fixture f;
	fx_init(&f);
	/* batches 1..3 (file order as listed):
	 *   cache.py:88  0.5 -> 0.8 -> 1.2   growth 0.7, 140 %        leak
	 *   cache.py:90  0.0005 -> .2 -> .3  first <= 0.001 -> 999 %   leak (0.2995)
	 *   db.py:10     1.0 -> 1.05 -> 1.09 growth 0.09 < 0.1        no
	 *   big.py:5     10 -> 12 -> 14      growth 4, 40 % < 50      no
	 *   two.py:1     two entries only                              no
	 *   unknown      not PATH:LINE (the original's regex skips it) no
	 *   x.py:7       (b3 2.0), (b1 0.2), (b2 1.0): sorted by batch 0.2 -> 2.0,
	 *                growth 1.8, 900 %                             leak
	 *   y.py:1       0.5 -> 1.0  growth 0.5, 100 %                 leak
	 *   cache.py:95  1.0 -> 1.5  growth 0.5, 50 % (>= 50)          leak
	 * The record without a batch (batch 0) is skipped: its 100 MB would
	 * otherwise be cache.py:88's last value.
	 * y.py:1 and cache.py:95 tie at 0.5: the original's dict groups by path
	 * (cache.py seen first), so cache.py:95 comes before y.py:1 although
	 * y.py:1 appeared first. */
	const struct cons b1[] = {{"/srv/app/cache.py:88", 0.5}, {"/srv/y.py:1", 0.5}, {"/srv/app/cache.py:90", 0.0005},
		{"/srv/db.py:10", 1.0}, {"/srv/big.py:5", 10}, {"/srv/two.py:1", 0.1}, {"unknown", 0.1}};
	const struct cons b1b[] = {{"/srv/app/cache.py:95", 1.0}};
	const struct cons b2[] = {{"/srv/app/cache.py:88", 0.8}, {"/srv/y.py:1", 0.7}, {"/srv/app/cache.py:90", 0.2},
		{"/srv/db.py:10", 1.05}, {"/srv/big.py:5", 12}, {"/srv/two.py:1", 5.0}, {"unknown", 1.0},
		{"/srv/app/cache.py:95", 1.2}};
	const struct cons b3[] = {{"/srv/app/cache.py:88", 1.2}, {"/srv/y.py:1", 1.0}, {"/srv/app/cache.py:90", 0.3},
		{"/srv/db.py:10", 1.09}, {"/srv/big.py:5", 14}, {"unknown", 2.0}, {"/srv/app/cache.py:95", 1.5}};
	const struct cons nob[] = {{"/srv/app/cache.py:88", 100}};
	const struct cons x3[] = {{"/srv/x.py:7", 2.0}};
	const struct cons x1[] = {{"/srv/x.py:7", 0.2}};
	const struct cons x2[] = {{"/srv/x.py:7", 1.0}};
	fx_row(&f, 1, 0, 1, b1, N(b1));
	fx_row(&f, 2, 10, 1, b1b, N(b1b));
	fx_row(&f, 3, 20, 2, b2, N(b2));
	fx_row(&f, 4, 30, 3, b3, N(b3));
	fx_row(&f, 5, 40, 0, nob, N(nob));
	fx_row(&f, 6, 50, 3, x3, N(x3));
	fx_row(&f, 7, 60, 1, x1, N(x1));
	fx_row(&f, 8, 70, 2, x2, N(x2));
	uint32_t ep = fx_adopt(&f);
	uint32_t n;
	struct ls_leaking_source *s = ls_classic_leaking_sources(&f.p, ep, &n);
	assert_int_equal(n, 5);
	const char *want[] = {"/srv/x.py:7", "/srv/app/cache.py:88", "/srv/app/cache.py:95", "/srv/y.py:1",
		"/srv/app/cache.py:90"};
	for (uint32_t i = 0; i < n; i++)
		assert_string_equal(site(&f, s[i].site), want[i]);
	NEAR(s[0].growth_mb, 1.8, 1e-12);
	NEAR(s[0].first_mb, 0.2, 0);
	NEAR(s[0].last_mb, 2.0, 0);
	assert_int_equal(s[0].first_batch, 1);
	assert_int_equal(s[0].last_batch, 3);
	assert_int_equal(s[0].samples, 3);
	NEAR(s[0].growth_percent, 900, 1e-9);
	NEAR(s[1].growth_mb, 0.7, 1e-12);
	NEAR(s[1].growth_percent, 140, 1e-9);
	NEAR(s[1].last_mb, 1.2, 0);
	NEAR(s[2].growth_percent, 50, 1e-9);
	NEAR(s[4].growth_mb, 0.2995, 1e-12);
	NEAR(s[4].growth_percent, 999, 0);
	free(s);
	fx_done(&f);
}

static void test_leaking_sources_cap_and_ties(void **state)
{
	(void)state;
	/* 12 leaking sources, growth 1.0 + i/10 for i = 0..11; only the 10
	 * largest are kept, largest first. Two entries of the same batch: the
	 * original's stable sort keeps the first as "first" and the last as "last". */
	struct fixture f;
	fx_init(&f);
	char names[12][32];
	struct cons c[12];
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof names[i], "/srv/s%02d.py:%d", i, i + 1);
		c[i].site = names[i];
	}
	for (int b = 1; b <= 3; b++) {
		for (int i = 0; i < 12; i++)
			c[i].mb = 1.0 + (b - 1) * (1.0 + i / 10.0) / 2; /* 1, then +half, +growth */
		fx_row(&f, b, (uint64_t)b * 10, b, c, 12);
	}
	/* same batch twice for one site: (b1 5.0) after the others -> first stays
	 * the earlier b1 entry (1.0); (b3 9.0) last entry of batch 3 -> last */
	const struct cons extra1[] = {{"/srv/s00.py:1", 5.0}};
	const struct cons extra3[] = {{"/srv/s00.py:1", 9.0}};
	fx_row(&f, 4, 40, 1, extra1, 1);
	fx_row(&f, 5, 50, 3, extra3, 1);
	uint32_t ep = fx_adopt(&f);
	uint32_t n;
	struct ls_leaking_source *s = ls_classic_leaking_sources(&f.p, ep, &n);
	assert_int_equal(n, 10);
	/* s00 now grows 1.0 -> 9.0 = 8.0 and leads; then s11 (2.1), s10 (2.0) ... */
	assert_string_equal(site(&f, s[0].site), "/srv/s00.py:1");
	NEAR(s[0].first_mb, 1.0, 0);
	NEAR(s[0].last_mb, 9.0, 0);
	assert_int_equal(s[0].samples, 5);
	assert_string_equal(site(&f, s[1].site), "/srv/s11.py:12");
	NEAR(s[1].growth_mb, 2.1, 1e-12);
	assert_string_equal(site(&f, s[9].site), "/srv/s03.py:4");
	free(s);

	/* a profile-format endpoint (no batches) has no leaking sources */
	fx_done(&f);
	fx_init(&f);
	const struct cons one[] = {{"/srv/a.py:1", 1.0}};
	const struct cons two[] = {{"/srv/a.py:1", 5.0}};
	fx_row(&f, 1, 0, 0, one, 1);
	fx_row(&f, 2, 10, 0, one, 1);
	fx_row(&f, 3, 20, 0, two, 1);
	ep = fx_adopt(&f);
	s = ls_classic_leaking_sources(&f.p, ep, &n);
	assert_int_equal(n, 0);
	free(s);
	fx_done(&f);
}

/* A memory-test file in the traceback form: locations normalize to
 * PATH:LINE and the top-level top_consumers feed the leaking sources. */
static void test_leaking_sources_from_json(void **state)
{
	(void)state;
	const char *text =
		"[{\"request_id\":\"req-1\",\"batch\":1,\"current_mb\":10,\"had_error\":false,"
		"\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/cache.py\\\", line 88\",\"size_mb\":0.25,\"count\":9}]},"
		"{\"request_id\":\"req-2\",\"batch\":2,\"current_mb\":11,\"had_error\":false,"
		"\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/cache.py\\\", line 88\",\"size_mb\":0.5,\"count\":9}]},"
		"{\"request_id\":\"req-3\",\"batch\":3,\"current_mb\":12,\"had_error\":false,"
		"\"top_consumers\":[{\"file\":\"  File \\\"/srv/app/cache.py\\\", line 88\",\"size_mb\":0.75,\"count\":9}]}]";
	struct ls_file_result fr;
	ls_file_result_init(&fr);
	ls_parse_text(text, strlen(text), "test_cache.json", &fr, 1);
	assert_int_equal(fr.records, 3);
	ls_endpoint_sort(&fr.ep);
	struct ls_process p;
	ls_process_init(&p, "test_cache.json");
	uint32_t ep = ls_process_adopt(&p, &fr.ep, &fr.sites, &fr.strings);
	ls_process_index(&p);
	uint32_t n;
	/* 0.25 -> 0.75: growth 0.5 >= 0.1, 200 % >= 50 -> leak */
	struct ls_leaking_source *s = ls_classic_leaking_sources(&p, ep, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ls_intern_str(&p.sites, s[0].site), "/srv/app/cache.py:88");
	NEAR(s[0].growth_mb, 0.5, 0);
	NEAR(s[0].growth_percent, 200, 0);
	free(s);
	ls_process_done(&p);
	ls_file_result_done(&fr);
}

static void test_recommendations(void **state)
{
	(void)state;
	/* every verdict has at least one line, and they differ by verdict */
	struct ls_classic_result r;
	memset(&r, 0, sizeof r);
	const char *const *seen[9];
	size_t ns = 0;
	enum ls_classic_rule rules[] = {LS_RULE_ERROR_SPIKE, LS_RULE_NEAR_ZERO, LS_RULE_GROWTH_PCT,
		LS_RULE_CONTINUOUS, LS_RULE_STABLE};
	for (size_t i = 0; i < N(rules); i++) {
		r.rule = rules[i];
		const char *const *rec = ls_classic_recommendations(&r);
		assert_non_null(rec[0]);
		for (size_t j = 0; j < ns; j++)
			assert_ptr_not_equal(seen[j], rec);
		seen[ns++] = rec;
	}
	r.status = LS_CLASSIC_TOO_FEW;
	assert_non_null(strstr(ls_classic_recommendations(&r)[0], "more requests"));
}

/* Locations are trimmed like the original's str.strip(): Python's whitespace
 * includes \x1c-\x1f and Unicode spaces (U+00A0, U+2000..U+200A, U+3000, ...),
 * not only C's isspace() set. */
static void test_location_trim_python_whitespace(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"\xc2\xa0/g.py:1", "/g.py:1"},                        /* U+00A0 */
		{"/g.py:1\xe3\x80\x80", "/g.py:1"},                    /* U+3000 */
		{"\x1c\x1f /g.py:2\x1d", "/g.py:2"},                   /* FS .. US */
		{"\xe2\x80\x83  File \"/a.py\", line 7\xc2\x85", "/a.py:7"}, /* U+2003, U+0085 */
		{"\xe2\x80\xa9x\xe2\x80\xa8", "x"},                   /* U+2029, U+2028 */
		{"\xe2\x80\x8b/z.py:1", "\xe2\x80\x8b/z.py:1"},       /* U+200B is no space in Python */
		{"/caf\xc3\xa9.py:3 ", "/caf\xc3\xa9.py:3"},
		{"\xc2\xa0", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[64];
		size_t n = ls_normalize_location(cases[i].in, strlen(cases[i].in), out, sizeof out);
		assert_string_equal(out, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rolling_mean_excludes_last),
		cmocka_unit_test(test_rolling),
		cmocka_unit_test(test_k_zero_too_few),
		cmocka_unit_test(test_custom_config),
		cmocka_unit_test(test_rule_c_growth),
		cmocka_unit_test(test_rule_d_continuous),
		cmocka_unit_test(test_rule_b_near_zero),
		cmocka_unit_test(test_initial_small_percent_rule),
		cmocka_unit_test(test_rule_a_stabilized),
		cmocka_unit_test(test_rule_a_not_stabilized),
		cmocka_unit_test(test_rule_a_both_kinds),
		cmocka_unit_test(test_rule_a_spike_at_end),
		cmocka_unit_test(test_noise_cv),
		cmocka_unit_test(test_exact_mean),
		cmocka_unit_test(test_summary_and_samples),
		cmocka_unit_test(test_endpoint_from_json),
		cmocka_unit_test(test_top_consumers),
		cmocka_unit_test(test_growth_by_location),
		cmocka_unit_test(test_leaking_sources),
		cmocka_unit_test(test_leaking_sources_cap_and_ties),
		cmocka_unit_test(test_leaking_sources_from_json),
		cmocka_unit_test(test_recommendations),
		cmocka_unit_test(test_location_trim_python_whitespace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
