/*
 * strmap: a hash map from byte strings to pointers.
 *
 * Open addressing with linear probing; the table doubles when half
 * full.  Keys are copied; values are borrowed (the map never frees them).
 * Used for every lookup that must stay O(1) as inputs grow: resource
 * ids, names, positions.
 */
#ifndef BASE_STRMAP_H
#define BASE_STRMAP_H

#include <stddef.h>

struct strmap_entry {
	char *key;
	size_t keylen;
	void *value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t cap; /* 0 or a power of two */
	size_t used;
};

#define STRMAP_INIT { NULL, 0, 0 }

/* strmap_put: set key to value, returning the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, size_t len, void *value);
/* strmap_get: the value for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key, size_t len);
/* strmap_find: the entry for key, or NULL. */
struct strmap_entry *strmap_find(const struct strmap *m, const char *key,
				 size_t len);
/* strmap_del: remove key, returning its value (NULL when absent). */
void *strmap_del(struct strmap *m, const char *key, size_t len);
/* strmap_release: free the keys and the table (not the values). */
void strmap_release(struct strmap *m);

/* strmap_foreach: iterate entries (in no particular order). */
#define strmap_foreach(m, e)                                             \
	for ((e) = (m)->slots; (m)->slots && (e) < (m)->slots + (m)->cap; \
	     (e)++)                                                      \
		if ((e)->key)

#endif
