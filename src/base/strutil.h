/*
 * strutil: small string helpers shared by the layers above.
 */
#ifndef BASE_STRUTIL_H
#define BASE_STRUTIL_H

#include <stddef.h>

/*
 * str_edit_distance: Levenshtein distance between a and b, used to
 * suggest what the user probably meant ("did you mean 'resources'?").
 */
size_t str_edit_distance(const char *a, const char *b);

/*
 * str_has_ctl: whether (s, n) holds a control byte (below 0x20, or
 * 0x7f), which must not reach an HTTP header (a token, a password).
 */
int str_has_ctl(const char *s, size_t n);

/* str_hex_digit: the value of hexadecimal digit c, or -1 */
int str_hex_digit(int c);

#endif
