/*
 * types: see types.h.
 *
 * The built-in table follows what kube-apiserver 1.32 lists in discovery
 * for the resources the quick-start and kubectl use (names, short names,
 * categories, subresources); kinds it does not simulate are left out
 * rather than served half.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/strmap.h"
#include "../doc/patch.h"
#include "types.h"

struct builtin {
	const char *group, *version, *kind, *plural, *singular;
	unsigned flags;
	const char *short_names; /* space-separated */
	const char *categories;
};

#define NS RT_NAMESPACED
static const struct builtin builtins[] = {
	{ "", "v1", "Namespace", "namespaces", "namespace", RT_STATUS, "ns", NULL },
	{ "", "v1", "Node", "nodes", "node", RT_STATUS | RT_PROXY, "no", NULL },
	{ "", "v1", "Pod", "pods", "pod", NS | RT_STATUS | RT_LOG | RT_PROXY, "po", "all" },
	{ "", "v1", "Service", "services", "service", NS | RT_STATUS | RT_PROXY, "svc", "all" },
	{ "", "v1", "Endpoints", "endpoints", "endpoints", NS, "ep", NULL },
	{ "", "v1", "ConfigMap", "configmaps", "configmap", NS, "cm", NULL },
	{ "", "v1", "Secret", "secrets", "secret", NS, NULL, NULL },
	{ "", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", NS, "sa", NULL },
	{ "", "v1", "Event", "events", "event", NS, "ev", NULL },
	{ "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims",
	  "persistentvolumeclaim", NS | RT_STATUS, "pvc", NULL },
	{ "", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume",
	  RT_STATUS, "pv", NULL },
	{ "", "v1", "LimitRange", "limitranges", "limitrange", NS, "limits", NULL },
	{ "", "v1", "ResourceQuota", "resourcequotas", "resourcequota",
	  NS | RT_STATUS, "quota", NULL },
	{ "apps", "v1", "Deployment", "deployments", "deployment",
	  NS | RT_STATUS | RT_SCALE | RT_GENERATION_ANNOTATIONS, "deploy", "all" },
	{ "apps", "v1", "ReplicaSet", "replicasets", "replicaset",
	  NS | RT_STATUS | RT_SCALE, "rs", "all" },
	{ "apps", "v1", "StatefulSet", "statefulsets", "statefulset",
	  NS | RT_STATUS | RT_SCALE, "sts", "all" },
	{ "apps", "v1", "DaemonSet", "daemonsets", "daemonset", NS | RT_STATUS, "ds", "all" },
	{ "apps", "v1", "ControllerRevision", "controllerrevisions",
	  "controllerrevision", NS, NULL, NULL },
	{ "batch", "v1", "Job", "jobs", "job", NS | RT_STATUS, NULL, "all" },
	{ "batch", "v1", "CronJob", "cronjobs", "cronjob", NS | RT_STATUS, "cj", "all" },
	{ "rbac.authorization.k8s.io", "v1", "Role", "roles", "role", NS, NULL, NULL },
	{ "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings",
	  "rolebinding", NS, NULL, NULL },
	{ "rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles",
	  "clusterrole", 0, NULL, NULL },
	{ "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding",
	  "clusterrolebindings", "clusterrolebinding", 0, NULL, NULL },
	{ "coordination.k8s.io", "v1", "Lease", "leases", "lease", NS, NULL, NULL },
	{ "scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses",
	  "priorityclass", 0, "pc", NULL },
	{ "storage.k8s.io", "v1", "StorageClass", "storageclasses",
	  "storageclass", 0, "sc", NULL },
	{ "discovery.k8s.io", "v1", "EndpointSlice", "endpointslices",
	  "endpointslice", NS, NULL, NULL },
	{ "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets",
	  "poddisruptionbudget", NS | RT_STATUS, "pdb", NULL },
	{ "networking.k8s.io", "v1", "Ingress", "ingresses", "ingress",
	  NS | RT_STATUS, "ing", NULL },
	{ "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies",
	  "networkpolicy", NS, "netpol", NULL },
	{ "apiextensions.k8s.io", "v1", "CustomResourceDefinition",
	  "customresourcedefinitions", "customresourcedefinition", RT_STATUS,
	  "crd crds", "api-extensions" },
	{ NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
#undef NS

/* a NULL-terminated copy of the words of s (space-separated) */
static char **words(const char *s)
{
	char **v = xcalloc(1, sizeof(*v));
	size_t n = 0;

	while (s && *s) {
		size_t len = strcspn(s, " ");

		if (len) {
			v = xreallocarray(v, n + 2, sizeof(*v));
			v[n++] = xstrndup(s, len);
			v[n] = NULL;
		}
		s += len;
		while (*s == ' ')
			s++;
	}
	return v;
}

static void free_words(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static char *join_api_version(const char *group, const char *version)
{
	struct buf b = BUF_INIT;

	if (*group)
		buf_addf(&b, "%s/%s", group, version);
	else
		buf_adds(&b, version);
	return buf_detach(&b, NULL);
}

static char *storage_key(const char *group, const char *plural)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/%s", *group ? group : "core", plural);
	return buf_detach(&b, NULL);
}

static void rtype_free(struct sim_rtype *r)
{
	if (!r)
		return;
	free(r->group);
	free(r->version);
	free(r->kind);
	free(r->plural);
	free(r->singular);
	free(r->list_kind);
	free(r->api_version);
	free(r->storage_key);
	free_words(r->short_names);
	free_words(r->categories);
	json_decref(r->crd_version);
	json_decref(r->crd);
	if (r->key_cache) {
		struct strmap_entry *e;

		strmap_foreach(r->key_cache, e)
			free(e->value);
		strmap_release(r->key_cache);
		free(r->key_cache);
	}
	free(r);
}

static struct sim_rtype *rtype_new(const char *group, const char *version,
				   const char *kind, const char *plural,
				   const char *singular, unsigned flags)
{
	struct sim_rtype *r = xcalloc(1, sizeof(*r));
	struct buf lk = BUF_INIT;

	r->group = xstrdup(group);
	r->version = xstrdup(version);
	r->kind = xstrdup(kind);
	r->plural = xstrdup(plural);
	r->singular = xstrdup(singular);
	buf_addf(&lk, "%sList", kind);
	r->list_kind = buf_detach(&lk, NULL);
	r->api_version = join_api_version(group, version);
	r->storage_key = storage_key(group, plural);
	r->flags = flags;
	r->preferred = 1;
	return r;
}

static void add(struct sim_types *t, struct sim_rtype *r)
{
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n++] = r;
}

void sim_types_init(struct sim_types *t)
{
	const struct builtin *b;

	memset(t, 0, sizeof(*t));
	for (b = builtins; b->kind; b++) {
		struct sim_rtype *r = rtype_new(b->group, b->version, b->kind,
						b->plural, b->singular, b->flags);

		r->short_names = words(b->short_names);
		r->categories = words(b->categories);
		add(t, r);
	}
}

void sim_types_release(struct sim_types *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		rtype_free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

const struct sim_rtype *sim_types_find(const struct sim_types *t,
				       const char *group, const char *version,
				       const char *plural)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct sim_rtype *r = t->v[i];

		if (!strcmp(r->plural, plural) && !strcmp(r->group, group) &&
		    !strcmp(r->version, version))
			return r;
	}
	return NULL;
}

const struct sim_rtype *sim_types_find_kind(const struct sim_types *t,
					    const char *api_version,
					    const char *kind)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct sim_rtype *r = t->v[i];

		if (!strcmp(r->kind, kind) && !strcmp(r->api_version, api_version))
			return r;
	}
	return NULL;
}

