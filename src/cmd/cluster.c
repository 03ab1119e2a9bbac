/*
 * cluster: see cluster.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/clock.h"
#include "../base/err.h"
#include "../base/fs.h"
#include "../base/log.h"
#include "../doc/yaml.h"
#include "cluster.h"
#include "cmd.h"

int cmd_cluster_open(const char *cmd, const struct cluster_flags *f,
		     const struct cluster_start *st, struct cmd_cluster *out)
{
	struct kube_config_opts ko;
	struct kube_client_opts co;
	int rc, err;

	memset(out, 0, sizeof(*out));
	buf_init(&out->kubeconfig, 0);
	kube_discovery_init(&out->disc);
	out->inventory = f->inventory ? f->inventory : DEFAULT_INVENTORY;
	if (f->verbose)
		log_set_level(f->verbose > 1 ? LOG_DEBUG : LOG_INFO);
	memset(&ko, 0, sizeof(ko));
	if (f->sim) {
		if (f->kubeconfig || f->context) {
			fprintf(stderr, "argolab %s: --sim uses the simulator's own kubeconfig; drop --kubeconfig and --context\n",
				cmd);
			return EXIT_USAGE;
		}
		/* status, diff and down look for one; only up starts one (speed > 0) */
		rc = cmd_sim_ensure(cmd, f->sim_dir, st && st->start_sim ? st->sim_speed : -1,
				    st ? st->sim_faults : NULL, &out->kubeconfig,
				    &out->sim_started);
		if (rc != EXIT_OK)
			return rc;
		ko.kubeconfig = out->kubeconfig.ptr;
		ko.context = "argolab-sim";
	} else {
		ko.kubeconfig = f->kubeconfig;
		ko.context = f->context;
	}
	ko.namespace = f->namespace;
	err = kube_config_load(&ko, &out->cfg);
	if (err < 0) {
		cmd_error(cmd, err_last());
		if (!f->sim && err == ERR_NOTFOUND && !f->kubeconfig)
			fprintf(stderr, "hint: to use the embedded simulated cluster instead, add --sim\n");
		return EXIT_FAILED;
	}
	if (out->cfg.insecure)
		fprintf(stderr, "argolab %s: warning: TLS verification is off for cluster '%s' (insecure-skip-tls-verify in %s)\n",
			cmd, out->cfg.cluster_name ? out->cfg.cluster_name : "", out->cfg.source ? out->cfg.source : "the kubeconfig");
	memset(&co, 0, sizeof(co));
	if (st)
		co.parallel = st->parallel;
	err = kube_client_new(&out->cfg, &co, &out->client);
	if (!err)
		err = kube_discovery_load(&out->disc, out->client);
	if (err < 0) {
		cmd_error(cmd, err_last());
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

void cmd_cluster_close(struct cmd_cluster *c)
{
	kube_discovery_release(&c->disc);
	kube_client_free(c->client);
	kube_config_release(&c->cfg);
	buf_release(&c->kubeconfig);
	c->client = NULL;
}

const char *cmd_cluster_name(const struct cmd_cluster *c, struct buf *tmp)
{
	buf_reset(tmp);
	if (c->kubeconfig.len)
		buf_addf(tmp, "the simulated cluster (%s)", c->cfg.server);
	else
		buf_addf(tmp, "context '%s' (%s)", c->cfg.context ? c->cfg.context : "", c->cfg.server);
	return tmp->ptr;
}

int cmd_profile_dir(const char *cmd, const char *profile, const char *dir,
		    struct buf *out)
{
	buf_reset(out);
	if (profile && dir) {
		fprintf(stderr, "argolab %s: give either DIR or --profile, not both\n", cmd);
		return EXIT_USAGE;
	}
	if (dir) {
		/* the renderer says what is wrong with it, with the file */
		buf_adds(out, dir);
		return EXIT_OK;
	}
	if (!profile)
		profile = DEFAULT_PROFILE;
	if (!*profile || strchr(profile, '/') || !strcmp(profile, ".") ||
	    !strcmp(profile, "..")) {
		fprintf(stderr, "argolab %s: invalid profile name '%s'\n", cmd, profile);
		return EXIT_USAGE;
	}
	buf_addf(out, "profiles/%s", profile);
	if (!fs_is_dir(out->ptr)) {
		fprintf(stderr,
			"argolab %s: error: unknown profile '%s' (no directory %s; run 'ls profiles' to see the profiles)\n",
			cmd, profile, out->ptr);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

int cmd_duration(const char *cmd, const char *name, const char *s, long *out)
{
	long long ms;

	if (!s)
		return 0;
	ms = clock_parse_duration_ms(s);
	if (ms < 0 || ms > 86400000LL) {
		fprintf(stderr, "argolab %s: %s must be a duration such as 90s, 5m or 250ms (got '%s')\n",
			cmd, name, s);
		return -1;
	}
	*out = (long)ms;
	return 0;
}

void cmd_term_init(struct cmd_term *t, int fd)
{
	const char *term = getenv("TERM");

	t->tty = isatty(fd) && term && strcmp(term, "dumb");
	t->color = t->tty && !getenv("NO_COLOR");
}

const char *cmd_term_paint(const struct cmd_term *t, const char *code, const char *s,
			   struct buf *tmp)
{
	if (!t->color)
		return s;
	buf_reset(tmp);
	buf_addf(tmp, "\033[%sm%s\033[0m", code, s);
	return tmp->ptr;
}

int cmd_load_objects(const char *cmd, const char *file, json_t **out)
{
	struct doc_load_opts lo = DOC_LOAD_OPTS_INIT;
	struct doc_pieces ps;
	struct buf text = BUF_INIT;
	json_t *doc, *item;
	size_t i, j;
	int err;

	*out = NULL;
	err = fs_read_file(strcmp(file, "-") ? file : "/dev/stdin", (size_t)1 << 30, &text);
	if (!err) {
		lo.name = file;
		/* cut at the "---" lines and read in parallel, as kubectl -f cuts */
		err = doc_yaml_load_pieces(text.ptr, text.len, &lo, &ps);
	}
	buf_release(&text);
	if (err < 0) {
		cmd_error(cmd, err_last());
		return EXIT_FAILED;
	}
	*out = json_array();
	for (i = 0; i < ps.n; i++) {
		const char *kind;

		doc = ps.v[i].doc;
		if (!doc || json_is_null(doc))
			continue;
		kind = json_string_value(json_object_get(doc, "kind"));
		if (kind && !strcmp(kind, "List"))
			json_array_foreach(json_object_get(doc, "items"), j, item)
				json_array_append(*out, item);
		else
			json_array_append(*out, doc);
	}
	doc_pieces_release(&ps);
	return EXIT_OK;
}
