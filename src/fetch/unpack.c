/*
 * unpack: see unpack.h.
 *
 * Design.  The archive is read from memory (archive_read_open_memory)
 * with only the formats and filters we mean to accept: tar and zip,
 * gzip, bzip2, xz or none.  Enabling "all" would also open rar, 7z,
 * cpio, iso9660 and others to outside input for no use.  libarchive's
 * ARCHIVE_* codes are translated here and nowhere else.
 *
 * The first pass reads every entry: its name is checked and cleaned,
 * its type decided (file, directory, symbolic link, hard link; anything
 * else is refused), its data decompressed and counted against the limits
 * whether or not it is kept, and kept only when it lies under the prefix.
 * Link targets are checked lexically as they are read (no disk: a link
 * cannot be followed anywhere but into this table).  When every entry has
 * passed, the links under the prefix are resolved to regular files; a
 * rare link that leads out of the prefix to a file we did not keep costs
 * a second pass that reads just those files.  Only then are the files
 * handed to the caller's set, with moves that cannot fail, so a failure
 * at any step leaves the set as it was.
 *
 * Every entry gets one slot in u->v, in archive order, so that the second
 * pass can find an entry by its position.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/log.h"
#include "../base/strmap.h"
#include "unpack.h"

/* Longest entry name or link target we accept (Linux's PATH_MAX). */
#define NAME_MAX_LEN 4096
/* Links followed from one link before we call it a loop (Linux's MAXSYMLINKS). */
#define LINK_DEPTH_MAX 40
/* How much of an outside name a message shows. */
#define SHOWN_MAX 200
#define CHUNK (64 * 1024)

enum kind { K_FILE, K_DIR, K_SYMLINK, K_HARDLINK };

struct entry {
	char *path;   /* clean, relative to the archive root; "" is the root */
	char *target; /* links: clean path of the target from the root */
	enum kind kind;
	unsigned kept : 1;      /* a file or link under the prefix */
	unsigned wanted : 1;    /* a file outside it that a kept link needs */
	unsigned have_data : 1;
	unsigned char *data;    /* NUL-terminated copy of the bytes */
	size_t len;
	size_t file;            /* kept links: the file they lead to */
};

/* values of u->dirs */
#define DIR_IMPLIED ((void *)1)
#define DIR_EXPLICIT ((void *)2)

struct unpack {
	const char *name;
	const void *data;
	size_t len;
	struct buf prefix; /* clean, no trailing '/'; "" keeps every file */
	unsigned long long max_total, max_file, total;
	size_t max_entries;
	struct entry *v;
	size_t n, alloc;
	struct strmap paths; /* non-directory path -> index + 1 */
	struct strmap dirs;  /* directory path -> DIR_IMPLIED/DIR_EXPLICIT */
	char *chunk;
};

/*
 * shown: name as a message may quote it: control bytes escaped (an
 * archive must not be able to write to the user's terminal), cut long.
 * Returns a pointer into one of a few rotating per-thread buffers, so a
 * message can show two names.
 */
static const char *shown(const char *s)
{
	static _Thread_local char bufs[3][SHOWN_MAX * 4 + 8];
	static _Thread_local unsigned next;
	char *out = bufs[next++ % 3];
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, i;

	for (i = 0; p[i] && i < SHOWN_MAX; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f || p[i] == '\\') {
			static const char hex[] = "0123456789abcdef";

			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[p[i] >> 4];
			out[o++] = hex[p[i] & 15];
		} else {
			out[o++] = (char)p[i];
		}
	}
	if (p[i]) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

/* human: a byte count as the limits are written ("1 GiB", "1000 bytes"). */
static const char *human(unsigned long long n, char *out, size_t size)
{
	static const char *const unit[] = { "GiB", "MiB", "KiB" };
	int i;

	for (i = 0; i < 3; i++) {
		unsigned long long u = 1ULL << (10 * (3 - i));

		if (n >= u && n % u == 0) {
			snprintf(out, size, "%llu %s", n / u, unit[i]);
			return out;
		}
	}
	snprintf(out, size, "%llu bytes", n);
	return out;
}

