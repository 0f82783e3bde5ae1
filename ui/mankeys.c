/* mankeys.c — prints the key table (ui/keymap.h) as roff for the man page or
 * as markdown for the README, so neither can drift from what the keys do.
 * Build-time tool: it links keymap.c only and never opens a terminal. */
#include <stdio.h>
#include <string.h>

#include "keymap.h"

/* roff needs backslashes doubled and a leading '.' or '\'' escaped. */
static void roff(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

static void md(const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", stdout);
		else
			putchar(*s);
	}
}

int main(int argc, char **argv)
{
	int markdown = argc > 1 && strcmp(argv[1], "--markdown") == 0;
	int n;
	const struct ui_cmd_info *t = ui_cmd_table(&n);
	char section = 0;
	if (markdown)
		puts("| key | what it does |\n|---|---|");
	for (int i = 0; i < n; i++) {
		if (t[i].section != section) {
			section = t[i].section;
			if (markdown) {
				printf("| **%s** | |\n", ui_section_title(section));
			} else {
				printf(".SS ");
				roff(ui_section_title(section));
				putchar('\n');
			}
		}
		if (markdown) {
			printf("| `");
			md(t[i].label);
			printf("` | ");
			md(t[i].help);
			puts(" |");
		} else {
			printf(".TP\n.B ");
			roff(t[i].label);
			putchar('\n');
			roff(t[i].help);
			putchar('\n');
		}
	}
	return 0;
}
