/*
 * resid: resource identity, cluster scope and kustomize's legacy order.
 * See resid.h.
 *
 * The cluster-scoped table is kustomize's (its precomputed list plus the
 * Kubernetes 1.21 OpenAPI it embeds): exact (apiVersion, kind) pairs.  A
 * kind not listed is namespaced, which is also what kustomize assumes
 * for custom resources.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "resid.h"

static const char *str_or_empty(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

void resid_from_obj(struct resid *out, const json_t *obj)
{
	const json_t *meta = json_object_get(obj, "metadata");
	const char *av = str_or_empty(obj, "apiVersion");
	const char *slash = strchr(av, '/');

	memset(out, 0, sizeof(*out));
	out->kind = str_or_empty(obj, "kind");
	out->name = str_or_empty(meta, "name");
	out->ns = str_or_empty(meta, "namespace");
	if (slash) {
		size_t glen = (size_t)(slash - av);

		if (glen < sizeof(out->group_buf)) {
			memcpy(out->group_buf, av, glen);
			out->group_buf[glen] = '\0';
			out->group = out->group_buf;
		} else {
			out->owned = xmemdup(av, glen);
			out->group = out->owned;
		}
		out->version = slash + 1;
	} else {
		out->group = "";
		out->version = av;
	}
}

void resid_dup(struct resid *out, const struct resid *in)
{
	size_t lg = strlen(in->group), lv = strlen(in->version);
	size_t lk = strlen(in->kind), ln = strlen(in->name), ls = strlen(in->ns);
	char *p = xmalloc(lg + lv + lk + ln + ls + 5);

	out->owned = p;
	memcpy(p, in->group, lg + 1);
	out->group = p;
	p += lg + 1;
	memcpy(p, in->version, lv + 1);
	out->version = p;
	p += lv + 1;
	memcpy(p, in->kind, lk + 1);
	out->kind = p;
	p += lk + 1;
	memcpy(p, in->name, ln + 1);
	out->name = p;
	p += ln + 1;
	memcpy(p, in->ns, ls + 1);
	out->ns = p;
}

void resid_release(struct resid *id)
{
	free(id->owned);
	id->owned = NULL;
	id->group = id->version = id->kind = id->name = id->ns = "";
}

int resid_gvk_equal(const struct resid *a, const struct resid *b)
{
	return !strcmp(a->group, b->group) && !strcmp(a->version, b->version) &&
	       !strcmp(a->kind, b->kind);
}

static const char *effective_ns(const struct resid *id)
{
	if (resid_is_cluster_scoped(id->group, id->version, id->kind))
		return "";
	return id->ns[0] ? id->ns : "default";
}

int resid_equal(const struct resid *a, const struct resid *b)
{
	return resid_gvk_equal(a, b) && !strcmp(a->name, b->name) &&
	       !strcmp(effective_ns(a), effective_ns(b));
}

void resid_format(struct buf *out, const struct resid *id)
{
	buf_addf(out, "%s.%s.%s/%s.%s", id->kind[0] ? id->kind : "[noKind]",
		 id->version[0] ? id->version : "[noVer]",
		 id->group[0] ? id->group : "[noGrp]", id->name,
		 id->ns[0] ? id->ns : "[noNs]");
}

struct scoped {
	const char *api_version;
	const char *kind;
};

static const struct scoped cluster_scoped[] = {
	{ "admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration" },
	{ "admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration" },
	{ "admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration" },
	{ "admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration" },
	{ "apiextensions.k8s.io/v1", "CustomResourceDefinition" },
	{ "apiextensions.k8s.io/v1beta1", "CustomResourceDefinition" },
	{ "apiregistration.k8s.io/v1", "APIService" },
	{ "apiregistration.k8s.io/v1beta1", "APIService" },
	{ "certificates.k8s.io/v1", "CertificateSigningRequest" },
	{ "certificates.k8s.io/v1beta1", "CertificateSigningRequest" },
	{ "flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema" },
	{ "flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration" },
	{ "networking.k8s.io/v1", "IngressClass" },
	{ "networking.k8s.io/v1beta1", "IngressClass" },
	{ "node.k8s.io/v1", "RuntimeClass" },
	{ "node.k8s.io/v1beta1", "RuntimeClass" },
	{ "policy/v1beta1", "PodSecurityPolicy" },
	{ "rbac.authorization.k8s.io/v1", "ClusterRole" },
	{ "rbac.authorization.k8s.io/v1", "ClusterRoleBinding" },
	{ "rbac.authorization.k8s.io/v1beta1", "ClusterRole" },
	{ "rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding" },
	{ "scheduling.k8s.io/v1", "PriorityClass" },
	{ "scheduling.k8s.io/v1beta1", "PriorityClass" },
	{ "storage.k8s.io/v1", "CSIDriver" },
	{ "storage.k8s.io/v1", "CSINode" },
	{ "storage.k8s.io/v1", "StorageClass" },
	{ "storage.k8s.io/v1", "VolumeAttachment" },
	{ "storage.k8s.io/v1beta1", "CSIDriver" },
	{ "storage.k8s.io/v1beta1", "CSINode" },
	{ "storage.k8s.io/v1beta1", "StorageClass" },
	{ "storage.k8s.io/v1beta1", "VolumeAttachment" },
	{ "v1", "ComponentStatus" },
	{ "v1", "Namespace" },
	{ "v1", "Node" },
	{ "v1", "NodeProxyOptions" },
	{ "v1", "PersistentVolume" },
};

int resid_is_cluster_scoped(const char *group, const char *version,
			    const char *kind)
{
	size_t i, glen = strlen(group);

	for (i = 0; i < sizeof(cluster_scoped) / sizeof(cluster_scoped[0]); i++) {
		const char *av = cluster_scoped[i].api_version;
		const char *slash = strchr(av, '/');

		if (strcmp(kind, cluster_scoped[i].kind))
			continue;
		if (slash) {
			if ((size_t)(slash - av) == glen &&
			    !strncmp(av, group, glen) && !strcmp(slash + 1, version))
				return 1;
		} else if (!glen && !strcmp(av, version)) {
			return 1;
		}
	}
	return 0;
}

static const char *const order_first[] = {
	"Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition",
	"ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole",
	"RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints",
	"Service", "LimitRange", "PriorityClass", "PersistentVolume",
	"PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob",
	"PodDisruptionBudget",
};

static const char *const order_last[] = {
	"MutatingWebhookConfiguration",
	"ValidatingWebhookConfiguration",
};

int resid_legacy_rank(const char *kind)
{
	int nfirst = (int)(sizeof(order_first) / sizeof(order_first[0]));
	int i;

	for (i = 0; i < nfirst; i++)
		if (!strcmp(kind, order_first[i]))
			return -nfirst + i;
	for (i = 0; i < (int)(sizeof(order_last) / sizeof(order_last[0])); i++)
		if (!strcmp(kind, order_last[i]))
			return 1 + i;
	return 0;
}

/* the gvk key of the legacy sort: group_version_kind, "~G" etc. if empty */
static void gvk_string(struct buf *b, const struct resid *id)
{
	buf_reset(b);
	buf_addf(b, "%s_%s_%s", id->group[0] ? id->group : "~G",
		 id->version[0] ? id->version : "~V",
		 id->kind[0] ? id->kind : "~K");
}

