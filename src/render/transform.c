/*
 * transform: namespace, prefix/suffix, labels, annotations, images,
 * replicas.  See transform.h; the rules are those of kustomize v5.5.0,
 * checked against `kubectl kustomize` (see tests/render/cases).
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/strmap.h"
#include "../doc/resid.h"
#include "transform.h"

/* ------------------------------------------------------------------ */
/* shared setters                                                      */

static int wrong_kind(const char *want, const json_t *v)
{
	return err_set(ERR_INVALID, "expected %s, found %s", want,
		       fs_describe_kind(v));
}

struct scalar_set {
	const char *value;
};

/* set a string scalar (namespace) */
static int set_string_leaf(json_t *parent, const char *key, json_t *value,
			   void *ctx)
{
	struct scalar_set *s = ctx;

	if (value && (json_is_object(value) || json_is_array(value)))
		return wrong_kind("a string", value);
	json_object_set_new(parent, key, json_string(s->value));
	return 0;
}

/* ------------------------------------------------------------------ */
/* namespace                                                           */

static int set_subject_namespaces(json_t *obj, const char *ns)
{
	json_t *subjects = json_object_get(obj, "subjects");
	size_t i;
	json_t *s;

	if (!json_is_array(subjects))
		return 0;
	json_array_foreach(subjects, i, s) {
		const char *name;

		if (!json_is_object(s))
			return err_set(ERR_INVALID,
				       "subjects[%zu] must be a mapping, found %s", i,
				       fs_describe_kind(s));
		name = json_string_value(json_object_get(s, "name"));
		/* kustomize's default: only subjects named "default" follow */
		if (name && !strcmp(name, "default"))
			json_object_set_new(s, "namespace", json_string(ns));
	}
	return 0;
}

int tf_namespace(struct resmap *m, const char *ns)
{
	struct scalar_set set = { ns };
	size_t i;
	int err = 0;

	for (i = 0; i < m->n && !err; i++) {
		struct res *r = m->v[i];
		struct resid id;
		const struct fieldspec *fs;

		res_store_prev(r);
		res_id(r, &id);
		if (!resid_is_cluster_scoped(id.group, id.version, id.kind))
			res_set_namespace(r, ns);
		if (!strcmp(id.kind, "RoleBinding") ||
		    !strcmp(id.kind, "ClusterRoleBinding"))
			err = set_subject_namespaces(r->obj, ns);
		for (fs = fs_namespace; !err && fs->path; fs++) {
			/* only the core v1 Namespace is renamed */
			if (!strcmp(fs->path, "metadata/name") &&
			    (id.group[0] || strcmp(id.version, "v1")))
				continue;
			if (!fs_gvk_match(fs, &id))
				continue;
			err = fs_apply(r->obj, fs, FS_CREATE_SCALAR, set_string_leaf,
				       &set);
		}
		resid_release(&id);
	}
	if (err < 0)
		return err;
	/* renaming Namespaces or moving objects can make two ids collide */
	{
		struct strmap seen = STRMAP_INIT;

		for (i = 0; i < m->n && !err; i++) {
			struct resid id;
			struct buf key = BUF_INIT;

			res_id(m->v[i], &id);
			buf_addf(&key, "%s|%s|%s|%s|%s", id.group, id.version, id.kind,
				 resid_is_cluster_scoped(id.group, id.version, id.kind)
					 ? ""
					 : id.ns[0] ? id.ns : "default",
				 id.name);
			if (strmap_put(&seen, key.ptr, key.len, m->v[i])) {
				struct buf label = BUF_INIT;

				resid_format(&label, &id);
				err = err_set(ERR_CONFLICT,
					      "namespace '%s' makes two resources the same: %s",
					      ns, label.ptr);
				buf_release(&label);
			}
			buf_release(&key);
			resid_release(&id);
		}
		strmap_release(&seen);
	}
	return err;
}

/* ------------------------------------------------------------------ */
/* prefix and suffix                                                   */

static int skip_rename(const struct resid *id)
{
	return !strcmp(id->kind, "CustomResourceDefinition") ||
	       !strcmp(id->kind, "Namespace") ||
	       (!strcmp(id->kind, "APIService") &&
		!strcmp(id->group, "apiregistration.k8s.io"));
}

struct affix {
	const char *text;
	int suffix;
};

static int affix_leaf(json_t *parent, const char *key, json_t *value, void *ctx)
{
	struct affix *a = ctx;
	struct buf b = BUF_INIT;
	const char *old;

	if (value && !json_is_string(value) && !json_is_null(value))
		return wrong_kind("a string", value);
	old = json_string_value(value);
	if (!old)
		old = "";
	if (a->suffix)
		buf_addf(&b, "%s%s", old, a->text);
	else
		buf_addf(&b, "%s%s", a->text, old);
	json_object_set_new(parent, key, json_stringn(b.ptr, b.len));
	buf_release(&b);
	return 0;
}

