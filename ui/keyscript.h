/* keyscript.h — replay a scripted key sequence into the event loop and time
 * each key, for the keystroke-latency benchmark (bench/keys.sh).
 *
 * Hidden, for benchmarks only: with LEAKSCOPE_KEYSCRIPT=FILE the explorer
 * reads its keys from FILE instead of the terminal and quits at its end;
 * LEAKSCOPE_KEYTIMES=FILE receives one line per key, "KIND<TAB>ms<TAB>cpu-ms":
 * the wall time from the key being read to the screen being updated (after
 * refresh()) and the CPU time the explorer's thread spent on it, plus
 * "#load" and "#analysis" lines for the once-per-run work.
 *
 * Script lines (blank lines and lines starting with '#' are skipped):
 *   KIND KEY [xN]     KEY once (or N times)
 *   KIND "TEXT"       each character of TEXT as one key
 * KIND is a free label ("move", "sort", "filter-type" ...) the timings are
 * grouped by. KEY: one character, ^X (control), or one of Up Down Left Right
 * PgUp PgDn Home End Enter Esc Tab Bksp Space. */
#ifndef LS_UI_KEYSCRIPT_H
#define LS_UI_KEYSCRIPT_H

#include <stdbool.h>
#include <wchar.h>

struct ui_keyscript;

/* From the environment; NULL when LEAKSCOPE_KEYSCRIPT is unset. A script
 * that cannot be read or parsed is reported on stderr and also gives NULL
 * with *bad set (the caller should not start interactively then). */
struct ui_keyscript *ui_keyscript_from_env(bool *bad);
void ui_keyscript_free(struct ui_keyscript *ks);
/* A once-per-run figure, written as "#NAME<TAB>ms": the time since the
 * previous lap (or since the script was read), and "#rss-NAME<TAB>KiB",
 * the resident memory then. NULL ks: nothing. */
void ui_keyscript_lap(struct ui_keyscript *ks, const char *name);
/* A figure about the input, written as "#NAME<TAB>value". */
void ui_keyscript_info(struct ui_keyscript *ks, const char *name, unsigned long long value);
/* The next key: false at the end of the script. Starts the key's clock. */
bool ui_keyscript_next(struct ui_keyscript *ks, bool *fn, wint_t *ch);
/* The screen shows the effect of the key last returned: stop its clock. */
void ui_keyscript_done(struct ui_keyscript *ks);

#endif
