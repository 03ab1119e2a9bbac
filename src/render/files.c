/*
 * files: restricted file reads.  See files.h.
 */
#include "../base/buf.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "files.h"

int files_read(const char *root, const char *rel, int restrict_loads,
	       struct buf *data, struct buf *abs_out)
{
	struct buf path = BUF_INIT, real = BUF_INIT;
	int err;

	path_join(&path, root, rel);
	path_clean(&path);
	err = fs_realpath(path.ptr, &real);
	if (err < 0) {
		err = err_set(ERR_NOTFOUND, "'%s' does not exist", rel);
		goto done;
	}
	if (restrict_loads && !path_is_within(real.ptr, root)) {
		if (path_is_within(path.ptr, root))
			err = err_set(ERR_RESTRICTED,
				      "'%s' is a symbolic link to '%s', outside the kustomization directory (kustomize's default load restrictor; use --load-restrictor LoadRestrictionsNone to allow it)",
				      rel, real.ptr);
		else
			err = err_set(ERR_RESTRICTED,
				      "'%s' is outside the kustomization directory (kustomize's default load restrictor; use --load-restrictor LoadRestrictionsNone to allow it)",
				      rel);
		goto done;
	}
	if (fs_is_dir(real.ptr)) {
		err = err_set(ERR_INVALID, "'%s' is a directory, not a file", rel);
		goto done;
	}
	err = fs_read_file(real.ptr, 0, data);
	if (!err && abs_out) {
		buf_reset(abs_out);
		buf_add(abs_out, real.ptr, real.len);
	}
done:
	buf_release(&path);
	buf_release(&real);
	return err;
}
