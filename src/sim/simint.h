/*
 * simint: what the simulation's files share (sim.c, pods.c, ctl_apps.c,
 * ctl_core.c, components.c).  Not for callers outside src/sim/.
 *
 * Every function here runs on the simulation thread or under the store
 * lock, which guards the simulation's own state as well.
 */
#ifndef SIM_SIMINT_H
#define SIM_SIMINT_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#include "../base/strmap.h"
#include "sim.h"

/* the one simulated node */
#define SIM_NODE "argolab-sim"
#define SIM_NODE_IP "172.18.0.2"

struct sim_key {
	char *skey, *ns, *name;
};

struct sim_timer {
	int64_t at; /* simulated ms */
	struct sim_key k;
};

/* the components of the quick-start, recognised by image */
enum component {
	COMP_NONE = 0,
	COMP_ARGO_SERVER,
	COMP_CONTROLLER,
	COMP_POSTGRES,
	COMP_MINIO,
	COMP_HTTPBIN,
	COMP_MYSQL,
	COMP_DEX,
};

struct sim_sim {
	struct sim_api *a;
	struct sim_store *st;
	const struct clock_scaled *clock;
	pthread_t thread;
	int started, stop;
	/* work: objects to reconcile, each queued once */
	struct sim_key *q;
	size_t qhead, qn, qalloc;
	struct strmap queued;
	/* timers on the simulated clock (a binary heap by at) */
	struct sim_timer *heap;
	size_t hn, halloc;
	/* per-pod runtime state, by "ns/name" */
	struct strmap pods;
	/* images already on the node, by reference */
	struct strmap images;
	unsigned next_pod_ip;
	uint64_t event_seq;
	/*
	 * Events by what sim_event aggregates on (namespace, object uid,
	 * reason, message) -> struct sim_event_slot *: built from the
	 * store at the first sim_event, then kept by the observer.
	 */
	struct strmap events;
	int events_indexed;
};

/* the simulated time now, in ms */
int64_t sim_now_ms(struct sim_sim *s);

/* queue ns/name of bucket skey for reconciling (dedupes) */
void sim_enqueue(struct sim_sim *s, const char *skey, const char *ns,
		 const char *name);
/* reconcile ns/name of bucket skey at simulated time at (ms) */
void sim_timer_at(struct sim_sim *s, int64_t at, const char *skey,
		  const char *ns, const char *name);

/* the type of a storage key / of apiVersion+kind */
const struct sim_rtype *sim_rt(struct sim_sim *s, const char *skey);
const struct sim_rtype *sim_rt_kind(struct sim_sim *s, const char *api_version,
				    const char *kind);

/*
 * sim_update: write obj (taken) as a controller would; NULL-safe
 * comparisons are the caller's job (write only on change).  0 or the
 * write's error.
 */
int sim_update(struct sim_sim *s, const struct sim_rtype *rt, json_t *obj);
/* sim_create: create obj (taken) of rt; *out (may be NULL) the stored state */
int sim_create(struct sim_sim *s, const struct sim_rtype *rt, json_t *obj,
	       json_t **out);
/*
 * sim_delete: delete obj (borrowed) of rt as a controller would, with
 * propagation ("Background", "Foreground", "Orphan").  0 or the
 * error of sim_api_delete (ERR_NOTFOUND when it is already gone).
 */
int sim_delete(struct sim_sim *s, const struct sim_rtype *rt, const json_t *obj,
	       const char *propagation);

/*
 * sim_event: record a core/v1 Event about obj (reason, message, type
 * Normal or Warning, from component), aggregated with an identical
 * earlier one as the event recorder does (count, lastTimestamp).
 */
void sim_event(struct sim_sim *s, const json_t *obj, const char *type,
	       const char *reason, const char *component, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* helpers over objects */
const char *sim_str(const json_t *obj, const char *path); /* "metadata.name" */
json_int_t sim_int(const json_t *obj, const char *path, json_int_t def);
json_t *sim_get(const json_t *obj, const char *path);     /* borrowed */
json_t *sim_obj_path(json_t *obj, const char *path);       /* created as objects */
/* a deep copy of v, or def (taken) when v is NULL: a new reference either way */
json_t *sim_copy_or(const json_t *v, json_t *def);
int sim_owned_by(const json_t *obj, const char *uid);
json_t *sim_owner_ref(const json_t *owner, int controller);
/*
 * sim_labels_match: whether labels (a map, may be NULL) hold every
 * key of selector (a map of strings, as a Service's selector or a pod's
 * nodeSelector; NULL or empty matches everything) with the same value.
 */
int sim_labels_match(const json_t *selector, const json_t *labels);
int sim_is_terminating(const json_t *obj);
/* set condition type in status.conditions (keeping lastTransitionTime when status is unchanged) */
void sim_set_condition(json_t *status, const char *type, const char *cstatus,
		       const char *reason, const char *message, int update_time);
const json_t *sim_find_condition(const json_t *obj, const char *type);
/* a stable hash of a JSON value: FNV-1a of its compact text, keys sorted */
unsigned long long sim_json_hash(const json_t *v);
/* the same as a pod-template-hash */
void sim_template_hash(const json_t *v, struct buf *out);

/* pods.c: the kubelet */
void sim_pods_reconcile(struct sim_sim *s, const char *ns, const char *name);
void sim_pods_forget_all(struct sim_sim *s);
/* the log of a container (NULL: the first) of pod, or of its previous run */
int sim_pod_log_get(struct sim_sim *s, const json_t *pod, const char *container,
		    int previous, struct buf *out);
/* whether a pod is Ready (condition), Running, Succeeded, Failed */
int sim_pod_ready(const json_t *pod);
const char *sim_pod_phase(const json_t *pod);

/* components.c: the quick-start's programs */
enum component sim_component_of(const char *image);
/* the Argo version an image models ("v4.1.2"; ":latest" models the newest) */
void sim_component_version(const char *image, struct buf *out);
/*
 * sim_component_start: a container of comp in pod starts: whether and
 * when it exits on its own (*exit_after ms, -1 never; *code), the delay
 * before its readiness probe passes (*ready_after ms, -1: never), and
 * its first log lines (appended to log).
 */
void sim_component_start(struct sim_sim *s, enum component comp,
			 const json_t *pod, const json_t *container,
			 int64_t *exit_after, int *code, int64_t *ready_after,
			 struct buf *log);
/* components keep their own objects (the controller's Lease) */
void sim_component_tick(struct sim_sim *s, enum component comp,
			const json_t *pod, int running);

/* ctl_apps.c / ctl_core.c */
void sim_ctl_deployment(struct sim_sim *s, const char *ns, const char *name);
void sim_ctl_replicaset(struct sim_sim *s, const char *ns, const char *name);
void sim_ctl_statefulset(struct sim_sim *s, const char *ns, const char *name);
void sim_ctl_daemonset(struct sim_sim *s, const char *ns, const char *name);
void sim_ctl_job(struct sim_sim *s, const char *ns, const char *name);
void sim_ctl_namespace(struct sim_sim *s, const char *name);
void sim_ctl_endpoints(struct sim_sim *s, const char *ns, const char *name);
void sim_ctl_pvc(struct sim_sim *s, const char *ns, const char *name);
/* garbage collection: dependents of a deleted owner, foreground/orphan finalizers */
void sim_ctl_gc_deleted(struct sim_sim *s, const char *ns, const char *uid);
void sim_ctl_gc_finalizers(struct sim_sim *s, const struct sim_rtype *rt,
			   const char *ns, const char *name);

#endif
