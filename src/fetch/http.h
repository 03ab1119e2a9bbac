/*
 * http: one GET of an upstream file, done carefully (libcurl).
 *
 * What a download of a pinned file needs and no more: a connect timeout,
 * a stall timeout (no byte for N seconds) and an overall deadline; a cap
 * on the body, enforced from Content-Length before the body arrives and
 * again while it arrives; redirects followed by hand, at most
 * max_redirects of them, each hop checked by the same rule as the first
 * URL (https anywhere; plain http only to a loopback host, for tests and
 * local mirrors); retries with exponential backoff on 408, 429, 5xx and
 * on dropped or stalled connections, honouring Retry-After (seconds or an
 * HTTP date) up to a ceiling.  TLS peers are always verified, against the
 * system's trust store or ca_file.
 *
 * Nothing here prints.  Credentials in URLs (user:password@, and query
 * parameters named like token, sig or key) never reach a message: every
 * URL shown goes through http_url_redact.
 */
#ifndef FETCH_HTTP_H
#define FETCH_HTTP_H

#include <stddef.h>

#include "../base/buf.h"

/* every field 0 (or NULL) means the default given beside it */
struct http_opts {
	long connect_timeout_ms;  /* 10 s */
	long stall_timeout_ms;    /* 30 s without a byte: give up the try */
	long total_timeout_ms;    /* 10 min per try */
	size_t max_body;          /* 256 MiB */
	int max_redirects;        /* 5; a negative value: none followed */
	int max_attempts;         /* 5 */
	long backoff_ms;          /* 500, doubled per retry, at most 30 s */
	long retry_after_max_ms;  /* 60 s: a longer Retry-After is cut to this */
	const char *ca_file;      /* PEM bundle to trust instead of the system's */
	/* called as data arrives when the size is known (0 total: unknown) */
	void (*progress)(void *ctx, const char *url, unsigned long long now,
			 unsigned long long total);
	void *progress_ctx;
};

/*
 * http_get: GET url into out (reset first; capped at max_body) following
 * the rules above.  Errors: ERR_INVALID (a URL we refuse: not https, or
 * plain http to a host that is not loopback), ERR_NOTFOUND (404 or 410),
 * ERR_HTTP (any other status after the retries; a redirect limit; TLS
 * failures, with curl's reason), ERR_TIMEOUT (stalled or over the
 * deadline on the last try), ERR_TOOBIG (the body passes max_body),
 * ERR_IO (the host cannot be resolved or reached).  The message names
 * the URL, redacted, and how many tries were made.
 */
int http_get(const char *url, const struct http_opts *opts, struct buf *out);

/*
 * http_url_redact: url with any user:password@ part and the values of
 * query parameters that look like credentials replaced by "REDACTED",
 * into out (reset first).
 */
void http_url_redact(struct buf *out, const char *url);

#endif
