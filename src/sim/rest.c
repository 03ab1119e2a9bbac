/*
 * rest: routing and the REST verbs of the simulated API server.
 *
 * Paths are kube-apiserver's: /api/v1/... for the core group and
 * /apis/GROUP/VERSION/... for the others, then
 * [namespaces/NS/]RESOURCE[/NAME[/SUBRESOURCE[/...]]].  Every failure
 * is a Status object with the code and reason a real server gives
 * (apimachinery pkg/api/errors), because kubectl prints those reasons
 * and scripts match on them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/alloc.h"
#include "../base/base64.h"
#include "../base/err.h"
#include "../base/utf8.h"
#include "../doc/json.h"
#include "../doc/labelsel.h"
#include "../doc/patch.h"
#include "../doc/yaml.h"
#include "api.h"
#include "internal.h"
#include "proto.h"
#include "sim.h"
#include "simint.h"
#include "ssa.h"
#include "table.h"

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

const char *sim_q(const struct sim_request *req, const char *key)
{
	return req->query ? req->query(req->ctx, key) : NULL;
}

const char *sim_h(const struct sim_request *req, const char *key)
{
	return req->header ? req->header(req->ctx, key) : NULL;
}

int sim_q_true(const struct sim_request *req, const char *key)
{
	const char *v = sim_q(req, key);

	return v && (!strcmp(v, "true") || !strcmp(v, "1"));
}

int sim_wants_table(const struct sim_request *req)
{
	const char *acc = sim_h(req, "Accept");

	return acc && strstr(acc, "as=Table");
}

/*
 * Accept: application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1
 * (or ...List for a list): the answer holds only the objects' metadata,
 * as kube-apiserver's transformResponseObject gives it for any verb.
 * Returns the apiVersion to answer with, or NULL.
 */
static const char *wants_metadata(const struct sim_request *req, int list)
{
	const char *acc = sim_h(req, "Accept"), *p;
	const char *want = list ? "as=PartialObjectMetadataList" : "as=PartialObjectMetadata";
	size_t n = strlen(want);

	for (p = acc; p && (p = strstr(p, want)); p += n) {
		const char *end = p + n + strcspn(p + n, ",");

		if (p[n] != ';' && p[n] != ',' && p[n])
			continue; /* ...List asked for, not this */
		if (!memmem(p, (size_t)(end - p), "g=meta.k8s.io", 13))
			continue;
		return memmem(p, (size_t)(end - p), "v=v1beta1", 9) ? "meta.k8s.io/v1beta1"
								     : "meta.k8s.io/v1";
	}
	return NULL;
}

/* obj (a new reference, taken) as a PartialObjectMetadata of api_version */
static json_t *metadata_only(json_t *obj, const char *api_version)
{
	json_t *pom = json_pack("{s:s, s:s, s:O}", "kind", "PartialObjectMetadata",
				"apiVersion", api_version, "metadata",
				json_object_get(obj, "metadata"));

	json_decref(obj);
	return pom;
}


void sim_not_found(struct sim_response *resp, const struct sim_rtype *rt,
		   const char *name)
{
	struct buf label = BUF_INIT;

	sim_resource_label(&label, rt);
	sim_status(resp, 404, "NotFound", sim_details(rt, name),
		   "%s \"%s\" not found", label.ptr, name);
	buf_release(&label);
}

static void namespace_not_found(struct sim_response *resp, const char *ns)
{
	sim_status(resp, 404, "NotFound",
		   json_pack("{s:s, s:s}", "name", ns, "kind", "namespaces"),
		   "namespaces \"%s\" not found", ns);
}

static void method_not_allowed(struct sim_response *resp, const char *method)
{
	sim_status(resp, 405, "MethodNotAllowed", NULL,
		   "the server does not allow this method on the requested resource (%s)",
		   method);
}

static void bad_request(struct sim_response *resp, const char *msg)
{
	sim_status(resp, 400, "BadRequest", NULL, "%s", msg);
}

/* ------------------------------------------------------------------ */
/* bodies                                                              */

/*
 * The body of a write: JSON (what kubectl sends) or YAML (what people
 * send with curl); protobuf is refused as a server without it would.
 */
