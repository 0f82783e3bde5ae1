/* follow.c — --follow: watch the loaded files with inotify and reload the
 * ones that change.
 *
 * Directories are watched, not files: the profiler rewrites in place, but an
 * editor or `cp` may replace the file (a new inode) and a watch on the old
 * inode would go silent. Events are debounced (a rewrite is a burst of
 * MODIFY events ending in CLOSE_WRITE), and a file read mid-rewrite is retried
 * until a complete version is read. */
#include <stddef.h>
#include "actions.h"
#include "app.h"
#include "draw.h"
#include "load.h"
#include "util.h"
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_SYS_INOTIFY_H
#include <sys/inotify.h>
#endif

#define SETTLE 0.15   /* seconds of quiet before reading a changed file */
#define MAX_WAIT 1.0  /* ... but never longer than this after its first event:
                       * a profiler that rewrites more often than the
                       * explorer looks (every 0.2 s) is never quiet that long */
#define RETRY 0.5     /* seconds between reads of a file being rewritten */
#define CUT_FOR_GOOD 10 /* seconds a loaded file stays cut, unchanged, before it is no
                        * longer "being rewritten" but cut off (as R finds it) */

struct watched {
	int wd;       /* -1: the directory went away (deleted, renamed) */
	char *dir;
	double next;  /* when to look for it again, while it is away */
};

/* A file's version as stat() tells it: a file cut off for good (or a
 * profiler that stopped mid-write) is not read again until it changes. */
struct version {
	bool known;
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns;
};

struct pending {
	char *path;
	double due;
	double first;          /* its first event since it was last read */
	int caught;   /* 0, or the last read's UI_RELOAD_PARTIAL / UI_RELOAD_INCOMPLETE */
	struct version seen;   /* the version that read found cut off */
	double since;          /* ... first found so */
	bool cut_off;          /* ... for CUT_FOR_GOOD: listed under Warnings, no longer
	                        * "being rewritten" */
};

/* A loaded file reached through a symbolic link: the profiler rewrites
 * `real`, in a directory of its own, and `file` is what to reload. */
struct alias {
	size_t w;      /* the watch on the directory of the file linked to */
	char *name;    /* that file's name there */
	char *file;
};

struct ui_follow {
	int fd;
	struct watched *w;
	size_t nw, wcap;
	struct alias *al;
	size_t nal, alcap;
	struct pending *p;
	size_t np, pcap;
};

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ls_xstrdup(".");
	if (slash == path)
		return ls_xstrdup("/");
	return ls_xstrndup(path, (size_t)(slash - path));
}

#ifdef HAVE_SYS_INOTIFY_H
#define WATCH_MASK (IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVE_SELF)

/* Its index in f->w, or -1. */
static long watch_dir(struct ui_follow *f, const char *dir)
{
	for (size_t i = 0; i < f->nw; i++)
		if (strcmp(f->w[i].dir, dir) == 0)
			return (long)i;
	int wd = inotify_add_watch(f->fd, dir, WATCH_MASK);
	if (wd < 0)
		return -1;
	ls_grow(&f->w, &f->wcap, f->nw + 1, sizeof *f->w);
	f->w[f->nw++] = (struct watched){wd, ls_xstrdup(dir), 0};
	return (long)f->nw - 1;
}
#endif

