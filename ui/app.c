/* app.c — the event loop: one place reads input, one place redraws, one
 * resize path (KEY_RESIZE just marks the screen dirty: every draw lays the
 * screen out from LINES and COLS). */
#include "app.h"
#include "draw.h"
#include "chrome.h"
#include "actions.h"
#include "keyscript.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile sig_atomic_t ui_interrupted;

/* ---- view stack ---- */

struct view *ui_app_top(struct app *a)
{
	return a->depth ? &a->stack[a->depth - 1] : NULL;
}

int ui_app_push(struct app *a, const struct view_ops *ops, const void *arg)
{
	if (a->depth >= UI_MAX_DEPTH) {
		ui_app_status(a, ROLE_WARN, "too many screens open; go back first");
		return -1;
	}
	/* a message belongs to the screen it was said on (as in tig): the
	 * new one's open may say its own */
	a->status[0] = 0;
	struct view *v = &a->stack[a->depth];
	memset(v, 0, sizeof *v);
	v->ops = ops;
	v->app = a;
	if (ops->open && ops->open(v, arg) != 0)
		return -1;
	a->depth++;
	return 0;
}

static bool is_screen(const struct view *v)
{
	return v->ops && v->ops->screen >= 1 && v->ops->screen <= 3;
}

void ui_app_pop(struct app *a)
{
	if (!a->depth)
		return;
	a->status[0] = 0;
	struct view *v = &a->stack[--a->depth];
	if (is_screen(v))
		a->screens[v->ops->screen - 1] = *v; /* kept, not closed */
	else if (v->ops->close)
		v->ops->close(v);
	memset(v, 0, sizeof *v);
}

void ui_app_screen(struct app *a, const struct view_ops *ops)
{
	/* help is no place to come back to */
	if (a->depth > 1 && ui_app_top(a)->ops == &ui_view_help)
		ui_app_pop(a);
	/* open already: back to it (what is above it closes) */
	for (int i = a->depth - 1; i >= 0; i--) {
		if (a->stack[i].ops == ops) {
			while (a->depth > i + 1)
				ui_app_pop(a);
			return;
		}
	}
	/* from inside a drill-down (an endpoint, a site): opened on top, so
	 * that Esc comes back to it, as in tig (the endpoint's zoom and
	 * cursor were lost); from a top-level screen: that screen swapped */
	if (a->depth <= 1)
		ui_app_pop(a);
	else if (a->depth >= UI_MAX_DEPTH)
		while (a->depth > 1)
			ui_app_pop(a);
	struct view *saved = &a->screens[ops->screen - 1];
	if (saved->ops) {
		a->stack[a->depth++] = *saved;
		return;
	}
	ui_app_push(a, ops, NULL);
}

void ui_app_close_all(struct app *a)
{
	while (a->depth)
		ui_app_pop(a);
	for (int i = 0; i < 3; i++) {
		struct view *v = &a->screens[i];
		if (v->ops && v->ops->close)
			v->ops->close(v);
		memset(v, 0, sizeof *v);
	}
}

/* A kept screen that is on the stack is told there, not twice. */
static bool on_stack(const struct app *a, const void *priv)
{
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i].priv == priv)
			return true;
	return false;
}

void ui_app_refresh_views(struct app *a, bool data)
{
	if (!data)
		a->fgen++;   /* cached tables not on screen refilter when next used */
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i].ops->changed)
			a->stack[i].ops->changed(&a->stack[i], data);
	/* the screens not on the stack learn it too */
	for (int i = 0; i < 3; i++) {
		struct view *v = &a->screens[i];
		if (v->ops && v->ops->changed && !on_stack(a, v->priv))
			v->ops->changed(v, data);
	}
}

void ui_app_status(struct app *a, enum ui_role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_role = role;
	a->status_until = ls_now() + 6.0;
	a->status_search = false;
	a->status_ends_why = false;
}

/* ---- marks ---- */

static bool same_finding(const struct ls_finding *x, const struct ls_finding *y)
{
	return x->kind == y->kind && x->proc == y->proc && x->id == y->id;
}

bool ui_app_marked(const struct app *a, const struct ls_finding *f)
{
	for (size_t i = 0; i < a->nmarks; i++)
		if (same_finding(&a->marks[i], f))
			return true;
	return false;
}

void ui_app_toggle_mark(struct app *a, const struct ls_finding *f)
{
	for (size_t i = 0; i < a->nmarks; i++)
		if (same_finding(&a->marks[i], f)) {
			memmove(&a->marks[i], &a->marks[i + 1], (a->nmarks - i - 1) * sizeof *a->marks);
			a->nmarks--;
			return;
		}
	ls_grow(&a->marks, &a->marks_cap, a->nmarks + 1, sizeof *a->marks);
	a->marks[a->nmarks++] = *f;
}

