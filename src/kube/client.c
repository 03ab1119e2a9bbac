/*
 * client: see client.h.
 *
 * Each try of a request gets a fresh easy handle (so no state of a failed
 * try leaks into the next); the connections live in the multi handle's
 * pool and are reused across tries and requests.  A request waiting for
 * a slot or for its backoff sits in one FIFO queue with the monotonic
 * time it may start; kube_client_run starts what is due, polls, reads the
 * finished transfers and decides, in finish(), whether a try was the
 * last.  libcurl's codes are translated to ours there and nowhere else.
 */
#include <curl/curl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "../base/alloc.h"
#include "../base/clock.h"
#include "../base/err.h"
#include "../base/httputil.h"
#include "../base/log.h"
#include "../doc/json.h"
#include "client.h"

#ifndef ARGOLAB_VERSION
#define ARGOLAB_VERSION "0"
#endif

#define DEF_PARALLEL 8
#define DEF_ATTEMPTS 6
#define DEF_BACKOFF_MS 200L
#define BACKOFF_CEILING_MS 10000L
#define RETRY_AFTER_MAX_MS 30000L
#define DEF_TIMEOUT_MS 60000L
#define DEF_CONNECT_MS 10000L
#define DEF_MAX_BODY ((size_t)256 << 20)
#define STALL_S 30L

struct xfer {
	struct kube_req *r;
	CURL *h;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
	long retry_after_ms;
	int too_big;
	int stopped;      /* on_line asked to stop */
	int reauthed;     /* the exec plugin was run again for a 401 */
	uint64_t ready_at;
	uint64_t started; /* when this try began (for the trace) */
	struct buf line;  /* a stream's partial line */
	struct xfer *next;
};

struct timer {
	unsigned id;
	uint64_t at;
	void (*fn)(void *ctx);
	void *ctx;
};

struct kube_client {
	const struct kube_config *cfg;
	struct kube_client_opts o;
	CURLM *multi;
	struct buf base;        /* the server URL requests are made against */
	struct curl_slist *connect_to;
	struct buf auth;        /* "Authorization: Bearer ..." or empty */
	struct kube_cred cred;  /* from the exec plugin */
	struct buf noproxy;
	int active;             /* ordinary transfers in the multi */
	int streams;            /* streams in the multi */
	struct xfer *qhead, *qtail; /* waiting to start */
	struct xfer *live;          /* in the multi (linked through next) */
	struct timer *timers;
	size_t ntimers, atimers;
	unsigned next_timer;
};

/* ------------------------------------------------------------------ */
/* requests                                                            */

void kube_req_init(struct kube_req *r, const char *method)
{
	memset(r, 0, sizeof(*r));
	r->method = method;
	buf_init(&r->path, 0);
	buf_init(&r->body, 0);
	buf_init(&r->resp, 0);
	buf_init(&r->errmsg, 0);
}

void kube_req_reset(struct kube_req *r, const char *method)
{
	struct buf path = r->path, body = r->body, resp = r->resp, msg = r->errmsg;

	memset(r, 0, sizeof(*r));
	r->method = method;
	r->path = path;
	r->body = body;
	r->resp = resp;
	r->errmsg = msg;
	buf_reset(&r->path);
	buf_reset(&r->body);
	buf_reset(&r->resp);
	buf_reset(&r->errmsg);
}

void kube_req_release(struct kube_req *r)
{
	buf_release(&r->path);
	buf_release(&r->body);
	buf_release(&r->resp);
	buf_release(&r->errmsg);
}

void kube_req_set_json(struct kube_req *r, const char *ct, const void *json_v)
{
	buf_reset(&r->body);
	doc_json_dump(&r->body, json_v, 0);
	r->content_type = ct;
}

void kube_path_escape(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~') {
			buf_addc(out, (char)ch);
		} else {
			buf_addc(out, '%');
			buf_addc(out, hex[ch >> 4]);
			buf_addc(out, hex[ch & 15]);
		}
	}
}

