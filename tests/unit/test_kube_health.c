/*
 * Unit tests for kube/health: the per-kind readiness rules and the "why
 * not ready" text.
 *
 * Each fixture in tests/kube/health/ is a small cluster: a JSON array
 * of objects written from the API's field shapes (status fields as the
 * controllers set them, Events as kubelet and the controllers word
 * them).  The view below answers get and list from that array, so a
 * rule sees exactly what a watch cache would hold.  After every call
 * each object of the cluster must be referenced by the array alone: a
 * list the rules forgot to release, or a borrowed object they released,
 * shows as a wrong reference count.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/kube/health.h"

#define FIXTURES "tests/kube/health/"

/* 2026-01-01T00:00:00Z, the "now" of every fixture's Events */
#define NOW 1767225600LL

/* ---- a view over a JSON array --------------------------------------- */

static int field_is(const json_t *o, const char *key, const char *want)
{
	const char *s = json_string_value(json_object_get(o, key));

	return !strcmp(s ? s : "", want ? want : "");
}

static int in_ns(const json_t *o, const char *ns)
{
	return field_is(json_object_get(o, "metadata"), "namespace", ns);
}

static int of_kind(const json_t *o, const char *api_version, const char *kind)
{
	return field_is(o, "apiVersion", api_version) && field_is(o, "kind", kind);
}

static const json_t *view_get(void *ctx, const char *api_version, const char *kind,
			      const char *ns, const char *name)
{
	json_t *o;
	size_t i;

	json_array_foreach((json_t *)ctx, i, o) {
		if (of_kind(o, api_version, kind) && in_ns(o, ns) &&
		    field_is(json_object_get(o, "metadata"), "name", name))
			return o;
	}
	return NULL;
}

static json_t *view_list(void *ctx, const char *api_version, const char *kind, const char *ns)
{
	json_t *out = json_array(), *o;
	size_t i;

	json_array_foreach((json_t *)ctx, i, o) {
		if (of_kind(o, api_version, kind) && (!ns || in_ns(o, ns)))
			json_array_append(out, o);
	}
	return out;
}

static json_t *load(const char *file, struct kube_health_view *v)
{
	char path[256];
	json_error_t e;
	json_t *objs;

	snprintf(path, sizeof(path), FIXTURES "%s.json", file);
	objs = json_load_file(path, 0, &e);
	cr_assert(json_is_array(objs), "%s:%d: %s", path, e.line, e.text);
	v->get = view_get;
	v->list = view_list;
	v->ctx = objs;
	return objs;
}

static void assert_refs_balanced(const json_t *objs, const char *what)
{
	const json_t *o;
	size_t i;

	for (i = 0; i < json_array_size(objs); i++) {
		o = json_array_get(objs, i);
		cr_assert_eq(o->refcount, 1, "%s: object %zu has %zu references", what, i,
			     (size_t)o->refcount);
	}
}

/* ---- kube_health_eval ----------------------------------------------- */

#define R KUBE_HEALTH_READY
#define P KUBE_HEALTH_PROGRESSING
#define F KUBE_HEALTH_FAILED
#define M KUBE_HEALTH_MISSING

