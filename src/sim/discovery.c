/*
 * discovery: /api, /apis, /api/v1, /apis/G[/V] and /openapi/v3.
 *
 * Both discovery forms are served: the legacy one (APIVersions,
 * APIGroupList, APIResourceList) and the aggregated one
 * (apidiscovery.k8s.io/v2), which client-go chooses by the response's
 * Content-Type when it asked for it (kube-api.md 1.2).  The OpenAPI v3
 * documents carry only what kubectl's validation needs: per kind, a
 * PATCH operation tagged with its group-version-kind and the
 * fieldValidation parameter (kube-api.md 2), so kubectl lets the server
 * validate.  They list no strategic-merge-patch body, so kubectl's
 * client-side apply builds its patches from its compiled-in types, as
 * it does against servers without schemas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "internal.h"
#include "simint.h"

static const char *const verbs_all[] = { "create", "delete", "deletecollection",
					  "get", "list", "patch", "update",
					  "watch", NULL };

static json_t *strings(const char *const *v)
{
	json_t *a = json_array();

	while (v && *v)
		json_array_append_new(a, json_string(*v++));
	return a;
}

static json_t *strings_dyn(char **v)
{
	json_t *a = json_array();

	while (v && *v)
		json_array_append_new(a, json_string(*v++));
	return a;
}

struct sub {
	const char *name;
	unsigned flag;
	const char *group, *version, *kind; /* NULL: the resource's own */
	const char *verbs[6];
};

static const struct sub subs[] = {
	{ "status", RT_STATUS, NULL, NULL, NULL, { "get", "patch", "update", NULL } },
	{ "scale", RT_SCALE, "autoscaling", "v1", "Scale", { "get", "patch", "update", NULL } },
	{ "log", RT_LOG, "", "v1", "Pod", { "get", NULL } },
	{ "proxy", RT_PROXY, "", "v1", NULL, { "create", "delete", "get", "patch", "update", NULL } },
	{ NULL, 0, NULL, NULL, NULL, { NULL } },
};

static const char *proxy_kind(const struct sim_rtype *rt)
{
	if (!strcmp(rt->kind, "Pod"))
		return "PodProxyOptions";
	if (!strcmp(rt->kind, "Service"))
		return "ServiceProxyOptions";
	return "NodeProxyOptions";
}

static json_t *resource_list(const struct sim_types *t, const char *group,
			     const char *version)
{
	json_t *res = json_array();
	size_t i;
	const struct sub *s;

	for (i = 0; i < t->n; i++) {
		const struct sim_rtype *r = t->v[i];
		json_t *e;

		if (strcmp(r->group, group) || strcmp(r->version, version))
			continue;
		e = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", r->plural,
			      "singularName", r->singular, "namespaced",
			      (r->flags & RT_NAMESPACED) != 0, "kind", r->kind, "verbs",
			      strings(verbs_all));
		if (r->short_names && r->short_names[0])
			json_object_set_new(e, "shortNames", strings_dyn(r->short_names));
		if (r->categories && r->categories[0])
			json_object_set_new(e, "categories", strings_dyn(r->categories));
		json_array_append_new(res, e);
		for (s = subs; s->name; s++) {
			struct buf name = BUF_INIT;
			json_t *se;

			if (!(r->flags & s->flag))
				continue;
			buf_addf(&name, "%s/%s", r->plural, s->name);
			se = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", name.ptr,
				       "singularName", "", "namespaced",
				       (r->flags & RT_NAMESPACED) != 0, "kind",
				       s->flag == RT_PROXY ? proxy_kind(r)
							   : s->kind ? s->kind : r->kind,
				       "verbs", strings(s->verbs));
			if (s->group && *s->group) {
				json_object_set_new(se, "group", json_string(s->group));
				json_object_set_new(se, "version", json_string(s->version));
			}
			json_array_append_new(res, se);
			buf_release(&name);
		}
		if (!*r->group && !strcmp(r->kind, "Namespace"))
			json_array_append_new(res, json_pack("{s:s, s:s, s:b, s:s, s:[s]}",
							     "name", "namespaces/finalize",
							     "singularName", "", "namespaced", 0,
							     "kind", "Namespace", "verbs", "update"));
	}
	return res;
}

