/*
 * generate: ConfigMap and Secret generators.  See generate.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/base64.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "../base/strutil.h"
#include "../base/utf8.h"
#include "../doc/json.h"
#include "../doc/yaml.h"
#include "files.h"
#include "generate.h"

/* ------------------------------------------------------------------ */
/* sources                                                             */

struct kv {
	char *key;
	char *value;
	size_t len;
	int binary; /* not UTF-8: binaryData for ConfigMaps */
};

struct kvlist {
	struct kv *v;
	size_t n, alloc;
};

static void kv_add(struct kvlist *l, const char *key, size_t klen,
		   const char *value, size_t vlen)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n].key = xmemdup(key, klen);
	l->v[l->n].value = xmemdup(value, vlen);
	l->v[l->n].len = vlen;
	l->v[l->n].binary = !utf8_valid(value, vlen);
	l->n++;
}

static void kvlist_release(struct kvlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void gen_base64_wrapped(struct buf *out, const void *p, size_t n)
{
	struct buf enc = BUF_INIT;
	size_t lines, i;

	base64_encode(&enc, p, n);
	lines = enc.len / 70 + 1;
	for (i = 0; i < enc.len; i += 70) {
		size_t j = i + 70 < enc.len ? i + 70 : enc.len;

		buf_add(out, enc.ptr + i, j - i);
		if (lines > 1)
			buf_addc(out, '\n');
	}
	buf_release(&enc);
}

int gen_parse_env(const char *data, size_t len, const char *name,
		  json_t *out_pairs)
{
	size_t pos = 0;
	int first = 1;
	unsigned lineno = 0;

	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		size_t raw = end - pos;
		const char *line = data + pos;
		size_t n = raw;
		const char *eq;

		lineno++;
		/* Go's bufio.Scanner gives up silently on a 64 KiB token */
		if (raw >= 65536)
			break;
		pos = nl ? end + 1 : len;
		if (n && line[n - 1] == '\r')
			n--;
		if (!utf8_valid(line, n))
			return err_set(ERR_INVALID,
				       "%s:%u: the line is not valid UTF-8", name,
				       lineno);
		if (first && n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) {
			line += 3;
			n -= 3;
		}
		first = 0;
		/* strings.TrimLeftFunc(line, unicode.IsSpace) */
		for (;;) {
			if (n && (*line == ' ' || *line == '\t' || *line == '\n' ||
				  *line == '\v' || *line == '\f' || *line == '\r')) {
				line++;
				n--;
			} else if (n >= 2 && (unsigned char)line[0] == 0xC2 &&
				   ((unsigned char)line[1] == 0x85 ||
				    (unsigned char)line[1] == 0xA0)) {
				line += 2;
				n -= 2;
			} else {
				break;
			}
		}
		if (!n || line[0] == '#')
			continue;
		eq = memchr(line, '=', n);
		{
			size_t klen = eq ? (size_t)(eq - line) : n;
			json_t *pair;

			if (!klen)
				continue;
			pair = json_array();
			json_array_append_new(pair, json_stringn(line, klen));
			if (eq)
				json_array_append_new(pair, json_stringn(eq + 1,
									  n - klen - 1));
			else
				json_array_append_new(pair, json_string(""));
			json_array_append_new(out_pairs, pair);
		}
	}
	return 0;
}

/* a file path named by a generator, inside the root unless unrestricted */
static int read_source(const struct gen_ctx *c, const char *rel,
		       struct buf *data)
{
	return files_read(c->k->dir, rel, c->restrict_loads, data, NULL);
}

/* "kustomization.yaml:L:C" of base + "/field/index" */
static void elem_where(const struct gen_ctx *c, const char *base,
		       const char *field, size_t i, struct buf *out)
{
	struct buf ptr = BUF_INIT;

	buf_addf(&ptr, "%s/%s/%zu", base, field, i);
	kustomization_where_value(c->k, ptr.ptr, out);
	buf_release(&ptr);
}

