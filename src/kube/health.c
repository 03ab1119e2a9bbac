/*
 * health: is this object ready, and if not, why not.  See health.h.
 *
 * One rule per kind, chosen by apiVersion group and kind (any version:
 * extensions/v1beta1 Deployments follow the apps rule, as in kubectl's
 * StatusViewerFor).  Each rule reads only the object's own status and,
 * where the status does not say enough (Service endpoints, a PVC's
 * StorageClass, a workload's pods), what the caller's view returns.
 * The rules follow kubectl's rollout status where kubectl has one, and
 * kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status/core.go) where it
 * has not; where we differ from them the rule's comment says why.
 *
 * The explanation is built from the same view: the object's conditions
 * that are not as wanted, the pods its selector matches (sorted by
 * name, so the text is the same whatever order the view lists them in)
 * and the Events of the object and of those pods.  It only ever shows
 * status fields, conditions and Event texts, never an object's data, so
 * a Secret cannot leak through it; control characters in messages
 * become spaces, so each item stays one line and no escape sequence
 * from the cluster reaches a terminal.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/clock.h"
#include "../doc/labelsel.h"
#include "health.h"

/* ---- reading objects ------------------------------------------------- */

/* AT(v, "status", "replicas"): v.status.replicas, NULL where absent */
#define AT(v, ...) dig((v), __VA_ARGS__, (const char *)NULL)

static const json_t *dig(const json_t *v, ...)
{
	va_list ap;
	const char *key;

	va_start(ap, v);
	while (v && (key = va_arg(ap, const char *)))
		v = json_object_get(v, key);
	va_end(ap);
	return v;
}

static long long num(const json_t *v, long long def)
{
	return json_is_integer(v) ? (long long)json_integer_value(v) : def;
}

/* the string v, or "" */
static const char *str(const json_t *v)
{
	const char *s = json_string_value(v);

	return s ? s : "";
}

static int is(const json_t *v, const char *s)
{
	const char *t = json_string_value(v);

	return t && !strcmp(t, s);
}

static const char *plural(long long n)
{
	return n == 1 ? "" : "s";
}

/* status.conditions[type == type] */
static const json_t *condition(const json_t *obj, const char *type)
{
	const json_t *conds = AT(obj, "status", "conditions"), *c;
	size_t i;

	for (i = 0; i < json_array_size(conds); i++) {
		c = json_array_get(conds, i);
		if (is(json_object_get(c, "type"), type))
			return c;
	}
	return NULL;
}

/* whether condition type of obj has status want ("True", "False") */
static int cond_is(const json_t *obj, const char *type, const char *want)
{
	return is(json_object_get(condition(obj, type), "status"), want);
}

/* the group of an apiVersion: "apps/v1" -> "apps", "v1" -> "" */
static int group_is(const json_t *obj, const char *group)
{
	const char *av = str(json_object_get(obj, "apiVersion"));
	const char *slash = strchr(av, '/');
	size_t n = slash ? (size_t)(slash - av) : 0;

	return strlen(group) == n && !strncmp(av, group, n);
}

/* ---- results --------------------------------------------------------- */

static void set(struct kube_health *out, enum kube_health_state state, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set(struct kube_health *out, enum kube_health_state state, const char *fmt, ...)
{
	va_list ap;

	out->state = state;
	buf_reset(&out->reason);
	va_start(ap, fmt);
	buf_vaddf(&out->reason, fmt, ap);
	va_end(ap);
}

#define READY KUBE_HEALTH_READY
#define PROGRESSING KUBE_HEALTH_PROGRESSING
#define FAILED KUBE_HEALTH_FAILED

/* ---- pods ------------------------------------------------------------ */

/* the container statuses of a pod, init containers first */
static const char *const status_lists[] = { "initContainerStatuses", "containerStatuses" };

/* restarts and CrashLoopBackOff of every container of pod, added to out */
static void tally_pod(const json_t *pod, struct kube_health *out)
{
	size_t l, i;

	for (l = 0; l < 2; l++) {
		const json_t *list = AT(pod, "status", status_lists[l]);

		for (i = 0; i < json_array_size(list); i++) {
			const json_t *cs = json_array_get(list, i);
			long long r = num(json_object_get(cs, "restartCount"), 0);

			out->restarts = r > INT_MAX - out->restarts ? INT_MAX : out->restarts + (int)r;
			if (is(AT(cs, "state", "waiting", "reason"), "CrashLoopBackOff"))
				out->crashloop = 1;
		}
	}
}

static long long pod_restarts(const json_t *pod)
{
	struct kube_health h = KUBE_HEALTH_INIT;

	tally_pod(pod, &h);
	return h.restarts;
}

/*
 * The pods a selector matches in a namespace: borrowed from the view's
 * list, which this holds, sorted by name.
 */
struct pods {
	json_t *list;
	const json_t **v;
	size_t n, alloc;
};

static int by_name(const void *a, const void *b)
{
	const json_t *const *x = a, *const *y = b;

	return strcmp(str(AT(*x, "metadata", "name")), str(AT(*y, "metadata", "name")));
}

/* selector: a LabelSelector object; NULL finds nothing */
static void pods_find(struct pods *p, const json_t *selector, const char *ns,
		      const struct kube_health_view *v)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!selector || !v || !v->list)
		return;
	p->list = v->list(v->ctx, "v1", "Pod", ns);
	for (i = 0; i < json_array_size(p->list); i++) {
		const json_t *pod = json_array_get(p->list, i);

		if (strcmp(str(AT(pod, "metadata", "namespace")), ns ? ns : ""))
			continue;
		if (label_selector_obj_matches(selector, AT(pod, "metadata", "labels")) != 1)
			continue;
		ALLOC_GROW(p->v, p->n + 1, p->alloc);
		p->v[p->n++] = pod;
	}
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), by_name);
}

