/*
 * yaml_load: libyaml events -> json_t documents.  See yaml.h.
 *
 * One pass over the event stream with an explicit stack of open
 * containers.  A finished value (scalar, alias copy or closed container)
 * is handed to its parent: appended to an array, or stored under the
 * pending key of a mapping.  Keys arrive as scalar events while a
 * mapping has no pending key.
 *
 * Aliases are expanded by copying the anchored value, after charging its
 * node count to a budget; a billion-laughs document fails at the first
 * alias that would exceed it, long before memory runs out.  Merge keys
 * are collected per mapping and applied when it closes: explicit keys
 * win over merged ones, and earlier maps in a merge list win over later
 * ones (go-yaml v3).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "../base/alloc.h"
#include "../base/base64.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "posmap.h"
#include "scalar.h"
#include "yaml.h"

#define DEFAULT_MAX_ALIAS_NODES 1000000
#define DEFAULT_MAX_DEPTH 512

#define TAG_PREFIX "tag:yaml.org,2002:"

struct frame {
	json_t *node;      /* the open container (owned by this frame) */
	int is_map;
	char *key;         /* pending key, NULL when a key is expected */
	size_t keylen;
	int key_is_merge;
	struct doc_pos keypos;
	struct doc_pos pos; /* where the container starts */
	json_t *merges;    /* array of mappings to merge at the end */
	char *anchor;
	size_t nodes;      /* nodes in this subtree so far */
	size_t path_len;   /* pointer length up to this container */
	size_t index;      /* next array index */
};

struct anchor {
	char *name;
	json_t *value;
	size_t nodes;
};

struct loader {
	const struct doc_load_opts *opts;
	const char *name;
	struct frame *stack;
	size_t depth, alloc;
	struct anchor *anchors;
	size_t nanchors, aanchors;
	size_t alias_nodes;
	size_t max_alias_nodes;
	unsigned max_depth;
	json_t *docs;
	struct buf path;   /* JSON pointer of the current position */
	int positions;
	size_t doc_index;
	struct doc_pos doc_start; /* where the current document begins */
	const char *data;         /* the input, for positions of reader errors */
	size_t len;
};

struct loader;
static unsigned loader_line_offset(const struct loader *l);

static struct doc_pos mark_pos_at(const struct loader *l, const yaml_mark_t *m)
{
	struct doc_pos p;

	p.line = (unsigned)m->line + 1 + loader_line_offset(l);
	p.col = (unsigned)m->column + 1;
	return p;
}

static unsigned loader_line_offset(const struct loader *l)
{
	return l->opts->line_offset;
}

