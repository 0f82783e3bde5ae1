/* resync.c — getting back in step after a broken record (see resync.h). */
#include "resync.h"
#include "scan.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* How a '{' at t[i] may start a record, by the bytes around it. */
enum start_kind {
	START_NONE,   /* not followed by a key, or a value's object (after ':') */
	START_BRACE,  /* "}" then blanks or commas before it: a record boundary */
	START_OTHER,  /* anything else before it */
};

/* Whether t[0..k) ends with the key "memory" (after a '{' or a ','):
 * the '{' after it is its value, whose ':' was lost, not a record. Its
 * current_mb is a memory-test record's field, so it was read as one: a
 * phantom request, and a file whose first record lost that ':' was taken
 * for a memory-test file. */
static bool after_memory_key(const char *t, size_t k)
{
	static const char key[] = "\"memory\"";
	size_t n = sizeof key - 1;
	if (k < n || memcmp(t + k - n, key, n) != 0)
		return false;
	k -= n;
	while (k > 0 && ls_json_blank(t[k - 1]))
		k--;
	return k > 0 && (t[k - 1] == '{' || t[k - 1] == ',');
}

static enum start_kind start_kind(const char *t, size_t len, size_t i, size_t *brace)
{
	size_t j = i + 1, k = i;
	while (j < len && ls_json_blank(t[j]))
		j++;
	if (j >= len || t[j] != '"')
		return START_NONE;
	bool comma = false;
	while (k > 0 && (ls_json_blank(t[k - 1]) || t[k - 1] == ',')) {
		comma |= t[k - 1] == ',';
		k--;
	}
	*brace = k;
	if (k > 0 && t[k - 1] == '}')
		return START_BRACE;
	if (!comma && after_memory_key(t, k))
		return START_NONE;
	/* "memory":{"current_mb":... is a whole object with a record's field;
	 * but no value is empty: after ":," a record cut right after a ':'
	 * (a key's, or one in a string) ended, and the next one starts */
	return k > 0 && t[k - 1] == ':' && !comma ? START_NONE : START_OTHER;
}

size_t ls_next_record(struct ls_parser *P, const char *t, size_t len, size_t from, size_t err, size_t *brace)
{
	for (size_t i = from; i < len; i++) {
		const char *q = memchr(t + i, '{', len - i);
		if (!q)
			return len;
		i = (size_t)(q - t);
		size_t k;
		enum start_kind kind = start_kind(t, len, i, &k);
		if (kind == START_NONE)
			continue;
		if (kind == START_BRACE && i >= err) {
			/* "},{" also separates the entries of top_consumers; a
			 * broken record that starts the next one there would
			 * then read them as records, and its "]" as the end of
			 * the array */
			if (ls_other_object_at(P, t + i, len - i))
				continue;
		} else if (!ls_record_object_at(P, t + i, len - i) ||
			   (memchr(t + k, ',', i - k) && ls_opens_record(t + i, len - i, LS_KEY_LOOK) != 1)) {
			/* (after a ',' and no '}', a record starts with its
			 * request_id: "POST",{"status_code":... is a stray '{'
			 * inside one, ls_read_stray_opener's) */
			/* Only a whole record counts here. Before the place
			 * where json-c gave up, the bytes still read as JSON,
			 * but a lost quote in a record's last key makes one
			 * string of :true},{ and json-c stops only after it,
			 * past the next record's '{'. Without a '}' before it:
			 * a lost closing '}' leaves true,{"request_id", a stray
			 * byte after a record }{,{"request_id", and a comment
			 * never closed after a broken record oops {"request_id".
			 * Missing any of them, the resync started one record
			 * late and lost it. */
			continue;
		}
		*brace = k;
		return i;
	}
	return len;
}

size_t ls_record_in_string(struct ls_parser *P, const char *t, size_t a, size_t b, size_t len)
{
	for (size_t i = a + 1; i < b; i++) {
		const char *q = memchr(t + i, '{', b - i);
		if (!q)
			break;
		i = (size_t)(q - t);
		size_t k;
		if (start_kind(t, len, i, &k) != START_NONE && ls_record_object_at(P, t + i, len - i))
			return i;
	}
	return b;
}