static int group_seen(json_t *names, const char *g)
{
	size_t i;
	json_t *v;

	json_array_foreach(names, i, v)
		if (!strcmp(json_string_value(v), g))
			return 1;
	return 0;
}

/* the non-core groups in a stable order: built-ins, then CRD groups */
static json_t *group_names(const struct sim_types *t)
{
	json_t *names = json_array();
	size_t i;

	for (i = 0; i < t->n; i++)
		if (*t->v[i]->group && !group_seen(names, t->v[i]->group))
			json_array_append_new(names, json_string(t->v[i]->group));
	return names;
}

/* a group's versions, preferred first */
static json_t *group_versions(const struct sim_types *t, const char *group)
{
	json_t *v = json_array();
	size_t i, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < t->n; i++) {
			const struct sim_rtype *r = t->v[i];

			if (strcmp(r->group, group) || (pass == 0) != (r->preferred != 0))
				continue;
			if (!group_seen(v, r->version))
				json_array_append_new(v, json_string(r->version));
		}
	return v;
}

static json_t *api_group(const struct sim_types *t, const char *group)
{
	json_t *vs = group_versions(t, group), *list = json_array(), *v;
	struct buf gv = BUF_INIT;
	size_t i;
	json_t *pref = NULL;

	json_array_foreach(vs, i, v) {
		buf_reset(&gv);
		buf_addf(&gv, "%s/%s", group, json_string_value(v));
		json_array_append_new(list, json_pack("{s:s, s:s}", "groupVersion", gv.ptr,
						      "version", json_string_value(v)));
		if (!pref)
			pref = json_pack("{s:s, s:s}", "groupVersion", gv.ptr, "version",
					 json_string_value(v));
	}
	json_decref(vs);
	buf_release(&gv);
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "kind", "APIGroup", "apiVersion",
			 "v1", "name", group, "versions", list, "preferredVersion",
			 pref ? pref : json_object());
}

/* ------------------------------------------------------------------ */
/* aggregated discovery                                                */

static json_t *agg_resources(const struct sim_types *t, const char *group,
			     const char *version)
{
	json_t *res = json_array();
	size_t i;
	const struct sub *s;

	for (i = 0; i < t->n; i++) {
		const struct sim_rtype *r = t->v[i];
		json_t *e, *sr;

		if (strcmp(r->group, group) || strcmp(r->version, version))
			continue;
		sr = json_array();
		e = json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:o}", "resource",
			      r->plural, "responseKind", "group", r->group, "version",
			      r->version, "kind", r->kind, "scope",
			      (r->flags & RT_NAMESPACED) ? "Namespaced" : "Cluster",
			      "singularResource", r->singular, "verbs", strings(verbs_all));
		if (r->short_names && r->short_names[0])
			json_object_set_new(e, "shortNames", strings_dyn(r->short_names));
		if (r->categories && r->categories[0])
			json_object_set_new(e, "categories", strings_dyn(r->categories));
		for (s = subs; s->name; s++) {
			if (!(r->flags & s->flag))
				continue;
			json_array_append_new(
				sr, json_pack("{s:s, s:{s:s, s:s, s:s}, s:o}", "subresource",
					      s->name, "responseKind", "group",
					      s->group ? s->group : r->group, "version",
					      s->version ? s->version : r->version, "kind",
					      s->flag == RT_PROXY ? proxy_kind(r)
								  : s->kind ? s->kind : r->kind,
					      "verbs", strings(s->verbs)));
		}
		if (json_array_size(sr))
			json_object_set_new(e, "subresources", sr);
		else
			json_decref(sr);
		json_array_append_new(res, e);
	}
	return res;
}

