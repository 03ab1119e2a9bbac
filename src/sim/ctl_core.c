/*
 * ctl_core: the core controllers: namespace lifecycle, Endpoints of
 * Services, PersistentVolumeClaim binding, and garbage collection.
 *
 * Namespace deletion empties the namespace (every namespaced object,
 * through the normal deletion path, so pods terminate and finalizers
 * hold) and then drops the "kubernetes" finalizer, which completes it.
 * Endpoints list the ready pods a Service selects in addresses and the
 * others in notReadyAddresses, with named target ports resolved per
 * pod, as the endpoints controller does.  A claim on a
 * WaitForFirstConsumer class stays Pending until a pod using it is
 * scheduled; others bind at once.  The garbage collector deletes the
 * dependents of a deleted owner (background), holds a foreground
 * deletion until the dependents are gone, and strips the owner from
 * dependents of an orphaning deletion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "simint.h"

/* ------------------------------------------------------------------ */
/* Namespace                                                           */

void sim_ctl_namespace(struct sim_sim *s, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "core/namespaces", NULL, name);
	const struct sim_rtype *rt = sim_rt(s, "core/namespaces");
	size_t i, left = 0;
	char **keys;
	size_t nkeys = 0;

	if (!o || !rt)
		return;
	if (!sim_is_terminating(o->obj)) {
		const struct sim_rtype *sa = sim_rt(s, "core/serviceaccounts");
		const struct sim_rtype *cm = sim_rt(s, "core/configmaps");

		if (!sim_str(o->obj, "status.phase")) {
			json_t *c = json_deep_copy(o->obj);

			json_object_set_new(sim_obj_path(c, "status"), "phase", json_string("Active"));
			sim_update(s, rt, c);
		}
		/* what the service account and root CA publishers put in every namespace */
		if (sa && !sim_store_get(s->st, sa->storage_key, name, "default"))
			sim_create(s, sa, json_pack("{s:{s:s, s:s}}", "metadata", "name", "default",
						    "namespace", name), NULL);
		if (cm && s->a->ca_pem &&
		    !sim_store_get(s->st, cm->storage_key, name, "kube-root-ca.crt"))
			sim_create(s, cm,
				   json_pack("{s:{s:s, s:s, s:{s:s}}, s:{s:s}}", "metadata", "name",
					     "kube-root-ca.crt", "namespace", name, "annotations",
					     "kubernetes.io/description",
					     "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
					     "data", "ca.crt", s->a->ca_pem),
				   NULL);
		return;
	}
	/* every namespaced bucket: take the keys first, the list changes as we go */
	keys = xcalloc(s->st->types.n + 1, sizeof(*keys));
	for (i = 0; i < s->st->types.n; i++) {
		const struct sim_rtype *t = s->st->types.v[i];
		size_t k;
		int dup = 0;

		if (!(t->flags & RT_NAMESPACED))
			continue;
		for (k = 0; k < nkeys; k++)
			if (!strcmp(keys[k], t->storage_key))
				dup = 1;
		if (!dup)
			keys[nkeys++] = xstrdup(t->storage_key);
	}
	for (i = 0; i < nkeys; i++) {
		const struct sim_rtype *t = sim_rt(s, keys[i]);
		const struct sim_obj **objs;
		size_t n, j;
		json_t *copies = json_array();

		sim_store_list(s->st, keys[i], name, &objs, &n);
		for (j = 0; j < n; j++)
			json_array_append(copies, objs[j]->obj);
		free(objs);
		left += n;
		for (j = 0; t && j < json_array_size(copies); j++)
			if (!sim_is_terminating(json_array_get(copies, j)))
				sim_delete(s, t, json_array_get(copies, j), "Background");
		json_decref(copies);
		free(keys[i]);
	}
	free(keys);
	if (left) {
		/* look again when what is left has gone (pods take their grace period) */
		sim_timer_at(s, sim_now_ms(s) + 1000, "core/namespaces", NULL, name);
		return;
	}
	o = sim_store_get(s->st, "core/namespaces", NULL, name);
	if (o && json_array_size(sim_get(o->obj, "spec.finalizers"))) {
		json_t *c = json_deep_copy(o->obj);

		json_object_set_new(sim_obj_path(c, "spec"), "finalizers", json_array());
		sim_update(s, rt, c);
	}
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                           */

