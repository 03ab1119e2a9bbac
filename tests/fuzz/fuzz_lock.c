/*
 * fuzz_lock: the lock file parser (src/fetch/lock.c) on arbitrary bytes.
 *
 * Checked, besides the absence of crashes, leaks and sanitizer reports:
 *
 *   - a failed parse sets a message that starts with the file name and
 *     leaves the lock empty;
 *   - a parsed lock upholds the model's invariants: every path is clean
 *     (fetch_path_is_clean), files are sorted and unique, digests are
 *     64 lower-case hex digits, every resource is a pinned file;
 *   - the canonical form round-trips: lock_format of the parsed lock
 *     parses again, and formatting that gives the identical bytes.
 *
 * A violated property calls abort() after printing what it saw.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/buf.h"
#include "../../src/base/err.h"
#include "../../src/fetch/files.h"
#include "../../src/fetch/lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const char *text)
{
	fprintf(stderr, "fuzz_lock: property violated: %s\n", why);
	if (text)
		fprintf(stderr, "---- text ----\n%s\n---- end ----\n", text);
	abort();
}

static int hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

static void check_model(const struct lock *l)
{
	size_t i, j;

	for (i = 0; i < l->npins; i++) {
		const struct lock_pin *p = &l->pins[i];

		if (!fetch_path_is_clean(p->upstream) || strchr(p->upstream, '/') ||
		    !fetch_path_is_clean(p->ref) || strchr(p->ref, '/'))
			fail("an upstream or ref that is not one clean component", NULL);
		for (j = 0; j < p->nfiles; j++) {
			if (!fetch_path_is_clean(p->files[j].path))
				fail("an unclean file path", p->files[j].path);
			if (!hex64(p->files[j].sha256))
				fail("a bad digest", p->files[j].sha256);
			if (j && strcmp(p->files[j - 1].path, p->files[j].path) >= 0)
				fail("files not sorted and unique", p->files[j].path);
		}
		/* (a pin still to be resolved, files: [], may name any resource) */
		for (j = 0; j < p->resources.n && p->nfiles; j++)
			if (!lock_pin_has_path(p, p->resources.v[j]))
				fail("a resource that is not pinned", p->resources.v[j]);
		for (j = 0; j < p->paths.n; j++)
			if (!fetch_path_is_clean(p->paths.v[j]))
				fail("an unclean source path", p->paths.v[j]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lock l, again;
	struct buf a = BUF_INIT, b = BUF_INIT;

	if (lock_parse(&l, (const char *)data, size, "lock.yaml") < 0) {
		if (strncmp(err_last(), "lock.yaml", 9))
			fail("an error message without the file name", err_last());
		if (l.npins || l.pins)
			fail("a failed parse left pins behind", NULL);
		err_clear();
		return 0;
	}
	check_model(&l);
	lock_format(&a, &l);
	if (lock_parse(&again, a.ptr, a.len, "formatted") < 0) {
		fprintf(stderr, "error: %s\n", err_last());
		fail("the canonical form does not parse", a.ptr);
	}
	lock_format(&b, &again);
	if (a.len != b.len || memcmp(a.ptr, b.ptr, a.len))
		fail("formatting is not stable", b.ptr);
	lock_release(&l);
	lock_release(&again);
	buf_release(&a);
	buf_release(&b);
	return 0;
}