void kube_status_message(const struct buf *body, struct buf *out)
{
	json_t *v = body->len ? doc_json_load(body->ptr, body->len, 0, NULL) : NULL;
	const char *m;

	buf_reset(out);
	if (json_is_object(v) &&
	    !strcmp(json_string_value(json_object_get(v, "kind")) ?: "", "Status")) {
		m = json_string_value(json_object_get(v, "message"));
		if (!m || !*m)
			m = json_string_value(json_object_get(v, "reason"));
		if (m)
			buf_adds(out, m);
	}
	json_decref(v);
}

int kube_req_error(const struct kube_req *r, const char *what)
{
	struct buf m = BUF_INIT;
	int code;

	if (r->err)
		return err_set(r->err, "%s: %s", what, r->errmsg.ptr);
	if (r->status >= 200 && r->status < 400)
		return 0;
	kube_status_message(&r->resp, &m);
	switch (r->status) {
	case 404:
		code = ERR_NOTFOUND;
		break;
	case 409:
		code = ERR_CONFLICT;
		break;
	case 400:
	case 422:
		code = ERR_INVALID;
		break;
	default:
		code = ERR_HTTP;
	}
	if (m.len)
		err_set(code, "%s: %s (status %ld)", what, m.ptr, r->status);
	else
		err_set(code, "%s: the API server answered status %ld", what, r->status);
	buf_release(&m);
	return code;
}

/* ------------------------------------------------------------------ */
/* the client                                                          */

static void set_auth_header(struct kube_client *c, const char *token)
{
	buf_reset(&c->auth);
	if (token && *token)
		buf_addf(&c->auth, "Authorization: Bearer %s", token);
}

static int run_plugin(struct kube_client *c)
{
	int err;

	kube_cred_release(&c->cred);
	err = kube_exec_run(c->cfg, &c->cred);
	if (err < 0)
		return err;
	if (c->cred.token)
		set_auth_header(c, c->cred.token);
	return 0;
}