int ui_follow_start(struct app *a)
{
#ifdef HAVE_SYS_INOTIFY_H
	struct ui_follow *f = ls_xcalloc(1, sizeof *f);
	f->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->fd < 0) {
		free(f);
		return -1;
	}
	for (uint32_t pi = 0; pi < a->model.nproc; pi++)
		for (uint32_t e = 0; e < a->model.proc[pi].nep; e++) {
			const char *file = a->model.proc[pi].ep[e].file;
			char *d = dir_of(file);
			watch_dir(f, d);
			free(d);
			/* a link to a file elsewhere: its changes happen there */
			struct stat st;
			char *real = lstat(file, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(file, NULL) : NULL;
			if (real) {
				d = dir_of(real);
				long w = watch_dir(f, d);
				free(d);
				if (w >= 0) {
					ls_grow(&f->al, &f->alcap, f->nal + 1, sizeof *f->al);
					f->al[f->nal++] = (struct alias){(size_t)w, ls_xstrdup(ls_basename(real)),
						ls_xstrdup(file)};
				}
				free(real);
			}
		}
	/* a directory given empty: the profiler has yet to write there */
	for (size_t i = 0; i < a->opt.npaths; i++) {
		struct stat st;
		if (stat(a->opt.paths[i], &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		char *d = ls_xstrdup(a->opt.paths[i]);
		for (size_t n = strlen(d); n > 1 && d[n - 1] == '/'; n--)
			d[n - 1] = '\0';
		watch_dir(f, d);
		free(d);
	}
	a->follow = f;
	return 0;
#else
	(void)a;
	return -1;
#endif
}

void ui_follow_stop(struct app *a)
{
	struct ui_follow *f = a->follow;
	if (!f)
		return;
	for (size_t i = 0; i < f->nw; i++)
		free(f->w[i].dir);
	for (size_t i = 0; i < f->np; i++)
		free(f->p[i].path);
	for (size_t i = 0; i < f->nal; i++) {
		free(f->al[i].name);
		free(f->al[i].file);
	}
	free(f->al);
	free(f->w);
	free(f->p);
	if (f->fd >= 0)
		close(f->fd);
	free(f);
	a->follow = NULL;
}

static struct version version_of(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return (struct version){0};
	return (struct version){true, st.st_dev, st.st_ino, st.st_size,
		(int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec};
}

static bool same_version(const struct version *a, const struct version *b)
{
	return a->known && b->known && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
		a->mtime_ns == b->mtime_ns;
}

static void add_pending(struct ui_follow *f, char *path, double due)
{
	for (size_t i = 0; i < f->np; i++)
		if (strcmp(f->p[i].path, path) == 0) {
			struct pending *p = &f->p[i];
			p->due = due < p->first + MAX_WAIT ? due : p->first + MAX_WAIT;
			p->seen.known = false; /* it changed: read it again */
			free(path);
			return;
		}
	ls_grow(&f->p, &f->pcap, f->np + 1, sizeof *f->p);
	f->p[f->np++] = (struct pending){path, due, ls_now(), 0, {0}, 0, false};
}

#ifdef HAVE_SYS_INOTIFY_H
/* Look again at every loaded file of dir (one that is not there any more
 * is then said to be gone). */
static void pend_loaded(const struct app *a, struct ui_follow *f, const char *dir, double due)
{
	for (uint32_t pi = 0; pi < a->model.nproc; pi++)
		for (uint32_t e = 0; e < a->model.proc[pi].nep; e++) {
			char *d = dir_of(a->model.proc[pi].ep[e].file);
			if (strcmp(d, dir) == 0)
				add_pending(f, ls_xstrdup(a->model.proc[pi].ep[e].file), due);
			free(d);
		}
}

/* Read every .json in dir soon: files written before its watch began
 * sent no event. */
static void pend_json(struct ui_follow *f, const char *dir, double due)
{
	size_t n;
	char **files = ls_json_files(dir, &n);
	for (size_t i = 0; i < n; i++)
		add_pending(f, files[i], due);
	free(files);
}

/* A folder made in a folder of process folders (a new test run's): a new
 * process to watch, with what it already holds. */
static void watch_new_folder(const struct app *a, struct ui_follow *f, const char *parent, const char *name)
{
	if (!ui_reload_is_root(a, parent))
		return;
	char *dir = ls_xasprintf("%s%s%s", parent, parent[strlen(parent) - 1] == '/' ? "" : "/", name);
	if (watch_dir(f, dir) >= 0)
		pend_json(f, dir, ls_now() + SETTLE);
	free(dir);
}

static void read_events(const struct app *a, struct ui_follow *f)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(f->fd, buf, sizeof buf);
		if (n <= 0)
			return;
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			p += sizeof *ev + ev->len;
			if (ev->mask & (IN_IGNORED | IN_MOVE_SELF)) {
				/* the directory was deleted or renamed away: the
				 * profiler may make it again (a reset, a restart),
				 * and a watch on what is no longer there would
				 * never say so */
				for (size_t i = 0; i < f->nw; i++)
					if (f->w[i].wd == ev->wd) {
						if (ev->mask & IN_MOVE_SELF) {
							/* its files went with it, unannounced */
							inotify_rm_watch(f->fd, ev->wd);
							pend_loaded(a, f, f->w[i].dir, ls_now() + SETTLE);
						}
						f->w[i].wd = -1;
						f->w[i].next = 0;
					}
				continue;
			}
			if (!ev->len)
				continue;
			for (size_t j = 0; j < f->nal; j++)
				if (f->w[f->al[j].w].wd == ev->wd && strcmp(f->al[j].name, ev->name) == 0)
					add_pending(f, ls_xstrdup(f->al[j].file), ls_now() + SETTLE);
			if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
				for (size_t i = 0; i < f->nw; i++)
					if (f->w[i].wd == ev->wd) {
						watch_new_folder(a, f, f->w[i].dir, ev->name);
						break;
					}
				continue;
			}
			for (size_t i = 0; i < f->nw; i++)
				if (f->w[i].wd == ev->wd) {
					const char *d = f->w[i].dir;
					char *path = ls_xasprintf("%s%s%s", d, d[strlen(d) - 1] == '/' ? "" : "/", ev->name);
					add_pending(f, path, ls_now() + SETTLE);
					break;
				}
		}
	}
}
#endif