const struct sim_rtype *sim_types_by_key(const struct sim_types *t,
					 const char *key)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i]->storage_key, key) && t->v[i]->preferred)
			return t->v[i];
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i]->storage_key, key))
			return t->v[i];
	return NULL;
}

static char **string_array(const json_t *a)
{
	char **v = xcalloc(json_array_size(a) + 1, sizeof(*v));
	size_t i, n = 0;
	json_t *e;

	json_array_foreach(a, i, e)
		if (json_is_string(e))
			v[n++] = xstrdup(json_string_value(e));
	return v;
}

void sim_types_remove_crd(struct sim_types *t, const char *group,
			  const char *plural)
{
	size_t i, j;

	for (i = j = 0; i < t->n; i++) {
		struct sim_rtype *r = t->v[i];

		if ((r->flags & RT_CRD) && !strcmp(r->group, group) &&
		    !strcmp(r->plural, plural)) {
			rtype_free(r);
			continue;
		}
		t->v[j++] = r;
	}
	t->n = j;
}

int sim_types_add_crd(struct sim_types *t, const json_t *crd)
{
	const json_t *spec = json_object_get(crd, "spec");
	const json_t *names = json_object_get(spec, "names");
	const char *group = json_string_value(json_object_get(spec, "group"));
	const char *plural = json_string_value(json_object_get(names, "plural"));
	const char *kind = json_string_value(json_object_get(names, "kind"));
	const char *singular = json_string_value(json_object_get(names, "singular"));
	const char *list_kind = json_string_value(json_object_get(names, "listKind"));
	const char *scope = json_string_value(json_object_get(spec, "scope"));
	const json_t *versions = json_object_get(spec, "versions");
	const json_t *v;
	size_t i, served = 0, first_storage = 1;
	struct buf low = BUF_INIT;

	if (!group || !plural || !kind || !json_array_size(versions))
		return err_set(ERR_INVALID,
			       "a CustomResourceDefinition needs spec.group, spec.names.plural, spec.names.kind and spec.versions");
	sim_types_remove_crd(t, group, plural);
	if (!singular) {
		for (i = 0; kind[i]; i++)
			buf_addc(&low, (char)(kind[i] >= 'A' && kind[i] <= 'Z'
						      ? kind[i] - 'A' + 'a'
						      : kind[i]));
		singular = low.ptr;
	}
	json_array_foreach(versions, i, v) {
		const char *name = json_string_value(json_object_get(v, "name"));
		const json_t *sub = json_object_get(v, "subresources");
		struct sim_rtype *r;
		unsigned flags = RT_CRD;

		if (!name || !json_is_true(json_object_get(v, "served")))
			continue;
		if (!scope || strcmp(scope, "Cluster"))
			flags |= RT_NAMESPACED;
		if (json_object_get(sub, "status"))
			flags |= RT_STATUS;
		if (json_object_get(sub, "scale"))
			flags |= RT_SCALE;
		r = rtype_new(group, name, kind, plural, singular, flags);
		if (list_kind) {
			free(r->list_kind);
			r->list_kind = xstrdup(list_kind);
		}
		r->short_names = string_array(json_object_get(names, "shortNames"));
		r->categories = string_array(json_object_get(names, "categories"));
		/* stored objects are immutable (store.h): a reference, no copy */
		r->crd_version = json_incref((json_t *)v);
		r->crd = json_incref((json_t *)crd);
		/* the storage version is preferred, as in discovery */
		r->preferred = json_is_true(json_object_get(v, "storage")) && first_storage;
		if (r->preferred)
			first_storage = 0;
		add(t, r);
		served++;
	}
	buf_release(&low);
	if (!served)
		return err_set(ERR_INVALID,
			       "CustomResourceDefinition %s.%s serves no version", plural,
			       group);
	return 0;
}

