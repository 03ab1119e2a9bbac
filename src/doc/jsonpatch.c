/*
 * jsonpatch: RFC 6902 JSON patch and RFC 7386 JSON merge patch.
 *
 * JSON patch follows the evanphx/json-patch v5 library that kustomize
 * uses, where it goes beyond the RFC: negative array indexes count from
 * the end, "replace" of a missing object member adds it, "add" without a
 * value adds null, and a path without the leading '/' loses its first
 * segment.  The operations run on a copy, so a failing patch leaves the
 * document as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "patch.h"

/* ------------------------------------------------------------------ */
/* RFC 7386                                                            */

void merge_patch_apply(json_t **target, const json_t *patch)
{
	const char *k;
	json_t *v;

	if (!json_is_object(patch)) {
		json_decref(*target);
		*target = json_deep_copy(patch);
		return;
	}
	if (!json_is_object(*target)) {
		json_decref(*target);
		*target = json_object();
	}
	json_object_foreach((json_t *)patch, k, v) {
		if (json_is_null(v)) {
			json_object_del(*target, k);
		} else {
			json_t *cur = json_incref(json_object_get(*target, k));

			if (!cur)
				cur = json_null();
			merge_patch_apply(&cur, v);
			json_object_set_new(*target, k, cur);
		}
	}
}

/* ------------------------------------------------------------------ */
/* RFC 6902                                                            */

struct ptr {
	char **parts;
	size_t n;
};

static void ptr_release(struct ptr *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->parts[i]);
	free(p->parts);
	p->parts = NULL;
	p->n = 0;
}

/* split "/a/b~1c" into unescaped parts; the first segment is dropped */
static void ptr_parse(struct ptr *p, const char *s)
{
	size_t alloc = 0;
	const char *seg = s;
	int first = 1;

	p->parts = NULL;
	p->n = 0;
	if (!*s)
		return;
	for (;;) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);

		if (!first) {
			struct buf b = BUF_INIT;
			size_t i;

			for (i = 0; i < len; i++) {
				if (seg[i] == '~' && i + 1 < len && seg[i + 1] == '1') {
					buf_addc(&b, '/');
					i++;
				} else if (seg[i] == '~' && i + 1 < len && seg[i + 1] == '0') {
					buf_addc(&b, '~');
					i++;
				} else {
					buf_addc(&b, seg[i]);
				}
			}
			ALLOC_GROW(p->parts, p->n + 1, alloc);
			p->parts[p->n++] = buf_detach(&b, NULL);
		}
		first = 0;
		if (!end)
			break;
		seg = end + 1;
	}
}