static int add_checked(struct kvlist *l, const char *gen, const char *key,
		       size_t klen, const char *value, size_t vlen,
		       const char *where)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i].key) == klen && !memcmp(l->v[i].key, key, klen))
			return err_set(ERR_CONFLICT,
				       "%s: generator '%s' has the key '%s' twice", where,
				       gen, l->v[i].key);
	kv_add(l, key, klen, value, vlen);
	return 0;
}

static int collect_sources(const struct gen_ctx *c, const json_t *g,
			   const char *gname, const char *base,
			   struct kvlist *out)
{
	json_t *list, *e;
	struct buf w = BUF_INIT;
	size_t i;
	int err = 0;

	/* env files first, then literals, then files (kustomize's order) */
	list = kz_list(g, "envs");
	json_array_foreach(list, i, e) {
		struct buf data = BUF_INIT;
		json_t *pairs = json_array();
		size_t j;
		json_t *p;
		const char *path = json_string_value(e);

		if (!path)
			continue;
		elem_where(c, base, "envs", i, &w);
		err = read_source(c, path, &data);
		if (!err)
			err = gen_parse_env(data.ptr, data.len, path, pairs);
		if (err < 0)
			err_prefix("%s: ", w.ptr);
		json_array_foreach(pairs, j, p) {
			if (err < 0)
				break;
			err = add_checked(out, gname,
					  json_string_value(json_array_get(p, 0)),
					  json_string_length(json_array_get(p, 0)),
					  json_string_value(json_array_get(p, 1)),
					  json_string_length(json_array_get(p, 1)), w.ptr);
		}
		json_decref(pairs);
		buf_release(&data);
		if (err < 0)
			goto done;
	}
	list = kz_list(g, "literals");
	json_array_foreach(list, i, e) {
		const char *s = json_string_value(e);
		const char *eq;
		const char *v;
		size_t vlen;

		if (!s)
			continue;
		elem_where(c, base, "literals", i, &w);
		eq = strchr(s, '=');
		if (!eq || eq == s) {
			err = err_set(ERR_INVALID,
				      "%s: generator '%s': literal '%s' is not KEY=VALUE (a '=' and a key before it)",
				      w.ptr, gname, s);
			goto done;
		}
		v = eq + 1;
		vlen = strlen(v);
		if (vlen >= 2 && v[0] == v[vlen - 1] && (v[0] == '"' || v[0] == '\'')) {
			v++;
			vlen -= 2;
		}
		err = add_checked(out, gname, s, (size_t)(eq - s), v, vlen, w.ptr);
		if (err < 0)
			goto done;
	}
	list = kz_list(g, "files");
	json_array_foreach(list, i, e) {
		const char *s = json_string_value(e);
		const char *eq;
		struct buf key = BUF_INIT, data = BUF_INIT;
		const char *path;

		if (!s)
			continue;
		elem_where(c, base, "files", i, &w);
		eq = strchr(s, '=');
		if (eq == s) {
			err = err_set(ERR_INVALID,
				      "%s: generator '%s': file source '%s' has an empty key",
				      w.ptr, gname, s);
			goto done;
		}
		if (eq) {
			buf_add(&key, s, (size_t)(eq - s));
			path = eq + 1;
			if (!*path) {
				buf_release(&key);
				err = err_set(ERR_INVALID,
					      "%s: generator '%s': file source '%s' has no path",
					      w.ptr, gname, s);
				goto done;
			}
			if (strchr(path, '=') && strncmp(path, "http://", 7) &&
			    strncmp(path, "https://", 8)) {
				buf_release(&key);
				err = err_set(ERR_INVALID,
					      "%s: generator '%s': file source '%s' has '=' in its key or path",
					      w.ptr, gname, s);
				goto done;
			}
		} else {
			/* Go's path.Base: the last element, trailing '/' removed */
			size_t n = strlen(s);
			const char *b;

			while (n > 1 && s[n - 1] == '/')
				n--;
			b = s + n;
			while (b > s && b[-1] != '/')
				b--;
			buf_add(&key, b, (size_t)(s + n - b));
			path = s;
		}
		err = read_source(c, path, &data);
		if (err < 0)
			err_prefix("%s: ", w.ptr);
		else
			err = add_checked(out, gname, key.ptr, key.len, data.ptr,
					  data.len, w.ptr);
		buf_release(&key);
		buf_release(&data);
		if (err < 0)
			goto done;
	}
done:
	buf_release(&w);
	return err;
}

