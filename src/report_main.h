/* report_main.h — `leakscope report`: the headless path for CI. */
#ifndef LS_REPORT_MAIN_H
#define LS_REPORT_MAIN_H

/* Exit codes shared by every command. */
enum ls_exit {
	LS_EXIT_OK = 0,      /* done */
	LS_EXIT_LEAK = 1,    /* a leak was found and --fail-on-leak was given */
	LS_EXIT_USAGE = 2,   /* usage error, or nothing could be loaded */
	LS_EXIT_INTERRUPTED = 130, /* SIGINT, SIGTERM or SIGHUP */
};

/* argv[0] is "report". Returns an enum ls_exit value. */
int ls_report_main(int argc, char **argv);

#endif
