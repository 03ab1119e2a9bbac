/*
 * build: the kustomize build algorithm.  See render.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/par.h"
#include "../base/strmap.h"
#include "../doc/resid.h"
#include "../doc/scalar.h"
#include "../doc/json.h"
#include "../doc/yaml.h"
#include "files.h"
#include "generate.h"
#include "load.h"
#include "nameref.h"
#include "patches.h"
#include "render.h"
#include "transform.h"

struct build {
	const struct render_opts *opts;
	struct strlist *warnings;
	struct strlist chain; /* roots on the way down, for cycle checks */
	struct strlist chain_shown; /* the same, as shown in messages */
};

static int accumulate(struct build *b, const struct kustomization *k,
		      struct resmap *ra);

/* ------------------------------------------------------------------ */
/* ids and duplicates                                                  */

static void id_key(const struct res *r, struct buf *out)
{
	struct resid id;
	const char *ns;

	res_id(r, &id);
	ns = resid_is_cluster_scoped(id.group, id.version, id.kind) ? ""
	     : id.ns[0] ? id.ns : "default";
	buf_reset(out);
	buf_adds(out, id.group);
	buf_addc(out, '|');
	buf_adds(out, id.version);
	buf_addc(out, '|');
	buf_adds(out, id.kind);
	buf_addc(out, '|');
	buf_adds(out, ns);
	buf_addc(out, '|');
	buf_adds(out, id.name);
	resid_release(&id);
}

static void origin_text(const struct res *r, struct buf *out)
{
	buf_reset(out);
	if (r->line)
		buf_addf(out, "%s:%u:%u", r->origin, r->line, r->col);
	else
		buf_adds(out, r->origin);
}

/*
 * append_all: move the resources of src to the end of dst, refusing an id
 * that dst already has (kustomize: "may not add resource with an already
 * registered id").  index maps the id keys of dst to its resources and is
 * kept up to date, so repeated appends stay linear.
 */
static int append_all(struct resmap *dst, struct resmap *src,
		      struct strmap *index, const char *context)
{
	struct buf key = BUF_INIT;
	size_t i;
	int err = 0;

	for (i = 0; i < src->n && !err; i++) {
		struct res *old;

		id_key(src->v[i], &key);
		old = strmap_get(index, key.ptr, key.len);
		if (old) {
			struct buf label = BUF_INIT, a = BUF_INIT, o = BUF_INIT;

			res_label(src->v[i], &label);
			origin_text(src->v[i], &a);
			origin_text(old, &o);
			err = err_set(ERR_CONFLICT,
				      "%s: %s defines %s, which %s already defines; ids must be unique",
				      context, a.ptr, label.ptr, o.ptr);
			buf_release(&label);
			buf_release(&a);
			buf_release(&o);
			break;
		}
		strmap_put(index, key.ptr, key.len, src->v[i]);
	}
	if (err) {
		/* forget the keys added for this batch */
		size_t j;

		for (j = 0; j < i; j++) {
			id_key(src->v[j], &key);
			strmap_put(index, key.ptr, key.len, NULL);
		}
	} else {
		for (i = 0; i < src->n; i++)
			resmap_append_take(dst, src->v[i]);
		src->n = 0;
	}
	buf_release(&key);
	return err;
}

static void index_all(const struct resmap *m, struct strmap *index)
{
	struct buf key = BUF_INIT;
	size_t i;

	for (i = 0; i < m->n; i++) {
		id_key(m->v[i], &key);
		strmap_put(index, key.ptr, key.len, m->v[i]);
	}
	buf_release(&key);
}

/* ------------------------------------------------------------------ */
/* resources and components                                            */

static int is_remote(const char *s)
{
	return strstr(s, "://") || !strncmp(s, "git@", 4) ||
	       !strncmp(s, "github.com/", 11) || !strncmp(s, "gitlab.com/", 11);
}