static int decode_body(const struct sim_request *req, struct sim_response *resp,
		       int yaml_ok, json_t **out)
{
	const char *ct = sim_h(req, "Content-Type");
	json_error_t jerr;
	json_t *v;

	*out = NULL;
	if (ct && strstr(ct, "protobuf")) {
		/* what typed kubectl commands (create ns|cm|secret|deployment) send */
		int err = sim_proto_decode(req->body, req->body_len, out);

		if (err == ERR_UNSUPPORTED)
			sim_status(resp, 415, "UnsupportedMediaType", NULL, "%s", err_last());
		else if (err == ERR_TOOBIG)
			sim_status(resp, 413, "RequestEntityTooLarge", NULL, "%s", err_last());
		else if (err < 0)
			sim_status(resp, 400, "BadRequest", NULL, "%s", err_last());
		return err < 0 ? -1 : 0;
	}
	if (!req->body_len) {
		bad_request(resp, "the request body is empty");
		return -1;
	}
	if (req->json_read) {
		v = json_incref(req->json);
		jerr = req->json_err;
	} else {
		v = doc_json_load(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	}
	/* YAML when the client says so (apply-patch+yaml may carry either) */
	if (!v && ((ct && strstr(ct, "yaml")) || (!ct && yaml_ok))) {
		struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
		json_t *docs = NULL;

		o.name = "body";
		if (doc_yaml_load(req->body, req->body_len, &o, &docs) < 0) {
			sim_status(resp, 400, "BadRequest", NULL,
				   "error decoding YAML: %s", err_last());
			return -1;
		}
		if (json_array_size(docs) != 1) {
			json_decref(docs);
			bad_request(resp, "the body must hold exactly one YAML document");
			return -1;
		}
		v = json_incref(json_array_get(docs, 0));
		json_decref(docs);
	} else if (!v) {
		sim_status(resp, 400, "BadRequest", NULL,
			   "couldn't get version/kind; json parse error: %s (at line %d, column %d)",
			   jerr.text, jerr.line, jerr.column);
		return -1;
	}
	*out = v;
	return 0;
}

/* the body must be an object of this kind with a name matching the URL */
static int check_object(const struct sim_request *req, struct sim_response *resp,
			const struct sim_rtype *rt, const char *name, json_t *obj)
{
	const char *kind, *av, *bname;
	const json_t *md;

	if (!json_is_object(obj)) {
		bad_request(resp, "the object provided is not a JSON object");
		return -1;
	}
	kind = json_string_value(json_object_get(obj, "kind"));
	av = json_string_value(json_object_get(obj, "apiVersion"));
	if ((kind && strcmp(kind, rt->kind)) || (av && strcmp(av, rt->api_version))) {
		sim_status(resp, 400, "BadRequest", NULL,
			   "the API version in the data (%s) does not match the expected API version (%s)",
			   av ? av : "", rt->api_version);
		return -1;
	}
	md = json_object_get(obj, "metadata");
	if (md && !json_is_object(md)) {
		bad_request(resp, "metadata must be an object");
		return -1;
	}
	bname = json_string_value(json_object_get(md, "name"));
	if (name && bname && strcmp(name, bname)) {
		sim_status(resp, 400, "BadRequest", NULL,
			   "the name of the object (%s) does not match the name on the URL (%s)",
			   bname, name);
		return -1;
	}
	if (json_array_size(json_object_get(md, "managedFields")) &&
	    !strcmp(req->method, "PATCH")) {
		sim_status(resp, 400, "BadRequest", NULL,
			   "metadata.managedFields must be nil");
		return -1;
	}
	return 0;
}

static const char *manager_of(const struct sim_request *req)
{
	const char *m = sim_q(req, "fieldManager");
	const char *ua = sim_h(req, "User-Agent");
	static __thread char derived[128];
	size_t n;

	if (m && *m)
		return m;
	if (!ua || !*ua)
		return "unknown";
	/* like the API server: the user agent up to the first '/' */
	n = strcspn(ua, "/");
	if (n >= sizeof(derived))
		n = sizeof(derived) - 1;
	memcpy(derived, ua, n);
	derived[n] = '\0';
	return derived;
}

static int dry_run(const struct sim_request *req)
{
	const char *d = sim_q(req, "dryRun");

	return d && !strcmp(d, "All");
}

/* ------------------------------------------------------------------ */
/* field selectors                                                     */

struct fsel {
	char *field, *value;
	int ne;
};

static void fsel_free(struct fsel *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].field);
		free(v[i].value);
	}
	free(v);
}

static int field_supported(const struct sim_rtype *rt, const char *f)
{
	static const char *const pod[] = { "spec.nodeName", "spec.restartPolicy",
		"spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
		"status.phase", "status.podIP", "status.nominatedNodeName", NULL };
	static const char *const event[] = { "involvedObject.kind",
		"involvedObject.namespace", "involvedObject.name",
		"involvedObject.uid", "involvedObject.apiVersion",
		"involvedObject.resourceVersion", "involvedObject.fieldPath",
		"reason", "reportingComponent", "source", "type", NULL };
	const char *const *set = NULL;
	size_t i;

	if (!strcmp(f, "metadata.name") || !strcmp(f, "metadata.namespace"))
		return 1;
	if (*rt->group) {
		if (!strcmp(rt->kind, "ReplicaSet") && !strcmp(f, "status.replicas"))
			return 1;
		if (!strcmp(rt->kind, "Job") && !strcmp(f, "status.successful"))
			return 1;
		return 0;
	}
	if (!strcmp(rt->kind, "Pod"))
		set = pod;
	else if (!strcmp(rt->kind, "Event"))
		set = event;
	else if (!strcmp(rt->kind, "Secret"))
		return !strcmp(f, "type");
	else if (!strcmp(rt->kind, "Namespace"))
		return !strcmp(f, "status.phase");
	else if (!strcmp(rt->kind, "Node"))
		return !strcmp(f, "spec.unschedulable");
	for (i = 0; set && set[i]; i++)
		if (!strcmp(set[i], f))
			return 1;
	return 0;
}

static int sim_fsel_parse(const struct sim_rtype *rt, const char *s, struct fsel **out,
		   size_t *n, struct sim_response *resp)
{
	struct fsel *v = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	while (s && *s) {
		size_t len = strcspn(s, ",");
		char *term = xstrndup(s, len), *op;
		int ne = 0;

		s += len;
		if (*s == ',')
			s++;
		if (!*term) {
			free(term);
			continue;
		}
		op = strstr(term, "!=");
		if (op) {
			ne = 1;
			*op = '\0';
			op += 2;
		} else if ((op = strstr(term, "=="))) {
			*op = '\0';
			op += 2;
		} else if ((op = strchr(term, '='))) {
			*op = '\0';
			op += 1;
		} else {
			sim_status(resp, 400, "BadRequest", NULL,
				   "invalid field selector: '%s': expected field=value or field!=value",
				   term);
			free(term);
			fsel_free(v, k);
			return -1;
		}
		if (!field_supported(rt, term)) {
			sim_status(resp, 400, "BadRequest", NULL,
				   "field label not supported: %s", term);
			free(term);
			fsel_free(v, k);
			return -1;
		}
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k].field = xstrdup(term);
		v[k].value = xstrdup(op);
		v[k].ne = ne;
		k++;
		free(term);
	}
	*out = v;
	*n = k;
	return 0;
}

static void field_text(const json_t *obj, const char *path, struct buf *out)
{
	const json_t *v = sim_get(obj, path);

	buf_reset(out);
	if (json_is_string(v))
		buf_adds(out, json_string_value(v));
	else if (json_is_boolean(v))
		buf_adds(out, json_is_true(v) ? "true" : "false");
	else if (json_is_integer(v))
		buf_addf(out, "%lld", (long long)json_integer_value(v));
}

static int sim_fsel_match(const struct fsel *v, size_t n, const json_t *obj)
{
	struct buf t = BUF_INIT;
	size_t i;
	int ok = 1;

	for (i = 0; i < n && ok; i++) {
		field_text(obj, v[i].field, &t);
		if (!strcmp(v[i].field, "spec.unschedulable") && !t.len)
			buf_adds(&t, "false");
		ok = v[i].ne ? strcmp(t.ptr, v[i].value) != 0
			     : strcmp(t.ptr, v[i].value) == 0;
	}
	buf_release(&t);
	return ok;
}

