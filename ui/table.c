/* table.c — the shared table engine (see table.h). */
#include "table.h"
#include "view.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <wctype.h>
#include <stdlib.h>
#include <string.h>

#define CELL 1024

void ui_table_init(struct ui_table *t, const struct ui_col *cols, int ncols, void *ctx)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
	t->ctx = ctx;
	t->order = ls_xcalloc((size_t)ncols, sizeof *t->order);
	t->focused = true;
	t->empty = "(nothing to show)";
	t->search_col2 = -1;
	ls_buf_init(&t->sel_key);
	ls_buf_init(&t->want_key);
}

static void drop_search_text(struct ui_table *t)
{
	free(t->stext);
	free(t->slower);
	free(t->soff);
	free(t->hit);
	t->stext = t->slower = NULL;
	t->soff = NULL;
	t->hit = NULL;
	t->hit_text[0] = 0;
	t->hit_first = false;
}

static void drop_orders(struct ui_table *t)
{
	for (int c = 0; c < t->ncols; c++) {
		free(t->order[c]);
		t->order[c] = NULL;
	}
	drop_search_text(t);
}

void ui_table_done(struct ui_table *t)
{
	drop_orders(t);
	free(t->order);
	free(t->idx);
	free(t->pass);
	ls_buf_done(&t->sel_key);
	ls_buf_done(&t->want_key);
	memset(t, 0, sizeof *t);
}

void ui_table_set_cols(struct ui_table *t, const struct ui_col *cols, int ncols)
{
	drop_orders(t);
	free(t->order);
	t->cols = cols;
	t->ncols = ncols;
	t->order = ls_xcalloc((size_t)ncols, sizeof *t->order);
	t->hidden = 0; /* the next draw lays the new columns out */
	memset(t->col_w, 0, sizeof t->col_w);
}

/* ---- row keys: the cursor's rows found again after a reset ---- */

static void key_of(const struct ui_table *t, uint32_t r, struct ls_buf *k)
{
	k->len = 0;
	if (k->data)
		k->data[0] = 0;
	t->row_key(t->ctx, r, k);
}

static bool same_key(const struct ls_buf *a, const struct ls_buf *b)
{
	return a->len == b->len && (!a->len || memcmp(a->data, b->data, a->len) == 0);
}

/* The cursor is on row id r. Its key is taken now, while the view's data
 * still holds the row: by the time of a reset it holds the new rows. */
static void note_sel_row(struct ui_table *t, uint32_t r)
{
	if (t->row_key && (!t->has_sel_row || t->sel_row != r))
		key_of(t, r, &t->sel_key);
	t->sel_row = r;
	t->has_sel_row = true;
}

/* The user chose the row under the cursor (see want_row). */
static void note_want_sel(struct ui_table *t)
{
	if (t->row_key && (!t->has_want_row || t->want_row != t->sel_row)) {
		t->want_key.len = 0;
		ls_buf_add(&t->want_key, t->sel_key.data ? t->sel_key.data : "", t->sel_key.len);
	}
	t->want_row = t->sel_row;
	t->has_want_row = true;
}

/* The rows were renumbered (a reset): sel_row and want_row become the
 * rows with their keys now, or are forgotten when no row has them. One
 * pass over the rows, as each view's own loop did before. */
static void relocate_by_key(struct ui_table *t)
{
	bool sel = t->has_sel_row, want = t->has_want_row;
	t->has_sel_row = t->has_want_row = false;
	struct ls_buf k;
	ls_buf_init(&k);
	for (uint32_t r = 0; r < t->nrows && (sel || want); r++) {
		key_of(t, r, &k);
		if (sel && same_key(&k, &t->sel_key)) {
			t->sel_row = r;
			t->has_sel_row = true;
			sel = false;
		}
		if (want && same_key(&k, &t->want_key)) {
			t->want_row = r;
			t->has_want_row = true;
			want = false;
		}
	}
	ls_buf_done(&k);
}

/* ---- sorting: one ascending permutation per column, computed on demand ---- */

/* qsort has no context argument in C11; the sort is single-threaded and never
 * re-entered, so a file-scope pointer is the simple answer. */