/* An element that is JSON as far as the input goes is a record the input
 * cut off, unless a whole record starts inside it: then it is one whose
 * brackets never close. A cut out of the middle of the file that takes a
 * record's closing "}]}" makes every record after it an entry of the
 * broken one's top_consumers, JSON to the end; read as a cut-off record,
 * all of them were lost and the file said to be truncated. True (and
 * *brace as ls_next_record sets it) when such a record is found. */
static bool record_inside(struct ls_parser *P, const char *t, size_t len, size_t *brace)
{
	for (size_t from = 1;;) {
		size_t at = ls_next_record(P, t, len, from, from, brace);
		if (at >= len)
			return false;
		if (ls_record_object_at(P, t + at, len - at))
			return true;
		from = at + 1;
	}
}

/* (ls_scan_notes' sink for a span read again: the part's warnings) */
static void part_say(void *ctx, uint64_t off, const char *text)
{
	ls_part_warn(ctx, off, "%s", text);
}

static bool blank_from(const char *t, size_t len, size_t i)
{
	while (i < len && ls_json_blank(t[i]))
		i++;
	return i == len;
}

/* A broken element t[a..) and where it broke (offsets in t). */
struct broken {
	size_t a, err;
	const char *why;    /* NULL: already said */
};

/* The broken element t[a..end) that broke at t[err] for the reason why. A
 * record a '}' closed early (ls_closed_early) was read up to that '}': the
 * broken bytes are those after it. When they are a record that lost its
 * '{' (ls_parse_element reads such a record when it is whole) and breaks
 * besides, that record is the broken one, from the byte before its key (as
 * if its '{' were there), and said as any broken record is. Said from the
 * '}' before it, the resync looked for the next record from there, before
 * the place where it broke: a broken entry of its top_consumers was taken
 * for a record, and the one broken record cost two warnings. */
static struct broken broken_at(struct ls_parser *P, const char *t, size_t end, size_t a, size_t err, const char *why)
{
	if (why != ls_closed_early)
		return (struct broken){a, err, why};
	size_t key = ls_lost_opener_key(t, err, end), at;
	if (key < end && ls_lost_opener_breaks(P, t, key, end, &at, &why))
		return (struct broken){key - 1, at, why};
	return (struct broken){err - 1, err, ls_closed_early};
}

/* The why of the bytes after a ']' inside the array that more bytes follow
 * (read_from): skipped to the next record, and said with how many. */
static const char stray_close[] = "unexpected ']' inside the array";

/* Whether the key "request_id" is in t[0..n) (a record's, whatever else
 * is broken around it). */
static bool request_id_in(const char *t, size_t n)
{
	for (const char *q = t; (q = memchr(q, '"', n - (size_t)(q - t))) != NULL; q++)
		if (ls_record_key_first(q, n - (size_t)(q - t)))
			return true;
	return false;
}

/* One warning per skipped record, at the place where it broke; when that is
 * where the next record starts (a lost '}'), at the record's own start.
 * next: where the next record (or one inside it) starts, as ls_next_record
 * sets *brace; stop: where the skipped bytes end (next, or the end of the
 * bytes when no record follows: skip_tail). Each warning says how many
 * bytes were skipped, and from where. */
static void warn_broken(struct ls_part *out, const char *t, uint64_t off, const struct broken *k, size_t next,
	size_t stop, bool found)
{
	if (!k->why)
		return;
	if (k->why == ls_closed_early) {
		/* k->a is that '}' */
		ls_part_warn(out, off + k->a, "a '}' closes the record early, and fields follow it (a stray '}', or a "
			"lost '{'?); read up to there, the %zu bytes after it skipped", stop - k->err);
		return;
	}
	if (k->why == stray_close) {
		ls_part_warn(out, off + k->a, "%s; skipped to the next record (%zu bytes from byte %llu)", stray_close,
			stop - k->a, (unsigned long long)(off + k->a));
		return;
	}
	if ((t[k->a] != '{' || !memchr(t + k->a, '"', stop - k->a)) && !request_id_in(t + k->a, stop - k->a)) {
		/* a stray byte between records (a '{' with no key after it
		 * is one too: "}{]"): no record was lost there, and "record
		 * skipped" would say one was */
		ls_part_warn(out, off + k->a, "bytes between records that are no record (%s); skipped (%zu byte%s from "
			"byte %llu)", k->err >= next && found ? "not closed before the next record starts" : k->why,
			stop - k->a, stop - k->a == 1 ? "" : "s", (unsigned long long)(off + k->a));
		return;
	}
	if (k->err >= next && found)
		ls_part_skip(out, off + k->a, off + k->a, stop - k->a, "invalid JSON in record (not closed before the "
			"next record starts)");
	else
		ls_part_skip(out, off + (k->err < next ? k->err : k->a), off + k->a, stop - k->a,
			"invalid JSON in record (%s)", k->why);
}

