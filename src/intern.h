/* intern.h — string interning: each distinct string is stored once and named by
 * a 32-bit id. Id 0 is reserved for "no string" so that columns can use 0 as null.
 * The table owns its strings (in an arena); ids stay valid until ls_intern_done. */
#ifndef LS_INTERN_H
#define LS_INTERN_H

#include <stddef.h>
#include <stdint.h>

struct ls_intern {
	char **str;        /* id -> string (str[0] == NULL) */
	uint32_t *len;     /* id -> length */
	uint32_t n;        /* number of ids including the reserved 0 */
	size_t cap;
	uint32_t *slots;   /* open addressing hash: id or 0 */
	size_t nslots;
	char *arena;       /* current arena block */
	size_t arena_used, arena_cap;
	char **blocks;     /* all arena blocks, for freeing */
	size_t nblocks, blocks_cap;
};

void ls_intern_init(struct ls_intern *t);
void ls_intern_done(struct ls_intern *t);
/* Id of the string s[0..n), adding it if new. */
uint32_t ls_intern_add(struct ls_intern *t, const char *s, size_t n);
/* Id of the string, or 0 if absent. */
uint32_t ls_intern_find(const struct ls_intern *t, const char *s, size_t n);
static inline const char *ls_intern_str(const struct ls_intern *t, uint32_t id)
{
	return id && id < t->n ? t->str[id] : "";
}
/* Number of real strings (excludes the reserved id 0). */
static inline uint32_t ls_intern_count(const struct ls_intern *t) { return t->n ? t->n - 1 : 0; }

#endif
