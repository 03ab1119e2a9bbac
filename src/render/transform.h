/*
 * transform: kustomize's built-in transformers other than patches,
 * generators and name references: namespace, namePrefix/nameSuffix,
 * labels/commonLabels, commonAnnotations, images, replicas.
 *
 * Each works on a whole resource list, with kustomize v5.5.0's default
 * field specs (fieldspec.h) and its exact rules, including the odd ones
 * (only subjects named "default" follow the namespace; images are
 * matched as a regular expression and rewritten in two passes).  Errors
 * name the field and the object.
 */
#ifndef RENDER_TRANSFORM_H
#define RENDER_TRANSFORM_H

#include <jansson.h>

#include "fieldspec.h"
#include "res.h"

int tf_namespace(struct resmap *m, const char *ns);
int tf_prefix(struct resmap *m, const char *prefix);
int tf_suffix(struct resmap *m, const char *suffix);

/*
 * tf_labels: set the label pairs (a JSON object of strings) at the given
 * field specs (terminated by path NULL).  Used for labels[] entries and
 * commonLabels.
 */
int tf_labels(struct resmap *m, const json_t *pairs,
	      const struct fieldspec *specs, size_t nspecs);
int tf_annotations(struct resmap *m, const json_t *pairs);

/* tf_images: one images[] entry (name, newName, newTag, digest, tagSuffix). */
int tf_images(struct resmap *m, const json_t *entry);
/* tf_replicas: one replicas[] entry. */
int tf_replicas(struct resmap *m, const char *name, long long count);

/*
 * fieldspec lists built at run time (labels with user fields), merged
 * as kustomize merges them: same gvk and path with a different create
 * flag is a conflict.
 */
struct fslist {
	struct fieldspec *v;
	size_t n, alloc;
	char **owned; /* strings we copied */
	size_t nowned, aowned;
};

int fslist_merge_one(struct fslist *l, const struct fieldspec *fs);
void fslist_add_json(struct fslist *l, const json_t *spec);
void fslist_release(struct fslist *l);

/* image_split: kustomize's image.Split (exposed for tests). */
void image_split(const char *s, struct buf *name, struct buf *tag,
		 struct buf *digest);
/* image_matches: whether image value s matches images[].name pattern. */
int image_matches(const char *s, const char *name);

#endif
