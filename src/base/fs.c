/*
 * fs: bounded reads, atomic writes, path helpers.  See fs.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "err.h"
#include "fs.h"

static int errno_code(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
		return ERR_NOTFOUND;
	case EISDIR:
		return ERR_INVALID;
	default:
		return ERR_IO;
	}
}

int fs_read_file(const char *path, size_t max, struct buf *out)
{
	struct stat st;
	size_t cap = max ? max : FS_READ_MAX_DEFAULT;
	size_t start = out->len;
	int fd;
	int err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		return err_set(errno_code(e), "cannot read '%s': %s", path,
			       strerror(e));
	}
	if (fstat(fd, &st) < 0) {
		err = err_set(ERR_IO, "cannot stat '%s': %s", path,
			      strerror(errno));
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		err = err_set(ERR_INVALID, "'%s' is a directory, not a file",
			      path);
		goto done;
	}
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > cap) {
		err = err_set(ERR_TOOBIG,
			      "'%s' is %lld bytes, over the limit of %zu bytes",
			      path, (long long)st.st_size, cap);
		goto done;
	}
	for (;;) {
		ssize_t n;

		err = buf_grow(out, 65536);
		if (err < 0 && out->len - start < cap) {
			/* the buffer's own cap is smaller than ours */
			err_clear();
			err = buf_grow(out, 1);
		}
		if (err < 0)
			goto done;
		n = read(fd, out->ptr + out->len, out->alloc - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = err_set(ERR_IO, "cannot read '%s': %s", path,
				      strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		if (out->len - start + (size_t)n > cap) {
			err = err_set(ERR_TOOBIG,
				      "'%s' is over the limit of %zu bytes",
				      path, cap);
			goto done;
		}
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
	}
done:
	close(fd);
	if (err < 0 && out->alloc)
		buf_setlen(out, start);
	return err;
}

int fs_write_atomic(const char *path, const void *data, size_t len,
		    mode_t mode)
{
	struct buf tmp = BUF_INIT;
	struct buf dir = BUF_INIT;
	const char *p = data;
	int fd = -1;
	int err = 0;

	path_dirname(&dir, path);
	buf_addf(&tmp, "%s/.%s.tmp-XXXXXX", dir.ptr, path_basename(path));
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		err = err_set(errno_code(errno), "cannot create a file in '%s': %s",
			      dir.ptr, strerror(errno));
		goto done;
	}
	if (fchmod(fd, mode) < 0) {
		err = err_set(ERR_IO, "cannot set mode of '%s': %s", tmp.ptr,
			      strerror(errno));
		goto done;
	}
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = err_set(ERR_IO, "cannot write '%s': %s", path,
				      strerror(errno));
			goto done;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) < 0) {
		err = err_set(ERR_IO, "cannot sync '%s': %s", path,
			      strerror(errno));
		goto done;
	}
	if (close(fd) < 0) {
		fd = -1;
		err = err_set(ERR_IO, "cannot write '%s': %s", path,
			      strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path) < 0) {
		err = err_set(ERR_IO, "cannot replace '%s': %s", path,
			      strerror(errno));
		goto done;
	}
	/* Make the rename itself durable. */
	{
		int dfd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
done:
	if (fd >= 0)
		close(fd);
	if (err < 0 && tmp.len)
		unlink(tmp.ptr);
	buf_release(&tmp);
	buf_release(&dir);
	return err;
}

int fs_mkdir_p(const char *dir, mode_t mode)
{
	struct buf p = BUF_INIT;
	size_t i;
	int err = 0;

	buf_adds(&p, dir);
	for (i = 1; i <= p.len; i++) {
		char c = p.ptr[i];

		if (c != '/' && c != '\0')
			continue;
		p.ptr[i] = '\0';
		if (mkdir(p.ptr, mode) < 0 && errno != EEXIST) {
			err = err_set(errno_code(errno), "cannot create '%s': %s",
				      p.ptr, strerror(errno));
			break;
		}
		p.ptr[i] = c;
	}
	if (!err && !fs_is_dir(dir))
		err = err_set(ERR_INVALID, "'%s' exists and is not a directory",
			      dir);
	buf_release(&p);
	return err;
}

int fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int fs_realpath(const char *path, struct buf *out)
{
	char *r = realpath(path, NULL);

	if (!r)
		return err_set(errno_code(errno), "cannot resolve '%s': %s",
			       path, strerror(errno));
	buf_reset(out);
	buf_adds(out, r);
	free(r);
	return 0;
}

void path_join(struct buf *out, const char *a, const char *b)
{
	buf_reset(out);
	if (b[0] == '/' || !a[0]) {
		buf_adds(out, b);
		return;
	}
	buf_adds(out, a);
	if (out->len && out->ptr[out->len - 1] != '/')
		buf_addc(out, '/');
	buf_adds(out, b);
}

