/* cache.h — what the screens show, built once and kept, so that every key
 * costs O(visible rows) (issue 5: "served from a cache built once").
 *
 * Per process: the Sites screen's table (site aggregates, suspect ranks,
 * every column's sort order, the search texts) and an index of every site's
 * samples for the site screen. Per endpoint: the detail
 * screen's chart series (with their min/max pyramids) and its site table.
 * Building them walks every record; keeping them makes opening a screen,
 * going back and opening it again, switching processes, sorting and
 * searching cost only the drawing.
 *
 * Entries follow the model: one built before a reload (app.gen) is rebuilt
 * on its next use, one built before a filter change (app.fgen) refiltered.
 * ui_cache_warm() builds everything up front, while "Analysing" is shown
 * (endpoint charts up to a memory budget: see cache.c).
 * Owned by the app; views borrow the pointers while they are open. */
#ifndef LS_UI_CACHE_H
#define LS_UI_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "epchart.h"
#include "sitetable.h"

struct app;

struct ui_ep_data {
	struct ui_epchart chart;
	struct ui_sitetable st;
	uint64_t gen, fgen;          /* app generations it was built / filtered for */
};

/* The Sites table of process p, built on first use. */
struct ui_sitetable *ui_cache_sites(struct app *a, uint32_t p);
/* Chart and site table of endpoint e of process p, built on first use. */
struct ui_ep_data *ui_cache_endpoint(struct app *a, uint32_t p, uint32_t e);
/* Where site `site` of process p appears, in timeline order: n positions
 * k in the merged timeline (p->tl_ep[k], p->tl_row[k]) and the consumer
 * index c of that endpoint. Built once per process for every site, so a
 * site's screen reads its own samples instead of every record. false when
 * there is no index (a timeline beyond 32-bit positions): walk instead. */
bool ui_cache_site_samples(struct app *a, uint32_t p, uint32_t site, const uint32_t **k, const uint32_t **c,
	uint32_t *n);
/* Build every entry now (before the first screen). */
void ui_cache_warm(struct app *a);
void ui_cache_free(struct app *a);

#endif
