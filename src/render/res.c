/*
 * res: resources with their id history.  See res.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "res.h"

struct res *res_new_take(json_t *obj, const char *origin, unsigned line)
{
	struct res *r = xcalloc(1, sizeof(*r));

	r->obj = obj;
	r->origin = xstrdup(origin ? origin : "");
	r->line = line;
	return r;
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void res_free(struct res *r)
{
	size_t i;

	if (!r)
		return;
	json_decref(r->obj);
	for (i = 0; i < r->nprev; i++)
		resid_release(&r->prev[i]);
	free(r->prev);
	free_strv(r->prefixes, r->nprefixes);
	free_strv(r->suffixes, r->nsuffixes);
	free(r->origin);
	free(r);
}

static char **dup_strv(char *const *v, size_t n)
{
	char **out = xcalloc(n ? n : 1, sizeof(*out));
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

struct res *res_dup(const struct res *r)
{
	struct res *c = xcalloc(1, sizeof(*c));
	size_t i;

	c->obj = json_deep_copy(r->obj);
	c->prev = xcalloc(r->nprev ? r->nprev : 1, sizeof(*c->prev));
	c->nprev = c->aprev = r->nprev;
	for (i = 0; i < r->nprev; i++)
		resid_dup(&c->prev[i], &r->prev[i]);
	c->prefixes = dup_strv(r->prefixes, r->nprefixes);
	c->nprefixes = c->aprefixes = r->nprefixes;
	c->suffixes = dup_strv(r->suffixes, r->nsuffixes);
	c->nsuffixes = c->asuffixes = r->nsuffixes;
	c->origin = xstrdup(r->origin);
	c->line = r->line;
	c->flags = r->flags;
	c->behavior = r->behavior;
	return c;
}

void res_id(const struct res *r, struct resid *out)
{
	resid_from_obj(out, r->obj);
}

void res_orig_id(const struct res *r, struct resid *out)
{
	if (r->nprev)
		resid_dup(out, &r->prev[0]);
	else
		resid_from_obj(out, r->obj);
}

void res_store_prev(struct res *r)
{
	struct resid cur;

	resid_from_obj(&cur, r->obj);
	ALLOC_GROW(r->prev, r->nprev + 1, r->aprev);
	resid_dup(&r->prev[r->nprev++], &cur);
	resid_release(&cur);
}

int res_matches_any_id(const struct res *r, const struct resid *id)
{
	struct resid cur;
	size_t i;
	int eq;

	resid_from_obj(&cur, r->obj);
	eq = resid_equal(&cur, id);
	resid_release(&cur);
	for (i = 0; !eq && i < r->nprev; i++)
		eq = resid_equal(&r->prev[i], id);
	return eq;
}

int res_had_name(const struct res *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nprev; i++)
		if (!strcmp(r->prev[i].name, name))
			return 1;
	return 0;
}

void res_label(const struct res *r, struct buf *out)
{
	struct resid id;

	resid_from_obj(&id, r->obj);
	resid_format(out, &id);
	resid_release(&id);
}

static const char *meta_str(const struct res *r, const char *key)
{
	const char *s = json_string_value(
		json_object_get(json_object_get(r->obj, "metadata"), key));

	return s ? s : "";
}

const char *res_name(const struct res *r)
{
	return meta_str(r, "name");
}

const char *res_namespace(const struct res *r)
{
	return meta_str(r, "namespace");
}

const char *res_kind(const struct res *r)
{
	const char *s = json_string_value(json_object_get(r->obj, "kind"));

	return s ? s : "";
}

static json_t *metadata(struct res *r)
{
	json_t *m = json_object_get(r->obj, "metadata");

	if (!json_is_object(m)) {
		m = json_object();
		json_object_set_new(r->obj, "metadata", m);
	}
	return m;
}

void res_set_name(struct res *r, const char *name)
{
	json_object_set_new(metadata(r), "name", json_string(name));
}

void res_set_namespace(struct res *r, const char *ns)
{
	json_object_set_new(metadata(r), "namespace", json_string(ns));
}

void resmap_init(struct resmap *m)
{
	memset(m, 0, sizeof(*m));
}

void resmap_release(struct resmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		res_free(m->v[i]);
	free(m->v);
	resmap_init(m);
}

void resmap_append_take(struct resmap *m, struct res *r)
{
	ALLOC_GROW(m->v, m->n + 1, m->alloc);
	m->v[m->n++] = r;
}

void resmap_remove_at(struct resmap *m, size_t i)
{
	res_free(m->v[i]);
	memmove(m->v + i, m->v + i + 1, (m->n - i - 1) * sizeof(*m->v));
	m->n--;
}

static size_t find(const struct resmap *m, const struct resid *id,
		   size_t **out, int any)
{
	size_t *idx = xcalloc(m->n ? m->n : 1, sizeof(*idx));
	size_t i, n = 0;

	for (i = 0; i < m->n; i++) {
		int match;

		if (any) {
			match = res_matches_any_id(m->v[i], id);
		} else {
			struct resid cur;

			res_id(m->v[i], &cur);
			match = resid_equal(&cur, id);
			resid_release(&cur);
		}
		if (match)
			idx[n++] = i;
	}
	*out = idx;
	return n;
}

size_t resmap_find_any(const struct resmap *m, const struct resid *id,
		       size_t **out)
{
	return find(m, id, out, 1);
}

size_t resmap_find_current(const struct resmap *m, const struct resid *id,
			   size_t **out)
{
	return find(m, id, out, 0);
}
