/* app.h — the explorer's state: the model it browses, the analysis cache, the
 * site filter, the marks, the view stack and the status line. One `struct app`
 * exists per run; views reach it through view->app. */
#ifndef LS_UI_APP_H
#define LS_UI_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdarg.h>
#include <signal.h>
#include "model.h"
#include "analysis.h"
#include "filter.h"
#include "report.h"
#include "view.h"
#include "theme.h"
#include "prompt.h"

#define UI_MAX_DEPTH 8
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 15

struct ui_follow;
struct ui_keyscript;
struct ui_cache;

struct ui_opts {
	const char *include, *exclude;
	bool follow, ascii, classic;
	const char **paths;
	size_t npaths;
};

struct app {
	struct ls_model model;
	struct ls_analysis an;
	struct ls_filter filter;
	struct ui_opts opt;
	bool ascii;                 /* charts and sparklines in ASCII */

	struct view stack[UI_MAX_DEPTH];
	int depth;
	/* The top-level screens live on while another one is shown, so that
	 * switching back finds the same selection, sort and scroll. */
	struct view screens[3];

	struct ls_finding *marks;   /* findings marked with space */
	size_t nmarks, marks_cap;

	struct ui_prompt prompt;
	/* The filter pattern in force when f / F opened the prompt (NULL:
	 * none), whole: Esc puts it back, and a --include longer than the
	 * prompt's text holds must not come back cut to it. */
	char *filter_was;
	bool filter_slow;       /* the typed pattern ran out of time as it was typed */
	char status[512];
	enum ui_role status_role;
	double status_until;        /* ls_now() after which the message is gone */
	bool status_search;         /* the message is about a search: the next search replaces it */
	bool status_ends_why;       /* it ends with why or how it went: too long for
	                             * the line, it loses its middle, not its end */
	bool updating;              /* follow: a file is mid-rewrite */
	char updating_what[320];    /* ... which one ("x.json is being rewritten; ..."), or "" */
	char export_path[1024];     /* file name being exported to (overwrite question) */
	/* the last files exported (device, inode): one written into a
	 * followed directory under a .json name is no new profile */
#define UI_EXPORTS_KEPT 8
	struct ui_file_id {
		uint64_t dev, ino;
	} exported[UI_EXPORTS_KEPT];
	unsigned nexported;         /* written so far (the ring keeps the last 8) */
	char search[1024];          /* last search text, for n / N */

	struct ui_follow *follow;
	uint32_t proc;              /* process in focus (Sites screen) */
	uint64_t gen;               /* bumps on every reload */
	uint64_t fgen;              /* bumps on every site filter change */
	struct ui_cache *cache;     /* tables and charts built once (cache.h) */

	int rows, cols;
	double click_t;             /* for double clicks */
	int click_y, click_x;
	bool pressed;               /* button 1 is down (its press was seen) */
	int tab_end[4];             /* screen column after each tab of the last header draw */
	struct ui_keyscript *script; /* benchmark: keys from a script, timed (keyscript.h) */
	bool quit;
};

/* The signal that came (SIGINT, SIGTERM, SIGHUP), 0 before: loading stops, the event loop
 * ends (Ctrl-C in a prompt only cancels it), the terminal is restored. */
extern volatile sig_atomic_t ui_interrupted;

/* View stack. */
int ui_app_push(struct app *a, const struct view_ops *ops, const void *arg);
void ui_app_pop(struct app *a);
/* Close every view, the kept top-level screens too (at exit). */
void ui_app_close_all(struct app *a);
/* Switch to a top-level screen: back to it when it is on the stack; from
 * inside a drill-down, on top of it (Esc comes back); else in its place. */
void ui_app_screen(struct app *a, const struct view_ops *ops);
struct view *ui_app_top(struct app *a);
/* Tell every open view that data or filters changed. */
void ui_app_refresh_views(struct app *a, bool data);

void ui_app_status(struct app *a, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Findings. */
bool ui_app_marked(const struct app *a, const struct ls_finding *f);
void ui_app_toggle_mark(struct app *a, const struct ls_finding *f);

/* The event loop; returns the exit status for main. */
int ui_app_run(struct app *a);

/* Defined by the views. */
extern const struct view_ops ui_view_endpoints, ui_view_endpoint, ui_view_sites, ui_view_site,
	ui_view_warnings, ui_view_help;

/* Arguments for drill-downs. */
struct ui_ep_arg { uint32_t proc, ep; };
struct ui_site_arg { uint32_t proc, site; };

#endif
