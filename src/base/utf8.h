/*
 * utf8: validity as Go's utf8.Valid defines it (no overlong forms, no
 * surrogates, nothing above U+10FFFF).
 */
#ifndef BASE_UTF8_H
#define BASE_UTF8_H

#include <stddef.h>

#include "buf.h"

int utf8_valid(const void *p, size_t n);

/* utf8_seq_len: the length of the valid sequence at p[i] (i < n), or 0 */
size_t utf8_seq_len(const void *p, size_t n, size_t i);

/* utf8_encode: append code point cp (at most 0x10FFFF) as UTF-8 */
void utf8_encode(struct buf *out, unsigned long cp);

/*
 * utf8_sanitize: append (p, n) to out with every byte that does not start
 * a valid sequence replaced by U+FFFD, as Go's JSON encoder does.
 */
void utf8_sanitize(struct buf *out, const void *p, size_t n);

#endif
