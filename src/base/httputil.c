/*
 * httputil: see httputil.h.
 */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "alloc.h"
#include "err.h"
#include "httputil.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_OK;

/* libcurl may ask for 0 bytes; xmalloc dies only when memory is gone */
static void *curl_xmalloc(size_t n)
{
	return xmalloc(n ? n : 1);
}

static void *curl_xrealloc(void *p, size_t n)
{
	return xrealloc(p, n ? n : 1);
}

static char *curl_xstrdup(const char *s)
{
	return xstrdup(s);
}

static void *curl_xcalloc(size_t nmemb, size_t size)
{
	return xcalloc(nmemb ? nmemb : 1, size ? size : 1);
}

static void curl_setup(void)
{
	curl_init_rc = curl_global_init_mem(CURL_GLOBAL_DEFAULT, curl_xmalloc,
					    free, curl_xrealloc, curl_xstrdup,
					    curl_xcalloc);
}

int httputil_curl_init(void)
{
	pthread_once(&curl_once, curl_setup);
	if (curl_init_rc != CURLE_OK)
		return err_set(ERR_GENERIC, "libcurl could not start: %s",
			       curl_easy_strerror(curl_init_rc));
	return 0;
}

long http_retry_after_ms(const char *value, long long now)
{
	const char *p = value;
	struct tm tm;
	char *end;
	long long secs;

	while (*p == ' ' || *p == '\t')
		p++;
	if (isdigit((unsigned char)*p)) {
		errno = 0;
		secs = strtoll(p, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
			end++;
		if (*end || errno || secs > 86400LL * 365)
			return -1;
		return (long)(secs * 1000);
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(p, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!end)
		return -1;
	secs = (long long)timegm(&tm) - now;
	if (secs < 0)
		secs = 0;
	if (secs > 86400LL * 365)
		return -1;
	return (long)(secs * 1000);
}

void http_header_retry_after(const char *data, size_t len, long *out_ms)
{
	static const char name[] = "retry-after:";
	char v[256];

	if (len <= sizeof(name) - 1 || len >= sizeof(v) ||
	    strncasecmp(data, name, sizeof(name) - 1))
		return;
	memcpy(v, data + sizeof(name) - 1, len - (sizeof(name) - 1));
	v[len - (sizeof(name) - 1)] = '\0';
	*out_ms = http_retry_after_ms(v, (long long)time(NULL));
}

int http_status_retryable(long s)
{
	return s == 408 || s == 429 || (s >= 500 && s != 501 && s != 505 && s < 600);
}

long http_backoff_ms(int attempt, long base_ms, long ceiling_ms,
		     long retry_after_ms, long retry_after_max_ms)
{
	long wait = base_ms;
	int k;

	for (k = 1; k < attempt && wait < ceiling_ms; k++)
		wait *= 2;
	if (wait > ceiling_ms)
		wait = ceiling_ms;
	if (retry_after_ms >= 0)
		wait = retry_after_ms < retry_after_max_ms ? retry_after_ms
							   : retry_after_max_ms;
	return wait;
}

void sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
