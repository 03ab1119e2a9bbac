/*
 * sim: the simulation's thread, work queue, timers and shared helpers.
 * See sim.h and simint.h.
 *
 * The store's observer turns each committed write into work: the object
 * itself, its controlling owner, and for pods the Services of their
 * namespace (whose Endpoints follow pod readiness).  The thread takes
 * the store lock, fires due timers, drains the queue (a reconcile may
 * write, which queues more), and sleeps on the store's condition until
 * the next timer or the next write.  Reconcilers write only when
 * something changed, so the queue always drains.
 *
 * Events are aggregated as the event recorder does; an index by what
 * they aggregate on, kept by the observer, spares each new Event a
 * list of its namespace.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/log.h"
#include "../doc/json.h"
#include "simint.h"

/* ------------------------------------------------------------------ */
/* keys, queue and timers                                              */

static void key_init(struct sim_key *k, const char *skey, const char *ns,
		     const char *name)
{
	k->skey = xstrdup(skey);
	k->ns = ns ? xstrdup(ns) : NULL;
	k->name = xstrdup(name);
}

static void key_release(struct sim_key *k)
{
	free(k->skey);
	free(k->ns);
	free(k->name);
	memset(k, 0, sizeof(*k));
}

static void key_text(struct buf *out, const char *skey, const char *ns,
		     const char *name)
{
	buf_reset(out);
	buf_addf(out, "%s/%s/%s", skey, ns ? ns : "", name);
}

int64_t sim_now_ms(struct sim_sim *s)
{
	return clock_scaled_ms(s->clock);
}

void sim_enqueue(struct sim_sim *s, const char *skey, const char *ns,
		 const char *name)
{
	struct buf k = BUF_INIT;

	if (!name)
		return;
	key_text(&k, skey, ns, name);
	if (!strmap_get(&s->queued, k.ptr, k.len)) {
		strmap_put(&s->queued, k.ptr, k.len, (void *)1);
		if (s->qhead == s->qn) {
			s->qhead = s->qn = 0;
		} else if (s->qhead > 64 && s->qhead * 2 > s->qn) {
			memmove(s->q, s->q + s->qhead, (s->qn - s->qhead) * sizeof(*s->q));
			s->qn -= s->qhead;
			s->qhead = 0;
		}
		ALLOC_GROW(s->q, s->qn + 1, s->qalloc);
		key_init(&s->q[s->qn++], skey, ns, name);
	}
	buf_release(&k);
}

static void heap_swap(struct sim_timer *h, size_t i, size_t j)
{
	struct sim_timer t = h[i];

	h[i] = h[j];
	h[j] = t;
}