/* ---- drawing: the one place ---- */

static void redraw(struct app *a)
{
	int rows = LINES, cols = COLS;
	a->rows = rows;
	a->cols = cols;
	erase();
	if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
		char msg[96];
		snprintf(msg, sizeof msg, "terminal too small (%dx%d)", cols, rows);
		int y = rows / 2 - 1;
		ui_text(stdscr, y < 0 ? 0 : y, 0, cols, msg, UI_LEFT, ui_theme_attr(ROLE_WARN), NULL, 0, 0);
		if (rows > 1) {
			snprintf(msg, sizeof msg, "need at least %dx%d; q quits", UI_MIN_COLS, UI_MIN_ROWS);
			ui_text(stdscr, (y < 0 ? 0 : y) + 1, 0, cols, msg, UI_LEFT, A_NORMAL, NULL, 0, 0);
		}
		curs_set(0);
		refresh();
		return;
	}
	struct view *v = ui_app_top(a);
	if (v && v->ops->draw)
		v->ops->draw(v, 2, 0, rows - 4, cols);
	/* after the view: drawing is where it settles which row (so which
	 * process) is in focus, and the header names that process */
	ui_chrome_header(a, cols);
	ui_chrome_footer(a, rows - 2, cols);
	if (ui_prompt_active(&a->prompt)) {
		ui_prompt_draw(&a->prompt, rows - 1, cols);
		curs_set(1);
	} else {
		ui_chrome_status(a, rows - 1, cols);
		curs_set(0);
	}
	refresh();
}

/* ---- input ---- */

static unsigned handle_mouse(struct app *a)
{
	MEVENT me;
	if (getmouse(&me) != OK)
		return 0;
	struct view *v = ui_app_top(a);
	if (!v || !v->ops->mouse || ui_prompt_active(&a->prompt))
		return 0;
	if (a->rows < UI_MIN_ROWS || a->cols < UI_MIN_COLS)
		return 0; /* nothing is laid out to click on */
	/* ncurses reports a press and its release separately, but when both
	 * arrive in one read (fast input, a slow machine) only the release is
	 * left: a release without its press is the click */
	bool click = me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED);
	if (me.bstate & BUTTON1_RELEASED)
		click = !a->pressed;
	a->pressed = (me.bstate & BUTTON1_PRESSED) != 0;
	int by = me.y - 2, bx = me.x;
	if (by < 0 || me.y >= a->rows - 2) {
		/* a click on the tab bar switches screens */
		if (me.y == 1 && click)
			return ui_chrome_tab_click(a, me.x);
		return 0;
	}
	if (me.bstate & BUTTON4_PRESSED)
		return v->ops->mouse(v, UI_WHEEL_UP, by, bx);
#ifdef BUTTON5_PRESSED
	if (me.bstate & BUTTON5_PRESSED)
		return v->ops->mouse(v, UI_WHEEL_DOWN, by, bx);
#endif
	if (click) {
		double now = ls_now();
		bool dbl = now - a->click_t < 0.4 && a->click_y == me.y && a->click_x / 4 == me.x / 4;
		a->click_t = dbl ? 0 : now;
		a->click_y = me.y;
		a->click_x = me.x;
		unsigned f = v->ops->mouse(v, UI_CLICK, by, bx);
		if (dbl)
			f |= v->ops->mouse(ui_app_top(a), UI_DOUBLE, by, bx);
		return f | UI_REDRAW;
	}
	if (me.bstate & BUTTON1_DOUBLE_CLICKED)
		return v->ops->mouse(v, UI_DOUBLE, by, bx) | UI_REDRAW;
	return 0;
}

static unsigned go_back(struct app *a, enum ui_cmd cmd)
{
	if (a->depth > 1) {
		ui_app_pop(a);
		return UI_HANDLED | UI_REDRAW;
	}
	if (a->stack[0].ops != &ui_view_endpoints) {
		ui_app_screen(a, &ui_view_endpoints);
		return UI_HANDLED | UI_REDRAW;
	}
	return cmd == CMD_QUIT ? UI_QUIT : 0;
}