/* the URL requests use, and for tls-server-name the address to reach */
static int setup_url(struct kube_client *c)
{
	const struct kube_config *cfg = c->cfg;
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL, *scheme = NULL, *path = NULL;
	int err = 0;

	if (!u || curl_url_set(u, CURLUPART_URL, cfg->server, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		err = err_set(ERR_INVALID, "server '%s' of cluster '%s' is not a URL",
			      cfg->server, cfg->cluster_name ?: "");
		goto done;
	}
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		path = NULL;
	buf_reset(&c->base);
	if (cfg->tls_server_name && *cfg->tls_server_name) {
		struct buf ct = BUF_INIT;

		buf_addf(&c->base, "%s://%s:%s", scheme, cfg->tls_server_name, port);
		buf_addf(&ct, "%s:%s:%s:%s", cfg->tls_server_name, port, host, port);
		c->connect_to = curl_slist_append(NULL, ct.ptr);
		buf_release(&ct);
	} else {
		buf_adds(&c->base, cfg->server);
		/* the path part is added below, once */
		{
			char *p = strstr(c->base.ptr, "://");
			char *slash = p ? strchr(p + 3, '/') : NULL;

			if (slash)
				buf_setlen(&c->base, (size_t)(slash - c->base.ptr));
		}
	}
	if (path && strcmp(path, "/")) {
		size_t n = strlen(path);

		while (n && path[n - 1] == '/')
			n--;
		buf_add(&c->base, path, n);
	}
done:
	curl_free(host);
	curl_free(port);
	curl_free(scheme);
	curl_free(path);
	curl_url_cleanup(u);
	return err;
}

static void setup_noproxy(struct kube_client *c)
{
	const char *env = getenv("no_proxy");

	if (!env || !*env)
		env = getenv("NO_PROXY");
	buf_reset(&c->noproxy);
	if (env && *env)
		buf_addf(&c->noproxy, "%s,", env);
	/* as Go's ProxyFromEnvironment: loopback is never proxied */
	buf_adds(&c->noproxy, "localhost,127.0.0.1,::1");
}

int kube_client_new(const struct kube_config *cfg,
		    const struct kube_client_opts *o, struct kube_client **out)
{
	struct kube_client *c;
	int err;

	*out = NULL;
	err = httputil_curl_init();
	if (err < 0)
		return err;
	if (cfg->cert_pem.len || cfg->key_pem.len || cfg->ca_pem.len || cfg->exec) {
		const curl_version_info_data *vi = curl_version_info(CURLVERSION_NOW);

		if (!vi->ssl_version || strncmp(vi->ssl_version, "OpenSSL", 7))
			return err_set(ERR_UNSUPPORTED,
				       "libcurl is built with %s, which cannot take certificates from memory; install the OpenSSL build (libcurl4-openssl-dev)",
				       vi->ssl_version ?: "no TLS");
	}
	c = xcalloc(1, sizeof(*c));
	c->cfg = cfg;
	if (o)
		c->o = *o;
	if (c->o.parallel <= 0)
		c->o.parallel = DEF_PARALLEL;
	if (c->o.max_attempts <= 0)
		c->o.max_attempts = DEF_ATTEMPTS;
	if (c->o.backoff_ms <= 0)
		c->o.backoff_ms = DEF_BACKOFF_MS;
	if (c->o.timeout_ms <= 0)
		c->o.timeout_ms = DEF_TIMEOUT_MS;
	if (c->o.connect_timeout_ms <= 0)
		c->o.connect_timeout_ms = DEF_CONNECT_MS;
	if (!c->o.max_body)
		c->o.max_body = DEF_MAX_BODY;
	buf_init(&c->base, 0);
	buf_init(&c->auth, 0);
	buf_init(&c->noproxy, 0);
	buf_init(&c->cred.cert_pem, 0);
	buf_init(&c->cred.key_pem, 0);
	c->next_timer = 1;
	err = setup_url(c);
	if (err < 0)
		goto fail;
	setup_noproxy(c);
	if (kube_config_is_tls(cfg)) {
		set_auth_header(c, cfg->token);
		if (cfg->exec) {
			err = run_plugin(c);
			if (err < 0)
				goto fail;
		}
	}
	c->multi = curl_multi_init();
	if (!c->multi) {
		err = err_set(ERR_GENERIC, "libcurl could not make a multi handle");
		goto fail;
	}
	*out = c;
	return 0;
fail:
	kube_client_free(c);
	return err;
}

static void xfer_free(struct xfer *x)
{
	if (!x)
		return;
	if (x->h)
		curl_easy_cleanup(x->h);
	curl_slist_free_all(x->hdrs);
	buf_release(&x->line);
	free(x);
}

void kube_client_free(struct kube_client *c)
{
	struct xfer *x, *next;

	if (!c)
		return;
	for (x = c->live; x; x = next) {
		/* still in flight: the request is abandoned */
		next = x->next;
		curl_multi_remove_handle(c->multi, x->h);
		x->r->priv_ = NULL;
		xfer_free(x);
	}
	if (c->multi)
		curl_multi_cleanup(c->multi);
	for (x = c->qhead; x; x = next) {
		next = x->next;
		x->r->priv_ = NULL;
		xfer_free(x);
	}
	curl_slist_free_all(c->connect_to);
	buf_release(&c->base);
	buf_release(&c->auth);
	buf_release(&c->noproxy);
	kube_cred_release(&c->cred);
	free(c->timers);
	free(c);
}

const char *kube_client_server(const struct kube_client *c)
{
	return c->cfg->server;
}

const struct kube_config *kube_client_config(const struct kube_client *c)
{
	return c->cfg;
}

/* ------------------------------------------------------------------ */
/* one try                                                             */

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct xfer *x = ctx;
	struct kube_req *r = x->r;
	size_t len = size * n;

	if (r->on_line) {
		size_t i, start = 0;

		for (i = 0; i < len; i++) {
			if (data[i] != '\n')
				continue;
			buf_add(&x->line, data + start, i - start);
			start = i + 1;
			if (x->line.len &&
			    r->on_line(r, x->line.ptr, x->line.len, r->ctx)) {
				x->stopped = 1;
				buf_reset(&x->line);
				return 0;
			}
			buf_reset(&x->line);
		}
		if (buf_add(&x->line, data + start, len - start) < 0) {
			x->too_big = 1;
			return 0;
		}
		return len;
	}
	if (buf_add(&r->resp, data, len) < 0) {
		x->too_big = 1;
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	}
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct xfer *x = ctx;

	http_header_retry_after(data, size * n, &x->retry_after_ms);
	return size * n;
}

