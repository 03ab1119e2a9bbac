/*
 * cache: the content-addressed download cache.
 *
 * Every file argolab fetches is kept under its sha256:
 *   <dir>/sha256/<first two hex>/<all 64 hex>
 * where <dir> is $XDG_CACHE_HOME/argolab (default ~/.cache/argolab).  An
 * entry is written atomically (temporary file, fsync, rename in the same
 * directory), so two argolab runs filling the cache at once both succeed
 * and a reader never sees half an entry; entries are immutable.  Content
 * is checked again on every read: a corrupt entry is removed and reported
 * missing, so it is fetched afresh rather than trusted.
 */
#ifndef FETCH_CACHE_H
#define FETCH_CACHE_H

#include <stddef.h>

#include "../base/buf.h"

struct fetch_cache {
	char *dir;
};

/*
 * fetch_cache_open: use dir, or the default when dir is NULL (see above;
 * ERR_INVALID when neither XDG_CACHE_HOME nor HOME is set).  The
 * directory is created when first written.
 */
int fetch_cache_open(struct fetch_cache *c, const char *dir);
void fetch_cache_close(struct fetch_cache *c);

/*
 * fetch_cache_get: append the content with this sha256 (64 lower-case
 * hex) to out.  ERR_NOTFOUND when absent or corrupt (then removed).
 */
int fetch_cache_get(const struct fetch_cache *c, const char *sha256,
		    struct buf *out);

/* fetch_cache_has: whether a (not re-verified) entry exists. */
int fetch_cache_has(const struct fetch_cache *c, const char *sha256);

/*
 * fetch_cache_put: store data under its own sha256, which is written to
 * hex_out (65 bytes) when not NULL.  Storing what is there is a no-op.
 */
int fetch_cache_put(const struct fetch_cache *c, const void *data, size_t len,
		    char *hex_out);

/* fetch_cache_subdir: "<dir>/<name>" into out (reset first). */
void fetch_cache_subdir(const struct fetch_cache *c, const char *name,
			struct buf *out);

#endif
