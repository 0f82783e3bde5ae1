/* reload.c — re-read endpoint files that changed on disk.
 *
 * The profiler rewrites its files in place (open "w", write, close), so a
 * reader can catch one empty or cut off mid-record. Such a file keeps its last
 * complete data and the status line says "updating…" until a complete version
 * is read; the screen, selection, sort, filters and marks stay where they are
 * because endpoints keep their index and site ids only ever get added. */
#include <stddef.h>
#include "actions.h"
#include "app.h"
#include "chrome.h"
#include "draw.h"
#include "load.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Drop the warnings about `file` (a fresh read brings its own); were there any? */
static bool forget_warnings(struct ls_warnings *w, const char *file)
{
	size_t k = 0, n = w->n;
	for (size_t i = 0; i < w->n; i++) {
		if (w->v[i].file && strcmp(w->v[i].file, file) == 0) {
			free(w->v[i].file);
			free(w->v[i].message);
			continue;
		}
		w->v[k++] = w->v[i];
	}
	w->n = k;
	return k != n;
}

static bool has_warnings(const struct ls_warnings *w, const char *file)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].file && strcmp(w->v[i].file, file) == 0)
			return true;
	return false;
}

static bool changed_on_disk(const struct ls_endpoint *ep)
{
	struct stat st;
	if (stat(ep->file, &st) != 0)
		return true; /* gone: reload_endpoint says so */
	int64_t mt = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	return (uint64_t)st.st_size != ep->file_size || mt != ep->file_mtime_ns;
}

enum { R_KEPT = 0, R_DONE = 1, R_PARTIAL = 2, R_GONE = 3 };

/* Is there a warning about file at offset whose message starts with
 * prefix? (One said once, however often R is pressed.) */
static bool warned(const struct ls_warnings *w, const char *file, uint64_t offset, const char *prefix)
{
	size_t len = strlen(prefix);
	for (size_t k = 0; k < w->n; k++)
		if (w->v[k].file && file && !strcmp(w->v[k].file, file) && w->v[k].offset == offset &&
		    !strncmp(w->v[k].message, prefix, len))
			return true;
	return false;
}

/* An asked-for reload (R) found the file cut off or empty: it may be mid
 * rewrite, or cut for good, and the user must be able to tell what is
 * shown is not what is on disk. Its warnings join the Warnings screen
 * (each once, however often R is pressed) until a complete read replaces
 * them; a followed file mid-rewrite is normal and only named on the
 * status line. */
static void note_cut(struct app *a, struct ls_warnings *fresh)
{
	struct ls_warnings *w = &a->model.warnings;
	for (size_t i = 0; i < fresh->n; i++) {
		char *msg = ls_xasprintf("%s (on reload: still showing its last complete version)",
			fresh->v[i].message);
		/* (the same cut already read at start-up, or by an earlier R) */
		if (!warned(w, fresh->v[i].file, fresh->v[i].offset, fresh->v[i].message))
			ls_warn(w, fresh->v[i].file, fresh->v[i].offset, "%s", msg);
		free(msg);
	}
}

/* Re-read endpoint e of process pi; `asked`: the user pressed R. */
static int reload_endpoint(struct app *a, uint32_t pi, uint32_t e, bool asked)
{
	struct ls_process *p = &a->model.proc[pi];
	struct ls_endpoint *ep = &p->ep[e];
	/* a removed file keeps its last data (nothing is coming to complete
	 * it), and Warnings says that what is shown is no longer on disk */
	struct stat st;
	if (stat(ep->file, &st) != 0) {
		const char *msg = "no longer on disk; still showing the data read before";
		if (!warned(&a->model.warnings, ep->file, LS_NO_OFFSET, msg))
			ls_warn(&a->model.warnings, ep->file, LS_NO_OFFSET, "%s", msg);
		return R_GONE;
	}
	if (!S_ISREG(st.st_mode)) {
		/* a named pipe (or a device) in its place would wait for a
		 * writer with every key waiting behind it: only regular files
		 * are read again, as only they are read from directories */
		const char *msg = "not a regular file; not read again, still showing the data read before";
		if (!warned(&a->model.warnings, ep->file, LS_NO_OFFSET, msg))
			ls_warn(&a->model.warnings, ep->file, LS_NO_OFFSET, "%s", msg);
		return R_KEPT;
	}
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_load_file(ep->file, &r, NULL);
	if (r.empty || r.truncated || r.failed || r.records == 0) {
		if (asked)
			note_cut(a, &r.warnings);
		ls_file_result_done(&r);
		return R_PARTIAL;
	}
	char *file = ls_xstrdup(ep->file);
	ls_endpoint_sort(&r.ep);
	a->model.records_loaded += r.records;
	a->model.records_loaded -= a->model.records_loaded >= ep->n ? ep->n : a->model.records_loaded;
	a->model.bytes_loaded += r.ep.file_size;
	a->model.bytes_loaded -= a->model.bytes_loaded >= ep->file_size ? ep->file_size : a->model.bytes_loaded;
	forget_warnings(&a->model.warnings, file);
	ls_warnings_append(&a->model.warnings, &r.warnings);
	/* forgotten with the file's other warnings: said again if still so */
	ls_check_duplicates(&a->model.warnings, &r.ep);
	ls_process_replace(p, e, &r.ep, &r.sites, &r.strings);
	ls_file_result_done(&r);
	free(file);
	return R_DONE;
}

