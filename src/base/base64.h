/*
 * base64: the standard alphabet with padding (RFC 4648 section 4), as
 * Go's base64.StdEncoding writes it; used for Secret data and !!binary.
 */
#ifndef BASE_BASE64_H
#define BASE_BASE64_H

#include <stddef.h>

#include "buf.h"

/* base64_encode: append the encoding of (p, n) to out. */
void base64_encode(struct buf *out, const void *p, size_t n);
/*
 * base64_decode: append the decoded bytes; whitespace and line breaks
 * are skipped.  ERR_INVALID on any other bad input (out unchanged).
 */
int base64_decode(struct buf *out, const char *s, size_t n);

#endif
