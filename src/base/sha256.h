/*
 * sha256: content hashing for pins and the cache (OpenSSL libcrypto).
 */
#ifndef BASE_SHA256_H
#define BASE_SHA256_H

#include <stddef.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN 64

struct sha256_ctx {
	void *md; /* EVP_MD_CTX */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *p, size_t n);
/* sha256_final: write the digest and release the context. */
void sha256_final(struct sha256_ctx *c, unsigned char out[SHA256_LEN]);

/* sha256_buf: digest of one buffer. */
void sha256_buf(const void *p, size_t n, unsigned char out[SHA256_LEN]);
/* sha256_hex: lower-case hex digest of one buffer, NUL-terminated. */
void sha256_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1]);
/* hex_encode: 2*n lower-case hex digits plus NUL into out. */
void hex_encode(const unsigned char *p, size_t n, char *out);

#endif
