/*
 * fs: files and paths.
 *
 * Reads are bounded: fs_read_file refuses a file larger than the cap the
 * caller gives, before reading it.  Writes are atomic: the data goes to a
 * temporary file in the same directory, is fsync'ed, then renamed over
 * the target, so a reader sees the old file or the new one, never half.
 * Paths are plain '/'-separated strings; path_* helpers never touch the
 * disk unless their name says so.
 */
#ifndef BASE_FS_H
#define BASE_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

/* Default cap for YAML and other text inputs read from disk: 64 MiB. */
#define FS_READ_MAX_DEFAULT ((size_t)64 << 20)

/*
 * fs_read_file: append the contents of path to out.  Fails with
 * ERR_NOTFOUND (no such file), ERR_TOOBIG (over max bytes; max 0 means
 * FS_READ_MAX_DEFAULT), ERR_INVALID (a directory), ERR_IO otherwise.
 */
int fs_read_file(const char *path, size_t max, struct buf *out);

/*
 * fs_write_atomic: replace path with data, created with mode (e.g. 0644,
 * 0600 for credentials).  Nothing is left behind on failure.
 */
int fs_write_atomic(const char *path, const void *data, size_t len,
		    mode_t mode);

/* fs_mkdir_p: create dir and its parents (mode for new ones). */
int fs_mkdir_p(const char *dir, mode_t mode);

/*
 * fs_write_file: create path (which must not exist: O_EXCL) with data and
 * mode, and fsync it.  For filling a fresh directory that is renamed into
 * place as a whole; use fs_write_atomic to replace a single file.
 */
int fs_write_file(const char *path, const void *data, size_t len,
		  mode_t mode);
/*
 * fs_remove_tree: remove path and everything below it, never following
 * symbolic links (a link is removed, not its target).  A missing path is
 * not an error.
 */
int fs_remove_tree(const char *path);
/*
 * fs_walk: call fn for every entry below dir (not dir itself), depth
 * first, entries of a directory in byte order, with the path relative to
 * dir and its lstat.  Symbolic links are reported, never followed.  A
 * non-zero return from fn stops the walk and is returned.
 */
struct stat;
typedef int (*fs_walk_fn)(const char *rel, const struct stat *st, void *ctx);
int fs_walk(const char *dir, fs_walk_fn fn, void *ctx);
/* fs_is_dir / fs_is_file / fs_exists: stat-based tests, 1 or 0. */
int fs_is_dir(const char *path);
int fs_is_file(const char *path);
int fs_exists(const char *path);

/*
 * fs_realpath: the canonical absolute path (symlinks resolved), into out.
 * ERR_NOTFOUND when it does not exist.
 */
int fs_realpath(const char *path, struct buf *out);

/* path_join: a + "/" + b into out (b absolute: b alone). */
void path_join(struct buf *out, const char *a, const char *b);
/*
 * path_clean: lexical clean-up as Go's filepath.Clean: collapse "//",
 * drop ".", resolve ".." against preceding components.  In place.
 */
void path_clean(struct buf *p);
/* path_dirname: everything before the last '/', "." when none. */
void path_dirname(struct buf *out, const char *path);
/* path_basename: borrowed pointer to the last component. */
const char *path_basename(const char *path);
/* path_is_within: whether clean absolute path p is root or below it. */
int path_is_within(const char *p, const char *root);
/*
 * path_relative: p relative to base when p is within base, else p itself,
 * into out.  Used to show short paths in messages.
 */
void path_relative(struct buf *out, const char *p, const char *base);

#endif