#ifdef HAVE_SYS_INOTIFY_H
/* A watched directory that went away and is back: watched again, and every
 * .json in it read, as the events of what was written meanwhile were
 * never seen. */
static void rewatch(const struct app *a, struct ui_follow *f, double now)
{
	for (size_t i = 0; i < f->nw; i++) {
		struct watched *w = &f->w[i];
		if (w->wd >= 0 || now < w->next)
			continue;
		w->next = now + RETRY;
		struct stat st;
		if (stat(w->dir, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		w->wd = inotify_add_watch(f->fd, w->dir, WATCH_MASK);
		if (w->wd < 0)
			continue;
		pend_loaded(a, f, w->dir, now + SETTLE);
		pend_json(f, w->dir, now + SETTLE);
	}
}
#endif

/* The sanitized name (last component) of path, for the status line. */
static void file_name(const char *path, char *out, size_t cap)
{
	char *name = ls_sanitize(ls_basename(path));
	snprintf(out, cap, "%s", name);
	free(name);
}

/* "follow: reloaded 2 files, and 1 new file; b.json no longer on disk,
 * still shown as last read (see Warnings)": what R would say of the same
 * changes (reload.c). */
static void follow_status(struct app *a, unsigned reloaded, unsigned adopted, unsigned gone, const char *gone_name)
{
	if (!reloaded && !adopted && !gone)
		return;
	char msg[256];
	size_t l = (size_t)snprintf(msg, sizeof msg, "follow:");
	if (reloaded)
		l += (size_t)snprintf(msg + l, sizeof msg - l, " reloaded %u file%s", reloaded, reloaded == 1 ? "" : "s");
	if (adopted)
		l += (size_t)snprintf(msg + l, sizeof msg - l, "%s%u new file%s", reloaded ? ", and " : " ", adopted,
			adopted == 1 ? "" : "s");
	if (gone) {
		char g[224];
		ui_reload_gone_text(g, sizeof g, gone, gone_name);
		snprintf(msg + l, sizeof msg - l, "%s%s (see Warnings)", reloaded || adopted ? "; " : " ", g);
	}
	ui_app_status(a, gone ? ROLE_WARN : ROLE_OK, "%s", msg);
}

unsigned ui_follow_poll(struct app *a)
{
	struct ui_follow *f = a->follow;
	if (!f)
		return 0;
	double now = ls_now();
#ifdef HAVE_SYS_INOTIFY_H
	read_events(a, f);
	rewatch(a, f, now);
#endif
	unsigned flags = 0;
	size_t k = 0;
	unsigned reloaded = 0, adopted = 0, gone = 0;
	char gone_name[256] = "";
	for (size_t i = 0; i < f->np; i++) {
		struct pending *p = &f->p[i];
		if (p->due > now) {
			f->p[k++] = *p;
			continue;
		}
		/* still the version found cut off: reading it again (all of
		 * it, twice a second) would only find the same cut */
		struct version v = version_of(p->path);
		if (p->caught && same_version(&v, &p->seen)) {
			if (p->caught == UI_RELOAD_PARTIAL && !p->cut_off && now - p->since >= CUT_FOR_GOOD) {
				/* nothing more is coming: say so as R would */
				ui_reload_path(a, p->path, true);
				p->cut_off = true;
				char name[256];
				file_name(p->path, name, sizeof name);
				ui_app_status(a, ROLE_WARN, "follow: %s is still cut off after %d s; showing its last complete "
					"data (see Warnings)", name, CUT_FOR_GOOD);
				flags |= UI_REDRAW;
			}
			p->due = now + RETRY;
			p->first = now;
			f->p[k++] = *p;
			continue;
		}
		int r = ui_reload_path(a, p->path, false);
		if (r == UI_RELOAD_PARTIAL || r == UI_RELOAD_INCOMPLETE) {
			/* caught mid-rewrite: keep the old data, look again soon
			 * (the version stat()ed before the read: one changed
			 * during it is read again) */
			p->due = now + RETRY;
			p->first = now;
			if (!p->caught || !same_version(&v, &p->seen)) {
				p->since = now;
				p->cut_off = false;
			}
			p->caught = r;
			p->seen = v;
			f->p[k++] = *p;
			flags |= UI_REDRAW;
			continue;
		}
		reloaded += r == UI_RELOAD_DONE;
		adopted += r == UI_RELOAD_ADOPTED;
		if (r == UI_RELOAD_GONE && !gone++)
			file_name(p->path, gone_name, sizeof gone_name);
		free(p->path);
		flags |= UI_REDRAW;
	}
	f->np = k;
	/* name the file being written (the first one caught) */
	char what[sizeof a->updating_what] = "";
	unsigned caught = 0;
	for (size_t i = 0; i < f->np; i++) {
		if (!f->p[i].caught || f->p[i].cut_off)
			continue;
		if (!caught++) {
			char name[256];
			file_name(f->p[i].path, name, sizeof name);
			snprintf(what, sizeof what, f->p[i].caught == UI_RELOAD_INCOMPLETE ?
				"%s is being written; it joins when complete" :
				"%s is being rewritten; showing its last complete data", name);
		}
	}
	if (caught > 1) {
		size_t n = strlen(what);
		snprintf(what + n, sizeof what - n, " (and %u more)", caught - 1);
	}
	if (a->updating != (caught > 0) || strcmp(a->updating_what, what) != 0) {
		/* newer news than an earlier "follow: reloaded 1 file", which
		 * would hide it for its six seconds */
		if (caught > 0 && strncmp(a->status, "follow: ", 8) == 0)
			a->status[0] = 0;
		a->updating = caught > 0;
		snprintf(a->updating_what, sizeof a->updating_what, "%s", what);
		flags |= UI_REDRAW;
	}
	follow_status(a, reloaded, adopted, gone, gone_name);
	return flags;
}