/*
 * read_failed: translate a libarchive failure.  An encrypted archive is
 * ERR_UNSUPPORTED, anything else a corrupt archive with libarchive's
 * message.
 */
static int read_failed(struct unpack *u, struct archive *a, const char *entry)
{
	const char *msg = archive_error_string(a);

	if (!msg || !*msg)
		msg = "unknown error";
	if (archive_read_has_encrypted_entries(a) > 0)
		return err_set(ERR_UNSUPPORTED,
			       "archive '%s' is encrypted (not supported; use an unencrypted archive): %s",
			       shown(u->name), msg);
	if (entry)
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' cannot be read: %s (a corrupt or truncated archive?)",
			       shown(u->name), shown(entry), msg);
	return err_set(ERR_INVALID, "archive '%s' cannot be read: %s",
		       shown(u->name), msg);
}

static int open_archive(struct unpack *u, struct archive **out)
{
	struct archive *a = archive_read_new();
	int r;

	if (!a)
		return err_set(ERR_GENERIC, "archive '%s': out of memory",
			       shown(u->name));
	/*
	 * ARCHIVE_WARN from a filter means libarchive would run the
	 * external program instead of its library; that still reads.
	 */
	if (archive_read_support_format_tar(a) < ARCHIVE_WARN ||
	    archive_read_support_format_zip(a) < ARCHIVE_WARN ||
	    archive_read_support_filter_none(a) < ARCHIVE_WARN ||
	    archive_read_support_filter_gzip(a) < ARCHIVE_WARN ||
	    archive_read_support_filter_bzip2(a) < ARCHIVE_WARN ||
	    archive_read_support_filter_xz(a) < ARCHIVE_WARN) {
		r = err_set(ERR_GENERIC, "archive '%s': libarchive: %s",
			    shown(u->name), archive_error_string(a));
		archive_read_free(a);
		return r;
	}
	if (archive_read_open_memory(a, u->data, u->len) != ARCHIVE_OK) {
		/* the one failure here: no format or filter recognised it */
		const char *msg = archive_error_string(a);

		r = err_set(ERR_INVALID,
			    "archive '%s' cannot be read: %s (argolab reads tar, tar.gz, tar.bz2, tar.xz and zip archives)",
			    shown(u->name), msg && *msg ? msg : "unknown error");
		archive_read_free(a);
		return r;
	}
	*out = a;
	return 0;
}

/*
 * clean_name: the clean path of an entry name into out ("" for the
 * archive root, a directory).  One leading "./" is dropped, and one
 * trailing '/' of a directory; every other unclean form is refused.
 */
static int clean_name(struct unpack *u, const char *raw, int is_dir,
		      struct buf *out)
{
	const char *s, *e;
	size_t n;

	if (!raw)
		return err_set(ERR_INVALID,
			       "archive '%s': an entry has a name that cannot be read (refused)",
			       shown(u->name));
	n = strlen(raw);
	if (!n)
		return err_set(ERR_INVALID,
			       "archive '%s': an entry has an empty name (refused)",
			       shown(u->name));
	if (n > NAME_MAX_LEN)
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' has a name longer than %d bytes (refused)",
			       shown(u->name), shown(raw), NAME_MAX_LEN);
	if (raw[0] == '/')
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' is an absolute path (refused)",
			       shown(u->name), shown(raw));
	for (s = raw;; s = e + 1) {
		e = strchr(s, '/');
		if (!e)
			e = s + strlen(s);
		if (e - s == 2 && s[0] == '.' && s[1] == '.')
			return err_set(ERR_INVALID,
				       "archive '%s': entry '%s' leaves the archive root (refused)",
				       shown(u->name), shown(raw));
		if (!*e)
			break;
	}
	s = raw;
	if (s[0] == '.' && s[1] == '/')
		s += 2;
	else if (s[0] == '.' && !s[1] && is_dir)
		s++;
	n = strlen(s);
	if (is_dir && n && s[n - 1] == '/')
		n--;
	buf_reset(out);
	buf_add(out, s, n);
	if (!out->len && is_dir)
		return 0;
	if (!fetch_path_is_clean(out->ptr))
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' is not a clean relative path (refused)",
			       shown(u->name), shown(raw));
	return 0;
}

