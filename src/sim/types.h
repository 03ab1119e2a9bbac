/*
 * types: the resource types the simulated API server serves.
 *
 * A resource type is one (group, version, plural) the server answers
 * for, with what discovery says about it: kind, singular, scope, short
 * names, categories, subresources.  The built-in types are a fixed
 * table; every served version of an Established CustomResourceDefinition
 * adds one more, removed again when the CRD goes.  All versions of one
 * resource share a storage key ("apps/deployments", "core/pods",
 * "argoproj.io/workflows"): objects are stored once, whatever version
 * they were written through (CRD conversion strategy None).
 *
 * The registry is not locked by itself: the store's lock guards it.
 */
#ifndef SIM_TYPES_H
#define SIM_TYPES_H

#include <jansson.h>
#include <stddef.h>

struct strmap;

enum rtype_flags {
	RT_NAMESPACED = 1 << 0,
	RT_STATUS = 1 << 1, /* a status subresource */
	RT_SCALE = 1 << 2,  /* a scale subresource */
	RT_CRD = 1 << 3,    /* defined by a CustomResourceDefinition */
	RT_LOG = 1 << 4,    /* pods/log */
	RT_PROXY = 1 << 5,  /* pods/proxy, services/proxy */
	RT_GENERATION_ANNOTATIONS = 1 << 6, /* generation also bumps on annotations (Deployment) */
};

struct sim_rtype {
	char *group;   /* "" for the core group */
	char *version;
	char *kind;
	char *plural;
	char *singular;
	char *list_kind;
	char *api_version; /* "v1", "apps/v1" */
	char *storage_key; /* "core/pods", "apps/deployments" */
	char **short_names; /* NULL-terminated */
	char **categories;  /* NULL-terminated */
	unsigned flags;
	int preferred;      /* the preferred version of its group */
	json_t *crd_version; /* CRs: the CRD's entry for this version (owned) */
	json_t *crd;         /* CRs: the whole CRD (owned), for list keys */
	struct strmap *key_cache; /* CRs: path -> list keys, filled lazily */
};

struct sim_types {
	struct sim_rtype **v;
	size_t n, alloc;
};

/* sim_types_init: the built-in types. */
void sim_types_init(struct sim_types *t);
void sim_types_release(struct sim_types *t);

/* sim_types_find: the type served at group/version/plural, or NULL. */
const struct sim_rtype *sim_types_find(const struct sim_types *t,
				       const char *group, const char *version,
				       const char *plural);

/* sim_types_find_kind: the type of apiVersion+kind, or NULL. */
const struct sim_rtype *sim_types_find_kind(const struct sim_types *t,
					    const char *api_version,
					    const char *kind);

/* sim_types_by_key: any served type with this storage key, or NULL. */
const struct sim_rtype *sim_types_by_key(const struct sim_types *t,
					 const char *storage_key);

/*
 * sim_types_add_crd: serve every served version of crd (a
 * CustomResourceDefinition object), replacing what it served before.
 * ERR_INVALID when the CRD lacks group, names.plural, names.kind or a
 * served version.
 */
int sim_types_add_crd(struct sim_types *t, const json_t *crd);

/* sim_types_remove_crd: stop serving group/plural (a CRD went away). */
void sim_types_remove_crd(struct sim_types *t, const char *group,
			  const char *plural);

/*
 * sim_types_list_keys: how the list at path merges in objects of type
 * rt, in the ssa_list_keys_fn convention (NULL atomic, "" set, "a,b"
 * map keys): the built-in schema for built-in kinds, the CRD's
 * x-kubernetes-list-type and x-kubernetes-list-map-keys markers for
 * custom resources.  ctx is a const struct sim_rtype *.
 */
const char *sim_types_list_keys(void *ctx, const char *path);

#endif
