/*
 * store: the simulated cluster's object store, its watch history and
 * its resource types.
 *
 * One lock guards everything (objects, history, types, persistence): the
 * simulated cluster is small, and one lock makes every request see one
 * consistent state, as etcd's single revision does.  Every write takes
 * the next value of one global counter as its resourceVersion, like the
 * etcd revision, and appends one event to a bounded history that
 * watches read from; a watch older than the history gets 410 Expired.
 *
 * Stored objects are immutable: a write stores a new json_t, readers
 * may keep a reference (jansson's reference counts are atomic) and use
 * it after unlocking, but must never modify it.
 *
 * Objects live in buckets, one per storage key ("apps/deployments"),
 * keyed by "namespace/name" ("/name" for cluster-scoped objects).
 *
 * With a state directory, every write is appended to a log before it
 * is acknowledged (sim_store_sync), and the store is rebuilt from the
 * log at start (persist.h).
 */
#ifndef SIM_STORE_H
#define SIM_STORE_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../base/strmap.h"
#include "types.h"

struct sim_persist;

struct sim_obj {
	json_t *obj; /* immutable; metadata.resourceVersion == rv */
	uint64_t rv;
};

enum sim_event_type { SIM_ADDED, SIM_MODIFIED, SIM_DELETED };

struct sim_event {
	uint64_t rv;
	enum sim_event_type type;
	const char *skey; /* the bucket's storage key (lives as long as the store) */
	json_t *obj;      /* the new state (DELETED: the last state, with rv) */
	json_t *prev;     /* the state before (NULL for ADDED) */
};

struct sim_store;

/* called under the lock after every committed write */
typedef void (*sim_store_observer)(void *ctx, const struct sim_event *ev);

struct sim_store {
	pthread_mutex_t mu;
	pthread_cond_t changed; /* broadcast after each write; CLOCK_MONOTONIC */
	uint64_t rv;            /* the last resourceVersion given */
	struct strmap buckets;  /* storage key -> struct sim_bucket * */
	struct sim_types types;
	/* the watch history: a ring of the last `cap` events */
	struct sim_event *ring;
	size_t cap, start, len;
	struct sim_persist *persist;
	sim_store_observer observer;
	void *observer_ctx;
	int closing; /* set at shutdown: watches end */
	uint64_t uid_counter;
};

/* sim_store_init: an empty store with the built-in types; history of cap events. */
void sim_store_init(struct sim_store *s, size_t history);
void sim_store_release(struct sim_store *s);

void sim_store_lock(struct sim_store *s);
void sim_store_unlock(struct sim_store *s);

/*
 * sim_store_get: the object ns/name of bucket skey, or NULL.  Borrowed;
 * valid while the lock is held (take a reference to keep it).
 */
const struct sim_obj *sim_store_get(struct sim_store *s, const char *skey,
				    const char *ns, const char *name);

/*
 * sim_store_put: store obj (taken) as ns/name of bucket skey: gives it
 * the next resourceVersion (written into metadata.resourceVersion),
 * records an ADDED or MODIFIED event, logs it when persistent.  Returns
 * the new resourceVersion.  ERR_IO if the log cannot be written (then
 * nothing changed).
 */
int sim_store_put(struct sim_store *s, const char *skey, const char *ns,
		  const char *name, json_t *obj, uint64_t *rv_out);

/*
 * sim_store_del: remove ns/name of bucket skey, recording a DELETED
 * event with its last state under a new resourceVersion.  ERR_NOTFOUND
 * when absent; *last (if not NULL) receives a reference to that state.
 */
int sim_store_del(struct sim_store *s, const char *skey, const char *ns,
		  const char *name, json_t **last);

/*
 * sim_store_list: the objects of bucket skey (in namespace ns, or all
 * when ns is NULL), sorted by namespace then name, into *out (a new
 * array of borrowed pointers, free() it) and *n.
 */
void sim_store_list(struct sim_store *s, const char *skey, const char *ns,
		    const struct sim_obj ***out, size_t *n);

/* sim_store_count: how many objects bucket skey holds. */
size_t sim_store_count(struct sim_store *s, const char *skey);

/*
 * sim_store_events: the events after rv of bucket skey (NULL: all
 * buckets), at most max, as references appended to out (a caller-owned
 * array of max entries: release each with sim_event_release).  Returns
 * how many, or ERR_CONFLICT when rv is older than the history (410).
 */
int sim_store_events(struct sim_store *s, const char *skey, uint64_t rv,
		     struct sim_event *out, size_t max);

/* sim_event_release: drop the references of an event copy. */
void sim_event_release(struct sim_event *ev);

/*
 * sim_store_wait: wait (lock held) until the store changes or the
 * absolute CLOCK_MONOTONIC deadline passes.  1 changed, 0 timed out.
 */
int sim_store_wait(struct sim_store *s, const struct timespec *deadline);

/*
 * sim_store_restore: put (obj taken) or, with obj NULL, remove the
 * object at key ("ns/name") of bucket skey as it was at rv, recording no
 * event and logging nothing: for rebuilding the store from its log.
 */
void sim_store_restore(struct sim_store *s, const char *skey, const char *key,
		       json_t *obj, uint64_t rv);

/*
 * sim_store_foreach: call fn for every object (lock held), bucket by
 * bucket in no particular order; a non-zero return stops and is returned.
 */
int sim_store_foreach(struct sim_store *s,
		      int (*fn)(void *ctx, const char *skey, const char *key,
				const struct sim_obj *o),
		      void *ctx);

/*
 * sim_store_random: n random bytes into out (OpenSSL's RAND_bytes; were
 * it ever to fail, bytes from a counter, distinct for each call).
 */
void sim_store_random(struct sim_store *s, unsigned char *out, size_t n);

/* sim_store_new_uid: a fresh RFC 4122 version 4 UUID string into out. */
void sim_store_new_uid(struct sim_store *s, char out[37]);

/*
 * sim_store_new_suffix: n (at most 16) random characters appended to
 * out, from the alphabet of the API's generateName ("x7kqz").
 */
void sim_store_new_suffix(struct sim_store *s, struct buf *out, size_t n);

/*
 * sim_store_sync: make every logged write durable (fdatasync) before
 * it is acknowledged.  Call without the lock.  No-op when not
 * persistent.  ERR_IO on failure.
 */
int sim_store_sync(struct sim_store *s);

#endif
