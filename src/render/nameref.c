/*
 * nameref: fixing references after names changed (kustomize's
 * FixBackReferences, run once at the end of the top-level build).
 *
 * When namePrefix, nameSuffix, a namespace or a hash suffix renamed an
 * object, every field that refers to it by its old name (a Deployment's
 * configMapKeyRef, a RoleBinding's roleRef and subjects, an Ingress
 * backend, ...) is rewritten to the new name, using kustomize's table of
 * such fields (fieldspec.h).  A reference matches an object that had the
 * referenced name before, has the referenced kind, and is visible from
 * the referrer's namespace; ties are broken by the prefixes and suffixes
 * both sides went through, as kustomize does.  Candidates are found
 * through an index of earlier names, so the pass stays linear in the
 * number of objects.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/strmap.h"
#include "../doc/resid.h"
#include "fieldspec.h"
#include "nameref.h"

struct cands {
	struct res **v;
	size_t n, alloc;
};

struct ctx {
	struct resmap *m;
	struct strmap by_prev_name; /* earlier name -> struct cands * */
	struct strmap by_orig_ns;   /* original namespace -> struct cands * */
	const struct nameref_rule *rule;
	struct res *referrer;
	int referrer_cluster;
	const char *referrer_ns;
	struct strmap sa_namespaces; /* for RoleBindings: subject namespaces */
	int is_roleref;
	const char *roleref_group, *roleref_kind;
};

/* resources are indexed one after the other: a repeat is always the last */
static void cands_add(struct cands *c, struct res *r)
{
	if (c->n && c->v[c->n - 1] == r)
		return;
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n++] = r;
}

static int cluster_scoped(const struct res *r)
{
	struct resid id;
	int cs;

	res_id(r, &id);
	cs = resid_is_cluster_scoped(id.group, id.version, id.kind);
	resid_release(&id);
	return cs;
}

static int same_ns(const char *a, const char *b)
{
	if (!*a)
		a = "default";
	if (!*b)
		b = "default";
	return !strcmp(a, b);
}

static int empty(const char *s)
{
	return !s || !*s;
}

/* some earlier id of c has the target's group/version/kind */
static int had_gvk(const struct res *c, const char *group, const char *version,
		   const char *kind)
{
	size_t i;

	for (i = 0; i < c->nprev; i++) {
		const struct resid *p = &c->prev[i];

		if ((empty(kind) || !strcmp(kind, p->kind)) &&
		    (empty(group) || !strcmp(group, p->group)) &&
		    (empty(version) || !strcmp(version, p->version)))
			return 1;
	}
	return 0;
}

/* may the referrer see candidate t at all (candidatesReferableBy) */
static int referable(const struct ctx *x, const struct res *t)
{
	if (x->referrer_cluster || cluster_scoped(t))
		return 1;
	if (same_ns(res_namespace(t), x->referrer_ns))
		return 1;
	return strmap_get(&x->sa_namespaces, res_namespace(t),
			  strlen(res_namespace(t))) != NULL;
}

static int same_affixes(const struct res *a, const struct res *b)
{
	size_t i;

	if (a->nprefixes != b->nprefixes || a->nsuffixes != b->nsuffixes)
		return 0;
	for (i = 0; i < a->nprefixes; i++)
		if (strcmp(a->prefixes[i], b->prefixes[i]))
			return 0;
	for (i = 0; i < a->nsuffixes; i++)
		if (strcmp(a->suffixes[i], b->suffixes[i]))
			return 0;
	return 1;
}

static const char *orig_ns(const struct res *r)
{
	return r->nprev ? r->prev[0].ns : res_namespace(r);
}

/*
 * select: the object a reference by old_name means, NULL if none.
 * ns_filter: for references that carry a namespace ("subjects").
 */
