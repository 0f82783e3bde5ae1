/* main_ui.c — `leakscope [OPTIONS] [PATH...]`: options, terminal set-up,
 * loading with a progress bar, the explorer, and a clean terminal on every
 * way out (including Ctrl-C while loading). */
#include <stddef.h>
#include "ui.h"
#include "app.h"
#include "actions.h"
#include "cache.h"
#include "chrome.h"
#include "draw.h"
#include "keyscript.h"
#include "load.h"
#include "util.h"
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fputs("usage: leakscope [OPTIONS] [PATH...]\n"
	      "       leakscope report [OPTIONS] PATH...  (headless: leakscope report --help)\n"
	      "\n"
	      "Explore tracemalloc endpoint profiles: which endpoint leaks, its memory curve,\n"
	      "its allocation sites and their source lines. PATH: profile files and/or\n"
	      "directories (default: ./endpoint_profiles).\n"
	      "\n"
	      "  --include RE   show only allocation sites matching RE (pcre2, smart case)\n"
	      "  --exclude RE   hide allocation sites matching RE\n"
	      "  --follow       watch the files and reload them when they change\n"
	      "  --ascii        ASCII charts and sparklines (default in a non-UTF-8 locale)\n"
	      "  --classic      the original tool's verdicts everywhere (columns, order, views)\n"
	      "  -h, --help     this text;  -V, --version  the version\n"
	      "\n"
	      "Keys: ? in the explorer lists them all. NO_COLOR disables colours.\n", f);
}

/* Returns 0 ok, 1 exit 0 (help/version), 2 usage error. */
static int parse(int argc, char **argv, struct ui_opts *o)
{
	o->paths = ls_xcalloc((size_t)argc + 1, sizeof *o->paths);
	bool opts_done = false;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (opts_done || s[0] != '-' || !s[1]) {
			o->paths[o->npaths++] = s;
			continue;
		}
		const char **dst = NULL;
		const char *val = NULL;
		if (strcmp(s, "--") == 0) {
			opts_done = true;
		} else if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
			usage(stdout);
			return 1;
		} else if (strcmp(s, "--version") == 0 || strcmp(s, "-V") == 0) {
			printf("leakscope %s\n", PACKAGE_VERSION);
			return 1;
		} else if (strcmp(s, "--follow") == 0) {
			o->follow = true;
		} else if (strcmp(s, "--ascii") == 0) {
			o->ascii = true;
		} else if (strcmp(s, "--classic") == 0) {
			o->classic = true;
		} else if (strncmp(s, "--include", 9) == 0 && (s[9] == 0 || s[9] == '=')) {
			dst = &o->include;
			val = s[9] ? s + 10 : NULL;
		} else if (strncmp(s, "--exclude", 9) == 0 && (s[9] == 0 || s[9] == '=')) {
			dst = &o->exclude;
			val = s[9] ? s + 10 : NULL;
		} else {
			fprintf(stderr, "leakscope: unknown option '%s' (try --help)\n", s);
			return 2;
		}
		if (dst) {
			if (!val) {
				if (i + 1 >= argc) {
					fprintf(stderr, "leakscope: %s needs a pattern\n", s);
					return 2;
				}
				val = argv[++i];
			}
			*dst = val;
		}
	}
	return 0;
}

static int set_filter(struct ls_filter *f, enum ls_filter_kind k, const char *pat, const char *opt)
{
	char err[256];
	if (pat && ls_filter_set(f, k, pat, err, sizeof err, NULL) != 0) {
		char *clean = ls_sanitize(pat);
		fprintf(stderr, "leakscope: %s '%s': %s\n", opt, clean, err);
		free(clean);
		return -1;
	}
	return 0;
}

static void on_sigint(int sig)
{
	/* a Ctrl-C after a hangup or TERM must not turn them into a
	 * prompt's cancel (app.c): they end the program */
	if (!ui_interrupted || sig != SIGINT)
		ui_interrupted = sig;
}

