/* theme.h — colours by role. Views name what a piece of text *is* (a header,
 * a leak verdict, a regex match); the theme decides how it looks. Each role
 * has a colour pair and a monochrome attribute, used when the terminal has no
 * colours or NO_COLOR is set (https://no-color.org). */
#ifndef LS_UI_THEME_H
#define LS_UI_THEME_H

#include <stdbool.h>
#include <curses.h>

/* X(role, foreground, background, extra attribute in colour, attribute in monochrome) */
#define UI_ROLES(X) \
	X(ROLE_NORMAL,   -1,            -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_TITLE,    COLOR_BLACK,   COLOR_CYAN,  A_BOLD,   A_REVERSE | A_BOLD) \
	X(ROLE_TAB,      COLOR_CYAN,    -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_TAB_ON,   COLOR_BLACK,   COLOR_WHITE, A_BOLD,   A_REVERSE) \
	X(ROLE_COLHEAD,  COLOR_YELLOW,  -1,          A_BOLD,   A_UNDERLINE | A_BOLD) \
	X(ROLE_SELECTED, COLOR_BLACK,   COLOR_CYAN,  A_NORMAL, A_REVERSE) \
	X(ROLE_SEL_DIM,  COLOR_BLACK,   COLOR_WHITE, A_NORMAL, A_REVERSE | A_DIM) \
	X(ROLE_FOOTER,   COLOR_WHITE,   COLOR_BLUE,  A_NORMAL, A_REVERSE) \
	X(ROLE_KEY,      COLOR_YELLOW,  COLOR_BLUE,  A_BOLD,   A_REVERSE | A_BOLD) \
	X(ROLE_STATUS,   -1,            -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_ERROR,    COLOR_RED,     -1,          A_BOLD,   A_BOLD) \
	X(ROLE_WARN,     COLOR_YELLOW,  -1,          A_NORMAL, A_BOLD) \
	X(ROLE_LEAK,     COLOR_RED,     -1,          A_BOLD,   A_BOLD) \
	X(ROLE_OK,       COLOR_GREEN,   -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_DIM,      COLOR_BLUE,    -1,          A_BOLD,   A_DIM) \
	X(ROLE_MATCH,    COLOR_BLACK,   COLOR_YELLOW,A_NORMAL, A_UNDERLINE | A_BOLD) \
	X(ROLE_MARK,     COLOR_MAGENTA, -1,          A_BOLD,   A_BOLD) \
	X(ROLE_SPARK,    COLOR_CYAN,    -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_CURRENT,  COLOR_BLACK,   COLOR_YELLOW,A_BOLD,   A_REVERSE | A_BOLD) \
	X(ROLE_CH_AXIS,  COLOR_WHITE,   -1,          A_DIM,    A_NORMAL) \
	X(ROLE_CH_LABEL, -1,            -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_CH_S1,    COLOR_CYAN,    -1,          A_BOLD,   A_NORMAL) \
	X(ROLE_CH_S2,    COLOR_YELLOW,  -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_CH_S3,    COLOR_MAGENTA, -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_CH_ERR,   COLOR_RED,     -1,          A_BOLD,   A_BOLD) \
	X(ROLE_CH_DET,   COLOR_GREEN,   -1,          A_NORMAL, A_NORMAL) \
	X(ROLE_CH_FIT,   COLOR_MAGENTA, -1,          A_BOLD,   A_NORMAL) \
	X(ROLE_CH_WARM,  COLOR_GREEN,   -1,          A_BOLD,   A_DIM)

enum ui_role {
#define X(r, fg, bg, ca, ma) r,
	UI_ROLES(X)
#undef X
	ROLE_COUNT
};

/* Decide colour or monochrome (NO_COLOR, has_colors) and set up the pairs.
 * Call after initscr(). */
void ui_theme_init(bool allow_color);
/* The attribute (pair + flags) for a role. */
attr_t ui_theme_attr(enum ui_role r);
bool ui_theme_color(void);

#endif