/* the container port of pod that a Service targetPort names */
static long resolve_port(const json_t *pod, const json_t *target, long port)
{
	const json_t *cs = sim_get(pod, "spec.containers"), *c, *p;
	size_t i, j;

	if (json_is_integer(target))
		return (long)json_integer_value(target);
	if (!json_is_string(target))
		return port;
	if (json_string_value(target)[0] >= '0' && json_string_value(target)[0] <= '9')
		return strtol(json_string_value(target), NULL, 10);
	json_array_foreach(cs, i, c)
		json_array_foreach(json_object_get(c, "ports"), j, p)
			if (!strcmp(sim_str(p, "name") ?: "", json_string_value(target)))
				return (long)sim_int(p, "containerPort", port);
	return -1;
}

void sim_ctl_endpoints(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *svc = sim_store_get(s->st, "core/services", ns, name);
	const struct sim_obj *cur = sim_store_get(s->st, "core/endpoints", ns, name);
	const struct sim_rtype *rt = sim_rt(s, "core/endpoints");
	const struct sim_obj **pods;
	const json_t *sel, *sports;
	json_t *ready = json_array(), *notready = json_array(), *ports = json_array(), *subsets, *ep;
	size_t n, i, j;

	if (!rt)
		goto out;
	if (!svc) {
		/* the Endpoints go with their Service */
		if (cur)
			sim_store_del(s->st, "core/endpoints", ns, name, NULL);
		goto out;
	}
	sel = sim_get(svc->obj, "spec.selector");
	if (!json_object_size(sel))
		goto out; /* a Service without selector has hand-made Endpoints */
	sports = sim_get(svc->obj, "spec.ports");
	sim_store_list(s->st, "core/pods", ns, &pods, &n);
	for (i = 0; i < n; i++) {
		const json_t *pod = pods[i]->obj;
		json_t *v, *addr;

		if (!sim_labels_match(sel, sim_get(pod, "metadata.labels")) ||
		    !sim_str(pod, "status.podIP") || sim_is_terminating(pod))
			continue;
		addr = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "ip",
				 sim_str(pod, "status.podIP"), "nodeName", SIM_NODE, "targetRef",
				 "kind", "Pod", "namespace", ns, "name",
				 sim_str(pod, "metadata.name") ?: "", "uid",
				 sim_str(pod, "metadata.uid") ?: "");
		json_array_append_new(sim_pod_ready(pod) ? ready : notready, addr);
		if (!json_array_size(ports))
			json_array_foreach(sports, j, v) {
				long p = resolve_port(pod, json_object_get(v, "targetPort"),
						      (long)sim_int(v, "port", 0));
				json_t *e;

				if (p < 0)
					continue;
				e = json_pack("{s:I, s:s}", "port", (json_int_t)p, "protocol",
					      sim_str(v, "protocol") ?: "TCP");
				if (sim_str(v, "name"))
					json_object_set_new(e, "name", json_string(sim_str(v, "name")));
				if (sim_str(v, "appProtocol"))
					json_object_set_new(e, "appProtocol", json_string(sim_str(v, "appProtocol")));
				json_array_append_new(ports, e);
			}
	}
	free(pods);
	subsets = json_array();
	if (json_array_size(ready) || json_array_size(notready)) {
		json_t *sub = json_object();

		if (json_array_size(ready))
			json_object_set(sub, "addresses", ready);
		if (json_array_size(notready))
			json_object_set(sub, "notReadyAddresses", notready);
		json_object_set(sub, "ports", ports);
		json_array_append_new(subsets, sub);
	}
	if (cur) {
		const json_t *old = sim_get(cur->obj, "subsets");

		if ((old ? json_equal(old, subsets) : !json_array_size(subsets))) {
			json_decref(subsets);
			goto out;
		}
		ep = json_deep_copy(cur->obj);
		if (json_array_size(subsets))
			json_object_set_new(ep, "subsets", subsets);
		else {
			json_object_del(ep, "subsets");
			json_decref(subsets);
		}
		sim_update(s, rt, ep);
		goto out;
	}
	ep = json_pack("{s:{s:s, s:s, s:o}}", "metadata", "name", name, "namespace", ns,
		       "labels", sim_copy_or(sim_get(svc->obj, "metadata.labels"), json_object()));
	if (json_array_size(subsets))
		json_object_set_new(ep, "subsets", subsets);
	else
		json_decref(subsets);
	sim_create(s, rt, ep, NULL);
out:
	json_decref(ready);
	json_decref(notready);
	json_decref(ports);
}

