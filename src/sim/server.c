/*
 * server: the HTTPS front of the simulated cluster (libmicrohttpd).
 *
 * One thread per connection, so that a watch can block in its content
 * reader (kube-api.md 5, libmicrohttpd notes).  TLS always: kubectl
 * only sends credentials over TLS, and every request but the
 * unauthenticated informational paths (/version, /healthz, /livez,
 * /readyz, as a cluster's system:public-info-viewer allows) must carry
 * the bearer token written into the kubeconfig.  The socket is bound to
 * 127.0.0.1 only.  Bodies are read into a buffer capped at
 * SIM_BODY_MAX; a larger one is answered 413 without being kept.
 *
 * Writes are acknowledged only after the store has made them durable
 * (sim_store_sync), outside the store lock so that other requests go on.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/base64.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/log.h"
#include "certs.h"
#include "faults.h"
#include "persist.h"
#include "sim.h"

struct sim_server {
	struct MHD_Daemon *d;
	struct sim_store store;
	struct sim_api api;
	struct sim_sim *sim;
	struct clock_scaled clock;
	struct sim_certs certs;
	struct sim_faults *faults;
	char token[65];
	int port;
};

struct conn {
	struct buf body;
	int too_big;
};

/* ------------------------------------------------------------------ */
/* the request as the api layer sees it                                */

struct mhd_ctx {
	struct MHD_Connection *c;
};

static const char *get_query(void *ctx, const char *key)
{
	struct mhd_ctx *m = ctx;

	return MHD_lookup_connection_value(m->c, MHD_GET_ARGUMENT_KIND, key);
}

static const char *get_header(void *ctx, const char *key)
{
	struct mhd_ctx *m = ctx;

	return MHD_lookup_connection_value(m->c, MHD_HEADER_KIND, key);
}

static ssize_t stream_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sim_stream *st = cls;
	size_t n;

	(void)pos;
	n = sim_stream_read(st, buf, max);
	return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

static void stream_done(void *cls)
{
	sim_stream_free(cls);
}

static int public_path(const char *url)
{
	return !strcmp(url, "/version") || !strncmp(url, "/healthz", 8) ||
	       !strncmp(url, "/livez", 6) || !strncmp(url, "/readyz", 7);
}

/* constant-time comparison, so the token cannot be guessed byte by byte */
static int token_ok(const struct sim_server *s, const char *auth)
{
	size_t n;

	if (!auth || strncasecmp(auth, "Bearer ", 7))
		return 0;
	auth += 7;
	n = strlen(auth);
	return n == strlen(s->token) && !CRYPTO_memcmp(auth, s->token, n);
}

static enum MHD_Result send_response(struct MHD_Connection *c,
				     struct sim_response *r)
{
	struct MHD_Response *mr;
	enum MHD_Result rc;