static int start_try(struct kube_client *c, struct xfer *x)
{
	struct kube_req *r = x->r;
	const struct kube_config *cfg = c->cfg;
	struct buf url = BUF_INIT, h = BUF_INIT;
	struct curl_blob blob;
	CURL *e;

	e = curl_easy_init();
	if (!e)
		return -1;
	x->h = e;
	x->errbuf[0] = '\0';
	x->retry_after_ms = -1;
	x->too_big = 0;
	x->stopped = 0;
	buf_reset(&x->line);
	buf_reset(&r->resp);
	r->resp.max = c->o.max_body;
	x->line.max = c->o.max_body;
	r->attempts++;

	buf_addf(&url, "%s%s", c->base.ptr, r->path.ptr);
	curl_easy_setopt(e, CURLOPT_URL, url.ptr);
	buf_release(&url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)x);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "argolab/" ARGOLAB_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->o.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_NOPROXY, c->noproxy.ptr);
	if (cfg->proxy_url)
		curl_easy_setopt(e, CURLOPT_PROXY, cfg->proxy_url);
	if (c->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);
	if (r->on_line) {
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->stream_timeout_ms);
	} else {
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->o.timeout_ms);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, STALL_S);
	}

	/* TLS: verified unless the kubeconfig says otherwise */
	if (cfg->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	} else {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
		if (cfg->ca_pem.len) {
			blob.data = cfg->ca_pem.ptr;
			blob.len = cfg->ca_pem.len;
			blob.flags = CURL_BLOB_NOCOPY;
			curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
		}
	}
	if (kube_config_is_tls(cfg)) {
		const struct buf *cert = c->cred.cert_pem.len ? &c->cred.cert_pem : &cfg->cert_pem;
		const struct buf *key = c->cred.cert_pem.len ? &c->cred.key_pem : &cfg->key_pem;

		if (cert->len && key->len) {
			blob.data = cert->ptr;
			blob.len = cert->len;
			blob.flags = CURL_BLOB_NOCOPY;
			curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
			curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &blob);
			blob.data = key->ptr;
			blob.len = key->len;
			curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
			curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &blob);
		}
		if (!c->auth.len && cfg->username && cfg->password) {
			curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
			curl_easy_setopt(e, CURLOPT_USERNAME, cfg->username);
			curl_easy_setopt(e, CURLOPT_PASSWORD, cfg->password);
		}
	}

	/* headers */
	buf_addf(&h, "Accept: %s", r->accept ? r->accept : "application/json");
	x->hdrs = curl_slist_append(NULL, h.ptr);
	if (c->auth.len)
		x->hdrs = curl_slist_append(x->hdrs, c->auth.ptr);
	if (r->content_type) {
		buf_reset(&h);
		buf_addf(&h, "Content-Type: %s", r->content_type);
		x->hdrs = curl_slist_append(x->hdrs, h.ptr);
	}
	x->hdrs = curl_slist_append(x->hdrs, "Expect:");
	buf_release(&h);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs);

	if (r->content_type || r->body.len) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body.ptr);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body.len);
	}
	if (strcmp(r->method, "GET"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
	else if (!r->body.len)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	if (curl_multi_add_handle(c->multi, e) != CURLM_OK)
		return -1;
	x->next = c->live;
	c->live = x;
	if (r->on_line)
		c->streams++;
	else
		c->active++;
	x->started = clock_mono_ns();
	log_debug("%s %s (try %d, %zu bytes)", r->method, r->path.ptr, r->attempts,
		  r->body.len);
	return 0;
}

static void unlink_live(struct kube_client *c, struct xfer *x)
{
	struct xfer **pp;

	for (pp = &c->live; *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			x->next = NULL;
			return;
		}
	}
}

