/*
 * ctl_apps: the workload controllers (Deployment, ReplicaSet,
 * StatefulSet, DaemonSet, Job), after kube-controller-manager's
 * pkg/controller/{deployment,replicaset,statefulset,daemon,job}.
 *
 * Each reconcile reads the object and what it owns (by controller
 * ownerReference uid), creates or deletes what is missing or extra, and
 * writes the status the real controller computes: observedGeneration,
 * replica counts, and for Deployments the Available and Progressing
 * conditions with their reasons (kube-api.md 7.2, 7.3), which is what
 * `kubectl rollout status` and `kubectl wait` read.  A rollout is a
 * simplified rolling update: the new ReplicaSet is scaled to the
 * desired count at once and the old ones to zero when it is available
 * (maxSurge 100%), Recreate scales the old ones down first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "simint.h"

/* ------------------------------------------------------------------ */
/* shared                                                              */

struct owned {
	const struct sim_obj **v;
	size_t n;
};

/* the objects of bucket skey in ns controlled by uid */
static void owned_by(struct sim_sim *s, const char *skey, const char *ns,
		     const char *uid, struct owned *out)
{
	const struct sim_obj **all;
	size_t n, i;

	sim_store_list(s->st, skey, ns, &all, &n);
	out->v = xcalloc(n + 1, sizeof(*out->v));
	out->n = 0;
	for (i = 0; i < n; i++)
		if (sim_owned_by(all[i]->obj, uid))
			out->v[out->n++] = all[i];
	free(all);
}

/* write status (taken) onto obj when it differs from the stored one */
static void put_status(struct sim_sim *s, const struct sim_rtype *rt,
		       const json_t *obj, json_t *status)
{
	json_t *copy;

	if (json_equal(status, sim_get(obj, "status"))) {
		json_decref(status);
		return;
	}
	copy = json_deep_copy(obj);
	json_object_set_new(copy, "status", status);
	sim_update(s, rt, copy);
}

/* a pod from a template, owned by owner */
static json_t *pod_from_template(const json_t *owner, const json_t *tmpl,
				 const char *name, const char *ns)
{
	json_t *pod = json_object(), *md = json_object();
	const json_t *tmd = json_object_get(tmpl, "metadata");
	json_t *labels = json_deep_copy(json_object_get(tmd, "labels"));
	json_t *ann = json_deep_copy(json_object_get(tmd, "annotations"));

	json_object_set_new(pod, "apiVersion", json_string("v1"));
	json_object_set_new(pod, "kind", json_string("Pod"));
	json_object_set_new(md, "name", json_string(name));
	json_object_set_new(md, "namespace", json_string(ns));
	json_object_set_new(md, "labels", labels ? labels : json_object());
	if (ann)
		json_object_set_new(md, "annotations", ann);
	json_object_set_new(md, "ownerReferences", json_pack("[o]", sim_owner_ref(owner, 1)));
	json_object_set_new(pod, "metadata", md);
	json_object_set_new(pod, "spec", json_deep_copy(json_object_get(tmpl, "spec")));
	return pod;
}

static int pod_ready(const json_t *pod)
{
	return !sim_is_terminating(pod) && sim_pod_ready(pod);
}

static int pod_active(const json_t *pod)
{
	const char *ph = sim_pod_phase(pod);

	return !sim_is_terminating(pod) && strcmp(ph, "Succeeded") && strcmp(ph, "Failed");
}

static void set_generation(json_t *status, const json_t *obj)
{
	json_object_set_new(status, "observedGeneration",
			    json_integer(sim_int(obj, "metadata.generation", 1)));
}

/* an intOrString of replicas ("25%" of n, rounded down or up) */
static long scaled(const json_t *v, long n, int round_up, long def)
{
	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_string(v)) {
		long pct = strtol(json_string_value(v), NULL, 10);

		return round_up ? (pct * n + 99) / 100 : pct * n / 100;
	}
	return def;
}

/* ------------------------------------------------------------------ */
/* ReplicaSet                                                          */

