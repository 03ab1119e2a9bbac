/*
 * ssa: server-side apply and managedFields, after structured-merge-diff
 * v4 (sigs.k8s.io/structured-merge-diff, typed/ and merge/) as
 * Kubernetes 1.32 runs it.
 *
 * Field sets.  A set of field paths is kept as a tree of JSON objects
 * keyed by the FieldsV1 tokens ("f:name", "k:{\"name\":\"c\"}",
 * "v:\"x\"") with a "." key marking a node that is itself in the set (a
 * member).  In this internal form every member carries "." (valued json
 * null, a singleton), and nodes that are neither members nor have
 * children are dropped (set_compact).  The wire form differs only in
 * that a member without children is written {} (set_to_wire,
 * set_from_wire).  Keys on the wire come sorted as the real server
 * writes them: "." first, then f:, k:, v:, i: tokens, each group in
 * byte order.
 *
 * Paths.  The walkers keep the schema path of the value they are at
 * ("spec.template.spec.containers[].ports") to ask the caller how a list
 * merges.  Every JSON object is a struct of named fields; there is no
 * schema telling a struct from a map.  List elements are keyed as SMD
 * keys them: a map-list element by its key fields (sorted by name, as
 * SMD sorts them; "protocol" defaults to "TCP"; other missing keys are
 * left out), a set element by its value.
 *
 * The four walks mirror SMD's:
 *   - fs_*: ToFieldSet of an applied object: scalars (null included),
 *     atomic lists and list elements are members; objects and keyed
 *     lists add only what they hold.
 *   - cmp_*: Compare(old, new) into added, modified and removed sets:
 *     leaves (scalars, atomic lists, pairs of empty containers) by value;
 *     every object field and list element that appears or goes is an
 *     item in added or removed, which is where the "." of Update entries
 *     comes from.  The sets' nodes are made lazily (struct at).
 *   - merge_*: applied merged into live.  Objects merge key by key, live
 *     keys first in live order, then new keys in applied order; a null in
 *     the applied object removes the field.  Keyed lists and sets merge
 *     element by element in SMD v4's order: applied elements in applied
 *     order, each live-only element kept at its place relative to the
 *     shared ones (live [a x b], applied [b a] gives [x b a]; live
 *     [x a y], applied [n a] gives [x n a y]), as SMD's visitListItems
 *     interleaves them.  Atomic lists and scalars are replaced.  An
 *     applied empty keyed list keeps the live elements.
 *   - prune: removes the members of a set from an object.  A removed
 *     field or element takes everything beneath it; an object or list
 *     that pruning empties goes too (SMD turns it into null, which the
 *     API then drops); key fields of a surviving element stay.
 *
 * Apply (SMD Updater.Apply): the new set is ToFieldSet(applied); merged
 * = live + applied; pruned are the members of the manager's previous
 * Apply set that no current set (the new one included) holds; then
 * Compare(live, merged) gives what changed: another manager's fields
 * among the added, modified, or explicitly nulled ones conflict unless
 * force, which takes them away from it; removed fields leave every other
 * manager.  The manager's Apply entry gets exactly the new set, and the
 * time only when the object changed or the entry is new.  An
 * object without any entry gets a "before-first-apply" Update entry for
 * its existing fields first, as the API server's skip-non-applied
 * manager does.
 *
 * Update (SMD Updater.Update via managedFieldsUpdater): Compare(old,
 * obj); every manager loses the changed and removed fields, then the
 * writer's Update entry (identified by manager, apiVersion and
 * subresource, as BuildManagerIdentifier does) gains the added and
 * modified ones, and its time is set, if there were any.  On create the
 * old object is Go's empty object, where metadata, spec, template and
 * the like already exist as empty structs; without a schema this is
 * approximated by a list of field names (zero_fields) whose appearance
 * on create does not make the field itself a member.
 *
 * Identity: entries are one per (manager, Apply, subresource) and one per
 * (manager, Update, apiVersion, subresource); an applier conflicts with
 * its own name's Update entries, as on a real server.
 *
 * Not done (the real server's other field-manager wrappers): no version
 * conversion of sets, no cap on the number of Update entries
 * ("ancient-changes"), no last-applied-configuration handling.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../doc/patch.h"
#include "../doc/scalar.h"
#include "../doc/json.h"
#include "../doc/yaml.h"
#include "ssa.h"

/* ------------------------------------------------------------------ */
/* field sets                                                          */

static int node_member(const json_t *n)
{
	return n && json_object_get(n, ".") != NULL;
}

/* the "." marker's value is json null internally: a singleton, no allocation */
static void node_mark(json_t *n)
{
	if (!json_object_get(n, "."))
		json_object_set_new(n, ".", json_null());
}

/* the child node for tok, created when missing (borrowed) */
static json_t *node_child(json_t *n, const char *tok)
{
	json_t *c = json_object_get(n, tok);

	if (!c) {
		c = json_object();
		json_object_set_new(n, tok, c);
	}
	return c;
}

/* whether n has children besides "." */
static int node_has_children(const json_t *n)
{
	return json_object_size(n) > (node_member(n) ? 1u : 0u);
}

/* drop nodes that are neither members nor hold any; 1 when n is empty */
static int set_compact(json_t *n)
{
	const char *k;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(n, tmp, k, v) {
		if (strcmp(k, ".") && set_compact(v))
			json_object_del(n, k);
	}
	return json_object_size(n) == 0;
}

static void set_union_into(json_t *dst, const json_t *src)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)src, k, v) {
		if (!strcmp(k, "."))
			node_mark(dst);
		else
			set_union_into(node_child(dst, k), v);
	}
}

/* a new set: a minus b (b may be NULL) */
static json_t *set_diff(const json_t *a, const json_t *b)
{
	json_t *out = json_object(), *v, *sub;
	const char *k;

	json_object_foreach((json_t *)a, k, v) {
		if (!strcmp(k, ".")) {
			if (!node_member(b))
				node_mark(out);
			continue;
		}
		sub = set_diff(v, b ? json_object_get(b, k) : NULL);
		if (json_object_size(sub))
			json_object_set_new(out, k, sub);
		else
			json_decref(sub);
	}
	return out;
}

/* a new set: a and b */
static json_t *set_intersect(const json_t *a, const json_t *b)
{
	json_t *out = json_object(), *v, *bv, *sub;
	const char *k;

	json_object_foreach((json_t *)a, k, v) {
		if (!strcmp(k, ".")) {
			if (node_member(b))
				node_mark(out);
			continue;
		}
		bv = json_object_get(b, k);
		if (!bv)
			continue;
		sub = set_intersect(v, bv);
		if (json_object_size(sub))
			json_object_set_new(out, k, sub);
		else
			json_decref(sub);
	}
	return out;
}

