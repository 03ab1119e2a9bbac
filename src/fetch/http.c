/*
 * http: see http.h.
 *
 * One easy handle per try keeps the state of a try from leaking into the
 * next (a half-read body, a stale Retry-After).  Redirects are followed
 * here rather than by libcurl so that every hop passes the same URL rule
 * as the first and the limit is ours to report; libcurl's own error codes
 * are translated to ours in one place, classify().
 */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../base/httputil.h"
#include "../base/log.h"
#include "http.h"

#define DEF_CONNECT_MS 10000L
#define DEF_STALL_MS 30000L
#define DEF_TOTAL_MS 600000L
#define DEF_MAX_BODY ((size_t)256 << 20)
#define DEF_REDIRECTS 5
#define DEF_ATTEMPTS 5
#define DEF_BACKOFF_MS 500L
#define DEF_RETRY_AFTER_MAX_MS 60000L
#define BACKOFF_CEILING_MS 30000L

#ifndef ARGOLAB_VERSION
#define ARGOLAB_VERSION "0"
#endif

/* ------------------------------------------------------------------ */
/* URLs                                                                */

/* the authority of url: [start, end) after "scheme://"; 0 if none */
static int authority(const char *url, const char **start, const char **end)
{
	const char *p = strstr(url, "://");

	if (!p)
		return 0;
	*start = p + 3;
	*end = *start + strcspn(*start, "/?#");
	return 1;
}

static int credential_name(const char *k, size_t n)
{
	static const char *const words[] = { "token", "sig", "key", "secret",
					     "password", "passwd", "auth",
					     "credential", "session", NULL };
	char low[64];
	size_t i;

	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)k[i]);
	low[n] = '\0';
	for (i = 0; words[i]; i++)
		if (strstr(low, words[i]))
			return 1;
	return 0;
}

void http_url_redact(struct buf *out, const char *url)
{
	const char *a, *e, *at = NULL, *p, *q;

	buf_reset(out);
	if (!authority(url, &a, &e)) {
		buf_adds(out, url);
		return;
	}
	for (p = a; p < e; p++)
		if (*p == '@')
			at = p;
	buf_add(out, url, (size_t)(a - url));
	if (at) {
		buf_adds(out, "REDACTED");
		a = at;
	}
	q = strchr(e, '?');
	if (!q) {
		buf_adds(out, a);
		return;
	}
	buf_add(out, a, (size_t)(q + 1 - a));
	p = q + 1;
	while (*p && *p != '#') {
		size_t n = strcspn(p, "&#");
		const char *eq = memchr(p, '=', n);

		if (eq && credential_name(p, (size_t)(eq - p))) {
			buf_add(out, p, (size_t)(eq + 1 - p));
			buf_adds(out, "REDACTED");
		} else {
			buf_add(out, p, n);
		}
		p += n;
		if (*p == '&')
			buf_addc(out, *p++);
	}
	buf_adds(out, p);
}

static int loopback_host(const char *h, size_t n)
{
	if (n == 9 && !strncasecmp(h, "localhost", 9))
		return 1;
	if (n == 5 && !strncmp(h, "[::1]", 5))
		return 1;
	if (n >= 4 && !strncmp(h, "127.", 4)) {
		size_t i;

		for (i = 4; i < n; i++)
			if (!isdigit((unsigned char)h[i]) && h[i] != '.')
				return 0;
		return 1;
	}
	return 0;
}

/*
 * https anywhere; http only to loopback (a test server, a local mirror).
 * Anything else, and URLs with credentials in plain http, are refused.
 */
static int check_url(const char *url, const char *shown)
{
	const char *a, *e, *host, *hend, *p;

	if (!strncasecmp(url, "https://", 8))
		return 0;
	if (strncasecmp(url, "http://", 7) || !authority(url, &a, &e))
		return err_set(ERR_INVALID,
			       "'%s': only https:// URLs are fetched (and file:// through a mirror)",
			       shown);
	host = a;
	for (p = a; p < e; p++)
		if (*p == '@')
			host = p + 1;
	hend = e;
	if (host < e && *host == '[') {
		p = memchr(host, ']', (size_t)(e - host));
		hend = p ? p + 1 : e;
	} else {
		p = memchr(host, ':', (size_t)(e - host));
		if (p)
			hend = p;
	}
	if (!loopback_host(host, (size_t)(hend - host)))
		return err_set(ERR_INVALID,
			       "'%s': plain http is refused for a host that is not loopback; use https",
			       shown);
	return 0;
}

