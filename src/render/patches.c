/*
 * patches: applying a kustomization's patches.  See patches.h.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/strutil.h"
#include "../doc/patch.h"
#include "../doc/resid.h"
#include "../doc/yaml.h"
#include "files.h"
#include "load.h"
#include "patches.h"
#include "select.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */

/* where: "kustomization.yaml:12:3: patches[1]" for messages */
static void where(const struct patch_ctx *c, const char *field, size_t i,
		  struct buf *out)
{
	struct buf ptr = BUF_INIT, pos = BUF_INIT;

	buf_addf(&ptr, "/%s/%zu", field, i);
	kustomization_where(c->k, ptr.ptr, &pos);
	buf_reset(out);
	buf_addf(out, "%s: %s[%zu]", pos.ptr, field, i);
	buf_release(&ptr);
	buf_release(&pos);
}

/* where a patch's text came from, to point into it */
struct patch_src {
	const struct patch_ctx *c;
	const char *field; /* "patches", "patchesJson6902" */
	size_t index;
	int is_file;
	struct buf text;
	struct buf name;   /* the path, or "inline patch" */
};

static void value_where(const struct patch_src *ps, const char *sub,
			struct buf *out)
{
	struct buf ptr = BUF_INIT;

	buf_addf(&ptr, "/%s/%zu/%s", ps->field, ps->index, sub);
	kustomization_where_value(ps->c->k, ptr.ptr, out);
	buf_release(&ptr);
}

/*
 * text_where: the file position of (line, col) of the patch text: the
 * patch file itself, or the kustomization when the patch is an inline
 * block scalar (its lines start one below the '|' and are indented).
 */
static void text_where(const struct patch_src *ps, struct doc_pos at,
		       struct buf *out)
{
	const struct kustomization *k = ps->c->k;
	struct buf raw = BUF_INIT, ptr = BUF_INIT, dir = BUF_INIT;
	struct doc_pos kp, vp;

	buf_reset(out);
	if (ps->is_file) {
		path_dirname(&dir, k->shown);
		path_join(out, dir.ptr, ps->name.ptr);
		path_clean(out);
		buf_addf(out, ":%u:%u", at.line, at.col);
		goto done;
	}
	buf_addf(&ptr, "/0/%s/%zu/patch", ps->field, ps->index);
	if (doc_posmap_get(k->pos, ptr.ptr, &kp, &vp) == 0 &&
	    fs_read_file(k->path, 0, &raw) == 0) {
		const char *p = raw.ptr, *line_start;
		unsigned line = 1, indent = 0;

		while (*p && line < vp.line)
			if (*p++ == '\n')
				line++;
		line_start = p;
		while (*p && *p != '\n')
			p++;
		/* the indicator at the value position: '|' or '>' */
		if ((size_t)(p - line_start) >= vp.col &&
		    (line_start[vp.col - 1] == '|' || line_start[vp.col - 1] == '>') &&
		    *p == '\n') {
			p++;
			while (p[indent] == ' ')
				indent++;
			buf_addf(out, "%s:%u:%u", k->shown, vp.line + at.line,
				 indent + at.col);
			goto done;
		}
	}
	value_where(ps, "patch", out);
done:
	buf_release(&raw);
	buf_release(&ptr);
	buf_release(&dir);
}

/* the position of a failed JSON patch operation (or of its field) */
static void op_where(const struct patch_src *ps, const struct json_patch_error *je,
		     struct buf *out)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	struct buf ptr = BUF_INIT;
	struct doc_pos kp, vp;
	json_t *docs = NULL;

	o.name = ps->name.ptr;
	o.pos = doc_posmap_new();
	o.flags = DOC_LOAD_POSITIONS | DOC_LOAD_YAML11;
	buf_addf(&ptr, "/0/%zu", je->op);
	if (je->field)
		buf_addf(&ptr, "/%s", je->field);
	if (doc_yaml_load(ps->text.ptr, ps->text.len, &o, &docs) == 0 &&
	    doc_posmap_get(o.pos, ptr.ptr, &kp, &vp) == 0)
		text_where(ps, vp, out);
	else
		value_where(ps, ps->is_file ? "path" : "patch", out);
	err_clear();
	json_decref(docs);
	doc_posmap_free(o.pos);
	buf_release(&ptr);
}

struct scored {
	size_t score;
	size_t index;
};