/* ------------------------------------------------------------------ */
/* PersistentVolumeClaims                                              */

static int claim_used_by_scheduled_pod(struct sim_sim *s, const char *ns,
				       const char *claim)
{
	const struct sim_obj **pods;
	size_t n, i, j;
	int used = 0;

	sim_store_list(s->st, "core/pods", ns, &pods, &n);
	for (i = 0; i < n && !used; i++) {
		const json_t *v;

		if (!sim_str(pods[i]->obj, "spec.nodeName"))
			continue;
		json_array_foreach(sim_get(pods[i]->obj, "spec.volumes"), j, v)
			if (!strcmp(sim_str(v, "persistentVolumeClaim.claimName") ?: "", claim))
				used = 1;
	}
	free(pods);
	return used;
}

void sim_ctl_pvc(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "core/persistentvolumeclaims", ns, name);
	const struct sim_rtype *rt = sim_rt(s, "core/persistentvolumeclaims");
	const struct sim_obj *sc;
	const char *cls, *mode;
	json_t *c, *st;
	char vol[64];

	if (!o || !rt || sim_is_terminating(o->obj) ||
	    !strcmp(sim_str(o->obj, "status.phase") ?: "", "Bound"))
		return;
	cls = sim_str(o->obj, "spec.storageClassName") ?: "standard";
	sc = sim_store_get(s->st, "storage.k8s.io/storageclasses", NULL, cls);
	mode = sc ? sim_str(sc->obj, "volumeBindingMode") ?: "Immediate" : "Immediate";
	if (!strcmp(mode, "WaitForFirstConsumer") && !claim_used_by_scheduled_pod(s, ns, name)) {
		if (strcmp(sim_str(o->obj, "status.phase") ?: "", "Pending")) {
			c = json_deep_copy(o->obj);
			json_object_set_new(sim_obj_path(c, "status"), "phase", json_string("Pending"));
			sim_event(s, o->obj, "Normal", "WaitForFirstConsumer", "persistentvolume-controller",
				  "waiting for first consumer to be created before binding");
			sim_update(s, rt, c);
		}
		return;
	}
	c = json_deep_copy(o->obj);
	snprintf(vol, sizeof(vol), "pvc-%s", sim_str(o->obj, "metadata.uid") ?: "0");
	json_object_set_new(sim_obj_path(c, "spec"), "volumeName", json_string(vol));
	if (!sim_str(c, "spec.storageClassName"))
		json_object_set_new(sim_obj_path(c, "spec"), "storageClassName", json_string(cls));
	json_object_set_new(sim_obj_path(c, "metadata.annotations"),
			    "pv.kubernetes.io/bind-completed", json_string("yes"));
	st = sim_obj_path(c, "status");
	json_object_set_new(st, "phase", json_string("Bound"));
	json_object_set_new(st, "accessModes", sim_copy_or(sim_get(o->obj, "spec.accessModes"),
							   json_pack("[s]", "ReadWriteOnce")));
	json_object_set_new(st, "capacity", sim_copy_or(sim_get(o->obj, "spec.resources.requests"),
							json_object()));
	sim_update(s, rt, c);
}

/* ------------------------------------------------------------------ */
/* garbage collection                                                  */

struct dep {
	const struct sim_rtype *rt;
	json_t *obj;
};

/* every object (of any namespaced bucket in ns, or everywhere) owned by uid */
static void dependents(struct sim_sim *s, const char *ns, const char *uid,
		       struct dep **out, size_t *nout, int controller_only)
{
	size_t i, j, k, n = 0, alloc = 0;
	struct dep *v = NULL;
	char **seen = xcalloc(s->st->types.n + 1, sizeof(*seen));
	size_t nseen = 0;

	for (i = 0; i < s->st->types.n; i++) {
		const struct sim_rtype *t = s->st->types.v[i];
		const struct sim_obj **objs;
		size_t m;
		int dup = 0;

		for (k = 0; k < nseen; k++)
			if (!strcmp(seen[k], t->storage_key))
				dup = 1;
		if (dup)
			continue;
		seen[nseen++] = t->storage_key;
		sim_store_list(s->st, t->storage_key, (t->flags & RT_NAMESPACED) ? ns : NULL, &objs, &m);
		for (j = 0; j < m; j++) {
			const json_t *refs = sim_get(objs[j]->obj, "metadata.ownerReferences"), *r;

			json_array_foreach(refs, k, r)
				if (!strcmp(sim_str(r, "uid") ?: "", uid) &&
				    (!controller_only || json_is_true(json_object_get(r, "controller")))) {
					ALLOC_GROW(v, n + 1, alloc);
					v[n].rt = sim_rt(s, t->storage_key);
					v[n].obj = json_incref(objs[j]->obj);
					n++;
					break;
				}
		}
		free(objs);
	}
	free(seen);
	*out = v;
	*nout = n;
}

