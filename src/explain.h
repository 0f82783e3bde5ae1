/* explain.h — numbers as the explanations print them ("6,120",
 * "p < 1e-9", "+4.1 KB per request (95 % CI 3.8 to 4.4, p < 1e-9)"),
 * shared by the endpoint verdicts and the process's heap summary so the
 * two always read alike. */
#ifndef LS_EXPLAIN_H
#define LS_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

/* "6,120" */
void ls_fmt_count(char *out, size_t cap, int64_t v);
/* "p < 1e-9", "p = 3.2e-05", "p = 0.034", "p n/a" */
void ls_fmt_p(char *out, size_t cap, double p);
/* KB, signed, with as many decimals as its size deserves: "+4.12", "-155" */
void ls_fmt_kb(char *out, size_t cap, double kb);
/* A size for a sentence, with its sign and unit: "+512 KB", and from 1024 KB
 * on "+1.97 MB" (not "+2017 KB"). ls_size_unit: what to divide kb by for
 * that unit (1 or 1024), so that a companion figure (an interval, a
 * standard error) is said in the same one. */
void ls_fmt_size(char *out, size_t cap, double kb);
double ls_size_unit(double kb, const char **unit);
/* the same, unsigned */
void ls_fmt_num(char *out, size_t cap, double v);
/* "+4.1 KB per request (95 % CI 3.8 to 4.4, p < 1e-9)" */
void ls_add_rate(struct ls_buf *b, double kb, const double ci[2], double p, const char *per);

#endif
