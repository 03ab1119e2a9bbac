/*
 * watch: informers: a local copy of some objects, kept current by
 * list-then-watch, as client-go's reflector does.
 *
 * An informer lists its resource (in one namespace or all, optionally
 * with a label selector), then watches from the list's resourceVersion
 * with bookmarks; when a watch ends it watches again from the last
 * version seen; a 410 Gone (or an ERROR event) lists again; a failure
 * waits with backoff and lists again.  Every change to a cache is told
 * to the watchset's on_change callback, so waits react to events
 * instead of polling.  All informers of a set run on one client loop.
 *
 * Objects in the caches carry apiVersion and kind (a list's items lack
 * them; they are filled in).
 */
#ifndef KUBE_WATCH_H
#define KUBE_WATCH_H

#include <jansson.h>
#include "../base/strmap.h"
#include "client.h"
#include "discovery.h"
#include "health.h"

struct kube_watchset;

struct kube_informer {
	struct kube_watchset *ws;
	char *api_version;
	char *kind;
	char *plural;
	char *group;
	char *version;
	int namespaced;
	char *ns;            /* NULL: every namespace, or cluster-scoped */
	char *selector;      /* label selector, may be NULL */
	struct strmap objs;  /* "ns/name" -> json_t * (owned) */
	char *rv;            /* the last resourceVersion seen */
	int synced;          /* the first list has arrived */
	int failures;        /* in a row, for the backoff */
	struct kube_req req;
	int busy;            /* req is submitted */
	unsigned timer;
};

/* what changed: "ADDED", "MODIFIED", "DELETED" (obj is the last state) or "SYNCED" (obj NULL) */
typedef void (*kube_change_fn)(void *ctx, struct kube_informer *inf,
			       const char *type, const json_t *obj);

struct kube_watchset {
	struct kube_client *c;
	struct kube_informer **inf;
	size_t n, alloc;
	kube_change_fn on_change;
	void *ctx;
	struct buf lasterr;  /* the last failure of any informer, for messages */
};

void kube_watchset_init(struct kube_watchset *ws, struct kube_client *c,
			kube_change_fn on_change, void *ctx);
/* kube_watchset_release: cancel every watch and free the caches. */
void kube_watchset_release(struct kube_watchset *ws);

/*
 * kube_watchset_add: an informer for resource r (copied) in ns (NULL:
 * all) with selector (may be NULL), started at once; an informer with the
 * same resource, namespace and selector is returned instead of a second.
 */
struct kube_informer *kube_watchset_add(struct kube_watchset *ws,
					const struct kube_resource *r,
					const char *ns, const char *selector);

/* kube_watchset_synced: whether every informer has had its first list. */
int kube_watchset_synced(const struct kube_watchset *ws);

/* kube_informer_get: the cached object ns/name (ns NULL for cluster-scoped), borrowed, or NULL. */
const json_t *kube_informer_get(const struct kube_informer *inf, const char *ns,
				const char *name);

/*
 * kube_watchset_find: the informer that holds api_version's group and
 * kind for namespace ns (one watching every namespace will do), or NULL.
 */
struct kube_informer *kube_watchset_find(const struct kube_watchset *ws,
					 const char *api_version,
					 const char *kind, const char *ns);

/*
 * kube_watchset_find_selected: the informer with a label selector that
 * holds api_version's group and kind (in every namespace), or NULL.
 */
struct kube_informer *kube_watchset_find_selected(const struct kube_watchset *ws,
						  const char *api_version,
						  const char *kind);

/* kube_watchset_view: a health view over the caches of ws. */
void kube_watchset_view(struct kube_watchset *ws, struct kube_health_view *out);

#endif