/* The first file (sanitized) kept for being cut off, and the first gone. */
struct reload_names {
	char cut[192];  /* room for it and the words around it in updating_what */
	char gone[128];
};

static void first_name(char *out, size_t cap, const char *path)
{
	char *name = ls_sanitize(ls_basename(path));
	snprintf(out, cap, "%s", name);
	free(name);
}

void ui_reload_gone_text(char *out, size_t cap, unsigned gone, const char *name)
{
	if (gone == 1)
		snprintf(out, cap, "%s no longer on disk, still shown as last read", name);
	else
		snprintf(out, cap, "%u files no longer on disk (%s, ...), still shown as last read", gone, name);
}

/* Reload every endpoint matching `path` (NULL: all; changed ones unless force).
 * Counts go to *done, *partial and *gone; the first names to *names (when
 * not NULL). */
static unsigned reload_matching(struct app *a, const char *path, bool force, bool asked, unsigned *done,
	unsigned *partial, unsigned *gone, struct reload_names *names)
{
	unsigned matched = 0;
	for (uint32_t pi = 0; pi < a->model.nproc; pi++) {
		struct ls_process *p = &a->model.proc[pi];
		unsigned before = *done;
		for (uint32_t e = 0; e < p->nep; e++) {
			const struct ls_endpoint *ep = &p->ep[e];
			if (path ? strcmp(ep->file, path) != 0 : !(force || changed_on_disk(ep)))
				continue;
			matched++;
			int r = reload_endpoint(a, pi, e, asked);
			if (r == R_DONE) {
				(*done)++;
			} else if (r == R_GONE) {
				if (!(*gone)++ && names)
					first_name(names->gone, sizeof names->gone, ep->file);
			} else if (r == R_PARTIAL) {
				if (!(*partial)++ && names)
					first_name(names->cut, sizeof names->cut, ep->file);
			}
		}
		if (*done != before) {
			ls_process_index(p);
			ls_check_shared_ids(&a->model.warnings, p);
			ls_analysis_invalidate(&a->an, pi);
		}
	}
	return matched;
}

static unsigned after_reload(struct app *a, unsigned done, unsigned partial)
{
	a->updating = partial > 0;
	if (done) {
		a->gen++;
		ui_app_refresh_views(a, true);
	}
	return UI_REDRAW;
}

static int adopt_new(struct app *a, const char *path, bool asked, bool *empty);
static const char *given_dir(const struct app *a, const char *path, size_t dirlen);
static bool is_root(const struct app *a, const char *dir, size_t n);
static const char *process_dir(const struct ls_process *p, size_t *n);

static bool loaded(const struct app *a, const char *path)
{
	for (uint32_t pi = 0; pi < a->model.nproc; pi++)
		for (uint32_t e = 0; e < a->model.proc[pi].nep; e++)
			if (strcmp(a->model.proc[pi].ep[e].file, path) == 0)
				return true;
	return false;
}

/* The directories a fresh start would read files from: each loaded
 * process's (a memory-test file's own), and those given while empty. */