void sim_timer_at(struct sim_sim *s, int64_t at, const char *skey,
		  const char *ns, const char *name)
{
	size_t i;

	ALLOC_GROW(s->heap, s->hn + 1, s->halloc);
	i = s->hn++;
	s->heap[i].at = at;
	key_init(&s->heap[i].k, skey, ns, name);
	while (i && s->heap[(i - 1) / 2].at > s->heap[i].at) {
		heap_swap(s->heap, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_pop(struct sim_sim *s, struct sim_timer *out)
{
	size_t i = 0;

	*out = s->heap[0];
	s->heap[0] = s->heap[--s->hn];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < s->hn && s->heap[l].at < s->heap[m].at)
			m = l;
		if (r < s->hn && s->heap[r].at < s->heap[m].at)
			m = r;
		if (m == i)
			break;
		heap_swap(s->heap, i, m);
		i = m;
	}
}

/* ------------------------------------------------------------------ */
/* the index of Events                                                 */

/*
 * The index of Events.  Each slot counts the stored Events with its key
 * and names the first of them (by name, as a list of the namespace
 * would find it), or none when that one went while others are left:
 * then a list of the namespace finds it again.  The observer keeps the
 * counts for every write of an Event, whoever makes it.
 */
struct sim_event_slot {
	char *name; /* NULL: look it up */
	size_t n;
};

static void slot_free(struct sim_event_slot *slot)
{
	if (!slot)
		return;
	free(slot->name);
	free(slot);
}

static void event_key(struct buf *out, const char *ns, const char *uid,
		      const char *reason, const char *message)
{
	buf_reset(out);
	/* NUL-separated: none of the parts holds a NUL */
	buf_add(out, ns, strlen(ns) + 1);
	buf_add(out, uid, strlen(uid) + 1);
	buf_add(out, reason, strlen(reason) + 1);
	buf_adds(out, message);
}

/* the aggregation key of a stored Event */
static void event_key_of(struct buf *out, const json_t *e)
{
	event_key(out, sim_str(e, "metadata.namespace") ?: "",
		  sim_str(e, "involvedObject.uid") ?: "", sim_str(e, "reason") ?: "",
		  sim_str(e, "message") ?: "");
}

/* whether stored Event e has key k (tmp: scratch) */
static int key_is(struct buf *tmp, const json_t *e, const struct buf *k)
{
	event_key_of(tmp, e);
	return tmp->len == k->len && !memcmp(tmp->ptr, k->ptr, k->len);
}

static void index_add(struct sim_sim *s, const json_t *e)
{
	const char *name = sim_str(e, "metadata.name") ?: "";
	struct buf k = BUF_INIT;
	struct sim_event_slot *slot;

	event_key_of(&k, e);
	slot = strmap_get(&s->events, k.ptr, k.len);
	if (!slot) {
		slot = xcalloc(1, sizeof(*slot));
		slot->name = xstrdup(name);
		strmap_put(&s->events, k.ptr, k.len, slot);
	} else if (slot->name && strcmp(name, slot->name) < 0) {
		free(slot->name);
		slot->name = xstrdup(name);
	}
	slot->n++;
	buf_release(&k);
}

static void index_drop(struct sim_sim *s, const json_t *e)
{
	struct buf k = BUF_INIT;
	struct sim_event_slot *slot;

	event_key_of(&k, e);
	slot = strmap_get(&s->events, k.ptr, k.len);
	if (slot && !--slot->n) {
		slot_free(strmap_del(&s->events, k.ptr, k.len));
	} else if (slot && slot->name &&
		   !strcmp(slot->name, sim_str(e, "metadata.name") ?: "")) {
		free(slot->name);
		slot->name = NULL;
	}
	buf_release(&k);
}

/* the observer's part: ev is a write of an Event */
static void index_event_write(struct sim_sim *s, const struct sim_event *ev)
{
	const json_t *after = ev->type == SIM_DELETED ? NULL : ev->obj;

	if (!s->events_indexed)
		return;
	if (ev->prev && after) {
		struct buf k = BUF_INIT, tmp = BUF_INIT;
		int same;

		event_key_of(&k, ev->prev);
		same = key_is(&tmp, after, &k);
		buf_release(&k);
		buf_release(&tmp);
		if (same)
			return; /* aggregated: count and time changed */
	}
	if (ev->prev)
		index_drop(s, ev->prev);
	if (after)
		index_add(s, after);
}

static void index_events(struct sim_sim *s, const struct sim_rtype *rt)
{
	const struct sim_obj **objs;
	size_t n, i;

	sim_store_list(s->st, rt->storage_key, NULL, &objs, &n);
	for (i = 0; i < n; i++)
		index_add(s, objs[i]->obj);
	free(objs);
	s->events_indexed = 1;
}

/* the stored Event in ns with key k, or NULL (borrowed, lock held) */
static const json_t *find_event(struct sim_sim *s, const struct sim_rtype *rt,
				const char *ns, const struct buf *k)
{
	struct sim_event_slot *slot = strmap_get(&s->events, k->ptr, k->len);
	struct buf have = BUF_INIT;
	const struct sim_obj **objs;
	const json_t *found = NULL;
	size_t n, i;

	if (!slot)
		return NULL;
	if (slot->name) {
		const struct sim_obj *o = sim_store_get(s->st, rt->storage_key, ns, slot->name);

		if (o && key_is(&have, o->obj, k))
			found = o->obj;
	}
	if (!found) {
		/* the first one went (or the store changed under the index): look again */
		sim_store_list(s->st, rt->storage_key, ns, &objs, &n);
		for (i = 0; i < n && !found; i++)
			if (key_is(&have, objs[i]->obj, k))
				found = objs[i]->obj;
		free(objs);
		if (found) {
			free(slot->name);
			slot->name = xstrdup(sim_str(found, "metadata.name") ?: "");
		} else {
			slot_free(strmap_del(&s->events, k->ptr, k->len));
		}
	}
	buf_release(&have);
	return found;
}

/* ------------------------------------------------------------------ */
/* observing writes                                                    */

const struct sim_rtype *sim_rt(struct sim_sim *s, const char *skey)
{
	return sim_types_by_key(&s->st->types, skey);
}

const struct sim_rtype *sim_rt_kind(struct sim_sim *s, const char *api_version,
				    const char *kind)
{
	return sim_types_find_kind(&s->st->types, api_version, kind);
}

static void enqueue_owners(struct sim_sim *s, const json_t *obj)
{
	const json_t *refs = sim_get(obj, "metadata.ownerReferences"), *r;
	const char *ns = sim_str(obj, "metadata.namespace");
	size_t i;

	json_array_foreach(refs, i, r) {
		const struct sim_rtype *rt = sim_rt_kind(s, sim_str(r, "apiVersion") ?: "",
							 sim_str(r, "kind") ?: "");

		if (rt)
			sim_enqueue(s, rt->storage_key, (rt->flags & RT_NAMESPACED) ? ns : NULL,
				    sim_str(r, "name"));
	}
}

static void enqueue_services(struct sim_sim *s, const char *ns)
{
	const struct sim_obj **objs;
	size_t n, i;

	sim_store_list(s->st, "core/services", ns, &objs, &n);
	for (i = 0; i < n; i++)
		sim_enqueue(s, "core/services", ns, sim_str(objs[i]->obj, "metadata.name"));
	free(objs);
}

void sim_sim_observe(void *ctx, const struct sim_event *ev)
{
	struct sim_sim *s = ctx;
	const json_t *o = ev->obj;
	const char *ns = sim_str(o, "metadata.namespace");
	const char *name = sim_str(o, "metadata.name");

	if (!strcmp(ev->skey, "core/events")) {
		index_event_write(s, ev);
		return;
	}
	if (!strcmp(ev->skey, "coordination.k8s.io/leases"))
		return;
	sim_enqueue(s, ev->skey, ns, name);
	enqueue_owners(s, o);
	if (ev->prev)
		enqueue_owners(s, ev->prev);
	if (!strcmp(ev->skey, "core/pods")) {
		enqueue_services(s, ns);
		/* a pod that becomes ready may unblock a crash-looping one */
		if (ev->prev && sim_pod_ready(o) != sim_pod_ready(ev->prev)) {
			const struct sim_obj **objs;
			size_t n, i;

			sim_store_list(s->st, "core/pods", ns, &objs, &n);
			for (i = 0; i < n; i++)
				sim_enqueue(s, "core/pods", ns,
					    sim_str(objs[i]->obj, "metadata.name"));
			free(objs);
		}
	}
	if (ev->type == SIM_DELETED && sim_str(o, "metadata.uid"))
		/* the garbage collector looks for its dependents */
		sim_enqueue(s, "gc/deleted", ns, sim_str(o, "metadata.uid"));
}

/* ------------------------------------------------------------------ */
/* the thread                                                          */

static void reconcile(struct sim_sim *s, const struct sim_key *k)
{
	const char *sk = k->skey;

	if (!strcmp(sk, "core/pods"))
		sim_pods_reconcile(s, k->ns, k->name);
	else if (!strcmp(sk, "apps/deployments"))
		sim_ctl_deployment(s, k->ns, k->name);
	else if (!strcmp(sk, "apps/replicasets"))
		sim_ctl_replicaset(s, k->ns, k->name);
	else if (!strcmp(sk, "apps/statefulsets"))
		sim_ctl_statefulset(s, k->ns, k->name);
	else if (!strcmp(sk, "apps/daemonsets"))
		sim_ctl_daemonset(s, k->ns, k->name);
	else if (!strcmp(sk, "batch/jobs"))
		sim_ctl_job(s, k->ns, k->name);
	else if (!strcmp(sk, "core/namespaces"))
		sim_ctl_namespace(s, k->name);
	else if (!strcmp(sk, "core/services"))
		sim_ctl_endpoints(s, k->ns, k->name);
	else if (!strcmp(sk, "core/persistentvolumeclaims"))
		sim_ctl_pvc(s, k->ns, k->name);
	if (!strcmp(sk, "gc/deleted")) {
		sim_ctl_gc_deleted(s, k->ns, k->name);
	} else {
		const struct sim_rtype *rt = sim_rt(s, sk);

		if (rt)
			sim_ctl_gc_finalizers(s, rt, k->ns, k->name);
	}
}

static void *run(void *arg)
{
	struct sim_sim *s = arg;

	sim_store_lock(s->st);
	while (!s->stop && !s->st->closing) {
		int64_t now = sim_now_ms(s);
		struct timespec until;
		size_t rounds = 0;

		while (s->hn && s->heap[0].at <= now) {
			struct sim_timer t;

			heap_pop(s, &t);
			sim_enqueue(s, t.k.skey, t.k.ns, t.k.name);
			key_release(&t.k);
		}
		while (s->qhead < s->qn && !s->stop) {
			struct sim_key k = s->q[s->qhead++];
			struct buf kt = BUF_INIT;

			key_text(&kt, k.skey, k.ns, k.name);
			strmap_del(&s->queued, kt.ptr, kt.len);
			buf_release(&kt);
			reconcile(s, &k);
			key_release(&k);
			if (++rounds % 512 == 0) {
				/* let requests in between long bursts */
				sim_store_unlock(s->st);
				sim_store_lock(s->st);
			}
		}
		if (s->stop || s->st->closing)
			break;
		if (s->hn)
			until = clock_scaled_deadline(s->clock, s->heap[0].at);
		else
			until = clock_mono_deadline(1000);
		{
			struct timespec cap = clock_mono_deadline(1000);

			if (until.tv_sec > cap.tv_sec ||
			    (until.tv_sec == cap.tv_sec && until.tv_nsec > cap.tv_nsec))
				until = cap;
		}
		sim_store_wait(s->st, &until);
	}
	sim_store_unlock(s->st);
	return NULL;
}

struct sim_sim *sim_sim_new(struct sim_api *a, const struct clock_scaled *clock)
{
	struct sim_sim *s = xcalloc(1, sizeof(*s));

	s->a = a;
	s->st = a->store;
	s->clock = clock;
	s->next_pod_ip = 10;
	return s;
}

static void bootstrap_node(struct sim_sim *s)
{
	const struct sim_rtype *rt = sim_rt(s, "core/nodes");
	char now[21];
	json_t *node;

	if (!rt || sim_store_get(s->st, rt->storage_key, NULL, SIM_NODE))
		return;
	sim_now(now);
	node = json_pack(
		"{s:{s:s, s:{s:s, s:s, s:s, s:s, s:s}}, s:{s:s, s:s}, s:{s:[{s:s, s:s}, {s:s, s:s}], s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:[{s:s, s:s, s:s, s:s, s:s, s:s}], s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}}}",
		"metadata", "name", SIM_NODE, "labels", "kubernetes.io/os", "linux",
		"kubernetes.io/arch", "amd64", "kubernetes.io/hostname", SIM_NODE,
		"node-role.kubernetes.io/control-plane", "", "node.kubernetes.io/exclude-from-external-load-balancers", "",
		"spec", "podCIDR", "10.244.0.0/24", "providerID", "argolab://sim",
		"status", "addresses", "type", "InternalIP", "address", SIM_NODE_IP, "type",
		"Hostname", "address", SIM_NODE, "capacity", "cpu", "8", "memory", "16Gi",
		"pods", "110", "allocatable", "cpu", "8", "memory", "16Gi", "pods", "110",
		"conditions", "type", "Ready", "status", "True", "reason", "KubeletReady",
		"message", "kubelet is posting ready status (simulated by argolab)",
		"lastHeartbeatTime", now, "lastTransitionTime", now,
		"nodeInfo", "kubeletVersion", "v1.32.0", "kubeProxyVersion", "v1.32.0",
		"containerRuntimeVersion", "argolab-sim://1", "operatingSystem", "linux",
		"architecture", "amd64", "osImage", "argolab simulated node",
		"kernelVersion", "sim", "machineID", "argolab", "systemUUID", "argolab",
		"bootID", "argolab");
	sim_create(s, rt, node, NULL);
}

int sim_sim_start(struct sim_sim *s)
{
	const struct sim_obj **objs;
	size_t n, i;

	sim_store_lock(s->st);
	bootstrap_node(s);
	/* a restarted simulator picks up every pod and workload again */
	{
		static const char *const keys[] = { "core/pods", "apps/deployments",
			"apps/replicasets", "apps/statefulsets", "apps/daemonsets",
			"batch/jobs", "core/namespaces", "core/services",
			"core/persistentvolumeclaims", NULL };
		size_t k;

		for (k = 0; keys[k]; k++) {
			sim_store_list(s->st, keys[k], NULL, &objs, &n);
			for (i = 0; i < n; i++)
				sim_enqueue(s, keys[k], sim_str(objs[i]->obj, "metadata.namespace"),
					    sim_str(objs[i]->obj, "metadata.name"));
			free(objs);
		}
	}
	sim_store_unlock(s->st);
	if (pthread_create(&s->thread, NULL, run, s))
		return err_set(ERR_GENERIC, "cannot start the simulation thread");
	s->started = 1;
	return 0;
}

void sim_sim_free(struct sim_sim *s)
{
	struct strmap_entry *e;
	size_t i;

	if (!s)
		return;
	if (s->started) {
		sim_store_lock(s->st);
		s->stop = 1;
		pthread_cond_broadcast(&s->st->changed);
		sim_store_unlock(s->st);
		pthread_join(s->thread, NULL);
	}
	for (i = s->qhead; i < s->qn; i++)
		key_release(&s->q[i]);
	free(s->q);
	strmap_release(&s->queued);
	for (i = 0; i < s->hn; i++)
		key_release(&s->heap[i].k);
	free(s->heap);
	sim_pods_forget_all(s);
	strmap_release(&s->pods);
	strmap_foreach(&s->events, e)
		slot_free(e->value);
	strmap_release(&s->events);
	strmap_foreach(&s->images, e)
		(void)e;
	strmap_release(&s->images);
	free(s);
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

int sim_update(struct sim_sim *s, const struct sim_rtype *rt, json_t *obj)
{
	const struct sim_write w = { SIM_CONTROLLER, NULL, NULL, 0, 1 };
	const char *ns = sim_str(obj, "metadata.namespace");
	const char *name = sim_str(obj, "metadata.name");
	const struct sim_obj *old;
	char *nsd = ns ? xstrdup(ns) : NULL, *named = name ? xstrdup(name) : NULL;
	int err;

	old = named ? sim_store_get(s->st, rt->storage_key, nsd, named) : NULL;
	if (!old) {
		json_decref(obj);
		err = ERR_NOTFOUND;
	} else {
		err = sim_api_write(s->a, rt, nsd, named, obj, old, &w, NULL, NULL);
	}
	if (err < 0)
		log_debug("simulation: update of %s %s/%s failed: %s", rt->kind,
			  nsd ? nsd : "", named ? named : "", err_last());
	free(nsd);
	free(named);
	return err;
}

int sim_create(struct sim_sim *s, const struct sim_rtype *rt, json_t *obj,
	       json_t **out)
{
	const struct sim_write w = { SIM_CONTROLLER, NULL, NULL, 0, 1 };
	const char *ns = sim_str(obj, "metadata.namespace");
	char *nsd = ns ? xstrdup(ns) : NULL;
	int err;

	err = sim_api_write(s->a, rt, nsd, NULL, obj, NULL, &w, out, NULL);
	if (err < 0)
		log_debug("simulation: create of %s failed: %s", rt->kind, err_last());
	free(nsd);
	return err;
}

int sim_delete(struct sim_sim *s, const struct sim_rtype *rt, const json_t *obj,
	       const char *propagation)
{
	const char *ns = sim_str(obj, "metadata.namespace");
	/* the deletion may replace obj in the store: keep the names */
	char *nsd = ns ? xstrdup(ns) : NULL;
	char *named = xstrdup(sim_str(obj, "metadata.name") ?: "");
	int err;

	err = sim_api_delete(s->a, rt, nsd, named, propagation, -1, NULL);
	free(nsd);
	free(named);
	return err;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */

void sim_event(struct sim_sim *s, const json_t *obj, const char *type,
	       const char *reason, const char *component, const char *fmt, ...)
{
	const struct sim_rtype *rt = sim_rt(s, "core/events");
	const char *ns = sim_str(obj, "metadata.namespace");
	const char *name = sim_str(obj, "metadata.name");
	struct buf msg = BUF_INIT, ename = BUF_INIT, key = BUF_INIT;
	const json_t *e;
	char now[21];
	va_list ap;

	if (!rt || !name)
		return;
	if (!ns)
		ns = "default";
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	sim_now(now);
	/* aggregate with the same event about the same object */
	if (!s->events_indexed)
		index_events(s, rt);
	event_key(&key, ns, sim_str(obj, "metadata.uid") ?: "", reason, msg.ptr);
	if ((e = find_event(s, rt, ns, &key))) {
		json_t *c = json_deep_copy(e);

		json_object_set_new(c, "count", json_integer(sim_int(e, "count", 1) + 1));
		json_object_set_new(c, "lastTimestamp", json_string(now));
		sim_update(s, rt, c);
		goto done;
	}
	buf_addf(&ename, "%s.%016llx", name,
		 (unsigned long long)(clock_wall_ms() * 1000 + (int64_t)(s->event_seq++ % 1000)));
	{
		json_t *ev = json_pack(
			"{s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s}, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:i, s:s, s:s, s:s}",
			"metadata", "name", ename.ptr, "namespace", ns, "involvedObject",
			"kind", sim_str(obj, "kind") ?: "", "namespace", ns, "name", name,
			"uid", sim_str(obj, "metadata.uid") ?: "", "apiVersion",
			sim_str(obj, "apiVersion") ?: "", "reason", reason, "message", msg.ptr,
			"source", "component", component, "host", SIM_NODE, "firstTimestamp",
			now, "lastTimestamp", now, "count", 1, "type", type,
			"reportingComponent", component, "reportingInstance", SIM_NODE);

		if (!sim_str(obj, "metadata.namespace"))
			json_object_del(json_object_get(ev, "involvedObject"), "namespace");
		if (ev)
			sim_create(s, rt, ev, NULL);
	}
done:
	buf_release(&msg);
	buf_release(&ename);
	buf_release(&key);
}

/* ------------------------------------------------------------------ */
/* object helpers                                                      */

json_t *sim_get(const json_t *obj, const char *path)
{
	const json_t *v = obj;

	while (v && *path) {
		size_t n = strcspn(path, ".");
		char key[128];

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n;
		if (*path == '.')
			path++;
	}
	return (json_t *)v;
}

const char *sim_str(const json_t *obj, const char *path)
{
	return json_string_value(sim_get(obj, path));
}

json_int_t sim_int(const json_t *obj, const char *path, json_int_t def)
{
	const json_t *v = sim_get(obj, path);

	return json_is_integer(v) ? json_integer_value(v) : def;
}

json_t *sim_obj_path(json_t *obj, const char *path)
{
	json_t *v = obj;

	while (*path) {
		size_t n = strcspn(path, ".");
		char key[128];
		json_t *next;

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		next = json_object_get(v, key);
		if (!json_is_object(next)) {
			next = json_object();
			json_object_set_new(v, key, next);
		}
		v = next;
		path += n;
		if (*path == '.')
			path++;
	}
	return v;
}

json_t *sim_copy_or(const json_t *v, json_t *def)
{
	if (!v)
		return def;
	json_decref(def);
	return json_deep_copy(v);
}

int sim_owned_by(const json_t *obj, const char *uid)
{
	const json_t *refs = sim_get(obj, "metadata.ownerReferences"), *r;
	size_t i;

	json_array_foreach(refs, i, r)
		if (json_is_true(json_object_get(r, "controller")) &&
		    !strcmp(sim_str(r, "uid") ?: "", uid))
			return 1;
	return 0;
}

json_t *sim_owner_ref(const json_t *owner, int controller)
{
	json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "apiVersion",
			      sim_str(owner, "apiVersion") ?: "", "kind",
			      sim_str(owner, "kind") ?: "", "name",
			      sim_str(owner, "metadata.name") ?: "", "uid",
			      sim_str(owner, "metadata.uid") ?: "");

	if (controller) {
		json_object_set_new(r, "controller", json_true());
		json_object_set_new(r, "blockOwnerDeletion", json_true());
	}
	return r;
}

int sim_labels_match(const json_t *selector, const json_t *labels)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)selector, k, v) {
		const char *have = json_string_value(json_object_get(labels, k));

		if (!json_is_string(v) || !have || strcmp(have, json_string_value(v)))
			return 0;
	}
	return 1;
}

