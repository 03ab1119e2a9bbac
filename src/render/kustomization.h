/*
 * kustomization: reading and checking one kustomization.yaml.
 *
 * The file is read the way kustomize reads it (YAML 1.1 scalars, the
 * last of duplicate keys wins, field names matched case-insensitively
 * as Go's encoding/json does) and then checked against the schema of
 * kustomize v5.5.0's Kustomization type: every field is known, every
 * value has the right type, and fields argolab does not implement are
 * refused by name instead of being ignored.  Errors point at the file,
 * line and column.  Deprecated fields are rewritten as kustomize does
 * (bases -> resources, imageTags -> images, env -> envs) and noted as
 * warnings.
 */
#ifndef RENDER_KUSTOMIZATION_H
#define RENDER_KUSTOMIZATION_H

#include <jansson.h>

#include "../base/buf.h"
#include "../doc/yaml.h"

struct strlist {
	char **v;
	size_t n, alloc;
};

void strlist_add(struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

struct kustomization {
	char *dir;   /* absolute directory, symlinks resolved */
	char *path;  /* absolute path of the file */
	char *shown; /* the path as shown in messages */
	json_t *doc; /* checked, with canonical field names */
	struct doc_posmap *pos;
	int is_component;
};

/*
 * kustomization_load: find and read the kustomization file of dir
 * (kustomization.yaml, .yml or Kustomization).  shown_dir is how the
 * directory is named in messages.  Warnings (deprecated fields) are
 * appended to warnings.  Errors: ERR_NOTFOUND (no file), ERR_CONFLICT
 * (several), ERR_INVALID (bad content), ERR_UNSUPPORTED (a field argolab
 * does not implement).
 */
int kustomization_load(const char *dir, const char *shown_dir,
		       struct strlist *warnings, struct kustomization **out);
void kustomization_free(struct kustomization *k);

/*
 * kustomization_where: "file:line:col" of the node at pointer (e.g.
 * "/patches/0/path") in the file, or the file name alone.
 */
void kustomization_where(const struct kustomization *k, const char *pointer,
			 struct buf *out);

/* kustomization_where_value: the same, for the node's value. */
void kustomization_where_value(const struct kustomization *k,
			       const char *pointer, struct buf *out);

/* Accessors that tolerate absent or null fields. */
const char *kz_str(const json_t *obj, const char *key);
json_t *kz_list(const json_t *obj, const char *key); /* NULL if absent */
json_t *kz_map(const json_t *obj, const char *key);

#endif
