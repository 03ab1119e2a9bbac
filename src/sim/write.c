/*
 * write: the one path by which objects change (see api.h sim_api_write
 * and sim_api_delete), shared by the REST handlers and the simulated
 * controllers.
 *
 * The order is kube-apiserver's: decode, admission-like defaults
 * (namespace, service account), server-set metadata, the strategy's
 * PrepareForUpdate (status kept on the main resource, spec kept on
 * status, generation), defaults, validation, managed fields, then the
 * store.  A pending deletion whose last finalizer is removed completes
 * here, so that the object is gone the moment its finalizer is.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/utf8.h"
#include "../doc/json.h"
#include "api.h"
#include "defaults.h"
#include "ssa.h"
#include "validate.h"

static int is_crd(const struct sim_rtype *rt);
static int crd_accept(struct sim_api *a, json_t *crd, struct sim_response *resp);
static const char *obj_name(const json_t *obj);

void sim_now(char out[21])
{
	clock_rfc3339(clock_wall_ms(), out);
}

void sim_response_init(struct sim_response *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->body, 0);
	buf_init(&r->extra_headers, 0);
	r->status = 200;
	r->content_type = "application/json";
}

void sim_response_release(struct sim_response *r)
{
	json_decref(r->json);
	r->json = NULL;
	buf_release(&r->body);
	buf_release(&r->extra_headers);
	sim_stream_free(r->stream);
	r->stream = NULL;
}

/*
 * The text of a JSON answer is written after the handler returns, out of
 * the store's lock (what it holds are immutable stored objects or new
 * trees): a 1 MB CRD is encoded while other requests go on.
 */
void sim_json(struct sim_response *resp, int code, json_t *v)
{
	resp->status = code;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	json_decref(resp->json);
	resp->json = v ? v : json_null();
}

void sim_response_flush(struct sim_response *r)
{
	if (!r->json)
		return;
	buf_reset(&r->body);
	doc_json_dump(&r->body, r->json, 0);
	buf_addc(&r->body, '\n');
	json_decref(r->json);
	r->json = NULL;
}

void sim_response_text(struct sim_response *r, int code, const char *ct,
		       const void *body, size_t len)
{
	json_decref(r->json);
	r->json = NULL;
	r->status = code;
	r->content_type = ct;
	buf_reset(&r->body);
	buf_add(&r->body, body, len);
}

void sim_status(struct sim_response *resp, int code, const char *reason,
		json_t *details, const char *fmt, ...)
{
	struct buf raw = BUF_INIT, msg = BUF_INIT;
	va_list ap;
	json_t *st;

	va_start(ap, fmt);
	buf_vaddf(&raw, fmt, ap);
	va_end(ap);
	/* names from URLs may be anything: the message must stay UTF-8 */
	utf8_sanitize(&msg, raw.ptr, raw.len);
	buf_release(&raw);
	st = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status",
		       "apiVersion", "v1", "metadata", "status",
		       code < 400 ? "Success" : "Failure", "message", msg.ptr,
		       "reason", reason, "code", code);
	/* both are omitempty in metav1.Status */
	if (!*reason)
		json_object_del(st, "reason");
	if (!msg.len)
		json_object_del(st, "message");
	if (details)
		json_object_set_new(st, "details", details);
	if (!resp) {
		json_decref(st);
		buf_release(&msg);
		return;
	}
	sim_json(resp, code, st);
	buf_release(&msg);
}

void sim_resource_label(struct buf *out, const struct sim_rtype *rt)
{
	buf_reset(out);
	if (*rt->group)
		buf_addf(out, "%s.%s", rt->plural, rt->group);
	else
		buf_adds(out, rt->plural);
}

json_t *sim_details(const struct sim_rtype *rt, const char *name)
{
	struct buf clean = BUF_INIT;
	json_t *d;

	if (name)
		utf8_sanitize(&clean, name, strlen(name));
	d = json_pack("{s:s, s:s}", "name", clean.ptr, "kind", rt->plural);
	buf_release(&clean);

	if (*rt->group)
		json_object_set_new(d, "group", json_string(rt->group));
	return d;
}

