/*
 * cache: see cache.h.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/sha256.h"
#include "cache.h"

/* the largest file the cache hands back; upstream files are far smaller */
#define CACHE_ENTRY_MAX ((size_t)1 << 30)

int fetch_cache_open(struct fetch_cache *c, const char *dir)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct buf b = BUF_INIT;

	c->dir = NULL;
	if (dir && *dir)
		buf_adds(&b, dir);
	else if (xdg && *xdg == '/')
		buf_addf(&b, "%s/argolab", xdg);
	else if (home && *home)
		buf_addf(&b, "%s/.cache/argolab", home);
	else
		return err_set(ERR_INVALID,
			       "no cache directory: set XDG_CACHE_HOME or HOME");
	c->dir = buf_detach(&b, NULL);
	return 0;
}

void fetch_cache_close(struct fetch_cache *c)
{
	free(c->dir);
	c->dir = NULL;
}

static void entry_path(const struct fetch_cache *c, const char *sha256,
		       struct buf *out)
{
	buf_reset(out);
	buf_addf(out, "%s/sha256/%.2s/%s", c->dir, sha256, sha256);
}

int fetch_cache_has(const struct fetch_cache *c, const char *sha256)
{
	struct buf p = BUF_INIT;
	int has;

	entry_path(c, sha256, &p);
	has = fs_is_file(p.ptr);
	buf_release(&p);
	return has;
}

int fetch_cache_get(const struct fetch_cache *c, const char *sha256,
		    struct buf *out)
{
	struct buf p = BUF_INIT;
	size_t start = out->len;
	char hex[SHA256_HEX_LEN + 1];
	int err;

	entry_path(c, sha256, &p);
	err = fs_read_file(p.ptr, CACHE_ENTRY_MAX, out);
	if (err < 0) {
		buf_setlen(out, start);
		if (err != ERR_NOTFOUND)
			unlink(p.ptr);
		err = err_set(ERR_NOTFOUND, "%s is not in the cache", sha256);
		goto done;
	}
	sha256_hex(out->ptr + start, out->len - start, hex);
	if (strcmp(hex, sha256)) {
		/* corrupt: never trust it, never keep it */
		unlink(p.ptr);
		buf_setlen(out, start);
		err = err_set(ERR_NOTFOUND, "cache entry %s was corrupt (removed)",
			      sha256);
	}
done:
	buf_release(&p);
	return err;
}

int fetch_cache_put(const struct fetch_cache *c, const void *data, size_t len,
		    char *hex_out)
{
	struct buf p = BUF_INIT, d = BUF_INIT;
	char hex[SHA256_HEX_LEN + 1];
	int err = 0;

	sha256_hex(data, len, hex);
	if (hex_out)
		memcpy(hex_out, hex, sizeof(hex));
	entry_path(c, hex, &p);
	if (fs_is_file(p.ptr))
		goto done;
	path_dirname(&d, p.ptr);
	if ((err = fs_mkdir_p(d.ptr, 0755)) < 0)
		goto done;
	err = fs_write_atomic(p.ptr, data, len, 0644);
done:
	buf_release(&p);
	buf_release(&d);
	return err;
}

void fetch_cache_subdir(const struct fetch_cache *c, const char *name,
			struct buf *out)
{
	buf_reset(out);
	buf_addf(out, "%s/%s", c->dir, name);
}
