/*
 * components: what the quick-start's programs do in the simulation
 * (../shared/docs/reference/argo-facts.md sections a.4-a.6 and b).
 *
 * A container is recognised by its image.  argo-server and the
 * workflow-controller need their database when persistence is
 * configured (the workflow-controller-configmap's persistence names a
 * postgresql or mysql host): started before that host's Service has a
 * ready endpoint, they exit 1 after a moment, as v4.1.2's "Failed to
 * init db" does, and crash-loop under the kubelet's back-off until it
 * is up.  Readiness follows each container's readiness probe delay.
 * The workflow-controller (v3 and later) holds its leader Lease.
 * Through the API server's proxy, each answers what the real one
 * answers on its ports: argo-server / and /api/v1/{version,info,userinfo}
 * (HTTPS from v3.2, HTTP before, and a plain-HTTP request to its HTTPS
 * port gets Go's 400), the controller :6060/healthz and :9090/metrics,
 * minio's health paths, httpbin's /get.
 *
 * Pods of anything else run what their command says when it says
 * `sleep N` or `exit N`; annotations sim.argolab.dev/exit-after,
 * sim.argolab.dev/exit-code and sim.argolab.dev/ready-after (a duration,
 * or "never") override.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "../doc/yaml.h"
#include "simint.h"

/* the newest Argo version modelled; what :latest images stand for */
#define NEWEST "v4.1.2"
#define CRASH_AFTER_MS 2500
#define LEASE_RENEW_MS 10000

enum component sim_component_of(const char *image)
{
	char low[512];
	size_t i;
	const char *slash;

	for (i = 0; image[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)image[i]);
	low[i] = '\0';
	slash = strrchr(low, '/');
	slash = slash ? slash + 1 : low;
	if (strstr(slash, "argocli"))
		return COMP_ARGO_SERVER;
	if (strstr(slash, "workflow-controller"))
		return COMP_CONTROLLER;
	if (strstr(slash, "postgres"))
		return COMP_POSTGRES;
	if (strstr(slash, "minio"))
		return COMP_MINIO;
	if (strstr(slash, "httpbin"))
		return COMP_HTTPBIN;
	if (strstr(slash, "mysql"))
		return COMP_MYSQL;
	if (strstr(slash, "dex"))
		return COMP_DEX;
	return COMP_NONE;
}

void sim_component_version(const char *image, struct buf *out)
{
	const char *at = strchr(image, '@');
	const char *end = at ? at : image + strlen(image);
	const char *colon = NULL, *p;

	buf_reset(out);
	for (p = image; p < end; p++)
		if (*p == ':')
			colon = p;
	if (colon && strchr(colon, '/'))
		colon = NULL; /* a registry port, not a tag */
	if (!colon || ((size_t)(end - colon - 1) == 6 && !strncmp(colon + 1, "latest", 6))) {
		buf_adds(out, NEWEST);
		return;
	}
	buf_add(out, colon + 1, (size_t)(end - colon - 1));
}

/* v3.2.0 and later, as numbers: major*10000 + minor*100 + patch */
static int version_number(const char *v)
{
	long a = 0, b = 0, c = 0;
	char *end;

	if (*v == 'v')
		v++;
	a = strtol(v, &end, 10);
	if (*end == '.')
		b = strtol(end + 1, &end, 10);
	if (*end == '.')
		c = strtol(end + 1, &end, 10);
	return (int)(a * 10000 + b * 100 + c);
}

static int image_version(const char *image)
{
	struct buf v = BUF_INIT;
	int n;

	sim_component_version(image, &v);
	n = version_number(v.ptr);
	buf_release(&v);
	return n;
}

static int atoi_safe(const char *s)
{
	long v = s ? strtol(s, NULL, 10) : 0;

	return v < 0 || v > 255 ? 1 : (int)v;
}

/* ------------------------------------------------------------------ */
/* the database dependency                                             */

