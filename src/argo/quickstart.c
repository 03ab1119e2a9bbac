/*
 * quickstart: see quickstart.h.
 *
 * The informers: one per kind of the inventory (every namespace, by the
 * inventory label: the objects themselves), and per namespace of the
 * inventory the unlabelled ones the rules look at (Pods, Events,
 * Endpoints, Leases; StorageClasses when there are claims).  judge()
 * runs after every change and recomputes everything from the caches;
 * it is cheap at quick-start sizes and cannot drift out of step.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "../base/alloc.h"
#include "../base/clock.h"
#include "../base/err.h"
#include "../base/log.h"
#include "../doc/labelsel.h"
#include "../kube/watch.h"
#include "quickstart.h"

#define DEF_GRACE_MS 120000L
#define CHECK_RETRY_MS 1000L

static const char *const names[ARGO_COMPONENT_COUNT] = {
	"argo-server", "workflow-controller", "postgres", "minio",
};

struct waiter {
	struct kube_client *c;
	struct kube_discovery *d;
	const struct argo_qs_opts *o;
	struct argo_qs *qs;
	struct kube_watchset ws;
	struct kube_health_view view;
	uint64_t t0;
	long postgres_ready_ms;  /* -1 while not ready */
	struct buf sig;          /* the last state told to on_update */
	int synced_once;
	unsigned tick_timer;
};

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long now_ms(const struct waiter *w)
{
	return (long)((clock_mono_ns() - w->t0) / 1000000ULL);
}

/* the live object of an inventory item, from the labelled informers */
static const json_t *live(const struct waiter *w, const struct kube_item *it)
{
	const struct kube_informer *inf =
		kube_watchset_find_selected(&w->ws, it->api_version, it->kind);

	return inf ? kube_informer_get(inf, it->ns, it->name) : NULL;
}

static int informers_synced(const struct waiter *w)
{
	return kube_watchset_synced(&w->ws);
}

/* ------------------------------------------------------------------ */
/* the HTTP checks                                                     */

static const json_t *container_named(const json_t *workload, const char *name)
{
	const json_t *spec = json_object_get(workload, "spec"), *c;
	size_t i;

	if (json_object_get(spec, "template"))
		spec = json_object_get(json_object_get(spec, "template"), "spec");
	json_array_foreach(json_object_get(spec, "containers"), i, c)
		if (!name || !strcmp(jstr(c, "name") ?: "", name))
			return c;
	return json_array_get(json_object_get(spec, "containers"), 0);
}

static int has_env(const json_t *container, const char *name)
{
	const json_t *e;
	size_t i;

	json_array_foreach(json_object_get(container, "env"), i, e)
		if (!strcmp(jstr(e, "name") ?: "", name))
			return 1;
	return 0;
}

/* a port of a probe as a number: numbers as they are, names through the container's ports */
static long probe_port(const json_t *container, const json_t *port)
{
	const json_t *p;
	size_t i;

	if (json_is_integer(port))
		return (long)json_integer_value(port);
	json_array_foreach(json_object_get(container, "ports"), i, p)
		if (json_is_string(port) && !strcmp(jstr(p, "name") ?: "", json_string_value(port)))
			return (long)json_integer_value(json_object_get(p, "containerPort"));
	return 0;
}

/* a Ready (else Running) pod matching the workload's selector; borrowed name */
static const char *pod_of(struct waiter *w, const json_t *workload, const char *prefer)
{
	const json_t *sel = json_object_get(json_object_get(workload, "spec"), "selector");
	const char *ns = jstr(json_object_get(workload, "metadata"), "namespace");
	json_t *pods = w->view.list(w->view.ctx, "v1", "Pod", ns);
	const json_t *p;
	const char *best = NULL;
	size_t i;

	if (!strcmp(jstr(workload, "kind") ?: "", "Pod")) {
		json_decref(pods);
		return jstr(json_object_get(workload, "metadata"), "name");
	}
	json_array_foreach(pods, i, p) {
		const char *name = jstr(json_object_get(p, "metadata"), "name");

		if (label_selector_obj_matches(sel, json_object_get(json_object_get(p, "metadata"),
								    "labels")) != 1)
			continue;
		if (strcmp(jstr(json_object_get(p, "status"), "phase") ?: "", "Running"))
			continue;
		if (prefer && name && !strcmp(name, prefer)) {
			best = name;
			break;
		}
		if (!best)
			best = name;
	}
	/* the names live in the informer's cache, which outlives this list */
	json_decref(pods);
	return best;
}

