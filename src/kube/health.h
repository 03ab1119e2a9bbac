/*
 * health: is this object ready, and if not, why not.
 *
 * Rules per kind, each following the upstream logic it names in its
 * comment (kubectl's rollout status, the workload controllers' status
 * fields, kstatus where kubectl has no rule):
 *   Deployment   as `kubectl rollout status` (observedGeneration, updated,
 *                old pending termination, available; a Progressing
 *                condition with reason ProgressDeadlineExceeded fails)
 *   StatefulSet  as rollout status for RollingUpdate (observedGeneration,
 *                readyReplicas, partition, currentRevision ==
 *                updateRevision); OnDelete: readyReplicas == replicas
 *   DaemonSet    updatedNumberScheduled and numberAvailable reach
 *                desiredNumberScheduled, observedGeneration current
 *   ReplicaSet   observedGeneration current, availableReplicas ==
 *                spec.replicas
 *   Pod          Ready=True (Running); Succeeded counts as done for a
 *                pod owned by a Job, Failed fails
 *   Job          Complete=True; Failed=True fails
 *   Service      ExternalName: ready; otherwise at least one ready
 *                address in its Endpoints when it has a selector
 *   PVC          Bound; Pending on a StorageClass with
 *                volumeBindingMode WaitForFirstConsumer is ready (not a
 *                blocker: it binds when its pod is scheduled)
 *   CRD          Established=True; NamesAccepted=False fails
 *   anything else: it exists.
 * A workload whose pods restart or sit in CrashLoopBackOff is still
 * "progressing", with the restarts counted, so the caller can tolerate a
 * crash loop that converges (argo-server before postgres is Ready).
 *
 * The rules read the cluster only through a view the caller provides
 * (its watch caches), so they are pure functions, tested on fixtures.
 */
#ifndef KUBE_HEALTH_H
#define KUBE_HEALTH_H

#include <jansson.h>
#include "../base/buf.h"

enum kube_health_state {
	KUBE_HEALTH_READY = 0,
	KUBE_HEALTH_PROGRESSING, /* not yet; may still become ready */
	KUBE_HEALTH_FAILED,      /* will not become ready without a change */
	KUBE_HEALTH_MISSING,     /* the object does not exist */
};

struct kube_health {
	enum kube_health_state state;
	struct buf reason;   /* one line, lower case: "1 of 2 updated replicas are available" */
	int restarts;        /* workloads and pods: the sum of container restarts */
	int crashloop;       /* some container is waiting in CrashLoopBackOff */
};

#define KUBE_HEALTH_INIT { KUBE_HEALTH_MISSING, BUF_INIT, 0, 0 }

/*
 * What the rules may look up.  get returns the object (borrowed, valid
 * until the caller's next change to its cache) or NULL; list returns a
 * new reference to a JSON array (possibly empty) of every object of the
 * kind in namespace ns (NULL: cluster-scoped kinds, or every namespace).
 * api_version is "v1", "apps/v1", "storage.k8s.io/v1", ...
 */
struct kube_health_view {
	const json_t *(*get)(void *ctx, const char *api_version, const char *kind,
			     const char *ns, const char *name);
	json_t *(*list)(void *ctx, const char *api_version, const char *kind,
			const char *ns);
	void *ctx;
};

const char *kube_health_state_name(enum kube_health_state s); /* "ready", ... */

/*
 * kube_health_eval: the state of obj (NULL: MISSING) into *out (its
 * reason buffer is reset, not reallocated).
 */
void kube_health_eval(const json_t *obj, const struct kube_health_view *v,
		      struct kube_health *out);
void kube_health_release(struct kube_health *h);

/*
 * kube_health_explain: why obj is not ready, as lines indented by
 * indent spaces, appended to out:
 *   - its state's reason, and every condition that is not as wanted,
 *     with its reason and message;
 *   - for a workload (Deployment, ReplicaSet, StatefulSet, DaemonSet,
 *     Job) the pods its spec.selector matches, and for a Service the
 *     pods its selector matches: for each pod its phase, Ready condition,
 *     restart count, each container's waiting reason and message (e.g.
 *     CrashLoopBackOff, ImagePullBackOff), its last termination's reason
 *     and exit code;
 *   - the last events (at most max_events, newest last) of the object
 *     and of each such pod: type, reason, message, count ("x12") and age
 *     relative to now (Unix seconds).
 * Nothing is printed for a ready object.
 */
void kube_health_explain(const json_t *obj, const struct kube_health_view *v,
			 int indent, int max_events, long long now,
			 struct buf *out);

#endif