/* SMD's PathElement order: field names, keys, values, indexes */
static int tok_rank(const char *t)
{
	if (!strncmp(t, "f:", 2))
		return 0;
	if (!strncmp(t, "k:", 2))
		return 1;
	if (!strncmp(t, "v:", 2))
		return 2;
	if (!strncmp(t, "i:", 2))
		return 3;
	return 4;
}

static int tok_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int rx = tok_rank(x), ry = tok_rank(y);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x, y);
}

/* the child tokens of n, sorted, without "."; free() the array */
static const char **sorted_tokens(const json_t *n, size_t *count)
{
	const char **v = xmalloc((json_object_size(n) + 1) * sizeof(*v));
	const char *k;
	json_t *c;
	size_t i = 0;

	json_object_foreach((json_t *)n, k, c) {
		if (strcmp(k, "."))
			v[i++] = k;
	}
	qsort(v, i, sizeof(*v), tok_cmp);
	*count = i;
	return v;
}

static json_t *set_to_wire_node(const json_t *n, int self)
{
	json_t *out = json_object();
	const char **toks;
	size_t i, count;

	toks = sorted_tokens(n, &count);
	if (self && node_member(n) && count)
		json_object_set_new(out, ".", json_object());
	for (i = 0; i < count; i++)
		json_object_set_new(out, toks[i],
				    set_to_wire_node(json_object_get(n, toks[i]), 1));
	free(toks);
	return out;
}

/* FieldsV1 of an internal set (new reference) */
static json_t *set_to_wire(const json_t *s)
{
	return set_to_wire_node(s, 0);
}

static json_t *set_from_wire_node(const json_t *w)
{
	json_t *out = json_object(), *v;
	const char *k;

	if (!json_object_size(w)) {
		node_mark(out);
		return out;
	}
	json_object_foreach((json_t *)w, k, v) {
		if (!strcmp(k, "."))
			node_mark(out);
		else if (json_is_object(v))
			json_object_set_new(out, k, set_from_wire_node(v));
	}
	return out;
}

/* internal set of a FieldsV1 value (anything else: the empty set) */
static json_t *set_from_wire(const json_t *w)
{
	json_t *out = json_object(), *v;
	const char *k;

	if (!json_is_object(w))
		return out;
	json_object_foreach((json_t *)w, k, v) {
		if (strcmp(k, ".") && json_is_object(v))
			json_object_set_new(out, k, set_from_wire_node(v));
	}
	set_compact(out);
	return out;
}

/* ------------------------------------------------------------------ */
/* path text for messages: ".spec.containers[name=\"c\"].image"        */

/* Go's strconv.Quote for the usual cases (printable UTF-8 is kept) */
static void go_quote(struct buf *out, const char *s, size_t len)
{
	size_t i;

	buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		switch (ch) {
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '\a':
			buf_adds(out, "\\a");
			break;
		case '\b':
			buf_adds(out, "\\b");
			break;
		case '\f':
			buf_adds(out, "\\f");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		case '\v':
			buf_adds(out, "\\v");
			break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				buf_addf(out, "\\x%02x", ch);
			else
				buf_addc(out, (char)ch);
		}
	}
	buf_addc(out, '"');
}

