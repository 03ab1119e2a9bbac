/*
 * up: argolab up [--profile NAME | DIR] [--sim | --context CTX] [--timeout D] [--no-wait]
 *
 * From nothing to a healthy quick-start: lay out the pins (argolab
 * fetch, a no-op when they are in place), render the profile, apply it
 * server-side in dependency order with the inventory and prune
 * (kube/apply.h), then watch until every object and the four components
 * are healthy (argo/quickstart.h), explaining whatever is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../argo/quickstart.h"
#include "../base/clock.h"
#include "../base/err.h"
#include "../kube/apply.h"
#include "../render/render.h"
#include "cluster.h"
#include "cmd.h"
#include "show.h"

static double secs_since(uint64_t t0)
{
	return (double)(clock_mono_ns() - t0) / 1e9;
}

/* where to open the UI, from the rendered argo-server Service */
static void ui_hint(const struct cmd_cluster *cl, const json_t *objects)
{
	const json_t *o, *svc = NULL, *p;
	const char *ns = "argo", *type;
	size_t i;
	long node_port = 0;

	json_array_foreach(objects, i, o) {
		const json_t *md = json_object_get(o, "metadata");

		if (!strcmp(json_string_value(json_object_get(o, "kind")) ?: "", "Service") &&
		    !strcmp(json_string_value(json_object_get(md, "name")) ?: "", "argo-server")) {
			svc = o;
			ns = json_string_value(json_object_get(md, "namespace")) ?: "argo";
		}
	}
	if (!svc)
		return;
	type = json_string_value(json_object_get(json_object_get(svc, "spec"), "type")) ?: "ClusterIP";
	json_array_foreach(json_object_get(json_object_get(svc, "spec"), "ports"), i, p)
		if (json_integer_value(json_object_get(p, "nodePort")))
			node_port = (long)json_integer_value(json_object_get(p, "nodePort"));
	if (cl->kubeconfig.len) {
		printf("argo UI (through the simulated API server's service proxy, with the kubeconfig's token):\n"
		       "  %s/api/v1/namespaces/%s/services/https:argo-server:2746/proxy/\n",
		       cl->cfg.server, ns);
		return;
	}
	if (!strcmp(type, "NodePort") && node_port)
		printf("argo UI: https://localhost:%ld/ (NodePort %ld; on kind the cluster needs the extraPortMappings of profiles/kind/kind-config.yaml)\n",
		       node_port, node_port);
	else if (!strcmp(type, "LoadBalancer"))
		printf("argo UI: https://localhost:2746/ (LoadBalancer; Docker Desktop publishes it on localhost)\n");
	else
		printf("argo UI: run 'kubectl -n %s port-forward svc/argo-server 2746:2746', then open https://localhost:2746/\n",
		       ns);
}

