/* actions.c — explorer-wide commands and the prompt's meaning (see actions.h). */
#include <stddef.h>
#include "actions.h"
#include "app.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void open_filter_prompt(struct app *a, enum ls_filter_kind k)
{
	const char *cur = ls_filter_pattern(&a->filter, k);
	free(a->filter_was);
	a->filter_was = cur ? ls_xstrdup(cur) : NULL;
	a->filter_slow = false;
	ui_prompt_open(&a->prompt, k == LS_FILTER_INCLUDE ? PROMPT_INCLUDE : PROMPT_EXCLUDE,
		k == LS_FILTER_INCLUDE ? "Include sites matching:" : "Exclude sites matching:", cur);
}

static unsigned toggle_mark(struct app *a)
{
	struct view *v = ui_app_top(a);
	struct ls_finding f;
	if (!v || !v->ops->selected || !v->ops->selected(v, &f)) {
		ui_app_status(a, ROLE_WARN, "nothing to mark here");
		return UI_HANDLED | UI_REDRAW;
	}
	ui_app_toggle_mark(a, &f);
	bool on = ui_app_marked(a, &f);
	ui_app_status(a, ROLE_STATUS, "%s %s (%zu marked; e exports them)", on ? "marked" : "unmarked",
		f.kind == LS_FINDING_ENDPOINT ? "endpoint" : "site", a->nmarks);
	return UI_HANDLED | UI_REDRAW;
}

/* A search's status ("not found: x", "search hit the bottom, ...") is
 * about that search only: a later one that starts, or finds a row without
 * wrapping, makes it untrue, so it goes at once instead of lingering until
 * it times out. Other messages stay. dir: +1 for n, -1 for N. */
static void search_status(struct app *a, enum ui_found found, int dir)
{
	if (found == UI_FOUND) {
		if (a->status_search)
			a->status[0] = 0;
		return;
	}
	if (found == UI_FOUND_WRAPPED)
		ui_app_status(a, ROLE_STATUS, dir > 0 ? "search hit the bottom, continued at the top" :
			"search hit the top, continued at the bottom");
	else
		ui_app_status(a, ROLE_WARN, "not found: %s", a->search);
	a->status_search = true;
}

unsigned ui_actions_global(struct app *a, enum ui_cmd cmd)
{
	struct view *v = ui_app_top(a);
	switch (cmd) {
	case CMD_QUIT_ALL:
		return UI_QUIT | UI_HANDLED;   /* without HANDLED the view got Q and it was dropped */
	case CMD_SCR_EPS:
		ui_app_screen(a, &ui_view_endpoints);
		break;
	case CMD_SCR_SITES:
		ui_app_screen(a, &ui_view_sites);
		break;
	case CMD_SCR_WARN:
		ui_app_screen(a, &ui_view_warnings);
		break;
	case CMD_HELP:
		if (v && v->ops != &ui_view_help)
			ui_app_push(a, &ui_view_help, NULL);
		break;
	case CMD_REDRAW:
		clearok(curscr, TRUE);
		break;
	case CMD_INCLUDE:
		open_filter_prompt(a, LS_FILTER_INCLUDE);
		break;
	case CMD_EXCLUDE:
		open_filter_prompt(a, LS_FILTER_EXCLUDE);
		break;
	case CMD_CLEAR:
		if (!ls_filter_active(&a->filter)) {
			ui_app_status(a, ROLE_STATUS, "no filters to clear");
			break;
		}
		ls_filter_clear(&a->filter);
		ui_app_refresh_views(a, false);
		ui_app_status(a, ROLE_STATUS, "filters cleared");
		break;
	case CMD_MARK:
		return toggle_mark(a);
	case CMD_EXPORT:
		ui_export_begin(a);
		break;
	case CMD_RELOAD:
		return ui_reload(a, true) | UI_HANDLED;
	case CMD_SEARCH:
		if (!v || !v->ops->search)
			return 0;
		v->ops->search(v, NULL, 0);
		search_status(a, UI_FOUND, 0); /* a new search: the prompt says whether it finds */
		ui_prompt_open(&a->prompt, PROMPT_SEARCH, "/", "");
		break;
	case CMD_NEXT:
	case CMD_PREV:
		if (!v || !v->ops->search)
			return 0;
		if (!a->search[0]) {
			ui_app_status(a, ROLE_STATUS, "no search yet: / starts one");
			a->status_search = true;
		} else {
			int dir = cmd == CMD_NEXT ? 1 : -1;
			search_status(a, v->ops->search(v, a->search, dir), dir);
		}
		break;
	default:
		return 0;
	}
	return UI_HANDLED | UI_REDRAW;
}

/* Seconds a pattern may take to match the sites on screen: as it is typed
 * (a key must not wait longer), and on Enter. A pattern that backtracks
 * on each of 90,000 sites took minutes, and neither Esc nor Ctrl-C could
 * stop it. */
#define FILTER_LIVE_SECONDS 0.25
#define FILTER_ENTER_SECONDS 3.0

