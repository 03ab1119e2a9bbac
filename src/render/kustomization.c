/*
 * kustomization: find, read and check a kustomization file.  See
 * kustomization.h.
 *
 * The check is driven by a schema table that mirrors kustomize v5.5.0's
 * Go types (api/types/kustomization.go and friends).  Go's encoding/json
 * decides what is accepted: null is always allowed (the zero value), an
 * integral number is a valid int64, field names match regardless of case.
 * We report the first problem in file order, with its position.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/strutil.h"
#include "kustomization.h"

enum ktype {
	T_STRING,
	T_INT,
	T_BOOL,
	T_STRLIST,
	T_STRMAP,
	T_BOOLMAP,
	T_STRUCT,
	T_LIST,  /* list of T_STRUCT */
	T_ANY,   /* checked elsewhere */
};

enum kflags {
	K_UNSUPPORTED = 1 << 0,
	K_DEPRECATED = 1 << 1,
};

struct kfield {
	const char *name;
	enum ktype type;
	const struct kfield *fields;
	unsigned flags;
	const char *instead; /* for deprecated fields */
};

#define END { NULL, T_ANY, NULL, 0, NULL }

static const struct kfield fieldspec_fields[] = {
	{ "group", T_STRING, NULL, 0, NULL },
	{ "version", T_STRING, NULL, 0, NULL },
	{ "kind", T_STRING, NULL, 0, NULL },
	{ "path", T_STRING, NULL, 0, NULL },
	{ "create", T_BOOL, NULL, 0, NULL },
	END,
};

static const struct kfield selector_fields[] = {
	{ "group", T_STRING, NULL, 0, NULL },
	{ "version", T_STRING, NULL, 0, NULL },
	{ "kind", T_STRING, NULL, 0, NULL },
	{ "name", T_STRING, NULL, 0, NULL },
	{ "namespace", T_STRING, NULL, 0, NULL },
	{ "labelSelector", T_STRING, NULL, 0, NULL },
	{ "annotationSelector", T_STRING, NULL, 0, NULL },
	END,
};

static const struct kfield patch_fields[] = {
	{ "path", T_STRING, NULL, 0, NULL },
	{ "patch", T_STRING, NULL, 0, NULL },
	{ "target", T_STRUCT, selector_fields, 0, NULL },
	{ "options", T_BOOLMAP, NULL, 0, NULL },
	END,
};

static const struct kfield label_fields[] = {
	{ "pairs", T_STRMAP, NULL, 0, NULL },
	{ "includeSelectors", T_BOOL, NULL, 0, NULL },
	{ "includeTemplates", T_BOOL, NULL, 0, NULL },
	{ "fields", T_LIST, fieldspec_fields, 0, NULL },
	END,
};

static const struct kfield image_fields[] = {
	{ "name", T_STRING, NULL, 0, NULL },
	{ "newName", T_STRING, NULL, 0, NULL },
	{ "tagSuffix", T_STRING, NULL, 0, NULL },
	{ "newTag", T_STRING, NULL, 0, NULL },
	{ "digest", T_STRING, NULL, 0, NULL },
	END,
};

static const struct kfield replica_fields[] = {
	{ "name", T_STRING, NULL, 0, NULL },
	{ "count", T_INT, NULL, 0, NULL },
	END,
};

static const struct kfield genopts_fields[] = {
	{ "labels", T_STRMAP, NULL, 0, NULL },
	{ "annotations", T_STRMAP, NULL, 0, NULL },
	{ "disableNameSuffixHash", T_BOOL, NULL, 0, NULL },
	{ "immutable", T_BOOL, NULL, 0, NULL },
	END,
};

static const struct kfield configmap_fields[] = {
	{ "namespace", T_STRING, NULL, 0, NULL },
	{ "name", T_STRING, NULL, 0, NULL },
	{ "behavior", T_STRING, NULL, 0, NULL },
	{ "literals", T_STRLIST, NULL, 0, NULL },
	{ "files", T_STRLIST, NULL, 0, NULL },
	{ "envs", T_STRLIST, NULL, 0, NULL },
	{ "env", T_STRING, NULL, 0, NULL },
	{ "options", T_STRUCT, genopts_fields, 0, NULL },
	END,
};

