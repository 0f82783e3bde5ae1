/* export.c — marked findings (or the selected row) to a text file, rendered
 * by the same code as `leakscope report` and written atomically. */
#include <stddef.h>
#include "actions.h"
#include "app.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

void ui_export_begin(struct app *a)
{
	char name[128];
	ui_export_default_name(name, sizeof name);
	ui_prompt_open(&a->prompt, PROMPT_EXPORT, "Export findings to:", name);
}

void ui_export_write(struct app *a, const char *path, bool overwrite)
{
	if (path != a->export_path)
		snprintf(a->export_path, sizeof a->export_path, "%s", path);
	if (!overwrite && access(path, F_OK) == 0) {
		char *clean = ls_sanitize(path);
		char label[300];
		snprintf(label, sizeof label, "%.240s exists. Overwrite? (y/n)", clean);
		free(clean);
		ui_prompt_open(&a->prompt, PROMPT_CONFIRM, label, "");
		return;
	}
	struct ls_finding sel;
	const struct ls_finding *f = a->marks;
	size_t n = a->nmarks;
	if (!n) {
		struct view *v = ui_app_top(a);
		if (!v || !v->ops->selected || !v->ops->selected(v, &sel)) {
			ui_app_status(a, ROLE_WARN, "nothing to export: mark findings with Space, or select a row");
			return;
		}
		f = &sel;
		n = 1;
	}
	struct ls_report_opts o;
	ls_report_opts_init(&o);
	o.format = LS_REPORT_TEXT;
	o.filter = ls_filter_active(&a->filter) ? &a->filter : NULL;
	struct ls_buf b;
	ls_buf_init(&b);
	ls_report_findings(&b, &a->an, f, n, &o);
	char err[512];
	char *clean = ls_sanitize(path);
	if (ls_model_reads_file(&a->model, path))
		ui_app_status(a, ROLE_ERROR, "export refused: %s is one of the profiles being read", clean);
	else if (ls_write_file_atomic(path, b.data ? b.data : "", b.len, err, sizeof err) != 0)
		ui_app_status(a, ROLE_ERROR, "export failed: %s", err);
	else
		ui_app_status(a, ROLE_OK, "exported %zu finding%s to %s (%zu bytes)", n, n == 1 ? "" : "s", clean, b.len);
	free(clean);
	ls_buf_done(&b);
}
