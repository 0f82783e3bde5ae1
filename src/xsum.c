/* xsum.c — exact sums (see xsum.h). */
#include "xsum.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ls_xsum_init(struct ls_xsum *s)
{
	/* no memset of `small`: this runs once per rolling window */
	s->n = 0;
	s->special = 0.0;
	s->count = 0;
	s->p = s->small;
	s->cap = sizeof s->small / sizeof s->small[0];
}

void ls_xsum_done(struct ls_xsum *s)
{
	if (s->p != s->small)
		free(s->p);
	s->p = NULL;
	s->n = s->cap = 0;
}

static void push(struct ls_xsum *s, size_t i, double x)
{
	if (i >= s->cap) {
		size_t c = s->cap * 2;
		double *np = ls_xreallocarray(NULL, c, sizeof *np);
		memcpy(np, s->p, s->n * sizeof *np);
		if (s->p != s->small)
			free(s->p);
		s->p = np;
		s->cap = c;
	}
	s->p[i] = x;
}

/* Shewchuk's grow-expansion: afterwards the partials still sum exactly to
 * everything added, and no two of them overlap. */
void ls_xsum_add(struct ls_xsum *s, double x)
{
	s->count++;
	if (!isfinite(x)) {
		s->special += x;
		return;
	}
	size_t i = 0;
	for (size_t j = 0; j < s->n; j++) {
		double y = s->p[j];
		if (fabs(x) < fabs(y)) {
			double t = x;
			x = y;
			y = t;
		}
		double hi = x + y;
		double lo = y - (hi - x);
		if (lo != 0.0)
			s->p[i++] = lo;
		x = hi;
	}
	if (!isfinite(x)) { /* intermediate overflow: give up exactness */
		s->special += x;
		s->n = i;
		return;
	}
	push(s, i, x);
	s->n = i + 1;
}

double ls_xsum_value(const struct ls_xsum *s)
{
	if (s->special != 0.0 || isnan(s->special))
		return s->special;
	size_t n = s->n;
	const double *p = s->p;
	double hi = 0.0, lo = 0.0;
	if (n == 0)
		return 0.0;
	hi = p[--n];
	while (n > 0) {
		double x = hi, y = p[--n];
		hi = x + y;
		double yr = hi - x;
		lo = y - yr;
		if (lo != 0.0)
			break;
	}
	/* half-even rounding across the remaining partials (as math.fsum does) */
	if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
		double y = lo * 2.0;
		double x = hi + y;
		double yr = x - hi;
		if (y == yr)
			hi = x;
	}
	return hi;
}

double ls_xsum_div(const struct ls_xsum *s, double d)
{
	double q0 = ls_xsum_value(s) / d;
	/* one partial: the sum is that double exactly, one division rounds once */
	if (!isfinite(q0) || d == 1.0 || q0 == 0.0 || (s->n == 1 && s->special == 0.0))
		return q0;
	/* residual T - q0*d, exactly: q0*d = ph + pl (fma), then one more exact sum */
	double ph = q0 * d;
	double pl = fma(q0, d, -ph);
	struct ls_xsum r;
	ls_xsum_init(&r);
	for (size_t i = 0; i < s->n; i++)
		ls_xsum_add(&r, s->p[i]);
	ls_xsum_add(&r, -ph);
	ls_xsum_add(&r, -pl);
	double res = ls_xsum_value(&r);
	ls_xsum_done(&r);
	/* |res / d| is below an ulp of q0: one rounding lands on the right double */
	return q0 + res / d;
}

double ls_xmean(const double *x, size_t n)
{
	if (n == 0)
		return NAN;
	if (n == 1)
		return x[0];
	struct ls_xsum s;
	ls_xsum_init(&s);
	for (size_t i = 0; i < n; i++)
		ls_xsum_add(&s, x[i]);
	double m = ls_xsum_div(&s, (double)n);
	ls_xsum_done(&s);
	return m;
}

double ls_xstdev(const double *x, size_t n)
{
	if (n < 2)
		return NAN;
	double m = ls_xmean(x, n);
	if (!isfinite(m))
		return NAN;
	/* sum of (x - m)^2 with each deviation and square kept in two parts */
	struct ls_xsum s;
	ls_xsum_init(&s);
	for (size_t i = 0; i < n; i++) {
		double a = x[i], b = -m;
		double dh = a + b;
		double bb = dh - a;
		double dl = (a - (dh - bb)) + (b - bb);
		double sq = dh * dh;
		ls_xsum_add(&s, sq);
		ls_xsum_add(&s, fma(dh, dh, -sq));
		ls_xsum_add(&s, 2.0 * dh * dl);
		ls_xsum_add(&s, dl * dl);
	}
	double var = ls_xsum_div(&s, (double)(n - 1));
	ls_xsum_done(&s);
	return var > 0 ? sqrt(var) : 0.0;
}
