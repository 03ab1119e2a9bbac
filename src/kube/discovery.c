/*
 * discovery: see discovery.h.
 *
 * Both answer shapes end up in one table of resources.  The first
 * version a group lists is its preferred one (aggregated discovery lists
 * versions in preference order; the legacy APIGroup names its
 * preferredVersion), which is what by_gk points at.  Subresources
 * ("deployments/scale") are not resources of their own and are skipped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../doc/json.h"
#include "discovery.h"

#define AGGREGATED_ACCEPT                                                       \
	"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"   \
	"application/json"

void kube_discovery_init(struct kube_discovery *d)
{
	memset(d, 0, sizeof(*d));
}

static void clear(struct kube_discovery *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->res[i].group);
		free(d->res[i].version);
		free(d->res[i].kind);
		free(d->res[i].plural);
	}
	d->n = 0;
	strmap_release(&d->by_gvk);
	strmap_release(&d->by_gk);
}

void kube_discovery_release(struct kube_discovery *d)
{
	clear(d);
	free(d->res);
	memset(d, 0, sizeof(*d));
}

static void add(struct kube_discovery *d, const char *group, const char *version,
		const char *kind, const char *plural, int namespaced)
{
	struct kube_resource *r;
	struct buf key = BUF_INIT;
	uintptr_t idx;

	if (!kind || !plural || strchr(plural, '/'))
		return;
	buf_addf(&key, "%s/%s/%s", group, version, kind);
	if (strmap_get(&d->by_gvk, key.ptr, key.len)) {
		buf_release(&key);
		return;
	}
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 64;
		d->res = xreallocarray(d->res, d->alloc, sizeof(*d->res));
	}
	r = &d->res[d->n++];
	r->group = xstrdup(group);
	r->version = xstrdup(version);
	r->kind = xstrdup(kind);
	r->plural = xstrdup(plural);
	r->namespaced = namespaced;
	idx = d->n;
	strmap_put(&d->by_gvk, key.ptr, key.len, (void *)idx);
	buf_reset(&key);
	buf_addf(&key, "%s/%s", group, kind);
	if (!strmap_get(&d->by_gk, key.ptr, key.len))
		strmap_put(&d->by_gk, key.ptr, key.len, (void *)idx);
	buf_release(&key);
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* one APIGroupDiscoveryList (aggregated) */
static void add_aggregated(struct kube_discovery *d, const json_t *list)
{
	size_t i, j, k;
	const json_t *g, *v, *r;

	json_array_foreach(json_object_get(list, "items"), i, g) {
		const char *group = str(json_object_get(g, "metadata"), "name") ?: "";

		json_array_foreach(json_object_get(g, "versions"), j, v) {
			const char *version = str(v, "version");

			if (!version)
				continue;
			json_array_foreach(json_object_get(v, "resources"), k, r) {
				const json_t *rk = json_object_get(r, "responseKind");

				add(d, group, version, str(rk, "kind"), str(r, "resource"),
				    !strcmp(str(r, "scope") ?: "", "Namespaced"));
			}
		}
	}
}

/* one APIResourceList (legacy) for group/version */
static void add_resource_list(struct kube_discovery *d, const char *group,
			      const char *version, const json_t *list)
{
	size_t i;
	const json_t *r;

	json_array_foreach(json_object_get(list, "resources"), i, r)
		add(d, group, version, str(r, "kind"), str(r, "name"),
		    json_is_true(json_object_get(r, "namespaced")));
}

static int get_json(struct kube_client *c, struct kube_req *r, const char *path,
		    const char *accept, json_t **out)
{
	int err;

	kube_req_reset(r, "GET");
	buf_adds(&r->path, path);
	r->accept = accept;
	err = kube_do(c, r);
	if (!err)
		err = kube_req_error(r, "discovery");
	if (err < 0) {
		err_prefix("GET %s: ", path);
		return err;
	}
	*out = doc_json_load(r->resp.ptr, r->resp.len, 0, NULL);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return err_set(ERR_INVALID, "GET %s: the answer is not a JSON object", path);
	}
	return 0;
}

struct legacy_gv {
	struct kube_req req;
	char *group, *version;
};

