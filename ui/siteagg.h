/* siteagg.h — per-site numbers for a site table, from the detailed records of
 * one endpoint (in request order) or of the whole process (merged timeline):
 * total, max, min, average, samples, first -> last and a mini trend.
 * A site missing from a record was outside the top K, not zero, so every
 * number is over the records where the site appears. */
#ifndef LS_UI_SITEAGG_H
#define LS_UI_SITEAGG_H

#include <stdint.h>
#include <stdbool.h>
#include "model.h"

#define UI_TREND_W 8

struct ui_site_row {
	uint32_t site;
	uint32_t samples;
	double total, max, min, first, last;
	double growth, growth_pct;      /* last - first; / first * 100 (0 when first is 0) */
	int64_t first_req, last_req;
	char trend[UI_TREND_W * 3 + 1]; /* sparkline */
};

struct ui_siteagg {
	struct ui_site_row *v;
	uint32_t n;
};

/* ep == UINT32_MAX: the whole process. Rows in order of first appearance. */
void ui_siteagg_build(struct ui_siteagg *g, const struct ls_process *p, uint32_t ep, bool ascii);
void ui_siteagg_done(struct ui_siteagg *g);

#endif
