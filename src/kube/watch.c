/*
 * watch: see watch.h.
 *
 * Each informer owns one request, reused: a LIST, then WATCH after
 * WATCH.  Its state is which of the two is in flight (the path says it)
 * or a backoff timer.  A watch's lines are events; each is applied to
 * the cache and told to on_change before the next line is read.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/httputil.h"
#include "../base/log.h"
#include "../doc/json.h"
#include "watch.h"

#define WATCH_SECONDS 240
#define RELIST_BACKOFF_MS 500L
#define RELIST_BACKOFF_MAX_MS 10000L

void kube_watchset_init(struct kube_watchset *ws, struct kube_client *c,
			kube_change_fn on_change, void *ctx)
{
	memset(ws, 0, sizeof(*ws));
	ws->c = c;
	ws->on_change = on_change;
	ws->ctx = ctx;
	buf_init(&ws->lasterr, 0);
}

static void cache_clear(struct kube_informer *inf)
{
	struct strmap_entry *e;

	strmap_foreach(&inf->objs, e)
		json_decref(e->value);
	strmap_release(&inf->objs);
}

static void informer_free(struct kube_informer *inf)
{
	if (inf->busy)
		kube_client_cancel(inf->ws->c, &inf->req);
	if (inf->timer)
		kube_client_timer_cancel(inf->ws->c, inf->timer);
	cache_clear(inf);
	kube_req_release(&inf->req);
	free(inf->api_version);
	free(inf->kind);
	free(inf->plural);
	free(inf->group);
	free(inf->version);
	free(inf->ns);
	free(inf->selector);
	free(inf->rv);
	free(inf);
}

void kube_watchset_release(struct kube_watchset *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		informer_free(ws->inf[i]);
	free(ws->inf);
	buf_release(&ws->lasterr);
	memset(ws, 0, sizeof(*ws));
}

static void key_of(struct buf *k, const char *ns, const char *name)
{
	buf_reset(k);
	buf_addf(k, "%s/%s", ns ? ns : "", name);
}

static void obj_key(struct buf *k, const json_t *obj)
{
	const json_t *md = json_object_get(obj, "metadata");

	key_of(k, json_string_value(json_object_get(md, "namespace")),
	       json_string_value(json_object_get(md, "name")) ?: "");
}

static void set_rv(struct kube_informer *inf, const char *rv)
{
	if (!rv || !*rv)
		return;
	free(inf->rv);
	inf->rv = xstrdup(rv);
}

static void start_list(struct kube_informer *inf);
static void start_watch(struct kube_informer *inf);

static void relist_later(void *ctx)
{
	struct kube_informer *inf = ctx;

	inf->timer = 0;
	start_list(inf);
}

static void backoff(struct kube_informer *inf, const char *why)
{
	long wait = http_backoff_ms(++inf->failures, RELIST_BACKOFF_MS,
				    RELIST_BACKOFF_MAX_MS, -1, 0);

	buf_reset(&inf->ws->lasterr);
	buf_addf(&inf->ws->lasterr, "watching %s: %s", inf->plural, why);
	log_info("%s; listing again in %ld ms", inf->ws->lasterr.ptr, wait);
	inf->timer = kube_client_timer(inf->ws->c, wait, relist_later, inf);
}

static void set_type(const struct kube_informer *inf, json_t *obj)
{
	if (!json_object_get(obj, "apiVersion"))
		json_object_set_new(obj, "apiVersion", json_string(inf->api_version));
	if (!json_object_get(obj, "kind"))
		json_object_set_new(obj, "kind", json_string(inf->kind));
}

static void apply_event(struct kube_informer *inf, const char *type, json_t *obj)
{
	struct buf k = BUF_INIT;
	json_t *old;

	set_type(inf, obj);
	obj_key(&k, obj);
	if (!strcmp(type, "DELETED")) {
		old = strmap_del(&inf->objs, k.ptr, k.len);
		if (inf->ws->on_change)
			inf->ws->on_change(inf->ws->ctx, inf, type, obj);
		json_decref(old);
	} else {
		json_incref(obj);
		old = strmap_put(&inf->objs, k.ptr, k.len, obj);
		json_decref(old);
		if (inf->ws->on_change)
			inf->ws->on_change(inf->ws->ctx, inf, old ? "MODIFIED" : "ADDED", obj);
	}
	buf_release(&k);
}

static void list_done(struct kube_req *r, void *ctx)
{
	struct kube_informer *inf = ctx;
	json_t *list, *items, *item;
	struct strmap fresh = STRMAP_INIT;
	struct strmap_entry *e;
	struct buf k = BUF_INIT;
	size_t i;

	inf->busy = 0;
	if (r->err || r->status != 200) {
		kube_req_error(r, "list");
		backoff(inf, err_last());
		err_clear();
		return;
	}
	list = doc_json_load(r->resp.ptr, r->resp.len, 0, NULL);
	items = json_object_get(list, "items");
	if (!json_is_array(items)) {
		json_decref(list);
		backoff(inf, "the list answer has no items");
		return;
	}
	inf->failures = 0;
	/* replace the cache, telling what appeared, changed and went */
	json_array_foreach(items, i, item) {
		set_type(inf, item);
		obj_key(&k, item);
		json_incref(item);
		strmap_put(&fresh, k.ptr, k.len, item);
	}
	strmap_foreach(&inf->objs, e) {
		if (!strmap_get(&fresh, e->key, e->keylen) && inf->ws->on_change)
			inf->ws->on_change(inf->ws->ctx, inf, "DELETED", e->value);
	}
	cache_clear(inf);
	inf->objs = fresh;
	if (inf->ws->on_change)
		strmap_foreach(&inf->objs, e)
			inf->ws->on_change(inf->ws->ctx, inf, "ADDED", e->value);
	set_rv(inf, json_string_value(json_object_get(json_object_get(list, "metadata"),
						     "resourceVersion")));
	json_decref(list);
	buf_release(&k);
	inf->synced = 1;
	if (inf->ws->on_change)
		inf->ws->on_change(inf->ws->ctx, inf, "SYNCED", NULL);
	start_watch(inf);
}