void sim_ctl_replicaset(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "apps/replicasets", ns, name);
	const struct sim_rtype *pods_rt = sim_rt(s, "core/pods");
	struct owned pods;
	const json_t *rs;
	json_t *status;
	long desired, active = 0, ready = 0, i;
	char *uid;

	if (!o || sim_is_terminating(o->obj) || !pods_rt)
		return;
	rs = o->obj;
	uid = xstrdup(sim_str(rs, "metadata.uid") ?: "");
	desired = (long)sim_int(rs, "spec.replicas", 1);
	owned_by(s, "core/pods", ns, uid, &pods);
	for (i = 0; i < (long)pods.n; i++)
		if (pod_active(pods.v[i]->obj))
			active++;
	if (active > desired) {
		/* not ready ones first, then the newest */
		long extra = active - desired;
		int pass;

		for (pass = 0; pass < 2 && extra > 0; pass++)
			for (i = (long)pods.n - 1; i >= 0 && extra > 0; i--) {
				const json_t *p = pods.v[i]->obj;

				if (!pod_active(p) || (pass == 0 && sim_pod_ready(p)))
					continue;
				sim_event(s, rs, "Normal", "SuccessfulDelete", "replicaset-controller",
					  "Deleted pod: %s", sim_str(p, "metadata.name"));
				sim_delete(s, pods_rt, p, "Background");
				extra--;
			}
	}
	free(pods.v);
	o = sim_store_get(s->st, "apps/replicasets", ns, name);
	if (!o)
		goto out;
	rs = o->obj;
	for (i = active; i < desired && i - active < 500; i++) {
		struct buf pname = BUF_INIT;
		json_t *pod;

		buf_addf(&pname, "%s-", name);
		sim_store_new_suffix(s->st, &pname, 5);
		pod = pod_from_template(rs, sim_get(rs, "spec.template"), pname.ptr, ns);
		if (sim_create(s, pods_rt, pod, NULL) == 0)
			sim_event(s, rs, "Normal", "SuccessfulCreate", "replicaset-controller",
				  "Created pod: %s", pname.ptr);
		buf_release(&pname);
	}
	o = sim_store_get(s->st, "apps/replicasets", ns, name);
	if (!o)
		goto out;
	rs = o->obj;
	owned_by(s, "core/pods", ns, uid, &pods);
	active = 0;
	for (i = 0; i < (long)pods.n; i++) {
		if (!pod_active(pods.v[i]->obj))
			continue;
		active++;
		if (pod_ready(pods.v[i]->obj))
			ready++;
	}
	free(pods.v);
	status = json_pack("{s:I, s:I}", "replicas", (json_int_t)active, "fullyLabeledReplicas",
			   (json_int_t)active);
	if (ready) {
		json_object_set_new(status, "readyReplicas", json_integer(ready));
		json_object_set_new(status, "availableReplicas", json_integer(ready));
	}
	set_generation(status, rs);
	put_status(s, sim_rt(s, "apps/replicasets"), rs, status);
out:
	free(uid);
}

/* ------------------------------------------------------------------ */
/* Deployment                                                          */

static long revision_num(const json_t *rs)
{
	const json_t *ann = sim_get(rs, "metadata.annotations");
	const char *r = json_string_value(json_object_get(ann, "deployment.kubernetes.io/revision"));

	return r ? strtol(r, NULL, 10) : 0;
}

static void scale_rs(struct sim_sim *s, const json_t *d, const json_t *rs, long to)
{
	long from = (long)sim_int(rs, "spec.replicas", 1);
	json_t *copy;

	if (from == to)
		return;
	copy = json_deep_copy(rs);
	json_object_set_new(json_object_get(copy, "spec"), "replicas", json_integer(to));
	sim_event(s, d, "Normal", "ScalingReplicaSet", "deployment-controller",
		  "Scaled %s replica set %s from %ld to %ld", to > from ? "up" : "down",
		  sim_str(rs, "metadata.name"), from, to);
	sim_update(s, sim_rt(s, "apps/replicasets"), copy);
}

