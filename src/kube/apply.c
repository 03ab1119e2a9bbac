/*
 * apply: see apply.h.
 *
 * One pass: items are made from the objects (copied, labelled, mapped
 * to their resources, given a stage), sorted by stage (stable: the
 * render's order within a stage), then applied stage by stage with the
 * client's parallelism.  The inventory record is read first and written
 * twice (widened before, narrowed after), each time only when its text
 * would change, so an apply that changes nothing writes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/alloc.h"
#include "../base/clock.h"
#include "../base/err.h"
#include "../base/httputil.h"
#include "../base/log.h"
#include "../base/strmap.h"
#include "../doc/json.h"
#include "apply.h"
#include "health.h"
#include "watch.h"

#define APPLY_CT "application/apply-patch+yaml"
#define RECORD_PREFIX "argolab-inventory-"
#define DEF_CRD_TIMEOUT_MS 60000L

static const char *const action_names[KUBE_ACTION_COUNT] = {
	"pending", "created", "configured", "unchanged", "pruned", "deleted", "failed",
};

static const char *const stage_names[KUBE_STAGE_COUNT] = {
	"namespaces", "crds", "service accounts", "rbac", "config",
	"services", "workloads", "custom resources",
};

const char *kube_action_name(enum kube_action a)
{
	return a < KUBE_ACTION_COUNT ? action_names[a] : "?";
}

const char *kube_stage_name(enum kube_stage s)
{
	return s < KUBE_STAGE_COUNT ? stage_names[s] : "?";
}

enum kube_stage kube_stage_of(const char *group, const char *kind, int custom)
{
	static const struct {
		const char *group, *kind;
		enum kube_stage stage;
	} table[] = {
		{ "", "Namespace", KUBE_STAGE_NAMESPACES },
		{ "apiextensions.k8s.io", "CustomResourceDefinition", KUBE_STAGE_CRDS },
		{ "", "ServiceAccount", KUBE_STAGE_SERVICEACCOUNTS },
		{ "rbac.authorization.k8s.io", "ClusterRole", KUBE_STAGE_RBAC },
		{ "rbac.authorization.k8s.io", "ClusterRoleBinding", KUBE_STAGE_RBAC },
		{ "rbac.authorization.k8s.io", "Role", KUBE_STAGE_RBAC },
		{ "rbac.authorization.k8s.io", "RoleBinding", KUBE_STAGE_RBAC },
		{ "", "ConfigMap", KUBE_STAGE_CONFIG },
		{ "", "Secret", KUBE_STAGE_CONFIG },
		{ "", "LimitRange", KUBE_STAGE_CONFIG },
		{ "", "ResourceQuota", KUBE_STAGE_CONFIG },
		{ "", "PersistentVolume", KUBE_STAGE_CONFIG },
		{ "", "PersistentVolumeClaim", KUBE_STAGE_CONFIG },
		{ "scheduling.k8s.io", "PriorityClass", KUBE_STAGE_CONFIG },
		{ "storage.k8s.io", "StorageClass", KUBE_STAGE_CONFIG },
		{ "apps", "Deployment", KUBE_STAGE_WORKLOADS },
		{ "apps", "StatefulSet", KUBE_STAGE_WORKLOADS },
		{ "apps", "DaemonSet", KUBE_STAGE_WORKLOADS },
		{ "apps", "ReplicaSet", KUBE_STAGE_WORKLOADS },
		{ "batch", "Job", KUBE_STAGE_WORKLOADS },
		{ "batch", "CronJob", KUBE_STAGE_WORKLOADS },
		{ "", "Pod", KUBE_STAGE_WORKLOADS },
		{ "", "ReplicationController", KUBE_STAGE_WORKLOADS },
	};
	size_t i;

	if (custom)
		return KUBE_STAGE_CUSTOM;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].group, group) && !strcmp(table[i].kind, kind))
			return table[i].stage;
	return KUBE_STAGE_SERVICES;
}

/* ------------------------------------------------------------------ */
/* items                                                               */

static void item_release(struct kube_item *it)
{
	json_decref(it->obj);
	json_decref(it->result);
	free(it->api_version);
	free(it->kind);
	free(it->name);
	free(it->ns);
	free(it->rv_before);
	free(it->rv_after);
	buf_release(&it->msg);
	kube_req_release(&it->req);
}

static void items_free(struct kube_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		item_release(&items[i]);
	free(items);
}

void kube_apply_result_release(struct kube_apply_result *r)
{
	items_free(r->items, r->n);
	items_free(r->pruned, r->npruned);
	memset(r, 0, sizeof(*r));
}

static void item_init(struct kube_item *it, const char *api_version, const char *kind,
		      const char *ns, const char *name)
{
	memset(it, 0, sizeof(*it));
	it->api_version = xstrdup(api_version);
	it->kind = xstrdup(kind);
	it->name = xstrdup(name);
	it->ns = ns && *ns ? xstrdup(ns) : NULL;
	buf_init(&it->msg, 0);
	kube_req_init(&it->req, "PATCH");
}

void kube_item_label(const struct kube_item *it, struct buf *out)
{
	const char *k;

	buf_reset(out);
	for (k = it->kind; *k; k++)
		buf_addc(out, (char)(*k >= 'A' && *k <= 'Z' ? *k + 32 : *k));
	buf_addf(out, "/%s", it->name);
	if (it->ns)
		buf_addf(out, " in %s", it->ns);
}

/*
 * The stage of an object known only by apiVersion and kind (a record's
 * line, a labelled object found by a list): a group with a dot that is
 * not Kubernetes' own (*.k8s.io) is a custom resource's.
 */
static enum kube_stage stage_guess(const char *api_version, const char *kind)
{
	struct buf g = BUF_INIT;
	enum kube_stage s;
	size_t n;