static void push_str(char ***v, size_t *n, size_t *alloc, const char *s)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = xstrdup(s);
}

static int affix_all(struct resmap *m, const char *text, int suffix)
{
	static const struct fieldspec name_spec = { NULL, NULL, NULL,
						    "metadata/name", 0 };
	struct affix a = { text, suffix };
	size_t i;
	int err = 0;

	for (i = 0; i < m->n && !err; i++) {
		struct res *r = m->v[i];
		struct resid orig;

		res_orig_id(r, &orig);
		if (!skip_rename(&orig)) {
			if (suffix)
				push_str(&r->suffixes, &r->nsuffixes, &r->asuffixes,
					 text);
			else
				push_str(&r->prefixes, &r->nprefixes, &r->aprefixes,
					 text);
			res_store_prev(r);
			err = fs_apply(r->obj, &name_spec, FS_CREATE_SCALAR,
				       affix_leaf, &a);
		}
		resid_release(&orig);
	}
	return err;
}

int tf_prefix(struct resmap *m, const char *prefix)
{
	return affix_all(m, prefix, 0);
}

int tf_suffix(struct resmap *m, const char *suffix)
{
	return affix_all(m, suffix, 1);
}

/* ------------------------------------------------------------------ */
/* labels and annotations                                              */

static int map_leaf(json_t *parent, const char *key, json_t *value, void *ctx)
{
	const json_t *pairs = ctx;
	const char *k;
	json_t *v;

	(void)parent;
	(void)key;
	if (!value || json_is_null(value))
		return 0;
	if (!json_is_object(value))
		return wrong_kind("a mapping", value);
	json_object_foreach((json_t *)pairs, k, v) {
		const char *s = json_string_value(v);

		json_object_set_new(value, k, json_string(s ? s : ""));
	}
	return 0;
}

int tf_labels(struct resmap *m, const json_t *pairs,
	      const struct fieldspec *specs, size_t nspecs)
{
	size_t i, j;
	int err = 0;

	if (!pairs || !json_object_size(pairs))
		return 0;
	for (i = 0; i < m->n && !err; i++) {
		struct resid id;

		res_id(m->v[i], &id);
		for (j = 0; j < nspecs && !err; j++)
			if (fs_gvk_match(&specs[j], &id))
				err = fs_apply(m->v[i]->obj, &specs[j],
					       FS_CREATE_MAP, map_leaf,
					       (void *)pairs);
		resid_release(&id);
	}
	return err;
}

int tf_annotations(struct resmap *m, const json_t *pairs)
{
	size_t n = 0;

	while (fs_common_annotations[n].path)
		n++;
	return tf_labels(m, pairs, fs_common_annotations, n);
}

/* ------------------------------------------------------------------ */
/* field spec lists                                                    */

int fslist_merge_one(struct fslist *l, const struct fieldspec *fs)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct fieldspec *o = &l->v[i];
		int same = !strcmp(o->path, fs->path) &&
			   !strcmp(o->group ? o->group : "", fs->group ? fs->group : "") &&
			   !strcmp(o->version ? o->version : "", fs->version ? fs->version : "") &&
			   !strcmp(o->kind ? o->kind : "", fs->kind ? fs->kind : "");

		if (!same)
			continue;
		if (!o->create != !fs->create)
			return err_set(ERR_CONFLICT,
				       "conflicting field specs for '%s' (create: %s and %s)",
				       fs->path, o->create ? "true" : "false",
				       fs->create ? "true" : "false");
		return 0;
	}
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = *fs;
	return 0;
}

static const char *own(struct fslist *l, const char *s)
{
	char *c;

	if (!s)
		return NULL;
	c = xstrdup(s);
	ALLOC_GROW(l->owned, l->nowned + 1, l->aowned);
	l->owned[l->nowned++] = c;
	return c;
}

void fslist_add_json(struct fslist *l, const json_t *spec)
{
	struct fieldspec fs;

	fs.group = own(l, json_string_value(json_object_get(spec, "group")));
	fs.version = own(l, json_string_value(json_object_get(spec, "version")));
	fs.kind = own(l, json_string_value(json_object_get(spec, "kind")));
	fs.path = own(l, json_string_value(json_object_get(spec, "path")));
	if (!fs.path)
		fs.path = own(l, "");
	fs.create = json_is_true(json_object_get(spec, "create"));
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = fs;
}