void sim_ctl_deployment(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "apps/deployments", ns, name);
	const struct sim_rtype *rs_rt = sim_rt(s, "apps/replicasets");
	struct buf hash = BUF_INIT, rsname = BUF_INIT, msg = BUF_INIT;
	struct owned rss;
	const json_t *d, *newrs = NULL;
	json_t *status, *tmpl;
	long desired, maxrev = 0, replicas = 0, updated = 0, ready = 0, available = 0;
	int recreate, created = 0;
	size_t i;
	char *uid;

	if (!o || sim_is_terminating(o->obj) || !rs_rt)
		return;
	d = o->obj;
	uid = xstrdup(sim_str(d, "metadata.uid") ?: "");
	desired = (long)sim_int(d, "spec.replicas", 1);
	recreate = !strcmp(sim_str(d, "spec.strategy.type") ?: "", "Recreate");
	tmpl = json_deep_copy(sim_get(d, "spec.template"));
	sim_template_hash(tmpl, &hash);
	owned_by(s, "apps/replicasets", ns, uid, &rss);
	for (i = 0; i < rss.n; i++) {
		const json_t *rs = rss.v[i]->obj;

		if (revision_num(rs) > maxrev)
			maxrev = revision_num(rs);
		if (!strcmp(sim_str(rs, "metadata.labels.pod-template-hash") ?: "", hash.ptr))
			newrs = rs;
	}
	if (!newrs) {
		json_t *rs, *labels = sim_obj_path(tmpl, "metadata.labels");
		json_t *sel = json_deep_copy(sim_get(d, "spec.selector"));
		char rev[24];
		int old_active = 0;

		for (i = 0; i < rss.n; i++)
			if (sim_int(rss.v[i]->obj, "status.replicas", 0) > 0)
				old_active = 1;
		json_object_set_new(labels, "pod-template-hash", json_string(hash.ptr));
		if (!json_is_object(sel))
			sel = json_object();
		json_object_set_new(sim_obj_path(sel, "matchLabels"), "pod-template-hash",
				    json_string(hash.ptr));
		snprintf(rev, sizeof(rev), "%ld", maxrev + 1);
		buf_addf(&rsname, "%s-%s", name, hash.ptr);
		rs = json_pack("{s:{s:s, s:s, s:O, s:{s:s, s:I, s:I}, s:[o]}, s:{s:I, s:o, s:O, s:I}}",
			       "metadata", "name", rsname.ptr, "namespace", ns, "labels", labels,
			       "annotations", "deployment.kubernetes.io/revision", rev,
			       "deployment.kubernetes.io/desired-replicas", (json_int_t)desired,
			       "deployment.kubernetes.io/max-replicas", (json_int_t)desired * 2,
			       "ownerReferences", sim_owner_ref(d, 1), "spec", "replicas",
			       (json_int_t)(recreate && old_active ? 0 : desired), "selector", sel,
			       "template", tmpl, "minReadySeconds",
			       (json_int_t)sim_int(d, "spec.minReadySeconds", 0));
		if (rs) {
			/* the annotations are strings, as the API insists */
			json_t *ann = sim_get(rs, "metadata.annotations");
			char num[24];

			snprintf(num, sizeof(num), "%ld", desired);
			json_object_set_new(ann, "deployment.kubernetes.io/desired-replicas", json_string(num));
			snprintf(num, sizeof(num), "%ld", desired + (desired + 3) / 4);
			json_object_set_new(ann, "deployment.kubernetes.io/max-replicas", json_string(num));
			if (sim_create(s, rs_rt, rs, NULL) == 0) {
				created = 1;
				sim_event(s, d, "Normal", "ScalingReplicaSet", "deployment-controller",
					  "Scaled up replica set %s from 0 to %ld", rsname.ptr,
					  recreate && old_active ? 0L : desired);
			}
		}
		free(rss.v);
		/* the controller sees its new ReplicaSet on the next pass */
		goto status;
	}
	buf_adds(&rsname, sim_str(newrs, "metadata.name") ?: "");
	if (recreate) {
		int old_pods = 0;

		for (i = 0; i < rss.n; i++)
			if (rss.v[i]->obj != newrs) {
				if (sim_int(rss.v[i]->obj, "status.replicas", 0) > 0)
					old_pods = 1;
				scale_rs(s, d, rss.v[i]->obj, 0);
			}
		if (!old_pods)
			scale_rs(s, d, newrs, desired);
	} else {
		scale_rs(s, d, newrs, desired);
		if (sim_int(newrs, "status.availableReplicas", 0) >= desired)
			for (i = 0; i < rss.n; i++)
				if (rss.v[i]->obj != newrs)
					scale_rs(s, d, rss.v[i]->obj, 0);
	}
	free(rss.v);