static void progress(void *ctx, const struct ls_load_progress *p)
{
	(void)ctx;
	/* called per 1 MiB read: twenty frames a second are plenty */
	static double last;
	double now = ls_now();
	bool finished = p->files_done == p->files_total;
	if (!finished && now - last < 0.05)
		return;
	last = now;
	int rows = LINES, cols = COLS;
	erase();
	char line[256], done[32], total[32];
	ui_fmt_count(done, sizeof done, p->bytes_done);
	ui_fmt_count(total, sizeof total, p->bytes_total);
	snprintf(line, sizeof line, "Loading %u/%u files, %s/%s bytes", p->files_done, p->files_total, done, total);
	int y = rows / 2 - 1;
	if (y < 0)
		y = 0;
	int w = cols - 4 > 60 ? 60 : cols - 4;
	int x = (cols - w) / 2;
	if (x < 0)
		x = 0;
	ui_text(stdscr, y, x, w, line, UI_LEFT, A_BOLD, NULL, 0, 0);
	double frac = p->bytes_total ? (double)p->bytes_done / (double)p->bytes_total
		: p->files_total ? (double)p->files_done / p->files_total : 0;
	if (frac > 1)
		frac = 1;
	int fill = (int)(frac * (w - 2));
	if (rows > 1 && w > 2) {
		mvaddch(y + 1, x, '[');
		attrset(ui_theme_attr(ROLE_SELECTED));
		for (int i = 0; i < fill; i++)
			addch(ui_theme_color() ? ' ' : '#');
		attrset(A_NORMAL);
		for (int i = fill; i < w - 2; i++)
			addch(ui_theme_color() ? ' ' : '.');
		addch(']');
	}
	if (rows > 2)
		ui_text(stdscr, y + 2, x, w, "Ctrl-C cancels", UI_LEFT, ui_theme_attr(ROLE_DIM), NULL, 0, 0);
	refresh();
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Every path given is there (a file or a directory), so --follow can wait
 * for the profiler to fill it; a path that is not is a typo, not a wait. */
static bool paths_exist(const struct ui_opts *o)
{
	struct stat st;
	for (size_t i = 0; i < o->npaths; i++)
		if (stat(o->paths[i], &st) != 0)
			return false;
	return o->npaths > 0;
}

static void print_warnings(const struct ls_warnings *w)
{
	size_t shown = w->n < 10 ? w->n : 10;
	for (size_t i = 0; i < shown; i++) {
		char *f = ls_sanitize(w->v[i].file ? w->v[i].file : "");
		if (w->v[i].offset == LS_NO_OFFSET)
			fprintf(stderr, "  %s: %s\n", f, w->v[i].message);
		else
			fprintf(stderr, "  %s: byte %llu: %s\n", f, (unsigned long long)w->v[i].offset, w->v[i].message);
		free(f);
	}
	if (w->n > shown)
		fprintf(stderr, "  ... and %zu more\n", w->n - shown);
}

static SCREEN *screen;

/* Home and End as terminals send them whatever TERM says: tmux sends
 * \e[1~ and \e[4~ where xterm's terminfo expects \eOH and \eOF, and an
 * unknown sequence would arrive as Esc (back) then "[1~". */
static void define_home_end(void)
{
	static const char *const home[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"};
	static const char *const end[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
	for (size_t i = 0; i < sizeof home / sizeof home[0]; i++) {
		if (key_defined(home[i]) == 0)
			define_key(home[i], KEY_HOME);
		if (key_defined(end[i]) == 0)
			define_key(end[i], KEY_END);
	}
}

/* Out of memory: the message goes to a terminal in its own mode again. */
static void give_terminal_back(void)
{
	if (screen && !isendwin())
		endwin();
}

static int start_curses(void)
{
	/* newterm, not initscr: initscr exits the program when TERM is unusable */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("leakscope: the explorer needs a terminal; for files or CI use 'leakscope report PATH...'\n", stderr);
		return -1;
	}
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		fputs("leakscope: cannot use this terminal (check TERM)\n", stderr);
		return -1;
	}
	/* a terminal that cannot move the cursor (TERM=dumb) would show a
	 * blank screen and a status line */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (const char *)-1) {
		endwin();
		delscreen(screen);
		screen = NULL;
		fputs("leakscope: this terminal cannot move the cursor (check TERM); for files or CI use "
		      "'leakscope report PATH...'\n", stderr);
		return -1;
	}
	ls_on_out_of_memory(give_terminal_back);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_home_end();
	/* long enough that a mouse report or arrow key split across reads (slow
	 * links, valgrind) is not taken for Esc + text; short enough for Esc */
	set_escdelay(100);
	mousemask(ALL_MOUSE_EVENTS, NULL);
	mouseinterval(0);
	curs_set(0);
	return 0;
}

