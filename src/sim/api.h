/*
 * api: the Kubernetes API of the simulated cluster, independent of the
 * HTTP server that carries it.
 *
 * sim_api_handle takes one decoded request (method, path, query,
 * headers, body) and fills one response: a complete body, or a stream
 * (watches, followed logs) that the HTTP layer pumps until it ends.
 * Everything a real kube-apiserver answers that kubectl 1.32 relies on
 * is here (see ../shared/docs/reference/kube-api.md): discovery and
 * OpenAPI (discovery.c), get/list/watch/create/update/patch/apply/
 * delete with selectors, pagination, Table output, Status errors
 * (rest.c, watch.c), subresources and the proxy (proxy.c).
 *
 * Writes go through sim_api_write, the one place where an object's
 * server-set metadata, defaults, validation, managed fields, generation
 * and finalizer-driven deletion are decided, so that the controllers of
 * the simulation write exactly as a client would.
 */
#ifndef SIM_API_H
#define SIM_API_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "../base/buf.h"
#include "../base/clock.h"
#include "store.h"

/* the largest request body accepted (kube-apiserver's default limit) */
#define SIM_BODY_MAX ((size_t)3 << 20)

struct sim_request {
	const char *method; /* GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS */
	const char *path;   /* decoded, without the query */
	const char *(*query)(void *ctx, const char *key);  /* NULL if absent */
	const char *(*header)(void *ctx, const char *key); /* NULL if absent */
	void *ctx;
	const char *body;
	size_t body_len;
	const char *user; /* the authenticated user, for managedFields */
	/* the body read as JSON by sim_api_handle before it takes the store's
	 * lock (NULL: not JSON, json_err says why); handlers take a reference */
	json_t *json;
	json_error_t json_err;
	int json_read;
};

struct sim_stream;

struct sim_response {
	int status;
	const char *content_type; /* static string */
	struct buf body;
	json_t *json;              /* set by sim_json: the body, written out by
				      sim_response_flush once the lock is let go */
	struct sim_stream *stream; /* set: the body comes from sim_stream_read */
	struct buf extra_headers;  /* "Name: value\n" lines */
};

void sim_response_init(struct sim_response *r);
void sim_response_release(struct sim_response *r);
/* sim_response_flush: write a pending JSON body (sim_json) into body */
void sim_response_flush(struct sim_response *r);
/* sim_response_text: a body of content type ct (a static string) */
void sim_response_text(struct sim_response *r, int code, const char *ct,
		       const void *body, size_t len);

/*
 * sim_stream_read: up to max bytes of a stream into buf, blocking until
 * some are ready.  Returns the count, 0 at the end of the stream.
 */
size_t sim_stream_read(struct sim_stream *st, char *buf, size_t max);
void sim_stream_free(struct sim_stream *st);

struct sim_sim; /* the simulation (sim.h): controllers, components */

struct sim_api {
	struct sim_store *store;
	struct sim_sim *sim;           /* may be NULL (a bare API server) */
	const struct clock_scaled *clock;
	char cluster_ip_next[4];       /* the next Service IP to give */
	const char *ca_pem;            /* the cluster CA, for kube-root-ca.crt */
};

/* sim_api_handle: answer one request (never fails: errors are Status). */
void sim_api_handle(struct sim_api *a, const struct sim_request *req,
		    struct sim_response *resp);

/* ------------------------------------------------------------------ */
/* writes, shared by the REST handlers and the controllers             */

enum sim_write_op {
	SIM_CREATE,
	SIM_UPDATE,      /* PUT, or a non-apply PATCH */
	SIM_APPLY,       /* server-side apply (managed fields done by caller) */
	SIM_STATUS,      /* a write of the status subresource */
	SIM_CONTROLLER,  /* a simulated controller: no admission, no generation rules for status */
};

struct sim_write {
	enum sim_write_op op;
	const char *manager;      /* field manager (NULL: none recorded) */
	const char *api_version;  /* of the request */
	int dry_run;
	int keep_managed_fields;  /* the object's managedFields are already right (apply) */
};

/*
 * sim_api_write: store obj (taken) as the new state of rt ns/name, with
 * old the current state (NULL to create).  Sets server-side metadata
 * (uid, creationTimestamp, generation, namespace), keeps what the
 * operation must not change (status on the main resource, everything
 * but status on SIM_STATUS), applies defaults and validation, records
 * managed fields, allocates Service IPs, and deletes an object whose
 * deletion was pending once its last finalizer is gone.  On success
 * *out (if not NULL) is a reference to the stored state (or, when the
 * write completed a deletion, to the last state).  On failure, the
 * Status to answer goes into resp when resp is not NULL, and the code is
 * returned: ERR_INVALID (422), ERR_CONFLICT (409), ERR_NOTFOUND (404),
 * ERR_IO (500).  Store lock held.
 */
int sim_api_write(struct sim_api *a, const struct sim_rtype *rt,
		  const char *ns, const char *name, json_t *obj,
		  const struct sim_obj *old, const struct sim_write *w,
		  json_t **out, struct sim_response *resp);

/*
 * sim_api_delete: begin or complete the deletion of rt ns/name as a
 * DELETE request with this propagation policy ("Background",
 * "Foreground", "Orphan"; NULL: the kind's default) would.  Objects
 * with finalizers (and pods, which terminate first) get a
 * deletionTimestamp; the rest go at once.  *out as for sim_api_write.
 * ERR_NOTFOUND when absent.  Store lock held.
 */
int sim_api_delete(struct sim_api *a, const struct sim_rtype *rt,
		   const char *ns, const char *name, const char *propagation,
		   long grace_seconds, json_t **out);

/* ------------------------------------------------------------------ */
/* helpers shared by the api files                                     */

/* sim_status: fill resp with a Status (code, reason, message; details taken, may be NULL). */
void sim_status(struct sim_response *resp, int code, const char *reason,
		json_t *details, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* sim_details: a Status's details {name, group, kind: the plural} (new reference). */
json_t *sim_details(const struct sim_rtype *rt, const char *name);

/* sim_json: fill resp with code and the JSON of v (taken). */
void sim_json(struct sim_response *resp, int code, json_t *v);

/* sim_resource_label: "deployments.apps" or "pods", as error messages name them. */
void sim_resource_label(struct buf *out, const struct sim_rtype *rt);

/* sim_now: the wall time as metav1.Time into out. */
void sim_now(char out[21]);

#endif
