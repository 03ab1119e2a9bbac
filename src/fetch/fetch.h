/*
 * fetch: bring the pins of a lock into place, check them, update them.
 *
 * For each pin, the laid-out directory <layout>/<upstream>/<ref>/ holds
 * exactly the pinned files (with their repository paths) plus a generated
 * kustomization.yaml naming the pin's resources, so profiles use a pin as
 * an ordinary kustomize base.
 *
 * fetch_sync first checks each pin's directory against the lock; a pin
 * that matches is left untouched and needs no source at all.  For the
 * others, every file comes from the cache when it is there, else from the
 * pin's source (through the mirrors), and is verified against its sha256
 * before anything is written.  Only when every pin has verified content
 * are the directories written: each into a fresh sibling directory that
 * is then swapped into place with one rename, so a failure at any point
 * leaves the previous layout exactly as it was.
 *
 * Nothing here prints: lines meant for a person go to the note callback.
 */
#ifndef FETCH_FETCH_H
#define FETCH_FETCH_H

#include <stddef.h>

#include "cache.h"
#include "http.h"
#include "lock.h"
#include "mirror.h"

struct fetch_ctx {
	const char *layout_dir;   /* where <upstream>/<ref>/ go */
	const char *shown_layout; /* the same, as shown to a person */
	const char *shown_lock;   /* the lock file, as shown (for notes) */
	struct fetch_cache *cache;
	const struct mirrors *mirrors;
	const struct http_opts *http; /* NULL: defaults */
	int offline;                  /* cache only: never use a source */
	void (*note)(void *ctx, const char *line);
	void *note_ctx;
};

/* the name of the generated file in each laid-out pin */
#define FETCH_KUSTOMIZATION "kustomization.yaml"

/*
 * fetch_sync: lay out every pin of l (see above).  Errors: ERR_CONFLICT
 * for a pin mismatch (the message names the file, the source, the
 * expected and the actual sha256), ERR_NOTFOUND when --offline and the
 * cache lacks a file, the source's own errors otherwise.
 */
int fetch_sync(struct fetch_ctx *c, const struct lock *l);

/*
 * fetch_verify: check what is laid out against l, offline, noting every
 * problem (missing, modified, unexpected file; missing pin directory).
 * *problems receives their number; returns ERR_CONFLICT when non-zero.
 */
int fetch_verify(struct fetch_ctx *c, const struct lock *l, size_t *problems);

/*
 * fetch_update: re-resolve the selected pins from their sources (never
 * the cache) and recompute their files, commit, archive digest and
 * images; note what changed; write the lock to lock_path atomically when
 * anything did; then lay the updated pins out.  sel is NULL (every pin),
 * "UPSTREAM" (its pins, at their refs) or "UPSTREAM@REF": the pin of
 * UPSTREAM at REF if there is one, else the only pin of UPSTREAM, else
 * the one of the same release series (v4.1.x for v4.1.3), moved to REF.
 * On failure the lock and the layout are unchanged.
 */
int fetch_update(struct fetch_ctx *c, struct lock *l, const char *sel,
		 const char *lock_path);

/*
 * fetch_kustomization_text: the generated kustomization.yaml of a pin,
 * into out (reset first).
 */
void fetch_kustomization_text(struct buf *out, const struct lock_pin *p);

#endif
