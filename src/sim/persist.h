/*
 * persist: the simulated cluster's state on disk (--state DIR).
 *
 * Two files: snapshot.json, the whole store at some resourceVersion
 * (written atomically), and wal.jsonl, one line per write since then
 * ({"rv":N,"b":BUCKET,"k":"ns/name","o":OBJECT} for a put, without "o"
 * for a delete).  A write is appended before it is visible and made
 * durable (fdatasync) before the request that made it is answered, so
 * nothing acknowledged is lost when the process is killed.  A line cut
 * short by a kill (no newline) was never acknowledged and is dropped at
 * load; anything else unreadable is an error naming the file and line.
 * At open the log is folded into a fresh snapshot and emptied.  A lock
 * (flock) keeps a second simulator off the same directory.
 */
#ifndef SIM_PERSIST_H
#define SIM_PERSIST_H

#include <jansson.h>

struct sim_store;
struct sim_persist;

/*
 * sim_persist_open: open (creating it, mode 0700) the state directory
 * dir, load it into s (which must be empty), compact it, and attach the
 * log to s (s->persist).  ERR_CONFLICT when another process holds the
 * directory, ERR_INVALID for a damaged file (message: file:line and
 * what is wrong), ERR_IO otherwise.
 */
int sim_persist_open(struct sim_store *s, const char *dir);

/* sim_persist_close: detach from s and close (NULL-safe). */
void sim_persist_close(struct sim_store *s);

/* sim_persist_put / _del: append one write (store lock held). */
int sim_persist_put(struct sim_persist *p, const char *bucket, const char *key,
		    const json_t *obj, unsigned long long rv);
int sim_persist_del(struct sim_persist *p, const char *bucket, const char *key,
		    unsigned long long rv);

/* sim_persist_sync: fdatasync what was appended (no lock needed). */
int sim_persist_sync(struct sim_persist *p);

#endif