/*
 * clean_target: the target of a link as a clean path from the archive
 * root into out ("" for the root itself).  A symbolic link's target is
 * relative to the link's directory, a hard link's to the archive root.
 */
static int clean_target(struct unpack *u, const char *path, const char *raw,
			enum kind kind, struct buf *out)
{
	const char *what = kind == K_SYMLINK ? "symbolic" : "hard";
	struct buf dir = BUF_INIT;

	if (!raw || !*raw)
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' is a %s link with an empty target (refused)",
			       shown(u->name), shown(path), what);
	if (strlen(raw) > NAME_MAX_LEN)
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' is a %s link with a target longer than %d bytes (refused)",
			       shown(u->name), shown(path), what, NAME_MAX_LEN);
	if (raw[0] == '/')
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' is a %s link to the absolute path '%s' (refused)",
			       shown(u->name), shown(path), what, shown(raw));
	buf_reset(out);
	if (kind == K_SYMLINK) {
		path_dirname(&dir, path);
		path_join(out, dir.ptr, raw);
		buf_release(&dir);
	} else {
		buf_adds(out, raw);
	}
	path_clean(out);
	if (!strcmp(out->ptr, "..") || !strncmp(out->ptr, "../", 3))
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' is a %s link to '%s', which leaves the archive root (refused)",
			       shown(u->name), shown(path), what, shown(raw));
	if (!strcmp(out->ptr, "."))
		buf_reset(out);
	return 0;
}

/*
 * place: record path in the maps.  Refuses a path that appears twice
 * (directories may repeat) and an entry below a file or a link, which on
 * a disk would be the classic escape through a linked directory.
 */
static int place(struct unpack *u, const char *path, enum kind kind,
		 size_t index)
{
	const char *slash;
	void *d;

	if (!*path)
		return 0;
	for (slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
		size_t n = (size_t)(slash - path);

		if (strmap_get(&u->paths, path, n)) {
			char *parent = xstrndup(path, n);
			int err = err_set(ERR_INVALID,
					  "archive '%s': entry '%s' lies below '%s', which is not a directory (refused)",
					  shown(u->name), shown(path), shown(parent));

			free(parent);
			return err;
		}
		if (!strmap_get(&u->dirs, path, n))
			strmap_put(&u->dirs, path, n, DIR_IMPLIED);
	}
	if (strmap_get(&u->paths, path, strlen(path)))
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' appears twice (refused)",
			       shown(u->name), shown(path));
	d = strmap_get(&u->dirs, path, strlen(path));
	if (kind == K_DIR) {
		strmap_put(&u->dirs, path, strlen(path), DIR_EXPLICIT);
		return 0;
	}
	if (d == DIR_EXPLICIT)
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' appears twice, as a directory and as a file (refused)",
			       shown(u->name), shown(path));
	if (d)
		return err_set(ERR_INVALID,
			       "archive '%s': entry '%s' is a file, but other entries lie below it (refused)",
			       shown(u->name), shown(path));
	strmap_put(&u->paths, path, strlen(path), (void *)(uintptr_t)(index + 1));
	return 0;
}

static int under_prefix(const struct unpack *u, const char *path)
{
	if (!u->prefix.len)
		return 1;
	return !strncmp(path, u->prefix.ptr, u->prefix.len) &&
	       path[u->prefix.len] == '/';
}

static const char *strip_prefix(const struct unpack *u, const char *path)
{
	return u->prefix.len ? path + u->prefix.len + 1 : path;
}

/*
 * read_data: decompress the current entry's data, counting every byte
 * against the limits (first pass only: the second reads the same bytes
 * again), and keep it in e when keep is set.
 */