/* the legacy shapes: /api's versions and /apis' groups, each listed */
static int load_legacy(struct kube_discovery *d, struct kube_client *c,
		       const json_t *api, const json_t *apis)
{
	struct legacy_gv *gvs = NULL;
	size_t n = 0, alloc = 0, i, j;
	const json_t *v, *g;
	int err = 0;

#define PUSH(grp, ver)                                                        \
	do {                                                                  \
		if (n == alloc) {                                             \
			alloc = alloc ? alloc * 2 : 16;                       \
			gvs = xreallocarray(gvs, alloc, sizeof(*gvs));        \
		}                                                             \
		kube_req_init(&gvs[n].req, "GET");                            \
		gvs[n].group = xstrdup(grp);                                  \
		gvs[n].version = xstrdup(ver);                                \
		n++;                                                          \
	} while (0)
	json_array_foreach(json_object_get(api, "versions"), i, v)
		if (json_is_string(v))
			PUSH("", json_string_value(v));
	json_array_foreach(json_object_get(apis, "groups"), i, g) {
		const char *name = str(g, "name");
		const char *pref = str(json_object_get(g, "preferredVersion"), "version");

		if (!name)
			continue;
		if (pref)
			PUSH(name, pref);
		json_array_foreach(json_object_get(g, "versions"), j, v) {
			const char *ver = str(v, "version");

			if (ver && (!pref || strcmp(ver, pref)))
				PUSH(name, ver);
		}
	}
#undef PUSH
	for (i = 0; i < n; i++) {
		if (*gvs[i].group)
			buf_addf(&gvs[i].req.path, "/apis/%s/%s", gvs[i].group, gvs[i].version);
		else
			buf_addf(&gvs[i].req.path, "/api/%s", gvs[i].version);
		kube_client_submit(c, &gvs[i].req);
	}
	kube_client_run(c, -1, NULL, NULL);
	for (i = 0; i < n; i++) {
		json_t *list;

		if (!err && gvs[i].req.status != 404 &&
		    (err = kube_req_error(&gvs[i].req, "discovery")) < 0)
			err_prefix("GET %s: ", gvs[i].req.path.ptr);
		if (!err && gvs[i].req.status == 200) {
			list = doc_json_load(gvs[i].req.resp.ptr, gvs[i].req.resp.len, 0, NULL);
			add_resource_list(d, gvs[i].group, gvs[i].version, list);
			json_decref(list);
		}
		kube_req_release(&gvs[i].req);
		free(gvs[i].group);
		free(gvs[i].version);
	}
	free(gvs);
	return err;
}

int kube_discovery_load(struct kube_discovery *d, struct kube_client *c)
{
	struct kube_req r;
	json_t *api = NULL, *apis = NULL;
	int err;

	kube_req_init(&r, "GET");
	clear(d);
	err = get_json(c, &r, "/api", AGGREGATED_ACCEPT, &api);
	if (!err)
		err = get_json(c, &r, "/apis", AGGREGATED_ACCEPT, &apis);
	if (err < 0)
		goto done;
	if (!strcmp(str(api, "kind") ?: "", "APIGroupDiscoveryList") &&
	    !strcmp(str(apis, "kind") ?: "", "APIGroupDiscoveryList")) {
		d->aggregated = 1;
		add_aggregated(d, api);
		add_aggregated(d, apis);
	} else {
		d->aggregated = 0;
		err = load_legacy(d, c, api, apis);
	}
	if (!err && !kube_discovery_find(d, "v1", "Namespace"))
		err = err_set(ERR_INVALID,
			      "the server at %s does not look like a Kubernetes API server (no v1 Namespace in its discovery)",
			      kube_client_server(c));
done:
	json_decref(api);
	json_decref(apis);
	kube_req_release(&r);
	return err;
}

void kube_api_version_group(struct buf *out, const char *api_version)
{
	const char *slash = strchr(api_version, '/');

	buf_reset(out);
	if (slash)
		buf_add(out, api_version, (size_t)(slash - api_version));
}

const struct kube_resource *kube_discovery_find(const struct kube_discovery *d,
						const char *api_version,
						const char *kind)
{
	const char *slash;
	struct buf key = BUF_INIT;
	uintptr_t idx;

	if (!api_version || !kind)
		return NULL;
	slash = strchr(api_version, '/');
	if (slash)
		buf_addf(&key, "%.*s/%s/%s", (int)(slash - api_version), api_version,
			 slash + 1, kind);
	else
		buf_addf(&key, "/%s/%s", api_version, kind);
	idx = (uintptr_t)strmap_get(&d->by_gvk, key.ptr, key.len);
	buf_release(&key);
	return idx ? &d->res[idx - 1] : NULL;
}

const struct kube_resource *kube_discovery_find_gk(const struct kube_discovery *d,
						   const char *group, const char *kind)
{
	struct buf key = BUF_INIT;
	uintptr_t idx;

	buf_addf(&key, "%s/%s", group ? group : "", kind);
	idx = (uintptr_t)strmap_get(&d->by_gk, key.ptr, key.len);
	buf_release(&key);
	return idx ? &d->res[idx - 1] : NULL;
}

void kube_resource_path(struct buf *out, const struct kube_resource *r,
			const char *ns, const char *name)
{
	if (*r->group)
		buf_addf(out, "/apis/%s/%s", r->group, r->version);
	else
		buf_addf(out, "/api/%s", r->version);
	if (r->namespaced && ns) {
		buf_adds(out, "/namespaces/");
		kube_path_escape(out, ns);
	}
	buf_addf(out, "/%s", r->plural);
	if (name) {
		buf_addc(out, '/');
		kube_path_escape(out, name);
	}
}
