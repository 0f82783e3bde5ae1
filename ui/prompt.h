/* prompt.h — the one-line editor at the bottom of the screen, used for the
 * include/exclude patterns, search, the export file name and yes/no
 * questions. It only edits text; what an edit means is up to the app
 * (applied as you type for filters and search). */
#ifndef LS_UI_PROMPT_H
#define LS_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

enum ui_prompt_kind {
	PROMPT_NONE = 0,
	PROMPT_INCLUDE,
	PROMPT_EXCLUDE,
	PROMPT_SEARCH,
	PROMPT_EXPORT,
	PROMPT_CONFIRM,     /* y/n: overwrite the export file */
};

enum ui_prompt_result {
	PROMPT_IGNORED = 0,
	PROMPT_EDITED,      /* text changed */
	PROMPT_MOVED,       /* cursor moved, text unchanged */
	PROMPT_ACCEPT,      /* Enter */
	PROMPT_CANCEL,      /* Esc / Ctrl-G */
};

struct ui_prompt {
	enum ui_prompt_kind kind;
	char label[300];
	char text[1024];    /* UTF-8 */
	size_t len, cur;    /* bytes; cursor is a byte offset on a character boundary */
	char err[256];      /* shown after the text (invalid regex ...) */
	size_t err_off;     /* pattern offset of the error (for the caret); SIZE_MAX: none */
	char saved[1024];   /* value before editing, restored on cancel */
	bool full;          /* a key found no room: Enter is refused (what is
	                     * shown is not what was typed) until a deletion */
};

void ui_prompt_open(struct ui_prompt *p, enum ui_prompt_kind kind, const char *label, const char *initial);
void ui_prompt_close(struct ui_prompt *p);
static inline bool ui_prompt_active(const struct ui_prompt *p) { return p->kind != PROMPT_NONE; }
/* Feed one key (fn: a curses function key code in ch). */
enum ui_prompt_result ui_prompt_input(struct ui_prompt *p, bool fn, wint_t ch);
/* Draw on screen line y, w columns wide; places the terminal cursor. */
void ui_prompt_draw(const struct ui_prompt *p, int y, int w);

#endif
