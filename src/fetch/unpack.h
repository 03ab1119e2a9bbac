/*
 * unpack: safe extraction of a release archive (tar or zip) held in
 * memory into a file set, through libarchive.
 *
 * Nothing touches the disk.  The archive is read as untrusted input and
 * refused as a whole when any of its entries is hostile, including the
 * entries outside the subtree the caller keeps: a name that is absolute
 * or climbs out with "..", a link whose target leaves the archive root,
 * a device, FIFO or socket, a path that appears twice, an entry below a
 * file or a link, and any archive that expands past the size limits
 * (sizes are counted as the bytes are decompressed; headers can lie).
 * Links inside the archive become copies of the regular file they lead
 * to, so the file set never holds a link.
 */
#ifndef FETCH_UNPACK_H
#define FETCH_UNPACK_H

#include <stddef.h>

#include "files.h"

#define UNPACK_MAX_TOTAL_DEFAULT (1ULL << 30)   /* 1 GiB */
#define UNPACK_MAX_FILE_DEFAULT (256ULL << 20)  /* 256 MiB */
#define UNPACK_MAX_ENTRIES_DEFAULT ((size_t)100000)

/* Limits of one unpack_archive call; a zero field takes its default. */
struct unpack_limits {
	/*
	 * Every byte decompressed from every regular file, kept or not (a
	 * bomb outside the kept subtree costs as much as one inside).
	 */
	unsigned long long max_total;
	unsigned long long max_file; /* the bytes of one entry */
	size_t max_entries;          /* entries of any type, directories too */
};

/*
 * unpack_archive: read the tar (plain, gzip, bzip2 or xz compressed) or
 * zip archive in (data, len) and append to out every regular file whose
 * path lies under prefix, with the prefix stripped.  prefix NULL, "" or "."
 * keeps every file; "argo-workflows-4.1.2/manifests" keeps that subtree
 * (a trailing '/' and a leading "./" are optional).  A leading "./" on
 * entry names is ignored.  A link under prefix is added as a copy of the
 * regular file it leads to, wherever that file is in the archive.  Files
 * are added in archive order.  name is how the archive is called in
 * messages (a URL or a file name).  lim NULL: every default.
 *
 * On failure out is left exactly as it was.  Errors:
 *   ERR_INVALID      a hostile entry (see above), a link under prefix that
 *                    is dangling, leads to a directory or loops, an empty,
 *                    corrupt or unrecognised archive, a prefix that is not
 *                    a clean relative path
 *   ERR_TOOBIG       over a limit of lim
 *   ERR_UNSUPPORTED  an encrypted entry
 *   ERR_NOTFOUND     prefix given but no file lies under it
 */
int unpack_archive(const void *data, size_t len, const char *name,
		   const char *prefix, const struct unpack_limits *lim,
		   struct fetch_files *out);

#endif