void fslist_release(struct fslist *l)
{
	size_t i;

	for (i = 0; i < l->nowned; i++)
		free(l->owned[i]);
	free(l->owned);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ------------------------------------------------------------------ */
/* images                                                              */

void image_split(const char *s, struct buf *name, struct buf *tag,
		 struct buf *digest)
{
	const char *slash = strchr(s, '/');
	size_t off = slash && slash > s ? (size_t)(slash - s) : 0;
	const char *search = s + off;
	const char *at = strchr(search, '@');
	const char *colon = strchr(search, ':');

	buf_reset(name);
	buf_reset(tag);
	buf_reset(digest);
	if (!colon && !at) {
		buf_adds(name, s);
		return;
	}
	if (at && (!colon || at < colon)) {
		buf_add(name, s, (size_t)(at - s));
		buf_adds(digest, at + 1);
		return;
	}
	if (at && colon) {
		buf_add(name, s, (size_t)(colon - s));
		buf_add(tag, colon + 1, (size_t)(at - colon - 1));
		buf_adds(digest, at + 1);
		return;
	}
	buf_add(name, s, (size_t)(colon - s));
	buf_adds(tag, colon + 1);
}

static int tail_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '{' ||
	       c == '}' || c == '-';
}

/* (:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$ */
static int tail_ok(const char *t)
{
	if (*t == ':') {
		t++;
		while (tail_char(*t))
			t++;
	}
	if (!strncmp(t, "@sha256:", 8)) {
		t += 8;
		while (tail_char(*t))
			t++;
	}
	return *t == '\0';
}

static int has_regex_meta(const char *s)
{
	return strpbrk(s, ".[]()*+?{}|^$\\") != NULL;
}

struct image_pattern {
	const char *name;
	int is_regex;
	int match_all;
	regex_t re;
};

static int pattern_init(struct image_pattern *p, const char *name)
{
	struct buf b = BUF_INIT;
	const char *n = name;
	int rc;

	memset(p, 0, sizeof(*p));
	p->name = name;
	if (!has_regex_meta(name))
		return 0;
	p->is_regex = 1;
	/*
	 * Go's RE2 reads a leading '*' after '^' as "^ repeated": the anchor
	 * becomes optional and the search may start anywhere
	 */
	while (*n == '*')
		n++;
	buf_addf(&b, "%s%s(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$",
		 n == name ? "^" : "", n);
	rc = regcomp(&p->re, b.ptr, REG_EXTENDED | REG_NOSUB);
	buf_release(&b);
	if (rc) {
		p->is_regex = 0;
		return err_set(ERR_INVALID,
			       "images: name '%s' is not a valid pattern", name);
	}
	return 0;
}

static void pattern_release(struct image_pattern *p)
{
	if (p->is_regex)
		regfree(&p->re);
}

static int pattern_match(const struct image_pattern *p, const char *s)
{
	size_t n;

	if (p->is_regex)
		return regexec(&p->re, s, 0, NULL, 0) == 0;
	n = strlen(p->name);
	return !strncmp(s, p->name, n) && tail_ok(s + n);
}

int image_matches(const char *s, const char *name)
{
	struct image_pattern p;
	int m;

	if (pattern_init(&p, name) < 0)
		return 0;
	m = pattern_match(&p, s);
	pattern_release(&p);
	return m;
}

struct image_ctx {
	struct image_pattern pat;
	const char *new_name, *new_tag, *digest, *tag_suffix;
};

static int rewrite_image(json_t *parent, const char *key, json_t *value,
			 void *vctx)
{
	struct image_ctx *c = vctx;
	struct buf text = BUF_INIT, name = BUF_INIT, tag = BUF_INIT;
	struct buf digest = BUF_INIT, out = BUF_INIT;
	char num[64];

	if (!value)
		return 0;
	if (json_is_object(value) || json_is_array(value))
		return wrong_kind("a string", value);
	if (json_is_string(value)) {
		buf_add(&text, json_string_value(value), json_string_length(value));
	} else if (json_is_integer(value)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(value));
		buf_adds(&text, num);
	} else {
		/* bools, null, floats: compared as their text, never match in practice */
		buf_adds(&text, json_is_true(value) ? "true"
				: json_is_false(value) ? "false" : "null");
	}
	if (!pattern_match(&c->pat, text.ptr))
		goto done;
	image_split(text.ptr, &name, &tag, &digest);
	if (*c->new_name) {
		buf_reset(&name);
		buf_adds(&name, c->new_name);
	}
	if (*c->new_tag && *c->digest) {
		buf_reset(&tag);
		buf_adds(&tag, c->new_tag);
		buf_reset(&digest);
		buf_adds(&digest, c->digest);
	} else if (*c->new_tag) {
		buf_reset(&tag);
		buf_adds(&tag, c->new_tag);
		buf_reset(&digest);
	} else if (*c->digest) {
		buf_reset(&tag);
		buf_reset(&digest);
		buf_adds(&digest, c->digest);
	}
	if (*c->tag_suffix)
		buf_adds(&tag, c->tag_suffix);
	buf_add(&out, name.ptr, name.len);
	if (tag.len)
		buf_addf(&out, ":%s", tag.ptr);
	if (digest.len)
		buf_addf(&out, "@%s", digest.ptr);
	json_object_set_new(parent, key, json_stringn(out.ptr, out.len));