static char **sort_str;

static int cmp_str(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = ls_natural_cmp(sort_str[x], sort_str[y]);
	if (!c)
		c = strcmp(sort_str[x], sort_str[y]); /* "07" and "7": still one order */
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* A double as an unsigned key in the same order: NaN (no value) below every
 * number, -0 equal to 0. */
static uint64_t num_key(double v)
{
	if (v != v)
		return 0;
	if (v == 0)
		v = 0; /* -0 */
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	return (u >> 63) ? ~u : u | (UINT64_C(1) << 63);
}

/* Rows ascending by v, by an LSD radix sort: O(n), a few ms for 100,000
 * rows where qsort through a comparison callback took 20-30 ms, on a key.
 * Ties come out rows descending (the starting order; the sort is stable):
 * numbers are usually read biggest first (the order reversed), and ties
 * then come out in row order. */
static void radix_order(uint32_t *o, const double *v, uint32_t n)
{
	uint64_t *k = ls_xreallocarray(NULL, n ? n : 1, sizeof *k);
	uint64_t *k2 = ls_xreallocarray(NULL, n ? n : 1, sizeof *k2);
	uint32_t *o2 = ls_xreallocarray(NULL, n ? n : 1, sizeof *o2);
	for (uint32_t i = 0; i < n; i++) {
		o[i] = n - 1 - i;
		k[i] = num_key(v[o[i]]);
	}
	for (int shift = 0; shift < 64; shift += 8) {
		uint32_t cnt[257] = {0};
		for (uint32_t i = 0; i < n; i++)
			cnt[((k[i] >> shift) & 0xff) + 1]++;
		if (n && cnt[((k[0] >> shift) & 0xff) + 1] == n)
			continue; /* every key has this byte: nothing moves */
		for (int b = 0; b < 256; b++)
			cnt[b + 1] += cnt[b];
		for (uint32_t i = 0; i < n; i++) {
			uint32_t d = cnt[(k[i] >> shift) & 0xff]++;
			k2[d] = k[i];
			o2[d] = o[i];
		}
		uint64_t *tk = k;
		k = k2;
		k2 = tk;
		memcpy(o, o2, (size_t)n * sizeof *o);
	}
	free(k);
	free(k2);
	free(o2);
}

static const uint32_t *column_order(struct ui_table *t, int c)
{
	if (t->order[c])
		return t->order[c];
	uint32_t n = t->nrows;
	uint32_t *o = ls_xreallocarray(NULL, n ? n : 1, sizeof *o);
	for (uint32_t i = 0; i < n; i++)
		o[i] = i;
	const struct ui_col *col = &t->cols[c];
	if (col->num) {
		double *k = ls_xreallocarray(NULL, n ? n : 1, sizeof *k);
		for (uint32_t i = 0; i < n; i++)
			k[i] = col->num(t->ctx, i);
		radix_order(o, k, n);
		free(k);
	} else if (!(col->flags & UI_COL_NOSORT)) {
		char **k = ls_xreallocarray(NULL, n ? n : 1, sizeof *k);
		char buf[CELL];
		for (uint32_t i = 0; i < n; i++) {
			buf[0] = 0;
			col->text(t->ctx, i, buf, sizeof buf);
			k[i] = ls_xstrdup(buf);
		}
		sort_str = k;
		qsort(o, n, sizeof *o, cmp_str);
		for (uint32_t i = 0; i < n; i++)
			free(k[i]);
		free(k);
	}
	t->order[c] = o;
	return o;
}

/* keep() of every row, once per filter change: sorting and scrolling a
 * filtered table then never runs the filter again. */
static void compute_pass(struct ui_table *t, enum ui_refilter which)
{
	if (!t->keep) {
		free(t->pass);
		t->pass = NULL;
		return;
	}
	if (!t->pass) {
		which = UI_REFILTER_ALL;
		t->pass = ls_xreallocarray(NULL, t->nrows ? t->nrows : 1, sizeof *t->pass);
	}
	if (t->keep_all) {
		t->keep_all(t->ctx, t->pass, t->nrows, which);
		return;
	}
	for (uint32_t r = 0; r < t->nrows; r++)
		if (which == UI_REFILTER_ALL || (which == UI_REFILTER_PASSED) == (t->pass[r] != 0))
			t->pass[r] = t->keep(t->ctx, r);
}

/* Put the cursor on row id r if it is visible (without changing want_row). */
static bool find_row(struct ui_table *t, uint32_t r)
{
	for (uint32_t i = 0; i < t->n; i++)
		if (t->idx[i] == r) {
			t->sel = i;
			return true;
		}
	return false;
}

static void rebuild(struct ui_table *t)
{
	/* sized for the rows once (reset frees it): no page faults per key */
	if (!t->idx)
		t->idx = ls_xreallocarray(NULL, t->nrows ? t->nrows : 1, sizeof *t->idx);
	t->n = 0;
	const uint32_t *o = column_order(t, t->sort_col);
	for (uint32_t i = 0; i < t->nrows; i++) {
		uint32_t r = o[t->rev ? t->nrows - 1 - i : i];
		if (!t->pass || t->pass[r])
			t->idx[t->n++] = r;
	}
	/* keep the cursor on the row the user chose when it is visible again,
	 * else on the row it was on when that one is still visible */
	bool found = false;
	if (t->has_want_row)
		found = find_row(t, t->want_row);
	if (!found && t->has_sel_row)
		found = find_row(t, t->sel_row);
	if (!found && t->sel >= t->n)
		t->sel = t->n ? t->n - 1 : 0;
	if (t->n)
		note_sel_row(t, t->idx[t->sel]);
	if (t->top > t->sel)
		t->top = t->sel;
}

void ui_table_reset(struct ui_table *t, uint32_t nrows)
{
	drop_orders(t);
	t->nrows = nrows;
	free(t->pass); /* sized for the old rows */
	t->pass = NULL;
	free(t->idx);
	t->idx = NULL;
	if (t->row_key)
		relocate_by_key(t);
	compute_pass(t, UI_REFILTER_ALL);
	rebuild(t);
}

void ui_table_refilter(struct ui_table *t)
{
	compute_pass(t, UI_REFILTER_ALL);
	rebuild(t);
}

void ui_table_refilter_some(struct ui_table *t, enum ui_refilter which)
{
	compute_pass(t, which);
	rebuild(t);
}

void ui_table_sort(struct ui_table *t, int col, bool rev)
{
	if (col < 0 || col >= t->ncols)
		return;
	t->sort_col = col;
	t->rev = rev;
	rebuild(t);
}

/* ---- selection and scrolling ---- */

static void set_sel(struct ui_table *t, int64_t s)
{
	if (!t->n)
		return;
	if (s < 0)
		s = 0;
	if (s >= (int64_t)t->n)
		s = t->n - 1;
	t->sel = (uint32_t)s;
	note_sel_row(t, t->idx[t->sel]);
	note_want_sel(t);
}

bool ui_table_selected(const struct ui_table *t, uint32_t *row)
{
	if (!t->n)
		return false;
	*row = t->idx[t->sel];
	return true;
}

void ui_table_choose(struct ui_table *t)
{
	if (t->n && t->has_sel_row)
		note_want_sel(t);
}

bool ui_table_select_row(struct ui_table *t, uint32_t row)
{
	for (uint32_t i = 0; i < t->n; i++)
		if (t->idx[i] == row) {
			set_sel(t, i);
			return true;
		}
	return false;
}

void ui_table_scroll(struct ui_table *t, int delta)
{
	int64_t top = (int64_t)t->top + delta;
	int64_t max = (int64_t)t->n - (t->page > 0 ? t->page : 1);
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	t->top = (uint32_t)top;
	/* the selection stays on screen, as in every list a wheel scrolls */
	if (t->page > 0) {
		if (t->sel < t->top)
			set_sel(t, t->top);
		else if (t->sel >= t->top + (uint32_t)t->page)
			set_sel(t, t->top + t->page - 1);
	}
}

/* (hidden for lack of room too: sorted by, it is shown, and others give
 * way; else on an 80-column terminal Err% could not be chosen at all) */
static bool sortable(const struct ui_table *t, int c)
{
	return !(t->cols[c].flags & UI_COL_NOSORT);
}

/* A column's first direction: numbers biggest first, names A to Z, an
 * order (UI_COL_ORDER) as it goes. */
static bool biggest_first(const struct ui_table *t, int c)
{
	return t->cols[c].num != NULL && !(t->cols[c].flags & UI_COL_ORDER);
}

static void move_sort(struct ui_table *t, int dir)
{
	int c = t->sort_col;
	for (int i = 0; i < t->ncols; i++) {
		c = (c + dir + t->ncols) % t->ncols;
		if (sortable(t, c))
			break;
	}
	ui_table_sort(t, c, biggest_first(t, c));
}

unsigned ui_table_cmd(struct ui_table *t, enum ui_cmd cmd)
{
	int page = t->page > 1 ? t->page : 1;
	switch (cmd) {
	case CMD_UP: set_sel(t, (int64_t)t->sel - 1); break;
	case CMD_DOWN: set_sel(t, (int64_t)t->sel + 1); break;
	case CMD_PGUP: set_sel(t, (int64_t)t->sel - page); break;
	case CMD_PGDN: set_sel(t, (int64_t)t->sel + page); break;
	case CMD_TOP: set_sel(t, 0); break;
	case CMD_BOTTOM: set_sel(t, (int64_t)t->n - 1); break;
	case CMD_SORT_PREV: move_sort(t, -1); break;
	case CMD_SORT_NEXT: move_sort(t, +1); break;
	case CMD_SORT_REV: ui_table_sort(t, t->sort_col, !t->rev); break;
	default: return 0;
	}
	return UI_HANDLED | UI_REDRAW;
}

/* ---- search ---- */

/* The lower case of code point c where it is written in as many UTF-8
 * bytes (nearly always: "Ü" and "ü", "Σ" and "σ"; not "İ" and "i"), so
 * that a folded text keeps every byte offset of the original; else c. */
static uint32_t lower_same_len(uint32_t c, size_t len)
{
	uint32_t l = (uint32_t)towlower((wint_t)c);
	size_t ll = l < 0x80 ? 1 : l < 0x800 ? 2 : l < 0x10000 ? 3 : 4;
	return ll == len ? l : c;
}

/* n bytes of s into out, lower-cased: ASCII always, other letters by the
 * locale (lower_same_len). Invalid UTF-8 is copied as it is. */
static void fold_case(const char *s, size_t n, char *out)
{
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		uint32_t c;
		size_t len = b < 0x80 ? 0 : ls_utf8_len(s + i, n - i, &c);
		if (len < 2) {
			out[i] = (char)tolower(b);
			i++;
			continue;
		}
		c = lower_same_len(c, len);
		for (size_t k = len; k-- > 1; c >>= 6)
			out[i + k] = (char)(0x80 | (c & 0x3f));
		out[i] = (char)(len == 2 ? 0xc0 | c : len == 3 ? 0xe0 | c : 0xf0 | c);
		i += len;
	}
}