/* ------------------------------------------------------------------ */
/* one try                                                             */

struct try {
	struct buf *out;
	size_t max_body;
	int too_big;
	long retry_after_ms; /* -1: none given */
	const struct http_opts *opts;
	const char *shown;
	unsigned long long last_now;
	long opts_stall_ms;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct try *t = ctx;
	size_t len = size * n;

	if (t->out->len + len > t->max_body) {
		t->too_big = 1;
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	}
	buf_add(t->out, data, len);
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct try *t = ctx;

	http_header_retry_after(data, size * n, &t->retry_after_ms);
	return size * n;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct try *t = ctx;

	(void)ultotal;
	(void)ulnow;
	if (dltotal > 0 && (unsigned long long)dlnow != t->last_now) {
		t->last_now = (unsigned long long)dlnow;
		t->opts->progress(t->opts->progress_ctx, t->shown,
				  (unsigned long long)dlnow,
				  (unsigned long long)dltotal);
	}
	return 0;
}

enum verdict { DONE, REDIRECT, RETRY, FAIL };

struct outcome {
	enum verdict v;
	int err;           /* our code, for RETRY (if last) and FAIL */
	long status;
	struct buf why;    /* what went wrong, for the message */
	struct buf location;
	long retry_after_ms;
};

/* translate a finished try (libcurl's code and the status) into ours */
static void classify(CURL *h, CURLcode rc, const char *errbuf,
		     const struct try *t, struct outcome *o)
{
	char *loc = NULL;

	buf_reset(&o->why);
	o->retry_after_ms = t->retry_after_ms;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &o->status);
	if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		o->v = FAIL;
		o->err = ERR_TOOBIG;
		buf_addf(&o->why, "the body is larger than the %zu-byte limit",
			 t->max_body);
		return;
	}
	if (rc != CURLE_OK) {
		const char *reason = errbuf[0] ? errbuf : curl_easy_strerror(rc);

		buf_adds(&o->why, reason);
		switch (rc) {
		case CURLE_OPERATION_TIMEDOUT:
			buf_reset(&o->why);
			if (strstr(reason, "too slow"))
				buf_addf(&o->why,
					 "timed out: the server sent nothing for %ld s",
					 (t->opts_stall_ms + 999) / 1000);
			else
				buf_addf(&o->why, "timed out: %s", reason);
			o->v = RETRY;
			o->err = ERR_TIMEOUT;
			break;
		case CURLE_RECV_ERROR:
		case CURLE_SEND_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
		case CURLE_HTTP2:
		case CURLE_HTTP2_STREAM:
			o->v = RETRY;
			o->err = ERR_HTTP;
			break;
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
		case CURLE_COULDNT_CONNECT:
			o->v = FAIL;
			o->err = ERR_IO;
			break;
		default: /* TLS verification and everything else: final */
			o->v = FAIL;
			o->err = ERR_HTTP;
			break;
		}
		return;
	}
	if (o->status >= 200 && o->status < 300) {
		o->v = DONE;
		o->err = 0;
		return;
	}
	if (o->status >= 300 && o->status < 400 && o->status != 304) {
		curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
		if (loc) {
			buf_reset(&o->location);
			buf_adds(&o->location, loc);
			o->v = REDIRECT;
			o->err = 0;
			return;
		}
		buf_addf(&o->why, "status %ld without a Location", o->status);
		o->v = FAIL;
		o->err = ERR_HTTP;
		return;
	}
	buf_addf(&o->why, "status %ld", o->status);
	if (o->status == 404 || o->status == 410) {
		o->v = FAIL;
		o->err = ERR_NOTFOUND;
	} else if (http_status_retryable(o->status)) {
		o->v = RETRY;
		o->err = ERR_HTTP;
	} else {
		o->v = FAIL;
		o->err = ERR_HTTP;
	}
}

static void one_try(const char *url, const char *shown,
		    const struct http_opts *opts, const struct http_opts *d,
		    struct buf *out, struct outcome *o)
{
	char errbuf[CURL_ERROR_SIZE];
	struct try t;
	CURL *h = curl_easy_init();
	CURLcode rc;
	long stall_s = (d->stall_timeout_ms + 999) / 1000;

