/*
 * proxy: the API server's proxy to Services and Pods, and pod logs.
 *
 * /api/v1/namespaces/NS/services/[SCHEME:]NAME[:PORT]/proxy/PATH goes
 * where a real API server would send it: the Service's port (by name
 * or number; the only port when none is given), then a ready endpoint
 * of it, then that pod's target port; pods/[SCHEME:]NAME[:PORT]/proxy/
 * goes to the pod directly.  No ready endpoint is a 503 "no endpoints
 * available for service", as upstream.  Since nothing really listens,
 * the simulated program in the pod answers (components.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/err.h"
#include "internal.h"
#include "simint.h"

/* "[scheme:]name[:port]" */
static void split_target(const char *t, char *scheme, size_t sn, char *name,
			 size_t nn, char *port, size_t pn)
{
	const char *a = strchr(t, ':'), *b;

	scheme[0] = port[0] = '\0';
	if (a && (!strncmp(t, "http:", 5) || !strncmp(t, "https:", 6))) {
		snprintf(scheme, sn, "%.*s", (int)(a - t), t);
		t = a + 1;
	}
	b = strchr(t, ':');
	if (b) {
		snprintf(name, nn, "%.*s", (int)(b - t), t);
		snprintf(port, pn, "%s", b + 1);
	} else {
		snprintf(name, nn, "%s", t);
	}
}

static void rest_path(struct buf *out, char **rest, size_t n)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < n; i++)
		buf_addf(out, "/%s", rest[i]);
	if (!out->len)
		buf_addc(out, '/');
}

void sim_proxy(struct sim_api *a, const struct sim_request *req,
	       struct sim_response *resp, const struct sim_rtype *rt,
	       const char *ns, const char *target, char **rest, size_t nrest)
{
	char scheme[8], name[256], port[64];
	struct buf path = BUF_INIT;
	const struct sim_obj *pod = NULL;
	long num = -1;

	split_target(target, scheme, sizeof(scheme), name, sizeof(name), port, sizeof(port));
	rest_path(&path, rest, nrest);
	if (!a->sim) {
		sim_status(resp, 503, "ServiceUnavailable", NULL,
			   "error trying to reach service: the simulation is off (--no-simulation)");
		goto done;
	}
	if (!strcmp(rt->kind, "Service")) {
		const struct sim_obj *svc = sim_store_get(a->store, "core/services", ns, name);
		const struct sim_obj *ep = sim_store_get(a->store, "core/endpoints", ns, name);
		const json_t *ports, *p = NULL, *sub, *addr;
		size_t i;

		if (!svc) {
			sim_not_found(resp, rt, name);
			goto done;
		}
		ports = sim_get(svc->obj, "spec.ports");
		json_array_foreach(ports, i, addr) {
			char num_text[24];

			snprintf(num_text, sizeof(num_text), "%lld", (long long)sim_int(addr, "port", -1));
			if (!port[0] ? json_array_size(ports) == 1
				     : (!strcmp(sim_str(addr, "name") ?: "", port) ||
					!strcmp(num_text, port)))
				p = addr;
		}
		if (!p) {
			sim_status(resp, 503, "ServiceUnavailable", NULL,
				   port[0] ? "no service port %s found for service \"%s\""
					   : "no service port %s found for service \"%s\" (it has several: name one)",
				   port, name);
			goto done;
		}
		/* the first ready address */
		json_array_foreach(sim_get(ep ? ep->obj : NULL, "subsets"), i, sub) {
			const json_t *addrs = json_object_get(sub, "addresses");

			if (json_array_size(addrs)) {
				addr = json_array_get(addrs, 0);
				pod = sim_store_get(a->store, "core/pods", ns,
						    sim_str(addr, "targetRef.name") ?: "");
				break;
			}
		}
		if (!pod) {
			sim_status(resp, 503, "ServiceUnavailable", NULL,
				   "no endpoints available for service \"%s\"", name);
			goto done;
		}
		{
			const json_t *tp = json_object_get(p, "targetPort");
			const json_t *cs = sim_get(pod->obj, "spec.containers"), *c, *cp;
			size_t j, k;

			if (json_is_integer(tp))
				num = (long)json_integer_value(tp);
			else if (json_is_string(tp)) {
				json_array_foreach(cs, j, c)
					json_array_foreach(json_object_get(c, "ports"), k, cp)
						if (!strcmp(sim_str(cp, "name") ?: "", json_string_value(tp)))
							num = (long)sim_int(cp, "containerPort", -1);
			} else {
				num = (long)sim_int(p, "port", -1);
			}
		}
	} else if (!strcmp(rt->kind, "Pod")) {
		pod = sim_store_get(a->store, "core/pods", ns, name);
		if (!pod) {
			sim_not_found(resp, rt, name);
			goto done;
		}
		if (port[0]) {
			char *end;

			num = strtol(port, &end, 10);
			if (*end) {
				const json_t *cs = sim_get(pod->obj, "spec.containers"), *c, *cp;
				size_t j, k;

				num = -1;
				json_array_foreach(cs, j, c)
					json_array_foreach(json_object_get(c, "ports"), k, cp)
						if (!strcmp(sim_str(cp, "name") ?: "", port))
							num = (long)sim_int(cp, "containerPort", -1);
			}
		} else {
			num = (long)sim_int(json_array_get(json_object_get(json_array_get(sim_get(pod->obj, "spec.containers"), 0), "ports"), 0),
					    "containerPort", 80);
		}
	} else {
		sim_status(resp, 503, "ServiceUnavailable", NULL,
			   "error trying to reach service: nodes do not serve a proxy in the simulation");
		goto done;
	}
	if (num <= 0) {
		sim_status(resp, 503, "ServiceUnavailable", NULL,
			   "error trying to reach service: no such port");
		goto done;
	}
	if (strcmp(sim_pod_phase(pod->obj), "Running")) {
		sim_status(resp, 400, "BadRequest", NULL,
			   "pod %s is not running (phase %s)", name, sim_pod_phase(pod->obj));
		goto done;
	}
	sim_component_http(a->sim, pod->obj, (int)num, scheme[0] ? scheme : "http", req,
			   path.ptr, resp);
done:
	buf_release(&path);
}

