/*
 * ssa: server-side apply and managedFields for the simulated API server.
 *
 * A pure library over jansson trees: it merges an apply request into the
 * live object, tracks which manager owns which field (the FieldsV1 sets
 * of metadata.managedFields), reports conflicts as kube-apiserver words
 * them and prunes what an applier stopped applying, following
 * structured-merge-diff v4 as Kubernetes 1.32 runs it.  It knows no
 * schema: the caller says how each list merges (ssa_list_keys_fn) and
 * every JSON object is treated as a struct of named fields.  See ssa.c
 * for the rules and where they differ from the real server.
 */
#ifndef SIM_SSA_H
#define SIM_SSA_H

#include <jansson.h>

/*
 * How the list at path merges: NULL = atomic (replaced whole, one
 * owner), "" = a set of scalars (merged by value), "k1,k2" = a map-list
 * keyed by those fields.  path: dotted field names from the object root
 * with "[]" after a list whose elements are entered, as doc/patch.h's
 * smp_list_keys uses it ("spec.template.spec.containers",
 * "spec.template.spec.containers[].ports", "metadata.finalizers").
 * The returned string is borrowed and must live until the call ends.
 */
typedef const char *(*ssa_list_keys_fn)(void *ctx, const char *path);

struct ssa_ctx {
	ssa_list_keys_fn list_keys; /* NULL: every list is atomic */
	void *list_ctx;
	const char *now; /* RFC 3339 UTC, "2026-12-04T10:00:00Z", for
			    managedFields[].time; NULL: no time written */
	int take_applied; /* the caller gives `applied` away: *out may share
			     its subtrees (and so change them), and the caller
			     only releases it afterwards.  Spares copying a
			     1 MB CRD body once more. */
};

/*
 * ssa_apply: server-side apply of `applied` (the request body, an
 * object) by `manager` onto `live` (NULL when the object does not exist:
 * create-on-apply).  api_version is the request's apiVersion, recorded
 * in the manager's entry; force takes ownership of conflicting fields.
 *
 * On success returns 0 and *out is a new object (a new reference, no
 * memory shared with the inputs but with applied under take_applied):
 * live merged with applied (applied's
 * status is ignored, live's kept), the fields this manager applied last
 * time and no longer applies removed when nobody else owns them, and
 * metadata.managedFields updated (one Apply entry per manager; entries
 * whose set became empty dropped).  The entry's time becomes c->now when
 * the apply changed the object or created the entry; a repeated apply
 * that changes nothing returns an object equal to live, time included,
 * as the real server's no-op apply does.  *conflicts is set to NULL.
 *
 * On a conflict returns ERR_CONFLICT, *out = NULL, *conflicts = a new
 * JSON array of causes, [{"reason":"FieldManagerConflict","message":
 * "conflict with \"mgr\" using apps/v1","field":".spec.replicas"}, ...],
 * and err_last() holds the Status message kube-apiserver writes ("Apply
 * failed with 1 conflict: conflict with \"mgr\" using apps/v1:
 * .spec.replicas"; cut at err.h's message size, the causes are whole).
 *
 * ERR_INVALID (with *out and *conflicts NULL) for a body that is not an
 * object, that carries a non-empty metadata.managedFields, or whose
 * keyed or set lists have malformed or duplicate elements.  Neither
 * input is modified (applied may be, under take_applied).
 */
/*
 * ssa_equal_but: whether a and b (objects or NULL) are the same but for
 * the metadata field named ignored ("managedFields", "resourceVersion").
 */
int ssa_equal_but(const json_t *a, const json_t *b, const char *ignored);

int ssa_apply(const struct ssa_ctx *c, const json_t *live,
	      const json_t *applied, const char *manager,
	      const char *api_version, int force, json_t **out,
	      json_t **conflicts);

/*
 * ssa_apply_subresource: ssa_apply through a subresource.  NULL is
 * ssa_apply; "status" applies and tracks only the body's status (the
 * rest of the body is ignored, the rest of live kept) under the
 * manager's Apply entry for subresource "status".  ERR_NOTFOUND when
 * live is NULL, ERR_UNSUPPORTED for other subresources; otherwise as
 * ssa_apply.
 */
int ssa_apply_subresource(const struct ssa_ctx *c, const json_t *live,
			  const json_t *applied, const char *manager,
			  const char *api_version, const char *subresource,
			  int force, json_t **out, json_t **conflicts);

/*
 * ssa_update: record a write that is not an apply (create, update,
 * merge/JSON/strategic patch) by manager.  The fields added or changed
 * between old (NULL on create) and obj become owned by manager in its
 * "operation":"Update" entry for api_version (and subresource, e.g.
 * "status", when not NULL); changed and removed fields leave every other
 * manager's set; entries left empty are dropped.  status is tracked only
 * when subresource is "status".  The starting entries are obj's own
 * metadata.managedFields when it carries a non-empty list (a client
 * rewriting them, as kubectl's CSA-to-SSA migration does) and the write
 * is not to a subresource, else old's.  obj is modified in place: only
 * its metadata.managedFields (removed when no entry is left).  Cannot
 * fail.
 */
void ssa_update(const struct ssa_ctx *c, const json_t *old, json_t *obj,
		const char *manager, const char *api_version,
		const char *subresource);

/*
 * ssa_fieldset: the FieldsV1 JSON (a new reference) of the fields
 * present in obj as an Apply entry records them: leaves, atomic lists
 * and list elements, without the ignored metadata and without status.
 * Malformed keyed lists count as atomic here.
 */
json_t *ssa_fieldset(const struct ssa_ctx *c, const json_t *obj);

/* What ssa_builtin_list_keys needs: the kind of the object walked. */
struct ssa_kind {
	const char *api_version;
	const char *kind;
};

/*
 * ssa_builtin_list_keys: an ssa_list_keys_fn over doc/patch.h's
 * smp_list_keys (kustomize's built-in schema: containers by name, ports
 * by containerPort,protocol, finalizers as a set, ...).  ctx is a
 * struct ssa_kind.  For tests and for built-in kinds.
 */
const char *ssa_builtin_list_keys(void *ctx, const char *path);

#endif
