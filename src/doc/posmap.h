/*
 * posmap: the insertion side of struct doc_posmap, for the loader.
 * Readers use doc_posmap_get/doc_posmap_nearest from yaml.h.
 */
#ifndef DOC_POSMAP_H
#define DOC_POSMAP_H

#include <stddef.h>

#include "yaml.h"

void doc_posmap_put(struct doc_posmap *pm, const char *p, size_t n,
		    struct doc_pos key, struct doc_pos value);

#endif