/* the host the configured persistence talks to ("postgres"), or NULL */
static void db_host(struct sim_sim *s, const char *ns, struct buf *out,
		    const char **kind)
{
	const struct sim_obj *cm = sim_store_get(s->st, "core/configmaps", ns,
						 "workflow-controller-configmap");
	const char *text, *p;

	buf_reset(out);
	*kind = NULL;
	if (!cm)
		return;
	text = sim_str(cm->obj, "data.persistence");
	if (!text) {
		/* from v3.7 the DB-backed synchronization needs it as well */
		text = sim_str(cm->obj, "data.synchronization");
	}
	if (!text)
		return;
	if ((p = strstr(text, "postgresql:")))
		*kind = "postgresql";
	else if ((p = strstr(text, "mysql:")))
		*kind = "mysql";
	else
		return;
	p = strstr(p, "host:");
	if (!p) {
		buf_adds(out, "localhost");
		return;
	}
	p += 5;
	while (*p == ' ' || *p == '"' || *p == '\'')
		p++;
	while (*p && !isspace((unsigned char)*p) && *p != '"' && *p != '\'')
		buf_addc(out, *p++);
}

static int endpoints_ready(struct sim_sim *s, const char *ns, const char *svc)
{
	const struct sim_obj *ep = sim_store_get(s->st, "core/endpoints", ns, svc);
	const json_t *subsets = ep ? sim_get(ep->obj, "subsets") : NULL, *sub;
	size_t i;

	json_array_foreach(subsets, i, sub)
		if (json_array_size(json_object_get(sub, "addresses")))
			return 1;
	return 0;
}

static void log_line(struct buf *log, const char *level, const char *msg)
{
	char now[21];

	sim_now(now);
	buf_addf(log, "time=\"%s\" level=%s msg=\"%s\"\n", now, level, msg);
}

void sim_component_start(struct sim_sim *s, enum component comp,
			 const json_t *pod, const json_t *container,
			 int64_t *exit_after, int *code, int64_t *ready_after,
			 struct buf *log)
{
	const char *ns = sim_str(pod, "metadata.namespace");
	const json_t *probe = json_object_get(container, "readinessProbe");
	const json_t *ann = sim_get(pod, "metadata.annotations");
	const char *after, *exit_code, *ready;
	const char *image = sim_str(container, "image") ?: "";
	struct buf host = BUF_INIT, v = BUF_INIT, msg = BUF_INIT;
	const char *dbkind;
	long long d;