int ls_ui_main(int argc, char **argv)
{
	static struct app app;
	struct app *a = &app;
	memset(a, 0, sizeof *a);
	int pr = parse(argc, argv, &a->opt);
	if (pr) {
		free(a->opt.paths);
		return pr == 1 ? 0 : 2;
	}
	if (!a->opt.npaths) {
		if (!is_dir("endpoint_profiles")) {
			fputs("leakscope: no profiles given and ./endpoint_profiles does not exist.\n"
			      "Try:  leakscope sample-profiles/\n"
			      "      leakscope --help\n", stderr);
			free(a->opt.paths);
			return 2;
		}
		a->opt.paths[a->opt.npaths++] = "endpoint_profiles";
	}
	ls_filter_init(&a->filter);
	if (set_filter(&a->filter, LS_FILTER_INCLUDE, a->opt.include, "--include") ||
	    set_filter(&a->filter, LS_FILTER_EXCLUDE, a->opt.exclude, "--exclude")) {
		ls_filter_done(&a->filter);
		free(a->opt.paths);
		return 2;
	}
	setlocale(LC_ALL, "");
	/* the user's locale for characters only: numbers keep a '.' decimal point
	 * so that screens, exports and reports read the same everywhere */
	setlocale(LC_NUMERIC, "C");
	const char *cs = nl_langinfo(CODESET);
	ui_set_utf8(cs && strcmp(cs, "UTF-8") == 0);
	a->ascii = a->opt.ascii || !ui_utf8();

	int status = 0;
	bool bad_script;
	a->script = ui_keyscript_from_env(&bad_script);
	ls_model_init(&a->model);
	if (bad_script) {
		status = 2;
		goto out_model;
	}
	if (start_curses() != 0) {
		status = 2;
		goto out_model;
	}
	ui_theme_init(true);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: a pending read returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL); /* the terminal went away: input would fail forever */
	/* (Ctrl-\ and the user signals end the program too: by default they
	 * left the terminal in the alternate screen, cursor hidden, mouse on) */
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);

	struct ls_load_opts lo = {.progress = progress, .cancel = &ui_interrupted};
	enum ls_load_status ls = ls_load_paths(&a->model, a->opt.paths, a->opt.npaths, &lo);
	/* --follow started before the profiler wrote anything (an empty
	 * directory, a file caught mid-rewrite): wait for it, as tail -F does */
	while (ls == LS_LOAD_NOTHING && a->opt.follow && !ui_interrupted && paths_exist(&a->opt)) {
		erase();
		ui_text(stdscr, LINES / 2, 2, COLS - 4, "--follow: waiting for profile records in the given paths "
			"(q quits)", UI_LEFT, A_BOLD, NULL, 0, 0);
		/* and why there are none yet: an empty or cut file is the profiler
		 * mid-rewrite; anything else the user has to fix */
		const struct ls_warnings *w = &a->model.warnings;
		for (size_t i = 0; i < w->n && i < 5 && LINES / 2 + 2 + (int)i < LINES; i++) {
			char *f = ls_sanitize(w->v[i].file ? w->v[i].file : "");
			char line[512];
			snprintf(line, sizeof line, "%s: %s", f, w->v[i].message);
			ui_text(stdscr, LINES / 2 + 2 + (int)i, 4, COLS - 6, line, UI_LEFT, A_NORMAL, NULL, 0, 0);
			free(f);
		}
		refresh();
		timeout(1000);
		wint_t ch;
		if (get_wch(&ch) == OK && (ch == 'q' || ch == 'Q'))
			break;
		ls_model_done(&a->model);
		ls_model_init(&a->model);
		ls = ls_load_paths(&a->model, a->opt.paths, a->opt.npaths, &lo);
	}
	if (ls == LS_LOAD_CANCELLED || ui_interrupted) {
		endwin();
		fputs("leakscope: loading cancelled\n", stderr);
		status = 130;
		goto out_model;
	}
	if (ls == LS_LOAD_NOTHING) {
		endwin();
		fputs("leakscope: nothing could be loaded:\n", stderr);
		print_warnings(&a->model.warnings);
		status = 2;
		goto out_model;
	}
	ui_keyscript_lap(a->script, "load");
	ls_analysis_init(&a->an, &a->model);
	/* the first screen computes every verdict: say so on big captures */
	erase();
	char n[32], msg[96];
	ui_fmt_count(n, sizeof n, a->model.records_loaded);
	snprintf(msg, sizeof msg, "Analysing %s requests%s", n, ui_dots());
	ui_text(stdscr, LINES / 2, 2, COLS - 4, msg, UI_LEFT, A_BOLD, NULL, 0, 0);
	refresh();
	timeout(200);
	ui_app_push(a, &ui_view_endpoints, NULL);
	ui_keyscript_lap(a->script, "verdicts");
	/* and every screen's tables and charts, so that no key has to walk the
	 * records later (cache.h) */
	ui_cache_warm(a);
	ui_chrome_warm(a);
	ui_keyscript_lap(a->script, "caches");
	if (a->opt.follow && ui_follow_start(a) != 0)
		ui_app_status(a, ROLE_WARN, "--follow: cannot watch the files (inotify unavailable); R reloads");
	ui_app_run(a);
	ui_app_close_all(a);
	ui_cache_free(a);
	ui_follow_stop(a);
	endwin();
	if (ui_interrupted)
		status = 130;
	ls_analysis_done(&a->an);
	free(a->marks);
	free(a->filter_was);
out_model:
	if (screen) {
		if (!isendwin())
			endwin();
		delscreen(screen);
		screen = NULL;
	}
	ls_model_done(&a->model);
	ls_filter_done(&a->filter);
	ui_keyscript_free(a->script);
	free(a->opt.paths);
	return status;
}
