/*
 * lock: the model of manifests/lock.yaml, argolab's pins by content.
 *
 * A lock is a list of pins.  Each pin names an upstream and a ref (a tag),
 * says where its files come from (one source: a URL prefix, a git
 * repository or a release archive), and records what that resolved to:
 * every file's path, size and sha256 (the authoritative pin), the git
 * commit or the archive's sha256 where there is one, and the container
 * image references found in the files.
 *
 *   apiVersion: argolab.dev/v1alpha1
 *   kind: Lock
 *   pins:
 *   - upstream: argo-workflows
 *     ref: v4.1.2
 *     source:
 *       url: https://raw.githubusercontent.com/argoproj/argo-workflows/{ref}/
 *     resources:
 *     - manifests/quick-start-postgres.yaml
 *     files:
 *     - path: manifests/quick-start-postgres.yaml
 *       size: 12006733
 *       sha256: 9f2c...
 *       images:
 *       - quay.io/argoproj/argocli:latest
 *
 * Sources: `url` (each file is fetched at URL + path, so the file list is
 * the list of paths), `git` (with `paths`: files or directories in the
 * repository; the pin also records `commit`), `archive` (a tar.gz or zip;
 * `prefix` is the directory inside it that maps to the repository root,
 * `paths` selects within it; the pin records `archiveSha256`).  In URLs
 * and the prefix, {ref} is the pin's ref and {version} the ref without a
 * leading 'v'.  `resources` lists what the generated kustomization.yaml
 * of the laid-out pin names: pinned files, or directories of them (a
 * kustomization directory of the upstream tree); default none.
 *
 * Parsing is strict: unknown fields, wrong types, missing fields, bad
 * digests, unclean paths and duplicates are errors with file:line:column.
 * The writer produces the canonical form (fixed key order, files sorted),
 * which the parser reads back to an equal lock.
 */
#ifndef FETCH_LOCK_H
#define FETCH_LOCK_H

#include <stddef.h>

#include "../base/buf.h"

#define LOCK_API_VERSION "argolab.dev/v1alpha1"
#define LOCK_KIND "Lock"
#define LOCK_HEX_LEN 64

enum lock_source_kind {
	LOCK_SRC_URL,
	LOCK_SRC_GIT,
	LOCK_SRC_ARCHIVE,
};

struct lock_strs {
	char **v;
	size_t n;
};

struct lock_file {
	char *path;
	unsigned long long size;
	char sha256[LOCK_HEX_LEN + 1];
	struct lock_strs images;
};

struct lock_pin {
	char *upstream;
	char *ref;
	enum lock_source_kind kind;
	char *url;    /* url prefix, git repository or archive, as written */
	char *prefix; /* archive only; NULL when absent */
	struct lock_strs paths;     /* git and archive */
	struct lock_strs resources; /* for the generated kustomization.yaml */
	char commit[41];            /* git: resolved commit, "" when not yet */
	char archive_sha256[LOCK_HEX_LEN + 1]; /* archive: "" when not yet */
	struct lock_file *files;
	size_t nfiles;
	unsigned line; /* where the pin starts in the lock file, 0 if unknown */
};

struct lock {
	struct lock_pin *pins;
	size_t npins;
};

/*
 * lock_parse: read a lock from (data, len); name is the file name used in
 * messages ("manifests/lock.yaml:12:7: ...").  On success *out owns
 * everything (lock_release).  ERR_INVALID with file:line:col otherwise;
 * *out is then empty.
 */
int lock_parse(struct lock *out, const char *data, size_t len,
	       const char *name);

/* lock_load: lock_parse of a file (ERR_NOTFOUND when it does not exist). */
int lock_load(struct lock *out, const char *path, const char *shown);

/* lock_format: the canonical text of a lock, appended to out. */
void lock_format(struct buf *out, const struct lock *l);

/* lock_write: lock_format, written atomically (mode 0644). */
int lock_write(const struct lock *l, const char *path);

void lock_release(struct lock *l);

/* lock_source_name: "url", "git" or "archive". */
const char *lock_source_name(enum lock_source_kind k);

/*
 * lock_expand: s with {ref} replaced by ref and {version} by ref without
 * a leading 'v', into out (reset first).
 */
void lock_expand(struct buf *out, const char *s, const char *ref);

/* lock_pin_label: "argo-workflows@v4.1.2", into out (reset first). */
void lock_pin_label(struct buf *out, const struct lock_pin *p);

/* lock_pin_find_file: the pinned file with this path, or NULL. */
const struct lock_file *lock_pin_find_file(const struct lock_pin *p,
					   const char *path);

/*
 * lock_pin_has_path: whether path is a pinned file, or a directory that
 * holds one (what a kustomization resource may name).
 */
int lock_pin_has_path(const struct lock_pin *p, const char *path);

/* lock_strs helpers: add a copy; release. */
void lock_strs_add(struct lock_strs *s, const char *v);
void lock_strs_release(struct lock_strs *s);

/* lock_pin_release: free what a pin owns (not the pin itself). */
void lock_pin_release(struct lock_pin *p);

/* lock_pin_copy: deep copy of src into dst (dst uninitialised). */
void lock_pin_copy(struct lock_pin *dst, const struct lock_pin *src);

#endif
