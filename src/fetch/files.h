/*
 * files: a set of files held in memory, the common currency of the
 * fetch sources (url, git, archive) and the cache.
 *
 * Paths are relative, '/'-separated and clean (no "", ".", ".." parts,
 * no leading '/'); the sources guarantee it before adding.  The set owns
 * every path and every byte.  Order is the order of addition; callers
 * that need a stable order sort with fetch_files_sort.
 */
#ifndef FETCH_FILES_H
#define FETCH_FILES_H

#include <stddef.h>

struct fetch_file {
	char *path;
	unsigned char *data;
	size_t len;
};

struct fetch_files {
	struct fetch_file *v;
	size_t n;
	size_t alloc;
};

#define FETCH_FILES_INIT { NULL, 0, 0 }

/* fetch_files_add_take: append a file; takes ownership of path and data. */
void fetch_files_add_take(struct fetch_files *fs, char *path,
			  unsigned char *data, size_t len);

/* fetch_files_add: append a copy of (path, data, len). */
void fetch_files_add(struct fetch_files *fs, const char *path,
		     const void *data, size_t len);

/* fetch_files_find: the file with this path, or NULL.  Borrowed. */
const struct fetch_file *fetch_files_find(const struct fetch_files *fs,
					  const char *path);

/* fetch_files_sort: by path, bytewise. */
void fetch_files_sort(struct fetch_files *fs);

/* fetch_files_total: the sum of every file's length. */
size_t fetch_files_total(const struct fetch_files *fs);

/*
 * fetch_path_is_clean: whether p is a relative path as above.  Sources
 * use it to refuse hostile names ("/etc/passwd", "a/../../b", "a//b").
 */
int fetch_path_is_clean(const char *p);

void fetch_files_release(struct fetch_files *fs);

#endif