/* The first place in t[from..stop) where a record that lost its '{'
 * starts after a '}' (ls_lost_opener_key): just past that '}'; stop when
 * there is none. The writer puts "request_id" first and no entry of
 * top_consumers has it, so "},\"request_id\":" inside the bytes of a broken
 * record is where the next one starts. ls_next_record looks for a '{'
 * only: before, such records were skipped with the broken one before them,
 * under its one warning, gone without a word. */
static size_t lost_opener_after(const char *t, size_t from, size_t stop)
{
	for (size_t c = from; c < stop; c++) {
		const char *q = memchr(t + c, '}', stop - c);
		if (!q)
			break;
		c = (size_t)(q - t);
		if (ls_lost_opener_key(t, c + 1, stop) < stop)
			return c + 1;
	}
	return stop;
}

/* Read the records that lost their '{' from t[p] (just past the broken
 * record's '}') up to stop, the end of the skipped bytes: the whole ones,
 * and each broken one skipped with its own warning, up to the next. */
static void read_lost_in_skip(struct ls_parser *P, struct ls_part *out, const char *t, uint64_t off, size_t p,
	size_t stop)
{
	while (p < stop && !blank_from(t, stop, p)) {
		p = ls_read_lost_openers(P, out, t, stop, off, p);
		size_t key = ls_lost_opener_key(t, p, stop), err;
		const char *why = "not closed before the next record starts";
		if (key >= stop)
			break;
		size_t next = lost_opener_after(t, key, stop);
		if (!ls_lost_opener_breaks(P, t, key, next, &err, &why))
			err = key - 1;
		ls_part_skip(out, off + err, off + key - 1, next - (key - 1),
			"invalid JSON in a record without its '{' (%s)", why);
		p = next;
	}
}

/* Does a record start at the '{' t[i]: not a value's object (after ':'),
 * and its first key one of a record's fields? (A top_consumers entry
 * starts with "file".) *brace as start_kind sets it. */
static bool record_start(struct ls_parser *P, const char *t, size_t len, size_t i, size_t *brace)
{
	/* (a whole object that is none: a memory object after a stray '{') */
	return start_kind(t, len, i, brace) != START_NONE && ls_record_key_at(t + i, len - i) &&
		!ls_other_object_at(P, t + i, len - i);
}

/* The first key of the object at t[0] ('{'), whole (its closing quote
 * within len): its text, *n bytes; NULL when there is none. */
static const char *first_key(const char *t, size_t len, size_t *n)
{
	size_t i = 1;
	while (i < len && ls_json_blank(t[i]))
		i++;
	if (i >= len || t[i] != '"')
		return NULL;
	const char *key = t + i + 1, *q = memchr(key, '"', len - i - 1);
	*n = q ? (size_t)(q - key) : 0;
	return q ? key : NULL;
}

bool ls_entry_key_at(const char *t, size_t len)
{
	static const char *const keys[] = {"file", "size_mb", "count"};
	size_t n;
	const char *key = len && t[0] == '{' ? first_key(t, len, &n) : NULL;
	for (size_t k = 0; key && k < sizeof keys / sizeof *keys; k++)
		if (n == strlen(keys[k]) && memcmp(key, keys[k], n) == 0)
			return true;
	return false;
}

bool ls_record_key_at(const char *t, size_t len)
{
	size_t n;
	const char *key = first_key(t, len, &n);
	return key && ls_profile_key(key, n);
}

/* The first record that starts inside the broken element t[a..at) (before
 * the next record the resync reads, at), or at. ls_next_record passes over
 * such a record when it is not whole, as it looks for a whole one only:
 * two records in a row that each lost their '}' made one warning, and the
 * second was gone without a word. *brace as start_kind sets it. */
static size_t start_inside(struct ls_parser *P, const char *t, size_t len, size_t from, size_t at, size_t *brace)
{
	for (size_t i = from; i < at; i++) {
		const char *q = memchr(t + i, '{', at - i);
		if (!q)
			break;
		i = (size_t)(q - t);
		if (record_start(P, t, len, i, brace))
			return i;
	}
	return at;
}

