/*
 * alloc: die-on-OOM wrappers.  See alloc.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "alloc.h"

static void die_oom(size_t n)
{
	char msg[96];
	int len;

	/* Avoid stdio buffers: we may be here because malloc failed. */
	len = snprintf(msg, sizeof(msg),
		       "fatal: out of memory (allocating %zu bytes)\n", n);
	if (len > 0 && write(2, msg, (size_t)len) < 0)
		_exit(1);
	_exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die_oom(n);
	return q;
}

void *xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		die_oom(SIZE_MAX);
	return xrealloc(p, nmemb * size);
}

char *xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	const char *end = memchr(s, '\0', n);

	return xmemdup(s, end ? (size_t)(end - s) : n);
}

char *xmemdup(const void *p, size_t n)
{
	char *q;

	if (n == SIZE_MAX)
		die_oom(n);
	q = xmalloc(n + 1);
	if (n)
		memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

static void jansson_free(void *p)
{
	free(p);
}

void alloc_setup_libraries(void)
{
	json_set_alloc_funcs(xmalloc, jansson_free);
	/* fix jansson's hash seed before any thread creates objects */
	json_object_seed(0);
}
