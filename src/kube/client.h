/*
 * client: HTTP to the Kubernetes API server of one kubeconfig context.
 *
 * Every request goes through one libcurl multi handle, so the client can
 * keep many transfers in flight on a few reused TLS connections: bounded
 * parallelism for applies (at most `parallel` ordinary requests at once,
 * the rest queued in submission order) and any number of long-lived watch
 * streams beside them.  The caller owns an event loop it drives with
 * kube_client_run; timers let it schedule work on the same loop.
 *
 * Retries: a try that ends in 429, a retryable 5xx, a dropped or reset
 * connection or a stalled transfer is made again after a backoff (200 ms
 * doubled per try, at most 10 s, or what Retry-After asks for, up to
 * 30 s), at most max_attempts tries.  Kubernetes verbs are safe to
 * repeat as we use them (server-side apply and delete are idempotent; a
 * repeated create answers 409, which the caller reads).  A 401 with an
 * exec credential plugin runs the plugin again once and retries.
 *
 * TLS is verified unless the kubeconfig says insecure-skip-tls-verify:
 * the CA, client certificate and key go to libcurl from memory (the
 * OpenSSL build of libcurl is required for that; checked at start).
 * tls-server-name is honoured by connecting to the server's address under
 * that name.  Credentials are only sent over TLS.  Nothing here prints;
 * no message carries a token, a key or a password.
 */
#ifndef KUBE_CLIENT_H
#define KUBE_CLIENT_H

#include <stddef.h>
#include "../base/buf.h"
#include "config.h"

struct kube_client;

struct kube_client_opts {
	int parallel;            /* ordinary requests in flight at once: 8 */
	int max_attempts;        /* tries per request: 6 */
	long backoff_ms;         /* first backoff: 200 */
	long timeout_ms;         /* per try of an ordinary request: 60 s */
	long connect_timeout_ms; /* 10 s */
	size_t max_body;         /* response cap: 256 MiB */
};

struct kube_req;
typedef void (*kube_done_fn)(struct kube_req *r, void *ctx);
/* a stream's lines, as they arrive (without the newline); nonzero stops it */
typedef int (*kube_line_fn)(struct kube_req *r, const char *line, size_t len,
			    void *ctx);

/*
 * One request.  The caller fills the "in" part (kube_req_init, then the
 * fields; path and body are owned buffers), submits it, and reads the
 * "out" part in on_done or after kube_client_run returns.  A request
 * must stay put in memory until it is done.
 */
struct kube_req {
	/* in */
	const char *method;       /* "GET", "PATCH", ... */
	struct buf path;          /* "/api/v1/namespaces/argo/pods?limit=500" */
	const char *content_type; /* NULL: no body */
	const char *accept;       /* NULL: application/json */
	struct buf body;
	kube_done_fn on_done;     /* may be NULL */
	kube_line_fn on_line;     /* set for streams (watch): lines, not resp */
	void *ctx;
	long stream_timeout_ms;   /* streams: end the transfer after this */

	/* out */
	long status;              /* the HTTP status; 0 when none was had */
	struct buf resp;          /* the body (not for streams) */
	int err;                  /* 0, or ERR_* when no status was had */
	struct buf errmsg;        /* why, when err (no secrets) */
	int attempts;
	int done;

	/* private to the client */
	void *priv_;
};

void kube_req_init(struct kube_req *r, const char *method);
/* kube_req_reset: back to the state of kube_req_init, keeping the buffers' memory. */
void kube_req_reset(struct kube_req *r, const char *method);
void kube_req_release(struct kube_req *r);
/*
 * Accept for an answer of the object's metadata only (kube-apiserver's
 * PartialObjectMetadata transformation, any verb), or the object itself
 * from a server without it.
 */
#define KUBE_ACCEPT_METADATA \
	"application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"

/* kube_req_set_json: body = the compact JSON of v, with content type ct. */
void kube_req_set_json(struct kube_req *r, const char *ct, const void *json_v);

/*
 * kube_client_new: a client for cfg (borrowed; must outlive the client),
 * o NULL for the defaults.  Runs an exec credential plugin when the user
 * has one.  Errors: ERR_UNSUPPORTED (libcurl built without OpenSSL while
 * in-memory certificates are needed), ERR_INVALID (a server URL libcurl
 * cannot parse), the plugin's errors.
 */
int kube_client_new(const struct kube_config *cfg,
		    const struct kube_client_opts *o, struct kube_client **out);
void kube_client_free(struct kube_client *c);

/* kube_client_server: the server URL, as shown in messages. */
const char *kube_client_server(const struct kube_client *c);
/* kube_client_config: the kubeconfig the client was made from. */
const struct kube_config *kube_client_config(const struct kube_client *c);

/* kube_client_submit: start r (or queue it until a slot is free). */
void kube_client_submit(struct kube_client *c, struct kube_req *r);
/* kube_client_cancel: end r (a stream, typically) now; on_done is not called. */
void kube_client_cancel(struct kube_client *c, struct kube_req *r);

/*
 * kube_client_pump: one pass over the transfers, without waiting: what
 * was submitted starts, bytes move, what is done completes.  Lets a
 * caller send one request while it makes the next.
 */
void kube_client_pump(struct kube_client *c);

/*
 * kube_client_run: drive transfers and timers until stop(ctx) returns
 * nonzero (checked after every completion, line and timer), or nothing
 * is left to do (no transfer, no timer), or timeout_ms passes (< 0:
 * no limit).  0, or ERR_TIMEOUT.  stop may be NULL.
 */
int kube_client_run(struct kube_client *c, long timeout_ms,
		    int (*stop)(void *ctx), void *ctx);

/*
 * kube_client_timer: call fn(ctx) from kube_client_run after ms.  The
 * returned id cancels it with kube_client_timer_cancel.
 */
unsigned kube_client_timer(struct kube_client *c, long ms,
			   void (*fn)(void *ctx), void *ctx);
void kube_client_timer_cancel(struct kube_client *c, unsigned id);

/*
 * kube_do: submit r and run until it is done.  Returns r->err (0 when a
 * status was had, whatever it is), with r->errmsg as the last error.
 */
int kube_do(struct kube_client *c, struct kube_req *r);

/*
 * kube_req_error: for a finished request that failed (err, or a status
 * of 400 and above), set the last error from it and return the code:
 * the transport error as is; a Status body's message with the status;
 * ERR_NOTFOUND for 404, ERR_CONFLICT for 409, ERR_INVALID for 400/422,
 * ERR_HTTP otherwise.  what ("apply deployment/argo-server") prefixes
 * the message.  0 for a success.
 */
int kube_req_error(const struct kube_req *r, const char *what);

/*
 * kube_status_message: the message of the Status object in body (its
 * "message", else its "reason"), into out; empty when body is not one.
 */
void kube_status_message(const struct buf *body, struct buf *out);

/* kube_path_escape: append s to out escaped for a URL path segment or query value. */
void kube_path_escape(struct buf *out, const char *s);

#endif
