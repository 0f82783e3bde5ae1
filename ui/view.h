/* view.h — a screen is a `const struct view_ops` (data + callbacks) plus its
 * private state. The app keeps a stack of views; the top one gets the keys and
 * draws the body. Handlers never draw: they return flags and the app redraws
 * in one place. */
#ifndef LS_UI_VIEW_H
#define LS_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>
#include "keymap.h"
#include "report.h"
#include "table.h"

/* Result flags of key, mouse and prompt handlers. */
enum {
	UI_HANDLED = 1u << 0,   /* the event was used */
	UI_REDRAW = 1u << 1,    /* the screen must be redrawn */
	UI_QUIT = 1u << 2,      /* leave the program */
};

/* Mouse events passed to views (coordinates relative to the body). */
enum ui_mouse { UI_CLICK, UI_DOUBLE, UI_WHEEL_UP, UI_WHEEL_DOWN };

struct app;
struct view;

struct view_ops {
	const char *name;        /* title shown in the tab bar */
	/* Allocate v->priv from arg (view-specific). Returns 0, or -1 (not opened). */
	int (*open)(struct view *v, const void *arg);
	void (*close)(struct view *v);
	/* Draw the body: h rows of w columns at y, x of stdscr. */
	void (*draw)(struct view *v, int y, int x, int h, int w);
	unsigned (*key)(struct view *v, enum ui_cmd cmd);
	unsigned (*mouse)(struct view *v, enum ui_mouse m, int y, int x);
	/* The model (reload) or the filter changed: rebuild rows, keep selection, sort and scroll. */
	/* data == false: only the site filter changed. */
	void (*changed)(struct view *v, bool data);
	/* The finding under the cursor, to act on (a mark, an export): the
	 * row it is on becomes the chosen one (ui_table_choose); false when
	 * none. */
	bool (*selected)(struct view *v, struct ls_finding *f);
	/* Search in the focused table: incremental (dir 0, from the origin) or n/N (+1/-1). */
	enum ui_found (*search)(struct view *v, const char *text, int dir);
	/* A one-line summary for the status line when it has nothing else to
	 * say (NULL: none). Sanitized text into out[cap]. */
	void (*summary)(struct view *v, char *out, size_t cap);
	/* What e says here when nothing is marked and this screen's rows are
	 * no findings (NULL: the generic "mark findings, or select a row"). */
	const char *no_export;
	/* Keys worth showing in the footer for this view. */
	const char *hints;
	/* Top-level screen number (1, 2, 3) or 0 for drill-down views. */
	int screen;
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	void *priv;
};

#endif
