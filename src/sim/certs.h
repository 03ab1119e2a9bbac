/*
 * certs: the simulated cluster's certificate authority and serving
 * certificate (OpenSSL libcrypto).
 *
 * A fresh ECDSA P-256 CA signs a serving certificate for 127.0.0.1,
 * ::1 and localhost (Go's TLS, and so kubectl, refuses certificates
 * without a subject alternative name).  Both last a year; a CA that
 * has expired or expires within a day is replaced at start.
 */
#ifndef SIM_CERTS_H
#define SIM_CERTS_H

#include "../base/buf.h"

struct sim_certs {
	struct buf ca_pem;   /* CA certificate */
	struct buf cert_pem; /* serving certificate */
	struct buf key_pem;  /* serving key (PKCS#8, unencrypted): secret */
};

void sim_certs_init(struct sim_certs *c);
void sim_certs_release(struct sim_certs *c);

/* sim_certs_generate: a new CA and serving certificate. ERR_GENERIC with
 * OpenSSL's reason on failure. */
int sim_certs_generate(struct sim_certs *c);

/*
 * sim_certs_still_valid: whether the PEM certificate is valid now and
 * for at least another day.
 */
int sim_certs_still_valid(const char *pem);

#endif