static const struct eval_case {
	const char *file, *api_version, *kind, *ns, *name; /* name NULL: a NULL object */
	enum kube_health_state state;
	const char *reason;
	int restarts, crashloop;
} eval_cases[] = {
	/* Deployment: kubectl rollout status, in its order */
	{ "deployments", "apps/v1", "Deployment", "argo", "unobserved", P,
	  "waiting for deployment spec update to be observed", 0, 0 },
	{ "deployments", "apps/v1", "Deployment", "argo", "no-status", P,
	  "waiting for deployment spec update to be observed", 0, 0 },
	{ "deployments", "apps/v1", "Deployment", "argo", "updating", P,
	  "waiting for rollout: 1 out of 2 new replicas have been updated", 0, 0 },
	{ "deployments", "apps/v1", "Deployment", "argo", "old-pending", P,
	  "waiting for rollout: 1 old replica is pending termination", 0, 0 },
	{ "deployments", "apps/v1", "Deployment", "argo", "old-pending-3", P,
	  "waiting for rollout: 3 old replicas are pending termination", 0, 0 },
	/* 3 + 1 restarts in one pod, 2 in the other's init container; the
	 * pod in another namespace and the one of another app do not count */
	{ "deployments", "apps/v1", "Deployment", "argo", "unavailable", P,
	  "waiting for rollout: 1 of 2 updated replicas are available", 6, 1 },
	{ "deployments", "apps/v1", "Deployment", "argo", "deadline", F,
	  "deployment exceeded its progress deadline", 0, 0 },
	{ "deployments", "apps/v1", "Deployment", "argo", "ready", R, "successfully rolled out", 1,
	  0 },
	{ "deployments", "apps/v1", "Deployment", "argo", "scaled-to-zero", R,
	  "successfully rolled out", 0, 0 },
	{ "deployments", "extensions/v1beta1", "Deployment", "argo", "legacy", P,
	  "waiting for rollout: 2 of 3 updated replicas are available", 0, 0 },

	/* StatefulSet */
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "unobserved", P,
	  "waiting for statefulset spec update to be observed", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "stale", P,
	  "waiting for statefulset spec update to be observed", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "not-ready", P,
	  "waiting for rollout: 1 of 3 pods are ready", 4, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "partitioned", P,
	  "waiting for partitioned rollout: 1 out of 2 new pods have been updated", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "partition-done", R,
	  "partitioned rollout complete: 1 new pod has been updated", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "updating", P,
	  "waiting for rollout: 2 out of 3 new pods have been updated", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "revision", P,
	  "waiting for rolling update to complete: 2 pods at revision revision-2", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "ready", R,
	  "rolling update complete: 2 pods at revision ready-2", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "on-delete", R,
	  "2 of 2 pods are ready (OnDelete: pods update when deleted)", 0, 0 },
	{ "statefulsets", "apps/v1", "StatefulSet", "db", "on-delete-waiting", P,
	  "waiting for rollout: 0 of 2 pods are ready", 0, 0 },

	/* DaemonSet */
	{ "daemonsets", "apps/v1", "DaemonSet", "kube-system", "unobserved", P,
	  "waiting for daemon set spec update to be observed", 0, 0 },
	{ "daemonsets", "apps/v1", "DaemonSet", "kube-system", "stale", P,
	  "waiting for daemon set spec update to be observed", 0, 0 },
	{ "daemonsets", "apps/v1", "DaemonSet", "kube-system", "updating", P,
	  "waiting for rollout: 1 out of 3 new pods have been updated", 0, 0 },
	{ "daemonsets", "apps/v1", "DaemonSet", "kube-system", "unavailable", P,
	  "waiting for rollout: 2 of 3 updated pods are available", 9, 1 },
	{ "daemonsets", "apps/v1", "DaemonSet", "kube-system", "ready", R,
	  "successfully rolled out", 0, 0 },

	/* ReplicaSet */
	{ "replicasets", "apps/v1", "ReplicaSet", "argo", "stale", P,
	  "waiting for replica set spec update to be observed", 0, 0 },
	{ "replicasets", "apps/v1", "ReplicaSet", "argo", "quota", P,
	  "replica failure: FailedCreate", 0, 0 },
	{ "replicasets", "apps/v1", "ReplicaSet", "argo", "unavailable", P,
	  "1 of 2 replicas are available", 0, 0 },
	{ "replicasets", "apps/v1", "ReplicaSet", "argo", "scaling-down", P,
	  "2 extra replicas are pending termination", 0, 0 },
	{ "replicasets", "apps/v1", "ReplicaSet", "argo", "ready", R,
	  "2 of 2 replicas are available", 5, 0 },

	/* Pod */
	{ "pods", "v1", "Pod", "argo", "pending", P, "pod is Pending: 0/1 containers ready", 0, 0 },
	{ "pods", "v1", "Pod", "argo", "unschedulable", P,
	  "pod is Pending: 0/1 containers ready (not scheduled: Unschedulable)", 0, 0 },
	{ "pods", "v1", "Pod", "argo", "image-pull", P,
	  "pod is Pending: 0/1 containers ready (container main: ImagePullBackOff)", 0, 0 },
	{ "pods", "v1", "Pod", "argo", "init-crash", P,
	  "pod is Pending: 0/1 containers ready (init container migrate: CrashLoopBackOff)", 6, 1 },
	{ "pods", "v1", "Pod", "argo", "running-not-ready", P,
	  "pod is Running: 1/2 containers ready", 0, 0 },
	{ "pods", "v1", "Pod", "argo", "crashloop", P,
	  "pod is Running: 0/1 containers ready (container main: CrashLoopBackOff)", 4, 1 },
	{ "pods", "v1", "Pod", "argo", "ready", R, "pod is Running: 1/1 containers ready", 1, 0 },
	{ "pods", "v1", "Pod", "argo", "evicted", F, "pod has Failed: Evicted", 0, 0 },
	{ "pods", "v1", "Pod", "argo", "failed", F, "pod has Failed", 0, 0 },
	{ "pods", "v1", "Pod", "argo", "job-pod", R, "pod has Succeeded (its job's work is done)",
	  0, 0 },
	{ "pods", "v1", "Pod", "argo", "bare-done", F, "pod has Succeeded and will not run again",
	  0, 0 },
	{ "pods", "v1", "Pod", "argo", "new", P, "pod phase is not yet reported", 0, 0 },

	/* Job */
	{ "jobs", "batch/v1", "Job", "argo", "complete", R, "job has completed: 1 succeeded", 0, 0 },
	{ "jobs", "batch/v1", "Job", "argo", "failed", F, "job has failed: BackoffLimitExceeded", 0,
	  0 },
	{ "jobs", "batch/v1", "Job", "argo", "running", P,
	  "job is running: 1 active, 0 succeeded, 2 failed", 2, 1 },
	{ "jobs", "batch/v1", "Job", "argo", "not-started", P, "job has not started", 0, 0 },
	{ "jobs", "batch/v1", "Job", "argo", "suspended", P, "job is suspended", 0, 0 },

	/* Service */
	{ "services", "v1", "Service", "argo", "argo-server", R, "service has 2 ready endpoints", 0,
	  0 },
	{ "services", "v1", "Service", "argo", "postgres", P,
	  "service has no ready endpoints (1 not ready)", 0, 0 },
	{ "services", "v1", "Service", "argo", "minio", P,
	  "service has no ready endpoints (0 not ready)", 0, 0 },
	{ "services", "v1", "Service", "argo", "fresh", P, "service has no endpoints yet", 0, 0 },
	{ "services", "v1", "Service", "argo", "by-hand", R,
	  "service has no selector (its endpoints are managed by hand)", 0, 0 },
	{ "services", "v1", "Service", "argo", "empty-selector", R,
	  "service has no selector (its endpoints are managed by hand)", 0, 0 },
	{ "services", "v1", "Service", "argo", "external", R,
	  "service is ExternalName (no endpoints needed)", 0, 0 },

	/* PersistentVolumeClaim */
	{ "pvcs", "v1", "PersistentVolumeClaim", "argo", "bound", R, "pvc is Bound", 0, 0 },
	{ "pvcs", "v1", "PersistentVolumeClaim", "argo", "first-consumer", R,
	  "pvc is Pending (storage class \"standard\" binds on first consumer)", 0, 0 },
	/* two default classes: the newer wins */
	{ "pvcs", "v1", "PersistentVolumeClaim", "argo", "default-class", R,
	  "pvc is Pending (storage class \"local-path\" binds on first consumer)", 0, 0 },
	{ "pvcs", "v1", "PersistentVolumeClaim", "argo", "immediate", P,
	  "pvc is Pending (storage class \"fast\" binds immediately)", 0, 0 },
	{ "pvcs", "v1", "PersistentVolumeClaim", "argo", "no-such-class", P,
	  "pvc is Pending (storage class \"gold\" not found)", 0, 0 },
	{ "pvcs", "v1", "PersistentVolumeClaim", "argo", "no-class", P,
	  "pvc is Pending (no storage class: waiting for a matching volume)", 0, 0 },
	{ "pvcs", "v1", "PersistentVolumeClaim", "argo", "lost", F,
	  "pvc is Lost (its volume is gone)", 0, 0 },
	{ "pvcs-nodefault", "v1", "PersistentVolumeClaim", "argo", "beta-default", P,
	  "pvc is Pending (storage class \"beta-default\" binds immediately)", 0, 0 },
	{ "pvcs-noclass", "v1", "PersistentVolumeClaim", "argo", "no-default", P,
	  "pvc is Pending (no storage class and no default class)", 0, 0 },

	/* CustomResourceDefinition */
	{ "crds", "apiextensions.k8s.io/v1", "CustomResourceDefinition", NULL,
	  "workflows.argoproj.io", R, "crd is Established", 0, 0 },
	{ "crds", "apiextensions.k8s.io/v1", "CustomResourceDefinition", NULL,
	  "workflows2.argoproj.io", F, "crd names are not accepted: PluralConflict", 0, 0 },
	{ "crds", "apiextensions.k8s.io/v1", "CustomResourceDefinition", NULL,
	  "installing.argoproj.io", P, "crd is not Established", 0, 0 },
	{ "crds", "apiextensions.k8s.io/v1", "CustomResourceDefinition", NULL, "new.argoproj.io",
	  P, "crd is not Established", 0, 0 },

	/* anything else exists; a Deployment of another group is anything else */
	{ "other", "v1", "ConfigMap", "argo", "workflow-controller-configmap", R, "exists", 0, 0 },
	{ "other", "v1", "Secret", "argo", "argo-postgres-config", R, "exists", 0, 0 },
	{ "other", "argoproj.io/v1alpha1", "Workflow", "argo", "hello", R, "exists", 0, 0 },
	{ "other", "example.com/v1", "Deployment", "argo", "not-apps", R, "exists", 0, 0 },
	{ "other", "v1", "ConfigMap", "argo", NULL, M, "not found", 0, 0 },
};