int sim_is_terminating(const json_t *obj)
{
	return sim_get(obj, "metadata.deletionTimestamp") != NULL;
}

const json_t *sim_find_condition(const json_t *obj, const char *type)
{
	const json_t *conds = sim_get(obj, "status.conditions"), *c;
	size_t i;

	json_array_foreach(conds, i, c)
		if (!strcmp(sim_str(c, "type") ?: "", type))
			return c;
	return NULL;
}

void sim_set_condition(json_t *status, const char *type, const char *cstatus,
		       const char *reason, const char *message, int update_time)
{
	json_t *conds = json_object_get(status, "conditions"), *c, *found = NULL;
	char now[21];
	size_t i;

	sim_now(now);
	if (!json_is_array(conds)) {
		conds = json_array();
		json_object_set_new(status, "conditions", conds);
	}
	json_array_foreach(conds, i, c)
		if (!strcmp(sim_str(c, "type") ?: "", type))
			found = c;
	if (!found) {
		found = json_pack("{s:s}", "type", type);
		json_array_append_new(conds, found);
	}
	if (strcmp(sim_str(found, "status") ?: "", cstatus) ||
	    !json_object_get(found, "lastTransitionTime"))
		json_object_set_new(found, "lastTransitionTime", json_string(now));
	if (update_time && (strcmp(sim_str(found, "reason") ?: "", reason ?: "") ||
			    strcmp(sim_str(found, "status") ?: "", cstatus) ||
			    !json_object_get(found, "lastUpdateTime")))
		json_object_set_new(found, "lastUpdateTime", json_string(now));
	json_object_set_new(found, "status", json_string(cstatus));
	if (reason)
		json_object_set_new(found, "reason", json_string(reason));
	if (message)
		json_object_set_new(found, "message", json_string(message));
}

unsigned long long sim_json_hash(const json_t *v)
{
	struct buf text = BUF_INIT;
	unsigned long long h = 1469598103934665603ULL; /* FNV-1a */
	size_t k;

	doc_json_dump(&text, v, DOC_JSON_SORT_KEYS);
	for (k = 0; k < text.len; k++) {
		h ^= (unsigned char)text.ptr[k];
		h *= 1099511628211ULL;
	}
	buf_release(&text);
	return h;
}

void sim_template_hash(const json_t *v, struct buf *out)
{
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	unsigned long long h = sim_json_hash(v);
	int i;

	for (i = 0; i < 10; i++) {
		buf_addc(out, alphabet[h % (sizeof(alphabet) - 1)]);
		h /= (sizeof(alphabet) - 1);
	}
}