/* SMD's value.ToString */
static void value_text(struct buf *out, const json_t *v)
{
	char num[64];

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (doc_uint_text(v))
			buf_adds(out, doc_uint_text(v));
		else
			go_quote(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_addf(out, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		go_format_float(json_real_value(v), num, sizeof(num));
		buf_adds(out, num);
		break;
	case JSON_TRUE:
		buf_adds(out, "true");
		break;
	case JSON_FALSE:
		buf_adds(out, "false");
		break;
	case JSON_NULL:
		buf_adds(out, "null");
		break;
	default:
		doc_json_go(out, v);
	}
}

/* append the display form of one token (SMD's PathElement.String) */
static void tok_text(struct buf *out, const char *tok)
{
	json_t *v;
	const char *k;
	json_t *kv;
	int first = 1;

	if (!strncmp(tok, "f:", 2)) {
		buf_addc(out, '.');
		buf_adds(out, tok + 2);
		return;
	}
	if (!strncmp(tok, "i:", 2)) {
		buf_addf(out, "[%s]", tok + 2);
		return;
	}
	if (strncmp(tok, "k:", 2) && strncmp(tok, "v:", 2)) {
		buf_adds(out, tok);
		return;
	}
	v = json_loads(tok + 2, JSON_DECODE_ANY, NULL);
	if (!v) {
		buf_adds(out, tok);
		return;
	}
	buf_addc(out, '[');
	if (tok[0] == 'v') {
		buf_addc(out, '=');
		value_text(out, v);
	} else {
		json_object_foreach(v, k, kv) {
			if (!first)
				buf_addc(out, ',');
			first = 0;
			buf_adds(out, k);
			buf_addc(out, '=');
			value_text(out, kv);
		}
	}
	buf_addc(out, ']');
	json_decref(v);
}

/* append the members of s to out (JSON strings) in SMD's Set.Iterate order */
static void set_paths(const json_t *s, struct buf *prefix, json_t *out)
{
	const char **toks;
	size_t i, count, len = prefix->len;
	json_t *c;

	toks = sorted_tokens(s, &count);
	for (i = 0; i < count; i++) {
		c = json_object_get(s, toks[i]);
		if (!node_member(c))
			continue;
		tok_text(prefix, toks[i]);
		json_array_append_new(out, json_string(prefix->ptr));
		buf_setlen(prefix, len);
	}
	for (i = 0; i < count; i++) {
		c = json_object_get(s, toks[i]);
		if (!node_has_children(c))
			continue;
		tok_text(prefix, toks[i]);
		set_paths(c, prefix, out);
		buf_setlen(prefix, len);
	}
	free(toks);
}

/* ------------------------------------------------------------------ */
/* walking                                                             */

struct walk {
	const struct ssa_ctx *c;
	struct buf path; /* schema path of the current value */
	int strict;      /* the applied body: bad keyed lists are errors */
	int track_status;
	int only_status; /* an apply to /status: nothing else is tracked */
	int create;      /* comparing against Go's empty object */
};

enum ltype { L_ATOMIC, L_SET, L_MAP };

static void walk_init(struct walk *w, const struct ssa_ctx *c, int strict)
{
	w->c = c;
	buf_init(&w->path, 0);
	w->strict = strict;
	w->track_status = 0;
	w->only_status = 0;
	w->create = 0;
}

static size_t push_field(struct walk *w, const char *key)
{
	size_t old = w->path.len;

	if (old)
		buf_addc(&w->path, '.');
	buf_adds(&w->path, key);
	return old;
}

static size_t push_elem(struct walk *w)
{
	size_t old = w->path.len;

	buf_adds(&w->path, "[]");
	return old;
}

static void pop(struct walk *w, size_t old)
{
	buf_setlen(&w->path, old);
}

/* the list at the current path: its kind, and its keys for L_MAP */
static enum ltype list_type(struct walk *w, const char **keys)
{
	const char *k = NULL;

	if (w->c && w->c->list_keys)
		k = w->c->list_keys(w->c->list_ctx, w->path.ptr);
	*keys = k;
	if (!k)
		return L_ATOMIC;
	return *k ? L_MAP : L_SET;
}

static const char *const ignored_meta[] = {
	"name", "namespace", "uid", "resourceVersion", "generation",
	"creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
	"selfLink", "managedFields", NULL,
};

/* fields never tracked: identity, server-set metadata, status */
static int ignored(const struct walk *w, const char *key)
{
	size_t i;

	if (!w->path.len && w->only_status)
		return strcmp(key, "status") != 0;
	if (!w->path.len)
		return !strcmp(key, "apiVersion") || !strcmp(key, "kind") ||
		       (!strcmp(key, "status") && !w->track_status);
	if (strcmp(w->path.ptr, "metadata"))
		return 0;
	for (i = 0; ignored_meta[i]; i++)
		if (!strcmp(key, ignored_meta[i]))
			return 1;
	return 0;
}

/* whether k is one of the comma-separated names in keys */
static int in_keylist(const char *keys, const char *k)
{
	size_t n = strlen(k);
	const char *p = keys, *e;

	while (p && *p) {
		e = strchr(p, ',');
		if ((size_t)(e ? e - p : (ptrdiff_t)strlen(p)) == n && !memcmp(p, k, n))
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/* the token of a list element; -1 when it does not fit the list type */
static int elem_token(const json_t *el, enum ltype t, const char *keys,
		      struct buf *tok)
{
	json_t *kobj, *v;
	const char *p = keys, *e;
	char *name;
	size_t n;

	buf_reset(tok);
	if (t == L_SET) {
		if (json_is_object(el) || json_is_array(el) || json_is_null(el))
			return -1;
		buf_adds(tok, "v:");
		doc_json_go(tok, el);
		return 0;
	}
	if (!json_is_object(el))
		return -1;
	kobj = json_object();
	while (p && *p) {
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			name = xstrndup(p, n);
			v = json_object_get(el, name);
			if (v && !json_is_null(v))
				json_object_set_new(kobj, name, json_deep_copy(v));
			else if (!strcmp(name, "protocol"))
				/* the server defaults it before keying */
				json_object_set_new(kobj, name, json_string("TCP"));
			free(name);
		}
		p = e ? e + 1 : NULL;
	}
	buf_adds(tok, "k:");
	doc_json_go(tok, kobj);
	json_decref(kobj);
	return 0;
}

/* the elements of a keyed list or set with their tokens */
struct elems {
	char **tok;
	int *dup; /* the same token as an earlier element */
	size_t n;
};

static void elems_release(struct elems *e)
{
	size_t i;

	for (i = 0; e->tok && i < e->n; i++)
		free(e->tok[i]);
	free(e->tok);
	free(e->dup);
	e->tok = NULL;
	e->dup = NULL;
	e->n = 0;
}

/* index of the first element with tok, or -1 */
static long elems_find(const struct elems *e, const char *tok)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->tok[i] && !e->dup[i] && !strcmp(e->tok[i], tok))
			return (long)i;
	return -1;
}

/*
 * index_list: tokens of arr's elements.  0 ok; 1 when an element does
 * not fit the list type (the caller treats the list as atomic); in
 * strict mode that and a duplicate are ERR_INVALID instead.
 */
