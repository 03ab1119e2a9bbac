/*
 * certs: see certs.h.
 */
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "../base/err.h"
#include "certs.h"

#define VALID_SECONDS (365L * 24 * 3600)

void sim_certs_init(struct sim_certs *c)
{
	buf_init(&c->ca_pem, 0);
	buf_init(&c->cert_pem, 0);
	buf_init(&c->key_pem, 0);
}

void sim_certs_release(struct sim_certs *c)
{
	/* the key is a secret: do not leave it in freed memory */
	if (c->key_pem.alloc)
		OPENSSL_cleanse(c->key_pem.ptr, c->key_pem.alloc);
	buf_release(&c->ca_pem);
	buf_release(&c->cert_pem);
	buf_release(&c->key_pem);
}

static int ossl_fail(const char *what)
{
	char reason[256];

	ERR_error_string_n(ERR_get_error(), reason, sizeof(reason));
	return err_set(ERR_GENERIC, "%s: %s", what, reason);
}

static EVP_PKEY *new_key(void)
{
	return EVP_EC_gen("P-256");
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return 0;
}

static X509 *new_cert(EVP_PKEY *key, const char *cn, X509 *issuer,
		      EVP_PKEY *issuer_key, int is_ca)
{
	X509 *x = X509_new();
	X509_NAME *name;
	ASN1_INTEGER *serial;
	BIGNUM *bn = BN_new();
	int ok = 0;

	if (!x || !bn)
		goto done;
	X509_set_version(x, 2);
	if (!BN_rand(bn, 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY))
		goto done;
	serial = X509_get_serialNumber(x);
	if (!BN_to_ASN1_INTEGER(bn, serial))
		goto done;
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), VALID_SECONDS);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
				   (const unsigned char *)"argolab", -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)cn, -1, -1, 0);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	if (is_ca) {
		if (add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE") < 0 ||
		    add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign") < 0 ||
		    add_ext(x, x, NID_subject_key_identifier, "hash") < 0)
			goto done;
	} else {
		if (add_ext(x, issuer, NID_basic_constraints, "critical,CA:FALSE") < 0 ||
		    add_ext(x, issuer, NID_key_usage, "critical,digitalSignature") < 0 ||
		    add_ext(x, issuer, NID_ext_key_usage, "serverAuth") < 0 ||
		    add_ext(x, issuer, NID_subject_alt_name,
			    "IP:127.0.0.1,IP:::1,DNS:localhost") < 0)
			goto done;
	}
	if (!X509_sign(x, issuer_key, EVP_sha256()))
		goto done;
	ok = 1;
done:
	BN_free(bn);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static void bio_to_buf(BIO *bio, struct buf *out)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);

	buf_reset(out);
	if (n > 0)
		buf_add(out, data, (size_t)n);
}

int sim_certs_generate(struct sim_certs *c)
{
	EVP_PKEY *ca_key = NULL, *key = NULL;
	X509 *ca = NULL, *cert = NULL;
	BIO *bio = NULL;
	int err = 0;

	ca_key = new_key();
	key = new_key();
	if (!ca_key || !key) {
		err = ossl_fail("cannot make a key");
		goto done;
	}
	ca = new_cert(ca_key, "argolab-sim-ca", NULL, ca_key, 1);
	if (!ca) {
		err = ossl_fail("cannot make the CA certificate");
		goto done;
	}
	cert = new_cert(key, "argolab-sim", ca, ca_key, 0);
	if (!cert) {
		err = ossl_fail("cannot make the serving certificate");
		goto done;
	}
	bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio_X509(bio, ca)) {
		err = ossl_fail("cannot write a certificate");
		goto done;
	}
	bio_to_buf(bio, &c->ca_pem);
	BIO_reset(bio);
	if (!PEM_write_bio_X509(bio, cert)) {
		err = ossl_fail("cannot write a certificate");
		goto done;
	}
	bio_to_buf(bio, &c->cert_pem);
	BIO_free(bio);
	bio = BIO_new(BIO_s_secmem());
	if (!bio || !PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL)) {
		err = ossl_fail("cannot write a key");
		goto done;
	}
	bio_to_buf(bio, &c->key_pem);
done:
	BIO_free(bio);
	X509_free(ca);
	X509_free(cert);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(key);
	return err;
}

int sim_certs_still_valid(const char *pem)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	int ok = 0;

	if (x) {
		time_t soon = time(NULL) + 24 * 3600;

		ok = X509_cmp_current_time(X509_get0_notBefore(x)) < 0 &&
		     X509_cmp_time(X509_get0_notAfter(x), &soon) > 0;
	}
	X509_free(x);
	BIO_free(bio);
	return ok;
}
