/*
 * files: reading files named in a kustomization, under the load
 * restrictor.
 *
 * kustomize's default restrictor (LoadRestrictionsRootOnly) only lets a
 * kustomization read files inside its own directory, after symlinks
 * are resolved; LoadRestrictionsNone lifts that.  Directories (bases,
 * components) are not restricted, only files.
 */
#ifndef RENDER_FILES_H
#define RENDER_FILES_H

#include "../base/buf.h"

/*
 * files_read: read rel (relative to root, or absolute) into data.  With
 * restrict_loads the resolved file must be inside root.  abs_out (may be
 * NULL) receives the resolved path.  Errors: ERR_NOTFOUND, ERR_INVALID
 * (a directory), ERR_RESTRICTED, ERR_TOOBIG, ERR_IO.
 */
int files_read(const char *root, const char *rel, int restrict_loads,
	       struct buf *data, struct buf *abs_out);

#endif
