/*
 * buf: the one growable byte buffer (git strbuf, curl dynbuf).
 *
 * Invariants: ptr is never NULL and ptr[len] == '\0', so a buf is always
 * a valid C string as well as a binary-safe byte range.  BUF_INIT points
 * at a shared empty string and allocates nothing until the first add.
 *
 * A buffer may carry a maximum size (max > 0).  An add that would make
 * len exceed max fails with ERR_TOOBIG, leaves the buffer unchanged and
 * sets the last error; data from files and the network always goes into
 * a capped buffer.  With max == 0 adds cannot fail (OOM dies).
 */
#ifndef BASE_BUF_H
#define BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t alloc; /* 0 while ptr is the shared empty string */
	size_t max;   /* 0: no cap */
};

extern char buf_empty_[1];
#define BUF_INIT { buf_empty_, 0, 0, 0 }

void buf_init(struct buf *b, size_t max);
/* buf_release: free the memory and return to the BUF_INIT state. */
void buf_release(struct buf *b);
/* buf_detach: hand the string to the caller (free() it); b is reset. */
char *buf_detach(struct buf *b, size_t *len_out);

/* buf_grow: make room for n more bytes (plus the NUL). */
int buf_grow(struct buf *b, size_t n);
void buf_setlen(struct buf *b, size_t len);
static inline void buf_reset(struct buf *b)
{
	buf_setlen(b, 0);
}

int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc_slow(struct buf *b, char c);
static inline int buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->alloc && !b->max) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return buf_addc_slow(b, c);
}
/* buf_addch: append n copies of c. */
int buf_addch(struct buf *b, char c, size_t n);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);

/* buf_eq: whether the contents equal the NUL-terminated s. */
int buf_eq(const struct buf *b, const char *s);

#endif