	*exit_after = -1;
	*code = 0;
	*ready_after = probe ? sim_int(probe, "initialDelaySeconds", 0) * 1000 : 0;
	sim_component_version(image, &v);
	switch (comp) {
	case COMP_ARGO_SERVER:
	case COMP_CONTROLLER:
		db_host(s, ns, &host, &dbkind);
		if (dbkind && !endpoints_ready(s, ns, host.ptr)) {
			*exit_after = CRASH_AFTER_MS;
			*code = 1;
			buf_addf(&msg, "dial tcp: lookup %s: %s:5432: connect: connection refused",
				 host.ptr, host.ptr);
			log_line(log, "info", comp == COMP_CONTROLLER ? "starting Workflow Controller"
								     : "starting Argo Server");
			buf_reset(&msg);
			buf_addf(&msg, "Failed to init db: dial tcp %s:%s: connect: connection refused",
				 host.ptr, !strcmp(dbkind, "mysql") ? "3306" : "5432");
			log_line(log, "fatal", msg.ptr);
			*ready_after = -1;
		} else if (comp == COMP_CONTROLLER) {
			buf_addf(&msg, "workflow-controller %s (simulated by argolab)", v.ptr);
			log_line(log, "info", msg.ptr);
			log_line(log, "info", "Starting Workflow Controller");
			if (dbkind)
				log_line(log, "info", "Persistence configured; database ready");
			log_line(log, "info", "Started leading");
		} else {
			buf_addf(&msg, "argo-server %s (simulated by argolab)", v.ptr);
			log_line(log, "info", msg.ptr);
			log_line(log, "info", image_version(image) >= 30200
						      ? "Argo Server started successfully on https://localhost:2746"
						      : "Argo Server started successfully on http://localhost:2746");
		}
		break;
	case COMP_POSTGRES:
		buf_adds(log, "LOG:  database system is ready to accept connections\n");
		break;
	case COMP_MINIO:
		buf_adds(log, "MinIO Object Storage Server (simulated by argolab)\nAPI: http://0.0.0.0:9000\nConsole: http://0.0.0.0:9001\n");
		break;
	case COMP_HTTPBIN:
		buf_adds(log, "go-httpbin listening on http://0.0.0.0:80\n");
		break;
	default: {
		/* what the command says, for `sleep N` and `exit N` */
		const json_t *cmd = json_object_get(container, "command");
		const json_t *args = json_object_get(container, "args"), *e;
		struct buf all = BUF_INIT;
		const char *p;
		size_t i;
		const char *rp = sim_str(pod, "spec.restartPolicy") ?: "Always";

		json_array_foreach(cmd, i, e)
			buf_addf(&all, "%s ", json_string_value(e) ?: "");
		json_array_foreach(args, i, e)
			buf_addf(&all, "%s ", json_string_value(e) ?: "");
		if ((p = strstr(all.ptr, "sleep "))) {
			char word[32];
			size_t n = 0;

			p += 6;
			while (*p && !isspace((unsigned char)*p) && *p != ';' && n + 1 < sizeof(word))
				word[n++] = *p++;
			word[n] = '\0';
			if (!strcmp(word, "infinity"))
				*exit_after = -1;
			else if ((d = clock_parse_duration_ms(word)) >= 0)
				*exit_after = d;
		} else if (strcmp(rp, "Always")) {
			*exit_after = 1000;
		}
		if ((p = strstr(all.ptr, "exit "))) {
			*code = atoi_safe(p + 5);
			if (*exit_after < 0)
				*exit_after = 500;
		}
		buf_release(&all);
		break;
	}
	}
	/* the annotations a test or experiment sets win */
	/* (keys with dots and a slash: looked up whole, not as a path) */
	after = json_string_value(json_object_get(ann, "sim.argolab.dev/exit-after"));
	exit_code = json_string_value(json_object_get(ann, "sim.argolab.dev/exit-code"));
	ready = json_string_value(json_object_get(ann, "sim.argolab.dev/ready-after"));
	if ((d = clock_parse_duration_ms(after)) >= 0)
		*exit_after = d;
	if (exit_code)
		*code = atoi_safe(exit_code);
	if ((d = clock_parse_duration_ms(ready)) >= 0)
		*ready_after = d;
	else if (ready && !strcmp(ready, "never"))
		*ready_after = -1; /* a readiness probe that never passes */
	buf_release(&host);
	buf_release(&v);
	buf_release(&msg);
}

/* ------------------------------------------------------------------ */
/* the leader Lease                                                    */