/* The views refiltered within `seconds`; when the matching runs out of
 * time, pattern k goes back to `fallback` (and the views with it) and the
 * answer is false. */
static bool refresh_within(struct app *a, enum ls_filter_kind k, double seconds, const char *fallback)
{
	ls_filter_set_deadline(&a->filter, ls_now() + seconds);
	ui_app_refresh_views(a, false);
	bool slow = ls_filter_timed_out(&a->filter);
	ls_filter_set_deadline(&a->filter, 0);
	if (slow) {
		ls_filter_set(&a->filter, k, fallback, NULL, 0, NULL);
		ui_app_refresh_views(a, false);
	}
	return !slow;
}

/* Apply the filter being typed; an invalid pattern leaves the previous one,
 * and so does one too slow to match as it is typed (Enter tries it with
 * more time). */
static void apply_filter(struct app *a, enum ls_filter_kind k)
{
	struct ui_prompt *p = &a->prompt;
	char err[256];
	size_t off = 0;
	const char *before = ls_filter_pattern(&a->filter, k);
	char *old = before ? ls_xstrdup(before) : NULL;
	a->filter_slow = false;
	if (ls_filter_set(&a->filter, k, p->text, err, sizeof err, &off) != 0) {
		snprintf(p->err, sizeof p->err, "%s", err);
		p->err_off = off;
	} else {
		p->err[0] = 0;
		p->err_off = SIZE_MAX;
		const char *now = ls_filter_pattern(&a->filter, k);
		bool same = (!old && !now) || (old && now && strcmp(old, now) == 0);
		if (!same && !refresh_within(a, k, FILTER_LIVE_SECONDS, old)) {
			a->filter_slow = true;
			snprintf(p->err, sizeof p->err, "too slow to match every site as you type (it backtracks); Enter "
				"gives it %g s", FILTER_ENTER_SECONDS);
		}
	}
	free(old);
}

/* Close the prompt and put back the pattern in force before it opened (the
 * typed one applied as it went, up to its last valid prefix). */
static void restore_filter(struct app *a, enum ls_filter_kind k)
{
	ui_prompt_close(&a->prompt);
	const char *cur = ls_filter_pattern(&a->filter, k), *was = a->filter_was;
	if (!cur || !was || strcmp(cur, was) != 0) {
		ls_filter_set(&a->filter, k, was, NULL, 0, NULL);
		ui_app_refresh_views(a, false);
	}
}

/* What a filter just applied does, on any screen: on Endpoints nothing
 * else changes (the verdicts weigh every site), and the tab line alone
 * read as if the filter had done nothing. */
static void filter_outcome(struct app *a)
{
	if (!ls_filter_active(&a->filter))
		return;
	uint64_t pass = 0, all = 0;
	/* (after the refresh's own budget: a count is worth less waiting) */
	ls_filter_set_deadline(&a->filter, ls_now() + FILTER_LIVE_SECONDS * 4);
	for (uint32_t q = 0; q < a->model.nproc; q++) {
		const struct ls_intern *t = &a->model.proc[q].sites;
		for (uint32_t id = 1; id < t->n; id++) {
			all++;
			pass += ls_filter_match(&a->filter, t->str[id], t->len[id]);
		}
	}
	bool slow = ls_filter_timed_out(&a->filter);
	ls_filter_set_deadline(&a->filter, 0);
	if (slow) {
		ui_app_status(a, ROLE_WARN, "filter applied; counting the sites that pass took too long (the pattern "
			"backtracks): c clears it");
		return;
	}
	char np[32], na[32], procs[48] = "";
	ui_fmt_count(np, sizeof np, pass);
	ui_fmt_count(na, sizeof na, all);
	/* (the Sites screen counts one process's: "0 of 54" there and "1 of
	 * 65" here read as a contradiction) */
	if (a->model.nproc > 1)
		snprintf(procs, sizeof procs, " in %u processes", a->model.nproc);
	ui_app_status(a, pass ? ROLE_STATUS : ROLE_WARN, "%s of %s site%s%s pass the site filters: the site tables "
		"list only those (verdicts and suspects weigh every site; c clears)", np, na, all == 1 ? "" : "s", procs);
}

