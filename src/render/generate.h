/*
 * generate: configMapGenerator and secretGenerator, and the content hash
 * appended to generated names.
 *
 * Sources are read as kustomize v5.5.0 reads them (env files line by
 * line with its exact rules, literals split at the first '=', files
 * keyed by base name); text that is not UTF-8 goes to binaryData; Secret
 * values and binary data are base64 wrapped at 70 columns as kyaml does.
 * A generated object that names an existing one is merged or replaces
 * it according to `behavior`.  The hash suffix is computed last, over
 * the final content, with kustomize's (name-less) hash input.
 */
#ifndef RENDER_GENERATE_H
#define RENDER_GENERATE_H

#include "kustomization.h"
#include "res.h"

struct gen_ctx {
	const struct kustomization *k;
	int restrict_loads; /* files must be inside the kustomization root */
};

/* gen_run: run k's generators and absorb the objects into ra. */
int gen_run(const struct gen_ctx *c, struct resmap *ra);

/*
 * gen_hash_suffix: the 10-character suffix kustomize derives from a
 * ConfigMap or Secret object (exposed for tests).
 */
void gen_hash_suffix(const json_t *obj, char out[11]);

/* gen_add_hashes: append the suffix to every resource that wants one. */
void gen_add_hashes(struct resmap *m);

/*
 * gen_parse_env: parse env-file content into [key, value] pairs appended
 * to the JSON array out_pairs, following kustomize's rules (exposed for
 * tests).  ERR_INVALID for a
 * line that is not UTF-8.
 */
int gen_parse_env(const char *data, size_t len, const char *name,
		  json_t *out_pairs);

/* gen_base64_wrapped: kyaml's encodeBase64 (70-column lines). */
void gen_base64_wrapped(struct buf *out, const void *p, size_t n);

#endif