static int fail_at(struct loader *l, struct doc_pos p, int code,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail_at(struct loader *l, struct doc_pos p, int code,
		   const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	err_set(code, "%s:%u:%u: %s", l->name, p.line, p.col, b.ptr);
	buf_release(&b);
	return code;
}

static void clear_anchors(struct loader *l)
{
	size_t i;

	for (i = 0; i < l->nanchors; i++) {
		free(l->anchors[i].name);
		json_decref(l->anchors[i].value);
	}
	l->nanchors = 0;
}

static void set_anchor(struct loader *l, const char *name, json_t *v,
		       size_t nodes)
{
	size_t i;

	for (i = 0; i < l->nanchors; i++) {
		if (!strcmp(l->anchors[i].name, name)) {
			json_decref(l->anchors[i].value);
			l->anchors[i].value = json_incref(v);
			l->anchors[i].nodes = nodes;
			return;
		}
	}
	ALLOC_GROW(l->anchors, l->nanchors + 1, l->aanchors);
	l->anchors[l->nanchors].name = xstrdup(name);
	l->anchors[l->nanchors].value = json_incref(v);
	l->anchors[l->nanchors].nodes = nodes;
	l->nanchors++;
}

static void record(struct loader *l, struct doc_pos key, struct doc_pos val)
{
	if (l->opts->pos && (l->positions || l->depth == 0))
		doc_posmap_put(l->opts->pos, l->path.ptr, l->path.len, key, val);
}

static void free_frame(struct frame *f)
{
	json_decref(f->node);
	json_decref(f->merges);
	free(f->key);
	free(f->anchor);
}

/*
 * add_value: give v (a new reference, taken) to the innermost open
 * container, or make it the document root.  pos is where v starts.
 */
static int add_value(struct loader *l, json_t *v, struct doc_pos pos,
		     size_t nodes)
{
	struct frame *f;
	size_t saved = l->path.len;

	if (l->depth == 0) {
		json_array_append_new(l->docs, v);
		return 0;
	}
	f = &l->stack[l->depth - 1];
	f->nodes += nodes;
	if (!f->is_map) {
		if (l->positions) {
			buf_addf(&l->path, "/%zu", f->index);
			record(l, pos, pos);
			buf_setlen(&l->path, saved);
		}
		f->index++;
		json_array_append_new(f->node, v);
		return 0;
	}
	if (!f->key) {
		/* this value is a key */
		json_decref(v);
		return fail_at(l, pos, ERR_INVALID, "%s",
			       "a mapping key must be a scalar");
	}
	if (f->key_is_merge == 2 && !json_is_object(v) && !json_is_array(v)) {
		/* kyaml drops a quoted "<<" with a scalar value */
		json_decref(v);
		free(f->key);
		f->key = NULL;
		f->key_is_merge = 0;
		return 0;
	}
	if (f->key_is_merge) {
		int ok = json_is_object(v);

		if (json_is_array(v)) {
			size_t i;
			json_t *it;

			ok = 1;
			json_array_foreach(v, i, it)
				if (!json_is_object(it))
					ok = 0;
		}
		if (!ok) {
			json_decref(v);
			return fail_at(l, f->keypos, ERR_INVALID, "%s",
				       "a merge key (<<) needs a mapping or a list of mappings");
		}
		if (!f->merges)
			f->merges = json_array();
		json_array_append_new(f->merges, v);
	} else {
		if (l->positions) {
			doc_pointer_append(&l->path, f->key, f->keylen);
			record(l, f->keypos, pos);
			buf_setlen(&l->path, saved);
		}
		json_object_setn_new_nocheck(f->node, f->key, f->keylen, v);
	}
	free(f->key);
	f->key = NULL;
	f->key_is_merge = 0;
	return 0;
}

/*
 * A scalar arriving where a mapping expects a key.  merge: 0 not a
 * merge key, 1 plain "<<", 2 quoted "<<" (kyaml treats both as merges).
 */
static int take_key(struct loader *l, struct frame *f, const char *s,
		    size_t len, struct doc_pos pos, int merge)
{
	if (merge) {
		f->key = xstrdup("<<");
		f->keylen = 2;
		f->key_is_merge = merge;
		f->keypos = pos;
		return 0;
	}
	if (memchr(s, '\0', len))
		return fail_at(l, pos, ERR_INVALID, "%s",
			       "a mapping key must not contain a NUL character");
	if (json_object_getn(f->node, s, len)) {
		struct buf k = BUF_INIT;
		int err = 0;

		if (l->opts->flags & DOC_LOAD_YAML11) {
			/* YAML 1.1 readers keep the last value */
			json_object_deln(f->node, s, len);
		} else {
			buf_add(&k, s, len);
			err = fail_at(l, pos, ERR_INVALID,
				      "duplicate key '%s' in a mapping", k.ptr);
		}
		buf_release(&k);
		if (err < 0)
			return err;
	}
	f->key = xmemdup(s, len);
	f->keylen = len;
	f->key_is_merge = 0;
	f->keypos = pos;
	return 0;
}

static int tag_is(const char *tag, const char *name)
{
	size_t n = strlen(TAG_PREFIX);

	return !strncmp(tag, TAG_PREFIX, n) && !strcmp(tag + n, name);
}

static const char *kind_name(enum scalar_kind k)
{
	switch (k) {
	case SCALAR_STR:
		return "str";
	case SCALAR_NULL:
		return "null";
	case SCALAR_BOOL:
		return "bool";
	case SCALAR_INT:
	case SCALAR_UINT:
		return "int";
	case SCALAR_FLOAT:
		return "float";
	case SCALAR_TIMESTAMP:
		return "timestamp";
	}
	return "?";
}

static json_t *from_resolved(const struct scalar_value *v)
{
	switch (v->kind) {
	case SCALAR_NULL:
		return json_null();
	case SCALAR_BOOL:
		return json_boolean(v->b);
	case SCALAR_INT:
		return json_integer(v->i);
	case SCALAR_UINT:
		/* beyond int64: jansson cannot hold it, see DOC_UINT_MARK */
		return doc_uint_new(v->u);
	case SCALAR_FLOAT:
		return json_real(v->f); /* NULL for NaN and infinities */
	case SCALAR_STR:
	case SCALAR_TIMESTAMP:
		break;
	}
	return NULL;
}

/* the JSON value of a resolved scalar s; NULL for NaN and infinities */
static json_t *scalar_json(const struct scalar_value *v, const char *s, size_t len)
{
	if (v->kind == SCALAR_STR)
		return json_stringn_nocheck(s, len);
	if (v->kind == SCALAR_TIMESTAMP)
		return json_string(v->ts);
	return from_resolved(v);
}

json_t *doc_plain_json(const char *s, size_t len)
{
	struct scalar_value v;

	scalar_resolve_v3(s, len, &v);
	return scalar_json(&v, s, len);
}

static int make_scalar(struct loader *l, const yaml_event_t *ev, json_t **out)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	struct doc_pos pos = mark_pos_at(l, &ev->start_mark);
	struct scalar_value v;

	*out = NULL;
	if (!tag || !strcmp(tag, "!")) {
		if (!plain || (tag && !strcmp(tag, "!"))) {
			*out = json_stringn_nocheck(s, len);
			return 0;
		}
		if (l->opts->flags & DOC_LOAD_YAML11)
			scalar_resolve_v2(s, len, &v);
		else
			scalar_resolve_v3(s, len, &v);
	} else if (tag_is(tag, "binary")) {
		struct buf raw = BUF_INIT, enc = BUF_INIT;

		if (base64_decode(&raw, s, len) < 0) {
			buf_release(&raw);
			return fail_at(l, pos, ERR_INVALID, "%s",
				       "!!binary value is not valid base64");
		}
		base64_encode(&enc, raw.ptr, raw.len);
		*out = json_stringn_nocheck(enc.ptr, enc.len);
		buf_release(&raw);
		buf_release(&enc);
		return 0;
	} else if (tag_is(tag, "int") || tag_is(tag, "float") ||
		   tag_is(tag, "bool") || tag_is(tag, "null")) {
		const char *want = tag + strlen(TAG_PREFIX);

		scalar_resolve_v3(s, len, &v);
		if (tag_is(tag, "float") &&
		    (v.kind == SCALAR_INT || v.kind == SCALAR_UINT)) {
			v.f = v.kind == SCALAR_INT ? (double)v.i : (double)v.u;
			v.kind = SCALAR_FLOAT;
		}
		if (strcmp(kind_name(v.kind), want)) {
			struct buf m = BUF_INIT;
			int err;

			buf_add(&m, s, len);
			buf_addf(&m, "' as !!%s", want);
			err = fail_at(l, pos, ERR_INVALID, "cannot decode '%s", m.ptr);
			buf_release(&m);
			return err;
		}
	} else {
		/* !!str, !!timestamp and unknown tags all read as strings */
		*out = json_stringn_nocheck(s, len);
		return 0;
	}
	*out = scalar_json(&v, s, len);
	if (!*out) {
		struct buf m = BUF_INIT;
		int err;

		buf_add(&m, s, len);
		err = fail_at(l, pos, ERR_INVALID,
			      "'%s' (NaN or infinity) cannot be represented in JSON",
			      m.ptr);
		buf_release(&m);
		return err;
	}
	return 0;
}

