/* resync.h — getting back in step after a broken record.
 *
 * The scanner (scan.h) cuts a file into elements by strings and bracket
 * depth only. One broken record throws it out of step: a lost closing quote
 * turns what is outside strings inside out, a lost '}' makes one element of
 * the record and everything after it. Either way the element it finds runs
 * to the end of the array (or of the file), and every record in it would be
 * lost with the broken one. So when an element is not JSON, the next record
 * is looked for inside its bytes, after the place where it broke, and the
 * scan goes on from there: the broken record is skipped (one warning, at
 * its offset) and the ones after it are read. A record that starts inside
 * it and is broken too is skipped with it, and said at its own '{'.
 *
 * Everything here works on bytes already in one window, so the result does
 * not depend on how the file was cut into windows or on the thread count.
 */
#ifndef LS_RESYNC_H
#define LS_RESYNC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "record.h"

/* How the bytes of a span ended. */
enum ls_span_end {
	LS_SPAN_PLAIN,  /* after a record, or after skipped bytes */
	LS_SPAN_CLOSED, /* with the array's closing ']' (then only blanks) */
	LS_SPAN_CUT,    /* inside a record that the input cut off (at_end only) */
};

/* Where a record may start at or after t[from], in a broken element that
 * stopped being JSON at t[err]: the offset of a '{' followed by blanks and
 * a '"' that is either at or past t[err], after a '}' and only blanks or
 * commas, and not an object json-c reads whole without any of a record's
 * fields (an entry of top_consumers); or, anywhere from t[from] on and
 * after anything but a ':', the start of a whole record (an object json-c
 * reads whole, with a record's field). *brace is set to the offset just
 * past the last byte before it that is no blank or comma (the '}'). len
 * when there is none. */
/* t[0..len) is nothing but '{' and '[' between blanks (the first at *at):
 * openers with nothing in them, cut off before a record (stray ones). */
bool ls_lone_opener(const char *t, size_t len, size_t *at);
/* After stray openers ending at t[i]: the offset just past the ',' that
 * follows them (blanks between), or i when none does. That ',' or the one
 * before the openers (not both) is the next record's: "},{{" and "}{,{". */
size_t ls_past_comma(const char *t, size_t len, size_t i);
size_t ls_next_record(struct ls_parser *P, const char *t, size_t len, size_t from, size_t err, size_t *brace);

/* Whether the object at t[0] ('{') starts with one of a profile record's
 * keys (a top_consumers entry starts with "file"), whole or not; and
 * whether it starts with one of an entry's ("file", "size_mb", "count"). */
bool ls_record_key_at(const char *t, size_t len);
bool ls_entry_key_at(const char *t, size_t len);

/* A bare string between records is no record, and in a profile only a
 * stray '"' makes one: it turns the record after it inside out (its '{'
 * inside the string, its keys outside), and the scanner cuts that into
 * junk that holds no record. The offset of a '{' inside the string element
 * t[a..b) where a whole record starts (read on past b, up to len), or b. */
size_t ls_record_in_string(struct ls_parser *P, const char *t, size_t a, size_t b, size_t len);

/* Parse the element t[0..len) at file offset off into out; when it is
 * broken, skip to the next record inside it and read on from there, to the
 * end of the span. `at_end`: the input ended with these bytes (then a
 * cut-off record is not warned about: *cut gets its offset, and the loader
 * says that the file was truncated). `at_record`: the loader cut the span
 * where a record starts, after a broken element (so one that is merely
 * unfinished was not closed before that record). */
enum ls_span_end ls_parse_span(struct ls_parser *P, struct ls_part *out, const char *t, size_t len, uint64_t off,
	bool at_end, bool at_record, uint64_t *cut);

#endif