/* ------------------------------------------------------------------ */
/* reading                                                             */

json_t *sim_table_row(const char *group, const char *kind, const json_t *pc,
		      const json_t *obj, long long now)
{
	/* a copy of the metadata: the stored object's own must not change */
	json_t *pom = json_pack("{s:s, s:s, s:o}", "kind", "PartialObjectMetadata",
				"apiVersion", "meta.k8s.io/v1", "metadata",
				json_copy(json_object_get(obj, "metadata")));

	json_object_del(json_object_get(pom, "metadata"), "managedFields");
	return json_pack("{s:o, s:o}", "cells",
			 sim_table_cells(group, kind, pc, obj, now), "object", pom);
}

static json_t *table_of(struct sim_api *a, const struct sim_rtype *rt,
			json_t *const *objs, size_t n, const char *rv,
			const char *cont)
{
	const json_t *pc = json_object_get(rt->crd_version, "additionalPrinterColumns");
	json_t *rows = json_array(), *md;
	long long now = clock_wall_ms() / 1000;
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(rows, sim_table_row(rt->group, rt->kind, pc, objs[i], now));
	md = json_pack("{s:s}", "resourceVersion", rv);
	if (cont && *cont)
		json_object_set_new(md, "continue", json_string(cont));
	(void)a;
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "kind", "Table", "apiVersion",
			 "meta.k8s.io/v1", "metadata", md, "columnDefinitions",
			 sim_table_columns(rt->group, rt->kind, pc), "rows", rows);
}

void sim_table_response(struct sim_api *a, struct sim_response *resp,
			const struct sim_rtype *rt, json_t *const *objs,
			size_t n, const char *rv, const char *cont)
{
	sim_json(resp, 200, table_of(a, rt, objs, n, rv, cont));
	resp->content_type = "application/json;as=Table;v=v1;g=meta.k8s.io";
}

/* the object as this version serves it (all versions share storage) */
json_t *sim_as_version(const struct sim_rtype *rt, const json_t *stored)
{
	json_t *o = json_incref((json_t *)stored);
	const char *av = json_string_value(json_object_get(stored, "apiVersion"));

	if (av && strcmp(av, rt->api_version)) {
		/* a shallow copy: only the top level changes */
		json_decref(o);
		o = json_copy((json_t *)stored);
		json_object_set_new(o, "apiVersion", json_string(rt->api_version));
	}
	return o;
}

static void get_one(struct sim_api *a, const struct sim_request *req,
		    struct sim_response *resp, const struct sim_rtype *rt,
		    const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(a->store, rt->storage_key, ns, name);
	json_t *v;

	if (!o) {
		sim_not_found(resp, rt, name);
		return;
	}
	v = sim_as_version(rt, o->obj);
	if (sim_wants_table(req)) {
		char rv[24];

		snprintf(rv, sizeof(rv), "%llu", (unsigned long long)o->rv);
		sim_table_response(a, resp, rt, &v, 1, rv, NULL);
		json_decref(v);
		return;
	}
	if (wants_metadata(req, 0))
		v = metadata_only(v, wants_metadata(req, 0));
	sim_json(resp, 200, v);
}

int sim_selectors(const struct sim_request *req, struct sim_response *resp,
		  const struct sim_rtype *rt, struct sim_filter *f)
{
	const char *ls = sim_q(req, "labelSelector");

	memset(f, 0, sizeof(*f));
	if (ls && *ls) {
		if (label_selector_matches(ls, NULL) < 0) {
			sim_status(resp, 400, "BadRequest", NULL,
				   "unable to parse requirement: %s", err_last());
			return -1;
		}
		f->labels = ls;
	}
	return sim_fsel_parse(rt, sim_q(req, "fieldSelector"), &f->fields,
			      &f->nfields, resp);
}

void sim_filter_release(struct sim_filter *f)
{
	free(f->labels_owned);
	f->labels_owned = NULL;
	f->labels = NULL;
	fsel_free(f->fields, f->nfields);
	f->fields = NULL;
	f->nfields = 0;
}

int sim_filter_match(const struct sim_filter *f, const json_t *obj)
{
	if (f->labels &&
	    label_selector_matches(f->labels,
				   json_object_get(json_object_get(obj, "metadata"),
						   "labels")) != 1)
		return 0;
	return sim_fsel_match(f->fields, f->nfields, obj);
}