static const struct kfield secret_fields[] = {
	{ "namespace", T_STRING, NULL, 0, NULL },
	{ "name", T_STRING, NULL, 0, NULL },
	{ "behavior", T_STRING, NULL, 0, NULL },
	{ "literals", T_STRLIST, NULL, 0, NULL },
	{ "files", T_STRLIST, NULL, 0, NULL },
	{ "envs", T_STRLIST, NULL, 0, NULL },
	{ "env", T_STRING, NULL, 0, NULL },
	{ "options", T_STRUCT, genopts_fields, 0, NULL },
	{ "type", T_STRING, NULL, 0, NULL },
	END,
};

static const struct kfield meta_fields[] = {
	{ "name", T_STRING, NULL, 0, NULL },
	{ "namespace", T_STRING, NULL, 0, NULL },
	{ "labels", T_STRMAP, NULL, 0, NULL },
	{ "annotations", T_STRMAP, NULL, 0, NULL },
	END,
};

static const struct kfield legacy_sort_fields[] = {
	{ "orderFirst", T_STRLIST, NULL, 0, NULL },
	{ "orderLast", T_STRLIST, NULL, 0, NULL },
	END,
};

static const struct kfield sort_fields[] = {
	{ "order", T_STRING, NULL, 0, NULL },
	{ "legacySortOptions", T_STRUCT, legacy_sort_fields, 0, NULL },
	END,
};

static const struct kfield kustomization_fields[] = {
	{ "apiVersion", T_STRING, NULL, 0, NULL },
	{ "kind", T_STRING, NULL, 0, NULL },
	{ "metadata", T_STRUCT, meta_fields, 0, NULL },
	{ "openapi", T_STRMAP, NULL, K_UNSUPPORTED, NULL },
	{ "namePrefix", T_STRING, NULL, 0, NULL },
	{ "nameSuffix", T_STRING, NULL, 0, NULL },
	{ "namespace", T_STRING, NULL, 0, NULL },
	{ "commonLabels", T_STRMAP, NULL, K_DEPRECATED, "labels" },
	{ "labels", T_LIST, label_fields, 0, NULL },
	{ "commonAnnotations", T_STRMAP, NULL, 0, NULL },
	{ "patchesStrategicMerge", T_STRLIST, NULL, K_DEPRECATED, "patches" },
	{ "patchesJson6902", T_LIST, patch_fields, K_DEPRECATED, "patches" },
	{ "patches", T_LIST, patch_fields, 0, NULL },
	{ "images", T_LIST, image_fields, 0, NULL },
	{ "imageTags", T_LIST, image_fields, K_DEPRECATED, "images" },
	{ "replacements", T_ANY, NULL, K_UNSUPPORTED, NULL },
	{ "replicas", T_LIST, replica_fields, 0, NULL },
	{ "vars", T_ANY, NULL, K_UNSUPPORTED, NULL },
	{ "sortOptions", T_STRUCT, sort_fields, 0, NULL },
	{ "resources", T_STRLIST, NULL, 0, NULL },
	{ "components", T_STRLIST, NULL, 0, NULL },
	{ "crds", T_STRLIST, NULL, K_UNSUPPORTED, NULL },
	{ "bases", T_STRLIST, NULL, K_DEPRECATED, "resources" },
	{ "configMapGenerator", T_LIST, configmap_fields, 0, NULL },
	{ "secretGenerator", T_LIST, secret_fields, 0, NULL },
	{ "helmGlobals", T_ANY, NULL, K_UNSUPPORTED, NULL },
	{ "helmCharts", T_ANY, NULL, K_UNSUPPORTED, NULL },
	{ "helmChartInflationGenerator", T_ANY, NULL, K_UNSUPPORTED, NULL },
	{ "generatorOptions", T_STRUCT, genopts_fields, 0, NULL },
	{ "configurations", T_STRLIST, NULL, K_UNSUPPORTED, NULL },
	{ "generators", T_STRLIST, NULL, K_UNSUPPORTED, NULL },
	{ "transformers", T_STRLIST, NULL, K_UNSUPPORTED, NULL },
	{ "validators", T_STRLIST, NULL, K_UNSUPPORTED, NULL },
	{ "buildMetadata", T_STRLIST, NULL, K_UNSUPPORTED, NULL },
	END,
};