static void pods_release(struct pods *p)
{
	free(p->v);
	json_decref(p->list);
	memset(p, 0, sizeof(*p));
}

/*
 * The pods of a workload or a Service.  A Service's selector is a plain
 * map, matchLabels in all but name; an empty one selects nothing (the
 * endpoints controller ignores such a Service), unlike an empty
 * LabelSelector, which selects everything.
 */
static void pods_of(struct pods *p, const json_t *obj, int service,
		    const struct kube_health_view *v)
{
	const char *ns = json_string_value(AT(obj, "metadata", "namespace"));
	const json_t *sel = AT(obj, "spec", "selector");
	json_t *wrap = NULL;

	if (service) {
		if (json_object_size(sel)) {
			wrap = json_object();
			json_object_set(wrap, "matchLabels", (json_t *)sel);
		}
		sel = wrap;
	}
	pods_find(p, sel, ns, v);
	json_decref(wrap);
}

/* restarts and crash loops of a workload's pods */
static void tally_workload(const json_t *obj, const struct kube_health_view *v,
			   struct kube_health *out)
{
	struct pods pods;
	size_t i;

	pods_of(&pods, obj, 0, v);
	for (i = 0; i < pods.n; i++)
		tally_pod(pods.v[i], out);
	pods_release(&pods);
}

/* ---- the rules ------------------------------------------------------- */

typedef void rule_fn(const json_t *obj, const struct kube_health_view *v,
		     struct kube_health *out);

static long long generation(const json_t *obj)
{
	return num(AT(obj, "metadata", "generation"), 0);
}

static long long observed(const json_t *obj)
{
	return num(AT(obj, "status", "observedGeneration"), 0);
}

/* spec.replicas; the API server defaults it to 1 */
static long long spec_replicas(const json_t *obj)
{
	return num(AT(obj, "spec", "replicas"), 1);
}

static long long status_num(const json_t *obj, const char *field)
{
	return num(AT(obj, "status", field), 0);
}

/*
 * Deployment: DeploymentStatusViewer.Status of kubectl
 * (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go),
 * check for check and in its order.  kubectl skips the updated check
 * when spec.replicas is nil; a Deployment read from the API server
 * always has it, so we take the server's default of 1 instead.  kstatus
 * also waits for Available=True, which rollout status does not: we do
 * as kubectl, whose answer users compare ours with.
 */
static void eval_deployment(const json_t *o, const struct kube_health_view *v,
			    struct kube_health *out)
{
	long long want = spec_replicas(o), replicas = status_num(o, "replicas");
	long long updated = status_num(o, "updatedReplicas");
	long long available = status_num(o, "availableReplicas");

	tally_workload(o, v, out);
	if (generation(o) > observed(o))
		set(out, PROGRESSING, "waiting for deployment spec update to be observed");
	else if (is(json_object_get(condition(o, "Progressing"), "reason"),
		    "ProgressDeadlineExceeded"))
		set(out, FAILED, "deployment exceeded its progress deadline");
	else if (updated < want)
		set(out, PROGRESSING,
		    "waiting for rollout: %lld out of %lld new replicas have been updated", updated,
		    want);
	else if (replicas > updated)
		set(out, PROGRESSING, "waiting for rollout: %lld old replica%s pending termination",
		    replicas - updated, replicas - updated == 1 ? " is" : "s are");
	else if (available < updated)
		set(out, PROGRESSING, "waiting for rollout: %lld of %lld updated replicas are available",
		    available, updated);
	else
		set(out, READY, "successfully rolled out");
}

/*
 * StatefulSet: StatefulSetStatusViewer.Status of kubectl
 * (rollout_status.go), with kstatus's stsConditions (core.go) for what
 * kubectl refuses: an OnDelete StatefulSet is ready when its pods are,
 * since its pods only change when someone deletes them.  A missing
 * updateStrategy is RollingUpdate, as the API server defaults it.
 * kubectl stops at the partition check whenever rollingUpdate is set
 * (the server always sets partition: 0); with partition 0 we also wait
 * for currentRevision == updateRevision, which the controller sets when
 * the whole set is at the new revision, as kubectl does when
 * rollingUpdate is absent.
 */