/* the id key within one gvk: namespace ("~X" if none) then name */
static void legacy_sort_string(struct buf *b, const struct resid *id)
{
	buf_reset(b);
	buf_addf(b, "%s.%s.%s|%s|%s", id->kind,
		 id->version[0] ? id->version : "[noVer]",
		 id->group[0] ? id->group : "[noGrp]",
		 id->ns[0] ? id->ns : "~X", id->name[0] ? id->name : "~N");
}

void resid_legacy_keys(const struct resid *id, struct buf *gvk,
		       struct buf *key)
{
	gvk_string(gvk, id);
	legacy_sort_string(key, id);
}

int resid_legacy_cmp(const struct resid *a, int rank_a, const struct resid *b,
		     int rank_b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	int c;

	if (!resid_gvk_equal(a, b)) {
		if (rank_a != rank_b)
			return rank_a < rank_b ? -1 : 1;
		gvk_string(&x, a);
		gvk_string(&y, b);
	} else {
		legacy_sort_string(&x, a);
		legacy_sort_string(&y, b);
	}
	c = strcmp(x.ptr, y.ptr);
	buf_release(&x);
	buf_release(&y);
	return c;
}

void resid_split_api_version(const char *api_version, struct buf *group,
			     struct buf *version)
{
	const char *slash = strchr(api_version, '/');

	buf_reset(group);
	buf_reset(version);
	if (slash) {
		buf_add(group, api_version, (size_t)(slash - api_version));
		buf_adds(version, slash + 1);
	} else {
		buf_adds(version, api_version);
	}
}
