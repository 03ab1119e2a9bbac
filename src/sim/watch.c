/*
 * watch: ?watch=true streams (kube-api.md section 5).
 *
 * A watch is a cursor into the store's history plus a filter.  The HTTP
 * layer calls sim_stream_read from the connection's own thread, which
 * blocks on the store's condition variable until an event passes the
 * filter, a bookmark or keep-alive is due, or timeoutSeconds ends the
 * stream.  Events are one JSON object per line; a watch from a version
 * older than the history gets an ERROR event with a 410 Expired Status
 * and ends, as a real server does.  A label-selector watch sees an
 * object that stops matching as DELETED and one that starts matching as
 * ADDED (the cacher's filtering).  With no timeout the stream stays open
 * (kubectl get -w exits when it ends); a newline every 30 s notices a
 * client that went away, since a write is the only way to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../doc/json.h"
#include "../doc/labelsel.h"
#include "internal.h"
#include "table.h"

#define KEEPALIVE_MS 30000
#define BATCH 256

struct sim_stream {
	struct sim_api *a;
	char *skey, *ns, *api_version, *group, *kind;
	json_t *printer_cols;
	struct sim_filter filter;
	uint64_t cursor;
	uint64_t deadline_ns; /* 0: none */
	uint64_t next_keepalive_ns;
	int bookmarks;
	int table;
	int header_sent;
	int ended;
	struct buf pending;
	size_t off;
};

void sim_stream_free(struct sim_stream *st)
{
	if (!st)
		return;
	free(st->skey);
	free(st->ns);
	free(st->api_version);
	free(st->group);
	free(st->kind);
	json_decref(st->printer_cols);
	sim_filter_release(&st->filter);
	buf_release(&st->pending);
	free(st);
}

static int matches(const struct sim_stream *st, const json_t *obj)
{
	const json_t *md = json_object_get(obj, "metadata");

	if (!obj)
		return 0;
	if (st->ns) {
		const char *ons = json_string_value(json_object_get(md, "namespace"));

		if (!ons || strcmp(ons, st->ns))
			return 0;
	}
	return sim_filter_match(&st->filter, obj);
}

static void emit(struct sim_stream *st, const char *type, const json_t *obj)
{
	json_t *o = json_incref((json_t *)obj), *ev;

	if (json_is_object(obj) && strcmp(type, "ERROR")) {
		const char *av = json_string_value(json_object_get(obj, "apiVersion"));

		if (av && strcmp(av, st->api_version)) {
			json_decref(o);
			o = json_copy((json_t *)obj); /* shallow: only apiVersion changes */
			json_object_set_new(o, "apiVersion", json_string(st->api_version));
		}
	}
	if (st->table && strcmp(type, "ERROR") && strcmp(type, "BOOKMARK")) {
		json_t *tbl = json_pack("{s:s, s:s, s:{s:O}, s:o, s:[o]}", "kind", "Table",
					"apiVersion", "meta.k8s.io/v1", "metadata", "resourceVersion",
					json_object_get(json_object_get(o, "metadata"), "resourceVersion"),
					"columnDefinitions",
					st->header_sent ? json_array()
							: sim_table_columns(st->group, st->kind, st->printer_cols),
					"rows",
					sim_table_row(st->group, st->kind, st->printer_cols, o,
						      clock_wall_ms() / 1000));
		st->header_sent = 1;
		json_decref(o);
		o = tbl;
	}
	ev = json_pack("{s:s, s:o}", "type", type, "object", o);
	doc_json_dump(&st->pending, ev, 0);
	buf_addc(&st->pending, '\n');
	json_decref(ev);
}

static void bookmark(struct sim_stream *st)
{
	char rv[24];
	json_t *o;

	snprintf(rv, sizeof(rv), "%llu", (unsigned long long)st->cursor);
	o = json_pack("{s:s, s:s, s:{s:s}}", "kind", st->kind, "apiVersion",
		      st->api_version, "metadata", "resourceVersion", rv);
	emit(st, "BOOKMARK", o);
	json_decref(o);
}

static void expired(struct sim_stream *st, uint64_t asked)
{
	json_t *s = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status",
			      "apiVersion", "v1", "metadata", "status", "Failure",
			      "message", "", "reason", "Expired", "code", 410);
	struct buf msg = BUF_INIT;

	buf_addf(&msg, "too old resource version: %llu (%llu)",
		 (unsigned long long)asked, (unsigned long long)st->a->store->rv);
	json_object_set_new(s, "message", json_string(msg.ptr));
	emit(st, "ERROR", s);
	json_decref(s);
	buf_release(&msg);
	st->ended = 1;
}

/* turn store events into stream lines; lock held */
static void pump(struct sim_stream *st)
{
	struct sim_event evs[BATCH];
	int n, i;

	for (;;) {
		n = sim_store_events(st->a->store, st->skey, st->cursor, evs, BATCH);
		if (n == ERR_CONFLICT) {
			expired(st, st->cursor);
			return;
		}
		for (i = 0; i < n; i++) {
			struct sim_event *ev = &evs[i];
			int now = matches(st, ev->obj);
			int before = ev->type == SIM_MODIFIED && matches(st, ev->prev);

			if (ev->type == SIM_DELETED) {
				if (matches(st, ev->prev))
					emit(st, "DELETED", ev->obj);
			} else if (ev->type == SIM_ADDED) {
				if (now)
					emit(st, "ADDED", ev->obj);
			} else if (now && before) {
				emit(st, "MODIFIED", ev->obj);
			} else if (now) {
				emit(st, "ADDED", ev->obj);
			} else if (before) {
				emit(st, "DELETED", ev->obj);
			}
			st->cursor = ev->rv;
			sim_event_release(ev);
		}
		if (n < BATCH) {
			st->cursor = st->a->store->rv;
			return;
		}
	}
}