static void enqueue(struct kube_client *c, struct xfer *x, uint64_t ready_at)
{
	x->ready_at = ready_at;
	x->next = NULL;
	if (c->qtail)
		c->qtail->next = x;
	else
		c->qhead = x;
	c->qtail = x;
}

static void complete(struct kube_client *c, struct xfer *x)
{
	struct kube_req *r = x->r;

	(void)c;
	r->priv_ = NULL;
	r->done = 1;
	xfer_free(x);
	if (r->on_done)
		r->on_done(r, r->ctx);
}

static void fail_start(struct kube_client *c, struct xfer *x)
{
	x->r->err = ERR_GENERIC;
	buf_reset(&x->r->errmsg);
	buf_adds(&x->r->errmsg, "libcurl could not start the transfer");
	complete(c, x);
}

/* start what is due, streams at once, the rest as slots allow */
static void start_due(struct kube_client *c)
{
	struct xfer **pp = &c->qhead, *x;
	uint64_t now = clock_mono_ns();

	c->qtail = NULL;
	while ((x = *pp)) {
		if (x->ready_at <= now &&
		    (x->r->on_line || c->active < c->o.parallel)) {
			*pp = x->next;
			x->next = NULL;
			if (start_try(c, x) < 0)
				fail_start(c, x);
			continue;
		}
		c->qtail = x;
		pp = &x->next;
	}
}

void kube_client_submit(struct kube_client *c, struct kube_req *r)
{
	struct xfer *x = xcalloc(1, sizeof(*x));

	x->r = r;
	buf_init(&x->line, 0);
	r->priv_ = x;
	r->done = 0;
	r->err = 0;
	r->status = 0;
	r->attempts = 0;
	buf_reset(&r->errmsg);
	enqueue(c, x, 0);
}

void kube_client_cancel(struct kube_client *c, struct kube_req *r)
{
	struct xfer *x = r->priv_, **pp;

	if (!x)
		return;
	for (pp = &c->qhead; *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	}
	c->qtail = NULL;
	for (pp = &c->qhead; *pp; pp = &(*pp)->next)
		c->qtail = *pp;
	if (x->h) {
		unlink_live(c, x);
		curl_multi_remove_handle(c->multi, x->h);
		if (r->on_line)
			c->streams--;
		else
			c->active--;
	}
	r->priv_ = NULL;
	xfer_free(x);
}

/* why a transfer failed, for a person: curl's words, with advice */
static int transport_error(struct kube_client *c, CURLcode rc, const char *errbuf,
			   struct buf *out)
{
	const char *why = errbuf && *errbuf ? errbuf : curl_easy_strerror(rc);
	const struct kube_config *cfg = c->cfg;

	buf_reset(out);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		buf_addf(out, "cannot reach the Kubernetes API at %s (context '%s'): %s; is the cluster running?",
			 cfg->server, cfg->context ?: "", why);
		return ERR_IO;
	case CURLE_PEER_FAILED_VERIFICATION:
#if LIBCURL_VERSION_NUM < 0x073e00
	case CURLE_SSL_CACERT:
#endif
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		buf_addf(out, "the API server at %s is not trusted: %s; check certificate-authority-data of cluster '%s' in %s",
			 cfg->server, why, cfg->cluster_name ?: "", cfg->source ?: "the kubeconfig");
		return ERR_HTTP;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
		buf_addf(out, "TLS with %s failed: %s (check the client certificate and key of user '%s')",
			 cfg->server, why, cfg->user_name ?: "");
		return ERR_HTTP;
	case CURLE_OPERATION_TIMEDOUT:
		buf_addf(out, "timed out: %s", why);
		return ERR_TIMEOUT;
	case CURLE_WRITE_ERROR:
		buf_addf(out, "the response is larger than the %zu-byte limit", c->o.max_body);
		return ERR_TOOBIG;
	default:
		buf_adds(out, why);
		return ERR_HTTP;
	}
}

