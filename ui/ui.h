/* ui.h — the terminal explorer's entry point. main() hands it every command
 * line that is not `leakscope report ...`. */
#ifndef LS_UI_H
#define LS_UI_H

/* Parse the TUI options, load the profiles (with a progress bar, Ctrl-C
 * cancels), run the explorer and restore the terminal. Returns the process
 * exit status: 0 done, 2 usage error or nothing loaded, 130 interrupted. */
int ls_ui_main(int argc, char **argv);

#endif