static int read_data(struct unpack *u, struct archive *a, struct entry *e,
		     int first_pass, int keep)
{
	struct buf b = BUF_INIT;
	unsigned long long got = 0;
	char h[32];
	int err = 0;

	for (;;) {
		la_ssize_t n = archive_read_data(a, u->chunk, CHUNK);

		if (n == 0)
			break;
		if (n < 0) {
			err = read_failed(u, a, e->path);
			goto done;
		}
		got += (unsigned long long)n;
		if (got > u->max_file) {
			err = err_set(ERR_TOOBIG,
				      "archive '%s': entry '%s' expands past the %s limit for one file (a decompression bomb?)",
				      shown(u->name), shown(e->path),
				      human(u->max_file, h, sizeof(h)));
			goto done;
		}
		if (first_pass) {
			u->total += (unsigned long long)n;
			if (u->total > u->max_total) {
				err = err_set(ERR_TOOBIG,
					      "archive '%s' expands past the %s limit (a decompression bomb?)",
					      shown(u->name),
					      human(u->max_total, h, sizeof(h)));
				goto done;
			}
		}
		if (keep)
			buf_add(&b, u->chunk, (size_t)n);
	}
	if (keep) {
		size_t len;
		char *p = buf_detach(&b, &len);

		e->data = xrealloc(p, len + 1);
		e->len = len;
		e->have_data = 1;
	}
done:
	buf_release(&b);
	return err;
}

/* refused_type: what an entry of a type we refuse is, for messages. */
static const char *refused_type(unsigned type)
{
	switch (type) {
	case AE_IFCHR:
		return "a character device";
	case AE_IFBLK:
		return "a block device";
	case AE_IFIFO:
		return "a FIFO";
	case AE_IFSOCK:
		return "a socket";
	default:
		return "of an unknown type";
	}
}

/* new_entry: the first pass's work on one header. */
static int new_entry(struct unpack *u, struct archive *a,
		     struct archive_entry *ae)
{
	const char *raw = archive_entry_pathname_utf8(ae);
	const char *hl = archive_entry_hardlink_utf8(ae);
	struct buf path = BUF_INIT, target = BUF_INIT;
	struct entry *e;
	enum kind kind;
	int err;

	if (!raw)
		raw = archive_entry_pathname(ae);
	if (!hl)
		hl = archive_entry_hardlink(ae);
	if (u->n >= u->max_entries) {
		err = err_set(ERR_TOOBIG,
			      "archive '%s' has more than %zu entries (the limit)",
			      shown(u->name), u->max_entries);
		goto done;
	}
	if (hl) {
		kind = K_HARDLINK;
	} else {
		switch (archive_entry_filetype(ae)) {
		case AE_IFREG:
			kind = K_FILE;
			break;
		case AE_IFDIR:
			kind = K_DIR;
			break;
		case AE_IFLNK:
			kind = K_SYMLINK;
			break;
		default:
			err = err_set(ERR_INVALID,
				      "archive '%s': entry '%s' is %s (refused; an archive of manifests holds files, directories and links)",
				      shown(u->name), shown(raw ? raw : ""),
				      refused_type(archive_entry_filetype(ae)));
			goto done;
		}
	}
	err = clean_name(u, raw, kind == K_DIR, &path);
	if (err < 0)
		goto done;
	if (archive_entry_is_encrypted(ae)) {
		err = err_set(ERR_UNSUPPORTED,
			      "archive '%s': entry '%s' is encrypted (not supported; use an unencrypted archive)",
			      shown(u->name), shown(raw));
		goto done;
	}
	if (kind == K_SYMLINK || kind == K_HARDLINK) {
		const char *t = kind == K_HARDLINK ? hl : archive_entry_symlink_utf8(ae);

		if (!t && kind == K_SYMLINK)
			t = archive_entry_symlink(ae);
		err = clean_target(u, path.ptr, t, kind, &target);
		if (err < 0)
			goto done;
	}
	err = place(u, path.ptr, kind, u->n);
	if (err < 0)
		goto done;

	ALLOC_GROW(u->v, u->n + 1, u->alloc);
	e = &u->v[u->n++];
	memset(e, 0, sizeof(*e));
	e->path = buf_detach(&path, NULL);
	e->target = kind == K_SYMLINK || kind == K_HARDLINK ?
			    buf_detach(&target, NULL) : NULL;
	e->kind = kind;
	e->kept = kind != K_DIR && under_prefix(u, e->path);
	/* a hard link's own data (pax allows some) is read but not kept */
	err = read_data(u, a, e, 1, e->kept && kind == K_FILE);
done:
	buf_release(&path);
	buf_release(&target);
	return err;
}