static void free_deps(struct dep *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		json_decref(v[i].obj);
	free(v);
}

/* set metadata.key of c to list (taken); an empty list is no list, as the API writes it */
static void set_list(json_t *c, const char *key, json_t *list)
{
	json_t *md = json_object_get(c, "metadata");

	if (json_array_size(list)) {
		json_object_set_new(md, key, list);
	} else {
		json_object_del(md, key);
		json_decref(list);
	}
}

/* a copy of obj without its ownerReferences to uid */
static json_t *without_owner(const json_t *obj, const char *uid)
{
	json_t *c = json_deep_copy(obj), *nr = json_array(), *r;
	size_t i;

	json_array_foreach(sim_get(c, "metadata.ownerReferences"), i, r)
		if (strcmp(sim_str(r, "uid") ?: "", uid))
			json_array_append(nr, r);
	set_list(c, "ownerReferences", nr);
	return c;
}

/* a copy of obj without finalizer f */
static json_t *without_finalizer(const json_t *obj, const char *f)
{
	json_t *c = json_deep_copy(obj), *nf = json_array(), *e;
	size_t i;

	json_array_foreach(sim_get(c, "metadata.finalizers"), i, e)
		if (!json_is_string(e) || strcmp(json_string_value(e), f))
			json_array_append(nf, e);
	set_list(c, "finalizers", nf);
	return c;
}

void sim_ctl_gc_deleted(struct sim_sim *s, const char *ns, const char *uid)
{
	struct dep *v;
	size_t n, i;

	dependents(s, ns, uid, &v, &n, 0);
	for (i = 0; i < n; i++) {
		const json_t *refs = sim_get(v[i].obj, "metadata.ownerReferences");

		/* a dependent with another owner left only loses this one */
		if (json_array_size(refs) > 1) {
			sim_update(s, v[i].rt, without_owner(v[i].obj, uid));
			continue;
		}
		if (v[i].rt && !sim_is_terminating(v[i].obj))
			sim_delete(s, v[i].rt, v[i].obj, "Background");
	}
	free_deps(v, n);
}

static int has_finalizer(const json_t *obj, const char *f)
{
	const json_t *e;
	size_t i;

	json_array_foreach(sim_get(obj, "metadata.finalizers"), i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), f))
			return 1;
	return 0;
}

void sim_ctl_gc_finalizers(struct sim_sim *s, const struct sim_rtype *rt,
			   const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, rt->storage_key, ns, name);
	const char *uid;
	struct dep *v;
	size_t n, i;

	if (!o || !sim_is_terminating(o->obj))
		return;
	uid = sim_str(o->obj, "metadata.uid");
	if (!uid)
		return;
	if (has_finalizer(o->obj, "orphan")) {
		char *u = xstrdup(uid);

		dependents(s, (rt->flags & RT_NAMESPACED) ? ns : NULL, u, &v, &n, 0);
		for (i = 0; i < n; i++)
			if (v[i].rt)
				sim_update(s, v[i].rt, without_owner(v[i].obj, u));
		free_deps(v, n);
		free(u);
		o = sim_store_get(s->st, rt->storage_key, ns, name);
		if (o)
			sim_update(s, rt, without_finalizer(o->obj, "orphan"));
		return;
	}
	if (has_finalizer(o->obj, "foregroundDeletion")) {
		char *u = xstrdup(uid);

		dependents(s, (rt->flags & RT_NAMESPACED) ? ns : NULL, u, &v, &n, 0);
		for (i = 0; i < n; i++)
			if (v[i].rt && !sim_is_terminating(v[i].obj))
				sim_delete(s, v[i].rt, v[i].obj, "Foreground");
		if (!n) {
			o = sim_store_get(s->st, rt->storage_key, ns, name);
			if (o)
				sim_update(s, rt, without_finalizer(o->obj, "foregroundDeletion"));
		} else {
			sim_timer_at(s, sim_now_ms(s) + 500, rt->storage_key, ns, name);
		}
		free_deps(v, n);
		free(u);
	}
}
