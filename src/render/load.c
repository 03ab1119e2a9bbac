/*
 * load: resource files as kustomize reads them.  See load.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../doc/yaml.h"
#include "load.h"

struct chunk {
	const char *p;
	size_t len;
	unsigned line; /* first line of the chunk in the file, 1-based */
};

struct chunks {
	struct chunk *v;
	size_t n, alloc;
};

static void add_chunk(struct chunks *c, const char *p, size_t len,
		      unsigned line)
{
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n].p = p;
	c->v[c->n].len = len;
	c->v[c->n].line = line;
	c->n++;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * Split at the matches of the regular expression \n---.*\n, leftmost and
 * non-overlapping: a separator needs the newline before it, so two
 * separator lines in a row count as one separator and a document
 * starting with "---".  Each chunk but the last keeps its final newline.
 */
static int split_chunks(const char *text, size_t len, const char *name,
			struct chunks *out)
{
	size_t start = 0, i = 0;
	unsigned line = 1, chunk_line = 1;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t sep, eol;

		if (!nl)
			break;
		sep = (size_t)(nl - text); /* the '\n' before a possible "---" */
		line++;
		if (len - sep < 4 || memcmp(text + sep + 1, "---", 3)) {
			i = sep + 1;
			continue;
		}
		nl = memchr(text + sep + 1, '\n', len - sep - 1);
		if (!nl) {
			/* "---" at the very end without a newline: no separator */
			break;
		}
		eol = (size_t)(nl - text);
		{
			const char *r = text + sep + 4;
			const char *e = text + eol;

			while (r < e && is_ws(*r))
				r++;
			while (e > r && is_ws(e[-1]))
				e--;
			if (r < e && *r != '#') {
				struct buf b = BUF_INIT;

				buf_add(&b, text + sep + 1, (size_t)(e - text - sep - 1));
				err_set(ERR_INVALID,
					"%s:%u: invalid document separator '%s' (a '---' line may only be followed by a comment)",
					name, line, b.ptr);
				buf_release(&b);
				return ERR_INVALID;
			}
		}
		add_chunk(out, text + start, sep - start + 1, chunk_line);
		start = eol + 1;
		i = eol + 1;
		line++;
		chunk_line = line;
	}
	add_chunk(out, text + start, len - start, chunk_line);
	return 0;
}

/* CRLF -> LF, only when needed; *owned is set when a copy was made */
static const char *normalize_newlines(const char *data, size_t len,
				      size_t *outlen, char **owned)
{
	char *copy;
	size_t i, n = 0;

	*owned = NULL;
	*outlen = len;
	if (!memchr(data, '\r', len))
		return data;
	copy = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		copy[n++] = data[i];
	}
	copy[n] = '\0';
	*owned = copy;
	*outlen = n;
	return copy;
}

/*
 * Parse each chunk and collect the first document of each, with its line.
 */