static int first_pass(struct unpack *u)
{
	struct archive *a = NULL;
	struct archive_entry *ae;
	int err, r;

	err = open_archive(u, &a);
	if (err < 0)
		return err;
	for (;;) {
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			err = read_failed(u, a, NULL);
			goto done;
		}
		if (r == ARCHIVE_WARN)
			log_debug("archive '%s': %s", shown(u->name),
				  archive_error_string(a));
		err = new_entry(u, a, ae);
		if (err < 0)
			goto done;
	}
done:
	archive_read_free(a);
	return err;
}

/* second_pass: read the data of the entries marked wanted. */
static int second_pass(struct unpack *u)
{
	struct archive *a = NULL;
	struct archive_entry *ae;
	size_t i;
	int err, r;

	err = open_archive(u, &a);
	if (err < 0)
		return err;
	for (i = 0; i < u->n; i++) {
		r = archive_read_next_header(a, &ae);
		if (r < ARCHIVE_WARN || r == ARCHIVE_EOF) {
			/* the same bytes read the same way twice */
			err = r == ARCHIVE_EOF ?
				      err_set(ERR_GENERIC,
					      "archive '%s' read differently the second time",
					      shown(u->name)) :
				      read_failed(u, a, NULL);
			goto done;
		}
		if (!u->v[i].wanted)
			continue;
		err = read_data(u, a, &u->v[i], 0, 1);
		if (err < 0)
			goto done;
	}
done:
	archive_read_free(a);
	return err;
}

/* resolve: the index of the regular file the kept link i leads to. */
static int resolve(struct unpack *u, size_t i, size_t *out)
{
	const char *what = u->v[i].kind == K_SYMLINK ? "symbolic" : "hard";
	size_t cur = i;
	int depth;

	for (depth = 0;; depth++) {
		const struct entry *e = &u->v[cur];
		void *idx;

		if (e->kind == K_FILE) {
			*out = cur;
			return 0;
		}
		if (depth == LINK_DEPTH_MAX)
			return err_set(ERR_INVALID,
				       "archive '%s': entry '%s' is a %s link that leads through more than %d links (a loop?)",
				       shown(u->name), shown(u->v[i].path), what,
				       LINK_DEPTH_MAX);
		idx = strmap_get(&u->paths, e->target, strlen(e->target));
		if (!idx) {
			if (!*e->target || strmap_get(&u->dirs, e->target,
						      strlen(e->target)))
				return err_set(ERR_INVALID,
					       "archive '%s': entry '%s' is a %s link to the directory '%s' (only links to files are supported)",
					       shown(u->name), shown(u->v[i].path),
					       what, *e->target ? shown(e->target) : ".");
			return err_set(ERR_INVALID,
				       "archive '%s': entry '%s' is a %s link to '%s', which is not in the archive",
				       shown(u->name), shown(u->v[i].path), what,
				       shown(e->target));
		}
		cur = (size_t)(uintptr_t)idx - 1;
	}
}

/* nothing_kept: the message for a prefix that selects no file. */
static int nothing_kept(struct unpack *u)
{
	struct buf tops = BUF_INIT;
	struct strmap seen = STRMAP_INIT;
	size_t i, shown_n = 0;
	char *top;
	int err;

	for (i = 0; i < u->n && shown_n < 5; i++) {
		const char *p = u->v[i].path;
		size_t n = strcspn(p, "/");

		if (!n || strmap_get(&seen, p, n))
			continue;
		strmap_put(&seen, p, n, DIR_IMPLIED);
		top = xstrndup(p, n);
		buf_addf(&tops, "%s'%s%s'", shown_n ? ", " : "", shown(top),
			 p[n] || u->v[i].kind == K_DIR ? "/" : "");
		free(top);
		shown_n++;
	}
	if (shown_n)
		err = err_set(ERR_NOTFOUND,
			      "archive '%s' has no files under '%s/' (its top level holds %s%s; check the path)",
			      shown(u->name), shown(u->prefix.ptr), tops.ptr,
			      i < u->n ? ", ..." : "");
	else
		err = err_set(ERR_NOTFOUND,
			      "archive '%s' has no files under '%s/' (the archive is empty)",
			      shown(u->name), shown(u->prefix.ptr));
	strmap_release(&seen);
	buf_release(&tops);
	return err;
}

