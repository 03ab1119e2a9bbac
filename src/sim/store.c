/*
 * store: see store.h.
 */
#include <assert.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "persist.h"
#include "store.h"

struct sim_bucket {
	char *skey;
	struct strmap objs; /* "ns/name" -> struct sim_obj * */
};

void sim_store_init(struct sim_store *s, size_t history)
{
	pthread_condattr_t ca;

	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->changed, &ca);
	pthread_condattr_destroy(&ca);
	sim_types_init(&s->types);
	s->cap = history ? history : 10000;
	s->ring = xcalloc(s->cap, sizeof(*s->ring));
}

void sim_event_release(struct sim_event *ev)
{
	json_decref(ev->obj);
	json_decref(ev->prev);
	ev->obj = ev->prev = NULL;
}

void sim_store_release(struct sim_store *s)
{
	struct strmap_entry *b, *e;
	size_t i;

	strmap_foreach(&s->buckets, b) {
		struct sim_bucket *bk = b->value;

		strmap_foreach(&bk->objs, e) {
			struct sim_obj *o = e->value;

			json_decref(o->obj);
			free(o);
		}
		strmap_release(&bk->objs);
		free(bk->skey);
		free(bk);
	}
	strmap_release(&s->buckets);
	for (i = 0; i < s->len; i++)
		sim_event_release(&s->ring[(s->start + i) % s->cap]);
	free(s->ring);
	sim_types_release(&s->types);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->changed);
}

void sim_store_lock(struct sim_store *s)
{
	pthread_mutex_lock(&s->mu);
}

void sim_store_unlock(struct sim_store *s)
{
	pthread_mutex_unlock(&s->mu);
}

static struct sim_bucket *bucket(struct sim_store *s, const char *skey,
				 int create)
{
	struct sim_bucket *b = strmap_get(&s->buckets, skey, strlen(skey));

	if (!b && create) {
		b = xcalloc(1, sizeof(*b));
		b->skey = xstrdup(skey);
		strmap_put(&s->buckets, skey, strlen(skey), b);
	}
	return b;
}

static void obj_key(struct buf *k, const char *ns, const char *name)
{
	buf_reset(k);
	buf_addf(k, "%s/%s", ns ? ns : "", name);
}

const struct sim_obj *sim_store_get(struct sim_store *s, const char *skey,
				    const char *ns, const char *name)
{
	struct sim_bucket *b = bucket(s, skey, 0);
	struct buf k = BUF_INIT;
	struct sim_obj *o;

	if (!b)
		return NULL;
	obj_key(&k, ns, name);
	o = strmap_get(&b->objs, k.ptr, k.len);
	buf_release(&k);
	return o;
}

static void set_rv(json_t *obj, uint64_t rv)
{
	json_t *md = json_object_get(obj, "metadata");
	char num[24];

	if (!json_is_object(md)) {
		md = json_object();
		json_object_set_new(obj, "metadata", md);
	}
	snprintf(num, sizeof(num), "%llu", (unsigned long long)rv);
	json_object_set_new(md, "resourceVersion", json_string(num));
}

static void record(struct sim_store *s, enum sim_event_type type,
		   const char *skey, json_t *obj, json_t *prev)
{
	struct sim_event *ev;

	if (s->len == s->cap) {
		sim_event_release(&s->ring[s->start]);
		s->start = (s->start + 1) % s->cap;
		s->len--;
	}
	ev = &s->ring[(s->start + s->len) % s->cap];
	s->len++;
	ev->rv = s->rv;
	ev->type = type;
	ev->skey = skey;
	ev->obj = json_incref(obj);
	ev->prev = json_incref(prev);
	if (s->observer)
		s->observer(s->observer_ctx, ev);
	pthread_cond_broadcast(&s->changed);
}

int sim_store_put(struct sim_store *s, const char *skey, const char *ns,
		  const char *name, json_t *obj, uint64_t *rv_out)
{
	struct sim_bucket *b = bucket(s, skey, 1);
	struct buf k = BUF_INIT;
	struct sim_obj *o;
	json_t *prev = NULL;
	int err = 0;

	obj_key(&k, ns, name);
	set_rv(obj, s->rv + 1);
	if (s->persist && (err = sim_persist_put(s->persist, skey, k.ptr, obj, s->rv + 1)) < 0) {
		json_decref(obj);
		goto done;
	}
	s->rv++;
	o = strmap_get(&b->objs, k.ptr, k.len);
	if (!o) {
		o = xcalloc(1, sizeof(*o));
		strmap_put(&b->objs, k.ptr, k.len, o);
	} else {
		prev = o->obj;
	}
	o->obj = obj;
	o->rv = s->rv;
	record(s, prev ? SIM_MODIFIED : SIM_ADDED, b->skey, obj, prev);
	json_decref(prev);
	if (rv_out)
		*rv_out = s->rv;
done:
	buf_release(&k);
	return err;
}

