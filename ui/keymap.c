/* keymap.c — lookups over the command table (see keymap.h). */
#include "keymap.h"

static const struct ui_cmd_info table[] = {
#define X(c, k1, k2, k3, keys, help, sec) {c, {k1, k2, k3}, keys, help, sec},
	UI_COMMANDS(X)
#undef X
};

enum ui_cmd ui_key_cmd(int key)
{
	if (key <= 0)
		return CMD_NONE;
	for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
		for (int k = 0; k < 3; k++)
			if (table[i].keys[k] == key)
				return table[i].cmd;
	return CMD_NONE;
}

const struct ui_cmd_info *ui_cmd_table(int *n)
{
	*n = (int)(sizeof table / sizeof table[0]);
	return table;
}

const char *ui_section_title(char section)
{
	switch (section) {
	case 'n': return "Moving around";
	case 's': return "Screens";
	case 't': return "Tables";
	case 'f': return "Filters and findings";
	case 'c': return "Endpoint chart";
	default: return "Other";
	}
}