/* ------------------------------------------------------------------ */
/* what changes bump metadata.generation                               */

static int has_generation(const struct sim_rtype *rt)
{
	static const char *const kinds[] = {
		"apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet",
		"apps/DaemonSet", "batch/Job", "batch/CronJob",
		"apiextensions.k8s.io/CustomResourceDefinition",
		"policy/PodDisruptionBudget", "networking.k8s.io/Ingress",
		"networking.k8s.io/NetworkPolicy", NULL,
	};
	size_t i, g = strlen(rt->group);

	if (rt->flags & RT_CRD)
		return 1;
	for (i = 0; kinds[i]; i++)
		if (!strncmp(kinds[i], rt->group, g) && kinds[i][g] == '/' &&
		    !strcmp(kinds[i] + g + 1, rt->kind))
			return 1;
	return 0;
}

/* the parts of an object that count as its spec for generation */
static int spec_changed(const struct sim_rtype *rt, const json_t *old,
			const json_t *obj, enum sim_write_op op)
{
	const char *k;
	json_t *v;

	/*
	 * Deployment annotations count too (they are copied to the
	 * ReplicaSets), except from the controller, which writes its
	 * revision annotation through the status subresource
	 */
	if ((rt->flags & RT_GENERATION_ANNOTATIONS) && op != SIM_CONTROLLER) {
		const json_t *a = json_object_get(json_object_get(old, "metadata"), "annotations");
		const json_t *b = json_object_get(json_object_get(obj, "metadata"), "annotations");

		if (!(a ? b && json_equal(a, b) : !b || !json_object_size(b)))
			return 1;
	}
	/* every top-level field but metadata and status (and kind, apiVersion) */
	json_object_foreach((json_t *)obj, k, v) {
		if (!strcmp(k, "metadata") || !strcmp(k, "status") ||
		    !strcmp(k, "kind") || !strcmp(k, "apiVersion"))
			continue;
		if (!json_equal(v, json_object_get(old, k)))
			return 1;
	}
	json_object_foreach((json_t *)old, k, v) {
		if (!strcmp(k, "metadata") || !strcmp(k, "status") ||
		    !strcmp(k, "kind") || !strcmp(k, "apiVersion"))
			continue;
		if (!json_object_get(obj, k))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* metadata                                                            */

static json_t *md_of(json_t *obj)
{
	json_t *md = json_object_get(obj, "metadata");

	if (!json_is_object(md)) {
		md = json_object();
		json_object_set_new(obj, "metadata", md);
	}
	return md;
}

static void copy_field(json_t *to, const json_t *from, const char *key)
{
	json_t *v = json_object_get(from, key);

	if (v)
		json_object_set(to, key, v);
	else
		json_object_del(to, key);
}

static int finalizers_empty(const json_t *obj)
{
	const json_t *md = json_object_get(obj, "metadata");

	return !json_array_size(json_object_get(md, "finalizers"));
}

static int pending_deletion(const json_t *obj)
{
	return json_object_get(json_object_get(obj, "metadata"), "deletionTimestamp") != NULL;
}

/* a Service's cluster IP from 10.96.0.0/12, as a real cluster's range */
static void allocate_cluster_ip(struct sim_api *a, json_t *obj)
{
	json_t *spec = json_object_get(obj, "spec");
	const char *type = json_string_value(json_object_get(spec, "type"));
	const char *ip = json_string_value(json_object_get(spec, "clusterIP"));
	char text[20];
	unsigned char *n = (unsigned char *)a->cluster_ip_next;

	if (!json_is_object(spec) || (type && !strcmp(type, "ExternalName")))
		return;
	if (ip && *ip) {
		if (!json_object_get(spec, "clusterIPs"))
			json_object_set_new(spec, "clusterIPs", json_pack("[s]", ip));
		return;
	}
	if (!n[0]) {
		n[0] = 10;
		n[1] = 96;
		n[2] = 0;
		n[3] = 10;
	}
	snprintf(text, sizeof(text), "%u.%u.%u.%u", n[0], n[1], n[2], n[3]);
	if (++n[3] == 255) {
		n[3] = 1;
		n[2]++;
	}
	json_object_set_new(spec, "clusterIP", json_string(text));
	json_object_set_new(spec, "clusterIPs", json_pack("[s]", text));
	if (type && (!strcmp(type, "NodePort") || !strcmp(type, "LoadBalancer"))) {
		json_t *ports = json_object_get(spec, "ports"), *p;
		size_t i;

		json_array_foreach(ports, i, p)
			if (!json_object_get(p, "nodePort"))
				json_object_set_new(p, "nodePort",
						    json_integer(30000 + (n[3] * 7 + (int)i) % 2768));
	}
}

static const char *obj_name(const json_t *obj)
{
	return json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
}

/* make generateName into a name, as the API does (5 random characters) */
static void generate_name(struct sim_api *a, json_t *md)
{
	const char *prefix = json_string_value(json_object_get(md, "generateName"));
	struct buf name = BUF_INIT;

	if (!prefix || json_object_get(md, "name"))
		return;
	buf_adds(&name, prefix);
	sim_store_new_suffix(a->store, &name, 5);
	json_object_set_new(md, "name", json_string(name.ptr));
	buf_release(&name);
}

/* ------------------------------------------------------------------ */
/* managed fields: at most 10 Update managers, as upstream keeps them    */

#define MAX_UPDATE_MANAGERS 10

static void fields_union(json_t *into, const json_t *from)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)from, k, v) {
		json_t *have = json_object_get(into, k);

		if (json_is_object(have) && json_is_object(v))
			fields_union(have, v);
		else if (!have)
			json_object_set_new(into, k, json_deep_copy(v));
	}
}

