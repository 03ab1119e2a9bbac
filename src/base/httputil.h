/*
 * httputil: what every HTTP client of argolab shares, whatever it talks
 * to (upstream file servers in fetch/, the Kubernetes API in kube/):
 * libcurl's one-time start-up with our allocator, the Retry-After
 * header, which statuses are worth another try, and the backoff between
 * tries.  The policies live here so both clients retry alike.
 */
#ifndef BASE_HTTPUTIL_H
#define BASE_HTTPUTIL_H

#include <stddef.h>

/*
 * httputil_curl_init: curl_global_init_mem with the x* allocators, once
 * per process (thread-safe).  0, or ERR_GENERIC with libcurl's reason.
 */
int httputil_curl_init(void);

/*
 * http_retry_after_ms: the wait a Retry-After header value asks for, in
 * milliseconds, relative to now (a Unix time in seconds); -1 when the
 * value is neither delta-seconds nor an HTTP date.
 */
long http_retry_after_ms(const char *value, long long now);

/*
 * http_header_retry_after: when the raw header line data (as libcurl's
 * HEADERFUNCTION hands it, "Name: value\r\n") is a Retry-After, its
 * wait in ms (see above) into *out_ms; other lines leave *out_ms alone.
 */
void http_header_retry_after(const char *data, size_t len, long *out_ms);

/* http_status_retryable: 408, 429 and the 5xx that may pass (not 501, 505). */
int http_status_retryable(long status);

/*
 * http_backoff_ms: the wait before try number attempt + 1 (attempt >= 1
 * tries made): base_ms doubled per try, at most ceiling_ms, unless the
 * server asked for retry_after_ms (>= 0), which wins up to
 * retry_after_max_ms.
 */
long http_backoff_ms(int attempt, long base_ms, long ceiling_ms,
		     long retry_after_ms, long retry_after_max_ms);

/* sleep_ms: sleep ms milliseconds, through signals. */
void sleep_ms(long ms);

#endif