static int index_list(struct walk *w, const json_t *arr, enum ltype t,
		      const char *keys, struct elems *e)
{
	struct buf tok = BUF_INIT, msg = BUF_INIT;
	size_t i, n = json_array_size(arr);
	int rc = 0;

	e->n = n;
	e->tok = xcalloc(n + 1, sizeof(*e->tok));
	e->dup = xcalloc(n + 1, sizeof(*e->dup));
	for (i = 0; i < n; i++) {
		if (elem_token(json_array_get(arr, i), t, keys, &tok) < 0) {
			if (!w->strict) {
				rc = 1;
				goto done;
			}
			rc = err_set(ERR_INVALID, "%s: element %zu: %s", w->path.ptr, i,
				     t == L_MAP ? "associative list with keys may not have non-map elements"
						: "associative list without keys may only have scalar elements");
			goto done;
		}
		if (elems_find(e, tok.ptr) >= 0) {
			if (w->strict) {
				tok_text(&msg, tok.ptr);
				rc = err_set(ERR_INVALID, "%s: duplicate entries for key %s",
					     w->path.ptr, msg.ptr);
				goto done;
			}
			e->dup[i] = 1;
		}
		e->tok[i] = xstrdup(tok.ptr);
	}
done:
	if (rc)
		elems_release(e);
	buf_release(&tok);
	buf_release(&msg);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the field set of an applied object                                  */

static int fs_value(struct walk *w, const json_t *v, json_t *node);

static int fs_object(struct walk *w, const json_t *obj, json_t *node)
{
	struct buf tok = BUF_INIT;
	const char *k;
	json_t *v;
	size_t old;
	int rc = 0;

	json_object_foreach((json_t *)obj, k, v) {
		if (ignored(w, k))
			continue;
		buf_reset(&tok);
		buf_adds(&tok, "f:");
		buf_adds(&tok, k);
		old = push_field(w, k);
		rc = fs_value(w, v, node_child(node, tok.ptr));
		pop(w, old);
		if (rc)
			break;
	}
	buf_release(&tok);
	return rc;
}

static int fs_list(struct walk *w, const json_t *arr, json_t *node)
{
	struct elems e = { NULL, NULL, 0 };
	const char *keys;
	enum ltype t = list_type(w, &keys);
	json_t *child;
	size_t i, old;
	int rc;

	if (t == L_ATOMIC) {
		node_mark(node);
		return 0;
	}
	rc = index_list(w, arr, t, keys, &e);
	if (rc == 1) {
		node_mark(node);
		return 0;
	}
	if (rc)
		return rc;
	for (i = 0; i < e.n && !rc; i++) {
		if (e.dup[i])
			continue;
		child = node_child(node, e.tok[i]);
		node_mark(child);
		if (t == L_MAP) {
			old = push_elem(w);
			rc = fs_object(w, json_array_get(arr, i), child);
			pop(w, old);
		}
	}
	elems_release(&e);
	return rc;
}

static int fs_value(struct walk *w, const json_t *v, json_t *node)
{
	if (json_is_object(v))
		return fs_object(w, v, node);
	if (json_is_array(v))
		return fs_list(w, v, node);
	node_mark(node);
	return 0;
}

/* ------------------------------------------------------------------ */
/* comparing two versions of an object                                 */

/* the three sets Compare fills */
struct tri {
	json_t *add, *mod, *rem;
};

enum { ADDED, MODIFIED, REMOVED };

/*
 * A position in the three sets, created lazily: most paths of a large
 * object are in none of them, so nodes are made only on the way to a
 * mark.  at.tok must stay valid while the walk is beneath it.
 */
struct at {
	struct at *parent;
	const char *tok;
	json_t *n[3];
};

static json_t *at_node(struct at *a, int which)
{
	if (!a->n[which])
		a->n[which] = node_child(at_node(a->parent, which), a->tok);
	return a->n[which];
}

static void at_mark(struct at *a, int which)
{
	node_mark(at_node(a, which));
}

static struct at at_child(struct at *parent, const char *tok)
{
	struct at a = { parent, tok, { NULL, NULL, NULL } };

	return a;
}

/*
 * Fields of the built-in types that Go's empty object already has: the
 * non-pointer structs (written {}) and the lists without omitempty
 * (written null).  Creating them does not add the field itself.
 */
static const char *const zero_fields[] = {
	"metadata", "spec", "status", "template", "strategy",
	"updateStrategy", "resources", "containers", NULL,
};

static int zero_field(const char *key)
{
	size_t i;

	for (i = 0; key && zero_fields[i]; i++)
		if (!strcmp(key, zero_fields[i]))
			return 1;
	return 0;
}

enum vclass { V_NONE, V_OBJECT, V_ARRAY, V_SCALAR };

static enum vclass vclass(const json_t *v)
{
	if (!v)
		return V_NONE;
	if (json_is_object(v))
		return V_OBJECT;
	if (json_is_array(v))
		return V_ARRAY;
	return V_SCALAR;
}

static void cmp_value(struct walk *w, const json_t *l, const json_t *r,
		      struct at *t, int item, const char *key);

static void cmp_object(struct walk *w, const json_t *l, const json_t *r,
		       struct at *t)
{
	struct buf tok = BUF_INIT;
	struct at child;
	const char *k;
	json_t *v;
	size_t old;

	json_object_foreach((json_t *)l, k, v) {
		if (ignored(w, k))
			continue;
		buf_reset(&tok);
		buf_adds(&tok, "f:");
		buf_adds(&tok, k);
		child = at_child(t, tok.ptr);
		old = push_field(w, k);
		cmp_value(w, v, r ? json_object_get(r, k) : NULL, &child, 1, k);
		pop(w, old);
	}
	json_object_foreach((json_t *)r, k, v) {
		if ((l && json_object_get(l, k)) || ignored(w, k))
			continue;
		buf_reset(&tok);
		buf_adds(&tok, "f:");
		buf_adds(&tok, k);
		child = at_child(t, tok.ptr);
		old = push_field(w, k);
		cmp_value(w, NULL, v, &child, 1, k);
		pop(w, old);
	}
	buf_release(&tok);
}

static void cmp_leaf(const json_t *l, const json_t *r, struct at *t)
{
	if (!l)
		at_mark(t, ADDED);
	else if (!r)
		at_mark(t, REMOVED);
	else if (!json_equal(l, r))
		at_mark(t, MODIFIED);
}

/* 0 when compared element-wise, 1 when the lists are one leaf */
static int cmp_list(struct walk *w, const json_t *l, const json_t *r,
		    struct at *t)
{
	struct elems le = { NULL, NULL, 0 }, re = { NULL, NULL, 0 };
	struct at child;
	const char *keys;
	enum ltype lt = list_type(w, &keys);
	size_t i, old;
	long j;
	int leaf = 0;

	if (lt == L_ATOMIC || (!json_array_size(l) && !json_array_size(r)))
		return 1;
	if ((l && index_list(w, l, lt, keys, &le)) ||
	    (r && index_list(w, r, lt, keys, &re))) {
		leaf = 1;
		goto done;
	}
	for (i = 0; i < le.n; i++) {
		if (le.dup[i])
			continue;
		j = elems_find(&re, le.tok[i]);
		child = at_child(t, le.tok[i]);
		old = lt == L_MAP ? push_elem(w) : w->path.len;
		cmp_value(w, json_array_get(l, i), j >= 0 ? json_array_get(r, (size_t)j) : NULL,
			  &child, 1, NULL);
		pop(w, old);
	}
	for (i = 0; i < re.n; i++) {
		if (re.dup[i] || elems_find(&le, re.tok[i]) >= 0)
			continue;
		child = at_child(t, re.tok[i]);
		old = lt == L_MAP ? push_elem(w) : w->path.len;
		cmp_value(w, NULL, json_array_get(r, i), &child, 1, NULL);
		pop(w, old);
	}
done:
	elems_release(&le);
	elems_release(&re);
	return leaf;
}

/* the children of a container that exists on one side only */
static void cmp_one_side(struct walk *w, const json_t *l, const json_t *r,
			 struct at *t)
{
	const json_t *v = l ? l : r;

	if (json_is_object(v))
		cmp_object(w, l, r, t);
	else if (json_is_array(v))
		cmp_list(w, l, r, t);
}

static void cmp_value(struct walk *w, const json_t *l, const json_t *r,
		      struct at *t, int item, const char *key)
{
	enum vclass cl = vclass(l), cr = vclass(r), c = cl ? cl : cr;
	int leaf = 0;

	if (cl && cr && cl != cr) {
		/* a type change: the old subtree goes, the new one comes */
		cmp_one_side(w, l, NULL, t);
		cmp_one_side(w, NULL, r, t);
		at_mark(t, MODIFIED);
		return;
	}
	if (c == V_OBJECT) {
		if (!json_object_size(l) && !json_object_size(r))
			leaf = 1;
		else
			cmp_object(w, l, r, t);
	} else if (c == V_ARRAY) {
		leaf = cmp_list(w, l, r, t);
	} else {
		leaf = 1;
	}
	if (leaf) {
		cmp_leaf(l, r, t);
		return;
	}
	if (!item)
		return;
	if (!l && !(w->create && zero_field(key)))
		at_mark(t, ADDED);
	else if (!r)
		at_mark(t, REMOVED);
}

static void compare(struct walk *w, const json_t *l, const json_t *r,
		    struct tri *out)
{
	struct at root = { NULL, NULL, { NULL, NULL, NULL } };

	out->add = root.n[ADDED] = json_object();
	out->mod = root.n[MODIFIED] = json_object();
	out->rem = root.n[REMOVED] = json_object();
	cmp_value(w, l, r, &root, 0, NULL);
	set_compact(out->add);
	set_compact(out->mod);
	set_compact(out->rem);
}

static void tri_release(struct tri *t)
{
	json_decref(t->add);
	json_decref(t->mod);
	json_decref(t->rem);
	t->add = t->mod = t->rem = NULL;
}

/* ------------------------------------------------------------------ */
/* merging applied into live                                           */

/* applied fields that never reach the object */
static int applied_skipped(const struct walk *w, const char *key)
{
	if (!w->path.len)
		return w->only_status ? strcmp(key, "status") != 0 : !strcmp(key, "status");
	return !strcmp(w->path.ptr, "metadata") && !strcmp(key, "managedFields");
}

static int has_null(const json_t *v)
{
	const json_t *c;
	const char *k;
	size_t i;

	if (json_is_null(v))
		return 1;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, c)
			if (has_null(c))
				return 1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c)
			if (has_null(c))
				return 1;
	}
	return 0;
}