static int set_prefix(struct unpack *u, const char *prefix)
{
	const char *p = prefix ? prefix : "";

	if (p[0] == '.' && p[1] == '/')
		p += 2;
	else if (p[0] == '.' && !p[1])
		p++;
	buf_adds(&u->prefix, p);
	while (u->prefix.len && u->prefix.ptr[u->prefix.len - 1] == '/')
		buf_setlen(&u->prefix, u->prefix.len - 1);
	if (u->prefix.len && !fetch_path_is_clean(u->prefix.ptr))
		return err_set(ERR_INVALID,
			       "archive '%s': the path '%s' inside it is not a clean relative path (write it as 'dir/subdir')",
			       shown(u->name), shown(prefix));
	return 0;
}

int unpack_archive(const void *data, size_t len, const char *name,
		   const char *prefix, const struct unpack_limits *lim,
		   struct fetch_files *out)
{
	struct unpack u;
	size_t i, kept = 0, wanted = 0;
	int err;

	memset(&u, 0, sizeof(u));
	u.name = name ? name : "(unnamed)";
	u.data = data;
	u.len = len;
	buf_init(&u.prefix, 0);
	u.max_total = lim && lim->max_total ? lim->max_total : UNPACK_MAX_TOTAL_DEFAULT;
	u.max_file = lim && lim->max_file ? lim->max_file : UNPACK_MAX_FILE_DEFAULT;
	u.max_entries = lim && lim->max_entries ? lim->max_entries : UNPACK_MAX_ENTRIES_DEFAULT;

	err = set_prefix(&u, prefix);
	if (err < 0)
		goto done;
	if (!len) {
		err = err_set(ERR_INVALID, "archive '%s' is empty (0 bytes)",
			      shown(u.name));
		goto done;
	}
	u.chunk = xmalloc(CHUNK);
	err = first_pass(&u);
	if (err < 0)
		goto done;

	for (i = 0; i < u.n; i++)
		kept += u.v[i].kept;
	if (!kept && u.prefix.len) {
		err = nothing_kept(&u);
		goto done;
	}
	for (i = 0; i < u.n; i++) {
		size_t f = 0;

		if (!u.v[i].kept || u.v[i].kind == K_FILE)
			continue;
		err = resolve(&u, i, &f);
		if (err < 0)
			goto done;
		u.v[i].file = f;
		if (!u.v[f].have_data && !u.v[f].wanted) {
			u.v[f].wanted = 1;
			wanted++;
		}
	}
	if (wanted) {
		log_debug("archive '%s': %zu linked files outside '%s', reading again",
			  shown(u.name), wanted, shown(u.prefix.ptr));
		err = second_pass(&u);
		if (err < 0)
			goto done;
	}
	for (i = 0; i < u.n; i++) {
		struct entry *e = &u.v[i];

		if (e->kept && e->kind != K_FILE) {
			const struct entry *f = &u.v[e->file];

			e->data = (unsigned char *)xmemdup(f->data, f->len);
			e->len = f->len;
			e->have_data = 1;
		}
	}
	/* nothing below can fail: the caller's set changes only now */
	for (i = 0; i < u.n; i++) {
		struct entry *e = &u.v[i];

		if (!e->kept)
			continue;
		fetch_files_add_take(out, xstrdup(strip_prefix(&u, e->path)),
				     e->data, e->len);
		e->data = NULL;
	}
done:
	for (i = 0; i < u.n; i++) {
		free(u.v[i].path);
		free(u.v[i].target);
		free(u.v[i].data);
	}
	free(u.v);
	free(u.chunk);
	strmap_release(&u.paths);
	strmap_release(&u.dirs);
	buf_release(&u.prefix);
	return err;
}
