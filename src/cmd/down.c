/*
 * down: argolab down [--timeout D] [--dry-run]
 *
 * Deletes exactly what the inventory says argolab applied, in reverse
 * dependency order, then its record, and waits (watching) until every
 * object is gone; what is stuck is explained (finalizers, a namespace
 * in Terminating).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/err.h"
#include "../kube/apply.h"
#include "cluster.h"
#include "cmd.h"
#include "show.h"

int cmd_down(int argc, char **argv)
{
	const char *timeout = NULL;
	int dry_run = 0, quiet = 0;
	struct cluster_flags f;
	memset(&f, 0, sizeof(f));
	const struct opt_spec opts[] = {
		CLUSTER_OPTS(f),
		{ "timeout", 0, OPT_STRING, &timeout, "DURATION", "how long to wait until everything is gone (default 2m)", NULL },
		{ "dry-run", 0, OPT_FLAG, &dry_run, NULL, "say what would be deleted; delete nothing", NULL },
		{ "quiet", 'q', OPT_FLAG, &quiet, NULL, "print only the summary and errors", NULL },
		{ NULL, 0, OPT_FLAG, NULL, NULL, NULL, NULL },
	};
	const struct cmd_spec spec = {
		"down", "",
		"delete what argolab up applied, and wait until it is gone",
		"Reads the inventory record (what 'argolab up' applied to this\n"
		"cluster), deletes those objects in reverse dependency order\n"
		"(custom resources and workloads first, namespaces and CRDs last),\n"
		"then the record, and waits until every object is gone.  Nothing\n"
		"else is touched.  An object still there when the time is up is\n"
		"explained: the finalizers it waits for, a namespace's Terminating\n"
		"conditions.",
		opts,
		"  argolab down --sim\n"
		"  argolab down --context kind-argolab --timeout 5m\n"
		"  argolab down --dry-run",
		0, 0,
	};
	struct cmd_cluster cl;
	struct kube_apply_opts ao;
	struct kube_apply_result res;
	struct show sh;
	struct buf tmp = BUF_INIT;
	char **args = NULL;
	size_t nargs;
	long timeout_ms = 120000;
	uint64_t t0 = clock_mono_ns();
	int rc, err, found = 0;

	memset(&cl, 0, sizeof(cl));
	memset(&res, 0, sizeof(res));
	show_init(&sh, "down", 0);
	rc = opt_parse_cmd(&spec, argc, argv, &args, &nargs);
	free(args);
	if (rc >= 0 || cmd_duration("down", "--timeout", timeout, &timeout_ms) < 0) {
		show_release(&sh);
		return rc >= 0 ? rc : EXIT_USAGE;
	}
	sh.quiet = quiet;
	rc = cmd_cluster_open("down", &f, NULL, &cl);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAILED;
	memset(&ao, 0, sizeof(ao));
	ao.inventory = cl.inventory;
	ao.dry_run = dry_run;
	ao.on_item = show_item;
	ao.ctx = &sh;
	show_line(&sh, "deleting inventory '%s' from %s%s", cl.inventory,
		  cmd_cluster_name(&cl, &tmp), dry_run ? " (dry run)" : "");
	err = kube_delete(cl.client, &cl.disc, cl.inventory, timeout_ms, &ao, &res, &found);
	if (err < 0) {
		cmd_error("down", err_last());
		goto out;
	}
	if (!found) {
		printf("nothing to delete: no inventory '%s' on %s\n", cl.inventory,
		       cmd_cluster_name(&cl, &tmp));
		rc = EXIT_OK;
		goto out;
	}
	printf("%s %zu objects in %.2f s\n", dry_run ? "would delete" : "deleted", res.n,
	       (double)(clock_mono_ns() - t0) / 1e9);
	rc = EXIT_OK;
out:
	kube_apply_result_release(&res);
	cmd_cluster_close(&cl);
	show_release(&sh);
	buf_release(&tmp);
	return rc;
}