	kube_api_version_group(&g, api_version);
	n = g.len;
	s = kube_stage_of(g.ptr, kind,
			  strchr(g.ptr, '.') && !(n >= 7 && !strcmp(g.ptr + n - 7, ".k8s.io")) &&
				  strcmp(g.ptr, "k8s.io"));
	buf_release(&g);
	return s;
}

/* "group|Kind|ns|name": an object's identity whatever its version */
static void item_key(struct buf *k, const char *api_version, const char *kind,
		     const char *ns, const char *name)
{
	struct buf g = BUF_INIT;

	kube_api_version_group(&g, api_version);
	buf_reset(k);
	buf_addf(k, "%s|%s|%s|%s", g.ptr, kind, ns ? ns : "", name);
	buf_release(&g);
}

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static const char *md_str(const json_t *o, const char *k)
{
	return jstr(json_object_get(o, "metadata"), k);
}

/*
 * obj with the inventory labels (and the namespace, when ns is given),
 * as a new object sharing all it does not change with obj: only the
 * object, its metadata and its labels are copied (shallowly), so that
 * the caller's objects stay as they were without copying a 1 MB CRD.
 */
static json_t *labelled(const json_t *obj, const char *inventory, const char *ns)
{
	json_t *out = json_copy((json_t *)obj), *md, *labels;

	md = json_object_get(out, "metadata");
	md = json_is_object(md) ? json_copy(md) : json_object();
	json_object_set_new(out, "metadata", md);
	labels = json_object_get(md, "labels");
	labels = json_is_object(labels) ? json_copy(labels) : json_object();
	json_object_set_new(md, "labels", labels);
	json_object_set_new(labels, KUBE_LABEL_MANAGED, json_string("argolab"));
	json_object_set_new(labels, KUBE_LABEL_INVENTORY, json_string(inventory));
	if (ns)
		json_object_set_new(md, "namespace", json_string(ns));
	return out;
}

/* the CRDs among objects, by "group/Kind" of what they define */
static void index_crds(const json_t *objects, struct strmap *out)
{
	struct buf k = BUF_INIT;
	size_t i;
	const json_t *o;

	json_array_foreach(objects, i, o) {
		const json_t *spec = json_object_get(o, "spec");

		if (strcmp(jstr(o, "kind") ?: "", "CustomResourceDefinition"))
			continue;
		buf_reset(&k);
		buf_addf(&k, "%s/%s", jstr(spec, "group") ?: "",
			 jstr(json_object_get(spec, "names"), "kind") ?: "");
		strmap_put(out, k.ptr, k.len, (void *)o);
	}
	buf_release(&k);
}

/* the CRD in the index that defines group/kind, or NULL */
static const json_t *crd_for(const struct strmap *crds, const char *group, const char *kind)
{
	struct buf k = BUF_INIT;
	const json_t *crd;

	buf_addf(&k, "%s/%s", group, kind);
	crd = strmap_get(crds, k.ptr, k.len);
	buf_release(&k);
	return crd;
}

static int cmp_stage(const void *a, const void *b)
{
	const struct kube_item *x = a, *y = b;

	if (x->stage != y->stage)
		return x->stage < y->stage ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order; /* stable */
}

static int make_items(struct kube_discovery *d, const json_t *objects,
		      const struct kube_apply_opts *o, const char *default_ns,
		      struct kube_apply_result *res)
{
	size_t i, n = json_array_size(objects);
	const json_t *obj;
	struct buf g = BUF_INIT;
	struct strmap crds = STRMAP_INIT;
	int err = 0;

	res->items = xcalloc(n ? n : 1, sizeof(*res->items));
	index_crds(objects, &crds);
	json_array_foreach(objects, i, obj) {
		const char *av = jstr(obj, "apiVersion"), *kind = jstr(obj, "kind");
		const char *name = md_str(obj, "name"), *ns = md_str(obj, "namespace");
		const struct kube_resource *r;
		struct kube_item *it = &res->items[res->n];
		int custom = 0, namespaced;

		if (!av || !kind || !name) {
			err = err_set(ERR_INVALID, "object %zu has no apiVersion, kind or metadata.name", i + 1);
			break;
		}
		kube_api_version_group(&g, av);
		r = kube_discovery_find(d, av, kind);
		if (r) {
			namespaced = r->namespaced;
			custom = crd_for(&crds, g.ptr, kind) != NULL;
		} else {
			const json_t *crd = crd_for(&crds, g.ptr, kind);

			if (!crd) {
				err = err_set(ERR_NOTFOUND,
					      "%s '%s': the cluster does not serve kind %s of %s, and no CustomResourceDefinition here defines it",
					      kind, name, kind, av);
				break;
			}
			custom = 1;
			namespaced = !strcmp(jstr(json_object_get(crd, "spec"), "scope") ?: "", "Namespaced");
		}
		item_init(it, av, kind, namespaced ? (ns && *ns ? ns : default_ns) : NULL, name);
		it->obj = labelled(obj, o->inventory,
				   namespaced && (!ns || !*ns) ? it->ns : NULL);
		it->stage = kube_stage_of(g.ptr, kind, custom);
		it->order = i;
		res->n++;
	}
	buf_release(&g);
	strmap_release(&crds);
	if (err < 0)
		return err;
	qsort(res->items, res->n, sizeof(*res->items), cmp_stage);
	return 0;
}

/* ------------------------------------------------------------------ */
/* the inventory record                                                */

struct record {
	int found;
	char *rv;
	struct buf text;   /* the objects, one "apiVersion kind ns name" per line */
	char *profile;
};

static void record_path(struct buf *p, const char *name)
{
	buf_reset(p);
	buf_adds(p, "/api/v1/namespaces/" KUBE_INVENTORY_NS "/configmaps/" RECORD_PREFIX);
	kube_path_escape(p, name);
}

