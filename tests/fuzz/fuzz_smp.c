/*
 * fuzz_smp: the three patch engines (src/doc/patch.h) on arbitrary
 * documents.
 *
 * The input is a YAML stream (read as kustomize reads resources and
 * patches, go-yaml v3 rules).  Its first document is the target; every
 * following document is a patch, applied in order, as kustomize applies
 * several patches to one resource (at most 8 patches):
 *
 *   - smp_apply when target and patch are mappings;
 *   - json_patch_apply when the patch is a sequence (RFC 6902 ops);
 *   - merge_patch_apply for every patch (RFC 7386), on its own copy of
 *     the target, compared with a small reference implementation below.
 *
 * Checked, besides the absence of crashes, leaks and sanitizer reports:
 *
 *   - the patch is never modified (each function takes it as const);
 *   - when smp_apply or json_patch_apply fails, the target is unchanged
 *     (json_equal to a copy taken before) and an error message is set;
 *     json_patch_apply's json_patch_error names an existing operation
 *     and a field among op/path/from (or none);
 *   - smp_apply returns SMP_MERGED or SMP_DELETED or a negative code, and
 *     after SMP_MERGED the target is still a mapping;
 *   - every result can be emitted as YAML (doc_yaml_emit succeeds);
 *   - merge_patch_apply gives exactly what RFC 7386's pseudo-code gives.
 *
 * A violated property calls abort() after printing the values involved.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/doc/patch.h"
#include "../../src/doc/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void dump(const char *what, const json_t *v)
{
	char *s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_SORT_KEYS) : NULL;

	fprintf(stderr, "%s: %s\n", what, s ? s : "(NULL)");
	free(s);
}

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_smp: property violated: %s\n", why);
	fprintf(stderr, "last error: %s\n", err_last());
	abort();
}

static void must_emit(const json_t *v)
{
	struct buf b = BUF_INIT;

	if (doc_yaml_emit(&b, v) < 0) {
		dump("value", v);
		fail("a patched document cannot be emitted");
	}
	buf_release(&b);
}

/* RFC 7386 section 2, written functionally: returns a new reference. */
static json_t *ref_merge_patch(const json_t *target, const json_t *patch)
{
	json_t *out, *v;
	const char *k;

	if (!json_is_object(patch))
		return json_deep_copy(patch);
	out = json_is_object(target) ? json_deep_copy(target) : json_object();
	json_object_foreach((json_t *)patch, k, v) {
		if (json_is_null(v))
			json_object_del(out, k);
		else
			json_object_set_new(out, k,
				ref_merge_patch(json_object_get(out, k), v));
	}
	return out;
}

static void check_merge_patch(const json_t *target, const json_t *patch)
{
	json_t *t = json_deep_copy(target);
	json_t *want = ref_merge_patch(target, patch);

	merge_patch_apply(&t, patch);
	if (!json_equal(t, want)) {
		dump("target", target);
		dump("patch", patch);
		dump("merge_patch_apply", t);
		dump("RFC 7386", want);
		fail("merge_patch_apply differs from RFC 7386");
	}
	must_emit(t);
	json_decref(t);
	json_decref(want);
}

/* Returns the new target (a reference), or NULL when it was deleted. */
static json_t *apply_one(json_t *target, const json_t *patch)
{
	json_t *before = json_deep_copy(target);
	json_t *pcopy = json_deep_copy(patch);
	int rc;

	check_merge_patch(target, patch);
	if (!json_equal(patch, pcopy))
		fail("merge_patch_apply modified the patch");

	if (json_is_array(patch)) {
		struct json_patch_error where = { (size_t)-1, NULL };

		err_clear();
		rc = json_patch_apply(&target, patch, &where);
		if (rc < 0) {
			if (!*err_last())
				fail("json_patch_apply failed without a message");
			if (where.op >= json_array_size(patch)) {
				fprintf(stderr, "where.op = %zu of %zu\n", where.op,
					json_array_size(patch));
				fail("json_patch_apply blames an operation that does not exist");
			}
			if (where.field && strcmp(where.field, "op") &&
			    strcmp(where.field, "path") && strcmp(where.field, "from"))
				fail("json_patch_apply blames an unknown field");
			if (!json_equal(target, before)) {
				dump("before", before);
				dump("after", target);
				fail("json_patch_apply failed but changed the target");
			}
		} else if (rc != 0) {
			fail("json_patch_apply returned a positive value");
		} else {
			must_emit(target);
		}
		if (!json_equal(patch, pcopy))
			fail("json_patch_apply modified the patch");
	}

	if (json_is_object(target) && json_is_object(patch)) {
		err_clear();
		json_decref(before);
		before = json_deep_copy(target);
		rc = smp_apply(&target, patch);
		if (!json_equal(patch, pcopy))
			fail("smp_apply modified the patch");
		if (rc < 0) {
			if (!*err_last())
				fail("smp_apply failed without a message");
			if (!json_equal(target, before)) {
				dump("before", before);
				dump("after", target);
				fail("smp_apply failed but changed the target");
			}
		} else if (rc == SMP_DELETED) {
			json_decref(target);
			target = NULL;
		} else if (rc == SMP_MERGED) {
			if (!json_is_object(target)) {
				dump("after", target);
				fail("smp_apply merged into a non-mapping");
			}
			must_emit(target);
		} else {
			fail("smp_apply returned an unknown result");
		}
	}
	json_decref(before);
	json_decref(pcopy);
	return target;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	json_t *docs = NULL, *target;
	size_t i;

	o.name = "fuzz.yaml";
	/* keep alias expansion small: the engines, not the loader, are tested */
	o.max_alias_nodes = 10000;
	if (doc_yaml_load((const char *)data, size, &o, &docs) < 0) {
		err_clear();
		return 0;
	}
	if (json_array_size(docs) < 2) {
		json_decref(docs);
		return 0;
	}
	target = json_incref(json_array_get(docs, 0));
	/* the loaded documents must not be touched through target */
	{
		json_t *t = json_deep_copy(target);

		json_decref(target);
		target = t;
	}
	if (json_is_object(target)) {
		const char *av = json_string_value(json_object_get(target, "apiVersion"));
		const char *kind = json_string_value(json_object_get(target, "kind"));

		if (av && kind) {
			(void)smp_list_keys(av, kind, "spec.template.spec.containers");
			(void)smp_list_keys(av, kind, "spec.containers");
			(void)smp_list_keys(av, kind, "metadata.finalizers");
		}
	}
	/*
	 * At most 8 patches: kyaml (and so argolab) appends list elements that
	 * lack a merge key once per missing key, so such a list can double
	 * with every patch, in kubectl as here.
	 */
	for (i = 1; i < json_array_size(docs) && i <= 8 && target; i++)
		target = apply_one(target, json_array_get(docs, i));
	json_decref(target);
	json_decref(docs);
	err_clear();
	return 0;
}