void strlist_add(struct strlist *l, const char *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = xstrdup(s);
}

void strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const char *kz_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

json_t *kz_list(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_array(v) ? v : NULL;
}

json_t *kz_map(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_object(v) ? v : NULL;
}

/* ------------------------------------------------------------------ */
/* checking                                                            */

struct checker {
	struct kustomization *k;
	struct strlist *warnings;
	struct buf ptr; /* JSON pointer of the node being checked */
};

static const char *type_name(enum ktype t)
{
	switch (t) {
	case T_STRING:
		return "a string";
	case T_INT:
		return "an integer";
	case T_BOOL:
		return "a boolean (true or false)";
	case T_STRLIST:
		return "a list of strings";
	case T_STRMAP:
		return "a mapping of strings to strings";
	case T_BOOLMAP:
		return "a mapping of names to booleans";
	case T_STRUCT:
		return "a mapping";
	case T_LIST:
		return "a list of mappings";
	case T_ANY:
		break;
	}
	return "a value";
}

static int fail_at(struct checker *c, int at_value, int code, const char *fmt,
		   va_list ap);

static int fail(struct checker *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_value(struct checker *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct checker *c, int code, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = fail_at(c, 0, code, fmt, ap);
	va_end(ap);
	return err;
}

/* like fail, but pointing at the value rather than its key */
static int fail_value(struct checker *c, int code, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = fail_at(c, 1, code, fmt, ap);
	va_end(ap);
	return err;
}

static int fail_at(struct checker *c, int at_value, int code, const char *fmt,
		   va_list ap)
{
	struct buf where = BUF_INIT, msg = BUF_INIT;

	if (at_value)
		kustomization_where_value(c->k, c->ptr.ptr, &where);
	else
		kustomization_where(c->k, c->ptr.ptr, &where);
	buf_vaddf(&msg, fmt, ap);
	err_set(code, "%s: %s", where.ptr, msg.ptr);
	buf_release(&where);
	buf_release(&msg);
	return code;
}

/* the field path for messages: "/patches/0/target" -> "patches[0].target" */
static void field_label(struct buf *out, const char *ptr)
{
	const char *p = ptr;

	buf_reset(out);
	while (*p == '/') {
		const char *end = strchr(p + 1, '/');
		size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
		int numeric = n > 0;
		size_t i;

		for (i = 0; i < n; i++)
			if (p[1 + i] < '0' || p[1 + i] > '9')
				numeric = 0;
		if (numeric) {
			buf_addc(out, '[');
			buf_add(out, p + 1, n);
			buf_addc(out, ']');
		} else {
			if (out->len)
				buf_addc(out, '.');
			for (i = 0; i < n; i++) {
				if (p[1 + i] == '~' && i + 1 < n) {
					buf_addc(out, p[2 + i] == '1' ? '/' : '~');
					i++;
				} else {
					buf_addc(out, p[1 + i]);
				}
			}
		}
		p += n + 1;
	}
}

static int type_error(struct checker *c, enum ktype want, const json_t *v)
{
	struct buf label = BUF_INIT;
	int err;

	field_label(&label, c->ptr.ptr);
	err = fail_value(c, ERR_INVALID, "'%s' must be %s, not %s", label.ptr,
			 type_name(want), doc_kind_name(v));
	buf_release(&label);
	return err;
}

static int check_value(struct checker *c, const struct kfield *f, json_t *v);

static int is_int(const json_t *v)
{
	if (json_is_integer(v))
		return 1;
	if (json_is_real(v)) {
		double d = json_real_value(v);

		return d == (double)(long long)d;
	}
	return 0;
}

static const struct kfield *find_field(const struct kfield *fields,
				       const char *key, int *exact)
{
	const struct kfield *f;

	for (f = fields; f->name; f++)
		if (!strcmp(f->name, key)) {
			*exact = 1;
			return f;
		}
	for (f = fields; f->name; f++)
		if (!strcasecmp(f->name, key)) {
			*exact = 0;
			return f;
		}
	return NULL;
}

static int bytewise(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Bring keys to their canonical spelling, as Go's json decoder matches
 * them case-insensitively: keys are applied in byte order, so among
 * several spellings of one field the last in that order wins.
 */
static void canonicalize(json_t *obj, const struct kfield *fields)
{
	size_t n = json_object_size(obj), i = 0;
	char **keys = xcalloc(n ? n : 1, sizeof(*keys));
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v)
		keys[i++] = xstrdup(k);
	qsort(keys, n, sizeof(*keys), bytewise);
	for (i = 0; i < n; i++) {
		int exact = 0;
		const struct kfield *f = find_field(fields, keys[i], &exact);

		if (f && !exact) {
			json_t *val = json_incref(json_object_get(obj, keys[i]));

			json_object_del(obj, keys[i]);
			json_object_set_new(obj, f->name, val);
		}
		free(keys[i]);
	}
	free(keys);
}

/* closest known field name, for "did you mean" */
static const char *closest(const struct kfield *fields, const char *key)
{
	const struct kfield *f, *best = NULL;
	size_t best_d = 3;

	for (f = fields; f->name; f++) {
		size_t d = str_edit_distance(key, f->name);

		if (d < best_d) {
			best_d = d;
			best = f;
		}
	}
	return best ? best->name : NULL;
}

static int check_struct(struct checker *c, const struct kfield *fields,
			json_t *obj)
{
	const char *k;
	json_t *v;
	size_t saved = c->ptr.len;
	int err = 0;

	canonicalize(obj, fields);
	json_object_foreach(obj, k, v) {
		int exact;
		const struct kfield *f = find_field(fields, k, &exact);

		doc_pointer_append(&c->ptr, k, strlen(k));
		if (!f) {
			const char *hint = closest(fields, k);

			if (hint)
				err = fail(c, ERR_INVALID,
					   "unknown field '%s' (did you mean '%s'?)", k,
					   hint);
			else
				err = fail(c, ERR_INVALID, "unknown field '%s'", k);
			break;
		}
		if (f->flags & K_UNSUPPORTED && !json_is_null(v)) {
			err = fail(c, ERR_UNSUPPORTED,
				   "field '%s' is not supported by argolab (it is a kustomize feature argolab does not implement; remove it or use kubectl kustomize)",
				   k);
			break;
		}
		err = check_value(c, f, v);
		if (err < 0)
			break;
		if (f->flags & K_DEPRECATED && !json_is_null(v) && c->warnings) {
			struct buf w = BUF_INIT;

			buf_addf(&w, "%s: '%s' is deprecated; use '%s' instead",
				 c->k->shown, k, f->instead);
			strlist_add(c->warnings, w.ptr);
			buf_release(&w);
		}
		buf_setlen(&c->ptr, saved);
	}
	buf_setlen(&c->ptr, saved);
	return err;
}

static int check_value(struct checker *c, const struct kfield *f, json_t *v)
{
	size_t i, saved = c->ptr.len;
	json_t *e;
	const char *k;

	if (json_is_null(v) || f->type == T_ANY)
		return 0;
	switch (f->type) {
	case T_STRING:
		return json_is_string(v) ? 0 : type_error(c, f->type, v);
	case T_INT:
		return is_int(v) ? 0 : type_error(c, f->type, v);
	case T_BOOL:
		return json_is_boolean(v) ? 0 : type_error(c, f->type, v);
	case T_STRLIST:
		if (!json_is_array(v))
			return type_error(c, f->type, v);
		json_array_foreach(v, i, e) {
			if (!json_is_string(e) && !json_is_null(e)) {
				int err;

				buf_addf(&c->ptr, "/%zu", i);
				err = type_error(c, T_STRING, e);
				buf_setlen(&c->ptr, saved);
				return err;
			}
		}
		return 0;
	case T_STRMAP:
	case T_BOOLMAP:
		if (!json_is_object(v))
			return type_error(c, f->type, v);
		json_object_foreach(v, k, e) {
			int ok = json_is_null(e) ||
				 (f->type == T_STRMAP ? json_is_string(e)
						      : json_is_boolean(e));

			if (!ok) {
				int err;

				doc_pointer_append(&c->ptr, k, strlen(k));
				err = type_error(c, f->type == T_STRMAP ? T_STRING
									: T_BOOL,
						 e);
				buf_setlen(&c->ptr, saved);
				return err;
			}
		}
		return 0;
	case T_STRUCT:
		if (!json_is_object(v))
			return type_error(c, f->type, v);
		return check_struct(c, f->fields, v);
	case T_LIST:
		if (!json_is_array(v))
			return type_error(c, f->type, v);
		json_array_foreach(v, i, e) {
			int err = 0;

			buf_addf(&c->ptr, "/%zu", i);
			if (json_is_object(e))
				err = check_struct(c, f->fields, e);
			else if (!json_is_null(e))
				err = type_error(c, T_STRUCT, e);
			buf_setlen(&c->ptr, saved);
			if (err < 0)
				return err;
		}
		return 0;
	case T_ANY:
		break;
	}
	return 0;
}

/* Go's "deep-equal to the zero value", ignoring apiVersion and kind */
static int is_empty(const json_t *doc)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)doc, k, v) {
		if (!strcmp(k, "apiVersion") || !strcmp(k, "kind"))
			continue;
		if (json_is_null(v) || json_is_false(v))
			continue;
		if (json_is_string(v) && !json_string_length(v))
			continue;
		if (json_is_integer(v) && !json_integer_value(v))
			continue;
		return 0;
	}
	return 1;
}

