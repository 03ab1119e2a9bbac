/*
 * strmap: string-keyed hash map.  See strmap.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "strmap.h"

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static struct strmap_entry *slot(const struct strmap *m, const char *key,
				 size_t len)
{
	size_t i = (size_t)hash(key, len) & (m->cap - 1);

	for (;;) {
		struct strmap_entry *e = &m->slots[i];

		if (!e->key || (e->keylen == len && !memcmp(e->key, key, len)))
			return e;
		i = (i + 1) & (m->cap - 1);
	}
}

static void grow(struct strmap *m)
{
	struct strmap_entry *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap = m->cap ? m->cap * 2 : 16;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			*slot(m, old[i].key, old[i].keylen) = old[i];
	free(old);
}

void *strmap_put(struct strmap *m, const char *key, size_t len, void *value)
{
	struct strmap_entry *e;
	void *prev;

	if ((m->used + 1) * 2 > m->cap)
		grow(m);
	e = slot(m, key, len);
	if (!e->key) {
		e->key = xmemdup(key, len);
		e->keylen = len;
		e->value = value;
		m->used++;
		return NULL;
	}
	prev = e->value;
	e->value = value;
	return prev;
}

struct strmap_entry *strmap_find(const struct strmap *m, const char *key,
				 size_t len)
{
	struct strmap_entry *e;

	if (!m->cap)
		return NULL;
	e = slot(m, key, len);
	return e->key ? e : NULL;
}

void *strmap_get(const struct strmap *m, const char *key, size_t len)
{
	struct strmap_entry *e = strmap_find(m, key, len);

	return e ? e->value : NULL;
}

void strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

void *strmap_del(struct strmap *m, const char *key, size_t len)
{
	struct strmap_entry *e = strmap_find(m, key, len);
	size_t i, j, mask;
	void *prev;

	if (!e)
		return NULL;
	prev = e->value;
	free(e->key);
	mask = m->cap - 1;
	i = (size_t)(e - m->slots);
	/*
	 * Backward-shift deletion: move later members of the probe run into
	 * the hole when their home slot does not lie in (hole, their slot],
	 * so lookups never need tombstones.
	 */
	j = i;
	for (;;) {
		size_t home;

		j = (j + 1) & mask;
		if (!m->slots[j].key)
			break;
		home = (size_t)hash(m->slots[j].key, m->slots[j].keylen) & mask;
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		m->slots[i] = m->slots[j];
		i = j;
	}
	memset(&m->slots[i], 0, sizeof(m->slots[i]));
	m->used--;
	return prev;
}