/* An element that is an array whose first item is a whole record. A stray
 * '[' before a record makes one element, an array, of it and every record
 * after it up to the file's ']': refused whole as "an array, not an
 * object", they were all lost under one warning. */
static bool array_of_records(struct ls_parser *P, const char *t, size_t len)
{
	/* (or whose first item is such an array: "[[{...},{...}]]" lost
	 * every record in it, refused whole as an array) */
	size_t i = 1;
	while (i < len && (ls_json_blank(t[i]) || t[i] == '['))
		i++;
	return t[0] == '[' && i < len && t[i] == '{' && ls_record_object_at(P, t + i, len - i);
}

/* Where read_from starts: at a record found in a broken element; at the
 * first byte inside an array that is an element (the array's ']' ends it);
 * or after a stray '{' or '[' (no ',' before the record that follows it,
 * and the ']' that ends the input is the file's). */
enum read_start { AT_RECORD, IN_ARRAY, AFTER_STRAY };

/* Read t[at..len) as the inside of the array, from `start`. Returns how it
 * ended, or -1 when an element in it is broken too (*k says which). */
static int read_from(struct ls_parser *P, struct ls_part *out, const char *t, size_t len, uint64_t off, size_t at,
	enum read_start start, bool at_end, uint64_t *cut, struct broken *k)
{
	struct ls_scan s;
	ls_scan_init(&s);
	ls_scan_input_end(&s, len); /* no bytes after the span's are its */
	ls_scan_resume(&s, at);
	if (start != AT_RECORD)
		s.count = 0; /* the first element inside an array has no ',' before it */
	if (start == AFTER_STRAY) {
		/* nor one after a stray opener (ls_past_comma) */
		size_t i = ls_past_comma(t, len, at);
		if (i != at) {
			ls_scan_resume(&s, i);
			s.count = 0;
		}
	}
	uint64_t bad_sep = 0, first_bad = 0;
	unsigned nested = 0; /* arrays of records read inside, not yet closed */
	int ret = -1;
	size_t a, b, err = 0;
	const char *why = NULL;
	for (;;) {
		enum ls_scan_result res = ls_scan_next(&s, t, len, &a, &b);
		if (res == LS_SCAN_ELEM || (res == LS_SCAN_MORE && s.state == LS_SCAN_ELEMENT)) {
			bool last = res == LS_SCAN_MORE;
			if (last)
				a = s.start, b = len;
			if (res == LS_SCAN_ELEM && t[a] == '"') {
				size_t rec = ls_record_in_string(P, t, a, b, len);
				if (rec < b) {
					b = rec;
					ls_scan_resume(&s, rec);
				}
			}
			if (s.bad_sep && !bad_sep++)
				first_bad = s.bad_at;
			if (array_of_records(P, t + a, b - a)) {
				/* its records are read here, one by one (no
				 * recursion: a stray '[' before each record
				 * nests them all), and a ']' closes it below;
				 * one never closed is a stray '[' */
				if (last)
					ls_part_warn(out, off + a, "a stray '[' before a record; skipped");
				else
					ls_part_warn(out, off + a, "'[' inside the array: an array of records as one of "
						"its elements (a stray '['?); the records in it read");
				nested += !last;
				ls_scan_resume(&s, a + 1);
				s.count = 0; /* no ',' before its first record */
				continue;
			}
			enum ls_elem_result r = ls_parse_element(P, out, t + a, b - a, off + a, &err, &why);
			size_t brace;
			if (r == LS_ELEM_INCOMPLETE && at_end && last) {
				if (record_inside(P, t + a, b - a, &brace)) {
					/* (said as a record not closed before the next) */
					*k = (struct broken){a, a + brace, why};
					break;
				}
				*cut = off + a;
				ret = LS_SPAN_CUT;
				break;
			}
			if (r != LS_ELEM_READ) {
				*k = broken_at(P, t, b, a, a + err, why);
				break;
			}
			if (last) {
				ret = LS_SPAN_PLAIN;
				break;
			}
			continue;
		}
		uint64_t from;
		if (res == LS_SCAN_MORE && ls_scan_hidden_end(&s, &from) && from != UINT64_MAX) {
			/* a comment that would hide the rest of the bytes (scan.h) */
			ls_scan_reread(&s, (size_t)from, 0);
			continue;
		}
		if (res == LS_SCAN_END) {
			if (s.bad_sep && !bad_sep++)
				first_bad = s.bad_at;
			if (nested) {
				/* the end of an array of records read above */
				nested--;
				ls_scan_reopen(&s, s.pos);
				s.commas = 0;
				continue;
			}
			if (blank_from(t, len, s.pos)) {
				/* the inner array's end is not the file's */
				ret = start == IN_ARRAY ? LS_SPAN_PLAIN : LS_SPAN_CLOSED;
				break;
			}
			/* a ']' with more after it: part of the broken bytes
			 * (said with them, warn_broken) */
			*k = (struct broken){s.pos - 1, s.pos, stray_close};
			break;
		}
		ret = LS_SPAN_PLAIN; /* the span ended between elements */
		break;
	}
	/* what the scanner skipped or let pass there, said as for the file */
	ls_scan_notes(&s, off, bad_sep, off + first_bad, part_say, out);
	return ret;
}

