/* export.c — marked findings (or the selected row) to a text file, rendered
 * by the same code as `leakscope report` and written atomically. */
#include <stddef.h>
#include "actions.h"
#include "app.h"
#include "draw.h"
#include "filter.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

void ui_export_default_name(char *out, size_t cap)
{
	/* LEAKSCOPE_NOW pins the clock so tests know the file name */
	time_t now = time(NULL);
	const char *env = getenv("LEAKSCOPE_NOW");
	if (env && *env) {
		char *end;
		long long v = strtoll(env, &end, 10);
		if (*end == 0)
			now = (time_t)v;
	}
	struct tm tm;
	if (!localtime_r(&now, &tm) || !strftime(out, cap, "leakscope-findings-%Y%m%d-%H%M%S.txt", &tm))
		snprintf(out, cap, "leakscope-findings.txt");
}

/* The findings to export: the marks, or else the selected row (in *one). */
static const struct ls_finding *findings(struct app *a, struct ls_finding *one, size_t *n)
{
	*n = a->nmarks;
	if (*n)
		return a->marks;
	struct view *v = ui_app_top(a);
	if (!v || !v->ops->selected || !v->ops->selected(v, one))
		return NULL;
	*n = 1;
	return one;
}

static struct ls_finding *visible_findings(struct app *a, const struct ls_finding *f, size_t n, size_t *kept,
	size_t *hidden);

void ui_export_begin(struct app *a)
{
	struct ls_finding one;
	size_t n;
	/* say so before asking for a file name that would not be used */
	const struct ls_finding *f = findings(a, &one, &n);
	if (!f) {
		struct view *v = ui_app_top(a);
		if (v && v->ops->no_export)
			ui_app_status(a, ROLE_WARN, "%s", v->ops->no_export);
		else
			ui_app_status(a, ROLE_WARN, "nothing to export: mark findings with Space, or select a row");
		return;
	}
	size_t kept, hidden;
	free(visible_findings(a, f, n, &kept, &hidden));
	if (!kept) {
		if (a->nmarks)
			ui_app_status(a, ROLE_WARN, "nothing to export: the %zu marked site%s hidden by the filter (c clears it)",
				hidden, hidden == 1 ? " is" : "s are");
		else
			ui_app_status(a, ROLE_WARN, "nothing to export: this site is hidden by the filter (c clears it)");
		return;
	}
	char name[128];
	ui_export_default_name(name, sizeof name);
	ui_prompt_open(&a->prompt, PROMPT_EXPORT, "Export findings to:", name);
}

/* A marked site that the active filter hides is left out, as it is from
 * every site table ("filters apply to exports"); *hidden counts them. */
static struct ls_finding *visible_findings(struct app *a, const struct ls_finding *f, size_t n, size_t *kept,
	size_t *hidden)
{
	struct ls_finding *out = ls_xreallocarray(NULL, n ? n : 1, sizeof *out);
	*kept = *hidden = 0;
	bool active = ls_filter_active(&a->filter);
	for (size_t i = 0; i < n; i++) {
		if (active && f[i].kind != LS_FINDING_ENDPOINT) {
			const char *site = ls_intern_str(&a->model.proc[f[i].proc].sites, f[i].id);
			if (!ls_filter_match(&a->filter, site, strlen(site))) {
				++*hidden;
				continue;
			}
		}
		out[(*kept)++] = f[i];
	}
	return out;
}

/* "~/x.txt" as a shell reads it: the prompt is no shell, but a path is
 * typed there as if it were ("cannot create a file in ~" helped no one).
 * path itself when there is nothing to expand. */
static const char *expand_home(const char *path, char *buf, size_t cap)
{
	const char *home = getenv("HOME");
	if (path[0] != '~' || (path[1] != '/' && path[1] != '\0') || !home || !*home)
		return path;
	snprintf(buf, cap, "%s%s", home, path + 1);
	return buf;
}

/* An export written into a followed directory under a .json name (the
 * user's choice) was taken for a new profile at once: "follow: x.json is
 * not a profile" replaced "exported ..." and two warnings followed. */
static void remember(struct app *a, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	a->exported[a->nexported++ % UI_EXPORTS_KEPT] = (struct ui_file_id){(uint64_t)st.st_dev, (uint64_t)st.st_ino};
}

bool ui_export_wrote(const struct app *a, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	unsigned n = a->nexported < UI_EXPORTS_KEPT ? a->nexported : UI_EXPORTS_KEPT;
	for (unsigned k = 0; k < n; k++)
		if (a->exported[k].dev == (uint64_t)st.st_dev && a->exported[k].ino == (uint64_t)st.st_ino)
			return true;
	return false;
}

void ui_export_write(struct app *a, const char *path, bool overwrite)
{
	char expanded[sizeof a->export_path];
	path = expand_home(path, expanded, sizeof expanded);
	if (path != a->export_path)
		snprintf(a->export_path, sizeof a->export_path, "%s", path);
	char *clean = ls_sanitize(path);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		ui_app_status(a, ROLE_ERROR, "export failed: %s is a directory", clean);
		a->status_ends_why = true;
		free(clean);
		return;
	}
	/* before asking to overwrite: no answer makes it allowed */
	if (ls_model_reads_file(&a->model, path)) {
		ui_app_status(a, ROLE_ERROR, "export refused: %s is one of the profiles being read", clean);
		a->status_ends_why = true;
		free(clean);
		return;
	}
	if (!overwrite && access(path, F_OK) == 0) {
		/* the end of a long path (the file's name), cut between characters */
		char label[300];
		const char *tail = clean, *cut = "";
		if (strlen(clean) > 240) {
			tail = clean + strlen(clean) - 240;
			while (((unsigned char)*tail & 0xC0) == 0x80)
				tail++;
			cut = ui_utf8() ? "\xe2\x80\xa6" : "...";
		}
		snprintf(label, sizeof label, "%s%s exists. Overwrite? (y/n)", cut, tail);
		free(clean);
		ui_prompt_open(&a->prompt, PROMPT_CONFIRM, label, "");
		return;
	}
	struct ls_finding one;
	size_t n, hidden;
	const struct ls_finding *f = findings(a, &one, &n);
	struct ls_finding *vis = visible_findings(a, f, f ? n : 0, &n, &hidden);
	char left[96] = "";
	if (hidden)
		snprintf(left, sizeof left, "; %zu marked site%s hidden by the filter left out", hidden,
			hidden == 1 ? "" : "s");
	struct ls_report_opts o;
	ls_report_opts_init(&o);
	o.format = LS_REPORT_TEXT;
	o.filter = ls_filter_active(&a->filter) ? &a->filter : NULL;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_report_findings(&b, &a->an, vis, n, &o);
	char err[512];
	if (!n)
		ui_app_status(a, ROLE_WARN, "nothing to export%s", left);
	else if (ls_write_file_atomic(path, b.data ? b.data : "", b.len, err, sizeof err) != 0)
		ui_app_status(a, ROLE_ERROR, "export failed: %s", err);
	else {
		remember(a, path);
		ui_app_status(a, ROLE_OK, "exported %zu finding%s to %s (%zu bytes)%s", n, n == 1 ? "" : "s", clean, b.len,
			left);
	}
	a->status_ends_why = true;
	free(clean);
	free(vis);
	ls_buf_done(&b);
}