status:
	json_decref(tmpl);
	o = sim_store_get(s->st, "apps/deployments", ns, name);
	if (!o)
		goto out;
	d = o->obj;
	owned_by(s, "apps/replicasets", ns, uid, &rss);
	newrs = NULL;
	for (i = 0; i < rss.n; i++) {
		const json_t *rs = rss.v[i]->obj;

		replicas += (long)sim_int(rs, "status.replicas", 0);
		ready += (long)sim_int(rs, "status.readyReplicas", 0);
		available += (long)sim_int(rs, "status.availableReplicas", 0);
		if (!strcmp(sim_str(rs, "metadata.labels.pod-template-hash") ?: "", hash.ptr)) {
			newrs = rs;
			updated = (long)sim_int(rs, "status.replicas", 0);
		}
	}
	{
		const json_t *old = sim_get(d, "status");
		long max_unavail = recreate ? desired
				   : scaled(sim_get(d, "spec.strategy.rollingUpdate.maxUnavailable"),
					    desired, 0, desired / 4);
		int complete = newrs && updated == desired && replicas == desired &&
			       available == desired;
		int moved;
		long deadline = (long)sim_int(d, "spec.progressDeadlineSeconds", 600);

		status = json_deep_copy(old);
		if (!json_is_object(status)) {
			json_decref(status);
			status = json_object();
		}
		moved = sim_int(old, "replicas", -1) != replicas ||
			sim_int(old, "updatedReplicas", 0) != updated ||
			sim_int(old, "readyReplicas", 0) != ready ||
			sim_int(old, "availableReplicas", 0) != available;
		set_generation(status, d);
		json_object_set_new(status, "replicas", json_integer(replicas));
		json_object_set_new(status, "updatedReplicas", json_integer(updated));
		if (ready)
			json_object_set_new(status, "readyReplicas", json_integer(ready));
		else
			json_object_del(status, "readyReplicas");
		if (available)
			json_object_set_new(status, "availableReplicas", json_integer(available));
		else
			json_object_del(status, "availableReplicas");
		if (desired - available > 0)
			json_object_set_new(status, "unavailableReplicas",
					    json_integer(desired - available));
		else
			json_object_del(status, "unavailableReplicas");
		if (available >= desired - max_unavail)
			sim_set_condition(status, "Available", "True", "MinimumReplicasAvailable",
					  "Deployment has minimum availability.", 1);
		else
			sim_set_condition(status, "Available", "False", "MinimumReplicasUnavailable",
					  "Deployment does not have minimum availability.", 1);
		buf_reset(&msg);
		if (complete) {
			buf_addf(&msg, "ReplicaSet \"%s\" has successfully progressed.", rsname.ptr);
			sim_set_condition(status, "Progressing", "True", "NewReplicaSetAvailable",
					  msg.ptr, 1);
		} else {
			const json_t *pc = sim_find_condition(d, "Progressing");
			long long last = pc ? clock_parse_rfc3339(sim_str(pc, "lastUpdateTime")) : -1;
			long long wall = clock_wall_ms() / 1000;
			int exceeded = pc && !moved && last >= 0 &&
				       (double)(wall - last) * s->clock->speed > (double)deadline &&
				       strcmp(sim_str(pc, "reason") ?: "", "NewReplicaSetAvailable");

			if (exceeded) {
				buf_addf(&msg, "ReplicaSet \"%s\" has timed out progressing.", rsname.ptr);
				sim_set_condition(status, "Progressing", "False",
						  "ProgressDeadlineExceeded", msg.ptr, 1);
			} else if (created || !pc) {
				buf_addf(&msg, "Created new replica set \"%s\"", rsname.ptr);
				sim_set_condition(status, "Progressing", "True", "NewReplicaSetCreated",
						  msg.ptr, 1);
			} else {
				buf_addf(&msg, "ReplicaSet \"%s\" is progressing.", rsname.ptr);
				if (strcmp(sim_str(pc, "reason") ?: "", "ProgressDeadlineExceeded") || moved)
					sim_set_condition(status, "Progressing", "True",
							  "ReplicaSetUpdated", msg.ptr, 1);
			}
			if (moved) {
				/* progress: the deadline counts from now */
				json_t *c, *conds = json_object_get(status, "conditions");
				char now[21];
				size_t k;

				sim_now(now);
				json_array_foreach(conds, k, c)
					if (!strcmp(sim_str(c, "type") ?: "", "Progressing"))
						json_object_set_new(c, "lastUpdateTime", json_string(now));
			}
			/* look again when the deadline would pass */
			sim_timer_at(s, sim_now_ms(s) + deadline * 1000 + 1000, "apps/deployments",
				     ns, name);
		}
		/* the conditions in the order the controller keeps them */
		{
			json_t *conds = json_object_get(status, "conditions");

			if (json_array_size(conds) == 2 &&
			    !strcmp(sim_str(json_array_get(conds, 0), "type") ?: "", "Progressing")) {
				json_t *first = json_incref(json_array_get(conds, 0));

				json_array_remove(conds, 0);
				json_array_append_new(conds, first);
			}
		}
	}
	free(rss.v);
	if (newrs && revision_num(newrs)) {
		const json_t *ann = sim_get(d, "metadata.annotations");
		const char *have = json_string_value(json_object_get(ann, "deployment.kubernetes.io/revision"));
		char want[24];

		snprintf(want, sizeof(want), "%ld", revision_num(newrs));
		if (!have || strcmp(have, want)) {
			json_t *copy = json_deep_copy(d);

			json_object_set_new(sim_obj_path(copy, "metadata.annotations"),
					    "deployment.kubernetes.io/revision", json_string(want));
			json_object_set_new(copy, "status", status);
			sim_update(s, sim_rt(s, "apps/deployments"), copy);
			goto out;
		}
	}
	put_status(s, sim_rt(s, "apps/deployments"), d, status);