static int push(struct loader *l, int is_map, const yaml_event_t *ev)
{
	struct frame *f;
	struct frame *parent = l->depth ? &l->stack[l->depth - 1] : NULL;
	const char *anchor = is_map ? (const char *)ev->data.mapping_start.anchor
				    : (const char *)ev->data.sequence_start.anchor;
	struct doc_pos pos = mark_pos_at(l, &ev->start_mark);

	if (parent && parent->is_map && !parent->key)
		return fail_at(l, pos, ERR_UNSUPPORTED, "%s",
			       "a mapping or list used as a mapping key is not supported");
	if (l->depth >= l->max_depth)
		return fail_at(l, pos, ERR_TOOBIG,
			       "nesting deeper than %s levels",
			       l->max_depth == DEFAULT_MAX_DEPTH ? "512" : "the limit");
	ALLOC_GROW(l->stack, l->depth + 1, l->alloc);
	/* the stack may have moved */
	parent = l->depth ? &l->stack[l->depth - 1] : NULL;
	f = &l->stack[l->depth];
	memset(f, 0, sizeof(*f));
	f->node = is_map ? json_object() : json_array();
	f->is_map = is_map;
	f->pos = pos;
	f->anchor = anchor ? xstrdup(anchor) : NULL;
	f->nodes = 1;
	/* extend the pointer with this container's place in its parent */
	f->path_len = l->path.len;
	if (l->positions && parent) {
		if (parent->is_map)
			doc_pointer_append(&l->path, parent->key, parent->keylen);
		else
			buf_addf(&l->path, "/%zu", parent->index);
		f->path_len = l->path.len;
	}
	l->depth++;
	return 0;
}