static int select_target(struct ctx *x, const char *old_name,
			 const char *ns_filter, int map_form, struct res **out)
{
	struct cands *all = strmap_get(&x->by_prev_name, old_name, strlen(old_name));
	struct res **c = NULL;
	size_t n = 0, i, k;
	int err = 0;

	*out = NULL;
	if (!all)
		return 0;
	c = xcalloc(all->n, sizeof(*c));
	for (i = 0; i < all->n; i++) {
		struct res *t = all->v[i];

		if (!referable(x, t))
			continue;
		if (!had_gvk(t, x->rule->group, x->rule->version, x->rule->kind))
			continue;
		if (x->is_roleref && !had_gvk(t, x->roleref_group, NULL, x->roleref_kind))
			continue;
		c[n++] = t;
	}
	if (ns_filter) {
		/*
		 * by original namespace ("" counts as default) when any visible
		 * object started in that namespace, else by current namespace
		 */
		size_t m = 0;
		int by_orig = 0;

		const char *key = *ns_filter ? ns_filter : "default";
		struct cands *g = strmap_get(&x->by_orig_ns, key, strlen(key));

		for (i = 0; g && i < g->n && !by_orig; i++)
			by_orig = referable(x, g->v[i]);
		if (by_orig) {
			for (i = 0; i < n; i++)
				if (same_ns(orig_ns(c[i]), ns_filter))
					c[m++] = c[i];
		} else {
			for (i = 0; i < n; i++)
				if (!strcmp(res_namespace(c[i]), ns_filter))
					c[m++] = c[i];
		}
		n = m;
	}
	if (!x->referrer_cluster) {
		size_t m = 0;

		for (i = 0; i < n; i++)
			if (cluster_scoped(c[i]) || !strcmp(res_kind(c[i]), "ServiceAccount") ||
			    same_ns(res_namespace(c[i]), x->referrer_ns))
				c[m++] = c[i];
		n = m;
	}
	if (n > 1) {
		size_t m = 0;

		for (i = 0; i < n; i++)
			if (same_affixes(c[i], x->referrer))
				c[m++] = c[i];
		n = m;
	}
	if (n == 1) {
		*out = c[0];
	} else if (n > 1) {
		int identical = 1;

		for (k = 1; k < n; k++) {
			if (strcmp(res_name(c[k]), res_name(c[0])) ||
			    (map_form && strcmp(res_namespace(c[k]), res_namespace(c[0]))))
				identical = 0;
		}
		if (identical) {
			*out = c[0];
		} else {
			struct buf list = BUF_INIT, label = BUF_INIT;

			for (k = 0; k < n; k++) {
				res_label(c[k], &label);
				buf_addf(&list, "%s%s", k ? ", " : "", label.ptr);
				buf_reset(&label);
			}
			res_label(x->referrer, &label);
			err = err_set(ERR_CONFLICT,
				      "%s refers to '%s' in '%s', which could be any of: %s",
				      label.ptr, old_name, x->rule->referrer.path,
				      list.ptr);
			buf_release(&list);
			buf_release(&label);
		}
	}
	free(c);
	return err;
}

static int set_scalar(struct ctx *x, json_t *parent, const char *key,
		      size_t index, json_t *node)
{
	struct res *t;
	const char *old = json_string_value(node);
	int err;

	if (!old)
		return 0;
	err = select_target(x, old, NULL, 0, &t);
	if (err < 0 || !t || !strcmp(res_name(t), old))
		return err;
	if (key)
		json_object_set_new(parent, key, json_string(res_name(t)));
	else
		json_array_set_new(parent, index, json_string(res_name(t)));
	return 0;
}

static int set_mapping(struct ctx *x, json_t *node)
{
	struct res *t;
	json_t *name = json_object_get(node, "name");
	json_t *ns = json_object_get(node, "namespace");
	int err;

	if (!json_is_string(name))
		return name ? 0
			    : err_set(ERR_INVALID, "a reference in '%s' has no name",
				      x->rule->referrer.path);
	err = select_target(x, json_string_value(name),
			    json_is_string(ns) ? json_string_value(ns) : NULL, 1, &t);
	if (err < 0 || !t)
		return err;
	if (!strcmp(res_name(t), json_string_value(name)) && !*res_namespace(t))
		return 0;
	json_object_set_new(node, "name", json_string(res_name(t)));
	if (*res_namespace(t))
		json_object_set_new(node, "namespace", json_string(res_namespace(t)));
	return 0;
}

static int leaf(json_t *parent, const char *key, json_t *value, void *vctx)
{
	struct ctx *x = vctx;
	size_t i;
	json_t *e;
	int err = 0;

	if (!value || json_is_null(value))
		return 0;
	if (json_is_object(value))
		return set_mapping(x, value);
	if (json_is_array(value)) {
		json_array_foreach(value, i, e) {
			if (json_is_object(e))
				err = set_mapping(x, e);
			else if (json_is_string(e))
				err = set_scalar(x, value, NULL, i, e);
			if (err < 0)
				return err;
		}
		return 0;
	}
	return set_scalar(x, parent, key, 0, value);
}