static int record_read(struct kube_client *c, const char *name, struct record *rec)
{
	struct kube_req r;
	json_t *cm;
	int err = 0;

	memset(rec, 0, sizeof(*rec));
	buf_init(&rec->text, 0);
	kube_req_init(&r, "GET");
	record_path(&r.path, name);
	err = kube_do(c, &r);
	if (!err && r.status == 404)
		goto done;
	if (!err)
		err = kube_req_error(&r, "read the inventory record");
	if (err < 0)
		goto done;
	cm = doc_json_load(r.resp.ptr, r.resp.len, 0, NULL);
	rec->found = 1;
	rec->rv = xstrdup(md_str(cm, "resourceVersion") ?: "");
	buf_adds(&rec->text, jstr(json_object_get(cm, "data"), "objects") ?: "");
	rec->profile = jstr(json_object_get(cm, "data"), "profile")
			       ? xstrdup(jstr(json_object_get(cm, "data"), "profile"))
			       : NULL;
	json_decref(cm);
done:
	kube_req_release(&r);
	return err;
}

static int is_record(const struct kube_resource *r, const char *ns, const char *name,
		     const char *inventory)
{
	size_t n = strlen(RECORD_PREFIX);

	return !*r->group && !strcmp(r->kind, "ConfigMap") && ns &&
	       !strcmp(ns, KUBE_INVENTORY_NS) && !strncmp(name, RECORD_PREFIX, n) &&
	       !strcmp(name + n, inventory);
}

static void record_release(struct record *rec)
{
	free(rec->rv);
	free(rec->profile);
	buf_release(&rec->text);
}

static int record_write(struct kube_client *c, const char *name, const char *profile,
			const char *text)
{
	struct kube_req r;
	json_t *cm;
	int err;

	cm = json_pack("{s:s, s:s, s:{s:s+, s:s, s:{s:s, s:s}}, s:{s:s}}",
		       "apiVersion", "v1", "kind", "ConfigMap", "metadata", "name",
		       RECORD_PREFIX, name, "namespace", KUBE_INVENTORY_NS, "labels",
		       KUBE_LABEL_MANAGED, "argolab", KUBE_LABEL_INVENTORY, name,
		       "data", "objects", text);
	if (profile)
		json_object_set_new(json_object_get(cm, "data"), "profile", json_string(profile));
	kube_req_init(&r, "PATCH");
	record_path(&r.path, name);
	buf_adds(&r.path, "?fieldManager=" KUBE_FIELD_MANAGER "&force=true");
	kube_req_set_json(&r, APPLY_CT, cm);
	json_decref(cm);
	err = kube_do(c, &r);
	if (!err)
		err = kube_req_error(&r, "write the inventory record");
	kube_req_release(&r);
	return err;
}

static int record_delete(struct kube_client *c, const char *name)
{
	struct kube_req r;
	int err;

	kube_req_init(&r, "DELETE");
	record_path(&r.path, name);
	err = kube_do(c, &r);
	if (!err && r.status != 404)
		err = kube_req_error(&r, "delete the inventory record");
	kube_req_release(&r);
	return err;
}

static void record_line(struct buf *out, const struct kube_item *it)
{
	buf_addf(out, "%s %s %s %s\n", it->api_version, it->kind, it->ns ? it->ns : "-",
		 it->name);
}

