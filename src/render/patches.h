/*
 * patches: the patches, patchesStrategicMerge and patchesJson6902
 * fields of a kustomization.
 *
 * A `patches` entry holds a strategic merge patch or a JSON 6902 patch,
 * from a file (path) or inline (patch); which one is decided by content,
 * as kustomize does.  A strategic merge patch without a target applies
 * to the one resource its own apiVersion, kind, name and namespace name
 * (original or current id); with a target, to every selected resource.
 * Unlike kustomize, a patch that reaches no resource is an error that
 * names the nearest candidates: a silently ignored patch is a bug.
 */
#ifndef RENDER_PATCHES_H
#define RENDER_PATCHES_H

#include "kustomization.h"
#include "res.h"

struct patch_ctx {
	const struct kustomization *k;
	int restrict_loads;
};

int patches_strategic_legacy(const struct patch_ctx *c, struct resmap *m);
int patches_run(const struct patch_ctx *c, struct resmap *m);
int patches_json6902_legacy(const struct patch_ctx *c, struct resmap *m);

#endif
