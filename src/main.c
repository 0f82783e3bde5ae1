/* main.c — `leakscope report ...` is the headless path; everything else opens
 * the terminal UI. Only main decides the exit status. */
#include "report_main.h"
#include "ui.h"

#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "report") == 0)
		return ls_report_main(argc - 1, argv + 1);
	return ls_ui_main(argc, argv);
}
