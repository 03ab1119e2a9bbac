/*
 * files: see files.h.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "files.h"

void fetch_files_add_take(struct fetch_files *fs, char *path,
			  unsigned char *data, size_t len)
{
	if (fs->n == fs->alloc) {
		fs->alloc = fs->alloc ? fs->alloc * 2 : 16;
		fs->v = xreallocarray(fs->v, fs->alloc, sizeof(*fs->v));
	}
	fs->v[fs->n].path = path;
	fs->v[fs->n].data = data;
	fs->v[fs->n].len = len;
	fs->n++;
}

void fetch_files_add(struct fetch_files *fs, const char *path,
		     const void *data, size_t len)
{
	unsigned char *copy = xmalloc(len + 1);

	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	fetch_files_add_take(fs, xstrdup(path), copy, len);
}

const struct fetch_file *fetch_files_find(const struct fetch_files *fs,
					  const char *path)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].path, path))
			return &fs->v[i];
	return NULL;
}

static int by_path(const void *a, const void *b)
{
	const struct fetch_file *x = a, *y = b;

	return strcmp(x->path, y->path);
}

void fetch_files_sort(struct fetch_files *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof(*fs->v), by_path);
}

size_t fetch_files_total(const struct fetch_files *fs)
{
	size_t i, t = 0;

	for (i = 0; i < fs->n; i++)
		t += fs->v[i].len;
	return t;
}

int fetch_path_is_clean(const char *p)
{
	const char *s = p, *e;

	if (!*p || *p == '/')
		return 0;
	for (;;) {
		e = strchr(s, '/');
		if (!e)
			e = s + strlen(s);
		if (e == s || (e - s == 1 && s[0] == '.') ||
		    (e - s == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		if (!*e)
			return 1;
		s = e + 1;
	}
}

void fetch_files_release(struct fetch_files *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].data);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->alloc = 0;
}