static void apply_merges(json_t *obj, json_t *merges)
{
	json_t *present = json_object();
	const char *k;
	json_t *v;
	size_t i, j;
	json_t *src;

	json_object_foreach(obj, k, v)
		json_object_set_new(present, k, json_true());
	json_array_foreach(merges, i, src) {
		json_t *list = json_is_array(src) ? src : NULL;
		size_t n = list ? json_array_size(list) : 1;

		for (j = 0; j < n; j++) {
			json_t *m = list ? json_array_get(list, j) : src;
			const char *mk;
			json_t *mv;
			void *iter;

			for (iter = json_object_iter(m); iter;
			     iter = json_object_iter_next(m, iter)) {
				size_t klen = json_object_iter_key_len(iter);

				mk = json_object_iter_key(iter);
				mv = json_object_iter_value(iter);
				if (json_object_getn(present, mk, klen))
					continue;
				json_object_setn_new(present, mk, klen, json_true());
				json_object_setn(obj, mk, klen, mv);
			}
		}
	}
	json_decref(present);
}

static int pop(struct loader *l)
{
	struct frame f = l->stack[l->depth - 1];
	size_t nodes = f.nodes;
	json_t *v = f.node;
	int err;

	l->depth--;
	if (f.merges)
		apply_merges(v, f.merges);
	if (f.anchor)
		set_anchor(l, f.anchor, v, nodes);
	/* restore the parent's pointer; add_value records this container */
	buf_setlen(&l->path, l->depth ? l->stack[l->depth - 1].path_len : l->path.len);
	f.node = NULL;
	json_decref(f.merges);
	free(f.key);
	free(f.anchor);
	err = add_value(l, v, f.pos, nodes);
	return err;
}

static int on_alias(struct loader *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct doc_pos pos = mark_pos_at(l, &ev->start_mark);
	struct frame *f = l->depth ? &l->stack[l->depth - 1] : NULL;
	size_t i;

	for (i = l->nanchors; i-- > 0;) {
		struct anchor *a = &l->anchors[i];

		if (strcmp(a->name, name))
			continue;
		if (a->nodes > l->max_alias_nodes - l->alias_nodes ||
		    l->alias_nodes > l->max_alias_nodes)
			return fail_at(l, pos, ERR_TOOBIG,
				       "alias '*%s' expands past the limit on aliased nodes (excessive aliasing)",
				       name);
		l->alias_nodes += a->nodes;
		if (f && f->is_map && !f->key) {
			if (!json_is_string(a->value))
				return fail_at(l, pos, ERR_INVALID, "%s",
					       "a mapping key must be a scalar");
			return take_key(l, f, json_string_value(a->value),
					json_string_length(a->value), pos, 0);
		}
		return add_value(l, json_deep_copy(a->value), pos, a->nodes);
	}
	return fail_at(l, pos, ERR_INVALID, "unknown anchor '%s' referenced",
		       name);
}