void sim_component_tick(struct sim_sim *s, enum component comp,
			const json_t *pod, int healthy)
{
	const char *ns = sim_str(pod, "metadata.namespace");
	const char *pname = sim_str(pod, "metadata.name");
	const struct sim_rtype *rt = sim_rt(s, "coordination.k8s.io/leases");
	const struct sim_obj *cur;
	const json_t *c = json_array_get(sim_get(pod, "spec.containers"), 0);
	char now[28];
	int64_t t = sim_now_ms(s);

	if (comp != COMP_CONTROLLER || !healthy || !rt || !ns || sim_is_terminating(pod))
		return;
	if (image_version(sim_str(c, "image") ?: "") < 30000)
		return; /* leader election came with v3 */
	clock_rfc3339_micro(clock_wall_ms() * 1000, now);
	cur = sim_store_get(s->st, rt->storage_key, ns, "workflow-controller");
	if (!cur) {
		sim_create(s, rt,
			   json_pack("{s:{s:s, s:s}, s:{s:s, s:i, s:s, s:s, s:i}}", "metadata",
				     "name", "workflow-controller", "namespace", ns, "spec",
				     "holderIdentity", pname, "leaseDurationSeconds", 15,
				     "acquireTime", now, "renewTime", now, "leaseTransitions", 0),
			   NULL);
	} else {
		const char *holder = sim_str(cur->obj, "spec.holderIdentity") ?: "";
		long long renewed = clock_parse_rfc3339(sim_str(cur->obj, "spec.renewTime"));
		long long wall = clock_wall_ms() / 1000;
		int mine = !strcmp(holder, pname);
		/* another holder's lease counts until it expires (wall time, 15 s scaled) */
		double expire = 15.0 / s->clock->speed;

		if (mine || renewed < 0 || (double)(wall - renewed) > expire + 1) {
			json_t *l = json_deep_copy(cur->obj);
			json_t *spec = sim_obj_path(l, "spec");

			if (!mine) {
				json_object_set_new(spec, "holderIdentity", json_string(pname));
				json_object_set_new(spec, "acquireTime", json_string(now));
				json_object_set_new(spec, "leaseTransitions",
						    json_integer(sim_int(cur->obj, "spec.leaseTransitions", 0) + 1));
			}
			json_object_set_new(spec, "renewTime", json_string(now));
			sim_update(s, rt, l);
		}
	}
	sim_timer_at(s, t + LEASE_RENEW_MS, "core/pods", ns, pname);
}

/* ------------------------------------------------------------------ */
/* HTTP through the proxy                                              */

static void text(struct sim_response *resp, int code, const char *ct, const char *body)
{
	sim_response_text(resp, code, ct, body, strlen(body));
}

static int secure_scheme_ok(struct sim_response *resp, int secure, const char *scheme)
{
	if (secure && strcmp(scheme, "https")) {
		text(resp, 400, "text/plain; charset=utf-8",
		     "Client sent an HTTP request to an HTTPS server.\n");
		return 0;
	}
	if (!secure && !strcmp(scheme, "https")) {
		sim_status(resp, 503, "ServiceUnavailable", NULL,
			   "error trying to reach service: tls: first record does not look like a TLS handshake");
		return 0;
	}
	return 1;
}

static int args_have(const json_t *c, const char *word)
{
	const json_t *args = json_object_get(c, "args"), *a;
	size_t i;

	json_array_foreach(args, i, a)
		if (json_is_string(a) && !strcmp(json_string_value(a), word))
			return 1;
	return 0;
}

static json_t *links_of(struct sim_sim *s, const char *ns)
{
	const struct sim_obj *cm = sim_store_get(s->st, "core/configmaps", ns,
						 "workflow-controller-configmap");
	const char *y = cm ? sim_str(cm->obj, "data.links") : NULL;
	struct doc_load_opts o = DOC_LOAD_OPTS_INIT;
	json_t *docs = NULL, *links;

	if (!y || doc_yaml_load(y, strlen(y), &o, &docs) < 0) {
		err_clear();
		return json_array();
	}
	links = json_incref(json_array_get(docs, 0));
	json_decref(docs);
	if (!json_is_array(links)) {
		json_decref(links);
		return json_array();
	}
	return links;
}

