/* explain.c — numbers as the explanations print them (explain.h). */
#include "explain.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* "6,120" */
void ls_fmt_count(char *out, size_t cap, int64_t v)
{
	char tmp[32];
	/* the magnitude as unsigned: -INT64_MIN is no int64 */
	snprintf(tmp, sizeof tmp, "%" PRIu64, v < 0 ? -(uint64_t)v : (uint64_t)v);
	size_t len = strlen(tmp), o = 0;
	if (v < 0 && o + 1 < cap)
		out[o++] = '-';
	for (size_t i = 0; i < len && o + 1 < cap; i++) {
		out[o++] = tmp[i];
		if ((len - i - 1) % 3 == 0 && i + 1 < len && o + 1 < cap)
			out[o++] = ',';
	}
	out[o] = '\0';
}

/* "p < 1e-9", "p = 3.2e-05", "p = 0.034" */
void ls_fmt_p(char *out, size_t cap, double p)
{
	if (isnan(p))
		snprintf(out, cap, "p n/a");
	else if (p < 1e-9)
		snprintf(out, cap, "p < 1e-9");
	else if (p < 0.001)
		snprintf(out, cap, "p = %.1e", p);
	else
		snprintf(out, cap, "p = %.3f", p);
}

/* KB with a sensible number of decimals, signed */
void ls_fmt_kb(char *out, size_t cap, double kb)
{
	double a = fabs(kb);
	if (a < 0.0005) {  /* no "-0.000" */
		snprintf(out, cap, "0.000");
		return;
	}
	snprintf(out, cap, a >= 100 ? "%+.0f" : a >= 10 ? "%+.1f" : a >= 0.1 ? "%+.2f" : "%+.3f", kb);
}

void ls_fmt_num(char *out, size_t cap, double v)
{
	double a = fabs(v);
	if (a < 0.0005)
		v = 0;
	snprintf(out, cap, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3f", v);
}

double ls_size_unit(double kb, const char **unit)
{
	bool mb = fabs(kb) >= 1024;
	*unit = mb ? "MB" : "KB";
	return mb ? 1024 : 1;
}

void ls_fmt_size(char *out, size_t cap, double kb)
{
	const char *unit;
	double d = ls_size_unit(kb, &unit);
	char k[32];
	ls_fmt_kb(k, sizeof k, kb / d);
	snprintf(out, cap, "%s %s", k, unit);
}

/* "+4.1 KB per request (95 % CI 3.8–4.4, p < 1e-9)"; from 1 MB on, in MB
 * ("+5.15 MB per error", not "+5270 KB per error") */
void ls_add_rate(struct ls_buf *b, double kb, const double ci[2], double p, const char *per)
{
	char k[32], lo[32], hi[32], ps[32];
	const char *unit;
	double d = ls_size_unit(kb, &unit);
	ls_fmt_size(k, sizeof k, kb);
	ls_fmt_num(lo, sizeof lo, ci[0] / d);
	ls_fmt_num(hi, sizeof hi, ci[1] / d);
	ls_fmt_p(ps, sizeof ps, p);
	ls_buf_printf(b, "%s per %s (95 %% CI %s to %s, %s)", k, per, lo, hi, ps);
}
