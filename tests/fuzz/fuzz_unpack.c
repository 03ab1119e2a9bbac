/*
 * fuzz_unpack: release archives (src/fetch/unpack.c) from arbitrary bytes.
 *
 * The input is handed to unpack_archive twice, with no prefix and with
 * the prefix "p", under small limits (so bombs are cheap to find).
 * Checked, besides the absence of crashes, leaks and sanitizer reports:
 *
 *   - on failure an error message is set and the file set is exactly as
 *     it was (one sentinel file, untouched);
 *   - on success every added path is clean (fetch_path_is_clean), no
 *     path appears twice, and the bytes added stay within the limits.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/err.h"
#include "../../src/fetch/files.h"
#include "../../src/fetch/unpack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const char *detail)
{
	fprintf(stderr, "fuzz_unpack: property violated: %s%s%s\n", why,
		detail ? ": " : "", detail ? detail : "");
	abort();
}

static void one(const uint8_t *data, size_t size, const char *prefix)
{
	struct unpack_limits lim = { 1 << 20, 1 << 18, 256 };
	struct fetch_files out = FETCH_FILES_INIT;
	size_t i, j;

	fetch_files_add(&out, "sentinel", "s", 1);
	if (unpack_archive(data, size, "fuzz.tar.gz", prefix, &lim, &out) < 0) {
		if (!*err_last())
			fail("a failure without a message", NULL);
		if (out.n != 1 || strcmp(out.v[0].path, "sentinel") ||
		    out.v[0].len != 1 || out.v[0].data[0] != 's')
			fail("a failure changed the file set", NULL);
		err_clear();
		fetch_files_release(&out);
		return;
	}
	if (out.n < 1 || strcmp(out.v[0].path, "sentinel"))
		fail("the existing file was disturbed", NULL);
	if (fetch_files_total(&out) - 1 > lim.max_total)
		fail("more bytes than max_total", NULL);
	for (i = 1; i < out.n; i++) {
		if (!fetch_path_is_clean(out.v[i].path))
			fail("an unclean path", out.v[i].path);
		if (out.v[i].len > lim.max_file)
			fail("a file over max_file", out.v[i].path);
		for (j = 1; j < i; j++)
			if (!strcmp(out.v[i].path, out.v[j].path))
				fail("a path added twice", out.v[i].path);
	}
	fetch_files_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, NULL);
	one(data, size, "p");
	return 0;
}