static void check_eval(const char *file)
{
	struct kube_health_view v;
	json_t *objs = load(file, &v);
	size_t i, n = 0;

	for (i = 0; i < sizeof(eval_cases) / sizeof(eval_cases[0]); i++) {
		const struct eval_case *c = &eval_cases[i];
		struct kube_health h = KUBE_HEALTH_INIT;
		const json_t *obj = NULL;

		if (strcmp(c->file, file))
			continue;
		n++;
		if (c->name) {
			obj = view_get(objs, c->api_version, c->kind, c->ns, c->name);
			cr_assert(obj, "%s: no %s %s", file, c->kind, c->name);
		}
		kube_health_eval(obj, &v, &h);
		cr_expect_eq(h.state, c->state, "%s %s/%s: state %s, want %s", file, c->kind,
			     c->name, kube_health_state_name(h.state),
			     kube_health_state_name(c->state));
		cr_expect_str_eq(h.reason.ptr, c->reason, "%s %s/%s: reason", file, c->kind,
				 c->name);
		cr_expect_eq(h.restarts, c->restarts, "%s %s/%s: restarts %d, want %d", file,
			     c->kind, c->name, h.restarts, c->restarts);
		cr_expect_eq(h.crashloop, c->crashloop, "%s %s/%s: crashloop %d, want %d", file,
			     c->kind, c->name, h.crashloop, c->crashloop);
		kube_health_release(&h);
		assert_refs_balanced(objs, c->name ? c->name : "(null)");
	}
	cr_assert(n > 0, "no cases for %s", file);
	json_decref(objs);
}

