/* epchart.h — the endpoint detail's chart: an endpoint's current_mb (or
 * latency) over request number with rolling mean, peak_mb, error and
 * detailed-snapshot markers, the fitted steady-state line and the warm-up
 * boundary; a cursor with a readout of the request under it; zoom into a
 * range (z ... z) and back (Z), wheel zoom. Rendering is chart.h's; this file
 * owns the state and the keys. */
#ifndef LS_UI_EPCHART_H
#define LS_UI_EPCHART_H

#include <stdbool.h>
#include <stdint.h>
#include "chart.h"
#include "detect.h"
#include "keymap.h"
#include "model.h"
#include "view.h"

#define UI_ZOOM_DEPTH 16

struct ui_epchart {
	bool by_row;                 /* no request ids: x is the row index */
	bool no_latency;             /* memory-test batches: nothing to show for L */
	bool no_time;                /* no record has a timestamp: nothing to show for t */
	struct ls_chart_series cur, mean, peak, lat;
	struct ls_chart_grid grid;
	bool show_peak, show_lat, show_time, show_mean;
	bool ascii;                  /* the last draw's mode: the legend names its glyphs */
	double x0, x1;               /* visible range; x0 >= x1: everything */
	double zoom[UI_ZOOM_DEPTH][2];
	int nzoom;
	int cursor;                  /* grid column of the cursor, -1: not placed yet */
	double cursor_x;             /* the x it reads, kept while the axis changes under it
	                              * (zoom, resize); NAN: its column's (it moved) */
	bool anchor_set;             /* z pressed once: a range is being chosen */
	double anchor_x;
	int y;                       /* screen line of the last draw, -1: none */
	/* the latency axis's ceiling over the range shown (ls_chart_outlier_cap),
	 * kept until the range or the data changes: 0 none; and how many
	 * points lie above the axis's top (y1) as drawn */
	struct lat_cap {
		bool valid;
		double x0, x1;
		double cap, max;
		double y1;
		uint32_t above;
	} lat_cap;
};

void ui_epchart_init(struct ui_epchart *c);
void ui_epchart_done(struct ui_epchart *c);
/* Back to the initial view (everything, no cursor, default curves), the
 * series kept: a cached chart shown again. */
void ui_epchart_reset_view(struct ui_epchart *c);
/* (Re)build the series from the endpoint's columns (open, reload); the
 * lines break across its process's holes (ls_process_holes: nholes pairs,
 * only read here). */
void ui_epchart_build(struct ui_epchart *c, const struct ls_endpoint *ep, const int64_t *holes, uint32_t nholes);
/* Draw in w x h at y, x. v (may be NULL) gives the fit line and warm-up;
 * the cursor shows when focused. */
void ui_epchart_draw(struct ui_epchart *c, int y, int x, int w, int h, bool ascii, const struct ls_verdict *v,
	bool focused);
/* What the latency chart's axis, as last drawn, leaves out, for the
 * screen's title line ("latency: 1 above 3000 ms, on the top line (max
 * 30076 ms)"), its longest form in room columns (the shortest, "1 above
 * 3000 ms", may still be longer); "" when nothing is (or the memory chart
 * is shown). */
void ui_epchart_scale_note(const struct ui_epchart *c, char *out, size_t cap, int room);
/* One line: what is under the cursor, the zoom state and the legend. */
void ui_epchart_legend(struct ui_epchart *c, int y, int x, int w, const struct ls_endpoint *ep,
	const struct ls_intern *strings, const struct ls_verdict *v);
/* Toggles and zoom always; cursor moves only when focused. Returns view
 * flags, 0 when cmd is not the chart's. *status receives a hint, "" when an earlier
 * hint is done with (the zoom it asked for was made or abandoned), or NULL. */
unsigned ui_epchart_key(struct ui_epchart *c, enum ui_cmd cmd, bool focused, const char **status);
/* Is screen line ay on the chart? */
bool ui_epchart_contains(const struct ui_epchart *c, int ay);
/* Mouse on the chart at screen column x: click places the cursor, the wheel
 * zooms around x. Returns view flags. */
unsigned ui_epchart_mouse(struct ui_epchart *c, enum ui_mouse m, int x);

#endif
