/*
 * diff: argolab diff [--profile NAME | DIR]
 *
 * What `argolab up` would change, as kubectl diff shows it: each object
 * as the cluster has it against what a server-side dry-run apply says
 * it would become (so defaults, merges and other managers' fields are
 * the server's, not a guess), as unified diffs of the YAML, plus what
 * the prune would delete.  managedFields are left out; Secret values are
 * masked.  Exit 0: no differences; 1: differences; 2: usage or an error
 * (kubectl diff's convention: above 1 is an error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../base/alloc.h"
#include "../base/diff.h"
#include "../base/err.h"
#include "../doc/yaml.h"
#include "../kube/apply.h"
#include "../render/render.h"
#include "cluster.h"
#include "cmd.h"

#define DIFF_ERROR 2

/* a Secret's values as kubectl diff shows them: masked, marked where they differ */
static void mask_secret(json_t *obj, const json_t *other, const char *mark)
{
	static const char *const fields[] = { "data", "stringData" };
	size_t i;

	if (!obj || strcmp(json_string_value(json_object_get(obj, "kind")) ?: "", "Secret"))
		return;
	for (i = 0; i < 2; i++) {
		json_t *m = json_object_get(obj, fields[i]);
		const json_t *om = json_object_get(other, fields[i]);
		const char *k;
		json_t *v;

		json_object_foreach(m, k, v) {
			int same = json_equal(v, json_object_get(om, k));

			json_object_set_new(m, k, json_string(same ? "***" : mark));
		}
	}
}

static json_t *normalized(const json_t *obj)
{
	json_t *c;

	if (!obj)
		return NULL;
	c = json_deep_copy(obj);
	json_object_del(json_object_get(c, "metadata"), "managedFields");
	return c;
}

static void yaml_of(const json_t *obj, struct buf *out)
{
	buf_reset(out);
	if (obj)
		doc_yaml_emit(out, obj);
}

/* the diff of one object; 1 when it differs */
static int diff_one(const struct kube_item *it, const json_t *live, const json_t *merged,
		    struct buf *out)
{
	json_t *a = normalized(live), *b = normalized(merged);
	struct buf ya = BUF_INIT, yb = BUF_INIT, la = BUF_INIT, lb = BUF_INIT, g = BUF_INIT;
	const char *slash = strchr(it->api_version, '/');
	int differs;

	mask_secret(a, merged, "*** (before)");
	mask_secret(b, live, "*** (after)");
	yaml_of(a, &ya);
	yaml_of(b, &yb);
	kube_api_version_group(&g, it->api_version);
	buf_addf(&la, "live/%s%s%s.%s.%s%s%s", g.ptr, g.len ? "." : "",
		 slash ? slash + 1 : it->api_version, it->kind, it->ns ? it->ns : "",
		 it->ns ? "." : "", it->name);
	buf_addf(&lb, "merged%s", la.ptr + 4);
	differs = diff_unified(ya.ptr, ya.len, yb.ptr, yb.len, la.ptr, lb.ptr, 3, out);
	json_decref(a);
	json_decref(b);
	buf_release(&ya);
	buf_release(&yb);
	buf_release(&la);
	buf_release(&lb);
	buf_release(&g);
	return differs;
}

/* GET every item's live object, in parallel; live[i] NULL when absent */
static int get_live(struct cmd_cluster *cl, struct kube_item *items, size_t n, json_t **live)
{
	struct kube_req *reqs = xcalloc(n ? n : 1, sizeof(*reqs));
	struct buf g = BUF_INIT, label = BUF_INIT;
	size_t i;
	int err = 0;

	for (i = 0; i < n; i++) {
		const struct kube_resource *r;

		kube_req_init(&reqs[i], "GET");
		live[i] = NULL;
		kube_api_version_group(&g, items[i].api_version);
		r = kube_discovery_find_gk(&cl->disc, g.ptr, items[i].kind);
		if (!r) {
			reqs[i].done = 1;
			reqs[i].status = 404;
			continue;
		}
		kube_resource_path(&reqs[i].path, r, items[i].ns, items[i].name);
		kube_client_submit(cl->client, &reqs[i]);
	}
	kube_client_run(cl->client, -1, NULL, NULL);
	for (i = 0; i < n; i++) {
		if (reqs[i].status == 200)
			live[i] = json_loadb(reqs[i].resp.ptr, reqs[i].resp.len, 0, NULL);
		else if (reqs[i].status != 404 && !err) {
			kube_item_label(&items[i], &label);
			err = kube_req_error(&reqs[i], label.ptr);
		}
		kube_req_release(&reqs[i]);
	}
	free(reqs);
	buf_release(&g);
	buf_release(&label);
	return err;
}