/* Does the ']' at t[end] close a '[' of its own element t[0..end)? Then it
 * is no array's end: a file cut right after a broken record's
 * "top_consumers":[...] was taken for one that closes, and its cut went
 * unsaid. (Brackets are paired as they come, whatever their kind, the way
 * the scanner counts depth; inside strings they do not count.) */
static bool closes_own_bracket(const char *t, size_t end)
{
	char *stack = NULL;
	size_t n = 0, cap = 0;
	bool in_str = false;
	for (size_t i = 0; i < end; i++) {
		char c = t[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			ls_grow(&stack, &cap, n + 1, 1);
			stack[n++] = c;
		} else if ((c == '}' || c == ']') && n) {
			n--;
		}
	}
	bool own = !in_str && n && stack[n - 1] == '[';
	free(stack);
	return own;
}

/* Where the bytes of a span that a broken record at its end can have
 * taken end: before the blanks at its end, and the array's ']' there (not
 * one that closes a '[' of its own: closes_own_bracket) and blanks before
 * it; *closed: there was that ']' (the last record was the broken one).
 * Not the skipped record's bytes, so not counted with it. */
static size_t skip_tail(const char *t, size_t len, bool *closed)
{
	size_t e = len;
	while (e > 0 && ls_json_blank(t[e - 1]))
		e--;
	*closed = e > 0 && t[e - 1] == ']' && !closes_own_bracket(t, e - 1);
	if (*closed)
		for (e--; e > 0 && ls_json_blank(t[e - 1]);)
			e--;
	return e;
}

size_t ls_past_comma(const char *t, size_t len, size_t i)
{
	size_t j = i;
	while (j < len && ls_json_blank(t[j]))
		j++;
	return j < len && t[j] == ',' ? j + 1 : i;
}

bool ls_lone_opener(const char *t, size_t len, size_t *at)
{
	size_t i = 0, e = len;
	while (i < e && ls_json_blank(t[i]))
		i++;
	while (e > i && ls_json_blank(t[e - 1]))
		e--;
	*at = i;
	if (e == i)
		return false;
	for (size_t k = i; k < e; k++)
		if (t[k] != '{' && t[k] != '[' && !ls_json_blank(t[k]))
			return false;
	return true;
}

/* "a stray '{{' before a record; skipped": the openers of t[at..len), at
 * most 8 of them shown */
static void warn_stray(struct ls_part *out, uint64_t off, const char *t, size_t len, size_t at)
{
	char run[16];
	size_t n = 0, all = 0;
	for (size_t k = at; k < len; k++) {
		if (ls_json_blank(t[k]))
			continue;
		all++;
		if (n < 8)
			run[n++] = t[k];
	}
	run[n] = 0;
	if (all > 8)
		strcat(run, "...");
	ls_part_warn(out, off + at, "a stray '%s' before a record; skipped", run);
}