/* ------------------------------------------------------------------ */
/* list keys                                                           */

/* the schema node at path ("spec.items[].x") below root, or NULL */
static const json_t *schema_at(const json_t *root, const char *path)
{
	const json_t *s = root;

	while (s && *path) {
		size_t n = strcspn(path, ".[");
		struct buf field = BUF_INIT;

		buf_add(&field, path, n);
		s = json_object_get(json_object_get(s, "properties"), field.ptr);
		buf_release(&field);
		path += n;
		if (!strncmp(path, "[]", 2)) {
			s = json_object_get(s, "items");
			path += 2;
		}
		if (*path == '.')
			path++;
	}
	return s;
}

const char *sim_types_list_keys(void *ctx, const char *path)
{
	struct sim_rtype *r = ctx;
	const json_t *schema, *node, *keys, *k;
	const char *type;
	struct buf joined = BUF_INIT;
	char *cached;
	size_t i;

	if (!(r->flags & RT_CRD))
		return smp_list_keys(r->api_version, r->kind, path);
	/* metadata follows the built-in rules whatever the kind */
	if (!strncmp(path, "metadata.", 9))
		return smp_list_keys("v1", "ConfigMap", path);
	if (!r->key_cache)
		r->key_cache = xcalloc(1, sizeof(*r->key_cache));
	cached = strmap_get(r->key_cache, path, strlen(path));
	if (cached)
		return *cached == '-' ? NULL : cached + 1;
	schema = json_object_get(json_object_get(r->crd_version, "schema"),
				 "openAPIV3Schema");
	node = schema_at(schema, path);
	type = json_string_value(json_object_get(node, "x-kubernetes-list-type"));
	if (type && !strcmp(type, "map")) {
		keys = json_object_get(node, "x-kubernetes-list-map-keys");
		buf_addc(&joined, '+');
		json_array_foreach(keys, i, k) {
			if (i)
				buf_addc(&joined, ',');
			buf_adds(&joined, json_string_value(k) ? json_string_value(k) : "");
		}
	} else if (type && !strcmp(type, "set")) {
		buf_addc(&joined, '+');
	} else {
		buf_addc(&joined, '-');
	}
	cached = buf_detach(&joined, NULL);
	strmap_put(r->key_cache, path, strlen(path), cached);
	return *cached == '-' ? NULL : cached + 1;
}
