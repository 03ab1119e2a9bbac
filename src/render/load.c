/*
 * load: resource files as kustomize reads them.  See load.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../doc/yaml.h"
#include "load.h"

/* a file cut into pieces and the document of each */
struct parsed {
	const char *name;
	struct doc_pieces pieces;
	json_t *docs;         /* one per piece that held a document */
	size_t *piece_of;     /* piece index of each document */
	struct doc_pos *pos;  /* where each document starts */
};

static void parsed_release(struct parsed *p)
{
	doc_pieces_release(&p->pieces);
	json_decref(p->docs);
	free(p->piece_of);
	free(p->pos);
	memset(p, 0, sizeof(*p));
}

static int parse_pieces(const char *data, size_t len, const char *name,
			struct parsed *out)
{
	struct doc_load_opts opts = DOC_LOAD_OPTS_INIT;
	size_t i, n = 0;
	int err;

	memset(out, 0, sizeof(*out));
	out->name = name;
	opts.name = name;
	err = doc_yaml_load_pieces(data, len, &opts, &out->pieces);
	if (err < 0)
		return err;
	out->docs = json_array();
	out->piece_of = xcalloc(out->pieces.n + 1, sizeof(*out->piece_of));
	out->pos = xcalloc(out->pieces.n + 1, sizeof(*out->pos));
	for (i = 0; i < out->pieces.n; i++) {
		if (!out->pieces.v[i].doc)
			continue;
		json_array_append(out->docs, out->pieces.v[i].doc);
		out->piece_of[n] = i;
		out->pos[n] = out->pieces.v[i].pos;
		n++;
	}
	return 0;
}

/*
 * locate: the position of pointer (e.g. "/metadata") in document i,
 * found by parsing its piece again with positions (errors only).
 */
static struct doc_pos locate(const struct parsed *p, size_t i,
			     const char *pointer, int key)
{
	const struct doc_piece *c = &p->pieces.v[p->piece_of[i]];
	struct doc_load_opts opts = DOC_LOAD_OPTS_INIT;
	struct buf ptr = BUF_INIT;
	struct doc_pos kp, vp, res = p->pos[i];
	json_t *docs = NULL;

	opts.name = p->name;
	opts.pos = doc_posmap_new();
	opts.flags = DOC_LOAD_POSITIONS | DOC_LOAD_FIRST_ONLY;
	opts.line_offset = c->line - 1;
	buf_addf(&ptr, "/0%s", pointer);
	if (doc_yaml_load(c->text, c->len, &opts, &docs) == 0 &&
	    doc_posmap_get(opts.pos, ptr.ptr, &kp, &vp) == 0)
		res = key ? kp : vp;
	err_clear();
	json_decref(docs);
	doc_posmap_free(opts.pos);
	buf_release(&ptr);
	return res;
}

static const char *meta_text(const json_t *meta, const char *key)
{
	const char *s = json_string_value(json_object_get(meta, key));

	return s ? s : "";
}

static int nonempty(const json_t *v)
{
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_object(v))
		return json_object_size(v) > 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	return 1;
}

static int ends_with_list(const char *kind)
{
	size_t n = strlen(kind);

	return n >= 4 && !strcmp(kind + n - 4, "List");
}

/*
 * kustomize's dropBadNodes checks on document i (or an item expanded
 * from it): 1 keep, 0 skip, <0 error with the position of the problem
 */
static int check_doc(const struct parsed *p, size_t i, const json_t *doc,
		     int is_item)
{
	const json_t *meta;
	const char *kind;
	struct doc_pos at = p->pos[i];
	const char *what = NULL;
	char kindbuf[128];

	if (json_is_null(doc) || (json_is_object(doc) && !json_object_size(doc)))
		return 0;
	meta = json_object_get(doc, "metadata");
	if (!json_is_object(doc)) {
		return err_set(ERR_INVALID,
			       "%s:%u:%u: the %s is %s, not a mapping (a Kubernetes object)",
			       p->name, at.line, at.col, is_item ? "list item" : "document",
			       doc_kind_name(doc));
	}
	if (!(nonempty(json_object_get(doc, "apiVersion")) ||
	      nonempty(json_object_get(doc, "kind")) ||
	      (json_is_object(meta) &&
	       (nonempty(json_object_get(meta, "name")) ||
		nonempty(json_object_get(meta, "namespace")) ||
		nonempty(json_object_get(meta, "labels")) ||
		nonempty(json_object_get(meta, "annotations"))))))
		return err_set(ERR_INVALID,
			       "%s:%u:%u: the %s is not a Kubernetes object (it has no apiVersion, kind or metadata)",
			       p->name, at.line, at.col, is_item ? "list item" : "document");
	kind = json_string_value(json_object_get(doc, "kind"));
	if (!kind || !*kind) {
		what = "kind";
	} else if (!ends_with_list(kind) && !*meta_text(meta, "name")) {
		what = "metadata.name";
		if (!is_item)
			at = locate(p, i, meta ? "/metadata" : "", 1);
	}
	if (!what)
		return 1;
	snprintf(kindbuf, sizeof(kindbuf), "%s", kind && *kind ? kind : "object");
	return err_set(ERR_INVALID, "%s:%u:%u: the %s has no %s", p->name,
		       at.line, at.col, kindbuf, what);
}