out:
	free(uid);
	buf_release(&hash);
	buf_release(&rsname);
	buf_release(&msg);
}

/* ------------------------------------------------------------------ */
/* StatefulSet                                                         */

void sim_ctl_statefulset(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "apps/statefulsets", ns, name);
	const struct sim_rtype *pods_rt = sim_rt(s, "core/pods");
	const struct sim_rtype *pvc_rt = sim_rt(s, "core/persistentvolumeclaims");
	struct buf rev = BUF_INIT, pname = BUF_INIT;
	const json_t *sts;
	json_t *status, *tmpl;
	long desired, i, ready = 0, count = 0, current = 0;
	int ordered, blocked = 0;
	char *uid;

	if (!o || sim_is_terminating(o->obj) || !pods_rt)
		return;
	sts = o->obj;
	uid = xstrdup(sim_str(sts, "metadata.uid") ?: "");
	desired = (long)sim_int(sts, "spec.replicas", 1);
	ordered = strcmp(sim_str(sts, "spec.podManagementPolicy") ?: "OrderedReady", "Parallel");
	tmpl = json_deep_copy(sim_get(sts, "spec.template"));
	buf_addf(&rev, "%s-", name);
	sim_template_hash(tmpl, &rev);
	for (i = 0; i < desired; i++) {
		const struct sim_obj *p;
		json_t *pod, *labels, *vols, *ct;
		char idx[24];
		size_t k;

		buf_reset(&pname);
		buf_addf(&pname, "%s-%ld", name, i);
		p = sim_store_get(s->st, "core/pods", ns, pname.ptr);
		if (p) {
			if (!pod_ready(p->obj) && ordered)
				blocked = 1;
			/* an out-of-date pod is replaced, highest ordinal first, when all are ready */
			continue;
		}
		if (blocked)
			break;
		pod = pod_from_template(sts, tmpl, pname.ptr, ns);
		labels = sim_obj_path(pod, "metadata.labels");
		snprintf(idx, sizeof(idx), "%ld", i);
		json_object_set_new(labels, "controller-revision-hash", json_string(rev.ptr));
		json_object_set_new(labels, "statefulset.kubernetes.io/pod-name", json_string(pname.ptr));
		json_object_set_new(labels, "apps.kubernetes.io/pod-index", json_string(idx));
		json_object_set_new(json_object_get(pod, "spec"), "hostname", json_string(pname.ptr));
		if (sim_str(sts, "spec.serviceName"))
			json_object_set_new(json_object_get(pod, "spec"), "subdomain",
					    json_string(sim_str(sts, "spec.serviceName")));
		vols = json_object_get(json_object_get(pod, "spec"), "volumes");
		json_array_foreach(sim_get(sts, "spec.volumeClaimTemplates"), k, ct) {
			struct buf claim = BUF_INIT;

			buf_addf(&claim, "%s-%s", sim_str(ct, "metadata.name") ?: "data", pname.ptr);
			if (pvc_rt && !sim_store_get(s->st, pvc_rt->storage_key, ns, claim.ptr)) {
				json_t *pvc = json_pack("{s:{s:s, s:s, s:o}, s:o}", "metadata", "name",
							claim.ptr, "namespace", ns, "labels",
							sim_copy_or(sim_get(tmpl, "metadata.labels"), json_object()),
							"spec", sim_copy_or(sim_get(ct, "spec"), json_object()));

				if (pvc)
					sim_create(s, pvc_rt, pvc, NULL);
			}
			if (!json_is_array(vols)) {
				vols = json_array();
				json_object_set_new(json_object_get(pod, "spec"), "volumes", vols);
			}
			json_array_append_new(vols, json_pack("{s:s, s:{s:s}}", "name",
							      sim_str(ct, "metadata.name") ?: "data",
							      "persistentVolumeClaim", "claimName",
							      claim.ptr));
			buf_release(&claim);
		}
		if (sim_create(s, pods_rt, pod, NULL) == 0)
			sim_event(s, sts, "Normal", "SuccessfulCreate", "statefulset-controller",
				  "create Pod %s in StatefulSet %s successful", pname.ptr, name);
		if (ordered)
			break;
	}
	/* scale down from the highest ordinal */
	{
		struct owned pods;
		size_t k;

		owned_by(s, "core/pods", ns, uid, &pods);
		for (k = 0; k < pods.n; k++) {
			const char *pn = sim_str(pods.v[k]->obj, "metadata.name") ?: "";
			const char *dash = strrchr(pn, '-');
			long ord = dash ? strtol(dash + 1, NULL, 10) : 0;

			if (ord >= desired && !sim_is_terminating(pods.v[k]->obj)) {
				sim_event(s, sts, "Normal", "SuccessfulDelete", "statefulset-controller",
					  "delete Pod %s in StatefulSet %s successful", pn, name);
				sim_delete(s, pods_rt, pods.v[k]->obj, "Background");
			}
		}
		free(pods.v);
		/* a template change: replace the highest out-of-date pod when all are ready */
		owned_by(s, "core/pods", ns, uid, &pods);
		{
			int all_ready = 1;
			const json_t *victim = NULL;
			long best = -1;

			for (k = 0; k < pods.n; k++) {
				const json_t *p = pods.v[k]->obj;
				const char *pn = sim_str(p, "metadata.name") ?: "";
				const char *dash = strrchr(pn, '-');
				long ord = dash ? strtol(dash + 1, NULL, 10) : 0;

				if (!pod_ready(p))
					all_ready = 0;
				if (strcmp(sim_str(p, "metadata.labels.controller-revision-hash") ?: "",
					   rev.ptr) && ord > best) {
					best = ord;
					victim = p;
				}
			}
			if (all_ready && victim && !sim_is_terminating(victim))
				sim_delete(s, pods_rt, victim, "Background");
		}
		free(pods.v);
		o = sim_store_get(s->st, "apps/statefulsets", ns, name);
		if (!o)
			goto out;
		sts = o->obj;
		owned_by(s, "core/pods", ns, uid, &pods);
		for (k = 0; k < pods.n; k++) {
			const json_t *p = pods.v[k]->obj;

			if (sim_is_terminating(p))
				continue;
			count++;
			if (pod_ready(p))
				ready++;
			if (!strcmp(sim_str(p, "metadata.labels.controller-revision-hash") ?: "", rev.ptr))
				current++;
		}
		free(pods.v);
	}
	status = json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:i}", "replicas", (json_int_t)count,
			   "currentReplicas", (json_int_t)current, "updatedReplicas",
			   (json_int_t)current, "availableReplicas", (json_int_t)ready,
			   "currentRevision",
			   current == count ? rev.ptr : (sim_str(sts, "status.currentRevision") ?: rev.ptr),
			   "updateRevision", rev.ptr, "collisionCount", 0);
	if (ready)
		json_object_set_new(status, "readyReplicas", json_integer(ready));
	set_generation(status, sts);
	put_status(s, sim_rt(s, "apps/statefulsets"), sts, status);