static json_t *agg_group(const struct sim_types *t, const char *group)
{
	json_t *vs = group_versions(t, group), *versions = json_array(), *v;
	size_t i;

	json_array_foreach(vs, i, v)
		json_array_append_new(versions,
				      json_pack("{s:s, s:o, s:s}", "version",
						json_string_value(v), "resources",
						agg_resources(t, group, json_string_value(v)),
						"freshness", "Current"));
	json_decref(vs);
	return json_pack("{s:{s:s}, s:o}", "metadata", "name", group, "versions", versions);
}

static int wants_aggregated(const struct sim_request *req)
{
	const char *acc = sim_h(req, "Accept");

	return acc && strstr(acc, "as=APIGroupDiscoveryList") &&
	       strstr(acc, "g=apidiscovery.k8s.io;v=v2");
}

static void aggregated(struct sim_api *a, struct sim_response *resp, int core)
{
	json_t *items = json_array();

	if (core) {
		json_array_append_new(items, agg_group(&a->store->types, ""));
	} else {
		json_t *names = group_names(&a->store->types), *g;
		size_t i;

		json_array_foreach(names, i, g)
			json_array_append_new(items, agg_group(&a->store->types,
							       json_string_value(g)));
		json_decref(names);
	}
	sim_json(resp, 200, json_pack("{s:s, s:s, s:{}, s:o}", "kind", "APIGroupDiscoveryList",
				      "apiVersion", "apidiscovery.k8s.io/v2", "metadata",
				      "items", items));
	resp->content_type = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
}

static int gv_served(const struct sim_types *t, const char *group, const char *version)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i]->group, group) && !strcmp(t->v[i]->version, version))
			return 1;
	return 0;
}

void sim_discovery(struct sim_api *a, const struct sim_request *req,
		   struct sim_response *resp, int core, const char *group,
		   const char *version)
{
	const struct sim_types *t = &a->store->types;

	if (!group && !version) {
		if (wants_aggregated(req)) {
			aggregated(a, resp, core);
		} else if (core) {
			sim_json(resp, 200,
				 json_pack("{s:s, s:[s], s:[{s:s, s:s}]}", "kind", "APIVersions",
					   "versions", "v1", "serverAddressByClientCIDRs",
					   "clientCIDR", "0.0.0.0/0", "serverAddress",
					   "127.0.0.1:6443"));
		} else {
			json_t *names = group_names(t), *groups = json_array(), *g;
			size_t i;

			json_array_foreach(names, i, g) {
				json_t *ag = api_group(t, json_string_value(g));

				json_object_del(ag, "kind");
				json_object_del(ag, "apiVersion");
				json_array_append_new(groups, ag);
			}
			json_decref(names);
			sim_json(resp, 200, json_pack("{s:s, s:s, s:o}", "kind", "APIGroupList",
						      "apiVersion", "v1", "groups", groups));
		}
		return;
	}
	if (!version) {
		json_t *vs = group_versions(t, group);
		size_t nv = json_array_size(vs);

		json_decref(vs);
		if (!nv) {
			sim_status(resp, 404, "NotFound", NULL,
				   "the server could not find the requested resource");
			return;
		}
		sim_json(resp, 200, api_group(t, group));
		return;
	}
	if (!gv_served(t, group, version)) {
		sim_status(resp, 404, "NotFound", NULL,
			   "the server could not find the requested resource");
		return;
	}
	{
		struct buf gv = BUF_INIT;

		if (*group)
			buf_addf(&gv, "%s/%s", group, version);
		else
			buf_adds(&gv, version);
		sim_json(resp, 200, json_pack("{s:s, s:s, s:s, s:o}", "kind", "APIResourceList",
					      "apiVersion", "v1", "groupVersion", gv.ptr,
					      "resources", resource_list(t, group, version)));
		buf_release(&gv);
	}
}

/* ------------------------------------------------------------------ */
/* OpenAPI v3                                                          */

