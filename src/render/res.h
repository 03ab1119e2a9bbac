/*
 * res: the renderer's resources and the ordered list that holds them.
 *
 * A resource is a json_t object plus what kustomize remembers about it
 * outside the object: every id it had before the current one (names
 * change under namePrefix, namespace and hash suffixes, and references
 * and patches still find it by the old ones), the prefixes and suffixes
 * applied to it, where it came from (for messages), and generator
 * state (wants a hash suffix, merge behaviour).
 *
 * The list keeps insertion order, which is kustomize's accumulation
 * order; the final output is sorted separately.
 */
#ifndef RENDER_RES_H
#define RENDER_RES_H

#include <stddef.h>

#include <jansson.h>

#include "../doc/resid.h"

enum res_behavior {
	RES_BEHAVIOR_NONE = 0, /* not generated, or "create" */
	RES_BEHAVIOR_CREATE,
	RES_BEHAVIOR_MERGE,
	RES_BEHAVIOR_REPLACE,
};

enum res_flags {
	RES_GENERATED = 1 << 0,  /* from a configMapGenerator/secretGenerator */
	RES_NEEDS_HASH = 1 << 1, /* append the content hash to the name */
};

struct res {
	json_t *obj;
	struct resid *prev; /* earlier ids, oldest first (owned) */
	size_t nprev, aprev;
	char **prefixes;    /* namePrefix values applied, outermost last */
	size_t nprefixes, aprefixes;
	char **suffixes;
	size_t nsuffixes, asuffixes;
	char *origin;       /* the file it was read from, or the generator */
	unsigned line;      /* first line of its document, 0 if unknown */
	unsigned col;
	unsigned flags;
	enum res_behavior behavior;
};

struct resmap {
	struct res **v;
	size_t n, alloc;
};

/* res_new_take: a resource owning obj (the reference is taken). */
struct res *res_new_take(json_t *obj, const char *origin, unsigned line);
void res_free(struct res *r);
/* res_dup: a deep copy (object and history). */
struct res *res_dup(const struct res *r);

/* res_id: the current id, borrowing from the object (release it). */
void res_id(const struct res *r, struct resid *out);
/* res_orig_id: the first id the resource had (current if never renamed). */
void res_orig_id(const struct res *r, struct resid *out);
/* res_store_prev: remember the current id before a change. */
void res_store_prev(struct res *r);
/* res_matches_any_id: id equals the current or any earlier id. */
int res_matches_any_id(const struct res *r, const struct resid *id);
/* res_had_name: name equals an earlier name (not the current one). */
int res_had_name(const struct res *r, const char *name);
/* res_label: "Kind.version.group/name.ns" of the current id, into out. */
void res_label(const struct res *r, struct buf *out);

const char *res_name(const struct res *r);
const char *res_namespace(const struct res *r);
const char *res_kind(const struct res *r);
/* res_set_name / res_set_namespace: write metadata.name / .namespace. */
void res_set_name(struct res *r, const char *name);
void res_set_namespace(struct res *r, const char *ns);

void resmap_init(struct resmap *m);
void resmap_release(struct resmap *m);
/* resmap_append_take: add r at the end (taking it). */
void resmap_append_take(struct resmap *m, struct res *r);
/* resmap_remove_at: drop (and free) the resource at index i. */
void resmap_remove_at(struct resmap *m, size_t i);
/*
 * resmap_find_any: indexes of resources whose current or earlier id
 * equals id, into out (caller frees *out).  Returns the count.
 */
size_t resmap_find_any(const struct resmap *m, const struct resid *id,
		       size_t **out);
/* resmap_find_current: same, current ids only. */
size_t resmap_find_current(const struct resmap *m, const struct resid *id,
			   size_t **out);

#endif
