/*
 * utf8: validity as Go's utf8.Valid defines it (no overlong forms, no
 * surrogates, nothing above U+10FFFF).
 */
#ifndef BASE_UTF8_H
#define BASE_UTF8_H

#include <stddef.h>

#include "buf.h"

int utf8_valid(const void *p, size_t n);

/*
 * utf8_sanitize: append (p, n) to out with every byte that does not start
 * a valid sequence replaced by U+FFFD, as Go's JSON encoder does.
 */
void utf8_sanitize(struct buf *out, const void *p, size_t n);

#endif