/* a resource file read and parsed ahead of time (possibly on another core) */
struct preloaded {
	const char *entry;
	char *shown;
	int wanted;
	int err;
	int read_failed; /* the error came from reading, not parsing */
	char *msg;
	struct loaded_file f;
};

struct preload {
	const struct kustomization *k;
	int restrict_loads;
	struct preloaded *v;
	size_t n;
};

static void preload_one(size_t i, void *ctx)
{
	struct preload *p = ctx;
	struct preloaded *e = &p->v[i];
	struct buf data = BUF_INIT;

	if (!e->wanted)
		return;
	e->err = files_read(p->k->dir, e->entry, p->restrict_loads, &data, NULL);
	e->read_failed = e->err < 0;
	if (!e->err)
		e->err = load_resources(data.ptr, data.len, e->shown, &e->f);
	if (e->err < 0)
		e->msg = xstrdup(err_last());
	buf_release(&data);
}

static int take_file(struct preloaded *e, struct resmap *ra,
		     struct strmap *index, const char *context)
{
	struct resmap batch;
	size_t i;
	int err;

	if (e->err < 0) {
		/* a file that cannot be read: say where it was listed */
		if (e->read_failed)
			return err_set(e->err, "%s: %s", context, e->msg);
		return err_set(e->err, "%s", e->msg);
	}
	resmap_init(&batch);
	for (i = 0; i < e->f.n; i++) {
		struct res *r = res_new_take(e->f.docs[i].obj, e->shown,
					     e->f.docs[i].line);

		r->col = e->f.docs[i].col;
		resmap_append_take(&batch, r);
		e->f.docs[i].obj = NULL;
	}
	err = append_all(ra, &batch, index, context);
	resmap_release(&batch);
	return err;
}

/* a directory may not be, or contain, a kustomization already being built */
static int check_cycle(struct build *b, const char *root, const char *shown)
{
	size_t i, j;

	for (i = 0; i < b->chain.n; i++) {
		struct buf path = BUF_INIT;
		int err;

		if (!path_is_within(b->chain.v[i], root))
			continue;
		for (j = i; j < b->chain_shown.n; j++)
			buf_addf(&path, "%s -> ", b->chain_shown.v[j]);
		buf_adds(&path, shown);
		err = err_set(ERR_CYCLE,
			      "'%s' is a cycle: it contains a kustomization that is being built (%s)",
			      shown, path.ptr);
		buf_release(&path);
		return err;
	}
	return 0;
}

static int with_kustomization(struct build *b, const char *abs, const char *shown,
			      struct kustomization **out)
{
	struct buf real = BUF_INIT;
	int err;

	*out = NULL;
	err = fs_realpath(abs, &real);
	if (!err)
		err = check_cycle(b, real.ptr, shown);
	if (!err)
		err = kustomization_load(real.ptr, shown, b->warnings, out);
	buf_release(&real);
	return err;
}

static int build_dir(struct build *b, const struct kustomization *sub,
		     struct resmap *ra)
{
	int err;

	strlist_add(&b->chain, sub->dir);
	{
		struct buf d = BUF_INIT;

		path_dirname(&d, sub->shown);
		strlist_add(&b->chain_shown, d.ptr);
		buf_release(&d);
	}
	err = accumulate(b, sub, ra);
	free(b->chain.v[--b->chain.n]);
	free(b->chain_shown.v[--b->chain_shown.n]);
	return err;
}

static void entry_where(const struct kustomization *k, const char *field,
			size_t i, struct buf *out)
{
	struct buf ptr = BUF_INIT;

	buf_addf(&ptr, "/%s/%zu", field, i);
	kustomization_where(k, ptr.ptr, out);
	buf_release(&ptr);
}

static void shown_path(const struct kustomization *k, const char *entry,
		       struct buf *out)
{
	struct buf d = BUF_INIT;

	path_dirname(&d, k->shown);
	path_join(out, d.ptr, entry);
	path_clean(out);
	buf_release(&d);
}

