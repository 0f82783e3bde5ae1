/* gen_rng.c - deterministic random numbers for lsgen.
 *
 * xoshiro256** seeded through splitmix64: fast, good quality, and the same
 * sequence on every platform, so a seed names one set of files. Normal
 * draws use Box-Muller (libm log/sqrt/cos/sin). */
#include "gen.h"

#include <math.h>

uint64_t gen_splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void gen_rng_seed(struct gen_rng *r, uint64_t seed)
{
	uint64_t st = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = gen_splitmix(&st);
	r->has_spare = 0;
	r->spare = 0.0;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t gen_rng_next(struct gen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double gen_rng_unit(struct gen_rng *r)
{
	return (double)(gen_rng_next(r) >> 11) * 0x1.0p-53;
}

double gen_rng_range(struct gen_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * gen_rng_unit(r);
}

uint32_t gen_rng_below(struct gen_rng *r, uint32_t n)
{
	if (n == 0)
		return 0;
	/* Multiply-shift: unbiased enough for fixtures, no division. */
	return (uint32_t)(((gen_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

double gen_rng_normal(struct gen_rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u1 = gen_rng_unit(r), u2 = gen_rng_unit(r);
	if (u1 < 1e-300)
		u1 = 1e-300;
	double rad = sqrt(-2.0 * log(u1));
	double th = 6.283185307179586 * u2;
	r->spare = rad * sin(th);
	r->has_spare = 1;
	return rad * cos(th);
}

double gen_rng_lognormal(struct gen_rng *r, double median, double sigma)
{
	return median * exp(sigma * gen_rng_normal(r));
}

double gen_rng_exp(struct gen_rng *r, double mean)
{
	double u = gen_rng_unit(r);
	return -mean * log(1.0 - u);
}
