/*
 * render: build a kustomization into a list of objects, as
 * `kubectl kustomize` (kustomize v5.5.0) does, byte for byte.
 *
 * The build follows kustomize's order: a kustomization gathers its
 * resources (files and nested kustomizations, each built completely
 * first), runs its generators, lets its components work on everything
 * gathered so far, then runs its own transformers (patches, namespace,
 * prefix, suffix, labels, annotations, JSON patches, replicas, images).
 * At the top level, generated names get their hash suffix, references to
 * renamed objects are fixed, and the list is sorted.
 *
 * Before anything leaves, every object is checked: it has apiVersion,
 * kind and metadata.name, and no two objects share an id.
 */
#ifndef RENDER_RENDER_H
#define RENDER_RENDER_H

#include <jansson.h>

#include "../base/buf.h"
#include "kustomization.h"
#include "res.h"

struct render_opts {
	int load_restrictor_none; /* LoadRestrictionsNone */
};
#define RENDER_OPTS_INIT { 0 }

struct render_result {
	struct resmap objects; /* in output order */
	struct strlist warnings;
};

/*
 * render_build: build the kustomization in dir (shown in messages as
 * given).  On failure the last error names the file (and line) at fault.
 */
int render_build(const char *dir, const struct render_opts *opts,
		 struct render_result *out);
void render_result_release(struct render_result *r);

/* render_yaml: the objects as one YAML stream (kustomize's format). */
int render_yaml(const struct render_result *r, struct buf *out);
/* render_json: the objects as a v1 List, pretty-printed JSON. */
int render_json(const struct render_result *r, struct buf *out);

#endif