static void check_done(struct kube_req *r, void *ctx);

static void judge(struct waiter *w);

static void check_retry(void *ctx)
{
	struct argo_component *comp = ctx;

	comp->timer = 0; /* the next judge() starts the check again */
}

/* start the HTTP check of comp, if it has one; 0 when it has none */
static int start_check(struct waiter *w, struct argo_component *comp, const json_t *obj)
{
	const char *ns = jstr(json_object_get(obj, "metadata"), "namespace");
	const json_t *ctr = container_named(obj, NULL);
	struct kube_req *r = &comp->req;
	size_t id = (size_t)(comp - w->qs->comp);

	kube_req_reset(r, "GET");
	if (id == ARGO_SERVER) {
		const json_t *probe = json_object_get(json_object_get(ctr, "readinessProbe"), "httpGet");
		const char *scheme = jstr(probe, "scheme");
		int https = !scheme || !strcasecmp(scheme, "HTTPS");

		buf_adds(&r->path, "/api/v1/namespaces/");
		kube_path_escape(&r->path, ns);
		buf_addf(&r->path, "/services/%sargo-server:2746/proxy/api/v1/version",
			 https ? "https:" : "");
	} else if (id == ARGO_MINIO) {
		buf_adds(&r->path, "/api/v1/namespaces/");
		kube_path_escape(&r->path, ns);
		buf_adds(&r->path, "/services/minio:9000/proxy/minio/health/ready");
	} else if (id == ARGO_CONTROLLER) {
		const json_t *probe = json_object_get(json_object_get(ctr, "livenessProbe"), "httpGet");
		const json_t *lease = NULL;
		const char *holder = NULL, *pod;
		long port = probe ? probe_port(ctr, json_object_get(probe, "port")) : 0;

		if (has_env(ctr, "LEADER_ELECTION_IDENTITY")) {
			lease = w->view.get(w->view.ctx, "coordination.k8s.io/v1", "Lease", ns,
					    "workflow-controller");
			holder = jstr(json_object_get(lease, "spec"), "holderIdentity");
			if (!holder || !*holder) {
				buf_reset(&comp->reason);
				buf_adds(&comp->reason, "no leader yet: Lease workflow-controller is not held");
				return 1; /* a lease event will judge again */
			}
		}
		if (!port)
			return 0; /* no liveness endpoint (v2.11): the lease and the pods say it all */
		pod = pod_of(w, obj, holder);
		if (!pod) {
			buf_reset(&comp->reason);
			buf_adds(&comp->reason, "no running pod to ask");
			return 1;
		}
		buf_adds(&r->path, "/api/v1/namespaces/");
		kube_path_escape(&r->path, ns);
		buf_adds(&r->path, "/pods/");
		kube_path_escape(&r->path, pod);
		buf_addf(&r->path, ":%ld/proxy%s", port, jstr(probe, "path") ?: "/healthz");
		if (holder) {
			buf_reset(&comp->detail);
			buf_addf(&comp->detail, "leader %s", holder);
		}
	} else {
		return 0;
	}
	r->on_done = check_done;
	r->ctx = w;
	comp->check_busy = 1;
	kube_client_submit(w->c, r);
	return 1;
}

static void check_done(struct kube_req *r, void *ctx)
{
	struct waiter *w = ctx;
	struct argo_component *comp =
		(struct argo_component *)((char *)r - offsetof(struct argo_component, req));
	size_t id = (size_t)(comp - w->qs->comp);

	comp->check_busy = 0;
	if (!r->err && r->status == 200) {
		comp->check_ok = 1;
		if (id == ARGO_SERVER) {
			json_t *v = json_loadb(r->resp.ptr, r->resp.len, 0, NULL);

			buf_reset(&comp->detail);
			buf_addf(&comp->detail, "version %s", jstr(v, "version") ?: "?");
			json_decref(v);
		} else if (id == ARGO_MINIO) {
			buf_reset(&comp->detail);
			buf_adds(&comp->detail, "/minio/health/ready ok");
		} else if (id == ARGO_CONTROLLER) {
			if (comp->detail.len)
				buf_adds(&comp->detail, ", ");
			buf_addf(&comp->detail, "%s ok", strstr(r->path.ptr, "/proxy") + 6);
		}
	} else {
		struct buf m = BUF_INIT;

		comp->check_ok = 0;
		buf_reset(&comp->reason);
		if (r->err)
			buf_addf(&comp->reason, "GET %s: %s", r->path.ptr, r->errmsg.ptr);
		else {
			kube_status_message(&r->resp, &m);
			buf_addf(&comp->reason, "GET %s: status %ld%s%s", r->path.ptr, r->status,
				 m.len ? ": " : "", m.ptr);
		}
		buf_release(&m);
		comp->timer = kube_client_timer(w->c, CHECK_RETRY_MS, check_retry, comp);
	}
	judge(w);
}

