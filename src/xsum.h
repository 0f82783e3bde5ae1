/* xsum.h — exact floating-point sums, for numbers that must equal Python's.
 *
 * The original tool averages with statistics.mean, which sums the floats as
 * exact fractions and rounds the quotient once. A naive C loop can differ in
 * the last bit, and a value like 12.0005 printed with "%.3f" then shows a
 * different third decimal. These helpers keep Shewchuk's non-overlapping
 * partials (the algorithm of Python's math.fsum), so sums are exact until the
 * single final rounding. Non-finite input falls back to plain IEEE sums. */
#ifndef LS_XSUM_H
#define LS_XSUM_H

#include <stddef.h>

struct ls_xsum {
	double *p;          /* partials, increasing magnitude */
	size_t n, cap;
	double small[32];   /* initial storage: enough for any realistic data */
	double special;     /* IEEE sum of non-finite inputs (inf/nan propagate) */
	size_t count;       /* values added */
};

void ls_xsum_init(struct ls_xsum *s);
void ls_xsum_done(struct ls_xsum *s);
void ls_xsum_add(struct ls_xsum *s, double x);
/* The exact sum, correctly rounded (round half to even), like math.fsum. */
double ls_xsum_value(const struct ls_xsum *s);
/* The exact sum divided by d, correctly rounded (d > 0, d < 2^53), like
 * float(Fraction(sum) / d): statistics.mean when d is the count. */
double ls_xsum_div(const struct ls_xsum *s, double d);

/* statistics.mean(x[0..n)); NAN when n == 0. */
double ls_xmean(const double *x, size_t n);
/* statistics.stdev(x[0..n)) (sample, n - 1); NAN when n < 2. Within an ulp or
 * two of Python 3.12's exact result. */
double ls_xstdev(const double *x, size_t n);

#endif