void sim_pod_log(struct sim_api *a, const struct sim_request *req,
		 struct sim_response *resp, const char *ns, const char *name)
{
	const struct sim_obj *pod = sim_store_get(a->store, "core/pods", ns, name);
	const char *container = sim_q(req, "container");
	const char *tail = sim_q(req, "tailLines");
	struct buf out = BUF_INIT;
	const struct sim_rtype *rt = sim_types_find(&a->store->types, "", "v1", "pods");

	if (!pod) {
		sim_not_found(resp, rt, name);
		return;
	}
	if (!container && json_array_size(sim_get(pod->obj, "spec.containers")) > 1) {
		struct buf names = BUF_INIT;
		const json_t *c;
		size_t i;

		json_array_foreach(sim_get(pod->obj, "spec.containers"), i, c)
			buf_addf(&names, "%s%s", i ? " " : "", sim_str(c, "name") ?: "");
		sim_status(resp, 400, "BadRequest", NULL,
			   "a container name must be specified for pod %s, choose one of: [%s]",
			   name, names.ptr);
		buf_release(&names);
		return;
	}
	if (!a->sim || sim_pod_log_get(a->sim, pod->obj, container,
				       sim_q_true(req, "previous"), &out) < 0) {
		sim_status(resp, 400, "BadRequest", NULL, "%s",
			   a->sim ? err_last() : "no logs: the simulation is off");
		buf_release(&out);
		return;
	}
	if (tail && *tail) {
		long want = strtol(tail, NULL, 10);
		size_t i = out.len, lines = 0;

		while (i > 0 && want >= 0) {
			if (out.ptr[i - 1] == '\n' && i != out.len && ++lines > (size_t)want)
				break;
			i--;
		}
		if (i > 0) {
			memmove(out.ptr, out.ptr + i, out.len - i);
			buf_setlen(&out, out.len - i);
		}
	}
	sim_response_text(resp, 200, "text/plain", out.ptr, out.len);
	buf_release(&out);
}