void path_clean(struct buf *p)
{
	char *s = p->ptr;
	size_t n = p->len;
	int rooted = n > 0 && s[0] == '/';
	size_t r = 0, w = 0, dotdot = 0;

	if (n == 0) {
		buf_adds(p, ".");
		return;
	}
	if (rooted) {
		w = r = 1;
		dotdot = 1;
	}
	while (r < n) {
		if (s[r] == '/') {
			r++;
		} else if (s[r] == '.' && (r + 1 == n || s[r + 1] == '/')) {
			r++;
		} else if (s[r] == '.' && s[r + 1] == '.' &&
			   (r + 2 == n || s[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && s[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					s[w++] = '/';
				s[w++] = '.';
				s[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				s[w++] = '/';
			while (r < n && s[r] != '/')
				s[w++] = s[r++];
		}
	}
	if (w == 0) {
		s[w++] = '.';
	}
	p->len = w;
	s[w] = '\0';
}

void path_dirname(struct buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');

	buf_reset(out);
	if (!slash)
		buf_adds(out, ".");
	else if (slash == path)
		buf_adds(out, "/");
	else
		buf_add(out, path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int path_is_within(const char *p, const char *root)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return p[0] == '/';
	if (strncmp(p, root, n))
		return 0;
	return p[n] == '\0' || p[n] == '/';
}

void path_relative(struct buf *out, const char *p, const char *base)
{
	size_t n = strlen(base);

	buf_reset(out);
	if (n && path_is_within(p, base) && !(n == 1 && base[0] == '/')) {
		if (p[n] == '\0')
			buf_adds(out, ".");
		else
			buf_adds(out, p + n + 1);
		return;
	}
	buf_adds(out, p);
}

int fs_write_file(const char *path, const void *data, size_t len,
		  mode_t mode)
{
	const char *p = data;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return err_set(errno_code(errno), "cannot create '%s': %s", path,
			       strerror(errno));
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = err_set(ERR_IO, "cannot write '%s': %s", path,
				      strerror(errno));
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (!err && fsync(fd) < 0)
		err = err_set(ERR_IO, "cannot write '%s': %s", path,
			      strerror(errno));
	close(fd);
	if (err < 0)
		unlink(path);
	return err;
}

static int remove_entry(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	struct buf child = BUF_INIT;
	int err = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0
				       : err_set(ERR_IO, "cannot remove '%s': %s",
						 path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0 && errno != ENOENT)
			return err_set(ERR_IO, "cannot remove '%s': %s", path,
				       strerror(errno));
		return 0;
	}
	d = opendir(path);
	if (!d)
		return err_set(ERR_IO, "cannot remove '%s': %s", path,
			       strerror(errno));
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		buf_reset(&child);
		buf_addf(&child, "%s/%s", path, e->d_name);
		if ((err = remove_entry(child.ptr)) < 0)
			break;
	}
	closedir(d);
	buf_release(&child);
	if (!err && rmdir(path) < 0 && errno != ENOENT)
		err = err_set(ERR_IO, "cannot remove '%s': %s", path,
			      strerror(errno));
	return err;
}

int fs_remove_tree(const char *path)
{
	return remove_entry(path);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(struct buf *abs, struct buf *rel, fs_walk_fn fn, void *ctx)
{
	DIR *d = opendir(abs->ptr);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i, abs_len = abs->len, rel_len = rel->len;
	int ret = 0;

	if (!d)
		return err_set(errno_code(errno), "cannot read '%s': %s", abs->ptr,
			       strerror(errno));
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n && !ret; i++) {
		struct stat st;

		buf_addf(abs, "/%s", names[i]);
		if (rel->len)
			buf_addc(rel, '/');
		buf_adds(rel, names[i]);
		if (lstat(abs->ptr, &st) < 0)
			ret = err_set(ERR_IO, "cannot read '%s': %s", abs->ptr,
				      strerror(errno));
		else
			ret = fn(rel->ptr, &st, ctx);
		if (!ret && S_ISDIR(st.st_mode))
			ret = walk(abs, rel, fn, ctx);
		buf_setlen(abs, abs_len);
		buf_setlen(rel, rel_len);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

int fs_walk(const char *dir, fs_walk_fn fn, void *ctx)
{
	struct buf abs = BUF_INIT, rel = BUF_INIT;
	int ret;

	buf_adds(&abs, dir);
	ret = walk(&abs, &rel, fn, ctx);
	buf_release(&abs);
	buf_release(&rel);
	return ret;
}