/* ------------------------------------------------------------------ */
/* judging                                                             */

static void judge_component(struct waiter *w, struct argo_component *comp, size_t id)
{
	const json_t *obj = live(w, comp->item);
	struct kube_health h = KUBE_HEALTH_INIT;
	long t = now_ms(w);

	kube_health_eval(obj, &w->view, &h);
	comp->restarts = h.restarts;
	comp->crashloop_expected = 0;
	if (h.state != KUBE_HEALTH_READY) {
		comp->state = h.state;
		comp->check_ok = 0;
		buf_reset(&comp->reason);
		buf_add(&comp->reason, h.reason.ptr, h.reason.len);
		if ((id == ARGO_SERVER || id == ARGO_CONTROLLER) && (h.crashloop || h.restarts) &&
		    w->qs->comp[ARGO_POSTGRES].present) {
			long grace = w->o->grace_ms > 0 ? w->o->grace_ms : DEF_GRACE_MS;

			/*
			 * The start-up race: a crash loop (even one past the
			 * Deployment's progress deadline) is expected while
			 * postgres is not ready, and tolerated for the grace
			 * period after it is (the kubelet's back-off decides when
			 * the next try comes); after that it is a failure.
			 */
			buf_reset(&comp->reason);
			if (w->postgres_ready_ms < 0) {
				comp->crashloop_expected = 1;
				comp->state = KUBE_HEALTH_PROGRESSING;
				buf_addf(&comp->reason,
					 "crash-looping until postgres is ready (%d restart%s; expected: the quick-start's start-up race)",
					 h.restarts, h.restarts == 1 ? "" : "s");
			} else if (t - w->postgres_ready_ms <= grace) {
				comp->crashloop_expected = 1;
				comp->state = KUBE_HEALTH_PROGRESSING;
				buf_addf(&comp->reason,
					 "postgres is ready; waiting for the next restart after %d crash%s (%s)",
					 h.restarts, h.restarts == 1 ? "" : "es", h.reason.ptr);
			} else {
				comp->state = KUBE_HEALTH_FAILED;
				buf_addf(&comp->reason,
					 "still crash-looping %ld s after postgres became ready (%d restarts)",
					 (t - w->postgres_ready_ms) / 1000, h.restarts);
			}
		}
		comp->ready_ms = -1;
	} else if (comp->check_ok) {
		comp->state = KUBE_HEALTH_READY;
		buf_reset(&comp->reason);
		buf_adds(&comp->reason, comp->detail.len ? comp->detail.ptr : "ready");
		if (comp->ready_ms < 0)
			comp->ready_ms = t;
	} else {
		comp->state = KUBE_HEALTH_PROGRESSING;
		if (!comp->check_busy && !comp->timer) {
			buf_reset(&comp->reason);
			buf_adds(&comp->reason, "ready; checking its endpoint");
			if (!start_check(w, comp, obj)) {
				comp->check_ok = 1;
				comp->state = KUBE_HEALTH_READY;
				buf_reset(&comp->reason);
				buf_adds(&comp->reason, comp->detail.len ? comp->detail.ptr : "ready");
				comp->ready_ms = t;
			}
		}
	}
	if (id == ARGO_POSTGRES) {
		if (comp->state == KUBE_HEALTH_READY && w->postgres_ready_ms < 0)
			w->postgres_ready_ms = t;
		else if (comp->state != KUBE_HEALTH_READY)
			w->postgres_ready_ms = -1;
	}
	kube_health_release(&h);
}

static void tell(struct waiter *w)
{
	struct buf sig = BUF_INIT;
	size_t i;

	buf_addf(&sig, "%zu %d|", w->qs->nready, w->qs->all_ready);
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++)
		buf_addf(&sig, "%d %s|", w->qs->comp[i].state, w->qs->comp[i].reason.ptr);
	if (strcmp(sig.ptr, w->sig.ptr)) {
		buf_reset(&w->sig);
		buf_add(&w->sig, sig.ptr, sig.len);
		if (w->o->on_update)
			w->o->on_update(w->o->ctx, w->qs);
	}
	buf_release(&sig);
}