/*
 * Like the API server (managedfields' capManagers), fold the oldest
 * Update entries beyond ten into one named "ancient-changes", so an
 * object written by many managers cannot grow without end.
 */
static void cap_update_managers(json_t *obj)
{
	json_t *mf = json_object_get(json_object_get(obj, "metadata"), "managedFields");
	size_t i, updates = 0;
	json_t *e, *ancient = NULL;

	json_array_foreach(mf, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "operation")) ?: "", "Update"))
			updates++;
	while (updates > MAX_UPDATE_MANAGERS) {
		/* the oldest Update entry (times are RFC 3339, so they sort as text) */
		size_t oldest = (size_t)-1;
		const char *t0 = NULL;

		json_array_foreach(mf, i, e) {
			const char *t = json_string_value(json_object_get(e, "time")) ?: "";

			if (strcmp(json_string_value(json_object_get(e, "operation")) ?: "", "Update") ||
			    !strcmp(json_string_value(json_object_get(e, "manager")) ?: "", "ancient-changes"))
				continue;
			if (!t0 || strcmp(t, t0) < 0) {
				t0 = t;
				oldest = i;
			}
		}
		if (oldest == (size_t)-1)
			break;
		json_array_foreach(mf, i, e)
			if (!strcmp(json_string_value(json_object_get(e, "manager")) ?: "", "ancient-changes") &&
			    !strcmp(json_string_value(json_object_get(e, "operation")) ?: "", "Update"))
				ancient = e;
		if (!ancient) {
			ancient = json_pack("{s:s, s:s, s:s, s:{}}", "manager", "ancient-changes",
					    "operation", "Update", "fieldsType", "FieldsV1", "fieldsV1");
			json_array_append_new(mf, ancient);
		}
		e = json_array_get(mf, oldest);
		if (!json_is_object(json_object_get(ancient, "fieldsV1")))
			json_object_set_new(ancient, "fieldsV1", json_object());
		fields_union(json_object_get(ancient, "fieldsV1"), json_object_get(e, "fieldsV1"));
		json_array_remove(mf, oldest);
		updates--;
		ancient = NULL;
	}
}