/* Smart case: a search with no capital letter (ASCII or not: "Über")
 * ignores case. */
static bool smart_caseless(const char *s)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t c;
		size_t len = (unsigned char)s[i] < 0x80 ? 0 : ls_utf8_len(s + i, n - i, &c);
		if (len < 2) {
			if (isupper((unsigned char)s[i]))
				return false;
			i++;
			continue;
		}
		if (lower_same_len(c, len) != c)
			return false;
		i += len;
	}
	return true;
}

/* The needle a search looks for: text, folded when ci (at most cap - 1
 * bytes, never half a character); its length. */
static size_t search_needle(const char *text, bool ci, char *needle, size_t cap)
{
	size_t m = strlen(text);
	if (m >= cap) {
		m = cap - 1;
		while (m > 0 && ((unsigned char)text[m] & 0xc0) == 0x80)
			m--;
	}
	if (ci)
		fold_case(text, m, needle);
	else
		memcpy(needle, text, m);
	needle[m] = 0;
	return m;
}

bool ui_text_has(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (!m || m > n)
		return false;
	char *fh = NULL, *fn = NULL;
	if (smart_caseless(needle)) {
		/* (folded copies: same lengths) */
		fh = ls_xmalloc(n);
		fn = ls_xmalloc(m);
		fold_case(hay, n, fh);
		fold_case(needle, m, fn);
		hay = fh;
		needle = fn;
	}
	bool found = false;
	for (size_t i = 0; i + m <= n && !found; i++)
		found = memcmp(hay + i, needle, m) == 0;
	free(fh);
	free(fn);
	return found;
}