static int is_component(const struct argo_qs *qs, const struct kube_item *it)
{
	size_t i;

	for (i = 0; i < ARGO_COMPONENT_COUNT; i++)
		if (qs->comp[i].present && qs->comp[i].item == it)
			return 1;
	return 0;
}

static void judge(struct waiter *w)
{
	struct argo_qs *qs = w->qs;
	size_t i;
	int all = 1, failed = 0;

	if (!informers_synced(w))
		return;
	w->synced_once = 1;
	qs->elapsed_ms = now_ms(w);
	qs->nready = 0;
	for (i = 0; i < qs->n; i++) {
		kube_health_eval(live(w, &qs->items[i]), &w->view, &qs->health[i]);
		if (qs->health[i].state == KUBE_HEALTH_READY)
			qs->nready++;
		else
			all = 0;
		/* a component's workload: its component says whether that is final */
		if (qs->health[i].state == KUBE_HEALTH_FAILED && !is_component(qs, &qs->items[i]))
			failed = 1;
	}
	/* postgres first: the others' crash loops are judged against it */
	if (qs->comp[ARGO_POSTGRES].present)
		judge_component(w, &qs->comp[ARGO_POSTGRES], ARGO_POSTGRES);
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		if (!qs->comp[i].present)
			continue;
		if (i != ARGO_POSTGRES)
			judge_component(w, &qs->comp[i], i);
		if (qs->comp[i].state != KUBE_HEALTH_READY)
			all = 0;
		if (qs->comp[i].state == KUBE_HEALTH_FAILED)
			failed = 1;
	}
	qs->all_ready = all;
	qs->failed = failed;
	tell(w);
}

static void on_change(void *ctx, struct kube_informer *inf, const char *type,
		      const json_t *obj)
{
	(void)inf;
	(void)type;
	(void)obj;
	judge(ctx);
}

static int stop_now(void *ctx)
{
	struct waiter *w = ctx;
	size_t i;

	if (!w->o->watch && (w->qs->all_ready || w->qs->failed))
		return 1;
	if (w->o->no_wait && w->synced_once) {
		/* judged once: done when no check is still in flight */
		for (i = 0; i < ARGO_COMPONENT_COUNT; i++)
			if (w->qs->comp[i].check_busy)
				return 0;
		return 1;
	}
	return 0;
}

/* a tick: crash-loop grace periods pass without any event */
static void tick(void *ctx)
{
	struct waiter *w = ctx;

	w->tick_timer = 0;
	judge(w);
	if (!stop_now(w))
		w->tick_timer = kube_client_timer(w->c, 1000, tick, w);
}

/* ------------------------------------------------------------------ */
/* explaining                                                          */

static void explain(struct waiter *w)
{
	struct argo_qs *qs = w->qs;
	size_t i;
	int max = w->o->max_events > 0 ? w->o->max_events : 5;
	long long now = (long long)time(NULL);

	buf_reset(&qs->explain);
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		const struct argo_component *comp = &qs->comp[i];

		if (!comp->present || comp->state == KUBE_HEALTH_READY)
			continue;
		buf_addf(&qs->explain, "%s: %s: %s\n", comp->name,
			 kube_health_state_name(comp->state), comp->reason.ptr);
	}
	for (i = 0; i < qs->n; i++) {
		if (qs->health[i].state == KUBE_HEALTH_READY)
			continue;
		if (!live(w, &qs->items[i])) {
			struct buf label = BUF_INIT;

			kube_item_label(&qs->items[i], &label);
			buf_addf(&qs->explain, "%s: not found\n", label.ptr);
			buf_release(&label);
			continue;
		}
		kube_health_explain(live(w, &qs->items[i]), &w->view, 0, max, now, &qs->explain);
	}
}

/* ------------------------------------------------------------------ */

static void add_informer(struct waiter *w, const char *api_version, const char *kind,
			 const char *ns, const char *selector)
{
	const struct kube_resource *r = kube_discovery_find(w->d, api_version, kind);

	if (r)
		kube_watchset_add(&w->ws, r, ns, selector);
}

int argo_qs_wait(struct kube_client *c, struct kube_discovery *d,
		 struct kube_item *items, size_t n, const struct argo_qs_opts *o,
		 struct argo_qs *qs)
{
	struct waiter w;
	struct buf sel = BUF_INIT, g = BUF_INIT;
	size_t i, j;
	int err = 0, pvc = 0;