static int retryable_rc(CURLcode rc)
{
	switch (rc) {
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_COULDNT_CONNECT: /* a restarting API server */
		return 1;
	default:
		return 0;
	}
}

/* a try ended: done, or another try later */
static void finish(struct kube_client *c, struct xfer *x, CURLcode rc)
{
	struct kube_req *r = x->r;
	int stream = r->on_line != NULL, retry = 0;
	long status = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	log_debug("%s %s: %ld, %zu bytes, %.1f ms", r->method, r->path.ptr, status,
		  r->resp.len, (double)(clock_mono_ns() - x->started) / 1e6);
	unlink_live(c, x);
	curl_multi_remove_handle(c->multi, x->h);
	curl_easy_cleanup(x->h);
	x->h = NULL;
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	if (stream)
		c->streams--;
	else
		c->active--;
	r->status = status;

	if (stream && (x->stopped || (rc == CURLE_OPERATION_TIMEDOUT && status == 200))) {
		/* asked to stop, or the stream's own time is up: a clean end */
		r->err = 0;
		complete(c, x);
		return;
	}
	if (x->too_big) {
		r->err = ERR_TOOBIG;
		buf_reset(&r->errmsg);
		buf_addf(&r->errmsg, "the response is larger than the %zu-byte limit",
			 c->o.max_body);
		complete(c, x);
		return;
	}
	if (rc != CURLE_OK) {
		r->err = transport_error(c, rc, x->errbuf, &r->errmsg);
		r->status = 0;
		retry = retryable_rc(rc);
	} else {
		r->err = 0;
		if (status == 401 && c->cfg->exec && !x->reauthed) {
			x->reauthed = 1;
			if (run_plugin(c) == 0) {
				r->attempts--;
				enqueue(c, x, 0);
				return;
			}
			err_clear();
		}
		retry = http_status_retryable(status);
	}
	if (retry && r->attempts < c->o.max_attempts) {
		long wait = http_backoff_ms(r->attempts, c->o.backoff_ms,
					    BACKOFF_CEILING_MS, x->retry_after_ms,
					    RETRY_AFTER_MAX_MS);

		log_info("%s %s: %s; trying again in %ld ms", r->method, r->path.ptr,
			 r->err ? r->errmsg.ptr : "a retryable status", wait);
		if (status)
			log_debug("status %ld", status);
		enqueue(c, x, clock_mono_ns() + (uint64_t)wait * 1000000ULL);
		return;
	}
	if (r->err && r->attempts > 1)
		buf_addf(&r->errmsg, " (after %d tries)", r->attempts);
	complete(c, x);
}

/* ------------------------------------------------------------------ */
/* timers and the loop                                                 */

unsigned kube_client_timer(struct kube_client *c, long ms, void (*fn)(void *ctx),
			   void *ctx)
{
	struct timer *t;

	if (c->ntimers == c->atimers) {
		c->atimers = c->atimers ? c->atimers * 2 : 8;
		c->timers = xreallocarray(c->timers, c->atimers, sizeof(*c->timers));
	}
	t = &c->timers[c->ntimers++];
	t->id = c->next_timer++;
	if (!c->next_timer)
		c->next_timer = 1;
	t->at = clock_mono_ns() + (uint64_t)(ms > 0 ? ms : 0) * 1000000ULL;
	t->fn = fn;
	t->ctx = ctx;
	return t->id;
}

