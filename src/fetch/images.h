/*
 * images: the container image references a manifest file names, for the
 * lock (so a pin records which images the bytes will pull, and an image
 * change shows up in 'argolab fetch --update').
 *
 * Found: every "image: <string>" in any document (containers, init and
 * ephemeral containers, the controller's executor config), and the value
 * of an "--executor-image" argument in a container's args or command
 * (Argo v2's controller takes its executor image that way).  A schema's
 * "image: {type: string}" is a mapping, not a reference, and is skipped.
 */
#ifndef FETCH_IMAGES_H
#define FETCH_IMAGES_H

#include <stddef.h>

#include "lock.h"

/*
 * fetch_images_find: add the image references of one file to out,
 * sorted, without duplicates.  Files that are not YAML (or not valid
 * YAML) name no images; this never fails.
 */
void fetch_images_find(const char *path, const void *data, size_t len,
		       struct lock_strs *out);

#endif
