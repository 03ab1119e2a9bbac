/*
 * test_sim_api: the simulated API server's request handling, without
 * HTTP (what kubectl cannot easily show).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/base/clock.h"
#include "../../src/sim/api.h"

struct hdrs {
	const char *ctype;
	const char *manager;
};

static const char *query(void *ctx, const char *key)
{
	struct hdrs *h = ctx;

	return !strcmp(key, "fieldManager") ? h->manager : NULL;
}

static const char *header(void *ctx, const char *key)
{
	struct hdrs *h = ctx;

	return !strcmp(key, "Content-Type") ? h->ctype : NULL;
}

static int call(struct sim_api *a, const char *method, const char *path,
		const char *ctype, const char *manager, const char *body, json_t **out)
{
	struct hdrs h = { ctype, manager };
	struct sim_request req;
	struct sim_response resp;
	int status;

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = path;
	req.query = query;
	req.header = header;
	req.ctx = &h;
	req.body = body;
	req.body_len = body ? strlen(body) : 0;
	sim_response_init(&resp);
	sim_api_handle(a, &req, &resp);
	status = resp.status;
	if (out)
		*out = json_loadb(resp.body.ptr, resp.body.len, 0, NULL);
	sim_response_release(&resp);
	return status;
}

Test(api, update_managers_are_capped_at_ten_plus_ancient_changes)
{
	struct sim_store s;
	struct sim_api a;
	struct clock_scaled clk;
	json_t *o = NULL, *mf, *e;
	size_t i, updates = 0;
	int ancient = 0, k;
	char body[256], mgr[32];

	sim_store_init(&s, 1000);
	clock_scaled_init(&clk, 1);
	memset(&a, 0, sizeof(a));
	a.store = &s;
	a.clock = &clk;
	cr_assert_eq(call(&a, "POST", "/api/v1/namespaces", "application/json", "setup",
			  "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"n\"}}", NULL), 201);
	cr_assert_eq(call(&a, "POST", "/api/v1/namespaces/n/configmaps", "application/json", "m0",
			  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}", NULL), 201);
	for (k = 1; k <= 15; k++) {
		snprintf(mgr, sizeof(mgr), "m%d", k);
		snprintf(body, sizeof(body), "{\"data\":{\"k%d\":\"v\"}}", k);
		cr_assert_eq(call(&a, "PATCH", "/api/v1/namespaces/n/configmaps/c",
				  "application/merge-patch+json", mgr, body, NULL), 200);
	}
	cr_assert_eq(call(&a, "GET", "/api/v1/namespaces/n/configmaps/c", NULL, NULL, NULL, &o), 200);
	mf = json_object_get(json_object_get(o, "metadata"), "managedFields");
	json_array_foreach(mf, i, e) {
		if (!strcmp(json_string_value(json_object_get(e, "operation")), "Update"))
			updates++;
		if (!strcmp(json_string_value(json_object_get(e, "manager")), "ancient-changes"))
			ancient = 1;
	}
	cr_assert_eq(updates, 10, "got %zu Update entries", updates);
	cr_assert(ancient);
	/* the newest managers keep their own entries */
	{
		char *text = json_dumps(mf, 0);

		cr_assert(strstr(text, "\"m15\"") != NULL);
		free(text);
	}
	json_decref(o);
	sim_store_release(&s);
}
