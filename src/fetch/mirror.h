/*
 * mirror: URL prefix rewriting, like git's url.<base>.insteadOf.
 *
 * A rule FROM=TO replaces a leading FROM with TO; when several rules
 * match, the longest FROM wins (as git does).  The shorthand DIR (an
 * existing directory) stands for
 *   https://raw.githubusercontent.com/argoproj/=file://<DIR, absolute>/
 * since such a directory laid out as <repo>/<ref>/<path> is a mirror of
 * GitHub's raw file service.  Content fetched through a mirror is
 * verified against the same sha256 pins as content from the source.
 */
#ifndef FETCH_MIRROR_H
#define FETCH_MIRROR_H

#include <stddef.h>

#include "../base/buf.h"

#define MIRROR_RAW_GITHUB "https://raw.githubusercontent.com/argoproj/"

struct mirror_rule {
	char *from;
	char *to;
};

struct mirrors {
	struct mirror_rule *v;
	size_t n;
};

#define MIRRORS_INIT { NULL, 0 }

/*
 * mirrors_add: one rule, "FROM=TO" (FROM has a scheme: "https://...") or
 * a directory.  ERR_INVALID for an empty side; ERR_NOTFOUND for a
 * directory that does not exist.
 */
int mirrors_add(struct mirrors *m, const char *spec);

/*
 * mirrors_add_list: rules separated by whitespace, as in the
 * ARGOLAB_MIRROR environment variable.
 */
int mirrors_add_list(struct mirrors *m, const char *list);

/*
 * mirrors_rewrite: url after the best rule, into out (reset first).
 * Returns 1 when a rule applied, 0 when url is unchanged.
 */
int mirrors_rewrite(const struct mirrors *m, const char *url, struct buf *out);

void mirrors_release(struct mirrors *m);

#endif
