/*
 * patch: the three ways to change a JSON document.
 *
 *   - strategic merge patch, as kustomize v5.5.0 applies it (kyaml's
 *     merge2 walker with the built-in Kubernetes 1.21 schema): maps merge,
 *     null deletes, lists merge by their merge keys where the schema says
 *     so (containers by name, ports by containerPort+protocol, ...) and
 *     are replaced everywhere else (all lists of custom resources), with
 *     $patch: delete|replace|merge directives;
 *   - JSON merge patch (RFC 7386);
 *   - JSON patch (RFC 6902, all six operations, with the extensions of
 *     the evanphx/json-patch library kustomize uses: negative indexes,
 *     replace of a missing member adds it).
 *
 * All functions modify the target in place and leave it unchanged when
 * they fail.  Errors are ERR_INVALID with a message naming the path.
 */
#ifndef DOC_PATCH_H
#define DOC_PATCH_H

#include <jansson.h>

enum smp_result {
	SMP_MERGED = 0,
	SMP_DELETED = 1, /* a top-level "$patch: delete": drop the resource */
};

/*
 * smp_apply: merge patch into *target (both objects).  The patch is not
 * modified (a copy is merged).  Returns SMP_MERGED or SMP_DELETED, or a
 * negative error.  *target may be replaced by a new object.
 */
int smp_apply(json_t **target, const json_t *patch);

/*
 * smp_list_keys: merge keys of the list at path (e.g.
 * "spec.template.spec.containers") in an object of the given apiVersion
 * and kind: "name", "containerPort,protocol", "" for a list of scalars
 * that merges by value, NULL when the list is replaced.  For tests.
 */
const char *smp_list_keys(const char *api_version, const char *kind,
			  const char *path);

/* merge_patch_apply: RFC 7386; *target may be replaced. */
void merge_patch_apply(json_t **target, const json_t *patch);

/* Where a JSON patch failed: the operation and, if it is to blame, a field. */
struct json_patch_error {
	size_t op;
	const char *field; /* "op", "path", "from", or NULL for the whole op */
};

/*
 * json_patch_apply: RFC 6902 operations (a JSON array) on *target; all or
 * nothing.  *target may be replaced (a patch on the root).  On failure,
 * where (if not NULL) says which operation failed.
 */
int json_patch_apply(json_t **target, const json_t *ops,
		     struct json_patch_error *where);

#endif