int cmd_diff(int argc, char **argv)
{
	const char *profile = NULL, *file = NULL;
	int force = 0;
	struct cluster_flags f;
	memset(&f, 0, sizeof(f));
	const struct opt_spec opts[] = {
		{ "profile", 'p', OPT_STRING, &profile, "NAME", "the profile: profiles/NAME (default " DEFAULT_PROFILE ")", NULL },
		{ "filename", 'f', OPT_STRING, &file, "FILE", "the objects of a YAML or JSON file (- for stdin) instead of a profile", NULL },
		CLUSTER_OPTS(f),
		{ "force-conflicts", 0, OPT_FLAG, &force, NULL, "show the result of up --force-conflicts", NULL },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = {
		"diff", "[DIR]",
		"show what argolab up would change, as a unified diff",
		"Renders the profile, asks the API server for a server-side dry run\n"
		"of every apply (nothing is changed), and prints, for each object\n"
		"that would change, the unified diff of its live YAML and the result;\n"
		"objects the prune would delete show as removed.  managedFields are\n"
		"left out and Secret values masked.  Exit code 0 when there are no\n"
		"differences, 1 when there are, 2 on a usage error or a failure, as\n"
		"kubectl diff.",
		opts,
		"  argolab diff --sim\n"
		"  argolab diff --profile v3.7 --context kind-argolab\n"
		"  argolab render --profile kind | argolab diff -f - --context kind-argolab",
		0, 1,
	};
	struct render_opts ropts = RENDER_OPTS_INIT;
	struct render_result rr;
	struct cmd_cluster cl;
	struct kube_apply_opts ao;
	struct kube_apply_result res;
	struct buf dir = BUF_INIT, out = BUF_INIT;
	json_t *objects = NULL, **live = NULL, **plive = NULL;
	char **args = NULL;
	size_t nargs, i, changed = 0;
	int rc, err, rendered = 0;

	memset(&cl, 0, sizeof(cl));
	memset(&res, 0, sizeof(res));
	if ((rc = opt_parse_cmd(&spec, argc, argv, &args, &nargs)) >= 0)
		goto out;
	if (file) {
		rc = DIFF_ERROR;
		if (profile || nargs) {
			fprintf(stderr, "argolab diff: give -f FILE, DIR or --profile, one of them\n");
			goto out;
		}
		if (cmd_load_objects("diff", file, &objects) != EXIT_OK)
			goto out;
	} else {
		if ((rc = cmd_profile_dir("diff", profile, nargs ? args[0] : NULL, &dir)) != EXIT_OK) {
			if (rc == EXIT_USAGE)
				opt_print_usage(&spec);
			goto out;
		}
		rc = DIFF_ERROR;
		if (cmd_fetch_ensure("diff", NULL, !nargs) != EXIT_OK)
			goto out;
		err = render_build(dir.ptr, &ropts, &rr);
		if (err < 0) {
			cmd_error("diff", err_last());
			goto out;
		}
		rendered = 1;
		objects = json_array();
		for (i = 0; i < rr.objects.n; i++)
			json_array_append(objects, rr.objects.v[i]->obj);
	}
	if (cmd_cluster_open("diff", &f, NULL, &cl) != EXIT_OK)
		goto out;
	memset(&ao, 0, sizeof(ao));
	ao.inventory = cl.inventory;
	ao.dry_run = 1;
	ao.force_conflicts = force;
	err = kube_apply(cl.client, &cl.disc, objects, &ao, &res);
	if (err < 0) {
		cmd_error("diff", err_last());
		goto out;
	}
	live = xcalloc(res.n ? res.n : 1, sizeof(*live));
	plive = xcalloc(res.npruned ? res.npruned : 1, sizeof(*plive));
	if (get_live(&cl, res.items, res.n, live) < 0 ||
	    get_live(&cl, res.pruned, res.npruned, plive) < 0) {
		cmd_error("diff", err_last());
		goto out;
	}
	for (i = 0; i < res.n; i++)
		changed += diff_one(&res.items[i], live[i], res.items[i].result, &out);
	for (i = 0; i < res.npruned; i++)
		if (plive[i])
			changed += diff_one(&res.pruned[i], plive[i], NULL, &out);
	if (cmd_write_stdout("diff", out.ptr, out.len) != EXIT_OK)
		goto out;
	fprintf(stderr, "argolab diff: %zu of %zu objects would change%s\n", changed,
		res.n + res.npruned, changed ? "" : ": the cluster is as the profile says");
	rc = changed ? 1 : EXIT_OK;
out:
	for (i = 0; live && i < res.n; i++)
		json_decref(live[i]);
	for (i = 0; plive && i < res.npruned; i++)
		json_decref(plive[i]);
	free(live);
	free(plive);
	free(args);
	kube_apply_result_release(&res);
	json_decref(objects);
	if (rendered)
		render_result_release(&rr);
	cmd_cluster_close(&cl);
	buf_release(&dir);
	buf_release(&out);
	return rc;
}
