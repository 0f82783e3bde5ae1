/* keyscript.c — scripted keys and per-key timings (see keyscript.h). */
#include <stddef.h>
#include "keyscript.h"
#include "keymap.h"
#include "util.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct skey {
	uint32_t kind;      /* index into kinds */
	bool fn;
	wint_t ch;
};

struct ui_keyscript {
	struct skey *keys;
	size_t n, cap, next;
	char **kinds;
	size_t nkinds, kinds_cap;
	FILE *times;        /* NULL: replay without timing */
	double t0;          /* clock of the key in flight, 0: none */
	double cpu0;        /* this thread's CPU time then */
	double lap;         /* clock of the last lap */
	uint32_t cur_kind;
};

static const struct {
	const char *name;
	bool fn;
	int ch;
} named[] = {
	{"Up", true, KEY_UP}, {"Down", true, KEY_DOWN}, {"Left", true, KEY_LEFT},
	{"Right", true, KEY_RIGHT}, {"PgUp", true, KEY_PPAGE}, {"PgDn", true, KEY_NPAGE},
	{"Home", true, KEY_HOME}, {"End", true, KEY_END}, {"Enter", false, '\r'},
	{"Esc", false, UI_ESC}, {"Tab", false, '\t'}, {"Bksp", false, 127}, {"Space", false, ' '},
};

/* CPU time of this thread: with other programs busy on the machine, the
 * wall time of a key can be long while its own work was short. */
static double thread_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint32_t kind_id(struct ui_keyscript *ks, const char *name)
{
	for (size_t i = 0; i < ks->nkinds; i++)
		if (strcmp(ks->kinds[i], name) == 0)
			return (uint32_t)i;
	ls_grow(&ks->kinds, &ks->kinds_cap, ks->nkinds + 1, sizeof *ks->kinds);
	ks->kinds[ks->nkinds] = ls_xstrdup(name);
	return (uint32_t)ks->nkinds++;
}

static void add(struct ui_keyscript *ks, uint32_t kind, bool fn, wint_t ch)
{
	ls_grow(&ks->keys, &ks->cap, ks->n + 1, sizeof *ks->keys);
	ks->keys[ks->n++] = (struct skey){kind, fn, ch};
}

/* One KEY word; false when it names no key. */
static bool parse_key(const char *w, bool *fn, wint_t *ch)
{
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(w, named[i].name) == 0) {
			*fn = named[i].fn;
			*ch = (wint_t)named[i].ch;
			return true;
		}
	*fn = false;
	if (w[0] == '^' && w[1] && !w[2]) {
		*ch = (wint_t)UI_CTRL(w[1]);
		return true;
	}
	if (w[0] && !w[1]) {
		*ch = (wint_t)(unsigned char)w[0];
		return true;
	}
	return false;
}

static int parse_line(struct ui_keyscript *ks, char *line)
{
	line[strcspn(line, "\r\n")] = 0;
	char *p = line + strspn(line, " \t");
	if (!*p || *p == '#')
		return 0;
	char *kind = p;
	p += strcspn(p, " \t");
	if (!*p)
		return -1;
	*p++ = 0;
	p += strspn(p, " \t");
	uint32_t k = kind_id(ks, kind);
	if (*p == '"') {
		char *end = strrchr(p + 1, '"');
		if (!end)
			return -1;
		for (char *c = p + 1; c < end; c++)
			add(ks, k, false, (wint_t)(unsigned char)*c);
		return 0;
	}
	char *key = p;
	p += strcspn(p, " \t");
	if (*p)
		*p++ = 0;
	p += strspn(p, " \t");
	long times = 1;
	if (*p == 'x')
		times = strtol(p + 1, NULL, 10);
	bool fn;
	wint_t ch;
	if (!parse_key(key, &fn, &ch) || times < 1)
		return -1;
	while (times--)
		add(ks, k, fn, ch);
	return 0;
}

void ui_keyscript_free(struct ui_keyscript *ks)
{
	if (!ks)
		return;
	if (ks->times)
		fclose(ks->times);
	for (size_t i = 0; i < ks->nkinds; i++)
		free(ks->kinds[i]);
	free(ks->kinds);
	free(ks->keys);
	free(ks);
}

struct ui_keyscript *ui_keyscript_from_env(bool *bad)
{
	*bad = false;
	const char *path = getenv("LEAKSCOPE_KEYSCRIPT");
	if (!path || !*path)
		return NULL;
	*bad = true;
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "leakscope: LEAKSCOPE_KEYSCRIPT: cannot read %s\n", path);
		return NULL;
	}
	struct ui_keyscript *ks = ls_xcalloc(1, sizeof *ks);
	char line[2048];
	unsigned no = 0;
	while (fgets(line, sizeof line, f)) {
		no++;
		if (parse_line(ks, line) != 0) {
			fprintf(stderr, "leakscope: %s: line %u: expected KIND KEY [xN] or KIND \"TEXT\"\n", path, no);
			fclose(f);
			ui_keyscript_free(ks);
			return NULL;
		}
	}
	fclose(f);
	const char *tp = getenv("LEAKSCOPE_KEYTIMES");
	if (tp && *tp && !(ks->times = fopen(tp, "w"))) {
		fprintf(stderr, "leakscope: LEAKSCOPE_KEYTIMES: cannot write %s\n", tp);
		ui_keyscript_free(ks);
		return NULL;
	}
	*bad = false;
	ks->lap = ls_now();
	return ks;
}

/* Resident memory now, in KiB (0 when /proc is not there). */
static unsigned long rss_kb(void)
{
	unsigned long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%lu %lu", &size, &res) != 2)
			res = 0;
		fclose(f);
	}
	long page = sysconf(_SC_PAGESIZE);
	return res * (unsigned long)(page > 0 ? page : 4096) / 1024;
}

void ui_keyscript_lap(struct ui_keyscript *ks, const char *name)
{
	if (!ks)
		return;
	double now = ls_now();
	if (ks->times)
		fprintf(ks->times, "#%s\t%.3f\n#rss-%s\t%lu\n", name, (now - ks->lap) * 1e3, name, rss_kb());
	ks->lap = now;
}

void ui_keyscript_info(struct ui_keyscript *ks, const char *name, unsigned long long value)
{
	if (ks && ks->times)
		fprintf(ks->times, "#%s\t%llu\n", name, value);
}

bool ui_keyscript_next(struct ui_keyscript *ks, bool *fn, wint_t *ch)
{
	if (ks->next >= ks->n)
		return false;
	const struct skey *k = &ks->keys[ks->next++];
	*fn = k->fn;
	*ch = k->ch;
	ks->cur_kind = k->kind;
	ks->t0 = ls_now();
	ks->cpu0 = thread_cpu();
	return true;
}

void ui_keyscript_done(struct ui_keyscript *ks)
{
	if (!ks->t0)
		return;
	if (ks->times)
		fprintf(ks->times, "%s\t%.3f\t%.3f\n", ks->kinds[ks->cur_kind], (ls_now() - ks->t0) * 1e3,
			(thread_cpu() - ks->cpu0) * 1e3);
	ks->t0 = 0;
}