static void add_doc(struct loaded_file *out, json_t *obj, struct doc_pos pos)
{
	ALLOC_GROW(out->docs, out->n + 1, out->alloc);
	out->docs[out->n].obj = obj;
	out->docs[out->n].line = pos.line;
	out->docs[out->n].col = pos.col;
	out->n++;
}

int load_resources(const char *data, size_t len, const char *name,
		   struct loaded_file *out)
{
	struct parsed p;
	json_t *queue = json_array();
	size_t *origin = NULL; /* document index each queue entry came from */
	size_t nqueue = 0, aqueue = 0, i;
	int err;

	memset(out, 0, sizeof(*out));
	err = parse_pieces(data, len, name, &p);
	if (err < 0) {
		json_decref(queue);
		return err;
	}
	/* a single List or ResourceList is unwrapped before anything else */
	if (p.pieces.n == 1 && json_array_size(p.docs) == 1) {
		json_t *d = json_array_get(p.docs, 0);
		const char *kind = json_string_value(json_object_get(d, "kind"));
		json_t *items = json_object_get(d, "items");

		if (kind && (!strcmp(kind, "List") || !strcmp(kind, "ResourceList")) &&
		    json_is_array(items)) {
			json_t *e;

			json_array_foreach(items, i, e) {
				if (json_is_null(e))
					continue;
				json_array_append(queue, e);
				ALLOC_GROW(origin, nqueue + 1, aqueue);
				origin[nqueue++] = 0;
			}
			goto expand;
		}
	}
	for (i = 0; i < json_array_size(p.docs); i++) {
		json_array_append(queue, json_array_get(p.docs, i));
		ALLOC_GROW(origin, nqueue + 1, aqueue);
		origin[nqueue++] = i;
	}
expand:
	/* expand *List kinds with items; expanded items go to the back */
	for (i = 0; i < json_array_size(queue); i++) {
		json_t *d = json_array_get(queue, i);
		size_t from = origin[i];
		int is_item = i >= json_array_size(p.docs) ||
			      json_array_get(p.docs, i) != d;
		const char *kind;
		json_t *items;
		int keep;

		keep = check_doc(&p, from, d, is_item);
		if (keep < 0) {
			err = keep;
			goto done;
		}
		if (!keep)
			continue;
		kind = json_string_value(json_object_get(d, "kind"));
		items = json_object_get(d, "items");
		if (ends_with_list(kind) && items) {
			size_t j;
			json_t *e;

			if (json_is_null(items))
				continue;
			if (!json_is_array(items)) {
				struct doc_pos at = locate(&p, from, "/items", 0);

				err = err_set(ERR_INVALID,
					      "%s:%u:%u: 'items' of the %s must be a list",
					      name, at.line, at.col, kind);
				goto done;
			}
			json_array_foreach(items, j, e) {
				json_array_append(queue, e);
				ALLOC_GROW(origin, nqueue + 1, aqueue);
				origin[nqueue++] = from;
			}
			continue;
		}
		if (!json_object_get(d, "metadata"))
			json_object_set_new(d, "metadata", json_object());
		add_doc(out, json_incref(d), p.pos[from]);
	}
done:
	parsed_release(&p);
	json_decref(queue);
	free(origin);
	if (err < 0)
		loaded_file_release(out);
	return err;
}

void loaded_file_release(struct loaded_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		json_decref(f->docs[i].obj);
	free(f->docs);
	memset(f, 0, sizeof(*f));
}

int load_patch_docs(const char *data, size_t len, const char *name,
		    json_t **out)
{
	struct parsed p;
	json_t *res;
	size_t i;
	json_t *d;
	int err;

	*out = NULL;
	err = parse_pieces(data, len, name, &p);
	if (err < 0)
		return err;
	res = json_array();
	json_array_foreach(p.docs, i, d)
		if (!json_is_null(d))
			json_array_append(res, d);
	parsed_release(&p);
	*out = res;
	return 0;
}