	if (r->stream) {
		mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024,
						       stream_reader, r->stream,
						       stream_done);
		r->stream = NULL; /* the response owns it now */
	} else {
		size_t len;
		char *body;

		sim_response_flush(r);
		len = r->body.len;
		body = buf_detach(&r->body, NULL);
		mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!mr)
			free(body);
	}
	if (!mr)
		return MHD_NO;
	MHD_add_response_header(mr, "Content-Type", r->content_type);
	MHD_add_response_header(mr, "Cache-Control", "no-cache, private");
	if (r->extra_headers.len) {
		char *line = r->extra_headers.ptr;

		while (*line) {
			char *nl = strchr(line, '\n'), *colon;

			if (nl)
				*nl = '\0';
			colon = strchr(line, ':');
			if (colon) {
				*colon = '\0';
				MHD_add_response_header(mr, line, colon + 2);
			}
			if (!nl)
				break;
			line = nl + 1;
		}
	}
	rc = MHD_queue_response(c, (unsigned)r->status, mr);
	MHD_destroy_response(mr);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct sim_server *s = cls;
	struct conn *cs = *con_cls;
	struct sim_response resp;
	struct sim_request req;
	struct mhd_ctx mc = { c };
	enum MHD_Result rc;
	int fault;

	(void)version;
	if (!cs) {
		cs = xcalloc(1, sizeof(*cs));
		buf_init(&cs->body, SIM_BODY_MAX);
		*con_cls = cs;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cs->too_big && buf_add(&cs->body, upload, *upload_size) < 0) {
			cs->too_big = 1;
			buf_release(&cs->body);
			buf_init(&cs->body, SIM_BODY_MAX);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	sim_response_init(&resp);
	if (!public_path(url) &&
	    !token_ok(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization"))) {
		sim_status(&resp, 401, "Unauthorized", NULL, "Unauthorized");
		log_info("401 %s %s", method, url);
		goto answer;
	}
	fault = s->faults ? sim_faults_draw(s->faults, url) : SIM_FAULT_NONE;
	if (fault == SIM_FAULT_DROP) {
		sim_response_release(&resp);
		return MHD_NO; /* the connection is closed unanswered */
	}
	if (fault > 0) {
		sim_status(&resp, fault, fault == 429 ? "TooManyRequests" : fault == 503 ? "ServiceUnavailable" : "InternalError",
			   NULL, "injected fault (--faults): %d", fault);
		if (fault == 429 || fault == 503)
			buf_adds(&resp.extra_headers, "Retry-After: 1\n");
		goto answer;
	}
	if (cs->too_big) {
		sim_status(&resp, 413, "RequestEntityTooLarge", NULL,
			   "the request body is larger than the %zu-byte limit", SIM_BODY_MAX);
		goto answer;
	}
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.query = get_query;
	req.header = get_header;
	req.ctx = &mc;
	req.body = cs->body.ptr;
	req.body_len = cs->body.len;
	req.user = "admin";
	sim_api_handle(&s->api, &req, &resp);
	if (strcmp(method, "GET") && sim_store_sync(&s->store) < 0) {
		sim_response_release(&resp);
		sim_response_init(&resp);
		sim_status(&resp, 500, "InternalError", NULL, "%s", err_last());
	}
	log_debug("%d %s %s", resp.status, method, url);
answer:
	rc = send_response(c, &resp);
	sim_response_release(&resp);
	return rc;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode why)
{
	struct conn *cs = *con_cls;

	(void)cls;
	(void)c;
	(void)why;
	if (cs) {
		buf_release(&cs->body);
		free(cs);
	}
	*con_cls = NULL;
}

/* ------------------------------------------------------------------ */
/* files in run_dir                                                    */

static int read_run_file(const char *dir, const char *name, struct buf *out)
{
	struct buf p = BUF_INIT;
	int err;

	path_join(&p, dir, name);
	buf_reset(out);
	err = fs_read_file(p.ptr, 1 << 20, out);
	buf_release(&p);
	return err;
}

static int write_run_file(const char *dir, const char *name, const char *data,
			  size_t len, mode_t mode)
{
	struct buf p = BUF_INIT;
	int err;

	path_join(&p, dir, name);
	err = fs_write_atomic(p.ptr, data, len, mode);
	buf_release(&p);
	return err;
}

/* reuse the CA, certificate, key and token of an earlier run while valid */
static int credentials(struct sim_server *s, const char *dir)
{
	struct buf tok = BUF_INIT;
	int have = read_run_file(dir, "ca.crt", &s->certs.ca_pem) == 0 &&
		   read_run_file(dir, "server.crt", &s->certs.cert_pem) == 0 &&
		   read_run_file(dir, "server.key", &s->certs.key_pem) == 0 &&
		   read_run_file(dir, "token", &tok) == 0 && tok.len == 64 &&
		   sim_certs_still_valid(s->certs.ca_pem.ptr) &&
		   sim_certs_still_valid(s->certs.cert_pem.ptr);
	int err = 0;

	err_clear();
	if (have) {
		memcpy(s->token, tok.ptr, 64);
		s->token[64] = '\0';
		goto done;
	}
	if ((err = sim_certs_generate(&s->certs)) < 0)
		goto done;
	{
		unsigned char raw[32];
		static const char hex[] = "0123456789abcdef";
		int i;

		if (RAND_bytes(raw, sizeof(raw)) != 1) {
			err = err_set(ERR_GENERIC, "no randomness for the token");
			goto done;
		}
		for (i = 0; i < 32; i++) {
			s->token[2 * i] = hex[raw[i] >> 4];
			s->token[2 * i + 1] = hex[raw[i] & 15];
		}
		s->token[64] = '\0';
		OPENSSL_cleanse(raw, sizeof(raw));
	}
	if ((err = write_run_file(dir, "ca.crt", s->certs.ca_pem.ptr, s->certs.ca_pem.len, 0644)) < 0 ||
	    (err = write_run_file(dir, "server.crt", s->certs.cert_pem.ptr, s->certs.cert_pem.len, 0644)) < 0 ||
	    (err = write_run_file(dir, "server.key", s->certs.key_pem.ptr, s->certs.key_pem.len, 0600)) < 0 ||
	    (err = write_run_file(dir, "token", s->token, 64, 0600)) < 0)
		goto done;
done:
	if (tok.alloc)
		OPENSSL_cleanse(tok.ptr, tok.alloc);
	buf_release(&tok);
	return err;
}

static int write_kubeconfig(struct sim_server *s, const char *dir)
{
	struct buf kc = BUF_INIT, ca = BUF_INIT;
	int err;

	base64_encode(&ca, s->certs.ca_pem.ptr, s->certs.ca_pem.len);
	buf_addf(&kc,
		 "apiVersion: v1\n"
		 "kind: Config\n"
		 "clusters:\n"
		 "- name: argolab-sim\n"
		 "  cluster:\n"
		 "    server: https://127.0.0.1:%d\n"
		 "    certificate-authority-data: %s\n"
		 "users:\n"
		 "- name: argolab-sim\n"
		 "  user:\n"
		 "    token: %s\n"
		 "contexts:\n"
		 "- name: argolab-sim\n"
		 "  context:\n"
		 "    cluster: argolab-sim\n"
		 "    user: argolab-sim\n"
		 "    namespace: default\n"
		 "current-context: argolab-sim\n"
		 "preferences: {}\n",
		 s->port, ca.ptr, s->token);
	err = write_run_file(dir, "kubeconfig", kc.ptr, kc.len, 0600);
	OPENSSL_cleanse(kc.ptr, kc.alloc);
	buf_release(&kc);
	buf_release(&ca);
	return err;
}

/* the objects every cluster starts with */
static void bootstrap(struct sim_server *s)
{
	static const char *const namespaces[] = { "default", "kube-system",
						  "kube-public", "kube-node-lease", NULL };
	const struct sim_write w = { SIM_CONTROLLER, NULL, NULL, 0, 1 };
	const struct sim_rtype *ns_rt, *sc_rt;
	size_t i;

	sim_store_lock(&s->store);
	ns_rt = sim_types_find(&s->store.types, "", "v1", "namespaces");
	for (i = 0; namespaces[i]; i++)
		if (!sim_store_get(&s->store, ns_rt->storage_key, NULL, namespaces[i]))
			sim_api_write(&s->api, ns_rt, NULL, namespaces[i],
				      json_pack("{s:{s:s, s:{s:s}}}", "metadata", "name",
						namespaces[i], "labels",
						"kubernetes.io/metadata.name", namespaces[i]),
				      NULL, &w, NULL, NULL);
	sc_rt = sim_types_find(&s->store.types, "storage.k8s.io", "v1", "storageclasses");
	if (!sim_store_get(&s->store, sc_rt->storage_key, NULL, "standard"))
		sim_api_write(&s->api, sc_rt, NULL, "standard",
			      json_pack("{s:{s:s, s:{s:s}}, s:s, s:s, s:s}", "metadata", "name",
					"standard", "annotations",
					"storageclass.kubernetes.io/is-default-class", "true",
					"provisioner", "argolab.dev/sim", "reclaimPolicy", "Delete",
					"volumeBindingMode", "WaitForFirstConsumer"),
			      NULL, &w, NULL, NULL);
	sim_store_unlock(&s->store);
}

/* CRDs restored from state are served again */
static int restore_crd(void *ctx, const char *skey, const char *key,
		       const struct sim_obj *o)
{
	struct sim_server *s = ctx;

	(void)key;
	if (!strcmp(skey, "apiextensions.k8s.io/customresourcedefinitions"))
		sim_types_add_crd(&s->store.types, o->obj);
	return 0;
}

int sim_server_start(const struct sim_options *o, struct sim_server **out)
{
	struct sim_server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_in addr;
	const union MHD_DaemonInfo *info;
	int err = 0;

	*out = NULL;
	sim_certs_init(&s->certs);
	clock_scaled_init(&s->clock, o->speed > 0 ? o->speed : 1);
	sim_store_init(&s->store, 20000);
	if (o->faults && (err = sim_faults_parse(o->faults, &s->faults)) < 0)
		goto fail;
	if ((err = fs_mkdir_p(o->run_dir, 0700)) < 0)
		goto fail;
	if ((err = credentials(s, o->run_dir)) < 0)
		goto fail;
	if (o->state_dir) {
		if ((err = sim_persist_open(&s->store, o->state_dir)) < 0)
			goto fail;
		sim_store_foreach(&s->store, restore_crd, s);
	}
	s->api.store = &s->store;
	s->api.clock = &s->clock;
	s->api.ca_pem = s->certs.ca_pem.ptr;
	bootstrap(s);
	if (!o->no_simulation) {
		s->sim = sim_sim_new(&s->api, &s->clock);
		s->api.sim = s->sim;
		s->store.observer = sim_sim_observe;
		s->store.observer_ctx = s->sim;
	}
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)o->port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
					MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS |
					MHD_USE_ERROR_LOG,
				(uint16_t)o->port, NULL, NULL, on_request, s,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
				MHD_OPTION_HTTPS_MEM_KEY, s->certs.key_pem.ptr,
				MHD_OPTION_HTTPS_MEM_CERT, s->certs.cert_pem.ptr,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
				MHD_OPTION_CONNECTION_LIMIT, 1000,
				MHD_OPTION_CONNECTION_TIMEOUT, 3600,
				MHD_OPTION_END);
	if (!s->d) {
		err = err_set(ERR_IO, "cannot listen on 127.0.0.1:%d (in use?)", o->port);
		goto fail;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : o->port;
	if ((err = write_kubeconfig(s, o->run_dir)) < 0)
		goto fail;
	if (s->sim && (err = sim_sim_start(s->sim)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	sim_server_stop(s);
	return err;
}

int sim_server_port(const struct sim_server *s)
{
	return s->port;
}

void sim_server_stop(struct sim_server *s)
{
	if (!s)
		return;
	sim_store_lock(&s->store);
	s->store.closing = 1;
	pthread_cond_broadcast(&s->store.changed);
	sim_store_unlock(&s->store);
	if (s->d)
		MHD_stop_daemon(s->d);
	sim_sim_free(s->sim);
	s->store.observer = NULL;
	sim_persist_close(&s->store);
	sim_store_release(&s->store);
	sim_certs_release(&s->certs);
	sim_faults_free(s->faults);
	OPENSSL_cleanse(s->token, sizeof(s->token));
	free(s);
}
