/*
 * utf8: validity as Go's utf8.Valid defines it (no overlong forms, no
 * surrogates, nothing above U+10FFFF).
 */
#ifndef BASE_UTF8_H
#define BASE_UTF8_H

#include <stddef.h>

int utf8_valid(const void *p, size_t n);

#endif
