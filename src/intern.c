/* intern.c — string interning with open addressing (FNV-1a) and an arena, so
 * millions of consumer samples share a few thousand location strings. */
#include "intern.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

void ls_intern_init(struct ls_intern *t)
{
	memset(t, 0, sizeof *t);
	ls_grow(&t->str, &t->cap, 1, sizeof *t->str);
	t->len = ls_xreallocarray(NULL, t->cap, sizeof *t->len);
	t->str[0] = NULL;
	t->len[0] = 0;
	t->n = 1;
}

void ls_intern_done(struct ls_intern *t)
{
	for (size_t i = 0; i < t->nblocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->str);
	free(t->len);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static char *arena_copy(struct ls_intern *t, const char *s, size_t n)
{
	if (t->arena_used + n + 1 > t->arena_cap) {
		size_t sz = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
		ls_grow(&t->blocks, &t->blocks_cap, t->nblocks + 1, sizeof *t->blocks);
		t->arena = ls_xmalloc(sz);
		t->blocks[t->nblocks++] = t->arena;
		t->arena_cap = sz;
		t->arena_used = 0;
	}
	char *p = t->arena + t->arena_used;
	memcpy(p, s, n);
	p[n] = '\0';
	t->arena_used += n + 1;
	return p;
}

static void rehash(struct ls_intern *t)
{
	size_t ns = t->nslots ? t->nslots * 2 : 64;
	uint32_t *slots = ls_xcalloc(ns, sizeof *slots);
	for (uint32_t id = 1; id < t->n; id++) {
		size_t i = hash(t->str[id], t->len[id]) & (ns - 1);
		while (slots[i])
			i = (i + 1) & (ns - 1);
		slots[i] = id;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
}

static size_t probe(const struct ls_intern *t, const char *s, size_t n, uint32_t *found)
{
	size_t i = hash(s, n) & (t->nslots - 1);
	while (t->slots[i]) {
		uint32_t id = t->slots[i];
		if (t->len[id] == n && memcmp(t->str[id], s, n) == 0) {
			*found = id;
			return i;
		}
		i = (i + 1) & (t->nslots - 1);
	}
	*found = 0;
	return i;
}

uint32_t ls_intern_find(const struct ls_intern *t, const char *s, size_t n)
{
	uint32_t id = 0;
	if (t->nslots)
		probe(t, s, n, &id);
	return id;
}

uint32_t ls_intern_add(struct ls_intern *t, const char *s, size_t n)
{
	if ((t->n + 1) * 2 > t->nslots)
		rehash(t);
	uint32_t id;
	size_t slot = probe(t, s, n, &id);
	if (id)
		return id;
	if (n > UINT32_MAX)
		n = UINT32_MAX;
	size_t cap = t->cap;
	ls_grow(&t->str, &t->cap, (size_t)t->n + 1, sizeof *t->str);
	if (t->cap != cap)
		t->len = ls_xreallocarray(t->len, t->cap, sizeof *t->len);
	id = t->n++;
	t->str[id] = arena_copy(t, s, n);
	t->len[id] = (uint32_t)n;
	t->slots[slot] = id;
	return id;
}
