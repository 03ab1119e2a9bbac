/*
 * sha256: thin wrapper over OpenSSL's EVP interface.  Failures of
 * libcrypto here can only mean memory exhaustion, so they abort.
 */
#include <stdlib.h>

#include <openssl/evp.h>

#include "sha256.h"

void sha256_init(struct sha256_ctx *c)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		abort();
	c->md = md;
}

void sha256_update(struct sha256_ctx *c, const void *p, size_t n)
{
	if (EVP_DigestUpdate(c->md, p, n) != 1)
		abort();
}

void sha256_final(struct sha256_ctx *c, unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(c->md, out, &len) != 1 || len != SHA256_LEN)
		abort();
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

void sha256_buf(const void *p, size_t n, unsigned char out[SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final(&c, out);
}

void hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void sha256_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1])
{
	unsigned char d[SHA256_LEN];

	sha256_buf(p, n, d);
	hex_encode(d, SHA256_LEN, out);
}
