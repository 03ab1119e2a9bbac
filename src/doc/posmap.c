/*
 * posmap: JSON pointer -> source positions, filled by the YAML loader.
 * A strmap from pointer strings to position pairs; positions are looked
 * up only when a message is printed.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/strmap.h"
#include "posmap.h"
#include "yaml.h"

struct entry {
	struct doc_pos key;
	struct doc_pos value;
};

struct doc_posmap {
	struct strmap map;
};

struct doc_posmap *doc_posmap_new(void)
{
	return xcalloc(1, sizeof(struct doc_posmap));
}

void doc_posmap_free(struct doc_posmap *pm)
{
	struct strmap_entry *e;

	if (!pm)
		return;
	strmap_foreach(&pm->map, e)
		free(e->value);
	strmap_release(&pm->map);
	free(pm);
}

void doc_posmap_put(struct doc_posmap *pm, const char *p, size_t n,
		    struct doc_pos key, struct doc_pos value)
{
	struct entry *e = strmap_get(&pm->map, p, n);

	if (!e) {
		e = xmalloc(sizeof(*e));
		strmap_put(&pm->map, p, n, e);
	}
	e->key = key;
	e->value = value;
}

int doc_posmap_get(const struct doc_posmap *pm, const char *pointer,
		   struct doc_pos *key, struct doc_pos *value)
{
	struct entry *e;

	if (!pm)
		return ERR_NOTFOUND;
	e = strmap_get(&pm->map, pointer, strlen(pointer));
	if (!e)
		return ERR_NOTFOUND;
	if (key)
		*key = e->key;
	if (value)
		*value = e->value;
	return 0;
}

void doc_posmap_nearest(const struct doc_posmap *pm, const char *pointer,
			struct doc_pos *key, struct doc_pos *value)
{
	struct buf p = BUF_INIT;
	struct doc_pos zero = { 0, 0 };

	if (key)
		*key = zero;
	if (value)
		*value = zero;
	buf_adds(&p, pointer);
	while (pm) {
		char *slash;

		if (doc_posmap_get(pm, p.ptr, key, value) == 0)
			break;
		slash = strrchr(p.ptr, '/');
		if (!slash || slash == p.ptr)
			break;
		buf_setlen(&p, (size_t)(slash - p.ptr));
	}
	buf_release(&p);
}
