/*
 * quickstart: is the Argo Workflows quick-start healthy, and if not, why.
 *
 * Two layers of truth.  Every object of the inventory is judged by the
 * kube health rules (kube/health.h).  The four components are checked the
 * way an operator would (argo-facts.md section b), through the API
 * server, so it works on any cluster without port-forwards:
 *   argo-server          GET /api/v1/version through the service proxy,
 *                        with the scheme of its readiness probe (HTTPS from
 *                        v3.2, HTTP before)
 *   workflow-controller  its Deployment ready; the leader Lease
 *                        (workflow-controller) held, when the controller
 *                        elects one (LEADER_ELECTION_IDENTITY, v3.4+); its
 *                        liveness endpoint (/healthz on 6060, v3.4+;
 *                        /metrics before) answering through the pod proxy
 *   postgres             its Deployment ready (its readiness probe is psql)
 *   minio                GET /minio/health/ready through the service proxy
 * The components are found in the inventory by name; a profile without
 * one simply has fewer.
 *
 * Waiting watches (kube/watch.h): objects, their pods, endpoints, leases
 * and events stream into caches, and the state is re-judged on every
 * change; only the HTTP checks repeat on a timer, once the component's
 * workload is ready.  argo-server and the controller crash-loop until
 * postgres is ready (the quick-start's known start-up race); while
 * postgres is not ready that is expected and reported as such; once it
 * is, a component still crash-looping after the grace period is a
 * failure.
 */
#ifndef ARGO_QUICKSTART_H
#define ARGO_QUICKSTART_H

#include <stdint.h>
#include "../base/buf.h"
#include "../kube/apply.h"
#include "../kube/client.h"
#include "../kube/discovery.h"
#include "../kube/health.h"

enum argo_component_id {
	ARGO_SERVER = 0,
	ARGO_CONTROLLER,
	ARGO_POSTGRES,
	ARGO_MINIO,
	ARGO_COMPONENT_COUNT,
};

struct argo_component {
	const char *name;            /* "argo-server", ... */
	int present;                 /* the inventory has it */
	const struct kube_item *item;/* its workload (Deployment or Pod) */
	enum kube_health_state state;
	struct buf reason;           /* one line */
	int restarts;
	int crashloop_expected;      /* crash-looping while postgres is not ready */
	long ready_ms;               /* when it became ready, ms since the wait began; -1 */
	struct buf detail;           /* the check's answer: "version v4.1.2" */
	/* private */
	int check_busy, check_ok;
	unsigned timer;
	struct kube_req req;
};

struct argo_qs;

struct argo_qs_opts {
	const char *inventory;  /* the inventory's name: its label selects the objects */
	long timeout_ms;        /* < 0: no limit */
	long grace_ms;          /* crash loops tolerated this long after postgres is ready: 120 s */
	int no_wait;            /* judge once, when the caches are filled */
	int watch;              /* keep watching after everything is ready (until the timeout) */
	int max_events;         /* per explanation: 5 */
	/* told whenever a component's or the whole state changes */
	void (*on_update)(void *ctx, const struct argo_qs *qs);
	void *ctx;
};

struct argo_qs {
	struct argo_component comp[ARGO_COMPONENT_COUNT];
	struct kube_item *items;     /* the inventory (borrowed) */
	size_t n;
	struct kube_health *health;  /* per item */
	size_t nready;               /* items ready */
	int all_ready;               /* every item and component */
	int failed;                  /* something will not become ready */
	long elapsed_ms;
	struct buf explain;          /* after a failed wait: why, object by object */
};

/*
 * argo_qs_wait: watch until every item and component is ready, or the
 * timeout passes, or something fails for good (o->no_wait: judge once).
 * items (borrowed) are the inventory's objects.  *qs is filled either
 * way (release it with argo_qs_release); on failure qs->explain holds
 * the explanation.  Errors: ERR_TIMEOUT (not ready in time),
 * ERR_GENERIC (a component failed: a crash loop past the grace period, a
 * deadline exceeded), the client's errors.
 */
int argo_qs_wait(struct kube_client *c, struct kube_discovery *d,
		 struct kube_item *items, size_t n, const struct argo_qs_opts *o,
		 struct argo_qs *qs);
void argo_qs_release(struct argo_qs *qs);

#endif