/*
 * An applied value without its null fields: a copy, or under
 * take_applied the value itself wherever it holds no null (the walk
 * for nulls costs far less than a copy; nulls are rare in a body).
 */
static json_t *copy_applied(const struct walk *w, const json_t *v)
{
	json_t *out, *c;
	const char *k;
	size_t i;

	if (w->c && w->c->take_applied && !has_null(v))
		return json_incref((json_t *)v);
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach((json_t *)v, k, c) {
			if (!json_is_null(c))
				json_object_set_new(out, k, copy_applied(w, c));
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		for (i = 0; i < json_array_size(v); i++)
			json_array_append_new(out, copy_applied(w, json_array_get(v, i)));
		return out;
	}
	return json_deep_copy(v);
}

static json_t *merge_value(struct walk *w, const json_t *l, const json_t *r);

static json_t *merge_object(struct walk *w, const json_t *l, const json_t *r)
{
	json_t *out = json_object(), *lv, *rv;
	const char *k;
	size_t old;

	json_object_foreach((json_t *)l, k, lv) {
		rv = applied_skipped(w, k) ? NULL : json_object_get(r, k);
		if (rv && json_is_null(rv))
			continue; /* null removes */
		old = push_field(w, k);
		json_object_set_new(out, k, rv ? merge_value(w, lv, rv) : json_deep_copy(lv));
		pop(w, old);
	}
	json_object_foreach((json_t *)r, k, rv) {
		if (json_object_get(l, k) || json_is_null(rv) || applied_skipped(w, k))
			continue;
		json_object_set_new(out, k, copy_applied(w, rv));
	}
	return out;
}

static json_t *merge_elem(struct walk *w, enum ltype t, const json_t *l,
			  const json_t *r)
{
	json_t *out;
	size_t old;

	if (!r)
		return json_deep_copy(l);
	if (t != L_MAP)
		return copy_applied(w, r);
	old = push_elem(w);
	out = merge_value(w, l, r);
	pop(w, old);
	return out;
}

/* SMD v4 visitListItems: applied order, live-only elements kept in place */
static json_t *merge_list(struct walk *w, const json_t *l, const json_t *r)
{
	struct elems le = { NULL, NULL, 0 }, re = { NULL, NULL, 0 };
	const char *keys;
	enum ltype t = list_type(w, &keys);
	json_t *out = NULL;
	size_t *shared = NULL, nshared = 0, si = 0, li = 0, ri = 0, i;
	int *used = NULL;
	long j;

	if (t == L_ATOMIC || (!json_array_size(l) && !json_array_size(r)) ||
	    index_list(w, l, t, keys, &le) || index_list(w, r, t, keys, &re))
		goto replace;

	/* the elements in both, in applied order */
	shared = xcalloc(re.n + 1, sizeof(*shared));
	for (i = 0; i < re.n; i++)
		if (elems_find(&le, re.tok[i]) >= 0)
			shared[nshared++] = i;
	used = xcalloc(le.n + 1, sizeof(*used));
	out = json_array();
	while (li < le.n || ri < re.n) {
		const char *lt = li < le.n ? le.tok[li] : NULL;
		int l_in_r = lt && elems_find(&re, lt) >= 0;

		if (lt && used[li]) {
			li++; /* merged already, in applied order */
			continue;
		}
		if (lt && le.dup[li]) {
			/* a later duplicate goes when applied names its key */
			if (!l_in_r)
				json_array_append_new(out, json_deep_copy(json_array_get(l, li)));
			li++;
			continue;
		}
		if (lt && ri < re.n) {
			if (!strcmp(lt, re.tok[ri])) {
				json_array_append_new(out, merge_elem(w, t, json_array_get(l, li),
								      json_array_get(r, ri)));
				used[li] = 1;
				li++;
				ri++;
				if (si < nshared)
					si++;
				continue;
			}
			if (l_in_r && si < nshared && strcmp(re.tok[shared[si]], lt)) {
				/* shared, but not the one wanted in this round */
				li++;
				continue;
			}
		}
		if (lt && !l_in_r) {
			json_array_append_new(out, json_deep_copy(json_array_get(l, li)));
			li++;
			continue;
		}
		if (ri < re.n) {
			j = elems_find(&le, re.tok[ri]);
			if (j >= 0)
				used[j] = 1;
			json_array_append_new(out, merge_elem(w, t, j >= 0 ? json_array_get(l, (size_t)j) : NULL,
							      json_array_get(r, ri)));
			if (si < nshared && !strcmp(re.tok[shared[si]], re.tok[ri]))
				si++;
			ri++;
			continue;
		}
		li++; /* cannot happen: a shared live element whose turn passed */
	}
	goto done;
replace:
	out = copy_applied(w, r);
done:
	free(shared);
	free(used);
	elems_release(&le);
	elems_release(&re);
	return out;
}