static int by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * nearest: up to three resources closest to (kind, name), as
 * "; the nearest are: A, B, C" (or "; there are no resources").
 */
static void nearest(const struct resmap *m, const char *kind, const char *name,
		    struct buf *out)
{
	struct scored *s = xcalloc(m->n ? m->n : 1, sizeof(*s));
	size_t i, n = m->n < 3 ? m->n : 3;

	for (i = 0; i < m->n; i++) {
		s[i].index = i;
		s[i].score = str_edit_distance(name, res_name(m->v[i])) +
			     (strcmp(kind, res_kind(m->v[i])) ? 100 : 0);
	}
	qsort(s, m->n, sizeof(*s), by_score);
	if (!m->n)
		buf_adds(out, "; there are no resources to patch");
	for (i = 0; i < n; i++) {
		struct buf label = BUF_INIT;

		res_label(m->v[s[i].index], &label);
		buf_addf(out, "%s%s", i ? ", " : "; the nearest are: ", label.ptr);
		buf_release(&label);
	}
	free(s);
}

/* load the text of a patch entry: path (restricted) or inline patch */
static int patch_text(struct patch_src *ps, const json_t *entry,
		      const char *origin)
{
	const char *path = json_string_value(json_object_get(entry, "path"));
	const char *inl = json_string_value(json_object_get(entry, "patch"));
	int has_inline = 0, err;

	if (inl) {
		const char *p = inl;

		while (*p && isspace((unsigned char)*p))
			p++;
		has_inline = *p != '\0';
	}
	buf_reset(&ps->text);
	buf_reset(&ps->name);
	if (path && *path && has_inline)
		return err_set(ERR_INVALID, "%s: set either 'path' or 'patch', not both",
			       origin);
	if (path && *path) {
		struct buf w = BUF_INIT;

		ps->is_file = 1;
		buf_adds(&ps->name, path);
		err = files_read(ps->c->k->dir, path, ps->c->restrict_loads,
				 &ps->text, NULL);
		if (err < 0) {
			value_where(ps, "path", &w);
			err_prefix("%s: %s[%zu]: ", w.ptr, ps->field, ps->index);
		}
		buf_release(&w);
		return err;
	}
	if (!has_inline)
		return err_set(ERR_INVALID, "%s: needs a 'path' or a 'patch'", origin);
	ps->is_file = 0;
	buf_adds(&ps->name, "inline patch");
	/* kustomize trims the inline text */
	{
		const char *b = inl, *e = inl + strlen(inl);

		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		buf_add(&ps->text, b, (size_t)(e - b));
	}
	return 0;
}

/* a KRM document: a mapping with kind and metadata.name */
static int is_krm(const json_t *d)
{
	const json_t *meta = json_object_get(d, "metadata");
	const char *kind = json_string_value(json_object_get(d, "kind"));
	const char *name = json_string_value(json_object_get(meta, "name"));

	return json_is_object(d) && kind && *kind && name && *name;
}

enum patch_kind { PK_SMP, PK_JSON };

/*
 * classify: decide between strategic merge and JSON 6902 as kustomize
 * does: strategic if every document is a named object, JSON if the text
 * is a list of operations.  *docs gets the SMP documents or the ops.
 */
static int classify(const char *text, size_t len, const char *name,
		    enum patch_kind *kind, json_t **docs)
{
	json_t *sm = NULL, *js = NULL;
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	int sm_ok = 0, js_ok = 0;
	size_t i;
	json_t *d;

	*docs = NULL;
	if (load_patch_docs(text, len, name, &sm) == 0 && json_array_size(sm)) {
		sm_ok = 1;
		json_array_foreach(sm, i, d)
			if (!is_krm(d))
				sm_ok = 0;
	}
	if (!sm_ok) {
		err_clear();
		o.name = name;
		o.flags = DOC_LOAD_YAML11;
		if (doc_yaml_load(text, len, &o, &js) == 0 && json_array_size(js) == 1 &&
		    json_is_array(json_array_get(js, 0))) {
			json_t *ops = json_array_get(js, 0);

			js_ok = json_array_size(ops) > 0;
			json_array_foreach(ops, i, d)
				if (!json_is_object(d))
					js_ok = 0;
		}
	}
	if (sm_ok) {
		*kind = PK_SMP;
		*docs = sm;
		json_decref(js);
		return 0;
	}
	if (js_ok) {
		*kind = PK_JSON;
		*docs = json_incref(json_array_get(js, 0));
		json_decref(js);
		json_decref(sm);
		return 0;
	}
	json_decref(sm);
	json_decref(js);
	if (!len)
		return err_set(ERR_INVALID, "%s is empty", name);
	return err_set(ERR_INVALID,
		       "%s is neither a strategic merge patch (objects with kind and metadata.name) nor a JSON 6902 patch (a list of operations)",
		       name);
}