enum ls_span_end ls_parse_span(struct ls_parser *P, struct ls_part *out, const char *t, size_t len, uint64_t off,
	bool at_end, bool at_record, uint64_t *cut)
{
	struct broken k;
	size_t i;
	if (at_record && ls_lone_opener(t, len, &i)) {
		/* a lone '{' or '[' the loader cut off before a record (a stray
		 * opener): no record was lost there, and "record skipped" would
		 * say one was */
		warn_stray(out, off, t, len, i);
		return LS_SPAN_PLAIN;
	}
	if (array_of_records(P, t, len)) {
		/* one that runs to the end of the input never closed: a stray
		 * '[', and the ']' that ends the input is the file's */
		if (at_end)
			ls_part_warn(out, off, "a stray '[' before a record; skipped");
		else
			ls_part_warn(out, off, "'[' inside the array: an array of records as one of its elements (a "
				"stray '['?); the records in it read");
		int end = read_from(P, out, t, len, off, 1, at_end ? AFTER_STRAY : IN_ARRAY, at_end, cut, &k);
		if (end >= 0)
			return (enum ls_span_end)end;
	} else {
		size_t err = 0;
		const char *why = NULL;
		enum ls_elem_result r = ls_parse_element(P, out, t, len, off, &err, &why);
		if (r == LS_ELEM_READ)
			return LS_SPAN_PLAIN;
		size_t inner;
		if (r == LS_ELEM_INCOMPLETE && at_end) {
			if (!record_inside(P, t, len, &inner)) {
				*cut = off;
				return LS_SPAN_CUT;
			}
			err = inner; /* said as a record not closed before the next */
		}
		k = broken_at(P, t, len, 0, err, why);
	}
	for (;;) {
		/* a stray '{' where a key should be, before one of a record's
		 * (not an entry of top_consumers that lost its '['): json-c
		 * stops at it, or just past it. Before, the resync took the
		 * rest of the record for one of its own: the record skipped,
		 * and its tail read as a record with no request_id */
		size_t sb = k.err < len && t[k.err] == '{' ? k.err : k.err > 0 && t[k.err - 1] == '{' ? k.err - 1 : len, e;
		if (k.why && k.why != ls_closed_early && k.why != stray_close && sb < len && sb > k.a &&
		    !ls_entry_key_at(t + sb, len - sb) && ls_read_stray_opener(P, out, t, k.a, sb, len, off, &e)) {
			if (blank_from(t, len, e))
				return LS_SPAN_PLAIN;
			int end = read_from(P, out, t, len, off, e, AT_RECORD, at_end, cut, &k);
			if (end >= 0)
				return (enum ls_span_end)end;
			continue;
		}
		/* past the broken element's first byte: every round moves on */
		size_t brace;
		size_t at = ls_next_record(P, t, len, k.a + 1, k.err, &brace);
		/* the broken records inside it come first: each is said, at
		 * its own '{' (where it broke, json-c could not say) */
		size_t ib, in = start_inside(P, t, len, k.a + 1, at, &ib), lone;
		/* where the skipped bytes end: at the next record, or at the
		 * end of the bytes, less the array's ']' */
		bool closed = false;
		size_t last = at < len ? brace : skip_tail(t, len, &closed);
		/* nothing but a '{' or '[' before it: no record was lost */
		bool stray = in >= at && at < len && k.why && ls_lone_opener(t + k.a, brace - k.a, &lone);
		/* a record that lost its '{' after it ends the broken bytes */
		size_t lost = in >= at && !stray && k.why && k.why != ls_closed_early && k.why != stray_close ?
			lost_opener_after(t, k.err ? k.err - 1 : 0, last) : last;
		if (stray)
			warn_stray(out, off + k.a, t + k.a, brace - k.a, lone);
		else if (lost < last)
			warn_broken(out, t, off, &k, lost, lost, true);
		else
			warn_broken(out, t, off, &k, in < at ? ib : at < len ? brace : len, in < at ? ib : last,
				in < at || at < len || at_record);
		read_lost_in_skip(P, out, t, off, lost, last);
		while (in < at) {
			size_t from = in;
			in = start_inside(P, t, len, in + 1, at, &ib);
			ls_part_skip(out, off + from, off + from, (in < at ? ib : last) - from, "invalid JSON in record (it "
				"starts inside the broken record before it and is not whole either)");
		}
		if (at >= len)
			/* no record after the broken one; the array's ']' may
			 * still end the bytes (skip_tail) */
			return closed ? LS_SPAN_CLOSED : LS_SPAN_PLAIN;
		int end = read_from(P, out, t, len, off, brace, stray ? AFTER_STRAY : AT_RECORD, at_end, cut, &k);
		if (end >= 0)
			return (enum ls_span_end)end;
	}
}