void ui_table_search_begin(struct ui_table *t)
{
	t->search_origin = t->sel;
}

/* Byte ranges of needle in hay (smart case), for highlighting. */
static size_t find_spans(const char *hay, const char *needle, struct ls_span *sp, size_t max)
{
	size_t m = strlen(needle), got = 0, hn = strlen(hay);
	if (!m)
		return 0;
	bool ci = smart_caseless(needle);
	/* (needle: the search text, as long as the prompt; hay: a cell) */
	char fn[CELL], fh[CELL];
	if (ci && m < sizeof fn && hn < sizeof fh) {
		/* (folded copies: same byte offsets) */
		fold_case(needle, m + 1, fn);
		fold_case(hay, hn + 1, fh);
		needle = fn;
		hay = fh;
	}
	for (size_t i = 0; hay[i] && got < max;) {
		size_t k = 0;
		while (k < m && hay[i + k] && hay[i + k] == needle[k])
			k++;
		if (k == m) {
			sp[got].start = i;
			sp[got].end = i + m;
			got++;
			i += m;
		} else {
			i++;
		}
	}
	return got;
}

/* The search column's text of every row, as drawn, one row per line, and
 * a lower-cased copy for smart-case searches: formatted once per data
 * change instead of for every row on every search key. */
static void build_search_text(struct ui_table *t)
{
	if (t->stext)
		return;
	struct ls_buf b;
	ls_buf_init(&b);
	t->soff = ls_xreallocarray(NULL, (size_t)t->nrows + 1, sizeof *t->soff);
	char buf[CELL];
	for (uint32_t r = 0; r < t->nrows; r++) {
		buf[0] = 0;
		t->cols[t->search_col].text(t->ctx, r, buf, sizeof buf);
		t->soff[r] = b.len;
		/* cell texts are sanitized: a newline can only be the row
		 * separator, a tab the column separator */
		ls_buf_puts(&b, buf);
		if (t->search_col2 >= 0) {
			buf[0] = 0;
			t->cols[t->search_col2].text(t->ctx, r, buf, sizeof buf);
			ls_buf_puts(&b, "\t");
			ls_buf_puts(&b, buf);
		}
		ls_buf_puts(&b, "\n");
	}
	t->soff[t->nrows] = b.len;
	t->slower = ls_xreallocarray(NULL, b.len + 1, 1);
	fold_case(b.data ? b.data : "", b.len, t->slower);
	t->slower[b.len] = 0;
	t->stext = b.data ? b.data : ls_xcalloc(1, 1); /* owned now; not ls_buf_done */
	t->hit = ls_xcalloc(t->nrows ? t->nrows : 1, 1);
}