/* ------------------------------------------------------------------ */
/* applying                                                            */

/*
 * apply_smp: merge patch into r; restore kind, name and namespace unless
 * the options allow a change.  *deleted is set when the patch deletes r.
 */
static int apply_smp(struct res *r, const json_t *patch, int targeted,
		     int allow_name, int allow_kind, int *deleted)
{
	json_t *p = json_deep_copy(patch);
	json_t *meta;
	char *name = xstrdup(res_name(r)), *kind = xstrdup(res_kind(r));
	const char *ns_s = json_string_value(
		json_object_get(json_object_get(r->obj, "metadata"), "namespace"));
	char *ns = ns_s ? xstrdup(ns_s) : NULL;
	int rc;

	*deleted = 0;
	if (targeted) {
		json_t *av = json_object_get(r->obj, "apiVersion");

		if (av)
			json_object_set(p, "apiVersion", av);
		if (!allow_kind)
			json_object_set_new(p, "kind", json_string(kind));
	}
	if (allow_name || allow_kind)
		res_store_prev(r);
	rc = smp_apply(&r->obj, p);
	json_decref(p);
	if (rc == SMP_DELETED) {
		*deleted = 1;
		rc = 0;
	} else if (rc == SMP_MERGED) {
		if (!allow_kind)
			json_object_set_new(r->obj, "kind", json_string(kind));
		meta = json_object_get(r->obj, "metadata");
		if (!json_is_object(meta)) {
			meta = json_object();
			json_object_set_new(r->obj, "metadata", meta);
		}
		if (!allow_name)
			json_object_set_new(meta, "name", json_string(name));
		if (ns)
			json_object_set_new(meta, "namespace", json_string(ns));
		else
			json_object_del(meta, "namespace");
	}
	free(name);
	free(kind);
	free(ns);
	return rc;
}

/* apply an SMP document to the one resource it names */
static int smp_by_id(struct resmap *m, const json_t *patch, const char *origin,
		     int allow_name, int allow_kind)
{
	struct resid id;
	size_t *idx = NULL, n;
	int err = 0, deleted = 0;

	resid_from_obj(&id, patch);
	n = resmap_find_any(m, &id, &idx);
	if (n != 1) {
		struct buf label = BUF_INIT, near = BUF_INIT;

		resid_format(&label, &id);
		if (n == 0)
			nearest(m, id.kind, id.name, &near);
		err = err_set(n ? ERR_CONFLICT : ERR_NOTFOUND,
			      "%s: the strategic merge patch for %s %s%s", origin,
			      label.ptr,
			      n ? "matches more than one resource (their original names are the same)"
				: "matches no resource",
			      near.ptr);
		buf_release(&label);
		buf_release(&near);
	} else {
		err = apply_smp(m->v[idx[0]], patch, 0, allow_name, allow_kind, &deleted);
		if (err < 0)
			err_prefix("%s: ", origin);
		else if (deleted)
			resmap_remove_at(m, idx[0]);
	}
	free(idx);
	resid_release(&id);
	return err;
}

/* a big integer as the float64 kustomize's JSON patch turns it into */
static json_t *as_float64(const json_t *e)
{
	if (json_is_integer(e) && llabs(json_integer_value(e)) > (1LL << 53))
		return json_real((double)json_integer_value(e));
	if (doc_uint_text(e))
		return json_real(strtod(doc_uint_text(e), NULL));
	return NULL;
}

/* JSON patch numbers pass through float64, as in kustomize */
static void through_float64(json_t *v)
{
	size_t i;
	const char *k;
	json_t *e, *f;

	if (json_is_object(v)) {
		json_object_foreach(v, k, e) {
			f = as_float64(e);
			if (f)
				json_object_set_new(v, k, f);
			else
				through_float64(e);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			f = as_float64(e);
			if (f)
				json_array_set_new(v, i, f);
			else
				through_float64(e);
		}
	}
}