/* ------------------------------------------------------------------ */
/* objects                                                             */

static void merge_strmap(json_t *dst, const json_t *src)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)src, k, v)
		json_object_set_new(dst, k, json_string(json_string_value(v) ?
							json_string_value(v) : ""));
}

static json_t *build_object(const json_t *g, int secret, const char *gname,
			    const struct kvlist *kvs, const json_t *global,
			    unsigned *flags)
{
	json_t *obj = json_object(), *meta = json_object();
	json_t *labels = json_object(), *annotations = json_object();
	const json_t *local = kz_map(g, "options");
	const char *ns = kz_str(g, "namespace");
	int disable, immutable;
	json_t *data = json_object(), *bin = json_object();
	size_t i;

	json_object_set_new(obj, "apiVersion", json_string("v1"));
	json_object_set_new(obj, "kind", json_string(secret ? "Secret" : "ConfigMap"));
	json_object_set_new(meta, "name", json_string(gname));
	if (*ns)
		json_object_set_new(meta, "namespace", json_string(ns));
	if (global) {
		merge_strmap(labels, kz_map(global, "labels"));
		merge_strmap(annotations, kz_map(global, "annotations"));
	}
	if (local) {
		merge_strmap(labels, kz_map(local, "labels"));
		merge_strmap(annotations, kz_map(local, "annotations"));
	}
	if (json_object_size(labels))
		json_object_set(meta, "labels", labels);
	if (json_object_size(annotations))
		json_object_set(meta, "annotations", annotations);
	json_decref(labels);
	json_decref(annotations);
	json_object_set_new(obj, "metadata", meta);
	disable = json_is_true(json_object_get(global, "disableNameSuffixHash")) ||
		  json_is_true(json_object_get(local, "disableNameSuffixHash"));
	immutable = json_is_true(json_object_get(global, "immutable")) ||
		    json_is_true(json_object_get(local, "immutable"));
	for (i = 0; i < kvs->n; i++) {
		const struct kv *kv = &kvs->v[i];

		if (secret || kv->binary) {
			struct buf enc = BUF_INIT;

			gen_base64_wrapped(&enc, kv->value, kv->len);
			json_object_set_new(secret ? data : bin, kv->key,
					    json_stringn(enc.ptr, enc.len));
			buf_release(&enc);
		} else {
			json_object_set_new(data, kv->key,
					    json_stringn(kv->value, kv->len));
		}
	}
	if (secret || json_object_size(data))
		json_object_set(obj, "data", data);
	if (json_object_size(bin))
		json_object_set(obj, "binaryData", bin);
	json_decref(data);
	json_decref(bin);
	if (immutable)
		json_object_set_new(obj, "immutable", json_true());
	if (secret) {
		const char *type = kz_str(g, "type");

		json_object_set_new(obj, "type", json_string(*type ? type : "Opaque"));
	}
	*flags = RES_GENERATED | (disable ? 0 : RES_NEEDS_HASH);
	return obj;
}

/*
 * kustomize treats any unknown behavior, even a typo, as create; a typo
 * there silently turns a merge into a duplicate, so we refuse it
 */
static int parse_behavior(const char *b, enum res_behavior *out)
{
	static const char *const names[] = { "create", "merge", "replace" };
	size_t i;

	if (!*b || !strcmp(b, "create")) {
		*out = RES_BEHAVIOR_CREATE;
		return 0;
	}
	if (!strcmp(b, "merge")) {
		*out = RES_BEHAVIOR_MERGE;
		return 0;
	}
	if (!strcmp(b, "replace")) {
		*out = RES_BEHAVIOR_REPLACE;
		return 0;
	}
	for (i = 0; i < 3; i++)
		if (str_edit_distance(b, names[i]) <= 2)
			return err_set(ERR_INVALID,
				       "unknown behavior '%s' (did you mean '%s'? it must be create, merge or replace)",
				       b, names[i]);
	return err_set(ERR_INVALID,
		       "unknown behavior '%s' (it must be create, merge or replace)", b);
}