static int parse_chunks(const char *data, size_t len, const char *name,
			json_t **docs_out, json_t **lines_out, size_t *nchunks)
{
	struct chunks chunks = { NULL, 0, 0 };
	char *owned;
	size_t nlen, i;
	const char *text = normalize_newlines(data, len, &nlen, &owned);
	json_t *docs = json_array(), *lines = json_array();
	int err;

	err = split_chunks(text, nlen, name, &chunks);
	for (i = 0; i < chunks.n && !err; i++) {
		struct doc_load_opts opts = DOC_LOAD_OPTS_INIT;
		struct doc_posmap *pm = doc_posmap_new();
		json_t *parsed = NULL;
		struct doc_pos k, v;

		opts.name = name;
		opts.pos = pm;
		opts.line_offset = chunks.v[i].line - 1;
		err = doc_yaml_load(chunks.v[i].p, chunks.v[i].len, &opts, &parsed);
		if (!err && json_array_size(parsed)) {
			json_array_append(docs, json_array_get(parsed, 0));
			if (doc_posmap_get(pm, "/0", &k, &v) < 0)
				v.line = chunks.v[i].line;
			json_array_append_new(lines, json_integer(v.line));
		}
		json_decref(parsed);
		doc_posmap_free(pm);
	}
	*nchunks = chunks.n;
	free(chunks.v);
	free(owned);
	if (err < 0) {
		json_decref(docs);
		json_decref(lines);
		return err;
	}
	*docs_out = docs;
	*lines_out = lines;
	return 0;
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

/* kustomize's dropBadNodes checks; 1 keep, 0 skip, <0 error */
static int check_doc(const json_t *doc, const char *name, unsigned line)
{
	const json_t *meta;
	const char *kind;

	if (json_is_null(doc) || (json_is_object(doc) && !json_object_size(doc)))
		return 0;
	meta = json_object_get(doc, "metadata");
	if (!json_is_object(doc) ||
	    !(nonempty(json_object_get(doc, "apiVersion")) ||
	      nonempty(json_object_get(doc, "kind")) ||
	      (json_is_object(meta) &&
	       (nonempty(json_object_get(meta, "name")) ||
		nonempty(json_object_get(meta, "namespace")) ||
		nonempty(json_object_get(meta, "labels")) ||
		nonempty(json_object_get(meta, "annotations"))))))
		return err_set(ERR_INVALID,
			       "%s:%u: the document is not a Kubernetes object (no apiVersion, kind or metadata)",
			       name, line);
	kind = json_string_value(json_object_get(doc, "kind"));
	if (!kind || !*kind)
		return err_set(ERR_INVALID, "%s:%u: the object has no kind", name,
			       line);
	if (ends_with_list(kind))
		return 1;
	if (!*meta_text(meta, "name"))
		return err_set(ERR_INVALID,
			       "%s:%u: the %s has no metadata.name", name, line,
			       kind);
	return 1;
}

static void add_doc(struct loaded_file *out, json_t *obj, unsigned line)
{
	ALLOC_GROW(out->docs, out->n + 1, out->alloc);
	out->docs[out->n].obj = obj;
	out->docs[out->n].line = line;
	out->n++;
}

int load_resources(const char *data, size_t len, const char *name,
		   struct loaded_file *out)
{
	json_t *docs = NULL, *lines = NULL;
	json_t *queue = json_array(), *qlines = json_array();
	size_t nchunks = 0, i;
	int err;

	memset(out, 0, sizeof(*out));
	err = parse_chunks(data, len, name, &docs, &lines, &nchunks);
	if (err < 0)
		goto done;
	/* a single List or ResourceList is unwrapped before anything else */
	if (nchunks == 1 && json_array_size(docs) == 1) {
		json_t *d = json_array_get(docs, 0);
		const char *kind = json_string_value(json_object_get(d, "kind"));
		json_t *items = json_object_get(d, "items");

		if (kind && (!strcmp(kind, "List") || !strcmp(kind, "ResourceList")) &&
		    json_is_array(items)) {
			json_int_t line = json_integer_value(json_array_get(lines, 0));
			json_t *e;

			json_array_foreach(items, i, e) {
				if (json_is_null(e))
					continue;
				json_array_append(queue, e);
				json_array_append_new(qlines, json_integer(line));
			}
			goto expand;
		}
	}
	json_array_extend(queue, docs);
	json_array_extend(qlines, lines);
expand:
	/* expand *List kinds with items; expanded items go to the back */
	for (i = 0; i < json_array_size(queue); i++) {
		json_t *d = json_array_get(queue, i);
		unsigned line = (unsigned)json_integer_value(json_array_get(qlines, i));
		const char *kind;
		json_t *items;
		int keep;

		keep = check_doc(d, name, line);
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
				err = err_set(ERR_INVALID,
					      "%s:%u: 'items' of the %s must be a list",
					      name, line, kind);
				goto done;
			}
			json_array_foreach(items, j, e) {
				json_array_append(queue, e);
				json_array_append_new(qlines, json_integer(line));
			}
			continue;
		}
		if (!json_object_get(d, "metadata"))
			json_object_set_new(d, "metadata", json_object());
		add_doc(out, json_incref(d), line);
	}
done:
	json_decref(docs);
	json_decref(lines);
	json_decref(queue);
	json_decref(qlines);
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
	json_t *docs = NULL, *lines = NULL, *res;
	size_t nchunks, i;
	json_t *d;
	int err;

	*out = NULL;
	err = parse_chunks(data, len, name, &docs, &lines, &nchunks);
	if (err < 0)
		return err;
	res = json_array();
	json_array_foreach(docs, i, d)
		if (!json_is_null(d))
			json_array_append(res, d);
	json_decref(docs);
	json_decref(lines);
	*out = res;
	return 0;
}