static void index_add(struct strmap *map, const char *key, struct res *r)
{
	struct cands *c = strmap_get(map, key, strlen(key));

	if (!c) {
		c = xcalloc(1, sizeof(*c));
		strmap_put(map, key, strlen(key), c);
	}
	cands_add(c, r);
}

static void index_names(struct ctx *x)
{
	size_t i, j;

	for (i = 0; i < x->m->n; i++) {
		struct res *r = x->m->v[i];
		const char *ons = orig_ns(r);

		index_add(&x->by_orig_ns, *ons ? ons : "default", r);

		for (j = 0; j < r->nprev; j++)
			index_add(&x->by_prev_name, r->prev[j].name, r);
	}
}

static void referrer_setup(struct ctx *x, struct res *r)
{
	json_t *subjects, *s;
	size_t i;

	x->referrer = r;
	x->referrer_cluster = cluster_scoped(r);
	x->referrer_ns = res_namespace(r);
	strmap_release(&x->sa_namespaces);
	if (strcmp(res_kind(r), "RoleBinding"))
		return;
	subjects = json_object_get(r->obj, "subjects");
	json_array_foreach(subjects, i, s) {
		const char *kind = json_string_value(json_object_get(s, "kind"));
		const char *ns = json_string_value(json_object_get(s, "namespace"));

		if (kind && !strcmp(kind, "ServiceAccount") && ns && *ns)
			strmap_put(&x->sa_namespaces, ns, strlen(ns), (void *)ns);
	}
}

struct rules {
	const struct nameref_rule **v;
	size_t n, alloc;
};

int nameref_fix(struct resmap *m)
{
	struct ctx x;
	struct strmap by_kind = STRMAP_INIT;
	struct strmap_entry *e;
	size_t i;
	int err = 0;

	memset(&x, 0, sizeof(x));
	x.m = m;
	index_names(&x);
	if (!x.by_prev_name.used)
		goto done;
	/* the rules that can apply to each referrer kind, in table order */
	{
		const struct nameref_rule *rule;

		for (rule = fs_name_references; rule->referrer.path; rule++) {
			const char *k = rule->referrer.kind;
			struct rules *rl = strmap_get(&by_kind, k, strlen(k));

			if (!rl) {
				rl = xcalloc(1, sizeof(*rl));
				strmap_put(&by_kind, k, strlen(k), rl);
			}
			ALLOC_GROW(rl->v, rl->n + 1, rl->alloc);
			rl->v[rl->n++] = rule;
		}
	}
	for (i = 0; i < m->n && !err; i++) {
		struct res *r = m->v[i];
		struct resid orig;
		struct rules *rl;
		size_t ri;

		res_orig_id(r, &orig);
		rl = strmap_get(&by_kind, orig.kind, strlen(orig.kind));
		if (rl)
			referrer_setup(&x, r);
		for (ri = 0; rl && ri < rl->n && !err; ri++) {
			const struct nameref_rule *rule = rl->v[ri];

			if (!fs_gvk_match(&rule->referrer, &orig))
				continue;
			x.rule = rule;
			x.is_roleref = 0;
			{
				size_t pl = strlen(rule->referrer.path);

				if (pl >= 12 && !strcmp(rule->referrer.path + pl - 12,
							 "roleRef/name")) {
					json_t *rr = json_object_get(r->obj, "roleRef");
					const char *g = json_string_value(json_object_get(rr, "apiGroup"));
					const char *k = json_string_value(json_object_get(rr, "kind"));

					if (g && *g && k && *k) {
						x.is_roleref = 1;
						x.roleref_group = g;
						x.roleref_kind = k;
					}
				}
			}
			err = fs_apply(r->obj, &rule->referrer, FS_CREATE_NONE, leaf, &x);
		}
		resid_release(&orig);
	}
done:
	strmap_foreach(&x.by_prev_name, e) {
		struct cands *c = e->value;

		free(c->v);
		free(c);
	}
	strmap_foreach(&x.by_orig_ns, e) {
		struct cands *c = e->value;

		free(c->v);
		free(c);
	}
	strmap_foreach(&by_kind, e) {
		struct rules *rl = e->value;

		free(rl->v);
		free(rl);
	}
	strmap_release(&by_kind);
	strmap_release(&x.by_prev_name);
	strmap_release(&x.by_orig_ns);
	strmap_release(&x.sa_namespaces);
	return err;
}
