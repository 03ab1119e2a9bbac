/*
 * gitsrc: the files of a git repository at a pinned ref (libgit2).
 *
 * A git source is (url, ref, paths): the ref is a tag, a branch or a
 * full commit id, and the paths select files or directories of the
 * commit it names.  Repositories are mirrored into a cache directory,
 * one bare repository per URL, holding only the refs we asked for, so
 * that a later run can work offline and notice a moved tag.
 */
#ifndef FETCH_GITSRC_H
#define FETCH_GITSRC_H

#include <stddef.h>

struct fetch_files;

#define GITSRC_HEX_LEN 40

struct gitsrc_opts {
	const char *cache_dir; /* required: bare repositories live here, one per URL */
	int offline;           /* never contact the remote; use only what the cache holds */
	unsigned long long max_total; /* bytes of blobs taken; 0: 1 GiB */
	unsigned long long max_fetch; /* bytes received in one fetch; 0: 4 GiB */
};

/*
 * gitsrc_fetch: fetch ref (a tag, a branch or a 40-hex commit id) of the
 * repository at url into the cache, resolve it to a commit (peeling
 * annotated tags), and append every blob under each of paths[0..npaths)
 * (a file or a directory, repo-relative; "" or "." = the whole tree) to
 * out, with repo-relative paths, sorted by path; overlapping paths give
 * each file once.  commit_out receives the lower-case hex commit.
 *
 * url is https://..., file:///abs/path or a local path; plain http is
 * taken only from loopback hosts.  A tag is preferred over a branch of
 * the same name.  A commit id already in the cache needs no network.
 *
 * want_commit (NULL = none): the commit the lock pins; if the ref now
 * resolves elsewhere, fail with ERR_CONFLICT.  Offline, want_commit is
 * used when the cache holds it, else the cached ref.
 *
 * Errors: ERR_INVALID (bad url, ref, path or pin; plain http to another
 * host), ERR_UNSUPPORTED (ssh or git:// urls; a symbolic link or a
 * submodule among the selected files), ERR_NOTFOUND (no such ref, path,
 * or nothing cached when offline), ERR_CONFLICT (the ref moved away from
 * want_commit), ERR_TOOBIG (over max_total or max_fetch, or too many
 * files), ERR_HTTP (the transport failed), ERR_IO (the cache).  On
 * failure out is unchanged and commit_out is not written.
 */
int gitsrc_fetch(const char *url, const char *ref, const char *want_commit,
		 const char *const *paths, size_t npaths,
		 const struct gitsrc_opts *o, char commit_out[GITSRC_HEX_LEN + 1],
		 struct fetch_files *out);

#endif