static int add_resources(struct build *b, const struct kustomization *k,
			 struct resmap *ra)
{
	json_t *list = kz_list(k->doc, "resources");
	struct preload pre;
	struct strmap index = STRMAP_INIT;
	json_t *e;
	size_t i, nfiles = 0;
	int err = 0;

	/* read and parse the plain files first, in parallel */
	memset(&pre, 0, sizeof(pre));
	pre.k = k;
	pre.restrict_loads = !b->opts->load_restrictor_none;
	pre.n = json_array_size(list);
	pre.v = xcalloc(pre.n ? pre.n : 1, sizeof(*pre.v));
	json_array_foreach(list, i, e) {
		const char *entry = json_string_value(e);
		struct buf abs = BUF_INIT, shown = BUF_INIT;

		if (!entry || !*entry || is_remote(entry))
			continue;
		path_join(&abs, k->dir, entry);
		path_clean(&abs);
		shown_path(k, entry, &shown);
		pre.v[i].entry = entry;
		pre.v[i].shown = buf_detach(&shown, NULL);
		pre.v[i].wanted = fs_is_file(abs.ptr);
		nfiles += pre.v[i].wanted;
		buf_release(&abs);
	}
	if (nfiles > 1)
		par_for(pre.n, preload_one, &pre);
	index_all(ra, &index);
	json_array_foreach(list, i, e) {
		const char *entry = json_string_value(e);
		struct buf abs = BUF_INIT, where = BUF_INIT;

		entry_where(k, "resources", i, &where);
		if (!entry || !*entry) {
			err = err_set(ERR_INVALID, "%s: empty resource entry", where.ptr);
			goto next;
		}
		if (is_remote(entry)) {
			err = err_set(ERR_UNSUPPORTED,
				      "%s: remote resource '%s' is not supported; pin it with 'argolab fetch' and refer to the local copy",
				      where.ptr, entry);
			goto next;
		}
		path_join(&abs, k->dir, entry);
		path_clean(&abs);
		buf_addf(&where, ": resources[%zu] '%s'", i, entry);
		if (pre.v[i].wanted) {
			if (nfiles <= 1)
				preload_one(i, &pre);
			err = take_file(&pre.v[i], ra, &index, where.ptr);
		} else if (fs_is_dir(abs.ptr)) {
			struct kustomization *sub = NULL;
			struct resmap subra;

			resmap_init(&subra);
			err = with_kustomization(b, abs.ptr, pre.v[i].shown, &sub);
			if (err < 0)
				err_prefix("%s: ", where.ptr);
			if (!err && sub->is_component)
				err = err_set(ERR_INVALID,
					      "%s: %s is a Component; list it under 'components', not 'resources'",
					      where.ptr, sub->shown);
			if (!err)
				err = build_dir(b, sub, &subra);
			if (!err)
				err = append_all(ra, &subra, &index, where.ptr);
			resmap_release(&subra);
			kustomization_free(sub);
		} else {
			err = err_set(ERR_NOTFOUND, "%s does not exist", where.ptr);
		}
next:
		buf_release(&abs);
		buf_release(&where);
		if (err < 0)
			break;
	}
	strmap_release(&index);
	for (i = 0; i < pre.n; i++) {
		free(pre.v[i].shown);
		free(pre.v[i].msg);
		loaded_file_release(&pre.v[i].f);
	}
	free(pre.v);
	return err;
}

static int add_components(struct build *b, const struct kustomization *k,
			  struct resmap *ra)
{
	json_t *list = kz_list(k->doc, "components");
	json_t *e;
	size_t i;
	int err = 0;

