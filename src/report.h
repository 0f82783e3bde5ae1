/* report.h — findings rendered as text, markdown or JSON. One renderer serves
 * `leakscope report` (the whole model) and the TUI's export (marked findings),
 * so a finding reads the same wherever it is written. All untrusted text
 * (paths, endpoint names, messages) is sanitized (or JSON-escaped) here. */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "analysis.h"
#include "util.h"

struct ls_filter;

enum ls_report_format { LS_REPORT_TEXT, LS_REPORT_MARKDOWN, LS_REPORT_JSON };

struct ls_report_opts {
	enum ls_report_format format;
	uint32_t top_n;      /* rows of the top consumers table (20) */
	uint32_t growth_n;   /* rows of the growth by location table (20) */
	const struct ls_filter *filter; /* site filter applied to every site table; NULL = none */
};
void ls_report_opts_init(struct ls_report_opts *o);

enum ls_finding_kind { LS_FINDING_ENDPOINT, LS_FINDING_SITE };
struct ls_finding {
	enum ls_finding_kind kind;
	uint32_t proc;
	uint32_t id;         /* endpoint index, or site id in the process */
};

/* The whole model: per process, per endpoint, then the warnings. */
void ls_report_model(struct ls_buf *out, struct ls_analysis *a, const struct ls_report_opts *o);
/* Only the given findings (TUI export), then the active filters and warnings. */
void ls_report_findings(struct ls_buf *out, struct ls_analysis *a, const struct ls_finding *f, size_t n,
	const struct ls_report_opts *o);
/* Any finding a leak by leakscope's verdicts (classic == false) or the original's? */
bool ls_report_any_leak(struct ls_analysis *a, bool classic);
/* How many endpoints leak by those verdicts; with b, their names appended
 * ("/chat (app/chat.json), ..."), at most max_names of them. */
uint32_t ls_report_leaks(struct ls_buf *b, struct ls_analysis *a, bool classic, uint32_t max_names);

/* Write data to path atomically (temp file in the same directory + rename);
 * through a symbolic link, to what it points to; into a device or pipe
 * (/dev/stdout), straight through. Returns 0, or -1 with a message in err. */
int ls_write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen);
/* Is path (an export's target) one of the files the model was read from,
 * or one it tried to read (an input that gave no records)? */
bool ls_model_reads_file(const struct ls_model *m, const char *path);

#endif
