/*
 * fuzz_yamlfast: the fast block-YAML reader (doc_yaml_fast) side by
 * side with libyaml's (doc_yaml_load with DOC_LOAD_FIRST_ONLY), on one
 * piece of a stream as doc_yaml_load_pieces gives it.  Checked:
 *
 *   - no crash, leak or sanitizer report;
 *   - whatever the fast reader takes, libyaml's reader takes too, with
 *     the same document (json_equal) starting at the same line and
 *     column; the fast reader may decline anything (it then costs one
 *     libyaml read, nothing else).
 *
 * A violated property calls abort() after printing both sides on
 * stderr, so libFuzzer saves the input as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../src/base/err.h"
#include "../../src/doc/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const uint8_t *data, size_t size,
		 const json_t *fast, const json_t *slow)
{
	char *a = fast ? json_dumps(fast, JSON_ENCODE_ANY) : NULL;
	char *b = slow ? json_dumps(slow, JSON_ENCODE_ANY) : NULL;

	fprintf(stderr, "fuzz_yamlfast: %s\n---- input (%zu bytes) ----\n", why, size);
	fwrite(data, 1, size, stderr);
	fprintf(stderr, "\n---- fast ----\n%s\n---- libyaml ----\n%s\n---- end ----\n",
		a ? a : "(none)", b ? b : "(none)");
	free(a);
	free(b);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	struct doc_pos root = { 0, 0 }, k, v;
	json_t *fast = NULL, *docs = NULL;
	const char *text = (const char *)data;

	if (!doc_yaml_fast(text, size, 0, &fast, &root))
		return 0;
	o.flags = DOC_LOAD_FIRST_ONLY;
	o.pos = doc_posmap_new();
	if (doc_yaml_load(text, size, &o, &docs) < 0) {
		fprintf(stderr, "libyaml: %s\n", err_last());
		fail("the fast reader took what libyaml refuses", data, size, fast, NULL);
	}
	if (json_array_size(docs) != 1)
		fail("libyaml read no document", data, size, fast, docs);
	if (!json_equal(fast, json_array_get(docs, 0)))
		fail("a different document", data, size, fast, json_array_get(docs, 0));
	if (doc_posmap_get(o.pos, "/0", &k, &v) < 0 || v.line != root.line || v.col != root.col) {
		fprintf(stderr, "root at %u:%u, libyaml says %u:%u\n", root.line, root.col,
			v.line, v.col);
		fail("the root starts elsewhere", data, size, fast, json_array_get(docs, 0));
	}
	doc_posmap_free(o.pos);
	json_decref(docs);
	json_decref(fast);
	return 0;
}
