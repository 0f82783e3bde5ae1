/* theme.c — the role table and its monochrome fallback (see theme.h). */
#include "theme.h"

#include <stdlib.h>

struct role_def {
	short fg, bg;
	attr_t color_attr, mono_attr;
};

static const struct role_def roles[ROLE_COUNT] = {
#define X(r, fg, bg, ca, ma) [r] = {fg, bg, ca, ma},
	UI_ROLES(X)
#undef X
};

static attr_t attrs[ROLE_COUNT];
static bool use_color;

void ui_theme_init(bool allow_color)
{
	const char *nc = getenv("NO_COLOR");
	use_color = allow_color && has_colors() && !(nc && *nc);
	if (use_color) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!use_color) {
			attrs[r] = roles[r].mono_attr;
			continue;
		}
		if (r == ROLE_NORMAL || (roles[r].fg == -1 && roles[r].bg == -1)) {
			attrs[r] = roles[r].color_attr;
			continue;
		}
		init_pair((short)r, roles[r].fg, roles[r].bg);
		attrs[r] = COLOR_PAIR(r) | roles[r].color_attr;
	}
}

attr_t ui_theme_attr(enum ui_role r)
{
	return r < ROLE_COUNT ? attrs[r] : A_NORMAL;
}

bool ui_theme_color(void)
{
	return use_color;
}