static void eval_statefulset(const json_t *o, const struct kube_health_view *v,
			     struct kube_health *out)
{
	long long want = spec_replicas(o), ready = status_num(o, "readyReplicas");
	long long updated = status_num(o, "updatedReplicas");
	long long partition = num(AT(o, "spec", "updateStrategy", "rollingUpdate", "partition"), 0);
	const char *cur = str(AT(o, "status", "currentRevision"));
	const char *upd = str(AT(o, "status", "updateRevision"));

	tally_workload(o, v, out);
	if (observed(o) == 0 || generation(o) > observed(o))
		set(out, PROGRESSING, "waiting for statefulset spec update to be observed");
	else if (ready < want)
		set(out, PROGRESSING, "waiting for rollout: %lld of %lld pods are ready", ready, want);
	else if (is(AT(o, "spec", "updateStrategy", "type"), "OnDelete"))
		set(out, READY, "%lld of %lld pods are ready (OnDelete: pods update when deleted)",
		    ready, want);
	else if (partition > 0 && updated < want - partition)
		set(out, PROGRESSING,
		    "waiting for partitioned rollout: %lld out of %lld new pods have been updated",
		    updated, want - partition);
	else if (partition > 0)
		set(out, READY, "partitioned rollout complete: %lld new pod%s updated", updated,
		    updated == 1 ? " has been" : "s have been");
	else if (updated < want)
		set(out, PROGRESSING, "waiting for rollout: %lld out of %lld new pods have been updated",
		    updated, want);
	else if (strcmp(cur, upd))
		set(out, PROGRESSING,
		    "waiting for rolling update to complete: %lld pods at revision %s", updated, upd);
	else
		set(out, READY, "rolling update complete: %lld pods at revision %s",
		    status_num(o, "currentReplicas"), cur);
}

/*
 * DaemonSet: DaemonSetStatusViewer.Status of kubectl
 * (rollout_status.go).  Like kstatus's daemonsetConditions (core.go) we
 * also wait while status.observedGeneration is absent: the controller
 * always sets it once it has seen the object.  kubectl refuses OnDelete
 * DaemonSets; we apply the same counts to them.
 */
static void eval_daemonset(const json_t *o, const struct kube_health_view *v,
			   struct kube_health *out)
{
	long long desired = status_num(o, "desiredNumberScheduled");
	long long updated = status_num(o, "updatedNumberScheduled");
	long long available = status_num(o, "numberAvailable");

	tally_workload(o, v, out);
	if (!AT(o, "status", "observedGeneration") || generation(o) > observed(o))
		set(out, PROGRESSING, "waiting for daemon set spec update to be observed");
	else if (updated < desired)
		set(out, PROGRESSING, "waiting for rollout: %lld out of %lld new pods have been updated",
		    updated, desired);
	else if (available < desired)
		set(out, PROGRESSING, "waiting for rollout: %lld of %lld updated pods are available",
		    available, desired);
	else
		set(out, READY, "successfully rolled out");
}

/*
 * ReplicaSet: kubectl has no rule; kstatus's replicasetConditions
 * (core.go): a ReplicaFailure=True condition (FailedCreate: quota,
 * admission) first, then availableReplicas against spec.replicas and
 * pods still terminating after a scale down, with the generation
 * check kstatus applies to every kind.
 */
static void eval_replicaset(const json_t *o, const struct kube_health_view *v,
			    struct kube_health *out)
{
	long long want = spec_replicas(o), replicas = status_num(o, "replicas");
	long long available = status_num(o, "availableReplicas");

	tally_workload(o, v, out);
	if (generation(o) > observed(o))
		set(out, PROGRESSING, "waiting for replica set spec update to be observed");
	else if (cond_is(o, "ReplicaFailure", "True"))
		set(out, PROGRESSING, "replica failure: %s",
		    str(json_object_get(condition(o, "ReplicaFailure"), "reason")));
	else if (available < want)
		set(out, PROGRESSING, "%lld of %lld replicas are available", available, want);
	else if (replicas > want)
		set(out, PROGRESSING, "%lld extra replica%s pending termination", replicas - want,
		    replicas - want == 1 ? " is" : "s are");
	else
		set(out, READY, "%lld of %lld replicas are available", available, want);
}

/* how many of the pod's containers are ready, of how many ("1/2") */
static void containers_ready(const json_t *pod, long long *ready, long long *total)
{
	const json_t *cs = AT(pod, "status", "containerStatuses");
	size_t i;

	*ready = 0;
	*total = (long long)json_array_size(AT(pod, "spec", "containers"));
	for (i = 0; i < json_array_size(cs); i++)
		if (json_is_true(json_object_get(json_array_get(cs, i), "ready")))
			(*ready)++;
	if (*total < (long long)json_array_size(cs))
		*total = (long long)json_array_size(cs);
}

/*
 * Why a pod that is not ready waits, in a few words: the scheduler's
 * reason, else the first container (init containers first) that is
 * waiting, e.g. " (container app: CrashLoopBackOff)"; "" when nothing
 * says more than the counts.
 */