static json_t *merge_value(struct walk *w, const json_t *l, const json_t *r)
{
	if (!r)
		return json_deep_copy(l);
	if (!l)
		return copy_applied(w, r);
	if (json_is_object(l) && json_is_object(r))
		return merge_object(w, l, r);
	if (json_is_array(l) && json_is_array(r))
		return merge_list(w, l, r);
	return copy_applied(w, r);
}

/* ------------------------------------------------------------------ */
/* pruning                                                             */

/*
 * prune: remove from v (our own copy) the members of set s; keys: the
 * key fields to keep when v is a map-list element.  Returns 1 when
 * this emptied v.
 */
static int prune(struct walk *w, json_t *v, const json_t *s, const char *keys)
{
	struct buf tok = BUF_INIT;
	struct elems e = { NULL, NULL, 0 };
	const char *k, *lkeys;
	json_t *c, *cs;
	void *tmp;
	size_t i, old, n;
	enum ltype t;
	int emptied = 0;

	if (json_is_object(v)) {
		n = json_object_size(v);
		json_object_foreach_safe(v, tmp, k, c) {
			if (keys && in_keylist(keys, k))
				continue;
			buf_reset(&tok);
			buf_adds(&tok, "f:");
			buf_adds(&tok, k);
			cs = json_object_get(s, tok.ptr);
			if (!cs)
				continue;
			if (node_member(cs)) {
				json_object_del(v, k);
				continue;
			}
			old = push_field(w, k);
			if (prune(w, c, cs, NULL))
				json_object_del(v, k);
			pop(w, old);
		}
		emptied = n && !json_object_size(v);
	} else if (json_is_array(v)) {
		n = json_array_size(v);
		t = list_type(w, &lkeys);
		if (t == L_ATOMIC || index_list(w, v, t, lkeys, &e))
			goto done;
		for (i = e.n; i-- > 0;) {
			cs = json_object_get(s, e.tok[i]);
			if (!cs)
				continue;
			if (node_member(cs)) {
				json_array_remove(v, i);
				continue;
			}
			if (t == L_MAP) {
				old = push_elem(w);
				prune(w, json_array_get(v, i), cs, lkeys);
				pop(w, old);
			}
		}
		emptied = n && !json_array_size(v);
	}
done:
	elems_release(&e);
	buf_release(&tok);
	return emptied;
}

/* ------------------------------------------------------------------ */
/* managedFields entries                                               */

struct entry {
	char *manager, *operation, *api_version, *time, *subresource;
	json_t *set; /* internal form */
};

struct entries {
	struct entry *v;
	size_t n, alloc;
};

static char *str_field(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? xstrdup(s) : NULL;
}

static struct entry *entries_add(struct entries *es)
{
	struct entry *e;

	ALLOC_GROW(es->v, es->n + 1, es->alloc);
	e = &es->v[es->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

static void entries_parse(struct entries *es, const json_t *mf)
{
	struct entry *e;
	const json_t *o;
	size_t i;

	for (i = 0; i < json_array_size(mf); i++) {
		o = json_array_get(mf, i);
		if (!json_is_object(o) || !json_is_string(json_object_get(o, "manager")))
			continue;
		e = entries_add(es);
		e->manager = xstrdup(json_string_value(json_object_get(o, "manager")));
		e->operation = str_field(o, "operation");
		e->api_version = str_field(o, "apiVersion");
		e->time = str_field(o, "time");
		e->subresource = str_field(o, "subresource");
		e->set = set_from_wire(json_object_get(o, "fieldsV1"));
	}
}

static void entries_release(struct entries *es)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		free(es->v[i].manager);
		free(es->v[i].operation);
		free(es->v[i].api_version);
		free(es->v[i].time);
		free(es->v[i].subresource);
		json_decref(es->v[i].set);
	}
	free(es->v);
	es->v = NULL;
	es->n = es->alloc = 0;
}

static int str_eq(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && !strcmp(a, b);
}

/* the entry of (manager, op[, api_version], subresource), or -1 */
static long entries_find(const struct entries *es, const char *manager,
			 const char *op, const char *api_version,
			 const char *subresource)
{
	size_t i;

	for (i = 0; i < es->n; i++) {
		const struct entry *e = &es->v[i];

		if (strcmp(e->manager, manager) || !str_eq(e->operation, op) ||
		    !str_eq(e->subresource, subresource))
			continue;
		if (api_version && !str_eq(e->api_version, api_version))
			continue;
		return (long)i;
	}
	return -1;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s && *s ? xstrdup(s) : NULL;
}

static long entries_new(struct entries *es, const char *manager, const char *op,
			const char *api_version, const char *subresource)
{
	struct entry *e = entries_add(es);

	e->manager = xstrdup(manager);
	set_str(&e->operation, op);
	set_str(&e->api_version, api_version);
	set_str(&e->subresource, subresource);
	e->set = json_object();
	return (long)(es->n - 1);
}

static void entry_replace_set(struct entry *e, json_t *set)
{
	json_decref(e->set);
	e->set = set;
}

/* write es (non-empty entries, in order) as obj's metadata.managedFields */
static void entries_write(const struct entries *es, json_t *obj)
{
	json_t *arr = json_array(), *o, *meta;
	size_t i;

	for (i = 0; i < es->n; i++) {
		const struct entry *e = &es->v[i];

		if (!json_object_size(e->set))
			continue;
		o = json_object();
		json_object_set_new(o, "manager", json_string(e->manager));
		if (e->operation)
			json_object_set_new(o, "operation", json_string(e->operation));
		if (e->api_version)
			json_object_set_new(o, "apiVersion", json_string(e->api_version));
		if (e->time)
			json_object_set_new(o, "time", json_string(e->time));
		json_object_set_new(o, "fieldsType", json_string("FieldsV1"));
		json_object_set_new(o, "fieldsV1", set_to_wire(e->set));
		if (e->subresource)
			json_object_set_new(o, "subresource", json_string(e->subresource));
		json_array_append_new(arr, o);
	}
	meta = json_object_get(obj, "metadata");
	if (!json_array_size(arr)) {
		if (json_is_object(meta))
			json_object_del(meta, "managedFields");
		json_decref(arr);
		return;
	}
	if (!json_is_object(meta)) {
		meta = json_object();
		json_object_set_new(obj, "metadata", meta);
	}
	json_object_set_new(meta, "managedFields", arr);
}

