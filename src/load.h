/* load.h — streaming loader for both profile formats.
 *
 * A file is one JSON array. Element boundaries are found by a string- and
 * escape-aware scanner (scan.h) in bounded 1 MiB windows; each element is
 * parsed on its own (record.h: a fast extractor for the usual record shape,
 * json_tokener for anything else), copied into the endpoint's columns and
 * freed at once, so peak memory never holds the file or a json-c tree of it.
 * Batches of elements are parsed on worker threads and merged in file order:
 * the result is the same for any thread count. Anything odd becomes a warning
 * with file and byte offset; nothing is fatal to other files.
 *
 * Progress callbacks run on the thread that called the loader (never on a
 * worker), once per window read and once per file finished.
 */
#ifndef LS_LOAD_H
#define LS_LOAD_H

#include <stdint.h>
#include <signal.h>
#include "model.h"

struct ls_load_progress {
	uint64_t bytes_done, bytes_total;
	uint32_t files_done, files_total;
};

struct ls_load_opts {
	unsigned threads;  /* worker threads; 0 = one per core */
	void (*progress)(void *ctx, const struct ls_load_progress *p);
	void *progress_ctx;
	volatile sig_atomic_t *cancel; /* when set non-zero, loading stops early (checked per window) */
	bool jsonc_only;   /* parse every record with json_tokener (tests, benchmarks) */
	/* optional, n entries: set for each path given that could not be read
	 * at all (missing, unreadable, a folder with no *.json) to its
	 * warning's message (owned by the model's warnings) */
	const char **unread;
};

/* Worker threads used when opts->threads is 0: one per online core. */
unsigned ls_load_default_threads(void);
/* More reader threads than this only cost memory: --threads refuses them. */
#define LS_MAX_THREADS 256u

enum ls_load_status {
	LS_LOAD_OK = 0,        /* at least one record loaded */
	LS_LOAD_NOTHING = 1,   /* nothing could be loaded (see warnings) */
	LS_LOAD_CANCELLED = 2,
};

/* Result of parsing one file: an endpoint whose site and string ids are local
 * to the two tables here. */
struct ls_file_result {
	struct ls_endpoint ep;
	struct ls_intern sites;
	struct ls_intern strings;
	struct ls_warnings warnings;
	uint64_t records;      /* records kept */
	bool truncated;        /* the array was cut off (file mid-rewrite) */
	bool empty;            /* file of zero bytes / only whitespace */
	bool failed;           /* could not be read, or not an array */
	uint64_t fast_records; /* records read by the fast extractor (fastrec.h) */
};

void ls_file_result_init(struct ls_file_result *r);
void ls_file_result_done(struct ls_file_result *r);

/* Parse an in-memory JSON text as if it were the file `name` (threads as in
 * ls_load_opts; the result does not depend on it). */
void ls_parse_text(const char *text, size_t len, const char *name, struct ls_file_result *r, unsigned threads);
/* Read and parse one file (bounded buffers). Progress is reported per
 * window read, on the calling thread. */
void ls_load_file(const char *path, struct ls_file_result *r, const struct ls_load_opts *o);
/* The *.json names directly in dir (not hidden ones), as paths in the
 * order a fresh start reads them (natural order); whatever they are
 * (a FIFO, a folder named x.json): the caller decides. NULL and *n = 0
 * when there are none or dir cannot be read. Caller frees each and the array. */
char **ls_json_files(const char *dir, size_t *n);

/* Load files and directories into the model: a directory is one process made
 * of all its *.json endpoint files (not recursive; a directory holding no
 * *.json but subdirectories that do is opened one level down); a file is its
 * own process; every memory-test (snapshot) file is its own process. */
/* Count a loaded file (records > 0, endpoint sorted) into m and move its
 * endpoint into process p: the loader's and --follow's one way in. */
void ls_model_take_file(struct ls_model *m, struct ls_process *p, struct ls_file_result *r);
/* Warn about duplicate request ids inside one endpoint (rows sorted:
 * ls_endpoint_sort); a re-read file needs it as much as a first read. */
void ls_check_duplicates(struct ls_warnings *w, const struct ls_endpoint *ep);
/* Warn about request ids that several files of process p share (indexed:
 * ls_process_index), replacing earlier such warnings of its files. */
void ls_check_shared_ids(struct ls_warnings *w, const struct ls_process *p);
enum ls_load_status ls_load_paths(struct ls_model *m, const char *const *paths, size_t n,
	const struct ls_load_opts *o);

#endif