static unsigned filter_prompt(struct app *a, enum ui_prompt_result r, enum ls_filter_kind k)
{
	struct ui_prompt *p = &a->prompt;
	switch (r) {
	case PROMPT_EDITED:
		apply_filter(a, k);
		break;
	case PROMPT_ACCEPT:
		if (a->filter_slow) {
			/* the pattern is valid, only slow: given more time, it is
			 * applied or refused, never left running */
			a->filter_slow = false;
			ls_filter_set(&a->filter, k, p->text, NULL, 0, NULL);
			if (refresh_within(a, k, FILTER_ENTER_SECONDS, a->filter_was)) {
				p->err[0] = 0;
			} else {
				char *was = ls_sanitize(a->filter_was ? a->filter_was : "");
				restore_filter(a, k);
				ui_app_status(a, ROLE_ERROR, "pattern not applied: it took over %g s to match the sites (it "
					"backtracks too much); %s%s%s", FILTER_ENTER_SECONDS, *was ? "the filter is back to /" :
					"no filter", was, *was ? "/" : "");
				a->status_ends_why = true;
				free(was);
				break;
			}
		}
		if (p->err[0]) {
			/* Enter on an invalid pattern: not a half-typed prefix of it,
			 * but what was in force before, and the status says which */
			char err[sizeof p->err], *was = ls_sanitize(a->filter_was ? a->filter_was : "");
			snprintf(err, sizeof err, "%s", p->err);
			restore_filter(a, k);
			if (*was)
				ui_app_status(a, ROLE_ERROR, "pattern not applied: %s; the filter is back to /%s/", err, was);
			else
				ui_app_status(a, ROLE_ERROR, "pattern not applied: %s; no %s filter", err,
					k == LS_FILTER_INCLUDE ? "include" : "exclude");
			a->status_ends_why = true; /* what the filter is now */
			free(was);
			break;
		}
		if (!strncmp(a->status, "pattern not applied", 19) || !strcmp(a->status, "filters cleared") ||
		    !strcmp(a->status, "no filters to clear"))
			a->status[0] = 0; /* what it said about the filters no longer holds */
		ui_prompt_close(p);
		filter_outcome(a);
		if (ls_filter_gave_up(&a->filter))
			ui_app_status(a, ROLE_WARN, "pcre2 gave up matching %lu time%s (the pattern backtracks too much); "
				"those names count as not matching", ls_filter_gave_up(&a->filter),
				ls_filter_gave_up(&a->filter) == 1 ? "" : "s");
		break;
	case PROMPT_CANCEL:
		a->filter_slow = false;
		restore_filter(a, k);
		break;
	default:
		break;
	}
	return UI_HANDLED | UI_REDRAW;
}

static unsigned search_prompt(struct app *a, enum ui_prompt_result r)
{
	struct ui_prompt *p = &a->prompt;
	struct view *v = ui_app_top(a);
	switch (r) {
	case PROMPT_EDITED:
		/* (erased to nothing: the matches of what was typed before
		 * are no matches of anything now, and must not stay lit) */
		if (v && v->ops->search && !v->ops->search(v, p->text, 0) && p->text[0])
			snprintf(p->err, sizeof p->err, "not found");
		else
			p->err[0] = 0;
		break;
	case PROMPT_ACCEPT:
		if (p->text[0])
			snprintf(a->search, sizeof a->search, "%s", p->text);
		/* what the prompt said as it closes says the status line
		 * (it went with the prompt) */
		if (p->text[0] && p->err[0])
			search_status(a, UI_NOT_FOUND, 0);
		ui_prompt_close(p);
		break;
	case PROMPT_CANCEL:
		ui_prompt_close(p);
		if (v && v->ops->search)
			v->ops->search(v, "", 0); /* no highlight left behind */
		break;
	default:
		break;
	}
	return UI_HANDLED | UI_REDRAW;
}

unsigned ui_actions_prompt(struct app *a, bool fn, wint_t ch)
{
	struct ui_prompt *p = &a->prompt;
	if (p->kind == PROMPT_CONFIRM) {
		ui_prompt_close(p);
		if (!fn && (ch == 'y' || ch == 'Y'))
			ui_export_write(a, a->export_path, true);
		else
			ui_app_status(a, ROLE_STATUS, "export cancelled: file not overwritten");
		return UI_HANDLED | UI_REDRAW;
	}
	enum ui_prompt_result r = ui_prompt_input(p, fn, ch);
	switch (p->kind) {
	case PROMPT_INCLUDE: return filter_prompt(a, r, LS_FILTER_INCLUDE);
	case PROMPT_EXCLUDE: return filter_prompt(a, r, LS_FILTER_EXCLUDE);
	case PROMPT_SEARCH: return search_prompt(a, r);
	case PROMPT_EXPORT:
		if (r == PROMPT_ACCEPT) {
			/* blanks around the name are a slip of the keyboard, not
			 * part of it (a shell drops them too): "   " wrote a file
			 * named three spaces, " out.txt" one named " out.txt" */
			const char *t = p->text;
			size_t n = strlen(t);
			while (*t == ' ' || *t == '\t')
				t++, n--;
			while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
				n--;
			snprintf(a->export_path, sizeof a->export_path, "%.*s", (int)n, t);
			ui_prompt_close(p);
			if (!a->export_path[0])
				ui_app_status(a, ROLE_WARN, "export cancelled: no file name");
			else
				ui_export_write(a, a->export_path, false);
		} else if (r == PROMPT_CANCEL) {
			ui_prompt_close(p);
			ui_app_status(a, ROLE_STATUS, "export cancelled");
		}
		return UI_HANDLED | UI_REDRAW;
	default:
		ui_prompt_close(p);
		return UI_REDRAW;
	}
}

unsigned ui_actions_tick(struct app *a)
{
	return a->opt.follow ? ui_follow_poll(a) : 0;
}