static char **profile_dirs(const struct app *a, size_t *n)
{
	char **d = NULL;
	size_t cap = 0;
	*n = 0;
	for (uint32_t pi = 0; pi < a->model.nproc; pi++) {
		size_t len;
		const char *dir = process_dir(&a->model.proc[pi], &len);
		if (!dir)
			continue;
		ls_grow(&d, &cap, *n + 1, sizeof *d);
		d[(*n)++] = ls_xstrndup(dir, len);
	}
	for (size_t i = 0; i < a->opt.npaths; i++) {
		const char *g = a->opt.paths[i];
		size_t len = strlen(g);
		while (len > 1 && g[len - 1] == '/')
			len--;
		if (given_dir(a, g, len)) {
			ls_grow(&d, &cap, *n + 1, sizeof *d);
			d[(*n)++] = ls_xstrdup(g);
		}
		/* and the folders of a folder of process folders: a new
		 * test run's among them */
		DIR *dh = is_root(a, g, len) ? opendir(g) : NULL;
		struct dirent *de;
		while (dh && (de = readdir(dh))) {
			struct stat st;
			char *sub = ls_xasprintf("%s%s%s", g, g[strlen(g) - 1] == '/' ? "" : "/", de->d_name);
			if (de->d_name[0] != '.' && stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
				ls_grow(&d, &cap, *n + 1, sizeof *d);
				d[(*n)++] = sub;
			} else {
				free(sub);
			}
		}
		if (dh)
			closedir(dh);
	}
	return d;
}

/* What R found in the directories beside the loaded files. */
struct found {
	unsigned adopted;      /* new files loaded */
	unsigned waiting;      /* new files not complete yet */
	unsigned refused;      /* new .json files that are no profile */
	unsigned still;        /* files known since they were read (they have a
	                        * warning), still empty or with no complete record */
	bool still_empty;      /* ... all of them empty */
	char still_name[64];   /* ... the first one's name, for the status line */
};

/* A known file that is still incomplete: counted apart from the new ones,
 * since calling a file there from the start "new" would be untrue. */
static void still_incomplete(struct found *fd, const char *path, bool empty)
{
	if (!fd->still++) {
		const char *slash = strrchr(path, '/');
		char *shown = ls_sanitize(slash ? slash + 1 : path);
		snprintf(fd->still_name, sizeof fd->still_name, "%s", shown);
		free(shown);
		fd->still_empty = true;
	}
	fd->still_empty = fd->still_empty && empty;
}

/* R: the .json files that appeared in those directories since they were
 * read (a server that started serving a new endpoint), loaded as a fresh
 * start would load them, as --follow does; and those read before that are
 * still empty or cut off before their first record. */
static void adopt_dirs(struct app *a, struct found *fd)
{
	size_t nd;
	char **dirs = profile_dirs(a, &nd);
	for (size_t k = 0; k < nd; k++) {
		bool seen = false;  /* (two processes in one directory: read it once) */
		for (size_t j = 0; j < k && !seen; j++)
			seen = strcmp(dirs[j], dirs[k]) == 0;
		size_t nn = 0;
		char **names = seen ? NULL : ls_json_files(dirs[k], &nn);
		/* in the order a fresh start reads them */
		for (size_t i = 0; i < nn; i++) {
			bool known = has_warnings(&a->model.warnings, names[i]), empty = false;
			int r = loaded(a, names[i]) ? -1 : adopt_new(a, names[i], true, &empty);
			fd->adopted += r == 1;
			fd->waiting += r == 0 && !known;
			fd->refused += r == -2;
			if (r == 0 && known)
				still_incomplete(fd, names[i], empty);
			free(names[i]);
		}
		free(names);
	}
	for (size_t k = 0; k < nd; k++)
		free(dirs[k]);
	free(dirs);
}

/* R's words for what it found beside the loaded files, into news. */
static void found_text(const struct found *fd, char *news, size_t cap)
{
	size_t l = 0;
	news[0] = '\0';
	if (fd->adopted)
		l += (size_t)snprintf(news + l, cap - l, ", and %u new file%s", fd->adopted, fd->adopted == 1 ? "" : "s");
	if (fd->waiting && l < cap)
		l += (size_t)snprintf(news + l, cap - l, "; %u new file%s not complete yet (R again later)",
			fd->waiting, fd->waiting == 1 ? "" : "s");
	if (fd->still == 1 && l < cap)
		l += (size_t)snprintf(news + l, cap - l, "; %s %s", fd->still_name,
			fd->still_empty ? "is still empty" : "still has no complete record");
	else if (fd->still > 1 && l < cap)
		l += (size_t)snprintf(news + l, cap - l, "; %u files %s", fd->still,
			fd->still_empty ? "are still empty" : "still empty or with no complete record");
	if (fd->refused && l < cap)
		snprintf(news + l, cap - l, "; %u new .json file%s no profile (see Warnings)", fd->refused,
			fd->refused == 1 ? " is" : "s are");
}

