/*
 * discovery: which resources the API server serves, and the REST mapping
 * from an object's apiVersion and kind to the path it lives at.
 *
 * Aggregated discovery first (apidiscovery.k8s.io/v2: the whole map in
 * two requests, /api and /apis), as client-go does; a server that answers
 * the legacy shapes instead gets the per-group-version lists, fetched in
 * parallel.  The map is kept in memory for the life of the process and
 * refreshed on demand, e.g. once a CRD is Established, when a kind is
 * looked up that is not known yet.
 */
#ifndef KUBE_DISCOVERY_H
#define KUBE_DISCOVERY_H

#include <stddef.h>
#include "../base/buf.h"
#include "../base/strmap.h"
#include "client.h"

struct kube_resource {
	char *group;      /* "" for the core group */
	char *version;
	char *kind;
	char *plural;     /* the resource name: "deployments" */
	int namespaced;
};

struct kube_discovery {
	struct kube_resource *res;
	size_t n, alloc;
	struct strmap by_gvk;   /* "group/version/Kind" -> index + 1 */
	struct strmap by_gk;    /* "group/Kind" -> index + 1 (the preferred version) */
	int aggregated;         /* the server answered aggregated discovery */
};

void kube_discovery_init(struct kube_discovery *d);
void kube_discovery_release(struct kube_discovery *d);

/*
 * kube_discovery_load: (re)load the map from the server.  Errors: the
 * client's, or ERR_INVALID for answers that are not discovery documents.
 */
int kube_discovery_load(struct kube_discovery *d, struct kube_client *c);

/*
 * kube_discovery_find: the resource of api_version ("apps/v1", "v1") and
 * kind, or NULL.
 */
const struct kube_resource *kube_discovery_find(const struct kube_discovery *d,
						const char *api_version,
						const char *kind);
/* kube_discovery_find_gk: the same by group and kind, any version (the preferred one). */
const struct kube_resource *kube_discovery_find_gk(const struct kube_discovery *d,
						   const char *group, const char *kind);

/*
 * kube_resource_path: append the path of the object name in ns (name
 * NULL: the collection; ns NULL: every namespace, or a cluster-scoped
 * resource) to out.
 */
void kube_resource_path(struct buf *out, const struct kube_resource *r,
			const char *ns, const char *name);

/* kube_api_version_group: the group of "apps/v1" ("apps"; "" for "v1") into out. */
void kube_api_version_group(struct buf *out, const char *api_version);

#endif
