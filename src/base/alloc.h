/*
 * alloc: the one allocation policy of argolab.
 *
 * Running out of memory is not an error we try to recover from: every
 * allocation goes through these wrappers, which print one line and exit
 * when the system refuses memory or when a size computation overflows.
 * This removes an error path from nearly every function (git wrapper.c,
 * tmux xmalloc.c).  Input that could make us allocate without bound is
 * capped where it is read (see buf.h), never here.
 */
#ifndef BASE_ALLOC_H
#define BASE_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: realloc for nmemb * size bytes, dying on overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xmemdup: copy n bytes and add a NUL terminator. */
char *xmemdup(const void *p, size_t n);

/*
 * ALLOC_GROW(ptr, nr, alloc): make room for nr elements in the array ptr
 * whose capacity is alloc: 4 at first (most lists here are short), then
 * doubling.
 */
#define ALLOC_GROW(x, nr, alloc)                                             \
	do {                                                                 \
		if ((size_t)(nr) > (size_t)(alloc)) {                        \
			size_t alloc_grow_n_ = (size_t)(alloc) ? (size_t)(alloc) * 2 : 4; \
			if (alloc_grow_n_ < (size_t)(nr))                    \
				alloc_grow_n_ = (size_t)(nr);                \
			(x) = xreallocarray((x), alloc_grow_n_, sizeof(*(x))); \
			(alloc) = alloc_grow_n_;                             \
		}                                                            \
	} while (0)

/* Route jansson's allocations through xmalloc; call once at start-up. */
void alloc_setup_libraries(void);

#endif