unsigned ui_reload(struct app *a, bool force)
{
	unsigned done = 0, partial = 0, gone = 0;
	struct found fd = {0};
	struct reload_names nm = {"", ""};
	unsigned nw = (unsigned)a->model.warnings.n;
	if (force && LINES >= UI_MIN_ROWS && COLS >= UI_MIN_COLS) {
		/* a big file takes seconds to read again: the screen says so
		 * before, not only after (it kept the old status line) */
		uint32_t files = 0;
		for (uint32_t pi = 0; pi < a->model.nproc; pi++)
			files += a->model.proc[pi].nep;
		ui_app_status(a, ROLE_STATUS, "reloading %u file%s%s", files, files == 1 ? "" : "s", ui_dots());
		ui_chrome_status(a, LINES - 1, COLS);
		refresh();
	}
	reload_matching(a, NULL, force, force, &done, &partial, &gone, &nm);
	const char *cut = nm.cut;
	if (force)
		adopt_dirs(a, &fd);
	/* what else R found in the directories */
	char news[256];
	found_text(&fd, news, sizeof news);
	bool warn = fd.waiting || fd.refused || fd.still;
	if (partial) {
		char more[48] = "";
		if (partial > 1)
			snprintf(more, sizeof more, " (and %u more)", partial - 1);
		char gonetxt[224] = "";
		if (gone) {
			gonetxt[0] = ';';
			gonetxt[1] = ' ';
			ui_reload_gone_text(gonetxt + 2, sizeof gonetxt - 2, gone, nm.gone);
		}
		ui_app_status(a, ROLE_WARN, "reloaded %u file%s%s%s; %s%s is cut off: being rewritten, or cut for good; "
			"showing its last complete data (see Warnings)", done, done == 1 ? "" : "s", news, gonetxt, cut,
			more);
		snprintf(a->updating_what, sizeof a->updating_what, "%s%s is cut off; showing its last complete data",
			cut, more);
	} else if (gone) {
		char gonetxt[224];
		ui_reload_gone_text(gonetxt, sizeof gonetxt, gone, nm.gone);
		ui_app_status(a, ROLE_WARN, "reloaded %u file%s%s; %s (see Warnings)", done, done == 1 ? "" : "s", news,
			gonetxt);
		a->updating_what[0] = '\0';
	} else {
		ui_app_status(a, warn ? ROLE_WARN : ROLE_OK, "reloaded %u file%s%s", done, done == 1 ? "" : "s", news);
		a->updating_what[0] = '\0';
	}
	if (a->model.warnings.n != nw && !done && !fd.adopted)
		ui_app_refresh_views(a, true);
	return after_reload(a, done + fd.adopted, partial);
}

/* Same directory? ("dir/" and "dir" are.) */
static bool same_dir(const char *dir, const char *path_dir, size_t n)
{
	size_t m = strlen(dir);
	while (m > 1 && dir[m - 1] == '/')
		m--;
	return m == n && strncmp(dir, path_dir, n) == 0;
}

/* The directory a loaded process reads its files from, as the first *n
 * bytes of its path: the whole path of a directory of endpoint files, a
 * memory-test file's directory. NULL for a file named on its own on the
 * command line: it brings no neighbours. */
static const char *process_dir(const struct ls_process *p, size_t *n)
{
	if (!p->from_dir)
		return NULL;
	if (!(p->nep == 1 && p->ep[0].format == LS_FMT_SNAPSHOT)) {
		*n = strlen(p->path);
		return p->path;
	}
	const char *slash = strrchr(p->path, '/');
	if (!slash)
		return NULL;
	*n = (size_t)(slash - p->path);
	return p->path;
}