static int apply_json(struct res *r, const json_t *ops,
		      struct json_patch_error *je)
{
	int err;

	res_store_prev(r);
	err = json_patch_apply(&r->obj, ops, je);
	if (!err)
		through_float64(r->obj);
	return err;
}

static int options(const json_t *entry, const char *name)
{
	return json_is_true(json_object_get(json_object_get(entry, "options"), name));
}

/*
 * apply to every resource the target selects; zero matches is an error
 * that lists the nearest candidates
 */
static int apply_targeted(const struct patch_src *ps, struct resmap *m,
			  const json_t *target, enum patch_kind kind,
			  const json_t *docs, const json_t *entry,
			  const char *origin)
{
	struct selector *sel = NULL;
	const char *bad_field = NULL;
	size_t i, hits = 0;
	int err;

	err = selector_new(target, &sel, &bad_field);
	if (err < 0) {
		struct buf w = BUF_INIT, sub = BUF_INIT;

		buf_addf(&sub, "target/%s", bad_field ? bad_field : "");
		value_where(ps, bad_field ? sub.ptr : "target", &w);
		err_prefix("%s: %s[%zu]: ", w.ptr, ps->field, ps->index);
		buf_release(&w);
		buf_release(&sub);
		return err;
	}
	for (i = 0; i < m->n && !err;) {
		struct res *r = m->v[i];
		struct json_patch_error je = { 0, NULL };
		int deleted = 0;

		if (!selector_matches(sel, r)) {
			i++;
			continue;
		}
		hits++;
		if (kind == PK_JSON)
			err = apply_json(r, docs, &je);
		else
			err = apply_smp(r, json_array_get(docs, 0), 1,
					options(entry, "allowNameChange"),
					options(entry, "allowKindChange"), &deleted);
		if (err < 0) {
			struct buf label = BUF_INIT, w = BUF_INIT;

			res_label(r, &label);
			if (kind == PK_JSON) {
				/* finding the position parses again: keep the message */
				char *msg = xstrdup(err_last());

				op_where(ps, &je, &w);
				err = err_set(err, "%s: %s[%zu]: patching %s: %s", w.ptr,
					      ps->field, ps->index, label.ptr, msg);
				free(msg);
			} else {
				err_prefix("%s: patching %s: ", origin, label.ptr);
			}
			buf_release(&label);
			buf_release(&w);
			break;
		}
		if (deleted)
			resmap_remove_at(m, i);
		else
			i++;
	}
	if (!err && !hits) {
		struct buf desc = BUF_INIT, near = BUF_INIT;
		const char *kind_s = json_string_value(json_object_get(target, "kind"));
		const char *name_s = json_string_value(json_object_get(target, "name"));

		selector_describe(target, &desc);
		nearest(m, kind_s ? kind_s : "", name_s ? name_s : "", &near);
		err = err_set(ERR_NOTFOUND, "%s: the target (%s) selects no resource%s",
			      origin, desc.ptr, near.ptr);
		buf_release(&desc);
		buf_release(&near);
	}
	selector_free(sel);
	return err;
}

/* ------------------------------------------------------------------ */
/* the three fields                                                    */

int patches_run(const struct patch_ctx *c, struct resmap *m)
{
	json_t *list = kz_list(c->k->doc, "patches");
	json_t *entry;
	size_t i;
	int err = 0;

	json_array_foreach(list, i, entry) {
		struct patch_src ps = { c, "patches", i, 0, BUF_INIT, BUF_INIT };
		struct buf origin = BUF_INIT;
		json_t *docs = NULL;
		json_t *target = json_object_get(entry, "target");
		enum patch_kind kind = PK_SMP;

		where(c, "patches", i, &origin);
		err = patch_text(&ps, entry, origin.ptr);
		if (!err) {
			err = classify(ps.text.ptr, ps.text.len, ps.name.ptr, &kind, &docs);
			if (err < 0)
				err_prefix("%s: ", origin.ptr);
		}
		if (err < 0) {
			/* already placed */
		} else if (json_is_object(target)) {
			if (kind == PK_SMP && json_array_size(docs) > 1)
				err = err_set(ERR_INVALID,
					      "%s: a patch with a target must hold one strategic merge patch, %s has %zu",
					      origin.ptr, ps.name.ptr, json_array_size(docs));
			else
				err = apply_targeted(&ps, m, target, kind, docs, entry,
						     origin.ptr);
		} else if (kind == PK_JSON) {
			err = err_set(ERR_INVALID,
				      "%s: a JSON 6902 patch needs a target (group, version, kind, name)",
				      origin.ptr);
		} else {
			size_t j;
			json_t *d;

			json_array_foreach(docs, j, d) {
				err = smp_by_id(m, d, origin.ptr,
						options(entry, "allowNameChange"),
						options(entry, "allowKindChange"));
				if (err < 0)
					break;
			}
		}
		json_decref(docs);
		buf_release(&origin);
		buf_release(&ps.text);
		buf_release(&ps.name);
		if (err < 0)
			return err;
	}
	return 0;
}