Test(kube_health_eval, deployment) { check_eval("deployments"); }
Test(kube_health_eval, statefulset) { check_eval("statefulsets"); }
Test(kube_health_eval, daemonset) { check_eval("daemonsets"); }
Test(kube_health_eval, replicaset) { check_eval("replicasets"); }
Test(kube_health_eval, pod) { check_eval("pods"); }
Test(kube_health_eval, job) { check_eval("jobs"); }
Test(kube_health_eval, service) { check_eval("services"); }
Test(kube_health_eval, pvc) { check_eval("pvcs"); }
Test(kube_health_eval, pvc_beta_default_class) { check_eval("pvcs-nodefault"); }
Test(kube_health_eval, pvc_no_default_class) { check_eval("pvcs-noclass"); }
Test(kube_health_eval, crd) { check_eval("crds"); }
Test(kube_health_eval, other_kinds_and_missing) { check_eval("other"); }

Test(kube_health_eval, reuses_the_reason_buffer)
{
	struct kube_health_view v;
	json_t *objs = load("deployments", &v);
	struct kube_health h = KUBE_HEALTH_INIT;
	char *first;

	kube_health_eval(view_get(objs, "apps/v1", "Deployment", "argo", "unavailable"), &v, &h);
	cr_assert_eq(h.restarts, 6);
	first = h.reason.ptr;
	kube_health_eval(view_get(objs, "apps/v1", "Deployment", "argo", "ready"), &v, &h);
	cr_expect_eq(h.reason.ptr, first, "the reason buffer was reallocated");
	cr_expect_str_eq(h.reason.ptr, "successfully rolled out");
	cr_expect_eq(h.restarts, 1, "restarts are not reset: %d", h.restarts);
	cr_expect_eq(h.crashloop, 0);
	kube_health_eval(NULL, &v, &h);
	cr_expect_eq(h.state, KUBE_HEALTH_MISSING);
	cr_expect_eq(h.restarts, 0);
	kube_health_release(&h);
	kube_health_release(&h);
	kube_health_release(NULL);
	json_decref(objs);
}