static void pod_hint(const json_t *pod, struct buf *out)
{
	const json_t *sched = condition(pod, "PodScheduled");
	size_t l, i;

	if (is(json_object_get(sched, "status"), "False")) {
		buf_addf(out, " (not scheduled: %s)", str(json_object_get(sched, "reason")));
		return;
	}
	for (l = 0; l < 2; l++) {
		const json_t *list = AT(pod, "status", status_lists[l]);

		for (i = 0; i < json_array_size(list); i++) {
			const json_t *cs = json_array_get(list, i);
			const char *why = str(AT(cs, "state", "waiting", "reason"));

			if (*why) {
				buf_addf(out, " (%scontainer %s: %s)", l ? "" : "init ",
					 str(json_object_get(cs, "name")), why);
				return;
			}
		}
	}
}

static int owned_by_job(const json_t *pod)
{
	const json_t *refs = AT(pod, "metadata", "ownerReferences"), *r;
	size_t i;

	for (i = 0; i < json_array_size(refs); i++) {
		r = json_array_get(refs, i);
		if (is(json_object_get(r, "kind"), "Job") && group_is(r, "batch"))
			return 1;
	}
	return 0;
}

/*
 * Pod: kstatus's podConditions (core.go): Running with Ready=True is
 * ready, Pending and Running-not-ready progress.  We differ where the
 * contract does: Failed fails (kstatus calls it done); Succeeded is done
 * only for a Job's pod, whose work it was to finish, and fails for any
 * other pod, which will not run again; a crash loop progresses (kstatus
 * fails it) because the crash loops we meet converge once a dependency
 * is up (argo-server before postgres); and Unschedulable stays
 * progressing, since without a clock we cannot apply kstatus's 15 s
 * grace and a cluster autoscaler may still add a node.
 */
static void eval_pod(const json_t *o, const struct kube_health_view *v, struct kube_health *out)
{
	const json_t *phase_v = AT(o, "status", "phase");
	const char *phase = str(phase_v);
	long long ready, total;
	struct buf hint = BUF_INIT;

	tally_pod(o, out);
	containers_ready(o, &ready, &total);
	if (!strcmp(phase, "Running") && cond_is(o, "Ready", "True")) {
		set(out, READY, "pod is Running: %lld/%lld containers ready", ready, total);
	} else if (!strcmp(phase, "Succeeded")) {
		if (owned_by_job(o))
			set(out, READY, "pod has Succeeded (its job's work is done)");
		else
			set(out, FAILED, "pod has Succeeded and will not run again");
	} else if (!strcmp(phase, "Failed")) {
		const char *why = str(AT(o, "status", "reason"));

		set(out, FAILED, "pod has Failed%s%s", *why ? ": " : "", why);
	} else if (!*phase) {
		set(out, PROGRESSING, "pod phase is not yet reported");
	} else {
		pod_hint(o, &hint);
		set(out, PROGRESSING, "pod is %s: %lld/%lld containers ready%s", phase, ready, total,
		    hint.ptr);
	}
	buf_release(&hint);
}

/*
 * Job: kstatus's jobConditions (core.go) for Complete and Failed, which
 * the contract follows; unlike kstatus a running Job is not ready yet
 * (kstatus calls it Current once started): `up` waits for a Job to
 * finish its work.  A suspended Job progresses, with the reason saying
 * so.
 */
static void eval_job(const json_t *o, const struct kube_health_view *v, struct kube_health *out)
{
	tally_workload(o, v, out);
	if (cond_is(o, "Complete", "True"))
		set(out, READY, "job has completed: %lld succeeded", status_num(o, "succeeded"));
	else if (cond_is(o, "Failed", "True"))
		set(out, FAILED, "job has failed: %s",
		    str(json_object_get(condition(o, "Failed"), "reason")));
	else if (cond_is(o, "Suspended", "True"))
		set(out, PROGRESSING, "job is suspended");
	else if (!AT(o, "status", "startTime"))
		set(out, PROGRESSING, "job has not started");
	else
		set(out, PROGRESSING, "job is running: %lld active, %lld succeeded, %lld failed",
		    status_num(o, "active"), status_num(o, "succeeded"), status_num(o, "failed"));
}

/*
 * Service: kstatus's serviceConditions (core.go) only waits for a
 * LoadBalancer's clusterIP; a Service is of use when something answers
 * behind it, so we wait for a ready address in its Endpoints (the
 * endpoints controller's view, pkg/controller/endpoint: addresses are
 * the ready pods, notReadyAddresses the others).  An ExternalName
 * Service has no endpoints, and one without a selector has the ones a
 * person wrote, so both are ready.
 */
static void eval_service(const json_t *o, const struct kube_health_view *v,
			 struct kube_health *out)
{
	const json_t *ep, *subsets;
	long long ready = 0, unready = 0;
	size_t i;