static int watch_line(struct kube_req *r, const char *line, size_t len, void *ctx)
{
	struct kube_informer *inf = ctx;
	json_t *ev = doc_json_load(line, len, 0, NULL);
	const char *type = json_string_value(json_object_get(ev, "type"));
	json_t *obj = json_object_get(ev, "object");
	int stop = 0;

	(void)r;
	if (!type || !json_is_object(obj)) {
		json_decref(ev);
		return 0; /* not an event: ignore the line */
	}
	if (!strcmp(type, "ERROR")) {
		/* 410 Expired or any other: list afresh */
		free(inf->rv);
		inf->rv = NULL;
		stop = 1;
	} else {
		set_rv(inf, json_string_value(json_object_get(json_object_get(obj, "metadata"),
							     "resourceVersion")));
		if (strcmp(type, "BOOKMARK"))
			apply_event(inf, type, obj);
	}
	json_decref(ev);
	return stop;
}

static void watch_done(struct kube_req *r, void *ctx)
{
	struct kube_informer *inf = ctx;

	inf->busy = 0;
	if (r->err || (r->status != 200 && r->status != 0)) {
		if (r->status == 410)
			start_list(inf);
		else {
			kube_req_error(r, "watch");
			backoff(inf, err_last());
			err_clear();
		}
		return;
	}
	if (!inf->rv)
		start_list(inf);
	else
		start_watch(inf);
}

static void base_path(struct kube_informer *inf, struct buf *p)
{
	struct kube_resource res;

	res.group = inf->group;
	res.version = inf->version;
	res.kind = inf->kind;
	res.plural = inf->plural;
	res.namespaced = inf->namespaced;
	buf_reset(p);
	kube_resource_path(p, &res, inf->ns, NULL);
}

static void add_selector(struct kube_informer *inf, struct buf *p)
{
	if (inf->selector) {
		buf_adds(p, "&labelSelector=");
		kube_path_escape(p, inf->selector);
	}
}

static void start_list(struct kube_informer *inf)
{
	kube_req_reset(&inf->req, "GET");
	base_path(inf, &inf->req.path);
	buf_adds(&inf->req.path, "?resourceVersion=");
	add_selector(inf, &inf->req.path);
	inf->req.on_done = list_done;
	inf->req.ctx = inf;
	inf->busy = 1;
	kube_client_submit(inf->ws->c, &inf->req);
}