void kube_client_timer_cancel(struct kube_client *c, unsigned id)
{
	size_t i;

	for (i = 0; i < c->ntimers; i++) {
		if (c->timers[i].id == id) {
			c->timers[i] = c->timers[--c->ntimers];
			return;
		}
	}
}

/* fire one due timer; 1 if one fired */
static int fire_timer(struct kube_client *c)
{
	uint64_t now = clock_mono_ns();
	size_t i, best = (size_t)-1;
	struct timer t;

	for (i = 0; i < c->ntimers; i++)
		if (c->timers[i].at <= now &&
		    (best == (size_t)-1 || c->timers[i].at < c->timers[best].at))
			best = i;
	if (best == (size_t)-1)
		return 0;
	t = c->timers[best];
	c->timers[best] = c->timers[--c->ntimers];
	t.fn(t.ctx);
	return 1;
}

/* ms until the next timer or queued retry is due (capped at cap) */
static long next_due_ms(const struct kube_client *c, long cap)
{
	uint64_t now = clock_mono_ns(), best = UINT64_MAX;
	const struct xfer *x;
	size_t i;

	for (i = 0; i < c->ntimers; i++)
		if (c->timers[i].at < best)
			best = c->timers[i].at;
	for (x = c->qhead; x; x = x->next)
		if ((x->r->on_line || c->active < c->o.parallel) && x->ready_at < best)
			best = x->ready_at;
	if (best == UINT64_MAX)
		return cap;
	if (best <= now)
		return 0;
	if ((best - now) / 1000000ULL < (uint64_t)cap)
		return (long)((best - now) / 1000000ULL) + 1;
	return cap;
}

/* one pass over started transfers: move bytes, finish what is done, fire
 * due timers; 1 when stop said so */
static int step(struct kube_client *c, int (*stop)(void *ctx), void *ctx)
{
	CURLMsg *m;
	int running = 0, left;

	curl_multi_perform(c->multi, &running);
	while ((m = curl_multi_info_read(c->multi, &left))) {
		struct xfer *x = NULL;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		finish(c, x, m->data.result);
		if (stop && stop(ctx))
			return 1;
	}
	while (fire_timer(c))
		if (stop && stop(ctx))
			return 1;
	return 0;
}

void kube_client_pump(struct kube_client *c)
{
	start_due(c);
	step(c, NULL, NULL);
}

int kube_client_run(struct kube_client *c, long timeout_ms,
		    int (*stop)(void *ctx), void *ctx)
{
	uint64_t deadline = timeout_ms >= 0
				    ? clock_mono_ns() + (uint64_t)timeout_ms * 1000000ULL
				    : UINT64_MAX;

	for (;;) {
		long wait;

		if (stop && stop(ctx))
			return 0;
		start_due(c);
		if (!c->active && !c->streams && !c->qhead && !c->ntimers)
			return 0;
		if (step(c, stop, ctx))
			return 0;
		if (clock_mono_ns() >= deadline)
			return err_set(ERR_TIMEOUT, "timed out");
		start_due(c);
		wait = next_due_ms(c, 1000);
		if (deadline != UINT64_MAX) {
			uint64_t now = clock_mono_ns();
			long left_ms = deadline > now ? (long)((deadline - now) / 1000000ULL) + 1 : 0;

			if (left_ms < wait)
				wait = left_ms;
		}
		if (c->active || c->streams)
			curl_multi_poll(c->multi, NULL, 0, (int)wait, NULL);
		else if (!c->qhead && !c->ntimers)
			continue; /* all done: the check at the top returns */
		else if (wait > 0)
			sleep_ms(wait);
	}
}

static int req_done(void *ctx)
{
	return ((struct kube_req *)ctx)->done;
}

int kube_do(struct kube_client *c, struct kube_req *r)
{
	kube_client_submit(c, r);
	kube_client_run(c, -1, req_done, r);
	if (r->err)
		err_set(r->err, "%s", r->errmsg.ptr);
	return r->err;
}