/* a view that has nothing: every rule must still answer */
Test(kube_health_eval, without_a_view)
{
	struct kube_health_view v;
	json_t *objs = load("services", &v);
	struct kube_health h = KUBE_HEALTH_INIT;
	struct kube_health_view empty = { NULL, NULL, NULL };

	kube_health_eval(view_get(objs, "v1", "Service", "argo", "argo-server"), &empty, &h);
	cr_expect_eq(h.state, KUBE_HEALTH_PROGRESSING);
	cr_expect_str_eq(h.reason.ptr, "service has no endpoints yet");
	kube_health_release(&h);
	json_decref(objs);
}

Test(kube_health, state_names)
{
	cr_expect_str_eq(kube_health_state_name(KUBE_HEALTH_READY), "ready");
	cr_expect_str_eq(kube_health_state_name(KUBE_HEALTH_PROGRESSING), "progressing");
	cr_expect_str_eq(kube_health_state_name(KUBE_HEALTH_FAILED), "failed");
	cr_expect_str_eq(kube_health_state_name(KUBE_HEALTH_MISSING), "missing");
}

/* ---- kube_health_explain -------------------------------------------- */

#define CRASH_POD "argo-server-5f7c9d8b4-x2k9q"
#define PG_POD "postgres-6b5c6d8c9-abcde"

#define CRASH_CONTAINERS(in)                                                                   \
	in "container argo-server: waiting: CrashLoopBackOff: back-off 40s restarting failed "      \
	   "container=argo-server pod=" CRASH_POD "_argo(3b1c7e52)\n"                              \
	in "container argo-server: last terminated: Error (exit code 1): level=fatal "              \
	   "msg=\"dial tcp 10.96.0.12:5432: connect: connection refused\"\n"

#define CRASH_EVENT_SCHEDULED(in)                                                              \
	in "event Normal Scheduled pod/" CRASH_POD ": Successfully assigned argo/" CRASH_POD       \
	   " to kind-control-plane (x1, 2m1s ago)\n"
#define CRASH_EVENT_SCALED(in)                                                                 \
	in "event Normal ScalingReplicaSet deployment/argo-server: Scaled up replica set "         \
	   "argo-server-5f7c9d8b4 to 1 (x1, 2m ago)\n"
