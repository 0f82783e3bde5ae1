/* main.c — `leakscope report ...` is the headless path; everything else opens
 * the terminal UI. Only main decides the exit status. */
#include "report_main.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "report") == 0)
		return ls_report_main(argc - 1, argv + 1);
	fputs("leakscope: the terminal UI is not built yet; use 'leakscope report PATH...'\n", stderr);
	return 2;
}
