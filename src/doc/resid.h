/*
 * resid: resource identity (group, version, kind, namespace, name) and
 * the facts about kinds that the renderer and the apply planner share:
 * which built-in kinds are cluster-scoped, and kustomize's "legacy"
 * output order.
 *
 * A struct resid either borrows its strings from a json_t object (see
 * resid_from_obj; valid until the object changes) or owns copies (see
 * resid_dup / resid_release).  Empty strings stand for absent parts.
 */
#ifndef DOC_RESID_H
#define DOC_RESID_H

#include <stddef.h>

#include <jansson.h>

#include "../base/buf.h"

struct resid {
	const char *group;
	const char *version;
	const char *kind;
	const char *name;
	const char *ns;
	char *owned; /* non-NULL when the strings are owned (one block) */
	char group_buf[32]; /* the group of a borrowed id, when short */
};

/*
 * resid_from_obj: identity of obj, borrowing from it.  apiVersion
 * "apps/v1" gives group "apps" and version "v1"; "v1" gives group "".
 * Missing fields give "".  The group/version split lives in a small
 * per-id buffer, so out must be released with resid_release.
 */
void resid_from_obj(struct resid *out, const json_t *obj);
/* resid_dup: a copy owning its strings. */
void resid_dup(struct resid *out, const struct resid *in);
void resid_release(struct resid *id);

/*
 * resid_equal: same group, version, kind, name and namespace, where an
 * empty namespace equals "default" for namespaced kinds (kustomize's
 * ResId.Equals).
 */
int resid_equal(const struct resid *a, const struct resid *b);
int resid_gvk_equal(const struct resid *a, const struct resid *b);

/*
 * resid_format: kustomize's text form, "Kind.version.group/name.ns"
 * with [noVer], [noGrp], [noNs] for empty parts, appended to out.
 */
void resid_format(struct buf *out, const struct resid *id);

/* resid_is_cluster_scoped: the built-in cluster-scoped (apiVersion, kind) pairs. */
int resid_is_cluster_scoped(const char *group, const char *version,
			    const char *kind);

/*
 * resid_legacy_rank: position of kind in kustomize's legacy order
 * (Namespace first, webhook configurations last, unknown kinds between).
 */
int resid_legacy_rank(const char *kind);

/*
 * resid_legacy_cmp: kustomize's default (legacy) resource order: kind
 * rank (rank_a/rank_b, normally resid_legacy_rank of the kinds), then
 * the group_version_kind string, then namespace ("" last) and name.
 */
int resid_legacy_cmp(const struct resid *a, int rank_a, const struct resid *b,
		     int rank_b);

/*
 * resid_legacy_keys: the two strings resid_legacy_cmp compares: the
 * group_version_kind key (compared when the gvks differ and the kind
 * ranks are equal) and the namespace|name key (same gvk).
 */
void resid_legacy_keys(const struct resid *id, struct buf *gvk,
		       struct buf *key);

/* resid_split_api_version: "g/v" -> (g, v); "v" -> ("", v), into bufs. */
void resid_split_api_version(const char *api_version, struct buf *group,
			     struct buf *version);

#endif