/* "\"mgr\" using v1 with subresource \"status\"" (k8s printManager) */
static void manager_text(struct buf *out, const struct entry *e)
{
	go_quote(out, e->manager, strlen(e->manager));
	if (str_eq(e->operation, "Update"))
		buf_addf(out, " using %s", e->api_version ? e->api_version : "");
	if (e->subresource) {
		buf_adds(out, " with subresource ");
		go_quote(out, e->subresource, strlen(e->subresource));
	}
}

/* the manager identifier k8s sorts conflicts by (BuildManagerIdentifier) */
static char *manager_id(const struct entry *e)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "{\"manager\":");
	go_quote(&b, e->manager, strlen(e->manager));
	buf_addf(&b, ",\"operation\":\"%s\"", e->operation ? e->operation : "");
	if (!str_eq(e->operation, "Apply") && e->api_version)
		buf_addf(&b, ",\"apiVersion\":\"%s\"", e->api_version);
	if (e->subresource)
		buf_addf(&b, ",\"subresource\":\"%s\"", e->subresource);
	buf_addc(&b, '}');
	return buf_detach(&b, NULL);
}

/*
 * update_entries: the ownership part of an Update by (manager,
 * api_version, subresource) from old to new, on es.
 */
static void update_entries(struct walk *w, struct entries *es,
			   const json_t *old, const json_t *cur,
			   const char *manager, const char *api_version,
			   const char *subresource, const char *now)
{
	struct tri t;
	json_t *touched, *gained, *tmp;
	size_t i;
	long self;

	compare(w, old, cur, &t);
	touched = json_object();
	set_union_into(touched, t.add);
	set_union_into(touched, t.mod);
	set_union_into(touched, t.rem);
	tmp = json_object();
	set_union_into(tmp, t.add);
	set_union_into(tmp, t.mod);
	gained = set_diff(tmp, t.rem);
	json_decref(tmp);

	for (i = 0; i < es->n && json_object_size(touched); i++)
		entry_replace_set(&es->v[i], set_diff(es->v[i].set, touched));
	if (json_object_size(gained)) {
		self = entries_find(es, manager, "Update", api_version, subresource);
		if (self < 0)
			self = entries_new(es, manager, "Update", api_version, subresource);
		set_union_into(es->v[self].set, gained);
		set_str(&es->v[self].time, now);
	}
	json_decref(gained);
	json_decref(touched);
	tri_release(&t);
}

/* ------------------------------------------------------------------ */
/* conflicts                                                           */

struct culprit {
	char *id;
	size_t entry;
};

static int culprit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct culprit *)a)->id, ((const struct culprit *)b)->id);
}

/* the 409: causes in *out, the Status message in err_last() */
static int conflict_error(const struct entries *es, json_t *const *hits,
			  json_t **out)
{
	struct culprit *cu = xcalloc(es->n + 1, sizeof(*cu));
	struct buf msg = BUF_INIT, who = BUF_INIT, prefix = BUF_INIT;
	json_t *causes = json_array(), **paths, *cause;
	size_t i, j, n = 0, total = 0;

	for (i = 0; i < es->n; i++) {
		if (!hits[i] || !json_object_size(hits[i]))
			continue;
		cu[n].id = manager_id(&es->v[i]);
		cu[n].entry = i;
		n++;
	}
	qsort(cu, n, sizeof(*cu), culprit_cmp);
	paths = xcalloc(n + 1, sizeof(*paths));
	for (i = 0; i < n; i++) {
		paths[i] = json_array();
		buf_reset(&prefix);
		set_paths(hits[cu[i].entry], &prefix, paths[i]);
		total += json_array_size(paths[i]);
	}
	for (i = 0; i < n; i++) {
		buf_reset(&who);
		manager_text(&who, &es->v[cu[i].entry]);
		if (total > 1)
			buf_addf(&msg, "%sconflicts with %s:", i ? "\n" : "", who.ptr);
		for (j = 0; j < json_array_size(paths[i]); j++) {
			const char *p = json_string_value(json_array_get(paths[i], j));

			cause = json_object();
			json_object_set_new(cause, "reason", json_string("FieldManagerConflict"));
			buf_reset(&prefix);
			buf_addf(&prefix, "conflict with %s", who.ptr);
			json_object_set_new(cause, "message", json_string(prefix.ptr));
			json_object_set_new(cause, "field", json_string(p));
			json_array_append_new(causes, cause);
			if (total == 1)
				buf_addf(&msg, "conflict with %s: %s", who.ptr, p);
			else
				buf_addf(&msg, "\n- %s", p);
		}
	}
	err_set(ERR_CONFLICT, "Apply failed with %zu conflict%s: %s", total,
		total == 1 ? "" : "s", msg.ptr);
	*out = causes;
	for (i = 0; i < n; i++) {
		free(cu[i].id);
		json_decref(paths[i]);
	}
	free(cu);
	free(paths);
	buf_release(&msg);
	buf_release(&who);
	buf_release(&prefix);
	return ERR_CONFLICT;
}

/* ------------------------------------------------------------------ */
/* the API                                                             */

static const json_t *managed_fields(const json_t *obj)
{
	return json_object_get(json_object_get(obj, "metadata"), "managedFields");
}

int ssa_equal_but(const json_t *a, const json_t *b, const char *ignored)
{
	const json_t *ma = json_object_get(a, "metadata");
	const json_t *mb = json_object_get(b, "metadata");
	const char *k;
	json_t *v;

	if (!a || !b || json_object_size(a) != json_object_size(b))
		return 0;
	json_object_foreach((json_t *)a, k, v) {
		if (strcmp(k, "metadata") && !json_equal(v, json_object_get(b, k)))
			return 0;
	}
	if (!ma || !mb)
		return !ma && !mb;
	if (!json_is_object(ma) || !json_is_object(mb))
		return json_equal(ma, mb);
	json_object_foreach((json_t *)ma, k, v) {
		if (strcmp(k, ignored) && !json_equal(v, json_object_get(mb, k)))
			return 0;
	}
	json_object_foreach((json_t *)mb, k, v) {
		if (strcmp(k, ignored) && !json_object_get(ma, k))
			return 0;
	}
	return 1;
}

int ssa_apply(const struct ssa_ctx *c, const json_t *live,
	      const json_t *applied, const char *manager,
	      const char *api_version, int force, json_t **out,
	      json_t **conflicts)
{
	return ssa_apply_subresource(c, live, applied, manager, api_version,
				     NULL, force, out, conflicts);
}