	if (is(AT(o, "spec", "type"), "ExternalName")) {
		set(out, READY, "service is ExternalName (no endpoints needed)");
		return;
	}
	if (!json_object_size(AT(o, "spec", "selector"))) {
		set(out, READY, "service has no selector (its endpoints are managed by hand)");
		return;
	}
	ep = v && v->get ? v->get(v->ctx, "v1", "Endpoints",
				  json_string_value(AT(o, "metadata", "namespace")),
				  str(AT(o, "metadata", "name")))
			 : NULL;
	if (!ep) {
		set(out, PROGRESSING, "service has no endpoints yet");
		return;
	}
	subsets = json_object_get(ep, "subsets");
	for (i = 0; i < json_array_size(subsets); i++) {
		ready += (long long)json_array_size(AT(json_array_get(subsets, i), "addresses"));
		unready += (long long)json_array_size(
			AT(json_array_get(subsets, i), "notReadyAddresses"));
	}
	if (ready)
		set(out, READY, "service has %lld ready endpoint%s", ready, plural(ready));
	else
		set(out, PROGRESSING, "service has no ready endpoints (%lld not ready)", unready);
}

static int default_class(const json_t *sc)
{
	return is(AT(sc, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class"),
		  "true") ||
	       is(AT(sc, "metadata", "annotations",
		     "storageclass.beta.kubernetes.io/is-default-class"),
		  "true");
}

/*
 * The default StorageClass: with several, the newest, as the
 * DefaultStorageClass admission plugin chooses since 1.26
 * (plugin/pkg/admission/storage/storageclass/setdefault), the name
 * breaking ties.  Borrowed from list.
 */
static const json_t *find_default_class(const json_t *list)
{
	const json_t *best = NULL, *sc;
	long long best_t = 0, t;
	size_t i;

	for (i = 0; i < json_array_size(list); i++) {
		sc = json_array_get(list, i);
		if (!default_class(sc))
			continue;
		t = clock_parse_rfc3339(json_string_value(AT(sc, "metadata", "creationTimestamp")));
		if (!best || t > best_t ||
		    (t == best_t && strcmp(str(AT(sc, "metadata", "name")),
					   str(AT(best, "metadata", "name"))) < 0)) {
			best = sc;
			best_t = t;
		}
	}
	return best;
}

/*
 * PersistentVolumeClaim: kstatus's pvcConditions (core.go) waits for
 * Bound.  A claim on a StorageClass with volumeBindingMode
 * WaitForFirstConsumer stays Pending until a pod using it is scheduled
 * (the scheduler's VolumeBinding plugin), so waiting for it before
 * the workloads would never end: it counts as ready.  No
 * storageClassName means the default class; "" means no class at all
 * (a pre-made PersistentVolume binds it).  Lost fails: the volume is
 * gone.
 */
static void eval_pvc(const json_t *o, const struct kube_health_view *v, struct kube_health *out)
{
	const char *phase = str(AT(o, "status", "phase"));
	const json_t *name_v = AT(o, "spec", "storageClassName"), *sc = NULL;
	json_t *list = NULL;

	if (!strcmp(phase, "Bound")) {
		set(out, READY, "pvc is Bound");
		goto done;
	}
	if (!strcmp(phase, "Lost")) {
		set(out, FAILED, "pvc is Lost (its volume is gone)");
		goto done;
	}
	if (!*phase)
		phase = "Pending";
	if (json_is_string(name_v) && !*str(name_v)) {
		set(out, PROGRESSING, "pvc is %s (no storage class: waiting for a matching volume)",
		    phase);
		goto done;
	}
	if (json_is_string(name_v)) {
		sc = v && v->get ? v->get(v->ctx, "storage.k8s.io/v1", "StorageClass", NULL,
					  str(name_v))
				 : NULL;
		if (!sc) {
			set(out, PROGRESSING, "pvc is %s (storage class \"%s\" not found)", phase,
			    str(name_v));
			goto done;
		}
	} else {
		if (v && v->list)
			list = v->list(v->ctx, "storage.k8s.io/v1", "StorageClass", NULL);
		sc = find_default_class(list);
		if (!sc) {
			set(out, PROGRESSING, "pvc is %s (no storage class and no default class)",
			    phase);
			goto done;
		}
	}
	if (is(json_object_get(sc, "volumeBindingMode"), "WaitForFirstConsumer"))
		set(out, READY, "pvc is %s (storage class \"%s\" binds on first consumer)", phase,
		    str(AT(sc, "metadata", "name")));
	else
		set(out, PROGRESSING, "pvc is %s (storage class \"%s\" binds immediately)", phase,
		    str(AT(sc, "metadata", "name")));
done:
	json_decref(list);
}

/*
 * CustomResourceDefinition: kstatus's crdConditions (core.go), with the
 * contract's narrower failure: NamesAccepted=False fails (another CRD
 * holds the names; kubectl's apply waits for Established, which then
 * never comes), Established=True is ready, anything else is still
 * being installed.  NamesAccepted is looked at first, whatever the
 * order of the conditions.
 */
static void eval_crd(const json_t *o, const struct kube_health_view *v, struct kube_health *out)
{
	if (cond_is(o, "NamesAccepted", "False"))
		set(out, FAILED, "crd names are not accepted: %s",
		    str(json_object_get(condition(o, "NamesAccepted"), "reason")));
	else if (cond_is(o, "Established", "True"))
		set(out, READY, "crd is Established");
	else
		set(out, PROGRESSING, "crd is not Established");
}

enum rule_flags {
	RULE_WORKLOAD = 1 << 0, /* spec.selector is a LabelSelector over its pods */
	RULE_SERVICE = 1 << 1,  /* spec.selector is a Service's map */
	RULE_POD = 1 << 2,
};

static const struct rule {
	const char *group, *kind;
	rule_fn *eval;
	unsigned flags;
} rules[] = {
	{ "apps", "Deployment", eval_deployment, RULE_WORKLOAD },
	{ "extensions", "Deployment", eval_deployment, RULE_WORKLOAD },
	{ "apps", "StatefulSet", eval_statefulset, RULE_WORKLOAD },
	{ "apps", "DaemonSet", eval_daemonset, RULE_WORKLOAD },
	{ "extensions", "DaemonSet", eval_daemonset, RULE_WORKLOAD },
	{ "apps", "ReplicaSet", eval_replicaset, RULE_WORKLOAD },
	{ "extensions", "ReplicaSet", eval_replicaset, RULE_WORKLOAD },
	{ "batch", "Job", eval_job, RULE_WORKLOAD },
	{ "", "Pod", eval_pod, RULE_POD },
	{ "", "Service", eval_service, RULE_SERVICE },
	{ "", "PersistentVolumeClaim", eval_pvc, 0 },
	{ "apiextensions.k8s.io", "CustomResourceDefinition", eval_crd, 0 },
};

static const struct rule *rule_of(const json_t *obj)
{
	const json_t *kind = json_object_get(obj, "kind");
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (is(kind, rules[i].kind) && group_is(obj, rules[i].group))
			return &rules[i];
	return NULL;
}

const char *kube_health_state_name(enum kube_health_state s)
{
	switch (s) {
	case KUBE_HEALTH_READY:
		return "ready";
	case KUBE_HEALTH_PROGRESSING:
		return "progressing";
	case KUBE_HEALTH_FAILED:
		return "failed";
	case KUBE_HEALTH_MISSING:
		return "missing";
	}
	return "unknown";
}

void kube_health_eval(const json_t *obj, const struct kube_health_view *v,
		      struct kube_health *out)
{
	const struct rule *r;

	out->restarts = 0;
	out->crashloop = 0;
	if (!obj) {
		set(out, KUBE_HEALTH_MISSING, "not found");
		return;
	}
	r = rule_of(obj);
	if (r)
		r->eval(obj, v, out);
	else
		set(out, READY, "exists");
}

void kube_health_release(struct kube_health *h)
{
	if (!h)
		return;
	buf_release(&h->reason);
	h->state = KUBE_HEALTH_MISSING;
	h->restarts = 0;
	h->crashloop = 0;
}

/* ---- explain --------------------------------------------------------- */

static int is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

/*
 * One line at indent: a run of blanks with a control character in it
 * (the newlines and tabs of a probe's output, an escape sequence's ESC)
 * becomes one space, trailing spaces go.
 */
static void line(struct buf *out, int indent, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void line(struct buf *out, int indent, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	size_t i, j;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	for (i = j = 0; i < b.len; i++) {
		if (!is_control(b.ptr[i])) {
			b.ptr[j++] = b.ptr[i];
			continue;
		}
		while (j && b.ptr[j - 1] == ' ')
			j--;
		while (i + 1 < b.len && (b.ptr[i + 1] == ' ' || is_control(b.ptr[i + 1])))
			i++;
		b.ptr[j++] = ' ';
	}
	while (j && b.ptr[j - 1] == ' ')
		j--;
	buf_setlen(&b, j);
	buf_addch(out, ' ', indent > 0 ? (size_t)indent : 0);
	buf_add(out, b.ptr, b.len);
	buf_addc(out, '\n');
	buf_release(&b);
}

/* ": a: b" for the non-empty ones of a and b, into out */
static const char *colons(struct buf *out, const char *a, const char *b)
{
	buf_reset(out);
	if (a && *a)
		buf_addf(out, ": %s", a);
	if (b && *b)
		buf_addf(out, ": %s", b);
	return out->ptr;
}

/* kind/name as kubectl names objects ("deployment/argo-server") */
static const char *ref(struct buf *out, const char *kind, const char *name)
{
	buf_reset(out);
	for (; *kind; kind++)
		buf_addc(out, (char)(*kind >= 'A' && *kind <= 'Z' ? *kind - 'A' + 'a' : *kind));
	buf_addf(out, "/%s", name);
	return out->ptr;
}

/*
 * Condition types whose good state is False (the controllers'
 * "abnormal-true" conditions: apps ReplicaFailure, batch Failed,
 * FailureTarget and Suspended, apiextensions NonStructuralSchema and
 * Terminating, the pod's DisruptionTarget, kstatus's Stalled); every
 * other type is wanted True.
 */
static int wanted_false(const char *type)
{
	static const char *const types[] = {
		"ReplicaFailure", "Failed", "FailureTarget", "Suspended",
		"NonStructuralSchema", "Terminating", "DisruptionTarget", "Stalled",
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(type, types[i]))
			return 1;
	return 0;
}

/* conditions of obj not as wanted, skipping Ready and ContainersReady if skip_ready */
static void explain_conditions(struct buf *out, const json_t *obj, int indent, int skip_ready)
{
	const json_t *conds = AT(obj, "status", "conditions");
	struct buf tail = BUF_INIT;
	size_t i;

	for (i = 0; i < json_array_size(conds); i++) {
		const json_t *c = json_array_get(conds, i);
		const char *type = str(json_object_get(c, "type"));
		const char *status = str(json_object_get(c, "status"));

		if (!strcmp(status, wanted_false(type) ? "False" : "True"))
			continue;
		if (skip_ready && (!strcmp(type, "Ready") || !strcmp(type, "ContainersReady")))
			continue;
		line(out, indent, "condition %s=%s%s", type, status,
		     colons(&tail, str(json_object_get(c, "reason")),
			    str(json_object_get(c, "message"))));
	}
	buf_release(&tail);
}

/* the first line of s, into out */
static const char *first_line(struct buf *out, const char *s)
{
	buf_reset(out);
	while (*s == '\n' || *s == '\r')
		s++;
	buf_add(out, s, strcspn(s, "\r\n"));
	return out->ptr;
}

/* a terminated state as "Error (exit code 1): first line of message" */
static void terminated(struct buf *out, const json_t *t)
{
	struct buf msg = BUF_INIT;

	buf_reset(out);
	buf_addf(out, "%s (exit code %lld)", str(json_object_get(t, "reason")),
		 num(json_object_get(t, "exitCode"), 0));
	first_line(&msg, str(json_object_get(t, "message")));
	if (msg.len)
		buf_addf(out, ": %s", msg.ptr);
	buf_release(&msg);
}

/*
 * The containers of pod that are not ready: what they wait for, a
 * termination that is not a success, and their last termination (why
 * the restart count grew).  Init containers that completed are not
 * mentioned.
 */
static void explain_containers(struct buf *out, const json_t *pod, int indent)
{
	struct buf tail = BUF_INIT, t = BUF_INIT;
	size_t l, i;

	for (l = 0; l < 2; l++) {
		const json_t *list = AT(pod, "status", status_lists[l]);
		const char *what = l ? "container" : "init container";

		for (i = 0; i < json_array_size(list); i++) {
			const json_t *cs = json_array_get(list, i);
			const char *name = str(json_object_get(cs, "name"));
			const json_t *w = AT(cs, "state", "waiting");
			const json_t *term = AT(cs, "state", "terminated");
			const json_t *last = AT(cs, "lastState", "terminated");

			if (json_is_true(json_object_get(cs, "ready")))
				continue;
			if (term && !num(json_object_get(term, "exitCode"), 0))
				continue;
			if (w) {
				line(out, indent, "%s %s: waiting%s", what, name,
				     colons(&tail, str(json_object_get(w, "reason")),
					    str(json_object_get(w, "message"))));
			} else if (term) {
				terminated(&t, term);
				line(out, indent, "%s %s: terminated: %s", what, name, t.ptr);
			} else if (AT(cs, "state", "running")) {
				line(out, indent, "%s %s: running, not ready", what, name);
			}
			if (last) {
				terminated(&t, last);
				line(out, indent, "%s %s: last terminated: %s", what, name, t.ptr);
			}
		}
	}
	buf_release(&tail);
	buf_release(&t);
}

static void explain_pod(struct buf *out, const json_t *pod, int indent)
{
	const char *phase = str(AT(pod, "status", "phase"));
	long long restarts = pod_restarts(pod);

	line(out, indent, "pod %s: %s, %s%s, %lld restart%s", str(AT(pod, "metadata", "name")),
	     *phase ? phase : "no phase", cond_is(pod, "Ready", "True") ? "ready" : "not ready",
	     AT(pod, "metadata", "deletionTimestamp") ? ", terminating" : "", restarts,
	     plural(restarts));
	explain_conditions(out, pod, indent + 2, 1);
	explain_containers(out, pod, indent + 2);
}

/* ---- events ---------------------------------------------------------- */

struct event {
	const json_t *e; /* borrowed from the view's list */
	long long t;     /* Unix seconds, -1 unknown */
	size_t seq;      /* position in the list, the last tie breaker */
};

/*
 * When an event last happened: lastTimestamp (core/v1 events), the
 * series' lastObservedTime (events.k8s.io-style repeats, as kubectl get
 * events's LAST SEEN), eventTime, then creationTimestamp.
 */
static long long event_time(const json_t *e)
{
	const char *keys[][2] = {
		{ "lastTimestamp", NULL }, { "series", "lastObservedTime" },
		{ "eventTime", NULL },     { "metadata", "creationTimestamp" },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *s = keys[i][1] ? AT(e, keys[i][0], keys[i][1])
					    : json_object_get(e, keys[i][0]);

		if (json_is_string(s))
			return clock_parse_rfc3339(json_string_value(s));
	}
	return -1;
}

static int by_time(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	int c;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	c = strcmp(str(AT(x->e, "metadata", "name")), str(AT(y->e, "metadata", "name")));
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* whether event e is about obj or one of pods */
static int event_matches(const json_t *e, const json_t *obj, const struct pods *pods)
{
	const json_t *io = json_object_get(e, "involvedObject");
	const char *ns = str(AT(obj, "metadata", "namespace"));
	const char *name = str(json_object_get(io, "name"));
	size_t i;

	if (strcmp(str(json_object_get(io, "namespace")), ns))
		return 0;
	if (!strcmp(str(json_object_get(io, "kind")), str(json_object_get(obj, "kind"))) &&
	    !strcmp(name, str(AT(obj, "metadata", "name"))))
		return 1;
	if (strcmp(str(json_object_get(io, "kind")), "Pod"))
		return 0;
	for (i = 0; i < pods->n; i++)
		if (!strcmp(name, str(AT(pods->v[i], "metadata", "name"))))
			return 1;
	return 0;
}

static void explain_event(struct buf *out, const struct event *ev, int indent, long long now)
{
	const json_t *e = ev->e, *io = json_object_get(e, "involvedObject");
	long long count = num(json_object_get(e, "count"), 0);
	struct buf who = BUF_INIT, when = BUF_INIT;

	if (count <= 0)
		count = num(AT(e, "series", "count"), 1);
	buf_addf(&when, "x%lld", count);
	if (ev->t >= 0) {
		buf_adds(&when, ", ");
		clock_human_duration(&when, now - ev->t);
		buf_adds(&when, " ago");
	}
	line(out, indent, "event %s %s %s: %s (%s)", str(json_object_get(e, "type")),
	     str(json_object_get(e, "reason")),
	     ref(&who, str(json_object_get(io, "kind")), str(json_object_get(io, "name"))),
	     str(json_object_get(e, "message")), when.ptr);
	buf_release(&who);
	buf_release(&when);
}

static void explain_events(struct buf *out, const json_t *obj, const struct pods *pods,
			   const struct kube_health_view *v, int indent, int max_events,
			   long long now)
{
	json_t *list = NULL;
	struct event *evs = NULL;
	size_t n = 0, alloc = 0, i;

	if (max_events <= 0 || !v || !v->list)
		goto done;
	list = v->list(v->ctx, "v1", "Event", json_string_value(AT(obj, "metadata", "namespace")));
	for (i = 0; i < json_array_size(list); i++) {
		const json_t *e = json_array_get(list, i);

		if (!event_matches(e, obj, pods))
			continue;
		ALLOC_GROW(evs, n + 1, alloc);
		evs[n].e = e;
		evs[n].t = event_time(e);
		evs[n].seq = i;
		n++;
	}
	if (n > 1)
		qsort(evs, n, sizeof(*evs), by_time);
	for (i = n > (size_t)max_events ? n - (size_t)max_events : 0; i < n; i++)
		explain_event(out, &evs[i], indent, now);
done:
	free(evs);
	json_decref(list);
}

void kube_health_explain(const json_t *obj, const struct kube_health_view *v,
			 int indent, int max_events, long long now,
			 struct buf *out)
{
	struct kube_health h = KUBE_HEALTH_INIT;
	struct pods pods = { 0 };
	struct buf who = BUF_INIT;
	const struct rule *r;
	const char *ns;
	size_t i;

	kube_health_eval(obj, v, &h);
	if (h.state == KUBE_HEALTH_READY)
		goto done;
	if (!obj) {
		line(out, indent, "%s", h.reason.ptr);
		goto done;
	}
	ns = str(AT(obj, "metadata", "namespace"));
	line(out, indent, "%s%s%s: %s",
	     ref(&who, str(json_object_get(obj, "kind")), str(AT(obj, "metadata", "name"))),
	     *ns ? " in " : "", ns, h.reason.ptr);
	r = rule_of(obj);
	explain_conditions(out, obj, indent + 2, 0);
	if (r && (r->flags & RULE_POD))
		explain_containers(out, obj, indent + 2);
	if (r && (r->flags & (RULE_WORKLOAD | RULE_SERVICE)))
		pods_of(&pods, obj, !!(r->flags & RULE_SERVICE), v);
	for (i = 0; i < pods.n; i++)
		explain_pod(out, pods.v[i], indent + 2);
	explain_events(out, obj, &pods, v, indent + 2, max_events, now);
done:
	pods_release(&pods);
	buf_release(&who);
	kube_health_release(&h);
}