static void append_list(json_t *doc, const char *to, const char *from)
{
	json_t *src = json_object_get(doc, from);
	json_t *dst;
	size_t i;
	json_t *e;

	if (!json_is_array(src))
		return;
	dst = json_object_get(doc, to);
	if (!json_is_array(dst)) {
		dst = json_array();
		json_object_set_new(doc, to, dst);
	}
	json_array_foreach(src, i, e)
		json_array_append(dst, e);
	json_object_del(doc, from);
}

static void fix_generators(json_t *doc, const char *field)
{
	json_t *list = json_object_get(doc, field);
	size_t i;
	json_t *g;

	json_array_foreach(list, i, g) {
		json_t *env = json_object_get(g, "env");
		json_t *envs;

		if (!json_is_string(env) || !json_string_length(env))
			continue;
		envs = json_object_get(g, "envs");
		if (!json_is_array(envs)) {
			envs = json_array();
			json_object_set_new(g, "envs", envs);
		}
		json_array_append(envs, env);
		json_object_del(g, "env");
	}
}

static const char *const file_names[] = {
	"kustomization.yaml", "kustomization.yml", "Kustomization",
};

int kustomization_load(const char *dir, const char *shown_dir,
		       struct strlist *warnings, struct kustomization **out)
{
	struct kustomization *k = xcalloc(1, sizeof(*k));
	struct buf path = BUF_INIT, data = BUF_INIT, real = BUF_INIT;
	struct doc_load_opts opts = DOC_LOAD_OPTS_INIT;
	struct checker c;
	json_t *docs = NULL;
	const char *found = NULL;
	size_t i, nfound = 0;
	int err = 0;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	err = fs_realpath(dir, &real);
	if (err < 0) {
		err_set(ERR_NOTFOUND, "'%s' is not a directory (it does not exist)",
			shown_dir);
		goto done;
	}
	if (!fs_is_dir(real.ptr)) {
		err = err_set(ERR_INVALID, "'%s' is a file, not a kustomization directory",
			      shown_dir);
		goto done;
	}
	k->dir = xstrdup(real.ptr);
	for (i = 0; i < sizeof(file_names) / sizeof(file_names[0]); i++) {
		path_join(&path, k->dir, file_names[i]);
		if (fs_exists(path.ptr)) {
			if (!found)
				found = file_names[i];
			nfound++;
		}
	}
	if (!nfound) {
		err = err_set(ERR_NOTFOUND,
			      "no kustomization file in '%s' (looked for kustomization.yaml, kustomization.yml and Kustomization)",
			      shown_dir);
		goto done;
	}
	if (nfound > 1) {
		err = err_set(ERR_CONFLICT,
			      "'%s' has more than one kustomization file (kustomization.yaml, kustomization.yml, Kustomization); keep one",
			      shown_dir);
		goto done;
	}
	path_join(&path, k->dir, found);
	k->path = xstrdup(path.ptr);
	path_join(&path, shown_dir, found);
	path_clean(&path);
	k->shown = xstrdup(path.ptr);
	err = fs_read_file(k->path, 0, &data);
	if (err < 0)
		goto done;
	k->pos = doc_posmap_new();
	opts.name = k->shown;
	opts.pos = k->pos;
	opts.flags = DOC_LOAD_POSITIONS | DOC_LOAD_YAML11;
	err = doc_yaml_load(data.ptr, data.len, &opts, &docs);
	if (err < 0)
		goto done;
	if (json_array_size(docs) > 1) {
		struct doc_pos kp, vp;

		if (doc_posmap_get(k->pos, "/1", &kp, &vp) < 0)
			kp.line = kp.col = 0;
		err = err_set(ERR_INVALID,
			      "%s:%u:%u: a kustomization file holds one YAML document; a second one starts here",
			      k->shown, kp.line, kp.col);
		goto done;
	}
	k->doc = json_array_size(docs) ? json_incref(json_array_get(docs, 0))
				       : json_null();
	if (json_is_null(k->doc)) {
		json_decref(k->doc);
		k->doc = json_object();
	}
	c.k = k;
	c.warnings = warnings;
	buf_init(&c.ptr, 0);
	if (!json_is_object(k->doc)) {
		err = fail(&c, ERR_INVALID,
			   "a kustomization must be a mapping of fields, not %s",
			   doc_kind_name(k->doc));
		goto done;
	}
	err = check_struct(&c, kustomization_fields, k->doc);
	if (err < 0)
		goto done;
	append_list(k->doc, "resources", "bases");
	append_list(k->doc, "images", "imageTags");
	fix_generators(k->doc, "configMapGenerator");
	fix_generators(k->doc, "secretGenerator");
	if (is_empty(k->doc)) {
		err = err_set(ERR_INVALID, "%s: the kustomization is empty", k->shown);
		goto done;
	}
	{
		const char *kind = kz_str(k->doc, "kind");
		const char *api = kz_str(k->doc, "apiVersion");
		const char *want;

		if (!*kind)
			kind = "Kustomization";
		if (strcmp(kind, "Kustomization") && strcmp(kind, "Component")) {
			buf_reset(&c.ptr);
			buf_adds(&c.ptr, "/kind");
			err = fail_value(&c, ERR_INVALID,
					 "kind must be Kustomization or Component, not '%s'",
					 kind);
			goto done;
		}
		k->is_component = !strcmp(kind, "Component");
		want = k->is_component ? "kustomize.config.k8s.io/v1alpha1"
				       : "kustomize.config.k8s.io/v1beta1";
		if (*api && strcmp(api, want)) {
			buf_reset(&c.ptr);
			buf_adds(&c.ptr, "/apiVersion");
			err = fail_value(&c, ERR_INVALID,
					 "apiVersion of a %s must be %s, not '%s'", kind,
					 want, api);
			goto done;
		}
	}
done:
	buf_release(&c.ptr);
	json_decref(docs);
	buf_release(&path);
	buf_release(&data);
	buf_release(&real);
	if (err < 0) {
		kustomization_free(k);
		return err;
	}
	*out = k;
	return 0;
}

void kustomization_free(struct kustomization *k)
{
	if (!k)
		return;
	free(k->dir);
	free(k->path);
	free(k->shown);
	json_decref(k->doc);
	doc_posmap_free(k->pos);
	free(k);
}

void kustomization_where_value(const struct kustomization *k,
			       const char *pointer, struct buf *out)
{
	struct buf p = BUF_INIT;
	struct doc_pos key, val;

	buf_reset(out);
	buf_addf(&p, "/0%s", pointer);
	doc_posmap_nearest(k->pos, p.ptr, &key, &val);
	if (val.line)
		buf_addf(out, "%s:%u:%u", k->shown, val.line, val.col);
	else
		buf_adds(out, k->shown);
	buf_release(&p);
}

void kustomization_where(const struct kustomization *k, const char *pointer,
			 struct buf *out)
{
	struct buf p = BUF_INIT;
	struct doc_pos key, val;

	buf_reset(out);
	buf_addf(&p, "/0%s", pointer);
	doc_posmap_nearest(k->pos, p.ptr, &key, &val);
	if (key.line)
		buf_addf(out, "%s:%u:%u", k->shown, key.line, key.col);
	else
		buf_adds(out, k->shown);
	buf_release(&p);
}