/* Is path's directory (dirlen bytes) the one process p reads from? */
static bool in_process_dir(const struct ls_process *p, const char *path, size_t dirlen)
{
	size_t n;
	const char *d = process_dir(p, &n);
	if (!d)
		return false;
	/* a directory path as given ("dir/" too); a memory-test file's
	 * directory as its path spells it */
	return d[n] ? n == dirlen && strncmp(d, path, n) == 0 : same_dir(d, path, dirlen);
}

/* Does a loaded process live in a folder below dir (dir a folder of
 * process folders, like sample-profiles/)? */
static bool holds_processes(const struct app *a, const char *dir, size_t n)
{
	for (uint32_t pi = 0; pi < a->model.nproc; pi++) {
		const char *pp = a->model.proc[pi].path;
		if (strncmp(pp, dir, n) == 0 && pp[n] == '/')
			return true;
	}
	return false;
}

/* A directory named on the command line that held nothing loadable then
 * (the profiler had not written yet): its spelling there, or NULL. Not a
 * folder of process folders: a fresh start would not read a file beside
 * them. */
static const char *given_dir(const struct app *a, const char *path, size_t dirlen)
{
	struct stat st;
	for (size_t i = 0; i < a->opt.npaths; i++)
		if (same_dir(a->opt.paths[i], path, dirlen) && stat(a->opt.paths[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    !holds_processes(a, path, dirlen))
			return a->opt.paths[i];
	return NULL;
}

/* A directory named on the command line that is no process directory
 * itself: a fresh start opens its folders one level down. */
static bool is_root(const struct app *a, const char *dir, size_t n)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	for (uint32_t pi = 0; pi < a->model.nproc; pi++)
		if (in_process_dir(&a->model.proc[pi], dir, n))
			return false;
	return true;
}

bool ui_reload_is_root(const struct app *a, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (size_t i = 0; i < a->opt.npaths; i++)
		if (same_dir(a->opt.paths[i], dir, n))
			return is_root(a, a->opt.paths[i], n);
	return false;
}

/* Is the directory of path (dirlen bytes) a folder straight inside such
 * a directory, like a new test run's folder in sample-profiles/? */
static bool in_given_root(const struct app *a, const char *path, size_t dirlen)
{
	size_t k = dirlen;
	while (k > 0 && path[k - 1] != '/')
		k--;
	if (k == 0)
		return false;
	size_t parent = k - 1;
	while (parent > 1 && path[parent - 1] == '/')
		parent--;
	if (parent == 0)
		parent = 1; /* "/x": its parent is "/" */
	char *dir = ls_xstrndup(path, parent);
	bool r = ui_reload_is_root(a, dir);
	free(dir);
	return r;
}

/* A new .json file in the directory of a loaded process (a server that
 * starts serving a new endpoint, a new leak test's batches), or in a
 * directory given empty: what a fresh start on the same directory would
 * load. An endpoint file joins the
 * process of its directory; a memory-test file becomes a process of its
 * own. 1: adopted, 0: not complete yet, -1: not ours or gone, -2: no
 * profile (said on the status line and in Warnings). asked: by R, which
 * says nothing new about a file already said to be no profile. *empty
 * (if given): on 0, whether the file is empty rather than cut off. */
static int adopt_new(struct app *a, const char *path, bool asked, bool *empty)
{
	size_t len = strlen(path);
	const char *slash = strrchr(path, '/');
	if (len < 6 || strcmp(path + len - 5, ".json") != 0 || !slash || slash[1] == '.' || ui_export_wrote(a, path))
		return -1;
	size_t dirlen = (size_t)(slash - path);
	uint32_t pi = 0;
	while (pi < a->model.nproc && !in_process_dir(&a->model.proc[pi], path, dirlen))
		pi++;
	const char *given = pi == a->model.nproc ? given_dir(a, path, dirlen) : NULL;
	if (pi == a->model.nproc && !given && !in_given_root(a, path, dirlen))
		return -1;
	struct stat st;
	/* a folder named x.json is a folder to a fresh start, not a file
	 * that is no profile: nothing to say about it */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return -1;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a named pipe would wait for its writer, and the explorer
		 * with it: skipped, as a fresh start skips it */
		const char *msg = "not a regular file; skipped";
		if (!warned(&a->model.warnings, path, LS_NO_OFFSET, msg)) {
			ls_warn(&a->model.warnings, path, LS_NO_OFFSET, "%s", msg);
			ui_app_refresh_views(a, true);
		}
		return -1;
	}
	struct ls_file_result r;
	ls_file_result_init(&r);
	ls_load_file(path, &r, NULL);
	if ((r.failed || r.empty || r.truncated) && stat(path, &st) != 0 && errno == ENOENT) {
		/* gone again (a half-written file removed, a temporary): nothing
		 * to adopt and nothing wrong with it */
		ls_file_result_done(&r);
		return -1;
	}
	if (r.empty || r.truncated) {
		if (empty)
			*empty = r.empty;
		ls_file_result_done(&r);
		return 0;
	}
	if (r.failed || r.records == 0) {
		if (asked && has_warnings(&a->model.warnings, path)) {
			/* R again on a file already said to be no profile
			 * (a notes.json beside the profiles): its warnings
			 * stand, and the status line is R's */
			ls_file_result_done(&r);
			return -1;
		}
		char *shown = ls_sanitize(path);
		ui_app_status(a, ROLE_WARN, "%s%s is not a profile (%zu warning%s); not loaded", asked ? "" : "follow: ",
			shown, r.warnings.n, r.warnings.n == 1 ? "" : "s");
		/* rewritten again and again: its latest warnings, counted once */
		if (!forget_warnings(&a->model.warnings, path))
			a->model.files_failed++;
		ls_warnings_append(&a->model.warnings, &r.warnings);
		ls_warn(&a->model.warnings, path, LS_NO_OFFSET, "appeared in a %s directory; not loaded: "
			"no profile records", asked ? "loaded" : "followed");
		free(shown);
		ls_file_result_done(&r);
		/* the Warnings list shows them now, not at the next R (the
		 * tab's count did, the list did not) */
		ui_app_refresh_views(a, true);
		return -2;
	}
	ls_endpoint_sort(&r.ep);
	if (r.ep.format == LS_FMT_SNAPSHOT) {
		ls_model_add_process(&a->model, path);
		pi = a->model.nproc - 1;
	} else {
		/* the endpoint files' process of this directory */
		pi = 0;
		while (pi < a->model.nproc && !same_dir(a->model.proc[pi].path, path, dirlen))
			pi++;
		if (pi == a->model.nproc) {
			char *dir = ls_xstrndup(path, dirlen);
			ls_model_add_process(&a->model, dir);
			free(dir);
			pi = a->model.nproc - 1;
		}
	}
	a->model.proc[pi].from_dir = true;
	/* the directory given empty is empty no more, and a file that was
	 * empty or cut off then (its warnings) is a profile now */
	if (given && forget_warnings(&a->model.warnings, given) && a->model.files_failed)
		a->model.files_failed--;
	if (forget_warnings(&a->model.warnings, path) && a->model.files_failed)
		a->model.files_failed--;
	struct ls_process *p = &a->model.proc[pi];
	ls_warnings_append(&a->model.warnings, &r.warnings);
	ls_check_duplicates(&a->model.warnings, &r.ep);
	ls_model_take_file(&a->model, p, &r);
	ls_file_result_done(&r);
	ls_process_index(p);
	ls_check_shared_ids(&a->model.warnings, p);
	ls_analysis_invalidate(&a->an, pi);
	return 1;
}

int ui_reload_path(struct app *a, const char *path, bool asked)
{
	unsigned done = 0, partial = 0, gone = 0;
	size_t nw = a->model.warnings.n;
	if (reload_matching(a, path, true, asked, &done, &partial, &gone, NULL) == 0) {
		/* not loaded: a new file to adopt (a removed loaded file is not
		 * new, and keeps its last data) */
		int r = adopt_new(a, path, false, NULL);
		if (r < 0)
			return UI_RELOAD_NONE;
		after_reload(a, r == 1, 0);
		return r == 1 ? UI_RELOAD_ADOPTED : UI_RELOAD_INCOMPLETE;
	}
	if (a->model.warnings.n != nw && !done)
		ui_app_refresh_views(a, true);
	after_reload(a, done, partial);
	return done ? UI_RELOAD_DONE : partial ? UI_RELOAD_PARTIAL : gone ? UI_RELOAD_GONE : UI_RELOAD_KEPT;
}