int sim_store_del(struct sim_store *s, const char *skey, const char *ns,
		  const char *name, json_t **last)
{
	struct sim_bucket *b = bucket(s, skey, 0);
	struct buf k = BUF_INIT;
	struct sim_obj *o = NULL;
	json_t *final;
	int err = 0;

	if (last)
		*last = NULL;
	obj_key(&k, ns, name);
	if (b)
		o = strmap_get(&b->objs, k.ptr, k.len);
	if (!o) {
		err = ERR_NOTFOUND;
		goto done;
	}
	if (s->persist && (err = sim_persist_del(s->persist, skey, k.ptr, s->rv + 1)) < 0)
		goto done;
	strmap_del(&b->objs, k.ptr, k.len);
	s->rv++;
	final = json_deep_copy(o->obj);
	set_rv(final, s->rv);
	record(s, SIM_DELETED, b->skey, final, o->obj);
	if (last)
		*last = json_incref(final);
	json_decref(final);
	json_decref(o->obj);
	free(o);
done:
	buf_release(&k);
	return err;
}

static int by_key(const void *a, const void *b)
{
	const struct strmap_entry *x = *(const struct strmap_entry *const *)a;
	const struct strmap_entry *y = *(const struct strmap_entry *const *)b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	return c ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

void sim_store_list(struct sim_store *s, const char *skey, const char *ns,
		    const struct sim_obj ***out, size_t *n)
{
	struct sim_bucket *b = bucket(s, skey, 0);
	struct strmap_entry *e, **ents;
	size_t i, k = 0, nslen = ns ? strlen(ns) : 0;

	*out = NULL;
	*n = 0;
	if (!b || !b->objs.used)
		return;
	ents = xcalloc(b->objs.used, sizeof(*ents));
	strmap_foreach(&b->objs, e) {
		if (ns && (e->keylen <= nslen || memcmp(e->key, ns, nslen) ||
			   e->key[nslen] != '/'))
			continue;
		ents[k++] = e;
	}
	qsort(ents, k, sizeof(*ents), by_key);
	*out = xcalloc(k ? k : 1, sizeof(**out));
	for (i = 0; i < k; i++)
		(*out)[i] = ents[i]->value;
	*n = k;
	free(ents);
}

size_t sim_store_count(struct sim_store *s, const char *skey)
{
	struct sim_bucket *b = bucket(s, skey, 0);

	return b ? b->objs.used : 0;
}

int sim_store_events(struct sim_store *s, const char *skey, uint64_t rv,
		     struct sim_event *out, size_t max)
{
	size_t lo = 0, hi = s->len, i, n = 0;
	uint64_t oldest = s->len ? s->ring[s->start].rv : s->rv + 1;

	/* every resourceVersion was one event: rv+1 must still be held */
	if (rv < s->rv && rv + 1 < oldest)
		return ERR_CONFLICT;
	/* the first event after rv */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->ring[(s->start + mid) % s->cap].rv <= rv)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < s->len && n < max; i++) {
		struct sim_event *ev = &s->ring[(s->start + i) % s->cap];

		if (skey && strcmp(ev->skey, skey))
			continue;
		out[n] = *ev;
		json_incref(out[n].obj);
		json_incref(out[n].prev);
		n++;
	}
	return (int)n;
}

int sim_store_wait(struct sim_store *s, const struct timespec *deadline)
{
	return pthread_cond_timedwait(&s->changed, &s->mu, deadline) == 0;
}

void sim_store_random(struct sim_store *s, unsigned char *out, size_t n)
{
	if (RAND_bytes(out, (int)n) != 1) {
		/* never expected; fall back to counter-based bytes */
		uint64_t c = ++s->uid_counter;

		memset(out, 0, n);
		memcpy(out, &c, n < sizeof(c) ? n : sizeof(c));
	}
}

void sim_store_new_uid(struct sim_store *s, char out[37])
{
	unsigned char b[16];
	int i, j = 0;

	sim_store_random(s, b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		static const char hex[] = "0123456789abcdef";

		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[j++] = '-';
		out[j++] = hex[b[i] >> 4];
		out[j++] = hex[b[i] & 15];
	}
	out[j] = '\0';
}

void sim_store_new_suffix(struct sim_store *s, struct buf *out, size_t n)
{
	/* apimachinery's rand alphabet: no vowels, no look-alikes */
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	unsigned char b[16];
	size_t i;

	assert(n <= sizeof(b));
	sim_store_random(s, b, n);
	for (i = 0; i < n; i++)
		buf_addc(out, alphabet[b[i] % (sizeof(alphabet) - 1)]);
}

int sim_store_sync(struct sim_store *s)
{
	return s->persist ? sim_persist_sync(s->persist) : 0;
}

void sim_store_restore(struct sim_store *s, const char *skey, const char *key,
		       json_t *obj, uint64_t rv)
{
	struct sim_bucket *b = bucket(s, skey, 1);
	struct sim_obj *o = strmap_get(&b->objs, key, strlen(key));

	if (rv > s->rv)
		s->rv = rv;
	if (!obj) {
		if (o) {
			strmap_del(&b->objs, key, strlen(key));
			json_decref(o->obj);
			free(o);
		}
		return;
	}
	if (!o) {
		o = xcalloc(1, sizeof(*o));
		strmap_put(&b->objs, key, strlen(key), o);
	} else {
		json_decref(o->obj);
	}
	o->obj = obj;
	o->rv = rv;
}

int sim_store_foreach(struct sim_store *s,
		      int (*fn)(void *ctx, const char *skey, const char *key,
				const struct sim_obj *o),
		      void *ctx)
{
	struct strmap_entry *b, *e;
	int rc;

	strmap_foreach(&s->buckets, b) {
		struct sim_bucket *bk = b->value;

		strmap_foreach(&bk->objs, e)
			if ((rc = fn(ctx, bk->skey, e->key, e->value)))
				return rc;
	}
	return 0;
}