/* parse the record's lines ("apiVersion kind ns name") into items, appended */
static int record_items(const char *text, struct kube_item **items, size_t *n)
{
	const char *p = text;
	size_t alloc = *n;

	while (*p) {
		const char *eol = strchr(p, '\n'), *f[4], *q;
		size_t len = eol ? (size_t)(eol - p) : strlen(p), flen[4];
		int nf = 0;

		for (q = p; q < p + len && nf < 5;) {
			const char *sp = memchr(q, ' ', (size_t)(p + len - q));
			const char *end = sp ? sp : p + len;

			if (nf < 4) {
				f[nf] = q;
				flen[nf] = (size_t)(end - q);
			}
			nf++;
			q = sp ? sp + 1 : p + len;
		}
		if (len && (nf != 4 || !flen[0] || !flen[1] || !flen[2] || !flen[3]))
			return err_set(ERR_INVALID, "the inventory record is damaged: line '%.*s'",
				       (int)(len > 80 ? 80 : len), p);
		if (len) {
			char *av = xstrndup(f[0], flen[0]), *kind = xstrndup(f[1], flen[1]);
			char *ns = xstrndup(f[2], flen[2]), *name = xstrndup(f[3], flen[3]);

			if (*n == alloc) {
				alloc = alloc ? alloc * 2 : 32;
				*items = xreallocarray(*items, alloc, sizeof(**items));
			}
			item_init(&(*items)[*n], av, kind, strcmp(ns, "-") ? ns : NULL, name);
			(*items)[*n].stage = stage_guess(av, kind);
			(*n)++;
			free(av);
			free(kind);
			free(ns);
			free(name);
		}
		p += len + (eol ? 1 : 0);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* the state before: one LIST per kind, by the inventory label          */

struct prior {
	struct strmap rv;     /* item key -> char * rv */
	struct kube_item *found; /* labelled objects seen, for the prune */
	size_t nfound;
};

static void prior_release(struct prior *p)
{
	struct strmap_entry *e;

	strmap_foreach(&p->rv, e)
		free(e->value);
	strmap_release(&p->rv);
	items_free(p->found, p->nfound);
}

static int list_prior(struct kube_client *c, struct kube_discovery *d,
		      const char *inventory, const struct kube_item *items, size_t n,
		      const struct kube_item *old, size_t nold, struct prior *out)
{
	const struct kube_resource **kinds = NULL;
	struct kube_req *reqs = NULL;
	size_t nk = 0, i, j, alloc = 0, falloc = 0;
	struct buf k = BUF_INIT, g = BUF_INIT;
	int err = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n + nold; i++) {
		const struct kube_item *it = i < n ? &items[i] : &old[i - n];
		const struct kube_resource *r;

		kube_api_version_group(&g, it->api_version);
		r = kube_discovery_find_gk(d, g.ptr, it->kind);
		if (!r)
			continue;
		for (j = 0; j < nk && kinds[j] != r; j++)
			;
		if (j < nk)
			continue;
		if (nk == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			kinds = xreallocarray(kinds, alloc, sizeof(*kinds));
		}
		kinds[nk++] = r;
	}
	reqs = xcalloc(nk ? nk : 1, sizeof(*reqs));
	for (i = 0; i < nk; i++) {
		kube_req_init(&reqs[i], "GET");
		kube_resource_path(&reqs[i].path, kinds[i], NULL, NULL);
		buf_adds(&reqs[i].path, "?labelSelector=" KUBE_LABEL_INVENTORY "%3D");
		kube_path_escape(&reqs[i].path, inventory);
		kube_client_submit(c, &reqs[i]);
	}
	kube_client_run(c, -1, NULL, NULL);
	for (i = 0; i < nk; i++) {
		json_t *list, *obj;
		struct buf av = BUF_INIT;

		if (!err && (err = kube_req_error(&reqs[i], "list")) < 0)
			err_prefix("%s: ", kinds[i]->plural);
		if (err < 0)
			continue;
		if (*kinds[i]->group)
			buf_addf(&av, "%s/%s", kinds[i]->group, kinds[i]->version);
		else
			buf_adds(&av, kinds[i]->version);
		list = doc_json_load(reqs[i].resp.ptr, reqs[i].resp.len, 0, NULL);
		json_array_foreach(json_object_get(list, "items"), j, obj) {
			const char *ns = md_str(obj, "namespace"), *name = md_str(obj, "name");
			const char *rv = md_str(obj, "resourceVersion");

			if (!name)
				continue;
			if (is_record(kinds[i], ns, name, inventory))
				continue; /* the record is not one of the objects */
			item_key(&k, av.ptr, kinds[i]->kind, ns, name);
			free(strmap_put(&out->rv, k.ptr, k.len, xstrdup(rv ? rv : "")));
			if (out->nfound == falloc) {
				falloc = falloc ? falloc * 2 : 32;
				out->found = xreallocarray(out->found, falloc, sizeof(*out->found));
			}
			item_init(&out->found[out->nfound], av.ptr, kinds[i]->kind, ns, name);
			out->found[out->nfound].stage = stage_guess(av.ptr, kinds[i]->kind);
			out->nfound++;
		}
		json_decref(list);
		buf_release(&av);
	}
	for (i = 0; i < nk; i++)
		kube_req_release(&reqs[i]);
	free(reqs);
	free(kinds);
	buf_release(&k);
	buf_release(&g);
	return err;
}

/* ------------------------------------------------------------------ */
/* applying                                                            */

/* the field-by-field message of a 409 from server-side apply */
static void conflict_message(const struct kube_item *it, const struct buf *body,
			     struct buf *out)
{
	json_t *st = doc_json_load(body->ptr, body->len, 0, NULL);
	json_t *causes = json_object_get(json_object_get(st, "details"), "causes");
	const json_t *cause;
	struct buf label = BUF_INIT;
	size_t i;

	kube_item_label(it, &label);
	buf_reset(out);
	buf_addf(out, "%s: fields owned by another field manager:", label.ptr);
	json_array_foreach(causes, i, cause) {
		buf_addf(out, "\n  %s: %s", jstr(cause, "field") ?: "?",
			 jstr(cause, "message") ?: "conflict");
	}
	if (!json_array_size(causes)) {
		struct buf m = BUF_INIT;

		kube_status_message(body, &m);
		buf_addf(out, " %s", m.ptr);
		buf_release(&m);
	}
	buf_adds(out, "\n  (run again with --force-conflicts to take them over)");
	buf_release(&label);
	json_decref(st);
}

struct run {
	const struct kube_apply_opts *o;
	struct kube_apply_result *res;
	struct prior *prior;
};

static void apply_done(struct kube_req *r, void *ctx)
{
	struct kube_item *it = (struct kube_item *)((char *)r - offsetof(struct kube_item, req));
	struct run *run = ctx;
	struct buf k = BUF_INIT, label = BUF_INIT;
	const char *before;

	item_key(&k, it->api_version, it->kind, it->ns, it->name);
	before = strmap_get(&run->prior->rv, k.ptr, k.len);
	if (before) {
		free(it->rv_before);
		it->rv_before = xstrdup(before);
	}
	if (!r->err && (r->status == 200 || r->status == 201)) {
		/* what up reads of the answer: the resourceVersion, a CRD's
		 * conditions; diff (a dry run) shows the whole object */
		static const char *const keep[] = { "apiVersion", "kind", "metadata", "status", NULL };

		it->result = run->o->dry_run ? doc_json_load(r->resp.ptr, r->resp.len, 0, NULL)
					     : doc_json_load_keys(r->resp.ptr, r->resp.len, keep, NULL);
		free(it->rv_after);
		it->rv_after = xstrdup(md_str(it->result, "resourceVersion") ?: "");
		if (r->status == 201)
			it->action = KUBE_CREATED;
		else if (!run->o->dry_run && before && !strcmp(before, it->rv_after))
			it->action = KUBE_UNCHANGED;
		else
			it->action = KUBE_CONFIGURED;
	} else if (!r->err && r->status == 409) {
		it->action = KUBE_FAILED;
		conflict_message(it, &r->resp, &it->msg);
	} else {
		kube_item_label(it, &label);
		it->action = KUBE_FAILED;
		kube_req_error(r, label.ptr);
		buf_reset(&it->msg);
		buf_adds(&it->msg, err_last());
		err_clear();
	}
	run->res->counts[it->action]++;
	if (run->o->on_item)
		run->o->on_item(run->o->ctx, it);
	buf_release(&k);
	buf_release(&label);
}

static int submit_apply(struct kube_client *c, struct kube_discovery *d,
			struct kube_item *it, struct run *run)
{
	const struct kube_resource *r = kube_discovery_find(d, it->api_version, it->kind);

	if (!r) {
		it->action = KUBE_FAILED;
		buf_reset(&it->msg);
		buf_addf(&it->msg, "%s '%s': the cluster does not serve kind %s of %s",
			 it->kind, it->name, it->kind, it->api_version);
		run->res->counts[KUBE_FAILED]++;
		return -1;
	}
	kube_req_reset(&it->req, "PATCH");
	kube_resource_path(&it->req.path, r, it->ns, it->name);
	buf_adds(&it->req.path, "?fieldManager=" KUBE_FIELD_MANAGER);
	if (run->o->force_conflicts)
		buf_adds(&it->req.path, "&force=true");
	if (run->o->dry_run)
		buf_adds(&it->req.path, "&dryRun=All");
	kube_req_set_json(&it->req, APPLY_CT, it->obj);
	/* only the metadata back (a CRD's answer is 1 MB otherwise); a server
	 * without the transformation answers with the object */
	if (!run->o->dry_run)
		it->req.accept = KUBE_ACCEPT_METADATA;
	it->req.on_done = apply_done;
	it->req.ctx = run;
	kube_client_submit(c, &it->req);
	return 0;
}

/* ------------------------------------------------------------------ */
/* waiting for CRDs                                                    */

struct crd_wait {
	struct kube_watchset ws;
	struct kube_item *items;
	size_t n;
	int all;
};

static void crd_change(void *ctx, struct kube_informer *inf, const char *type,
		       const json_t *obj)
{
	struct crd_wait *w = ctx;
	struct kube_health h = KUBE_HEALTH_INIT;
	struct kube_health_view v;
	size_t i;

	(void)type;
	(void)obj;
	kube_watchset_view(&w->ws, &v);
	w->all = 1;
	for (i = 0; i < w->n && w->all; i++) {
		if (w->items[i].stage != KUBE_STAGE_CRDS || w->items[i].action == KUBE_FAILED)
			continue;
		kube_health_eval(kube_informer_get(inf, NULL, w->items[i].name), &v, &h);
		if (h.state != KUBE_HEALTH_READY)
			w->all = 0;
	}
	kube_health_release(&h);
}

static int crd_all(void *ctx)
{
	return ((struct crd_wait *)ctx)->all;
}

/* every CR kind of items known to discovery (reloading it, unless it
 * was just loaded: fresh) */
static int kinds_known(struct kube_client *c, struct kube_discovery *d,
		       struct kube_item *items, size_t n, long timeout_ms, int fresh)
{
	uint64_t end = clock_mono_ns() + (uint64_t)timeout_ms * 1000000ULL;
	size_t i;
	int err;

	for (;; fresh = 0) {
		int missing = 0;

		err = fresh ? 0 : kube_discovery_load(d, c);
		if (err < 0)
			return err;
		for (i = 0; i < n; i++)
			if (items[i].stage == KUBE_STAGE_CUSTOM &&
			    !kube_discovery_find(d, items[i].api_version, items[i].kind))
				missing = 1;
		if (!missing)
			return 0;
		if (clock_mono_ns() >= end)
			return 0; /* the applies will say which kind is missing */
		sleep_ms(200);
	}
}

/*
 * Whether discovery (just loaded) serves every served version of every
 * CRD applied: kube-apiserver's discovery lists a CRD's versions only
 * once it is Established (apiextensions' DiscoveryController), so this
 * answers without the CRDs' status, which the applies' metadata-only
 * answers do not carry.
 */
static int crds_served(const struct kube_discovery *d, const struct kube_apply_result *res)
{
	struct buf gv = BUF_INIT;
	size_t i, j;
	int all = 1;

	for (i = 0; i < res->n && all; i++) {
		const struct kube_item *it = &res->items[i];
		const json_t *spec = json_object_get(it->obj, "spec"), *v;
		const char *group = jstr(spec, "group");
		const char *kind = jstr(json_object_get(spec, "names"), "kind");

		if (it->stage != KUBE_STAGE_CRDS || it->action == KUBE_FAILED)
			continue;
		if (!group || !kind) {
			all = 0;
			break;
		}
		json_array_foreach(json_object_get(spec, "versions"), j, v) {
			if (!json_is_true(json_object_get(v, "served")) || !jstr(v, "name"))
				continue;
			buf_reset(&gv);
			buf_addf(&gv, "%s/%s", group, jstr(v, "name"));
			if (!kube_discovery_find(d, gv.ptr, kind)) {
				all = 0;
				break;
			}
		}
	}
	buf_release(&gv);
	return all;
}

/* whether every CRD applied answered with Established=True already */
static int all_established(const struct kube_apply_result *res)
{
	struct kube_health h = KUBE_HEALTH_INIT;
	size_t i;
	int all = 1;

	for (i = 0; i < res->n && all; i++) {
		if (res->items[i].stage != KUBE_STAGE_CRDS || res->items[i].action == KUBE_FAILED)
			continue;
		if (strcmp(jstr(res->items[i].result, "kind") ?: "", "CustomResourceDefinition")) {
			all = 0; /* a metadata-only answer: no status to tell */
			break;
		}
		kube_health_eval(res->items[i].result, NULL, &h);
		all = h.state == KUBE_HEALTH_READY;
	}
	kube_health_release(&h);
	return all;
}

static int wait_crds(struct kube_client *c, struct kube_discovery *d,
		     struct kube_apply_result *res, const struct kube_apply_opts *o)
{
	const struct kube_resource *r =
		kube_discovery_find(d, "apiextensions.k8s.io/v1", "CustomResourceDefinition");
	struct crd_wait w;
	struct buf sel = BUF_INIT;
	long timeout = o->crd_timeout_ms > 0 ? o->crd_timeout_ms : DEF_CRD_TIMEOUT_MS;
	size_t i;
	int err = 0;

	if (!r)
		return err_set(ERR_NOTFOUND, "the cluster does not serve CustomResourceDefinitions");
	if (all_established(res)) {
		/* the applies' answers say so already: no watch needed */
		return kinds_known(c, d, res->items, res->n, timeout, 0);
	}
	if (kube_discovery_load(d, c) == 0 && crds_served(d, res))
		return kinds_known(c, d, res->items, res->n, timeout, 1);
	err_clear();
	memset(&w, 0, sizeof(w));
	w.items = res->items;
	w.n = res->n;
	kube_watchset_init(&w.ws, c, crd_change, &w);
	buf_addf(&sel, KUBE_LABEL_INVENTORY "=%s", o->inventory);
	kube_watchset_add(&w.ws, r, NULL, sel.ptr);
	err = kube_client_run(c, timeout, crd_all, &w);
	if (err == ERR_TIMEOUT) {
		struct kube_informer *inf = w.ws.inf[0];

		buf_reset(&sel);
		for (i = 0; i < res->n; i++) {
			struct kube_health h = KUBE_HEALTH_INIT;
			struct kube_health_view v;

			if (res->items[i].stage != KUBE_STAGE_CRDS)
				continue;
			kube_watchset_view(&w.ws, &v);
			kube_health_eval(kube_informer_get(inf, NULL, res->items[i].name), &v, &h);
			if (h.state != KUBE_HEALTH_READY)
				buf_addf(&sel, "\n  %s: %s", res->items[i].name, h.reason.ptr);
			kube_health_release(&h);
		}
		err = err_set(ERR_TIMEOUT, "CustomResourceDefinitions not Established after %ld s:%s",
			      timeout / 1000, sel.ptr);
	}
	kube_watchset_release(&w.ws);
	buf_release(&sel);
	if (!err)
		err = kinds_known(c, d, res->items, res->n, timeout, 0);
	return err;
}

/* ------------------------------------------------------------------ */
/* deleting                                                            */

static void delete_done(struct kube_req *r, void *ctx)
{
	struct kube_item *it = (struct kube_item *)((char *)r - offsetof(struct kube_item, req));
	const struct kube_apply_opts *o = ctx;
	struct buf label = BUF_INIT;

	if (!r->err && (r->status == 200 || r->status == 202 || r->status == 404)) {
		it->action = o->dry_run ? KUBE_PRUNED : it->action;
	} else {
		kube_item_label(it, &label);
		kube_req_error(r, label.ptr);
		buf_reset(&it->msg);
		buf_adds(&it->msg, err_last());
		err_clear();
		it->action = KUBE_FAILED;
	}
	if (o->on_item)
		o->on_item(o->ctx, it);
	buf_release(&label);
}

/* delete items (in reverse stage order, each stage in parallel), marking them done */
static int delete_items(struct kube_client *c, struct kube_discovery *d,
			struct kube_item *items, size_t n, enum kube_action done,
			const struct kube_apply_opts *o)
{
	int s, err = 0;
	size_t i;
	struct kube_apply_opts oo = *o;

	for (s = KUBE_STAGE_COUNT - 1; s >= 0; s--) {
		size_t in_stage = 0;

		for (i = 0; i < n; i++) {
			struct kube_item *it = &items[i];
			struct buf g = BUF_INIT;
			const struct kube_resource *r;

			if ((int)it->stage != s)
				continue;
			kube_api_version_group(&g, it->api_version);
			r = kube_discovery_find_gk(d, g.ptr, it->kind);
			buf_release(&g);
			it->action = done;
			if (!r)
				continue; /* the kind is gone: so are its objects */
			kube_req_reset(&it->req, "DELETE");
			kube_resource_path(&it->req.path, r, it->ns, it->name);
			buf_adds(&it->req.path, "?propagationPolicy=Background");
			if (o->dry_run) {
				/* a dry run only says what would go */
				if (o->on_item)
					o->on_item(o->ctx, it);
				continue;
			}
			it->req.on_done = delete_done;
			it->req.ctx = &oo;
			kube_client_submit(c, &it->req);
			in_stage++;
		}
		if (in_stage)
			kube_client_run(c, -1, NULL, NULL);
	}
	for (i = 0; i < n; i++) {
		if (items[i].action == KUBE_FAILED && !err)
			err = err_set(ERR_HTTP, "%s", items[i].msg.ptr);
	}
	return err;
}

/* ------------------------------------------------------------------ */
/* kube_apply                                                          */

static int is_new(struct strmap *new_keys, const struct kube_item *it)
{
	struct buf k = BUF_INIT;
	int found;

	item_key(&k, it->api_version, it->kind, it->ns, it->name);
	found = strmap_get(new_keys, k.ptr, k.len) != NULL;
	buf_release(&k);
	return found;
}

/* the prune set: what the record or the label says is ours, minus the new set */
static void prune_set(struct strmap *new_keys,
		      struct kube_item *old, size_t nold, struct prior *prior,
		      struct kube_apply_result *res)
{
	struct strmap seen = STRMAP_INIT;
	struct buf k = BUF_INIT;
	size_t i, alloc = 0;

	for (i = 0; i < nold + prior->nfound; i++) {
		struct kube_item *it = i < nold ? &old[i] : &prior->found[i - nold];
		struct kube_item *p;

		if (is_new(new_keys, it))
			continue;
		item_key(&k, it->api_version, it->kind, it->ns, it->name);
		if (strmap_get(&seen, k.ptr, k.len))
			continue;
		strmap_put(&seen, k.ptr, k.len, (void *)1);
		if (res->npruned == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			res->pruned = xreallocarray(res->pruned, alloc, sizeof(*res->pruned));
		}
		p = &res->pruned[res->npruned++];
		item_init(p, it->api_version, it->kind, it->ns, it->name);
		p->stage = stage_guess(it->api_version, it->kind);
	}
	strmap_release(&seen);
	buf_release(&k);
}

int kube_apply(struct kube_client *c, struct kube_discovery *d,
	       json_t *objects, const struct kube_apply_opts *o,
	       struct kube_apply_result *res)
{
	const char *default_ns = kube_client_config(c)->namespace ?: "default";
	struct record rec;
	struct prior prior;
	struct kube_item *old = NULL;
	size_t nold = 0, i;
	struct strmap new_keys = STRMAP_INIT;
	struct buf text = BUF_INIT, k = BUF_INIT;
	struct run run;
	int s, err, first_err = 0;
	uint64_t t0;

	memset(res, 0, sizeof(*res));
	memset(&prior, 0, sizeof(prior));
	memset(&rec, 0, sizeof(rec));
	buf_init(&rec.text, 0);
	err = make_items(d, objects, o, default_ns, res);
	if (err < 0)
		goto done;
	for (i = 0; i < res->n; i++) {
		item_key(&k, res->items[i].api_version, res->items[i].kind,
			 res->items[i].ns, res->items[i].name);
		strmap_put(&new_keys, k.ptr, k.len, (void *)1);
	}
	record_release(&rec);
	err = record_read(c, o->inventory, &rec);
	if (!err)
		err = record_items(rec.text.ptr, &old, &nold);
	if (!err)
		err = list_prior(c, d, o->inventory, res->items, res->n, old, nold, &prior);
	if (err < 0)
		goto done;
	prune_set(&new_keys, old, nold, &prior, res);

	/* widen the record: everything that may exist once we are done */
	for (i = 0; i < res->n; i++)
		record_line(&text, &res->items[i]);
	for (i = 0; i < res->npruned; i++)
		record_line(&text, &res->pruned[i]);
	if (!o->dry_run && (!rec.found || strcmp(text.ptr, rec.text.ptr))) {
		err = record_write(c, o->inventory, o->profile, text.ptr);
		if (err < 0)
			goto done;
		/* what the record holds now */
		rec.found = 1;
		buf_reset(&rec.text);
		buf_add(&rec.text, text.ptr, text.len);
		free(rec.profile);
		rec.profile = o->profile ? xstrdup(o->profile) : NULL;
	}

	run.o = o;
	run.res = res;
	run.prior = &prior;
	for (s = 0; s < KUBE_STAGE_COUNT; s++) {
		size_t n = 0;

		for (i = 0; i < res->n; i++)
			n += res->items[i].stage == (enum kube_stage)s;
		if (!n)
			continue;
		t0 = clock_mono_ns();
		if (o->on_stage)
			o->on_stage(o->ctx, (enum kube_stage)s, 1, n);
		for (i = 0; i < res->n; i++) {
			if (res->items[i].stage != (enum kube_stage)s)
				continue;
			submit_apply(c, d, &res->items[i], &run);
			kube_client_pump(c); /* on its way while the next is encoded */
		}
		kube_client_run(c, -1, NULL, NULL);
		/* the cluster cannot be reached (after the retries): stop here */
		for (i = 0; i < res->n; i++) {
			struct kube_item *it = &res->items[i];

			if (it->stage == (enum kube_stage)s && it->action == KUBE_FAILED &&
			    it->req.err) {
				err = err_set(it->req.err, "%s", it->msg.ptr);
				res->stage_ms[s] = (long)((clock_mono_ns() - t0) / 1000000ULL);
				goto done;
			}
		}
		if (s == KUBE_STAGE_CRDS && !o->dry_run) {
			err = wait_crds(c, d, res, o);
			if (err < 0) {
				res->stage_ms[s] = (long)((clock_mono_ns() - t0) / 1000000ULL);
				goto done;
			}
		}
		res->stage_ms[s] = (long)((clock_mono_ns() - t0) / 1000000ULL);
		if (o->on_stage)
			o->on_stage(o->ctx, (enum kube_stage)s, 0, n);
	}
	for (i = 0; i < res->n; i++) {
		if (res->items[i].action == KUBE_FAILED) {
			first_err = strstr(res->items[i].msg.ptr, "field manager")
					    ? ERR_CONFLICT
					    : ERR_HTTP;
			err_set(first_err, "%s", res->items[i].msg.ptr);
			break;
		}
	}
	if (first_err) {
		err = first_err;
		goto done;
	}

	/* prune, then narrow the record to the new set */
	if (!o->no_prune && res->npruned) {
		t0 = clock_mono_ns();
		err = delete_items(c, d, res->pruned, res->npruned, KUBE_PRUNED, o);
		res->prune_ms = (long)((clock_mono_ns() - t0) / 1000000ULL);
		for (i = 0; i < res->npruned; i++)
			if (res->pruned[i].action == KUBE_PRUNED)
				res->counts[KUBE_PRUNED]++;
		if (err < 0)
			goto done;
	}
	if (!o->dry_run && !o->no_prune) {
		buf_reset(&text);
		for (i = 0; i < res->n; i++)
			record_line(&text, &res->items[i]);
		if (strcmp(text.ptr, rec.text.ptr) || !rec.found ||
		    (o->profile && (!rec.profile || strcmp(o->profile, rec.profile))))
			err = record_write(c, o->inventory, o->profile, text.ptr);
	}
done:
	record_release(&rec);
	prior_release(&prior);
	items_free(old, nold);
	strmap_release(&new_keys);
	buf_release(&text);
	buf_release(&k);
	return err;
}

/* ------------------------------------------------------------------ */
/* the inventory on its own: status and down                           */

int kube_inventory_items(struct kube_client *c, struct kube_discovery *d,
			 const char *name, struct kube_apply_result *res, int *found)
{
	(void)d;
	struct record rec;
	int err;

	memset(res, 0, sizeof(*res));
	*found = 0;
	err = record_read(c, name, &rec);
	if (!err && rec.found) {
		*found = 1;
		err = record_items(rec.text.ptr, &res->items, &res->n);
	}
	record_release(&rec);
	return err;
}

struct gone_wait {
	struct kube_watchset ws;
	struct kube_apply_result *res;
	int all_gone;
};

static int item_present(const struct kube_watchset *ws, const struct kube_item *it)
{
	struct kube_informer *inf = kube_watchset_find_selected(ws, it->api_version, it->kind);

	return inf && (!inf->synced || kube_informer_get(inf, it->ns, it->name));
}

static void gone_change(void *ctx, struct kube_informer *inf, const char *type,
			const json_t *obj)
{
	struct gone_wait *w = ctx;
	size_t i;

	(void)inf;
	(void)type;
	(void)obj;
	w->all_gone = 1;
	for (i = 0; i < w->res->n && w->all_gone; i++)
		if (item_present(&w->ws, &w->res->items[i]))
			w->all_gone = 0;
}

static int gone_all(void *ctx)
{
	return ((struct gone_wait *)ctx)->all_gone;
}

/* why an object that should be gone is still there */
static void explain_stuck(const struct kube_item *it, const json_t *obj, struct buf *out)
{
	const json_t *md = json_object_get(obj, "metadata"), *f, *cond;
	struct buf label = BUF_INIT;
	size_t i;

	kube_item_label(it, &label);
	buf_addf(out, "\n  %s:", label.ptr);
	if (json_object_get(md, "deletionTimestamp"))
		buf_addf(out, " being deleted since %s", jstr(md, "deletionTimestamp"));
	else
		buf_adds(out, " not deleted yet");
	if (json_array_size(json_object_get(md, "finalizers"))) {
		buf_adds(out, "; waiting for finalizers");
		json_array_foreach(json_object_get(md, "finalizers"), i, f)
			buf_addf(out, " %s", json_string_value(f) ?: "?");
		buf_adds(out, " (the controller that owns them must remove them)");
	}
	if (!strcmp(it->kind, "Namespace")) {
		const json_t *st = json_object_get(obj, "status");

		buf_addf(out, "; phase %s", jstr(st, "phase") ?: "?");
		json_array_foreach(json_object_get(st, "conditions"), i, cond) {
			if (strcmp(jstr(cond, "status") ?: "", "True"))
				continue;
			buf_addf(out, "\n    %s: %s", jstr(cond, "type") ?: "?",
				 jstr(cond, "message") ?: jstr(cond, "reason") ?: "");
		}
		json_array_foreach(json_object_get(json_object_get(obj, "spec"), "finalizers"), i, f)
			buf_addf(out, "\n    spec.finalizers: %s", json_string_value(f) ?: "?");
	}
	buf_release(&label);
}

int kube_delete(struct kube_client *c, struct kube_discovery *d,
		const char *name, long timeout_ms, const struct kube_apply_opts *o,
		struct kube_apply_result *res, int *found)
{
	struct gone_wait w;
	struct buf sel = BUF_INIT, why = BUF_INIT, g = BUF_INIT;
	size_t i;
	int err;

	err = kube_inventory_items(c, d, name, res, found);
	if (err < 0 || !*found)
		return err;
	err = delete_items(c, d, res->items, res->n, KUBE_DELETED, o);
	for (i = 0; i < res->n; i++)
		if (res->items[i].action == KUBE_DELETED)
			res->counts[KUBE_DELETED]++;
	if (err < 0 || o->dry_run)
		return err;

	/* wait, watching, until every object is gone */
	memset(&w, 0, sizeof(w));
	w.res = res;
	kube_watchset_init(&w.ws, c, gone_change, &w);
	buf_addf(&sel, KUBE_LABEL_INVENTORY "=%s", name);
	for (i = 0; i < res->n; i++) {
		const struct kube_resource *r;

		kube_api_version_group(&g, res->items[i].api_version);
		r = kube_discovery_find_gk(d, g.ptr, res->items[i].kind);
		if (r)
			kube_watchset_add(&w.ws, r, NULL, sel.ptr);
	}
	if (w.ws.n)
		err = kube_client_run(c, timeout_ms, gone_all, &w);
	if (err == ERR_TIMEOUT) {
		for (i = 0; i < res->n; i++) {
			const struct kube_item *it = &res->items[i];
			struct kube_informer *inf =
				kube_watchset_find_selected(&w.ws, it->api_version, it->kind);
			const json_t *obj = inf ? kube_informer_get(inf, it->ns, it->name) : NULL;

			if (obj)
				explain_stuck(it, obj, &why);
		}
		err = err_set(ERR_TIMEOUT, "objects still there after %ld s:%s",
			      timeout_ms / 1000, why.ptr);
	}
	kube_watchset_release(&w.ws);
	if (!err)
		err = record_delete(c, name);
	buf_release(&sel);
	buf_release(&why);
	buf_release(&g);
	return err;
}