done:
	buf_release(&text);
	buf_release(&name);
	buf_release(&tag);
	buf_release(&digest);
	buf_release(&out);
	return 0;
}

/* pass 1: every containers/initContainers list, at any depth */
static int scan_containers(json_t *node, struct image_ctx *c)
{
	size_t i;
	json_t *e;
	int err = 0;

	if (json_is_array(node)) {
		json_array_foreach(node, i, e) {
			err = scan_containers(e, c);
			if (err < 0)
				return err;
		}
		return 0;
	}
	if (!json_is_object(node))
		return 0;
	{
		const char *k;
		json_t *v;

		json_object_foreach(node, k, v) {
			err = scan_containers(v, c);
			if (err < 0)
				return err;
			if ((strcmp(k, "containers") && strcmp(k, "initContainers")) ||
			    !json_is_array(v))
				continue;
			json_array_foreach(v, i, e) {
				if (!json_is_object(e))
					return err_set(ERR_INVALID,
						       "%s[%zu] must be a mapping, found %s",
						       k, i, fs_describe_kind(e));
				err = rewrite_image(e, "image",
						    json_object_get(e, "image"), c);
				if (err < 0)
					return err;
			}
		}
	}
	return 0;
}

int tf_images(struct resmap *m, const json_t *entry)
{
	struct image_ctx c;
	size_t i;
	int err;

	memset(&c, 0, sizeof(c));
	c.new_name = json_string_value(json_object_get(entry, "newName"));
	c.new_tag = json_string_value(json_object_get(entry, "newTag"));
	c.digest = json_string_value(json_object_get(entry, "digest"));
	c.tag_suffix = json_string_value(json_object_get(entry, "tagSuffix"));
	c.new_name = c.new_name ? c.new_name : "";
	c.new_tag = c.new_tag ? c.new_tag : "";
	c.digest = c.digest ? c.digest : "";
	c.tag_suffix = c.tag_suffix ? c.tag_suffix : "";
	err = pattern_init(&c.pat, json_string_value(json_object_get(entry, "name"))
					   ? json_string_value(json_object_get(entry, "name"))
					   : "");
	if (err < 0)
		return err;
	for (i = 0; i < m->n && !err; i++) {
		struct res *r = m->v[i];
		const struct fieldspec *fs;

		if (!strcmp(res_kind(r), "CustomResourceDefinition"))
			continue;
		err = scan_containers(r->obj, &c);
		if (err < 0) {
			struct buf label = BUF_INIT;

			res_label(r, &label);
			err_prefix("images: in %s: ", label.ptr);
			buf_release(&label);
			break;
		}
		/* pass 2: the default image field specs (kustomize runs both) */
		for (fs = fs_images; !err && fs->path; fs++)
			err = fs_apply(r->obj, fs, FS_CREATE_NONE, rewrite_image, &c);
	}
	pattern_release(&c.pat);
	return err;
}

/* ------------------------------------------------------------------ */
/* replicas                                                            */

struct count_ctx {
	long long count;
};

static int set_count(json_t *parent, const char *key, json_t *value, void *ctx)
{
	struct count_ctx *c = ctx;

	if (value && (json_is_object(value) || json_is_array(value)))
		return wrong_kind("a number", value);
	/* a quoted replicas stays a string, as kustomize keeps the style */
	if (value && json_is_string(value) && json_string_length(value) > 0) {
		char num[32];

		snprintf(num, sizeof(num), "%lld", c->count);
		json_object_set_new(parent, key, json_string(num));
	} else {
		json_object_set_new(parent, key, json_integer(c->count));
	}
	return 0;
}

static int name_matches(const struct res *r, const char *name)
{
	return !strcmp(res_name(r), name) || res_had_name(r, name);
}

int tf_replicas(struct resmap *m, const char *name, long long count)
{
	struct count_ctx c = { count };
	const struct fieldspec *fs;
	int found = 0, err = 0;
	size_t i;

	for (fs = fs_replicas; fs->path && !err; fs++) {
		for (i = 0; i < m->n && !err; i++) {
			struct res *r = m->v[i];
			struct resid id;
			int match;

			if (!name_matches(r, name))
				continue;
			res_id(r, &id);
			match = fs_gvk_match(fs, &id);
			resid_release(&id);
			if (!match)
				continue;
			found = 1;
			err = fs_apply(r->obj, fs, FS_CREATE_SCALAR, set_count, &c);
		}
	}
	if (!err && !found)
		return err_set(ERR_NOTFOUND,
			       "replicas: no Deployment, StatefulSet, ReplicaSet or ReplicationController named '%s'",
			       name);
	return err;
}