int sim_api_write(struct sim_api *a, const struct sim_rtype *rt,
		  const char *ns, const char *name, json_t *obj,
		  const struct sim_obj *old, const struct sim_write *w,
		  json_t **out, struct sim_response *resp)
{
	const json_t *prev = old ? old->obj : NULL;
	json_t *md, *causes = NULL;
	char *name_copy = NULL;
	char now[21];
	int err = 0;

	if (out)
		*out = NULL;
	sim_now(now);
	json_object_set_new(obj, "apiVersion", json_string(rt->api_version));
	json_object_set_new(obj, "kind", json_string(rt->kind));
	md = md_of(obj);
	if (!old && w->op == SIM_CREATE)
		generate_name(a, md);
	if (!name)
		name = obj_name(obj);
	/* the name may live in obj, which is rewritten below */
	name = name_copy = name ? xstrdup(name) : NULL;
	if (!name || !*name) {
		err = ERR_INVALID;
		sim_status(resp, 422, "Invalid", sim_details(rt, ""),
			   "%s \"\" is invalid: metadata.name: Required value: name or generateName is required",
			   rt->kind);
		goto fail;
	}
	json_object_set_new(md, "name", json_string(name));
	/* never set since Kubernetes 1.24 (RemoveSelfLink) */
	json_object_del(md, "selfLink");
	if (rt->flags & RT_NAMESPACED)
		json_object_set_new(md, "namespace", json_string(ns));
	else
		json_object_del(md, "namespace");

	/* a body must not try to set what the server owns */
	if (!old) {
		char uid[37];

		sim_store_new_uid(a->store, uid);
		json_object_set_new(md, "uid", json_string(uid));
		json_object_set_new(md, "creationTimestamp", json_string(now));
		json_object_del(md, "deletionTimestamp");
		json_object_del(md, "deletionGracePeriodSeconds");
		if (has_generation(rt))
			json_object_set_new(md, "generation", json_integer(1));
		else
			json_object_del(md, "generation");
		if ((rt->flags & RT_STATUS) && w->op != SIM_CONTROLLER &&
		    strcmp(rt->kind, "Namespace") && strcmp(rt->kind, "Pod"))
			json_object_del(obj, "status");
	} else {
		const json_t *omd = json_object_get(prev, "metadata");

		copy_field(md, omd, "uid");
		copy_field(md, omd, "creationTimestamp");
		if (w->op != SIM_CONTROLLER) {
			/* only the server starts a deletion (sim_api_delete) */
			copy_field(md, omd, "deletionTimestamp");
			copy_field(md, omd, "deletionGracePeriodSeconds");
		}
		if (w->op == SIM_STATUS) {
			/* a status write changes the status only */
			json_t *st = json_incref(json_object_get(obj, "status"));
			json_t *mf = json_incref(json_object_get(md, "managedFields"));

			json_decref(obj);
			obj = json_deep_copy(prev);
			md = md_of(obj);
			if (st)
				json_object_set_new(obj, "status", st);
			else
				json_object_del(obj, "status");
			if (mf)
				json_object_set_new(md, "managedFields", mf);
		} else if ((rt->flags & RT_STATUS) && w->op != SIM_CONTROLLER) {
			/* and a write of the main resource keeps the status */
			copy_field(obj, prev, "status");
		}
		copy_field(md, omd, "generation");
		if (has_generation(rt) && w->op != SIM_STATUS) {
			json_int_t g = json_integer_value(json_object_get(omd, "generation"));

			if (spec_changed(rt, prev, obj, w->op) || !g)
				json_object_set_new(md, "generation", json_integer(g + 1));
		}
	}
	sim_defaults_apply(rt->group, rt->kind, obj);
	if (!strcmp(rt->kind, "Service") && !*rt->group)
		allocate_cluster_ip(a, obj);
	if (!(rt->flags & RT_CRD) &&
	    sim_validate(rt->group, rt->version, rt->kind, obj, &causes) < 0) {
		json_t *d = sim_details(rt, name);

		err = ERR_INVALID;
		json_object_set_new(d, "kind", json_string(rt->kind));
		if (causes)
			json_object_set_new(d, "causes", causes);
		sim_status(resp, 422, "Invalid", d, "%s", err_last());
		goto fail;
	}
	if (is_crd(rt) && w->op != SIM_STATUS && crd_accept(a, obj, resp) < 0) {
		err = ERR_INVALID;
		goto fail;
	}
	if (w->manager && !w->keep_managed_fields) {
		struct ssa_ctx sc = { sim_types_list_keys, (void *)rt, now, 0 };

		ssa_update(&sc, prev, obj, w->manager,
			   w->api_version ? w->api_version : rt->api_version,
			   w->op == SIM_STATUS ? "status" : NULL);
	}
	cap_update_managers(obj);
	if (old && pending_deletion(obj) && finalizers_empty(obj) &&
	    !(!strcmp(rt->kind, "Namespace") && !*rt->group &&
	      json_array_size(json_object_get(json_object_get(obj, "spec"), "finalizers")))) {
		/* the last finalizer went: the deletion completes */
		json_decref(obj);
		if (w->dry_run) {
			if (out)
				*out = json_incref((json_t *)prev);
			goto done;
		}
		err = sim_store_del(a->store, rt->storage_key, ns, name, out);
		if (err < 0)
			sim_status(resp, 500, "InternalError", NULL, "%s", err_last());
		goto done;
	}
	if (prev && ssa_equal_but(prev, obj, "resourceVersion")) {
		/*
		 * A write that changes nothing is no write: no new
		 * resourceVersion, no watch event (the API server skips
		 * the storage update of a no-op, so a repeated apply leaves
		 * the object exactly as it was).
		 */
		json_decref(obj);
		if (out)
			*out = json_incref((json_t *)prev);
		goto done;
	}
	if (w->dry_run) {
		if (out)
			*out = obj;
		else
			json_decref(obj);
		goto done;
	}
	if (out)
		json_incref(obj);
	if (is_crd(rt) && sim_types_add_crd(&a->store->types, obj) < 0) {
		/* checked by crd_accept: not expected */
		err = ERR_INVALID;
		sim_status(resp, 422, "Invalid", NULL, "%s", err_last());
		if (out)
			json_decref(obj);
		json_decref(obj);
		goto done;
	}
	err = sim_store_put(a->store, rt->storage_key, ns, name, obj, NULL);
	if (err < 0) {
		if (out) {
			json_decref(obj);
		}
		sim_status(resp, 500, "InternalError", NULL, "%s", err_last());
		goto done;
	}
	if (out)
		*out = obj;
	goto done;
fail:
	json_decref(obj);
done:
	free(name_copy);
	return err;
}