void ui_table_prepare(struct ui_table *t)
{
	for (int c = 0; c < t->ncols; c++)
		if (t->cols[c].num || !(t->cols[c].flags & UI_COL_NOSORT))
			column_order(t, c);
	build_search_text(t);
}

/* Mark the rows whose text contains `text` (smart case): one strstr pass
 * over all texts, jumping from a hit to the next row, instead of a call
 * per row; n / N then only look the rows up. A row's search-column text
 * comes first, so its first match says which column holds one. */
static void find_hits(struct ui_table *t, const char *text)
{
	build_search_text(t);
	if (strcmp(t->hit_text, text) == 0)
		return;
	snprintf(t->hit_text, sizeof t->hit_text, "%s", text);
	memset(t->hit, 0, t->nrows ? t->nrows : 1);
	t->hit_first = false;
	if (strchr(text, '\n') || strchr(text, '\t'))
		return;
	bool ci = smart_caseless(text);
	char needle[sizeof t->hit_text];
	search_needle(text, ci, needle, sizeof needle);
	const char *hay = ci ? t->slower : t->stext;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL;) {
		size_t off = (size_t)(p - hay);
		/* the row holding off: the last r with soff[r] <= off */
		uint32_t lo = 0, hi = t->nrows;
		while (hi - lo > 1) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (t->soff[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		const char *row = hay + t->soff[lo], *tab = memchr(row, '\t', t->soff[lo + 1] - t->soff[lo]);
		t->hit[lo] = tab && p > tab ? 2 : 1;
		t->hit_first |= t->hit[lo] == 1;
		p = hay + t->soff[lo + 1];
	}
}

/* Does row r's text contain needle (m bytes, lower-cased when ci)? */
static bool row_has(const struct ui_table *t, uint32_t r, const char *needle, size_t m, bool ci)
{
	const char *h = (ci ? t->slower : t->stext) + t->soff[r];
	size_t len = t->soff[r + 1] - t->soff[r] - 1; /* without the '\n' */
	for (const char *p = h; len - (size_t)(p - h) >= m;) {
		p = memchr(p, needle[0], len - (size_t)(p - h) - m + 1);
		if (!p)
			return false;
		if (memcmp(p, needle, m) == 0)
			return true;
		p++;
	}
	return false;
}

/* Rows looked at one by one before marking every row at once: a frequent
 * text is found among the first rows, a rare one by the pass over all. */
#define SEARCH_NEAR 4096u

enum ui_found ui_table_search(struct ui_table *t, const char *text, int dir)
{
	if (text)
		snprintf(t->search, sizeof t->search, "%s", text);
	if (!t->n || !text || !*text)
		return UI_NOT_FOUND;
	build_search_text(t);
	bool ci = smart_caseless(text);
	char needle[sizeof t->hit_text];
	size_t m = search_needle(text, ci, needle, sizeof needle);
	/* a second column needs every row's hits first: it is searched
	 * only when no row has a match in the first */
	if (t->search_col2 >= 0)
		find_hits(t, text);
	bool marked = strcmp(t->hit_text, text) == 0;
	uint8_t worst = t->hit_first ? 1 : 2;
	uint32_t start = dir == 0 ? t->search_origin : t->sel;
	int step = dir < 0 ? -1 : 1;
	for (uint32_t k = dir == 0 ? 0 : 1; k <= t->n; k++) {
		uint32_t i = (uint32_t)(((int64_t)start + t->n + step * (int64_t)(k % t->n)) % t->n);
		if (!marked && k >= SEARCH_NEAR) {
			find_hits(t, text);
			marked = true;
		}
		uint32_t r = t->idx[i];
		if (marked ? t->hit[r] != 0 && t->hit[r] <= worst : row_has(t, r, needle, m, ci)) {
			set_sel(t, i);
			bool wrapped = dir > 0 ? start + k >= t->n : dir < 0 && k > start;
			return wrapped ? UI_FOUND_WRAPPED : UI_FOUND;
		}
	}
	return UI_NOT_FOUND;
}

bool ui_table_click_header(struct ui_table *t, int x)
{
	int nc = t->ncols < 64 ? t->ncols : 64;
	for (int c = 0; c < nc; c++) {
		if (!t->col_w[c] || x < t->col_x[c] || x > t->col_x[c] + t->col_w[c] || !sortable(t, c))
			continue;
		if (c == t->sort_col)
			ui_table_sort(t, c, !t->rev);
		else
			ui_table_sort(t, c, biggest_first(t, c));
		return true;
	}
	return false;
}

bool ui_table_click(struct ui_table *t, int line)
{
	/* past the rows the last draw showed is another part of the screen
	 * (the site view's source lines): a click there picks no row */
	if (line < 1 || (t->page > 0 && line > t->page))
		return false;
	uint64_t i = (uint64_t)t->top + (uint64_t)(line - 1);
	if (i >= t->n)
		return false;
	set_sel(t, (int64_t)i);
	return true;
}

/* ---- drawing ---- */

#define FLEX_MIN 20
/* what the flexible column keeps before others widen (ui_col.max_width) */
#define FLEX_ROOMY 40

/* Hide the columns of hide priority prio (not the flexible or the sorted one). */
static void hide_prio(const struct ui_table *t, int prio, int flex, int *cw, int *fixed)
{
	for (int c = 0; c < t->ncols; c++)
		if (t->cols[c].hide == prio && c != flex && c != t->sort_col && cw[c] >= 0) {
			*fixed -= cw[c] + 1;
			cw[c] = -1;
		}
}

/* Widths of all columns for a total width w (the mark column excluded);
 * -1 for a hidden column. Columns with a hide priority give way, lowest
 * first, so that names stay readable on narrow terminals; the sorted one
 * does not (its arrow is what says how the rows are ordered). */
static void layout(const struct ui_table *t, int w, int *cw)
{
	int fixed = 0, flex = -1;
	for (int c = 0; c < t->ncols; c++) {
		cw[c] = t->cols[c].width ? t->cols[c].width : 8;
		if (t->cols[c].width == 0 && flex < 0)
			flex = c;
		else
			fixed += cw[c];
		fixed += 1; /* separator */
	}
	for (int prio = 1; prio <= t->ncols && flex >= 0 && w - fixed < FLEX_MIN; prio++)
		hide_prio(t, prio, flex, cw, &fixed);
	/* names cut short ("… (chat_completions.json)": which endpoint?)
	 * while the first column to go is still shown: it goes first */
	if (flex >= 0) {
		int want = t->cols[flex].max_width < FLEX_ROOMY ? t->cols[flex].max_width : FLEX_ROOMY;
		if (w - fixed < want)
			hide_prio(t, 1, flex, cw, &fixed);
	}
	if (flex >= 0) {
		int rest = w - fixed;
		cw[flex] = rest > 12 ? rest : 12;
		/* room to spare goes to the columns whose texts it would show */
		for (int c = 0; c < t->ncols && cw[flex] > FLEX_ROOMY; c++)
			if (c != flex && cw[c] >= 0 && t->cols[c].max_width > cw[c]) {
				int g = t->cols[c].max_width - cw[c];
				if (g > cw[flex] - FLEX_ROOMY)
					g = cw[flex] - FLEX_ROOMY;
				cw[c] += g;
				cw[flex] -= g;
			}
	}
	/* the sorted column still past the right edge (every hideable one
	 * gone): the visible ones left of it give way, nearest first */
	int sc = t->sort_col;
	if (sc >= 0 && sc < t->ncols && sc != flex && cw[sc] >= 0) {
		for (;;) {
			int end = 0;
			for (int c = 0; c <= sc; c++)
				if (cw[c] >= 0)
					end += cw[c] + 1;
			if (end - 1 <= w)
				break;
			int c = sc - 1;
			while (c >= 0 && (cw[c] < 0 || c == flex))
				c--;
			if (c < 0)
				break;
			cw[c] = -1;
		}
	}
	/* a column that would still be cut at the right edge is left out
	 * whole: "K…" over "+…" says nothing (the flex column cuts its text
	 * readably, so it stays) */
	for (int c = 0, x = 0; c < t->ncols; c++) {
		if (cw[c] < 0)
			continue;
		if (c != flex && x + cw[c] > w)
			cw[c] = -1;
		else
			x += cw[c] + 1;
	}
}

void ui_table_draw(struct ui_table *t, WINDOW *win, int y, int x, int h, int w)
{
	if (t->search_col2 >= 0 && t->search[0] && t->nrows)
		find_hits(t, t->search); /* whether search_col2 is lit (hit_first) */
	int cw[64];
	int nc = t->ncols < 64 ? t->ncols : 64;
	int markw = 2;
	layout(t, w - markw, cw);
	t->hidden = 0;
	for (int c = 0; c < nc; c++)
		if (cw[c] < 0)
			t->hidden |= (uint64_t)1 << c;
	t->drawn_y = y;
	t->drawn_x = x;
	/* header line with the sort indicator */
	attr_t ha = ui_theme_attr(ROLE_COLHEAD);
	ui_fill(win, y, x, w, ha);
	int cx = x + markw;
	for (int c = 0; c < nc; c++)
		t->col_w[c] = 0;
	for (int c = 0; c < nc && cx < x + w; c++) {
		if (cw[c] < 0)
			continue;
		int cwid = cw[c] < x + w - cx ? cw[c] : x + w - cx;
		t->col_x[c] = cx;
		t->col_w[c] = cwid;
		char title[128];
		const char *arrow = c == t->sort_col ? (t->rev ? (ui_utf8() ? "\xe2\x96\xbc" : "v")
			: (ui_utf8() ? "\xe2\x96\xb2" : "^")) : "";
		snprintf(title, sizeof title, "%s%s", t->cols[c].title, arrow);
		/* a narrow column keeps its arrow and gives up a letter instead
		 * ("Sample▼", not "Sample…": which way it sorts is the point) */
		size_t tl = strlen(t->cols[c].title);
		bool ascii = true;
		for (size_t i = 0; i < tl; i++)
			ascii = ascii && (unsigned char)t->cols[c].title[i] < 0x80;
		if (*arrow && ascii && (int)tl + 1 > cwid && cwid >= 2)
			snprintf(title, sizeof title, "%.*s%s", cwid - 1, t->cols[c].title, arrow);
		ui_text(win, y, cx, cwid, title, t->cols[c].align == UI_RIGHT ? UI_RIGHT : UI_LEFT, ha, NULL, 0, ha);
		cx += cw[c] + 1;
	}
	t->page = h - 1;
	if (t->page < 1)
		t->page = 1;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + (uint32_t)t->page)
		t->top = t->sel - (uint32_t)t->page + 1;
	/* a table that shrank under a scrolled view (a filter) shows as many
	 * rows as fit, not the last few over blank lines */
	if (t->top + (uint32_t)t->page > t->n)
		t->top = t->n > (uint32_t)t->page ? t->n - (uint32_t)t->page : 0;
	if (!t->n && h > 1) {
		ui_fill(win, y + 1, x, w, A_NORMAL);
		ui_text(win, y + 1, x + markw, w - markw, t->empty, UI_LEFT, ui_theme_attr(ROLE_DIM), NULL, 0, 0);
		for (int l = 2; l < h; l++)
			ui_fill(win, y + l, x, w, A_NORMAL);
		return;
	}
	char buf[CELL];
	for (int l = 1; l < h; l++) {
		uint64_t i = (uint64_t)t->top + (uint64_t)(l - 1);
		if (i >= t->n) {
			ui_fill(win, y + l, x, w, A_NORMAL);
			continue;
		}
		uint32_t row = t->idx[i];
		bool sel = i == t->sel;
		attr_t base = sel ? ui_theme_attr(t->focused ? ROLE_SELECTED : ROLE_SEL_DIM) : A_NORMAL;
		ui_fill(win, y + l, x, w, base);
		bool mk = t->marked && t->marked(t->ctx, row);
		ui_text(win, y + l, x, markw, mk ? "*" : " ", UI_LEFT, sel ? base : ui_theme_attr(ROLE_MARK), NULL, 0, 0);
		cx = x + markw;
		for (int c = 0; c < nc && cx < x + w; c++) {
			const struct ui_col *col = &t->cols[c];
			if (cw[c] < 0)
				continue;
			int cwid = cw[c] < x + w - cx ? cw[c] : x + w - cx;
			buf[0] = 0;
			col->text(t->ctx, row, buf, sizeof buf);
			attr_t a = base;
			if (!sel && col->role)
				a = ui_theme_attr(col->role(t->ctx, row));
			struct ls_span sp[32];
			size_t nsp = 0;
			if ((col->flags & UI_COL_HILITE) && t->hl)
				nsp = ls_filter_spans(t->hl, LS_FILTER_INCLUDE, buf, strlen(buf), sp, 16);
			if ((c == t->search_col || (c == t->search_col2 && !t->hit_first)) && t->search[0])
				nsp += find_spans(buf, t->search, sp + nsp, 32 - nsp);
			ui_text_mid(win, y + l, cx, cwid, buf, col->align, col->head ? col->head(t->ctx, row) : 0,
				col->tail ? col->tail(t->ctx, row) : 0, a, sp,
				nsp, ui_theme_attr(ROLE_MATCH));
			cx += cw[c] + 1;
		}
	}
}