static void start_watch(struct kube_informer *inf)
{
	kube_req_reset(&inf->req, "GET");
	base_path(inf, &inf->req.path);
	buf_addf(&inf->req.path, "?watch=1&allowWatchBookmarks=true&timeoutSeconds=%d&resourceVersion=%s",
		 WATCH_SECONDS, inf->rv ? inf->rv : "");
	add_selector(inf, &inf->req.path);
	inf->req.on_done = watch_done;
	inf->req.on_line = watch_line;
	inf->req.stream_timeout_ms = (WATCH_SECONDS + 30) * 1000L;
	inf->req.ctx = inf;
	inf->busy = 1;
	kube_client_submit(inf->ws->c, &inf->req);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

struct kube_informer *kube_watchset_add(struct kube_watchset *ws,
					const struct kube_resource *r,
					const char *ns, const char *selector)
{
	struct kube_informer *inf;
	struct buf av = BUF_INIT;
	size_t i;

	if (!r->namespaced)
		ns = NULL;
	for (i = 0; i < ws->n; i++) {
		inf = ws->inf[i];
		if (!strcmp(inf->group, r->group) && !strcmp(inf->kind, r->kind) &&
		    same(inf->ns, ns) && same(inf->selector, selector))
			return inf;
	}
	inf = xcalloc(1, sizeof(*inf));
	inf->ws = ws;
	if (*r->group)
		buf_addf(&av, "%s/%s", r->group, r->version);
	else
		buf_adds(&av, r->version);
	inf->api_version = buf_detach(&av, NULL);
	inf->kind = xstrdup(r->kind);
	inf->plural = xstrdup(r->plural);
	inf->group = xstrdup(r->group);
	inf->version = xstrdup(r->version);
	inf->namespaced = r->namespaced;
	inf->ns = ns ? xstrdup(ns) : NULL;
	inf->selector = selector ? xstrdup(selector) : NULL;
	kube_req_init(&inf->req, "GET");
	if (ws->n == ws->alloc) {
		ws->alloc = ws->alloc ? ws->alloc * 2 : 8;
		ws->inf = xreallocarray(ws->inf, ws->alloc, sizeof(*ws->inf));
	}
	ws->inf[ws->n++] = inf;
	start_list(inf);
	return inf;
}

int kube_watchset_synced(const struct kube_watchset *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		if (!ws->inf[i]->synced)
			return 0;
	return 1;
}

const json_t *kube_informer_get(const struct kube_informer *inf, const char *ns,
				const char *name)
{
	struct buf k = BUF_INIT;
	const json_t *v;

	key_of(&k, inf->namespaced ? ns : NULL, name);
	v = strmap_get(&inf->objs, k.ptr, k.len);
	buf_release(&k);
	return v;
}

struct kube_informer *kube_watchset_find(const struct kube_watchset *ws,
					 const char *api_version,
					 const char *kind, const char *ns)
{
	struct buf g = BUF_INIT;
	struct kube_informer *best = NULL;
	size_t i;

	kube_api_version_group(&g, api_version);
	for (i = 0; i < ws->n; i++) {
		struct kube_informer *inf = ws->inf[i];

		if (strcmp(inf->group, g.ptr) || strcmp(inf->kind, kind) || inf->selector)
			continue;
		if (!inf->ns || (ns && !strcmp(inf->ns, ns))) {
			best = inf;
			break;
		}
	}
	buf_release(&g);
	return best;
}

struct kube_informer *kube_watchset_find_selected(const struct kube_watchset *ws,
						  const char *api_version,
						  const char *kind)
{
	struct buf g = BUF_INIT;
	struct kube_informer *found = NULL;
	size_t i;

	kube_api_version_group(&g, api_version);
	for (i = 0; i < ws->n && !found; i++)
		if (ws->inf[i]->selector && !strcmp(ws->inf[i]->group, g.ptr) &&
		    !strcmp(ws->inf[i]->kind, kind))
			found = ws->inf[i];
	buf_release(&g);
	return found;
}

static const json_t *view_get(void *ctx, const char *api_version, const char *kind,
			      const char *ns, const char *name)
{
	struct kube_informer *inf = kube_watchset_find(ctx, api_version, kind, ns);

	return inf ? kube_informer_get(inf, ns, name) : NULL;
}

static json_t *view_list(void *ctx, const char *api_version, const char *kind,
			 const char *ns)
{
	struct kube_informer *inf = kube_watchset_find(ctx, api_version, kind, ns);
	json_t *out = json_array();
	struct strmap_entry *e;

	if (!inf)
		return out;
	strmap_foreach(&inf->objs, e) {
		const char *ons = json_string_value(json_object_get(
			json_object_get(e->value, "metadata"), "namespace"));

		if (!ns || !inf->namespaced || (ons && !strcmp(ons, ns)))
			json_array_append(out, e->value);
	}
	return out;
}

void kube_watchset_view(struct kube_watchset *ws, struct kube_health_view *out)
{
	out->get = view_get;
	out->list = view_list;
	out->ctx = ws;
}