/* ------------------------------------------------------------------ */
/* CustomResourceDefinitions                                           */

static int is_crd(const struct sim_rtype *rt)
{
	return !strcmp(rt->kind, "CustomResourceDefinition") &&
	       !strcmp(rt->group, "apiextensions.k8s.io");
}

static int crd_invalid(struct sim_response *resp, const char *name,
		       const char *field, const char *msg)
{
	sim_status(resp, 422, "Invalid",
		   json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s}]}", "name", name, "group",
			     "apiextensions.k8s.io", "kind", "CustomResourceDefinition",
			     "causes", "reason", "FieldValueInvalid", "message", msg, "field", field),
		   "CustomResourceDefinition.apiextensions.k8s.io \"%s\" is invalid: %s: %s",
		   name, field, msg);
	return -1;
}

/*
 * The API server's own CRD controllers: the names are accepted and the
 * CRD is Established at once (a real server takes a moment, with
 * Established=False reason Installing), and its versions are served.
 */
static int crd_accept(struct sim_api *a, json_t *crd, struct sim_response *resp)
{
	json_t *spec = json_object_get(crd, "spec"), *names = json_object_get(spec, "names");
	json_t *versions = json_object_get(spec, "versions"), *v, *st, *stored;
	const char *name = obj_name(crd);
	const char *group = json_string_value(json_object_get(spec, "group"));
	const char *plural = json_string_value(json_object_get(names, "plural"));
	const char *kind = json_string_value(json_object_get(names, "kind"));
	struct buf want = BUF_INIT;
	size_t i, storage = 0;
	char now[21];
	int ok;

	(void)a;
	if (!group || !*group)
		return crd_invalid(resp, name, "spec.group", "Required value");
	if (!plural || !*plural)
		return crd_invalid(resp, name, "spec.names.plural", "Required value");
	if (!kind || !*kind)
		return crd_invalid(resp, name, "spec.names.kind", "Required value");
	buf_addf(&want, "%s.%s", plural, group);
	ok = !strcmp(want.ptr, name);
	buf_release(&want);
	if (!ok)
		return crd_invalid(resp, name, "metadata.name",
				   "must be spec.names.plural+\".\"+spec.group");
	if (!json_array_size(versions))
		return crd_invalid(resp, name, "spec.versions", "must have exactly one version marked as storage version");
	json_array_foreach(versions, i, v)
		if (json_is_true(json_object_get(v, "storage")))
			storage++;
	if (storage != 1)
		return crd_invalid(resp, name, "spec.versions",
				   "Invalid value: must have exactly one version marked as storage version");
	sim_now(now);
	st = json_object_get(crd, "status");
	if (!json_is_object(st)) {
		st = json_object();
		json_object_set_new(crd, "status", st);
	}
	if (!json_object_get(st, "conditions"))
		json_object_set_new(
			st, "conditions",
			json_pack("[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s}]", "type",
				  "NamesAccepted", "status", "True", "reason", "NoConflicts",
				  "message", "no conflicts found", "lastTransitionTime", now,
				  "type", "Established", "status", "True", "reason",
				  "InitialNamesAccepted", "message",
				  "the initial names have been accepted", "lastTransitionTime", now));
	{
		json_t *acc = json_deep_copy(names);

		if (!json_object_get(acc, "singular")) {
			struct buf low = BUF_INIT;

			for (i = 0; kind[i]; i++)
				buf_addc(&low, (char)(kind[i] >= 'A' && kind[i] <= 'Z' ? kind[i] + 32 : kind[i]));
			json_object_set_new(acc, "singular", json_string(low.ptr));
			buf_release(&low);
		}
		if (!json_object_get(acc, "listKind")) {
			struct buf lk = BUF_INIT;

			buf_addf(&lk, "%sList", kind);
			json_object_set_new(acc, "listKind", json_string(lk.ptr));
			buf_release(&lk);
		}
		json_object_set_new(st, "acceptedNames", acc);
	}
	stored = json_object_get(st, "storedVersions");
	if (!json_is_array(stored)) {
		stored = json_array();
		json_object_set_new(st, "storedVersions", stored);
	}
	json_array_foreach(versions, i, v)
		if (json_is_true(json_object_get(v, "storage"))) {
			json_t *e;
			size_t j;
			int have = 0;

			json_array_foreach(stored, j, e)
				if (json_equal(e, json_object_get(v, "name")))
					have = 1;
			if (!have)
				json_array_append(stored, json_object_get(v, "name"));
		}
	return 0;
}