#define CRASH_EVENT_PULLED(in)                                                                 \
	in "event Normal Pulled pod/" CRASH_POD ": Container image "                               \
	   "\"quay.io/argoproj/argocli:v3.5.5\" already present on machine (x4, 40s ago)\n"
#define CRASH_EVENT_STARTED(in)                                                                \
	in "event Normal Started pod/" CRASH_POD ": Started container argo-server (x4, 30s ago)\n"
#define CRASH_EVENT_BACKOFF(in)                                                                \
	in "event Warning BackOff pod/" CRASH_POD ": Back-off restarting failed container "         \
	   "argo-server in pod " CRASH_POD "_argo(3b1c7e52) (x5, 12s ago)\n"

#define PG_EVENT_STARTED(in)                                                                   \
	in "event Normal Started pod/" PG_POD ": Started container postgres (x1, 2m ago)\n"
#define PG_EVENT_UNHEALTHY(in)                                                                 \
	in "event Warning Unhealthy pod/" PG_POD ": Readiness probe failed: psql: error: "          \
	   "connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: No such "  \
	   "file or directory Is the server running locally and accepting connections on that "    \
	   "socket? (x12, 3s ago)\n"

static const struct explain_case {
	const char *what, *file, *api_version, *kind, *ns, *name;
	int indent, max_events;
	const char *want;
} explain_cases[] = {
	{ "a crash-looping deployment: its pod, containers and events, newest last",
	  "explain-crashloop", "apps/v1", "Deployment", "argo", "argo-server", 0, 10,
	  "deployment/argo-server in argo: waiting for rollout: 0 of 1 updated replicas are "
	  "available\n"
	  "  condition Available=False: MinimumReplicasUnavailable: Deployment does not have "
	  "minimum availability.\n"
	  "  pod " CRASH_POD ": Running, not ready, 3 restarts\n"
	  CRASH_CONTAINERS("    ")
	  CRASH_EVENT_SCHEDULED("  ")
	  CRASH_EVENT_SCALED("  ")
	  CRASH_EVENT_PULLED("  ")
	  CRASH_EVENT_STARTED("  ")
	  CRASH_EVENT_BACKOFF("  ") },
	{ "max_events keeps the newest, still newest last, at any indent", "explain-crashloop",
	  "apps/v1", "Deployment", "argo", "argo-server", 4, 2,
	  "    deployment/argo-server in argo: waiting for rollout: 0 of 1 updated replicas are "
	  "available\n"
	  "      condition Available=False: MinimumReplicasUnavailable: Deployment does not have "
	  "minimum availability.\n"
	  "      pod " CRASH_POD ": Running, not ready, 3 restarts\n"
	  CRASH_CONTAINERS("        ")
	  CRASH_EVENT_STARTED("      ")
	  CRASH_EVENT_BACKOFF("      ") },
	{ "no events at all with max_events 0", "explain-crashloop", "apps/v1", "Deployment",
	  "argo", "argo-server", 0, 0,
	  "deployment/argo-server in argo: waiting for rollout: 0 of 1 updated replicas are "
	  "available\n"
	  "  condition Available=False: MinimumReplicasUnavailable: Deployment does not have "
	  "minimum availability.\n"
	  "  pod " CRASH_POD ": Running, not ready, 3 restarts\n"
	  CRASH_CONTAINERS("    ") },
	{ "a pod by itself: all its conditions and only its own events", "explain-crashloop", "v1",
	  "Pod", "argo", CRASH_POD, 0, 3,
	  "pod/" CRASH_POD " in argo: pod is Running: 0/1 containers ready (container "
	  "argo-server: CrashLoopBackOff)\n"
	  "  condition Ready=False: ContainersNotReady: containers with unready status: "
	  "[argo-server]\n"
	  "  condition ContainersReady=False: ContainersNotReady: containers with unready "
	  "status: [argo-server]\n"
	  CRASH_CONTAINERS("  ")
	  CRASH_EVENT_PULLED("  ")
	  CRASH_EVENT_STARTED("  ")
	  CRASH_EVENT_BACKOFF("  ") },
	{ "a postgres whose readiness probe fails: the probe's output on one line",
	  "explain-postgres", "apps/v1", "Deployment", "argo", "postgres", 0, 5,
	  "deployment/postgres in argo: waiting for rollout: 0 of 1 updated replicas are "
	  "available\n"
	  "  condition Available=False: MinimumReplicasUnavailable: Deployment does not have "
	  "minimum availability.\n"
	  "  pod " PG_POD ": Running, not ready, 0 restarts\n"
	  "    container postgres: running, not ready\n"
	  PG_EVENT_STARTED("  ")
	  PG_EVENT_UNHEALTHY("  ") },
	{ "its Service: the pods behind it and its own events, escapes defused",
	  "explain-postgres", "v1", "Service", "argo", "postgres", 2, 5,
	  "  service/postgres in argo: service has no ready endpoints (1 not ready)\n"
	  "    pod " PG_POD ": Running, not ready, 0 restarts\n"
	  "      container postgres: running, not ready\n"
	  "    event Warning FailedToUpdateEndpoint service/postgres: Failed to update endpoint "
	  "argo/postgres: [31mconflict [0m (x1, 4h ago)\n"
	  PG_EVENT_STARTED("    ")
	  PG_EVENT_UNHEALTHY("    ") },
	{ "a cluster-scoped object has no namespace", "crds", "apiextensions.k8s.io/v1",
	  "CustomResourceDefinition", NULL, "workflows2.argoproj.io", 0, 5,
	  "customresourcedefinition/workflows2.argoproj.io: crd names are not accepted: "
	  "PluralConflict\n"
	  "  condition Established=False: NotAccepted: not all names are accepted\n"
	  "  condition NamesAccepted=False: PluralConflict: \"workflows\" is already in use\n" },
	{ "a failed job: the conditions that are not as wanted, True or False", "jobs", "batch/v1",
	  "Job", "argo", "failed", 0, 5,
	  "job/failed in argo: job has failed: BackoffLimitExceeded\n"
	  "  condition FailureTarget=True: BackoffLimitExceeded\n"
	  "  condition Failed=True: BackoffLimitExceeded: Job has reached the specified backoff "
	  "limit\n" },
	{ "an unschedulable pod says why", "pods", "v1", "Pod", "argo", "unschedulable", 0, 5,
	  "pod/unschedulable in argo: pod is Pending: 0/1 containers ready (not scheduled: "
	  "Unschedulable)\n"
	  "  condition PodScheduled=False: Unschedulable: 0/1 nodes are available: 1 "
	  "Insufficient memory.\n" },
	{ "nothing for a ready object", "explain-crashloop", "v1", "Pod", "argo",
	  "postgres-6b5c6d8c9-abcde", 0, 5, "" },
	{ "nothing for a ready Secret", "other", "v1", "Secret", "argo", "argo-postgres-config", 0,
	  5, "" },
	{ "a missing object", "other", "v1", "ConfigMap", "argo", NULL, 2, 5, "  not found\n" },
};

Test(kube_health_explain, cases)
{
	size_t i;

	for (i = 0; i < sizeof(explain_cases) / sizeof(explain_cases[0]); i++) {
		const struct explain_case *c = &explain_cases[i];
		struct kube_health_view v;
		json_t *objs = load(c->file, &v);
		struct buf out = BUF_INIT;
		const json_t *obj = NULL;

		buf_adds(&out, "before\n");
		if (c->name) {
			obj = view_get(objs, c->api_version, c->kind, c->ns, c->name);
			cr_assert(obj, "%s: no %s %s", c->file, c->kind, c->name);
		}
		kube_health_explain(obj, &v, c->indent, c->max_events, NOW, &out);
		cr_expect_str_eq(out.ptr + strlen("before\n"), c->want, "%s: got\n%s", c->what,
				 out.ptr + strlen("before\n"));
		cr_expect_eq(strncmp(out.ptr, "before\n", 7), 0, "%s: out was not appended to",
			     c->what);
		assert_refs_balanced(objs, c->what);
		buf_release(&out);
		json_decref(objs);
	}
}