static void list(struct sim_api *a, const struct sim_request *req,
		 struct sim_response *resp, const struct sim_rtype *rt,
		 const char *ns)
{
	const struct sim_obj **objs;
	struct sim_filter f;
	struct buf after = BUF_INIT, cont = BUF_INIT, key = BUF_INIT;
	const char *lim = sim_q(req, "limit"), *c = sim_q(req, "continue");
	json_t **page = NULL, *items, *md;
	size_t n, i, k = 0, remaining = 0;
	long limit = 0;
	const char *pom;
	char rv[24];

	if (sim_selectors(req, resp, rt, &f) < 0)
		return;
	if (lim && *lim) {
		char *end;

		limit = strtol(lim, &end, 10);
		if (*end || limit < 0) {
			bad_request(resp, "limit must be a non-negative integer");
			goto done;
		}
	}
	if (c && *c) {
		if (base64_decode(&after, c, strlen(c)) < 0 || !after.len) {
			sim_status(resp, 410, "Expired", NULL,
				   "the provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter");
			goto done;
		}
	}
	snprintf(rv, sizeof(rv), "%llu", (unsigned long long)a->store->rv);
	sim_store_list(a->store, rt->storage_key, (rt->flags & RT_NAMESPACED) ? ns : NULL,
		       &objs, &n);
	page = xcalloc(n + 1, sizeof(*page));
	for (i = 0; i < n; i++) {
		const json_t *omd = json_object_get(objs[i]->obj, "metadata");

		buf_reset(&key);
		buf_addf(&key, "%s/%s",
			 json_string_value(json_object_get(omd, "namespace")) ?: "",
			 json_string_value(json_object_get(omd, "name")) ?: "");
		if (after.len && strcmp(key.ptr, after.ptr) <= 0)
			continue;
		if (!sim_filter_match(&f, objs[i]->obj))
			continue;
		if (limit && (long)k == limit) {
			remaining++;
			continue;
		}
		page[k++] = sim_as_version(rt, objs[i]->obj);
		if (limit && (long)k == limit) {
			buf_reset(&cont);
			base64_encode(&cont, key.ptr, key.len);
		}
	}
	free(objs);
	if (!remaining)
		buf_reset(&cont);
	if (sim_wants_table(req)) {
		sim_table_response(a, resp, rt, page, k, rv, cont.ptr);
		for (i = 0; i < k; i++)
			json_decref(page[i]);
		goto done;
	}
	pom = wants_metadata(req, 1);
	items = json_array();
	for (i = 0; i < k; i++)
		json_array_append_new(items, pom ? metadata_only(page[i], pom) : page[i]);
	md = json_pack("{s:s}", "resourceVersion", rv);
	if (cont.len) {
		json_object_set_new(md, "continue", json_string(cont.ptr));
		json_object_set_new(md, "remainingItemCount", json_integer((json_int_t)remaining));
	}
	sim_json(resp, 200, json_pack("{s:s, s:s, s:o, s:o}", "kind",
				      pom ? "PartialObjectMetadataList" : rt->list_kind,
				      "apiVersion", pom ? pom : rt->api_version, "metadata", md,
				      "items", items));
done:
	free(page);
	sim_filter_release(&f);
	buf_release(&after);
	buf_release(&cont);
	buf_release(&key);
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

static int namespace_ok(struct sim_api *a, struct sim_response *resp,
			const struct sim_rtype *rt, const char *ns, int creating)
{
	const struct sim_obj *o;

	if (!(rt->flags & RT_NAMESPACED))
		return 0;
	o = sim_store_get(a->store, "core/namespaces", NULL, ns);
	if (!o) {
		namespace_not_found(resp, ns);
		return -1;
	}
	if (creating && json_object_get(json_object_get(o->obj, "metadata"), "deletionTimestamp")) {
		sim_status(resp, 403, "Forbidden",
			   json_pack("{s:s, s:s}", "name", ns, "kind", "namespaces"),
			   "unable to create new content in namespace %s because it is being terminated",
			   ns);
		return -1;
	}
	return 0;
}

static void answer_write(const struct sim_request *req, struct sim_response *resp,
			 int code, json_t *stored, const struct sim_rtype *rt)
{
	const char *pom = wants_metadata(req, 0);

	sim_json(resp, code, pom ? metadata_only(json_incref(stored), pom)
				 : sim_as_version(rt, stored));
	json_decref(stored);
}

static void create(struct sim_api *a, const struct sim_request *req,
		   struct sim_response *resp, const struct sim_rtype *rt,
		   const char *ns)
{
	struct sim_write w = { SIM_CREATE, NULL, NULL, 0, 0 };
	const char *name;
	json_t *obj, *stored;
	struct buf label = BUF_INIT;

	if (decode_body(req, resp, 1, &obj) < 0)
		return;
	if (check_object(req, resp, rt, NULL, obj) < 0)
		goto fail;
	if (namespace_ok(a, resp, rt, ns, 1) < 0)
		goto fail;
	name = json_string_value(json_object_get(json_object_get(obj, "metadata"), "name"));
	if (name && sim_store_get(a->store, rt->storage_key, ns, name)) {
		sim_resource_label(&label, rt);
		sim_status(resp, 409, "AlreadyExists", sim_details(rt, name),
			   "%s \"%s\" already exists", label.ptr, name);
		goto fail;
	}
	json_object_del(json_object_get(obj, "metadata"), "resourceVersion");
	json_object_del(json_object_get(obj, "metadata"), "managedFields");
	w.manager = manager_of(req);
	w.dry_run = dry_run(req);
	if (sim_api_write(a, rt, ns, NULL, obj, NULL, &w, &stored, resp) < 0)
		goto done;
	answer_write(req, resp, 201, stored, rt);
	goto done;
fail:
	json_decref(obj);
done:
	buf_release(&label);
}

static void conflict_stale(struct sim_response *resp, const struct sim_rtype *rt,
			   const char *name)
{
	struct buf label = BUF_INIT;

	sim_resource_label(&label, rt);
	sim_status(resp, 409, "Conflict", sim_details(rt, name),
		   "Operation cannot be fulfilled on %s \"%s\": the object has been modified; please apply your changes to the latest version and try again",
		   label.ptr, name);
	buf_release(&label);
}

static void update(struct sim_api *a, const struct sim_request *req,
		   struct sim_response *resp, const struct sim_rtype *rt,
		   const char *ns, const char *name, const char *sub)
{
	struct sim_write w = { sub ? SIM_STATUS : SIM_UPDATE, NULL, NULL, 0, 0 };
	const struct sim_obj *old;
	const char *rv;
	json_t *obj, *stored;

	if (decode_body(req, resp, 1, &obj) < 0)
		return;
	if (check_object(req, resp, rt, name, obj) < 0)
		goto fail;
	old = sim_store_get(a->store, rt->storage_key, ns, name);
	if (!old) {
		sim_not_found(resp, rt, name);
		goto fail;
	}
	rv = json_string_value(json_object_get(json_object_get(obj, "metadata"),
					       "resourceVersion"));
	if (rv && *rv && strtoull(rv, NULL, 10) != old->rv) {
		conflict_stale(resp, rt, name);
		goto fail;
	}
	json_object_del(json_object_get(obj, "metadata"), "managedFields");
	w.manager = manager_of(req);
	w.dry_run = dry_run(req);
	if (sim_api_write(a, rt, ns, name, obj, old, &w, &stored, resp) < 0)
		return;
	answer_write(req, resp, 200, stored, rt);
	return;
fail:
	json_decref(obj);
}

/*
 * kubectl's client-side apply sends $setElementOrder/<list> (the order
 * of a merged list) and $retainKeys; the renderer's strategic merge
 * patch has no use for them, so they are honoured here: order lists as
 * asked, drop the keys $retainKeys does not keep, and remove
 * $deleteFromPrimitiveList/<list> values.
 */
static void smp_directives(json_t *patch, json_t *target);

static void order_list(json_t *list, const json_t *order)
{
	json_t *sorted = json_array(), *want, *e;
	size_t i, j;
	char *used;

	if (!json_is_array(list) || !json_is_array(order))
		goto out;
	used = xcalloc(json_array_size(list) + 1, 1);
	json_array_foreach(order, i, want) {
		json_array_foreach(list, j, e) {
			int same = 0;

			if (used[j])
				continue;
			if (json_is_object(want) && json_is_object(e)) {
				const char *k;
				json_t *v;

				same = 1;
				json_object_foreach((json_t *)want, k, v)
					if (!json_equal(v, json_object_get(e, k)))
						same = 0;
			} else {
				same = json_equal(want, e);
			}
			if (same) {
				used[j] = 1;
				json_array_append(sorted, e);
				break;
			}
		}
	}
	json_array_foreach(list, j, e)
		if (!used[j])
			json_array_append(sorted, e);
	free(used);
	json_array_clear(list);
	json_array_extend(list, sorted);
out:
	json_decref(sorted);
}

static void smp_directives(json_t *patch, json_t *target)
{
	const char *k;
	json_t *v, *tmp;

	if (!json_is_object(patch))
		return;
	json_object_foreach_safe(patch, tmp, k, v) {
		if (!strncmp(k, "$setElementOrder/", 17)) {
			if (target)
				order_list(json_object_get(target, k + 17), v);
		} else if (!strncmp(k, "$deleteFromPrimitiveList/", 25)) {
			json_t *l = target ? json_object_get(target, k + 25) : NULL, *e, *d;
			size_t i, j;

			if (json_is_array(l))
				for (i = json_array_size(l); i-- > 0;) {
					e = json_array_get(l, i);
					json_array_foreach(v, j, d)
						if (json_equal(d, e)) {
							json_array_remove(l, i);
							break;
						}
				}
		} else if (!strcmp(k, "$retainKeys")) {
			const char *tk;
			json_t *tv, *tt;

			if (target && json_is_array(v))
				json_object_foreach_safe(target, tt, tk, tv) {
					size_t i;
					json_t *keep;
					int kept = 0;

					json_array_foreach(v, i, keep)
						if (json_is_string(keep) &&
						    !strcmp(json_string_value(keep), tk))
							kept = 1;
					if (!kept)
						json_object_del(target, tk);
				}
		} else if (json_is_object(v)) {
			smp_directives(v, target ? json_object_get(target, k) : NULL);
		}
	}
}

static json_t *strip_directives(const json_t *patch)
{
	json_t *c = json_deep_copy(patch), *v, *tmp;
	const char *k;

	if (!json_is_object(c))
		return c;
	json_object_foreach_safe(c, tmp, k, v) {
		if (!strncmp(k, "$setElementOrder/", 17) ||
		    !strncmp(k, "$deleteFromPrimitiveList/", 25) ||
		    !strcmp(k, "$retainKeys")) {
			json_object_del(c, k);
		} else if (json_is_object(v)) {
			json_object_set_new(c, k, strip_directives(v));
		} else if (json_is_array(v)) {
			json_t *arr = json_array(), *e;
			size_t i;

			json_array_foreach(v, i, e)
				json_array_append_new(arr, strip_directives(e));
			json_object_set_new(c, k, arr);
		}
	}
	return c;
}

static void conflict_response(struct sim_response *resp, json_t *causes)
{
	sim_status(resp, 409, "Conflict", json_pack("{s:o}", "causes", causes),
		   "%s", err_last());
}

static void patch(struct sim_api *a, const struct sim_request *req,
		  struct sim_response *resp, const struct sim_rtype *rt,
		  const char *ns, const char *name, const char *sub)
{
	const char *ct = sim_h(req, "Content-Type");
	const char *force = sim_q(req, "force");
	int apply = ct && !strncmp(ct, "application/apply-patch", 23);
	const struct sim_obj *old = sim_store_get(a->store, rt->storage_key, ns, name);
	struct sim_write w = { sub ? SIM_STATUS : SIM_UPDATE, NULL, NULL, 0, 0 };
	json_t *body = NULL, *obj = NULL, *stored, *conflicts = NULL;
	char now[21];

	if (!ct) {
		sim_status(resp, 415, "UnsupportedMediaType", NULL,
			   "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
		return;
	}
	if (force && !apply) {
		sim_status(resp, 422, "Invalid",
			   json_pack("{s:s, s:s, s:[{s:s, s:s, s:s}]}", "group", "meta.k8s.io",
				     "kind", "PatchOptions", "causes", "reason",
				     "FieldValueForbidden", "message",
				     "Forbidden: may not be specified for non-apply patch",
				     "field", "force"),
			   "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
		return;
	}
	if (!apply && strncmp(ct, "application/json-patch+json", 27) &&
	    strncmp(ct, "application/merge-patch+json", 28) &&
	    strncmp(ct, "application/strategic-merge-patch+json", 38)) {
		sim_status(resp, 415, "UnsupportedMediaType", NULL,
			   "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
		return;
	}
	if (decode_body(req, resp, apply, &body) < 0)
		return;
	w.dry_run = dry_run(req);
	w.api_version = rt->api_version;
	if (apply) {
		const char *mgr = sim_q(req, "fieldManager");
		struct ssa_ctx sc = { sim_types_list_keys, (void *)rt, now, 1 };
		int err;

		if (!mgr || !*mgr) {
			sim_status(resp, 422, "Invalid",
				   json_pack("{s:s, s:s, s:[{s:s, s:s, s:s}]}", "group",
					     "meta.k8s.io", "kind", "PatchOptions", "causes",
					     "reason", "FieldValueRequired", "message",
					     "Required value: is required for apply patch",
					     "field", "fieldManager"),
				   "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
			goto done;
		}
		if (check_object(req, resp, rt, name, body) < 0)
			goto done;
		if (!old && namespace_ok(a, resp, rt, ns, 1) < 0)
			goto done;
		if (!sub && (rt->flags & RT_STATUS))
			json_object_del(body, "status");
		sim_now(now);
		if (sub)
			err = ssa_apply_subresource(&sc, old ? old->obj : NULL, body, mgr,
						    rt->api_version, sub,
						    force && !strcmp(force, "true"), &obj, &conflicts);
		else
			err = ssa_apply(&sc, old ? old->obj : NULL, body, mgr, rt->api_version,
					force && !strcmp(force, "true"), &obj, &conflicts);
		if (err == ERR_NOTFOUND) {
			sim_not_found(resp, rt, name);
			goto done;
		}
		if (err == ERR_CONFLICT) {
			conflict_response(resp, conflicts);
			goto done;
		}
		if (err < 0) {
			sim_status(resp, 400, "BadRequest", NULL, "%s", err_last());
			goto done;
		}
		w.op = old ? (sub ? SIM_STATUS : SIM_UPDATE) : SIM_CREATE;
		w.keep_managed_fields = 1;
		w.manager = mgr;
		err = sim_api_write(a, rt, ns, name, obj, old, &w, &stored, resp);
		obj = NULL; /* the write took it */
		if (err < 0)
			goto done;
		answer_write(req, resp, old ? 200 : 201, stored, rt);
		goto done;
	}
	if (!old) {
		sim_not_found(resp, rt, name);
		goto done;
	}
	obj = json_deep_copy(old->obj);
	if (!strncmp(ct, "application/json-patch+json", 27)) {
		struct json_patch_error where = { 0, NULL };

		if (!json_is_array(body) || json_patch_apply(&obj, body, &where) < 0) {
			sim_status(resp, json_is_array(body) ? 422 : 400,
				   json_is_array(body) ? "Invalid" : "BadRequest", NULL,
				   "the server rejected our request due to an error in our request: %s",
				   json_is_array(body) ? err_last() : "a JSON patch must be a list of operations");
			goto done;
		}
	} else if (!strncmp(ct, "application/merge-patch+json", 28)) {
		if (!json_is_object(body)) {
			bad_request(resp, "a merge patch must be a JSON object");
			goto done;
		}
		merge_patch_apply(&obj, body);
	} else if (!strncmp(ct, "application/strategic-merge-patch+json", 38)) {
		json_t *clean;
		int rc;

		if (rt->flags & RT_CRD) {
			sim_status(resp, 415, "UnsupportedMediaType", NULL,
				   "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
			goto done;
		}
		if (!json_is_object(body)) {
			bad_request(resp, "a strategic merge patch must be a JSON object");
			goto done;
		}
		clean = strip_directives(body);
		rc = smp_apply(&obj, clean);
		json_decref(clean);
		if (rc < 0) {
			sim_status(resp, 422, "Invalid", NULL, "%s", err_last());
			goto done;
		}
		smp_directives(body, obj);
	} else {
		sim_status(resp, 415, "UnsupportedMediaType", NULL,
			   "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
		goto done;
	}
	if (!json_is_object(obj)) {
		bad_request(resp, "the patched object is not an object");
		goto done;
	}
	{
		const char *rv = json_string_value(json_object_get(json_object_get(obj, "metadata"), "resourceVersion"));

		if (rv && *rv && strtoull(rv, NULL, 10) != old->rv) {
			conflict_stale(resp, rt, name);
			goto done;
		}
	}
	{
		const json_t *pmf = json_object_get(json_object_get(body, "metadata"), "managedFields");

		if (pmf) {
			/* a write of managedFields (kubectl's migration) is taken as given */
			w.keep_managed_fields = 1;
		}
	}
	w.manager = manager_of(req);
	if (sim_api_write(a, rt, ns, name, obj, old, &w, &stored, resp) < 0) {
		obj = NULL;
		goto done;
	}
	obj = NULL;
	answer_write(req, resp, 200, stored, rt);
done:
	json_decref(obj);
	json_decref(body);
}

static void delete_one(struct sim_api *a, const struct sim_request *req,
		       struct sim_response *resp, const struct sim_rtype *rt,
		       const char *ns, const char *name)
{
	const char *prop = sim_q(req, "propagationPolicy");
	const char *gq = sim_q(req, "gracePeriodSeconds");
	long grace = -1;
	json_t *opts = NULL, *last = NULL;
	const struct sim_obj *cur;
	int err;

	if (req->body_len) {
		json_error_t jerr;

		opts = json_loadb(req->body, req->body_len, 0, &jerr);
		if (!json_is_object(opts)) {
			json_decref(opts);
			bad_request(resp, "the DeleteOptions body is not a JSON object");
			return;
		}
		if (json_string_value(json_object_get(opts, "propagationPolicy")))
			prop = json_string_value(json_object_get(opts, "propagationPolicy"));
		if (json_is_integer(json_object_get(opts, "gracePeriodSeconds")))
			grace = (long)json_integer_value(json_object_get(opts, "gracePeriodSeconds"));
		if (json_is_true(json_object_get(opts, "orphanDependents")))
			prop = "Orphan";
	}
	if (gq && *gq)
		grace = strtol(gq, NULL, 10);
	if (prop && strcmp(prop, "Background") && strcmp(prop, "Foreground") &&
	    strcmp(prop, "Orphan")) {
		sim_status(resp, 422, "Invalid", NULL,
			   "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"%s\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"",
			   prop);
		goto done;
	}
	cur = sim_store_get(a->store, rt->storage_key, ns, name);
	if (!cur) {
		sim_not_found(resp, rt, name);
		goto done;
	}
	{
		const json_t *pre = json_object_get(opts, "preconditions");
		const char *puid = json_string_value(json_object_get(pre, "uid"));
		const char *prv = json_string_value(json_object_get(pre, "resourceVersion"));
		const char *uid = json_string_value(json_object_get(json_object_get(cur->obj, "metadata"), "uid"));

		if ((puid && uid && strcmp(puid, uid)) ||
		    (prv && strtoull(prv, NULL, 10) != cur->rv)) {
			struct buf label = BUF_INIT;

			sim_resource_label(&label, rt);
			sim_status(resp, 409, "Conflict", sim_details(rt, name),
				   "Operation cannot be fulfilled on %s \"%s\": the precondition in DeleteOptions does not match the object",
				   label.ptr, name);
			buf_release(&label);
			goto done;
		}
	}
	if (dry_run(req)) {
		sim_json(resp, 200, sim_as_version(rt, cur->obj));
		goto done;
	}
	err = sim_api_delete(a, rt, ns, name, prop, grace, &last);
	if (err < 0) {
		sim_status(resp, 500, "InternalError", NULL, "%s", err_last());
		goto done;
	}
	if (json_object_get(json_object_get(last, "metadata"), "deletionTimestamp") ||
	    (rt->flags & RT_CRD) || (!*rt->group && (!strcmp(rt->kind, "Pod") ||
						    !strcmp(rt->kind, "Service") ||
						    !strcmp(rt->kind, "ServiceAccount") ||
						    !strcmp(rt->kind, "Namespace")))) {
		sim_json(resp, 200, sim_as_version(rt, last));
	} else {
		const char *uid = json_string_value(json_object_get(json_object_get(last, "metadata"), "uid"));
		json_t *d = sim_details(rt, name);

		if (uid)
			json_object_set_new(d, "uid", json_string(uid));
		/* a Success Status has no message */
		sim_status(resp, 200, "", d, "%s", "");
	}
done:
	json_decref(last);
	json_decref(opts);
}

static void delete_collection(struct sim_api *a, const struct sim_request *req,
			      struct sim_response *resp, const struct sim_rtype *rt,
			      const char *ns)
{
	const struct sim_obj **objs;
	struct sim_filter f;
	json_t *items = json_array();
	size_t n, i;
	char **names;
	char rv[24];

	if (sim_selectors(req, resp, rt, &f) < 0) {
		json_decref(items);
		return;
	}
	sim_store_list(a->store, rt->storage_key, (rt->flags & RT_NAMESPACED) ? ns : NULL,
		       &objs, &n);
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		if (sim_filter_match(&f, objs[i]->obj))
			names[i] = xstrdup(json_string_value(json_object_get(
				json_object_get(objs[i]->obj, "metadata"), "name")));
	free(objs);
	for (i = 0; i < n; i++) {
		json_t *last = NULL;

		if (!names[i])
			continue;
		if (!dry_run(req) &&
		    sim_api_delete(a, rt, ns, names[i], sim_q(req, "propagationPolicy"), -1, &last) == 0)
			json_array_append_new(items, sim_as_version(rt, last));
		json_decref(last);
		free(names[i]);
	}
	free(names);
	sim_filter_release(&f);
	snprintf(rv, sizeof(rv), "%llu", (unsigned long long)a->store->rv);
	sim_json(resp, 200, json_pack("{s:s, s:s, s:{s:s}, s:o}", "kind", rt->list_kind,
				      "apiVersion", rt->api_version, "metadata",
				      "resourceVersion", rv, "items", items));
}

/* ------------------------------------------------------------------ */
/* scale                                                               */

static void scale(struct sim_api *a, const struct sim_request *req,
		  struct sim_response *resp, const struct sim_rtype *rt,
		  const char *ns, const char *name)
{
	const struct sim_obj *o = sim_store_get(a->store, rt->storage_key, ns, name);
	const json_t *md, *spec;
	json_t *sc, *body = NULL;

	if (!o) {
		sim_not_found(resp, rt, name);
		return;
	}
	if (!strcmp(req->method, "PUT") || !strcmp(req->method, "PATCH")) {
		const char *ct = sim_h(req, "Content-Type");
		json_t *replicas = NULL, *obj, *stored;
		struct sim_write w = { SIM_UPDATE, NULL, NULL, 0, 0 };

		if (decode_body(req, resp, 0, &body) < 0)
			return;
		if (ct && !strncmp(ct, "application/json-patch+json", 27)) {
			json_t *cur = json_pack("{s:{s:O}}", "spec", "replicas",
						json_object_get(json_object_get(o->obj, "spec"), "replicas"));

			if (json_patch_apply(&cur, body, NULL) == 0)
				replicas = json_incref(json_object_get(json_object_get(cur, "spec"), "replicas"));
			json_decref(cur);
		} else {
			replicas = json_incref(json_object_get(json_object_get(body, "spec"), "replicas"));
		}
		json_decref(body);
		if (!json_is_integer(replicas) || json_integer_value(replicas) < 0) {
			json_decref(replicas);
			sim_status(resp, 422, "Invalid", NULL,
				   "Scale.autoscaling \"%s\" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0",
				   name);
			return;
		}
		obj = json_deep_copy(o->obj);
		json_object_set_new(json_object_get(obj, "spec"), "replicas", replicas);
		w.manager = manager_of(req);
		w.dry_run = dry_run(req);
		if (sim_api_write(a, rt, ns, name, obj, o, &w, &stored, resp) < 0)
			return;
		o = NULL;
		md = json_object_get(stored, "metadata");
		spec = json_object_get(stored, "spec");
		sc = json_pack("{s:s, s:s, s:{s:O, s:O, s:O, s:O, s:O}, s:{s:O}, s:{s:I}}",
			       "kind", "Scale", "apiVersion", "autoscaling/v1", "metadata",
			       "name", json_object_get(md, "name"), "namespace",
			       json_object_get(md, "namespace"), "uid", json_object_get(md, "uid"),
			       "resourceVersion", json_object_get(md, "resourceVersion"),
			       "creationTimestamp", json_object_get(md, "creationTimestamp"),
			       "spec", "replicas", json_object_get(spec, "replicas"),
			       "status", "replicas",
			       (json_int_t)json_integer_value(json_object_get(json_object_get(stored, "status"), "replicas")));
		json_decref(stored);
		if (sc)
			sim_json(resp, 200, sc);
		else
			sim_status(resp, 500, "InternalError", NULL, "cannot build the Scale");
		return;
	}
	md = json_object_get(o->obj, "metadata");
	spec = json_object_get(o->obj, "spec");
	sc = json_pack("{s:s, s:s, s:{s:O, s:O, s:O, s:O, s:O}, s:{s:O}, s:{s:I}}", "kind",
		       "Scale", "apiVersion", "autoscaling/v1", "metadata", "name",
		       json_object_get(md, "name"), "namespace", json_object_get(md, "namespace"),
		       "uid", json_object_get(md, "uid"), "resourceVersion",
		       json_object_get(md, "resourceVersion"), "creationTimestamp",
		       json_object_get(md, "creationTimestamp"), "spec", "replicas",
		       json_object_get(spec, "replicas"), "status", "replicas",
		       (json_int_t)json_integer_value(json_object_get(json_object_get(o->obj, "status"), "replicas")));
	if (sc)
		sim_json(resp, 200, sc);
	else
		sim_status(resp, 500, "InternalError", NULL, "cannot build the Scale");
}

/* ------------------------------------------------------------------ */
/* routing                                                             */

static void split(const char *path, char ***segs, size_t *n)
{
	char **v = NULL;
	size_t k = 0;

	while (*path) {
		size_t len;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		len = strcspn(path, "/");
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k++] = xstrndup(path, len);
		path += len;
	}
	*segs = v;
	*n = k;
}

static void free_segs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void resource_request(struct sim_api *a, const struct sim_request *req,
			     struct sim_response *resp, const char *group,
			     const char *version, char **seg, size_t n)
{
	const struct sim_rtype *rt;
	const char *ns = NULL, *plural, *name = NULL, *sub = NULL;
	const char *m = req->method;
	size_t i = 0;

	if (n >= 3 && !strcmp(seg[0], "namespaces") &&
	    (rt = sim_types_find(&a->store->types, group, version, seg[2])) &&
	    (rt->flags & RT_NAMESPACED)) {
		ns = seg[1];
		i = 2;
	}
	plural = seg[i++];
	rt = sim_types_find(&a->store->types, group, version, plural);
	if (!rt) {
		sim_status(resp, 404, "NotFound", NULL,
			   "the server could not find the requested resource");
		return;
	}
	if (i < n)
		name = seg[i++];
	if (i < n)
		sub = seg[i++];
	if ((rt->flags & RT_NAMESPACED) && !ns && name) {
		sim_status(resp, 404, "NotFound", NULL,
			   "the server could not find the requested resource");
		return;
	}
	if (!ns && (rt->flags & RT_NAMESPACED))
		ns = NULL; /* all namespaces: list and watch only */
	if (sub) {
		if (!strcmp(sub, "proxy") && (rt->flags & RT_PROXY)) {
			sim_proxy(a, req, resp, rt, ns, name, seg + i, n - i);
			return;
		}
		if (!strcmp(sub, "log") && (rt->flags & RT_LOG) && !strcmp(m, "GET")) {
			sim_pod_log(a, req, resp, ns, name);
			return;
		}
		if (!strcmp(sub, "scale") && (rt->flags & RT_SCALE) && i == n) {
			scale(a, req, resp, rt, ns, name);
			return;
		}
		if (!((!strcmp(sub, "status") && (rt->flags & RT_STATUS)) ||
		      (!strcmp(sub, "finalize") && !strcmp(rt->kind, "Namespace") && !*rt->group)) ||
		    i != n) {
			sim_status(resp, 404, "NotFound", NULL,
				   "the server could not find the requested resource");
			return;
		}
	}
	if (!name) {
		if (!strcmp(m, "GET")) {
			if (sim_q_true(req, "watch"))
				sim_watch_start(a, req, resp, rt, ns);
			else
				list(a, req, resp, rt, ns);
		} else if (!strcmp(m, "POST")) {
			if (!ns && (rt->flags & RT_NAMESPACED)) {
				method_not_allowed(resp, m);
				return;
			}
			create(a, req, resp, rt, ns);
		} else if (!strcmp(m, "DELETE")) {
			delete_collection(a, req, resp, rt, ns);
		} else {
			method_not_allowed(resp, m);
		}
		return;
	}
	if (!strcmp(m, "GET"))
		get_one(a, req, resp, rt, ns, name);
	else if (!strcmp(m, "PUT"))
		update(a, req, resp, rt, ns, name, sub);
	else if (!strcmp(m, "PATCH"))
		patch(a, req, resp, rt, ns, name, sub);
	else if (!strcmp(m, "DELETE") && !sub)
		delete_one(a, req, resp, rt, ns, name);
	else
		method_not_allowed(resp, m);
}

static void version_info(struct sim_response *resp)
{
	sim_json(resp, 200,
		 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			   "major", "1", "minor", "32", "gitVersion", "v1.32.0-argolab-sim",
			   "gitCommit", "0000000000000000000000000000000000000000",
			   "gitTreeState", "clean", "buildDate", "2024-12-11T00:00:00Z",
			   "goVersion", "argolab", "compiler", "gc", "platform",
			   "linux/amd64", "emulator", "argolab sim " ARGOLAB_VERSION));
}

void sim_api_handle(struct sim_api *a, const struct sim_request *in,
		    struct sim_response *resp)
{
	struct sim_request r = *in;
	const struct sim_request *req = &r;
	const char *ct = sim_h(in, "Content-Type");
	char **seg;
	size_t n;

	/* the body is read before the lock, so that requests read theirs at once */
	if (!r.json_read && r.body_len && !(ct && strstr(ct, "protobuf"))) {
		r.json = doc_json_load(r.body, r.body_len, JSON_REJECT_DUPLICATES, &r.json_err);
		r.json_read = 1;
	}
	split(req->path, &seg, &n);
	if (n == 1 && !strcmp(seg[0], "version")) {
		version_info(resp);
	} else if (n >= 1 && (!strcmp(seg[0], "healthz") || !strcmp(seg[0], "livez") ||
			      !strcmp(seg[0], "readyz"))) {
		sim_response_text(resp, 200, "text/plain; charset=utf-8", "ok", 2);
	} else if (n >= 1 && !strcmp(seg[0], "openapi")) {
		sim_store_lock(a->store);
		sim_openapi(a, req, resp, seg + 1, n - 1);
		sim_store_unlock(a->store);
	} else if (n >= 1 && (!strcmp(seg[0], "api") || !strcmp(seg[0], "apis"))) {
		int core = !strcmp(seg[0], "api");
		size_t gv = core ? 2 : 3;

		sim_store_lock(a->store);
		if (n < gv) {
			sim_discovery(a, req, resp, core, n >= 2 ? seg[1] : NULL,
				      core ? (n == 2 ? seg[1] : NULL) : (n == 3 ? seg[2] : NULL));
		} else if (n == gv) {
			sim_discovery(a, req, resp, core, core ? "" : seg[1],
				      core ? seg[1] : seg[2]);
		} else if (core && strcmp(seg[1], "v1")) {
			sim_status(resp, 404, "NotFound", NULL, "the server could not find the requested resource");
		} else {
			resource_request(a, req, resp, core ? "" : seg[1],
					 core ? seg[1] : seg[2], seg + gv, n - gv);
		}
		sim_store_unlock(a->store);
	} else {
		sim_status(resp, 404, "NotFound", NULL,
			   "the server could not find the requested resource");
	}
	free_segs(seg, n);
	if (r.json_read && !in->json_read)
		json_decref(r.json);
	sim_response_flush(resp);
}
