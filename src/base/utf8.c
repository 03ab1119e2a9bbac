/*
 * utf8: UTF-8 validation.  See utf8.h.
 */
#include "utf8.h"

size_t utf8_seq_len(const void *p, size_t n, size_t i)
{
	const unsigned char *s = p;
	unsigned char c = s[i];
	size_t w;
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		w = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		w = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		w = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (i + w > n)
		return 0;
	if (s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	if (w >= 3 && (s[i + 2] < 0x80 || s[i + 2] > 0xBF))
		return 0;
	if (w == 4 && (s[i + 3] < 0x80 || s[i + 3] > 0xBF))
		return 0;
	return w;
}

int utf8_valid(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0, w;

	while (i < n) {
		if (!(w = utf8_seq_len(s, n, i)))
			return 0;
		i += w;
	}
	return 1;
}

void utf8_sanitize(struct buf *out, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i = 0, w;

	while (i < n) {
		if ((w = utf8_seq_len(s, n, i))) {
			buf_add(out, s + i, w);
			i += w;
		} else {
			buf_adds(out, "\xef\xbf\xbd");
			i++;
		}
	}
}

void utf8_encode(struct buf *out, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addc(out, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, u, 4);
	}
}
