/* scan.h — finds the elements of a top-level JSON array without parsing them.
 *
 * The scanner only tracks strings, escapes and bracket depth, which is enough
 * to cut a file into elements that json_tokener then parses one by one (and,
 * for big files, on several threads). It works on a window of bytes that the
 * caller refills: positions are relative to the window, and the caller shifts
 * them (ls_scan_shift) when it drops consumed bytes from the front.
 */
#ifndef LS_SCAN_H
#define LS_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

enum ls_scan_state {
	LS_SCAN_BEFORE,   /* before the opening '[' */
	LS_SCAN_BETWEEN,  /* inside the array, between elements */
	LS_SCAN_ELEMENT,  /* inside an element */
	LS_SCAN_DONE,     /* after the closing ']' */
	LS_SCAN_BAD,      /* the top level is not an array */
};

enum ls_scan_result {
	LS_SCAN_MORE,     /* the window is exhausted: refill and call again */
	LS_SCAN_ELEM,     /* an element [*start, *end) was found */
	LS_SCAN_END,      /* the array closed */
	LS_SCAN_NOT_ARRAY,/* the first non-blank byte is not '[' */
};

/* JSON's four whitespace bytes (RFC 8259), the only blanks between tokens. */
static inline bool ls_json_blank(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* A byte of a number or of true/false/null. JSON never puts one right
 * after a '}' or ']': a bracket followed by one was put into a value
 * ("latency":0.1}80214), and the value goes on after it. */
static inline bool ls_json_word(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' ||
	       c == '-';
}

struct ls_scan {
	enum ls_scan_state state;
	size_t pos;        /* next byte to look at, window-relative */
	size_t start;      /* start of the current element, window-relative */
	int64_t depth;     /* bracket depth inside the element (a 3 GiB run of "[" must not overflow) */
	bool in_string, escape;
	bool scalar;       /* the element is a bare scalar (number, string, literal) */
	unsigned commas;   /* commas seen since the last element */
	bool bad_sep;      /* the element (or ']') just returned was not preceded by
			    * exactly the one ',' JSON wants (none before the first) */
	uint64_t bad_at;   /* ... where: the ',' too many, or the element (or ']') that
			    * lacks one (stream offset) */
	uint64_t comma_at[2]; /* stream offsets + 1 of the first two commas since the
			    * last element (0: none) */
	size_t count;      /* elements found so far */
	uint64_t shifted;  /* bytes the caller dropped so far: window position + shifted = stream offset */
	uint64_t strays;   /* '}' found between elements (skipped: no value starts with one) */
	uint64_t first_stray; /* stream offset of the first of them */
	uint8_t comment;   /* inside a comment between elements (enum in scan.c) */
	uint64_t comments; /* comments found between elements that ended (skipped) */
	uint64_t first_comment; /* stream offset of the first of them */
	/* the comment being skipped, or the last one when it was a line
	 * comment with only blanks and commas after it (line_open): the
	 * stream offsets of its opener and of the first '{' and ']' in it */
	uint64_t open_at, brace_in, close_in;
	bool line_open;
	/* comments that hid the end of the input (ls_scan_hidden_end) */
	uint8_t to_end;    /* per kind: no comment of that kind ends before the end of the input */
	uint64_t unclosed;
	uint64_t first_unclosed; /* stream offset of the first of them */
	uint64_t unclosed_from;  /* where reading went on after it (UINT64_MAX: nowhere) */
	bool unclosed_block;
	uint8_t unclosed_how;    /* enum in scan.c */
	/* the bracket just before pos took the element to depth 0, and the
	 * window ends before what follows it tells whether it ends the
	 * element (ls_key_after) */
	bool close_wait;
	/* the element went on after a '}' a key followed (CLOSE_STRAY): an
	 * object that starts after a ',' at its top level is the next record,
	 * and the element ends before that ',' (junk after a record, not a
	 * stray '}' in it) */
	bool stray_open;
	uint64_t end_at;   /* stream offset where the input ends (UINT64_MAX: not known yet) */
	bool first;        /* the array's '[' was read (or lost: key_first), and no element started yet */
	bool bracket_lost; /* the file starts with a record, not the array's '[' */
	bool key_first;    /* ... with its first key: the record lost its '{' too */
	uint64_t first_at; /* ... and it starts here (stream offset: its '{' put there, or before) */
	/* the element that started last is the array's first, a record that
	 * lost its '{': a key follows the '['. It starts one byte before the
	 * key (start), at depth 1, as if that byte were the '{'; the caller
	 * puts a '{' there (the scanner does not write) and may clear this
	 * (each element's start sets it again) */
	bool opener_lost;
	/* ... and no byte comes before the key (it is the file's first): the
	 * element starts at the key, and the caller reads it with a '{' put
	 * before it */
	bool opener_before;
};

void ls_scan_init(struct ls_scan *s);
/* The input ends at window position len (the reader saw its end): a '}'
 * waiting there for what follows it ends its element. */
