/*
 * fuzz_json: doc/json's reader and writer side by side with jansson's.
 *
 * The input is read by json_loadb and doc_json_load with the flags 0,
 * JSON_REJECT_DUPLICATES and JSON_DECODE_ANY.  Checked:
 *
 *   - no crash, leak or sanitizer report;
 *   - both refuse the same inputs, and what both accept is the same tree
 *     (json_equal: integers and reals told apart); one exception, where
 *     doc_json is stricter: a NUL byte after a number or literal, which
 *     jansson skips;
 *   - doc_json_dump writes, byte for byte, what json_dumps(JSON_COMPACT |
 *     JSON_ENCODE_ANY) writes, with and without sorted keys;
 *   - doc_json_load_keys keeping "metadata" and "status" refuses what
 *     doc_json_load refuses, and otherwise gives the full tree's members
 *     of those names only.
 *
 * A violated property calls abort() after printing the input on stderr,
 * so libFuzzer saves it as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../src/base/buf.h"
#include "../../src/doc/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const uint8_t *data, size_t size)
{
	fprintf(stderr, "fuzz_json: %s\n---- input (%zu bytes) ----\n", why, size);
	fwrite(data, 1, size, stderr);
	fprintf(stderr, "\n---- end ----\n");
	abort();
}

static void check_dump(const json_t *v, unsigned ours, size_t theirs,
		       const uint8_t *data, size_t size)
{
	char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | theirs);
	struct buf got = BUF_INIT;

	doc_json_dump(&got, v, ours);
	if (!want || strcmp(want, got.ptr ? got.ptr : ""))
		fail("doc_json_dump differs from json_dumps", data, size);
	free(want);
	buf_release(&got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t flags[] = { 0, JSON_REJECT_DUPLICATES, JSON_DECODE_ANY };
	static const char *const keep[] = { "metadata", "status", NULL };
	const char *text = (const char *)data;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		json_t *j = json_loadb(text, size, flags[i], NULL);
		json_t *d = doc_json_load(text, size, flags[i], NULL);

		/* jansson drops a NUL byte right after a number or a literal
		 * ("[5\0]" reads as [5]); doc_json refuses it (json.h) */
		if (d ? !j : (j && !memchr(data, 0, size)))
			fail(j ? "refused what jansson accepts" : "accepted what jansson refuses",
			     data, size);
		if (j && d && !json_equal(j, d))
			fail("a different tree from jansson's", data, size);
		if (d) {
			check_dump(d, 0, 0, data, size);
			check_dump(d, DOC_JSON_SORT_KEYS, JSON_SORT_KEYS, data, size);
		}
		if (flags[i] == 0) {
			json_t *k = doc_json_load_keys(text, size, keep, NULL);

			if (!k != !d)
				fail("doc_json_load_keys and doc_json_load disagree", data, size);
			if (json_is_object(d)) {
				json_t *want = json_object();
				size_t m;

				for (m = 0; keep[m]; m++)
					if (json_object_get(d, keep[m]))
						json_object_set(want, keep[m], json_object_get(d, keep[m]));
				if (!json_equal(want, k))
					fail("doc_json_load_keys kept the wrong members", data, size);
				json_decref(want);
			} else if (d && !json_equal(d, k)) {
				fail("doc_json_load_keys read a non-object differently", data, size);
			}
			json_decref(k);
		}
		json_decref(j);
		json_decref(d);
	}
	return 0;
}