static void argo_server(struct sim_sim *s, const json_t *pod, const json_t *c,
			const char *scheme, const char *path, struct sim_response *resp)
{
	const char *image = sim_str(c, "image") ?: "";
	int ver = image_version(image);
	int secure = ver >= 30200 && !args_have(c, "--secure=false");
	struct buf v = BUF_INIT;
	const char *ns = sim_str(pod, "metadata.namespace");

	if (!secure_scheme_ok(resp, secure, scheme))
		return;
	sim_component_version(image, &v);
	if (!strcmp(path, "/api/v1/version")) {
		sim_json(resp, 200,
			 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "version", v.ptr,
				   "buildDate", "2026-08-21T00:00:00Z", "gitCommit",
				   "0000000000000000000000000000000000000000", "gitTag", v.ptr,
				   "gitTreeState", "clean", "goVersion", "go1.24 (simulated by argolab)",
				   "compiler", "gc", "platform", "linux/amd64"));
	} else if (!strcmp(path, "/api/v1/info")) {
		int namespaced = args_have(c, "--namespaced");

		sim_json(resp, 200,
			 json_pack("{s:s, s:o, s:{}, s:s, s:[]}", "managedNamespace",
				   namespaced ? ns : "", "links", links_of(s, ns), "modals",
				   "navColor", "", "columns"));
	} else if (!strcmp(path, "/api/v1/userinfo")) {
		struct buf sub = BUF_INIT;

		buf_addf(&sub, "system:serviceaccount:%s:%s", ns,
			 sim_str(pod, "spec.serviceAccountName") ?: "argo-server");
		sim_json(resp, 200, json_pack("{s:s, s:s}", "issuer", "", "subject", sub.ptr));
		buf_release(&sub);
	} else if (!strncmp(path, "/api/", 5)) {
		sim_json(resp, 404, json_pack("{s:i, s:s}", "code", 5, "message", "Not Found"));
	} else {
		text(resp, 200, "text/html; charset=utf-8",
		     "<!doctype html><html lang=\"en\"><head><meta charset=\"UTF-8\">"
		     "<title>Argo</title></head><body><div id=\"app\"></div>"
		     "<!-- Argo Workflows UI, simulated by argolab --></body></html>\n");
	}
	buf_release(&v);
}

static void metrics(struct sim_sim *s, struct sim_response *resp)
{
	static const char *const phases[] = { "Pending", "Running", "Succeeded",
					      "Failed", "Error", NULL };
	const struct sim_obj **objs;
	size_t n, i, k;
	struct buf b = BUF_INIT;

	sim_store_list(s->st, "argoproj.io/workflows", NULL, &objs, &n);
	buf_adds(&b, "# HELP argo_workflows_gauge Number of workflows currently accessible by the controller by status (refreshed every 15s)\n"
		     "# TYPE argo_workflows_gauge gauge\n");
	for (k = 0; phases[k]; k++) {
		size_t count = 0;

		for (i = 0; i < n; i++) {
			const char *ph = sim_str(objs[i]->obj, "status.phase") ?: "Pending";

			if (!strcmp(ph, phases[k]))
				count++;
		}
		buf_addf(&b, "argo_workflows_gauge{phase=\"%s\"} %zu\n", phases[k], count);
	}
	free(objs);
	buf_adds(&b, "# HELP argo_workflows_is_leader Emits 1 if leader, 0 otherwise. Always 1 if leader election is disabled\n"
		     "# TYPE argo_workflows_is_leader gauge\nargo_workflows_is_leader 1\n"
		     "# HELP argo_workflows_error_count Number of errors encountered by the controller by cause\n"
		     "# TYPE argo_workflows_error_count counter\n"
		     "argo_workflows_error_count{cause=\"OperationPanic\"} 0\n"
		     "argo_workflows_error_count{cause=\"CronWorkflowSubmissionError\"} 0\n"
		     "argo_workflows_error_count{cause=\"CronWorkflowSpecError\"} 0\n"
		     "# HELP argo_workflows_queue_depth_gauge A gauge of the current depth of the queues\n"
		     "# TYPE argo_workflows_queue_depth_gauge gauge\n"
		     "argo_workflows_queue_depth_gauge{queue_name=\"workflow_queue\"} 0\n"
		     "argo_workflows_queue_depth_gauge{queue_name=\"pod_cleanup_queue\"} 0\n"
		     "# HELP argo_workflows_pods_gauge Number of Pods from Workflows currently accessible by the controller by status\n"
		     "# TYPE argo_workflows_pods_gauge gauge\n"
		     "argo_workflows_pods_gauge{phase=\"Pending\"} 0\n"
		     "argo_workflows_pods_gauge{phase=\"Running\"} 0\n");
	sim_response_text(resp, 200, "text/plain; version=0.0.4; charset=utf-8", b.ptr, b.len);
	buf_release(&b);
}