static void merge_meta_map(json_t *nobj, const json_t *oobj, const char *key)
{
	json_t *ometa = json_object_get(oobj, "metadata");
	json_t *nmeta = json_object_get(nobj, "metadata");
	json_t *om = json_object_get(ometa, key);
	json_t *nm = json_object_get(nmeta, key);
	json_t *merged;

	if (!json_is_object(om) || !json_object_size(om))
		return;
	merged = json_deep_copy(om);
	if (json_is_object(nm))
		json_object_update(merged, nm);
	json_object_set_new(nmeta, key, merged);
}

static void merge_data(json_t *nobj, const json_t *oobj, const char *key)
{
	json_t *od = json_object_get(oobj, key);
	json_t *nd = json_object_get(nobj, key);
	json_t *merged;

	if (!json_is_object(od))
		return;
	merged = json_deep_copy(od);
	if (json_is_object(nd))
		json_object_update(merged, nd);
	json_object_set_new(nobj, key, merged);
}

/* absorb one generated object into ra per its behavior */
static int absorb(struct resmap *ra, json_t *obj, unsigned flags,
		  enum res_behavior behavior, const char *origin)
{
	struct resid id;
	size_t *idx = NULL, n;
	int err = 0;

	resid_from_obj(&id, obj);
	n = resmap_find_any(ra, &id, &idx);
	if (n == 0) {
		if (behavior == RES_BEHAVIOR_MERGE || behavior == RES_BEHAVIOR_REPLACE) {
			struct buf label = BUF_INIT;

			resid_format(&label, &id);
			err = err_set(ERR_NOTFOUND,
				      "%s: behavior '%s' needs an existing %s to %s, and there is none",
				      origin, behavior == RES_BEHAVIOR_MERGE ? "merge" : "replace",
				      label.ptr,
				      behavior == RES_BEHAVIOR_MERGE ? "merge into" : "replace");
			buf_release(&label);
			json_decref(obj);
		} else {
			struct res *r = res_new_take(obj, origin, 0);

			r->flags = flags;
			r->behavior = behavior;
			resmap_append_take(ra, r);
		}
	} else if (n > 1) {
		struct buf label = BUF_INIT;

		resid_format(&label, &id);
		err = err_set(ERR_CONFLICT, "%s: %s matches %zu resources", origin,
			      label.ptr, n);
		buf_release(&label);
		json_decref(obj);
	} else if (behavior == RES_BEHAVIOR_CREATE) {
		struct buf label = BUF_INIT;

		resid_format(&label, &id);
		err = err_set(ERR_CONFLICT,
			      "%s: %s already exists; set behavior: merge or replace",
			      origin, label.ptr);
		buf_release(&label);
		json_decref(obj);
	} else {
		struct res *old = ra->v[idx[0]];

		merge_meta_map(obj, old->obj, "labels");
		merge_meta_map(obj, old->obj, "annotations");
		if (behavior == RES_BEHAVIOR_MERGE) {
			merge_data(obj, old->obj, "data");
			merge_data(obj, old->obj, "binaryData");
		}
		/* the old object's name and namespace (with their history) stay */
		{
			json_t *meta = json_object_get(obj, "metadata");
			json_t *ometa = json_object_get(old->obj, "metadata");
			json_t *ons = json_object_get(ometa, "namespace");

			json_object_set(meta, "name", json_object_get(ometa, "name"));
			if (ons)
				json_object_set(meta, "namespace", ons);
			else
				json_object_del(meta, "namespace");
		}
		json_decref(old->obj);
		old->obj = obj;
		if (!(old->flags & RES_NEEDS_HASH) || !(flags & RES_NEEDS_HASH))
			old->flags &= ~(unsigned)RES_NEEDS_HASH;
		old->flags |= RES_GENERATED;
	}
	free(idx);
	resid_release(&id);
	return err;
}

