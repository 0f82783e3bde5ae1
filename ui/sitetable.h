/* sitetable.h — the allocation-site table shared by the Sites screen (whole
 * process) and the endpoint detail (one endpoint's detailed records): same
 * columns, the site filter applied and highlighted, leak suspects first. */
#ifndef LS_UI_SITETABLE_H
#define LS_UI_SITETABLE_H

#include <stdint.h>
#include "app.h"
#include "table.h"
#include "siteagg.h"

struct ui_sitetable {
	struct app *a;
	uint32_t proc, ep;          /* ep == UINT32_MAX: the whole process */
	struct ui_siteagg g;
	uint32_t *rank;             /* per row: suspect rank, 0 = not a suspect */
	int c0;                     /* 1: no Susp column (--classic); column indexes shift */
	char *inc, *exc;            /* the filter patterns t.pass was computed for */
	const char **loc;           /* per row: its location (interned) and length, */
	uint32_t *loc_len;          /* in row order for the filter's pass */
	/* the last few filters' results (pattern pairs -> pass flags): editing
	 * a pattern back (Backspace) costs a copy, not a pass over every site */
	struct ui_sitememo {
		char *inc, *exc;
		uint8_t *pass;
	} memo[8];
	unsigned memo_next;
	char empty[96];             /* what the table says when no row shows */
	int dec_total, dec_max, dec_avg; /* decimals of the size columns */
	struct ui_table t;
};

void ui_sitetable_init(struct ui_sitetable *st, struct app *a, uint32_t proc, uint32_t ep);
void ui_sitetable_done(struct ui_sitetable *st);
/* Data reloaded: recompute, keep the selected site. */
void ui_sitetable_reload(struct ui_sitetable *st);
/* Back to the initial state (first row, suspects first, no search
 * highlight): a cached table shown again. */
void ui_sitetable_rewind(struct ui_sitetable *st);
/* The filter changed. */
void ui_sitetable_refilter(struct ui_sitetable *st);
/* Selected site id; false when none. */
bool ui_sitetable_site(const struct ui_sitetable *st, uint32_t *site);
/* The user acts on the selected site (ui_table_choose). */
void ui_sitetable_choose(struct ui_sitetable *st);
/* Open the site detail of the selected row. */
unsigned ui_sitetable_drill(struct ui_sitetable *st);
/* Number of rows passing the filter / all rows. */
void ui_sitetable_counts(const struct ui_sitetable *st, uint32_t *shown, uint32_t *all);

#endif
