/*
 * buf: growable byte buffer.  See buf.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "err.h"

char buf_empty_[1];

void buf_init(struct buf *b, size_t max)
{
	b->ptr = buf_empty_;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	size_t max = b->max;

	if (b->alloc)
		free(b->ptr);
	buf_init(b, max);
}

char *buf_detach(struct buf *b, size_t *len_out)
{
	char *p;

	if (len_out)
		*len_out = b->len;
	if (!b->alloc)
		p = xstrdup("");
	else
		p = b->ptr;
	buf_init(b, b->max);
	return p;
}

int buf_grow(struct buf *b, size_t n)
{
	size_t want;

	if (n > (size_t)-1 - b->len - 1)
		return err_set(ERR_TOOBIG, "buffer size overflow");
	want = b->len + n;
	if (b->max && want > b->max)
		return err_set(ERR_TOOBIG, "input larger than the limit of %zu bytes",
			       b->max);
	if (want + 1 <= b->alloc)
		return 0;
	if (!b->alloc) {
		size_t a = want + 1 < 64 ? 64 : want + 1;

		b->ptr = xmalloc(a);
		b->ptr[0] = '\0';
		b->alloc = a;
		return 0;
	}
	{
		size_t a = b->alloc + b->alloc / 2;

		if (a < want + 1)
			a = want + 1;
		b->ptr = xrealloc(b->ptr, a);
		b->alloc = a;
	}
	return 0;
}

void buf_setlen(struct buf *b, size_t len)
{
	if (!b->alloc) {
		/* Only 0 is valid for the shared empty string. */
		if (len)
			abort();
		return;
	}
	if (len >= b->alloc)
		abort();
	b->len = len;
	b->ptr[len] = '\0';
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	int err;

	if (!n)
		return 0;
	err = buf_grow(b, n);
	if (err < 0)
		return err;
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addc_slow(struct buf *b, char c)
{
	int err;

	err = buf_grow(b, 1);
	if (err < 0)
		return err;
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_addch(struct buf *b, char c, size_t n)
{
	int err;

	if (!n)
		return 0;
	err = buf_grow(b, n);
	if (err < 0)
		return err;
	memset(b->ptr + b->len, c, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	int err;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return err_set(ERR_GENERIC, "bad format string");
	err = buf_grow(b, (size_t)n);
	if (err < 0)
		return err;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return err;
}

int buf_eq(const struct buf *b, const char *s)
{
	size_t n = strlen(s);

	return n == b->len && !memcmp(b->ptr, s, n);
}