static int run_list(const struct gen_ctx *c, const char *field, int secret,
		    struct resmap *ra)
{
	json_t *list = kz_list(c->k->doc, field);
	json_t *global = kz_map(c->k->doc, "generatorOptions");
	json_t *g;
	size_t i;
	int err = 0;

	json_array_foreach(list, i, g) {
		struct kvlist kvs = { NULL, 0, 0 };
		struct buf where = BUF_INIT, ptr = BUF_INIT;
		const char *gname = kz_str(g, "name");
		unsigned flags = 0;
		enum res_behavior behavior = RES_BEHAVIOR_CREATE;
		json_t *obj;

		buf_addf(&ptr, "/%s/%zu", field, i);
		kustomization_where(c->k, ptr.ptr, &where);
		if (!*gname) {
			err = err_set(ERR_INVALID, "%s: %s[%zu] has no name", where.ptr,
				      field, i);
		} else {
			err = parse_behavior(kz_str(g, "behavior"), &behavior);
			if (err < 0) {
				struct buf bp = BUF_INIT, bw = BUF_INIT;

				buf_addf(&bp, "%s/behavior", ptr.ptr);
				kustomization_where_value(c->k, bp.ptr, &bw);
				err_prefix("%s: ", bw.ptr);
				buf_release(&bp);
				buf_release(&bw);
			}
		}
		if (!err)
			err = collect_sources(c, g, gname, ptr.ptr, &kvs);
		if (!err) {
			obj = build_object(g, secret, gname, &kvs, global, &flags);
			err = absorb(ra, obj, flags, behavior, where.ptr);
		}
		kvlist_release(&kvs);
		buf_release(&where);
		buf_release(&ptr);
		if (err < 0)
			return err;
	}
	return 0;
}

int gen_run(const struct gen_ctx *c, struct resmap *ra)
{
	int err = run_list(c, "configMapGenerator", 0, ra);

	if (!err)
		err = run_list(c, "secretGenerator", 1, ra);
	return err;
}

/* ------------------------------------------------------------------ */
/* hash suffix                                                         */

static void hash_field(json_t *m, const json_t *obj, const char *key,
		       int always)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_object(v))
		json_object_set(m, key, v);
	else if (always)
		json_object_set_new(m, key, json_string(""));
}

void gen_hash_suffix(const json_t *obj, char out[11])
{
	static const char hex[] = "0123456789abcdef";
	json_t *m = json_object();
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	struct buf js = BUF_INIT;
	unsigned char d[SHA256_LEN];
	int i;

	json_object_set_new(m, "kind", json_string(kind ? kind : ""));
	/* kustomize looks "metadata/name" up as one key and finds nothing */
	json_object_set_new(m, "name", json_string(""));
	hash_field(m, obj, "data", 1);
	if (kind && !strcmp(kind, "Secret")) {
		const char *type = json_string_value(json_object_get(obj, "type"));

		json_object_set_new(m, "type", json_string(type ? type : ""));
		hash_field(m, obj, "stringData", 0);
	} else {
		hash_field(m, obj, "binaryData", 0);
	}
	doc_json_go(&js, m);
	sha256_buf(js.ptr, js.len, d);
	for (i = 0; i < 10; i++) {
		char ch = hex[(d[i / 2] >> (i % 2 ? 0 : 4)) & 15];

		switch (ch) {
		case '0':
			ch = 'g';
			break;
		case '1':
			ch = 'h';
			break;
		case '3':
			ch = 'k';
			break;
		case 'a':
			ch = 'm';
			break;
		case 'e':
			ch = 't';
			break;
		}
		out[i] = ch;
	}
	out[10] = '\0';
	buf_release(&js);
	json_decref(m);
}

void gen_add_hashes(struct resmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct res *r = m->v[i];
		struct buf name = BUF_INIT;
		char suffix[11];

		if (!(r->flags & RES_NEEDS_HASH))
			continue;
		gen_hash_suffix(r->obj, suffix);
		res_store_prev(r);
		buf_addf(&name, "%s-%s", res_name(r), suffix);
		res_set_name(r, name.ptr);
		buf_release(&name);
	}
}