size_t sim_stream_read(struct sim_stream *st, char *buf, size_t max)
{
	struct sim_store *s = st->a->store;

	for (;;) {
		uint64_t now;
		struct timespec until;

		if (st->off < st->pending.len) {
			size_t n = st->pending.len - st->off;

			if (n > max)
				n = max;
			memcpy(buf, st->pending.ptr + st->off, n);
			st->off += n;
			if (st->off == st->pending.len) {
				buf_reset(&st->pending);
				st->off = 0;
			}
			return n;
		}
		if (st->ended)
			return 0;
		sim_store_lock(s);
		if (s->closing) {
			st->ended = 1;
			sim_store_unlock(s);
			continue;
		}
		pump(st);
		if (st->pending.len || st->ended) {
			sim_store_unlock(s);
			continue;
		}
		now = clock_mono_ns();
		if (st->deadline_ns && now >= st->deadline_ns) {
			st->ended = 1;
			sim_store_unlock(s);
			continue;
		}
		if (now >= st->next_keepalive_ns) {
			st->next_keepalive_ns = now + (uint64_t)KEEPALIVE_MS * 1000000ULL;
			if (st->bookmarks)
				bookmark(st);
			else
				buf_addc(&st->pending, '\n');
			sim_store_unlock(s);
			continue;
		}
		{
			uint64_t wake = st->next_keepalive_ns;

			if (st->deadline_ns && st->deadline_ns < wake)
				wake = st->deadline_ns;
			until.tv_sec = (time_t)(wake / 1000000000ULL);
			until.tv_nsec = (long)(wake % 1000000000ULL);
		}
		sim_store_wait(s, &until);
		sim_store_unlock(s);
	}
}

void sim_watch_start(struct sim_api *a, const struct sim_request *req,
		     struct sim_response *resp, const struct sim_rtype *rt,
		     const char *ns)
{
	struct sim_stream *st = xcalloc(1, sizeof(*st));
	const char *rv = sim_q(req, "resourceVersion");
	const char *timeout = sim_q(req, "timeoutSeconds");
	const char *sie = sim_q(req, "sendInitialEvents");
	int initial;

	st->a = a;
	buf_init(&st->pending, 0);
	if (sim_selectors(req, resp, rt, &st->filter) < 0) {
		sim_stream_free(st);
		return;
	}
	if (st->filter.labels) {
		st->filter.labels_owned = xstrdup(st->filter.labels);
		st->filter.labels = st->filter.labels_owned;
	}
	st->skey = xstrdup(rt->storage_key);
	st->ns = ns ? xstrdup(ns) : NULL;
	st->api_version = xstrdup(rt->api_version);
	st->group = xstrdup(rt->group);
	st->kind = xstrdup(rt->kind);
	st->printer_cols = json_incref(json_object_get(rt->crd_version, "additionalPrinterColumns"));
	st->table = sim_wants_table(req);
	st->bookmarks = sim_q_true(req, "allowWatchBookmarks");
	st->next_keepalive_ns = clock_mono_ns() + (uint64_t)KEEPALIVE_MS * 1000000ULL;
	if (timeout && *timeout) {
		char *end;
		long t = strtol(timeout, &end, 10);

		if (*end || t < 0) {
			sim_status(resp, 400, "BadRequest", NULL,
				   "timeoutSeconds must be a non-negative integer");
			sim_stream_free(st);
			return;
		}
		if (t > 0)
			st->deadline_ns = clock_mono_ns() + (uint64_t)t * 1000000000ULL;
	}
	initial = !rv || !*rv || !strcmp(rv, "0") || (sie && !strcmp(sie, "true"));
	if (rv && *rv && strcmp(rv, "0")) {
		char *end;

		st->cursor = strtoull(rv, &end, 10);
		if (*end) {
			sim_status(resp, 400, "BadRequest", NULL,
				   "invalid resource version: %s", rv);
			sim_stream_free(st);
			return;
		}
		if (st->cursor > a->store->rv) {
			/* a version from the future: wait for it, as etcd would */
			st->cursor = a->store->rv;
		}
	}
	if (initial) {
		const struct sim_obj **objs;
		size_t n, i;

		sim_store_list(a->store, rt->storage_key,
			       (rt->flags & RT_NAMESPACED) ? ns : NULL, &objs, &n);
		for (i = 0; i < n; i++)
			if (matches(st, objs[i]->obj))
				emit(st, "ADDED", objs[i]->obj);
		free(objs);
		st->cursor = a->store->rv;
		if (sie && !strcmp(sie, "true")) {
			char num[24];
			json_t *o;

			snprintf(num, sizeof(num), "%llu", (unsigned long long)st->cursor);
			o = json_pack("{s:s, s:s, s:{s:s, s:{s:s}}}", "kind", st->kind,
				      "apiVersion", st->api_version, "metadata",
				      "resourceVersion", num, "annotations",
				      "k8s.io/initial-events-end", "true");
			emit(st, "BOOKMARK", o);
			json_decref(o);
		}
	} else {
		/* too old already? then the stream is one ERROR event */
		struct sim_event probe[1];
		int n = sim_store_events(a->store, st->skey, st->cursor, probe, 1);

		if (n == ERR_CONFLICT)
			expired(st, st->cursor);
		else if (n == 1)
			sim_event_release(&probe[0]);
	}
	resp->status = 200;
	resp->content_type = "application/json";
	resp->stream = st;
}