static json_t *patch_op(const struct sim_rtype *r)
{
	return json_pack("{s:{s:{s:s, s:s, s:s}, s:[{s:s, s:s, s:{s:s}}, {s:s, s:s, s:{s:s}}, {s:s, s:s, s:{s:s}}, {s:s, s:s, s:{s:s}}], s:{s:{s:{}, s:{}, s:{}}}, s:{s:{s:s}}}}",
			 "patch", "x-kubernetes-group-version-kind", "group", r->group,
			 "version", r->version, "kind", r->kind, "parameters", "name",
			 "fieldValidation", "in", "query", "schema", "type", "string", "name",
			 "fieldManager", "in", "query", "schema", "type", "string", "name",
			 "force", "in", "query", "schema", "type", "boolean", "name",
			 "dryRun", "in", "query", "schema", "type", "string", "requestBody",
			 "content", "application/apply-patch+yaml", "application/json-patch+json",
			 "application/merge-patch+json", "responses", "200", "description", "OK");
}

static json_t *gv_doc(const struct sim_types *t, const char *group,
		      const char *version)
{
	json_t *paths = json_object();
	struct buf p = BUF_INIT;
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct sim_rtype *r = t->v[i];

		if (strcmp(r->group, group) || strcmp(r->version, version))
			continue;
		buf_reset(&p);
		buf_adds(&p, *group ? "/apis/" : "/api/");
		if (*group)
			buf_addf(&p, "%s/", group);
		buf_addf(&p, "%s/", version);
		if (r->flags & RT_NAMESPACED)
			buf_adds(&p, "namespaces/{namespace}/");
		buf_addf(&p, "%s/{name}", r->plural);
		json_object_set_new(paths, p.ptr, patch_op(r));
	}
	buf_release(&p);
	return json_pack("{s:s, s:{s:s, s:s}, s:o, s:{s:{}}}", "openapi", "3.0.0", "info",
			 "title", "Kubernetes", "version", "v1.32.0", "paths", paths,
			 "components", "schemas");
}

void sim_openapi(struct sim_api *a, const struct sim_request *req,
		 struct sim_response *resp, char **seg, size_t n)
{
	const struct sim_types *t = &a->store->types;

	(void)req;
	if (n == 1 && !strcmp(seg[0], "v3")) {
		json_t *paths = json_object();
		size_t i;
		struct buf key = BUF_INIT, url = BUF_INIT;

		for (i = 0; i < t->n; i++) {
			const struct sim_rtype *r = t->v[i];
			json_t *doc;

			buf_reset(&key);
			if (*r->group)
				buf_addf(&key, "apis/%s/%s", r->group, r->version);
			else
				buf_addf(&key, "api/%s", r->version);
			if (json_object_get(paths, key.ptr))
				continue;
			doc = gv_doc(t, r->group, r->version);
			buf_reset(&url);
			buf_addf(&url, "/openapi/v3/%s?hash=%016llX", key.ptr, sim_json_hash(doc));
			json_decref(doc);
			json_object_set_new(paths, key.ptr,
					    json_pack("{s:s}", "serverRelativeURL", url.ptr));
		}
		buf_release(&key);
		buf_release(&url);
		sim_json(resp, 200, json_pack("{s:o}", "paths", paths));
		return;
	}
	if (n == 3 && !strcmp(seg[0], "v3") && !strcmp(seg[1], "api") &&
	    gv_served(t, "", seg[2])) {
		sim_json(resp, 200, gv_doc(t, "", seg[2]));
		return;
	}
	if (n == 4 && !strcmp(seg[0], "v3") && !strcmp(seg[1], "apis") &&
	    gv_served(t, seg[2], seg[3])) {
		sim_json(resp, 200, gv_doc(t, seg[2], seg[3]));
		return;
	}
	sim_status(resp, 404, "NotFound", NULL,
		   "the server could not find the requested resource");
}