int ssa_apply_subresource(const struct ssa_ctx *c, const json_t *live,
			  const json_t *applied, const char *manager,
			  const char *api_version, const char *subresource,
			  int force, json_t **out, json_t **conflicts)
{
	struct walk w;
	struct entries es = { NULL, 0, 0 };
	struct tri t = { NULL, NULL, NULL };
	const json_t *mf = managed_fields(applied);
	json_t *newset = NULL, *merged = NULL, *empty = NULL, *all = NULL;
	json_t *gone = NULL, *changed = NULL, *tmp, **hits = NULL;
	size_t i;
	long self;
	int rc, any = 0, set_time = 0;

	assert(manager && out && conflicts);
	*out = NULL;
	*conflicts = NULL;
	walk_init(&w, c, 1);
	if (!json_is_object(applied)) {
		rc = err_set(ERR_INVALID, "the apply body must be an object, not %s",
			     applied ? doc_kind_name(applied) : "nothing");
		goto done;
	}
	if (mf && !json_is_null(mf) && !(json_is_array(mf) && !json_array_size(mf))) {
		rc = err_set(ERR_INVALID, "metadata.managedFields must be nil");
		goto done;
	}
	if (live && !json_is_object(live)) {
		rc = err_set(ERR_INVALID, "the live object must be an object, not %s",
			     doc_kind_name(live));
		goto done;
	}
	if (subresource && strcmp(subresource, "status")) {
		rc = err_set(ERR_UNSUPPORTED, "server-side apply to the \"%s\" subresource is not supported",
			     subresource);
		goto done;
	}
	if (subresource && !live) {
		rc = err_set(ERR_NOTFOUND, "an apply to the status subresource needs an existing object");
		goto done;
	}
	w.only_status = w.track_status = subresource != NULL;
	newset = json_object();
	rc = fs_object(&w, applied, newset);
	if (rc)
		goto done;
	set_compact(newset);
	w.strict = 0;

	entries_parse(&es, managed_fields(live));
	if (live && !es.n) {
		/* fields that existed before anyone applied belong to someone */
		struct walk bw;

		walk_init(&bw, c, 0);
		bw.create = 1;
		update_entries(&bw, &es, NULL, live, "before-first-apply", api_version,
			       NULL, c ? c->now : NULL);
		buf_release(&bw.path);
	}
	self = entries_find(&es, manager, "Apply", NULL, subresource);

	empty = json_object();
	merged = merge_object(&w, live ? live : empty, applied);

	if (self >= 0) {
		all = json_object();
		set_union_into(all, newset);
		for (i = 0; i < es.n; i++)
			if ((long)i != self)
				set_union_into(all, es.v[i].set);
		gone = set_diff(es.v[self].set, all);
		if (json_object_size(gone))
			prune(&w, merged, gone, NULL);
	}

	compare(&w, live, merged, &t);
	changed = json_object();
	set_union_into(changed, t.add);
	set_union_into(changed, t.mod);
	tmp = set_intersect(t.rem, newset); /* explicit nulls count as changes */
	set_union_into(changed, tmp);
	json_decref(tmp);

	/* one spare slot: the applier's entry may be appended below */
	hits = xcalloc(es.n + 1, sizeof(*hits));
	for (i = 0; i < es.n; i++) {
		if ((long)i == self)
			continue;
		hits[i] = set_intersect(es.v[i].set, changed);
		any |= json_object_size(hits[i]) != 0;
	}
	if (any && !force) {
		rc = conflict_error(&es, hits, conflicts);
		goto done;
	}
	for (i = 0; i < es.n; i++) {
		if ((long)i == self)
			continue;
		if (hits[i] && json_object_size(hits[i]))
			entry_replace_set(&es.v[i], set_diff(es.v[i].set, hits[i]));
		if (json_object_size(t.rem))
			entry_replace_set(&es.v[i], set_diff(es.v[i].set, t.rem));
	}
	/* a no-op apply keeps the time, so that it really changes nothing */
	if (self < 0 || !ssa_equal_but(live, merged, "managedFields"))
		set_time = 1;
	if (self < 0)
		self = entries_new(&es, manager, "Apply", api_version, subresource);
	set_str(&es.v[self].api_version, api_version);
	if (set_time)
		set_str(&es.v[self].time, c ? c->now : NULL);
	entry_replace_set(&es.v[self], newset);
	newset = NULL;
	entries_write(&es, merged);
	*out = merged;
	merged = NULL;
	rc = 0;
done:
	if (hits)
		for (i = 0; i < es.n; i++)
			json_decref(hits[i]);
	free(hits);
	json_decref(changed);
	tri_release(&t);
	json_decref(gone);
	json_decref(all);
	json_decref(empty);
	json_decref(merged);
	json_decref(newset);
	entries_release(&es);
	buf_release(&w.path);
	return rc;
}

void ssa_update(const struct ssa_ctx *c, const json_t *old, json_t *obj,
		const char *manager, const char *api_version,
		const char *subresource)
{
	struct walk w;
	struct entries es = { NULL, 0, 0 };
	const json_t *mf = managed_fields(obj);

	assert(manager);
	if (!json_is_object(obj))
		return;
	if (subresource || !json_array_size(mf))
		mf = managed_fields(old);
	entries_parse(&es, mf);
	walk_init(&w, c, 0);
	w.track_status = subresource && !strcmp(subresource, "status");
	w.create = !old;
	update_entries(&w, &es, old, obj, manager, api_version, subresource,
		       c ? c->now : NULL);
	entries_write(&es, obj);
	entries_release(&es);
	buf_release(&w.path);
}

json_t *ssa_fieldset(const struct ssa_ctx *c, const json_t *obj)
{
	struct walk w;
	json_t *set = json_object(), *out;

	walk_init(&w, c, 0);
	if (json_is_object(obj))
		fs_object(&w, obj, set);
	set_compact(set);
	out = set_to_wire(set);
	json_decref(set);
	buf_release(&w.path);
	return out;
}

const char *ssa_builtin_list_keys(void *ctx, const char *path)
{
	const struct ssa_kind *k = ctx;

	/* ObjectMeta's lists are the same in every kind, custom ones too */
	if (!strcmp(path, "metadata.finalizers"))
		return "";
	if (!strcmp(path, "metadata.ownerReferences"))
		return "uid";
	if (!k || !k->api_version || !k->kind)
		return NULL;
	/*
	 * Status conditions of the built-in types are keyed by type (a kind
	 * is built in when smp_list_keys knows its finalizers).
	 */
	if (!strcmp(path, "status.conditions") &&
	    smp_list_keys(k->api_version, k->kind, "metadata.finalizers"))
		return "type";
	return smp_list_keys(k->api_version, k->kind, path);
}
