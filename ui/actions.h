/* actions.h — commands that belong to the whole explorer rather than to one
 * view: switching screens, filters, marks, export, reload, search prompts,
 * and the periodic tick that follows files. */
#ifndef LS_UI_ACTIONS_H
#define LS_UI_ACTIONS_H

#include <stdbool.h>
#include <wchar.h>
#include "keymap.h"

struct app;

/* A command every view shares; returns 0 (not UI_HANDLED) to let the view have it. */
unsigned ui_actions_global(struct app *a, enum ui_cmd cmd);
/* A key while the prompt line is open. */
unsigned ui_actions_prompt(struct app *a, bool fn, wint_t ch);
/* Called when no key came for a while (input timeout). */
unsigned ui_actions_tick(struct app *a);

/* export.c */
void ui_export_begin(struct app *a);
/* Write the findings to path; asks first (a y/n prompt) when it exists and !overwrite. */
void ui_export_write(struct app *a, const char *path, bool overwrite);
/* Is the file at path one this explorer exported (follow and R leave it be)? */
bool ui_export_wrote(const struct app *a, const char *path);
/* The default file name: leakscope-findings-YYYYMMDD-HHMMSS.txt at LEAKSCOPE_NOW or now. */
void ui_export_default_name(char *out, size_t cap);

/* reload.c: re-read changed files (all of them when force). Returns view flags. */
unsigned ui_reload(struct app *a, bool force);
/* "b.json no longer on disk, still shown as last read", or "3 files (b.json,
 * ...)": what R and --follow say of files that went away. */
void ui_reload_gone_text(char *out, size_t cap, unsigned gone, const char *name);
/* Re-read the one file `path` (follow); asked: found cut off, its warnings
 * join the Warnings screen, as R's do. */
enum {
	UI_RELOAD_NONE = -1,        /* not a loaded file, not one to adopt, or gone */
	UI_RELOAD_KEPT = 0,         /* unchanged */
	UI_RELOAD_DONE = 1,         /* reloaded */
	UI_RELOAD_PARTIAL = 2,      /* caught mid-rewrite: its last complete data kept */
	UI_RELOAD_INCOMPLETE = 3,   /* a new file, not complete yet */
	UI_RELOAD_ADOPTED = 4,      /* a new file, loaded */
	UI_RELOAD_GONE = 5,         /* no longer on disk: its last data kept (Warnings says so) */
};
int ui_reload_path(struct app *a, const char *path, bool asked);
/* Is dir one named on the command line that holds process folders (or
 * nothing yet), not profiles: its new folders are new processes? */
bool ui_reload_is_root(const struct app *a, const char *dir);

/* follow.c (inotify) */
int ui_follow_start(struct app *a);
unsigned ui_follow_poll(struct app *a);
void ui_follow_stop(struct app *a);

#endif