int patches_strategic_legacy(const struct patch_ctx *c, struct resmap *m)
{
	json_t *list = kz_list(c->k->doc, "patchesStrategicMerge");
	json_t *entry;
	size_t i;
	int err = 0;

	json_array_foreach(list, i, entry) {
		struct buf origin = BUF_INIT, text = BUF_INIT;
		const char *s = json_string_value(entry);
		json_t *docs = NULL;
		size_t j;
		json_t *d;
		int inl = 0;

		if (!s)
			continue;
		where(c, "patchesStrategicMerge", i, &origin);
		/* an entry is inline YAML if it parses into objects, else a path */
		if (load_patch_docs(s, strlen(s), origin.ptr, &docs) == 0 &&
		    json_array_size(docs)) {
			inl = 1;
			json_array_foreach(docs, j, d)
				if (!json_is_object(d) || !json_object_get(d, "kind"))
					inl = 0;
		}
		err_clear();
		if (!inl) {
			json_decref(docs);
			docs = NULL;
			err = files_read(c->k->dir, s, c->restrict_loads, &text, NULL);
			if (!err)
				err = load_patch_docs(text.ptr, text.len, s, &docs);
			if (err < 0)
				err_prefix("%s: ", origin.ptr);
		}
		json_array_foreach(docs, j, d) {
			if (err < 0)
				break;
			if (!is_krm(d)) {
				err = err_set(ERR_INVALID,
					      "%s: document %zu is not an object with kind and metadata.name",
					      origin.ptr, j + 1);
				break;
			}
			err = smp_by_id(m, d, origin.ptr, 0, 0);
		}
		json_decref(docs);
		buf_release(&origin);
		buf_release(&text);
		if (err < 0)
			return err;
	}
	return 0;
}

int patches_json6902_legacy(const struct patch_ctx *c, struct resmap *m)
{
	json_t *list = kz_list(c->k->doc, "patchesJson6902");
	json_t *entry;
	size_t i;
	int err = 0;

	json_array_foreach(list, i, entry) {
		struct patch_src ps = { c, "patchesJson6902", i, 0, BUF_INIT, BUF_INIT };
		struct buf origin = BUF_INIT;
		json_t *target = json_object_get(entry, "target");
		json_t *parsed = NULL;
		struct doc_load_opts o = DOC_LOAD_OPTS_INIT;

		where(c, "patchesJson6902", i, &origin);
		if (!json_is_object(target) ||
		    !*kz_str(target, "name")) {
			err = err_set(ERR_INVALID, "%s: needs a target with a name",
				      origin.ptr);
			goto next;
		}
		err = patch_text(&ps, entry, origin.ptr);
		if (err < 0)
			goto next;
		o.name = ps.name.ptr;
		o.flags = DOC_LOAD_YAML11;
		err = doc_yaml_load(ps.text.ptr, ps.text.len, &o, &parsed);
		if (err < 0) {
			err_prefix("%s: ", origin.ptr);
			goto next;
		}
		if (json_array_size(parsed) != 1 ||
		    !json_is_array(json_array_get(parsed, 0))) {
			err = err_set(ERR_INVALID,
				      "%s: %s is not a JSON 6902 patch (a list of operations)",
				      origin.ptr, ps.name.ptr);
			goto next;
		}
		err = apply_targeted(&ps, m, target, PK_JSON, json_array_get(parsed, 0),
				     entry, origin.ptr);
next:
		json_decref(parsed);
		buf_release(&origin);
		buf_release(&ps.text);
		buf_release(&ps.name);
		if (err < 0)
			return err;
	}
	return 0;
}