static int parse_index(const char *s, long long *out)
{
	char *end;
	long long v;

	if (!*s || (s[0] == '0' && s[1]) || (s[0] == '-' && !s[1]))
		return -1;
	v = strtoll(s, &end, 10);
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/* the container holding the last part of ptr, or NULL */
static json_t *parent_of(json_t *doc, const struct ptr *p)
{
	json_t *cur = doc;
	size_t i;

	for (i = 0; i + 1 < p->n; i++) {
		if (json_is_object(cur)) {
			cur = json_object_get(cur, p->parts[i]);
		} else if (json_is_array(cur)) {
			long long idx;

			if (parse_index(p->parts[i], &idx) < 0)
				return NULL;
			if (idx < 0)
				idx += (long long)json_array_size(cur);
			if (idx < 0 || (size_t)idx >= json_array_size(cur))
				return NULL;
			cur = json_array_get(cur, (size_t)idx);
		} else {
			return NULL;
		}
		if (!cur)
			return NULL;
	}
	return cur;
}

/*
 * existing_index: the element of arr that token names (negative indexes
 * count from the end), or -1 when it names none
 */
static long long existing_index(const json_t *arr, const char *token)
{
	long long idx;
	size_t n = json_array_size(arr);

	if (parse_index(token, &idx) < 0)
		return -1;
	if (idx < 0)
		idx += (long long)n;
	return idx >= 0 && (size_t)idx < n ? idx : -1;
}

static json_t *get_at(json_t *doc, const struct ptr *p)
{
	json_t *parent;
	const char *last;
	long long idx;

	if (!p->n)
		return doc;
	parent = parent_of(doc, p);
	last = p->parts[p->n - 1];
	if (json_is_object(parent))
		return json_object_get(parent, last);
	idx = json_is_array(parent) ? existing_index(parent, last) : -1;
	return idx >= 0 ? json_array_get(parent, (size_t)idx) : NULL;
}

static int op_add(json_t **doc, const struct ptr *p, const char *path,
		  json_t *value)
{
	json_t *parent;
	const char *last;
	long long idx;

	if (!p->n) {
		json_decref(*doc);
		*doc = json_deep_copy(value);
		return 0;
	}
	parent = parent_of(*doc, p);
	last = p->parts[p->n - 1];
	if (json_is_object(parent)) {
		json_object_set_new(parent, last, json_deep_copy(value));
		return 0;
	}
	if (json_is_array(parent)) {
		size_t n = json_array_size(parent);

		if (!strcmp(last, "-")) {
			json_array_append_new(parent, json_deep_copy(value));
			return 0;
		}
		if (parse_index(last, &idx) < 0)
			return err_set(ERR_INVALID, "add '%s': '%s' is not an array index",
				       path, last);
		if (idx < 0)
			idx += (long long)n + 1;
		if (idx < 0 || (size_t)idx > n)
			return err_set(ERR_INVALID,
				       "add '%s': index %s is out of range (the array has %zu elements)",
				       path, last, n);
		json_array_insert_new(parent, (size_t)idx, json_deep_copy(value));
		return 0;
	}
	return err_set(ERR_INVALID, "add '%s': the parent path does not exist",
		       path);
}

static int op_remove(json_t **doc, const struct ptr *p, const char *path)
{
	json_t *parent;
	const char *last;
	long long idx;

	if (!p->n)
		return err_set(ERR_INVALID, "remove '%s': cannot remove the whole document",
			       path);
	parent = parent_of(*doc, p);
	last = p->parts[p->n - 1];
	if (json_is_object(parent)) {
		if (json_object_del(parent, last) < 0)
			return err_set(ERR_INVALID, "remove '%s': no such member", path);
		return 0;
	}
	idx = json_is_array(parent) ? existing_index(parent, last) : -1;
	if (idx < 0)
		return err_set(ERR_INVALID, "remove '%s': the path does not exist", path);
	json_array_remove(parent, (size_t)idx);
	return 0;
}

static int op_replace(json_t **doc, const struct ptr *p, const char *path,
		      json_t *value)
{
	json_t *parent;
	long long idx;

	if (!p->n) {
		json_decref(*doc);
		*doc = json_deep_copy(value);
		return 0;
	}
	parent = parent_of(*doc, p);
	if (json_is_object(parent)) {
		/* evanphx: replacing a missing member adds it */
		json_object_set_new(parent, p->parts[p->n - 1], json_deep_copy(value));
		return 0;
	}
	idx = json_is_array(parent) ? existing_index(parent, p->parts[p->n - 1]) : -1;
	if (idx < 0)
		return err_set(ERR_INVALID, "replace '%s': the path does not exist", path);
	json_array_set_new(parent, (size_t)idx, json_deep_copy(value));
	return 0;
}

static int apply_one(json_t **doc, const json_t *op, size_t i,
		     const char **field)
{
	const char *name = json_string_value(json_object_get(op, "op"));
	const char *path = json_string_value(json_object_get(op, "path"));
	const char *from = json_string_value(json_object_get(op, "from"));
	json_t *value = json_object_get(op, "value");
	struct ptr p = { NULL, 0 }, f = { NULL, 0 };
	int err = 0;

	*field = NULL;
	if (!json_is_object(op))
		return err_set(ERR_INVALID, "operation %zu is not a mapping", i);
	if (!name)
		return err_set(ERR_INVALID,
			       "operation %zu has no 'op' (add, remove, replace, move, copy or test)",
			       i);
	if (!path)
		return err_set(ERR_INVALID, "operation %zu (%s) has no 'path'", i,
			       name);
	/*
	 * evanphx/json-patch drops the first segment of a path without the
	 * leading '/', so "spec/replicas" silently means "/replicas"; refuse
	 */
	if (*path && *path != '/') {
		*field = "path";
		return err_set(ERR_INVALID,
			       "%s: path '%s' must start with '/' (a JSON pointer, e.g. '/%s')",
			       name, path, path);
	}
	if (from && *from && *from != '/') {
		*field = "from";
		return err_set(ERR_INVALID, "%s: from '%s' must start with '/'",
			       name, from);
	}
	ptr_parse(&p, path);
	if (!value)
		value = json_null();
	else
		json_incref(value);
	if (!strcmp(name, "add")) {
		err = op_add(doc, &p, path, value);
	} else if (!strcmp(name, "remove")) {
		err = op_remove(doc, &p, path);
	} else if (!strcmp(name, "replace")) {
		err = op_replace(doc, &p, path, value);
	} else if (!strcmp(name, "move") || !strcmp(name, "copy")) {
		json_t *v;

		if (!from) {
			err = err_set(ERR_INVALID, "%s '%s' has no 'from'", name, path);
			goto done;
		}
		ptr_parse(&f, from);
		v = json_incref(get_at(*doc, &f));
		if (!v) {
			err = err_set(ERR_INVALID, "%s '%s': 'from' path '%s' does not exist",
				      name, path, from);
			goto done;
		}
		if (!strcmp(name, "move"))
			err = op_remove(doc, &f, from);
		if (!err)
			err = op_add(doc, &p, path, v);
		json_decref(v);
	} else if (!strcmp(name, "test")) {
		json_t *cur = get_at(*doc, &p);

		if (!cur) {
			err = err_set(ERR_INVALID, "test '%s' failed: there is no such value",
				      path);
		} else if (!json_equal(cur, value)) {
			char *want = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
			char *got = json_dumps(cur, JSON_COMPACT | JSON_ENCODE_ANY);

			err = err_set(ERR_INVALID, "test '%s' failed: expected %s, found %s",
				      path, want ? want : "?", got ? got : "?");
			free(want);
			free(got);
		}
	} else {
		*field = "op";
		err = err_set(ERR_INVALID,
			      "unknown op '%s' (expected add, remove, replace, move, copy or test)",
			      name);
	}
done:
	json_decref(value);
	ptr_release(&p);
	ptr_release(&f);
	return err;
}

int json_patch_apply(json_t **target, const json_t *ops,
		     struct json_patch_error *where)
{
	json_t *doc, *op;
	size_t i;
	int err = 0;

	if (!json_is_array(ops))
		return err_set(ERR_INVALID, "a JSON patch must be a list of operations");
	doc = json_deep_copy(*target);
	json_array_foreach(ops, i, op) {
		const char *field = NULL;

		err = apply_one(&doc, op, i, &field);
		if (err < 0) {
			if (where) {
				where->op = i;
				where->field = field;
			}
			break;
		}
	}
	if (err < 0) {
		json_decref(doc);
		return err;
	}
	json_decref(*target);
	*target = doc;
	return 0;
}
