/*
 * fieldspec: kustomize's field specs ("which field of which kinds") and
 * the walker that visits them.
 *
 * A field spec selects objects by group/version/kind (empty parts match
 * anything) and names a '/'-separated path.  The walk follows maps by
 * key and applies the rest of the path to every element of a list it
 * meets; "\/" escapes a slash inside one key; a trailing "[]" marks a
 * list that is never created and turns null into [].  Missing fields are
 * skipped; with `create` the transformer's kind of leaf (map or scalar)
 * and the maps on the way are created.  A scalar where the path needs a
 * map or list is an error, as in kustomize.
 */
#ifndef RENDER_FIELDSPEC_H
#define RENDER_FIELDSPEC_H

#include <jansson.h>

#include "../base/buf.h"
#include "../doc/resid.h"

struct fieldspec {
	const char *group;   /* NULL or "": any */
	const char *version;
	const char *kind;
	const char *path;
	int create;
};

enum fs_create_kind {
	FS_CREATE_NONE = 0,
	FS_CREATE_MAP,
	FS_CREATE_SCALAR,
};

/*
 * The leaf callback: parent[key] is the field (value is NULL if absent,
 * which only happens for created leaves).  It may replace the value with
 * json_object_set(parent, key, ...).  Returns 0 or an error code with a
 * message (without the "considering field" context, added by the walker).
 */
typedef int (*fs_leaf_fn)(json_t *parent, const char *key, json_t *value,
			  void *ctx);

/* fs_gvk_match: whether spec selects an object with this id. */
int fs_gvk_match(const struct fieldspec *fs, const struct resid *id);

/*
 * fs_apply: walk obj along fs->path (obj must match fs's gvk; the caller
 * checks) and call leaf for every field reached.  create_kind says what
 * `create: true` makes at the leaf.  Errors carry "considering field
 * 'PATH' of object ID: ..." context.
 */
int fs_apply(json_t *obj, const struct fieldspec *fs,
	     enum fs_create_kind create_kind, fs_leaf_fn leaf, void *ctx);

/* The default field specs of kustomize v5.5.0, each terminated by path NULL. */
extern const struct fieldspec fs_common_labels[];
extern const struct fieldspec fs_template_labels[];
extern const struct fieldspec fs_common_annotations[];
extern const struct fieldspec fs_namespace[];
extern const struct fieldspec fs_images[];
extern const struct fieldspec fs_replicas[];

/* One nameReference rule: referrers' fields that name a target kind. */
struct nameref_rule {
	const char *kind;    /* the referral target */
	const char *group;
	const char *version;
	struct fieldspec referrer;
};
extern const struct nameref_rule fs_name_references[];

/* fs_describe_kind: "mapping", "list", "string", ... for messages. */
const char *fs_describe_kind(const json_t *v);

#endif