static int on_scalar(struct loader *l, const yaml_event_t *ev)
{
	struct frame *f = l->depth ? &l->stack[l->depth - 1] : NULL;
	struct doc_pos pos = mark_pos_at(l, &ev->start_mark);
	const char *anchor = (const char *)ev->data.scalar.anchor;
	json_t *v;
	int err;

	if (f && f->is_map && !f->key) {
		const char *s = (const char *)ev->data.scalar.value;
		size_t len = ev->data.scalar.length;
		int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    !ev->data.scalar.tag;
		int yaml11 = (l->opts->flags & DOC_LOAD_YAML11) != 0;
		int merge = 0;

		if (len == 2 && s[0] == '<' && s[1] == '<')
			merge = plain ? 1 : yaml11 ? 0 : 2;
		if (plain && !merge) {
			struct scalar_value kv;

			if (yaml11)
				scalar_resolve_v2(s, len, &kv);
			else
				scalar_resolve_v3(s, len, &kv);
			if (kv.kind == SCALAR_NULL)
				return fail_at(l, pos, ERR_INVALID, "%s",
					       "a mapping key must not be null (quote it to use it as a string)");
			/*
			 * kustomize turns non-string keys of a resource's top
			 * mapping into strings but cannot print them nested.
			 */
			if (kv.kind != SCALAR_STR && !yaml11 && l->depth > 1) {
				struct buf k = BUF_INIT;
				int kerr;

				buf_add(&k, s, len);
				kerr = fail_at(l, pos, ERR_INVALID,
					       "mapping key '%s' is not a string; quote it", k.ptr);
				buf_release(&k);
				return kerr;
			}
		}
		if (anchor) {
			json_t *k = json_stringn_nocheck(s, len);

			set_anchor(l, anchor, k, 1);
			json_decref(k);
		}
		return take_key(l, f, s, len, pos, merge);
	}
	err = make_scalar(l, ev, &v);
	if (err < 0)
		return err;
	if (anchor)
		set_anchor(l, anchor, v, 1);
	return add_value(l, v, pos, 1);
}

static int parser_error(struct loader *l, yaml_parser_t *p)
{
	struct doc_pos pos = mark_pos_at(l, &p->problem_mark);
	const char *problem = p->problem ? p->problem : "malformed YAML";
	struct buf b = BUF_INIT;
	int err;

	if (p->error == YAML_READER_ERROR) {
		/* reader errors carry a byte offset: turn it into line:column */
		size_t off = p->problem_offset < l->len ? p->problem_offset : l->len;
		int value = p->problem_value;
		size_t i;

		/* point at the sequence's first byte, not at its bad follower */
		if (!strcmp(problem, "invalid trailing UTF-8 octet")) {
			while (off > 0 && ((unsigned char)l->data[off - 1] & 0xC0) == 0x80)
				off--;
			if (off > 0) {
				off--;
				value = (unsigned char)l->data[off];
			}
		}

		pos.line = 1 + loader_line_offset(l);
		pos.col = 1;
		for (i = 0; i < off; i++) {
			if (l->data[i] == '\n') {
				pos.line++;
				pos.col = 1;
			} else if (((unsigned char)l->data[i] & 0xC0) != 0x80) {
				pos.col++;
			}
		}
		if (value >= 0)
			buf_addf(&b, "%s (byte 0x%02X; the file must be UTF-8 text)",
				 problem, (unsigned)value & 0xFF);
		else
			buf_addf(&b, "%s (the file must be UTF-8 text)", problem);
		err = fail_at(l, pos, ERR_INVALID, "%s", b.ptr);
		buf_release(&b);
		return err;
	}
	buf_adds(&b, problem);
	/* libyaml does not say it, but a tab is the usual culprit */
	if (p->problem_mark.index < l->len && l->data[p->problem_mark.index] == '\t')
		buf_adds(&b, " (a tab character: YAML indentation must use spaces)");
	if (p->context) {
		buf_addf(&b, " (%s at line %u column %u)", p->context,
			 (unsigned)p->context_mark.line + 1,
			 (unsigned)p->context_mark.column + 1);
	}
	err = fail_at(l, pos, ERR_INVALID, "%s", b.ptr);
	buf_release(&b);
	return err;
}