void ls_scan_input_end(struct ls_scan *s, size_t len);

/* What follows the '}' just before t[i] that closed an element. No element
 * of the array starts with a key, so a key after it (blanks or '}', then
 * ',', blanks, a string, blanks, ':') means that the element goes on: that
 * '}' (or one before it, inside the element) is one too many, a stray byte
 * in the record, and the rest of the record is its fields (LS_KEY_FOLLOWS).
 * Read as separate elements they were a flood of junk warnings, and an
 * object among them (the record's "memory") a phantom record. Only the
 * first LS_KEY_LOOK bytes are looked at (a key no further than that), so
 * the answer does not depend on where windows end; LS_KEY_UNKNOWN: t ends
 * before it tells. (Likewise a ']' that takes an object to depth 0 ends
 * no object: when a '}' follows it, the element goes on to that '}'.) */
enum ls_key_after { LS_KEY_NONE, LS_KEY_FOLLOWS, LS_KEY_UNKNOWN };
#define LS_KEY_LOOK 1024
enum ls_key_after ls_key_after(const char *t, size_t i, size_t len);
/* Whether a '}' follows t[i] (after blanks): as ls_key_after. */
enum ls_key_after ls_brace_after(const char *t, size_t i, size_t len);
/* Where a '}' or ']' at t[i] stands that JSON never puts one: in a value
 * (a ':' before it, blanks between, or a byte of a number or word right
 * after it: "latency":0.1}80214), between a key and its ':' (right before
 * the ':'), or where a key is due (a '{' or ',' before it). No further
 * back than from. */
enum ls_misplaced { LS_PLACED, LS_IN_VALUE, LS_BEFORE_COLON, LS_IN_KEY };
enum ls_misplaced ls_misplaced(const char *t, size_t from, size_t i, size_t len);
/* ls_key_after for such a bracket just before t[i]: after it come the
 * rest of the value and the object's own '}' or next key, or the key due
 * (no ',' before it). */
enum ls_key_after ls_misplaced_after(enum ls_misplaced where, const char *t, size_t i, size_t len);
/* Scan window buf[0..len). */
enum ls_scan_result ls_scan_next(struct ls_scan *s, const char *buf, size_t len, size_t *start, size_t *end);
/* The caller dropped `n` bytes from the front of the window. */
void ls_scan_shift(struct ls_scan *s, size_t n);
/* Go on scanning from window position pos, between elements: the element
 * being scanned (if any) is given up. The caller found that it was broken and
 * that a record starts at pos (resync.h). */
void ls_scan_resume(struct ls_scan *s, size_t pos);
/* The ']' just returned (LS_SCAN_END) did not end the file: the caller found
 * a record starting at window position pos after it. Go on between elements
 * there, without blaming the separator before that record. */
void ls_scan_reopen(struct ls_scan *s, size_t pos);
/* At the end of the input (or of the bytes there are), between elements: a
 * comment that hid the rest of it. JSON has no comments, and json-c's end
 * for one is no help in a profile: a block comment never closed, or a line
 * comment in a file written on one line (its line is the last), takes the
 * rest of the file with it, the array's ']' too. True when there is such a
 * comment: it is counted, and *from is where to read on from (the first
 * '{', or else ']', after its opener; UINT64_MAX when there is none, and
 * the input ends inside it). From then on, no comment of its kind ends
 * before the end of the input either, so each one after it ends before the
 * next '{' or ']' instead: a second look is needed once per kind at most. */
bool ls_scan_hidden_end(struct ls_scan *s, uint64_t *from);
/* Read on between elements from window position pos, where the window
 * starts at stream offset `shifted`, after ls_scan_hidden_end. */
void ls_scan_reread(struct ls_scan *s, size_t pos, uint64_t shifted);
/* The input cannot be read again to do so (a pipe): say that instead. */
void ls_scan_no_reread(struct ls_scan *s);
/* What the scanner let pass or skipped between elements, as warnings: the
 * caller's count of missing or extra commas (bad_sep, the first at stream
 * offset first_bad), and s's stray '}' and comments (their offsets plus
 * base; comments that hid the end of the input too). Each goes to
 * say(ctx, offset, text). */
void ls_scan_notes(const struct ls_scan *s, uint64_t base, uint64_t bad_sep, uint64_t first_bad,
	void (*say)(void *ctx, uint64_t off, const char *text), void *ctx);
/* Whether the '{' at t[0] opens a profile record: "request_id" is its
 * first key, after blanks (among the first `look` bytes), as the writer
 * puts it. 1: yes; 0: no; -1: t[0..len) ends before that is known. */
int ls_opens_record(const char *t, size_t len, size_t look);
/* Whether t[0..len) starts with that key itself (a record that lost its '{'). */
bool ls_record_key_first(const char *t, size_t len);
/* First window position the caller must keep (start of a partial element,
 * or pos; before the array's first element, the byte before pos too). */
size_t ls_scan_keep_from(const struct ls_scan *s);

#endif