/* a CRD goes with every object of its kind */
static void crd_remove(struct sim_api *a, const json_t *crd)
{
	const json_t *spec = json_object_get(crd, "spec");
	const char *group = json_string_value(json_object_get(spec, "group"));
	const char *plural = json_string_value(json_object_get(json_object_get(spec, "names"), "plural"));
	const struct sim_obj **objs;
	struct buf skey = BUF_INIT;
	size_t n, i;

	if (!group || !plural)
		return;
	buf_addf(&skey, "%s/%s", group, plural);
	sim_store_list(a->store, skey.ptr, NULL, &objs, &n);
	{
		char **ns = xcalloc(n + 1, sizeof(*ns)), **nm = xcalloc(n + 1, sizeof(*nm));

		for (i = 0; i < n; i++) {
			const json_t *md = json_object_get(objs[i]->obj, "metadata");
			const char *v = json_string_value(json_object_get(md, "namespace"));

			ns[i] = v ? xstrdup(v) : NULL;
			nm[i] = xstrdup(json_string_value(json_object_get(md, "name")) ?: "");
		}
		free(objs);
		for (i = 0; i < n; i++) {
			sim_store_del(a->store, skey.ptr, ns[i], nm[i], NULL);
			free(ns[i]);
			free(nm[i]);
		}
		free(ns);
		free(nm);
	}
	sim_types_remove_crd(&a->store->types, group, plural);
	buf_release(&skey);
}