out:
	json_decref(tmpl);
	free(uid);
	buf_release(&rev);
	buf_release(&pname);
}

/* ------------------------------------------------------------------ */
/* DaemonSet                                                           */

void sim_ctl_daemonset(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "apps/daemonsets", ns, name);
	const struct sim_obj *node = sim_store_get(s->st, "core/nodes", NULL, SIM_NODE);
	const struct sim_rtype *pods_rt = sim_rt(s, "core/pods");
	struct owned pods;
	const json_t *ds;
	json_t *status;
	long want = 1, have = 0, ready = 0;
	size_t i;
	char *uid;

	if (!o || sim_is_terminating(o->obj) || !pods_rt)
		return;
	ds = o->obj;
	if (!sim_labels_match(sim_get(ds, "spec.template.spec.nodeSelector"),
			      sim_get(node ? node->obj : NULL, "metadata.labels")))
		want = 0;
	uid = xstrdup(sim_str(ds, "metadata.uid") ?: "");
	owned_by(s, "core/pods", ns, uid, &pods);
	for (i = 0; i < pods.n; i++)
		if (pod_active(pods.v[i]->obj))
			have++;
	free(pods.v);
	if (have < want) {
		struct buf pname = BUF_INIT;
		json_t *pod;

		buf_addf(&pname, "%s-", name);
		sim_store_new_suffix(s->st, &pname, 5);
		pod = pod_from_template(ds, sim_get(ds, "spec.template"), pname.ptr, ns);
		json_object_set_new(json_object_get(pod, "spec"), "nodeName", json_string(SIM_NODE));
		if (sim_create(s, pods_rt, pod, NULL) == 0)
			sim_event(s, ds, "Normal", "SuccessfulCreate", "daemonset-controller",
				  "Created pod: %s", pname.ptr);
		buf_release(&pname);
	}
	o = sim_store_get(s->st, "apps/daemonsets", ns, name);
	if (!o)
		goto out;
	ds = o->obj;
	owned_by(s, "core/pods", ns, uid, &pods);
	have = 0;
	for (i = 0; i < pods.n; i++)
		if (pod_active(pods.v[i]->obj)) {
			have++;
			if (pod_ready(pods.v[i]->obj))
				ready++;
		}
	free(pods.v);
	status = json_pack("{s:I, s:I, s:I, s:I, s:I, s:i}", "desiredNumberScheduled",
			   (json_int_t)want, "currentNumberScheduled", (json_int_t)have,
			   "numberReady", (json_int_t)ready, "numberAvailable", (json_int_t)ready,
			   "updatedNumberScheduled", (json_int_t)have, "numberMisscheduled", 0);
	if (want - ready > 0)
		json_object_set_new(status, "numberUnavailable", json_integer(want - ready));
	set_generation(status, ds);
	put_status(s, sim_rt(s, "apps/daemonsets"), ds, status);
