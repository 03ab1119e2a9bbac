/*
 * apply: put a set of objects on a cluster, in dependency order, with
 * server-side apply; remember what was applied; prune and delete it.
 *
 * Stages (ARCHITECTURE.md): Namespaces; CRDs, then a wait until each is
 * Established and discovery knows its kind; ServiceAccounts; RBAC;
 * ConfigMaps, Secrets and other configuration; Services and the rest of
 * the built-in kinds; workloads; custom resources.  Within a stage the
 * applies run in parallel (the client's bound); a stage starts when the
 * one before it is done.  Deletion runs the stages backwards.
 *
 * The inventory: every applied object carries the labels
 * app.kubernetes.io/managed-by=argolab and argolab.dev/inventory=NAME,
 * and a ConfigMap argolab-inventory-NAME in namespace default records
 * each object's apiVersion, kind, namespace and name.  Before an apply
 * changes anything the record is widened to old plus new, so a run cut
 * short leaves every object it may have made on record; after the
 * applies and the prune it is narrowed to exactly the new set.  The
 * record holds no timestamps, so applying the same objects twice leaves
 * every resourceVersion as it was, the record's included.
 *
 * Created, configured and unchanged are told apart by the object's
 * resourceVersion before (one LIST per kind, by the inventory label) and
 * after the apply.
 */
#ifndef KUBE_APPLY_H
#define KUBE_APPLY_H

#include <jansson.h>
#include "../base/buf.h"
#include "client.h"
#include "discovery.h"

#define KUBE_FIELD_MANAGER "argolab"
#define KUBE_LABEL_MANAGED "app.kubernetes.io/managed-by"
#define KUBE_LABEL_INVENTORY "argolab.dev/inventory"
#define KUBE_INVENTORY_NS "default"

enum kube_action {
	KUBE_PENDING = 0,
	KUBE_CREATED,
	KUBE_CONFIGURED,
	KUBE_UNCHANGED,
	KUBE_PRUNED,
	KUBE_DELETED,
	KUBE_FAILED,
	KUBE_ACTION_COUNT,
};

const char *kube_action_name(enum kube_action a); /* "created", ... */

enum kube_stage {
	KUBE_STAGE_NAMESPACES = 0,
	KUBE_STAGE_CRDS,
	KUBE_STAGE_SERVICEACCOUNTS,
	KUBE_STAGE_RBAC,
	KUBE_STAGE_CONFIG,
	KUBE_STAGE_SERVICES,
	KUBE_STAGE_WORKLOADS,
	KUBE_STAGE_CUSTOM,
	KUBE_STAGE_COUNT,
};

const char *kube_stage_name(enum kube_stage s); /* "namespaces", ... */

/* one object of a plan */
struct kube_item {
	json_t *obj;          /* what is applied (owned), or the live object for deletes */
	char *api_version;
	char *kind;
	char *name;
	char *ns;             /* NULL: cluster-scoped */
	enum kube_stage stage;
	size_t order;         /* its place in the objects given, kept within a stage */
	enum kube_action action;
	char *rv_before;      /* NULL: did not exist (as far as the LIST saw) */
	char *rv_after;
	struct buf msg;       /* why it failed; conflicts field by field */
	json_t *result;       /* the server's answer to the apply: its apiVersion, kind,
				 metadata and status (dry runs: the whole would-be object) */
	struct kube_req req;
};

struct kube_apply_opts {
	const char *inventory;      /* the inventory's name ("quickstart") */
	const char *profile;        /* recorded with it, may be NULL */
	int force_conflicts;
	int dry_run;                /* server-side dry run: change nothing */
	int no_prune;
	long crd_timeout_ms;        /* wait for Established: 60 s */
	/* progress, for the command to show: an item finished, a stage began or ended */
	void (*on_item)(void *ctx, const struct kube_item *it);
	void (*on_stage)(void *ctx, enum kube_stage s, int begin, size_t n);
	void *ctx;
};

struct kube_apply_result {
	struct kube_item *items;  /* the objects applied, in stage order */
	size_t n;
	struct kube_item *pruned; /* the objects pruned (or, dry run, to be) */
	size_t npruned;
	size_t counts[KUBE_ACTION_COUNT];
	long stage_ms[KUBE_STAGE_COUNT];
	long prune_ms;
};

void kube_apply_result_release(struct kube_apply_result *r);

/* kube_stage_of: the stage of an object of kind in group (custom: defined by a CRD). */
enum kube_stage kube_stage_of(const char *group, const char *kind, int custom);

/*
 * kube_apply: apply objects (a JSON array, borrowed and left unchanged;
 * each is applied with the inventory labels) to the cluster of c, in
 * stages, then prune what the
 * inventory holds that objects no longer do.  Namespaced objects without
 * a namespace go to the kubeconfig's namespace.  Every object is tried
 * even when some fail; the result says what happened to each.  Errors:
 * ERR_CONFLICT (a field owned by another manager: the message names the
 * object, the manager and each field, and suggests --force-conflicts),
 * ERR_TIMEOUT (a CRD not Established in time), ERR_NOTFOUND (a kind the
 * server does not serve), the client's errors; the first failure's
 * message is the last error, and `result` holds the rest.
 */
int kube_apply(struct kube_client *c, struct kube_discovery *d,
	       json_t *objects, const struct kube_apply_opts *o,
	       struct kube_apply_result *result);

/*
 * kube_inventory_items: the objects on record for inventory name into
 * result->items (actions PENDING), in apply order; *found 0 when there
 * is no record.  Errors: the client's; ERR_INVALID for a damaged record.
 */
int kube_inventory_items(struct kube_client *c, struct kube_discovery *d,
			 const char *name, struct kube_apply_result *result,
			 int *found);

/*
 * kube_delete: delete the objects of inventory name in reverse stage
 * order, then the record, and wait (watching) until they are gone or
 * timeout_ms passes.  On a timeout the message explains every object
 * still there: its finalizers, a namespace's Terminating conditions.
 * Errors: ERR_TIMEOUT, the client's.  *found 0: nothing on record.
 */
int kube_delete(struct kube_client *c, struct kube_discovery *d,
		const char *name, long timeout_ms, const struct kube_apply_opts *o,
		struct kube_apply_result *result, int *found);

/* kube_item_label: "deployment/argo-server in argo" (kind lower-cased) into out. */
void kube_item_label(const struct kube_item *it, struct buf *out);

#endif