int cmd_up(int argc, char **argv)
{
	const char *profile = NULL, *timeout = NULL, *speed = NULL, *faults = NULL,
		   *parallel = NULL, *file = NULL;
	int no_wait = 0, force = 0, quiet = 0;
	struct cluster_flags f;
	struct opt_list mirrors = { NULL, 0, 0 };
	memset(&f, 0, sizeof(f));
	const struct opt_spec opts[] = {
		{ "profile", 'p', OPT_STRING, &profile, "NAME", "the profile to bring up: profiles/NAME (default " DEFAULT_PROFILE ")", NULL },
		{ "filename", 'f', OPT_STRING, &file, "FILE", "apply the objects of a YAML or JSON file (- for stdin) instead of rendering a profile", NULL },
		CLUSTER_OPTS(f),
		{ "timeout", 0, OPT_STRING, &timeout, "DURATION", "how long to wait for health (default 5m)", NULL },
		{ "no-wait", 0, OPT_FLAG, &no_wait, NULL, "apply and stop: do not wait for health", NULL },
		{ "force-conflicts", 0, OPT_FLAG, &force, NULL, "take over fields another field manager owns", NULL },
		{ "mirror", 0, OPT_LIST, &mirrors, "FROM=TO|DIR", "fetch the pins through a mirror (as argolab fetch --mirror; also ARGOLAB_MIRROR)", NULL },
		{ "sim-speed", 0, OPT_STRING, &speed, "X", "with --sim: the speed of a simulator started here (default 10)", NULL },
		{ "sim-faults", 0, OPT_STRING, &faults, "SPEC", "with --sim: the fault injection of a simulator started here (see argolab sim start --help)", NULL },
		{ "parallel", 0, OPT_STRING, &parallel, "N", "requests in flight at once (default 8)", NULL },
		{ "quiet", 'q', OPT_FLAG, &quiet, NULL, "print only the summary and errors", NULL },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = {
		"up", "[DIR]",
		"bring the quick-start up on a cluster and wait until it is healthy",
		"Lays out the pinned manifests (as argolab fetch; nothing is fetched\n"
		"when they are in place), renders the profile (or the kustomization\n"
		"in DIR), applies it server-side as field manager 'argolab' in\n"
		"dependency order (namespaces, CRDs until Established, service\n"
		"accounts, RBAC, configuration, services, workloads, custom\n"
		"resources), prunes what an earlier up applied and this one no longer\n"
		"renders, and waits, watching, until every object and the four\n"
		"components (argo-server, workflow-controller, postgres, minio) are\n"
		"healthy.  What is not ready when the time is up is explained: its\n"
		"conditions, its pods' container states and restarts, its events.\n"
		"With --sim the embedded simulated cluster is used, and started when\n"
		"none runs.  Exit code 0 when healthy (or applied, with --no-wait).",
		opts,
		"  argolab up --sim\n"
		"  argolab up --profile kind --context kind-argolab\n"
		"  argolab up --sim --profile v3.7 --timeout 2m\n"
		"  argolab render --profile kind | argolab up -f - --context kind-argolab\n"
		"  ARGOLAB_MIRROR=../shared/upstream argolab up --sim",
		0, 1,
	};
	struct cluster_start st;
	struct render_opts ropts = RENDER_OPTS_INIT;
	struct render_result rr;
	struct cmd_cluster cl;
	struct kube_apply_opts ao;
	struct kube_apply_result res;
	struct argo_qs_opts qo;
	struct argo_qs qs;
	struct show sh;
	struct buf dir = BUF_INIT, tmp = BUF_INIT;
	json_t *objects = NULL;
	char **args = NULL;
	size_t nargs, i;
	long timeout_ms = 300000;
	double d, t_render = 0, t_apply = 0, t_wait = 0;
	uint64_t t0 = clock_mono_ns(), t;
	int rc, err, rendered = 0, waited = 0;

	memset(&cl, 0, sizeof(cl));
	memset(&res, 0, sizeof(res));
	memset(&qs, 0, sizeof(qs));
	memset(&st, 0, sizeof(st));
	show_init(&sh, "up", 0);
	if ((rc = opt_parse_cmd(&spec, argc, argv, &args, &nargs)) >= 0)
		goto out;
	rc = EXIT_USAGE;
	if (cmd_duration("up", "--timeout", timeout, &timeout_ms) < 0)
		goto out;
	st.start_sim = 1;
	st.sim_speed = 10;
	st.sim_faults = faults;
	if (speed && opt_number("up", "--sim-speed", speed, 0.01, 100000, 0, &st.sim_speed) < 0)
		goto out;
	if (parallel) {
		if (opt_number("up", "--parallel", parallel, 1, 256, 1, &d) < 0)
			goto out;
		st.parallel = (int)d;
	}
	if ((speed || faults) && !f.sim) {
		fprintf(stderr, "argolab up: --sim-speed and --sim-faults go with --sim\n");
		goto out;
	}
	sh.quiet = quiet;
	if (file) {
		if (profile || nargs) {
			fprintf(stderr, "argolab up: give -f FILE, DIR or --profile, one of them\n");
			goto out;
		}
		t = clock_mono_ns();
		if ((rc = cmd_load_objects("up", file, &objects)) != EXIT_OK)
			goto out;
		t_render = secs_since(t);
		buf_adds(&dir, file);
		show_line(&sh, "%s: %zu objects read in %.2f s", file, json_array_size(objects),
			  t_render);
	} else {
		rc = cmd_profile_dir("up", profile, nargs ? args[0] : NULL, &dir);
		if (rc == EXIT_USAGE)
			opt_print_usage(&spec);
		if (rc != EXIT_OK)
			goto out;
		/* fetch, render */
		rc = cmd_fetch_ensure("up", &mirrors, !nargs);
		if (rc != EXIT_OK)
			goto out;
		rc = EXIT_FAILED;
		t = clock_mono_ns();
		err = render_build(dir.ptr, &ropts, &rr);
		if (err < 0) {
			cmd_error("up", err_last());
			goto out;
		}
		rendered = 1;
		objects = json_array();
		for (i = 0; i < rr.objects.n; i++)
			json_array_append(objects, rr.objects.v[i]->obj);
		t_render = secs_since(t);
		show_line(&sh, "%s: %zu objects rendered in %.2f s", dir.ptr,
			  json_array_size(objects), t_render);
	}
	rc = EXIT_FAILED;

	/* the cluster */
	rc = cmd_cluster_open("up", &f, &st, &cl);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAILED;
	if (cl.sim_started)
		show_line(&sh, "started the simulated cluster at %s (speed %gx; stop it with 'argolab sim stop')",
			  cl.cfg.server, st.sim_speed);
	show_line(&sh, "applying to %s as inventory '%s'", cmd_cluster_name(&cl, &tmp), cl.inventory);

	/* apply */
	memset(&ao, 0, sizeof(ao));
	ao.inventory = cl.inventory;
	ao.profile = file || nargs ? dir.ptr : (profile ? profile : DEFAULT_PROFILE);
	ao.force_conflicts = force;
	ao.on_item = show_item;
	ao.on_stage = show_stage;
	ao.ctx = &sh;
	t = clock_mono_ns();
	err = kube_apply(cl.client, &cl.disc, objects, &ao, &res);
	t_apply = secs_since(t);
	if (err < 0) {
		cmd_error("up", err_last());
		show_counts(&sh, &res);
		goto out;
	}

	/* wait */
	if (!no_wait) {
		memset(&qo, 0, sizeof(qo));
		qo.inventory = cl.inventory;
		qo.timeout_ms = timeout_ms;
		qo.on_update = show_health;
		qo.ctx = &sh;
		show_line(&sh, "waiting for the quick-start to be healthy (timeout %ld s)", timeout_ms / 1000);
		t = clock_mono_ns();
		err = argo_qs_wait(cl.client, &cl.disc, res.items, res.n, &qo, &qs);
		t_wait = secs_since(t);
		waited = 1;
		show_health_end(&sh);
		if (err < 0) {
			cmd_error("up", err_last());
			fputs(qs.explain.ptr, stderr);
			show_counts(&sh, &res);
			goto out;
		}
		show_healthy(&sh, &qs);
	}
	show_counts(&sh, &res);
	printf("time: %s %.2f s, apply %.2f s (", file ? "read" : "render", t_render, t_apply);
	for (i = 0, d = 0; i < KUBE_STAGE_COUNT; i++) {
		if (!res.stage_ms[i])
			continue;
		printf("%s%s %.2f", d ? ", " : "", kube_stage_name((enum kube_stage)i),
		       (double)res.stage_ms[i] / 1000);
		d = 1;
	}
	if (res.prune_ms)
		printf(", prune %.2f", (double)res.prune_ms / 1000);
	printf(")");
	if (waited)
		printf(", wait %.2f s", t_wait);
	printf(", total %.2f s\n", secs_since(t0));
	ui_hint(&cl, objects);
	rc = EXIT_OK;
out:
	free(args);
	opt_list_release(&mirrors);
	if (waited)
		argo_qs_release(&qs);
	/* the connections first: their TLS shutdown is quick before the
	 * trees are freed, slow after (malloc consolidates the freed heap) */
	cmd_cluster_close(&cl);
	kube_apply_result_release(&res);
	json_decref(objects);
	if (rendered)
		render_result_release(&rr);
	show_release(&sh);
	buf_release(&dir);
	buf_release(&tmp);
	return rc;
}