/* the container of pod serving port (declared or, failing that, the first) */
static const json_t *container_for_port(const json_t *pod, int port, int *declared)
{
	const json_t *cs = sim_get(pod, "spec.containers"), *c, *p;
	size_t i, j;

	*declared = 0;
	json_array_foreach(cs, i, c)
		json_array_foreach(json_object_get(c, "ports"), j, p)
			if (sim_int(p, "containerPort", -1) == port) {
				*declared = 1;
				return c;
			}
	return json_array_get(cs, 0);
}

static int container_running(const json_t *pod, const char *name)
{
	const json_t *st = sim_get(pod, "status.containerStatuses"), *c;
	size_t i;

	json_array_foreach(st, i, c)
		if (!strcmp(sim_str(c, "name") ?: "", name))
			return json_object_get(json_object_get(c, "state"), "running") != NULL;
	return 0;
}

void sim_component_http(struct sim_sim *s, const json_t *pod, int port,
			const char *scheme, const struct sim_request *req,
			const char *path, struct sim_response *resp)
{
	int declared;
	const json_t *c = container_for_port(pod, port, &declared);
	enum component comp = sim_component_of(sim_str(c, "image") ?: "");
	const char *ip = sim_str(pod, "status.podIP") ?: "10.244.0.1";

	(void)req;
	if (!c || !container_running(pod, sim_str(c, "name") ?: "") ||
	    (comp == COMP_NONE && !declared)) {
		sim_status(resp, 503, "ServiceUnavailable", NULL,
			   "error trying to reach service: dial tcp %s:%d: connect: connection refused",
			   ip, port);
		return;
	}
	switch (comp) {
	case COMP_ARGO_SERVER:
		if (port == 2746) {
			argo_server(s, pod, c, scheme, path, resp);
			return;
		}
		break;
	case COMP_CONTROLLER:
		if (port == 6060) {
			if (!secure_scheme_ok(resp, 0, scheme))
				return;
			if (!strcmp(path, "/healthz"))
				text(resp, 200, "text/plain; charset=utf-8", "ok");
			else
				text(resp, 404, "text/plain; charset=utf-8", "404 page not found\n");
			return;
		}
		if (port == 9090) {
			const char *image = sim_str(c, "image") ?: "";

			if (!secure_scheme_ok(resp, image_version(image) >= 30600, scheme))
				return;
			if (!strcmp(path, "/metrics"))
				metrics(s, resp);
			else
				text(resp, 404, "text/plain; charset=utf-8", "404 page not found\n");
			return;
		}
		break;
	case COMP_MINIO:
		if (!secure_scheme_ok(resp, 0, scheme))
			return;
		if (port == 9000 && (!strcmp(path, "/minio/health/live") ||
				     !strcmp(path, "/minio/health/ready"))) {
			text(resp, 200, "text/plain", "");
			return;
		}
		if (port == 9001) {
			text(resp, 200, "text/html; charset=utf-8",
			     "<!doctype html><html><head><title>MinIO Console</title></head><body></body></html>\n");
			return;
		}
		text(resp, 403, "application/xml",
		     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied.</Message></Error>");
		return;
	case COMP_HTTPBIN:
		if (!secure_scheme_ok(resp, 0, scheme))
			return;
		if (!strcmp(path, "/get")) {
			sim_json(resp, 200, json_pack("{s:{}, s:{}, s:s, s:s}", "args", "headers",
						      "origin", SIM_NODE_IP, "url", "http://httpbin/get"));
			return;
		}
		text(resp, 404, "text/plain; charset=utf-8", "404 page not found\n");
		return;
	case COMP_POSTGRES:
	case COMP_MYSQL:
		sim_status(resp, 503, "ServiceUnavailable", NULL,
			   "error trying to reach service: net/http: HTTP/1.x transport connection broken: malformed HTTP response");
		return;
	default:
		break;
	}
	if (!secure_scheme_ok(resp, 0, scheme))
		return;
	text(resp, 404, "text/plain; charset=utf-8", "404 page not found\n");
}
