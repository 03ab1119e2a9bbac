/*
 * status: argolab status [-o table|json] [--watch]
 *
 * The health of the four components and of every object in the
 * inventory, judged once from fresh lists (or continuously, --watch).
 * The JSON form is a versioned document (README.md, "argolab status -o
 * json"), for scripts and CI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../argo/quickstart.h"
#include "../base/err.h"
#include "../kube/apply.h"
#include "cluster.h"
#include "cmd.h"

static json_t *status_json(const struct cmd_cluster *cl, const struct argo_qs *qs,
			   const char *profile)
{
	json_t *doc, *comps = json_array(), *items = json_array();
	size_t i;

	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		const struct argo_component *c = &qs->comp[i];

		json_array_append_new(comps, json_pack("{s:s, s:b, s:s, s:s, s:i}", "name", c->name,
						      "present", c->present,
						      "state", c->present ? kube_health_state_name(c->state) : "absent",
						      "reason", c->present ? c->reason.ptr : "",
						      "restarts", c->restarts));
	}
	for (i = 0; i < qs->n; i++) {
		const struct kube_item *it = &qs->items[i];

		json_array_append_new(items, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s}",
						      "apiVersion", it->api_version, "kind", it->kind,
						      "namespace", it->ns, "name", it->name,
						      "state", kube_health_state_name(qs->health[i].state),
						      "reason", qs->health[i].reason.ptr));
	}
	doc = json_pack("{s:s, s:s, s:s, s:s?, s:{s:s, s:s}, s:b, s:o, s:{s:i, s:i, s:o}}",
			"apiVersion", "argolab.dev/v1alpha1", "kind", "QuickStartStatus",
			"inventory", cl->inventory, "profile", profile,
			"cluster", "context", cl->cfg.context ? cl->cfg.context : "",
			"server", cl->cfg.server, "healthy", qs->all_ready,
			"components", comps,
			"objects", "total", (int)qs->n, "ready", (int)qs->nready, "items", items);
	return doc;
}

static void status_table(const struct argo_qs *qs)
{
	struct buf label = BUF_INIT;
	size_t i;

	printf("%-22s %-12s %s\n", "COMPONENT", "STATE", "DETAIL");
	for (i = 0; i < ARGO_COMPONENT_COUNT; i++) {
		const struct argo_component *c = &qs->comp[i];

		if (!c->present)
			continue;
		printf("%-22s %-12s %s\n", c->name, kube_health_state_name(c->state), c->reason.ptr);
	}
	printf("\n%zu of %zu objects ready\n", qs->nready, qs->n);
	for (i = 0; i < qs->n; i++) {
		if (qs->health[i].state == KUBE_HEALTH_READY)
			continue;
		kube_item_label(&qs->items[i], &label);
		printf("  %-40s %-12s %s\n", label.ptr,
		       kube_health_state_name(qs->health[i].state), qs->health[i].reason.ptr);
	}
	buf_release(&label);
}

struct watch_ctx {
	int json;
	const struct cmd_cluster *cl;
};

static void on_update(void *ctx, const struct argo_qs *qs)
{
	struct watch_ctx *w = ctx;

	if (w->json) {
		json_t *doc = status_json(w->cl, qs, NULL);
		char *text = json_dumps(doc, JSON_COMPACT);

		printf("%s\n", text);
		free(text);
		json_decref(doc);
	} else {
		printf("--- %.1f s\n", (double)qs->elapsed_ms / 1000);
		status_table(qs);
	}
	fflush(stdout);
}

int cmd_status(int argc, char **argv)
{
	static const char *const formats[] = { "table", "json", NULL };
	const char *output = "table", *timeout = NULL;
	int watch = 0;
	struct cluster_flags f;
	memset(&f, 0, sizeof(f));
	const struct opt_spec opts[] = {
		{ "output", 'o', OPT_CHOICE, &output, "FORMAT", "table (default) or json", formats },
		{ "watch", 'w', OPT_FLAG, &watch, NULL, "keep watching and print every change", NULL },
		{ "timeout", 0, OPT_STRING, &timeout, "DURATION", "with --watch: stop after this long (default: never)", NULL },
		CLUSTER_OPTS(f),
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = {
		"status", "",
		"say whether the quick-start is healthy, and why not",
		"Judges the four components (argo-server answers /api/v1/version\n"
		"through the service proxy; the workflow-controller holds its leader\n"
		"Lease and answers its liveness endpoint; postgres is ready; minio\n"
		"answers /minio/health/ready) and every object of the inventory (the\n"
		"rules of kubectl rollout status and kstatus).  Exit code 0 only when\n"
		"everything is healthy; 1 otherwise, with each blocking object\n"
		"explained on stderr.",
		opts,
		"  argolab status --sim\n"
		"  argolab status -o json | jq .healthy\n"
		"  argolab status --context kind-argolab --watch",
		0, 0,
	};
	struct cmd_cluster cl;
	struct kube_apply_result inv;
	struct argo_qs_opts qo;
	struct argo_qs qs;
	struct watch_ctx wc;
	struct buf tmp = BUF_INIT;
	char **args = NULL;
	size_t nargs;
	long timeout_ms = -1;
	int rc, err, found = 0, json = 0, waited = 0;

	memset(&cl, 0, sizeof(cl));
	memset(&inv, 0, sizeof(inv));
	rc = opt_parse_cmd(&spec, argc, argv, &args, &nargs);
	free(args);
	if (rc >= 0 || cmd_duration("status", "--timeout", timeout, &timeout_ms) < 0) {
		return rc >= 0 ? rc : EXIT_USAGE;
	}
	json = !strcmp(output, "json");
	rc = cmd_cluster_open("status", &f, NULL, &cl);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAILED;
	err = kube_inventory_items(cl.client, &cl.disc, cl.inventory, &inv, &found);
	if (err < 0) {
		cmd_error("status", err_last());
		goto out;
	}
	if (!found) {
		fprintf(stderr, "argolab status: nothing applied: no inventory '%s' on %s (bring it up with 'argolab up')\n",
			cl.inventory, cmd_cluster_name(&cl, &tmp));
		goto out;
	}
	memset(&qo, 0, sizeof(qo));
	qo.inventory = cl.inventory;
	qo.no_wait = !watch;
	qo.watch = watch;
	qo.timeout_ms = watch ? timeout_ms : 30000;
	wc.json = json;
	wc.cl = &cl;
	if (watch) {
		qo.on_update = on_update;
		qo.ctx = &wc;
	}
	err = argo_qs_wait(cl.client, &cl.disc, inv.items, inv.n, &qo, &qs);
	waited = 1;
	if (err < 0 && !(watch && err == ERR_TIMEOUT)) {
		cmd_error("status", err_last());
		goto out;
	}
	if (!watch) {
		if (json) {
			json_t *doc = status_json(&cl, &qs, NULL);
			char *text = json_dumps(doc, JSON_INDENT(2));

			printf("%s\n", text);
			free(text);
			json_decref(doc);
		} else {
			status_table(&qs);
		}
		if (!qs.all_ready && qs.explain.len)
			fprintf(stderr, "\nwhy:\n%s", qs.explain.ptr);
	}
	rc = qs.all_ready ? EXIT_OK : EXIT_FAILED;
out:
	if (waited)
		argo_qs_release(&qs);
	kube_apply_result_release(&inv);
	cmd_cluster_close(&cl);
	buf_release(&tmp);
	return rc;
}