static unsigned handle_cmd(struct app *a, enum ui_cmd cmd)
{
	struct view *v = ui_app_top(a);
	unsigned f = ui_actions_global(a, cmd);
	if (f & UI_HANDLED)
		return f;
	if (v && v->ops->key) {
		f = v->ops->key(v, cmd);
		if (f & UI_HANDLED)
			return f;
	}
	switch (cmd) {
	case CMD_QUIT:
	case CMD_BACK:
	case CMD_LEFT:
		return go_back(a, cmd);
	case CMD_ZOOM:
	case CMD_UNZOOM:
	case CMD_PEAK:
	case CMD_LATENCY:
	case CMD_TIME:
	case CMD_MEAN:
		/* (a key that does nothing and says nothing reads as broken) */
		ui_app_status(a, ROLE_STATUS, "z Z p L t m are chart keys: Enter opens an endpoint's chart");
		return UI_HANDLED | UI_REDRAW;
	default:
		return 0;
	}
}

static unsigned handle_input(struct app *a, bool fn, wint_t ch)
{
	if (fn && ch == KEY_RESIZE)
		return UI_REDRAW;
	if (fn && ch == KEY_MOUSE)
		return handle_mouse(a);
	bool small = LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS;
	/* too small, the prompt is not shown: keys do what the screen says
	 * (q quits), not edit text out of sight */
	if (ui_prompt_active(&a->prompt) && !small)
		return ui_actions_prompt(a, fn, ch);
	int key = fn ? (int)ch : (ch < KEY_MIN ? (int)ch : -1);
	if (key == UI_CTRL('h'))
		key = 127; /* Backspace arrives as ^H or DEL depending on the terminal */
	enum ui_cmd cmd = ui_key_cmd(key);
	if (small)
		return cmd == CMD_QUIT || cmd == CMD_QUIT_ALL ? UI_QUIT : 0;
	if (cmd == CMD_NONE)
		return 0;
	/* a command that does something (not a move) says its own message,
	 * or none: one that stayed for its 6 s read as the outcome of the
	 * keys after it ("export failed" beside a filter just applied); a
	 * search's miss has its own rule (the next search or n that finds
	 * a row) */
	bool move = cmd == CMD_UP || cmd == CMD_DOWN || cmd == CMD_PGUP || cmd == CMD_PGDN || cmd == CMD_TOP ||
		cmd == CMD_BOTTOM || cmd == CMD_LEFT || cmd == CMD_RIGHT || cmd == CMD_FOCUS || cmd == CMD_REDRAW;
	if (!move && !a->status_search)
		a->status[0] = 0;
	return handle_cmd(a, cmd);
}

/* Benchmark replay: every key is followed by its redraw, and the clock
 * stops when refresh() has sent the screen to the terminal. */
static void run_script(struct app *a)
{
	redraw(a);
	ui_keyscript_lap(a->script, "first-screen");
	for (uint32_t p = 0; p < a->model.nproc; p++) {
		ui_keyscript_info(a->script, "sites", a->model.proc[p].sites.n);
		ui_keyscript_info(a->script, "requests", a->model.proc[p].ntl);
	}
	bool fn;
	wint_t ch;
	while (!a->quit && !ui_interrupted && ui_keyscript_next(a->script, &fn, &ch)) {
		unsigned f = handle_input(a, fn, ch);
		if (f & UI_QUIT)
			break;
		redraw(a);
		ui_keyscript_done(a->script);
	}
}

int ui_app_run(struct app *a)
{
	if (a->script) {
		run_script(a);
		return 0;
	}
	bool dirty = true;
	double status_shown = 0;
	while (!a->quit) {
		if (ui_interrupted) {
			/* Ctrl-C in a prompt cancels it, as in a shell or less;
			 * elsewhere it quits (130). A hangup or TERM always
			 * quits: with the terminal gone, reading would fail
			 * forever. */
			if (ui_interrupted == SIGINT && ui_prompt_active(&a->prompt) && LINES >= UI_MIN_ROWS &&
			    COLS >= UI_MIN_COLS) {
				ui_interrupted = 0;
				ui_actions_prompt(a, false, UI_ESC);
				dirty = true;
				continue;
			}
			break;
		}
		if (dirty) {
			redraw(a);
			dirty = false;
			status_shown = a->status_until;
		}
		wint_t ch;
		int rc = get_wch(&ch);
		if (rc == ERR) {
			/* timeout or a signal: follow the files, expire the status line */
			if (ui_actions_tick(a) & UI_REDRAW)
				dirty = true;
			if (status_shown && ls_now() > status_shown) {
				a->status[0] = 0;
				status_shown = 0;
				dirty = true;
			}
			continue;
		}
		unsigned f = handle_input(a, rc == KEY_CODE_YES, ch);
		if (f & UI_QUIT)
			break;
		dirty = true;
	}
	return 0;
}