	memset(qs, 0, sizeof(*qs));
	memset(&w, 0, sizeof(w));
	qs->items = items;
	qs->n = n;
	qs->health = xcalloc(n ? n : 1, sizeof(*qs->health));
	buf_init(&qs->explain, 0);
	for (i = 0; i < n; i++) {
		struct kube_health h = KUBE_HEALTH_INIT;

		qs->health[i] = h;
	}
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		qs->comp[i].name = names[i];
		qs->comp[i].state = KUBE_HEALTH_MISSING;
		qs->comp[i].ready_ms = -1;
		buf_init(&qs->comp[i].reason, 0);
		buf_init(&qs->comp[i].detail, 0);
		kube_req_init(&qs->comp[i].req, "GET");
		for (j = 0; j < n; j++) {
			if (strcmp(items[j].name, names[i]))
				continue;
			if (!strcmp(items[j].kind, "Deployment") ||
			    (i == ARGO_MINIO && !strcmp(items[j].kind, "Pod"))) {
				qs->comp[i].present = 1;
				qs->comp[i].item = &items[j];
				buf_adds(&qs->comp[i].reason, "not found");
			}
		}
	}
	w.c = c;
	w.d = d;
	w.o = o;
	w.qs = qs;
	w.t0 = clock_mono_ns();
	w.postgres_ready_ms = -1;
	buf_init(&w.sig, 0);
	kube_watchset_init(&w.ws, c, on_change, &w);
	kube_watchset_view(&w.ws, &w.view);

	/* the objects themselves, by label */
	buf_addf(&sel, KUBE_LABEL_INVENTORY "=%s", o->inventory);
	for (i = 0; i < n; i++) {
		const struct kube_resource *r;

		kube_api_version_group(&g, items[i].api_version);
		r = kube_discovery_find_gk(d, g.ptr, items[i].kind);
		if (r)
			kube_watchset_add(&w.ws, r, NULL, sel.ptr);
		if (!strcmp(items[i].kind, "PersistentVolumeClaim"))
			pvc = 1;
	}
	/* what the rules look at, per namespace */
	for (i = 0; i < n; i++) {
		const char *ns = items[i].ns;

		if (!ns)
			continue;
		add_informer(&w, "v1", "Pod", ns, NULL);
		add_informer(&w, "v1", "Event", ns, NULL);
		add_informer(&w, "v1", "Endpoints", ns, NULL);
		if (qs->comp[ARGO_CONTROLLER].present)
			add_informer(&w, "coordination.k8s.io/v1", "Lease", ns, NULL);
	}
	if (pvc)
		add_informer(&w, "storage.k8s.io/v1", "StorageClass", NULL, NULL);
	w.tick_timer = kube_client_timer(c, 1000, tick, &w);
	err = kube_client_run(c, o->timeout_ms, stop_now, &w);
	judge(&w);
	if (!qs->all_ready && !o->no_wait) {
		explain(&w);
		if (err == 0 && qs->failed)
			err = err_set(ERR_GENERIC, "the quick-start will not become ready");
		else if (err == ERR_TIMEOUT)
			err = err_set(ERR_TIMEOUT, "not ready after %ld s", o->timeout_ms / 1000);
	} else if (!qs->all_ready) {
		explain(&w);
		err = 0;
	}
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		if (qs->comp[i].check_busy)
			kube_client_cancel(c, &qs->comp[i].req);
		if (qs->comp[i].timer)
			kube_client_timer_cancel(c, qs->comp[i].timer);
		qs->comp[i].check_busy = 0;
		qs->comp[i].timer = 0;
	}
	if (w.tick_timer)
		kube_client_timer_cancel(c, w.tick_timer);
	kube_watchset_release(&w.ws);
	buf_release(&w.sig);
	buf_release(&sel);
	buf_release(&g);
	return err;
}

void argo_qs_release(struct argo_qs *qs)
{
	size_t i;

	for (i = 0; i < qs->n && qs->health; i++)
		kube_health_release(&qs->health[i]);
	free(qs->health);
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		buf_release(&qs->comp[i].reason);
		buf_release(&qs->comp[i].detail);
		kube_req_release(&qs->comp[i].req);
	}
	buf_release(&qs->explain);
	memset(qs, 0, sizeof(*qs));
}
