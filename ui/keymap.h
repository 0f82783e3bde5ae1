/* keymap.h — every command, its keys and its help text, in one table.
 * The key dispatcher and the help screen (?) are both generated from it, so
 * the help can never drift from what the keys do. */
#ifndef LS_UI_KEYMAP_H
#define LS_UI_KEYMAP_H

#include <curses.h>

#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27

/* X(command, key1, key2, key3, "keys as shown", "what it does", section)
 * Sections: 'n' navigation, 's' screens, 't' tables, 'f' filters & findings,
 * 'c' chart. */
#define UI_COMMANDS(X) \
	X(CMD_UP,        KEY_UP,    'k',      0,        "Up k",        "move up", 'n') \
	X(CMD_DOWN,      KEY_DOWN,  'j',      0,        "Down j",      "move down", 'n') \
	X(CMD_PGUP,      KEY_PPAGE, UI_CTRL('b'), 0,    "PgUp ^B",     "page up", 'n') \
	X(CMD_PGDN,      KEY_NPAGE, UI_CTRL('f'), 0,    "PgDn ^F",     "page down", 'n') \
	X(CMD_TOP,       KEY_HOME,  'g',      0,        "Home g",      "first row", 'n') \
	X(CMD_BOTTOM,    KEY_END,   'G',      0,        "End G",       "last row", 'n') \
	X(CMD_LEFT,      KEY_LEFT,  'h',      0,        "Left h",      "back (chart: the cursor one drawn column earlier)", 'n') \
	X(CMD_RIGHT,     KEY_RIGHT, 'l',      0,        "Right l",     "drill down (chart: the cursor one drawn column later)", 'n') \
	X(CMD_ENTER,     '\n',      '\r',     KEY_ENTER, "Enter",      "drill down into the selected row", 'n') \
	X(CMD_BACK,      UI_ESC,    KEY_BACKSPACE, 127, "Esc Bksp",    "go back", 'n') \
	X(CMD_QUIT,      'q',       0,        0,        "q",           "go back; quit on the home screen", 'n') \
	X(CMD_QUIT_ALL,  'Q',       0,        0,        "Q",           "quit from anywhere", 'n') \
	X(CMD_FOCUS,     '\t',      KEY_BTAB, 0,        "Tab S-Tab",   "switch focus between the chart and the site table", 'n') \
	X(CMD_SCR_EPS,   '1',       0,        0,        "1",           "Endpoints screen (home)", 's') \
	X(CMD_SCR_SITES, '2',       0,        0,        "2",           "Sites screen: every allocation site of the process", 's') \
	X(CMD_SCR_WARN,  '3',       0,        0,        "3",           "Warnings: every skipped record or field", 's') \
	X(CMD_HELP,      '?',       KEY_F(1), 0,        "? F1",        "this help", 's') \
	X(CMD_REDRAW,    UI_CTRL('l'), 0,     0,        "^L",          "redraw the screen", 's') \
	X(CMD_SORT_PREV, '<',       0,        0,        "<",           "sort by the previous column", 't') \
	X(CMD_SORT_NEXT, '>',       0,        0,        ">",           "sort by the next column", 't') \
	X(CMD_SORT_REV,  'r',       0,        0,        "r",           "reverse the sort order", 't') \
	X(CMD_SEARCH,    '/',       0,        0,        "/",           "search rows as you type (smart case)", 't') \
	X(CMD_NEXT,      'n',       0,        0,        "n",           "next search match", 't') \
	X(CMD_PREV,      'N',       0,        0,        "N",           "previous search match", 't') \
	X(CMD_INCLUDE,   'f',       0,        0,        "f",           "include filter: regex on site locations (smart case)", 'f') \
	X(CMD_EXCLUDE,   'F',       0,        0,        "F",           "exclude filter: regex on site locations", 'f') \
	X(CMD_CLEAR,     'c',       0,        0,        "c",           "clear both filters", 'f') \
	X(CMD_MARK,      ' ',       0,        0,        "Space",       "mark / unmark the selected row as a finding", 'f') \
	X(CMD_EXPORT,    'e',       0,        0,        "e",           "export marked findings (or the selected row) to a file", 'f') \
	X(CMD_RELOAD,    'R',       0,        0,        "R",           "reload the files, read new ones beside them", 'f') \
	X(CMD_ZOOM,      'z',       0,        0,        "z",           "chart: start / finish a zoom range at the cursor", 'c') \
	X(CMD_UNZOOM,    'Z',       '-',      0,        "Z -",         "chart: zoom back out", 'c') \
	X(CMD_PEAK,      'p',       0,        0,        "p",           "chart: show / hide peak_mb", 'c') \
	X(CMD_LATENCY,   'L',       0,        0,        "L",           "chart: latency instead of memory", 'c') \
	X(CMD_TIME,      't',       0,        0,        "t",           "chart: timestamps on the x axis", 'c') \
	X(CMD_MEAN,      'm',       0,        0,        "m",           "chart: show / hide the rolling mean", 'c')

enum ui_cmd {
	CMD_NONE = 0,
#define X(c, k1, k2, k3, keys, help, sec) c,
	UI_COMMANDS(X)
#undef X
	CMD_COUNT
};

struct ui_cmd_info {
	enum ui_cmd cmd;
	int keys[3];
	const char *label, *help;
	char section;
};

/* Command bound to a key (CMD_NONE when unbound). */
enum ui_cmd ui_key_cmd(int key);
/* The command table, CMD_COUNT - 1 entries in display order. */
const struct ui_cmd_info *ui_cmd_table(int *n);
/* Section title for a section letter. */
const char *ui_section_title(char section);

#endif