	if (!h) {
		o->v = FAIL;
		o->err = ERR_GENERIC;
		buf_reset(&o->why);
		buf_adds(&o->why, "libcurl could not make a handle");
		return;
	}
	buf_reset(out);
	memset(&t, 0, sizeof(t));
	t.out = out;
	t.max_body = d->max_body;
	t.retry_after_ms = -1;
	t.opts = opts;
	t.shown = shown;
	t.opts_stall_ms = d->stall_timeout_ms;
	errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "argolab/" ARGOLAB_VERSION);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, d->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, d->total_timeout_ms);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, stall_s > 0 ? stall_s : 1L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)d->max_body);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (d->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, d->ca_file);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
	if (opts && opts->progress) {
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}
	rc = curl_easy_perform(h);
	classify(h, rc, errbuf, &t, o);
	curl_easy_cleanup(h);
}

static void defaults(const struct http_opts *opts, struct http_opts *d)
{
	if (opts)
		*d = *opts;
	else
		memset(d, 0, sizeof(*d));
	if (d->connect_timeout_ms <= 0)
		d->connect_timeout_ms = DEF_CONNECT_MS;
	if (d->stall_timeout_ms <= 0)
		d->stall_timeout_ms = DEF_STALL_MS;
	if (d->total_timeout_ms <= 0)
		d->total_timeout_ms = DEF_TOTAL_MS;
	if (!d->max_body)
		d->max_body = DEF_MAX_BODY;
	if (d->max_redirects == 0)
		d->max_redirects = DEF_REDIRECTS;
	else if (d->max_redirects < 0)
		d->max_redirects = 0;
	if (d->max_attempts <= 0)
		d->max_attempts = DEF_ATTEMPTS;
	if (d->backoff_ms <= 0)
		d->backoff_ms = DEF_BACKOFF_MS;
	if (d->retry_after_max_ms <= 0)
		d->retry_after_max_ms = DEF_RETRY_AFTER_MAX_MS;
}

int http_get(const char *url, const struct http_opts *opts, struct buf *out)
{
	struct http_opts d;
	struct outcome o;
	struct buf cur = BUF_INIT, shown = BUF_INIT, first = BUF_INIT;
	int attempt = 0, hops = 0, err = 0;
	long wait = 0;

	defaults(opts, &d);
	memset(&o, 0, sizeof(o));
	buf_init(&o.why, 0);
	buf_init(&o.location, 0);
	http_url_redact(&first, url);
	buf_adds(&cur, url);
	err = httputil_curl_init();
	if (err < 0)
		goto done;
	for (;;) {
		http_url_redact(&shown, cur.ptr);
		err = check_url(cur.ptr, shown.ptr);
		if (err < 0)
			goto done;
		attempt++;
		log_debug("GET %s (try %d of %d)", shown.ptr, attempt,
			  d.max_attempts);
		one_try(cur.ptr, shown.ptr, opts, &d, out, &o);
		switch (o.v) {
		case DONE:
			err = 0;
			goto done;
		case REDIRECT:
			if (++hops > d.max_redirects) {
				err = err_set(ERR_HTTP,
					      "GET '%s': stopped after %d redirects (the last one to '%s'); a redirect loop, or raise the limit",
					      first.ptr, d.max_redirects, shown.ptr);
				goto done;
			}
			log_debug("status %ld: redirected", o.status);
			buf_reset(&cur);
			buf_add(&cur, o.location.ptr, o.location.len);
			attempt--; /* a hop is not a try */
			continue;
		case RETRY:
			if (attempt < d.max_attempts)
				break;
			/* out of tries */
			/* fall through */
		case FAIL:
			if (attempt > 1)
				buf_addf(&o.why, " (after %d tries)", attempt);
			if (!strcmp(shown.ptr, first.ptr))
				err = err_set(o.err, "GET '%s': %s", first.ptr,
					      o.why.ptr);
			else
				err = err_set(o.err,
					      "GET '%s' (redirected to '%s'): %s",
					      first.ptr, shown.ptr, o.why.ptr);
			goto done;
		}
		wait = http_backoff_ms(attempt, d.backoff_ms, BACKOFF_CEILING_MS,
				       o.retry_after_ms, d.retry_after_max_ms);
		log_info("GET %s: %s; trying again in %ld ms", shown.ptr,
			 o.why.ptr, wait);
		sleep_ms(wait);
	}
done:
	if (err < 0)
		buf_reset(out);
	buf_release(&o.why);
	buf_release(&o.location);
	buf_release(&cur);
	buf_release(&shown);
	buf_release(&first);
	return err;
}