int doc_yaml_load(const char *data, size_t len,
		  const struct doc_load_opts *opts, json_t **out)
{
	static const struct doc_load_opts defaults = DOC_LOAD_OPTS_INIT;
	struct loader l;
	yaml_parser_t parser;
	yaml_event_t ev;
	int err = 0;
	int done = 0;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.opts = opts ? opts : &defaults;
	l.name = l.opts->name ? l.opts->name : "<input>";
	l.max_alias_nodes = l.opts->max_alias_nodes ? l.opts->max_alias_nodes
						    : DEFAULT_MAX_ALIAS_NODES;
	l.max_depth = l.opts->max_depth ? l.opts->max_depth : DEFAULT_MAX_DEPTH;
	l.positions = l.opts->pos && (l.opts->flags & DOC_LOAD_POSITIONS);
	l.data = data;
	l.len = len;

	l.docs = json_array();
	buf_init(&l.path, 0);

	/* a leading byte order mark is not content (libyaml keeps it when
	 * the encoding is given, as here) */
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
		l.data = data;
		l.len = len;
	}
	if (!yaml_parser_initialize(&parser))
		return err_set(ERR_GENERIC, "cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			err = parser_error(&l, &parser);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_NO_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			buf_reset(&l.path);
			buf_addf(&l.path, "/%zu", l.doc_index);
			l.doc_start = mark_pos_at(&l, &ev.start_mark);
			break;
		case YAML_DOCUMENT_END_EVENT:
			if (l.opts->pos) {
				struct doc_pos p = mark_pos_at(&l, &ev.start_mark);
				struct doc_pos k, v;

				/* roots already recorded keep their position */
				if (doc_posmap_get(l.opts->pos, l.path.ptr, &k, &v) < 0)
					doc_posmap_put(l.opts->pos, l.path.ptr,
						       l.path.len, p, p);
			}
			clear_anchors(&l);
			l.alias_nodes = 0;
			l.doc_index++;
			if (l.opts->flags & DOC_LOAD_FIRST_ONLY)
				done = 1;
			break;
		case YAML_ALIAS_EVENT:
			err = on_alias(&l, &ev);
			break;
		case YAML_SCALAR_EVENT:
			if (l.depth == 0 && l.opts->pos) {
				struct doc_pos p = mark_pos_at(&l, &ev.start_mark);

				doc_posmap_put(l.opts->pos, l.path.ptr, l.path.len,
					       l.doc_start, p);
			}
			err = on_scalar(&l, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (l.depth == 0 && l.opts->pos) {
				struct doc_pos p = mark_pos_at(&l, &ev.start_mark);

				doc_posmap_put(l.opts->pos, l.path.ptr, l.path.len,
					       l.doc_start, p);
			}
			err = push(&l, ev.type == YAML_MAPPING_START_EVENT, &ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			err = pop(&l);
			break;
		}
		yaml_event_delete(&ev);
		if (err < 0)
			break;
	}
	yaml_parser_delete(&parser);
	while (l.depth)
		free_frame(&l.stack[--l.depth]);
	free(l.stack);
	clear_anchors(&l);
	free(l.anchors);
	buf_release(&l.path);
	if (err < 0) {
		json_decref(l.docs);
		return err;
	}
	*out = l.docs;
	return 0;
}

void doc_pointer_append(struct buf *ptr, const char *token, size_t len)
{
	size_t i;

	buf_addc(ptr, '/');
	for (i = 0; i < len; i++) {
		if (token[i] == '~')
			buf_add(ptr, "~0", 2);
		else if (token[i] == '/')
			buf_add(ptr, "~1", 2);
		else
			buf_addc(ptr, token[i]);
	}
}

const char *doc_kind_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "a mapping";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "a value";
}

json_t *doc_uint_new(unsigned long long u)
{
	char b[32];

	snprintf(b, sizeof(b), DOC_UINT_MARK "%llu", u);
	return json_string(b);
}

const char *doc_uint_text(const json_t *v)
{
	const char *s = json_string_value(v);

	if (!s || strncmp(s, DOC_UINT_MARK, 2) || !s[2])
		return NULL;
	return s + 2;
}
