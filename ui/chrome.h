/* chrome.h — what surrounds every view: the title bar (process, files,
 * requests, time span), the tab bar with the active filters, the footer with
 * keys and the mark count, and the status line. */
#ifndef LS_UI_CHROME_H
#define LS_UI_CHROME_H

struct app;

void ui_chrome_header(struct app *a, int cols);
void ui_chrome_footer(struct app *a, int y, int cols);
void ui_chrome_status(struct app *a, int y, int cols);
/* A click on the tab bar at column x; returns view flags. */
unsigned ui_chrome_tab_click(struct app *a, int x);
/* "2026-11-20 10:15:02" in local time (TZ) into out. */
void ui_fmt_time(char *out, size_t cap, double t);
/* "1h 05m", "42s" ... */
void ui_fmt_duration(char *out, size_t cap, double secs);

/* Compute now what the header shows per process (each one's time span),
 * so that moving between processes' endpoints never scans their records. */
void ui_chrome_warm(struct app *a);

#endif