/* ------------------------------------------------------------------ */
/* deletion                                                            */

static int is_pod(const struct sim_rtype *rt)
{
	return !*rt->group && !strcmp(rt->kind, "Pod");
}

static void add_finalizer(json_t *md, const char *f)
{
	json_t *fs = json_object_get(md, "finalizers"), *e;
	size_t i;

	if (!json_is_array(fs)) {
		fs = json_array();
		json_object_set_new(md, "finalizers", fs);
	}
	json_array_foreach(fs, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), f))
			return;
	json_array_append_new(fs, json_string(f));
}

int sim_api_delete(struct sim_api *a, const struct sim_rtype *rt,
		   const char *ns, const char *name, const char *propagation,
		   long grace_seconds, json_t **out)
{
	const struct sim_obj *cur = sim_store_get(a->store, rt->storage_key, ns, name);
	const struct sim_write w = { SIM_CONTROLLER, NULL, NULL, 0, 1 };
	int is_ns = !*rt->group && !strcmp(rt->kind, "Namespace");
	json_t *obj, *md;
	char now[21];
	long grace = 0;

	if (out)
		*out = NULL;
	if (!cur)
		return ERR_NOTFOUND;
	if (pending_deletion(cur->obj)) {
		/* already on its way; a shorter grace period for a pod still counts */
		if (out)
			*out = json_incref(cur->obj);
		return 0;
	}
	if (is_pod(rt)) {
		const json_t *spec = json_object_get(cur->obj, "spec");
		const char *phase = json_string_value(json_object_get(json_object_get(cur->obj, "status"), "phase"));

		grace = grace_seconds >= 0 ? grace_seconds
			: json_is_integer(json_object_get(spec, "terminationGracePeriodSeconds"))
				? (long)json_integer_value(json_object_get(spec, "terminationGracePeriodSeconds"))
				: 30;
		/* a pod that never ran, or has finished, goes at once */
		if (!json_object_get(spec, "nodeName") ||
		    (phase && (!strcmp(phase, "Succeeded") || !strcmp(phase, "Failed"))))
			grace = 0;
	}
	if (!propagation)
		propagation = "Background";
	if (is_crd(rt) && finalizers_empty(cur->obj)) {
		crd_remove(a, cur->obj);
		return sim_store_del(a->store, rt->storage_key, ns, name, out);
	}
	if (!is_ns && !is_pod(rt) && finalizers_empty(cur->obj) &&
	    strcmp(propagation, "Foreground") && strcmp(propagation, "Orphan"))
		return sim_store_del(a->store, rt->storage_key, ns, name, out);
	if (is_pod(rt) && !grace && finalizers_empty(cur->obj) &&
	    strcmp(propagation, "Foreground") && strcmp(propagation, "Orphan"))
		return sim_store_del(a->store, rt->storage_key, ns, name, out);
	obj = json_deep_copy(cur->obj);
	md = md_of(obj);
	sim_now(now);
	json_object_set_new(md, "deletionTimestamp", json_string(now));
	json_object_set_new(md, "deletionGracePeriodSeconds", json_integer(grace));
	if (!strcmp(propagation, "Foreground"))
		add_finalizer(md, "foregroundDeletion");
	else if (!strcmp(propagation, "Orphan"))
		add_finalizer(md, "orphan");
	if (is_ns) {
		json_t *st = json_object_get(obj, "status");

		if (!json_is_object(st)) {
			st = json_object();
			json_object_set_new(obj, "status", st);
		}
		json_object_set_new(st, "phase", json_string("Terminating"));
	}
	return sim_api_write(a, rt, ns, name, obj, cur, &w, out, NULL);
}