	json_array_foreach(list, i, e) {
		const char *entry = json_string_value(e);
		struct buf abs = BUF_INIT, shown = BUF_INIT, where = BUF_INIT;
		struct kustomization *sub = NULL;

		entry_where(k, "components", i, &where);
		if (!entry || !*entry || is_remote(entry)) {
			err = err_set(entry && *entry ? ERR_UNSUPPORTED : ERR_INVALID,
				      "%s: component '%s' must be a local directory",
				      where.ptr, entry ? entry : "");
			goto next;
		}
		path_join(&abs, k->dir, entry);
		path_clean(&abs);
		{
			struct buf d = BUF_INIT;

			path_dirname(&d, k->shown);
			path_join(&shown, d.ptr, entry);
			path_clean(&shown);
			buf_release(&d);
		}
		if (!fs_is_dir(abs.ptr)) {
			err = err_set(ERR_NOTFOUND,
				      "%s: component '%s' is not a directory",
				      where.ptr, entry);
			goto next;
		}
		err = with_kustomization(b, abs.ptr, shown.ptr, &sub);
		if (err < 0)
			err_prefix("%s: components[%zu] '%s': ", where.ptr, i, entry);
		if (!err && !sub->is_component)
			err = err_set(ERR_INVALID,
				      "%s: '%s' is a Kustomization; a component needs kind: Component",
				      where.ptr, entry);
		/* a component works on what the parent has gathered so far */
		if (!err)
			err = build_dir(b, sub, ra);
		kustomization_free(sub);
next:
		buf_release(&abs);
		buf_release(&shown);
		buf_release(&where);
		if (err < 0)
			return err;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* transformers                                                        */

static int run_labels(const struct kustomization *k, struct resmap *ra)
{
	json_t *list = kz_list(k->doc, "labels");
	json_t *e;
	size_t i;
	int err = 0;

	json_array_foreach(list, i, e) {
		struct fslist specs = { NULL, 0, 0, NULL, 0, 0 };
		json_t *fields = kz_list(e, "fields");
		json_t *f;
		size_t j;
		const struct fieldspec *fs;
		static const struct fieldspec meta = { NULL, NULL, NULL,
						       "metadata/labels", 1 };

		json_array_foreach(fields, j, f)
			fslist_add_json(&specs, f);
		if (json_is_true(json_object_get(e, "includeSelectors"))) {
			for (fs = fs_common_labels; fs->path && !err; fs++)
				err = fslist_merge_one(&specs, fs);
		} else {
			if (json_is_true(json_object_get(e, "includeTemplates")))
				for (fs = fs_template_labels; fs->path && !err; fs++)
					err = fslist_merge_one(&specs, fs);
			if (!err)
				err = fslist_merge_one(&specs, &meta);
		}
		if (!err)
			err = tf_labels(ra, kz_map(e, "pairs"), specs.v, specs.n);
		fslist_release(&specs);
		if (err < 0) {
			struct buf w = BUF_INIT;

			entry_where(k, "labels", i, &w);
			err_prefix("%s: ", w.ptr);
			buf_release(&w);
			return err;
		}
	}
	{
		size_t n = 0;

		while (fs_common_labels[n].path)
			n++;
		err = tf_labels(ra, kz_map(k->doc, "commonLabels"), fs_common_labels, n);
	}
	return err;
}

static int run_transformers(struct build *b, const struct kustomization *k,
			    struct resmap *ra)
{
	struct patch_ctx pc = { k, !b->opts->load_restrictor_none };
	const char *ns = kz_str(k->doc, "namespace");
	const char *prefix = kz_str(k->doc, "namePrefix");
	const char *suffix = kz_str(k->doc, "nameSuffix");
	json_t *list, *e;
	size_t i;
	int err;

	err = patches_strategic_legacy(&pc, ra);
	if (!err)
		err = patches_run(&pc, ra);
	if (!err && *ns)
		err = tf_namespace(ra, ns);
	if (!err && *prefix)
		err = tf_prefix(ra, prefix);
	if (!err && *suffix)
		err = tf_suffix(ra, suffix);
	if (!err)
		err = run_labels(k, ra);
	if (!err)
		err = tf_annotations(ra, kz_map(k->doc, "commonAnnotations"));
	if (!err)
		err = patches_json6902_legacy(&pc, ra);
	list = kz_list(k->doc, "replicas");
	json_array_foreach(list, i, e) {
		json_t *count = json_object_get(e, "count");
		long long n = json_is_integer(count) ? json_integer_value(count)
			    : json_is_real(count) ? (long long)json_real_value(count) : 0;

		if (err < 0)
			break;
		err = tf_replicas(ra, kz_str(e, "name"), n);
		if (err < 0) {
			struct buf w = BUF_INIT;

			entry_where(k, "replicas", i, &w);
			err_prefix("%s: ", w.ptr);
			buf_release(&w);
		}
	}
	list = kz_list(k->doc, "images");
	json_array_foreach(list, i, e) {
		if (err < 0)
			break;
		if (!*kz_str(e, "name")) {
			struct buf w = BUF_INIT;

			entry_where(k, "images", i, &w);
			err = err_set(ERR_INVALID, "%s: an image entry needs a name", w.ptr);
			buf_release(&w);
			break;
		}
		err = tf_images(ra, e);
	}
	if (err < 0 && !strstr(err_last(), k->shown))
		err_prefix("%s: ", k->shown);
	return err;
}

static int accumulate(struct build *b, const struct kustomization *k,
		      struct resmap *ra)
{
	struct gen_ctx gc = { k, !b->opts->load_restrictor_none };
	int err;

	err = add_resources(b, k, ra);
	if (!err)
		err = gen_run(&gc, ra);
	if (!err)
		err = add_components(b, k, ra);
	if (!err)
		err = run_transformers(b, k, ra);
	return err;
}

/* ------------------------------------------------------------------ */
/* finishing                                                           */

static const char *const build_annotations[] = {
	"config.kubernetes.io/index",
	"config.kubernetes.io/path",
	"config.k8s.io/id",
	"internal.config.kubernetes.io/index",
	"internal.config.kubernetes.io/path",
	"internal.config.kubernetes.io/id",
	"internal.config.kubernetes.io/seqindent",
	"internal.config.kubernetes.io/annotations-migration-resource-id",
	"internal.config.kubernetes.io/previousKinds",
	"internal.config.kubernetes.io/previousNames",
	"internal.config.kubernetes.io/previousNamespaces",
	"internal.config.kubernetes.io/prefixes",
	"internal.config.kubernetes.io/suffixes",
	"internal.config.kubernetes.io/needsHashSuffix",
	"internal.config.kubernetes.io/generatorBehavior",
	"internal.config.kubernetes.io/allowNameChange",
	"internal.config.kubernetes.io/allowKindChange",
	"internal.config.kubernetes.io/refBy",
	"config.kubernetes.io/origin",
	"alpha.config.kubernetes.io/transformations",
	NULL,
};

/* drop local-config objects and kustomize's bookkeeping annotations */
static void finish_objects(struct resmap *m)
{
	size_t i = 0;

	while (i < m->n) {
		json_t *meta = json_object_get(m->v[i]->obj, "metadata");
		json_t *ann = json_object_get(meta, "annotations");
		const char *local = json_string_value(
			json_object_get(ann, "config.kubernetes.io/local-config"));
		const char *const *a;

		if (json_object_get(ann, "config.kubernetes.io/local-config") &&
		    !(local && !strcmp(local, "false"))) {
			resmap_remove_at(m, i);
			continue;
		}
		if (json_is_object(ann)) {
			const char *k;
			json_t *v;

			for (a = build_annotations; *a; a++)
				json_object_del(ann, *a);
			/*
			 * kustomize rewrites metadata.annotations as a map of
			 * strings when it removes its own: 1 becomes "1"
			 */
			json_object_foreach(ann, k, v) {
				char num[64];

				if (json_is_string(v))
					continue;
				if (json_is_integer(v))
					snprintf(num, sizeof(num), "%lld",
						 (long long)json_integer_value(v));
				else if (json_is_real(v))
					scalar_float_text(json_real_value(v), num, sizeof(num));
				else if (json_is_boolean(v))
					snprintf(num, sizeof(num), "%s",
						 json_is_true(v) ? "true" : "false");
				else
					num[0] = '\0';
				json_object_set_new(ann, k, json_string(num));
			}
		}
		if (json_is_object(meta) && json_object_get(meta, "annotations") &&
		    (json_is_null(ann) || (json_is_object(ann) && !json_object_size(ann))))
			json_object_del(meta, "annotations");
		i++;
	}
}

static int check_objects(const struct resmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct res *r = m->v[i];
		struct buf where = BUF_INIT;
		const char *what = NULL;

		if (!json_is_string(json_object_get(r->obj, "apiVersion")) ||
		    !json_string_length(json_object_get(r->obj, "apiVersion")))
			what = "apiVersion";
		else if (!*res_kind(r))
			what = "kind";
		else if (!*res_name(r))
			what = "metadata.name";
		if (!what)
			continue;
		origin_text(r, &where);
		err_set(ERR_INVALID, "%s: the %s '%s' has no %s", where.ptr,
			*res_kind(r) ? res_kind(r) : "object", res_name(r), what);
		buf_release(&where);
		return ERR_INVALID;
	}
	return 0;
}

struct sortkey {
	struct res *r;
	int rank;
	char *gvk; /* the keys of resid_legacy_cmp, computed once */
	char *id;
	size_t index;
};

static int sort_cmp(const void *x, const void *y)
{
	const struct sortkey *a = x, *b = y;
	int c = strcmp(a->gvk, b->gvk);

	if (c) {
		if (a->rank != b->rank)
			return a->rank < b->rank ? -1 : 1;
		return c;
	}
	c = strcmp(a->id, b->id);
	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

static int custom_rank(const char *kind, const json_t *first, const json_t *last)
{
	size_t i, n = json_array_size(first);
	int r = 0;

	for (i = 0; i < n; i++)
		if (!strcmp(kind, json_string_value(json_array_get(first, i)) ?
					  json_string_value(json_array_get(first, i)) : ""))
			r = (int)i - (int)n;
	for (i = 0; i < json_array_size(last); i++)
		if (!strcmp(kind, json_string_value(json_array_get(last, i)) ?
					  json_string_value(json_array_get(last, i)) : ""))
			r = 1 + (int)i;
	return r;
}

static int sort_objects(const struct kustomization *top, struct resmap *m)
{
	json_t *so = kz_map(top->doc, "sortOptions");
	const char *order = so ? kz_str(so, "order") : "legacy";
	json_t *legacy = so ? kz_map(so, "legacySortOptions") : NULL;
	struct sortkey *keys;
	size_t i;

	if (so && strcmp(order, "legacy") && strcmp(order, "fifo"))
		return err_set(ERR_INVALID,
			       "%s: sortOptions.order must be 'legacy' or 'fifo', not '%s'",
			       top->shown, order);
	if (!strcmp(order, "fifo")) {
		if (legacy)
			return err_set(ERR_INVALID,
				       "%s: sortOptions.legacySortOptions is set but the order is 'fifo'",
				       top->shown);
		return 0;
	}
	keys = xcalloc(m->n ? m->n : 1, sizeof(*keys));
	for (i = 0; i < m->n; i++) {
		struct resid id;
		struct buf g = BUF_INIT, k = BUF_INIT;

		keys[i].r = m->v[i];
		keys[i].index = i;
		res_id(m->v[i], &id);
		keys[i].rank = legacy ? custom_rank(id.kind,
						    kz_list(legacy, "orderFirst"),
						    kz_list(legacy, "orderLast"))
				      : resid_legacy_rank(id.kind);
		resid_legacy_keys(&id, &g, &k);
		keys[i].gvk = buf_detach(&g, NULL);
		keys[i].id = buf_detach(&k, NULL);
		resid_release(&id);
	}
	qsort(keys, m->n, sizeof(*keys), sort_cmp);
	for (i = 0; i < m->n; i++) {
		m->v[i] = keys[i].r;
		free(keys[i].gvk);
		free(keys[i].id);
	}
	free(keys);
	return 0;
}

int render_build(const char *dir, const struct render_opts *opts,
		 struct render_result *out)
{
	struct build b;
	struct kustomization *top = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	resmap_init(&out->objects);
	memset(&b, 0, sizeof(b));
	b.opts = opts;
	b.warnings = &out->warnings;
	err = kustomization_load(dir, dir, b.warnings, &top);
	if (!err) {
		strlist_add(&b.chain, top->dir);
		{
			struct buf d = BUF_INIT;

			buf_adds(&d, dir);
			path_clean(&d);
			strlist_add(&b.chain_shown, d.ptr);
			buf_release(&d);
		}
		err = accumulate(&b, top, &out->objects);
	}
	if (!err) {
		gen_add_hashes(&out->objects);
		err = nameref_fix(&out->objects);
	}
	if (!err) {
		finish_objects(&out->objects);
		err = check_objects(&out->objects);
	}
	if (!err)
		err = sort_objects(top, &out->objects);
	strlist_release(&b.chain);
	strlist_release(&b.chain_shown);
	kustomization_free(top);
	if (err < 0) {
		render_result_release(out);
		return err;
	}
	return 0;
}

void render_result_release(struct render_result *r)
{
	resmap_release(&r->objects);
	strlist_release(&r->warnings);
}

struct emit_job {
	const struct render_result *r;
	struct buf *parts;
	int *errs;
	char **msgs;
};

static void emit_one(size_t i, void *ctx)
{
	struct emit_job *j = ctx;

	j->errs[i] = doc_yaml_emit(&j->parts[i], j->r->objects.v[i]->obj);
	if (j->errs[i] < 0) {
		struct buf label = BUF_INIT, where = BUF_INIT;

		res_label(j->r->objects.v[i], &label);
		origin_text(j->r->objects.v[i], &where);
		buf_addf(&where, ": %s: %s", label.ptr, err_last());
		j->msgs[i] = buf_detach(&where, NULL);
		buf_release(&label);
	}
}

int render_yaml(const struct render_result *r, struct buf *out)
{
	size_t i, n = r->objects.n, total = 0;
	struct emit_job j;
	int err = 0;

	/* documents are independent: print them on all cores */
	j.r = r;
	j.parts = xcalloc(n ? n : 1, sizeof(*j.parts));
	j.errs = xcalloc(n ? n : 1, sizeof(*j.errs));
	j.msgs = xcalloc(n ? n : 1, sizeof(*j.msgs));
	par_for(n, emit_one, &j);
	for (i = 0; i < n; i++)
		total += j.parts[i].len + 4;
	buf_grow(out, total);
	for (i = 0; i < n; i++) {
		if (j.errs[i] < 0 && !err)
			err = err_set(j.errs[i], "%s", j.msgs[i]);
		if (i)
			buf_add(out, "---\n", 4);
		buf_add(out, j.parts[i].ptr, j.parts[i].len);
		buf_release(&j.parts[i]);
		free(j.msgs[i]);
	}
	free(j.parts);
	free(j.errs);
	free(j.msgs);
	return err;
}

int render_json(const struct render_result *r, struct buf *out)
{
	json_t *list = json_object(), *items = json_array();
	size_t i;
	int err;

	json_object_set_new(list, "apiVersion", json_string("v1"));
	json_object_set_new(list, "kind", json_string("List"));
	for (i = 0; i < r->objects.n; i++)
		json_array_append(items, r->objects.v[i]->obj);
	json_object_set_new(list, "items", items);
	err = doc_json_emit(out, list, 4);
	json_decref(list);
	return err;
}