out:
	free(uid);
}

/* ------------------------------------------------------------------ */
/* Job                                                                 */

void sim_ctl_job(struct sim_sim *s, const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(s->st, "batch/jobs", ns, name);
	const struct sim_rtype *pods_rt = sim_rt(s, "core/pods");
	struct owned pods;
	const json_t *job;
	json_t *status;
	long completions, parallelism, backoff, active = 0, succeeded = 0, failed = 0, ready = 0;
	int done, failed_job;
	size_t i;
	char now[21];
	char *uid;

	if (!o || sim_is_terminating(o->obj) || !pods_rt)
		return;
	job = o->obj;
	uid = xstrdup(sim_str(job, "metadata.uid") ?: "");
	completions = (long)sim_int(job, "spec.completions", 1);
	parallelism = (long)sim_int(job, "spec.parallelism", 1);
	backoff = (long)sim_int(job, "spec.backoffLimit", 6);
	owned_by(s, "core/pods", ns, uid, &pods);
	for (i = 0; i < pods.n; i++) {
		const char *ph = sim_pod_phase(pods.v[i]->obj);

		if (!strcmp(ph, "Succeeded"))
			succeeded++;
		else if (!strcmp(ph, "Failed"))
			failed++;
		else if (!sim_is_terminating(pods.v[i]->obj)) {
			active++;
			if (sim_pod_ready(pods.v[i]->obj))
				ready++;
		}
	}
	done = succeeded >= completions;
	failed_job = !done && failed > backoff;
	if (failed_job)
		for (i = 0; i < pods.n; i++)
			if (pod_active(pods.v[i]->obj))
				sim_delete(s, pods_rt, pods.v[i]->obj, "Background");
	free(pods.v);
	o = sim_store_get(s->st, "batch/jobs", ns, name);
	if (!o)
		goto out;
	job = o->obj;
	if (!done && !failed_job && !json_is_true(sim_get(job, "spec.suspend"))) {
		long want = completions - succeeded;

		if (want > parallelism)
			want = parallelism;
		for (; active < want; active++) {
			struct buf pname = BUF_INIT;
			json_t *pod, *labels;

			buf_addf(&pname, "%s-", name);
			sim_store_new_suffix(s->st, &pname, 5);
			pod = pod_from_template(job, sim_get(job, "spec.template"), pname.ptr, ns);
			labels = sim_obj_path(pod, "metadata.labels");
			json_object_set_new(labels, "batch.kubernetes.io/controller-uid", json_string(uid));
			json_object_set_new(labels, "batch.kubernetes.io/job-name", json_string(name));
			json_object_set_new(labels, "controller-uid", json_string(uid));
			json_object_set_new(labels, "job-name", json_string(name));
			if (sim_create(s, pods_rt, pod, NULL) == 0)
				sim_event(s, job, "Normal", "SuccessfulCreate", "job-controller",
					  "Created pod: %s", pname.ptr);
			buf_release(&pname);
		}
	}
	sim_now(now);
	status = json_deep_copy(sim_get(job, "status"));
	if (!json_is_object(status)) {
		json_decref(status);
		status = json_object();
	}
	if (!json_object_get(status, "startTime"))
		json_object_set_new(status, "startTime", json_string(now));
	if (active)
		json_object_set_new(status, "active", json_integer(active));
	else
		json_object_del(status, "active");
	if (succeeded)
		json_object_set_new(status, "succeeded", json_integer(succeeded));
	if (failed)
		json_object_set_new(status, "failed", json_integer(failed));
	json_object_set_new(status, "ready", json_integer(ready));
	json_object_set_new(status, "terminating", json_integer(0));
	json_object_set_new(status, "uncountedTerminatedPods", json_object());
	if (done && !sim_find_condition(job, "Complete")) {
		sim_set_condition(status, "SuccessCriteriaMet", "True", "CompletionsReached",
				  "Reached expected number of succeeded pods", 0);
		sim_set_condition(status, "Complete", "True", "CompletionsReached",
				  "Reached expected number of succeeded pods", 0);
		json_object_set_new(status, "completionTime", json_string(now));
		sim_event(s, job, "Normal", "Completed", "job-controller", "Job completed");
	} else if (failed_job && !sim_find_condition(job, "Failed")) {
		sim_set_condition(status, "FailureTarget", "True", "BackoffLimitExceeded",
				  "Job has reached the specified backoff limit", 0);
		sim_set_condition(status, "Failed", "True", "BackoffLimitExceeded",
				  "Job has reached the specified backoff limit", 0);
		sim_event(s, job, "Warning", "BackoffLimitExceeded", "job-controller",
			  "Job has reached the specified backoff limit");
	}
	put_status(s, sim_rt(s, "batch/jobs"), job, status);
out:
	free(uid);
}
